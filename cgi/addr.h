/* addr.h — IP addresses and CIDR ranges; the client behind trusted proxies.
 *
 * The trusted_proxies setting is a list of addresses and ranges
 * ("10.0.0.0/8 192.0.2.7 2001:db8::/32"). Only when the peer that talks to
 * the web server is in it does dais believe X-Forwarded-For, and then only
 * as far as the hops the list trusts (addr_forwarded_client). Everything
 * here is pure: no allocation, no I/O, input of any bytes.
 */
#ifndef DAIS_ADDR_H
#define DAIS_ADDR_H

#include <stddef.h>

/* Room for any address addr_format writes, with its NUL. */
#define ADDR_TEXT_MAX 46
/* Entries of a trusted_proxies list, at most. */
#define ADDR_LIST_MAX 64
/* Hops of an X-Forwarded-For header walked, at most. */
#define ADDR_HOPS_MAX 32

/* An address or a range. IPv4 is held as its IPv4-mapped IPv6 form
 * (::ffff:a.b.c.d, prefix + 96), so that one comparison serves both and a
 * mapped peer matches an IPv4 range. */
struct addr_range {
	unsigned char a[16];
	int bits; /* 0..128 */
};

enum addr_result {
	ADDR_OK = 0,
	ADDR_BAD,       /* not an address, or a prefix length out of range */
	ADDR_HOST_BITS, /* "10.0.0.1/8": bits set after the prefix */
};

/* Parses n bytes at s as one IPv4 address (dotted decimal, strictly) or
 * IPv6 address (no zone, no brackets, no port). 0 or -1. */
int addr_parse(const char *s, size_t n, unsigned char out[16]);
/* Parses n bytes at s as an address or "address/prefix" (decimal, no
 * sign or leading zero, at most 32 for IPv4 and 128 for IPv6). A range
 * with bits set after its prefix is refused (ADDR_HOST_BITS), with the
 * range it would mean in out, so that a typo cannot trust more than was
 * written. */
enum addr_result addr_range_parse(const char *s, size_t n,
    struct addr_range *out);
/* 1 when a is inside r. */
int addr_in_range(const unsigned char a[16], const struct addr_range *r);
int addr_in_list(const unsigned char a[16], const struct addr_range *l,
    size_t n);

/* Parses a list of ranges separated by spaces, tabs or commas into out
 * (at most max). ADDR_OK with *n entries; else the result for the first
 * bad entry, which *bad and *bad_len point at (an entry beyond max is
 * ADDR_BAD). */
enum addr_result addr_list_parse(const char *list, struct addr_range *out,
    size_t max, size_t *n, const char **bad, size_t *bad_len);

/* Writes the canonical text of an address into out (ADDR_TEXT_MAX
 * bytes): an IPv4-mapped address as IPv4, IPv6 as inet_ntop gives it. */
void addr_format(const unsigned char a[16], int prefix_bits, char *out);

/* The client of a request that reached the web server from peer, whose
 * X-Forwarded-For header is xff ("" when absent), given the trusted
 * ranges. When peer is not trusted (or not an address), peer itself.
 * Else the header is walked from its right end, the nearest hop first:
 * each trusted hop is skipped, and the first untrusted address is the
 * client. A malformed entry (empty, a port, a name, garbage) stops the
 * walk, and so does the ADDR_HOPS_MAX-th hop: the last trusted hop is
 * then the client, since nothing beyond it can be believed. A header
 * wholly of trusted hops gives its left-most. Returns peer, or out
 * (ADDR_TEXT_MAX bytes) holding the canonical text of the client. */
const char *addr_forwarded_client(const char *peer, const char *xff,
    const struct addr_range *trusted, size_t n, char *out);

#endif
