/* auth.c — moderators: passwords (Argon2id), sign-in sessions, the
 * web server's REMOTE_USER when trusted, the sign-in and sign-out pages,
 * and `dais moderator`.
 *
 * A session is a random 256-bit token in an HttpOnly cookie; the database
 * keeps only its hash, so a copy of the database signs nobody in. Form
 * tokens of signed-in pages are bound to the session. A new password and
 * disabling or enabling a moderator end all of that moderator's sessions;
 * the role is read from the moderator's row at every request.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth.h"
#include "cli.h"
#include "pages.h"
#include "settings.h"
#include "store.h"
#include "template.h"
#include "token.h"
#include "valid.h"

#define COOKIE "dais_session"

static enum role role_of(const char *s)
{
	return strcmp(s, "admin") == 0 ? ROLE_ADMIN : ROLE_MODERATOR;
}

/* A signed-in moderator from the trusted web server's REMOTE_USER. */
static int auth_remote_user(struct request *r)
{
	const char *u = req_env(r, "REMOTE_USER");
	sqlite3_stmt *s;

	if (*u == '\0' || strcmp(setting_get(r->st, r->a,
	    "trust_remote_user"), "on") != 0)
		return 0;
	s = store_stmt(r->st, SQL_MOD_BY_NAME);
	sql_text(s, 1, u);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 3) == 0) {
		r->user = arena_strdup(r->a, u);
		r->role = role_of(sql_col(s, 2));
		r->session = arena_printf(r->a, "remote:%s", u);
	}
	sqlite3_reset(s);
	return r->user != NULL;
}

void auth_resolve(struct request *r)
{
	const struct param *c = param_find(r->cookies, COOKIE);
	sqlite3_stmt *s;
	const char *hash;

	if (auth_remote_user(r) || c == NULL || c->len != 64)
		return;
	hash = token_hash(r, c->value);
	s = store_stmt(r->st, SQL_LS_GET);
	sql_text(s, 1, hash);
	sql_int(s, 2, (long long)time(NULL));
	if (sqlite3_step(s) == SQLITE_ROW) {
		r->user = arena_strdup(r->a, sql_col(s, 0));
		r->role = role_of(sql_col(s, 1));
		r->session = hash;
	}
	sqlite3_reset(s);
}

/* ---- passwords ------------------------------------------------------------ */

static const char *password_hash(struct arena *a, const char *pw)
{
	char *out = arena_alloc(a, crypto_pwhash_STRBYTES);

	if (crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return NULL;
	return out;
}

/* Checks user and password. Unknown users cost the same as known ones. */
static long long password_check(struct request *r, const char *user,
    const char *pw)
{
	static char dummy[crypto_pwhash_STRBYTES];
	sqlite3_stmt *s = store_stmt(r->st, SQL_MOD_BY_NAME);
	char *stored = NULL;
	long long id = 0;
	int ok;

	sql_text(s, 1, user);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 3) == 0 &&
	    *sql_col(s, 1) != '\0') {
		id = sqlite3_column_int64(s, 0);
		stored = arena_strdup(r->a, sql_col(s, 1));
	}
	sqlite3_reset(s);
	if (stored == NULL) {
		if (dummy[0] == '\0' && crypto_pwhash_str(dummy, "x", 1,
		    crypto_pwhash_OPSLIMIT_INTERACTIVE,
		    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			return 0;
		if (crypto_pwhash_str_verify(dummy, pw, strlen(pw)) == 0)
			return 0; /* the same work, and still no */
		return 0;
	}
	ok = crypto_pwhash_str_verify(stored, pw, strlen(pw)) == 0;
	return ok ? id : 0;
}

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
	long long free_tries = setting_int(r->st, "login_failures_addr");
	long long cap = setting_int(r->st, "login_wait_max_minutes") * 60;
	struct throttle a = throttle_get(r, akey, now - ADDR_MEMORY), u;

	if (a.failures == 0)
		return 0;
	u = throttle_get(r, ukey, now - USER_WINDOW);
	if (free_tries < 1 ||
	    u.failures >= setting_int(r->st, "login_failures_user"))
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
	{ "user", 0, 64, "User name" },
	{ "password", 0, 1024, "Password" },
	{ "next", 0, 500, "Next page" },
	{ "csrf", FIELD_CSRF, 200, "Form token" },
};
const struct form login_form = FORM_DEF("login", login_fields);

static const struct field login_query_fields[] = {
	{ "next", 0, 500, "Next page" },
};
const struct form login_query = FORM_DEF("login-query", login_query_fields);

static const struct field logout_fields[] = {
	{ "csrf", FIELD_CSRF, 200, "Form token" },
};
const struct form logout_form = FORM_DEF("logout", logout_fields);

/* Where to go after signing in: a page of ours below /moderate, never an
 * address elsewhere. */
static const char *next_page(struct request *r, const char *next)
{
	const char *home = req_url(r, "/moderate");

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
	tv_str(view, TF_page_title, "Sign in");
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

/* "; Secure" when the browser reached us over HTTPS: the web server said
 * so, or base_url is https:// (TLS ended before the web server that talks
 * to dais, which then sees plain HTTP). */
static const char *cookie_secure(struct request *r)
{
	return r->https || strncmp(setting_get(r->st, r->a, "base_url"),
	    "https://", 8) == 0 ? "; Secure" : "";
}

static void session_start(struct request *r, long long moderator_id)
{
	const char *token = token_random_hex(r, 32);
	long long hours = setting_int(r->st, "session_hours");
	long long expires = (long long)time(NULL) + hours * 3600;
	sqlite3_stmt *s = store_stmt(r->st, SQL_LS_PRUNE);

	sql_int(s, 1, (long long)time(NULL));
	store_exec(s);
	s = store_stmt(r->st, SQL_LS_INSERT);
	sql_text(s, 1, token_hash(r, token));
	sql_int(s, 2, moderator_id);
	sql_int(s, 3, expires);
	store_exec(s);
	resp_header(r, "Set-Cookie", arena_printf(r->a, "%s=%s; Path=%s/; "
	    "Max-Age=%lld; HttpOnly; SameSite=Lax%s", COOKIE, token,
	    r->script_name, hours * 3600, cookie_secure(r)));
}

/* The 429 of an address that must wait: how long, in minutes. */
static void login_wait(struct request *r, const char *user, const char *next,
    long long seconds)
{
	long long minutes = (seconds + 59) / 60;

	resp_header(r, "Retry-After", arena_printf(r->a, "%lld", seconds));
	login_render(r, 429, user, next, arena_printf(r->a, "Too many "
	    "attempts to sign in from your address; please try again in "
	    "%lld minute%s.", minutes, minutes == 1 ? "" : "s"));
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
		login_render(r, 422, user, next, "Enter your user name and "
		    "password");
		return;
	}
	/* A refused attempt checks no password and is not counted. */
	if ((wait = throttle_wait(r, akey, ukey)) > 0) {
		login_wait(r, user, next, wait);
		return;
	}
	id = password_check(r, user, pw);
	if (id == 0) {
		throttle_fail(r, akey, ukey);
		login_render(r, 422, user, next, "The user name or the "
		    "password is not right");
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
	const struct param *c = param_find(r->cookies, COOKIE);
	sqlite3_stmt *s;

	if (c != NULL) {
		s = store_stmt(r->st, SQL_LS_DELETE);
		sql_text(s, 1, token_hash(r, c->value));
		store_exec(s);
	}
	resp_header(r, "Set-Cookie", arena_printf(r->a, "%s=; Path=%s/; "
	    "Max-Age=0; HttpOnly; SameSite=Lax%s", COOKIE, r->script_name,
	    cookie_secure(r)));
	resp_redirect(r, 303, req_url(r, "/login"));
}

/* ---- dais moderator ------------------------------------------------------- */

/* The password from stdin: the first line, without its newline. */
static int read_password(char *pw, size_t n)
{
	size_t len;

	if (isatty(0))
		fprintf(stderr, "password: ");
	if (fgets(pw, (int)n, stdin) == NULL)
		return -1;
	len = strcspn(pw, "\r\n");
	pw[len] = '\0';
	return len >= 8 ? 0 : -1;
}

const char *moderator_create(struct store *st, struct arena *a,
    const char *user, const char *password, const char *role,
    const char *email)
{
	const char *hash;
	sqlite3_stmt *s;
	int rc;

	if (valid_line(user, 64, 1) != NULL || strpbrk(user, " :/") != NULL)
		return "A user name is 1 to 64 characters, without spaces, "
		    "colons or slashes";
	if (strcmp(role, "moderator") != 0 && strcmp(role, "admin") != 0)
		return "The role is moderator or admin";
	if (*email != '\0' && valid_email(email) != NULL)
		return "The e-mail address must look like name@example.org";
	if (strlen(password) < 8 || strlen(password) > 1000)
		return "The password must have at least 8 characters";
	if ((hash = password_hash(a, password)) == NULL)
		return "The password could not be hashed (out of memory)";
	s = store_stmt(st, SQL_MOD_INSERT);
	sql_text(s, 1, user);
	sql_text(s, 2, hash);
	sql_text(s, 3, role);
	sql_text(s, 4, email);
	rc = store_exec(s);
	if (rc == SQLITE_DONE)
		return NULL;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? "That moderator already "
	    "exists" : "The moderator could not be saved";
}

/* Ends every session of user: a session must not outlive the password it
 * was opened with, nor a disabling. */
static const char *sessions_end(struct store *st, const char *user)
{
	sqlite3_stmt *s = store_stmt(st, SQL_LS_END_ALL);

	sql_text(s, 1, user);
	if (store_exec(s) != SQLITE_DONE)
		return "The moderator's sessions could not be ended";
	return NULL;
}

/* Enabling ends sessions too: none opened before the disabling (or before
 * disabling ended sessions) comes back. */
const char *moderator_set_disabled(struct store *st, const char *user,
    int disabled)
{
	sqlite3_stmt *s = store_stmt(st, SQL_MOD_SET_DISABLED);

	sql_text(s, 1, user);
	sql_int(s, 2, disabled);
	if (store_exec(s) != SQLITE_DONE || sqlite3_changes(st->db) != 1)
		return "There is no such moderator";
	return sessions_end(st, user);
}

/* A new password, already hashed: the hashing (slow on purpose) is done
 * before the transaction, which should not hold the write lock for it. */
static const char *moderator_set_password(struct store *st, const char *user,
    const char *hash)
{
	sqlite3_stmt *s = store_stmt(st, SQL_MOD_SET_PASSWORD);

	sql_text(s, 1, user);
	sql_text(s, 2, hash);
	if (store_exec(s) != SQLITE_DONE || sqlite3_changes(st->db) != 1)
		return "There is no such moderator";
	return sessions_end(st, user);
}

const char *moderator_set_role(struct store *st, const char *user,
    const char *role)
{
	sqlite3_stmt *s = store_stmt(st, SQL_MOD_SET_ROLE);

	sql_text(s, 1, user);
	sql_text(s, 2, role);
	if (store_exec(s) != SQLITE_DONE || sqlite3_changes(st->db) != 1)
		return "There is no such moderator";
	return NULL;
}

static int moderator_add(struct cli *c, struct store *st, struct arena *a,
    int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "email", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	const char *role = "moderator", *email = "", *why;
	char pw[1024];
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'r')
			role = optarg;
		else if (ch == 'e')
			email = optarg;
		else
			return cli_usage(c, NULL);
	}
	if (optind + 1 != argc)
		return cli_usage(c, "moderator add USER [--role moderator|admin]"
		    " [--email ADDRESS] (password on stdin)");
	if (read_password(pw, sizeof(pw)) != 0) {
		fprintf(stderr, "dais: the password (first line of stdin) "
		    "must have at least 8 characters\n");
		return 1;
	}
	why = moderator_create(st, a, argv[optind], pw, role, email);
	sodium_memzero(pw, sizeof(pw));
	if (why != NULL) {
		fprintf(stderr, "dais: %s\n", why);
		return 1;
	}
	return 0;
}

/* disable, enable or password (hash not NULL): the change and the end of
 * the moderator's sessions in one transaction. */
static const char *moderator_change(struct store *st, const char *user,
    const char *cmd, const char *hash)
{
	const char *why;

	if (store_begin(st) != 0)
		return "The database is busy: nothing was changed";
	why = hash != NULL ? moderator_set_password(st, user, hash) :
	    moderator_set_disabled(st, user, strcmp(cmd, "disable") == 0);
	if (why == NULL && store_commit(st) != 0)
		why = "The change could not be saved";
	if (why != NULL)
		store_rollback(st);
	return why;
}

static int moderator_simple(struct store *st, struct arena *a, const char *cmd,
    const char *user)
{
	char pw[1024];
	const char *why = NULL, *hash = NULL;

	if (strcmp(cmd, "password") == 0) {
		if (read_password(pw, sizeof(pw)) != 0 || strlen(pw) > 1000)
			why = "The password must have 8 to 1000 characters";
		else if ((hash = password_hash(a, pw)) == NULL)
			why = "The password could not be hashed (out of memory)";
		sodium_memzero(pw, sizeof(pw));
	}
	if (why == NULL)
		why = moderator_change(st, user, cmd, hash);
	if (why != NULL) {
		fprintf(stderr, "dais: %s: %s\n", user, why);
		return 1;
	}
	return 0;
}

int cmd_moderator(struct cli *c, int argc, char **argv)
{
	struct store *st;
	struct arena *a;
	struct buf err;
	sqlite3_stmt *s;
	int rc = 0;

	if (argc < 2)
		return cli_usage(c, "moderator add|list|disable|enable|password");
	buf_init(&err);
	if ((st = store_open(c->db_path, STORE_RW, &err)) == NULL) {
		fprintf(stderr, "dais: %s\n", err.s);
		buf_free(&err);
		return 1;
	}
	a = arena_new();
	if (strcmp(argv[1], "add") == 0) {
		rc = moderator_add(c, st, a, argc - 1, argv + 1);
	} else if (strcmp(argv[1], "list") == 0 && argc == 2) {
		s = store_stmt(st, SQL_MOD_LIST);
		while (sqlite3_step(s) == SQLITE_ROW)
			printf("%s\t%s\t%s\t%s\n", sql_col(s, 0), sql_col(s, 1),
			    sqlite3_column_int(s, 3) ? "disabled" : "active",
			    sql_col(s, 2));
		sqlite3_reset(s);
	} else if (argc == 3 && (strcmp(argv[1], "disable") == 0 ||
	    strcmp(argv[1], "enable") == 0 ||
	    strcmp(argv[1], "password") == 0)) {
		rc = moderator_simple(st, a, argv[1], argv[2]);
	} else {
		rc = cli_usage(c, "moderator add USER [--role R] [--email E] | "
		    "list | disable USER | enable USER | password USER");
	}
	arena_free(a);
	store_close(st);
	buf_free(&err);
	return rc;
}
