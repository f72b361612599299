#!/bin/bash
# upgrade.sh — a database made by an earlier dais, with data in it, taken
# to this schema: tests/upgrade/NNN.sql.gz is the dump of a database at
# schema NNN (the sample event, approved statements in several sessions
# and organisations, translations, pending ones, every fragment rendered
# by that dais), NNN.fragments.sha256 the digest of every fragment it
# exported. After `dais init` the database is whole, its statements and
# fragments are there, every fragment is the same bytes as before the
# migration, and `dais render` and `dais serve` work on it.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

q() { sqlite3 "$DAIS_DB" "$@"; }
latest=$("$DAIS" --db "$T_DIR/new.db" init | sed -n 's/.*schema version \([0-9]*\).*/\1/p')
check "the latest schema version known" [ -n "$latest" ]
t_start_nginx

for dump in "$top_srcdir"/tests/upgrade/*.sql.gz; do
	v=$(basename "$dump" .sql.gz)
	rm -f "$DAIS_DB" "$DAIS_DB-wal" "$DAIS_DB-shm"
	zcat "$dump" | sqlite3 "$DAIS_DB"
	eq "$v: the dump is at schema $v" "$(q 'PRAGMA user_version')" "$((10#$v))"
	before=$(q "SELECT state, count(*) FROM statement GROUP BY state ORDER BY state; SELECT count(*) FROM fragment; SELECT count(*) FROM event; SELECT count(*) FROM revision" | tr '\n' ' ')
	out=$("$DAIS" init 2>&1)
	eq "$v: dais init exits 0" $? 0
	has "$v: ... at the latest version" "$out" "schema version $latest"
	eq "$v: integrity_check" "$(q 'PRAGMA integrity_check')" ok
	eq "$v: no foreign key broken" "$(q 'PRAGMA foreign_key_check' | wc -l)" 0
	eq "$v: statements, fragments, events, revisions kept" "$(q "SELECT state, count(*) FROM statement GROUP BY state ORDER BY state; SELECT count(*) FROM fragment; SELECT count(*) FROM event; SELECT count(*) FROM revision" | tr '\n' ' ')" "$before"
	rm -rf "$T_DIR/x"
	"$DAIS" export-fragments "$T_DIR/x" >/dev/null 2>&1
	eq "$v: export-fragments right after the migration exits 0" $? 0
	eq "$v: every fragment the same bytes as before the migration" "$(cd "$T_DIR/x" && find . -type f | sort | xargs sha256sum)" "$(cat "$top_srcdir/tests/upgrade/$v.fragments.sha256")"
	"$DAIS" render >/dev/null 2>&1
	eq "$v: dais render exits 0" $? 0
	rm -rf "$T_DIR/y"
	"$DAIS" export-fragments "$T_DIR/y" >/dev/null 2>&1
	eq "$v: the same fragments after rendering again" "$(cd "$T_DIR/y" && find . -type f | sort)" "$(cd "$T_DIR/x" && find . -type f | sort)"
	t_start_dais
	eq "$v: served: healthz" "$(curl -s "$BASE/healthz")" ok
	ev=$(q "SELECT slug FROM event ORDER BY id LIMIT 1")
	eq "$v: served: the event's fragment as exported" "$(curl -s "$BASE/fragment/event/$ev" | sha256sum | cut -d' ' -f1)" "$(sha256sum < "$T_DIR/y/event/$ev.html" | cut -d' ' -f1)"
	t_stop_dais
done
t_finish
