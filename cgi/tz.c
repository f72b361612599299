/* tz.c — IANA time zones through the C library (tz.h says why). */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "i18n.h"
#include "tz.h"
#include "util.h"

static const char *tz_dir(void)
{
	const char *d = getenv("TZDIR");

	return d != NULL && *d == '/' ? d : "/usr/share/zoneinfo";
}

/* The name's shape: parts of [A-Za-z0-9_+-] not starting with a dot (no
 * "..", no hidden file), joined by single slashes. */
static int tz_name_shape(const char *name)
{
	const char *p;
	size_t n = strlen(name);

	if (n == 0 || n > TZ_NAME_MAX || name[0] == '/' || name[n - 1] == '/')
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (*p == '/') {
			if (p[1] == '/')
				return 0;
			continue;
		}
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    *p == '+'))
			return 0;
	}
	return 1;
}

/* UTC needs no zoneinfo file: timegm and gmtime_r ("" is the C
 * library's own UTC too, for the callers that pass no zone). */
static int tz_builtin(const char *name)
{
	return *name == '\0' || strcmp(name, "UTC") == 0;
}

const char *tz_problem(const char *name)
{
	char path[512], magic[4];
	struct stat sb;
	int fd, ok;

	if (strcmp(name, "UTC") == 0)
		return NULL; /* built in (tz_builtin): a server without tzdata */
	if (!tz_name_shape(name))
		return N_("must be a time zone name like Europe/Paris or "
		    "America/New_York");
	/* Copies of every zone kept for other uses: right/ counts leap
	 * seconds in its clock (its times are 27 s off UTC's), posix/ is
	 * a plain duplicate. Only the zone's own name is stored. */
	if (strncmp(name, "right/", 6) == 0 || strncmp(name, "posix/", 6) == 0)
		return N_("must be a zone's own name like Europe/Paris, not "
		    "its right/ or posix/ copy");
	snprintf(path, sizeof(path), "%s/%s", tz_dir(), name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return N_("is not a time zone this server knows (IANA names "
		    "like Europe/Paris, from the tzdata package)");
	ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    read(fd, magic, 4) == 4 && memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok ? NULL : N_("is not a time zone this server knows (IANA "
	    "names like Europe/Paris, from the tzdata package)");
}

/* TZ set to zone (a file of the zoneinfo: ":" makes glibc read it, never
 * a POSIX rule string); the earlier value kept for tz_leave. */
struct tz_saved {
	char *old;
	int had;
};

static int tz_enter(const char *zone, struct tz_saved *sv)
{
	char spec[TZ_NAME_MAX + 2];
	const char *old = getenv("TZ");

	if (tz_problem(zone) != NULL)
		return -1;
	sv->had = old != NULL;
	sv->old = old ? strdup(old) : NULL;
	if (sv->had && sv->old == NULL)
		return -1;
	snprintf(spec, sizeof(spec), ":%s", zone);
	setenv("TZ", spec, 1);
	tzset();
	return 0;
}

static void tz_leave(struct tz_saved *sv)
{
	if (sv->had)
		setenv("TZ", sv->old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(sv->old);
}

static int wall_valid(const struct tz_wall *w)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (w->year % 4 == 0 && w->year % 100 != 0) ||
	    w->year % 400 == 0;

	return w->year >= 1970 && w->year <= 9999 && w->mon >= 1 &&
	    w->mon <= 12 && w->day >= 1 && w->day <= mdays[w->mon - 1] &&
	    (w->mon != 2 || w->day <= 28 + leap) && w->hour >= 0 &&
	    w->hour <= 23 && w->min >= 0 && w->min <= 59;
}

/* w read as if it were UTC. */
static long long wall_as_utc(const struct tz_wall *w)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = w->year - 1900;
	tm.tm_mon = w->mon - 1;
	tm.tm_mday = w->day;
	tm.tm_hour = w->hour;
	tm.tm_min = w->min;
	return (long long)timegm(&tm);
}

/* The UTC offset (seconds east) in force at t, under the current TZ;
 * *same when the clock then shows w. */
static long offset_at(long long t, const struct tz_wall *w, int *same)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL) {
		*same = 0;
		return 0;
	}
	*same = w != NULL && tm.tm_year == w->year - 1900 &&
	    tm.tm_mon == w->mon - 1 && tm.tm_mday == w->day &&
	    tm.tm_hour == w->hour && tm.tm_min == w->min;
	return tm.tm_gmtoff;
}

/* Every instant t with offset_at(t) == wall - t is one at which the clock
 * shows the wall time; the offsets in force within a day either side of
 * it are the only ones to try (a zone changes its offset at most once in
 * a day). */
int tz_to_utc(const char *zone, const struct tz_wall *w, long long *out)
{
	struct tz_saved sv;
	long long wall, t, best = 0;
	long offs[3];
	int i, same, found = 0;

	if (!wall_valid(w))
		return -1;
	if (tz_builtin(zone)) {
		*out = wall_as_utc(w);
		return 0;
	}
	if (tz_enter(zone, &sv) != 0)
		return -1;
	wall = wall_as_utc(w);
	offs[0] = offset_at(wall - 86400, NULL, &same);
	offs[1] = offset_at(wall, NULL, &same);
	offs[2] = offset_at(wall + 86400, NULL, &same);
	for (i = 0; i < 3; i++) {
		t = wall - offs[i];
		offset_at(t, w, &same);
		if (same && (!found || t < best)) {
			best = t; /* the first occurrence */
			found = 1;
		}
	}
	if (!found) /* skipped: the offset before the skip */
		best = wall - offs[0];
	tz_leave(&sv);
	*out = best;
	return 0;
}

static void tz_wall_set(struct tz_wall *w, const struct tm *tm)
{
	w->year = tm->tm_year + 1900;
	w->mon = tm->tm_mon + 1;
	w->day = tm->tm_mday;
	w->hour = tm->tm_hour;
	w->min = tm->tm_min;
}

int tz_from_utc(const char *zone, long long t, struct tz_wall *w,
    char *abbr, size_t abbr_size)
{
	struct tz_saved sv;
	time_t tt = (time_t)t;
	struct tm tm;
	int rc = -1;

	if ((long long)tt != t)
		return -1;
	if (tz_builtin(zone)) {
		if (gmtime_r(&tt, &tm) == NULL || tm.tm_year + 1900 > 9999)
			return -1;
		tz_wall_set(w, &tm);
		if (abbr != NULL && abbr_size > 0)
			snprintf(abbr, abbr_size, "UTC");
		return 0;
	}
	if (tz_enter(zone, &sv) != 0)
		return -1;
	if (localtime_r(&tt, &tm) != NULL && tm.tm_year + 1900 <= 9999) {
		tz_wall_set(w, &tm);
		if (abbr != NULL && abbr_size > 0)
			snprintf(abbr, abbr_size, "%s",
			    tm.tm_zone ? tm.tm_zone : "");
		rc = 0;
	}
	tz_leave(&sv);
	return rc;
}

/* The number in the n digits at s, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int tz_wall_parse(const char *s, struct tz_wall *w)
{
	size_t n = strlen(s);

	memset(w, 0, sizeof(*w));
	/* YYYY-MM-DDTHH:MM, "T" or a space, ":00" seconds allowed */
	if ((n != 16 && !(n == 19 && strcmp(s + 16, ":00") == 0)) ||
	    s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':')
		return -1;
	w->year = digits(s, 4);
	w->mon = digits(s + 5, 2);
	w->day = digits(s + 8, 2);
	w->hour = digits(s + 11, 2);
	w->min = digits(s + 14, 2);
	return wall_valid(w) ? 0 : -1;
}

const char *tz_time_human(struct arena *a, const char *lang, long long t,
    const char *zone)
{
	struct tz_wall w;
	struct date d;
	char abbr[16], label[80], out[DATE_HUMAN_MAX];

	if (tz_from_utc(zone ? zone : "UTC", t, &w, abbr, sizeof(abbr)) != 0)
		return "";
	memset(&d, 0, sizeof(d));
	d.year = w.year;
	d.mon = w.mon;
	d.day = w.day;
	d.has_time = 1;
	d.hour = w.hour;
	d.min = w.min;
	snprintf(label, sizeof(label), "%s (%s)", zone ? zone : "", abbr);
	date_format_zone(out, sizeof(out), lang, &d, zone ? label : NULL);
	return arena_strdup(a, out);
}
