/* structure.h — what statements are filed under, changed after the fact:
 * events, sessions and organisations edited, renamed (the old slug leads
 * on: schema 018), reordered, merged and deleted; a statement moved to
 * another event or session. The same functions for the admin pages
 * (page_structure.c) and the command line (cli_structure.c): each is one
 * transaction that makes the change, writes the audit log and renders
 * again the fragments it touches (publish.c), or changes nothing. Each
 * returns NULL on success, else a sentence for a person (in c->a). */
#ifndef DAIS_STRUCTURE_H
#define DAIS_STRUCTURE_H

struct arena;
struct request;
struct store;
struct tmpl_set;

/* Who acts, and how fragments are rendered. */
struct structure_ctx {
	struct store *st;
	struct arena *a;
	const struct tmpl_set *tmpl;
	const char *script_name; /* the request's mount point, or NULL */
	const char *actor;       /* the audit log's actor */
	const char *addr;        /* the client, "" from the command line */
	int status;              /* after a refusal: 404, 409, 422 or 503 */
};

/* Changes of an event: a NULL field stays as it is. */
struct event_change {
	const char *slug, *title, *starts, *ends, *location, *description;
	const char *time_zone;
};

const char *structure_event_edit(struct structure_ctx *c, const char *slug,
    const struct event_change *ch);
/* Refused while a statement is filed under the event. */
const char *structure_event_delete(struct structure_ctx *c, const char *slug);
/* new_slug, title, kind: NULL stays. */
const char *structure_session_edit(struct structure_ctx *c, const char *event,
    const char *slug, const char *new_slug, const char *title,
    const char *kind);
const char *structure_session_delete(struct structure_ctx *c,
    const char *event, const char *slug);
/* One place earlier (delta -1) or later (+1). */
const char *structure_session_step(struct structure_ctx *c, const char *event,
    const char *slug, int delta);
/* The event's sessions in this order: slugs[0..n) names each of them
 * once. */
const char *structure_session_order(struct structure_ctx *c,
    const char *event, const char *const *slugs, int n);
/* new_slug, name, url: NULL stays. */
const char *structure_org_edit(struct structure_ctx *c, const char *slug,
    const char *new_slug, const char *name, const char *url);
const char *structure_org_delete(struct structure_ctx *c, const char *slug);
/* The statements of from (delivered, on its behalf) become into's, from
 * is deleted and its slugs lead to into. */
const char *structure_org_merge(struct structure_ctx *c, const char *from,
    const char *into);
/* Statement public_id (or its original, for a translation) to event,
 * session ("" or NULL: none). */
const char *structure_statement_move(struct structure_ctx *c,
    const char *public_id, const char *event, const char *session);

/* A GET of a public address that carries an old slug: answered 301 with
 * the current one (the query kept). 1 when answered, else 0. */
int structure_redirect(struct request *r);

/* r's path with its old slugs made current, or NULL when none is old (for
 * the fragments, served under the old address: see page_fragment). */
const char *structure_current_path(struct request *r);

#endif
