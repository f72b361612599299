# lib.sh — shared by the shell tests: a real nginx and `dais serve` on free
# 127.0.0.1 ports in a private folder, HTTP helpers and assertions.
#
# Sourced by tests/*.sh, which automake runs with srcdir, top_srcdir,
# top_builddir and DAIS set. Each test prints "NAME: N passed, N failed".

set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${DAIS:=$top_builddir/dais}"
TEMPLATES=$top_srcdir/templates
export DAIS_TEMPLATES=$TEMPLATES

T_NAME=$(basename "$0" .sh)
T_PASS=0
T_FAIL=0
T_DIR=$(mktemp -d "/tmp/dais-$T_NAME.XXXXXX")
NGINX_PID=
DAIS_PID=
export DAIS_DB=$T_DIR/dais.db

# Besides passes and failures, the distinct checks: a check is known by its
# description (check, eq, has, hasnt), or by where a bare `ok` or `fail`
# stands in the suite; one run over and over in a loop with the same
# description counts once.
declare -A T_SEEN=()
T_DISTINCT_MORE=0 # checks counted by a program the suite ran (browser tests)
ok() { T_PASS=$((T_PASS + 1)); T_SEEN["${1:-${BASH_SOURCE[1]}:${BASH_LINENO[0]}}"]=1; }
fail() { T_FAIL=$((T_FAIL + 1)); T_SEEN["${T_LABEL:-${BASH_SOURCE[1]}:${BASH_LINENO[0]}}"]=1; printf 'FAIL: %s\n' "$*" >&2; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() { local d=$1 T_LABEL=$1; shift; if "$@"; then ok "$d"; else fail "$d"; fi; }
# eq DESCRIPTION GOT WANT
eq() { local T_LABEL=$1; if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: got [$2], want [$3]"; fi; }
# has DESCRIPTION HAYSTACK NEEDLE
has() { local T_LABEL=$1; case $2 in *"$3"*) ok "$1" ;; *) fail "$1: [$3] not in [$(printf '%s' "$2" | head -c 300)]" ;; esac; }
hasnt() { local T_LABEL=$1; case $2 in *"$3"*) fail "$1: [$3] found" ;; *) ok "$1" ;; esac; }

# What the server wrote to its log: a sanitizer's report (the sanitizer
# build: ASan, UBSan, and LeakSanitizer as each worker ends), or a worker or
# the mail sender that ended while serving and was restarted, fails the
# suite. A suite that kills processes on purpose sets T_RESTARTS_OK=1.
T_SAN_RE='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: [A-Za-z]*Sanitizer'
t_log_check() {
	local f=$T_DIR/dais.log
	[ -f "$f" ] || return 0
	if grep -qE "$T_SAN_RE" "$f"; then
		fail "a sanitizer report in dais.log: $(grep -m 3 -E "$T_SAN_RE" "$f" | tr '\n' ' ')"
	else
		ok "no sanitizer report in the server's log"
	fi
	[ -z "${T_RESTARTS_OK:-}" ] || return 0
	if grep -qE '(worker|mail sender) [0-9]+ (ended|could not start)' "$f"; then
		fail "a process of dais ended while serving: $(grep -m 3 -E '(worker|mail sender) [0-9]+ (ended|could not start)' "$f" | tr '\n' ' ')"
	else
		ok "no worker or mail sender ended while serving"
	fi
}

t_finish() {
	t_stop
	t_log_check
	printf '%s: %d passed, %d failed (%d distinct checks)\n' "$T_NAME" "$T_PASS" \
	    "$T_FAIL" "$((${#T_SEEN[@]} + T_DISTINCT_MORE))"
	if [ "$T_FAIL" -eq 0 ]; then rm -rf "$T_DIR"; else echo "kept $T_DIR" >&2; fi
	[ "$T_FAIL" -eq 0 ]
}

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
	local p
	while :; do
		# below Linux's ephemeral range (32768-60999), so that no
		# outgoing connection can hold it
		p=$((20000 + RANDOM % 12000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"; return
		fi
	done
}

# Waits until a command succeeds (up to about 10 s, or WAIT_TRIES × 0.05 s).
wait_for() {
	local i=0
	until "$@" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt "${WAIT_TRIES:-200}" ] || return 1; sleep 0.05
	done
}

# t_nginx_conf EXTRA_SERVER_DIRECTIVES: writes nginx.conf for the test
# (contrib/nginx/conf.sh, as the demo and the benchmark do). The dais
# location is the one in contrib/, with the socket path replaced.
. "$top_srcdir/contrib/nginx/conf.sh"
# With T_STOCK_PARAMS=1 the location includes the web server's own
# /etc/nginx/fastcgi_params as shipped (Debian's passes HTTP_HOST as
# $host, without the port, and no PATH_INFO) instead of contrib's
# dais-fastcgi.conf, as a site set up from an nginx guide does.
STOCK_PARAMS=${STOCK_PARAMS:-/etc/nginx/fastcgi_params}
t_nginx_conf() {
	mkdir -p "$T_DIR/www"
	nginx_location "$top_srcdir" "$T_DIR" "$T_DIR/dais.sock"
	if [ "${T_STOCK_PARAMS:-0}" = 1 ]; then
		sed -i "s|include .*/dais-fastcgi.conf;|include $STOCK_PARAMS;|" \
		    "$T_DIR/dais-location.conf"
	fi
	nginx_conf "$T_DIR" "$PORT" "$T_DIR/www" "$T_DIR/dais-location.conf" "" "${1:-}"
}

# t_start_nginx [EXTRA_SERVER_DIRECTIVES]: on $PORT if set, else on a free
# port, tried again on another if it was taken meanwhile.
t_start_nginx() {
	local fixed=${PORT:-} i
	for i in 1 2 3 4 5; do
		PORT=${fixed:-$(free_port)}
		t_try_nginx "${1:-}" && return 0
		[ -z "$fixed" ] && grep -q 'Address already in use' \
		    "$T_DIR/nginx-error.log" || break
	done
	fail "nginx did not start: $(tail -2 "$T_DIR/nginx-error.log" 2>/dev/null)"
	return 1
}

# t_try_nginx EXTRA: starts nginx on $PORT; 1 (and its log) if it fails.
t_try_nginx() {
	BASE=http://127.0.0.1:$PORT/statements
	t_nginx_conf "$1"
	nginx -p "$T_DIR" -c "$T_DIR/nginx.conf" -e "$T_DIR/nginx-error.log" \
	    2>>"$T_DIR/nginx-error.log" || return 1
	wait_for test -s "$T_DIR/nginx.pid"
	NGINX_PID=$(cat "$T_DIR/nginx.pid")
}

# mail_settle: waits until nothing waits in the outbox (every message
# queued so far handed to the mailer, and the mailer done with it; one
# scheduled for later is not waiting before its time): mail goes out
# after the response, from dais's sender process.
outbox_empty() {
	[ "$(sqlite3 "$DAIS_DB" "SELECT count(*) FROM outbox WHERE state = \
	    'pending' AND NOT (attempts = 0 AND next_try > created AND \
	    next_try > strftime('%s', 'now'))" 2>/dev/null)" = 0 ]
}
# Up to 30 s: the sender gets its turn late on a loaded machine.
mail_settle() { WAIT_TRIES=600 wait_for outbox_empty || fail "mail still waiting in the outbox"; }
# mail_reset LOG: empties a fake sendmail's LOG once the mail sent so
# far is in it.
mail_reset() { mail_settle; : > "$1"; }

t_init_db() {
	"$DAIS" init >/dev/null || { fail "dais init"; return 1; }
}

# t_start_dais [WORKERS]. With DAIS_VALGRIND=DIR (make check-valgrind) the
# server runs under valgrind memcheck, a log per process in DIR, checked by
# vg_check.
t_start_dais() {
	local wrap=() tries=200
	if [ -n "${DAIS_VALGRIND:-}" ]; then
		wrap=(valgrind --leak-check=full --errors-for-leak-kinds=definite
		    --num-callers=30 --log-file="$DAIS_VALGRIND/$T_NAME.%p.log")
		tries=1200
	fi
	"${wrap[@]}" "$DAIS" serve --listen "unix:$T_DIR/dais.sock" \
	    --workers "${1:-2}" >>"$T_DIR/dais.log" 2>&1 </dev/null &
	DAIS_PID=$!
	WAIT_TRIES=$tries wait_for test -S "$T_DIR/dais.sock" ||
	    { fail "dais did not start"; return 1; }
	WAIT_TRIES=$tries wait_for curl -fsS -o /dev/null "$BASE/healthz"
}

. "$top_srcdir/tests/vg_check.sh" # vg_check LOG...

# worker_pids [MASTER]: the master's workers (its children but the mail
# sender, which names itself dais-mail).
worker_pids() {
	ps -o pid=,comm= --ppid "${1:-$DAIS_PID}" | awk '$2 != "dais-mail" { print $1 }'
}

t_stop_dais() {
	if [ -n "$DAIS_PID" ]; then
		kill "$DAIS_PID" 2>/dev/null
		wait "$DAIS_PID" 2>/dev/null
		DAIS_PID=
	fi
}

t_stop() {
	t_stop_dais
	if [ -n "$NGINX_PID" ]; then
		kill "$NGINX_PID" 2>/dev/null
		local i=0
		while kill -0 "$NGINX_PID" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.05; i=$((i + 1))
		done
		NGINX_PID=
	fi
}

t_up() {
	t_init_db && t_start_nginx "${1:-}" && t_start_dais "${2:-2}"
}

trap 't_stop' EXIT

# status URL [curl args]: the HTTP status code only.
status() { local u=$1; shift; curl -s -o /dev/null -w '%{http_code}' "$@" "$u"; }
# fetch URL [curl args]: status line, headers and body into $T_DIR/resp;
# prints the body.
fetch() {
	local u=$1; shift
	curl -s -D "$T_DIR/headers" -o "$T_DIR/body" "$@" "$u"
	cat "$T_DIR/body"
}
header() { grep -i "^$1:" "$T_DIR/headers" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

# mint PURPOSE SESSION_HASH [TIME [NONCE]]: a form token as dais makes it,
# TIME.NONCE.MAC with MAC = HMAC-SHA512-256(secret, purpose NUL time NUL
# session NUL nonce NUL); the session is the BLAKE2b-256 of the cookie
# (empty when signed out), the nonce 24 random hex digits. A fresh nonce
# makes a new token: a token names one sending of a form.
mint() {
	local t=${3:-$(date +%s)} n=${4:-$(openssl rand -hex 12)}
	: "${SECRET:=$(sqlite3 "$DAIS_DB" "SELECT value FROM setting WHERE key = 'secret_key'")}"
	printf '%s.%s.%s' "$t" "$n" "$(printf '%s\0%s\0%s\0%s\0' "$1" "$t" "$2" "$n" |
	    openssl dgst -sha512 -mac HMAC -macopt "hexkey:$SECRET" |
	    sed 's/.*= //' | cut -c1-64)"
}
# The nonce of a token.
nonce_of() { local x=${1#*.}; printf '%s' "${x%%.*}"; }
