/* addr.c — IP addresses and CIDR ranges; the client behind trusted proxies.
 * inet_pton/inet_ntop do the address syntax; what is written by hand here
 * is the prefix, the list and the walk of X-Forwarded-For. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"

int addr_parse(const char *s, size_t n, unsigned char out[16])
{
	char tmp[ADDR_TEXT_MAX];
	struct in_addr v4;

	if (n == 0 || n >= sizeof(tmp) || memchr(s, '\0', n) != NULL)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (strchr(tmp, ':') != NULL)
		return inet_pton(AF_INET6, tmp, out) == 1 ? 0 : -1;
	/* glibc's inet_pton takes exactly four decimal parts of at most three
	 * digits each, no more than 255: no octal, hex or short forms. A
	 * leading zero ("010.0.0.1") it takes as decimal; refused here, as
	 * other programs read it as octal. */
	if (inet_pton(AF_INET, tmp, &v4) != 1)
		return -1;
	for (size_t i = 0; i + 1 < n; i++)
		if (tmp[i] == '0' && (i == 0 || tmp[i - 1] == '.') &&
		    tmp[i + 1] != '.')
			return -1;
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, &v4, 4);
	return 0;
}

static int is_mapped(const unsigned char a[16])
{
	static const unsigned char pre[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };

	return memcmp(a, pre, 12) == 0;
}

/* Clears the bits of a after the first bits; 1 when any was set. */
static int mask_after(unsigned char a[16], int bits)
{
	int i, set = 0;

	for (i = 0; i < 16; i++) {
		int keep = bits - i * 8;
		unsigned char m = keep >= 8 ? 0xff : keep <= 0 ? 0 :
		    (unsigned char)(0xff << (8 - keep));

		set |= (a[i] & ~m) != 0;
		a[i] &= m;
	}
	return set;
}

enum addr_result addr_range_parse(const char *s, size_t n,
    struct addr_range *out)
{
	const char *slash = memchr(s, '/', n);
	size_t alen = slash ? (size_t)(slash - s) : n;
	int bits = 0, max;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (addr_parse(s, alen, out->a) != 0)
		return ADDR_BAD;
	max = is_mapped(out->a) && memchr(s, ':', alen) == NULL ? 32 : 128;
	if (slash == NULL) {
		out->bits = 128;
		return ADDR_OK;
	}
	/* 1 to 3 digits, no leading zero but "0" itself. */
	if (n - alen - 1 == 0 || n - alen - 1 > 3 ||
	    (slash[1] == '0' && n - alen - 1 > 1))
		return ADDR_BAD;
	for (i = alen + 1; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return ADDR_BAD;
		bits = bits * 10 + (s[i] - '0');
	}
	if (bits > max)
		return ADDR_BAD;
	out->bits = max == 32 ? bits + 96 : bits;
	return mask_after(out->a, out->bits) ? ADDR_HOST_BITS : ADDR_OK;
}

int addr_in_range(const unsigned char a[16], const struct addr_range *r)
{
	unsigned char m[16];

	memcpy(m, a, 16);
	mask_after(m, r->bits);
	return memcmp(m, r->a, 16) == 0;
}

int addr_in_list(const unsigned char a[16], const struct addr_range *l,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (addr_in_range(a, &l[i]))
			return 1;
	return 0;
}

enum addr_result addr_list_parse(const char *list, struct addr_range *out,
    size_t max, size_t *n, const char **bad, size_t *bad_len)
{
	static const char sep[] = " \t,";
	const char *p = list;

	*n = 0;
	*bad = NULL;
	*bad_len = 0;
	for (;;) {
		size_t len;
		enum addr_result e;
		struct addr_range r;

		p += strspn(p, sep);
		if (*p == '\0')
			return ADDR_OK;
		len = strcspn(p, sep);
		e = addr_range_parse(p, len, &r);
		if (e == ADDR_OK && *n == max)
			e = ADDR_BAD;
		if (e != ADDR_OK) {
			*bad = p;
			*bad_len = len;
			return e;
		}
		out[(*n)++] = r;
		p += len;
	}
}

void addr_format(const unsigned char a[16], int prefix_bits, char *out)
{
	char t[INET6_ADDRSTRLEN];
	int v4 = is_mapped(a) && (prefix_bits < 0 || prefix_bits >= 96);

	if (inet_ntop(v4 ? AF_INET : AF_INET6, v4 ? a + 12 : a, t,
	    sizeof(t)) == NULL)
		t[0] = '\0';
	if (prefix_bits < 0 || prefix_bits == 128)
		snprintf(out, ADDR_TEXT_MAX, "%s", t);
	else
		snprintf(out, ADDR_TEXT_MAX, "%s/%d", t,
		    v4 ? prefix_bits - 96 : prefix_bits);
}

/* The entry of xff that ends just before offset *end (a comma or the
 * end), without the spaces around it; *end moves to the comma before it.
 * Returns 0 when that entry was the first (no entry is left before it),
 * else 1. */
static int hop_before(const char *xff, size_t *end, const char **s,
    size_t *len)
{
	const char *e = xff + *end, *b = e;
	int more;

	while (b > xff && b[-1] != ',')
		b--;
	more = b > xff;
	if (more)
		*end = (size_t)(b - 1 - xff);
	while (b < e && (*b == ' ' || *b == '\t'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*s = b;
	*len = (size_t)(e - b);
	return more;
}

const char *addr_forwarded_client(const char *peer, const char *xff,
    const struct addr_range *trusted, size_t n, char *out)
{
	unsigned char a[16], last[16];
	const char *s;
	size_t len, end = strlen(xff);
	int hops, more = 1;

	if (n == 0 || addr_parse(peer, strlen(peer), last) != 0 ||
	    !addr_in_list(last, trusted, n))
		return peer;
	if (*xff == '\0')
		return peer;
	for (hops = 0; hops < ADDR_HOPS_MAX && more; hops++) {
		more = hop_before(xff, &end, &s, &len);
		if (addr_parse(s, len, a) != 0)
			break;
		if (!addr_in_list(a, trusted, n)) {
			memcpy(last, a, 16);
			break;
		}
		memcpy(last, a, 16);
	}
	addr_format(last, -1, out);
	return out;
}
