/* statement.c — checking, showing and storing a statement. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "form.h"
#include "markup.h"
#include "audit.h"
#include "request.h"
#include "statement.h"
#include "store.h"
#include "template.h"
#include "valid.h"

const struct choice statement_kinds[] = {
	{ "panel", "Panel statement", "Remarks delivered as a panellist" },
	{ "intervention", "Intervention from the floor",
	    "Delivered from the floor during a session" },
	{ "collective", "Collective intervention", "Delivered on behalf of "
	    "a coalition or several organisations" },
	{ "written", "Written statement", "Submitted in writing, not "
	    "delivered orally" },
	{ NULL, NULL, NULL },
};

const struct choice statement_formats[] = {
	{ "text", "Plain text", "Paragraphs separated by an empty line" },
	{ "markdown", "Markdown", "*emphasis*, **bold**, lists starting with "
	    "“- ”, links as [text](https://example.org)" },
	{ "html", "HTML", "Pasted from a web page or a word processor; it "
	    "will be cleaned" },
	{ NULL, NULL, NULL },
};

/* The languages offered first; any BCP 47 tag is accepted. */
const struct choice statement_languages[] = {
	{ "en", "English", NULL }, { "es", "Español", NULL },
	{ "fr", "Français", NULL }, { "pt", "Português", NULL },
	{ "pt-BR", "Português (Brasil)", NULL }, { "ar", "العربية", NULL },
	{ "zh", "中文", NULL }, { "ru", "Русский", NULL },
	{ "de", "Deutsch", NULL }, { "it", "Italiano", NULL },
	{ "sw", "Kiswahili", NULL }, { "hi", "हिन्दी", NULL },
	{ "tr", "Türkçe", NULL }, { "uk", "Українська", NULL },
	{ "tl", "Tagalog", NULL }, { "fa", "فارسی", NULL },
	{ NULL, NULL, NULL },
};

static const struct choice states[] = {
	{ "pending", "Waiting for review", NULL },
	{ "changes_requested", "Changes requested", NULL },
	{ "approved", "Published", NULL },
	{ "rejected", "Not published", NULL },
	{ "withdrawn", "Withdrawn", NULL },
	{ "spam", "Spam", NULL },
	{ NULL, NULL, NULL },
};

static const struct choice *choice_find(const struct choice *c,
    const char *v)
{
	for (; c->value != NULL; c++)
		if (strcmp(c->value, v) == 0)
			return c;
	return NULL;
}

const char *statement_kind_label(const char *kind)
{
	const struct choice *c = choice_find(statement_kinds, kind);

	return c ? c->label : kind;
}

const char *statement_format_label(const char *format)
{
	const struct choice *c = choice_find(statement_formats, format);

	return c ? c->label : format;
}

const char *statement_language_label(const char *tag)
{
	const struct choice *c = choice_find(statement_languages, tag);

	return c ? c->label : tag;
}

const char *statement_state_label(const char *state)
{
	const struct choice *c = choice_find(states, state);

	return c ? c->label : state;
}

/* ---- checking ------------------------------------------------------------ */

/* Records a problem with a field: the inline message (e_FIELD) and the
 * summary entry that links to it. */
struct check {
	struct request *r;
	struct tv *view;
	int count;
};

static void problem(struct check *ck, enum tf ef, const char *field,
    const char *msg)
{
	struct tv *e = tv_add(ck->view, TF_errors);

	ck->count++;
	tv_str(ck->view, ef, msg);
	tv_str(e, TF_field, field);
	tv_str(e, TF_message, msg);
}

/* The value of a field, trimmed of surrounding blanks, or keep when the
 * form has no such field (the status page cannot change the event). */
static const char *field_value(struct request *r, const struct form_data *fd,
    const char *name, const char *keep)
{
	const char *v, *end;

	if (form_field(fd->form, name) == NULL)
		return keep ? keep : "";
	v = form_str(fd, name);
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	end = v + strlen(v);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	return arena_strndup(r->a, v, (size_t)(end - v));
}

/* Finds an organisation by slug or name: the canonical name and its id. */
static long long org_resolve(struct request *r, const char **name)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ORG_FIND);
	long long id = 0;

	sql_text(s, 1, *name);
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		*name = arena_strdup(r->a, sql_col(s, 1));
	}
	sqlite3_reset(s);
	return id;
}

static void check_event(struct check *ck, struct statement *st)
{
	struct request *r = ck->r;
	sqlite3_stmt *s;

	if (*st->event_slug == '\0') {
		problem(ck, TF_e_event, "event", "Select the event where "
		    "the statement was delivered");
		return;
	}
	s = store_stmt(r->st, SQL_EVENT_BY_SLUG);
	sql_text(s, 1, st->event_slug);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 7) == 1) {
		st->event_id = sqlite3_column_int64(s, 0);
		st->event_title = arena_strdup(r->a, sql_col(s, 2));
	} else {
		problem(ck, TF_e_event, "event", "Select an event that is "
		    "open for statements");
	}
	sqlite3_reset(s);
}

static void check_session(struct check *ck, struct statement *st)
{
	struct request *r = ck->r;
	sqlite3_stmt *s;

	st->session_id = 0;
	if (*st->session_slug == '\0' || st->event_id == 0)
		return;
	s = store_stmt(r->st, SQL_SESSION_FIND);
	sql_int(s, 1, st->event_id);
	sql_text(s, 2, st->session_slug);
	if (sqlite3_step(s) == SQLITE_ROW) {
		st->session_id = sqlite3_column_int64(s, 0);
		st->session_title = arena_strdup(r->a, sql_col(s, 1));
	} else {
		problem(ck, TF_e_session, "session", "Select a session of "
		    "the event you chose, or “Not in a particular session”");
	}
	sqlite3_reset(s);
}

/* A line field: required or not, at most max characters, and no hidden
 * or stacked characters (valid_line). */
static void check_line(struct check *ck, enum tf ef, const char *field,
    const char *v, size_t max, const char *empty_msg, const char *what)
{
	const char *why = valid_line(v, max, empty_msg != NULL);

	if (why == NULL)
		return;
	if (*v == '\0')
		problem(ck, ef, field, empty_msg);
	else if (utf8_len(v, strlen(v)) > max)
		problem(ck, ef, field, arena_printf(ck->r->a, "%s must be "
		    "%zu characters or fewer", what, max));
	else
		problem(ck, ef, field, arena_printf(ck->r->a, "%s %s", what,
		    why));
}

static void check_people(struct check *ck, struct statement *st)
{
	int written = strcmp(st->kind, "written") == 0;
	const char *why;

	check_line(ck, TF_e_speaker, "speaker", st->speaker, ST_MAX_LINE,
	    written ? NULL : "Enter the name of the person who delivered "
	    "the statement", "The speaker's name");
	check_line(ck, TF_e_speaker_role, "speaker_role",
	    st->speaker_role, ST_MAX_LINE, NULL, "The speaker's role");
	check_line(ck, TF_e_organisation, "organisation", st->org_name,
	    ST_MAX_LINE, "Enter the organisation that delivered the statement",
	    "The organisation");
	check_line(ck, TF_e_on_behalf_of, "on_behalf_of",
	    st->on_behalf_of, ST_MAX_LINE, strcmp(st->kind, "collective") ?
	    NULL : "Enter on whose behalf the collective intervention was "
	    "delivered", "“On behalf of”");
	if (utf8_len(st->cosignatories, strlen(st->cosignatories)) >
	    ST_MAX_COSIGN)
		problem(ck, TF_e_cosignatories, "cosignatories",
		    "The co-signatories must be 2000 characters or fewer");
	else if ((why = valid_line_chars(st->cosignatories,
	    strlen(st->cosignatories))) != NULL)
		problem(ck, TF_e_cosignatories, "cosignatories", arena_printf(
		    ck->r->a, "The co-signatories %s", why));
	st->org_id = *st->org_name ? org_resolve(ck->r, &st->org_name) : 0;
	st->behalf_org_id = *st->on_behalf_of ?
	    org_resolve(ck->r, &st->on_behalf_of) : 0;
}

static void check_choices(struct check *ck, struct statement *st)
{
	if (choice_find(statement_kinds, st->kind) == NULL)
		problem(ck, TF_e_kind, "kind-panel", "Select the kind of "
		    "statement");
	if (*st->language == '\0')
		problem(ck, TF_e_language, "language", "Select the "
		    "language the statement is in");
	else if (valid_lang(st->language) != NULL)
		problem(ck, TF_e_language, "language", "Enter a language "
		    "tag such as en, es, fr or pt-BR");
	if (*st->delivered != '\0' && valid_date(st->delivered) != NULL)
		problem(ck, TF_e_delivered, "delivered", "Enter the date "
		    "it was delivered as a date like 2024-05-21, or leave it "
		    "empty");
}

/* The body: required, bounded, and rendered now so that its problems
 * (invalid text, too deep) reach the person with the form. */
static void check_body(struct check *ck, struct statement *st)
{
	enum markup_format f;
	struct buf out;
	const char *msg = NULL;

	if (markup_format_parse(st->format, &f) != 0) {
		problem(ck, TF_e_format, "format-text", "Select how the text "
		    "is written");
		return;
	}
	if (*st->source == '\0') {
		problem(ck, TF_e_body, "body", "Enter the text of the "
		    "statement");
		return;
	}
	if (utf8_len(st->source, strlen(st->source)) > ST_MAX_BODY) {
		problem(ck, TF_e_body, "body", "The statement must be "
		    "100,000 characters or fewer");
		return;
	}
	if ((msg = valid_marks(st->source, strlen(st->source))) != NULL) {
		problem(ck, TF_e_body, "body", arena_printf(ck->r->a,
		    "The statement %s", msg));
		return;
	}
	buf_init(&out);
	if (markup_render(f, st->source, strlen(st->source), &out, &msg) != 0)
		problem(ck, TF_e_body, "body", arena_printf(ck->r->a,
		    "The text could not be read: %s", msg));
	else if (out.len == 0)
		problem(ck, TF_e_body, "body", "The statement has no "
		    "text that can be published");
	st->html = buf_arena(&out, ck->r->a);
	buf_free(&out);
}

static void check_submitter(struct check *ck, const struct form_data *fd,
    struct statement *st)
{
	if (form_field(fd->form, "submitter_name") == NULL)
		return; /* the status page does not change who sent it */
	check_line(ck, TF_e_submitter_name, "submitter_name",
	    st->submitter_name, ST_MAX_LINE, "Enter your name", "Your name");
	if (*st->submitter_email == '\0')
		problem(ck, TF_e_submitter_email, "submitter_email",
		    "Enter your e-mail address");
	else if (valid_email(st->submitter_email) != NULL)
		problem(ck, TF_e_submitter_email, "submitter_email",
		    "Enter an e-mail address in the correct format, like "
		    "name@example.org");
	if (strcmp(form_str(fd, "consent"), "yes") != 0)
		problem(ck, TF_e_consent, "consent", "Confirm that the "
		    "statement may be published once it is approved");
}

int statement_from_form(struct request *r, const struct form_data *fd,
    struct statement *st, struct tv *view)
{
	struct check ck = { r, view, 0 };

	st->event_slug = field_value(r, fd, "event", st->event_slug);
	st->session_slug = field_value(r, fd, "session", st->session_slug);
	st->title = field_value(r, fd, "title", st->title);
	st->speaker = field_value(r, fd, "speaker", st->speaker);
	st->speaker_role = field_value(r, fd, "speaker_role",
	    st->speaker_role);
	st->org_name = field_value(r, fd, "organisation", st->org_name);
	st->on_behalf_of = field_value(r, fd, "on_behalf_of",
	    st->on_behalf_of);
	st->cosignatories = field_value(r, fd, "cosignatories",
	    st->cosignatories);
	st->kind = field_value(r, fd, "kind", st->kind);
	st->delivered = field_value(r, fd, "delivered", st->delivered);
	st->language = field_value(r, fd, "language", st->language);
	st->format = field_value(r, fd, "format", st->format);
	/* The body keeps its inner blank lines; only the ends are trimmed. */
	st->source = field_value(r, fd, "body", st->source);
	st->submitter_name = field_value(r, fd, "submitter_name",
	    st->submitter_name);
	st->submitter_email = field_value(r, fd, "submitter_email",
	    st->submitter_email);

	if (form_field(fd->form, "event") != NULL)
		check_event(&ck, st);
	check_session(&ck, st);
	check_line(&ck, TF_e_title, "title", st->title, ST_MAX_TITLE,
	    "Enter a title for the statement", "The title");
	check_people(&ck, st);
	check_choices(&ck, st);
	check_body(&ck, st);
	check_submitter(&ck, fd, st);
	return ck.count;
}

/* ---- showing -------------------------------------------------------------- */

/* A list of options with the chosen one marked. */
static void choice_list(struct tv *view, enum tf list,
    const struct choice *c, const char *chosen)
{
	for (; c->value != NULL; c++) {
		struct tv *o = tv_add(view, list);

		tv_str(o, TF_value, c->value);
		tv_str(o, TF_label, c->label);
		tv_str(o, TF_hint, c->hint);
		tv_bool(o, TF_selected, chosen && strcmp(chosen, c->value) == 0);
	}
}

/* Open events, and their sessions grouped under each (optgroups: works
 * without JavaScript; the server checks that the pair matches). */
static void event_lists(struct request *r, const struct statement *st,
    struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_EVENTS_OPEN);
	int count = 0;

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, TF_events);
		const char *slug = sql_col(s, 1);

		tv_str(o, TF_value, arena_strdup(r->a, slug));
		tv_str(o, TF_label, arena_strdup(r->a, sql_col(s, 2)));
		tv_bool(o, TF_selected, strcmp(slug, st->event_slug) == 0);
		count++;
	}
	sqlite3_reset(s);
	tv_bool(view, TF_no_events, count == 0);
	s = store_stmt(r->st, SQL_SESSIONS_OPEN);
	sql_int(s, 1, st->id != 0 ? st->event_id : 0);
	{
		struct tv *group = NULL;
		const char *last = "";

		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *ev = sql_col(s, 0);
			struct tv *o;

			if (group == NULL || strcmp(ev, last) != 0) {
				group = tv_add(view, TF_groups);
				last = arena_strdup(r->a, ev);
				tv_str(group, TF_label,
				    arena_strdup(r->a, sql_col(s, 1)));
			}
			o = tv_add(group, TF_sessions);
			tv_str(o, TF_value, arena_strdup(r->a, sql_col(s, 2)));
			tv_str(o, TF_label, arena_strdup(r->a, sql_col(s, 3)));
			tv_bool(o, TF_selected, strcmp(ev, st->event_slug) ==
			    0 && strcmp(sql_col(s, 2), st->session_slug) == 0);
		}
		sqlite3_reset(s);
	}
}

void statement_form_view(struct request *r, const struct form_data *fd,
    const struct statement *st, struct tv *view)
{
	tv_str(view, TF_v_title, st->title);
	tv_str(view, TF_v_speaker, st->speaker);
	tv_str(view, TF_v_speaker_role, st->speaker_role);
	tv_str(view, TF_v_organisation, st->org_name);
	tv_str(view, TF_v_on_behalf_of, st->on_behalf_of);
	tv_str(view, TF_v_cosignatories, st->cosignatories);
	tv_str(view, TF_v_delivered, st->delivered);
	tv_str(view, TF_v_body, st->source);
	tv_str(view, TF_v_submitter_name, st->submitter_name);
	tv_str(view, TF_v_submitter_email, st->submitter_email);
	tv_bool(view, TF_v_consent, fd != NULL &&
	    strcmp(form_str(fd, "consent"), "yes") == 0);
	choice_list(view, TF_kinds, statement_kinds, st->kind);
	choice_list(view, TF_formats, statement_formats, st->format);
	choice_list(view, TF_languages, statement_languages, st->language);
	if (*st->language && choice_find(statement_languages, st->language) ==
	    NULL) {
		/* A tag from elsewhere stays selectable and selected. */
		struct tv *o = tv_add(view, TF_languages);

		tv_str(o, TF_value, st->language);
		tv_str(o, TF_label, st->language);
		tv_bool(o, TF_selected, 1);
	}
	event_lists(r, st, view);
}

void statement_view(struct arena *a, const struct statement *st,
    struct tv *o)
{
	tv_str(o, TF_st_id, st->public_id);
	tv_str(o, TF_st_title, st->title);
	tv_str(o, TF_st_speaker, st->speaker);
	tv_str(o, TF_st_role, st->speaker_role);
	tv_str(o, TF_st_org, st->org_name);
	tv_str(o, TF_st_behalf, st->on_behalf_of);
	tv_str(o, TF_st_cosign, st->cosignatories);
	tv_str(o, TF_st_kind, statement_kind_label(st->kind));
	tv_str(o, TF_st_session, st->session_title);
	tv_str(o, TF_st_event, st->event_title);
	tv_str(o, TF_st_date, st->delivered);
	tv_str(o, TF_st_date_human, *st->delivered ?
	    fmt_time(a, st->delivered) : NULL);
	if (st->corrected != NULL && *st->corrected != '\0') {
		tv_str(o, TF_st_corrected, st->corrected);
		tv_str(o, TF_st_corrected_human, fmt_time(a, st->corrected));
	}
	tv_str(o, TF_st_lang, st->language);
	tv_str(o, TF_st_dir, lang_rtl(st->language) ? "rtl" : "ltr");
	tv_sanitized(o, TF_body_html, st->html);
}

/* ---- attachments ---------------------------------------------------------- */

const char *attachment_problem(const struct attachment *a)
{
	if (a->size > ST_MAX_ATTACHMENT)
		return "The file must be 10 MB or smaller";
	if ((((struct attachment *)a)->ctype = file_kind(a->data,
	    a->size)) != NULL)
		return NULL;
	return "The file must be a PDF, a Word document (DOCX) or an "
	    "OpenDocument text (ODT)";
}

/* ---- storing -------------------------------------------------------------- */

/* An id for URLs and for people to quote: 8 characters without look-alikes
 * (no 0/o, 1/l/i). 31^8 ≈ 8.5e11 values; a clash is retried. */
static const char *public_id_new(struct request *r)
{
	static const char alphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";
	char *id = arena_alloc(r->a, 9);
	int i;

	for (i = 0; i < 8; i++)
		id[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	id[8] = '\0';
	return id;
}

static void bind_id_or_null(sqlite3_stmt *s, int i, long long id)
{
	if (id > 0)
		sql_int(s, i, id);
	else
		sqlite3_bind_null(s, i);
}

int statement_revision(struct request *r, long long id, const char *author,
    const char *note)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_REV_INSERT);

	sql_int(s, 1, id);
	sql_text(s, 2, author);
	sql_text(s, 3, note ? note : "");
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

static int attachment_add(struct request *r, long long id,
    const struct attachment *a)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ATT_INSERT);
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof(h) + 1];

	crypto_hash_sha256(h, (const unsigned char *)a->data, a->size);
	hex_encode(hex, h, sizeof(h));
	sql_int(s, 1, id);
	sql_text(s, 2, a->filename);
	sql_text(s, 3, a->ctype);
	sql_int(s, 4, (long long)a->size);
	sql_text(s, 5, hex);
	sqlite3_bind_blob(s, 6, a->data, (int)a->size, SQLITE_STATIC);
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

static int statement_row_insert(struct request *r, struct statement *st,
    const char *hash)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ST_INSERT);

	sql_text(s, 1, st->public_id);
	sql_int(s, 2, st->event_id);
	bind_id_or_null(s, 3, st->session_id);
	sql_text(s, 4, st->title);
	sql_text(s, 5, st->speaker);
	sql_text(s, 6, st->speaker_role);
	bind_id_or_null(s, 7, st->org_id);
	sql_text(s, 8, st->org_name);
	bind_id_or_null(s, 9, st->behalf_org_id);
	sql_text(s, 10, st->on_behalf_of);
	sql_text(s, 11, st->cosignatories);
	sql_text(s, 12, st->kind);
	sql_text(s, 13, st->delivered);
	sql_text(s, 14, st->language);
	sql_text(s, 15, st->format);
	sql_text(s, 16, st->source);
	sql_text(s, 17, st->html);
	sql_text(s, 18, st->state ? st->state : "pending");
	sql_text(s, 19, st->hold_reason ? st->hold_reason : "");
	sql_text(s, 20, st->submitter_name);
	sql_text(s, 21, st->submitter_email);
	sql_text(s, 22, hash);
	sql_text(s, 23, r->remote_addr);
	return store_exec(s);
}

int statement_insert(struct request *r, struct statement *st,
    const char *hash, const struct attachment *att,
    int (*also)(struct request *))
{
	int rc, tries;

	if ((rc = store_begin(r->st)) != 0)
		return rc;
	for (tries = 0; tries < 5; tries++) {
		st->public_id = public_id_new(r);
		rc = statement_row_insert(r, st, hash);
		if (rc != SQLITE_CONSTRAINT_UNIQUE)
			break;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	st->id = sqlite3_last_insert_rowid(r->st->db);
	st->rev = 1;
	if (statement_revision(r, st->id, "submitter", "submitted") != 0 ||
	    (att != NULL && att->size > 0 && attachment_add(r, st->id,
	    att) != 0) || (also != NULL && also(r) != 0))
		goto fail;
	return store_commit(r->st);
fail:
	rc = sqlite3_errcode(r->st->db);
	log_err("storing a statement failed: %s", sqlite3_errmsg(r->st->db));
	store_rollback(r->st);
	return rc ? rc : SQLITE_ERROR;
}

int statement_save_content(struct request *r, const struct statement *st,
    int rev_seen, int reopen)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ST_UPDATE);

	sql_int(s, 1, st->id);
	sql_int(s, 2, rev_seen);
	bind_id_or_null(s, 3, st->session_id);
	sql_text(s, 4, st->title);
	sql_text(s, 5, st->speaker);
	sql_text(s, 6, st->speaker_role);
	bind_id_or_null(s, 7, st->org_id);
	sql_text(s, 8, st->org_name);
	bind_id_or_null(s, 9, st->behalf_org_id);
	sql_text(s, 10, st->on_behalf_of);
	sql_text(s, 11, st->cosignatories);
	sql_text(s, 12, st->kind);
	sql_text(s, 13, st->delivered);
	sql_text(s, 14, st->language);
	sql_text(s, 15, st->format);
	sql_text(s, 16, st->source);
	sql_text(s, 17, st->html);
	sql_int(s, 18, reopen);
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	return sqlite3_changes(r->st->db) == 1 ? 0 : 1;
}

/* Runs a change of the submitter's (a correction, or a withdrawal) inside
 * a transaction with its revision row and its audit row. A correction of a
 * statement sent back with "request changes" returns it to the queue. */
static int statement_tx(struct request *r, struct statement *st,
    const char *state, const char *author, const char *note)
{
	const char *action = state ? state : "correct";
	sqlite3_stmt *s;
	int rc;

	if ((rc = store_begin(r->st)) != 0)
		return rc;
	if (state == NULL) {
		rc = statement_save_content(r, st, st->rev, 1);
	} else {
		s = store_stmt(r->st, SQL_ST_SET_STATE);
		sql_int(s, 1, st->id);
		sql_int(s, 2, st->rev);
		sql_text(s, 3, state);
		rc = store_exec(s) != SQLITE_DONE ? -1 :
		    sqlite3_changes(r->st->db) == 1 ? 0 : 1;
	}
	if (rc == 1) {
		store_rollback(r->st);
		return -1;
	}
	if (rc != 0 || statement_revision(r, st->id, author, note) != 0 ||
	    audit_add(r, author, action, st->id, st->rev, st->rev + 1, NULL,
	    NULL) != 0) {
		rc = sqlite3_errcode(r->st->db);
		log_err("saving a statement failed: %s",
		    sqlite3_errmsg(r->st->db));
		store_rollback(r->st);
		return rc ? rc : SQLITE_ERROR;
	}
	if ((rc = store_commit(r->st)) != 0)
		return rc;
	st->rev++;
	if (state != NULL)
		st->state = state;
	else if (strcmp(st->state, "changes_requested") == 0)
		st->state = "pending";
	return 0;
}

int statement_update(struct request *r, struct statement *st,
    const char *author, const char *note)
{
	return statement_tx(r, st, NULL, author, note);
}

int statement_set_state(struct request *r, struct statement *st,
    const char *state, const char *author)
{
	return statement_tx(r, st, state, author, state);
}

/* Reads a row of ST_COLS; the number of columns read. */
int statement_row(struct arena *a, sqlite3_stmt *s, struct statement *st)
{
	int i = 0;

#define COL_INT() sqlite3_column_int64(s, i++)
#define COL_STR() arena_strdup(a, sql_col(s, i++))
	st->id = COL_INT();
	st->public_id = COL_STR();
	st->event_id = COL_INT();
	st->event_slug = COL_STR();
	st->event_title = COL_STR();
	st->session_id = COL_INT();
	st->session_slug = COL_STR();
	st->session_title = COL_STR();
	st->title = COL_STR();
	st->speaker = COL_STR();
	st->speaker_role = COL_STR();
	st->org_id = COL_INT();
	st->org_name = COL_STR();
	st->behalf_org_id = COL_INT();
	st->on_behalf_of = COL_STR();
	st->cosignatories = COL_STR();
	st->kind = COL_STR();
	st->delivered = COL_STR();
	st->language = COL_STR();
	st->format = COL_STR();
	st->source = COL_STR();
	st->html = COL_STR();
	st->state = COL_STR();
	st->hold_reason = COL_STR();
	st->rev = (int)COL_INT();
	st->submitter_name = COL_STR();
	st->submitter_email = COL_STR();
	st->created = COL_STR();
	st->updated = COL_STR();
	st->note = COL_STR();
	st->publish_at = COL_INT();
	st->published = COL_STR();
	st->corrected = COL_STR();
#undef COL_INT
#undef COL_STR
	return i;
}

static int statement_load(struct request *r, enum sql_id q, const char *key,
    struct statement *st)
{
	sqlite3_stmt *s = store_stmt(r->st, q);
	int rc = -1;

	sql_text(s, 1, key);
	if (sqlite3_step(s) == SQLITE_ROW) {
		statement_row(r->a, s, st);
		rc = 0;
	}
	sqlite3_reset(s);
	return rc;
}

int statement_by_status(struct request *r, const char *hash,
    struct statement *st)
{
	return statement_load(r, SQL_ST_BY_STATUS, hash, st);
}

int statement_by_public_id(struct request *r, const char *id,
    struct statement *st)
{
	return statement_load(r, SQL_ST_BY_PUBLIC, id, st);
}
