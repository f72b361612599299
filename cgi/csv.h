/* csv.h — a reader of RFC 4180 CSV (written by hand: no library dais uses
 * reads CSV), with limits: fields per row, bytes per field, rows. */
#ifndef DAIS_CSV_H
#define DAIS_CSV_H

#include <stddef.h>

#define CSV_MAX_FIELDS 32
#define CSV_MAX_FIELD 4096   /* bytes */
#define CSV_MAX_ROWS 10000

struct arena;

struct csv {
	const char *p, *end;
	size_t line;   /* where the row last read begins (from 1) */
	size_t breaks; /* line feeds read so far */
	size_t rows;
};

/* Reads s[0..n); a UTF-8 byte order mark at the start is skipped. */
void csv_init(struct csv *c, const char *s, size_t n);

/* The next row's fields (NUL-terminated copies in a) into f, their count
 * into *nf. 1 for a row, 0 at the end, -1 with *why set (a sentence) for
 * malformed input or a limit passed. Rows end with CRLF or LF; a quoted
 * field may hold commas, quotes (doubled) and line breaks; an empty line
 * is skipped. */
int csv_row(struct csv *c, struct arena *a, char **f, size_t *nf,
    const char **why);

#endif
