/* fuzz_addr.c — libFuzzer target for the trusted_proxies list and the walk
 * of X-Forwarded-For (addr.c). The input is "LIST\nPEER\nHEADER". Beyond
 * what the sanitizers catch: a list that parses formats back to ranges
 * that parse to the same thing; the client is the peer when the peer is
 * not trusted, and otherwise an address that parses and is no longer than
 * ADDR_TEXT_MAX. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct addr_range l[ADDR_LIST_MAX], again;
	char *copy, *peer, *xff, out[ADDR_TEXT_MAX], text[ADDR_TEXT_MAX];
	const char *bad, *c;
	size_t n, len, i;
	unsigned char p[16], a[16];

	copy = malloc(size + 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	peer = strchr(copy, '\n');
	xff = peer ? strchr(peer + 1, '\n') : NULL;
	if (peer == NULL || xff == NULL)
		goto out;
	*peer++ = '\0';
	*xff++ = '\0';
	if (addr_list_parse(copy, l, ADDR_LIST_MAX, &n, &bad, &len) !=
	    ADDR_OK) {
		if (bad == NULL || bad < copy || bad + len > copy + strlen(copy))
			abort();
		goto out;
	}
	for (i = 0; i < n; i++) {
		addr_format(l[i].a, l[i].bits, text);
		if (addr_range_parse(text, strlen(text), &again) != ADDR_OK ||
		    memcmp(&again, &l[i], sizeof(again)) != 0)
			abort();
	}
	c = addr_forwarded_client(peer, xff, l, n, out);
	if (addr_parse(peer, strlen(peer), p) != 0 || !addr_in_list(p, l, n)) {
		if (c != peer)
			abort();
	} else if (c != peer && (c != out || strlen(out) >= ADDR_TEXT_MAX ||
	    addr_parse(out, strlen(out), a) != 0))
		abort();
out:
	free(copy);
	return 0;
}
