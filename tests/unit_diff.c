/* unit_diff.c — the history's diff (diff.c) and the text it compares
 * (markup.c: markup_blocks), and HTML without a tag read as text.
 *
 * A diff is written here as one string, its entries split by "|": ".N" N
 * unchanged blocks collapsed, " text" kept as context, "-text" a block
 * removed whole, "+text" added whole, "~" a block changed word by word,
 * its changed runs in brackets: "~the [-quick][+slow] fox".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "diff.h"
#include "markup.h"
#include "util.h"

static const char *show(struct arena *ar, const struct diff *d)
{
	const char *res;
	struct buf b;
	size_t i, k;

	buf_init(&b);
	for (i = 0; i < d->n; i++) {
		const struct diff_block *e = &d->block[i];

		if (i > 0)
			buf_putc(&b, '|');
		buf_putc(&b, e->op);
		if (e->op == '.')
			buf_printf(&b, "%zu", e->skipped);
		for (k = 0; k < e->npiece; k++) {
			const struct diff_piece *p = &e->piece[k];

			if (e->op == '~' && p->op != ' ')
				buf_printf(&b, "[%c%.*s]", p->op, (int)p->n,
				    p->s);
			else
				buf_put(&b, p->s, p->n);
		}
	}
	res = buf_arena(&b, ar);
	buf_free(&b);
	return res;
}

static const char *diff(struct arena *ar, const char *a, const char *b)
{
	struct diff d;

	diff_text(ar, a, b, &d);
	return show(ar, &d);
}

/* The blocks of HTML rendered from a source in format f. */
static const char *blocks_of(struct arena *ar, enum markup_format f,
    const char *src)
{
	const char *res;
	struct buf html, text;
	const char *msg;

	buf_init(&html);
	buf_init(&text);
	if (markup_render(f, src, strlen(src), &html, &msg) != 0 ||
	    markup_blocks(html.s, html.len, &text) != 0) {
		buf_free(&html);
		buf_free(&text);
		return "ERROR";
	}
	buf_free(&html);
	res = buf_arena(&text, ar);
	buf_free(&text);
	return res;
}

static const char *render(struct arena *ar, enum markup_format f,
    const char *src)
{
	const char *res;
	struct buf html;
	const char *msg;

	buf_init(&html);
	if (markup_render(f, src, strlen(src), &html, &msg) != 0) {
		buf_free(&html);
		return "ERROR";
	}
	res = buf_arena(&html, ar);
	buf_free(&html);
	return res;
}

static const char *blocks(struct arena *ar, const char *html)
{
	const char *res;
	struct buf b;

	buf_init(&b);
	if (markup_blocks(html, strlen(html), &b) != 0) {
		buf_free(&b);
		return "ERROR";
	}
	res = buf_arena(&b, ar);
	buf_free(&b);
	return res;
}

static void test_blocks(struct arena *ar)
{
	CHECK_STR(blocks(ar, "<p>a <b>b</b></p><ul><li>x</li><li>y</li></ul>"
	    "<table><tr><td>c1</td><td> c2 </td></tr></table>"
	    "<p>l1<br>l2</p><h2>Head</h2>"),
	    "a b\nx\ny\nc1\nc2\nl1 l2\nHead\n");
	CHECK_STR(blocks(ar, ""), "");
	/* References decoded, no empty line for an empty paragraph. */
	CHECK_STR(blocks(ar, "<p>A &amp; B</p><p></p><p>  </p><p>C&lt;</p>"),
	    "A & B\nC<\n");
	CHECK_STR(blocks(ar, "<ol><li><p>nested</p></li></ol>"), "nested\n");
	/* The same text from Word's HTML and from plain text. */
	CHECK_STR(blocks_of(ar, MARKUP_HTML, "<p class=MsoNormal><span "
	    "style='mso-fareast-language:EN-GB'>Thank you,<o:p></o:p></span>"
	    "</p>\n<p class=MsoNormal><b><span lang=EN-US>Chair.</span></b>"
	    "</p>"), "Thank you,\nChair.\n");
	CHECK_STR(blocks_of(ar, MARKUP_TEXT, "Thank you,\n\nChair."),
	    "Thank you,\nChair.\n");
}

/* "HTML" chosen for text without a tag: read as plain text. */
static void test_html_without_tags(struct arena *ar)
{
	const char *text = "First paragraph,\nits second line.\n\nSecond "
	    "paragraph: 3 < 4 & 5 > 2.";

	CHECK_STR(render(ar, MARKUP_HTML, text), render(ar, MARKUP_TEXT,
	    text));
	CHECK_STR(render(ar, MARKUP_HTML, "One\n\nTwo"),
	    "<p>One</p>\n<p>Two</p>\n");
	/* A tag anywhere: HTML, as before. */
	CHECK_STR(render(ar, MARKUP_HTML, "One\n\n<b>Two</b>"),
	    "One\n\n<strong>Two</strong>");
	CHECK_STR(render(ar, MARKUP_HTML, "One <!-- x --> two"), "One  two");
	/* A character reference: HTML too. */
	CHECK_STR(render(ar, MARKUP_HTML, "A &amp; B\n\nC"), "A &amp; B\n\nC");
	CHECK_STR(render(ar, MARKUP_HTML, "&#65;\n\nB"), "A\n\nB");
	CHECK_STR(render(ar, MARKUP_HTML, "AT&T\n\nB"),
	    "<p>AT&amp;T</p>\n<p>B</p>\n");
}

static void test_small(struct arena *ar)
{
	struct diff d;

	/* Unchanged: no entry at all. */
	diff_text(ar, "a\nb\nc\n", "a\nb\nc\n", &d);
	CHECK(d.n == 0);
	CHECK(d.capped == 0);
	diff_text(ar, "", "", &d);
	CHECK(d.n == 0);
	/* Empty lines are no blocks: the same text. */
	diff_text(ar, "a\n\nb", "a\nb\n", &d);
	CHECK(d.n == 0);
	/* One word: removed before added, inside its block. */
	CHECK_STR(diff(ar, "The quick fox.\n", "The slow fox.\n"),
	    "~The [-quick][+slow] fox.");
	/* A blank kept between two changes joins them. */
	CHECK_STR(diff(ar, "the quick brown fox\n", "the slow red fox\n"),
	    "~the [-quick brown][+slow red] fox");
	/* A word added, a word removed. */
	CHECK_STR(diff(ar, "we welcome the report\n",
	    "we warmly welcome the report\n"),
	    "~we [+warmly ]welcome the report");
	CHECK_STR(diff(ar, "we warmly welcome the report\n",
	    "we welcome the report\n"),
	    "~we [-warmly ]welcome the report");
	/* Punctuation is a word of its own. */
	CHECK_STR(diff(ar, "migrants, refugees\n", "migrants; refugees\n"),
	    "~migrants[-,][+;] refugees");
	/* A block rewritten: removed whole, then added whole. */
	CHECK_STR(diff(ar, "k\nalpha beta gamma\nk2\n",
	    "k\ndelta epsilon zeta\nk2\n"),
	    " k|-alpha beta gamma|+delta epsilon zeta| k2");
	/* A block added, a block removed, with one block of context. */
	CHECK_STR(diff(ar, "a\nb\nc\nd\ne\nf\n", "a\nb\nc\nnew\nd\ne\nf\n"),
	    ".2| c|+new| d|.2");
	CHECK_STR(diff(ar, "a\nb\nc\nd\ne\n", "a\nb\nd\ne\n"),
	    " a| b|-c| d| e");
	/* From nothing, to nothing. */
	CHECK_STR(diff(ar, "", "one\ntwo\n"), "+one|+two");
	CHECK_STR(diff(ar, "one\ntwo\n", ""), "-one|-two");
	/* A block added before a changed one: the added first, as in the new
	 * text; a removed block before the added. */
	CHECK_STR(diff(ar, "x\nold block here\nthe fox runs far\ny\n",
	    "x\nbrand new words\nthe fox runs away\ny\n"),
	    " x|-old block here|+brand new words|~the fox runs [-far][+away]"
	    "| y");
	/* Non-ASCII words and no-break spaces. */
	CHECK_STR(diff(ar, "Déclaration des droits\n",
	    "Déclaration des devoirs\n"),
	    "~Déclaration des [-droits][+devoirs]");
	CHECK_STR(diff(ar, "«\xc2\xa0oui\xc2\xa0» dit-il\n",
	    "«\xc2\xa0non\xc2\xa0» dit-il\n"),
	    "~«\xc2\xa0[-oui][+non]\xc2\xa0» dit-il");
}

static void test_gaps(struct arena *ar)
{
	struct buf a, b;
	int i;

	buf_init(&a);
	buf_init(&b);
	for (i = 1; i <= 10; i++) {
		buf_printf(&a, "block number %d here\n", i);
		buf_printf(&b, i == 5 ? "block number five here\n" :
		    "block number %d here\n", i);
	}
	CHECK_STR(diff(ar, a.s, b.s), ".3| block number 4 here|~block number "
	    "[-5][+five] here| block number 6 here|.4");
	buf_free(&a);
	buf_free(&b);
}

/* One word changed in a 200-paragraph statement pasted from Word: one
 * short change with one paragraph of context each side. */
static void test_word_statement(struct arena *ar)
{
	struct buf src, src2;
	const char *a, *b, *s;
	struct diff d;
	size_t i, changes = 0;
	int p;

	buf_init(&src);
	buf_init(&src2);
	buf_puts(&src, "<html xmlns:o=\"urn:schemas-microsoft-com:office:"
	    "office\"><head><style>p.MsoNormal{mso-style-parent:\"\";}"
	    "</style></head><body lang=EN-GB>\n");
	buf_puts(&src2, src.s);
	for (p = 1; p <= 200; p++) {
#define PARA "<p class=MsoNormal style='mso-margin-top-alt:auto'><span " \
    "lang=EN-US style='font-size:12.0pt;mso-bidi-font-family:Calibri'>" \
    "Paragraph %d of the coalition's statement on %s and development." \
    "<o:p></o:p></span></p>\n"
		buf_printf(&src, PARA, p, "migration");
		buf_printf(&src2, PARA, p, p == 120 ? "mobility" :
		    "migration");
#undef PARA
	}
	buf_puts(&src, "</body></html>\n");
	buf_puts(&src2, "</body></html>\n");
	a = blocks_of(ar, MARKUP_HTML, src.s);
	b = blocks_of(ar, MARKUP_HTML, src2.s);
	CHECK(strstr(a, "mso") == NULL);
	s = "Paragraph 1 of the coalition's statement on migration and "
	    "development.\nParagraph 2 ";
	CHECK(strncmp(a, s, strlen(s)) == 0);
	diff_text(ar, a, b, &d);
	for (i = 0; i < d.n; i++)
		changes += d.block[i].op != ' ' && d.block[i].op != '.';
	CHECK(changes == 1);
	CHECK(d.n == 5);
	CHECK(d.capped == 0);
	s = show(ar, &d);
	CHECK_STR(s, ".118| Paragraph 119 of the coalition's statement on "
	    "migration and development.|~Paragraph 120 of the coalition's "
	    "statement on [-migration][+mobility] and development.| Paragraph "
	    "121 of the coalition's statement on migration and development."
	    "|.79");
	buf_free(&src);
	buf_free(&src2);
}

/* Long inputs: the work is capped, the answer still complete. */
static void test_bounds(struct arena *ar)
{
	struct buf a, b;
	struct diff d;
	size_t i, del = 0, ins = 0, first_ins = 0;
	int k;

	buf_init(&a);
	buf_init(&b);
	/* 3,000 blocks replaced by 3,000 others: 9 million cells > the
	 * budget; shown removed whole, then added whole. */
	for (k = 0; k < 3000; k++) {
		buf_printf(&a, "old %d\n", k);
		buf_printf(&b, "new %d\n", k);
	}
	diff_text(ar, a.s, b.s, &d);
	CHECK(d.capped == 1);
	for (i = 0; i < d.n; i++) {
		del += d.block[i].op == '-';
		if (d.block[i].op == '+' && ins++ == 0)
			first_ins = i;
	}
	CHECK(del == 3000 && ins == 3000 && first_ins == 3000);
	/* One paragraph of 100,000 words, changed at both ends: past
	 * DIFF_PAIR_CELLS, it is shown whole. */
	buf_reset(&a);
	buf_reset(&b);
	buf_puts(&a, "start");
	buf_puts(&b, "begin");
	for (k = 0; k < 100000; k++) {
		buf_printf(&a, " w%d", k % 1000);
		buf_printf(&b, " w%d", (k + 1) % 1000);
	}
	buf_puts(&a, " end\n");
	buf_puts(&b, " finish\n");
	diff_text(ar, a.s, b.s, &d);
	CHECK(d.capped == 1);
	CHECK(d.n == 2 && d.block[0].op == '-' && d.block[1].op == '+');
	/* 33,000 one-word paragraphs replaced by one of 100,000 bytes: each
	 * removed paragraph would split the long one again to compare
	 * their words (3.3 GB in all). The scan budget stops that: the rest
	 * is shown whole. */
	buf_reset(&a);
	buf_reset(&b);
	for (k = 0; k < 33000; k++)
		buf_puts(&a, "a\n");
	for (k = 0; k < 50000; k++)
		buf_puts(&b, "b ");
	buf_puts(&b, "\n");
	diff_text(ar, a.s, b.s, &d);
	CHECK(d.capped == 1);
	for (i = 0, del = 0, ins = 0; i < d.n; i++) {
		del += d.block[i].op == '-';
		ins += d.block[i].op == '+';
	}
	CHECK(del == 33000 && ins == 1);
	/* Many small changes within the budget: all word by word. */
	buf_reset(&a);
	buf_reset(&b);
	for (k = 0; k < 500; k++) {
		buf_printf(&a, "paragraph %d says yes\n", k);
		buf_printf(&b, "paragraph %d says %s\n", k, k % 2 ? "no" :
		    "yes");
	}
	diff_text(ar, a.s, b.s, &d);
	CHECK(d.capped == 0);
	for (i = 0, del = 0; i < d.n; i++)
		del += d.block[i].op == '~';
	CHECK(del == 250);
	buf_free(&a);
	buf_free(&b);
}

int main(void)
{
	struct arena *ar = arena_new();

	test_blocks(ar);
	test_html_without_tags(ar);
	test_small(ar);
	test_gaps(ar);
	test_word_statement(ar);
	test_bounds(ar);
	arena_free(ar);
	return check_summary("unit_diff");
}
