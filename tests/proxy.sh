#!/bin/bash
# proxy.sh — dais behind a second nginx (the trusted_proxies setting): a
# front nginx on another port proxies to the tests' nginx, binding
# 127.0.0.2 for its connections and appending the peer it saw to
# X-Forwarded-For ($proxy_add_x_forwarded_for). Clients come from other
# loopback addresses (curl --interface). Without the setting nothing a
# client writes in X-Forwarded-For counts; with the front proxy trusted,
# the submission rate limit, the sign-in limits, the stored submission and
# the audit log see the client the proxy saw, and a client cannot escape
# the limits by writing addresses of its own into the header.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-20 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'mod-password-1' | "$DAIS" moderator add alice --role admin >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
"$DAIS" config set submit_min_seconds 0 >/dev/null
"$DAIS" config set rate_submit_per_hour 0 >/dev/null
t_start_nginx && t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT

# ---- the front nginx ------------------------------------------------------------
FRONT_DIR=$T_DIR/front
FRONT_PID=
mkdir -p "$FRONT_DIR"
cat > "$FRONT_DIR/proxy.conf" <<EOF
location / {
    proxy_pass http://127.0.0.1:$PORT;
    proxy_bind 127.0.0.2;
    proxy_set_header Host \$http_host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
}
EOF
front_stop() {
	if [ -n "$FRONT_PID" ]; then
		kill "$FRONT_PID" 2>/dev/null
		local i=0
		while kill -0 "$FRONT_PID" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.05; i=$((i + 1))
		done
		FRONT_PID=
	fi
}
trap 'front_stop; t_stop' EXIT
for i in 1 2 3 4 5; do
	FPORT=$(free_port)
	NGINX_ERROR_LOG=$FRONT_DIR/error.log nginx_conf "$FRONT_DIR" "$FPORT" \
	    "$FRONT_DIR/www" "$FRONT_DIR/proxy.conf"
	nginx -p "$FRONT_DIR" -c "$FRONT_DIR/nginx.conf" -e "$FRONT_DIR/error.log" \
	    2>>"$FRONT_DIR/error.log" && break
done
wait_for test -s "$FRONT_DIR/nginx.pid" || { fail "front nginx did not start"; t_finish; exit 1; }
FRONT_PID=$(cat "$FRONT_DIR/nginx.pid")
FRONT=http://127.0.0.1:$FPORT/statements
FORIGIN=http://127.0.0.1:$FPORT
eq "front proxy reaches dais" "$(status "$FRONT/healthz")" 200

q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
# The first (or, with "last", the last) form token of the last page: a
# review page's header has the sign-out form first.
csrf_in_body() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | if [ "${1:-}" = last ]; then tail -1; else head -1; fi; }

# submit VIA FROM XFF TITLE: sends a statement through VIA (front or
# direct) from the loopback address FROM, with an X-Forwarded-For header
# XFF ("" for none). CODE is the answer's status.
submit() {
	local via=$1 from=$2 xff=$3 title=$4 base origin tok h=()
	if [ "$via" = front ]; then base=$FRONT origin=$FORIGIN
	else base=$BASE origin=$ORIGIN; fi
	[ -n "$xff" ] && h=(-H "X-Forwarded-For: $xff")
	req --interface "$from" "${h[@]}" "$base/submit"
	tok=$(csrf_in_body)
	req --interface "$from" "${h[@]}" "$base/submit" -H "Origin: $origin" \
	    --data-urlencode "csrf=$tok" --data-urlencode "event=conf24" \
	    --data-urlencode "session=opening" --data-urlencode "title=$title" \
	    --data-urlencode "speaker=Ana Pérez" --data-urlencode "organisation=acme" \
	    --data-urlencode "kind=panel" --data-urlencode "language=en" \
	    --data-urlencode "format=text" --data-urlencode "delivered=2024-05-21" \
	    --data-urlencode "body=A statement sent through a proxy." \
	    --data-urlencode "submitter_name=Ana" \
	    --data-urlencode "submitter_email=ana@example.org" \
	    --data-urlencode "consent=yes" --data-urlencode "action=send"
}
addr_of() { q "SELECT client_addr FROM statement WHERE title = '$1'"; }
rate_of() { q "SELECT coalesce((SELECT sum(count) FROM rate WHERE client = '$1'), 0)"; }
fails() { q "SELECT coalesce((SELECT failures FROM login_throttle WHERE key = 'a:$1'), 0)"; }

# signin VIA FROM XFF PASSWORD: COOKIE is the session, if one was made.
signin() {
	local via=$1 from=$2 xff=$3 pw=$4 base origin tok h=()
	if [ "$via" = front ]; then base=$FRONT origin=$FORIGIN
	else base=$BASE origin=$ORIGIN; fi
	[ -n "$xff" ] && h=(-H "X-Forwarded-For: $xff")
	req --interface "$from" "${h[@]}" "$base/login"
	tok=$(csrf_in_body)
	req --interface "$from" "${h[@]}" "$base/login" -H "Origin: $origin" \
	    --data-urlencode "user=alice" --data-urlencode "password=$pw" \
	    --data-urlencode "next=" --data-urlencode "csrf=$tok"
	COOKIE=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | head -1 |
	    sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
}
# approve VIA FROM XFF ID: approves statement ID with COOKIE's session.
approve() {
	local via=$1 from=$2 xff=$3 id=$4 base origin tok h=()
	if [ "$via" = front ]; then base=$FRONT origin=$FORIGIN
	else base=$BASE origin=$ORIGIN; fi
	[ -n "$xff" ] && h=(-H "X-Forwarded-For: $xff")
	req --interface "$from" "${h[@]}" -H "Cookie: dais_session=$COOKIE" \
	    "$base/moderate/$id"
	tok=$(csrf_in_body last)
	req --interface "$from" "${h[@]}" -H "Cookie: dais_session=$COOKIE" \
	    "$base/moderate/$id" -H "Origin: $origin" --data-urlencode "csrf=$tok" \
	    --data-urlencode "action=approve" --data-urlencode "rev=1"
}
pid_of() { q "SELECT public_id FROM statement WHERE title = '$1'"; }
audit_addr() { q "SELECT addr FROM audit WHERE action = 'approve' AND statement_id = (SELECT id FROM statement WHERE title = '$1')"; }

# Counted per clock hour: do not start within seconds of the next one.
s=$(date +%s); [ $((s % 3600)) -lt 3570 ] || sleep $((3600 - s % 3600 + 1))

# ---- the setting: checked when set ------------------------------------------------
eq "trusted_proxies: empty by default" "$("$DAIS" config get trusted_proxies)" ""
err=$("$DAIS" config set trusted_proxies "127.0.0.2 10.0.0.300 ::1" 2>&1 >/dev/null); rc=$?
check "bad entry: refused" [ "$rc" -ne 0 ]
eq "bad entry: the message names it" "$err" "dais: trusted_proxies has “10.0.0.300”, which is not an IP address or CIDR range: write addresses or ranges such as 192.0.2.10, 10.0.0.0/8 or 2001:db8::/32, separated by spaces"
err=$("$DAIS" config set trusted_proxies "10.1.2.3/8" 2>&1 >/dev/null); rc=$?
check "host bits: refused" [ "$rc" -ne 0 ]
eq "host bits: the message says what to write" "$err" "dais: trusted_proxies has “10.1.2.3/8”, a range with bits set after its prefix length: write 10.0.0.0/8 if that range is meant"
err=$("$DAIS" config set trusted_proxies "proxy.example.org" 2>&1 >/dev/null)
has "a name: refused" "$err" "“proxy.example.org”, which is not an IP address"
eq "nothing was stored" "$("$DAIS" config get trusted_proxies)" ""
check "IPv4, IPv6 and ranges: accepted" "$DAIS" config set trusted_proxies "192.0.2.1, 10.0.0.0/8 ::1 2001:db8::/32 ::ffff:0:0/96"
eq "stored as typed" "$("$DAIS" config get trusted_proxies)" "192.0.2.1, 10.0.0.0/8 ::1 2001:db8::/32 ::ffff:0:0/96"
"$DAIS" config set trusted_proxies "" >/dev/null

# ---- without the setting: X-Forwarded-For counts for nothing ---------------------
"$DAIS" config set rate_submit_per_hour 2 >/dev/null
q "DELETE FROM rate"
submit direct 127.0.0.1 "203.0.113.9" "Direct spoof 1"
eq "no setting, direct: 303" "$CODE" 303
eq "no setting, direct: stored from the peer" "$(addr_of "Direct spoof 1")" 127.0.0.1
eq "no setting, direct: rate counted for the peer" "$(rate_of 127.0.0.1)" 1
eq "no setting, direct: nothing counted for the spoof" "$(rate_of 203.0.113.9)" 0
submit front 127.0.0.5 "203.0.113.10" "Via front, untrusted"
eq "no setting, via the front: 303" "$CODE" 303
eq "no setting, via the front: stored from the front proxy" "$(addr_of "Via front, untrusted")" 127.0.0.2
eq "no setting: the client behind the front is not believed" "$(rate_of 127.0.0.5)" 0
submit direct 127.0.0.1 "203.0.113.11" "Direct spoof 2"
eq "no setting: a second from 127.0.0.1, another header: 303" "$CODE" 303
submit direct 127.0.0.1 "203.0.113.12" "Direct spoof 3"
eq "no setting: the limit holds whatever the header says" "$CODE" 429

# The audit log: a moderator whose request says X-Forwarded-For.
signin direct 127.0.0.1 "198.51.100.77" mod-password-1
check "signed in" [ -n "$COOKIE" ]
approve direct 127.0.0.1 "198.51.100.77" "$(pid_of "Direct spoof 1")"
eq "no setting: approve 303" "$CODE" 303
eq "no setting: the audit log records the peer" "$(audit_addr "Direct spoof 1")" 127.0.0.1

# Sign-in limits without the setting: counted for the peer.
q "DELETE FROM login_throttle"
signin direct 127.0.0.1 "198.51.100.1" wrong
eq "no setting: wrong password 422" "$CODE" 422
eq "no setting: failure counted for the peer" "$(fails 127.0.0.1)" 1
eq "no setting: nothing for the spoof" "$(fails 198.51.100.1)" 0

# ---- the front proxy trusted -----------------------------------------------------
"$DAIS" config set trusted_proxies "127.0.0.2" >/dev/null
q "DELETE FROM rate"
q "DELETE FROM login_throttle"
submit front 127.0.0.5 "" "Front A1"
eq "trusted: 303" "$CODE" 303
eq "trusted: stored from the client the proxy saw" "$(addr_of "Front A1")" 127.0.0.5
eq "trusted: rate counted for the client" "$(rate_of 127.0.0.5)" 1
eq "trusted: nothing counted for the proxy" "$(rate_of 127.0.0.2)" 0
# Two addresses of its own choosing: the proxy appends the real peer to
# the right of them, and the walk stops there.
submit front 127.0.0.5 "198.51.100.1" "Front A2"
eq "spoof 1 through the proxy: 303 (second of two)" "$CODE" 303
eq "spoof 1: stored as the real client" "$(addr_of "Front A2")" 127.0.0.5
submit front 127.0.0.5 "198.51.100.2" "Front A3"
eq "spoof 2 through the proxy: 429, the client cannot escape the limit" "$CODE" 429
submit front 127.0.0.5 "198.51.100.3, 127.0.0.6" "Front A4"
eq "a spoofed chain through the proxy: still 429" "$CODE" 429
eq "the spoofed addresses count nothing" "$(rate_of 198.51.100.1)$(rate_of 198.51.100.2)$(rate_of 127.0.0.6)" 000
eq "nothing stored for the refused ones" "$(q "SELECT count(*) FROM statement WHERE title IN ('Front A3', 'Front A4')")" 0
# Another client behind the same proxy has a limit of its own.
submit front 127.0.0.6 "" "Front B1"
eq "another client through the proxy: 303" "$CODE" 303
eq "another client: stored as itself" "$(addr_of "Front B1")" 127.0.0.6
# Direct requests (from 127.0.0.1, not trusted) with the header: ignored.
submit direct 127.0.0.1 "127.0.0.9" "Direct C1"
eq "direct, untrusted peer: 303" "$CODE" 303
eq "direct, untrusted peer: stored from the peer" "$(addr_of "Direct C1")" 127.0.0.1
eq "direct, untrusted peer: nothing counted for the header" "$(rate_of 127.0.0.9)" 0
# A client that sends a malformed header through the proxy is still
# itself: the proxy's own entry is right of it.
submit front 127.0.0.7 "not an address" "Front D1"
eq "malformed spoof through the proxy: stored as the client" "$(addr_of "Front D1")" 127.0.0.7

# Sign-in limits through the proxy: per forwarded client.
"$DAIS" config set login_failures_addr 2 >/dev/null
signin front 127.0.0.8 "198.51.100.5" wrong
eq "sign-in through the proxy: 422" "$CODE" 422
signin front 127.0.0.8 "198.51.100.6" wrong
eq "sign-in through the proxy: 422 again" "$CODE" 422
eq "sign-in failures counted for the client" "$(fails 127.0.0.8)" 2
eq "sign-in failures: nothing for the proxy" "$(fails 127.0.0.2)" 0
eq "sign-in failures: nothing for the spoofs" "$(fails 198.51.100.5)$(fails 198.51.100.6)" 00
signin front 127.0.0.8 "198.51.100.7" wrong
eq "sign-in: the client waits, whatever it writes in the header" "$CODE" 429
signin front 127.0.0.10 "" wrong
eq "sign-in: another client behind the proxy is not held back" "$CODE" 422
signin direct 127.0.0.1 "127.0.0.8" wrong
eq "sign-in direct with the header: counted for the peer" "$(fails 127.0.0.1)" 1
q "DELETE FROM login_throttle"
"$DAIS" config set login_failures_addr 20 >/dev/null

# The audit log records the forwarded client.
signin front 127.0.0.11 "198.51.100.8" mod-password-1
check "signed in through the proxy" [ -n "$COOKIE" ]
approve front 127.0.0.11 "198.51.100.8" "$(pid_of "Front A1")"
eq "approve through the proxy: 303" "$CODE" 303
eq "the audit log records the forwarded client" "$(audit_addr "Front A1")" 127.0.0.11
approve direct 127.0.0.1 "127.0.0.11" "$(pid_of "Front B1")"
eq "approve direct with a header: 303" "$CODE" 303
eq "the audit log records the untrusted peer, not its header" "$(audit_addr "Front B1")" 127.0.0.1
# The log page shows each entry's client.
req --interface 127.0.0.11 -H "Cookie: dais_session=$COOKIE" "$FRONT/moderate/log"
eq "log page through the proxy: 200" "$CODE" 200
has "log page: the address column" "$BODY" '<th scope="col">Network address</th>'
check "log page: the forwarded client on the approval of Front A1" \
    grep -q "Front A1</bdi>.*<td class=\"nowrap\" data-label=\"Network address\">127.0.0.11</td></tr>" "$T_DIR/body"
check "log page: the peer on the approval of Front B1" \
    grep -q "Front B1</bdi>.*<td class=\"nowrap\" data-label=\"Network address\">127.0.0.1</td></tr>" "$T_DIR/body"

# A range works as well as an address.
"$DAIS" config set trusted_proxies "10.0.0.0/8 127.0.0.0/30" >/dev/null
q "DELETE FROM rate"
submit front 127.0.0.12 "" "Front E1"
eq "a trusted range: stored as the client" "$(addr_of "Front E1")" 127.0.0.12
# Every hop trusted (127.0.0.1 is in the range too): the left-most.
submit direct 127.0.0.1 "127.0.0.3" "Direct E2"
eq "a header of trusted hops only: its left-most" "$(addr_of "Direct E2")" 127.0.0.3
"$DAIS" config set trusted_proxies "" >/dev/null
submit front 127.0.0.12 "" "Front E3"
eq "setting emptied: the proxy is the client again" "$(addr_of "Front E3")" 127.0.0.2

front_stop
t_finish
