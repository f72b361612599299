/* tz.h — time zones by IANA name (the system's zoneinfo, package tzdata):
 * a moderator's local wall-clock time to UTC and back.
 *
 * The C library does the arithmetic (setenv("TZ") + tzset + localtime_r):
 * it reads the same TZif files every other program on the machine reads,
 * and follows tzdata updates without a rebuild. TZ is process-wide, so
 * this is not thread-safe; dais's workers, sender and commands are
 * single-threaded, and every function here puts TZ back as it found it.
 */
#ifndef DAIS_TZ_H
#define DAIS_TZ_H

#include <stddef.h>

#define TZ_NAME_MAX 64

/* NULL when name is a time zone of the system's zoneinfo (TZDIR, else
 * /usr/share/zoneinfo): "Europe/Paris", "America/Argentina/Salta"; or
 * "UTC", built in (no file needed: a server without tzdata); else why
 * not (N_ text). No path tricks: letters, digits, "_", "-", "+"
 * and "/" between parts that do not start with a dot. */
const char *tz_problem(const char *name);

/* A wall-clock time: what a clock in the zone shows. */
struct tz_wall {
	int year, mon, day, hour, min;	/* mon 1..12 */
};

/* The UTC instant (unix time) at which a clock in zone shows w. A time
 * that occurs twice (the hour after clocks go back) is its first
 * occurrence; a time that does not occur (the hour skipped when clocks
 * go forward) is read with the UTC offset in force before the skip, so
 * 02:30 on a night that jumps from 02:00 to 03:00 is 03:30 after it (the
 * rules of RFC 5545, 3.3.5). 0, or -1 for a zone or time out of range. */
/* "UTC" and "" need no zoneinfo (timegm, gmtime_r). */
int tz_to_utc(const char *zone, const struct tz_wall *w, long long *out);

/* What a clock in zone shows at unix time t, and the zone's abbreviation
 * then ("EDT", "CET", "+1030"), at most abbr_size bytes. 0 or -1. */
int tz_from_utc(const char *zone, long long t, struct tz_wall *w,
    char *abbr, size_t abbr_size);

/* "2024-05-21T14:00" or "2024-05-21 14:00" (seconds ":00" allowed, as
 * browsers send them) into w: 0, or -1 when it is not a real time. */
int tz_wall_parse(const char *s, struct tz_wall *w);

struct arena;
/* Unix time t as a person reads it in lang: on the clocks of zone, with
 * its name and abbreviation ("21 May 2024, 14:00 Europe/Paris (CEST)"),
 * or in UTC when zone is NULL; in a ("" when zone is unknown). The review
 * page and the submitter's mail show an embargo so. */
const char *tz_time_human(struct arena *a, const char *lang, long long t,
    const char *zone);

#endif
