/* audit.h — the audit log: who did what to which statement, when and why.
 * Below statement.c and moderate.c, which both write to it. */
#ifndef DAIS_AUDIT_H
#define DAIS_AUDIT_H

struct request;

/* Adds an entry to the audit log (inside the caller's transaction, or on
 * its own). statement_id 0: an administrative action. */
int audit_add(struct request *r, const char *actor, const char *action,
    long long statement_id, int rev_before, int rev_after,
    const char *reason, const char *detail);

#endif
