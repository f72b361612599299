/* export.h — the archive out (JSON, CSV) and back in (JSON; the catalogue
 * from CSV): what `dais export`, `dais import` and GET /admin/export
 * share. The JSON format is documented key by key in doc/export.md. */
#ifndef DAIS_EXPORT_H
#define DAIS_EXPORT_H

struct arena;
struct buf;
struct store;

/* The filters; NULL or "" for "any". */
struct export_filter {
	const char *event;     /* an event's slug */
	const char *org;       /* an organisation's slug */
	const char *lang;      /* a language some version is in */
	const char *state;     /* the original's state */
	const char *since;     /* YYYY-MM-DD: created on or after */
	const char *submitter; /* an e-mail address: everything about it */
};

/* NULL when every filter is well-formed, else a sentence for a person
 * (translated) saying what to enter, and in *field the filter's name
 * (the option without "--"). */
const char *export_filter_problem(const struct export_filter *f,
    const char **field);

/* Appends the JSON document (one line and a newline) to out. 0, or -1
 * (the database's error logged). */
int export_json(struct store *st, const struct export_filter *f,
    struct buf *out);

/* Appends the CSV (RFC 4180: CRLF, quotes doubled; a header row of
 * stable English keys), preceded by a UTF-8 byte order mark when bom. */
int export_csv(struct store *st, const struct export_filter *f, int bom,
    struct buf *out);

/* Imports a JSON document (doc/export.md) of n bytes in one transaction:
 * what is already there (by slug, by public id) is left alone. 0, or -1
 * with a sentence naming the JSON path of the bad value in *why (in a)
 * and nothing stored. *added counts the records added. */
int import_json(struct store *st, struct arena *a, const char *doc,
    size_t n, const char **why, long long *added);

/* The catalogue from CSV: organisations (slug,name,url) or the sessions
 * of event (slug,title[,kind[,position]]); a header row naming the
 * columns first. Same contract as import_json (why names the line). */
int import_orgs_csv(struct store *st, struct arena *a, const char *csv,
    size_t n, const char **why, long long *added);
int import_sessions_csv(struct store *st, struct arena *a,
    const char *event, const char *csv, size_t n, const char **why,
    long long *added);

#endif
