#!/bin/bash
# search.sh — public search (GET /search) through a real nginx: hits by
# title, body, speaker and organisation; word forms, accents and
# beginnings; each filter, and unknown filter values; paging; passages
# escaped with only the <mark>s of the template around hits; query syntax
# typed by a person (quotes, NEAR, *, -, AND/OR, title:, parentheses, a
# 2,000-character query); nothing pending, rejected, withdrawn, spam or
# under embargo ever found (an embargoed one found once due); edits and
# translations; and an existing database's published statements indexed by
# its migration (tests/upgrade/010.sql.gz).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

EV=idm-2024-1
t_init_db || { t_finish; exit 1; }
bash "$top_srcdir/contrib/sample/load.sh" "$DAIS" >/dev/null &&
"$DAIS" event add gfmd-2023 --title "Global Forum 2023" --starts 2023-06-01 \
    --ends 2023-06-02 --location Geneva >/dev/null &&
printf 'correct horse battery\n' | "$DAIS" moderator add alice --role admin &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null ||
    { fail "CLI set-up"; t_finish; exit 1; }
t_up || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT


q() { sqlite3 "$DAIS_DB" "$@"; }
JAR=$T_DIR/cookies
token_last() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | tail -1; }
t=$(curl -s -c "$JAR" -b "$JAR" "$BASE/login" | token_last)
eq "moderator signed in" "$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" \
    -H "Origin: $ORIGIN" --data-urlencode "csrf=$t" --data-urlencode user=alice \
    --data-urlencode "password=correct horse battery" "$BASE/login")" 303

# submit EVENT TITLE SPEAKER ORG BEHALF KIND LANG FORMAT BODY: a statement
# through the public form; prints its public id.
submit() {
	local tok code
	tok=$(curl -s "$BASE/submit" | token_last)
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$tok" --data-urlencode "event=$1" \
	    --data-urlencode "title=$2" --data-urlencode "speaker=$3" \
	    --data-urlencode "organisation=$4" --data-urlencode "on_behalf_of=$5" \
	    --data-urlencode "kind=$6" --data-urlencode "language=$7" \
	    --data-urlencode "format=$8" --data-urlencode "body=$9" \
	    --data-urlencode "submitter_name=Sec" \
	    --data-urlencode "submitter_email=sec@example.org" \
	    --data-urlencode consent=yes --data-urlencode action=send "$BASE/submit")
	[ "$code" = 303 ] || { fail "submit [$2]: HTTP $code"; return 1; }
	q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1"
}
# moderate ID ACTION [CURL_ARGS...]: one decision through the review page;
# sets CODE.
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
# search QUERY-STRING: the page (in $PAGE) and its status (in $CODE).
search() {
	CODE=$(curl -s -o "$T_DIR/search.out" -w '%{http_code}' "$BASE/search?$1")
	PAGE=$(cat "$T_DIR/search.out")
}
# found WORDS: 1 when the search for WORDS lists at least one statement.
found() {
	search "q=$(urienc "$1")"
	case $PAGE in *'class="hit"'*) echo 1 ;; *) echo 0 ;; esac
}
urienc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
page() { cat "$T_DIR/search.out"; }
hits() { printf '%s' "$PAGE" | grep -c 'class="hit"'; }

# ---- the statements ------------------------------------------------------------
A=$(submit $EV "Xylophone pathways for children" "Wilhelmina Quarrington" mycp "" \
    panel en markdown $'Regular routes for migrants and quokkas.\n\nLa sécurité des routes.')
B=$(submit $EV "Rights at the centre" "Speaker B" mri ac collective es markdown \
    "Texto sobre la zanahoria y los derechos.")
C=$(submit gfmd-2023 "Written notes" "" "Okapi Research Collective" "" written fr markdown \
    "Notes écrites sur le thème de la mobilité.")
X=$(submit $EV "Quotes \"double\" & 'single'" "Speaker X" mycp "" panel en text \
    "<script>alert(1)</script> & \"quoted\" 'single' zebrafish <b>bold</b>")
W=$(submit $EV "Word paste" "Speaker W" mycp "" panel en html \
    '<p class="MsoNormal"><span style="mso-fareast-language:EN-GB">Pasted walrus text</span></p>')
for id in "$A" "$B" "$C" "$X" "$W"; do approve "$id"; done

# ---- an empty search: the form, no error, no results ------------------------------
search ""
eq "empty search: 200" "$CODE" 200
has "empty search: the form" "$PAGE" 'role="search"'
has "empty search: a GET form to /search" "$PAGE" 'method="get" action="/statements/search"'
hasnt "empty search: no results" "$PAGE" 'id="s-results"'
hasnt "empty search: no error" "$PAGE" 'error-summary'
has "the filters: events with statements" "$PAGE" "<option value=\"$EV\">"
has "the filters: organisations" "$PAGE" '<option value="mri">Migrant Rights Initiative</option>'
has "the filters: on whose behalf counts too" "$PAGE" '<option value="ac">'
hasnt "the filters: not an organisation with nothing published" "$PAGE" '<option value="cms">'
has "the filters: languages" "$PAGE" '<option value="es" lang="es">'
has "the filters: years" "$PAGE" '<option value="2023">2023</option>'
has "the filters: kinds" "$PAGE" '<option value="written">Written statement</option>'
has "the header links to the search" "$(curl -s "$BASE/s/$A")" 'href="/statements/search"'

# ---- what is found, where ---------------------------------------------------------
eq "by title" "$(found xylophone)" 1
has "a hit links to its statement" "$(page)" "href=\"/statements/s/$A\""
has "the title's hit marked" "$(page)" '<mark>Xylophone</mark> pathways'
has "one hit counted" "$(page)" "1 statement found."
eq "by body" "$(found quokkas)" 1
has "the passage's hit marked" "$(page)" '<mark>quokkas</mark>'
eq "by speaker" "$(found quarrington)" 1
eq "by organisation (free text)" "$(found okapi)" 1
eq "by organisation (catalogue name)" "$(found "Migrant Rights")" 1
eq "by on whose behalf" "$(found "Action Committee")" 1
eq "two words: both needed" "$(found "xylophone zanahoria")" 0
eq "word forms: migrant finds migrants" "$(found migrant)" 1
eq "word forms: quokka finds quokkas" "$(found quokka)" 1
eq "accents folded: securite finds sécurité" "$(found securite)" 1
eq "accents folded the other way" "$(found "zanahória")" 1
eq "a beginning with *: xylo*" "$(found "xylo*")" 1
eq "without * a beginning is not a word" "$(found xylo)" 0
eq "case does not matter" "$(found XYLOPHONE)" 1
eq "the published text, not the pasted markup" "$(found MsoNormal)" 0
eq "... nor its styles" "$(found "mso")" 0
eq "... the text of the paste is found" "$(found walrus)" 1
eq "no tag names from the markup" "$(found "span")" 0

# ---- escaping -----------------------------------------------------------------------
search "q=zebrafish"
eq "escaping: 200" "$CODE" 200
hasnt "no script from a statement" "$PAGE" "<script>alert"
has "the script as text" "$PAGE" "&lt;script&gt;alert(1)&lt;/script&gt;"
has "ampersand escaped" "$PAGE" "&lt;/script&gt; &amp; "
hasnt "no raw bold tag" "$PAGE" "<b>bold"
has "quotes escaped in the passage" "$PAGE" "&quot;quoted&quot;"
has "the title escaped" "$PAGE" "Quotes &quot;double&quot; &amp; "
has "the hit marked inside escaped text" "$PAGE" "<mark>zebrafish</mark>"
eq "every <mark> closed, none other added" "$(printf '%s' "$PAGE" | grep -o '<mark>' | wc -l)" \
    "$(printf '%s' "$PAGE" | grep -o '</mark>' | wc -l)"
search "q=$(urienc 'script alert')"
hasnt "searching for the tag's words: still text" "$PAGE" "<script>alert"
has "... marked inside the escaped text" "$PAGE" "&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)"
search "q=$(urienc '<script>alert(2)</script>')"
eq "a query with a tag: 200" "$CODE" 200
hasnt "the query is escaped in the box" "$PAGE" "<script>alert(2)"
has "the query kept, escaped" "$PAGE" 'value="&lt;script&gt;alert(2)&lt;/script&gt;"'

# ---- filters ------------------------------------------------------------------------
search "event=gfmd-2023"
eq "a filter alone lists what it holds" "$(hits)" 1
has "... the statement of that event" "$PAGE" "/s/$C\""
search "q=&event=$EV"
eq "event filter" "$(hits)" 4
search "q=zanahoria&event=gfmd-2023"
eq "event filter excludes" "$(hits)" 0
has "no match: a message" "$PAGE" "No published statement matches this search."
search "org=mri"
eq "organisation filter: delivered" "$(hits)" 1
search "org=ac"
eq "organisation filter: on whose behalf" "$(hits)" 1
has "... that one" "$PAGE" "/s/$B\""
search "kind=written"
eq "kind filter" "$(hits)" 1
search "kind=panel&q=xylophone"
eq "kind filter with words" "$(hits)" 1
search "kind=collective&q=xylophone"
eq "kind filter excludes" "$(hits)" 0
search "language=es"
eq "language filter" "$(hits)" 1
search "language=fr"
has "language filter: French" "$PAGE" "/s/$C\""
search "year=2023"
eq "year filter" "$(hits)" 1
search "year=2024"
eq "year filter: 2024" "$(hits)" 4
search "year=2024&kind=panel&language=en&event=$EV&org=mycp&q=pathways"
eq "every filter at once" "$(hits)" 1
has "the filters stay open when used" "$PAGE" '<details class="search-filters" open>'
has "the chosen filter selected" "$PAGE" '<option value="mycp" selected>'
for bad in "event=nope" "org=nope" "kind=nope" "language=%21%21" "year=20x4" \
    "year=99999" "page=0" "page=abc" "page=100000" "q=%22&page=-1"; do
	search "$bad"
	eq "unknown filter value $bad: 400" "$CODE" 400
	has "... says what is wrong" "$PAGE" 'class="error-summary"'
	has "... with the form" "$PAGE" 'role="search"'
done
search "event=nope"
has "unknown event: the message" "$PAGE" "There is no such event: choose one from the list."
search "language=de"
eq "a language with nothing published: 200" "$CODE" 200
eq "... no hit" "$(hits)" 0
search "q=x&utm_source=newsletter"
check "an unknown parameter: not a 500" [ "$CODE" -lt 500 ]

# ---- what a person may type -------------------------------------------------------
for qs in '"' '""' '"xylophone' 'NEAR(' 'NEAR(xylophone pathways, 2)' '*' '**' '-' '-xylophone' \
    'title:xylophone' '{title}:x' '(' ')' '((xylophone' 'xylophone)' 'AND' 'OR' 'NOT' \
    'xylophone OR' 'AND xylophone' '^xylophone' 'xylophone*' 'x*' ':' "'" '\' \
    '+' 'xylophone NOT pathways' 'a"b"c' 'é*' '中文' 'title : xylophone' '—' '«»' ; do
	search "q=$(urienc "$qs")"
	eq "query [$qs]: 200" "$CODE" 200
	hasnt "query [$qs]: no error page" "$PAGE" 'error-summary'
done
eq "(xylophone: found" "$(found "((xylophone")" 1
eq "«xylophone»: found" "$(found "«xylophone»")" 1
eq "— xylophone: found" "$(found "— xylophone")" 1
eq "\"xylophone: found" "$(found '"xylophone')" 1
eq "-xylophone: the word, not a negation" "$(found "-xylophone")" 1
eq "NEAR(xylophone pathways, 2): found as words" "$(found "NEAR(xylophone pathways, 2)")" 0
eq "xylophone OR zanahoria: words, not OR" "$(found "xylophone OR zanahoria")" 0
long=$(printf 'migrant%.0s ' $(seq 280))
search "q=$(urienc "$long")"
check "a 2,000-character query: a 4xx" [ "$CODE" -ge 400 ] && [ "$CODE" -lt 500 ]
search "q=$(printf 'xylophone%.0s+' $(seq 18))"
eq "200 characters of many words: bounded, 200" "$CODE" 200
eq "... found" "$(hits)" 1

# ---- paging -------------------------------------------------------------------------
for i in $(seq 1 23); do
	id=$(submit $EV "Paging statement $i" "Speaker P" mri "" intervention en markdown \
	    "Paginated hippopotamus number $i.")
	approve "$id"
done
search "q=hippopotamus"
has "paging: the total" "$PAGE" "23 statements found."
eq "paging: 20 on the first page" "$(hits)" 20
has "paging: page 1 of 2" "$PAGE" "Page 1 of 2"
has "paging: rel=next" "$PAGE" 'href="/statements/search?q=hippopotamus&amp;page=2" rel="next"'
hasnt "paging: no rel=prev on the first" "$PAGE" 'rel="prev"'
has "paging: newest first" "$PAGE" "Paging statement 23"
hasnt "paging: the oldest not on page 1" "$PAGE" "Paging statement 1<"
search "q=hippopotamus&page=2"
eq "paging: 3 on the second page" "$(hits)" 3
has "paging: rel=prev" "$PAGE" 'href="/statements/search?q=hippopotamus" rel="prev"'
hasnt "paging: no rel=next on the last" "$PAGE" 'rel="next"'
has "paging: the oldest on page 2" "$PAGE" "Paging statement 1<"
search "q=hippopotamus&page=3"
eq "paging: past the end, 200" "$CODE" 200
eq "paging: past the end, no hit" "$(hits)" 0
has "paging: past the end, says where they end" "$PAGE" "the results end on page 2."
has "paging: past the end, a link back" "$PAGE" 'href="/statements/search?q=hippopotamus&amp;page=2" rel="prev"'
hasnt "paging: past the end, not \"no match\"" "$PAGE" "No published statement matches"
search "q=hippopotamus&event=$EV&lang=fr"
has "paging: links keep the filters and ?lang=" "$PAGE" 'href="/statements/search?q=hippopotamus&amp;event=idm-2024-1&amp;lang=fr&amp;page=2" rel="next"'
has "?lang=fr: the page in French" "$PAGE" '<html lang="fr"'
has "?lang=fr: kept by the form" "$PAGE" '<input type="hidden" name="lang" value="fr">'
has "the language switcher keeps the query" "$PAGE" 'href="/statements/search?q=hippopotamus&amp;event=idm-2024-1&amp;lang=es" hreflang="es"'

# ---- nothing that is not public ---------------------------------------------------
P=$(submit $EV "Pending one" "Speaker N" mri "" panel en markdown "Pendingword capybara.")
R=$(submit $EV "Rejected one" "Speaker N" mri "" panel en markdown "Rejectedword axolotl.")
moderate "$R" reject --data-urlencode "reason=Not a statement."
eq "reject: 303" "$CODE" 303
S=$(submit $EV "Spam one" "Speaker N" mri "" panel en markdown "Spamword narwhal.")
moderate "$S" spam
eq "spam: 303" "$CODE" 303
Q=$(submit $EV "Changes one" "Speaker N" mri "" panel en markdown "Changesword pangolin.")
moderate "$Q" request_changes --data-urlencode "reason=Please add the date."
eq "changes requested: 303" "$CODE" 303
V=$(submit $EV "Withdrawn one" "Speaker N" mri "" panel en markdown "Withdrawnword wombat.")
approve "$V"
eq "approved: found" "$(found wombat)" 1
moderate "$V" withdraw
eq "withdraw: 303" "$CODE" 303
M=$(submit $EV "Embargoed one" "Speaker N" mri "" panel en markdown "Embargoword tapir.")
approve "$M" --data-urlencode "publish_at=$(date -u -d '+2 minutes' +%Y-%m-%dT%H:%M)"
eq "embargoed: approved" "$(q "SELECT state FROM statement WHERE public_id = '$M'")" approved
for w in capybara axolotl narwhal pangolin wombat tapir; do
	eq "not public: $w not found" "$(found $w)" 0
	for f in "" "&event=$EV" "&org=mri" "&kind=panel" "&language=en" "&year=2024"; do
		search "q=$w$f"
		eq "not public: $w$f not found" "$(hits)" 0
	done
done
search "org=mri"
for w in Pendingword Rejectedword Spamword Changesword Withdrawnword Embargoword; do
	hasnt "not public: $w in no filtered list" "$PAGE" "$w"
done
eq "not public: the titles neither" "$(found "Embargoed one")" 0
eq "not public: nor the speaker or organisation of an embargoed one" \
    "$(q "SELECT count(*) FROM search WHERE rowid IN (SELECT id FROM statement WHERE public_id IN ('$P', '$R', '$S', '$Q', '$V', '$M'))")" 0
eq "embargoed: waits in search_due" "$(q "SELECT count(*) FROM search_due d JOIN statement s ON s.id = d.id WHERE s.public_id = '$M'")" 1
# The embargo ends (made to have ended a few seconds ago): the next search
# adds it to the index and finds it.
q "UPDATE statement SET publish_at = strftime('%s','now') - 5 WHERE public_id = '$M';
   UPDATE search_due SET due = strftime('%s','now') - 5;
   UPDATE fragment SET due = strftime('%s','now') - 5 WHERE due > 0"
eq "embargo over: found" "$(found tapir)" 1
has "embargo over: its page linked" "$(page)" "/s/$M\""
eq "embargo over: nothing waits" "$(q "SELECT count(*) FROM search_due")" 0
moderate "$V" restore
eq "restore: 303" "$CODE" 303
eq "restored to the queue: still not found" "$(found wombat)" 0

# ---- edits and versions --------------------------------------------------------------
cat > "$T_DIR/form.py" <<'EOF'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.forms = []; self.cur = None
        self.sel = None; self.ta = None
    def handle_starttag(self, t, a):
        a = dict(a)
        if t == 'form':
            self.cur = []; self.forms.append(self.cur)
        elif self.cur is None:
            return
        elif t == 'input':
            ty = a.get('type', 'text')
            if ty in ('radio', 'checkbox') and 'checked' not in a: return
            if ty in ('submit', 'button', 'file', 'image', 'reset'): return
            if a.get('name'): self.cur.append([a['name'], a.get('value') or ''])
        elif t == 'select':
            self.sel = [a.get('name'), None, None]
        elif t == 'option' and self.sel:
            v = a.get('value') or ''
            if self.sel[1] is None: self.sel[1] = v
            if 'selected' in a: self.sel[2] = v
        elif t == 'textarea':
            self.ta = [a.get('name'), '']
    def handle_data(self, d):
        if self.ta is not None: self.ta[1] += d
    def handle_endtag(self, t):
        if t == 'form': self.cur = None
        elif t == 'select' and self.sel:
            self.cur.append([self.sel[0], self.sel[2] if self.sel[2] is not None else self.sel[1] or ''])
            self.sel = None
        elif t == 'textarea' and self.ta:
            if self.ta[1].startswith('\n'): self.ta[1] = self.ta[1][1:]
            self.cur.append(self.ta); self.ta = None
p = P(); p.feed(sys.stdin.read())
for f in p.forms:
    if ['action', sys.argv[1]] in f:
        sys.stdout.write(''.join('%s=%s\0' % (n, v) for n, v in f))
        break
EOF

edit_body() {
	local kv args=()
	curl -s -b "$JAR" "$BASE/moderate/$1" | python3 "$T_DIR/form.py" edit > "$T_DIR/editform"
	while IFS= read -r -d '' kv; do
		case $kv in
		body=*) args+=(--data-urlencode "body=$2") ;;
		*) args+=(--data-urlencode "$kv") ;;
		esac
	done < "$T_DIR/editform"
	CODE=$(curl -s -o "$T_DIR/mod.out" -w '%{http_code}' -b "$JAR" \
	    -H "Origin: $ORIGIN" "${args[@]}" "$BASE/moderate/$1")
}
edit_body "$A" "Regular routes for everyone: a flamingo edit."
eq "edit of a published statement: 303" "$CODE" 303
eq "edited: the new text found" "$(found flamingo)" 1
eq "edited: the old text gone" "$(found quokkas)" 0
eq "edited: the title still found" "$(found xylophone)" 1
# A translation: a statement row of its own (as tests/publish.sh makes one),
# found once approved, never while pending.
n=$(q "SELECT max(id) + 1 FROM statement")
q "CREATE TEMP TABLE t AS SELECT * FROM statement WHERE public_id = '$A';
   UPDATE t SET id = $n, public_id = 'tr${n}fr', status_hash = 'tr-hash-$n',
       original_id = (SELECT id FROM statement WHERE public_id = '$A'),
       language = 'fr', title = 'Voies du xylophone', source = 'Des flamants roses traduits.',
       html = '<p>Des flamants roses traduits.</p>', state = 'pending', rev = 1,
       published = '', publish_at = 0;
   INSERT INTO statement SELECT * FROM t;
   INSERT INTO revision(statement_id, rev, author, note, state, session_id,
       title, speaker, speaker_role, org_name, on_behalf_of, cosignatories,
       kind, delivered, language, format, source, html, created)
   SELECT id, 1, 'submitter', 'translation', state, session_id, title,
       speaker, speaker_role, org_name, on_behalf_of, cosignatories, kind,
       delivered, language, format, source, html, created FROM t;"
eq "a pending translation: not found" "$(found traduits)" 0
approve "tr${n}fr"
eq "an approved translation: found" "$(found traduits)" 1
has "... linked to its own page" "$(page)" "/s/tr${n}fr\""
has "... marked as a translation" "$(page)" "(translation)"
search "q=xylophone&language=fr"
eq "... by its language" "$(hits)" 1
moderate "$A" withdraw
eq "withdrawing the original: 303" "$CODE" 303
eq "the original withdrawn: its translation not found either" "$(found traduits)" 0
eq "... nor the original" "$(found xylophone)" 0

# ---- an existing database: its migration indexes what is published ----------------
t_stop_dais
rm -f "$DAIS_DB" "$DAIS_DB-wal" "$DAIS_DB-shm"
zcat "$top_srcdir/tests/upgrade/010.sql.gz" | sqlite3 "$DAIS_DB"
eq "the old database: no search table" "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'search'")" 0
"$DAIS" init >/dev/null 2>&1
eq "dais init: the old database migrated" $? 0
public=$(q "SELECT count(*) FROM statement s LEFT JOIN statement o ON o.id = s.original_id
    WHERE s.state = 'approved' AND s.publish_at <= strftime('%s','now') AND
    (s.original_id IS NULL OR (o.state = 'approved' AND o.publish_at <= strftime('%s','now')))")
check "the old database has published statements" [ "$public" -gt 0 ]
eq "migration: every published version indexed" "$(q "SELECT count(*) FROM search")" "$public"
eq "migration: their filters too" "$(q "SELECT count(*) FROM search_doc")" "$public"
eq "migration: nothing else" "$(q "SELECT count(*) FROM search WHERE rowid NOT IN (SELECT id FROM statement WHERE state = 'approved')")" 0
t_start_dais
word=$(q "SELECT title FROM statement WHERE state = 'approved' AND original_id IS NULL ORDER BY id LIMIT 1" | tr -cs 'A-Za-z' '\n' | awk 'length > 4' | head -1)
check "a word of a published title" [ -n "$word" ]
eq "migration: a published statement found by its title ($word)" "$(found "$word")" 1
body=$(q "SELECT html FROM statement WHERE state = 'approved' ORDER BY id LIMIT 1")
case $body in *'<'*) ok ;; *) fail "the old statement has markup" ;; esac
eq "migration: no markup in the index" "$(q "SELECT count(*) FROM search WHERE body LIKE '%<p>%' OR body LIKE '%</%'")" 0

t_finish
