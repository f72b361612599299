/* page_login.c — the sign-in and sign-out pages, and the throttling of
 * failed sign-ins (auth.c checks the password and resolves the session).
 *
 * A session is a random 256-bit token in an HttpOnly cookie; the database
 * keeps only its hash (token_hash), so a copy of the database signs nobody
 * in.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "auth.h"
#include "i18n.h"
#include "pages.h"
#include "settings.h"
#include "store.h"
#include "template.h"
#include "token.h"

/* ---- sign-in attempts ----------------------------------------------------- */

/* Failed sign-ins slow down the client address that makes them, never the
 * user they name: after login_failures_addr failures an address waits
 * WAIT_FIRST, then twice as long after each further failure, up to
 * login_wait_max_minutes. A user name being guessed at (login_failures_user
 * failures in USER_WINDOW, from any addresses) makes every address that
 * has failed before wait after its first failure when it names that user;
 * from an address without failures, the user still signs in at once. */
#define WAIT_FIRST 60       /* seconds */
#define USER_WINDOW 900     /* a user name's failures: a quarter hour */
#define ADDR_MEMORY 86400   /* an address's: forgotten after a quiet day */

struct throttle {
	long long failures, last;
};

static struct throttle throttle_get(struct request *r, const char *key,
    long long since)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_LT_GET);
	struct throttle t = { 0, 0 };

	sql_text(s, 1, key);
	sql_int(s, 2, since);
	if (sqlite3_step(s) == SQLITE_ROW) {
		t.failures = sqlite3_column_int64(s, 0);
		t.last = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return t;
}

/* Seconds the address (akey) must still wait before it may try to sign
 * in as the user (ukey); 0 when it may now. */
static long long throttle_wait(struct request *r, const char *akey,
    const char *ukey)
{
	long long now = (long long)time(NULL), wait, over;
	long long free_tries = setting_int(r->st, SET_login_failures_addr);
	long long cap = setting_int(r->st, SET_login_wait_max_minutes) * 60;
	struct throttle a = throttle_get(r, akey, now - ADDR_MEMORY), u;

	if (a.failures == 0)
		return 0;
	u = throttle_get(r, ukey, now - USER_WINDOW);
	if (free_tries < 1 ||
	    u.failures >= setting_int(r->st, SET_login_failures_user))
		free_tries = 1;
	if (a.failures < free_tries)
		return 0;
	over = a.failures - free_tries;
	wait = over >= 20 ? cap : (long long)WAIT_FIRST << over;
	if (wait > cap)
		wait = cap;
	return a.last + wait > now ? a.last + wait - now : 0;
}

/* Counts a failure for the address and for the user name; forgets what
 * is older than any limit looks at. */
static void throttle_fail(struct request *r, const char *akey,
    const char *ukey)
{
	long long now = (long long)time(NULL);
	int tx = store_begin(r->st) == 0;
	sqlite3_stmt *s = store_stmt(r->st, SQL_LT_HIT);

	sql_text(s, 1, akey);
	sql_int(s, 2, now - ADDR_MEMORY);
	sql_int(s, 3, now);
	store_exec(s);
	s = store_stmt(r->st, SQL_LT_HIT);
	sql_text(s, 1, ukey);
	sql_int(s, 2, now - USER_WINDOW);
	sql_int(s, 3, now);
	store_exec(s);
	s = store_stmt(r->st, SQL_LT_PRUNE);
	sql_int(s, 1, now - ADDR_MEMORY);
	store_exec(s);
	if (tx && store_commit(r->st) != 0)
		log_err("a failed sign-in was not counted: %s",
		    sqlite3_errmsg(r->st->db));
}

static void throttle_clear(struct request *r, const char *key)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_LT_CLEAR);

	sql_text(s, 1, key);
	store_exec(s);
}

/* ---- pages ---------------------------------------------------------------- */

static const struct field login_fields[] = {
	{ "user", 0, 64, N_("User name") },
	{ "password", 0, 1024, N_("Password") },
	{ "next", 0, 500, N_("Next page") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form login_form = FORM_DEF("login", login_fields);

static const struct field login_query_fields[] = {
	{ "next", 0, 500, N_("Next page") },
};
const struct form login_query = FORM_DEF("login-query", login_query_fields);

static const struct field logout_fields[] = {
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form logout_form = FORM_DEF("logout", logout_fields);

/* Where to go after signing in: a page of ours below /moderate, or the
 * account page, never an address elsewhere. */
static const char *next_page(struct request *r, const char *next)
{
	const char *home = req_url(r, "/moderate");

	if (strcmp(next, req_url(r, "/account")) == 0)
		return next;
	if (strncmp(next, home, strlen(home)) != 0 || strstr(next, "//") ||
	    strchr(next, '\\') || !header_safe(next))
		return home;
	return next;
}

static void login_render(struct request *r, int status, const char *user,
    const char *next, const char *problem)
{
	struct tv *view = tv_new(r->a);

	tv_str(view, TF_v_user, user);
	tv_str(view, TF_next, next);
	tv_str(view, TF_csrf, token_make(r, login_form.name));
	tv_str(view, TF_action_url, req_url(r, "/login"));
	tv_str(view, TF_page_title, _("Sign in"));
	if (problem != NULL) {
		struct tv *e = tv_add(view, TF_errors);

		tv_str(e, TF_field, "user");
		tv_str(e, TF_message, problem);
		tv_bool(view, TF_error, 1);
	}
	resp_page(r, status, "login", view);
}

void page_login(struct request *r, struct form_data *fd)
{
	auth_resolve(r);
	if (r->user != NULL) {
		resp_redirect(r, 303, next_page(r, form_str(fd, "next")));
		return;
	}
	login_render(r, 200, "", form_str(fd, "next"), NULL);
}

static void session_start(struct request *r, long long moderator_id)
{
	const char *token = token_random_hex(r, 32);
	long long hours = setting_int(r->st, SET_session_hours);
	long long expires = (long long)time(NULL) + hours * 3600;
	sqlite3_stmt *s = store_stmt(r->st, SQL_LS_PRUNE);

	sql_int(s, 1, (long long)time(NULL));
	store_exec(s);
	s = store_stmt(r->st, SQL_LS_INSERT);
	sql_text(s, 1, token_hash(r, token));
	sql_int(s, 2, moderator_id);
	sql_int(s, 3, expires);
	store_exec(s);
	s = store_stmt(r->st, SQL_MOD_SET_LANGUAGE);
	sql_int(s, 1, moderator_id);
	sql_text(s, 2, r->lang);
	store_exec(s);
	resp_header(r, "Set-Cookie", arena_printf(r->a, "%s=%s; Path=%s/; "
	    "Max-Age=%lld; HttpOnly; SameSite=Lax%s", AUTH_COOKIE, token,
	    r->script_name, hours * 3600, req_cookie_secure(r)));
}

/* The 429 of an address that must wait: how long, in minutes. */
static void login_wait(struct request *r, const char *user, const char *next,
    long long seconds)
{
	long long minutes = (seconds + 59) / 60;

	resp_header(r, "Retry-After", arena_printf(r->a, "%lld", seconds));
	login_render(r, 429, user, next, arena_printf(r->a, NG_("Too many "
	    "attempts to sign in from your network address; please try "
	    "again in %lld minute.", "Too many attempts to sign in from your "
	    "network address; please try again in %lld minutes.",
	    (unsigned long)minutes), minutes));
}

void page_login_post(struct request *r, struct form_data *fd)
{
	const char *user = form_str(fd, "user"), *pw = form_str(fd, "password");
	const char *next = form_str(fd, "next");
	const char *ukey = arena_printf(r->a, "u:%s", user);
	const char *akey = arena_printf(r->a, "a:%s",
	    addr_client(r->a, r->remote_addr));
	long long id, wait;

	if (*user == '\0' || *pw == '\0') {
		login_render(r, 422, user, next, _("Enter your user name and "
		    "password"));
		return;
	}
	/* A refused attempt checks no password and is not counted. */
	if ((wait = throttle_wait(r, akey, ukey)) > 0) {
		login_wait(r, user, next, wait);
		return;
	}
	id = moderator_check_password(r, user, pw);
	if (id == 0) {
		throttle_fail(r, akey, ukey);
		login_render(r, 422, user, next, _("The user name or the "
		    "password is not right"));
		return;
	}
	/* The address's failures stay: one's own account must not wipe the
	 * count of guesses at others' from the same address. */
	throttle_clear(r, ukey);
	session_start(r, id);
	resp_redirect(r, 303, next_page(r, next));
}

void page_logout(struct request *r, struct form_data *fd)
{
	const struct param *c = param_find(r->cookies, AUTH_COOKIE);
	sqlite3_stmt *s;

	if (c != NULL) {
		s = store_stmt(r->st, SQL_LS_DELETE);
		sql_text(s, 1, token_hash(r, c->value));
		store_exec(s);
	}
	resp_header(r, "Set-Cookie", arena_printf(r->a, "%s=; Path=%s/; "
	    "Max-Age=0; HttpOnly; SameSite=Lax%s", AUTH_COOKIE, r->script_name,
	    req_cookie_secure(r)));
	resp_redirect(r, 303, req_url(r, "/login"));
}
