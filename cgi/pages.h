/* pages.h — the handlers the route table names, one file per page family. */
#ifndef DAIS_PAGES_H
#define DAIS_PAGES_H

#include "form.h"
#include "request.h"

/* page_health.c */
void page_healthz(struct request *r, struct form_data *fd);
void page_home(struct request *r, struct form_data *fd);

#endif
