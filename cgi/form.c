/* form.c — reading a request's fields against the form's table. */
#include "config.h"

#include <assert.h>
#include <string.h>
#include <time.h>

#include "form.h"
#include "i18n.h"
#include "request.h"
#include "token.h"

const struct field *form_field(const struct form *form, const char *name)
{
	size_t i;

	for (i = 0; i < form->count; i++)
		if (strcmp(form->fields[i].name, name) == 0)
			return &form->fields[i];
	return NULL;
}

/* The parser's hard limits: a few times what a person may type, so that
 * an over-long but honest value reaches the form with its text kept and a
 * friendly message, while an absurd one is refused before it costs much. */
static void form_limits(const struct form *form, struct parse_limits *lim)
{
	size_t i;

	memset(lim, 0, sizeof(*lim));
	lim->max_fields = FORM_MAX_FIELDS * 4;
	lim->max_name = REQ_MAX_NAME;
	lim->max_value = 1024;
	for (i = 0; i < form->count; i++) {
		const struct field *f = &form->fields[i];

		if (f->flags & FIELD_FILE) {
			if (f->max > lim->max_file)
				lim->max_file = f->max;
		} else if (f->max * 4 + 64 > lim->max_value) {
			lim->max_value = f->max * 4 + 64;
		}
	}
}

/* "The field “x”": names from a request are shown escaped by the error
 * template; here they are only cut short. */
static const char *field_label(struct request *r, const char *name,
    const struct field *f)
{
	/* TRANSLATORS: a form field named in an error message: its
	 * label ("Title"), then its name in the form ("title"). */
	if (f != NULL && f->label != NULL)
		return arena_printf(r->a, _("“%s” (%s)"), _(f->label),
		    f->name);
	/* TRANSLATORS: a form field named in an error message: the name
	 * the browser sent (at most 40 bytes of it). */
	return arena_printf(r->a, _("“%.40s”"), name);
}

/* The whole sentence for text_problem()'s answer about a field, so that a
 * translation need not join a subject and a predicate. */
static const char *problem_sentence(struct request *r, const char *field,
    const char *problem)
{
	/* TRANSLATORS: in the sentences below, %s is the field, as in
	 * "“Title” (title)". */
	if (strcmp(problem, "contains bytes that are not valid UTF-8 "
	    "text") == 0)
		return arena_printf(r->a, _("The field %s contains bytes that "
		    "are not valid UTF-8 text. Please check what you "
		    "entered."), field);
	if (strcmp(problem, "contains a NUL character") == 0)
		return arena_printf(r->a, _("The field %s contains a NUL "
		    "character. Please check what you entered."), field);
	if (strcmp(problem, "must be on one line") == 0)
		return arena_printf(r->a, _("The field %s must be on one "
		    "line. Please check what you entered."), field);
	if (strcmp(problem, "contains a control character") == 0)
		return arena_printf(r->a, _("The field %s contains a control "
		    "character. Please check what you entered."), field);
	/* A problem text_problem() does not give today. */
	return arena_printf(r->a, _("The field %s contains characters that "
	    "are not allowed. Please check what you entered."), field);
}

static int form_refuse(struct request *r, int status, const char *msg)
{
	resp_error(r, status, msg);
	return -1;
}

/* The answer to a parser's failure: 0 for PARSE_OK, else -1 with the
 * error response set. */
static int form_parse_status(struct request *r, enum parse_status ps,
    const char *msg)
{
	switch (ps) {
	case PARSE_OK:
		return 0;
	case PARSE_TOO_MANY:
		resp_error(r, 413, _("The form sent far more fields than it "
		    "has."));
		return -1;
	case PARSE_TOO_LONG:
		resp_error(r, 413, msg ? _(msg) : _("A field of the form is "
		    "far longer than allowed."));
		return -1;
	default:
		resp_error(r, 400, msg ? _(msg) : _("The form data is "
		    "malformed."));
		return -1;
	}
}

/* 1 when a GET page reads the parameter called name: a field of its
 * form, or ?lang=, which every page reads (req_language). */
static int query_name_used(const struct form *form, const char *name)
{
	return form_field(form, name) != NULL || strcmp(name, "lang") == 0;
}

/* A public page's query (form_read_public): each "name=value" piece is
 * parsed on its own and a piece the page does not read is dropped, even
 * one that is malformed or over-long (utm_campaign=50%off, an fbclid
 * longer than any field): what a newsletter, a social network or a cache
 * adds to a shared link. A piece of a field the page reads is refused as
 * form_read refuses it, and so is a query of more pieces than the limit. */
static int form_parse_public(struct request *r, const struct form *form,
    const struct parse_limits *lim, struct param **out)
{
	const char *s = r->query_string, *amp, *msg = NULL;
	size_t n = strlen(s), i, end, count = 0;
	struct param **tail = out, *one, *name;
	enum parse_status ps;

	*out = NULL;
	for (i = 0; i < n; i = end + 1) {
		amp = memchr(s + i, '&', n - i);
		end = amp != NULL ? (size_t)(amp - s) : n;
		if (end == i)
			continue;
		if (++count > lim->max_fields)
			return form_parse_status(r, PARSE_TOO_MANY, NULL);
		ps = parse_urlencoded(r->a, s + i, end - i, lim, &one, &msg);
		if (ps != PARSE_OK) {
			/* Whose piece is it? Its name alone says (a name
			 * that cannot be read is no field's). */
			size_t k = strcspn(s + i, "=&");
			const char *why;

			if (k > end - i)
				k = end - i;
			if (parse_urlencoded(r->a, s + i, k, lim, &name,
			    &why) != PARSE_OK || name == NULL ||
			    !query_name_used(form, name->name))
				continue;
			return form_parse_status(r, ps, msg);
		}
		if (one == NULL || !query_name_used(form, one->name))
			continue;
		*tail = one;
		tail = &one->next;
	}
	return 0;
}

/* r's query string made again from the parameters a public page reads,
 * so that nothing after the form (the language switcher's links, the
 * hreflang alternates, a handler's own reading) sees the others. */
static void query_keep(struct request *r, const struct param *kept)
{
	struct buf b;

	buf_init(&b);
	for (; kept != NULL; kept = kept->next) {
		if (b.len > 0)
			buf_putc(&b, '&');
		url_arg(&b, kept->name, strlen(kept->name));
		buf_putc(&b, '=');
		url_arg(&b, kept->value, kept->len);
	}
	r->query_string = b.len > 0 ? buf_arena(&b, r->a) : "";
	buf_free(&b);
}

static int form_parse(struct request *r, const struct form *form,
    struct param **out)
{
	struct parse_limits lim;
	enum parse_status ps;
	const char *msg = NULL, *data;
	size_t len, max_body;

	form_limits(form, &lim);
	*out = NULL;
	if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) {
		ps = parse_urlencoded(r->a, r->query_string,
		    strlen(r->query_string), &lim, out, &msg);
	} else {
		max_body = lim.max_file + lim.max_value * 2 + 65536;
		if (max_body > REQ_MAX_BODY)
			max_body = REQ_MAX_BODY;
		if (req_body(r, max_body, &data, &len) != 0)
			return -1;
		if (ascii_ncasecmp(r->content_type, "multipart/form-data",
		    19) == 0) {
			ps = parse_multipart(r->a, r->content_type, data, len,
			    &lim, out, &msg);
		} else if (len == 0 || ascii_ncasecmp(r->content_type,
		    "application/x-www-form-urlencoded", 33) == 0) {
			ps = parse_urlencoded(r->a, data, len, &lim, out, &msg);
		} else {
			resp_error(r, 415, _("This form accepts only what a "
			    "web browser sends (urlencoded or multipart form "
			    "data)."));
			return -1;
		}
	}
	return form_parse_status(r, ps, msg);
}

/* Checks one parameter against its field. */
static int form_check_param(struct request *r, const struct form *form,
    struct form_data *fd, struct param *p)
{
	const struct field *f = form_field(form, p->name);
	const char *problem;
	size_t i;

	/* ?lang= is every page's (the language switcher's links, read by
	 * req_language) unless the form has a field of that name. */
	if (f == NULL && strcmp(p->name, "lang") == 0 &&
	    strcmp(r->method, "POST") != 0)
		return 0;
	if (f == NULL || text_problem(p->name, strlen(p->name), TEXT_LINE))
		/* TRANSLATORS: %s is the field, as in "“x”". */
		return form_refuse(r, 400, arena_printf(r->a, _("The form "
		    "sent a field this page does not know: %s."),
		    field_label(r, p->name, NULL)));
	i = (size_t)(f - form->fields);
	if (fd->v[i] != NULL && !(f->flags & FIELD_REPEAT))
		/* TRANSLATORS: %s is the field, as in "“Title” (title)". */
		return form_refuse(r, 400, arena_printf(r->a, _("The form "
		    "sent the field %s more than once."), field_label(r,
		    p->name, f)));
	if ((f->flags & FIELD_FILE) == 0 && p->filename != NULL)
		/* TRANSLATORS: %s is the field, as in "“Title” (title)". */
		return form_refuse(r, 400, arena_printf(r->a, _("The field "
		    "%s should be text, not a file."), field_label(r, p->name,
		    f)));
	if ((f->flags & FIELD_FILE) && p->filename == NULL && p->len > 0)
		/* TRANSLATORS: %s is the field, as in "“Title” (title)". */
		return form_refuse(r, 400, arena_printf(r->a, _("The field "
		    "%s should be a file."), field_label(r, p->name, f)));
	/* Only valid UTF-8 is tidied: invalid bytes are refused below. */
	if ((f->flags & FIELD_LONG) && utf8_valid(p->value, p->len)) {
		size_t n = p->len;
		const char *t = text_tidy(r->a, p->value, &n);

		if (t != NULL) {
			p->value = t;
			p->len = n;
		}
	}
	if (!(f->flags & FIELD_FILE)) {
		problem = text_problem(p->value, p->len,
		    (f->flags & FIELD_LONG) ? TEXT_LONG : TEXT_LINE);
		if (problem != NULL)
			return form_refuse(r, 400, problem_sentence(r,
			    field_label(r, p->name, f), problem));
	}
	if (fd->v[i] == NULL)
		fd->v[i] = p;
	return 0;
}

/* The form token: a missing or forged one is a 403. */
static int form_check_csrf(struct request *r, const struct form *form,
    struct form_data *fd)
{
	size_t i;
	time_t issued;

	for (i = 0; i < form->count; i++) {
		const char *v;

		if (!(form->fields[i].flags & FIELD_CSRF))
			continue;
		v = fd->v[i] ? fd->v[i]->value : "";
		if (token_check(r, form->name, v, &issued) != TOKEN_OK ||
		    issued > time(NULL) + 300 ||
		    (time(NULL) - issued > FORM_TOKEN_MAX_AGE &&
		    !(form->fields[i].flags & FIELD_TIMED))) {
			resp_error(r, 403, _("This form has expired or did "
			    "not come from this site. Go back, reload the page "
			    "and send it again."));
			return -1;
		}
		fd->issued = issued;
	}
	return 0;
}

int form_read(struct request *r, const struct form *form,
    struct form_data *fd)
{
	struct param *p;

	memset(fd, 0, sizeof(*fd));
	fd->form = form;
	if (form->count > FORM_MAX_FIELDS)
		return form_refuse(r, 500, "form table too large");
	if (form_parse(r, form, &fd->all) != 0)
		return -1;
	for (p = fd->all; p != NULL; p = p->next)
		if (form_check_param(r, form, fd, p) != 0)
			return -1;
	return form_check_csrf(r, form, fd);
}

int form_read_public(struct request *r, const struct form *form,
    struct form_data *fd)
{
	struct parse_limits lim;
	struct param *p;

	assert(strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0);
	memset(fd, 0, sizeof(*fd));
	fd->form = form;
	if (form->count > FORM_MAX_FIELDS)
		return form_refuse(r, 500, "form table too large");
	form_limits(form, &lim);
	if (form_parse_public(r, form, &lim, &fd->all) != 0)
		return -1;
	for (p = fd->all; p != NULL; p = p->next)
		if (form_check_param(r, form, fd, p) != 0)
			return -1;
	query_keep(r, fd->all);
	return form_check_csrf(r, form, fd);
}

const struct param *form_param(const struct form_data *fd, const char *name)
{
	const struct field *f = form_field(fd->form, name);

	/* A name outside the form's table would read "" forever: a
	 * programmer's mistake, stopped where asserts are on (every test
	 * build). Callers that accept several forms ask form_field first. */
	assert(f != NULL && "form field name not in the form's table");
	return f ? fd->v[f - fd->form->fields] : NULL;
}

const char *form_str(const struct form_data *fd, const char *name)
{
	const struct param *p = form_param(fd, name);

	return p ? p->value : "";
}

int form_too_long(const struct form_data *fd, const char *name)
{
	const struct field *f = form_field(fd->form, name);
	const struct param *p = form_param(fd, name);

	if (f == NULL || p == NULL || (f->flags & FIELD_FILE))
		return 0;
	return utf8_len(p->value, p->len) > f->max;
}
