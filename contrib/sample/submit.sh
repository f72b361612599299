#!/bin/bash
# submit.sh — sends the sample statements (NN-*.md: "key: value" header
# lines, an empty line, then the Markdown body) through the real public
# form, as a person would, then their translations (NN-*.LANG.md: title and
# language, then the body) through "Add a translation" on each original's
# private status page. Usage: submit.sh BASE-URL ORIGIN
set -eu
base=$1 origin=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
originals=() translations=()
for f in "$here"/[0-9][0-9]-*.md; do
	case $(basename "$f") in
	*.[a-z][a-z].md) translations+=("$f") ;;
	*) originals+=("$f") ;;
	esac
done
# One form per statement, as people open one each (a form's token names
# one sending of it: sent twice, it is the same statement).
tokens=()
for f in "${originals[@]}"; do
	tokens+=("$(curl -fs "$base/submit" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)")
done
sleep 3 # the form refuses to be sent faster than a person could
# header FILE: the "key: value" lines as --form-string arguments.
header() {
	local line
	while IFS= read -r line; do
		[ -z "$line" ] && break
		args+=(--form-string "${line%%: *}=${line#*: }")
	done < "$1"
	awk 'body {print} /^$/ && !body {body=1}' "$1" > "$tmp"
}
declare -A status # original's file name -> its private status page
sent=0 i=0
for f in "${originals[@]}"; do
	args=(--form-string "csrf=${tokens[$i]}" --form-string event=idm-2024-1
	    --form-string format=markdown --form-string consent=yes
	    --form-string "submitter_name=Demo secretariat"
	    --form-string "submitter_email=secretariat@example.org"
	    --form-string action=send)
	header "$f"
	out=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' \
	    -H "Origin: $origin" "${args[@]}" -F "body=<$tmp" "$base/submit")
	i=$((i + 1))
	if [ "${out%% *}" = 303 ]; then
		sent=$((sent + 1))
		url=${out#* }
		status[$(basename "$f" .md)]=${url%%\?*}
	else
		echo "sample $(basename "$f"): HTTP ${out%% *}" >&2
	fi
done
echo "sent $sent sample statements through the form"
added=0
for f in "${translations[@]}"; do
	name=$(basename "$f" .md)
	page=${status[${name%.*}]:-}
	[ -n "$page" ] || { echo "sample $name: its original was not sent" >&2; continue; }
	# The "Add a translation" form's token: the last on the page.
	tok=$(curl -fs "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | tail -1)
	args=(--form-string "csrf=$tok" --form-string format=markdown
	    --form-string action=translate)
	header "$f"
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $origin" \
	    "${args[@]}" -F "body=<$tmp" "$page/translate")
	if [ "$code" = 303 ]; then added=$((added + 1)); else echo "sample $name: HTTP $code" >&2; fi
done
echo "added $added translations through the status pages"
