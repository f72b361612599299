/* unit_addr.c — addresses, CIDR ranges, the trusted_proxies list and the
 * walk of X-Forwarded-For (addr.c). */
#include "config.h"

#include <string.h>

#include "addr.h"
#include "check.h"

static enum addr_result range(const char *s, struct addr_range *r)
{
	return addr_range_parse(s, strlen(s), r);
}

/* The canonical text of a range s, or "BAD"/"HOST" for a refusal. */
static const char *canon(const char *s)
{
	static char out[ADDR_TEXT_MAX];
	struct addr_range r;
	enum addr_result e = range(s, &r);

	if (e == ADDR_BAD)
		return "BAD";
	if (e == ADDR_HOST_BITS)
		return "HOST";
	addr_format(r.a, r.bits, out);
	return out;
}

static void test_parse(void)
{
	unsigned char a[16];

	CHECK_STR(canon("192.0.2.1"), "192.0.2.1");
	CHECK_STR(canon("0.0.0.0"), "0.0.0.0");
	CHECK_STR(canon("255.255.255.255"), "255.255.255.255");
	CHECK_STR(canon("10.0.0.0/8"), "10.0.0.0/8");
	CHECK_STR(canon("0.0.0.0/0"), "0.0.0.0/0");
	CHECK_STR(canon("192.0.2.1/32"), "192.0.2.1");
	CHECK_STR(canon("::1"), "::1");
	CHECK_STR(canon("2001:DB8::/32"), "2001:db8::/32");
	CHECK_STR(canon("2001:db8:0:0:0:0:0:1"), "2001:db8::1");
	CHECK_STR(canon("::/0"), "::/0");
	CHECK_STR(canon("::ffff:192.0.2.1"), "192.0.2.1");
	CHECK_STR(canon("fe80::1/128"), "fe80::1");
	/* Refused. */
	CHECK_STR(canon(""), "BAD");
	CHECK_STR(canon("256.0.0.1"), "BAD");
	CHECK_STR(canon("1.2.3"), "BAD");
	CHECK_STR(canon("1.2.3.4.5"), "BAD");
	CHECK_STR(canon("010.0.0.1"), "BAD");      /* octal elsewhere */
	CHECK_STR(canon("1.2.3.04"), "BAD");
	CHECK_STR(canon("0x7f.0.0.1"), "BAD");
	CHECK_STR(canon(" 1.2.3.4"), "BAD");
	CHECK_STR(canon("1.2.3.4:80"), "BAD");     /* a port */
	CHECK_STR(canon("[::1]"), "BAD");
	CHECK_STR(canon("fe80::1%eth0"), "BAD");   /* a zone */
	CHECK_STR(canon("localhost"), "BAD");
	CHECK_STR(canon("10.0.0.0/33"), "BAD");
	CHECK_STR(canon("::/129"), "BAD");
	CHECK_STR(canon("10.0.0.0/"), "BAD");
	CHECK_STR(canon("10.0.0.0/08"), "BAD");
	CHECK_STR(canon("10.0.0.0/+8"), "BAD");
	CHECK_STR(canon("10.0.0.0/8/8"), "BAD");
	CHECK_STR(canon("10.0.0.0/1000"), "BAD");
	CHECK_STR(canon("2001:db8::/0032"), "BAD");
	CHECK_STR(canon("10.0.0.1/8"), "HOST");
	CHECK_STR(canon("2001:db8::1/64"), "HOST");
	CHECK(addr_parse("1.2.3.4\0" "5", 9, a) != 0);  /* a NUL inside */
	CHECK(addr_parse("1.2.3.4", 7, a) == 0);
	CHECK(addr_parse("1.2.3.45", 7, a) == 0);       /* only n bytes */
	CHECK(a[15] == 4);
}

static void test_match(void)
{
	struct addr_range r;
	unsigned char a[16];

	CHECK(range("10.0.0.0/8", &r) == ADDR_OK);
	CHECK(addr_parse("10.255.1.2", 10, a) == 0 && addr_in_range(a, &r));
	CHECK(addr_parse("11.0.0.0", 8, a) == 0 && !addr_in_range(a, &r));
	/* A mapped peer matches an IPv4 range. */
	CHECK(addr_parse("::ffff:10.1.1.1", 15, a) == 0 &&
	    addr_in_range(a, &r));
	CHECK(addr_parse("::a01:101", 9, a) == 0 && !addr_in_range(a, &r));
	CHECK(range("2001:db8::/32", &r) == ADDR_OK);
	CHECK(addr_parse("2001:db8:ffff::1", 16, a) == 0 &&
	    addr_in_range(a, &r));
	CHECK(addr_parse("2001:db9::1", 11, a) == 0 && !addr_in_range(a, &r));
	CHECK(range("0.0.0.0/0", &r) == ADDR_OK);
	CHECK(addr_parse("203.0.113.9", 11, a) == 0 && addr_in_range(a, &r));
	CHECK(addr_parse("2001:db8::1", 11, a) == 0 && !addr_in_range(a, &r));
	CHECK(range("10.0.0.0/9", &r) == ADDR_OK);
	CHECK(addr_parse("10.127.0.1", 10, a) == 0 && addr_in_range(a, &r));
	CHECK(addr_parse("10.128.0.1", 10, a) == 0 && !addr_in_range(a, &r));
}

static void test_list(void)
{
	struct addr_range l[4];
	const char *bad;
	size_t n, len;

	CHECK(addr_list_parse("", l, 4, &n, &bad, &len) == ADDR_OK && n == 0);
	CHECK(addr_list_parse(" 127.0.0.1,  10.0.0.0/8\t::1 ", l, 4, &n, &bad,
	    &len) == ADDR_OK && n == 3);
	CHECK(addr_list_parse("127.0.0.1 10.0.0.300 ::1", l, 4, &n, &bad,
	    &len) == ADDR_BAD && len == 10 && strncmp(bad, "10.0.0.300",
	    len) == 0);
	CHECK(addr_list_parse("10.1.0.0/8", l, 4, &n, &bad, &len) ==
	    ADDR_HOST_BITS && len == 10);
	CHECK(addr_list_parse("1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4 5.5.5.5", l, 4,
	    &n, &bad, &len) == ADDR_BAD && n == 4 && *bad == '5');
}

/* The client for peer and header xff with trusted list. */
static const char *client(const char *list, const char *peer,
    const char *xff)
{
	static char out[ADDR_TEXT_MAX];
	struct addr_range l[8];
	const char *bad;
	size_t n, len;

	if (addr_list_parse(list, l, 8, &n, &bad, &len) != ADDR_OK)
		return "LIST?";
	return addr_forwarded_client(peer, xff, l, n, out);
}

static void test_forwarded(void)
{
	const char *p = "127.0.0.1 10.0.0.0/8";

	/* Nothing trusted, or an untrusted peer: the peer, whatever the
	 * header says. */
	CHECK_STR(client("", "127.0.0.1", "203.0.113.5"), "127.0.0.1");
	CHECK_STR(client(p, "198.51.100.7", "203.0.113.5"), "198.51.100.7");
	/* A trusted peer without the header: the peer. */
	CHECK_STR(client(p, "127.0.0.1", ""), "127.0.0.1");
	/* One proxy: the address it appended. */
	CHECK_STR(client(p, "127.0.0.1", "203.0.113.5"), "203.0.113.5");
	/* A spoof on the left is not reached: the right-most untrusted. */
	CHECK_STR(client(p, "127.0.0.1", "6.6.6.6, 203.0.113.5"),
	    "203.0.113.5");
	CHECK_STR(client(p, "127.0.0.1", "6.6.6.6,203.0.113.5, 10.1.2.3"),
	    "203.0.113.5");
	/* Every hop trusted: the left-most. */
	CHECK_STR(client(p, "127.0.0.1", "10.0.0.2, 10.0.0.3"), "10.0.0.2");
	/* A malformed entry stops the walk at the last trusted hop. */
	CHECK_STR(client(p, "127.0.0.1", "203.0.113.5, junk"), "127.0.0.1");
	CHECK_STR(client(p, "127.0.0.1", "203.0.113.5, 10.0.0.9, junk"),
	    "127.0.0.1");
	CHECK_STR(client(p, "127.0.0.1", "junk, 10.0.0.9"), "10.0.0.9");
	CHECK_STR(client(p, "127.0.0.1", "1.2.3.4, , 10.0.0.9"), "10.0.0.9");
	CHECK_STR(client(p, "127.0.0.1", "203.0.113.5:4711"), "127.0.0.1");
	CHECK_STR(client(p, "127.0.0.1", ","), "127.0.0.1");
	CHECK_STR(client(p, "127.0.0.1", " 203.0.113.5 "), "203.0.113.5");
	/* IPv6, and canonical text. */
	CHECK_STR(client("::1", "::1", "2001:DB8:0::7"), "2001:db8::7");
	CHECK_STR(client("::1", "::1", "::ffff:203.0.113.5"), "203.0.113.5");
	CHECK_STR(client("127.0.0.1", "::ffff:127.0.0.1", "198.51.100.1"),
	    "198.51.100.1");
	/* A peer that is not an address is never trusted. */
	CHECK_STR(client("0.0.0.0/0", "unix:", "203.0.113.5"), "unix:");
	/* No more than ADDR_HOPS_MAX hops are walked. */
	{
		char h[16 + 40 * 10] = "";
		int i;

		strcat(h, "203.0.113.5");
		for (i = 0; i < 40; i++)
			strcat(h, ", 10.0.0.1");
		CHECK_STR(client(p, "127.0.0.1", h), "10.0.0.1");
	}
}

int main(void)
{
	test_parse();
	test_match();
	test_list();
	test_forwarded();
	return check_summary("unit_addr");
}
