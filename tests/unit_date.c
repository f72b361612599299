/* unit_date.c — date.c: the strict parse of the stored forms, the human
 * forms in each language, the HTTP, mail and RFC 3339 forms. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "date.h"
#include "unicode.h"
#include "util.h"

static struct arena *a;

static const char *human(const char *lang, const char *iso)
{
	return date_human(a, lang, iso);
}

static void test_parse(void)
{
	struct date d;

	CHECK(date_parse("2024-05-21", &d) == 0 && d.year == 2024 &&
	    d.mon == 5 && d.day == 21 && !d.has_time);
	CHECK(date_parse("2024-05-21T14:03:09Z", &d) == 0 && d.has_time &&
	    d.hour == 14 && d.min == 3 && d.sec == 9);
	CHECK(date_parse("2024-02-29", &d) == 0);
	CHECK(date_parse("2000-02-29", &d) == 0);
	CHECK(date_parse("2023-02-29", &d) != 0);
	CHECK(date_parse("1900-02-29", &d) != 0);
	CHECK(date_parse("2024-02-30", &d) != 0);
	CHECK(date_parse("2024-04-31", &d) != 0);
	CHECK(date_parse("2024-5-1", &d) != 0);
	CHECK(date_parse("2024-05-01 ", &d) != 0);
	CHECK(date_parse("2024-05-01x", &d) != 0);
	CHECK(date_parse("2024-05-21T14:03:00Zx", &d) != 0);
	CHECK(date_parse("2024-05-21T14:03:00", &d) != 0);
	CHECK(date_parse("2024-05-21T14:03", &d) != 0);
	CHECK(date_parse("2024-05-21 14:03:00Z", &d) != 0);
	CHECK(date_parse("2024-05-21T24:00:00Z", &d) != 0);
	CHECK(date_parse("2024-05-21T23:60:00Z", &d) != 0);
	CHECK(date_parse("2024-05-21T23:59:60Z", &d) != 0);
	CHECK(date_parse("2024-05-2a", &d) != 0);
	CHECK(date_parse("+024-05-21", &d) != 0);
	CHECK(date_parse("2024-00-10", &d) != 0);
	CHECK(date_parse("2024-13-10", &d) != 0);
	CHECK(date_parse("", &d) != 0);
}

/* The 15th of every month of 2024 in lang is before + name + after. */
static void check_months(const char *lang, const char *const names[12],
    const char *before, const char *after)
{
	char iso[16], exp[96];
	int m;

	for (m = 1; m <= 12; m++) {
		snprintf(iso, sizeof(iso), "2024-%02d-15", m);
		snprintf(exp, sizeof(exp), "%s%s%s", before, names[m - 1],
		    after);
		CHECK_STR(human(lang, iso), exp);
	}
}

static void test_english(void)
{
	static const char *const want[12] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };

	check_months("en", want, "15 ", " 2024");
	CHECK_STR(human("en", "2024-05-21T14:03:00Z"),
	    "21 May 2024, 14:03 UTC");
	CHECK_STR(human("en", "2024-05-21"), "21 May 2024");
	CHECK_STR(human("en", "2024-01-01T00:00:00Z"),
	    "1 January 2024, 00:00 UTC");
	CHECK_STR(human("en", "2023-12-31T23:59:59Z"),
	    "31 December 2023, 23:59 UTC");
	CHECK_STR(human("en", "2024-02-29"), "29 February 2024");
	CHECK_STR(human("en-GB", "2024-02-29"), "29 February 2024");
	/* Unknown, odd or missing tags are English. */
	CHECK_STR(human("de", "2024-05-21"), "21 May 2024");
	CHECK_STR(human("", "2024-05-21"), "21 May 2024");
	CHECK_STR(human("f", "2024-05-21"), "21 May 2024");
	CHECK_STR(human("fra", "2024-05-21"), "21 May 2024");
	CHECK_STR(human(NULL, "2024-05-21"), "21 May 2024");
}

static void test_french(void)
{
	static const char *const want[12] = { "janvier", "février", "mars",
	    "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
	    "novembre", "décembre" };

	check_months("fr", want, "15 ", " 2024");
	CHECK_STR(human("fr", "2024-05-21"), "21 mai 2024");
	CHECK_STR(human("fr", "2024-05-21T14:03:00Z"),
	    "21 mai 2024, 14\u00a0h\u00a003 UTC");
	CHECK_STR(human("fr", "2024-05-01"), "1er mai 2024");
	CHECK_STR(human("fr-CA", "2024-01-01T09:05:00Z"),
	    "1er janvier 2024, 9\u00a0h\u00a005 UTC");
	CHECK_STR(human("FR", "2024-02-29"), "29 février 2024");
	CHECK_STR(human("fr", "2023-12-31T23:59:59Z"),
	    "31 décembre 2023, 23\u00a0h\u00a059 UTC");
}

static void test_spanish(void)
{
	static const char *const want[12] = { "enero", "febrero", "marzo",
	    "abril", "mayo", "junio", "julio", "agosto", "septiembre",
	    "octubre", "noviembre", "diciembre" };

	check_months("es", want, "15 de ", " de 2024");
	CHECK_STR(human("es", "2024-05-21"), "21 de mayo de 2024");
	CHECK_STR(human("es-419", "2024-05-21T14:03:00Z"),
	    "21 de mayo de 2024, 14:03 UTC");
	CHECK_STR(human("es", "2024-02-29"), "29 de febrero de 2024");
	CHECK_STR(human("es_ES", "2024-01-01T00:00:00Z"),
	    "1 de enero de 2024, 00:00 UTC");
}

static void test_arabic(void)
{
	static const char *const want[12] = { "كانون الثاني/يناير",
	    "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
	    "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر",
	    "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
	    "كانون الأول/ديسمبر" };

	check_months("ar", want, "15 ", " 2024");
	CHECK_STR(human("ar", "2024-05-21"), "21 أيار/مايو 2024");
	CHECK_STR(human("ar-EG", "2024-05-21T14:03:00Z"),
	    "21 أيار/مايو 2024، الساعة 14:03 بالتوقيت العالمي المنسق");
	CHECK_STR(human("ar", "2024-02-29"), "29 شباط/فبراير 2024");
}

/* The longest output of every language fits, and is valid UTF-8. */
static void test_bounds(void)
{
	static const char *const langs[] = { "en", "fr", "es", "ar" };
	struct date d;
	char out[DATE_HUMAN_MAX];
	size_t i;
	int m, n;

	for (i = 0; i < ARRAY_LEN(langs); i++)
		for (m = 1; m <= 12; m++) {
			d = (struct date){ 9999, m, 28, 1, 23, 59, 59 };
			n = date_format(out, sizeof(out), langs[i], &d);
			CHECK(n > 0 && n < DATE_HUMAN_MAX &&
			    (size_t)n == strlen(out) &&
			    utf8_valid(out, (size_t)n));
		}
}

/* Bad input comes back as it is: the same pointer, "" stays "". */
static void test_unchanged(void)
{
	static const char *const bad[] = { "2024-02-30", "2024-5-1",
	    "2024-05-21 later", "2024-05-21T14:03", "2024-13-01",
	    "2024-05-00", "2024-05", "next Tuesday", "" };
	size_t i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		CHECK(human("en", bad[i]) == bad[i]);
		CHECK(human("ar", bad[i]) == bad[i]);
	}
}

static void test_machine(void)
{
	char h[DATE_HTTP_SIZE], m[DATE_MAIL_SIZE], r[DATE_RFC3339_SIZE];

	date_http(h, 784111777);
	CHECK_STR(h, "Sun, 06 Nov 1994 08:49:37 GMT");
	date_http(h, 0);
	CHECK_STR(h, "Thu, 01 Jan 1970 00:00:00 GMT");
	date_http(h, 1709208000);
	CHECK_STR(h, "Thu, 29 Feb 2024 12:00:00 GMT");
	date_http(h, -1);
	CHECK_STR(h, "Wed, 31 Dec 1969 23:59:59 GMT");
	date_http(h, 253402300799LL);
	CHECK_STR(h, "Fri, 31 Dec 9999 23:59:59 GMT");
	/* Beyond year 9999: the epoch, never a five-digit year. */
	date_http(h, 253402300800LL);
	CHECK_STR(h, "Thu, 01 Jan 1970 00:00:00 GMT");
	date_mail(m, 1716300180);
	CHECK_STR(m, "Tue, 21 May 2024 14:03:00 +0000");
	date_mail(m, 1704067199);
	CHECK_STR(m, "Sun, 31 Dec 2023 23:59:59 +0000");
	date_rfc3339(r, 1716300180);
	CHECK_STR(r, "2024-05-21T14:03:00Z");
	date_rfc3339(r, 1709208000);
	CHECK_STR(r, "2024-02-29T12:00:00Z");
	date_rfc3339(r, 0);
	CHECK_STR(r, "1970-01-01T00:00:00Z");
	/* What date_rfc3339 writes, date_parse reads. */
	{
		struct date d;

		CHECK(date_parse(r, &d) == 0 && d.year == 1970 && d.has_time);
	}
}

int main(void)
{
	a = arena_new();
	test_parse();
	test_english();
	test_french();
	test_spanish();
	test_arabic();
	test_bounds();
	test_unchanged();
	test_machine();
	arena_free(a);
	return check_summary("unit_date");
}
