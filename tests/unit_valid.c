/* unit_valid.c — the validators of valid.c.
 * Dates are tested in unit_date.c. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "util.h"
#include "valid.h"

static void test_slug(void)
{
	char s[70];

	CHECK(valid_slug("gfmd-2024") == NULL);
	CHECK(valid_slug("a") == NULL);
	CHECK(valid_slug("panel-3") == NULL);
	CHECK(valid_slug("") != NULL);
	CHECK(valid_slug("-lead") != NULL);
	CHECK(valid_slug("Upper") != NULL);
	CHECK(valid_slug("with space") != NULL);
	CHECK(valid_slug("under_score") != NULL);
	CHECK(valid_slug("caf\xc3\xa9") != NULL);
	memset(s, 'a', 64);
	s[64] = '\0';
	CHECK(valid_slug(s) == NULL);
	s[64] = 'a';
	s[65] = '\0';
	CHECK(valid_slug(s) != NULL);
}

static void test_date(void)
{
	CHECK(valid_date("2024-05-21") == NULL);
	CHECK(valid_date("2024-02-29") == NULL);  /* leap year */
	CHECK(valid_date("2000-02-29") == NULL);  /* divisible by 400 */
	CHECK(valid_date("1900-02-29") != NULL);  /* by 100, not 400 */
	CHECK(valid_date("2023-02-29") != NULL);
	CHECK(valid_date("2024-04-31") != NULL);
	CHECK(valid_date("2024-13-01") != NULL);
	CHECK(valid_date("2024-00-10") != NULL);
	CHECK(valid_date("2024-01-00") != NULL);
	CHECK(valid_date("1899-12-31") != NULL);
	CHECK(valid_date("2201-01-01") != NULL);
	CHECK(valid_date("2024-5-21") != NULL);
	CHECK(valid_date("2024/05/21") != NULL);
	CHECK(valid_date("2024-05-21T10:00") != NULL);
	CHECK(valid_date("") != NULL);
	CHECK(valid_date("2O24-05-21") != NULL);
}

static void test_url(void)
{
	char s[2100];

	CHECK(valid_url("https://example.org") == NULL);
	CHECK(valid_url("http://example.org/a?b=c#d") == NULL);
	CHECK(valid_url("HTTPS://Example.org/") == NULL);
	CHECK(valid_url("ftp://example.org") != NULL);
	CHECK(valid_url("javascript:alert(1)") != NULL);
	CHECK(valid_url("example.org") != NULL);
	CHECK(valid_url("https://") != NULL);
	CHECK(valid_url("https:///path") != NULL);
	CHECK(valid_url("https://.example.org") != NULL);
	CHECK(valid_url("https://example.org/a b") != NULL);
	CHECK(valid_url("https://example.org/\"x\"") != NULL);
	CHECK(valid_url("https://example.org/<x>") != NULL);
	CHECK(valid_url("https://example.org/\r\nX: y") != NULL);
	CHECK(valid_url("https://example.org/\xff") != NULL);
	memcpy(s, "https://", 8);
	memset(s + 8, 'a', 1992);
	s[2000] = '\0';
	CHECK(valid_url(s) == NULL);
	s[2000] = 'a';
	s[2001] = '\0';
	CHECK(valid_url(s) != NULL);
}

static void test_email(void)
{
	CHECK(valid_email("name@example.org") == NULL);
	CHECK(valid_email("first.last+tag@sub.example.org") == NULL);
	CHECK(valid_email("o'neil@example.ie") == NULL);
	CHECK(valid_email("") != NULL);
	CHECK(valid_email("name") != NULL);
	CHECK(valid_email("@example.org") != NULL);
	CHECK(valid_email("name@") != NULL);
	CHECK(valid_email("name@localhost") != NULL);
	CHECK(valid_email(".name@example.org") != NULL);
	CHECK(valid_email("name.@example.org") != NULL);
	CHECK(valid_email("na..me@example.org") != NULL);
	CHECK(valid_email("na me@example.org") != NULL);
	CHECK(valid_email("name@exa mple.org") != NULL);
	CHECK(valid_email("name@-example.org") != NULL);
	CHECK(valid_email("name@example.123") != NULL);
	CHECK(valid_email("a@b@example.org") != NULL);
	CHECK(valid_email("name@example.org\r\nBcc: x@y.org") != NULL);
}

static void test_lang(void)
{
	struct arena *A = arena_new();

	CHECK_STR(lang_canonical(A, "pt-br"), "pt-BR");
	CHECK_STR(lang_canonical(A, "ZH-hant-tw"), "zh-Hant-TW");
	CHECK_STR(lang_canonical(A, "FR"), "fr");
	CHECK_STR(lang_canonical(A, "es-419"), "es-419");
	CHECK_STR(lang_canonical(A, "en-GB-oxendict"), "en-GB-oxendict");
	CHECK_STR(lang_canonical(A, "sl-ROZAJ-biske"), "sl-rozaj-biske");
	CHECK(valid_lang("en") == NULL);
	CHECK(valid_lang("pt-BR") == NULL);
	CHECK(valid_lang("zh-Hant-TW") == NULL);
	CHECK(valid_lang("ast") == NULL);
	CHECK(valid_lang("es-419") == NULL);
	CHECK(valid_lang("") != NULL);
	CHECK(valid_lang("e") != NULL);
	CHECK(valid_lang("engl") != NULL);
	CHECK(valid_lang("en-") != NULL);
	CHECK(valid_lang("en--US") != NULL);
	CHECK(valid_lang("en_US") != NULL);
	CHECK(valid_lang("en-abcdefghi") != NULL);
	CHECK(valid_lang("12") != NULL);
	CHECK(valid_lang("en US") != NULL);
	CHECK(valid_lang("en-US-aaaaaaaa-bbbbbbbb-cccccccc-ddd") != NULL);
	arena_free(A);
}

static void test_line(void)
{
	CHECK(valid_line("A title", 200, 1) == NULL);
	CHECK(valid_line("", 200, 0) == NULL);
	CHECK(valid_line("", 200, 1) != NULL);
	CHECK(valid_line(" \t ", 200, 1) != NULL);
	CHECK(valid_line("two\nlines", 200, 1) != NULL);
	CHECK(valid_line("a\tb", 200, 1) == NULL);  /* a tab is one line */
	CHECK(valid_line("abc", 3, 1) == NULL);
	CHECK(valid_line("abcd", 3, 1) != NULL);
	/* Characters, not bytes. */
	CHECK(valid_line("\xc3\xa9\xc3\xa9\xc3\xa9", 3, 1) == NULL);
	CHECK(valid_line("\xff", 200, 1) != NULL);
	CHECK(valid_line("zero\xe2\x80\x8bwidth", 200, 1) != NULL);
	CHECK(valid_line("line\xe2\x80\xa8sep", 200, 1) != NULL);
}

static void test_embed_url(void)
{
	const char *base = "https://example.org/statements/";
	char id[16], kind = 0;

	CHECK(embed_url_parse(base, "https://example.org/statements/s/ab12",
	    &kind, id, sizeof(id)) == 0);
	CHECK(kind == 's');
	CHECK_STR(id, "ab12");
	CHECK(embed_url_parse(base, "https://example.org/statements/e/gfmd-"
	    "2024", &kind, id, sizeof(id)) == 0);
	CHECK(kind == 'e');
	CHECK_STR(id, "gfmd-2024");
	CHECK(embed_url_parse(base, "https://example.org/statements/s/",
	    &kind, id, sizeof(id)) != 0);
	CHECK(embed_url_parse(base, "https://example.org/statements/x/ab",
	    &kind, id, sizeof(id)) != 0);
	CHECK(embed_url_parse(base, "https://example.org/statements/s/ab?x=1",
	    &kind, id, sizeof(id)) != 0);
	CHECK(embed_url_parse(base, "https://example.org/statements/s/a/b",
	    &kind, id, sizeof(id)) != 0);
	CHECK(embed_url_parse(base, "https://example.org/statements/s/AB",
	    &kind, id, sizeof(id)) != 0);
	CHECK(embed_url_parse(base, "https://evil.example/statements/s/ab",
	    &kind, id, sizeof(id)) != 0);
	CHECK(embed_url_parse(base, "https://example.org/statements", &kind,
	    id, sizeof(id)) != 0);
	CHECK(embed_url_parse("", "s/ab", &kind, id, sizeof(id)) != 0);
	/* An id that does not fit is refused, not cut. */
	CHECK(embed_url_parse(base, "https://example.org/statements/s/"
	    "0123456789abcdef", &kind, id, sizeof(id)) != 0);
	CHECK(embed_url_parse(base, "https://example.org/statements/s/"
	    "0123456789abcde", &kind, id, sizeof(id)) == 0);
}

/* ---- file_kind: ZIPs made here, byte by byte ------------------------------ */

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned long v)
{
	put16(p, (unsigned)(v & 0xffff));
	put16(p + 2, (unsigned)(v >> 16));
}

/* A ZIP of the named entries (no data): a local header, first "mimetype"
 * holding the ODF type when odf, then a central directory and its end.
 * Returns the size. */
static size_t zip_make(unsigned char *z, size_t cap, int odf,
    const char *const *names, size_t count)
{
	static const char odt[] = "application/vnd.oasis.opendocument.text";
	size_t n = 0, dir, i, len;

	memset(z, 0, cap);
	memcpy(z, "PK\x03\x04", 4);
	if (odf) {
		put16(z + 8, 0);                  /* stored */
		put32(z + 18, sizeof(odt) - 1);   /* its size */
		put16(z + 26, 8);                 /* name length */
		put16(z + 28, 0);                 /* extra length */
		memcpy(z + 30, "mimetype", 8);
		memcpy(z + 38, odt, sizeof(odt) - 1);
		n = 38 + sizeof(odt) - 1;
	} else {
		n = 30;
	}
	dir = n;
	for (i = 0; i < count; i++) {
		len = strlen(names[i]);
		memcpy(z + n, "PK\x01\x02", 4);
		put16(z + n + 28, (unsigned)len);
		memcpy(z + n + 46, names[i], len);
		n += 46 + len;
	}
	memcpy(z + n, "PK\x05\x06", 4);
	put16(z + n + 8, (unsigned)count);
	put16(z + n + 10, (unsigned)count);
	put32(z + n + 12, (unsigned long)(n - dir));
	put32(z + n + 16, (unsigned long)dir);
	return n + 22;
}

static void test_file_kind(void)
{
	static const char *const docx[] = { "[Content_Types].xml",
	    "word/document.xml" };
	static const char *const docm[] = { "[Content_Types].xml",
	    "word/document.xml", "word/vbaProject.bin" };
	static const char *const odt[] = { "mimetype", "content.xml" };
	static const char *const other[] = { "readme.txt" };
	unsigned char z[1024];
	size_t n;

	CHECK_STR(file_kind("%PDF-1.7\n", 9), "application/pdf");
	CHECK(file_kind("%PDF", 4) == NULL);
	CHECK(file_kind("", 0) == NULL);
	CHECK(file_kind("<html>", 6) == NULL);
	CHECK(file_kind("PK\x03\x04", 4) == NULL);
	n = zip_make(z, sizeof(z), 0, docx, 2);
	CHECK_STR(file_kind((const char *)z, n), "application/vnd."
	    "openxmlformats-officedocument.wordprocessingml.document");
	n = zip_make(z, sizeof(z), 0, docm, 3);
	CHECK(file_kind((const char *)z, n) == NULL);
	/* Macros under another case, in another folder, or only their data
	 * or signature: refused too. A name that merely ends the same way
	 * ("notvbaProject.bin") is not a macro part. */
	{
		static const char *const macro_names[] = {
		    "word/VBAPROJECT.BIN", "word/vbaproject.bin",
		    "customXml/vbaProject.bin", "vbaProject.bin",
		    "word/vbaData.xml", "word/vbaProjectSignature.bin",
		    "word\\vbaProject.bin" };
		const char *names[3] = { "[Content_Types].xml",
		    "word/document.xml", NULL };
		size_t i;
		int refused = 0;

		for (i = 0; i < ARRAY_LEN(macro_names); i++) {
			names[2] = macro_names[i];
			n = zip_make(z, sizeof(z), 0, names, 3);
			refused += file_kind((const char *)z, n) == NULL;
		}
		CHECK(refused == (int)ARRAY_LEN(macro_names));
		names[2] = "word/notvbaProject.bin";
		n = zip_make(z, sizeof(z), 0, names, 3);
		CHECK(file_kind((const char *)z, n) != NULL);
	}
	n = zip_make(z, sizeof(z), 1, odt, 2);
	CHECK_STR(file_kind((const char *)z, n),
	    "application/vnd.oasis.opendocument.text");
	/* The ODF type without content.xml, or a plain ZIP: neither. */
	n = zip_make(z, sizeof(z), 1, odt, 1);
	CHECK(file_kind((const char *)z, n) == NULL);
	n = zip_make(z, sizeof(z), 0, other, 1);
	CHECK(file_kind((const char *)z, n) == NULL);
	/* A truncated central directory is not read past its end. */
	n = zip_make(z, sizeof(z), 0, docx, 2);
	put32(z + n - 6, 10000);
	CHECK(file_kind((const char *)z, n) == NULL);
}

int main(void)
{
	test_slug();
	test_date();
	test_url();
	test_email();
	test_lang();
	test_line();
	test_embed_url();
	test_file_kind();
	return check_summary("unit_valid");
}
