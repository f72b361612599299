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
		return IS(at, "start", at_n);
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
	check_marks(out.s);
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
