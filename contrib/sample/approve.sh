#!/bin/bash
# approve.sh — signs in as a moderator and approves the pending statements
# and translations of the sample that WHERE selects (an SQL condition on
# the statement table), through the real review pages, so that the demo's
# host pages have statements to show and the queue still has some to try.
# Usage: approve.sh BASE ORIGIN USER PASSWORD WHERE (DAIS_DB set, for the
# list of statements).
set -eu
base=$1 origin=$2 user=$3 password=$4 where=$5
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
token() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | tail -1; }
t=$(curl -fs -c "$jar" -b "$jar" "$base/login" | token)
curl -fs -o /dev/null -c "$jar" -b "$jar" -H "Origin: $origin" \
    --data-urlencode "csrf=$t" --data-urlencode "user=$user" \
    --data-urlencode "password=$password" "$base/login"
done=0
# Originals first: a translation is published with its original.
for id in $(sqlite3 "$DAIS_DB" "SELECT public_id FROM statement WHERE state = 'pending' AND ($where) ORDER BY original_id IS NOT NULL, id"); do
	t=$(curl -fs -b "$jar" "$base/moderate/$id" | token)
	code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H "Origin: $origin" \
	    --data-urlencode "csrf=$t" --data-urlencode rev=1 \
	    --data-urlencode action=approve "$base/moderate/$id")
	[ "$code" = 303 ] && done=$((done + 1))
done
echo "approved $done sample statements and translations"
