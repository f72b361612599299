/* unit_util.c — arena, buffers, escapers, text checks and the
 * validators of characters (valid.c, unicode.c). */
#include "config.h"

#include <string.h>

#include "check.h"
#include "unicode.h"
#include "util.h"
#include "valid.h"

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
	char *p, *big, *first = NULL;
	int i, wrong = 0;

	/* 10,000 strings in one arena: each as printed, and the first still
	 * intact after all the blocks that followed it. */
	for (i = 0; i < 10000; i++) {
		char want[32];

		p = arena_printf(a, "item %d", i);
		snprintf(want, sizeof(want), "item %d", i);
		if (strcmp(p, want) != 0)
			wrong++;
		if (i == 0)
			first = p;
	}
	CHECK(wrong == 0);
	CHECK_STR(first, "item 0");
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

/* "a" followed by count times the UTF-8 sequence mark, in b. */
static const char *stacked(struct buf *b, const char *base, const char *mark,
    int count)
{
	buf_reset(b);
	buf_puts(b, base);
	while (count-- > 0)
		buf_puts(b, mark);
	return b->s;
}

#define ACUTE "\xcc\x81"          /* U+0301 */
#define RLO "\xe2\x80\xae"
#define PDF "\xe2\x80\xac"
#define RLI "\xe2\x81\xa7"
#define PDI "\xe2\x81\xa9"
#define ZWSP "\xe2\x80\x8b"
#define ZWNJ "\xe2\x80\x8c"

static void test_marks(void)
{
	struct buf b;
	char out[512];
	size_t run = 0, n;

	CHECK(uc_mark(0x0301) && uc_mark(0x036f) && uc_mark(0x064b));
	CHECK(uc_mark(0x05b4) && uc_mark(0x0670) && uc_mark(0x093f));
	CHECK(uc_mark(0x1ab0) && uc_mark(0x1dff) && uc_mark(0x20d0));
	CHECK(uc_mark(0xfe20) && uc_mark(0xe0100) && uc_mark(0x200d));
	CHECK(!uc_mark('a') && !uc_mark(0x0627) && !uc_mark(0x05d0));
	CHECK(!uc_mark(0x02ff) && !uc_mark(0x0370) && !uc_mark(0x10ffff));
	CHECK(!uc_mark(0x200b) && !uc_mark(0x0915));
	buf_init(&b);
	stacked(&b, "a", ACUTE, 30);
	CHECK(valid_marks(b.s, b.len) == NULL);
	stacked(&b, "a", ACUTE, 31);
	CHECK(valid_marks(b.s, b.len) != NULL);
	stacked(&b, "", ACUTE, 31);
	CHECK(valid_marks(b.s, b.len) != NULL);
	/* U+0651 U+064E (shadda, fatha), Hebrew and Devanagari as written. */
	CHECK(valid_marks("\xd9\x85\xd9\x91\xd9\x8e\xd8\xaf", 8) == NULL);
	CHECK(valid_marks("ליְלָה", strlen("ליְלָה")) == NULL);
	CHECK(valid_marks("हिन्दी", strlen("हिन्दी")) == NULL);
	/* A joiner does not end a run: ZWNJ, ZWJ stack with the marks. */
	stacked(&b, "a", ACUTE ZWNJ, 16);
	CHECK(valid_marks(b.s, b.len) != NULL);
	CHECK(marks_longest(b.s, b.len) == 32);
	/* Capping keeps 30 and drops the rest, across pieces. */
	stacked(&b, "x", ACUTE, 40);
	n = marks_cap(out, b.s, 21, &run);   /* x and 10 marks */
	CHECK(n == 21 && run == 10);
	n += marks_cap(out + n, b.s + 21, b.len - 21, &run);
	CHECK(n == 61 && marks_longest(out, n) == 30);
	run = 0;
	memcpy(out, b.s, b.len);
	n = marks_cap(out, out, b.len, &run);   /* in place */
	CHECK(n == 61 && memcmp(out, b.s, 61) == 0);
	buf_free(&b);
}

static void test_line_chars(void)
{
	struct buf b;

	/* Right-to-left names, and the joiners their spelling needs. */
	CHECK(valid_line("ليلى حداد", 200, 1) == NULL);
	CHECK(valid_line("מרכז זכויות", 200, 1) == NULL);
	CHECK(valid_line("می" ZWNJ "خواهم", 200, 1) == NULL);
	CHECK(valid_line("👩\xe2\x80\x8d💻", 200, 1) == NULL);
	CHECK(valid_line("Leila \xe2\x80\x8f(حداد)\xe2\x80\x8e", 200, 1) ==
	    NULL);                                       /* RLM, LRM */
	/* Direction controls, balanced or not. */
	CHECK(valid_line("a " RLI "ليلى" PDI " b", 200, 1) == NULL);
	CHECK(valid_line("a " RLO "xyz" PDF " b", 200, 1) == NULL);
	CHECK(valid_line(RLI RLO "x" PDF PDI, 200, 1) == NULL);
	CHECK(valid_line("Leila " RLO "Rights Centre", 200, 1) != NULL);
	CHECK(valid_line("a" PDF, 200, 1) != NULL);
	CHECK(valid_line("a" PDI, 200, 1) != NULL);
	CHECK(valid_line(RLI "x" PDF, 200, 1) != NULL);  /* crossed */
	CHECK(valid_line(RLO "x" PDI, 200, 1) != NULL);
	CHECK(valid_line(RLI RLO "x" PDI PDF, 200, 1) != NULL);
	CHECK(valid_line("\xe2\x81\xa6x", 200, 1) != NULL);  /* LRI open */
	/* Invisible characters. */
	CHECK(valid_line("Rights" ZWSP "Centre", 200, 1) != NULL);
	CHECK(valid_line("\xe2\x81\xa0x", 200, 1) != NULL);        /* WJ */
	CHECK(valid_line("\xef\xbb\xbfx", 200, 1) != NULL);        /* BOM */
	CHECK(valid_line("a\xe1\xa0\x8e", 200, 1) != NULL);        /* MVS */
	CHECK(valid_line("a\xe2\x81\xa2", 200, 1) != NULL);    /* U+2062 */
	CHECK(valid_line("a\xe2\x81\xaf", 200, 1) != NULL);    /* U+206F */
	CHECK(valid_line("a\xe2\x80\xa8" "b", 200, 1) != NULL);  /* LS */
	/* Marks: 30 pass, 31 do not; too long is said first. */
	buf_init(&b);
	CHECK(valid_line(stacked(&b, "a", ACUTE, 30), 200, 1) == NULL);
	CHECK(valid_line(stacked(&b, "a", ACUTE, 31), 200, 1) != NULL);
	CHECK_STR(valid_line(stacked(&b, "a", ACUTE, 31), 200, 1),
	    "has a letter with more than 30 accents or marks in a row");
	CHECK_STR(valid_line(stacked(&b, "a", ACUTE, 300), 200, 1),
	    "is too long");
	buf_free(&b);
	/* The same checks on a value shown in a list: invalid UTF-8 is not
	 * read past its end. */
	CHECK(valid_line_chars("\xe2\x80", 2) == NULL);
	CHECK(valid_line_chars("ok", 2) == NULL);
}

static void test_arena_grow(void)
{
	struct arena *a = arena_new();
	long *v = NULL, *first = NULL;
	size_t cap = 0, i;
	int ok = 1;

	for (i = 0; i < 1000; i++) {
		v = arena_grow(a, v, i, &cap, sizeof(*v));
		v[i] = (long)i * 7;
		if (i == 0)
			first = v;
	}
	for (i = 0; i < 1000; i++)
		ok &= v[i] == (long)i * 7;
	CHECK(ok);
	CHECK(cap == 1024);
	CHECK(first != v);
	/* Room left: the same array. */
	CHECK(arena_grow(a, v, 1000, &cap, sizeof(*v)) == v && cap == 1024);
	arena_free(a);
}

int main(void)
{
	test_arena_grow();
	test_escapers();
	test_utf8();
	test_tidy();
	test_numbers_and_headers();
	test_addr_client();
	test_arena();
	test_marks();
	test_line_chars();
	return check_summary("unit_util");
}
