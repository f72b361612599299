/* form.h — forms as tables of fields (STYLE.md habit 3).
 *
 * A form declares every field it accepts. form_read() parses the query
 * string (GET) or the body (POST, urlencoded or multipart) and refuses, with
 * a 400 that names the field, anything outside the table: an unknown field,
 * a duplicate, text that is not valid UTF-8 or has NUL or control characters,
 * a file where text was expected. A field's max is the limit a person sees
 * (in characters, checked by form_too_long with a friendly message); the
 * parser's hard limit is a few times that, answered with a 413.
 */
#ifndef DAIS_FORM_H
#define DAIS_FORM_H

#include <stddef.h>
#include <time.h>

#include "parse.h"

struct request;

enum field_flag {
	FIELD_REQUIRED = 1 << 0, /* must be present and non-blank */
	FIELD_LONG = 1 << 1,     /* multi-line text: CR, LF, tab allowed */
	FIELD_FILE = 1 << 2,     /* a multipart file part */
	FIELD_CSRF = 1 << 3,     /* the form token: checked by form_read */
	FIELD_REPEAT = 1 << 4,   /* may appear many times (bulk forms) */
	FIELD_TIMED = 1 << 5,    /* CSRF: an authentic token older than
	                          * FORM_TOKEN_MAX_AGE is left to the handler,
	                          * which shows the form again (fd->issued) */
};

struct field {
	const char *name;
	unsigned flags;
	size_t max;          /* characters (bytes for files) */
	const char *label;   /* for messages: "Your e-mail address" */
};

struct form {
	const char *name;    /* also the token's purpose */
	const struct field *fields;
	size_t count;
};
#define FORM_DEF(id, table) { id, table, sizeof(table) / sizeof((table)[0]) }

#define FORM_MAX_FIELDS 64
/* A form token older than this is refused (403: reload the form), except
 * on FIELD_TIMED forms. */
#define FORM_TOKEN_MAX_AGE (7 * 24 * 3600)

struct form_data {
	const struct form *form;
	const struct param *v[FORM_MAX_FIELDS];  /* first value per field */
	struct param *all;                       /* every value, in order */
	time_t issued;   /* when the form was served (its token's time) */
};

/* Parses and checks the request's fields against form. GET and HEAD read the
 * query string, POST the body. Returns 0, or -1 with the error response
 * (4xx and a message naming the field) already set. */
int form_read(struct request *r, const struct form *form,
    struct form_data *fd);

/* The same for a public page's GET or HEAD (the route table's GET routes
 * open to everyone): a query parameter the page does not read (utm_*,
 * fbclid, gclid, ver…, any not in form's table but lang) is dropped, not
 * refused, and so is a malformed or over-long one; r->query_string is
 * then the parameters kept, made again. A field of the table is checked
 * as form_read checks it (given twice, bad text: 400). */
int form_read_public(struct request *r, const struct form *form,
    struct form_data *fd);

/* The value of a field, "" when absent. name must be in the form's table
 * (an assert: a typo fails in tests, not silently). */
const char *form_str(const struct form_data *fd, const char *name);
const struct param *form_param(const struct form_data *fd, const char *name);
/* The field's definition, or NULL. */
const struct field *form_field(const struct form *form, const char *name);
/* 1 when the value is longer than the field's max (in characters). */
int form_too_long(const struct form_data *fd, const char *name);

#endif
