#!/bin/bash
# structure.sh — events, sessions and organisations changed after the fact,
# through a real nginx: a rename answers 301 from every public address
# that carried the old slug (the query kept, a chain of renames too, a new
# event taking the old slug wins), a delete is refused while a statement is
# filed under it (409, how many) and done when empty, a merge moves the
# statements and redirects the merged slug, a statement moved re-renders
# the fragments of both events, every change is in the audit log; the
# admin pages (/admin/structure) through the CSRF and role matrix; the
# command line's versions of each.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
printf 'correct horse battery\n' | "$DAIS" moderator add alice --role admin >/dev/null &&
printf 'correct horse battery\n' | "$DAIS" moderator add bob >/dev/null &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null &&
"$DAIS" event add ev-a --title "Event A" --starts 2024-05-21 >/dev/null &&
"$DAIS" event add ev-b --title "Event B" --starts 2024-06-01 >/dev/null &&
"$DAIS" event add ev-empty --title "Empty event" --starts 2024-07-01 >/dev/null &&
"$DAIS" session add ev-a panel-1 --title "Panel one" >/dev/null &&
"$DAIS" session add ev-a panel-2 --title "Panel two" >/dev/null &&
"$DAIS" session add ev-a panel-3 --title "Panel three" >/dev/null &&
"$DAIS" session add ev-b day-1 --title "Day one" >/dev/null &&
"$DAIS" org add org-x --name "Org X" --url https://x.example.org >/dev/null &&
"$DAIS" org add org-y --name "Org Y" >/dev/null &&
"$DAIS" org add org-z --name "Org Z" >/dev/null ||
    { fail "CLI set-up"; t_finish; exit 1; }
t_start_nginx || { t_finish; exit 1; }
t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT
q() { sqlite3 "$DAIS_DB" "$@"; }
token_last() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | tail -1; }

# login JAR USER: a signed-in cookie jar.
login() {
	local t
	t=$(curl -s -c "$1" -b "$1" "$BASE/login" | token_last)
	curl -s -o /dev/null -w '%{http_code}' -c "$1" -b "$1" -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$t" --data-urlencode "user=$2" \
	    --data-urlencode "password=correct horse battery" "$BASE/login"
}
ADMIN=$T_DIR/admin.jar
MOD=$T_DIR/mod.jar
eq "admin signed in" "$(login "$ADMIN" alice)" 303
eq "moderator signed in" "$(login "$MOD" bob)" 303

# submit EVENT SESSION TITLE ORG: prints the public id.
submit() {
	local tok code
	tok=$(curl -s "$BASE/submit" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$tok" --data-urlencode "event=$1" \
	    --data-urlencode "session=$2" --data-urlencode "title=$3" \
	    --data-urlencode "speaker=Speaker" --data-urlencode "organisation=$4" \
	    --data-urlencode kind=intervention --data-urlencode language=en \
	    --data-urlencode format=text --data-urlencode "body=Body of $3" \
	    --data-urlencode "submitter_name=Sec" \
	    --data-urlencode "submitter_email=sec@example.org" \
	    --data-urlencode consent=yes --data-urlencode action=send "$BASE/submit")
	[ "$code" = 303 ] || { fail "submit [$3]: HTTP $code"; return 1; }
	q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1"
}
approve() {
	local page tok rev code
	page=$(curl -s -b "$ADMIN" "$BASE/moderate/$1")
	tok=$(printf '%s' "$page" | token_last)
	rev=$(printf '%s' "$page" | sed -n 's/.*name="rev" value="\([0-9]*\)".*/\1/p' | head -1)
	code=$(curl -s -o /dev/null -w '%{http_code}' -b "$ADMIN" \
	    -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
	    --data-urlencode "rev=$rev" --data-urlencode "action=approve" \
	    "$BASE/moderate/$1")
	eq "approve $1" "$code" 303
}
# redirect NAME PATH WANT: GET PATH is a 301 to WANT (below the mount).
redirect() {
	curl -s -o /dev/null -D "$T_DIR/headers" "$BASE$2"
	eq "$1: 301" "$(sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$T_DIR/headers")" 301
	eq "$1: Location" "$(header Location)" "/statements$3"
}
frag() { curl -s "$BASE/fragment/$1"; }
# renamed NAME OLD NEW: a fragment under an old slug is the current one's,
# a 200 (SSI and plugins paste what they get: never a redirect's text).
renamed() {
	curl -s -o "$T_DIR/old.body" -D "$T_DIR/headers" "$BASE$2"
	eq "$1: 200, not a redirect" "$(sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$T_DIR/headers")" 200
	eq "$1: HTML" "$(header Content-Type)" "text/html; charset=utf-8"
	curl -s -o "$T_DIR/new.body" "$BASE$3"
	check "$1: the same bytes as under the current slug" cmp -s "$T_DIR/old.body" "$T_DIR/new.body"
	check "$1: its statements" grep -q 'class="dais-statement' "$T_DIR/old.body"
}

S1=$(submit ev-a panel-1 "First statement" org-x)
S2=$(submit ev-a panel-2 "Second statement" org-y)
S3=$(submit ev-b day-1 "Third statement" org-y)
S4=$(submit ev-a "" "Pending one" org-z)
for s in "$S1" "$S2" "$S3"; do approve "$s"; done
has "ev-a fragment shows S1" "$(frag event/ev-a)" "First statement"

# ---- rename an event (command line) ---------------------------------------------
"$DAIS" event edit ev-a --slug ev-a2 --title "Event A, renamed" 2>"$T_DIR/err"
eq "event edit --slug: exit 0" "$?" 0
eq "event renamed in the database" "$(q "SELECT title FROM event WHERE slug = 'ev-a2'")" "Event A, renamed"
redirect "/e/OLD" "/e/ev-a" "/e/ev-a2"
redirect "/e/OLD?page=1&lang=fr: query kept" "/e/ev-a?page=1&lang=fr" "/e/ev-a2?page=1&lang=fr"
redirect "/e/OLD/more" "/e/ev-a/more" "/e/ev-a2/more"
renamed "/fragment/event/OLD" "/fragment/event/ev-a?lang=fr" "/fragment/event/ev-a2?lang=fr"
renamed "/fragment/event/OLD/SESSION" "/fragment/event/ev-a/panel-1" "/fragment/event/ev-a2/panel-1"
redirect "/frame/event/OLD" "/frame/event/ev-a" "/frame/event/ev-a2"
redirect "/frame/event/OLD/SESSION" "/frame/event/ev-a/panel-2" "/frame/event/ev-a2/panel-2"
redirect "/feed/OLD.atom" "/feed/ev-a.atom" "/feed/ev-a2.atom"
redirect "/submit?event=OLD" "/submit?event=ev-a&x=1" "/submit?event=ev-a2&x=1"
eq "/e/NEW 200" "$(status "$BASE/e/ev-a2")" 200
eq "an unknown slug stays a 404" "$(status "$BASE/e/no-such")" 404
eq "/submit without an old slug: 200" "$(status "$BASE/submit?event=ev-b")" 200
has "new fragment shows S1" "$(frag event/ev-a2)" "First statement"
has "new session fragment shows S1" "$(frag event/ev-a2/panel-1)" "First statement"
eq "the old key is stored empty" "$(q "SELECT length(body) FROM fragment WHERE key = 'event/ev-a'")" 0
# A chain: ev-a -> ev-a2 -> ev-a3.
"$DAIS" event edit ev-a2 --slug ev-a3 || fail "second rename"
redirect "chain: first slug" "/e/ev-a" "/e/ev-a3"
renamed "chain: second slug" "/fragment/event/ev-a2" "/fragment/event/ev-a3"
has "audit: the renames" "$(q "SELECT detail FROM audit WHERE action = 'event_edit' ORDER BY id")" "ev-a -> ev-a2
ev-a2 -> ev-a3"
eq "audit: by the command line" "$(q "SELECT DISTINCT actor FROM audit WHERE action = 'event_edit'")" "command line"
# A new event taking an old slug wins over the redirect.
"$DAIS" event add ev-a --title "A new A" --starts 2025-01-01 >/dev/null || fail "new ev-a"
eq "new event with the old slug: 200, no redirect" "$(status "$BASE/e/ev-a")" 200
has "its own page" "$(curl -s "$BASE/e/ev-a")" "A new A"
eq "new event with the old slug: its fragment, no redirect" "$(status "$BASE/fragment/event/ev-a")" 200
eq "new event with the old slug: its frame, no redirect" "$(status "$BASE/frame/event/ev-a")" 200
eq "HEAD of an old slug: 301 too" "$(curl -s -o /dev/null -w '%{http_code}' -I "$BASE/e/ev-a2")" 301
eq "POST to an old slug's address is not redirected" "$(status "$BASE/e/ev-a2" -X POST -d x=1)" 405
redirect "the other old slug still redirects" "/e/ev-a2" "/e/ev-a3"
# Refusals.
"$DAIS" event edit ev-a3 --slug ev-b 2>"$T_DIR/err"; eq "slug taken: exit 1" "$?" 1
has "slug taken: says so" "$(cat "$T_DIR/err")" "An event with this short name already exists."
"$DAIS" event edit ev-a3 --starts 2024-13-01 2>"$T_DIR/err"; eq "bad date: exit 1" "$?" 1
"$DAIS" event edit nope --title X 2>"$T_DIR/err"; eq "no such event: exit 1" "$?" 1
has "no such event: says so" "$(cat "$T_DIR/err")" "There is no such event"

# ---- sessions (command line) ----------------------------------------------------
"$DAIS" session edit ev-a3 panel-1 --slug opening --title "Opening panel" || fail "session edit"
renamed "session renamed: fragment" "/fragment/event/ev-a3/panel-1?lang=es" "/fragment/event/ev-a3/opening?lang=es"
redirect "session renamed, event too" "/frame/event/ev-a2/panel-1" "/frame/event/ev-a3/opening"
redirect "submit: event and session" "/submit?event=ev-a2&session=panel-1" "/submit?event=ev-a3&session=opening"
has "session fragment under the new slug" "$(frag event/ev-a3/opening)" "First statement"
has "the article shows the new session title" "$(frag statement/$S1)" "Opening panel"
"$DAIS" session order ev-a3 panel-3 panel-2 opening || fail "session order"
eq "order set" "$(q "SELECT group_concat(slug, ' ') FROM (SELECT s.slug FROM session s JOIN event e ON e.id = s.event_id WHERE e.slug = 'ev-a3' ORDER BY position)")" "panel-3 panel-2 opening"
ev=$(frag event/ev-a3)
case $ev in *"Panel two"*"Opening panel"*) ok ;; *) fail "event fragment follows the new order" ;; esac
"$DAIS" session move-up ev-a3 opening || fail "move-up"
eq "moved up" "$(q "SELECT group_concat(slug, ' ') FROM (SELECT s.slug FROM session s JOIN event e ON e.id = s.event_id WHERE e.slug = 'ev-a3' ORDER BY position)")" "panel-3 opening panel-2"
"$DAIS" session move-up ev-a3 panel-3 2>"$T_DIR/err"; eq "first already: exit 1" "$?" 1
has "first already: says so" "$(cat "$T_DIR/err")" "This session is the first already."
"$DAIS" session order ev-a3 panel-3 2>"$T_DIR/err"; eq "order must name every session" "$?" 1
"$DAIS" session delete ev-a3 opening 2>"$T_DIR/err"; eq "session with a statement: refused" "$?" 1
has "refusal counts the statements" "$(cat "$T_DIR/err")" "1 statement is filed under this session"
"$DAIS" session delete ev-a3 panel-3 || fail "empty session deleted"
eq "session gone" "$(q "SELECT count(*) FROM session WHERE slug = 'panel-3'")" 0
has "audit: session changes" "$(q "SELECT group_concat(action, ' ') FROM audit WHERE action LIKE 'session_%'")" "session_edit session_order session_order session_delete"

# ---- delete an event -----------------------------------------------------------
"$DAIS" event delete ev-a3 2>"$T_DIR/err"; eq "event with statements: refused" "$?" 1
has "refusal counts them (pending ones too)" "$(cat "$T_DIR/err")" "3 statements are filed under this event"
"$DAIS" event delete ev-empty || fail "empty event deleted"
eq "empty event gone" "$(q "SELECT count(*) FROM event WHERE slug = 'ev-empty'")" 0
has "audit: event_delete" "$(q "SELECT detail FROM audit WHERE action = 'event_delete'")" "ev-empty"

# ---- move a statement (command line) --------------------------------------------
a_before=$(frag event/ev-a3); b_before=$(frag event/ev-b)
has "before: S2 in ev-a3" "$a_before" "Second statement"
hasnt "before: S2 not in ev-b" "$b_before" "Second statement"
rev=$(q "SELECT rev FROM statement WHERE public_id = '$S2'")
"$DAIS" statement move "$S2" --event ev-b --session day-1 || fail "statement move"
a_after=$(frag event/ev-a3); b_after=$(frag event/ev-b)
hasnt "after: S2 left ev-a3's fragment" "$a_after" "Second statement"
has "after: S2 in ev-b's fragment" "$b_after" "Second statement"
has "after: S2 in ev-b/day-1" "$(frag event/ev-b/day-1)" "Second statement"
hasnt "after: S2 left ev-a3/panel-2" "$(frag event/ev-a3/panel-2)" "Second statement"
has "ev-a3 keeps S1" "$a_after" "First statement"
has "ev-b keeps S3" "$b_after" "Third statement"
eq "moved in the database" "$(q "SELECT e.slug || '/' || s2.slug FROM statement s JOIN event e ON e.id = s.event_id JOIN session s2 ON s2.id = s.session_id WHERE public_id = '$S2'")" "ev-b/day-1"
eq "a revision" "$(q "SELECT rev FROM statement WHERE public_id = '$S2'")" "$((rev + 1))"
eq "audit: move" "$(q "SELECT action || ' ' || rev_before || ' ' || rev_after || ' ' || detail FROM audit WHERE action = 'move'")" "move $rev $((rev + 1)) $S2 -> ev-b/day-1"
"$DAIS" statement move "$S2" --event ev-b --session nope 2>"$T_DIR/err"; eq "no such session: exit 1" "$?" 1
"$DAIS" statement move "$S2" --event ev-b --session day-1 2>"$T_DIR/err"; eq "already there: exit 1" "$?" 1
"$DAIS" statement move nope --event ev-b 2>"$T_DIR/err"; eq "no such statement: exit 1" "$?" 1

# ---- organisations (command line) -----------------------------------------------
"$DAIS" org edit org-x --slug org-x2 --name "Org X (renamed)" || fail "org edit"
redirect "/o/OLD" "/o/org-x?page=1" "/o/org-x2?page=1"
renamed "/fragment/org/OLD" "/fragment/org/org-x" "/fragment/org/org-x2"
redirect "/frame/org/OLD" "/frame/org/org-x" "/frame/org/org-x2"
redirect "/feed/org/OLD.atom" "/feed/org/org-x.atom" "/feed/org/org-x2.atom"
has "statement shows the new name" "$(frag statement/$S1)" "Org X (renamed)"
eq "url kept" "$(q "SELECT url FROM organisation WHERE slug = 'org-x2'")" "https://x.example.org"
"$DAIS" org delete org-y 2>"$T_DIR/err"; eq "org with statements: refused" "$?" 1
has "org refusal counts" "$(cat "$T_DIR/err")" "2 statements are filed under this organisation"
y_before=$(frag org/org-y)
has "org-y fragment before merge" "$y_before" "Second statement"
"$DAIS" org merge org-y org-x2 || fail "org merge"
eq "org-y gone" "$(q "SELECT count(*) FROM organisation WHERE slug = 'org-y'")" 0
eq "statements follow" "$(q "SELECT count(*) FROM statement s JOIN organisation o ON o.id = s.org_id WHERE o.slug = 'org-x2'")" 3
redirect "merged slug redirects" "/o/org-y" "/o/org-x2"
renamed "merged slug: fragment" "/fragment/org/org-y?lang=ar" "/fragment/org/org-x2?lang=ar"
x_after=$(frag org/org-x2)
has "kept org's fragment: S2" "$x_after" "Second statement"
has "kept org's fragment: S3" "$x_after" "Third statement"
has "kept org's fragment: S1" "$x_after" "First statement"
has "audit: merge" "$(q "SELECT detail FROM audit WHERE action = 'org_merge'")" "org-y -> org-x2 (2)"
"$DAIS" org merge org-x2 org-x2 2>"$T_DIR/err"; eq "merge into itself: refused" "$?" 1
"$DAIS" org delete org-z 2>"$T_DIR/err"; eq "org-z has a pending statement: refused" "$?" 1
has "pending counted" "$(cat "$T_DIR/err")" "1 statement is filed under this organisation"
"$DAIS" org add org-w --name "Org W" >/dev/null
"$DAIS" org delete org-w || fail "empty org deleted"
eq "org-w gone" "$(q "SELECT count(*) FROM organisation WHERE slug = 'org-w'")" 0
has "audit: org_delete" "$(q "SELECT detail FROM audit WHERE action = 'org_delete'")" "org-w"
"$DAIS" help 2>&1 | grep -q "statement move ID --event EVENT" && ok || fail "help shows statement move"

# ---- the admin pages: role and CSRF matrix ----------------------------------------
eq "GET /admin/structure: admin 200" "$(status "$BASE/admin/structure" -b "$ADMIN")" 200
eq "GET /admin/structure: moderator 403" "$(status "$BASE/admin/structure" -b "$MOD")" 403
has "moderator: told it is for administrators" "$(curl -s -b "$MOD" "$BASE/admin/structure")" "This page is for administrators."
eq "GET /admin/structure: anonymous to sign-in" "$(status "$BASE/admin/structure")" 303
curl -s -o /dev/null -D "$T_DIR/headers" "$BASE/admin/structure/event/ev-b"
eq "anonymous: Location is the sign-in" "$(header Location)" "/statements/login?next=%2Fstatements%2Fadmin%2Fstructure%2Fevent%2Fev-b"
eq "GET event page: moderator 403" "$(status "$BASE/admin/structure/event/ev-b" -b "$MOD")" 403
eq "GET org page: moderator 403" "$(status "$BASE/admin/structure/org/org-x2" -b "$MOD")" 403
eq "GET event page: no such event 404" "$(status "$BASE/admin/structure/event/nope" -b "$ADMIN")" 404
eq "GET org page: no such org 404" "$(status "$BASE/admin/structure/org/nope" -b "$ADMIN")" 404
list=$(curl -s -b "$ADMIN" "$BASE/admin/structure")
has "list: events" "$list" '<li><bdi>Event B</bdi> <span class="ref">ev-b</span> · Statements: 2 · '
has "list: organisations" "$list" '<span class="ref">org-x2</span> · <a href="https://x.example.org" rel="nofollow noopener">https://x.example.org</a> · Statements: 3 · '
has "list: the merge form" "$list" 'id="form-merge"'
has "the admin page links here" "$(curl -s -b "$ADMIN" "$BASE/admin")" 'href="/statements/admin/structure"'
tok() { curl -s -b "$1" "$BASE$2" | token_last; }
# post JAR PATH ARGS...: sets CODE, the body in $T_DIR/post.out.
post() {
	local jar=$1 path=$2; shift 2
	CODE=$(curl -s -o "$T_DIR/post.out" -D "$T_DIR/headers" -w '%{http_code}' \
	    -b "$jar" -H "Origin: $ORIGIN" "$@" "$BASE$path")
}
for op in event_edit event_delete session_edit session_delete session_up session_down org_edit org_delete org_merge; do
	post "$ADMIN" /admin/structure --data-urlencode "do=$op" --data-urlencode slug=ev-b
	eq "$op without CSRF: 403" "$CODE" 403
	t=$(tok "$ADMIN" /admin/structure)
	post "$MOD" /admin/structure --data-urlencode "csrf=$t" --data-urlencode "do=$op" --data-urlencode slug=ev-b
	eq "$op by a moderator: 403" "$CODE" 403
	post /dev/null /admin/structure --data-urlencode "csrf=$t" --data-urlencode "do=$op" --data-urlencode slug=ev-b
	eq "$op anonymous: 403" "$CODE" 403
	has "$op anonymous: asked to sign in" "$(cat "$T_DIR/post.out")" "Please sign in as a moderator to do this."
	CODE=$(curl -s -o /dev/null -w '%{http_code}' -b "$ADMIN" -H "Origin: http://evil.example" \
	    --data-urlencode "csrf=$(tok "$ADMIN" /admin/structure)" --data-urlencode "do=$op" \
	    --data-urlencode slug=ev-b "$BASE/admin/structure")
	eq "$op from another origin: 403" "$CODE" 403
done
eq "nothing changed by the refused posts" "$(q "SELECT count(*) FROM event WHERE slug = 'ev-b'")" 1
t=$(tok "$ADMIN" /admin/structure)
post "$ADMIN" /admin/structure --data-urlencode "csrf=$t" --data-urlencode "do=nope"
eq "an unknown operation: 400" "$CODE" 400
t=$(tok "$ADMIN" /admin/structure)
post "$ADMIN" /admin/structure --data-urlencode "csrf=$t" --data-urlencode "do=event_delete" --data-urlencode slug=ev-b --data-urlencode bogus=1
eq "an unknown field: 400" "$CODE" 400

# ---- the admin pages: changes -------------------------------------------------------
n_audit=$(q "SELECT count(*) FROM audit")
t=$(tok "$ADMIN" /admin/structure/event/ev-b)
post "$ADMIN" /admin/structure --data-urlencode "csrf=$t" --data-urlencode do=session_edit \
    --data-urlencode event=ev-b --data-urlencode slug=day-1 --data-urlencode new_slug=day-one \
    --data-urlencode "title=Day one (renamed)" --data-urlencode kind=panel
eq "web: session renamed 303" "$CODE" 303
eq "web: back to the event's page" "$(header Location)" "/statements/admin/structure/event/ev-b"
eq "web: session in the database" "$(q "SELECT title FROM session WHERE slug = 'day-one'")" "Day one (renamed)"
renamed "web: old session slug redirects" "/fragment/event/ev-b/day-1" "/fragment/event/ev-b/day-one"
has "web: fragment shows the new title" "$(frag event/ev-b)" "Day one (renamed)"
eq "web: audit by the admin, with the address" "$(q "SELECT actor || ' ' || action || ' ' || detail || ' ' || (addr != '') FROM audit ORDER BY id DESC LIMIT 1")" "alice session_edit ev-b/day-1 -> ev-b/day-one 1"
t=$(tok "$ADMIN" /admin/structure)
post "$ADMIN" /admin/structure --data-urlencode "csrf=$t" --data-urlencode do=event_delete --data-urlencode slug=ev-b
eq "web: non-empty event: 409" "$CODE" 409
has "web: the refusal says how many" "$(cat "$T_DIR/post.out")" "2 statements are filed under this event, so it cannot be deleted."
eq "web: event kept" "$(q "SELECT count(*) FROM event WHERE slug = 'ev-b'")" 1
"$DAIS" event add ev-gone --title "To delete" --starts 2024-01-01 >/dev/null
t=$(tok "$ADMIN" /admin/structure)
post "$ADMIN" /admin/structure --data-urlencode "csrf=$t" --data-urlencode do=event_delete --data-urlencode slug=ev-gone
eq "web: empty event deleted 303" "$CODE" 303
eq "web: back to the list" "$(header Location)" "/statements/admin/structure"
eq "web: empty event gone" "$(q "SELECT count(*) FROM event WHERE slug = 'ev-gone'")" 0
t=$(tok "$ADMIN" /admin/structure/event/ev-b)
post "$ADMIN" /admin/structure --data-urlencode "csrf=$t" --data-urlencode do=event_edit \
    --data-urlencode slug=ev-b --data-urlencode new_slug=ev-b --data-urlencode "title=Typed title" \
    --data-urlencode starts=2024-02-30 --data-urlencode ends= --data-urlencode location= \
    --data-urlencode description= --data-urlencode time_zone=
eq "web: a bad date: 422" "$CODE" 422
has "web: the form keeps what was typed" "$(cat "$T_DIR/post.out")" 'value="Typed title"'
has "web: the error summary" "$(cat "$T_DIR/post.out")" 'href="#event-form"'
eq "web: nothing saved" "$(q "SELECT title FROM event WHERE slug = 'ev-b'")" "Event B"
t=$(tok "$ADMIN" /admin/structure/event/ev-b)
post "$ADMIN" /admin/structure --data-urlencode "csrf=$t" --data-urlencode do=session_delete \
    --data-urlencode event=ev-b --data-urlencode slug=day-one
eq "web: non-empty session: 409" "$CODE" 409
has "web: session refusal" "$(cat "$T_DIR/post.out")" "2 statements are filed under this session"
t=$(tok "$ADMIN" /admin/structure)
post "$ADMIN" /admin/structure --data-urlencode "csrf=$t" --data-urlencode do=org_merge \
    --data-urlencode slug=org-z --data-urlencode into=org-x2
eq "web: merge 303" "$CODE" 303
eq "web: org-z's statement follows" "$(q "SELECT o.slug || ' ' || s.org_name FROM statement s JOIN organisation o ON o.id = s.org_id WHERE s.public_id = '$S4'")" "org-x2 Org X (renamed)"
redirect "web: merged slug redirects" "/o/org-z" "/o/org-x2"
has "web: merge in the audit log" "$(q "SELECT actor || ' ' || detail FROM audit WHERE action = 'org_merge' ORDER BY id DESC LIMIT 1")" "alice org-z -> org-x2 (1)"
t=$(tok "$ADMIN" /admin/structure)
post "$ADMIN" /admin/structure --data-urlencode "csrf=$t" --data-urlencode do=org_merge \
    --data-urlencode slug=org-x2 --data-urlencode into=org-x2
eq "web: merge into itself: 422" "$CODE" 422
t=$(tok "$ADMIN" /admin/structure/org/org-x2)
post "$ADMIN" /admin/structure --data-urlencode "csrf=$t" --data-urlencode do=org_edit \
    --data-urlencode slug=org-x2 --data-urlencode new_slug=org-x3 --data-urlencode "name=Org X" \
    --data-urlencode url=https://x.example.net
eq "web: org edit 303" "$CODE" 303
eq "web: to the org's new page" "$(header Location)" "/statements/admin/structure/org/org-x3"
redirect "web: chain of org slugs (org-x, merged org-y, org-x2)" "/feed/org/org-y.atom" "/feed/org/org-x3.atom"
renamed "web: chain: the first slug" "/fragment/org/org-x" "/fragment/org/org-x3"
eq "web: url changed" "$(q "SELECT url FROM organisation WHERE slug = 'org-x3'")" "https://x.example.net"
eq "web: each change one audit entry" "$(q "SELECT count(*) FROM audit")" "$((n_audit + 4))"

# ---- moving a statement from the review page ------------------------------------------
has "review page links the move" "$(curl -s -b "$MOD" "$BASE/moderate/$S1")" "href=\"$S1/move\""
eq "GET move: moderator 200" "$(status "$BASE/moderate/$S1/move" -b "$MOD")" 200
eq "GET move: anonymous to sign-in" "$(status "$BASE/moderate/$S1/move")" 303
eq "GET move: no such statement 404" "$(status "$BASE/moderate/nope/move" -b "$MOD")" 404
has "move page: the places" "$(curl -s -b "$MOD" "$BASE/moderate/$S1/move")" '<option value="ev-b/day-one">Day one (renamed)</option>'
post "$MOD" "/moderate/$S1/move" --data-urlencode place=ev-b/day-one
eq "move without CSRF: 403" "$CODE" 403
post /dev/null "/moderate/$S1/move" --data-urlencode "csrf=$(tok "$MOD" "/moderate/$S1/move")" --data-urlencode place=ev-b/day-one
eq "move anonymous: 403" "$CODE" 403
t=$(tok "$MOD" "/moderate/$S1/move")
post "$MOD" "/moderate/$S1/move" --data-urlencode "csrf=$t" --data-urlencode place=ev-b/nope
eq "move to no such session: 404" "$CODE" 404
has "move refusal says why" "$(cat "$T_DIR/post.out")" "There is no such session in this event"
a_before=$(frag event/ev-a3); b_before=$(frag event/ev-b)
has "web move before: S1 in ev-a3" "$a_before" "First statement"
hasnt "web move before: S1 not in ev-b" "$b_before" "First statement"
x_before=$(frag org/org-x3)
t=$(tok "$MOD" "/moderate/$S1/move")
post "$MOD" "/moderate/$S1/move" --data-urlencode "csrf=$t" --data-urlencode place=ev-b/day-one
eq "move by a moderator: 303" "$CODE" 303
eq "move: back to the review" "$(header Location)" "/statements/moderate/$S1"
hasnt "web move after: S1 left ev-a3" "$(frag event/ev-a3)" "First statement"
has "web move after: S1 in ev-b" "$(frag event/ev-b)" "First statement"
has "web move after: S1 in ev-b/day-one" "$(frag event/ev-b/day-one)" "First statement"
eq "web move: the org's fragment re-rendered (its group heading)" "$(frag org/org-x3 | grep -c 'Event B')" 1
eq "web move: audit by the moderator" "$(q "SELECT actor || ' ' || detail FROM audit WHERE action = 'move' ORDER BY id DESC LIMIT 1")" "bob $S1 -> ev-b/day-one"
t=$(tok "$MOD" "/moderate/$S1/move")
post "$MOD" "/moderate/$S1/move" --data-urlencode "csrf=$t" --data-urlencode place=ev-b/day-one
eq "move where it is: 409" "$CODE" 409
log_fr=$(curl -s -b "$ADMIN" -H 'Accept-Language: fr' "$BASE/moderate/log")
has "the log, in French: a move" "$log_fr" "Déplacé vers un autre événement ou une autre séance"
has "the log, in French: a merge" "$log_fr" "Deux organisations fusionnées"
has "the log, in French: the command line" "$log_fr" "ligne de commande"
t_finish
