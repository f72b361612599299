/* publish.h — approved statements rendered into stored fragments.
 *
 * A fragment is the HTML (or Atom) that a host page includes, stored under
 * a key: "statement/ID", "event/SLUG", "event/SLUG/SESSION", "org/SLUG",
 * "atom/all", "atom/EVENT", each in every display language: the key alone
 * (each statement in its original, labels in default_language) and
 * "...@LANG" for each interface language (each statement in its LANG
 * version where one is published, labels and dates in LANG). When a
 * statement or one of its translations changes, the keys that show it are
 * rendered again inside the same transaction, so a read is one indexed
 * SELECT and never renders.
 */
#ifndef DAIS_PUBLISH_H
#define DAIS_PUBLISH_H

#include <time.h>

struct arena;
struct store;
struct buf;
struct tmpl_set;

#define PUBLISH_MAX_KEYS 64

struct keyset {
	const char *key[PUBLISH_MAX_KEYS];
	int n;
};

/* A growable list of keys in the arena. */
struct keylist {
	const char **k;
	size_t n, cap;
};

struct publisher {
	struct store *st;
	struct arena *a;
	const struct tmpl_set *tmpl;
	const char *base;       /* the URL of dais's mount point, for links */
	const char *site_name;
	const char *default_lang; /* the labels of the default display */
	const char *static_dir; /* "" when static files are off */
	const char *version;    /* publish_version(): in every list's ETag */
	time_t now;
	struct keylist written; /* stored keys whose static files are due */
	unsigned changed;       /* displays whose articles a change touched */
	int keep_search;        /* 1: rendering again for new templates only,
	                         * the search index (text, not markup) stays */
	int anchors;            /* publish_list_page for an event's page: its
	                         * session headings get an id (session-SLUG)
	                         * from templates/event_list.html */
};

/* The display of a fragment asked for with ?lang=lang: the interface
 * language for it ("fr-CA" -> "fr"), or "" (the default display) for none,
 * an invalid tag, or a language dais has no interface in. */
const char *publish_display(const char *lang);

/* script_name: the request's mount point, or NULL outside a request (the
 * base_url setting, else the last mount point seen, is used then). */
void publisher_init(struct publisher *p, struct store *st, struct arena *a,
    const struct tmpl_set *tmpl, const char *script_name);

/* Adds the keys that show statement id (as the database has it now). */
void publish_keys_of(struct publisher *p, long long id, struct keyset *ks);
/* Renders and stores every key of ks. Inside the caller's transaction;
 * after its commit, publish_files() writes the static files. 0 or -1. */
int publish_keys(struct publisher *p, const struct keyset *ks);
/* Renders again, inside the caller's transaction, every key that shows an
 * approved original that query (an SQL id: ?1 id, one statement id a row)
 * lists, in every display, and the keys stale[0..n_stale) (keys a rename
 * left behind: rendered empty, as nothing is filed under them now). For a
 * change to an event, session or organisation (structure.c). 0 or -1. */
int publish_filed(struct publisher *p, int query, long long id,
    const char *const *stale, int n_stale);
/* After a commit: the static files of the keys stored since the last call,
 * from the database as committed (a rolled-back change writes none). The
 * functions below that run their own transaction call it themselves. */
void publish_files(struct publisher *p);
/* Renders every key again: after a template or sanitizer change. Runs its
 * own transaction. 0 or -1. */
int publish_all(struct publisher *p);
/* Renders the fragments whose embargo time has come, in a transaction of
 * its own. With wait 0 it does not wait for another writer: 1 when the
 * database is busy (nothing done). 0 or -1. (publish_keys renders them
 * too, in the caller's transaction.) */
int publish_due(struct publisher *p, int wait);
/* A page of the list key ("event/SLUG", "org/SLUG", each "@LANG" or
 * not) as readers see it now: its articles [offset, offset + limit),
 * embargoed ones left out, rendered from the stored articles into out
 * (nothing when the page is past the end); *total: how many the whole
 * list has. 0 or -1. */
int publish_list_page(struct publisher *p, const char *key, int offset,
    int limit, struct buf *out, int *total);
/* What the same page holds, for its contents list: its articles in page
 * order, each with the heading of the group it starts (NULL when it
 * starts none, "" for a group without one); *n of them, in p's arena.
 * 0 or -1. */
struct publish_toc {
	long long article_id;
	const char *group;
};
int publish_list_toc(struct publisher *p, const char *key, int offset,
    int limit, struct publish_toc **toc, int *n);
/* The Atom feed key ("atom/org/SLUG", "@LANG" or not) of an
 * organisation, put together now from the stored entries of its fifty
 * newest articles (delivered by it or on its behalf) and a head rendered
 * here: organisations are many and each approval would otherwise render
 * two more feeds in every display. Into out, with the newest entry's time
 * in *updated (RFC 3339): the number of entries (0: none, out untouched), or -1. */
int publish_feed_made(struct publisher *p, const char *key, struct buf *out,
    const char **updated);
/* 1 when a statement version's embargo has ended by now and the search
 * index does not hold it yet: publish_due() adds it. */
int publish_search_waiting(struct store *st, long long now);
/* Writes every stored fragment as a file under dir. 0 or -1. */
int publish_export(struct publisher *p, const char *dir);
/* Appends the bodies of the fragment parts ids names (FRAG_GET's parts:
 * ids separated by spaces; "eID" names a feed entry) to out, in order. Run while the FRAG_GET that
 * gave ids is still stepping, so that both read one snapshot. 0, or -1
 * when a part is missing. */
int publish_parts_read(struct store *st, const char *ids, struct buf *out);

/* The renderer's version: the templates' digest, the sanitizer's, and a
 * hash of the base_url and site_name settings. */
const char *publish_version(struct arena *a, const struct tmpl_set *tmpl,
    const char *base_url, const char *site_name);
/* At a worker's start: rebuild everything when the stored version differs
 * (re-sanitizing every statement's source with this binary's sanitizer). */
int publish_check_version(struct publisher *p);

#endif
