#!/bin/bash
# upgrade.sh — a database made by an earlier dais, with data in it, taken
# to this schema: tests/upgrade/NNN.sql.gz is the dump of a database at
# schema NNN (the sample event, approved statements in several sessions
# and organisations, translations, pending ones, every fragment rendered
# by that dais), NNN.fragments.sha256 the digest of every fragment it
# exported. After `dais init` the database is whole, its statements and
# fragments are there, every fragment is the same bytes as before the
# migration, and `dais render` and `dais serve` work on it.
#
# One dump per schema version main ever had. From 004 on, each is the
# database of contrib/demo.sh run at the last commit of main at that
# version (the commit is named in the dump's commit message). Versions
# 001-003 never built from a commit (cgi/markup.c and cgi/sanitize.c were
# committed later), so no dais ever made such a database: their dumps are
# the 004 demo's rows in the tables and columns those schemas had (002 had
# no moderation, so its statements are all pending). 012 never was the
# schema of main (012 and 013 landed together).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

q() { sqlite3 "$DAIS_DB" "$@"; }
latest=$("$DAIS" --db "$T_DIR/new.db" init | sed -n 's/.*schema version \([0-9]*\).*/\1/p')
check "the latest schema version known" [ -n "$latest" ]
t_start_nginx

# rows TABLES: what a migration must keep, over the tables the dump had
# (fragments only from 008 on: 008 dropped every earlier fragment for the
# next start to render again).
rows() {
	local t sql=""
	for t in $1; do
		case $t in
		setting) sql="$sql SELECT 'setting', count(*) FROM setting WHERE key NOT IN ('renderer_version', 'sanitizer_version', 'last_mount');" ;;
		statement) sql="$sql SELECT 'statement', state, count(*) FROM statement GROUP BY state ORDER BY state;" ;;
		*) sql="$sql SELECT '$t', count(*) FROM $t;" ;;
		esac
	done
	q "$sql" | tr '\n' ' '
}
digests() { (cd "$1" && find . -type f | xargs -r sha256sum | LC_ALL=C sort); }
names() { (cd "$1" && find . -type f | LC_ALL=C sort); }

for dump in "$top_srcdir"/tests/upgrade/*.sql.gz; do
	v=$(basename "$dump" .sql.gz)
	n=$((10#$v))
	want="$top_srcdir/tests/upgrade/$v.fragments.sha256"
	rm -f "$DAIS_DB" "$DAIS_DB-wal" "$DAIS_DB-shm"
	zcat "$dump" | sqlite3 "$DAIS_DB"
	eq "$v: the dump is at schema $n" "$(q 'PRAGMA user_version')" "$n"
	tabs=$(q "SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('setting', 'statement', 'event', 'session', 'organisation', 'revision', 'moderator', 'audit') ORDER BY name")
	[ "$n" -ge 8 ] && tabs="$tabs fragment"
	before=$(rows "$tabs")
	secret=$(q "SELECT value FROM setting WHERE key = 'secret_key'")
	out=$("$DAIS" init 2>&1)
	eq "$v: dais init exits 0" $? 0
	has "$v: ... at the latest version" "$out" "schema version $latest"
	eq "$v: integrity_check" "$(q 'PRAGMA integrity_check')" ok
	eq "$v: no foreign key broken" "$(q 'PRAGMA foreign_key_check' | wc -l)" 0
	eq "$v: rows kept (settings, statements by state, events, revisions...)" "$(rows "$tabs")" "$before"
	eq "$v: the secret key kept" "$(q "SELECT value FROM setting WHERE key = 'secret_key'")" "$secret"
	rm -rf "$T_DIR/x"
	"$DAIS" export-fragments "$T_DIR/x" >/dev/null 2>&1
	eq "$v: export-fragments right after the migration exits 0" $? 0
	digests "$T_DIR/x" > "$T_DIR/after"
	LC_ALL=C sort "$want" > "$T_DIR/before"
	if [ "$n" -ge 8 ]; then
		eq "$v: every fragment the same bytes as before the migration" "$(comm -3 "$T_DIR/after" "$T_DIR/before")" ""
	fi
	"$DAIS" render >/dev/null 2>&1
	eq "$v: dais render exits 0" $? 0
	rm -rf "$T_DIR/y"
	"$DAIS" export-fragments "$T_DIR/y" >/dev/null 2>&1
	# (a translation is listed under its original: articles are per original)
	approved=$(q "SELECT count(*) FROM statement WHERE state = 'approved' AND original_id IS NULL")
	if [ "$n" -ge 8 ]; then
		eq "$v: the same fragments after rendering again" "$(names "$T_DIR/y")" "$(names "$T_DIR/x")"
	else
		# Fragments of before 008 are rendered again by the new
		# renderer: every key there was (without its language variants,
		# made when first asked for) is there again.
		eq "$v: every fragment there before the migration rendered again" "$(awk '{print $2}' "$T_DIR/before" | grep -vE '\.[a-z]{2}\.(html|xml)$' | LC_ALL=C sort | comm -23 - <(names "$T_DIR/y"))" ""
	fi
	[ -z "$approved" ] ||
		eq "$v: an article for each of the $approved approved statements" "$(q "SELECT count(DISTINCT statement_id) FROM article")" "$approved"
	t_start_dais
	eq "$v: served: healthz" "$(curl -s "$BASE/healthz")" ok
	ev=$(q "SELECT slug FROM event ORDER BY id LIMIT 1")
	if [ -n "$ev" ]; then
		eq "$v: served: the event's fragment as rendered" "$(curl -s "$BASE/fragment/event/$ev" | sha256sum | cut -d' ' -f1)" "$(cat "$T_DIR/y/event/$ev.html" 2>/dev/null | sha256sum | cut -d' ' -f1)"
		st=$(q "SELECT public_id FROM statement WHERE state = 'approved' ORDER BY id LIMIT 1")
		[ -z "$st" ] || eq "$v: served: an approved statement's page" "$(status "$BASE/s/$st")" 200
	else
		eq "$v: no event: an unknown event's fragment is an empty 200" "$(status "$BASE/fragment/event/none")" 200
	fi
	t_stop_dais
done
t_finish
