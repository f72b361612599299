/* parse.c — query strings, urlencoded and multipart bodies, Cookie headers.
 *
 * Every parser walks its input once, front to back, and stops at the first
 * error or as soon as a limit is passed: hostile input costs time linear in
 * its length and never more arena memory than the limits allow. Nothing here
 * recurses, and nothing reads a byte past the length it was given.
 */
#include "config.h"

#include <assert.h>
#include <string.h>

#include "i18n.h"
#include "parse.h"
#include "util.h"

#define MP_BOUNDARY_MAX 70	/* RFC 2046 section 5.1.1 */
#define MP_HEADERS_MAX 16384	/* a part's headers, blank line included */
#define NPOS ((size_t)-1)

/* ---- shared -------------------------------------------------------------- */

/* A list under construction: appending is O(1), input order is kept. */
struct plist {
	struct param *head;
	struct param **tail;
	size_t count;
};

static void plist_init(struct plist *l)
{
	l->head = NULL;
	l->tail = &l->head;
	l->count = 0;
}

static struct param *plist_add(struct arena *a, struct plist *l)
{
	struct param *p = arena_zalloc(a, sizeof(*p));

	*l->tail = p;
	l->tail = &p->next;
	return p;
}

static enum parse_status fail(const char **msg, enum parse_status st,
    const char *text)
{
	if (msg != NULL)
		*msg = text;
	return st;
}

/* RFC 7230 tchar: the bytes of a header token. */
static int is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* 1 when s[0..n) is lit, ignoring ASCII case. */
static int span_is(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && ascii_ncasecmp(s, lit, n) == 0;
}

const struct param *param_find(const struct param *list, const char *name)
{
	if (name == NULL)
		return NULL;
	for (; list != NULL; list = list->next)
		if (strcmp(list->name, name) == 0)
			return list;
	return NULL;
}

/* ---- urlencoded ---------------------------------------------------------- */

#define MSG_ESCAPE N_("The form data is malformed: a percent sign is " \
	"not followed by two hex digits.")

static int hexval(char ch)
{
	unsigned char c = (unsigned char)ch;

	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Length of s[0..n) once decoded into *len; -1 when a '%' is not followed
 * by two hex digits. Measuring first lets a caller refuse an over-long
 * value before copying any of it. */
static int url_measure(const char *s, size_t n, size_t *len)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++, k++) {
		if (s[i] != '%')
			continue;
		if (n - i < 3 || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
			return -1;
		i += 2;
	}
	*len = k;
	return 0;
}

/* Decodes s[0..n), already measured as len bytes, into the arena. */
static char *url_decode(struct arena *a, const char *s, size_t n, size_t len)
{
	char *d = arena_alloc(a, len + 1), *p = d;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			*p++ = ' ';
		} else if (s[i] == '%') {
			*p++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			*p++ = s[i];
		}
	}
	*p = '\0';
	return d;
}

/* One non-empty "name=value" or "name" piece. */
static enum parse_status url_piece(struct arena *a, const char *s, size_t n,
    const struct parse_limits *lim, struct plist *l, const char **msg)
{
	const char *eq = memchr(s, '=', n);
	size_t nraw = eq != NULL ? (size_t)(eq - s) : n;
	size_t vraw = eq != NULL ? n - nraw - 1 : 0;
	size_t nlen, vlen;
	struct param *p;
	char *name;

	if (url_measure(s, nraw, &nlen) < 0 ||
	    (eq != NULL && url_measure(eq + 1, vraw, &vlen) < 0))
		return fail(msg, PARSE_BAD, MSG_ESCAPE);
	if (eq == NULL)
		vlen = 0;
	if (nlen > lim->max_name)
		return fail(msg, PARSE_TOO_LONG,
		    N_("A field name in the form is too long."));
	if (vlen > lim->max_value)
		return fail(msg, PARSE_TOO_LONG,
		    N_("A field value in the form is too long."));
	name = url_decode(a, s, nraw, nlen);
	/* A NUL would make "a%00x" look like "a" to param_find(). */
	if (memchr(name, '\0', nlen) != NULL)
		return fail(msg, PARSE_BAD, N_("The form data is malformed: "
		    "a field name contains a NUL character."));
	p = plist_add(a, l);
	p->name = name;
	p->value = eq != NULL ? url_decode(a, eq + 1, vraw, vlen) : "";
	p->len = vlen;
	return PARSE_OK;
}

enum parse_status parse_urlencoded(struct arena *a, const char *s, size_t n,
    const struct parse_limits *lim, struct param **out, const char **msg)
{
	struct plist l;
	enum parse_status st;
	const char *amp;
	size_t i, end;

	assert(a != NULL && lim != NULL && out != NULL);
	*out = NULL;
	plist_init(&l);
	for (i = 0; i < n; i = end + 1) {
		amp = memchr(s + i, '&', n - i);
		end = amp != NULL ? (size_t)(amp - s) : n;
		if (end == i)
			continue;
		if (++l.count > lim->max_fields)
			return fail(msg, PARSE_TOO_MANY,
			    N_("The form has too many fields."));
		st = url_piece(a, s + i, end - i, lim, &l, msg);
		if (st != PARSE_OK)
			return st;
	}
	*out = l.head;
	return PARSE_OK;
}

/* ---- header parameters (Content-Type, Content-Disposition) --------------- */

/* Length of the token at s[*i], which *i moves past (0 when none). */
static size_t tok_len(const char *s, size_t n, size_t *i)
{
	size_t start = *i;

	while (*i < n && is_tchar((unsigned char)s[*i]))
		(*i)++;
	return *i - start;
}

/* Skips OWS, then reads a token like tok_len(). */
static size_t hdr_token(const char *s, size_t n, size_t *i)
{
	while (*i < n && is_ows(s[*i]))
		(*i)++;
	return tok_len(s, n, i);
}

/* Reads the quoted-string at s[*i] (the opening quote) into the arena,
 * undoing backslash escapes. Returns -1 when it is not closed. */
static int hdr_quoted(struct arena *a, const char *s, size_t n, size_t *i,
    char **val, size_t *vlen)
{
	size_t j, k = 0, start = *i + 1;
	char *d;

	for (j = start; j < n && s[j] != '"'; j++)
		if (s[j] == '\\' && ++j == n)
			return -1;
	if (j == n)
		return -1;
	d = arena_alloc(a, j - start + 1);
	for (*i = start; *i < j; (*i)++) {
		if (s[*i] == '\\')
			(*i)++;
		d[k++] = s[*i];
	}
	d[k] = '\0';
	*i = j + 1;
	*val = d;
	*vlen = k;
	return 0;
}

/* Reads the next "; name=value" parameter of the header value s[0..n) from
 * *i, with the value unquoted into the arena. Returns 1 for a parameter,
 * 0 at the end of the value and -1 when it is malformed. Empty parameters
 * (";;" or a trailing ";") are skipped. */
static int hdr_param(struct arena *a, const char *s, size_t n, size_t *i,
    const char **name, size_t *nlen, char **val, size_t *vlen)
{
	size_t start;

	for (;;) {
		while (*i < n && is_ows(s[*i]))
			(*i)++;
		if (*i == n)
			return 0;
		if (s[*i] != ';')
			return -1;
		(*i)++;
		while (*i < n && is_ows(s[*i]))
			(*i)++;
		if (*i < n && s[*i] != ';')
			break;
	}
	*name = s + *i;
	if ((*nlen = hdr_token(s, n, i)) == 0 || *i == n || s[*i] != '=')
		return -1;
	(*i)++;
	if (*i < n && s[*i] == '"')
		return hdr_quoted(a, s, n, i, val, vlen) < 0 ? -1 : 1;
	start = *i;
	if ((*vlen = tok_len(s, n, i)) == 0)
		return -1;
	*val = arena_strndup(a, s + start, *vlen);
	return 1;
}

/* ---- multipart ----------------------------------------------------------- */

struct mpart {
	struct arena *a;
	const struct parse_limits *lim;
	const char *b;		/* the body */
	size_t n;
	size_t pos;		/* where the next step reads */
	char delim[4 + MP_BOUNDARY_MAX + 1]; /* "\r\n--" boundary */
	size_t dlen;
	const char **msg;
};

#define MSG_MP_CTYPE N_("The form data's Content-Type header is " \
	"malformed.")
#define MSG_MP_HEADERS N_("A part of the form data has malformed " \
	"headers.")
/* RFC 2046 bchars, the bytes a boundary is made of. */
static int is_bchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

static enum parse_status mp_set_boundary(struct mpart *m, const char *v,
    size_t n)
{
	size_t i;

	if (n == 0 || n > MP_BOUNDARY_MAX)
		return fail(m->msg, PARSE_BAD, N_("The form data's boundary "
		    "must be 1 to 70 characters long."));
	for (i = 0; i < n; i++)
		if (!is_bchar((unsigned char)v[i]))
			break;
	if (i < n || v[n - 1] == ' ')
		return fail(m->msg, PARSE_BAD, N_("The form data's boundary "
		    "contains a character that is not allowed."));
	memcpy(m->delim, "\r\n--", 4);
	memcpy(m->delim + 4, v, n);
	m->delim[4 + n] = '\0';
	m->dlen = 4 + n;
	return PARSE_OK;
}

/* Reads the boundary from the request's Content-Type, which must be
 * multipart/form-data. A second boundary parameter is refused rather than
 * guessed at: two readers must not disagree on where parts begin. */
static enum parse_status mp_boundary(struct mpart *m, const char *ct)
{
	size_t n = ct != NULL ? strlen(ct) : 0, i = 0, start, nlen, vlen;
	size_t blen = 0;
	const char *name;
	char *val, *bnd = NULL;
	int r;

	while (i < n && is_ows(ct[i]))
		i++;
	start = i;
	if (tok_len(ct, n, &i) == 0 || i == n || ct[i++] != '/' ||
	    tok_len(ct, n, &i) == 0)
		return fail(m->msg, PARSE_BAD, MSG_MP_CTYPE);
	if (!span_is(ct + start, i - start, "multipart/form-data"))
		return fail(m->msg, PARSE_BAD,
		    N_("The form data is not multipart/form-data."));
	while ((r = hdr_param(m->a, ct, n, &i, &name, &nlen, &val,
	    &vlen)) > 0) {
		if (!span_is(name, nlen, "boundary"))
			continue;
		if (bnd != NULL)
			return fail(m->msg, PARSE_BAD, N_("The form data's "
			    "Content-Type header has two boundaries."));
		bnd = val;
		blen = vlen;
	}
	if (r < 0)
		return fail(m->msg, PARSE_BAD, MSG_MP_CTYPE);
	if (bnd == NULL)
		return fail(m->msg, PARSE_BAD, N_("The form data has no "
		    "boundary in its Content-Type header."));
	return mp_set_boundary(m, bnd, blen);
}

/* Offset of the first delimiter ("\r\n--" boundary) in b[from..to), or
 * NPOS. The delimiter holds no CR after its first byte, so the search may
 * resume where a comparison failed: linear time on any input. */
static size_t mp_find(const struct mpart *m, size_t from, size_t to)
{
	const char *p;
	size_t k;

	while (to > from && to - from >= m->dlen) {
		p = memchr(m->b + from, '\r', to - from - m->dlen + 1);
		if (p == NULL)
			return NPOS;
		from = (size_t)(p - m->b);
		for (k = 1; k < m->dlen && p[k] == m->delim[k]; k++)
			;
		if (k == m->dlen)
			return from;
		from += k;
	}
	return NPOS;
}

/* Moves past the first dash-boundary, at the start of the body or after a
 * preamble and a CRLF (RFC 2046 allows a preamble; browsers send none). */
static enum parse_status mp_first(struct mpart *m)
{
	size_t f;

	if (m->n >= m->dlen - 2 &&
	    memcmp(m->b, m->delim + 2, m->dlen - 2) == 0) {
		m->pos = m->dlen - 2;
		return PARSE_OK;
	}
	if ((f = mp_find(m, 0, m->n)) == NPOS)
		return fail(m->msg, PARSE_BAD, N_("The form data does not "
		    "contain the boundary its Content-Type announces."));
	m->pos = f + m->dlen;
	return PARSE_OK;
}

/* After a boundary: "--" ends the body (the epilogue is ignored), else
 * optional transport padding and a CRLF start the next part. */
static enum parse_status mp_after_boundary(struct mpart *m, int *done)
{
	const char *b = m->b;

	*done = 0;
	if (m->n - m->pos >= 2 && b[m->pos] == '-' && b[m->pos + 1] == '-') {
		*done = 1;
		return PARSE_OK;
	}
	while (m->pos < m->n && is_ows(b[m->pos]))
		m->pos++;
	if (m->n - m->pos < 2)
		return fail(m->msg, PARSE_BAD,
		    N_("The form data ends without its final boundary."));
	if (b[m->pos] != '\r' || b[m->pos + 1] != '\n')
		return fail(m->msg, PARSE_BAD,
		    N_("A boundary line in the form data is malformed."));
	m->pos += 2;
	return PARSE_OK;
}

/* Content-Disposition: form-data; name="..."; filename="..." */
static enum parse_status mp_disposition(struct mpart *m, const char *s,
    size_t n, struct param *p)
{
	size_t i = 0, tlen, nlen, vlen;
	const char *name;
	char *val;
	int r;

	tlen = hdr_token(s, n, &i);
	if (!span_is(s + i - tlen, tlen, "form-data"))
		return fail(m->msg, PARSE_BAD, N_("A part of the form data is "
		    "not marked Content-Disposition: form-data."));
	while ((r = hdr_param(m->a, s, n, &i, &name, &nlen, &val,
	    &vlen)) > 0) {
		if (span_is(name, nlen, "name")) {
			if (p->name != NULL)
				return fail(m->msg, PARSE_BAD, MSG_MP_HEADERS);
			p->name = val;
		} else if (span_is(name, nlen, "filename")) {
			if (p->filename != NULL)
				return fail(m->msg, PARSE_BAD, MSG_MP_HEADERS);
			p->filename = val;
		}
	}
	return r < 0 ? fail(m->msg, PARSE_BAD, MSG_MP_HEADERS) : PARSE_OK;
}

/* One "Name: value" header line s[0..n), without its CRLF. Only the bytes
 * of RFC 7230 field values are allowed (no controls but tab, no NUL), so
 * names, filenames and types taken from here are safe C strings. */
static enum parse_status mp_header_line(struct mpart *m, const char *s,
    size_t n, struct param *p, int *have_cd)
{
	size_t i = 0, nlen, end;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
		    s[i] == 0x7f)
			return fail(m->msg, PARSE_BAD, MSG_MP_HEADERS);
	i = 0;
	while (i < n && is_tchar((unsigned char)s[i]))
		i++;
	if ((nlen = i) == 0 || i == n || s[i] != ':')
		return fail(m->msg, PARSE_BAD, MSG_MP_HEADERS);
	for (i++; i < n && is_ows(s[i]); i++)
		;
	for (end = n; end > i && is_ows(s[end - 1]); end--)
		;
	if (span_is(s, nlen, "Content-Disposition")) {
		if ((*have_cd)++)
			return fail(m->msg, PARSE_BAD, MSG_MP_HEADERS);
		return mp_disposition(m, s + i, end - i, p);
	}
	if (span_is(s, nlen, "Content-Type")) {
		if (p->ctype != NULL)
			return fail(m->msg, PARSE_BAD, MSG_MP_HEADERS);
		p->ctype = arena_strndup(m->a, s + i, end - i);
	}
	return PARSE_OK;
}

/* Reads a part's header lines up to the blank line that ends them. */
static enum parse_status mp_headers(struct mpart *m, struct param *p)
{
	size_t end, i = m->pos, e;
	const char *nl;
	enum parse_status st;
	int have_cd = 0;

	end = m->n - m->pos > MP_HEADERS_MAX ? m->pos + MP_HEADERS_MAX : m->n;
	for (;;) {
		if ((nl = memchr(m->b + i, '\n', end - i)) == NULL)
			return fail(m->msg, PARSE_BAD, end < m->n ?
			    N_("The headers of a part of the form data are "
			    "too long.") : N_("A part of the form data ends "
			    "inside its headers."));
		e = (size_t)(nl - m->b);
		if (e == i || m->b[e - 1] != '\r')
			return fail(m->msg, PARSE_BAD, MSG_MP_HEADERS);
		if (e - 1 == i)
			break;
		st = mp_header_line(m, m->b + i, e - 1 - i, p, &have_cd);
		if (st != PARSE_OK)
			return st;
		i = e + 1;
	}
	m->pos = e + 1;
	if (!have_cd)
		return fail(m->msg, PARSE_BAD, N_("A part of the form data has "
		    "no Content-Disposition: form-data header."));
	if (p->name == NULL)
		return fail(m->msg, PARSE_BAD,
		    N_("A part of the form data has no field name."));
	/* Header bytes hold no NUL, so strlen() is the name's length. */
	if (strlen(p->name) > m->lim->max_name)
		return fail(m->msg, PARSE_TOO_LONG,
		    N_("A field name in the form is too long."));
	return PARSE_OK;
}

/* The part's content, up to the next delimiter. The search never looks
 * further than the part's limit allows, so an over-long part is refused
 * without reading the rest of the body. It starts at the CRLF of the blank
 * line: in RFC 2046's grammar "headers CRLF --boundary" is a part without
 * a body, so content cannot begin with the boundary either. */
static enum parse_status mp_content(struct mpart *m, struct param *p)
{
	size_t limit = p->filename != NULL ? m->lim->max_file :
	    m->lim->max_value;
	size_t avail = m->n - m->pos, win = avail, f;

	if (limit < avail && avail - limit > m->dlen)
		win = limit + m->dlen;
	if ((f = mp_find(m, m->pos - 2, m->pos + win)) == NPOS) {
		if (win == avail)
			return fail(m->msg, PARSE_BAD, N_("A part of the form "
			    "data is not ended by a boundary."));
		if (p->filename != NULL)
			return fail(m->msg, PARSE_TOO_LONG,
			    N_("An uploaded file is larger than the form "
			    "allows."));
		return fail(m->msg, PARSE_TOO_LONG,
		    N_("A field value in the form is too long."));
	}
	p->len = f > m->pos ? f - m->pos : 0;
	p->value = arena_strndup(m->a, m->b + m->pos, p->len);
	m->pos = f + m->dlen;
	return PARSE_OK;
}

enum parse_status parse_multipart(struct arena *a, const char *ctype,
    const char *body, size_t n, const struct parse_limits *lim,
    struct param **out, const char **msg)
{
	struct mpart m;
	struct plist l;
	struct param *p;
	enum parse_status st;
	int done;

	assert(a != NULL && lim != NULL && out != NULL);
	*out = NULL;
	memset(&m, 0, sizeof(m));
	m.a = a;
	m.lim = lim;
	m.b = body;
	m.n = body != NULL ? n : 0;
	m.msg = msg;
	plist_init(&l);
	if ((st = mp_boundary(&m, ctype)) != PARSE_OK ||
	    (st = mp_first(&m)) != PARSE_OK)
		return st;
	for (;;) {
		if ((st = mp_after_boundary(&m, &done)) != PARSE_OK)
			return st;
		if (done)
			break;
		if (++l.count > lim->max_fields)
			return fail(msg, PARSE_TOO_MANY,
			    N_("The form has too many fields."));
		p = plist_add(a, &l);
		if ((st = mp_headers(&m, p)) != PARSE_OK ||
		    (st = mp_content(&m, p)) != PARSE_OK)
			return st;
	}
	*out = l.head;
	return PARSE_OK;
}

/* ---- cookies ------------------------------------------------------------- */

/* A cookie value (quotes removed): no controls, no quote, no ';'. */
static int cookie_value_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == ';')
			return 0;
	}
	return 1;
}

/* Removes OWS from both ends of s[0..n). */
static void trim_ows(const char **s, size_t *n)
{
	while (*n > 0 && is_ows(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ows((*s)[*n - 1]))
		(*n)--;
}

/* One "name=value" piece s[0..n); a malformed one is skipped. */
static void cookie_piece(struct arena *a, const char *s, size_t n,
    const struct parse_limits *lim, struct plist *l)
{
	const char *eq = memchr(s, '=', n), *v;
	size_t nlen, vlen, i;
	struct param *p;

	if (eq == NULL)
		return;
	nlen = (size_t)(eq - s);
	v = eq + 1;
	vlen = n - nlen - 1;
	trim_ows(&s, &nlen);
	trim_ows(&v, &vlen);
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
		v++;
		vlen -= 2;
	}
	for (i = 0; i < nlen; i++)
		if (!is_tchar((unsigned char)s[i]))
			return;
	if (nlen == 0 || nlen > lim->max_name || vlen > lim->max_value ||
	    !cookie_value_ok(v, vlen))
		return;
	p = plist_add(a, l);
	p->name = arena_strndup(a, s, nlen);
	p->value = arena_strndup(a, v, vlen);
	p->len = vlen;
	l->count++;
}

void parse_cookies(struct arena *a, const char *hdr,
    const struct parse_limits *lim, struct param **out)
{
	struct plist l;
	size_t n;

	assert(a != NULL && lim != NULL && out != NULL);
	*out = NULL;
	if (hdr == NULL)
		return;
	plist_init(&l);
	while (*hdr != '\0' && l.count < lim->max_fields) {
		n = strcspn(hdr, ";");
		cookie_piece(a, hdr, n, lim, &l);
		hdr += n;
		if (*hdr == ';')
			hdr++;
	}
	*out = l.head;
}
