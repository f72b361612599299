/* page_structure.c — the administrators' pages for what statements are
 * filed under (/admin/structure: events with their sessions, and
 * organisations: edit, rename, reorder, delete, merge), and the
 * moderators' page that moves a statement (/moderate/ID/move). The
 * changes themselves are structure.c's, as on the command line. */
#include "config.h"

#include <string.h>

#include "catalog.h"
#include "form.h"
#include "i18n.h"
#include "pages.h"
#include "statement.h"
#include "store.h"
#include "structure.h"
#include "template.h"
#include "token.h"

static const struct field structure_fields[] = {
	{ "do", FIELD_REQUIRED, 32, N_("Operation") },
	{ "event", 0, 64, N_("Event") },
	{ "slug", 0, 64, N_("Short name") },
	{ "new_slug", 0, 64, N_("New short name") },
	{ "title", 0, 200, N_("Title") },
	{ "starts", 0, 10, N_("First day") },
	{ "ends", 0, 10, N_("Last day") },
	{ "location", 0, 200, N_("Place") },
	{ "description", FIELD_LONG, 4000, N_("Description") },
	{ "time_zone", 0, 64, N_("Time zone") },
	{ "kind", 0, 40, N_("Kind") },
	{ "name", 0, 200, N_("Name") },
	{ "url", 0, 2000, N_("Web address") },
	{ "into", 0, 64, N_("Merge into") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form structure_form = FORM_DEF("structure", structure_fields);

static const struct field move_fields[] = {
	{ "place", FIELD_REQUIRED, 140, N_("Event and session") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form move_form = FORM_DEF("move", move_fields);

static struct structure_ctx ctx_of(struct request *r)
{
	struct structure_ctx c;

	memset(&c, 0, sizeof(c));
	c.st = r->st;
	c.a = r->a;
	c.tmpl = r->app->tmpl;
	c.script_name = r->script_name;
	c.actor = r->user;
	c.addr = r->remote_addr ? r->remote_addr : "";
	return c;
}

/* The error summary of a refused change: its message, linked to anchor. */
static void problem_show(struct tv *view, const char *anchor,
    const char *problem)
{
	struct tv *e;

	if (problem == NULL)
		return;
	e = tv_add(view, TF_errors);
	tv_str(e, TF_field, anchor);
	tv_str(e, TF_message, problem);
	tv_bool(view, TF_error, 1);
}

static void page_common(struct request *r, struct tv *view,
    const char *title)
{
	tv_str(view, TF_csrf, token_make(r, structure_form.name));
	tv_str(view, TF_action_url, req_url(r, "/admin/structure"));
	tv_str(view, TF_page_title, title);
}

/* ---- the lists ------------------------------------------------------------ */

static void list_events(struct request *r, struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_STRUCT_EVENTS_ALL);

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_events);
		const char *slug = arena_strdup(r->a, sql_col(s, 1));

		tv_str(o, TF_slug, slug);
		tv_str(o, TF_title, arena_strdup(r->a, sql_col(s, 2)));
		tv_str(o, TF_starts, arena_strdup(r->a, sql_col(s, 3)));
		tv_str(o, TF_ends, arena_strdup(r->a, sql_col(s, 4)));
		tv_int(o, TF_count, sqlite3_column_int64(s, 5));
		tv_str(o, TF_edit_url, req_url(r, arena_printf(r->a,
		    "/admin/structure/event/%s", slug)));
	}
	sqlite3_reset(s);
}

/* The organisations; selected: the slugs the refused merge named. */
static void list_orgs(struct request *r, struct tv *view, enum tf f,
    const char *selected)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_STRUCT_ORGS_ALL);

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, f);
		const char *slug = arena_strdup(r->a, sql_col(s, 1));

		tv_str(o, TF_slug, slug);
		tv_str(o, TF_name, arena_strdup(r->a, sql_col(s, 2)));
		tv_str(o, TF_url, arena_strdup(r->a, sql_col(s, 3)));
		tv_int(o, TF_count, sqlite3_column_int64(s, 4));
		tv_bool(o, TF_selected, selected && strcmp(slug, selected) == 0);
		tv_str(o, TF_edit_url, req_url(r, arena_printf(r->a,
		    "/admin/structure/org/%s", slug)));
	}
	sqlite3_reset(s);
}

static void structure_list(struct request *r, int status,
    const struct form_data *fd, const char *problem)
{
	struct tv *view = tv_new(r->a);
	const char *op = fd ? form_str(fd, "do") : "";
	int merge = strcmp(op, "org_merge") == 0;

	problem_show(view, merge ? "merge-from" : strncmp(op, "org", 3) == 0 ?
	    "orgs" : "events", problem);
	tv_bool(view, TF_list, 1);
	list_events(r, view);
	list_orgs(r, view, TF_orgs, merge ? form_str(fd, "slug") : NULL);
	list_orgs(r, view, TF_into_orgs, merge ? form_str(fd, "into") : NULL);
	page_common(r, view, _("Events, sessions and organisations"));
	resp_page(r, status, "structure", view);
}

void page_structure(struct request *r, struct form_data *fd)
{
	(void)fd;
	structure_list(r, 200, NULL, NULL);
}

/* ---- an event and its sessions -------------------------------------------- */

static void event_sessions(struct request *r, struct tv *view,
    long long id, const char *event)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_STRUCT_SESSIONS_OF);
	struct tv *last = NULL;
	int first = 1;

	sql_int(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_sessions);

		tv_str(o, TF_event, event);
		tv_str(o, TF_slug, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_title, arena_strdup(r->a, sql_col(s, 2)));
		tv_str(o, TF_kind, arena_strdup(r->a, sql_col(s, 3)));
		tv_int(o, TF_count, sqlite3_column_int64(s, 5));
		tv_bool(o, TF_first, first);
		first = 0;
		last = o;
	}
	sqlite3_reset(s);
	if (last != NULL)
		tv_bool(last, TF_last, 1);
}

/* The edit page of event slug; fd: a refused form, whose typed values
 * are shown (in the event's form when it was the event's). */
static void structure_event(struct request *r, int status, const char *slug,
    const struct form_data *fd, const char *problem)
{
	struct tv *view = tv_new(r->a), *o;
	struct event_def e;
	int typed = fd != NULL && strcmp(form_str(fd, "do"), "event_edit") == 0;

	if (event_find(r->st, r->a, slug, &e) != 0) {
		resp_error(r, 404, _("There is no such event"));
		return;
	}
	problem_show(view, typed ? "event-form" : "sessions", problem);
	o = tv_add(view, TF_event_form);
	tv_str(o, TF_event, e.slug);
	tv_str(o, TF_slug, typed ? form_str(fd, "new_slug") : e.slug);
	tv_str(o, TF_title, typed ? form_str(fd, "title") : e.title);
	tv_str(o, TF_starts, typed ? form_str(fd, "starts") : e.starts);
	tv_str(o, TF_ends, typed ? form_str(fd, "ends") : e.ends);
	tv_str(o, TF_location, typed ? form_str(fd, "location") : e.location);
	tv_str(o, TF_description, typed ? form_str(fd, "description") :
	    e.description);
	tv_str(o, TF_time_zone, typed ? form_str(fd, "time_zone") :
	    e.time_zone);
	event_sessions(r, o, e.id, e.slug);
	tv_str(view, TF_back_url, req_url(r, "/admin/structure"));
	page_common(r, view, arena_printf(r->a, _("Edit the event %s"),
	    e.title));
	resp_page(r, status, "structure", view);
}

void page_structure_event(struct request *r, struct form_data *fd)
{
	(void)fd;
	structure_event(r, 200, r->args[0], NULL, NULL);
}

/* ---- an organisation ------------------------------------------------------ */

static void structure_org(struct request *r, int status, const char *slug,
    const struct form_data *fd, const char *problem)
{
	struct tv *view = tv_new(r->a), *o;
	struct org g;

	if (org_find(r->st, r->a, slug, &g) != 0 || strcmp(g.slug, slug) != 0) {
		resp_error(r, 404, _("There is no such organisation"));
		return;
	}
	problem_show(view, "org-form", problem);
	o = tv_add(view, TF_org_form);
	tv_str(o, TF_event, g.slug); /* the slug it has now */
	tv_str(o, TF_slug, fd ? form_str(fd, "new_slug") : g.slug);
	tv_str(o, TF_name, fd ? form_str(fd, "name") : g.name);
	tv_str(o, TF_url, fd ? form_str(fd, "url") : g.url);
	tv_str(view, TF_back_url, req_url(r, "/admin/structure"));
	page_common(r, view, arena_printf(r->a, _("Edit the organisation %s"),
	    g.name));
	resp_page(r, status, "structure", view);
}

void page_structure_org(struct request *r, struct form_data *fd)
{
	(void)fd;
	structure_org(r, 200, r->args[0], NULL, NULL);
}

/* ---- the changes ---------------------------------------------------------- */

/* Runs the change the form names: NULL, or why not (c->status). *back:
 * where the browser goes after it ("" the list). */
static const char *structure_do(struct request *r, struct structure_ctx *c,
    const struct form_data *fd, const char **back)
{
	const char *op = form_str(fd, "do"), *slug = form_str(fd, "slug");
	const char *ev = form_str(fd, "event");
	struct event_change ch;

	*back = "";
	if (strcmp(op, "event_edit") == 0) {
		memset(&ch, 0, sizeof(ch));
		ch.slug = form_str(fd, "new_slug");
		ch.title = form_str(fd, "title");
		ch.starts = form_str(fd, "starts");
		ch.ends = form_str(fd, "ends");
		ch.location = form_str(fd, "location");
		ch.description = form_str(fd, "description");
		ch.time_zone = form_str(fd, "time_zone");
		*back = arena_printf(r->a, "/event/%s", ch.slug);
		return structure_event_edit(c, slug, &ch);
	}
	if (strcmp(op, "event_delete") == 0)
		return structure_event_delete(c, slug);
	*back = arena_printf(r->a, "/event/%s", ev);
	if (strcmp(op, "session_edit") == 0)
		return structure_session_edit(c, ev, slug,
		    form_str(fd, "new_slug"), form_str(fd, "title"),
		    form_str(fd, "kind"));
	if (strcmp(op, "session_delete") == 0)
		return structure_session_delete(c, ev, slug);
	if (strcmp(op, "session_up") == 0 || strcmp(op, "session_down") == 0)
		return structure_session_step(c, ev, slug,
		    strcmp(op, "session_up") == 0 ? -1 : 1);
	*back = "";
	if (strcmp(op, "org_edit") == 0) {
		*back = arena_printf(r->a, "/org/%s", form_str(fd, "new_slug"));
		return structure_org_edit(c, slug, form_str(fd, "new_slug"),
		    form_str(fd, "name"), form_str(fd, "url"));
	}
	if (strcmp(op, "org_delete") == 0)
		return structure_org_delete(c, slug);
	if (strcmp(op, "org_merge") == 0)
		return structure_org_merge(c, slug, form_str(fd, "into"));
	c->status = 400;
	return _("The form asked for an operation that does not exist");
}

void page_structure_post(struct request *r, struct form_data *fd)
{
	struct structure_ctx c = ctx_of(r);
	const char *op = form_str(fd, "do"), *back, *why;

	why = structure_do(r, &c, fd, &back);
	if (why == NULL) {
		resp_redirect(r, 303, req_url(r, arena_printf(r->a,
		    "/admin/structure%s", back)));
		return;
	}
	/* The page the form was on, with what was typed. */
	if (strcmp(op, "event_edit") == 0 && c.status != 404)
		structure_event(r, c.status, form_str(fd, "slug"), fd, why);
	else if (strncmp(op, "session_", 8) == 0 && c.status != 404)
		structure_event(r, c.status, form_str(fd, "event"), fd, why);
	else if (strcmp(op, "org_edit") == 0 && c.status != 404)
		structure_org(r, c.status, form_str(fd, "slug"), fd, why);
	else
		structure_list(r, c.status ? c.status : 400, fd, why);
}

/* ---- moving a statement --------------------------------------------------- */

/* The places a statement may go: each event, and each of its sessions. */
static void move_places(struct request *r, struct tv *view,
    const char *current)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_STRUCT_EVENTS_ALL);

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_events);
		const char *slug = arena_strdup(r->a, sql_col(s, 1));
		sqlite3_stmt *t;

		tv_str(o, TF_slug, slug);
		tv_str(o, TF_title, arena_strdup(r->a, sql_col(s, 2)));
		tv_bool(o, TF_selected, strcmp(slug, current) == 0);
		/* Sessions read after the events: SESSIONS_OF is another
		 * statement, stepped while this one waits. */
		t = store_stmt(r->st, SQL_STRUCT_SESSIONS_OF);
		sql_int(t, 1, sqlite3_column_int64(s, 0));
		while (sqlite3_step(t) == SQLITE_ROW) {
			struct tv *x = tv_add(o, TF_sessions);
			const char *place = arena_printf(r->a, "%s/%s", slug,
			    sql_col(t, 1));

			tv_str(x, TF_slug, place);
			tv_str(x, TF_title, arena_strdup(r->a, sql_col(t, 2)));
			tv_bool(x, TF_selected, strcmp(place, current) == 0);
		}
		sqlite3_reset(t);
	}
	sqlite3_reset(s);
}

static void move_render(struct request *r, int status,
    const struct statement *st, const char *place, const char *problem)
{
	struct tv *view = tv_new(r->a), *o;

	problem_show(view, "move-place", problem);
	o = tv_add(view, TF_move_form);
	tv_str(o, TF_title, st->title);
	tv_str(o, TF_event, *st->session_slug ? arena_printf(r->a, "%s / %s",
	    st->event_title, st->session_title) : st->event_title);
	move_places(r, o, place);
	tv_str(view, TF_csrf, token_make(r, move_form.name));
	tv_str(view, TF_action_url, req_url(r, arena_printf(r->a,
	    "/moderate/%s/move", st->public_id)));
	tv_str(view, TF_back_url, req_url(r, arena_printf(r->a,
	    "/moderate/%s", st->public_id)));
	tv_str(view, TF_page_title, arena_printf(r->a, _("Move the statement "
	    "%s"), st->title));
	resp_page(r, status, "structure", view);
}

void page_move(struct request *r, struct form_data *fd)
{
	struct statement st;

	(void)fd;
	if (statement_by_public_id(r, r->args[0], &st) != 0) {
		resp_error(r, 404, _("There is no such statement"));
		return;
	}
	move_render(r, 200, &st, *st.session_slug ? arena_printf(r->a,
	    "%s/%s", st.event_slug, st.session_slug) : st.event_slug, NULL);
}

void page_move_post(struct request *r, struct form_data *fd)
{
	struct structure_ctx c = ctx_of(r);
	struct statement st;
	const char *place = form_str(fd, "place"), *why;
	char *ev = arena_strdup(r->a, place), *ses = strchr(ev, '/');

	if (statement_by_public_id(r, r->args[0], &st) != 0) {
		resp_error(r, 404, _("There is no such statement"));
		return;
	}
	if (ses != NULL)
		*ses++ = '\0';
	why = structure_statement_move(&c, st.public_id, ev, ses ? ses : "");
	if (why == NULL) {
		resp_redirect(r, 303, req_url(r, arena_printf(r->a,
		    "/moderate/%s", st.public_id)));
		return;
	}
	move_render(r, c.status, &st, place, why);
}
