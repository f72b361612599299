/* diff.c — a reader's diff: blocks of text, then the words of changed ones.
 *
 * Written here because no library dais already uses offers one. Both
 * levels are the same longest-common-subsequence comparison, on blocks
 * (the lines of the input), then on the words of a removed block and the
 * added block that replaces it. The common start and end are set aside
 * first, so one word changed in a long statement costs a table of one
 * cell; what is left fills a table of n × m cells, capped (diff.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "util.h"

/* A sequence of items (blocks or words): where each starts, how long. */
struct seq {
	const char **p;
	size_t *len;
	uint32_t *hash;
	size_t n;
};

struct run {
	struct arena *ar;
	long budget;            /* cells left to fill */
	long scan;              /* bytes of blocks left to compare word by word */
	int capped;
	struct diff_block *out; /* the entries, before context is collapsed */
	size_t n, cap;
};

static uint32_t hash_of(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int same(const struct seq *a, size_t i, const struct seq *b,
    size_t j)
{
	return a->hash[i] == b->hash[j] && a->len[i] == b->len[j] &&
	    memcmp(a->p[i], b->p[j], a->len[i]) == 0;
}

static void seq_alloc(struct seq *q, size_t max)
{
	q->p = malloc((max + 1) * sizeof(*q->p));
	q->len = malloc((max + 1) * sizeof(*q->len));
	q->hash = malloc((max + 1) * sizeof(*q->hash));
	if (q->p == NULL || q->len == NULL || q->hash == NULL)
		abort();
	q->n = 0;
}

static void seq_add(struct seq *q, const char *s, size_t n)
{
	q->p[q->n] = s;
	q->len[q->n] = n;
	q->hash[q->n] = hash_of(s, n);
	q->n++;
}

static void seq_free(struct seq *q)
{
	free(q->p);
	free(q->len);
	free(q->hash);
}

/* The blocks of s: its non-empty lines. */
static void split_blocks(const char *s, struct seq *q)
{
	size_t count = 1;
	const char *c;

	for (c = s; *c != '\0'; c++)
		count += *c == '\n';
	seq_alloc(q, count);
	while (*s != '\0') {
		size_t n = strcspn(s, "\n");

		if (n > 0)
			seq_add(q, s, n);
		s += n;
		if (*s == '\n')
			s++;
	}
}

/* Length of the token at s (n > 0 bytes left): a run of letters and digits
 * (any non-ASCII character counts as a letter, except the two below), a
 * run of blanks (no-break spaces included), or one other character
 * (punctuation, and the general punctuation block U+2000–U+206F: dashes,
 * quotation marks). */
static size_t token_len(const unsigned char *s, size_t n, int *blank)
{
	size_t i = 0;

#define NBSP(k) (k + 1 < n && s[k] == 0xc2 && s[k + 1] == 0xa0)
#define GENPUNCT(k) (k + 2 < n && s[k] == 0xe2 && (s[k + 1] == 0x80 || \
    s[k + 1] == 0x81))
	*blank = s[0] == ' ' || s[0] == '\t' || NBSP(0);
	if (*blank) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || NBSP(i)))
			i += s[i] == 0xc2 ? 2 : 1;
		return i;
	}
	if (GENPUNCT(0))
		return 3;
	while (i < n && (s[i] >= 0x80 || (s[i] >= '0' && s[i] <= '9') ||
	    ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) && !NBSP(i) &&
	    !GENPUNCT(i))
		i++;
	return i > 0 ? i : 1;
#undef NBSP
#undef GENPUNCT
}

static int blank_token(const char *s, size_t n)
{
	return n > 0 && (s[0] == ' ' || s[0] == '\t' || (n > 1 &&
	    (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0));
}

/* The words of a block; *words counts those that are not blanks. */
static void split_words(const char *s, size_t n, struct seq *q,
    size_t *words)
{
	size_t i = 0;

	seq_alloc(q, n);
	*words = 0;
	while (i < n) {
		int blank;
		size_t k = token_len((const unsigned char *)s + i, n - i,
		    &blank);

		seq_add(q, s + i, k);
		*words += !blank;
		i += k;
	}
}

/* The items a and b have in common, in order, as pairs of indices (ma[k],
 * mb[k]), ma and mb with room for the shorter sequence; returns how many.
 * The common start and end are free; the middle fills a table of cells
 * taken from r's budget, if it fits both that and cap; else it is left
 * unmatched (r->capped set). */
static size_t lcs(struct run *r, const struct seq *a, const struct seq *b,
    long cap, size_t *ma, size_t *mb)
{
	size_t p = 0, s = 0, k = 0, n, m, i, j, w;
	uint32_t *t;

	while (p < a->n && p < b->n && same(a, p, b, p)) {
		ma[k] = mb[k] = p;
		k++, p++;
	}
	while (s < a->n - p && s < b->n - p &&
	    same(a, a->n - 1 - s, b, b->n - 1 - s))
		s++;
	n = a->n - p - s;
	m = b->n - p - s;
	if (n > 0 && m > 0 && (n + 1 > (size_t)cap / (m + 1) ||
	    (long)((n + 1) * (m + 1)) > cap ||
	    (long)((n + 1) * (m + 1)) > r->budget)) {
		r->capped = 1;
	} else if (n > 0 && m > 0) {
		r->budget -= (long)((n + 1) * (m + 1));
		w = m + 1;
		t = calloc((n + 1) * w, sizeof(*t));
		if (t == NULL)
			abort();
		/* t[i][j]: the length of the LCS of a[p+i..] and b[p+j..]. */
		for (i = n; i-- > 0;)
			for (j = m; j-- > 0;)
				t[i * w + j] = same(a, p + i, b, p + j) ?
				    t[(i + 1) * w + j + 1] + 1 :
				    t[(i + 1) * w + j] > t[i * w + j + 1] ?
				    t[(i + 1) * w + j] : t[i * w + j + 1];
		for (i = 0, j = 0; i < n && j < m;) {
			if (same(a, p + i, b, p + j)) {
				ma[k] = p + i++;
				mb[k++] = p + j++;
			} else if (t[(i + 1) * w + j] >= t[i * w + j + 1]) {
				i++;
			} else {
				j++;
			}
		}
		free(t);
	}
	for (i = 0; i < s; i++, k++) {
		ma[k] = a->n - s + i;
		mb[k] = b->n - s + i;
	}
	return k;
}

static struct diff_block *entry_add(struct run *r, char op)
{
	struct diff_block *e;

	r->out = arena_grow(r->ar, r->out, r->n, &r->cap, sizeof(*r->out));
	e = &r->out[r->n++];
	memset(e, 0, sizeof(*e));
	e->op = op;
	return e;
}

/* A block shown whole: kept, removed or added. */
static void entry_whole(struct run *r, char op, const char *s, size_t n)
{
	struct diff_block *e = entry_add(r, op);
	struct diff_piece *pc = arena_alloc(r->ar, sizeof(*pc));

	pc->op = op;
	pc->s = s;
	pc->n = n;
	e->piece = pc;
	e->npiece = 1;
}

static void piece_add(struct run *r, struct diff_piece **v, size_t *n,
    size_t *cap, char op, const char *s, size_t len)
{
	if (len == 0)
		return;
	if (*n > 0 && (*v)[*n - 1].op == op &&
	    (*v)[*n - 1].s + (*v)[*n - 1].n == s) {
		(*v)[*n - 1].n += len;
		return;
	}
	*v = arena_grow(r->ar, *v, *n, cap, sizeof(**v));
	(*v)[*n].op = op;
	(*v)[*n].s = s;
	(*v)[(*n)++].n = len;
}

/* The text from item i to item j (excluded) of q; j > i. */
#define SPAN(q, i, j) (q)->p[i], (size_t)((q)->p[(j) - 1] + \
    (q)->len[(j) - 1] - (q)->p[i])

/* The pieces of a changed block, from the words both keep. A blank kept
 * between two changed runs joins them ("<del>quick brown</del><ins>slow
 * red</ins>", not a word at a time). */
static void word_pieces(struct run *r, const struct seq *a,
    const struct seq *b, const size_t *ma, const size_t *mb, size_t k,
    struct diff_block *e)
{
	struct diff_piece *v = NULL;
	size_t n = 0, cap = 0, q, ia = 0, ib = 0;

	for (q = 0; q <= k; q++) {
		size_t ea = q < k ? ma[q] : a->n, eb = q < k ? mb[q] : b->n;
		size_t na, nb;

		if (q < k && blank_token(a->p[ma[q]], a->len[ma[q]]) &&
		    (ma[q] > ia || mb[q] > ib) && (q + 1 < k ?
		    ma[q + 1] > ma[q] + 1 || mb[q + 1] > mb[q] + 1 :
		    ma[q] + 1 < a->n || mb[q] + 1 < b->n))
			continue; /* a blank between changes: changed too */
		if (ea > ia)
			piece_add(r, &v, &n, &cap, '-', SPAN(a, ia, ea));
		if (eb > ib)
			piece_add(r, &v, &n, &cap, '+', SPAN(b, ib, eb));
		if (q < k) {
			na = ma[q], nb = mb[q];
			piece_add(r, &v, &n, &cap, ' ', a->p[na], a->len[na]);
			ia = na + 1;
			ib = nb + 1;
		}
	}
	e->piece = v;
	e->npiece = n;
}

/* Compares two blocks word by word; when half of the words stay (two at
 * least), adds the changed block and returns 1, else returns 0 and adds
 * nothing. */
static int block_changed(struct run *r, const char *sa, size_t na,
    const char *sb, size_t nb)
{
	struct seq a, b;
	size_t wa, wb, k, q, kept = 0, *ma, *mb;
	int ok;

	split_words(sa, na, &a, &wa);
	split_words(sb, nb, &b, &wb);
	ma = malloc((a.n + 1) * sizeof(*ma));
	mb = malloc((a.n + 1) * sizeof(*mb));
	if (ma == NULL || mb == NULL)
		abort();
	k = lcs(r, &a, &b, DIFF_PAIR_CELLS, ma, mb);
	for (q = 0; q < k; q++)
		kept += !blank_token(a.p[ma[q]], a.len[ma[q]]);
	ok = 2 * kept >= (wa > wb ? wa : wb) && kept >= 2;
	if (ok)
		word_pieces(r, &a, &b, ma, mb, k, entry_add(r, '~'));
	free(ma);
	free(mb);
	seq_free(&a);
	seq_free(&b);
	return ok;
}

/* The blocks a[ia..ea) removed and b[ib..eb) added between two kept ones:
 * each removed block is matched, in order, with one of the next added
 * blocks that keeps half its words (two at least); the others are shown
 * whole, the removed before the added that follow them. */
static void changed_run(struct run *r, const struct seq *a, size_t ia,
    size_t ea, const struct seq *b, size_t ib, size_t eb)
{
	size_t i, j = ib, jj, k;

	for (i = ia; i < ea; i++) {
		for (jj = j; jj < eb && jj < j + DIFF_LOOKAHEAD; jj++) {
			/* Each comparison splits both blocks again: its bytes
			 * are paid from the scan budget, so that many removed
			 * blocks facing a long added one cost a bounded time. */
			long cost = (long)(a->len[i] + b->len[jj]);

			if (cost > r->scan) {
				r->capped = 1;
				jj = eb;
				break;
			}
			r->scan -= cost;
			if (block_changed(r, a->p[i], a->len[i], b->p[jj],
			    b->len[jj]))
				break;
		}
		if (jj == eb || jj == j + DIFF_LOOKAHEAD) {
			entry_whole(r, '-', a->p[i], a->len[i]);
			continue;
		}
		/* The changed block went in last; the added ones before it
		 * in the new text come first. */
		if (jj > j) {
			struct diff_block changed = r->out[r->n - 1];

			r->n--;
			for (k = j; k < jj; k++)
				entry_whole(r, '+', b->p[k], b->len[k]);
			*entry_add(r, '~') = changed;
		}
		j = jj + 1;
	}
	for (k = j; k < eb; k++)
		entry_whole(r, '+', b->p[k], b->len[k]);
}

/* Keeps DIFF_CONTEXT unchanged blocks on each side of a change and
 * collapses the others, unless only one would be (the block itself is as
 * short as the line saying it is not shown). */
static void collapse(struct run *r, struct diff *out)
{
	struct diff_block *v = arena_alloc(r->ar, (r->n + 1) * sizeof(*v));
	char *show = arena_alloc(r->ar, r->n + 1);
	size_t i, j, n = 0, changes = 0;

	/* show[i]: a change, or within DIFF_CONTEXT blocks of one. */
	memset(show, 0, r->n + 1);
	for (i = 0; i < r->n; i++) {
		if (r->out[i].op == ' ')
			continue;
		changes++;
		for (j = i > DIFF_CONTEXT ? i - DIFF_CONTEXT : 0;
		    j <= i + DIFF_CONTEXT && j < r->n; j++)
			show[j] = 1;
	}
	out->n = 0;
	out->block = v;
	if (changes == 0)
		return;
	for (i = 0; i < r->n; i = j) {
		for (j = i; j < r->n && !show[j]; j++)
			;
		if (j - i == 1) {
			show[i] = 1;
		} else if (j > i) {
			memset(&v[n], 0, sizeof(v[n]));
			v[n].op = '.';
			v[n++].skipped = j - i;
			continue;
		}
		for (j = i; j < r->n && show[j]; j++)
			v[n++] = r->out[j];
	}
	out->n = n;
}

void diff_text(struct arena *ar, const char *sa, const char *sb,
    struct diff *out)
{
	struct run r = { ar, DIFF_BUDGET, DIFF_SCAN_BUDGET, 0, NULL, 0, 0 };
	struct seq a, b;
	size_t *ma, *mb, k, q, ia = 0, ib = 0;

	split_blocks(sa, &a);
	split_blocks(sb, &b);
	ma = malloc((a.n + 1) * sizeof(*ma));
	mb = malloc((a.n + 1) * sizeof(*mb));
	if (ma == NULL || mb == NULL)
		abort();
	k = lcs(&r, &a, &b, DIFF_BUDGET, ma, mb);
	for (q = 0; q <= k; q++) {
		size_t ea = q < k ? ma[q] : a.n, eb = q < k ? mb[q] : b.n;

		changed_run(&r, &a, ia, ea, &b, ib, eb);
		if (q < k) {
			entry_whole(&r, ' ', b.p[eb], b.len[eb]);
			ia = ea + 1;
			ib = eb + 1;
		}
	}
	collapse(&r, out);
	out->capped = r.capped;
	free(ma);
	free(mb);
	seq_free(&a);
	seq_free(&b);
}
