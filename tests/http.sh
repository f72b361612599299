#!/bin/bash
# http.sh — the request core through a real nginx: routing, headers, limits
# and every malformed request, answered with a 4xx while workers keep serving.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
T_RESTARTS_OK=1 # processes of dais are killed here on purpose
t_up || { t_finish; exit 1; }

# /healthz
body=$(fetch "$BASE/healthz")
eq "healthz body" "$body" ok
eq "healthz status" "$(status "$BASE/healthz")" 200
eq "healthz type" "$(header Content-Type)" "text/plain; charset=utf-8"
eq "healthz length" "$(header Content-Length)" 3
eq "nosniff" "$(header X-Content-Type-Options)" nosniff

# The start page: an HTML page with the security headers.
body=$(fetch "$BASE/")
eq "home status" "$(status "$BASE/")" 200
eq "home type" "$(header Content-Type)" "text/html; charset=utf-8"
has "home CSP" "$(header Content-Security-Policy)" "default-src 'none'"
has "home CSP frame-ancestors" "$(header Content-Security-Policy)" "frame-ancestors 'none'"
eq "home Referrer-Policy" "$(header Referrer-Policy)" same-origin
eq "home length is the body's" "$(header Content-Length)" "$(wc -c < "$T_DIR/body" | tr -d ' ')"
has "home has the layout" "$body" '<main id="main"'

# HEAD: headers only, with the GET length.
curl -s -I "$BASE/healthz" > "$T_DIR/h"
has "HEAD answered" "$(cat "$T_DIR/h")" "200"
has "HEAD keeps Content-Length" "$(cat "$T_DIR/h")" "Content-Length: 3"

# Unknown path: 404 page; wrong method: 405 with Allow.
body=$(fetch "$BASE/no/such/page")
eq "unknown path 404" "$(status "$BASE/no/such/page")" 404
has "404 page says so" "$body" "There is no page at this address"
body=$(fetch "$BASE/healthz" -X POST -H "Origin: http://127.0.0.1:$PORT" --data-raw "")
eq "wrong method 405" "$(status "$BASE/healthz" -X DELETE)" 405
eq "405 Allow" "$(header Allow)" "GET, HEAD"
# /moderate/log matches three routes (GET /moderate/log, GET and POST
# /moderate/*): each method is listed once.
fetch "$BASE/moderate/log" -X DELETE >/dev/null
eq "DELETE /moderate/log: 405" "$(head -1 "$T_DIR/headers" | cut -d' ' -f2)" 405
eq "DELETE /moderate/log: Allow, each method once" "$(header Allow)" "GET, HEAD, POST"

# Paths: dot segments, encoded slashes and dots.
eq "encoded slash" "$(status "$BASE/s%2Fhealthz")" 400
eq "encoded backslash" "$(status "$BASE/s%5Chealthz")" 400
eq "encoded dot-dot" "$(status --path-as-is "$BASE/s/%2e%2e/healthz")" 400
eq "encoded NUL" "$(status "$BASE/healthz%00")" 400
eq "dot-dot resolved by nginx stays inside" "$(status --path-as-is "$BASE/x/../healthz")" 200
eq "control character" "$(status "$BASE/a%01b")" 400

# Nothing from the request reaches a header: a path with CR LF is refused
# by dais itself (its own 400 page: with dais stopped nginx would answer
# 502, and a path that slipped through would be served as some page).
fetch "$BASE/x%0d%0aSet-Cookie:%20a=b" >/dev/null
eq "a path with CR LF: dais answers 400" "$(head -1 "$T_DIR/headers" | cut -d' ' -f2)" 400
has "... with its page saying why" "$(cat "$T_DIR/body")" "line break"
hasnt "... and no header injected" "$(cat "$T_DIR/headers")" "Set-Cookie"
# A line break at the end of a real address is not that address.
for u in "submit%0a" "submit%0d" "healthz%0d%0a" "s%0a/x" "submit%09"; do
	fetch "$BASE/$u" >/dev/null
	eq "/$u: 400, not the page without it" "$(head -1 "$T_DIR/headers" | cut -d' ' -f2)" 400
	has "/$u: dais's page saying why" "$(cat "$T_DIR/body")" "control character"
done

# The worker keeps serving after all of that.
eq "still healthy" "$(status "$BASE/healthz")" 200

# Many requests in a row through few workers: nothing lost when workers close
# without lingering (every response complete and correct).
t_stop_dais; t_start_dais 1
okc=0
for i in $(seq 1 300); do
	[ "$(curl -s "$BASE/healthz")" = ok ] && okc=$((okc + 1))
done
eq "300 sequential requests, 1 worker" "$okc" 300
if command -v xargs >/dev/null; then
	seq 1 400 | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' "$BASE/" > "$T_DIR/codes"
	eq "400 concurrent page requests all 200" "$(grep -c '^200$' "$T_DIR/codes")" 400
	seq 1 50 | xargs -P 8 -I{} curl -s -o "$T_DIR/big.{}" "$BASE/" 
	bad=0; for f in "$T_DIR"/big.*; do cmp -s "$f" "$T_DIR/big.1" || bad=$((bad + 1)); done
	eq "concurrent bodies identical" "$bad" 0
fi
hasnt "nginx saw no upstream errors" "$(cat "$T_DIR/nginx-error.log")" "upstream prematurely closed"
hasnt "nginx saw no resets" "$(cat "$T_DIR/nginx-error.log")" "reset by peer"

# A worker that dies is replaced.
w=$(worker_pids | head -1)
kill -9 "$w"
replaced() { worker_pids | grep -vqx "$w"; }
wait_for replaced
eq "worker replaced, still serving" "$(status "$BASE/healthz")" 200

# SIGHUP reloads templates: a change shows without a restart; a broken
# template is refused and the old ones stay.
cp -r "$TEMPLATES" "$T_DIR/tpl"
t_stop_dais
DAIS_TEMPLATES=$T_DIR/tpl t_start_dais 1
sed -i 's/Go to the start page/Back to the start/' "$T_DIR/tpl/error.html"
kill -HUP "$DAIS_PID"; sleep 0.3
has "SIGHUP reloads templates" "$(curl -s "$BASE/nope")" "Back to the start"
echo '{{#unclosed}}' > "$T_DIR/tpl/bad.html"
kill -HUP "$DAIS_PID"; sleep 0.3
eq "broken template: still serving" "$(status "$BASE/nope")" 404
has "broken template logged with file" "$(cat "$T_DIR/dais.log")" "bad.html:1"
t_stop_dais
DAIS_TEMPLATES=$T_DIR/tpl "$DAIS" serve --listen "unix:$T_DIR/dais2.sock" 2>"$T_DIR/start.log"
eq "serve refuses to start with a broken template" $? 1
has "start error names file and line" "$(cat "$T_DIR/start.log")" "bad.html:1"
rm "$T_DIR/tpl/bad.html"

# SIGTERM: a request in flight finishes (a slow upload of a submission),
# then dais exits. nginx passes the body on as it comes
# (fastcgi_request_buffering off), so the worker is reading it when the
# signal arrives; with buffering, dais would see the request only after
# the upload, and it would be gone by then (502).
t_stop
"$DAIS" event add e1 --title "HTTP Forum" --starts 2024-05-21 >/dev/null &&
"$DAIS" config set submit_min_seconds 0 >/dev/null || fail "submission setup"
t_start_nginx "fastcgi_request_buffering off;"
t_start_dais 1
csrf=$(curl -s "$BASE/submit" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
check "form token" [ -n "$csrf" ]
{ printf 'event=e1&title=Slow+upload&speaker=Ana&organisation=Acme&kind=panel'
  printf '&language=en&format=text&submitter_name=Ana'
  printf '&submitter_email=ana%%40example.org&consent=yes&action=send'
  printf '&csrf=%s&body=Slow+upload+in+flight' "$csrf"
  head -c 30000 /dev/zero | tr '\0' 'a'; } > "$T_DIR/slowbody"
w=$(worker_pids)
nfd=$(ls "/proc/$w/fd" | wc -l)
( curl -s -o /dev/null -w '%{http_code}' --limit-rate 12k -H 'Expect:' \
    -H "Origin: http://127.0.0.1:$PORT" --data-binary @"$T_DIR/slowbody" \
    "$BASE/submit" > "$T_DIR/slow.code" ) &
cpid=$!
# The worker has one more descriptor once it has accepted the connection.
busy() { [ "$(ls "/proc/$w/fd" 2>/dev/null | wc -l)" -gt "$nfd" ]; }
check "the slow upload reached the worker" wait_for busy
kill -TERM "$DAIS_PID"; wait "$DAIS_PID"; rc=$?; DAIS_PID=
wait $cpid
eq "SIGTERM exits 0" "$rc" 0
eq "in-flight submission answered during shutdown" "$(cat "$T_DIR/slow.code")" 303
eq "in-flight submission stored" "$(sqlite3 "$DAIS_DB" \
    "SELECT count(*) FROM statement WHERE title = 'Slow upload'")" 1

# The database unreadable: /healthz 503, pages a clean 503.
t_start_dais 1
chmod 000 "$DAIS_DB"; mv "$DAIS_DB" "$DAIS_DB.away"
eq "healthz 503 when the database is gone" "$(status "$BASE/healthz")" 503
mv "$DAIS_DB.away" "$DAIS_DB"; chmod 644 "$DAIS_DB"
eq "healthz back" "$(status "$BASE/healthz")" 200

t_finish
