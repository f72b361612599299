#!/bin/bash
# mail.sh — the outbox through a real nginx: mail never holds a request.
# A mailer that blocks (on a fifo the test opens only once the response
# is in) leaves the answer and the workers free; one that hangs is killed
# with its process group after mail_timeout, tried again, and given up as
# undeliverable (on /admin, in /healthz, in `dais mail list`), then sent
# again from the admin page; one that fails is tried again with a
# doubling wait and delivered once it works; mail committed before a
# kill -9 goes out after the restart; plain CGI answers, then sends.
# No assertion is about time: each waits for a state.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
T_RESTARTS_OK=1 # processes of dais are killed here on purpose

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin --email alice@example.org &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null &&
"$DAIS" config set rate_receipt_per_hour 0 >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
# /cgi/: dais as a plain CGI program under fcgiwrap (started below).
t_start_nginx "location /cgi/ { fastcgi_split_path_info ^(/cgi)(/[\s\S]*)\$;
    include $top_srcdir/contrib/nginx/dais-fastcgi.conf;
    fastcgi_param SCRIPT_FILENAME $T_DIR/dais-cgi;
    fastcgi_pass unix:$T_DIR/fcgiwrap.sock; }" &&
    t_start_dais 2 || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT
"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null

q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
header() { grep -i "^$1:" "$T_DIR/headers" | head -1 | sed 's/^[^:]*: *//' | tr -d '\r'; }
first_token() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | head -1 | sed 's/.*value="//; s/"$//'; }
last_token() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | tail -1 | sed 's/.*value="//; s/"$//'; }
# submit TITLE [EMAIL]: a statement through the public form; PUB is its
# reference. Two messages are queued: the receipt, alice's notice.
submit() {
	local tok
	req "$BASE/submit"; tok=$(first_token)
	req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$tok" \
	    --form-string event=conf24 --form-string session=opening \
	    --form-string "title=$1" --form-string speaker=Ana \
	    --form-string organisation=acme --form-string kind=panel \
	    --form-string language=en --form-string format=text \
	    --form-string "body=We thank the chair." \
	    --form-string submitter_name=Ana \
	    --form-string "submitter_email=${2:-ana@example.org}" \
	    --form-string consent=yes --form-string action=send
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
}
waiting() { q "SELECT count(*) FROM outbox WHERE state = 'pending'"; }
# q_is SQL WANT, q_ge SQL N: for wait_for.
q_is() { [ "$(q "$1")" = "$2" ]; }
q_ge() { [ "$(q "$1")" -ge "$2" ]; }
dead() { q "SELECT count(*) FROM outbox WHERE state = 'dead'"; }
nmails() { grep -c -- '^----- end of message -----$' "$T_DIR/mail.log" 2>/dev/null || true; }
# mailer NAME BODY: a fake sendmail script; BODY runs after the message
# has been read into $msg; deliver appends it to mail.log.
mailer() {
	{
		echo '#!/bin/sh'
		echo 'msg=$(cat)'
		echo "deliver() { printf '%s\\n----- end of message -----\\n' \"\$msg\" >> '$T_DIR/mail.log'; }"
		printf '%s\n' "$2"
	} > "$T_DIR/$1"
	chmod +x "$T_DIR/$1"
	"$DAIS" config set mail_command "$T_DIR/$1 -t -i" >/dev/null
}
: > "$T_DIR/mail.log"

# ---- a mailer that takes its time: the answer does not wait ----------------------------
# It blocks until the test opens the fifo, which it does only after the
# answer has arrived: had the request waited for the mailer, it would
# never have answered (curl gives up after 20 s).
# Each run of the mailer waits for a gate of its own (go.1, go.2 …, by
# the order it started in): a "go" written for one can never be taken by
# another.
# gate N: lets the Nth run of the slow mailer go on.
gate() { touch "$T_DIR/go.$1"; }
slow_mailer() {
	rm -f "$T_DIR"/go.* "$T_DIR/started"
	mailer slow "echo started >> '$T_DIR/started'
n=\$(wc -l < '$T_DIR/started')
while [ ! -e '$T_DIR/go.'\$n ]; do sleep 0.05; done
deliver"
}
slow_mailer
"$DAIS" config set mail_timeout 120 >/dev/null
submit "Slow mail"
eq "slow mailer: the submission is answered (303)" "$CODE" 303
eq "slow mailer: answered before any mail was handed over" "$(nmails)" 0
eq "slow mailer: both messages committed with the statement" \
    "$(q "SELECT count(*) FROM outbox")" 2
check "slow mailer: the mailer runs meanwhile" wait_for test -s "$T_DIR/started"
req "$BASE/healthz?detail=1"
has "slow mailer: /healthz says what waits" "$BODY" "mail: 2 waiting, 0 undeliverable"
# Both workers are free while the mailer blocks: four more answers.
for i in 1 2 3 4; do
	eq "slow mailer: a worker answers meanwhile ($i)" \
	    "$(curl -s -m 20 -o /dev/null -w '%{http_code}' "$BASE/submit")" 200
done
eq "slow mailer: still nothing handed over" "$(nmails)" 0
gate 1; gate 2
mail_settle
eq "slow mailer: both delivered after the answer" "$(nmails)" 2
has "slow mailer: the receipt" "$(cat "$T_DIR/mail.log")" "To: ana@example.org"
has "slow mailer: the moderator's notice" "$(cat "$T_DIR/mail.log")" "Subject: New statement to review: Slow mail"
eq "slow mailer: sent mail leaves the outbox" "$(q "SELECT count(*) FROM outbox")" 0
# The receipt's private link was made as it went out: it opens the
# statement, and it is nowhere in the database in clear.
link=$(grep -oE "$ORIGIN/statements/status/[0-9a-f]{40}" "$T_DIR/mail.log" | head -1)
check "the receipt carries a private link" [ -n "$link" ]
req "$link"
eq "the mailed link opens the statement" "$CODE" 200
has "  its page" "$BODY" "Slow mail"
check "the mailed token is not stored in clear" bash -c '! grep -qa "$1" "$2"*' _ "${link##*/}" "$DAIS_DB"

# ---- a mailer that hangs: killed, tried again, then undeliverable -------------------------
mailer hang "sleep 600 & echo \$! >> '$T_DIR/hung.pids'
wait"
"$DAIS" config set mail_timeout 1 >/dev/null
"$DAIS" config set mail_retry_seconds 1 >/dev/null
"$DAIS" config set mail_attempts 3 >/dev/null
: > "$T_DIR/mail.log"
submit "Hung mail" hung@example.org
eq "hung mailer: answered (303)" "$CODE" 303
WAIT_TRIES=1200 wait_for q_is "SELECT count(*) FROM outbox WHERE state = 'dead'" 2
check "hung mailer: both messages given up in the end" \
    q_is "SELECT count(*) FROM outbox WHERE state = 'dead'" 2
eq "hung mailer: three attempts each" "$(q "SELECT group_concat(attempts) FROM outbox")" "3,3"
has "hung mailer: why" "$(q "SELECT last_error FROM outbox LIMIT 1")" "no answer after 1 s: its process group was killed"
eq "hung mailer: nothing delivered" "$(nmails)" 0
# What the mailer recorded: a run killed before its shell got to the
# first line (a loaded machine, a 1 s timeout) records nothing, so at
# least one and at most six; each one recorded is checked below.
runs=$(wc -l < "$T_DIR/hung.pids")
check "hung mailer: its runs recorded (1 to 6: $runs)" [ "$runs" -ge 1 -a "$runs" -le 6 ]
# Killed (a zombie until it is reaped counts as gone), not left running.
hung_running() {
	local p n=0
	while read -r p; do
		case $(ps -o stat= -p "$p" 2>/dev/null) in ""|Z*) ;; *) n=$((n + 1)) ;; esac
	done < "$T_DIR/hung.pids"
	echo "$n"
}
eq "hung mailer: its children were killed with it (process group)" "$(hung_running)" 0
has "hung mailer: logged, with the next attempt" "$(cat "$T_DIR/dais.log")" "(attempt 1 of 3): no answer after 1 s: its process group was killed; next attempt in 1 s"
has "hung mailer: logged as undeliverable" "$(cat "$T_DIR/dais.log")" "(attempt 3 of 3): no answer after 1 s: its process group was killed; it is undeliverable"
req "$BASE/healthz"
eq "hung mailer: /healthz still 200 (liveness)" "$CODE" 200
eq "hung mailer: /healthz still the three bytes monitors match" "$BODY" ok
req "$BASE/healthz?detail=1"
has "hung mailer: /healthz tells" "$BODY" "mail: 0 waiting, 2 undeliverable (see /admin#mail)"
out=$("$DAIS" mail list dead)
eq "dais mail list dead: two lines" "$(printf '%s\n' "$out" | grep -c .)" 2
has "dais mail list dead: the recipient" "$out" "hung@example.org"

# The admin page lists them; "Send again" with a working mailer delivers.
req "$BASE/login"; tok=$(first_token)
req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode user=alice \
    --data-urlencode password=alice-password-1 --data-urlencode next= \
    --data-urlencode "csrf=$tok"
CK=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
as() { req -H "Cookie: dais_session=$CK" "$@"; }
as "$BASE/admin"
eq "admin page: 200" "$CODE" 200
has "admin page: the outbox's counts" "$BODY" "Waiting to be sent: 0. Undeliverable: 2."
has "admin page: the undeliverable list" "$BODY" "<caption>Undeliverable mail</caption>"
has "admin page: the recipient" "$BODY" "<td><bdi>hung@example.org</bdi></td>"
has "admin page: the subject" "$BODY" "Statement received: reference $PUB"
has "admin page: the error" "$BODY" "<code>no answer after 1 s: its process group was killed</code>"
has "admin page: a button to send again" "$BODY" 'name="do" value="mail_retry"'
id=$(q "SELECT id FROM outbox WHERE recipient = 'hung@example.org'")
tok=$(last_token) # the admin form's (the header's sign-out form comes first)
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode do=mail_retry \
    --data-urlencode "mail=$id"
eq "send again without a form token: refused, 403" "$CODE" 403
eq "send again without a form token: still undeliverable" "$(dead)" 2
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode do=mail_retry --data-urlencode "mail=not-a-number"
eq "send again, no such message: 422" "$CODE" 422
has "send again, no such message: says so" "$BODY" "The form did not say which message"
mailer good "deliver"
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode do=mail_retry --data-urlencode "mail=$id"
eq "send again: 303" "$CODE" 303
eq "send again: back to the outbox's section" "$(header Location)" "/statements/admin#mail"
mail_settle
eq "send again: delivered" "$(nmails)" 1
has "send again: the receipt" "$(cat "$T_DIR/mail.log")" "To: hung@example.org"
eq "send again: audited" "$(q "SELECT detail FROM audit WHERE action = 'admin mail_retry'")" "mail $id"
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode do=mail_retry --data-urlencode "mail=$id"
eq "send again twice: 422" "$CODE" 422
has "send again twice: says why" "$BODY" "That message is no longer undeliverable"
id=$(q "SELECT id FROM outbox WHERE state = 'dead'")
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode do=mail_discard --data-urlencode "mail=$id"
eq "discard: 303" "$CODE" 303
eq "discard: gone" "$(q "SELECT count(*) FROM outbox")" 0
eq "discard: not sent" "$(nmails)" 1
req "$BASE/healthz?detail"
has "/healthz: nothing left" "$BODY" "mail: 0 waiting, 0 undeliverable"

# ---- a mailer that fails, then works: retried with a doubling wait ----------------------
touch "$T_DIR/broken"
mailer flaky "[ -e '$T_DIR/broken' ] && exit 75
deliver"
"$DAIS" config set mail_attempts 8 >/dev/null
: > "$T_DIR/mail.log"
submit "Flaky mail" flaky@example.org
eq "failing mailer: answered (303)" "$CODE" 303
WAIT_TRIES=600 wait_for q_ge "SELECT min(attempts) FROM outbox" 3
check "failing mailer: tried three times" q_ge "SELECT min(attempts) FROM outbox" 3
eq "failing mailer: still waiting, not given up" "$(waiting) $(dead)" "2 0"
eq "failing mailer: nothing delivered yet" "$(nmails)" 0
has "failing mailer: the exit status kept" "$(q "SELECT last_error FROM outbox LIMIT 1")" "exit status 75"
log=$(grep "flaky@example.org could not be handed" "$T_DIR/dais.log")
has "failing mailer: 1st failure, next in 1 s" "$log" "(attempt 1 of 8): exit status 75; next attempt in 1 s"
has "failing mailer: 2nd failure, next in 2 s" "$log" "(attempt 2 of 8): exit status 75; next attempt in 2 s"
rm "$T_DIR/broken"
WAIT_TRIES=600 mail_settle
eq "failing mailer: delivered once it works" "$(nmails)" 2
has "failing mailer: the receipt" "$(cat "$T_DIR/mail.log")" "To: flaky@example.org"

# ---- kill -9 between the commit and the sending: nothing lost ---------------------------
"$DAIS" config set mail_timeout 30 >/dev/null
: > "$T_DIR/mail.log"
# The sender found once it has named itself (a sender just started is
# still "dais"), and stopped for sure before the submission.
sender_of() { ps -o pid=,comm= --ppid "$DAIS_PID" | awk '$2 == "dais-mail" { print $1 }'; }
wait_for sh -c "[ -n \"\$(ps -o pid=,comm= --ppid $DAIS_PID | awk '\$2 == \"dais-mail\"')\" ]"
sender=$(sender_of)
check "the sender is a process of its own (dais-mail)" [ -n "$sender" ]
kids=$(ps -o pid= --ppid "$DAIS_PID" | tr -d ' ')
kill -STOP "$sender" # it will never send what comes next
wait_for sh -c "grep -q '^State:[[:space:]]*T' /proc/$sender/status"
check "the sender is stopped" grep -q '^State:[[:space:]]*T' "/proc/$sender/status"
submit "Killed before sending" killed@example.org
eq "kill -9: the submission answered (303)" "$CODE" 303
eq "kill -9: its mail committed, not sent" "$(waiting) $(nmails)" "2 0"
# The master first: killed after its children, it could start a new
# sender in between, which would send the mail before it too is killed.
kill -9 "$DAIS_PID" $kids 2>/dev/null; wait "$DAIS_PID" 2>/dev/null; DAIS_PID=
for p in $kids; do wait_for sh -c "! kill -0 $p"; done
eq "kill -9: dais is gone, the mail still waits" "$(waiting) $(nmails)" "2 0"
t_start_dais 2
mail_settle
eq "kill -9: after the restart, both delivered" "$(nmails)" 2
has "kill -9: the receipt" "$(cat "$T_DIR/mail.log")" "To: killed@example.org"
has "kill -9: the moderator's notice" "$(cat "$T_DIR/mail.log")" "Subject: New statement to review: Killed before sending"

# ---- plain CGI: the answer first, then the mail ------------------------------------------
# The same slow mailer: the CGI program writes its whole answer and
# closes its output (the reader sees the end) while the mailer still
# blocks; it exits once the mail is handed over.
t_stop_dais # no sender: only the CGI program sends
slow_mailer
: > "$T_DIR/mail.log"
cgi() { # cgi METHOD PATH [BODY]; with CGI_EXEC set, exec'd (in a subshell)
	${CGI_EXEC:+exec} env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD="$1" \
	    PATH_INFO="$2" SCRIPT_NAME=/statements REQUEST_URI="/statements$2" \
	    SERVER_NAME=127.0.0.1 SERVER_PORT="$PORT" REMOTE_ADDR=127.0.0.1 \
	    HTTP_HOST="127.0.0.1:$PORT" HTTP_ORIGIN="$ORIGIN" \
	    CONTENT_TYPE=application/x-www-form-urlencoded \
	    CONTENT_LENGTH="${#3}" DAIS_DB="$DAIS_DB" DAIS_TEMPLATES="$TEMPLATES" \
	    "$DAIS" serve <<<"${3:-}" 2>>"$T_DIR/cgi.err"
}
cgi GET /submit "" > "$T_DIR/body"
tok=$(first_token)
form="csrf=$tok&event=conf24&session=opening&title=By+CGI&speaker=Ana&organisation=acme&kind=panel&language=en&format=text&body=Thanks.&submitter_name=Ana&submitter_email=cgi%40example.org&consent=yes&action=send"
# The reader marks the end of the answer as soon as it has read it.
{ (CGI_EXEC=1; cgi POST /submit "$form") |
    { cat > "$T_DIR/cgi.out"; touch "$T_DIR/cgi.read"; }; } &
program=$!
check "CGI: the answer's end is read" wait_for test -e "$T_DIR/cgi.read"
check "CGI: the answer is whole while the mailer blocks" grep -q '^Status: 303' "$T_DIR/cgi.out"
wait "$program"
check "CGI: the mailer runs after the answer" wait_for test -s "$T_DIR/started"
eq "CGI: no mail yet" "$(nmails)" 0
check "CGI: a child of the program is still at work, sending" pgrep -f "$T_DIR/slow" >/dev/null
gate 1; gate 2
mail_settle
eq "CGI: both delivered by the program's child" "$(nmails)" 2
has "CGI: the receipt" "$(cat "$T_DIR/mail.log")" "To: cgi@example.org"

# Behind fcgiwrap (Debian's), which ends a request only when the program
# has exited and closed both its stdout and its stderr: the answer comes
# while the mailer still blocks (its gate does not exist yet).
slow_mailer
: > "$T_DIR/mail.log"
printf '#!/bin/sh\nexport DAIS_DB=%s DAIS_TEMPLATES=%s\nexec %s serve\n' \
    "$DAIS_DB" "$TEMPLATES" "$DAIS" > "$T_DIR/dais-cgi"
chmod +x "$T_DIR/dais-cgi"
fcgiwrap -c 1 -s "unix:$T_DIR/fcgiwrap.sock" >>"$T_DIR/fcgiwrap.log" 2>&1 </dev/null &
FCGIWRAP_PID=$!
trap 'kill "$FCGIWRAP_PID" 2>/dev/null; t_stop' EXIT
check "fcgiwrap: started" wait_for test -S "$T_DIR/fcgiwrap.sock"
q "INSERT INTO outbox(recipient, subject, message, created, next_try) VALUES ('fcgiwrap@example.org', 'Behind fcgiwrap', 'To: fcgiwrap@example.org
Subject: Behind fcgiwrap

Hello.', strftime('%s','now'), strftime('%s','now'))"
eq "fcgiwrap: /healthz answered while mail is due (200)" \
    "$(curl -s -m 20 -o /dev/null -w '%{http_code}' "$ORIGIN/cgi/healthz")" 200
check "fcgiwrap: the mailer runs after the answer" wait_for test -s "$T_DIR/started"
eq "fcgiwrap: no mail yet (the mailer still blocks)" "$(nmails)" 0
gate 1
mail_settle
eq "fcgiwrap: delivered once the mailer is let go" "$(nmails)" 1
has "fcgiwrap: the message" "$(cat "$T_DIR/mail.log")" "To: fcgiwrap@example.org"
kill "$FCGIWRAP_PID"; wait "$FCGIWRAP_PID" 2>/dev/null

# dais mail send: what is due, from the command line (cron under CGI).
mailer good "deliver"
q "INSERT INTO outbox(recipient, subject, message, created, next_try) VALUES ('cli@example.org', 'By hand', 'To: cli@example.org
Subject: By hand

Hello.', strftime('%s','now'), strftime('%s','now'))"
: > "$T_DIR/mail.log"
eq "dais mail send: one handed over" "$("$DAIS" mail send)" "1 handed to the mailer"
eq "dais mail send: delivered" "$(nmails)" 1
eq "dais mail send: the outbox empty" "$(q "SELECT count(*) FROM outbox")" 0
"$DAIS" mail retry 999 2>/dev/null; eq "dais mail retry: no such message, exit 1" "$?" 1
"$DAIS" mail frob 2>/dev/null; eq "dais mail: unknown, usage (exit 2)" "$?" 2

# ---- a sender killed mid-attempt, every time: undeliverable in the end -------------------
# The mailer kills the `dais mail send` that runs it (kill -9 $PPID), so
# no attempt ever ends; once the lease is over (set to now here) the
# message is due again; after mail_attempts such attempts it is given
# up, not claimed again and again.
mailer killer "echo run >> '$T_DIR/killer.runs'
kill -9 \$PPID"
"$DAIS" config set mail_attempts 2 >/dev/null
q "DELETE FROM outbox"
q "INSERT INTO outbox(recipient, subject, message, created, next_try) VALUES ('killed@example.org', 'Killed', 'To: killed@example.org
Subject: Killed

Hello.', strftime('%s','now'), strftime('%s','now'))"
for i in 1 2 3 4 5; do
	# (in a shell of its own, which keeps the "Killed" report to itself)
	bash -c '"$1" mail send >/dev/null 2>>"$2"; :' _ "$DAIS" "$T_DIR/send.err" 2>/dev/null
	q "UPDATE outbox SET next_try = 0 WHERE state = 'pending'" # the lease over
done
eq "sender killed each time: undeliverable after 2 attempts" \
    "$(q "SELECT state, attempts, last_error FROM outbox")" "dead|2|interrupted during an attempt"
eq "sender killed each time: the mailer ran twice, no more" "$(wc -l < "$T_DIR/killer.runs")" 2
has "sender killed each time: logged" "$(cat "$T_DIR/send.err")" "its sender stopped during attempt 2 of 2; it is undeliverable"

# ---- SIGCHLD inherited as ignored: a failure is still a failure --------------------------
# With SIGCHLD ignored the kernel reaps the mailer itself and waitpid
# fails (ECHILD): that must not read as a success (the message deleted).
mailer failing "exit 75"
"$DAIS" config set mail_attempts 3 >/dev/null
q "DELETE FROM outbox"
q "INSERT INTO outbox(recipient, subject, message, created, next_try) VALUES ('ign@example.org', 'Ignored', 'To: ign@example.org
Subject: Ignored

Hello.', strftime('%s','now'), strftime('%s','now'))"
perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or die' "$DAIS" mail send >/dev/null 2>&1
eq "SIGCHLD ignored: the failed message kept, its failure counted" \
    "$(q "SELECT state, attempts, last_error FROM outbox")" "pending|1|exit status 75"

# ---- a shutdown while the mailer reads: the message goes whole -------------------------
# The mailer does not read until its gate opens; the message is larger
# than a pipe holds, so dais is still writing it when told to stop. It
# goes on writing (the master waits for it), and the mailer gets it all.
rm -f "$T_DIR"/go.* "$T_DIR/started"
{
	echo '#!/bin/sh'
	echo "echo started >> '$T_DIR/started'"
	echo "while [ ! -e '$T_DIR/go.1' ]; do sleep 0.05; done"
	echo "cat > '$T_DIR/big.out'"
} > "$T_DIR/reader"
chmod +x "$T_DIR/reader"
"$DAIS" config set mail_command "$T_DIR/reader -t -i" >/dev/null
"$DAIS" config set mail_timeout 120 >/dev/null
{ printf 'To: big@example.org\nSubject: Big\n\n'; head -c 300000 /dev/zero | tr '\0' x; echo; echo end; } > "$T_DIR/big.msg"
q "DELETE FROM outbox"
q "INSERT INTO outbox(recipient, subject, message, created, next_try) VALUES ('big@example.org', 'Big', CAST(readfile('$T_DIR/big.msg') AS TEXT), strftime('%s','now'), strftime('%s','now'))"
t_start_dais 1 || { t_finish; exit 1; }
check "shutdown: the mailer started" wait_for test -s "$T_DIR/started"
sender=$(ps -o pid=,comm= --ppid "$DAIS_PID" | awk '$2 == "dais-mail" { print $1 }')
workers=$(worker_pids)
kill -TERM "$DAIS_PID"
# The master tells all its children at once: once the worker is gone,
# the sender has been told too; then its SIGTERM is no longer pending.
for p in $workers; do wait_for sh -c "! kill -0 $p"; done
term_taken() { # SIGTERM (bit 15) pending neither for the thread nor the process
	local v
	for v in $(awk '/^(SigPnd|ShdPnd):/ { print $2 }' "/proc/$sender/status"); do
		(( 0x$v & 0x4000 )) && return 1
	done
	return 0
}
check "shutdown: the sender has had its SIGTERM" wait_for term_taken
gate 1
wait "$DAIS_PID"; DAIS_PID=
check "shutdown: the mailer got the whole message" cmp -s "$T_DIR/big.msg" "$T_DIR/big.out"
eq "shutdown: sent, so gone from the outbox" "$(q "SELECT count(*) FROM outbox")" 0

t_finish
