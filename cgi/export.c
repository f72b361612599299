/* export.c — the archive out as JSON or CSV; in again from JSON, and the
 * catalogue from CSV. The JSON is made and read by SQLite's JSON functions
 * (sql.def: EXPORT_*, IMPORT_*); only the CSV reader is written by hand
 * (no library of ours reads CSV), with limits on fields and rows. */
#include "config.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "csv.h"
#include "export.h"
#include "i18n.h"
#include "markup.h"
#include "statement.h"
#include "store.h"
#include "tz.h"
#include "util.h"
#include "valid.h"

static const char *const states[] = { "pending", "changes_requested",
    "approved", "rejected", "withdrawn", "spam", NULL };

static int in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static int given(const char *s)
{
	return s != NULL && *s != '\0';
}

const char *export_filter_problem(const struct export_filter *f,
    const char **field)
{
	*field = NULL;
	if (given(f->event) && valid_slug(f->event) != NULL)
		*field = "event";
	else if (given(f->org) && valid_slug(f->org) != NULL)
		*field = "org";
	else if (given(f->lang) && valid_lang(f->lang) != NULL)
		*field = "lang";
	else if (given(f->state) && !in_list(f->state, states))
		*field = "state";
	else if (given(f->since) && valid_date(f->since) != NULL)
		*field = "since";
	else if (given(f->submitter) && valid_email(f->submitter) != NULL)
		*field = "submitter";
	if (*field == NULL)
		return NULL;
	if (strcmp(*field, "event") == 0 || strcmp(*field, "org") == 0)
		return _("Choose an event and an organisation from the lists.");
	if (strcmp(*field, "lang") == 0)
		return _("Enter a language tag such as en, fr or pt-BR.");
	if (strcmp(*field, "state") == 0)
		return _("Choose a state from the list.");
	if (strcmp(*field, "since") == 0)
		return _("Enter a date like 2024-05-21.");
	return _("Enter an e-mail address like name@example.org.");
}

static void bind_filter(sqlite3_stmt *s, const struct export_filter *f)
{
	const char *v[6] = { f->event, f->org, f->lang, f->state, f->since,
	    f->submitter };
	int i;

	for (i = 0; i < 6; i++)
		if (given(v[i]))
			sql_text(s, i + 1, v[i]);
}

int export_json(struct store *st, const struct export_filter *f,
    struct buf *out)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EXPORT_JSON);
	int rc = -1;

	bind_filter(s, f);
	if (sqlite3_step(s) == SQLITE_ROW) {
		buf_put(out, sqlite3_column_text(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
		buf_putc(out, '\n');
		rc = 0;
	} else {
		log_err("export: %s", sqlite3_errmsg(st->db));
	}
	sqlite3_reset(s);
	return rc;
}

/* The CSV columns: stable English keys, in EXPORT_CSV's order. */
static const char *const csv_columns[] = { "public_id", "event", "session",
    "title", "speaker", "speaker_role", "organisation", "org_name",
    "behalf_organisation", "on_behalf_of", "cosignatories", "kind",
    "delivered", "language", "translations", "state", "created", "updated",
    "published", "submitter_name", "submitter_email", "format", "source",
    NULL };

/* One field (RFC 4180): quoted when it holds a comma, a quote, CR or LF,
 * or begins with a blank; quotes doubled. Text from the public that
 * begins as a formula does (=, +, -, @, a tab) gets an apostrophe first:
 * a spreadsheet shows it as text instead of running it. */
static void csv_field(struct buf *out, const char *s, size_t n)
{
	int formula = n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
	size_t i;

	if (strcspn(s, ",\"\r\n") == n && (n == 0 || s[0] != ' ')) {
		if (formula)
			buf_putc(out, '\'');
		buf_put(out, s, n);
		return;
	}
	buf_putc(out, '"');
	if (formula)
		buf_putc(out, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(out, '"');
		buf_putc(out, s[i]);
	}
	buf_putc(out, '"');
}

int export_csv(struct store *st, const struct export_filter *f, int bom,
    struct buf *out)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EXPORT_CSV);
	int i, rc;

	if (bom)
		buf_puts(out, "\xEF\xBB\xBF");
	for (i = 0; csv_columns[i] != NULL; i++) {
		if (i > 0)
			buf_putc(out, ',');
		buf_puts(out, csv_columns[i]);
	}
	buf_puts(out, "\r\n");
	bind_filter(s, f);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; csv_columns[i] != NULL; i++) {
			if (i > 0)
				buf_putc(out, ',');
			csv_field(out, sql_col(s, i),
			    (size_t)sqlite3_column_bytes(s, i));
		}
		buf_puts(out, "\r\n");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		log_err("export: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

/* ---- import: JSON -------------------------------------------------------- */

/* What a value of an imported object must be. */
enum jkind {
	J_SLUG,      /* a short name */
	J_SLUG_NULL, /* a short name or null */
	J_LINE,      /* one line of at most max characters */
	J_LINE_REQ,  /* the same, not blank */
	J_LONG,      /* text of at most max characters */
	J_DATE,      /* YYYY-MM-DD */
	J_DATE_EMPTY,/* YYYY-MM-DD or "" */
	J_STAMP,     /* YYYY-MM-DDTHH:MM:SSZ */
	J_STAMP_EMPTY,
	J_INT,       /* an integer from 0 to max */
	J_INT_NULL,  /* the same or null */
	J_LANG,      /* a language tag */
	J_LANG_EMPTY,
	J_EMAIL_EMPTY,
	J_URL_EMPTY,
	J_HEX,       /* a hash: lower-case hex */
	J_PUBLIC_ID,
	J_STATE,
	J_KIND,
	J_FORMAT,
	J_ZONE,      /* an IANA time zone or "" */
	J_ARRAY,     /* an array, read by the caller */
	J_OBJECT,    /* an object, read by the caller */
};

struct jfield {
	const char *key;
	enum jkind kind;
	size_t max;
	int bind;    /* bound as :key to the object's INSERT */
	int optional;
};

struct jval {
	int present, null;
	const char *s;   /* text, or an array's JSON text */
	long long i;
};

#define JMAX 40

struct importer {
	struct store *st;
	struct arena *a;
	const char *why;
	long long added;
};

static const char *const kinds[] = { "panel", "intervention", "collective",
    "written", NULL };
static const char *const formats[] = { "text", "markdown", "html", NULL };

static int fail(struct importer *im, const char *path, const char *problem)
{
	im->why = arena_printf(im->a, "%s: %s", *path ? path : "the document",
	    problem);
	return -1;
}

static int all_of(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);

	return n >= min && n <= max && strspn(s, set) == n;
}

static const char *date_of_stamp(struct arena *a, const char *s)
{
	char *d = arena_strdup(a, s);

	d[10] = '\0';
	return d;
}

/* NULL when v is a good value of kind k, else what is wrong. */
static const char *jcheck(struct importer *im, const struct jfield *f,
    const struct jval *v, const char *type)
{
	const char *s = v->s;
	long long n;

	switch (f->kind) {
	case J_INT_NULL:
		if (v->null)
			return NULL;
		/* FALLTHROUGH */
	case J_INT:
		if (strcmp(type, "integer") != 0 || v->i < 0 ||
		    v->i > (long long)f->max)
			return arena_printf(im->a, "must be a whole number "
			    "from 0 to %zu", f->max);
		return NULL;
	case J_ARRAY:
		return strcmp(type, "array") == 0 ? NULL : "must be an array";
	case J_OBJECT:
		return strcmp(type, "object") == 0 ? NULL :
		    "must be an object";
	case J_SLUG_NULL:
		if (v->null)
			return NULL;
		break;
	default:
		break;
	}
	if (strcmp(type, "text") != 0)
		return "must be a string";
	if (text_problem(s, strlen(s), f->kind == J_LONG ? TEXT_LONG :
	    TEXT_LINE) != NULL)
		return text_problem(s, strlen(s), f->kind == J_LONG ?
		    TEXT_LONG : TEXT_LINE);
	switch (f->kind) {
	case J_SLUG: case J_SLUG_NULL: return valid_slug(s);
	case J_LINE: return valid_line(s, f->max, 0);
	case J_LINE_REQ: return valid_line(s, f->max, 1);
	case J_LONG:
		if (utf8_len(s, strlen(s)) > f->max)
			return arena_printf(im->a, "must be at most %zu "
			    "characters", f->max);
		return valid_marks(s, strlen(s));
	case J_DATE_EMPTY: if (*s == '\0') return NULL; /* FALLTHROUGH */
	case J_DATE: return valid_date(s);
	case J_STAMP_EMPTY: if (*s == '\0') return NULL; /* FALLTHROUGH */
	case J_STAMP:
		n = strlen(s);
		if (n != 20 || s[10] != 'T' || s[19] != 'Z' || s[13] != ':' ||
		    s[16] != ':' || strspn(s + 11, "0123456789:") != 8 ||
		    valid_date(date_of_stamp(im->a, s)) != NULL)
			return "must be a time like 2024-05-21T09:30:00Z";
		return NULL;
	case J_LANG_EMPTY: if (*s == '\0') return NULL; /* FALLTHROUGH */
	case J_LANG:
		if (valid_lang(s) != NULL)
			return valid_lang(s);
		return strcmp(lang_canonical(im->a, s), s) == 0 ? NULL :
		    "must be a language tag in its canonical case";
	case J_EMAIL_EMPTY: return *s == '\0' ? NULL : valid_email(s);
	case J_URL_EMPTY: return *s == '\0' ? NULL : valid_url(s);
	case J_HEX: return all_of(s, "0123456789abcdef", 16, 128) ? NULL :
		    "must be a hash in lower-case hexadecimal";
	case J_PUBLIC_ID: return all_of(s, "0123456789abcdefghijklmnopqrstuvwxyz",
		    4, 32) ? NULL : "must be a reference of lower-case letters "
		    "and digits";
	case J_STATE: return in_list(s, states) ? NULL : "must be one of "
		    "pending, changes_requested, approved, rejected, withdrawn, "
		    "spam";
	case J_KIND: return in_list(s, kinds) ? NULL : "must be one of panel, "
		    "intervention, collective, written";
	case J_FORMAT: return in_list(s, formats) ? NULL : "must be one of "
		    "text, markdown, html";
	case J_ZONE: return *s == '\0' ? NULL : tz_problem(s);
	default: return NULL;
	}
}

/* Reads the object json (at path) against its fields: every key known,
 * every value checked; v[i] is fields[i]'s value (absent: not present).
 * Every field is required. 0, or -1 with im->why set. */
static int jread(struct importer *im, const char *json, const char *path,
    const struct jfield *fields, size_t nf, struct jval *v)
{
	sqlite3_stmt *s = store_stmt(im->st, SQL_IMPORT_IS);
	const char *problem;
	size_t i;
	int ok;

	assert(nf <= JMAX);
	memset(v, 0, nf * sizeof(*v));
	sql_text(s, 1, json);
	sql_text(s, 2, "object");
	ok = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 1;
	sqlite3_reset(s);
	if (!ok)
		return fail(im, path, "must be an object");
	s = store_stmt(im->st, SQL_IMPORT_MEMBERS);
	sql_text(s, 1, json);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *key = sql_col(s, 0), *type = sql_col(s, 1);
		const char *vpath = *path ? arena_printf(im->a, "%s.%s",
		    path, key) : key;

		for (i = 0; i < nf && strcmp(fields[i].key, key) != 0; i++)
			;
		if (i == nf) {
			sqlite3_reset(s);
			return fail(im, vpath, "is not a key of this format");
		}
		v[i].present = 1;
		v[i].null = strcmp(type, "null") == 0;
		v[i].s = arena_strdup(im->a, sql_col(s, 2));
		v[i].i = sqlite3_column_int64(s, 2);
		if ((problem = jcheck(im, &fields[i], &v[i], type)) != NULL) {
			sqlite3_reset(s);
			return fail(im, vpath, problem);
		}
	}
	sqlite3_reset(s);
	for (i = 0; i < nf; i++)
		if (!v[i].present && !fields[i].optional)
			return fail(im, arena_printf(im->a, "%s.%s", path,
			    fields[i].key), "is missing");
	return 0;
}

/* The elements of the array json, each element's JSON text into *out
 * (NULL-terminated, in a). Their count, or -1. */
static long jarray(struct importer *im, const char *json, const char ***out)
{
	sqlite3_stmt *s = store_stmt(im->st, SQL_IMPORT_MEMBERS);
	size_t n = 0, cap = 16;
	const char **e = arena_alloc(im->a, cap * sizeof(*e));

	sql_text(s, 1, json);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (n + 1 == cap) {
			const char **bigger = arena_alloc(im->a,
			    2 * cap * sizeof(*e));

			memcpy(bigger, e, n * sizeof(*e));
			e = bigger;
			cap *= 2;
		}
		/* A string element's value is its text, not JSON: an object
		 * is wanted, and jread says so. */
		e[n++] = strcmp(sql_col(s, 1), "object") == 0 ?
		    arena_strdup(im->a, sql_col(s, 2)) : "[]";
	}
	sqlite3_reset(s);
	e[n] = NULL;
	*out = e;
	return (long)n;
}

/* Binds v's bound fields by name to s (":key"). */
static void jbind(sqlite3_stmt *s, const struct jfield *fields, size_t nf,
    const struct jval *v)
{
	char name[64];
	size_t i;
	int idx;

	for (i = 0; i < nf; i++) {
		if (!fields[i].bind)
			continue;
		snprintf(name, sizeof(name), ":%s", fields[i].key);
		if ((idx = sqlite3_bind_parameter_index(s, name)) == 0)
			continue;
		if (v[i].null)
			sqlite3_bind_null(s, idx);
		else if (fields[i].kind == J_INT ||
		    fields[i].kind == J_INT_NULL)
			sql_int(s, idx, v[i].i);
		else
			sql_text(s, idx, v[i].s);
	}
}

#define N(t) (sizeof(t) / sizeof((t)[0]))
#define TEXT_MAX 100000
#define BIG (1LL << 53)

static const struct jfield root_fields[] = {
	{ "format", J_LINE_REQ, 64, 0, 0 },
	{ "version", J_INT, 1000, 0, 0 },
	{ "filters", J_OBJECT, 0, 0, 0 },
	{ "events", J_ARRAY, 0, 0, 0 },
	{ "organisations", J_ARRAY, 0, 0, 0 },
	{ "reasons", J_ARRAY, 0, 0, 0 },
	{ "trusted", J_ARRAY, 0, 0, 0 },
	{ "statements", J_ARRAY, 0, 0, 0 },
	{ "submitter", J_LINE, 254, 0, 1 },
	{ "my_links", J_ARRAY, 0, 0, 1 },
	{ "my_sessions", J_ARRAY, 0, 0, 1 },
	{ "outbox", J_ARRAY, 0, 0, 1 },
	{ "receipts_this_hour", J_ARRAY, 0, 0, 1 },
	{ "moderators", J_ARRAY, 0, 0, 1 },
	{ "audit", J_ARRAY, 0, 0, 1 },
	{ "redirects", J_ARRAY, 0, 0, 1 },  /* optional: not in early files */
};
enum { R_FORMAT, R_VERSION, R_FILTERS, R_EVENTS, R_ORGS, R_REASONS,
    R_TRUSTED, R_STATEMENTS, R_SUBMITTER, R_REDIRECTS = 15 };

static const struct jfield redirect_fields[] = {
	{ "kind", J_LINE_REQ, 8, 0, 0 },
	{ "event", J_SLUG_NULL, 0, 0, 0 },
	{ "old", J_SLUG, 0, 0, 0 },
	{ "to", J_SLUG, 0, 0, 0 },
	{ "created", J_STAMP, 0, 0, 0 },
};

static const struct jfield reason_fields[] = {
	{ "text", J_LINE_REQ, 2000, 1, 0 },
};

static const struct jfield trusted_fields[] = {
	{ "kind", J_LINE_REQ, 8, 1, 0 },
	{ "value", J_LINE_REQ, 254, 1, 0 },
	{ "added_by", J_LINE_REQ, 200, 1, 0 },
	{ "created", J_STAMP, 0, 1, 0 },
};

static const struct jfield event_fields[] = {
	{ "slug", J_SLUG, 0, 1, 0 },
	{ "title", J_LINE_REQ, 200, 1, 0 },
	{ "location", J_LINE, 200, 1, 0 },
	{ "starts", J_DATE, 0, 1, 0 },
	{ "ends", J_DATE, 0, 1, 0 },
	{ "description", J_LONG, TEXT_MAX, 1, 0 },
	{ "open", J_INT, 1, 1, 0 },
	{ "time_zone", J_ZONE, 0, 1, 0 },
	{ "created", J_STAMP, 0, 1, 0 },
	{ "sessions", J_ARRAY, 0, 0, 0 },
};
enum { E_SLUG, E_STARTS = 3, E_ENDS, E_SESSIONS = 9 };

static const struct jfield session_fields[] = {
	{ "slug", J_SLUG, 0, 1, 0 },
	{ "title", J_LINE_REQ, 200, 1, 0 },
	{ "kind", J_LINE_REQ, 40, 1, 0 },
	{ "position", J_INT, 100000, 1, 0 },
};

static const struct jfield org_fields[] = {
	{ "slug", J_SLUG, 0, 1, 0 },
	{ "name", J_LINE_REQ, 200, 1, 0 },
	{ "url", J_URL_EMPTY, 0, 1, 0 },
};

/* What the versions of a statement share. */
static const struct jfield statement_fields[] = {
	{ "event", J_SLUG, 0, 0, 0 },
	{ "session", J_SLUG_NULL, 0, 0, 0 },
	{ "speaker", J_LINE, ST_MAX_LINE, 1, 0 },
	{ "speaker_role", J_LINE, ST_MAX_LINE, 1, 0 },
	{ "organisation", J_SLUG_NULL, 0, 0, 0 },
	{ "org_name", J_LINE_REQ, ST_MAX_LINE, 1, 0 },
	{ "behalf_organisation", J_SLUG_NULL, 0, 0, 0 },
	{ "on_behalf_of", J_LINE, ST_MAX_LINE, 1, 0 },
	{ "cosignatories", J_LONG, ST_MAX_COSIGN, 1, 0 },
	{ "kind", J_KIND, 0, 1, 0 },
	{ "delivered", J_DATE_EMPTY, 0, 1, 0 },
	{ "versions", J_ARRAY, 0, 0, 0 },
};
enum { S_EVENT, S_SESSION, S_ORG = 4, S_BEHALF = 6, S_VERSIONS = 11 };

static const struct jfield version_fields[] = {
	{ "public_id", J_PUBLIC_ID, 0, 1, 0 },
	{ "language", J_LANG, 0, 1, 0 },
	{ "title", J_LINE_REQ, ST_MAX_TITLE, 1, 0 },
	{ "format", J_FORMAT, 0, 1, 0 },
	{ "source", J_LONG, ST_MAX_BODY, 1, 0 },
	{ "state", J_STATE, 0, 1, 0 },
	{ "hold_reason", J_LINE, 200, 1, 0 },
	{ "rev", J_INT, 1000000, 1, 0 },
	{ "submitter_name", J_LINE, ST_MAX_LINE, 1, 0 },
	{ "submitter_email", J_EMAIL_EMPTY, 0, 1, 0 },
	{ "status_hash", J_HEX, 0, 1, 0 },
	{ "client_addr", J_LINE, 64, 1, 0 },
	{ "ui_lang", J_LANG_EMPTY, 0, 1, 0 },
	{ "moderator_note", J_LONG, TEXT_MAX, 1, 0 },
	{ "publish_at", J_INT, BIG, 1, 0 },
	{ "published", J_STAMP_EMPTY, 0, 1, 0 },
	{ "corrected", J_STAMP_EMPTY, 0, 1, 0 },
	{ "created", J_STAMP, 0, 1, 0 },
	{ "updated", J_STAMP, 0, 1, 0 },
	{ "status_links", J_ARRAY, 0, 0, 0 },
	{ "revisions", J_ARRAY, 0, 0, 0 },
	{ "decisions", J_ARRAY, 0, 0, 0 },
	{ "attachments", J_ARRAY, 0, 0, 0 },
};
enum { V_PUBLIC_ID, V_FORMAT = 3, V_SOURCE, V_LINKS = 19, V_REVISIONS,
    V_DECISIONS, V_ATTACHMENTS };

static const struct jfield link_fields[] = {
	{ "hash", J_HEX, 0, 1, 0 },
	{ "created", J_STAMP, 0, 1, 0 },
};

static const struct jfield revision_fields[] = {
	{ "rev", J_INT, 1000000, 1, 0 },
	{ "author", J_LINE_REQ, 200, 1, 0 },
	{ "note", J_LONG, TEXT_MAX, 1, 0 },
	{ "state", J_STATE, 0, 1, 0 },
	{ "session", J_SLUG_NULL, 0, 0, 0 },
	{ "title", J_LINE_REQ, ST_MAX_TITLE, 1, 0 },
	{ "speaker", J_LINE, ST_MAX_LINE, 1, 0 },
	{ "speaker_role", J_LINE, ST_MAX_LINE, 1, 0 },
	{ "org_name", J_LINE, ST_MAX_LINE, 1, 0 },
	{ "on_behalf_of", J_LINE, ST_MAX_LINE, 1, 0 },
	{ "cosignatories", J_LONG, ST_MAX_COSIGN, 1, 0 },
	{ "kind", J_KIND, 0, 1, 0 },
	{ "delivered", J_DATE_EMPTY, 0, 1, 0 },
	{ "language", J_LANG, 0, 1, 0 },
	{ "format", J_FORMAT, 0, 1, 0 },
	{ "source", J_LONG, ST_MAX_BODY, 1, 0 },
	{ "created", J_STAMP, 0, 1, 0 },
};
enum { RV_SESSION = 4, RV_FORMAT = 14, RV_SOURCE };

static const struct jfield decision_fields[] = {
	{ "at", J_STAMP, 0, 1, 0 },
	{ "actor", J_LINE_REQ, 200, 1, 0 },
	{ "action", J_LINE_REQ, 64, 1, 0 },
	{ "rev_before", J_INT_NULL, 1000000, 1, 0 },
	{ "rev_after", J_INT_NULL, 1000000, 1, 0 },
	{ "reason", J_LONG, TEXT_MAX, 1, 0 },
	{ "detail", J_LONG, TEXT_MAX, 1, 0 },
	{ "addr", J_LINE, 64, 1, 0 },
};

static const struct jfield attachment_fields[] = {
	{ "filename", J_LINE_REQ, 255, 1, 0 },
	{ "ctype", J_LINE_REQ, 128, 1, 0 },
	{ "size", J_INT, ST_MAX_ATTACHMENT, 1, 0 },
	{ "sha256", J_HEX, 0, 1, 0 },
	{ "public", J_INT, 1, 1, 0 },
	{ "created", J_STAMP, 0, 1, 0 },
};

/* Runs an INSERT; a refusal by the database names path. */
static int run(struct importer *im, sqlite3_stmt *s, const char *path)
{
	int rc = store_exec(s);

	if (rc == SQLITE_DONE) {
		if (sqlite3_changes(im->st->db) > 0)
			im->added++;
		return 0;
	}
	return fail(im, path, arena_printf(im->a, "refused by the database "
	    "(%s)", sqlite3_errmsg(im->st->db)));
}

/* The id of the row key names (SQL id with ?1, ?2), or 0. */
static long long lookup(struct importer *im, enum sql_id id, long long k1,
    const char *k2)
{
	sqlite3_stmt *s = store_stmt(im->st, id);
	long long r = 0;

	if (id == SQL_IMPORT_SESSION_ID) {
		sql_int(s, 1, k1);
		sql_text(s, 2, k2);
	} else {
		sql_text(s, 1, k2);
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		r = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return r;
}

/* Each element of array json (at path) through one (importer, element,
 * its path, ctx). */
static int each(struct importer *im, const char *json, const char *path,
    int (*one)(struct importer *, const char *, const char *, void *),
    void *ctx)
{
	const char **e;
	long n = jarray(im, json, &e), i;

	for (i = 0; i < n; i++)
		if (one(im, e[i], arena_printf(im->a, "%s[%ld]", path, i),
		    ctx) != 0)
			return -1;
	return 0;
}

static int import_session(struct importer *im, const char *json,
    const char *path, void *event)
{
	struct jval v[N(session_fields)];
	sqlite3_stmt *s;

	if (jread(im, json, path, session_fields, N(session_fields), v) != 0)
		return -1;
	s = store_stmt(im->st, SQL_IMPORT_SESSION);
	jbind(s, session_fields, N(session_fields), v);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":event"),
	    event, -1, SQLITE_TRANSIENT);
	return run(im, s, path);
}

static int import_event(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct jval v[N(event_fields)];
	sqlite3_stmt *s;

	(void)ctx;
	if (jread(im, json, path, event_fields, N(event_fields), v) != 0)
		return -1;
	if (strcmp(v[E_ENDS].s, v[E_STARTS].s) < 0)
		return fail(im, arena_printf(im->a, "%s.ends", path),
		    "must not be before the first day (starts)");
	s = store_stmt(im->st, SQL_IMPORT_EVENT);
	jbind(s, event_fields, N(event_fields), v);
	if (run(im, s, path) != 0)
		return -1;
	return each(im, v[E_SESSIONS].s, arena_printf(im->a, "%s.sessions",
	    path), import_session, (void *)v[E_SLUG].s);
}

static int import_org(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct jval v[N(org_fields)];
	sqlite3_stmt *s;

	(void)ctx;
	if (jread(im, json, path, org_fields, N(org_fields), v) != 0)
		return -1;
	s = store_stmt(im->st, SQL_IMPORT_ORG);
	jbind(s, org_fields, N(org_fields), v);
	return run(im, s, path);
}

static int import_reason(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct jval v[N(reason_fields)];
	sqlite3_stmt *s;

	(void)ctx;
	if (jread(im, json, path, reason_fields, N(reason_fields), v) != 0)
		return -1;
	s = store_stmt(im->st, SQL_IMPORT_REASON);
	jbind(s, reason_fields, N(reason_fields), v);
	return run(im, s, path);
}

static int import_trusted(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct jval v[N(trusted_fields)];
	sqlite3_stmt *s;

	(void)ctx;
	if (jread(im, json, path, trusted_fields, N(trusted_fields), v) != 0)
		return -1;
	/* Stored in lower case (ASCII, as SQLite's lower() makes it). */
	if ((strcmp(v[0].s, "email") == 0 ? valid_email(v[1].s) != NULL :
	    strcmp(v[0].s, "org") != 0) || strpbrk(v[1].s,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != NULL)
		return fail(im, path, "must be an address (kind \"email\") or "
		    "an organisation's name (kind \"org\"), in lower case");
	s = store_stmt(im->st, SQL_IMPORT_TRUSTED);
	jbind(s, trusted_fields, N(trusted_fields), v);
	return run(im, s, path);
}

/* An old slug leading to an event, a session or an organisation of the
 * file or the database. */
static int import_redirect(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct jval v[N(redirect_fields)];
	sqlite3_stmt *s;
	long long target, event;
	int session;

	(void)ctx;
	if (jread(im, json, path, redirect_fields, N(redirect_fields), v) != 0)
		return -1;
	session = strcmp(v[0].s, "session") == 0;
	if (!session && strcmp(v[0].s, "event") != 0 &&
	    strcmp(v[0].s, "org") != 0)
		return fail(im, arena_printf(im->a, "%s.kind", path),
		    "must be \"event\", \"session\" or \"org\"");
	if (session != !v[1].null)
		return fail(im, arena_printf(im->a, "%s.event", path), session ?
		    "must name the session's event" : "must be null but for "
		    "a session");
	s = store_stmt(im->st, SQL_IMPORT_REDIRECT_TARGET);
	sql_text(s, 1, v[0].s);
	sql_text(s, 2, v[3].s);
	sql_text(s, 3, v[1].null ? NULL : v[1].s);
	target = event = 0;
	if (sqlite3_step(s) == SQLITE_ROW) {
		target = sqlite3_column_int64(s, 0);
		event = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (target == 0)
		return fail(im, arena_printf(im->a, "%s.to", path), "names no "
		    "event, session or organisation of the file or the "
		    "database");
	s = store_stmt(im->st, SQL_IMPORT_REDIRECT);
	sql_text(s, 1, v[0].s);
	sql_int(s, 2, session ? event : 0);
	sql_text(s, 3, v[2].s);
	sql_int(s, 4, target);
	sql_text(s, 5, v[4].s);
	return run(im, s, path);
}

/* The version being imported, for its children. */
struct version_ctx {
	long long id;        /* its row */
	long long event_id;
};

static void bind_id(sqlite3_stmt *s, const char *name, long long id)
{
	int idx = sqlite3_bind_parameter_index(s, name);

	if (id > 0)
		sql_int(s, idx, id);
	else
		sqlite3_bind_null(s, idx);
}

/* The sanitized HTML of a source (what a submission goes through). */
static const char *render(struct importer *im, const char *format,
    const char *source, const char *path)
{
	enum markup_format f;
	const char *msg = NULL;
	struct buf out;
	const char *html;

	if (markup_format_parse(format, &f) != 0) {
		fail(im, path, "has an unknown format");
		return NULL;
	}
	buf_init(&out);
	if (markup_render(f, source, strlen(source), &out, &msg) != 0) {
		buf_free(&out);
		fail(im, path, msg != NULL ? msg : "cannot be rendered");
		return NULL;
	}
	buf_putc(&out, '\0');
	html = arena_strdup(im->a, out.s);
	buf_free(&out);
	return html;
}

static int import_link(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct version_ctx *vc = ctx;
	struct jval v[N(link_fields)];
	sqlite3_stmt *s;

	if (jread(im, json, path, link_fields, N(link_fields), v) != 0)
		return -1;
	s = store_stmt(im->st, SQL_IMPORT_STATUS_LINK);
	jbind(s, link_fields, N(link_fields), v);
	bind_id(s, ":statement_id", vc->id);
	return run(im, s, path);
}

static int import_revision(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct version_ctx *vc = ctx;
	struct jval v[N(revision_fields)];
	long long session = 0;
	const char *html;
	sqlite3_stmt *s;

	if (jread(im, json, path, revision_fields, N(revision_fields),
	    v) != 0)
		return -1;
	if (!v[RV_SESSION].null && (session = lookup(im,
	    SQL_IMPORT_SESSION_ID, vc->event_id, v[RV_SESSION].s)) == 0)
		return fail(im, arena_printf(im->a, "%s.session", path),
		    "names no session of the statement's event");
	if ((html = render(im, v[RV_FORMAT].s, v[RV_SOURCE].s,
	    arena_printf(im->a, "%s.source", path))) == NULL)
		return -1;
	s = store_stmt(im->st, SQL_IMPORT_REVISION);
	jbind(s, revision_fields, N(revision_fields), v);
	bind_id(s, ":statement_id", vc->id);
	bind_id(s, ":session_id", session);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":html"), html,
	    -1, SQLITE_STATIC);
	return run(im, s, path);
}

static int import_decision(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct version_ctx *vc = ctx;
	struct jval v[N(decision_fields)];
	sqlite3_stmt *s;

	if (jread(im, json, path, decision_fields, N(decision_fields),
	    v) != 0)
		return -1;
	s = store_stmt(im->st, SQL_IMPORT_DECISION);
	jbind(s, decision_fields, N(decision_fields), v);
	bind_id(s, ":statement_id", vc->id);
	return run(im, s, path);
}

static int import_attachment(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct version_ctx *vc = ctx;
	struct jval v[N(attachment_fields)];
	sqlite3_stmt *s;

	if (jread(im, json, path, attachment_fields, N(attachment_fields),
	    v) != 0)
		return -1;
	s = store_stmt(im->st, SQL_IMPORT_ATTACHMENT);
	jbind(s, attachment_fields, N(attachment_fields), v);
	bind_id(s, ":statement_id", vc->id);
	return run(im, s, path);
}

/* The shared fields of the statement being imported. */
struct statement_ctx {
	struct jval v[N(statement_fields)];
	long long event_id, session_id, org_id, behalf_id;
	long long original_id; /* its first version's row, once known */
	long index;
};

static int import_version(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct statement_ctx *sc = ctx;
	struct jval v[N(version_fields)];
	struct version_ctx vc;
	const char *html;
	sqlite3_stmt *s;

	if (jread(im, json, path, version_fields, N(version_fields), v) != 0)
		return -1;
	vc.event_id = sc->event_id;
	vc.id = lookup(im, SQL_IMPORT_STATEMENT_ID, 0, v[V_PUBLIC_ID].s);
	if (vc.id != 0) {
		/* Already there: left as it is. */
		if (sc->original_id == 0)
			sc->original_id = vc.id;
		return 0;
	}
	if ((html = render(im, v[V_FORMAT].s, v[V_SOURCE].s,
	    arena_printf(im->a, "%s.source", path))) == NULL)
		return -1;
	s = store_stmt(im->st, SQL_IMPORT_STATEMENT);
	jbind(s, statement_fields, N(statement_fields), sc->v);
	jbind(s, version_fields, N(version_fields), v);
	bind_id(s, ":event_id", sc->event_id);
	bind_id(s, ":session_id", sc->session_id);
	bind_id(s, ":org_id", sc->org_id);
	bind_id(s, ":behalf_org_id", sc->behalf_id);
	bind_id(s, ":original_id", sc->original_id);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":html"), html,
	    -1, SQLITE_STATIC);
	if (run(im, s, path) != 0)
		return -1;
	vc.id = sqlite3_last_insert_rowid(im->st->db);
	if (sc->original_id == 0)
		sc->original_id = vc.id;
	if (each(im, v[V_LINKS].s, arena_printf(im->a, "%s.status_links",
	    path), import_link, &vc) != 0 ||
	    each(im, v[V_REVISIONS].s, arena_printf(im->a, "%s.revisions",
	    path), import_revision, &vc) != 0 ||
	    each(im, v[V_DECISIONS].s, arena_printf(im->a, "%s.decisions",
	    path), import_decision, &vc) != 0 ||
	    each(im, v[V_ATTACHMENTS].s, arena_printf(im->a,
	    "%s.attachments", path), import_attachment, &vc) != 0)
		return -1;
	return 0;
}

/* A slug's row or 0 (null); -1 when it names nothing. */
static int slug_id(struct importer *im, const struct jval *v,
    enum sql_id id, long long event, const char *path, long long *out)
{
	*out = 0;
	if (v->null)
		return 0;
	if ((*out = lookup(im, id, event, v->s)) == 0)
		return fail(im, path, id == SQL_IMPORT_ORG_ID ? "names no "
		    "organisation of the database or the file" : id ==
		    SQL_IMPORT_EVENT_ID ? "names no event of the database or "
		    "the file" : "names no session of the statement's event");
	return 0;
}

static int import_statement(struct importer *im, const char *json,
    const char *path, void *ctx)
{
	struct statement_ctx sc;
	const char **e;

	(void)ctx;
	memset(&sc, 0, sizeof(sc));
	if (jread(im, json, path, statement_fields, N(statement_fields),
	    sc.v) != 0)
		return -1;
	if (slug_id(im, &sc.v[S_EVENT], SQL_IMPORT_EVENT_ID, 0,
	    arena_printf(im->a, "%s.event", path), &sc.event_id) != 0 ||
	    slug_id(im, &sc.v[S_SESSION], SQL_IMPORT_SESSION_ID, sc.event_id,
	    arena_printf(im->a, "%s.session", path), &sc.session_id) != 0 ||
	    slug_id(im, &sc.v[S_ORG], SQL_IMPORT_ORG_ID, 0,
	    arena_printf(im->a, "%s.organisation", path), &sc.org_id) != 0 ||
	    slug_id(im, &sc.v[S_BEHALF], SQL_IMPORT_ORG_ID, 0,
	    arena_printf(im->a, "%s.behalf_organisation", path),
	    &sc.behalf_id) != 0)
		return -1;
	if (jarray(im, sc.v[S_VERSIONS].s, &e) < 1)
		return fail(im, arena_printf(im->a, "%s.versions", path),
		    "must hold the original version first");
	return each(im, sc.v[S_VERSIONS].s, arena_printf(im->a,
	    "%s.versions", path), import_version, &sc);
}

/* The audit log: an import happened, and how many records it added (an
 * import that adds nothing changes nothing, not even the log). */
static int import_audit(struct importer *im)
{
	sqlite3_stmt *s = store_stmt(im->st, SQL_AUDIT_INSERT);

	sql_text(s, 1, "command line");
	sql_text(s, 2, "import");
	sql_text(s, 6, "");
	sql_text(s, 7, arena_printf(im->a, "%lld", im->added));
	sql_text(s, 8, "");
	if (store_exec(s) == SQLITE_DONE)
		return 0;
	return fail(im, "", "the audit log could not be written");
}

int import_json(struct store *st, struct arena *a, const char *doc,
    size_t n, const char **why, long long *added)
{
	struct importer im;
	struct jval v[N(root_fields)];
	int rc;

	memset(&im, 0, sizeof(im));
	im.st = st;
	im.a = a;
	*added = 0;
	if (strlen(doc) != n || !utf8_valid(doc, n)) {
		*why = "the file is not UTF-8 text";
		return -1;
	}
	if (store_begin(st) != 0) {
		*why = "the database is busy";
		return -1;
	}
	rc = jread(&im, doc, "", root_fields, N(root_fields), v);
	if (rc == 0 && strcmp(v[R_FORMAT].s, "dais-export") != 0)
		rc = fail(&im, "format", "must be \"dais-export\"");
	if (rc == 0 && v[R_VERSION].i != 1)
		rc = fail(&im, "version", "must be 1 (the version this dais "
		    "reads)");
	if (rc == 0 && v[R_SUBMITTER].present)
		rc = fail(&im, "submitter", "an export of one submitter's data "
		    "is an answer to them, not an archive to import");
	if (rc == 0)
		rc = each(&im, v[R_EVENTS].s, "events", import_event, NULL);
	if (rc == 0)
		rc = each(&im, v[R_ORGS].s, "organisations", import_org, NULL);
	if (rc == 0)
		rc = each(&im, v[R_REASONS].s, "reasons", import_reason, NULL);
	if (rc == 0)
		rc = each(&im, v[R_TRUSTED].s, "trusted", import_trusted, NULL);
	if (rc == 0)
		rc = each(&im, v[R_STATEMENTS].s, "statements",
		    import_statement, NULL);
	if (rc == 0 && v[R_REDIRECTS].present)
		rc = each(&im, v[R_REDIRECTS].s, "redirects", import_redirect,
		    NULL);
	if (rc == 0 && im.added > 0)
		rc = import_audit(&im);
	if (rc == 0 && store_commit(st) != 0)
		rc = fail(&im, "", "the database could not store it");
	if (rc != 0) {
		store_rollback(st);
		*why = im.why;
		return -1;
	}
	*added = im.added;
	return 0;
}

/* ---- import: the catalogue from CSV -------------------------------------- */

/* The column of name in the header h (n columns), or -1. */
static int column(char **h, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(h[i], name) == 0)
			return (int)i;
	return -1;
}

/* Reads the header, then each row through one() inside one transaction:
 * all or nothing. cols: the columns known, the first ones required. */
static int csv_import(struct store *st, struct arena *a, const char *csv,
    size_t n, const char *const *cols, size_t required,
    const char *(*one)(struct store *, struct arena *, const char **,
    const void *, long long *), const void *ctx, const char **why,
    long long *added)
{
	char *h[CSV_MAX_FIELDS], *f[CSV_MAX_FIELDS];
	const char *val[8], *problem = NULL;
	int idx[8];
	size_t nh, nf, i;
	struct csv c;
	int rc;

	*added = 0;
	csv_init(&c, csv, n);
	if ((rc = csv_row(&c, a, h, &nh, &problem)) != 1) {
		*why = arena_printf(a, "line 1: %s", rc == 0 ? "the file is "
		    "empty: a header row is wanted" : problem);
		return -1;
	}
	for (i = 0; i < nh; i++)
		if (text_problem(h[i], strlen(h[i]), TEXT_LINE) != NULL ||
		    !in_list(h[i], cols)) {
			*why = arena_printf(a, "line 1: column %zu is not one of "
			    "the columns this import knows", i + 1);
			return -1;
		}
	for (i = 0; cols[i] != NULL; i++) {
		idx[i] = column(h, nh, cols[i]);
		if (i < required && idx[i] < 0) {
			*why = arena_printf(a, "line 1: the column %s is "
			    "missing", cols[i]);
			return -1;
		}
	}
	if (store_begin(st) != 0) {
		*why = "the database is busy";
		return -1;
	}
	while ((rc = csv_row(&c, a, f, &nf, &problem)) == 1) {
		if (nf != nh) {
			problem = "the row does not have as many fields as "
			    "the header";
			break;
		}
		for (i = 0; cols[i] != NULL; i++)
			val[i] = idx[i] >= 0 ? f[idx[i]] : NULL;
		for (i = 0; i < nf; i++)
			if ((problem = text_problem(f[i], strlen(f[i]),
			    TEXT_LINE)) != NULL)
				break;
		if (problem == NULL)
			problem = one(st, a, val, ctx, added);
		if (problem != NULL)
			break;
	}
	if (rc == 0 && problem == NULL && store_commit(st) == 0)
		return 0;
	store_rollback(st);
	*added = 0;
	*why = arena_printf(a, "line %zu: %s", c.line, problem != NULL ?
	    problem : "the database could not store it");
	return -1;
}

static const char *org_row(struct store *st, struct arena *a,
    const char **v, const void *ctx, long long *added)
{
	const char *w;

	(void)ctx;
	if (valid_slug(v[0]) == NULL && lookup(&(struct importer){ st, a,
	    NULL, 0 }, SQL_IMPORT_ORG_ID, 0, v[0]) != 0)
		return NULL; /* there already */
	if ((w = org_create(st, a, v[0], v[1], v[2] ? v[2] : "")) == NULL)
		(*added)++;
	return w;
}

int import_orgs_csv(struct store *st, struct arena *a, const char *csv,
    size_t n, const char **why, long long *added)
{
	static const char *const cols[] = { "slug", "name", "url", NULL };

	return csv_import(st, a, csv, n, cols, 2, org_row, NULL, why, added);
}

static const char *session_row(struct store *st, struct arena *a,
    const char **v, const void *ctx, long long *added)
{
	struct importer im = { st, a, NULL, 0 };
	long long ev = lookup(&im, SQL_IMPORT_EVENT_ID, 0, ctx), pos = -1;
	const char *w;

	if (ev == 0)
		return "there is no such event";
	if (valid_slug(v[0]) == NULL && lookup(&im, SQL_IMPORT_SESSION_ID, ev,
	    v[0]) != 0)
		return NULL; /* there already */
	if (v[3] != NULL && *v[3] != '\0' && parse_ll(v[3], 0, 100000,
	    &pos) != 0)
		return "the position must be a whole number from 0 to 100000";
	if ((w = session_create(st, a, ctx, v[0], v[1], v[2] && *v[2] ?
	    v[2] : "panel", pos)) == NULL)
		(*added)++;
	return w;
}

int import_sessions_csv(struct store *st, struct arena *a,
    const char *event, const char *csv, size_t n, const char **why,
    long long *added)
{
	static const char *const cols[] = { "slug", "title", "kind",
	    "position", NULL };

	return csv_import(st, a, csv, n, cols, 2, session_row, event, why,
	    added);
}
