#!/bin/bash
# po.sh — the catalogs: po/check.sh passes on the sources (every string
# translated in every language, nothing fuzzy, msgfmt --check clean,
# po/dais.pot current), and fails on a copy of the sources that has a new
# string, a fuzzy entry or a broken placeholder. Starts no server.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

for tool in msgfmt msgcmp msgattrib xgettext perl; do
	command -v $tool >/dev/null || { echo "po: needs $tool (gettext)"; exit 77; }
done
out=$(sh "$top_srcdir/po/check.sh" "$top_srcdir" 2>&1)
eq "every catalog is complete and current" "$out" ""
for l in fr es ar; do
	check "po/$l.po exists" [ -f "$top_srcdir/po/$l.po" ]
	n=$(msgfmt --statistics -o /dev/null "$top_srcdir/po/$l.po" 2>&1)
	has "po/$l.po: statistics" "$n" "translated messages."
	hasnt "po/$l.po: nothing untranslated" "$n" "untranslated"
	hasnt "po/$l.po: nothing fuzzy" "$n" "fuzzy"
done
plural=$(grep -h '^"Plural-Forms:' "$top_srcdir/po/ar.po")
has "Arabic has six plural forms" "$plural" "nplurals=6"

# A copy of what check.sh reads, to break on purpose.
copy() {
	rm -rf "$T_DIR/src"
	mkdir -p "$T_DIR/src"
	cp -r "$top_srcdir/po" "$top_srcdir/cgi" "$top_srcdir/templates" "$T_DIR/src/"
}
copy
printf '<p>{{_ A sentence nobody translated}}</p>\n' >> "$T_DIR/src/templates/footer.html"
out=$(sh "$T_DIR/src/po/check.sh" "$T_DIR/src" 2>&1)
check "a new template string fails the check" [ -n "$out" ]
has "the new string is named" "$out" "A sentence nobody translated"
has "for each language" "$out" "po/ar.po"

copy
printf 'const char *x(void);\nconst char *x(void) { return _("A message nobody translated"); }\n' \
	> "$T_DIR/src/cgi/zz_new.c"
out=$(sh "$T_DIR/src/po/check.sh" "$T_DIR/src" 2>&1)
has "a new C string fails the check" "$out" "A message nobody translated"

copy
# Marks the first translated entry of fr.po fuzzy.
awk '!done && /^(msgctxt|msgid) "[^"]/ { print "#, fuzzy"; done = 1 } { print }' \
	"$top_srcdir/po/fr.po" > "$T_DIR/src/po/fr.po"
out=$(sh "$T_DIR/src/po/check.sh" "$T_DIR/src" fr 2>&1)
has "a fuzzy entry fails the check" "$out" "fuzzy entries"

copy
cat >> "$T_DIR/src/po/es.po" <<'PO'

#, c-format
msgid "Only %d left"
msgstr "Quedan %s"
PO
out=$(sh "$T_DIR/src/po/check.sh" "$T_DIR/src" es 2>&1)
has "a placeholder of the wrong type fails msgfmt --check" "$out" "po/es.po:"
t_finish
