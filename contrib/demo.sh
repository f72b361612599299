#!/bin/bash
# demo.sh — builds dais and brings up a working demo on 127.0.0.1: nginx and
# `dais serve` over a unix socket, the sample event of the International
# Dialogue on Migration 2024 with its sessions and organisations, sample
# statements sent through the real public form, and a moderator account.
#
#   contrib/demo.sh          build, start (or restart) and print the URLs
#   contrib/demo.sh stop     stop the demo's nginx and dais
#
# Everything lives in run/demo/ (database, socket, logs, nginx config);
# running it again keeps the database and restarts the servers.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
state=$top/run/demo
mkdir -p "$state/tmp" "$state/www"

stop() {
	local f pid
	for f in "$state/nginx.pid" "$state/dais.pid"; do
		[ -s "$f" ] || continue
		pid=$(cat "$f")
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid"
			for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		fi
		rm -f "$f"
	done
}
if [ "${1:-}" = stop ]; then stop; echo "demo stopped"; exit 0; fi

bash contrib/install-deps.sh demo

if [ ! -x build/dais ] || [ -n "$(find cgi schema templates configure.ac Makefile.am -newer build/dais 2>/dev/null | head -1)" ]; then
	echo "== building"
	[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi >/dev/null
	mkdir -p build
	( cd build && { [ -f Makefile ] || ../configure >/dev/null; } && make -j2 >/dev/null )
fi
DAIS=$top/build/dais
export DAIS_DB=$state/dais.db DAIS_TEMPLATES=$top/templates

stop
PORT=${PORT:-8080}
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
BASE=http://127.0.0.1:$PORT/statements

"$DAIS" init >/dev/null
# Absolute links (e-mails, oEmbed, Open Graph) come only from base_url,
# never from a request's Host; the port may differ from the last run.
"$DAIS" config set base_url "$BASE" >/dev/null
first=0
if ! "$DAIS" event list | grep -q '^idm-2024-1'; then
	first=1
	bash contrib/sample/load.sh "$DAIS"
fi
if ! "$DAIS" moderator list | grep -q '^admin'; then
	head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$state/admin-password"
	"$DAIS" moderator add admin --role admin < "$state/admin-password"
fi

. contrib/nginx/conf.sh
nginx_location "$top" "$state" "$state/dais.sock"
NGINX_CONNECTIONS=256 NGINX_ACCESS_LOG=$state/nginx-access.log \
    nginx_conf "$state" "$PORT" "$state/www" "$state/dais-location.conf" "" \
    "location = / { return 302 /news/; }
        # The host site's pages: SSI on here, never on dais's location.
        location /news/ { ssi on; }"

setsid "$DAIS" serve --listen "unix:$state/dais.sock" --workers 2 \
    >>"$state/dais.log" 2>&1 < /dev/null &
echo $! > "$state/dais.pid"
for _ in $(seq 100); do [ -S "$state/dais.sock" ] && break; sleep 0.1; done
nginx -p "$state" -c "$state/nginx.conf" -e "$state/nginx-error.log"
for _ in $(seq 100); do curl -fs -o /dev/null "$BASE/healthz" && break; sleep 0.1; done

# The host site's pages, in English, French and Spanish: each includes
# the statements in its own language.
mkdir -p "$state/www/news/fr" "$state/www/news/es"
cp contrib/sample/news/index.html "$state/www/news/index.html"
cp contrib/sample/news/fr.html "$state/www/news/fr/index.html"
cp contrib/sample/news/es.html "$state/www/news/es/index.html"
if [ "$first" = 1 ]; then
	bash contrib/sample/submit.sh "$BASE" "http://127.0.0.1:$PORT"
	# All but the written statement and the Spanish version of the
	# collective intervention, left in the queue to try moderating.
	bash contrib/sample/approve.sh "$BASE" "http://127.0.0.1:$PORT" admin \
	    "$(cat "$state/admin-password")" \
	    "kind != 'written' AND NOT (original_id IS NOT NULL AND language = 'es')"
fi

cat <<EOF

dais demo is running (database $state/dais.db, logs in $state/).

  Host pages (SSI):    http://127.0.0.1:$PORT/news/ (English),
                       http://127.0.0.1:$PORT/news/fr/ (French),
                       http://127.0.0.1:$PORT/news/es/ (Spanish)
  An event's page:     $BASE/e/idm-2024-1
  Submit a statement:  $BASE/submit
  Moderation queue:    $BASE/moderate
  Administration:      $BASE/admin
  Health:              $BASE/healthz

  Moderator account:   admin / $(cat "$state/admin-password")

Stop it with: contrib/demo.sh stop
EOF
