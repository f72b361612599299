/* moderate.h — the decisions moderators take on a statement, each one
 * transaction that carries the revision the moderator saw (audit.h keeps
 * the log of who did what, when and why). */
#ifndef DAIS_MODERATE_H
#define DAIS_MODERATE_H

struct request;
struct statement;

struct mod_action {
	const char *name;     /* the form's action value */
	const char *label;    /* a button's text (N_: shown with _()) */
	const char *from;     /* states it applies to, space-separated */
	const char *to;       /* the new state, or NULL (edit) */
	int needs_reason;     /* reject, request_changes */
};

/* The action named name, or NULL. */
const struct mod_action *mod_action_find(const char *name);
/* 1 when the action can be taken on a statement in state. */
int mod_action_allowed(const struct mod_action *a, const char *state);

enum mod_result {
	MOD_OK = 0,
	MOD_CONFLICT,   /* the statement changed since revision rev_seen */
	MOD_NOT_ALLOWED,/* not from the statement's current state */
	MOD_BUSY,       /* the database stayed locked */
	MOD_ERROR,
};

/* Applies a on st as the request's moderator (actor: r->user, or actor
 * when given, e.g. "trust rule"), if st is still at revision rev_seen. For
 * "edit", st holds the new content. reason is kept in the audit log and,
 * for reject and request_changes, shown to the submitter. A change of
 * state queues the submitter's mail (notify_decision) in the same
 * transaction. On MOD_OK st's state and rev are the new ones. */
enum mod_result moderate_apply(struct request *r, struct statement *st,
    const struct mod_action *a, int rev_seen, const char *reason,
    const char *actor);

#endif
