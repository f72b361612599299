/* page_export.c — GET /admin/export: the export form, and with a format
 * chosen, the download (export.c makes it, as for `dais export`). A GET
 * that changes nothing: no token; the route is for administrators. */
#include "config.h"

#include <string.h>

#include "export.h"
#include "i18n.h"
#include "pages.h"
#include "request.h"
#include "statement.h"
#include "store.h"
#include "template.h"
#include "util.h"

static const struct field export_fields[] = {
	{ "format", 0, 8, N_("Format") },
	{ "event", 0, 64, N_("Event") },
	{ "org", 0, 64, N_("Organisation") },
	/* Not "lang": that is every page's interface language (?lang=). */
	{ "language", 0, 35, N_("Language") },
	{ "state", 0, 32, N_("State") },
	{ "since", 0, 10, N_("Sent on or after") },
	{ "submitter", 0, 254, N_("Submitter's e-mail address") },
	{ "bom", 0, 3, N_("For Excel") },
};
const struct form export_query = FORM_DEF("export", export_fields);

static const char *const export_states[] = { "pending",
    "changes_requested", "approved", "rejected", "withdrawn", "spam", NULL };

/* The choices of a select from sql (slug, label), the one chosen marked. */
static void choices(struct request *r, struct tv *view, enum tf list,
    enum sql_id sql, const char *chosen)
{
	sqlite3_stmt *s = store_stmt(r->st, sql);

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct tv *o = tv_add(view, list);

		tv_str(o, TF_value, arena_strdup(r->a, sql_col(s, 0)));
		tv_str(o, TF_label, arena_strdup(r->a, sql_col(s, 1)));
		tv_bool(o, TF_selected, strcmp(sql_col(s, 0), chosen) == 0);
	}
	sqlite3_reset(s);
}

static void export_form(struct request *r, struct form_data *fd, int status,
    const char *field, const char *message)
{
	struct tv *view = tv_new(r->a);
	const char *state = form_str(fd, "state");
	int i;

	tv_str(view, TF_action_url, req_url(r, "/admin/export"));
	tv_bool(view, TF_x_csv, strcmp(form_str(fd, "format"), "csv") == 0);
	choices(r, view, TF_events, SQL_EXPORT_EVENTS, form_str(fd, "event"));
	choices(r, view, TF_orgs, SQL_EXPORT_ORGS, form_str(fd, "org"));
	for (i = 0; export_states[i] != NULL; i++) {
		struct tv *o = tv_add(view, TF_x_states);

		tv_str(o, TF_value, export_states[i]);
		tv_str(o, TF_label, statement_state_label(export_states[i]));
		tv_bool(o, TF_selected, strcmp(state, export_states[i]) == 0);
	}
	tv_str(view, TF_x_lang, form_str(fd, "language"));
	tv_str(view, TF_x_since, form_str(fd, "since"));
	tv_str(view, TF_x_submitter, form_str(fd, "submitter"));
	tv_bool(view, TF_x_bom, *form_str(fd, "bom") != '\0');
	if (message != NULL) {
		struct tv *e = tv_add(view, TF_errors);

		tv_str(e, TF_field, arena_printf(r->a, "x-%s", field));
		tv_str(e, TF_message, message);
		tv_bool(view, TF_error, 1);
		tv_str(view, strcmp(field, "event") == 0 ? TF_e_x_event :
		    strcmp(field, "org") == 0 ? TF_e_x_org :
		    strcmp(field, "lang") == 0 ? TF_e_x_lang :
		    strcmp(field, "state") == 0 ? TF_e_x_state :
		    strcmp(field, "since") == 0 ? TF_e_x_since :
		    strcmp(field, "format") == 0 ? TF_e_x_format :
		    TF_e_x_submitter, message);
	}
	tv_str(view, TF_page_title, _("Export"));
	resp_page(r, status, "export", view);
}

void page_export(struct request *r, struct form_data *fd)
{
	const char *format = form_str(fd, "format"), *field, *why;
	struct export_filter f;
	struct buf out;
	int csv, rc;

	if (*format == '\0') {
		export_form(r, fd, 200, NULL, NULL);
		return;
	}
	if (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0) {
		export_form(r, fd, 400, "format", _("Choose JSON or CSV."));
		return;
	}
	csv = strcmp(format, "csv") == 0;
	f.event = form_str(fd, "event");
	f.org = form_str(fd, "org");
	f.lang = form_str(fd, "language");
	f.state = form_str(fd, "state");
	f.since = form_str(fd, "since");
	f.submitter = form_str(fd, "submitter");
	if ((why = export_filter_problem(&f, &field)) != NULL) {
		export_form(r, fd, 400, field, why);
		return;
	}
	buf_init(&out);
	rc = csv ? export_csv(r->st, &f, *form_str(fd, "bom") != '\0', &out) :
	    export_json(r->st, &f, &out);
	if (rc != 0) {
		buf_free(&out);
		resp_error(r, 503, _("The database is busy: try again in a "
		    "moment."));
		return;
	}
	resp_download(r, csv ? "text/csv; charset=utf-8" :
	    "application/json", out.s, out.len, csv ? "dais-export.csv" :
	    "dais-export.json", "dais-export", csv ? "csv" : "json");
	resp_header(r, "Cache-Control", "no-store");
	buf_free(&out);
}
