/* fragcache.c — a worker's copies of the fragments it served last; see
 * fragcache.h. A few dozen entries in one array, found by a hash and
 * compared; when full (entries or bytes), it is emptied and fills again
 * with what is asked for. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fragcache.h"
#include "store.h"

#define FRAGCACHE_ENTRIES 64
#define FRAGCACHE_BYTES (2u << 20)   /* all entries together */
#define FRAGCACHE_ENTRY_MAX (256u << 10) /* one body */

struct slot {
	unsigned long hash;
	char *key;        /* key, etag and body in one allocation */
	struct fragcache_entry e;
	size_t size;
};

struct fragcache {
	unsigned char hdr[STORE_WAL_HEADER]; /* the state the entries are of */
	int valid;        /* hdr was read in this request's lookup */
	int n;
	size_t bytes;
	struct slot slot[FRAGCACHE_ENTRIES];
};

struct fragcache *fragcache_new(void)
{
	return calloc(1, sizeof(struct fragcache));
}

static void fragcache_clear(struct fragcache *c)
{
	int i;

	for (i = 0; i < c->n; i++)
		free(c->slot[i].key);
	c->n = 0;
	c->bytes = 0;
}

void fragcache_free(struct fragcache *c)
{
	if (c == NULL)
		return;
	fragcache_clear(c);
	free(c);
}

static unsigned long key_hash(const char *key)
{
	unsigned long h = 2166136261u;

	while (*key)
		h = (h ^ (unsigned char)*key++) * 16777619u;
	return h;
}

const struct fragcache_entry *fragcache_lookup(struct fragcache *c,
    struct store *st, const char *key)
{
	unsigned char hdr[STORE_WAL_HEADER];
	unsigned long h;
	int i;

	if (c == NULL)
		return NULL;
	if (store_wal_header(st, hdr) != 0) {
		fragcache_clear(c);
		c->valid = 0;
		return NULL;
	}
	c->valid = 1;
	if (memcmp(hdr, c->hdr, sizeof(hdr)) != 0) {
		fragcache_clear(c);
		memcpy(c->hdr, hdr, sizeof(hdr));
		return NULL;
	}
	h = key_hash(key);
	for (i = 0; i < c->n; i++)
		if (c->slot[i].hash == h && strcmp(c->slot[i].key, key) == 0)
			return &c->slot[i].e;
	return NULL;
}

void fragcache_put(struct fragcache *c, const char *key,
    const struct fragcache_entry *e)
{
	size_t klen, elen, size;
	struct slot *s;
	char *p;

	if (c == NULL || !c->valid || e->len > FRAGCACHE_ENTRY_MAX)
		return;
	c->valid = 0; /* one entry per lookup */
	klen = strlen(key) + 1;
	elen = strlen(e->etag) + 1;
	size = klen + elen + e->len + 1;
	if (c->n == FRAGCACHE_ENTRIES || c->bytes + size > FRAGCACHE_BYTES) {
		if (!e->found)
			return;
		fragcache_clear(c);
	}
	p = malloc(size);
	if (p == NULL)
		return;
	s = &c->slot[c->n++];
	c->bytes += size;
	s->size = size;
	s->hash = key_hash(key);
	s->key = p;
	memcpy(p, key, klen);
	s->e.etag = p + klen;
	memcpy(p + klen, e->etag, elen);
	s->e.body = p + klen + elen;
	memcpy(p + klen + elen, e->body, e->len);
	p[klen + elen + e->len] = '\0';
	s->e.len = e->len;
	s->e.updated = e->updated;
	s->e.due = e->due;
	s->e.found = e->found;
}
