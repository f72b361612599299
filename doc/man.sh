#!/bin/sh
# man.sh — makes a manual page from its hand-written template: the line
# @COMMANDS@ becomes `dais help --mdoc` (every command of cgi/cli.c's
# table), @SETTINGS@ `dais help --mdoc config` (every setting of
# cgi/settings.def), and @TEMPLATEDIR@ the templates' folder.
# Usage: man.sh DAIS TEMPLATE TEMPLATEDIR > PAGE
set -eu
dais=$1 template=$2 templatedir=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$dais" help --mdoc > "$tmp/commands"
"$dais" help --mdoc config > "$tmp/settings"
# The generated lines go in as they are (no sed replacement runs on them).
sed -e "s|@TEMPLATEDIR@|$templatedir|g" \
	-e "/^@COMMANDS@\$/{r $tmp/commands" -e 'd;}' \
	-e "/^@SETTINGS@\$/{r $tmp/settings" -e 'd;}' "$template"
