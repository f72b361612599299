/* statement.c — checking, showing and storing a statement. */
#include "config.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "app.h"
#include "catalog.h"
#include "date.h"
#include "diff.h"
#include "i18n.h"
#include "form.h"
#include "markup.h"
#include "audit.h"
#include "request.h"
#include "statement.h"
#include "store.h"
#include "template.h"
#include "valid.h"

/* Labels and hints are only marked here (N_) and translated where shown. */
const struct choice statement_kinds[] = {
	{ "panel", N_("Panel statement"),
	    N_("Remarks delivered as a panellist"), NULL },
	{ "intervention", N_("Intervention from the floor"),
	    N_("Delivered from the floor during a session"), NULL },
	{ "collective", N_("Collective intervention"), N_("Delivered on "
	    "behalf of a coalition or several organisations"), NULL },
	{ "written", N_("Written statement"), N_("Submitted in writing, not "
	    "delivered orally"), NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct choice statement_formats[] = {
	{ "text", N_("Plain text"),
	    N_("Paragraphs separated by an empty line"), NULL },
	/* TRANSLATORS: keep the Markdown syntax (*, **, “- ”, [text](…))
	 * as it is; only the words around it change. */
	{ "markdown", N_("Markdown"), N_("*emphasis*, **bold**, lists "
	    "starting with “- ”, links as [text](https://example.org)"),
	    NULL },
	{ "html", N_("HTML"), N_("Pasted from a web page or a word "
	    "processor; it will be cleaned"), NULL },
	{ NULL, NULL, NULL, NULL },
};

/* The languages offered first; any BCP 47 tag is accepted. The label is
 * the language's name in itself (never translated); name is its English
 * name, translated where a sentence names it ("Original in Spanish"). */
const struct choice statement_languages[] = {
	{ "en", "English", NULL, N_("English") },
	{ "es", "Español", NULL, N_("Spanish") },
	{ "fr", "Français", NULL, N_("French") },
	{ "pt", "Português", NULL, N_("Portuguese") },
	{ "pt-BR", "Português (Brasil)", NULL,
	    N_("Portuguese (Brazil)") },
	{ "ar", "العربية", NULL, N_("Arabic") },
	{ "zh", "中文", NULL, N_("Chinese") },
	{ "ru", "Русский", NULL, N_("Russian") },
	{ "de", "Deutsch", NULL, N_("German") },
	{ "it", "Italiano", NULL, N_("Italian") },
	{ "sw", "Kiswahili", NULL, N_("Swahili") },
	{ "hi", "हिन्दी", NULL, N_("Hindi") },
	{ "tr", "Türkçe", NULL, N_("Turkish") },
	{ "uk", "Українська", NULL, N_("Ukrainian") },
	{ "tl", "Tagalog", NULL, N_("Tagalog") },
	{ "fa", "فارسی", NULL, N_("Persian") },
	{ NULL, NULL, NULL, NULL },
};

/* TRANSLATORS: the state of a statement, shown to its submitter and to
 * moderators. */
static const struct choice states[] = {
	{ "pending", N_("Waiting for review"), NULL, NULL },
	{ "changes_requested", N_("Changes requested"), NULL, NULL },
	{ "approved", N_("Published"), NULL, NULL },
	{ "rejected", N_("Not published"), NULL, NULL },
	{ "withdrawn", N_("Withdrawn"), NULL, NULL },
	{ "spam", N_("Spam"), NULL, NULL },
	{ NULL, NULL, NULL, NULL },
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

	return c ? _(c->label) : kind;
}

const char *statement_format_label(const char *format)
{
	const struct choice *c = choice_find(statement_formats, format);

	return c ? _(c->label) : format;
}

const char *statement_language_label(const char *tag)
{
	const struct choice *c = choice_find(statement_languages, tag);

	return c ? c->label : tag;
}

const char *statement_language_name(const char *tag)
{
	const struct choice *c;
	size_t n = strcspn(tag, "-");

	/* The whole tag first ("pt-BR"), then its primary subtag ("es-MX"
	 * is Spanish). */
	for (c = statement_languages; c->value != NULL; c++)
		if (ascii_casecmp(c->value, tag) == 0)
			return _(c->name);
	for (c = statement_languages; c->value != NULL; c++)
		if (strlen(c->value) == n &&
		    ascii_ncasecmp(c->value, tag, n) == 0)
			return _(c->name);
	return tag;
}

const char *statement_state_label(const char *state)
{
	const struct choice *c = choice_find(states, state);

	return c ? _(c->label) : state;
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
	struct org o;

	if (org_find(r->st, r->a, *name, &o) != 0)
		return 0;
	*name = o.name;
	return o.id;
}

static void check_event(struct check *ck, struct statement *st)
{
	struct request *r = ck->r;
	struct event_def e;

	if (*st->event_slug == '\0') {
		problem(ck, TF_e_event, "event", _("Select the event where "
		    "the statement was delivered"));
		return;
	}
	if (event_find(r->st, r->a, st->event_slug, &e) == 0 && e.open == 1) {
		st->event_id = e.id;
		st->event_title = e.title;
	} else {
		problem(ck, TF_e_event, "event", _("Select an event that "
		    "is open for statements"));
	}
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
		/* TRANSLATORS: “Not in a particular session” is the first
		 * choice of the form's session list (templates). */
		problem(ck, TF_e_session, "session", _("Select a session of "
		    "the event you chose, or “Not in a particular session”"));
	}
	sqlite3_reset(s);
}

/* "The title must be one line of text": a field (what, N_) and a problem
 * that valid.c found (why), as one sentence to translate. */
static const char *subject_problem(struct arena *a, const char *what,
    const char *why)
{
	what = _(what);
	/* TRANSLATORS: in the sentences below, %s is a field as the
	 * sentence's subject: "The title", "The speaker's name",
	 * "“On behalf of”", "The statement"… */
	if (strcmp(why, "must be one line of text") == 0)
		return arena_printf(a, _("%s must be one line of text"), what);
	if (strcmp(why, "contains an invisible character (such as a "
	    "zero-width space); please type it again") == 0)
		return arena_printf(a, _("%s contains an invisible character "
		    "(such as a zero-width space); please type it again"),
		    what);
	if (strcmp(why, "contains a text direction control (such as a "
	    "right-to-left override) that is not closed; please type it "
	    "again") == 0)
		return arena_printf(a, _("%s contains a text direction "
		    "control (such as a right-to-left override) that is not "
		    "closed; please type it again"), what);
	if (strcmp(why, "has a letter with more than 30 accents or marks in "
	    "a row") == 0)
		return arena_printf(a, _("%s has a letter with more than 30 "
		    "accents or marks in a row"), what);
	/* A problem valid_line() does not give today. */
	return arena_printf(a, _("%s contains characters that are not "
	    "allowed"), what);
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
		problem(ck, ef, field, _(empty_msg));
	else if (utf8_len(v, strlen(v)) > max)
		/* TRANSLATORS: %s is a field as the sentence's subject
		 * ("The title", "The speaker's name"); %zu a number. */
		problem(ck, ef, field, arena_printf(ck->r->a, NG_("%s must "
		    "be %zu character or fewer", "%s must be %zu characters "
		    "or fewer", max), _(what), max));
	else
		problem(ck, ef, field, subject_problem(ck->r->a, what, why));
}

/* A field of several lines: no hidden or stacked characters
 * (valid_line_chars). */
static void check_text(struct check *ck, enum tf ef, const char *field,
    const char *v, size_t max, const char *empty_msg, const char *what)
{
	const char *why;

	if (*v == '\0' && empty_msg != NULL)
		problem(ck, ef, field, _(empty_msg));
	else if (utf8_len(v, strlen(v)) > max)
		/* TRANSLATORS: %s is a field as the sentence's subject
		 * ("The title", "The speaker's name"); %zu a number. */
		problem(ck, ef, field, arena_printf(ck->r->a, NG_("%s must "
		    "be %zu character or fewer", "%s must be %zu characters "
		    "or fewer", max), _(what), max));
	else if ((why = valid_line_chars(v, strlen(v))) != NULL)
		problem(ck, ef, field, subject_problem(ck->r->a, what, why));
}

/* The LINE and TEXT fields of stfields.def, in its order; then the
 * organisations they name. */
#define CHECK_LINE check_line
#define CHECK_TEXT check_text
#define CHECK_DATE(...)
#define CHECK_CHOICE(...)
#define CHECK_BODY(...)
#define CHECK_SENDER(...)
#define CHECK_FLD(name, column, store, form, on, kind, limit, label, view, \
    need, empty, what) CHECK_##kind(ck, TF_e_##form, #form, st->name, \
    limit, (need) ? empty : NULL, what);
#define CHECK_NONE(...)
static void check_typed(struct check *ck, struct statement *st)
{
	ST_FIELDS_DEF(CHECK_NONE, CHECK_NONE, CHECK_FLD)
	st->org_id = *st->org_name ? org_resolve(ck->r, &st->org_name) : 0;
	st->behalf_org_id = *st->on_behalf_of ?
	    org_resolve(ck->r, &st->on_behalf_of) : 0;
}

static void check_choices(struct check *ck, struct statement *st)
{
	if (choice_find(statement_kinds, st->kind) == NULL)
		problem(ck, TF_e_kind, "kind-panel", _("Select the kind of "
		    "statement"));
	if (*st->language == '\0')
		problem(ck, TF_e_language, "language", _("Select the "
		    "language the statement is in"));
	else if (valid_lang(st->language) != NULL)
		/* TRANSLATORS: en, es, fr and pt-BR are language tags:
		 * keep them as they are. */
		problem(ck, TF_e_language, "language", _("Enter a language "
		    "tag such as en, es, fr or pt-BR"));
	else
		st->language = lang_canonical(ck->r->a, st->language);
	if (*st->delivered != '\0' && valid_date(st->delivered) != NULL)
		/* TRANSLATORS: keep 2024-05-21 as it is: the format the
		 * field takes. */
		problem(ck, TF_e_delivered, "delivered", _("Enter the date "
		    "it was delivered as a date like 2024-05-21, or leave it "
		    "empty"));
}

/* The body: required, bounded, and rendered now so that its problems
 * (invalid text, too deep) reach the person with the form. */
static void check_body(struct check *ck, struct statement *st)
{
	enum markup_format f;
	struct buf out;
	const char *msg = NULL;

	if (markup_format_parse(st->format, &f) != 0) {
		problem(ck, TF_e_format, "format-text", _("Select how the "
		    "text is written"));
		return;
	}
	if (*st->source == '\0') {
		problem(ck, TF_e_body, "body", _("Enter the text of the "
		    "statement"));
		return;
	}
	if (utf8_len(st->source, strlen(st->source)) > ST_MAX_BODY) {
		problem(ck, TF_e_body, "body", _("The statement must be "
		    "100,000 characters or fewer"));
		return;
	}
	if ((msg = valid_marks(st->source, strlen(st->source))) != NULL) {
		problem(ck, TF_e_body, "body", subject_problem(ck->r->a,
		    N_("The statement"), msg));
		return;
	}
	buf_init(&out);
	if (markup_render(f, st->source, strlen(st->source), &out, &msg) != 0)
		/* TRANSLATORS: %s says what is wrong with the text, as in
		 * "is too long (at most 1 MiB)" or "could not be
		 * formatted". */
		problem(ck, TF_e_body, "body", arena_printf(ck->r->a,
		    _("The text %s."), _(msg)));
	else if (out.len == 0)
		problem(ck, TF_e_body, "body", _("The statement has no "
		    "text that can be published"));
	st->html = buf_arena(&out, ck->r->a);
	buf_free(&out);
}

static void check_submitter(struct check *ck, const struct form_data *fd,
    struct statement *st)
{
	if (form_field(fd->form, "submitter_name") == NULL)
		return; /* the status page does not change who sent it */
	check_line(ck, TF_e_submitter_name, "submitter_name",
	    st->submitter_name, ST_MAX_LINE, N_("Enter your name"),
	    N_("Your name"));
	if (*st->submitter_email == '\0')
		problem(ck, TF_e_submitter_email, "submitter_email",
		    _("Enter your e-mail address"));
	else if (valid_email(st->submitter_email) != NULL)
		problem(ck, TF_e_submitter_email, "submitter_email",
		    _("Enter an e-mail address in the correct format, like "
		    "name@example.org"));
	if (strcmp(form_str(fd, "consent"), "yes") != 0)
		problem(ck, TF_e_consent, "consent", _("Confirm that the "
		    "statement may be published once it is approved"));
}

int statement_from_form(struct request *r, const struct form_data *fd,
    struct statement *st, struct tv *view)
{
	struct check ck = { r, view, 0 };

	/* Each typed field, trimmed at both ends (the body keeps its inner
	 * blank lines). */
#define READ_NONE(...)
#define READ_FLD(name, column, store, form, ...) \
	st->name = field_value(r, fd, #form, st->name);
	ST_FIELDS_DEF(READ_NONE, READ_NONE, READ_FLD)

	if (form_field(fd->form, "event") != NULL)
		check_event(&ck, st);
	check_session(&ck, st);
	check_typed(&ck, st);
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
		/* A language's label is its own name: not translated. */
		tv_str(o, TF_label, c->name != NULL ? c->label : _(c->label));
		tv_str(o, TF_hint, c->hint != NULL ? _(c->hint) : NULL);
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

/* The language list of a form, lang selected; a tag from elsewhere stays
 * selectable and selected. */
static void language_choices(struct tv *view, const char *lang)
{
	choice_list(view, TF_languages, statement_languages, lang);
	if (*lang && choice_find(statement_languages, lang) == NULL) {
		struct tv *o = tv_add(view, TF_languages);

		tv_str(o, TF_value, lang);
		tv_str(o, TF_label, lang);
		tv_bool(o, TF_selected, 1);
	}
}

/* The catalogue's organisations, for the organisation fields' datalist:
 * suggestions only, free text is still taken (check_typed matches it).
 * The catalogue holds one name per organisation, in whatever language
 * and script it was entered: each is offered as it is. */
static void org_choices(struct request *r, struct tv *view)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ORG_LIST);

	while (sqlite3_step(s) == SQLITE_ROW)
		tv_str(tv_add(view, TF_org_choices), TF_value,
		    arena_strdup(r->a, sql_col(s, 1)));
	sqlite3_reset(s);
}

void statement_org_match(struct request *r, const struct statement *st,
    struct tv *view)
{
	sqlite3_stmt *s;
	struct org o;

	tv_str(view, TF_org_typed, st->org_name);
	if (st->org_id != 0) {
		s = store_stmt(r->st, SQL_ARCHIVE_ORG_BY_ID);
		sql_int(s, 1, st->org_id);
		if (sqlite3_step(s) == SQLITE_ROW) {
			tv_str(view, TF_org_match_url, req_url(r, arena_printf(
			    r->a, "/o/%s", sql_col(s, 0))));
			tv_str(view, TF_org_match_name, arena_strdup(r->a,
			    sql_col(s, 1)));
		}
		sqlite3_reset(s);
		if (tv_get(view, TF_org_match_url) != NULL)
			return;
	}
	/* Added to the catalogue after the statement was sent: the name
	 * matches, the statement is not linked to it yet. */
	if (*st->org_name != '\0' &&
	    org_find(r->st, r->a, st->org_name, &o) == 0) {
		tv_str(view, TF_org_match_url, req_url(r, arena_printf(r->a,
		    "/o/%s", o.slug)));
		tv_str(view, TF_org_match_name, o.name);
		return;
	}
	if (r->role == ROLE_ADMIN)
		tv_str(view, TF_org_add_url, req_url(r, "/admin#form-org_add"));
}

void statement_form_view(struct request *r, const struct form_data *fd,
    const struct statement *st, struct tv *view)
{
#define ECHO_LINE(form, v) tv_str(view, TF_v_##form, v);
#define ECHO_TEXT ECHO_LINE
#define ECHO_DATE ECHO_LINE
#define ECHO_CHOICE(form, v)
#define ECHO_BODY ECHO_LINE
#define ECHO_SENDER ECHO_LINE
#define ECHO_NONE(...)
#define ECHO_FLD(name, column, store, form, on, kind, ...) \
	ECHO_##kind(form, st->name)
	ST_FIELDS_DEF(ECHO_NONE, ECHO_NONE, ECHO_FLD)
	tv_bool(view, TF_v_consent, fd != NULL &&
	    form_field(fd->form, "consent") != NULL &&
	    strcmp(form_str(fd, "consent"), "yes") == 0);
	choice_list(view, TF_kinds, statement_kinds, st->kind);
	choice_list(view, TF_formats, statement_formats, st->format);
	language_choices(view, st->language);
	event_lists(r, st, view);
	org_choices(r, view);
}

struct statement statement_for_editing(const struct statement *s)
{
	struct statement e = *s;

	if (strcmp(s->format, "html") == 0 && s->html != NULL &&
	    *s->html != '\0')
		e.source = s->html;
	return e;
}

void statement_view(struct arena *a, const struct statement *st,
    struct tv *o)
{
#define SHOW_LINE(view, v) tv_str(o, TF_##view, v);
#define SHOW_TEXT SHOW_LINE
#define SHOW_DATE SHOW_LINE
#define SHOW_CHOICE(view, v)
#define SHOW_BODY(view, v)
#define SHOW_SENDER(view, v)
#define SHOW_NONE(...)
#define SHOW_FLD(name, column, store, form, on, kind, limit, label, view, \
    ...) SHOW_##kind(view, st->name)
	ST_FIELDS_DEF(SHOW_NONE, SHOW_NONE, SHOW_FLD)
	tv_str(o, TF_st_id, st->public_id);
	tv_str(o, TF_st_kind, statement_kind_label(st->kind));
	tv_str(o, TF_st_session, st->session_title);
	tv_str(o, TF_st_event, st->event_title);
	tv_str(o, TF_st_date_human, *st->delivered ?
	    date_human(a, i18n_current(), st->delivered) : NULL);
	if (st->corrected != NULL && *st->corrected != '\0') {
		tv_str(o, TF_st_corrected, st->corrected);
		tv_str(o, TF_st_corrected_human,
		    date_human(a, i18n_current(), st->corrected));
	}
	tv_str(o, TF_st_lang, st->language);
	tv_str(o, TF_st_dir, lang_rtl(st->language) ? "rtl" : "ltr");
	tv_sanitized(o, TF_body_html, st->html);
}

/* ---- attachments ---------------------------------------------------------- */

const char *attachment_problem(const struct attachment *a)
{
	if (a->size > ST_MAX_ATTACHMENT)
		return _("The file must be 10 MB or smaller");
	if ((((struct attachment *)a)->ctype = file_kind(a->data,
	    a->size)) != NULL)
		return NULL;
	return _("The file must be a PDF, a Word document (DOCX) or an "
	    "OpenDocument text (ODT)");
}

const char *attachment_ext(const char *ctype)
{
	return strcmp(ctype, "application/pdf") == 0 ? "pdf" :
	    strstr(ctype, "opendocument") ? "odt" : "docx";
}

const char *attachment_base(struct arena *a, const char *filename)
{
	/* Tidied again: rows stored before names were tidied. */
	char *name = arena_strdup(a, file_name_tidy(a, filename)), *dot;

	if ((dot = strrchr(name, '.')) != NULL && dot != name)
		*dot = '\0';
	return name;
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

int statement_changed(const struct statement *a, const struct statement *b,
    const char **labels, int max)
{
	int n = 0;

#define CHANGED_NONE(...)
#define CHANGED_FLD(name, column, store, form, on, kind, limit, label, ...) \
	if (n < max && strcmp(a->name ? a->name : "", \
	    b->name ? b->name : "") != 0) \
		labels[n++] = label;
	ST_FIELDS_DEF(CHANGED_NONE, CHANGED_NONE, CHANGED_FLD)
#undef CHANGED_NONE
#undef CHANGED_FLD
	return n;
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

int statement_attachment_add(struct request *r, long long id,
    const struct attachment *att)
{
	return attachment_add(r, id, att);
}

int statement_attachment_prune(struct request *r, long long id)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ATT_PRUNE);

	sql_int(s, 1, id);
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

/* Binds every field of stfields.def whose parameter :NAME the statement
 * has: the one bind of ST_INSERT and ST_UPDATE. Returns how many it
 * bound: with the parameters bound by hand, the caller asserts that no
 * parameter of the SQL is left unbound (a typo in sql.def would otherwise
 * store NULL). */
#define BIND_LONG(s, i, v) sql_int(s, i, v)
#define BIND_INT(s, i, v) sql_int(s, i, v)
#define BIND_ID(s, i, v) bind_id_or_null(s, i, v)
#define BIND_STR(s, i, v) sql_text(s, i, v)
#define BIND_COL(name, type, column, store) \
	if ((i = sqlite3_bind_parameter_index(s, ":" #name)) > 0) { \
		BIND_##type(s, i, st->name); \
		n++; \
	}
#define BIND_FLD(name, ...) BIND_COL(name, STR, , )
static int statement_bind(sqlite3_stmt *s, const struct statement *st)
{
	int i, n = 0;

	ST_FIELDS_DEF(BIND_COL, BIND_COL, BIND_FLD)
	return n;
}
#undef BIND_FLD
#undef BIND_COL
#undef BIND_STR
#undef BIND_ID
#undef BIND_INT
#undef BIND_LONG

/* Binds a parameter the statement has by name. */
static void bind_named(sqlite3_stmt *s, const char *name, long long v,
    const char *text)
{
	int i = sqlite3_bind_parameter_index(s, name);

	assert(i > 0);
	if (text != NULL)
		sql_text(s, i, text);
	else
		sql_int(s, i, v);
}

static int statement_row_insert(struct request *r, struct statement *st,
    const char *hash)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ST_INSERT);
	int n = statement_bind(s, st);

	bind_named(s, ":status_hash", 0, hash);
	bind_named(s, ":client_addr", 0, r->remote_addr);
	assert(n + 2 == sqlite3_bind_parameter_count(s));
	return store_exec(s);
}

int statement_insert(struct request *r, struct statement *st,
    const char *hash, const struct attachment *att,
    const struct st_also *also)
{
	return statement_insert_by(r, st, hash, att, also, NULL);
}

int statement_insert_by(struct request *r, struct statement *st,
    const char *hash, const struct attachment *att,
    const struct st_also *also, const char *author)
{
	int rc, tries;

	if (st->state == NULL)
		st->state = "pending";
	if (st->hold_reason == NULL)
		st->hold_reason = "";
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
	if (statement_revision(r, st->id, author ? author : "submitter",
	    st->original_id ? "translation added" : "submitted") != 0 ||
	    (st->original_id != 0 && audit_add(r, author ? author :
	    "submitter", "add_translation", st->id, 0, 1, NULL,
	    st->language) != 0) || (att != NULL && att->size > 0 && attachment_add(r, st->id,
	    att) != 0) || (also != NULL && also->run(r, st, also->arg) != 0))
		goto fail;
	return store_commit(r->st);
fail:
	rc = sqlite3_errcode(r->st->db);
	log_err("storing a statement failed: %s", sqlite3_errmsg(r->st->db));
	store_rollback(r->st);
	return rc ? rc : SQLITE_ERROR;
}

enum st_result statement_save_content(struct request *r,
    const struct statement *st, int rev_seen, int reopen)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ST_UPDATE);
	int n = statement_bind(s, st);

	bind_named(s, ":rev_seen", rev_seen, NULL);
	bind_named(s, ":reopen", reopen, NULL);
	assert(n + 2 == sqlite3_bind_parameter_count(s));
	return statement_exec_one(r, s);
}

enum st_result statement_exec_one(struct request *r, struct sqlite3_stmt *s)
{
	int rc = store_exec_one(r->st, s);

	return rc == 0 ? ST_OK : rc == 1 ? ST_CONFLICT : ST_ERROR;
}

/* A failure's SQLite result code as a statement result. */
static enum st_result st_result_of(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY ? ST_BUSY : ST_ERROR;
}

/* Runs a change of the submitter's (a correction, or a withdrawal) inside
 * a transaction with its revision row and its audit row. A correction of a
 * statement sent back with "request changes" returns it to the queue. */
static enum st_result statement_tx(struct request *r,
    struct statement *st, const char *state, const char *author,
    const char *note, const struct st_also *also)
{
	const char *action = state ? state : "correct";
	sqlite3_stmt *s;
	enum st_result res;
	int rc;

	if ((rc = store_begin(r->st)) != 0)
		return st_result_of(rc);
	if (state == NULL) {
		res = statement_save_content(r, st, st->rev, 1);
	} else {
		s = store_stmt(r->st, SQL_ST_SET_STATE);
		sql_int(s, 1, st->id);
		sql_int(s, 2, st->rev);
		sql_text(s, 3, state);
		res = statement_exec_one(r, s);
	}
	if (res == ST_CONFLICT) {
		store_rollback(r->st);
		return ST_CONFLICT;
	}
	if (res != ST_OK || statement_revision(r, st->id, author, note) != 0 ||
	    audit_add(r, author, action, st->id, st->rev, st->rev + 1, NULL,
	    NULL) != 0 || (state != NULL && strcmp(state, "withdrawn") == 0 &&
	    statement_withdraw_versions(r, st, author) != 0) ||
	    (also != NULL && also->run(r, st, also->arg) != 0)) {
		rc = sqlite3_errcode(r->st->db);
		log_err("saving a statement failed: %s",
		    sqlite3_errmsg(r->st->db));
		store_rollback(r->st);
		return st_result_of(rc ? rc : SQLITE_ERROR);
	}
	if ((rc = store_commit(r->st)) != 0)
		return st_result_of(rc);
	st->rev++;
	if (state != NULL)
		st->state = state;
	else if (strcmp(st->state, "changes_requested") == 0)
		st->state = "pending";
	return ST_OK;
}

enum st_result statement_update(struct request *r, struct statement *st,
    const char *author, const char *note, const struct st_also *also)
{
	return statement_tx(r, st, NULL, author, note, also);
}

enum st_result statement_set_state(struct request *r,
    struct statement *st, const char *state, const char *author)
{
	return statement_tx(r, st, state, author, state, NULL);
}

/* Reads a row of ST_COLS; the number of columns read. */
int statement_row(struct arena *a, sqlite3_stmt *s, struct statement *st)
{
	int i = 0;

#define ROW_LONG() sqlite3_column_int64(s, i++)
#define ROW_INT() sqlite3_column_int(s, i++)
#define ROW_ID() sqlite3_column_int64(s, i++)
#define ROW_STR() arena_strdup(a, sql_col(s, i++))
#define ROW_COL(name, type, column, store) st->name = ROW_##type();
#define ROW_FLD(name, ...) st->name = ROW_STR();
	ST_FIELDS_DEF(ROW_COL, ROW_COL, ROW_FLD)
	return i;
}

int statement_at_rev(struct request *r, const struct statement *now,
    int rev, struct statement *st)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_REV_AT);
	struct arena *a = r->a;
	int i = 0, rc = -1;

	*st = *now;
	sql_int(s, 1, now->id);
	sql_int(s, 2, rev);
	if (sqlite3_step(s) == SQLITE_ROW) {
#define AT_KEY(...)
#define AT_READ(name, type)
#define AT_INSERT(name, type)
#define AT_SAVE(name, type)
#define AT_REV(name, type) st->name = ROW_##type();
#define AT_COL(name, type, column, store) AT_##store(name, type)
#define AT_FLD(name, column, store, ...) AT_##store(name, STR)
		ST_FIELDS_DEF(AT_KEY, AT_COL, AT_FLD)
		st->session_slug = ROW_STR();
		st->session_title = ROW_STR();
		st->rev = rev;
		rc = 0;
	}
	sqlite3_reset(s);
	return rc;
}

/* The row a bound query s finds, into st: 0, or -1 when there is none. */
static int statement_read(struct request *r, sqlite3_stmt *s,
    struct statement *st)
{
	int rc = -1;

	if (sqlite3_step(s) == SQLITE_ROW) {
		statement_row(r->a, s, st);
		rc = 0;
	}
	sqlite3_reset(s);
	return rc;
}

static int statement_load(struct request *r, enum sql_id q, const char *key,
    struct statement *st)
{
	sqlite3_stmt *s = store_stmt(r->st, q);

	sql_text(s, 1, key);
	return statement_read(r, s, st);
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

/* ---- language versions ---------------------------------------------------- */

int statement_by_id(struct request *r, long long id, struct statement *st)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ST_BY_ID);

	sql_int(s, 1, id);
	return statement_read(r, s, st);
}

void statement_translation_of(const struct statement *orig,
    struct statement *tr)
{
	*tr = *orig;
	tr->id = 0;
	tr->public_id = "";
	tr->original_id = orig->id;
	tr->state = "pending";
	tr->hold_reason = "";
	tr->rev = 0;
	tr->note = "";
	tr->publish_at = 0;
	tr->published = tr->corrected = "";
	tr->title = tr->source = tr->html = tr->language = "";
	tr->format = "text";
}

const char *statement_version_in(struct request *r, long long original_id,
    const char *lang)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ST_VERSION_IN);
	const char *id = NULL;

	sql_int(s, 1, original_id);
	sql_text(s, 2, lang);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = arena_strdup(r->a, sql_col(s, 0));
	sqlite3_reset(s);
	return id;
}

/* The private link of a translation: a keyed hash (BLAKE2b, the site's
 * secret) of its original's stored status hash and its language, so that
 * the original's status page, reached by any of its links, can link to
 * each version, and nobody without the secret can make one. */
const char *statement_version_token(struct request *r,
    const char *original_hash, const char *lang)
{
	crypto_generichash_state h;
	unsigned char key[20];
	char *out;

	crypto_generichash_init(&h, r->app->secret, sizeof(r->app->secret),
	    sizeof(key));
	crypto_generichash_update(&h, (const unsigned char *)"version-of",
	    sizeof("version-of"));
	crypto_generichash_update(&h, (const unsigned char *)original_hash,
	    strlen(original_hash) + 1);
	crypto_generichash_update(&h, (const unsigned char *)lang,
	    strlen(lang) + 1);
	crypto_generichash_final(&h, key, sizeof(key));
	out = arena_alloc(r->a, 2 * sizeof(key) + 1);
	hex_encode(out, key, sizeof(key));
	return out;
}

int statement_versions(struct request *r, long long original_id,
    struct st_version *v, int max)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_ST_VERSIONS);
	int n = 0;

	sql_int(s, 1, original_id);
	while (n < max && sqlite3_step(s) == SQLITE_ROW) {
		v[n].public_id = arena_strdup(r->a, sql_col(s, 0));
		v[n].language = arena_strdup(r->a, sql_col(s, 1));
		v[n].state = arena_strdup(r->a, sql_col(s, 2));
		v[n].title = arena_strdup(r->a, sql_col(s, 3));
		v[n].translation = sqlite3_column_int(s, 4);
		v[n].status_hash = arena_strdup(r->a, sql_col(s, 5));
		n++;
	}
	sqlite3_reset(s);
	return n;
}

int statement_withdraw_versions(struct request *r,
    const struct statement *st, const char *author)
{
	sqlite3_stmt *s;
	long long ids[ST_MAX_VERSIONS];
	int revs[ST_MAX_VERSIONS], n = 0, i;

	if (st->original_id != 0)
		return 0;
	s = store_stmt(r->st, SQL_ST_VERSIONS_LIVE);
	sql_int(s, 1, st->id);
	while (n < ST_MAX_VERSIONS && sqlite3_step(s) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(s, 0);
		revs[n++] = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	for (i = 0; i < n; i++) {
		s = store_stmt(r->st, SQL_ST_SET_STATE);
		sql_int(s, 1, ids[i]);
		sql_int(s, 2, revs[i]);
		sql_text(s, 3, "withdrawn");
		if (statement_exec_one(r, s) != ST_OK ||
		    statement_revision(r, ids[i], author, "withdrawn with its "
		    "original") != 0 || audit_add(r, author, "withdrawn",
		    ids[i], revs[i], revs[i] + 1, NULL, "with its original") != 0)
			return -1;
	}
	return 0;
}

void statement_translation_view(struct request *r,
    const struct statement *st, struct tv *view)
{
	tv_str(view, TF_v_title, st->title);
	tv_str(view, TF_v_body, st->source);
	choice_list(view, TF_formats, statement_formats, st->format);
	language_choices(view, st->language);
	(void)r;
}

struct tv *statement_translation_blank(struct request *r,
    const struct statement *orig, struct tv *view)
{
	struct tv *sub = tv_add(view, TF_translation);
	struct statement blank;

	statement_translation_of(orig, &blank);
	statement_translation_view(r, &blank, sub);
	/* Set on the form itself, so that the page's own (an error, a
	 * preview of another form) are not read from inside it. */
	tv_bool(sub, TF_preview, 0);
	tv_bool(sub, TF_error, 0);
	tv_bool(sub, TF_e_language, 0);
	tv_bool(sub, TF_e_title, 0);
	tv_bool(sub, TF_e_format, 0);
	tv_bool(sub, TF_e_body, 0);
	return sub;
}

int statement_translation_from_form(struct request *r,
    const struct form_data *fd, const struct statement *orig,
    struct statement *tr, struct tv *sub, struct tv *view)
{
	static const struct { enum tf f; const char *id; } shown[] = {
		{ TF_e_language, "tr-language" }, { TF_e_title, "tr-title" },
		{ TF_e_format, "tr-format-text" }, { TF_e_body, "tr-body" },
	};
	const char *msg = NULL;
	size_t i;
	int n;

	for (i = 0; i < ARRAY_LEN(shown); i++)
		tv_bool(sub, shown[i].f, 0); /* not the page's other form's */
	n = statement_from_form(r, fd, tr, sub);
	if (tv_get(sub, TF_e_language) == NULL && *tr->language != '\0') {
		if (strcmp(tr->language, orig->language) == 0)
			msg = _("The original is in this language: choose the "
			    "language of the translation");
		else if (statement_version_in(r, orig->id, tr->language) !=
		    NULL)
			msg = _("This statement already has a version in this "
			    "language: choose another language, or correct "
			    "that version");
		if (msg != NULL) {
			tv_str(sub, TF_e_language, msg);
			n++;
		}
	}
	for (i = 0; i < ARRAY_LEN(shown); i++) {
		const char *m = tv_get(sub, shown[i].f);
		struct tv *e;

		if (m == NULL || *m == '\0')
			continue;
		e = tv_add(view, TF_errors);
		tv_str(e, TF_field, shown[i].id);
		tv_str(e, TF_message, m);
	}
	return n;
}

int statement_language_taken(struct request *r, const struct statement *st)
{
	const char *id = statement_version_in(r, st->original_id ?
	    st->original_id : st->id, st->language);

	return id != NULL && strcmp(id, st->public_id) != 0;
}

/* ---- what changed between two revisions (the review page's history, the
 * submitter's status page) ---------------------------------------------- */

/* The text of a revision's HTML, a block a line (NULL: unreadable). */
const char *statement_text_blocks(struct request *r, const char *html)
{
	struct buf b;
	const char *text = NULL;

	buf_init(&b);
	if (markup_blocks(html, strlen(html), &b) == 0)
		text = buf_arena(&b, r->a);
	buf_free(&b);
	return text;
}

/* What changed in the text a reader reads, from the revision before's
 * (blocks) to this one's; nothing when neither source nor HTML changed. */
void statement_diff_view(struct request *r, struct tv *o,
    const char *prev_blocks, const char *blocks)
{
	struct diff d;
	size_t i, k;

	diff_text(r->a, prev_blocks, blocks, &d);
	if (d.n == 0) {
		tv_bool(o, TF_diff_none, 1);
		return;
	}
	tv_bool(o, TF_has_diff, 1);
	for (i = 0; i < d.n; i++) {
		const struct diff_block *e = &d.block[i];
		struct tv *blk = tv_add(o, TF_blocks);

		if (e->op == '.') {
			/* TRANSLATORS: in a statement's history, unchanged
			 * paragraphs (or list items, headings, cells) not
			 * shown between two changes. */
			tv_str(blk, TF_gap, arena_printf(r->a, NG_("… %zu "
			    "unchanged paragraph …", "… %zu unchanged "
			    "paragraphs …", e->skipped), e->skipped));
			continue;
		}
		tv_str(blk, TF_op, e->op == '-' ? "del" : e->op == '+' ?
		    "ins" : e->op == '~' ? "change" : "same");
		for (k = 0; k < e->npiece; k++) {
			const struct diff_piece *pc = &e->piece[k];
			struct tv *p = tv_add(blk, TF_pieces);

			tv_bool(p, pc->op == '-' ? TF_del : pc->op == '+' ?
			    TF_ins : TF_same, 1);
			tv_str(p, TF_text, arena_strndup(r->a, pc->s, pc->n));
		}
	}
	if (d.capped)
		tv_bool(o, TF_diff_capped, 1);
}
