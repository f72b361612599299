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

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* ---- bare addresses in Markdown become links ------------------------------
 * cmark implements CommonMark, where only <https://...> is a link; people
 * paste bare addresses. This is GitHub Flavored Markdown's "extended
 * autolink" rule (cmark-gfm's autolink extension, which Debian does not
 * package as a library), written by hand over cmark's tree: in text outside
 * links, "www." or "http(s)://" at the start of the text or after a space,
 * '*', '_', '~' or '(', followed by a domain (letters, digits, '-', '_'
 * in dot-separated parts, no '_' in the last two), then anything up to a
 * space or '<'; trailing ?!.,:*_~ are not part of it, nor a ')' without its
 * '(', nor a final &entity; . "www." links get "http://". */

static int autolink_boundary(const char *s, size_t i)
{
	return i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' ||
	    s[i - 1] == '\n' || s[i - 1] == '*' || s[i - 1] == '_' ||
	    s[i - 1] == '~' || s[i - 1] == '(';
}

/* A domain name has at most 253 bytes: the scan stops there, so that a
 * text of many failed candidates ("www._www._...") costs linear time. */
#define AUTOLINK_DOMAIN_MAX 253

/* Length of a valid domain at s (0: none). */
static size_t autolink_domain(const char *s, size_t n)
{
	size_t i = 0, dots = 0;
	int under_last = 0, under_prev = 0, seg = 0;

	if (n > AUTOLINK_DOMAIN_MAX + 1)
		n = AUTOLINK_DOMAIN_MAX + 1;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (seg == 0)
				break;
			under_prev = under_last;
			under_last = 0;
			seg = 0;
			dots++;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c >= 0x80) {
			if (c == '_')
				under_last = 1;
			seg = 1;
		} else {
			break;
		}
		i++;
	}
	if (i > 0 && s[i - 1] == '.') {  /* a final dot ends the sentence */
		i--;
		dots--;
		under_last = under_prev;
		under_prev = 0;
	}
	if (dots == 0 || under_last || under_prev || i > AUTOLINK_DOMAIN_MAX)
		return 0;
	return i;
}

/* Length of the link that starts at s[0] (0: none); *www set when it needs
 * "http://" in front. */
static size_t autolink_at(const char *s, size_t n, int *www)
{
	size_t start, i, d, opens = 0, closes = 0;

	if (n >= 4 && strncasecmp(s, "www.", 4) == 0) {
		*www = 1;
		start = 0;
	} else if (n >= 8 && strncasecmp(s, "https://", 8) == 0) {
		*www = 0;
		start = 8;
	} else if (n >= 7 && strncasecmp(s, "http://", 7) == 0) {
		*www = 0;
		start = 7;
	} else {
		return 0;
	}
	d = autolink_domain(s + start, n - start);
	if (d == 0)
		return 0;
	i = start + d;
	while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
	    s[i] != '\r' && s[i] != '<')
		i++;
	for (size_t k = 0; k < i; k++) {
		if (s[k] == '(')
			opens++;
		else if (s[k] == ')')
			closes++;
	}
	while (i > start + d) {
		char c = s[i - 1];

		if (strchr("?!.,:*_~'\"", c) != NULL) {
			i--;
		} else if (c == ')' && closes > opens) {
			closes--;
			i--;
		} else if (c == ';') {
			size_t k = i - 1;

			while (k > start + d && isalnum((unsigned char)s[k - 1]))
				k--;
			if (k < i - 1 && k > start + d && s[k - 1] == '&')
				i = k - 1;
			else
				break;
		} else {
			break;
		}
	}
	return i;
}

/* Splits one text node around the first link in it; returns the rest of
 * the text, a new node after the link (NULL: no link). */
static cmark_node *autolink_text(cmark_node *text)
{
	const char *s = cmark_node_get_literal(text);
	size_t n, i, len = 0;
	int www = 0;
	cmark_node *link, *inner, *rest;
	char *head, *url;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	for (i = 0; i < n; i++) {
		if ((s[i] == 'w' || s[i] == 'W' || s[i] == 'h' || s[i] == 'H') &&
		    autolink_boundary(s, i) &&
		    (len = autolink_at(s + i, n - i, &www)) > 0)
			break;
	}
	if (i >= n)
		return NULL;
	url = malloc(len + 8);
	head = malloc(n + 1);
	if (url == NULL || head == NULL) {
		free(url);
		free(head);
		return NULL;
	}
	snprintf(url, len + 8, "%s%.*s", www ? "http://" : "", (int)len, s + i);
	link = cmark_node_new(CMARK_NODE_LINK);
	inner = cmark_node_new(CMARK_NODE_TEXT);
	rest = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_url(link, url);
	memcpy(head, s + i, len);
	head[len] = '\0';
	cmark_node_set_literal(inner, head);
	cmark_node_append_child(link, inner);
	cmark_node_set_literal(rest, s + i + len);
	memcpy(head, s, i);
	head[i] = '\0';
	cmark_node_insert_after(text, link);
	cmark_node_insert_after(link, rest);
	cmark_node_set_literal(text, head);  /* last: s points into it */
	free(head);
	free(url);
	return rest;
}

/* The tree is walked first and changed after: cmark's iterator knows the
 * next node before the caller changes the current one. */
static void autolink(cmark_node *doc)
{
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node **texts = NULL, **grown, *t;
	size_t n = 0, cap = 0;

	cmark_consolidate_text_nodes(doc);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it), *up;
		const char *lit;

		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(node) != CMARK_NODE_TEXT)
			continue;
		lit = cmark_node_get_literal(node);
		if (lit == NULL || (strstr(lit, "://") == NULL &&
		    strcasestr(lit, "www.") == NULL))
			continue;
		for (up = cmark_node_parent(node); up != NULL;
		    up = cmark_node_parent(up))
			if (cmark_node_get_type(up) == CMARK_NODE_LINK ||
			    cmark_node_get_type(up) == CMARK_NODE_IMAGE)
				break;
		if (up != NULL)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(texts, cap * sizeof(*texts));
			if (grown == NULL)
				break;
			texts = grown;
		}
		texts[n++] = node;
	}
	cmark_iter_free(it);
	for (size_t k = 0; k < n; k++)
		for (t = texts[k]; t != NULL; t = autolink_text(t))
			;
	free(texts);
}

static int render_markdown(const char *src, size_t n, struct buf *out,
    const char **msg)
{
	cmark_node *doc = cmark_parse_document(src, n, CMARK_OPT_UNSAFE);
	char *html = NULL;
	size_t len;
	int ret;

	if (doc != NULL) {
		autolink(doc);
		html = cmark_render_html(doc, CMARK_OPT_UNSAFE);
		cmark_node_free(doc);
	}
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

/* 1 when src has what only HTML has: something a parser reads as a tag, a
 * comment or a declaration ("<" then a letter, "/", "!" or "?"), or a
 * character reference ("&#", or "&", letters and digits, then ";"). HTML
 * without either is plain text (a person chose "HTML" for text typed or
 * pasted as text): its paragraphs and line breaks are kept as the text
 * format keeps them. */
static int html_only(const char *src, size_t n)
{
	const char *end = src + n, *p;

	for (p = src; p < end; p++) {
		const char *q = p + 1;

		if (*p == '<' && q < end && (((*q | 0x20) >= 'a' &&
		    (*q | 0x20) <= 'z') || *q == '/' || *q == '!' || *q == '?'))
			return 1;
		if (*p != '&' || q == end)
			continue;
		if (*q == '#')
			return 1;
		while (q < end && (((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') ||
		    (*q >= '0' && *q <= '9')))
			q++;
		if (q > p + 1 && q < end && *q == ';')
			return 1;
	}
	return 0;
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
		if (!html_only(src, n))
			return markup_render(MARKUP_TEXT, src, n, out, msg);
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
		if (*space && out->len > 0 && out->s[out->len - 1] != ' ' &&
		    out->s[out->len - 1] != '\n')
			buf_putc(out, ' ');
		*space = 0;
		buf_putc(out, (char)*p);
	}
}

/* Ends a block in markup_blocks(): a newline, unless nothing was written
 * since the last (no empty line), and no blank at the end of a line. */
static void block_end(struct buf *out, int *space)
{
	while (out->len > 0 && out->s[out->len - 1] == ' ')
		out->len--;
	out->s[out->len] = '\0';
	if (out->len > 0 && out->s[out->len - 1] != '\n')
		buf_putc(out, '\n');
	*space = 0;
}

/* A boundary in the text: with lines, between blocks a newline (a line
 * break inside a block stays a space), else a space. */
static void text_break(struct buf *out, int *space, int lines,
    const char *name)
{
	if (lines && strcmp(name, "br") != 0)
		block_end(out, space);
	else
		*space = 1;
}

/* libxml2 reads the HTML (its references, its tree); the walk is by hand,
 * with the tree's parent links instead of recursion. With lines, each
 * block on a line of its own (markup_blocks). */
static int text_walk(const char *html, size_t n, struct buf *out, int lines)
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
			text_break(out, &space, lines,
			    (const char *)node->name);
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
				text_break(out, &space, lines,
				    (const char *)node->name);
		}
		if (node != NULL)
			node = node->next;
	}
	xmlFreeDoc(doc);
	if (lines)
		block_end(out, &space);
	return 0;
}

int markup_text(const char *html, size_t n, struct buf *out)
{
	return text_walk(html, n, out, 0);
}

int markup_blocks(const char *html, size_t n, struct buf *out)
{
	return text_walk(html, n, out, 1);
}
