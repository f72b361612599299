#!/bin/bash
# submit.sh — sends the sample statements (NN-*.md: "key: value" header
# lines, an empty line, then the Markdown body) through the real public
# form, as a person would. Usage: submit.sh BASE-URL ORIGIN
set -eu
base=$1 origin=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# One form per statement, as people open one each (a form's token names
# one sending of it: sent twice, it is the same statement).
tokens=()
for f in "$here"/[0-9][0-9]-*.md; do
	tokens+=("$(curl -fs "$base/submit" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)")
done
sleep 3 # the form refuses to be sent faster than a person could
sent=0 i=0
for f in "$here"/[0-9][0-9]-*.md; do
	args=(--form-string "csrf=${tokens[$i]}" --form-string event=idm-2024-1
	    --form-string format=markdown --form-string consent=yes
	    --form-string "submitter_name=Demo secretariat"
	    --form-string "submitter_email=secretariat@example.org"
	    --form-string action=send)
	while IFS= read -r line; do
		[ -z "$line" ] && break
		args+=(--form-string "${line%%: *}=${line#*: }")
	done < "$f"
	awk 'body {print} /^$/ && !body {body=1}' "$f" > "$tmp"
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $origin" \
	    "${args[@]}" -F "body=<$tmp" "$base/submit")
	i=$((i + 1))
	if [ "$code" = 303 ]; then sent=$((sent + 1)); else echo "sample $(basename "$f"): HTTP $code" >&2; fi
done
echo "sent $sent sample statements through the form"
