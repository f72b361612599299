/* fuzz_urlencoded.c — libFuzzer target for parse_urlencoded().
 *
 * Beyond what the sanitizers catch: a result respects the limits, every
 * value is NUL-terminated at its length, an error comes with a message and
 * no list, and a parsed list, encoded again, parses back to itself.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

static const struct parse_limits lim = { 64, 32, 256, 1 };

static void check_list(const struct param *p)
{
	size_t n = 0;

	for (; p != NULL; p = p->next) {
		if (++n > lim.max_fields || p->name == NULL ||
		    p->value == NULL || strlen(p->name) > lim.max_name ||
		    p->len > lim.max_value || p->value[p->len] != '\0' ||
		    p->filename != NULL || p->ctype != NULL)
			abort();
	}
}

static void encode(struct buf *b, const struct param *p)
{
	for (; p != NULL; p = p->next) {
		url_arg(b, p->name, strlen(p->name));
		buf_putc(b, '=');
		url_arg(b, p->value, p->len);
		if (p->next != NULL)
			buf_putc(b, '&');
	}
}

static void check_same(const struct param *x, const struct param *y)
{
	for (; x != NULL && y != NULL; x = x->next, y = y->next)
		if (strcmp(x->name, y->name) != 0 || x->len != y->len ||
		    memcmp(x->value, y->value, x->len) != 0)
			abort();
	if (x != NULL || y != NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	static struct buf b;
	struct param *list, *again;
	const char *msg = NULL;
	enum parse_status st;

	if (a == NULL) {
		a = arena_new();
		buf_init(&b);
	}
	st = parse_urlencoded(a, (const char *)data, size, &lim, &list, &msg);
	if (st != PARSE_OK) {
		if (st > PARSE_TOO_LONG || msg == NULL || list != NULL)
			abort();
	} else {
		check_list(list);
		encode(&b, list);
		if (parse_urlencoded(a, b.s, b.len, &lim, &again, &msg) !=
		    PARSE_OK)
			abort();
		check_same(list, again);
	}
	buf_shrink(&b, 65536);
	arena_reset(a);
	return 0;
}
