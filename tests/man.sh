#!/bin/bash
# man.sh — the manual pages the build made (doc/dais.1, doc/dais-settings.5):
# clean under `mandoc -Tlint` and `groff -ww`, rendered by `man -l`, every
# setting of cgi/settings.def in dais-settings(5), every command in
# dais(1) with the very text `dais help COMMAND` prints, every environment
# variable the code reads in ENVIRONMENT; `dais help NOSUCH` refused;
# `make install-man` installs both. Starts no server.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v mandoc >/dev/null || { echo "man: needs mandoc (apt-get install mandoc)"; exit 77; }
page1=$top_builddir/doc/dais.1
page5=$top_builddir/doc/dais-settings.5
check "dais.1 is built" [ -s "$page1" ]
check "dais-settings.5 is built" [ -s "$page5" ]

# mandoc -Tlint, every level down to style; the one message allowed is
# that the two pages, not installed yet, cannot find each other.
lint() {
	mandoc -Tlint "$@" 2>&1 |
	    grep -v -E 'STYLE: referenced manual not found: Xr (dais 1|dais-settings 5)( \([0-9]+ times\))?$'
}
eq "mandoc -Tlint: dais.1 is clean" "$(lint "$page1")" ""
eq "mandoc -Tlint: dais-settings.5 is clean" "$(lint "$page5")" ""
# The lint can fail: a page with a sentence in the middle of a line and an
# unclosed list.
{ cat "$page1"; printf '.Sh BUGS\n.Bl -tag -width Ds\nOne.  Two.\n'; } > "$T_DIR/bad.1"
out=$(lint "$T_DIR/bad.1")
has "mandoc -Tlint reports a sentence mid-line" "$out" "new sentence, new line"
has "mandoc -Tlint reports an unclosed list" "$out" "Bl"
if command -v groff >/dev/null; then
	eq "groff -ww: dais.1 is clean" "$(groff -ww -z -mandoc "$page1" 2>&1)" ""
	eq "groff -ww: dais-settings.5 is clean" "$(groff -ww -z -mandoc "$page5" 2>&1)" ""
fi

# man -l renders both.
out=$(MANWIDTH=80 man -l "$page1" 2>&1 </dev/null); eq "man -l dais.1 exits 0" $? 0
has "man -l dais.1: the title" "$out" "DAIS(1)"
has "man -l dais.1: the synopsis" "$out" "dais [--db path] [--templates dir] command"
has "man -l dais.1: a command" "$out" "export-fragments DIR"
has "man -l dais.1: the templates' folder filled in" "$out" "/share/dais/templates"
hasnt "man -l dais.1: no placeholder left" "$out" "@COMMANDS@"
hasnt "man -l dais.1: no folder placeholder left" "$out" "@TEMPLATEDIR@"
out=$(MANWIDTH=80 man -l "$page5" 2>&1 </dev/null); eq "man -l dais-settings.5 exits 0" $? 0
has "man -l dais-settings.5: the title" "$out" "DAIS-SETTINGS(5)"
has "man -l dais-settings.5: a setting" "$out" "db_synchronous"
hasnt "man -l dais-settings.5: no placeholder left" "$out" "@SETTINGS@"

# A page as plain text on one line: mandoc's rendering without bold or
# underline, every run of blanks one space.
text() { mandoc -Tascii -O width=300 "$1" | sed 's/.\x08//g'; }
norm() { tr '\n\t' '  ' | tr -s ' ' | sed 's/^ //; s/ $//'; }
section() { sed -n "/^$1\$/,/^[A-Z][A-Z ]*\$/p" | sed '1d;$d'; }

# Every setting of settings.def is an item of dais-settings(5), with its
# default, in the order of the table.
keys=$(sed -n 's/^SETTING(\([a-z_0-9]*\),.*/\1/p' "$top_srcdir/cgi/settings.def")
check "settings.def lists settings" [ "$(printf '%s\n' $keys | wc -l)" -ge 20 ]
items=$(sed -n 's/^\.It Cm \([a-z_0-9]*\) .*/\1/p' "$page5")
eq "dais-settings.5 has one item per setting, in order" "$(printf '%s ' $items)" "$(printf '%s ' $keys)"
settings5=$(text "$page5" | section SETTINGS | norm)
for k in $keys; do
	has "dais-settings.5 documents $k" "$settings5" "$k ("
done
has "a default is shown" "$settings5" 'db_synchronous (default "full")'
has "an empty default is shown" "$settings5" "base_url (empty by default)"
internal=$(sed -n 's/^INTERNAL(\([a-z_0-9]*\)).*/\1/p' "$top_srcdir/cgi/settings.def")
check "settings.def has internal keys" [ -n "$internal" ]
for k in $internal; do
	hasnt "dais-settings.5 leaves out the internal $k" "$settings5" "$k"
done

# Every command of the table: its names from `dais help`.
names=$("$DAIS" help | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' | uniq)
check "dais help lists the commands" [ "$(printf '%s\n' $names | wc -l)" -ge 13 ]
commands1=$(text "$page1" | section COMMANDS)
all=
for n in $names; do
	out=$("$DAIS" help "$n" 2>&1); eq "dais help $n exits 0" $? 0
	has "dais help $n starts with its usage" "$out" "usage: dais $n"
	# The manual shows the usage's forms (without "dais") as the item's
	# head, or, when the text describes the forms one by one, the name
	# there and each form in the text; then the text (for config without
	# the list of settings that follows).
	usage=$(printf '%s\n' "$out" | sed '/^$/,$d' | sed -e 's/^usage: dais //' -e 's/^       dais //')
	body=$(printf '%s\n' "$out" | sed '1,/^$/d' | sed '/^settings (dais config set KEY VALUE):$/,$d')
	if grep -qx "\.It Cm $n" "$page1"; then head=$n; else head=$usage; fi
	h=$(printf '%s\n%s\n' "$head" "$body" | norm)
	has "dais.1 has the text of dais help $n" "$(printf '%s' "$commands1" | norm)" "$h"
	check "dais.1 has an item for $n" grep -q "^\.It Cm $n\b" "$page1"
	while IFS= read -r u; do
		has "dais.1 shows the form dais $u" "$(printf '%s' "$commands1" | norm)" "$(printf '%s' "$u" | norm)"
	done <<<"$usage"
	all="$all $h"
done
eq "dais.1's COMMANDS is exactly every dais help COMMAND, in order" \
    "$(printf '%s' "$commands1" | norm)" "$(printf '%s' "$all" | norm)"
out=$("$DAIS" help config)
has "dais help config describes the settings too" "$out" "db_synchronous (default \"full\")"

eq "dais serve --help is dais help serve" "$("$DAIS" serve --help)" "$("$DAIS" help serve)"
eq "dais config --help is dais help config" "$("$DAIS" config --help)" "$("$DAIS" help config)"
out=$("$DAIS" help NOSUCH 2>&1); eq "dais help NOSUCH exits 2" $? 2
has "dais help NOSUCH says so" "$out" "there is no command NOSUCH"
"$DAIS" help serve extra >/dev/null 2>&1; eq "dais help with two commands exits 2" $? 2
"$DAIS" help --mdoc nosuch >/dev/null 2>&1; eq "dais help --mdoc nosuch exits 2" $? 2

# The global options and every environment variable the code reads.
env1=$(text "$page1" | section ENVIRONMENT | norm)
vars=$(grep -oh 'getenv("[A-Z_]*")' "$top_srcdir"/cgi/*.c | sed 's/getenv("\(.*\)")/\1/' | sort -u)
check "the code reads DAIS_DB" grep -qx DAIS_DB <<<"$vars"
for v in $vars; do
	has "dais.1 ENVIRONMENT documents $v" "$env1" "$v"
done
synopsis=$(text "$page1" | section DESCRIPTION | norm)
for o in --db --templates --help --version; do
	has "dais.1 documents the global option $o" "$synopsis" "$o"
done
for s in "EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do
	check "dais.1 has $s" grep -qx "\.Sh $s" "$page1"
done

# make install-man installs both pages (under DESTDIR).
if [ -f "$top_builddir/Makefile" ]; then
	MAKEFLAGS= make -s -C "$top_builddir" install-man DESTDIR="$T_DIR/inst" >"$T_DIR/install.log" 2>&1
	eq "make install-man exits 0" $? 0
	check "dais.1 installed in man1" [ -n "$(find "$T_DIR/inst" -path '*/man1/dais.1')" ]
	check "dais-settings.5 installed in man5" [ -n "$(find "$T_DIR/inst" -path '*/man5/dais-settings.5')" ]
fi
t_finish
