/* auth.h — who is asking: a signed-in moderator (session cookie) or the
 * web server's REMOTE_USER when the trust_remote_user setting is on. */
#ifndef DAIS_AUTH_H
#define DAIS_AUTH_H

#include "request.h"

/* The session cookie's name. */
#define AUTH_COOKIE "dais_session"

/* Sets r->user, r->role and r->session from the request, when it carries a
 * valid session (or a trusted REMOTE_USER). */
void auth_resolve(struct request *r);

/* A submitter's "My statements" session cookie (page_my.c). */
#define MY_COOKIE "dais_my"

/* Sets r->submitter (the address) and r->session from a valid "My
 * statements" cookie; nothing when there is none. */
void auth_submitter(struct request *r);

struct arena;
struct store;

struct moderator {
	long long id;
	const char *password_hash; /* "" when none is set */
	enum role role;
	int disabled;
};
/* The moderator with this user name, text in a: 0, or -1 when none. */
int moderator_find(struct store *st, struct arena *a, const char *user,
    struct moderator *m);

/* Moderators, for the command line and the admin pages: NULL on success,
 * else a sentence for a person. Disabling and enabling also end every
 * session of the moderator: call it inside the transaction (store_begin)
 * that is to hold both. */
const char *moderator_create(struct store *st, struct arena *a,
    const char *user, const char *password, const char *role,
    const char *email);
const char *moderator_set_disabled(struct store *st, const char *user,
    int disabled);
const char *moderator_set_role(struct store *st, const char *user,
    const char *role);
/* disable, enable or password (hash not NULL): the change and the end of
 * the moderator's sessions in one transaction. */
const char *moderator_change(struct store *st, const char *user,
    const char *cmd, const char *hash);
/* Why pw cannot be a password (the rules of `dais moderator add` and of
 * the web: 8 to 1000 bytes), or NULL when it can. */
const char *moderator_password_problem(const char *pw);
/* A password's Argon2id hash in a, or NULL (out of memory). */
const char *moderator_password_hash(struct arena *a, const char *pw);
/* The id of the enabled moderator user whose password is pw, else 0.
 * Unknown users cost the same time as known ones. */
long long moderator_check_password(struct request *r, const char *user,
    const char *pw);

#endif
