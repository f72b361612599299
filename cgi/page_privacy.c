/* page_privacy.c — /admin/erase: erasure on request from the web, for
 * administrators. The first POST finds how many statements the address
 * sent and asks to confirm; the second (confirm=yes) erases, as `dais
 * erase` does (privacy.c). The audit log gets counts, never the address. */
#include "config.h"

#include <string.h>

#include "form.h"
#include "i18n.h"
#include "pages.h"
#include "privacy.h"
#include "publish.h"
#include "store.h"
#include "template.h"
#include "token.h"
#include "util.h"
#include "valid.h"

static const struct field erase_fields[] = {
	{ "email", 0, 254, N_("E-mail address") },
	{ "withdraw", 0, 3, N_("Also withdraw the published statements") },
	{ "confirm", 0, 3, N_("Confirmation") },
	{ "csrf", FIELD_CSRF, 200, N_("Form token") },
};
const struct form erase_form = FORM_DEF("erase", erase_fields);

/* After an erasure, its counts (the address is never in the URL). */
static const struct field erased_fields[] = {
	{ "deleted", 0, 12, N_("Statements deleted") },
	{ "kept", 0, 12, N_("Published statements kept") },
	{ "withdrawn", 0, 12, N_("Published statements withdrawn") },
};
const struct form erase_query = FORM_DEF("erased", erased_fields);

static void erase_line(struct tv *view, const char *text)
{
	tv_str(tv_add(view, TF_erase_counts), TF_text, text);
}

/* The page: the form (with what was typed), and a problem, a
 * confirmation or a result when there is one. */
static void erase_render(struct request *r, int status, struct tv *view,
    const char *email, int withdraw, const char *problem)
{
	if (problem != NULL) {
		struct tv *e = tv_add(view, TF_errors);

		tv_str(e, TF_field, "email");
		tv_str(e, TF_message, problem);
		tv_bool(view, TF_error, 1);
		tv_str(view, TF_e_email, problem);
	}
	tv_str(view, TF_v_email, email);
	tv_bool(view, TF_v_withdraw, withdraw);
	tv_str(view, TF_csrf, token_make(r, erase_form.name));
	tv_str(view, TF_action_url, req_url(r, "/admin/erase"));
	tv_str(view, TF_admin_url, req_url(r, "/admin"));
	tv_str(view, TF_page_title, _("Erase a submitter's data"));
	resp_page(r, status, "erase", view);
}


/* What will happen, before the confirmation. */
static void erase_preview(struct request *r, struct tv *view,
    const struct erase_counts *c, int withdraw)
{
	long long unpublished = c->matched - c->published;

	tv_bool(view, TF_erase_confirm, c->matched > 0);
	if (c->matched == 0) {
		erase_line(view, _("No statement was sent from this address. "
		    "Erasing still removes it from sign-in links, mails, "
		    "trusted addresses and the audit log."));
		tv_bool(view, TF_erase_confirm, 1);
		return;
	}
	erase_line(view, arena_printf(r->a, NG_("%lld statement was sent "
	    "from this address.", "%lld statements were sent from this "
	    "address.", (unsigned long)c->matched), c->matched));
	erase_line(view, arena_printf(r->a, NG_("%lld unpublished statement "
	    "will be deleted, with its versions and attachments.", "%lld "
	    "unpublished statements will be deleted, with their versions "
	    "and attachments.", (unsigned long)unpublished), unpublished));
	erase_line(view, arena_printf(r->a, withdraw ? NG_("%lld published "
	    "statement will be withdrawn and lose its submitter's data.",
	    "%lld published statements will be withdrawn and lose their "
	    "submitter's data.", (unsigned long)c->published) :
	    NG_("%lld published statement will stay published without its "
	    "submitter's data.", "%lld published statements will stay "
	    "published without their submitter's data.",
	    (unsigned long)c->published), c->published));
}

static void erase_result(struct request *r, struct tv *view,
    const struct erase_counts *c)
{
	tv_bool(view, TF_erase_done, 1);
	erase_line(view, arena_printf(r->a, NG_("%lld statement deleted.",
	    "%lld statements deleted.", (unsigned long)c->deleted),
	    c->deleted));
	erase_line(view, arena_printf(r->a, NG_("%lld published statement "
	    "kept without its submitter's data.", "%lld published statements "
	    "kept without their submitter's data.", (unsigned long)c->kept),
	    c->kept));
	erase_line(view, arena_printf(r->a, NG_("%lld published statement "
	    "withdrawn.", "%lld published statements withdrawn.",
	    (unsigned long)c->withdrawn), c->withdrawn));
}

/* The form, or what an erasure did (?deleted=&kept=&withdrawn=, where
 * its POST redirected: a reload erases nothing again). */
void page_erase(struct request *r, struct form_data *fd)
{
	struct tv *view = tv_new(r->a);
	struct erase_counts c;

	memset(&c, 0, sizeof(c));
	if (*form_str(fd, "deleted") != '\0' || *form_str(fd, "kept") != '\0' ||
	    *form_str(fd, "withdrawn") != '\0') {
		if (parse_ll(form_str(fd, "deleted"), 0, 1000000000,
		    &c.deleted) != 0 || parse_ll(form_str(fd, "kept"), 0,
		    1000000000, &c.kept) != 0 || parse_ll(form_str(fd,
		    "withdrawn"), 0, 1000000000, &c.withdrawn) != 0) {
			resp_error(r, 400, _("This address is not one dais "
			    "made: its counts are not whole numbers."));
			return;
		}
		erase_result(r, view, &c);
	}
	erase_render(r, 200, view, "", 0, NULL);
}

void page_erase_post(struct request *r, struct form_data *fd)
{
	const char *email = form_str(fd, "email");
	int withdraw = strcmp(form_str(fd, "withdraw"), "yes") == 0;
	struct tv *view = tv_new(r->a);
	struct erase_counts c;
	struct publisher p;
	int rc;

	if ((*form_str(fd, "withdraw") != '\0' && !withdraw) ||
	    (*form_str(fd, "confirm") != '\0' &&
	    strcmp(form_str(fd, "confirm"), "yes") != 0)) {
		resp_error(r, 400, _("The form sent a value it does not have. "
		    "Reload the page and send it again."));
		return;
	}
	if (*email == '\0' || valid_email(email) != NULL) {
		erase_render(r, 422, view, email, withdraw, *email == '\0' ?
		    _("Enter the e-mail address of the submitter") :
		    _("Enter an e-mail address in the right form, like "
		    "name@example.org"));
		return;
	}
	if (strcmp(form_str(fd, "confirm"), "yes") != 0) {
		if (privacy_erase_count(r->st, email, &c) != 0) {
			erase_render(r, 503, view, email, withdraw,
			    _("The database is busy. Try again in a moment."));
			return;
		}
		erase_preview(r, view, &c, withdraw);
		erase_render(r, 200, view, email, withdraw, NULL);
		return;
	}
	publisher_init(&p, r->st, r->a, r->app->tmpl, r->script_name);
	rc = privacy_erase(r->st, &p, email, withdraw, r->user,
	    r->remote_addr, &c);
	if (rc != 0) {
		erase_render(r, 503, view, email, withdraw, _("Nothing was "
		    "erased: the database is busy. Try again in a moment."));
		return;
	}
	publish_files(&p);
	privacy_scrub(r->st);
	resp_redirect(r, 303, arena_printf(r->a, "%s?deleted=%lld&kept=%lld&"
	    "withdrawn=%lld", req_url(r, "/admin/erase"), c.deleted, c.kept,
	    c.withdrawn));
}
