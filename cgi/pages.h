/* pages.h — the handlers the route table names, one file per page family. */
#ifndef DAIS_PAGES_H
#define DAIS_PAGES_H

#include "form.h"
#include "request.h"

struct tv;

/* page_health.c */
extern const struct form healthz_query;
void page_healthz(struct request *r, struct form_data *fd);
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

/* page_account.c: a moderator's own account; forgotten passwords */
extern const struct form account_form, account_query, forgot_form,
    forgot_query, reset_form;
void page_account(struct request *r, struct form_data *fd);
void page_account_post(struct request *r, struct form_data *fd);
void page_forgot(struct request *r, struct form_data *fd);
void page_forgot_post(struct request *r, struct form_data *fd);
void page_reset(struct request *r, struct form_data *fd);
void page_reset_post(struct request *r, struct form_data *fd);

/* page_my.c: "My statements" (its statement pages are the status
 * page's handlers, on routes with ROUTE_SUBMITTER) */
extern const struct form my_form, my_query, my_link_form, my_logout_form;
void page_my(struct request *r, struct form_data *fd);
void page_my_post(struct request *r, struct form_data *fd);
void page_my_link(struct request *r, struct form_data *fd);
void page_my_link_post(struct request *r, struct form_data *fd);
void page_my_logout(struct request *r, struct form_data *fd);

/* page_moderate.c */
extern const struct form queue_query, bulk_form, review_form, log_query,
    mod_translate_form;
extern const struct form review_query; /* the banner after a decision */
void page_queue(struct request *r, struct form_data *fd);
void page_queue_post(struct request *r, struct form_data *fd);
void page_review(struct request *r, struct form_data *fd);
void page_review_post(struct request *r, struct form_data *fd);
void page_review_translate(struct request *r, struct form_data *fd);
void page_attachment(struct request *r, struct form_data *fd);
void page_log(struct request *r, struct form_data *fd);

/* page_export.c: GET /admin/export */
extern const struct form export_query;
void page_export(struct request *r, struct form_data *fd);
/* page_structure.c: events, sessions, organisations changed; a statement
 * moved */
extern const struct form structure_form, move_form;
void page_structure(struct request *r, struct form_data *fd);
void page_structure_post(struct request *r, struct form_data *fd);
void page_structure_event(struct request *r, struct form_data *fd);
void page_structure_org(struct request *r, struct form_data *fd);
void page_move(struct request *r, struct form_data *fd);
void page_move_post(struct request *r, struct form_data *fd);

/* page_publish.c */
extern const struct form fragment_query, oembed_query;
void page_fragment(struct request *r, struct form_data *fd);
/* An empty fragment, for a /fragment/ request that went wrong. */
void page_fragment_empty(struct request *r);
void page_frame(struct request *r, struct form_data *fd);
void page_statement(struct request *r, struct form_data *fd);
void page_original(struct request *r, struct form_data *fd);
void page_oembed(struct request *r, struct form_data *fd);
void page_feed(struct request *r, struct form_data *fd);

/* page_archive.c */
extern const struct form archive_query;
void page_home(struct request *r, struct form_data *fd);
void page_events(struct request *r, struct form_data *fd);
void page_event(struct request *r, struct form_data *fd);
void page_org(struct request *r, struct form_data *fd);
void page_sitemap(struct request *r, struct form_data *fd);
void page_robots(struct request *r, struct form_data *fd);
/* What a public page says of itself: og:title (title), og:type (type),
 * og:description (when not NULL or ""), og:locale, and its address path
 * as og:url (only with base_url) and canonical link. */
void page_og(struct request *r, struct tv *view, const char *path,
    const char *type, const char *title, const char *description);
/* oEmbed discovery links for the page at path (only with base_url). */
void page_oembed_links(struct request *r, struct tv *view, const char *path);
/* Links (orgs, has_orgs) to the pages of organisations org_id and
 * behalf_org_id (0: none, as a name typed freely). */
void page_org_links(struct request *r, struct tv *view, long long org_id,
    long long behalf_org_id);
/* page_search.c */
extern const struct form search_query;
void page_search(struct request *r, struct form_data *fd);

/* page_admin.c */
extern const struct form admin_form;
void page_admin(struct request *r, struct form_data *fd);
void page_admin_post(struct request *r, struct form_data *fd);

/* page_privacy.c: erasure on request */
extern const struct form erase_form, erase_query;
void page_erase(struct request *r, struct form_data *fd);
void page_erase_post(struct request *r, struct form_data *fd);

#endif
