/* page_moderate.c — the moderators' pages: the queue (with bulk
 * decisions), the review page of one statement, its actions and the
 * conflict page, the original document, and the audit log. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "catalog.h"
#include "date.h"
#include "diff.h"
#include "form.h"
#include "i18n.h"
#include "markup.h"
#include "moderate.h"
#include "notify.h"
#include "pages.h"
#include "search.h"
#include "statement.h"
#include "store.h"
#include "template.h"
#include "token.h"
#include "tz.h"
#include "valid.h"

#define QUEUE_PAGE 50
#define QUEUE_BULK_MAX 100 /* statements decided by one bulk form */
#define QUEUE_EXCERPT 200  /* characters of a row's excerpt, about */

static const struct field queue_fields[] = {
	{ "state", 0, 20, N_("State") },
	{ "event", 0, 64, N_("Event") },
	{ "session", 0, 130, N_("Session") },
	{ "q", 0, 200, N_("Search") },
	{ "language", 0, 35, N_("Language") },
	{ "page", 0, 6, N_("Page") },
	{ "done", 0, 6, N_("Decided") },
	{ "did", 0, 16, N_("Decision") },
	{ "changed", 0, 400, N_("Changed meanwhile") },
	{ "left", 0, 400, N_("Left as they were") },
};
const struct form queue_query = FORM_DEF("queue", queue_fields);

/* The bulk form: a "decision" (PUBLICID:REV) for each ticked box, the
 * button pressed ("action"), and the queue's filters, to show the same
 * list again when something is missing. */
static const struct field bulk_fields[] = {
	{ "decision", FIELD_REPEAT, 80, N_("Selected statement") },
	{ "action", 0, 16, N_("Action") },
	{ "reason", FIELD_LONG, 2000, N_("Reason for rejections") },
	{ "state", 0, 20, N_("State") },
	{ "event", 0, 64, N_("Event") },
	{ "session", 0, 130, N_("Session") },
	{ "q", 0, 200, N_("Search") },
	{ "language", 0, 35, N_("Language") },
	{ "page", 0, 6, N_("Page") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form bulk_form = FORM_DEF("moderate", bulk_fields);

static const struct field review_fields[] = {
	{ "action", 0, 16, N_("Action") },
	{ "rev", 0, 12, N_("Revision") },
	{ "reason", FIELD_LONG, 2000, N_("Reason") },
	{ "reason_choice", 0, 500, N_("Reason") },
	{ "publish_at", 0, 20, N_("Publish at") },
	{ "publish_tz", 0, TZ_NAME_MAX, N_("Time zone") },
	{ "document", 0, 20, N_("Original document") },
	{ "then", 0, 8, N_("Then") },
	ST_FORM_FIELDS_EDIT
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form review_form = FORM_DEF("moderate", review_fields);

/* The review page's address after a decision (POST, 303, GET): which
 * decision was taken (a word of review_dones, never free text) and, after
 * "Approve and next", the reference of the statement it was taken on. */
static const struct field review_query_fields[] = {
	{ "done", 0, 12, N_("Decided") },
	{ "prev", 0, 32, N_("Statement decided") },
	{ "rev", 0, 12, N_("Revision") },
};
const struct form review_query = FORM_DEF("review", review_query_fields);

/* "Add a translation" on the review page: its own route and token. */
static const struct field mod_translate_fields[] = {
	ST_TRANSLATE_FIELDS
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form mod_translate_form = FORM_DEF("mod-translate",
    mod_translate_fields);

static const char *const queue_states[] = { "pending", "changes_requested",
    "approved", "rejected", "withdrawn", "spam" };

/* ---- the queue ------------------------------------------------------------ */

/* What the queue shows: its tab and its filters, read from the address
 * (GET) or from the bulk form, which carries them to show the same list
 * again. */
struct queue_params {
	const char *state, *event, *session, *q, *lang, *fts, *filters;
	long long page;
};

/* The search box as an FTS5 query, read as the public search reads it
 * (search.h: each word a quoted phrase, so that nothing typed is query
 * syntax; "word*" a beginning; the index stems and folds accents). Text
 * with no word in it ("--") finds nothing rather than everything. */
static const char *fts_query(struct request *r, const char *q)
{
	struct buf b;
	const char *out;

	if (*q == '\0')
		return "";
	buf_init(&b);
	if (search_query_words(q, strlen(q), &b) == 0)
		buf_puts(&b, "\"\"");
	out = arena_strdup(r->a, b.s);
	buf_free(&b);
	return out;
}

/* The session filter's choices are "EVENT/SESSION" (a session's short name
 * is unique only within its event), so that one can be chosen without its
 * event; a bare "SESSION" (older addresses) goes with the event field. */
static void queue_params_read(struct request *r, const struct form_data *fd,
    struct queue_params *p)
{
	const char *slash;
	size_t i;

	p->state = form_str(fd, "state");
	p->q = form_str(fd, "q");
	p->event = form_str(fd, "event");
	p->session = form_str(fd, "session");
	p->lang = form_str(fd, "language");
	for (i = 0; i < ARRAY_LEN(queue_states); i++)
		if (strcmp(p->state, queue_states[i]) == 0)
			break;
	if (i == ARRAY_LEN(queue_states))
		p->state = "pending";
	p->page = 1;
	if (*form_str(fd, "page") != '\0' &&
	    parse_ll(form_str(fd, "page"), 1, 100000, &p->page) != 0)
		p->page = 1;
	if ((slash = strchr(p->session, '/')) != NULL) {
		p->event = arena_strndup(r->a, p->session,
		    (size_t)(slash - p->session));
		p->session = slash + 1;
	}
	p->fts = fts_query(r, p->q);
	if (*p->lang != '\0' && valid_lang(p->lang) != NULL)
		p->lang = ""; /* not a language tag: no filter */
	p->filters = arena_printf(r->a, "&event=%s&session=%s&q=%s%s%s",
	    url_escape(r, p->event), url_escape(r, p->session),
	    url_escape(r, p->q), *p->lang ? "&language=" : "",
	    url_escape(r, p->lang));
}

static void queue_bind(sqlite3_stmt *s, const struct queue_params *p)
{
	sql_text(s, 2, p->event);
	sql_text(s, 3, p->session);
	sql_text(s, 4, p->fts);
	sql_text(s, 7, p->lang);
}

/* The tabs: each state with its count under the current filters. When the
 * current tab has nothing under a search or filter that finds statements
 * in other tabs, those are listed ("No match here — 2 in Published"). */
static void queue_counts(struct request *r, struct tv *view,
    const struct queue_params *p)
{
	long long counts[ARRAY_LEN(queue_states)] = { 0 };
	sqlite3_stmt *s = store_stmt(r->st, *p->fts || *p->lang ?
	    SQL_QUEUE_COUNTS_SEARCH : SQL_QUEUE_COUNTS);
	int filtered = *p->fts || *p->lang || *p->event || *p->session;
	long long here = 0;
	size_t i;

	queue_bind(s, p);
	while (sqlite3_step(s) == SQLITE_ROW)
		for (i = 0; i < ARRAY_LEN(queue_states); i++)
			if (strcmp(sql_col(s, 0), queue_states[i]) == 0)
				counts[i] = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	for (i = 0; i < ARRAY_LEN(queue_states); i++) {
		struct tv *t = tv_add(view, TF_tabs);
		const char *url = arena_printf(r->a, "%s?state=%s%s",
		    req_url(r, "/moderate"), queue_states[i], p->filters);

		tv_str(t, TF_value, queue_states[i]);
		tv_str(t, TF_label, statement_state_label(queue_states[i]));
		tv_int(t, TF_count, counts[i]);
		tv_bool(t, TF_selected, strcmp(p->state, queue_states[i]) == 0);
		tv_str(t, TF_url, url);
		if (strcmp(p->state, queue_states[i]) == 0)
			here = counts[i];
	}
	tv_int(view, TF_count, here);
	for (i = 0; filtered && here == 0 && i < ARRAY_LEN(queue_states);
	    i++) {
		struct tv *o;

		if (counts[i] == 0 || strcmp(p->state, queue_states[i]) == 0)
			continue;
		o = tv_add(view, TF_elsewhere);
		if (tv_get(view, TF_filtered) != NULL)
			/* TRANSLATORS: between the items of a list, as in
			 * "2 in Published, 1 in Spam". */
			tv_str(o, TF_sep, _(", "));
		tv_str(view, TF_filtered, "1");
		/* TRANSLATORS: %lld statements found in the tab %s, as in
		 * "2 in Published": a link to that tab. */
		tv_str(o, TF_label, arena_printf(r->a, NG_("%lld in %s",
		    "%lld in %s", (unsigned long)counts[i]), counts[i],
		    statement_state_label(queue_states[i])));
		tv_str(o, TF_url, arena_printf(r->a, "%s?state=%s%s",
		    req_url(r, "/moderate"), queue_states[i], p->filters));
	}
}

/* The filter choices: events; every session, grouped by its event (a
 * script narrows the list to the chosen event's; without it all show). */
static void queue_filters(struct request *r, struct tv *view,
    const struct queue_params *p)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_EVENT_LIST);
	const struct choice *c;
	struct tv *group = NULL;
	const char *last = "";

	for (c = statement_languages; c->value != NULL; c++) {
		struct tv *o = tv_add(view, TF_languages);

		tv_str(o, TF_value, c->value);
		tv_str(o, TF_label, c->label);
		tv_bool(o, TF_selected, strcmp(p->lang, c->value) == 0);
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_events);

		tv_str(o, TF_value, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_label, arena_strdup(r->a, sql_col(s, 1)));
		tv_bool(o, TF_selected, strcmp(p->event, sql_col(s, 0)) == 0);
	}
	sqlite3_reset(s);
	s = store_stmt(r->st, SQL_QUEUE_SESSIONS);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *ev = sql_col(s, 0);
		struct tv *o;

		if (group == NULL || strcmp(ev, last) != 0) {
			group = tv_add(view, TF_groups);
			last = arena_strdup(r->a, ev);
			tv_str(group, TF_value, last);
			tv_str(group, TF_label, arena_strdup(r->a,
			    sql_col(s, 1)));
		}
		o = tv_add(group, TF_sessions);
		tv_str(o, TF_value, arena_printf(r->a, "%s/%s", ev,
		    sql_col(s, 2)));
		tv_str(o, TF_label, arena_strdup(r->a, sql_col(s, 3)));
		tv_bool(o, TF_selected, strcmp(p->event, ev) == 0 &&
		    strcmp(p->session, sql_col(s, 2)) == 0);
	}
	sqlite3_reset(s);
}

/* A row's excerpt: the text of the start of a version (its first 2,000
 * characters of sanitized HTML), cut at the end of a word after about
 * QUEUE_EXCERPT characters; the stylesheet shows two lines of it. */
static const char *queue_excerpt(struct request *r, const char *html)
{
	struct buf b;
	size_t i, chars = 0, cut = 0;
	const char *t, *out;

	buf_init(&b);
	if (markup_text(html, strlen(html), &b) != 0 || b.len == 0) {
		buf_free(&b);
		return "";
	}
	for (i = 0; i < b.len && chars < QUEUE_EXCERPT; i++) {
		if (((unsigned char)b.s[i] & 0xc0) == 0x80)
			continue;
		if (b.s[i] == ' ')
			cut = i;
		chars++;
	}
	while (i < b.len && ((unsigned char)b.s[i] & 0xc0) == 0x80)
		i++;
	t = b.s + strspn(b.s, " ");
	if (i >= b.len)
		out = arena_strdup(r->a, t);
	else if (cut > (size_t)(t - b.s))
		out = arena_printf(r->a, "%.*s…", (int)(cut - (size_t)(t -
		    b.s)), t);
	else /* one long word */
		out = arena_printf(r->a, "%.*s…", (int)(i - (size_t)(t -
		    b.s)), t);
	buf_free(&b);
	return out;
}

/* 1 when the bulk form being shown again had value ticked. */
static int queue_ticked(const struct form_data *sent, const char *value)
{
	const struct param *p;

	for (p = sent ? sent->all : NULL; p != NULL; p = p->next)
		if (strcmp(p->name, "decision") == 0 &&
		    strcmp(p->value, value) == 0)
			return 1;
	return 0;
}

/* The versions of entry id (an original) in state: the first (the
 * original, when it is in the state) is the row's own, with its excerpt
 * and language; each other is a translation listed under it. Each has
 * its box for the bulk form, ticked again when sent is a form shown
 * again. */
static void queue_versions(struct request *r, struct tv *row, long long id,
    const struct queue_params *p, const struct form_data *sent)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_QUEUE_VERSIONS);
	int n = 0;

	sql_int(s, 1, id);
	sql_text(s, 2, p->state);
	sql_text(s, 3, p->lang);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = n == 0 ? row : tv_add(row, TF_version_list);
		const char *pid = arena_strdup(r->a, sql_col(s, 0));
		const char *value = arena_printf(r->a, "%s:%d", pid,
		    sqlite3_column_int(s, 2));

		tv_str(o, TF_pick_id, pid);
		tv_str(o, TF_value, value);
		tv_bool(o, TF_checked, queue_ticked(sent, value));
		tv_str(o, TF_st_lang, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_lang_label, statement_language_label(
		    sql_col(s, 1)));
		tv_bool(o, TF_translation, sqlite3_column_int(s, 3));
		tv_str(o, TF_url, req_url(r, arena_printf(r->a,
		    "/moderate/%s", pid)));
		if (n++ == 0)
			tv_str(o, TF_excerpt, queue_excerpt(r, sql_col(s, 4)));
	}
	sqlite3_reset(s);
}

static void queue_rows(struct request *r, struct tv *view,
    const struct queue_params *p, const struct form_data *sent)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_QUEUE);
	long long ids[QUEUE_PAGE];
	struct tv *rows[QUEUE_PAGE];
	int n = 0, i;

	sql_text(s, 1, p->state);
	queue_bind(s, p);
	sql_int(s, 5, QUEUE_PAGE + 1);
	sql_int(s, 6, (p->page - 1) * QUEUE_PAGE);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o;

		if (++n > QUEUE_PAGE) {
			tv_bool(view, TF_has_next, 1);
			break;
		}
		o = tv_add(view, TF_rows);
		ids[n - 1] = sqlite3_column_int64(s, 0);
		rows[n - 1] = o;
		tv_str(o, TF_st_id, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_st_title, arena_strdup(r->a, sql_col(s, 2)));
		tv_str(o, TF_st_org, arena_strdup(r->a, sql_col(s, 3)));
		tv_str(o, TF_st_kind, statement_kind_label(sql_col(s, 4)));
		tv_str(o, TF_st_event, arena_strdup(r->a, sql_col(s, 5)));
		tv_str(o, TF_st_session, arena_strdup(r->a, sql_col(s, 6)));
		tv_str(o, TF_created, date_human(r->a, i18n_current(),
		    sql_col(s, 7)));
		tv_str(o, TF_hold_reason, arena_strdup(r->a, sql_col(s, 8)));
		tv_str(o, TF_st_speaker, arena_strdup(r->a, sql_col(s, 11)));
	}
	sqlite3_reset(s);
	for (i = 0; i < n && i < QUEUE_PAGE; i++)
		queue_versions(r, rows[i], ids[i], p, sent);
	tv_bool(view, TF_bulk, n > 0 && (strcmp(p->state, "pending") == 0 ||
	    strcmp(p->state, "changes_requested") == 0));
}

/* The statements a bulk decision left alone, named in the banner: only
 * public references come from the address (checked against the
 * database), so it cannot put words in the page. */
static void queue_done_list(struct request *r, struct tv *view, enum tf f,
    const char *ids)
{
	char id[32];
	size_t n;
	int count = 0;

	while (*ids != '\0' && count < 20) {
		sqlite3_stmt *s;
		struct tv *o;

		ids += strspn(ids, " ");
		n = strspn(ids, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (n == 0 || n >= sizeof(id))
			break;
		memcpy(id, ids, n);
		id[n] = '\0';
		ids += n;
		s = store_stmt(r->st, SQL_QUEUE_TITLE);
		sql_text(s, 1, id);
		if (sqlite3_step(s) == SQLITE_ROW) {
			o = tv_add(view, f);
			tv_str(o, TF_st_id, arena_strdup(r->a, id));
			tv_str(o, TF_st_title, arena_strdup(r->a,
			    sql_col(s, 0)));
			tv_str(o, TF_url, req_url(r, arena_printf(r->a,
			    "/moderate/%s", id)));
			count++;
		}
		sqlite3_reset(s);
	}
}

/* After a bulk decision: what was done, and which were left as they were
 * and why. */
static void queue_done(struct request *r, const struct form_data *fd,
    struct tv *view)
{
	const char *did = form_str(fd, "did");
	long long done;
	unsigned long n;

	if (parse_ll(form_str(fd, "done"), 0, 100000, &done) != 0)
		return;
	n = (unsigned long)done;
	if (strcmp(did, "approve") == 0)
		tv_str(view, TF_done, arena_printf(r->a, NG_("%lld statement "
		    "approved and published.", "%lld statements approved and "
		    "published.", n), done));
	else if (strcmp(did, "reject") == 0)
		tv_str(view, TF_done, arena_printf(r->a, NG_("%lld statement "
		    "rejected: its submitter will see your reason.", "%lld "
		    "statements rejected: their submitters will see your "
		    "reason.", n), done));
	else if (strcmp(did, "spam") == 0)
		tv_str(view, TF_done, arena_printf(r->a, NG_("%lld statement "
		    "marked as spam.", "%lld statements marked as spam.", n),
		    done));
	else
		return;
	queue_done_list(r, view, TF_bulk_changed, form_str(fd, "changed"));
	queue_done_list(r, view, TF_bulk_left, form_str(fd, "left"));
}

/* The queue page, for a GET or for a bulk form shown again (sent, with
 * its problems already in view). */
static void queue_render(struct request *r, int status,
    const struct queue_params *p, const struct form_data *sent,
    struct tv *view)
{
	queue_counts(r, view, p);
	queue_filters(r, view, p);
	queue_rows(r, view, p, sent);
	tv_str(view, TF_state, p->state);
	tv_str(view, TF_state_label, statement_state_label(p->state));
	tv_str(view, TF_q, p->q);
	tv_str(view, TF_event, p->event);
	tv_str(view, TF_session, *p->session ? arena_printf(r->a, "%s/%s",
	    p->event, p->session) : "");
	tv_str(view, TF_lang, p->lang);
	tv_int(view, TF_page, p->page);
	if (p->page > 1)
		tv_str(view, TF_prev_url, arena_printf(r->a, "%s?state=%s%s"
		    "&page=%lld", req_url(r, "/moderate"), p->state,
		    p->filters, p->page - 1));
	tv_str(view, TF_next_url, arena_printf(r->a, "%s?state=%s%s&page=%lld",
	    req_url(r, "/moderate"), p->state, p->filters, p->page + 1));
	tv_str(view, TF_csrf, token_make(r, bulk_form.name));
	tv_str(view, TF_action_url, req_url(r, "/moderate"));
	/* TRANSLATORS: a page title; %s is a state, as in "Waiting for
	 * review". */
	tv_str(view, TF_page_title, arena_printf(r->a, _("Queue: %s"),
	    statement_state_label(p->state)));
	resp_page(r, status, "queue", view);
}

void page_queue(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);
	struct queue_params p;

	queue_params_read(r, fd, &p);
	queue_done(r, fd, view);
	queue_render(r, 200, &p, NULL, view);
}

/* One bulk decision, "PUBLICID:REV", with action a: MOD_OK, or why it
 * was left alone (MOD_CONFLICT: changed meanwhile; else no longer
 * waiting, gone, not understood or busy). */
static enum mod_result bulk_one(struct request *r, const char *v,
    const struct mod_action *a, const char *reason)
{
	char id[32];
	long long rev;
	struct statement st;
	const char *c = strchr(v, ':');

	if (c == NULL || (size_t)(c - v) >= sizeof(id) ||
	    parse_ll(c + 1, 1, 1000000000, &rev) != 0)
		return MOD_NOT_ALLOWED;
	memcpy(id, v, (size_t)(c - v));
	id[c - v] = '\0';
	if (statement_by_public_id(r, id, &st) != 0)
		return MOD_NOT_ALLOWED;
	return moderate_apply(r, &st, a, (int)rev, reason, NULL);
}

/* The bulk form shown again with its problem (the queue as it was, the
 * boxes ticked, the reason typed). */
static void bulk_problem(struct request *r, const struct form_data *fd,
    int status, const char *field, const char *msg)
{
	struct tv *view = tv_new(r->a), *e = tv_add(view, TF_errors);
	struct queue_params p;

	tv_str(e, TF_field, field);
	tv_str(e, TF_message, msg);
	tv_bool(view, TF_error, 1);
	if (strcmp(field, "bulk-reason") == 0)
		tv_str(view, TF_e_reason, msg);
	tv_str(view, TF_reason, form_str(fd, "reason"));
	queue_params_read(r, fd, &p);
	queue_render(r, status, &p, fd, view);
}

void page_queue_post(struct request *r, struct form_data *fd)
{
	const char *act = form_str(fd, "action");
	const char *reason = form_str(fd, "reason");
	const struct mod_action *a = NULL;
	const struct param *p;
	struct buf changed, left;
	struct queue_params qp;
	int done = 0, count = 0;

	if (strcmp(act, "approve") == 0 || strcmp(act, "reject") == 0 ||
	    strcmp(act, "spam") == 0)
		a = mod_action_find(act);
	if (a == NULL) {
		resp_error(r, 400, _("The form was sent without one of its "
		    "buttons. Go back and press “Approve selected”, “Reject "
		    "selected” or “Mark selected as spam”."));
		return;
	}
	for (p = fd->all; p != NULL; p = p->next)
		if (strcmp(p->name, "decision") == 0)
			count++;
	if (count > QUEUE_BULK_MAX) {
		/* TRANSLATORS: %d is the most statements one bulk
		 * decision takes (100). */
		bulk_problem(r, fd, 413, "queue-list", arena_printf(r->a,
		    _("Select at most %d statements at a time."),
		    QUEUE_BULK_MAX));
		return;
	}
	if (count == 0) {
		bulk_problem(r, fd, 422, "queue-list", _("Select the "
		    "statements to decide on: tick the box of each one"));
		return;
	}
	if (a->needs_reason && strspn(reason, " \t\r\n") == strlen(reason)) {
		bulk_problem(r, fd, 422, "bulk-reason", _("Give a reason for "
		    "the rejection: the submitters will see it"));
		return;
	}
	if (a->needs_reason && valid_marks(reason, strlen(reason)) != NULL) {
		bulk_problem(r, fd, 422, "bulk-reason", _("The reason has a "
		    "letter with more than 30 accents or marks in a row"));
		return;
	}
	buf_init(&changed);
	buf_init(&left);
	for (p = fd->all; p != NULL; p = p->next) {
		size_t n = strcspn(p->value, ":");
		enum mod_result res;
		struct buf *b;

		const struct param *o;

		if (strcmp(p->name, "decision") != 0)
			continue;
		/* A box sent twice is decided once (at most QUEUE_BULK_MAX
		 * of them: this look back is bounded). */
		for (o = fd->all; o != p; o = o->next)
			if (strcmp(o->name, "decision") == 0 &&
			    strcmp(o->value, p->value) == 0)
				break;
		if (o != p)
			continue;
		res = bulk_one(r, p->value, a, a->needs_reason ? reason : "");
		if (res == MOD_OK) {
			done++; /* its mail queued with it */
			continue;
		}
		log_info("bulk %s by %s left %.40s alone (%d)", a->name,
		    r->user, p->value, (int)res);
		b = res == MOD_CONFLICT ? &changed : &left;
		if (n > 0 && n <= 16 && strspn(p->value, "abcdefghijklmnopqrs"
		    "tuvwxyz0123456789") == n && b->len < 300)
			buf_printf(b, "%s%.*s", b->len ? " " : "", (int)n,
			    p->value);
	}
	queue_params_read(r, fd, &qp);
	resp_redirect(r, 303, arena_printf(r->a, "%s?state=%s%s&page=%lld"
	    "&done=%d&did=%s&changed=%s&left=%s", req_url(r, "/moderate"),
	    qp.state, qp.filters, qp.page, done, a->name, url_escape(r,
	    changed.len ? changed.s : ""), url_escape(r, left.len ? left.s :
	    "")));
	buf_free(&changed);
	buf_free(&left);
}

/* ---- the review page ------------------------------------------------------ */

static void review_revisions(struct request *r, const struct statement *st,
    struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_REV_LIST);
	const char *prev_src = NULL, *prev_title = NULL, *prev_blocks = NULL;
	const char *prev_html = NULL;

	sql_int(s, 1, st->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_revisions);
		const char *title = arena_strdup(r->a, sql_col(s, 4));
		const char *src = arena_strdup(r->a, sql_col(s, 5));
		const char *html = arena_strdup(r->a, sql_col(s, 7));
		const char *blocks = prev_html != NULL &&
		    strcmp(prev_html, html) == 0 ? prev_blocks :
		    statement_text_blocks(r, html);

		tv_int(o, TF_rev, sqlite3_column_int(s, 0));
		tv_str(o, TF_author, audit_words(arena_strdup(r->a,
		    sql_col(s, 1))));
		tv_str(o, TF_note, audit_words(arena_strdup(r->a,
		    sql_col(s, 2))));
		tv_str(o, TF_state_label, statement_state_label(sql_col(s, 3)));
		tv_str(o, TF_created, date_human(r->a, i18n_current(),
		    sql_col(s, 6)));
		tv_str(o, TF_st_lang, arena_strdup(r->a, sql_col(s, 8)));
		if (prev_title != NULL && strcmp(prev_title, title) != 0) {
			tv_str(o, TF_old_title, prev_title);
			tv_str(o, TF_new_title, title);
		}
		if (prev_src != NULL && prev_blocks != NULL && blocks != NULL &&
		    (strcmp(prev_src, src) != 0 ||
		    strcmp(prev_html, html) != 0))
			statement_diff_view(r, o, prev_blocks, blocks);
		prev_src = src;
		prev_title = title;
		prev_html = html;
		prev_blocks = blocks;
	}
	sqlite3_reset(s);
}

static void review_audit(struct request *r, const struct statement *st,
    struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_AUDIT_OF);

	sql_int(s, 1, st->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_audit);

		tv_str(o, TF_created, date_human(r->a, i18n_current(),
		    sql_col(s, 0)));
		tv_str(o, TF_author, audit_words(arena_strdup(r->a,
		    sql_col(s, 1))));
		tv_str(o, TF_action, audit_words(arena_strdup(r->a,
		    sql_col(s, 2))));
		if (sqlite3_column_type(s, 3) != SQLITE_NULL)
			tv_str(o, TF_rev_change, arena_printf(r->a,
			    _("revision %d → %d"), sqlite3_column_int(s, 3),
			    sqlite3_column_int(s, 4)));
		tv_str(o, TF_reason, arena_strdup(r->a, sql_col(s, 5)));
		tv_str(o, TF_note, arena_strdup(r->a, sql_col(s, 6)));
	}
	sqlite3_reset(s);
}

static void review_others(struct request *r, const struct statement *st,
    struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ST_OTHERS);
	sqlite3_stmt *a;

	sql_text(s, 1, st->submitter_email);
	sql_int(s, 2, st->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_others);

		tv_str(o, TF_st_id, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_st_title, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_state_label, statement_state_label(sql_col(s, 2)));
		tv_str(o, TF_created, date_human(r->a, i18n_current(),
		    sql_col(s, 3)));
		tv_str(o, TF_url, req_url(r, arena_printf(r->a, "/moderate/%s",
		    sql_col(s, 0))));
	}
	sqlite3_reset(s);
	a = store_stmt(r->st, SQL_ATT_OF);
	sql_int(a, 1, st->id);
	if (sqlite3_step(a) == SQLITE_ROW) {
		tv_str(view, TF_attachment_name, file_name_tidy(r->a,
		    sql_col(a, 0)));
		/* TRANSLATORS: a file's size in kilobytes. */
		tv_str(view, TF_attachment_size, arena_printf(r->a,
		    _("%.1f KB"), sqlite3_column_int64(a, 1) / 1024.0));
		tv_str(view, TF_attachment_url, req_url(r, arena_printf(r->a,
		    "/moderate/%s/attachment", st->public_id)));
		tv_str(view, TF_attachment_id, arena_printf(r->a, "%lld",
		    (long long)sqlite3_column_int64(a, 2)));
	}
	sqlite3_reset(a);
	a = store_stmt(r->st, SQL_ORIG_MARKED);
	sql_int(a, 1, st->id);
	if (sqlite3_step(a) == SQLITE_ROW && sqlite3_column_int(a, 0))
		tv_bool(view, TF_original_public, 1);
	sqlite3_reset(a);
}

/* The decisions the statement's state allows, each its own small form. */
static void review_actions(struct request *r, const struct statement *st,
    struct tv *view)
{
	static const char *const names[] = { "approve", "request_changes",
	    "reject", "spam", "withdraw", "restore" };
	sqlite3_stmt *s;
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++) {
		const struct mod_action *a = mod_action_find(names[i]);

		if (mod_action_allowed(a, st->state))
			tv_bool(view, tf_lookup(arena_printf(r->a, "can_%s",
			    a->name), strlen(a->name) + 4), 1);
	}
	tv_bool(view, TF_can_edit, mod_action_allowed(mod_action_find("edit"),
	    st->state));
	s = store_stmt(r->st, SQL_REASONS);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_reasons);

		tv_str(o, TF_value, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_label, arena_strdup(r->a, sql_col(s, 0)));
	}
	sqlite3_reset(s);
}

/* A mailto: link to an address, each part percent-encoded, so that no
 * stored address can add recipients, a subject or a body to it. */
static const char *mailto_url(struct request *r, const char *email)
{
	const char *at = strrchr(email, '@');
	struct buf b;
	const char *out;

	if (at == NULL)
		return "";
	buf_init(&b);
	buf_puts(&b, "mailto:");
	url_arg(&b, email, (size_t)(at - email));
	buf_putc(&b, '@');
	url_arg(&b, at + 1, strlen(at + 1));
	out = buf_arena(&b, r->a);
	buf_free(&b);
	return out;
}

/* The statement's versions, each linked to its review page; what a
 * translation translates. */
static void review_versions(struct request *r, const struct statement *st,
    struct tv *view)
{
	struct st_version v[ST_MAX_VERSIONS];
	long long orig = st->original_id ? st->original_id : st->id;
	int n = statement_versions(r, orig, v, ST_MAX_VERSIONS), i;

	tv_bool(view, TF_versions, 1);
	for (i = 0; i < n; i++) {
		struct tv *o = tv_add(view, TF_version_list);
		const char *url = req_url(r, arena_printf(r->a, "/moderate/%s",
		    v[i].public_id));

		if (!v[i].translation && st->original_id != 0) {
			tv_str(view, TF_original_title, v[i].title);
			tv_str(view, TF_original_url, url);
		}
		tv_str(o, TF_label, statement_language_label(v[i].language));
		tv_str(o, TF_st_lang, v[i].language);
		tv_str(o, TF_kind_label, v[i].translation ? _("Translation") :
		    _("Original"));
		tv_str(o, TF_state, v[i].state);
		tv_str(o, TF_state_label, statement_state_label(v[i].state));
		tv_bool(o, TF_current, strcmp(v[i].public_id,
		    st->public_id) == 0);
		tv_str(o, TF_url, url);
	}
}

/* The "Add a translation" form of an original; sub, when not NULL, as it
 * was sent. */
static void review_translation(struct request *r,
    const struct statement *st, struct tv *view, struct tv *sub)
{
	if (st->original_id != 0 || strcmp(st->state, "spam") == 0)
		return;
	if (sub == NULL)
		sub = statement_translation_blank(r, st, view);
	tv_str(sub, TF_csrf, token_make(r, mod_translate_form.name));
	tv_str(sub, TF_translate_url, req_url(r, arena_printf(r->a,
	    "/moderate/%s/translate", st->public_id)));
}

/* The review page of st; the edit form shows form_st (the moderator's own
 * version after a conflict), else st. */
static void review_publish_time(struct request *r,
    const struct statement *st, struct tv *view);
static void review_heading(struct request *r, const struct statement *st,
    struct tv *view);

static void review_view(struct request *r, const struct form_data *fd,
    const struct statement *st, const struct statement *form_st,
    struct tv *view)
{
	struct tv *shown = tv_add(view, TF_shown);
	/* The edit box: what the moderator typed when the edit comes back,
	 * else the stored statement, cleaned. */
	struct statement clean = statement_for_editing(st);
	int typed = form_st != NULL || (fd != NULL &&
	    strcmp(form_str(fd, "action"), "edit") == 0);

	statement_view(r->a, st, shown);
	tv_str(view, TF_reference, st->public_id);
	tv_str(view, TF_state, st->state);
	tv_str(view, TF_state_label, statement_state_label(st->state));
	tv_str(view, TF_st_event, st->event_title);
	tv_str(view, TF_st_session, st->session_title);
	tv_str(view, TF_created, date_human(r->a, i18n_current(), st->created));
	tv_str(view, TF_updated, date_human(r->a, i18n_current(), st->updated));
	tv_str(view, TF_v_submitter_name, st->submitter_name);
	tv_str(view, TF_v_submitter_email, st->submitter_email);
	tv_str(view, TF_mailto_url, mailto_url(r, st->submitter_email));
	tv_str(view, TF_hold_reason, st->hold_reason);
	tv_str(view, TF_note, st->note);
	tv_str(view, TF_lang_label, statement_language_label(st->language));
	tv_str(view, TF_format_label, statement_format_label(st->format));
	statement_org_match(r, st, view); /* "Matched:" or not (issue 13) */
	tv_int(view, TF_rev, st->rev);
	tv_str(view, TF_action_url, req_url(r, arena_printf(r->a,
	    "/moderate/%s", st->public_id)));
	tv_str(view, TF_csrf, token_make(r, review_form.name));
	statement_form_view(r, fd, form_st ? form_st : typed ? st : &clean,
	    view);
	review_actions(r, st, view);
	review_publish_time(r, st, view);
	review_heading(r, st, view);
	review_revisions(r, st, view);
	review_audit(r, st, view);
	review_others(r, st, view);
	review_versions(r, st, view);
	if (tv_get(view, TF_can_translate) == NULL)
		review_translation(r, st, view, NULL);
	/* TRANSLATORS: a page title: a statement's reference, then its
	 * title. */
	tv_str(view, TF_page_title, arena_printf(r->a, _("Review %s: %s"),
	    st->public_id, st->title));
}

/* ---- the banner after a decision ------------------------------------------ */

/* What the review page says after each decision: the address's done=
 * word, the decision that leads to it, the state the statement is left
 * in (NULL: any; a statement since moved on gets no banner, its state tag
 * says where it is), and the decision that undoes it. */
struct review_done {
	const char *done, *action, *state, *undo;
};

static const struct review_done review_dones[] = {
	{ "approved", "approve", "approved", "undo" },
	{ "rejected", "reject", "rejected", "restore" },
	{ "changes", "request_changes", "changes_requested", "undo" },
	{ "edited", "edit", NULL, NULL },
	{ "spam", "spam", "spam", "restore" },
	{ "withdrawn", "withdraw", "withdrawn", "restore" },
	{ "restored", "restore", "pending", NULL },
	{ "undone", "undo", "pending", NULL },
};

/* The entry whose done= word (by_action: whose decision) is name. */
static const struct review_done *review_done_find(const char *name,
    int by_action)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(review_dones); i++)
		if (strcmp(name, by_action ? review_dones[i].action :
		    review_dones[i].done) == 0)
			return &review_dones[i];
	return NULL;
}

/* The first waiting statement in the queue's order other than st (its
 * reference, or NULL), and how many wait besides st. */
static const char *review_next(struct request *r, const struct statement *st,
    long long *left)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_REVIEW_NEXT);
	const char *next = NULL;

	sql_int(s, 1, st->id);
	if (sqlite3_step(s) == SQLITE_ROW)
		next = arena_strdup(r->a, sql_col(s, 0));
	sqlite3_reset(s);
	*left = 0;
	s = store_stmt(r->st, SQL_REVIEW_WAITING);
	sql_int(s, 1, st->id);
	if (sqlite3_step(s) == SQLITE_ROW)
		*left = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return next;
}

/* The banner's words for decision d on st: what happened (done), what the
 * submitter sees (done_detail) and what they are sent (done_mail). */
static void review_done_words(struct request *r, const struct review_done *d,
    const struct statement *st, struct tv *view)
{
	int mail = notify_available(r);
	int later = st->publish_at > (long long)time(NULL);
	const char *what = "", *detail = "", *sent = "";

	if (strcmp(d->done, "approved") == 0 && later) {
		/* TRANSLATORS: %s is a date and time with its time zone. */
		what = arena_printf(r->a, _("Approved: it will be published on "
		    "%s."), tz_time_human(r->a, i18n_current(), st->publish_at,
		    event_time_zone(r->st, r->a, st->id)));
		detail = _("Until then nothing public shows it, though the "
		    "submitter's status page already says “Published”.");
		sent = _("The submitter is e-mailed now, and again with its "
		    "address when it is published.");
	} else if (strcmp(d->done, "approved") == 0) {
		what = _("Approved and published.");
		detail = _("The submitter's status page now says it is "
		    "published.");
		sent = _("The submitter is e-mailed its address.");
	} else if (strcmp(d->done, "rejected") == 0) {
		what = _("Rejected.");
		/* TRANSLATORS: %s is the reason the moderator gave. */
		detail = arena_printf(r->a, _("The submitter sees your reason: "
		    "“%s”."), st->note);
		sent = _("It is e-mailed to them too.");
	} else if (strcmp(d->done, "changes") == 0) {
		what = _("Changes requested.");
		/* TRANSLATORS: %s is what the moderator asked for. */
		detail = arena_printf(r->a, _("The submitter was asked: “%s”. "
		    "They can correct the statement from their status page; "
		    "once they save it, it waits for review again."), st->note);
		sent = _("The request is e-mailed to them with a private link.");
	} else if (strcmp(d->done, "edited") == 0) {
		int pub = strcmp(st->state, "approved") == 0 && !later;

		what = _("Changes saved.");
		detail = pub ? _("The published page and every copy embedded "
		    "elsewhere show them now.") : _("The submitter's status "
		    "page shows the statement as you edited it.");
		sent = pub ? _("The submitter is e-mailed what changed.") : "";
	} else if (strcmp(d->done, "spam") == 0) {
		what = _("Marked as spam.");
		detail = _("Nothing is sent to the submitter. Their status page "
		    "says “Spam”.");
	} else if (strcmp(d->done, "withdrawn") == 0) {
		what = _("Withdrawn from publication.");
		detail = _("It no longer appears on the site or where it is "
		    "embedded. The submitter's status page says it was "
		    "withdrawn.");
		sent = _("The submitter is told by e-mail.");
	} else if (strcmp(d->done, "restored") == 0) {
		what = _("Back in the queue.");
		detail = _("It waits for review again, and the submitter's status "
		    "page says so.");
	} else {
		what = _("Decision undone.");
		detail = _("The statement waits for review again and nothing "
		    "public shows it. The submitter's status page says it is "
		    "waiting for review.");
		sent = _("An e-mail already sent about the decision is not "
		    "taken back.");
	}
	tv_str(view, TF_done, what);
	tv_str(view, TF_done_detail, detail);
	if (mail && *sent)
		tv_str(view, TF_done_mail, sent);
}

/* The banner of the review page of st after a decision: on st itself, or
 * (after "Approve and next") on the statement whose reference is prev.
 * Only a word of review_dones and a reference come from the address; the
 * words shown come from the database. */
static void review_banner(struct request *r, const struct form_data *fd,
    const struct statement *st, struct tv *view)
{
	const struct review_done *d = review_done_find(form_str(fd, "done"),
	    0);
	const char *prev = form_str(fd, "prev"), *next;
	struct statement other;
	const struct statement *on = st;
	long long left;

	if (d == NULL)
		return;
	if (*prev != '\0') {
		if (strspn(prev, "abcdefghijklmnopqrstuvwxyz0123456789") !=
		    strlen(prev) || statement_by_public_id(r, prev, &other) != 0
		    || other.id == st->id)
			return;
		on = &other;
		tv_str(view, TF_done_title, other.title);
		tv_str(view, TF_done_url, req_url(r, arena_printf(r->a,
		    "/moderate/%s", other.public_id)));
	}
	/* Only while the statement is as the decision left it: the address
	 * names the revision the decision made, and a later change (another
	 * moderator's edit, a correction) ends the banner and its Undo. */
	if (d->state != NULL && strcmp(on->state, d->state) != 0)
		return;
	if (strcmp(form_str(fd, "rev"), arena_printf(r->a, "%d", on->rev)) !=
	    0)
		return;
	review_done_words(r, d, on, view);
	if (d->undo != NULL) {
		tv_str(view, TF_undo_action, d->undo);
		tv_int(view, TF_undo_rev, on->rev);
		tv_str(view, TF_undo_url, req_url(r, arena_printf(r->a,
		    "/moderate/%s", on->public_id)));
	}
	next = review_next(r, st, &left);
	if (next != NULL) {
		tv_str(view, TF_next_url, req_url(r, arena_printf(r->a,
		    "/moderate/%s", next)));
		/* TRANSLATORS: a link; %lld is how many statements wait for
		 * review (this one not counted). */
		tv_str(view, TF_next_label, arena_printf(r->a, NG_("Next "
		    "waiting statement (%lld left)", "Next waiting statement "
		    "(%lld left)", (unsigned long)left), left));
	} else {
		tv_str(view, TF_next_none, strcmp(st->state, "pending") == 0 ?
		    _("No other statement is waiting.") :
		    _("No statement is waiting."));
	}
}

/* Where a decision that succeeded leads: the statement's page with its
 * banner, or with "Approve and next" the next waiting statement's page
 * with the banner about this one (this one's again when none is left). */
static void review_redirect(struct request *r, const struct form_data *fd,
    const struct mod_action *a, const struct statement *st)
{
	const struct review_done *d = strcmp(form_str(fd, "then"), "undo") ==
	    0 ? review_done_find("undone", 0) : review_done_find(a->name, 1);
	const char *next = NULL;
	long long left;

	if (strcmp(a->name, "approve") == 0 &&
	    strcmp(form_str(fd, "then"), "next") == 0)
		next = review_next(r, st, &left);
	if (next != NULL)
		resp_redirect(r, 303, arena_printf(r->a, "%s?done=%s&rev=%d"
		    "&prev=%s", req_url(r, arena_printf(r->a, "/moderate/%s",
		    next)), d->done, st->rev, st->public_id));
	else
		resp_redirect(r, 303, arena_printf(r->a, "%s?done=%s&rev=%d",
		    req_url(r, arena_printf(r->a, "/moderate/%s",
		    st->public_id)), d->done, st->rev));
}

/* The heading above the statement, as its state makes it: to be
 * published, published (with its public page), or not published. */
static void review_heading(struct request *r, const struct statement *st,
    struct tv *view)
{
	const char *h;

	if (strcmp(st->state, "approved") == 0 &&
	    st->publish_at > (long long)time(NULL)) {
		h = _("As it will be published");
		/* TRANSLATORS: %s is a date and time with its time zone. */
		tv_str(view, TF_public_from, arena_printf(r->a, _("Not public "
		    "yet: it will be published on %s."), tz_time_human(r->a,
		    i18n_current(), st->publish_at, event_time_zone(r->st,
		    r->a, st->id))));
	} else if (strcmp(st->state, "approved") == 0) {
		h = _("As published");
		tv_str(view, TF_public_url, req_url(r, arena_printf(r->a,
		    "/s/%s", st->public_id)));
	} else if (strcmp(st->state, "pending") == 0 ||
	    strcmp(st->state, "changes_requested") == 0) {
		h = _("As it will be published");
	} else {
		h = _("As it was sent (not published)");
	}
	tv_str(view, TF_preview_heading, h);
}

static int review_load(struct request *r, struct statement *st)
{
	if (statement_by_public_id(r, r->args[0], st) != 0) {
		resp_error(r, 404, _("There is no statement with this "
		    "reference."));
		return -1;
	}
	return 0;
}

void page_review(struct request *r, struct form_data *fd)
{
	struct statement st;
	struct tv *view = tv_new(r->a);

	if (review_load(r, &st) != 0)
		return;
	review_banner(r, fd, &st, view);
	review_view(r, NULL, &st, NULL, view);
	resp_page(r, 200, "review", view);
}

/* The second moderator's view when the statement moved on: what they
 * tried, the statement as it now is, and fresh forms on the current
 * revision. Nothing they typed is lost. */
static void review_conflict(struct request *r, const struct form_data *fd,
    const struct mod_action *a, const struct statement *mine)
{
	struct statement now, seen;
	struct tv *view = tv_new(r->a), *tried;
	long long rev;

	if (review_load(r, &now) != 0)
		return;
	/* "Your version": what an edit sent, else the revision the
	 * moderator was looking at when they decided. */
	if (strcmp(a->name, "edit") != 0 && (parse_ll(form_str(fd, "rev"), 1,
	    1000000000, &rev) != 0 || statement_at_rev(r, &now, (int)rev,
	    &seen) != 0))
		mine = NULL;
	else if (strcmp(a->name, "edit") != 0)
		mine = &seen;
	if (mine != NULL) {
		tried = tv_add(view, TF_tried);
		statement_view(r->a, mine, tried);
		tv_str(tried, TF_st_id, arena_printf(r->a, "%s-yours",
		    mine->public_id));
	}
	tv_str(view, TF_action, _(a->label));
	tv_str(view, TF_reason, form_str(fd, "reason"));
	/* The statement as it now is; the edit form keeps what was typed, and
	 * the forms act on the current revision from here on. */
	review_view(r, strcmp(a->name, "edit") == 0 ? fd : NULL, &now,
	    strcmp(a->name, "edit") == 0 ? mine : NULL, view);
	tv_bool(view, TF_conflict, 1);
	/* TRANSLATORS: a page title; %s is a statement's reference. */
	tv_str(view, TF_page_title, arena_printf(r->a, _("Changed meanwhile: "
	    "%s"), now.public_id));
	resp_page(r, 409, "review", view);
}

static void review_problem(struct request *r, const struct form_data *fd,
    struct statement *st, struct tv *view, int status, const char *field,
    const char *msg)
{
	struct tv *e = tv_add(view, TF_errors);

	tv_str(e, TF_field, field);
	tv_str(e, TF_message, msg);
	tv_bool(view, TF_error, 1);
	if (strcmp(field, "publish_at") == 0) /* marked at the field too */
		tv_str(view, TF_e_publish_at, msg);
	review_view(r, fd, st, NULL, view);
	resp_page(r, status, "review", view);
}

/* A reason missing (or unreadable) on a decision that takes one: the
 * error in the summary and at the decision's own reason field, what was
 * typed kept; the edit and translation panels stay closed. */
static void review_reason_problem(struct request *r,
    const struct form_data *fd, const struct mod_action *a,
    struct statement *st, struct tv *view, const char *msg)
{
	int reject = strcmp(a->name, "reject") == 0;

	tv_str(view, reject ? TF_e_reason_reject : TF_e_reason_changes, msg);
	tv_str(view, reject ? TF_v_reason_reject : TF_v_reason_changes,
	    form_str(fd, "reason"));
	review_problem(r, NULL, st, view, 422, arena_printf(r->a,
	    "reason-%s", a->name), msg);
}

/* "2024-05-21T14:00" (a datetime-local input) or "2024-05-21 14:00", a
 * time on the clocks of zone (tz.h: a time skipped or repeated when the
 * clocks change is read as RFC 5545 says) -> Unix time; "" -> 0 (now). */
static int parse_publish_at(const char *s, const char *zone, long long *out)
{
	struct tz_wall w;

	*out = 0;
	if (*s == '\0')
		return 0;
	if (tz_wall_parse(s, &w) != 0 || tz_to_utc(zone, &w, out) != 0)
		return -1;
	return *out > 0 ? 0 : -1;
}

/* The embargo field's zone, and the time a statement is to be (or was)
 * published, in that zone and in UTC. */
static void review_publish_time(struct request *r, const struct statement *st,
    struct tv *view)
{
	const char *zone = event_time_zone(r->st, r->a, st->id);

	tv_str(view, TF_publish_zone, zone);
	if (st->publish_at <= 0 || strcmp(st->state, "approved") != 0)
		return;
	tv_bool(view, TF_embargo, 1);
	tv_str(view, TF_publish_local, tz_time_human(r->a, i18n_current(),
	    st->publish_at, zone));
	tv_str(view, TF_publish_utc, tz_time_human(r->a, i18n_current(),
	    st->publish_at, NULL));
}

/* The reason: the free text, else the chosen reusable reason. */
static const char *review_reason(const struct form_data *fd)
{
	const char *t = form_str(fd, "reason");

	while (*t == ' ' || *t == '\n' || *t == '\r' || *t == '\t')
		t++;
	return *t ? form_str(fd, "reason") : form_str(fd, "reason_choice");
}

/* Makes the statement's original document public (on: 1) or not: offered
 * on its public page while it is published (page_original). */
static void review_original(struct request *r, const struct statement *st,
    int on, const char *document)
{
	sqlite3_stmt *s;
	long long doc;
	int rc;

	if (parse_ll(document, 1, 1000000000000LL, &doc) != 0) {
		resp_error(r, 400, _("The form did not say which document to "
		    "offer. Reload the page and try again."));
		return;
	}
	if (store_begin(r->st) != 0) {
		resp_error(r, 503, _("The database is busy. Try again in a "
		    "moment."));
		return;
	}
	s = store_stmt(r->st, SQL_ORIG_MARK);
	sql_int(s, 1, st->id);
	sql_int(s, 2, on);
	sql_int(s, 3, doc);
	rc = store_exec_one(r->st, s);
	if (rc == 1) {
		store_rollback(r->st);
		resp_error(r, 409, _("The submitter sent another document "
		    "since you opened this page, or it has none now. Reload "
		    "the page to see the one it has before offering it."));
		return;
	}
	if (rc != 0 || audit_add(r, r->user, on ? "original_public" :
	    "original_private", st->id, 0, 0, "", NULL) != 0 ||
	    store_commit(r->st) != 0) {
		store_rollback(r->st);
		resp_error(r, 503, _("The database is busy. Try again in a "
		    "moment."));
		return;
	}
	resp_redirect(r, 303, req_url(r, arena_printf(r->a, "/moderate/%s",
	    st->public_id)));
}

/* Marks the statement's submitter address or organisation as trusted. */
static void review_trust(struct request *r, const struct statement *st,
    const char *kind)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_TRUSTED_ADD);
	const char *value = strcmp(kind, "email") == 0 ? st->submitter_email :
	    st->org_name;

	sql_text(s, 1, kind);
	sql_text(s, 2, value);
	sql_text(s, 3, r->user);
	if (store_exec(s) != SQLITE_DONE ||
	    audit_add(r, r->user, arena_printf(r->a, "trust_%s", kind), st->id,
	    0, 0, "", value) != 0) {
		resp_error(r, 503, _("The database is busy. Try again in a "
		    "moment."));
		return;
	}
	resp_redirect(r, 303, req_url(r, arena_printf(r->a, "/moderate/%s",
	    st->public_id)));
}

void page_review_post(struct request *r, struct form_data *fd)
{
	struct statement st;
	struct tv *view = tv_new(r->a);
	const struct mod_action *a = mod_action_find(form_str(fd, "action"));
	const char *reason = review_reason(fd), *zone;
	long long rev;

	if (review_load(r, &st) != 0)
		return;
	if (strcmp(form_str(fd, "action"), "trust_email") == 0 ||
	    strcmp(form_str(fd, "action"), "trust_org") == 0) {
		review_trust(r, &st, form_str(fd, "action") + 6);
		return;
	}
	if (strcmp(form_str(fd, "action"), "original_public") == 0 ||
	    strcmp(form_str(fd, "action"), "original_private") == 0) {
		review_original(r, &st, strcmp(form_str(fd, "action"),
		    "original_public") == 0, form_str(fd, "document"));
		return;
	}
	if (a == NULL || parse_ll(form_str(fd, "rev"), 1, 1000000000,
	    &rev) != 0) {
		resp_error(r, 400, _("The form did not say which decision to "
		    "take on which version. Reload the page and try again."));
		return;
	}
	/* The zone the moderator saw beside the field (the form says it),
	 * else the event's. */
	zone = *form_str(fd, "publish_tz") ? form_str(fd, "publish_tz") :
	    event_time_zone(r->st, r->a, st.id);
	/* The zone matters only for a time typed: an approval to publish
	 * now needs none (nor tzdata on the server). */
	if (strcmp(a->name, "approve") == 0 &&
	    *form_str(fd, "publish_at") != '\0' && tz_problem(zone) != NULL) {
		/* TRANSLATORS: %s is a time zone's name as the form sent it
		 * (America/New_York, Europe/Paris…). */
		tv_str(view, TF_v_publish_at, form_str(fd, "publish_at"));
		review_problem(r, NULL, &st, view, 422, "publish_at",
		    arena_printf(r->a, _("The form gave a time zone this server "
		    "does not know (%s): reload the page and choose the time "
		    "again"), zone));
		return;
	}
	if (strcmp(a->name, "approve") == 0 &&
	    parse_publish_at(form_str(fd, "publish_at"), zone,
	    &st.publish_at) != 0) {
		/* TRANSLATORS: %s is a time zone's name (America/New_York,
		 * Europe/Paris…): the time typed is on its clocks. */
		tv_str(view, TF_v_publish_at, form_str(fd, "publish_at"));
		review_problem(r, NULL, &st, view, 422, "publish_at",
		    arena_printf(r->a, _("Enter the time to publish as a date "
		    "and time like 2024-05-21 14:00 (in %s), or leave it empty "
		    "to publish now"), zone));
		return;
	}
	if (a->needs_reason && *reason == '\0') {
		review_reason_problem(r, fd, a, &st, view, _("Give a reason: "
		    "the submitter will see it"));
		return;
	}
	if (a->needs_reason && valid_marks(reason, strlen(reason)) != NULL) {
		review_reason_problem(r, fd, a, &st, view, _("The reason has a "
		    "letter with more than 30 accents or marks in a row"));
		return;
	}
	if (strcmp(a->name, "edit") == 0) {
		struct statement edited = st;

		tv_bool(view, TF_edit_error, 1); /* its panel open */
		if (statement_from_form(r, fd, &edited, view) > 0) {
			tv_bool(view, TF_error, 1);
			review_view(r, fd, &edited, NULL, view);
			resp_page(r, 422, "review", view);
			return;
		}
		if (statement_language_taken(r, &edited)) {
			tv_str(view, TF_e_language, _("Another version of "
			    "this statement is in this language"));
			review_problem(r, fd, &edited, view, 422, "language",
			    _("Another version of this statement is in this "
			    "language: choose the language this one is in"));
			return;
		}
		st = edited;
	}
	switch (moderate_apply(r, &st, a, (int)rev, reason, NULL)) {
	case MOD_OK: /* its mail queued with it */
		review_redirect(r, fd, a, &st);
		return;
	case MOD_CONFLICT:
		review_conflict(r, fd, a, &st);
		return;
	case MOD_NOT_ALLOWED:
		/* TRANSLATORS: the first %s is a decision, as in
		 * "Reject"; the second a state, as in "Withdrawn". */
		review_problem(r, NULL, &st, view, 409, "actions", arena_printf(
		    r->a, _("“%s” is not possible on a statement that is %s"),
		    _(a->label), statement_state_label(st.state)));
		return;
	default:
		review_problem(r, fd, &st, view, 503, "actions", _("The "
		    "database is busy: nothing was changed. Try again in a "
		    "moment."));
		return;
	}
}

/* GET /moderate/ID/attachment: the original document, never shown inline
 * (a PDF or document from the public is opened by the moderator's own
 * program, not by the browser in our origin). */
void page_attachment(struct request *r, struct form_data *fd)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ATT_GET);
	const char *ext;

	sql_text(s, 1, r->args[0]);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		resp_error(r, 404, _("This statement has no original "
		    "document."));
		return;
	}
	ext = attachment_ext(sql_col(s, 1));
	resp_download(r, arena_strdup(r->a, sql_col(s, 1)),
	    sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2),
	    arena_printf(r->a, "statement-%s.%s", r->args[0], ext),
	    attachment_base(r->a, sql_col(s, 0)), ext);
	sqlite3_reset(s);
}

/* ---- the audit log -------------------------------------------------------- */

static const struct field log_fields[] = {
	{ "moderator", 0, 64, N_("Moderator") },
	{ "action", 0, 32, N_("Action") },
	{ "event", 0, 64, N_("Event") },
	{ "from", 0, 10, N_("From") },
	{ "to", 0, 10, N_("To") },
	{ "page", 0, 6, N_("Page") },
};
const struct form log_query = FORM_DEF("log", log_fields);

/* What an entry's action says, as a person would say it; the ones listed
 * are also the action filter's choices. Others (the administrators' and
 * the accounts') keep the words of audit_words(). */
static const struct {
	const char *action, *words;
} log_words[] = {
	{ "approve", N_("Approved") },
	{ "request_changes", N_("Requested changes") },
	{ "reject", N_("Rejected") },
	{ "spam", N_("Marked as spam") },
	{ "edit", N_("Edited") },
	{ "withdraw", N_("Withdrew from publication") },
	{ "restore", N_("Restored to the queue") },
	{ "undo", N_("Undid a decision") },
	{ "correct", N_("Corrected by the submitter") },
	{ "withdrawn", N_("Withdrawn by the submitter") },
	{ "add_translation", N_("Added a translation") },
	{ "move", N_("Moved to another event or session") },
	{ "trust_email", N_("Trusted the submitter’s e-mail address") },
	{ "trust_org", N_("Trusted the organisation") },
	{ "original_public", N_("Offered the original document") },
	{ "original_private", N_("Stopped offering the original document") },
	{ "import", N_("Imported") },
	{ "erase", N_("Erased on request") },
	{ "purge", N_("Personal data deleted (retention)") },
	/* structure.c */
	{ "event_edit", N_("Edited an event") },
	{ "event_delete", N_("Deleted an event") },
	{ "session_edit", N_("Edited a session") },
	{ "session_delete", N_("Deleted a session") },
	{ "session_order", N_("Put the sessions in a new order") },
	{ "org_edit", N_("Edited an organisation") },
	{ "org_delete", N_("Deleted an organisation") },
	{ "org_merge", N_("Merged two organisations") },
	/* page_admin.c: "admin " and its operation */
	{ "admin moderator_add", N_("Added a moderator") },
	{ "admin disable", N_("Disabled a moderator") },
	{ "admin enable", N_("Enabled a moderator again") },
	{ "admin make_admin", N_("Made a moderator an administrator") },
	{ "admin make_moderator", N_("Made an administrator a moderator") },
	{ "admin event_add", N_("Added an event") },
	{ "admin event_open", N_("Opened an event to statements") },
	{ "admin event_close", N_("Closed an event to statements") },
	{ "admin event_time_zone", N_("Set an event’s time zone") },
	{ "admin session_add", N_("Added a session") },
	{ "admin org_add", N_("Added an organisation") },
	{ "admin setting", N_("Changed a setting") },
	{ "admin trusted_remove", N_("Stopped trusting a submitter") },
	{ "admin reason_add", N_("Added a reusable reason") },
	{ "admin reason_remove", N_("Removed a reusable reason") },
	{ "admin mail_retry", N_("Sent a failed message again") },
	{ "admin mail_discard", N_("Discarded a failed message") },
	/* page_account.c, cli_moderator.c */
	{ "password_changed", N_("Changed a password") },
	{ "email_changed", N_("Changed an e-mail address") },
	{ "notifications_changed", N_("Changed the e-mail notifications") },
	{ "reset_requested", N_("Asked to reset a password") },
	{ "reset_used", N_("Reset a password") },
	{ "disable", N_("Disabled a moderator") },
	{ "enable", N_("Enabled a moderator again") },
};

static const char *log_action_words(const char *action)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(log_words); i++)
		if (strcmp(action, log_words[i].action) == 0)
			return _(log_words[i].words);
	return audit_words(action);
}

/* The filter choices: moderators (and the submitter), actions, events. */
static void log_choices(struct request *r, struct tv *view,
    const char *who, const char *action, const char *event)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_AUDIT_ACTORS);
	struct tv *o;
	size_t i;

	o = tv_add(view, TF_moderators);
	tv_str(o, TF_value, "submitter");
	tv_str(o, TF_label, audit_words("submitter"));
	tv_bool(o, TF_selected, strcmp(who, "submitter") == 0);
	while (sqlite3_step(s) == SQLITE_ROW) {
		o = tv_add(view, TF_moderators);
		tv_str(o, TF_value, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_label, arena_strdup(r->a, sql_col(s, 0)));
		tv_bool(o, TF_selected, strcmp(who, sql_col(s, 0)) == 0);
	}
	sqlite3_reset(s);
	for (i = 0; i < ARRAY_LEN(log_words); i++) {
		size_t j;

		/* the same words twice (the web's and the command line's):
		 * offered once */
		for (j = 0; j < i; j++)
			if (strcmp(log_words[j].words, log_words[i].words) == 0)
				break;
		if (j < i)
			continue;
		o = tv_add(view, TF_actions);
		tv_str(o, TF_value, log_words[i].action);
		tv_str(o, TF_label, _(log_words[i].words));
		tv_bool(o, TF_selected, strcmp(action, log_words[i].action) ==
		    0);
	}
	s = store_stmt(r->st, SQL_EVENT_LIST);
	while (sqlite3_step(s) == SQLITE_ROW) {
		o = tv_add(view, TF_events);
		tv_str(o, TF_value, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_label, arena_strdup(r->a, sql_col(s, 1)));
		tv_bool(o, TF_selected, strcmp(event, sql_col(s, 0)) == 0);
	}
	sqlite3_reset(s);
}

/* A problem with the filters: its message at the field and in the
 * summary; 1 so that the caller counts it. */
static int log_problem(struct tv *view, enum tf ef, const char *field,
    const char *msg)
{
	struct tv *e = tv_add(view, TF_errors);

	tv_str(e, TF_field, field);
	tv_str(e, TF_message, msg);
	tv_str(view, ef, msg);
	return 1;
}

/* Checks the filters; the number of problems (each in view). */
static int log_check(struct request *r, struct tv *view, const char *action,
    const char *event, const char *from, const char *to)
{
	struct event_def e;
	size_t i;
	int n = 0;

	for (i = 0; i < ARRAY_LEN(log_words); i++)
		if (strcmp(action, log_words[i].action) == 0)
			break;
	if (*action != '\0' && i == ARRAY_LEN(log_words))
		n += log_problem(view, TF_e_action, "log-action", _("Choose "
		    "an action from the list"));
	if (*event != '\0' && event_find(r->st, r->a, event, &e) != 0)
		n += log_problem(view, TF_e_log_event, "log-event", _("Choose "
		    "an event from the list"));
	if (*from != '\0' && valid_date(from) != NULL)
		n += log_problem(view, TF_e_from, "log-from", _("Enter the "
		    "first day as a real date like 2024-05-21"));
	if (*to != '\0' && valid_date(to) != NULL)
		n += log_problem(view, TF_e_to, "log-to", _("Enter the last "
		    "day as a real date like 2024-05-21"));
	if (n == 0 && *from != '\0' && *to != '\0' && strcmp(from, to) > 0)
		n += log_problem(view, TF_e_to, "log-to", _("The last day "
		    "must be the same as or after the first day"));
	return n;
}

void page_log(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);
	sqlite3_stmt *s;
	const char *who = form_str(fd, "moderator");
	const char *action = form_str(fd, "action");
	const char *event = form_str(fd, "event");
	const char *from = form_str(fd, "from"), *to = form_str(fd, "to");
	const char *filters;
	long long page = 1;
	int n = 0;

	if (*form_str(fd, "page") != '\0' &&
	    parse_ll(form_str(fd, "page"), 1, 100000, &page) != 0)
		page = 1;
	tv_str(view, TF_v_moderator, who);
	tv_str(view, TF_v_from, from);
	tv_str(view, TF_v_to, to);
	tv_str(view, TF_action_url, req_url(r, "/moderate/log"));
	tv_str(view, TF_page_title, _("Audit log"));
	log_choices(r, view, who, action, event);
	if (log_check(r, view, action, event, from, to) > 0) {
		tv_bool(view, TF_error, 1);
		resp_page(r, 400, "log", view);
		return;
	}
	filters = arena_printf(r->a, "moderator=%s&action=%s&event=%s&from=%s"
	    "&to=%s", url_escape(r, who), url_escape(r, action),
	    url_escape(r, event), url_escape(r, from), url_escape(r, to));
	tv_bool(view, TF_log_filtered, *who || *action || *event || *from ||
	    *to);
	tv_str(view, TF_clear_url, req_url(r, "/moderate/log"));
	s = store_stmt(r->st, SQL_AUDIT_LIST);
	sql_int(s, 1, 101);
	sql_int(s, 2, (page - 1) * 100);
	sql_text(s, 3, who);
	sql_text(s, 4, action);
	sql_text(s, 5, event);
	sql_text(s, 6, from);
	sql_text(s, 7, to);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o;

		if (++n > 100) {
			tv_str(view, TF_next_url, arena_printf(r->a,
			    "%s?%s&page=%lld", req_url(r, "/moderate/log"),
			    filters, page + 1));
			break;
		}
		o = tv_add(view, TF_audit);
		tv_str(o, TF_created, date_human(r->a, i18n_current(),
		    sql_col(s, 0)));
		tv_str(o, TF_author, audit_words(arena_strdup(r->a,
		    sql_col(s, 1))));
		tv_str(o, TF_action, log_action_words(arena_strdup(r->a,
		    sql_col(s, 2))));
		tv_str(o, TF_st_id, arena_strdup(r->a, sql_col(s, 3)));
		tv_str(o, TF_st_title, arena_strdup(r->a, sql_col(s, 4)));
		if (sqlite3_column_type(s, 5) != SQLITE_NULL)
			tv_str(o, TF_rev_change, arena_printf(r->a, "%d → %d",
			    sqlite3_column_int(s, 5),
			    sqlite3_column_int(s, 6)));
		tv_str(o, TF_reason, arena_strdup(r->a, sql_col(s, 7)));
		tv_str(o, TF_note, arena_strdup(r->a, sql_col(s, 8)));
		/* The client (behind trusted_proxies, the forwarded one). */
		tv_str(o, TF_client_addr, arena_strdup(r->a, sql_col(s, 9)));
		if (*sql_col(s, 3))
			tv_str(o, TF_url, req_url(r, arena_printf(r->a,
			    "/moderate/%s", sql_col(s, 3))));
	}
	sqlite3_reset(s);
	tv_bool(view, TF_has_results, n > 0);
	if (page > 1)
		tv_str(view, TF_prev_url, arena_printf(r->a, "%s?%s&page=%lld",
		    req_url(r, "/moderate/log"), filters, page - 1));
	resp_page(r, 200, "log", view);
}

/* POST /moderate/ID/translate: a moderator adds a translation of the
 * original ID. It waits in the queue like any version (the moderator is
 * its author in the history and the audit log) and shares the original's
 * submitter, who is told of decisions and may follow it. */
void page_review_translate(struct request *r, struct form_data *fd)
{
	struct statement orig, tr;
	struct tv *view = tv_new(r->a), *sub;
	struct st_version v[1];
	const char *token;
	int rc;

	if (*form_str(fd, "action") != '\0' &&
	    strcmp(form_str(fd, "action"), "translate") != 0) {
		resp_error(r, 400, _("This form was sent with a button it does "
		    "not have. Go back and use one of its buttons."));
		return;
	}
	if (review_load(r, &orig) != 0)
		return;
	if (orig.original_id != 0 || strcmp(orig.state, "spam") == 0) {
		resp_error(r, 409, _("Translations are added to an original "
		    "statement: open the original and add it there."));
		return;
	}
	sub = tv_add(view, TF_translation);
	statement_translation_of(&orig, &tr);
	tr.ui_lang = orig.ui_lang;
	if (statement_translation_from_form(r, fd, &orig, &tr, sub,
	    view) > 0) {
		statement_translation_view(r, &tr, sub);
		tv_bool(sub, TF_error, 1);
		tv_bool(sub, TF_translate_error, 1); /* its details open */
		tv_bool(view, TF_error, 1);
		tv_str(view, TF_can_translate, "1"); /* the form is sub */
		review_translation(r, &orig, view, sub);
		review_view(r, NULL, &orig, NULL, view);
		resp_page(r, 422, "review", view);
		return;
	}
	if (statement_versions(r, orig.id, v, 1) != 1) {
		resp_error(r, 404, _("There is no statement with this "
		    "reference."));
		return;
	}
	token = statement_version_token(r, v[0].status_hash, tr.language);
	rc = statement_insert_by(r, &tr, token_hash(r, token), NULL, NULL,
	    r->user);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		resp_error(r, 409, _("This statement already has a version in "
		    "this language. Reload the page to see it."));
		return;
	}
	if (rc != 0) {
		resp_error(r, 503, _("The database is busy: nothing was "
		    "changed. Try again in a moment."));
		return;
	}
	resp_redirect(r, 303, req_url(r, arena_printf(r->a, "/moderate/%s",
	    tr.public_id)));
}
