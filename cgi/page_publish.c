/* page_publish.c — what readers and host pages get: stored fragments
 * (for SSI, the script loader and static sites), iframe pages, the public
 * page of a statement, oEmbed, and the Atom feeds (the archive's pages
 * are in page_archive.c).
 *
 * A fragment GET is one indexed SELECT and one write: no rendering, no
 * settings read (they are cached per worker for a few seconds); while no
 * process has committed a change since the worker last read it, not even
 * the SELECT (fragcache.h: no read transaction, no lock). It never
 * answers with an error page: SSI pastes whatever comes back into the host
 * page, so a missing key is an empty 200.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "catalog.h"
#include "date.h"
#include "form.h"
#include "fragcache.h"
#include "i18n.h"
#include "pages.h"
#include "parse.h"
#include "publish.h"
#include "settings.h"
#include "statement.h"
#include "store.h"
#include "structure.h"
#include "template.h"
#include "valid.h"


static const struct field lang_fields[] = {
	{ "lang", 0, 35, N_("Language") },
	{ "v", 0, 64, N_("Version") },
};
const struct form fragment_query = FORM_DEF("fragment", lang_fields);

static const struct field oembed_fields[] = {
	{ "url", 0, 2000, N_("URL") },
	{ "format", 0, 8, N_("Format") },
	{ "maxwidth", 0, 6, N_("Maximum width") },
	{ "maxheight", 0, 6, N_("Maximum height") },
	{ "lang", 0, 35, N_("Language") },
	/* WordPress (4.9 and later) adds dnt=1 to every oEmbed request. */
	{ "dnt", 0, 4, N_("Do not track") },
};
const struct form oembed_query = FORM_DEF("oembed", oembed_fields);

struct fragment {
	const char *body;
	size_t len;
	const char *etag;
	long long updated;
	sqlite3_stmt *held_by; /* set when body is SQLite's (fragment_get) */
};

/* Reads the row of FRAG_GET. With hold, the body stays where SQLite has
 * it and the statement is left running, for resp_body_held(): the bytes go
 * from SQLite to the socket's buffer without another copy. Else the body
 * is copied into the arena, and so is a fragment stored in parts (schema
 * 009), read while s still runs (one snapshot). 1 when s was left
 * running. */
static int fragment_read(struct request *r, sqlite3_stmt *s,
    struct fragment *f, int hold)
{
	const char *parts = sql_col(s, 4);

	f->etag = arena_strdup(r->a, sql_col(s, 0));
	f->updated = sqlite3_column_int64(s, 1);
	f->held_by = NULL;
	if (*parts != '\0') {
		struct buf whole;

		buf_init(&whole);
		if (publish_parts_read(r->st, arena_strdup(r->a, parts),
		    &whole) != 0)
			log_err("a fragment part is missing (ETag %s)",
			    f->etag);
		f->len = whole.len;
		f->body = arena_strndup(r->a, whole.s ? whole.s : "", whole.len);
		buf_free(&whole);
		return 0;
	}
	f->len = (size_t)sqlite3_column_bytes(s, 3);
	f->body = sql_col(s, 3);
	f->held_by = hold ? s : NULL;
	if (!hold)
		f->body = arena_strndup(r->a, f->body, f->len);
	return hold;
}

/* Keeps a copy of f (its row's due time: due) in the worker's cache. */
static void fragment_keep(struct request *r, const char *key,
    const struct fragment *f, long long due)
{
	struct fragcache_entry e;

	e.found = 1;
	e.etag = f->etag;
	e.updated = f->updated;
	e.due = due;
	e.body = f->body;
	e.len = f->len;
	fragcache_put(r->app->fcache, key, &e);
}

/* Keeps in the worker's cache that no fragment has key. */
static void fragment_keep_missing(struct request *r, const char *key)
{
	struct fragcache_entry e;

	memset(&e, 0, sizeof(e));
	e.etag = "";
	e.body = "";
	fragcache_put(r->app->fcache, key, &e);
}

/* The fragment of key from the worker's cache, if the database has not
 * changed since it was kept there and its embargo (if any) has not ended.
 * Without hold it is copied into the arena (the caller may look up
 * another fragment meanwhile). 0 if found, 1 if the cache knows that key
 * has no fragment, -1 if SQLite must tell. */
static int fragment_cached(struct request *r, const char *key,
    struct fragment *f, int hold)
{
	const struct fragcache_entry *e = fragcache_lookup(r->app->fcache,
	    r->st, key);

	if (e != NULL && !e->found)
		return 1;
	if (e == NULL || (e->due != 0 && e->due <= (long long)time(NULL)))
		return -1;
	f->updated = e->updated;
	f->len = e->len;
	f->held_by = NULL;
	f->etag = hold ? e->etag : arena_strdup(r->a, e->etag);
	f->body = hold ? e->body : arena_strndup(r->a, e->body, e->len);
	return 0;
}

/* The stored fragment of key, rendering due embargoes first. 0 if found.
 * hold: see fragment_read(); the caller passes f to fragment_send(). A
 * fragment read from SQLite is kept in the worker's cache, which answers
 * the next requests for it until any process commits a change to the
 * database (fragcache.h). */
static int fragment_get(struct request *r, const char *key,
    struct fragment *f, int hold)
{
	sqlite3_stmt *s;
	long long due;
	int found = fragment_cached(r, key, f, hold);

	if (found >= 0)
		return found == 0 ? 0 : -1;
	s = store_stmt(r->st, SQL_FRAG_GET);
	sql_text(s, 1, key);
	found = sqlite3_step(s) == SQLITE_ROW;
	due = found ? sqlite3_column_int64(s, 2) : 0;
	if (found && (due == 0 || due > (long long)time(NULL))) {
		if (!fragment_read(r, s, f, hold))
			sqlite3_reset(s);
		fragment_keep(r, key, f, due);
		return 0;
	}
	sqlite3_reset(s);
	if (!found) {
		fragment_keep_missing(r, key);
		return -1;
	}
	{
		struct publisher p;
		int rc;

		/* Rendered now unless another process is writing: then the
		 * stored bytes go out at once (the reader does not wait for
		 * the lock), and the next request or writer renders them
		 * (publish_keys does too). */
		publisher_init(&p, r->st, r->a, r->app->tmpl, r->script_name);
		rc = publish_due(&p, 0);
		if (rc < 0)
			log_err("rendering fragments at the end of an embargo "
			    "failed");
	}
	s = store_stmt(r->st, SQL_FRAG_GET);
	sql_text(s, 1, key);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (!found)
		sqlite3_reset(s);
	else {
		due = sqlite3_column_int64(s, 2);
		if (!fragment_read(r, s, f, hold))
			sqlite3_reset(s);
		fragment_keep(r, key, f, due);
	}
	return found ? 0 : -1;
}

/* Last-Modified, on the fragment GET path: date_http() allocates nothing
 * and calls no strftime. */
static const char *http_date(struct request *r, long long t)
{
	char *d = arena_alloc(r->a, DATE_HTTP_SIZE);

	date_http(d, t);
	return d;
}

static long long http_date_parse(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	return end != NULL && *end == '\0' ? (long long)timegm(&tm) : -1;
}

/* A direct request, not an SSI subrequest: inside an include, nginx and
 * Apache pass the host page's REQUEST_URI, and the host page's
 * If-None-Match would make a 304 that blanks the statements. */
static int request_is_direct(struct request *r)
{
	const char *uri = r->request_uri;
	size_t n = strcspn(uri, "?"), m = strlen(r->script_name);

	return n == m + strlen(r->path) && strncmp(uri, r->script_name, m) ==
	    0 && strncmp(uri + m, r->path, n - m) == 0;
}

static int not_modified(struct request *r, const struct fragment *f)
{
	const char *inm = req_env(r, "HTTP_IF_NONE_MATCH");
	const char *ims = req_env(r, "HTTP_IF_MODIFIED_SINCE");
	long long t;

	if (!request_is_direct(r))
		return 0;
	if (*inm != '\0')
		return strstr(inm, f->etag) != NULL || strcmp(inm, "*") == 0;
	t = *ims ? http_date_parse(ims) : -1;
	return t >= 0 && f->updated <= t;
}

/* 1 when o is one of the space-separated origins of list. */
static int origin_listed(const char *list, const char *o)
{
	size_t n = strlen(o);
	const char *p;

	for (p = strstr(list, o); p != NULL; p = strstr(p + 1, o))
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' ||
		    p[n] == ' '))
			return 1;
	return 0;
}

/* CORS for the script loader: the request's Origin when cors_origins is
 * "*" or lists it. expose: a response header the script must be able to
 * read (a cross-origin fetch sees only a few unless they are listed), or
 * NULL. */
static void cors(struct request *r, const char *expose)
{
	const struct app_cfg *c = req_cfg(r);
	const char *o = r->origin;

	if (*c->cors == '\0')
		return;
	resp_header(r, "Vary", "Origin");
	if (*o == '\0')
		return;
	if (strcmp(c->cors, "*") == 0)
		o = "*";
	else if (!origin_listed(c->cors, o))
		return;
	resp_header(r, "Access-Control-Allow-Origin", o);
	if (expose != NULL)
		resp_header(r, "Access-Control-Expose-Headers", expose);
}

/* The key of collection base in the display ?lang= chooses (see
 * publish_display: "fr-CA" is "fr"; a language without an interface, such
 * as "pt", is the default display). */
static const char *display_key(struct request *r, const char *base,
    const char *display)
{
	return *display ? arena_printf(r->a, "%s@%s", base, display) : base;
}

/* The key of a /fragment/ or /frame/ path, with ?lang=. */
static const char *fragment_key(struct request *r, const struct form_data *fd,
    size_t prefix)
{
	return display_key(r, r->path + prefix,
	    publish_display(form_str(fd, "lang")));
}

/* ?lang= of a page that takes no form (and ignores the parameters it does
 * not use, as utm_* on a shared link): "" when absent or malformed. */
static const char *query_lang(struct request *r)
{
	struct parse_limits lim = { 64, 64, 256, 0 };
	struct param *ps = NULL, *q;
	const char *msg;

	if (parse_urlencoded(r->a, r->query_string, strlen(r->query_string),
	    &lim, &ps, &msg) != PARSE_OK)
		return "";
	for (q = ps; q != NULL; q = q->next)
		if (strcmp(q->name, "lang") == 0)
			return q->value;
	return "";
}

/* The language of the labels of display d. */
static const char *display_ui(struct request *r, const char *display)
{
	return *display ? display : setting_get(r->st, r->a,
	    SET_default_language);
}

/* Sends f (NULL: an empty body), held from fragment_get(). marked: a
 * /fragment/ answer, which says so in X-Dais-Fragment (embed.js inserts
 * nothing without it, so no other server's HTML) and is sandboxed, so
 * that opened as a page of its own it runs nothing. The response headers
 * of an SSI include stay with nginx or Apache: the host page gets
 * neither. */
static void fragment_send(struct request *r, const char *ctype,
    const struct fragment *f, int marked)
{
	const struct app_cfg *c = req_cfg(r);

	r->no_security_headers = 1;
	resp_header(r, "Cache-Control", c->cache_control);
	cors(r, marked ? "X-Dais-Fragment" : NULL);
	if (marked) {
		resp_header(r, "X-Dais-Fragment", "1");
		resp_header(r, "Content-Security-Policy",
		    "sandbox; default-src 'none'");
	}
	if (f == NULL) {
		resp_body(r, 200, ctype, "", 0);
		return;
	}
	resp_header(r, "ETag", f->etag);
	resp_header(r, "Last-Modified", http_date(r, f->updated));
	resp_body_held(r, 200, ctype, f->body, f->len, f->held_by);
	if (not_modified(r, f))
		resp_body(r, 304, ctype, "", 0); /* lets it go */
}

/* GET /fragment/statement/ID, /fragment/event/SLUG[/SESSION],
 * /fragment/org/SLUG. */
void page_fragment(struct request *r, struct form_data *fd)
{
	struct fragment f;
	const char *key = fragment_key(r, fd, strlen("/fragment/"));
	const char *now;
	int found = fragment_get(r, key, &f, 1) == 0;

	/* Only a key that shows nothing may carry a slug renamed since
	 * (structure.c renders the old keys empty): a fragment with
	 * statements goes out without another read. An old slug's fragment
	 * is the current one's, under the old address and not a redirect:
	 * an SSI include or a plugin pastes what it gets, and a fragment is
	 * always HTML to insert as it is. */
	if ((!found || f.len == 0) &&
	    (now = structure_current_path(r)) != NULL) {
		if (found && f.held_by != NULL)
			sqlite3_reset(f.held_by);
		key = display_key(r, now + strlen("/fragment/"),
		    publish_display(form_str(fd, "lang")));
		found = fragment_get(r, key, &f, 1) == 0;
	}
	fragment_send(r, "text/html; charset=utf-8", found ? &f : NULL, 1);
}

void page_fragment_empty(struct request *r)
{
	fragment_send(r, "text/html; charset=utf-8", NULL, 1);
}

/* An organisation's feed (key "atom/org/SLUG[@LANG]"), put together
 * from the stored entries (publish_feed_made): 404 until it has one. */
static void feed_made(struct request *r, const char *key)
{
	struct publisher p;
	struct buf out;
	const char *updated = "";
	struct tm tm;
	int n;

	publisher_init(&p, r->st, r->a, r->app->tmpl, r->script_name);
	buf_init(&out);
	n = publish_feed_made(&p, key, &out, &updated);
	if (n <= 0) {
		buf_free(&out);
		resp_error(r, 404, _("There is no feed at this address."));
		return;
	}
	r->no_security_headers = 1;
	resp_body(r, 200, "application/atom+xml; charset=utf-8", out.s,
	    out.len);
	buf_free(&out);
	memset(&tm, 0, sizeof(tm));
	if (strptime(updated, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL)
		resp_header(r, "Last-Modified", http_date(r,
		    (long long)timegm(&tm)));
	resp_header(r, "Cache-Control", req_cfg(r)->cache_control);
	cors(r, NULL);
}

/* GET /feed.atom, /feed/EVENT.atom and /feed/org/ORG.atom. */
void page_feed(struct request *r, struct form_data *fd)
{
	struct fragment f;
	const char *key = "atom/all";
	size_t n;

	if (r->nargs > 0) {
		n = strlen(r->args[0]);
		if (n < 6 || strcmp(r->args[0] + n - 5, ".atom") != 0) {
			resp_error(r, 404, _("There is no feed at this "
			    "address."));
			return;
		}
		key = arena_printf(r->a, "atom/%.*s", (int)(n - 5), r->args[0]);
	}
	key = display_key(r, key, publish_display(query_lang(r)));
	if (strncmp(r->path, "/feed/org/", 10) == 0) {
		feed_made(r, arena_printf(r->a, "atom/org/%s", key + 5));
		return;
	}
	if (fragment_get(r, key, &f, 1) != 0) {
		resp_error(r, 404, _("There is no feed at this address."));
		return;
	}
	fragment_send(r, "application/atom+xml; charset=utf-8", &f, 0);
}

/* GET /frame/...: the fragment in a page made for an iframe: its height
 * goes to the parent page (WordPress's embed protocol), links open in the
 * parent. */
void page_frame(struct request *r, struct form_data *fd)
{
	struct fragment f;
	struct tv *view = tv_new(r->a);
	const char *key = fragment_key(r, fd, strlen("/frame/"));
	const char *ui = display_ui(r, publish_display(form_str(fd, "lang")));
	const struct app_cfg *c = req_cfg(r);
	const char *prev;

	if (fragment_get(r, key, &f, 0) == 0 && f.len > 0)
		tv_sanitized(view, TF_content_html, f.body);
	else if (structure_redirect(r)) /* as page_fragment */
		return;
	prev = i18n_use(ui);
	/* TRANSLATORS: the title of the frame that embeds a list of
	 * statements in another site. */
	tv_str(view, TF_page_title, _("Statements"));
	tv_str(view, TF_ui_lang, ui);
	tv_str(view, TF_ui_dir, lang_rtl(ui) ? "rtl" : "ltr");
	resp_page(r, 200, "frame", view);
	i18n_use(prev);
	resp_header(r, "Content-Security-Policy", arena_printf(r->a,
	    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
	    "script-src 'self'; base-uri 'none'; form-action 'none'; "
	    "frame-ancestors %s", *c->frame_ancestors ? c->frame_ancestors :
	    "'none'"));
	/* Revalidated on every view: a frame must show a new approval at
	 * once, and its ETag-less page is cheap (one SELECT). */
	resp_header(r, "Cache-Control", "public, no-cache");
}

/* "&amp;" and friends back to text, tags dropped: a plain summary of
 * sanitized HTML for Open Graph. */
static const char *plain_summary(struct request *r, const char *html,
    size_t max)
{
	struct buf b;
	const char *p, *out;
	int in_tag = 0, space = 0;

	buf_init(&b);
	for (p = html; *p != '\0' && utf8_len(b.s, b.len) < max; p++) {
		if (*p == '<') {
			in_tag = 1;
			space = 1;
		} else if (*p == '>') {
			in_tag = 0;
		} else if (!in_tag) {
			static const struct { const char *e, *c; } ents[] = {
				{ "&amp;", "&" }, { "&lt;", "<" },
				{ "&gt;", ">" }, { "&quot;", "\"" },
				{ "&#39;", "'" } };
			size_t i;

			if (space && b.len > 0)
				buf_putc(&b, ' ');
			space = 0;
			if (*p == '\n' || *p == '\t') {
				space = 1;
				continue;
			}
			for (i = 0; i < ARRAY_LEN(ents); i++)
				if (strncmp(p, ents[i].e, strlen(ents[i].e)) ==
				    0)
					break;
			if (i < ARRAY_LEN(ents)) {
				buf_puts(&b, ents[i].c);
				p += strlen(ents[i].e) - 1;
			} else {
				buf_putc(&b, *p);
			}
		}
	}
	/* Cut at a character boundary. */
	while (b.len > 0 && ((unsigned char)b.s[b.len - 1] & 0xc0) == 0x80)
		b.len--;
	if (b.len > 0 && (unsigned char)b.s[b.len - 1] >= 0xc0)
		b.len--;
	b.s[b.len] = '\0';
	out = arena_printf(r->a, "%s%s", b.s, *p ? "…" : "");
	buf_free(&b);
	return out;
}

/* One published version of a statement, for the links between them. */
struct version {
	const char *pid, *lang;
	int original;
};

/* The published versions of the statement pid names (its original's
 * and every translation's), the original first; the count, 0 for none. */
static int versions_of(struct request *r, const char *pid,
    struct version **out)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_PUB_PAGE_VERSIONS);
	struct version *v = NULL;
	size_t cap = 0;
	int n = 0;

	sql_text(s, 1, pid);
	sql_int(s, 2, (long long)time(NULL));
	while (sqlite3_step(s) == SQLITE_ROW) {
		v = arena_grow(r->a, v, (size_t)n, &cap, sizeof(*v));
		v[n].pid = arena_strdup(r->a, sql_col(s, 0));
		v[n].lang = arena_strdup(r->a, sql_col(s, 1));
		v[n].original = sqlite3_column_int(s, 2);
		n++;
	}
	sqlite3_reset(s);
	*out = v;
	return n > 0 && v[0].original ? n : 0;
}

/* The version display shows, as publish.c chooses it: the original when
 * it is in that language, else the translation in exactly that tag, else
 * one in a subtag of it, else the original. */
static const struct version *version_shown(const struct version *v, int n,
    const char *display)
{
	const struct version *sub = NULL;
	size_t k = strlen(display);
	int i;

	if (k == 0 || publish_display(v[0].lang) == display)
		return &v[0];
	for (i = 1; i < n; i++) {
		if (ascii_casecmp(v[i].lang, display) == 0)
			return &v[i];
		if (sub == NULL && ascii_ncasecmp(v[i].lang, display, k) == 0 &&
		    v[i].lang[k] == '-')
			sub = &v[i];
	}
	return sub ? sub : &v[0];
}

/* <link rel="alternate" hreflang> for every version with a display of its
 * own, and the visible links: "Also in: …" to the other translations,
 * "Original: …" when a translation is shown. */
static void version_links(struct request *r, struct tv *view,
    const struct version *v, int n, const struct version *shown)
{
	int i, also = 0;

	if (n < 2) /* one version: no links between versions */
		return;
	for (i = 0; i < n; i++) {
		const char *d = publish_display(v[i].lang);
		const char *url = req_url(r, arena_printf(r->a, "/s/%s?lang=%s",
		    v[0].pid, v[i].lang));
		struct tv *o;

		if (*d == '\0' && !v[i].original)
			continue; /* no display shows it (yet) */
		o = tv_add(view, TF_alternates);
		tv_str(o, TF_hreflang, v[i].lang);
		tv_str(o, TF_url, url);
		if (&v[i] == shown)
			continue;
		o = tv_add(view, v[i].original ? TF_original : TF_also_in);
		if (!v[i].original && also++ > 0)
			tv_bool(o, TF_sep, 1);
		tv_bool(view, TF_versions, 1);
		tv_bool(view, TF_also, also > 0);
		tv_str(o, TF_hreflang, v[i].lang);
		tv_str(o, TF_url, url);
		tv_str(o, TF_label, statement_language_label(v[i].lang));
	}
}

/* A file's size for people: "320 KB", "1.4 MB" (as the catalog writes
 * it, with its own decimal sign), or bytes under one KB. */
static const char *size_human(struct request *r, long long n)
{
	long long tenths;

	if (n < 1024)
		return arena_printf(r->a, NG_("%lld byte", "%lld bytes",
		    (unsigned long)n), n);
	if (n < 1024 * 1024)
		/* TRANSLATORS: a file's size in kilobytes, e.g. "320 KB". */
		return arena_printf(r->a, _("%lld KB"), (n + 512) / 1024);
	tenths = (n * 10 + 512 * 1024) / (1024 * 1024);
	/* TRANSLATORS: a file's size in megabytes with one decimal, e.g.
	 * "1.4 MB": the whole megabytes, the decimal sign, the tenths. */
	return arena_printf(r->a, _("%lld.%lld MB"), tenths / 10, tenths % 10);
}

/* "Download the original (PDF, 320 KB)" when a moderator made the
 * original document of statement id (an original) public. pid: its
 * public id. The page is shown only while the statement is published,
 * and /s/PID/original checks that again. */
static void original_link(struct request *r, struct tv *view, long long id,
    const char *pid)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ORIG_PUBLIC_OF);
	char type[8];
	size_t i;

	sql_int(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(type, sizeof(type), "%s", attachment_ext(sql_col(s,
		    0)));
		for (i = 0; type[i] != '\0'; i++)
			type[i] = (char)(type[i] - 'a' + 'A');
		tv_str(view, TF_original_download_url, req_url(r,
		    arena_printf(r->a, "/s/%s/original", pid)));
		/* TRANSLATORS: a link on a statement's public page; the
		 * first %s is the document's type (PDF, DOCX or ODT), the
		 * second its size ("320 KB"). */
		tv_str(view, TF_original_download_label, arena_printf(r->a,
		    _("Download the original (%s, %s)"), arena_strdup(r->a,
		    type), size_human(r, sqlite3_column_int64(s, 1))));
	}
	sqlite3_reset(s);
}

/* GET /s/ID: one statement, shareable, in the reader's language: ?lang=,
 * else the version ID names when it is a translation, else the interface
 * language of the request. */
void page_statement(struct request *r, struct form_data *fd)
{
	struct statement st;
	struct fragment f;
	struct version *v;
	const struct version *shown;
	struct tv *view = tv_new(r->a);
	const char *path = arena_printf(r->a, "/s/%s", r->args[0]);
	const char *lang = query_lang(r), *display;
	int n = versions_of(r, r->args[0], &v), i;

	if (*lang == '\0')
		for (i = 1; i < n; i++)
			if (strcmp(v[i].pid, r->args[0]) == 0)
				lang = v[i].lang;
	display = publish_display(*lang ? lang : i18n_current());
	shown = n > 0 ? version_shown(v, n, display) : NULL;
	if (n == 0 || fragment_get(r, display_key(r, arena_printf(r->a,
	    "statement/%s", v[0].pid), display), &f, 0) != 0 || f.len == 0 ||
	    statement_by_public_id(r, shown->pid, &st) != 0) {
		resp_error(r, 404, _("There is no published statement at this "
		    "address."));
		return;
	}
	tv_sanitized(view, TF_content_html, f.body);
	statement_view(r->a, &st, tv_add(view, TF_shown));
	tv_str(view, TF_page_title, st.title);
	page_og(r, view, *query_lang(r) ? arena_printf(r->a, "%s?lang=%s",
	    path, url_escape(r, query_lang(r))) : path, "article", st.title,
	    plain_summary(r, st.html, 200));
	page_org_links(r, view, st.org_id, st.behalf_org_id);
	tv_str(view, TF_st_event, st.event_title);
	tv_str(view, TF_url, req_url(r, arena_printf(r->a, "/e/%s%s",
	    st.event_slug, *display ? arena_printf(r->a, "?lang=%s", display) :
	    "")));
	version_links(r, view, v, n, shown);
	original_link(r, view, st.original_id ? st.original_id : st.id,
	    v[0].pid);
	page_oembed_links(r, view, path);
	resp_page(r, 200, "public_statement", view);
	resp_header(r, "Cache-Control", "public, max-age=60");
}

/* GET /s/ID/original: the original document of a published (approved,
 * embargo over) statement, when a moderator made it public. Anything else
 * (no such statement, not published, embargoed, withdrawn, not marked, a
 * translation's id) is the 404 of a statement that is not there. */
void page_original(struct request *r, struct form_data *fd)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ORIG_PUBLIC_GET);
	const char *ext;

	(void)fd;
	sql_text(s, 1, r->args[0]);
	sql_int(s, 2, (long long)time(NULL));
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		resp_error(r, 404, _("There is no published statement at this "
		    "address."));
		return;
	}
	ext = attachment_ext(sql_col(s, 1));
	resp_download(r, arena_strdup(r->a, sql_col(s, 1)),
	    sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2),
	    arena_printf(r->a, "statement-%s.%s", r->args[0], ext),
	    attachment_base(r->a, sql_col(s, 0)), ext);
	resp_header(r, "Cache-Control", "public, max-age=60");
	sqlite3_reset(s);
}

/* ---- oEmbed --------------------------------------------------------------- */

struct oembed {
	const char *title, *frame, *link;
	long long width, height;
};

/* The statement or event a URL of ours names, or -1. display: the
 * frame's (?lang=), "" for the default. */
static int oembed_target(struct request *r, const char *url,
    const char *display, struct oembed *o)
{
	const char *q = *display ? arena_printf(r->a, "?lang=%s", display) : "";
	struct statement st;
	struct event_def e;
	char id[80], kind;

	if (req_public_url(r, "/") == NULL) {
		log_err("oEmbed needs the base_url setting: the embed code is "
		    "made of absolute links");
		return -1;
	}
	if (embed_url_parse(req_public_url(r, "/"), url, &kind, id, sizeof(id)) != 0)
		return -1;
	if (kind == 's') {
		struct version *v;
		int n = versions_of(r, id, &v);

		if (n == 0 || statement_by_public_id(r, id, &st) != 0 ||
		    strcmp(st.state, "approved") != 0 ||
		    st.publish_at > (long long)time(NULL))
			return -1;
		/* A translation's address: the original's frame, in the
		 * translation's language unless ?lang= says otherwise. */
		if (*display == '\0' && strcmp(v[0].pid, id) != 0 &&
		    *publish_display(st.language))
			q = arena_printf(r->a, "?lang=%s",
			    publish_display(st.language));
		o->title = st.title;
		o->frame = req_public_url(r, arena_printf(r->a,
		    "/frame/statement/%s%s", v[0].pid, q));
	} else {
		if (event_find(r->st, r->a, id, &e) != 0)
			return -1;
		o->title = e.title;
		o->frame = req_public_url(r, arena_printf(r->a,
		    "/frame/event/%s%s", id, q));
	}
	o->link = url;
	return 0;
}

/* The embed code: the iframe, with a link in a blockquote as a fallback
 * for consumers that strip iframes. */
static const char *oembed_html(struct request *r, const struct oembed *o)
{
	struct buf b;
	const char *out;

	buf_init(&b);
	html_lit(&b, "<blockquote class=\"dais-embed-fallback\"><a href=\"");
	html_attr(&b, o->link, strlen(o->link));
	html_lit(&b, "\">");
	html_text(&b, o->title, strlen(o->title));
	html_lit(&b, "</a></blockquote><iframe class=\"dais-embed-frame\" "
	    "sandbox=\"allow-scripts allow-popups\" src=\"");
	html_attr(&b, o->frame, strlen(o->frame));
	buf_printf(&b, "\" width=\"%lld\" height=\"%lld\" title=\"",
	    o->width, o->height);
	html_attr(&b, o->title, strlen(o->title));
	html_lit(&b, "\" frameborder=\"0\"></iframe>");
	out = buf_arena(&b, r->a);
	buf_free(&b);
	return out;
}

static void oembed_json(struct request *r, const struct oembed *o,
    const char *html)
{
	struct buf b;
	const char *site = setting_get(r->st, r->a, SET_site_name);
	const char *prov = req_public_url(r, "/");

	buf_init(&b);
	buf_puts(&b, "{\"version\":\"1.0\",\"type\":\"rich\",\"title\":");
	json_str(&b, o->title, strlen(o->title));
	buf_puts(&b, ",\"provider_name\":");
	json_str(&b, site, strlen(site));
	buf_puts(&b, ",\"provider_url\":");
	json_str(&b, prov, strlen(prov));
	buf_printf(&b, ",\"width\":%lld,\"height\":%lld,\"html\":", o->width,
	    o->height);
	json_str(&b, html, strlen(html));
	buf_puts(&b, "}");
	resp_body(r, 200, "application/json; charset=utf-8", b.s, b.len);
	buf_free(&b);
}

static void oembed_xml(struct request *r, const struct oembed *o,
    const char *html)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);

	xmlTextWriterStartDocument(w, NULL, "UTF-8", "yes");
	xmlTextWriterStartElement(w, BAD_CAST "oembed");
	xmlTextWriterWriteElement(w, BAD_CAST "version", BAD_CAST "1.0");
	xmlTextWriterWriteElement(w, BAD_CAST "type", BAD_CAST "rich");
	xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST o->title);
	xmlTextWriterWriteElement(w, BAD_CAST "provider_name", BAD_CAST
	    setting_get(r->st, r->a, SET_site_name));
	xmlTextWriterWriteElement(w, BAD_CAST "provider_url", BAD_CAST
	    req_public_url(r, "/"));
	xmlTextWriterWriteFormatElement(w, BAD_CAST "width", "%lld", o->width);
	xmlTextWriterWriteFormatElement(w, BAD_CAST "height", "%lld",
	    o->height);
	xmlTextWriterWriteElement(w, BAD_CAST "html", BAD_CAST html);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	resp_body(r, 200, "text/xml; charset=utf-8",
	    (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
}

/* GET /oembed?url=…&format=json|xml[&maxwidth=…&maxheight=…]. */
void page_oembed(struct request *r, struct form_data *fd)
{
	const char *format = form_str(fd, "format");
	struct oembed o;
	long long mw = 0, mh = 0;

	memset(&o, 0, sizeof(o));
	if (*format == '\0')
		format = "json";
	if (strcmp(format, "json") != 0 && strcmp(format, "xml") != 0) {
		resp_error(r, 501, "oEmbed is available as json or xml.");
		return;
	}
	if ((*form_str(fd, "maxwidth") && parse_ll(form_str(fd, "maxwidth"),
	    1, 10000, &mw) != 0) || (*form_str(fd, "maxheight") &&
	    parse_ll(form_str(fd, "maxheight"), 1, 10000, &mh) != 0)) {
		/* TRANSLATORS: maxwidth and maxheight are the names of
		 * parameters: keep them as they are. */
		resp_error(r, 400, _("maxwidth and maxheight are whole numbers "
		    "of pixels."));
		return;
	}
	if (oembed_target(r, form_str(fd, "url"), publish_display(form_str(fd,
	    "lang")), &o) != 0) {
		resp_error(r, 404, _("There is nothing to embed at this URL."));
		return;
	}
	o.width = mw > 0 && mw < 600 ? mw : 600;
	o.height = mh > 0 && mh < 400 ? mh : 400;
	if (strcmp(format, "json") == 0)
		oembed_json(r, &o, oembed_html(r, &o));
	else
		oembed_xml(r, &o, oembed_html(r, &o));
	r->no_security_headers = 1;
	resp_header(r, "Cache-Control", "public, max-age=300");
	resp_header(r, "Access-Control-Allow-Origin", "*");
}
