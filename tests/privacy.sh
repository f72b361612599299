#!/bin/bash
# privacy.sh — personal data (issue 15): the retention (`dais purge`: the
# submitter's data of statements rejected, marked as spam or withdrawn long
# enough ago, client addresses past their time, idempotent, one audit entry
# of counts per run), erasure on request from the command line (`dais erase
# --email`) and from /admin/erase (its CSRF and role matrix, its
# confirmation step, --withdraw), verified by reading the database
# afterwards: every table, the full-text indexes, the fragments (their
# bytes unchanged for what stays published) and the raw file and its WAL.
# The retention's clock is moved by writing the decision and sending times
# into the database (dais has no fake clock).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add conf24 --title "Conference 2024" --starts 2024-05-21 >/dev/null &&
"$DAIS" session add conf24 opening --title "Opening plenary" >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin --email alice@example.org &&
echo 'bob-password-1' | "$DAIS" moderator add bob --role moderator &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null ||
    { fail "CLI setup"; t_finish; exit 1; }
t_start_nginx && t_start_dais 2 || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT

# Writes from here delete with secure_delete too: a test's own UPDATE must
# not leave an old copy of a row in the file either.
q() { sqlite3 -cmd ".output /dev/null" -cmd "PRAGMA secure_delete = ON" \
    -cmd ".output stdout" -cmd ".timeout 5000" "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
header() { grep -i "^$1:" "$T_DIR/headers" | head -1 | sed 's/^[^:]*: *//' | tr -d '\r'; }
first_token() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | head -1 | sed 's/.*value="//; s/"$//'; }
cookie_of() { grep -i "^Set-Cookie: $1=" "$T_DIR/headers" | head -1 | sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r'; }
# submit TITLE NAME EMAIL BODY [curl args]: PUB its reference, TOK its
# private token.
submit() {
	local title=$1 name=$2 email=$3 body=$4 tok; shift 4
	req "$BASE/submit"; tok=$(first_token)
	req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$tok" \
	    --form-string event=conf24 --form-string session=opening \
	    --form-string "title=$title" --form-string "speaker=Maria Speaker" \
	    --form-string organisation=acme --form-string kind=panel \
	    --form-string language=en --form-string format=text \
	    --form-string "body=$body" \
	    --form-string "submitter_name=$name" \
	    --form-string "submitter_email=$email" \
	    --form-string consent=yes --form-string action=send "$@"
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
	TOK=$(header Location | sed -n 's|.*/status/\([0-9a-f]*\).*|\1|p')
}
login() { # login USER PASSWORD: CK its session cookie
	local tok
	req "$BASE/login"; tok=$(first_token)
	req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode "user=$1" \
	    --data-urlencode "password=$2" --data-urlencode next= \
	    --data-urlencode "csrf=$tok"
	CK=$(cookie_of dais_session)
}
decide() { # decide PUBLIC_ID ACTION [FIELDS...] as $CK
	local p=$1 act=$2 a=() kv tok; shift 2
	for kv in "$@"; do a+=(--data-urlencode "$kv"); done
	req -H "Cookie: dais_session=$CK" "$BASE/moderate/$p"
	tok=$(grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | tail -1 | sed 's/.*value="//; s/"$//')
	req -H "Cookie: dais_session=$CK" "$BASE/moderate/$p" -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$tok" --data-urlencode "action=$act" \
	    --data-urlencode "rev=$(q "SELECT rev FROM statement WHERE public_id = '$p'")" "${a[@]}"
}
sid() { q "SELECT id FROM statement WHERE public_id = '$1'"; }
# hits WORD: how many times WORD (any case) is in the database file and in
# its WAL, after a checkpoint: "FILE WAL".
hits() {
	q "PRAGMA wal_checkpoint(PASSIVE)" >/dev/null
	printf '%s %s' "$(grep -a -i -o -F -- "$1" "$DAIS_DB" | wc -l)" \
	    "$(grep -a -i -o -F -- "$1" "$DAIS_DB-wal" 2>/dev/null | wc -l)"
}
# every_table WORD: the tables (of sqlite_master, FTS5's shadow tables
# included) with a text value holding WORD, any case.
every_table() {
	local t c n out=
	for t in $(q "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"); do
		for c in $(q "SELECT name FROM pragma_table_info('$t')"); do
			n=$(q "SELECT count(*) FROM \"$t\" WHERE instr(lower(CAST(\"$c\" AS TEXT)), lower('$1')) > 0")
			[ "$n" = 0 ] || out="$out $t.$c"
		done
	done
	printf '%s' "${out# }"
}
# The published output: every fragment, part, article and feed entry.
published() {
	q "SELECT key, etag, parts, hex(body) FROM fragment ORDER BY key; SELECT id, hex(body) FROM fragment_part ORDER BY id; SELECT id, hex(html) FROM article_html ORDER BY id; SELECT id, hex(body) FROM feed_entry ORDER BY id" | md5sum
}

login alice alice-password-1; ADMIN=$CK
login bob bob-password-1; MODER=$CK
check "two sessions" [ -n "$ADMIN" ] && [ -n "$MODER" ] && [ "$ADMIN" != "$MODER" ]

# ---- the settings --------------------------------------------------------------
eq "retention_days: 90 by default" "$("$DAIS" config get retention_days)" 90
eq "address_retention_days: 30 by default" "$("$DAIS" config get address_retention_days)" 30
for v in 0 3651 abc -1 ""; do
	"$DAIS" config set retention_days "$v" >/dev/null 2>&1
	eq "retention_days $v refused" "$?" 1
	"$DAIS" config set address_retention_days "$v" >/dev/null 2>&1
	eq "address_retention_days $v refused" "$?" 1
done
eq "refused values leave the default" "$("$DAIS" config get retention_days)/$("$DAIS" config get address_retention_days)" 90/30
has "dais help config: retention_days" "$("$DAIS" help config)" "retention_days (default \"90\")"
has "dais help config: address_retention_days" "$("$DAIS" help config)" "address_retention_days (default \"30\")"
has "dais help config: privacy_notice" "$("$DAIS" help config)" "privacy_notice (default \"\")"

# ---- privacy_notice on /submit ---------------------------------------------------
req "$BASE/submit"
hasnt "no notice by default" "$BODY" 'id="privacy-notice"'
"$DAIS" config set privacy_notice 'The secretariat keeps your name & address <b>90 days</b> after a refusal.' >/dev/null
eq "privacy_notice set" "$?" 0
req "$BASE/submit"
has "the notice beside the consent box, escaped" "$BODY" '<p class="hint privacy-notice" id="privacy-notice"><strong>Your personal data:</strong> <span dir="auto">The secretariat keeps your name &amp; address &lt;b&gt;90 days&lt;/b&gt; after a refusal.</span></p>
<div class="checkbox">'
req "$BASE/submit" -H 'Accept-Language: fr'
has "the label translated (fr), a no-break space before the colon" "$BODY" "<strong>Vos données personnelles$(printf '\u00a0'):</strong>"
"$DAIS" config set privacy_notice "$(head -c 2001 /dev/zero | tr '\0' a)" >/dev/null 2>&1
eq "privacy_notice over 2000 bytes refused" "$?" 1

# ---- statements ----------------------------------------------------------------
ZE=zelda.quimby@example.org; ZN="Zelda Quimbyerase"
YE=yara.orloff@example.org; YN="Yara Orloffwithdraw"
OE=olga.other@example.org; ON="Olga Otherkept"
printf '%%PDF-1.4\nZATTACHMARK\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' > "$T_DIR/doc.pdf"
submit "First words pending" "$ZN" "$ZE" "Xylophonic pending words." -F "attachment=@$T_DIR/doc.pdf;type=application/pdf"
eq "Z pending: 303" "$CODE" 303; ZP=$PUB; ZPTOK=$TOK
# A translation of it, which a moderator made for someone else: deleted
# with it, its private link too.
req "$BASE/status/$ZPTOK/translate" -H "Origin: $ORIGIN" \
    --data-urlencode "csrf=$(mint translate "")" --data-urlencode language=fr \
    --data-urlencode "title=Premiers mots" --data-urlencode format=text \
    --data-urlencode "body=Xylophonic mots en attente." --data-urlencode action=translate
eq "Z pending: a translation (303)" "$CODE" 303
ZT=$(q "SELECT id FROM statement WHERE original_id = $(q "SELECT id FROM statement WHERE public_id = '$ZP'")")
check "  stored" [ -n "$ZT" ]
q "UPDATE statement SET submitter_email = 'olga.other@example.org', submitter_name = 'Olga Otherkept' WHERE id = $ZT;
INSERT INTO status_link(hash, statement_id, created) VALUES ('translation-link', $ZT, '2024-01-01T00:00:00Z')"
submit "Second words published" "$ZN" "$ZE" "We thank the chair for the published words."
ZA=$PUB; ZATOK=$TOK
submit "Third words rejected" "$ZN" "$ZE" "Xylophonic rejected words."
ZR=$PUB
submit "Fourth words spam" "$ZN" "$ZE" "Xylophonic spam words."
ZS=$PUB
submit "Yara published" "$YN" "$YE" "Quartzlike words of Yara."
YA=$PUB
submit "Yara pending" "$YN" "$YE" "Quartzlike pending words."
YP=$PUB
submit "Olga published" "$ON" "$OE" "Olga speaks."
OA=$PUB
CK=$MODER
decide "$ZA" approve; eq "approve Z: 303" "$CODE" 303
decide "$ZR" reject "reason=Not delivered here"; eq "reject Z: 303" "$CODE" 303
decide "$ZS" spam; eq "spam Z: 303" "$CODE" 303
decide "$YA" approve; eq "approve Y: 303" "$CODE" 303
decide "$OA" approve; eq "approve O: 303" "$CODE" 303
eq "the states" "$(q "SELECT group_concat(state, ' ') FROM (SELECT state FROM statement WHERE original_id IS NULL ORDER BY id)")" \
    "pending approved rejected spam approved pending approved"
# Rows elsewhere that hold the address, as dais writes them.
NOW=$(date +%s)
q "INSERT INTO outbox(recipient, subject, message, created, next_try, statement_id) VALUES ('$ZE', 'Receipt', 'To: $ZE
Dear $ZN', $NOW, $NOW + 86400, $(sid "$ZP"));
INSERT INTO outbox(recipient, subject, message, created, next_try) VALUES ('moderators@example.org', 'Held', 'From $ZE: held', $NOW, $NOW + 86400);
INSERT INTO my_link(hash, email, expires) VALUES ('h1', '$ZE', $NOW + 3600);
INSERT INTO my_session(token_hash, email, expires) VALUES ('s1', 'Zelda.Quimby@example.org', $NOW + 3600);
INSERT INTO trusted(kind, value, added_by, created) VALUES ('email', '$ZE', 'bob', '2024-01-01T00:00:00Z');
INSERT INTO audit(at, actor, action, statement_id, detail) VALUES ('2024-01-01T00:00:00Z', 'bob', 'trust_email', $(sid "$ZA"), '$ZE');
INSERT INTO rate(client, hour, count) VALUES ('receipt:$ZE', $NOW / 3600, 1), ('my:$ZE', $NOW / 3600, 1);
INSERT INTO login_throttle(key, failures, last) VALUES ('u:$ZE', 1, $NOW);"
eq "the address is in these tables before" "$(every_table "$ZE")" \
    "statement.submitter_email rate.client audit.detail trusted.value login_throttle.key outbox.recipient outbox.message my_link.email my_session.email"
check "the file holds the address before" [ "$(hits "$ZE")" != "0 0" ]
req "$BASE/status/$ZATOK"
eq "Z's private link works before" "$CODE" 200

# ---- erasure from the command line -------------------------------------------------
BEFORE=$(published)
FRAG_Z=$(curl -s "$BASE/fragment/statement/$ZA")
FRAG_E=$(curl -s "$BASE/fragment/event/conf24")
has "the event's fragment shows Z's published statement" "$FRAG_E" "Second words published"
"$DAIS" erase --email nobody >/dev/null 2>&1
eq "erase: a bad address is refused (2)" "$?" 2
"$DAIS" erase >/dev/null 2>&1
eq "erase: no address: usage (2)" "$?" 2
out=$("$DAIS" erase --email "ZELDA.Quimby@example.org")
eq "erase: 0" "$?" 0
eq "erase: what it did" "$out" "statements sent from the address: 4
deleted (unpublished, with their versions): 4
published, kept without the submitter's data: 1
published, withdrawn: 0"
eq "the unpublished ones are gone, with the translation" "$(q "SELECT count(*) FROM statement WHERE public_id IN ('$ZP', '$ZR', '$ZS') OR id = $ZT")" 0
eq "  and its private link" "$(q "SELECT count(*) FROM status_link WHERE hash = 'translation-link'")" 0
eq "with their revisions, attachments, links and audit rows" \
    "$(q "SELECT (SELECT count(*) FROM revision WHERE statement_id NOT IN (SELECT id FROM statement)) || (SELECT count(*) FROM attachment WHERE statement_id NOT IN (SELECT id FROM statement)) || (SELECT count(*) FROM status_link WHERE statement_id NOT IN (SELECT id FROM statement)) || (SELECT count(*) FROM audit WHERE statement_id IS NOT NULL AND statement_id NOT IN (SELECT id FROM statement))")" 0000
eq "the published one stays, as published" \
    "$(q "SELECT state, title, speaker, org_name, submitter_name, submitter_email, client_addr, status_hash = 'erased-' || id FROM statement WHERE public_id = '$ZA'")" \
    "approved|Second words published|Maria Speaker|ACME Coalition||||1"
eq "its fragments and articles: the same bytes" "$(published)" "$BEFORE"
eq "its fragment over HTTP: the same" "$(curl -s "$BASE/fragment/statement/$ZA")" "$FRAG_Z"
eq "the event's fragment over HTTP: the same" "$(curl -s "$BASE/fragment/event/conf24")" "$FRAG_E"
req "$BASE/status/$ZATOK"
eq "its private link no longer works (404)" "$CODE" 404
eq "the address is in no table" "$(every_table zelda.quimby)" ""
eq "the name is in no table" "$(every_table Quimbyerase)" ""
eq "the deleted text is in no table" "$(every_table Xylophonic)" ""
eq "the queue's index finds nothing deleted" "$(q "SELECT count(*) FROM statement_fts WHERE statement_fts MATCH 'xylophonic OR fourth OR third OR first'")" 0
eq "the others are untouched" "$(q "SELECT group_concat(submitter_email, ' ') FROM (SELECT submitter_email FROM statement WHERE submitter_email != '' ORDER BY id)")" "$YE $YE $OE"
eq "the other mail stays" "$(q "SELECT count(*) FROM outbox")" 0
eq "one audit entry of the erasure, counts only" \
    "$(q "SELECT actor || '|' || action || '|' || coalesce(statement_id, '') || '|' || detail || '|' || addr FROM audit WHERE action = 'erase'")" \
    "dais erase|erase||statements deleted 4, published kept 1, withdrawn 0, other rows 9|"
eq "no trace in the file or its WAL: the address" "$(hits zelda.quimby)" "0 0"
eq "no trace in the file or its WAL: the name" "$(hits Quimbyerase)" "0 0"
eq "no trace in the file or its WAL: the deleted text" "$(hits Xylophonic)" "0 0"
eq "no trace in the file or its WAL: the attachment" "$(hits ZATTACHMARK)" "0 0"
out=$("$DAIS" erase --email "$ZE")
eq "erase again: nothing left" "$out" "statements sent from the address: 0
deleted (unpublished, with their versions): 0
published, kept without the submitter's data: 0
published, withdrawn: 0"

# ---- /admin/erase: who may, CSRF, the confirmation, --withdraw -------------------------
req "$BASE/admin/erase"
eq "signed out: to the sign-in page (303)" "$CODE" 303
has "  with next=" "$(header Location)" "/statements/login?next="
req -H "Cookie: dais_session=$MODER" "$BASE/admin/erase"
eq "a moderator: 403, as other admin pages" "$CODE" 403
has "  says why" "$BODY" "This page is for administrators."
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin"
has "the admin page links to it" "$BODY" 'href="/statements/admin/erase"'
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase"
eq "an admin: 200" "$CODE" 200
has "  the form" "$BODY" '<input class="input" id="email" name="email" type="email"'
has "  the checkbox" "$BODY" '<input class="checkbox-input" id="withdraw" name="withdraw" type="checkbox" value="yes">'
ATOK=$(grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | tail -1 | sed 's/.*value="//; s/"$//')
req -H "Cookie: dais_session=$MODER" "$BASE/admin/erase" -H "Origin: $ORIGIN" \
    --data-urlencode "csrf=$ATOK" --data-urlencode "email=$YE" --data-urlencode confirm=yes
eq "a moderator's POST: 403" "$CODE" 403
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase" -H "Origin: $ORIGIN" \
    --data-urlencode "email=$YE" --data-urlencode confirm=yes
eq "no CSRF token: 403" "$CODE" 403
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase" -H "Origin: http://evil.example" \
    --data-urlencode "csrf=$ATOK" --data-urlencode "email=$YE" --data-urlencode confirm=yes
eq "another Origin: 403" "$CODE" 403
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase" -H "Origin: $ORIGIN" \
    --data-urlencode "csrf=$ATOK" --data-urlencode "email=$YE" --data-urlencode confirm=maybe
eq "a confirm that is not yes: 400" "$CODE" 400
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase" -H "Origin: $ORIGIN" \
    --data-urlencode "csrf=$ATOK" --data-urlencode "email=$YE" --data-urlencode nonsense=1
eq "an unknown field: 400" "$CODE" 400
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase" -H "Origin: $ORIGIN" \
    --data-urlencode "csrf=$ATOK" --data-urlencode "email=yara at example" --data-urlencode withdraw=yes
eq "a bad address: 422" "$CODE" 422
has "  says what to fix" "$BODY" "Enter an e-mail address in the right form, like name@example.org"
has "  keeps what was typed" "$BODY" 'value="yara at example"'
has "  and the checkbox" "$BODY" 'value="yes" checked>'
eq "nothing erased so far" "$(q "SELECT count(*) FROM statement WHERE submitter_email = '$YE'")" 2
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase" -H "Origin: $ORIGIN" \
    --data-urlencode "csrf=$ATOK" --data-urlencode "email=$YE" --data-urlencode withdraw=yes
eq "the first step: 200" "$CODE" 200
has "  how many" "$BODY" "<li>2 statements were sent from this address.</li>"
has "  deleted" "$BODY" "<li>1 unpublished statement will be deleted, with its versions and attachments.</li>"
has "  withdrawn" "$BODY" "<li>1 published statement will be withdrawn and lose its submitter&#39;s data.</li>"
has "  the confirmation carries the address" "$BODY" "<input type=\"hidden\" name=\"email\" value=\"$YE\">"
has "  and the withdrawal" "$BODY" '<input type="hidden" name="withdraw" value="yes">'
eq "the first step erases nothing" "$(q "SELECT count(*) FROM statement WHERE submitter_email = '$YE'")" 2
OLGA_FRAG=$(curl -s "$BASE/fragment/statement/$OA")
has "the event's fragment shows Y's before" "$(curl -s "$BASE/fragment/event/conf24")" "Yara published"
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase" -H "Origin: $ORIGIN" \
    --data-urlencode "csrf=$ATOK" --data-urlencode "email=$YE" --data-urlencode withdraw=yes \
    --data-urlencode confirm=yes
eq "confirmed: 303" "$CODE" 303
eq "  to the counts (never the address)" "$(header Location)" "/statements/admin/erase?deleted=1&kept=0&withdrawn=1"
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase?deleted=1&kept=0&withdrawn=1"
eq "the result page: 200" "$CODE" 200
has "  says so" "$BODY" "The address was erased."
has "  deleted" "$BODY" "<li>1 statement deleted.</li>"
has "  withdrawn" "$BODY" "<li>1 published statement withdrawn.</li>"
hasnt "  the address is not shown back" "$BODY" "$YE"
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase?deleted=1&kept=x&withdrawn=1"
eq "counts that are not numbers: 400" "$CODE" 400
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase?deleted=1&email=$YE"
eq "a field it does not read: 400" "$CODE" 400
eq "Y's pending statement is gone" "$(q "SELECT count(*) FROM statement WHERE public_id = '$YP'")" 0
eq "Y's published one is withdrawn, without its submitter" \
    "$(q "SELECT state, submitter_name, submitter_email, client_addr FROM statement WHERE public_id = '$YA'")" "withdrawn|||"
eq "  with its revision" "$(q "SELECT author || ' ' || note FROM revision WHERE statement_id = $(sid "$YA") ORDER BY rev DESC LIMIT 1")" "alice withdraw"
hasnt "the event's fragment no longer shows it" "$(curl -s "$BASE/fragment/event/conf24")" "Yara published"
has "the event's fragment still shows Z's" "$(curl -s "$BASE/fragment/event/conf24")" "Second words published"
eq "its own fragment is empty" "$(curl -s "$BASE/fragment/statement/$YA")" ""
eq "Olga's fragment: the same" "$(curl -s "$BASE/fragment/statement/$OA")" "$OLGA_FRAG"
eq "the public search no longer finds it" "$(q "SELECT count(*) FROM search WHERE search MATCH 'quartzlike'")" 0
eq "the audit entry: who, counts, no address" \
    "$(q "SELECT actor || '|' || action || '|' || detail || '|' || (addr != '') FROM audit WHERE action = 'erase' ORDER BY id DESC LIMIT 1")" \
    "alice|erase|statements deleted 1, published kept 0, withdrawn 1, other rows 0|1"
eq "the address is in no table" "$(every_table yara.orloff)" ""
eq "the name is in no table" "$(every_table Orloffwithdraw)" ""
eq "no trace in the file or its WAL: Y's address" "$(hits yara.orloff)" "0 0"
eq "no trace in the file or its WAL: Y's name" "$(hits Orloffwithdraw)" "0 0"
eq "Olga's statement keeps everything" "$(q "SELECT submitter_name || '|' || submitter_email || '|' || client_addr FROM statement WHERE public_id = '$OA'")" "$ON|$OE|127.0.0.1"
req -H "Cookie: dais_session=$ADMIN" "$BASE/admin/erase" -H 'Accept-Language: fr'
has "the page in French" "$BODY" "<h1>Effacer les données d’une personne</h1>"

# ---- the retention: dais purge -------------------------------------------------------
PE1=old.rejected@example.org; PE2=old.spam@example.org; PE3=old.withdrawn@example.org
PE4=recent.rejected@example.org
submit "Old rejected" "Pat Oldrejected" "$PE1" "Words." -F "attachment=@$T_DIR/doc.pdf;type=application/pdf"; P1=$PUB; P1TOK=$TOK
submit "Old spam" "Pat Oldspam" "$PE2" "Words."; P2=$PUB
submit "Old withdrawn" "Pat Oldwithdrawn" "$PE3" "Words."; P3=$PUB
submit "Recent rejected" "Pat Recentrejected" "$PE4" "Words."; P4=$PUB
submit "Old approved" "Pat Oldapproved" old.approved@example.org "Words."; P5=$PUB
CK=$MODER
decide "$P1" reject "reason=No"; decide "$P2" spam; decide "$P3" approve; decide "$P3" withdraw
decide "$P4" reject "reason=No"; decide "$P5" approve
eq "their states" "$(q "SELECT group_concat(state, ' ') FROM (SELECT state FROM statement WHERE public_id IN ('$P1', '$P2', '$P3', '$P4', '$P5') ORDER BY id)")" \
    "rejected spam withdrawn rejected approved"
q "INSERT INTO outbox(recipient, subject, message, created, next_try, statement_id) VALUES ('$PE1', 'Rejected', 'To: $PE1', $NOW, $NOW + 86400, $(sid "$P1"))"
# The clock: decisions 91 and 89 days ago, sendings 31 and 29 days ago.
ago() { date -u -d "@$(( $(date +%s) - $1 * 86400 ))" +%Y-%m-%dT%H:%M:%SZ; }
q "UPDATE statement SET updated = '$(ago 91)' WHERE public_id IN ('$P1', '$P2', '$P3');
UPDATE statement SET updated = '$(ago 89)' WHERE public_id = '$P4';
UPDATE statement SET created = '$(ago 31)' WHERE public_id IN ('$P4', '$P5', '$OA');
UPDATE audit SET at = '$(ago 31)' WHERE statement_id = $(sid "$P5")"
NADDR=$(q "SELECT count(*) FROM statement WHERE client_addr != '' AND created < '$(ago 30)' AND NOT (state IN ('rejected', 'spam', 'withdrawn') AND updated < '$(ago 90)')")
eq "three addresses are past 30 days (P4, P5, Olga's)" "$NADDR" 3
out=$("$DAIS" purge)
eq "purge: 0" "$?" 0
eq "purge: its counts" "$(printf '%s' "$out" | head -3)" "statements whose submitter's data were erased: 3
attachments deleted: 1
client addresses erased: 3"
eq "the three old ones lost their submitter's data" \
    "$(q "SELECT group_concat(submitter_name || '/' || submitter_email || '/' || client_addr || '/' || (status_hash = 'erased-' || id), ' ') FROM (SELECT * FROM statement WHERE public_id IN ('$P1', '$P2', '$P3') ORDER BY id)")" \
    "///1 ///1 ///1"
eq "  their statements stay (state, title)" \
    "$(q "SELECT group_concat(state || ':' || title, ' ') FROM (SELECT * FROM statement WHERE public_id IN ('$P1', '$P2', '$P3') ORDER BY id)")" \
    "rejected:Old rejected spam:Old spam withdrawn:Old withdrawn"
eq "  their attachments, links and mails are gone" \
    "$(q "SELECT (SELECT count(*) FROM attachment WHERE statement_id IN ($(sid "$P1"), $(sid "$P2"), $(sid "$P3"))) || (SELECT count(*) FROM status_link WHERE statement_id IN ($(sid "$P1"), $(sid "$P2"), $(sid "$P3"))) || (SELECT count(*) FROM outbox WHERE statement_id = $(sid "$P1"))")" 000
req "$BASE/status/$P1TOK"
eq "  the private link: 404" "$CODE" 404
req -H "Cookie: dais_session=$MODER" "$BASE/moderate/$P1"
eq "  its review page still opens (200)" "$CODE" 200
hasnt "  without a mailto link" "$BODY" 'href="mailto:'
req -H "Cookie: dais_session=$ADMIN" "$BASE/moderate/log"
has "the audit log shows the purge" "$BODY" "<td data-label=\"What\">Personal data deleted (retention)</td>"
req -H "Cookie: dais_session=$ADMIN" "$BASE/moderate/log" -H 'Accept-Language: fr'
has "  in French" "$BODY" "<td data-label=\"Quoi\">Données personnelles supprimées (durée de conservation)</td>"
eq "the recent rejection keeps its submitter, not its address" \
    "$(q "SELECT submitter_name || '|' || submitter_email || '|' || client_addr FROM statement WHERE public_id = '$P4'")" "Pat Recentrejected|$PE4|"
eq "the old approved one: its address erased, the rest kept" \
    "$(q "SELECT submitter_name || '|' || submitter_email || '|' || client_addr FROM statement WHERE public_id = '$P5'")" "Pat Oldapproved|old.approved@example.org|"
eq "  and its old audit entries' addresses" "$(q "SELECT count(*) FROM audit WHERE statement_id = $(sid "$P5") AND addr != ''")" 0
eq "recent statements keep their address" "$(q "SELECT count(*) FROM statement WHERE client_addr = '127.0.0.1' AND created >= '$(ago 30)'")" \
    "$(q "SELECT count(*) FROM statement WHERE created >= '$(ago 30)' AND submitter_email != ''")"
for w in "$PE1" Oldrejected "$PE2" Oldspam "$PE3" Oldwithdrawn; do
	eq "purged: $w in no table" "$(every_table "$w")" ""
	eq "purged: $w not in the file or its WAL" "$(hits "$w")" "0 0"
done
eq "one audit entry of the run, counts only" \
    "$(q "SELECT actor || '|' || detail || '|' || addr FROM audit WHERE action = 'purge'")" \
    "dais purge|statements 3, attachments 1, client addresses 3, other rows $(printf '%s' "$out" | sed -n 's/^other rows.*: //p')|"
out2=$("$DAIS" purge)
eq "purge again: nothing more" "$(printf '%s' "$out2" | head -3)" "statements whose submitter's data were erased: 0
attachments deleted: 0
client addresses erased: 0"
eq "  its own audit entry" "$(q "SELECT count(*) FROM audit WHERE action = 'purge'")" 2
eq "  the same rows as after the first" "$(q "SELECT count(*) FROM statement WHERE submitter_email != ''")" 3
"$DAIS" config set retention_days 80 >/dev/null
out3=$("$DAIS" purge)
eq "retention_days 80: the rejection 89 days ago goes too" "$(printf '%s' "$out3" | head -1)" "statements whose submitter's data were erased: 1"
eq "  its submitter erased" "$(q "SELECT submitter_email FROM statement WHERE public_id = '$P4'")" ""

# ---- the timer -----------------------------------------------------------------
S=$top_srcdir/contrib/systemd
has "dais-purge.service runs dais purge" "$(cat "$S/dais-purge.service")" "ExecStart=/usr/local/bin/dais --db /var/lib/dais/dais.db purge"
has "dais-purge.timer: daily" "$(cat "$S/dais-purge.timer")" "OnCalendar=daily"
has "dais-purge.timer: persistent" "$(cat "$S/dais-purge.timer")" "Persistent=true"

t_finish
