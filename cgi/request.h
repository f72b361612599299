/* request.h — one request and its buffered response.
 *
 * A request is read from FastCGI (libfcgi) or plain CGI (environment and
 * stdin) into a struct request whose every allocation is in its arena. The
 * response is built in memory and sent once, at the end, with a correct
 * Content-Length: an error anywhere replaces whatever was half written.
 */
#ifndef DAIS_REQUEST_H
#define DAIS_REQUEST_H

#include <stddef.h>

#include "app.h"
#include "parse.h"
#include "util.h"

struct store;
struct tv;

enum role {
	ROLE_ANON = 0,
	ROLE_MODERATOR,
	ROLE_ADMIN,
};

/* Limits of the request core (form tables may set lower ones). */
#define REQ_MAX_BODY (12 * 1024 * 1024) /* a 10 MB attachment and the rest */
#define REQ_MAX_FIELDS 64
#define REQ_MAX_NAME 64
#define REQ_MAX_ARGS 4

struct request {
	struct arena *a;
	struct app *app;
	struct store *st;
	void *fcgi;  /* FCGX_Request *, or NULL for plain CGI */
	char **envp; /* FastCGI parameters; NULL for CGI (environ) */

	/* CGI meta-variables; never NULL ("" when absent). */
	const char *method;
	const char *script_name; /* the mount point, e.g. "/statements" */
	const char *path;        /* below the mount point, "/" at least */
	const char *query_string;
	const char *content_type;
	const char *remote_addr; /* the client: REMOTE_ADDR, or the address
				  * X-Forwarded-For gives when REMOTE_ADDR
				  * is a trusted proxy (req_init) */
	const char *peer_addr;   /* REMOTE_ADDR as the web server gave it */
	const char *host;
	const char *origin;
	const char *sec_fetch_site;
	const char *request_uri;
	long long content_length; /* -1 when absent */
	int https;
	int head;                 /* HEAD: send headers only */
	int path_refused;         /* path_problem() refused the path */
	int path_unsafe;          /* a control character in SCRIPT_NAME, the
				   * path or the URI: refused (route.c), and
				   * script_name is then "" */

	struct param *query;
	struct param *cookies;
	const char *args[REQ_MAX_ARGS]; /* the route's "*" segments */
	size_t nargs;
	enum role role;
	const char *user;       /* the signed-in moderator, or NULL */
	const char *session;    /* what form tokens are bound to, or NULL */
	const char *submitter;  /* "My statements": the address a submitter
	                         * is signed in as (auth_submitter), or NULL */

	/* What the request has consumed: the whole body was read (so the
	 * connection may close without lingering). */
	int body_read;

	/* The interface language (req_language): one of i18n_languages. */
	const char *lang;
	int lang_explicit; /* chosen by ?lang= on this request */
	int lang_vary;     /* chosen from the cookie or Accept-Language */
	int lang_remember; /* ?lang= differs from the cookie: set it */
	/* The response. */
	int status;
	const char *ctype;
	struct buf *head_extra;
	struct buf *body;
	int no_security_headers;  /* fragments: set by their handlers */
	/* A body sent from where SQLite holds it (resp_body_held). */
	const char *held;
	size_t held_len;
	struct sqlite3_stmt *held_by;
};

/* Reads the CGI variables of the current request into r. envp is the
 * FastCGI parameter array or NULL for the process environment. */
void req_init(struct request *r, struct app *app, void *fcgi, char **envp);
const char *req_env(const struct request *r, const char *name);

/* Chooses the interface language of the response and makes it current
 * (i18n_use): ?lang= on the request (an explicit choice, then remembered
 * in a cookie), else the cookie, else Accept-Language, else the
 * default_language setting. host_chooses: only ?lang=, else the setting
 * (a fragment, frame or feed is in the language of the page that embeds
 * it, and caches need no Vary). */
void req_language(struct request *r, int host_chooses);
/* The settings of the hot path (fragments' caching and CORS, the default
 * language), read again every few seconds rather than per request. */
const struct app_cfg *req_cfg(struct request *r);
/* "; Secure" when the browser reached us over HTTPS: the web server said
 * so, or base_url is https:// (TLS ended before the web server that talks
 * to dais, which then sees plain HTTP); else "". For Set-Cookie. */
const char *req_cookie_secure(struct request *r);
/* The name of the cookie that remembers the reader's choice. */
#define LANG_COOKIE "dais_lang"

/* Reads the whole body, at most max bytes. A Content-Length over max is
 * answered 413 before anything is read; a body shorter than its
 * Content-Length is a 400. Returns 0, or -1 with the error response set. */
int req_body(struct request *r, size_t max, const char **data, size_t *len);

/* Adds a response header. A value with CR, LF or another control character
 * is refused (and logged): nothing from a request can split a header. */
void resp_header(struct request *r, const char *name, const char *value);

/* Renders template name with data as an HTML page. */
void resp_page(struct request *r, int status, const char *name,
    struct tv *data);
/* Replaces whatever was written with an error page for status, with a
 * message for a person. */
void resp_error(struct request *r, int status, const char *message);
void resp_redirect(struct request *r, int status, const char *location);
/* A plain-text or other non-HTML body. */
void resp_body(struct request *r, int status, const char *ctype,
    const char *data, size_t len);

/* A document sent to be saved, never shown: its bytes with the type
 * ctype (found in the bytes, never the one a submitter sent),
 * Content-Disposition: attachment with the ASCII name ascii_name and the
 * UTF-8 name utf8_base + "." + ext (RFC 5987 filename*), and a sandbox
 * policy, so that nothing in it runs in our origin even if opened here.
 * (X-Content-Type-Options: nosniff goes with every response.) */
void resp_download(struct request *r, const char *ctype, const void *data,
    size_t len, const char *ascii_name, const char *utf8_base,
    const char *ext);

/* The URL of a path below the mount point ("/submit" ->
 * "/statements/submit"), for links and redirects. */
const char *req_url(struct request *r, const char *path);
/* s percent-encoded for a URL's query or path segment, in the arena. */
const char *url_escape(struct request *r, const char *s);
/* The site's own origin ("https://example.org"), from the base_url setting
 * or else the request's scheme and Host: only for comparing with the
 * browser's Origin header, never for a link (a Host header is whatever
 * the client sends). */
const char *req_origin(struct request *r);
/* The absolute public URL of a path below the mount point, from the
 * base_url setting; NULL while base_url is unset. Every absolute URL
 * (e-mails, Open Graph, oEmbed, the private link shown) comes from here. */
const char *req_public_url(struct request *r, const char *path);

/* The body is len bytes at data, which the running statement s owns: it
 * is written from there (no copy) and s is reset by resp_release() after
 * the response is out. Any other resp_ call releases it first. */
void resp_body_held(struct request *r, int status, const char *ctype,
    const char *data, size_t len, struct sqlite3_stmt *s);
/* Resets the statement of a held body. */
void resp_release(struct request *r);

/* Serialises the status and headers into out; the body follows them as
 * resp_payload() gives it, written from where it is (a fragment is not
 * copied once more). */
void resp_serialize(struct request *r, struct buf *out);
/* The body to send after the headers, and its length (0 for HEAD, 304). */
size_t resp_payload(const struct request *r, const char **p);

/* Status line text for a code. */
const char *http_reason(int status);

#endif
