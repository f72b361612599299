#!/bin/bash
# malformed.sh — every malformed request to the forms, through a real nginx:
# each is answered with a 4xx and an HTML page with a short message (never
# a 5xx), no worker dies, and afterwards a valid submission still succeeds.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-20 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" config set submit_min_seconds 0 >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
# A short body timeout, so that a body shorter than its Content-Length is
# given up on quickly.
# /old/statements/ is mounted with the split that the contrib file and the
# README gave before, whose '.' stops at a newline.
t_start_nginx "client_body_timeout 2s;
    location /old/statements/ {
        fastcgi_split_path_info ^(/old/statements)(/.*)\$;
        include $top_srcdir/contrib/nginx/dais-fastcgi.conf;
        fastcgi_pass unix:$T_DIR/dais.sock;
    }" && t_start_dais 2 || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT
WORKERS=$(pgrep -P "$DAIS_PID" | sort | tr '\n' ' ')

req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
# POST to /submit from the site itself.
post() { req "$BASE/submit" -H "Origin: $ORIGIN" "$@"; }
url() { post -H 'Content-Type: application/x-www-form-urlencoded' "$@"; }
# expect WANT DESC NEEDLE: the last response is WANT, an HTML page whose
# message (the lede paragraph) is not empty and contains NEEDLE.
expect() {
	local msg
	eq "$2: status" "$CODE" "$1"
	has "$2: HTML" "$(header Content-Type)" "text/html"
	msg=$(sed -n 's/.*<p class="lede">\(.*\)<\/p>.*/\1/p' "$T_DIR/body" | head -1)
	check "$2: has a message" [ -n "$msg" ]
	[ -z "$3" ] || has "$2: message says why" "$msg" "$3"
}
# mp FILE PART...: a multipart body with boundary XyZ from parts given as
# "name=value" (raw bytes are fine), ended properly.
mp() {
	local f=$1 p; shift
	: > "$f"
	for p in "$@"; do
		printf -- '--XyZ\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' \
		    "${p%%=*}" "${p#*=}" >> "$f"
	done
	printf -- '--XyZ--\r\n' >> "$f"
}
MPCT='Content-Type: multipart/form-data; boundary=XyZ'
is4xx_or_none() { [ -z "$1" ] || [ "${1:0:1}" = 4 ]; }

# ---- sizes ----------------------------------------------------------------------
# Over dais's 12 MB body limit, under nginx's 16m: dais answers.
{ printf 'body='; head -c $((13 * 1024 * 1024)) /dev/zero | tr '\0' a; } > "$T_DIR/13m"
url --data-binary @"$T_DIR/13m"
expect 413 "13 MB urlencoded body" "too large"
{ printf -- '--XyZ\r\nContent-Disposition: form-data; name="attachment"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%%PDF-1.4\n'
  head -c $((13 * 1024 * 1024)) /dev/zero
  printf -- '\r\n--XyZ--\r\n'; } > "$T_DIR/13m.mp"
post -H "$MPCT" --data-binary @"$T_DIR/13m.mp"
expect 413 "13 MB multipart upload" "too large"
# Over nginx's limit: nginx answers 413 itself (its own page).
head -c $((17 * 1024 * 1024)) /dev/zero > "$T_DIR/17m"
url --data-binary @"$T_DIR/17m"
eq "17 MB body: 413 from nginx" "$CODE" 413
# A 10 MB field, far over its limit (but under the body limit).
{ printf 'title=x&body='; head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' b; } > "$T_DIR/10m"
url --data-binary @"$T_DIR/10m"
expect 413 "10 MB urlencoded field" "too long"
{ printf -- '--XyZ\r\nContent-Disposition: form-data; name="body"\r\n\r\n'
  head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' b
  printf -- '\r\n--XyZ--\r\n'; } > "$T_DIR/10m.mp"
post -H "$MPCT" --data-binary @"$T_DIR/10m.mp"
expect 413 "10 MB multipart text field" "too long"
# 20,000 urlencoded fields; 10,000 multipart parts.
seq 1 20000 | sed 's/.*/f&=1/' | paste -sd'&' > "$T_DIR/many"
url --data-binary @"$T_DIR/many"
expect 413 "20,000 urlencoded fields" "far more fields"
for i in $(seq 1 10000); do
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="f%d"\r\n\r\n1\r\n' "$i"
done > "$T_DIR/many.mp"; printf -- '--XyZ--\r\n' >> "$T_DIR/many.mp"
post -H "$MPCT" --data-binary @"$T_DIR/many.mp"
expect 413 "10,000 multipart parts" "far more fields"
# A field name over 64 bytes.
url --data-binary "$(printf 'n%.0s' $(seq 100))=1"
check "long field name: 4xx" [ "${CODE:0:1}" = 4 ]

# ---- a body shorter than its Content-Length -----------------------------------
# nginx waits for the rest (client_body_timeout), then answers 408 itself;
# dais never sees the request. Sent raw, the connection half-open.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /statements/submit HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nOrigin: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\nConnection: close\r\n\r\ntitle=short' \
    "$PORT" "$ORIGIN" >&3
timeout 10 cat <&3 > "$T_DIR/raw.out"
exec 3<&- 3>&-
code=$(head -1 "$T_DIR/raw.out" | cut -d' ' -f2)
check "Content-Length over the body: a 4xx or a closed connection, never 5xx [${code:-closed}]" \
    is4xx_or_none "$code"
printf 'title=x' > "$T_DIR/short"
code=$(curl -s -o /dev/null -w '%{http_code}' -m 10 -H "Origin: $ORIGIN" \
    -H 'Content-Type: application/x-www-form-urlencoded' -H 'Content-Length: 50' \
    --data-binary @"$T_DIR/short" "$BASE/submit")
check "curl with Content-Length 50 for 7 bytes: 4xx or no answer, never 5xx [$code]" \
    is4xx_or_none "${code#000}"
eq "still serving after short bodies" "$(status "$BASE/healthz")" 200

# ---- urlencoded -----------------------------------------------------------------
for b in 'title=%zz' 'title=%4' 'title=abc%' 'ti%zzle=x' 'title=a%g1b'; do
	url --data-binary "$b"
	expect 400 "bad percent-escape [$b]" "percent sign"
done
printf 'title=\xff\xfe&body=x' > "$T_DIR/ff"
url --data-binary @"$T_DIR/ff"
expect 400 "raw invalid UTF-8" "“Title” (title) contains bytes that are not valid UTF-8"
url --data-binary 'speaker=%C3%28'
expect 400 "encoded invalid UTF-8" "“Speaker” (speaker)"
url --data-binary 'body=%ED%A0%80'
expect 400 "UTF-8 surrogate" "(body)"
url --data-binary 'title=%C0%AF'
expect 400 "overlong UTF-8" "(title)"
url --data-binary 'title=a%00b'
expect 400 "NUL in a value" "“Title” (title) contains a NUL"
url --data-binary 'ti%00tle=x'
expect 400 "NUL in a name" "NUL"
url --data-binary 'title=a%0Db'
expect 400 "CR in a one-line field" "(title) must be on one line"
url --data-binary 'title=a%07b'
expect 400 "control character" "control character"
url --data-binary 'title=a%C2%85b'
expect 400 "C1 control character" "control character"
url --data-binary 'title=one&title=two'
expect 400 "duplicate field" "(title) more than once"
url --data-binary 'title=x&colour=red'
expect 400 "unknown field" "“colour”"
url --data-binary '%3Cb%3Ex%3C%2Fb%3E=1'
expect 400 "unknown field with markup" "“&lt;b&gt;x&lt;/b&gt;”"
hasnt "unknown field name escaped" "$BODY" "<b>x</b>"
url --data-binary 'attachment=notafile'
expect 400 "text for the file field" "should be a file"
# The status form has no event field.
req "$BASE/status/$(printf 'ab%.0s' $(seq 20))" -H "Origin: $ORIGIN" --data-binary 'event=conf24'

check "status POST: 4xx [$CODE]" [ "${CODE:0:1}" = 4 ]

# ---- multipart --------------------------------------------------------------------
mp "$T_DIR/ok.mp" "title=hello" "body=text"
post -H 'Content-Type: multipart/form-data' --data-binary @"$T_DIR/ok.mp"
expect 400 "multipart without boundary" "no boundary"
post -H 'Content-Type: multipart/form-data; boundary=Other' --data-binary @"$T_DIR/ok.mp"
expect 400 "multipart with a wrong boundary" "does not contain the boundary"
post -H 'Content-Type: multipart/form-data; boundary=XyZ; boundary=XyZ' --data-binary @"$T_DIR/ok.mp"
expect 400 "multipart with two boundaries" "two boundaries"
post -H "Content-Type: multipart/form-data; boundary=$(printf 'b%.0s' $(seq 71))" --data-binary @"$T_DIR/ok.mp"
expect 400 "multipart with a 71-byte boundary" "boundary"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello, never ended' > "$T_DIR/unterm.mp"
post -H "$MPCT" --data-binary @"$T_DIR/unterm.mp"
expect 400 "multipart part never ended" "not ended by a boundary"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n--XyZ' > "$T_DIR/nofinal.mp"
post -H "$MPCT" --data-binary @"$T_DIR/nofinal.mp"
expect 400 "multipart without its final boundary" "final boundary"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="ti' > "$T_DIR/inhdr.mp"
post -H "$MPCT" --data-binary @"$T_DIR/inhdr.mp"
expect 400 "multipart ending inside headers" "headers"
printf -- '--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--\r\n' > "$T_DIR/nocd.mp"
post -H "$MPCT" --data-binary @"$T_DIR/nocd.mp"
expect 400 "multipart part without Content-Disposition" "Content-Disposition"
printf -- '--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n' > "$T_DIR/noname.mp"
post -H "$MPCT" --data-binary @"$T_DIR/noname.mp"
expect 400 "multipart part without a name" "no field name"
mp "$T_DIR/ff.mp" "title=$(printf 'a\xffb')"
post -H "$MPCT" --data-binary @"$T_DIR/ff.mp"
expect 400 "multipart invalid UTF-8" "“Title” (title) contains bytes that are not valid UTF-8"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\na\0b\r\n--XyZ--\r\n' > "$T_DIR/nul.mp"
post -H "$MPCT" --data-binary @"$T_DIR/nul.mp"
expect 400 "multipart NUL in a value" "NUL"
mp "$T_DIR/dup.mp" "title=one" "title=two"
post -H "$MPCT" --data-binary @"$T_DIR/dup.mp"
expect 400 "multipart duplicate field" "(title) more than once"
mp "$T_DIR/unk.mp" "title=x" "favourite_colour=red"
post -H "$MPCT" --data-binary @"$T_DIR/unk.mp"
expect 400 "multipart unknown field" "“favourite_colour”"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="title"; filename="t.txt"\r\n\r\nx\r\n--XyZ--\r\n' > "$T_DIR/tfile.mp"
post -H "$MPCT" --data-binary @"$T_DIR/tfile.mp"
expect 400 "a file for a text field" "should be text, not a file"

# ---- content type, method, path --------------------------------------------------
post -H 'Content-Type: application/json' --data-binary '{"title":"x"}'
expect 415 "application/json" "urlencoded or multipart"
post -H 'Content-Type: text/plain' --data-binary 'title=x'
expect 415 "text/plain" ""
req -X PUT "$BASE/submit" -H "Origin: $ORIGIN" --data-binary 'title=x'
expect 405 "PUT /submit" ""
eq "PUT /submit: Allow" "$(header Allow)" "GET, HEAD, POST"
req -X DELETE "$BASE/status/$(printf 'ab%.0s' $(seq 20))" -H "Origin: $ORIGIN"
expect 405 "DELETE /status/TOKEN" ""
eq "DELETE /status: Allow" "$(header Allow)" "GET, HEAD, POST"
req -X PATCH "$BASE/submit" -H "Origin: $ORIGIN"
expect 405 "PATCH /submit" ""
req "$BASE/submit%2F" -H "Origin: $ORIGIN" --data-binary 'title=x'
expect 400 "POST with an encoded slash" "encoded"
req "$BASE/status/%2e%2e/submit" -H "Origin: $ORIGIN" --data-binary 'title=x' --path-as-is
expect 400 "POST with an encoded dot-dot" "encoded"
req "$BASE/status/x%2F..%2F..%2Fsubmit" -H "Origin: $ORIGIN" --data-binary 'title=x' --path-as-is
expect 400 "POST with %2F..%2F" "encoded"
req "$BASE/status/a%5Cb" -H "Origin: $ORIGIN" --data-binary 'title=x'
expect 400 "POST with an encoded backslash" ""
req "$BASE/status/.hidden" -H "Origin: $ORIGIN" --data-binary 'title=x' --path-as-is
check "POST to a dot segment: 4xx [$CODE]" [ "${CODE:0:1}" = 4 ]
# A chunked body is read whole (nginx buffers it): the unknown field is named.
url -H 'Transfer-Encoding: chunked' --data-binary 'title=x&colour=red'
expect 400 "chunked body" "“colour”"

# ---- control characters in the path ------------------------------------------------
# A decoded %0a, %0d, %09 or %7f in the path: a 400 from dais, before
# anything (links, Location, a cookie's Path) is built from SCRIPT_NAME or
# the path; no header of the client's making. Through the contrib split and
# through the old one, which sends the whole path as SCRIPT_NAME when it
# holds a newline, or drops a newline at its end.
eq "the old mount serves" "$(status "$ORIGIN/old/statements/healthz")" 200
for m in /statements /old/statements; do
	for p in "/s/x%0aSet-Cookie:%20a=b" "/submit%0d%0aX:%20y" "/moderate%0a" \
	    "/%0d%0aLocation:%20http://evil.example/" "/login%09" \
	    "/moderate/x%7f" "/fragment/event/x%0aSet-Cookie:%20a=b/y"; do
		req --path-as-is "$ORIGIN$m$p"
		case $m$p in
		/statements/fragment/*) # an include gets an empty fragment
			eq "GET $m$p: 200" "$CODE" 200
			eq "GET $m$p: empty" "$BODY" "" ;;
		*)	# (the old split: not even known to be a fragment)
			expect 400 "GET $m$p" "line break or another control character" ;;
		esac
		hasnt "GET $m$p: no cookie set" "$(cat "$T_DIR/headers")" "Set-Cookie"
		hasnt "GET $m$p: no Location" "$(cat "$T_DIR/headers")" "Location"
		check "GET $m$p: no header of the client's making" bash -c '! grep -qi "^X:" "$1"' _ "$T_DIR/headers"
	done
	req --path-as-is "$ORIGIN$m/submit%0d%0aX:%20y" -H "Origin: $ORIGIN" --data-binary 'title=x'
	expect 400 "POST $m/submit%0d%0aX: y" "line break or another control character"
	check "POST $m/submit%0d%0aX: y: no header of the client's making" bash -c '! grep -qi "^X:" "$1"' _ "$T_DIR/headers"
	# Sent raw: the request line as a client may write it.
	exec 3<>"/dev/tcp/127.0.0.1/$PORT"
	printf 'GET %s/moderate%%0d%%0aSet-Cookie:%%20a=b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$m" >&3
	timeout 10 cat <&3 > "$T_DIR/raw.out"
	exec 3<&-
	eq "raw GET $m/moderate%0d%0a...: 400" "$(head -1 "$T_DIR/raw.out" | cut -d' ' -f2)" 400
	hasnt "raw GET $m/moderate%0d%0a...: no cookie set" "$(sed '/^\r$/q' "$T_DIR/raw.out")" "Set-Cookie"
done

# ---- afterwards -------------------------------------------------------------------
eq "healthz after all of that" "$(status "$BASE/healthz")" 200
csrf=$(curl -s "$BASE/submit" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
url --data-urlencode "csrf=$csrf" --data-urlencode event=conf24 \
    --data-urlencode session=opening --data-urlencode "title=Still works" \
    --data-urlencode "speaker=Ana" --data-urlencode "organisation=Group" \
    --data-urlencode kind=panel --data-urlencode language=en \
    --data-urlencode format=text --data-urlencode "body=The text." \
    --data-urlencode "submitter_name=Ana" \
    --data-urlencode "submitter_email=ana@example.org" \
    --data-urlencode consent=yes --data-urlencode action=send
eq "a valid submission still succeeds" "$CODE" 303
eq "and is stored" "$(sqlite3 "$DAIS_DB" "SELECT count(*) FROM statement WHERE title = 'Still works'")" 1
eq "nothing else was stored" "$(sqlite3 "$DAIS_DB" "SELECT count(*) FROM statement")" 1
eq "no worker died" "$(pgrep -P "$DAIS_PID" | sort | tr '\n' ' ')" "$WORKERS"
check "nginx logged no upstream errors" bash -c '! grep -E "upstream (prematurely|timed)|reset by peer|\[(crit|alert|emerg)\]" "$1"' _ "$T_DIR/nginx-error.log"
t_finish
