/* markup.c — the three source formats, each turned into safe HTML.
 *
 * Every format ends in sanitize_html() (sanitize.c), so there is one place
 * that decides what may be published:
 *   - plain text: each run of non-blank lines is a paragraph, each line
 *     break inside it a <br>; the text is escaped with html_text() and the
 *     result sanitized like any HTML (which also drops control characters);
 *   - Markdown: cmark renders it with CMARK_OPT_UNSAFE, so that raw HTML and
 *     every link come out as written, and the sanitizer judges them all
 *     (without UNSAFE cmark would replace raw HTML by a comment and only
 *     blank some URLs; javascript: links and <script> are dropped by the
 *     sanitizer instead);
 *   - HTML: the sanitizer alone.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <libxml/HTMLparser.h>

#include "i18n.h"
#include "markup.h"
#include "util.h"

/* sanitize_html() takes up to this much, so that cmark's output (larger
 * than its source) of a source within MARKUP_MAX_INPUT fits. */
#define MARKDOWN_MAX_HTML (8 * (size_t)MARKUP_MAX_INPUT)

static const char *const format_names[] = {
	[MARKUP_TEXT] = "text",
	[MARKUP_MARKDOWN] = "markdown",
	[MARKUP_HTML] = "html",
};

int markup_format_parse(const char *s, enum markup_format *out)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < ARRAY_LEN(format_names); i++) {
		if (strcmp(s, format_names[i]) == 0) {
			*out = (enum markup_format)i;
			return 0;
		}
	}
	return -1;
}

const char *markup_format_name(enum markup_format f)
{
	if ((size_t)f < ARRAY_LEN(format_names))
		return format_names[f];
	return "unknown";
}

/* The checks every source passes first. Each message, like the others
 * markup_render() gives, completes "The text could not be read: …"
 * (marked only: statement.c translates it). */
static const char *source_problem(const char *src, size_t n)
{
	if (n > MARKUP_MAX_INPUT)
		return N_("is too long (at most 1 MiB)");
	if (memchr(src, '\0', n) != NULL)
		return N_("contains a NUL character");
	if (!utf8_valid(src, n))
		return N_("contains bytes that are not valid UTF-8 text");
	return NULL;
}

/* A line with nothing to show: blanks and control characters only (the
 * sanitizer drops the latter). */
static int line_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c < 0x20 || c == 0x7f)
			continue;
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] < 0xa0) {
			i++;
			continue;
		}
		return 0;
	}
	return 1;
}

/* Plain text as HTML: paragraphs and line breaks. CR LF and a lone CR end
 * a line too. */
static void text_to_html(const char *src, size_t n, struct buf *html)
{
	const char *p = src, *end = src + n;
	int in_para = 0;

	while (p < end) {
		const char *eol = p;
		size_t len;

		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		len = (size_t)(eol - p);
		if (line_blank(p, len)) {
			if (in_para)
				html_lit(html, "</p>\n");
			in_para = 0;
		} else {
			if (in_para)
				html_lit(html, "<br>\n");
			else
				html_lit(html, "<p>");
			in_para = 1;
			html_text(html, p, len);
		}
		if (eol < end && *eol == '\r' && eol + 1 < end &&
		    eol[1] == '\n')
			eol++;
		p = eol + 1;
	}
	if (in_para)
		html_lit(html, "</p>\n");
}

static int render_markdown(const char *src, size_t n, struct buf *out,
    const char **msg)
{
	char *html = cmark_markdown_to_html(src, n, CMARK_OPT_UNSAFE);
	size_t len;
	int ret;

	if (html == NULL) {
		*msg = N_("could not be formatted");
		return -1;
	}
	len = strlen(html);
	if (len > MARKDOWN_MAX_HTML) {
		free(html);
		*msg = N_("is too long once formatted as Markdown");
		return -1;
	}
	ret = sanitize_html(html, len, out, msg);
	free(html);
	return ret;
}

int markup_render(enum markup_format f, const char *src, size_t n,
    struct buf *out, const char **msg)
{
	struct buf html;
	int ret;

	*msg = source_problem(src, n);
	if (*msg != NULL)
		return -1;
	switch (f) {
	case MARKUP_TEXT:
		buf_init(&html);
		text_to_html(src, n, &html);
		ret = sanitize_html(html.s, html.len, out, msg);
		buf_free(&html);
		return ret;
	case MARKUP_MARKDOWN:
		return render_markdown(src, n, out, msg);
	case MARKUP_HTML:
		return sanitize_html(src, n, out, msg);
	}
	*msg = N_("is in an unknown format");
	return -1;
}

/* Elements inside a line of text: no space where they start or end. Every
 * other element the sanitizer keeps (paragraphs, headings, list items,
 * cells, br) separates words. */
static int inline_element(const char *name)
{
	static const char *const names[] = { "a", "abbr", "b", "bdi", "bdo",
	    "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q",
	    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
	    "var" };
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* Appends text to out, each control character and run of blanks one space
 * (*space: a space is owed before the next word). */
static void text_put(struct buf *out, const char *t, int *space)
{
	const unsigned char *p;

	for (p = (const unsigned char *)t; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f) {
			*space = 1;
			continue;
		}
		if (*space && out->len > 0 && out->s[out->len - 1] != ' ')
			buf_putc(out, ' ');
		*space = 0;
		buf_putc(out, (char)*p);
	}
}

/* libxml2 reads the HTML (its references, its tree); the walk is by hand,
 * with the tree's parent links instead of recursion. */
int markup_text(const char *html, size_t n, struct buf *out)
{
	const int options = HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED | HTML_PARSE_NODEFDTD;
	htmlDocPtr doc;
	xmlNodePtr node;
	int space = 0;

	if (n == 0)
		return 0;
	if (n > (size_t)8 * MARKUP_MAX_INPUT)
		return -1;
	doc = htmlReadMemory(html, (int)n, NULL, "UTF-8", options);
	if (doc == NULL)
		return -1;
	node = doc->children;
	while (node != NULL) {
		int block = node->type == XML_ELEMENT_NODE &&
		    !inline_element((const char *)node->name);

		if (node->type == XML_TEXT_NODE && node->content != NULL)
			text_put(out, (const char *)node->content, &space);
		if (block)
			space = 1;
		if (node->type == XML_ELEMENT_NODE && node->children != NULL) {
			node = node->children;
			continue;
		}
		while (node != NULL && node->next == NULL) {
			node = node->parent;
			if (node == NULL || node == (xmlNodePtr)doc) {
				node = NULL;
				break;
			}
			if (!inline_element((const char *)node->name))
				space = 1;
		}
		if (node != NULL)
			node = node->next;
	}
	xmlFreeDoc(doc);
	return 0;
}
