/* auth.h — who is asking: a signed-in moderator (session cookie) or the
 * web server's REMOTE_USER when the trust_remote_user setting is on. */
#ifndef DAIS_AUTH_H
#define DAIS_AUTH_H

#include "form.h"
#include "request.h"

/* Sets r->user, r->role and r->session from the request, when it carries a
 * valid session (or a trusted REMOTE_USER). */
void auth_resolve(struct request *r);

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

extern const struct form login_form, login_query, logout_form;
void page_login(struct request *r, struct form_data *fd);
void page_login_post(struct request *r, struct form_data *fd);
void page_logout(struct request *r, struct form_data *fd);

#endif
