/* fuzz_slugpath.c — libFuzzer target for slug_path_split(),
 * slug_query_value() and slug_query_replace() (the slugs a public address
 * carries, which structure.c answers with a redirect when old).
 *
 * Beyond what the sanitizers catch: a split path put together again is the
 * path, its slug is non-empty, within bounds and holds no "/"; a session
 * is the rest after its "/"; a value found is within bounds and free of
 * "%" and "+"; a query with a name's value replaced gives that value back,
 * and has as many pieces as before.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slugpath.h"
#include "util.h"

static size_t pieces(const char *q)
{
	size_t n = 1;

	for (; *q; q++)
		n += *q == '&';
	return n;
}

static void check_path(const char *s)
{
	struct slug_path sp;
	struct buf b;

	if (slug_path_split(s, &sp) != 0)
		return;
	if (sp.slug[0] == '\0' || strlen(sp.slug) > SLUGPATH_MAX ||
	    strchr(sp.slug, '/') != NULL || sp.rest == NULL)
		abort();
	if (sp.session != NULL && (sp.session != sp.rest + 1 ||
	    sp.rest[0] != '/' || *sp.session == '\0' ||
	    strchr(sp.session, '/') != NULL))
		abort();
	buf_init(&b);
	buf_printf(&b, "%s%s%s%s", sp.prefix, sp.slug, sp.suffix, sp.rest);
	if (strcmp(b.s, s) != 0)
		abort();
	buf_free(&b);
}

static void check_query(const char *s)
{
	char v[SLUGPATH_MAX + 1], w[SLUGPATH_MAX + 1];
	struct buf b;

	if (slug_query_value(s, "event", v, sizeof(v)) != 0)
		return;
	if (*v == '\0' || strlen(v) > SLUGPATH_MAX || strchr(v, '%') ||
	    strchr(v, '+') || strchr(v, '&'))
		abort();
	buf_init(&b);
	slug_query_replace(&b, s, "event", "new-slug");
	if (slug_query_value(b.s ? b.s : "", "event", w, sizeof(w)) != 0 ||
	    strcmp(w, "new-slug") != 0)
		abort();
	/* Empty pieces ("&&", a trailing "&") are dropped, never added. */
	if (pieces(b.s ? b.s : "") > pieces(s))
		abort();
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_path(s);
	check_query(s);
	free(s);
	return 0;
}
