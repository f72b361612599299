/* page_archive.c — the public archive: the list of events (/), an
 * event's page (/e/SLUG), an organisation's (/o/SLUG), the sitemap and
 * robots.txt, and what every public page says about itself to search
 * engines and sharing sites (Open Graph, canonical link, feed, prev/next).
 *
 * Lists are made of the stored articles (publish_list_page): no statement
 * is rendered for a reader. Only what a reader may see is listed or
 * counted: articles of approved statements whose embargo has ended.
 * These pages ignore query parameters they do not use (utm_*, fbclid…
 * come with shared links).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "catalog.h"
#include "date.h"
#include "i18n.h"
#include "pages.h"
#include "parse.h"
#include "publish.h"
#include "settings.h"
#include "statement.h"
#include "store.h"
#include "template.h"
#include "valid.h"

#define ARCHIVE_EVENTS_PER_PAGE 20
#define ARCHIVE_STATEMENTS_PER_PAGE 50
#define SITEMAP_MAX_URLS 50000 /* the sitemaps protocol's limit */

/* The query these pages read: the page of a list and the display
 * language. Like every public page they ignore any other parameter
 * (form_read_public keeps only these in r->query_string). */
static const struct field archive_fields[] = {
	{ "lang", 0, 35, N_("Language") },
	{ "page", 0, 16, N_("Page") },
};
const struct form archive_query = FORM_DEF("archive", archive_fields);

/* ?page=N (1 when absent): the page, or 0 after answering 400. */
static long long page_wanted(struct request *r, const struct form_data *fd)
{
	const char *s = form_str(fd, "page");
	long long n = 1;

	if (*s != '\0' && parse_ll(s, 1, 1000000, &n) != 0) {
		resp_error(r, 400, _("The page number must be a whole number "
		    "from 1."));
		return 0;
	}
	return n;
}

/* The address of page n of path, with ?lang= when the reader chose one. */
static const char *page_path(struct request *r, const struct form_data *fd,
    const char *path, long long n)
{
	const char *lang = publish_display(form_str(fd, "lang"));
	const char *q = n > 1 ? arena_printf(r->a, "?page=%lld", n) : "";

	if (*lang != '\0')
		q = arena_printf(r->a, "%s%slang=%s", q, *q ? "&" : "?", lang);
	return arena_printf(r->a, "%s%s", path, q);
}

/* Links to the pages before and after page n of a list of total in pages
 * of per: 0, or -1 after answering 404 for a page past the end. */
static int pager(struct request *r, const struct form_data *fd,
    struct tv *view, const char *path, long long n, long long total,
    long long per)
{
	long long pages = total > 0 ? (total + per - 1) / per : 1;

	if (n > pages) {
		resp_error(r, 404, _("There is no such page: this list is "
		    "shorter."));
		return -1;
	}
	if (pages < 2)
		return 0;
	tv_bool(view, TF_pager, 1);
	/* TRANSLATORS: "Page 2 of 5". */
	tv_str(view, TF_page_label, arena_printf(r->a, _("Page %lld of %lld"),
	    n, pages));
	if (n > 1)
		tv_str(view, TF_rel_prev, req_url(r, page_path(r, fd, path, n - 1)));
	if (n < pages)
		tv_str(view, TF_rel_next, req_url(r, page_path(r, fd, path, n + 1)));
	return 0;
}

/* og:locale is "fr" or "pt_BR": the interface language, as Open Graph
 * writes it. */
static const char *og_locale(struct request *r)
{
	char *l = arena_strdup(r->a, r->lang ? r->lang : i18n_current());
	char *dash = strchr(l, '-');

	if (dash != NULL)
		*dash = '_';
	return l;
}

void page_og(struct request *r, struct tv *view, const char *path,
    const char *type, const char *title, const char *description)
{
	const char *abs = req_public_url(r, path);

	tv_str(view, TF_og_title, title);
	tv_str(view, TF_og_type, type);
	tv_str(view, TF_og_locale, og_locale(r));
	if (description != NULL && *description != '\0')
		tv_str(view, TF_og_description, description);
	/* Only from base_url: these pages are cached publicly, and a link
	 * made from a forged Host would be served to everyone. */
	if (abs != NULL) {
		tv_str(view, TF_og_url, abs);
		tv_str(view, TF_canonical, abs);
	}
}

void page_oembed_links(struct request *r, struct tv *view, const char *path)
{
	const char *url;

	if (req_public_url(r, "/") == NULL)
		return;
	url = url_escape(r, req_public_url(r, path));
	tv_str(view, TF_oembed_json, arena_printf(r->a, "%s?url=%s&format=json",
	    req_public_url(r, "/oembed"), url));
	tv_str(view, TF_oembed_xml, arena_printf(r->a, "%s?url=%s&format=xml",
	    req_public_url(r, "/oembed"), url));
}

void page_org_links(struct request *r, struct tv *view, long long org_id,
    long long behalf_org_id)
{
	long long ids[2] = { org_id, behalf_org_id };
	int i;

	for (i = 0; i < 2; i++) {
		sqlite3_stmt *s;
		struct tv *o;

		if (ids[i] == 0 || (i == 1 && ids[1] == ids[0]))
			continue;
		s = store_stmt(r->st, SQL_ARCHIVE_ORG_BY_ID);
		sql_int(s, 1, ids[i]);
		if (sqlite3_step(s) == SQLITE_ROW) {
			o = tv_add(view, TF_orgs);
			tv_str(o, TF_name, sql_col(s, 1));
			tv_str(o, TF_url, req_url(r, arena_printf(r->a, "/o/%s",
			    sql_col(s, 0))));
			tv_bool(view, TF_has_orgs, 1);
		}
		sqlite3_reset(s);
	}
}

/* The display a page's statements are in: ?lang=, else the interface
 * language. */
static const char *page_display(const struct form_data *fd)
{
	const char *lang = form_str(fd, "lang");

	return publish_display(*lang ? lang : i18n_current());
}

/* The language of display's labels and dates. */
static const char *display_ui(struct request *r, const char *display)
{
	return *display ? display : setting_get(r->st, r->a,
	    SET_default_language);
}

/* Has an embargo ended whose fragments are not rendered yet? */
static int due_now(struct request *r)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_FRAG_DUE);
	int due;

	sql_int(s, 1, (long long)time(NULL));
	due = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return due;
}

/* Page n of the list key ("event/SLUG", "org/SLUG") in display into view
 * (content_html), with its pager; *total: the list's length. 0, or -1
 * after answering. */
static int list_page(struct request *r, const struct form_data *fd,
    struct tv *view, const char *key, const char *display, const char *path,
    long long n, int *total)
{
	struct publisher p;
	struct buf out;
	int rc;

	publisher_init(&p, r->st, r->a, r->app->tmpl, r->script_name);
	/* An event's page: its session headings get ids, for its contents. */
	p.anchors = strncmp(key, "event/", 6) == 0;
	/* A translation's embargo that has ended changes its article: render
	 * what is due first, as a fragment GET does (not waiting for another
	 * writer: the next request or change does it then). */
	if (due_now(r) && publish_due(&p, 0) < 0)
		log_err("rendering fragments at the end of an embargo failed");
	buf_init(&out);
	rc = publish_list_page(&p, *display ? arena_printf(r->a, "%s@%s", key,
	    display) : key, (int)((n - 1) * ARCHIVE_STATEMENTS_PER_PAGE),
	    ARCHIVE_STATEMENTS_PER_PAGE, &out, total);
	if (rc != 0) {
		buf_free(&out);
		resp_error(r, 500, _("This page cannot be shown right now."));
		return -1;
	}
	if (out.len > 0)
		tv_sanitized(view, TF_content_html, buf_arena(&out, r->a));
	buf_free(&out);
	return pager(r, fd, view, path, n, *total,
	    ARCHIVE_STATEMENTS_PER_PAGE);
}

/* The Atom feed at path (in display) when there is one: its link in the
 * page and in its head. */
static void feed_link(struct request *r, struct tv *view, int exists,
    const char *path, const char *display)
{
	if (!exists)
		return;
	tv_str(view, TF_feed_url, req_url(r, arena_printf(r->a, "%s%s", path,
	    *display ? arena_printf(r->a, "?lang=%s", display) : "")));
}

/* Is a fragment (a feed) stored under key? */
static int stored(struct request *r, const char *key)
{
	sqlite3_stmt *s = store_row(r->st, SQL_FRAG_META, key);

	if (s == NULL)
		return 0;
	sqlite3_reset(s);
	return 1;
}

/* ---- / -------------------------------------------------------------------- */

/* The UTC date today, as events store their days. */
static const char *today(struct request *r)
{
	char d[DATE_RFC3339_SIZE];

	date_rfc3339(d, (long long)time(NULL));
	return arena_strndup(r->a, d, 10);
}

/* GET /: the site's events, those open or to come first. */
void page_home(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a), *group = NULL;
	long long n = page_wanted(r, fd), total = 0, shown = 0;
	const char *ui = r->lang ? r->lang : i18n_current();
	const char *site = setting_get(r->st, r->a, SET_site_name);
	sqlite3_stmt *s;
	int last = -1;

	if (n == 0)
		return;
	s = store_stmt(r->st, SQL_ARCHIVE_EVENT_COUNT);
	if (sqlite3_step(s) == SQLITE_ROW)
		total = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (pager(r, fd, view, "/", n, total, ARCHIVE_EVENTS_PER_PAGE) != 0)
		return;
	s = store_stmt(r->st, SQL_ARCHIVE_EVENTS);
	sql_text(s, 1, today(r));
	sql_int(s, 2, (long long)time(NULL));
	sql_int(s, 3, ARCHIVE_EVENTS_PER_PAGE);
	sql_int(s, 4, (n - 1) * ARCHIVE_EVENTS_PER_PAGE);
	while (sqlite3_step(s) == SQLITE_ROW) {
		int current = sqlite3_column_int(s, 6);
		long long count = sqlite3_column_int64(s, 7);
		struct tv *o;

		if (current != last) {
			group = tv_add(view, current ? TF_upcoming : TF_past);
			last = current;
		}
		o = tv_add(group, TF_events);
		tv_str(o, TF_slug, sql_col(s, 0));
		tv_str(o, TF_title, sql_col(s, 1));
		tv_str(o, TF_location, sql_col(s, 2));
		tv_str(o, TF_starts_iso, sql_col(s, 3));
		tv_str(o, TF_starts, date_human(r->a, ui, sql_col(s, 3)));
		if (strcmp(sql_col(s, 3), sql_col(s, 4)) != 0) {
			tv_str(o, TF_ends_iso, sql_col(s, 4));
			tv_str(o, TF_ends, date_human(r->a, ui, sql_col(s, 4)));
		}
		tv_bool(o, TF_open, sqlite3_column_int(s, 5));
		tv_str(o, TF_url, req_url(r, arena_printf(r->a, "/e/%s",
		    sql_col(s, 0))));
		tv_str(o, TF_count, arena_printf(r->a, NG_("%lld published "
		    "statement", "%lld published statements", count), count));
		shown++;
	}
	sqlite3_reset(s);
	tv_bool(view, TF_no_events, shown == 0);
	tv_str(view, TF_page_title, n > 1 ? arena_printf(r->a,
	    _("Events, page %lld"), n) : _("Events"));
	tv_str(view, TF_site_name, site);
	page_og(r, view, page_path(r, fd, "/", n), "website", site, _("Statements "
	    "delivered at the events we attend, collected, moderated and "
	    "published."));
	feed_link(r, view, stored(r, "atom/all"), "/feed.atom", page_display(fd));
	resp_page(r, 200, "home", view);
	resp_header(r, "Cache-Control", "public, max-age=60");
}

/* GET /e and /e/: the list of events is the home page. */
void page_events(struct request *r, struct form_data *fd)
{
	resp_redirect(r, 301, req_url(r, "/"));
}

/* ---- /e/SLUG -------------------------------------------------------------- */

static void event_sessions(struct request *r, struct tv *view,
    const struct event_def *e)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_SESSION_LIST);

	sql_int(s, 1, e->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_sessions);

		tv_bool(view, TF_has_sessions, 1);
		tv_str(o, TF_title, sql_col(s, 1));
		if (e->open)
			tv_str(o, TF_url, req_url(r, arena_printf(r->a,
			    "/submit?event=%s&session=%s", url_escape(r,
			    e->slug), url_escape(r, sql_col(s, 0)))));
	}
	sqlite3_reset(s);
}

static void event_orgs(struct request *r, struct tv *view, long long event)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ARCHIVE_EVENT_ORGS);

	sql_int(s, 1, event);
	sql_int(s, 2, (long long)time(NULL));
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_orgs);

		tv_bool(view, TF_has_orgs, 1);
		tv_str(o, TF_name, sql_col(s, 1));
		tv_str(o, TF_url, req_url(r, arena_printf(r->a, "/o/%s",
		    sql_col(s, 0))));
	}
	sqlite3_reset(s);
}

/* The contents list of an event's page n: each session of the page and
 * under it the titles of its statements, each a link to its place on the
 * page (the session heading's id, session-SLUG; the article's, dais-ID),
 * in page order. None for fewer than two statements. */
static void event_contents(struct request *r, struct tv *view,
    const char *key, long long n)
{
	struct publisher p;
	struct publish_toc *toc;
	struct tv *g = NULL;
	int count, i;

	publisher_init(&p, r->st, r->a, r->app->tmpl, r->script_name);
	if (publish_list_toc(&p, key, (int)((n - 1) *
	    ARCHIVE_STATEMENTS_PER_PAGE), ARCHIVE_STATEMENTS_PER_PAGE, &toc,
	    &count) != 0 || count < 2)
		return;
	tv_bool(view, TF_has_contents, 1);
	for (i = 0; i < count; i++) {
		sqlite3_stmt *s = store_stmt(r->st, SQL_ARCHIVE_TOC_ENTRY);
		struct tv *o;

		sql_int(s, 1, toc[i].article_id);
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_reset(s);
			continue;
		}
		if (g == NULL || toc[i].group != NULL) {
			const char *label = toc[i].group ? toc[i].group : "";

			g = tv_add(view, TF_toc);
			/* "", not unset: else the event's title shows. */
			tv_str(g, TF_title, label);
			tv_str(g, TF_anchor, *label && *sql_col(s, 2) ?
			    arena_printf(r->a, "session-%s", sql_col(s, 2)) :
			    "");
		}
		o = tv_add(g, TF_items);
		tv_str(o, TF_st_id, sql_col(s, 0));
		tv_str(o, TF_st_title, sql_col(s, 1));
		sqlite3_reset(s);
	}
}

/* GET /e/SLUG: an event, its sessions in order, its statements by
 * session, each in the display language (?lang=, else the request's
 * interface language), a page at a time. */
void page_event(struct request *r, struct form_data *fd)
{
	struct event_def e;
	struct tv *view = tv_new(r->a);
	const char *path = arena_printf(r->a, "/e/%s", r->args[0]);
	const char *display = page_display(fd), *ui = display_ui(r, display);
	long long n;
	int total;

	if (event_find(r->st, r->a, r->args[0], &e) != 0) {
		resp_error(r, 404, _("There is no event at this address."));
		return;
	}
	if ((n = page_wanted(r, fd)) == 0 || list_page(r, fd, view, arena_printf(r->a,
	    "event/%s", e.slug), display, path, n, &total) != 0)
		return;
	tv_str(view, TF_title, e.title);
	tv_str(view, TF_page_title, n > 1 ? arena_printf(r->a,
	    /* TRANSLATORS: a page's title: an event's, then the page. */
	    _("%s, page %lld"), e.title, n) : e.title);
	tv_str(view, TF_location, e.location);
	tv_str(view, TF_starts_iso, e.starts);
	tv_str(view, TF_starts, date_human(r->a, ui, e.starts));
	if (strcmp(e.starts, e.ends) != 0) {
		tv_str(view, TF_ends_iso, e.ends);
		tv_str(view, TF_ends, date_human(r->a, ui, e.ends));
	}
	tv_str(view, TF_description, e.description);
	if (e.open)
		tv_str(view, TF_submit_url, req_url(r, arena_printf(r->a,
		    "/submit?event=%s", url_escape(r, e.slug))));
	event_contents(r, view, *display ? arena_printf(r->a, "event/%s@%s",
	    e.slug, display) : arena_printf(r->a, "event/%s", e.slug), n);
	event_sessions(r, view, &e);
	event_orgs(r, view, e.id);
	page_og(r, view, page_path(r, fd, path, n), "website", e.title,
	    e.description);
	/* Its feed exists from its first published statement on. */
	feed_link(r, view, stored(r, arena_printf(r->a, "atom/%s", e.slug)),
	    arena_printf(r->a, "/feed/%s.atom", e.slug), display);
	page_oembed_links(r, view, path);
	resp_page(r, 200, "public_event", view);
	resp_header(r, "Cache-Control", "public, max-age=60");
}

/* ---- /o/SLUG -------------------------------------------------------------- */

/* GET /o/SLUG: the statements an organisation of the catalogue delivered
 * or that were delivered on its behalf (as its fragment lists them), by
 * event, a page at a time. */
void page_org(struct request *r, struct form_data *fd)
{
	struct org o;
	struct tv *view = tv_new(r->a);
	const char *path = arena_printf(r->a, "/o/%s", r->args[0]);
	const char *display = page_display(fd);
	long long n;
	int total;

	/* By its slug only: /o/NAME is not another address of it. */
	if (org_find(r->st, r->a, r->args[0], &o) != 0 ||
	    strcmp(o.slug, r->args[0]) != 0) {
		resp_error(r, 404, _("There is no organisation at this "
		    "address."));
		return;
	}
	if ((n = page_wanted(r, fd)) == 0 || list_page(r, fd, view, arena_printf(r->a,
	    "org/%s", o.slug), display, path, n, &total) != 0)
		return;
	tv_str(view, TF_title, o.name);
	tv_str(view, TF_page_title, n > 1 ? arena_printf(r->a,
	    _("%s, page %lld"), o.name, n) : o.name);
	if (*o.url != '\0')
		tv_str(view, TF_org_url, o.url);
	page_og(r, view, page_path(r, fd, path, n), "profile", o.name,
	    arena_printf(r->a, _("Statements delivered by %s or on its "
	    "behalf."), o.name));
	feed_link(r, view, total > 0, arena_printf(r->a, "/feed/org/%s.atom", o.slug), display);
	resp_page(r, 200, "public_org", view);
	resp_header(r, "Cache-Control", "public, max-age=60");
}

/* ---- /sitemap.xml and /robots.txt ------------------------------------------ */

/* The absolute URL of path: from base_url, else (search engines need
 * absolute addresses) from the request, which is then not cached by
 * others (*from_request). */
static const char *absolute_url(struct request *r, const char *path,
    int *from_request)
{
	const char *u = req_public_url(r, path);

	if (u != NULL)
		return u;
	*from_request = 1;
	return arena_printf(r->a, "%s%s", req_origin(r), req_url(r, path));
}

struct sitemap {
	struct request *r;
	xmlTextWriterPtr w;
	long long from, to; /* the URLs of this page: [from, to) */
	long long at;       /* the index of the next URL */
	int from_request;
};

static void sitemap_url(struct sitemap *m, const char *path,
    const char *lastmod)
{
	xmlTextWriterStartElement(m->w, BAD_CAST "url");
	xmlTextWriterWriteElement(m->w, BAD_CAST "loc", BAD_CAST absolute_url(
	    m->r, path, &m->from_request));
	if (lastmod != NULL && *lastmod != '\0')
		xmlTextWriterWriteElement(m->w, BAD_CAST "lastmod",
		    BAD_CAST lastmod);
	xmlTextWriterEndElement(m->w);
}

/* The URLs of one kind (count of them, listed by q with ?1 now, ?2
 * limit, ?3 offset) that fall in this page; prefix + column 0 is the
 * path, the later of columns 1 and 2 the lastmod. */
static void sitemap_kind(struct sitemap *m, int q, long long count,
    const char *prefix)
{
	long long lo = m->from > m->at ? m->from - m->at : 0;
	long long hi = m->to - m->at < count ? m->to - m->at : count;
	sqlite3_stmt *s;

	m->at += count;
	if (hi <= lo)
		return;
	s = store_stmt(m->r->st, q);
	sql_int(s, 1, (long long)time(NULL));
	sql_int(s, 2, hi - lo);
	sql_int(s, 3, lo);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *t = sql_col(s, 1);

		if (sqlite3_column_count(s) > 2 && strcmp(sql_col(s, 2), t) > 0)
			t = sql_col(s, 2);
		sitemap_url(m, arena_printf(m->r->a, "%s%s", prefix,
		    sql_col(s, 0)), t);
	}
	sqlite3_reset(s);
}

/* GET /sitemap.xml: every public page (the home page, the events, the
 * organisations with a published statement, the published statements);
 * above SITEMAP_MAX_URLS, an index of pages /sitemap.xml?page=N. */
void page_sitemap(struct request *r, struct form_data *fd)
{
	const char *p = form_str(fd, "page");
	long long page = 0, ev = 0, org = 0, st = 0, total, pages, i;
	struct sitemap m;
	xmlBufferPtr xb;
	sqlite3_stmt *s = store_stmt(r->st, SQL_SITEMAP_COUNTS);

	sql_int(s, 1, (long long)time(NULL));
	if (sqlite3_step(s) == SQLITE_ROW) {
		ev = sqlite3_column_int64(s, 0);
		org = sqlite3_column_int64(s, 1);
		st = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	total = 1 + ev + org + st;
	pages = (total + SITEMAP_MAX_URLS - 1) / SITEMAP_MAX_URLS;
	if (*p != '\0' && (parse_ll(p, 1, 1000000, &page) != 0 || pages < 2 ||
	    page > pages)) {
		resp_error(r, 404, _("There is no such page of the sitemap."));
		return;
	}
	memset(&m, 0, sizeof(m));
	m.r = r;
	xb = xmlBufferCreate();
	m.w = xmlNewTextWriterMemory(xb, 0);
	xmlTextWriterStartDocument(m.w, NULL, "UTF-8", NULL);
	if (pages > 1 && page == 0) {
		xmlTextWriterStartElementNS(m.w, NULL, BAD_CAST "sitemapindex",
		    BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9");
		for (i = 1; i <= pages; i++) {
			xmlTextWriterStartElement(m.w, BAD_CAST "sitemap");
			xmlTextWriterWriteElement(m.w, BAD_CAST "loc", BAD_CAST
			    absolute_url(r, arena_printf(r->a,
			    "/sitemap.xml?page=%lld", i), &m.from_request));
			xmlTextWriterEndElement(m.w);
		}
	} else {
		m.from = page > 0 ? (page - 1) * SITEMAP_MAX_URLS : 0;
		m.to = m.from + SITEMAP_MAX_URLS;
		xmlTextWriterStartElementNS(m.w, NULL, BAD_CAST "urlset",
		    BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9");
		if (m.from == 0)
			sitemap_url(&m, "/", NULL);
		m.at = 1;
		sitemap_kind(&m, SQL_SITEMAP_EVENTS, ev, "/e/");
		sitemap_kind(&m, SQL_SITEMAP_ORGS, org, "/o/");
		sitemap_kind(&m, SQL_SITEMAP_STATEMENTS, st, "/s/");
	}
	xmlTextWriterEndDocument(m.w);
	xmlFreeTextWriter(m.w);
	resp_body(r, 200, "application/xml; charset=utf-8",
	    (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	resp_header(r, "Cache-Control", m.from_request ? "private, max-age=300" :
	    "public, max-age=300");
}

/* GET /robots.txt: the public pages may be indexed, the others not; the
 * sitemap named. Below a mount point (/statements), a site serves it at
 * its root with a location of its own (README). */
void page_robots(struct request *r, struct form_data *fd)
{
	static const char *const closed[] = { "/moderate", "/admin", "/status",
	    "/login", "/my", "/fragment", "/frame" };
	struct buf b;
	size_t i;
	int from_request = 0;

	buf_init(&b);
	buf_puts(&b, "User-agent: *\n");
	for (i = 0; i < ARRAY_LEN(closed); i++)
		buf_printf(&b, "Disallow: %s\n", req_url(r, closed[i]));
	buf_printf(&b, "Allow: %s/\n\nSitemap: %s\n", r->script_name,
	    absolute_url(r, "/sitemap.xml", &from_request));
	resp_body(r, 200, "text/plain; charset=utf-8", b.s, b.len);
	buf_free(&b);
	resp_header(r, "Cache-Control", from_request ? "private, max-age=300" :
	    "public, max-age=300");
}
