#!/bin/bash
# security.sh — the request checks as a matrix through a real nginx. Every
# POST route of cgi/route.c (read from the table, so that a new route
# without a case here fails) is sent with one thing wrong at a time: no
# session, the wrong role, no form token, a wrong or forged token, a
# foreign Origin, no Origin and no Sec-Fetch-Site, Sec-Fetch-Site
# cross-site or same-site. Each must be refused with a 403 and leave the
# database as it was; the same request with nothing wrong must succeed. Every
# GET route that needs a role sends anonymous visitors to the sign-in page
# and moderators away from admin pages. Settings that run commands, write
# files or decide who is signed in are refused on the web even to admins.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin &&
echo 'bob-password-22' | "$DAIS" moderator add bob &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
t_start_nginx && t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT
ROUTE_C=$top_srcdir/cgi/route.c

q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
tokens() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | sed 's/.*value="//; s/"$//'; }
# The database without the tables that count refused attempts.
dbsum() {
	q .dump | grep -Ev '^INSERT INTO "?(login_throttle|rate)"? ' | sha256sum | cut -c1-64
}

# ---- form tokens ------------------------------------------------------------------
# Form tokens are minted here (mint, in lib.sh) so that each case has
# exactly one thing wrong.
SECRET=$(q "SELECT value FROM setting WHERE key = 'secret_key'")
session_of() { [ -z "$1" ] || printf '%s' "$1" | b2sum -l 256 | cut -d' ' -f1; }

declare -A CK
signin() { # NAME USER PASSWORD: CK[NAME] is the new session
	req "$BASE/login"
	req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode "user=$2" \
	    --data-urlencode "password=$3" --data-urlencode "csrf=$(tokens | head -1)"
	CK[$1]=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" |
	    sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
	[ -n "${CK[$1]}" ] || fail "sign in as $2"
}
signin alice alice alice-password-1
signin bob bob bob-password-22
signin bob2 bob bob-password-22

# The tokens made here are the ones dais makes.
req -H "Cookie: dais_session=${CK[alice]}" "$BASE/moderate"
t=$(tokens | tail -1)
eq "mint: the queue's token" "$(mint moderate "$(session_of "${CK[alice]}")" "${t%%.*}" "$(nonce_of "$t")")" "$t"
t=$(tokens | head -1)
eq "mint: the header's logout token" "$(mint logout "$(session_of "${CK[alice]}")" "${t%%.*}" "$(nonce_of "$t")")" "$t"
req "$BASE/submit"; t=$(tokens | head -1)
eq "mint: the anonymous submit token" "$(mint submit "" "${t%%.*}" "$(nonce_of "$t")")" "$t"
t2=$(curl -s "$BASE/submit" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
check "two forms served in one second: two tokens" [ "$t" != "$t2" ]

# ---- what the cases act on --------------------------------------------------------
SUBMIT_FIELDS=(event=conf24 session=opening "speaker=Ana"
    organisation=acme kind=panel language=en format=text "body=Text of it."
    "submitter_name=Ana" submitter_email=ana@example.org consent=yes action=send)
submit_one() { # TITLE: stores a statement; STOK its status token, PUB its id
	local a=() kv
	for kv in "${SUBMIT_FIELDS[@]}"; do a+=(--form-string "$kv"); done
	req "$BASE/submit" -H "Origin: $ORIGIN" "${a[@]}" --form-string "title=$1" \
	    --form-string "csrf=$(mint submit "")"
	[ "$CODE" = 303 ] || fail "submit $1: $CODE"
	STOK=$(header Location | sed -n 's|.*/status/\([0-9a-f]*\)?.*|\1|p')
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
}
submit_one "For the status page"; ST_TOK=$STOK; ST_PUB=$PUB
submit_one "For the review page"; RV_PUB=$PUB
submit_one "For the bulk form"; BK_PUB=$PUB
submit_one "For a translation"; TR_TOK=$STOK
submit_one "For a moderator's translation"; MT_PUB=$PUB
submit_one "For a move"; MV_PUB=$PUB; MV_PLACE=conf24
submit_one "For My statements"; MY_PUB=$PUB
submit_one "For a translation from My statements"; MYTR_PUB=$PUB; MYTR_LANG=fr
rev_of() { q "SELECT rev FROM statement WHERE public_id = '$1'"; }
# "My statements": a sign-in link and sessions for ana@example.org, made
# as dais makes them (only the token's hash stored).
new_my_link() {
	MY_LINK=$(openssl rand -hex 32)
	q "INSERT INTO my_link(hash, email, expires) VALUES ('$(session_of "$MY_LINK")', 'ana@example.org', strftime('%s', 'now') + 3600)"
}
new_my_session() { # NAME: CK[NAME] is a new submitter's session
	CK[$1]=$(openssl rand -hex 32)
	q "INSERT INTO my_session(token_hash, email, expires) VALUES ('$(session_of "${CK[$1]}")', 'ana@example.org', strftime('%s', 'now') + 3600)"
}
new_my_link; new_my_session ana_my; new_my_session ana_my2
# The session a token is bound to: a moderator's is the cookie's hash, a
# submitter's (SESS_PREFIX my:) is marked as such.
sess_for() { local h; h=$(session_of "$1"); [ -z "$h" ] || printf '%s%s' "$SESS_PREFIX" "$h"; }

# ---- the cases: one per POST route ---------------------------------------------------
# case_NAME sets: URL; FIELDS (name=value, without csrf); MULTIPART (1 or
# empty); PURPOSE (the form's token purpose); USER (whose session the
# request needs, empty for anonymous routes); OTHER_PURPOSE (a purpose of
# another form the same visitor gets); for a submitter's session,
# COOKIE_NAME=dais_my and SESS_PREFIX=my: (else a moderator's).
case_submit() {
	URL=$BASE/submit; MULTIPART=1; PURPOSE=submit; USER=; OTHER_PURPOSE=status
	FIELDS=("${SUBMIT_FIELDS[@]}" "title=Matrix submission")
}
case_status() {
	URL=$BASE/status/$ST_TOK; MULTIPART=; PURPOSE=status; USER=
	OTHER_PURPOSE=submit
	FIELDS=(session=opening "title=Corrected by the matrix" "speaker=Ana"
	    organisation=acme kind=panel language=en format=text
	    "body=Corrected text." action=save "rev=$(rev_of "$ST_PUB")")
}
case_translate() {
	URL=$BASE/status/$TR_TOK/translate; MULTIPART=; PURPOSE=translate; USER=
	OTHER_PURPOSE=status
	FIELDS=(language=fr "title=Traduction" format=text "body=Texte." action=translate)
}
case_mod_translate() {
	URL=$BASE/moderate/$MT_PUB/translate; MULTIPART=; PURPOSE=mod-translate
	USER=bob; OTHER_PURPOSE=moderate
	FIELDS=(language=fr "title=Traduction" format=text "body=Texte." action=translate)
}
case_login() {
	URL=$BASE/login; MULTIPART=; PURPOSE=login; USER=; OTHER_PURPOSE=submit
	FIELDS=(user=bob password=bob-password-22 next=)
}
case_logout() {
	URL=$BASE/logout; MULTIPART=; PURPOSE=logout; USER=bob2
	OTHER_PURPOSE=moderate; FIELDS=()
}
case_queue() {
	URL=$BASE/moderate; MULTIPART=; PURPOSE=moderate; USER=bob
	OTHER_PURPOSE=logout
	FIELDS=(state=pending action=approve "decision=$BK_PUB:$(rev_of "$BK_PUB")" reason=)
}
case_review() {
	URL=$BASE/moderate/$RV_PUB; MULTIPART=; PURPOSE=moderate; USER=bob
	OTHER_PURPOSE=logout
	FIELDS=(action=approve "rev=$(rev_of "$RV_PUB")")
}
case_admin() {
	URL=$BASE/admin; MULTIPART=; PURPOSE=admin; USER=alice
	OTHER_PURPOSE=moderate
	FIELDS=(do=org_add "slug=matrix$ADMIN_N" "name=Matrix Org" url=)
}
# A group of settings (page_admin.c): hold_links set to a new number.
case_settings() {
	URL=$BASE/admin/settings; MULTIPART=; PURPOSE=admin; USER=alice
	OTHER_PURPOSE=moderate
	FIELDS=(group=spam "hold_links=$((SETTINGS_N + 20))")
}
# Erasure on request (page_privacy.c): each one writes its audit entry.
case_erase() {
	URL=$BASE/admin/erase; MULTIPART=; PURPOSE=erase; USER=alice
	OTHER_PURPOSE=admin
	FIELDS=(email=nobody.matrix@example.org confirm=yes)
}
# The structure pages (page_structure.c): an organisation of their own,
# renamed; a statement moved between its event and the event's session.
case_structure() {
	"$DAIS" org add structm --name "Structure matrix" >/dev/null 2>&1
	URL=$BASE/admin/structure; MULTIPART=; PURPOSE=structure; USER=alice
	OTHER_PURPOSE=admin
	FIELDS=(do=org_edit slug=structm new_slug=structm
	    "name=Structure matrix $STRUCT_N" url=)
}
case_move() {
	URL=$BASE/moderate/$MV_PUB/move; MULTIPART=; PURPOSE=move; USER=bob
	OTHER_PURPOSE=moderate; FIELDS=("place=$MV_PLACE")
}
# NAME_again: makes the case's request acceptable once more (after an
# accepted one used it up).
STRUCT_N=1
case_structure_again() { STRUCT_N=$((STRUCT_N + 1)); }
case_move_again() { MV_PLACE=conf24/opening; }
ADMIN_N=1
case_admin_again() { ADMIN_N=$((ADMIN_N + 1)); }
SETTINGS_N=1
case_settings_again() { SETTINGS_N=$((SETTINGS_N + 1)); }
case_logout_again() { signin bob2 bob bob-password-22; }
case_queue_again() { submit_one "For the bulk form, again"; BK_PUB=$PUB; }
case_translate_again() { submit_one "For a translation, again"; TR_TOK=$STOK; }
case_mod_translate_again() { submit_one "For a moderator's translation, again"; MT_PUB=$PUB; }
case_review_again() { submit_one "For the review page, again"; RV_PUB=$PUB; }
# "My statements" (mail on, for /my to send a link; each case waits for
# the mail the one before queued, so that nothing changes the database
# while it looks).
case_my() {
	"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null
	# A mailer that reads the whole message (/bin/true may exit before it
	# is written: a failed attempt, retried a minute later).
	"$DAIS" config set mail_command /bin/cat >/dev/null
	URL=$BASE/my; MULTIPART=; PURPOSE=my; USER=; OTHER_PURPOSE=submit
	FIELDS=(email=ana@example.org)
}
case_my_again() { mail_settle; }
case_my_link() {
	mail_settle
	URL=$BASE/my/link/$MY_LINK; MULTIPART=; PURPOSE=my-link; USER=
	OTHER_PURPOSE=my; FIELDS=()
}
case_my_link_again() { new_my_link; }
case_my_logout() {
	URL=$BASE/my/logout; MULTIPART=; PURPOSE=my-logout; USER=ana_my2
	OTHER_PURPOSE=status; FIELDS=(); COOKIE_NAME=dais_my; SESS_PREFIX=my:
}
case_my_logout_again() { new_my_session ana_my2; }
case_my_status() {
	URL=$BASE/my/$MY_PUB; MULTIPART=1; PURPOSE=status; USER=ana_my
	OTHER_PURPOSE=translate; COOKIE_NAME=dais_my; SESS_PREFIX=my:
	FIELDS=(session=opening "title=Corrected from My statements" "speaker=Ana"
	    organisation=acme kind=panel language=en format=text
	    "body=Corrected text." action=save "rev=$(rev_of "$MY_PUB")")
}
case_my_translate() {
	URL=$BASE/my/$MYTR_PUB/translate; MULTIPART=; PURPOSE=translate
	USER=ana_my; OTHER_PURPOSE=status; COOKIE_NAME=dais_my; SESS_PREFIX=my:
	FIELDS=("language=$MYTR_LANG" "title=Traduction" format=text "body=Texte." action=translate)
}
case_my_translate_again() { mail_settle; MYTR_LANG=es; }
# A moderator's own account (page_account.c): bob's choice of e-mails,
# a different one each time; a reset asked for a moderator of its own
# (its mail queued, the request in the audit log); a reset link for that
# moderator, made as dais makes it (only its hash stored).
ACCOUNT_N=0
case_account() {
	URL=$BASE/account; MULTIPART=; PURPOSE=account; USER=bob
	OTHER_PURPOSE=logout
	if [ $((ACCOUNT_N % 2)) = 0 ]; then
		FIELDS=(do=notify notify_held=yes)
	else
		FIELDS=(do=notify notify_new=yes notify_corrected=yes)
	fi
}
case_account_again() { ACCOUNT_N=$((ACCOUNT_N + 1)); }
case_forgot() {
	"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null
	"$DAIS" config set mail_command /bin/cat >/dev/null
	URL=$BASE/forgot; MULTIPART=; PURPOSE=forgot; USER=; OTHER_PURPOSE=login
	[ -n "$(q "SELECT 1 FROM moderator WHERE username = 'resetme'")" ] ||
	    echo 'resetme-password-1' | "$DAIS" moderator add resetme --email resetme@example.org
	FIELDS=(user=resetme)
}
case_forgot_again() { mail_settle; }
new_reset_link() {
	RESET_LINK=$(openssl rand -hex 32)
	q "INSERT INTO reset_link(hash, moderator_id, expires) VALUES ('$(session_of "$RESET_LINK")', (SELECT id FROM moderator WHERE username = 'resetme'), strftime('%s', 'now') + 3600)"
}
case_reset() {
	mail_settle
	[ -n "${RESET_LINK:-}" ] || new_reset_link
	URL=$BASE/reset/$RESET_LINK; MULTIPART=; PURPOSE=reset; USER=
	OTHER_PURPOSE=forgot
	FIELDS=(password=resetme-password-2 password2=resetme-password-2)
}
case_reset_again() { new_reset_link; }
declare -A CASE=(
	[/account]=case_account [/forgot]=case_forgot [/reset/*]=case_reset
	[/submit]=case_submit [/status/*]=case_status [/login]=case_login
	[/logout]=case_logout [/moderate]=case_queue [/moderate/*]=case_review
	[/admin]=case_admin [/status/*/translate]=case_translate
	[/admin/erase]=case_erase [/admin/settings]=case_settings
	[/moderate/*/translate]=case_mod_translate
	[/my]=case_my [/my/link/*]=case_my_link [/my/logout]=case_my_logout
	[/my/*]=case_my_status [/my/*/translate]=case_my_translate
	[/admin/structure]=case_structure [/moderate/*/move]=case_move
)

# send COOKIE TOKEN ORIGIN_ARGS...: the case's request; TOKEN "-" sends no
# csrf field at all.
send() {
	local cookie=$1 tok=$2 a=() kv; shift 2
	[ -z "$cookie" ] || a+=(-H "Cookie: ${COOKIE_NAME:-dais_session}=$cookie")
	for kv in "${FIELDS[@]}"; do
		[ -n "$kv" ] || continue
		if [ -n "$MULTIPART" ]; then a+=(--form-string "$kv"); else a+=(--data-urlencode "$kv"); fi
	done
	if [ "$tok" != - ]; then
		if [ -n "$MULTIPART" ]; then a+=(--form-string "csrf=$tok"); else a+=(--data-urlencode "csrf=$tok"); fi
	elif [ ${#FIELDS[@]} -eq 0 ]; then
		a+=(--data-raw "")
	fi
	req "$URL" "${a[@]}" "$@"
}
# refused LABEL COOKIE TOKEN ORIGIN_ARGS...: 403 and nothing changed.
refused() {
	local label=$1 before after; shift
	before=$(dbsum)
	send "$@"
	after=$(dbsum)
	eq "$label: 403" "$CODE" 403
	eq "$label: database unchanged" "$after" "$before"
}

# accepted LABEL ORIGIN_ARGS...: the case's request with a right token is
# a 303 that changed the database.
accepted() {
	local label=$1 before cookie; shift
	"$c"
	cookie=${USER:+${CK[$USER]}}
	before=$(dbsum)
	send "$cookie" "$(mint "$PURPOSE" "$(sess_for "$cookie")")" "$@"
	eq "$label: 303" "$CODE" 303
	check "$label: database changed" [ "$(dbsum)" != "$before" ]
}

# ---- the table ------------------------------------------------------------------------
ROUTES=$(sed -n 's/^[[:space:]]*{ "\([A-Z]*\)", "\([^"]*\)", \(ROLE_[A-Z]*\)[,}].*/\1 \2 \3/p' "$ROUTE_C")
eq "every route entry of route.c understood" "$(wc -l <<<"$ROUTES")" \
    "$(grep -cE '^[[:space:]]*\{ "[A-Z]+", "' "$ROUTE_C")"
check "route table found" [ "$(grep -c '^POST ' <<<"$ROUTES")" -ge 7 ]
GOOD_ORIGIN=(-H "Origin: $ORIGIN")

# The roles the table must keep: a route may come to need more, never less,
# and nothing below /moderate or /admin is for anonymous visitors.
rank() { case $1 in ROLE_ANON) echo 0 ;; ROLE_MODERATOR) echo 1 ;; ROLE_ADMIN) echo 2 ;; *) echo -1 ;; esac; }
for want in "POST /logout ROLE_MODERATOR" "GET /moderate ROLE_MODERATOR" \
    "POST /moderate ROLE_MODERATOR" "GET /moderate/* ROLE_MODERATOR" \
    "POST /moderate/* ROLE_MODERATOR" "GET /moderate/*/attachment ROLE_MODERATOR" \
    "GET /moderate/log ROLE_ADMIN" "GET /admin ROLE_ADMIN" "POST /admin ROLE_ADMIN" \
    "GET /admin/erase ROLE_ADMIN" "POST /admin/erase ROLE_ADMIN" \
    "POST /admin/settings ROLE_ADMIN"; do
	set -- $want
	got=$(awk -v m="$1" -v p="$2" '$1 == m && $2 == p { print $3 }' <<<"$ROUTES")
	check "role of $1 $2: at least $3 (table: ${got:-none})" \
	    test "$(rank "${got:-none}")" -ge "$(rank "$3")"
done
while read -r method pattern role; do
	case $pattern in /moderate*|/admin*|/logout)
		check "$method $pattern needs a role" test "$(rank "$role")" -ge 1 ;;
	esac
done <<<"$ROUTES"

while read -r method pattern role; do
	[ "$method" = POST ] || continue
	c=${CASE[$pattern]:-}
	if [ -z "$c" ] || ! declare -F "$c" >/dev/null; then
		fail "POST $pattern ($role) has no case in tests/security.sh"
		continue
	fi
	COOKIE_NAME=dais_session; SESS_PREFIX=
	"$c"
	L="POST $pattern"
	cookie=${USER:+${CK[$USER]}}
	sess=$(sess_for "$cookie")
	good=$(mint "$PURPOSE" "$sess")
	if [ "$role" != ROLE_ANON ]; then
		[ -n "$USER" ] || fail "$L: a $role route needs a USER in its case"
		refused "$L × no session" "" "$(mint "$PURPOSE" "")" "${GOOD_ORIGIN[@]}"
		has "$L × no session: message" "$BODY" "sign in"
		refused "$L × unknown session cookie" "$(printf 'ab%.0s' $(seq 32))" \
		    "$(mint "$PURPOSE" "$(session_of "$(printf 'ab%.0s' $(seq 32))")")" "${GOOD_ORIGIN[@]}"
		refused "$L × no session, signed-in token" "" "$good" "${GOOD_ORIGIN[@]}"
	fi
	if [ "$role" = ROLE_ADMIN ]; then
		refused "$L × moderator (wrong role)" "${CK[bob]}" \
		    "$(mint "$PURPOSE" "$(session_of "${CK[bob]}")")" "${GOOD_ORIGIN[@]}"
	fi
	refused "$L × missing token" "$cookie" - "${GOOD_ORIGIN[@]}"
	refused "$L × empty token" "$cookie" "" "${GOOD_ORIGIN[@]}"
	refused "$L × token of another form" "$cookie" "$(mint "$OTHER_PURPOSE" "$sess")" "${GOOD_ORIGIN[@]}"
	if [ -n "$cookie" ]; then
		refused "$L × token of another session" "$cookie" \
		    "$(mint "$PURPOSE" "$(session_of "${CK[bob2]}${CK[alice]}")")" "${GOOD_ORIGIN[@]}"
		refused "$L × signed-out token" "$cookie" "$(mint "$PURPOSE" "")" "${GOOD_ORIGIN[@]}"
	else
		refused "$L × token of a signed-in page" "" \
		    "$(mint "$PURPOSE" "$(session_of "${CK[alice]}")")" "${GOOD_ORIGIN[@]}"
	fi
	refused "$L × forged token" "$cookie" "$(date +%s).$(printf '0%.0s' $(seq 64))" "${GOOD_ORIGIN[@]}"
	refused "$L × token with another time" "$cookie" "$(( ${good%%.*} - 1 )).${good#*.}" "${GOOD_ORIGIN[@]}"
	refused "$L × token with another nonce" "$cookie" "${good%%.*}.$(openssl rand -hex 12).${good##*.}" "${GOOD_ORIGIN[@]}"
	refused "$L × token without its nonce" "$cookie" "${good%%.*}.${good##*.}" "${GOOD_ORIGIN[@]}"
	refused "$L × foreign Origin" "$cookie" "$good" -H "Origin: http://evil.example"
	has "$L × foreign Origin: message" "$BODY" "sent from another site"
	refused "$L × Origin of another port" "$cookie" "$good" -H "Origin: http://127.0.0.1:$((PORT + 1))"
	refused "$L × no Origin, no Sec-Fetch-Site" "$cookie" "$good"
	refused "$L × Sec-Fetch-Site cross-site" "$cookie" "$good" -H "Sec-Fetch-Site: cross-site"
	refused "$L × Sec-Fetch-Site same-site" "$cookie" "$good" -H "Sec-Fetch-Site: same-site"
	refused "$L × Origin null, cross-site" "$cookie" "$good" -H "Origin: null" -H "Sec-Fetch-Site: cross-site"
	# Nothing wrong: accepted, and the database changed.
	accepted "$L × nothing wrong" "${GOOD_ORIGIN[@]}"
	! declare -F "${c}_again" >/dev/null || "${c}_again"
	accepted "$L × Sec-Fetch-Site same-origin, no Origin" -H "Sec-Fetch-Site: same-origin"
done <<<"$ROUTES"
mail_settle # what the "My statements" cases queued

# ---- settings the web may not change ---------------------------------------------------
# mail_command runs a program, static_dir writes files, trust_remote_user
# decides who is signed in: only `dais config set` on the server changes
# them. An admin's request with nothing else wrong (session, token, Origin)
# is refused all the same and changes nothing; the same request for an
# ordinary setting is accepted, so the refusal is the key's.
admin_setting() { # GROUP KEY VALUE
	req "$BASE/admin/settings" -H "Cookie: dais_session=${CK[alice]}" "${GOOD_ORIGIN[@]}" \
	    --data-urlencode "group=$1" --data-urlencode "$2=$3" \
	    --data-urlencode "csrf=$(mint admin "$(session_of "${CK[alice]}")")"
}
for kv in "mail:mail_command=/bin/sh -c id" "publishing:static_dir=/tmp" "sign-in:trust_remote_user=on"; do
	g=${kv%%:*}; kv=${kv#*:}
	before=$(dbsum)
	admin_setting "$g" "${kv%%=*}" "${kv#*=}"
	eq "POST /admin setting ${kv%%=*}: 403" "$CODE" 403
	has "POST /admin setting ${kv%%=*}: says where it is set" "$BODY" "dais config set ${kv%%=*} VALUE"
	eq "POST /admin setting ${kv%%=*}: database unchanged" "$(dbsum)" "$before"
	hasnt "POST /admin setting ${kv%%=*}: the refused value not shown as set" "$BODY" "<code>${kv#*=}</code>"
done
before=$(dbsum)
admin_setting spam hold_links 5
eq "POST /admin setting hold_links: 303" "$CODE" 303
check "POST /admin setting hold_links: database changed" [ "$(dbsum)" != "$before" ]

# The effects of the accepted requests, to be sure each case did its work.
eq "accepted submits stored" "$(q "SELECT count(*) FROM statement WHERE title = 'Matrix submission'")" 2
eq "accepted status save" "$(q "SELECT title FROM statement WHERE public_id = '$ST_PUB'")" "Corrected by the matrix"
eq "accepted logout" "$(q "SELECT count(*) FROM login_session WHERE token_hash = '$(session_of "${CK[bob2]}")'")" 0
eq "accepted bulk decision" "$(q "SELECT state FROM statement WHERE public_id = '$BK_PUB'")" approved
eq "accepted review decision" "$(q "SELECT state FROM statement WHERE public_id = '$RV_PUB'")" approved
eq "accepted My statements correction" "$(q "SELECT title FROM statement WHERE public_id = '$MY_PUB'")" "Corrected from My statements"
eq "accepted My statements translations" "$(q "SELECT group_concat(language) FROM (SELECT language FROM statement WHERE original_id = (SELECT id FROM statement WHERE public_id = '$MYTR_PUB') ORDER BY language)")" "es,fr"
eq "accepted My statements sign-ins" "$(q "SELECT count(*) FROM my_link WHERE used IS NOT NULL")" 2
eq "accepted admin changes" "$(q "SELECT group_concat(slug) FROM organisation WHERE name = 'Matrix Org'")" "matrix1,matrix2"

# ---- GET routes that need a role ---------------------------------------------------------
# What a signed-in moderator with the role gets: the page (200), or for a
# statement sent without a document, the same 404 as any missing one.
allowed_status() {
	case $1 in
	# the id of a statement names no event or organisation: their 404
	/admin/structure/*) echo 404 ;;
	*/attachment) [ "$(q "SELECT count(*) FROM attachment a JOIN statement s ON s.id = a.statement_id WHERE s.public_id = '$RV_PUB'")" -gt 0 ] && echo 200 || echo 404 ;;
	*) echo 200 ;;
	esac
}
while read -r method pattern role; do
	[ "$method" = GET ] && [ "$role" != ROLE_ANON ] || continue
	path=${pattern//\*/$RV_PUB}
	L="GET $pattern"
	for m in GET HEAD; do
		if [ $m = GET ]; then req "$BASE$path"; else req -I "$BASE$path"; fi
		eq "$L anonymous ($m): 303" "$CODE" 303
		eq "$L anonymous ($m): to sign in" "$(header Location)" \
		    "/statements/login?next=$(printf '%s' "/statements$path" | sed 's|/|%2F|g')"
	done
	req -H "Cookie: dais_session=$(printf 'cd%.0s' $(seq 32))" "$BASE$path"
	eq "$L unknown session: 303" "$CODE" 303
	req -H "Cookie: dais_session=${CK[bob2]}" "$BASE$path"
	eq "$L signed-out session: 303" "$CODE" 303
	req -H "Cookie: dais_session=${CK[bob]}" "$BASE$path"
	if [ "$role" = ROLE_ADMIN ]; then
		eq "$L moderator: 403" "$CODE" 403
		has "$L moderator: message" "$BODY" "for administrators"
	else
		eq "$L moderator: allowed" "$CODE" "$(allowed_status "$pattern")"
		[ "$CODE" != 200 ] || hasnt "$L moderator: the page, not an error page" "$BODY" 'Go to the start page'
	fi
	req -H "Cookie: dais_session=${CK[alice]}" "$BASE$path"
	eq "$L admin: allowed" "$CODE" "$(allowed_status "$pattern")"
	[ "$CODE" != 200 ] || hasnt "$L admin: the page, not an error page" "$BODY" 'Go to the start page'
done <<<"$ROUTES"

# ---- a Content-Security-Policy on every kind of response ---------------------------
# Every GET route of the table, signed in as an administrator (so that each
# answers as itself, or with its own 404): every HTML response carries the
# strict CSP (nothing inline, no plugins, its framing named) and has no
# inline script or style in its body; a fragment, or a document sent for
# download, is sandboxed whatever its type.
while read -r method pattern role; do
	[ "$method" = GET ] || continue
	path=${pattern//\*/$RV_PUB}
	req -H "Cookie: dais_session=${CK[alice]}" "$BASE$path"
	csp=$(header Content-Security-Policy)
	type=$(header Content-Type)
	L="CSP: GET $pattern ($CODE, ${type%%;*})"
	case $pattern:$CODE:$type in
	/fragment/*|*/original:200:*|*/attachment:200:*)
		has "$L: sandboxed" "$csp" "sandbox" ;;
	*:text/html*)
		has "$L: default-src 'none'" "$csp" "default-src 'none'"
		hasnt "$L: nothing inline allowed" "$csp" "unsafe-inline"
		has "$L: says who may frame it" "$csp" "frame-ancestors"
		hasnt "$L: no inline script in the page" "$BODY" "<script>"
		hasnt "$L: no inline style in the page" "$BODY" " style=\"" ;;
	esac
done <<<"$ROUTES"

eq "still healthy" "$(status "$BASE/healthz")" 200
t_finish
