/* privacy.h — personal data: the retention (`dais purge`, a daily timer)
 * and erasure on request (`dais erase`, /admin/erase). Each runs in one
 * transaction with its audit entry, which holds counts only; then
 * privacy_scrub() leaves no copy of what was erased in the file: the
 * connection deletes with secure_delete (store.c), the full-text indexes
 * are merged and the WAL is checkpointed and truncated. */
#ifndef DAIS_PRIVACY_H
#define DAIS_PRIVACY_H

struct store;
struct publisher;

struct purge_counts {
	long long statements;  /* whose submitter's data were erased */
	long long attachments; /* deleted with them */
	long long addresses;   /* client addresses past their time */
	long long other;       /* links, mails, sign-ins, audit addresses */
};

/* Erases the submitter's data (name, e-mail, client address, private
 * links, mails, attachments) of statements rejected, marked as spam or
 * withdrawn more than days ago, and the client addresses of statements
 * sent (and audit entries written) more than addr_days ago; logs the
 * counts as actor. Idempotent. 0, or an SQLite result code. */
int privacy_purge(struct store *st, long long days, long long addr_days,
    const char *actor, struct purge_counts *c);

struct erase_counts {
	long long matched;   /* statements sent from the address */
	long long published; /* of them approved */
	long long deleted;   /* statements deleted (with their versions) */
	long long kept;      /* published ones kept, without its data */
	long long withdrawn; /* published ones withdrawn */
};

/* How many statements email sent, and how many are approved. 0 or -1. */
int privacy_erase_count(struct store *st, const char *email,
    struct erase_counts *c);

/* Erases the address email: its unpublished statements deleted whole,
 * its published ones without the submitter's data (and withdrawn, their
 * fragments rendered again through p, when withdraw), the address gone
 * from every other table. One transaction, logged as actor (from addr)
 * with counts only. 0, or an SQLite result code. */
int privacy_erase(struct store *st, struct publisher *p, const char *email,
    int withdraw, const char *actor, const char *addr,
    struct erase_counts *c);

/* After a purge or an erasure: FTS5 indexes merged, the WAL checkpointed
 * and truncated. 0, or -1 when the WAL could not be truncated now (a
 * reader held it; the next checkpoint overwrites it). */
int privacy_scrub(struct store *st);

#endif
