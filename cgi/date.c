/* date.c — the one place dates are read and written.
 *
 * Month names are tables here rather than strftime's, because strftime
 * follows the process locale (one per process, and only those installed)
 * while a worker answers each request in its own language. Written by hand:
 * no well-kept C library formats dates per language without locales (ICU
 * would, at the cost of a 30 MB dependency for four tables of twelve words).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "util.h"

enum date_lang { LANG_EN, LANG_FR, LANG_ES, LANG_AR };

static const char *const months_en[12] = { "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October",
    "November", "December" };
static const char *const months_fr[12] = { "janvier", "février", "mars",
    "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre" };
static const char *const months_es[12] = { "enero", "febrero", "marzo",
    "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
    "noviembre", "diciembre" };
/* Arabic: the United Nations' combined names, Syriac (Levant, Iraq) then
 * Latin-derived (Egypt, Gulf, Sudan), with the UN's spellings يونيه and
 * يوليه. The readers are a coalition from the whole Arab region reading UN
 * dialogue statements: either set alone is foreign to half of them (and
 * the Maghreb uses French-derived names of its own), while the combined
 * form is read everywhere and is the one the UN documents they answer use.
 * Digits are Western (0-9), as in UN Arabic documents and in the Maghreb;
 * they also keep dates searchable and copyable alongside ids and slugs. */
static const char *const months_ar[12] = { "كانون الثاني/يناير",
    "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
    "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر" };

static const char days_abbr[] = "SunMonTueWedThuFriSat";
static const char months_abbr[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* The primary subtag of a BCP 47 tag: "es-419" is Spanish. */
static enum date_lang lang_of(const char *tag)
{
	size_t n;

	if (tag == NULL)
		return LANG_EN;
	n = strcspn(tag, "-_");
	if (n != 2)
		return LANG_EN;
	if (ascii_ncasecmp(tag, "fr", 2) == 0)
		return LANG_FR;
	if (ascii_ncasecmp(tag, "es", 2) == 0)
		return LANG_ES;
	if (ascii_ncasecmp(tag, "ar", 2) == 0)
		return LANG_AR;
	return LANG_EN;
}

static int is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int days_in(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* The n digits at s as a number, or -1 unless all n are ASCII digits. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (; n > 0; s++, n--) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int date_parse(const char *s, struct date *d)
{
	size_t n = strlen(s);

	memset(d, 0, sizeof(*d));
	if ((n != 10 && n != 20) || s[4] != '-' || s[7] != '-')
		return -1;
	d->year = digits(s, 4);
	d->mon = digits(s + 5, 2);
	d->day = digits(s + 8, 2);
	if (d->year < 0 || d->mon < 1 || d->mon > 12 || d->day < 1 ||
	    d->day > days_in(d->year, d->mon))
		return -1;
	if (n == 10)
		return 0;
	if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return -1;
	d->has_time = 1;
	d->hour = digits(s + 11, 2);
	d->min = digits(s + 14, 2);
	d->sec = digits(s + 17, 2);
	if (d->hour < 0 || d->hour > 23 || d->min < 0 || d->min > 59 ||
	    d->sec < 0 || d->sec > 59)
		return -1;
	return 0;
}

/* How each language writes a date and a time, around the numbers. */
struct date_style {
	const char *const *months;
	const char *first;	/* the 1st of a month, when not "1" */
	const char *before_month, *after_month;
	const char *before_time;
	int hour_width;		/* 1: "9 h 05"; 2: "09:05" */
	const char *hour_min, *zone;
};

static const struct date_style styles[] = {
	[LANG_EN] = { months_en, NULL, " ", " ", ", ", 2, ":", " UTC" },
	/* French: "1er mai", as French writes the first of a month; the
	 * time "14 h 03", the form of French typography and of the UN's
	 * French documents ("10 h 30"), to which a French editor corrects
	 * "14:03"; no leading zero on the hour ("9 h 05"); no-break spaces,
	 * so it never wraps inside. A comma rather than "à": these stand as
	 * labels (submitted, corrected) beside the other languages' ones. */
	[LANG_FR] = { months_fr, "1er", " ", " ", ", ", 1,
	    "\xc2\xa0h\xc2\xa0", " UTC" },
	[LANG_ES] = { months_es, NULL, " de ", " de ", ", ", 2, ":", " UTC" },
	/* Arabic: the Arabic comma, and UTC spelled out, as Latin letters
	 * inside right-to-left text reorder around the digits. */
	[LANG_AR] = { months_ar, NULL, " ", " ", "، الساعة ", 2, ":",
	    " بالتوقيت العالمي المنسق" },
};

int date_format(char *out, int cap, const char *lang, const struct date *d)
{
	return date_format_zone(out, cap, lang, d, NULL);
}

int date_format_zone(char *out, int cap, const char *lang,
    const struct date *d, const char *zone)
{
	const struct date_style *f = &styles[lang_of(lang)];
	const char *z = f->zone;
	char zbuf[80];
	int n;

	if (zone != NULL) {
		snprintf(zbuf, sizeof(zbuf), " %s", zone);
		z = zbuf;
	}

	if (d->day == 1 && f->first != NULL)
		n = snprintf(out, (size_t)cap, "%s", f->first);
	else
		n = snprintf(out, (size_t)cap, "%d", d->day);
	if (n > 0 && n < cap)
		n += snprintf(out + n, (size_t)(cap - n), "%s%s%s%d",
		    f->before_month, f->months[d->mon - 1], f->after_month,
		    d->year);
	if (d->has_time && n > 0 && n < cap)
		n += snprintf(out + n, (size_t)(cap - n), "%s%0*d%s%02d%s",
		    f->before_time, f->hour_width, d->hour, f->hour_min,
		    d->min, z);
	return n < cap ? n : cap - 1;
}

const char *date_human(struct arena *a, const char *lang, const char *iso)
{
	struct date d;
	char out[DATE_HUMAN_MAX];
	int n;

	if (date_parse(iso, &d) != 0)
		return iso;
	n = date_format(out, sizeof(out), lang, &d);
	return arena_strndup(a, out, (size_t)n);
}

static void two_digits(char *d, int v)
{
	d[0] = (char)('0' + v / 10 % 10);
	d[1] = (char)('0' + v % 10);
}

/* gmtime_r of t, the epoch when t is beyond years 0..9999. */
static void utc_of(long long t, struct tm *tm)
{
	time_t tt = (time_t)t;

	if ((long long)tt != t || gmtime_r(&tt, tm) == NULL ||
	    tm->tm_year < -1900 || tm->tm_year > 9999 - 1900) {
		tt = 0;
		gmtime_r(&tt, tm);
	}
}

/* "Sun, 06 Nov 1994 08:49:37 " — the part HTTP and mail dates share. */
static void fixdate(char *d, const struct tm *tm)
{
	int year = tm->tm_year + 1900;

	memcpy(d, days_abbr + 3 * tm->tm_wday, 3);
	memcpy(d + 3, ", 00 Jan 0000 00:00:00 ", 23);
	two_digits(d + 5, tm->tm_mday);
	memcpy(d + 8, months_abbr + 3 * tm->tm_mon, 3);
	two_digits(d + 12, year / 100);
	two_digits(d + 14, year % 100);
	two_digits(d + 17, tm->tm_hour);
	two_digits(d + 20, tm->tm_min);
	two_digits(d + 23, tm->tm_sec);
}

/* An IMF-fixdate (RFC 9110, was RFC 7231): on the fragment GET path, so no
 * strftime (which consults the locale on every call) and no allocation. */
void date_http(char *out, long long t)
{
	struct tm tm;

	utc_of(t, &tm);
	fixdate(out, &tm);
	memcpy(out + 26, "GMT", 4);
}

/* RFC 5322 date-time, English names, zone +0000. */
void date_mail(char *out, long long t)
{
	struct tm tm;

	utc_of(t, &tm);
	fixdate(out, &tm);
	memcpy(out + 26, "+0000", 6);
}

/* RFC 3339 in UTC, the stored form: "1994-11-06T08:49:37Z". */
void date_rfc3339(char *out, long long t)
{
	struct tm tm;
	int year;

	utc_of(t, &tm);
	year = tm.tm_year + 1900;
	memcpy(out, "0000-00-00T00:00:00Z", 21);
	two_digits(out, year / 100);
	two_digits(out + 2, year % 100);
	two_digits(out + 5, tm.tm_mon + 1);
	two_digits(out + 8, tm.tm_mday);
	two_digits(out + 11, tm.tm_hour);
	two_digits(out + 14, tm.tm_min);
	two_digits(out + 17, tm.tm_sec);
}
