/* fuzz_oembed.c — libFuzzer target for the oEmbed url parameter: the
 * parser that decides which statement or event an URL names. Input: the
 * URL; the base is fixed. Invariants: on success the id is non-empty, made
 * of [a-z0-9-] only, and the URL is exactly base + kind + "/" + id. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char base[] = "https://example.org/statements/";
	char url[4096], id[80], kind, again[4096];
	size_t i;

	if (size >= sizeof(url))
		return 0;
	memcpy(url, data, size);
	url[size] = '\0';
	if (embed_url_parse(base, url, &kind, id, sizeof(id)) != 0)
		return 0;
	if (id[0] == '\0' || (kind != 's' && kind != 'e'))
		abort();
	for (i = 0; id[i] != '\0'; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			abort();
	snprintf(again, sizeof(again), "%s%c/%s", base, kind, id);
	if (strcmp(again, url) != 0)
		abort();
	return 0;
}
