/* audit.c — the audit log (SQL_AUDIT_INSERT). */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "request.h"
#include "store.h"

int audit_add(struct request *r, const char *actor, const char *action,
    long long statement_id, int rev_before, int rev_after,
    const char *reason, const char *detail)
{
	/* The client (request.c: behind trusted proxies, the forwarded one). */
	return audit_add_at(r->st, r->remote_addr ? r->remote_addr : "",
	    actor, action, statement_id, rev_before, rev_after, reason,
	    detail);
}

int audit_add_at(struct store *st, const char *addr, const char *actor,
    const char *action, long long statement_id, int rev_before,
    int rev_after, const char *reason, const char *detail)
{
	sqlite3_stmt *s = store_stmt(st, SQL_AUDIT_INSERT);

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
	sql_text(s, 8, addr ? addr : "");
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

int audit_add_cli(struct store *st, const char *action, const char *detail)
{
	sqlite3_stmt *s = store_stmt(st, SQL_AUDIT_INSERT);

	sql_text(s, 1, "cli");
	sql_text(s, 2, action);
	sql_text(s, 6, "");
	sql_text(s, 7, detail ? detail : "");
	sql_text(s, 8, "");
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

/* The English is the stored word itself: English pages show it as they
 * always did; a catalog translates it in the context "history". */
static const char *const stored_words[] = {
	NC_("history", "approve"), NC_("history", "reject"),
	NC_("history", "request_changes"), NC_("history", "edit"),
	NC_("history", "withdraw"), NC_("history", "restore"),
	NC_("history", "spam"), NC_("history", "submitted"),
	NC_("history", "undo"),
	NC_("history", "translation added"),
	NC_("history", "corrected by the submitter"),
	NC_("history", "withdrawn with its original"),
	NC_("history", "withdrawn"), NC_("history", "correct"),
	NC_("history", "add_translation"), NC_("history", "trust_email"),
	NC_("history", "trust_org"), NC_("history", "submitter"),
	NC_("history", "original_public"), NC_("history", "original_private"),
	NC_("history", "import"), NC_("history", "command line"),
	NC_("history", "erase"), NC_("history", "purge"),
	/* structure.c */
	NC_("history", "move"), NC_("history", "event_edit"),
	NC_("history", "event_delete"), NC_("history", "session_edit"),
	NC_("history", "session_delete"), NC_("history", "session_order"),
	NC_("history", "org_edit"), NC_("history", "org_delete"),
	NC_("history", "org_merge"),
	NC_("history", "password_changed"), NC_("history", "email_changed"),
	NC_("history", "notifications_changed"),
	NC_("history", "reset_requested"), NC_("history", "reset_used"),
	NC_("history", "disable"), NC_("history", "enable"),
};

const char *audit_words(const char *stored)
{
	size_t i;

	for (i = 0; i < sizeof(stored_words) / sizeof(stored_words[0]); i++)
		if (strcmp(stored, stored_words[i]) == 0)
			return C_("history", stored_words[i]);
	return stored;
}
