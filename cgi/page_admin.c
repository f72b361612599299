/* page_admin.c — the admin area: moderators, events, sessions,
 * organisations, reusable reasons, settings and trusted submitters,
 * managed through the web as through the command line (the same checks:
 * catalog.c, settings.c). Every change is in the audit log. The settings
 * come in the groups of settings.def, each a form of its own posted to
 * /admin/settings.
 *
 * Settings that run a command, write files or decide who is signed in are
 * shown but not changed here: they take a shell on the server (`dais
 * config set`), so that a stolen admin session does not become one. */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "catalog.h"
#include "date.h"
#include "form.h"
#include "i18n.h"
#include "moderate.h"
#include "outbox.h"
#include "pages.h"
#include "publish.h"
#include "settings.h"
#include "store.h"
#include "template.h"
#include "token.h"
#include "valid.h"

static const struct field admin_fields[] = {
	{ "do", 0, 32, N_("Operation") },
	{ "user", 0, 64, N_("User name") },
	{ "password", 0, 1024, N_("Password") },
	{ "role", 0, 16, N_("Role") },
	{ "email", 0, 254, N_("E-mail address") },
	{ "slug", 0, 64, N_("Short name") },
	{ "title", 0, 200, N_("Title") },
	{ "starts", 0, 10, N_("First day") },
	{ "ends", 0, 10, N_("Last day") },
	{ "location", 0, 200, N_("Place") },
	{ "description", FIELD_LONG, 4000, N_("Description") },
	{ "event", 0, 64, N_("Event") },
	{ "kind", 0, 40, N_("Kind") },
	{ "name", 0, 200, N_("Name") },
	{ "url", 0, 2000, N_("Web address") },
	{ "value", FIELD_LONG, 4000, N_("Value") },
	{ "reason", 0, 2000, N_("Reason") },
	{ "mail", 0, 20, N_("Message") },
	{ "time_zone", 0, 64, N_("Time zone") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form admin_form = FORM_DEF("admin", admin_fields);

/* GET /admin: ?saved=GROUP after a group of settings was saved. */
static const struct field admin_query_fields[] = {
	{ "saved", 0, 32, N_("Settings saved") },
};
const struct form admin_query = FORM_DEF("admin_query", admin_query_fields);

/* POST /admin/settings: one group of settings, each field named as its
 * key. Every field takes several lines, so that a line break is refused
 * at the field by the setting's own check, not by a 400 page. */
#define SETTING_FIELD_MAX 4000
static const struct field settings_fields[] = {
#define GROUP(id, slug, title)
#define SETTING(key, dflt, check, group, type, label, help) \
	{ #key, FIELD_LONG, SETTING_FIELD_MAX, label },
#define INTERNAL(key)
#include "settings.def"
#undef SETTING
#undef INTERNAL
#undef GROUP
	{ "group", 0, 32, N_("Group of settings") },
	{ "seen", 0, 64, N_("Settings as shown") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
/* The admin page's token: every form of the page carries the same. */
const struct form settings_form = FORM_DEF("admin", settings_fields);

/* A group of settings sent back: its values as typed, and what is wrong
 * with each refused one (why[i] for the i-th setting, NULL when fine). */
struct settings_post {
	enum setting_group group;
	const struct form_data *fd;
	const char *why[SET__PUBLIC];
};

/* The forms that add something, each a section of its own in admin.html:
 * only the one that was refused shows what was typed. */
static const struct {
	const char *op;
	enum tf f;
} admin_forms[] = {
	{ "moderator_add", TF_form_moderator_add },
	{ "event_add", TF_form_event_add },
	{ "session_add", TF_form_session_add },
	{ "org_add", TF_form_org_add },
	{ "reason_add", TF_form_reason_add },
};

/* mail_command runs a program, static_dir writes files wherever dais may,
 * trust_remote_user hands sign-in to a header: only `dais config set`. */
static const char *const admin_server_only[] = {
	SETTING_NAME(mail_command), SETTING_NAME(static_dir),
	SETTING_NAME(trust_remote_user),
};

static int admin_setting_server_only(const char *key)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(admin_server_only); i++)
		if (strcmp(admin_server_only[i], key) == 0)
			return 1;
	return 0;
}

/* The id of the part of the page an operation belongs to: where the error
 * summary links to and where the browser lands after the change. Only
 * known names, as it goes into a Location header. */
static const char *admin_anchor(struct request *r, const char *op)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(admin_forms); i++)
		if (strcmp(admin_forms[i].op, op) == 0)
			return arena_printf(r->a, "form-%s", admin_forms[i].op);
	if (strcmp(op, "event_open") == 0 || strcmp(op, "event_close") == 0 ||
	    strcmp(op, "event_time_zone") == 0)
		return "events";
	if (strcmp(op, "reason_remove") == 0)
		return "reasons";
	if (strcmp(op, "trusted_remove") == 0)
		return "trusted";
	if (strcmp(op, "mail_retry") == 0 || strcmp(op, "mail_discard") == 0)
		return "mail";
	return "moderators";
}

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

/* The events and their sessions; selected is the event the refused
 * session form named ("" when none). */
static void admin_events(struct request *r, struct tv *view,
    const char *selected)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_EVENT_LIST), *ss;

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_events);
		const char *slug = arena_strdup(r->a, sql_col(s, 0));
		struct event_def ev;
		long long id = 0;

		tv_str(o, TF_slug, slug);
		tv_str(o, TF_value, slug);
		tv_str(o, TF_title, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_label, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_location, arena_strdup(r->a, sql_col(s, 2)));
		tv_str(o, TF_starts, arena_strdup(r->a, sql_col(s, 3)));
		tv_str(o, TF_ends, arena_strdup(r->a, sql_col(s, 4)));
		tv_bool(o, TF_open, sqlite3_column_int(s, 5));
		tv_str(o, TF_zone_value, arena_strdup(r->a, sql_col(s, 6)));
		tv_str(o, TF_time_zone, *sql_col(s, 6) ? arena_strdup(r->a,
		    sql_col(s, 6)) : arena_printf(r->a,
		    /* TRANSLATORS: an event without a time zone of its own;
		     * %s is the time_zone setting's, as in "UTC". */
		    _("%s (the time_zone setting)"), setting_get(r->st, r->a,
		    SET_time_zone)));
		tv_bool(o, TF_selected, strcmp(slug, selected) == 0);
		if (event_find(r->st, r->a, slug, &ev) == 0)
			id = ev.id;
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
		tv_str(o, TF_created, date_human(r->a, i18n_current(),
		    sql_col(s, 3)));
	}
	sqlite3_reset(s);
}

/* The outbox: how many wait, and each message given up as undeliverable
 * (the newest 50), to send again or discard. */
static void admin_mail(struct request *r, struct tv *view)
{
	struct outbox_counts c;
	sqlite3_stmt *s;

	if (outbox_counts(r->st, &c) != 0)
		return;
	tv_str(view, TF_mail_waiting, arena_printf(r->a, "%lld", c.pending));
	tv_str(view, TF_mail_dead, arena_printf(r->a, "%lld", c.dead));
	tv_bool(view, TF_has_dead_mail, c.dead > 0);
	s = store_stmt(r->st, SQL_OUTBOX_LIST);
	sql_text(s, 1, "dead");
	sql_int(s, 2, 50);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_dead_mail);
		char when[DATE_RFC3339_SIZE];

		tv_str(o, TF_mail_id, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_recipient, arena_strdup(r->a, sql_col(s, 2)));
		tv_str(o, TF_subject, arena_strdup(r->a, sql_col(s, 3)));
		date_rfc3339(when, sqlite3_column_int64(s, 4));
		tv_str(o, TF_created, date_human(r->a, i18n_current(), when));
		tv_str(o, TF_attempts, arena_strdup(r->a, sql_col(s, 5)));
		tv_str(o, TF_last_error, arena_strdup(r->a, sql_col(s, 7)));
	}
	sqlite3_reset(s);
}

static void admin_reasons(struct request *r, struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_REASONS);

	while (sqlite3_step(s) == SQLITE_ROW)
		tv_str(tv_add(view, TF_reasons), TF_text,
		    arena_strdup(r->a, sql_col(s, 0)));
	sqlite3_reset(s);
}

/* The control of one setting: its type's flags, its bounds or choices. */
static void admin_setting_control(struct request *r, struct tv *o,
    const struct setting_def *d, const char *value)
{
	const struct setting_choice *c;
	const char *const *l;

	tv_bool(o, TF_is_number, d->type == SETTING_NUMBER);
	tv_bool(o, TF_is_onoff, d->type == SETTING_ONOFF);
	tv_bool(o, TF_is_long, d->type == SETTING_LONG);
	tv_bool(o, TF_is_choice, d->type == SETTING_CHOICE ||
	    d->type == SETTING_LANGUAGE);
	tv_bool(o, TF_checked, strcmp(value, "on") == 0);
	if (d->type == SETTING_NUMBER) {
		tv_str(o, TF_min, arena_printf(r->a, "%lld", d->min));
		tv_str(o, TF_max, arena_printf(r->a, "%lld", d->max));
	}
	if (d->type == SETTING_LANGUAGE)
		for (l = i18n_languages; *l != NULL; l++) {
			struct tv *x = tv_add(o, TF_choices);

			tv_str(x, TF_value, *l);
			tv_str(x, TF_label, i18n_autonym(*l));
			tv_str(x, TF_lang, *l);
			tv_bool(x, TF_selected, strcmp(*l, value) == 0);
		}
	if (d->type == SETTING_CHOICE)
		for (c = d->choices; c->value != NULL; c++) {
			struct tv *x = tv_add(o, TF_choices);

			tv_str(x, TF_value, c->value);
			tv_str(x, TF_label, _(c->label));
			tv_str(x, TF_lang, "");
			tv_bool(x, TF_selected, strcmp(c->value, value) == 0);
		}
}

/* A fingerprint of group g's settings as stored (hex): the form carries
 * the one it was shown with, so that saving a group never puts back a
 * value someone changed meanwhile (page_admin_settings_post). */
static const char *settings_seen(struct request *r, enum setting_group g)
{
	const struct setting_def *d;
	crypto_generichash_state h;
	unsigned char out[16];
	char *hex = arena_alloc(r->a, 2 * sizeof(out) + 1);

	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	for (d = setting_all(); d->key != NULL; d++) {
		const char *v;

		if (d->group != g)
			continue;
		v = store_setting(r->st, r->a, d->key, d->dflt);
		/* key, NUL, value, NUL: no two lists read the same */
		crypto_generichash_update(&h, (const unsigned char *)d->key,
		    strlen(d->key) + 1);
		crypto_generichash_update(&h, (const unsigned char *)v,
		    strlen(v) + 1);
	}
	crypto_generichash_final(&h, out, sizeof(out));
	return sodium_bin2hex(hex, 2 * sizeof(out) + 1, out, sizeof(out));
}

/* The settings by group, each group a form of its own; the group sent back
 * (sp) shows what was typed and its errors, the others what is set. */
static void admin_settings(struct request *r, struct tv *view,
    const struct settings_post *sp, const char *saved)
{
	const char *csrf = token_make(r, settings_form.name);
	const struct setting_def *all = setting_all(), *d;
	int g;

	for (g = 0; g < SG__COUNT; g++) {
		struct tv *grp = tv_add(view, TF_groups);
		int typed = sp != NULL && sp->group == (enum setting_group)g;

		tv_str(grp, TF_slug, setting_groups[g].slug);
		tv_str(grp, TF_title, _(setting_groups[g].title));
		tv_bool(grp, TF_advanced, g == SG_ADVANCED);
		tv_bool(grp, TF_saved, strcmp(saved, setting_groups[g].slug) ==
		    0);
		/* Advanced opens when it is what was sent or saved. */
		tv_bool(grp, TF_open, typed || strcmp(saved,
		    setting_groups[g].slug) == 0);
		tv_str(grp, TF_csrf, csrf);
		tv_str(grp, TF_seen, settings_seen(r, (enum setting_group)g));
		tv_str(grp, TF_action_url, req_url(r, "/admin/settings"));
		for (d = all; d->key != NULL; d++) {
			struct tv *o;
			const char *v;
			int server = admin_setting_server_only(d->key);

			if (d->group != (enum setting_group)g)
				continue;
			o = tv_add(grp, TF_settings);
			v = store_setting(r->st, r->a, d->key, d->dflt);
			/* A server-only one always shows what is set. */
			if (typed && !server &&
			    form_param(sp->fd, d->key) != NULL)
				v = form_str(sp->fd, d->key);
			else if (typed && !server && d->type == SETTING_ONOFF)
				v = "off";
			tv_str(o, TF_key, d->key);
			tv_str(o, TF_label, _(d->label));
			tv_str(o, TF_hint, _(d->help));
			tv_str(o, TF_value, v);
			tv_bool(o, TF_server_only, server);
			/* "", not unset: an unset field is looked up outside. */
			tv_str(o, TF_message, typed && sp->why[d - all] ?
			    sp->why[d - all] : "");
			admin_setting_control(r, o, d, v);
		}
	}
}

/* One section per adding form; the refused one (op) gets what was typed,
 * the others empty values (never the page's own, e.g. the signed-in
 * user's name). */
static void admin_typed(struct request *r, struct tv *view,
    const struct form_data *fd, const char *op)
{
	size_t i, j;

	for (i = 0; i < ARRAY_LEN(admin_forms); i++) {
		struct tv *o = tv_add(view, admin_forms[i].f);
		int refused = fd != NULL && strcmp(op, admin_forms[i].op) == 0;

		for (j = 0; j < admin_form.count; j++) {
			const char *n = admin_fields[j].name;
			enum tf f = tf_lookup(n, strlen(n));

			if (f != TF__COUNT && strcmp(n, "password") != 0 &&
			    strcmp(n, "csrf") != 0)
				tv_str(o, f, refused ? form_str(fd, n) : "");
		}
		tv_bool(o, TF_role_admin, refused &&
		    strcmp(form_str(fd, "role"), "admin") == 0);
	}
}

/* The whole admin page; fd and problem when an operation was refused
 * (the failing form shows what was typed). */
static void admin_render_all(struct request *r, int status,
    const struct form_data *fd, const char *problem,
    const struct settings_post *sp, const char *saved)
{
	struct tv *view = tv_new(r->a);
	const char *op = fd != NULL ? form_str(fd, "do") : "";
	const struct setting_def *all = setting_all(), *d;

	admin_typed(r, view, fd, op);
	if (problem != NULL) {
		struct tv *e = tv_add(view, TF_errors);

		tv_str(e, TF_field, sp != NULL ? arena_printf(r->a,
		    "settings-%s", setting_groups[sp->group].slug) :
		    admin_anchor(r, op));
		tv_str(e, TF_message, problem);
		tv_bool(view, TF_error, 1);
	}
	/* Each refused setting, in the form's order. */
	for (d = all; sp != NULL && d->key != NULL; d++) {
		struct tv *e;

		if (sp->why[d - all] == NULL)
			continue;
		e = tv_add(view, TF_errors);
		tv_str(e, TF_field, arena_printf(r->a, "set-%s", d->key));
		tv_str(e, TF_message, sp->why[d - all]);
		tv_bool(view, TF_error, 1);
	}
	admin_moderators(r, view);
	admin_events(r, view, strcmp(op, "session_add") == 0 ?
	    form_str(fd, "event") : "");
	admin_orgs_trusted(r, view);
	admin_reasons(r, view);
	admin_mail(r, view);
	admin_settings(r, view, sp, saved);
	tv_bool(view, TF_no_base_url, req_public_url(r, "/") == NULL);
	tv_str(view, TF_csrf, token_make(r, admin_form.name));
	tv_str(view, TF_action_url, req_url(r, "/admin"));
	tv_str(view, TF_erase_url, req_url(r, "/admin/erase"));
	tv_str(view, TF_page_title, _("Administration"));
	resp_page(r, status, "admin", view);
}

static void admin_render(struct request *r, int status,
    const struct form_data *fd, const char *problem)
{
	admin_render_all(r, status, fd, problem, NULL, "");
}

void page_admin(struct request *r, struct form_data *fd)
{
	admin_render_all(r, 200, NULL, NULL, NULL, form_str(fd, "saved"));
}

/* ---- the operations ------------------------------------------------------- */

static const char *admin_moderator_set(struct request *r,
    const struct form_data *fd, const char *op)
{
	const char *user = form_str(fd, "user");

	if (strcmp(user, r->user) == 0)
		return _("You cannot change your own account here: ask "
		    "another administrator");
	if (strcmp(op, "disable") == 0 || strcmp(op, "enable") == 0)
		return moderator_set_disabled(r->st, user,
		    strcmp(op, "disable") == 0);
	return moderator_set_role(r->st, user, strcmp(op, "make_admin") == 0 ?
	    "admin" : "moderator");
}

static const char *admin_trusted_remove(struct request *r,
    const struct form_data *fd, const char *op)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_TRUSTED_DEL);

	(void)op;
	sql_text(s, 1, form_str(fd, "kind"));
	sql_text(s, 2, form_str(fd, "value"));
	if (store_exec_one(r->st, s) != 0)
		return _("That trusted entry does not exist");
	return NULL;
}

/* A reusable reason for rejecting: as long as the review form's choice
 * may be (page_moderate.c: reason_choice, 500 characters). */
static const char *admin_reason_add(struct request *r,
    const struct form_data *fd, const char *op)
{
	const char *text = form_str(fd, "reason"), *w;
	sqlite3_stmt *s;
	int rc;

	(void)op;
	if ((w = valid_line(text, 500, 1)) != NULL)
		/* TRANSLATORS: %s says what is wrong with the reason, as
		 * in "must not be empty". */
		return arena_printf(r->a, _("The reason %s (one line, at "
		    "most 500 characters)"), _(w));
	s = store_stmt(r->st, SQL_REASON_ADD);
	sql_text(s, 1, text);
	rc = store_exec(s);
	if (rc == SQLITE_DONE)
		return NULL;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? _("That reason is already "
	    "in the list") : _("The reason could not be saved");
}

static const char *admin_reason_remove(struct request *r,
    const struct form_data *fd, const char *op)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_REASON_DEL);

	(void)op;
	sql_text(s, 1, form_str(fd, "reason"));
	if (store_exec_one(r->st, s) != 0)
		return _("That reason is not in the list");
	return NULL;
}

static const char *admin_moderator_add(struct request *r,
    const struct form_data *fd, const char *op)
{
	(void)op;
	return moderator_create(r->st, r->a, form_str(fd, "user"),
	    form_str(fd, "password"), form_str(fd, "role"),
	    form_str(fd, "email"));
}

static const char *admin_event_add(struct request *r,
    const struct form_data *fd, const char *op)
{
	struct event_def e;

	(void)op;
	e.slug = form_str(fd, "slug");
	e.title = form_str(fd, "title");
	e.starts = form_str(fd, "starts");
	e.ends = form_str(fd, "ends");
	e.location = form_str(fd, "location");
	e.description = form_str(fd, "description");
	e.time_zone = form_str(fd, "time_zone");
	e.open = 1;
	return event_create(r->st, r->a, &e);
}

static const char *admin_event_time_zone(struct request *r,
    const struct form_data *fd, const char *op)
{
	(void)op;
	return event_set_time_zone(r->st, r->a, form_str(fd, "slug"),
	    form_str(fd, "time_zone"));
}

static const char *admin_event_open(struct request *r,
    const struct form_data *fd, const char *op)
{
	return event_set_open(r->st, form_str(fd, "slug"),
	    strcmp(op, "event_open") == 0);
}

static const char *admin_session_add(struct request *r,
    const struct form_data *fd, const char *op)
{
	(void)op;
	return session_create(r->st, r->a, form_str(fd, "event"),
	    form_str(fd, "slug"), form_str(fd, "title"),
	    *form_str(fd, "kind") ? form_str(fd, "kind") : "panel", -1);
}

static const char *admin_org_add(struct request *r,
    const struct form_data *fd, const char *op)
{
	(void)op;
	return org_create(r->st, r->a, form_str(fd, "slug"),
	    form_str(fd, "name"), form_str(fd, "url"));
}

/* A message given up as undeliverable: sent again (due now, its attempts
 * counted from 0) or discarded. */
static const char *admin_mail_dead(struct request *r,
    const struct form_data *fd, const char *op)
{
	long long id;
	int rc;

	if (parse_ll(form_str(fd, "mail"), 1, 1000000000000LL, &id) != 0)
		return _("The form did not say which message");
	rc = strcmp(op, "mail_retry") == 0 ? outbox_retry(r->st, id) :
	    outbox_discard(r->st, id);
	if (rc > 0)
		return _("That message is no longer undeliverable: it was "
		    "sent again or discarded meanwhile");
	return rc < 0 ? _("The change could not be saved. Try again in a "
	    "moment.") : NULL;
}

/* The operations of the "do" field; each returns NULL on success, else
 * why not. */
static const struct admin_op {
	const char *name;
	const char *(*run)(struct request *r, const struct form_data *fd,
	    const char *op);
} admin_ops[] = {
	{ "moderator_add", admin_moderator_add },
	{ "disable", admin_moderator_set },
	{ "enable", admin_moderator_set },
	{ "make_admin", admin_moderator_set },
	{ "make_moderator", admin_moderator_set },
	{ "event_add", admin_event_add },
	{ "event_open", admin_event_open },
	{ "event_close", admin_event_open },
	{ "event_time_zone", admin_event_time_zone },
	{ "session_add", admin_session_add },
	{ "org_add", admin_org_add },
	{ "trusted_remove", admin_trusted_remove },
	{ "reason_add", admin_reason_add },
	{ "reason_remove", admin_reason_remove },
	{ "mail_retry", admin_mail_dead },
	{ "mail_discard", admin_mail_dead },
};

/* Runs the operation named by "do"; NULL on success, else why not. */
static const char *admin_do(struct request *r, const struct form_data *fd,
    const char *op)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(admin_ops); i++)
		if (strcmp(admin_ops[i].name, op) == 0)
			return admin_ops[i].run(r, fd, op);
	return _("The form asked for an operation that does not exist");
}

/* base_url and site_name are written into stored fragments (links, feed
 * titles): render every one again, as `dais config set` does. After the
 * commit; should it fail, the next worker to start sees the renderer
 * version changed and renders them. */
static void admin_publish_all(struct request *r)
{
	struct publisher p;

	publisher_init(&p, r->st, r->a, r->app->tmpl, r->script_name);
	if (publish_all(&p) != 0)
		log_err("the fragments were not rendered again after a "
		    "settings change: %s", sqlite3_errmsg(r->st->db));
}

/* What an operation acted on, for the audit log. */
static const char *admin_subject(struct request *r, const struct form_data *fd,
    const char *op)
{
	if (strcmp(op, "reason_add") == 0 || strcmp(op, "reason_remove") == 0)
		return form_str(fd, "reason");
	if (strcmp(op, "trusted_remove") == 0)
		return arena_printf(r->a, "%s %s", form_str(fd, "kind"),
		    form_str(fd, "value"));
	if (strcmp(op, "session_add") == 0)
		return arena_printf(r->a, "%s/%s", form_str(fd, "event"),
		    form_str(fd, "slug"));
	if (strcmp(op, "mail_retry") == 0 || strcmp(op, "mail_discard") == 0)
		return arena_printf(r->a, "mail %s", form_str(fd, "mail"));
	if (strcmp(op, "event_time_zone") == 0)
		return arena_printf(r->a, "%s = %s", form_str(fd, "slug"),
		    form_str(fd, "time_zone"));
	return *form_str(fd, "user") ? form_str(fd, "user") :
	    form_str(fd, "slug");
}

void page_admin_post(struct request *r, struct form_data *fd)
{
	const char *op = form_str(fd, "do"), *why;
	int rc;

	if ((rc = store_begin(r->st)) != 0) {
		admin_render(r, 503, fd, _("The database is busy: nothing "
		    "was changed. Try again in a moment."));
		return;
	}
	why = admin_do(r, fd, op);
	if (why != NULL) {
		store_rollback(r->st);
		admin_render(r, 422, fd, why);
		return;
	}
	if (audit_add(r, r->user, arena_printf(r->a, "admin %s", op), 0, 0, 0,
	    "", admin_subject(r, fd, op)) != 0 || store_commit(r->st) != 0) {
		store_rollback(r->st);
		admin_render(r, 503, fd, _("The change could not be saved. "
		    "Try again in a moment."));
		return;
	}
	resp_redirect(r, 303, arena_printf(r->a, "%s#%s",
	    req_url(r, "/admin"), admin_anchor(r, op)));
}

/* ---- a group of settings --------------------------------------------------- */

/* The value a setting of the group gets from the form, or NULL when the
 * form left it out (then it stays as it is). An on/off box left unticked
 * is not sent: off. */
static const char *settings_value(const struct form_data *fd,
    const struct setting_def *d)
{
	if (d->type == SETTING_ONOFF)
		return strcmp(form_str(fd, d->key), "on") == 0 ? "on" : "off";
	return form_param(fd, d->key) != NULL ? form_str(fd, d->key) : NULL;
}

/* Checks every setting of sp's group as typed, all at once; the number of
 * those refused. */
static int settings_check(struct request *r, struct settings_post *sp)
{
	const struct setting_def *all = setting_all(), *d;
	const char *v, *why;
	int bad = 0;

	for (d = all; d->key != NULL; d++) {
		if (d->group != sp->group || admin_setting_server_only(d->key) ||
		    (v = settings_value(sp->fd, d)) == NULL)
			continue;
		if (form_too_long(sp->fd, d->key))
			why = arena_printf(r->a, _("must be at most %d "
			    "characters"), SETTING_FIELD_MAX);
		else if ((why = d->check(v)) == NULL)
			continue;
		/* TRANSLATORS: the first %s is a setting's label (as in
		 * "Site name"), the second what is wrong with the value,
		 * as in "must not end with a slash". */
		sp->why[d - all] = arena_printf(r->a, _("“%s” %s"),
		    _(d->label), _(why));
		bad++;
	}
	return bad;
}

/* Stores the group's settings whose value changed, each in the audit log;
 * 0, or -1 (rolled back by the caller). *render: a setting that stored
 * fragments show changed. */
static int settings_store(struct request *r, const struct settings_post *sp,
    int *render)
{
	const struct setting_def *d;
	const char *v;

	for (d = setting_all(); d->key != NULL; d++) {
		if (d->group != sp->group || admin_setting_server_only(d->key) ||
		    (v = settings_value(sp->fd, d)) == NULL ||
		    strcmp(v, store_setting(r->st, r->a, d->key, d->dflt)) == 0)
			continue;
		if (store_setting_set(r->st, d->key, v) != 0 ||
		    audit_add(r, r->user, "admin setting", 0, 0, 0, "",
		    arena_printf(r->a, "%s = %s", d->key, v)) != 0)
			return -1;
		if (strcmp(d->key, SETTING_NAME(base_url)) == 0 ||
		    strcmp(d->key, SETTING_NAME(default_language)) == 0 ||
		    strcmp(d->key, SETTING_NAME(site_name)) == 0)
			*render = 1;
	}
	return 0;
}

/* POST /admin/settings: one group of settings saved at once, or none of
 * it (every problem shown at its field, what was typed kept). The form
 * carries only its group's settings: another's, or one changed only with
 * `dais config set`, is refused. */
void page_admin_settings_post(struct request *r, struct form_data *fd)
{
	struct settings_post *sp = arena_alloc(r->a, sizeof(*sp));
	const struct setting_def *d;
	int render = 0;

	memset(sp, 0, sizeof(*sp));
	sp->fd = fd;
	sp->group = setting_group_find(form_str(fd, "group"));
	if (sp->group == SG__COUNT) {
		resp_error(r, 400, _("The form did not say which group of "
		    "settings to save. Reload the administration page and "
		    "try again."));
		return;
	}
	for (d = setting_all(); d->key != NULL; d++) {
		if (form_param(fd, d->key) == NULL)
			continue;
		if (admin_setting_server_only(d->key)) {
			log_info("%s tried to set %s through the web: refused",
			    r->user, d->key);
			admin_render_all(r, 403, NULL, arena_printf(r->a,
			    /* TRANSLATORS: %s is a setting's name, twice;
			     * keep "dais config set" and VALUE as they are
			     * (a command). */
			    _("The setting %s is not changed through the web: "
			    "set it with dais config set %s VALUE on the "
			    "server"), d->key, d->key), sp, "");
			return;
		}
		if (d->group != sp->group) {
			resp_error(r, 400, arena_printf(r->a,
			    /* TRANSLATORS: %s is a setting's name, as is. */
			    _("The form sent the setting %s, which belongs to "
			    "another group. Reload the administration page and "
			    "try again."), d->key));
			return;
		}
	}
	if (settings_check(r, sp) > 0) {
		admin_render_all(r, 422, NULL, NULL, sp, "");
		return;
	}
	if (store_begin(r->st) != 0) {
		admin_render_all(r, 503, NULL, _("The database is busy: "
		    "nothing was changed. Try again in a moment."), sp, "");
		return;
	}
	/* Changed since the form was shown (another administrator, or
	 * dais config set): nothing is saved, and the form comes back with
	 * what was typed and, in its fingerprint, the values now set, so
	 * that saving again is a choice made knowing it. A form without a
	 * fingerprint (a script) is not checked. */
	if (*form_str(fd, "seen") != '\0' && strcmp(form_str(fd, "seen"),
	    settings_seen(r, sp->group)) != 0) {
		store_rollback(r->st);
		admin_render_all(r, 409, NULL, _("Someone changed these "
		    "settings after you opened this page, so nothing was "
		    "saved. What you typed is kept below: check it against "
		    "the current settings (reload the page in another tab to "
		    "see them), then save again."), sp, "");
		return;
	}
	if (settings_store(r, sp, &render) != 0 || store_commit(r->st) != 0) {
		store_rollback(r->st);
		admin_render_all(r, 503, NULL, _("The change could not be "
		    "saved. Try again in a moment."), sp, "");
		return;
	}
	if (render)
		admin_publish_all(r);
	resp_redirect(r, 303, arena_printf(r->a, "%s?saved=%s#settings-%s",
	    req_url(r, "/admin"), setting_groups[sp->group].slug,
	    setting_groups[sp->group].slug));
}
