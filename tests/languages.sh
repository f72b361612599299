#!/bin/bash
# languages.sh — the interface language through a real nginx: ?lang= over
# the cookie over Accept-Language over default_language; <html lang dir>,
# the switcher and hreflang links; Content-Language, Vary and the cookie;
# pages whose forms are strict still take ?lang=; fragments, feeds and
# frames follow only ?lang= (the host page's language); error pages and
# moderation pages in each language; a moderator's language is kept when
# they sign in.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
t_up || { t_finish; exit 1; }
ORIGIN="http://127.0.0.1:$PORT"
Q() { sqlite3 "$DAIS_DB" "$@"; }
req() {
	CODE=$(curl -s -H 'Expect:' -D "$T_DIR/headers" -o "$T_DIR/body" \
	    -w '%{http_code}' "$@")
	BODY=$(cat "$T_DIR/body")
}
html_lang() { grep -o '<html lang="[^"]*" dir="[^"]*">' "$T_DIR/body" | head -1; }
h1() { grep -o '<h1[^>]*>[^<]*' "$T_DIR/body" | head -1 | sed 's/<h1[^>]*>//'; }

# ---- choosing ---------------------------------------------------------------
req "$BASE/submit"
eq "no preference: English" "$(html_lang)" '<html lang="en" dir="ltr">'
eq "  Content-Language" "$(header Content-Language)" en
eq "  Vary: the page depends on the reader's headers" "$(header Vary)" "Accept-Language, Cookie"
eq "  no cookie set" "$(grep -ci '^Set-Cookie: dais_lang' "$T_DIR/headers")" 0
en_h1=$(h1)
eq "  the English heading" "$en_h1" "Submit a statement"

req "$BASE/submit" -H "Accept-Language: fr-CA,fr;q=0.9,en;q=0.8"
eq "Accept-Language fr-CA: French" "$(html_lang)" '<html lang="fr" dir="ltr">'
eq "  French heading" "$(h1)" "Soumettre une déclaration"
eq "  Content-Language fr" "$(header Content-Language)" fr
req "$BASE/submit" -H "Accept-Language: de;q=1, es;q=0.7, fr;q=0.6"
eq "q-values: Spanish beats French" "$(header Content-Language)" es
req "$BASE/submit" -H "Accept-Language: ar;q=0, es;q=0.1"
eq "q=0 refuses a language" "$(header Content-Language)" es
req "$BASE/submit" -H "Accept-Language: de, *;q=0.5"
eq "none of ours: default_language (en)" "$(header Content-Language)" en

req "$BASE/submit?lang=ar" -H "Accept-Language: fr"
eq "?lang= beats Accept-Language" "$(html_lang)" '<html lang="ar" dir="rtl">'
eq "  Arabic heading" "$(h1)" "تقديم بيان"
sc=$(grep -i '^Set-Cookie: dais_lang=' "$T_DIR/headers" | tr -d '\r')
has "  the choice is remembered" "$sc" "dais_lang=ar;"
has "  for the whole site" "$sc" "Path=/statements/;"
has "  for a year" "$sc" "Max-Age=31536000"
has "  SameSite" "$sc" "SameSite=Lax"
eq "  Vary: Cookie only (the address says the language; the Set-Cookie depends on the cookie sent)" "$(header Vary)" "Cookie"

req "$BASE/submit" -H "Cookie: dais_lang=es" -H "Accept-Language: fr"
eq "the cookie beats Accept-Language" "$(header Content-Language)" es
eq "  no new cookie" "$(grep -ci '^Set-Cookie: dais_lang' "$T_DIR/headers")" 0
req "$BASE/submit?lang=fr" -H "Cookie: dais_lang=es"
eq "?lang= beats the cookie" "$(header Content-Language)" fr
has "  and replaces it" "$(header Set-Cookie)" "dais_lang=fr;"
req "$BASE/submit?lang=es" -H "Cookie: dais_lang=es"
eq "the same choice again: no new cookie" "$(grep -ci '^Set-Cookie: dais_lang' "$T_DIR/headers")" 0
eq "  and no Vary" "$(header Vary)" ""
req "$BASE/submit" -H "Cookie: dais_lang=klingon" -H "Accept-Language: es"
eq "a cookie of no language of ours is ignored" "$(header Content-Language)" es
req "$BASE/submit?lang=de" -H "Accept-Language: fr"
eq "?lang= of no language of ours is ignored" "$(header Content-Language)" fr
eq "  and not remembered" "$(grep -ci '^Set-Cookie: dais_lang' "$T_DIR/headers")" 0
req "$BASE/submit?lang=es-419"
eq "?lang=es-419: Spanish" "$(header Content-Language)" es
req "$BASE/submit?lang=%3Cscript%3E"
eq "?lang= with markup: 200, ignored" "$CODE" 200
hasnt "  not echoed" "$BODY" "<script>"

# default_is L: every worker answers a reader without a preference in L
# (the setting reaches the hot path within a few seconds).
default_is() {
	local i
	for i in 1 2 3 4 5 6; do
		[ "$(curl -s -D - -o /dev/null "$BASE/submit" | tr -d '\r' |
		    sed -n 's/^Content-Language: //p')" = "$1" ] || return 1
	done
}
"$DAIS" config set default_language fr >/dev/null
sleep 6 # past the 5 seconds a worker keeps its hot-path settings (req_cfg)
check "default_language fr reaches every worker within seconds" \
    wait_for default_is fr
req "$BASE/submit"
eq "default_language fr: French without a preference" "$(header Content-Language)" fr
req "$BASE/submit" -H "Accept-Language: en"
eq "  Accept-Language still wins" "$(header Content-Language)" en
check "default_language refuses a language dais does not have" \
    sh -c '! "$DAIS" config set default_language de 2>/dev/null'
check "  or a tag with a region" sh -c '! "$DAIS" config set default_language fr-CA 2>/dev/null'
"$DAIS" config set default_language en >/dev/null
sleep 6
check "default_language en again on every worker" wait_for default_is en

# ---- what a page carries ------------------------------------------------------
req "$BASE/submit?lang=fr&event=idm-2024&utm_source=x"
has "switcher: a link per language" "$BODY" 'hreflang="ar" lang="ar">العربية</a>'
has "  keeps the other parameters the page reads" "$BODY" 'href="/statements/submit?event=idm-2024&amp;lang=es"'
hasnt "  not those it drops (a shared link's)" "$BODY" 'utm_source'
has "  marks the current one" "$BODY" 'lang="fr" aria-current="true">Français</a>'
has "  is a labelled nav" "$BODY" '<nav class="lang-switch" aria-label="Langue du site">'
hasnt "no hreflang alternates without base_url" "$BODY" 'rel="alternate" hreflang'
"$DAIS" config set base_url "$ORIGIN/statements" >/dev/null
req "$BASE/submit?lang=fr"
has "hreflang alternates, absolute" "$BODY" "<link rel=\"alternate\" hreflang=\"es\" href=\"$ORIGIN/statements/submit?lang=es\">"
has "  and x-default" "$BODY" "<link rel=\"alternate\" hreflang=\"x-default\" href=\"$ORIGIN/statements/submit\">"

# Strict query forms take ?lang= too; a POST body does not.
req "$BASE/login?lang=es&next=/statements/moderate"
eq "login?lang=es: 200" "$CODE" 200
eq "  in Spanish" "$(header Content-Language)" es
req "$BASE/login?lang=es&nope=1"
eq "a public page drops a parameter it does not read" "$CODE" 200
eq "  in the chosen language" "$(header Content-Language)" es
req "$BASE/login?lang=es" -H "Origin: $ORIGIN" --data-urlencode nope=1
eq "an unknown field of a POST is still refused" "$CODE" 400
eq "  with a message in the chosen language" "$(header Content-Language)" es

# Error pages speak the reader's language.
req "$BASE/no/such/page" -H "Accept-Language: ar"
eq "404 in Arabic" "$CODE" 404
eq "  html lang ar, rtl" "$(html_lang)" '<html lang="ar" dir="rtl">'

# ---- what host pages embed: only ?lang= --------------------------------------
for path in /fragment/event/idm-2024 /feed.atom /oembed?url=x /embed.js /healthz; do
	req "$BASE$path" -H "Accept-Language: fr" -H "Cookie: dais_lang=ar"
	hasnt "$path: no Vary on the reader's language" "$(header Vary)" "Accept-Language"
	eq "$path: no language cookie" "$(grep -ci '^Set-Cookie: dais_lang' "$T_DIR/headers")" 0
done
req "$BASE/frame/event/idm-2024" -H "Accept-Language: fr" -H "Cookie: dais_lang=ar"
eq "a frame without ?lang=: default_language, whatever the reader" "$(header Content-Language)" en
req "$BASE/frame/event/idm-2024?lang=es" -H "Accept-Language: fr"
eq "a frame with ?lang=es: Spanish" "$(header Content-Language)" es
eq "  not remembered" "$(grep -ci '^Set-Cookie: dais_lang' "$T_DIR/headers")" 0

# ---- moderators -----------------------------------------------------------------
echo 'lina-password-1' | "$DAIS" moderator add lina --email lina@example.org >/dev/null
req "$BASE/login" -H "Cookie: dais_lang=ar"
tok=$(grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | head -1 | sed 's/.*value="//; s/"$//')
req "$BASE/login" -H "Cookie: dais_lang=ar" -H "Origin: $ORIGIN" \
    --data-urlencode user=lina --data-urlencode password=lina-password-1 \
    --data-urlencode next= --data-urlencode "csrf=$tok"
eq "sign-in: 303" "$CODE" 303
eq "the moderator's language is kept at sign-in" "$(Q "SELECT language FROM moderator WHERE username = 'lina'")" ar
ck=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
req "$BASE/moderate?lang=fr" -H "Cookie: dais_session=$ck; dais_lang=ar"
eq "the queue in French" "$(html_lang)" '<html lang="fr" dir="ltr">'
req "$BASE/moderate" -H "Cookie: dais_session=$ck; dais_lang=ar"
eq "the queue in Arabic" "$(html_lang)" '<html lang="ar" dir="rtl">'

# ---- the whole flow in French and in Arabic -----------------------------------------
# The form in the reader's language, the receipt in it, each moderator's
# notice in theirs, the decision in the submitter's, the fragment in the
# host page's.
printf '#!/bin/sh\ncat >> "%s"\necho "----- end of message -----" >> "%s"\n' \
    "$T_DIR/mail.log" "$T_DIR/mail.log" > "$T_DIR/fakesendmail"
chmod +x "$T_DIR/fakesendmail"
"$DAIS" config set mail_command "$T_DIR/fakesendmail -t" >/dev/null
"$DAIS" config set submit_min_seconds 0 >/dev/null
"$DAIS" config set rate_submit_per_hour 0 >/dev/null
"$DAIS" event add flow24 --title "Dialogue 2024" --starts 2024-05-21 >/dev/null
"$DAIS" org add acme --name "ACME Coalition" >/dev/null
echo 'omar-password-1' | "$DAIS" moderator add omar --role admin --email omar@example.org >/dev/null
# The message to an address.
mail_to() { mail_settle; awk -v to="To: $1" '$0 == to { on = 1 } on { print } on && /^----- end of message -----$/ { exit }' "$T_DIR/mail.log"; }
# The Subject of a message, decoded from its RFC 2047 base64 words.
subject_of() {
	printf '%s\n' "$1" | awk '/^Subject:/ { on = 1; sub(/^Subject: */, ""); print; next }
	    on && /^ / { print; next } { on = 0 }' |
	    sed -n 's/.*=?UTF-8?B?\([^?]*\)?=.*/\1/p' | while read -r w; do
		printf '%s' "$w" | base64 -d; done
}
# The token of the form whose action ends with $1.
token_in_form() {
	awk -v a="$1\"" 'index($0, "<form") && index($0, "action=") { on = index($0, a) > 0 }
	    on && match($0, /name="csrf" value="[^"]*"/) { v = substr($0, RSTART, RLENGTH);
	    sub(/^name="csrf" value="/, "", v); sub(/"$/, "", v); print v; exit }' "$T_DIR/body"
}
# signin_as USER PASSWORD LANG: CK is the session cookie.
signin_as() {
	local tok
	req "$BASE/login" -H "Cookie: dais_lang=$3"
	tok=$(token_in_form /login)
	req "$BASE/login" -H "Cookie: dais_lang=$3" -H "Origin: $ORIGIN" \
	    --data-urlencode "user=$1" --data-urlencode "password=$2" \
	    --data-urlencode next= --data-urlencode "csrf=$tok"
	CK=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
}
signin_as omar omar-password-1 fr
check "omar signed in (French)" [ -n "$CK" ]

# flow LANG TITLE EMAIL: a statement sent through the form in LANG; PUB
# is its reference.
flow() {
	local tok
	mail_reset "$T_DIR/mail.log"
	req "$BASE/submit?lang=$1"
	tok=$(token_in_form /submit)
	req "$BASE/submit" -H "Cookie: dais_lang=$1" -H "Origin: $ORIGIN" \
	    --form-string "csrf=$tok" --form-string event=flow24 \
	    --form-string "title=$2" --form-string speaker=Nadia \
	    --form-string organisation=acme --form-string kind=intervention \
	    --form-string language=en --form-string format=text \
	    --form-string delivered=2024-05-21 \
	    --form-string "body=We thank the chair." \
	    --form-string submitter_name=Nadia \
	    --form-string "submitter_email=$3" --form-string consent=yes \
	    --form-string action=send
	eq "$1: the form sends (303)" "$CODE" 303
	PUB=$(Q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
	eq "$1: the form's language is kept with the statement" \
	    "$(Q "SELECT ui_lang FROM statement WHERE public_id = '$PUB'")" "$1"
	req "http://127.0.0.1:$PORT$(header Location)" -H "Cookie: dais_lang=$1"
	eq "$1: the receipt page in $1" "$(header Content-Language)" "$1"
}

flow fr "Déclaration de la coalition" nadia@example.org
m=$(mail_to nadia@example.org)
has "fr: the receipt is in French" "$m" "Bonjour,"
has "  says so" "$m" "Content-Language: fr"
eq "  its subject in French" "$(subject_of "$m")" "Déclaration reçue : référence $PUB"
m=$(mail_to lina@example.org)
has "the notice to lina is in Arabic (her sign-in language)" "$m" "Content-Language: ar"
has "  its subject in Arabic" "$(subject_of "$m")" "بيان جديد بانتظار المراجعة"
has "the notice to omar is in French" "$(mail_to omar@example.org)" "Content-Language: fr"
mail_reset "$T_DIR/mail.log"
req "$BASE/moderate/$PUB" -H "Cookie: dais_session=$CK; dais_lang=fr"
eq "the review page in French" "$(html_lang)" '<html lang="fr" dir="ltr">'
has "  its history in French: who" "$BODY" "personne déposante"
has "  and what" "$BODY" "envoyée"
hasnt "  not the stored words" "$BODY" "submitter · submitted"
tok=$(token_in_form "/moderate/$PUB")
req "$BASE/moderate/$PUB" -H "Cookie: dais_session=$CK; dais_lang=ar" -H "Origin: $ORIGIN" \
    --data-urlencode "csrf=$tok" --data-urlencode action=approve --data-urlencode rev=1
eq "approved (303)" "$CODE" 303
m=$(mail_to nadia@example.org)
has "the decision in the submitter's French, whatever the moderator's page" "$m" "Content-Language: fr"
eq "  its subject" "$(subject_of "$m")" "Publiée : Déclaration de la coalition"
req "$BASE/fragment/event/flow24?lang=fr"
has "the fragment for a French page: French labels" "$BODY" 'lang="fr"'
has "  the French date" "$BODY" "21 mai 2024"
has "  the statement in its original, marked English" "$BODY" 'lang="en"'
has "  with the note in French" "$BODY" "Original en anglais"

flow ar "Statement of the coalition" samir@example.org
m=$(mail_to samir@example.org)
has "ar: the receipt is in Arabic" "$m" "Content-Language: ar"
eq "  its subject in Arabic" "$(subject_of "$m")" "تم استلام البيان: الرقم المرجعي $PUB"
req "$BASE/moderate/$PUB" -H "Cookie: dais_session=$CK; dais_lang=ar"
eq "the review page in Arabic, right to left" "$(html_lang)" '<html lang="ar" dir="rtl">'
tok=$(token_in_form "/moderate/$PUB")
mail_reset "$T_DIR/mail.log"
req "$BASE/moderate/$PUB" -H "Cookie: dais_session=$CK; dais_lang=ar" -H "Origin: $ORIGIN" \
    --data-urlencode "csrf=$tok" --data-urlencode action=approve --data-urlencode rev=1
eq "approved (303)" "$CODE" 303
has "the decision in Arabic" "$(subject_of "$(mail_to samir@example.org)")" "نُشر البيان"
req "$BASE/fragment/event/flow24?lang=ar"
has "the fragment for an Arabic page: right to left" "$BODY" 'dir="rtl"'
has "  the Arabic date" "$BODY" "21 أيار/مايو 2024"
req "$BASE/fragment/event/flow24"
has "without ?lang=: labels in default_language" "$BODY" "21 May 2024"
hasnt "  and no note" "$BODY" "Original in"
"$DAIS" config set default_language es >/dev/null
req "$BASE/fragment/event/flow24"
has "default_language es: the fragment's labels in Spanish" "$BODY" "21 de mayo de 2024"
"$DAIS" config set default_language en >/dev/null

t_finish
