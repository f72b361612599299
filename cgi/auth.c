/* auth.c — moderators: passwords (Argon2id), sign-in sessions, the
 * web server's REMOTE_USER when trusted (the sign-in and sign-out pages are
 * in page_login.c, `dais moderator` in cli_moderator.c).
 *
 * A session is a random 256-bit token in an HttpOnly cookie; the database
 * keeps only its hash, so a copy of the database signs nobody in. Form
 * tokens of signed-in pages are bound to the session. A new password and
 * disabling or enabling a moderator end all of that moderator's sessions;
 * the role is read from the moderator's row at every request.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth.h"
#include "i18n.h"
#include "settings.h"
#include "store.h"
#include "token.h"
#include "valid.h"

static enum role role_of(const char *s)
{
	return strcmp(s, "admin") == 0 ? ROLE_ADMIN : ROLE_MODERATOR;
}

int moderator_find(struct store *st, struct arena *a, const char *user,
    struct moderator *m)
{
	sqlite3_stmt *s = store_row(st, SQL_MOD_BY_NAME, user);

	memset(m, 0, sizeof(*m));
	if (s == NULL)
		return -1;
	m->id = sqlite3_column_int64(s, 0);
	m->password_hash = arena_strdup(a, sql_col(s, 1));
	m->role = role_of(sql_col(s, 2));
	m->disabled = sqlite3_column_int(s, 3);
	sqlite3_reset(s);
	return 0;
}

/* A signed-in moderator from the trusted web server's REMOTE_USER. */
static int auth_remote_user(struct request *r)
{
	const char *u = req_env(r, "REMOTE_USER");
	struct moderator m;

	if (*u == '\0' || strcmp(setting_get(r->st, r->a,
	    SET_trust_remote_user), "on") != 0)
		return 0;
	if (moderator_find(r->st, r->a, u, &m) == 0 && m.disabled == 0) {
		r->user = arena_strdup(r->a, u);
		r->role = m.role;
		r->session = arena_printf(r->a, "remote:%s", u);
	}
	return r->user != NULL;
}

void auth_submitter(struct request *r)
{
	const struct param *c = param_find(r->cookies, MY_COOKIE);
	sqlite3_stmt *s;
	const char *hash;

	if (c == NULL || c->len != 64)
		return;
	hash = token_hash(r, c->value);
	s = store_stmt(r->st, SQL_MY_SESSION_GET);
	sql_text(s, 1, hash);
	sql_int(s, 2, (long long)time(NULL));
	if (sqlite3_step(s) == SQLITE_ROW) {
		r->submitter = arena_strdup(r->a, sql_col(s, 0));
		/* Its own binding: a moderator's token is no submitter's. */
		r->session = arena_printf(r->a, "my:%s", hash);
	}
	sqlite3_reset(s);
}

void auth_resolve(struct request *r)
{
	const struct param *c = param_find(r->cookies, AUTH_COOKIE);
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

const char *moderator_password_hash(struct arena *a, const char *pw)
{
	char *out = arena_alloc(a, crypto_pwhash_STRBYTES);

	if (crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return NULL;
	return out;
}

/* Checks user and password. Unknown users cost the same as known ones. */
long long moderator_check_password(struct request *r, const char *user,
    const char *pw)
{
	static char dummy[crypto_pwhash_STRBYTES];
	struct moderator m;
	const char *stored = NULL;
	long long id = 0;
	int ok;

	if (moderator_find(r->st, r->a, user, &m) == 0 && m.disabled == 0 &&
	    *m.password_hash != '\0') {
		id = m.id;
		stored = m.password_hash;
	}
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

/* ---- moderator records ---------------------------------------------------- */

const char *moderator_password_problem(const char *pw)
{
	if (strlen(pw) < 8)
		return _("The password must have at least 8 characters");
	if (strlen(pw) > 1000)
		return _("The password must have at most 1000 characters");
	return NULL;
}

/* 1 when user is the last enabled administrator: disabling them, or making
 * them a moderator, would leave nobody to run the site from the web. */
static int moderator_last_admin(struct store *st, const char *user)
{
	struct arena *a = arena_new();
	struct moderator m;
	sqlite3_stmt *s;
	int last = 0;

	if (a != NULL && moderator_find(st, a, user, &m) == 0 &&
	    m.role == ROLE_ADMIN && m.disabled == 0) {
		s = store_stmt(st, SQL_MOD_OTHER_ADMINS);
		sql_text(s, 1, user);
		last = sqlite3_step(s) == SQLITE_ROW &&
		    sqlite3_column_int64(s, 0) == 0;
		sqlite3_reset(s);
	}
	if (a != NULL)
		arena_free(a);
	return last;
}

const char *moderator_create(struct store *st, struct arena *a,
    const char *user, const char *password, const char *role,
    const char *email)
{
	const char *hash;
	sqlite3_stmt *s;
	int rc;

	if (valid_line(user, 64, 1) != NULL || strpbrk(user, " :/") != NULL)
		return _("A user name is 1 to 64 characters, without spaces, "
		    "colons or slashes");
	if (strcmp(role, "moderator") != 0 && strcmp(role, "admin") != 0)
		/* TRANSLATORS: "moderator" and "admin" are the values to
		 * type on the command line: keep them as they are. */
		return _("The role must be moderator or admin");
	if (*email != '\0' && valid_email(email) != NULL)
		return _("The e-mail address must look like name@example.org");
	if (moderator_password_problem(password) != NULL)
		return moderator_password_problem(password);
	if ((hash = moderator_password_hash(a, password)) == NULL)
		return _("The password could not be hashed (out of memory)");
	s = store_stmt(st, SQL_MOD_INSERT);
	sql_text(s, 1, user);
	sql_text(s, 2, hash);
	sql_text(s, 3, role);
	sql_text(s, 4, email);
	rc = store_exec(s);
	if (rc == SQLITE_DONE)
		return NULL;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? _("That moderator already "
	    "exists") : _("The moderator could not be saved");
}

/* Ends every session of user: a session must not outlive the password it
 * was opened with, nor a disabling. */
static const char *sessions_end(struct store *st, const char *user)
{
	sqlite3_stmt *s = store_stmt(st, SQL_LS_END_ALL);

	sql_text(s, 1, user);
	if (store_exec(s) != SQLITE_DONE)
		return _("The moderator's sessions could not be ended");
	return NULL;
}

/* Enabling ends sessions too: none opened before the disabling (or before
 * disabling ended sessions) comes back. */
const char *moderator_set_disabled(struct store *st, const char *user,
    int disabled)
{
	sqlite3_stmt *s;

	if (disabled && moderator_last_admin(st, user))
		return _("This is the last enabled administrator: make another "
		    "moderator an administrator first");
	s = store_stmt(st, SQL_MOD_SET_DISABLED);
	sql_text(s, 1, user);
	sql_int(s, 2, disabled);
	if (store_exec_one(st, s) != 0)
		return _("There is no such moderator");
	return sessions_end(st, user);
}

/* Sets one text column (?2) of the moderator user (?1). */
static const char *moderator_update(struct store *st, enum sql_id id,
    const char *user, const char *value)
{
	sqlite3_stmt *s = store_stmt(st, id);

	sql_text(s, 1, user);
	sql_text(s, 2, value);
	if (store_exec_one(st, s) != 0)
		return _("There is no such moderator");
	return NULL;
}

/* A new password, already hashed: the hashing (slow on purpose) is done
 * before the transaction, which should not hold the write lock for it. */
static const char *moderator_set_password(struct store *st, const char *user,
    const char *hash)
{
	const char *why = moderator_update(st, SQL_MOD_SET_PASSWORD, user, hash);

	return why ? why : sessions_end(st, user);
}

const char *moderator_set_role(struct store *st, const char *user,
    const char *role)
{
	if (strcmp(role, "admin") != 0 && moderator_last_admin(st, user))
		return _("This is the last enabled administrator: make another "
		    "moderator an administrator first");
	return moderator_update(st, SQL_MOD_SET_ROLE, user, role);
}

/* disable, enable or password (hash not NULL): the change and the end of
 * the moderator's sessions in one transaction. */
const char *moderator_change(struct store *st, const char *user,
    const char *cmd, const char *hash)
{
	const char *why;

	if (store_begin(st) != 0)
		return _("The database is busy: nothing was changed");
	why = hash != NULL ? moderator_set_password(st, user, hash) :
	    moderator_set_disabled(st, user, strcmp(cmd, "disable") == 0);
	if (why == NULL && store_commit(st) != 0)
		why = _("The change could not be saved");
	if (why != NULL)
		store_rollback(st);
	return why;
}
