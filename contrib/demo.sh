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

sed -e "s|/etc/nginx/dais-fastcgi.conf|$top/contrib/nginx/dais-fastcgi.conf|" \
    -e "s|unix:/run/dais/dais.sock|unix:$state/dais.sock|" \
    contrib/nginx/dais-location.conf > "$state/dais-location.conf"
cat > "$state/nginx.conf" <<EOF
user root root;
worker_processes 1;
pid $state/nginx.pid;
error_log $state/nginx-error.log warn;
events { worker_connections 256; }
http {
    access_log $state/nginx-access.log;
    client_body_temp_path $state/tmp/body;
    fastcgi_temp_path $state/tmp/fastcgi;
    proxy_temp_path $state/tmp/proxy;
    uwsgi_temp_path $state/tmp/uwsgi;
    scgi_temp_path $state/tmp/scgi;
    types { text/html html; text/css css; application/javascript js; }
    server {
        listen 127.0.0.1:$PORT;
        root $state/www;
        include $state/dais-location.conf;
        location = / { return 302 /news/; }
        # The host site's pages: SSI on here, never on dais's location.
        location /news/ { ssi on; }
    }
}
EOF

setsid "$DAIS" serve --listen "unix:$state/dais.sock" --workers 2 \
    >>"$state/dais.log" 2>&1 < /dev/null &
echo $! > "$state/dais.pid"
for _ in $(seq 100); do [ -S "$state/dais.sock" ] && break; sleep 0.1; done
nginx -p "$state" -c "$state/nginx.conf" -e "$state/nginx-error.log"
for _ in $(seq 100); do curl -fs -o /dev/null "$BASE/healthz" && break; sleep 0.1; done

mkdir -p "$state/www/news"
cp contrib/sample/news.html "$state/www/news/index.html"
if [ "$first" = 1 ]; then
	bash contrib/sample/submit.sh "$BASE" "http://127.0.0.1:$PORT"
	bash contrib/sample/approve.sh "$BASE" "http://127.0.0.1:$PORT" admin \
	    "$(cat "$state/admin-password")" 5
fi

cat <<EOF

dais demo is running (database $state/dais.db, logs in $state/).

  Host page (SSI):     http://127.0.0.1:$PORT/news/
  An event's page:     $BASE/e/idm-2024-1
  Submit a statement:  $BASE/submit
  Moderation queue:    $BASE/moderate
  Administration:      $BASE/admin
  Health:              $BASE/healthz

  Moderator account:   admin / $(cat "$state/admin-password")

Stop it with: contrib/demo.sh stop
EOF
