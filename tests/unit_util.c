/* unit_util.c — arena, buffers, escapers and text checks. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "util.h"

static const char *esc(struct buf *b, void (*f)(struct buf *, const char *,
    size_t), const char *s)
{
	buf_reset(b);
	f(b, s, strlen(s));
	return b->s;
}

static void test_escapers(void)
{
	struct buf b;

	buf_init(&b);
	CHECK_STR(esc(&b, html_text, "a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
	CHECK_STR(esc(&b, html_attr, "\" onmouseover=x"),
	    "&quot; onmouseover=x");
	CHECK_STR(esc(&b, url_arg, "a b/c?d=é"), "a%20b%2Fc%3Fd%3D%C3%A9");
	CHECK_STR(esc(&b, json_str, "</script>\n\"\\"),
	    "\"\\u003c/script\\u003e\\n\\\"\\\\\"");
	CHECK_STR(esc(&b, json_str, "a\xe2\x80\xa8" "b"), "\"a\\u2028b\"");
	buf_reset(&b);
	html_lit(&b, "<p>");
	CHECK_STR(b.s, "<p>");
	buf_free(&b);
}

static void test_utf8(void)
{
	CHECK(utf8_valid("", 0));
	CHECK(utf8_valid("déclaration – ok 😀", strlen("déclaration – ok 😀")));
	CHECK(!utf8_valid("\xc0\xaf", 2));          /* overlong '/' */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4));  /* above U+10FFFF */
	CHECK(!utf8_valid("\xe2\x82", 2));          /* truncated */
	CHECK(!utf8_valid("\xff", 1));
	CHECK(utf8_len("añb", 4) == 3);
	CHECK(text_problem("ok\tfine", 7, TEXT_LINE) == NULL);
	CHECK(text_problem("a\nb", 3, TEXT_LINE) != NULL);
	CHECK(text_problem("a\r\nb", 4, TEXT_LONG) == NULL);
	CHECK(text_problem("a\0b", 3, TEXT_LONG) != NULL);
	CHECK(text_problem("a\x1b[31m", 7, TEXT_LONG) != NULL);
	CHECK(text_problem("a\xc2\x85", 3, TEXT_LONG) != NULL);  /* NEL */
	CHECK(text_problem("\xc3\xa9", 2, TEXT_LINE) == NULL);
	CHECK(text_problem("\xc3", 1, TEXT_LINE) != NULL);
}

static void test_tidy(void)
{
	struct arena *a = arena_new();
	const char *t;
	size_t n;

	n = 9;
	CHECK(text_tidy(a, "plain\ttext", &n) == NULL); /* nothing to do */
	n = 7;
	t = text_tidy(a, "p1\fp2\vx", &n); /* page break, vertical tab */
	CHECK(t != NULL && n == 7 && memcmp(t, "p1\np2\nx", 7) == 0);
	n = 8;
	t = text_tidy(a, "a\x1b[1m\x7f\x01" "b", &n); /* ESC, DEL, SOH dropped */
	CHECK(t != NULL && n == 5 && memcmp(t, "a[1mb", 5) == 0);
	n = 6;
	t = text_tidy(a, "a\xc2\x85\xc3\xa9" "b", &n); /* NEL dropped, é kept */
	CHECK(t != NULL && n == 4 && memcmp(t, "a\xc3\xa9" "b", 4) == 0);
	n = 4;
	t = text_tidy(a, "a\0\x01" "b", &n); /* NUL stays for text_problem */
	CHECK(t != NULL && n == 3 && memcmp(t, "a\0b", 3) == 0);
	CHECK(text_problem(t, n, TEXT_LONG) != NULL);
	arena_free(a);
}

static void test_numbers_and_headers(void)
{
	long long v;

	CHECK(parse_ll("42", 0, 100, &v) == 0 && v == 42);
	CHECK(parse_ll("101", 0, 100, &v) != 0);
	CHECK(parse_ll("-1", 0, 100, &v) != 0);
	CHECK(parse_ll("-1", -5, 100, &v) == 0 && v == -1);
	CHECK(parse_ll("4x", 0, 100, &v) != 0);
	CHECK(parse_ll("", 0, 100, &v) != 0);
	CHECK(parse_ll("99999999999999999999999", 0, 1LL << 60, &v) != 0);
	CHECK(header_safe("text/html; charset=utf-8"));
	CHECK(!header_safe("x\r\nSet-Cookie: a=b"));
	CHECK(!header_safe("x\n"));
	CHECK(str_eq_ct("abc", "abc"));
	CHECK(!str_eq_ct("abc", "abd"));
	CHECK(!str_eq_ct("abc", "ab"));
	CHECK(ascii_casecmp("Multipart", "mULTIPART") == 0);
}

/* Sign-in limits are kept per client: an IPv6 host may use any address
 * of its /64, so that is the client. */
static void test_addr_client(void)
{
	struct arena *a = arena_new();

	CHECK_STR(addr_client(a, "192.0.2.7"), "192.0.2.7");
	CHECK_STR(addr_client(a, "2001:db8:0:1::5"), "2001:db8:0:1::/64");
	CHECK_STR(addr_client(a, "2001:DB8:0:1:ffff:2:3:4"),
	    "2001:db8:0:1::/64");
	CHECK_STR(addr_client(a, "::1"), "0:0:0:0::/64");
	CHECK_STR(addr_client(a, "::ffff:192.0.2.7"), "192.0.2.7");
	CHECK_STR(addr_client(a, "unix:"), "unix:");
	CHECK_STR(addr_client(a, ""), "");
	arena_free(a);
}

static void test_arena(void)
{
	struct arena *a = arena_new();
	char *p, *big;
	int i;

	for (i = 0; i < 10000; i++) {
		p = arena_printf(a, "item %d", i);
		if (strcmp(p, "item 9999") == 0)
			CHECK(1);
	}
	big = arena_alloc(a, 1 << 20);
	memset(big, 'x', 1 << 20);
	CHECK(arena_used(a) > (1 << 20));
	arena_reset(a);
	CHECK(arena_used(a) == 0);
	p = arena_strndup(a, "hello world", 5);
	CHECK_STR(p, "hello");
	CHECK(((uintptr_t)arena_alloc(a, 3) & 15) == 0);
	arena_free(a);
}

int main(void)
{
	test_escapers();
	test_utf8();
	test_tidy();
	test_numbers_and_headers();
	test_addr_client();
	test_arena();
	return check_summary("unit_util");
}
