/* fuzz_cookies.c — libFuzzer target for parse_cookies().
 *
 * The input, cut at its first NUL, is the Cookie header. Beyond what the
 * sanitizers catch: at most max_fields cookies, names are non-empty tokens
 * within the limit, values are within the limit, NUL-terminated, free of
 * controls, quotes and ';', and the list, written again with quoted values,
 * parses back to itself.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

static const struct parse_limits lim = { 16, 32, 128, 0 };

static int name_ok(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (strchr("()<>@,;:\\\"/[]?={} \t", *s) != NULL ||
		    (unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

static void check_list(const struct param *p)
{
	size_t n = 0, i;

	for (; p != NULL; p = p->next) {
		if (++n > lim.max_fields || p->name == NULL ||
		    p->value == NULL || !name_ok(p->name) ||
		    strlen(p->name) > lim.max_name || p->len > lim.max_value ||
		    strlen(p->value) != p->len || p->filename != NULL ||
		    p->ctype != NULL)
			abort();
		for (i = 0; i < p->len; i++) {
			unsigned char c = (unsigned char)p->value[i];

			if (c < 0x20 || c == 0x7f || c == '"' || c == ';')
				abort();
		}
	}
}

static void check_same(const struct param *x, const struct param *y)
{
	for (; x != NULL && y != NULL; x = x->next, y = y->next)
		if (strcmp(x->name, y->name) != 0 ||
		    strcmp(x->value, y->value) != 0)
			abort();
	if (x != NULL || y != NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	static struct buf b;
	struct param *list, *again, *p;
	char *hdr;

	if (a == NULL) {
		a = arena_new();
		buf_init(&b);
	}
	if ((hdr = malloc(size + 1)) == NULL)
		abort();
	memcpy(hdr, data, size);
	hdr[size] = '\0';
	parse_cookies(a, hdr, &lim, &list);
	free(hdr);
	check_list(list);
	for (p = list; p != NULL; p = p->next)
		buf_printf(&b, "%s=\"%s\"; ", p->name, p->value);
	parse_cookies(a, b.s, &lim, &again);
	check_same(list, again);
	buf_shrink(&b, 65536);
	arena_reset(a);
	return 0;
}
