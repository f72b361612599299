/* structure.c — events, sessions and organisations changed after the fact,
 * and statements moved between them: each change one transaction with its
 * audit entry and the fragments it touches rendered again (publish.c, as
 * an approval does); old slugs answered with a redirect (schema 018). */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "catalog.h"
#include "i18n.h"
#include "publish.h"
#include "request.h"
#include "slugpath.h"
#include "store.h"
#include "structure.h"
#include "util.h"

/* ---- transactions --------------------------------------------------------- */

static const char *busy(struct structure_ctx *c)
{
	c->status = 503;
	return _("The database is busy: nothing was changed. Try again in a "
	    "moment.");
}

/* Opens the change: 0, or -1 (c->status 503). */
static int begin(struct structure_ctx *c, struct publisher *p)
{
	if (store_begin(c->st) != 0)
		return -1;
	publisher_init(p, c->st, c->a, c->tmpl, c->script_name);
	return 0;
}

/* Ends a refused change: nothing of it stays. */
static const char *refuse(struct structure_ctx *c, int status,
    const char *why)
{
	store_rollback(c->st);
	c->status = status;
	return why;
}

/* ok: the change, its audit entry and its fragments were written. */
static const char *finish(struct structure_ctx *c, struct publisher *p,
    int ok)
{
	if (!ok) {
		log_err("a change of structure failed: %s",
		    sqlite3_errmsg(c->st->db));
		store_rollback(c->st);
		c->status = 503;
		return _("The change could not be saved. Try again in a "
		    "moment.");
	}
	if (store_commit(c->st) != 0) {
		store_rollback(c->st);
		return busy(c);
	}
	publish_files(p);
	return NULL;
}

static int audit(struct structure_ctx *c, const char *action,
    long long statement_id, int rev_before, int rev_after,
    const char *detail)
{
	return audit_add_at(c->st, c->addr, c->actor, action, statement_id,
	    rev_before, rev_after, "", detail) == 0;
}

static long long count_of(struct store *st, enum sql_id q, long long id)
{
	sqlite3_stmt *s = store_stmt(st, q);
	long long n = 0;

	sql_int(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}

/* The refusal of a delete while n statements are filed under it. */
static const char *filed_refusal(struct structure_ctx *c, long long n,
    const char *what)
{
	c->status = 409;
	store_rollback(c->st);
	/* TRANSLATORS: %lld is a number of statements, %s what cannot be
	 * deleted ("this event", "this session", "this organisation"). */
	return arena_printf(c->a, NG_("%lld statement is filed under %s, so "
	    "it cannot be deleted. Move the statement elsewhere first.",
	    "%lld statements are filed under %s, so it cannot be deleted. "
	    "Move the statements elsewhere first.", (unsigned long)n), n,
	    what);
}

static int run(sqlite3_stmt *s)
{
	return store_exec(s) == SQLITE_DONE;
}

/* Adds a slug that leads on to target. */
static int redirect_add(struct structure_ctx *c, const char *kind,
    long long scope, const char *old, long long target)
{
	sqlite3_stmt *s = store_stmt(c->st, SQL_REDIRECT_ADD);

	sql_text(s, 1, kind);
	sql_int(s, 2, scope);
	sql_text(s, 3, old);
	sql_int(s, 4, target);
	return run(s);
}

/* A list of keys in the arena. */
struct keys {
	const char **k;
	size_t n, cap;
};

static void keys_add(struct structure_ctx *c, struct keys *k,
    const char *key)
{
	k->k = arena_grow(c->a, k->k, k->n, &k->cap, sizeof(*k->k));
	k->k[k->n++] = key;
}

/* The keys an event's slug names: its list, its sessions' lists, its
 * feed. */
static void event_keys(struct structure_ctx *c, long long id,
    const char *slug, struct keys *k)
{
	sqlite3_stmt *s = store_stmt(c->st, SQL_STRUCT_SESSION_SLUGS);

	keys_add(c, k, arena_printf(c->a, "event/%s", slug));
	keys_add(c, k, arena_printf(c->a, "atom/%s", slug));
	sql_int(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW)
		keys_add(c, k, arena_printf(c->a, "event/%s/%s", slug,
		    sql_col(s, 0)));
	sqlite3_reset(s);
}

static int render(struct publisher *p, enum sql_id q, long long id,
    const struct keys *stale)
{
	return publish_filed(p, q, id, stale->k, (int)stale->n) == 0;
}

/* ---- events --------------------------------------------------------------- */

static const char *or(const char *v, const char *keep)
{
	return v != NULL ? v : keep;
}

const char *structure_event_edit(struct structure_ctx *c, const char *slug,
    const struct event_change *ch)
{
	struct publisher p;
	struct event_def e, n;
	struct keys stale = { NULL, 0, 0 };
	const char *w;
	sqlite3_stmt *s;
	int rc, renamed;

	if (begin(c, &p) != 0)
		return busy(c);
	if (event_find(c->st, c->a, slug, &e) != 0)
		return refuse(c, 404, _("There is no such event"));
	n = e;
	n.slug = or(ch->slug, e.slug);
	n.title = or(ch->title, e.title);
	n.starts = or(ch->starts, e.starts);
	n.ends = or(ch->ends, e.ends);
	n.location = or(ch->location, e.location);
	n.description = or(ch->description, e.description);
	n.time_zone = or(ch->time_zone, e.time_zone);
	if (*n.ends == '\0')
		n.ends = n.starts;
	if ((w = event_problem(c->a, &n)) != NULL)
		return refuse(c, 422, w);
	renamed = strcmp(n.slug, e.slug) != 0;
	if (renamed) {
		event_keys(c, e.id, e.slug, &stale);
		if (!redirect_add(c, "event", 0, e.slug, e.id))
			return finish(c, &p, 0);
	}
	s = store_stmt(c->st, SQL_STRUCT_EVENT_UPDATE);
	sql_int(s, 1, e.id);
	sql_text(s, 2, n.slug);
	sql_text(s, 3, n.title);
	sql_text(s, 4, n.location);
	sql_text(s, 5, n.starts);
	sql_text(s, 6, n.ends);
	sql_text(s, 7, n.description);
	sql_text(s, 8, n.time_zone);
	rc = store_exec(s);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return refuse(c, 409, _("An event with this short name already "
		    "exists."));
	return finish(c, &p, rc == SQLITE_DONE && audit(c, "event_edit", 0, 0,
	    0, renamed ? arena_printf(c->a, "%s -> %s", e.slug, n.slug) :
	    e.slug) && render(&p, SQL_STRUCT_APPROVED_EVENT, e.id, &stale));
}

const char *structure_event_delete(struct structure_ctx *c, const char *slug)
{
	struct publisher p;
	struct event_def e;
	struct keys stale = { NULL, 0, 0 };
	long long n;
	sqlite3_stmt *s, *t, *u;

	if (begin(c, &p) != 0)
		return busy(c);
	if (event_find(c->st, c->a, slug, &e) != 0)
		return refuse(c, 404, _("There is no such event"));
	if ((n = count_of(c->st, SQL_STRUCT_EVENT_FILED, e.id)) > 0)
		return filed_refusal(c, n, _("this event"));
	event_keys(c, e.id, e.slug, &stale);
	s = store_stmt(c->st, SQL_STRUCT_COUNT_PRUNE);
	sql_int(s, 1, e.id);
	sql_int(s, 2, 0);
	t = store_stmt(c->st, SQL_STRUCT_EVENT_SESSIONS_DELETE);
	sql_int(t, 1, e.id);
	u = store_stmt(c->st, SQL_STRUCT_EVENT_DELETE);
	sql_int(u, 1, e.id);
	/* What its slug showed is rendered empty (static files too). */
	return finish(c, &p, run(s) && run(t) && run(u) &&
	    audit(c, "event_delete", 0, 0, 0, e.slug) &&
	    render(&p, SQL_STRUCT_APPROVED_EVENT, e.id, &stale));
}

/* ---- sessions ------------------------------------------------------------- */

struct session_row {
	long long id, position;
	const char *slug, *title, *kind;
};

/* The session slug of event ev: 0, or -1 when there is none. */
static int session_get(struct structure_ctx *c, long long ev,
    const char *slug, struct session_row *r)
{
	sqlite3_stmt *s = store_stmt(c->st, SQL_STRUCT_SESSION_GET);
	int found;

	memset(r, 0, sizeof(*r));
	sql_int(s, 1, ev);
	sql_text(s, 2, slug);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found) {
		r->id = sqlite3_column_int64(s, 0);
		r->slug = arena_strdup(c->a, sql_col(s, 1));
		r->title = arena_strdup(c->a, sql_col(s, 2));
		r->kind = arena_strdup(c->a, sql_col(s, 3));
		r->position = sqlite3_column_int64(s, 4);
	}
	sqlite3_reset(s);
	return found ? 0 : -1;
}

/* Opens the change and finds event and its session slug (slug NULL: the
 * event alone): NULL, or the refusal (the transaction ended). */
static const char *session_open(struct structure_ctx *c, struct publisher *p,
    const char *event, const char *slug, struct event_def *e,
    struct session_row *r)
{
	if (begin(c, p) != 0)
		return busy(c);
	if (event_find(c->st, c->a, event, e) != 0)
		return refuse(c, 404, _("There is no such event"));
	if (slug != NULL && session_get(c, e->id, slug, r) != 0)
		return refuse(c, 404, _("There is no such session in this "
		    "event"));
	return NULL;
}

const char *structure_session_edit(struct structure_ctx *c, const char *event,
    const char *slug, const char *new_slug, const char *title,
    const char *kind)
{
	struct publisher p;
	struct event_def e;
	struct session_row r;
	struct keys stale = { NULL, 0, 0 };
	const char *w;
	sqlite3_stmt *s;
	int rc, renamed;

	if ((w = session_open(c, &p, event, slug, &e, &r)) != NULL)
		return w;
	new_slug = or(new_slug, r.slug);
	title = or(title, r.title);
	kind = or(kind, r.kind);
	if ((w = session_problem(c->a, new_slug, title, kind)) != NULL)
		return refuse(c, 422, w);
	renamed = strcmp(new_slug, r.slug) != 0;
	if (renamed) {
		keys_add(c, &stale, arena_printf(c->a, "event/%s/%s", e.slug,
		    r.slug));
		if (!redirect_add(c, "session", e.id, r.slug, r.id))
			return finish(c, &p, 0);
	}
	s = store_stmt(c->st, SQL_STRUCT_SESSION_UPDATE);
	sql_int(s, 1, r.id);
	sql_text(s, 2, new_slug);
	sql_text(s, 3, title);
	sql_text(s, 4, kind);
	rc = store_exec(s);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return refuse(c, 409, _("A session with this short name "
		    "already exists in this event."));
	return finish(c, &p, rc == SQLITE_DONE && audit(c, "session_edit", 0,
	    0, 0, renamed ? arena_printf(c->a, "%s/%s -> %s/%s", e.slug,
	    r.slug, e.slug, new_slug) : arena_printf(c->a, "%s/%s", e.slug,
	    r.slug)) && render(&p, SQL_STRUCT_APPROVED_EVENT, e.id, &stale));
}

const char *structure_session_delete(struct structure_ctx *c,
    const char *event, const char *slug)
{
	struct publisher p;
	struct event_def e;
	struct session_row r;
	struct keys stale = { NULL, 0, 0 };
	const char *w;
	long long n;
	sqlite3_stmt *s, *t;

	if ((w = session_open(c, &p, event, slug, &e, &r)) != NULL)
		return w;
	if ((n = count_of(c->st, SQL_STRUCT_SESSION_FILED, r.id)) > 0)
		return filed_refusal(c, n, _("this session"));
	keys_add(c, &stale, arena_printf(c->a, "event/%s/%s", e.slug, r.slug));
	s = store_stmt(c->st, SQL_STRUCT_COUNT_PRUNE);
	sql_int(s, 1, e.id);
	sql_int(s, 2, r.id);
	t = store_stmt(c->st, SQL_STRUCT_SESSION_DELETE);
	sql_int(t, 1, r.id);
	return finish(c, &p, run(s) && run(t) && audit(c, "session_delete", 0,
	    0, 0, arena_printf(c->a, "%s/%s", e.slug, r.slug)) &&
	    render(&p, SQL_STRUCT_APPROVED_EVENT, e.id, &stale));
}

/* The sessions of event ev in their order: ids and slugs. */
static int sessions_read(struct structure_ctx *c, long long ev,
    long long **ids, const char ***slugs)
{
	sqlite3_stmt *s = store_stmt(c->st, SQL_STRUCT_SESSIONS_OF);
	size_t cap_i = 0, cap_s = 0;
	int n = 0;

	*ids = NULL;
	*slugs = NULL;
	sql_int(s, 1, ev);
	while (sqlite3_step(s) == SQLITE_ROW) {
		*ids = arena_grow(c->a, *ids, (size_t)n, &cap_i, sizeof(**ids));
		*slugs = arena_grow(c->a, *slugs, (size_t)n, &cap_s,
		    sizeof(**slugs));
		(*ids)[n] = sqlite3_column_int64(s, 0);
		(*slugs)[n++] = arena_strdup(c->a, sql_col(s, 1));
	}
	sqlite3_reset(s);
	return n;
}

/* Positions 1..n in the order of ids. */
static int positions_write(struct structure_ctx *c, const long long *ids,
    int n)
{
	int i;

	for (i = 0; i < n; i++) {
		sqlite3_stmt *s = store_stmt(c->st, SQL_STRUCT_SESSION_POSITION);

		sql_int(s, 1, ids[i]);
		sql_int(s, 2, i + 1);
		if (!run(s))
			return 0;
	}
	return 1;
}

static const char *order_finish(struct structure_ctx *c, struct publisher *p,
    const struct event_def *e, const long long *ids, const char **slugs,
    int n)
{
	struct keys none = { NULL, 0, 0 };
	struct buf d;
	const char *detail;
	int i;

	buf_init(&d);
	buf_puts(&d, e->slug);
	buf_puts(&d, ":");
	for (i = 0; i < n; i++) {
		buf_puts(&d, " ");
		buf_puts(&d, slugs[i]);
	}
	detail = arena_strdup(c->a, d.s);
	buf_free(&d);
	return finish(c, p, positions_write(c, ids, n) && audit(c,
	    "session_order", 0, 0, 0, detail) &&
	    render(p, SQL_STRUCT_APPROVED_EVENT, e->id, &none));
}

const char *structure_session_step(struct structure_ctx *c, const char *event,
    const char *slug, int delta)
{
	struct publisher p;
	struct event_def e;
	struct session_row r;
	const char *w, **slugs, *ts;
	long long *ids, t;
	int n, i, j;

	if ((w = session_open(c, &p, event, slug, &e, &r)) != NULL)
		return w;
	n = sessions_read(c, e.id, &ids, &slugs);
	for (i = 0; i < n && ids[i] != r.id; i++)
		;
	j = i + delta;
	if (i == n || j < 0 || j >= n)
		return refuse(c, 409, delta < 0 ? _("This session is the "
		    "first already.") : _("This session is the last "
		    "already."));
	t = ids[i], ids[i] = ids[j], ids[j] = t;
	ts = slugs[i], slugs[i] = slugs[j], slugs[j] = ts;
	return order_finish(c, &p, &e, ids, slugs, n);
}

const char *structure_session_order(struct structure_ctx *c,
    const char *event, const char *const *want, int nwant)
{
	struct publisher p;
	struct event_def e;
	const char *w, **slugs, **ordered;
	long long *ids, *oids;
	int n, i, j;

	if ((w = session_open(c, &p, event, NULL, &e, NULL)) != NULL)
		return w;
	n = sessions_read(c, e.id, &ids, &slugs);
	if (nwant != n)
		return refuse(c, 422, _("Name every session of the event once, "
		    "in the new order."));
	oids = arena_alloc(c->a, (size_t)(n + 1) * sizeof(*oids));
	ordered = arena_alloc(c->a, (size_t)(n + 1) * sizeof(*ordered));
	for (i = 0; i < n; i++) {
		for (j = 0; j < n && (slugs[j] == NULL ||
		    strcmp(slugs[j], want[i]) != 0); j++)
			;
		if (j == n)
			return refuse(c, 422, _("Name every session of the "
			    "event once, in the new order."));
		oids[i] = ids[j];
		ordered[i] = slugs[j];
		slugs[j] = NULL; /* once */
	}
	return order_finish(c, &p, &e, oids, ordered, n);
}

/* ---- organisations -------------------------------------------------------- */

/* The organisation whose slug is slug (org_find also takes names). */
static int org_by_slug(struct structure_ctx *c, const char *slug,
    struct org *o)
{
	return org_find(c->st, c->a, slug, o) == 0 &&
	    strcmp(o->slug, slug) == 0 ? 0 : -1;
}

/* Statements that showed the catalogue's old name show the new one. */
static int names_follow(struct structure_ctx *c, long long id,
    const char *old, const char *name)
{
	sqlite3_stmt *s = store_stmt(c->st, SQL_STRUCT_ORG_NAME_FOLLOW), *t;

	sql_int(s, 1, id);
	sql_text(s, 2, old);
	sql_text(s, 3, name);
	if (!run(s))
		return 0;
	t = store_stmt(c->st, SQL_STRUCT_BEHALF_NAME_FOLLOW);
	sql_int(t, 1, id);
	sql_text(t, 2, old);
	sql_text(t, 3, name);
	return run(t);
}

const char *structure_org_edit(struct structure_ctx *c, const char *slug,
    const char *new_slug, const char *name, const char *url)
{
	struct publisher p;
	struct org o;
	struct keys stale = { NULL, 0, 0 };
	const char *w;
	sqlite3_stmt *s;
	int rc, renamed;

	if (begin(c, &p) != 0)
		return busy(c);
	if (org_by_slug(c, slug, &o) != 0)
		return refuse(c, 404, _("There is no such organisation"));
	new_slug = or(new_slug, o.slug);
	name = or(name, o.name);
	url = or(url, o.url);
	if ((w = org_problem(c->a, new_slug, name, url)) != NULL)
		return refuse(c, 422, w);
	renamed = strcmp(new_slug, o.slug) != 0;
	if (renamed) {
		keys_add(c, &stale, arena_printf(c->a, "org/%s", o.slug));
		if (!redirect_add(c, "org", 0, o.slug, o.id))
			return finish(c, &p, 0);
	}
	s = store_stmt(c->st, SQL_STRUCT_ORG_UPDATE);
	sql_int(s, 1, o.id);
	sql_text(s, 2, new_slug);
	sql_text(s, 3, name);
	sql_text(s, 4, url);
	rc = store_exec(s);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return refuse(c, 409, _("An organisation with this short name "
		    "already exists."));
	return finish(c, &p, rc == SQLITE_DONE &&
	    (strcmp(name, o.name) == 0 || names_follow(c, o.id, o.name,
	    name)) && audit(c, "org_edit", 0, 0, 0, renamed ?
	    arena_printf(c->a, "%s -> %s", o.slug, new_slug) : o.slug) &&
	    render(&p, SQL_STRUCT_APPROVED_ORG, o.id, &stale));
}

const char *structure_org_delete(struct structure_ctx *c, const char *slug)
{
	struct publisher p;
	struct org o;
	struct keys stale = { NULL, 0, 0 };
	long long n;
	sqlite3_stmt *s;

	if (begin(c, &p) != 0)
		return busy(c);
	if (org_by_slug(c, slug, &o) != 0)
		return refuse(c, 404, _("There is no such organisation"));
	if ((n = count_of(c->st, SQL_STRUCT_ORG_FILED, o.id)) > 0)
		return filed_refusal(c, n, _("this organisation"));
	keys_add(c, &stale, arena_printf(c->a, "org/%s", o.slug));
	s = store_stmt(c->st, SQL_STRUCT_ORG_DELETE);
	sql_int(s, 1, o.id);
	return finish(c, &p, run(s) && audit(c, "org_delete", 0, 0, 0,
	    o.slug) && render(&p, SQL_STRUCT_APPROVED_ORG, o.id, &stale));
}

const char *structure_org_merge(struct structure_ctx *c, const char *from,
    const char *into)
{
	struct publisher p;
	struct org f, t;
	struct keys stale = { NULL, 0, 0 };
	sqlite3_stmt *a, *b, *r, *d;
	long long n;

	if (begin(c, &p) != 0)
		return busy(c);
	if (org_by_slug(c, from, &f) != 0 || org_by_slug(c, into, &t) != 0)
		return refuse(c, 404, _("There is no such organisation"));
	if (f.id == t.id)
		return refuse(c, 422, _("An organisation cannot be merged "
		    "into itself."));
	n = count_of(c->st, SQL_STRUCT_ORG_FILED, f.id);
	keys_add(c, &stale, arena_printf(c->a, "org/%s", f.slug));
	a = store_stmt(c->st, SQL_STRUCT_ORG_MERGE_ORG);
	sql_int(a, 1, f.id);
	sql_int(a, 2, t.id);
	sql_text(a, 3, t.name);
	b = store_stmt(c->st, SQL_STRUCT_ORG_MERGE_BEHALF);
	sql_int(b, 1, f.id);
	sql_int(b, 2, t.id);
	sql_text(b, 3, t.name);
	r = store_stmt(c->st, SQL_REDIRECT_RETARGET);
	sql_text(r, 1, "org");
	sql_int(r, 2, f.id);
	sql_int(r, 3, t.id);
	d = store_stmt(c->st, SQL_STRUCT_ORG_DELETE);
	sql_int(d, 1, f.id);
	/* The merged slug's redirect is added after the delete, whose
	 * trigger takes the redirects to the merged organisation away. */
	return finish(c, &p, run(a) && run(b) && run(r) && run(d) &&
	    redirect_add(c, "org", 0, f.slug, t.id) &&
	    audit(c, "org_merge", 0, 0, 0, arena_printf(c->a, "%s -> %s "
	    "(%lld)", f.slug, t.slug, n)) &&
	    render(&p, SQL_STRUCT_APPROVED_ORG, t.id, &stale));
}

/* ---- statements ----------------------------------------------------------- */

const char *structure_statement_move(struct structure_ctx *c,
    const char *public_id, const char *event, const char *session)
{
	struct publisher p;
	struct event_def e;
	struct session_row r;
	struct keyset ks;
	sqlite3_stmt *s;
	long long id, ev, ses;
	const char *pid, *w;
	int rev;

	if ((w = session_open(c, &p, event, session && *session ? session :
	    NULL, &e, &r)) != NULL)
		return w;
	if (session == NULL || *session == '\0')
		r.id = 0;
	s = store_stmt(c->st, SQL_STRUCT_ST_FIND);
	sql_text(s, 1, public_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return refuse(c, 404, _("There is no such statement"));
	}
	id = sqlite3_column_int64(s, 0);
	pid = arena_strdup(c->a, sql_col(s, 1));
	rev = sqlite3_column_int(s, 2);
	ev = sqlite3_column_int64(s, 3);
	ses = sqlite3_column_int64(s, 4);
	sqlite3_reset(s);
	if (ev == e.id && ses == r.id)
		return refuse(c, 409, _("The statement is filed there "
		    "already."));
	/* Where it was shown, then where it is: as an approval does. */
	memset(&ks, 0, sizeof(ks));
	publish_keys_of(&p, id, &ks);
	s = store_stmt(c->st, SQL_STRUCT_ST_MOVE);
	sql_int(s, 1, id);
	sql_int(s, 2, e.id);
	sql_int(s, 3, r.id);
	if (!run(s))
		return finish(c, &p, 0);
	publish_keys_of(&p, id, &ks);
	s = store_stmt(c->st, SQL_REV_INSERT);
	sql_int(s, 1, id);
	sql_text(s, 2, c->actor);
	sql_text(s, 3, "move");
	return finish(c, &p, run(s) && audit(c, "move", id, rev, rev + 1,
	    arena_printf(c->a, "%s -> %s%s%s", pid, e.slug, r.id ? "/" : "",
	    r.id ? r.slug : "")) && publish_keys(&p, &ks) == 0);
}

/* ---- redirects ------------------------------------------------------------ */

/* The current slug that old leads to (q: REDIRECT_EVENT or _ORG), or
 * NULL. */
static const char *redirect_find(struct request *r, enum sql_id q,
    const char *old)
{
	sqlite3_stmt *s = store_row(r->st, q, old);
	const char *now;

	if (s == NULL)
		return NULL;
	now = arena_strdup(r->a, sql_col(s, 0));
	sqlite3_reset(s);
	return now;
}

static const char *redirect_session(struct request *r, const char *event,
    const char *old)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_REDIRECT_SESSION);
	const char *now = NULL;

	sql_text(s, 1, event);
	sql_text(s, 2, old);
	if (sqlite3_step(s) == SQLITE_ROW)
		now = arena_strdup(r->a, sql_col(s, 0));
	sqlite3_reset(s);
	return now;
}

/* The path of r with its slugs made current, or NULL when none is old. */
static const char *redirect_path_of(struct request *r)
{
	struct slug_path sp;
	const char *now, *sess = NULL;

	if (slug_path_split(r->path, &sp) != 0)
		return NULL;
	now = redirect_find(r, strcmp(sp.kind, "org") == 0 ?
	    SQL_REDIRECT_ORG : SQL_REDIRECT_EVENT, sp.slug);
	if (sp.session != NULL)
		sess = redirect_session(r, now ? now : sp.slug, sp.session);
	if (now == NULL && sess == NULL)
		return NULL;
	return arena_printf(r->a, "%s%s%s%s%s", sp.prefix, now ? now : sp.slug,
	    sp.suffix, sess ? "/" : "", sess ? sess : sp.rest);
}

/* The query of /submit with event= and session= made current, or NULL
 * when neither is old. */
static const char *redirect_submit_query(struct request *r)
{
	const char *q = r->query_string, *now_ev = NULL, *now_ses = NULL;
	char ev[SLUGPATH_MAX + 1], ses[SLUGPATH_MAX + 1];
	struct buf out, out2;
	const char *res;

	if (q == NULL || slug_query_value(q, "event", ev, sizeof(ev)) != 0)
		return NULL;
	now_ev = redirect_find(r, SQL_REDIRECT_EVENT, ev);
	if (slug_query_value(q, "session", ses, sizeof(ses)) == 0)
		now_ses = redirect_session(r, now_ev ? now_ev : ev, ses);
	if (now_ev == NULL && now_ses == NULL)
		return NULL;
	buf_init(&out);
	buf_init(&out2);
	slug_query_replace(&out, q, "event", now_ev ? now_ev : ev);
	slug_query_replace(&out2, out.s ? out.s : "", "session",
	    now_ses ? now_ses : ses);
	res = arena_strdup(r->a, now_ses ? (out2.s ? out2.s : "") :
	    (out.s ? out.s : ""));
	buf_free(&out);
	buf_free(&out2);
	return res;
}

const char *structure_current_path(struct request *r)
{
	return redirect_path_of(r);
}

int structure_redirect(struct request *r)
{
	const char *path = NULL, *query = r->query_string ? r->query_string :
	    "";

	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return 0;
	if (strcmp(r->path, "/submit") == 0) {
		if ((query = redirect_submit_query(r)) == NULL)
			return 0;
		path = r->path;
	} else if ((path = redirect_path_of(r)) == NULL) {
		return 0;
	}
	resp_redirect(r, 301, arena_printf(r->a, "%s%s%s", req_url(r, path),
	    *query ? "?" : "", query));
	/* Not for ever: the slug may be taken by a new event one day. */
	resp_header(r, "Cache-Control", "max-age=3600");
	return 1;
}
