#!/bin/bash
# publish.sh — publishing through a real nginx (and Apache when installed):
# the stored fragments (grouping, order, languages, filters, caching
# headers, CORS, X-Dais-Fragment and the sandbox policy), served without
# rendering; SSI in nginx (the 304 trap, REQUEST_URI of the host page, a
# parameter sent twice, fastcgi_cache) and in Apache with
# contrib/apache/dais.conf; the public pages, oEmbed as a WordPress-like
# consumer uses it, the frame page, Atom feeds; embargoes,
# corrections, withdrawal; static files and export; `dais render` and the
# renderer version check at start.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

EV=idm-2024-1
APACHE_PID=
stop_apache() {
	if [ -n "$APACHE_PID" ]; then
		kill "$APACHE_PID" 2>/dev/null
		local i=0
		while kill -0 "$APACHE_PID" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.05; i=$((i + 1))
		done
		APACHE_PID=
	fi
}
trap 'stop_apache; t_stop' EXIT

# ---- set-up: the sample event, a moderator, templates in a private copy ------
t_init_db || { t_finish; exit 1; }
bash "$top_srcdir/contrib/sample/load.sh" "$DAIS" >/dev/null &&
printf 'correct horse battery\n' | "$DAIS" moderator add alice --role admin &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null ||
    { fail "CLI set-up"; t_finish; exit 1; }
cp -r "$TEMPLATES" "$T_DIR/tpl"
export DAIS_TEMPLATES=$T_DIR/tpl

# The host pages, included with SSI; fragments written as static files are
# served by nginx itself under /static-fragments/.
mkdir -p "$T_DIR/www" "$T_DIR/static"
cat > "$T_DIR/www/news.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>News</title></head>
<body><h1>The coalition at the Dialogue</h1>
<p>Read the full statements below:</p>
<!--#include virtual="/statements/fragment/event/idm-2024-1" -->
<p>The end.</p>
</body></html>
EOF
# Two different fragments in one page (for the fastcgi_cache variant).
cat > "$T_DIR/www/two.html" <<'EOF'
<h1>Two fragments</h1>
<div id="one"><!--#include virtual="/statements/fragment/event/idm-2024-1/panel-1" --></div>
<div id="two"><!--#include virtual="/statements/fragment/org/alianza" --></div>
EOF

# pub_nginx LOCATION_FILE [HTTP_EXTRA [SERVER_EXTRA]]: (re)starts nginx on
# $PORT with the dais location from LOCATION_FILE (contrib's by default),
# SSI on the host pages, the static fragments under /static-fragments/ and
# an access log that also records SSI subrequests (what dais is sent).
pub_nginx() {
	if [ -n "$NGINX_PID" ]; then
		kill "$NGINX_PID"
		wait_for sh -c "! kill -0 $NGINX_PID && ! test -e '$T_DIR/nginx.pid'"
		NGINX_PID=
	fi
	nginx_conf "$T_DIR" "$PORT" "$T_DIR/www" "$1" \
	    "log_format sub '\$uri \$request_uri \"\$http_if_none_match\" \$status \$upstream_cache_status';
    ${2:-}" \
	    "access_log $T_DIR/access.log sub;
        log_subrequest on;
        location = /news.html { ssi on; }
        location = /two.html { ssi on; }
        location ^~ /static-fragments/ { alias $T_DIR/static/; }
        ${3:-}"
	nginx -p "$T_DIR" -c "$T_DIR/nginx.conf" -e "$T_DIR/nginx-error.log" ||
	    { fail "nginx did not start with $1"; return 1; }
	wait_for test -s "$T_DIR/nginx.pid"
	NGINX_PID=$(cat "$T_DIR/nginx.pid")
}
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT/statements
t_nginx_conf # writes $T_DIR/dais-location.conf: contrib's, socket path replaced
LOC=$T_DIR/dais-location.conf
pub_nginx "$LOC" && t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT
HOST=http://127.0.0.1:$PORT

q() { sqlite3 "$DAIS_DB" "$@"; }
JAR=$T_DIR/cookies
token_last() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | tail -1; }

# Signing in alice, keeping the cookie in $JAR.
t=$(curl -s -c "$JAR" -b "$JAR" "$BASE/login" | token_last)
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" \
    -H "Origin: $ORIGIN" --data-urlencode "csrf=$t" --data-urlencode user=alice \
    --data-urlencode "password=correct horse battery" "$BASE/login")
eq "moderator signed in" "$code" 303

# submit SESSION TITLE ORG BEHALF KIND LANG DELIVERED BODY: sends a statement
# through the public form; prints its public id.
submit() {
	local tok code
	tok=$(curl -s "$BASE/submit" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$tok" --data-urlencode "event=$EV" \
	    --data-urlencode "session=$1" --data-urlencode "title=$2" \
	    --data-urlencode "speaker=$([ "$5" = written ] || echo "Speaker of $2")" \
	    --data-urlencode "organisation=$3" --data-urlencode "on_behalf_of=$4" \
	    --data-urlencode "kind=$5" --data-urlencode "language=$6" \
	    --data-urlencode "delivered=$7" --data-urlencode format=markdown \
	    --data-urlencode "body=$8" --data-urlencode "submitter_name=Sec" \
	    --data-urlencode "submitter_email=sec@example.org" \
	    --data-urlencode consent=yes --data-urlencode action=send "$BASE/submit")
	[ "$code" = 303 ] || { fail "submit [$2]: HTTP $code"; return 1; }
	q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1"
}
# moderate ID ACTION [CURL_ARGS...]: one decision through the review page
# (its revision and its last form token); sets CODE.
moderate() {
	local id=$1 action=$2 page tok rev
	shift 2
	page=$(curl -s -b "$JAR" "$BASE/moderate/$id")
	tok=$(printf '%s' "$page" | token_last)
	rev=$(printf '%s' "$page" | sed -n 's/.*name="rev" value="\([0-9]*\)".*/\1/p' | head -1)
	CODE=$(curl -s -o "$T_DIR/mod.out" -w '%{http_code}' -b "$JAR" \
	    -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
	    --data-urlencode "rev=$rev" --data-urlencode "action=$action" "$@" \
	    "$BASE/moderate/$id")
}
approve() { moderate "$1" approve "${@:2}"; eq "approve $1" "$CODE" 303; }

# before DESCRIPTION HAYSTACK FIRST SECOND: both in it, FIRST before SECOND.
before() {
	local a=${2%%"$3"*} b=${2%%"$4"*}
	if [ "$a" != "$2" ] && [ "$b" != "$2" ] && [ ${#a} -lt ${#b} ]; then ok
	else fail "$1: [$3] not before [$4]"; fi
}
frag() { curl -s "$BASE/fragment/$1"; }
fsnap() { q "SELECT key, etag, updated, hex(body) FROM fragment ORDER BY key" | md5sum; }
urienc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

# ---- statements: sent in one order, approved in another -----------------------
A=$(submit panel-3 "Pathways for youth" mycp "" panel en 2024-05-21 \
    $'ALPHA-BODY on regular pathways for children.\n\nSecond paragraph.')
B=$(submit panel-1 "Rights at the centre" mri ac collective en 2024-05-22 \
    "BRAVO-BODY for the Action Committee.")
C=$(submit panel-1 "Findings from our database" mri "" intervention en 2024-05-21 \
    "CHARLIE-BODY about family unity.")
D=$(submit panel-2 "Vías regulares estables" alianza "" intervention es 2024-05-21 \
    "DELTA-CUERPO sobre vías regulares.")
G=$(submit session-3 "بيان مكتوب" nnirr "" written ar 2024-05-21 \
    "GOLF-نص البيان المكتوب.")
E=$(submit panel-5 "Des voies pour les déplacés" cmdp "" intervention fr 2024-05-22 \
    "ECHO-CORPS du texte.")
F=$(submit panel-4 "Drivers and transit" simn "" intervention en 2024-05-22 \
    "FOXTROT-BODY under embargo.")
H=$(submit panel-2 "Visados para trabajadores" alianza "" intervention es 2024-05-22 \
    "HOTEL-CUERPO bajo embargo.")
eq "eight statements sent" "$(q "SELECT count(*) FROM statement WHERE state = 'pending'")" 8

for id in "$A" "$B" "$D" "$C" "$G"; do approve "$id"; done

# ---- fragments -----------------------------------------------------------------------
body=$(fetch "$BASE/fragment/event/$EV")
eq "event fragment 200" "$(status "$BASE/fragment/event/$EV")" 200
eq "fragment type" "$(header Content-Type)" "text/html; charset=utf-8"
for w in ALPHA-BODY BRAVO-BODY CHARLIE-BODY DELTA-CUERPO GOLF-; do
	has "event fragment has $w" "$body" "$w"
done
hasnt "unapproved statement absent" "$body" "ECHO-CORPS"
has "article lang/dir (en)" "$body" "id=\"dais-$A\" lang=\"en\" dir=\"ltr\""
has "article lang/dir (es)" "$body" "id=\"dais-$D\" lang=\"es\" dir=\"ltr\""
has "article lang/dir (ar, right to left)" "$body" "id=\"dais-$G\" lang=\"ar\" dir=\"rtl\""
bad=$(printf '%s' "$body" | grep -o 'class="[^"]*"' | sed 's/^class="//; s/"$//' |
    tr ' ' '\n' | grep -v '^$' | grep -v '^dais-' | sort -u | tr '\n' ' ')
eq "every class name starts with dais-" "$bad" ""
hasnt "no style attribute" "$body" "style="
hasnt "no script" "$(printf '%s' "$body" | tr A-Z a-z)" "<script"
# Grouped by session in the event's order, then by delivery date.
before "panel-1 before panel-2" "$body" "Evidence-based findings" "Innovative policy solutions"
before "panel-2 before panel-3" "$body" "Innovative policy solutions" "Effective community engagement"
before "panel-3 before session-3" "$body" "Effective community engagement" "Session 3 (written"
before "panel-1 statements before panel-3's (approved later)" "$body" BRAVO-BODY ALPHA-BODY
before "in a session: by delivery date" "$body" CHARLIE-BODY BRAVO-BODY
has "links to the statement page" "$body" "href=\"/statements/s/$A\""

body=$(frag "event/$EV/panel-1")
has "session fragment: B" "$body" BRAVO-BODY
has "session fragment: C" "$body" CHARLIE-BODY
hasnt "session fragment: not A" "$body" ALPHA-BODY
hasnt "session fragment: not D" "$body" DELTA-CUERPO
body=$(frag "org/mri")
has "org fragment: by the organisation (B)" "$body" BRAVO-BODY
has "org fragment: by the organisation (C)" "$body" CHARLIE-BODY
hasnt "org fragment: not others" "$body" ALPHA-BODY
body=$(frag "org/ac")
has "org fragment: on behalf of" "$body" BRAVO-BODY
hasnt "org fragment on behalf of: only that one" "$body" CHARLIE-BODY
# The footer: who, for whom, what kind, in which session, when.
body=$(frag "statement/$B")
has "footer: the speaker" "$body" '<span class="dais-speaker"><bdi>Speaker of Rights at the centre</bdi></span>'
has "footer: the organisation" "$body" '<span class="dais-org"><bdi>Migrant Rights Initiative</bdi></span>'
has "footer: on whose behalf" "$body" '<span class="dais-behalf">on behalf of <bdi>Civil Society Action Committee</bdi></span>'
has "footer: the kind" "$body" '<span class="dais-kind">Collective intervention</span>'
has "footer: the session" "$body" '<span class="dais-session"><bdi>Evidence-based findings</bdi></span>'
has "footer: the date, machine-readable" "$body" '<time datetime="2024-05-22">'
has "footer: a permalink" "$body" "<a href=\"/statements/s/$B\""
body=$(frag "statement/$A")
has "statement fragment" "$body" ALPHA-BODY
hasnt "statement fragment: only it" "$body" BRAVO-BODY
# ?lang= chooses the display language; it filters nothing: every
# statement, in its original where it has no version in that language.
body=$(frag "event/$EV?lang=es")
has "?lang=es: the Spanish one" "$body" DELTA-CUERPO
has "?lang=es: the English one, in its original" "$body" ALPHA-BODY
has "?lang=es: the Arabic one, in its original" "$body" GOLF-
has "?lang=es: the container in Spanish" "$body" '<div class="dais-statements" lang="es" dir="ltr">'
has "?lang=es: an original keeps its own lang" "$body" "id=\"dais-$A\" lang=\"en\" dir=\"ltr\""
has "?lang=es: the labels in Spanish" "$body" '<footer class="dais-statement-meta" lang="es" dir="ltr">'
has "?lang=fr before any French is approved: every statement" "$(frag "event/$EV?lang=fr")" DELTA-CUERPO
eq "unapproved statement's fragment: empty" "$(frag "statement/$E")" ""

body=$(fetch "$BASE/fragment/event/no-such-event")
eq "missing key: 200" "$(status "$BASE/fragment/event/no-such-event")" 200
eq "missing key: empty body" "$body" ""
eq "missing key: Content-Length 0" "$(header Content-Length)" 0

# Validators and caching.
body=$(fetch "$BASE/fragment/event/$EV")
ETAG=$(header ETag)
LM=$(header Last-Modified)
check "ETag quoted" grep -qE '^"[0-9a-f]+"$' <<<"$ETAG"
check "Last-Modified an HTTP date" grep -qE '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$' <<<"$LM"
eq "Cache-Control (defaults)" "$(header Cache-Control)" "public, max-age=60, stale-while-revalidate=600"
eq "same ETag again" "$(curl -s -D - -o /dev/null "$BASE/fragment/event/$EV" | grep -i '^etag:' | cut -d' ' -f2 | tr -d '\r')" "$ETAG"
FULL_LEN=$(wc -c < "$T_DIR/body" | tr -d ' ')
rm -f "$T_DIR/body" # curl leaves the file alone when there is no body
fetch "$BASE/fragment/event/$EV" -H "If-None-Match: $ETAG" >/dev/null 2>&1
eq "If-None-Match on a direct request: 304" "$(head -1 "$T_DIR/headers" | cut -d' ' -f2)" 304
eq "304 without a body" "$(cat "$T_DIR/body" 2>/dev/null | wc -c | tr -d ' ')" 0
eq "304 keeps the ETag" "$(header ETag)" "$ETAG"
# RFC 9110 15.4.5: a 304 carries no Content-Length unless it is the one the
# 200 would have (a cache updating its stored headers from it would
# otherwise take 0).
cl304=$(header Content-Length)
check "304: no Content-Length but the 200's (got [$cl304], 200 has $FULL_LEN)" \
    test -z "$cl304" -o "$cl304" = "$FULL_LEN"
eq "If-Modified-Since on a direct request: 304" "$(status "$BASE/fragment/event/$EV" -H "If-Modified-Since: $LM")" 304
eq "another ETag: 200" "$(status "$BASE/fragment/event/$EV" -H 'If-None-Match: "0000"')" 200
eq "an old date: 200" "$(status "$BASE/fragment/event/$EV" -H 'If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT')" 200
eq "no CORS without cors_origins" "$(curl -s -D - -o /dev/null -H 'Origin: https://host.example' "$BASE/fragment/event/$EV" | grep -ci '^access-control-allow-origin')" 0

# Settings reach the hot path within a few seconds (cached per worker).
"$DAIS" config set fragment_max_age 120 >/dev/null
"$DAIS" config set fragment_stale_seconds 30 >/dev/null
"$DAIS" config set cors_origins "https://host.example https://other.example" >/dev/null
"$DAIS" config set frame_ancestors "https://host.example" >/dev/null
# Every worker answers with the new values (six requests in a row).
all_new() {
	local i
	for i in 1 2 3 4 5 6; do
		curl -s -D - -o /dev/null -H 'Origin: https://host.example' "$BASE/fragment/event/$EV" |
		    grep -qi '^cache-control: public, max-age=120, stale-while-revalidate=30' || return 1
	done
}
# A worker keeps them 5 seconds (req_cfg): past that, every worker reads
# them again on its next request, whichever answered the ones before.
sleep 6
check "Cache-Control follows the settings" wait_for all_new
hdrs=$(curl -s -D - -o /dev/null -H 'Origin: https://host.example' "$BASE/fragment/event/$EV" | tr -d '\r')
has "CORS: listed origin allowed" "$hdrs" "Access-Control-Allow-Origin: https://host.example"
has "CORS: Vary Origin" "$hdrs" "Vary: Origin"
hdrs=$(curl -s -D - -o /dev/null -H 'Origin: https://other.example' "$BASE/fragment/event/$EV" | tr -d '\r')
has "CORS: second listed origin allowed" "$hdrs" "Access-Control-Allow-Origin: https://other.example"
hdrs=$(curl -s -D - -o /dev/null -H 'Origin: https://evil.example' "$BASE/fragment/event/$EV" | tr -d '\r')
hasnt "CORS: other origin not allowed" "$hdrs" "Access-Control-Allow-Origin"
hdrs=$(curl -s -D - -o /dev/null -H 'Origin: https://host.example.evil' "$BASE/fragment/event/$EV" | tr -d '\r')
hasnt "CORS: a longer origin not allowed" "$hdrs" "Access-Control-Allow-Origin"
# The answer depends on Origin, so every answer says so, also one to a
# request without Origin: else a shared cache keeps that one and gives it
# to the script loader on a listed site (Fetch standard, "CORS protocol
# and HTTP caches"; see the fastcgi_cache part below).
hdrs=$(curl -s -D - -o /dev/null "$BASE/fragment/event/$EV" | tr -d '\r')
has "CORS: Vary: Origin also without Origin" "$hdrs" "Vary: Origin"

# ---- what marks a fragment ------------------------------------------------------
# embed.js inserts only an answer with X-Dais-Fragment (another server's
# HTML must never be inserted), which a cross-origin fetch can read only
# if it is listed in Access-Control-Expose-Headers. A fragment opened as a
# page of its own runs nothing: a sandbox policy.
CSP_FRAG="Content-Security-Policy: sandbox; default-src 'none'"
hdrs=$(curl -s -D - -o /dev/null -H 'Origin: https://host.example' "$BASE/fragment/event/$EV" | tr -d '\r')
has "fragment marked: X-Dais-Fragment" "$hdrs" "X-Dais-Fragment: 1"
has "fragment marked: CORS exposes X-Dais-Fragment" "$hdrs" "Access-Control-Expose-Headers: X-Dais-Fragment"
has "fragment marked: sandbox policy" "$hdrs" "$CSP_FRAG"
eq "fragment marked: one policy only" "$(grep -ci '^content-security-policy:' <<<"$hdrs")" 1
hdrs=$(curl -s -D - -o /dev/null -H 'Origin: https://evil.example' "$BASE/fragment/event/$EV" | tr -d '\r')
hasnt "fragment for a site not listed: nothing exposed" "$hdrs" "Access-Control-Expose-Headers"
has "fragment for a site not listed: still marked" "$hdrs" "X-Dais-Fragment: 1"
for k in "event/no-such-event" "statement/$E" "event/$EV?lang=fr" "event/$EV?lang=es&lang=fr" "statement/%2e%2e"; do
	hdrs=$(curl -s -D - -o /dev/null -H 'Origin: https://host.example' "$BASE/fragment/$k" | tr -d '\r')
	has "empty fragment $k: 200" "$hdrs" "HTTP/1.1 200"
	has "empty fragment $k: X-Dais-Fragment" "$hdrs" "X-Dais-Fragment: 1"
	has "empty fragment $k: CORS exposes it" "$hdrs" "Access-Control-Expose-Headers: X-Dais-Fragment"
	has "empty fragment $k: sandbox policy" "$hdrs" "$CSP_FRAG"
done
hdrs=$(curl -s -D - -o /dev/null -H "If-None-Match: $ETAG" "$BASE/fragment/event/$EV" | tr -d '\r')
has "fragment 304: still marked" "$hdrs" "X-Dais-Fragment: 1"
hdrs=$(curl -s -D - -o /dev/null -H 'Origin: https://host.example' "$BASE/feed.atom" | tr -d '\r')
hasnt "feed: not marked as a fragment" "$hdrs" "X-Dais-Fragment"
hdrs=$(curl -s -D - -o /dev/null "$BASE/frame/event/$EV" | tr -d '\r')
hasnt "frame page: not marked as a fragment" "$hdrs" "X-Dais-Fragment"
hasnt "frame page: its own policy, not the fragment's sandbox" "$hdrs" "sandbox"
hdrs=$(curl -s -D - -o /dev/null "$BASE/embed.js" | tr -d '\r')
has "embed.js: 200" "$hdrs" "HTTP/1.1 200"
has "embed.js: loadable from any site" "$hdrs" "Access-Control-Allow-Origin: *"
hasnt "embed.js: no sandbox policy" "$hdrs" "sandbox"


# ---- a fragment GET renders nothing: it sends what was stored -----------------
# The templates the workers hold are changed (SIGHUP) and the copy on disk
# made unreadable: fragments are still served byte for byte as before. (As
# root the mode alone stops nothing, hence the changed templates.)
snap() {
	local k
	for k in "event/$EV" "event/$EV/panel-1" "org/mri" "org/ac" \
	    "statement/$A" "event/$EV?lang=es"; do
		frag "$k"; echo "-- $k"
	done
}
reloads() { grep -c 'templates reloaded' "$T_DIR/dais.log"; }
SNAP1=$(snap)
n0=$(reloads)
sed 's/class="dais-statement"/class="dais-statement dais-rendered-on-read"/' \
    "$TEMPLATES/statement.html" > "$T_DIR/tpl/statement.html"
chmod 000 "$T_DIR/tpl/statement.html"
kill -HUP "$DAIS_PID"
check "workers reloaded the changed templates" \
    wait_for sh -c "test \$(grep -c 'templates reloaded' '$T_DIR/dais.log') -ge $((n0 + 2))"
eq "fragments served as stored, not rendered on read" "$(snap)" "$SNAP1"
q "UPDATE fragment SET body = body || '<!-- as stored -->' WHERE key = 'org/ac'"
has "the stored body is what is sent" "$(frag org/ac)" "<!-- as stored -->"
q "UPDATE fragment SET body = replace(body, '<!-- as stored -->', '') WHERE key = 'org/ac'"
chmod 644 "$T_DIR/tpl/statement.html"
cp "$TEMPLATES/statement.html" "$T_DIR/tpl/statement.html"
n0=$(reloads)
kill -HUP "$DAIS_PID"
wait_for sh -c "test \$(grep -c 'templates reloaded' '$T_DIR/dais.log') -ge $((n0 + 2))"
eq "fragments as before" "$(snap)" "$SNAP1"

# ---- SSI in nginx ------------------------------------------------------------------
FRAG=$(frag "event/$EV")
body=$(curl -s "$HOST/news.html")
has "SSI: the host page" "$body" "Read the full statements below:"
has "SSI: the statements included" "$body" "$FRAG"
has "SSI: the page goes on after them" "$body" "<p>The end.</p>"
has "SSI: links built from SCRIPT_NAME" "$body" "href=\"/statements/s/$A\""
# The fragment's own headers stay with the include: the host page is not
# sandboxed, nor marked as a fragment.
hdrs=$(curl -s -D - -o /dev/null "$HOST/news.html" | tr -d '\r')
hasnt "SSI: the host page has no sandbox policy" "$hdrs" "sandbox"
hasnt "SSI: the host page is not marked as a fragment" "$hdrs" "X-Dais-Fragment"
hasnt "SSI: no link built from the host page's address" "$body" "href=\"/news.html"
# The trap: the host page's validators are the fragment's; nginx passes
# them and the host page's REQUEST_URI to the include. A 304 there would
# blank the statements.
fetch "$BASE/fragment/event/$EV" >/dev/null
ETAG=$(header ETag); LM=$(header Last-Modified)
: > "$T_DIR/access.log"
body=$(curl -s -H "If-None-Match: $ETAG" -H "If-Modified-Since: $LM" "$HOST/news.html")
has "SSI with the fragment's ETag and date: statements still there" "$body" "$FRAG"
has "SSI with validators: BRAVO there" "$body" BRAVO-BODY
sub=$(grep "^/statements/fragment/event/$EV " "$T_DIR/access.log")
has "SSI: dais was sent the host page's REQUEST_URI" "$sub" "/statements/fragment/event/$EV /news.html "
has "SSI: ... and the host page's If-None-Match" "$sub" "${ETAG//\"/}"
has "SSI: ... and answered 200, not 304" "$sub" " 200"
eq "SSI: the host page itself 200" "$(status "$HOST/news.html" -H "If-None-Match: $ETAG" -H "If-Modified-Since: $LM")" 200

# A parameter sent twice (a second SCRIPT_NAME after the include): dais
# uses the first, logs it once, and serves as before.
sed 's|^\( *include .*dais-fastcgi.conf;\)$|\1\n    fastcgi_param  SCRIPT_NAME        $fastcgi_script_name;|' \
    "$LOC" > "$T_DIR/dais-location-dup.conf"
check "variant adds a second SCRIPT_NAME" grep -q 'fastcgi_param  SCRIPT_NAME' "$T_DIR/dais-location-dup.conf"
pub_nginx "$T_DIR/dais-location-dup.conf"
eq "SCRIPT_NAME twice: fragment 200" "$(status "$BASE/fragment/event/$EV")" 200
eq "SCRIPT_NAME twice: the same fragment" "$(frag "event/$EV")" "$FRAG"
has "SCRIPT_NAME twice: SSI still includes" "$(curl -s "$HOST/news.html")" "$FRAG"
eq "SCRIPT_NAME twice: pages 200" "$(status "$BASE/s/$A")" 200
check "SCRIPT_NAME twice: logged by dais" wait_for grep -q 'sends the parameter SCRIPT_NAME twice' "$T_DIR/dais.log"

# contrib/nginx/dais-ssi-headers.conf, as its comment says to use it: the
# host page's validators are not passed to an include; a direct request
# keeps them (and its 304). The log shows what nginx hands dais.
sed 's|^\( *include .*dais-fastcgi.conf;\)$|\1\n    fastcgi_param HTTP_IF_NONE_MATCH $dais_if_none_match if_not_empty;\n    fastcgi_param HTTP_IF_MODIFIED_SINCE $dais_if_modified_since if_not_empty;|' \
    "$LOC" > "$T_DIR/dais-location-clear.conf"
check "variant passes the mapped validators" grep -q 'dais_if_none_match if_not_empty' "$T_DIR/dais-location-clear.conf"
pub_nginx "$T_DIR/dais-location-clear.conf" \
    "include $top_srcdir/contrib/nginx/dais-ssi-headers.conf; log_format hdr '\$uri [\$dais_if_none_match] [\$dais_if_modified_since] \$status';" \
    "access_log $T_DIR/hdr.log hdr; location = /bad.html { ssi on; }"
: > "$T_DIR/hdr.log"
body=$(curl -s -H "If-None-Match: $ETAG" -H "If-Modified-Since: $LM" "$HOST/news.html")
has "nginx clearing: SSI with validators still includes" "$body" "$FRAG"
eq "nginx clearing: the include was sent no validators" \
    "$(grep "^/statements/fragment/event/$EV " "$T_DIR/hdr.log")" "/statements/fragment/event/$EV [] [] 200"
eq "nginx clearing: a direct If-None-Match still 304" "$(status "$BASE/fragment/event/$EV" -H "If-None-Match: $ETAG")" 304
eq "nginx clearing: a direct If-Modified-Since still 304" "$(status "$BASE/fragment/event/$EV" -H "If-Modified-Since: $LM")" 304
# (nginx writes a double quote in a log as \x22.)
has "nginx clearing: the direct request was sent its If-None-Match" "$(cat "$T_DIR/hdr.log")" "/statements/fragment/event/$EV [\\x22${ETAG//\"/}\\x22] [] 304"
check "contrib: no 'ssi on' in dais's own location" bash -c '! grep -v "^ *#" "$1" | grep -q "ssi  *on"' _ "$top_srcdir/contrib/nginx/dais-location.conf"

# Whatever is wrong with a fragment request, an include gets an empty
# fragment, never an error page pasted into the host page.
for bad in "event/$EV?lang=es&lang=fr" "event/$EV/" "event/$EV/panel-1/x" \
    "event/%ff" "statement/%2e%2e" "event/$EV?lang=%ff"; do
	body=$(fetch "$BASE/fragment/$bad")
	eq "bad fragment request $bad: 200" "$(head -1 "$T_DIR/headers" | cut -d' ' -f2)" 200
	eq "bad fragment request $bad: empty" "$body" ""
done
printf '<p>Before.</p><!--#include virtual="/statements/fragment/event/%s?lang=%%ff" --><p>After.</p>\n' "$EV" > "$T_DIR/www/bad.html"
eq "SSI of a bad fragment request: nothing pasted" "$(curl -s "$HOST/bad.html")" "<p>Before.</p><p>After.</p>"
check "a bad fragment request is logged" grep -q 'a fragment request was answered 400' "$T_DIR/dais.log"

# fastcgi_cache: the key must be the (sub)request's own $uri and $args.
# With the usual $scheme$host$request_uri, both includes of two.html would
# have the key of /two.html (a subrequest's $request_uri is the host
# page's): the first include's body would be cached and then pasted for the
# second as well.
P1=$(frag "event/$EV/panel-1")
ALI=$(frag "org/alianza")
mkdir -p "$T_DIR/fcache"
pub_nginx "$LOC" "fastcgi_cache_path $T_DIR/fcache levels=1 keys_zone=dais:1m;" \
    'fastcgi_cache dais; fastcgi_cache_key $scheme$host$uri$is_args$args;'
: > "$T_DIR/access.log"
for round in first second; do
	body=$(curl -s "$HOST/two.html")
	one=${body#*<div id=\"one\">}; one=${one%%<div id=\"two\">*}
	two=${body#*<div id=\"two\">}
	has "fastcgi_cache ($round): first include right" "$one" "$P1"
	hasnt "fastcgi_cache ($round): first include only its own" "$one" DELTA-CUERPO
	has "fastcgi_cache ($round): second include right" "$two" "$ALI"
	hasnt "fastcgi_cache ($round): second include only its own" "$two" CHARLIE-BODY
done
eq "fastcgi_cache: two entries" "$(find "$T_DIR/fcache" -type f | wc -l | tr -d ' ')" 2
eq "fastcgi_cache: the second round from the cache" \
    "$(grep -c '^/statements/fragment/.* /two.html .* 200 HIT$' "$T_DIR/access.log")" 2
# The script loader on a listed site asks for a fragment an include has
# put in the cache: it must still get its CORS header.
hdrs=$(curl -s -D - -o /dev/null -H 'Origin: https://host.example' "$BASE/fragment/org/alianza" | tr -d '\r')
has "fastcgi_cache: a CORS request after an include still allowed" "$hdrs" "Access-Control-Allow-Origin: https://host.example"
pub_nginx "$LOC"

# ---- SSI in Apache, with contrib/apache/dais.conf ----------------------------------
# apache_up 1|0: starts an own Apache (root starts it, its children run as
# www-data) on $APORT with contrib's dais.conf, the socket path replaced;
# with 0, without the lines that clear the host page's validators for an
# include.
apache_up() {
	local conf=$T_DIR/apache/dais.conf
	mkdir -p "$T_DIR/apache/www" "$T_DIR/apache/run"
	rm -f "$T_DIR/apache/httpd.pid"
	sed "s|/run/dais/dais.sock|$T_DIR/dais.sock|" \
	    "$top_srcdir/contrib/apache/dais.conf" > "$conf"
	[ "$1" = 1 ] || sed -i '/!HTTP_IF_/d' "$conf"
	cat > "$T_DIR/apache/httpd.conf" <<EOF
ServerRoot /etc/apache2
ServerName 127.0.0.1
Listen 127.0.0.1:$APORT
PidFile $T_DIR/apache/httpd.pid
DefaultRuntimeDir $T_DIR/apache/run
ErrorLog $T_DIR/apache/error.log
LogLevel warn
Mutex file:$T_DIR/apache default
User www-data
Group www-data
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule include_module /usr/lib/apache2/modules/mod_include.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so
LoadModule setenvif_module /usr/lib/apache2/modules/mod_setenvif.so
LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so
TypesConfig /etc/mime.types
DocumentRoot $T_DIR/apache/www
<Directory $T_DIR/apache/www>
    Options +Includes
    AddType text/html .shtml
    AddOutputFilter INCLUDES .shtml
    Require all granted
</Directory>
Include $conf
EOF
	/usr/sbin/apache2 -f "$T_DIR/apache/httpd.conf" -k start ||
	    { fail "apache did not start"; return 1; }
	wait_for test -s "$T_DIR/apache/httpd.pid"
	APACHE_PID=$(cat "$T_DIR/apache/httpd.pid")
	wait_for curl -fs -o /dev/null "http://127.0.0.1:$APORT/statements/healthz"
}
if [ ! -x /usr/sbin/apache2 ]; then
	echo "SKIP: the Apache part: /usr/sbin/apache2 is not installed (contrib/install-deps.sh test)" >&2
	[ -z "${CI:-}" ] || fail "Apache is missing in CI"
else
	APORT=$(free_port)
	AHOST=http://127.0.0.1:$APORT
	# Apache's children run as www-data: they reach the socket through its
	# group, the host page through the folder's modes.
	chmod 711 "$T_DIR"
	chgrp www-data "$T_DIR/dais.sock"
	mkdir -p "$T_DIR/apache/www"
	cat > "$T_DIR/apache/www/news.shtml" <<'EOF'
<h1>News</h1>
<p>Read the full statements below:</p>
<!--#include virtual="/statements/fragment/event/idm-2024-1" -->
<p>The end.</p>
EOF
	chmod 755 "$T_DIR/apache" "$T_DIR/apache/www"
	chmod 644 "$T_DIR/apache/www/news.shtml"
	FRAG=$(frag "event/$EV")
	fetch "$BASE/fragment/event/$EV" >/dev/null
	ETAG=$(header ETag); LM=$(header Last-Modified)
	for with in 1 0; do
		what=$([ $with = 1 ] && echo "with" || echo "without")
		apache_up $with || break
		eq "Apache ($what clearing): healthz" "$(curl -s "$AHOST/statements/healthz")" ok
		eq "Apache ($what clearing): direct fragment as through nginx" \
		    "$(curl -s "$AHOST/statements/fragment/event/$EV")" "$FRAG"
		eq "Apache ($what clearing): ?lang= reaches dais" \
		    "$(curl -s "$AHOST/statements/fragment/event/$EV?lang=es")" "$(frag "event/$EV?lang=es")"
		eq "Apache ($what clearing): direct If-None-Match: 304" \
		    "$(status "$AHOST/statements/fragment/event/$EV" -H "If-None-Match: $ETAG")" 304
		body=$(fetch "$AHOST/news.shtml")
		has "Apache ($what clearing): SSI host page" "$body" "Read the full statements below:"
		has "Apache ($what clearing): SSI statements included" "$body" "$FRAG"
		hasnt "Apache ($what clearing): no dais page included instead" "$body" '<main id="main"'
		has "Apache ($what clearing): links from SCRIPT_NAME" "$body" "href=\"/statements/s/$A\""
		hasnt "Apache ($what clearing): the host page has no sandbox policy" "$(cat "$T_DIR/headers")" "sandbox"
		hasnt "Apache ($what clearing): the host page is not marked as a fragment" "$(cat "$T_DIR/headers")" "X-Dais-Fragment"
		has "Apache ($what clearing): a direct fragment is marked" \
		    "$(curl -s -D - -o /dev/null "$AHOST/statements/fragment/event/$EV" | tr -d '\r')" "X-Dais-Fragment: 1"
		has "Apache ($what clearing): a direct fragment is sandboxed" \
		    "$(curl -s -D - -o /dev/null "$AHOST/statements/fragment/event/$EV" | tr -d '\r')" "$CSP_FRAG"
		body=$(curl -s -H "If-None-Match: $ETAG" -H "If-Modified-Since: $LM" "$AHOST/news.shtml")
		has "Apache ($what clearing): SSI with the fragment's validators: still there" "$body" "$FRAG"
		has "Apache ($what clearing): the page goes on" "$body" "<p>The end.</p>"
		hasnt "Apache ($what clearing): no include error" "$body" "an error occurred"
		stop_apache
	done
	hasnt "Apache: no errors logged" "$(grep -v ':notice\]' "$T_DIR/apache/error.log" 2>&1)" "error"
fi

# ---- one more approval: on the host page at once; static files --------------------
"$DAIS" config set static_dir "$T_DIR/static" >/dev/null
eq "before approval: /s/ID of an unapproved statement 404" "$(status "$BASE/s/$E")" 404
hasnt "before approval: not on the host page" "$(curl -s "$HOST/news.html")" ECHO-CORPS
approve "$E"
has "after approval: on the host page at once" "$(curl -s "$HOST/news.html")" ECHO-CORPS
has "?lang=fr now has it" "$(frag "event/$EV?lang=fr")" ECHO-CORPS
# The approval wrote the files of every fragment it changed.
for k in "event/$EV" "event/$EV@fr" "event/$EV/panel-5" "event/$EV/panel-5@fr" \
    "org/cmdp" "statement/$E"; do
	f=$T_DIR/static/${k/@/.}.html
	u="$BASE/fragment/${k%@*}"; [ "$k" = "${k%@*}" ] || u="$u?lang=${k#*@}"
	curl -s -o "$T_DIR/got" "$u"
	check "static file $k equal to GET" cmp -s "$f" "$T_DIR/got"
done
curl -s -o "$T_DIR/got" "$BASE/feed.atom"
check "static feed atom/all.xml equal to GET /feed.atom" cmp -s "$T_DIR/static/atom/all.xml" "$T_DIR/got"
curl -s -o "$T_DIR/got" "$BASE/feed/$EV.atom"
check "static feed atom/$EV.xml equal to GET" cmp -s "$T_DIR/static/atom/$EV.xml" "$T_DIR/got"
eq "no temporary files left" "$(find "$T_DIR/static" -name '*.tmp*' | wc -l | tr -d ' ')" 0
curl -s -o "$T_DIR/got" "$HOST/static-fragments/event/$EV.html"
check "nginx serves the static file, equal to GET" cmp -s "$T_DIR/static/event/$EV.html" "$T_DIR/got"
has "the static file has the new statement" "$(cat "$T_DIR/got")" ECHO-CORPS

# ---- no absolute link from a request's Host ---------------------------------------------
# Until base_url is set, public pages (cached by anyone: public, max-age)
# carry no absolute link and oEmbed answers nothing, whatever Host says.
for u in "$BASE/s/$A" "$BASE/e/$EV"; do
	got=$(curl -s -H "Host: evil.test" "$u")
	hasnt "forged Host, no base_url: nothing from it on $u" "$got" evil.test
done
got=$(curl -s -H "Host: evil.test" "$BASE/s/$A")
has "forged Host, no base_url: /s/ID still served" "$got" ALPHA-BODY
hasnt "no base_url: no og:url" "$got" 'og:url'
hasnt "no base_url: no canonical link" "$got" 'rel="canonical"'
hasnt "no base_url: no oEmbed discovery" "$got" 'json+oembed'
eq "forged Host, no base_url: oEmbed of the forged site 404" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: evil.test' \
    "$BASE/oembed?url=$(urienc "http://evil.test/statements/s/$A")&format=json")" 404
eq "no base_url: oEmbed 404" "$(status "$BASE/oembed?url=$(urienc "$BASE/s/$A")&format=json")" 404
has "no base_url: oEmbed's 404 logged with the reason" "$(cat "$T_DIR/dais.log")" "oEmbed needs the base_url setting"
"$DAIS" config set base_url "$HOST/statements" >/dev/null
got=$(curl -s -H "Host: evil.test" "$BASE/s/$A")
hasnt "forged Host, base_url set: nothing from it" "$got" evil.test
has "forged Host, base_url set: og:url from base_url" "$got" "<meta property=\"og:url\" content=\"$BASE/s/$A\">"
json=$(curl -s -H "Host: evil.test" "$BASE/oembed?url=$(urienc "$BASE/s/$A")&format=json")
has "forged Host: oEmbed html from base_url" "$json" "$BASE/frame/statement/$A"
hasnt "forged Host: oEmbed without it" "$json" evil.test

# ---- public pages ------------------------------------------------------------------------
body=$(fetch "$BASE/s/$A")
eq "/s/ID 200" "$(status "$BASE/s/$A")" 200
has "/s/ID og:title" "$body" '<meta property="og:title" content="Pathways for youth">'
has "/s/ID og:url absolute" "$body" "<meta property=\"og:url\" content=\"$BASE/s/$A\">"
has "/s/ID og:description from the text" "$body" '<meta property="og:description" content="ALPHA-BODY on regular pathways'
has "/s/ID oEmbed discovery (JSON)" "$body" '<link rel="alternate" type="application/json+oembed"'
has "/s/ID oEmbed discovery (XML)" "$body" '<link rel="alternate" type="text/xml+oembed"'
has "/s/ID shows the statement" "$body" ALPHA-BODY
eq "/s/ID of an unapproved statement (F): 404" "$(status "$BASE/s/$F")" 404
eq "/s/ of no statement: 404" "$(status "$BASE/s/nosuchid")" 404
body=$(fetch "$BASE/e/$EV")
eq "/e/SLUG 200" "$(status "$BASE/e/$EV")" 200
for w in ALPHA-BODY BRAVO-BODY CHARLIE-BODY DELTA-CUERPO ECHO-CORPS GOLF-; do
	has "/e/SLUG lists $w" "$body" "$w"
done
hasnt "/e/SLUG: not the unapproved" "$body" FOXTROT-BODY
has "/e/SLUG links its feed (in the page's language)" "$body" "href=\"/statements/feed/$EV.atom?lang=en\""
eq "/e/ of no event: 404" "$(status "$BASE/e/no-such-event")" 404

# ---- oEmbed, as WordPress uses it ---------------------------------------------------------
# Discovery: the json+oembed link of the page, its href unescaped; then
# the provider's URL with WordPress's maxwidth, maxheight and dnt=1 added
# (WP_oEmbed::fetch, WordPress 4.9 and later).
page=$(curl -s "$BASE/s/$A")
link=$(printf '%s' "$page" | grep -o '<link rel="alternate" type="application/json+oembed"[^>]*>' | head -1)
href=$(printf '%s' "$link" | sed -n 's/.* href="\([^"]*\)".*/\1/p' | sed 's/&amp;/\&/g')
has "discovery href: our /oembed" "$href" "$BASE/oembed?url="
has "discovery href: JSON" "$href" "&format=json"
json=$(fetch "$href&maxwidth=300&maxheight=200&dnt=1")
js() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1" <<<"$json"; }
eq "oEmbed 200 (with WordPress's dnt=1)" "$(status "$href&maxwidth=300&maxheight=200&dnt=1")" 200
has "oEmbed JSON type" "$(header Content-Type)" "application/json"
eq "oEmbed type" "$(js type)" rich
eq "oEmbed version" "$(js version)" 1.0
eq "oEmbed title" "$(js title)" "Pathways for youth"
check "oEmbed width <= maxwidth" test "$(js width)" -le 300
check "oEmbed height <= maxheight" test "$(js height)" -le 200
check "oEmbed width > 0" test "$(js width)" -gt 0
html=$(js html)
has "oEmbed html: a blockquote fallback link" "$html" "<blockquote class=\"dais-embed-fallback\"><a href=\"$BASE/s/$A\">"
has "oEmbed html: the iframe on /frame/statement/ID" "$html" "<iframe class=\"dais-embed-frame\" sandbox=\"allow-scripts allow-popups\" src=\"$BASE/frame/statement/$A\""
has "oEmbed html: iframe within maxwidth" "$html" "width=\"$(js width)\" height=\"$(js height)\""
check "oEmbed iframe width <= 300" test "$(printf '%s' "$html" | sed -n 's/.* width="\([0-9]*\)".*/\1/p')" -le 300
# The same as XML: well-formed, the same fields.
xurl=${href/format=json/format=xml}
fetch "$xurl&maxwidth=300&maxheight=200" > "$T_DIR/oembed.xml"
check "oEmbed XML well-formed" xmllint --noout "$T_DIR/oembed.xml"
xp() { xmllint --xpath "$1" "$2" 2>/dev/null; }
eq "oEmbed XML type" "$(xp 'string(/oembed/type)' "$T_DIR/oembed.xml")" rich
eq "oEmbed XML version" "$(xp 'string(/oembed/version)' "$T_DIR/oembed.xml")" 1.0
eq "oEmbed XML title" "$(xp 'string(/oembed/title)' "$T_DIR/oembed.xml")" "Pathways for youth"
eq "oEmbed XML width" "$(xp 'string(/oembed/width)' "$T_DIR/oembed.xml")" "$(js width)"
eq "oEmbed XML height" "$(xp 'string(/oembed/height)' "$T_DIR/oembed.xml")" "$(js height)"
eq "oEmbed XML html as the JSON's" "$(xp 'string(/oembed/html)' "$T_DIR/oembed.xml")" "$html"
other=$(urienc "https://evil.example/statements/s/$A")
eq "oEmbed: a URL of another site 404" "$(status "$BASE/oembed?url=$other&format=json")" 404
eq "oEmbed: format=yaml 501" "$(status "$BASE/oembed?url=$(urienc "$BASE/s/$A")&format=yaml")" 501
eq "oEmbed: an unapproved statement 404" "$(status "$BASE/oembed?url=$(urienc "$BASE/s/$F")&format=json")" 404
# The frame the iframe loads.
body=$(fetch "$BASE/frame/statement/$A")
eq "frame 200" "$(status "$BASE/frame/statement/$A")" 200
has "frame CSP frame-ancestors from the setting" "$(header Content-Security-Policy)" "frame-ancestors https://host.example"
has "frame loads frame.js" "$body" '<script src="/statements/static/frame.js"'
has "frame shows the statement" "$body" ALPHA-BODY
eq "frame.js served" "$(status "$BASE/static/frame.js")" 200

"$DAIS" config set base_url "" >/dev/null # feeds: links from the mount point

# ---- Atom feeds -----------------------------------------------------------------------------
# feed_check URL FILE WANT: well-formed Atom with WANT entries, each complete.
feed_check() {
	local a="*[local-name()='entry']"
	curl -s -D "$T_DIR/fh" -o "$2" "$1"
	has "feed $1: Atom type" "$(cat "$T_DIR/fh")" "application/atom+xml"
	check "feed $1: well-formed" xmllint --noout "$2"
	eq "feed $1: an Atom feed" "$(xp "namespace-uri(/*)" "$2")" "http://www.w3.org/2005/Atom"
	eq "feed $1: entries" "$(xp "count(//$a)" "$2")" "$3"
	local e
	for e in id updated title "author/*[local-name()='name']"; do
		eq "feed $1: every entry has $e" "$(xp "count(//$a[not(*[local-name()='${e%%/*}']${e#"${e%%/*}"})])" "$2")" 0
	done
	eq "feed $1: every entry has a link rel=alternate" \
	    "$(xp "count(//$a[not(*[local-name()='link'][@rel='alternate'])])" "$2")" 0
	eq "feed $1: every entry has HTML content" \
	    "$(xp "count(//$a[not(*[local-name()='content'][@type='html'])])" "$2")" 0
	# RFC 4287 4.1.1: the feed's own id, title, updated, author, and a
	# self link; every date an RFC 3339 date-time (3.3).
	local f="/*[local-name()='feed']/*"
	eq "feed $1: one id" "$(xp "count($f[local-name()='id'])" "$2")" 1
	eq "feed $1: one title" "$(xp "count($f[local-name()='title'])" "$2")" 1
	eq "feed $1: one updated" "$(xp "count($f[local-name()='updated'])" "$2")" 1
	eq "feed $1: an author with a name" "$(xp "count($f[local-name()='author']/*[local-name()='name'])" "$2")" 1
	eq "feed $1: a self link" "$(xp "string($f[local-name()='link'][@rel='self']/@href)" "$2")" "${1#"$HOST"}"
	eq "feed $1: one alternate link" "$(xp "count($f[local-name()='link'][@rel='alternate'])" "$2")" 1
	local d bad=0
	for d in $(xp "//*[local-name()='updated' or local-name()='published']/text()" "$2"); do
		[[ $d =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$ ]] || bad=$((bad + 1))
	done
	eq "feed $1: every date RFC 3339" "$bad" 0
	eq "feed $1: ids unique" "$(xp "count(//*[local-name()='id'])" "$2")" \
	    "$(xp "//*[local-name()='id']/text()" "$2" | sort -u | wc -l | tr -d ' ')"
}
NAPPROVED=$(q "SELECT count(*) FROM statement WHERE state = 'approved'")
eq "six approved" "$NAPPROVED" 6
feed_check "$BASE/feed.atom" "$T_DIR/all.xml" 6
feed_check "$BASE/feed/$EV.atom" "$T_DIR/ev.xml" 6
has "feed entry links to /s/ID" "$(cat "$T_DIR/all.xml")" "href=\"/statements/s/$A\""

# ---- feeds made of stored entries (schema 010) ---------------------------------------------
# Each article's Atom entry is rendered once, into feed_entry; a feed is
# its head, its entries' ids and its end (fragment.parts).
# feeds_get DIR: every display of the feed of all and of the event's feed.
feeds_get() {
	mkdir -p "$1"
	for l in "" en fr es ar; do
		curl -s -o "$1/all.${l:-none}.xml" "$BASE/feed.atom${l:+?lang=$l}"
		curl -s -o "$1/ev.${l:-none}.xml" "$BASE/feed/$EV.atom${l:+?lang=$l}"
	done
}
# esnap: every stored entry, its hash and its statement.
esnap() { q "SELECT f.id, hex(f.hash), a.statement_id FROM feed_entry f JOIN article a ON a.id = f.id" | sort; }
feeds_get "$T_DIR/feeds0"
for x in "$T_DIR"/feeds0/*.xml; do
	check "feed ${x##*/}: well-formed" xmllint --noout "$x"
	eq "feed ${x##*/}: 6 entries" "$(xp "count(//*[local-name()='entry'])" "$x")" 6
done
eq "feed entries: one per article" "$(q "SELECT count(*) FROM feed_entry")" "$(q "SELECT count(*) FROM article")"
eq "feed entries: each an article's" "$(q "SELECT count(*) FROM feed_entry f JOIN article a ON a.id = f.id")" "$(q "SELECT count(*) FROM article")"
eq "feed entries: once per (statement, display)" "$(q "SELECT count(*) FROM (SELECT a.statement_id, a.display FROM feed_entry f JOIN article a ON a.id = f.id GROUP BY 1, 2 HAVING count(*) > 1)")" 0
eq "feed entries: five displays of each of the 6" "$(q "SELECT count(*) FROM feed_entry")" 30
eq "feeds: stored in parts, entries by id" "$(q "SELECT count(*) FROM fragment WHERE key LIKE 'atom/%' AND (body != '' OR parts NOT LIKE '% e%')")" 0
eq "feeds: ten (two feeds, five displays)" "$(q "SELECT count(*) FROM fragment WHERE key LIKE 'atom/%'")" 10
# Rendered again from nothing: the same bytes in every display.
q "DELETE FROM feed_entry; DELETE FROM fragment_part WHERE key LIKE 'atom/%'; DELETE FROM fragment WHERE key LIKE 'atom/%'"
"$DAIS" render
eq "feed entries: dais render makes them again" "$(q "SELECT count(*) FROM feed_entry")" 30
feeds_get "$T_DIR/feeds1"
check "feeds: every display the same bytes after dais render" diff -r "$T_DIR/feeds0" "$T_DIR/feeds1"
e0=$(esnap)
"$DAIS" render
eq "feed entries: a render with nothing changed rewrites none" "$(esnap)" "$e0"
# The ETag: a 304 for the current one, a new one when a byte changes.
curl -s -D "$T_DIR/headers" -o /dev/null "$BASE/feed.atom"
FETAG=$(header ETag)
check "feed ETag quoted" grep -qE '^"[0-9a-f]+"$' <<<"$FETAG"
eq "feed: 304 for its ETag" "$(status "$BASE/feed.atom" -H "If-None-Match: $FETAG")" 304
eq "feed of no event: 404" "$(status "$BASE/feed/no-such-event.atom")" 404
has "/e/EVENT with statements links its feed" "$(curl -s "$BASE/e/$EV")" "/statements/feed/$EV.atom"
"$DAIS" event add quiet-2025 --title "A quiet event" --starts 2025-01-10 --ends 2025-01-11 >/dev/null
eq "/e/ of an event with nothing published: 200" "$(status "$BASE/e/quiet-2025")" 200
hasnt "... no link to a feed it does not have" "$(curl -s "$BASE/e/quiet-2025")" "/feed/"

# The edit form of the review page read as a browser would send it (every
# field as shown), only the body changed.
cat > "$T_DIR/form.py" <<'EOF'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.forms = []; self.cur = None
        self.sel = None; self.ta = None
    def handle_starttag(self, t, a):
        a = dict(a)
        if t == 'form':
            self.cur = []; self.forms.append(self.cur)
        elif self.cur is None:
            return
        elif t == 'input':
            ty = a.get('type', 'text')
            if ty in ('radio', 'checkbox') and 'checked' not in a: return
            if ty in ('submit', 'button', 'file', 'image', 'reset'): return
            if a.get('name'): self.cur.append([a['name'], a.get('value') or ''])
        elif t == 'select':
            self.sel = [a.get('name'), None, None]
        elif t == 'option' and self.sel:
            v = a.get('value') or ''
            if self.sel[1] is None: self.sel[1] = v
            if 'selected' in a: self.sel[2] = v
        elif t == 'textarea':
            self.ta = [a.get('name'), '']
    def handle_data(self, d):
        if self.ta is not None: self.ta[1] += d
    def handle_endtag(self, t):
        if t == 'form': self.cur = None
        elif t == 'select' and self.sel:
            self.cur.append([self.sel[0], self.sel[2] if self.sel[2] is not None else self.sel[1] or ''])
            self.sel = None
        elif t == 'textarea' and self.ta:
            if self.ta[1].startswith('\n'): self.ta[1] = self.ta[1][1:]
            self.cur.append(self.ta); self.ta = None
p = P(); p.feed(sys.stdin.read())
for f in p.forms:
    if ['action', sys.argv[1]] in f:
        sys.stdout.write(''.join('%s=%s\0' % (n, v) for n, v in f))
        break
EOF
# edit_body ID TEXT [append]: saves the statement with TEXT as its body (or
# TEXT after the current one); sets CODE, EDIT_NAMES (the fields sent).
edit_body() {
	local kv args=()
	curl -s -b "$JAR" "$BASE/moderate/$1" | python3 "$T_DIR/form.py" edit > "$T_DIR/editform"
	EDIT_NAMES=
	while IFS= read -r -d '' kv; do
		EDIT_NAMES="$EDIT_NAMES ${kv%%=*}"
		case $kv in
		body=*) if [ "${3:-}" = append ]; then
				args+=(--data-urlencode "body=${kv#body=}"$'\n\n'"$2")
			else
				args+=(--data-urlencode "body=$2")
			fi ;;
		*) args+=(--data-urlencode "$kv") ;;
		esac
	done < "$T_DIR/editform"
	CODE=$(curl -s -o "$T_DIR/mod.out" -w '%{http_code}' -b "$JAR" \
	    -H "Origin: $ORIGIN" "${args[@]}" "$BASE/moderate/$1")
}

# ---- embargo -----------------------------------------------------------------------------
# Approved to be published in the future (two minutes ahead, so that it is
# at least one minute ahead whatever the second now).
e0=$(esnap)
approve "$F" --data-urlencode "publish_at=$(date -u -d '+2 minutes' +%Y-%m-%dT%H:%M)"
FID=$(q "SELECT id FROM statement WHERE public_id = '$F'")
echanged=$(comm -13 <(echo "$e0") <(esnap))
eq "approving: five entries written (one per display)" "$(grep -c . <<<"$echanged")" 5
eq "approving: only the entries of the statement approved" "$(cut -d'|' -f3 <<<"$echanged" | sort -u)" "$FID"
eq "approving: no other entry rewritten or dropped" "$(comm -23 <(echo "$e0") <(esnap) | grep -c .)" 0
infeeds() { q "SELECT count(*) FROM fragment r, feed_entry f JOIN article a ON a.id = f.id WHERE r.key LIKE 'atom/%' AND a.statement_id = $FID AND (' ' || r.parts || ' ') LIKE '% e' || f.id || ' %'"; }
eq "embargoed: its entries in no feed" "$(infeeds)" 0
curl -s -D "$T_DIR/headers" -o /dev/null "$BASE/feed.atom"
eq "embargoed: the feed's ETag unchanged" "$(header ETag)" "$FETAG"
eq "embargoed: approved" "$(q "SELECT state FROM statement WHERE public_id = '$F'")" approved
hasnt "embargoed: not in the event fragment" "$(frag "event/$EV")" FOXTROT-BODY
eq "embargoed: its own fragment empty" "$(frag "statement/$F")" ""
eq "embargoed: /s/ID 404" "$(status "$BASE/s/$F")" 404
hasnt "embargoed: not in the feed" "$(curl -s "$BASE/feed.atom")" FOXTROT-BODY
hasnt "embargoed: not in the event's feed" "$(curl -s "$BASE/feed/$EV.atom")" FOXTROT-BODY
hasnt "embargoed: not on the host page" "$(curl -s "$HOST/news.html")" FOXTROT-BODY
"$DAIS" config set base_url "$HOST/statements" >/dev/null # oEmbed needs it
eq "embargoed: oEmbed 404" "$(status "$BASE/oembed?url=$(urienc "$BASE/s/$F")&format=json")" 404
eq "... while the published one answers" "$(status "$BASE/oembed?url=$(urienc "$BASE/s/$A")&format=json")" 200
"$DAIS" config set base_url "" >/dev/null
hasnt "embargoed: not in the static file" "$(cat "$T_DIR/static/event/$EV.html")" FOXTROT-BODY
check "embargoed: fragments know when they are due" test "$(q "SELECT count(*) FROM fragment WHERE due > 0")" -gt 0
# A typo fixed before the embargo ends: nothing shows yet, and it is no
# correction of anything the public has seen.
edit_body "$F" "FOXTROT-BODY under embargo, typo fixed."
eq "embargoed edit: 303" "$CODE" 303
hasnt "embargoed edit: still not in the event fragment" "$(frag "event/$EV")" FOXTROT-BODY
eq "embargoed edit: its own fragment still empty" "$(frag "statement/$F")" ""
# Time passes: the embargo's end is in the past; the next GET renders the
# due fragments (checked on read) and shows it.
q "UPDATE statement SET publish_at = strftime('%s','now') - 5 WHERE public_id = '$F';
   UPDATE fragment SET due = strftime('%s','now') - 5 WHERE due > 0"
body=$(frag "event/$EV")
has "embargo over: in the event fragment at the next GET" "$body" FOXTROT-BODY
before "embargo over: in its session's place (after panel-3)" "$body" ALPHA-BODY FOXTROT-BODY
before "embargo over: in its session's place (before panel-5)" "$body" FOXTROT-BODY ECHO-CORPS
eq "embargo over: nothing due any more" "$(q "SELECT count(*) FROM fragment WHERE due > 0")" 0
body=$(frag "statement/$F")
has "embargo over: its own fragment, as edited" "$body" "typo fixed."
hasnt "embargo over: edited before publication is no correction" "$body" "Corrected on"
eq "embargo over: /s/ID 200" "$(status "$BASE/s/$F")" 200
has "embargo over: in the feed" "$(curl -s "$BASE/feed.atom")" FOXTROT-BODY
eq "embargo over: its entries in both feeds, every display" "$(infeeds)" 10
curl -s -D "$T_DIR/headers" -o /dev/null "$BASE/feed.atom"
check "embargo over: the feed's ETag changed" [ "$(header ETag)" != "$FETAG" ]
eq "embargo over: 200 for the old ETag" "$(status "$BASE/feed.atom" -H "If-None-Match: $FETAG")" 200
feeds_get "$T_DIR/feeds2"
for x in "$T_DIR"/feeds2/*.xml; do
	check "embargo over: feed ${x##*/} well-formed" xmllint --noout "$x"
	eq "embargo over: feed ${x##*/}: 7 entries" "$(xp "count(//*[local-name()='entry'])" "$x")" 7
done
has "embargo over: on the host page" "$(curl -s "$HOST/news.html")" FOXTROT-BODY
has "embargo over: the static file rewritten" "$(cat "$T_DIR/static/event/$EV.html")" FOXTROT-BODY
feed_check "$BASE/feed.atom" "$T_DIR/all.xml" 7

# ---- corrections ---------------------------------------------------------------------------
curl -s -D "$T_DIR/headers" -o /dev/null "$BASE/feed.atom"
FETAG=$(header ETag)
e0=$(esnap)
edit_body "$A" "ALPHA-FIXED: a figure corrected." append
names=$EDIT_NAMES
eq "edit form: every field read" "$(tr ' ' '\n' <<<"$names" | grep -v '^$' | sort | tr '\n' ' ')" \
    "action body cosignatories csrf delivered format kind language on_behalf_of organisation rev session speaker speaker_role title "
has "edit form: the current text" "$(tr '\0' '\n' < "$T_DIR/editform")" "body=ALPHA-BODY on regular pathways"
has "edit form: the current session" "$(tr '\0' '\n' < "$T_DIR/editform")" "session=panel-3"
code=$CODE
eq "edit of an approved statement: 303" "$code" 303
eq "edit: still approved" "$(q "SELECT state FROM statement WHERE public_id = '$A'")" approved
body=$(frag "statement/$A")
has "correction: the new text in its fragment" "$body" "ALPHA-FIXED: a figure corrected."
has "correction: a Corrected on note" "$body" '<p class="dais-corrected">Corrected on <time datetime="'
body=$(frag "event/$EV")
has "correction: the new text in the event fragment" "$body" "ALPHA-FIXED"
has "correction: noted in the event fragment" "$body" "Corrected on"
article() { sed -n "/<article [^>]*id=\"dais-$1\"/,/<\/article>/p" <<<"$2"; }
has "correction: noted on its article" "$(article "$A" "$body")" "Corrected on"
hasnt "correction: not on another's" "$(article "$B" "$body")" "Corrected on"
has "correction: on the host page" "$(curl -s "$HOST/news.html")" "ALPHA-FIXED"
has "correction: in the feed" "$(curl -s "$BASE/feed.atom")" "ALPHA-FIXED"
AID=$(q "SELECT id FROM statement WHERE public_id = '$A'")
echanged=$(comm -13 <(echo "$e0") <(esnap))
eq "correction: only its entries rewritten, in place" "$(cut -d'|' -f1,3 <<<"$echanged" | sort -u)" "$(q "SELECT a.id || '|' || a.statement_id FROM article a WHERE a.statement_id = $AID" | sort -u)"
curl -s -D "$T_DIR/headers" -o "$T_DIR/all.xml" "$BASE/feed.atom"
check "correction: the feed's ETag changed" [ "$(header ETag)" != "$FETAG" ]
eq "correction: 200 for the old ETag" "$(status "$BASE/feed.atom" -H "If-None-Match: $FETAG")" 200
check "correction: the feed well-formed" xmllint --noout "$T_DIR/all.xml"
AID=$(q "SELECT id FROM statement WHERE public_id = '$A'")
check "correction: 3 or more revisions" test "$(q "SELECT count(*) FROM revision WHERE statement_id = $AID")" -ge 3
check "correction: the old text kept in the history" test \
    "$(q "SELECT count(*) FROM revision WHERE statement_id = $AID AND source LIKE '%ALPHA-BODY%' AND source NOT LIKE '%ALPHA-FIXED%'")" -ge 1
has "correction: the new text is the statement's" "$(q "SELECT source FROM statement WHERE id = $AID")" "ALPHA-FIXED"
check "correction: the corrected time stored" test -n "$(q "SELECT corrected FROM statement WHERE id = $AID")"

# ---- withdrawal and restoration --------------------------------------------------------
moderate "$C" withdraw
eq "withdraw: 303" "$CODE" 303
for k in "event/$EV" "event/$EV/panel-1" "org/mri" "event/$EV?lang=en"; do
	hasnt "withdrawn: gone from $k" "$(frag "$k")" CHARLIE-BODY
done
has "withdrawn: the others stay" "$(frag "event/$EV/panel-1")" BRAVO-BODY
eq "withdrawn: its own fragment empty" "$(frag "statement/$C")" ""
eq "withdrawn: /s/ID 404" "$(status "$BASE/s/$C")" 404
hasnt "withdrawn: gone from the feed" "$(curl -s "$BASE/feed.atom")" CHARLIE-BODY
hasnt "withdrawn: gone from the event's feed" "$(curl -s "$BASE/feed/$EV.atom")" CHARLIE-BODY
hasnt "withdrawn: gone from the host page" "$(curl -s "$HOST/news.html")" CHARLIE-BODY
hasnt "withdrawn: gone from the static file" "$(cat "$T_DIR/static/event/$EV.html")" CHARLIE-BODY
eq "withdrawn: its static file emptied" "$(wc -c < "$T_DIR/static/statement/$C.html" | tr -d ' ')" 0
feed_check "$BASE/feed.atom" "$T_DIR/all.xml" 6
# A decision that fails in its transaction (here its audit row, refused
# by a trigger) changes nothing: not the statement, not a fragment, not a
# static file (they are written after the commit).
X=$(submit panel-1 "Never published" mri "" intervention en 2024-05-22 "XRAY-BODY")
q "CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'forced'); END;"
fsx=$(fsnap); stx=$(cat "$T_DIR/static/event/$EV.html")
moderate "$X" approve
eq "a failed decision: 503, nothing changed" "$CODE" 503
hasnt "a failed decision: no SQL or trace on the page" "$(cat "$T_DIR/mod.out")" "forced"
eq "a failed decision: still pending" "$(q "SELECT state FROM statement WHERE public_id = '$X'")" pending
eq "a failed decision: no fragment changed" "$(fsnap)" "$fsx"
eq "a failed decision: the static file unchanged" "$(cat "$T_DIR/static/event/$EV.html")" "$stx"
check "a failed decision: no static file of its own" test ! -e "$T_DIR/static/statement/$X.html"
q "DROP TRIGGER test_fail_audit"
moderate "$X" reject --data-urlencode "reason=Not for publication."
eq "... then rejected: 303" "$CODE" 303
# The static files are written under a lock on static_dir/.lock (two
# workers must not rename older bytes over newer): while someone else
# holds it, the decision is committed but its files wait.
Y=$(submit panel-1 "Waits for the lock" mri "" intervention en 2024-05-22 "YANKEE-BODY")
flock "$T_DIR/static/.lock" -c "touch '$T_DIR/locked'; sleep 3" &
LOCKER=$!
wait_for test -e "$T_DIR/locked"
( moderate "$Y" approve; echo "$CODE" > "$T_DIR/approve.code" ) &
APPROVER=$!
wait_for sh -c "sqlite3 '$DAIS_DB' \"SELECT body FROM fragment WHERE key = 'statement/$Y'\" | grep -q YANKEE-BODY"
hasnt "lock held: the static file not yet written" "$(cat "$T_DIR/static/event/$EV.html")" YANKEE-BODY
wait "$LOCKER"; wait "$APPROVER"
eq "lock released: the decision answered 303" "$(cat "$T_DIR/approve.code")" 303
has "lock released: the static file written" "$(cat "$T_DIR/static/event/$EV.html")" YANKEE-BODY
moderate "$Y" withdraw
hasnt "... withdrawn again: gone from the static file" "$(cat "$T_DIR/static/event/$EV.html")" YANKEE-BODY
moderate "$C" restore
eq "restore: 303" "$CODE" 303
hasnt "restored to the queue: not yet public" "$(frag "event/$EV")" CHARLIE-BODY
approve "$C"
for k in "event/$EV" "event/$EV/panel-1" "org/mri" "statement/$C"; do
	has "restored and approved: back in $k" "$(frag "$k")" CHARLIE-BODY
done
before "restored: in its place again" "$(frag "event/$EV")" CHARLIE-BODY BRAVO-BODY
has "restored: back in the feed" "$(curl -s "$BASE/feed.atom")" CHARLIE-BODY
eq "restored: /s/ID 200" "$(status "$BASE/s/$C")" 200
feed_check "$BASE/feed.atom" "$T_DIR/all.xml" 7

# ---- static files at the end of an embargo: `dais render --due` ----------------------
# Static files are read without dais: the timer's `dais render --due`
# writes them when an embargo ends, with no request to dais.
approve "$H" --data-urlencode "publish_at=$(date -u -d '+2 minutes' +%Y-%m-%dT%H:%M)"
hasnt "static, embargoed: not in the session's file" "$(cat "$T_DIR/static/event/$EV/panel-2.html")" HOTEL-CUERPO
q "UPDATE statement SET publish_at = strftime('%s','now') - 5 WHERE public_id = '$H';
   UPDATE fragment SET due = strftime('%s','now') - 5 WHERE due > 0"
"$DAIS" render --due
eq "dais render --due exits 0" $? 0
has "render --due: the session's file" "$(cat "$T_DIR/static/event/$EV/panel-2.html")" HOTEL-CUERPO
has "render --due: the event's file" "$(cat "$T_DIR/static/event/$EV.html")" HOTEL-CUERPO
has "render --due: the Spanish file" "$(cat "$T_DIR/static/event/$EV.es.html")" HOTEL-CUERPO
has "render --due: the feed file" "$(cat "$T_DIR/static/atom/all.xml")" HOTEL-CUERPO
eq "render --due: nothing due any more" "$(q "SELECT count(*) FROM fragment WHERE due > 0")" 0
has "render --due: dais serves the same" "$(frag "event/$EV/panel-2")" HOTEL-CUERPO
check "render --due: the static file equal to GET" cmp -s "$T_DIR/static/event/$EV/panel-2.html" <(curl -s "$BASE/fragment/event/$EV/panel-2")

# ---- a due embargo while another process writes --------------------------------------
# A reader does not wait for the write lock (the 5 s busy timeout): it
# serves what is stored at once; the end of the embargo is rendered by the
# next request once the lock is free, or by the writer that holds it.
J=$(submit panel-2 "Lock and embargo" alianza "" intervention en 2024-05-22 "JULIET-BODY under embargo.")
approve "$J" --data-urlencode "publish_at=$(date -u -d '+2 minutes' +%Y-%m-%dT%H:%M)"
hasnt "lock: embargoed, not in its session's fragment" "$(frag "event/$EV/panel-2")" JULIET-BODY
q "UPDATE statement SET publish_at = strftime('%s','now') - 5 WHERE public_id = '$J';
   UPDATE fragment SET due = strftime('%s','now') - 5 WHERE due > 0"
mkfifo "$T_DIR/lock.fifo"
sqlite3 "$DAIS_DB" < "$T_DIR/lock.fifo" > /dev/null 2>&1 &
LOCKER=$!
exec 7>"$T_DIR/lock.fifo"
echo "BEGIN IMMEDIATE; SELECT 1;" >&7
locked() { ! sqlite3 -cmd ".timeout 0" "$DAIS_DB" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; }
for i in $(seq 100); do locked && break; sleep 0.1; done
check "lock: another process holds the write lock" locked
code=$(curl -s -o "$T_DIR/lock.body" -w '%{http_code}' -m 3 "$BASE/fragment/event/$EV/panel-2")
eq "lock: a due fragment answered at once, not after waiting for the lock" "$code" 200
hasnt "lock: ... with the bytes stored" "$(cat "$T_DIR/lock.body")" JULIET-BODY
check "lock: ... still due" [ "$(q "SELECT due FROM fragment WHERE key = 'event/$EV/panel-2'")" -gt 0 ]
echo "COMMIT;" >&7
exec 7>&-
wait "$LOCKER"
has "lock: the lock free, the next request renders it" "$(frag "event/$EV/panel-2")" JULIET-BODY
# The writer renders what has come due: an approval elsewhere, no GET.
K=$(submit panel-2 "Writer and embargo" alianza "" intervention en 2024-05-22 "KILO-BODY under embargo.")
L=$(submit panel-1 "Another approval" mri "" intervention en 2024-05-22 "LIMA-BODY.")
approve "$K" --data-urlencode "publish_at=$(date -u -d '+2 minutes' +%Y-%m-%dT%H:%M)"
q "UPDATE statement SET publish_at = strftime('%s','now') - 5 WHERE public_id = '$K';
   UPDATE fragment SET due = strftime('%s','now') - 5 WHERE due > 0"
check "writer: fragments due before the next approval" [ "$(q "SELECT count(*) FROM fragment WHERE due > 0 AND due <= strftime('%s','now')")" -gt 0 ]
approve "$L"
eq "writer: none due after it, with no request for them" "$(q "SELECT count(*) FROM fragment WHERE due > 0 AND due <= strftime('%s','now')")" 0
has "writer: the statement in its session's fragment" "$(frag "event/$EV/panel-2")" KILO-BODY

# More than one round of keys (publish_due renders PUBLISH_MAX_KEYS = 64 at
# a time): every due fragment is rendered by one `render --due`.
# Organisations that once had statements: their keys stay stored, and
# rendered again they are empty.
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
   INSERT INTO fragment(key, etag, updated, due, body) SELECT 'org/gone-' || i, 'x', 0, 0, 'OLD' FROM n"
check "more than 64 fragments stored" test "$(q "SELECT count(*) FROM fragment")" -gt 64
q "UPDATE fragment SET due = strftime('%s','now') - 5"
"$DAIS" render --due
eq "render --due: every one of the due fragments rendered" "$(q "SELECT count(*) FROM fragment WHERE due > 0")" 0
eq "render --due: the gone organisations' fragments emptied" "$(q "SELECT count(*) FROM fragment WHERE key LIKE 'org/gone-%' AND body != ''")" 0
eq "render --due: their static files empty" "$(cat "$T_DIR/static/org/gone-99.html")" ""

# ---- export ---------------------------------------------------------------------------------
# A fragment whose embargo has ended is rendered before it is exported.
q "UPDATE fragment SET body = 'OLD', due = strftime('%s','now') - 5 WHERE key = 'org/gone-1'"
"$DAIS" export-fragments "$T_DIR/export"
eq "export-fragments exits 0" $? 0
nkeys=$(q "SELECT count(*) FROM fragment")
eq "export: one file per stored fragment" "$(find "$T_DIR/export" -type f | wc -l | tr -d ' ')" "$nkeys"
bad=0
while IFS= read -r k; do
	case $k in atom/*) ext=xml ;; *) ext=html ;; esac
	q "SELECT writefile('$T_DIR/want', body) FROM fragment WHERE key = '$k'" >/dev/null
	# In parts (a feed, a long list): "ID" a fragment_part, "eID" a feed entry.
	for t in $(q "SELECT parts FROM fragment WHERE key = '$k'"); do
		case $t in
		e*) q "SELECT writefile('$T_DIR/part', body) FROM feed_entry WHERE id = ${t#e}" ;;
		*) q "SELECT writefile('$T_DIR/part', body) FROM fragment_part WHERE id = $t" ;;
		esac >/dev/null
		cat "$T_DIR/part" >> "$T_DIR/want"
	done
	cmp -s "$T_DIR/export/${k/@/.}.$ext" "$T_DIR/want" || { bad=$((bad + 1)); echo "export differs: $k" >&2; }
done < <(q "SELECT key FROM fragment ORDER BY key")
eq "export: every file equal to the stored fragment" "$bad" 0
check "export: the event's file as GET" cmp -s "$T_DIR/export/event/$EV.html" <(curl -s "$BASE/fragment/event/$EV")
eq "export: a due fragment rendered first" "$(cat "$T_DIR/export/org/gone-1.html")" ""
eq "export: no temporary files" "$(find "$T_DIR/export" -name '*.tmp*' | wc -l | tr -d ' ')" 0

# ---- dais render, and the renderer version check at start -------------------------------
# The same without the times.
csnap() { q "SELECT key, etag, hex(body) FROM fragment ORDER BY key" | md5sum; }
S0=$(fsnap)
C0=$(csnap)
eq "an article per display (5) for every approved statement, and no other" "$(q "SELECT count(*) FROM article a JOIN statement s ON s.id = a.statement_id WHERE s.state = 'approved'") $(q "SELECT count(*) FROM article")" "$(q "SELECT 5 * count(*) FROM statement WHERE state = 'approved'") $(q "SELECT 5 * count(*) FROM statement WHERE state = 'approved'")"
"$DAIS" render
eq "dais render exits 0" $? 0
eq "dais render: fragments unchanged" "$(fsnap)" "$S0"
"$DAIS" render --due
eq "dais render --due exits 0" $? 0
eq "dais render --due: fragments unchanged" "$(fsnap)" "$S0"
# `dais render` after a sanitizer change cleans every statement again (as
# the start of a new binary does), then renders.
SV=$(q "SELECT value FROM setting WHERE key = 'sanitizer_version'")
q "UPDATE setting SET value = 'old' WHERE key = 'sanitizer_version';
   UPDATE statement SET html = '<p>STALE-HTML</p>' WHERE public_id = '$A'"
"$DAIS" render
eq "render after a sanitizer change: exits 0" $? 0
eq "... the sanitizer version recorded" "$(q "SELECT value FROM setting WHERE key = 'sanitizer_version'")" "$SV"
hasnt "... the statement cleaned again from its source" "$(q "SELECT html FROM statement WHERE public_id = '$A'")" STALE-HTML
has "... its fragment from the new HTML" "$(frag "statement/$A")" ALPHA-BODY
eq "... every fragment as before" "$(fsnap)" "$S0"
# A changed template: at start, the workers render every fragment again.
cp -r "$T_DIR/tpl" "$T_DIR/tpl2"
sed -i 's/<div class="dais-statements"/<div class="dais-statements dais-rebuilt"/' "$T_DIR/tpl2/fragment_list.html"
check "template changed" grep -q dais-rebuilt "$T_DIR/tpl2/fragment_list.html"
# The article (statement.html) is rendered once per statement and stored:
# a change to it must reach every list, the statement and the feeds.
sed -i 's/<article class="dais-statement"/<article class="dais-statement dais-art2"/' "$T_DIR/tpl2/statement.html"
check "article template changed" grep -q dais-art2 "$T_DIR/tpl2/statement.html"
naudit=$(q "SELECT count(*) FROM audit")
t_stop_dais
DAIS_TEMPLATES=$T_DIR/tpl2 t_start_dais
has "restart with a changed template: fragments rebuilt" "$(frag "event/$EV")" '<div class="dais-statements dais-rebuilt"'
has "... the session's too" "$(frag "event/$EV/panel-1")" "dais-rebuilt"
hasnt "... not the single statement's (another template)" "$(frag "statement/$A")" "dais-rebuilt"
has "... on the host page" "$(curl -s "$HOST/news.html")" "dais-rebuilt"
has "... every article again: in the event" "$(frag "event/$EV")" 'class="dais-statement dais-art2"'
has "... in an organisation's list" "$(frag "org/$(q "SELECT o.slug FROM statement s JOIN organisation o ON o.id = s.org_id WHERE s.public_id = '$A'")")" 'dais-art2'
has "... in the single statement" "$(frag "statement/$A")" 'class="dais-statement dais-art2"'
has "... in the feed" "$(curl -s "$BASE/feed.atom")" 'dais-art2'
eq "... no list with an old article" "$(q "SELECT count(*) FROM fragment WHERE body LIKE '%<article class=\"dais-statement\"%'")" 0
has "... and in the static file" "$(cat "$T_DIR/static/event/$EV.html")" "dais-rebuilt"
eq "... without any decision" "$(q "SELECT count(*) FROM audit")" "$naudit"
has "... logged" "$(cat "$T_DIR/dais.log")" "renderer changed"
# And back: the old templates give the old fragments again.
t_stop_dais
t_start_dais
eq "restart with the first templates: as before" "$(csnap)" "$C0"

# A full rendering at start that failed (the database busy) leaves the
# recorded version old and the articles incomplete: the next change then
# renders everything, so no list loses a statement.
nev=$(frag "event/$EV" | grep -c '<article ')
q "UPDATE setting SET value = 'stale' WHERE key = 'renderer_version'; DELETE FROM article;"
L=$(submit panel-1 "Late statement" mri "" intervention en 2024-05-22 "Said late.")
approve "$L"
eq "stale version: the change renders every list again" "$(frag "event/$EV" | grep -c '<article ')" "$((nev + 1))"
eq "... every article back" "$(q "SELECT count(*) FROM article")" "$(q "SELECT 5 * count(*) FROM statement WHERE state = 'approved'")"
eq "... the version recorded" "$(q "SELECT value FROM setting WHERE key = 'renderer_version'")" "$(q "SELECT value FROM setting WHERE key = 'renderer_version' AND value != 'stale'")"
hasnt "... not stale" "$(q "SELECT value FROM setting WHERE key = 'renderer_version'")" stale

# base_url is written into every link of every fragment: setting it
# renders them all again at once (and so does clearing it).
"$DAIS" config set base_url "$HOST/statements" 2>/dev/null
eq "config set base_url: exits 0" $? 0
has "base_url: absolute links in the event fragment" "$(frag "event/$EV")" "href=\"$HOST/statements/s/$A\""
has "base_url: ... in the static file" "$(cat "$T_DIR/static/event/$EV.html")" "href=\"$HOST/statements/s/$A\""
has "base_url: ... in the feed" "$(curl -s "$BASE/feed.atom")" "href=\"$HOST/statements/s/$A\""
"$DAIS" config set base_url "" 2>/dev/null
eq "config set base_url back to none: exits 0" $? 0
has "no base_url: links from the mount point again" "$(frag "event/$EV")" "href=\"/statements/s/$A\""
"$DAIS" config set site_name "The Coalition" 2>/dev/null
has "site_name: the feed's title" "$(curl -s "$BASE/feed.atom")" "<title>The Coalition</title>"

# ---- language versions: fragments in the host page's language ---------------------------
# An English original with French and Spanish versions. Translations are
# statement rows of their own (original_id set); made here with SQL as a
# copy of the original, then approved through the review page.
LO=$(submit panel-1 "Pathways in every language" mri "" panel en 2024-05-21 \
    "LANG-EN-BODY in English.")
approve "$LO"
# translate ORIGINAL LANG TITLE BODY: a pending translation; prints its id.
translate() {
	local n
	n=$(q "SELECT max(id) + 1 FROM statement")
	q "CREATE TEMP TABLE t AS SELECT * FROM statement WHERE public_id = '$1';
	   UPDATE t SET id = $n, public_id = 'tr$n$2', status_hash = 'tr-hash-$n',
	       original_id = (SELECT id FROM statement WHERE public_id = '$1'),
	       language = '$2', title = '$3', source = '$4', html = '<p>$4</p>',
	       state = 'pending', rev = 1, published = '', publish_at = 0;
	   INSERT INTO statement SELECT * FROM t;
	   INSERT INTO revision(statement_id, rev, author, note, state, session_id,
	       title, speaker, speaker_role, org_name, on_behalf_of, cosignatories,
	       kind, delivered, language, format, source, html, created)
	   SELECT id, 1, 'submitter', 'translation', state, session_id, title,
	       speaker, speaker_role, org_name, on_behalf_of, cosignatories, kind,
	       delivered, language, format, source, html, created FROM t;"
	echo "tr$n$2"
}
LFR=$(translate "$LO" fr "Des voies dans chaque langue" "LANG-FR-CORPS en français.")
LES=$(translate "$LO" es "Vías en cada idioma" "LANG-ES-CUERPO en español.")
etag_of() { q "SELECT etag FROM fragment WHERE key = '$1'"; }
fr0=$(etag_of "event/$EV@fr"); es0=$(etag_of "event/$EV@es"); en0=$(etag_of "event/$EV")
eq "a pending translation is not shown" "$(frag "event/$EV?lang=fr" | grep -c LANG-FR-CORPS)" 0
approve "$LFR"
check "approving the French version changes the French variant's ETag" [ "$(etag_of "event/$EV@fr")" != "$fr0" ]
eq "... not the Spanish variant's" "$(etag_of "event/$EV@es")" "$es0"
eq "... nor the default one's" "$(etag_of "event/$EV")" "$en0"
approve "$LES"
check "approving the Spanish version changes the Spanish variant's ETag" [ "$(etag_of "event/$EV@es")" != "$es0" ]
# lang_check LANG ID BODYMARK CONTAINER_LANG CONTAINER_DIR ARTICLE_LANG
lang_check() {
	local u="event/$EV${1:+?lang=$1}" b
	b=$(frag "$u")
	has "$u: the version shown" "$b" "$3"
	for m in LANG-EN-BODY LANG-FR-CORPS LANG-ES-CUERPO; do
		[ "$m" = "$3" ] || hasnt "$u: not $m" "$b" "$m"
	done
	eq "$u: one entry for the statement" "$(printf '%s' "$b" | grep -o 'LANG-[A-Z]*-[A-Z]*' | wc -l)" 1
	has "$u: the container's lang/dir" "$b" "<div class=\"dais-statements\" lang=\"$4\" dir=\"$5\">"
	has "$u: the article's own lang" "$b" "id=\"dais-$2\" lang=\"$6\""
}
lang_check "" "$LO" LANG-EN-BODY en ltr en
lang_check en "$LO" LANG-EN-BODY en ltr en
lang_check fr "$LFR" LANG-FR-CORPS fr ltr fr
lang_check es "$LES" LANG-ES-CUERPO es ltr es
lang_check ar "$LO" LANG-EN-BODY ar rtl en
b=$(frag "event/$EV?lang=fr")
has "fr: the date in French" "$b" "21 mai 2024"
has "fr: a translation says so, in French" "$b" "Traduction de l’original en anglais"
has "es: the date in Spanish" "$(frag "event/$EV?lang=es")" "21 de mayo de 2024"
has "ar: the original, with a note in Arabic" "$(frag "event/$EV?lang=ar")" "النص الأصلي باللغة الإنجليزية"
hasnt "no lang: no note on an original" "$(frag "event/$EV/panel-1")" "Original in English"
eq "fr-CA: the French variant" "$(frag "event/$EV?lang=fr-CA")" "$(frag "event/$EV?lang=fr")"
eq "pt (no interface in it): the default variant" "$(frag "event/$EV?lang=pt")" "$(frag "event/$EV")"
eq "statement fragment in French" "$(frag "statement/$LO?lang=fr" | grep -c LANG-FR-CORPS)" 1
eq "org list in Spanish: one entry" "$(frag "org/mri?lang=es" | grep -o 'LANG-[A-Z]*-[A-Z]*' | tr '\n' ' ')" "LANG-ES-CUERPO "
# A version under embargo: its display shows the original until then.
LAR=$(translate "$LO" ar "مسارات بكل لغة" "LANG-AR-TEXT بالعربية.")
approve "$LAR" --data-urlencode "publish_at=$(date -u -d '+2 minutes' +%Y-%m-%dT%H:%M)"
b=$(frag "event/$EV?lang=ar")
hasnt "embargoed translation: not shown" "$b" LANG-AR-TEXT
has "embargoed translation: the original meanwhile" "$b" LANG-EN-BODY
check "embargoed translation: the variant is due then" [ "$(q "SELECT due FROM fragment WHERE key = 'event/$EV@ar'")" -gt 0 ]
q "UPDATE statement SET publish_at = strftime('%s', 'now') - 1 WHERE public_id = '$LAR';
   UPDATE article SET switch_at = strftime('%s', 'now') - 1 WHERE switch_at > 0;
   UPDATE fragment SET due = strftime('%s', 'now') - 1 WHERE due > 0 AND key LIKE '%@ar'"
has "embargo over: the Arabic version on the next read" "$(frag "event/$EV?lang=ar")" LANG-AR-TEXT
has "... its article right to left" "$(frag "event/$EV?lang=ar")" "id=\"dais-$LAR\" lang=\"ar\" dir=\"rtl\""
# Feeds, one per display language.
b=$(curl -s "$BASE/feed/$EV.atom?lang=fr")
has "feed ?lang=fr: xml:lang" "$b" 'xml:lang="fr"'
has "feed ?lang=fr: the French title" "$b" "Des voies dans chaque langue"
hasnt "feed ?lang=fr: not the English one" "$b" "<title>Pathways in every language</title>"
has "feed without lang: xml:lang of default_language" "$(curl -s "$BASE/feed.atom")" '<feed xml:lang="en" xmlns="http://www.w3.org/2005/Atom">'
has "feed of all ?lang=es: the Spanish title" "$(curl -s "$BASE/feed.atom?lang=es")" "Vías en cada idioma"
# Static files, one per display language.
has "static file event/EV.fr.html" "$(cat "$T_DIR/static/event/$EV.fr.html")" LANG-FR-CORPS
has "static file event/EV.es.html" "$(cat "$T_DIR/static/event/$EV.es.html")" LANG-ES-CUERPO
has "static file event/EV.html: the original" "$(cat "$T_DIR/static/event/$EV.html")" LANG-EN-BODY
has "static feed atom/EV.fr.xml" "$(cat "$T_DIR/static/atom/$EV.fr.xml")" 'xml:lang="fr"'
# The frame and oEmbed pass ?lang= on.
b=$(curl -s "$BASE/frame/statement/$LO?lang=fr")
has "frame ?lang=fr: the French version" "$b" LANG-FR-CORPS
has "frame ?lang=fr: the page in French" "$b" '<html lang="fr" dir="ltr">'
has "frame ?lang=es-419: the Spanish version" "$(curl -s "$BASE/frame/event/$EV?lang=es-419")" LANG-ES-CUERPO
"$DAIS" config set base_url "$HOST/statements" 2>/dev/null
b=$(curl -s "$BASE/oembed?url=$(urienc "$HOST/statements/s/$LO")&format=json&lang=fr")
has "oEmbed &lang=fr: the frame in French" "$b" "/frame/statement/$LO?lang=fr"
b=$(curl -s "$BASE/oembed?url=$(urienc "$HOST/statements/s/$LES")&format=json")
has "oEmbed of a translation's address: the original's frame in its language" "$b" "/frame/statement/$LO?lang=es"
"$DAIS" config set base_url "" 2>/dev/null
# The public pages.
b=$(curl -s "$BASE/s/$LO?lang=fr")
has "/s/ID?lang=fr: the French title" "$b" "Des voies dans chaque langue</h1>"
has "/s/ID?lang=fr: the French text" "$b" LANG-FR-CORPS
has "/s/ID: hreflang links" "$b" "<link rel=\"alternate\" hreflang=\"es\" href=\"/statements/s/$LO?lang=es\">"
# The page is in French (?lang=fr): its labels too.
has "/s/ID: a link to the original" "$b" "Original : <a href=\"/statements/s/$LO?lang=en\" hreflang=\"en\" lang=\"en\">English</a>"
has "/s/ID: also in Arabic and Spanish" "$b" "Également en : <a href=\"/statements/s/$LO?lang=ar\" hreflang=\"ar\" lang=\"ar\">العربية</a>, <a href=\"/statements/s/$LO?lang=es\" hreflang=\"es\" lang=\"es\">Español</a>"
hasnt "/s/ID: not a link to the version shown" "$(printf '%s' "$b" | grep -o '<p class="versions">.*</p>')" "<a href=\"/statements/s/$LO?lang=fr\""
has "/s/ID without lang: the reader's language (en)" "$(curl -s "$BASE/s/$LO")" "Pathways in every language</h1>"
has "/s/ID of the Spanish version: in Spanish" "$(curl -s "$BASE/s/$LES")" "Vías en cada idioma</h1>"
b=$(curl -s "$BASE/e/$EV?lang=es")
has "/e/SLUG?lang=es: the Spanish version" "$b" LANG-ES-CUERPO
hasnt "/e/SLUG?lang=es: one entry" "$b" LANG-EN-BODY
has "/e/SLUG?lang=es: the feed in Spanish" "$b" "/statements/feed/$EV.atom?lang=es"
# Withdrawing the original takes every version with it.
moderate "$LO" withdraw
for l in "" fr es ar; do
	hasnt "original withdrawn: gone from ?lang=$l" "$(frag "event/$EV${l:+?lang=$l}")" "LANG-"
done
eq "... no article of it left" "$(q "SELECT count(*) FROM article a JOIN statement s ON s.id = a.statement_id WHERE s.public_id = '$LO'")" 0
"$DAIS" config set default_language de 2>/dev/null
check "default_language: only an interface language" [ $? -ne 0 ]
"$DAIS" config set default_language fr 2>/dev/null
eq "config set default_language fr: exits 0" $? 0
has "default_language fr: the default variant's labels in French" "$(frag "event/$EV")" '<div class="dais-statements" lang="fr" dir="ltr">'
"$DAIS" config set default_language en 2>/dev/null


# ---- a long list stored in parts (schema 009) ----------------------------------
# 150 approved statements in an event of their own, copied from A by SQL as
# the benchmark makes them, then one more (pending, delivered between them)
# approved through the review page: only the part it falls in is written.
"$DAIS" event add parts-ev --title "Parts" --starts 2024-05-20 >/dev/null
PEV=$(q "SELECT id FROM event WHERE slug = 'parts-ev'")
python3 - "$DAIS_DB" "$A" "$PEV" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in db.execute("PRAGMA table_info(statement)") if r[1] != "id"]
def copy(i, pid, body, delivered, state):
    over = {"public_id": "?", "status_hash": "?", "event_id": "?",
            "session_id": "NULL", "title": "?", "html": "?", "delivered": "?",
            "state": "?"}
    db.execute(f"INSERT INTO statement({', '.join(cols)}) SELECT "
               f"{', '.join(over.get(c, c) for c in cols)} FROM statement "
               "WHERE public_id = ?", [v for c in cols for v in
               {"public_id": [pid], "status_hash": ["pt-" + pid],
                "event_id": [int(sys.argv[3])], "title": [f"Part statement {i}"],
                "html": [f"<p>PART-BODY-{body}.</p>"], "delivered": [delivered],
                "state": [state]}.get(c, [])] + [sys.argv[2]])
for i in range(150):
    copy(i, f"pt{i:06d}", f"{i:03d}", "2024-05-20" if i < 75 else "2024-05-22",
         "approved")
copy(150, "ptnew001", "NEW", "2024-05-21", "pending")
db.execute("UPDATE statement SET rev = 1 WHERE public_id = 'ptnew001'")
db.execute("INSERT INTO revision(statement_id, rev, author, note, state, "
    "session_id, title, speaker, speaker_role, org_name, on_behalf_of, "
    "cosignatories, kind, delivered, language, format, source, html, created) "
    "SELECT id, 1, 'submitter', 'submitted', 'pending', session_id, title, "
    "speaker, speaker_role, org_name, on_behalf_of, cosignatories, kind, "
    "delivered, language, format, source, html, created FROM statement "
    "WHERE public_id = 'ptnew001'")
db.commit()
PY
eq "parts: 150 approved in the event" "$(q "SELECT count(*) FROM statement WHERE event_id = $PEV AND state = 'approved'")" 150
"$DAIS" render
eq "parts: dais render exits 0" $? 0
for k in event/parts-ev event/parts-ev@fr; do
	eq "parts: $k stored in parts, no body of its own" "$(q "SELECT parts != '' AND body = '' FROM fragment WHERE key = '$k'")" 1
	check "parts: $k in more than two parts" [ "$(q "SELECT parts FROM fragment WHERE key = '$k'" | wc -w)" -gt 2 ]
done
body=$(fetch "$BASE/fragment/event/parts-ev")
PETAG=$(header ETag)
cp "$T_DIR/body" "$T_DIR/parts1"
eq "parts: Content-Length is the whole list" "$(header Content-Length)" "$(wc -c < "$T_DIR/parts1" | tr -d ' ')"
eq "parts: served whole: one list" "$(grep -c '<div class="dais-statements"' "$T_DIR/parts1")" 1
eq "parts: ... every statement once" "$(grep -o 'PART-BODY-[0-9]*' "$T_DIR/parts1" | sort -u | wc -l)" 150
eq "parts: ... in order" "$(grep -o 'PART-BODY-[0-9]*' "$T_DIR/parts1" | tr '\n' ' ')" "$(seq -f 'PART-BODY-%03g' 0 149 | tr '\n' ' ')"
eq "parts: ... sections balanced" "$(grep -c '<section' "$T_DIR/parts1")" "$(grep -c '</section>' "$T_DIR/parts1")"
eq "parts: ... ending as a list ends" "$(tail -c 18 "$T_DIR/parts1" | tr '\n' '|')" '</section>|</div>|'
# The same bytes as the whole list the template makes in one piece: the
# parts concatenated are what the single-row renderer wrote for the list
# of the sample event (checked above) and what export writes.
rm -rf "$T_DIR/export-parts"
"$DAIS" export-fragments "$T_DIR/export-parts"
check "parts: export writes the parts as one file" cmp -s "$T_DIR/parts1" "$T_DIR/export-parts/event/parts-ev.html"
check "parts: the static file is the whole list" cmp -s "$T_DIR/parts1" "$T_DIR/static/event/parts-ev.html"
eq "parts: HEAD: 200" "$(curl -s -I -o "$T_DIR/hd" -w '%{http_code}' "$BASE/fragment/event/parts-ev")" 200
eq "parts: HEAD: the ETag" "$(grep -i '^etag:' "$T_DIR/hd" | cut -d' ' -f2 | tr -d '\r')" "$PETAG"
rm -f "$T_DIR/body"
fetch "$BASE/fragment/event/parts-ev" -H "If-None-Match: $PETAG" >/dev/null 2>&1
eq "parts: If-None-Match: 304" "$(head -1 "$T_DIR/headers" | cut -d' ' -f2)" 304
has "parts: the frame page has the whole list" "$(curl -s "$BASE/frame/event/parts-ev")" PART-BODY-149
psnap() { q "SELECT id || ' ' || hex(hash) || ' ' || hex(body) FROM fragment_part WHERE key = '$1'" | sort; }
psnap event/parts-ev > "$T_DIR/p-before"
psnap event/parts-ev@fr > "$T_DIR/p-before-fr"
oth=$(q "SELECT key, etag, updated, parts, hex(body) FROM fragment WHERE key NOT LIKE '%parts-ev%' AND key NOT LIKE 'atom/%' AND key NOT LIKE 'org/%' AND key NOT LIKE 'statement/ptnew001%' ORDER BY key" | md5sum)
approve ptnew001
body=$(fetch "$BASE/fragment/event/parts-ev")
cp "$T_DIR/body" "$T_DIR/parts2"
check "parts: after an approval, a new ETag" [ "$(header ETag)" != "$PETAG" ]
eq "parts: ... the new statement between the 75th and the 76th" "$(grep -o 'PART-BODY-[0-9NEW]*' "$T_DIR/parts2" | sed -n '75,77p' | tr '\n' ' ')" "PART-BODY-074 PART-BODY-NEW PART-BODY-075 "
eq "parts: ... every other byte as before" "$(python3 -c 'import re, sys; sys.stdout.write(re.sub(r"<article [^>]*id=\"dais-ptnew001\".*?</article>\n\n", "", open(sys.argv[1]).read(), flags=re.S))' "$T_DIR/parts2" | md5sum)" "$(md5sum < "$T_DIR/parts1")"
rm -f "$T_DIR/body"
fetch "$BASE/fragment/event/parts-ev" -H "If-None-Match: $PETAG" >/dev/null 2>&1
eq "parts: the old ETag: 200" "$(head -1 "$T_DIR/headers" | cut -d' ' -f2)" 200
for k in event/parts-ev event/parts-ev@fr; do
	f=$T_DIR/p-before; [ "$k" = event/parts-ev ] || f=$T_DIR/p-before-fr
	psnap "$k" > "$T_DIR/p-after"
	kept=$(comm -12 "$f" "$T_DIR/p-after" | wc -l)
	gone=$(comm -23 "$f" "$T_DIR/p-after" | wc -l)
	new=$(comm -13 "$f" "$T_DIR/p-after" | wc -l)
	check "parts: $k: the approval rewrote one part (or split it in two): $gone gone, $new new" [ "$gone" -eq 1 ] && [ "$new" -ge 1 ] && [ "$new" -le 2 ]
	check "parts: $k: every other part's row untouched ($kept)" [ "$kept" -eq $(($(wc -l < "$f") - 1)) ]
	check "parts: $k: no part left over" [ "$(q "SELECT count(*) FROM fragment_part WHERE key = '$k'")" -eq "$(q "SELECT parts FROM fragment WHERE key = '$k'" | wc -w)" ]
done
eq "parts: other lists' rows untouched" "$(q "SELECT key, etag, updated, parts, hex(body) FROM fragment WHERE key NOT LIKE '%parts-ev%' AND key NOT LIKE 'atom/%' AND key NOT LIKE 'org/%' AND key NOT LIKE 'statement/ptnew001%' ORDER BY key" | md5sum)" "$oth"
moderate ptnew001 withdraw
eq "parts: withdrawn again: the first ETag" "$(curl -s -D - -o /dev/null "$BASE/fragment/event/parts-ev" | grep -i '^etag:' | cut -d' ' -f2 | tr -d '\r')" "$PETAG"
check "parts: ... the first bytes" cmp -s "$T_DIR/parts1" <(curl -s "$BASE/fragment/event/parts-ev")

# ---- an event's list in its sessions' order (schema 011) -----------------------
# An event's list is read from an index in session id order and put in the
# sessions' order in C (publish.c, list_order): the order must be
# PUB_LIST's (position, no session last, then session id; in a session,
# delivered, created, id). Sessions made in an order unlike their
# positions, two at the same position, the highest position there is,
# statements without a session, more than a whole list holds.
"$DAIS" event add order-ev --title "Order" --starts 2024-05-20 >/dev/null
for s in "late 7" "early 1" "tie-b 3" "tie-a 3" "last 100000"; do
	"$DAIS" session add order-ev "${s% *}" --title "Session ${s% *}" --position "${s#* }" >/dev/null
	eq "order: session ${s% *} added" $? 0
done
# An organisation's list: by event (start date, then id: order-early is
# made later but starts sooner), then as an event's; statements delivered
# by it, on its behalf, or both (once).
"$DAIS" event add order-early --title "Order early" --starts 2024-01-10 >/dev/null
"$DAIS" session add order-early first --title "First" --position 2 >/dev/null
"$DAIS" org add ordorg --name "Order organisation" >/dev/null
eq "order: organisation added" $? 0
OEV=$(q "SELECT id FROM event WHERE slug = 'order-ev'")
python3 - "$DAIS_DB" "$A" "$OEV" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ev = int(sys.argv[3])
early = db.execute("SELECT id FROM event WHERE slug = 'order-early'").fetchone()[0]
org = db.execute("SELECT id FROM organisation WHERE slug = 'ordorg'").fetchone()[0]
sessions = [None] + [r[0] for r in db.execute(
    "SELECT id FROM session WHERE event_id = ? ORDER BY id", [ev])]
early_sessions = [None] + [r[0] for r in db.execute(
    "SELECT id FROM session WHERE event_id = ? ORDER BY id", [early])]
cols = [r[1] for r in db.execute("PRAGMA table_info(statement)") if r[1] != "id"]
for i in range(96):
    e, ss = (ev, sessions[(i * 5) % len(sessions)]) if i < 84 else \
        (early, early_sessions[i % 2])
    vals = {"public_id": f"or{i:06d}", "status_hash": f"or-{i}", "event_id": e,
            "session_id": ss,
            "org_id": org if i % 3 == 0 or i >= 84 else None,
            "behalf_org_id": org if i % 3 == 1 or i % 6 == 0 else None,
            "title": f"Order statement {i}", "html": f"<p>ORDER-BODY-{i:03d}.</p>",
            "delivered": f"2024-05-2{(i * 7) % 3}", "state": "approved"}
    db.execute(f"INSERT INTO statement({', '.join(cols)}) SELECT "
               f"{', '.join('?' if c in vals else c for c in cols)} FROM statement "
               "WHERE public_id = ?", [vals[c] for c in cols if c in vals] + [sys.argv[2]])
db.commit()
PY
"$DAIS" render
eq "order: dais render exits 0" $? 0
want=$(q "SELECT printf('ORDER-BODY-%03d ', CAST(substr(s.public_id, 3) AS INTEGER)) FROM statement s LEFT JOIN session ss ON ss.id = s.session_id WHERE s.event_id = $OEV ORDER BY coalesce(ss.position, 1000000), ss.id, s.delivered, s.created, s.id" | tr -d '\n')
for k in event/order-ev "event/order-ev?lang=ar"; do
	body=$(frag "$k")
	eq "order: $k: every statement in PUB_LIST's order" "$(grep -o 'ORDER-BODY-[0-9]*' <<<"$body" | tr '\n' ' ')" "$want"
	eq "order: $k: a heading per session, in order, none for no session" "$(grep -o 'dais-group-title">[^<]*' <<<"$body" | cut -d'>' -f2 | tr '\n' '|')" "Session early|Session tie-b|Session tie-a|Session late|Session last|"
	eq "order: $k: a section per group (six)" "$(grep -c '<section class="dais-group">' <<<"$body")" 6
	eq "order: $k: sections balanced" "$(grep -c '<section' <<<"$body")" "$(grep -c '</section>' <<<"$body")"
done
eq "order: stored in parts" "$(q "SELECT parts != '' FROM fragment WHERE key = 'event/order-ev'")" 1
body=$(frag event/order-ev/tie-a)
eq "order: a session's list: its statements alone, in order" "$(grep -o 'ORDER-BODY-[0-9]*' <<<"$body" | tr '\n' ' ')" "$(q "SELECT printf('ORDER-BODY-%03d ', CAST(substr(s.public_id, 3) AS INTEGER)) FROM statement s JOIN session ss ON ss.id = s.session_id WHERE s.event_id = $OEV AND ss.slug = 'tie-a' ORDER BY s.delivered, s.created, s.id" | tr -d '\n')"
hasnt "order: a session's list: no heading" "$body" 'dais-group-title'
want=$(q "SELECT printf('ORDER-BODY-%03d ', CAST(substr(s.public_id, 3) AS INTEGER)) FROM statement s JOIN event e ON e.id = s.event_id LEFT JOIN session ss ON ss.id = s.session_id WHERE s.public_id LIKE 'or%' AND (s.org_id = (SELECT id FROM organisation WHERE slug = 'ordorg') OR s.behalf_org_id = (SELECT id FROM organisation WHERE slug = 'ordorg')) ORDER BY e.starts, e.id, coalesce(ss.position, 1000000), ss.id, s.delivered, s.created, s.id" | tr -d '\n')
check "order: the organisation's statements are in two events, some both delivered and on its behalf" [ "$(wc -w <<<"$want")" -gt 64 ]
for k in org/ordorg "org/ordorg?lang=fr"; do
	body=$(frag "$k")
	eq "order: $k: every statement once, in PUB_LIST's order" "$(grep -o 'ORDER-BODY-[0-9]*' <<<"$body" | tr '\n' ' ')" "$want"
	eq "order: $k: a heading per event, the earlier first" "$(grep -o 'dais-group-title">[^<]*' <<<"$body" | cut -d'>' -f2 | tr '\n' '|')" "Order early|Order|"
done

t_finish
