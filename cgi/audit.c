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
	/* The client (request.c: behind trusted proxies, the forwarded one). */
	sql_text(s, 8, r->remote_addr ? r->remote_addr : "");
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

/* The English is the stored word itself: English pages show it as they
 * always did; a catalog translates it in the context "history". */
static const char *const stored_words[] = {
	NC_("history", "approve"), NC_("history", "reject"),
	NC_("history", "request_changes"), NC_("history", "edit"),
	NC_("history", "withdraw"), NC_("history", "restore"),
	NC_("history", "spam"), NC_("history", "submitted"),
	NC_("history", "translation added"),
	NC_("history", "corrected by the submitter"),
	NC_("history", "withdrawn with its original"),
	NC_("history", "withdrawn"), NC_("history", "correct"),
	NC_("history", "add_translation"), NC_("history", "trust_email"),
	NC_("history", "trust_org"), NC_("history", "submitter"),
	NC_("history", "original_public"), NC_("history", "original_private"),
	NC_("history", "import"), NC_("history", "command line"),
};

const char *audit_words(const char *stored)
{
	size_t i;

	for (i = 0; i < sizeof(stored_words) / sizeof(stored_words[0]); i++)
		if (strcmp(stored, stored_words[i]) == 0)
			return C_("history", stored_words[i]);
	return stored;
}
