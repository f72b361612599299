/* unit_tz.c — tz.c: names checked against the system's zoneinfo, a local
 * wall-clock time to UTC and back, across the changes of daylight saving
 * time in New York, Paris and Sydney (a southern zone, whose summer spans
 * the new year): the hour skipped in spring, the hour repeated in autumn,
 * the minutes either side. Expected values from the published rules
 * (tzdata 2024): US second Sunday of March / first Sunday of November at
 * 02:00; EU last Sunday of March / October at 01:00 UTC; New South Wales
 * first Sunday of October / April at 02:00 / 03:00 local. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "tz.h"

/* "YYYY-MM-DDTHH:MM" in zone, as UTC "YYYY-MM-DDTHH:MMZ". */
static const char *to_utc(const char *zone, const char *local)
{
	static char out[32];
	struct tz_wall w;
	long long t;
	time_t tt;
	struct tm tm;

	if (tz_wall_parse(local, &w) != 0 || tz_to_utc(zone, &w, &t) != 0)
		return "error";
	tt = (time_t)t;
	gmtime_r(&tt, &tm);
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%MZ", &tm);
	return out;
}

/* UTC "YYYY-MM-DDTHH:MM" shown in zone: "YYYY-MM-DD HH:MM ABBR". */
static const char *from_utc(const char *zone, const char *utc)
{
	static char out[48];
	char abbr[16];
	struct tz_wall w;
	long long t;

	if (tz_wall_parse(utc, &w) != 0 || tz_to_utc("UTC", &w, &t) != 0 ||
	    tz_from_utc(zone, t, &w, abbr, sizeof(abbr)) != 0)
		return "error";
	snprintf(out, sizeof(out), "%04d-%02d-%02d %02d:%02d %s", w.year,
	    w.mon, w.day, w.hour, w.min, abbr);
	return out;
}

static void test_names(void)
{
	CHECK(tz_problem("UTC") == NULL);
	CHECK(tz_problem("America/New_York") == NULL);
	CHECK(tz_problem("Europe/Paris") == NULL);
	CHECK(tz_problem("Australia/Sydney") == NULL);
	CHECK(tz_problem("America/Argentina/Salta") == NULL);
	CHECK(tz_problem("Etc/GMT+5") == NULL);
	CHECK(tz_problem("") != NULL);
	/* right/ and posix/ copies: refused, with their own message. */
	CHECK(tz_problem("right/Europe/Paris") != NULL);
	CHECK(tz_problem("posix/Europe/Paris") != NULL);
	CHECK(tz_problem("right/UTC") != NULL);
	CHECK(tz_problem("posix/Europe/Paris") != tz_problem("Mars/Olympus_Mons"));
	CHECK(tz_problem("Mars/Olympus_Mons") != NULL);
	CHECK(tz_problem("../../etc/passwd") != NULL);
	CHECK(tz_problem("/etc/passwd") != NULL);
	CHECK(tz_problem("Europe/../Europe/Paris") != NULL);
	CHECK(tz_problem("Europe//Paris") != NULL);
	CHECK(tz_problem("Europe/Paris/") != NULL);
	CHECK(tz_problem("Europe") != NULL);       /* a folder */
	CHECK(tz_problem("zone.tab") != NULL);     /* a file, not TZif */
	CHECK(tz_problem("EST5EDT,M3.2.0,M11.1.0") != NULL); /* a rule */
	CHECK(tz_problem("Europe/Paris\n") != NULL);
	CHECK(tz_problem("Europe/Paris ") != NULL);
	CHECK(tz_problem("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaa/Paris") != NULL);        /* over 64 bytes */
}

static void test_parse(void)
{
	struct tz_wall w;

	CHECK(tz_wall_parse("2024-05-21T14:00", &w) == 0 && w.year == 2024 &&
	    w.mon == 5 && w.day == 21 && w.hour == 14 && w.min == 0);
	CHECK(tz_wall_parse("2024-05-21 14:00", &w) == 0);
	CHECK(tz_wall_parse("2024-05-21T14:00:00", &w) == 0);
	CHECK(tz_wall_parse("2024-02-29T00:00", &w) == 0);
	CHECK(tz_wall_parse("2023-02-29T00:00", &w) != 0);
	CHECK(tz_wall_parse("2024-05-21T14:00:30", &w) != 0);
	CHECK(tz_wall_parse("2024-05-21T24:00", &w) != 0);
	CHECK(tz_wall_parse("2024-05-21T14:60", &w) != 0);
	CHECK(tz_wall_parse("2024-13-01T14:00", &w) != 0);
	CHECK(tz_wall_parse("2024-5-21T14:00", &w) != 0);
	CHECK(tz_wall_parse("2024-05- 1T14:00", &w) != 0);
	CHECK(tz_wall_parse("2024-05-21T14:00Z", &w) != 0);
	CHECK(tz_wall_parse("", &w) != 0);
}

static void test_new_york(void)
{
	const char *z = "America/New_York";

	CHECK_STR(to_utc(z, "2024-07-01T10:00"), "2024-07-01T14:00Z"); /* EDT */
	CHECK_STR(to_utc(z, "2024-01-15T10:00"), "2024-01-15T15:00Z"); /* EST */
	/* Spring: 2024-03-10, 02:00 EST becomes 03:00 EDT. */
	CHECK_STR(to_utc(z, "2024-03-10T01:59"), "2024-03-10T06:59Z");
	CHECK_STR(to_utc(z, "2024-03-10T02:00"), "2024-03-10T07:00Z"); /* skipped */
	CHECK_STR(to_utc(z, "2024-03-10T02:30"), "2024-03-10T07:30Z"); /* = 03:30 EDT */
	CHECK_STR(to_utc(z, "2024-03-10T03:00"), "2024-03-10T07:00Z");
	CHECK_STR(to_utc(z, "2024-03-10T03:30"), "2024-03-10T07:30Z");
	/* Autumn: 2024-11-03, 02:00 EDT becomes 01:00 EST; 01:00-01:59 twice. */
	CHECK_STR(to_utc(z, "2024-11-03T00:59"), "2024-11-03T04:59Z");
	CHECK_STR(to_utc(z, "2024-11-03T01:00"), "2024-11-03T05:00Z"); /* first */
	CHECK_STR(to_utc(z, "2024-11-03T01:30"), "2024-11-03T05:30Z"); /* EDT */
	CHECK_STR(to_utc(z, "2024-11-03T02:00"), "2024-11-03T07:00Z");
	CHECK_STR(from_utc(z, "2024-11-03T05:30"), "2024-11-03 01:30 EDT");
	CHECK_STR(from_utc(z, "2024-11-03T06:30"), "2024-11-03 01:30 EST");
	CHECK_STR(from_utc(z, "2024-03-10T07:30"), "2024-03-10 03:30 EDT");
	CHECK_STR(from_utc(z, "2024-03-10T06:59"), "2024-03-10 01:59 EST");
}

static void test_paris(void)
{
	const char *z = "Europe/Paris";

	CHECK_STR(to_utc(z, "2024-05-21T14:00"), "2024-05-21T12:00Z"); /* CEST */
	CHECK_STR(to_utc(z, "2024-12-24T20:00"), "2024-12-24T19:00Z"); /* CET */
	/* Spring: 2024-03-31, 02:00 CET becomes 03:00 CEST. */
	CHECK_STR(to_utc(z, "2024-03-31T01:59"), "2024-03-31T00:59Z");
	CHECK_STR(to_utc(z, "2024-03-31T02:30"), "2024-03-31T01:30Z"); /* = 03:30 CEST */
	CHECK_STR(to_utc(z, "2024-03-31T03:00"), "2024-03-31T01:00Z");
	/* Autumn: 2024-10-27, 03:00 CEST becomes 02:00 CET; 02:00-02:59 twice. */
	CHECK_STR(to_utc(z, "2024-10-27T01:59"), "2024-10-26T23:59Z");
	CHECK_STR(to_utc(z, "2024-10-27T02:30"), "2024-10-27T00:30Z"); /* CEST */
	CHECK_STR(to_utc(z, "2024-10-27T03:00"), "2024-10-27T02:00Z");
	CHECK_STR(from_utc(z, "2024-10-27T00:30"), "2024-10-27 02:30 CEST");
	CHECK_STR(from_utc(z, "2024-10-27T01:30"), "2024-10-27 02:30 CET");
}

static void test_sydney(void)
{
	const char *z = "Australia/Sydney";

	CHECK_STR(to_utc(z, "2024-07-01T10:00"), "2024-07-01T00:00Z"); /* AEST */
	CHECK_STR(to_utc(z, "2025-01-01T00:00"), "2024-12-31T13:00Z"); /* AEDT */
	/* Autumn: 2024-04-07, 03:00 AEDT becomes 02:00 AEST; 02:00-02:59 twice. */
	CHECK_STR(to_utc(z, "2024-04-07T01:59"), "2024-04-06T14:59Z");
	CHECK_STR(to_utc(z, "2024-04-07T02:30"), "2024-04-06T15:30Z"); /* AEDT */
	CHECK_STR(to_utc(z, "2024-04-07T03:00"), "2024-04-06T17:00Z");
	CHECK_STR(from_utc(z, "2024-04-06T15:30"), "2024-04-07 02:30 AEDT");
	CHECK_STR(from_utc(z, "2024-04-06T16:30"), "2024-04-07 02:30 AEST");
	/* Spring: 2024-10-06, 02:00 AEST becomes 03:00 AEDT. */
	CHECK_STR(to_utc(z, "2024-10-06T01:59"), "2024-10-05T15:59Z");
	CHECK_STR(to_utc(z, "2024-10-06T02:30"), "2024-10-05T16:30Z"); /* = 03:30 AEDT */
	CHECK_STR(to_utc(z, "2024-10-06T03:00"), "2024-10-05T16:00Z");
	CHECK_STR(from_utc(z, "2024-10-05T16:30"), "2024-10-06 03:30 AEDT");
}

static void test_utc_and_env(void)
{
	CHECK_STR(to_utc("UTC", "2024-05-21T14:00"), "2024-05-21T14:00Z");
	CHECK_STR(from_utc("UTC", "2024-05-21T14:00"), "2024-05-21 14:00 UTC");
	/* A zone of whole quarter hours, no daylight saving time. */
	CHECK_STR(to_utc("Asia/Kathmandu", "2024-05-21T14:00"),
	    "2024-05-21T08:15Z");
	CHECK_STR(to_utc("Mars/Olympus_Mons", "2024-05-21T14:00"), "error");
	/* TZ is put back as it was found. */
	setenv("TZ", "Asia/Tokyo", 1);
	to_utc("Europe/Paris", "2024-05-21T14:00");
	CHECK_STR(getenv("TZ"), "Asia/Tokyo");
	unsetenv("TZ");
	to_utc("Europe/Paris", "2024-05-21T14:00");
	CHECK(getenv("TZ") == NULL);
}

/* A server without tzdata (TZDIR an empty folder): UTC still works, built
 * in; a named zone is refused. */
static void test_no_tzdata(void)
{
	char dir[] = "/tmp/unit_tz.XXXXXX";

	CHECK(mkdtemp(dir) != NULL);
	setenv("TZDIR", dir, 1);
	CHECK(tz_problem("UTC") == NULL);
	CHECK_STR(to_utc("UTC", "2030-07-01T10:00"), "2030-07-01T10:00Z");
	CHECK_STR(from_utc("UTC", "2030-07-01T10:00"), "2030-07-01 10:00 UTC");
	CHECK(tz_problem("Europe/Paris") != NULL);
	CHECK_STR(to_utc("Europe/Paris", "2030-07-01T10:00"), "error");
	unsetenv("TZDIR");
	rmdir(dir);
}

int main(void)
{
	test_names();
	test_parse();
	test_new_york();
	test_paris();
	test_sydney();
	test_utc_and_env();
	test_no_tzdata();
	return check_summary("unit_tz");
}
