/* parse.h — the request parsers: query strings and urlencoded bodies,
 * multipart/form-data, and the Cookie header.
 *
 * Parsers are pure: they take bytes and an arena, and return a list of
 * parameters or an error with a message a person understands. They check
 * structure and limits only; text rules (UTF-8, control characters) and
 * which fields a form accepts are checked by form.c against the form's table.
 */
#ifndef DAIS_PARSE_H
#define DAIS_PARSE_H

#include <stddef.h>

struct arena;

/* One name=value pair, a file part or a cookie. value is NUL-terminated and
 * may also contain NUL bytes (len is authoritative). */
struct param {
	struct param *next;
	const char *name;
	const char *value;
	size_t len;
	const char *filename; /* multipart file parts only, else NULL */
	const char *ctype;    /* multipart part Content-Type, else NULL */
};

struct parse_limits {
	size_t max_fields;  /* number of parameters */
	size_t max_name;    /* bytes in a name */
	size_t max_value;   /* bytes in a non-file value */
	size_t max_file;    /* bytes in a file part */
};

enum parse_status {
	PARSE_OK = 0,
	PARSE_BAD,       /* malformed: bad escape, broken multipart… -> 400 */
	PARSE_TOO_MANY,  /* more than max_fields -> 413 */
	PARSE_TOO_LONG,  /* a name, value or file over its limit -> 413 */
};

/* application/x-www-form-urlencoded and query strings: '&' separated
 * (';' is not a separator), '+' is a space, %XX escapes; a bad escape
 * (%, %4, %zz) is PARSE_BAD. Empty pieces ("a=1&&b=2") are skipped; a piece
 * without '=' is a name with an empty value. The list keeps input order.
 * On error *msg is set to a short static message. */
enum parse_status parse_urlencoded(struct arena *a, const char *s, size_t n,
    const struct parse_limits *lim, struct param **out, const char **msg);

/* multipart/form-data (RFC 7578). ctype is the request's whole Content-Type
 * header value (the boundary parameter is read from it, quoted or not).
 * A preamble before the first boundary is allowed (RFC 2046). Missing
 * boundary, a body without the boundary, a part
 * without Content-Disposition: form-data; name=..., an unterminated part or
 * a missing final boundary are PARSE_BAD. Part headers are bounded. */
enum parse_status parse_multipart(struct arena *a, const char *ctype,
    const char *body, size_t n, const struct parse_limits *lim,
    struct param **out, const char **msg);

/* The Cookie header (RFC 6265 section 5.4 / 4.2.1): "a=b; c=d". Malformed
 * pieces are skipped, never an error; at most max_fields cookies are kept.
 * Values are not percent-decoded; surrounding double quotes are removed. */
void parse_cookies(struct arena *a, const char *hdr,
    const struct parse_limits *lim, struct param **out);

/* First parameter with that name, or NULL. */
const struct param *param_find(const struct param *list, const char *name);

#endif
