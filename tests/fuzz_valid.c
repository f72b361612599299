/* fuzz_valid.c — libFuzzer target for the checks of typed one-line values
 * that leave dais: valid_email() and file_name_tidy().
 *
 * Beyond what the sanitizers catch: an accepted address has exactly one
 * '@' and nothing that means something in a mailto: link or a header
 * (? & = % , ; < > quotes, spaces, controls, non-ASCII); a tidied file
 * name is valid UTF-8, has no control, zero-width or bidi character and
 * no path separator, is at most FILE_NAME_MAX bytes, never empty, and
 * tidying it again changes nothing.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	static const char *const bad[] = { "\xe2\x80\x8b", "\xe2\x80\x8e",
	    "\xe2\x80\x8f", "\xe2\x80\xae", "\xe2\x80\xaa", "\xe2\x81\xa6",
	    "\xe2\x81\xa9", "\xef\xbb\xbf", "\xc2\x85", "\xc2\x9f", NULL };
	int i;

	for (i = 0; bad[i] != NULL; i++)
		if (strstr(s, bad[i]) != NULL)
			return 1;
	return 0;
}

static void check_file_name(struct arena *a, const char *s)
{
	const char *t = file_name_tidy(a, s);
	size_t n = strlen(t);

	if (n == 0 || n > FILE_NAME_MAX || !utf8_valid(t, n) ||
	    !header_safe(t) || strchr(t, '/') || strchr(t, '\\') ||
	    strchr(t, '\t') || has_dropped(t) ||
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
