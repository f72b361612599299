#!/bin/bash
# originals.sh — originals for the public, through a real nginx: a
# moderator marks a statement's original document public on the review
# page (CSRF, Origin, audit log, undone by unmarking); the published
# statement's page then offers "Download the original (PDF, 320 KB)",
# served from /s/ID/original as an attachment with the type found in its
# bytes, nosniff and a sandbox policy; an unpublished, embargoed,
# withdrawn or unmarked original, or a translation's id, is the same 404
# as a statement that is not there.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice >/dev/null &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
t_start_nginx && t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT

q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(tr -d '\0' < "$T_DIR/body")
}
tokens() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | sed 's/.*value="//; s/"$//'; }
last_token() { tokens | tail -1; }
as() { req -H "Cookie: dais_session=$COOKIE" "$@"; }
st() { q "SELECT $1 FROM statement WHERE public_id = '$2'"; }
# The response's headers as "Name: value" lines, without the status line
# and the headers nginx adds on its own.
headers() {
	tr -d '\r' < "$T_DIR/headers" | sed '1d;/^$/d' |
	    grep -v -i -e '^Server:' -e '^Date:' -e '^Connection:' | sort
}

# submit TITLE FILE NAME TYPE: a statement with FILE attached as NAME, the
# type TYPE claimed by the submitter; PUB is its public id.
submit() {
	local tok
	req "$BASE/submit"; tok=$(last_token)
	req "$BASE/submit" -H "Origin: $ORIGIN" -F "csrf=$tok" \
	    -F "event=conf24" -F "session=opening" --form-string "title=$1" \
	    -F "speaker=Ana Pérez" -F "organisation=acme" -F "kind=panel" \
	    -F "language=en" -F "format=text" -F "delivered=2024-05-21" \
	    -F "body=The statement as delivered." -F "submitter_name=Ana" \
	    -F "submitter_email=ana@example.org" -F "consent=yes" \
	    -F "action=send" -F "attachment=@$2;type=$4;filename=$3"
	[ "$CODE" = 303 ] || fail "submission [$1]: $CODE"
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
}
# review ID ACTION [CURL_ARGS...]: POSTs a decision with the token of a
# fresh review page and the current revision.
# The review page's forms name the document the moderator saw.
review() {
	local id=$1 act=$2 tok doc; shift 2
	as "$BASE/moderate/$id"; tok=$(last_token)
	doc=$(sed -n 's/.*name="document" value="\([0-9]*\)".*/\1/p' "$T_DIR/body" | head -1)
	as "$BASE/moderate/$id" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
	    --data-urlencode "action=$act" --data-urlencode "rev=$(st rev "$id")" \
	    --data-urlencode "document=$doc" "$@"
}
# same_404 ID: the last body is the page of a missing statement (the one
# kept in 404-missing), but for the id in the path of its language links.
same_404() {
	sed "s|/s/$1/|/s/zzzzzzzz/|g" "$T_DIR/body" | cmp -s "$T_DIR/404-missing" -
}
marked() { q "SELECT public FROM attachment WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$1')"; }

# Sign in.
req "$BASE/login"; tok=$(last_token)
req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode "user=alice" \
    --data-urlencode "password=alice-password-1" --data-urlencode "csrf=$tok"
COOKIE=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | head -1 |
    sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
check "signed in" [ -n "$COOKIE" ]

# A PDF of exactly 320 KB, sent as text/html by its submitter.
{ printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'
  head -c $((327680 - 48)) /dev/zero | tr '\0' ' '
  printf '\ntrailer << /Root 1 0 R >>\n%%%%EOF\n'; } | head -c 327680 > "$T_DIR/doc.pdf"
eq "the PDF is 320 KB" "$(stat -c %s "$T_DIR/doc.pdf")" 327680
submit "Statement with a PDF" "$T_DIR/doc.pdf" "Rede Ärzte «final».pdf" text/html
P=$PUB
eq "stored with the type of its bytes" "$(q "SELECT ctype FROM attachment WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$P')")" application/pdf

# ---- the review page ----------------------------------------------------------------
as "$BASE/moderate/$P"
has "review: seen by moderators only" "$BODY" "Seen by moderators only"
has "review: offers to make it public" "$BODY" '<input type="hidden" name="action" value="original_public"><button class="link-button link-dark" type="submit">Offer the original for download on the public page</button>'
hasnt "review: no unmark yet" "$BODY" 'value="original_private"'
eq "not marked" "$(marked "$P")" 0

# A document sent since the moderator opened the page (a correction) is
# not offered unseen: 409, nothing marked.
as "$BASE/moderate/$P"; tok=$(last_token)
seen=$(sed -n 's/.*name="document" value="\([0-9]*\)".*/\1/p' "$T_DIR/body" | head -1)
check "review: the mark form names the document shown" [ -n "$seen" ]
q "INSERT INTO attachment (statement_id, filename, ctype, size, sha256, data, created, public) SELECT statement_id, 'later.pdf', ctype, size, sha256, data, created, 0 FROM attachment WHERE id = $seen"
as "$BASE/moderate/$P" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode action=original_public --data-urlencode "document=$seen"
eq "a document replaced meanwhile: 409" "$CODE" 409
has "  says to reload" "$BODY" "Reload the page"
eq "  nothing marked" "$(q "SELECT count(*) FROM attachment WHERE public = 1")" 0
q "DELETE FROM attachment WHERE filename = 'later.pdf'"
# Pending, then marked: still nothing public.
review "$P" original_public
eq "mark while pending: 303" "$CODE" 303
eq "mark: back to the review page" "$(header Location)" "/statements/moderate/$P"
eq "marked" "$(marked "$P")" 1
eq "mark: audit log" "$(q "SELECT actor, action, statement_id IS NOT NULL, addr FROM audit WHERE action LIKE 'original_%' ORDER BY id DESC LIMIT 1")" "alice|original_public|1|127.0.0.1"
as "$BASE/moderate/$P"
has "review: offered on the public page" "$BODY" "Offered for download on the public page"
has "review: offers to stop" "$BODY" '<input type="hidden" name="action" value="original_private"><button class="link-button link-dark" type="submit">Stop offering the original for download</button>'
hasnt "review: no second mark" "$BODY" 'value="original_public"'
req "$BASE/s/$P/original"
eq "pending and marked: 404" "$CODE" 404
cp "$T_DIR/body" "$T_DIR/404-pending"

# The 404 of a statement that is not there, for comparison.
req "$BASE/s/zzzzzzzz/original"
eq "unknown statement: 404" "$CODE" 404
cp "$T_DIR/body" "$T_DIR/404-missing"
has "404 page: says so" "$BODY" "There is no published statement at this address."
cp "$T_DIR/404-pending" "$T_DIR/body"
check "pending: the same page as a missing one" same_404 "$P"

# ---- CSRF on the mark form ----------------------------------------------------------
review "$P" original_private
eq "unmark: 303" "$CODE" 303
eq "unmarked" "$(marked "$P")" 0
as "$BASE/moderate/$P"; tok=$(last_token)
as "$BASE/moderate/$P" -H "Origin: $ORIGIN" --data-urlencode "action=original_public"
check "no token: refused (4xx)" [ "${CODE:0:1}" = 4 ]
eq "no token: not marked" "$(marked "$P")" 0
# The token with its last digit changed.
case $tok in *0) bad=${tok%?}1 ;; *) bad=${tok%?}0 ;; esac
as "$BASE/moderate/$P" -H "Origin: $ORIGIN" --data-urlencode "csrf=$bad" \
    --data-urlencode "action=original_public"
check "a wrong token: refused (4xx)" [ "${CODE:0:1}" = 4 ]
eq "a wrong token: not marked" "$(marked "$P")" 0
as "$BASE/moderate/$P" -H "Origin: http://evil.example" --data-urlencode "csrf=$tok" \
    --data-urlencode "action=original_public"
eq "another site's Origin: 403" "$CODE" 403
eq "another site: not marked" "$(marked "$P")" 0
req "$BASE/moderate/$P" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode "action=original_public"
check "signed out: not acted on" [ "$CODE" != 200 ] && [ "$(marked "$P")" = 0 ]
eq "refused attempts are not in the audit log" "$(q "SELECT count(*) FROM audit WHERE action LIKE 'original_%'")" 2

# ---- published and not marked: no link, 404 -------------------------------------------
review "$P" approve
eq "approve: 303" "$CODE" 303
req "$BASE/s/$P"
eq "published page: 200" "$CODE" 200
hasnt "not marked: no download link" "$BODY" "Download the original"
req "$BASE/s/$P/original"
eq "published, not marked: 404" "$CODE" 404
check "not marked: the same page as a missing one" same_404 "$P"

# ---- published and marked: offered and served ------------------------------------------
review "$P" original_public
eq "mark published: 303" "$CODE" 303
req "$BASE/s/$P"
has "the page offers the download" "$BODY" "<p class=\"original-download\"><a href=\"/statements/s/$P/original\" download>Download the original (PDF, 320 KB)</a></p>"
req "$BASE/s/$P/original"
eq "original: 200" "$CODE" 200
check "original: the bytes sent" cmp -s "$T_DIR/doc.pdf" "$T_DIR/body"
eq "original: headers, exactly" "$(headers)" "$(sort <<EOF
Cache-Control: public, max-age=60
Content-Disposition: attachment; filename="statement-$P.pdf"; filename*=UTF-8''Rede%20%C3%84rzte%20%C2%ABfinal%C2%BB.pdf
Content-Length: 327680
Content-Security-Policy: sandbox; default-src 'none'
Content-Type: application/pdf
Referrer-Policy: same-origin
X-Content-Type-Options: nosniff
EOF
)"
eq "HEAD: 200, no body" "$(curl -s --head -o /dev/null -w '%{http_code} %{size_download}' "$BASE/s/$P/original")" "200 0"
eq "a POST is not allowed" "$(status "$BASE/s/$P/original" -X POST -d x=1)" 405
# Shared links may carry parameters; the path is exact.
eq "a trailing slash: 404" "$(status "$BASE/s/$P/original/")" 404

# The page in another language: the label translated.
req "$BASE/s/$P" -H "Accept-Language: fr"
NBSP=$(printf '\302\240')
has "French: the label" "$BODY" "Télécharger l’original (PDF, 320${NBSP}Ko)"
req "$BASE/s/$P" -H "Accept-Language: ar"
has "Arabic: the label" "$BODY" "تنزيل الأصل (PDF، 320 كيلوبايت)"
req "$BASE/s/$P" -H "Accept-Language: es"
has "Spanish: the label" "$BODY" "Descargar el original (PDF, 320 KB)"

# A translation's page links its original's document; its own id serves
# nothing.
as "$BASE/moderate/$P"
tok=$(awk -v a="action=\"/statements/moderate/$P/translate\"" 'index($0, a) { on = 1 }
    on && match($0, /name="csrf" value="[^"]*"/) { v = substr($0, RSTART, RLENGTH);
    sub(/.*value="/, "", v); sub(/"$/, "", v); print v; exit }' "$T_DIR/body")
as "$BASE/moderate/$P/translate" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode "language=fr" --data-urlencode "title=Déclaration avec un PDF" \
    --data-urlencode "format=text" --data-urlencode "body=La déclaration." \
    --data-urlencode "action=translate"
TR=$(q "SELECT public_id FROM statement WHERE original_id IS NOT NULL ORDER BY id DESC LIMIT 1")
check "a translation was added" [ -n "$TR" ]
review "$TR" approve
eq "translation approved" "$(st state "$TR")" approved
req "$BASE/s/$TR"
has "translation's page: the original's document" "$BODY" "href=\"/statements/s/$P/original\" download>"
eq "the translation's id: 404" "$(status "$BASE/s/$TR/original")" 404

# An ODT, non-ASCII name, claimed as a PDF: served as what its bytes are.
submit "Statement with an ODT" "$top_srcdir/tests/corpus/filetype/statement.odt" "Déclaration.odt" application/pdf
O=$PUB
review "$O" approve
review "$O" original_public
req "$BASE/s/$O"
osize=$(stat -c %s "$top_srcdir/tests/corpus/filetype/statement.odt")
has "ODT: its label" "$BODY" "Download the original (ODT, "
req "$BASE/s/$O/original"
eq "ODT: 200" "$CODE" 200
eq "ODT: the type of its bytes" "$(header Content-Type)" application/vnd.oasis.opendocument.text
eq "ODT: the name" "$(header Content-Disposition)" "attachment; filename=\"statement-$O.odt\"; filename*=UTF-8''D%C3%A9claration.odt"
eq "ODT: sandboxed" "$(header Content-Security-Policy)" "sandbox; default-src 'none'"
eq "ODT: nosniff" "$(header X-Content-Type-Options)" nosniff
eq "ODT: length" "$(header Content-Length)" "$osize"

# Sizes: bytes under a KB, megabytes with one decimal (the catalog's
# decimal sign).
pdf_of() { { printf '%%PDF-1.4\n'; head -c $(($1 - 9)) /dev/zero | tr '\0' ' '; } > "$2"; }
pdf_of 600 "$T_DIR/small.pdf"
pdf_of 1572864 "$T_DIR/big.pdf"
submit "A small one" "$T_DIR/small.pdf" "small.pdf" application/pdf
S=$PUB
submit "A big one" "$T_DIR/big.pdf" "big.pdf" application/pdf
B=$PUB
for x in "$S" "$B"; do review "$x" approve; review "$x" original_public; done
req "$BASE/s/$S"
has "600 bytes" "$BODY" "Download the original (PDF, 600 bytes)</a>"
req "$BASE/s/$B"
has "1.5 MB" "$BODY" "Download the original (PDF, 1.5 MB)</a>"
req "$BASE/s/$B" -H "Accept-Language: fr"
has "1,5 Mo in French" "$BODY" "Télécharger l’original (PDF, 1,5${NBSP}Mo)</a>"
req "$BASE/s/$S" -H "Accept-Language: fr"
has "600 octets in French" "$BODY" "Télécharger l’original (PDF, 600 octets)</a>"

# ---- unmarking undoes it ------------------------------------------------------------------
review "$O" original_private
eq "unmark: 303" "$CODE" 303
req "$BASE/s/$O"
hasnt "unmarked: no link" "$BODY" "Download the original"
req "$BASE/s/$O/original"
eq "unmarked: 404" "$CODE" 404
check "unmarked: the same page as a missing one" same_404 "$O"
eq "unmark: audit log" "$(q "SELECT action FROM audit WHERE action LIKE 'original_%' AND statement_id = (SELECT id FROM statement WHERE public_id = '$O') ORDER BY id")" "original_public
original_private"
as "$BASE/moderate/$P"
has "review history: the mark, in words" "$BODY" "original_public"

# ---- withdrawn --------------------------------------------------------------------------
review "$P" withdraw
eq "withdraw: 303" "$CODE" 303
eq "withdrawn: still marked" "$(marked "$P")" 1
req "$BASE/s/$P/original"
eq "withdrawn and marked: 404" "$CODE" 404
check "withdrawn: the same page as a missing one" same_404 "$P"

# ---- embargoed ----------------------------------------------------------------------------
submit "Statement under embargo" "$T_DIR/doc.pdf" "embargo.pdf" application/pdf
E=$PUB
review "$E" original_public
review "$E" approve --data-urlencode "publish_at=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M)" \
    --data-urlencode "publish_tz=UTC"
eq "embargoed: approved" "$(st state "$E")" approved
check "embargoed: publish_at in the future" [ "$(st publish_at "$E")" -gt "$(date +%s)" ]
req "$BASE/s/$E/original"
eq "embargoed and marked: 404" "$CODE" 404
check "embargoed: the same page as a missing one" same_404 "$E"
# The embargo over (moved into the past, as if the time had come).
q "UPDATE statement SET publish_at = strftime('%s','now') - 5 WHERE public_id = '$E'"
eq "embargo over: 200" "$(status "$BASE/s/$E/original")" 200

# A statement without a document: no form, and the action refused.
req "$BASE/submit"; tok=$(last_token)
req "$BASE/submit" -H "Origin: $ORIGIN" -F "csrf=$tok" -F "event=conf24" \
    -F "session=opening" -F "title=No document" -F "speaker=Ana" \
    -F "organisation=acme" -F "kind=panel" -F "language=en" -F "format=text" \
    -F "delivered=2024-05-21" -F "body=Only text." -F "submitter_name=Ana" \
    -F "submitter_email=ana@example.org" -F "consent=yes" -F "action=send"
N=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
as "$BASE/moderate/$N"
hasnt "no document: no mark form" "$BODY" "original_public"
review "$N" original_public
eq "no document: 400, no document named" "$CODE" 400
review "$N" approve
eq "no document: /original 404" "$(status "$BASE/s/$N/original")" 404

t_finish
