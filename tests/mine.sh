#!/bin/bash
# mine.sh — "My statements" and the rest of a better deal for submitters,
# through a real nginx: a sign-in link asked for by e-mail (the same answer
# for a known and an unknown address, rate-limited per address and per
# client, single use, expiring), the list of one address's statements and
# nobody else's, correcting, withdrawing and translating from it, a
# correction that replaces the document, the submitter's mail when a
# moderator edits, withdraws or restores, and the receipt page of a site
# without e-mail. Mail is captured by a fake mail_command (as mail.sh).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin --email alice@example.org &&
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
last_token() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | tail -1 | sed 's/.*value="//; s/"$//'; }
cookie_of() { grep -i "^Set-Cookie: $1=" "$T_DIR/headers" | head -1 | sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r'; }
# submit TITLE EMAIL [curl args]: a statement through the public form;
# PUB is its reference, TOK its private token (from the 303).
submit() {
	local title=$1 email=$2 tok; shift 2
	req "$BASE/submit"; tok=$(first_token)
	req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$tok" \
	    --form-string event=conf24 --form-string session=opening \
	    --form-string "title=$title" --form-string speaker=Ana \
	    --form-string organisation=acme --form-string kind=panel \
	    --form-string language=en --form-string format=text \
	    --form-string "body=We thank the chair." \
	    --form-string submitter_name=Ana \
	    --form-string "submitter_email=$email" \
	    --form-string consent=yes --form-string action=send "$@"
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
	TOK=$(header Location | sed -n 's|.*/status/\([0-9a-f]*\).*|\1|p')
}
nmails() { grep -c -- '^----- end of message -----$' "$T_DIR/mail.log" 2>/dev/null || true; }
mails_to() { grep -c "^To: $1\$" "$T_DIR/mail.log" 2>/dev/null || true; }
set_mailer() {
	printf '#!/bin/sh\nmsg=$(cat)\nprintf "%%s\\n----- end of message -----\\n" "$msg" >> %s\n' \
	    "$T_DIR/mail.log" > "$T_DIR/mailer"
	chmod +x "$T_DIR/mailer"
	"$DAIS" config set mail_command "$T_DIR/mailer -t -i" >/dev/null
}
: > "$T_DIR/mail.log"

# ---- a site without e-mail: the receipt's link is the only way back -----------
submit "Sent without mail" ana@example.org
eq "no mail: the submission is answered (303)" "$CODE" 303
NOMAIL=$PUB
req "$BASE/status/$TOK?sent=1"
eq "no mail: the receipt page (200)" "$CODE" 200
has "no mail: says the link is the only way back" "$BODY" "We could not e-mail you: bookmark this page, it is the only way back."
has "no mail: the link, selectable" "$BODY" "<p class=\"private-link\" id=\"status-link\"><a href=\"/statements/status/$TOK\">/statements/status/$TOK</a></p>"
has "no mail: a copy button, hidden until the script shows it" "$BODY" 'id="copy-link" data-copy="status-link"'
has "no mail: the button is hidden without JavaScript" "$BODY" 'copy it." hidden>Copy the link</button>'
has "no mail: its result announced (role=status)" "$BODY" '<span id="copy-result" role="status"></span>'
has "no mail: the script" "$BODY" '<script src="/statements/static/copy.js" defer></script>'
hasnt "no mail: no offer of My statements" "$BODY" 'href="/statements/my"'
req "$BASE/static/copy.js"
eq "copy.js: 200" "$CODE" 200
has "copy.js: JavaScript" "$(header Content-Type)" "text/javascript"
req "$BASE/my"
eq "no mail: /my answers (200)" "$CODE" 200
has "no mail: /my says there is no e-mail" "$BODY" "This site does not send e-mail, so it cannot send you a sign-in link."
has "no mail: /my points to the private links" "$BODY" "open the private link shown when you sent it"
hasnt "no mail: /my has no address field" "$BODY" 'name="email"'
tok=$(mint my "") # the form is not shown: a token as dais makes them
req "$BASE/my" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode email=ana@example.org
eq "no mail: asking anyway is refused (409)" "$CODE" 409
has "no mail: and says why" "$BODY" "This site does not send e-mail"

# ---- with e-mail ----------------------------------------------------------------
set_mailer
"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' > "$T_DIR/doc.pdf"
submit "Ana first" ana@example.org -F "attachment=@$T_DIR/doc.pdf;type=application/pdf"
A1=$PUB; A1TOK=$TOK
req "$BASE/status/$TOK?sent=1"
hasnt "with mail: no copy button" "$BODY" 'id="copy-link"'
has "with mail: the link was sent" "$BODY" "We have sent the link to a…@example.org."
submit "Ana second" Ana@Example.org; A2=$PUB
submit "Bob only" bob@example.org; B1=$PUB
mail_reset "$T_DIR/mail.log"

# The same answer for a known and an unknown address.
req "$BASE/my"
eq "/my: 200" "$CODE" 200
has "/my: an address field" "$BODY" 'name="email" type="email" autocomplete="email"'
tok=$(first_token)
req "$BASE/my" -H "Origin: $ORIGIN" --data-urlencode email=ana@example.org
check "ask without a form token: refused (4xx: $CODE)" [ "$CODE" -ge 400 -a "$CODE" -lt 500 ]
mail_settle
eq "ask without a form token: no mail" "$(nmails)" 0
req "$BASE/my" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode email=ana@example.org
known="$CODE $(header Location)"
req "$BASE/my" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode email=nobody@example.org
unknown="$CODE $(header Location)"
eq "known address: 303 to the notice" "$known" "303 /statements/my?asked=1"
eq "unknown address: the same answer" "$unknown" "$known"
req "$BASE/my?asked=1"
has "the notice" "$BODY" "If we have statements from that address, we have sent a link to it."
req "$BASE/my" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode email=not-an-address
eq "a malformed address: 422" "$CODE" 422
has "a malformed address: says so" "$BODY" "Enter an e-mail address in the right form"
has "a malformed address: kept" "$BODY" 'value="not-an-address"'
mail_settle
eq "one mail: to the known address only" "$(nmails) $(mails_to ana@example.org) $(mails_to nobody@example.org)" "1 1 0"
link=$(grep -oE "$ORIGIN/statements/my/link/[0-9a-f]{64}" "$T_DIR/mail.log" | head -1)
check "the mail carries a sign-in link" [ -n "$link" ]
has "the mail says it works once, within an hour" "$(cat "$T_DIR/mail.log")" "it works once, within an hour"
check "the link's token is not stored in clear" bash -c '! grep -qa "$1" "$2"*' _ "${link##*/}" "$DAIS_DB"

# Opening it: a button (a mail scanner's GET uses nothing up), then once.
req "$link"
eq "the link: 200" "$CODE" 200
has "the link: a button that signs in" "$BODY" "Show my statements"
has "the link: names the address" "$BODY" "ana@example.org"
ltok=$(first_token)
req "$link" -H "Origin: $ORIGIN" -d ''
eq "sign in without a form token: 403" "$CODE" 403
req "$link" -H "Origin: http://evil.example" --data-urlencode "csrf=$ltok"
eq "sign in from another site: 403" "$CODE" 403
req "$link" -H "Origin: $ORIGIN" --data-urlencode "csrf=$ltok"
eq "sign in: 303" "$CODE" 303
eq "sign in: to the list" "$(header Location)" "/statements/my"
setc=$(grep -i '^Set-Cookie: dais_my=' "$T_DIR/headers" | tr -d '\r')
has "session cookie: HttpOnly" "$setc" "HttpOnly"
has "session cookie: SameSite" "$setc" "SameSite=Lax"
has "session cookie: only for /my" "$setc" "Path=/statements/my;"
has "session cookie: an hour" "$setc" "Max-Age=3600"
MY=$(cookie_of dais_my)
check "session cookie: stored as a hash only" bash -c '! grep -qa "$1" "$2"*' _ "$MY" "$DAIS_DB"
req "$link"
eq "the link a second time: 410" "$CODE" 410
has "the link a second time: says so" "$BODY" "This sign-in link was used already"
has "the link a second time: a way to ask again" "$BODY" 'name="email"'
req "$link" -H "Origin: $ORIGIN" --data-urlencode "csrf=$ltok"
eq "signing in with it again: 410" "$CODE" 410
eq "signing in with it again: no cookie" "$(cookie_of dais_my)" ""
req "$BASE/my/link/$(printf '%064d' 0)"
eq "a made-up link: 404" "$CODE" 404
has "a made-up link: says so" "$BODY" "This sign-in link is not valid"

# The list: that address's statements, any case, newest first; never Bob's.
as() { req -H "Cookie: dais_my=$MY" "$@"; }
as "$BASE/my"
eq "the list: 200" "$CODE" 200
has "the list: the address, isolated" "$BODY" "The statements sent from $(printf '\u2068')ana@example.org$(printf '\u2069'), newest first"
for t in "Ana first" "Ana second" "Sent without mail"; do
	has "the list: $t" "$BODY" ">$t</a>"
done
hasnt "the list: never another address's" "$BODY" "Bob only"
order=$(printf '%s' "$BODY" | grep -o '>Ana [a-z]*</a>\|>Sent without mail</a>' | tr '\n' '|')
eq "the list: newest first" "$order" ">Ana second</a>|>Ana first</a>|>Sent without mail</a>|"
has "the list: each with its state" "$BODY" '<strong class="tag tag-pending">'
has "the list: each with its event" "$BODY" "Conference 2024"
has "the list: links into /my" "$BODY" "href=\"/statements/my/$A1\""
req "$BASE/my"
hasnt "without the cookie: no list" "$BODY" "Ana first"
req "$BASE/my/$A1"
eq "a statement without the cookie: 303" "$CODE" 303
eq "  to /my" "$(header Location)" "/statements/my"
as "$BASE/my/$B1"
eq "another address's statement: 404" "$CODE" 404
hasnt "  nothing of it shown" "$BODY" "Bob only"

# One of them: the status page, reached by the session.
as "$BASE/my/$A1"
eq "a statement of the list: 200" "$CODE" 200
has "  the status page's correction form" "$BODY" "Correct your statement"
has "  posting to /my" "$BODY" "action=\"/statements/my/$A1\" enctype=\"multipart/form-data\""
has "  back to the list" "$BODY" 'href="/statements/my">All my statements</a>'
has "  its document" "$BODY" "doc.pdf"
has "  a file field to replace it" "$BODY" "Replace the original document (optional)"
stok=$(first_token)
rev=$(q "SELECT rev FROM statement WHERE public_id = '$A1'")
# correct FIELDS...: a correction of A1 from /my (multipart).
correct() {
	as "$BASE/my/$A1" -H "Origin: $ORIGIN" --form-string "rev=$rev" \
	    --form-string session=opening --form-string speaker=Ana \
	    --form-string speaker_role= --form-string organisation=acme \
	    --form-string on_behalf_of= --form-string cosignatories= \
	    --form-string kind=panel --form-string delivered= \
	    --form-string language=en --form-string format=text \
	    --form-string "body=We thank the chair, corrected." \
	    --form-string action=save "$@"
}
correct --form-string "title=Ana first, corrected"
eq "correct without a form token: 403" "$CODE" 403
# A status link's token (no session) is not this session's.
req "$BASE/status/$A1TOK"; anon=$(first_token)
correct --form-string "csrf=$anon" --form-string "title=Ana first, corrected"
eq "correct with another page's token: 403" "$CODE" 403
eq "  nothing changed" "$(q "SELECT title FROM statement WHERE public_id = '$A1'")" "Ana first"
# A bad file is refused; what was typed stays.
printf 'just text, not a document\n' > "$T_DIR/notes.txt"
n0=$(q "SELECT count(*) FROM attachment")
correct --form-string "csrf=$stok" --form-string "title=Typed while the file was bad" \
    -F "attachment=@$T_DIR/notes.txt;type=application/pdf"
eq "a bad file: 422" "$CODE" 422
has "a bad file: says what is wrong" "$BODY" "The file must be a PDF, a Word document (DOCX) or an OpenDocument text (ODT)"
has "a bad file: linked from the summary" "$BODY" 'href="#attachment"'
has "a bad file: the typed title kept" "$BODY" 'value="Typed while the file was bad"'
has "a bad file: the typed text kept" "$BODY" "We thank the chair, corrected."
has "a bad file: choose it again" "$BODY" "choose the file again"
eq "a bad file: nothing stored" "$(q "SELECT count(*) FROM attachment")|$(q "SELECT title FROM statement WHERE public_id = '$A1'")" "$n0|Ana first"
# A good one replaces the document; the old one stays stored.
python3 - "$T_DIR" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1] + "/new.docx", "w") as f:
    f.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    f.writestr("_rels/.rels", "<Relationships/>")
    f.writestr("word/document.xml", "<w:document><w:body/></w:document>")
EOF
correct --form-string "csrf=$stok" --form-string "title=Ana first, corrected" \
    -F "attachment=@$T_DIR/new.docx;type=application/octet-stream"
eq "correct from /my: 303" "$CODE" 303
eq "  back to its page" "$(header Location)" "/statements/my/$A1?saved=1"
eq "  saved" "$(q "SELECT title FROM statement WHERE public_id = '$A1'")" "Ana first, corrected"
eq "  the new document stored, the old one kept" \
    "$(q "SELECT group_concat(filename, '|') FROM (SELECT filename FROM attachment WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$A1') ORDER BY id)")" "doc.pdf|new.docx"
eq "  its history says so" "$(q "SELECT note FROM revision WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$A1') ORDER BY rev DESC LIMIT 1")" "corrected by the submitter, with a new document"
as "$BASE/my/$A1?saved=1"
has "  the page shows the new document" "$BODY" "new.docx"
# The moderators get the new one.
req "$BASE/login"; ktok=$(first_token)
req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode user=alice \
    --data-urlencode password=alice-password-1 --data-urlencode next= \
    --data-urlencode "csrf=$ktok"
CK=$(cookie_of dais_session)
mod() { req -H "Cookie: dais_session=$CK" "$@"; }
curl -s -o "$T_DIR/back.docx" -H "Cookie: dais_session=$CK" "$BASE/moderate/$A1/attachment"
check "the moderators download the new document" cmp -s "$T_DIR/new.docx" "$T_DIR/back.docx"
# Through the private link too (the same page and handler).
req "$BASE/status/$A1TOK"
has "the private link: the same file field" "$BODY" 'name="attachment" type="file"'
# Corrections one after another, each with a document: what is kept is
# the original as sent and the newest, not every one in between.
docs() { q "SELECT group_concat(filename, '|') FROM (SELECT filename FROM attachment WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$A1') ORDER BY id)"; }
for k in 2 3; do
	cp "$T_DIR/new.docx" "$T_DIR/new$k.docx"
	rev=$(q "SELECT rev FROM statement WHERE public_id = '$A1'")
	correct --form-string "csrf=$stok" --form-string "title=Ana first, corrected $k" \
	    -F "attachment=@$T_DIR/new$k.docx;type=application/octet-stream"
	eq "correction $k with a document: 303" "$CODE" 303
done
eq "the original and the newest document kept, the ones between dropped" "$(docs)" "doc.pdf|new3.docx"
# A document counts as a sending against the hourly limit: past it, the
# correction with a file comes back (429) with what was typed; without a
# file it is saved.
"$DAIS" config set rate_submit_per_hour 1 >/dev/null
rev=$(q "SELECT rev FROM statement WHERE public_id = '$A1'")
correct --form-string "csrf=$stok" --form-string "title=Typed past the limit" \
    -F "attachment=@$T_DIR/new.docx;type=application/octet-stream"
eq "a document past the hourly limit: 429" "$CODE" 429
check "  with Retry-After" [ -n "$(header Retry-After)" ]
has "  says why" "$BODY" "Please wait"
has "  the typed title kept" "$BODY" 'value="Typed past the limit"'
eq "  nothing stored" "$(docs)|$(q "SELECT title FROM statement WHERE public_id = '$A1'")" "doc.pdf|new3.docx|Ana first, corrected 3"
correct --form-string "csrf=$stok" --form-string "title=Ana first, corrected"
eq "  a correction without a document: saved" "$CODE" 303
"$DAIS" config set rate_submit_per_hour 0 >/dev/null
rev=$(q "SELECT rev FROM statement WHERE public_id = '$A1'")

# Translate and withdraw from /my.
as "$BASE/my/$A2"; ttok=$(last_token)
as "$BASE/my/$A2/translate" -H "Origin: $ORIGIN" --data-urlencode language=fr \
    --data-urlencode "title=Ana deuxième" --data-urlencode format=text \
    --data-urlencode "body=Nous remercions la présidence." --data-urlencode action=translate
eq "translate without a form token: 403" "$CODE" 403
as "$BASE/my/$A2/translate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$ttok" \
    --data-urlencode language=fr --data-urlencode "title=Ana deuxième" \
    --data-urlencode format=text --data-urlencode "body=Nous remercions la présidence." \
    --data-urlencode action=translate
eq "translate from /my: 303" "$CODE" 303
eq "  a translation of it" "$(q "SELECT count(*) FROM statement WHERE language = 'fr' AND original_id = (SELECT id FROM statement WHERE public_id = '$A2')")" 1
as "$BASE/my"
has "  listed too" "$BODY" ">Ana deuxième</a>"
as "$BASE/my/$A2"; wtok=$(first_token)
rev=$(q "SELECT rev FROM statement WHERE public_id = '$A2'")
as "$BASE/my/$A2" -H "Origin: $ORIGIN" --data-urlencode action=withdraw --data-urlencode "rev=$rev"
eq "withdraw without a form token: 403" "$CODE" 403
as "$BASE/my/$A2" -H "Origin: $ORIGIN" --data-urlencode "csrf=$wtok" \
    --data-urlencode action=withdraw --data-urlencode "rev=$rev"
eq "withdraw from /my: asks first (200)" "$CODE" 200
has "  Are you sure?" "$BODY" "<h1>Withdraw your statement?</h1>"
has "  No goes back to /my/ID" "$BODY" "<a href=\"/statements/my/$A2\">No, keep it</a>"
eq "  not withdrawn yet" "$(q "SELECT state FROM statement WHERE public_id = '$A2'")" pending
as "$BASE/my/$A2" -H "Origin: $ORIGIN" --data-urlencode "csrf=$(first_token)" \
    --data-urlencode action=withdraw --data-urlencode "rev=$rev" --data-urlencode confirm=1
eq "withdraw from /my: 303" "$CODE" 303
eq "  back to its page" "$(header Location)" "/statements/my/$A2?withdrawn=1"
eq "  withdrawn" "$(q "SELECT state FROM statement WHERE public_id = '$A2'")" withdrawn
as "$BASE/my"
has "  the list shows it" "$BODY" '<strong class="tag tag-withdrawn">'

# Sign out.
as "$BASE/my"; otok=$(first_token)
as "$BASE/my/logout" -H "Origin: $ORIGIN" -d ''
eq "sign out without a form token: 403" "$CODE" 403
as "$BASE/my/logout" -H "Origin: $ORIGIN" --data-urlencode "csrf=$otok"
eq "sign out: 303" "$CODE" 303
has "sign out: the cookie cleared" "$(grep -i '^Set-Cookie: dais_my=' "$T_DIR/headers")" "Max-Age=0"
as "$BASE/my"
hasnt "signed out: the old cookie shows nothing" "$BODY" "Ana first"
as "$BASE/my/$A1"
eq "signed out: a statement page goes to /my" "$CODE" 303

# An expired link: refused, with a way to ask again.
mail_reset "$T_DIR/mail.log"
req "$BASE/my"; tok=$(first_token)
req "$BASE/my" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode email=ana@example.org
mail_settle
link=$(grep -oE "$ORIGIN/statements/my/link/[0-9a-f]{64}" "$T_DIR/mail.log" | head -1)
check "a second link" [ -n "$link" ]
req "$link"; ltok=$(first_token)
q "UPDATE my_link SET expires = strftime('%s', 'now') - 1 WHERE used IS NULL"
req "$link"
eq "an expired link: 410" "$CODE" 410
has "an expired link: says so" "$BODY" "This sign-in link has expired: a link works for an hour."
has "an expired link: a way to ask again" "$BODY" 'name="email"'
req "$link" -H "Origin: $ORIGIN" --data-urlencode "csrf=$ltok"
eq "signing in with an expired link: 410" "$CODE" 410
eq "  no cookie" "$(cookie_of dais_my)" ""

# An expired session.
q "UPDATE my_link SET expires = strftime('%s', 'now') + 3600, used = NULL"
req "$link" -H "Origin: $ORIGIN" --data-urlencode "csrf=$ltok"
MY=$(cookie_of dais_my)
as "$BASE/my"
has "signed in again" "$BODY" "Ana first"
q "UPDATE my_session SET expires = strftime('%s', 'now') - 1"
as "$BASE/my"
hasnt "an expired session shows nothing" "$BODY" "Ana first"

# ---- the rate limits: per address, per client; the same for unknown ones ----------
"$DAIS" config set rate_my_link_per_hour 2 >/dev/null
"$DAIS" config set rate_my_link_per_client 0 >/dev/null
ask() { req "$BASE/my" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode "email=$1"; }
for who in bob@example.org carol@example.org; do
	ask "$who"; c1=$CODE; ask "$who"; c2=$CODE; ask "$who"; c3=$CODE
	eq "$who: two asks, then 429" "$c1 $c2 $c3" "303 303 429"
	has "$who: says to wait" "$BODY" "Many links were asked for in the last hour."
	check "$who: Retry-After" [ -n "$(header Retry-After)" ]
done
mail_settle
eq "rate limit: bob gets two links, carol none" "$(mails_to bob@example.org) $(mails_to carol@example.org)" "2 0"
ask BOB@example.org
eq "the same address in capitals: counted together (429)" "$CODE" 429
"$DAIS" config set rate_my_link_per_hour 0 >/dev/null
n=$(q "SELECT count FROM rate WHERE client LIKE 'my-client:%'")
"$DAIS" config set rate_my_link_per_client "$((n + 1))" >/dev/null
ask dan@example.org; c1=$CODE; ask erin@example.org; c2=$CODE
eq "per client: one more, then 429 whatever the address" "$c1 $c2" "303 429"

# ---- the submitter hears of a moderator's edit, withdrawal and restoration -----------
submit "To be published" ana@example.org; P=$PUB
mail_reset "$T_DIR/mail.log"
mod "$BASE/moderate/$P"; mtok=$(last_token)
decide() { # decide ACTION [FIELDS...]
	local act=$1 a=() kv; shift
	for kv in "$@"; do a+=(--data-urlencode "$kv"); done
	mod "$BASE/moderate/$P" -H "Origin: $ORIGIN" --data-urlencode "csrf=$mtok" \
	    --data-urlencode "action=$act" --data-urlencode "rev=$(q "SELECT rev FROM statement WHERE public_id = '$P'")" "${a[@]}"
}
edit_fields=(session=opening speaker=Ana organisation=acme kind=panel language=en format=text)
decide edit "${edit_fields[@]}" "title=To be published" "body=We thank the chair <b>warmly</b>."
eq "an edit while pending: 303" "$CODE" 303
mail_settle
eq "an edit while pending: no mail to the submitter" "$(mails_to ana@example.org)" 0
decide approve
eq "approve: 303" "$CODE" 303
mail_reset "$T_DIR/mail.log"
decide edit "${edit_fields[@]}" "title=Published, retitled" "body=We thank the chair <b>warmly</b>."
eq "edit the published statement: 303" "$CODE" 303
mail_settle
eq "edit: one mail, to the submitter" "$(nmails) $(mails_to ana@example.org)" "1 1"
m=$(cat "$T_DIR/mail.log")
has "edit: its subject" "$m" "Subject: Edited by the moderators: Published, retitled"
has "edit: what changed, in plain words" "$m" "What they changed:"
has "edit: the title changed" "$m" "  - Title"
hasnt "edit: not the text, which did not" "$m" "  - Statement"
hasnt "edit: no markup" "$m" "<b>"
has "edit: the public address" "$m" "$ORIGIN/statements/s/$P"
mail_reset "$T_DIR/mail.log"
decide edit "${edit_fields[@]}" "title=Published, retitled" "body=We thank the chair."
mail_settle
has "edit of the text: says the text changed" "$(cat "$T_DIR/mail.log")" "  - Statement"
hasnt "edit of the text: not the title" "$(cat "$T_DIR/mail.log")" "  - Title"
mail_reset "$T_DIR/mail.log"
# Under embargo it is not published yet: an edit then sends nothing (no
# link that would be a 404 until its time).
q "UPDATE statement SET publish_at = strftime('%s', 'now') + 86400 WHERE public_id = '$P'"
decide edit "${edit_fields[@]}" "title=Published, retitled under embargo" "body=We thank the chair."
eq "an edit under embargo: 303" "$CODE" 303
mail_settle
eq "an edit under embargo: no mail to the submitter" "$(mails_to ana@example.org)" 0
q "UPDATE statement SET publish_at = strftime('%s', 'now') - 5 WHERE public_id = '$P'"
mail_reset "$T_DIR/mail.log"
decide withdraw
eq "withdraw: 303" "$CODE" 303
mail_settle
eq "withdraw: one mail, to the submitter" "$(nmails) $(mails_to ana@example.org)" "1 1"
has "withdraw: its subject" "$(cat "$T_DIR/mail.log")" "Subject: Withdrawn from publication: Published, retitled"
has "withdraw: where to see it" "$(cat "$T_DIR/mail.log")" "$ORIGIN/statements/my"
mail_reset "$T_DIR/mail.log"
decide restore
eq "restore: 303" "$CODE" 303
mail_settle
eq "restore: one mail, to the submitter" "$(nmails) $(mails_to ana@example.org)" "1 1"
has "restore: its subject" "$(cat "$T_DIR/mail.log")" "Subject: Restored: Published, retitled"
has "restore: says it is reviewed again" "$(cat "$T_DIR/mail.log")" "it is back in the queue"

t_finish
