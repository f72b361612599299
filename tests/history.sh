#!/bin/bash
# history.sh — what people edit is the cleaned statement, and the history
# shows what changed in the text as read, through a real nginx: a statement
# pasted from Word (mso- styles, <o:p>, spans, a list, a table) sent as
# HTML; the raw paste kept for the record; the moderator's edit box and the
# submitter's correction box holding the sanitized HTML; a one-word edit
# shown in the history as that word removed then added, in one short
# passage with the unchanged paragraphs collapsed, and no markup; a
# change of markup only said to be one; HTML without a tag read as text.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin --email alice@example.org &&
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
# The content of the textarea with id $1 in $T_DIR/body, as sent.
textarea() {
	awk -v id="$1" '
	    !on && index($0, "<textarea") && index($0, "id=\"" id "\"") {
	        on = 1; sub(/^.*<textarea[^>]*>/, "") }
	    on { if (index($0, "</textarea>")) { sub(/<\/textarea>.*$/, "");
	        printf "%s", $0; exit } print }' "$T_DIR/body"
}
html_esc() {
	sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
	    -e 's/"/\&quot;/g' -e "s/'/\\&#39;/g"
}
# The history block of the review page in $T_DIR/body.
history() { sed -n '/<h2>History<\/h2>/,/<h2>Decisions<\/h2>/p' "$T_DIR/body"; }
st() { q "SELECT $1 FROM statement WHERE public_id = '$2'"; }
sid() { q "SELECT id FROM statement WHERE public_id = '$1'"; }

# A statement as Word puts it on the clipboard: 30 paragraphs, a numbered
# list (Word's mso-list paragraphs), a table.
word_html() {
	local p
	printf '%s\n' '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">' \
	    '<head><meta charset="utf-8"><style>p.MsoNormal{mso-style-parent:"";margin:0cm;font-family:"Calibri",sans-serif;}</style></head>' \
	    "<body lang=EN-GB style='tab-interval:36.0pt'>" '<!--StartFragment-->'
	printf '%s\n' "<p class=MsoNormal style='mso-margin-top-alt:auto;mso-margin-bottom-alt:auto'><b><span lang=EN-US style='font-size:12.0pt;mso-bidi-font-family:Calibri'>Statement of the Coalition<o:p></o:p></span></b></p>"
	for p in $(seq 1 30); do
		printf "<p class=MsoNormal><span lang=EN-US style='mso-fareast-language:EN-GB;mso-bidi-font-family:Calibri'>Paragraph %d: we welcome the dialogue on %s and development.<o:p></o:p></span></p>\n" \
		    "$p" "${WORD[$p]:-migration}"
	done
	printf '%s\n' "<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>1.<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]><span>Protect the rights of all migrants.<o:p></o:p></span></p>" \
	    "<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>2.<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]><span>Ensure access to justice.<o:p></o:p></span></p>" \
	    "<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'><tr style='mso-yfti-irow:0'><td width=300 style='mso-border-alt:solid windowtext .5pt'><p class=MsoNormal>Country<o:p></o:p></p></td><td><p class=MsoNormal>Pledges<o:p></o:p></p></td></tr></table>" \
	    '<!--EndFragment-->' '</body></html>'
}
declare -A WORD=()
RAW=$(word_html)
check "the paste is Word's (mso- styles, o:p)" grep -q 'mso-bidi-font-family.*<o:p>' <<<"$RAW"

# ---- a Word paste sent as HTML ------------------------------------------------
req "$BASE/submit"; tok=$(first_token)
req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$tok" \
    --form-string event=conf24 --form-string session=opening \
    --form-string "title=Word statement" --form-string speaker=Ana \
    --form-string organisation=acme --form-string kind=panel \
    --form-string language=en --form-string format=html \
    --form-string "body=$RAW" --form-string submitter_name=Ana \
    --form-string submitter_email=ana@example.org \
    --form-string consent=yes --form-string action=send
eq "Word paste: 303" "$CODE" 303
PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
TOK=$(header Location | sed -n 's|.*/status/\([0-9a-f]*\).*|\1|p')
eq "the raw paste is stored as sent" "$(st source "$PUB")" "$RAW"
eq "the raw paste stays in revision 1" "$(q "SELECT source FROM revision WHERE statement_id = $(sid "$PUB") AND rev = 1")" "$RAW"
CLEAN=$(st html "$PUB")
hasnt "the rendering has no mso-" "$CLEAN" "mso-"
hasnt "the rendering has no o:p" "$CLEAN" "o:p"
has "the rendering keeps the paragraphs" "$CLEAN" "<p>Paragraph 17: we welcome the dialogue on migration and development.</p>"
has "the rendering keeps Word's list as a list" "$CLEAN" $'<ol>\n<li>Protect the rights of all migrants.</li>'
has "the rendering keeps the table" "$CLEAN" "Country"

# The submitter's correction box: the cleaned HTML, not the paste.
req "$BASE/status/$TOK"
eq "status page: 200" "$CODE" 200
BOX=$(textarea body)
hasnt "correction box: no mso-" "$BOX" "mso-"
hasnt "correction box: no o:p" "$BOX" "o:p"
eq "correction box: the sanitized HTML, escaped" "$BOX" "$(printf '%s' "$CLEAN" | html_esc)"
eq "showing it changed nothing: rev 1" "$(st rev "$PUB")" 1
eq "showing it changed nothing: the raw paste" "$(st source "$PUB")" "$RAW"

# ---- the moderator's edit box -------------------------------------------------
req "$BASE/login"; tok=$(first_token)
req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode user=alice \
    --data-urlencode password=alice-password-1 --data-urlencode "csrf=$tok"
eq "sign in: 303" "$CODE" 303
CK=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | head -1 | sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
as() { req -H "Cookie: dais_session=$CK" "$@"; }
# review ID ACTION REV [FIELD=VALUE...]: a decision with a fresh token.
review() {
	local id=$1 act=$2 rev=$3 a=() kv tok; shift 3
	as "$BASE/moderate/$id"; tok=$(last_token)
	for kv in "$@"; do a+=(--data-urlencode "$kv"); done
	as "$BASE/moderate/$id" -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$tok" --data-urlencode "action=$act" \
	    --data-urlencode "rev=$rev" "${a[@]}"
}
EDIT=(session=opening speaker=Ana organisation=acme kind=panel language=en
    format=html)

as "$BASE/moderate/$PUB"
eq "review page: 200" "$CODE" 200
BOX=$(textarea body)
hasnt "edit box: no mso-" "$BOX" "mso-"
hasnt "edit box: no o:p" "$BOX" "o:p"
eq "edit box: the sanitized HTML, escaped" "$BOX" "$(printf '%s' "$CLEAN" | html_esc)"
eq "history: one revision, no diff" "$(history | grep -c 'class="diff')" 0

# A typed edit that comes back with a problem keeps what was typed, even
# Word's markup.
review "$PUB" edit 1 "${EDIT[@]}" "title=" "body=$RAW"
eq "edit with a problem: 422" "$CODE" 422
eq "edit with a problem: the typed text kept" "$(textarea body)" "$(printf '%s' "$RAW" | html_esc)"

# One word changed in the cleaned text.
NEW=${CLEAN/Paragraph 17: we welcome the dialogue on migration/Paragraph 17: we welcome the dialogue on mobility}
check "one word changed in the edit" [ "$NEW" != "$CLEAN" ]
review "$PUB" edit 1 "${EDIT[@]}" "title=Word statement" "body=$NEW"
eq "one-word edit: 303" "$CODE" 303
eq "one-word edit: rev 2" "$(st rev "$PUB")" 2
eq "the edit stores the cleaned text as the body" "$(st source "$PUB")" "$NEW"
eq "the raw paste stays in revision 1" "$(q "SELECT source FROM revision WHERE statement_id = $(sid "$PUB") AND rev = 1")" "$RAW"

as "$BASE/moderate/$PUB"
H=$(history)
D=$(sed -n '/<div class="diff"/,/<\/div>/p' <<<"$H")
eq "history: one diff" "$(grep -c '<div class="diff" lang="en" dir="auto">' <<<"$H")" 1
eq "history: one changed paragraph" "$(grep -c 'class="diff-change"' <<<"$D")" 1
eq "history: no paragraph removed or added whole" "$(grep -c 'class="diff-\(del\|ins\)"' <<<"$D")" 0
eq "history: the changed paragraph, the word removed then added" \
    "$(grep 'class="diff-change"' <<<"$D")" \
    '<p class="diff-change">Paragraph 17: we welcome the dialogue on <del><span class="visually-hidden" lang="en">[removed: </span>migration<span class="visually-hidden">]</span></del><ins><span class="visually-hidden" lang="en">[added: </span>mobility<span class="visually-hidden">]</span></ins> and development.</p>'
eq "history: one paragraph of context before" "$(grep -B1 'class="diff-change"' <<<"$D" | head -1)" \
    '<p class="diff-same">Paragraph 16: we welcome the dialogue on migration and development.</p>'
eq "history: one paragraph of context after" "$(grep -A1 'class="diff-change"' <<<"$D" | tail -1)" \
    '<p class="diff-same">Paragraph 18: we welcome the dialogue on migration and development.</p>'
eq "history: the blocks before collapsed (the title, 15 paragraphs)" "$(grep 'class="diff-' <<<"$D" | head -1)" \
    '<div class="diff" lang="en" dir="auto"><p class="diff-gap" lang="en" dir="ltr">… 16 unchanged paragraphs …</p>'
eq "history: the blocks after collapsed (12 paragraphs, 2 items, 2 cells)" "$(grep 'class="diff-' <<<"$D" | tail -1)" \
    '<p class="diff-gap" lang="en" dir="ltr">… 16 unchanged paragraphs …</p>'
eq "history: five lines in all" "$(grep -c '<p class="diff-' <<<"$D")" 5
hasnt "history: no markup in the diff" "$D" "&lt;"
hasnt "history: no mso- in the diff" "$D" "mso"

# A change of markup only: the words are the same.
STRONG=${NEW/Paragraph 3: /<strong>Paragraph 3:<\/strong> }
review "$PUB" edit 2 "${EDIT[@]}" "title=Word statement" "body=$STRONG"
eq "markup-only edit: 303" "$CODE" 303
as "$BASE/moderate/$PUB"
H=$(history)
eq "markup-only edit: said so" "$(grep -c 'The words did not change: only the formatting or the markup did.' <<<"$H")" 1
eq "markup-only edit: still one diff (the first edit's)" "$(grep -c '<div class="diff"' <<<"$H")" 1

# Saving the edit box unchanged after a raw paste: no words changed.
req "$BASE/submit"; tok=$(first_token)
req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$tok" \
    --form-string event=conf24 --form-string session=opening \
    --form-string "title=Second paste" --form-string speaker=Ana \
    --form-string organisation=acme --form-string kind=panel \
    --form-string language=en --form-string format=html \
    --form-string "body=$RAW" --form-string submitter_name=Ana \
    --form-string submitter_email=ana@example.org \
    --form-string consent=yes --form-string action=send
P2=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
as "$BASE/moderate/$P2"
BOX=$(textarea body)
BODY2=$(st html "$P2")
review "$P2" edit 1 "${EDIT[@]}" "title=Second paste" "body=$BODY2"
eq "saved unchanged: 303" "$CODE" 303
eq "saved unchanged: the source is now the cleaned text" "$(st source "$P2")" "$BODY2"
eq "saved unchanged: the same rendering" "$(st html "$P2")" "$BODY2"
as "$BASE/moderate/$P2"
eq "saved unchanged: no diff, the words did not change" "$(history | grep -c 'The words did not change')" 1

# ---- the submitter's correction after the moderator's edit -----------------
req "$BASE/status/$TOK"
eq "status page after the edits: the current cleaned text" "$(textarea body)" "$(printf '%s' "$(st html "$PUB")" | html_esc)"

# ---- HTML without a tag is read as text -------------------------------------
req "$BASE/submit"; tok=$(first_token)
req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$tok" \
    --form-string event=conf24 --form-string session=opening \
    --form-string "title=Plain text as HTML" --form-string speaker=Ana \
    --form-string organisation=acme --form-string kind=panel \
    --form-string language=en --form-string format=html \
    --form-string $'body=First paragraph,\nits second line.\n\nSecond paragraph: 3 < 4 & 5.' \
    --form-string submitter_name=Ana --form-string submitter_email=ana@example.org \
    --form-string consent=yes --form-string action=send
eq "HTML without a tag: 303" "$CODE" 303
P3=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
eq "HTML without a tag: paragraphs and line breaks kept" "$(st html "$P3")" \
    $'<p>First paragraph,<br>\nits second line.</p>\n<p>Second paragraph: 3 &lt; 4 &amp; 5.</p>'
eq "HTML without a tag: the format stays html" "$(st format "$P3")" html
eq "the CLI sanitizer agrees" "$(printf 'One\n\nTwo' | "$DAIS" sanitize --format html)" $'<p>One</p>\n<p>Two</p>'

t_finish
