/* page_account.c — a moderator's own account: the password, the e-mail
 * address and the notifications they get (GET/POST /account), and the
 * password reset of one who forgot it (GET/POST /forgot, GET/POST
 * /reset/TOKEN).
 *
 * A new password or address asks for the current password. A new
 * password ends the moderator's other sessions (this one goes on) and
 * uses up every reset link left.
 *
 * The reset follows "My statements" (page_my.c): the answer to a request
 * is the same whether or not the user exists, and so is its rate limit,
 * counted per user name or address typed and per client address for
 * every request; the link is made when the mail is handed over (outbox.h)
 * and only its hash is stored (token_reset_link); it works once, within
 * RESET_LINK_SECONDS. Opening it shows the form; only setting the
 * password uses it up, and ends every session of that moderator.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "i18n.h"
#include "notify.h"
#include "pages.h"
#include "settings.h"
#include "store.h"
#include "template.h"
#include "token.h"
#include "valid.h"

static const struct field account_fields[] = {
	{ "do", 0, 16, N_("Operation") },
	{ "current", 0, 1024, N_("Current password") },
	{ "password", 0, 1024, N_("New password") },
	{ "password2", 0, 1024, N_("New password again") },
	{ "email", 0, 254, N_("E-mail address") },
	{ "notify_new", 0, 3, N_("New statements") },
	{ "notify_held", 0, 3, N_("Held statements") },
	{ "notify_corrected", 0, 3, N_("Corrected statements") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form account_form = FORM_DEF("account", account_fields);

static const struct field account_query_fields[] = {
	{ "saved", 0, 16, N_("Saved") },
};
const struct form account_query = FORM_DEF("account-query",
    account_query_fields);

static const struct field forgot_fields[] = {
	{ "user", 0, 254, N_("User name or e-mail address") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form forgot_form = FORM_DEF("forgot", forgot_fields);

static const struct field forgot_query_fields[] = {
	{ "asked", 0, 4, N_("Asked") },
	{ "done", 0, 4, N_("Done") },
};
const struct form forgot_query = FORM_DEF("forgot-query",
    forgot_query_fields);

static const struct field reset_fields[] = {
	{ "password", 0, 1024, N_("New password") },
	{ "password2", 0, 1024, N_("New password again") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form reset_form = FORM_DEF("reset", reset_fields);

static void busy(struct request *r)
{
	resp_error(r, 503, _("The service is busy. Please try again in a "
	    "moment."));
}

/* Adds a problem for field (its id in the page) to view: the summary's
 * entry and the message beside the field (tf). */
static void problem_add(struct tv *view, const char *field, enum tf tf,
    const char *message)
{
	struct tv *e = tv_add(view, TF_errors);

	tv_str(e, TF_field, field);
	tv_str(e, TF_message, message);
	tv_str(view, tf, message);
	tv_bool(view, TF_error, 1);
}

/* ---- the account page ----------------------------------------------------- */

/* The account page of r->user; email is the address typed in the e-mail
 * form (NULL: the stored one). */
static void account_render(struct request *r, int status, struct tv *view,
    const char *email)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_MOD_ACCOUNT);

	sql_text(s, 1, r->user);
	if (sqlite3_step(s) == SQLITE_ROW) {
		tv_str(view, TF_email, arena_strdup(r->a, sql_col(s, 1)));
		if (email == NULL)
			email = arena_strdup(r->a, sql_col(s, 1));
		tv_bool(view, TF_notify_new, sqlite3_column_int(s, 2));
		tv_bool(view, TF_notify_held, sqlite3_column_int(s, 3));
		tv_bool(view, TF_notify_corrected, sqlite3_column_int(s, 4));
	}
	sqlite3_reset(s);
	tv_str(view, TF_v_email, email ? email : "");
	tv_str(view, TF_v_user, r->user);
	tv_bool(view, TF_no_mail, !notify_available(r));
	tv_str(view, TF_csrf, token_make(r, account_form.name));
	tv_str(view, TF_action_url, req_url(r, "/account"));
	tv_str(view, TF_page_title, _("My account"));
	resp_page(r, status, "account", view);
}

/* GET /account */
void page_account(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);
	const char *saved = form_str(fd, "saved");

	tv_bool(view, TF_saved_password, strcmp(saved, "password") == 0);
	tv_bool(view, TF_saved_email, strcmp(saved, "email") == 0);
	tv_bool(view, TF_saved_notify, strcmp(saved, "notify") == 0);
	account_render(r, 200, view, NULL);
}

/* Wrong current passwords a signed-in moderator may type in an hour: a
 * session left open on a shared computer must not become a way to guess
 * the password (and then to change it). */
#define ACCOUNT_WRONG_PER_HOUR 10

/* 0 when the current password typed is r->user's; else the status to
 * answer (422, or 429 past ACCOUNT_WRONG_PER_HOUR), the problem added to
 * view for field (its tf). Signed in through the web server
 * (REMOTE_USER), a moderator may have no password: then none is right. */
static int current_check(struct request *r, struct tv *view, const char *pw,
    const char *field, enum tf tf)
{
	const char *key = arena_printf(r->a, "account-pw:%s", r->user);

	if (*pw == '\0') {
		problem_add(view, field, tf, _("Enter your current password"));
		return 422;
	}
	if (store_rate_count(r->st, key) >= ACCOUNT_WRONG_PER_HOUR) {
		resp_header(r, "Retry-After", arena_printf(r->a, "%lld",
		    3600 - (long long)time(NULL) % 3600));
		problem_add(view, field, tf, _("Too many wrong passwords were "
		    "typed in the last hour. Please wait until the next hour "
		    "and try again."));
		return 429;
	}
	if (moderator_check_password(r, r->user, pw) == 0) {
		if (store_rate_hit(r->st, key) != 0)
			log_err("a wrong password on /account was not "
			    "counted: %s", sqlite3_errmsg(r->st->db));
		problem_add(view, field, tf, _("Your current password is not "
		    "right"));
		return 422;
	}
	return 0;
}

/* The new password typed twice: 1 when it can be one, else the problem
 * added to view. */
static int new_password_ok(struct tv *view, const char *pw,
    const char *again)
{
	const char *why = moderator_password_problem(pw);

	if (*pw == '\0')
		why = _("Enter a new password");
	if (why != NULL) {
		problem_add(view, "password", TF_e_password, why);
		return 0;
	}
	if (strcmp(pw, again) != 0) {
		problem_add(view, "password2", TF_e_password2, _("The two new "
		    "passwords are not the same: type it again in both "
		    "fields"));
		return 0;
	}
	return 1;
}

/* The new password hash for user, ending every session but keep (the
 * hash of the one to keep; "" for none) and every reset link left, with
 * the audit entry: inside the caller's transaction. 0 or -1. */
static int password_store(struct request *r, const char *user,
    const char *hash, const char *keep, const char *action)
{
	long long now = (long long)time(NULL);
	sqlite3_stmt *s = store_stmt(r->st, SQL_MOD_SET_PASSWORD);

	sql_text(s, 1, user);
	sql_text(s, 2, hash);
	if (store_exec_one(r->st, s) != 0)
		return -1;
	s = store_stmt(r->st, SQL_LS_END_OTHERS);
	sql_text(s, 1, user);
	sql_text(s, 2, keep);
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	s = store_stmt(r->st, SQL_RESET_LINK_END_ALL);
	sql_text(s, 1, user);
	sql_int(s, 2, now);
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	return audit_add(r, user, action, 0, 0, 0, "", "");
}

/* Runs one write (the caller's prepared statement s) and its audit entry
 * in a transaction; 0, or -1 with the 503 sent. */
static int account_write(struct request *r, sqlite3_stmt *s,
    const char *action, const char *detail)
{
	if (store_begin(r->st) != 0) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		busy(r);
		return -1;
	}
	if (store_exec_one(r->st, s) != 0 ||
	    audit_add(r, r->user, action, 0, 0, 0, "", detail) != 0 ||
	    store_commit(r->st) != 0) {
		store_rollback(r->st);
		busy(r);
		return -1;
	}
	return 0;
}

static void account_password(struct request *r, struct form_data *fd,
    struct tv *view)
{
	const char *pw = form_str(fd, "password"), *hash;
	const char *keep = strncmp(r->session, "remote:", 7) == 0 ? "" :
	    r->session;
	int status = current_check(r, view, form_str(fd, "current"),
	    "current", TF_e_current);

	if (status != 0 || !new_password_ok(view, pw,
	    form_str(fd, "password2"))) {
		account_render(r, status ? status : 422, view, NULL);
		return;
	}
	/* Hashed before the transaction: slow on purpose, it must not hold
	 * the write lock. */
	if ((hash = moderator_password_hash(r->a, pw)) == NULL) {
		busy(r);
		return;
	}
	if (store_begin(r->st) != 0) {
		busy(r);
		return;
	}
	if (password_store(r, r->user, hash, keep, "password_changed") != 0 ||
	    store_commit(r->st) != 0) {
		store_rollback(r->st);
		busy(r);
		return;
	}
	resp_redirect(r, 303, req_url(r, "/account?saved=password"));
}

static void account_email(struct request *r, struct form_data *fd,
    struct tv *view)
{
	const char *email = form_str(fd, "email");
	sqlite3_stmt *s;
	int status = current_check(r, view, form_str(fd, "current"),
	    "email-current", TF_e_email_current);

	if (*email == '\0')
		problem_add(view, "email", TF_e_email, _("Enter your e-mail "
		    "address: notifications and reset links go to it"));
	else if (valid_email(email) != NULL)
		problem_add(view, "email", TF_e_email, _("Enter an e-mail "
		    "address in the right form, like name@example.org"));
	if (status != 0 || tv_get(view, TF_e_email) != NULL) {
		account_render(r, status ? status : 422, view, email);
		return;
	}
	s = store_stmt(r->st, SQL_MOD_SET_EMAIL);
	sql_text(s, 1, r->user);
	sql_text(s, 2, email);
	/* The log says that the address changed, not what it is. */
	if (account_write(r, s, "email_changed", "") == 0)
		resp_redirect(r, 303, req_url(r, "/account?saved=email"));
}

/* A checkbox: absent or "yes". */
static int checkbox(struct request *r, struct form_data *fd,
    const char *name, int *on)
{
	const char *v = form_str(fd, name);

	*on = strcmp(v, "yes") == 0;
	if (*v != '\0' && !*on) {
		resp_error(r, 400, _("A box of the form sent a value it does "
		    "not have. Reload the page and try again."));
		return -1;
	}
	return 0;
}

static void account_notify(struct request *r, struct form_data *fd)
{
	int n, h, c;
	sqlite3_stmt *s;

	if (checkbox(r, fd, "notify_new", &n) != 0 ||
	    checkbox(r, fd, "notify_held", &h) != 0 ||
	    checkbox(r, fd, "notify_corrected", &c) != 0)
		return;
	s = store_stmt(r->st, SQL_MOD_SET_NOTIFY);
	sql_text(s, 1, r->user);
	sql_int(s, 2, n);
	sql_int(s, 3, h);
	sql_int(s, 4, c);
	if (account_write(r, s, "notifications_changed", arena_printf(r->a,
	    "new=%d held=%d corrected=%d", n, h, c)) == 0)
		resp_redirect(r, 303, req_url(r, "/account?saved=notify"));
}

/* POST /account: do is password, email or notify. */
void page_account_post(struct request *r, struct form_data *fd)
{
	const char *op = form_str(fd, "do");
	struct tv *view = tv_new(r->a);

	if (strcmp(op, "password") == 0)
		account_password(r, fd, view);
	else if (strcmp(op, "email") == 0)
		account_email(r, fd, view);
	else if (strcmp(op, "notify") == 0)
		account_notify(r, fd);
	else
		resp_error(r, 400, _("The form asked for an operation that "
		    "does not exist"));
}

/* ---- forgotten passwords -------------------------------------------------- */

/* The page asking for a reset link, with problem (for the user field)
 * when not NULL. */
static void forgot_render(struct request *r, int status, struct tv *view,
    const char *user, const char *problem)
{
	tv_bool(view, TF_no_mail, !notify_available(r));
	tv_bool(view, TF_ask, 1);
	tv_str(view, TF_v_user, user);
	tv_str(view, TF_csrf, token_make(r, forgot_form.name));
	tv_str(view, TF_action_url, req_url(r, "/forgot"));
	tv_str(view, TF_login_url, req_url(r, "/login"));
	if (problem != NULL)
		problem_add(view, "user", TF_e_email, problem);
	if (tv_get(view, TF_page_title) == NULL)
		tv_str(view, TF_page_title, _("Forgot your password?"));
	resp_page(r, status, "reset", view);
}

/* GET /forgot; ?done=1 after a reset (page_reset_post). */
void page_forgot(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);

	if (strcmp(form_str(fd, "done"), "1") == 0) {
		tv_bool(view, TF_reset_ok, 1);
		tv_str(view, TF_login_url, req_url(r, "/login"));
		tv_str(view, TF_page_title, _("Your new password is set"));
		resp_page(r, 200, "reset", view);
		return;
	}
	tv_bool(view, TF_asked, strcmp(form_str(fd, "asked"), "1") == 0);
	forgot_render(r, 200, view, "", NULL);
}

/* A key for the rate table: prefix and s in lower case. */
static const char *rate_key(struct request *r, const char *prefix,
    const char *s)
{
	char *k = arena_printf(r->a, "%s%s", prefix, s), *p;

	for (p = k; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

/* Over a limit of requests for reset links in this hour: the seconds
 * until the next hour, else 0. */
static long long forgot_rate_wait(struct request *r, const char *ukey,
    const char *ckey)
{
	long long per_user = setting_int(r->st, SET_rate_reset_per_user);
	long long per_client = setting_int(r->st, SET_rate_reset_per_client);

	if ((per_user > 0 && store_rate_count(r->st, ukey) >= per_user) ||
	    (per_client > 0 && store_rate_count(r->st, ckey) >= per_client))
		return 3600 - (long long)time(NULL) % 3600;
	return 0;
}

/* A link to each enabled moderator named by user (a user name or an
 * address), inside the caller's transaction. A moderator asked for by
 * name and by address is counted once for both (reset-id:), past the
 * limit silently: the answer stays the same. 0 or -1. */
static int forgot_send(struct request *r, const char *user)
{
	long long limit = setting_int(r->st, SET_rate_reset_per_user);
	sqlite3_stmt *s = store_stmt(r->st, SQL_MOD_FOR_RESET);
	struct { long long id; const char *name, *email, *lang; } m[5];
	int n = 0, i;

	sql_text(s, 1, user);
	while (n < 5 && sqlite3_step(s) == SQLITE_ROW) {
		m[n].id = sqlite3_column_int64(s, 0);
		m[n].name = arena_strdup(r->a, sql_col(s, 1));
		m[n].email = arena_strdup(r->a, sql_col(s, 2));
		m[n].lang = arena_strdup(r->a, sql_col(s, 3));
		n++;
	}
	sqlite3_reset(s);
	for (i = 0; i < n; i++) {
		const char *key = arena_printf(r->a, "reset-id:%lld", m[i].id);

		if (limit > 0 && store_rate_count(r->st, key) >= limit)
			continue;
		/* The log names the account, not the address asked with. */
		if (store_rate_hit(r->st, key) != 0 ||
		    notify_reset(r, m[i].id, m[i].name, m[i].email,
		    m[i].lang) != 0 ||
		    audit_add(r, m[i].name, "reset_requested", 0, 0, 0, "",
		    "") != 0)
			return -1;
	}
	return n;
}

/* POST /forgot: a link, if a moderator has that name or address; the
 * same answer either way. */
void page_forgot_post(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);
	const char *user = form_str(fd, "user"), *ukey, *ckey;
	long long wait;
	int n;

	if (!notify_available(r)) {
		forgot_render(r, 409, view, user, NULL);
		return;
	}
	if (*user == '\0') {
		forgot_render(r, 422, view, user, _("Enter your user name or "
		    "your e-mail address"));
		return;
	}
	ukey = rate_key(r, "reset:", user);
	ckey = rate_key(r, "reset-client:", addr_client(r->a,
	    r->remote_addr));
	if ((wait = forgot_rate_wait(r, ukey, ckey)) > 0) {
		resp_header(r, "Retry-After", arena_printf(r->a, "%lld", wait));
		forgot_render(r, 429, view, user, _("Many reset links were "
		    "asked for in the last hour. Please wait until the next "
		    "hour and ask again."));
		return;
	}
	if (store_begin(r->st) != 0) {
		busy(r);
		return;
	}
	if (store_rate_hit(r->st, ukey) != 0 ||
	    store_rate_hit(r->st, ckey) != 0 ||
	    (n = forgot_send(r, user)) < 0 || store_commit(r->st) != 0) {
		store_rollback(r->st);
		busy(r);
		return;
	}
	log_info("a password reset link was asked for (%s)", n > 0 ?
	    "a known moderator" : "no enabled moderator with an address");
	resp_redirect(r, 303, req_url(r, "/forgot?asked=1"));
}

/* ---- the reset link ------------------------------------------------------- */

/* A reset link that does not work: why, and the form to ask for
 * another. */
static void reset_refused(struct request *r, int status, const char *problem)
{
	struct tv *view = tv_new(r->a);

	tv_str(view, TF_link_problem, problem);
	tv_str(view, TF_page_title, _("Password reset link"));
	forgot_render(r, status, view, "", NULL);
}

/* The reset link behind r->args[0]: 0 with its moderator's user name in
 * *user, or an answer sent (unknown, used, expired: each says so, with
 * the form to ask again) and -1. */
static int reset_check(struct request *r, const char **user)
{
	const char *token = r->args[0], *problem = NULL;
	sqlite3_stmt *s;
	int status = 404;

	*user = NULL;
	if (strlen(token) == 64 && strspn(token, "0123456789abcdef") == 64) {
		s = store_stmt(r->st, SQL_RESET_LINK_GET);
		sql_text(s, 1, token_hash(r, token));
		if (sqlite3_step(s) == SQLITE_ROW) {
			status = 410;
			if (sqlite3_column_type(s, 2) != SQLITE_NULL)
				problem = _("This reset link was used "
				    "already: each link works once. Ask for a "
				    "new one below.");
			else if (sqlite3_column_int64(s, 1) <=
			    (long long)time(NULL))
				problem = _("This reset link has expired: a "
				    "link works for an hour. Ask for a new one "
				    "below.");
			else
				*user = arena_strdup(r->a, sql_col(s, 0));
		}
		sqlite3_reset(s);
	}
	if (*user != NULL)
		return 0;
	if (problem == NULL)
		problem = _("This reset link is not valid. Check that you "
		    "opened the whole link from the e-mail, or ask for a new "
		    "one below.");
	reset_refused(r, status, problem);
	return -1;
}

static void reset_render(struct request *r, int status, struct tv *view,
    const char *user)
{
	tv_bool(view, TF_link_ok, 1);
	tv_str(view, TF_v_user, user);
	tv_str(view, TF_csrf, token_make(r, reset_form.name));
	tv_str(view, TF_action_url, req_url(r, arena_printf(r->a,
	    "/reset/%s", r->args[0])));
	tv_str(view, TF_page_title, _("Choose a new password"));
	resp_page(r, status, "reset", view);
}

/* GET /reset/TOKEN: the form (nothing used up yet: a mail scanner that
 * follows the link does not spend it). */
void page_reset(struct request *r, struct form_data *fd)
{
	const char *user;

	(void)fd;
	if (reset_check(r, &user) == 0)
		reset_render(r, 200, tv_new(r->a), user);
}

/* POST /reset/TOKEN: uses the link up, sets the password and ends every
 * session of the moderator. */
void page_reset_post(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);
	const char *user, *pw = form_str(fd, "password"), *hash;
	sqlite3_stmt *s;

	if (reset_check(r, &user) != 0)
		return;
	if (!new_password_ok(view, pw, form_str(fd, "password2"))) {
		reset_render(r, 422, view, user);
		return;
	}
	if ((hash = moderator_password_hash(r->a, pw)) == NULL ||
	    store_begin(r->st) != 0) {
		busy(r);
		return;
	}
	s = store_stmt(r->st, SQL_RESET_LINK_USE);
	sql_text(s, 1, token_hash(r, r->args[0]));
	sql_int(s, 2, (long long)time(NULL));
	if (store_exec_one(r->st, s) != 0) { /* another request used it */
		store_rollback(r->st);
		if (reset_check(r, &user) == 0)
			busy(r);
		return;
	}
	if (password_store(r, user, hash, "", "reset_used") != 0 ||
	    store_commit(r->st) != 0) {
		store_rollback(r->st);
		busy(r);
		return;
	}
	resp_redirect(r, 303, req_url(r, "/forgot?done=1"));
}
