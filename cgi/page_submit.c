/* page_submit.c — the public form (GET/POST /submit) and the submitter's
 * private status page (GET/POST /status/TOKEN).
 *
 * Nothing typed is ever lost: every problem sends the form back with all
 * its values and a GOV.UK-style error summary; a busy database is a 503
 * with the form. A stored submission answers 303 to its status page.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "catalog.h"
#include "date.h"
#include "form.h"
#include "i18n.h"
#include "markup.h"
#include "moderate.h"
#include "notify.h"
#include "pages.h"
#include "settings.h"
#include "statement.h"
#include "store.h"
#include "template.h"
#include "token.h"
#include "tz.h"

static const struct field submit_fields[] = {
	ST_FORM_FIELDS_SUBMIT
	{ "action", 0, 16, N_("Action") },
	/* An old token is answered by timing_problem, the form kept. */
	{ "csrf", FIELD_CSRF | FIELD_TIMED, 200, N_("Form token") },
	/* Large enough that an oversized file (up to the body limit) still
	 * reaches the form and gets a friendly message with the text kept. */
	{ "attachment", FIELD_FILE, REQ_MAX_BODY, N_("Original document") },
	{ "consent", 0, 8, N_("Consent to publish") },
	/* the honeypot: people leave it */
	{ "website", 0, 200, N_("Website") },
};
const struct form submit_form = FORM_DEF("submit", submit_fields);

/* /submit?event=E&session=S: the form with both chosen (an event's page
 * links to it). */
static const struct field submit_query_fields[] = {
	{ "event", 0, 64, N_("Event") },
	{ "session", 0, 64, N_("Panel or session") },
};
const struct form submit_query = FORM_DEF("submit-query",
    submit_query_fields);

static const struct field status_fields[] = {
	ST_FORM_FIELDS_EDIT
	{ "action", 0, 16, N_("Action") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
	{ "rev", 0, 12, N_("Revision") },
	/* "Yes, withdraw it": a withdrawal without it asks first. */
	{ "confirm", 0, 4, N_("Confirmation") },
	/* A correction may replace the document (as submit_fields). */
	{ "attachment", FIELD_FILE, REQ_MAX_BODY, N_("Original document") },
};
const struct form status_form = FORM_DEF("status", status_fields);

/* "Add a translation" on the status page: its own route and token. */
static const struct field translate_fields[] = {
	ST_TRANSLATE_FIELDS
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form translate_form = FORM_DEF("translate", translate_fields);

static const struct field status_query_fields[] = {
	{ "sent", 0, 4, N_("Sent") },
	{ "saved", 0, 4, N_("Saved") },
	{ "withdrawn", 0, 4, N_("Withdrawn") },
};
const struct form status_query = FORM_DEF("status-query",
    status_query_fields);

/* ---- the form ------------------------------------------------------------- */

static void statement_blank(struct statement *st)
{
	memset(st, 0, sizeof(*st));
#define BLANK_NONE(...)
#define BLANK_FLD(name, ...) st->name = "";
	ST_FIELDS_DEF(BLANK_NONE, BLANK_NONE, BLANK_FLD)
#undef BLANK_NONE
#undef BLANK_FLD
	st->event_title = st->session_title = st->html = st->hold_reason = "";
	st->state = "pending";
	st->ui_lang = i18n_current();
}

/* The oldest form the submit handler takes, in seconds: the setting, at
 * most FORM_TOKEN_MAX_AGE. */
static long long submit_max_age(struct request *r)
{
	long long max = setting_int(r->st, SET_submit_max_hours) * 3600;

	return max > 0 && max < FORM_TOKEN_MAX_AGE ? max : FORM_TOKEN_MAX_AGE;
}

/* Shows the submission form with what st holds and the problems already in
 * view. Its token keeps the time the form was first served (a person who
 * corrects a mistake at once is not "too quick"), unless that is too old. */
static void submit_render(struct request *r, int status,
    const struct form_data *fd, const struct statement *st, struct tv *view)
{
	const char *notice;
	time_t when = 0;

	if (fd != NULL && fd->issued > 0 &&
	    (long long)(time(NULL) - fd->issued) <= submit_max_age(r))
		when = fd->issued;
	statement_form_view(r, fd, st, view);
	tv_str(view, TF_csrf, token_make_at(r, submit_form.name, when));
	tv_str(view, TF_action_url, req_url(r, "/submit"));
	tv_bool(view, TF_error, tv_get(view, TF_error_count) != NULL);
	notice = setting_get(r->st, r->a, SET_privacy_notice);
	if (*notice != '\0')
		tv_str(view, TF_privacy_notice, notice);
	tv_str(view, TF_page_title, _("Submit a statement"));
	resp_page(r, status, "submit", view);
}

void page_submit_form(struct request *r, struct form_data *fd)
{
	struct statement st;
	struct tv *view = tv_new(r->a);
	sqlite3_stmt *s;
	const char *want = form_str(fd, "event"), *only = "";
	int open = 0;

	statement_blank(&st);
	st.format = "text";
	/* The event asked for if it is open (an unknown or closed one is
	 * not chosen: the form opens as without it), else the only open
	 * event. The session is chosen only with its event: the list marks
	 * a session selected when both match (statement.c). */
	s = store_stmt(r->st, SQL_EVENTS_OPEN);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (*want != '\0' && strcmp(sql_col(s, 1), want) == 0)
			st.event_slug = want;
		if (++open == 1)
			only = arena_strdup(r->a, sql_col(s, 1));
	}
	sqlite3_reset(s);
	if (*st.event_slug == '\0' && open == 1)
		st.event_slug = only;
	if (*st.event_slug != '\0')
		st.session_slug = form_str(fd, "session");
	submit_render(r, 200, NULL, &st, view);
}

/* A problem that concerns the whole form, shown at the top of the summary
 * and linked to the first field. */
static void form_problem(struct tv *view, const char *msg)
{
	struct tv *e = tv_add(view, TF_errors);

	tv_str(e, TF_field, "title");
	tv_str(e, TF_message, msg);
}

/* The form was sent too soon after it was served (a bot) or after a very
 * long time: it goes back once, with everything kept. */
static int timing_problem(struct request *r, const struct form_data *fd,
    struct tv *view)
{
	long long min = setting_int(r->st, SET_submit_min_seconds);
	long long max = submit_max_age(r);
	long long age = (long long)time(NULL) - (long long)fd->issued;

	if (min > 0 && age < min) {
		form_problem(view, _("The form was sent very quickly. Please "
		    "check it and send it again."));
		return 1;
	}
	if (age > max) {
		form_problem(view, _("This form was opened a long time ago. "
		    "Please check it and send it again."));
		return 1;
	}
	return 0;
}

/* Why a submission should wait for a person even if it looks fine: many
 * links, or a listed word. "" when none. */
static const char *hold_reason(struct request *r, const struct statement *st)
{
	long long links = setting_int(r->st, SET_hold_links);
	const char *words = setting_get(r->st, r->a, SET_hold_words);
	size_t n = markup_count_links(st->html);
	char *list, *w, *save = NULL;

	if (links > 0 && n > (size_t)links)
		return arena_printf(r->a, "%zu links", n);
	list = arena_strdup(r->a, words);
	for (w = strtok_r(list, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save)) {
		while (*w == ' ')
			w++;
		if (*w != '\0' && (strcasestr(st->source, w) != NULL ||
		    strcasestr(st->title, w) != NULL))
			return arena_printf(r->a, "contains “%s”", w);
	}
	return "";
}

/* Submissions from this client in the current hour; when over the limit,
 * the seconds until the next hour, else 0. */
static long long rate_wait(struct request *r)
{
	long long limit = setting_int(r->st, SET_rate_submit_per_hour);
	long long now = (long long)time(NULL);

	if (limit == 0 || store_rate_count(r->st, addr_client(r->a,
	    r->remote_addr)) < limit)
		return 0;
	return 3600 - now % 3600;
}

/* The attachment, if one was chosen; a problem goes to the form. */
static int attachment_read(struct request *r, const struct form_data *fd,
    struct attachment *att, struct tv *view)
{
	const struct param *p = form_param(fd, "attachment");
	const char *why;
	struct tv *e;

	memset(att, 0, sizeof(*att));
	if (p == NULL || p->len == 0)
		return 0;
	att->filename = file_name_tidy(r->a, p->filename);
	att->data = p->value;
	att->size = p->len;
	why = attachment_problem(att);
	if (why == NULL)
		return 0;
	tv_str(view, TF_e_attachment, why);
	e = tv_add(view, TF_errors);
	tv_str(e, TF_field, "attachment");
	tv_str(e, TF_message, why);
	return 1;
}

/* A submission from a trusted address or organisation is approved at once,
 * still sanitized and logged, by the trust rule; any other goes to the
 * moderators. */
/* 1 when the submitter's address is at the web domain of the statement's
 * organisation (from the catalogue): example.org's URL covers
 * a@example.org and a@mail.example.org. An organisation's name is whatever
 * a person types, so trusting it alone would let anyone publish. A web
 * address with a path (https://www.un.org/youthenvoy) is a page on a
 * domain the organisation shares: it names no domain of its own. */
static int email_at_org(struct request *r, const struct statement *st)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ORG_URL);
	const char *at = strrchr(st->submitter_email, '@'), *host, *rest;
	size_t n = 0, d;
	int ok = 0;

	if (st->org_id == 0 || at == NULL)
		return 0;
	sql_int(s, 1, st->org_id);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    (host = strstr(sql_col(s, 0), "://")) != NULL) {
		host += 3;
		n = strcspn(host, "/:?#");
		rest = host + n;
		if (*rest == ':')
			rest += 1 + strspn(rest + 1, "0123456789");
		if (*rest != '\0' && strcmp(rest, "/") != 0)
			n = 0; /* a path or a query: no domain of its own */
		if (n > 4 && strncasecmp(host, "www.", 4) == 0) {
			host += 4;
			n -= 4;
		}
		d = strlen(at + 1);
		ok = n > 0 && d >= n && strncasecmp(at + 1 + d - n, host,
		    n) == 0 && (d == n || at[d - n] == '.');
	}
	sqlite3_reset(s);
	return ok;
}

/* The trust rule that approves st at once ("trust rule (email …)"), or
 * NULL: held, spam and other submissions go to the moderators. */
static const char *trust_rule(struct request *r, const struct statement *st)
{
	sqlite3_stmt *s;
	const char *rule = NULL;
	int at_org;

	if (strcmp(st->state, "pending") != 0 || *st->hold_reason != '\0')
		return NULL;
	at_org = email_at_org(r, st);
	s = store_stmt(r->st, SQL_TRUSTED_MATCH);
	sql_text(s, 1, st->submitter_email);
	sql_text(s, 2, st->org_name);
	sql_int(s, 3, at_org);
	if (sqlite3_step(s) == SQLITE_ROW)
		rule = arena_printf(r->a, "trust rule (%s %s)", sql_col(s, 0),
		    sql_col(s, 1));
	sqlite3_reset(s);
	return rule;
}

/* What a new submission (or translation) writes in its transaction
 * besides itself: the client's count, the receipt, and the moderators'
 * mail (saying so when it is held) unless a trust rule approves it
 * next. */
struct submit_also {
	const char *rule;  /* trust_rule() */
};

static int submit_also_run(struct request *r, struct statement *st,
    void *arg)
{
	const struct submit_also *sa = arg;

	if (store_rate_hit(r->st, addr_client(r->a, r->remote_addr)) != 0)
		return -1;
	if (strcmp(st->state, "spam") == 0)
		return 0;
	if (notify_receipt(r, st) != 0)
		return -1;
	/* A held one too: the mail says it is held and why. */
	if (sa->rule != NULL || strcmp(st->state, "pending") != 0)
		return 0;
	return notify_submission(r, st, 0);
}

/* After the submission's commit: a trust rule approves it (the
 * submitter's "published" mail queued with the approval). If that
 * approval fails, the moderators are told instead. */
static void submit_trusted(struct request *r, struct statement *st,
    const char *rule)
{
	enum mod_result rc;

	if (rule == NULL)
		return;
	rc = moderate_apply(r, st, mod_action_find("approve"), st->rev, "",
	    rule);
	if (rc == MOD_OK)
		return;
	log_err("statement %s: the %s could not approve it (%d); it waits "
	    "for review", st->public_id, rule, (int)rc);
	if (store_begin(r->st) != 0)
		return;
	if (notify_submission(r, st, 0) != 0 || store_commit(r->st) != 0)
		store_rollback(r->st);
}

/* The private token of the statement a sending of the form stores: a
 * keyed hash (BLAKE2b, the site's secret) of the form's token and of
 * everything sent with it. The same sending twice (a 502 after the
 * commit, then "send again"; two clicks at once) finds the statement
 * stored the first time and answers with its receipt. Other text with
 * the same token (a form page left in a shared browser, or cached for
 * everyone by a careless proxy) is another submission, with a private
 * link of its own: holding a form's token never opens someone else's.
 * A token made before nonces names no single form: a random one. */
static const char *submit_status_token(struct request *r,
    const struct form_data *fd)
{
	crypto_generichash_state h;
	unsigned char key[20];
	const struct param *p;
	char *out;

	if (!token_has_nonce(form_str(fd, "csrf")))
		return token_random_hex(r, STATUS_TOKEN_BYTES);
	crypto_generichash_init(&h, r->app->secret, sizeof(r->app->secret),
	    sizeof(key));
	crypto_generichash_update(&h, (const unsigned char *)"status-of-form",
	    sizeof("status-of-form"));
	for (p = fd->all; p != NULL; p = p->next) {
		unsigned long long len = p->len;

		/* Length-prefixed values: no two sendings share an input. */
		crypto_generichash_update(&h, (const unsigned char *)p->name,
		    strlen(p->name) + 1);
		crypto_generichash_update(&h, (const unsigned char *)&len,
		    sizeof(len));
		crypto_generichash_update(&h, (const unsigned char *)p->value,
		    p->len);
	}
	crypto_generichash_final(&h, key, sizeof(key));
	out = arena_alloc(r->a, 2 * sizeof(key) + 1);
	hex_encode(out, key, sizeof(key));
	return out;
}

/* When this sending of the form was stored already, answers it as the
 * first time was answered (303 to the same receipt) and returns 1. */
static int submit_again(struct request *r, const char *token)
{
	struct statement old;

	if (statement_by_status(r, token_hash(r, token), &old) != 0)
		return 0;
	log_info("statement %s: the same form was sent again; answered with "
	    "its receipt", old.public_id);
	resp_redirect(r, 303, req_url(r, arena_printf(r->a,
	    "/status/%s?sent=1", token)));
	return 1;
}

/* Stores the submission and sends the browser to its status page. */
static void submit_store(struct request *r, const struct form_data *fd,
    struct statement *st, const struct attachment *att, struct tv *view)
{
	const char *token = submit_status_token(r, fd);
	struct submit_also sa;
	const struct st_also also = { submit_also_run, &sa };
	long long wait;
	int rc;

	if (submit_again(r, token))
		return;
	wait = rate_wait(r);

	if (wait > 0) {
		form_problem(view, arena_printf(r->a, NG_("Many statements "
		    "were sent from your connection in the last hour. Please "
		    "wait %lld minute and send this one again: everything "
		    "you typed is still here.", "Many statements were sent "
		    "from your connection in the last hour. Please wait %lld "
		    "minutes and send this one again: everything you typed "
		    "is still here.", (unsigned long)((wait + 59) / 60)),
		    (wait + 59) / 60));
		tv_str(view, TF_error_count, "1");
		resp_header(r, "Retry-After", arena_printf(r->a, "%lld", wait));
		submit_render(r, 429, fd, st, view);
		return;
	}
	if (*form_str(fd, "website") != '\0')
		st->state = "spam"; /* kept for the moderators to see */
	st->hold_reason = hold_reason(r, st);
	sa.rule = trust_rule(r, st);
	rc = statement_insert(r, st, token_hash(r, token), att, &also);
	if (rc != 0 && submit_again(r, token))
		return; /* the same sending, stored in the meantime */
	if (rc == 0) {
		submit_trusted(r, st, sa.rule);
		resp_redirect(r, 303, req_url(r, arena_printf(r->a,
		    "/status/%s?sent=1", token)));
		return;
	}
	log_err("a submission could not be stored (%s); the form went back "
	    "with its text", sqlite3_errstr(rc));
	form_problem(view, _("Your statement could not be saved because the "
	    "service is busy. Nothing is lost: please send it again in a "
	    "moment."));
	tv_str(view, TF_error_count, "1");
	resp_header(r, "Retry-After", "5");
	submit_render(r, 503, fd, st, view);
}

/* 1 when action is one of the form's buttons ("" is dflt, as a form sent
 * without its button), else a 400 and 0. */
static int action_known(struct request *r, const char *action,
    const char *dflt)
{
	if (*action == '\0' || strcmp(action, dflt) == 0 ||
	    strcmp(action, "preview") == 0 ||
	    (strcmp(dflt, "save") == 0 && strcmp(action, "withdraw") == 0))
		return 1;
	resp_error(r, 400, _("This form was sent with a button it does not "
	    "have. Go back and use one of its buttons."));
	return 0;
}

void page_submit_post(struct request *r, struct form_data *fd)
{
	struct statement st;
	struct attachment att;
	struct tv *view = tv_new(r->a);
	int problems;

	if (!action_known(r, form_str(fd, "action"), "send"))
		return;
	statement_blank(&st);
	problems = statement_from_form(r, fd, &st, view);
	problems += attachment_read(r, fd, &att, view);
	if (problems == 0)
		problems += timing_problem(r, fd, view);
	if (problems > 0) {
		if (att.size > 0)
			tv_str(view, TF_e_attachment_again, _("Files are not "
			    "kept when the form has a problem: choose the "
			    "file again."));
		tv_str(view, TF_error_count, arena_printf(r->a, "%d",
		    problems));
		submit_render(r, 422, fd, &st, view);
		return;
	}
	if (strcmp(form_str(fd, "action"), "preview") == 0) {
		struct tv *pv = tv_add(view, TF_preview);

		statement_view(r->a, &st, pv);
		if (att.size > 0)
			tv_str(view, TF_e_attachment_again, _("Choose the file "
			    "again when you send: a preview does not keep "
			    "it."));
		submit_render(r, 200, fd, &st, view);
		return;
	}
	submit_store(r, fd, &st, &att, view);
}

/* ---- the status page ------------------------------------------------------ */

/* The status page is reached two ways: /status/TOKEN, the private link,
 * and /my/ID, a statement of the submitter signed in to "My statements"
 * (page_my.c; route.c has resolved r->submitter). The page and its forms
 * are the same; only their addresses differ. */
static const char *status_path(struct request *r)
{
	return arena_printf(r->a, r->submitter != NULL ? "/my/%s" :
	    "/status/%s", r->args[0]);
}

/* 1 when a statement sent from address a may be opened by a submitter
 * signed in as b: the same address, ASCII letters in either case (as
 * COLLATE NOCASE compares them in the list). */
static int same_address(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* The statement behind /status/TOKEN or /my/ID, or a 404 page. */
static int status_load(struct request *r, struct statement *st)
{
	const char *token = r->args[0];

	if (r->submitter != NULL) {
		if (statement_by_public_id(r, token, st) == 0 &&
		    same_address(st->submitter_email, r->submitter))
			return 0;
		resp_error(r, 404, _("None of your statements has this "
		    "reference. Go back to “My statements” and choose one "
		    "from the list."));
		return -1;
	}
	if (strlen(token) != 40 || strspn(token, "0123456789abcdef") != 40 ||
	    statement_by_status(r, token_hash(r, token), st) != 0) {
		resp_error(r, 404, _("We could not find a submission at this "
		    "address. Check that you copied the whole link from your "
		    "receipt."));
		return -1;
	}
	return 0;
}

static int statement_editable(const struct statement *st)
{
	return strcmp(st->state, "pending") == 0 ||
	    strcmp(st->state, "changes_requested") == 0;
}

/* 1 when a translation may be added to st: an original still alive. */
static int statement_translatable(const struct statement *st)
{
	return st->original_id == 0 && (statement_editable(st) ||
	    strcmp(st->state, "approved") == 0);
}

/* The statement's versions, each linked to its own private page (a
 * translation's token comes from its original's, statement_version_token;
 * the original's own cannot be made again), and what a translation
 * translates. */
static void status_versions(struct request *r, const struct statement *st,
    struct tv *view)
{
	struct st_version v[ST_MAX_VERSIONS];
	long long orig = st->original_id ? st->original_id : st->id;
	int n = statement_versions(r, orig, v, ST_MAX_VERSIONS), i;

	tv_bool(view, TF_versions, n > 1);
	for (i = 0; i < n; i++) {
		struct tv *o = tv_add(view, TF_version_list);
		int current = strcmp(v[i].public_id, st->public_id) == 0;

		if (!v[i].translation && st->original_id != 0)
			tv_str(view, TF_original_title, v[i].title);
		tv_str(o, TF_label, statement_language_label(v[i].language));
		tv_str(o, TF_st_lang, v[i].language);
		tv_str(o, TF_kind_label, v[i].translation ? _("Translation") :
		    _("Original"));
		tv_str(o, TF_state, v[i].state);
		tv_str(o, TF_state_label, statement_state_label(
		    strcmp(v[i].state, "spam") == 0 ? "rejected" : v[i].state));
		tv_bool(o, TF_current, current);
		if (r->submitter != NULL)
			tv_str(o, TF_url, req_url(r, arena_printf(r->a,
			    "/my/%s", v[i].public_id)));
		else if (v[i].translation && n > 0 && !v[0].translation)
			tv_str(o, TF_url, req_url(r, arena_printf(r->a,
			    "/status/%s", statement_version_token(r,
			    v[0].status_hash, v[i].language))));
	}
}

static void status_render_tr(struct request *r, int status,
    const struct form_data *fd, struct statement *st,
    const struct statement *stored, struct tv *view, struct tv *sub);

/* The statement's current document (the newest: a correction may have
 * replaced it), its name and size. */
static void status_attachment(struct request *r, const struct statement *st,
    struct tv *view)
{
	sqlite3_stmt *a = store_stmt(r->st, SQL_ATT_OF);

	sql_int(a, 1, st->id);
	if (sqlite3_step(a) == SQLITE_ROW) {
		tv_str(view, TF_attachment_name, file_name_tidy(r->a,
		    sql_col(a, 0)));
		/* TRANSLATORS: a file's size in kilobytes. */
		tv_str(view, TF_attachment_size, arena_printf(r->a,
		    _("%.1f KB"), sqlite3_column_int64(a, 1) / 1024.0));
	}
	sqlite3_reset(a);
}

/* st: the statement with what the person typed in the correction form;
 * stored: as it is saved, shown under "Your statement" (a preview or a
 * problem must never show unsaved text there). */
static void status_render(struct request *r, int status,
    const struct form_data *fd, struct statement *st,
    const struct statement *stored, struct tv *view)
{
	status_render_tr(r, status, fd, st, stored, view, NULL);
}

/* Whether a moderator changed the published statement st after the
 * submitter's last version (its title or text: what the history
 * compares), and if so the changes, as the history shows them. */
static void status_mod_edit(struct request *r, const struct statement *st,
    struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_REV_LIST);
	const char *title = NULL, *html = NULL, *was, *now;
	int edited = 0;
	struct tv *edit;

	/* Edited: a moderator's "edit" revision after the submitter's last
	 * (whatever it changed: the text, the title, the speaker…). */
	sql_int(s, 1, st->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (strcmp(sql_col(s, 1), "submitter") == 0) {
			title = arena_strdup(r->a, sql_col(s, 4));
			html = arena_strdup(r->a, sql_col(s, 7));
			edited = 0;
		} else if (strcmp(sql_col(s, 2), "edit") == 0) {
			edited = 1;
		}
	}
	sqlite3_reset(s);
	if (title == NULL || !edited)
		return;
	edit = tv_add(view, TF_mod_edit);
	tv_str(edit, TF_st_lang, st->language);
	if (strcmp(title, st->title) != 0) {
		tv_str(edit, TF_old_title, title);
		tv_str(edit, TF_new_title, st->title);
	}
	was = statement_text_blocks(r, html);
	now = statement_text_blocks(r, st->html);
	if (was != NULL && now != NULL && strcmp(was, now) != 0)
		statement_diff_view(r, edit, was, now);
}

/* The status page; sub, when not NULL, is the translation form as it was
 * sent (its values, problems or preview). */
static void status_render_tr(struct request *r, int status,
    const struct form_data *fd, struct statement *st,
    const struct statement *stored, struct tv *view, struct tv *sub)
{
	struct tv *shown = tv_add(view, TF_shown);
	const char *path;

	statement_view(r->a, stored, shown);
	tv_str(view, TF_reference, st->public_id);
	tv_str(view, TF_state, st->state);
	tv_str(view, TF_state_label, strcmp(st->state, "spam") == 0 ?
	    statement_state_label("rejected") :
	    statement_state_label(st->state));
	tv_str(view, TF_st_event, st->event_title);
	tv_str(view, TF_created, date_human(r->a, i18n_current(), st->created));
	/* As saved: a preview or a problem shows typed text only in the
	 * correction form. */
	tv_str(view, TF_st_title, stored->title);
	/* The moderators' message is for the changes they asked: once the
	 * statement is reviewed again it has nothing left to say. */
	if (strcmp(st->state, "changes_requested") == 0)
		tv_str(view, TF_note, st->note);
	tv_int(view, TF_rev, st->rev);
	path = status_path(r);
	if (strcmp(st->state, "approved") == 0) {
		tv_str(view, TF_published_url, req_url(r, arena_printf(r->a,
		    "/s/%s", st->public_id)));
		/* An embargo: public from then, at the event's clock. */
		if (st->publish_at > (long long)time(NULL))
			tv_str(view, TF_publish_local, tz_time_human(r->a,
			    i18n_current(), st->publish_at, event_time_zone(
			    r->st, r->a, st->id)));
		status_mod_edit(r, stored, view);
	}
	tv_str(view, TF_my_url, r->submitter != NULL ? req_url(r, "/my") :
	    NULL);
	tv_str(view, TF_action_url, req_url(r, path));
	tv_bool(view, TF_editable, statement_editable(st));
	if (statement_editable(st) && fd == NULL) {
		/* Filled from what is stored: the cleaned statement. */
		struct statement clean = statement_for_editing(st);

		statement_form_view(r, fd, &clean, view);
	} else if (statement_editable(st)) {
		statement_form_view(r, fd, st, view);
	}
	status_attachment(r, st, view);
	tv_str(view, TF_csrf, token_make(r, status_form.name));
	status_versions(r, st, view);
	if (statement_translatable(st)) {
		if (sub == NULL)
			sub = statement_translation_blank(r, st, view);
		tv_str(sub, TF_csrf, token_make(r, translate_form.name));
		tv_str(sub, TF_translate_url, req_url(r, arena_printf(r->a,
		    "%s/translate", status_path(r))));
	}
	tv_bool(view, TF_error, tv_get(view, TF_error_count) != NULL);
	tv_str(view, TF_page_title, stored->title);
	resp_page(r, status, "status", view);
}

/* The local part of an address cut after its first letter, as the
 * receipt shows it: m…@example.org (the whole address would tell anyone
 * looking at the screen, or at a shared link, who sent it). */
static const char *email_masked(struct arena *a, const char *email)
{
	const char *at = strrchr(email, '@');
	size_t first = 1;

	if (at == NULL || at == email)
		return NULL;
	/* the first character, whole (UTF-8) */
	while (email + first < at && ((unsigned char)email[first] & 0xc0) ==
	    0x80)
		first++;
	return arena_printf(a, "%.*s…%s", (int)first, email, at);
}

/* 1 when the receipt of st, with its private link, is queued or was
 * handed to the mailer (not dead): what "we have sent" means. */
static int receipt_queued(struct request *r, const struct statement *st)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_RECEIPT_QUEUED);
	int yes;

	sql_int(s, 1, st->id);
	yes = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 1;
	sqlite3_reset(s);
	return yes;
}

/* The private link of the status page: absolute only from base_url,
 * never from Host. */
static const char *status_link(struct request *r)
{
	const char *path = status_path(r), *url;

	if ((url = req_public_url(r, path)) == NULL)
		url = req_url(r, path);
	return url;
}

/* The confirmation after POST /submit (/status/TOKEN?sent=1): that it
 * was received, its reference, what happens next, whether the private
 * link was e-mailed, and that link, the one way to correct or withdraw
 * it. A statement held or taken for spam reads as any waiting one. */
static void receipt_render(struct request *r, const struct statement *st)
{
	struct tv *view = tv_new(r->a);
	const char *masked = email_masked(r->a, st->submitter_email);

	tv_str(view, TF_reference, st->public_id);
	tv_str(view, TF_st_title, st->title);
	tv_str(view, TF_status_url, status_link(r));
	if (strcmp(st->state, "approved") == 0)
		tv_str(view, TF_published_url, req_url(r, arena_printf(r->a,
		    "/s/%s", st->public_id)));
	else
		tv_bool(view, TF_pending_review, 1);
	if (masked != NULL && receipt_queued(r, st))
		tv_str(view, TF_mailed_to, masked);
	tv_str(view, TF_page_title, _("Statement received"));
	resp_page(r, 200, "receipt", view);
}

void page_status(struct request *r, struct form_data *fd)
{
	struct statement st;
	struct tv *view = tv_new(r->a);

	if (status_load(r, &st) != 0)
		return;
	/* The receipt is the private link's (not /my/ID's). */
	if (r->submitter == NULL && strcmp(form_str(fd, "sent"), "1") == 0) {
		receipt_render(r, &st);
		return;
	}
	tv_bool(view, TF_saved, strcmp(form_str(fd, "saved"), "1") == 0);
	tv_bool(view, TF_withdrawn, strcmp(form_str(fd, "withdrawn"), "1") ==
	    0);
	status_render(r, 200, NULL, &st, &st, view);
}

/* The statement changed since the page was loaded (a moderator acted): the
 * person's text is shown back with the current state. */
static void status_conflict(struct request *r, const struct form_data *fd,
    struct statement *typed, struct tv *view)
{
	struct statement now;

	if (status_load(r, &now) != 0)
		return;
	form_problem(view, _("Your statement was changed or reviewed while you "
	    "were editing it. Your text is below: check the current version "
	    "and send your changes again if they are still needed."));
	tv_str(view, TF_error_count, "1");
	/* Keep what the person typed in the form, on the current revision. */
	typed->rev = now.rev;
	typed->state = now.state;
	typed->public_id = now.public_id;
	typed->created = now.created;
	typed->event_title = now.event_title;
	status_render(r, 409, fd, typed, &now, view);
}

static void status_withdraw(struct request *r, struct statement *st,
    long long rev)
{
	enum st_result rc;

	if (rev != st->rev) {
		resp_error(r, 409, _("Your statement was changed or reviewed "
		    "meanwhile. Reload its page to see it, then withdraw it "
		    "again if you still want to."));
		return;
	}
	rc = statement_set_state(r, st, "withdrawn", "submitter");
	if (rc == ST_CONFLICT) {
		resp_error(r, 409, _("Your statement was changed or reviewed "
		    "meanwhile. Reload its page to see it, then withdraw it "
		    "again if you still want to."));
		return;
	}
	if (rc != ST_OK) {
		resp_error(r, 503, _("The service is busy. Please try again in "
		    "a moment."));
		return;
	}
	resp_redirect(r, 303, req_url(r, arena_printf(r->a,
	    "%s?withdrawn=1", status_path(r))));
}

/* "Are you sure?": the withdraw button asks first, on a page of its own
 * (no script needed); its "Yes" sends the same form with confirm=1 and
 * the revision the person saw, "No" goes back to the status page. */
static void withdraw_ask(struct request *r, const struct statement *st,
    long long rev)
{
	struct tv *view = tv_new(r->a);
	const char *path = status_path(r);

	tv_str(view, TF_st_title, st->title);
	tv_str(view, TF_reference, st->public_id);
	tv_int(view, TF_rev, rev);
	tv_str(view, TF_csrf, token_make(r, status_form.name));
	tv_str(view, TF_action_url, req_url(r, path));
	tv_str(view, TF_back_url, req_url(r, path));
	tv_str(view, TF_page_title, _("Withdraw your statement?"));
	resp_page(r, 200, "withdraw", view);
}

/* A correction of a statement whose changes were requested sends it back
 * to the queue: the moderators are told, in its transaction (st is still
 * in its state before the change). A new document (arg, when a file was
 * chosen) is stored in the same transaction. */
static int reopen_mail_run(struct request *r, struct statement *st,
    void *arg)
{
	const struct attachment *att = arg;

	/* A new document counts as a sending from this client (the hourly
	 * limit of submissions), and replaces the one it follows unless a
	 * moderator made that public: what is kept is the original, what
	 * was offered to the public, and the newest. */
	if (att != NULL && att->size > 0 &&
	    (statement_attachment_add(r, st->id, att) != 0 ||
	    store_rate_hit(r->st, addr_client(r->a, r->remote_addr)) != 0 ||
	    statement_attachment_prune(r, st->id) != 0))
		return -1;
	return strcmp(st->state, "changes_requested") == 0 ?
	    notify_submission(r, st, 1) : 0;
}

void page_status_post(struct request *r, struct form_data *fd)
{
	struct statement st, stored;
	struct attachment att;
	const struct st_also reopen_mail = { reopen_mail_run, &att };
	struct tv *view = tv_new(r->a);
	const char *action = form_str(fd, "action");
	long long rev, wait;
	enum st_result rc;
	int problems;

	if (!action_known(r, action, "save") || status_load(r, &st) != 0)
		return;
	stored = st;
	if (parse_ll(form_str(fd, "rev"), 1, 1000000000, &rev) != 0) {
		resp_error(r, 400, _("The form is missing the version of the "
		    "statement it was made from. Reload the page."));
		return;
	}
	if (!statement_editable(&st)) {
		resp_error(r, 409, _("This statement can no longer be changed: "
		    "it has been reviewed or withdrawn."));
		return;
	}
	if (strcmp(action, "withdraw") == 0) {
		if (strcmp(form_str(fd, "confirm"), "1") == 0)
			status_withdraw(r, &st, rev);
		else
			withdraw_ask(r, &st, rev);
		return;
	}
	problems = statement_from_form(r, fd, &st, view);
	problems += attachment_read(r, fd, &att, view);
	if (problems > 0) {
		if (att.size > 0)
			tv_str(view, TF_e_attachment_again, _("Files are not "
			    "kept when the form has a problem: choose the "
			    "file again."));
		tv_str(view, TF_error_count, arena_printf(r->a, "%d",
		    problems));
		status_render(r, 422, fd, &st, &stored, view);
		return;
	}
	if (statement_language_taken(r, &st)) {
		struct tv *e = tv_add(view, TF_errors);
		const char *msg = _("Another version of this statement is in "
		    "this language: choose the language this one is in");

		tv_str(e, TF_field, "language");
		tv_str(e, TF_message, msg);
		tv_str(view, TF_e_language, msg);
		tv_str(view, TF_error_count, "1");
		status_render(r, 422, fd, &st, &stored, view);
		return;
	}
	if (strcmp(action, "preview") == 0) {
		struct tv *pv = tv_add(view, TF_preview);

		statement_view(r->a, &st, pv);
		tv_str(pv, TF_st_id, arena_printf(r->a, "%s-preview",
		    st.public_id));
		if (att.size > 0)
			tv_str(view, TF_e_attachment_again, _("Choose the file "
			    "again when you send: a preview does not keep "
			    "it."));
		status_render(r, 200, fd, &st, &stored, view);
		return;
	}
	if (att.size > 0 && (wait = rate_wait(r)) > 0) {
		form_problem(view, arena_printf(r->a, NG_("Many statements or "
		    "documents were sent from your connection in the last "
		    "hour. Please wait %lld minute and send your correction "
		    "again: everything you typed is still here.", "Many "
		    "statements or documents were sent from your connection "
		    "in the last hour. Please wait %lld minutes and send your "
		    "correction again: everything you typed is still here.",
		    (unsigned long)((wait + 59) / 60)), (wait + 59) / 60));
		tv_str(view, TF_e_attachment_again, _("Files are not kept when "
		    "the form has a problem: choose the file again."));
		tv_str(view, TF_error_count, "1");
		resp_header(r, "Retry-After", arena_printf(r->a, "%lld", wait));
		status_render(r, 429, fd, &st, &stored, view);
		return;
	}
	/* Shown only if the form comes back (a conflict, a busy database). */
	if (att.size > 0)
		tv_str(view, TF_e_attachment_again, _("Files are not kept when "
		    "the form has a problem: choose the file again."));
	if (rev != st.rev) {
		status_conflict(r, fd, &st, view);
		return;
	}
	rc = statement_update(r, &st, "submitter", att.size > 0 ?
	    "corrected by the submitter, with a new document" :
	    "corrected by the submitter", &reopen_mail);
	if (rc == ST_CONFLICT) {
		status_conflict(r, fd, &st, view);
		return;
	}
	if (rc != ST_OK) {
		form_problem(view, _("Your changes could not be saved because "
		    "the service is busy. Nothing is lost: please send them "
		    "again."));
		tv_str(view, TF_error_count, "1");
		status_render(r, 503, fd, &st, &stored, view);
		return;
	}
	resp_redirect(r, 303, req_url(r, arena_printf(r->a, "%s?saved=1",
	    status_path(r))));
}

/* ---- adding a translation ------------------------------------------------ */

/* A translation stored: its receipt, and the trust rule or the queue. */
static void translate_store(struct request *r, struct statement *orig,
    struct statement *tr, const struct form_data *fd, struct tv *view,
    struct tv *sub)
{
	struct st_version v[1];
	const char *token;
	struct submit_also sa;
	const struct st_also also = { submit_also_run, &sa };
	long long wait = rate_wait(r);
	int rc;

	if (wait > 0) {
		form_problem(view, _("Many statements were sent from your "
		    "connection in the last hour. Please wait a while and send "
		    "this translation again: everything you typed is still "
		    "here."));
		tv_str(view, TF_error_count, "1");
		resp_header(r, "Retry-After", arena_printf(r->a, "%lld", wait));
		status_render_tr(r, 429, NULL, orig, orig, view, sub);
		return;
	}
	if (statement_versions(r, orig->id, v, 1) != 1) {
		resp_error(r, 404, _("We could not find this statement."));
		return;
	}
	token = statement_version_token(r, v[0].status_hash, tr->language);
	tr->hold_reason = hold_reason(r, tr);
	sa.rule = trust_rule(r, tr);
	rc = statement_insert(r, tr, token_hash(r, token), NULL, &also);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		resp_error(r, 409, _("This statement already has a version in "
		    "this language. Reload the page to see it."));
		return;
	}
	if (rc != 0) {
		form_problem(view, _("Your translation could not be saved "
		    "because the service is busy. Nothing is lost: please send "
		    "it again in a moment."));
		tv_str(view, TF_error_count, "1");
		resp_header(r, "Retry-After", "5");
		status_render_tr(r, 503, NULL, orig, orig, view, sub);
		return;
	}
	submit_trusted(r, tr, sa.rule);
	resp_redirect(r, 303, req_url(r, arena_printf(r->a,
	    "/status/%s?sent=1", token)));
	(void)fd;
}

/* POST /status/TOKEN/translate: "Add a translation" of the statement
 * behind TOKEN, an original (a translation of a translation is refused:
 * translations attach to the original). */
void page_status_translate(struct request *r, struct form_data *fd)
{
	struct statement orig, tr;
	struct tv *view = tv_new(r->a), *sub;
	const char *action = form_str(fd, "action");

	if (*action != '\0' && strcmp(action, "translate") != 0 &&
	    strcmp(action, "preview") != 0) {
		resp_error(r, 400, _("This form was sent with a button it does "
		    "not have. Go back and use one of its buttons."));
		return;
	}
	if (status_load(r, &orig) != 0)
		return;
	if (orig.original_id != 0) {
		resp_error(r, 409, _("This is a translation: add other "
		    "translations from the page of the original statement."));
		return;
	}
	if (!statement_translatable(&orig)) {
		resp_error(r, 409, _("Translations can no longer be added to "
		    "this statement: it was not published, or was withdrawn."));
		return;
	}
	sub = tv_add(view, TF_translation);
	tv_bool(sub, TF_preview, 0);
	statement_translation_of(&orig, &tr);
	tr.ui_lang = i18n_current();
	if (statement_translation_from_form(r, fd, &orig, &tr, sub,
	    view) > 0) {
		statement_translation_view(r, &tr, sub);
		tv_str(view, TF_error_count, "1");
		status_render_tr(r, 422, NULL, &orig, &orig, view, sub);
		return;
	}
	statement_translation_view(r, &tr, sub);
	if (strcmp(action, "preview") == 0) {
		struct tv *pv = tv_add(sub, TF_preview);

		statement_view(r->a, &tr, pv);
		tv_str(pv, TF_st_id, arena_printf(r->a, "%s-translation",
		    orig.public_id));
		status_render_tr(r, 200, NULL, &orig, &orig, view, sub);
		return;
	}
	translate_store(r, &orig, &tr, fd, view, sub);
}
