/* page_search.c — GET /search: public search over what is published.
 *
 * A plain GET form (it works without JavaScript), its choices filled from
 * what the index holds; the hits newest first, a page at a time, each with
 * its title and a passage of its text where the words were found. The
 * index (search.h) holds only what a reader may see now, so nothing here
 * decides what is public. The marks around the words found are added here,
 * around text the template escapes: SQLite returns the passages with \1
 * and \2 around each hit (characters no published text holds: the index's
 * text has no control characters, markup_text), and each piece between
 * them becomes a template item, escaped like any field.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "form.h"
#include "i18n.h"
#include "pages.h"
#include "publish.h"
#include "request.h"
#include "search.h"
#include "statement.h"
#include "store.h"
#include "template.h"
#include "util.h"
#include "valid.h"

#define SEARCH_PAGE_SIZE 20
#define SEARCH_COUNT_MAX 10000 /* hits counted; above it "more than" */
#define SEARCH_MAX_PAGE (SEARCH_COUNT_MAX / SEARCH_PAGE_SIZE)

static const struct field search_fields[] = {
	{ "q", 0, 200, N_("Search for") },
	{ "event", 0, 64, N_("Event") },
	{ "org", 0, 64, N_("Organisation") },
	{ "kind", 0, 20, N_("Kind") },
	{ "language", 0, 35, N_("Language") },
	{ "year", 0, 4, N_("Year") },
	{ "page", 0, 6, N_("Page") },
};
const struct form search_query = FORM_DEF("search", search_fields);

/* The query as asked for, and as the index reads it. */
struct search_ask {
	const char *q, *event, *org, *kind, *language, *year;
	long long page;
	const char *fts;  /* the FTS5 query: words, then filters; "" none */
	int words, filters;
};

/* One problem: an entry of the error summary, and the message at its
 * field. */
static void ask_error(struct request *r, struct tv *view, const char *field,
    enum tf tf, const char *message)
{
	struct tv *e = tv_add(view, TF_errors);

	tv_str(e, TF_field, arena_printf(r->a, "s-%s", field));
	tv_str(e, TF_message, message);
	tv_str(view, tf, message);
	tv_bool(view, TF_error, 1);
}

/* The id slug names by sql, or -1. */
static long long id_of(struct request *r, enum sql_id sql, const char *slug)
{
	sqlite3_stmt *s = store_stmt(r->st, sql);
	long long id = -1;

	sql_text(s, 1, slug);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return id;
}

static int kind_known(const char *kind)
{
	const struct choice *c;

	for (c = statement_kinds; c->value != NULL; c++)
		if (strcmp(c->value, kind) == 0)
			return 1;
	return 0;
}

/* f, with a space when it has a word already. */
static struct buf *sep(struct buf *f)
{
	if (f->len > 0)
		buf_putc(f, ' ');
	return f;
}

/* The filters as facet words (search.h), appended to f; each unknown
 * value a problem in view. Returns the number of problems. */
static int ask_filters(struct request *r, struct tv *view,
    struct search_ask *k, struct buf *f)
{
	long long id;
	int bad = 0;

	if (*k->event && (id = id_of(r, SQL_SEARCH_EVENT_ID, k->event)) < 0) {
		ask_error(r, view, "event", TF_e_event, _("There is no such "
		    "event: choose one from the list."));
		bad++;
	} else if (*k->event) {
		search_facet_id(sep(f), "ev", id);
	}
	if (*k->org && (id = id_of(r, SQL_SEARCH_ORG_ID, k->org)) < 0) {
		ask_error(r, view, "org", TF_e_org, _("There is no such "
		    "organisation: choose one from the list."));
		bad++;
	} else if (*k->org) {
		search_facet_id(sep(f), "or", id);
	}
	if (*k->kind && !kind_known(k->kind)) {
		ask_error(r, view, "kind", TF_e_kind, _("There is no such kind "
		    "of statement: choose one from the list."));
		bad++;
	} else if (*k->kind) {
		search_facet_text(sep(f), "ki", k->kind);
	}
	if (*k->language && valid_lang(k->language) != NULL) {
		ask_error(r, view, "language", TF_e_language, _("This is not a "
		    "language: choose one from the list."));
		bad++;
	} else if (*k->language) {
		k->language = lang_canonical(r->a, k->language);
		search_facet_text(sep(f), "la", k->language);
	}
	if (*k->year && (strlen(k->year) != 4 || parse_ll(k->year, 1000,
	    9999, &id) != 0)) {
		ask_error(r, view, "year", TF_e_year, _("This is not a year: "
		    "choose one from the list."));
		bad++;
	} else if (*k->year) {
		search_facet_id(sep(f), "yr", id);
	}
	return bad;
}

/* Reads the form into k (k->fts: the FTS5 query, "" when nothing is
 * asked); each problem into view. Returns the number of problems. */
static int ask_read(struct request *r, const struct form_data *fd,
    struct tv *view, struct search_ask *k)
{
	struct buf words, facets;
	int bad = 0;

	memset(k, 0, sizeof(*k));
	k->q = form_str(fd, "q");
	k->event = form_str(fd, "event");
	k->org = form_str(fd, "org");
	k->kind = form_str(fd, "kind");
	k->language = form_str(fd, "language");
	k->year = form_str(fd, "year");
	k->page = 1;
	k->fts = "";
	if (form_too_long(fd, "q")) {
		ask_error(r, view, "q", TF_e_q, _("Search for at most 200 "
		    "characters."));
		bad++;
	}
	if (*form_str(fd, "page") && parse_ll(form_str(fd, "page"), 1,
	    SEARCH_MAX_PAGE, &k->page) != 0) {
		ask_error(r, view, "q", TF_e_q, arena_printf(r->a, _("There "
		    "is no such page of results: they go from 1 to %d."),
		    SEARCH_MAX_PAGE));
		bad++;
	}
	buf_init(&words);
	buf_init(&facets);
	bad += ask_filters(r, view, k, &facets);
	if (bad == 0) {
		struct buf q;

		k->words = search_query_words(k->q, strlen(k->q), &words);
		k->filters = facets.len > 0;
		buf_init(&q);
		/* The words are looked for in the text columns only, never
		 * among the facet words. */
		if (k->words > 0)
			buf_printf(&q, "{title body speaker organisation "
			    "behalf} : (%s)", words.s);
		if (k->filters)
			buf_printf(&q, "%sfacet : (%s)", k->words ? " AND " :
			    "", facets.s);
		k->fts = q.len ? buf_arena(&q, r->a) : "";
		buf_free(&q);
	}
	buf_free(&words);
	buf_free(&facets);
	return bad;
}

/* ---- the form's choices -------------------------------------------------- */

/* A list of choices from sql (value, label), the one equal to current
 * selected. Label NULL: the value's own, through label(). */
static void choices(struct request *r, struct tv *view, enum tf list,
    enum sql_id sql, const char *current,
    const char *(*label)(const char *))
{
	sqlite3_stmt *s = store_stmt(r->st, sql);

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, list);
		const char *v = arena_strdup(r->a, sql_col(s, 0));

		tv_str(o, TF_value, v);
		tv_str(o, TF_label, label ? label(v) : arena_strdup(r->a,
		    sql_col(s, 1)));
		tv_bool(o, TF_selected, strcmp(v, current) == 0);
	}
	sqlite3_reset(s);
}

static const char *year_label(const char *y)
{
	return y;
}

static void form_choices(struct request *r, struct tv *view,
    const struct search_ask *k)
{
	const struct choice *c;

	choices(r, view, TF_events, SQL_SEARCH_EVENTS, k->event, NULL);
	choices(r, view, TF_orgs, SQL_SEARCH_ORGS, k->org, NULL);
	choices(r, view, TF_languages, SQL_SEARCH_LANGUAGES, k->language,
	    statement_language_label);
	choices(r, view, TF_years, SQL_SEARCH_YEARS, k->year, year_label);
	for (c = statement_kinds; c->value != NULL; c++) {
		struct tv *o = tv_add(view, TF_kinds);

		tv_str(o, TF_value, c->value);
		tv_str(o, TF_label, _(c->label));
		tv_bool(o, TF_selected, strcmp(c->value, k->kind) == 0);
	}
}

/* ---- the hits --------------------------------------------------------------- */

/* s (with \1 before and \2 after each hit) as items of list in o: text,
 * and hit when it was found. The text is escaped by the template, like
 * any field; only the template's literal <mark> surrounds it. */
static void pieces(struct request *r, struct tv *o, enum tf list,
    const char *s)
{
	int hit = 0;

	while (*s != '\0') {
		size_t n = strcspn(s, "\1\2");

		if (n > 0) {
			struct tv *p = tv_add(o, list);

			tv_str(p, TF_text, arena_strndup(r->a, s, n));
			tv_bool(p, TF_hit, hit);
		}
		s += n;
		if (*s != '\0')
			hit = *s++ == '\1';
	}
}

/* The address of this search at page (other parameters as asked). */
static const char *page_url(struct request *r, const struct search_ask *k,
    long long page)
{
	struct buf b;
	const char *out;
	const struct { const char *name, *value; } p[] = {
		{ "q", k->q }, { "event", k->event }, { "org", k->org },
		{ "kind", k->kind }, { "language", k->language },
		{ "year", k->year },
		{ "lang", r->lang_explicit ? r->lang : "" },
	};
	size_t i;

	buf_init(&b);
	buf_puts(&b, "/search");
	for (i = 0; i < ARRAY_LEN(p); i++) {
		if (*p[i].value == '\0')
			continue;
		buf_putc(&b, b.len > strlen("/search") ? '&' : '?');
		buf_puts(&b, p[i].name);
		buf_putc(&b, '=');
		url_arg(&b, p[i].value, strlen(p[i].value));
	}
	if (page > 1)
		buf_printf(&b, "%cpage=%lld", b.len > strlen("/search") ?
		    '&' : '?', page);
	out = req_url(r, b.s);
	buf_free(&b);
	return out;
}

static void hit_row(struct request *r, struct tv *view, sqlite3_stmt *s)
{
	struct tv *o = tv_add(view, TF_results);
	const char *lang = arena_strdup(r->a, sql_col(s, 7));
	const char *when = *sql_col(s, 10) ? sql_col(s, 10) : sql_col(s, 9);

	tv_str(o, TF_url, req_url(r, arena_printf(r->a, "/s/%s",
	    sql_col(s, 0))));
	pieces(r, o, TF_title_parts, sql_col(s, 1));
	pieces(r, o, TF_snippet_parts, sql_col(s, 2));
	tv_str(o, TF_st_speaker, arena_strdup(r->a, sql_col(s, 3)));
	tv_str(o, TF_st_org, arena_strdup(r->a, sql_col(s, 4)));
	tv_str(o, TF_st_on_behalf_of, arena_strdup(r->a, sql_col(s, 5)));
	tv_str(o, TF_st_kind, statement_kind_label(sql_col(s, 6)));
	tv_str(o, TF_st_lang, lang);
	tv_str(o, TF_lang_label, statement_language_label(lang));
	tv_bool(o, TF_translation, sqlite3_column_int(s, 11));
	tv_str(o, TF_st_event, arena_strdup(r->a, sql_col(s, 8)));
	tv_str(o, TF_st_date_human, date_human(r->a, i18n_current(), when));
}

/* Counts the hits (up to SEARCH_COUNT_MAX and one), shows a page of
 * them and the links to the pages around it. */
static void hits(struct request *r, struct tv *view,
    const struct search_ask *k)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_SEARCH_COUNT);
	long long count = 0, pages;

	sql_text(s, 1, k->fts);
	sql_int(s, 2, SEARCH_COUNT_MAX + 1);
	if (sqlite3_step(s) == SQLITE_ROW)
		count = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	tv_bool(view, TF_searched, 1);
	if (count > SEARCH_COUNT_MAX)
		tv_str(view, TF_count_label, arena_printf(r->a, _("More than "
		    "%d statements found."), SEARCH_COUNT_MAX));
	else if (count > 0)
		tv_str(view, TF_count_label, arena_printf(r->a, NG_("%lld "
		    "statement found.", "%lld statements found.",
		    (unsigned long)count), count));
	pages = (count + SEARCH_PAGE_SIZE - 1) / SEARCH_PAGE_SIZE;
	if (pages > SEARCH_MAX_PAGE)
		pages = SEARCH_MAX_PAGE;
	if (count == 0) {
		tv_bool(view, TF_none, 1);
		return;
	}
	if (k->page > pages) {
		tv_str(view, TF_past_end, arena_printf(r->a, _("This page is "
		    "past the last one: the results end on page %lld."),
		    pages));
		tv_str(view, TF_prev_url, page_url(r, k, pages));
		tv_bool(view, TF_pager, 1);
		return;
	}
	s = store_stmt(r->st, SQL_SEARCH_PAGE);
	sql_text(s, 1, k->fts);
	sql_int(s, 2, SEARCH_PAGE_SIZE);
	sql_int(s, 3, (k->page - 1) * SEARCH_PAGE_SIZE);
	while (sqlite3_step(s) == SQLITE_ROW) {
		hit_row(r, view, s);
		tv_bool(view, TF_has_results, 1);
	}
	sqlite3_reset(s);
	tv_bool(view, TF_pager, pages > 1);
	if (pages > 1)
		tv_str(view, TF_page_label, arena_printf(r->a, _("Page %lld "
		    "of %lld"), k->page, pages));
	if (k->page > 1)
		tv_str(view, TF_prev_url, page_url(r, k, k->page - 1));
	if (k->page < pages)
		tv_str(view, TF_next_url, page_url(r, k, k->page + 1));
}

/* ---- the page ---------------------------------------------------------------- */

/* Versions whose embargo has just ended are added to the index first, as
 * fragment_get() renders fragments that came due: unless another process
 * is writing, which then adds them itself (publish_keys). */
static void search_due(struct request *r)
{
	struct publisher p;

	if (!publish_search_waiting(r->st, (long long)time(NULL)))
		return;
	publisher_init(&p, r->st, r->a, r->app->tmpl, r->script_name);
	if (publish_due(&p, 0) < 0)
		log_err("adding statements whose embargo ended to the search "
		    "index failed");
}

void page_search(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);
	struct search_ask k;
	int bad;

	search_due(r);
	bad = ask_read(r, fd, view, &k);
	tv_str(view, TF_page_title, *k.q && !bad ? arena_printf(r->a,
	    _("Search: %s"), k.q) : _("Search"));
	tv_str(view, TF_action_url, req_url(r, "/search"));
	tv_str(view, TF_q, k.q);
	if (r->lang_explicit)
		tv_str(view, TF_lang, r->lang);
	tv_bool(view, TF_filtered, *k.event || *k.org || *k.kind ||
	    *k.language || *k.year);
	form_choices(r, view, &k);
	if (!bad && *k.fts)
		hits(r, view, &k);
	resp_page(r, bad ? 400 : 200, "search", view);
	if (!bad)
		resp_header(r, "Cache-Control", "public, max-age=60");
}
