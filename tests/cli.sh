#!/bin/bash
# cli.sh — the command line: usage, init and migrations, config, backup,
# events, sessions, organisations and moderators (listing and refusals),
# and `dais sanitize` over every golden file.
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

# ---- events, sessions, organisations ----------------------------------------
q() { sqlite3 "$DAIS_DB" "$@"; }
T=$'\t'
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-20 \
    --ends 2024-05-22 --location "Geneva, Palais des Nations"; eq "event add" $? 0
"$DAIS" event add summit25 --title "Summit 2025" --starts 2025-03-01; eq "event add without --ends" $? 0
"$DAIS" event add old23 --title "Old Forum 2023" --starts 2023-01-10 --closed; eq "event add --closed" $? 0
events="summit25${T}Summit 2025${T}${T}2025-03-01..2025-03-01${T}open${T}(time_zone setting)
conf24${T}Conference 2024${T}Geneva, Palais des Nations${T}2024-05-20..2024-05-22${T}open${T}(time_zone setting)
old23${T}Old Forum 2023${T}${T}2023-01-10..2023-01-10${T}closed${T}(time_zone setting)"
eq "event list: newest first, one line each" "$("$DAIS" event list)" "$events"
"$DAIS" event close conf24; eq "event close" $? 0
has "event close: listed closed" "$("$DAIS" event list)" "2024-05-20..2024-05-22${T}closed"
eq "event close: stored" "$(q "SELECT open FROM event WHERE slug = 'conf24'")" 0
"$DAIS" event open conf24; eq "event open" $? 0
eq "event open: as before" "$("$DAIS" event list)" "$events"
# Each event's time zone (embargo times are typed and shown in it).
"$DAIS" event time-zone conf24 America/New_York; eq "event time-zone" $? 0
has "event time-zone: listed" "$("$DAIS" event list)" "2024-05-20..2024-05-22${T}open${T}America/New_York"
err=$("$DAIS" event time-zone conf24 Mars/Olympus_Mons 2>&1); eq "event time-zone: an unknown zone refused" $? 1
has "  says why" "$err" "The time zone is not a time zone this server knows"
err=$("$DAIS" event time-zone conf24 ../../etc/passwd 2>&1); eq "event time-zone: a path refused" $? 1
has "  says what a name looks like" "$err" "must be a time zone name like Europe/Paris"
eq "  unchanged" "$(q "SELECT time_zone FROM event WHERE slug = 'conf24'")" America/New_York
"$DAIS" event time-zone conf24 ""; eq "event time-zone \"\": back to the setting" $? 0
eq "event open: as before" "$("$DAIS" event list)" "$events"
"$DAIS" event time-zone nosuch Europe/Paris 2>/dev/null; eq "event time-zone: no such event" $? 1
err=$("$DAIS" event add tzbad --title "Bad zone" --starts 2024-06-01 --time-zone Europe/Atlantis 2>&1)
eq "event add --time-zone: an unknown zone refused" $? 1
eq "  nothing stored" "$(q "SELECT count(*) FROM event WHERE slug = 'tzbad'")" 0
"$DAIS" config set time_zone Europe/Atlantis 2>/dev/null; eq "config set time_zone: an unknown zone refused" $? 1
eq "time_zone: UTC by default" "$("$DAIS" config get time_zone)" UTC

"$DAIS" session add conf24 opening --title "Opening plenary"; eq "session add" $? 0
"$DAIS" session add conf24 youth --title "Youth panel" --kind roundtable; eq "session add --kind" $? 0
"$DAIS" session add conf24 closing --title "Closing session" --position 10; eq "session add --position" $? 0
"$DAIS" session add summit25 opening --title "Summit opening"; eq "same session slug in another event" $? 0
eq "session list" "$("$DAIS" session list conf24)" "opening${T}Opening plenary${T}panel${T}1
youth${T}Youth panel${T}roundtable${T}2
closing${T}Closing session${T}panel${T}10"
eq "session list: only the event's" "$("$DAIS" session list summit25)" "opening${T}Summit opening${T}panel${T}1"
eq "session list: none" "$("$DAIS" session list old23)" ""
"$DAIS" session list nosuch >/dev/null 2>"$T_DIR/err"; eq "session list of an unknown event exits 1" $? 1
has "session list of an unknown event: message" "$(cat "$T_DIR/err")" "no event nosuch"

"$DAIS" org add acme --name "ACME Coalition" --url https://acme.example.org/about; eq "org add" $? 0
"$DAIS" org add beta --name "Beta Network"; eq "org add without --url" $? 0
eq "org list: by name" "$("$DAIS" org list)" "acme${T}ACME Coalition${T}https://acme.example.org/about
beta${T}Beta Network${T}"

# Refusals: exit 1, a message naming the problem, nothing changed.
# refused DESCRIPTION WORD COMMAND...
refused() {
	local d=$1 w=$2 before rc
	shift 2
	before=$(sqlite3 "$DAIS_DB" .dump | md5sum)
	"$@" </dev/null >/dev/null 2>"$T_DIR/err"; rc=$?
	eq "$d: exits 1" "$rc" 1
	has "$d: message" "$(cat "$T_DIR/err")" "$w"
	eq "$d: nothing changed" "$(sqlite3 "$DAIS_DB" .dump | md5sum)" "$before"
}
refused "duplicate event slug" "already exists" \
    "$DAIS" event add conf24 --title "Again" --starts 2024-06-01
refused "bad first day" "The first day must be a real date" \
    "$DAIS" event add bad1 --title "Bad" --starts 2024-02-30
refused "first day not a date" "The first day must be a date like" \
    "$DAIS" event add bad2 --title "Bad" --starts 21/05/2024
refused "bad last day" "The last day must be a date like" \
    "$DAIS" event add bad3 --title "Bad" --starts 2024-05-20 --ends tomorrow
refused "last day before the first" "The last day must not be before the first day" \
    "$DAIS" event add bad4 --title "Bad" --starts 2024-05-22 --ends 2024-05-20
refused "event without a title" "The title" \
    "$DAIS" event add bad5 --starts 2024-05-20
refused "event slug with capitals" "The short name" \
    "$DAIS" event add Bad6 --title "Bad" --starts 2024-05-20
refused "closing an unknown event" "no such event" "$DAIS" event close nosuch
refused "opening an unknown event" "no such event" "$DAIS" event open nosuch
refused "session for an unknown event" "no such event" \
    "$DAIS" session add nosuch opening --title "Opening"
refused "duplicate session slug" "already exists" \
    "$DAIS" session add conf24 youth --title "Youth again"
refused "javascript: org URL" "The web address must be a web address starting with https://" \
    "$DAIS" org add evil --name "Evil" --url "javascript:alert(1)"
refused "org URL without a site" "The web address must include a site name" \
    "$DAIS" org add evil --name "Evil" --url "https://"
refused "duplicate org slug" "already exists" \
    "$DAIS" org add acme --name "Another ACME"

# ---- moderators -------------------------------------------------------------
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin --email alice@example.org
eq "moderator add admin" $? 0
echo 'bob-password-22' | "$DAIS" moderator add bob; eq "moderator add" $? 0
eq "moderator list: roles" "$("$DAIS" moderator list)" "alice${T}admin${T}active${T}alice@example.org
bob${T}moderator${T}active${T}"
for u in alice:alice-password-1 bob:bob-password-22; do
	h=$(q "SELECT password_hash FROM moderator WHERE username = '${u%%:*}'")
	eq "${u%%:*}: an Argon2id hash" "${h:0:10}" '$argon2id$'
	check "${u%%:*}: the password is not stored" bash -c '! grep -qa "$1" "$2"*' _ "${u#*:}" "$DAIS_DB"
done
check "two hashes differ (salted)" [ "$(q "SELECT count(DISTINCT password_hash) FROM moderator")" = 2 ]
before=$(sqlite3 "$DAIS_DB" .dump | md5sum)
echo 'seven77' | "$DAIS" moderator add carol 2>"$T_DIR/err"; eq "7-character password: exits 1" $? 1
has "7-character password: message" "$(cat "$T_DIR/err")" "at least 8 characters"
echo 'eight888' | "$DAIS" moderator add alice 2>"$T_DIR/err"; eq "duplicate moderator: exits 1" $? 1
has "duplicate moderator: message" "$(cat "$T_DIR/err")" "already exists"
echo 'carol-password-3' | "$DAIS" moderator add carol --role owner 2>"$T_DIR/err"; eq "unknown role: exits 1" $? 1
has "unknown role: message" "$(cat "$T_DIR/err")" "moderator or admin"
"$DAIS" moderator add carol </dev/null 2>"$T_DIR/err"; eq "no password: exits 1" $? 1
eq "refused moderators: nothing changed" "$(sqlite3 "$DAIS_DB" .dump | md5sum)" "$before"
echo 'eight888' | "$DAIS" moderator add carol; eq "8-character password: taken" $? 0
# A new password or a disabling ends the moderator's sessions (two
# browsers each here), and only theirs, in the same transaction.
sessions_of() { q "SELECT count(*) FROM login_session WHERE moderator_id = (SELECT id FROM moderator WHERE username = '$1')"; }
for u in alice alice2 bob bob2 carol carol2; do
	q "INSERT INTO login_session(token_hash, moderator_id, created, expires) SELECT '$u-hash', id, 'now', strftime('%s', 'now') + 3600 FROM moderator WHERE username = '${u%2}'"
done
h0=$(q "SELECT password_hash FROM moderator WHERE username = 'alice'")
echo 'alice-password-new' | "$DAIS" moderator password alice; eq "moderator password" $? 0
check "moderator password: a new hash" [ "$(q "SELECT password_hash FROM moderator WHERE username = 'alice'")" != "$h0" ]
eq "moderator password: that moderator's sessions ended" "$(sessions_of alice)" 0
eq "moderator password: the others' kept" "$(sessions_of bob) $(sessions_of carol)" "2 2"
refused "moderator password too short" "8 to 1000 characters" "$DAIS" moderator password bob
before=$(sqlite3 "$DAIS_DB" .dump | md5sum)
echo 'nobody-password' | "$DAIS" moderator password nobody 2>"$T_DIR/err"; eq "password of no such moderator: exits 1" $? 1
has "password of no such moderator: message" "$(cat "$T_DIR/err")" "There is no such moderator"
eq "password of no such moderator: nothing changed" "$(sqlite3 "$DAIS_DB" .dump | md5sum)" "$before"
"$DAIS" moderator disable carol; eq "moderator disable carol" $? 0
eq "moderator disable: that moderator's sessions ended" "$(sessions_of carol)" 0
eq "moderator disable: the others' kept" "$(sessions_of bob)" 2
"$DAIS" moderator enable carol; eq "moderator enable carol" $? 0
"$DAIS" moderator disable bob; eq "moderator disable" $? 0
eq "moderator disable bob: sessions ended" "$(sessions_of bob)" 0
has "moderator list: disabled" "$("$DAIS" moderator list)" "bob${T}moderator${T}disabled${T}"

# ---- sanitize: every golden pair, byte for byte -------------------------------
# tests/golden/sanitize/NAME.{html,md,txt} is the input in that format;
# NAME.out the expected output, or NAME.err the expected refusal.
GOLD=$top_srcdir/tests/golden/sanitize
n=0
for in in "$GOLD"/*.html "$GOLD"/*.md "$GOLD"/*.txt; do
	[ -e "$in" ] || continue
	name=${in##*/}; base=${in%.*}
	case $in in *.md) fmt=markdown ;; *.txt) fmt=text ;; *) fmt=html ;; esac
	"$DAIS" sanitize --format "$fmt" <"$in" >"$T_DIR/out" 2>"$T_DIR/err"; rc=$?
	if [ -e "$base.out" ]; then
		eq "sanitize $name: exits 0" "$rc" 0
		check "sanitize $name: output equals ${base##*/}.out" cmp -s "$T_DIR/out" "$base.out"
	else
		eq "sanitize $name: refused, exits 1" "$rc" 1
		eq "sanitize $name: message of ${base##*/}.err" "$(cat "$T_DIR/err")" "dais: $(cat "$base.err")"
		eq "sanitize $name: no output" "$(wc -c <"$T_DIR/out")" 0
	fi
	n=$((n + 1))
done
check "sanitize: at least 30 golden inputs ($n)" [ "$n" -ge 30 ]
printf '<p>x</p>' | "$DAIS" sanitize --format bogus >/dev/null 2>"$T_DIR/err"; eq "sanitize --format bogus exits 2" $? 2
has "sanitize --format bogus: message" "$(cat "$T_DIR/err")" "html, markdown or text"
eq "sanitize: html by default" "$(printf '<p onclick="x()">Hi<script>1</script></p>' | "$DAIS" sanitize)" "$(printf '<p onclick="x()">Hi<script>1</script></p>' | "$DAIS" sanitize --format html)"
for fmt in html markdown text; do
	printf 'caf\xe9 \xff\n' | "$DAIS" sanitize --format $fmt >"$T_DIR/out" 2>"$T_DIR/err"
	eq "sanitize --format $fmt, invalid UTF-8: exits 1" $? 1
	has "sanitize --format $fmt, invalid UTF-8: message" "$(cat "$T_DIR/err")" "not valid UTF-8"
	eq "sanitize --format $fmt, invalid UTF-8: no output" "$(wc -c <"$T_DIR/out")" 0
done

t_finish
