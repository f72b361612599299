/* pages.h — the handlers the route table names, one file per page family. */
#ifndef DAIS_PAGES_H
#define DAIS_PAGES_H

#include "form.h"
#include "request.h"

/* page_health.c */
void page_healthz(struct request *r, struct form_data *fd);
void page_home(struct request *r, struct form_data *fd);
void page_static(struct request *r, struct form_data *fd);

/* page_login.c */
extern const struct form login_form, login_query, logout_form;
void page_login(struct request *r, struct form_data *fd);
void page_login_post(struct request *r, struct form_data *fd);
void page_logout(struct request *r, struct form_data *fd);

/* page_submit.c */
extern const struct form submit_form, submit_query, status_form,
    status_query, translate_form;
void page_submit_form(struct request *r, struct form_data *fd);
void page_submit_post(struct request *r, struct form_data *fd);
void page_status(struct request *r, struct form_data *fd);
void page_status_post(struct request *r, struct form_data *fd);
void page_status_translate(struct request *r, struct form_data *fd);

/* page_moderate.c */
extern const struct form queue_query, bulk_form, review_form, log_query,
    mod_translate_form;
void page_queue(struct request *r, struct form_data *fd);
void page_queue_post(struct request *r, struct form_data *fd);
void page_review(struct request *r, struct form_data *fd);
void page_review_post(struct request *r, struct form_data *fd);
void page_review_translate(struct request *r, struct form_data *fd);
void page_attachment(struct request *r, struct form_data *fd);
void page_log(struct request *r, struct form_data *fd);

/* page_publish.c */
extern const struct form fragment_query, oembed_query;
void page_fragment(struct request *r, struct form_data *fd);
/* An empty fragment, for a /fragment/ request that went wrong. */
void page_fragment_empty(struct request *r);
void page_frame(struct request *r, struct form_data *fd);
void page_statement(struct request *r, struct form_data *fd);
void page_event(struct request *r, struct form_data *fd);
void page_oembed(struct request *r, struct form_data *fd);
void page_feed(struct request *r, struct form_data *fd);

/* page_search.c */
extern const struct form search_query;
void page_search(struct request *r, struct form_data *fd);

/* page_admin.c */
extern const struct form admin_form;
void page_admin(struct request *r, struct form_data *fd);
void page_admin_post(struct request *r, struct form_data *fd);

#endif
