/* fuzz_diff.c — libFuzzer target for the history's diff (diff.c) and the
 * text it compares (markup.c: markup_blocks). The input is two texts split
 * at the first NUL byte (or in half when there is none); each is compared
 * as it is, and through the sanitizer and markup_blocks as HTML. Checked:
 *   - a text compared with itself gives no entry;
 *   - putting the pieces back together gives both texts: the kept and
 *     removed pieces of each entry (blocks collapsed, read from a) are a's
 *     blocks, the kept and added ones b's, in order;
 *   - every piece points inside its text and is not empty; no two gaps
 *     follow each other; a changed block has a removed or an added piece;
 *   - markup_blocks gives no empty line and no blank at a line's ends.
 * Any violation aborts. Built by `make fuzz` like the others. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "markup.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int inside(const char *s, size_t n, const char *t)
{
	return s >= t && s + n <= t + strlen(t);
}

/* The non-empty lines of t, each followed by a newline. */
static void lines_of(const char *t, struct buf *out)
{
	while (*t != '\0') {
		size_t n = strcspn(t, "\n");

		if (n > 0) {
			buf_put(out, t, n);
			buf_putc(out, '\n');
		}
		t += n + (t[n] == '\n');
	}
}

/* Rebuilds a (side '-') or b (side '+') from the diff; the blocks that
 * were collapsed or kept come from the original lines, in order. */
static void rebuild(const struct diff *d, const char *a, const char *b,
    char side, struct buf *out)
{
	struct buf all;
	const char *t = side == '-' ? a : b, *line;
	size_t i, k, skip;

	buf_init(&all);
	lines_of(t, &all);
	line = all.s;
	for (i = 0; i < d->n; i++) {
		const struct diff_block *e = &d->block[i];

		if (e->op == '.') {
			if (i > 0 && d->block[i - 1].op == '.')
				abort();
			for (skip = 0; skip < e->skipped; skip++) {
				size_t n = strcspn(line, "\n");

				buf_put(out, line, n + 1);
				line += n + 1;
			}
			continue;
		}
		if (e->npiece == 0)
			abort();
		if ((e->op == '-' && side == '+') ||
		    (e->op == '+' && side == '-'))
			continue;
		for (k = 0; k < e->npiece; k++) {
			const struct diff_piece *p = &e->piece[k];

			if (p->n == 0 || !(inside(p->s, p->n, a) ||
			    inside(p->s, p->n, b)))
				abort();
			if (p->op == ' ' || p->op == side)
				buf_put(out, p->s, p->n);
		}
		buf_putc(out, '\n');
		line += strcspn(line, "\n") + 1;
	}
	/* The blocks after the last entry are not shown: none changed. */
	buf_puts(out, line);
	buf_free(&all);
}

static void check_diff(struct arena *ar, const char *a, const char *b)
{
	struct diff d;
	struct buf want, got;
	size_t i, k;

	diff_text(ar, a, a, &d);
	if (d.n != 0)
		abort();
	diff_text(ar, a, b, &d);
	for (i = 0; i < d.n; i++) {
		int changed = 0;

		for (k = 0; k < d.block[i].npiece; k++)
			changed |= d.block[i].piece[k].op != ' ';
		if (d.block[i].op == '~' && !changed)
			abort();
	}
	buf_init(&want);
	buf_init(&got);
	lines_of(a, &want);
	rebuild(&d, a, b, '-', &got);
	if (d.n > 0 && strcmp(want.s, got.s) != 0)
		abort();
	buf_reset(&want);
	buf_reset(&got);
	lines_of(b, &want);
	rebuild(&d, a, b, '+', &got);
	if (d.n > 0 && strcmp(want.s, got.s) != 0)
		abort();
	buf_free(&want);
	buf_free(&got);
}

static const char *as_blocks(struct arena *ar, const char *s, size_t n)
{
	const char *res;
	struct buf html, text;
	const char *msg;
	size_t i;

	buf_init(&html);
	buf_init(&text);
	if (sanitize_html(s, n, &html, &msg) != 0 ||
	    markup_blocks(html.s, html.len, &text) != 0) {
		buf_free(&html);
		buf_free(&text);
		return NULL;
	}
	for (i = 0; i < text.len; i++)
		if ((text.s[i] == '\n' && (i == 0 || text.s[i - 1] == '\n' ||
		    text.s[i - 1] == ' ')) || (text.s[i] == ' ' &&
		    (i == 0 || text.s[i - 1] == '\n')))
			abort();
	buf_free(&html);
	res = buf_arena(&text, ar);
	buf_free(&text);
	return res;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *ar = arena_new();
	const char *nul = memchr(data, '\0', size);
	size_t na = nul ? (size_t)(nul - (const char *)data) : size / 2;
	size_t nb = nul ? size - na - 1 : size - na;
	const char *a = arena_strndup(ar, (const char *)data, na);
	const char *b = arena_strndup(ar, (const char *)data + size - nb, nb);
	const char *ha, *hb;

	check_diff(ar, a, b);
	ha = as_blocks(ar, (const char *)data, na);
	hb = as_blocks(ar, (const char *)data + size - nb, nb);
	if (ha != NULL && hb != NULL)
		check_diff(ar, ha, hb);
	arena_free(ar);
	return 0;
}
