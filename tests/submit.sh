#!/bin/bash
# submit.sh — the public submission flow through a real nginx: the form,
# its checks (every value kept), CSRF and origin, the spam defences (timing,
# honeypot, rate limit, hold), attachments, and the private status page
# (correct, conflict, withdraw).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# Events, sessions and organisations, made with the command line.
t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-20 \
    --ends 2024-05-22 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" session add conf24 youth --title "Youth panel" >/dev/null &&
"$DAIS" event add summit25 --title "Summit 2025" --starts 2025-03-01 >/dev/null &&
"$DAIS" session add summit25 closing --title "Closing session" >/dev/null &&
"$DAIS" event add old23 --title "Old Forum 2023" --starts 2023-01-10 --closed >/dev/null &&
"$DAIS" session add old23 legacy --title "Legacy session" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
"$DAIS" config set rate_submit_per_hour 0 >/dev/null
t_start_nginx && t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT
SECONDS=0

q() { sqlite3 "$DAIS_DB" "$@"; }
# req CURL_ARGS...: sets CODE and BODY; headers in $T_DIR/headers.
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
# The form token of a fresh GET of URL.
csrf_of() {
	curl -s "$1" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1
}
# The status token of the last response's Location.
loc_token() { header Location | sed -n 's|.*/status/\([0-9a-f]*\)?.*|\1|p'; }
# HTML-escapes stdin the way the templates do.
html_esc() {
	sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
	    -e 's/"/\&quot;/g' -e "s/'/\\&#39;/g"
}
# The content of the textarea with id $1 in $T_DIR/body.
textarea() {
	awk -v id="$1" '
	    !on && index($0, "<textarea") && index($0, "id=\"" id "\"") {
	        on = 1; sub(/^.*<textarea[^>]*>/, "") }
	    on { if (index($0, "</textarea>")) { sub(/<\/textarea>.*$/, "");
	        printf "%s", $0; exit } print }' "$T_DIR/body"
}

# The fields of a valid submission; tests change F and call send.
declare -A F
fields_reset() {
	F=([event]=conf24 [session]=opening [title]="Statement on regular pathways"
	   [speaker]="Ana Pérez" [speaker_role]="Youth delegate"
	   [organisation]=acme [kind]=panel [language]=en [format]=text
	   [delivered]=2024-05-21
	   [body]=$'First paragraph of the statement.\n\nSecond paragraph.'
	   [submitter_name]="Ana Pérez" [submitter_email]="ana@example.org"
	   [consent]=yes [action]=send)
}
# send [CURL_ARGS...]: POSTs F as multipart to /submit with a fresh token
# (unless F has csrf) and the site's Origin (unless OH, a header line, is
# set: "Origin:" sends none).
send() {
	local a=() k
	[ -n "${F[csrf]+x}" ] || F[csrf]=$(csrf_of "$BASE/submit")
	for k in "${!F[@]}"; do a+=(--form-string "$k=${F[$k]}"); done
	req "$BASE/submit" -H "${OH:-Origin: $ORIGIN}" "${a[@]}" "$@"
	unset 'F[csrf]'
}
# send_url [CURL_ARGS...]: the same, urlencoded.
send_url() {
	local a=() k
	[ -n "${F[csrf]+x}" ] || F[csrf]=$(csrf_of "$BASE/submit")
	for k in "${!F[@]}"; do a+=(--data-urlencode "$k=${F[$k]}"); done
	req "$BASE/submit" -H "${OH:-Origin: $ORIGIN}" "${a[@]}" "$@"
	unset 'F[csrf]'
}
count() { q "SELECT count(*) FROM statement"; }

# A token taken now, for the timing rule's positive case at the end.
EARLY_CSRF=$(csrf_of "$BASE/submit")

# ---- GET /submit ------------------------------------------------------------
req "$BASE/submit"
eq "form 200" "$CODE" 200
has "form title" "$BODY" "<title>Submit a statement"
hasnt "form has no error title" "$BODY" "<title>Error:"
has "open event listed" "$BODY" '<option value="conf24">Conference 2024</option>'
has "second open event listed" "$BODY" '<option value="summit25">Summit 2025</option>'
hasnt "closed event absent" "$BODY" old23
hasnt "closed event's title absent" "$BODY" "Old Forum 2023"
hasnt "closed event's sessions absent" "$BODY" "Legacy session"
has "form token" "$BODY" 'name="csrf" value="'
has "multipart form" "$BODY" 'enctype="multipart/form-data"'
has "honeypot present" "$BODY" 'name="website"'
groups=$(sed -n '/<optgroup/,/<\/optgroup>/p' "$T_DIR/body" | tr -d '\n')
has "sessions grouped: conference" "$groups" '<optgroup label="Conference 2024"><option value="opening">Opening plenary</option><option value="youth">Youth panel</option></optgroup>'
has "sessions grouped: summit" "$groups" '<optgroup label="Summit 2025"><option value="closing">Closing session</option></optgroup>'
req "$BASE/submit?event=summit25"
has "?event= preselects" "$BODY" '<option value="summit25" selected>'
eq "HEAD /submit" "$(curl -s -o /dev/null -w '%{http_code}' -I "$BASE/submit")" 200

# ---- timing (the default: 3 s) ----------------------------------------------
fields_reset; F[title]="Sent by a fast bot"
n0=$(count); send
eq "immediate POST: form back" "$CODE" 422
has "immediate POST: message" "$BODY" "sent very quickly"
has "immediate POST: linked" "$BODY" 'href="#title"'
has "immediate POST: title kept" "$BODY" 'value="Sent by a fast bot"'
has "immediate POST: e-mail kept" "$BODY" 'value="ana@example.org"'
eq "immediate POST: nothing stored" "$(count)" "$n0"
"$DAIS" config set submit_min_seconds 0 >/dev/null

# ---- a valid submission -------------------------------------------------------
fields_reset
n0=$(count); send
eq "valid: 303" "$CODE" 303
loc=$(header Location)
check "valid: Location /status/<40 hex>?sent=1" \
    grep -qE '^/statements/status/[0-9a-f]{40}\?sent=1$' <<<"$loc"
TOK=$(loc_token)
eq "valid: one row more" "$(count)" $((n0 + 1))
row=$(q "SELECT state, rev, title, org_name, org_id IS NOT NULL, kind, language, delivered FROM statement ORDER BY id DESC LIMIT 1")
eq "valid: stored" "$row" "pending|1|Statement on regular pathways|ACME Coalition|1|panel|en|2024-05-21"
eq "valid: session stored" "$(q "SELECT ss.slug FROM statement s JOIN session ss ON ss.id = s.session_id ORDER BY s.id DESC LIMIT 1")" opening
eq "valid: body kept with its paragraphs" "$(q "SELECT source FROM statement ORDER BY id DESC LIMIT 1")" \
    $'First paragraph of the statement.\n\nSecond paragraph.'
SID=$(q "SELECT id FROM statement ORDER BY id DESC LIMIT 1")
PUB=$(q "SELECT public_id FROM statement WHERE id = $SID")
eq "valid: one revision" "$(q "SELECT count(*) FROM revision WHERE statement_id = $SID")" 1
hash=$(q "SELECT status_hash FROM statement WHERE id = $SID")
check "valid: status_hash is not the token" [ "$hash" != "$TOK" ]
check "valid: status_hash is a 64-hex hash" grep -qE '^[0-9a-f]{64}$' <<<"$hash"
check "token never stored in clear" bash -c '! grep -qa "$1" "$2"*' _ "$TOK" "$DAIS_DB"
check "public id: 8 characters" grep -qE '^[2-9a-z]{8}$' <<<"$PUB"

# The status page.
req "$BASE/status/$TOK?sent=1"
eq "status 200" "$CODE" 200
has "status: received" "$BODY" "Statement received"
has "status: reference" "$BODY" "<strong>$PUB</strong>"
has "status: private link" "$BODY" "<a href=\"$ORIGIN/statements/status/$TOK\">$ORIGIN/statements/status/$TOK</a>"
has "status: state" "$BODY" "Waiting for review"
has "status: the statement" "$BODY" "Second paragraph."
has "status: correct form" "$BODY" 'id="correct"'
eq "status: Referrer-Policy" "$(header Referrer-Policy)" same-origin
eq "status: Cache-Control" "$(header Cache-Control)" no-store
req "$BASE/status/$TOK"
hasnt "status without ?sent: no banner" "$BODY" "Statement received"
eq "status: wrong token 404" "$(status "$BASE/status/$(printf 'ab%.0s' $(seq 20))")" 404
has "status: 404 message" "$(curl -s "$BASE/status/$(printf 'cd%.0s' $(seq 20))")" "could not find a submission"
eq "status: short token 404" "$(status "$BASE/status/abc123")" 404
eq "status: upper-case token 404" "$(status "$BASE/status/$(tr a-f A-F <<<"$TOK")")" 404
eq "status: 41 hex 404" "$(status "$BASE/status/${TOK}0")" 404
eq "status: non-hex 404" "$(status "$BASE/status/${TOK%??}zz")" 404

# urlencoded works as well.
fields_reset; F[title]="Sent urlencoded"
send_url
eq "urlencoded: 303" "$CODE" 303
eq "urlencoded: stored" "$(q "SELECT count(*) FROM statement WHERE title = 'Sent urlencoded'")" 1

# A written statement needs no speaker.
fields_reset; F[kind]=written; F[speaker]=""; F[title]="Written one"
send
eq "written without speaker: 303" "$CODE" 303

# ---- problems: 422 with everything kept ---------------------------------------
BODY_IN=$'Mr. Chair, <script>alert("x")</script> & "quotes" \'single\'\n\nSecond paragraph: Señora — 日本語 — العربية — Ελληνικά.\n\n\tThird < fourth > fifth &amp; already-escaped.'
fields_reset
F[title]=""; F[speaker]="O'Brien & <Sons>"; F[organisation]=""; F[body]=$BODY_IN
F[submitter_name]=""; F[submitter_email]=""; F[cosignatories]="Group A, Group “B”"
unset 'F[consent]' 'F[language]' 'F[kind]'
n0=$(count); send
eq "missing fields: 422" "$CODE" 422
eq "missing fields: nothing stored" "$(count)" "$n0"
has "error title" "$BODY" "<title>Error: Submit a statement"
has "error summary" "$BODY" "There is a problem"
for f in title organisation kind-panel language submitter_name submitter_email consent; do
	has "summary links #$f" "$BODY" "href=\"#$f\""
done
has "inline: title" "$BODY" '<p class="error-message" id="title-error"><span class="visually-hidden">Error:</span> Enter a title for the statement</p>'
has "inline: organisation" "$BODY" 'id="organisation-error"'
has "inline: kind" "$BODY" 'id="kind-error"'
has "inline: language" "$BODY" 'id="language-error"'
has "inline: e-mail" "$BODY" 'Enter your e-mail address'
has "inline: consent" "$BODY" 'id="consent-error"'
has "described-by on the field" "$BODY" 'aria-describedby="title-hint title-error"'
hasnt "no error on the body" "$BODY" 'id="body-error"'
eq "body textarea keeps the text, escaped" "$(textarea body)" "$(printf '%s' "$BODY_IN" | html_esc)"
hasnt "no raw script from the body" "$BODY" '<script>alert'
has "speaker kept, escaped" "$BODY" 'value="O&#39;Brien &amp; &lt;Sons&gt;"'
eq "co-signatories kept" "$(textarea cosignatories)" "Group A, Group “B”"
has "session kept" "$BODY" '<option value="opening" selected>'
has "event kept" "$BODY" '<option value="conf24" selected>'
has "date kept" "$BODY" 'value="2024-05-21"'
has "format kept" "$BODY" 'value="text" checked'

# Each rule on its own.
fields_reset; F[submitter_email]="ana at example.org"; send
eq "bad e-mail: 422" "$CODE" 422
has "bad e-mail: message" "$BODY" "Enter an e-mail address in the correct format"
has "bad e-mail: linked" "$BODY" 'href="#submitter_email"'
has "bad e-mail: kept" "$BODY" 'value="ana at example.org"'
for e in "ana@" "@example.org" "ana@example" "a@b@example.org" "ana@example.org>"; do
	fields_reset; F[submitter_email]=$e; send
	eq "bad e-mail [$e]: 422" "$CODE" 422
done

fields_reset; F[language]='en_US!'; send
eq "bad language tag: 422" "$CODE" 422
has "bad language tag: message" "$BODY" "Enter a language tag such as en"
has "bad language tag: linked" "$BODY" 'href="#language"'
has "bad language tag: kept and selected" "$BODY" '<option value="en_US!" lang="en_US!" selected>en_US!</option>'
fields_reset; F[language]=pt-BR; F[title]="In Portuguese"; send
eq "BCP 47 tag pt-BR: 303" "$CODE" 303
fields_reset; F[language]=ar; F[title]="In Arabic"; send
eq "ar: 303" "$CODE" 303
req "$BASE/status/$(loc_token)"
has "rtl statement shown rtl" "$BODY" 'lang="ar" dir="rtl"'

fields_reset; F[session]=closing; send
eq "session of another event: 422" "$CODE" 422
has "session of another event: message" "$BODY" "Select a session of the event you chose"
has "session of another event: linked" "$BODY" 'href="#session"'
fields_reset; F[event]=old23; F[session]=""; send
eq "closed event: 422" "$CODE" 422
has "closed event: message" "$BODY" "Select an event that is open for statements"
fields_reset; F[event]=nosuch; F[session]=""; send
eq "unknown event: 422" "$CODE" 422

fields_reset; F[kind]=collective; F[on_behalf_of]=""; send
eq "collective without on_behalf_of: 422" "$CODE" 422
has "collective: message" "$BODY" "Enter on whose behalf"
has "collective: linked" "$BODY" 'href="#on_behalf_of"'
has "collective: kind kept" "$BODY" 'value="collective" checked'
fields_reset; F[kind]=collective; F[on_behalf_of]="Youth Caucus"; F[title]="Collective"; send
eq "collective with on_behalf_of: 303" "$CODE" 303
fields_reset; F[kind]=speech; send
eq "unknown kind: 422" "$CODE" 422

fields_reset; unset 'F[consent]'; send
eq "no consent: 422" "$CODE" 422
has "no consent: message" "$BODY" "Confirm that the statement may be published"
has "no consent: linked" "$BODY" 'href="#consent"'
hasnt "no consent: box not checked" "$BODY" 'value="yes" checked'
fields_reset; F[consent]=no; send
eq "consent=no: 422" "$CODE" 422

fields_reset; F[delivered]=2024-02-30; send
eq "impossible date: 422" "$CODE" 422
has "impossible date: linked" "$BODY" 'href="#delivered"'
fields_reset; F[body]=$'   \n\n  '; send
eq "blank body: 422" "$CODE" 422
has "blank body: message" "$BODY" "Enter the text of the statement"
fields_reset; F[title]=$(printf 'x%.0s' $(seq 201)); send
eq "title over 200: 422" "$CODE" 422
has "title over 200: message" "$BODY" "The title must be 200 characters or fewer"

# A body over 100,000 characters: a friendly message, the text kept.
{ printf 'START '; head -c 100000 /dev/zero | tr '\0' 'a'; printf ' END-OF-TEXT'; } > "$T_DIR/long.txt"
fields_reset; unset 'F[body]'
n0=$(count); send -F "body=<$T_DIR/long.txt"
eq "long body: 422, not 413" "$CODE" 422
has "long body: message" "$BODY" "The statement must be 100,000 characters or fewer"
has "long body: linked" "$BODY" 'href="#body"'
eq "long body: text kept whole" "$(textarea body)" "$(cat "$T_DIR/long.txt")"
eq "long body: nothing stored" "$(count)" "$n0"
# The limit is in characters: 100,000 two-byte characters are fine.
head -c 100000 /dev/zero | tr '\0' 'e' | sed 's/e/é/g' > "$T_DIR/wide.txt"
fields_reset; unset 'F[body]'; F[action]=preview
send -F "body=<$T_DIR/wide.txt"
eq "100,000 characters of 2 bytes: accepted (preview)" "$CODE" 200

# ---- preview --------------------------------------------------------------------
fields_reset; F[action]=preview; F[title]="Preview <me>"; F[format]=markdown
F[body]=$'Some *emphasis* and **bold**.\n\n- one\n- two'
n0=$(count); send
eq "preview: 200" "$CODE" 200
has "preview: section" "$BODY" 'id="preview-heading"'
has "preview: rendered" "$BODY" '<article class="dais-statement"'
has "preview: title escaped" "$BODY" '<h3 class="dais-statement-title">Preview &lt;me&gt;</h3>'
has "preview: markdown rendered" "$BODY" '<em>emphasis</em>'
has "preview: list rendered" "$BODY" '<li>one</li>'
has "preview: org resolved" "$BODY" 'ACME Coalition'
has "preview: form kept" "$BODY" 'value="Preview &lt;me&gt;"'
hasnt "preview: no error" "$BODY" "There is a problem"
eq "preview: nothing stored" "$(count)" "$n0"
fields_reset; F[action]=preview; F[format]=html
F[body]='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(2)">link</a></p>'
send
eq "preview html: 200" "$CODE" 200
hasnt "preview html: no script" "$BODY" '<script>alert(1)'
hasnt "preview html: no handler" "$BODY" '<p onclick'
hasnt "preview html: no javascript: link" "$BODY" 'href="javascript:'

# ---- CSRF and origin ------------------------------------------------------------
fields_reset; F[csrf]=""; n0=$(count); send
eq "missing token: 403" "$CODE" 403
has "403 is a page with a message" "$BODY" "did not come from this site"
a=(); for k in "${!F[@]}"; do [ "$k" = csrf ] || a+=(--form-string "$k=${F[$k]}"); done
req "$BASE/submit" -H "Origin: $ORIGIN" "${a[@]}"
eq "no csrf field at all: 403" "$CODE" 403
fields_reset; F[csrf]="$(date +%s).$(printf '0%.0s' $(seq 64))"; send
eq "forged token: 403" "$CODE" 403
good=$(csrf_of "$BASE/submit")
fields_reset; F[csrf]="${good%?}$( [ "${good: -1}" = 0 ] && echo 1 || echo 0)"; send
eq "token with one hex changed: 403" "$CODE" 403
fields_reset; F[csrf]="$(( ${good%%.*} + 1 )).${good#*.}"; send
eq "token with another time: 403" "$CODE" 403
fields_reset; F[csrf]=$(csrf_of "$BASE/status/$TOK"); send
eq "status form's token on /submit: 403" "$CODE" 403
fields_reset; OH="Origin: http://evil.example" send
eq "foreign Origin: 403" "$CODE" 403
has "foreign Origin: message" "$BODY" "sent from another site"
fields_reset; OH="Origin: http://127.0.0.1:$((PORT + 1))" send
eq "other port Origin: 403" "$CODE" 403
fields_reset; OH="Origin: https://127.0.0.1:$PORT" send
eq "other scheme Origin: 403" "$CODE" 403
fields_reset; OH="Origin:" send
eq "no Origin, no Sec-Fetch-Site: 403" "$CODE" 403
fields_reset; OH="Origin:" send -H "Sec-Fetch-Site: cross-site"
eq "no Origin, Sec-Fetch-Site cross-site: 403" "$CODE" 403
fields_reset; OH="Origin: null" send -H "Sec-Fetch-Site: cross-site"
eq "Origin null, cross-site: 403" "$CODE" 403
eq "nothing stored by refused posts" "$(count)" "$n0"
fields_reset; F[title]="Same-origin fetch"; OH="Origin:" send -H "Sec-Fetch-Site: same-origin"
eq "Sec-Fetch-Site same-origin without Origin: 303" "$CODE" 303

# ---- honeypot -------------------------------------------------------------------
fields_reset; F[title]="Honeypot"; F[website]="http://spam.example"; send
eq "honeypot: 303 like any other" "$CODE" 303
eq "honeypot: stored as spam" "$(q "SELECT state FROM statement WHERE title = 'Honeypot'")" spam

# ---- hold -----------------------------------------------------------------------
"$DAIS" config set hold_links 1 >/dev/null
fields_reset; F[title]="Many links"; F[format]=markdown
F[body]=$'See [one](https://one.example), [two](https://two.example)\n\nand [three](https://three.example).'
send
eq "3 links: 303" "$CODE" 303
eq "3 links: held" "$(q "SELECT state || '|' || hold_reason FROM statement WHERE title = 'Many links'")" "pending|3 links"
fields_reset; F[title]="One link"; F[format]=markdown; F[body]='See [one](https://one.example).'
send
eq "1 link: not held" "$(q "SELECT hold_reason FROM statement WHERE title = 'One link'")" ""
"$DAIS" config set hold_links 10 >/dev/null
"$DAIS" config set hold_words "casino, lottery" >/dev/null
fields_reset; F[title]="Win the LOTTERY"; send
eq "hold word in title: held" "$(q "SELECT hold_reason FROM statement WHERE title = 'Win the LOTTERY'")" "contains “lottery”"
"$DAIS" config set hold_words "" >/dev/null

# ---- attachments ----------------------------------------------------------------
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' > "$T_DIR/doc.pdf"
fields_reset; F[title]="With a PDF"
send -F "attachment=@$T_DIR/doc.pdf;type=application/pdf"
eq "PDF: 303" "$CODE" 303
att=$(q "SELECT a.filename, a.ctype, a.size, a.sha256 FROM attachment a JOIN statement s ON s.id = a.statement_id WHERE s.title = 'With a PDF'")
eq "PDF: stored" "$att" "doc.pdf|application/pdf|$(wc -c < "$T_DIR/doc.pdf" | tr -d ' ')|$(sha256sum "$T_DIR/doc.pdf" | cut -d' ' -f1)"
q "SELECT writefile('$T_DIR/back.pdf', a.data) FROM attachment a JOIN statement s ON s.id = a.statement_id WHERE s.title = 'With a PDF'" >/dev/null
check "PDF: bytes stored unchanged" cmp -s "$T_DIR/doc.pdf" "$T_DIR/back.pdf"
# The type comes from the bytes, not the name or the declared type.
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0' > "$T_DIR/pic.png"
printf 'just some text\n' > "$T_DIR/x.pdf"
na=$(q "SELECT count(*) FROM attachment"); n0=$(count)
fields_reset; F[title]="With a PNG"
send -F "attachment=@$T_DIR/pic.png;type=application/pdf"
eq "PNG: 422" "$CODE" 422
has "PNG: message" "$BODY" "must be a PDF"
has "PNG: linked" "$BODY" 'href="#attachment"'
has "PNG: choose again" "$BODY" "choose the file again"
has "PNG: text kept" "$BODY" 'value="With a PNG"'
fields_reset; send -F "attachment=@$T_DIR/x.pdf;type=application/pdf"
eq "text named x.pdf: 422" "$CODE" 422
has "text named x.pdf: message" "$BODY" "must be a PDF"
eq "refused files: nothing stored" "$(q "SELECT count(*) FROM attachment")|$(count)" "$na|$n0"
# A PDF over 10 MB (under the body limit): a friendly message, text kept.
{ printf '%%PDF-1.4\n'; head -c $((10 * 1024 * 1024 + 100)) /dev/zero; } > "$T_DIR/big.pdf"
fields_reset; F[title]="With a big PDF"
send -F "attachment=@$T_DIR/big.pdf;type=application/pdf"
eq "PDF over 10 MB: 422, not 413" "$CODE" 422
has "PDF over 10 MB: message" "$BODY" "The file must be 10 MB or smaller"
has "PDF over 10 MB: text kept" "$BODY" 'value="With a big PDF"'
eq "PDF over 10 MB: nothing stored" "$(q "SELECT count(*) FROM attachment")|$(count)" "$na|$n0"
fields_reset; F[title]="Empty file field"
send -F "attachment=@/dev/null;filename=empty.pdf"
eq "empty file part: ignored, 303" "$CODE" 303
eq "empty file part: no attachment" "$(q "SELECT count(*) FROM attachment")" "$na"

# ---- the status page: correct, conflict, withdraw --------------------------------
# Fields of status_form: the statement fields, rev and the token.
declare -A S
status_fields() {
	S=([session]=youth [title]="Corrected title" [speaker]="Ana Pérez"
	   [speaker_role]="" [organisation]=acme [on_behalf_of]=""
	   [cosignatories]="" [kind]=intervention [delivered]=2024-05-21
	   [language]=en [format]=text
	   [body]=$'Corrected first paragraph.\n\nNew second paragraph & more.'
	   [action]=save [rev]=1)
}
spost() {
	local a=() k
	[ -n "${S[csrf]+x}" ] || S[csrf]=$(csrf_of "$BASE/status/$TOK")
	for k in "${!S[@]}"; do a+=(--data-urlencode "$k=${S[$k]}"); done
	req "$BASE/status/$TOK" -H "Origin: $ORIGIN" "${a[@]}" "$@"
	unset 'S[csrf]'
}
req "$BASE/status/$TOK"
has "status form posts to itself" "$BODY" "action=\"/statements/status/$TOK\""
has "status form carries rev 1" "$BODY" 'name="rev" value="1"'
status_fields; S[csrf]=$(csrf_of "$BASE/submit"); spost
eq "submit token on the status form: 403" "$CODE" 403
status_fields; S[event]=summit25; spost
eq "status form cannot change the event: 400" "$CODE" 400
status_fields; unset 'S[rev]'; spost
eq "status form without rev: 400" "$CODE" 400
status_fields; S[title]=""; spost
eq "correction with a problem: 422" "$CODE" 422
has "correction problem: summary" "$BODY" 'href="#title"'
eq "correction problem: text kept" "$(textarea body)" "$(printf '%s' "${S[body]}" | html_esc)"
eq "correction problem: still rev 1" "$(q "SELECT rev FROM statement WHERE id = $SID")" 1
status_fields; S[action]=preview; spost
eq "correction preview: 200" "$CODE" 200
has "correction preview: shown" "$BODY" "Preview of your changes"
eq "correction preview: still rev 1" "$(q "SELECT rev FROM statement WHERE id = $SID")" 1

status_fields; spost
eq "save: 303" "$CODE" 303
eq "save: ?saved=1" "$(header Location)" "/statements/status/$TOK?saved=1"
eq "save: rev 2" "$(q "SELECT rev FROM statement WHERE id = $SID")" 2
eq "save: two revisions" "$(q "SELECT count(*) FROM revision WHERE statement_id = $SID")" 2
eq "save: new text" "$(q "SELECT title || '|' || kind || '|' || source FROM statement WHERE id = $SID")" \
    "Corrected title|intervention|${S[body]}"
eq "save: session changed" "$(q "SELECT ss.slug FROM statement s JOIN session ss ON ss.id = s.session_id WHERE s.id = $SID")" youth
eq "save: the first revision kept" "$(q "SELECT title FROM revision WHERE statement_id = $SID AND rev = 1")" \
    "Statement on regular pathways"
eq "save: submitter unchanged" "$(q "SELECT submitter_email FROM statement WHERE id = $SID")" ana@example.org
req "$BASE/status/$TOK?saved=1"
has "saved: notice" "$BODY" "Your changes were saved"
has "saved: new title" "$BODY" "Corrected title"
has "saved: new text" "$BODY" "New second paragraph &amp; more."
has "saved: rev 2 in the form" "$BODY" 'name="rev" value="2"'

status_fields; S[body]=$'Typed on a stale page <b> & "kept".'; spost
eq "stale rev: 409" "$CODE" 409
has "stale rev: message" "$BODY" "changed or reviewed while you were editing"
eq "stale rev: typed text kept" "$(textarea body)" "$(printf '%s' "${S[body]}" | html_esc)"
has "stale rev: form now on rev 2" "$BODY" 'name="rev" value="2"'
eq "stale rev: nothing saved" "$(q "SELECT rev FROM statement WHERE id = $SID")" 2

SCSRF=$(csrf_of "$BASE/status/$TOK") # the withdrawn page has no form
status_fields; S[action]=withdraw; S[rev]=1; spost
eq "withdraw on a stale rev: 409" "$CODE" 409
status_fields; S[action]=withdraw; S[rev]=2; spost
eq "withdraw: 303" "$CODE" 303
eq "withdraw: state" "$(q "SELECT state FROM statement WHERE id = $SID")" withdrawn
eq "withdraw: a revision recorded" "$(q "SELECT count(*) FROM revision WHERE statement_id = $SID")" 3
WREV=$(q "SELECT rev FROM statement WHERE id = $SID")
req "$BASE/status/$TOK"
eq "withdrawn page: 200" "$CODE" 200
has "withdrawn page: state" "$BODY" "Withdrawn"
hasnt "withdrawn page: no edit form" "$BODY" 'name="rev"'
hasnt "withdrawn page: no correct heading" "$BODY" 'id="correct"'
status_fields; S[rev]=$WREV; S[csrf]=$SCSRF; spost
eq "save after withdraw: 409" "$CODE" 409
has "save after withdraw: message" "$BODY" "can no longer be changed"
status_fields; S[action]=withdraw; S[rev]=$WREV; S[csrf]=$SCSRF; spost
eq "withdraw again: 409" "$CODE" 409
eq "still withdrawn, rev unchanged" "$(q "SELECT state || ' ' || rev FROM statement WHERE id = $SID")" "withdrawn $WREV"

# ---- rate limit -----------------------------------------------------------------
# Counted per clock hour: do not start within seconds of the next one.
s=$(date +%s); [ $((s % 3600)) -lt 3590 ] || sleep $((3600 - s % 3600 + 1))
q "DELETE FROM rate"
"$DAIS" config set rate_submit_per_hour 2 >/dev/null
fields_reset; F[title]="Rate 1"; send; eq "rate: first 303" "$CODE" 303
fields_reset; F[title]="Rate 2"; send; eq "rate: second 303" "$CODE" 303
n0=$(count)
fields_reset; F[title]="Rate 3"; send
eq "rate: third 429" "$CODE" 429
ra=$(header Retry-After)
check "rate: Retry-After in seconds, at most an hour" \
    bash -c "[[ '$ra' =~ ^[0-9]+$ ]] && [ '$ra' -ge 1 ] && [ '$ra' -le 3600 ]"
has "rate: message" "$BODY" "Many statements were sent from your connection"
has "rate: form kept" "$BODY" 'value="Rate 3"'
has "rate: body kept" "$BODY" "Second paragraph."
eq "rate: nothing stored" "$(count)" "$n0"
F[action]=preview; send
eq "rate: preview still works" "$CODE" 200
"$DAIS" config set rate_submit_per_hour 0 >/dev/null
fields_reset; F[title]="Rate 4"; send; eq "rate: limit off, 303" "$CODE" 303

# ---- timing: a form older than the minimum is accepted ---------------------------
"$DAIS" config set submit_min_seconds 3 >/dev/null
[ "$SECONDS" -ge 5 ] || sleep $((5 - SECONDS))
fields_reset; F[title]="Sent by a patient person"; F[csrf]=$EARLY_CSRF; send
eq "timing: an older form is accepted" "$CODE" 303

eq "still healthy" "$(status "$BASE/healthz")" 200
check "nginx logged no errors" bash -c '! grep -E "\[(error|crit|alert|emerg)\]" "$1"' _ "$T_DIR/nginx-error.log"
t_finish
