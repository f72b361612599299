/* search.c — what a person types in the search box as an FTS5 query, and
 * the filters as the index's facet words (search.h). Pure functions: fuzzed
 * by tests/fuzz_search.c. */
#include "config.h"

#include <string.h>

#include "search.h"
#include "util.h"

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/* n bytes of a word cut to at most SEARCH_MAX_WORD, at a character's
 * start. */
static size_t word_cut(const char *w, size_t n)
{
	if (n <= SEARCH_MAX_WORD)
		return n;
	n = SEARCH_MAX_WORD;
	while (n > 0 && ((unsigned char)w[n] & 0xc0) == 0x80)
		n--;
	return n;
}

int search_query_words(const char *q, size_t n, struct buf *out)
{
	size_t i = 0;
	int words = 0, prefixes = 0;

	while (i < n && words < SEARCH_MAX_WORDS) {
		size_t start, len;
		int prefix;

		while (i < n && !word_byte((unsigned char)q[i]))
			i++;
		start = i;
		while (i < n && word_byte((unsigned char)q[i]))
			i++;
		if (i == start)
			break;
		len = word_cut(q + start, i - start);
		prefix = i < n && q[i] == '*' && len >= SEARCH_MIN_PREFIX &&
		    prefixes < SEARCH_MAX_PREFIX;
		if (len == 0)
			continue;
		if (words++ > 0)
			buf_putc(out, ' ');
		/* No '"' can be inside: it separates words. */
		buf_putc(out, '"');
		buf_put(out, q + start, len);
		buf_putc(out, '"');
		if (prefix) {
			buf_putc(out, '*');
			prefixes++;
		}
	}
	return words;
}

void search_facet_id(struct buf *out, const char *prefix, long long id)
{
	buf_printf(out, "\"%s%lld\"", prefix, id);
}

void search_facet_text(struct buf *out, const char *prefix, const char *v)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p;

	buf_printf(out, "\"%s", prefix);
	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		buf_putc(out, hex[*p >> 4]);
		buf_putc(out, hex[*p & 15]);
	}
	buf_puts(out, "0\"");
}
