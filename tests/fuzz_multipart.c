/* fuzz_multipart.c — libFuzzer target for parse_multipart().
 *
 * Input: the first line (up to LF) is the Content-Type, cut at its first
 * NUL; the rest is the body, left where libFuzzer put it so that a read
 * past its end is caught. Beyond what the sanitizers catch: a result
 * respects the limits, values are NUL-terminated at their length, names,
 * filenames and types hold no control characters, an error comes with a
 * message and no list, and a parsed list, written again with a boundary
 * of our own, parses back to itself.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

static const struct parse_limits lim = { 16, 32, 128, 512 };

static void check_list(const struct param *p)
{
	size_t n = 0, max;

	for (; p != NULL; p = p->next) {
		max = p->filename != NULL ? lim.max_file : lim.max_value;
		if (++n > lim.max_fields || p->name == NULL ||
		    p->value == NULL || strlen(p->name) > lim.max_name ||
		    p->len > max || p->value[p->len] != '\0' ||
		    !header_safe(p->name) ||
		    (p->filename != NULL && !header_safe(p->filename)) ||
		    (p->ctype != NULL && !header_safe(p->ctype)))
			abort();
	}
}

static int contains(const char *s, size_t n, const char *pat)
{
	size_t k = strlen(pat), i;

	for (i = 0; n >= k && i <= n - k; i++)
		if (memcmp(s + i, pat, k) == 0)
			return 1;
	return 0;
}

/* A boundary found in no value, or NULL (then no round trip). */
static const char *pick_boundary(const struct param *list, char *bnd,
    size_t size)
{
	const struct param *p;
	int i;

	for (i = 0; i < 100; i++) {
		snprintf(bnd, size, "rt%d-%x", i, 0x5eed * (i + 1));
		for (p = list; p != NULL; p = p->next)
			if (contains(p->value, p->len, bnd))
				break;
		if (p == NULL)
			return bnd;
	}
	return NULL;
}

static void put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void encode(struct buf *b, const struct param *p, const char *bnd)
{
	for (; p != NULL; p = p->next) {
		buf_printf(b, "--%s\r\nContent-Disposition: form-data; name=",
		    bnd);
		put_quoted(b, p->name);
		if (p->filename != NULL) {
			buf_puts(b, "; filename=");
			put_quoted(b, p->filename);
		}
		if (p->ctype != NULL)
			buf_printf(b, "\r\nContent-Type: %s", p->ctype);
		buf_puts(b, "\r\n\r\n");
		buf_put(b, p->value, p->len);
		buf_puts(b, "\r\n");
	}
	buf_printf(b, "--%s--\r\n", bnd);
}

static int str_same(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return x == y;
	return strcmp(x, y) == 0;
}

static void check_same(const struct param *x, const struct param *y)
{
	for (; x != NULL && y != NULL; x = x->next, y = y->next)
		if (strcmp(x->name, y->name) != 0 || x->len != y->len ||
		    memcmp(x->value, y->value, x->len) != 0 ||
		    !str_same(x->filename, y->filename) ||
		    !str_same(x->ctype, y->ctype))
			abort();
	if (x != NULL || y != NULL)
		abort();
}

static void round_trip(struct arena *a, struct buf *b,
    const struct param *list)
{
	const struct param *p;
	struct param *again;
	const char *bnd, *msg = NULL;
	char bbuf[32], ct[64];

	/* Escaping may double a long filename past the header bound. */
	for (p = list; p != NULL; p = p->next)
		if (p->filename != NULL && strlen(p->filename) > 4096)
			return;
	if ((bnd = pick_boundary(list, bbuf, sizeof(bbuf))) == NULL)
		return;
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", bnd);
	encode(b, list, bnd);
	if (parse_multipart(a, ct, b->s, b->len, &lim, &again, &msg) !=
	    PARSE_OK)
		abort();
	check_same(list, again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	static struct buf b;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t k = nl != NULL ? (size_t)(nl - data) : size;
	const char *body = nl != NULL ? (const char *)nl + 1 : "";
	size_t n = nl != NULL ? size - k - 1 : 0;
	struct param *list;
	const char *msg = NULL;
	enum parse_status st;
	char *ct;

	if (a == NULL) {
		a = arena_new();
		buf_init(&b);
	}
	if ((ct = malloc(k + 1)) == NULL)
		abort();
	memcpy(ct, data, k);
	ct[k] = '\0';
	st = parse_multipart(a, ct, body, n, &lim, &list, &msg);
	free(ct);
	if (st != PARSE_OK) {
		if (st > PARSE_TOO_LONG || msg == NULL || list != NULL)
			abort();
	} else {
		check_list(list);
		round_trip(a, &b, list);
	}
	buf_shrink(&b, 65536);
	arena_reset(a);
	return 0;
}
