/* fuzz_i18n.c — libFuzzer target for i18n.c's three parsers.
 *
 * The input is read three ways: as an Accept-Language header (the answer
 * is NULL or one of i18n_languages), as a Plural-Forms expression
 * (evaluated for a few n; any answer, never a crash or a hang), and as a
 * .mo file (opened; when it opens, lookups of a few keys, with and without
 * context and plural, return NULL or a string inside the file).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

static int ours(const char *l)
{
	size_t i;

	for (i = 0; i18n_languages[i] != NULL; i++)
		if (l == i18n_languages[i])
			return 1;
	return 0;
}

static void inside(const char *s, const uint8_t *data, size_t size)
{
	if (s != NULL && ((const uint8_t *)s < data ||
	    (const uint8_t *)s + strlen(s) >= data + size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned long ns[] = { 0, 1, 2, 3, 11, 100, 102, 1000001 };
	char *s = malloc(size + 1);
	const char *l;
	struct i18n_cat *c;
	struct buf err;
	size_t i;

	memcpy(s, data, size);
	s[size] = '\0';
	l = i18n_negotiate(s);
	if (l != NULL && !ours(l))
		abort();
	l = i18n_supported(s);
	if (l != NULL && !ours(l))
		abort();
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		(void)i18n_plural_eval(s, ns[i]);
	free(s);

	/* A copy the size of the input, so ASan sees any read past it. */
	s = malloc(size ? size : 1);
	memcpy(s, data, size);
	buf_init(&err);
	c = i18n_cat_open(s, size, &err);
	if (c != NULL) {
		inside(i18n_cat_lookup(c, NULL, "", NULL, 0), (uint8_t *)s,
		    size);
		inside(i18n_cat_lookup(c, NULL, "a", NULL, 0), (uint8_t *)s,
		    size);
		inside(i18n_cat_lookup(c, "k", "a", NULL, 0), (uint8_t *)s,
		    size);
		for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
			inside(i18n_cat_lookup(c, NULL, "a", "b", ns[i]),
			    (uint8_t *)s, size);
		i18n_cat_close(c);
	}
	buf_free(&err);
	free(s);
	return 0;
}
