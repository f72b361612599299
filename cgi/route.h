/* route.h — the route table: method, path below SCRIPT_NAME, role, form,
 * handler (STYLE.md habit 6).
 *
 * route_dispatch() checks the path, finds the route, refuses a wrong method
 * (405 with Allow), an unknown path (404), a missing role (GET: redirect to
 * the sign-in page; POST: 403), and for every POST the Origin and the form
 * token, before the handler runs. The handler gets the form already read
 * and checked against its table.
 */
#ifndef DAIS_ROUTE_H
#define DAIS_ROUTE_H

#include "form.h"
#include "request.h"

typedef void (*route_fn)(struct request *r, struct form_data *fd);

struct route {
	const char *method;      /* "GET" (also answers HEAD) or "POST" */
	const char *pattern;     /* a "*" segment matches one segment */
	enum role role;          /* least role needed */
	const struct form *form; /* fields accepted; NULL: none read */
	route_fn handler;
	unsigned flags;          /* ROUTE_ */
};

/* The page's language comes from ?lang= or default_language only, never
 * from the reader's cookie or Accept-Language: what a host page embeds
 * (fragments, frames, feeds, oEmbed) and files. */
#define ROUTE_HOST_LANG 1u
/* "My statements": the submitter's session is resolved before the form
 * (its tokens are bound to it); without one, a GET goes to /my and a POST
 * is refused (403). */
#define ROUTE_SUBMITTER 2u

void route_dispatch(struct request *r);

/* The first route of t that changes state without a form token: a POST
 * whose form has no FIELD_CSRF field (or no form). NULL when there is none. */
const struct route *route_table_unguarded(const struct route *t, size_t n);
/* Checks dais's route table when a worker starts: 0, or -1 with a log line
 * naming the route (a programmer's mistake; the worker must not serve). */
int route_check(void);

/* 1 when a state-changing request comes from this site: Origin equal to
 * the site's origin, or (when a browser sends no Origin) Sec-Fetch-Site
 * same-origin. */
int route_same_origin(struct request *r);

#endif
