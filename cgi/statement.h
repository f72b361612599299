/* statement.h — the statement: its fields, their checks, how it is shown,
 * and how it is stored with its revisions and attachment.
 *
 * Used by the public form (page_submit.c), the submitter's status page and
 * later moderation and publishing, so that one statement is checked, shown
 * and saved one way everywhere.
 */
#ifndef DAIS_STATEMENT_H
#define DAIS_STATEMENT_H

#include <stddef.h>

#include "i18n.h"  /* stfields.def's labels and messages are N_() */

struct arena;
struct form_data;
struct request;
struct store;
struct tv;

/* Limits a person sees (characters). */
#define ST_MAX_TITLE 200
#define ST_MAX_LINE 200
#define ST_MAX_COSIGN 2000
#define ST_MAX_BODY 100000
#define ST_MAX_ATTACHMENT (10 * 1024 * 1024)

#include "stfields.def"

/* A statement as stored: its members are the fields of stfields.def. */
#define ST_CTYPE_LONG long long
#define ST_CTYPE_INT int
#define ST_CTYPE_ID long long
#define ST_CTYPE_STR const char *
#define ST_MEMBER(name, type, column, store) ST_CTYPE_##type name;
#define ST_MEMBER_FLD(name, ...) const char *name;
struct statement {
	ST_FIELDS_DEF(ST_MEMBER, ST_MEMBER, ST_MEMBER_FLD)
};
#undef ST_MEMBER
#undef ST_MEMBER_FLD

/* The statement's fields of a form table (struct field, form.h):
 * ST_FORM_FIELDS_SUBMIT for the public form, ST_FORM_FIELDS_EDIT for the
 * forms that change a statement already sent (status and review pages).
 * Each ends with a comma. */
#define ST_FORM_FLAGS_LINE 0
#define ST_FORM_FLAGS_TEXT FIELD_LONG
#define ST_FORM_FLAGS_DATE 0
#define ST_FORM_FLAGS_CHOICE 0
#define ST_FORM_FLAGS_BODY FIELD_LONG
#define ST_FORM_FLAGS_SENDER 0
#define ST_ON_SUBMIT_ALL(...) __VA_ARGS__,
#define ST_ON_SUBMIT_SUBMIT(...) __VA_ARGS__,
#define ST_ON_EDIT_ALL(...) __VA_ARGS__,
#define ST_ON_EDIT_SUBMIT(...)
#define ST_FORM_NONE(...)
#define ST_FORM_ROW(in, name, column, store, form, on, kind, limit, label, \
    ...) ST_ON_##in##_##on({ #form, ST_FORM_FLAGS_##kind, limit, label })
#define ST_FORM_ROW_SUBMIT(...) ST_FORM_ROW(SUBMIT, __VA_ARGS__)
#define ST_FORM_ROW_EDIT(...) ST_FORM_ROW(EDIT, __VA_ARGS__)
#define ST_FORM_FIELDS_SUBMIT \
	ST_FIELDS_DEF(ST_FORM_NONE, ST_FORM_NONE, ST_FORM_ROW_SUBMIT)
#define ST_FORM_FIELDS_EDIT \
	ST_FIELDS_DEF(ST_FORM_NONE, ST_FORM_NONE, ST_FORM_ROW_EDIT)

struct attachment {
	const char *filename;
	const char *ctype;
	const char *data;
	size_t size;
};

/* The choices of the form. label and hint are N_() strings, translated
 * where shown (the statement_languages' labels are autonyms, shown as
 * they are); name is a language's English name (N_), else NULL. */
struct choice {
	const char *value;
	const char *label;
	const char *hint;
	const char *name;
};
extern const struct choice statement_kinds[];     /* ends with value NULL */
extern const struct choice statement_formats[];
extern const struct choice statement_languages[];
const char *statement_kind_label(const char *kind);
const char *statement_format_label(const char *format);
const char *statement_language_label(const char *tag);
const char *statement_state_label(const char *state);
/* The labels above are translated (_) but the language's, which is its
 * autonym. The name of the language of tag in the reader's language
 * ("Spanish" for "es" or "es-MX"), for sentences such as "Original in
 * Spanish"; tag itself when it is not one of statement_languages. */
const char *statement_language_name(const char *tag);

/* Fills s from the submission fields of fd (those present in the form),
 * checking each; every problem becomes an e_FIELD message and an entry of
 * the errors list of view, in form order. The body is rendered to
 * sanitized HTML. Returns the number of problems. */
int statement_from_form(struct request *r, const struct form_data *fd,
    struct statement *s, struct tv *view);

/* Puts what the person typed back into the form's v_FIELD values and
 * choice lists (events, sessions, kinds, languages, formats). */
void statement_form_view(struct request *r, const struct form_data *fd,
    const struct statement *s, struct tv *view);

/* The statement as its edit boxes show it when they are filled from what
 * is stored (the moderator's edit, the submitter's correction): s itself,
 * but an HTML body as the sanitizer cleaned it (s->html), never the raw
 * paste with a word processor's markup. The stored source stays as it
 * was, for the record, until an edit is saved: the cleaned text is then
 * the new source. */
struct statement statement_for_editing(const struct statement *s);

/* For the review page: whether st's organisation is in the catalogue
 * (org_match_url, its public page /o/SLUG, and org_match_name), else,
 * for an administrator, where to add it (org_add_url); org_typed is the
 * name as the statement has it. */
void statement_org_match(struct request *r, const struct statement *st,
    struct tv *view);

/* The st_* fields and body_html that templates/statement.html shows. */
void statement_view(struct arena *a, const struct statement *s,
    struct tv *o);

/* Checks the attachment's type from its first bytes (PDF, DOCX or ODT)
 * and its size. NULL when acceptable, else a message. */
const char *attachment_problem(const struct attachment *a);
/* The extension of a document of type ctype, as file_kind() names it:
 * "pdf", "odt" or "docx". Its upper case is the type's name for people. */
const char *attachment_ext(const char *ctype);
/* The name a document is saved under, without its extension: filename
 * tidied (file_name_tidy), its extension dropped; the caller adds the
 * extension of the type found in the bytes, whatever the submitter
 * called it. */
const char *attachment_base(struct arena *a, const char *filename);

/* Work a caller does inside a statement's transaction, after the change
 * (a counter, the mail the change causes): 0, or nonzero to roll the
 * whole back. arg is the caller's. */
struct st_also {
	int (*run)(struct request *r, struct statement *st, void *arg);
	void *arg;
};

/* Stores a new statement (state and hold_reason as set in s), its first
 * revision, its attachment and what also writes (if not NULL), in one
 * transaction: one commit, one fsync. Sets s->id and s->public_id.
 * Returns 0 or an SQLite result code (SQLITE_BUSY: the database stayed
 * locked). */
int statement_insert(struct request *r, struct statement *s,
    const char *status_hash, const struct attachment *att,
    const struct st_also *also);

/* What a change of a statement that is already stored came to. */
enum st_result {
	ST_OK = 0,
	ST_CONFLICT,    /* someone changed it first: it is no longer at the
	                 * revision the editor saw */
	ST_BUSY,        /* the database stayed locked */
	ST_ERROR,
};

struct sqlite3_stmt;
/* Runs an UPDATE of one statement at the revision the editor saw:
 * store_exec_one()'s answer as a result (no row changed: ST_CONFLICT). */
enum st_result statement_exec_one(struct request *r, struct sqlite3_stmt *s);

/* Saves st as a new revision by author, if it is still at revision
 * st->rev (the one the editor saw), in its own transaction with what
 * also writes (if not NULL; it sees st's state before the change); on
 * ST_OK st->rev is the new one. */
enum st_result statement_update(struct request *r, struct statement *st,
    const char *author, const char *note, const struct st_also *also);
/* The same for a change of state only. */
enum st_result statement_set_state(struct request *r,
    struct statement *st, const char *state, const char *author);

/* Inside a caller's transaction: writes st's content if the row is still
 * at rev_seen (ST_OK, ST_CONFLICT or ST_ERROR); with reopen (the
 * submitter's correction) a statement whose changes were requested goes
 * back to the queue. statement_revision records the row as it now is as a
 * revision (0 or -1). */
enum st_result statement_save_content(struct request *r,
    const struct statement *st, int rev_seen, int reopen);
int statement_revision(struct request *r, long long id, const char *author,
    const char *note);

/* Loads the statement whose status token hashes to hash. 0 when found. */
int statement_by_status(struct request *r, const char *hash,
    struct statement *s);

/* Reads a row of the ST_COLS columns (sql.def) into st; returns how many
 * columns that is (a query may add its own after them). */
struct sqlite3_stmt;
int statement_row(struct arena *a, struct sqlite3_stmt *s,
    struct statement *st);

/* Stores as statement_insert, the revision and (for a translation) the
 * audit row by author (NULL: "submitter"). */
int statement_insert_by(struct request *r, struct statement *s,
    const char *status_hash, const struct attachment *att,
    const struct st_also *also, const char *author);

/* ---- language versions: a translation is a statement row whose
 * original_id names its original (schema/007-languages.sql). */

/* At most this many versions of a statement are listed or followed. */
#define ST_MAX_VERSIONS 64

struct st_version {
	const char *public_id, *language, *state, *title, *status_hash;
	int translation;
};
/* The versions of original_id, the original first; how many (<= max). */
int statement_versions(struct request *r, long long original_id,
    struct st_version *v, int max);
/* The public id of original_id's version in lang (the original or a
 * translation), or NULL. */
const char *statement_version_in(struct request *r, long long original_id,
    const char *lang);
/* A new translation of orig: what it shares with orig (event, speaker,
 * kind…, submitter), no text, language or state of its own yet. */
void statement_translation_of(const struct statement *orig,
    struct statement *tr);
/* The private status token of orig's translation into lang (40 hex). */
const char *statement_version_token(struct request *r,
    const char *original_hash, const char *lang);
/* Inside a caller's transaction: withdraws the live translations of st
 * (an original being withdrawn) by author. 0 or -1. */
int statement_withdraw_versions(struct request *r,
    const struct statement *st, const char *author);
/* The translation form's values: v_title, v_body, formats, languages. */
void statement_translation_view(struct request *r,
    const struct statement *st, struct tv *view);
/* A new, empty "Add a translation" form of orig, added to view as its
 * translation item, which it returns (for the caller's token and URL). */
struct tv *statement_translation_blank(struct request *r,
    const struct statement *orig, struct tv *view);
/* The fields of a translation form (a status page's, a review page's),
 * without its token; each ends with a comma. */
#define ST_TRANSLATE_FIELDS \
	{ "language", 0, 35, N_("Language") }, \
	{ "title", 0, ST_MAX_TITLE, N_("Title") }, \
	{ "format", 0, 16, N_("Format") }, \
	{ "body", FIELD_LONG, ST_MAX_BODY, N_("Statement") }, \
	{ "action", 0, 16, N_("Action") },
/* Reads a translation form into tr (made by statement_translation_of from
 * orig), checked like any statement, and its language free: another than
 * the original's, and no other version in it. Each problem goes to sub
 * (e_FIELD, where translation_fields.html shows it) and to view's errors,
 * linked to the form's field (tr-FIELD). Returns how many. */
int statement_translation_from_form(struct request *r,
    const struct form_data *fd, const struct statement *orig,
    struct statement *tr, struct tv *sub, struct tv *view);
/* 1 when another version of st's statement is in st's language. */
int statement_language_taken(struct request *r, const struct statement *st);
/* The fields a person types that differ between a and b (an edit), as
 * their labels (N_ strings, in form order), at most max; how many. */
#define ST_MAX_CHANGED 24
int statement_changed(const struct statement *a, const struct statement *b,
    const char **labels, int max);

/* Inside a caller's transaction: stores att as statement id's document
 * (the newest is the current one; the older ones stay until
 * statement_attachment_prune).
 * 0 or -1. */
int statement_attachment_add(struct request *r, long long id,
    const struct attachment *att);
/* Deletes the documents of statement id that are neither its first, its
 * newest, nor public (what a run of corrections with new documents leaves
 * behind). 0 or -1. */
int statement_attachment_prune(struct request *r, long long id);

/* Loads the statement with that id. 0 when found. */
int statement_by_id(struct request *r, long long id, struct statement *st);
/* now as it was at revision rev (its revision row: the fields kept with
 * each revision, and that revision's session), into st: 0, or -1 when
 * there is no such revision (st is then now). */
int statement_at_rev(struct request *r, const struct statement *now,
    int rev, struct statement *st);

/* Loads the statement with that public id. 0 when found. */
int statement_by_public_id(struct request *r, const char *id,
    struct statement *st);

/* The text a reader reads in a revision's sanitized HTML, a block
 * (paragraph, heading, list item, table cell) a line; NULL when it cannot
 * be read. */
const char *statement_text_blocks(struct request *r, const char *html);
/* What changed from prev_blocks to blocks (statement_text_blocks), into o
 * as the partial text_diff.html shows it: has_diff with blocks of pieces,
 * or diff_none when only the markup changed; diff_capped when the
 * comparison was cut short. */
void statement_diff_view(struct request *r, struct tv *o,
    const char *prev_blocks, const char *blocks);

#endif
