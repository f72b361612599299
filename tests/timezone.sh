#!/bin/bash
# timezone.sh — embargo times in the event's time zone, through a real
# nginx: the review page names the zone beside the field and sends it with
# the form; the time typed is read on that zone's clocks and stored in UTC
# (summer and winter time, the hour skipped in spring); the page then
# shows both; a zone the server does not know is refused with a message;
# an event without a zone takes the time_zone setting; the admin page
# sets an event's zone and refuses an unknown one.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_init_db || { t_finish; exit 1; }
"$DAIS" event add ny30 --title "New York 2030" --starts 2030-07-01 --time-zone America/New_York >/dev/null &&
"$DAIS" event add plain30 --title "Plain 2030" --starts 2030-07-01 >/dev/null &&
"$DAIS" org add acme --name "ACME Coalition" >/dev/null &&
echo 'alice-password-1' | "$DAIS" moderator add alice --role admin &&
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
tokens() { grep -o 'name="csrf" value="[^"]*"' "$T_DIR/body" | sed 's/.*value="//; s/"$//'; }
submit() { # submit EVENT TITLE: PUB is its reference
	local tok
	req "$BASE/submit"; tok=$(tokens | head -1)
	req "$BASE/submit" -H "Origin: $ORIGIN" --form-string "csrf=$tok" \
	    --form-string "event=$1" --form-string "title=$2" \
	    --form-string speaker=Ana --form-string organisation=acme \
	    --form-string kind=panel --form-string language=en \
	    --form-string format=text --form-string "body=Thank you." \
	    --form-string submitter_name=Ana \
	    --form-string submitter_email=ana@example.org \
	    --form-string consent=yes --form-string action=send
	PUB=$(q "SELECT public_id FROM statement ORDER BY id DESC LIMIT 1")
}
req "$BASE/login"; tok=$(tokens | head -1)
req "$BASE/login" -H "Origin: $ORIGIN" --data-urlencode user=alice \
    --data-urlencode password=alice-password-1 --data-urlencode next= \
    --data-urlencode "csrf=$tok"
CK=$(grep -i '^Set-Cookie: dais_session=' "$T_DIR/headers" | sed 's/^[^=]*=\([^;]*\).*/\1/' | tr -d '\r')
as() { req -H "Cookie: dais_session=$CK" "$@"; }
# approve ID [FIELD=VALUE...]: with the token of a fresh review page.
approve() {
	local id=$1 a=() kv tok; shift
	as "$BASE/moderate/$id"; tok=$(tokens | tail -1)
	for kv in "$@"; do a+=(--data-urlencode "$kv"); done
	as "$BASE/moderate/$id" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
	    --data-urlencode action=approve --data-urlencode rev=1 "${a[@]}"
}
utc() { date -u -d "$1" +%s; }
stored() { q "SELECT publish_at FROM statement WHERE public_id = '$1'"; }

# ---- the event's zone beside the field ------------------------------------------------
submit ny30 "Summer in New York"; S1=$PUB
as "$BASE/moderate/$S1"
eq "review page: 200" "$CODE" 200
has "the zone beside the field" "$BODY" '<span class="time-zone" id="publish_at-zone"><bdi>America/New_York</bdi></span>'
has "the hint names it" "$BODY" "The date and time on the clocks of America/New_York, the event&#39;s time zone."
has "the form sends the zone it shows" "$BODY" '<input type="hidden" name="publish_tz" value="America/New_York">'
hasnt "no publication time before a decision" "$BODY" "Publication time:"

# Summer time (EDT, UTC-4): 10:00 typed is 14:00 UTC.
approve "$S1" publish_at=2030-07-01T10:00 publish_tz=America/New_York
eq "approve at a New York time: 303" "$CODE" 303
eq "  stored in UTC (EDT: +4 h)" "$(stored "$S1")" "$(utc 2030-07-01T14:00Z)"
as "$BASE/moderate/$S1"
has "  shown in both" "$BODY" "Publication time: 1 July 2030, 10:00 America/New_York (EDT), that is 1 July 2030, 14:00 UTC"
as "$BASE/moderate/$S1?lang=fr"
nb=$'\u00a0' # French typography: no-break spaces
has "  in French too" "$BODY" "Heure de publication${nb}: 1er juillet 2030, 10${nb}h${nb}00 America/New_York (EDT), soit 1er juillet 2030, 14${nb}h${nb}00 UTC"

# Winter time (EST, UTC-5), and without the form's zone: the event's.
submit ny30 "Winter in New York"; S2=$PUB
approve "$S2" publish_at=2030-01-15T10:00
eq "approve without publish_tz: 303" "$CODE" 303
eq "  the event's zone (EST: +5 h)" "$(stored "$S2")" "$(utc 2030-01-15T15:00Z)"

# The hour skipped in spring (2030-03-10, 02:00 -> 03:00): 02:30 is read
# with the offset before the jump (RFC 5545), i.e. 03:30 EDT.
submit ny30 "Spring forward"; S3=$PUB
approve "$S3" "publish_at=2030-03-10 02:30" publish_tz=America/New_York
eq "a skipped time: 303" "$CODE" 303
eq "  read with the offset before the jump" "$(stored "$S3")" "$(utc 2030-03-10T07:30Z)"
as "$BASE/moderate/$S3"
has "  and shown as the clocks then read" "$BODY" "10 March 2030, 03:30 America/New_York (EDT), that is 10 March 2030, 07:30 UTC"
# The hour repeated in autumn (2030-11-03, 02:00 -> 01:00): the first.
submit ny30 "Fall back"; S4=$PUB
approve "$S4" publish_at=2030-11-03T01:30 publish_tz=America/New_York
eq "a repeated time: its first occurrence (EDT)" "$(stored "$S4")" "$(utc 2030-11-03T05:30Z)"

# ---- refused: a zone the server does not know, a time that is no time ------------------
submit ny30 "Refused"; S5=$PUB
approve "$S5" publish_at=2030-07-01T10:00 publish_tz=Mars/Olympus_Mons
eq "an unknown zone: 422" "$CODE" 422
has "  says why" "$BODY" "The form gave a time zone this server does not know (Mars/Olympus_Mons)"
eq "  nothing decided" "$(q "SELECT state FROM statement WHERE public_id = '$S5'")" pending
approve "$S5" publish_at=../../etc/passwd publish_tz=../../etc/passwd
eq "a path for a zone: 422" "$CODE" 422
approve "$S5" publish_at=2030-02-30T10:00 publish_tz=America/New_York
eq "no such day: 422" "$CODE" 422
has "  says how, in the zone" "$BODY" "like 2024-05-21 14:00 (in America/New_York)"
approve "$S5" publish_at=2030-07-01T10:00 "publish_tz=$(head -c 100 /dev/zero | tr '\0' 'A')"
eq "an over-long zone: 4xx ($CODE)" "$(( CODE >= 400 && CODE < 500 ))" 1

# ---- an event without a zone: the time_zone setting --------------------------------------
submit plain30 "Plain event"; S6=$PUB
as "$BASE/moderate/$S6"
has "no zone of its own: UTC by default" "$BODY" '<input type="hidden" name="publish_tz" value="UTC">'
"$DAIS" config set time_zone Europe/Paris >/dev/null
as "$BASE/moderate/$S6"
has "the time_zone setting" "$BODY" '<input type="hidden" name="publish_tz" value="Europe/Paris">'
approve "$S6" publish_at=2030-07-01T10:00 publish_tz=Europe/Paris
eq "  stored in UTC (CEST: -2 h)" "$(stored "$S6")" "$(utc 2030-07-01T08:00Z)"

# ---- the admin page: each event's zone ---------------------------------------------------
as "$BASE/admin"
has "admin: the event's zone" "$BODY" "Time zone: America/New_York"
has "admin: an event without one" "$BODY" "Time zone: Europe/Paris (the time_zone setting)"
tok=$(tokens | tail -1)
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode do=event_time_zone --data-urlencode slug=plain30 \
    --data-urlencode time_zone=Europe/Atlantis
eq "admin: an unknown zone, 422" "$CODE" 422
has "  says why" "$BODY" "The time zone is not a time zone this server knows"
eq "  unchanged" "$(q "SELECT time_zone FROM event WHERE slug = 'plain30'")" ""
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode do=event_time_zone --data-urlencode slug=plain30 \
    --data-urlencode time_zone=Australia/Sydney
eq "admin: a zone set, 303" "$CODE" 303
eq "  stored" "$(q "SELECT time_zone FROM event WHERE slug = 'plain30'")" Australia/Sydney
eq "  audited" "$(q "SELECT detail FROM audit WHERE action = 'admin event_time_zone'")" "plain30 = Australia/Sydney"
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode do=event_add --data-urlencode slug=cape30 \
    --data-urlencode "title=Cape Town 2030" --data-urlencode starts=2030-09-01 \
    --data-urlencode time_zone=Africa/Johannesburg
eq "admin: an event added with its zone, 303" "$CODE" 303
eq "  stored" "$(q "SELECT time_zone FROM event WHERE slug = 'cape30'")" Africa/Johannesburg
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode do=event_add --data-urlencode slug=bad30 \
    --data-urlencode "title=Bad 2030" --data-urlencode starts=2030-09-01 \
    --data-urlencode time_zone=/etc/passwd
eq "admin: an event with a path for a zone, 422" "$CODE" 422
has "  what was typed kept" "$BODY" 'value="/etc/passwd"'
eq "  not stored" "$(q "SELECT count(*) FROM event WHERE slug = 'bad30'")" 0
as "$BASE/admin" -H "Origin: $ORIGIN" --data-urlencode "csrf=$tok" \
    --data-urlencode do=event_time_zone --data-urlencode slug=plain30 \
    --data-urlencode time_zone=right/Europe/Paris
eq "admin: a right/ copy of a zone, 422" "$CODE" 422
has "  says why" "$BODY" "The time zone must be a zone&#39;s own name like Europe/Paris, not its right/ or posix/ copy"
eq "  unchanged" "$(q "SELECT time_zone FROM event WHERE slug = 'plain30'")" Australia/Sydney

# ---- a server without tzdata: UTC is built in ------------------------------------------
# TZDIR names an empty folder: no zone file at all, not even UTC's. An
# approval to publish now needs no zone; an embargo in UTC works; a named
# zone is refused with a message.
t_stop_dais
mkdir -p "$T_DIR/nozones"
TZDIR=$T_DIR/nozones t_start_dais 2 || { t_finish; exit 1; }
submit ny30 "No tzdata, now"; S7=$PUB
as "$BASE/moderate/$S7"
eq "no tzdata: the review page (200)" "$CODE" 200
has "  the zone beside the field: UTC" "$BODY" '<input type="hidden" name="publish_tz" value="UTC">'
approve "$S7" publish_at= publish_tz=UTC
eq "no tzdata: approved to publish now (303)" "$CODE" 303
eq "  approved" "$(q "SELECT state FROM statement WHERE public_id = '$S7'")" approved
submit ny30 "No tzdata, old form"; S8=$PUB
approve "$S8" publish_at= publish_tz=America/New_York
eq "no tzdata: now, a zone in the form that is not needed (303)" "$CODE" 303
submit ny30 "No tzdata, embargo"; S9=$PUB
approve "$S9" publish_at=2030-07-01T10:00 publish_tz=UTC
eq "no tzdata: an embargo in UTC (303)" "$CODE" 303
eq "  stored as typed" "$(stored "$S9")" "$(utc 2030-07-01T10:00Z)"
as "$BASE/moderate/$S9"
has "  shown in UTC" "$BODY" "1 July 2030, 10:00 UTC"
submit ny30 "No tzdata, named zone"; S10=$PUB
approve "$S10" publish_at=2030-07-01T10:00 publish_tz=America/New_York
eq "no tzdata: an embargo in a named zone, 422" "$CODE" 422
has "  says why" "$BODY" "The form gave a time zone this server does not know (America/New_York)"
eq "  nothing decided" "$(q "SELECT state FROM statement WHERE public_id = '$S10'")" pending

t_finish
