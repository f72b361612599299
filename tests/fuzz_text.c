/* fuzz_text.c — libFuzzer target for the checks of characters that forms
 * make on every value (valid.c: valid_marks, valid_line_chars, valid_line)
 * and the cap the sanitizer puts on runs of marks (unicode.c: marks_cap).
 * Each answer is compared with a slow, obvious reading of the same rule:
 *   - valid_marks() refuses exactly the text with a run of more than
 *     MARKS_MAX uc_mark() code points;
 *   - marks_cap() gives text that valid_marks() accepts, equal to the input
 *     when that was accepted, the same in pieces as whole, and a fixed
 *     point;
 *   - valid_line_chars() accepts only text whose direction controls nest
 *     (each PDF closing an embedding or override, each PDI an isolate) and
 *     that has none of the invisible characters, and an accepted value
 *     stays accepted inside RLI…PDI and is refused with an RLO after it.
 * Invalid UTF-8 must only never be read past its end. Any violation
 * aborts. Built by `make fuzz` like the others. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"
#include "util.h"
#include "valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Code points of valid UTF-8, decoded the long way. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *out)
{
	size_t i = 0, k = 0;

	while (i < n) {
		if (s[i] < 0x80) {
			out[k++] = s[i];
			i += 1;
		} else if (s[i] < 0xe0) {
			out[k++] = (uint32_t)(s[i] & 0x1f) << 6 | (s[i + 1] & 0x3f);
			i += 2;
		} else if (s[i] < 0xf0) {
			out[k++] = (uint32_t)(s[i] & 0x0f) << 12 |
			    (uint32_t)(s[i + 1] & 0x3f) << 6 | (s[i + 2] & 0x3f);
			i += 3;
		} else {
			out[k++] = (uint32_t)(s[i] & 0x07) << 18 |
			    (uint32_t)(s[i + 1] & 0x3f) << 12 |
			    (uint32_t)(s[i + 2] & 0x3f) << 6 | (s[i + 3] & 0x3f);
			i += 4;
		}
	}
	return k;
}

static size_t slow_longest(const uint32_t *c, size_t k)
{
	size_t i, run = 0, most = 0;

	for (i = 0; i < k; i++) {
		run = uc_mark(c[i]) ? run + 1 : 0;
		most = run > most ? run : most;
	}
	return most;
}

/* 1 when the text passes the rule for one-line values; *deepest is how
 * deep its direction controls nest. */
static int slow_line_ok(const uint32_t *c, size_t k, size_t *deepest)
{
	char stack[70];
	size_t i, depth = 0;

	*deepest = 0;
	for (i = 0; i < k; i++) {
		uint32_t x = c[i];

		if (x == 0x200b || x == 0x2060 || x == 0xfeff || x == 0x180e ||
		    (x >= 0x2061 && x <= 0x2064) ||
		    (x >= 0x206a && x <= 0x206f) ||
		    (x >= 0xfff9 && x <= 0xfffb) || x == 0x2028 || x == 0x2029)
			return 0;
		if (x == 0x202a || x == 0x202b || x == 0x202d || x == 0x202e ||
		    (x >= 0x2066 && x <= 0x2068)) {
			if (depth == 64)
				return 0;
			stack[depth++] = x >= 0x2066 ? 'i' : 'e';
			*deepest = depth > *deepest ? depth : *deepest;
		} else if (x == 0x202c || x == 0x2069) {
			if (depth == 0 || stack[depth - 1] !=
			    (x == 0x2069 ? 'i' : 'e'))
				return 0;
			depth--;
		}
	}
	return depth == 0 && slow_longest(c, k) <= MARKS_MAX;
}

static void check_cap(const char *s, size_t n, size_t split)
{
	char *a = malloc(n + 1), *b = malloc(n + 1);
	size_t run = 0, na, nb;

	na = marks_cap(a, s, n, &run);
	if (na > n || valid_marks(a, na) != NULL || !utf8_valid(a, na))
		abort();
	if (valid_marks(s, n) == NULL && (na != n || memcmp(a, s, n) != 0))
		abort();
	/* In two pieces, as the sanitizer meets text: the same. Split on a
	 * character boundary. */
	while (split < n && ((unsigned char)s[split] & 0xc0) == 0x80)
		split++;
	run = 0;
	nb = marks_cap(b, s, split, &run);
	nb += marks_cap(b + nb, s + split, n - split, &run);
	if (nb != na || memcmp(a, b, na) != 0)
		abort();
	run = 0;
	if (marks_cap(a, a, na, &run) != na)   /* in place, a fixed point */
		abort();
	free(a);
	free(b);
}

static void check_line(const char *s, size_t n, const uint32_t *c, size_t k)
{
	const char *why = valid_line_chars(s, n);
	size_t deepest;
	char *w;

	if ((why == NULL) != slow_line_ok(c, k, &deepest))
		abort();
	if (why != NULL)
		return;
	w = malloc(n + 6);
	memcpy(w, "\xe2\x81\xa7", 3);                    /* RLI */
	memcpy(w + 3, s, n);
	memcpy(w + 3 + n, "\xe2\x81\xa9", 3);            /* PDI */
	if (deepest < 64 && valid_line_chars(w, n + 6) != NULL)
		abort();
	memcpy(w, s, n);
	memcpy(w + n, "\xe2\x80\xae", 3);                /* value, RLO */
	if (valid_line_chars(w, n + 3) == NULL)
		abort();
	free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	uint32_t *c;
	size_t k;

	/* An exact copy, NUL-terminated for valid_line(): any read past the
	 * end of invalid UTF-8 is caught. */
	memcpy(s, data, size);
	s[size] = '\0';
	(void)valid_marks(s, size);
	(void)valid_line_chars(s, size);
	if (memchr(s, '\0', size) == NULL)
		(void)valid_line(s, 200, 1);
	if (!utf8_valid(s, size)) {
		free(s);
		return 0;
	}
	c = malloc((size + 1) * sizeof(*c));
	k = decode((const unsigned char *)s, size, c);
	if ((valid_marks(s, size) == NULL) != (slow_longest(c, k) <= MARKS_MAX))
		abort();
	if (marks_longest(s, size) != slow_longest(c, k))
		abort();
	check_cap(s, size, size / 2);
	check_line(s, size, c, k);
	free(c);
	free(s);
	return 0;
}
