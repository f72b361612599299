#!/bin/bash
# settings.sh — the settings on /admin as a secretariat reads them, through
# a real nginx: grouped (one form and one Save per group, Advanced folded),
# plain labels, number inputs with the bounds the checks accept, selects
# for choices; a group saves only its own keys (every other setting
# unchanged, each change in the audit log), a bad value is a 422 with the
# message at its field and in the summary and what was typed kept, and a
# form without its token, with another group's key or a key only the
# server sets is refused. Then the event page's contents list: every
# statement once, in page order, each link's target on the page.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
printf 'correct horse battery\n' | "$DAIS" moderator add alice --role admin >/dev/null &&
printf 'correct horse battery\n' | "$DAIS" moderator add bob >/dev/null &&
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
"$DAIS" config set rate_submit_per_hour 0 >/dev/null &&
"$DAIS" event add dialogue --title "Migration dialogue" --starts 2024-05-21 --ends 2024-05-22 >/dev/null &&
"$DAIS" session add dialogue panel-1 --title "Panel one: labour" >/dev/null &&
"$DAIS" session add dialogue panel-2 --title "Panel two: return" >/dev/null &&
"$DAIS" event add single --title "Single statement event" --starts 2024-06-01 >/dev/null ||
    { fail "CLI set-up"; t_finish; exit 1; }
t_start_nginx || { t_finish; exit 1; }
t_start_dais || { t_finish; exit 1; }
ORIGIN=http://127.0.0.1:$PORT
q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
token_last() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | tail -1; }
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

# The settings' rows: every key and value stored.
settings_dump() { q "SELECT key || '=' || value FROM setting WHERE key NOT IN ('last_mount', 'renderer_version', 'sanitizer_version', 'secret_key') ORDER BY key"; }
# The token of GROUP's form on the admin page.
group_token() {
	curl -s -b "$ADMIN" "$BASE/admin" |
	    sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\"><input type=\"hidden\" name=\"group\" value=\"$1\".*/\1/p"
}
# save GROUP FIELD=VALUE...: the group's form sent with its token.
save() {
	local g=$1 a=() kv tok; shift
	tok=$(group_token "$g")
	for kv in "$@"; do a+=(--data-urlencode "$kv"); done
	req -b "$ADMIN" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
	    --data-urlencode "group=$g" "${a[@]}" "$BASE/admin/settings"
}

# ---- the page -------------------------------------------------------------------------
req -b "$ADMIN" "$BASE/admin"
eq "GET /admin: 200" "$CODE" 200
PAGE=$BODY
for g in "site:Site" "publishing:Publishing and embedding" "spam:Spam protection" \
    "sign-in:Sign-in and security" "mail:Mail" "privacy:Privacy" "advanced:Advanced"; do
	has "group ${g%%:*}: its heading" "$PAGE" "id=\"settings-${g%%:*}-title\">${g#*:}</h3>"
	eq "group ${g%%:*}: one form" "$(grep -c "name=\"group\" value=\"${g%%:*}\"" <<<"$PAGE")" 1
done
eq "seven Save buttons for the settings" "$(grep -c '<button class="button" type="submit">Save<span class="visually-hidden">' <<<"$PAGE")" 7
has "Advanced folded" "$PAGE" '<details class="settings-details"><summary class="settings-summary"><h3 class="settings-title" id="settings-advanced-title">Advanced</h3></summary>'
# The headings come in the order of settings.def's groups.
eq "groups in order" "$(grep -o 'id="settings-[a-z-]*-title"' <<<"$PAGE" | tr '\n' ' ')" \
    'id="settings-site-title" id="settings-publishing-title" id="settings-spam-title" id="settings-sign-in-title" id="settings-mail-title" id="settings-privacy-title" id="settings-advanced-title" '
has "a plain label, not the key" "$PAGE" '<label class="label" for="set-site_name">Site name</label>'
has "the key, small, after the hint" "$PAGE" '<span class="setting-key">site_name</span>'
has "a number input with the check's bounds" "$PAGE" 'id="set-hold_links" name="hold_links" type="number" inputmode="numeric" step="1" min="0" max="1000000" value="10"'
has "hours from 1 to 2160" "$PAGE" 'name="session_hours" type="number" inputmode="numeric" step="1" min="1" max="2160" value="12"'
has "a select for the language" "$PAGE" '<select class="select" id="set-default_language" name="default_language"'
has "the language's option in itself" "$PAGE" '<option value="fr" lang="fr">Français</option>'
has "the current language selected" "$PAGE" '<option value="en" lang="en" selected>English</option>'
has "a select for the database mode" "$PAGE" '<option value="full" selected>Full (safest)</option><option value="normal">Normal (faster)</option>'
has "several lines for the privacy notice" "$PAGE" '<textarea class="textarea textarea-short" id="set-privacy_notice" name="privacy_notice"'
has "a server-only on/off shown as Off" "$PAGE" 'Off · Set with <code>dais config set trust_remote_user VALUE</code>'
hasnt "no control for a server-only setting" "$PAGE" 'name="trust_remote_user"'
hasnt "no control for mail_command" "$PAGE" 'name="mail_command"'
# An on/off setting reads On once set so on the server.
"$DAIS" config set trust_remote_user on >/dev/null
req -b "$ADMIN" "$BASE/admin"
has "a server-only on/off shown as On" "$BODY" 'On · Set with <code>dais config set trust_remote_user VALUE</code>'
"$DAIS" config set trust_remote_user off >/dev/null
# Every setting of settings.def is on the page, in one group.
for k in $(sed -n 's/^SETTING(\([a-z_0-9]*\),.*/\1/p' "$top_srcdir/cgi/settings.def"); do
	eq "setting $k shown once" "$(grep -c "id=\"set-$k\"" <<<"$PAGE")" 1
done

# The bounds of every number setting are the ones its check accepts.
SCRATCH=$T_DIR/scratch.db
"$DAIS" --db "$SCRATCH" init >/dev/null 2>&1
sed -n '/^SETTING(/{s/^SETTING(\([a-z_0-9]*\),.*/\1/;h;};/T_NUMBER([0-9]/{s/.*T_NUMBER(\([0-9]*\), \([0-9]*\)).*/\1 \2/;H;x;s/\n/ /p;}' \
    "$top_srcdir/cgi/settings.def" > "$T_DIR/numbers"
check "number settings found" [ "$(wc -l < "$T_DIR/numbers")" -ge 20 ]
while read -r k lo hi; do
	"$DAIS" --db "$SCRATCH" config set "$k" "$lo" >/dev/null 2>&1; eq "$k: its min $lo accepted" $? 0
	"$DAIS" --db "$SCRATCH" config set "$k" "$hi" >/dev/null 2>&1; eq "$k: its max $hi accepted" $? 0
	"$DAIS" --db "$SCRATCH" config set "$k" "$((lo - 1))" >/dev/null 2>&1; check "$k: below its min refused" [ $? -ne 0 ]
	"$DAIS" --db "$SCRATCH" config set "$k" "$((hi + 1))" >/dev/null 2>&1; check "$k: above its max refused" [ $? -ne 0 ]
	has "$k: the page's bounds" "$PAGE" "name=\"$k\" type=\"number\" inputmode=\"numeric\" step=\"1\" min=\"$lo\" max=\"$hi\""
done < "$T_DIR/numbers"

# ---- a group saves its own keys --------------------------------------------------------
before=$(settings_dump | grep -v -e '^hold_links=' -e '^hold_words=')
audit_before=$(q "SELECT count(*) FROM audit")
save spam hold_links=3 "hold_words=casino, lottery" rate_submit_per_hour=0 \
    submit_min_seconds=0 submit_max_hours=72 rate_receipt_per_hour=5
eq "save spam: 303" "$CODE" 303
eq "save spam: back to its group, saved" "$(header Location)" "/statements/admin?saved=spam#settings-spam"
eq "hold_links saved" "$(q "SELECT value FROM setting WHERE key = 'hold_links'")" 3
eq "hold_words saved" "$(q "SELECT value FROM setting WHERE key = 'hold_words'")" "casino, lottery"
eq "every other setting unchanged" "$(settings_dump | grep -v -e '^hold_links=' -e '^hold_words=')" "$before"
eq "unchanged defaults not stored" "$(q "SELECT count(*) FROM setting WHERE key IN ('submit_max_hours', 'rate_receipt_per_hour')")" 0
eq "two audit entries, one per change" "$(( $(q "SELECT count(*) FROM audit") - audit_before ))" 2
eq "the audit entry names key and value" "$(q "SELECT detail FROM audit WHERE action = 'admin setting' ORDER BY id DESC LIMIT 1")" "hold_words = casino, lottery"
req -b "$ADMIN" "$BASE/admin?saved=spam"
has "saved: said in its group" "$BODY" '<p class="notice" role="status">Saved: Spam protection.</p>'
has "saved: the new value shown" "$BODY" 'name="hold_links" type="number" inputmode="numeric" step="1" min="0" max="1000000" value="3"'
eq "one notice" "$(grep -c 'role="status">Saved:' <<<"$BODY")" 1

# A field left out of the form stays as it is.
save spam hold_links=4
eq "a field alone: 303" "$CODE" 303
eq "a field alone: saved" "$(q "SELECT value FROM setting WHERE key = 'hold_links'")" 4
eq "a field alone: the others kept" "$(q "SELECT value FROM setting WHERE key = 'hold_words'")" "casino, lottery"

# ---- refused values --------------------------------------------------------------------
before=$(settings_dump)
save spam hold_links=abc "hold_words=fine words" submit_max_hours=-5 rate_receipt_per_hour=2
eq "bad numbers: 422" "$CODE" 422
eq "bad numbers: nothing saved" "$(settings_dump)" "$before"
has "bad numbers: the summary links to the field" "$BODY" '<li><a href="#set-hold_links">“Hold for review a statement with more links than” must be a whole number from 0 to 1000000</a></li>'
has "bad numbers: every problem at once" "$BODY" '<li><a href="#set-submit_max_hours">“Hours a form stays valid” must be a whole number from 0 to 1000000</a></li>'
has "bad numbers: the message at the field" "$BODY" '<p class="error-message" id="set-hold_links-error"><span class="visually-hidden">Error:</span> “Hold for review a statement with more links than” must be a whole number from 0 to 1000000</p>'
has "bad numbers: the field marked" "$BODY" 'value="abc" aria-describedby="set-hold_links-hint set-hold_links-error"'
has "bad numbers: the other typed value kept" "$BODY" 'name="hold_words" type="text" spellcheck="false" value="fine words"'
has "bad numbers: the good number kept" "$BODY" 'name="rate_receipt_per_hour" type="number" inputmode="numeric" step="1" min="0" max="1000000" value="2"'
has "bad numbers: another group shows what is set" "$BODY" 'name="session_hours" type="number" inputmode="numeric" step="1" min="1" max="2160" value="12"'
eq "bad numbers: errors only in their group" "$(grep -c 'class="error-message"' <<<"$BODY")" 2
hasnt "bad numbers: no saved notice" "$BODY" 'Saved:'

save site "site_name=Two
lines" base_url=example.org default_language=en time_zone=UTC
eq "site: line break and bad URL: 422" "$CODE" 422
has "site: the line break at its field" "$BODY" '“Site name” must be one line of UTF-8 text'
has "site: the URL at its field" "$BODY" '<p class="error-message" id="set-base_url-error"><span class="visually-hidden">Error:</span> “Public address of dais” must start with https:// or http://</p>'
has "site: what was typed kept" "$BODY" 'value="example.org"'
eq "site: nothing saved" "$(settings_dump)" "$before"

save advanced trusted_proxies=banana db_synchronous=full
eq "advanced: 422" "$CODE" 422
has "advanced: opened to show its error" "$BODY" '<details class="settings-details" open>'
has "advanced: the message" "$BODY" 'id="set-trusted_proxies-error"'
save advanced db_synchronous=sometimes
eq "a value not among the choices: 422" "$CODE" 422
has "a value not among the choices: message" "$BODY" '“Database write safety” must be full or normal'

# A choice saved; a saved site name renders again.
save site "site_name=Coalition statements" base_url= default_language=fr time_zone=Europe/Paris
eq "site saved: 303" "$CODE" 303
eq "default_language saved" "$(q "SELECT value FROM setting WHERE key = 'default_language'")" fr
eq "time_zone saved" "$(q "SELECT value FROM setting WHERE key = 'time_zone'")" Europe/Paris
eq "site_name saved" "$(q "SELECT value FROM setting WHERE key = 'site_name'")" "Coalition statements"
save site default_language=en
eq "language back: 303" "$CODE" 303

# ---- refused forms ---------------------------------------------------------------------
before=$(settings_dump)
save spam site_name=Elsewhere
eq "another group's key: 400" "$CODE" 400
has "another group's key: says so" "$BODY" "The form sent the setting site_name, which belongs to another group"
save sign-in trust_remote_user=on session_hours=12
eq "a server-only key: 403" "$CODE" 403
has "a server-only key: where it is set" "$BODY" "dais config set trust_remote_user VALUE"
save mail "mail_command=/bin/sh -c id"
eq "mail_command: 403" "$CODE" 403
req -b "$ADMIN" -H "Origin: $ORIGIN" --data-urlencode "csrf=$(group_token spam)" \
    --data-urlencode group=nosuch --data-urlencode hold_links=1 "$BASE/admin/settings"
eq "an unknown group: 400" "$CODE" 400
has "an unknown group: says so" "$BODY" "The form did not say which group of settings to save"
req -b "$ADMIN" -H "Origin: $ORIGIN" --data-urlencode group=spam --data-urlencode hold_links=1 "$BASE/admin/settings"
eq "no token: 403" "$CODE" 403
req -b "$ADMIN" -H "Origin: http://evil.example" --data-urlencode "csrf=$(group_token spam)" \
    --data-urlencode group=spam --data-urlencode hold_links=1 "$BASE/admin/settings"
eq "foreign Origin: 403" "$CODE" 403
req -b "$ADMIN" -H "Origin: $ORIGIN" --data-urlencode "csrf=$(group_token spam)" \
    --data-urlencode group=spam --data-urlencode hold_links=1 --data-urlencode nosuch=1 "$BASE/admin/settings"
eq "an unknown field: 400" "$CODE" 400
tok=$(curl -s -b "$MOD" "$BASE/moderate" | token_last)
req -b "$MOD" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode group=spam --data-urlencode hold_links=1 "$BASE/admin/settings"
eq "a moderator: 403" "$CODE" 403
eq "refused forms: nothing saved" "$(settings_dump)" "$before"
req -b "$ADMIN" -H "Origin: $ORIGIN" --data-urlencode "csrf=$(group_token spam)" \
    --data-urlencode do=setting --data-urlencode key=hold_links --data-urlencode value=1 "$BASE/admin"
eq "the one-setting form of before: gone (400)" "$CODE" 400
req -b "$ADMIN" "$BASE/admin?other=1"
eq "GET /admin with an unknown parameter: 400" "$CODE" 400

# ---- the event page's contents ---------------------------------------------------------
# submit EVENT SESSION TITLE: prints the public id.
submit() {
	local tok code
	tok=$(curl -s "$BASE/submit" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $ORIGIN" \
	    --data-urlencode "csrf=$tok" --data-urlencode "event=$1" \
	    --data-urlencode "session=$2" --data-urlencode "title=$3" \
	    --data-urlencode "speaker=Speaker" --data-urlencode "organisation=Org" \
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
for t in "panel-2|Return in dignity" "panel-1|Decent work for all" \
    "|Opening remarks <of the coalition>" "panel-1|Labour mobility"; do
	approve "$(submit dialogue "${t%%|*}" "${t#*|}")"
done
approve "$(submit single "" "The only statement")"

req "$BASE/e/dialogue"
eq "event page: 200" "$CODE" 200
EV=$BODY
nav=$(sed -n '/<nav class="event-contents"/,/<\/nav>/p' <<<"$EV")
check "a contents list" [ -n "$nav" ]
has "its heading" "$nav" '<h2 class="event-contents-title" id="contents-title">In this event</h2>'
has "before the statements" "${EV%%<h2 id=\"statements\">*}" '<nav class="event-contents"'
links=$(grep -o 'href="#[^"]*"' <<<"$nav" | sed 's/href="#//; s/"$//')
eq "a link per session and per statement" "$(wc -l <<<"$links")" 6
articles=$(grep -o '<article class="dais-statement" id="[^"]*"' <<<"$EV" | sed 's/.*id="//; s/"$//')
eq "four statements on the page" "$(wc -l <<<"$articles")" 4
eq "every statement listed once, in page order" "$(grep '^dais-' <<<"$links")" "$articles"
for id in $links; do
	eq "target #$id on the page once" "$(grep -o "id=\"$id\"" <<<"$EV" | wc -l)" 1
done
# Page order: the targets (headings and articles) appear in the order of
# the links.
targets=$(grep -o 'id="\(session-[^"]*\|dais-[^"]*\)"' <<<"$EV" | sed 's/id="//; s/"$//')
eq "links in page order" "$links" "$targets"
eq "sessions as they are ordered" "$(grep '^session-' <<<"$links" | tr '\n' ' ')" "session-panel-1 session-panel-2 "
has "a session heading with its id" "$EV" '<h2 class="dais-group-title" id="session-panel-1">Panel one: labour</h2>'
has "a session in the list" "$nav" '<li><a href="#session-panel-1"><bdi>Panel one: labour</bdi></a>'
has "a title escaped" "$nav" '<bdi>Opening remarks &lt;of the coalition&gt;</bdi></a></li>'
req "$BASE/e/single"
eq "one statement: 200" "$CODE" 200
hasnt "one statement: no contents list" "$BODY" 'event-contents'
has "one statement: its statement shown" "$BODY" 'The only statement'
frag=$(curl -s "$BASE/fragment/event/dialogue")
has "the fragment: its headings" "$frag" '<h2 class="dais-group-title">Panel one: labour</h2>'
hasnt "the fragment: no session ids (fragments unchanged)" "$frag" 'id="session-'
req "$BASE/e/dialogue?lang=fr"
has "in a display language too" "$BODY" '<nav class="event-contents"'

# ---- changed meanwhile: a group's Save never puts back what someone else set
page=$(curl -s -b "$ADMIN" "$BASE/admin")
tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)"><input type="hidden" name="group" value="spam".*/\1/p' <<<"$page")
seen=$(sed -n 's/.*name="group" value="spam"><input type="hidden" name="seen" value="\([0-9a-f]*\)".*/\1/p' <<<"$page")
check "the form carries its group's fingerprint" grep -qxE '[0-9a-f]{32}' <<<"$seen"
links0=$(q "SELECT value FROM setting WHERE key = 'hold_links'")
"$DAIS" config set hold_words "changed meanwhile" >/dev/null
req -b "$ADMIN" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode group=spam \
    --data-urlencode "seen=$seen" --data-urlencode hold_links=7 --data-urlencode "hold_words=casino" \
    "$BASE/admin/settings"
eq "changed meanwhile: 409" "$CODE" 409
has "changed meanwhile: said" "$BODY" "Someone changed these settings after you opened this page, so nothing was saved."
has "changed meanwhile: what was typed kept" "$BODY" 'value="7"'
eq "changed meanwhile: the other change kept" "$(q "SELECT value FROM setting WHERE key = 'hold_words'")" "changed meanwhile"
eq "changed meanwhile: nothing of the form stored" "$(q "SELECT value FROM setting WHERE key = 'hold_links'")" "$links0"
seen2=$(sed -n 's/.*name="group" value="spam"><input type="hidden" name="seen" value="\([0-9a-f]*\)".*/\1/p' <<<"$BODY")
check "changed meanwhile: the form comes back with the current fingerprint" [ -n "$seen2" ] && [ "$seen2" != "$seen" ]
tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)"><input type="hidden" name="group" value="spam".*/\1/p' <<<"$BODY")
req -b "$ADMIN" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" --data-urlencode group=spam \
    --data-urlencode "seen=$seen2" --data-urlencode hold_links=7 --data-urlencode "hold_words=casino" \
    "$BASE/admin/settings"
eq "saved again knowingly: 303" "$CODE" 303
eq "saved again knowingly: stored" "$(q "SELECT value FROM setting WHERE key = 'hold_links'")" 7

t_finish
