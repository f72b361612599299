/* route.c — the route table and the checks every request passes first. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "i18n.h"
#include "pages.h"
#include "route.h"
#include "settings.h"
#include "structure.h"

static const struct route routes[] = {
	{ "GET", "/", ROLE_ANON, &archive_query, page_home, 0 },
	{ "GET", "/healthz", ROLE_ANON, &healthz_query, page_healthz,
	    ROUTE_HOST_LANG },
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
	/* a moderator's own account, and forgotten passwords
	 * (page_account.c) */
	{ "GET", "/account", ROLE_MODERATOR, &account_query, page_account, 0 },
	{ "POST", "/account", ROLE_MODERATOR, &account_form, page_account_post,
	    0 },
	{ "GET", "/forgot", ROLE_ANON, &forgot_query, page_forgot, 0 },
	{ "POST", "/forgot", ROLE_ANON, &forgot_form, page_forgot_post, 0 },
	{ "GET", "/reset/*", ROLE_ANON, NULL, page_reset, 0 },
	{ "POST", "/reset/*", ROLE_ANON, &reset_form, page_reset_post, 0 },
	{ "GET", "/moderate", ROLE_MODERATOR, &queue_query, page_queue, 0 },
	{ "POST", "/moderate", ROLE_MODERATOR, &bulk_form, page_queue_post, 0 },
	{ "GET", "/moderate/log", ROLE_ADMIN, &log_query, page_log, 0 },
	{ "GET", "/moderate/*", ROLE_MODERATOR, &review_query, page_review,
	    0 },
	{ "POST", "/moderate/*", ROLE_MODERATOR, &review_form,
	    page_review_post, 0 },
	{ "POST", "/moderate/*/translate", ROLE_MODERATOR, &mod_translate_form,
	    page_review_translate, 0 },
	{ "GET", "/moderate/*/attachment", ROLE_MODERATOR, NULL,
	    page_attachment, 0 },
	/* page_structure.c: a statement moved to another event or session */
	{ "GET", "/moderate/*/move", ROLE_MODERATOR, NULL, page_move, 0 },
	{ "POST", "/moderate/*/move", ROLE_MODERATOR, &move_form,
	    page_move_post, 0 },
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
	{ "GET", "/s/*/original", ROLE_ANON, NULL, page_original, 0 },
	/* page_archive.c: the public archive */
	{ "GET", "/e/*", ROLE_ANON, &archive_query, page_event, 0 },
	{ "GET", "/e", ROLE_ANON, NULL, page_events, 0 },
	{ "GET", "/e/", ROLE_ANON, NULL, page_events, 0 },
	{ "GET", "/o/*", ROLE_ANON, &archive_query, page_org, 0 },
	{ "GET", "/feed/org/*", ROLE_ANON, NULL, page_feed, ROUTE_HOST_LANG },
	{ "GET", "/sitemap.xml", ROLE_ANON, &archive_query, page_sitemap, 0 },
	{ "GET", "/robots.txt", ROLE_ANON, NULL, page_robots, 0 },
	{ "GET", "/oembed", ROLE_ANON, &oembed_query, page_oembed,
	    ROUTE_HOST_LANG },
	{ "GET", "/feed.atom", ROLE_ANON, NULL, page_feed, ROUTE_HOST_LANG },
	{ "GET", "/feed/*", ROLE_ANON, NULL, page_feed, ROUTE_HOST_LANG },
	/* public search (page_search.c) */
	{ "GET", "/search", ROLE_ANON, &search_query, page_search, 0 },
	{ "GET", "/admin", ROLE_ADMIN, NULL, page_admin, 0 },
	{ "POST", "/admin", ROLE_ADMIN, &admin_form, page_admin_post, 0 },
	{ "GET", "/admin/export", ROLE_ADMIN, &export_query, page_export, 0 },
	/* erasure on request (page_privacy.c) */
	{ "GET", "/admin/erase", ROLE_ADMIN, &erase_query, page_erase, 0 },
	{ "POST", "/admin/erase", ROLE_ADMIN, &erase_form, page_erase_post, 0 },
	/* page_structure.c: events, sessions, organisations changed */
	{ "GET", "/admin/structure", ROLE_ADMIN, NULL, page_structure, 0 },
	{ "POST", "/admin/structure", ROLE_ADMIN, &structure_form,
	    page_structure_post, 0 },
	{ "GET", "/admin/structure/event/*", ROLE_ADMIN, NULL,
	    page_structure_event, 0 },
	{ "GET", "/admin/structure/org/*", ROLE_ADMIN, NULL,
	    page_structure_org, 0 },
	/* "My statements" (page_my.c); a statement of the submitter's opens
	 * in the status page, reached by the session instead of a token. */
	{ "GET", "/my", ROLE_ANON, &my_query, page_my, 0 },
	{ "POST", "/my", ROLE_ANON, &my_form, page_my_post, 0 },
	{ "GET", "/my/link/*", ROLE_ANON, NULL, page_my_link, 0 },
	{ "POST", "/my/link/*", ROLE_ANON, &my_link_form, page_my_link_post,
	    0 },
	{ "POST", "/my/logout", ROLE_ANON, &my_logout_form, page_my_logout,
	    ROUTE_SUBMITTER },
	{ "GET", "/my/*", ROLE_ANON, &status_query, page_status,
	    ROUTE_SUBMITTER },
	{ "POST", "/my/*", ROLE_ANON, &status_form, page_status_post,
	    ROUTE_SUBMITTER },
	{ "POST", "/my/*/translate", ROLE_ANON, &translate_form,
	    page_status_translate, ROUTE_SUBMITTER },
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

/* An origin's parts: scheme, host (lower case) and port (the scheme's
 * own when none is written). */
struct origin_parts {
	char scheme[8];
	char host[256];
	long port;
};

/* Reads "host[:port]" (an IPv6 host in brackets) at s into o's host and
 * port; a missing port is 0. 0, or -1 when it is no such thing. */
static int authority_split(const char *s, struct origin_parts *o)
{
	const char *end, *colon;
	size_t n, i;
	long port = 0;

	if (*s == '[') {
		end = strchr(s, ']');
		if (end == NULL)
			return -1;
		end++;
	} else {
		end = s + strcspn(s, ":");
	}
	n = (size_t)(end - s);
	if (n == 0 || n >= sizeof(o->host))
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];

		o->host[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	o->host[n] = '\0';
	colon = end;
	if (*colon == ':') {
		if (colon[1] == '\0' || strlen(colon + 1) > 5 ||
		    strspn(colon + 1, "0123456789") != strlen(colon + 1))
			return -1;
		port = strtol(colon + 1, NULL, 10);
		if (port < 1 || port > 65535)
			return -1;
	} else if (*colon != '\0') {
		return -1;
	}
	o->port = port;
	return 0;
}

static long default_port(const char *scheme)
{
	return strcmp(scheme, "https") == 0 ? 443 : 80;
}

/* Reads "scheme://host[:port]" (nothing after it) into o, the port made
 * explicit. 0 or -1. */
static int origin_split(const char *s, struct origin_parts *o)
{
	const char *sep = strstr(s, "://");
	size_t n = sep ? (size_t)(sep - s) : 0;

	if (n == 0 || n >= sizeof(o->scheme))
		return -1;
	memcpy(o->scheme, s, n);
	o->scheme[n] = '\0';
	if (strcmp(o->scheme, "http") != 0 && strcmp(o->scheme, "https") != 0)
		return -1;
	if (authority_split(sep + 3, o) != 0)
		return -1;
	if (o->port == 0)
		o->port = default_port(o->scheme);
	return 0;
}

/* 1 when the browser's Origin names this site. With base_url set, the
 * site is there and nowhere else. Without it, the request says: the
 * scheme it came by, the host of its Host header (or the server's own
 * name, SERVER_NAME), and the port of its Host header when that has one,
 * else the port the web server took the request on (SERVER_PORT).
 * nginx's stock fastcgi_params (Debian's current nginx-common) pass Host
 * as $host, without the port a browser sent: "127.0.0.1" for a site on
 * :8080.
 * SERVER_PORT, set by the web server and not by the client, says which
 * port that was, so an Origin of another port (another site on the same
 * host) is still refused. Behind a proxy or a port forward, where the
 * browser's port is not the web server's, base_url says it. */
static int origin_is_ours(struct request *r)
{
	struct origin_parts o, site;
	const char *base = setting_get(r->st, r->a, SET_base_url);
	const char *name, *port;
	int have_host;
	long want;

	if (origin_split(r->origin, &o) != 0)
		return 0;
	if (*base != '\0') {
		if (origin_split(req_origin(r), &site) != 0)
			return 0;
		return strcmp(o.scheme, site.scheme) == 0 &&
		    strcmp(o.host, site.host) == 0 && o.port == site.port;
	}
	if (strcmp(o.scheme, r->https ? "https" : "http") != 0)
		return 0;
	memset(&site, 0, sizeof(site));
	have_host = *r->host != '\0' && authority_split(r->host, &site) == 0;
	if (!have_host || strcmp(o.host, site.host) != 0) {
		struct origin_parts named;

		/* Not the Host's name: the server's own, then. */
		name = req_env(r, "SERVER_NAME");
		if (*name == '\0' || strcmp(name, "_") == 0 ||
		    authority_split(name, &named) != 0 ||
		    strcmp(o.host, named.host) != 0)
			return 0;
	}
	if (have_host && site.port != 0)
		want = site.port;
	else if (*(port = req_env(r, "SERVER_PORT")) != '\0' &&
	    strlen(port) <= 5 && strspn(port, "0123456789") == strlen(port))
		want = strtol(port, NULL, 10);
	else
		want = default_port(o.scheme);
	return o.port == want;
}

int route_same_origin(struct request *r)
{
	if (*r->origin != '\0' && strcmp(r->origin, "null") != 0)
		return origin_is_ours(r);
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

/* The query of a public page that reads none but ?lang=. */
static const struct form no_query = { "query", NULL, 0 };

/* 1 for a page open to everyone that changes nothing: a GET (or HEAD)
 * route of ROLE_ANON. Its links are shared, so the parameters others add
 * to them are dropped; POST bodies and the moderators' and
 * administrators' pages stay strict (a field they do not know is a 400). */
static int route_public(const struct route *rt)
{
	return strcmp(rt->method, "GET") == 0 && rt->role == ROLE_ANON;
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
	if (rt->flags & ROUTE_SUBMITTER) {
		auth_submitter(r);
		if (r->submitter == NULL && post) {
			resp_error(r, 403, _("You are not signed in to “My "
			    "statements”, or your sign-in has ended. Ask for a "
			    "new sign-in link."));
			return;
		}
		if (r->submitter == NULL) {
			resp_redirect(r, 303, req_url(r, "/my"));
			return;
		}
	}
	if (post && !route_same_origin(r)) {
		resp_error(r, 403, _("This form was sent from another site. "
		    "Open the form on this site and send it from there."));
		return;
	}
	memset(&fd, 0, sizeof(fd));
	if (route_public(rt)) {
		/* A link shared by a newsletter, a social network or a
		 * search engine comes with parameters of theirs: a public
		 * page drops what it does not read (form.h). */
		if (form_read_public(r, rt->form ? rt->form : &no_query,
		    &fd) != 0)
			return;
		/* Its ?lang= again, from the query as kept: one piece that
		 * could not be read (50%off) had hidden it. */
		req_language(r, (rt->flags & ROUTE_HOST_LANG) != 0);
	} else if (rt->form != NULL && form_read(r, rt->form, &fd) != 0) {
		return;
	}
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
	/* An address with a slug an event, a session or an organisation
	 * had before a rename or a merge: to the same with the current one.
	 * Fragments and frames, read often and from the worker's cache, ask
	 * only when they have nothing to show (page_publish.c). */
	if (strncmp(r->path, "/fragment/", 10) != 0 &&
	    strncmp(r->path, "/frame/", 7) != 0 && structure_redirect(r))
		return;
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
