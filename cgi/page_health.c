/* page_health.c — liveness, the start page and the stylesheet. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "store.h"
#include "template.h"

/* GET /healthz: 200 "ok" when the database answers a query, else 503. */
void page_healthz(struct request *r, struct form_data *fd)
{
	static const char ok[] = "ok\n", down[] = "database unavailable\n";

	if (r->st != NULL && store_ping(r->st))
		resp_body(r, 200, "text/plain; charset=utf-8", ok,
		    sizeof(ok) - 1);
	else
		resp_body(r, 503, "text/plain; charset=utf-8", down,
		    sizeof(down) - 1);
}

void page_home(struct request *r, struct form_data *fd)
{
	struct tv *data = tv_new(r->a);

	tv_str(data, TF_page_title, "Home");
	resp_page(r, 200, "home", data);
}

/* GET /static/dais.css: the stylesheet of dais's own pages, from the
 * templates folder, cached by browsers and revalidated by its ETag. */
void page_stylesheet(struct request *r, struct form_data *fd)
{
	struct app *app = r->app;

	if (app->css.len == 0) {
		resp_error(r, 404, "There is no stylesheet.");
		return;
	}
	resp_header(r, "ETag", app->css_etag);
	resp_header(r, "Cache-Control", "public, max-age=3600");
	if (strcmp(req_env(r, "HTTP_IF_NONE_MATCH"), app->css_etag) == 0) {
		resp_body(r, 304, "text/css; charset=utf-8", "", 0);
		return;
	}
	resp_body(r, 200, "text/css; charset=utf-8", app->css.s,
	    app->css.len);
}
