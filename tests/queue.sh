#!/bin/bash
# queue.sh — the moderation queue and the audit log (issue 13, point 6)
# through a real nginx: a box per version and "Approve / Reject / Mark
# selected as spam" (a banner that counts, a statement changed meanwhile
# reported and left alone, a rejection without a reason shown again with
# the boxes still ticked, limits), each row's excerpt and language, the
# session filter grouped by event, "No match here — 2 in Published", and
# the audit log in words with its filters (moderator, action, event, days)
# and their checks.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" session add conf24 youth --title "Youth panel" >/dev/null &&
"$DAIS" event add summit25 --title "Summit 2025" --starts 2025-03-01 >/dev/null &&
"$DAIS" session add summit25 opening --title "Summit opening" >/dev/null &&
"$DAIS" session add summit25 closing --title "Closing session" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin --email alice@example.org &&
echo 'bob-password-22' | "$DAIS" moderator add bob --email bob@example.org &&
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
declare -A CK
signin() {
	local tok
	req "$BASE/login"; tok=$(first_token)
	req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode "user=$1" \
	    --data-urlencode "password=$2" --data-urlencode "csrf=$tok"
	CK[$1]=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | head -1 |
	    sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
}
as() { local u=$1; shift; req -H "Cookie: dais_session=${CK[$u]}" "$@"; }
signin alice alice-password-1
signin bob bob-password-22

declare -A F
submit() {
	local a=() k kv tok
	F=([event]=conf24 [session]=opening [title]="$1" [speaker]="Ana Pérez"
	   [organisation]=acme [kind]=panel [language]=en [format]=text
	   [body]="A short statement." [submitter_name]="Ana Pérez"
	   [submitter_email]="ana@example.org" [consent]=yes [action]=send)
	shift
	for kv in "$@"; do F[${kv%%=*}]=${kv#*=}; done
	req "$BASE/submit"; tok=$(first_token)
	for k in "${!F[@]}"; do a+=(--form-string "$k=${F[$k]}"); done
	req "$BASE/submit" -H "Origin: $ORIGIN" "${a[@]}" --form-string "csrf=$tok"
	[ "$CODE" = 303 ] || fail "submission [${F[title]}]: $CODE"
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
}
st() { q "SELECT $1 FROM statement WHERE public_id = '$2'"; }
rows() { grep -c 'class="queue-item"' "$T_DIR/body"; }
# bulk USER FIELD=VALUE...: the bulk form with the token of a fresh queue.
bulk() {
	local u=$1 a=() kv tok; shift
	as "$u" "$BASE/moderate"; tok=$(last_token)
	for kv; do a+=(--data-urlencode "$kv"); done
	as "$u" "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" "${a[@]}"
}

LONG="Migration is a defining feature of our century, and the coalition asks the states gathered here to open regular pathways for workers and families, to end detention of children, and to protect every person at sea without exception or delay, whatever their papers say."
submit "Migration pathways" body="$LONG"; S1=$PUB
submit "Voces jóvenes" session=youth language=es body="Los jóvenes piden un lugar en la mesa."; S2=$PUB
submit "Summit opening words" event=summit25 session=opening body="Welcome to the summit."; S3=$PUB
submit "Bulk one"; B1=$PUB
submit "Bulk two"; B2=$PUB
submit "Bulk three"; B3=$PUB
submit "Bulk four"; B4=$PUB
submit "Bulk five"; B5=$PUB
submit "Reject me"; R1=$PUB
submit "Reject me too"; R2=$PUB
submit "Spam me"; P1=$PUB
submit "Wordy" body="$(printf 'x%.0s' $(seq 1 250)) end"; W1=$PUB

# ---- the rows: a box each, excerpt, language ----------------------------------------
as bob "$BASE/moderate"
eq "queue: 200" "$CODE" 200
eq "queue: one box per pending statement" "$(grep -c 'name="decision"' "$T_DIR/body")" 12
has "queue: the box's value is the reference and revision" "$BODY" "<input class=\"queue-box\" type=\"checkbox\" id=\"c-$B1\" name=\"decision\" value=\"$B1:1\">"
has "queue: the box's hidden label names the statement" "$BODY" "<label class=\"visually-hidden\" for=\"c-$S1\">Select “Migration pathways”</label>"
has "queue: select all, hidden without the script" "$BODY" '<div class="select-all" id="select-all-box" hidden>'
has "queue: approve selected" "$BODY" '<button class="button" type="submit" name="action" value="approve">Approve selected</button>'
has "queue: reject selected" "$BODY" 'name="action" value="reject">Reject selected</button>'
has "queue: spam selected" "$BODY" 'name="action" value="spam">Mark selected as spam</button>'
hasnt "queue: no select per row any more" "$BODY" '<select class="select" id="d-'
has "queue: the script, from a file" "$BODY" '<script src="/statements/static/queue.js" defer></script>'
req "$BASE/static/queue.js"
eq "queue.js: 200" "$CODE" 200
eq "queue.js: a script" "$(header Content-Type)" "text/javascript; charset=utf-8"
as bob "$BASE/moderate"
want="Migration is a defining feature of our century, and the coalition asks the states gathered here to open regular pathways for workers and families, to end detention of children, and to protect every…"
has "excerpt: cut at a word, about 200 characters" "$BODY" "<p class=\"queue-excerpt\" lang=\"en\">$want</p>"
eq "excerpt: the cut text is at most 200 characters" "$(( ${#want} - 1 <= 200 ))" 1
has "excerpt: a short one whole" "$BODY" '<p class="queue-excerpt" lang="es">Los jóvenes piden un lugar en la mesa.</p>'
has "excerpt: one long word cut at 200 characters" "$BODY" "<p class=\"queue-excerpt\" lang=\"en\">$(printf 'x%.0s' $(seq 1 200))…</p>"
has "language badge: Spanish" "$BODY" '<span class="tag tag-lang" lang="es">Español</span>'
eq "language badges: one per row" "$(grep -c 'class="tag tag-lang"' "$T_DIR/body")" 12

# ---- the session filter, grouped by event --------------------------------------------
has "sessions: grouped by event" "$BODY" '<optgroup label="Conference 2024" data-event="conf24">'
has "sessions: the other event's group" "$BODY" '<optgroup label="Summit 2025" data-event="summit25">'
has "sessions: listed without choosing an event" "$BODY" '<option value="summit25/opening">Summit opening</option>'
has "sessions: same short name in another event" "$BODY" '<option value="conf24/opening">Opening plenary</option>'
as bob "$BASE/moderate?session=summit25/opening"
eq "session filter: 200" "$CODE" 200
eq "session filter: only that event's session" "$(rows)" 1
has "session filter: the right statement" "$BODY" "Summit opening words"
has "session filter: its option selected" "$BODY" '<option value="summit25/opening" selected>'
has "session filter: its event selected" "$BODY" '<option value="summit25" selected>'
has "session filter: kept in the tabs" "$BODY" "state=approved&amp;event=summit25&amp;session=opening&amp;q="
as bob "$BASE/moderate?event=conf24&session=youth"
eq "session filter, older address: 1 row" "$(rows)" 1
has "session filter, older address: the right one" "$BODY" "Voces jóvenes"

# ---- bulk: approve three by their boxes ------------------------------------------------
# (B3's box sent twice, as a double submission would: decided once, not
# reported as changed by someone else.)
bulk bob action=approve "decision=$B1:1" "decision=$B2:1" "decision=$B3:1" "decision=$B3:1"
eq "approve 3: 303" "$CODE" 303
loc=$(header Location)
eq "approve 3: back to the queue, saying so" "$loc" "/statements/moderate?state=pending&event=&session=&q=&page=1&done=3&did=approve&changed=&left="
eq "approve 3: all approved" "$(q "SELECT group_concat(state) FROM statement WHERE public_id IN ('$B1','$B2','$B3')")" "approved,approved,approved"
eq "approve 3: in the audit log as bob's" "$(q "SELECT count(*) FROM audit WHERE actor = 'bob' AND action = 'approve'")" 3
as bob "$ORIGIN$loc"
has "approve 3: the banner" "$BODY" '<div class="notice bulk-result" role="status" id="bulk-result">
<p>3 statements approved and published.</p>'
eq "approve 3: 9 boxes left" "$(grep -c 'name="decision"' "$T_DIR/body")" 9

# ---- bulk: a statement changed meanwhile is reported, not overwritten -------------------
as alice "$BASE/moderate/$B4"; tok=$(last_token)
as alice "$BASE/moderate/$B4" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode action=edit --data-urlencode rev=1 --data-urlencode session=opening \
    --data-urlencode "title=Bulk four edited" --data-urlencode "speaker=Ana Pérez" \
    --data-urlencode organisation=acme --data-urlencode kind=panel --data-urlencode language=en \
    --data-urlencode format=text --data-urlencode "body=Changed meanwhile"
eq "stale: edited meanwhile (rev 2)" "$(st rev "$B4")" 2
bulk bob action=approve "decision=$B4:1" "decision=$B5:1"
eq "stale: 303" "$CODE" 303
eq "stale: the changed one left as it is" "$(st "state || ' ' || rev || ' ' || title" "$B4")" "pending 2 Bulk four edited"
eq "stale: the other approved" "$(st state "$B5")" approved
as bob "$ORIGIN$(header Location)"
has "stale: the banner counts one" "$BODY" "<p>1 statement approved and published.</p>"
has "stale: the changed one named, linked" "$BODY" "<p>Changed by someone else while you were deciding, so left as it is: <a href=\"/statements/moderate/$B4\"><bdi>Bulk four edited</bdi></a> <span class=\"ref\">$B4</span></p>"
bulk bob action=approve "decision=$B5:2"
eq "no longer waiting: 303" "$CODE" 303
as bob "$ORIGIN$(header Location)"
has "no longer waiting: 0 counted" "$BODY" "<p>0 statements approved and published.</p>"
has "no longer waiting: named" "$BODY" "<p>No longer waiting for review, so left as it is: <a href=\"/statements/moderate/$B5\"><bdi>Bulk five</bdi></a>"

# ---- bulk: reject needs a reason ------------------------------------------------------
bulk bob action=reject "decision=$R1:1" "decision=$R2:1" "reason=   "
eq "reject without reason: 422" "$CODE" 422
has "reject without reason: the error summary" "$BODY" '<li><a href="#bulk-reason">Give a reason for the rejection: the submitters will see it</a></li>'
has "reject without reason: the box marked" "$BODY" '<div class="form-group form-group-error">
<label class="label" for="bulk-reason">'
has "reject without reason: the message at the box" "$BODY" '<p class="error-message" id="bulk-reason-error">'
has "reject without reason: aria-invalid" "$BODY" 'aria-describedby="bulk-reason-hint bulk-reason-error" aria-invalid="true"'
has "reject without reason: first box still ticked" "$BODY" "name=\"decision\" value=\"$R1:1\" checked>"
has "reject without reason: second box still ticked" "$BODY" "name=\"decision\" value=\"$R2:1\" checked>"
hasnt "reject without reason: the others not ticked" "$BODY" "value=\"$P1:1\" checked"
eq "reject without reason: nothing changed" "$(st state "$R1") $(st state "$R2")" "pending pending"
bulk bob action=reject "decision=$R1:1" "decision=$R2:1" "reason=Not from this event."
eq "reject with a reason: 303" "$CODE" 303
eq "reject with a reason: both rejected, with it" "$(q "SELECT group_concat(state || '|' || moderator_note) FROM statement WHERE public_id IN ('$R1','$R2')")" "rejected|Not from this event.,rejected|Not from this event."
as bob "$ORIGIN$(header Location)"
has "reject: the banner" "$BODY" "<p>2 statements rejected: their submitters will see your reason.</p>"
bulk bob action=spam "decision=$P1:1" "reason=ignored for spam"
eq "spam: 303" "$CODE" 303
eq "spam: marked, no reason kept" "$(st "state || '|' || moderator_note" "$P1")" "spam|"
as bob "$ORIGIN$(header Location)"
has "spam: the banner" "$BODY" "<p>1 statement marked as spam.</p>"

# ---- bulk: limits and refusals ----------------------------------------------------------
bulk bob action=approve
eq "no box ticked: 422" "$CODE" 422
has "no box ticked: said" "$BODY" '<a href="#queue-list">Select the statements to decide on: tick the box of each one</a>'
bulk bob action=publish "decision=$S1:1"
eq "unknown button: 400" "$CODE" 400
bulk bob "decision=$S1:1"
eq "no button: 400" "$CODE" 400
many=(); for i in $(seq 1 101); do many+=("decision=zz$i:1"); done
bulk bob action=approve "${many[@]}"
eq "101 boxes: 413" "$CODE" 413
has "101 boxes: said in the form shown again" "$BODY" '<li><a href="#queue-list">Select at most 100 statements at a time.</a></li>'
as bob "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode action=approve --data-urlencode "decision=$S1:1"
eq "no token: 403" "$CODE" 403
as bob "$BASE/moderate"; tok=$(last_token)
as bob "$BASE/moderate" -H "Origin: http://evil.example" --data-urlencode "csrf=$tok" \
    --data-urlencode action=approve --data-urlencode "decision=$S1:1"
eq "another origin: 403" "$CODE" 403
eq "refusals: nothing changed" "$(st state "$S1")" pending
req "$BASE/moderate" -H "Origin: $ORIGIN" --data-urlencode action=approve
eq "signed out: refused" "$CODE" 403

# ---- no match here, but elsewhere ----------------------------------------------------
as bob "$BASE/moderate?state=spam&q=Bulk"
eq "elsewhere: no row" "$(rows)" 0
has "elsewhere: counts in other tabs, linked with the filters" "$BODY" '<p class="elsewhere">No match here — <a href="/statements/moderate?state=pending&amp;event=&amp;session=&amp;q=Bulk">1 in Waiting for review</a>, <a href="/statements/moderate?state=approved&amp;event=&amp;session=&amp;q=Bulk">4 in Published</a></p>'
as bob "$BASE/moderate?state=withdrawn"
has "nothing anywhere without a filter: as before" "$BODY" "<p>No statements here.</p>"
hasnt "nothing without a filter: no elsewhere" "$BODY" "No match here"
as bob "$BASE/moderate?state=withdrawn&q=nowhereword"
has "a search that finds nothing anywhere" "$BODY" "<p>No statements here.</p>"
as bob "$BASE/moderate?state=rejected&session=summit25/opening"
has "elsewhere with a session filter" "$BODY" '<p class="elsewhere">No match here — <a href="/statements/moderate?state=pending&amp;event=summit25&amp;session=opening&amp;q=">1 in Waiting for review</a></p>'

# ---- the audit log ------------------------------------------------------------------------
logrows() { grep -c '^<tr><td class="nowrap" data-label="When">' "$T_DIR/body"; }
as alice "$BASE/moderate/log"
eq "log: 200" "$CODE" 200
has "log: approvals in words" "$BODY" "<td data-label=\"What\">Approved</td>"
has "log: rejections in words" "$BODY" "<td data-label=\"What\">Rejected</td>"
has "log: spam in words" "$BODY" "<td data-label=\"What\">Marked as spam</td>"
has "log: edits in words" "$BODY" "<td data-label=\"What\">Edited</td>"
hasnt "log: no stored key shown" "$BODY" "<td data-label=\"What\">approve</td>"
has "log: the title linked to its review page" "$BODY" "<a href=\"/statements/moderate/$B1\"><bdi>Bulk one</bdi></a> <span class=\"ref\">$B1</span>"
eq "log: every entry" "$(logrows)" "$(q "SELECT count(*) FROM audit")"
as alice "$BASE/moderate/log?moderator=bob"
eq "log by moderator: exactly bob's" "$(logrows)" "$(q "SELECT count(*) FROM audit WHERE actor = 'bob'")"
has "log by moderator: selected" "$BODY" '<option value="bob" selected>bob</option>'
as alice "$BASE/moderate/log?action=reject"
eq "log by action: exactly the rejections" "$(logrows)" 2
has "log by action: selected" "$BODY" '<option value="reject" selected>Rejected</option>'
as alice "$BASE/moderate/log?action=request_changes"
eq "log by action: none" "$(logrows)" 0
has "log by action: none, said" "$BODY" "No entry matches these filters."
as alice "$BASE/moderate/log?event=summit25"
eq "log by event: none yet in summit25" "$(logrows)" 0
bulk bob action=approve "decision=$S3:1"
as alice "$BASE/moderate/log?event=summit25"
eq "log by event: exactly summit25's" "$(logrows)" 1
has "log by event: its statement" "$BODY" "Summit opening words"
id=$(q "SELECT id FROM audit WHERE action = 'spam'")
q "UPDATE audit SET at = '2020-01-15T23:59:59Z' WHERE id = $id"
as alice "$BASE/moderate/log?from=2020-01-15&to=2020-01-15"
eq "log by days: exactly that day's (last day included)" "$(logrows)" 1
has "log by days: the entry" "$BODY" "<td data-label=\"What\">Marked as spam</td>"
as alice "$BASE/moderate/log?from=2020-01-16"
eq "log from a day: the later ones" "$(logrows)" "$(( $(q "SELECT count(*) FROM audit") - 1 ))"
as alice "$BASE/moderate/log?to=2020-01-14"
eq "log to a day: none before" "$(logrows)" 0
as alice "$BASE/moderate/log?moderator=bob&action=approve&from=2020-01-01"
eq "log with filters together" "$(logrows)" "$(q "SELECT count(*) FROM audit WHERE actor = 'bob' AND action = 'approve'")"
as alice "$BASE/moderate/log?from=2020-13-01"
eq "bad date: 400" "$CODE" 400
has "bad date: said at the top" "$BODY" '<a href="#log-from">Enter the first day as a real date like 2024-05-21</a>'
has "bad date: said at the field" "$BODY" '<p class="error-message" id="log-from-error">'
has "bad date: what was typed kept" "$BODY" 'value="2020-13-01"'
as alice "$BASE/moderate/log?to=yesterday"
eq "a word for a date: 400" "$CODE" 400
has "a word for a date: said" "$BODY" "Enter the last day as a real date like 2024-05-21"
as alice "$BASE/moderate/log?from=2024-02-02&to=2024-02-01"
eq "last day before the first: 400" "$CODE" 400
has "last day before the first: said" "$BODY" "The last day must be the same as or after the first day"
as alice "$BASE/moderate/log?action=explode"
eq "unknown action: 400" "$CODE" 400
has "unknown action: said" "$BODY" "Choose an action from the list"
as alice "$BASE/moderate/log?event=nosuch"
eq "unknown event: 400" "$CODE" 400
as alice "$BASE/moderate/log?colour=red"
eq "unknown parameter: 400" "$CODE" 400
as bob "$BASE/moderate/log"
eq "log: a moderator 403" "$CODE" 403
# paging keeps the filters
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
   INSERT INTO audit(at, actor, action, reason, detail) SELECT '2021-03-0' || (1 + i % 9) || 'T10:00:00Z', 'carol', 'approve', '', '' FROM n"
as alice "$BASE/moderate/log?moderator=carol&action=approve"
eq "paging: 100 on the first page" "$(logrows)" 100
has "paging: the next page keeps the filters" "$BODY" 'href="/statements/moderate/log?moderator=carol&amp;action=approve&amp;event=&amp;from=&amp;to=&amp;page=2"'
as alice "$BASE/moderate/log?moderator=carol&action=approve&page=2"
eq "paging: the rest on page 2" "$(logrows)" 20
has "paging: back keeps the filters" "$BODY" 'href="/statements/moderate/log?moderator=carol&amp;action=approve&amp;event=&amp;from=&amp;to=&amp;page=1"'
as alice "$BASE/moderate/log?lang=fr"
has "log in French: the words translated" "$BODY" "<td data-label=\"Quoi\">Approuvé</td>"

t_finish
