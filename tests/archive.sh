#!/bin/bash
# archive.sh — the public archive through a real nginx: the home page's
# events (open and upcoming before past, counts of published statements
# only), /e/ redirecting there, an event's page (sessions in order, the
# submit links while it is open, its statements a page at a time),
# /o/ORG (by event: delivered and on its behalf), paging (rel prev/next, a
# 404 past the end), the Atom feeds of each list, Open Graph, hreflang and
# canonical links, sitemap.xml (valid, exactly the published pages; an
# index above 50,000 addresses) and robots.txt. Nothing pending, rejected,
# withdrawn or under embargo is ever shown or counted.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

EV=idm-2024-1
t_init_db || { t_finish; exit 1; }
bash "$top_srcdir/contrib/sample/load.sh" "$DAIS" >/dev/null &&
printf 'correct horse battery\n' | "$DAIS" moderator add alice --role admin &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null &&
"$DAIS" config set site_name 'Coalition <statements> & "news"' >/dev/null &&
"$DAIS" event add fut-2030 --title "Future forum 2030" --starts 2030-03-01 \
    --ends 2030-03-02 --location "Geneva" >/dev/null &&
"$DAIS" event add fut-2029 --title "Forum 2029" --starts 2029-06-01 \
    --location "Nairobi" >/dev/null &&
"$DAIS" event add old-2020 --title "Old meeting 2020" --starts 2020-02-01 \
    --location "Bangkok" --closed >/dev/null &&
"$DAIS" session add fut-2030 day-1 --kind panel --title "Opening <day>" >/dev/null &&
"$DAIS" session add fut-2030 day-2 --kind panel --title "Closing day" >/dev/null ||
    { fail "CLI set-up"; t_finish; exit 1; }
# robots.txt and sitemap.xml at the site's root, as the README shows.
t_start_nginx "location = /robots.txt { rewrite ^ /statements/robots.txt last; }
        location = /sitemap.xml { rewrite ^ /statements/sitemap.xml last; }" ||
    { t_finish; exit 1; }
"$DAIS" config set base_url "$BASE" >/dev/null || fail "base_url"
t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT

q() { sqlite3 "$DAIS_DB" "$@"; }
JAR=$T_DIR/cookies
token_last() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | tail -1; }
t=$(curl -s -c "$JAR" -b "$JAR" "$BASE/login" | token_last)
eq "moderator signed in" "$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" \
    -b "$JAR" -H "Origin: $ORIGIN" --data-urlencode "csrf=$t" \
    --data-urlencode user=alice --data-urlencode "password=correct horse battery" \
    "$BASE/login")" 303

# submit EVENT SESSION TITLE ORG BEHALF BODY: prints the public id.
submit() {
	local tok code
	tok=$(curl -s "$BASE/submit" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$tok" --data-urlencode "event=$1" \
	    --data-urlencode "session=$2" --data-urlencode "title=$3" \
	    --data-urlencode "speaker=Speaker of $3" \
	    --data-urlencode "organisation=$4" --data-urlencode "on_behalf_of=$5" \
	    --data-urlencode kind=intervention --data-urlencode language=en \
	    --data-urlencode delivered=2024-05-21 --data-urlencode format=markdown \
	    --data-urlencode "body=$6" --data-urlencode "submitter_name=Sec" \
	    --data-urlencode "submitter_email=sec@example.org" \
	    --data-urlencode consent=yes --data-urlencode action=send "$BASE/submit")
	[ "$code" = 303 ] || { fail "submit [$3]: HTTP $code"; return 1; }
	q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1"
}
# moderate ID ACTION [CURL_ARGS...]: sets CODE.
moderate() {
	local id=$1 action=$2 page tok rev
	shift 2
	page=$(curl -s -b "$JAR" "$BASE/moderate/$id")
	tok=$(printf '%s' "$page" | token_last)
	rev=$(printf '%s' "$page" | sed -n 's/.*name="rev" value="\([0-9]*\)".*/\1/p' | head -1)
	CODE=$(curl -s -o "$T_DIR/mod.out" -w '%{http_code}' -b "$JAR" \
	    -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
	    --data-urlencode "rev=$rev" --data-urlencode "action=$action" "$@" \
	    "$BASE/moderate/$id")
}
approve() { moderate "$1" approve "${@:2}"; eq "approve $1" "$CODE" 303; }
before() {
	local a=${2%%"$3"*} b=${2%%"$4"*}
	if [ "$a" != "$2" ] && [ "$b" != "$2" ] && [ ${#a} -lt ${#b} ]; then ok
	else fail "$1: [$3] not before [$4]"; fi
}
xml_ok() { printf '%s' "$2" | xmllint --noout - 2>"$T_DIR/xmllint.err" ||
    fail "$1: not well-formed XML: $(head -3 "$T_DIR/xmllint.err")"; ok; }
# count_of TEXT NEEDLE: how many times NEEDLE occurs.
count_of() { printf '%s' "$1" | grep -o -- "$2" | wc -l | tr -d ' '; }

# ---- statements in every state -------------------------------------------------
A=$(submit $EV panel-3 "Pathways for youth" mycp "" "ALPHA-BODY")
B=$(submit $EV panel-1 "Rights <at> the centre" mri ac "BRAVO-BODY")
C=$(submit $EV panel-1 "Findings" mri "" "CHARLIE-BODY")
P=$(submit $EV panel-2 "Still pending" mri "" "PENDING-BODY")
R=$(submit $EV panel-2 "To be rejected" mri "" "REJECTED-BODY")
X=$(submit $EV panel-2 "Under embargo" mri "" "EMBARGO-BODY")
W=$(submit $EV panel-2 "To be withdrawn" mri "" "WITHDRAWN-BODY")
F=$(submit fut-2030 day-2 "Ahead of the forum" alianza "" "FUTURE-BODY")
for id in "$A" "$B" "$C" "$F" "$W"; do approve "$id"; done
moderate "$R" reject --data-urlencode "reason=Off topic"
eq "reject" "$CODE" 303
approve "$X" --data-urlencode "publish_at=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M)"
moderate "$W" withdraw --data-urlencode "reason=Asked by the speaker"
eq "withdraw" "$CODE" 303
"$DAIS" event close $EV >/dev/null || fail "close $EV"

# ---- / -------------------------------------------------------------------------
home=$(fetch "$BASE/")
eq "home 200" "$(status "$BASE/")" 200
has "home keeps the lede" "$home" "Statements delivered at the events we attend"
has "home: site name escaped" "$home" "<h1>Coalition &lt;statements&gt; &amp; &quot;news&quot;</h1>"
before "upcoming section before past" "$home" 'id="events-upcoming"' 'id="events-past"'
before "soonest upcoming first" "$home" "Forum 2029" "Future forum 2030"
before "upcoming before past events" "$home" "Future forum 2030" "International Dialogue on Migration"
before "latest past event first" "$home" "International Dialogue on Migration" "Old meeting 2020"
has "home links the event" "$home" "href=\"/statements/e/$EV\""
ev_item=$(printf '%s' "$home" | sed -n "/href=\"\/statements\/e\/$EV\"/,/<\/li>/p")
has "idm: 3 published statements (pending, rejected, embargoed, withdrawn not counted)" \
    "$ev_item" '<span class="archive-count">3 published statements</span>'
has "idm: dates and place" "$ev_item" '21 May 2024</time> – <time datetime="2024-05-22">22 May 2024</time> · <bdi>New York</bdi>'
hasnt "idm closed: not accepting" "$ev_item" "Accepting statements"
fut_item=$(printf '%s' "$home" | sed -n '/href="\/statements\/e\/fut-2030"/,/<\/li>/p')
has "fut-2030: one statement" "$fut_item" "1 published statement<"
has "fut-2030: open" "$fut_item" "Accepting statements"
has "old-2020: none" "$(printf '%s' "$home" | sed -n '/e\/old-2020"/,/<\/li>/p')" "0 published statements"
for w in PENDING REJECTED EMBARGO WITHDRAWN; do
	hasnt "home: nothing of $w" "$home" "$w"
done
has "home: og:type website" "$home" '<meta property="og:type" content="website">'
has "home: og:title escaped" "$home" '<meta property="og:title" content="Coalition &lt;statements&gt; &amp; &quot;news&quot;">'
has "home: og:url" "$home" "<meta property=\"og:url\" content=\"$BASE/\">"
has "home: og:locale" "$home" '<meta property="og:locale" content="en">'
has "home: og:site_name" "$home" '<meta property="og:site_name" content="Coalition &lt;statements&gt;'
has "home: og:description" "$home" '<meta property="og:description" content="Statements delivered'
has "home: canonical" "$home" "<link rel=\"canonical\" href=\"$BASE/\">"
has "home: hreflang fr" "$home" "<link rel=\"alternate\" hreflang=\"fr\" href=\"$BASE/?lang=fr\">"
has "home: hreflang x-default" "$home" "<link rel=\"alternate\" hreflang=\"x-default\" href=\"$BASE/\">"
has "home: feed in the head" "$home" '<link rel="alternate" type="application/atom+xml" href="/statements/feed.atom?lang=en"'
hasnt "one page of events: no pager" "$home" 'rel="next"'
eq "home ignores utm_source" "$(status "$BASE/?utm_source=newsletter&fbclid=x")" 200
eq "home ?page=0 is 400" "$(status "$BASE/?page=0")" 400
eq "home ?page=abc is 400" "$(status "$BASE/?page=abc")" 400
eq "home ?page=2 past the end is 404" "$(status "$BASE/?page=2")" 404
has "404 says why" "$(curl -s "$BASE/?page=2")" "this list is shorter"
fr=$(curl -s "$BASE/?lang=fr")
has "home in French" "$fr" "Événements à venir et ouverts"
has "home in French: og:locale" "$fr" '<meta property="og:locale" content="fr">'
has "home in French: canonical keeps lang" "$fr" "<link rel=\"canonical\" href=\"$BASE/?lang=fr\">"

# ---- /e/ -----------------------------------------------------------------------
for u in /e/ /e; do
	eq "$u is 301" "$(status "$BASE$u")" 301
	fetch "$BASE$u" >/dev/null
	eq "$u goes to /" "$(header Location)" "/statements/"
done

# ---- /e/SLUG ------------------------------------------------------------------
page=$(fetch "$BASE/e/$EV?utm_source=x&fbclid=y")
eq "event page 200 with utm_ and fbclid" "$(status "$BASE/e/$EV?utm_source=x&fbclid=y")" 200
before "sessions in order: panel-1 before panel-2" "$page" "<li><bdi>Evidence-based findings</bdi>" "<li><bdi>Innovative policy solutions</bdi>"
before "sessions in order: panel-5 before session-3" "$page" "<li><bdi>More accessible" "<li><bdi>Session 3 (written statements)</bdi>"
before "sessions in order: session-3 before side-dg" "$page" "Session 3 (written" "Side meeting with the IOM"
hasnt "closed event: no submit link" "$page" "Submit a statement for this event"
hasnt "closed event: no session submit link" "$page" "/submit?event="
for w in ALPHA-BODY BRAVO-BODY CHARLIE-BODY; do has "event page shows $w" "$page" "$w"; done
for w in PENDING REJECTED EMBARGO WITHDRAWN; do hasnt "event page: nothing of $w" "$page" "$w"; done
before "statements by session: panel-1 before panel-3" "$page" "BRAVO-BODY" "ALPHA-BODY"
has "event page: the organisations linked" "$page" '<a href="/statements/o/mri"><bdi>Migrant Rights Initiative</bdi></a>'
has "event page: on whose behalf too" "$page" '<a href="/statements/o/ac"><bdi>Civil Society Action Committee</bdi></a>'
hasnt "event page: an organisation with nothing published is not listed" "$page" '/o/alianza"'
has "event page: og:type" "$page" '<meta property="og:type" content="website">'
has "event page: og:title" "$page" '<meta property="og:title" content="International Dialogue on Migration 2024 — first session">'
has "event page: og:url" "$page" "<meta property=\"og:url\" content=\"$BASE/e/$EV\">"
has "event page: canonical without utm_" "$page" "<link rel=\"canonical\" href=\"$BASE/e/$EV\">"
has "event page: hreflang without utm_? (switcher keeps the query)" "$page" "hreflang=\"es\""
has "event page: feed link in head" "$page" "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/statements/feed/$EV.atom?lang=en\""
has "event page: oEmbed discovery" "$page" 'type="application/json+oembed"'
fut=$(curl -s "$BASE/e/fut-2030")
has "open event: submit link" "$fut" "<a class=\"button\" href=\"/statements/submit?event=fut-2030\">Submit a statement for this event</a>"
has "open event: per session" "$fut" "href=\"/statements/submit?event=fut-2030&amp;session=day-1\""
has "session titles escaped" "$fut" "<bdi>Opening &lt;day&gt;</bdi>"
before "fut sessions in order" "$fut" "Opening &lt;day&gt;" "Closing day"
old=$(curl -s "$BASE/e/old-2020")
has "empty event says so" "$old" "No statements are published for this event yet."
hasnt "no feed link without statements" "$old" "application/atom+xml"
eq "unknown event 404" "$(status "$BASE/e/nope")" 404

# ---- /o/ORG --------------------------------------------------------------------
org=$(fetch "$BASE/o/mri")
eq "org page 200" "$(status "$BASE/o/mri")" 200
has "org page: name" "$org" "<h1><bdi>Migrant Rights Initiative</bdi></h1>"
has "org page: statement it delivered" "$org" "CHARLIE-BODY"
has "org page: co-delivered (on behalf of ac)" "$org" "BRAVO-BODY"
hasnt "org page: another's" "$org" "ALPHA-BODY"
for w in PENDING REJECTED EMBARGO WITHDRAWN; do hasnt "org page: nothing of $w" "$org" "$w"; done
has "org page: grouped by event" "$org" '<h2 class="dais-group-title">International Dialogue on Migration 2024 — first session</h2>'
ac=$(curl -s "$BASE/o/ac")
has "behalf org page: the statement on its behalf" "$ac" "BRAVO-BODY"
hasnt "behalf org page: not mri's own" "$ac" "CHARLIE-BODY"
has "org page: og:type profile" "$org" '<meta property="og:type" content="profile">'
has "org page: canonical" "$org" "<link rel=\"canonical\" href=\"$BASE/o/mri\">"
has "org page: feed in head" "$org" '<link rel="alternate" type="application/atom+xml" href="/statements/feed/org/mri.atom?lang=en"'
eq "unknown org 404" "$(status "$BASE/o/nobody")" 404
eq "an org by its name is not another address" "$(status "$BASE/o/Alianza")" 404
has "empty org page says so" "$(curl -s "$BASE/o/cms")" "No statements are published for this organisation yet."

# ---- /s/ID ----------------------------------------------------------------------
s=$(curl -s "$BASE/s/$B")
has "statement: og:type article" "$s" '<meta property="og:type" content="article">'
has "statement: og:title escaped" "$s" '<meta property="og:title" content="Rights &lt;at&gt; the centre">'
has "statement: canonical" "$s" "<link rel=\"canonical\" href=\"$BASE/s/$B\">"
has "statement: og:locale" "$s" '<meta property="og:locale" content="en">'
has "statement: links its organisations" "$s" '<a href="/statements/o/mri"><bdi>Migrant Rights Initiative</bdi></a> <a href="/statements/o/ac">'
for id in "$P" "$R" "$X" "$W"; do
	eq "unpublished statement $id is 404" "$(status "$BASE/s/$id")" 404
done

# ---- feeds ---------------------------------------------------------------------
for f in feed.atom "feed/$EV.atom" feed/org/mri.atom feed/org/ac.atom "feed/org/mri.atom?lang=fr"; do
	body=$(fetch "$BASE/$f")
	eq "$f 200" "$(status "$BASE/$f")" 200
	eq "$f type" "$(header Content-Type)" "application/atom+xml; charset=utf-8"
	xml_ok "$f" "$body"
	for w in PENDING REJECTED EMBARGO WITHDRAWN; do hasnt "$f: nothing of $w" "$body" "$w"; done
done
mf=$(curl -s "$BASE/feed/org/mri.atom")
eq "mri feed: two entries" "$(count_of "$mf" '<entry ')" 2
has "mri feed: BRAVO" "$mf" "BRAVO-BODY"
has "mri feed: CHARLIE" "$mf" "CHARLIE-BODY"
has "mri feed: its title" "$mf" "<title>Coalition &lt;statements&gt; &amp; &quot;news&quot;: Migrant Rights Initiative</title>"
has "mri feed: self link" "$mf" "href=\"$BASE/feed/org/mri.atom\""
has "mri feed: alternate is the org page" "$mf" "href=\"$BASE/o/mri\""
eq "ac feed: one entry" "$(count_of "$(curl -s "$BASE/feed/org/ac.atom")" '<entry ')" 1
eq "org without statements: no feed" "$(status "$BASE/feed/org/cms.atom")" 404
eq "all feed: four entries" "$(count_of "$(curl -s "$BASE/feed.atom")" '<entry ')" 4

# ---- sitemap.xml and robots.txt -------------------------------------------------
sm=$(fetch "$BASE/sitemap.xml")
eq "sitemap 200" "$(status "$BASE/sitemap.xml")" 200
eq "sitemap type" "$(header Content-Type)" "application/xml; charset=utf-8"
xml_ok "sitemap" "$sm"
locs=$(printf '%s' "$sm" | grep -o '<loc>[^<]*</loc>' | sed 's/<[^>]*>//g' | sort)
want=$( { echo "$BASE/"; for e in $EV fut-2029 fut-2030 old-2020; do echo "$BASE/e/$e"; done
	for o in ac alianza mri mycp; do echo "$BASE/o/$o"; done
	for i in "$A" "$B" "$C" "$F"; do echo "$BASE/s/$i"; done; } | sort)
eq "sitemap lists exactly the public pages" "$locs" "$want"
has "sitemap: lastmod of a statement" "$sm" "<loc>$BASE/s/$A</loc><lastmod>$(q "SELECT published FROM statement WHERE public_id = '$A'")</lastmod>"
has "sitemap: namespace" "$sm" 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
eq "sitemap ?page= without an index is 404" "$(status "$BASE/sitemap.xml?page=2")" 404
rb=$(fetch "$BASE/robots.txt")
eq "robots 200" "$(status "$BASE/robots.txt")" 200
eq "robots type" "$(header Content-Type)" "text/plain; charset=utf-8"
for p in moderate admin status login my fragment frame; do
	has "robots disallows /$p" "$rb" "Disallow: /statements/$p"
done
has "robots allows the rest" "$rb" "Allow: /statements/"
has "robots names the sitemap" "$rb" "Sitemap: $BASE/sitemap.xml"
eq "robots.txt at the site's root (README's nginx lines)" "$(curl -s "$ORIGIN/robots.txt")" "$rb"
eq "sitemap.xml at the site's root" "$(curl -s "$ORIGIN/sitemap.xml")" "$sm"

# ---- the embargo ends: counted and shown then ---------------------------------
q "UPDATE statement SET publish_at = strftime('%s', 'now') - 1 WHERE public_id = '$X'" &&
q "UPDATE article SET publish_at = strftime('%s', 'now') - 1 WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$X')" &&
q "UPDATE fragment SET due = strftime('%s', 'now') - 1 WHERE key LIKE 'event/$EV%' OR key LIKE 'atom/%' OR key LIKE 'org/mri%'"
home=$(curl -s "$BASE/")
has "after the embargo: counted" "$(printf '%s' "$home" | sed -n "/e\/$EV\"/,/<\/li>/p")" "4 published statements"
has "after the embargo: shown" "$(curl -s "$BASE/e/$EV")" "EMBARGO-BODY"
has "after the embargo: in the sitemap" "$(curl -s "$BASE/sitemap.xml")" "/s/$X</loc>"

# ---- paging ------------------------------------------------------------------
"$DAIS" event open $EV >/dev/null
i=0; while [ $i -lt 48 ]; do
	id=$(submit $EV panel-4 "Numbered $i" simn mri "NUMBERED-$i-BODY") && approve "$id"
	i=$((i + 1))
done
# 52 published: page 1 has 50, page 2 the last two.
p1=$(curl -s "$BASE/e/$EV")
p2=$(curl -s "$BASE/e/$EV?page=2")
eq "page 1: 50 statements" "$(count_of "$p1" '<article class="dais-statement"')" 50
eq "page 2: 2 statements" "$(count_of "$p2" '<article class="dais-statement"')" 2
has "page 1: rel=next in head" "$p1" "<link rel=\"next\" href=\"/statements/e/$EV?page=2\">"
has "page 1: next link" "$p1" "<a rel=\"next\" href=\"/statements/e/$EV?page=2\">Next page</a>"
hasnt "page 1: no prev" "$p1" 'rel="prev"'
has "page 2: rel=prev" "$p2" "<link rel=\"prev\" href=\"/statements/e/$EV\">"
hasnt "page 2: no next" "$p2" 'rel="next"'
has "page 2: page label" "$p2" "Page 2 of 2"
has "page 2: canonical names its page" "$p2" "<link rel=\"canonical\" href=\"$BASE/e/$EV?page=2\">"
has "page 2: the group heading again (with its id, for the contents list)" "$p2" '<h2 class="dais-group-title" id="session-panel-4">Diaspora and the private sector</h2>'
all=$(printf '%s%s' "$p1" "$p2")
eq "pages 1 and 2: every statement once" "$(count_of "$all" 'NUMBERED-[0-9]*-BODY' )" 48
eq "page 3: 404" "$(status "$BASE/e/$EV?page=3")" 404
has "open again: submit link" "$p1" "Submit a statement for this event"
has "open again: per session" "$p1" "/statements/submit?event=$EV&amp;session=panel-4"
# mri: its 3 and the 48 on its behalf.
eq "org page 1: 50" "$(count_of "$(curl -s "$BASE/o/mri")" '<article class="dais-statement"')" 50
eq "org page 2: 1" "$(count_of "$(curl -s "$BASE/o/mri?page=2")" '<article class="dais-statement"')" 1
eq "org page 3 is 404" "$(status "$BASE/o/mri?page=3")" 404
has "org page 1 in French: next keeps lang" "$(curl -s "$BASE/o/mri?lang=fr")" "<a rel=\"next\" href=\"/statements/o/mri?page=2&amp;lang=fr\">"
eq "simn: one page of 48" "$(count_of "$(curl -s "$BASE/o/simn")" 'NUMBERED-')" 48
# Home paging: 20 events a page.
for n in $(seq 10 29); do
	"$DAIS" event add "x-$n" --title "Extra $n" --starts "20$n-01-01" >/dev/null
done
h2=$(curl -s "$BASE/?page=2")
eq "home page 2: 200" "$(status "$BASE/?page=2")" 200
has "home page 2: rel=prev" "$h2" '<link rel="prev" href="/statements/">'
eq "home page 2: 4 events" "$(count_of "$h2" 'class="archive-event"')" 4
eq "home page 3: 404" "$(status "$BASE/?page=3")" 404

# ---- a sitemap index above 50,000 addresses -----------------------------------
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
   INSERT INTO event(slug, title, location, starts, ends, description, open, created)
   SELECT 'bulk-' || i, 'Bulk ' || i, '', '2001-01-01', '2001-01-01', '', 0, '2001-01-01T00:00:00Z' FROM n" ||
    fail "bulk events"
idx=$(curl -s "$BASE/sitemap.xml")
xml_ok "sitemap index" "$idx"
has "sitemap index" "$idx" '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
eq "sitemap index: two pages" "$(count_of "$idx" '<sitemap>')" 2
has "sitemap index: page 2, escaped" "$idx" "<loc>$BASE/sitemap.xml?page=2</loc>"
s1=$(curl -s "$BASE/sitemap.xml?page=1")
s2=$(curl -s "$BASE/sitemap.xml?page=2")
xml_ok "sitemap page 2" "$s2"
eq "sitemap page 1: 50,000 addresses" "$(count_of "$s1" '<url>')" 50000
total=$(q "SELECT 1 + (SELECT count(*) FROM event) + 5 + (SELECT count(*) FROM article WHERE display = '')")
eq "sitemap pages: every address" "$(( $(count_of "$s1" '<url>') + $(count_of "$s2" '<url>') ))" "$total"
has "sitemap page 2: the statements" "$s2" "/s/$A</loc>"
eq "sitemap page 3: 404" "$(status "$BASE/sitemap.xml?page=3")" 404

t_finish
