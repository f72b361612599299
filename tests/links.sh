#!/bin/bash
# links.sh — links that survive sharing, and the defects found while
# trying the public side (issue 14), through a real nginx:
# - every kind of public page answers a link that a newsletter, a social
#   network, an ad or a cache decorated (utm_*, fbclid, gclid, mc_cid,
#   ver, a malformed one) with 200 and the same body as the plain link;
#   a fragment so decorated is the real fragment, with its ETag and 304;
#   the moderators' pages and every POST still refuse what they do not
#   know;
# - /submit?event=E&session=S opens the form with both chosen (an unknown
#   or closed event, or a session of another event: nothing chosen);
# - an approval with an embargo tells the submitter when (in the event's
#   time zone) and sends the public address when it is published, once,
#   kept across a restart, and not at all if withdrawn before;
# - a submission held by the spam settings is mailed to the moderators,
#   marked as held and why;
# - a bulk form's reason is logged on its rejections only;
# - the conflict page's "Your version" after a decision shows the revision
#   the moderator was looking at, its lang a language tag.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add idm-2024-1 --title "Dialogue 2024" --starts 2024-05-21 \
    --time-zone Europe/Paris >/dev/null &&
"$DAIS" session add idm-2024-1 panel-1 --title "Panel one" >/dev/null &&
"$DAIS" session add idm-2024-1 panel-2 --title "Panel two" >/dev/null &&
"$DAIS" event add forum-25 --title "Forum 2025" --starts 2025-03-01 >/dev/null &&
"$DAIS" session add forum-25 closing --title "Closing session" >/dev/null &&
"$DAIS" event add old-23 --title "Old meeting" --starts 2023-01-10 --closed >/dev/null &&
"$DAIS" session add old-23 s1 --title "Old session" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin --email alice@example.org &&
echo 'bob-password-22' | "$DAIS" moderator add bob --email bob@example.org &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null &&
"$DAIS" config set rate_receipt_per_hour 0 >/dev/null &&
"$DAIS" config set hold_words "casino, lottery" >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
t_start_nginx && t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT
"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null
cat > "$T_DIR/fakesendmail" <<EOF
#!/bin/sh
cat >> "$T_DIR/mail.log"
echo "----- end of message -----" >> "$T_DIR/mail.log"
EOF
chmod +x "$T_DIR/fakesendmail"
"$DAIS" config set mail_command "$T_DIR/fakesendmail -t" >/dev/null
: > "$T_DIR/mail.log"

q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
tokens() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | sed 's/.*value="//; s/"$//'; }
first_token() { tokens | head -1; }
last_token() { tokens | tail -1; }
declare -A CK
signin() {
	local tok
	req "$BASE/login"; tok=$(first_token)
	req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode "user=$1" \
	    --data-urlencode "password=$2" --data-urlencode "csrf=$tok"
	CK[$1]=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" |
	    sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
}
as() { local u=$1; shift; req -H "Cookie: dais_session=${CK[$u]}" "$@"; }
# submit TITLE [BODY [EVENT SESSION]]: through the public form; PUB is
# its reference, STATUS its private status path.
submit() {
	local tok
	req "$BASE/submit"; tok=$(first_token)
	req "$BASE/submit" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
	    --data-urlencode "event=${3:-idm-2024-1}" \
	    --data-urlencode "session=${4:-panel-1}" \
	    --data-urlencode "title=$1" --data-urlencode "speaker=Ana Pérez" \
	    --data-urlencode organisation=acme --data-urlencode kind=panel \
	    --data-urlencode language=en --data-urlencode "format=${FORMAT:-text}" \
	    --data-urlencode "body=${2:-We thank the chair.}" \
	    --data-urlencode submitter_name=Ana \
	    --data-urlencode submitter_email=ana@example.org \
	    --data-urlencode consent=yes --data-urlencode action=send
	eq "submit [$1]: 303" "$CODE" 303
	STATUS=$(header Location)
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
}
# review USER ID ACTION [NAME=VALUE...]: one decision from the review page.
review() {
	local u=$1 id=$2 action=$3 tok rev a=()
	shift 3
	as "$u" "$BASE/moderate/$id"; tok=$(last_token)
	rev=$(grep -o 'name="rev" value="[0-9]*"' "$T_DIR/body" | head -1 | grep -o '[0-9]*')
	for kv in "$@"; do a+=(--data-urlencode "$kv"); done
	as "$u" "$BASE/moderate/$id" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
	    --data-urlencode "action=$action" --data-urlencode "rev=$rev" "${a[@]}"
}
st() { q "SELECT $1 FROM statement WHERE public_id = '$2'"; }
sid() { st id "$1"; }
mails() { mail_settle; cat "$T_DIR/mail.log"; }
# One message of mail.log: the last one whose text has $1.
mail_with() {
	awk -v k="$1" '{ m = m $0 "\n" } /^----- end of message -----$/ {
	    if (index(m, k)) last = m; m = "" } END { printf "%s", last }' "$T_DIR/mail.log"
}

signin alice alice-password-1
signin bob bob-password-22
check "both moderators signed in" test -n "${CK[alice]}" -a -n "${CK[bob]}"

# A published statement, so that every public page has something to show.
submit "Shared statement" "Words worth sharing."
P1=$PUB; S1=${STATUS#/statements}; S1=${S1%%\?*}
review alice "$P1" approve
eq "approved: 303" "$CODE" 303
mail_settle

# ---- decorated links: every public page kind ----------------------------------------
# What newsletters (Mailchimp: mc_cid, mc_eid), social networks (fbclid),
# ads (gclid), analytics (utm_*) and WordPress (ver) add; one with a
# stray percent sign, which no decoder reads.
JUNK='utm_source=newsletter&utm_medium=email&utm_campaign=spring%202024&fbclid=IwAR0xYz-abc_123&gclid=Cj0KCQiA&mc_cid=4a1b2c&mc_eid=9f8e7d&ver=6.4&utm_content=50%off'
# The body without the form tokens (a fresh one for each page served).
notok() { sed 's/name="csrf" value="[^"]*"/name="csrf" value=""/g' "$T_DIR/body"; }
# same PATH: the decorated link answers as the plain one, byte for byte.
same() {
	local plain sep='?'
	case $1 in *\?*) sep='&' ;; esac
	req "$BASE$1"
	eq "$1: plain link 200" "$CODE" 200
	plain=$(notok)
	req "$BASE$1$sep$JUNK"
	eq "$1 + shared-link parameters: 200" "$CODE" 200
	check "$1 + shared-link parameters: the same body" test "$(notok)" = "$plain"
	hasnt "$1 + shared-link parameters: none of them in the page" "$BODY" "utm_source"
}
for p in / /submit "$S1" /login /s/$P1 /e/idm-2024-1 \
    /fragment/statement/$P1 /fragment/event/idm-2024-1 \
    /fragment/event/idm-2024-1/panel-1 /fragment/org/acme \
    /frame/statement/$P1 /frame/event/idm-2024-1 /frame/org/acme \
    "/oembed?url=$ORIGIN/statements/s/$P1&format=json" /feed.atom \
    /feed/idm-2024-1.atom /healthz "/healthz?detail=1" /static/dais.css \
    /embed.js "/e/idm-2024-1?lang=fr" "/submit?event=forum-25"; do
	same "$p"
done
has "the fragment is the real one, not the empty answer" "$(curl -s "$BASE/fragment/event/idm-2024-1?ver=6.4")" "Shared statement"
has "?detail still read with other parameters" "$(curl -s "$BASE/healthz?fbclid=x&detail=1")" "mail:"
req "$BASE/e/idm-2024-1?utm_source=x&lang=es"
has "a parameter the page reads still counts among others" "$(header Content-Language)" es
has "  the language switcher keeps it and drops the rest" "$BODY" 'href="/statements/e/idm-2024-1?lang=fr"'
hasnt "  no shared-link parameter in its links" "$BODY" "utm_source"
check "no fragment request was answered with an error" bash -c '! grep -q "a fragment request was answered" "$1"' _ "$T_DIR/dais.log"

# Caching: the decorated fragment has the plain one's ETag, and a
# conditional request with it is a 304.
req "$BASE/fragment/event/idm-2024-1"; ETAG=$(header ETag); LM=$(header Last-Modified)
check "fragment ETag" test -n "$ETAG"
req "$BASE/fragment/event/idm-2024-1?ver=6.4&utm_source=x"
eq "decorated fragment: the same ETag" "$(header ETag)" "$ETAG"
eq "decorated fragment + If-None-Match: 304" "$(status "$BASE/fragment/event/idm-2024-1?ver=6.4" -H "If-None-Match: $ETAG")" 304
eq "decorated fragment + If-Modified-Since: 304" "$(status "$BASE/fragment/event/idm-2024-1?fbclid=1" -H "If-Modified-Since: $LM")" 304
eq "decorated frame + If-None-Match: as the plain one" "$(status "$BASE/frame/event/idm-2024-1?ver=1" -H "If-None-Match: $ETAG")" "$(status "$BASE/frame/event/idm-2024-1" -H "If-None-Match: $ETAG")"

# A parameter the page reads keeps its checks.
req "$BASE/fragment/event/idm-2024-1?lang=es&lang=fr&utm_source=x"
eq "a field the page reads, given twice: still refused (an empty fragment)" "$BODY" ""
req "$BASE/submit?event=idm-2024-1&event=forum-25"
eq "/submit with event twice: 400" "$CODE" 400
req "$BASE/submit?event=a%01b"
eq "/submit with a control character in event: 400" "$CODE" 400
req "$BASE/submit?event=50%off"
eq "/submit with a malformed event: 400" "$CODE" 400
# The path stays strict.
eq "a bad path is still refused" "$(status "$BASE/s%2F$P1?utm_source=x")" 400
eq "an unknown page is still 404" "$(status "$BASE/nowhere?utm_source=x")" 404

# ---- strict where it protects something ----------------------------------------------
as alice "$BASE/moderate?utm_source=x"
eq "queue + an unknown parameter: 400" "$CODE" 400
has "  naming it" "$BODY" "utm_source"
as alice "$BASE/moderate/log?fbclid=x"
eq "audit log + an unknown parameter: 400" "$CODE" 400
as alice "$BASE/moderate?state=pending"
eq "queue with its own parameter: 200" "$CODE" 200
req "$BASE/submit"; tok=$(first_token)
req "$BASE/submit" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode event=idm-2024-1 --data-urlencode "title=Extra field" \
    --data-urlencode utm_source=newsletter
eq "POST /submit with an unknown field: 400" "$CODE" 400
has "  naming it" "$BODY" "utm_source"
req "$BASE/login"; tok=$(first_token)
req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode user=alice --data-urlencode password=x --data-urlencode fbclid=1
eq "POST /login with an unknown field: 400" "$CODE" 400

# ---- /submit?event=E&session=S ---------------------------------------------------------
# chosen PAGE: "EVENT|SESSION" selected in it ("" when none).
chosen() {
	local ev ses
	ev=$(sed -n '/<select[^>]*id="event"/,/<\/select>/p' "$T_DIR/body" | grep -o '<option value="[^"]*" selected' | sed 's/<option value="//; s/" selected//')
	ses=$(sed -n '/<select[^>]*id="session"/,/<\/select>/p' "$T_DIR/body" | grep -o '<option value="[^"]*" selected' | sed 's/<option value="//; s/" selected//')
	printf '%s|%s' "$ev" "$ses"
}
req "$BASE/submit?event=idm-2024-1&session=panel-2"
eq "event and session: 200" "$CODE" 200
eq "  both chosen" "$(chosen)" "idm-2024-1|panel-2"
req "$BASE/submit?event=forum-25&session=closing&utm_source=event-page"
eq "another event and its session, from a shared link" "$(chosen)" "forum-25|closing"
req "$BASE/submit?event=idm-2024-1"
eq "event alone: the event chosen" "$(chosen)" "idm-2024-1|"
req "$BASE/submit?event=idm-2024-1&session=closing"
eq "a session of another event: the event only" "$(chosen)" "idm-2024-1|"
req "$BASE/submit?event=no-such-event&session=panel-1"
eq "an unknown event: 200" "$CODE" 200
eq "  nothing chosen" "$(chosen)" "|"
hasnt "  no error shown" "$BODY" "error-summary"
req "$BASE/submit?event=old-23&session=s1"
eq "a closed event: 200" "$CODE" 200
eq "  nothing chosen" "$(chosen)" "|"
req "$BASE/submit"
eq "no parameter (two open events): nothing chosen" "$(chosen)" "|"
# The form sent from the prefilled page stores both.
req "$BASE/submit?event=forum-25&session=closing"; tok=$(first_token)
req "$BASE/submit" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode event=forum-25 --data-urlencode session=closing \
    --data-urlencode "title=From the event page" --data-urlencode "speaker=Ana" \
    --data-urlencode organisation=acme --data-urlencode kind=panel \
    --data-urlencode language=en --data-urlencode format=text \
    --data-urlencode "body=Text." --data-urlencode submitter_name=Ana \
    --data-urlencode submitter_email=ana@example.org \
    --data-urlencode consent=yes --data-urlencode action=send
eq "sent from the prefilled form: 303" "$CODE" 303
eq "  stored in that event and session" "$(q "SELECT e.slug || '|' || s.slug FROM statement st JOIN event e ON e.id = st.event_id JOIN session s ON s.id = st.session_id WHERE st.title = 'From the event page'")" "forum-25|closing"

# ---- an embargo: "when", then the address when it is published --------------------------
mail_settle; : > "$T_DIR/mail.log"
submit "Embargoed statement" "Text under embargo."
E1=$PUB
mail_settle; : > "$T_DIR/mail.log"
review alice "$E1" approve publish_at=2031-06-01T14:00 publish_tz=Europe/Paris
eq "approve with a publish-at time: 303" "$CODE" 303
as alice "$BASE/moderate/$E1"
has "the review page shows the time in the event's zone" "$BODY" "1 June 2031, 14:00 Europe/Paris (CEST)"
m=$(mails)
has "the submitter is told it is approved" "$m" "Subject: Approved: Embargoed statement"
has "  and when it will be published, as the review page says it" "$m" "It will be published on 1 June 2031, 14:00 Europe/Paris (CEST)."
hasnt "  not that it is published" "$m" "is published"
hasnt "  nor its address, a 404 until then" "$m" "/s/$E1"
eq "the address is a 404 until then" "$(status "$BASE/s/$E1")" 404
eq "the publication mail waits in the outbox, due then" "$(q "SELECT count(*) FROM outbox WHERE statement_id = $(sid "$E1") AND state = 'pending' AND next_try = strftime('%s', '2031-06-01 12:00:00')")" 1
req "$BASE/healthz?detail=1"
has "a mail scheduled for later is not counted as waiting" "$BODY" "mail: 0 waiting"
# Killed before then: the scheduled mail is on disk, and the restarted
# dais sends it once its time has come.
kill -9 "$DAIS_PID" $(ps -o pid= --ppid "$DAIS_PID") 2>/dev/null
wait "$DAIS_PID" 2>/dev/null; DAIS_PID=
rm -f "$T_DIR/dais.sock"
t_start_dais || { t_finish; exit 1; }
eq "after kill -9: the publication mail is still queued" "$(q "SELECT count(*) FROM outbox WHERE statement_id = $(sid "$E1")")" 1
# The embargo ends (time moved, as publish.sh does).
q "UPDATE statement SET publish_at = strftime('%s', 'now') - 5 WHERE public_id = '$E1';
   UPDATE fragment SET due = strftime('%s', 'now') - 5 WHERE due > 0;
   UPDATE outbox SET next_try = strftime('%s', 'now') - 5 WHERE statement_id = $(sid "$E1");"
"$DAIS" mail send >/dev/null
m=$(mails)
has "when it is published: the mail with the address" "$m" "Subject: Published: Embargoed statement"
has "  its address" "$m" "$ORIGIN/statements/s/$E1"
eq "  which now answers" "$(status "$BASE/s/$E1")" 200
"$DAIS" mail send >/dev/null
q "UPDATE outbox SET next_try = 0" # anything left would be due now
"$DAIS" mail send >/dev/null
mail_settle
eq "sent once" "$(grep -c '^Subject: Published: Embargoed statement' "$T_DIR/mail.log")" 1
eq "  and gone from the outbox" "$(q "SELECT count(*) FROM outbox WHERE statement_id = $(sid "$E1")")" 0

# Withdrawn (or rejected) before the embargo ends: no "published" mail.
submit "Embargo then withdrawn"; E2=$PUB
submit "Embargo then rejected"; E3=$PUB
submit "Embargo then edited"; E4=$PUB
mail_settle; : > "$T_DIR/mail.log"
for e in "$E2" "$E3" "$E4"; do
	review alice "$e" approve publish_at=2031-06-01T14:00
	eq "approve $e with an embargo: 303" "$CODE" 303
done
mail_settle
eq "three publication mails scheduled" "$(q "SELECT count(*) FROM outbox WHERE next_try > strftime('%s', 'now')")" 3
review bob "$E2" withdraw
eq "withdrawn before the embargo ends: 303" "$CODE" 303
review bob "$E3" reject "reason=Not from this event"
eq "rejected before the embargo ends: 303" "$CODE" 303
review bob "$E4" edit session=panel-1 "title=Embargo then edited" "speaker=Ana Pérez" \
    organisation=acme kind=panel language=en format=text "body=Edited under embargo."
eq "edited under embargo: 303" "$CODE" 303
mail_settle
eq "only the edited one's publication mail is left" "$(q "SELECT statement_id FROM outbox WHERE next_try > strftime('%s', 'now')")" "$(sid "$E4")"
q "UPDATE statement SET publish_at = strftime('%s', 'now') - 5 WHERE public_id IN ('$E2', '$E3', '$E4');
   UPDATE outbox SET next_try = strftime('%s', 'now') - 5 WHERE next_try > strftime('%s', 'now');"
"$DAIS" mail send >/dev/null
m=$(mails)
hasnt "no publication mail for the withdrawn one" "$m" "Subject: Published: Embargo then withdrawn"
hasnt "no publication mail for the rejected one" "$m" "Subject: Published: Embargo then rejected"
has "the edited one's goes" "$m" "Subject: Published: Embargo then edited"
# Approving at once is as before: "is published" with the address.
submit "Published at once"; N1=$PUB
mail_settle; : > "$T_DIR/mail.log"
review alice "$N1" approve
m=$(mails)
has "approved without a time: published at once" "$m" "Subject: Published: Published at once"
has "  with its address" "$m" "$ORIGIN/statements/s/$N1"

# ---- held submissions reach the moderators ------------------------------------------------
mail_settle; : > "$T_DIR/mail.log"
submit "Win the lottery" "A statement about the casino economy."
H1=$PUB
eq "held: pending" "$(st state "$H1")" pending
check "held: a hold reason stored" test -n "$(st hold_reason "$H1")"
mails >/dev/null
m=$(mail_with "To: alice@example.org")
has "the moderators are told of a held submission" "$m" "Subject: Held statement to review: Win the lottery"
has "  that it is held, and why" "$m" "is held for a closer look (contains “casino”)"
has "  with its review page" "$m" "$ORIGIN/statements/moderate/$H1"
has "bob too" "$(mail_with "To: bob@example.org")" "Held statement to review"
"$DAIS" config set hold_links 1 >/dev/null
: > "$T_DIR/mail.log"
FORMAT=markdown submit "Many links" "See [a](https://a.example), [b](https://b.example) and [c](https://c.example)."
mails >/dev/null
has "held for links: told, with why" "$(mail_with "To: alice@example.org")" "is held for a closer look (3 links)"
"$DAIS" config set hold_links 10 >/dev/null
: > "$T_DIR/mail.log"
submit "Ordinary statement"
mails >/dev/null
has "an ordinary submission: as before" "$(mail_with "To: alice@example.org")" "Subject: New statement to review: Ordinary statement"
hasnt "  not said to be held" "$(mail_with "To: alice@example.org")" "held"

# ---- a bulk form's reason is for its rejections -----------------------------------------
submit "Bulk approve"; B1=$PUB
submit "Bulk reject"; B2=$PUB
as bob "$BASE/moderate?q=Bulk"; qtok=$(last_token)
as bob "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$qtok" \
    --data-urlencode state=pending --data-urlencode action=approve \
    --data-urlencode "decision=$B1:1" --data-urlencode "reason=Not from this event"
eq "bulk: 303" "$CODE" 303
as bob "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$qtok" \
    --data-urlencode state=pending --data-urlencode action=reject \
    --data-urlencode "decision=$B2:1" --data-urlencode "reason=Not from this event"
eq "bulk reject: 303" "$CODE" 303
eq "bulk: approved" "$(st state "$B1")" approved
eq "bulk: the approval logged without the reason" "$(q "SELECT reason FROM audit WHERE action = 'approve' AND statement_id = $(sid "$B1")")" ""
eq "bulk: the rejection logged with it" "$(q "SELECT reason FROM audit WHERE action = 'reject' AND statement_id = $(sid "$B2")")" "Not from this event"
as bob "$BASE/moderate/$B1"
hasnt "bulk: the approval's history shows no reason" "$BODY" "Not from this event"

# ---- the conflict page after a decision ---------------------------------------------------
submit "Version alice saw" "The text alice read."; C1=$PUB
req -H "Cookie: dais_session=${CK[alice]}; dais_lang=fr" "$BASE/moderate/$C1"
atok=$(last_token)
review bob "$C1" edit session=panel-2 "title=Version bob saved" "speaker=Ana Pérez" \
    organisation=acme kind=panel language=fr format=text "body=The text bob wrote."
eq "bob edits meanwhile: 303" "$CODE" 303
req -H "Cookie: dais_session=${CK[alice]}; dais_lang=fr" "$BASE/moderate/$C1" \
    -H "Origin: $ORIGIN" --data-urlencode "csrf=$atok" \
    --data-urlencode action=approve --data-urlencode rev=1
eq "alice approves the old revision: 409" "$CODE" 409
tried=$(printf '%s' "$BODY" | tr -d '\n' | grep -o '<details class="tried">.*</details>' | sed 's|</details>.*||')
check "the conflict page has the Your version box" test -n "$tried"
has "  with the version alice was looking at" "$tried" "Version alice saw"
has "  its text" "$tried" "The text alice read."
has "  its session" "$tried" "Panel one"
hasnt "  not bob's" "$tried" "Version bob saved"
has "  marked with the statement's language tag" "$tried" "id=\"dais-$C1-yours\" lang=\"en\""
hasnt "no language name where a tag belongs" "$BODY" 'lang="Français"'
check "every lang attribute is a tag" bash -c '! grep -o " lang=\"[^\"]*\"" "$1" | grep -vqE "lang=\"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*\""' _ "$T_DIR/body"
has "the summary names the statement's language as it now is" "$BODY" "<dd>Français</dd>"
eq "nothing applied" "$(st "state || ' ' || rev" "$C1")" "pending 2"

t_finish
