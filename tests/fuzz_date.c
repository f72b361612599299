/* fuzz_date.c — libFuzzer target for date.c.
 *
 * The input's first byte picks a language tag, the rest is a stored date.
 * Beyond what the sanitizers catch: a date that parses is exactly the
 * stored form written again from its fields (the parse is strict); every
 * human form fits DATE_HUMAN_MAX (written into a buffer of exactly that
 * size, so ASan sees any overrun) and is valid UTF-8; date_human returns
 * bad input itself; the machine forms of the input's bytes read as a time
 * have their fixed lengths and are ASCII.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"

static const char *const tags[] = { "en", "fr", "es", "ar", "fr-CA",
    "es-419", "AR-eg", "de", "", "x", "e" };

static void check_human(struct arena *a, const char *tag, const char *s)
{
	struct date d;
	char iso[32], *out;
	const char *h;
	int n;

	h = date_human(a, tag, s);
	if (date_parse(s, &d) != 0) {
		if (h != s)
			abort();
		return;
	}
	if (d.has_time)
		snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    d.year, d.mon, d.day, d.hour, d.min, d.sec);
	else
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", d.year, d.mon,
		    d.day);
	if (strcmp(iso, s) != 0)
		abort();
	if ((out = malloc(DATE_HUMAN_MAX)) == NULL)
		abort();
	n = date_format(out, DATE_HUMAN_MAX, tag, &d);
	if (n <= 0 || n >= DATE_HUMAN_MAX || (size_t)n != strlen(out) ||
	    !utf8_valid(out, (size_t)n) || strcmp(out, h) != 0)
		abort();
	free(out);
}

static void check_ascii(const char *s, size_t want)
{
	size_t i;

	if (strlen(s) != want)
		abort();
	for (i = 0; i < want; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			abort();
}

static void check_machine(const uint8_t *data, size_t size)
{
	long long t = 0;
	char *h = malloc(DATE_HTTP_SIZE), *m = malloc(DATE_MAIL_SIZE);
	char *r = malloc(DATE_RFC3339_SIZE);
	struct date d;

	if (h == NULL || m == NULL || r == NULL)
		abort();
	memcpy(&t, data, size < sizeof(t) ? size : sizeof(t));
	date_http(h, t);
	date_mail(m, t);
	date_rfc3339(r, t);
	check_ascii(h, DATE_HTTP_SIZE - 1);
	check_ascii(m, DATE_MAIL_SIZE - 1);
	check_ascii(r, DATE_RFC3339_SIZE - 1);
	if (date_parse(r, &d) != 0)
		abort();
	free(h);
	free(m);
	free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	char *s;

	if (size == 0)
		return 0;
	if (a == NULL)
		a = arena_new();
	if ((s = malloc(size)) == NULL)
		abort();
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0'; /* cut at a NUL, as every value dais reads is */
	check_human(a, tags[data[0] % ARRAY_LEN(tags)], s);
	check_machine(data, size);
	free(s);
	arena_reset(a);
	return 0;
}
