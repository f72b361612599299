#!/bin/bash
# moderate.sh — moderation through a real nginx: signing in and out (cookie
# attributes, hashed sessions, next=, failure limits), the queue (tabs,
# filters, search, paging, bulk decisions), the review page and every
# decision, conflicts between two moderators, the original document, the
# audit log, the admin area (moderators, events, sessions, organisations,
# reasons, settings), e-mail notifications, trusted submitters and
# REMOTE_USER.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" session add conf24 youth --title "Youth panel" >/dev/null &&
"$DAIS" event add summit25 --title "Summit 2025" --starts 2025-03-01 >/dev/null &&
"$DAIS" session add summit25 closing --title "Closing session" >/dev/null &&
"$DAIS" event add paging --title "Paging Forum" --starts 2023-06-01 >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
"$DAIS" org add ngo --name "Trusted NGO" --url https://www.example.org/ >/dev/null &&
"$DAIS" org add unit --name "A Unit of a Big Agency" --url https://www.agency.example/youth >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin --email alice@example.org &&
echo 'bob-password-22' | "$DAIS" moderator add bob --email bob@example.org &&
echo 'carol-password-3' | "$DAIS" moderator add carol &&
echo 'dave-password-44' | "$DAIS" moderator add dave --email dave@example.org &&
echo 'rita-password-55' | "$DAIS" moderator add rita &&
"$DAIS" moderator disable dave &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
# /tls/statements/ is dais as if reached over HTTPS (nginx says so with
# the HTTPS parameter, as its ssl listeners do).
t_start_nginx "location /tls/statements/ {
        fastcgi_split_path_info ^(/tls/statements)(/[\s\S]*)\$;
        include $top_srcdir/contrib/nginx/dais-fastcgi.conf;
        fastcgi_param HTTPS on;
        fastcgi_pass unix:$T_DIR/dais.sock;
    }" && t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT

q() { sqlite3 "$DAIS_DB" "$@"; }
# req CURL_ARGS...: sets CODE and BODY; headers in $T_DIR/headers.
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
# The form tokens of the last response, in page order.
tokens() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | sed 's/.*value="//; s/"$//'; }
first_token() { tokens | head -1; }
last_token() { tokens | tail -1; }
# The content of the textarea with id $1 in $T_DIR/body.
textarea() {
	awk -v id="$1" '
	    !on && index($0, "<textarea") && index($0, "id=\"" id "\"") {
	        on = 1; sub(/^.*<textarea[^>]*>/, "") }
	    on { if (index($0, "</textarea>")) { sub(/<\/textarea>.*$/, "");
	        printf "%s", $0; exit } print }' "$T_DIR/body"
}
html_esc() {
	sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
	    -e 's/"/\&quot;/g' -e "s/'/\\&#39;/g"
}
cookie_of_response() {
	grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | head -1 |
	    sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r'
}

# ---- signing in -----------------------------------------------------------------
# signin USER PASSWORD [NEXT]: POSTs the sign-in form; COOKIE is the new
# session's token (empty when none was set). With FROM=ADDRESS, from that
# address of the loopback network (nginx's $remote_addr, dais's
# REMOTE_ADDR), else from 127.0.0.1.
signin() {
	local tok via=(--interface "${FROM:-127.0.0.1}")
	req "${via[@]}" "$BASE/login"
	tok=$(first_token)
	req "${via[@]}" "$BASE/login" -H "Origin: $ORIGIN" \
	    --data-urlencode "user=$1" --data-urlencode "password=$2" \
	    --data-urlencode "next=${3:-}" --data-urlencode "csrf=$tok"
	COOKIE=$(cookie_of_response)
}
declare -A CK
# as USER CURL_ARGS...: a request with USER's session.
as() { local u=$1; shift; req -H "Cookie: dais_session=${CK[$u]}" "$@"; }

req "$BASE/login"
eq "sign-in page 200" "$CODE" 200
has "sign-in form" "$BODY" 'name="password" type="password"'
signin alice wrong-password
eq "wrong password: 422" "$CODE" 422
has "wrong password: message" "$BODY" "The user name or the password is not right"
eq "wrong password: no cookie" "$(grep -ci '^Set-Cookie' "$T_DIR/headers")" 0
has "wrong password: user kept" "$BODY" 'value="alice"'
signin nosuchuser whatever-password
eq "unknown user: 422" "$CODE" 422
eq "unknown user: no cookie" "$(grep -ci '^Set-Cookie' "$T_DIR/headers")" 0

signin alice alice-password-1
eq "right password: 303" "$CODE" 303
eq "right password: to the queue" "$(header Location)" /statements/moderate
sc=$(header Set-Cookie)
check "cookie: 64 hex" grep -qE '^dais_session=[0-9a-f]{64};' <<<"$sc"
has "cookie: HttpOnly" "$sc" "; HttpOnly"
has "cookie: SameSite=Lax" "$sc" "; SameSite=Lax"
has "cookie: Path=/statements/" "$sc" "; Path=/statements/;"
has "cookie: Max-Age of session_hours (12)" "$sc" "; Max-Age=43200;"
hasnt "cookie: no Secure over plain http" "$sc" "Secure"
CK[alice]=$COOKIE
h=$(q "SELECT password_hash FROM moderator WHERE username = 'alice'")
eq "password stored as Argon2id" "${h:0:10}" '$argon2id$'
hasnt "password not stored in clear" "$h" "alice-password-1"
check "session token not stored in clear" bash -c '! grep -qa "$1" "$2"*' _ "$COOKIE" "$DAIS_DB"
eq "session stored as a 64-hex hash" "$(q "SELECT count(*) FROM login_session WHERE token_hash GLOB '[0-9a-f]*' AND length(token_hash) = 64 AND token_hash != '$COOKIE'")" 1
as alice "$BASE/moderate"
eq "signed in: queue 200" "$CODE" 200
has "signed in: header names the user" "$BODY" "Sign out (alice)"

# next=: only pages below /statements/moderate.
signin alice alice-password-1 "/statements/moderate/log"
eq "next= a moderation page: honoured" "$(header Location)" /statements/moderate/log
for n in "http://evil.example" "//evil.example/statements/moderate" \
    "/statements/admin" "https://evil.example/statements/moderate" \
    "/statements/moderate//evil.example" '/statements/moderate\evil'; do
	signin alice alice-password-1 "$n"
	eq "next=[$n]: to the queue" "$(header Location)" /statements/moderate
done
as alice "$BASE/login?next=http://evil.example"
eq "sign-in page when signed in: 303" "$CODE" 303
eq "sign-in page when signed in: to the queue" "$(header Location)" /statements/moderate

# ---- sign-in limits ---------------------------------------------------------------
# Failures slow the address that makes them, with a wait that doubles;
# never the user they name. Time passes by moving the stored time of the
# last failure back.
q "DELETE FROM login_throttle"
"$DAIS" config set login_failures_addr 3 >/dev/null
fails() { q "SELECT coalesce((SELECT failures FROM login_throttle WHERE key = '$1'), 0)"; }
later() { q "UPDATE login_throttle SET last = last - $2 WHERE key = '$1'"; }
# refused_for DESCRIPTION MINUTES: the last response was the address's wait.
refused_for() {
	local ra
	eq "$1: 429" "$CODE" 429
	has "$1: message" "$BODY" "Too many attempts to sign in from your network address; please try again in $2."
	ra=$(header Retry-After)
	check "$1: Retry-After [$ra] in seconds, within $2" \
	    test -n "$ra" -a "$ra" -gt 0 -a "$ra" -le "$(( ${2%% *} * 60 ))"
	eq "$1: no cookie" "$(grep -ci '^Set-Cookie' "$T_DIR/headers")" 0
}
for i in 1 2 3; do signin carol "wrong-$i-password"; done
eq "3rd failure from one address: still 422" "$CODE" 422
eq "failures counted for the address" "$(fails a:127.0.0.1)" 3
eq "failures counted for the user name" "$(fails u:carol)" 3
signin carol carol-password-3
refused_for "after 3 failures: the address waits, even with the right password" "1 minute"
has "after 3 failures: the user name is kept" "$BODY" 'value="carol"'
signin bob bob-password-22
refused_for "the wait is the address's, whatever user it names" "1 minute"
eq "a refused attempt is not counted" "$(fails a:127.0.0.1)" 3
FROM=127.0.0.2 signin carol carol-password-3
eq "the same user from another address: signs in" "$CODE" 303
eq "another address: its own count" "$(fails a:127.0.0.2)" 0
eq "a sign-in clears the user name's count" "$(fails u:carol)" 0
eq "but not the other address's" "$(fails a:127.0.0.1)" 3
later a:127.0.0.1 60
signin carol "wrong-4-password"
eq "after the wait: the address may try again" "$CODE" 422
signin carol carol-password-3
refused_for "4th failure: the wait doubles" "2 minutes"
later a:127.0.0.1 60
signin carol carol-password-3
refused_for "half of the doubled wait: still waiting" "1 minute"
later a:127.0.0.1 60
signin carol "wrong-5-password"
eq "after the doubled wait: may try again" "$CODE" 422
signin carol carol-password-3
refused_for "5th failure: doubled again" "4 minutes"
q "UPDATE login_throttle SET failures = 40 WHERE key = 'a:127.0.0.1'"
signin carol carol-password-3
refused_for "many failures: the wait stops at login_wait_max_minutes (60)" "60 minutes"
"$DAIS" config set login_wait_max_minutes 5 >/dev/null
signin carol carol-password-3
refused_for "login_wait_max_minutes 5: at most 5 minutes" "5 minutes"
"$DAIS" config set login_wait_max_minutes 60 >/dev/null
later a:127.0.0.1 86400
signin carol carol-password-3
eq "a day without failures: the address is forgotten" "$CODE" 303
signin bob wrong-password
eq "forgotten: counting starts again" "$(fails a:127.0.0.1)" 1

# A user name guessed at from many addresses (login_failures_user, 10 in
# a quarter hour) is never locked: each address that failed with it waits
# after its first failure, and the user signs in from an address without
# failures.
q "DELETE FROM login_throttle"
for i in $(seq 11 20); do FROM=127.0.0.$i signin carol "guess-$i"; done
eq "10 failures for carol from 10 addresses" "$(fails u:carol)" 10
FROM=127.0.0.11 signin carol "guess-again"
refused_for "carol guessed at: an address that failed with her waits after one failure" "1 minute"
FROM=127.0.0.11 signin bob bob-password-22
eq "that address, another user: under its own limit, signs in" "$CODE" 303
FROM=127.0.0.21 signin carol carol-password-3
eq "carol guessed at: from an address without failures she signs in" "$CODE" 303
# With the default limits (20 per address, 10 per user name): hammered
# from one address, carol is guessed at after 10 failures, and that
# address waits the longest at once.
"$DAIS" config set login_failures_addr 20 >/dev/null
q "DELETE FROM login_throttle"
for i in $(seq 1 12); do FROM=127.0.0.11 signin carol "hammer-$i"; done
refused_for "hammering carol from one address: refused" "60 minutes"
eq "hammering carol from one address: 10 guesses counted" "$(fails a:127.0.0.11)" 10
FROM=127.0.0.22 signin carol carol-password-3
eq "hammered from one address: carol signs in from another" "$CODE" 303
q "DELETE FROM login_throttle"
signin bob bob-password-22
eq "limits back to their defaults: signs in" "$CODE" 303
CK[bob]=$COOKIE

# Over HTTPS the cookie is Secure.
TLS=$ORIGIN/tls/statements
req "$TLS/login"
req "$TLS/login" -H "Origin: https://127.0.0.1:$PORT" --data-urlencode user=bob \
    --data-urlencode password=bob-password-22 --data-urlencode "csrf=$(first_token)"
eq "sign in over HTTPS: 303" "$CODE" 303
sc=$(header Set-Cookie)
has "HTTPS: cookie Secure" "$sc" "; Secure"
has "HTTPS: cookie HttpOnly" "$sc" "; HttpOnly"
has "HTTPS: cookie path of that mount point" "$sc" "; Path=/tls/statements/;"
# TLS ended before nginx: dais sees plain HTTP, but base_url says https.
"$DAIS" config set base_url "https://127.0.0.1:$PORT/statements" >/dev/null
req "$BASE/login"
req "$BASE/login" -H "Origin: https://127.0.0.1:$PORT" --data-urlencode user=bob \
    --data-urlencode password=bob-password-22 --data-urlencode "csrf=$(first_token)"
eq "sign in, base_url https: 303" "$CODE" 303
has "base_url https: cookie Secure" "$(header Set-Cookie)" "; Secure"
"$DAIS" config set base_url "" >/dev/null

# A session past its expiry signs nobody in.
signin bob bob-password-22
EXP=$COOKIE
req -H "Cookie: dais_session=$EXP" "$BASE/moderate"
eq "fresh session: queue 200" "$CODE" 200
eq "expire the session (found by its hash)" "$(q "UPDATE login_session SET expires = strftime('%s', 'now') - 1 WHERE token_hash = '$(printf '%s' "$EXP" | b2sum -l 256 | cut -d' ' -f1)'; SELECT changes();")" 1
req -H "Cookie: dais_session=$EXP" "$BASE/moderate"
eq "expired session: 303" "$CODE" 303
eq "expired session: to sign in" "$(header Location)" "/statements/login?next=%2Fstatements%2Fmoderate"

# dais moderator list: user, role, state, e-mail.
ml=$("$DAIS" moderator list)
has "moderator list: alice, admin" "$ml" $'alice\tadmin\tactive\talice@example.org'
has "moderator list: bob, moderator" "$ml" $'bob\tmoderator\tactive\tbob@example.org'
has "moderator list: dave, disabled" "$ml" $'dave\tmoderator\tdisabled\tdave@example.org'
eq "moderator list: one line each" "$(wc -l <<<"$ml")" 5

# Signing out: the header's form, with the logout token.
signin alice alice-password-1
OUT=$COOKIE
n0=$(q "SELECT count(*) FROM login_session")
req -H "Cookie: dais_session=$OUT" "$BASE/moderate"
ltok=$(first_token)
req -H "Cookie: dais_session=$OUT" "$BASE/logout" -H "Origin: $ORIGIN" --data-urlencode "csrf=$ltok"
eq "logout: 303" "$CODE" 303
eq "logout: to the sign-in page" "$(header Location)" /statements/login
has "logout: cookie cleared" "$(header Set-Cookie)" "Max-Age=0"
eq "logout: session deleted" "$(q "SELECT count(*) FROM login_session")" $((n0 - 1))
req -H "Cookie: dais_session=$OUT" "$BASE/moderate"
eq "old cookie after logout: 303" "$CODE" 303
eq "old cookie after logout: to sign in" "$(header Location)" "/statements/login?next=%2Fstatements%2Fmoderate"
as alice "$BASE/moderate"
eq "other sessions stay signed in" "$CODE" 200

# A disabled moderator's session ends, and stays ended once enabled again.
signin rita rita-password-55
CK[rita]=$COOKIE
as rita "$BASE/moderate"; eq "rita signed in" "$CODE" 200
"$DAIS" moderator disable rita
eq "dais moderator disable: rita's sessions deleted" "$(q "SELECT count(*) FROM login_session WHERE moderator_id = (SELECT id FROM moderator WHERE username = 'rita')")" 0
as rita "$BASE/moderate"; eq "disabled moderator's session: to sign in" "$CODE" 303
signin rita rita-password-55
eq "disabled moderator cannot sign in" "$CODE" 422
"$DAIS" moderator enable rita
as rita "$BASE/moderate"; eq "enabled again by the CLI: the old session stays ended" "$CODE" 303
eq "ended session: to sign in" "$(header Location)" "/statements/login?next=%2Fstatements%2Fmoderate"

# A new password (dais moderator password) ends every session of that
# moderator, in every browser, and no other moderator's.
echo 'pat-password-77' | "$DAIS" moderator add pat
signin pat pat-password-77; PAT1=$COOKIE
signin pat pat-password-77; PAT2=$COOKIE
req -H "Cookie: dais_session=$PAT1" "$BASE/moderate"; eq "pat signed in (first browser)" "$CODE" 200
PTOK=$(first_token) # the sign-out form's, bound to this session
req -H "Cookie: dais_session=$PAT2" "$BASE/moderate"; eq "pat signed in (second browser)" "$CODE" 200
echo 'pat-new-password-88' | "$DAIS" moderator password pat
eq "dais moderator password: exits 0" $? 0
eq "new password: pat's sessions deleted" "$(q "SELECT count(*) FROM login_session WHERE moderator_id = (SELECT id FROM moderator WHERE username = 'pat')")" 0
for c in "$PAT1" "$PAT2"; do
	req -H "Cookie: dais_session=$c" "$BASE/moderate"
	eq "new password: an old cookie no longer reaches the queue" "$CODE" 303
	eq "new password: an old cookie is sent to sign in" "$(header Location)" "/statements/login?next=%2Fstatements%2Fmoderate"
done
req -H "Cookie: dais_session=$PAT1" "$BASE/logout" -H "Origin: $ORIGIN" --data-urlencode "csrf=$PTOK"
eq "new password: an old cookie with its own form token cannot act" "$CODE" 403
as alice "$BASE/moderate"
eq "new password: another moderator stays signed in" "$CODE" 200
signin pat pat-password-77
eq "new password: the old one is refused" "$CODE" 422
signin pat pat-new-password-88
eq "new password: signs in" "$CODE" 303
echo 'short' | "$DAIS" moderator password pat 2>/dev/null
eq "too short a password: exits 1" $? 1
req -H "Cookie: dais_session=$COOKIE" "$BASE/moderate"
eq "refused new password: the session goes on" "$CODE" 200
echo 'nobody-password-1' | "$DAIS" moderator password nobody 2>"$T_DIR/err"
eq "new password for no such moderator: exits 1" $? 1
has "new password for no such moderator: message" "$(cat "$T_DIR/err")" "There is no such moderator"

# ---- submissions ------------------------------------------------------------------
declare -A F
fields_reset() {
	F=([event]=conf24 [session]=opening [title]="A statement"
	   [speaker]="Ana Pérez" [organisation]=acme [kind]=panel
	   [language]=en [format]=text
	   [body]=$'First paragraph.\n\nSecond paragraph.'
	   [submitter_name]="Ana Pérez" [submitter_email]="ana@example.org"
	   [consent]=yes [action]=send)
}
# send [CURL_ARGS...]: posts F as multipart with the token of a fresh form
# (a token names one served form: sent again, it is the same submission);
# on success STOK is the status token and PUB the public id.
send() {
	local a=() k tok
	req "$BASE/submit"; tok=$(first_token)
	for k in "${!F[@]}"; do a+=(--form-string "$k=${F[$k]}"); done
	req "$BASE/submit" -H "Origin: $ORIGIN" "${a[@]}" --form-string "csrf=$tok" "$@"
	STOK=$(header Location | sed -n 's|.*/status/\([0-9a-f]*\)?.*|\1|p')
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
}
# submit TITLE [KEY=VALUE...]: a submission with those fields changed.
submit() {
	local kv
	fields_reset; F[title]=$1; shift
	for kv in "$@"; do F[${kv%%=*}]=${kv#*=}; done
	send
	[ "$CODE" = 303 ] || fail "submission [${F[title]}]: $CODE"
}
st() { q "SELECT $1 FROM statement WHERE public_id = '$2'"; }

# review USER ID ACTION REV [FIELD=VALUE...]: POSTs a decision with the
# token of a fresh review page.
review() {
	local u=$1 id=$2 act=$3 rev=$4 a=() kv tok; shift 4
	as "$u" "$BASE/moderate/$id"; tok=$(last_token)
	for kv in "$@"; do a+=(--data-urlencode "$kv"); done
	as "$u" "$BASE/moderate/$id" -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$tok" --data-urlencode "action=$act" \
	    --data-urlencode "rev=$rev" "${a[@]}"
}

# ---- the queue: tabs, filters, search, paging ---------------------------------------
submit "Opening remarks on migration" session=opening body=$'We speak about pathways.\n\nAnd zanzibarite minerals.'
Q1=$PUB
submit "Youth voices" session=youth body="Young people ask for a seat at the table."
Q2=$PUB
submit "Closing words" event=summit25 session=closing body="Thank you all for a fruitful summit."
Q3=$PUB
for i in $(seq 1 55); do
	submit "Paging statement $i" event=paging session= body="Number $i of many."
done
eq "55 paging statements stored" "$(q "SELECT count(*) FROM statement s JOIN event e ON e.id = s.event_id WHERE e.slug = 'paging'")" 55

# The count in a state's tab on the last page.
tabcount() {
	grep -o "state=$1&amp;[^\"]*\"[^>]*>[^<]*<span class=\"tab-count\">[0-9]*" "$T_DIR/body" |
	    sed 's/.*>//'
}
rows() { grep -c 'class="queue-item"' "$T_DIR/body"; }
as alice "$BASE/moderate"
eq "queue 200" "$CODE" 200
eq "tab: pending count" "$(tabcount pending)" 58
eq "tab: approved count" "$(tabcount approved)" 0
eq "first page: 50 rows" "$(rows)" 50
has "first page: a next link" "$BODY" "Next page"
hasnt "first page: no previous link" "$BODY" "Previous page"
as alice "$BASE/moderate?state=pending&event=paging"
eq "event filter: count" "$(tabcount pending)" 55
eq "event filter: 50 on page 1" "$(rows)" 50
has "event filter: a next link" "$BODY" "event=paging&amp;session=&amp;q=&amp;page=2"
hasnt "event filter: other events absent" "$BODY" "Youth voices"
as alice "$BASE/moderate?state=pending&event=paging&page=2"
eq "page 2: the remaining 5" "$(rows)" 5
has "page 2: a previous link" "$BODY" "Previous page"
has "page 2: previous is page 1" "$BODY" "event=paging&amp;session=&amp;q=&amp;page=1"
hasnt "page 2: no next link" "$BODY" "Next page"
has "page 2: the last one" "$BODY" "Paging statement 55"
hasnt "page 2: not the first" "$BODY" ">Paging statement 1<"
as alice "$BASE/moderate?event=conf24"
eq "event conf24: 2 pending" "$(tabcount pending)" 2
eq "event conf24: 2 rows" "$(rows)" 2
has "event conf24: its sessions offered" "$BODY" '<option value="conf24/youth">Youth panel</option>'
as alice "$BASE/moderate?event=conf24&session=youth"
eq "session filter: 1 row" "$(rows)" 1
has "session filter: the right one" "$BODY" "Youth voices"
has "session filter: selected" "$BODY" '<option value="conf24/youth" selected>'
as alice "$BASE/moderate?session=conf24/youth"
eq "session filter without its event: 1 row" "$(rows)" 1
has "session filter without its event: the event chosen" "$BODY" '<option value="conf24" selected>'
as alice "$BASE/moderate?q=zanzibarite"
eq "search a body word: 1 row" "$(rows)" 1
has "search a body word: the right one" "$BODY" "Opening remarks on migration"
eq "search: tab counts filtered" "$(tabcount pending)" 1
as alice "$BASE/moderate?q=Youth+voices"
eq "search two words: 1 row" "$(rows)" 1
for qq in '"' '"zanz' '(pathways' 'pathways)' 'pathways AND' 'AND OR NOT' '*' 'zanz*' \
    'NEAR(a b)' 'title:x' "'" '-x' '^' '""""' 'a"b"c'; do
	as alice "$BASE/moderate" -G --data-urlencode "q=$qq"
	eq "search [$qq]: 200" "$CODE" 200
done
as alice "$BASE/moderate" -G --data-urlencode 'q=(zanzibarite)'
eq "search with parentheses is a plain word" "$(rows)" 1
# read as the public search reads it: stems, beginnings, no syntax
as alice "$BASE/moderate?q=zanzibarites"
eq "search a plural: its singular found" "$(rows)" 1
as alice "$BASE/moderate?q=youth+voice"
eq "search a singular: its plural found" "$(rows)" 1
has "... the right one" "$BODY" "Youth voices"
as alice "$BASE/moderate?q=zanz*"
eq "search a beginning with *: found" "$(rows)" 1
as alice "$BASE/moderate?q=zanz"
eq "search a beginning without *: not a word, nothing" "$(rows)" 0
as alice "$BASE/moderate" -G --data-urlencode 'q=--'
eq "search with no word in it: nothing, not everything" "$(rows)" 0
as alice "$BASE/moderate?state=nonsense&page=abc"
eq "unknown state and page: 200" "$CODE" 200

# ---- the review page -------------------------------------------------------------------
submit 'Review <me> & "you"' format=html speaker="O'Brien" \
    body='<p onclick="steal()">Hello <b>world</b><script>alert(1)</script> <a href="javascript:alert(2)">x</a></p>'
R1=$PUB
as alice "$BASE/moderate/$R1"
eq "review 200" "$CODE" 200
has "review: title escaped" "$BODY" '<h1>Review &lt;me&gt; &amp; &quot;you&quot;</h1>'
has "review: the published statement" "$BODY" '<div class="published-preview">'
has "review: body shown, sanitized" "$BODY" "<p>Hello <strong>world</strong> x</p>"
hasnt "review: no script" "$BODY" "<script>alert"
hasnt "review: no handler" "$BODY" "<p onclick"
hasnt "review: no javascript: link" "$BODY" 'href="javascript:'
has "review: speaker escaped" "$BODY" "O&#39;Brien"
has "review: event" "$BODY" "<dd>Conference 2024</dd>"
has "review: session" "$BODY" "<dd>Opening plenary</dd>"
has "review: submitter" "$BODY" 'href="mailto:ana@example.org"'
# An address stored before addresses were checked strictly: its mailto:
# link is percent-encoded, so it adds no bcc, subject or body.
olde=$(st submitter_email "$R1")
q "UPDATE statement SET submitter_email = 'x?bcc=victim@evil.test&subject=Hi&body=Click%20here@example.org' WHERE public_id = '$R1'"
as alice "$BASE/moderate/$R1"
has "review: an old hostile address, percent-encoded in mailto:" "$BODY" 'href="mailto:x%3Fbcc%3Dvictim%40evil.test%26subject%3DHi%26body%3DClick%2520here@example.org"'
hasnt "review: no raw ?bcc= in a mailto: link" "$BODY" 'href="mailto:x?bcc'
q "UPDATE statement SET submitter_email = '$olde' WHERE public_id = '$R1'"
as alice "$BASE/moderate/$R1"
has "review: reference" "$BODY" "<span class=\"ref\">$R1</span>"
has "review: history" "$BODY" "<strong>Revision 1</strong>"
has "review: state" "$BODY" "Waiting for review"
has "review: rev in the forms" "$BODY" 'name="rev" value="1"'
has "review: approve offered" "$BODY" 'value="approve"'
hasnt "review: restore not offered" "$BODY" 'value="restore"'
has "review: reusable reasons offered" "$BODY" "The statement was already submitted."
has "review: other statements of the submitter" "$BODY" "Paging statement 55"
check "review: logout token differs from the page's" [ "$(first_token)" != "$(last_token)" ]
eq "unknown statement: 404" "$(status "$BASE/moderate/zzzzzzzz" -H "Cookie: dais_session=${CK[alice]}")" 404

# approve
review alice "$R1" approve 1
eq "approve: 303" "$CODE" 303
eq "approve: back to the review page, with its banner" "$(header Location)" "/statements/moderate/$R1?done=approved&rev=$(q "SELECT rev FROM statement WHERE public_id = '$R1'")"
eq "approve: state and rev" "$(st "state || ' ' || rev" "$R1")" "approved 2"
eq "approve: audit" "$(q "SELECT actor, action, rev_before, rev_after FROM audit WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$R1')")" "alice|approve|1|2"
eq "approve: a revision" "$(q "SELECT author || ' ' || state FROM revision WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$R1') AND rev = 2")" "alice approved"
as alice "$BASE/moderate/$R1"
has "approved: shown" "$BODY" "Published"
has "approved: decision listed" "$BODY" "<strong><bdi>alice</bdi></strong> · approve"
has "approved: withdraw offered" "$BODY" 'value="withdraw"'
hasnt "approved: approve not offered" "$BODY" 'value="approve"'

# reject: a reason is needed
submit "To be rejected"
R2=$PUB
review alice "$R2" reject 1
eq "reject without reason: 422" "$CODE" 422
has "reject without reason: message" "$BODY" "Give a reason"
eq "reject without reason: unchanged" "$(st "state || ' ' || rev" "$R2")" "pending 1"
review alice "$R2" reject 1 "reason=   "
eq "reject with a blank reason: 422" "$CODE" 422
review alice "$R2" reject 1 "reason_choice=The statement was already submitted."
eq "reject with a reusable reason: 303" "$CODE" 303
eq "rejected with the note" "$(st "state || '|' || moderator_note" "$R2")" "rejected|The statement was already submitted."
eq "reject: audit reason" "$(q "SELECT reason FROM audit WHERE action = 'reject' ORDER BY id DESC LIMIT 1")" "The statement was already submitted."
review alice "$R2" approve 2
eq "approve a rejected one: 409" "$CODE" 409
has "approve a rejected one: message" "$BODY" "not possible on a statement that is Not published"
eq "approve a rejected one: unchanged" "$(st "state || ' ' || rev" "$R2")" "rejected 2"
review alice "$R2" restore 2
eq "restore: 303" "$CODE" 303
eq "restore: pending" "$(st "state || ' ' || rev" "$R2")" "pending 3"
review alice "$R2" spam 3
eq "spam: 303" "$CODE" 303
eq "spam: state" "$(st state "$R2")" spam
review alice "$R2" withdraw 4
eq "withdraw a spam one: 409" "$CODE" 409
review alice "$R2" frobnicate 4
eq "unknown action: 400" "$CODE" 400
review alice "$R2" restore ""
eq "no rev: 400" "$CODE" 400

review alice "$R1" withdraw 2
eq "withdraw approved: 303" "$CODE" 303
eq "withdraw approved: withdrawn" "$(st "state || ' ' || rev" "$R1")" "withdrawn 3"

# request changes: the submitter sees the message and can still edit.
submit "Needs work" body=$'Line one.\nLine two.'
R3=$PUB; T3=$STOK
review bob "$R3" request_changes 1
eq "request changes without text: 422" "$CODE" 422
review bob "$R3" request_changes 1 "reason=Please add the date & the <venue>."
eq "request changes: 303" "$CODE" 303
eq "request changes: state and note" "$(st "state || '|' || moderator_note" "$R3")" "changes_requested|Please add the date & the <venue>."
req "$BASE/status/$T3"
eq "status page: 200" "$CODE" 200
has "status page: message heading" "$BODY" "Message from the moderators"
has "status page: the text, escaped" "$BODY" "Please add the date &amp; the &lt;venue&gt;."
has "status page: still editable" "$BODY" 'id="correct"'
stok=$(first_token)
req "$BASE/status/$T3" -H "Origin: $ORIGIN" --data-urlencode "csrf=$stok" \
    --data-urlencode rev=2 --data-urlencode action=save --data-urlencode session=opening \
    --data-urlencode "title=Needs work" --data-urlencode "speaker=Ana Pérez" \
    --data-urlencode organisation=acme --data-urlencode kind=panel \
    --data-urlencode language=en --data-urlencode format=text \
    --data-urlencode $'body=Line one.\nLine two, on 21 May.'
eq "submitter corrects: 303" "$CODE" 303
eq "submitter corrects: rev 3" "$(st rev "$R3")" 3
eq "corrected: back in the queue" "$(st state "$R3")" pending
eq "corrected: audit row" "$(q "SELECT actor || '|' || action || '|' || rev_before || '|' || rev_after FROM audit WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$R3') ORDER BY id DESC LIMIT 1")" "submitter|correct|2|3"
as bob "$BASE/moderate/$R3"
has "review: decisions show the revisions" "$BODY" "request_changes · revision 1 → 2"
has "review: the submitter's correction is listed" "$BODY" "correct · revision 2 → 3"
review bob "$R3" request_changes 3 "reason=Also the venue, please."
eq "request changes again after a correction: 303" "$CODE" 303
review bob "$R3" request_changes 4 "reason=And the speaker's role."
eq "request changes while changes are requested: 303" "$CODE" 303
eq "the latest message is the one shown" "$(st "state || '|' || moderator_note" "$R3")" "changes_requested|And the speaker's role."

# edit: a new revision with a diff in the history, the state unchanged.
submit "Edit me" body=$'Alpha line.\nBeta line.\nGamma line.'
R4=$PUB
EF=(session=opening "title=Edited title" "speaker=Ana Pérez" organisation=acme
    kind=panel language=en format=text delivered=2024-05-21
    $'body=Alpha line.\nBeta line changed.\nGamma line.')
review alice "$R4" edit 1 "${EF[@]}"
eq "edit: 303" "$CODE" 303
eq "edit: saved, still pending" "$(st "state || '|' || rev || '|' || title || '|' || delivered" "$R4")" "pending|2|Edited title|2024-05-21"
eq "edit: revision by alice" "$(q "SELECT author FROM revision WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$R4') AND rev = 2")" alice
eq "edit: audit" "$(q "SELECT action || ' ' || rev_before || ' ' || rev_after FROM audit WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$R4')")" "edit 1 2"
as alice "$BASE/moderate/$R4"
# The text as read (the lines of one paragraph), the word added marked.
has "history: the word added, in its paragraph" "$BODY" '<div class="diff" lang="en" dir="auto"><p class="diff-change">Alpha line. Beta line<ins><span class="visually-hidden" lang="en">[added: </span> changed<span class="visually-hidden">]</span></ins>. Gamma line.</p>'
hasnt "history: nothing removed" "$BODY" '<del><span class="visually-hidden"'
has "history: title change" "$BODY" "<del>Edit me</del> <span class=\"flip-rtl\">→</span> <ins>Edited title</ins>"
has "history: revision 2" "$BODY" "<strong>Revision 2</strong>"
review alice "$R4" edit 2 session=opening "title=" "speaker=Ana Pérez" organisation=acme kind=panel language=en format=text "body=Kept text"
eq "edit with a problem: 422" "$CODE" 422
has "edit with a problem: message" "$BODY" "Enter a title"
eq "edit with a problem: text kept" "$(textarea body)" "Kept text"
eq "edit with a problem: nothing saved" "$(st rev "$R4")" 2
review alice "$R4" edit 2 event=summit25 "title=x"
eq "edit cannot change the event: 400" "$CODE" 400

# ---- two moderators at once -----------------------------------------------------------
submit "Contested statement" body="Original text."
C1=$PUB
as alice "$BASE/moderate/$C1"; atok=$(last_token)
has "alice sees rev 1" "$BODY" 'name="rev" value="1"'
as bob "$BASE/moderate/$C1"; btok=$(last_token)
has "bob sees rev 1" "$BODY" 'name="rev" value="1"'
as alice "$BASE/moderate/$C1" -H "Origin: $ORIGIN" --data-urlencode "csrf=$atok" \
    --data-urlencode action=approve --data-urlencode rev=1
eq "alice approves: 303" "$CODE" 303
as bob "$BASE/moderate/$C1" -H "Origin: $ORIGIN" --data-urlencode "csrf=$btok" \
    --data-urlencode action=reject --data-urlencode rev=1 --data-urlencode "reason=Bob's careful reason <b>"
eq "bob rejects the old revision: 409" "$CODE" 409
has "conflict: message" "$BODY" "changed while you were looking"
has "conflict: bob's reason kept" "$BODY" "Bob&#39;s careful reason &lt;b&gt;"
has "conflict: what he tried" "$BODY" "<strong>Reject</strong>"
has "conflict: forms on the current revision" "$BODY" 'name="rev" value="2"'
has "conflict: current state shown" "$BODY" "Published"
eq "conflict: still approved" "$(st "state || ' ' || rev" "$C1")" "approved 2"
eq "conflict: one audit row" "$(q "SELECT count(*) FROM audit WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$C1')")" 1
as bob "$BASE/moderate/$C1" -H "Origin: $ORIGIN" --data-urlencode "csrf=$btok" \
    --data-urlencode action=edit --data-urlencode rev=1 --data-urlencode session=opening \
    --data-urlencode "title=Bob's title" --data-urlencode "speaker=Ana Pérez" \
    --data-urlencode organisation=acme --data-urlencode kind=panel \
    --data-urlencode language=en --data-urlencode format=text \
    --data-urlencode $'body=Bob edited this <carefully>.\nSecond line & more.'
eq "bob's stale edit: 409" "$CODE" 409
has "stale edit: message" "$BODY" "changed while you were looking"
eq "stale edit: his text in the form" "$(textarea body)" "$(printf '%s' $'Bob edited this <carefully>.\nSecond line & more.' | html_esc)"
has "stale edit: his title in the form" "$BODY" 'value="Bob&#39;s title"'
eq "stale edit: nothing saved" "$(st "title || ' ' || rev" "$C1")" "Contested statement 2"
h1=$(printf '%s' "$BODY" | tr -d '\n' | grep -o '<h1>[^<]*</h1>')
eq "stale edit: the heading is the statement as it is now" "$h1" "<h1>Contested statement</h1>"
prev=$(printf '%s' "$BODY" | tr -d '\n' | sed 's/.*<div class="published-preview">//; s/<\/div>.*//')
has "stale edit: the preview is the statement as it is now" "$prev" "Original text."
hasnt "stale edit: his version is not shown as the published one" "$prev" "Bob edited"
has "stale edit: his version kept under Your version" "$BODY" "Bob edited this &lt;carefully&gt;."

# ---- bulk decisions -----------------------------------------------------------------
submit "Bulk one"; B1=$PUB
submit "Bulk two"; B2=$PUB
submit "Bulk three"; B3=$PUB
submit "Bulk four"; B4=$PUB
review alice "$B4" edit 1 session=opening "title=Bulk four edited" "speaker=Ana Pérez" organisation=acme kind=panel language=en format=text "body=Changed meanwhile"
eq "bulk four edited meanwhile" "$(st rev "$B4")" 2
as bob "$BASE/moderate?q=Bulk"
qtok=$(last_token)
eq "search Bulk: 4 rows" "$(rows)" 4
has "queue offers boxes" "$BODY" "name=\"decision\" value=\"$B1:1\""
as bob "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$qtok" \
    --data-urlencode state=pending --data-urlencode action=approve \
    --data-urlencode "decision=$B1:1" --data-urlencode "decision=$B4:1"
eq "bulk: 303" "$CODE" 303
loc=$(header Location)
has "bulk: back to the queue" "$loc" "/statements/moderate?state=pending&event=&session=&q=&page=1&done=1&did=approve&changed=$B4&left="
eq "bulk: approved" "$(st state "$B1")" approved
eq "bulk: stale one left alone" "$(st "state || ' ' || rev" "$B4")" "pending 2"
eq "bulk: audit actor" "$(q "SELECT actor FROM audit WHERE action = 'approve' AND statement_id = (SELECT id FROM statement WHERE public_id = '$B1')")" bob
as bob "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$qtok" \
    --data-urlencode state=pending --data-urlencode action=reject \
    --data-urlencode "decision=$B2:1" --data-urlencode "reason=Not from this event"
eq "bulk reject: 303" "$CODE" 303
eq "bulk: rejected with the reason" "$(st "state || '|' || moderator_note" "$B2")" "rejected|Not from this event"
eq "bulk: left" "$(st "state || ' ' || rev" "$B3")" "pending 1"
as bob "$ORIGIN$loc"
has "bulk: done message counts" "$BODY" "1 statement approved and published."
has "bulk: stale one reported" "$BODY" "Changed by someone else while you were deciding, so left as it is: <a href=\"/statements/moderate/$B4\"><bdi>Bulk four edited</bdi></a>"
as bob "$BASE/moderate"
qtok=$(last_token)
as bob "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$qtok" \
    --data-urlencode state=pending --data-urlencode action=reject --data-urlencode "decision=$B3:1"
eq "bulk reject without reason: 422" "$CODE" 422
eq "bulk reject without reason: left" "$(st state "$B3")" pending
has "bulk reject without reason: reported" "$BODY" "Give a reason for the rejection: the submitters will see it"
as bob "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$qtok" --data-urlencode action=approve \
    --data-urlencode "decision=$B1:2" --data-urlencode "decision=nonsense" \
    --data-urlencode "decision=$B3:x"
eq "bulk with odd decisions: 303" "$CODE" 303
eq "bulk odd: nothing changed" "$(st state "$B3")|$(st rev "$B1")" "pending|2"
as bob "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$qtok" \
    --data-urlencode action=delete --data-urlencode "decision=$B3:1"
eq "bulk with an unknown action: 400" "$CODE" 400
eq "bulk unknown action: nothing changed" "$(st state "$B3")" pending

# ---- the tabs agree with the database ---------------------------------------------
as alice "$BASE/moderate"
for s in pending changes_requested approved rejected withdrawn spam; do
	eq "tab $s count" "$(tabcount $s)" "$(q "SELECT count(*) FROM statement WHERE state = '$s'")"
done
as alice "$BASE/moderate?state=approved"
has "approved tab lists approved ones" "$BODY" "Bulk one"
hasnt "approved tab: no bulk form" "$BODY" 'name="decision"'

# ---- the original document ----------------------------------------------------------
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' > "$T_DIR/doc.pdf"
fields_reset; F[title]="With a document"
send -F "attachment=@$T_DIR/doc.pdf;type=application/pdf;filename=Rede Ärzte.pdf"
eq "document submitted" "$CODE" 303
A1=$PUB
as alice "$BASE/moderate/$A1"
has "review links the document" "$BODY" "/statements/moderate/$A1/attachment"
as alice "$BASE/moderate/$A1/attachment"
eq "attachment: 200" "$CODE" 200
check "attachment: bytes equal" cmp -s "$T_DIR/doc.pdf" "$T_DIR/body"
has "attachment: Content-Disposition attachment" "$(header Content-Disposition)" "attachment;"
has "attachment: filename*" "$(header Content-Disposition)" "filename*=UTF-8''Rede%20%C3%84rzte.pdf"
eq "attachment: type" "$(header Content-Type)" application/pdf
eq "attachment: nosniff" "$(header X-Content-Type-Options)" nosniff
has "attachment: sandboxed" "$(header Content-Security-Policy)" sandbox
eq "no attachment: 404" "$(status "$BASE/moderate/$B1/attachment" -H "Cookie: dais_session=${CK[alice]}")" 404
eq "attachment anonymous: to sign in" "$(status "$BASE/moderate/$A1/attachment")" 303

# ---- the audit log ---------------------------------------------------------------------
as alice "$BASE/moderate/log"
eq "log: admin 200" "$CODE" 200
has "log: lists approvals" "$BODY" "<td data-label=\"What\">Approved</td>"
has "log: lists rejections with the reason" "$BODY" "Not from this event"
has "log: revision change" "$BODY" "1 → 2"
has "log: links statements" "$BODY" "href=\"/statements/moderate/$B1\""
as bob "$BASE/moderate/log"
eq "log: moderator 403" "$CODE" 403
eq "log: anonymous to sign in" "$(status "$BASE/moderate/log")" 303

# ---- the admin area --------------------------------------------------------------------
# admin USER FIELD=VALUE...: POSTs the admin form with a fresh page's token.
admin() {
	local u=$1 a=() kv tok; shift
	as "$u" "$BASE/admin"; tok=$(last_token)
	for kv; do a+=(--data-urlencode "$kv"); done
	as "$u" "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" "${a[@]}"
}
AUDIT0=$(q "SELECT coalesce(max(id), 0) FROM audit")
as alice "$BASE/admin"
eq "admin page: 200" "$CODE" 200
has "admin page: lists moderators" "$BODY" "<td>bob</td><td>moderator</td><td>bob@example.org</td><td>active</td>"
has "admin page: changes offered on others" "$BODY" 'name="user" value="bob"'
hasnt "admin page: none on one's own account" "$BODY" 'name="user" value="alice"'
has "admin page: the add form is empty, not the signed-in user" "$BODY" 'id="m-user" name="user" type="text" autocomplete="off" value=""'

# A moderator added on the web signs in.
admin alice do=moderator_add user=erin password=erin-password-6 role=moderator email=erin@example.org
eq "add moderator: 303" "$CODE" 303
eq "add moderator: back to its form" "$(header Location)" "/statements/admin#form-moderator_add"
eq "add moderator: stored" "$(q "SELECT role || ' ' || email || ' ' || disabled FROM moderator WHERE username = 'erin'")" "moderator erin@example.org 0"
h=$(q "SELECT password_hash FROM moderator WHERE username = 'erin'")
eq "add moderator: password as Argon2id" "${h:0:10}" '$argon2id$'
signin erin erin-password-6
eq "the new moderator signs in" "$CODE" 303
CK[erin]=$COOKIE
as erin "$BASE/moderate"; eq "the new moderator: queue 200" "$CODE" 200
as erin "$BASE/admin"; eq "the new moderator: admin page 403" "$CODE" 403
admin alice do=moderator_add user=frank password=short role=admin email=frank@example.org
eq "short password: 422" "$CODE" 422
has "short password: message" "$BODY" "at least 8 characters"
has "short password: user kept" "$BODY" 'id="m-user" name="user" type="text" autocomplete="off" value="frank"'
has "short password: e-mail kept" "$BODY" 'id="m-email" name="email" type="email" value="frank@example.org"'
has "short password: role kept" "$BODY" '<option value="admin" selected>'
hasnt "short password: password not sent back" "$BODY" 'value="short"'
has "short password: summary links to the form" "$BODY" 'href="#form-moderator_add"'
eq "short password: nothing stored" "$(q "SELECT count(*) FROM moderator WHERE username = 'frank'")" 0
admin alice do=moderator_add user=erin password=another-password role=moderator
eq "existing moderator: 422" "$CODE" 422
has "existing moderator: message" "$BODY" "That moderator already exists"

# Disable, enable, roles; never one's own account.
admin alice do=disable user=erin
eq "disable: 303" "$CODE" 303
eq "disable: stored" "$(q "SELECT disabled FROM moderator WHERE username = 'erin'")" 1
as erin "$BASE/moderate"; eq "disabled: the session stops" "$CODE" 303
eq "disabled: erin's sessions deleted" "$(q "SELECT count(*) FROM login_session WHERE moderator_id = (SELECT id FROM moderator WHERE username = 'erin')")" 0
as alice "$BASE/admin"
has "disabled: shown with Enable" "$BODY" 'value="enable" type="submit">Enable<span class="visually-hidden"> erin</span>'
admin alice do=enable user=erin
eq "enable: 303" "$CODE" 303
eq "enable: stored" "$(q "SELECT disabled FROM moderator WHERE username = 'erin'")" 0
as erin "$BASE/moderate"; eq "enabled: the old session stays ended" "$CODE" 303
signin erin erin-password-6
eq "enabled: erin signs in again" "$CODE" 303
CK[erin]=$COOKIE
admin alice do=make_admin user=erin
eq "make admin: 303" "$CODE" 303
eq "make admin: stored" "$(q "SELECT role FROM moderator WHERE username = 'erin'")" admin
as erin "$BASE/admin"; eq "made admin: admin page 200" "$CODE" 200
ETOK=$(last_token)
admin alice do=make_moderator user=erin
eq "make moderator: stored" "$(q "SELECT role FROM moderator WHERE username = 'erin'")" moderator
as erin "$BASE/admin"; eq "made moderator: admin page 403" "$CODE" 403
# The role is read from the moderator's row at every request, never kept
# with the session: the demotion holds at once, for forms too.
as erin "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$ETOK" \
    --data-urlencode do=make_admin --data-urlencode user=erin
eq "made moderator: an admin operation 403" "$CODE" 403
eq "made moderator: still a moderator" "$(q "SELECT role FROM moderator WHERE username = 'erin'")" moderator
as erin "$BASE/moderate"; eq "made moderator: the queue 200" "$CODE" 200
admin alice do=disable user=nobody
eq "disable an unknown user: 422" "$CODE" 422
has "unknown user: message" "$BODY" "There is no such moderator"
for op in disable make_moderator; do
	admin alice do=$op user=alice
	eq "$op one's own account: 422" "$CODE" 422
	has "$op one's own account: message" "$BODY" "You cannot change your own account here"
done
eq "one's own account: unchanged" "$(q "SELECT role || ' ' || disabled FROM moderator WHERE username = 'alice'")" "admin 0"

# Events: add, close, open.
admin alice do=event_add slug=forum26 "title=Forum 2026" starts=2026-04-01 ends=2026-04-02 location=Geneva "description=Two days."
eq "add event: 303" "$CODE" 303
eq "add event: back to its form" "$(header Location)" "/statements/admin#form-event_add"
eq "add event: stored, open" "$(q "SELECT title || '|' || starts || '|' || ends || '|' || location || '|' || open FROM event WHERE slug = 'forum26'")" "Forum 2026|2026-04-01|2026-04-02|Geneva|1"
req "$BASE/submit"
has "added event: offered on the form" "$BODY" "Forum 2026"
admin alice do=event_close slug=forum26
eq "close event: 303" "$CODE" 303
eq "close event: stored" "$(q "SELECT open FROM event WHERE slug = 'forum26'")" 0
req "$BASE/submit"
hasnt "closed event: not offered" "$BODY" "Forum 2026"
admin alice do=event_open slug=forum26
eq "open event: stored" "$(q "SELECT open FROM event WHERE slug = 'forum26'")" 1
admin alice do=event_close slug=nosuch
eq "close an unknown event: 422" "$CODE" 422
admin alice do=event_add slug=forum27 "title=Forum <typed>" starts=2027-05-02 ends=2027-05-01 location=Bern
eq "event ending before it starts: 422" "$CODE" 422
has "bad event: message" "$BODY" "The last day must not be before the first day"
has "bad event: title kept" "$BODY" 'id="e-title" name="title" type="text" value="Forum &lt;typed&gt;"'
has "bad event: first day kept" "$BODY" 'id="e-starts" name="starts" type="date" value="2027-05-02"'
has "bad event: place kept" "$BODY" 'id="e-location" name="location" type="text" value="Bern"'
has "bad event: not in the session form" "$BODY" 'id="s-title" name="title" type="text" value=""'
eq "bad event: nothing stored" "$(q "SELECT count(*) FROM event WHERE slug = 'forum27'")" 0

# Sessions and organisations.
admin alice do=session_add event=forum26 slug=plenary "title=Forum plenary" kind=panel
eq "add session: 303" "$CODE" 303
eq "add session: stored" "$(q "SELECT s.title || '|' || s.kind FROM session s JOIN event e ON e.id = s.event_id WHERE e.slug = 'forum26' AND s.slug = 'plenary'")" "Forum plenary|panel"
as alice "$BASE/admin"
has "added session: listed" "$BODY" '<bdi>Forum plenary</bdi> <span class="ref">plenary</span> · <bdi>panel</bdi>'
admin alice do=session_add event=forum26 slug=plenary "title=Plenary again" kind=side-event
eq "existing session: 422" "$CODE" 422
has "existing session: message" "$BODY" "already exists"
has "existing session: event kept" "$BODY" '<option value="forum26" selected>'
has "existing session: title kept" "$BODY" 'id="s-title" name="title" type="text" value="Plenary again"'
has "existing session: kind kept" "$BODY" 'id="s-kind" name="kind" type="text" value="side-event"'
admin alice do=org_add slug=newngo "name=New NGO" url=https://newngo.example
eq "add organisation: 303" "$CODE" 303
eq "add organisation: stored" "$(q "SELECT name || ' ' || url FROM organisation WHERE slug = 'newngo'")" "New NGO https://newngo.example"
admin alice do=org_add "slug=Bad Slug" "name=Typed Org" url=https://typed.example
eq "bad organisation: 422" "$CODE" 422
has "bad organisation: short name kept" "$BODY" 'id="o-slug" name="slug" type="text" value="Bad Slug"'
has "bad organisation: name kept" "$BODY" 'id="o-name" name="name" type="text" value="Typed Org"'

# Settings (a group at a time, POST /admin/settings; tests/settings.sh has
# the rest): one that takes effect at once, one refused with the value kept.
settings() {
	local u=$1 a=() kv tok; shift
	as "$u" "$BASE/admin"; tok=$(last_token)
	for kv; do a+=(--data-urlencode "$kv"); done
	as "$u" "$BASE/admin/settings" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" "${a[@]}"
}
settings alice group=site "site_name=Dais Test Desk"
eq "setting: 303" "$CODE" 303
eq "setting: back to its group" "$(header Location)" "/statements/admin?saved=site#settings-site"
eq "setting: stored" "$(q "SELECT value FROM setting WHERE key = 'site_name'")" "Dais Test Desk"
req "$BASE/submit"
has "setting: in page titles" "$BODY" "– Dais Test Desk</title>"
req "$BASE/feed.atom"
has "setting: stored fragments rendered again (feed author)" "$BODY" "<name>Dais Test Desk</name>"
settings alice group=spam "hold_links=many <links>"
eq "bad setting value: 422" "$CODE" 422
has "bad setting value: message" "$BODY" "“Hold for review a statement with more links than” must be a whole number"
has "bad setting value: typed value kept" "$BODY" 'id="set-hold_links" name="hold_links" type="number" inputmode="numeric" step="1" min="0" max="1000000" value="many &lt;links&gt;"'
has "bad setting value: summary links to it" "$BODY" 'href="#set-hold_links"'
eq "bad setting value: nothing stored" "$(q "SELECT count(*) FROM setting WHERE key = 'hold_links'")" 0
settings alice group=spam no_such_setting=1
eq "unknown setting: 400" "$CODE" 400
settings alice group=site site_name=Statements
eq "setting back: 303" "$CODE" 303

# Settings that run a command, write files or decide who is signed in are
# shown, not editable (the forged POST is in security.sh).
as alice "$BASE/admin"
for k in mail_command static_dir trust_remote_user; do
	has "$k: read-only, with how to set it" "$BODY" "Set with <code>dais config set $k VALUE</code> on the server."
	hasnt "$k: no input" "$BODY" "name=\"$k\""
done
has "other settings stay editable" "$BODY" 'id="set-site_name" name="site_name"'
settings alice group=mail "mail_command=/bin/sh -c id"
eq "mail_command by POST: refused, 403" "$CODE" 403
has "mail_command by POST: says how" "$BODY" "set it with dais config set mail_command VALUE on the server"
eq "mail_command by POST: not stored" "$(q "SELECT count(*) FROM setting WHERE key = 'mail_command'")" 0

# Reusable reasons: a new one is offered when rejecting; a removed one no
# longer is; past decisions keep their text.
NEWR="The statement is not in a language of the event."
admin alice do=reason_add "reason=$NEWR"
eq "add reason: 303" "$CODE" 303
eq "add reason: back to its form" "$(header Location)" "/statements/admin#form-reason_add"
submit "Reason test"; RR=$PUB
as bob "$BASE/moderate/$RR"
has "added reason: offered when rejecting" "$BODY" "<option value=\"$NEWR\">$NEWR</option>"
review bob "$RR" reject 1 "reason_choice=$NEWR"
eq "reject with the added reason: 303" "$CODE" 303
OLDR="The statement could not be verified with the organisation."
admin alice do=reason_remove "reason=$NEWR"
eq "remove reason: 303" "$CODE" 303
eq "remove reason: back to the list" "$(header Location)" "/statements/admin#reasons"
admin alice do=reason_remove "reason=$OLDR"
eq "remove a seeded reason: 303" "$CODE" 303
submit "Reason test two"
as bob "$BASE/moderate/$PUB"
hasnt "removed reason: no longer offered" "$BODY" "$NEWR"
hasnt "removed seeded reason: no longer offered" "$BODY" "$OLDR"
has "other reasons: still offered" "$BODY" "The statement was already submitted."
eq "past decision: audit keeps the reason" "$(q "SELECT reason FROM audit WHERE action = 'reject' AND statement_id = (SELECT id FROM statement WHERE public_id = '$RR')")" "$NEWR"
eq "past decision: the submitter's message kept" "$(st moderator_note "$RR")" "$NEWR"
as alice "$BASE/moderate/$RR"
has "past decision: shown with its reason" "$BODY" "“<bdi>$NEWR</bdi>”"
admin alice do=reason_add "reason=The statement was already submitted."
eq "duplicate reason: 422" "$CODE" 422
has "duplicate reason: message" "$BODY" "That reason is already in the list"
has "duplicate reason: typed text kept" "$BODY" 'id="r-reason" name="reason" type="text" maxlength="500" value="The statement was already submitted."'
admin alice do=reason_add "reason=   "
eq "blank reason: 422" "$CODE" 422
admin alice do=reason_remove "reason=No such reason."
eq "remove an unknown reason: 422" "$CODE" 422
eq "reasons: the list" "$(q "SELECT group_concat(text, '|') FROM (SELECT text FROM reason ORDER BY id)")" \
    "The text is not a statement delivered at this event.|The statement was already submitted.|The text is incomplete; please send the full statement."

# Every admin change, and only those that were made, is in the audit log.
eq "admin changes: audited in order" "$(q "SELECT group_concat(actor || ' ' || action || ' ' || detail, '|') FROM (SELECT * FROM audit WHERE id > $AUDIT0 AND action LIKE 'admin %' ORDER BY id)")" \
    "alice admin moderator_add erin|alice admin disable erin|alice admin enable erin|alice admin make_admin erin|alice admin make_moderator erin|alice admin event_add forum26|alice admin event_close forum26|alice admin event_open forum26|alice admin session_add forum26/plenary|alice admin org_add newngo|alice admin setting site_name = Dais Test Desk|alice admin setting site_name = Statements|alice admin reason_add $NEWR|alice admin reason_remove $NEWR|alice admin reason_remove $OLDR"
as alice "$BASE/moderate/log"
has "log page: admin changes listed" "$BODY" "<td data-label=\"Who\"><bdi>alice</bdi></td><td data-label=\"What\">Added a moderator</td>"
has "log page: with what they changed" "$BODY" "site_name = Dais Test Desk"
has "log page: reasons removed" "$BODY" "<td data-label=\"What\">Removed a reusable reason</td>"

# ---- notifications ------------------------------------------------------------------
cat > "$T_DIR/fakesendmail" <<EOF
#!/bin/sh
cat >> "$T_DIR/mail.log"
echo "----- end of message -----" >> "$T_DIR/mail.log"
EOF
chmod +x "$T_DIR/fakesendmail"
"$DAIS" config set mail_command "$T_DIR/fakesendmail -t" >/dev/null
: > "$T_DIR/mail.log"
mails() { mail_settle; cat "$T_DIR/mail.log"; }
nmails() { mail_settle; grep -c -- '^----- end of message -----$' "$T_DIR/mail.log"; }
# The message to an address (the first one there is).
mail_to() { mail_settle; awk -v to="To: $1" '$0 == to { on = 1 } on { print } on && /^----- end of message -----$/ { exit }' "$T_DIR/mail.log"; }
# send_host HOST ORIGIN: F sent with a forged Host header (an attacker's
# own client sends any Host and the Origin that goes with it).
send_host() {
	local a=() k tok
	req "$BASE/submit"; tok=$(first_token)
	for k in "${!F[@]}"; do a+=(--form-string "$k=${F[$k]}"); done
	req "$BASE/submit" -H "Host: $1" -H "Origin: $2" "${a[@]}" --form-string "csrf=$tok"
}

# No base_url: no mail at all, never a link made from the request's Host.
fields_reset; F[title]="Forged host, no base_url"; F[submitter_email]=nina@example.org
send_host "evil.test:$PORT" "http://evil.test:$PORT"
eq "forged Host, no base_url: stored (303)" "$CODE" 303
eq "forged Host, no base_url: no mail" "$(nmails)" 0
has "no base_url: the refusal to mail is logged" "$(cat "$T_DIR/dais.log")" "no e-mail sent: base_url is not set"
as alice "$BASE/admin"
has "admin page: warns that base_url is not set" "$BODY" "the base_url setting is not set. Until it is, dais sends no e-mail"
"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null
as alice "$BASE/admin"
hasnt "admin page: no warning once base_url is set" "$BODY" "the base_url setting is not set"
# base_url set: every link in every mail from it, whatever Host says.
mail_reset "$T_DIR/mail.log"
fields_reset; F[title]="Forged host"; F[submitter_email]=nina@example.org
send_host evil.test "$ORIGIN"
eq "forged Host: stored (303)" "$CODE" 303
hasnt "forged Host: evil.test in no mail" "$(mails)" evil.test
has "forged Host: the moderators' link from base_url" "$(mails)" "Review it: $ORIGIN/statements/moderate/$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")"
has "forged Host: the receipt's link from base_url" "$(mail_to nina@example.org)" "  $ORIGIN/statements/status/"
mail_reset "$T_DIR/mail.log"

submit "Notify me" submitter_email=nina@example.org submitter_name="Nina N"
N1=$PUB; NT1=$STOK
eq "new submission: the receipt and one mail per active moderator with an address (alice, bob, erin)" "$(nmails)" 4
has "receipt to the submitter" "$(mails)" "To: nina@example.org"
# The receipt goes to an address nobody confirmed: fixed text, the
# reference and the private link, nothing typed.
receipt=$(mail_to nina@example.org)
has "receipt subject: the reference" "$receipt" "Subject: Statement received: reference $N1"
# Its private link is made when it goes out (no token is ever stored in
# clear): not the receipt page's, but one that opens the same statement.
rlink=$(grep -oE "^  $ORIGIN/statements/status/[0-9a-f]{40}\$" <<<"$receipt" | sed 's/^  //')
check "receipt carries a private link" [ -n "$rlink" ]
hasnt "  a link of its own" "$rlink" "$NT1"
req "$rlink"
has "  which opens the statement" "$BODY" "Notify me"
check "  and is not stored in clear" bash -c '! grep -qa "$1" "$2"*' _ "${rlink##*/}" "$DAIS_DB"
hasnt "receipt: not the typed title" "$receipt" "Notify me"
hasnt "receipt: not the typed name" "$receipt" "Nina N"
has "new submission: to alice" "$(mails)" "To: alice@example.org"
has "new submission: to bob" "$(mails)" "To: bob@example.org"
hasnt "new submission: not to a disabled moderator" "$(mails)" "dave@example.org"
has "new submission: subject" "$(mails)" "Subject: New statement to review: Notify me"
has "new submission: link" "$(mails)" "$ORIGIN/statements/moderate/$N1"
has "new submission: headers" "$(mails)" "Content-Type: text/plain; charset=utf-8"
# At most rate_receipt_per_hour receipts to one address an hour (5 by
# default; one address, any case).
"$DAIS" config set rate_receipt_per_hour 3 >/dev/null
mail_reset "$T_DIR/mail.log"
for i in 1 2 3; do submit "Receipt flood $i" submitter_email=Flood@example.org; done
mail_settle
eq "receipts: 3 within the limit" "$(grep -c '^To: Flood@example.org' "$T_DIR/mail.log")" 3
submit "Receipt flood 4" submitter_email=flood@EXAMPLE.org
eq "receipts: the 4th stored" "$CODE" 303
mail_settle
eq "receipts: the 4th not mailed (any case of the address)" "$(grep -ci '^To: flood@example.org' "$T_DIR/mail.log")" 3
has "receipts: the 4th logged" "$(cat "$T_DIR/dais.log")" "receipts went to its address this hour"
has "receipts: the moderators still told" "$(mails)" "New statement to review: Receipt flood 4"
"$DAIS" config set rate_receipt_per_hour 5 >/dev/null

mail_reset "$T_DIR/mail.log"
review alice "$N1" approve 1
eq "approve with mail: 303" "$CODE" 303
eq "approve: one mail" "$(nmails)" 1
has "approve: to the submitter" "$(mails)" "To: nina@example.org"
has "approve: subject" "$(mails)" "Subject: Published: Notify me"
has "approve: public link" "$(mails)" "$ORIGIN/statements/s/$N1"
has "approve: greeting" "$(mails)" "Hello,"
hasnt "approve: not the typed name" "$(mails)" "Nina N"

submit "Reject me" submitter_email=nina@example.org
N2=$PUB
mail_reset "$T_DIR/mail.log"
review alice "$N2" reject 1 "reason=Out of scope for this forum."
eq "reject with mail: 303" "$CODE" 303
has "reject: subject, by reference" "$(mails)" "Subject: Not published: reference $N2"
hasnt "reject: not the typed title (mailed to an unconfirmed address)" "$(mails)" "Reject me"
has "reject: the reason" "$(mails)" "Out of scope for this forum."

submit "Change me" submitter_email=nina@example.org
N3=$PUB
mail_reset "$T_DIR/mail.log"
review alice "$N3" request_changes 1 "reason=Add the speaker's role."
eq "request changes with mail: 303" "$CODE" 303
has "request changes: subject, by reference" "$(mails)" "Subject: Changes requested: reference $N3"
hasnt "request changes: not the typed title" "$(mails)" "Change me"
has "request changes: the text" "$(mails)" "Add the speaker's role."
mail_settle
link=$(grep -oE "$ORIGIN/statements/status/[0-9a-f]{40}" "$T_DIR/mail.log" | head -1)
check "request changes: a private link" [ -n "$link" ]
req "$link"
eq "the mailed link works" "$CODE" 200
has "the mailed link shows the statement" "$BODY" "Change me"
has "the mailed link shows the message" "$BODY" "Add the speaker&#39;s role."
check "the mailed token is not stored in clear" bash -c '! grep -qa "$1" "$2"*' _ "${link##*/}" "$DAIS_DB"

mail_reset "$T_DIR/mail.log"
submit "Título de la declaración — ünïcødé" submitter_email=nina@example.org
mail_settle
subj=$(grep '^Subject:' "$T_DIR/mail.log" | sed -n 2p)
has "non-ASCII subject: RFC 2047" "$subj" "Subject: =?UTF-8?B?"
dec=$(awk '/^Subject:/ { n++ } n == 2 && /^Subject:/ { s = 1 } s && /^[^ S]/ { exit } s { print }' "$T_DIR/mail.log" |
    sed 's/^Subject: //' | grep -o '=?UTF-8?B?[^?]*?=' | sed 's/=?UTF-8?B?//; s/?=$//' |
    while read -r w; do printf '%s' "$w" | base64 -d; done)
eq "non-ASCII subject decodes" "$dec" "New statement to review: Título de la declaración — ünïcødé"
check "no raw 8-bit in headers" bash -c '! sed "/^$/q" "$1" | grep -qP "[^\x00-\x7f]"' _ "$T_DIR/mail.log"
# A title with CR LF never reaches a header: it is refused.
n0=$(q "SELECT count(*) FROM statement"); mail_reset "$T_DIR/mail.log"
fields_reset; F[title]=$'Line\r\nBcc: victim@example.org'; send
eq "title with CR LF: refused, the form again (400)" "$CODE" 400
has "title with CR LF: says why" "$BODY" "must be on one line"
eq "title with CR LF: nothing stored" "$(q "SELECT count(*) FROM statement")" "$n0"
eq "title with CR LF: no mail" "$(nmails)" 0

# ---- trusted submitters -------------------------------------------------------------
submit "From a trusted person" submitter_email=trusted@example.org
T1=$PUB
as alice "$BASE/moderate/$T1"; tok=$(last_token)
as alice "$BASE/moderate/$T1" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode action=trust_email --data-urlencode rev=1
eq "trust_email: 303" "$CODE" 303
eq "trust_email: rule stored" "$(q "SELECT kind || ' ' || value || ' ' || added_by FROM trusted")" "email trusted@example.org alice"
eq "trust_email: statement itself unchanged" "$(st "state || ' ' || rev" "$T1")" "pending 1"
eq "trust_email: audited" "$(q "SELECT actor || ' ' || detail FROM audit WHERE action = 'trust_email'")" "alice trusted@example.org"
mail_reset "$T_DIR/mail.log"
submit "Second from a trusted person" submitter_email=Trusted@Example.org
eq "trusted e-mail: approved at once" "$(st "state || ' ' || rev" "$PUB")" "approved 2"
eq "trusted e-mail: audit actor" "$(q "SELECT actor FROM audit WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$PUB')")" "trust rule (email trusted@example.org)"
has "trusted e-mail: published mail" "$(mails)" "Subject: Published: Second from a trusted person"
hasnt "trusted e-mail: no review mail" "$(mails)" "New statement to review"
"$DAIS" config set hold_words "casino" >/dev/null
submit "Trusted but about a casino" submitter_email=trusted@example.org
eq "trusted but held: pending" "$(st state "$PUB")" pending
"$DAIS" config set hold_words "" >/dev/null
submit "Trusted but a bot" submitter_email=trusted@example.org website=http://spam.example
eq "trusted but honeypot: spam" "$(st state "$PUB")" spam
# Published at once, but cleaned like every other submission.
submit "Trusted HTML" submitter_email=trusted@example.org format=html \
    body='<p onclick="steal()">Kept <b>text</b><script>alert(1)</script><img src=x onerror="alert(2)"> <a href="javascript:alert(3)">link</a></p><iframe src="http://evil.example/"></iframe>'
TH=$PUB
eq "trusted HTML: approved at once" "$(st state "$TH")" approved
html=$(st html "$TH")
has "trusted HTML: the text kept" "$html" "Kept <strong>text</strong>"
for bad in "<script" "alert(1)" "onerror" "onclick" "javascript:" "<iframe" "<img"; do
	hasnt "trusted HTML: no [$bad] stored" "$html" "$bad"
done
req "$BASE/fragment/statement/$TH"
has "trusted HTML: fragment published" "$BODY" "Kept <strong>text</strong>"
hasnt "trusted HTML: fragment without the script" "$BODY" "alert(1)"
req "$BASE/s/$TH"
hasnt "trusted HTML: public page without the script" "$BODY" "alert(1)"
hasnt "trusted HTML: public page without the handler" "$BODY" "onerror"
as alice "$BASE/admin"
has "admin page: trusting warns of self-publishing" "$BODY" "Anyone who types a trusted one publishes without review."

submit "From an NGO" organisation=ngo submitter_email=someone@example.org
T2=$PUB
as bob "$BASE/moderate/$T2"; tok=$(last_token)
as bob "$BASE/moderate/$T2" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode action=trust_org --data-urlencode rev=1
eq "trust_org: 303" "$CODE" 303
eq "trust_org: rule stored" "$(q "SELECT value FROM trusted WHERE kind = 'org'")" "trusted ngo"
submit "Another from the NGO" organisation=ngo submitter_email=other@example.org
eq "trusted organisation: approved" "$(st state "$PUB")" approved
eq "trusted organisation: audit actor" "$(q "SELECT actor FROM audit WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$PUB')")" "trust rule (org trusted ngo)"
submit "Not trusted" organisation=acme submitter_email=other@example.org
eq "other organisation: pending" "$(st state "$PUB")" pending
# An organisation's name is typed by anyone: its trust needs an address at
# its own web domain (www.example.org here).
submit "From a subdomain" organisation=ngo submitter_email=desk@mail.example.org
eq "trusted organisation, address at a subdomain: approved" "$(st state "$PUB")" approved
for addr in someone@gmail.test spoof@notexample.org spoof@example.org.evil.test; do
	submit "Spoof from $addr" organisation=ngo submitter_email=$addr
	eq "trusted organisation, address $addr: pending" "$(st state "$PUB")" pending
done
submit "Typed name" "organisation=Trusted NGO" submitter_email=x@gmail.test
eq "trusted organisation typed by name, foreign address: pending" "$(st state "$PUB")" pending
# An organisation whose web address is a page on a shared domain names no
# domain of its own: trusting it trusts no address.
submit "From the unit" organisation=unit submitter_email=desk@agency.example
T3=$PUB
as bob "$BASE/moderate/$T3"; tok=$(last_token)
as bob "$BASE/moderate/$T3" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode action=trust_org --data-urlencode rev=1
eq "trust the unit: 303" "$CODE" 303
submit "Again from the unit" organisation=unit submitter_email=anyone@agency.example
eq "trusted organisation with a path in its web address: pending" "$(st state "$PUB")" pending
"$DAIS" config set mail_command "" >/dev/null

# ---- language versions: translations ------------------------------------------------
# The translate form's token on the last page (the hidden csrf after the
# form whose action ends with /translate).
tr_token() {
	awk '/action="[^"]*\/translate"/ { on = 1 } on && /name="csrf"/ {
	    sub(/.*name="csrf" value="/, ""); sub(/".*/, ""); print; exit }' "$T_DIR/body"
}
# translate STATUS_TOKEN LANGUAGE TITLE BODY [ACTION]: "Add a translation"
# from that status page.
translate() {
	req "$BASE/status/$1"; local tok; tok=$(tr_token)
	req "$BASE/status/$1/translate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
	    --data-urlencode "language=$2" --data-urlencode "title=$3" \
	    --data-urlencode format=text --data-urlencode "body=$4" \
	    --data-urlencode "action=${5:-translate}"
}
sid() { q "SELECT id FROM statement WHERE public_id = '$1'"; }
submit "Versioned statement" event=paging session= speaker="Ana Original" body="The original text."
V1=$PUB V1TOK=$STOK
req "$BASE/status/$V1TOK"
has "status: Add a translation offered" "$BODY" "Add a translation"
check "status: the translate form has its own token" [ -n "$(tr_token)" ]
translate "$V1TOK" fr "Déclaration versionnée" "Le texte <b>français</b>." preview
eq "translation preview: 200" "$CODE" 200
has "translation preview: shown, escaped" "$BODY" "Le texte &lt;b&gt;français&lt;/b&gt;."
eq "translation preview: nothing stored" "$(q "SELECT count(*) FROM statement WHERE original_id = $(sid "$V1")")" 0
translate "$V1TOK" fr "Déclaration versionnée" "Le texte français."
eq "translation: 303" "$CODE" 303
TTOK=$(header Location | sed -n 's|.*/status/\([0-9a-f]*\)?.*|\1|p')
check "translation: a private link of its own" [ -n "$TTOK" -a "$TTOK" != "$V1TOK" ]
T1=$(q "SELECT public_id FROM statement WHERE original_id = $(sid "$V1") AND language = 'fr'")
eq "translation: pending, shares the original's speaker and event" \
    "$(q "SELECT state, speaker, event_id = (SELECT event_id FROM statement WHERE public_id = '$V1') FROM statement WHERE public_id = '$T1'")" "pending|Ana Original|1"
eq "translation: the interface language stored" "$(st ui_lang "$T1")" en
req "$BASE/status/$TTOK"
eq "translation's status page: 200" "$CODE" 200
has "translation's status page: what it translates" "$BODY" "Translation of:"
hasnt "translation's status page: no Add a translation" "$BODY" "Add a translation"
req "$BASE/status/$V1TOK"
has "original's status page: its versions" "$BODY" "/status/$TTOK"
has "original's status page: the translation's state" "$BODY" "Waiting for review"
translate "$V1TOK" fr "Encore" "Un autre texte."
eq "same language twice: 422" "$CODE" 422
has "same language twice: the message" "$BODY" "already has a version in this language"
has "same language twice: the text kept" "$BODY" "Un autre texte."
translate "$V1TOK" en "Again" "Another text."
eq "the original's language: 422" "$CODE" 422
has "the original's language: the message" "$BODY" "The original is in this language"
req "$BASE/status/$V1TOK"; vtok=$(tr_token)
req "$BASE/status/$TTOK/translate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$vtok" \
    --data-urlencode language=es --data-urlencode "title=Traducción" \
    --data-urlencode format=text --data-urlencode "body=Texto." --data-urlencode action=translate
eq "a translation of a translation: 409" "$CODE" 409
has "a translation of a translation: the message" "$BODY" "This is a translation"
translate "$V1TOK" fr "x" "y" delete
eq "translate: an unknown button: 400" "$CODE" 400
eq "translate without a token: 403" "$(status "$BASE/status/$V1TOK/translate" -H "Origin: $ORIGIN" --data-urlencode language=de --data-urlencode title=t --data-urlencode body=b)" 403
eq "refusals stored nothing" "$(q "SELECT count(*) FROM statement WHERE original_id = $(sid "$V1")")" 1

# The queue: one entry per statement, whatever its versions.
as alice "$BASE/moderate?state=pending&event=paging&page=2"
eq "queue: the statement once" "$(grep -c '>Versioned statement<' "$T_DIR/body")" 1
has "queue: its pending translation named" "$BODY" '<strong class="tag">Translation</strong> <span lang="fr">Français</span>'
has "queue: a box for each pending version" "$BODY" "value=\"$T1:1\""
has "queue: and for the original" "$BODY" "value=\"$V1:1\""
eq "queue: counts statements, not versions" "$(tabcount pending)" 56
as alice "$BASE/moderate?state=pending&language=fr"
eq "language filter: one entry" "$(rows)" 1
eq "language filter: counted" "$(tabcount pending)" 1
has "language filter: the statement" "$BODY" "Versioned statement"
has "language filter: selected, kept in links" "$BODY" '<option value="fr" lang="fr" selected>'
has "language filter: in the tabs' links" "$BODY" "language=fr"
hasnt "language filter: only the French version's box" "$BODY" "value=\"$V1:1\""
as alice "$BASE/moderate?state=pending&language=de"
eq "language filter: none in German" "$(rows)" 0
as alice "$BASE/moderate?state=pending&language=%3Cx%3E"
eq "language filter: not a tag, ignored: 200" "$CODE" 200

# Review, approve, history and diff of the translation.
as alice "$BASE/moderate/$T1"
has "review a translation: what it translates" "$BODY" "Translation of: <a href=\"/statements/moderate/$V1\"><bdi>Versioned statement</bdi></a>"
has "review a translation: the versions" "$BODY" "<h2>Versions</h2>"
hasnt "review a translation: no Add a translation" "$BODY" "<summary>Add a translation</summary>"
review alice "$T1" approve 1
eq "approve the translation: 303" "$CODE" 303
eq "approve the translation: approved" "$(st state "$T1")" approved
eq "the original still waits" "$(st state "$V1")" pending
as alice "$BASE/moderate?state=approved&event=paging"
eq "approved tab: the statement with an approved translation" "$(rows)" 1
eq "approved tab: counted" "$(tabcount approved)" 1
review alice "$T1" edit 2 session= "title=Déclaration corrigée" "speaker=Someone Else" organisation=acme kind=panel language=fr format=text "body=Le texte français corrigé."
eq "edit the translation: 303" "$CODE" 303
eq "edit the translation: its speaker stays the original's" "$(st speaker "$T1")" "Ana Original"
as alice "$BASE/moderate/$T1"
has "translation history: the title's diff" "$BODY" "<del>Déclaration versionnée</del> <span class=\"flip-rtl\">→</span> <ins>Déclaration corrigée</ins>"
has "translation history: the body's diff" "$BODY" '<div class="diff" lang="fr" dir="auto"><p class="diff-change">Le texte français<ins><span class="visually-hidden" lang="en">[added: </span> corrigé<span class="visually-hidden">]</span></ins>.</p>'
has "translation history: approved by alice" "$BODY" "alice</bdi></strong> · approve"
review alice "$T1" edit 3 session= "title=t" "speaker=Ana Original" organisation=acme kind=panel language=en format=text "body=b"
eq "edit a translation into the original's language: 422" "$CODE" 422
has "edit a translation into the original's language: the message" "$BODY" "Another version of this statement is in this language"

# A moderator adds a translation on the review page: it waits, by them.
as alice "$BASE/moderate/$V1"
has "review: Add a translation" "$BODY" "<summary>Add a translation</summary>"
tok=$(tr_token)
as alice "$BASE/moderate/$V1/translate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode language=es --data-urlencode "title=Declaración" \
    --data-urlencode format=markdown --data-urlencode "body=El *texto*." --data-urlencode action=translate
eq "moderator's translation: 303" "$CODE" 303
T2=$(q "SELECT public_id FROM statement WHERE original_id = $(sid "$V1") AND language = 'es'")
eq "moderator's translation: to its review page" "$(header Location)" "/statements/moderate/$T2"
eq "moderator's translation: pending, sanitized" "$(st "state || ' ' || html" "$T2")" "pending <p>El <em>texto</em>.</p>"
eq "moderator's translation: alice in the audit log" "$(q "SELECT actor, action FROM audit WHERE statement_id = $(sid "$T2")")" "alice|add_translation"
eq "moderator's translation: alice in its history" "$(q "SELECT author FROM revision WHERE statement_id = $(sid "$T2")")" alice
as alice "$BASE/moderate/$V1/translate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode language=es --data-urlencode "title=Otra" \
    --data-urlencode format=text --data-urlencode "body=Otra." --data-urlencode action=translate
eq "moderator: same language again: 422" "$CODE" 422
has "moderator: same language again: the message" "$BODY" "already has a version in this language"
has "moderator: same language again: the form open, the text kept" "$BODY" "<details class=\"translate\" open>"
as alice "$BASE/moderate/$T2/translate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode language=de --data-urlencode "title=Erklärung" \
    --data-urlencode format=text --data-urlencode "body=Text." --data-urlencode action=translate
eq "moderator: a translation of a translation: 409" "$CODE" 409
as alice "$BASE/moderate?state=pending&event=paging&page=2"
eq "queue: still once, with both pending versions" "$(grep -c '>Versioned statement<' "$T_DIR/body")" 1
has "queue: the Spanish version" "$BODY" '<span lang="es">Español</span>'

# Editing the original's speaker reaches its translations.
review alice "$V1" edit 1 session= "title=Versioned statement" "speaker=Ana Renamed" organisation=acme kind=panel language=en format=text "body=The original text."
eq "edit the original: 303" "$CODE" 303
eq "the translations' speaker follows" "$(q "SELECT group_concat(speaker, '|') FROM statement WHERE original_id = $(sid "$V1")")" "Ana Renamed|Ana Renamed"
review alice "$V1" edit 2 session= "title=Versioned statement" "speaker=Ana Renamed" organisation=acme kind=panel language=es format=text "body=The original text."
eq "edit the original into a translation's language: 422" "$CODE" 422

# Withdrawing the original withdraws its translations.
req "$BASE/status/$V1TOK"; tok=$(first_token)
req "$BASE/status/$V1TOK" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode action=withdraw --data-urlencode "rev=$(st rev "$V1")" \
    --data-urlencode confirm=1
eq "withdraw the original: 303" "$CODE" 303
eq "its translations withdrawn with it" "$(q "SELECT group_concat(state, '|') FROM statement WHERE original_id = $(sid "$V1")")" "withdrawn|withdrawn"
eq "their history says why" "$(q "SELECT count(*) FROM audit WHERE action = 'withdrawn' AND detail = 'with its original' AND statement_id IN (SELECT id FROM statement WHERE original_id = $(sid "$V1"))")" 2
req "$BASE/status/$V1TOK"
hasnt "withdrawn: no Add a translation" "$BODY" "Add a translation"

# ---- REMOTE_USER ------------------------------------------------------------------------
printf 'rita:%s\n' "$(openssl passwd -apr1 secret)" > "$T_DIR/htpasswd"
printf 'ghost:%s\n' "$(openssl passwd -apr1 secret)" >> "$T_DIR/htpasswd"
kill "$NGINX_PID"; wait_for sh -c "! kill -0 $NGINX_PID"; NGINX_PID=
# The configuration the README shows: REMOTE_USER only where auth_basic
# checked it.
t_start_nginx "location ~ ^/statements/(moderate|admin|login|logout)(/|\$) {
        auth_basic \"moderation\";
        auth_basic_user_file $T_DIR/htpasswd;
        fastcgi_split_path_info ^(/statements)(/[\s\S]*)\$;
        include $top_srcdir/contrib/nginx/dais-fastcgi.conf;
        fastcgi_param REMOTE_USER \$remote_user;
        fastcgi_pass unix:$T_DIR/dais.sock;
    }" || { t_finish; exit 1; }
wait_for curl -fsS -o /dev/null "$BASE/healthz"
eq "basic auth: no credentials 401" "$(status "$BASE/moderate")" 401
eq "basic auth: wrong password 401" "$(status "$BASE/moderate" -u rita:nope)" 401
req "$BASE/moderate" -u rita:secret
eq "trust_remote_user off: basic auth is not enough" "$CODE" 303
has "trust_remote_user off: to sign in" "$(header Location)" "/statements/login"
"$DAIS" config set trust_remote_user on >/dev/null
req "$BASE/moderate" -u rita:secret
eq "trust_remote_user on: queue 200" "$CODE" 200
has "trust_remote_user on: signed in as rita" "$BODY" "Sign out (rita)"
submit "Approved through basic auth"
RU=$PUB
req "$BASE/moderate/$RU" -u rita:secret; tok=$(last_token)
req "$BASE/moderate/$RU" -u rita:secret -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode action=approve --data-urlencode rev=1
eq "REMOTE_USER decides: 303" "$CODE" 303
eq "REMOTE_USER decides: audit actor" "$(q "SELECT actor FROM audit WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$RU')")" rita
req "$BASE/moderate" -u ghost:secret
eq "REMOTE_USER without a moderator account: to sign in" "$CODE" 303
# $remote_user is whatever the Authorization header says, checked or not:
# outside the auth_basic location it must not sign anyone in.
eq "unchecked Basic credentials on the sign-in page: refused by nginx" "$(status "$BASE/login" -u alice:not-her-password)" 401
eq "unchecked Basic credentials on an admin page: refused by nginx" "$(status "$BASE/admin" -u alice:not-her-password)" 401
req "$BASE/submit" -u rita:wrong
hasnt "public pages never sign in from Basic credentials" "$BODY" "Sign out"
"$DAIS" moderator disable rita
req "$BASE/moderate" -u rita:secret
eq "REMOTE_USER of a disabled moderator: not signed in" "$CODE" 303
"$DAIS" config set trust_remote_user off >/dev/null

# The queue's counts are kept by triggers: after everything above they
# must still be the statements' own, per event, session and state; a
# translation counts for nothing.
eq "kept counts equal the statements' counts" \
    "$(q "SELECT event_id, session_id, state, n FROM statement_count WHERE n != 0 ORDER BY 1, 2, 3")" \
    "$(q "SELECT event_id, coalesce(session_id, 0), state, count(*) FROM statement WHERE original_id IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")"
check "translations exist, uncounted" [ "$(q "SELECT count(*) FROM statement WHERE original_id IS NOT NULL")" -gt 0 ]
eq "still healthy" "$(status "$BASE/healthz")" 200
check "nginx logged no errors" bash -c '! grep -E "\[(error|crit|alert|emerg)\]" "$1" | grep -v -e "password mismatch" -e "was not found in"' _ "$T_DIR/nginx-error.log"
t_finish
