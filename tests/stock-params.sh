#!/bin/bash
# stock-params.sh — dais behind nginx configured with the web server's own
# /etc/nginx/fastcgi_params, included as shipped (T_STOCK_PARAMS=1 in
# lib.sh) instead of contrib's dais-fastcgi.conf, as most nginx guides
# say. Debian's nginx-common passes HTTP_HOST as $host, which drops the
# port: on a site served on another port than 80 every POST would be
# "sent from another site". Every kind of POST goes through here (the
# public form, the status page's correction, translation and withdrawal,
# signing in and out, a review decision, a bulk decision, the admin page),
# each with the browser's own Origin; Origins of another port, host or
# scheme are still refused, and base_url, when set, decides alone. The
# stock file has no PATH_INFO either: dais finds its path in DOCUMENT_URI.
T_STOCK_PARAMS=1
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
if [ ! -r "$STOCK_PARAMS" ]; then
	echo "stock-params: $STOCK_PARAMS is missing (apt-get install nginx-common)"
	exit 77
fi
# The case this suite is for, whatever the installed file passes: Host
# without its port.
PORTLESS=
grep -qE '^[[:space:]]*fastcgi_param[[:space:]]+HTTP_HOST[[:space:]]+\$host;' "$STOCK_PARAMS" ||
	PORTLESS='fastcgi_param HTTP_HOST $host;'

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin --email alice@example.org &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
t_start_nginx "$PORTLESS" && t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT

check "the location includes the stock fastcgi_params" \
    grep -q "include $STOCK_PARAMS;" "$T_DIR/dais-location.conf"
check "  and not dais-fastcgi.conf" bash -c '! grep -q dais-fastcgi.conf "$1"' _ "$T_DIR/dais-location.conf"

q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
tokens() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | sed 's/.*value="//; s/"$//'; }
first_token() { tokens | head -1; }
last_token() { tokens | tail -1; }
JAR=$T_DIR/cookies
# as CURL_ARGS...: with the moderator's cookies.
as() { req -b "$JAR" -c "$JAR" "$@"; }

# ---- the public form and the status page -------------------------------------------
req "$BASE/submit"
eq "the form: 200" "$CODE" 200
has "  its path found without PATH_INFO" "$BODY" 'action="/statements/submit"'
tok=$(first_token)
# post_submit TITLE [CURL_ARGS...]
post_submit() {
	local t=$1; shift
	req "$BASE/submit" "$@" --data-urlencode "csrf=$tok" \
	    --data-urlencode event=conf24 --data-urlencode session=opening \
	    --data-urlencode "title=$t" --data-urlencode "speaker=Ana Pérez" \
	    --data-urlencode organisation=acme --data-urlencode kind=panel \
	    --data-urlencode language=en --data-urlencode format=text \
	    --data-urlencode "body=We thank the chair." \
	    --data-urlencode submitter_name=Ana \
	    --data-urlencode submitter_email=ana@example.org \
	    --data-urlencode consent=yes --data-urlencode action=send
}
post_submit "Refused one" -H "Origin: http://127.0.0.1:9999"
eq "submit from another port of this host: 403" "$CODE" 403
has "  sent from another site" "$BODY" "sent from another site"
post_submit "Refused two" -H "Origin: http://127.0.0.1"
eq "submit from port 80 of this host: 403" "$CODE" 403
post_submit "Refused three" -H "Origin: http://localhost:$PORT"
eq "submit from another host name, same port: 403" "$CODE" 403
post_submit "Refused four" -H "Origin: https://127.0.0.1:$PORT"
eq "submit from https: 403" "$CODE" 403
post_submit "Refused five" -H "Origin: http://evil.example:$PORT"
eq "submit from another site: 403" "$CODE" 403
eq "nothing refused was stored" "$(q "SELECT count(*) FROM statement")" 0
post_submit "Stock statement" -H "Origin: $ORIGIN"
eq "submit with the site's Origin: 303" "$CODE" 303
loc=$(header Location)
has "  to its status page" "$loc" "/statements/status/"
TOK=$(printf '%s' "$loc" | sed 's|.*/status/||; s|?.*||')
PUB=$(q "SELECT public_id FROM statement WHERE title = 'Stock statement'")
check "  stored" test -n "$PUB"
post_submit "Fetch without Origin" -H "Sec-Fetch-Site: same-origin"
eq "submit without Origin, Sec-Fetch-Site same-origin: 303" "$CODE" 303

req "$BASE/status/$TOK"
eq "status page: 200" "$CODE" 200
stok=$(first_token)
req "$BASE/status/$TOK" -H "Origin: $ORIGIN" --data-urlencode "csrf=$stok" \
    --data-urlencode rev=1 --data-urlencode action=save \
    --data-urlencode session=opening --data-urlencode "title=Stock statement, corrected" \
    --data-urlencode "speaker=Ana Pérez" --data-urlencode organisation=acme \
    --data-urlencode kind=panel --data-urlencode language=en --data-urlencode format=text \
    --data-urlencode "body=We thank the chair warmly."
eq "status correction: 303" "$CODE" 303
eq "  saved" "$(q "SELECT title || ' ' || rev FROM statement WHERE public_id = '$PUB'")" "Stock statement, corrected 2"
req "$BASE/status/$TOK"
ttok=$(last_token)
req "$BASE/status/$TOK/translate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$ttok" \
    --data-urlencode language=fr --data-urlencode "title=Déclaration" \
    --data-urlencode format=text --data-urlencode "body=Nous remercions la présidence."
eq "status translation: 303" "$CODE" 303
eq "  stored" "$(q "SELECT count(*) FROM statement WHERE language = 'fr'")" 1
req "$BASE/status/$TOK" -H "Origin: http://127.0.0.1:9999" --data-urlencode "csrf=$stok" \
    --data-urlencode rev=2 --data-urlencode action=withdraw
eq "status withdrawal from another port: 403" "$CODE" 403

# ---- a moderator --------------------------------------------------------------------
as "$BASE/login"; tok=$(first_token)
as "$BASE/login" -H "Origin: http://127.0.0.1:9999" --data-urlencode user=alice \
    --data-urlencode password=alice-password-1 --data-urlencode "csrf=$tok"
eq "sign-in from another port: 403" "$CODE" 403
as "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode user=alice \
    --data-urlencode password=alice-password-1 --data-urlencode "csrf=$tok"
eq "sign-in: 303" "$CODE" 303
as "$BASE/moderate"
eq "  signed in: the queue" "$CODE" 200
# A review decision.
as "$BASE/moderate/$PUB"; rtok=$(last_token)
as "$BASE/moderate/$PUB" -H "Origin: http://127.0.0.1:9999" --data-urlencode "csrf=$rtok" \
    --data-urlencode action=approve --data-urlencode rev=2
eq "approve from another port: 403" "$CODE" 403
as "$BASE/moderate/$PUB" -H "Origin: $ORIGIN" --data-urlencode "csrf=$rtok" \
    --data-urlencode action=approve --data-urlencode rev=2
eq "approve: 303" "$CODE" 303
eq "  approved" "$(q "SELECT state FROM statement WHERE public_id = '$PUB'")" approved
has "  published" "$(curl -s "$BASE/fragment/statement/$PUB")" "Stock statement, corrected"
# A bulk decision.
P2=$(q "SELECT public_id FROM statement WHERE title = 'Fetch without Origin'")
as "$BASE/moderate"; qtok=$(last_token)
as "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$qtok" \
    --data-urlencode state=pending --data-urlencode "decision=$P2:1" \
    --data-urlencode action=reject --data-urlencode "reason=Sent twice"
eq "bulk decision: 303" "$CODE" 303
eq "  rejected" "$(q "SELECT state FROM statement WHERE public_id = '$P2'")" rejected
# The admin page.
as "$BASE/admin"; atok=$(last_token)
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$atok" \
    --data-urlencode do=reason_add --data-urlencode "reason=Off topic for this event."
eq "admin: 303" "$CODE" 303
eq "  stored" "$(q "SELECT count(*) FROM reason WHERE text = 'Off topic for this event.'")" 1

# base_url, when set, is the site's address: its Origin only.
"$DAIS" config set base_url "http://example.org/statements" >/dev/null
as "$BASE/admin"; atok=$(last_token)
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$atok" \
    --data-urlencode do=reason_add --data-urlencode "reason=Second reason."
eq "base_url elsewhere: the request's own Origin refused" "$CODE" 403
as "$BASE/admin" -H "Origin: http://example.org" --data-urlencode "csrf=$atok" \
    --data-urlencode do=reason_add --data-urlencode "reason=Second reason."
eq "base_url elsewhere: its Origin accepted" "$CODE" 303
as "$BASE/admin" -H "Origin: http://example.org:8080" --data-urlencode "csrf=$atok" \
    --data-urlencode do=reason_add --data-urlencode "reason=Third reason."
eq "base_url elsewhere: another port of its host refused" "$CODE" 403
"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null
# Signing out (the header's form: the page's first token).
as "$BASE/moderate"; ltok=$(first_token)
as "$BASE/logout" -H "Origin: $ORIGIN" --data-urlencode "csrf=$ltok"
eq "sign-out: 303" "$CODE" 303
as "$BASE/moderate"
eq "  signed out: to the sign-in page" "$CODE" 303

check "the web server sends no parameter twice" \
    bash -c '! grep -q "sends the parameter" "$1"' _ "$T_DIR/dais.log"
t_finish
