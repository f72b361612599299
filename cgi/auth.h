/* auth.h — who is asking: a signed-in moderator (session cookie) or the
 * web server's REMOTE_USER when the trust_remote_user setting is on. */
#ifndef DAIS_AUTH_H
#define DAIS_AUTH_H

#include "form.h"
#include "request.h"

/* Sets r->user, r->role and r->session from the request, when it carries a
 * valid session (or a trusted REMOTE_USER). */
void auth_resolve(struct request *r);

extern const struct form login_form, login_query, logout_form;
void page_login(struct request *r, struct form_data *fd);
void page_login_post(struct request *r, struct form_data *fd);
void page_logout(struct request *r, struct form_data *fd);

#endif
