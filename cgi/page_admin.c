/* page_admin.c — the admin area: moderators, events, sessions,
 * organisations, settings and trusted submitters, managed through the web
 * as through the command line (the same checks: catalog.c, settings.c).
 * Every change is in the audit log. */
#include "config.h"

#include <string.h>

#include "auth.h"
#include "catalog.h"
#include "form.h"
#include "moderate.h"
#include "pages.h"
#include "settings.h"
#include "store.h"
#include "template.h"
#include "token.h"
#include "valid.h"

static const struct field admin_fields[] = {
	{ "do", 0, 32, "Operation" },
	{ "user", 0, 64, "User name" },
	{ "password", 0, 1024, "Password" },
	{ "role", 0, 16, "Role" },
	{ "email", 0, 254, "E-mail address" },
	{ "slug", 0, 64, "Short name" },
	{ "title", 0, 200, "Title" },
	{ "starts", 0, 10, "First day" },
	{ "ends", 0, 10, "Last day" },
	{ "location", 0, 200, "Place" },
	{ "description", FIELD_LONG, 4000, "Description" },
	{ "event", 0, 64, "Event" },
	{ "kind", 0, 40, "Kind" },
	{ "name", 0, 200, "Name" },
	{ "url", 0, 2000, "Web address" },
	{ "key", 0, 64, "Setting" },
	{ "value", FIELD_LONG, 4000, "Value" },
	{ "csrf", FIELD_CSRF, 200, "Form token" },
};
const struct form admin_form = FORM_DEF("admin", admin_fields);

/* ---- the page ------------------------------------------------------------- */

static void admin_moderators(struct request *r, struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_MOD_LIST);

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_moderators);
		int admin = strcmp(sql_col(s, 1), "admin") == 0;

		tv_str(o, TF_user, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_role, admin ? "admin" : "moderator");
		tv_bool(o, TF_is_admin, admin);
		tv_str(o, TF_email, arena_strdup(r->a, sql_col(s, 2)));
		tv_bool(o, TF_disabled, sqlite3_column_int(s, 3));
		tv_bool(o, TF_self, strcmp(sql_col(s, 0), r->user) == 0);
	}
	sqlite3_reset(s);
}

static void admin_events(struct request *r, struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_EVENT_LIST), *ss;

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_events);
		const char *slug = arena_strdup(r->a, sql_col(s, 0));
		long long id = 0;

		tv_str(o, TF_slug, slug);
		tv_str(o, TF_value, slug);
		tv_str(o, TF_title, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_label, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_location, arena_strdup(r->a, sql_col(s, 2)));
		tv_str(o, TF_starts, arena_strdup(r->a, sql_col(s, 3)));
		tv_str(o, TF_ends, arena_strdup(r->a, sql_col(s, 4)));
		tv_bool(o, TF_open, sqlite3_column_int(s, 5));
		ss = store_stmt(r->st, SQL_EVENT_BY_SLUG);
		sql_text(ss, 1, slug);
		if (sqlite3_step(ss) == SQLITE_ROW)
			id = sqlite3_column_int64(ss, 0);
		sqlite3_reset(ss);
		ss = store_stmt(r->st, SQL_SESSION_LIST);
		sql_int(ss, 1, id);
		while (sqlite3_step(ss) == SQLITE_ROW) {
			struct tv *x = tv_add(o, TF_sessions);

			tv_str(x, TF_slug, arena_strdup(r->a, sql_col(ss, 0)));
			tv_str(x, TF_title, arena_strdup(r->a, sql_col(ss, 1)));
			tv_str(x, TF_kind, arena_strdup(r->a, sql_col(ss, 2)));
		}
		sqlite3_reset(ss);
	}
	sqlite3_reset(s);
}

static void admin_orgs_trusted(struct request *r, struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ORG_LIST);

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_orgs);

		tv_str(o, TF_slug, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_name, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_url, arena_strdup(r->a, sql_col(s, 2)));
	}
	sqlite3_reset(s);
	s = store_stmt(r->st, SQL_TRUSTED_LIST);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_trusted);

		tv_str(o, TF_kind, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_value, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_author, arena_strdup(r->a, sql_col(s, 2)));
		tv_str(o, TF_created, fmt_time(r->a, sql_col(s, 3)));
	}
	sqlite3_reset(s);
}

static void admin_settings(struct request *r, struct tv *view)
{
	const struct setting_def *d;

	for (d = setting_all(); d->key != NULL; d++) {
		struct tv *o = tv_add(view, TF_settings);

		tv_str(o, TF_key, d->key);
		tv_str(o, TF_value, setting_get(r->st, r->a, d->key));
		tv_str(o, TF_hint, d->help);
	}
}

/* The whole admin page; fd and problem when an operation was refused
 * (the failing form shows what was typed). */
static void admin_render(struct request *r, int status,
    const struct form_data *fd, const char *problem)
{
	struct tv *view = tv_new(r->a), *typed = tv_add(view, TF_typed);
	size_t i;

	for (i = 0; fd != NULL && i < admin_form.count; i++) {
		const char *n = admin_fields[i].name;
		enum tf f = tf_lookup(n, strlen(n));

		if (f != TF__COUNT && strcmp(n, "password") != 0 &&
		    strcmp(n, "csrf") != 0)
			tv_str(typed, f, form_str(fd, n));
	}
	if (problem != NULL) {
		struct tv *e = tv_add(view, TF_errors);

		tv_str(e, TF_field, arena_printf(r->a, "form-%s",
		    form_str(fd, "do")));
		tv_str(e, TF_message, problem);
		tv_bool(view, TF_error, 1);
	}
	admin_moderators(r, view);
	admin_events(r, view);
	admin_orgs_trusted(r, view);
	admin_settings(r, view);
	tv_str(view, TF_csrf, token_make(r, admin_form.name));
	tv_str(view, TF_action_url, req_url(r, "/admin"));
	tv_str(view, TF_page_title, "Administration");
	resp_page(r, status, "admin", view);
}

void page_admin(struct request *r, struct form_data *fd)
{
	admin_render(r, 200, NULL, NULL);
}

/* ---- the operations ------------------------------------------------------- */

static const char *admin_moderator_set(struct request *r,
    const struct form_data *fd, const char *op)
{
	const char *user = form_str(fd, "user");

	if (strcmp(user, r->user) == 0)
		return "You cannot change your own account here: ask another "
		    "administrator";
	if (strcmp(op, "disable") == 0 || strcmp(op, "enable") == 0)
		return moderator_set_disabled(r->st, user,
		    strcmp(op, "disable") == 0);
	return moderator_set_role(r->st, user, strcmp(op, "make_admin") == 0 ?
	    "admin" : "moderator");
}

static const char *admin_trusted_remove(struct request *r,
    const struct form_data *fd)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_TRUSTED_DEL);

	sql_text(s, 1, form_str(fd, "kind"));
	sql_text(s, 2, form_str(fd, "value"));
	if (store_exec(s) != SQLITE_DONE || sqlite3_changes(r->st->db) != 1)
		return "That trusted entry does not exist";
	return NULL;
}

static const char *admin_setting(struct request *r,
    const struct form_data *fd)
{
	const struct setting_def *d = setting_find(form_str(fd, "key"));
	const char *v = form_str(fd, "value"), *why;

	if (d == NULL)
		return "There is no such setting";
	if ((why = d->check(v)) != NULL)
		return arena_printf(r->a, "The setting %s %s", d->key, why);
	if (store_setting_set(r->st, d->key, v) != 0)
		return "The setting could not be saved";
	return NULL;
}

/* Runs the operation named by "do"; NULL on success, else why not. */
static const char *admin_do(struct request *r, const struct form_data *fd,
    const char *op)
{
	struct event_def e;

	if (strcmp(op, "moderator_add") == 0)
		return moderator_create(r->st, r->a, form_str(fd, "user"),
		    form_str(fd, "password"), form_str(fd, "role"),
		    form_str(fd, "email"));
	if (strcmp(op, "disable") == 0 || strcmp(op, "enable") == 0 ||
	    strcmp(op, "make_admin") == 0 || strcmp(op, "make_moderator") == 0)
		return admin_moderator_set(r, fd, op);
	if (strcmp(op, "event_add") == 0) {
		e.slug = form_str(fd, "slug");
		e.title = form_str(fd, "title");
		e.starts = form_str(fd, "starts");
		e.ends = form_str(fd, "ends");
		e.location = form_str(fd, "location");
		e.description = form_str(fd, "description");
		e.open = 1;
		return event_create(r->st, &e);
	}
	if (strcmp(op, "event_open") == 0 || strcmp(op, "event_close") == 0)
		return event_set_open(r->st, form_str(fd, "slug"),
		    strcmp(op, "event_open") == 0);
	if (strcmp(op, "session_add") == 0)
		return session_create(r->st, form_str(fd, "event"),
		    form_str(fd, "slug"), form_str(fd, "title"),
		    *form_str(fd, "kind") ? form_str(fd, "kind") : "panel", -1);
	if (strcmp(op, "org_add") == 0)
		return org_create(r->st, form_str(fd, "slug"),
		    form_str(fd, "name"), form_str(fd, "url"));
	if (strcmp(op, "setting") == 0)
		return admin_setting(r, fd);
	if (strcmp(op, "trusted_remove") == 0)
		return admin_trusted_remove(r, fd);
	return "The form asked for an operation that does not exist";
}

void page_admin_post(struct request *r, struct form_data *fd)
{
	const char *op = form_str(fd, "do"), *why;
	const char *subject;
	int rc;

	if ((rc = store_begin(r->st)) != 0) {
		admin_render(r, 503, fd, "The database is busy: nothing was "
		    "changed. Try again in a moment.");
		return;
	}
	why = admin_do(r, fd, op);
	if (why != NULL) {
		store_rollback(r->st);
		admin_render(r, 422, fd, why);
		return;
	}
	subject = *form_str(fd, "user") ? form_str(fd, "user") :
	    *form_str(fd, "key") ? form_str(fd, "key") :
	    *form_str(fd, "value") ? form_str(fd, "value") :
	    form_str(fd, "slug");
	if (audit_add(r, r->user, arena_printf(r->a, "admin %s", op), 0, 0, 0,
	    "", subject) != 0 || store_commit(r->st) != 0) {
		store_rollback(r->st);
		admin_render(r, 503, fd, "The change could not be saved. Try "
		    "again in a moment.");
		return;
	}
	resp_redirect(r, 303, arena_printf(r->a, "%s#form-%s",
	    req_url(r, "/admin"), op));
}
