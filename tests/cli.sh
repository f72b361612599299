#!/bin/bash
# cli.sh — the command line: usage, init and migrations, config, backup.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

"$DAIS" >/dev/null 2>&1; eq "no command exits 2" $? 2
"$DAIS" frobnicate >/dev/null 2>&1; eq "unknown command exits 2" $? 2
"$DAIS" --bogus init >/dev/null 2>&1; eq "unknown option exits 2" $? 2
out=$("$DAIS" --version); has "--version" "$out" "dais "
out=$("$DAIS" --help); has "--help lists serve" "$out" "serve"
out=$("$DAIS" help); has "help lists backup" "$out" "backup FILE"
"$DAIS" init extra >/dev/null 2>&1; eq "init with an argument exits 2" $? 2

# init creates, then changes nothing.
out=$("$DAIS" init); has "init reports the version" "$out" "schema version"
v1=$(sqlite3 "$DAIS_DB" 'PRAGMA user_version')
check "user_version set" [ "$v1" -ge 1 ]
jm=$(sqlite3 "$DAIS_DB" 'PRAGMA journal_mode'); eq "WAL mode" "$jm" wal
sum1=$(sqlite3 "$DAIS_DB" .dump | md5sum)
"$DAIS" init >/dev/null
sum2=$(sqlite3 "$DAIS_DB" .dump | md5sum)
eq "second init changes nothing" "$sum2" "$sum1"
key=$(sqlite3 "$DAIS_DB" "SELECT length(value) FROM setting WHERE key='secret_key'")
eq "secret key made once, 64 hex" "$key" 64

# A database from the future is refused.
sqlite3 "$DAIS_DB" 'PRAGMA user_version = 999'
"$DAIS" init >/dev/null 2>"$T_DIR/err"; eq "newer schema refused" $? 1
has "newer schema message" "$(cat "$T_DIR/err")" "newer than this dais"
sqlite3 "$DAIS_DB" "PRAGMA user_version = $v1"

# serve refuses an old schema with a message naming init.
sqlite3 "$DAIS_DB" 'PRAGMA user_version = 0'
"$DAIS" config list >/dev/null 2>"$T_DIR/err"; eq "old schema refused" $? 1
has "old schema names init" "$(cat "$T_DIR/err")" "init"
sqlite3 "$DAIS_DB" "PRAGMA user_version = $v1"

# config
out=$("$DAIS" config list); has "config list" "$out" "site_name=Statements"
"$DAIS" config set site_name "Civil Society Action Committee"; eq "config set" $? 0
eq "config get" "$("$DAIS" config get site_name)" "Civil Society Action Committee"
"$DAIS" config set base_url "javascript:alert(1)" 2>/dev/null; eq "bad base_url refused" $? 1
"$DAIS" config set base_url "https://example.org/statements/" 2>/dev/null; eq "base_url trailing slash refused" $? 1
"$DAIS" config set nosuchkey 1 2>/dev/null; eq "unknown key refused" $? 1
out=$("$DAIS" help config); has "help config documents keys" "$out" "db_synchronous"

# backup is a consistent, openable copy.
"$DAIS" backup "$T_DIR/copy.db"; eq "backup exits 0" $? 0
eq "backup has the settings" "$(sqlite3 "$T_DIR/copy.db" "SELECT value FROM setting WHERE key='site_name'")" \
    "Civil Society Action Committee"
eq "backup integrity" "$(sqlite3 "$T_DIR/copy.db" 'PRAGMA integrity_check')" ok
"$DAIS" backup /nonexistent/dir/x.db 2>/dev/null; eq "backup to a bad path fails" $? 1

t_finish
