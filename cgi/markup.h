/* markup.h — from what a submitter typed to safe HTML.
 *
 * Three source formats: plain text (paragraphs and line breaks), Markdown
 * (cmark; raw HTML inside it goes through the sanitizer), HTML (libxml2's
 * HTML parser, then an allowlist). Everything ends in sanitize_html(), which
 * builds its output itself from the cleaned tree with its own escaping, so
 * that a browser parsing the output builds the same tree.
 */
#ifndef DAIS_MARKUP_H
#define DAIS_MARKUP_H

#include <stddef.h>

struct buf;

/* Bump when the sanitizer's output for some input may change: published
 * fragments carry it and are rebuilt when it differs. */
#define SANITIZER_VERSION "6" /* 2: comments end where browsers end them;
                                * 3: at most 30 combining marks in a row;
                                * 4: character references, Word lists, inline
                                *    bold/italic, tables as browsers read
                                *    them;
                                * 5: Markdown's bare addresses are links;
                                *    each table in a .dais-table box;
                                * 6: HTML without a tag or a character
                                *    reference is read as text */

/* Input bounds: bigger or deeper input is refused with a message. */
#define MARKUP_MAX_INPUT (1024 * 1024)
#define MARKUP_MAX_DEPTH 64
#define MARKUP_MAX_ATTRS 64

enum markup_format {
	MARKUP_TEXT,
	MARKUP_MARKDOWN,
	MARKUP_HTML,
};

/* "text", "markdown", "html" -> enum; -1 when unknown. */
int markup_format_parse(const char *s, enum markup_format *out);
const char *markup_format_name(enum markup_format f);

/* Appends the sanitized HTML for src to out. Returns 0, or -1 with *msg set
 * to a message for a person (invalid UTF-8, too large, …); out is then left
 * as it was. */
int markup_render(enum markup_format f, const char *src, size_t n,
    struct buf *out, const char **msg);

/* The allowlist sanitizer alone (HTML in, safe HTML out). Same contract. */
int sanitize_html(const char *html, size_t n, struct buf *out,
    const char **msg);

/* The text of sanitized HTML, as a reader reads it, for the search index:
 * tags dropped (a space where a block, a line break or a cell ends),
 * character references decoded, control characters and runs of blanks
 * made one space. Appends to out; 0, or -1 when html cannot be parsed. */
int markup_text(const char *html, size_t n, struct buf *out);

/* The text of sanitized HTML block by block, for the history's diff: as
 * markup_text(), but each block (paragraph, heading, list item, table
 * cell…) on a line of its own, a line break inside a block a space, no
 * empty line, no blank at the start or end of a line. Appends to out,
 * which must be empty or end with a newline; 0, or -1 as markup_text(). */
int markup_blocks(const char *html, size_t n, struct buf *out);

/* Number of links (<a href>) in sanitized HTML: for the spam hold. */
size_t markup_count_links(const char *html);

#endif
