/* fragcache.h — a worker's copies of the fragments it served last, valid
 * while the database has not changed since they were read.
 *
 * A fragment GET that reads SQLite opens and closes a read transaction:
 * on Linux two fcntl() locks on the WAL index, and a stat of the database
 * file while the WAL is empty. The cache answers from memory instead, as
 * long as the WAL index's header (store_wal_header) is the one seen when
 * the copies were made: any commit by any process changes it before its
 * COMMIT returns, so a fragment changed by an approval in another process
 * is read again by the next request. Entries are whole fragment rows
 * (ETag, Last-Modified, due time, body), so an embargo that ends is still
 * seen (the due time is checked against the clock on every hit).
 */
#ifndef DAIS_FRAGCACHE_H
#define DAIS_FRAGCACHE_H

#include <stddef.h>

struct store;
struct fragcache;

struct fragcache_entry {
	int found;         /* 0: no fragment has this key */
	const char *etag;
	long long updated;
	long long due;     /* 0, or when the embargo ends */
	const char *body;
	size_t len;
};

struct fragcache *fragcache_new(void);
void fragcache_free(struct fragcache *c);

/* The entry of key, or NULL. Empties the cache first when the database
 * changed since it was filled (or when that cannot be told: then nothing
 * is kept until it can). To be called before reading the fragment from
 * SQLite, so that what fragcache_put() keeps is at least as new as the
 * state the cache is valid for. An entry's strings stay valid until the
 * next fragcache_lookup() or fragcache_put(). */
const struct fragcache_entry *fragcache_lookup(struct fragcache *c,
    struct store *st, const char *key);

/* Keeps a copy of e under key, read after fragcache_lookup() in the same
 * request. Does nothing when the state could not be told, or when e is
 * too large to keep. A key found missing (e->found 0: any path a client
 * asks for) takes a place only while one is free, so that asking for
 * missing keys does not push out the fragments. */
void fragcache_put(struct fragcache *c, const char *key,
    const struct fragcache_entry *e);

#endif
