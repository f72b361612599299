#!/bin/sh
# check.sh — the catalogs are complete: every string that po/extract.sh
# finds in the sources has a translation in each po/LANG.po, none is fuzzy,
# each passes msgfmt --check, and po/dais.pot is the current extraction.
# Prints one line per problem; exits 1 when there is any.
# Usage: check.sh SRCDIR [LANG...]   (default: every po/*.po)
set -u
srcdir=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
sh "$srcdir/po/extract.sh" "$srcdir" > "$tmp/dais.pot" || exit 1
langs=${*:-$(cd "$srcdir/po" && ls *.po | sed 's/\.po$//')}
for l in $langs; do
	po=$srcdir/po/$l.po
	if ! msgfmt --check -o /dev/null "$po" 2> "$tmp/err"; then
		sed "s|^|po/$l.po: |" "$tmp/err"
		bad=1
	fi
	fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" 2>/dev/null |
		grep -c '^msgid ')
	if [ "$fuzzy" -gt 0 ]; then
		# The header counts once when the file has any fuzzy entry.
		echo "po/$l.po: fuzzy entries (translate them and drop '#, fuzzy'):"
		msgattrib --only-fuzzy --no-obsolete --no-wrap "$po" |
			grep '^msgid "[^"]' | sed 's/^/  /'
		bad=1
	fi
	# msgcmp: every msgid of the fresh template must have a translation
	# (msgcmp ignores fuzzy and untranslated entries).
	if ! msgcmp -N "$po" "$tmp/dais.pot" 2> "$tmp/err"; then
		echo "po/$l.po: strings without a translation (make update-po, then translate):"
		msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/dais.pot" \
			-o "$tmp/merged.po" 2>/dev/null
		msgattrib --untranslated --no-obsolete --no-wrap \
			"$tmp/merged.po" 2>/dev/null | grep '^msgid "[^"]' |
			head -40 | sed 's/^/  /'
		bad=1
	fi
done
# po/dais.pot as committed is what the sources give (header lines,
# references and comments aside).
strip() { sed -e '1,/^$/d' -e '/^#[:.]/d' "$1"; }
strip "$tmp/dais.pot" > "$tmp/new"
strip "$srcdir/po/dais.pot" > "$tmp/old"
if ! cmp -s "$tmp/old" "$tmp/new"; then
	echo "po/dais.pot is not the current extraction (make update-po):"
	diff "$tmp/old" "$tmp/new" | head -20 | sed 's/^/  /'
	bad=1
fi
exit $bad
