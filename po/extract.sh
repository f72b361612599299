#!/bin/sh
# extract.sh — every translatable string of dais, as a .pot on stdout: the
# C sources through xgettext (_, N_, C_, NG_ of cgi/i18n.h), the templates
# through tmpl-extract.pl. Usage: extract.sh SRCDIR
set -eu
srcdir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$srcdir"
# Everything under cgi/ but the command line's own modules, which stay
# English (the CLI is for whoever runs the server).
# stfields.def holds the statement fields' labels and messages,
# settings.def the settings' help (the admin page shows it), statement.h
# the translation form's labels.
ls cgi/*.c | grep -v -e '^cgi/cli' -e '^cgi/main\.c$' > "$tmp/files"
printf '%s\n' cgi/stfields.def cgi/settings.def cgi/statement.h >> "$tmp/files"
xgettext --from-code=UTF-8 --language=C --add-location=file \
	--keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=NG_:1,2 \
	--add-comments=TRANSLATORS: --force-po --package-name=dais \
	--msgid-bugs-address='the dais issue tracker' \
	--files-from="$tmp/files" -o "$tmp/c.pot"
perl po/tmpl-extract.pl . $(ls templates/*.html) > "$tmp/t.pot"
# msgcat keeps c.pot's header (it comes first), drops the POT-Creation-Date
# churn below, and merges a string used in both places into one entry.
msgcat --use-first --add-location=file "$tmp/c.pot" "$tmp/t.pot" |
	sed -e '/^"POT-Creation-Date:/d'
