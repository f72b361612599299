/* audit.h — the audit log: who did what to which statement, when and why.
 * Below statement.c and moderate.c, which both write to it. */
#ifndef DAIS_AUDIT_H
#define DAIS_AUDIT_H

struct request;
struct store;

/* Adds an entry to the audit log (inside the caller's transaction, or on
 * its own). statement_id 0: an administrative action. */
int audit_add(struct request *r, const char *actor, const char *action,
    long long statement_id, int rev_before, int rev_after,
    const char *reason, const char *detail);
/* The same without a request (the command line: addr ""). */
int audit_add_at(struct store *st, const char *addr, const char *actor,
    const char *action, long long statement_id, int rev_before,
    int rev_after, const char *reason, const char *detail);

/* The same from the command line (actor "cli", no client address). */
struct store;
int audit_add_cli(struct store *st, const char *action, const char *detail);

/* The words dais stores for what happened (an audit entry's action, a
 * revision's note, the author that is no user name: "approve",
 * "submitted", "submitter"…) as a person reads them, in the current
 * language; anything else (a moderator's name, their words) as stored. */
const char *audit_words(const char *stored);

#endif
