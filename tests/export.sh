#!/bin/bash
# export.sh — `dais export` (JSON, CSV, filters, --submitter), `dais
# import` (round trip byte for byte, idempotent, all or nothing, refusals
# naming the JSON path, the sanitizer and the fragments) and the catalogue
# from CSV, with the sample statements (several languages, translations,
# a rejected one, an attachment); then GET /admin/export through a real
# nginx: the role matrix, the download's headers, the same bytes as the
# command line, filters, and bad filters answered with the form.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
bash "$top_srcdir/contrib/sample/load.sh" "$DAIS" >/dev/null &&
printf 'correct horse battery\n' | "$DAIS" moderator add alice --role admin >/dev/null &&
printf 'battery staple horse\n' | "$DAIS" moderator add bob >/dev/null &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null ||
    { fail "CLI set-up"; t_finish; exit 1; }
t_start_nginx || { t_finish; exit 1; }
"$DAIS" config set base_url "$BASE" >/dev/null || fail "base_url"
t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT

q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
header() { grep -i "^$1:" "$T_DIR/headers" | head -1 | sed 's/^[^:]*: *//' | tr -d '\r'; }
last_token() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | tail -1 | sed 's/.*value="//; s/"$//'; }
declare -A CK
signin() {
	local jar=$T_DIR/jar-$1
	req -c "$jar" "$BASE/login"
	req -c "$jar" -b "$jar" -H "Origin: $ORIGIN" --data-urlencode "csrf=$(last_token)" \
	    --data-urlencode "user=$1" --data-urlencode "password=$2" "$BASE/login"
	eq "$1 signed in" "$CODE" 303
	CK[$1]=$(grep dais_session "$jar" | awk '{print $7}')
}
as() { local u=$1; shift; req -H "Cookie: dais_session=${CK[$u]}" "$@"; }

# ---- realistic data: the sample through the form, approved, one rejected, a PDF --
bash "$top_srcdir/contrib/sample/submit.sh" "$BASE" "$ORIGIN" >/dev/null 2>"$T_DIR/submit.err"
eq "sample: sent" "$(q "SELECT count(*) FROM statement")" 12
bash "$top_srcdir/contrib/sample/approve.sh" "$BASE" "$ORIGIN" alice \
    'correct horse battery' "kind != 'written'" >/dev/null
signin alice 'correct horse battery'
signin bob 'battery staple horse'
W=$(q "SELECT public_id FROM statement WHERE kind = 'written'")
as alice "$BASE/moderate/$W"
as alice "$BASE/moderate/$W" -H "Origin: $ORIGIN" --data-urlencode "csrf=$(last_token)" \
    --data-urlencode action=reject --data-urlencode rev=1 \
    --data-urlencode "reason=The text is incomplete; please send the full statement."
eq "sample: the written statement rejected" "$(q "SELECT state FROM statement WHERE public_id = '$W'")" rejected
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' > "$T_DIR/doc.pdf"
req "$BASE/submit"
req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$(last_token)" \
    --form-string event=idm-2024-1 --form-string session=panel-2 \
    --form-string 'title=Pathways, "quoted", and a comma' --form-string speaker='Zoë Ndiaye' \
    --form-string organisation=cms --form-string kind=intervention \
    --form-string language=pt-BR --form-string format=html \
    --form-string 'body=<p>Caminhos <b>regulares</b></p><script>alert(1)</script>' \
    --form-string submitter_name='Zoë Ndiaye' --form-string submitter_email=zoe@example.net \
    --form-string consent=yes --form-string action=send \
    -F "attachment=@$T_DIR/doc.pdf;type=application/pdf;filename=Déclaration.pdf"
eq "sample: the statement with a PDF sent" "$CODE" 303
Z=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
eq "sample: its attachment" "$(q "SELECT count(*) FROM attachment a JOIN statement s ON s.id = a.statement_id WHERE s.public_id = '$Z'")" 1
mail_settle
NS=$(q "SELECT count(*) FROM statement WHERE original_id IS NULL")
NV=$(q "SELECT count(*) FROM statement")
eq "sample: translations" "$(q "SELECT count(*) FROM statement WHERE original_id IS NOT NULL")" 4

# ---- JSON ---------------------------------------------------------------------
"$DAIS" export --format json > "$T_DIR/a.json"
eq "export json: exit 0" "$?" 0
jq_() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
eq "json: valid, format" "$(jq_ "$T_DIR/a.json" 'd["format"], d["version"]')" "dais-export 1"
eq "json: one line" "$(wc -l < "$T_DIR/a.json")" 1
eq "json: every statement" "$(jq_ "$T_DIR/a.json" 'len(d["statements"])')" "$NS"
eq "json: every version" "$(jq_ "$T_DIR/a.json" 'sum(len(s["versions"]) for s in d["statements"])')" "$NV"
eq "json: events" "$(jq_ "$T_DIR/a.json" '[e["slug"] for e in d["events"]]')" "['idm-2024-1']"
eq "json: sessions" "$(jq_ "$T_DIR/a.json" 'len(d["events"][0]["sessions"])')" "$(q "SELECT count(*) FROM session")"
eq "json: organisations" "$(jq_ "$T_DIR/a.json" 'len(d["organisations"])')" "$(q "SELECT count(*) FROM organisation")"
eq "json: the reasons for rejecting" "$(jq_ "$T_DIR/a.json" '[x["text"] for x in d["reasons"]][0]')" "$(q "SELECT text FROM reason ORDER BY id LIMIT 1")"
eq "json: revisions" "$(jq_ "$T_DIR/a.json" 'sum(len(v["revisions"]) for s in d["statements"] for v in s["versions"])')" "$(q "SELECT count(*) FROM revision")"
eq "json: decisions" "$(jq_ "$T_DIR/a.json" 'sum(len(v["decisions"]) for s in d["statements"] for v in s["versions"])')" "$(q "SELECT count(*) FROM audit WHERE statement_id IS NOT NULL")"
eq "json: the rejected one and its reason" "$(jq_ "$T_DIR/a.json" '[(v["state"], [x["reason"] for x in v["decisions"] if x["action"] == "reject"]) for s in d["statements"] for v in s["versions"] if v["public_id"] == "'"$W"'"]')" "[('rejected', ['The text is incomplete; please send the full statement.'])]"
eq "json: the original first, then its translations" "$(jq_ "$T_DIR/a.json" 'sorted([[v["language"] for v in s["versions"]] for s in d["statements"] if len(s["versions"]) > 1])')" "$(python3 -c "print([['en', 'es', 'fr'], ['es', 'en'], ['fr', 'en']])")"
eq "json: attachment metadata, not the bytes" "$(jq_ "$T_DIR/a.json" '[v["attachments"] for s in d["statements"] for v in s["versions"] if v["public_id"] == "'"$Z"'"][0]')" \
    "[{'filename': 'Déclaration.pdf', 'ctype': 'application/pdf', 'size': $(stat -c %s "$T_DIR/doc.pdf"), 'sha256': '$(sha256sum "$T_DIR/doc.pdf" | cut -c1-64)', 'public': 0, 'created': '$(q "SELECT created FROM attachment")'}]"
eq "json: the source as typed (not the sanitized HTML)" "$(jq_ "$T_DIR/a.json" '[v["source"] for s in d["statements"] for v in s["versions"] if v["public_id"] == "'"$Z"'"][0]')" '<p>Caminhos <b>regulares</b></p><script>alert(1)</script>'
eq "json: the keys of a version" "$(jq_ "$T_DIR/a.json" 'list(d["statements"][0]["versions"][0].keys())')" "['public_id', 'language', 'title', 'format', 'source', 'state', 'hold_reason', 'rev', 'submitter_name', 'submitter_email', 'status_hash', 'client_addr', 'ui_lang', 'moderator_note', 'publish_at', 'published', 'corrected', 'created', 'updated', 'status_links', 'revisions', 'decisions', 'attachments']"
eq "json: the keys of a statement" "$(jq_ "$T_DIR/a.json" 'list(d["statements"][0].keys())')" "['event', 'session', 'speaker', 'speaker_role', 'organisation', 'org_name', 'behalf_organisation', 'on_behalf_of', 'cosignatories', 'kind', 'delivered', 'versions']"

# ---- filters ----------------------------------------------------------------------
nst() { "$DAIS" export --format json "$@" | python3 -c "import json,sys; print(len(json.load(sys.stdin)['statements']))"; }
eq "filter --state rejected" "$(nst --state rejected)" 1
eq "filter --state approved" "$(nst --state approved)" "$(q "SELECT count(*) FROM statement WHERE original_id IS NULL AND state = 'approved'")"
eq "filter --lang fr (a version in French)" "$(nst --lang fr)" "$(q "SELECT count(DISTINCT coalesce(original_id, id)) FROM statement WHERE language = 'fr'")"
eq "filter --lang pt-BR" "$(nst --lang pt-BR)" 1
eq "filter --lang, in any case" "$(nst --lang PT-br)" 1
eq "filter --org cms" "$(nst --org cms)" "$(q "SELECT count(*) FROM statement WHERE original_id IS NULL AND (org_id = (SELECT id FROM organisation WHERE slug = 'cms') OR behalf_org_id = (SELECT id FROM organisation WHERE slug = 'cms'))")"
eq "filter --event (another)" "$(nst --event no-such-event)" 0
eq "filter --event idm-2024-1" "$(nst --event idm-2024-1)" "$NS"
eq "filter --since the future" "$(nst --since 2199-01-01)" 0
eq "filter --since the past" "$(nst --since 2000-01-01)" "$NS"
"$DAIS" export --format json --since 2024-13-01 >/dev/null 2>"$T_DIR/err"
eq "bad --since: exit 2" "$?" 2
eq "bad --since: says which and what" "$(cat "$T_DIR/err")" "dais: --since: Enter a date like 2024-05-21."
"$DAIS" export --format xml >/dev/null 2>&1
eq "bad --format: exit 2" "$?" 2

# ---- CSV -----------------------------------------------------------------------------
"$DAIS" export --format csv > "$T_DIR/a.csv"
eq "csv: exit 0" "$?" 0
eq "csv: the header ends CRLF" "$(head -1 "$T_DIR/a.csv" | tail -c 2 | od -An -tx1 | tr -d ' ')" 0d0a
eq "csv: header keys" "$(head -1 "$T_DIR/a.csv" | tr -d '\r')" "public_id,event,session,title,speaker,speaker_role,organisation,org_name,behalf_organisation,on_behalf_of,cosignatories,kind,delivered,language,translations,state,created,updated,published,submitter_name,submitter_email,format,source"
eq "csv: no BOM by default" "$(head -c 3 "$T_DIR/a.csv" | od -An -tx1 | tr -d ' ')" "$(printf 'pub' | od -An -tx1 | tr -d ' ')"
csvpy() { python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8-sig'))); print($2)" "$1"; }
eq "csv: one row per statement" "$(csvpy "$T_DIR/a.csv" 'len(r)')" "$NS"
eq "csv: quotes doubled, commas kept" "$(csvpy "$T_DIR/a.csv" '[x["title"] for x in r if x["public_id"] == "'"$Z"'"][0]')" 'Pathways, "quoted", and a comma'
has "csv: the field quoted as RFC 4180 says" "$(cat "$T_DIR/a.csv")" '"Pathways, ""quoted"", and a comma"'
eq "csv: translations listed" "$(csvpy "$T_DIR/a.csv" '[x["translations"] for x in r if x["language"] == "en" and x["translations"]][0]')" "es fr"
eq "csv: UTF-8" "$(csvpy "$T_DIR/a.csv" '[x["speaker"] for x in r if x["public_id"] == "'"$Z"'"][0]')" "Zoë Ndiaye"
eq "csv: every record ends CRLF (line breaks inside a quoted source kept)" "$(python3 -c "import sys; b=open(sys.argv[1],'rb').read(); print(b.endswith(b'\r\n'), b.count(b'\r\n'))" "$T_DIR/a.csv")" "True $((NS + 1))"
"$DAIS" export --format csv --bom > "$T_DIR/bom.csv"
eq "csv --bom: the byte order mark first" "$(head -c 3 "$T_DIR/bom.csv" | od -An -tx1 | tr -d ' ')" efbbbf
eq "csv --bom: then the same" "$(tail -c +4 "$T_DIR/bom.csv" | cmp - "$T_DIR/a.csv" && echo same)" same
"$DAIS" export --format csv --state rejected > "$T_DIR/r.csv"
eq "csv --state rejected: one row" "$(csvpy "$T_DIR/r.csv" '[x["public_id"] for x in r]')" "['$W']"

# ---- access on request: --submitter ------------------------------------------------------
"$DAIS" export --format json --submitter ZOE@example.net > "$T_DIR/zoe.json"
eq "submitter: exit 0" "$?" 0
eq "submitter: only their statement" "$(jq_ "$T_DIR/zoe.json" '[v["public_id"] for s in d["statements"] for v in s["versions"]]')" "['$Z']"
eq "submitter: their personal fields" "$(jq_ "$T_DIR/zoe.json" 'd["statements"][0]["versions"][0]["submitter_name"], d["statements"][0]["versions"][0]["submitter_email"], d["statements"][0]["versions"][0]["client_addr"]')" "Zoë Ndiaye zoe@example.net 127.0.0.1"
eq "submitter: the mails to them" "$(jq_ "$T_DIR/zoe.json" 'len(d["outbox"]), d["submitter"]')" "$(q "SELECT count(*) FROM outbox WHERE recipient = 'zoe@example.net'") ZOE@example.net"
eq "submitter: the keys added" "$(jq_ "$T_DIR/zoe.json" 'list(d.keys())')" "['format', 'version', 'filters', 'events', 'organisations', 'reasons', 'trusted', 'statements', 'redirects', 'submitter', 'my_links', 'my_sessions', 'outbox', 'receipts_this_hour', 'moderators', 'audit']"
hasnt "submitter: nothing about anyone else" "$(cat "$T_DIR/zoe.json")" "secretariat@example.org"
hasnt "submitter: no other submitter's name" "$(cat "$T_DIR/zoe.json")" "Demo secretariat"
"$DAIS" export --format json --submitter secretariat@example.org > "$T_DIR/sec.json"
eq "submitter: the secretariat's statements and versions" "$(jq_ "$T_DIR/sec.json" 'sum(len(s["versions"]) for s in d["statements"])')" "$((NV - 1))"
hasnt "submitter: not Zoë's" "$(cat "$T_DIR/sec.json")" "zoe@example.net"
"$DAIS" export --format csv --submitter zoe@example.net > "$T_DIR/z.csv"
eq "submitter csv: one row" "$(csvpy "$T_DIR/z.csv" '[x["public_id"] for x in r]')" "['$Z']"
"$DAIS" import "$T_DIR/zoe.json" >/dev/null 2>"$T_DIR/err"
eq "submitter export: not for import" "$?" 1
has "submitter export: says why" "$(cat "$T_DIR/err")" "submitter: an export of one submitter's data is an answer to them"

# ---- round trip -------------------------------------------------------------------------------
B=$T_DIR/b.db
DAIS_DB=$B "$DAIS" init >/dev/null 2>&1
DAIS_DB=$B "$DAIS" import "$T_DIR/a.json" > "$T_DIR/out" 2>"$T_DIR/err"
eq "import into an empty database: exit 0" "$?" 0
eq "import: in the audit log, with its count" "$(sqlite3 "$B" "SELECT actor, action, statement_id IS NULL, detail FROM audit ORDER BY id DESC LIMIT 1")" "command line|import|1|$(sed -n 's/ added$//p' "$T_DIR/out" | head -1)"
eq "import: counts what it added" "$(head -1 "$T_DIR/out")" "$(( 1 + $(q "SELECT count(*) FROM session") + $(q "SELECT count(*) FROM organisation") + NV + $(q "SELECT count(*) FROM revision") + $(q "SELECT count(*) FROM audit WHERE statement_id IS NOT NULL") + $(q "SELECT count(*) FROM attachment") + $(q "SELECT count(*) FROM status_link") )) added"
DAIS_DB=$B "$DAIS" export --format json > "$T_DIR/b.json"
check "round trip: the same JSON, byte for byte" cmp -s "$T_DIR/a.json" "$T_DIR/b.json"
DAIS_DB=$B "$DAIS" export --format csv > "$T_DIR/b.csv"
check "round trip: the same CSV" cmp -s "$T_DIR/a.csv" "$T_DIR/b.csv"
eq "import: the HTML made again by the sanitizer" "$(sqlite3 "$B" "SELECT html FROM statement WHERE public_id = '$Z'")" "$(q "SELECT html FROM statement WHERE public_id = '$Z'")"
hasnt "import: no script survives" "$(sqlite3 "$B" "SELECT html FROM statement WHERE public_id = '$Z'")" "<script"
eq "import: the fragments rendered" "$(sqlite3 "$B" "SELECT count(*) FROM fragment")" "$(q "SELECT count(*) FROM fragment")"
anchors() { sqlite3 "$1" "SELECT body FROM fragment WHERE key = '$2'" | grep -o 'id="dais-[a-z0-9]*"' | tr '\n' ' '; }
eq "import: the event's fragment, the same statements in the same order" "$(anchors "$B" event/idm-2024-1@fr)" "$(anchors "$DAIS_DB" event/idm-2024-1@fr)"
has "import: the event's fragment in French, with the French version" "$(sqlite3 "$B" "SELECT body FROM fragment WHERE key = 'event/idm-2024-1@fr'")" 'lang="fr"'
eq "import: the search index" "$(sqlite3 "$B" "SELECT count(*) FROM search_doc")" "$(q "SELECT count(*) FROM search_doc")"
eq "import: the attachment's bytes are not in an export" "$(sqlite3 "$B" "SELECT length(data), size FROM attachment")" "0|$(stat -c %s "$T_DIR/doc.pdf")"
# idempotent: a second import changes nothing
sqlite3 "$B" .dump > "$T_DIR/b1.dump"
DAIS_DB=$B "$DAIS" import "$T_DIR/a.json" > "$T_DIR/out" 2>&1
eq "second import: exit 0" "$?" 0
eq "second import: nothing added" "$(head -1 "$T_DIR/out")" "0 added"
DAIS_DB=$B "$DAIS" export --format json > "$T_DIR/b2.json"
check "second import: the same export" cmp -s "$T_DIR/a.json" "$T_DIR/b2.json"
sqlite3 "$B" .dump > "$T_DIR/b2.dump"
check "second import: not a byte of the database changed (sqlite3 .dump)" cmp -s "$T_DIR/b1.dump" "$T_DIR/b2.dump"
eq "second import: the same rows" "$(sqlite3 "$B" "SELECT count(*) FROM statement; SELECT count(*) FROM revision; SELECT count(*) - 1 FROM audit; SELECT count(*) FROM attachment" | tr '\n' ' ')" "$(q "SELECT count(*) FROM statement; SELECT count(*) FROM revision; SELECT count(*) FROM audit WHERE statement_id IS NOT NULL; SELECT count(*) FROM attachment" | tr '\n' ' ')"
"$DAIS" import "$T_DIR/a.json" > "$T_DIR/out" 2>&1
eq "import into the database it came from: nothing added" "$(head -1 "$T_DIR/out")" "0 added"

# ---- old slugs (structure.c's redirects) travel too --------------------------------------------
R=$T_DIR/r.db
cp "$B" "$R"
DAIS_DB=$R "$DAIS" event edit idm-2024-1 --slug idm-first >/dev/null 2>&1 &&
DAIS_DB=$R "$DAIS" session edit idm-first panel-2 --slug p2 >/dev/null 2>&1 &&
DAIS_DB=$R "$DAIS" org edit mri --slug mri-new >/dev/null 2>&1
eq "redirects: three renames" "$?" 0
DAIS_DB=$R "$DAIS" export --format json > "$T_DIR/r.json"
eq "redirects: exported, each with its target's slug" "$(jq_ "$T_DIR/r.json" '[(x["kind"], x["event"], x["old"], x["to"]) for x in d["redirects"]]')" \
    "[('event', None, 'idm-2024-1', 'idm-first'), ('org', None, 'mri', 'mri-new'), ('session', 'idm-first', 'panel-2', 'p2')]"
R2=$T_DIR/r2.db
DAIS_DB=$R2 "$DAIS" init >/dev/null 2>&1
DAIS_DB=$R2 "$DAIS" import "$T_DIR/r.json" >/dev/null 2>&1
eq "redirects: imported" "$?" 0
DAIS_DB=$R2 "$DAIS" export --format json > "$T_DIR/r2.json"
check "redirects: the round trip the same, byte for byte" cmp -s "$T_DIR/r.json" "$T_DIR/r2.json"
eq "redirects: the old slugs lead to the new ones" "$(sqlite3 "$R2" "SELECT r.kind || ':' || r.old || '>' || coalesce(e.slug, o.slug, s.slug) FROM slug_redirect r LEFT JOIN event e ON r.kind = 'event' AND e.id = r.target LEFT JOIN organisation o ON r.kind = 'org' AND o.id = r.target LEFT JOIN session s ON r.kind = 'session' AND s.id = r.target ORDER BY r.kind" | tr '\n' ' ')" \
    "event:idm-2024-1>idm-first org:mri>mri-new session:panel-2>p2 "
# a present slug wins over an old one that names it
DAIS_DB=$R2 "$DAIS" org add mri --name "Another MRI" >/dev/null 2>&1
DAIS_DB=$R2 "$DAIS" import "$T_DIR/r.json" > "$T_DIR/out" 2>&1
eq "redirects: a present organisation keeps its slug" "$(sqlite3 "$R2" "SELECT count(*) FROM slug_redirect WHERE kind = 'org' AND old = 'mri'")" 0
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['redirects'][0]['to']='nowhere'; json.dump(d, open(sys.argv[2], 'w'))" "$T_DIR/r.json" "$T_DIR/bad.json"
DAIS_DB=$T_DIR/r3.db "$DAIS" init >/dev/null 2>&1
DAIS_DB=$T_DIR/r3.db "$DAIS" import "$T_DIR/bad.json" >/dev/null 2>"$T_DIR/err"
eq "redirects: one to nothing refused" "$?" 1
has "redirects: ... with its path" "$(cat "$T_DIR/err")" "redirects[0].to: names no event, session or organisation"
eq "redirects: ... nothing stored" "$(sqlite3 "$T_DIR/r3.db" "SELECT count(*) FROM event")" 0

# ---- refusals: the path named, nothing stored -----------------------------------------------------
C=$T_DIR/c.db
DAIS_DB=$C "$DAIS" init >/dev/null 2>&1
# bad NAME PYTHON-EDIT WANT: the export edited, imported into the empty c.db.
bad() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2; json.dump(d, open(sys.argv[2], 'w'))" "$T_DIR/a.json" "$T_DIR/bad.json"
	sqlite3 "$C" .dump > "$T_DIR/c1.dump"
	DAIS_DB=$C "$DAIS" import "$T_DIR/bad.json" >/dev/null 2>"$T_DIR/err"
	eq "refused ($1): exit 1" "$?" 1
	has "refused ($1): the path" "$(cat "$T_DIR/err")" "$3"
	has "refused ($1): nothing was imported" "$(cat "$T_DIR/err")" "(nothing was imported)"
	sqlite3 "$C" .dump > "$T_DIR/c2.dump"
	check "refused ($1): the database unchanged" cmp -s "$T_DIR/c1.dump" "$T_DIR/c2.dump"
}
bad "a language" 'd["statements"][3]["versions"][0]["language"] = "not a tag"' "statements[3].versions[0].language: "
bad "a state" 'd["statements"][5]["versions"][0]["state"] = "published"' "statements[5].versions[0].state: must be one of pending"
bad "a date" 'd["events"][0]["starts"] = "2024-02-30"' "events[0].starts: "
bad "an unknown key" 'd["statements"][0]["versions"][0]["html"] = "<p>x</p>"' "statements[0].versions[0].html: is not a key of this format"
bad "a missing key" 'del d["statements"][1]["kind"]' "statements[1].kind: is missing"
bad "a number as text" 'd["statements"][2]["versions"][0]["rev"] = "1"' "statements[2].versions[0].rev: must be a whole number"
bad "an unknown session" 'd["statements"][0]["session"] = "panel-9"' "statements[0].session: names no session"
bad "a revision's format" 'd["statements"][0]["versions"][0]["revisions"][0]["format"] = "rtf"' "statements[0].versions[0].revisions[0].format: must be one of text, markdown, html"
bad "an e-mail address" 'd["statements"][4]["versions"][0]["submitter_email"] = "not an address"' "statements[4].versions[0].submitter_email: "
bad "a control character" 'd["statements"][0]["versions"][0]["title"] = "A\u0007bell"' "statements[0].versions[0].title: "
bad "a web address" 'd["organisations"][0]["url"] = "javascript:alert(1)"' "organisations[0].url: "
bad "a version" 'd["version"] = 2' "version: must be 1"
bad "a trusted entry" 'd["trusted"] = [{"kind": "email", "value": "Ana@Example.org", "added_by": "alice", "created": "2024-05-21T09:30:00Z"}]' "trusted[0]: must be an address"
bad "a reason" 'd["reasons"].append({"text": ""})' "reasons[4].text: "
bad "the format" 'd["format"] = "other"' 'format: must be "dais-export"'
bad "the last statement" 'd["statements"][-1]["versions"][0]["attachments"][0]["sha256"] = "XYZ"' "statements[$((NS - 1))].versions[0].attachments[0].sha256: must be a hash"
I=$(jq_ "$T_DIR/a.json" '[i for i, s in enumerate(d["statements"]) if len(s["versions"]) > 1][0]')
bad "two versions in one language" 's = d["statements"]['"$I"']["versions"]; s[1]["language"] = s[0]["language"]' "statements[$I].versions[1]: refused by the database (a translation is in another language)"
printf 'not json' > "$T_DIR/bad.json"
DAIS_DB=$C "$DAIS" import "$T_DIR/bad.json" >/dev/null 2>"$T_DIR/err"
eq "refused (not JSON): exit 1" "$?" 1
has "refused (not JSON): says so" "$(cat "$T_DIR/err")" "the document: must be an object"
eq "refusals: c.db still empty" "$(sqlite3 "$C" "SELECT count(*) FROM statement; SELECT count(*) FROM event" | tr '\n' ' ')" "0 0 "

# ---- the catalogue from CSV -------------------------------------------------------------
printf 'slug,name,url\r\nunhcr,"UN Refugee Agency, UNHCR",https://www.unhcr.org/\r\nmsf,"Médecins ""Sans"" Frontières",\r\n' > "$T_DIR/orgs.csv"
DAIS_DB=$C "$DAIS" import --organisations "$T_DIR/orgs.csv" > "$T_DIR/out" 2>&1
eq "orgs csv: exit 0" "$?" 0
eq "orgs csv: added" "$(cat "$T_DIR/out")" "2 added"
eq "orgs csv: stored" "$(sqlite3 "$C" "SELECT slug || '|' || name || '|' || url FROM organisation ORDER BY slug")" "msf|Médecins \"Sans\" Frontières|
unhcr|UN Refugee Agency, UNHCR|https://www.unhcr.org/"
DAIS_DB=$C "$DAIS" import --organisations "$T_DIR/orgs.csv" > "$T_DIR/out" 2>&1
eq "orgs csv: a second import adds nothing" "$(cat "$T_DIR/out")" "0 added"
printf 'slug,name,url\nokay,Okay,\nbad-url,Bad,javascript:x\n' > "$T_DIR/orgs2.csv"
sqlite3 "$C" .dump > "$T_DIR/c1.dump"
DAIS_DB=$C "$DAIS" import --organisations "$T_DIR/orgs2.csv" > /dev/null 2>"$T_DIR/err"
eq "orgs csv: a bad row refused" "$?" 1
has "orgs csv: names the line" "$(cat "$T_DIR/err")" "line 3: "
sqlite3 "$C" .dump > "$T_DIR/c2.dump"
check "orgs csv: nothing stored" cmp -s "$T_DIR/c1.dump" "$T_DIR/c2.dump"
printf 'slug,name\nx,"open quote\n' > "$T_DIR/orgs3.csv"
DAIS_DB=$C "$DAIS" import --organisations "$T_DIR/orgs3.csv" > /dev/null 2>"$T_DIR/err"
eq "orgs csv: malformed refused" "$(cat "$T_DIR/err")" "dais: $T_DIR/orgs3.csv: line 2: a quoted field is not closed (nothing was imported)"
printf 'slug,name,colour\nx,X,red\n' > "$T_DIR/orgs4.csv"
DAIS_DB=$C "$DAIS" import --organisations "$T_DIR/orgs4.csv" > /dev/null 2>"$T_DIR/err"
has "orgs csv: an unknown column refused" "$(cat "$T_DIR/err")" "line 1: column 3 is not one of the columns"
DAIS_DB=$C "$DAIS" event add gfmd-2025 --title "GFMD 2025" --starts 2025-01-20 >/dev/null
printf '\xef\xbb\xbfslug,title,kind,position\r\nopening,"Opening, plenary",plenary,1\r\nrt-1,Roundtable 1,,2\r\n' > "$T_DIR/sess.csv"
DAIS_DB=$C "$DAIS" import --sessions gfmd-2025 "$T_DIR/sess.csv" > "$T_DIR/out" 2>&1
eq "sessions csv: added (a BOM skipped)" "$(cat "$T_DIR/out")" "2 added"
eq "sessions csv: stored" "$(DAIS_DB=$C "$DAIS" session list gfmd-2025)" "$(printf 'opening\tOpening, plenary\tplenary\t1\nrt-1\tRoundtable 1\tpanel\t2')"
DAIS_DB=$C "$DAIS" import --sessions no-event "$T_DIR/sess.csv" > /dev/null 2>"$T_DIR/err"
has "sessions csv: an unknown event refused" "$(cat "$T_DIR/err")" "there is no such event"
python3 -c "print('slug,name'); [print('o%d,Org %d' % (i, i)) for i in range(10001)]" > "$T_DIR/many.csv"
DAIS_DB=$C "$DAIS" import --organisations "$T_DIR/many.csv" > /dev/null 2>"$T_DIR/err"
has "orgs csv: the row limit" "$(cat "$T_DIR/err")" "too many rows"
eq "orgs csv: nothing of it stored" "$(sqlite3 "$C" "SELECT count(*) FROM organisation")" 2

# ---- GET /admin/export through nginx ---------------------------------------------------------
req "$BASE/admin/export"
eq "web: anonymous: 303" "$CODE" 303
eq "web: anonymous: to sign in" "$(header Location)" "/statements/login?next=%2Fstatements%2Fadmin%2Fexport"
req "$BASE/admin/export?format=json"
eq "web: anonymous download: 303" "$CODE" 303
as bob "$BASE/admin/export?format=json"
eq "web: moderator: 403" "$CODE" 403
has "web: moderator: says why" "$BODY" "for administrators"
as alice "$BASE/admin/export"
eq "web: admin: the form (200)" "$CODE" 200
has "web: the form: the events to choose" "$BODY" '<option value="idm-2024-1">'
has "web: the form: the BOM checkbox" "$BODY" 'name="bom" type="checkbox" value="yes"'
as alice "$BASE/admin/export?format=json&event=&org=&language=&state=&since=&submitter="
eq "web: JSON: 200" "$CODE" 200
eq "web: JSON: its type" "$(header Content-Type)" "application/json"
eq "web: JSON: a download" "$(header Content-Disposition)" "attachment; filename=\"dais-export.json\"; filename*=UTF-8''dais-export.json"
eq "web: JSON: not cached" "$(header Cache-Control)" "no-store"
check "web: JSON: the same bytes as dais export" cmp -s "$T_DIR/body" "$T_DIR/a.json"
as alice "$BASE/admin/export?format=csv&bom=yes"
eq "web: CSV: 200" "$CODE" 200
eq "web: CSV: its type" "$(header Content-Type)" "text/csv; charset=utf-8"
eq "web: CSV: a download" "$(header Content-Disposition)" "attachment; filename=\"dais-export.csv\"; filename*=UTF-8''dais-export.csv"
check "web: CSV with a BOM: the same bytes as dais export --bom" cmp -s "$T_DIR/body" "$T_DIR/bom.csv"
as alice "$BASE/admin/export?format=json&state=rejected&language=en"
eq "web: filters: the rejected one" "$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print([v['public_id'] for s in d['statements'] for v in s['versions']])" "$T_DIR/body")" "['$W']"
as alice "$BASE/admin/export?format=json&submitter=zoe%40example.net"
check "web: --submitter, the same" cmp -s "$T_DIR/body" <("$DAIS" export --format json --submitter zoe@example.net)
as alice "$BASE/admin/export?format=csv&since=2024-02-30&submitter=kept%40example.org"
eq "web: a bad date: 400" "$CODE" 400
has "web: a bad date: says what to enter" "$BODY" 'id="x-since-error"'
has "web: a bad date: in the summary" "$BODY" '<a href="#x-since">Enter a date like 2024-05-21.</a>'
has "web: a bad date: what was typed kept" "$BODY" 'value="2024-02-30"'
has "web: a bad date: the other fields kept" "$BODY" 'value="kept@example.org"'
has "web: a bad date: the format kept" "$BODY" 'value="csv" checked'
as alice "$BASE/admin/export?format=xml"
eq "web: an unknown format: 400" "$CODE" 400
as alice "$BASE/admin/export?format=json&colour=red"
eq "web: an unknown field: 400" "$CODE" 400
as alice "$BASE/admin/export?format=json&state=published"
eq "web: an unknown state: 400" "$CODE" 400
as alice "$BASE/admin/export?format=json" -H 'Accept-Language: fr'
eq "web: French: still the download" "$CODE" 200
as alice "$BASE/admin/export" -H 'Accept-Language: fr'
has "web: the form in French" "$BODY" "Télécharger"
as alice "$BASE/admin/export?lang=es"
eq "web: ?lang= switches the interface" "$CODE" 200
has "web: ?lang=es: in Spanish" "$BODY" "Descargar"
has "web: ?lang=es: not a filter" "$BODY" 'id="x-lang" name="language" type="text" value=""'
as alice "$BASE/admin/export?format=json&language=PT-br"
eq "web: the language filter" "$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print([v['public_id'] for s in d['statements'] for v in s['versions']])" "$T_DIR/body")" "['$Z']"
as alice "$BASE/admin/export?format=json&language=no%20tag"
eq "web: a bad language: 400" "$CODE" 400
has "web: a bad language: says what to enter" "$BODY" '<a href="#x-lang">Enter a language tag such as en, fr or pt-BR.</a>'

# ---- into a database in use: a new statement among the old ---------------------------------
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
s = [x for x in d['statements'] if x['versions'][0]['public_id'] == sys.argv[2]][0]
v = s['versions'][0]
v['public_id'] = 'imp0rted'; v['status_hash'] = 'ab' * 32; v['status_links'] = []
v['title'] = '=1+2 Imported <b>title</b>'; v['format'] = 'markdown'
v['source'] = 'Imported *text* <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">x</a>'
v['state'] = 'approved'; v['published'] = v['created']
v['attachments'][0]['public'] = 1
d['statements'] = [s]
json.dump(d, open(sys.argv[3], 'w'))" "$T_DIR/a.json" "$Z" "$T_DIR/new.json"
"$DAIS" import "$T_DIR/new.json" > "$T_DIR/out" 2>&1
eq "import into the live database: the new statement, its revisions, decisions, attachment" "$(head -1 "$T_DIR/out")" "$(( 1 + $(q "SELECT count(*) FROM revision r JOIN statement s ON s.id = r.statement_id WHERE s.public_id = '$Z'") + $(q "SELECT count(*) FROM audit a JOIN statement s ON s.id = a.statement_id WHERE s.public_id = '$Z'") + 1 )) added"
eq "imported: its HTML, what dais sanitize makes of it" "$(q "SELECT html FROM statement WHERE public_id = 'imp0rted'")" "$(printf '%s' 'Imported *text* <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>' | "$DAIS" sanitize --format markdown)"
hasnt "imported: no handler left" "$(q "SELECT html FROM statement WHERE public_id = 'imp0rted'")" "onerror"
"$DAIS" export --format csv > "$T_DIR/f.csv"
eq "csv: a formula shown as text (an apostrophe first)" "$(csvpy "$T_DIR/f.csv" '[x["title"] for x in r if x["public_id"] == "imp0rted"][0]')" "'=1+2 Imported <b>title</b>"
req "$BASE/s/imp0rted"
eq "imported: its public page (the fragments rendered)" "$CODE" 200
has "imported: the title escaped" "$BODY" "Imported &lt;b&gt;title&lt;/b&gt;"
req "$BASE/fragment/event/idm-2024-1"
has "imported: in the event's fragment" "$BODY" 'id="dais-imp0rted"'
as alice "$BASE/moderate/imp0rted/attachment"
eq "imported: an attachment without its bytes is not served" "$CODE" 404
hasnt "imported: nor offered on the public page" "$(curl -s "$BASE/s/imp0rted")" "/s/imp0rted/original"
as alice "$BASE/moderate/$Z/attachment"
eq "the attachment sent is still served" "$CODE" 200

# ---- access on request: what else is stored about an address ------------------------
as alice "$BASE/moderate/$Z"
as alice "$BASE/moderate/$Z" -H "Origin: $ORIGIN" --data-urlencode "csrf=$(last_token)" --data-urlencode action=trust_email
printf 'pass word zoe zoe\n' | "$DAIS" moderator add zoe --email Zoe@Example.net >/dev/null
"$DAIS" export --format json --submitter zoe@example.net > "$T_DIR/zoe2.json"
eq "submitter: trusted as a submitter (and no other trusted entry)" "$(jq_ "$T_DIR/zoe2.json" '[(x["value"], x["added_by"]) for x in d["trusted"]]')" "[('zoe@example.net', 'alice')]"
eq "submitter: a moderator's network address left out" "$(jq_ "$T_DIR/zoe2.json" '[x["addr"] for x in d["statements"][0]["versions"][0]["decisions"] if x["actor"] == "alice"]')" "['']"
"$DAIS" export --format json > "$T_DIR/all2.json"
eq "json: the trusted submitters" "$(jq_ "$T_DIR/all2.json" '"|".join(x["kind"] + ":" + x["value"] for x in d["trusted"])')" "$(q "SELECT group_concat(kind || ':' || value, '|') FROM trusted")"
eq "json: the moderator's network address in a full export" "$(jq_ "$T_DIR/all2.json" '[x["addr"] for s in d["statements"] for v in s["versions"] for x in v["decisions"] if x["action"] == "trust_email"]')" "['127.0.0.1']"
DAIS_DB=$C "$DAIS" import "$T_DIR/all2.json" >/dev/null 2>&1
eq "import: the trusted submitters" "$(sqlite3 "$C" "SELECT kind, value, added_by FROM trusted")" "$(q "SELECT kind, value, added_by FROM trusted")"
eq "submitter: a moderator account with the address" "$(jq_ "$T_DIR/zoe2.json" '[(x["username"], x["role"]) for x in d["moderators"]]')" "[('zoe', 'moderator')]"
eq "submitter: the receipts counted this hour" "$(jq_ "$T_DIR/zoe2.json" 'sum(x["count"] for x in d["receipts_this_hour"])')" "$(q "SELECT coalesce(sum(count), 0) FROM rate WHERE client = 'receipt:zoe@example.net'")"

t_finish
