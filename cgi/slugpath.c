/* slugpath.c — the slugs a public address carries (slugpath.h). */
#include "config.h"

#include <string.h>

#include "slugpath.h"
#include "util.h"

/* The public addresses that carry a slug: after prefix, up to the next
 * "/" (and without suffix). with_session: a session's slug may follow. */
static const struct {
	const char *prefix, *kind, *suffix;
	int with_session;
} slug_paths[] = {
	{ "/e/", "event", "", 0 },
	{ "/fragment/event/", "event", "", 1 },
	{ "/frame/event/", "event", "", 1 },
	{ "/fragment/org/", "org", "", 0 },
	{ "/frame/org/", "org", "", 0 },
	{ "/o/", "org", "", 0 },
	{ "/feed/org/", "org", ".atom", 0 }, /* before /feed/ */
	{ "/feed/", "event", ".atom", 0 },
};

int slug_path_split(const char *path, struct slug_path *sp)
{
	const char *rest;
	size_t i, n, sl;

	memset(sp, 0, sizeof(*sp));
	for (i = 0; i < ARRAY_LEN(slug_paths); i++)
		if (strncmp(path, slug_paths[i].prefix,
		    strlen(slug_paths[i].prefix)) == 0)
			break;
	if (i == ARRAY_LEN(slug_paths))
		return -1;
	sp->prefix = slug_paths[i].prefix;
	sp->kind = slug_paths[i].kind;
	sp->suffix = slug_paths[i].suffix;
	rest = path + strlen(sp->prefix);
	n = strcspn(rest, "/");
	sl = strlen(sp->suffix);
	if (sl > 0 && (rest[n] != '\0' || n <= sl ||
	    strncmp(rest + n - sl, sp->suffix, sl) != 0))
		return -1;
	if (n == sl || n - sl > SLUGPATH_MAX)
		return -1;
	memcpy(sp->slug, rest, n - sl);
	sp->slug[n - sl] = '\0';
	sp->rest = rest + n;
	if (slug_paths[i].with_session && sp->rest[0] == '/' &&
	    sp->rest[1] != '\0' && strchr(sp->rest + 1, '/') == NULL &&
	    strlen(sp->rest + 1) <= SLUGPATH_MAX)
		sp->session = sp->rest + 1;
	return 0;
}

int slug_query_value(const char *query, const char *name, char *out,
    size_t n)
{
	size_t k = strlen(name), len;
	const char *p;

	if (query == NULL)
		return -1;
	for (p = query; *p != '\0'; p += len + (p[len] == '&')) {
		len = strcspn(p, "&");
		if (len <= k || strncmp(p, name, k) != 0 || p[k] != '=')
			continue;
		len -= k + 1;
		p += k + 1;
		if (len == 0 || len > SLUGPATH_MAX || len >= n ||
		    memchr(p, '%', len) != NULL || memchr(p, '+', len) != NULL)
			return -1;
		memcpy(out, p, len);
		out[len] = '\0';
		return 0;
	}
	return -1;
}

void slug_query_replace(struct buf *out, const char *query, const char *name,
    const char *value)
{
	size_t k = strlen(name), len;
	const char *p;
	int first = 1;

	for (p = query; *p != '\0'; p += len + (p[len] == '&')) {
		len = strcspn(p, "&");
		if (!first)
			buf_putc(out, '&');
		first = 0;
		if (len > k && strncmp(p, name, k) == 0 && p[k] == '=') {
			buf_put(out, p, k + 1);
			buf_puts(out, value);
		} else {
			buf_put(out, p, len);
		}
	}
}
