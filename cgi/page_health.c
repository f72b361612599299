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
