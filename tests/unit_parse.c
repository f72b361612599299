/* unit_parse.c — tests of the request parsers (cgi/parse.c), then their
 * golden files.
 *
 * Every input is handed to a parser in a heap copy of exactly its length,
 * freed before the result is read: under ASan a read past n, or a value
 * that points into the input instead of the arena, is caught.
 *
 * Golden files. The root is argv[1] if given, else "$srcdir/golden" or
 * "$srcdir/tests/golden" when srcdir is set, else "golden" or "tests/golden"
 * (whichever exists) relative to the working directory. It holds:
 *   urlencoded/NAME.in   the raw input of parse_urlencoded()
 *   multipart/NAME.in    first line (up to LF, a CR before it dropped): the
 *                        Content-Type value; every byte after it: the body
 *   KIND/NAME.out        the expected dump (KIND: urlencoded, multipart)
 * Both run with the limits of golden_lim below: 8 fields, names of 16
 * bytes, values of 32, files of 64.
 *
 * Dump format: on success one line per parameter, in list order,
 *   NAME=VALUE
 * followed, for a multipart part that has them, by the lines
 *   <two spaces>filename=FILENAME
 *   <two spaces>ctype=CONTENT-TYPE
 * No parameters: an empty file. On failure the single line
 *   error: BAD | error: TOO_MANY | error: TOO_LONG
 * Escaping: a byte is written \xHH (two lowercase hex digits) when it is
 * below 0x20, 0x7f or above, or a backslash; in NAME also a space or '=';
 * in the other fields also a space that is the field's last byte (so no
 * line ends in a space an editor could strip). Each line ends in LF.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "parse.h"
#include "util.h"

static struct arena *A;
static const char *msg;

static const struct parse_limits lim_std = { 100, 64, 1024, 4096 };

/* ---- helpers ------------------------------------------------------------- */

static char *exact_copy(const char *s, size_t n)
{
	char *p = malloc(n > 0 ? n : 1);

	if (p == NULL)
		abort();
	if (n > 0)
		memcpy(p, s, n);
	return p;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum parse_status ue_n(const char *s, size_t n,
    const struct parse_limits *lim, struct param **out)
{
	char *copy = exact_copy(s, n);
	enum parse_status st;

	msg = NULL;
	st = parse_urlencoded(A, copy, n, lim, out, &msg);
	free(copy);
	if (st != PARSE_OK)
		CHECK(msg != NULL && msg[0] != '\0' && *out == NULL);
	return st;
}

static enum parse_status ue(const char *s, struct param **out)
{
	return ue_n(s, strlen(s), &lim_std, out);
}

static enum parse_status mp_n(const char *ctype, const char *body, size_t n,
    const struct parse_limits *lim, struct param **out)
{
	char *ct = ctype != NULL ? exact_copy(ctype, strlen(ctype) + 1) : NULL;
	char *copy = exact_copy(body, n);
	enum parse_status st;

	msg = NULL;
	st = parse_multipart(A, ct, copy, n, lim, out, &msg);
	free(copy);
	free(ct);
	if (st != PARSE_OK)
		CHECK(msg != NULL && msg[0] != '\0' && *out == NULL);
	return st;
}

#define CT "multipart/form-data; boundary=XyZ"
#define MP(ct, lit, out) mp_n((ct), (lit), sizeof(lit) - 1, &lim_std, (out))

static size_t count(const struct param *p)
{
	size_t n = 0;

	for (; p != NULL; p = p->next)
		n++;
	return n;
}

static const struct param *nth(const struct param *p, size_t i)
{
	while (p != NULL && i-- > 0)
		p = p->next;
	return p;
}

/* 1 when p is named name and holds exactly value[0..n), NUL-terminated. */
static int is_param(const struct param *p, const char *name,
    const char *value, size_t n)
{
	return p != NULL && p->name != NULL && strcmp(p->name, name) == 0 &&
	    p->value != NULL && p->len == n &&
	    memcmp(p->value, value, n) == 0 && p->value[n] == '\0';
}

#define IS(p, name, lit) is_param((p), (name), (lit), sizeof(lit) - 1)

/* ---- urlencoded ---------------------------------------------------------- */

static void test_ue_basic(void)
{
	struct param *p;

	CHECK(ue("a=1&b=2", &p) == PARSE_OK);
	CHECK(count(p) == 2);
	CHECK(IS(nth(p, 0), "a", "1"));
	CHECK(IS(nth(p, 1), "b", "2"));
	CHECK(p->filename == NULL && p->ctype == NULL);

	CHECK(ue("q=hello+world&x+y=a++b", &p) == PARSE_OK);
	CHECK(IS(nth(p, 0), "q", "hello world"));
	CHECK(IS(nth(p, 1), "x y", "a  b"));

	CHECK(ue("s=%41%4a%4A%2b%25%26%3D&t=%e2%82%AC", &p) == PARSE_OK);
	CHECK(IS(nth(p, 0), "s", "AJJ+%&="));
	CHECK(IS(nth(p, 1), "t", "\xe2\x82\xac"));

	CHECK(ue("v=a%00b&w=%00", &p) == PARSE_OK);
	CHECK(IS(nth(p, 0), "v", "a\0b"));
	CHECK(nth(p, 0)->len == 3);
	CHECK(IS(nth(p, 1), "w", "\0"));

	CHECK(ue("a=b=c&d==", &p) == PARSE_OK);
	CHECK(IS(nth(p, 0), "a", "b=c"));
	CHECK(IS(nth(p, 1), "d", "="));

	/* ';' is not a separator. */
	CHECK(ue("a=1;b=2", &p) == PARSE_OK);
	CHECK(count(p) == 1 && IS(p, "a", "1;b=2"));
	arena_reset(A);
}

static void test_ue_pieces(void)
{
	struct param *p = (struct param *)1;

	CHECK(ue("", &p) == PARSE_OK && p == NULL);
	CHECK(parse_urlencoded(A, NULL, 0, &lim_std, &p, &msg) == PARSE_OK);
	CHECK(p == NULL);
	CHECK(ue("&", &p) == PARSE_OK && p == NULL);
	CHECK(ue("&&&&", &p) == PARSE_OK && p == NULL);
	CHECK(ue("&&a=1&&&b=2&&", &p) == PARSE_OK);
	CHECK(count(p) == 2 && IS(nth(p, 0), "a", "1") &&
	    IS(nth(p, 1), "b", "2"));

	CHECK(ue("flag", &p) == PARSE_OK);
	CHECK(count(p) == 1 && IS(p, "flag", ""));
	CHECK(ue("a=&b&c=", &p) == PARSE_OK);
	CHECK(count(p) == 3 && IS(nth(p, 0), "a", "") &&
	    IS(nth(p, 1), "b", "") && IS(nth(p, 2), "c", ""));
	CHECK(ue("=x", &p) == PARSE_OK);
	CHECK(count(p) == 1 && IS(p, "", "x"));
	CHECK(ue("=", &p) == PARSE_OK);
	CHECK(count(p) == 1 && IS(p, "", ""));

	CHECK(ue("a=1&a=2&b=3&a=4", &p) == PARSE_OK);
	CHECK(count(p) == 4);
	CHECK(IS(nth(p, 0), "a", "1") && IS(nth(p, 1), "a", "2") &&
	    IS(nth(p, 2), "b", "3") && IS(nth(p, 3), "a", "4"));
	CHECK(param_find(p, "a") == nth(p, 0));
	CHECK(param_find(p, "b") == nth(p, 2));
	CHECK(param_find(p, "c") == NULL);
	CHECK(param_find(p, "") == NULL);
	CHECK(param_find(NULL, "a") == NULL);
	arena_reset(A);
}

static void test_ue_bad(void)
{
	static const char *bad[] = {
		"%", "a=%", "a=%4", "a=%zz", "a=%g0", "a=%0g", "a=%%41",
		"%zz=1", "a%=1", "a=1&b=%", "a=1&b=%4&c=3", "a=% 41",
		"a=%-1", "a=%+1", "x=%4\xff",
	};
	struct param *p;
	size_t i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		CHECK(ue(bad[i], &p) == PARSE_BAD);
		CHECK(msg != NULL && strcmp(msg, "The form data is "
		    "malformed: a percent sign is not followed by two hex "
		    "digits.") == 0);
	}
	/* A NUL inside a name would let "a%00x" pass for "a". */
	CHECK(ue("a%00x=1", &p) == PARSE_BAD);
	CHECK(ue("%00=1", &p) == PARSE_BAD);
	arena_reset(A);
}

static void test_ue_limits(void)
{
	struct parse_limits lim = { 3, 3, 5, 1 };
	struct param *p;
	struct buf b;
	double t;
	size_t i;

	CHECK(ue_n("a=1&b=2&c=3", 11, &lim, &p) == PARSE_OK);
	CHECK(count(p) == 3);
	CHECK(ue_n("a=1&b=2&c=3&d", 13, &lim, &p) == PARSE_TOO_MANY);
	CHECK(ue_n("&a&&b&&c&&", 10, &lim, &p) == PARSE_OK);
	/* The field count is checked before the bad escape after it. */
	CHECK(ue_n("a&b&c&d=%", 9, &lim, &p) == PARSE_TOO_MANY);

	/* Names and values are measured decoded. */
	CHECK(ue_n("abc=12345", 9, &lim, &p) == PARSE_OK);
	CHECK(ue_n("%61%62%63=%31%32%33%34%35", 25, &lim, &p) == PARSE_OK);
	CHECK(IS(p, "abc", "12345"));
	CHECK(ue_n("abcd=1", 6, &lim, &p) == PARSE_TOO_LONG);
	CHECK(ue_n("a=123456", 8, &lim, &p) == PARSE_TOO_LONG);
	CHECK(ue_n("a=12345%36", 10, &lim, &p) == PARSE_TOO_LONG);
	CHECK(ue_n("abcd", 4, &lim, &p) == PARSE_TOO_LONG);

	lim.max_fields = 0;
	CHECK(ue_n("", 0, &lim, &p) == PARSE_OK && p == NULL);
	CHECK(ue_n("a", 1, &lim, &p) == PARSE_TOO_MANY);
	arena_reset(A);

	/* 20,000 fields: refused at the 101st, without decoding the rest. */
	buf_init(&b);
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "%sf%zu=%zu", i ? "&" : "", i, i);
	t = now();
	CHECK(ue_n(b.s, b.len, &lim_std, &p) == PARSE_TOO_MANY);
	CHECK(now() - t < 0.5);
	CHECK(arena_used(A) < 100 * 1024);
	arena_reset(A);

	/* A long value within its limit. */
	buf_reset(&b);
	buf_puts(&b, "big=");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, i % 2 ? "%41" : "+");
	lim.max_fields = 1;
	lim.max_name = 3;
	lim.max_value = 100000;
	CHECK(ue_n(b.s, b.len, &lim, &p) == PARSE_OK);
	CHECK(p != NULL && p->len == 100000 && p->value[100000] == '\0');
	CHECK(p != NULL && p->value[0] == ' ' && p->value[1] == 'A');
	lim.max_value = 99999;
	CHECK(ue_n(b.s, b.len, &lim, &p) == PARSE_TOO_LONG);
	buf_free(&b);
	arena_reset(A);
}

/* ---- multipart ----------------------------------------------------------- */

static void test_mp_basic(void)
{
	struct param *p;

	CHECK(MP(CT,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"title\"\r\n"
	    "\r\n"
	    "Hello, world\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=body\r\n"
	    "\r\n"
	    "line one\r\nline two\r\n"
	    "--XyZ\r\n"
	    "content-disposition: FORM-DATA; NAME=\"empty\"\r\n"
	    "\r\n"
	    "\r\n"
	    "--XyZ--\r\n", &p) == PARSE_OK);
	CHECK(count(p) == 3);
	CHECK(IS(nth(p, 0), "title", "Hello, world"));
	CHECK(IS(nth(p, 1), "body", "line one\r\nline two"));
	CHECK(IS(nth(p, 2), "empty", ""));
	CHECK(p->filename == NULL && p->ctype == NULL);

	/* Duplicates are kept, in order. */
	CHECK(MP(CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n2\r\n"
	    "--XyZ--", &p) == PARSE_OK);
	CHECK(count(p) == 2 && IS(nth(p, 0), "a", "1") &&
	    IS(nth(p, 1), "a", "2"));
	CHECK(param_find(p, "a") == p);

	/* "headers CRLF --boundary" is a part without a body (RFC 2046):
	 * the blank line's CRLF starts the delimiter. */
	CHECK(MP(CT, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
	    "\r\n--XyZ\r\nContent-Disposition: form-data; name=b\r\n\r\n"
	    "--XyZ--", &p) == PARSE_OK);
	CHECK(count(p) == 2 && IS(nth(p, 0), "a", "") &&
	    IS(nth(p, 1), "b", ""));
	CHECK(MP(CT, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
	    "\r\n--XyZx\r\n--XyZ--", &p) == PARSE_BAD);

	/* No parts at all. */
	CHECK(MP(CT, "--XyZ--\r\n", &p) == PARSE_OK && p == NULL);
	CHECK(MP(CT, "--XyZ--", &p) == PARSE_OK && p == NULL);
	arena_reset(A);
}

static void test_mp_files(void)
{
	struct param *p;

	CHECK(MP(CT,
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"upload\"; "
	    "filename=\"photo.png\"\r\n"
	    "Content-Type: image/png\r\n"
	    "\r\n"
	    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\r\n--XyQ\r\n-\r\n--Xy\r\n--xyZ"
	    "\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"none\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "\r\n"
	    "\r\n"
	    "--XyZ--\r\n", &p) == PARSE_OK);
	CHECK(count(p) == 2);
	if (count(p) != 2)
		return;
	CHECK(IS(nth(p, 0), "upload",
	    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\r\n--XyQ\r\n-\r\n--Xy\r\n--xyZ"));
	CHECK(nth(p, 0)->filename != NULL);
	CHECK_STR(nth(p, 0)->filename, "photo.png");
	CHECK_STR(nth(p, 0)->ctype, "image/png");
	CHECK(IS(nth(p, 1), "none", ""));
	CHECK_STR(nth(p, 1)->filename, "");
	CHECK_STR(nth(p, 1)->ctype, "application/octet-stream");

	/* Escapes in quoted strings; a text part may have a Content-Type;
	 * unknown headers and parameters are ignored. */
	CHECK(MP(CT,
	    "--XyZ\r\n"
	    "X-Whatever: yes\r\n"
	    "Content-Disposition: form-data ; name=\"a\\\"b\\\\c\" ;"
	    " filename=\"C:\\\\x\\\\y;z.txt\"; filename*=UTF-8''y.txt;\r\n"
	    "content-type:   text/plain; charset=utf-8  \r\n"
	    "\r\n"
	    "x\r\n"
	    "--XyZ\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Disposition: form-data; name=t\r\n"
	    "\r\n"
	    "y\r\n"
	    "--XyZ--", &p) == PARSE_OK);
	CHECK(count(p) == 2);
	if (count(p) != 2)
		return;
	CHECK(IS(nth(p, 0), "a\"b\\c", "x"));
	CHECK_STR(nth(p, 0)->filename, "C:\\x\\y;z.txt");
	CHECK_STR(nth(p, 0)->ctype, "text/plain; charset=utf-8");
	CHECK(IS(nth(p, 1), "t", "y") && nth(p, 1)->filename == NULL);
	CHECK_STR(nth(p, 1)->ctype, "text/plain");
	arena_reset(A);
}

static void test_mp_boundary(void)
{
	static const char body70[] = "--"
	    "0123456789012345678901234567890123456789012345678901234567890123456789"
	    "\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--"
	    "0123456789012345678901234567890123456789012345678901234567890123456789"
	    "--\r\n";
	static const char *bad_ct[] = {
		"multipart/form-data",
		"multipart/form-data;",
		"multipart/form-data; boundary=",
		"multipart/form-data; boundary=\"\"",
		"multipart/form-data; boundary=\"XyZ",
		"multipart/form-data; boundary=XyZ; boundary=XyZ",
		"multipart/form-data; boundary=XyZ junk",
		"multipart/form-data; =XyZ",
		"multipart/form-data boundary=XyZ",
		"multipart/mixed; boundary=XyZ",
		"application/x-www-form-urlencoded; boundary=XyZ",
		"multipart/form-data; boundary=\"Xy\x01Z\"",
		"multipart/form-data; boundary=\"XyZ \"",
		"multipart/form-data; boundary=\"a;b\"",
		"multipart / form-data; boundary=XyZ",
		"",
		NULL,
	};
	static const char part[] =
	    "\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n";
	struct param *p;
	char ct[128], body[256];
	size_t i;

	for (i = 0; i < ARRAY_LEN(bad_ct); i++)
		CHECK(MP(bad_ct[i], "--XyZ\r\nContent-Disposition: form-data; "
		    "name=a\r\n\r\nv\r\n--XyZ--", &p) == PARSE_BAD);

	/* Quoted, with escapes and spaces; parameter name in any case. */
	CHECK(MP("Multipart/Form-Data; charset=\"x;boundary=no\"; "
	    "BOUNDARY=\"a \\b:c\";", "--a b:c\r\nContent-Disposition: "
	    "form-data; name=a\r\n\r\nv\r\n--a b:c--", &p) == PARSE_OK);
	CHECK(count(p) == 1 && IS(p, "a", "v"));
	CHECK(MP("  multipart/form-data;boundary=--_x+.1'", "----_x+.1'"
	    "\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n"
	    "----_x+.1'--", &p) == PARSE_OK);
	CHECK(count(p) == 1);
	CHECK(MP("multipart/form-data; boundary=\"--=_x+(1)\"", "----=_x+(1)"
	    "\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n"
	    "----=_x+(1)--", &p) == PARSE_OK);
	CHECK(count(p) == 1);
	/* '=' and '(' are not token characters: they need quotes. */
	CHECK(MP("multipart/form-data; boundary=--=_x+(1)", "----=_x+(1)"
	    "\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n"
	    "----=_x+(1)--", &p) == PARSE_BAD);

	/* 70 characters pass, 71 do not. */
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%.70s",
	    body70 + 2);
	CHECK(MP(ct, body70, &p) == PARSE_OK);
	CHECK(count(p) == 1 && IS(p, "a", "v"));
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%.70sX",
	    body70 + 2);
	CHECK(MP(ct, body70, &p) == PARSE_BAD);

	/* The wrong boundary; a body without any. */
	snprintf(body, sizeof(body), "--XyQ%s--XyQ--", part);
	CHECK(mp_n(CT, body, strlen(body), &lim_std, &p) == PARSE_BAD);
	CHECK(MP(CT, "", &p) == PARSE_BAD);
	CHECK(MP(CT, "--XyZ", &p) == PARSE_BAD);
	CHECK(mp_n(CT, NULL, 0, &lim_std, &p) == PARSE_BAD);
	CHECK(MP(CT, "-XyZ--", &p) == PARSE_BAD);
	CHECK(MP(CT, "preamble --XyZ--", &p) == PARSE_BAD);
	CHECK(MP(CT, "--xyz--", &p) == PARSE_BAD);

	/* Preamble, padding after the boundary, epilogue. */
	snprintf(body, sizeof(body), "This is a preamble.\r\n--XyZ%s--XyZ \t"
	    "%s--XyZ--\r\nepilogue --XyZ\r\ngarbage", part, part);
	CHECK(mp_n(CT, body, strlen(body), &lim_std, &p) == PARSE_OK);
	CHECK(count(p) == 2);
	CHECK(MP(CT, "\r\n--XyZ--", &p) == PARSE_OK && p == NULL);
	arena_reset(A);
}

#define D "--XyZ\r\nContent-Disposition: "
#define H D "form-data; "
#define END "\r\n\r\nv\r\n--XyZ--"

static void test_mp_broken(void)
{
	static const char *bad[] = {
		/* unterminated part */
		H "name=a\r\n\r\nv",
		H "name=a\r\n\r\nv\r\n",
		H "name=a\r\n\r\nv\r\n--X",
		H "name=a\r\n\r\nv--XyZ--",
		/* missing final boundary */
		H "name=a\r\n\r\nv\r\n--XyZ",
		H "name=a\r\n\r\nv\r\n--XyZ\r\n",
		H "name=a\r\n\r\nv\r\n--XyZ-",
		H "name=a\r\n\r\nv\r\n--XyZ\r",
		/* garbage after a boundary */
		H "name=a\r\n\r\nv\r\n--XyZx\r\n",
		"--XyZx\r\nContent-Disposition: form-data; name=a" END,
		"--XyZ\n\nContent-Disposition: form-data; name=a" END,
		/* ends inside the headers */
		H "name=a\r\n",
		H "name=a",
		"--XyZ\r\n",
		/* missing or broken Content-Disposition */
		"--XyZ" END,
		"--XyZ\r\nContent-Type: text/plain" END,
		D "form-data" END,
		H "filename=x" END,
		D "attachment; name=a" END,
		D "; name=a" END,
		H "name" END,
		H "name=" END,
		H "name=\"a" END,
		H "name=\"a\\\"" END,
		H "name=a b" END,
		H "name=a; name=b" END,
		H "name=a; filename=x; filename=y" END,
		H "name=a\r\n"
		    "Content-Disposition: form-data; name=a" END,
		H "name=a\r\nContent-Type: a\r\nContent-Type: b" END,
		/* malformed header lines */
		H "name=a\n\r\nv\r\n--XyZ--",
		D "form-data;\r\n name=a" END,
		"--XyZ\r\nContent-Disposition form-data; name=a" END,
		"--XyZ\r\nContent-Disposition : form-data; name=a" END,
		"--XyZ\r\n: x\r\nContent-Disposition: form-data; name=a" END,
		H "name=\"a\rb\"" END,
		H "name=\"a\x01\"" END,
		H "name=\"a\x7f\"" END,
	};
	struct param *p;
	size_t i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		enum parse_status st = mp_n(CT, bad[i], strlen(bad[i]),
		    &lim_std, &p);

		if (st != PARSE_BAD)
			fprintf(stderr, "broken case %zu: status %d\n", i, st);
		CHECK(st == PARSE_BAD);
	}
	/* A NUL byte in the headers. */
	CHECK(MP(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\0b\""
	    "\r\n\r\nv\r\n--XyZ--", &p) == PARSE_BAD);
	CHECK(MP(CT, "--XyZ\r\nX: \0\r\nContent-Disposition: form-data; "
	    "name=a\r\n\r\nv\r\n--XyZ--", &p) == PARSE_BAD);
	/* Empty name and obs-text are accepted; form.c judges them. */
	CHECK(MP(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n"
	    "\r\nv\r\n--XyZ--", &p) == PARSE_OK && IS(p, "", "v"));
	CHECK(MP(CT, "--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"\xc3\xa9\"\r\n\r\nv\r\n--XyZ--", &p) == PARSE_OK && IS(p, "\xc3\xa9", "v"));
	arena_reset(A);
}

#undef D
#undef H
#undef END

/* Every truncation of a good body is refused, and none reads past its end
 * (the copy is exactly as long as the prefix). */
static void test_mp_prefixes(void)
{
	static const char body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"t\"\r\n"
	    "\r\n"
	    "text\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "\r\n"
	    "\0\r\n\r\r--\r\n"
	    "--XyZ--\r\n";
	size_t full = sizeof(body) - 1, end = full - 2, k;
	struct param *p;
	int ok = 1;

	for (k = 0; k < full; k++) {
		enum parse_status st = mp_n(CT, body, k, &lim_std, &p);

		if ((k < end && st != PARSE_BAD) ||
		    (k >= end && (st != PARSE_OK || count(p) != 2)))
			ok = 0;
	}
	CHECK(ok);
	CHECK(mp_n(CT, body, full, &lim_std, &p) == PARSE_OK);
	CHECK(IS(nth(p, 1), "f", "\0\r\n\r\r--"));
	arena_reset(A);
}

static void test_mp_limits(void)
{
	struct parse_limits lim = { 2, 4, 5, 8 };
	struct param *p;
	struct buf b;
	double t;
	size_t i;

	/* Fields. */
#define PART(name, v) "--XyZ\r\nContent-Disposition: form-data; name=" \
	name "\r\n\r\n" v "\r\n"
#define LIM_MP(s) mp_n(CT, (s), sizeof(s) - 1, &lim, &p)
	CHECK(LIM_MP(PART("a", "1") PART("b", "2") "--XyZ--") == PARSE_OK);
	CHECK(count(p) == 2);
	CHECK(LIM_MP(PART("a", "1") PART("b", "2") PART("c", "3")
	    "--XyZ--") == PARSE_TOO_MANY);

	/* Names, values, files: at the limit and one over. */
#define ONE(name, fn, v) PART(name fn, v) "--XyZ--"
	CHECK(LIM_MP(ONE("abcd", "", "v")) == PARSE_OK);
	CHECK(LIM_MP(ONE("\"ab\\cd\"", "", "v")) == PARSE_OK);
	CHECK(LIM_MP(ONE("abcde", "", "v")) == PARSE_TOO_LONG);
	CHECK(LIM_MP(ONE("a", "", "12345")) == PARSE_OK);
	CHECK(LIM_MP(ONE("a", "", "123456")) == PARSE_TOO_LONG);
	CHECK(LIM_MP(ONE("a", "; filename=x", "12345678")) == PARSE_OK);
	CHECK(p != NULL && p->len == 8);
	CHECK(LIM_MP(ONE("a", "; filename=x", "123456789")) ==
	    PARSE_TOO_LONG);
	CHECK(LIM_MP(ONE("a", "; filename=\"\"", "123456789")) ==
	    PARSE_TOO_LONG);
	/* An over-long value is refused even when unterminated. */
	CHECK(LIM_MP("--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
	    "\r\n123456789012345") == PARSE_TOO_LONG);
	arena_reset(A);

	/* 10,000 parts: refused at the 1001st. */
	buf_init(&b);
	for (i = 0; i < 10000; i++)
		buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; "
		    "name=\"f%zu\"\r\n\r\n%zu\r\n", i, i);
	buf_puts(&b, "--XyZ--\r\n");
	lim.max_fields = 1000;
	lim.max_name = 64;
	lim.max_value = 64;
	t = now();
	CHECK(mp_n(CT, b.s, b.len, &lim, &p) == PARSE_TOO_MANY);
	lim.max_fields = 10000;
	CHECK(mp_n(CT, b.s, b.len, &lim, &p) == PARSE_OK);
	CHECK(count(p) == 10000 && IS(nth(p, 9999), "f9999", "9999"));
	CHECK(now() - t < 1.0);
	arena_reset(A);

	/* A 10 MB field against max_value 65536; the same as a file. */
	buf_reset(&b);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=big\r\n"
	    "\r\n");
	for (i = 0; i < 10 * 1024; i++)
		buf_printf(&b, "%01023zu\n", i);
	buf_puts(&b, "\r\n--XyZ--\r\n");
	lim.max_value = 65536;
	lim.max_file = 16 * 1024 * 1024;
	t = now();
	CHECK(mp_n(CT, b.s, b.len, &lim, &p) == PARSE_TOO_LONG);
	CHECK(arena_used(A) < 64 * 1024);
	CHECK(now() - t < 1.0);
	lim.max_value = 10 * 1024 * 1024;
	CHECK(mp_n(CT, b.s, b.len, &lim, &p) == PARSE_OK);
	CHECK(p != NULL && p->len == 10 * 1024 * 1024);
	lim.max_value = 10 * 1024 * 1024 - 1;
	CHECK(mp_n(CT, b.s, b.len, &lim, &p) == PARSE_TOO_LONG);
	arena_reset(A);

	/* Part headers are bounded to 16 KB. */
	buf_reset(&b);
	buf_puts(&b, "--XyZ\r\nX-Pad: ");
	for (i = 0; i < 8000; i++)
		buf_putc(&b, 'p');
	buf_puts(&b, "\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "v\r\n--XyZ--\r\n");
	CHECK(mp_n(CT, b.s, b.len, &lim, &p) == PARSE_OK);
	buf_reset(&b);
	buf_puts(&b, "--XyZ\r\n");
	for (i = 0; i < 2000; i++)
		buf_puts(&b, "X-Pad: ppppppp\r\n");
	buf_puts(&b, "Content-Disposition: form-data; name=a\r\n\r\n"
	    "v\r\n--XyZ--\r\n");
	CHECK(mp_n(CT, b.s, b.len, &lim, &p) == PARSE_BAD);
	CHECK(msg != NULL && strstr(msg, "too long") != NULL);
	buf_reset(&b);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=a; x=\"");
	for (i = 0; i < 1000000; i++)
		buf_putc(&b, 'p');
	CHECK(mp_n(CT, b.s, b.len, &lim, &p) == PARSE_BAD);
	buf_free(&b);
	arena_reset(A);
#undef PART
#undef ONE
#undef LIM_MP
}

/* Adversarial shapes for the delimiter search: must stay linear. */
static void test_mp_search(void)
{
	struct parse_limits lim = { 10, 10, 4 * 1024 * 1024, 1 };
	struct param *p;
	struct buf b;
	double t;
	size_t i;

	buf_init(&b);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n");
	for (i = 0; i < 400000; i++)
		buf_puts(&b, "\r\n--Xy");
	for (i = 0; i < 1000000; i++)
		buf_putc(&b, '\r');
	buf_puts(&b, "\r\n--XyZ--");
	t = now();
	CHECK(mp_n(CT, b.s, b.len, &lim, &p) == PARSE_OK);
	CHECK(p != NULL && p->len == 400000 * 6 + 1000000);
	CHECK(now() - t < 1.0);
	buf_free(&b);
	arena_reset(A);
}

/* ---- cookies ------------------------------------------------------------- */

static void cookies(const char *hdr, const struct parse_limits *lim,
    struct param **out)
{
	char *copy = hdr != NULL ? exact_copy(hdr, strlen(hdr) + 1) : NULL;

	parse_cookies(A, copy, lim, out);
	free(copy);
}

static void test_cookies(void)
{
	struct parse_limits lim = { 3, 8, 8, 0 };
	struct param *p = (struct param *)1;

	cookies(NULL, &lim_std, &p);
	CHECK(p == NULL);
	cookies("", &lim_std, &p);
	CHECK(p == NULL);

	cookies("a=b; c=d", &lim_std, &p);
	CHECK(count(p) == 2 && IS(nth(p, 0), "a", "b") &&
	    IS(nth(p, 1), "c", "d"));
	CHECK(p->filename == NULL && p->ctype == NULL);
	cookies("  a = b ;c=d  ;\te=f g\t;;", &lim_std, &p);
	CHECK(count(p) == 3 && IS(nth(p, 0), "a", "b") &&
	    IS(nth(p, 1), "c", "d") && IS(nth(p, 2), "e", "f g"));
	cookies("sid=\"abc\"; e=\"\"; q=\"; r=\"x; s=a\"b; t=\"\"\"",
	    &lim_std, &p);
	CHECK(count(p) == 2 && IS(nth(p, 0), "sid", "abc") &&
	    IS(nth(p, 1), "e", ""));
	cookies("a=%41+; b=x=y; c=", &lim_std, &p);
	CHECK(count(p) == 3 && IS(nth(p, 0), "a", "%41+") &&
	    IS(nth(p, 1), "b", "x=y") && IS(nth(p, 2), "c", ""));

	/* Malformed pieces are skipped. */
	cookies("noequals; =novalue; a b=c; (x)=1; good=1; bad=\x01; "
	    "del=\x7f; ok2=2", &lim_std, &p);
	CHECK(count(p) == 2 && IS(nth(p, 0), "good", "1") &&
	    IS(nth(p, 1), "ok2", "2"));
	cookies(";;;", &lim_std, &p);
	CHECK(p == NULL);

	/* Duplicates kept in order. */
	cookies("s=1; s=2", &lim_std, &p);
	CHECK(count(p) == 2 && param_find(p, "s") == p && IS(p, "s", "1"));

	/* Limits: at most max_fields kept; long ones skipped. */
	cookies("a=1; b=2; c=3; d=4; e=5", &lim, &p);
	CHECK(count(p) == 3 && IS(nth(p, 2), "c", "3"));
	cookies("bad; a=1; =; b=2; c=3; d=4", &lim, &p);
	CHECK(count(p) == 3 && IS(nth(p, 0), "a", "1") &&
	    IS(nth(p, 2), "c", "3"));
	cookies("abcdefgh=12345678; abcdefghi=1; x=123456789; "
	    "y=\"12345678\"", &lim, &p);
	CHECK(count(p) == 2 && IS(nth(p, 0), "abcdefgh", "12345678") &&
	    IS(nth(p, 1), "y", "12345678"));
	lim.max_fields = 0;
	cookies("a=1", &lim, &p);
	CHECK(p == NULL);
	arena_reset(A);
}

/* ---- golden files -------------------------------------------------------- */

static const struct parse_limits golden_lim = { 8, 16, 32, 64 };

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t k;

	if (f == NULL)
		return NULL;
	buf_init(&b);
	while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, k);
	fclose(f);
	*n = b.len;
	if (b.cap == 0)
		return calloc(1, 1);
	return b.s;
}

static void dump_text(struct buf *b, const char *s, size_t n, int name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '\\' ||
		    (name && (c == ' ' || c == '=')) ||
		    (c == ' ' && i == n - 1))
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, (char)c);
	}
}

static void dump(struct buf *b, enum parse_status st, const struct param *p)
{
	static const char *names[] = { "OK", "BAD", "TOO_MANY", "TOO_LONG" };

	if (st != PARSE_OK) {
		buf_printf(b, "error: %s\n", names[st]);
		return;
	}
	for (; p != NULL; p = p->next) {
		dump_text(b, p->name, strlen(p->name), 1);
		buf_putc(b, '=');
		dump_text(b, p->value, p->len, 0);
		buf_putc(b, '\n');
		if (p->filename != NULL) {
			buf_puts(b, "  filename=");
			dump_text(b, p->filename, strlen(p->filename), 0);
			buf_putc(b, '\n');
		}
		if (p->ctype != NULL) {
			buf_puts(b, "  ctype=");
			dump_text(b, p->ctype, strlen(p->ctype), 0);
			buf_putc(b, '\n');
		}
	}
}

static void golden_run(struct buf *b, int multipart, const char *in,
    size_t n)
{
	const char *nl;
	struct param *p;
	enum parse_status st;
	char *ct;
	size_t k;

	if (!multipart) {
		st = ue_n(in, n, &golden_lim, &p);
		dump(b, st, p);
		return;
	}
	nl = memchr(in, '\n', n);
	k = nl != NULL ? (size_t)(nl - in) : n;
	ct = arena_strndup(A, in, k > 0 && in[k - 1] == '\r' ? k - 1 : k);
	if (nl == NULL)
		st = mp_n(ct, "", 0, &golden_lim, &p);
	else
		st = mp_n(ct, nl + 1, n - k - 1, &golden_lim, &p);
	dump(b, st, p);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs one golden case; returns 1 when it matched. */
static int golden_case(const char *dir, const char *base, int multipart)
{
	char path[4096];
	char *in, *want;
	size_t nin, nwant;
	struct buf got;
	int ok;

	if (snprintf(path, sizeof(path), "%s/%s.in", dir, base) >=
	    (int)sizeof(path))
		return 0;
	in = slurp(path, &nin);
	if (snprintf(path, sizeof(path), "%s/%s.out", dir, base) >=
	    (int)sizeof(path)) {
		free(in);
		return 0;
	}
	want = slurp(path, &nwant);
	if (in == NULL || want == NULL) {
		fprintf(stderr, "%s/%s: cannot read .in or .out\n", dir, base);
		free(in);
		free(want);
		return 0;
	}
	buf_init(&got);
	golden_run(&got, multipart, in, nin);
	ok = got.len == nwant && memcmp(got.s, want, nwant) == 0;
	if (!ok)
		fprintf(stderr, "%s/%s: got\n%s-- want\n%.*s--\n", dir, base,
		    got.s, (int)nwant, want);
	buf_free(&got);
	free(in);
	free(want);
	arena_reset(A);
	return ok;
}

/* Runs every NAME.in of root/kind, in name order; returns how many. */
static size_t golden_dir(const char *root, const char *kind)
{
	char dir[4096], *names[1024];
	struct dirent *de;
	size_t n = 0, i, len;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", root, kind);
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: cannot open\n", dir);
		return 0;
	}
	while ((de = readdir(d)) != NULL && n < ARRAY_LEN(names)) {
		len = strlen(de->d_name);
		if (len <= 3 || strcmp(de->d_name + len - 3, ".in") != 0)
			continue;
		if ((names[n] = malloc(len - 2)) == NULL)
			abort();
		memcpy(names[n], de->d_name, len - 3);
		names[n++][len - 3] = '\0';
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		CHECK(golden_case(dir, names[i],
		    strcmp(kind, "multipart") == 0));
		free(names[i]);
	}
	return n;
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *golden_root(int argc, char **argv)
{
	static char path[4096];
	const char *srcdir = getenv("srcdir");

	if (argc > 1)
		return argv[1];
	if (srcdir != NULL) {
		snprintf(path, sizeof(path), "%s/golden", srcdir);
		if (is_dir(path))
			return path;
		snprintf(path, sizeof(path), "%s/tests/golden", srcdir);
		return path;
	}
	return is_dir("golden") ? "golden" : "tests/golden";
}

static void test_golden(int argc, char **argv)
{
	const char *root = golden_root(argc, argv);

	CHECK(golden_dir(root, "urlencoded") >= 12);
	CHECK(golden_dir(root, "multipart") >= 8);
}

int main(int argc, char **argv)
{
	A = arena_new();
	test_ue_basic();
	test_ue_pieces();
	test_ue_bad();
	test_ue_limits();
	test_mp_basic();
	test_mp_files();
	test_mp_boundary();
	test_mp_broken();
	test_mp_prefixes();
	test_mp_limits();
	test_mp_search();
	test_cookies();
	test_golden(argc, argv);
	arena_free(A);
	return check_summary("unit_parse");
}
