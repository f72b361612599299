/* audit.c — the audit log (SQL_AUDIT_INSERT). */
#include "config.h"

#include "audit.h"
#include "request.h"
#include "store.h"

int audit_add(struct request *r, const char *actor, const char *action,
    long long statement_id, int rev_before, int rev_after,
    const char *reason, const char *detail)
{
	sqlite3_stmt *s = store_stmt(r->st, SQL_AUDIT_INSERT);

	sql_text(s, 1, actor);
	sql_text(s, 2, action);
	if (statement_id > 0)
		sql_int(s, 3, statement_id);
	if (rev_before > 0)
		sql_int(s, 4, rev_before);
	if (rev_after > 0)
		sql_int(s, 5, rev_after);
	sql_text(s, 6, reason ? reason : "");
	sql_text(s, 7, detail ? detail : "");
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}
