/* publish.c — rendering approved statements into stored fragments and
 * feeds, when they change; exporting them as static files. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>
#include <sodium.h>

#include "catalog.h"
#include "date.h"
#include "i18n.h"
#include "markup.h"
#include "publish.h"
#include "settings.h"
#include "statement.h"
#include "store.h"
#include "template.h"
#include "util.h"
#include "valid.h"

#define ETAG_BYTES 12   /* an ETag: 96 bits of BLAKE2b, in hex */
#define ARTICLE_HASH 16 /* an article's hash, in the article table */
#define FEED_END "</feed>\n" /* how libxml2's writer ends a feed */

void publisher_init(struct publisher *p, struct store *st, struct arena *a,
    const struct tmpl_set *tmpl, const char *script_name)
{
	const char *base = setting_get(st, a, SET_base_url);

	memset(p, 0, sizeof(*p));
	p->st = st;
	p->a = a;
	p->tmpl = tmpl;
	p->now = time(NULL);
	p->site_name = setting_get(st, a, SET_site_name);
	p->default_lang = setting_get(st, a, SET_default_language);
	/* The default display's labels are in default_language; "displays-1"
	 * is the layout of the article table (schema 008), "parts-1" that of
	 * fragment_part and its boundaries (schema 009), "entries-1" that
	 * of feed_entry and of feeds in parts (schema 010). */
	p->version = arena_printf(a, "%s+%s+displays-1+parts-1+entries-1", publish_version(a,
	    tmpl, base, p->site_name), p->default_lang);
	p->static_dir = setting_get(st, a, SET_static_dir);
	if (*base != '\0') {
		p->base = base;
	} else if (script_name != NULL) {
		p->base = script_name;
		/* Remembered for `dais render`, which has no request. */
		if (strcmp(setting_get(st, a, SET_last_mount),
		    script_name) != 0)
			setting_set(st, SET_last_mount, script_name);
	} else {
		p->base = setting_get(st, a, SET_last_mount);
	}
}

/* ---- keys ----------------------------------------------------------------- */

static void key_add(struct publisher *p, struct keyset *ks, const char *key)
{
	int i;

	for (i = 0; i < ks->n; i++)
		if (strcmp(ks->key[i], key) == 0)
			return;
	if (ks->n < PUBLISH_MAX_KEYS)
		ks->key[ks->n++] = arena_strdup(p->a, key);
	else
		log_err("too many fragment keys for one change: %s dropped",
		    key);
}

/* A key's collection: the key without its "@LANG". */
static size_t base_len(const char *key)
{
	return strcspn(key, "@");
}

/* The keys are collections; each is stored in every display (publish_group).
 * A translation's keys are its original's. */
void publish_keys_of(struct publisher *p, long long id, struct keyset *ks)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_PUB_KEYS_OF);
	const char *pid, *ev, *ses, *org, *beh;

	sql_int(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return;
	}
	pid = arena_strdup(p->a, sql_col(s, 0));
	ev = arena_strdup(p->a, sql_col(s, 1));
	ses = arena_strdup(p->a, sql_col(s, 2));
	org = arena_strdup(p->a, sql_col(s, 3));
	beh = arena_strdup(p->a, sql_col(s, 4));
	sqlite3_reset(s);
	key_add(p, ks, arena_printf(p->a, "statement/%s", pid));
	key_add(p, ks, arena_printf(p->a, "event/%s", ev));
	if (*ses)
		key_add(p, ks, arena_printf(p->a, "event/%s/%s", ev, ses));
	if (*org)
		key_add(p, ks, arena_printf(p->a, "org/%s", org));
	if (*beh)
		key_add(p, ks, arena_printf(p->a, "org/%s", beh));
	key_add(p, ks, "atom/all");
	key_add(p, ks, arena_printf(p->a, "atom/%s", ev));
}

/* ---- displays ------------------------------------------------------------- */

/* The displays of every collection: 0 is the default (no ?lang=: each
 * statement in its original, labels in default_language), d > 0 the
 * interface language i18n_languages[d - 1]. A set of them is a bit mask. */
static int display_count(void)
{
	int n = 0;

	while (i18n_languages[n] != NULL)
		n++;
	return n + 1;
}

static unsigned display_all(void)
{
	return (1u << display_count()) - 1;
}

static const char *display_tag(int d)
{
	return d == 0 ? "" : i18n_languages[d - 1];
}

static int display_of(const char *tag)
{
	int d;

	for (d = 1; d < display_count(); d++)
		if (strcmp(tag, display_tag(d)) == 0)
			return d;
	return 0;
}

/* The language of display d's labels and dates. */
static const char *display_ui(const struct publisher *p, int d)
{
	return d == 0 ? p->default_lang : display_tag(d);
}

/* The display for a ?lang= tag: the interface language it names
 * (i18n_supported: "fr-CA" -> "fr"), else "" (the default display). */
const char *publish_display(const char *lang)
{
	const char *l;

	if (lang == NULL || *lang == '\0' || valid_lang(lang) != NULL)
		return "";
	l = i18n_supported(lang);
	return l != NULL ? l : "";
}

/* A key split into its filters (the PUB_WHERE parameters). */
struct filter {
	const char *kind;  /* statement, event, org, atom */
	const char *event, *session, *org, *lang, *id;
};

static int key_parse(struct publisher *p, const char *key, struct filter *f)
{
	char *k = arena_strdup(p->a, key), *at = strchr(k, '@'), *slash;
	char *rest;

	memset(f, 0, sizeof(*f));
	f->event = f->session = f->org = f->id = "";
	f->lang = at ? at + 1 : "";
	if (at)
		*at = '\0';
	slash = strchr(k, '/');
	if (slash == NULL)
		return -1;
	*slash = '\0';
	f->kind = k;
	rest = slash + 1;
	if (strcmp(k, "statement") == 0) {
		f->id = rest;
	} else if (strcmp(k, "event") == 0) {
		slash = strchr(rest, '/');
		if (slash) {
			*slash = '\0';
			f->session = slash + 1;
		}
		f->event = rest;
	} else if (strcmp(k, "org") == 0) {
		f->org = rest;
	} else if (strcmp(k, "atom") == 0) {
		if (strncmp(rest, "org/", 4) == 0) /* publish_feed_made */
			f->org = rest + 4;
		else
			f->event = strcmp(rest, "all") == 0 ? "" : rest;
	} else {
		return -1;
	}
	return 0;
}

/* The parameters of the PUB_ queries (a query uses some of them). */
static void filter_bind(struct publisher *p, sqlite3_stmt *s,
    const struct filter *f)
{
	int i, n = sqlite3_bind_parameter_count(s);

	for (i = 1; i <= n; i++) {
		switch (i) {
		case 1: sql_text(s, i, f->event); break;
		case 2: sql_text(s, i, f->session); break;
		case 3: sql_text(s, i, f->org); break;
		case 4: sql_text(s, i, f->lang); break;
		case 5: sql_int(s, i, (long long)p->now); break;
		case 6: sql_text(s, i, f->id); break;
		}
	}
}

/* A feed of every event: newest first from its own index. */
static int filter_all(const struct filter *f)
{
	return strcmp(f->kind, "atom") == 0 && *f->event == '\0' &&
	    *f->org == '\0';
}

/* ---- rendering ------------------------------------------------------------ */

static void item_view(struct publisher *p, const struct statement *st,
    struct tv *o)
{
	statement_view(p->a, st, o);
	tv_str(o, TF_st_url, arena_printf(p->a, "%s/s/%s", p->base,
	    st->public_id));
}

/* Is tag in language lang: lang itself or one of its subtags? */
static int lang_match(const char *lang, const char *tag)
{
	size_t n = strlen(lang);

	return n > 0 && ascii_ncasecmp(tag, lang, n) == 0 &&
	    (tag[n] == '\0' || tag[n] == '-');
}

/* The article of one statement version (templates/statement.html, as
 * every list shows it) with labels and dates in ui; orig: the original
 * when st is a translation of it, else NULL. Called with ui in use. */
static void render_article(struct publisher *p, const struct statement *st,
    const struct statement *orig, const char *ui, struct buf *out)
{
	struct tv *o = tv_new(p->a);

	item_view(p, st, o);
	tv_str(o, TF_st_date_human, *st->delivered ? date_human(p->a, ui,
	    st->delivered) : NULL);
	if (*st->corrected)
		tv_str(o, TF_st_corrected_human, date_human(p->a, ui,
		    st->corrected));
	tv_str(o, TF_ui_lang, ui);
	tv_str(o, TF_ui_dir, lang_rtl(ui) ? "rtl" : "ltr");
	if (orig != NULL)
		tv_str(o, TF_st_lang_note, arena_printf(p->a,
		    _("Translated from %s"),
		    statement_language_name(orig->language)));
	else if (!lang_match(arena_strndup(p->a, ui, strcspn(ui, "-")),
	    st->language))
		tv_str(o, TF_st_lang_note, arena_printf(p->a,
		    /* TRANSLATORS: %s is a language's name, as translated
		     * ("Spanish"). */
		    _("Original in %s"),
		    statement_language_name(st->language)));
	tmpl_render(tmpl_get(p->tmpl, "statement"), o, out);
}

/* The version of original o that display d shows among its published
 * translations v[0..n): the one in d's language (the exact tag first),
 * not under embargo; else o. *switch_at: when one under embargo ends. */
static const struct statement *display_version(struct publisher *p, int d,
    const struct statement *o, const struct statement *v, int n,
    long long *switch_at)
{
	const struct statement *best = NULL;
	const char *lang = display_tag(d);
	int i;

	*switch_at = 0;
	if (d == 0 || lang_match(lang, o->language))
		return o;
	for (i = 0; i < n; i++) {
		if (!lang_match(lang, v[i].language))
			continue;
		if (v[i].publish_at > (long long)p->now) {
			if (*switch_at == 0 || v[i].publish_at < *switch_at)
				*switch_at = v[i].publish_at;
			continue;
		}
		if (best == NULL || strcmp(v[i].language, lang) == 0)
			best = &v[i];
	}
	return best ? best : o;
}

/* A stable URN for an Atom id: a UUID made from a hash of the name. */
static const char *atom_id(struct publisher *p, const char *name)
{
	unsigned char h[16];
	char x[33];

	crypto_generichash(h, sizeof(h), (const unsigned char *)name,
	    strlen(name), NULL, 0);
	h[6] = (h[6] & 0x0f) | 0x50;
	h[8] = (h[8] & 0x3f) | 0x80;
	hex_encode(x, h, sizeof(h));
	return arena_printf(p->a, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", x,
	    x + 8, x + 12, x + 16, x + 20);
}

static void atom_entry(struct publisher *p, xmlTextWriterPtr w,
    const struct statement *st, const char *html)
{
	const char *when = *st->corrected ? st->corrected : *st->published ?
	    st->published : st->updated;

	xmlTextWriterStartElement(w, BAD_CAST "entry");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang",
	    BAD_CAST st->language);
	xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST st->title);
	xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST atom_id(p,
	    arena_printf(p->a, "dais statement %s", st->public_id)));
	xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST when);
	if (*st->published)
		xmlTextWriterWriteElement(w, BAD_CAST "published",
		    BAD_CAST st->published);
	xmlTextWriterStartElement(w, BAD_CAST "author");
	/* TRANSLATORS: a feed entry's author: the speaker, then the
	 * organisation. */
	xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST (*st->speaker ?
	    arena_printf(p->a, C_("speaker, organisation", "%s, %s"),
	    st->speaker, st->org_name) : st->org_name));
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "link");
	xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "alternate");
	xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "text/html");
	xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST arena_printf(
	    p->a, "%s/s/%s", p->base, st->public_id));
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "content");
	xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "html");
	xmlTextWriterWriteString(w, BAD_CAST html);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
}

/* Atom entry of version st (html: its article) as every feed shows it,
 * rendered alone: the same bytes as inside a feed, since the writer
 * indents nothing. Called with the display's language in use. */
static void render_entry(struct publisher *p, const struct statement *st,
    const char *html, struct buf *out)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);

	atom_entry(p, w, st, html);
	xmlFreeTextWriter(w); /* flushes */
	buf_put(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
}

/* Stores display d's article of original o showing version st, and its
 * feed entry, unless the same are stored: 1 when either changed, 0 when
 * not, -1 on error. The article's hash covers what places it in a list
 * too, so a moved statement changes. */
static int article_put(struct publisher *p, const struct statement *o,
    int d, const struct statement *st, long long switch_at)
{
	const char *ui = display_ui(p, d), *prev = i18n_use(ui), *place;
	sqlite3_stmt *s;
	unsigned char hash[ARTICLE_HASH], ehash[ARTICLE_HASH];
	crypto_generichash_state h;
	struct buf html, entry;
	int rc = 0, same, esame;

	buf_init(&html);
	buf_init(&entry);
	render_article(p, st, st == o ? NULL : o, ui, &html);
	render_entry(p, st, html.s ? html.s : "", &entry);
	i18n_use(prev);
	place = arena_printf(p->a, "%lld %lld %lld %lld %lld %lld %s %s %s %lld",
	    o->event_id, o->session_id, o->org_id, o->behalf_org_id,
	    o->publish_at, switch_at, o->published, o->delivered, o->created,
	    st->id);
	crypto_generichash_init(&h, NULL, 0, sizeof(hash));
	crypto_generichash_update(&h, (const unsigned char *)place,
	    strlen(place) + 1);
	crypto_generichash_update(&h, (const unsigned char *)html.s, html.len);
	crypto_generichash_final(&h, hash, sizeof(hash));
	crypto_generichash(ehash, sizeof(ehash), (const unsigned char *)entry.s,
	    entry.len, NULL, 0);
	s = store_stmt(p->st, SQL_ARTICLE_HASH);
	sql_int(s, 1, o->id);
	sql_text(s, 2, display_tag(d));
	same = esame = 0;
	if (sqlite3_step(s) == SQLITE_ROW) {
		same = sqlite3_column_bytes(s, 0) == (int)sizeof(hash) &&
		    memcmp(sqlite3_column_blob(s, 0), hash, sizeof(hash)) == 0;
		esame = sqlite3_column_bytes(s, 1) == (int)sizeof(ehash) &&
		    memcmp(sqlite3_column_blob(s, 1), ehash, sizeof(ehash)) == 0;
	}
	sqlite3_reset(s);
	if (!same) {
		s = store_stmt(p->st, SQL_ARTICLE_PUT);
		sql_int(s, 1, o->id);
		sql_text(s, 2, display_tag(d));
		sql_int(s, 3, st->id);
		sql_text(s, 4, st->language);
		sql_int(s, 5, switch_at);
		sqlite3_bind_blob(s, 6, hash, sizeof(hash), SQLITE_STATIC);
		rc = store_exec(s) == SQLITE_DONE ? 1 : -1;
		if (rc > 0) {
			s = store_stmt(p->st, SQL_ARTICLE_HTML_PUT);
			sql_int(s, 1, o->id);
			sql_text(s, 2, display_tag(d));
			sql_text(s, 3, html.s ? html.s : "");
			rc = store_exec(s) == SQLITE_DONE ? 1 : -1;
		}
	}
	if (!esame && rc >= 0) {
		s = store_stmt(p->st, SQL_FEED_ENTRY_PUT);
		sql_int(s, 1, o->id);
		sql_text(s, 2, display_tag(d));
		sql_text(s, 3, st->published);
		sqlite3_bind_blob(s, 4, ehash, sizeof(ehash), SQLITE_STATIC);
		sql_text(s, 5, entry.s ? entry.s : "");
		rc = store_exec(s) == SQLITE_DONE ? 1 : -1;
	}
	buf_free(&html);
	buf_free(&entry);
	return rc;
}

/* Deletes the articles of original id: the displays they were in. */
static unsigned article_drop(struct publisher *p, long long id)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_ARTICLE_DISPLAYS);
	unsigned changed = 0;

	sql_int(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW)
		changed |= 1u << display_of(sql_col(s, 0));
	sqlite3_reset(s);
	s = store_stmt(p->st, SQL_ARTICLE_DEL);
	sql_int(s, 1, id);
	if (store_exec(s) != SQLITE_DONE)
		return display_all() + 1; /* an error: see article_refresh */
	return changed;
}

/* ---- the search index ----------------------------------------------------- */

/* The index of public search (schema/014-search.sql) holds exactly the
 * versions a reader may see now, so a search needs no condition on state
 * or embargo. It is kept here, in the transaction of every change:
 * article_refresh() makes the entries of a statement's versions again,
 * and due_render() adds those whose embargo has ended. */

/* Runs statement id with ?1 original, ?2 now: 0 or -1. */
static int search_run(struct store *st, enum sql_id id, long long original,
    long long now)
{
	sqlite3_stmt *s = store_stmt(st, id);

	sql_int(s, 1, original);
	sql_int(s, 2, now);
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

static int search_refresh(struct store *st, long long original, long long now)
{
	/* Deleted and added again: an edit, a withdrawal, a translation
	 * approved or an embargo moved all come to this. */
	return search_run(st, SQL_SEARCH_DEL, original, now) == 0 &&
	    search_run(st, SQL_SEARCH_DOC_DEL, original, now) == 0 &&
	    search_run(st, SQL_SEARCH_DUE_DEL, original, now) == 0 &&
	    search_run(st, SQL_SEARCH_PUT, original, now) == 0 &&
	    search_run(st, SQL_SEARCH_DOC_PUT, original, now) == 0 &&
	    search_run(st, SQL_SEARCH_DUE_PUT, original, now) == 0 ? 0 : -1;
}

#define DUE_BATCH 64

static int search_due_run(struct store *st, long long now)
{
	long long ids[DUE_BATCH];
	int n, i, rounds = 0;

	do {
		sqlite3_stmt *s = store_stmt(st, SQL_SEARCH_DUE_NEXT);

		n = 0;
		sql_int(s, 1, now);
		sql_int(s, 2, DUE_BATCH);
		while (n < DUE_BATCH && sqlite3_step(s) == SQLITE_ROW)
			ids[n++] = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		/* Each refresh takes its versions out of search_due (and
		 * puts back only those still to come), so the rounds end;
		 * the bound is a guard. */
		for (i = 0; i < n; i++)
			if (search_refresh(st, ids[i], now) != 0)
				return -1;
	} while (n == DUE_BATCH && ++rounds < 100000);
	return 0;
}

int publish_search_waiting(struct store *st, long long now)
{
	sqlite3_stmt *s = store_stmt(st, SQL_SEARCH_DUE_ANY);
	int found;

	sql_int(s, 1, now);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return found;
}

/* Renders and stores every display's article of the statement public_id
 * names (an original, or a translation: its original's), or deletes them
 * when the original is not approved. Adds the displays whose article
 * changed to p->changed. 0 or -1. */
static int article_refresh(struct publisher *p, const char *public_id)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_PUB_ARTICLE_OF);
	struct statement o, *v = NULL;
	size_t cap = 0;
	int n = 0, d, rc;

	sql_text(s, 1, public_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return 0;
	}
	statement_row(p->a, s, &o);
	sqlite3_reset(s);
	/* The search index holds what a reader may see: kept here, in the
	 * same transaction, whatever the change was (search.h); not when
	 * only the templates changed (bring_current), which the index's text
	 * does not depend on: that would rebuild it whole at each upgrade. */
	if (!p->keep_search && search_refresh(p->st, o.id,
	    (long long)p->now) != 0)
		return -1;
	if (strcmp(o.state, "approved") != 0) {
		unsigned ch = article_drop(p, o.id);

		if (ch > display_all())
			return -1;
		p->changed |= ch;
		return 0;
	}
	s = store_stmt(p->st, SQL_PUB_VERSIONS_OF);
	sql_int(s, 1, o.id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		v = arena_grow(p->a, v, (size_t)n, &cap, sizeof(*v));
		statement_row(p->a, s, &v[n++]);
	}
	sqlite3_reset(s);
	for (d = 0; d < display_count(); d++) {
		long long sw;
		const struct statement *st = display_version(p, d, &o, v, n,
		    &sw);

		if ((rc = article_put(p, &o, d, st, sw)) < 0)
			return -1;
		if (rc > 0)
			p->changed |= 1u << d;
	}
	return 0;
}

struct variant;
static int render_part(struct publisher *p, const struct variant *x,
    int from, int to, struct buf *out);

/* One entry of a list, as PUB_LIST_* place it (no html: see render_part). */
struct entry {
	long long article_id, statement_id;
	long long event, session; /* an event's or organisation's list */
	const char *title;   /* the heading of its group: session or event */
	const char *label;   /* the group heading it starts, when group */
	int group;           /* starts a group */
	unsigned char hash[ARTICLE_HASH];
};

/* One display of a collection. */
struct variant {
	const char *key;
	int display;
	struct entry *e;   /* the published articles, in order */
	int n, cap;
	long long due;     /* the next embargo to end among its statements */
	crypto_generichash_state etag; /* of what makes it: see list_read */
};

/* A string and its end into a hash. */
static void hash_str(crypto_generichash_state *h, const char *s)
{
	crypto_generichash_update(h, (const unsigned char *)s, strlen(s) + 1);
}

/* A run of a list: the entries of one event's session (or of none), and
 * where it goes. The order is by event (its start date, then id), then by
 * session (position, none as 1,000,000, then id, none first), then, within
 * the run, as the query read it: delivered, created, statement id. */
struct run {
	long long event, session, position;
	const char *starts;  /* the event's; "" in an event's own list */
	const char *title;   /* the group's heading */
	int from, n;
};

static int run_cmp(const void *a, const void *b)
{
	const struct run *x = a, *y = b;
	int c = strcmp(x->starts, y->starts);

	if (c != 0)
		return c;
	if (x->event != y->event)
		return x->event < y->event ? -1 : 1;
	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return (x->session > y->session) - (x->session < y->session);
}

/* Where run r goes and its heading: by_event, the event's title (an
 * organisation's list), else its session's. */
static void run_place(struct publisher *p, struct run *r, int by_event)
{
	sqlite3_stmt *s;

	r->position = 1000000;
	r->starts = r->title = "";
	if (r->session != 0) {
		s = store_stmt(p->st, SQL_PUB_SESSION_PLACE);
		sql_int(s, 1, r->session);
		if (sqlite3_step(s) == SQLITE_ROW) {
			if (!by_event)
				r->title = arena_strdup(p->a, sql_col(s, 0));
			r->position = sqlite3_column_int64(s, 1);
		}
		sqlite3_reset(s);
	}
	if (by_event) {
		s = store_stmt(p->st, SQL_PUB_EVENT_PLACE);
		sql_int(s, 1, r->event);
		if (sqlite3_step(s) == SQLITE_ROW) {
			r->title = arena_strdup(p->a, sql_col(s, 0));
			r->starts = arena_strdup(p->a, sql_col(s, 1));
		}
		sqlite3_reset(s);
	}
}

/* Puts the entries of an event's or an organisation's list, read by event
 * and session id from an index alone (PUB_LIST_EVENT, PUB_LIST_ORG), in
 * the order of their events and sessions (run_cmp), each titled. */
static void list_order(struct publisher *p, struct variant *x, int by_event)
{
	struct run *r = NULL;
	struct entry *e;
	size_t cap = 0;
	int nr = 0, i, k = 0;

	for (i = 0; i < x->n; i++) {
		long long ev = by_event ? x->e[i].event : 0;

		if (nr > 0 && ev == r[nr - 1].event &&
		    x->e[i].session == r[nr - 1].session) {
			r[nr - 1].n++;
			continue;
		}
		r = arena_grow(p->a, r, (size_t)nr, &cap, sizeof(*r));
		memset(&r[nr], 0, sizeof(r[nr]));
		r[nr].event = ev;
		r[nr].session = x->e[i].session;
		r[nr].from = i;
		r[nr].n = 1;
		if (nr > 0 && by_event && r[nr].event == r[nr - 1].event) {
			/* The same event: its title and date again. */
			run_place(p, &r[nr], 0);
			r[nr].title = r[nr - 1].title;
			r[nr].starts = r[nr - 1].starts;
		} else {
			run_place(p, &r[nr], by_event);
		}
		nr++;
	}
	if (nr > 1)
		qsort(r, (size_t)nr, sizeof(*r), run_cmp);
	e = arena_alloc(p->a, (size_t)(x->n ? x->n : 1) * sizeof(*e));
	for (i = 0; i < nr; i++) {
		int j;

		for (j = 0; j < r[i].n; j++) {
			e[k] = x->e[r[i].from + j];
			e[k++].title = r[i].title;
		}
	}
	x->e = e;
}

/* Reads the entries of one display of a collection (f, its display in
 * f->lang): grouped by session for an event, by event for an organisation;
 * one group without a heading for a statement. The statements still under
 * embargo are left out and give the variant its due time, and so does a
 * translation under embargo (its article changes then). Reads no html:
 * only the parts that changed are rendered (render_part).
 *
 * A variant's ETag is a hash of everything its bytes are made from: its
 * key, the renderer's version (templates and sanitizer), each group's label
 * and each article's hash, in order. Hashing the fragment itself would
 * read megabytes per change (an event of 1,000 statements is 1 MB). */
static void list_read(struct publisher *p, const struct filter *f,
    struct variant *x)
{
	int one = *f->id != '\0';
	int by_event = strcmp(f->kind, "org") == 0;
	sqlite3_stmt *s = store_stmt(p->st, one ? SQL_PUB_LIST_STATEMENT :
	    by_event ? SQL_PUB_LIST_ORG : SQL_PUB_LIST_EVENT);
	int i;

	filter_bind(p, s, f);
	while (sqlite3_step(s) == SQLITE_ROW) {
		long long at = sqlite3_column_int64(s, 4);
		long long sw = sqlite3_column_int64(s, 6);
		struct entry *e;

		if (sw > (long long)p->now && (x->due == 0 || sw < x->due))
			x->due = sw;
		if (at > (long long)p->now) {
			if (x->due == 0 || at < x->due)
				x->due = at;
			continue;
		}
		if (x->n == x->cap) {
			struct entry *ne;

			x->cap = x->cap ? 2 * x->cap : 64;
			ne = arena_alloc(p->a, (size_t)x->cap * sizeof(*ne));
			if (x->n)
				memcpy(ne, x->e, (size_t)x->n * sizeof(*ne));
			x->e = ne;
		}
		e = &x->e[x->n++];
		memset(e, 0, sizeof(*e));
		e->article_id = sqlite3_column_int64(s, 2);
		e->statement_id = sqlite3_column_int64(s, 3);
		if (one) {
			e->title = arena_strdup(p->a, sql_col(s, 1));
		} else { /* ids; NULL (no session) is 0 */
			e->event = sqlite3_column_int64(s, 0);
			e->session = sqlite3_column_int64(s, 1);
		}
		if (sqlite3_column_bytes(s, 5) == ARTICLE_HASH)
			memcpy(e->hash, sqlite3_column_blob(s, 5), ARTICLE_HASH);
	}
	sqlite3_reset(s);
	if (!one)
		list_order(p, x, by_event);
	crypto_generichash_init(&x->etag, NULL, 0, ETAG_BYTES);
	hash_str(&x->etag, x->key);
	hash_str(&x->etag, p->version);
	for (i = 0; i < x->n; i++) {
		struct entry *e = &x->e[i];

		if (i == 0 || strcmp(e->title, x->e[i - 1].title) != 0) {
			e->group = 1;
			e->label = *f->session || one ? NULL : e->title;
			hash_str(&x->etag, e->title);
		}
		crypto_generichash_update(&x->etag, e->hash, sizeof(e->hash));
	}
}

/* The entries [offset, offset + limit) of key's list as publish.c places
 * them into x (x->n == 0: none), a page begun inside a group repeating
 * its heading; *total: the list's length. 0 or -1. */
static int list_page_read(struct publisher *p, const char *key, int offset,
    int limit, struct variant *x, int *total)
{
	struct filter f;
	struct variant *v;
	int n;

	*total = 0;
	memset(x, 0, sizeof(*x));
	if (key_parse(p, key, &f) != 0 || strcmp(f.kind, "atom") == 0 ||
	    *f.id != '\0')
		return -1;
	/* Not in the arena: a hash state needs 64-byte alignment. */
	v = aligned_alloc(_Alignof(struct variant), sizeof(*v));
	if (v == NULL)
		return -1;
	memset(v, 0, sizeof(*v));
	v->key = key;
	v->display = display_of(f.lang);
	list_read(p, &f, v);
	*total = v->n;
	n = v->n - offset < limit ? v->n - offset : limit;
	x->key = key;
	x->display = v->display;
	if (offset >= 0 && n > 0) {
		x->n = n;
		x->e = arena_alloc(p->a, (size_t)n * sizeof(*x->e));
		memcpy(x->e, v->e + offset, (size_t)n * sizeof(*x->e));
		if (!x->e[0].group && *f.session == '\0') {
			x->e[0].group = 1;
			x->e[0].label = x->e[0].title;
		}
	}
	free(v);
	return 0;
}

/* A page of one display of a list (the archive's pages): the articles
 * [offset, offset + limit) of key's list as publish.c places them, made
 * of the stored articles (ARTICLE_HTML) with the list's own template; a
 * page begun inside a group repeats its heading. */
int publish_list_page(struct publisher *p, const char *key, int offset,
    int limit, struct buf *out, int *total)
{
	struct variant x;

	if (list_page_read(p, key, offset, limit, &x, total) != 0)
		return -1;
	return x.n > 0 ? render_part(p, &x, 0, x.n, out) : 0;
}

int publish_list_toc(struct publisher *p, const char *key, int offset,
    int limit, struct publish_toc **toc, int *n)
{
	struct variant x;
	int total, i;

	*toc = NULL;
	*n = 0;
	if (list_page_read(p, key, offset, limit, &x, &total) != 0)
		return -1;
	if (x.n > 0)
		*toc = arena_alloc(p->a, (size_t)x.n * sizeof(**toc));
	for (i = 0; i < x.n; i++) {
		(*toc)[i].article_id = x.e[i].article_id;
		(*toc)[i].group = x.e[i].group ? (x.e[i].label ?
		    x.e[i].label : "") : NULL;
	}
	*n = x.n;
	return 0;
}

/* ---- parts ---------------------------------------------------------------- */

/* A list of up to PART_WHOLE articles is stored whole (one row, served
 * from SQLite's memory as it is); a longer one in parts of about
 * PART_ARTICLES articles. A part ends before an article whose statement id
 * hashes to 0 modulo PART_ARTICLES: the boundaries move with the
 * statements, not with positions, so an insertion or a removal changes the
 * part it falls in (rarely two) and no other. A change renders, writes and
 * deletes a whole part in each of the lists and displays it touches, and
 * what a commit writes (and syncs) is most of an approval's time, so parts
 * are small: in an event of 1,000 with five displays, 0.73 MB written per
 * approval (the WAL and its checkpoint) with 8, 0.82 MB with 16, 2.8 MB
 * with 32. A GET of a list in parts reads one row per 8 articles. */
#define PART_WHOLE 64
#define PART_ARTICLES 8

static int part_boundary(long long statement_id)
{
	unsigned long long h = (unsigned long long)statement_id *
	    0x9e3779b97f4a7c15ull;

	return (h >> 40) % PART_ARTICLES == 0;
}

/* A part's hash: of what its bytes are made from, as for the ETag, and of
 * its place (first: the list's opening; last: its end). */
static void part_hash(struct publisher *p, const struct variant *x,
    int from, int to, unsigned char *out)
{
	crypto_generichash_state h;
	const char *ui = display_ui(p, x->display);
	int i;

	crypto_generichash_init(&h, NULL, 0, ARTICLE_HASH);
	hash_str(&h, p->version);
	hash_str(&h, from == 0 ? ui : "");
	hash_str(&h, to == x->n ? "end" : "");
	for (i = from; i < to; i++) {
		const struct entry *e = &x->e[i];

		if (e->group)
			hash_str(&h, arena_printf(p->a, "%s%c%s", i > 0 ?
			    "close" : "", e->label ? '+' : '-',
			    e->label ? e->label : ""));
		crypto_generichash_update(&h, e->hash, sizeof(e->hash));
	}
	crypto_generichash_final(&h, out, ARTICLE_HASH);
}

/* The id of a session's heading on its event's page: session-SLUG. */
static const char *session_anchor(struct publisher *p, long long session)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_SESSION_SLUG);
	const char *id = NULL;

	sql_int(s, 1, session);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = arena_printf(p->a, "session-%s", sql_col(s, 0));
	sqlite3_reset(s);
	return id;
}

/* Renders the articles [from, to) of list x into out: the list's opening
 * when from is 0, its end when to is x->n; a group begun in an earlier
 * part goes on without a heading. The parts of a list rendered one after
 * the other are the list rendered whole. */
static int render_part(struct publisher *p, const struct variant *x,
    int from, int to, struct buf *out)
{
	const char *ui = display_ui(p, x->display);
	struct tv *view = tv_new(p->a), *g = NULL;
	sqlite3_stmt *s;
	int i;

	tv_str(view, TF_ui_lang, ui);
	tv_str(view, TF_ui_dir, lang_rtl(ui) ? "rtl" : "ltr");
	tv_bool(view, TF_list_start, from == 0);
	tv_bool(view, TF_list_end, to == x->n);
	for (i = from; i < to; i++) {
		const struct entry *e = &x->e[i];

		if (g == NULL || e->group) {
			g = tv_add(view, TF_groups);
			tv_bool(g, TF_group_start, e->group);
			tv_bool(g, TF_group_close, e->group && i > 0);
			tv_str(g, TF_label, e->group ? e->label : NULL);
			if (p->anchors && e->group && e->session != 0)
				tv_str(g, TF_anchor, session_anchor(p,
				    e->session));
		}
		s = store_stmt(p->st, SQL_ARTICLE_HTML);
		sql_int(s, 1, e->article_id);
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_reset(s);
			return -1;
		}
		tv_sanitized(tv_add(g, TF_items), TF_article_html,
		    arena_strndup(p->a, sql_col(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0)));
		sqlite3_reset(s);
	}
	tmpl_render(tmpl_get(p->tmpl, p->anchors ? "event_list" :
	    "fragment_list"), view, out);
	return 0;
}

/* The part rows a key has, read at once: each part is found among them
 * by its hash instead of by a lookup of its own, and the rows no part kept
 * are deleted after (partset_prune). */
struct partrow {
	long long id;
	unsigned char hash[ARTICLE_HASH];
	int kept;
};

struct partset {
	struct partrow *r;
	size_t n, cap;
};

static void partset_read(struct publisher *p, const char *key,
    struct partset *ps)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_PART_HASHES);

	memset(ps, 0, sizeof(*ps));
	sql_text(s, 1, key);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct partrow *r;

		ps->r = arena_grow(p->a, ps->r, ps->n, &ps->cap, sizeof(*r));
		r = &ps->r[ps->n++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(s, 0);
		if (sqlite3_column_bytes(s, 1) == ARTICLE_HASH)
			memcpy(r->hash, sqlite3_column_blob(s, 1), ARTICLE_HASH);
	}
	sqlite3_reset(s);
}

/* Deletes the rows of ps that no part kept. 0 or -1. */
static int partset_prune(struct publisher *p, const struct partset *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		sqlite3_stmt *s;

		if (ps->r[i].kept)
			continue;
		s = store_stmt(p->st, SQL_PART_DEL);
		sql_int(s, 1, ps->r[i].id);
		if (store_exec(s) != SQLITE_DONE)
			return -1;
	}
	return 0;
}

/* The part [from, to) of list x: the id of its row, found in ps by its
 * hash or rendered and stored. 0 on error. */
static long long part_put(struct publisher *p, const struct variant *x,
    int from, int to, struct partset *ps)
{
	unsigned char h[ARTICLE_HASH];
	sqlite3_stmt *s;
	long long id = 0;
	struct buf out;
	size_t i;

	part_hash(p, x, from, to, h);
	for (i = 0; i < ps->n; i++)
		if (!ps->r[i].kept && memcmp(ps->r[i].hash, h, sizeof(h)) == 0) {
			ps->r[i].kept = 1;
			return ps->r[i].id;
		}
	buf_init(&out);
	if (render_part(p, x, from, to, &out) == 0) {
		s = store_stmt(p->st, SQL_PART_PUT);
		sql_text(s, 1, x->key);
		sqlite3_bind_blob(s, 2, h, sizeof(h), SQLITE_STATIC);
		sql_text(s, 3, out.s ? out.s : "");
		if (store_exec(s) == SQLITE_DONE)
			id = sqlite3_last_insert_rowid(p->st->db);
	}
	buf_free(&out);
	return id;
}

/* Stores the parts of list x and returns their ids in order ("12 13 57"),
 * or NULL on error. */
static const char *parts_put(struct publisher *p, const struct variant *x,
    struct partset *ps)
{
	struct buf ids;
	const char *r = NULL;
	int from = 0, i;

	buf_init(&ids);
	for (i = 1; i <= x->n; i++) {
		long long id;

		if (i < x->n && !part_boundary(x->e[i].statement_id))
			continue;
		if ((id = part_put(p, x, from, i, ps)) == 0)
			goto out;
		buf_printf(&ids, "%s%lld", from > 0 ? " " : "", id);
		from = i;
	}
	r = arena_strdup(p->a, ids.s ? ids.s : "");
out:
	buf_free(&ids);
	return r;
}

#define PART_DROP_MAX 256

/* Does ids (space-separated) name id? */
static int parts_name(const char *ids, long long id)
{
	const char *c = ids;
	char *end;

	while (*c != '\0') {
		int entry = *c == 'e'; /* a feed entry: not a part */
		long long v = strtoll(c + entry, &end, 10);

		if (end == c + entry)
			return 0;
		if (v == id && !entry)
			return 1;
		c = end;
		while (*c == ' ')
			c++;
	}
	return 0;
}

int publish_parts_read(struct store *st, const char *ids, struct buf *out)
{
	const char *c = ids;
	char *end;

	while (*c != '\0') {
		int entry = *c == 'e'; /* "eID": a feed entry (schema 010) */
		long long id = strtoll(c + entry, &end, 10);
		sqlite3_stmt *s = store_stmt(st, entry ? SQL_FEED_ENTRY_GET :
		    SQL_PART_GET);
		int found;

		if (end == c + entry)
			return -1;
		sql_int(s, 1, id);
		found = sqlite3_step(s) == SQLITE_ROW;
		if (found)
			buf_put(out, sql_col(s, 0),
			    (size_t)sqlite3_column_bytes(s, 0));
		sqlite3_reset(s);
		if (!found)
			return -1;
		c = end;
		while (*c == ' ')
			c++;
	}
	return 0;
}

/* Deletes the parts of key that ids (as parts_put makes them) does not
 * name. */
static int parts_prune(struct publisher *p, const char *key, const char *ids)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_PART_IDS);
	long long drop[PART_DROP_MAX];
	int n = 0, i, more = 0;

	if (*ids == '\0') {
		s = store_stmt(p->st, SQL_PART_DEL_KEY);
		sql_text(s, 1, key);
		return store_exec(s) == SQLITE_DONE ? 0 : -1;
	}
	sql_text(s, 1, key);
	while (sqlite3_step(s) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(s, 0);

		if (parts_name(ids, id))
			continue;
		if (n == PART_DROP_MAX) {
			more = 1;
			break;
		}
		drop[n++] = id;
	}
	sqlite3_reset(s);
	for (i = 0; i < n; i++) {
		s = store_stmt(p->st, SQL_PART_DEL);
		sql_int(s, 1, drop[i]);
		if (store_exec(s) != SQLITE_DONE)
			return -1;
	}
	return more ? parts_prune(p, key, ids) : 0;
}

/* The head of an Atom feed (RFC 4287): the feed's own elements, up to
 * and with its <updated> (the newest entry's date, or now), written with
 * libxml2's writer, which escapes every text and attribute. Its entries
 * follow (render_entry), then FEED_END. */
static void render_atom_head(struct publisher *p, const struct filter *f,
    const char *updated, struct buf *out)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
	const char *q = *f->lang ? arena_printf(p->a, "?lang=%s", f->lang) : "";
	const char *self = *f->org ? arena_printf(p->a,
	    "%s/feed/org/%s.atom%s", p->base, f->org, q) : *f->event ?
	    arena_printf(p->a, "%s/feed/%s.atom%s", p->base, f->event, q) :
	    arena_printf(p->a, "%s/feed.atom%s", p->base, q);
	const char *page = *f->org ? arena_printf(p->a, "%s/o/%s%s", p->base,
	    f->org, q) : *f->event ? arena_printf(p->a, "%s/e/%s%s", p->base,
	    f->event, q) : arena_printf(p->a, "%s/%s", p->base, q);
	const char *title = p->site_name;
	size_t len;

	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElementNS(w, NULL, BAD_CAST "feed",
	    BAD_CAST "http://www.w3.org/2005/Atom");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST (*f->lang ?
	    f->lang : p->default_lang));
	if (*f->event) {
		struct event_def e;

		/* TRANSLATORS: a feed's title: the site's name, then the
		 * event's title. */
		title = arena_printf(p->a, C_("site: event", "%s: %s"),
		    p->site_name, event_find(p->st, p->a, f->event, &e) == 0 ?
		    e.title : f->event);
	} else if (*f->org) {
		struct org o;

		title = arena_printf(p->a, C_("site: event", "%s: %s"),
		    p->site_name, org_find(p->st, p->a, f->org, &o) == 0 ?
		    o.name : f->org);
	}
	xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST title);
	xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST atom_id(p,
	    arena_printf(p->a, "dais feed %s%s%s%s", *f->org ? "org/" : "",
	    *f->org ? f->org : *f->event ? f->event : "all",
	    *f->lang ? "@" : "", f->lang)));
	/* RFC 4287 4.1.1: a feed has an author unless every entry has one;
	 * an empty feed needs its own. */
	xmlTextWriterStartElement(w, BAD_CAST "author");
	xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST p->site_name);
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "link");
	xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self");
	xmlTextWriterWriteAttribute(w, BAD_CAST "type",
	    BAD_CAST "application/atom+xml");
	xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST self);
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "link");
	xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "alternate");
	xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "text/html");
	xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST page);
	xmlTextWriterEndElement(w);
	xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST updated);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	/* The document as the writer ends it, less its end: the entries go
	 * there. */
	len = (size_t)xmlBufferLength(xb);
	assert(len >= sizeof(FEED_END) - 1 && memcmp(xmlBufferContent(xb) +
	    len - (sizeof(FEED_END) - 1), FEED_END, sizeof(FEED_END) - 1) == 0);
	buf_put(out, xmlBufferContent(xb), len - (sizeof(FEED_END) - 1));
	xmlBufferFree(xb);
}

/* ---- storing -------------------------------------------------------------- */

/* dir/event/slug.fr.html for "event/slug@fr"; .xml for feeds. */
static const char *static_path(struct publisher *p, const char *dir,
    const char *key)
{
	char *k = arena_strdup(p->a, key), *at = strchr(k, '@');

	if (at)
		*at = '.';
	return arena_printf(p->a, "%s/%s.%s", dir, k,
	    strncmp(key, "atom/", 5) == 0 ? "xml" : "html");
}

static int mkdirs(char *path)
{
	char *s;

	for (s = strchr(path + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	return 0;
}

/* Writes one file atomically: a temporary file beside it, then rename, so
 * a web server never serves half a fragment. */
static int static_write(struct publisher *p, const char *dir, const char *key,
    const char *body, size_t len)
{
	char *path = (char *)static_path(p, dir, key);
	char *tmp = arena_printf(p->a, "%s.tmp%ld", path, (long)getpid());
	int fd, ok;

	if (mkdirs(path) != 0)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	ok = write(fd, body, len) == (ssize_t)len && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		log_err("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Writes the stored fragment key as a file under dir: its body, or its
 * parts one after the other. 0 or -1. */
static int static_write_key(struct publisher *p, const char *dir,
    const char *key)
{
	sqlite3_stmt *g = store_stmt(p->st, SQL_FRAG_GET);
	struct buf whole;
	int rc = 0;

	sql_text(g, 1, key);
	if (sqlite3_step(g) != SQLITE_ROW) {
		sqlite3_reset(g);
		return 0;
	}
	if (*sql_col(g, 4) == '\0') {
		rc = static_write(p, dir, key, sql_col(g, 3),
		    (size_t)sqlite3_column_bytes(g, 3));
		sqlite3_reset(g);
		return rc;
	}
	buf_init(&whole);
	/* g stays running: the parts are read in its read transaction. */
	rc = publish_parts_read(p->st, arena_strdup(p->a, sql_col(g, 4)),
	    &whole);
	sqlite3_reset(g);
	if (rc == 0)
		rc = static_write(p, dir, key, whole.s ? whole.s : "",
		    whole.len);
	buf_free(&whole);
	return rc;
}

/* A feed's next embargo end: its event's, or any for the feed of all. */
static long long feed_due(struct publisher *p, const struct filter *f)
{
	sqlite3_stmt *s = store_stmt(p->st, *f->event ? SQL_PUB_DUE_EVENT :
	    SQL_PUB_DUE_ALL);
	long long due = 0;

	filter_bind(p, s, f);
	if (sqlite3_step(s) == SQLITE_ROW)
		due = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return due;
}

static void keylist_add(struct publisher *p, struct keylist *l,
    const char *key)
{
	if (l->n == l->cap) {
		const char **nk;

		l->cap = l->cap ? l->cap * 2 : 1024;
		nk = arena_alloc(p->a, l->cap * sizeof(*nk));
		if (l->n)
			memcpy(nk, l->k, l->n * sizeof(*nk));
		l->k = nk;
	}
	l->k[l->n++] = key;
}

/* Stores a rendered fragment (unchanged bytes are not written again); its
 * static file is written after the commit. */
static int fragment_store(struct publisher *p, const char *key,
    const struct buf *out, const char *parts, const char *etag, long long due)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_FRAG_PUT);

	sql_text(s, 1, key);
	sql_text(s, 2, out->s ? out->s : "");
	sql_text(s, 3, etag);
	sql_int(s, 4, (long long)p->now);
	sql_int(s, 5, due);
	sql_text(s, 6, parts);
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	if (*p->static_dir)
		keylist_add(p, &p->written, key);
	return 0;
}

/* The files are read and written under a lock on static_dir/.lock: two
 * workers that committed one after the other would otherwise race, and
 * the older bytes could be renamed over the newer. Under the lock each
 * reads what is committed last. */
void publish_files(struct publisher *p)
{
	size_t i;
	int lock;

	if (p->written.n == 0)
		return;
	if (mkdir(p->static_dir, 0755) != 0 && errno != EEXIST)
		log_err("cannot create %s: %s", p->static_dir,
		    strerror(errno));
	lock = open(arena_printf(p->a, "%s/.lock", p->static_dir),
	    O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lock < 0 || flock(lock, LOCK_EX) != 0)
		log_err("cannot lock %s/.lock: %s (writing without it)",
		    p->static_dir, strerror(errno));
	for (i = 0; i < p->written.n; i++)
		static_write_key(p, p->static_dir, p->written.k[i]);
	if (lock >= 0)
		close(lock); /* and the lock with it */
	p->written.n = 0;
}

/* The key of collection base in display d: base, or base@LANG. */
static const char *display_key(struct publisher *p, const char *base, int d)
{
	return d == 0 ? base : arena_printf(p->a, "%s@%s", base, display_tag(d));
}

/* Is key stored with this ETag and due time? Then its bytes are the
 * same: nothing to render. */
static int fragment_same(struct publisher *p, const char *key,
    const char *etag, long long due)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_FRAG_META);
	int same;

	sql_text(s, 1, key);
	same = sqlite3_step(s) == SQLITE_ROW && strcmp(sql_col(s, 0),
	    etag) == 0 && sqlite3_column_int64(s, 1) == due;
	sqlite3_reset(s);
	return same;
}

/* Renders and stores one display of a list or a statement (x: its key and
 * display): whole when short, else in parts, of which only the changed
 * ones are rendered and written. */
static int variant_store(struct publisher *p, const struct filter *f,
    struct variant *x)
{
	struct partset ps;
	unsigned char h[ETAG_BYTES];
	char hex[2 * ETAG_BYTES + 1];
	const char *etag, *parts = "";
	struct buf out;
	int rc = 0;

	list_read(p, f, x);
	crypto_generichash_final(&x->etag, h, sizeof(h));
	hex_encode(hex, h, sizeof(h));
	etag = arena_printf(p->a, "\"%s\"", hex);
	if (fragment_same(p, x->key, etag, x->due)) {
		if (*p->static_dir)
			keylist_add(p, &p->written, x->key);
		return 0;
	}
	partset_read(p, x->key, &ps);
	buf_init(&out);
	if (*f->id && x->n > 0) { /* one statement: another template */
		const char *ui = display_ui(p, x->display);
		struct tv *view = tv_new(p->a);
		struct tv *g = tv_add(view, TF_groups);
		sqlite3_stmt *s = store_stmt(p->st, SQL_ARTICLE_HTML);

		tv_str(view, TF_ui_lang, ui);
		tv_str(view, TF_ui_dir, lang_rtl(ui) ? "rtl" : "ltr");
		sql_int(s, 1, x->e[0].article_id);
		if (sqlite3_step(s) == SQLITE_ROW)
			tv_sanitized(tv_add(g, TF_items), TF_article_html,
			    arena_strndup(p->a, sql_col(s, 0),
			    (size_t)sqlite3_column_bytes(s, 0)));
		else
			rc = -1;
		sqlite3_reset(s);
		tmpl_render(tmpl_get(p->tmpl, "fragment_statement"), view,
		    &out);
	} else if (x->n > PART_WHOLE) {
		parts = parts_put(p, x, &ps);
		rc = parts == NULL ? -1 : 0;
	} else if (x->n > 0) { /* else nothing published: empty */
		rc = render_part(p, x, 0, x->n, &out);
	}
	if (rc == 0)
		rc = fragment_store(p, x->key, &out, parts, etag, x->due);
	if (rc == 0)
		rc = partset_prune(p, &ps);
	buf_free(&out);
	return rc;
}

/* A fragment_part of key holding body[0..len), found by its hash or
 * written: its id, 0 on error. */
static long long part_bytes_put(struct publisher *p, const char *key,
    const char *body, size_t len)
{
	unsigned char h[ARTICLE_HASH];
	sqlite3_stmt *s = store_stmt(p->st, SQL_PART_FIND);
	long long id = 0;

	crypto_generichash(h, sizeof(h), (const unsigned char *)body, len,
	    NULL, 0);
	sql_text(s, 1, key);
	sqlite3_bind_blob(s, 2, h, sizeof(h), SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (id != 0)
		return id;
	s = store_stmt(p->st, SQL_PART_PUT);
	sql_text(s, 1, key);
	sqlite3_bind_blob(s, 2, h, sizeof(h), SQLITE_STATIC);
	sqlite3_bind_text(s, 3, body, (int)len, SQLITE_STATIC);
	if (store_exec(s) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(p->st->db);
	return id;
}

/* Stores feed f (its display's language in use) under key, as parts: its
 * head, its newest entries (stored once per article: "eID"), its end.
 * Only the head is rendered; the ETag hashes the parts' ids, the head and
 * each entry's hash, so it changes whenever a byte does. */
static int feed_store(struct publisher *p, const struct filter *f,
    const char *key)
{
	sqlite3_stmt *s = store_stmt(p->st, filter_all(f) ? SQL_PUB_FEED_ALL :
	    SQL_PUB_FEED);
	crypto_generichash_state h;
	unsigned char eh[ETAG_BYTES];
	char hex[2 * ETAG_BYTES + 1], now[DATE_RFC3339_SIZE];
	const char *updated = NULL, *parts;
	struct buf ids, head, none;
	long long hid, tid;
	int rc = -1;

	date_rfc3339(now, (long long)p->now);
	buf_init(&ids);
	buf_init(&head);
	buf_init(&none);
	crypto_generichash_init(&h, NULL, 0, sizeof(eh));
	filter_bind(p, s, f);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (updated == NULL)
			updated = arena_strdup(p->a, *sql_col(s, 1) ?
			    sql_col(s, 1) : now);
		buf_printf(&ids, " e%lld", sqlite3_column_int64(s, 0));
		crypto_generichash_update(&h, sqlite3_column_blob(s, 2),
		    (size_t)sqlite3_column_bytes(s, 2));
	}
	sqlite3_reset(s);
	render_atom_head(p, f, updated ? updated : now, &head);
	if ((hid = part_bytes_put(p, key, head.s ? head.s : "",
	    head.len)) == 0 || (tid = part_bytes_put(p, key, FEED_END,
	    sizeof(FEED_END) - 1)) == 0)
		goto out;
	parts = arena_printf(p->a, "%lld%s %lld", hid, ids.s ? ids.s : "",
	    tid);
	crypto_generichash_update(&h, (const unsigned char *)parts,
	    strlen(parts) + 1);
	crypto_generichash_update(&h, (const unsigned char *)head.s, head.len);
	crypto_generichash_final(&h, eh, sizeof(eh));
	hex_encode(hex, eh, sizeof(eh));
	rc = fragment_store(p, key, &none, parts, arena_printf(p->a,
	    "\"%s\"", hex), feed_due(p, f));
	if (rc == 0)
		rc = parts_prune(p, key, parts);
out:
	buf_free(&ids);
	buf_free(&head);
	return rc;
}

int publish_feed_made(struct publisher *p, const char *key, struct buf *out,
    const char **updated)
{
	sqlite3_stmt *s;
	struct filter f;
	char now[DATE_RFC3339_SIZE];
	const char *newest = NULL;
	long long *ids = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (key_parse(p, key, &f) != 0 || strcmp(f.kind, "atom") != 0 ||
	    *f.org == '\0')
		return -1;
	s = store_stmt(p->st, SQL_PUB_FEED_ORG);
	filter_bind(p, s, &f);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (newest == NULL)
			newest = arena_strdup(p->a, sql_col(s, 1));
		ids = arena_grow(p->a, ids, n, &cap, sizeof(*ids));
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (n == 0)
		return 0;
	date_rfc3339(now, (long long)p->now);
	if (*newest == '\0')
		newest = arena_strdup(p->a, now);
	*updated = newest;
	render_atom_head(p, &f, newest, out);
	for (i = 0; i < n && rc == 0; i++) {
		s = store_stmt(p->st, SQL_FEED_ENTRY_GET);
		sql_int(s, 1, ids[i]);
		if (sqlite3_step(s) == SQLITE_ROW)
			buf_put(out, sql_col(s, 0),
			    (size_t)sqlite3_column_bytes(s, 0));
		else
			rc = -1;
		sqlite3_reset(s);
	}
	buf_puts(out, FEED_END);
	return rc == 0 ? (int)n : -1;
}

/* Renders and stores the displays of collection base (a key without
 * "@LANG") that mask names. */
static int publish_group(struct publisher *p, const char *base,
    unsigned mask)
{
	struct filter f;
	struct variant *v;
	int d, rc = 0;

	if (key_parse(p, base, &f) != 0)
		return 0;
	if (strcmp(f.kind, "atom") == 0) {
		for (d = 0; d < display_count() && rc == 0; d++) {
			const char *prev;

			if (!(mask & (1u << d)))
				continue;
			f.lang = display_tag(d);
			prev = i18n_use(display_ui(p, d));
			rc = feed_store(p, &f, display_key(p, base, d));
			i18n_use(prev);
		}
		return rc;
	}
	/* Not in the arena: a hash state needs 64-byte alignment. */
	v = aligned_alloc(_Alignof(struct variant), sizeof(*v));
	if (v == NULL)
		return -1;
	for (d = 0; d < display_count() && rc == 0; d++)
		if (mask & (1u << d)) {
			memset(v, 0, sizeof(*v));
			v->key = display_key(p, base, d);
			v->display = d;
			f.lang = display_tag(d);
			rc = variant_store(p, &f, v);
		}
	free(v);
	return rc;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_statement_key(const char *key)
{
	return strncmp(key, "statement/", 10) == 0;
}

/* Publishes keys[0..n) (any display; each collection once, in every
 * display): first, with refresh, the articles of the statements among
 * them, since the lists are made of them. With only_changed, a display is
 * made again only where one of those articles changed: approving a French
 * translation touches the French variants alone. */
static int publish_array(struct publisher *p, const char **keys, size_t n,
    int refresh, int only_changed)
{
	size_t i, m = 0;
	unsigned mask;

	for (i = 0; i < n; i++)
		keys[i] = arena_strndup(p->a, keys[i], base_len(keys[i]));
	if (n > 1)
		qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 0; i < n; i++) /* distinct */
		if (i == 0 || strcmp(keys[i], keys[i - 1]) != 0)
			keys[m++] = keys[i];
	p->changed = 0;
	for (i = 0; refresh && i < m; i++)
		if (is_statement_key(keys[i]) && article_refresh(p,
		    keys[i] + strlen("statement/")) != 0)
			return -1;
	mask = only_changed && refresh ? p->changed : display_all();
	if (mask == 0)
		return 0;
	for (i = 0; i < m; i++)
		if (publish_group(p, keys[i], mask) != 0)
			return -1;
	return 0;
}

static int bring_current(struct publisher *p, int keep_search);
static int due_render(struct publisher *p);

/* Commits the caller's transaction, then writes the static files. */
static int commit_files(struct publisher *p)
{
	if (store_commit(p->st) != 0) {
		p->written.n = 0;
		return -1;
	}
	publish_files(p);
	return 0;
}

/* When the full rendering at start failed (the database busy past the
 * timeout), the articles may be missing or old: lists made of them would
 * lose statements. So everything is brought up to date here, in the
 * caller's transaction, instead. */
static int publish_keyset(struct publisher *p, const struct keyset *ks,
    int only_changed)
{
	const char **keys;

	if (strcmp(setting_get(p->st, p->a, SET_renderer_version),
	    p->version) != 0) {
		log_info("renderer changed (%s): rendering every fragment "
		    "again", p->version);
		return bring_current(p, 1);
	}
	keys = arena_alloc(p->a, (size_t)(ks->n + 1) * sizeof(*keys));
	memcpy(keys, ks->key, (size_t)ks->n * sizeof(*keys));
	return publish_array(p, keys, (size_t)ks->n, 1, only_changed);
}

int publish_keys(struct publisher *p, const struct keyset *ks)
{
	/* A writer renders what has come due too: readers that found the
	 * database busy served the stored bytes and left it to whoever
	 * writes next (page_publish.c, fragment_get). */
	if (publish_keyset(p, ks, 1) != 0)
		return -1;
	return due_render(p);
}

/* Renders every key of every approved statement and every key already
 * stored (so what is no longer published is emptied), each once; every
 * article first. */
static int render_everything(struct publisher *p)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_ST_APPROVED_IDS);
	struct keylist l = { NULL, 0, 0 };
	struct keyset ks;
	int j;

	while (sqlite3_step(s) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(s, 0);

		memset(&ks, 0, sizeof(ks));
		publish_keys_of(p, id, &ks);
		for (j = 0; j < ks.n; j++)
			keylist_add(p, &l, ks.key[j]);
	}
	sqlite3_reset(s);
	s = store_stmt(p->st, SQL_FRAG_KEYS);
	while (sqlite3_step(s) == SQLITE_ROW)
		keylist_add(p, &l, arena_strdup(p->a, sql_col(s, 0)));
	sqlite3_reset(s);
	if (store_exec(store_stmt(p->st, SQL_ARTICLE_PRUNE)) != SQLITE_DONE)
		return -1;
	return publish_array(p, l.k, l.n, 1, 0);
}

int publish_filed(struct publisher *p, int query, long long id,
    const char *const *stale, int n_stale)
{
	sqlite3_stmt *s = store_stmt(p->st, (enum sql_id)query);
	struct keylist l = { NULL, 0, 0 };
	struct keyset ks;
	int j;

	sql_int(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		memset(&ks, 0, sizeof(ks));
		publish_keys_of(p, sqlite3_column_int64(s, 0), &ks);
		for (j = 0; j < ks.n; j++)
			keylist_add(p, &l, ks.key[j]);
	}
	sqlite3_reset(s);
	for (j = 0; j < n_stale; j++)
		keylist_add(p, &l, arena_strdup(p->a, stale[j]));
	if (l.n == 0)
		return 0;
	/* As render_everything: the articles first (a session's title is in
	 * them), then every display of each key (a title or an order may
	 * change a list whose articles did not). */
	if (publish_array(p, l.k, l.n, 1, 0) != 0)
		return -1;
	return due_render(p);
}

int publish_all(struct publisher *p)
{
	if (store_begin(p->st) != 0)
		return -1;
	/* `dais render`, the admin's button: everything, the search index
	 * too. */
	if (bring_current(p, 0) != 0) {
		store_rollback(p->st);
		return -1;
	}
	return commit_files(p);
}

/* Inside the caller's transaction: every fragment whose embargo has
 * ended, PUBLISH_MAX_KEYS at a time. A rendered key is no longer due (its
 * next due time is later), so the rounds end; the bound is a guard. */
static int due_render(struct publisher *p)
{
	sqlite3_stmt *s;
	struct keyset ks;
	int rounds;

	/* The versions whose embargo ended, into the search index. */
	if (search_due_run(p->st, (long long)p->now) != 0)
		return -1;
	/* The articles whose translation's embargo ended first: the lists
	 * due at that time are made of them. */
	memset(&ks, 0, sizeof(ks));
	s = store_stmt(p->st, SQL_ARTICLE_SWITCH_DUE);
	sql_int(s, 1, (long long)p->now);
	while (ks.n < PUBLISH_MAX_KEYS && sqlite3_step(s) == SQLITE_ROW)
		ks.key[ks.n++] = arena_strdup(p->a, sql_col(s, 0));
	sqlite3_reset(s);
	for (rounds = 0; rounds < ks.n; rounds++)
		if (article_refresh(p, ks.key[rounds]) != 0)
			return -1;
	rounds = 0;
	do {
		memset(&ks, 0, sizeof(ks));
		s = store_stmt(p->st, SQL_FRAG_DUE);
		sql_int(s, 1, (long long)p->now);
		while (ks.n < PUBLISH_MAX_KEYS && sqlite3_step(s) == SQLITE_ROW)
			ks.key[ks.n++] = arena_strdup(p->a, sql_col(s, 0));
		sqlite3_reset(s);
		if (ks.n > 0 && publish_keyset(p, &ks, 0) != 0)
			return -1;
	} while (ks.n == PUBLISH_MAX_KEYS && ++rounds < 10000);
	return 0;
}

int publish_due(struct publisher *p, int wait)
{
	int rc = wait ? store_begin(p->st) : store_begin_nowait(p->st);

	if (rc != 0)
		return (rc & 0xff) == SQLITE_BUSY ? 1 : -1;
	if (due_render(p) != 0) {
		store_rollback(p->st);
		return -1;
	}
	return commit_files(p) == 0 ? 0 : -1;
}

int publish_export(struct publisher *p, const char *dir)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_FRAG_KEYS);
	int rc = 0;

	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		const char *key = arena_strdup(p->a, sql_col(s, 0));

		rc = static_write_key(p, dir, key);
	}
	sqlite3_reset(s);
	return rc;
}

/* ---- the renderer's version ----------------------------------------------- */

/* The templates, the sanitizer, and the settings written into every
 * fragment (base_url in links, site_name in feeds): a change to any of
 * them renders everything again. */
const char *publish_version(struct arena *a, const struct tmpl_set *tmpl,
    const char *base_url, const char *site_name)
{
	unsigned char h[8];
	char x[17];
	const char *site = arena_printf(a, "%s\n%s", base_url, site_name);

	crypto_generichash(h, sizeof(h), (const unsigned char *)site,
	    strlen(site), NULL, 0);
	hex_encode(x, h, sizeof(h));
	return arena_printf(a, "%s+sanitizer-%s+site-%s", tmpl_digest(tmpl),
	    SANITIZER_VERSION, x);
}

/* Every statement's HTML made again from its source by this sanitizer. */
static int resanitize(struct publisher *p)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_ST_SOURCES), *u;
	int rc = 0;

	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		enum markup_format f;
		struct buf out;
		const char *msg;

		if (markup_format_parse(sql_col(s, 1), &f) != 0)
			continue;
		buf_init(&out);
		if (markup_render(f, sql_col(s, 2), (size_t)sqlite3_column_bytes(
		    s, 2), &out, &msg) == 0) {
			u = store_stmt(p->st, SQL_ST_SET_HTML);
			sql_int(u, 1, sqlite3_column_int64(s, 0));
			sql_text(u, 2, out.s);
			rc = store_exec(u) == SQLITE_DONE ? 0 : -1;
		}
		buf_free(&out);
	}
	sqlite3_reset(s);
	return rc;
}

/* Inside a transaction: every statement's HTML again if the sanitizer
 * changed, then every fragment, and the version recorded. 0 or -1. Used at
 * start, by `dais render`, and by a change made while the version is old. */
/* keep_search: a new renderer (templates) alone leaves the search index
 * as it is (its text does not depend on them); a new sanitizer, or
 * keep_search 0, makes it again too. */
static int bring_current(struct publisher *p, int keep_search)
{
	const char *sv = setting_get(p->st, p->a, SET_sanitizer_version);
	int rc;

	if (strcmp(sv, SANITIZER_VERSION) != 0) {
		if (*sv != '\0')
			log_info("sanitizer changed (%s): cleaning every "
			    "statement again", SANITIZER_VERSION);
		if (resanitize(p) != 0 || setting_set(p->st,
		    SET_sanitizer_version, SANITIZER_VERSION) != 0)
			return -1;
	}
	/* A new sanitizer may change the text itself: then the index too. */
	p->keep_search = keep_search && strcmp(sv, SANITIZER_VERSION) == 0;
	rc = setting_set(p->st, SET_renderer_version, p->version) == 0 &&
	    render_everything(p) == 0 ? 0 : -1;
	p->keep_search = 0;
	return rc;
}

int publish_check_version(struct publisher *p)
{
	const char *have = setting_get(p->st, p->a, SET_renderer_version);

	if (strcmp(have, p->version) == 0)
		return 0;
	if (store_begin(p->st) != 0)
		return -1;
	/* Another worker may have done it while this one waited. */
	have = setting_get(p->st, p->a, SET_renderer_version);
	if (strcmp(have, p->version) == 0) {
		store_rollback(p->st);
		return 0;
	}
	if (*have != '\0')
		log_info("renderer changed (%s): rendering every fragment "
		    "again", p->version);
	if (bring_current(p, 1) != 0 || commit_files(p) != 0) {
		store_rollback(p->st);
		return -1;
	}
	return 0;
}
