/* csv.c — RFC 4180 CSV in, for the catalogue import (export.c). By hand:
 * none of dais's libraries reads CSV. Every limit is checked as bytes
 * arrive (fields per row, bytes per field, rows). */
#include "config.h"

#include <string.h>

#include "csv.h"
#include "util.h"

void csv_init(struct csv *c, const char *s, size_t n)
{
	c->p = s;
	c->end = s + n;
	c->line = 0;
	c->breaks = 0;
	c->rows = 0;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
}

/* One field into buf (len *n); stops before the comma or line end. */
static int field(struct csv *c, char *buf, size_t *n, const char **why)
{
	size_t len = 0;

	if (c->p < c->end && *c->p == '"') {
		c->p++;
		for (;;) {
			if (c->p == c->end) {
				*why = "a quoted field is not closed";
				return -1;
			}
			if (*c->p == '"') {
				if (c->p + 1 < c->end && c->p[1] == '"') {
					c->p++;
				} else {
					c->p++;
					break;
				}
			}
			if (*c->p == '\n')
				c->breaks++;
			if (*c->p == '\0') {
				*why = "a field holds a NUL byte";
				return -1;
			}
			if (len == CSV_MAX_FIELD) {
				*why = "a field is too long";
				return -1;
			}
			buf[len++] = *c->p++;
		}
		if (c->p < c->end && *c->p != ',' && *c->p != '\r' &&
		    *c->p != '\n') {
			*why = "a quoted field goes on after its closing quote";
			return -1;
		}
	} else {
		while (c->p < c->end && *c->p != ',' && *c->p != '\r' &&
		    *c->p != '\n') {
			if (*c->p == '\0') {
				*why = "a field holds a NUL byte";
				return -1;
			}
			if (*c->p == '"') {
				*why = "a quote inside a field that does not "
				    "begin with one";
				return -1;
			}
			if (len == CSV_MAX_FIELD) {
				*why = "a field is too long";
				return -1;
			}
			buf[len++] = *c->p++;
		}
	}
	buf[len] = '\0';
	*n = len;
	return 0;
}

int csv_row(struct csv *c, struct arena *a, char **f, size_t *nf,
    const char **why)
{
	char buf[CSV_MAX_FIELD + 1];
	size_t len;

	*nf = 0;
	/* Empty lines are skipped. */
	while (c->p < c->end && (*c->p == '\n' || (*c->p == '\r' &&
	    c->p + 1 < c->end && c->p[1] == '\n'))) {
		c->p += *c->p == '\r' ? 2 : 1;
		c->breaks++;
	}
	if (c->p == c->end)
		return 0;
	c->line = c->breaks + 1;
	if (++c->rows > CSV_MAX_ROWS) {
		*why = "the file has too many rows";
		return -1;
	}
	for (;;) {
		if (*nf == CSV_MAX_FIELDS) {
			*why = "a row has too many fields";
			return -1;
		}
		if (field(c, buf, &len, why) != 0)
			return -1;
		f[(*nf)++] = arena_strdup(a, buf);
		if (c->p == c->end)
			return 1;
		if (*c->p == ',') {
			c->p++;
			continue;
		}
		if (*c->p == '\r') {
			if (c->p + 1 == c->end || c->p[1] != '\n') {
				*why = "a carriage return without a line feed";
				return -1;
			}
			c->p++;
		}
		c->p++; /* '\n' */
		c->breaks++;
		return 1;
	}
}
