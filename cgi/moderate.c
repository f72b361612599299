/* moderate.c — moderation decisions as single transactions: the change,
 * its revision and audit rows, the fragments it re-renders and the mail
 * it causes (queued in the outbox) commit together or not at all. */
#include "config.h"

#include <string.h>
#include <time.h>


#include "audit.h"
#include "i18n.h"
#include "moderate.h"
#include "notify.h"
#include "outbox.h"
#include "publish.h"
#include "request.h"
#include "statement.h"
#include "store.h"

static const struct mod_action actions[] = {
	{ "approve", N_("Approve and publish"), "pending changes_requested",
	    "approved", 0 },
	{ "reject", N_("Reject"), "pending changes_requested approved",
	    "rejected", 1 },
	{ "request_changes", N_("Request changes"), "pending changes_requested",
	    "changes_requested",
	    1 },
	{ "edit", N_("Save changes"), "pending changes_requested approved",
	    NULL, 0 },
	{ "withdraw", N_("Withdraw from publication"), "approved", "withdrawn",
	    0 },
	{ "restore", N_("Restore to the queue"), "rejected spam withdrawn",
	    "pending", 0 },
	{ "spam", N_("Mark as spam"), "pending changes_requested", "spam", 0 },
	/* The review page's "Undo" of an approval or a request for changes
	 * (a rejection, spam or withdrawal is undone by "restore"): back to
	 * waiting, no mail (notify_decision has none for it). */
	{ "undo", N_("Undo"), "approved changes_requested", "pending", 0 },
	{ NULL, NULL, NULL, NULL, 0 },
};

const struct mod_action *mod_action_find(const char *name)
{
	const struct mod_action *a;

	for (a = actions; a->name != NULL; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

int mod_action_allowed(const struct mod_action *a, const char *state)
{
	const char *p = a->from;
	size_t n = strlen(state);

	while ((p = strstr(p, state)) != NULL) {
		if ((p == a->from || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

/* The change itself, inside the transaction. */
static enum st_result moderate_change(struct request *r, struct statement *st,
    const struct mod_action *a, int rev_seen, const char *reason)
{
	sqlite3_stmt *s;

	if (a->to == NULL)
		return statement_save_content(r, st, rev_seen, 0);
	s = store_stmt(r->st, SQL_ST_SET_STATE_NOTE);
	sql_int(s, 1, st->id);
	sql_int(s, 2, rev_seen);
	sql_text(s, 3, a->to);
	sql_text(s, 4, a->needs_reason ? reason : "");
	return statement_exec_one(r, s);
}

/* After the change, inside the transaction: the publication times, then
 * every fragment that showed the statement before or shows it now. */
static int moderate_publish(struct request *r, struct statement *st,
    const struct mod_action *a, struct publisher *p, struct keyset *ks,
    int was_public)
{
	int now_public = a->to ? strcmp(a->to, "approved") == 0 : was_public;
	sqlite3_stmt *s = NULL;

	if (a->to != NULL && strcmp(a->to, "approved") == 0) {
		s = store_stmt(r->st, SQL_ST_SET_PUBLISH);
		sql_int(s, 2, st->publish_at);
	} else if (a->to == NULL && was_public &&
	    st->publish_at <= (long long)time(NULL)) {
		s = store_stmt(r->st, SQL_ST_SET_CORRECTED);
	} else if (was_public && strcmp(a->name, "undo") == 0) {
		s = store_stmt(r->st, SQL_ST_UNSET_FUTURE_PUBLISH);
	}
	if (s != NULL) {
		sql_int(s, 1, st->id);
		if (store_exec(s) != SQLITE_DONE)
			return -1;
	}
	if (now_public)
		publish_keys_of(p, st->id, ks);
	return ks->n > 0 ? publish_keys(p, ks) : 0;
}

enum mod_result moderate_apply(struct request *r, struct statement *st,
    const struct mod_action *a, int rev_seen, const char *reason,
    const char *actor)
{
	const char *who = actor ? actor : r->user;
	int was_public = strcmp(st->state, "approved") == 0;
	struct publisher p;
	struct keyset ks;
	enum st_result res;
	struct statement old;
	const char *changed[ST_MAX_CHANGED];
	int rc, n_changed = 0, edit_public;

	if (st->rev != rev_seen)
		return MOD_CONFLICT;
	if (!mod_action_allowed(a, st->state))
		return MOD_NOT_ALLOWED;
	if ((rc = store_begin(r->st)) != 0)
		return rc == SQLITE_BUSY || (rc & 0xff) == SQLITE_BUSY ?
		    MOD_BUSY : MOD_ERROR;
	memset(&ks, 0, sizeof(ks));
	publisher_init(&p, r->st, r->a, r->app->tmpl, r->script_name);
	if (was_public)
		publish_keys_of(&p, st->id, &ks); /* where it was shown */
	/* An edit of a published statement is told to its submitter: what
	 * changed, from the row as it was. One still under embargo is not
	 * published yet (its "Published" mail comes at its time). */
	edit_public = a->to == NULL && was_public &&
	    st->publish_at <= (long long)time(NULL) &&
	    statement_by_id(r, st->id, &old) == 0;
	res = moderate_change(r, st, a, rev_seen, reason);
	if (res == ST_OK && edit_public)
		n_changed = statement_changed(&old, st, changed,
		    ST_MAX_CHANGED);
	if (res == ST_CONFLICT) {
		store_rollback(r->st);
		return MOD_CONFLICT;
	}
	if (a->to != NULL)
		st->note = a->needs_reason ? reason : ""; /* what the mail says */
	/* A reason belongs to the decisions that take one: a bulk form's
	 * reason for its rejections is not logged on its approvals. */
	if (!a->needs_reason)
		reason = "";
	if (res != ST_OK || moderate_publish(r, st, a, &p, &ks, was_public) != 0 ||
	    statement_revision(r, st->id, who, a->name) != 0 ||
	    audit_add(r, who, a->name, st->id, rev_seen, rev_seen + 1, reason,
	    NULL) != 0 || (a->to != NULL && strcmp(a->to, "withdrawn") == 0 &&
	    statement_withdraw_versions(r, st, who) != 0) ||
	    (was_public && a->to != NULL && strcmp(a->to, "approved") != 0 &&
	    outbox_cancel(r->st, st->id) != 0) ||
	    ((strcmp(a->name, "undo") == 0 || strcmp(a->name, "restore") ==
	    0) && outbox_cancel_decision(r->st, st->id, rev_seen) != 0) ||
	    (a->to != NULL && notify_decision(r, st, a) != 0) ||
	    notify_edited(r, st, changed, n_changed) != 0) {
		log_err("moderation failed: %s", sqlite3_errmsg(r->st->db));
		store_rollback(r->st);
		return MOD_ERROR;
	}
	if (store_commit(r->st) != 0)
		return MOD_BUSY;
	publish_files(&p);
	st->rev = rev_seen + 1;
	if (a->to != NULL)
		st->state = a->to;
	return MOD_OK;
}
