/* fuzz_valid.c — libFuzzer target for the checks of typed one-line values
 * that leave dais: valid_email() and file_name_tidy().
 *
 * Beyond what the sanitizers catch: an accepted address has exactly one
 * '@' and nothing that means something in a mailto: link or a header
 * (? & = % , ; < > quotes, spaces, controls, non-ASCII); a tidied file
 * name is valid UTF-8, has no control, invisible or direction character,
 * no path separator and no run of more than MARKS_MAX marks, is at most
 * FILE_NAME_MAX bytes, never empty, and tidying it again changes nothing.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"
#include "util.h"
#include "valid.h"

static void check_email(const char *s)
{
	const unsigned char *p;

	if (valid_email(s) != NULL)
		return;
	if (strchr(s, '@') == NULL || strchr(s, '@') != strrchr(s, '@') ||
	    strlen(s) > 254)
		abort();
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("?&=%,;<>\"()[]\\:", *p))
			abort();
}

/* 1 when the UTF-8 at s holds a code point the tidy drops. */
static int has_dropped(const char *s)
{
	size_t n = strlen(s), i = 0;
	uint32_t c;

	while (i < n) {
		c = utf8_next(s, n, &i);
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || uc_invisible(c) ||
		    uc_bidi_control(c))
			return 1;
	}
	return 0;
}

static void check_file_name(struct arena *a, const char *s)
{
	const char *t = file_name_tidy(a, s);
	size_t n = strlen(t);

	if (n == 0 || n > FILE_NAME_MAX || !utf8_valid(t, n) ||
	    !header_safe(t) || strchr(t, '/') || strchr(t, '\\') ||
	    has_dropped(t) || marks_longest(t, n) > MARKS_MAX ||
	    strcmp(file_name_tidy(a, t), t) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	char *s;

	if (a == NULL)
		a = arena_new();
	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0'; /* cut at a NUL, as every value dais reads is */
	check_email(s);
	check_file_name(a, s);
	free(s);
	arena_reset(a);
	return 0;
}
