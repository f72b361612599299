/* page_my.c — "My statements": a submitter asks for a sign-in link by
 * e-mail (GET/POST /my), opens it (GET/POST /my/link/TOKEN) and sees every
 * statement sent from that address (GET /my); each opens in the status
 * page (page_submit.c) at /my/ID, which the session reaches as the private
 * link does, so that correcting, withdrawing and translating are the
 * status page's own.
 *
 * The answer to a request for a link is the same whether or not the
 * address is known (nobody learns who sent statements), and so is its
 * rate limit: per address and per client address, counted for every
 * request. The link is made when the mail is handed over (outbox.h) and
 * only its hash is stored; it works once, within MY_LINK_SECONDS. Opening
 * it shows a button: the sign-in is a POST, so that a mail scanner that
 * follows links does not use up the link. The session is a random token
 * in its own HttpOnly cookie (the database keeps its hash), limited to
 * that address, for MY_SESSION_SECONDS.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "date.h"
#include "i18n.h"
#include "notify.h"
#include "pages.h"
#include "settings.h"
#include "statement.h"
#include "store.h"
#include "template.h"
#include "token.h"
#include "valid.h"

/* At most this many statements are listed (newest first). */
#define MY_LIST_MAX 500

static const struct field my_fields[] = {
	{ "email", 0, 254, N_("Your e-mail address") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form my_form = FORM_DEF("my", my_fields);

static const struct field my_query_fields[] = {
	{ "asked", 0, 4, N_("Asked") },
};
const struct form my_query = FORM_DEF("my-query", my_query_fields);

static const struct field my_link_fields[] = {
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form my_link_form = FORM_DEF("my-link", my_link_fields);

static const struct field my_logout_fields[] = {
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form my_logout_form = FORM_DEF("my-logout", my_logout_fields);

/* The page asking for a link (or, without e-mail, saying there is
 * none), with problem (for the e-mail field) when not NULL. */
static void my_ask_render(struct request *r, int status, struct tv *view,
    const char *email, const char *problem)
{
	tv_bool(view, TF_no_mail, !notify_available(r));
	tv_bool(view, TF_ask, 1);
	tv_str(view, TF_v_email, email);
	tv_str(view, TF_csrf, token_make(r, my_form.name));
	tv_str(view, TF_action_url, req_url(r, "/my"));
	if (problem != NULL) {
		struct tv *e = tv_add(view, TF_errors);

		tv_str(e, TF_field, "email");
		tv_str(e, TF_message, problem);
		tv_str(view, TF_e_email, problem);
		tv_bool(view, TF_error, 1);
	}
	if (tv_get(view, TF_page_title) == NULL)
		tv_str(view, TF_page_title, _("My statements"));
	resp_page(r, status, "my", view);
}

/* The list of the statements sent from r->submitter. */
static void my_list_render(struct request *r, struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_MY_LIST);
	int n = 0;

	sql_text(s, 1, r->submitter);
	sql_int(s, 2, MY_LIST_MAX + 1);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o;
		const char *state = sql_col(s, 2);

		if (++n > MY_LIST_MAX) {
			tv_bool(view, TF_more, 1);
			break;
		}
		if (strcmp(state, "spam") == 0)
			state = "rejected";
		o = tv_add(view, TF_my_list);
		tv_str(o, TF_reference, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_url, req_url(r, arena_printf(r->a, "/my/%s",
		    sql_col(s, 0))));
		tv_str(o, TF_st_title, arena_strdup(r->a, sql_col(s, 1)));
		tv_str(o, TF_state, arena_strdup(r->a, state));
		tv_str(o, TF_state_label, statement_state_label(state));
		tv_bool(o, TF_editable, strcmp(state, "pending") == 0 ||
		    strcmp(state, "changes_requested") == 0);
		tv_str(o, TF_st_event, arena_strdup(r->a, sql_col(s, 3)));
		tv_str(o, TF_created, date_human(r->a, i18n_current(),
		    sql_col(s, 4)));
		tv_str(o, TF_st_lang, arena_strdup(r->a, sql_col(s, 5)));
		tv_str(o, TF_label, statement_language_label(sql_col(s, 5)));
		tv_str(o, TF_kind_label, sqlite3_column_int(s, 6) ?
		    _("Translation") : _("Original"));
	}
	sqlite3_reset(s);
	/* In a sentence: isolated (FSI … PDI), as a <bdi> would. */
	tv_str(view, TF_submitter, arena_printf(r->a, "\u2068%s\u2069",
	    r->submitter));
	tv_str(view, TF_my_logout_csrf, token_make(r, my_logout_form.name));
	tv_str(view, TF_my_url, req_url(r, "/my/logout"));
	tv_str(view, TF_page_title, _("My statements"));
	resp_page(r, 200, "my", view);
}

/* GET /my: the list when signed in, else the form asking for a link. */
void page_my(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);

	auth_submitter(r);
	if (r->submitter != NULL) {
		my_list_render(r, view);
		return;
	}
	tv_bool(view, TF_asked, strcmp(form_str(fd, "asked"), "1") == 0);
	my_ask_render(r, 200, view, "", NULL);
}

/* An address as a key: ASCII letters in lower case (as the list's
 * COLLATE NOCASE compares them). */
static const char *email_key(struct request *r, const char *email)
{
	char *k = arena_strdup(r->a, email), *p;

	for (p = k; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

/* Over a limit of requests for links in this hour: the seconds until
 * the next hour, else 0. */
static long long my_rate_wait(struct request *r, const char *akey,
    const char *ckey)
{
	long long per_addr = setting_int(r->st, SET_rate_my_link_per_hour);
	long long per_client = setting_int(r->st, SET_rate_my_link_per_client);

	if ((per_addr > 0 && store_rate_count(r->st, akey) >= per_addr) ||
	    (per_client > 0 && store_rate_count(r->st, ckey) >= per_client))
		return 3600 - (long long)time(NULL) % 3600;
	return 0;
}

/* POST /my: a link, if the address sent statements; the same answer
 * either way. */
void page_my_post(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);
	const char *email = form_str(fd, "email"), *key;
	const char *ckey = arena_printf(r->a, "my-client:%s",
	    addr_client(r->a, r->remote_addr));
	long long wait;
	sqlite3_stmt *s;
	int known;

	if (!notify_available(r)) {
		my_ask_render(r, 409, view, email, NULL);
		return;
	}
	if (*email == '\0') {
		my_ask_render(r, 422, view, email, _("Enter the e-mail address "
		    "you sent your statements from"));
		return;
	}
	if (valid_email(email) != NULL) {
		my_ask_render(r, 422, view, email, _("Enter an e-mail address "
		    "in the right form, like name@example.org"));
		return;
	}
	key = arena_printf(r->a, "my:%s", email_key(r, email));
	if ((wait = my_rate_wait(r, key, ckey)) > 0) {
		resp_header(r, "Retry-After", arena_printf(r->a, "%lld", wait));
		my_ask_render(r, 429, view, email, arena_printf(r->a,
		    NG_("Many links were asked for in the last hour. Please "
		    "wait %lld minute and ask again.", "Many links were asked "
		    "for in the last hour. Please wait %lld minutes and ask "
		    "again.", (unsigned long)((wait + 59) / 60)),
		    (wait + 59) / 60));
		return;
	}
	if (store_begin(r->st) != 0) {
		resp_error(r, 503, _("The service is busy. Please try again in "
		    "a moment."));
		return;
	}
	s = store_stmt(r->st, SQL_MY_KNOWN);
	sql_text(s, 1, email);
	known = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	if (store_rate_hit(r->st, key) != 0 ||
	    store_rate_hit(r->st, ckey) != 0 ||
	    (known && notify_my_link(r, email_key(r, email)) != 0) ||
	    store_commit(r->st) != 0) {
		store_rollback(r->st);
		resp_error(r, 503, _("The service is busy. Please try again in "
		    "a moment."));
		return;
	}
	log_info("a sign-in link to My statements was asked for (%s address)",
	    known ? "a known" : "an unknown");
	resp_redirect(r, 303, req_url(r, "/my?asked=1"));
}

/* A sign-in link that does not sign in: why, and the form to ask for
 * another. */
static void my_link_refused(struct request *r, int status,
    const char *problem)
{
	struct tv *view = tv_new(r->a);

	tv_str(view, TF_link_problem, problem);
	tv_str(view, TF_page_title, _("Sign-in link"));
	my_ask_render(r, status, view, "", NULL);
}

/* The sign-in link behind r->args[0]: 0 with its address in *email, or
 * an answer sent (unknown, used, expired: each says so, with the form to
 * ask again) and -1. */
static int my_link_check(struct request *r, const char **email)
{
	const char *token = r->args[0], *problem = NULL;
	sqlite3_stmt *s;
	int status = 404;

	*email = NULL;
	if (strlen(token) == 64 && strspn(token, "0123456789abcdef") == 64) {
		s = store_stmt(r->st, SQL_MY_LINK_GET);
		sql_text(s, 1, token_hash(r, token));
		if (sqlite3_step(s) == SQLITE_ROW) {
			status = 410;
			if (sqlite3_column_type(s, 2) != SQLITE_NULL)
				problem = _("This sign-in link was used "
				    "already: each link works once. Ask for a "
				    "new one below.");
			else if (sqlite3_column_int64(s, 1) <=
			    (long long)time(NULL))
				problem = _("This sign-in link has expired: a "
				    "link works for an hour. Ask for a new one "
				    "below.");
			else
				*email = arena_strdup(r->a, sql_col(s, 0));
		}
		sqlite3_reset(s);
	}
	if (*email != NULL)
		return 0;
	if (problem == NULL)
		problem = _("This sign-in link is not valid. Check that you "
		    "opened the whole link from the e-mail, or ask for a new "
		    "one below.");
	my_link_refused(r, status, problem);
	return -1;
}

/* GET /my/link/TOKEN: a button that signs in (nothing used up yet). */
void page_my_link(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);
	const char *email;

	(void)fd;
	if (my_link_check(r, &email) != 0)
		return;
	tv_bool(view, TF_link_ok, 1);
	tv_str(view, TF_v_email, arena_printf(r->a, "\u2068%s\u2069",
	    email));
	tv_str(view, TF_csrf, token_make(r, my_link_form.name));
	tv_str(view, TF_action_url, req_url(r, arena_printf(r->a,
	    "/my/link/%s", r->args[0])));
	tv_str(view, TF_page_title, _("My statements"));
	resp_page(r, 200, "my", view);
}

/* POST /my/link/TOKEN: uses the link up and starts the session. */
void page_my_link_post(struct request *r, struct form_data *fd)
{
	const char *email, *token = token_random_hex(r, 32);
	long long now = (long long)time(NULL);
	sqlite3_stmt *s;
	int used;

	(void)fd;
	if (my_link_check(r, &email) != 0)
		return;
	if (store_begin(r->st) != 0) {
		resp_error(r, 503, _("The service is busy. Please try again in "
		    "a moment."));
		return;
	}
	s = store_stmt(r->st, SQL_MY_LINK_USE);
	sql_text(s, 1, token_hash(r, r->args[0]));
	sql_int(s, 2, now);
	used = store_exec_one(r->st, s);
	if (used != 0) { /* another request used it first */
		store_rollback(r->st);
		my_link_check(r, &email);
		if (email != NULL)
			resp_error(r, 503, _("The service is busy. Please try "
			    "again in a moment."));
		return;
	}
	s = store_stmt(r->st, SQL_MY_SESSION_PRUNE);
	sql_int(s, 1, now);
	store_exec(s);
	s = store_stmt(r->st, SQL_MY_SESSION_ADD);
	sql_text(s, 1, token_hash(r, token));
	sql_text(s, 2, email);
	sql_int(s, 3, now + MY_SESSION_SECONDS);
	if (store_exec(s) != SQLITE_DONE || store_commit(r->st) != 0) {
		store_rollback(r->st);
		resp_error(r, 503, _("The service is busy. Please try again in "
		    "a moment."));
		return;
	}
	resp_header(r, "Set-Cookie", arena_printf(r->a, "%s=%s; Path=%s/my; "
	    "Max-Age=%d; HttpOnly; SameSite=Lax%s", MY_COOKIE, token,
	    r->script_name, MY_SESSION_SECONDS, req_cookie_secure(r)));
	resp_redirect(r, 303, req_url(r, "/my"));
}

/* POST /my/logout: ends the session. */
void page_my_logout(struct request *r, struct form_data *fd)
{
	const struct param *c = param_find(r->cookies, MY_COOKIE);
	sqlite3_stmt *s;

	(void)fd;
	if (c != NULL) {
		s = store_stmt(r->st, SQL_MY_SESSION_DELETE);
		sql_text(s, 1, token_hash(r, c->value));
		/* A session left valid while its cookie is cleared would look
		 * signed out and not be: say so, and keep the cookie. */
		if (store_exec(s) != SQLITE_DONE) {
			resp_error(r, 503, _("The service is busy. Please try "
			    "again in a moment."));
			return;
		}
	}
	resp_header(r, "Set-Cookie", arena_printf(r->a, "%s=; Path=%s/my; "
	    "Max-Age=0; HttpOnly; SameSite=Lax%s", MY_COOKIE, r->script_name,
	    req_cookie_secure(r)));
	resp_redirect(r, 303, req_url(r, "/my"));
}
