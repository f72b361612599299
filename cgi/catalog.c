/* catalog.c — creating events, sessions and organisations. */
#include "config.h"

#include <string.h>

#include "catalog.h"
#include "i18n.h"
#include "settings.h"
#include "store.h"
#include "tz.h"
#include "util.h"
#include "valid.h"

/* "The slug must be …" from a field name and a validator's sentence
 * (both N_, translated here: the admin page shows them). */
static const char *why(struct arena *a, const char *field,
    const char *problem)
{
	if (problem == NULL)
		return NULL;
	/* TRANSLATORS: the first %s is a field as a sentence's subject ("The
	 * short name"), the second what is wrong with it ("must be a date
	 * like 2024-05-21"). */
	return arena_printf(a, C_("field and problem", "%s %s"), _(field),
	    _(problem));
}

/* Runs an INSERT: NULL, or the sentence for a taken name (exists) or for
 * another failure (failed, the database's reason logged). */
static const char *insert_result(struct store *st, sqlite3_stmt *s,
    const char *exists, const char *failed)
{
	int rc = store_exec(s);

	if (rc == SQLITE_DONE)
		return NULL;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return _(exists);
	log_err("%s: %s", failed, sqlite3_errmsg(st->db));
	return _(failed);
}

int event_find(struct store *st, struct arena *a, const char *slug,
    struct event_def *e)
{
	sqlite3_stmt *s = store_row(st, SQL_EVENT_BY_SLUG, slug);

	memset(e, 0, sizeof(*e));
	if (s == NULL)
		return -1;
	e->id = sqlite3_column_int64(s, 0);
	e->slug = arena_strdup(a, sql_col(s, 1));
	e->title = arena_strdup(a, sql_col(s, 2));
	e->location = arena_strdup(a, sql_col(s, 3));
	e->starts = arena_strdup(a, sql_col(s, 4));
	e->ends = arena_strdup(a, sql_col(s, 5));
	e->description = arena_strdup(a, sql_col(s, 6));
	e->open = sqlite3_column_int(s, 7);
	e->time_zone = arena_strdup(a, sql_col(s, 8));
	sqlite3_reset(s);
	return 0;
}

int org_find(struct store *st, struct arena *a, const char *slug_or_name,
    struct org *o)
{
	sqlite3_stmt *s = store_row(st, SQL_ORG_FIND, slug_or_name);

	memset(o, 0, sizeof(*o));
	if (s == NULL)
		return -1;
	o->id = sqlite3_column_int64(s, 0);
	o->name = arena_strdup(a, sql_col(s, 1));
	o->slug = arena_strdup(a, sql_col(s, 2));
	o->url = arena_strdup(a, sql_col(s, 3));
	sqlite3_reset(s);
	return 0;
}

/* An event's zone: "" (the time_zone setting) or one tz_problem takes. */
static const char *time_zone_problem(const char *zone)
{
	return zone == NULL || *zone == '\0' ? NULL : tz_problem(zone);
}

const char *event_problem(struct arena *a, const struct event_def *e)
{
	const char *ends = e->ends && *e->ends ? e->ends : e->starts;
	const char *w;

	if ((w = why(a, N_("The short name"), valid_slug(e->slug))) ||
	    (w = why(a, N_("The title"), valid_line(e->title, 200, 1))) ||
	    (w = why(a, N_("The first day"), valid_date(e->starts))) ||
	    (w = why(a, N_("The last day"), valid_date(ends))) ||
	    (w = why(a, N_("The place"), valid_line(e->location, 200, 0))) ||
	    (w = why(a, N_("The description"), text_problem(e->description,
	    strlen(e->description), TEXT_LONG))) ||
	    (w = why(a, N_("The description"), valid_marks(e->description,
	    strlen(e->description)))) ||
	    (w = why(a, N_("The time zone"), time_zone_problem(e->time_zone))))
		return w;
	if (strcmp(ends, e->starts) < 0)
		return _("The last day must not be before the first day");
	return NULL;
}

const char *event_create(struct store *st, struct arena *a,
    const struct event_def *e)
{
	const char *ends = e->ends && *e->ends ? e->ends : e->starts;
	const char *w;
	sqlite3_stmt *s;

	if ((w = event_problem(a, e)) != NULL)
		return w;
	s = store_stmt(st, SQL_EVENT_INSERT);
	sql_text(s, 1, e->slug);
	sql_text(s, 2, e->title);
	sql_text(s, 3, e->location);
	sql_text(s, 4, e->starts);
	sql_text(s, 5, ends);
	sql_text(s, 6, e->description);
	sql_int(s, 7, e->open);
	sql_text(s, 8, e->time_zone ? e->time_zone : "");
	return insert_result(st, s, N_("An event with this short name "
	    "already exists."), N_("The event could not be saved."));
}

const char *event_set_time_zone(struct store *st, struct arena *a,
    const char *slug, const char *zone)
{
	sqlite3_stmt *s;
	const char *w;

	if ((w = why(a, N_("The time zone"), time_zone_problem(zone))))
		return w;
	s = store_stmt(st, SQL_EVENT_SET_TIME_ZONE);
	sql_text(s, 1, slug);
	sql_text(s, 2, zone);
	if (store_exec_one(st, s) != 0)
		return _("There is no such event");
	return NULL;
}

const char *event_time_zone(struct store *st, struct arena *a,
    long long statement_id)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EVENT_TIME_ZONE_OF);
	const char *zone = "";

	sql_int(s, 1, statement_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		zone = arena_strdup(a, sql_col(s, 0));
	sqlite3_reset(s);
	if (*zone == '\0' || tz_problem(zone) != NULL)
		zone = setting_get(st, a, SET_time_zone);
	return tz_problem(zone) == NULL ? zone : "UTC";
}

const char *event_set_open(struct store *st, const char *slug, int open)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EVENT_SET_OPEN);

	sql_text(s, 1, slug);
	sql_int(s, 2, open);
	if (store_exec_one(st, s) != 0)
		return _("There is no such event");
	return NULL;
}

const char *session_problem(struct arena *a, const char *slug,
    const char *title, const char *kind)
{
	const char *w;

	if ((w = why(a, N_("The short name"), valid_slug(slug))) ||
	    (w = why(a, N_("The title"), valid_line(title, 200, 1))) ||
	    (w = why(a, N_("The kind"), valid_line(kind, 40, 1))))
		return w;
	return NULL;
}

const char *session_create(struct store *st, struct arena *a,
    const char *event,
    const char *slug, const char *title, const char *kind,
    long long position)
{
	struct event_def ev;
	sqlite3_stmt *s;
	const char *w;

	if ((w = session_problem(a, slug, title, kind)) != NULL)
		return w;
	if (event_find(st, a, event, &ev) != 0)
		return _("There is no such event");
	s = store_stmt(st, SQL_SESSION_INSERT);
	sql_int(s, 1, ev.id);
	sql_text(s, 2, slug);
	sql_text(s, 3, title);
	sql_text(s, 4, kind);
	if (position >= 0)
		sql_int(s, 5, position);
	return insert_result(st, s, N_("A session with this short name "
	    "already exists in this event."), N_("The session could not be "
	    "saved."));
}

const char *org_problem(struct arena *a, const char *slug,
    const char *name, const char *url)
{
	const char *w;

	if ((w = why(a, N_("The short name"), valid_slug(slug))) ||
	    (w = why(a, N_("The name"), valid_line(name, 200, 1))) ||
	    (w = why(a, N_("The web address"), *url ? valid_url(url) : NULL)))
		return w;
	return NULL;
}

const char *org_create(struct store *st, struct arena *a, const char *slug,
    const char *name, const char *url)
{
	sqlite3_stmt *s;
	const char *w;

	if ((w = org_problem(a, slug, name, url)) != NULL)
		return w;
	s = store_stmt(st, SQL_ORG_INSERT);
	sql_text(s, 1, slug);
	sql_text(s, 2, name);
	sql_text(s, 3, url);
	return insert_result(st, s, N_("An organisation with this short name "
	    "already exists."), N_("The organisation could not be saved."));
}
