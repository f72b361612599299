#!/bin/bash
# receipt.sh — what a submitter reads after sending, through a real nginx
# (issue 13, points 5 and 7): the confirmation page (received, the
# reference, what happens next, whether the private link was e-mailed, with
# the address masked, and one link to correct or withdraw); the status page
# (its heading is the statement's title, withdrawing asks "Are you sure?"
# first, the moderators' message only while changes are requested, a
# published statement linked to its public page with whether a moderator
# edited it, and the changes); the organisation field's suggestions from
# the catalogue, and the review page's "Matched:" line.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add mri --name "Migrant Rights Initiative" --url https://mri.example.org >/dev/null &&
"$DAIS" org add ipdm --name "Initiative pour les droits des migrant·e·s" >/dev/null &&
"$DAIS" org add mhm --name "مبادرة حقوق المهاجرين" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin &&
echo 'bob-password-1' | "$DAIS" moderator add bob &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null ||
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
last_token() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | tail -1 | sed 's/.*value="//; s/"$//'; }
cookie_of() { grep -i "^Set-Cookie: $1=" "$T_DIR/headers" | head -1 | sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r'; }
count() { grep -o -- "$2" <<<"$1" | wc -l | tr -d ' '; }
st() { q "SELECT $1 FROM statement WHERE public_id = '$2'"; }
# submit TITLE EMAIL [ORG]: PUB its reference, TOK its private token.
submit() {
	local title=$1 email=$2 org=${3:-mri} tok
	req "$BASE/submit"; tok=$(first_token)
	req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$tok" \
	    --form-string event=conf24 --form-string session=opening \
	    --form-string "title=$title" --form-string speaker=Ana \
	    --form-string "organisation=$org" --form-string kind=panel \
	    --form-string language=en --form-string format=text \
	    --form-string $'body=We thank the chair.\n\nRegular pathways matter.' \
	    --form-string submitter_name=Ana \
	    --form-string "submitter_email=$email" \
	    --form-string consent=yes --form-string action=send
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
	TOK=$(header Location | sed -n 's|.*/status/\([0-9a-f]*\).*|\1|p')
}
set_mailer() {
	printf '#!/bin/sh\ncat >> %s\nprintf "\\n----- end of message -----\\n" >> %s\n' \
	    "$T_DIR/mail.log" "$T_DIR/mail.log" > "$T_DIR/mailer"
	chmod +x "$T_DIR/mailer"
	"$DAIS" config set mail_command "$T_DIR/mailer -t -i" >/dev/null
}
: > "$T_DIR/mail.log"
NOMAIL="We could not e-mail you: bookmark this page, it is the only way back."

# ---- the confirmation, on a site without e-mail ----------------------------------
submit "Pathways for youth" maria.gutierrez@example.org
eq "sent: 303" "$CODE" 303
eq "sent: to the confirmation" "$(header Location)" "/statements/status/$TOK?sent=1"
req "$BASE/status/$TOK?sent=1"
eq "confirmation: 200" "$CODE" 200
has "confirmation: the heading" "$BODY" '<h1 class="panel-title">Statement received</h1>'
has "confirmation: the page title" "$BODY" "<title>Statement received – "
has "confirmation: the reference" "$BODY" "Your reference number<br><strong>$PUB</strong>"
has "confirmation: what happens next" "$BODY" "<h2>What happens next</h2>
<p>A moderator reviews every statement before it is published, usually within a few days. Most statements are published as they were sent, with the other statements of the event.</p>"
has "confirmation: changes are asked on its page" "$BODY" "If something needs changing, a moderator asks you: their message appears on your statement&#39;s page, and you can correct it there."
has "no mail: says so" "$BODY" "<strong>$NOMAIL</strong>"
hasnt "no mail: never claims it was sent" "$BODY" "We have sent"
has "confirmation: the private link" "$BODY" "<p class=\"private-link\" id=\"status-link\"><a href=\"/statements/status/$TOK\">/statements/status/$TOK</a></p>"
# (the language switcher's links lead to this same page, ?sent=1&lang=…)
eq "confirmation: one link to correct or withdraw" "$(count "$BODY" "<a href=\"/statements/status/$TOK\"")" 1
eq "  and no other link into the status page" "$(count "$BODY" "<a href=\"/statements/status/$TOK[^?\"]")" 0
eq "confirmation: no form on it" "$(count "$BODY" "<form method=\"post\" action=\"/statements/status/")" 0
hasnt "confirmation: no withdraw button" "$BODY" 'value="withdraw"'
has "no mail: the copy button" "$BODY" 'id="copy-link" data-copy="status-link"'
req "$BASE/status/$TOK"
hasnt "status page: no confirmation without ?sent=1" "$BODY" "Statement received"

# ---- the status page: its heading, and withdrawing asks first ---------------------
eq "status: 200" "$CODE" 200
has "status: the heading is the title" "$BODY" "<h1><bdi>Pathways for youth</bdi></h1>"
has "status: the page title is the title" "$BODY" "<title>Pathways for youth – "
has "status: the reference is still shown" "$BODY" "<dt>Reference</dt><dd>$PUB</dd>"
hasnt "status: no moderators' message while waiting" "$BODY" "Message from the moderators"
hasnt "status: not published, no public link" "$BODY" 'id="published-at"'
# A preview of a correction: the heading stays the saved title.
req "$BASE/status/$TOK" -H "Origin: $ORIGIN" --form-string "csrf=$(first_token)" \
    --form-string "rev=$(st rev "$PUB")" --form-string action=preview \
    --form-string session=opening --form-string "title=Typed, not saved" \
    --form-string speaker=Ana --form-string organisation=mri \
    --form-string kind=panel --form-string language=en --form-string format=text \
    --form-string $'body=We thank the chair.'
eq "preview: 200" "$CODE" 200
has "preview: the heading is the saved title" "$BODY" "<h1><bdi>Pathways for youth</bdi></h1>"
has "preview: the typed title in the form" "$BODY" 'value="Typed, not saved"'
req "$BASE/status/$TOK"
stok=$(first_token); rev=$(st rev "$PUB")
req "$BASE/status/$TOK" -H "Origin: $ORIGIN" --data-urlencode "csrf=$stok" \
    --data-urlencode "rev=$rev" --data-urlencode action=withdraw
eq "withdraw, one POST: asks (200)" "$CODE" 200
has "withdraw, one POST: Are you sure?" "$BODY" "<h1>Withdraw your statement?</h1>"
has "withdraw, one POST: the question" "$BODY" "Are you sure? A withdrawn statement is not published"
eq "withdraw, one POST: not withdrawn" "$(st state "$PUB")" pending
has "ask: names the statement" "$BODY" "<bdi>Pathways for youth</bdi> <span class=\"ref\">$PUB</span>"
has "ask: confirm=1 in its form" "$BODY" '<input type="hidden" name="confirm" value="1">'
has "ask: the revision seen" "$BODY" "<input type=\"hidden\" name=\"rev\" value=\"$rev\">"
has "ask: Yes" "$BODY" '<button class="button button-warning" type="submit" name="action" value="withdraw">Yes, withdraw it</button>'
has "ask: No goes back" "$BODY" "<a href=\"/statements/status/$TOK\">No, keep it</a>"
atok=$(first_token)
req "$BASE/status/$TOK" -H "Origin: $ORIGIN" --data-urlencode "rev=$rev" \
    --data-urlencode action=withdraw --data-urlencode confirm=1
eq "confirm without the form token: 403" "$CODE" 403
eq "  not withdrawn" "$(st state "$PUB")" pending
req "$BASE/status/$TOK" -H "Origin: http://evil.test" --data-urlencode "csrf=$atok" \
    --data-urlencode "rev=$rev" --data-urlencode action=withdraw --data-urlencode confirm=1
eq "confirm from another origin: 403" "$CODE" 403
eq "  not withdrawn" "$(st state "$PUB")" pending
req "$BASE/status/$TOK" -H "Origin: $ORIGIN" --data-urlencode "csrf=$atok" \
    --data-urlencode "rev=$rev" --data-urlencode action=withdraw --data-urlencode confirm=2
eq "confirm=2 is not a yes: asks again (200)" "$CODE" 200 || printf '%s' "$BODY" | grep -A3 '<main' >&2
eq "  not withdrawn" "$(st state "$PUB")" pending
req "$BASE/status/$TOK" -H "Origin: $ORIGIN" --data-urlencode "csrf=$atok" \
    --data-urlencode "rev=$rev" --data-urlencode action=withdraw --data-urlencode confirm=1
eq "confirmed: 303" "$CODE" 303
eq "confirmed: back to the page" "$(header Location)" "/statements/status/$TOK?withdrawn=1"
eq "confirmed: withdrawn" "$(st state "$PUB")" withdrawn
req "$BASE/status/$TOK?withdrawn=1"
has "withdrawn: said" "$BODY" "Your statement was withdrawn. It will not be published."

# ---- the organisation field knows the catalogue -----------------------------------
req "$BASE/submit"
has "datalist: the field uses it" "$BODY" 'autocomplete="organization" list="organisation-list"'
has "datalist: on behalf of too" "$BODY" 'name="on_behalf_of" type="text" list="organisation-list"'
has "datalist: English name" "$BODY" '<option value="Migrant Rights Initiative"></option>'
has "datalist: French name" "$BODY" '<option value="Initiative pour les droits des migrant·e·s"></option>'
has "datalist: Arabic name" "$BODY" '<option value="مبادرة حقوق المهاجرين"></option>'
eq "datalist: one option per organisation" "$(count "$(grep -o '<datalist id="organisation-list">.*</datalist>' "$T_DIR/body")" '<option ')" 3

# ---- with e-mail: the link was sent, the address masked ---------------------------
set_mailer
"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null
"$DAIS" config set rate_receipt_per_hour 1 >/dev/null
submit "Decent work for all" maria.gutierrez@example.org "migrant rights initiative"
M1=$PUB; M1TOK=$TOK
req "$BASE/status/$TOK?sent=1"
has "mail: sent, to the masked address" "$BODY" '<p class="receipt-mail" id="receipt-mail">We have sent the link to m…@example.org.</p>'
hasnt "mail: the whole address is not shown" "$BODY" "maria.gutierrez"
hasnt "mail: no 'could not'" "$BODY" "$NOMAIL"
hasnt "mail: no copy button" "$BODY" 'id="copy-link"'
has "mail: the link from base_url" "$BODY" "<a href=\"$ORIGIN/statements/status/$TOK\">$ORIGIN/statements/status/$TOK</a>"
mail_settle
check "mail: the receipt went to the mailer" grep -q "^To: maria.gutierrez@example.org" "$T_DIR/mail.log"
req "$BASE/status/$TOK?sent=1"
has "mail: handed over, still sent" "$BODY" "We have sent the link to m…@example.org."
# A second receipt to the same address this hour is not sent
# (rate_receipt_per_hour 1): the page says so.
submit "Second one" Maria.Gutierrez@example.org
req "$BASE/status/$TOK?sent=1"
has "mail: over the receipt limit, not sent" "$BODY" "$NOMAIL"
hasnt "mail: over the limit, no claim" "$BODY" "We have sent"
# A receipt the mailer gave up on (dead) was not sent.
"$DAIS" config set rate_receipt_per_hour 0 >/dev/null
submit "Third one" elodie@example.org
req "$BASE/status/$TOK?sent=1"
has "mail: queued (or handed over) counts as sent" "$BODY" "We have sent the link to e…@example.org."
mail_settle
# The mailer gave up on it (dead, as after mail_attempts failures).
q "INSERT INTO outbox(recipient, subject, message, created, state, attempts, next_try, statement_id, link_url, link_mark) SELECT 'elodie@example.org', 's', 'm', 0, 'dead', 5, 0, id, 'u', 'k' FROM statement WHERE public_id = '$PUB'"
req "$BASE/status/$TOK?sent=1"
has "mail: a dead receipt was not sent" "$BODY" "$NOMAIL"
q "DELETE FROM outbox WHERE state = 'dead'"

# ---- moderators: the review page's organisation line ------------------------------
signin() {
	req "$BASE/login"; local t; t=$(first_token)
	req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode "user=$1" \
	    --data-urlencode "password=$2" --data-urlencode next= \
	    --data-urlencode "csrf=$t"
	cookie_of dais_session
}
CKA=$(signin alice alice-password-1)
CKB=$(signin bob bob-password-1)
as() { local c=$1; shift; req -H "Cookie: dais_session=$c" "$@"; }
eq "typed in any case: stored as the catalogue's name" "$(st org_name "$M1")" "Migrant Rights Initiative"
as "$CKA" "$BASE/moderate/$M1"
eq "review: 200" "$CODE" 200
has "review: Matched, linked to its public page" "$BODY" 'Matched: <a href="/statements/o/mri"><bdi>Migrant Rights Initiative</bdi></a>'
hasnt "review: matched is not 'not in the catalogue'" "$BODY" "Not in the catalogue"
submit "Unknown one" ana@example.org "Collectif des riverains"
U1=$PUB
as "$CKA" "$BASE/moderate/$U1"
has "review, admin: not in the catalogue, where to add it" "$BODY" '<bdi>Collectif des riverains</bdi><br>Not in the catalogue · <a href="/statements/admin#form-org_add">Add it to the catalogue</a>'
hasnt "review: no Matched" "$BODY" "Matched:"
as "$CKB" "$BASE/moderate/$U1"
has "review, moderator: not in the catalogue" "$BODY" '<bdi>Collectif des riverains</bdi><br>Not in the catalogue</dd>'
hasnt "review, moderator: no link to /admin" "$BODY" 'admin#form-org_add'
"$DAIS" org add cdr --name "Collectif des riverains" >/dev/null
as "$CKB" "$BASE/moderate/$U1"
has "review: added to the catalogue later, matched by name" "$BODY" 'Matched: <a href="/statements/o/cdr"><bdi>Collectif des riverains</bdi></a>'
has "review: the edit form offers the catalogue" "$BODY" '<option value="Collectif des riverains"></option>'

# review USER_COOKIE ID ACTION [k=v...]
review() {
	local c=$1 id=$2 act=$3 a=() kv tok; shift 3
	as "$c" "$BASE/moderate/$id"; tok=$(last_token)
	for kv in "$@"; do a+=(--data-urlencode "$kv"); done
	as "$c" "$BASE/moderate/$id" -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$tok" --data-urlencode "action=$act" \
	    --data-urlencode "rev=$(st rev "$id")" "${a[@]}"
}

# ---- the moderators' message only while changes are requested ---------------------
review "$CKB" "$M1" request_changes "reason=Please add the date it was delivered."
eq "request changes: 303" "$CODE" 303
req "$BASE/status/$M1TOK"
has "changes requested: the message" "$BODY" '<h2>Message from the moderators</h2><p>Please add the date it was delivered.</p>'
stok=$(first_token)
req "$BASE/status/$M1TOK" -H "Origin: $ORIGIN" --form-string "csrf=$stok" \
    --form-string "rev=$(st rev "$M1")" --form-string action=save \
    --form-string session=opening --form-string "title=Decent work for all" \
    --form-string speaker=Ana --form-string "organisation=Migrant Rights Initiative" \
    --form-string kind=panel --form-string language=en --form-string format=text \
    --form-string delivered=2024-05-21 \
    --form-string $'body=We thank the chair.\n\nRegular pathways matter.'
eq "corrected: 303" "$CODE" 303
eq "corrected: waits again" "$(st state "$M1")" pending
req "$BASE/status/$M1TOK"
hasnt "waiting again: the message is gone" "$BODY" "Message from the moderators"
hasnt "waiting again: its words too" "$BODY" "Please add the date"

# ---- published: where, and whether a moderator edited it --------------------------
review "$CKB" "$M1" edit session=opening "title=Decent work for all workers" \
    speaker=Ana "organisation=Migrant Rights Initiative" kind=panel language=en \
    format=text delivered=2024-05-21 $'body=We thank the chair.\n\nRegular and safe pathways matter.'
eq "moderator edit: 303" "$CODE" 303
req "$BASE/status/$M1TOK"
hasnt "edited, not yet published: no public link" "$BODY" 'id="published-at"'
review "$CKB" "$M1" approve
eq "approved: 303" "$CODE" 303
eq "approved" "$(st state "$M1")" approved
req "$BASE/status/$M1TOK"
has "published: the heading is the (edited) title" "$BODY" "<h1><bdi>Decent work for all workers</bdi></h1>"
has "published: linked where it is published" "$BODY" "<p class=\"published-at\" id=\"published-at\">Your statement is published. <a href=\"/statements/s/$M1\">See it as published</a></p>"
has "published: a moderator edited it" "$BODY" '<h2 id="mod-edited-heading">A moderator edited your statement</h2>'
has "edited: the title's change" "$BODY" '<p class="diff-title">Title: <del>Decent work for all</del> <span class="flip-rtl">→</span> <ins>Decent work for all workers</ins></p>'
# The history's diff (text_diff.html): the changed paragraph with the
# words added marked, the unchanged one before it as context.
line=$(grep -o '<p class="diff-change">.*</p>' <<<"$BODY")
eq "edited: one changed paragraph" "$(grep -c . <<<"$line")" 1
eq "edited: the words added" "$(sed -n 's/.*<ins><span[^>]*>[^<]*<\/span>\([^<]*\)<span.*/\1/p' <<<"$line" | sed 's/ *$//; s/^ *//')" "and safe"
eq "edited: its text as published" "$(sed 's/<span class="visually-hidden"[^>]*>[^<]*<\/span>//g; s/<[^>]*>//g' <<<"$line")" "Regular and safe pathways matter."
hasnt "edited: nothing removed" "$line" "<del>"
has "edited: the unchanged paragraph kept as context" "$BODY" '<p class="diff-same">We thank the chair.</p>'
hasnt "edited: not 'as you sent it'" "$BODY" "no moderator changed it"
hasnt "published: no moderators' message" "$BODY" "Message from the moderators"
eq "published: the public page answers" "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/s/$M1")" 200
submit "Published as sent" ana@example.org
P2=$PUB; P2TOK=$TOK
review "$CKB" "$P2" approve
req "$BASE/status/$P2TOK"
has "published as sent: the link" "$BODY" "<a href=\"/statements/s/$P2\">See it as published</a>"
has "published as sent: said" "$BODY" '<p class="mod-edited" id="mod-edited">It is published as you sent it: no moderator changed it.</p>'
hasnt "published as sent: no changes shown" "$BODY" "A moderator edited your statement"
# A moderator who changes only the speaker has edited it too.
review "$CKB" "$P2" edit session=opening "title=Published as sent" speaker="Ana María" \
    "organisation=Migrant Rights Initiative" kind=panel language=en format=text \
    delivered=2024-05-21 $'body=We thank the chair.\n\nRegular pathways matter.'
eq "speaker changed: 303" "$CODE" 303
req "$BASE/status/$P2TOK"
has "speaker changed: a moderator edited it" "$BODY" '<h2 id="mod-edited-heading">A moderator edited your statement</h2>'
hasnt "speaker changed: not 'as you sent it'" "$BODY" "no moderator changed it"
hasnt "speaker changed: no text changes shown" "$BODY" 'class="diff-change"'
# Approved with an embargo: when it will be public, no link yet.
submit "Embargoed one" ana@example.org
P3=$PUB; P3TOK=$TOK
review "$CKB" "$P3" approve publish_at=2031-07-01T10:00 publish_tz=UTC
eq "embargo: approved" "$(st "state || ' ' || publish_at" "$P3")" "approved $(date -u -d 2031-07-01T10:00Z +%s)"
req "$BASE/status/$P3TOK"
has "embargo: when it will be public" "$BODY" '<p class="published-at" id="published-at">Your statement is approved. It will be published on 1 July 2031, 10:00 UTC (UTC).</p>'
hasnt "embargo: no link to a page not yet public" "$BODY" "See it as published"
mail_settle

t_finish
