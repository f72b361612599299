/* unit_sanitize.c — the sanitizer and the three formats: each libxml2 trap,
 * the known mutation-XSS shapes, the mappings, and the golden files.
 *
 * Golden files: DIR/NAME.{html,md,txt} is an input (the extension says its
 * format); DIR/NAME.out is the expected output, or DIR/NAME.err the expected
 * refusal message. Every .out must also come back unchanged when sanitized
 * again. DIR is argv[1], else $srcdir/golden/sanitize, else
 * tests/golden/sanitize or golden/sanitize, whichever exists.
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "markup.h"
#include "unicode.h"
#include "util.h"

/* ---- helpers ------------------------------------------------------------- */

/* With SANITIZE_DUMP=FILE, each input rendered and its output are added
 * to FILE, for the differential test in a browser
 * (tests/browser/sanitize.test.js): "FORMAT INLEN OUTLEN\n", the input,
 * the output. */
static void dump_case(enum markup_format f, const char *in, size_t n,
    const struct buf *b)
{
	static FILE *fp;
	static int tried;
	const char *path;

	if (!tried) {
		tried = 1;
		path = getenv("SANITIZE_DUMP");
		if (path != NULL && *path != '\0')
			fp = fopen(path, "w");
	}
	if (fp == NULL)
		return;
	fprintf(fp, "%c %zu %zu\n", f == MARKUP_HTML ? 'h' :
	    f == MARKUP_MARKDOWN ? 'm' : 't', n, b->len);
	fwrite(in, 1, n, fp);
	fwrite(b->s, 1, b->len, fp);
	fflush(fp);
}

/* The output of rendering in (or "ERROR: message"), in one of a few
 * rotating buffers so that a CHECK may compare two results. */
static const char *render_n(enum markup_format f, const char *in, size_t n)
{
	static struct buf ring[4];
	static int next;
	struct buf *b = &ring[next++ % 4];
	const char *msg;

	buf_free(b);
	if (markup_render(f, in, n, b, &msg) < 0) {
		buf_free(b);
		buf_printf(b, "ERROR: %s", msg);
	} else {
		dump_case(f, in, n, b);
	}
	return b->s;
}

static const char *html(const char *in)
{
	return render_n(MARKUP_HTML, in, strlen(in));
}

static const char *md(const char *in)
{
	return render_n(MARKUP_MARKDOWN, in, strlen(in));
}

static const char *text(const char *in)
{
	return render_n(MARKUP_TEXT, in, strlen(in));
}

static int has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

/* sanitize(sanitize(x)) == sanitize(x) */
static int idempotent(const char *out)
{
	struct buf b;
	const char *msg;
	int ok;

	buf_init(&b);
	ok = sanitize_html(out, strlen(out), &b, &msg) == 0 &&
	    strcmp(b.s, out) == 0;
	if (!ok)
		fprintf(stderr, "not idempotent:\n%s\n---\n%s\n", out, b.s);
	buf_free(&b);
	return ok;
}

/* s repeated n times. */
static char *repeat(const char *s, int n, const char *tail)
{
	struct buf b;
	int i;

	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_puts(&b, s);
	buf_puts(&b, tail);
	return b.s;
}

/* "<p a1 a2 … aN>x</p>" */
static char *many_attrs(int n)
{
	struct buf b;
	int i;

	buf_init(&b);
	buf_puts(&b, "<p");
	for (i = 0; i < n; i++)
		buf_printf(&b, " a%d", i);
	buf_puts(&b, ">x</p>");
	return b.s;
}

/* ---- formats and input checks -------------------------------------------- */

static void test_formats(void)
{
	enum markup_format f = MARKUP_TEXT;
	struct buf b;
	const char *msg;
	char *big;

	CHECK(markup_format_parse("html", &f) == 0 && f == MARKUP_HTML);
	CHECK(markup_format_parse("markdown", &f) == 0 &&
	    f == MARKUP_MARKDOWN);
	CHECK(markup_format_parse("text", &f) == 0 && f == MARKUP_TEXT);
	CHECK(markup_format_parse("HTML", &f) == -1);
	CHECK(markup_format_parse("", &f) == -1);
	CHECK_STR(markup_format_name(MARKUP_MARKDOWN), "markdown");

	/* Invalid UTF-8 and NUL are refused, and out is left as it was. */
	buf_init(&b);
	buf_puts(&b, "kept");
	CHECK(markup_render(MARKUP_HTML, "<p>caf\xe9</p>", 11, &b, &msg) < 0);
	CHECK_STR(msg, "contains bytes that are not valid UTF-8 text");
	CHECK_STR(b.s, "kept");
	CHECK(markup_render(MARKUP_TEXT, "a\0b", 3, &b, &msg) < 0);
	CHECK_STR(msg, "contains a NUL character");
	CHECK(markup_render(MARKUP_MARKDOWN, "\xed\xa0\x80", 3, &b, &msg) < 0);
	CHECK(sanitize_html("\xc0\xaf", 2, &b, &msg) < 0); /* overlong */
	CHECK_STR(b.s, "kept");
	buf_free(&b);

	/* Size: MARKUP_MAX_INPUT is accepted, one byte more is not. */
	big = malloc(MARKUP_MAX_INPUT + 2);
	memset(big, 'a', MARKUP_MAX_INPUT + 1);
	big[MARKUP_MAX_INPUT + 1] = '\0';
	CHECK(strncmp(render_n(MARKUP_TEXT, big, MARKUP_MAX_INPUT),
	    "<p>aaa", 6) == 0);
	CHECK_STR(render_n(MARKUP_HTML, big, MARKUP_MAX_INPUT + 1),
	    "ERROR: is too long (at most 1 MiB)");
	free(big);

	CHECK_STR(html(""), "");
	CHECK_STR(text(""), "");
	CHECK_STR(md(""), "");
}

/* ---- the traps of libxml2 2.9.14 ----------------------------------------- */

static void test_comment_in_attribute(void)
{
	/* Its serializer writes a comment inside a value back raw; ours
	 * escapes the value. */
	const char *o = html("<a href=\"https://example.org/\" "
	    "title=\"<!--x--><img src=x onerror=alert(1)>\">t</a>");

	CHECK_STR(o, "<a href=\"https://example.org/\" title=\"&lt;!--x--&gt;"
	    "&lt;img src=x onerror=alert(1)&gt;\" rel=\"nofollow noopener\">"
	    "t</a>");
	CHECK_STR(html("<p title=\"<!--x-->\">h</p>"), "<p>h</p>\n");
}

static void test_raw_text_elements(void)
{
	/* Only script and style are raw text to libxml2; browsers read the
	 * others specially too. All are dropped with their content. */
	static const struct {
		const char *el, *want;
	} cases[] = {
		{ "textarea", "after" }, { "title", "after" },
		{ "xmp", "after" }, { "iframe", "after" },
		{ "noembed", "after" }, { "noframes", "after" },
		{ "noscript", "after" }, { "template", "after" },
		{ "select", "after" }, { "object", "after" },
		/* raw text to libxml2 too: it ends at "</s", the rest is
		 * markup (the img is dropped) and text */
		{ "script", "&quot;&gt;after" }, { "style", "&quot;&gt;after" },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		char in[256];

		snprintf(in, sizeof(in), "<%s><p title=\"</%s><img src=x "
		    "onerror=alert(1)>\"></%s>after", cases[i].el,
		    cases[i].el, cases[i].el);
		CHECK_STR(html(in), cases[i].want);
	}
	/* plaintext never ends, in a browser or here */
	CHECK_STR(html("<p>a</p><plaintext><p>b</p><img src=x>"), "<p>a</p>\n");
	/* <textarea/> is an open tag to a browser: nothing of it comes out,
	 * and no tag is ever written XML-style. */
	CHECK_STR(html("<p>a<textarea/>b</p>"), "<p>ab</p>\n");
	CHECK(!has(html("<p>a<br/>b<hr/>c</p>"), "/>"));
}

static void test_svg_math_style(void)
{
	/* style in svg/math is markup to a browser, raw text to libxml2 */
	CHECK_STR(html("<svg><style><img src=x onerror=alert(1)></style>"
	    "</svg>ok"), "ok");
	CHECK_STR(html("<math><mtext><table><mglyph><style><img src=x "
	    "onerror=alert(1)></style></mglyph></table></mtext></math>ok"),
	    "ok");
	CHECK_STR(html("<svg></p><style><a id=\"</style><img src=1 "
	    "onerror=alert(1)>\">"), "");
	CHECK_STR(html("<math><mi xlink:href=\"javascript:alert(1)\">x</mi>"
	    "</math>ok"), "ok");
	/* a prefix does not hide a dropped element */
	CHECK_STR(html("<svg:script>alert(1)</svg:script>ok"), "ok");
	CHECK_STR(html("<p>a<o:p>b</o:p></p>"), "<p>ab</p>\n");
}

static void test_empty_comments(void)
{
	/* "<!-->" and "<!--->" open a comment in libxml2, are whole comments
	 * to browsers: here they are read as browsers read them. */
	CHECK_STR(html("<p>a<!--><em>b</em>--></p>"),
	    "<p>a<em>b</em>--&gt;</p>\n");
	CHECK_STR(html("<p>a<!---><em>b</em>--></p>"),
	    "<p>a<em>b</em>--&gt;</p>\n");
	CHECK_STR(html("<p>a<!--<img src=x onerror=alert(1)>-->b</p>"),
	    "<p>ab</p>\n");
	CHECK_STR(html("<p>a<!-- x --!><img src=x onerror=alert(1)> --></p>"),
	    "<p>a --&gt;</p>\n");
	/* bogus comments: CDATA, Word's conditionals, PIs, "</ x>" */
	CHECK_STR(html("<p>a<![CDATA[<img src=x onerror=alert(1)>]]>b</p>"),
	    "<p>a]]&gt;b</p>\n");
	CHECK_STR(html("<p><![if !supportLists]>1.<![endif]>One</p>"),
	    "<p>1.One</p>\n");
	CHECK_STR(html("<p>a<?php echo 1 ?>b</ x>c</3>d</p>"),
	    "<p>abcd</p>\n");
}

static void test_href(void)
{
	static const char *const refused[] = {
		"javascript:alert(1)", "JaVaScRiPt:alert(1)",
		" javascript:alert(1)", "\x01javascript:alert(1)",
		"java\tscript:alert(1)", "java\nscript:alert(1)",
		"java\rscript:alert(1)", "&#106;avascript:alert(1)",
		"&#x6A;avascript&#x3A;alert(1)", "javascript&colon;alert(1)",
		"jav&#x09;ascript:alert(1)", "jav&Tab;ascript:alert(1)",
		"vbscript:msgbox(1)", "data:text/html,x", "//evil.example/",
		"/relative", "#top", "http:evil", "https:///x",
		"https://exa\tmple.org/", "https://example.org/\x7f",
		"mailto:", "",
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(refused); i++) {
		char in[256];

		snprintf(in, sizeof(in), "<a href=\"%s\">x</a>", refused[i]);
		CHECK_STR(html(in), "x");
	}
	/* Leading and trailing blanks are trimmed as a browser trims them,
	 * and the URL is written exactly as validated. */
	CHECK_STR(html("<a href=\"  https://example.org/a b  \">x</a>"),
	    "<a href=\"https://example.org/a b\" rel=\"nofollow noopener\">"
	    "x</a>");
	CHECK_STR(html("<a href=\"&#x68;ttps://example.org/?a=1&amp;b=2\">"
	    "x</a>"), "<a href=\"https://example.org/?a=1&amp;b=2\" "
	    "rel=\"nofollow noopener\">x</a>");
	CHECK_STR(html("<A HREF=\"MAILTO:a@example.org\" onclick=x>m</A>"),
	    "<a href=\"MAILTO:a@example.org\" rel=\"nofollow noopener\">m</a>");
	/* backticks and quotes in attributes */
	CHECK_STR(html("<a href=\"https://example.org/\" "
	    "title=\"``onmouseover=alert(1)\">x</a>"),
	    "<a href=\"https://example.org/\" title=\"&#96;&#96;"
	    "onmouseover=alert(1)\" rel=\"nofollow noopener\">x</a>");
	CHECK_STR(html("<a href='https://example.org/' "
	    "title='\"&gt;&lt;script&gt;'>x</a>"),
	    "<a href=\"https://example.org/\" title=\"&quot;&gt;&lt;script"
	    "&gt;\" rel=\"nofollow noopener\">x</a>");
	CHECK_STR(html("<a href=https://example.org/`x`>x</a>"),
	    "<a href=\"https://example.org/&#96;x&#96;\" "
	    "rel=\"nofollow noopener\">x</a>");
}

static void test_encoding(void)
{
	/* UTF-8 is forced: a <meta charset> switches nothing… */
	CHECK_STR(html("<meta charset=\"iso-8859-1\"><p>Café ñ</p>"),
	    "<p>Café ñ</p>\n");
	CHECK_STR(html("<meta http-equiv=Content-Type content=\"text/html; "
	    "charset=windows-1252\">€ “q”"), "€ “q”");
	/* …and one bad byte is refused rather than turned into Latin-1. */
	CHECK_STR(html("<p>ok</p><p>caf\xe9 na\xefve</p>"),
	    "ERROR: contains bytes that are not valid UTF-8 text");
}

static void test_depth(void)
{
	char *in;

	in = repeat("<div>", MARKUP_MAX_DEPTH, "deep");
	CHECK_STR(html(in), "<p>deep</p>\n");
	free(in);
	in = repeat("<div>", MARKUP_MAX_DEPTH + 1, "deep");
	CHECK_STR(html(in), "ERROR: nests elements more than 64 levels deep");
	free(in);
	/* libxml2 stops at 256 and silently drops the rest: refused. */
	in = repeat("<b>", 300, "<p>the rest</p>");
	CHECK_STR(html(in), "ERROR: nests elements more than 64 levels deep");
	free(in);
	/* dropped elements count too */
	in = repeat("<b>", 70, "");
	{
		char *svg = malloc(strlen(in) + 32);

		sprintf(svg, "<svg>%s</svg>after", in);
		CHECK(has(html(svg), "ERROR"));
		free(svg);
	}
	free(in);
	/* the output's depth is bounded too: table parts added around
	 * stray content do not push it past the limit unseen */
	in = repeat("<blockquote>", MARKUP_MAX_DEPTH - 1,
	    "<table><td>x</table>");
	CHECK_STR(html(in), "ERROR: nests elements more than 64 levels deep");
	free(in);
	in = repeat("> ", 40, "deep quote");
	CHECK(idempotent(md(in)));
	free(in);
}

static void test_attributes(void)
{
	char *in;
	clock_t t0;

	in = many_attrs(MARKUP_MAX_ATTRS);
	CHECK_STR(html(in), "<p>x</p>\n");
	free(in);
	in = many_attrs(MARKUP_MAX_ATTRS + 1);
	CHECK_STR(html(in), "ERROR: has a tag with more than 64 attributes");
	free(in);
	/* tens of thousands: refused at once, not parsed for seconds */
	in = many_attrs(50000);
	t0 = clock();
	CHECK(has(html(in), "more than 64 attributes"));
	CHECK(clock() - t0 < CLOCKS_PER_SEC / 2);
	free(in);
	/* A comment does not hide a tag: libxml2 reads the second <p>. */
	{
		char *tag = many_attrs(100);
		char *c = malloc(strlen(tag) + 64);

		sprintf(c, "<!-- <p title=\" --> %s \" -->", tag);
		CHECK(has(html(c), "more than 64 attributes"));
		free(c);
		free(tag);
	}
	/* one very long name is many attributes to libxml2 */
	in = repeat("a", 7000, ">");
	{
		char *c = malloc(strlen(in) + 4);

		sprintf(c, "<p %s", in);
		CHECK(has(html(c), "more than 64 attributes"));
		free(c);
	}
	free(in);
	/* HTML5 event attributes (unknown to libxml2's HTML4 list), style,
	 * class and id: all gone */
	CHECK_STR(html("<p onpointerenter=x onanimationstart=y onfocusin=z "
	    "style=\"color:red\" class=c id=i lang=en>t</p>"), "<p>t</p>\n");
	/* the allowlist, normalized */
	CHECK_STR(html("<ol start=007 type=a><li value=3>x</ol>"),
	    "<ol start=\"7\" type=\"a\">\n<li>x</li>\n</ol>\n");
	CHECK_STR(html("<ol type=x><li>x</ol>"), "<ol>\n<li>x</li>\n</ol>\n");
	CHECK_STR(html("<table><tr><th scope=COL colspan=2 rowspan=x>h</th>"
	    "<td colspan=1001 rowspan=03 dir=RTL>d</td></tr></table>"),
	    "<div class=\"dais-table\" tabindex=\"0\"><table>\n<tbody>\n<tr>\n<th colspan=\"2\" scope=\"col\">h</th>"
	    "<td rowspan=\"3\" dir=\"rtl\">d</td></tr>\n</tbody>\n"
	    "</table></div>\n");
}

static void test_names_limit(void)
{
	struct buf b;
	int i;

	/* libxml2's dictionary slows down with every distinct name; end
	 * tags that close nothing and misplaced <body> tags reach it without
	 * any SAX event. */
	buf_init(&b);
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "</n%d>", i);
	CHECK_STR(html(b.s), "ERROR: uses too many different names of "
	    "elements, attributes or entities");
	buf_reset(&b);
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "<body b%d>", i);
	CHECK(has(html(b.s), "too many different names"));
	buf_reset(&b);
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "&e%d;", i);
	CHECK(has(html(b.s), "too many different names"));
	buf_free(&b);
}

/* ---- mutation-XSS shapes ------------------------------------------------- */

static void test_mxss(void)
{
	const char *o;

	CHECK_STR(html("<noscript><p title=\"</noscript><img src=x "
	    "onerror=alert(1)>\"></noscript>"), "");
	CHECK_STR(html("<textarea><script>alert(1)</script></textarea>"), "");
	CHECK_STR(html("<title><img src=x onerror=alert(1)></title>"), "");
	CHECK_STR(html("<style></style><img src=x onerror=alert(1)>"), "");
	/* nested tables and formatting elements: balanced, in a shape that
	 * parses back the same */
	o = html("<table><tr><td><b>x<table><tr><td>y</td></tr></table>z</b>"
	    "</td></tr></table>");
	CHECK_STR(o, "<div class=\"dais-table\" tabindex=\"0\"><table>\n<tbody>\n<tr>\n<td><strong>x</strong>\n"
	    "<div class=\"dais-table\" tabindex=\"0\"><table>\n<tbody>\n<tr>\n<td>y</td></tr>\n</tbody>\n</table></div>\n"
	    "<strong>z</strong></td></tr>\n</tbody>\n</table></div>\n");
	CHECK(idempotent(o));
	o = html("<p><b>one<i>two</b>three</i>four</p>");
	CHECK(idempotent(o));
	CHECK(!has(o, "<b>") && has(o, "<strong>one<em>two</em></strong>"));
	o = html("<a href=\"https://example.org/\">a<p>b</a>c</p>");
	CHECK(idempotent(o));
	CHECK(!has(o, "<a href=\"https://example.org/\" rel=\"nofollow "
	    "noopener\"><p>"));
	o = html("<em><em><em><em><em>deep</em></em></em></em></em>");
	CHECK(idempotent(o));
	/* a link inside a link: the inner one is unwrapped */
	CHECK_STR(html("<a href=\"https://example.org/a\">x<span>"
	    "<a href=\"https://example.org/b\">y</a></span>z</a>"),
	    "<a href=\"https://example.org/a\" rel=\"nofollow noopener\">"
	    "xyz</a>");
	/* forms, frames, objects and their kin */
	CHECK_STR(html("<form action=\"javascript:alert(1)\"><p>f</p></form>"
	    "<base href=\"https://evil.example/\"><meta http-equiv=refresh "
	    "content=\"0;url=javascript:alert(2)\"><embed src=x>"
	    "<iframe src=\"javascript:alert(3)\"></iframe><p>end</p>"),
	    "<p>end</p>\n");
	/* void elements libxml2 does not know as void keep what follows */
	CHECK_STR(html("a<embed src=x>b<source src=y>c<track>d<wbr>e"),
	    "abcde");
	/* control characters: dropped from text, CR LF made LF */
	CHECK_STR(html("<p>a\x01" "b\x7f" "c\xc2\x85" "d\r\ne\rf</p>"),
	    "<p>abcd\ne\nf</p>\n");
}

/* ---- mappings and structure ---------------------------------------------- */

static void test_mappings(void)
{
	CHECK_STR(html("<h1>a</h1><h5>b</h5><h6>c</h6>"),
	    "<h2>a</h2>\n<h4>b</h4>\n<h4>c</h4>\n");
	CHECK_STR(html("<b>a</b><i>b</i><u>c</u><font color=red>d</font>"),
	    "<strong>a</strong><em>b</em>cd");
	CHECK_STR(html("<div>a</div><div>b</div>"), "<p>a</p>\n<p>b</p>\n");
	CHECK_STR(html("<pre>\n  x\n\ty\n</pre>"),
	    "<p>\xc2\xa0\xc2\xa0x<br>\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0y</p>\n");
	/* <ul> closes the <p> (in libxml2 and browsers alike), but not
	 * through a <span>: the paragraph is split around the list */
	CHECK_STR(html("<p>a<ul><li>x</li></ul>b</p>"),
	    "<p>a</p>\n<ul>\n<li>x</li>\n</ul>\nb");
	CHECK_STR(html("<p>a<span><ul><li>x</li></ul></span>b</p>"),
	    "<p>a</p>\n<ul>\n<li>x</li>\n</ul>\n<p>b</p>\n");
	CHECK_STR(html("<ul>stray<li>a</ul><li>orphan</li>"),
	    "<ul>\n<li>stray</li>\n<li>a</li>\n</ul>\n<p>orphan</p>\n");
	CHECK_STR(html("<table><tr><td>a</td></tr><tfoot><tr><td>f</td></tr>"
	    "</tfoot></table>"), "<div class=\"dais-table\" tabindex=\"0\"><table>\n<tbody>\n<tr>\n<td>a</td></tr>\n"
	    "</tbody>\n<tbody>\n<tr>\n<td>f</td></tr>\n</tbody>\n</table></div>\n");
	CHECK_STR(html("<p></p><p> </p><h2><br></h2><ul></ul><table></table>"
	    "<blockquote> </blockquote>"), "");
	CHECK_STR(html("<p>a<br><br> </p>"), "<p>a</p>\n");
}

/* What browsers show: character references, pasted bold, Word's lists and
 * tables in the order a browser lays them out (issue 19). */
static void test_as_browsers_show(void)
{
	/* legacy names without ';' in text; longest match; numeric ones */
	CHECK_STR(html("<p>&amp &ampx &copy2 &notit; a&lt3 &AMP &Eacute;</p>"),
	    "<p>&amp; &amp;x \xc2\xa9" "2 \xc2\xacit; a&lt;3 &amp; \xc3\x89</p>\n");
	CHECK_STR(html("<p>&#150; &#0; &#xD800; &#65 &# x &unknown;</p>"),
	    "<p>\xe2\x80\x93 \xef\xbf\xbd \xef\xbf\xbd A &amp;# x "
	    "&amp;unknown;</p>\n");
	CHECK_STR(html("a &lt;b&gt; <"), "a &lt;b&gt; &lt;");
	CHECK_STR(html("a</"), "a&lt;/");
	CHECK_STR(html("a<!b"), "a");
	CHECK_STR(html("a\fb<!---->"), "a b"); /* no tag: read as text */
	/* an href keeps its own rules: "&amp" is not decoded there */
	CHECK(has(html("<a href=\"https://e.org/?a=1&ampb=2\">x</a>"),
	    "href=\"https://e.org/?a=1&amp;ampb=2\""));
	/* bold and italic from style; <b style="font-weight:normal"> */
	CHECK_STR(html("<span style=\"font-weight:700\">b</span>"
	    "<span style=\"FONT-WEIGHT: bold !important\">c</span>"
	    "<span style=\"font-weight:500\">n</span>"
	    "<span style=\"font-style:italic;font-weight:600\">bi</span>"
	    "<span style=\"mso-bidi-font-weight:bold\">m</span>"),
	    "<strong>b</strong><strong>c</strong>n<strong><em>bi</em>"
	    "</strong>m");
	CHECK_STR(html("<b style=\"font-weight:normal\"><p>a</p></b>"
	    "<i style=\"font-style:normal\">b</i>"
	    "<b style=\"font-weight:400;font-style:italic\">c</b>"),
	    "<p>a</p>\nb<em>c</em>");
	/* Word's list paragraphs: a list nested by level, no marker */
	CHECK_STR(html("<p style='mso-list:l0 level1 lfo1'><span "
	    "style='mso-list:Ignore'>\xc2\xb7<span>&nbsp;&nbsp;</span></span>"
	    "a</p><p style='mso-list:l0 level2 lfo1'><span style='mso-list:"
	    "Ignore'>1.&nbsp;</span>b</p><p>c</p>"),
	    "<ul>\n<li>a\n<ol>\n<li>b</li>\n</ol></li>\n</ul>\n<p>c</p>\n");
	CHECK_STR(html("<p style='mso-list:l0 level1 lfo1'><span style='mso-"
	    "list:Ignore'>a)</span>x</p>"), "<ol type=\"a\">\n<li>x</li>\n</ol>\n");
	CHECK_STR(html("<p style='mso-list:l0 level1 lfo1'><span style='mso-"
	    "list:Ignore'>4.</span>x</p>"), "<ol start=\"4\">\n<li>x</li>\n</ol>\n");
	/* a marker only in a list paragraph, and only a short one */
	CHECK_STR(html("<h1><span style='mso-list:Ignore'>1.</span> T</h1>"),
	    "<h2>1. T</h2>\n");
	CHECK_STR(html("<p style='mso-list:l0 level1 lfo1'><span style='mso-"
	    "list:Ignore'>not a marker at all</span></p>"),
	    "<ul>\n<li>not a marker at all</li>\n</ul>\n");
	CHECK(idempotent(html("<p style='mso-list:l0 level3 lfo1'>deep</p>")));
	/* only an unwrapped element (span, font) can be the marker */
	CHECK_STR(html("<p style='mso-list:l0 level1 lfo1'><textarea style="
	    "'mso-list:Ignore'>t</textarea><b style='mso-list:Ignore'>b</b>"
	    "x</p>"), "<ul>\n<li><strong>b</strong>x</li>\n</ul>\n");
	/* tables: thead first, tfoot last, fostered text and caption
	 * before; cells out of a table apart */
	CHECK_STR(html("<table>x<caption>c</caption><tr><td>1</td></tr>"
	    "<thead><tr><td>h</td></tr></thead><tfoot><tr><td>f</td></tr>"
	    "</tfoot><tbody><tr><td>2</td></tr></tbody><thead><tr><td>h2</td>"
	    "</tr></thead></table>"),
	    "x\n<p>c</p>\n<div class=\"dais-table\" tabindex=\"0\"><table>\n<thead>\n<tr>\n<td>h</td></tr>\n</thead>\n"
	    "<tbody>\n<tr>\n<td>1</td></tr>\n</tbody>\n<tbody>\n<tr>\n"
	    "<td>2</td></tr>\n</tbody>\n<tbody>\n<tr>\n<td>h2</td></tr>\n"
	    "</tbody>\n<tbody>\n<tr>\n<td>f</td></tr>\n</tbody>\n</table></div>\n");
	CHECK_STR(html("<td>a</td><td>b</td><tr><td>c</td></tr>"),
	    "<p>a</p>\n<p>b</p>\n<p>c</p>\n");
}

static void test_markdown(void)
{
	CHECK_STR(md("[x](javascript:alert(1)) [y](https://example.org/)"),
	    "<p>x <a href=\"https://example.org/\" rel=\"nofollow noopener\">"
	    "y</a></p>\n");
	CHECK_STR(md("a <script>alert(1)</script> <b onclick=x>b</b>"),
	    "<p>a  <strong>b</strong></p>\n");
	CHECK_STR(md("<img src=x onerror=alert(1)>"), "");
	CHECK_STR(md("# Title\n\n- one\n- [two](https://example.org/2)\n"),
	    "<h2>Title</h2>\n<ul>\n<li>one</li>\n<li><a href=\""
	    "https://example.org/2\" rel=\"nofollow noopener\">two</a></li>\n"
	    "</ul>\n");
	CHECK_STR(md("[r]\n\n[r]: jAvAsCrIpT:alert(1)"), "<p>r</p>\n");
	CHECK_STR(md("`<b>`"), "<p>&lt;b&gt;</p>\n");
}

#define AL(u, t) "<a href=\"" u "\" rel=\"nofollow noopener\">" t "</a>"

/* Bare addresses in Markdown: GitHub's extended autolinks (markup.c). */
static void test_autolink(void)
{
	CHECK_STR(md("See https://www.iom.int/idm."),
	    "<p>See " AL("https://www.iom.int/idm", "https://www.iom.int/idm")
	    ".</p>\n");
	CHECK_STR(md("www.iom.int, and (http://x.org/a_(b)) or https://a.org?"),
	    "<p>" AL("http://www.iom.int", "www.iom.int") ", and ("
	    AL("http://x.org/a_(b)", "http://x.org/a_(b)") ") or "
	    AL("https://a.org", "https://a.org") "?</p>\n");
	/* several in one text, after *, _, ~, ( and line starts */
	CHECK_STR(md("_https://a.org_ *www.b.org*\nhttp://c.org"),
	    "<p><em>" AL("https://a.org", "https://a.org") "</em> <em>"
	    AL("http://www.b.org", "www.b.org") "</em>\n"
	    AL("http://c.org", "http://c.org") "</p>\n");
	/* not: no dot, '_' in the last two parts, inside a word or a link,
	 * code, another scheme */
	CHECK_STR(md("https://localhost www.a_b.org x.www.c.org "
	    "e@www.d.org [https://e.org](https://f.org) `https://g.org` "
	    "ftp://h.org javascript://i.org"),
	    "<p>https://localhost www.a_b.org x.www.c.org e@www.d.org "
	    AL("https://f.org", "https://e.org") " https://g.org ftp://h.org "
	    "javascript://i.org</p>\n");
	/* a final &name; that cmark left as text (it decodes the real ones) is
	 * not part of it; '<' ends it; quotes stay text */
	CHECK_STR(md("https://a.org/x&amp;y&hl; https://b.org<b>c</b>"),
	    "<p>" AL("https://a.org/x&amp;y", "https://a.org/x&amp;y")
	    "&amp;hl; " AL("https://b.org", "https://b.org")
	    "<strong>c</strong></p>\n");
	/* a domain longer than a domain can be (253 bytes) is not one: the
	 * scan stops there (markup.c: failed candidates cost linear time) */
	{
		char in[300], want[320];

		memset(in, 'a', sizeof(in));
		memcpy(in, "www.", 4);
		memcpy(in + 4 + 246, ".org", 5);    /* 254 bytes */
		snprintf(want, sizeof(want), "<p>%s</p>\n", in);
		CHECK_STR(md(in), want);
		memcpy(in + 4 + 245, ".org", 5);    /* 253 bytes */
		CHECK(strncmp(md(in), "<p><a href=\"http://www.", 23) == 0);
	}
	CHECK_STR(md("https://a.org\"onmouseover=alert(1)"),
	    "<p>" AL("https://a.org%22onmouseover=alert(1)",
	    "https://a.org&quot;onmouseover=alert(1)") "</p>\n");
}

static void test_text(void)
{
	CHECK_STR(text("a\r\nb\n\n\nc <b>&\"'\n"),
	    "<p>a<br>\nb</p>\n<p>c &lt;b&gt;&amp;&quot;&#39;</p>\n");
	CHECK_STR(text("\n \t\n"), "");
	CHECK_STR(text("x\x01y\n\x02\nz"), "<p>xy</p>\n<p>z</p>\n");
	CHECK_STR(text("<script>alert(1)</script>"),
	    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
}

/* head, n times U+0301, tail. */
static char *stack(const char *head, int n, const char *tail)
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, head);
	while (n-- > 0)
		buf_puts(&b, "\xcc\x81");
	buf_puts(&b, tail);
	return b.s;
}

static size_t longest(const char *s)
{
	return marks_longest(s, strlen(s));
}

/* Stacked combining marks: at most MARKS_MAX in a row reach the output,
 * however the input spells or splits them (entities, tags that go, blanks
 * that are trimmed, any format), in text and in a title; real text keeps
 * every mark. */
static void test_marks(void)
{
	char *in, *in2;
	const char *o;

	in = stack("<p>a", 99000, "</p>");
	o = html(in);
	CHECK(longest(o) == MARKS_MAX);
	CHECK(strncmp(o, "<p>a\xcc\x81", 6) == 0);
	free(in);
	in = stack("a", 40, "\n\nb");
	CHECK(longest(text(in)) == MARKS_MAX);
	CHECK(longest(md(in)) == MARKS_MAX);
	free(in);
	in = repeat("&#x301;", 45, "");
	CHECK(longest(html(in)) == MARKS_MAX);
	free(in);
	in = stack("", 20, "<span></span>");
	in2 = repeat(in, 3, "");
	o = html(in2);
	CHECK(longest(o) == MARKS_MAX);
	CHECK(idempotent(o));
	free(in);
	free(in2);
	/* Across kept tags: the run goes on inside <em>. */
	in = stack("<p>a", 29, "<em>\xcc\x81\xcc\x81</em>x");
	o = html(in);
	CHECK_STR(o + strlen(o) - 17, "<em>\xcc\x81</em>x</p>\n");
	CHECK(idempotent(o));
	free(in);
	/* A title has runs of its own. */
	in = stack("a<a href=\"https://example.org/\" title=\"x", 50,
	    "\">link</a>");
	o = html(in);
	CHECK(has(o, " title=\"x\xcc\x81"));
	CHECK(longest(o) == MARKS_MAX);
	CHECK(idempotent(o));
	free(in);
	CHECK_STR(html("<p>Vie\xcc\xa3\xcc\x82t"),
	    "<p>Vie\xcc\xa3\xcc\x82t</p>\n");
	CHECK_STR(html("<p>مُحَمَّد שָׁלוֹם हिन्दी"),
	    "<p>مُحَمَّد שָׁלוֹם हिन्दी</p>\n");
}

static void test_count_links(void)
{
	const char *o = md("[a](https://a.example/) [b](mailto:b@example.org) "
	    "[c](javascript:x) <a href=\"http://d.example/\">d</a>");

	CHECK(markup_count_links(o) == 3);
	CHECK(markup_count_links("") == 0);
	CHECK(markup_count_links(text("<a href=\"https://x/\">")) == 0);
}

/* ---- golden files -------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct buf b;
	char chunk[65536];
	size_t n;

	if (fp == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	return b.cap > 0 ? b.s : strdup("");
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *golden_dir(int argc, char **argv)
{
	static char path[4096];
	const char *srcdir = getenv("srcdir");

	if (argc > 1)
		return argv[1];
	if (srcdir != NULL) {
		snprintf(path, sizeof(path), "%s/golden/sanitize", srcdir);
		return path;
	}
	if (is_dir("tests/golden/sanitize"))
		return "tests/golden/sanitize";
	return "golden/sanitize";
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One golden case: dir/name (with its extension). */
static void golden_one(const char *dir, const char *name)
{
	const char *ext = strrchr(name, '.') + 1, *msg;
	enum markup_format f = strcmp(ext, "md") == 0 ? MARKUP_MARKDOWN :
	    strcmp(ext, "txt") == 0 ? MARKUP_TEXT : MARKUP_HTML;
	char path[4096];
	char *in, *want;
	size_t in_n, want_n;
	struct buf out;
	int base = (int)(ext - 1 - name), rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	in = read_file(path, &in_n);
	buf_init(&out);
	rc = markup_render(f, in, in_n, &out, &msg);
	snprintf(path, sizeof(path), "%s/%.*s.out", dir, base, name);
	if ((want = read_file(path, &want_n)) != NULL) {
		if (rc < 0 || strcmp(out.s, want) != 0) {
			fprintf(stderr, "golden %s: got\n%s\n", name,
			    rc < 0 ? msg : out.s);
			check_one(0, name, __FILE__, __LINE__);
		} else {
			check_one(1, name, __FILE__, __LINE__);
		}
		check_one(idempotent(out.s), name, __FILE__, __LINE__);
	} else {
		snprintf(path, sizeof(path), "%s/%.*s.err", dir, base, name);
		want = read_file(path, &want_n);
		while (want != NULL && want_n > 0 && want[want_n - 1] == '\n')
			want[--want_n] = '\0';
		if (want == NULL)
			fprintf(stderr, "golden %s: no .out nor .err\n", name);
		else if (rc == 0)
			fprintf(stderr, "golden %s: want refusal \"%s\"\n",
			    name, want);
		check_one(want != NULL && rc < 0 && strcmp(msg, want) == 0,
		    name, __FILE__, __LINE__);
	}
	free(want);
	free(in);
	buf_free(&out);
}

static void test_golden(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (d == NULL) {
		fprintf(stderr, "golden: cannot open %s\n", dir);
		CHECK(d != NULL);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		const char *ext = strrchr(e->d_name, '.');

		if (ext == NULL || (strcmp(ext, ".html") != 0 &&
		    strcmp(ext, ".md") != 0 && strcmp(ext, ".txt") != 0))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	/* NAME.html and NAME.md would share NAME.out */
	for (i = 0; i < n; i++) {
		size_t j, base = (size_t)(strrchr(names[i], '.') - names[i]);

		for (j = i + 1; j < n; j++)
			if (strncmp(names[i], names[j], base + 1) == 0) {
				fprintf(stderr, "golden: %s and %s share "
				    "their expected output\n", names[i],
				    names[j]);
				CHECK(0);
			}
	}
	for (i = 0; i < n; i++) {
		golden_one(dir, names[i]);
		free(names[i]);
	}
	free(names);
	CHECK(n >= 30);
}

int main(int argc, char **argv)
{
	test_formats();
	test_comment_in_attribute();
	test_raw_text_elements();
	test_svg_math_style();
	test_empty_comments();
	test_href();
	test_encoding();
	test_depth();
	test_attributes();
	test_names_limit();
	test_mxss();
	test_mappings();
	test_as_browsers_show();
	test_markdown();
	test_autolink();
	test_text();
	test_marks();
	test_count_links();
	test_golden(golden_dir(argc, argv));
	return check_summary("unit_sanitize");
}
