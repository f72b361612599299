#!/bin/bash
# accounts.sh — moderators' own accounts through a real nginx: changing
# the password (the current one asked, the other sessions ended) and the
# e-mail address, "Forgot your password?" (the same answer for a known and
# an unknown user, a reset link read from the mail, single use, expiring,
# rate-limited per user and per client), disabling and enabling (sessions
# ended at once, no sign-in, the last administrator kept), the
# notifications each moderator chooses, the audit log, and the CSRF and
# role checks of every new form. Mail is captured by a fake mail_command
# (as mine.sh).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin --email alice@example.org &&
echo 'bob-password-1' | "$DAIS" moderator add bob --email bob@example.org &&
echo 'carol-password-1' | "$DAIS" moderator add carol --email carol@example.org &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null &&
"$DAIS" config set rate_receipt_per_hour 0 >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
t_start_nginx && t_start_dais 2 || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT

q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
header() { grep -i "^$1:" "$T_DIR/headers" | head -1 | sed 's/^[^:]*: *//' | tr -d '\r'; }
first_token() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | head -1 | sed 's/.*value="//; s/"$//'; }
# The last form's token (signed in, the first is the header's sign-out).
last_token() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | tail -1 | sed 's/.*value="//; s/"$//'; }
cookie_of() { grep -i "^Set-Cookie: $1=" "$T_DIR/headers" | head -1 | sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r'; }
nmails() { grep -c -- '^----- end of message -----$' "$T_DIR/mail.log" 2>/dev/null || true; }
mails_to() { grep -c "^To: $1\$" "$T_DIR/mail.log" 2>/dev/null || true; }
printf '#!/bin/sh\nmsg=$(cat)\nprintf "%%s\\n----- end of message -----\\n" "$msg" >> %s\n' \
    "$T_DIR/mail.log" > "$T_DIR/mailer"
chmod +x "$T_DIR/mailer"
"$DAIS" config set mail_command "$T_DIR/mailer -t -i" >/dev/null
"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null
: > "$T_DIR/mail.log"

# signin USER PASSWORD: COOKIE is the new session's token ("" when none).
signin() {
	local tok
	req "$BASE/login"; tok=$(first_token)
	req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode "user=$1" \
	    --data-urlencode "password=$2" --data-urlencode "csrf=$tok"
	COOKIE=$(cookie_of dais_session)
}
# with COOKIE CURL_ARGS...: a request with that session.
with() { local c=$1; shift; req -H "Cookie: dais_session=$c" "$@"; }
# account COOKIE FIELD=VALUE...: POSTs the account form with a fresh token.
account() {
	local c=$1 tok a=(); shift
	with "$c" "$BASE/account"; tok=$(last_token)
	for f in "$@"; do a+=(--data-urlencode "$f"); done
	with "$c" "$BASE/account" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" "${a[@]}"
}
audit_of() { q "SELECT actor || '|' || action || '|' || detail FROM audit WHERE action = '$1' ORDER BY id"; }

# ---- the account page and who reaches it ------------------------------------------
req "$BASE/account"
eq "signed out: /account sends to sign in (303)" "$CODE" 303
eq "signed out: to the sign-in page, then back" "$(header Location)" "/statements/login?next=%2Fstatements%2Faccount"
req "$BASE/login"; tok=$(first_token)
req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode user=bob \
    --data-urlencode password=bob-password-1 --data-urlencode next=/statements/account \
    --data-urlencode "csrf=$tok"
eq "signed in from there: back to the account page" "$CODE $(header Location)" "303 /statements/account"
req "$BASE/login"; tok=$(first_token)
req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode user=bob \
    --data-urlencode password=bob-password-1 --data-urlencode next=/statements/accountx \
    --data-urlencode "csrf=$tok"
eq "another page after sign-in: the queue" "$CODE $(header Location)" "303 /statements/moderate"
q "DELETE FROM login_session"
req "$BASE/account" -H "Origin: $ORIGIN" --data-urlencode do=notify
eq "signed out: POST /account refused (403)" "$CODE" 403
signin bob bob-password-1; B1=$COOKIE
signin bob bob-password-1; B2=$COOKIE
check "bob: two sessions" [ -n "$B1" -a -n "$B2" -a "$B1" != "$B2" ]
with "$B1" "$BASE/account"
eq "/account: 200" "$CODE" 200
has "/account: names the user" "$BODY" "Signed in as bob."
has "/account: the password form" "$BODY" 'name="current" type="password" autocomplete="current-password"'
has "/account: the address shown" "$BODY" 'value="bob@example.org"'
has "/account: new statements ticked" "$BODY" 'name="notify_new" type="checkbox" value="yes" checked>'
has "the header links to the account" "$BODY" 'href="/statements/account"'
with "$B1" "$BASE/account" -H "Origin: $ORIGIN" --data-urlencode do=notify
eq "POST /account without a form token: 403" "$CODE" 403
with "$B1" "$BASE/account"; tok=$(last_token)
with "$B1" "$BASE/account" -H "Origin: http://evil.example" --data-urlencode "csrf=$tok" --data-urlencode do=notify
eq "POST /account from another site: 403" "$CODE" 403
with "$B2" "$BASE/account" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode do=notify
eq "POST /account with another session's token: 403" "$CODE" 403
req "$BASE/login"; ltok=$(first_token)
with "$B1" "$BASE/account" -H "Origin: $ORIGIN" --data-urlencode "csrf=$ltok" --data-urlencode do=notify
eq "POST /account with another form's token: 403" "$CODE" 403
account "$B1" do=nothing
eq "an unknown operation: 400" "$CODE" 400
account "$B1" do=notify surprise=1
eq "an unknown field: 400" "$CODE" 400

# ---- changing the password --------------------------------------------------------
account "$B1" do=password current=wrong-password password=bob-password-2 password2=bob-password-2
eq "wrong current password: 422" "$CODE" 422
has "wrong current password: says so" "$BODY" "Your current password is not right"
has "wrong current password: the form again" "$BODY" 'id="password" name="password" type="password"'
has "wrong current password: marked at its field" "$BODY" 'id="current-error"'
account "$B1" do=password current=bob-password-1 password=short password2=short
eq "a short new password: 422" "$CODE" 422
has "a short new password: the rule" "$BODY" "The password must have at least 8 characters"
account "$B1" do=password current=bob-password-1 password=bob-password-2 password2=bob-password-3
eq "two different new passwords: 422" "$CODE" 422
has "two different new passwords: says so" "$BODY" "The two new passwords are not the same"
eq "nothing changed yet: two sessions" "$(q "SELECT count(*) FROM login_session s JOIN moderator m ON m.id = s.moderator_id WHERE m.username = 'bob'")" 2
account "$B1" do=password current=bob-password-1 password=bob-password-2 password2=bob-password-2
eq "password changed: 303" "$CODE" 303
eq "password changed: back to the account page" "$(header Location)" "/statements/account?saved=password"
with "$B1" "$BASE/account?saved=password"
eq "this session goes on (200)" "$CODE" 200
has "the page says so" "$BODY" "Your new password is saved. Your other sessions were signed out."
with "$B2" "$BASE/account"
eq "the other session ended (303 to sign in)" "$CODE" 303
eq "one session left" "$(q "SELECT count(*) FROM login_session s JOIN moderator m ON m.id = s.moderator_id WHERE m.username = 'bob'")" 1
signin bob bob-password-1
eq "the old password: refused (422)" "$CODE" 422
eq "the old password: no session" "$COOKIE" ""
signin bob bob-password-2
eq "the new password: signs in (303)" "$CODE" 303
check "the new password: a session" [ -n "$COOKIE" ]
B3=$COOKIE
check "stored as Argon2id" bash -c '[[ $(sqlite3 "$1" "SELECT password_hash FROM moderator WHERE username = '"'bob'"'") == \$argon2id\$* ]]' _ "$DAIS_DB"
eq "audit: password changed" "$(audit_of password_changed)" "bob|password_changed|"

# Wrong current passwords: ten an hour, then 429 even for the right one.
q "DELETE FROM rate"
codes=""
for i in 1 2 3 4 5 6 7 8 9 10; do
	account "$B1" do=email current=wrong-$i email=bob@example.org
	codes="$codes$CODE "
done
eq "wrong current passwords: 422 each" "$codes" "422 422 422 422 422 422 422 422 422 422 "
eq "wrong current passwords: counted" "$(q "SELECT count FROM rate WHERE client = 'account-pw:bob'")" 10
account "$B1" do=email current=bob-password-2 email=bob@example.org
eq "past ten in an hour: 429, even the right password" "$CODE" 429
has "past ten: says so" "$BODY" "Too many wrong passwords were typed in the last hour."
check "past ten: Retry-After" [ -n "$(header Retry-After)" ]
q "DELETE FROM rate"

# ---- changing the e-mail address --------------------------------------------------
account "$B1" do=email current=wrong-password email=bob.new@example.org
eq "e-mail, wrong password: 422" "$CODE" 422
has "e-mail, wrong password: says so" "$BODY" "Your current password is not right"
has "e-mail, wrong password: the address typed kept" "$BODY" 'value="bob.new@example.org"'
account "$B1" do=email current=bob-password-2 email=not-an-address
eq "e-mail, malformed: 422" "$CODE" 422
has "e-mail, malformed: says so" "$BODY" "Enter an e-mail address in the right form"
has "e-mail, malformed: kept" "$BODY" 'value="not-an-address"'
eq "e-mail: unchanged so far" "$(q "SELECT email FROM moderator WHERE username = 'bob'")" "bob@example.org"
account "$B1" do=email current=bob-password-2 email=bob.new@example.org
eq "e-mail changed: 303" "$CODE" 303
eq "e-mail changed: stored" "$(q "SELECT email FROM moderator WHERE username = 'bob'")" "bob.new@example.org"
eq "e-mail changed: sessions kept" "$(q "SELECT count(*) FROM login_session s JOIN moderator m ON m.id = s.moderator_id WHERE m.username = 'bob'")" 2
eq "audit: e-mail changed, without the address" "$(audit_of email_changed)" "bob|email_changed|"

# ---- notifications ----------------------------------------------------------------
account "$B1" do=notify notify_new=maybe
eq "a checkbox with a value it does not have: 400" "$CODE" 400
account "$B1" do=notify notify_held=yes notify_corrected=yes
eq "notifications saved: 303" "$CODE" 303
eq "notifications: stored" "$(q "SELECT notify_new, notify_held, notify_corrected FROM moderator WHERE username = 'bob'")" "0|1|1"
with "$B1" "$BASE/account"
has "notifications: new statements unticked" "$BODY" 'name="notify_new" type="checkbox" value="yes">'
has "notifications: held ticked" "$BODY" 'name="notify_held" type="checkbox" value="yes" checked>'
eq "audit: notifications" "$(audit_of notifications_changed)" "bob|notifications_changed|new=0 held=1 corrected=1"
req "$BASE/submit"; tok=$(first_token)
req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$tok" \
    --form-string event=conf24 --form-string session=opening \
    --form-string "title=Waiting one" --form-string speaker=Ana \
    --form-string organisation=acme --form-string kind=panel \
    --form-string language=en --form-string format=text \
    --form-string "body=We thank the chair." --form-string submitter_name=Ana \
    --form-string submitter_email=ana@example.org --form-string consent=yes \
    --form-string action=send
eq "a statement sent (303)" "$CODE" 303
mail_settle
eq "new statement: alice and carol told, bob not" \
    "$(mails_to alice@example.org) $(mails_to carol@example.org) $(mails_to bob.new@example.org)" "1 1 0"
"$DAIS" config set hold_words "casino" >/dev/null
mail_reset "$T_DIR/mail.log"
req "$BASE/submit"; tok=$(first_token)
req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$tok" \
    --form-string event=conf24 --form-string session=opening \
    --form-string "title=Held one" --form-string speaker=Ana \
    --form-string organisation=acme --form-string kind=panel \
    --form-string language=en --form-string format=text \
    --form-string "body=Visit the casino." --form-string submitter_name=Ana \
    --form-string submitter_email=ana@example.org --form-string consent=yes \
    --form-string action=send
eq "a held statement sent (303)" "$CODE" 303
mail_settle
eq "held statement: bob told (he kept those)" "$(mails_to bob.new@example.org) $(mails_to alice@example.org)" "1 1"
"$DAIS" config set hold_words "" >/dev/null

# ---- forgot your password? --------------------------------------------------------
mail_reset "$T_DIR/mail.log"
req "$BASE/login"
has "the sign-in page offers a reset" "$BODY" '<a href="/statements/forgot">Forgot your password?</a>'
req "$BASE/forgot"
eq "/forgot: 200" "$CODE" 200
has "/forgot: a field for the name or address" "$BODY" 'name="user" type="text" autocomplete="username"'
tok=$(first_token)
req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode user=bob
eq "ask without a form token: 403" "$CODE" 403
req "$BASE/forgot" -H "Origin: http://evil.example" --data-urlencode "csrf=$tok" --data-urlencode user=bob
eq "ask from another site: 403" "$CODE" 403
req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode user=
eq "ask with nothing: 422" "$CODE" 422
has "ask with nothing: says so" "$BODY" "Enter your user name or your e-mail address"
req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode user=bob
known="$CODE $(header Location)"; known_body=$BODY
req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode user=nobody
unknown="$CODE $(header Location)"; unknown_body=$BODY
eq "known user: 303 to the notice" "$known" "303 /statements/forgot?asked=1"
eq "unknown user: the same answer" "$unknown" "$known"
eq "unknown user: the same body" "$unknown_body" "$known_body"
req "$BASE/forgot?asked=1"
has "the notice" "$BODY" "If a moderator account has that user name or address, we have sent a reset link to its e-mail address."
mail_settle
eq "one mail: to bob's address only" "$(nmails) $(mails_to bob.new@example.org)" "1 1"
has "the mail names the account" "$(cat "$T_DIR/mail.log")" "for the moderator account bob on"
link=$(grep -oE "$ORIGIN/statements/reset/[0-9a-f]{64}" "$T_DIR/mail.log" | head -1)
check "the mail carries a reset link" [ -n "$link" ]
check "the link's token is not stored in clear" bash -c '! grep -qa "$1" "$2"*' _ "${link##*/}" "$DAIS_DB"
eq "one link stored, as a hash" "$(q "SELECT count(*) FROM reset_link WHERE length(hash) = 64 AND used IS NULL")" 1
eq "audit: reset asked for bob, no address" "$(audit_of reset_requested)" "bob|reset_requested|"
hasnt "audit: no address anywhere" "$(q "SELECT * FROM audit WHERE action = 'reset_requested'")" "@"
# By address, in capitals: the same account.
mail_reset "$T_DIR/mail.log"
req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode user=Bob.New@Example.org
eq "by address: the same answer" "$CODE $(header Location)" "$known"
mail_settle
eq "by address: a mail to bob" "$(mails_to bob.new@example.org)" 1
link2=$(grep -oE "$ORIGIN/statements/reset/[0-9a-f]{64}" "$T_DIR/mail.log" | head -1)

# The link: a form (a GET uses nothing up), then once.
req "$link"
eq "the link: 200" "$CODE" 200
has "the link: names the account" "$BODY" "Choose a new password for bob."
rtok=$(first_token)
req "$link" -H "Origin: $ORIGIN" --data-urlencode password=bob-password-9 --data-urlencode password2=bob-password-9
eq "reset without a form token: 403" "$CODE" 403
req "$link" -H "Origin: http://evil.example" --data-urlencode "csrf=$rtok" --data-urlencode password=bob-password-9 --data-urlencode password2=bob-password-9
eq "reset from another site: 403" "$CODE" 403
req "$link" -H "Origin: $ORIGIN" --data-urlencode "csrf=$rtok" --data-urlencode password=bob-password-9 --data-urlencode password2=other-password
eq "reset, two different passwords: 422" "$CODE" 422
has "reset, two different passwords: the form again" "$BODY" 'name="password2" type="password"'
req "$link" -H "Origin: $ORIGIN" --data-urlencode "csrf=$rtok" --data-urlencode password=short --data-urlencode password2=short
eq "reset, a short password: 422" "$CODE" 422
eq "bob still signed in before the reset" "$(q "SELECT count(*) FROM login_session s JOIN moderator m ON m.id = s.moderator_id WHERE m.username = 'bob'")" 2
req "$link" -H "Origin: $ORIGIN" --data-urlencode "csrf=$rtok" --data-urlencode password=bob-password-9 --data-urlencode password2=bob-password-9
eq "reset: 303" "$CODE" 303
eq "reset: to the notice" "$(header Location)" "/statements/forgot?done=1"
req "$BASE/forgot?done=1"
has "reset: says so" "$BODY" "Your new password is set, and every session of your account was signed out."
has "reset: a way to sign in" "$BODY" '<a href="/statements/login">Sign in with your new password</a>'
eq "reset: every session of bob ended" "$(q "SELECT count(*) FROM login_session s JOIN moderator m ON m.id = s.moderator_id WHERE m.username = 'bob'")" 0
with "$B1" "$BASE/account"
eq "reset: a session from before no longer works (303)" "$CODE" 303
signin bob bob-password-2
eq "reset: the password before refused (422)" "$CODE" 422
signin bob bob-password-9
eq "reset: the new password signs in (303)" "$CODE" 303
eq "audit: reset used" "$(audit_of reset_used)" "bob|reset_used|"
req "$link"
eq "the link a second time: 410" "$CODE" 410
has "the link a second time: says so" "$BODY" "This reset link was used already"
has "the link a second time: a way to ask again" "$BODY" 'name="user" type="text"'
req "$link" -H "Origin: $ORIGIN" --data-urlencode "csrf=$rtok" --data-urlencode password=bob-password-8 --data-urlencode password2=bob-password-8
eq "resetting with it again: 410" "$CODE" 410
req "$link2"
eq "the other link sent before the reset: used up too (410)" "$CODE" 410
req "$BASE/reset/$(printf '%064d' 0)"
eq "a made-up link: 404" "$CODE" 404
has "a made-up link: says so" "$BODY" "This reset link is not valid"
req "$BASE/reset/xyz"
eq "a malformed link: 404" "$CODE" 404

# Expiry: a link an hour old.
mail_reset "$T_DIR/mail.log"
req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode user=carol
mail_settle
link3=$(grep -oE "$ORIGIN/statements/reset/[0-9a-f]{64}" "$T_DIR/mail.log" | head -1)
check "carol's link" [ -n "$link3" ]
q "UPDATE reset_link SET expires = strftime('%s', 'now') - 1 WHERE used IS NULL"
req "$link3"
eq "an expired link: 410" "$CODE" 410
has "an expired link: says so" "$BODY" "This reset link has expired"
req "$link3" -H "Origin: $ORIGIN" --data-urlencode "csrf=$rtok" --data-urlencode password=carol-password-2 --data-urlencode password2=carol-password-2
eq "an expired link: no reset (410)" "$CODE" 410
signin carol carol-password-1
eq "an expired link: the password unchanged" "$CODE" 303
# A link not yet used ends with any change of the password, the address or
# the state, however it is made (here the command line and /admin's SQL).
mail_reset "$T_DIR/mail.log"
req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode user=carol
mail_settle
link4=$(grep -oE "$ORIGIN/statements/reset/[0-9a-f]{64}" "$T_DIR/mail.log" | head -1)
check "carol's second link" [ -n "$link4" ]
printf 'carol-password-1\n' | "$DAIS" moderator password carol >/dev/null 2>&1
req "$link4"
eq "a link sent before a password set on the command line: 410" "$CODE" 410
mail_reset "$T_DIR/mail.log"
req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode user=carol
mail_settle
link5=$(grep -oE "$ORIGIN/statements/reset/[0-9a-f]{64}" "$T_DIR/mail.log" | head -1)
q "UPDATE moderator SET email = 'carol.new@example.org' WHERE username = 'carol'"
req "$link5"
eq "a link sent to the address before a change of address: 410" "$CODE" 410
q "UPDATE moderator SET email = 'carol@example.org' WHERE username = 'carol'"

# Rate limits: per name or address typed (any case), then per client.
q "DELETE FROM rate"
"$DAIS" config set rate_reset_per_client 0 >/dev/null
codes=""
for u in zed ZED Zed zed; do
	req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode "user=$u"
	codes="$codes $CODE"
done
eq "per user: three asks, then 429" "$codes" " 303 303 303 429"
check "429: Retry-After" [ -n "$(header Retry-After)" ]
has "429: says to wait" "$BODY" "Many reset links were asked for in the last hour."
has "429: the name typed kept" "$BODY" 'value="zed"'
q "DELETE FROM rate"
"$DAIS" config set rate_reset_per_client 2 >/dev/null
codes=""
for u in u1 u2 u3; do
	req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode "user=$u"
	codes="$codes $CODE"
done
eq "per client: two asks, then 429 whatever the name" "$codes" " 303 303 429"
q "DELETE FROM rate"

# ---- disabling and enabling ---------------------------------------------------------
signin carol carol-password-1; C1=$COOKIE
with "$C1" "$BASE/account"
eq "carol signed in" "$CODE" 200
"$DAIS" moderator disable carol
eq "moderator disable carol: exit 0" "$?" 0
with "$C1" "$BASE/account"
eq "disabled: the open session stops at once (303)" "$CODE" 303
signin carol carol-password-1
eq "disabled: cannot sign in (422)" "$CODE" 422
has "disabled: the same message as a wrong password" "$BODY" "The user name or the password is not right"
has "moderator list: disabled" "$("$DAIS" moderator list)" $'carol\tmoderator\tdisabled\tcarol@example.org'
eq "audit: disabled from the command line" "$(audit_of disable)" "cli|disable|carol"
mail_reset "$T_DIR/mail.log"
req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode user=carol
eq "disabled: asking for a reset, the same answer" "$CODE $(header Location)" "$known"
mail_settle
eq "disabled: no reset mail" "$(nmails)" 0
"$DAIS" moderator enable carol
eq "moderator enable carol: exit 0" "$?" 0
has "moderator list: active" "$("$DAIS" moderator list)" $'carol\tmoderator\tactive\tcarol@example.org'
signin carol carol-password-1
eq "enabled: signs in again (303)" "$CODE" 303
C2=$COOKIE
eq "audit: enabled from the command line" "$(audit_of enable)" "cli|enable|carol"
# The last enabled administrator.
out=$("$DAIS" moderator disable alice 2>&1)
eq "the last administrator: not disabled (exit 1)" "$?" 1
has "the last administrator: says why" "$out" "This is the last enabled administrator"
eq "the last administrator: still enabled" "$(q "SELECT disabled FROM moderator WHERE username = 'alice'")" 0
# From the admin page.
signin alice alice-password-1; A1=$COOKIE
with "$A1" "$BASE/admin"
eq "/admin: 200" "$CODE" 200
has "/admin: carol can be disabled" "$BODY" 'value="disable"'
atok=$(last_token)
with "$C2" "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$atok" --data-urlencode do=disable --data-urlencode user=bob
eq "a moderator cannot disable anyone (403)" "$CODE" 403
with "$A1" "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$atok" --data-urlencode do=disable --data-urlencode user=alice
eq "an administrator cannot disable themselves (422)" "$CODE" 422
with "$A1" "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$atok" --data-urlencode do=disable --data-urlencode user=carol
eq "disable carol on the web: 303" "$CODE" 303
with "$C2" "$BASE/account"
eq "disabled on the web: her session stops at once (303)" "$CODE" 303
eq "disabled on the web: no session left" "$(q "SELECT count(*) FROM login_session s JOIN moderator m ON m.id = s.moderator_id WHERE m.username = 'carol'")" 0
eq "audit: disabled on the web" "$(q "SELECT actor || '|' || action || '|' || detail FROM audit WHERE action = 'admin disable'")" "alice|admin disable|carol"
with "$A1" "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$atok" --data-urlencode do=enable --data-urlencode user=carol
eq "enable carol on the web: 303" "$CODE" 303
signin carol carol-password-1
eq "enabled on the web: signs in (303)" "$CODE" 303

# ---- a site without e-mail: no reset link, and the page says whom to ask ----
mail_settle
"$DAIS" config set mail_command "" >/dev/null
req "$BASE/forgot"
eq "no mail: /forgot answers (200)" "$CODE" 200
has "no mail: says to ask an administrator" "$BODY" "This site does not send e-mail, so it cannot send you a reset link. Ask an administrator to set a new password for you."
hasnt "no mail: no field" "$BODY" 'name="user"'
req "$BASE/forgot" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode user=bob
eq "no mail: asking anyway is refused (409)" "$CODE" 409
eq "no mail: nothing queued" "$(q "SELECT count(*) FROM outbox")" 0

t_log_check
t_finish
