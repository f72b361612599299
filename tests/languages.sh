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
check "  Arabic heading" [ "$(h1)" != "$en_h1" ]
sc=$(grep -i '^Set-Cookie: dais_lang=' "$T_DIR/headers" | tr -d '\r')
has "  the choice is remembered" "$sc" "dais_lang=ar;"
has "  for the whole site" "$sc" "Path=/statements/;"
has "  for a year" "$sc" "Max-Age=31536000"
has "  SameSite" "$sc" "SameSite=Lax"
eq "  no Vary: the address says the language" "$(header Vary)" ""

req "$BASE/submit" -H "Cookie: dais_lang=es" -H "Accept-Language: fr"
eq "the cookie beats Accept-Language" "$(header Content-Language)" es
eq "  no new cookie" "$(grep -ci '^Set-Cookie: dais_lang' "$T_DIR/headers")" 0
req "$BASE/submit?lang=fr" -H "Cookie: dais_lang=es"
eq "?lang= beats the cookie" "$(header Content-Language)" fr
has "  and replaces it" "$(header Set-Cookie)" "dais_lang=fr;"
req "$BASE/submit?lang=es" -H "Cookie: dais_lang=es"
eq "the same choice again: no new cookie" "$(grep -ci '^Set-Cookie: dais_lang' "$T_DIR/headers")" 0
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

"$DAIS" config set default_language fr >/dev/null
req "$BASE/submit"
eq "default_language fr: French without a preference" "$(header Content-Language)" fr
req "$BASE/submit" -H "Accept-Language: en"
eq "  Accept-Language still wins" "$(header Content-Language)" en
check "default_language refuses a language dais does not have" \
    sh -c '! "$DAIS" config set default_language de 2>/dev/null'
check "  or a tag with a region" sh -c '! "$DAIS" config set default_language fr-CA 2>/dev/null'
"$DAIS" config set default_language en >/dev/null

# ---- what a page carries ------------------------------------------------------
req "$BASE/submit?lang=fr&event=idm-2024&utm_source=x"
has "switcher: a link per language" "$BODY" 'hreflang="ar" lang="ar">العربية</a>'
has "  keeps the other parameters" "$BODY" 'href="/statements/submit?event=idm-2024&amp;utm_source=x&amp;lang=es"'
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
eq "an unknown parameter is still refused" "$CODE" 400
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

t_finish
