#!/bin/bash
# bench/run.sh — dais's benchmark suite, one command:
#
#   bench/run.sh           the full run (about 15 minutes on 2 cores)
#   bench/run.sh --quick   a smoke run: a few seconds per case (< 3 minutes)
#   BENCH_ONLY=approve bench/run.sh   the approve → visible cases alone
#   BENCH_ONLY=get bench/run.sh       the fragment GET rows alone
#   BENCH_ONLY=queue bench/run.sh     the queue page with many pending, alone
#   BENCH_ONLY=search bench/run.sh    GET /search over 1,000,000 published
#                                     statements (100,000 with --quick),
#                                     alone; the database is made once and
#                                     kept under /tmp (see case_search)
#   BENCH_ONLY=syscalls bench/run.sh  system calls per fragment request
#                                     (dais, the floor) and the fragment
#                                     GET with --workers 1, 2 and 4
#   BENCH_DAIS=PATH bench/run.sh      measure that dais binary instead of
#                                     building one (an earlier commit's)
#
# Installs what is missing (Debian packages), builds dais out of tree in
# bench/out/build and the baselines (floor.c, insert_floor.c, cgi_exec.c),
# makes the databases (gen.py), starts nginx, `dais serve --workers 2`, the
# FastCGI floors, PHP-FPM and fcgiwrap — all on 127.0.0.1 or unix sockets
# under bench/out/run — runs each case and prints one table of ratios
# measured in this run, each with its target and "meets" or "short". The
# raw outputs (wrk, curl timings, hyperfine) stay in bench/out/results/.
# Everything started is stopped by PID at the end. See bench/README.md.
set -u
export LC_ALL=C

BENCH=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$BENCH")
OUT=$BENCH/out
RUN=$OUT/run
RES=$OUT/results
DB=$OUT/db
BUILD=$OUT/build
DAIS=${BENCH_DAIS:-$BUILD/dais}
PY=/usr/bin/python3 # Debian's, which has python3-bleach
export DAIS_TEMPLATES=$TOP/templates

QUICK=0
case "${1:-}" in
--quick) QUICK=1 ;;
"") ;;
*) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac
if [ $QUICK = 1 ]; then
	DUR=3              # seconds of each wrk case
	WARM=1             # seconds of warm-up before it
	RSS_N=50000        # fragment requests between the RSS readings
	SYSCALL_N=500      # fragment requests under strace
	BIG=100000         # statements in the "large" database
	APPROVALS=10
	QUEUE_N=10         # queue page requests
	SAN_ROUNDS=1 SAN_RUNS=5 BLEACH_RUNS=1
	REPEAT=1           # passes over each group of wrk cases
else
	DUR=10
	WARM=2
	RSS_N=1000000
	SYSCALL_N=2000
	BIG=1000000
	APPROVALS=30
	QUEUE_N=50
	SAN_ROUNDS=5 SAN_RUNS=10 BLEACH_RUNS=1
	REPEAT=3
fi
WRK=(wrk -t2 -c64 --latency --timeout 10s)
WORKERS=2

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
T0=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- processes: every one started is recorded and stopped by PID -----------
PIDS=()
stop_pid() {
	local pid=$1 kids i
	kill -0 "$pid" 2>/dev/null || return 0
	kids=$(ps -o pid= --ppid "$pid" 2>/dev/null)
	kill "$pid" 2>/dev/null
	for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
	kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
	for i in $kids; do kill "$i" 2>/dev/null; done
	wait "$pid" 2>/dev/null
	return 0
}
cleanup() {
	local p
	for p in "${PIDS[@]}"; do stop_pid "$p"; done
	PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM
forget_pid() {
	local keep=() p
	for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	PIDS=("${keep[@]}")
}
wait_for() {
	local i
	for i in $(seq 200); do "$@" 2>/dev/null && return 0; sleep 0.05; done
	return 1
}

# ---- dependencies ------------------------------------------------------------
deps() {
	local want="wrk php-fpm php-sqlite3 fcgiwrap python3-bleach nginx-light
	    sqlite3 curl hyperfine strace" missing="" p
	bash "$TOP/contrib/install-deps.sh" build || die "install-deps.sh failed"
	for p in $want; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		    missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		say "installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		    die "apt-get install$missing failed"
	fi
	PHPFPM=$(ls /usr/sbin/php-fpm* 2>/dev/null | sort -V | tail -1)
	[ -x "$PHPFPM" ] || die "no php-fpm binary"
}

# ---- build -------------------------------------------------------------------
build() {
	rm -rf "$RES" "$OUT/logs"
	mkdir -p "$BUILD" "$RUN" "$RES" "$DB" "$OUT/logs"
	if [ ! -x "$TOP/configure" ] || [ "$TOP/configure.ac" -nt "$TOP/configure" ] ||
	    [ "$TOP/Makefile.am" -nt "$TOP/Makefile.in" ]; then
		say "autoreconf"
		(cd "$TOP" && autoreconf -fi) >"$OUT/logs/autoreconf.log" 2>&1 ||
		    die "autoreconf failed (bench/out/logs/autoreconf.log)"
	fi
	say "building dais in bench/out/build (-O2)"
	if [ -n "${BENCH_DAIS:-}" ]; then
		say "measuring $BENCH_DAIS (BENCH_DAIS), not building dais"
		[ -x "$BENCH_DAIS" ] || die "BENCH_DAIS: $BENCH_DAIS is not executable"
	else
		(cd "$BUILD" && { [ -f Makefile ] || "$TOP/configure" >"$OUT/logs/configure.log" 2>&1; } &&
		    make -j2 dais >"$OUT/logs/make.log" 2>&1) || die "build failed (bench/out/logs/)"
	fi
	cc -O2 -Wall -o "$BUILD/floor" "$BENCH/floor.c" -lfcgi &&
	    cc -O2 -Wall -o "$BUILD/insert_floor" "$BENCH/insert_floor.c" -lfcgi -lsqlite3 &&
	    cc -O2 -Wall -static -DDAIS="\"$DAIS\"" -o "$BUILD/cgi_exec" "$BENCH/cgi_exec.c" &&
	    cc -O2 -Wall -o "$BUILD/syscall_ns" "$BENCH/syscall_ns.c" ||
	    die "building the baselines failed"
}

# ---- data --------------------------------------------------------------------
SESSIONS='panel-1|panel|Evidence-based findings
panel-2|panel|Innovative policy solutions
panel-3|panel|Effective community engagement and social cohesion
panel-4|panel|Diaspora and the private sector
panel-5|panel|More accessible, responsive and socio-economically inclusive regular pathways
session-3|session|Session 3 (written statements)
side-dg|side meeting|Side meeting with the IOM Director-General'
PASSWORD=bench-password-1

# The 1,000-statement database, through the command line where it has one.
base_steps() {
	local ev slug kind title
	"$DAIS" init && bash "$TOP/contrib/sample/load.sh" "$DAIS" || return 1
	for ev in bench-50 bench-4k bench-1000; do
		"$DAIS" event add $ev --title "Bench event $ev" --starts 2024-05-21 \
		    --ends 2024-05-22 --location Geneva || return 1
		while IFS='|' read -r slug kind title; do
			"$DAIS" session add $ev "$slug" --kind "$kind" --title "$title" || return 1
		done <<<"$SESSIONS"
	done
	echo "$PASSWORD" | "$DAIS" moderator add bench --role admin --email bench@example.org &&
	    "$DAIS" config set submit_min_seconds 0 &&
	    "$DAIS" config set rate_submit_per_hour 0 &&
	    "$PY" "$BENCH/gen.py" base "$DAIS_DB" "$DAIS" &&
	    "$PY" "$BENCH/gen.py" add "$DAIS_DB" "$DAIS" bench-50 1 pending &&
	    "$DAIS" render &&
	    "$DAIS" config set static_dir "$OUT/static_dir"
}
make_base() {
	rm -rf "$DB" "$OUT/static_dir" "$OUT/www"
	mkdir -p "$DB" "$OUT/static_dir" "$OUT/www/static"
	DAIS_DB=$DB/base.db base_steps >"$OUT/logs/data.log" 2>&1 ||
	    die "making the base database failed (bench/out/logs/data.log)"
}

# copy_db NAME: an online copy of the base database, without static_dir.
copy_db() {
	DAIS_DB=$DB/base.db "$DAIS" backup "$DB/$1.db" &&
	    DAIS_DB=$DB/$1.db "$DAIS" config set static_dir "" ||
	    die "copying the database to $1.db failed"
}

# ---- servers -------------------------------------------------------------------
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 30000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}

# location PREFIX SOCKET [EXTRA_PARAMS]: the location of contrib/nginx for
# dais, mounted at PREFIX, passing to SOCKET, with extra fastcgi_param lines.
location() {
	sed -e "s|/etc/nginx/dais-fastcgi.conf|$TOP/contrib/nginx/dais-fastcgi.conf|" \
	    -e "s|/statements|$1|g" \
	    -e "s|fastcgi_pass unix:/run/dais/dais.sock;|${3:-}fastcgi_pass unix:$2;|" \
	    "$TOP/contrib/nginx/dais-location.conf"
}

start_nginx() {
	PORT=$(free_port)
	ORIGIN=http://127.0.0.1:$PORT
	BASE=$ORIGIN/statements
	mkdir -p "$RUN/tmp"
	{
		location /statements "$RUN/dais.sock"
		location /floor "$RUN/floor.sock"
		location /insert "$RUN/insert.sock"
		location /php "$RUN/php.sock" "fastcgi_param SCRIPT_FILENAME $BENCH/fragment.php; fastcgi_param DAIS_DB $DB/base.db; "
		location /phpp "$RUN/php.sock" "fastcgi_param SCRIPT_FILENAME $BENCH/fragment.php; fastcgi_param DAIS_DB $DB/base.db; fastcgi_param PERSISTENT 1; "
		location /cgi "$RUN/fcgiwrap.sock" "fastcgi_param SCRIPT_FILENAME $BUILD/cgi_exec; fastcgi_param DAIS_DB $DB/base.db; fastcgi_param DAIS_TEMPLATES $TOP/templates; "
	} >"$RUN/locations.conf"
	# nginx for the benchmark (contrib/nginx/conf.sh, as the demo and the
	# tests): Debian's defaults where they matter (one worker per core,
	# sendfile), the dais location of contrib/nginx/ as the README
	# recommends (unix socket, no fastcgi_keep_conn), the same for the
	# floors, PHP-FPM and fcgiwrap, and static files.
	. "$TOP/contrib/nginx/conf.sh"
	NGINX_WORKERS=auto NGINX_CONNECTIONS=4096 \
	    NGINX_ERROR_LOG=$OUT/logs/nginx-error.log \
	    nginx_conf "$RUN" "$PORT" "$OUT/www" "$RUN/locations.conf" \
	    "sendfile on; tcp_nopush on; default_type application/octet-stream;" \
	    "location /static/ { }
        location /sfiles/ { alias $OUT/static_dir/; }"
	nginx -p "$RUN" -c "$RUN/nginx.conf" -e "$OUT/logs/nginx-error.log" ||
	    die "nginx did not start (bench/out/logs/nginx-error.log)"
	wait_for test -s "$RUN/nginx.pid" || die "nginx wrote no pid file"
	NGINX_PID=$(cat "$RUN/nginx.pid")
	PIDS+=("$NGINX_PID")
}

# start_dais DB [N]: `dais serve --workers 2` (or N) on the dais socket.
DAIS_PID=
start_dais() {
	stop_dais
	rm -f "$RUN/dais.sock"
	DAIS_DB=$1 ${DAIS_WRAP:-} "$DAIS" serve --listen "unix:$RUN/dais.sock" --workers "${2:-$WORKERS}" \
	    >>"$OUT/logs/dais.log" 2>&1 </dev/null &
	DAIS_PID=$!
	PIDS+=("$DAIS_PID")
	wait_for test -S "$RUN/dais.sock" && wait_for curl -fs -o /dev/null "$BASE/healthz" ||
	    die "dais did not start on $1 (bench/out/logs/dais.log)"
}
stop_dais() {
	[ -n "$DAIS_PID" ] || return 0
	stop_pid "$DAIS_PID"
	forget_pid "$DAIS_PID"
	DAIS_PID=
}
# The workers (not the mail sender, which names itself dais-mail).
workers_of() { ps -o pid=,comm= --ppid "$1" | awk '$2 != "dais-mail" { print $1 }'; }

start_floor() {
	rm -f "$RUN/floor.sock"
	"$BUILD/floor" "$RUN/floor.sock" $WORKERS \
	    "/fragment/event/bench-50=$OUT/www/static/event-50.html" \
	    "/fragment/statement/$LONG_ID=$OUT/www/static/statement-4k.html" \
	    >>"$OUT/logs/floor.log" 2>&1 </dev/null &
	FLOOR_PID=$!
	PIDS+=($!)
	wait_for test -S "$RUN/floor.sock" || die "the floor did not start"
}

start_insert_floor() {
	rm -f "$RUN/insert.sock"
	"$BUILD/insert_floor" "$RUN/insert.sock" $WORKERS "$DB/insert.db" bench-50 \
	    "$RES/submit-source.md" "$RES/submit-html.html" \
	    >>"$OUT/logs/insert_floor.log" 2>&1 </dev/null &
	INSERT_PID=$!
	PIDS+=("$INSERT_PID")
	wait_for test -S "$RUN/insert.sock" || die "the insert floor did not start"
}

start_php() {
	cat >"$RUN/php-fpm.conf" <<EOF
[global]
pid = $RUN/php-fpm.pid
error_log = $OUT/logs/php-fpm.log
daemonize = no

[bench]
user = root
group = root
listen = $RUN/php.sock
listen.mode = 0660
pm = static
pm.max_children = $WORKERS
EOF
	rm -f "$RUN/php.sock"
	"$PHPFPM" --nodaemonize --allow-to-run-as-root --fpm-config "$RUN/php-fpm.conf" \
	    >>"$OUT/logs/php-fpm.log" 2>&1 </dev/null &
	PHP_PID=$!
	PIDS+=($!)
	wait_for test -S "$RUN/php.sock" || die "php-fpm did not start (bench/out/logs/php-fpm.log)"
}

start_fcgiwrap() {
	rm -f "$RUN/fcgiwrap.sock"
	fcgiwrap -c $WORKERS -s "unix:$RUN/fcgiwrap.sock" >>"$OUT/logs/fcgiwrap.log" 2>&1 </dev/null &
	PIDS+=($!)
	wait_for test -S "$RUN/fcgiwrap.sock" || die "fcgiwrap did not start"
}

# ---- HTTP helpers --------------------------------------------------------------
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | tail -1; }

signin() {
	curl -fs -o "$RES/login.html" "$BASE/login" || die "GET /login failed"
	curl -s -o /dev/null -D "$RES/login.headers" -H "Origin: $ORIGIN" \
	    --data-urlencode user=bench --data-urlencode "password=$PASSWORD" \
	    --data-urlencode "csrf=$(csrf_of "$RES/login.html")" "$BASE/login"
	COOKIE=$(sed -n 's/^Set-Cookie: dais_session=\([^;]*\).*/\1/ip' "$RES/login.headers" | tr -d '\r')
	[ -n "$COOKIE" ] || die "signing in failed"
}

# approve ID: POSTs the approval as a moderator would (the review page's
# form); prints the status code and the time in seconds.
approve() {
	curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Origin: $ORIGIN" \
	    -H "Cookie: dais_session=$COOKIE" --data-urlencode "csrf=$MOD_CSRF" \
	    --data-urlencode action=approve --data-urlencode rev=1 "$BASE/moderate/$1"
}
review_csrf() {
	curl -fs -o "$RES/review.html" -H "Cookie: dais_session=$COOKIE" "$BASE/moderate/$1" ||
	    die "GET /moderate/$1 failed"
	MOD_CSRF=$(csrf_of "$RES/review.html")
}

# ---- wrk -------------------------------------------------------------------------
# bench NAME URL [WRK ARGS]: a warm-up, then wrk for DUR seconds. Cases
# that are compared run in the same pass, next to each other; there are
# REPEAT passes, in turn forwards and backwards (A B … B A …). A ratio is
# taken within each pass — both sides under the same conditions — and the
# median over the passes is reported (see pair). Run N of NAME is kept as
# RPS P50 P99 (ms) ERR REQS CPU [NAME#N] and in results/NAME.N.txt.
#
# With BENCH_PID set (a server's master), the CPU time its children (the
# workers) spent in the measured run, per request, is kept too (CPU, in
# µs): it moves much less than requests per second with what else the
# machine is doing.
declare -A RPS P50 P99 ERR REQS RUNS CPU
BENCH_PID=
bench() {
	local name=$1 url=$2 n f c0 c1
	shift 2
	n=$(( ${RUNS[$name]:-0} + 1 ))
	RUNS[$name]=$n
	f=$RES/$name.$n.txt
	"${WRK[@]}" -d${WARM}s "$@" "$url" >/dev/null 2>&1
	c0=$(children_cpu "$BENCH_PID")
	"${WRK[@]}" -d${DUR}s "$@" "$url" >"$f" 2>&1
	c1=$(children_cpu "$BENCH_PID")
	echo "worker CPU (clock ticks): $c0 -> $c1" >>"$f"
	parse_wrk "$name#$n" "$f" "$c0" "$c1"
}
# What the workers of $1 (its children but the mail sender) have done so
# far, from /proc:
# bytes read and written through system calls (rchar, wchar: page cache
# or not), read and write calls (syscr, syscw), CPU in clock ticks. These
# do not depend on how fast the machine is (but CPU).
children_io() {
	local p
	for p in $(workers_of "$1"); do
		awk '/^rchar:/ { r = $2 } /^wchar:/ { w = $2 } /^syscr:/ { sr = $2 }
		    /^syscw:/ { sw = $2 } END { printf "%d %d %d %d ", r, w, sr, sw }' "/proc/$p/io"
		awk '{ print $14 + $15 }' "/proc/$p/stat"
	done | awk '{ r += $1; w += $2; sr += $3; sw += $4; t += $5 } END { print r + 0, w + 0, sr + 0, sw + 0, t + 0 }'
}
children_cpu() { # utime + stime of the children of $1, in clock ticks
	local t=0 p
	[ -n "$1" ] || { echo 0; return; }
	for p in $(ps -o pid= --ppid "$1"); do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo $t
}
parse_wrk() {
	local name=$1 f=$2 rps p50 p99 req err cpu=""
	eval "$(awk '
	    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
	        if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v }
	    /Requests\/sec:/ { rps = $2 }
	    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
	    /requests in/ { req = $1 }
	    /Non-2xx or 3xx responses:/ { err += $NF }
	    /Socket errors:/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
	    END { printf "rps=%s p50=%s p99=%s req=%s err=%d\n", rps + 0, p50 + 0, p99 + 0, req + 0, err }' "$f")"
	if [ "${4:-0}" != "${3:-0}" ] && [ "$req" -gt 0 ]; then
		cpu=$(awk -v a="$3" -v b="$4" -v n="$req" -v hz="$(getconf CLK_TCK)" \
		    'BEGIN { printf "%.0f", (b - a) * 1e6 / hz / n }')
	fi
	say "$(printf '%-24s %10.0f req/s  p50 %7.2f ms  p99 %7.2f ms%s%s' "$name" "$rps" "$p50" "$p99" \
	    "$([ -n "$cpu" ] && echo "  $cpu µs CPU/req")" "$([ "$err" -gt 0 ] && echo "  ($err errors)")")"
	RPS[$name]=$rps P50[$name]=$p50 P99[$name]=$p99 ERR[$name]=$err REQS[$name]=$req CPU[$name]=$cpu
}

# pair A B: the ratio of A's requests per second to B's in each pass, and
# the pass with the median ratio: PAIR_RATIO, PAIR_A and PAIR_B (the runs
# of that pass), PAIR_ALL (every pass's ratio, in pass order).
pair() {
	local a=$1 b=$2 n i m
	n=${RUNS[$a]:-0}
	[ "${RUNS[$b]:-0}" -lt "$n" ] && n=${RUNS[$b]:-0}
	PAIR_ALL=""
	for i in $(seq "$n"); do
		PAIR_ALL="$PAIR_ALL $i:$(ratio "${RPS[$a#$i]}" "${RPS[$b#$i]}")"
	done
	m=$(printf '%s\n' $PAIR_ALL | sort -t: -k2 -g | sed -n "$(( (n + 1) / 2 ))p" | cut -d: -f1)
	m=${m:-1}
	PAIR_RATIO=$(ratio "${RPS[$a#$m]:-0}" "${RPS[$b#$m]:-0}")
	PAIR_A=$a#$m PAIR_B=$b#$m
	PAIR_ALL=$(printf '%s\n' $PAIR_ALL | cut -d: -f2 | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')
}
# wrk_row LABEL A B OP TARGET: a table row comparing A with B.
wrk_row() {
	pair "$2" "$3"
	row "$1" "$(cell "$PAIR_A")" "$(cell "$PAIR_B")" "$PAIR_RATIO" "$4" "$5" x
}

# ---- the table ---------------------------------------------------------------------
TABLE=$RES/table.md
cell() { # cell NAME: "N req/s, p50 X ms, p99 Y ms[, Z µs CPU/req]"
	local n=$1 e=""
	[ "${ERR[$n]:-0}" -gt 0 ] && e=" (${ERR[$n]} errors)"
	[ -n "${CPU[$n]:-}" ] && e=", ${CPU[$n]} µs worker CPU/req$e"
	printf '%s req/s, p50 %.2f ms, p99 %.2f ms%s' "$(commas "$(printf '%.0f' "${RPS[$n]}")")" \
	    "${P50[$n]}" "${P99[$n]}" "$e"
}
# row CASE DAIS_CELL BASE_CELL VALUE OP TARGET UNIT: OP is >= or <= (or
# "info": no target); the value is compared with the target.
row() {
	local verdict
	verdict=$(awk -v v="$4" -v op="$5" -v t="$6" 'BEGIN {
	    if (op == "info") print "(info)"; else if (v == "" || v == "nan") print "short";
	    else if ((op == ">=" && v + 0 >= t + 0) || (op == "<=" && v + 0 <= t + 0)) print "meets";
	    else print "short" }')
	local shown target
	case "$7" in
	x) shown=$(printf '%.2f×' "$4")
	   [ -n "${PAIR_ALL:-}" ] && [ "${PAIR_ALL#*,}" != "$PAIR_ALL" ] && shown="$shown (each pass: $PAIR_ALL)" ;;
	*) shown=$(printf '%.1f %s' "$4" "$7") ;;
	esac
	case "$5" in
	info) target="—" ;;
	*) target="${5/>=/≥} $6$([ "$7" = x ] && echo × || echo " $7")"; target=${target/<=/≤} ;;
	esac
	printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$shown" "$target" "$verdict" >>"$TABLE"
}
commas() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "nan"; else printf "%.4f", a / b }'; }

# ---- the cases -------------------------------------------------------------------

# The bytes every backend must answer; checked before measuring.
same_body() { # same_body URL FILE
	curl -fs -o "$RES/check.body" "$1" && cmp -s "$RES/check.body" "$2" ||
	    die "$1 does not answer the same bytes as $2"
}

frag_url() { # frag_url KIND: the path below the mount point
	if [ "$1" = event-50 ]; then echo /fragment/event/bench-50; else echo "/fragment/statement/$LONG_ID"; fi
}
case_fragments() {
	local k url file pass t order
	for k in event-50 statement-4k; do
		url=$(frag_url $k) file=$OUT/www/static/$k.html
		same_body "$BASE$url" "$file"
		same_body "$ORIGIN/static/$k.html" "$file"
		for t in floor php phpp cgi; do same_body "$ORIGIN/$t$url" "$file"; done
	done
	for pass in $(seq "$REPEAT"); do
		order="dais static floor php phpp cgi"
		[ $((pass % 2)) = 0 ] && order="cgi phpp php floor static dais"
		for k in event-50 statement-4k; do
			url=$(frag_url $k)
			for t in $order; do
				case $t in
				dais) BENCH_PID=$DAIS_PID bench "dais-$k" "$BASE$url" ;;
				static) bench "static-$k" "$ORIGIN/static/$k.html" ;;
				floor) BENCH_PID=$FLOOR_PID bench "$t-$k" "$ORIGIN/$t$url" ;;
				php*) BENCH_PID=$PHP_PID bench "$t-$k" "$ORIGIN/$t$url" ;;
				*) bench "$t-$k" "$ORIGIN/$t$url" ;;
				esac
			done
		done
	done
}

# The files dais wrote in static_dir against the same bytes put there by
# hand, measured in turns.
case_static_mode() {
	local pass k f
	same_body "$ORIGIN/sfiles/event/bench-50.html" "$OUT/www/static/event-50.html"
	same_body "$ORIGIN/sfiles/statement/$LONG_ID.html" "$OUT/www/static/statement-4k.html"
	for pass in $(seq "$REPEAT"); do
		for k in event-50 statement-4k; do
			f=event/bench-50.html
			[ $k = statement-4k ] && f=statement/$LONG_ID.html
			if [ $((pass % 2)) = 1 ]; then
				bench "sfiles-$k" "$ORIGIN/sfiles/$f"
				bench "static2-$k" "$ORIGIN/static/$k.html"
			else
				bench "static2-$k" "$ORIGIN/static/$k.html"
				bench "sfiles-$k" "$ORIGIN/sfiles/$f"
			fi
		done
	done
}

# System calls per fragment request: strace -c -f attached to the workers
# of dais (started afresh, as after a restart) and of the floor over
# SYSCALL_N requests made one after another by one curl (nginx in between,
# as in the timed runs, which these are not). The breakdown of each is in
# results/syscalls-NAME.txt; SYSCALLS[NAME] is the calls per request.
declare -A SYSCALLS
strace_requests() { # strace_requests NAME URL MASTER_PID
	local name=$1 url=$2 w args=() n=0 sp f=$RES/syscalls-$1.txt i
	for i in $(seq "$SYSCALL_N"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >"$RES/syscalls.curl"
	# Warm: buffers sized, pages and statements cached.
	head -200 "$RES/syscalls.curl" | curl -fs -K - || die "$url failed"
	for w in $(workers_of "$3"); do args+=(-p "$w"); n=$((n + 1)); done
	strace -c -f -o "$f.strace" "${args[@]}" 2>"$OUT/logs/strace-$name.log" &
	sp=$!
	PIDS+=("$sp")
	# strace prints "Process N attached" once per process it holds.
	wait_for attached "$OUT/logs/strace-$name.log" "$n" ||
	    die "strace did not attach to the workers of $name (bench/out/logs/strace-$name.log)"
	curl -fs -K "$RES/syscalls.curl" || die "$url failed under strace"
	sleep 0.2
	kill -INT "$sp"
	wait "$sp" 2>/dev/null
	forget_pid "$sp"
	{
		echo "$name: strace -c -f of the $n workers over $SYSCALL_N requests of $url, one at a time"
		echo
		cat "$f.strace"
	} >"$f"
	rm -f "$f.strace"
	SYSCALLS[$name]=$(awk -v n="$SYSCALL_N" '$NF == "total" { printf "%.1f", $4 / n }' "$f")
	say "$(printf '%-28s %5s syscalls/request' "syscalls-$name" "${SYSCALLS[$name]}")"
}
attached() { [ "$(grep -c attached "$1")" -ge "$2" ]; }
case_syscalls() {
	local k url
	start_dais "$DB/base.db"
	for k in statement-4k event-50; do
		url=$(frag_url $k)
		strace_requests "dais-$k" "$BASE$url" "$DAIS_PID"
		strace_requests "floor-$k" "$ORIGIN/floor$url" "$FLOOR_PID"
	done
}
# The 4 KB fragment GET with --workers 1, 2 and 4, in passes.
case_workers() {
	local pass n order url
	url=$BASE$(frag_url statement-4k)
	for pass in $(seq "$REPEAT"); do
		order="1 2 4"
		[ $((pass % 2)) = 0 ] && order="4 2 1"
		for n in $order; do
			start_dais "$DB/base.db" "$n"
			BENCH_PID=$DAIS_PID bench "workers$n-statement-4k" "$url"
		done
	done
	start_dais "$DB/base.db"
}
# syscall_rows: the table's rows of system calls per request.
syscall_rows() {
	local k label
	PAIR_ALL=
	for k in statement-4k event-50; do
		if [ $k = event-50 ]; then label="event of 50 ($FRAG_EVENT_KB KB)"
		else label="one statement ($FRAG_ONE_KB KB)"; fi
		row "system calls per fragment request, $label, dais vs the FastCGI floor (strace -c -f of the workers, $(commas "$SYSCALL_N") requests)" \
		    "${SYSCALLS[dais-$k]} syscalls/request" "${SYSCALLS[floor-$k]} syscalls/request" \
		    "$(ratio "${SYSCALLS[dais-$k]}" "${SYSCALLS[floor-$k]}")" info "" x
	done
}
workers_rows() {
	wrk_row "fragment GET, one statement ($FRAG_ONE_KB KB), --workers 1 vs --workers 2" \
	    workers1-statement-4k workers2-statement-4k info ""
	wrk_row "fragment GET, one statement ($FRAG_ONE_KB KB), --workers 4 vs --workers 2" \
	    workers4-statement-4k workers2-statement-4k info ""
}

# The form as the sample contrib/sample/01-*.md would be sent, urlencoded.
# A form token names one sending of the form (sent twice, it is the same
# statement, stored once), so submit.lua puts a token of its own into each
# request: submit_tokens DB N writes N of them, made as dais makes them
# (TIME.NONCE.HMAC-SHA512-256 over purpose, time, session and nonce).
submit_tokens() {
	"$PY" - "$(sqlite3 "$1" "SELECT value FROM setting WHERE key = 'secret_key'")" "$2" \
	    >"$RES/submit-tokens.txt" <<'EOF'
import hashlib, hmac, os, sys, time
key, t = bytes.fromhex(sys.argv[1]), str(int(time.time()))
for _ in range(int(sys.argv[2])):
    n = os.urandom(12).hex()
    msg = b"submit\0" + t.encode() + b"\0\0" + n.encode() + b"\0"
    print("%s.%s.%s" % (t, n, hmac.new(key, msg, hashlib.sha512).hexdigest()[:64]))
EOF
	export BENCH_TOKENS=$RES/submit-tokens.txt
}
submit_body() {
	local f=$TOP/contrib/sample/01-mycp-panel3.md tok=$1
	awk 'body {print} /^$/ && !body {body=1}' "$f" >"$RES/submit-source.md"
	"$DAIS" sanitize --format markdown <"$RES/submit-source.md" >"$RES/submit-html.html"
	"$PY" - "$RES/submit-source.md" "$tok" >"$RES/submit-body.txt" <<'EOF'
import sys, urllib.parse
src = open(sys.argv[1], encoding="utf-8").read()
print(urllib.parse.urlencode([
    ("event", "bench-50"), ("session", "panel-3"),
    ("title", "Regular pathways for children and youth"),
    ("speaker", "Yasmin Okoro"),
    ("speaker_role", "Youth representative, panellist"),
    ("organisation", "mycp"), ("on_behalf_of", ""), ("cosignatories", ""),
    ("kind", "panel"), ("delivered", "2024-05-21"), ("language", "en"),
    ("format", "markdown"), ("body", src), ("action", "send"),
    ("csrf", sys.argv[2]), ("submitter_name", "Bench submitter"),
    ("submitter_email", "bench@example.org"), ("consent", "yes"),
    ("website", "")]), end="")
EOF
}

case_submit() {
	local code n0 n1 pass
	copy_db submit
	copy_db insert
	start_dais "$DB/submit.db"
	curl -fs -o "$RES/submit.html" "$BASE/submit" || die "GET /submit failed"
	submit_body "$(csrf_of "$RES/submit.html")"
	code=$(curl -s -o "$RES/submit-check.html" -w '%{http_code}' -H "Origin: $ORIGIN" \
	    -H 'Content-Type: application/x-www-form-urlencoded' \
	    --data-binary "@$RES/submit-body.txt" "$BASE/submit")
	[ "$code" = 303 ] || die "POST /submit answered $code, not 303 (results/submit-check.html)"
	submit_body TOKEN-OF-THIS-REQUEST # the placeholder submit.lua replaces
	submit_tokens "$DB/submit.db" 500000
	export BENCH_ORIGIN=$ORIGIN BENCH_BODY=$RES/submit-body.txt
	n0=$(sqlite3 "$DB/submit.db" "SELECT count(*) FROM statement")
	submit_run full
	n1=$(sqlite3 "$DB/submit.db" "SELECT count(*) FROM statement")
	say "submit-full: $((n1 - n0)) statements stored"
	[ $((n1 - n0)) -ge "${REQS[submit-full#1]}" ] || die "fewer statements stored than requests answered"
	submit_run normal
	insert_floor_run
	for pass in $(seq 2 "$REPEAT"); do
		if [ $((pass % 2)) = 0 ]; then
			insert_floor_run; submit_run normal; submit_run full
		else
			submit_run full; submit_run normal; insert_floor_run
		fi
	done
	stop_dais
}
submit_run() { # submit_run full|normal: dais with that db_synchronous
	stop_dais
	DAIS_DB=$DB/submit.db "$DAIS" config set db_synchronous "$1" >/dev/null
	start_dais "$DB/submit.db" # the setting is read when a worker starts
	# Each run its own tokens: a run sends well under 50,000 forms.
	SUBMIT_RUNS=$((${SUBMIT_RUNS:-0} + 1))
	export BENCH_TOKEN_OFFSET=$(((SUBMIT_RUNS - 1) * 50000))
	BENCH_PID=$DAIS_PID bench "submit-$1" "$BASE/submit" -s "$BENCH/submit.lua"
}
insert_floor_run() {
	local code
	stop_dais
	start_insert_floor
	code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary "@$RES/submit-body.txt" "$ORIGIN/insert/submit")
	[ "$code" = 303 ] || die "the insert floor answered $code"
	BENCH_PID=$INSERT_PID bench insert-floor "$ORIGIN/insert/submit" -s "$BENCH/submit.lua"
	stop_pid "$INSERT_PID"
	forget_pid "$INSERT_PID"
}

# approve → visible: approvals in an event of 1,000 approved statements;
# with "langs", a quarter of them with approved fr, es and ar versions, so
# that every list has its five display variants (none, en, fr, es, ar).
case_approve() {
	local ids id out code t ms max kb io0 io1 per db=approve${1:+-$1} v=${1:+_LANGS}
	copy_db "$db"
	{
		"$PY" "$BENCH/gen.py" add "$DB/$db.db" "$DAIS" bench-1000 51 approved &&
		if [ -n "${1:-}" ]; then "$PY" "$BENCH/gen.py" translate "$DB/$db.db" bench-1000; fi &&
		"$PY" "$BENCH/gen.py" add "$DB/$db.db" "$DAIS" bench-1000 "$APPROVALS" pending &&
		DAIS_DB=$DB/$db.db "$DAIS" render
	} >>"$OUT/logs/data.log" 2>&1 || die "making $db.db failed"
	say "$db.db: $(sqlite3 "$DB/$db.db" "SELECT count(*) FROM statement s JOIN event e ON e.id = s.event_id WHERE e.slug = 'bench-1000' AND state = 'approved' AND original_id IS NULL") approved in bench-1000 ($(sqlite3 "$DB/$db.db" "SELECT count(*) FROM statement WHERE original_id IS NOT NULL") translations), $APPROVALS to approve"
	start_dais "$DB/$db.db"
	ids=$(sqlite3 "$DB/$db.db" "SELECT public_id FROM statement WHERE state = 'pending' ORDER BY id")
	review_csrf "$(echo "$ids" | head -1)"
	: >"$RES/$db.txt"
	for id in $ids; do
		io0=$(children_io "$DAIS_PID")
		out=$(approve "$id")
		io1=$(children_io "$DAIS_PID")
		echo "$id $out $io0 $io1" >>"$RES/$db.txt"
		[ "${out%% *}" = 303 ] || die "approving $id answered ${out%% *}"
		# Visible: the event fragment now has it.
		curl -fs "$BASE/fragment/event/bench-1000" | grep -q "id=\"dais-$id\"" ||
		    die "$id approved but not in the event fragment"
	done
	ms=$(awk '{ s += $3; n++ } END { printf "%.2f", 1000 * s / n }' "$RES/$db.txt")
	max=$(awk '{ if ($3 > m) m = $3 } END { printf "%.2f", 1000 * m }' "$RES/$db.txt")
	kb=$(curl -fs "$BASE/fragment/event/bench-1000" | wc -c | awk '{ printf "%.0f", $1 / 1024 }')
	# Per approval, from the workers' counters around each POST: KB read
	# and written through system calls, read and write calls, CPU ms.
	per=$(awk -v hz="$(getconf CLK_TCK)" '{ r += $9 - $4; w += $10 - $5; c += $11 - $6 + $12 - $7;
	    t += $13 - $8; n++ } END { printf "%.0f KB read, %.0f KB written, %.0f read/write calls, %.1f ms CPU",
	    r / n / 1024, w / n / 1024, c / n, 1000 * t / hz / n }' "$RES/$db.txt")
	# The writer's transaction has a larger page cache (store.c): the
	# largest worker's RSS after the approvals says what that costs.
	per="$per; largest worker RSS after $(awk -v k="$(for w in $(workers_of "$DAIS_PID"); do rss_of "$w"; done | sort -n | tail -1)" 'BEGIN { printf "%.1f MB", k / 1024 }')"
	printf -v "APPROVE_IO$v" %s "$per"
	printf -v "APPROVE_MS$v" %s "$ms"
	printf -v "APPROVE_MAX$v" %s "$max"
	printf -v "APPROVE_FRAG_KB$v" %s "$kb"
	say "approve ${1:-}: mean $ms ms, max $max ms (event fragment $kb KB); per approval $per"
}

# A hyperfine run; prints the mean in seconds.
hf_mean() { # hf_mean NAME RUNS COMMAND
	hyperfine --warmup 1 --runs "$2" --export-json "$RES/$1.json" "$3" >"$RES/$1.txt" 2>&1 ||
	    die "hyperfine $1 failed (results/$1.txt)"
	"$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$RES/$1.json"
}

# The sanitizer against bleach, in rounds: each round times dais (hyperfine,
# SAN_RUNS runs, the whole process) and then bleach's clean() (in one Python
# process, its start and import left out: the stricter comparison for
# dais); the round with the median ratio is reported.
case_sanitizer() {
	local doc=$OUT/doc.html d c dsize bsize r
	"$PY" "$BENCH/gen.py" doc "$doc" 1000000 "$DAIS" || die "making the document failed"
	"$DAIS" sanitize --format html <"$doc" >"$RES/sanitize-dais.html" || die "dais sanitize failed"
	"$PY" "$BENCH/bleach_bench.py" <"$doc" >"$RES/sanitize-bleach.html" || die "bleach failed"
	dsize=$(wc -c <"$RES/sanitize-dais.html") bsize=$(wc -c <"$RES/sanitize-bleach.html")
	# Both must have read the whole document (their outputs differ a little).
	[ "$dsize" -gt $((bsize * 9 / 10)) ] ||
	    die "dais's sanitizer wrote $dsize bytes, bleach $bsize: it did not read the whole document"
	DOC_MB=$(awk -v n="$(wc -c <"$doc")" 'BEGIN { printf "%.3f", n / 1e6 }')
	: >"$RES/sanitize-rounds.txt"
	for r in $(seq "$SAN_ROUNDS"); do
		d=$(hf_mean "sanitize-dais.$r" "$SAN_RUNS" "$DAIS sanitize --format html < $doc > /dev/null") ||
		    die "timing dais sanitize failed"
		c=$("$PY" "$BENCH/bleach_bench.py" --time "$BLEACH_RUNS" <"$doc") ||
		    die "timing bleach's clean() failed"
		echo "$r $d $c" | awk '{ print $0, $3 / $2 }' >>"$RES/sanitize-rounds.txt"
	done
	read -r r d c SAN_RATIO < <(sort -k4 -g "$RES/sanitize-rounds.txt" | sed -n "$(( (SAN_ROUNDS + 1) / 2 ))p")
	SAN_DAIS=$(awk -v m="$DOC_MB" -v t="$d" 'BEGIN { printf "%.2f", m / t }')
	SAN_CLEAN=$(awk -v m="$DOC_MB" -v t="$c" 'BEGIN { printf "%.2f", m / t }')
	SAN_ALL=$(awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $4 }' "$RES/sanitize-rounds.txt")
	say "sanitizer: dais $SAN_DAIS MB/s, bleach's clean() $SAN_CLEAN MB/s ($DOC_MB MB; ratios by round: $SAN_ALL)"
}

rss_of() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; } # kB
case_rss() {
	local w total=0 url=$BASE/fragment/event/bench-50 chunk
	start_dais "$DB/base.db"
	RSS_START=() RSS_WARM=() RSS_END=()
	RSS_WORKERS=$(workers_of "$DAIS_PID")
	for w in $RSS_WORKERS; do RSS_START+=("$(rss_of "$w")"); cat "/proc/$w/status" >"$RES/rss-start-$w.txt"; done
	# The first 1,000 requests size the buffers, the SQLite page cache and
	# the heap; a leak would show after that.
	for w in $(seq 1000); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >"$RES/rss-warm.curl"
	curl -fs --no-progress-meter -K "$RES/rss-warm.curl" -Z --parallel-max 4 2>/dev/null ||
	    die "warm-up requests failed"
	total=1000
	for w in $RSS_WORKERS; do RSS_WARM+=("$(rss_of "$w")"); done
	chunk=$([ $QUICK = 1 ] && echo 2 || echo 10)
	echo "$total $(for w in $RSS_WORKERS; do rss_of "$w"; done | tr '\n' ' ')" >"$RES/rss.txt"
	while [ "$total" -lt "$RSS_N" ]; do
		"${WRK[@]}" -d${chunk}s "$url" >"$RES/rss-wrk.txt" 2>&1
		total=$((total + $(awk '/requests in/ { print $1 }' "$RES/rss-wrk.txt")))
		echo "$total $(for w in $RSS_WORKERS; do rss_of "$w"; done | tr '\n' ' ')" >>"$RES/rss.txt"
	done
	for w in $RSS_WORKERS; do RSS_END+=("$(rss_of "$w")"); cat "/proc/$w/status" >"$RES/rss-end-$w.txt"; done
	RSS_TOTAL=$total
	RSS_MAX_MB=$(printf '%s\n' "${RSS_END[@]}" | sort -n | tail -1 | awk '{ printf "%.2f", $1 / 1024 }')
	RSS_GROWTH=$(growth RSS_START RSS_END)
	RSS_GROWTH_WARM=$(growth RSS_WARM RSS_END)
	say "RSS after start: ${RSS_START[*]} kB; after 1,000 requests: ${RSS_WARM[*]} kB; after $total: ${RSS_END[*]} kB"
}
# growth ARRAY1 ARRAY2: the largest growth of one worker, in %.
growth() {
	local -n a=$1 b=$2
	paste <(printf '%s\n' "${a[@]}") <(printf '%s\n' "${b[@]}") |
	    awk '{ g = 100 * ($2 - $1) / $1; if (NR == 1 || g > m) m = g } END { printf "%.1f", m }'
}

case_scale() {
	local n=$((BIG - 1000)) pass db
	copy_db big
	say "big.db: adding $n statements and their fragments (SQL)"
	"$PY" "$BENCH/gen.py" bulk "$DB/big.db" "$n" >>"$OUT/logs/data.log" 2>&1 || die "gen.py bulk failed"
	BIG_COUNT=$(sqlite3 "$DB/big.db" "SELECT count(*) FROM statement")
	BIG_SIZE=$(du -m "$DB/big.db" | cut -f1)
	say "big.db: $BIG_COUNT statements, $BIG_SIZE MB"
	start_dais "$DB/big.db"
	same_body "$BASE/fragment/event/bench-50" "$OUT/www/static/event-50.html"
	for pass in $(seq "$REPEAT"); do
		for db in $([ $((pass % 2)) = 1 ] && echo "base big" || echo "big base"); do
			start_dais "$DB/$db.db"
			BENCH_PID=$DAIS_PID bench "scale-$db" "$BASE/fragment/event/bench-50"
		done
	done
	stop_dais
	rm -f "$DB/big.db" "$DB/big.db-wal" "$DB/big.db-shm" # gigabytes
}

case_queue() {
	local i
	copy_db queue
	"$PY" "$BENCH/gen.py" pending "$DB/queue.db" 100000 >>"$OUT/logs/data.log" 2>&1 || die "gen.py pending failed"
	QUEUE_PENDING=$(sqlite3 "$DB/queue.db" "SELECT count(*) FROM statement WHERE state = 'pending'")
	start_dais "$DB/queue.db"
	curl -fs -o "$RES/queue.html" -H "Cookie: dais_session=$COOKIE" "$BASE/moderate" &&
	    grep -q 'q0000000' "$RES/queue.html" || die "the queue page does not show the pending statements"
	: >"$RES/queue.txt"
	for i in $(seq "$QUEUE_N"); do
		curl -fs -o /dev/null -w '%{time_total}\n' -H "Cookie: dais_session=$COOKIE" "$BASE/moderate" >>"$RES/queue.txt" ||
		    die "GET /moderate failed"
	done
	QUEUE_MS=$(awk '{ s += $1; n++ } END { printf "%.2f", 1000 * s / n }' "$RES/queue.txt")
	QUEUE_MAX=$(sort -n "$RES/queue.txt" | tail -1 | awk '{ printf "%.2f", 1000 * $1 }')
	say "queue page ($QUEUE_PENDING pending): mean $QUEUE_MS ms, max $QUEUE_MAX ms"
	stop_dais
}

# ---- public search ---------------------------------------------------------------
# GET /search over $BIG published statements (gen.py search: straight into
# the tables by SQL, one transaction, and the index as dais makes it). The
# database takes minutes to make (about 4 on 2 cores for 1,000,000), so it
# is made once and kept under /tmp, named by the count and a digest of the
# migrations, the sample data and gen.py: a rerun measures at once. Each
# query is asked SEARCH_N times in a row through nginx (after 5 to warm
# up); its mean and 95th percentile are reported.
SEARCH_N=$([ $QUICK = 1 ] && echo 50 || echo 200)
search_settings() { # search_settings DB: the renderer's and sanitizer's
	# versions of this dais, so that `dais serve` does not render every
	# statement again at start (the bench has no use for their fragments).
	local tiny=$DB/search-tiny.db k v
	rm -f "$tiny"*
	DAIS_DB=$tiny "$DAIS" init >/dev/null 2>&1 && DAIS_DB=$tiny "$DAIS" render >/dev/null 2>&1 ||
	    die "dais render on an empty database failed"
	for k in renderer_version sanitizer_version; do
		v=$(sqlite3 "$tiny" "SELECT value FROM setting WHERE key = '$k'")
		sqlite3 "$1" "INSERT INTO setting(key, value) VALUES ('$k', '$v') ON CONFLICT(key) DO UPDATE SET value = excluded.value" ||
		    die "setting $k in $1 failed"
	done
	rm -f "$tiny"*
}
case_search() {
	local key db name qs f
	key=$(cat "$TOP"/schema/*.sql "$TOP/contrib/sample/load.sh" "$BENCH/gen.py" | md5sum | cut -c1-12)
	db=/tmp/dais-bench-search-$BIG-$key.db
	if [ ! -s "$db" ]; then
		say "search: making $(commas "$BIG") published statements (once: kept as $db)"
		rm -f "$db.new"*
		{ DAIS_DB=$db.new "$DAIS" init && DAIS_DB=$db.new bash "$TOP/contrib/sample/load.sh" "$DAIS" &&
		    "$PY" "$BENCH/gen.py" search "$db.new" "$BIG"; } >>"$OUT/logs/data.log" 2>&1 ||
		    die "gen.py search failed (bench/out/logs/data.log)"
		mv "$db.new" "$db"
	fi
	search_settings "$db"
	SEARCH_COUNT=$(sqlite3 "$db" "SELECT count(*) FROM search")
	SEARCH_SIZE=$(du -m "$db" | cut -f1)
	say "search: $SEARCH_COUNT statements in the index, $SEARCH_SIZE MB"
	start_dais "$db"
	RARE=$(cd "$BENCH" && "$PY" -c 'from gen import place_name; print(place_name(4242))')
	SEARCH_CASES=("common word|q=migrants" "rare word|q=$RARE" "two words|q=regular+pathways"
	    "a word and a filter|q=children&event=search-42" "the form alone|")
	: >"$RES/search.txt"
	for name in "${SEARCH_CASES[@]}"; do
		qs=${name#*|}
		f=$RES/search-$(echo "${name%%|*}" | tr ' ' '-').txt
		curl -fs -o "$f.html" "$BASE/search?$qs" || die "GET /search?$qs failed"
		[ -z "$qs" ] || grep -q 'class="hit"' "$f.html" || die "GET /search?$qs found nothing"
		for i in 1 2 3 4 5; do curl -fs -o /dev/null "$BASE/search?$qs"; done
		: >"$f"
		for i in $(seq "$SEARCH_N"); do
			curl -fs -o /dev/null -w '%{time_total}\n' "$BASE/search?$qs" >>"$f" || die "GET /search?$qs failed"
		done
		printf '%s|%s|%s|%s|%s\n' "${name%%|*}" "$qs" \
		    "$(sed -n 's/.*class="count-label" role="status">\([^.]*\)\..*/\1/p' "$f.html")" \
		    "$(awk '{ s += $1; n++ } END { printf "%.1f", 1000 * s / n }' "$f")" \
		    "$(sort -n "$f" | awk '{ v[NR] = $1 } END { i = int(NR * 0.95 + 0.999); if (i > NR) i = NR; printf "%.1f", 1000 * v[i] }')" \
		    >>"$RES/search.txt"
	done
	stop_dais
	while IFS='|' read -r name qs hits mean p95; do
		say "search, $name (${qs:-no query}; ${hits:-—}): mean $mean ms, p95 $p95 ms"
	done <"$RES/search.txt"
}
search_rows() {
	local name qs hits mean p95
	while IFS='|' read -r name qs hits mean p95; do
		row "GET /search, $(commas "$SEARCH_COUNT") published statements: $name (${qs:-no query}; ${hits:-—}; $SEARCH_N requests in a row)" \
		    "mean $mean ms, p95 $p95 ms" "—" "$p95" "<=" 50 ms
	done <"$RES/search.txt"
}

# ---- main ------------------------------------------------------------------------------
deps
build
# BENCH_ONLY=search: GET /search over $BIG published statements, alone.
if [ "${BENCH_ONLY:-}" = search ]; then
	start_nginx
	case_search
	echo "| case | dais | baseline | ratio or value | target | result |" >"$TABLE"
	echo "|---|---|---|---|---|---|" >>"$TABLE"
	search_rows
	cat "$TABLE"
	exit 0
fi
SYSCALL_NS=$("$BUILD/syscall_ns") || die "syscall_ns failed"
echo "$SYSCALL_NS" >"$RES/syscall_ns.txt"
say "this machine: $SYSCALL_NS"
say "data: base database (1,000 statements)"
make_base
start_nginx
start_php
start_fcgiwrap
start_dais "$DB/base.db"
signin
# The pending statements of bench-50 and bench-4k approved through the
# app: dais renders their fragments in the transaction and writes the
# static files (static_dir) of every fragment that changed.
review_csrf "$(sqlite3 "$DB/base.db" "SELECT public_id FROM statement WHERE state = 'pending' LIMIT 1")"
for id in $(sqlite3 "$DB/base.db" "SELECT public_id FROM statement WHERE state = 'pending'"); do
	[ "$(approve "$id" | cut -d' ' -f1)" = 303 ] || die "approving $id failed"
done
LONG_ID=$(sqlite3 "$DB/base.db" "SELECT public_id FROM statement s JOIN event e ON e.id = s.event_id WHERE e.slug = 'bench-4k'")
curl -fs -o "$OUT/www/static/event-50.html" "$BASE/fragment/event/bench-50" &&
    curl -fs -o "$OUT/www/static/statement-4k.html" "$BASE/fragment/statement/$LONG_ID" ||
    die "fetching the fragments failed"
FRAG_EVENT_KB=$(( $(wc -c <"$OUT/www/static/event-50.html") / 1024 ))
FRAG_ONE_KB=$(awk -v n="$(wc -c <"$OUT/www/static/statement-4k.html")" 'BEGIN { printf "%.1f", n / 1024 }')
BASE_COUNT=$(sqlite3 "$DB/base.db" "SELECT count(*) FROM statement")
say "base.db: $BASE_COUNT statements; event fragment $FRAG_EVENT_KB KB, statement fragment $FRAG_ONE_KB KB"
start_floor

# BENCH_ONLY=approve: the two approve cases alone (a few minutes).
if [ "${BENCH_ONLY:-}" = approve ]; then
	say "approve -> visible"
	case_approve
	say "approve -> visible, four languages"
	case_approve langs
	stop_dais
	echo "approve → visible, event of 1,000: mean $APPROVE_MS ms, max $APPROVE_MAX ms (event fragment $APPROVE_FRAG_KB KB); per approval $APPROVE_IO"
	echo "approve → visible, four languages: mean $APPROVE_MS_LANGS ms, max $APPROVE_MAX_LANGS ms (event fragment $APPROVE_FRAG_KB_LANGS KB); per approval $APPROVE_IO_LANGS"
	exit 0
fi

# BENCH_ONLY=queue: the queue page with many pending, alone.
if [ "${BENCH_ONLY:-}" = queue ]; then
	case_queue
	stop_dais
	echo "queue page ($QUEUE_PENDING pending): mean $QUEUE_MS ms, max $QUEUE_MAX ms"
	exit 0
fi

# BENCH_ONLY=syscalls: system calls per request, and --workers 1, 2, 4.
if [ "${BENCH_ONLY:-}" = syscalls ]; then
	for k in statement-4k event-50; do
		same_body "$BASE$(frag_url $k)" "$OUT/www/static/$k.html"
		same_body "$ORIGIN/floor$(frag_url $k)" "$OUT/www/static/$k.html"
	done
	say "system calls per fragment request"
	case_syscalls
	say "fragment GET with --workers 1, 2, 4"
	case_workers
	echo "| case | dais | baseline | ratio or value | target | result |" >"$TABLE"
	echo "|---|---|---|---|---|---|" >>"$TABLE"
	syscall_rows
	workers_rows
	stop_dais
	echo "this machine: $SYSCALL_NS"
	cat "$TABLE"
	exit 0
fi

say "fragment GET: dais, nginx static, FastCGI floor, PHP-FPM, CGI"
case_fragments
# BENCH_ONLY=get: the fragment GET rows alone (a few minutes).
if [ "${BENCH_ONLY:-}" = get ]; then
	echo "| case | dais | baseline | ratio or value | target | result |" >"$TABLE"
	echo "|---|---|---|---|---|---|" >>"$TABLE"
	wrk_row "fragment GET, event of 50 ($FRAG_EVENT_KB KB) vs (b) FastCGI floor" dais-event-50 floor-event-50 ">=" 0.9
	wrk_row "fragment GET, one statement ($FRAG_ONE_KB KB) vs (b) FastCGI floor" dais-statement-4k floor-statement-4k ">=" 0.9
	stop_dais
	cat "$TABLE"
	exit 0
fi
say "system calls per fragment request"
case_syscalls
say "fragment GET with --workers 1, 2, 4"
case_workers
say "static-files mode"
case_static_mode
say "RSS"
case_rss
say "1,000 vs $BIG statements"
case_scale
say "POST /submit"
case_submit
say "approve -> visible"
case_approve
say "approve -> visible, four languages"
case_approve langs
say "queue page"
case_queue
say "sanitizer"
case_sanitizer
say "search"
case_search

# ---- the table -----------------------------------------------------------------------
{
	echo "| case | dais | baseline | ratio or value | target | result |"
	echo "|---|---|---|---|---|---|"
} >"$TABLE"
for k in event-50 statement-4k; do
	if [ $k = event-50 ]; then label="fragment GET, event of 50 ($FRAG_EVENT_KB KB)"
	else label="fragment GET, one statement ($FRAG_ONE_KB KB)"; fi
	wrk_row "$label vs (a) nginx static file" "dais-$k" "static-$k" info ""
	wrk_row "$label vs (b) FastCGI floor" "dais-$k" "floor-$k" ">=" 0.9
	wrk_row "$label vs (c) PHP-FPM + SQLite, opened per request" "dais-$k" "php-$k" ">=" 6
	wrk_row "$label vs (c′) PHP-FPM + SQLite, persistent PDO connection" "dais-$k" "phpp-$k" info ""
	wrk_row "$label vs (d) CGI under fcgiwrap" "dais-$k" "cgi-$k" ">=" 25
done
syscall_rows
workers_rows
wrk_row "static-files mode, event of 50, vs (a)" sfiles-event-50 static2-event-50 ">=" 0.95
wrk_row "static-files mode, one statement, vs (a)" sfiles-statement-4k static2-statement-4k ">=" 0.95
wrk_row "POST /submit, synchronous=FULL, vs insert-only floor (FULL)" submit-full insert-floor ">=" 0.5
wrk_row "POST /submit, synchronous=NORMAL, vs insert-only floor (FULL)" submit-normal insert-floor info ""
PAIR_ALL=
row "approve → visible, event of 1,000 ($APPROVALS approvals over HTTP; event fragment $APPROVE_FRAG_KB KB)" \
    "mean $APPROVE_MS ms, max $APPROVE_MAX ms; per approval $APPROVE_IO" "—" "$APPROVE_MS" "<=" 20 ms
row "approve → visible, event of 1,000, a quarter with fr/es/ar versions, five display variants ($APPROVALS approvals; event fragment $APPROVE_FRAG_KB_LANGS KB)" \
    "mean $APPROVE_MS_LANGS ms, max $APPROVE_MAX_LANGS ms; per approval $APPROVE_IO_LANGS" "—" "$APPROVE_MS_LANGS" "<=" 20 ms
PAIR_ALL=$([ "$SAN_ROUNDS" -gt 1 ] && echo "$SAN_ALL")
row "sanitizer, $DOC_MB MB of pasted HTML, vs python3-bleach's clean()" \
    "$SAN_DAIS MB/s (dais sanitize, the whole process)" "$SAN_CLEAN MB/s (clean() alone, in-process)" \
    "$SAN_RATIO" ">=" 10 x
PAIR_ALL=
row "worker RSS after $(commas "$RSS_TOTAL") fragment requests (largest worker)" \
    "$(printf '%s ' "${RSS_END[@]}")kB" "—" "$RSS_MAX_MB" "<=" 10 MB
row "worker RSS growth, after start → after $(commas "$RSS_TOTAL") requests (largest)" \
    "$(printf '%s ' "${RSS_START[@]}")→ $(printf '%s ' "${RSS_END[@]}")kB" "—" "$RSS_GROWTH" "<=" 10 %
row "worker RSS growth, after 1,000 requests → after $(commas "$RSS_TOTAL")" \
    "$(printf '%s ' "${RSS_WARM[@]}")→ $(printf '%s ' "${RSS_END[@]}")kB" "—" "$RSS_GROWTH_WARM" info "" %
wrk_row "fragment GET (event of 50) with $(commas "$BIG_COUNT") statements vs $(commas "$BASE_COUNT")" \
    scale-big scale-base ">=" 0.9
PAIR_ALL=
row "queue page (GET /moderate) with $(commas "$QUEUE_PENDING") pending ($QUEUE_N requests)" \
    "mean $QUEUE_MS ms, max $QUEUE_MAX ms" "—" "$QUEUE_MS" "<=" 50 ms
search_rows

echo
echo "dais benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r), wrk -t2 -c64 -d${DUR}s, dais --workers $WORKERS$([ $QUICK = 1 ] && echo ", --quick")"
echo "time per system call: $SYSCALL_NS"
echo "load average at the start $LOAD0, at the end $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows every case)"
echo
cat "$TABLE"
echo
echo "raw results: bench/out/results/ — took $(( $(date +%s) - T0 )) s"
