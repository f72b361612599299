#!/bin/bash
# flow.sh — moderation that flows, through a real nginx: the review page's
# banner after every decision (what happened, what the submitter sees,
# Undo, the next waiting statement), "Approve and next", headings that
# follow the state with the published page's link, and a rejection without
# a reason marked at its field.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
t_start_nginx && t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT

q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
tokens() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | sed 's/.*value="//; s/"$//'; }
first_token() { tokens | head -1; }
last_token() { tokens | tail -1; }
# The banner of the last page, on one line (empty when there is none).
banner() {
	awk '/<div class="notice decision-banner"/ { on = 1 }
	    on { printf "%s", $0; if ($0 == "</div>" && ++n == 2) exit }' "$T_DIR/body"
}
# The text of the banner's first paragraph, tags removed.
banner_text() { banner | sed 's|^[^>]*><p>||; s|</p>.*||; s|<[^>]*>||g; s/  */ /g; s/^ //; s/ $//'; }

req "$BASE/login"
tok=$(first_token)
req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode user=alice \
    --data-urlencode password=alice-password-1 --data-urlencode "csrf=$tok"
COOKIE=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | head -1 |
    sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
[ -n "$COOKIE" ] || { fail "sign in"; t_finish; exit 1; }
as() { req -H "Cookie: dais_session=$COOKIE" "$@"; }

# submit TITLE: a statement sent through the public form; PUB its id.
submit() {
	local tok
	req "$BASE/submit"; tok=$(first_token)
	req "$BASE/submit" -H "Origin: $ORIGIN" --form-string event=conf24 \
	    --form-string session=opening --form-string "title=$1" \
	    --form-string "speaker=Ana Pérez" --form-string organisation=acme \
	    --form-string kind=panel --form-string language=en \
	    --form-string format=text --form-string "body=The text of $1." \
	    --form-string "submitter_name=Ana Pérez" \
	    --form-string submitter_email=ana@example.org \
	    --form-string consent=yes --form-string action=send \
	    --form-string "csrf=$tok"
	[ "$CODE" = 303 ] || fail "submission [$1]: $CODE"
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
	# a second apart, so that the queue's order (oldest first) is sure
	q "UPDATE statement SET created = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (100 - id) || ' minutes') WHERE id = (SELECT max(id) FROM statement)"
}
st() { q "SELECT $1 FROM statement WHERE public_id = '$2'"; }
# decide ID ACTION REV [FIELD=VALUE...]: a decision with the token of a
# fresh review page.
decide() {
	local id=$1 act=$2 rev=$3 a=() kv tok; shift 3
	as "$BASE/moderate/$id"; tok=$(last_token)
	for kv in "$@"; do a+=(--data-urlencode "$kv"); done
	as "$BASE/moderate/$id" -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$tok" --data-urlencode "action=$act" \
	    --data-urlencode "rev=$rev" "${a[@]}"
}

for i in 1 2 3 4 5 6; do submit "Flow statement $i"; S[$i]=$PUB; done

# ---- the page before any decision: no banner, the heading of a waiting one
as "$BASE/moderate/${S[1]}"
eq "review: 200" "$CODE" 200
eq "review: no banner without a decision" "$(banner)" ""
has "waiting: the heading" "$BODY" "<h2>As it will be published</h2>"
hasnt "waiting: no published page" "$BODY" "View the published page"
has "review: Approve and next" "$BODY" '<button class="button button-secondary" type="submit" name="then" value="next">Approve and next</button>'
hasnt "no error: the edit panel closed" "$BODY" '<details class="edit" open>'

# ---- approve: the banner, Undo, the next waiting statement
decide "${S[1]}" approve 1
eq "approve: 303" "$CODE" 303
eq "approve: to the same page with its banner" "$(grep -i '^Location:' "$T_DIR/headers" | cut -d' ' -f2- | tr -d '\r')" "/statements/moderate/${S[1]}?done=approved&rev=$(st rev "${S[1]}")"
as "$BASE/moderate/${S[1]}?done=approved&rev=$(st rev "${S[1]}")"
eq "approved page: 200" "$CODE" 200
eq "approved: the banner's words" "$(banner_text)" "Approved and published. The submitter&#39;s status page now says it is published."
has "approved: Undo, a POST with the current revision" "$(banner)" '<input type="hidden" name="rev" value="2"><input type="hidden" name="action" value="undo"><input type="hidden" name="then" value="undo"><button class="button button-secondary" type="submit">Undo</button>'
has "approved: the next waiting statement, oldest first" "$(banner)" "<a class=\"next-link\" href=\"/statements/moderate/${S[2]}\">Next waiting statement (5 left)</a>"
has "published: the heading" "$BODY" "<h2>As published</h2>"
has "published: the public page linked" "$BODY" "<a href=\"/statements/s/${S[1]}\">View the published page</a>"
eq "published: the public page is there" "$(status "$BASE/s/${S[1]}")" 200
req "$BASE/fragment/statement/${S[1]}"
has "published: in its fragment" "$BODY" "Flow statement 1"

# A done= that is not one of the words, or a state that moved on: no banner.
as "$BASE/moderate/${S[1]}?done=%3Cscript%3E"
eq "an unknown done=: 200" "$CODE" 200
eq "an unknown done=: no banner" "$(banner)" ""
hasnt "an unknown done=: not echoed" "$BODY" "<script>"
as "$BASE/moderate/${S[1]}?done=rejected&rev=$(st rev "${S[1]}")"
eq "done= of another state: no banner" "$(banner)" ""
as "$BASE/moderate/${S[1]}?done=approved&rev=1"
eq "the revision before the decision: no banner (a later change ends it)" "$(banner)" ""
as "$BASE/moderate/${S[1]}?done=approved"
eq "no revision: no banner" "$(banner)" ""
as "$BASE/moderate/${S[1]}?done=approved&extra=1"
eq "an unknown parameter: 400" "$CODE" 400
as "$BASE/moderate/${S[2]}?done=approved&prev=..%2Fx"
eq "prev= not a reference: 200" "$CODE" 200
eq "prev= not a reference: no banner" "$(banner)" ""

# ---- Undo: CSRF, a stale revision, then the real thing
as "$BASE/moderate/${S[1]}" -H "Origin: $ORIGIN" --data-urlencode action=undo \
    --data-urlencode rev=2 --data-urlencode then=undo
eq "undo without a token: 403" "$CODE" 403
eq "undo without a token: still published" "$(st "state || ' ' || rev" "${S[1]}")" "approved 2"
decide "${S[1]}" undo 1 then=undo
eq "undo with a stale revision: the conflict page (409)" "$CODE" 409
has "undo with a stale revision: says so" "$BODY" "This statement changed while you were looking at it"
eq "undo with a stale revision: still published" "$(st "state || ' ' || rev" "${S[1]}")" "approved 2"
audit0=$(q "SELECT count(*) FROM audit")
decide "${S[1]}" undo 2 then=undo
eq "undo: 303" "$CODE" 303
eq "undo: to the page with its banner" "$(grep -i '^Location:' "$T_DIR/headers" | cut -d' ' -f2- | tr -d '\r')" "/statements/moderate/${S[1]}?done=undone&rev=$(st rev "${S[1]}")"
eq "undo: waiting again" "$(st "state || ' ' || rev" "${S[1]}")" "pending 3"
eq "undo: in the audit log" "$(q "SELECT actor || '|' || action || '|' || rev_before || '|' || rev_after FROM audit ORDER BY id DESC LIMIT 1")" "alice|undo|2|3"
eq "undo: one audit row" "$(q "SELECT count(*) FROM audit")" "$((audit0 + 1))"
eq "undo: the public page is gone" "$(status "$BASE/s/${S[1]}")" 404
req "$BASE/fragment/statement/${S[1]}"
eq "undo: its fragment re-rendered: 200" "$CODE" 200
hasnt "undo: its fragment re-rendered: empty" "$BODY" "Flow statement 1"
as "$BASE/moderate/${S[1]}?done=undone&rev=$(st rev "${S[1]}")"
eq "undone: the banner's words" "$(banner_text)" "Decision undone. The statement waits for review again and nothing public shows it. The submitter&#39;s status page says it is waiting for review."
hasnt "undone: no Undo of the undo" "$(banner)" "Undo</button>"
has "undone: the next, this one not counted" "$(banner)" "Next waiting statement (5 left)</a>"
has "undone: the heading again" "$BODY" "<h2>As it will be published</h2>"
decide "${S[1]}" undo 3 then=undo
eq "undo of a waiting one: 409" "$CODE" 409

# ---- Approve and next: lands on the next one, the banner about this one
decide "${S[1]}" approve 3 then=next
eq "approve and next: 303" "$CODE" 303
eq "approve and next: to the next waiting statement" "$(grep -i '^Location:' "$T_DIR/headers" | cut -d' ' -f2- | tr -d '\r')" "/statements/moderate/${S[2]}?done=approved&rev=$(st rev "${S[1]}")&prev=${S[1]}"
eq "approve and next: approved" "$(st state "${S[1]}")" approved
as "$BASE/moderate/${S[2]}?done=approved&rev=$(st rev "${S[1]}")&prev=${S[1]}"
eq "next page: 200" "$CODE" 200
has "next page: the title of the one approved, linked" "$(banner)" "<a href=\"/statements/moderate/${S[1]}\"><bdi>Flow statement 1</bdi></a>: <strong>Approved and published.</strong>"
has "next page: Undo acts on the one approved" "$(banner)" "<form method=\"post\" action=\"/statements/moderate/${S[1]}\" class=\"undo-form\">"
has "next page: its revision" "$(banner)" '<input type="hidden" name="rev" value="4">'
has "next page: the one after, this one not counted" "$(banner)" "<a class=\"next-link\" href=\"/statements/moderate/${S[3]}\">Next waiting statement (4 left)</a>"
has "next page: its own heading" "$BODY" "<h1>Flow statement 2</h1>"
for i in 2 3 4 5; do decide "${S[$i]}" approve 1 then=next; done
eq "approve and next four times: the last to the sixth" "$(grep -i '^Location:' "$T_DIR/headers" | cut -d' ' -f2- | tr -d '\r')" "/statements/moderate/${S[6]}?done=approved&rev=$(st rev "${S[5]}")&prev=${S[5]}"
as "$BASE/moderate/${S[6]}?done=approved&rev=$(st rev "${S[5]}")&prev=${S[5]}"
eq "the last waiting: none other" "$(banner | grep -o '<p class="next-none">[^<]*')" '<p class="next-none">No other statement is waiting. '
has "the last waiting: back to the queue" "$(banner)" '<a href="/statements/moderate">Back to the queue</a>'
decide "${S[6]}" approve 1 then=next
eq "approve and next with none left: this page" "$(grep -i '^Location:' "$T_DIR/headers" | cut -d' ' -f2- | tr -d '\r')" "/statements/moderate/${S[6]}?done=approved&rev=$(st rev "${S[6]}")"
as "$BASE/moderate/${S[6]}?done=approved&rev=$(st rev "${S[6]}")"
eq "none left: says so" "$(banner | grep -o '<p class="next-none">[^<]*')" '<p class="next-none">No statement is waiting. '
hasnt "none left: no next link" "$(banner)" "next-link"
eq "six published" "$(q "SELECT count(*) FROM statement WHERE state = 'approved'")" 6

# ---- reject, request changes, spam, withdraw, restore, edit: each its banner
submit "To reject"; R=$PUB
decide "$R" reject 1 "reason=Off-topic for this session & <event>."
eq "reject: 303" "$CODE" 303
eq "reject: its banner's address" "$(grep -i '^Location:' "$T_DIR/headers" | cut -d' ' -f2- | tr -d '\r')" "/statements/moderate/$R?done=rejected&rev=$(st rev "$R")"
as "$BASE/moderate/$R?done=rejected&rev=$(st rev "$R")"
eq "rejected: the reason the submitter sees, escaped" "$(banner_text)" "Rejected. The submitter sees your reason: “Off-topic for this session &amp; &lt;event&gt;.”."
has "rejected: Undo restores" "$(banner)" '<input type="hidden" name="action" value="restore"><input type="hidden" name="then" value="undo">'
has "rejected: the heading" "$BODY" "<h2>As it was sent (not published)</h2>"
hasnt "rejected: no published page" "$BODY" "View the published page"
decide "$R" restore 2 then=undo
eq "undo a rejection: 303 to the undone banner" "$(grep -i '^Location:' "$T_DIR/headers" | cut -d' ' -f2- | tr -d '\r')" "/statements/moderate/$R?done=undone&rev=$(st rev "$R")"
eq "undo a rejection: waiting" "$(st state "$R")" pending
eq "undo a rejection: in the audit log" "$(q "SELECT action FROM audit ORDER BY id DESC LIMIT 1")" restore

decide "$R" request_changes 3 "reason=Please add the date."
as "$BASE/moderate/$R?done=changes&rev=$(st rev "$R")"
eq "changes requested: the banner" "$(banner_text)" "Changes requested. The submitter was asked: “Please add the date.”. They can correct the statement from their status page; once they save it, it waits for review again."
has "changes requested: Undo" "$(banner)" '<input type="hidden" name="action" value="undo">'
decide "$R" undo 4 then=undo
eq "undo changes requested: waiting, the message gone" "$(st "state || '|' || moderator_note" "$R")" "pending|"

decide "$R" spam 5
as "$BASE/moderate/$R?done=spam&rev=$(st rev "$R")"
eq "spam: the banner" "$(banner_text)" "Marked as spam. Nothing is sent to the submitter. Their status page says “Spam”."
decide "$R" restore 6
eq "restore: its banner's address" "$(grep -i '^Location:' "$T_DIR/headers" | cut -d' ' -f2- | tr -d '\r')" "/statements/moderate/$R?done=restored&rev=$(st rev "$R")"
as "$BASE/moderate/$R?done=restored&rev=$(st rev "$R")"
eq "restored: the banner" "$(banner_text)" "Back in the queue. It waits for review again, and the submitter&#39;s status page says so."

decide "$R" approve 7
decide "$R" withdraw 8
as "$BASE/moderate/$R?done=withdrawn&rev=$(st rev "$R")"
eq "withdrawn: the banner" "$(banner_text)" "Withdrawn from publication. It no longer appears on the site or where it is embedded. The submitter&#39;s status page says it was withdrawn."
has "withdrawn: Undo restores" "$(banner)" '<input type="hidden" name="rev" value="9"><input type="hidden" name="action" value="restore">'

# edit of a published statement
decide "${S[2]}" edit 2 session=opening "title=Flow statement 2, edited" \
    "speaker=Ana Pérez" organisation=acme kind=panel language=en format=text \
    "body=The text, edited."
eq "edit: 303 to its banner" "$(grep -i '^Location:' "$T_DIR/headers" | cut -d' ' -f2- | tr -d '\r')" "/statements/moderate/${S[2]}?done=edited&rev=$(st rev "${S[2]}")"
as "$BASE/moderate/${S[2]}?done=edited&rev=$(st rev "${S[2]}")"
eq "edited: the banner" "$(banner_text)" "Changes saved. The published page and every copy embedded elsewhere show them now."
hasnt "edited: no Undo" "$(banner)" "Undo</button>"

# ---- an embargo: the heading says when
submit "Later"; L=$PUB
decide "$L" approve 1 "publish_at=2099-01-02T10:00" publish_tz=UTC
eq "embargo: 303" "$CODE" 303
as "$BASE/moderate/$L?done=approved&rev=$(st rev "$L")"
has "embargo: the banner says when" "$(banner_text)" "Approved: it will be published on"
has "embargo: the heading" "$BODY" "<h2>As it will be published</h2>"
has "embargo: not public yet" "$BODY" '<p class="public-link">Not public yet: it will be published on'
hasnt "embargo: no published page link" "$BODY" "View the published page"
decide "$L" undo 2 then=undo
eq "embargo undone: waiting, its times gone" "$(st "state || '|' || publish_at || '|' || published" "$L")" "pending|0|"
decide "$L" approve 3
eq "approved again now: published now, not at the old embargo" "$(st "publish_at = 0 AND published < '2030'" "$L")" 1

# ---- a time to publish that is not one: marked at its field, kept
submit "Bad time"; B=$PUB
decide "$B" approve 1 "publish_at=2099-13-45T10:00" publish_tz=UTC
eq "a bad time: 422" "$CODE" 422
has "a bad time: its panel open" "$BODY" '<details class="embargo" open>'
has "a bad time: the message at the field" "$BODY" '<p class="error-message" id="publish_at-error"><span class="visually-hidden">Error:</span> Enter the time to publish'
has "a bad time: marked, what was typed kept" "$BODY" 'value="2099-13-45T10:00" aria-describedby="publish_at-hint publish_at-zone publish_at-error" aria-invalid="true">'
hasnt "a bad time: the edit panel closed" "$BODY" '<details class="edit" open>'
eq "a bad time: unchanged" "$(st "state || ' ' || rev" "$B")" "pending 1"

# ---- a rejection without a reason: the field marked, the edit panel closed
submit "No reason"; N=$PUB
decide "$N" reject 1
eq "reject without a reason: 422" "$CODE" 422
has "reject without a reason: in the summary, linked" "$BODY" '<li><a href="#reason-reject">Give a reason: the submitter will see it</a></li>'
has "reject without a reason: the message at the field" "$BODY" '<p class="error-message" id="reason-reject-error"><span class="visually-hidden">Error:</span> Give a reason: the submitter will see it</p>'
has "reject without a reason: the box marked" "$BODY" '<textarea class="textarea textarea-short" id="reason-reject" name="reason" rows="3" aria-invalid="true" aria-describedby="reason-reject-error"></textarea>'
has "reject without a reason: the choice marked" "$BODY" '<select class="select" id="reason-choice" name="reason_choice" aria-invalid="true" aria-describedby="reason-reject-error">'
has "reject without a reason: the summary takes the focus" "$BODY" '<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>'
hasnt "reject without a reason: the edit panel stays closed" "$BODY" '<details class="edit" open>'
hasnt "reject without a reason: the translation panel too" "$BODY" '<details class="translate" open>'
hasnt "reject without a reason: the other reason box unmarked" "$BODY" 'id="reason-request_changes" name="reason" rows="3" aria-invalid'
eq "reject without a reason: unchanged" "$(st "state || ' ' || rev" "$N")" "pending 1"
MARKS="e$(printf '\xcc\x81%.0s' $(seq 1 40))"
decide "$N" request_changes 1 "reason=$MARKS"
eq "an unreadable request: 422" "$CODE" 422
has "an unreadable request: its own box marked" "$BODY" 'id="reason-request_changes" name="reason" rows="3" aria-invalid="true"'
has "an unreadable request: what was typed kept" "$BODY" "$MARKS</textarea>"
# An error in the edit form still opens its panel.
decide "$N" edit 1 session=opening "title=" "speaker=Ana Pérez" \
    organisation=acme kind=panel language=en format=text "body=Text."
eq "edit without a title: 422" "$CODE" 422
has "edit without a title: its panel open" "$BODY" '<details class="edit" open>'

# ---- with mail: the banner says what is e-mailed; Undo sends nothing
printf '#!/bin/sh\ncat >> "%s"\necho "----- end of message -----" >> "%s"\n' \
    "$T_DIR/mail.log" "$T_DIR/mail.log" > "$T_DIR/mailer" && chmod +x "$T_DIR/mailer"
"$DAIS" config set mail_command "$T_DIR/mailer -t -i" >/dev/null &&
"$DAIS" config set base_url "http://127.0.0.1:$PORT/statements" >/dev/null ||
    fail "mail settings"
nmails() { grep -c -- '^----- end of message -----$' "$T_DIR/mail.log" 2>/dev/null || true; }
submit "Mailed"; M=$PUB
mail_settle; n0=$(nmails)
decide "$M" approve 1
as "$BASE/moderate/$M?done=approved&rev=$(st rev "$M")"
eq "with mail: the banner says it is e-mailed" "$(banner_text)" "Approved and published. The submitter&#39;s status page now says it is published. The submitter is e-mailed its address."
mail_settle
eq "with mail: the approval mailed" "$(nmails)" "$((n0 + 1))"
decide "$M" undo 2 then=undo
as "$BASE/moderate/$M?done=undone&rev=$(st rev "$M")"
has "with mail: Undo says the e-mail stays sent" "$(banner_text)" "An e-mail already sent about the decision is not taken back."
mail_settle
eq "with mail: Undo sends nothing" "$(nmails)" "$((n0 + 1))"
decide "$M" reject 3 "reason=Not for this event."
as "$BASE/moderate/$M?done=rejected&rev=$(st rev "$M")"
eq "with mail: the rejection's banner" "$(banner_text)" "Rejected. The submitter sees your reason: “Not for this event.”. It is e-mailed to them too."
mail_settle
eq "with mail: the rejection mailed" "$(nmails)" "$((n0 + 2))"
# Undone before the mail went: it never goes. The sender is stopped so
# that the request's mail waits in the outbox.
sender=$(ps -o pid=,comm= --ppid "$DAIS_PID" | awk '$2 == "dais-mail" { print $1 }')
check "with mail: the sender found" [ -n "$sender" ]
decide "$M" restore 4 then=undo
kill -STOP $sender
decide "$M" request_changes 5 "reason=Please add the date."
eq "with mail: the request for changes queued" "$(q "SELECT count(*) FROM outbox WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$M') AND state = 'pending'")" 1
decide "$M" undo 6 then=undo
eq "with mail: undone before it went, it is not sent" "$(q "SELECT count(*) FROM outbox WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$M') AND state = 'pending'")" 0
kill -CONT $sender
mail_settle
eq "with mail: nothing more sent" "$(nmails)" "$((n0 + 2))"

t_finish
