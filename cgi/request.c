/* request.c — reading a request, building and serialising its response. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "addr.h"
#include "i18n.h"
#include "request.h"
#include "settings.h"
#include "store.h"
#include "template.h"
#include "token.h"
#include "valid.h"

extern char **environ;

/* FastCGI parameters are looked up a dozen times per request: the first
 * character is compared before the name (FCGX_GetParam compares every
 * name in full). The first occurrence counts, as with FCGX_GetParam. */
const char *req_env(const struct request *r, const char *name)
{
	size_t n = strlen(name);
	char **e;
	const char *v;

	if (r->fcgi == NULL) {
		v = getenv(name);
		return v ? v : "";
	}
	for (e = r->envp; e != NULL && *e != NULL; e++)
		if ((*e)[0] == name[0] && strncmp(*e, name, n) == 0 &&
		    (*e)[n] == '=')
			return *e + n + 1;
	return "";
}

/* The path below the mount point. nginx gives PATH_INFO when
 * fastcgi_split_path_info is used; with a plain `fastcgi_param
 * SCRIPT_NAME` mount it may give only DOCUMENT_URI / REQUEST_URI, so fall
 * back to the decoded URI less SCRIPT_NAME. */
static const char *req_path(struct request *r)
{
	const char *p = req_env(r, "PATH_INFO");
	const char *uri;
	size_t n = strlen(r->script_name);

	if (*p != '\0')
		return p;
	uri = req_env(r, "DOCUMENT_URI");
	if (*uri != '\0' && strncmp(uri, r->script_name, n) == 0)
		return *(uri + n) ? uri + n : "/";
	return "/";
}

/* 1 when a variable of the web server that names the path holds a control
 * character (a byte below 0x20, tab included, or DEL), as %0a, %0d or %09
 * in the address decode to. No address of dais has one, and the mount
 * point is built into links, Location and the cookie's Path: nginx's
 * `fastcgi_split_path_info ^(/statements)(/.*)$` does not match across a
 * newline ('.' stops there) and then leaves the whole decoded path in
 * SCRIPT_NAME. */
static int path_vars_unsafe(const struct request *r)
{
	static const char *const vars[] = {
		"SCRIPT_NAME", "PATH_INFO", "DOCUMENT_URI", "REQUEST_URI",
	};
	const unsigned char *p;
	size_t i;

	for (i = 0; i < ARRAY_LEN(vars); i++)
		for (p = (const unsigned char *)req_env(r, vars[i]); *p != '\0';
		    p++)
			if (*p < 0x20 || *p == 0x7f)
				return 1;
	return 0;
}

/* A FastCGI parameter given twice (fastcgi_params included as well as
 * dais-fastcgi.conf, or a second fastcgi_param line) reaches dais twice and
 * only the first counts: say so once in the log, naming it. The web
 * server sends the same names for every request of a location, so a
 * cheap signature of the names (their count and hashes) is computed per
 * request, and the quadratic comparison runs only for a set of names not
 * seen before (the last few are remembered). */
static void params_check(char **envp)
{
	static unsigned long long seen[8];
	static unsigned next;
	static int warned;
	unsigned long long sig = 0;
	size_t i, j, n;

	if (envp == NULL || warned)
		return;
	for (i = 0; envp[i] != NULL; i++) {
		unsigned long long h = 1469598103934665603ULL;
		const char *c;

		if (strncmp(envp[i], "HTTP_", 5) == 0)
			continue;
		for (c = envp[i]; *c != '\0' && *c != '='; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211ULL;
		sig += h * 0x9E3779B97F4A7C15ULL;
	}
	for (j = 0; j < sizeof(seen) / sizeof(seen[0]); j++)
		if (seen[j] == sig)
			return;
	seen[next++ % (sizeof(seen) / sizeof(seen[0]))] = sig;
	for (i = 0; envp[i] != NULL; i++) {
		if (strncmp(envp[i], "HTTP_", 5) == 0)
			continue; /* headers a client repeated: not ours */
		n = strcspn(envp[i], "=");
		for (j = i + 1; envp[j] != NULL; j++) {
			if (strncmp(envp[i], envp[j], n + 1) != 0)
				continue;
			log_err("the web server sends the parameter %.*s twice "
			    "(\"%s\" and \"%s\"); dais uses the first. Include "
			    "either fastcgi_params or dais-fastcgi.conf, not "
			    "both", (int)n, envp[i], envp[i] + n + 1,
			    envp[j] + n + 1);
			warned = 1;
			return;
		}
	}
}

/* Seconds the hot path's settings are kept before they are read again. */
#define CFG_SECONDS 5

const struct app_cfg *req_cfg(struct request *r)
{
	struct app_cfg *c = &r->app->cfg;
	long long now = (long long)time(NULL);
	const char *l;

	if (now - c->loaded < CFG_SECONDS || r->st == NULL)
		return c;
	c->max_age = setting_int(r->st, SET_fragment_max_age);
	c->swr = setting_int(r->st, SET_fragment_stale_seconds);
	snprintf(c->cache_control, sizeof(c->cache_control), "public, "
	    "max-age=%lld, stale-while-revalidate=%lld", c->max_age, c->swr);
	snprintf(c->cors, sizeof(c->cors), "%s", setting_get(r->st, r->a,
	    SET_cors_origins));
	snprintf(c->frame_ancestors, sizeof(c->frame_ancestors), "%s",
	    setting_get(r->st, r->a, SET_frame_ancestors));
	l = i18n_supported(setting_get(r->st, r->a, SET_default_language));
	c->default_language = l ? l : i18n_languages[0];
	c->loaded = now;
	return c;
}

const char *req_cookie_secure(struct request *r)
{
	return r->https || (r->st != NULL && strncmp(setting_get(r->st, r->a,
	    SET_base_url), "https://", 8) == 0) ? "; Secure" : "";
}

/* The first ?lang= of the query, or NULL. */
static const char *query_lang(struct request *r)
{
	static const struct parse_limits lim = { REQ_MAX_FIELDS, REQ_MAX_NAME,
	    4096, 0 };
	struct param *q = NULL;
	const struct param *p;
	const char *msg;

	if (strstr(r->query_string, "lang=") == NULL ||
	    parse_urlencoded(r->a, r->query_string, strlen(r->query_string),
	    &lim, &q, &msg) != PARSE_OK)
		return NULL;
	p = param_find(q, "lang");
	return p ? p->value : NULL;
}

void req_language(struct request *r, int host_chooses)
{
	const char *l = i18n_supported(query_lang(r)), *saved = NULL;
	const struct param *c = param_find(r->cookies, LANG_COOKIE);

	r->lang_explicit = l != NULL;
	r->lang_vary = 0;
	if (c != NULL)
		saved = i18n_supported(c->value);
	if (l == NULL && !host_chooses) {
		r->lang_vary = 1;
		l = saved ? saved : i18n_negotiate(req_env(r,
		    "HTTP_ACCEPT_LANGUAGE"));
	}
	if (l == NULL)
		l = r->st != NULL ? req_cfg(r)->default_language :
		    i18n_languages[0];
	r->lang_remember = r->lang_explicit && !host_chooses &&
	    (saved == NULL || strcmp(saved, l) != 0);
	r->lang = l;
	i18n_use(l);
}

/* The client's address: REMOTE_ADDR, unless that is one of the
 * trusted_proxies and the request has an X-Forwarded-For header, which
 * is then walked as addr_forwarded_client says. The one place dais
 * decides who the client is; the setting is read only for a request
 * that carries the header (none does without a proxy). */
static const char *req_client(struct request *r)
{
	struct addr_range l[ADDR_LIST_MAX];
	const char *xff = req_env(r, "HTTP_X_FORWARDED_FOR"), *bad;
	char out[ADDR_TEXT_MAX];
	size_t n, len;

	if (*xff == '\0' || r->st == NULL)
		return r->peer_addr;
	if (addr_list_parse(setting_get(r->st, r->a, SET_trusted_proxies), l,
	    ADDR_LIST_MAX, &n, &bad, &len) != ADDR_OK)
		n = 0; /* refused when set; an older value trusts nothing */
	return arena_strdup(r->a, addr_forwarded_client(r->peer_addr, xff, l,
	    n, out));
}

void req_init(struct request *r, struct app *app, void *fcgi, char **envp)
{
	const char *cl;
	long long v;

	memset(r, 0, sizeof(*r));
	params_check(envp);
	r->a = app->arena;
	r->app = app;
	r->st = app->st;
	r->fcgi = fcgi;
	r->envp = envp;
	r->method = req_env(r, "REQUEST_METHOD");
	r->script_name = req_env(r, "SCRIPT_NAME");
	r->query_string = req_env(r, "QUERY_STRING");
	r->content_type = req_env(r, "CONTENT_TYPE");
	r->peer_addr = req_env(r, "REMOTE_ADDR");
	r->remote_addr = req_client(r);
	r->host = req_env(r, "HTTP_HOST");
	r->origin = req_env(r, "HTTP_ORIGIN");
	r->sec_fetch_site = req_env(r, "HTTP_SEC_FETCH_SITE");
	r->request_uri = req_env(r, "REQUEST_URI");
	r->https = strcmp(req_env(r, "HTTPS"), "on") == 0 ||
	    strcmp(req_env(r, "REQUEST_SCHEME"), "https") == 0;
	r->head = strcmp(r->method, "HEAD") == 0;
	r->path_unsafe = path_vars_unsafe(r);
	if (r->path_unsafe)
		r->script_name = ""; /* nothing is built from it */
	r->path = req_path(r);
	{
		static const struct parse_limits cookie_lim = { 32, 64, 4096,
		    0 };

		parse_cookies(r->a, req_env(r, "HTTP_COOKIE"), &cookie_lim,
		    &r->cookies);
	}
	cl = req_env(r, "CONTENT_LENGTH");
	r->content_length = -1;
	if (*cl != '\0' && parse_ll(cl, 0, 1LL << 50, &v) == 0)
		r->content_length = v;
	else if (*cl != '\0')
		r->content_length = -2; /* present but not a number */
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	app->body.len = 0;
	app->head.len = 0;
	r->body = &app->body;
	r->head_extra = &app->head;
	buf_reset(r->body);
	buf_reset(r->head_extra);
}

static size_t req_read(struct request *r, char *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		int k;

		if (r->fcgi != NULL) {
			k = FCGX_GetStr(p + got, (int)(n - got),
			    ((FCGX_Request *)r->fcgi)->in);
		} else {
			ssize_t s = read(0, p + got, n - got);

			if (s < 0 && errno == EINTR)
				continue;
			k = s < 0 ? 0 : (int)s;
		}
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	return got;
}

/* 1 when the input stream holds nothing more (FastCGI: the empty stdin
 * record has been seen). */
static int req_at_eof(struct request *r)
{
	if (r->fcgi != NULL)
		return FCGX_GetChar(((FCGX_Request *)r->fcgi)->in) == EOF;
	return 1;
}

int req_body(struct request *r, size_t max, const char **data, size_t *len)
{
	char *p;
	size_t got;

	*data = "";
	*len = 0;
	if (r->content_length == -2) {
		resp_error(r, 400, _("The request's Content-Length is not a "
		    "number."));
		return -1;
	}
	if (r->content_length < 0) {
		r->body_read = req_at_eof(r);
		if (!r->body_read) {
			resp_error(r, 411, _("A request with a body must say "
			    "how long it is (Content-Length)."));
			return -1;
		}
		return 0;
	}
	if ((unsigned long long)r->content_length > max) {
		resp_error(r, 413, _("What you sent is too large. Attachments "
		    "can be at most 10 MB; try a smaller file."));
		return -1;
	}
	p = arena_alloc(r->a, (size_t)r->content_length + 1);
	got = req_read(r, p, (size_t)r->content_length);
	p[got] = '\0';
	if (got != (size_t)r->content_length) {
		resp_error(r, 400, _("The request ended before the length it "
		    "announced: the body is incomplete. Please send it "
		    "again."));
		return -1;
	}
	r->body_read = req_at_eof(r);
	*data = p;
	*len = got;
	return 0;
}

void resp_header(struct request *r, const char *name, const char *value)
{
	if (!header_safe(value) || !header_safe(name)) {
		log_err("refused an unsafe value for header %s", name);
		return;
	}
	buf_puts(r->head_extra, name);
	buf_puts(r->head_extra, ": ");
	buf_puts(r->head_extra, value);
	buf_puts(r->head_extra, "\r\n");
}

void resp_release(struct request *r)
{
	if (r->held_by != NULL)
		sqlite3_reset(r->held_by);
	r->held_by = NULL;
	r->held = NULL;
	r->held_len = 0;
}

/* Every response body starts here: a held one is let go. */
static void body_reset(struct request *r)
{
	resp_release(r);
	buf_reset(r->body);
}

/* The query of this page without its lang= ("" or "?a=1&b=2"): what every
 * link of the switcher keeps. */
static const char *query_sans_lang(struct request *r)
{
	static const struct parse_limits lim = { REQ_MAX_FIELDS, REQ_MAX_NAME,
	    4096, 0 };
	struct param *q = NULL, *p;
	const char *msg, *out;
	struct buf b;

	buf_init(&b);
	if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)
		(void)parse_urlencoded(r->a, r->query_string,
		    strlen(r->query_string), &lim, &q, &msg);
	for (p = q; p != NULL; p = p->next) {
		if (strcmp(p->name, "lang") == 0)
			continue;
		buf_putc(&b, b.len ? '&' : '?');
		url_arg(&b, p->name, strlen(p->name));
		buf_putc(&b, '=');
		url_arg(&b, p->value, p->len);
	}
	out = b.len ? buf_arena(&b, r->a) : "";
	buf_free(&b);
	return out;
}

/* The address of this page in lang (NULL: without lang=), its query
 * kept: relative, or absolute from base_url (NULL without it). A path
 * this request refuses (route.c's path_problem: "//", backslashes, dot
 * segments…) is never put in a link: the site's start instead. */
static const char *lang_url(struct request *r, const char *query,
    const char *lang, int absolute)
{
	const char *path = arena_printf(r->a, "%s%s%s%s",
	    r->path_refused ? "/" : r->path, query,
	    lang ? (*query ? "&lang=" : "?lang=") : "", lang ? lang : "");

	return absolute ? req_public_url(r, path) : req_url(r, path);
}

/* <html lang dir>, the language switcher, and hreflang alternates. */
static void page_languages(struct request *r, struct tv *data)
{
	const char *cur = r->lang ? r->lang : i18n_current();
	const char *query = query_sans_lang(r);
	struct tv *item;
	size_t i;

	tv_str(data, TF_ui_lang, cur);
	tv_str(data, TF_ui_dir, lang_rtl(cur) ? "rtl" : "ltr");
	for (i = 0; i18n_languages[i] != NULL; i++) {
		const char *l = i18n_languages[i];

		item = tv_add(data, TF_ui_switch);
		tv_str(item, TF_value, l);
		tv_str(item, TF_label, i18n_autonym(l));
		tv_str(item, TF_url, lang_url(r, query, l, 0));
		tv_str(item, TF_alt_url, lang_url(r, query, l, 1));
		tv_bool(item, TF_selected, strcmp(l, cur) == 0);
	}
	tv_str(data, TF_alt_default, lang_url(r, query, NULL, 1));
}

/* The layout's data: every page gets these. */
static void page_common(struct request *r, struct tv *data)
{
	page_languages(r, data);
	tv_str(data, TF_base, r->script_name);
	if (tv_get(data, TF_site_name) == NULL)
		tv_str(data, TF_site_name, setting_get(r->st, r->a,
		    SET_site_name));
	tv_str(data, TF_version, PACKAGE_VERSION);
	if (r->user != NULL) {
		tv_str(data, TF_user, r->user);
		tv_bool(data, TF_is_admin, r->role == ROLE_ADMIN);
		tv_str(data, TF_logout_csrf, token_make(r, "logout"));
	}
}

void resp_page(struct request *r, int status, const char *name,
    struct tv *data)
{
	const struct tmpl *t = tmpl_get(r->app->tmpl, name);

	if (t == NULL) {
		log_err("no template %s", name);
		resp_error(r, 500, _("This page cannot be shown right now."));
		return;
	}
	page_common(r, data);
	body_reset(r);
	r->status = status;
	r->ctype = "text/html; charset=utf-8";
	tmpl_render(t, data, r->body);
}

void resp_body_held(struct request *r, int status, const char *ctype,
    const char *data, size_t len, sqlite3_stmt *s)
{
	body_reset(r);
	r->status = status;
	r->ctype = ctype;
	r->held = data;
	r->held_len = len;
	r->held_by = s;
}

void resp_error(struct request *r, int status, const char *message)
{
	const struct tmpl *t = r->app->tmpl ? tmpl_get(r->app->tmpl, "error")
	    : NULL;
	struct tv *data;

	body_reset(r);
	buf_reset(r->head_extra);
	r->status = status;
	r->ctype = "text/html; charset=utf-8";
	if (t == NULL || r->st == NULL) {
		/* No templates or no database: a minimal page of literals
		 * and the escaped message. */
		html_lit(r->body, "<!doctype html><html lang=\"en\"><meta "
		    "charset=\"utf-8\"><title>Error</title><p>");
		html_text(r->body, message, strlen(message));
		html_lit(r->body, "</p></html>\n");
		return;
	}
	data = tv_new(r->a);
	tv_int(data, TF_status, status);
	/* The reason phrase is the page's heading: translated here, sent
	 * as it is in the Status header. */
	tv_str(data, TF_title, _(http_reason(status)));
	tv_str(data, TF_page_title, _(http_reason(status)));
	tv_str(data, TF_message, message);
	page_common(r, data);
	tmpl_render(t, data, r->body);
}

void resp_redirect(struct request *r, int status, const char *location)
{
	body_reset(r);
	r->status = status;
	r->ctype = "text/plain; charset=utf-8";
	resp_header(r, "Location", location);
	buf_puts(r->body, "See ");
	buf_puts(r->body, location);
	buf_putc(r->body, '\n');
}

void resp_body(struct request *r, int status, const char *ctype,
    const char *data, size_t len)
{
	r->status = status;
	r->ctype = ctype;
	if (data == r->body->s && len <= r->body->len) {
		resp_release(r);
		r->body->len = len; /* already in place */
		r->body->s[len] = '\0';
		return;
	}
	body_reset(r);
	buf_put(r->body, data, len);
}

void resp_download(struct request *r, const char *ctype, const void *data,
    size_t len, const char *ascii_name, const char *utf8_base,
    const char *ext)
{
	resp_body(r, 200, ctype, data, len);
	/* url_escape leaves only A-Z a-z 0-9 - . _ ~, all RFC 5987
	 * attr-chars; ascii_name is the caller's, of the same safe set. */
	resp_header(r, "Content-Disposition", arena_printf(r->a,
	    "attachment; filename=\"%s\"; filename*=UTF-8''%s.%s",
	    ascii_name, url_escape(r, utf8_base), ext));
	resp_header(r, "Content-Security-Policy", "sandbox; default-src "
	    "'none'");
}

const char *url_escape(struct request *r, const char *s)
{
	struct buf b;
	const char *out;

	buf_init(&b);
	url_arg(&b, s, strlen(s));
	out = arena_strdup(r->a, b.s);
	buf_free(&b);
	return out;
}

const char *req_url(struct request *r, const char *path)
{
	return arena_printf(r->a, "%s%s", r->script_name, path);
}

const char *req_origin(struct request *r)
{
	const char *base = setting_get(r->st, r->a, SET_base_url);
	const char *p;

	if (*base != '\0') {
		/* The origin is the scheme and authority of base_url. */
		p = strstr(base, "://");
		if (p != NULL) {
			p = strchr(p + 3, '/');
			return p ? arena_strndup(r->a, base,
			    (size_t)(p - base)) : base;
		}
	}
	return arena_printf(r->a, "%s://%s", r->https ? "https" : "http",
	    r->host);
}

const char *req_public_url(struct request *r, const char *path)
{
	const char *base = setting_get(r->st, r->a, SET_base_url);

	return *base != '\0' ? arena_printf(r->a, "%s%s", base, path) : NULL;
}

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 303: return "See Other";
	case 304: return "Not Modified";
	/* TRANSLATORS: the reasons of HTTP errors, each the heading of an
	 * error page. */
	case 400: return N_("Bad Request");
	case 403: return N_("Forbidden");
	case 404: return N_("Not Found");
	case 405: return N_("Method Not Allowed");
	case 409: return N_("Conflict");
	case 411: return N_("Length Required");
	case 413: return N_("Content Too Large");
	case 415: return N_("Unsupported Media Type");
	case 422: return N_("Unprocessable Content");
	case 429: return N_("Too Many Requests");
	case 500: return N_("Internal Server Error");
	case 503: return N_("Service Unavailable");
	default: return status < 400 ? "OK" : N_("Error");
	}
}

/* The headers every HTML page carries. Scripts only from our own origin,
 * no plugins, no framing unless a frame handler says otherwise. */
static const char default_csp[] =
    "default-src 'none'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

static void put_num(struct buf *out, unsigned long long v)
{
	char d[24], *p = d + sizeof(d);

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	buf_put(out, p, (size_t)(d + sizeof(d) - p));
}

void resp_serialize(struct request *r, struct buf *out)
{
	const char *h = r->head_extra->s;

	buf_puts(out, "Status: ");
	put_num(out, (unsigned)r->status);
	buf_putc(out, ' ');
	buf_puts(out, http_reason(r->status));
	buf_puts(out, "\r\n");
	if (r->status != 304) {
		buf_puts(out, "Content-Type: ");
		buf_puts(out, r->ctype);
		buf_puts(out, "\r\nContent-Length: ");
		put_num(out, r->held ? r->held_len : r->body->len);
		buf_puts(out, "\r\n");
	}
	buf_puts(out, "X-Content-Type-Options: nosniff\r\n");
	if (strncmp(r->ctype, "text/html", 9) == 0 && r->lang != NULL) {
		buf_puts(out, "Content-Language: ");
		buf_puts(out, r->lang);
		buf_puts(out, "\r\n");
		if (r->lang_vary)
			buf_puts(out, "Vary: Accept-Language, Cookie\r\n");
		else if (r->lang_remember)
			/* Its Set-Cookie depends on the request's cookie. */
			buf_puts(out, "Vary: Cookie\r\n");
	}
	if (r->lang_remember)
		buf_printf(out, "Set-Cookie: " LANG_COOKIE "=%s; Path=%s/; "
		    "Max-Age=31536000; SameSite=Lax%s\r\n", r->lang,
		    r->script_name, req_cookie_secure(r));
	if (!r->no_security_headers) {
		if (strstr(h, "Content-Security-Policy:") == NULL)
			buf_printf(out, "Content-Security-Policy: %s\r\n",
			    default_csp);
		if (strstr(h, "Referrer-Policy:") == NULL)
			buf_puts(out, "Referrer-Policy: same-origin\r\n");
		if (strstr(h, "Cache-Control:") == NULL)
			buf_puts(out, "Cache-Control: no-store\r\n");
	}
	buf_put(out, r->head_extra->s, r->head_extra->len);
	buf_puts(out, "\r\n");
}

size_t resp_payload(const struct request *r, const char **p)
{
	*p = r->held ? r->held : r->body->s;
	if (r->head || r->status == 304)
		return 0;
	return r->held ? r->held_len : r->body->len;
}
