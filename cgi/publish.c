/* publish.c — rendering approved statements into stored fragments and
 * feeds, when they change; exporting them as static files. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>
#include <sodium.h>

#include "markup.h"
#include "publish.h"
#include "settings.h"
#include "statement.h"
#include "store.h"
#include "template.h"
#include "util.h"

void publisher_init(struct publisher *p, struct store *st, struct arena *a,
    const struct tmpl_set *tmpl, const char *script_name)
{
	const char *base = setting_get(st, a, "base_url");

	memset(p, 0, sizeof(*p));
	p->st = st;
	p->a = a;
	p->tmpl = tmpl;
	p->now = time(NULL);
	p->site_name = setting_get(st, a, "site_name");
	p->static_dir = setting_get(st, a, "static_dir");
	if (*base != '\0') {
		p->base = base;
	} else if (script_name != NULL) {
		p->base = script_name;
		/* Remembered for `dais render`, which has no request. */
		if (strcmp(store_setting(st, a, "last_mount", ""),
		    script_name) != 0)
			store_setting_set(st, "last_mount", script_name);
	} else {
		p->base = store_setting(st, a, "last_mount", "");
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

/* base, and base@LANG and base@PRIMARY for a tag with subtags. */
static void key_add_langs(struct publisher *p, struct keyset *ks,
    const char *base, const char *lang)
{
	size_t primary = strcspn(lang, "-");

	key_add(p, ks, base);
	key_add(p, ks, arena_printf(p->a, "%s@%s", base, lang));
	if (lang[primary] == '-')
		key_add(p, ks, arena_printf(p->a, "%s@%.*s", base,
		    (int)primary, lang));
}

void publish_keys_of(struct publisher *p, long long id, struct keyset *ks)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_PUB_KEYS_OF);
	const char *pid, *ev, *ses, *org, *beh, *lang;

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
	lang = arena_strdup(p->a, sql_col(s, 5));
	sqlite3_reset(s);
	key_add(p, ks, arena_printf(p->a, "statement/%s", pid));
	key_add_langs(p, ks, arena_printf(p->a, "event/%s", ev), lang);
	if (*ses)
		key_add_langs(p, ks, arena_printf(p->a, "event/%s/%s", ev,
		    ses), lang);
	if (*org)
		key_add_langs(p, ks, arena_printf(p->a, "org/%s", org), lang);
	if (*beh)
		key_add_langs(p, ks, arena_printf(p->a, "org/%s", beh), lang);
	key_add(p, ks, "atom/all");
	key_add(p, ks, arena_printf(p->a, "atom/%s", ev));
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
		f->event = strcmp(rest, "all") == 0 ? "" : rest;
	} else {
		return -1;
	}
	return 0;
}

/* The PUB_WHERE parameters; a feed's statements are an event's. */
static void filter_bind(struct publisher *p, sqlite3_stmt *s,
    const struct filter *f)
{
	sql_text(s, 1, f->event);
	sql_text(s, 2, f->session);
	sql_text(s, 3, f->org);
	sql_text(s, 4, f->lang);
	sql_int(s, 5, (long long)p->now);
	sql_text(s, 6, f->id);
	sql_text(s, 7, strcmp(f->kind, "atom") == 0 ? "event" : f->kind);
}

/* A feed of every event: newest first from its own index. */
static int filter_all(const struct filter *f)
{
	return strcmp(f->kind, "atom") == 0 && *f->event == '\0';
}

/* ---- rendering ------------------------------------------------------------ */

static void item_view(struct publisher *p, const struct statement *st,
    struct tv *o)
{
	statement_view(p->a, st, o);
	tv_str(o, TF_st_url, arena_printf(p->a, "%s/s/%s", p->base,
	    st->public_id));
}

/* The article of one statement: templates/statement.html, as every list
 * shows it. */
static void render_article(struct publisher *p, const struct statement *st,
    struct buf *out)
{
	struct tv *o = tv_new(p->a);

	item_view(p, st, o);
	tmpl_render(tmpl_get(p->tmpl, "statement"), o, out);
}

/* Renders and stores the article of statement public_id, or deletes it
 * when the statement is not approved. */
static int article_refresh(struct publisher *p, const char *public_id)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_PUB_ARTICLE_OF), *w;
	struct statement st;
	struct buf html;
	int rc;

	sql_text(s, 1, public_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		w = store_stmt(p->st, SQL_ARTICLE_DEL);
		sql_text(w, 1, public_id);
		return store_exec(w) == SQLITE_DONE ? 0 : -1;
	}
	statement_row(p->a, s, &st);
	sqlite3_reset(s);
	buf_init(&html);
	render_article(p, &st, &html);
	w = store_stmt(p->st, SQL_ARTICLE_PUT);
	sql_int(w, 1, st.id);
	sql_text(w, 2, html.s);
	rc = store_exec(w) == SQLITE_DONE ? 0 : -1;
	buf_free(&html);
	return rc;
}

/* Statements grouped: by session for an event, by event for an
 * organisation; one group without a heading for a single statement. Each
 * is its stored article. */
static void render_html(struct publisher *p, const struct filter *f,
    struct buf *out)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_PUB_LIST);
	struct tv *view = tv_new(p->a), *group = NULL;
	const char *last = NULL, *tmpl;
	int by_event = strcmp(f->kind, "org") == 0, n = 0;

	filter_bind(p, s, f);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *label = sql_col(s, by_event ? 0 : 1);

		if (group == NULL || strcmp(label, last) != 0) {
			last = arena_strdup(p->a, label);
			group = tv_add(view, TF_groups);
			tv_str(group, TF_label, *f->session || *f->id ? NULL :
			    last);
		}
		tv_sanitized(tv_add(group, TF_items), TF_article_html,
		    arena_strndup(p->a, sql_col(s, 2),
		    (size_t)sqlite3_column_bytes(s, 2)));
		n++;
	}
	sqlite3_reset(s);
	if (n == 0)
		return; /* nothing published: an empty fragment */
	tmpl = strcmp(f->kind, "statement") == 0 ? "fragment_statement" :
	    "fragment_list";
	tmpl_render(tmpl_get(p->tmpl, tmpl), view, out);
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
	xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST st->title);
	xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST atom_id(p,
	    arena_printf(p->a, "dais statement %s", st->public_id)));
	xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST when);
	if (*st->published)
		xmlTextWriterWriteElement(w, BAD_CAST "published",
		    BAD_CAST st->published);
	xmlTextWriterStartElement(w, BAD_CAST "author");
	xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST (*st->speaker ?
	    arena_printf(p->a, "%s, %s", st->speaker, st->org_name) :
	    st->org_name));
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

/* An Atom feed (RFC 4287) of the newest published statements, written
 * with libxml2's writer, which escapes every text and attribute. */
static void render_atom(struct publisher *p, const struct filter *f,
    struct buf *out)
{
	sqlite3_stmt *s = store_stmt(p->st, filter_all(f) ? SQL_PUB_FEED_ALL :
	    SQL_PUB_FEED);
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
	const char *self = *f->event ? arena_printf(p->a, "%s/feed/%s.atom",
	    p->base, f->event) : arena_printf(p->a, "%s/feed.atom", p->base);
	char now[32];
	struct tm tm;
	int first = 1;

	gmtime_r(&p->now, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElementNS(w, NULL, BAD_CAST "feed",
	    BAD_CAST "http://www.w3.org/2005/Atom");
	xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST (*f->event ?
	    arena_printf(p->a, "%s: %s", p->site_name, f->event) :
	    p->site_name));
	xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST atom_id(p,
	    arena_printf(p->a, "dais feed %s", *f->event ? f->event : "all")));
	xmlTextWriterStartElement(w, BAD_CAST "link");
	xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self");
	xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST self);
	xmlTextWriterEndElement(w);
	if (filter_all(f))
		sql_int(s, 1, (long long)p->now);
	else
		filter_bind(p, s, f);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct statement st;
		int n = statement_row(p->a, s, &st);

		if (first) {
			xmlTextWriterWriteElement(w, BAD_CAST "updated",
			    BAD_CAST (*st.published ? st.published : now));
			first = 0;
		}
		atom_entry(p, w, &st, sql_col(s, n));
	}
	sqlite3_reset(s);
	if (first)
		xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST now);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	buf_put(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
}

/* ---- storing -------------------------------------------------------------- */

static const char *etag_of(struct publisher *p, const struct buf *b)
{
	unsigned char h[12];
	char x[25];

	crypto_generichash(h, sizeof(h), (const unsigned char *)b->s, b->len,
	    NULL, 0);
	hex_encode(x, h, sizeof(h));
	return arena_printf(p->a, "\"%s\"", x);
}

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

static long long due_of(struct publisher *p, const struct filter *f)
{
	sqlite3_stmt *s = store_stmt(p->st, filter_all(f) ? SQL_PUB_DUE_ALL :
	    SQL_PUB_DUE);
	long long due = 0;

	if (filter_all(f))
		sql_int(s, 1, (long long)p->now);
	else
		filter_bind(p, s, f);
	if (sqlite3_step(s) == SQLITE_ROW)
		due = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return due;
}

/* Renders and stores one key; with refresh, a statement's article first. */
static int publish_key(struct publisher *p, const char *key, int refresh)
{
	struct filter f;
	struct buf out;
	sqlite3_stmt *s;
	int rc;

	if (key_parse(p, key, &f) != 0)
		return 0;
	if (refresh && *f.id != '\0' && article_refresh(p, f.id) != 0)
		return -1;
	buf_init(&out);
	if (strcmp(f.kind, "atom") == 0)
		render_atom(p, &f, &out);
	else
		render_html(p, &f, &out);
	s = store_stmt(p->st, SQL_FRAG_PUT);
	sql_text(s, 1, key);
	sql_text(s, 2, out.s);
	sql_text(s, 3, etag_of(p, &out));
	sql_int(s, 4, (long long)p->now);
	sql_int(s, 5, due_of(p, &f));
	rc = store_exec(s) == SQLITE_DONE ? 0 : -1;
	if (rc == 0 && *p->static_dir)
		static_write(p, p->static_dir, key, out.s, out.len);
	buf_free(&out);
	return rc;
}

static int is_statement_key(const char *key)
{
	return strncmp(key, "statement/", 10) == 0;
}

/* Statements first: their articles are what the lists are made of. */
int publish_keys(struct publisher *p, const struct keyset *ks)
{
	int i, pass;

	for (pass = 1; pass >= 0; pass--)
		for (i = 0; i < ks->n; i++)
			if (is_statement_key(ks->key[i]) == pass &&
			    publish_key(p, ks->key[i], 1) != 0)
				return -1;
	return 0;
}

/* A growable list of keys in the arena. */
struct keylist {
	const char **k;
	size_t n, cap;
};

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

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Renders every key of every approved statement and every key already
 * stored (so what is no longer published is emptied), each once, the
 * articles first. */
static int render_everything(struct publisher *p)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_ST_APPROVED_IDS);
	struct keylist l = { NULL, 0, 0 };
	struct keyset ks;
	size_t i;
	int j, pass;

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
	if (l.n > 0)
		qsort(l.k, l.n, sizeof(*l.k), key_cmp);
	if (store_exec(store_stmt(p->st, SQL_ARTICLE_PRUNE)) != SQLITE_DONE)
		return -1;
	for (pass = 1; pass >= 0; pass--)
		for (i = 0; i < l.n; i++)
			if ((i == 0 || strcmp(l.k[i], l.k[i - 1]) != 0) &&
			    is_statement_key(l.k[i]) == pass &&
			    publish_key(p, l.k[i], pass) != 0)
				return -1;
	return 0;
}

int publish_all(struct publisher *p)
{
	if (store_begin(p->st) != 0)
		return -1;
	if (render_everything(p) != 0) {
		store_rollback(p->st);
		return -1;
	}
	return store_commit(p->st) == 0 ? 0 : -1;
}

int publish_due(struct publisher *p)
{
	sqlite3_stmt *s;
	struct keyset ks;

	if (store_begin(p->st) != 0)
		return -1;
	memset(&ks, 0, sizeof(ks));
	s = store_stmt(p->st, SQL_FRAG_DUE);
	sql_int(s, 1, (long long)p->now);
	while (sqlite3_step(s) == SQLITE_ROW && ks.n < PUBLISH_MAX_KEYS)
		ks.key[ks.n++] = arena_strdup(p->a, sql_col(s, 0));
	sqlite3_reset(s);
	if (publish_keys(p, &ks) != 0) {
		store_rollback(p->st);
		return -1;
	}
	return store_commit(p->st) == 0 ? 0 : -1;
}

int publish_export(struct publisher *p, const char *dir)
{
	sqlite3_stmt *s = store_stmt(p->st, SQL_FRAG_KEYS), *g;
	int rc = 0;

	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		const char *key = arena_strdup(p->a, sql_col(s, 0));

		g = store_stmt(p->st, SQL_FRAG_GET);
		sql_text(g, 1, key);
		if (sqlite3_step(g) == SQLITE_ROW)
			rc = static_write(p, dir, key, sql_col(g, 3),
			    (size_t)sqlite3_column_bytes(g, 3));
		sqlite3_reset(g);
	}
	sqlite3_reset(s);
	return rc;
}

/* ---- the renderer's version ----------------------------------------------- */

const char *publish_version(struct arena *a, const struct tmpl_set *tmpl)
{
	return arena_printf(a, "%s+sanitizer-%s", tmpl_digest(tmpl),
	    SANITIZER_VERSION);
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

int publish_check_version(struct publisher *p)
{
	const char *want = publish_version(p->a, p->tmpl);
	const char *have = store_setting(p->st, p->a, "renderer_version", "");
	const char *sv = store_setting(p->st, p->a, "sanitizer_version", "");

	if (strcmp(have, want) == 0)
		return 0;
	if (store_begin(p->st) != 0)
		return -1;
	/* Another worker may have done it while this one waited. */
	have = store_setting(p->st, p->a, "renderer_version", "");
	if (strcmp(have, want) == 0) {
		store_rollback(p->st);
		return 0;
	}
	if (strcmp(sv, SANITIZER_VERSION) != 0 && (resanitize(p) != 0 ||
	    store_setting_set(p->st, "sanitizer_version",
	    SANITIZER_VERSION) != 0)) {
		store_rollback(p->st);
		return -1;
	}
	log_info("renderer changed (%s): rendering every fragment again", want);
	if (store_setting_set(p->st, "renderer_version", want) != 0 ||
	    render_everything(p) != 0 || store_commit(p->st) != 0) {
		store_rollback(p->st);
		return -1;
	}
	return 0;
}
