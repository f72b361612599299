/* privacy.c — retention and erasure of personal data (privacy.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "privacy.h"
#include "publish.h"
#include "store.h"
#include "util.h"

/* The time t as the statement and audit tables write it. */
static void iso_time(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Runs statement id with ?1 (text) and ?2 (text, or none when NULL) bound:
 * the rows it changed, or -1. */
static long long run2(struct store *st, enum sql_id id, const char *p1,
    const char *p2)
{
	sqlite3_stmt *s = store_stmt(st, id);

	sql_text(s, 1, p1);
	if (p2 != NULL)
		sql_text(s, 2, p2);
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	return sqlite3_changes(st->db);
}

static long long run0(struct store *st, enum sql_id id)
{
	if (store_exec(store_stmt(st, id)) != SQLITE_DONE)
		return -1;
	return sqlite3_changes(st->db);
}

static long long run_int(struct store *st, enum sql_id id, long long v)
{
	sqlite3_stmt *s = store_stmt(st, id);

	sql_int(s, 1, v);
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	return sqlite3_changes(st->db);
}

/* Adds n (a count, or -1 for a failure) to *sum; -1 on failure. */
static int add(long long *sum, long long n)
{
	if (n < 0)
		return -1;
	*sum += n;
	return 0;
}

static int audit_counts(struct store *st, const char *actor,
    const char *action, const char *detail, const char *addr)
{
	sqlite3_stmt *s = store_stmt(st, SQL_AUDIT_INSERT);

	sql_text(s, 1, actor);
	sql_text(s, 2, action);
	sql_text(s, 6, "");
	sql_text(s, 7, detail);
	sql_text(s, 8, addr ? addr : "");
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

/* The failure's result code, after a rollback. */
static int fail(struct store *st)
{
	int rc = sqlite3_errcode(st->db);

	log_err("erasing personal data failed: %s", sqlite3_errmsg(st->db));
	store_rollback(st);
	return rc != SQLITE_OK ? rc : SQLITE_ERROR;
}

int privacy_purge(struct store *st, long long days, long long addr_days,
    const char *actor, struct purge_counts *c)
{
	time_t now = time(NULL);
	char cut[32], addr_cut[32], detail[200];
	long long hour = (long long)now / 3600;
	int rc;

	memset(c, 0, sizeof(*c));
	iso_time(now - (time_t)(days * 86400), cut);
	iso_time(now - (time_t)(addr_days * 86400), addr_cut);
	if ((rc = store_begin(st)) != 0)
		return rc;
	if (add(&c->attachments, run2(st, SQL_PURGE_ATTACHMENTS, cut, NULL)) ||
	    add(&c->other, run2(st, SQL_PURGE_LINKS, cut, NULL)) ||
	    add(&c->other, run2(st, SQL_PURGE_OUTBOX, cut, NULL)) ||
	    add(&c->other, run2(st, SQL_PURGE_AUDIT_ADDRS, cut, NULL)) ||
	    add(&c->statements, run2(st, SQL_PURGE_STATEMENTS, cut, NULL)) ||
	    add(&c->other, run_int(st, SQL_PURGE_DEAD_MAIL,
	    (long long)now - days * 86400)) ||
	    add(&c->addresses, run2(st, SQL_PURGE_ADDRS, addr_cut, NULL)) ||
	    add(&c->other, run2(st, SQL_PURGE_AUDIT_OLD_ADDRS, addr_cut,
	    NULL)) ||
	    /* What expires anyway, gone now rather than at the next use. */
	    add(&c->other, run_int(st, SQL_LT_PRUNE, (long long)now - 86400)) ||
	    add(&c->other, run_int(st, SQL_RATE_PRUNE, hour - 1)) ||
	    add(&c->other, run_int(st, SQL_MY_LINK_PRUNE, (long long)now -
	    86400)) ||
	    add(&c->other, run_int(st, SQL_MY_SESSION_PRUNE, (long long)now)) ||
	    add(&c->other, run0(st, SQL_PURGE_MY_LINKS)) ||
	    add(&c->other, run0(st, SQL_PURGE_MY_SESSIONS)))
		return fail(st);
	snprintf(detail, sizeof(detail), "statements %lld, attachments %lld, "
	    "client addresses %lld, other rows %lld", c->statements,
	    c->attachments, c->addresses, c->other);
	if (audit_counts(st, actor, "purge", detail, NULL) != 0)
		return fail(st);
	return store_commit(st);
}

int privacy_erase_count(struct store *st, const char *email,
    struct erase_counts *c)
{
	sqlite3_stmt *s = store_stmt(st, SQL_ERASE_COUNT);
	int rc;

	memset(c, 0, sizeof(*c));
	sql_text(s, 1, email);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		c->matched = sqlite3_column_int64(s, 0);
		c->published = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Withdraws statement id (at revision rev), as a moderator's withdrawal
 * does: its revision, its live versions when it is an original, the
 * mails scheduled for it cancelled, the fragments that showed it
 * rendered again. */
static int erase_withdraw(struct store *st, struct publisher *p,
    long long id, int rev, int original, const char *actor)
{
	long long ids[64];
	int revs[64], n = 0, i;
	struct keyset ks;
	sqlite3_stmt *s;

	memset(&ks, 0, sizeof(ks));
	publish_keys_of(p, id, &ks);
	ids[n] = id;
	revs[n++] = rev;
	if (original) {
		s = store_stmt(st, SQL_ST_VERSIONS_LIVE);
		sql_int(s, 1, id);
		while (n < 64 && sqlite3_step(s) == SQLITE_ROW) {
			ids[n] = sqlite3_column_int64(s, 0);
			revs[n++] = sqlite3_column_int(s, 1);
		}
		sqlite3_reset(s);
	}
	for (i = 0; i < n; i++) {
		s = store_stmt(st, SQL_ST_SET_STATE);
		sql_int(s, 1, ids[i]);
		sql_int(s, 2, revs[i]);
		sql_text(s, 3, "withdrawn");
		if (store_exec_one(st, s) != 0)
			return -1;
		s = store_stmt(st, SQL_REV_INSERT);
		sql_int(s, 1, ids[i]);
		sql_text(s, 2, actor);
		sql_text(s, 3, i == 0 ? "withdraw" : "withdrawn with its "
		    "original");
		if (store_exec(s) != SQLITE_DONE)
			return -1;
	}
	s = store_stmt(st, SQL_OUTBOX_CANCEL);
	sql_int(s, 1, id);
	sql_int(s, 2, (long long)time(NULL));
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	return publish_keys(p, &ks);
}

/* Withdraws every approved statement email sent, one at a time (an
 * original's withdrawal withdraws its versions, which may be email's
 * too); how many, or -1. */
static long long erase_withdraw_all(struct store *st, struct publisher *p,
    const char *email, const char *actor)
{
	long long n = 0, id;
	int rev, orig, rc;
	sqlite3_stmt *s;

	for (;;) {
		s = store_stmt(st, SQL_ERASE_PUBLISHED);
		sql_text(s, 1, email);
		rc = sqlite3_step(s);
		id = sqlite3_column_int64(s, 0);
		rev = sqlite3_column_int(s, 1);
		orig = sqlite3_column_int(s, 2);
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return n;
		if (rc != SQLITE_ROW ||
		    erase_withdraw(st, p, id, rev, orig, actor) != 0)
			return -1;
		n++;
	}
}

/* The mailbox of email as the hourly counters key it: lower case, no
 * +tag (notify.c). */
static void mailbox_key(const char *email, char *out, size_t size)
{
	const char *at = strchr(email, '@'), *plus = strchr(email, '+');
	size_t i, j = 0;

	for (i = 0; email[i] != '\0' && j + 1 < size; i++) {
		if (plus != NULL && at != NULL && plus < at &&
		    &email[i] >= plus && &email[i] < at)
			continue;
		out[j++] = (char)tolower((unsigned char)email[i]);
	}
	out[j] = '\0';
}

int privacy_erase(struct store *st, struct publisher *p, const char *email,
    int withdraw, const char *actor, const char *addr,
    struct erase_counts *c)
{
	char box[512], detail[200];
	struct erase_counts after;
	long long other = 0;
	int rc;

	mailbox_key(email, box, sizeof(box));
	if ((rc = store_begin(st)) != 0)
		return rc;
	if (privacy_erase_count(st, email, c) != 0 ||
	    run2(st, SQL_ERASE_REVISIONS, email, NULL) < 0 ||
	    run2(st, SQL_ERASE_ATTACHMENTS, email, NULL) < 0 ||
	    run2(st, SQL_ERASE_AUDIT, email, NULL) < 0 ||
	    run2(st, SQL_ERASE_GONE_LINKS, email, NULL) < 0 ||
	    add(&other, run2(st, SQL_ERASE_GONE_OUTBOX, email, NULL)))
		return fail(st);
	/* Outbox rows and private links of the statements deleted go with
	 * the address's below (ERASE_OUTBOX, ERASE_LINKS): first those. */
	if (run2(st, SQL_ERASE_LINKS, email, NULL) < 0 ||
	    add(&other, run2(st, SQL_ERASE_OUTBOX, email, NULL)) ||
	    add(&c->deleted, run2(st, SQL_ERASE_VERSIONS, email, NULL)) ||
	    add(&c->deleted, run2(st, SQL_ERASE_STATEMENTS, email, NULL)))
		return fail(st);
	if (withdraw && erase_withdraw_all(st, p, email, actor) < 0)
		return fail(st);
	if (privacy_erase_count(st, email, &after) != 0)
		return fail(st);
	c->kept = after.published;
	c->withdrawn = c->published - after.published;
	if (run2(st, SQL_ERASE_AUDIT_ADDRS, email, NULL) < 0 ||
	    run2(st, SQL_ERASE_SUBMITTER, email, NULL) < 0 ||
	    add(&other, run2(st, SQL_ERASE_MY_LINKS, email, NULL)) ||
	    add(&other, run2(st, SQL_ERASE_MY_SESSIONS, email, NULL)) ||
	    add(&other, run2(st, SQL_ERASE_TRUSTED, email, NULL)) ||
	    add(&other, run2(st, SQL_ERASE_RATE, email, box)) ||
	    add(&other, run2(st, SQL_ERASE_THROTTLE, email, NULL)) ||
	    add(&other, run2(st, SQL_ERASE_AUDIT_WORDS, email, NULL)) ||
	    add(&other, run2(st, SQL_ERASE_REVISION_NOTES, email, NULL)) ||
	    add(&other, run2(st, SQL_ERASE_NOTES, email, NULL)))
		return fail(st);
	snprintf(detail, sizeof(detail), "statements deleted %lld, published "
	    "kept %lld, withdrawn %lld, other rows %lld", c->deleted, c->kept,
	    c->withdrawn, other);
	if (audit_counts(st, actor, "erase", detail, addr) != 0)
		return fail(st);
	return store_commit(st);
}

int privacy_scrub(struct store *st)
{
	int log = 0, done = 0;

	if (store_exec(store_stmt(st, SQL_FTS_OPTIMIZE_QUEUE)) != SQLITE_DONE ||
	    store_exec(store_stmt(st, SQL_FTS_OPTIMIZE_SEARCH)) != SQLITE_DONE)
		log_err("merging the search indexes failed: %s",
		    sqlite3_errmsg(st->db));
	if (sqlite3_wal_checkpoint_v2(st->db, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, &log, &done) != SQLITE_OK) {
		log_err("the WAL could not be truncated now (%s): the pages "
		    "it holds are overwritten by the next checkpoints",
		    sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}
