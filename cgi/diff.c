/* diff.c — line diff by longest common subsequence.
 *
 * Written here because no library dais already uses offers one. Statements
 * are short (a few hundred lines at most), so the O(n·m) table is cheap;
 * beyond DIFF_MAX_LINES the texts are shown as replaced wholesale.
 */
#include "config.h"

#include <string.h>

#include "diff.h"
#include "util.h"

struct lines {
	const char **p;
	size_t *len;
	size_t n;
};

static void split(struct arena *ar, const char *s, struct lines *l)
{
	size_t count = 1, i = 0;
	const char *q;

	for (q = s; *q != '\0'; q++)
		count += *q == '\n';
	l->p = arena_alloc(ar, count * sizeof(*l->p));
	l->len = arena_alloc(ar, count * sizeof(*l->len));
	while (*s != '\0' || i == 0) {
		size_t n = strcspn(s, "\n");

		l->p[i] = s;
		l->len[i] = n > 0 && s[n - 1] == '\r' ? n - 1 : n;
		i++;
		s += n;
		if (*s == '\n')
			s++;
		if (*s == '\0')
			break;
	}
	l->n = i;
}

static int same(const struct lines *a, size_t i, const struct lines *b,
    size_t j)
{
	return a->len[i] == b->len[j] &&
	    memcmp(a->p[i], b->p[j], a->len[i]) == 0;
}

void diff_lines(struct arena *ar, const char *sa, const char *sb,
    void (*emit)(void *ctx, char op, const char *line, size_t n), void *ctx)
{
	struct lines a, b;
	unsigned int *t;
	size_t i, j, w;

	split(ar, sa, &a);
	split(ar, sb, &b);
	if (a.n > DIFF_MAX_LINES || b.n > DIFF_MAX_LINES) {
		for (i = 0; i < a.n; i++)
			emit(ctx, '-', a.p[i], a.len[i]);
		for (j = 0; j < b.n; j++)
			emit(ctx, '+', b.p[j], b.len[j]);
		return;
	}
	/* t[i][j]: length of the LCS of a[i..] and b[j..]. */
	w = b.n + 1;
	t = arena_zalloc(ar, (a.n + 1) * w * sizeof(*t));
	for (i = a.n; i-- > 0;)
		for (j = b.n; j-- > 0;)
			t[i * w + j] = same(&a, i, &b, j) ?
			    t[(i + 1) * w + j + 1] + 1 :
			    t[(i + 1) * w + j] > t[i * w + j + 1] ?
			    t[(i + 1) * w + j] : t[i * w + j + 1];
	for (i = 0, j = 0; i < a.n || j < b.n;) {
		if (i < a.n && j < b.n && same(&a, i, &b, j)) {
			emit(ctx, ' ', a.p[i], a.len[i]);
			i++, j++;
		} else if (j < b.n && (i == a.n ||
		    t[i * w + j + 1] >= t[(i + 1) * w + j])) {
			emit(ctx, '+', b.p[j], b.len[j]);
			j++;
		} else {
			emit(ctx, '-', a.p[i], a.len[i]);
			i++;
		}
	}
}
