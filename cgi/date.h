/* date.h — every date dais shows or sends: the stored forms parsed
 * strictly, the human forms in each interface language, the machine forms
 * (HTTP, mail, RFC 3339). No setlocale, no installed locale. */
#ifndef DAIS_DATE_H
#define DAIS_DATE_H

struct arena;

/* A stored date ("2024-05-21") or UTC time ("2024-05-21T14:03:00Z"). */
struct date {
	int year, mon, day;	/* 0..9999, 1..12, 1..days in that month */
	int has_time;		/* 1 for the second form */
	int hour, min, sec;	/* 0..23, 0..59, 0..59; 0 without a time */
};

/* Buffer sizes, terminator included. DATE_HUMAN_MAX bounds every language's
 * longest date-time (the Arabic one, under 100 bytes). */
#define DATE_HUMAN_MAX 128
#define DATE_HTTP_SIZE 30	/* "Sun, 06 Nov 1994 08:49:37 GMT" */
#define DATE_MAIL_SIZE 32	/* "Sun, 06 Nov 1994 08:49:37 +0000" */
#define DATE_RFC3339_SIZE 21	/* "1994-11-06T08:49:37Z" */

/* 0 and *d filled when s is exactly one of the two stored forms and a real
 * date (2024-02-29 yes, 2023-02-29 and 2024-5-1 no); -1 otherwise. */
int date_parse(const char *s, struct date *d);

/* The human form of d in lang (a BCP 47 tag; its primary subtag counts:
 * "fr-CA" is French; unknown or NULL is English): "21 May 2024", or with a
 * time "21 May 2024, 14:03 UTC". Writes at most DATE_HUMAN_MAX bytes into
 * out (cap must be at least that) and returns the length. */
int date_format(char *out, int cap, const char *lang, const struct date *d);
/* The same with a time in zone (a label such as "America/New_York (EDT)",
 * at most 78 bytes) instead of UTC; NULL: UTC, as date_format. */
int date_format_zone(char *out, int cap, const char *lang,
    const struct date *d, const char *zone);

/* The stored form iso shown to a person in lang: a copy in a, or iso itself
 * (the same pointer) when it does not parse, so "" stays "". */
const char *date_human(struct arena *a, const char *lang, const char *iso);

/* Unix time t in the machine forms, always English and UTC, written into out
 * (at least the size above) without strftime or allocation. A t beyond
 * years 0..9999 is written as the epoch. */
void date_http(char *out, long long t);
void date_mail(char *out, long long t);
void date_rfc3339(char *out, long long t);

#endif
