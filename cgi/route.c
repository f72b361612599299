/* route.c — the route table and the checks every request passes first. */
#include "config.h"

#include <string.h>

#include "auth.h"
#include "i18n.h"
#include "pages.h"
#include "route.h"

static const struct route routes[] = {
	{ "GET", "/", ROLE_ANON, NULL, page_home, 0 },
	{ "GET", "/healthz", ROLE_ANON, NULL, page_healthz, ROUTE_HOST_LANG },
	{ "GET", "/static/*", ROLE_ANON, NULL, page_static, ROUTE_HOST_LANG },
	{ "GET", "/embed.js", ROLE_ANON, NULL, page_static, ROUTE_HOST_LANG },
	{ "GET", "/submit", ROLE_ANON, &submit_query, page_submit_form, 0 },
	{ "POST", "/submit", ROLE_ANON, &submit_form, page_submit_post, 0 },
	{ "GET", "/status/*", ROLE_ANON, &status_query, page_status, 0 },
	{ "POST", "/status/*", ROLE_ANON, &status_form, page_status_post, 0 },
	{ "POST", "/status/*/translate", ROLE_ANON, &translate_form,
	    page_status_translate, 0 },
	{ "GET", "/login", ROLE_ANON, &login_query, page_login, 0 },
	{ "POST", "/login", ROLE_ANON, &login_form, page_login_post, 0 },
	{ "POST", "/logout", ROLE_MODERATOR, &logout_form, page_logout, 0 },
	{ "GET", "/moderate", ROLE_MODERATOR, &queue_query, page_queue, 0 },
	{ "POST", "/moderate", ROLE_MODERATOR, &bulk_form, page_queue_post, 0 },
	{ "GET", "/moderate/log", ROLE_ADMIN, &log_query, page_log, 0 },
	{ "GET", "/moderate/*", ROLE_MODERATOR, NULL, page_review, 0 },
	{ "POST", "/moderate/*", ROLE_MODERATOR, &review_form,
	    page_review_post, 0 },
	{ "POST", "/moderate/*/translate", ROLE_MODERATOR, &mod_translate_form,
	    page_review_translate, 0 },
	{ "GET", "/moderate/*/attachment", ROLE_MODERATOR, NULL,
	    page_attachment, 0 },
	{ "GET", "/fragment/statement/*", ROLE_ANON, &fragment_query,
	    page_fragment, ROUTE_HOST_LANG },
	{ "GET", "/fragment/event/*", ROLE_ANON, &fragment_query,
	    page_fragment, ROUTE_HOST_LANG },
	{ "GET", "/fragment/event/*/*", ROLE_ANON, &fragment_query,
	    page_fragment, ROUTE_HOST_LANG },
	{ "GET", "/fragment/org/*", ROLE_ANON, &fragment_query,
	    page_fragment, ROUTE_HOST_LANG },
	{ "GET", "/frame/statement/*", ROLE_ANON, &fragment_query,
	    page_frame, ROUTE_HOST_LANG },
	{ "GET", "/frame/event/*", ROLE_ANON, &fragment_query,
	    page_frame, ROUTE_HOST_LANG },
	{ "GET", "/frame/event/*/*", ROLE_ANON, &fragment_query,
	    page_frame, ROUTE_HOST_LANG },
	{ "GET", "/frame/org/*", ROLE_ANON, &fragment_query,
	    page_frame, ROUTE_HOST_LANG },
	{ "GET", "/s/*", ROLE_ANON, NULL, page_statement, 0 },
	{ "GET", "/e/*", ROLE_ANON, &fragment_query, page_event, 0 },
	{ "GET", "/oembed", ROLE_ANON, &oembed_query, page_oembed,
	    ROUTE_HOST_LANG },
	{ "GET", "/feed.atom", ROLE_ANON, NULL, page_feed, ROUTE_HOST_LANG },
	{ "GET", "/feed/*", ROLE_ANON, NULL, page_feed, ROUTE_HOST_LANG },
	/* public search (page_search.c) */
	{ "GET", "/search", ROLE_ANON, &search_query, page_search, 0 },
	{ "GET", "/admin", ROLE_ADMIN, NULL, page_admin, 0 },
	{ "POST", "/admin", ROLE_ADMIN, &admin_form, page_admin_post, 0 },
};

const struct route *route_table_unguarded(const struct route *t, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (strcmp(t[i].method, "POST") != 0)
			continue;
		if (t[i].form == NULL)
			return &t[i];
		for (j = 0; j < t[i].form->count; j++)
			if (t[i].form->fields[j].flags & FIELD_CSRF)
				break;
		if (j == t[i].form->count)
			return &t[i];
	}
	return NULL;
}

int route_check(void)
{
	const struct route *bad = route_table_unguarded(routes,
	    ARRAY_LEN(routes));

	if (bad == NULL)
		return 0;
	log_err("route table: %s %s has no CSRF field in its form (%s); "
	    "not serving", bad->method, bad->pattern,
	    bad->form ? bad->form->name : "no form");
	return -1;
}

/* A path segment a route's "*" may match: letters, digits and . _ ~ -,
 * not starting with a dot, at most 128 bytes. */
static int segment_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 128 || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '~' || c == '-'))
			return 0;
	}
	return 1;
}

/* Matches path against pattern, collecting "*" segments into r->args. */
static int route_match(struct request *r, const char *pattern,
    const char *path)
{
	const char *p = pattern, *s = path;

	r->nargs = 0;
	while (*p != '\0' && *s != '\0') {
		if (*p == '*') {
			size_t n = strcspn(s, "/");

			if (!segment_ok(s, n) || r->nargs == REQ_MAX_ARGS)
				return 0;
			r->args[r->nargs++] = arena_strndup(r->a, s, n);
			s += n;
			p++;
		} else if (*p++ != *s++) {
			return 0;
		}
	}
	return *p == '\0' && *s == '\0';
}

/* Refuses paths no route should ever see: dot segments, encoded slashes
 * or backslashes, NUL, control characters, empty segments. */
static const char *path_problem(struct request *r)
{
	const char *p = r->path, *uri = r->request_uri, *q;
	size_t n = strcspn(uri, "?");

	if (r->path_unsafe)
		return _("This address is not valid: it contains a line break "
		    "or another control character.");
	if (!header_safe(p) || strchr(p, '\\') != NULL)
		return _("This address contains characters that are not "
		    "allowed.");
	if (strstr(p, "/../") || strstr(p, "/./") || strstr(p, "//") ||
	    (strlen(p) >= 3 && strcmp(p + strlen(p) - 3, "/..") == 0) ||
	    (strlen(p) >= 2 && strcmp(p + strlen(p) - 2, "/.") == 0))
		return _("This address is not valid: it contains \"..\" or "
		    "empty segments.");
	for (q = memchr(uri, '%', n); q != NULL && q + 2 < uri + n;
	    q = memchr(q + 1, '%', (size_t)(uri + n - q - 1))) {
		char a = q[1], b = (char)(q[2] | 0x20);

		if ((a == '2' && (b == 'f' || b == 'e')) ||
		    (a == '5' && b == 'c') || (a == '0' && q[2] == '0'))
			return _("This address is not valid: it contains "
			    "encoded slashes, dots or NUL characters.");
	}
	return NULL;
}

int route_same_origin(struct request *r)
{
	if (*r->origin != '\0' && strcmp(r->origin, "null") != 0)
		return strcmp(r->origin, req_origin(r)) == 0;
	return strcmp(r->sec_fetch_site, "same-origin") == 0;
}

static int method_matches(const struct route *rt, const char *method)
{
	if (strcmp(rt->method, method) == 0)
		return 1;
	return strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0;
}

/* Adds method to the ", "-separated list, unless it is there already. */
static void allow_add(struct buf *allow, const char *method)
{
	size_t n = strlen(method);
	const char *p;

	for (p = allow->s; *p != '\0'; p += strspn(p, ", ")) {
		if (strncmp(p, method, n) == 0 &&
		    (p[n] == ',' || p[n] == '\0'))
			return;
		p += strcspn(p, ",");
	}
	if (allow->len > 0)
		buf_puts(allow, ", ");
	buf_puts(allow, method);
}

/* The methods that would have matched the path, for 405's Allow: each
 * once, though several routes may match a path (/moderate/log matches
 * GET /moderate/log and GET and POST /moderate/<id>). */
static void route_allow(struct request *r, struct buf *allow)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(routes); i++) {
		if (!route_match(r, routes[i].pattern, r->path))
			continue;
		allow_add(allow, routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			allow_add(allow, "HEAD");
	}
}

static void route_run(struct request *r, const struct route *rt)
{
	struct form_data fd;
	int post = strcmp(rt->method, "POST") == 0;

	if (rt->flags & ROUTE_HOST_LANG)
		req_language(r, 1);
	if (rt->role > ROLE_ANON)
		auth_resolve(r);
	if (r->role < rt->role) {
		if (post) {
			resp_error(r, 403, _("Please sign in as a moderator to "
			    "do this."));
			return;
		}
		if (r->user != NULL) {
			resp_error(r, 403, _("This page is for "
			    "administrators."));
			return;
		}
		resp_redirect(r, 303, arena_printf(r->a, "%s?next=%s",
		    req_url(r, "/login"), url_escape(r, req_url(r, r->path))));
		return;
	}
	if (post && !route_same_origin(r)) {
		resp_error(r, 403, _("This form was sent from another site. "
		    "Open the form on this site and send it from there."));
		return;
	}
	memset(&fd, 0, sizeof(fd));
	if (rt->form != NULL && form_read(r, rt->form, &fd) != 0)
		return;
	rt->handler(r, &fd);
}

static void route_find(struct request *r)
{
	const char *problem = path_problem(r);
	struct buf allow;
	size_t i;

	req_language(r, 0);
	if (problem != NULL) {
		r->path_refused = 1;
		resp_error(r, 400, problem);
		return;
	}
	for (i = 0; i < ARRAY_LEN(routes); i++) {
		if (method_matches(&routes[i], r->method) &&
		    route_match(r, routes[i].pattern, r->path)) {
			route_run(r, &routes[i]);
			return;
		}
	}
	buf_init(&allow);
	route_allow(r, &allow);
	if (allow.len > 0) {
		resp_error(r, 405, _("This address does not accept that kind "
		    "of request."));
		resp_header(r, "Allow", allow.s);
	} else {
		resp_error(r, 404, _("There is no page at this address."));
	}
	buf_free(&allow);
}

void route_dispatch(struct request *r)
{
	route_find(r);
	/* A fragment is pasted into a host page (SSI): whatever was wrong
	 * with its request, the page gets an empty fragment, never an
	 * error page. */
	if (r->status >= 400 && strncmp(r->path, "/fragment/", 10) == 0 &&
	    (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)) {
		log_info("a fragment request was answered %d: sent an empty "
		    "fragment instead", r->status);
		page_fragment_empty(r);
	}
}
