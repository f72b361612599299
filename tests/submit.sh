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
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'mod-password-1' | "$DAIS" moderator add mod >/dev/null ||
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

# The form's values as a browser would send them: the FORM-th form (from
# 1) of $T_DIR/body, urlencoded, with KEY=VALUE overrides. A select sends
# its selected option, else its first; buttons are left out (action is an
# override).
form_values() {
	python3 - "$T_DIR/body" "$@" <<'EOF'
import sys, urllib.parse
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self, want):
        super().__init__(); self.want, self.n, self.on = want, 0, False
        self.out, self.sel, self.ta = [], None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.n += 1; self.on = self.n == self.want
        if not self.on: return
        t = a.get("type", "text")
        if tag == "input" and a.get("name") and t not in ("submit", "button", "file") \
                and (t not in ("radio", "checkbox") or "checked" in a):
            self.out.append([a["name"], a.get("value", "")])
        elif tag == "select":
            self.sel = [a.get("name"), None, None]
        elif tag == "option" and self.sel:
            v = a.get("value", "")
            if self.sel[2] is None: self.sel[2] = v
            if "selected" in a: self.sel[1] = v
        elif tag == "textarea":
            self.ta = [a.get("name"), ""]
    def handle_data(self, d):
        if self.ta: self.ta[1] += d
    def handle_endtag(self, tag):
        if tag == "form": self.on = False
        elif tag == "select" and self.sel:
            s = self.sel; self.sel = None
            self.out.append([s[0], s[1] if s[1] is not None else s[2] or ""])
        elif tag == "textarea" and self.ta:
            t = self.ta; self.ta = None
            self.out.append([t[0], t[1][1:] if t[1].startswith("\n") else t[1]])
p = P(int(sys.argv[2])); p.feed(open(sys.argv[1], encoding="utf-8").read())
over = dict(a.split("=", 1) for a in sys.argv[3:])
out = [[k, over.pop(k, v)] for k, v in p.out] + [list(kv) for kv in over.items()]
print(urllib.parse.urlencode([tuple(kv) for kv in out]), end="")
EOF
}

# Tokens taken now, for the timing rule's positive cases at the end.
EARLY_CSRF=$(csrf_of "$BASE/submit")
EARLY_CSRF2=$(csrf_of "$BASE/submit")

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

# ---- timing: a form older than submit_max_hours (default 72) ------------------
# forge_token AGE_SECONDS: a genuine /submit token (the HMAC of
# cgi/token.c, with the database's key) served AGE_SECONDS ago.
forge_token() {
	python3 - "$(q "SELECT value FROM setting WHERE key = 'secret_key'")" "$1" <<'EOF'
import hashlib, hmac, sys, time
t = str(int(time.time()) - int(sys.argv[2]))
msg = b"".join(x.encode() + b"\0" for x in ("submit", t, ""))
mac = hmac.new(bytes.fromhex(sys.argv[1]), msg, hashlib.sha512).hexdigest()[:64]
print(t + "." + mac)
EOF
}
late_fields() {
	fields_reset; F[title]="Written on the first day"; F[speaker]="Zoë O'Neil"
	F[session]=youth; F[cosignatories]=$'Group A\nGroup “B”'
	F[body]=$'Typed long ago & <kept>.\n\nSecond paragraph.'
	F[submitter_email]="zoe@example.org"
}
late_fields; F[title]="Sent after 71 hours"; F[csrf]=$(forge_token $((71 * 3600))); send
eq "71-hour-old form: 303 (the forged token is genuine)" "$CODE" 303
n0=$(count)
late_fields; F[csrf]=$(forge_token $((73 * 3600))); send
eq "73-hour-old form: 422" "$CODE" 422
has "73-hour-old form: message" "$BODY" "This form was opened a long time ago. Please check it and send it again."
hasnt "73-hour-old form: not 'quickly'" "$BODY" "sent very quickly"
has "73-hour-old form: linked" "$BODY" 'href="#title"'
has "73-hour-old form: title kept" "$BODY" 'value="Written on the first day"'
has "73-hour-old form: speaker kept" "$BODY" 'value="Zoë O&#39;Neil"'
has "73-hour-old form: e-mail kept" "$BODY" 'value="zoe@example.org"'
has "73-hour-old form: event kept" "$BODY" '<option value="conf24" selected>'
has "73-hour-old form: session kept" "$BODY" '<option value="youth" selected>'
has "73-hour-old form: kind kept" "$BODY" 'value="panel" checked'
has "73-hour-old form: date kept" "$BODY" 'value="2024-05-21"'
has "73-hour-old form: consent kept" "$BODY" 'value="yes" checked'
eq "73-hour-old form: body kept" "$(textarea body)" "$(printf '%s' "${F[body]}" | html_esc)"
eq "73-hour-old form: co-signatories kept" "$(textarea cosignatories)" "$(printf '%s' "${F[cosignatories]}" | html_esc)"
eq "73-hour-old form: nothing stored" "$(count)" "$n0"
# The form that came back has a new token: sent again, it is taken.
F[csrf]=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -1)
check "73-hour-old form: a fresh token" [ "$(( $(date +%s) - ${F[csrf]%%.*} ))" -lt 3600 ]
send
eq "73-hour-old form sent again: 303" "$CODE" 303
eq "73-hour-old form sent again: stored" "$(q "SELECT count(*) FROM statement WHERE title = 'Written on the first day'")" 1
# Beyond the 7 days any token lives: the same friendly page, not a 403.
late_fields; F[csrf]=$(forge_token $((8 * 24 * 3600))); send
eq "8-day-old form: 422" "$CODE" 422
has "8-day-old form: message" "$BODY" "This form was opened a long time ago"
has "8-day-old form: title kept" "$BODY" 'value="Written on the first day"'
# The setting is honoured.
"$DAIS" config set submit_max_hours 1 >/dev/null
late_fields; F[csrf]=$(forge_token 7200); send
eq "submit_max_hours 1, 2-hour-old form: 422" "$CODE" 422
has "submit_max_hours 1: message" "$BODY" "This form was opened a long time ago"
late_fields; F[title]="Sent after 50 minutes"; F[csrf]=$(forge_token 3000); send
eq "submit_max_hours 1, 50-minute-old form: 303" "$CODE" 303
"$DAIS" config set submit_max_hours 72 >/dev/null
eq "late forms: two stored in all" "$(count)" $((n0 + 2))

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
has "status: what happens next" "$BODY" "<h2>What happens next</h2>
<p>A moderator reviews every statement before it is published"
has "status: keep the link" "$BODY" "To correct your statement while it waits for review, or to withdraw it, open this link."
has "status: reference" "$BODY" "<strong>$PUB</strong>"
# Without base_url the link to keep is the path: never an address made
# from the request's Host, which the client chooses.
has "status, no base_url: private link as a path" "$BODY" "<a href=\"/statements/status/$TOK\">/statements/status/$TOK</a>"
req "$BASE/status/$TOK?sent=1" -H "Host: evil.test"
hasnt "status, forged Host: nothing from it" "$BODY" "evil.test"
"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null
req "$BASE/status/$TOK?sent=1" -H "Host: evil.test"
has "status: private link from base_url" "$BODY" "<a href=\"$ORIGIN/statements/status/$TOK\">$ORIGIN/statements/status/$TOK</a>"
hasnt "status, base_url set, forged Host: nothing from it" "$BODY" "evil.test"
"$DAIS" config set base_url "" >/dev/null
req "$BASE/status/$TOK"
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

# A practical subset of RFC 5321: nothing that a mailto: link or a header
# would read as more than an address.
for e in "a@example.org?bcc=x@evil.test" "a@example.org&subject=Hi" "a=b@example.org" \
    "a%40b@example.org" "a b@example.org" "a,b@example.org" "a;b@example.org" \
    ".a@example.org" "a.@example.org" "a..b@example.org" "a@-example.org" \
    "a@example-.org" "a@example..org" "a@example.123" "a@exa_mple.org" \
    "ana@exämple.org" "$(printf 'a%.0s' $(seq 65))@example.org"; do
	fields_reset; F[submitter_email]=$e; n0=$(count); send
	eq "strict e-mail [$e]: 422" "$CODE" 422
	has "strict e-mail [$e]: the field named" "$BODY" 'href="#submitter_email"'
	eq "strict e-mail [$e]: nothing stored" "$(count)" "$n0"
done
for e in "o'brien+dialogue@mail.example.co.uk" "A.B_C-D@Example.ORG" "x@xn--mxico-bsa.example"; do
	fields_reset; F[title]="From $e"; F[submitter_email]=$e; send
	eq "good e-mail [$e]: 303" "$CODE" 303
done

# ---- the form token is the sending's idempotency key ------------------------------
# A submission sent twice with the same token (a 502 after the commit, then
# "send again") is stored once, and the second answer is the same receipt.
fields_reset; F[title]="Sent twice"; F[csrf]=$(csrf_of "$BASE/submit"); tok=${F[csrf]}
n0=$(count); send
eq "sent once: 303" "$CODE" 303
loc1=$(header Location)
fields_reset; F[title]="Sent twice"; F[csrf]=$tok; send
eq "sent again with the same token: 303" "$CODE" 303
eq "sent again: the same receipt" "$(header Location)" "$loc1"
eq "sent again: stored once" "$(count)" "$((n0 + 1))"
check "sent again: the receipt works" [ "$(status "$BASE${loc1#/statements}")" = 200 ]
fields_reset; F[title]="Sent twice"; send
eq "the same text from a fresh form: a new submission" "$(count)" "$((n0 + 2))"
check "... with a receipt of its own" [ "$(header Location)" != "$loc1" ]
# Holding a form's token (a page left in a shared browser, or cached for
# everyone) never opens the receipt of the person who sent it first.
fields_reset; F[title]="Someone else's text"; F[submitter_email]=eve@example.org; F[csrf]=$tok; send
eq "the same token, other text: stored (303)" "$CODE" 303
eq "the same token, other text: a new submission" "$(count)" "$((n0 + 3))"
check "the same token, other text: not the first sender's receipt" [ "$(header Location)" != "$loc1" ]
# Two sendings at once with one token: still one statement.
fields_reset; F[title]="Raced"; F[csrf]=$(csrf_of "$BASE/submit"); tok=${F[csrf]}
n0=$(count)
for i in 1 2 3 4; do
	curl -s -o /dev/null -w '%{http_code} %{redirect_url}\n' -H "Origin: $ORIGIN" \
	    --form-string "csrf=$tok" --form-string event=conf24 --form-string session=opening \
	    --form-string title=Raced --form-string "speaker=Ana" --form-string organisation=acme \
	    --form-string kind=panel --form-string language=en --form-string format=text \
	    --form-string "body=Raced text." --form-string submitter_name=Ana \
	    --form-string submitter_email=ana@example.org --form-string consent=yes \
	    --form-string action=send "$BASE/submit" > "$T_DIR/race.$i" &
	pids="${pids:-} $!"
done
wait $pids # not a bare wait: dais is a child of this shell too
eq "raced sendings: stored once" "$(count)" "$((n0 + 1))"
eq "raced sendings: all 303 to one receipt" "$(cat "$T_DIR"/race.* | sort -u | wc -l | tr -d ' ')" 1
has "raced sendings: a 303" "$(cat "$T_DIR/race.1")" "303 "

# ---- the button: only the form's own ------------------------------------------------
for a in bogus Send "send " publish; do
	fields_reset; F[title]="Action $a"; F[action]=$a; n0=$(count); send
	eq "action [$a]: 400" "$CODE" 400
	has "action [$a]: says why" "$BODY" "sent with a button it does not have"
	eq "action [$a]: nothing stored" "$(count)" "$n0"
done
fields_reset; F[title]="Without a button"; unset 'F[action]'; send
eq "no action (a form sent without its button): sent" "$CODE" 303

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

# Co-signatories and "on behalf of" are stored as sent (ends trimmed).
fields_reset; F[kind]=collective; F[title]="Stored as sent"
F[on_behalf_of]="  Migrant Rights Network (MRN) & partners "
F[cosignatories]=$'Group A; Group “B”\nRéseau C — <Comité> & O\'Brien\n\nLast line'
send
eq "cosignatories/on_behalf_of: 303" "$CODE" 303
eq "on_behalf_of stored as sent" "$(q "SELECT on_behalf_of || '|' || (behalf_org_id IS NULL) FROM statement WHERE title = 'Stored as sent'")" \
    "Migrant Rights Network (MRN) & partners|1"
eq "cosignatories stored as sent" "$(q "SELECT cosignatories FROM statement WHERE title = 'Stored as sent'")" \
    "${F[cosignatories]}"
eq "cosignatories and on_behalf_of in the first revision" \
    "$(q "SELECT r.on_behalf_of || '|' || r.cosignatories FROM revision r JOIN statement s ON s.id = r.statement_id WHERE s.title = 'Stored as sent'")" \
    "Migrant Rights Network (MRN) & partners|${F[cosignatories]}"
# "On behalf of" naming a known organisation is linked to it.
fields_reset; F[kind]=collective; F[title]="On behalf of ACME"; F[on_behalf_of]=acme
send
eq "on_behalf_of a known organisation" "$(q "SELECT s.on_behalf_of || '|' || o.slug FROM statement s JOIN organisation o ON o.id = s.behalf_org_id WHERE s.title = 'On behalf of ACME'")" \
    "ACME Coalition|acme"

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

# Text pasted from a PDF or slides: a page break (form feed) becomes a new
# line, other invisible controls (ESC, DEL, a C1 NEL) go; nothing is lost.
fields_reset; F[title]="Pasted from a PDF"
F[body]=$'Page one ends.Page two [1mbold starts.'
send
eq "pasted control characters: 303" "$CODE" 303
eq "pasted control characters: the text kept, tidied" \
    "$(q "SELECT source FROM statement WHERE title = 'Pasted from a PDF'")" $'Page one ends.\nPage two [1mbold starts.'
# The limit is in characters: 100,000 two-byte characters are fine.
head -c 100000 /dev/zero | tr '\0' 'e' | sed 's/e/é/g' > "$T_DIR/wide.txt"
fields_reset; unset 'F[body]'; F[action]=preview
send -F "body=<$T_DIR/wide.txt"
eq "100,000 characters of 2 bytes: accepted (preview)" "$CODE" 200

# ---- characters that stack, hide or reorder text -------------------------------
# One letter with 99,000 combining accents (U+0301) fits under the body
# limit and took a browser most of a minute to lay out: more than 30 in a
# row are refused, by name, with the text kept.
python3 -c 'import sys; sys.stdout.write("a" + "\u0301" * 99000)' > "$T_DIR/marks.txt"
fields_reset; F[title]="Stacked accents"; unset 'F[body]'
n0=$(count); send -F "body=<$T_DIR/marks.txt"
eq "99,000 marks on a letter: 422" "$CODE" 422
has "99,000 marks: message" "$BODY" "The statement has a letter with more than 30 accents or marks in a row"
has "99,000 marks: linked" "$BODY" 'href="#body"'
eq "99,000 marks: text kept" "$(textarea body)" "$(cat "$T_DIR/marks.txt")"
eq "99,000 marks: nothing stored" "$(count)" "$n0"
a30=$(python3 -c 'import sys; sys.stdout.write("e" + "\u0301" * 30)')
fields_reset; F[title]="Title ${a30}x"; F[speaker]="Ana ${a30}"; send
eq "30 marks in a row (the most): 303" "$CODE" 303
fields_reset; F[speaker]="Ana ${a30}"$'\u0301'; send
eq "31 marks in the speaker: 422" "$CODE" 422
has "31 marks in the speaker: message" "$BODY" "The speaker&#39;s name has a letter with more than 30 accents or marks in a row"
has "31 marks in the speaker: linked" "$BODY" 'href="#speaker"'
# Real text in right-to-left scripts, with its marks and joiners, passes.
fields_reset; F[title]="Right to left"; F[speaker]="ليلى حداد"
F[speaker_role]="מנהלת המכון"; F[organisation]="مركز الحقوق"
F[on_behalf_of]="می‌خواهم"; F[kind]=collective; F[language]=ar
F[body]="مُحَمَّد قال: שָׁלוֹם"; send
eq "Arabic, Hebrew and Persian (ZWNJ) names: 303" "$CODE" 303
eq "Arabic, Hebrew and Persian names: stored as sent" \
    "$(q "SELECT speaker || '|' || speaker_role || '|' || org_name || '|' || on_behalf_of FROM statement WHERE title = 'Right to left'")" \
    "ليلى حداد|מנהלת המכון|مركز الحقوق|می‌خواهم"
# A right-to-left override (U+202E) in the speaker would reverse the
# organisation that follows it in the byline: refused, by name.
fields_reset; F[speaker]=$'Leila \u202eRights Centre'; send
eq "RLO in the speaker: 422" "$CODE" 422
has "RLO in the speaker: message" "$BODY" "The speaker&#39;s name contains a text direction control (such as a right-to-left override) that is not closed"
has "RLO in the speaker: linked" "$BODY" 'href="#speaker"'
has "RLO in the speaker: kept" "$BODY" $'value="Leila \u202eRights Centre"'
fields_reset; F[speaker]=$'Leila \u2069'; send
eq "a stray PDI in the speaker: 422" "$CODE" 422
fields_reset; F[title]="Balanced isolate"; F[speaker]=$'Leila \u2067حداد\u2069 (RLI…PDI)'; send
eq "balanced RLI…PDI: 303" "$CODE" 303
fields_reset; F[organisation]=$'ACME\u200bCoalition'; send
eq "ZWSP in the organisation: 422" "$CODE" 422
has "ZWSP in the organisation: message" "$BODY" "The organisation contains an invisible character (such as a zero-width space)"
has "ZWSP in the organisation: linked" "$BODY" 'href="#organisation"'
for c in '\u2060' '\ufeff' '\u202e'; do
	fields_reset; F[title]=$(printf "A title$c"); F[submitter_name]="Ana"; send
	eq "title with $c: 422" "$CODE" 422
	has "title with $c: linked" "$BODY" 'href="#title"'
	fields_reset; F[submitter_name]=$(printf "Ana$c"); send
	eq "your name with $c: 422" "$CODE" 422
	has "your name with $c: linked" "$BODY" 'href="#submitter_name"'
done
fields_reset; F[cosignatories]=$'Group A\n\u202eGroup B'; send
eq "RLO in the co-signatories: 422" "$CODE" 422
has "RLO in the co-signatories: linked" "$BODY" 'href="#cosignatories"'
# Published at once (a trusted submitter), every value in the byline is
# isolated from its neighbours: <bdi>.
q "INSERT INTO trusted (kind, value, added_by, created) VALUES ('email', 'leila@example.org', 'test', '2024-01-01T00:00:00Z')"
fields_reset; F[title]="Trusted right to left"; F[speaker]="ليلى حداد"
F[speaker_role]="מנהלת"; F[organisation]="مركز الحقوق"; F[kind]=collective
F[on_behalf_of]="Youth Caucus"; F[cosignatories]="Group A"
F[submitter_email]=leila@example.org; send
eq "trusted: 303" "$CODE" 303
TPUB=$(q "SELECT public_id FROM statement WHERE title = 'Trusted right to left' AND state = 'approved'")
req "$BASE/fragment/statement/$TPUB"
eq "trusted: fragment 200" "$CODE" 200
has "byline: speaker isolated" "$BODY" '<span class="dais-speaker"><bdi>ليلى حداد</bdi></span>'
has "byline: role isolated" "$BODY" '<span class="dais-role"><bdi>מנהלת</bdi></span>'
has "byline: organisation isolated" "$BODY" '<span class="dais-org"><bdi>مركز الحقوق</bdi></span>'
has "byline: on behalf of isolated" "$BODY" 'on behalf of <bdi>Youth Caucus</bdi></span>'
has "byline: co-signatories isolated" "$BODY" 'Co-signed by: <bdi>Group A</bdi>'
has "byline: session isolated" "$BODY" '<span class="dais-session"><bdi>Opening plenary</bdi></span>'
req "$BASE/s/$TPUB"
has "public page: speaker isolated" "$BODY" '<span class="dais-speaker"><bdi>ليلى حداد</bdi></span>'

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
fields_reset; F[title]="A word in the body"
F[body]=$'First paragraph.\n\nThe new Casino of the city, in the second paragraph.'
send
eq "hold word in body: 303" "$CODE" 303
eq "hold word in body: held" "$(q "SELECT state || '|' || hold_reason FROM statement WHERE title = 'A word in the body'")" \
    "pending|contains “casino”"
fields_reset; F[title]="No listed word"; F[body]="Nothing listed in this text."
send
eq "no hold word: not held" "$(q "SELECT state || '|' || hold_reason FROM statement WHERE title = 'No listed word'")" "pending|"
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

# Word and OpenDocument files, made here: told apart by their ZIP entries.
python3 - "$T_DIR" <<'EOF'
import sys, zipfile
S, D = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
def z(name, entries):
    with zipfile.ZipFile(sys.argv[1] + "/" + name, "w") as f:
        for n, data, c in entries:
            f.writestr(zipfile.ZipInfo(n, (2024, 5, 21, 12, 0, 0)), data,
                       compress_type=c)
types = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org'
         '/package/2006/content-types"/>')
ooxml = [("[Content_Types].xml", types, D), ("_rels/.rels", "<Relationships/>", D)]
z("statement.docx", ooxml + [("word/document.xml", "<w:document><w:body><w:p>"
  "<w:r><w:t>Mr. Chair</w:t></w:r></w:p></w:body></w:document>", D)])
z("book.xlsx", ooxml + [("xl/workbook.xml", "<workbook><sheets/></workbook>", D)])
def odf(kind, c=S):
    return [("mimetype", "application/vnd.oasis.opendocument." + kind, c),
            ("content.xml", "<office:document-content/>", D),
            ("META-INF/manifest.xml", "<manifest:manifest/>", D)]
z("statement.odt", odf("text"))
z("sheet.ods", odf("spreadsheet"))
z("packed.odt", odf("text", D))
z("template.ott", odf("text-template"))
z("bare.odt", [("mimetype", "application/vnd.oasis.opendocument.text", S)])
z("macros.docm", ooxml + [("word/document.xml", "<w:document/>", D),
  ("word/vbaProject.bin", "VBA", D)])
# Not office documents, though the text "word/" is in them: a JAR with a
# stored file that mentions word/document.xml; a workbook whose stored
# shared strings say "password/".
z("app.jar", [("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", D),
              ("notes.txt", "See word/document.xml in the spec.\n", S)])
z("strings.xlsx", ooxml + [("xl/workbook.xml", "<workbook/>", D),
  ("xl/sharedStrings.xml", "<sst><si><t>Reset password/PIN</t></si></sst>", S)])
EOF
req "$BASE/login"
ltok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -1)
req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode user=mod \
    --data-urlencode password=mod-password-1 --data-urlencode "csrf=$ltok"
MCOOKIE=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | head -1 |
    sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
check "moderator signed in" [ -n "$MCOOKIE" ]
DOCX_TYPE=application/vnd.openxmlformats-officedocument.wordprocessingml.document
ODT_TYPE=application/vnd.oasis.opendocument.text
for f in "statement.docx $DOCX_TYPE" "statement.odt $ODT_TYPE"; do
	read -r name type <<<"$f"
	fields_reset; F[title]="With $name"
	send -F "attachment=@$T_DIR/$name;type=application/octet-stream"
	eq "$name: 303" "$CODE" 303
	eq "$name: stored with its type" \
	    "$(q "SELECT a.filename, a.ctype, a.size, a.sha256 FROM attachment a JOIN statement s ON s.id = a.statement_id WHERE s.title = 'With $name'")" \
	    "$name|$type|$(wc -c < "$T_DIR/$name" | tr -d ' ')|$(sha256sum "$T_DIR/$name" | cut -d' ' -f1)"
	pub=$(q "SELECT public_id FROM statement WHERE title = 'With $name'")
	req "$BASE/moderate/$pub" -H "Cookie: dais_session=$MCOOKIE"
	has "$name: review page links it" "$BODY" "href=\"/statements/moderate/$pub/attachment\" download>$name</a>"
	curl -s -D "$T_DIR/headers" -o "$T_DIR/back.$name" \
	    -H "Cookie: dais_session=$MCOOKIE" "$BASE/moderate/$pub/attachment"
	check "$name: downloaded bytes equal" cmp -s "$T_DIR/$name" "$T_DIR/back.$name"
	eq "$name: downloaded with its type" "$(header Content-Type)" "$type"
	has "$name: downloaded as a file" "$(header Content-Disposition)" "attachment;"
	has "$name: saved under its own name" "$(header Content-Disposition)" "filename*=UTF-8''$name"
done
# A file's name is typed by anyone: invalid UTF-8 becomes U+FFFD, control
# (C0, C1), zero-width and bidi characters go, and so does a path; the
# download names it with RFC 6266/5987's filename*.
badname=$(printf 'C:/fakepath/Bad\xff\xfe name\xc2\x85 cv\xe2\x80\xaefdp\xe2\x80\x8b.pdf')
fields_reset; F[title]="With a hostile file name"
send -F "attachment=@$T_DIR/doc.pdf;type=application/pdf;filename=$badname"
eq "hostile file name: 303" "$CODE" 303
stored=$(q "SELECT hex(a.filename) FROM attachment a JOIN statement s ON s.id = a.statement_id WHERE s.title = 'With a hostile file name'")
eq "hostile file name: stored tidied" "$stored" "$(printf 'Bad\xef\xbf\xbd\xef\xbf\xbd name cvfdp.pdf' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
pub=$(q "SELECT public_id FROM statement WHERE title = 'With a hostile file name'")
# A row stored before names were tidied is tidied on the way out too.
q "UPDATE attachment SET filename = CAST(X'4F6C64C28520E280AE6E616D65FF2E706466' AS TEXT) WHERE statement_id = (SELECT id FROM statement WHERE public_id = '$pub')"
req "$BASE/moderate/$pub" -H "Cookie: dais_session=$MCOOKIE"
check "old hostile name: the review page is valid UTF-8" bash -c 'iconv -f UTF-8 -t UTF-8 "$1" >/dev/null' _ "$T_DIR/body"
has "old hostile name: shown tidied" "$BODY" "download>Old name�.pdf</a>"
curl -s -D "$T_DIR/headers" -o /dev/null -H "Cookie: dais_session=$MCOOKIE" "$BASE/moderate/$pub/attachment"
eq "old hostile name: Content-Disposition per RFC 6266" "$(header Content-Disposition)" \
    "attachment; filename=\"statement-$pub.pdf\"; filename*=UTF-8''Old%20name%EF%BF%BD.pdf"
# zip_kind reads the bytes, not the name: an ODT called .docx is an ODT.
cp "$T_DIR/statement.odt" "$T_DIR/misnamed.docx"
fields_reset; F[title]="With misnamed.docx"
send -F "attachment=@$T_DIR/misnamed.docx;type=$DOCX_TYPE"
eq "ODT named .docx: 303" "$CODE" 303
eq "ODT named .docx: stored as ODT" "$(q "SELECT a.ctype FROM attachment a JOIN statement s ON s.id = a.statement_id WHERE s.title = 'With misnamed.docx'")" "$ODT_TYPE"
pub=$(q "SELECT public_id FROM statement WHERE title = 'With misnamed.docx'")
curl -s -D "$T_DIR/headers" -o /dev/null -H "Cookie: dais_session=$MCOOKIE" "$BASE/moderate/$pub/attachment"
has "ODT named .docx: downloads as .odt" "$(header Content-Disposition)" "filename=\"statement-$pub.odt\"; filename*=UTF-8''misnamed.odt"
# Other ZIPs are refused with the form kept, among them two where "word/"
# is only in a file's text, not an entry's name (zip_kind reads the
# central directory).
for f in book.xlsx sheet.ods "packed.odt (mimetype compressed)" \
    "template.ott (an ODF text template)" "bare.odt (no content.xml)" \
    "macros.docm (a Word document with macros)" \
    "app.jar (word/document.xml in a file's text)" \
    "strings.xlsx (password/ in a stored entry)"; do
	file=${f%% *}; na=$(q "SELECT count(*) FROM attachment"); n0=$(count)
	fields_reset; F[title]="With $file"
	send -F "attachment=@$T_DIR/$file;type=$DOCX_TYPE"
	eq "$f: 422" "$CODE" 422
	has "$f: message" "$BODY" "The file must be a PDF, a Word document (DOCX) or an OpenDocument text (ODT)"
	has "$f: linked" "$BODY" 'href="#attachment"'
	has "$f: choose again" "$BODY" "choose the file again"
	has "$f: title kept" "$BODY" "value=\"With $file\""
	eq "$f: body kept" "$(textarea body)" "$(printf '%s' "${F[body]}" | html_esc)"
	eq "$f: nothing stored" "$(q "SELECT count(*) FROM attachment")|$(count)" "$na|$n0"
done

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
has "correction preview: says it is not saved" "$BODY" "Not saved yet"
# "Your statement" is what is saved; the typed title only in the preview
yours=$(printf '%s' "$BODY" | sed -n '/<h2>Your statement<\/h2>/,/id="correct"/p')
has "correction preview: Your statement shows the saved title" "$yours" "Statement on regular pathways"
hasnt "correction preview: ... not the unsaved one" "$yours" "Corrected title"
has "correction preview: the preview shows the unsaved title" "$(printf '%s' "$BODY" | sed -n '/id="preview-heading"/,/<\/section>/p')" "Corrected title"
has "correction preview: the Preview button lands on the preview" "$BODY" 'formaction="/statements/status/'"$TOK"'#preview-heading"'
status_fields; S[title]=""; spost
hasnt "correction problem: Your statement is not the unsaved one" "$(printf '%s' "$BODY" | sed -n '/<h2>Your statement<\/h2>/,/id="correct"/p')" '<h3 class="dais-statement-title"></h3>'
has "correction problem: Your statement shows the saved title" "$(printf '%s' "$BODY" | sed -n '/<h2>Your statement<\/h2>/,/id="correct"/p')" "Statement on regular pathways"
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
status_fields; S[action]=withdraw; S[rev]=2; spost
eq "withdraw without confirm: asks first (200)" "$CODE" 200
has "withdraw without confirm: Are you sure?" "$BODY" "Are you sure?"
eq "withdraw without confirm: not withdrawn" "$(q "SELECT state FROM statement WHERE id = $SID")" pending
status_fields; S[action]=withdraw; S[rev]=1; S[confirm]=1; spost
eq "withdraw on a stale rev: 409" "$CODE" 409
status_fields; S[action]=withdraw; S[rev]=2; S[confirm]=1; spost
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
status_fields; S[action]=withdraw; S[rev]=$WREV; S[csrf]=$SCSRF; S[confirm]=1; spost
eq "withdraw again: 409" "$CODE" 409
eq "still withdrawn, rev unchanged" "$(q "SELECT state || ' ' || rev FROM statement WHERE id = $SID")" "withdrawn $WREV"

# ---- correcting a statement whose event closed meanwhile ----------------------
# The form lists the sessions of the statement's own event, open or closed:
# a correction sent with the form's values keeps the session.
"$DAIS" event add forum24 --title "Forum 2024" --starts 2024-09-10 >/dev/null &&
"$DAIS" session add forum24 plenary --title "Forum plenary" >/dev/null &&
"$DAIS" session add forum24 side --title "Forum side event" >/dev/null ||
    fail "CLI: forum24"
fields_reset; F[event]=forum24; F[session]=side; F[title]="Before the close"
send
eq "closing: sent, 303" "$CODE" 303
CTOK=$(loc_token)
CSID=$(q "SELECT id FROM statement WHERE title = 'Before the close'")
SESS=$(q "SELECT session_id FROM statement WHERE id = $CSID")
eq "closing: session stored" "$(q "SELECT slug FROM session WHERE id = $SESS")" side
"$DAIS" event close forum24 || fail "dais event close"
eq "closing: event closed" "$(q "SELECT open FROM event WHERE slug = 'forum24'")" 0
req "$BASE/submit"
hasnt "closing: the closed event is off the public form" "$BODY" "Forum 2024"
req "$BASE/status/$CTOK"
eq "closing: status page 200" "$CODE" 200
has "closing: the event's sessions offered" "$BODY" '<optgroup label="Forum 2024">'
has "closing: the session selected" "$BODY" '<option value="side" selected>Forum side event</option>'
body=$(form_values 1 title="Corrected after the close" action=save)
has "closing: the form sends the session" "$body" "session=side&"
req "$BASE/status/$CTOK" -H "Origin: $ORIGIN" --data-binary "$body" \
    -H 'Content-Type: application/x-www-form-urlencoded'
eq "closing: correction 303" "$CODE" 303
eq "closing: correction saved" "$(q "SELECT title || '|' || rev FROM statement WHERE id = $CSID")" "Corrected after the close|2"
eq "closing: session_id unchanged" "$(q "SELECT session_id FROM statement WHERE id = $CSID")" "$SESS"
eq "closing: the other fields unchanged" "$(q "SELECT speaker || '|' || org_name || '|' || kind || '|' || language || '|' || delivered || '|' || source FROM statement WHERE id = $CSID")" \
    "Ana Pérez|ACME Coalition|panel|en|2024-05-21|First paragraph of the statement.

Second paragraph."

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
# A person who waited, made a mistake and corrects it at once is not "too
# quick": the form that comes back keeps the time it was first served.
fields_reset; F[title]=""; F[csrf]=$EARLY_CSRF2; send
eq "timing: a mistake after waiting: 422" "$CODE" 422
has "timing: the mistake is named" "$BODY" "Enter a title for the statement"
hasnt "timing: not 'quickly'" "$BODY" "sent very quickly"
again=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -1)
eq "timing: the form keeps its first time" "${again%%.*}" "${EARLY_CSRF2%%.*}"
fields_reset; F[title]="Corrected at once"; F[csrf]=$again; send
eq "timing: corrected at once: 303" "$CODE" 303
hasnt "timing: corrected at once: not 'quickly'" "$BODY" "sent very quickly"

eq "still healthy" "$(status "$BASE/healthz")" 200
check "nginx logged no errors" bash -c '! grep -E "\[(error|crit|alert|emerg)\]" "$1"' _ "$T_DIR/nginx-error.log"
t_finish
