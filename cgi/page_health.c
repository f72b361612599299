/* page_health.c — liveness and the stylesheet. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "outbox.h"
#include "pages.h"
#include "parse.h"
#include "store.h"
#include "template.h"

static const struct field healthz_fields[] = {
	{ "detail", 0, 16, N_("Detail") },
};
const struct form healthz_query = FORM_DEF("healthz", healthz_fields);

/* GET /healthz: 200 "ok" when the database answers a query, else 503.
 * With ?detail (any value), lines for an operator follow "ok": the
 * outbox (mail waiting, and given up as undeliverable after
 * mail_attempts, to see on /admin). Liveness is the status and the first
 * line; the plain answer stays the three bytes monitors match. */
void page_healthz(struct request *r, struct form_data *fd)
{
	static const char ok[] = "ok\n", down[] = "database unavailable\n";
	struct outbox_counts c;
	const char *body;

	if (r->st == NULL || !store_ping(r->st)) {
		resp_body(r, 503, "text/plain; charset=utf-8", down,
		    sizeof(down) - 1);
		return;
	}
	if (form_param(fd, "detail") == NULL) {
		resp_body(r, 200, "text/plain; charset=utf-8", ok,
		    sizeof(ok) - 1);
		return;
	}
	if (outbox_counts(r->st, &c) != 0)
		body = "ok\nmail: unknown\n";
	else
		body = arena_printf(r->a, "ok\nmail: %lld waiting, %lld "
		    "undeliverable%s%s\n", c.pending, c.dead, c.pending > 0 ?
		    arena_printf(r->a, ", the oldest queued %lld s ago",
		    (long long)time(NULL) - c.oldest) : "", c.dead > 0 ?
		    " (see /admin#mail)" : "");
	resp_body(r, 200, "text/plain; charset=utf-8", body, strlen(body));
}

/* GET /static/NAME and /embed.js: the stylesheets and scripts of the
 * templates folder, cached by browsers and revalidated by their ETag. */
void page_static(struct request *r, struct form_data *fd)
{
	const char *name = r->nargs > 0 ? r->args[0] : "embed.js";
	const struct asset *a = app_asset(r->app, name);

	if (a == NULL) {
		resp_error(r, 404, _("There is no such file."));
		return;
	}
	r->no_security_headers = 1;
	resp_header(r, "ETag", a->etag);
	resp_header(r, "Cache-Control", "public, max-age=3600");
	if (strcmp(name, "embed.js") == 0)
		resp_header(r, "Access-Control-Allow-Origin", "*");
	if (strcmp(req_env(r, "HTTP_IF_NONE_MATCH"), a->etag) == 0) {
		resp_body(r, 304, a->ctype, "", 0);
		return;
	}
	resp_body(r, 200, a->ctype, a->data.s, a->data.len);
}
