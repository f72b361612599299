/* fuzz_sanitize.c — libFuzzer target for markup_render() and the sanitizer.
 *
 * The first byte picks the format (text, markdown, html), the rest is the
 * source. A rendered result must be valid UTF-8, consist only of allowlisted
 * tags and attributes, balanced, with no "<script" and only http, https or
 * mailto hrefs, and sanitizing it again must give it back unchanged.
 * And the sanitizer's bound on attributes is checked against libxml2
 * itself: HTML that was accepted must not have a tag that libxml2 reads
 * with more than MARKUP_MAX_ATTRS attributes (checked on input without the
 * "<!", "<?" and "</" constructs the sanitizer rewrites before parsing).
 * No letter carries more than MARKS_MAX combining marks in a row: in the
 * text with the tags taken out (a run goes on across tags), nor inside a
 * tag (a title).
 * No text is lost: when the source is benign (printable ASCII; for HTML,
 * only tags of the allowlist without attributes, no "&", no other "<"),
 * the output shows the same characters — every non-space character of the
 * source's text, each as many times, once the output's tags are taken out
 * and its entities read (the order may change: a <thead> moves before the
 * <tbody>, an orphan cell into a row).
 * Any violation aborts.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I<config> -Icgi \
 *       $(pkg-config --cflags libxml-2.0 libcmark) tests/fuzz_sanitize.c \
 *       cgi/markup.c cgi/sanitize.c cgi/unicode.c cgi/util.c \
 *       $(pkg-config --libs libxml-2.0 libcmark) -o fuzz_sanitize
 *   ./fuzz_sanitize -max_total_time=180 corpus tests/corpus/sanitize
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "markup.h"
#include "unicode.h"
#include "util.h"

static void fail(const char *what, const char *html)
{
	fprintf(stderr, "fuzz_sanitize: %s\n--- output ---\n%s\n---\n", what,
	    html);
	abort();
}

static const char *const elements[] = {
	"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "table",
	"thead", "tbody", "tr", "td", "th", "em", "strong", "a", "br", "hr",
	"div",  /* only as each table's wrapper: check_wrappers() */
};

static int element_known(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(elements); i++)
		if (strlen(elements[i]) == n &&
		    memcmp(elements[i], name, n) == 0)
			return 1;
	return 0;
}

static int attr_allowed(const char *el, size_t el_n, const char *at,
    size_t at_n)
{
#define IS(s, str, n) ((n) == sizeof(str) - 1 && memcmp((s), str, n) == 0)
	if (IS(el, "a", el_n))
		return IS(at, "href", at_n) || IS(at, "title", at_n) ||
		    IS(at, "rel", at_n);
	if (IS(at, "dir", at_n))
		return !IS(el, "em", el_n) && !IS(el, "strong", el_n) &&
		    !IS(el, "br", el_n);
	if (IS(el, "ol", el_n))
		return IS(at, "start", at_n) || IS(at, "type", at_n);
	if (IS(el, "div", el_n))
		return IS(at, "class", at_n) || IS(at, "tabindex", at_n);
	if (IS(el, "td", el_n) || IS(el, "th", el_n))
		return IS(at, "colspan", at_n) || IS(at, "rowspan", at_n) ||
		    (IS(el, "th", el_n) && IS(at, "scope", at_n));
	return 0;
#undef IS
}

static int href_ok(const char *v, size_t n)
{
	return (n > 7 && ascii_ncasecmp(v, "http://", 7) == 0) ||
	    (n > 8 && ascii_ncasecmp(v, "https://", 8) == 0) ||
	    (n > 7 && ascii_ncasecmp(v, "mailto:", 7) == 0);
}

/* Walks the tags of sanitizer output: every tag is known, every attribute
 * allowed and double-quoted, every element closed in order. */
static void check_tags(const char *html)
{
	const char *stack[128];
	size_t stack_n[128];
	int depth = 0;
	const char *p = html;

	while ((p = strchr(p, '<')) != NULL) {
		const char *name;
		size_t n;
		int closing = p[1] == '/';

		p += closing ? 2 : 1;
		name = p;
		while (*p >= 'a' && *p <= 'z')
			p++;
		while (*p >= '0' && *p <= '9')
			p++;
		n = (size_t)(p - name);
		if (!element_known(name, n))
			fail("unknown element", html);
		if (closing) {
			if (*p != '>' || depth == 0 || stack_n[depth - 1] != n ||
			    memcmp(stack[depth - 1], name, n) != 0)
				fail("unbalanced end tag", html);
			depth--;
			p++;
			continue;
		}
		while (*p == ' ') {
			const char *at = ++p, *val;

			while (*p >= 'a' && *p <= 'z')
				p++;
			if (!attr_allowed(name, n, at, (size_t)(p - at)))
				fail("attribute not allowed", html);
			if (p[0] != '=' || p[1] != '"')
				fail("attribute not double-quoted", html);
			val = p + 2;
			p = strchr(val, '"');
			if (p == NULL)
				fail("attribute not closed", html);
			if (memcmp(at, "href", 4) == 0 &&
			    !href_ok(val, (size_t)(p - val)))
				fail("href with a bad scheme", html);
			if (memchr(val, '<', (size_t)(p - val)) != NULL)
				fail("< in an attribute value", html);
			p++;
		}
		if (*p != '>')
			fail("tag not closed", html);
		p++;
		if ((n == 2 && memcmp(name, "br", 2) == 0) ||
		    (n == 2 && memcmp(name, "hr", 2) == 0))
			continue;
		if (depth == (int)ARRAY_LEN(stack))
			fail("too deep", html);
		stack[depth] = name;
		stack_n[depth++] = n;
	}
	if (depth != 0)
		fail("element left open", html);
}

/* The one div: class "dais-table", right around a table, every table in
 * one. */
static void check_wrappers(const char *html)
{
	const char *p;

	for (p = html; (p = strstr(p, "<div")) != NULL; p++)
		if (strncmp(p, "<div class=\"dais-table\" tabindex=\"0\">"
		    "<table>", 44) != 0)
			fail("a div that is not a table's wrapper", html);
	for (p = html; (p = strstr(p, "</div>")) != NULL; p++)
		if (p - html < 8 || strncmp(p - 8, "</table>", 8) != 0)
			fail("a div closed elsewhere than after its table", html);
	for (p = html; (p = strstr(p, "<table")) != NULL; p++)
		if (p - html < 37 || strncmp(p - 37, "<div class=\"dais-table\" "
		    "tabindex=\"0\">", 37) != 0)
			fail("a table without its wrapper", html);
	for (p = html; (p = strstr(p, "</table>")) != NULL; p++)
		if (strncmp(p + 8, "</div>", 6) != 0)
			fail("a table's wrapper not closed after it", html);
}

/* Runs of marks: in the text without its tags, and in each tag. */
static void check_marks(const char *html)
{
	struct buf text;
	const char *p = html, *lt, *gt;

	buf_init(&text);
	while ((lt = strchr(p, '<')) != NULL) {
		buf_put(&text, p, (size_t)(lt - p));
		gt = strchr(lt, '>');
		if (gt == NULL)
			fail("tag not closed", html);
		if (marks_longest(lt, (size_t)(gt - lt)) > MARKS_MAX)
			fail("more than MARKS_MAX marks in a row in a tag",
			    html);
		p = gt + 1;
	}
	buf_puts(&text, p);
	if (marks_longest(text.s, text.len) > MARKS_MAX)
		fail("more than MARKS_MAX marks in a row", html);
	buf_free(&text);
}

static const char *find_ci(const char *h, const char *needle)
{
	size_t n = strlen(needle);

	for (; *h != '\0'; h++)
		if (ascii_ncasecmp(h, needle, n) == 0)
			return h;
	return NULL;
}

static int max_attrs;

static void count_attrs(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	int n = 0;

	(void)ctx;
	(void)name;
	for (; atts != NULL && atts[0] != NULL; atts += 2)
		n++;
	if (n > max_attrs)
		max_attrs = n;
}

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* The most attributes libxml2 reads on one tag of "<body>" + src. */
static int libxml2_max_attrs(const char *src, size_t n)
{
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	char *in = malloc(n + 7);

	memcpy(in, "<body>", 6);
	memcpy(in + 6, src, n);
	in[n + 6] = '\0';
	memset(&sax, 0, sizeof(sax));
	sax.startElement = count_attrs;
	sax.warning = sax.error = sax.fatalError = quiet;
	max_attrs = 0;
	ctxt = htmlCreateMemoryParserCtxt(in, (int)n + 6);
	if (ctxt != NULL) {
		memcpy(ctxt->sax, &sax, sizeof(sax));
		ctxt->userData = ctxt;
		htmlCtxtUseOptions(ctxt, HTML_PARSE_NOERROR |
		    HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
		    HTML_PARSE_NOIMPLIED | HTML_PARSE_IGNORE_ENC);
		htmlParseDocument(ctxt);
		if (ctxt->myDoc != NULL)
			xmlFreeDoc(ctxt->myDoc);
		htmlFreeParserCtxt(ctxt);
	}
	free(in);
	return max_attrs;
}

static int rewritten(const char *s, size_t n)
{
	return memchr(s, '!', n) != NULL || memchr(s, '?', n) != NULL ||
	    memchr(s, '/', n) != NULL;
}

/* Tags a benign HTML source may hold: the allowlist's elements, without
 * attributes, plus the ones the sanitizer maps onto them. */
static const char *const benign_tags[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol",
	"li", "table", "thead", "tbody", "tr", "td", "th", "em", "strong", "b",
	"i", "br", "div", "span",
};

/* The length of a benign tag at s ("<p>", "</li>"), or 0. */
static size_t benign_tag(const char *s, size_t n)
{
	size_t i, k, start = (n > 1 && s[1] == '/') ? 2 : 1;

	for (i = 0; i < ARRAY_LEN(benign_tags); i++) {
		k = strlen(benign_tags[i]);
		if (start + k < n && memcmp(s + start, benign_tags[i], k) == 0 &&
		    s[start + k] == '>')
			return start + k + 1;
	}
	return 0;
}

/* Whether the source is one whose visible text the output must keep. */
static int benign(enum markup_format f, const char *s, size_t n)
{
	size_t i, t;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c != '\n' && (c < 0x20 || c > 0x7e))
			return 0;
		if (f == MARKUP_MARKDOWN)
			return 0;
		if (f != MARKUP_HTML)
			continue;
		if (c == '&')
			return 0;
		if (c == '<') {
			if ((t = benign_tag(s + i, n - i)) == 0)
				return 0;
			i += t - 1;
		}
	}
	return 1;
}

/* Counts each non-space byte of the text: the tags skipped when html, the
 * entities the sanitizer writes read back. */
static void text_bytes(const char *s, size_t n, int html, size_t count[256])
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' },
	};
	size_t i, j;

	memset(count, 0, 256 * sizeof(count[0]));
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (html && c == '<') {
			const char *gt = memchr(s + i, '>', n - i);

			if (gt == NULL)
				break;
			i = (size_t)(gt - s);
			continue;
		}
		if (html && c == '&') {
			for (j = 0; j < ARRAY_LEN(ents); j++) {
				size_t k = strlen(ents[j].ent);

				if (i + k <= n && memcmp(s + i, ents[j].ent,
				    k) == 0) {
					c = (unsigned char)ents[j].c;
					i += k - 1;
					break;
				}
			}
		}
		if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
			count[c]++;
	}
}

static void check_text_kept(enum markup_format f, const char *src, size_t n,
    const char *html)
{
	size_t in[256], out[256];
	int c;

	if (!benign(f, src, n))
		return;
	text_bytes(src, n, f == MARKUP_HTML, in);
	text_bytes(html, strlen(html), 1, out);
	for (c = 0; c < 256; c++)
		if (in[c] != out[c]) {
			fprintf(stderr, "fuzz_sanitize: '%c' (0x%02x) %zu "
			    "times in the source's text, %zu in the output\n"
			    "--- source ---\n%.*s\n", c > 0x20 && c < 0x7f ?
			    c : '?', c, in[c], out[c], (int)n, src);
			fail("text lost or added", html);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out, again;
	const char *msg = NULL;
	enum markup_format f;

	if (size < 1)
		return 0;
	f = (enum markup_format)(data[0] % 3);
	buf_init(&out);
	buf_init(&again);
	if (markup_render(f, (const char *)data + 1, size - 1, &out,
	    &msg) < 0) {
		if (msg == NULL || out.len != 0)
			fail("refused without a message, or with output",
			    out.s);
		goto done;
	}
	if (!utf8_valid(out.s, out.len))
		fail("output is not UTF-8", out.s);
	if (strlen(out.s) != out.len)
		fail("NUL in output", out.s);
	if (find_ci(out.s, "<script") != NULL)
		fail("<script in output", out.s);
	check_tags(out.s);
	check_wrappers(out.s);
	check_marks(out.s);
	check_text_kept(f, (const char *)data + 1, size - 1, out.s);
	if (f == MARKUP_HTML && !rewritten((const char *)data + 1, size - 1) &&
	    libxml2_max_attrs((const char *)data + 1, size - 1) >
	    MARKUP_MAX_ATTRS)
		fail("accepted a tag with too many attributes", out.s);
	if (sanitize_html(out.s, out.len, &again, &msg) < 0)
		fail("output refused when sanitized again", out.s);
	if (again.len != out.len || memcmp(again.s, out.s, out.len) != 0) {
		fprintf(stderr, "--- again ---\n%s\n", again.s);
		fail("not idempotent", out.s);
	}
done:
	buf_free(&out);
	buf_free(&again);
	return 0;
}
