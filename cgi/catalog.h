/* catalog.h — what statements belong to: events, their sessions, and
 * organisations. One way to create each, checked the same way for the
 * command line and the admin pages. Each returns NULL on success, else a
 * sentence for a person. */
#ifndef DAIS_CATALOG_H
#define DAIS_CATALOG_H

struct arena;
struct store;

/* An event: to create (id unused) or as found. */
struct event_def {
	long long id;
	const char *slug, *title, *starts, *ends, *location, *description;
	const char *time_zone; /* IANA name, or "" (NULL): the setting's */
	int open;
};

struct org {
	long long id;
	const char *slug, *name, *url;
};

/* The event with this slug, its text in a: 0, or -1 when there is none. */
int event_find(struct store *st, struct arena *a, const char *slug,
    struct event_def *e);
/* The organisation with this slug, or this name in any case: 0, or -1. */
int org_find(struct store *st, struct arena *a, const char *slug_or_name,
    struct org *o);

/* A sentence returned is in a; the ones of event_set_open are literals. */
const char *event_create(struct store *st, struct arena *a,
    const struct event_def *e);
const char *event_set_open(struct store *st, const char *slug, int open);
/* zone: an IANA name of the system's zoneinfo, or "" for the time_zone
 * setting. */
const char *event_set_time_zone(struct store *st, struct arena *a,
    const char *slug, const char *zone);
/* The time zone in force for the event of statement statement_id: its
 * own, else the time_zone setting, else (a name no longer in the
 * zoneinfo) UTC; in a. */
const char *event_time_zone(struct store *st, struct arena *a,
    long long statement_id);
/* position < 0: after the last session. */
const char *session_create(struct store *st, struct arena *a,
    const char *event,
    const char *slug, const char *title, const char *kind,
    long long position);
const char *org_create(struct store *st, struct arena *a, const char *slug,
    const char *name, const char *url);

/* What is wrong with an event, a session, an organisation as they would
 * be stored (the checks of the functions above, for an edit too): NULL,
 * or a sentence in a. */
const char *event_problem(struct arena *a, const struct event_def *e);
const char *session_problem(struct arena *a, const char *slug,
    const char *title, const char *kind);
const char *org_problem(struct arena *a, const char *slug,
    const char *name, const char *url);

#endif
