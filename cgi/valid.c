/* valid.c — value checks shared by forms and the command line. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "i18n.h"
#include "unicode.h"
#include "util.h"
#include "valid.h"

/* The messages are marked (N_) for the web pages that show them, which
 * translate them (the command line shows them in English). Each completes
 * a sentence whose subject is a field: "The short name must be …". */

const char *valid_slug(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 64 || s[0] == '-')
		return N_("must be 1 to 64 characters: lower-case letters, "
		    "digits and hyphens");
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return N_("must be 1 to 64 characters: lower-case "
			    "letters, digits and hyphens");
	return NULL;
}

const char *valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return N_("must be a date like 2024-05-21");
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return N_("must be a date like 2024-05-21");
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return N_("must be a real date like 2024-05-21");
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return N_("must be a real date like 2024-05-21");
	return NULL;
}

const char *valid_url(const char *s)
{
	const char *host;
	size_t n = strlen(s);

	if (n > 2000)
		return N_("must be at most 2000 characters");
	if (ascii_ncasecmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (ascii_ncasecmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return N_("must be a web address starting with https:// or "
		    "http://");
	if (*host == '\0' || *host == '/' || *host == '.')
		return N_("must include a site name, like https://example.org");
	if (!header_safe(s) || strpbrk(s, " \"'<>\\`") != NULL ||
	    !utf8_valid(s, n))
		return N_("must not contain spaces, quotes or angle brackets");
	return NULL;
}

/* A domain of at least two labels: each 1 to 63 ASCII letters, digits and
 * hyphens, not starting or ending with a hyphen; the last not all digits. */
static int email_domain_ok(const char *d)
{
	size_t n;
	int labels = 0, digits;

	if (strlen(d) > 253)
		return 0;
	for (;;) {
		n = strspn(d, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789-");
		if (n == 0 || n > 63 || d[0] == '-' || d[n - 1] == '-')
			return 0;
		labels++;
		digits = strspn(d, "0123456789") == n;
		if (d[n] == '\0')
			return labels >= 2 && !digits;
		if (d[n] != '.')
			return 0;
		d += n + 1;
	}
}

/* A practical subset of RFC 5321's addresses: a local part of ASCII
 * letters, digits and . _ + - ' (no leading, trailing or double dot) and
 * an ASCII domain (IDNs as xn--). Nothing that means something in a
 * mailto: link or a header (? & = % , ; < > quotes, spaces). */
const char *valid_email(const char *s)
{
	static const char *const msg = N_("must be an e-mail address, like "
	    "name@example.org");
	const char *at = strchr(s, '@');
	size_t n = strlen(s), local;

	if (n == 0)
		return N_("must not be empty");
	if (n > 254 || at == NULL)
		return msg;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || at[-1] == '.' ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._+-'") != local || strstr(s, "..") != NULL ||
	    !email_domain_ok(at + 1))
		return msg;
	return NULL;
}

/* Counts a run of ASCII letters or digits. */
static size_t alnum_run(const char *s, int digits_ok, int letters_ok)
{
	size_t n = 0;

	while ((letters_ok && isalpha((unsigned char)s[n]) &&
	    (unsigned char)s[n] < 128) ||
	    (digits_ok && isdigit((unsigned char)s[n])))
		n++;
	return n;
}

const char *valid_lang(const char *s)
{
	static const char *const msg = N_("must be a language tag such as en, "
	    "es, fr or pt-BR");
	const char *p = s;
	size_t n;

	if (strlen(s) > 35)
		return msg;
	n = alnum_run(p, 0, 1); /* language: 2-3 letters (or 5-8) */
	if (!((n >= 2 && n <= 3) || (n >= 5 && n <= 8)))
		return msg;
	p += n;
	while (*p == '-') {
		p++;
		n = alnum_run(p, 1, 1);
		if (n == 0 || n > 8)
			return msg;
		p += n;
	}
	return *p == '\0' ? NULL : msg;
}

const char *lang_canonical(struct arena *a, const char *tag)
{
	char *t = arena_strdup(a, tag), *p = t;
	size_t n, i;
	int first = 1;

	while (*p != '\0') {
		n = strcspn(p, "-");
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];

			/* A region (2 letters) upper case, a script (4)
			 * title case, the rest lower case. */
			if (!first && (n == 2 || (n == 4 && i == 0)))
				p[i] = (char)toupper(c);
			else
				p[i] = (char)tolower(c);
		}
		first = 0;
		p += n;
		if (*p == '-')
			p++;
	}
	return t;
}

const char *valid_line(const char *s, size_t max, int required)
{
	size_t n = strlen(s);
	const char *p = s;

	while (*p == ' ' || *p == '\t')
		p++;
	if (required && *p == '\0')
		return N_("must not be empty");
	if (text_problem(s, n, TEXT_LINE) != NULL)
		return N_("must be one line of text");
	if (utf8_len(s, n) > max)
		return N_("is too long");
	return valid_line_chars(s, n);
}

int embed_url_parse(const char *base, const char *url, char *kind, char *id,
    size_t idlen)
{
	size_t n = strlen(base), i;
	const char *rest;

	if (n == 0 || strncmp(url, base, n) != 0)
		return -1;
	rest = url + n;
	if ((rest[0] != 's' && rest[0] != 'e') || rest[1] != '/')
		return -1;
	*kind = rest[0];
	rest += 2;
	for (i = 0; rest[i] != '\0'; i++) {
		char c = rest[i];

		if (i + 1 >= idlen || !((c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-'))
			return -1;
		id[i] = c;
	}
	id[i] = '\0';
	return i > 0 ? 0 : -1;
}

int lang_rtl(const char *tag)
{
	static const char *const rtl[] = { "ar", "arc", "ckb", "dv", "fa",
	    "ha-Arab", "he", "khw", "ks", "ps", "sd", "ug", "ur", "yi" };
	size_t i, n;

	for (i = 0; i < ARRAY_LEN(rtl); i++) {
		n = strlen(rtl[i]);
		if (ascii_ncasecmp(tag, rtl[i], n) == 0 &&
		    (tag[n] == '\0' || tag[n] == '-'))
			return 1;
	}
	return 0;
}

/* ---- file types ----------------------------------------------------------- */

static size_t le16(const unsigned char *p)
{
	return (size_t)p[0] | (size_t)p[1] << 8;
}

static size_t le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

/* How zip_has compares an entry's name: exactly, or as the last part of a
 * path in any folder, in any letter case (a part's name in an Office
 * package is compared without case, and Word finds its macros wherever
 * the package's relationships point). */
enum zip_match { ZIP_EXACT, ZIP_ANYWHERE };

static int zip_name_is(const unsigned char *s, size_t fn, const char *name,
    size_t len, enum zip_match m)
{
	if (m == ZIP_EXACT)
		return fn == len && memcmp(s, name, len) == 0;
	return fn >= len && ascii_ncasecmp((const char *)s + fn - len, name,
	    len) == 0 && (fn == len || s[fn - len - 1] == '/' ||
	    s[fn - len - 1] == '\\');
}

/* 1 when the ZIP's central directory has an entry called name. The
 * directory is found from the end record (the last 22 bytes, or up to
 * 64 KB more with a comment); every offset is checked against the size. */
static int zip_has(const unsigned char *p, size_t n, const char *name,
    enum zip_match m)
{
	size_t len = strlen(name), i, off, count, fn;

	if (n < 22)
		return 0;
	for (i = n - 22; memcmp(p + i, "PK\x05\x06", 4) != 0; i--)
		if (i == 0 || n - i >= 22 + 65535)
			return 0;
	count = le16(p + i + 10);
	off = le32(p + i + 16);
	while (count-- > 0) {
		if (off > i || i - off < 46 ||
		    memcmp(p + off, "PK\x01\x02", 4) != 0)
			return 0;
		fn = le16(p + off + 28);
		if (i - off - 46 < fn)
			return 0;
		if (zip_name_is(p + off + 46, fn, name, len, m))
			return 1;
		off += 46 + fn + le16(p + off + 30) + le16(p + off + 32);
	}
	return 0;
}

/* 1 when an Office package carries macros (a .docm, or a .docx with its
 * VBA parts renamed to look like one): a VBA project, its data or its
 * signature, in any folder and any letter case. Not one to open at a
 * desk. */
static int zip_macros(const unsigned char *p, size_t n)
{
	static const char *const parts[] = { "vbaProject.bin", "vbaData.xml",
	    "vbaProjectSignature.bin", "vbaProjectSignatureAgile.bin",
	    "vbaProjectSignatureV3.bin" };
	size_t i;

	for (i = 0; i < ARRAY_LEN(parts); i++)
		if (zip_has(p, n, parts[i], ZIP_ANYWHERE))
			return 1;
	return 0;
}

/* What a ZIP is, from its entries: an ODF text document has a first entry
 * "mimetype", stored uncompressed, holding exactly the ODF text type
 * (ODF 1.2 part 3, 3.3), and a content.xml; a DOCX has
 * [Content_Types].xml and word/document.xml. NULL for anything else. */
static const char *zip_kind(const unsigned char *p, size_t n)
{
	static const char odt[] = "application/vnd.oasis.opendocument.text";
	size_t data;

	if (n >= 38 && le16(p + 8) == 0 && le16(p + 26) == 8 &&
	    memcmp(p + 30, "mimetype", 8) == 0 &&
	    le32(p + 18) == sizeof(odt) - 1) {
		data = 38 + le16(p + 28);
		if (n - 38 >= le16(p + 28) && n - data >= sizeof(odt) - 1 &&
		    memcmp(p + data, odt, sizeof(odt) - 1) == 0 &&
		    zip_has(p, n, "content.xml", ZIP_EXACT))
			return odt;
	}
	if (zip_has(p, n, "[Content_Types].xml", ZIP_EXACT) &&
	    zip_has(p, n, "word/document.xml", ZIP_EXACT) && !zip_macros(p, n))
		return "application/vnd.openxmlformats-officedocument."
		    "wordprocessingml.document";
	return NULL;
}

const char *file_kind(const char *data, size_t n)
{
	const unsigned char *p = (const unsigned char *)data;

	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 4 && memcmp(p, "PK\x03\x04", 4) == 0)
		return zip_kind(p, n);
	return NULL;
}

/* ---- characters that hide or reorder text ---------------------------------- */

const char *valid_marks(const char *s, size_t n)
{
	if (marks_longest(s, n) > MARKS_MAX)
		return N_("has a letter with more than 30 accents or marks in "
		    "a row");
	return NULL;
}

/* 1 when every direction embedding or override (LRE, RLE, LRO, RLO) is
 * closed by a PDF and every isolate (LRI, RLI, FSI) by a PDI, properly
 * nested and at most 64 deep (UAX #9 allows 125). An unclosed one would
 * reorder whatever a page shows after the value. */
static int bidi_balanced(const char *s, size_t n)
{
	uint64_t isolate = 0;   /* one bit per open control: 1 an isolate */
	unsigned depth = 0;
	size_t i = 0;
	uint32_t c;

	while (i < n) {
		c = utf8_next(s, n, &i);
		if ((c >= 0x202a && c <= 0x202e && c != 0x202c) ||
		    (c >= 0x2066 && c <= 0x2068)) {
			if (depth == 64)
				return 0;
			isolate = isolate << 1 | (c >= 0x2066);
			depth++;
		} else if (c == 0x202c || c == 0x2069) {
			if (depth == 0 || (isolate & 1) != (c == 0x2069))
				return 0;
			isolate >>= 1;
			depth--;
		}
	}
	return depth == 0;
}

const char *valid_line_chars(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t c;

	while (i < n) {
		c = utf8_next(s, n, &i);
		if (uc_invisible(c))
			return N_("contains an invisible character (such as a "
			    "zero-width space); please type it again");
		if (c == 0x2028 || c == 0x2029)
			return N_("must be one line of text");
	}
	if (!bidi_balanced(s, n))
		return N_("contains a text direction control (such as a "
		    "right-to-left override) that is not closed; please type "
		    "it again");
	return valid_marks(s, n);
}
