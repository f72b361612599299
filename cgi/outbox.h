/* outbox.h — outgoing mail: queued in the transaction of the change that
 * caused it, handed to mail_command later, never while a request waits.
 *
 * Under `dais serve` one sender process (started and restarted by the
 * master) delivers it; a worker that queued mail wakes it through a pipe
 * after its commit. Plain CGI delivers what is due after the response is
 * written; `dais mail send` does the same from the command line. Each
 * message gets mail_timeout seconds (then the mailer's process group is
 * killed), failures are tried again after mail_retry_seconds, doubling,
 * and after mail_attempts a message is "dead": kept for an administrator
 * to see (/admin, /healthz, `dais mail list`) and send again or discard.
 */
#ifndef DAIS_OUTBOX_H
#define DAIS_OUTBOX_H

#include <stddef.h>

struct arena;
struct store;

/* A private link to a statement's status page that the message carries:
 * made by the sender when it hands the message over (a fresh token, its
 * hash stored in status_link), so that no token is ever stored in
 * clear. mark, in the message, is replaced by url and the token. */
struct outbox_link {
	long long statement_id;
	const char *email; /* not NULL: a sign-in link to "My statements"
	                    * for this address (token_my_link) instead */
	long long reset_id; /* not 0: a password reset link for this
	                     * moderator (token_reset_link) instead */
	const char *url;  /* up to the token: ".../statements/status/" */
	const char *mark; /* outbox_link_mark() */
};

/* Queues one message (headers and body, as mail_command reads it) to
 * recipient, with a private link when link is not NULL; call it inside
 * the transaction of the change that caused it (store_begin), so that
 * the mail exists if and only if the change does. 0, or -1 (the caller
 * rolls back). */
int outbox_add(struct store *st, const char *recipient, const char *subject,
    const char *message, const struct outbox_link *link);
/* Queues a message to go at unix time due, not before (the "is
 * published" mail of an approval with an embargo), about statement_id;
 * inside the change's transaction, as outbox_add. It carries no private
 * link. Until due it is not counted as waiting (outbox_counts). 0 or -1. */
int outbox_add_at(struct store *st, const char *recipient,
    const char *subject, const char *message, long long statement_id,
    long long due);
/* Deletes the messages outbox_add_at scheduled about statement_id or its
 * translations that are not yet due, for those no longer approved
 * (withdrawn or rejected before the embargo ended): inside the
 * transaction of that change, so a mail is cancelled if and only if the
 * change is made. 0 or -1. */
int outbox_cancel(struct store *st, long long statement_id);
/* A decision on statement_id taken back (undo, restore): the mail queued
 * with it (the decision that made revision rev_after) and not yet handed
 * to the mailer is not sent. */
int outbox_cancel_decision(struct store *st, long long statement_id,
    int rev_after);
/* A mark for a message's link (random, so that no text typed into the
 * message can be one), in a. */
const char *outbox_link_mark(struct arena *a);

/* The wake-up pipe between the processes of `dais serve`: made once by
 * the master before it forks, so that workers and the sender share it.
 * 0, or -1 (then the sender only looks every minute). */
int outbox_wake_open(void);
/* After a request: wakes the sender if this process queued mail since
 * the last call (a spurious wake-up, for a rolled-back queueing, costs
 * one query). */
void outbox_kick(void);
/* 1 when this process queued mail since it started. */
int outbox_queued(void);

/* Delivers the messages due now, at most max (0: no limit), each with
 * mail_timeout. Returns how many were handed to the mailer (sent or
 * failed). For plain CGI (after the response) and the command line. */
int outbox_deliver(struct store *st, int max);

/* 1 when mail_command is set and a message is due now: a read only (plain
 * CGI asks after each response before it forks a sender). */
int outbox_due(struct store *st);

/* The sender process of `dais serve`: opens db_path and delivers until
 * SIGTERM, sleeping until the next message is due or it is woken. The
 * process's exit status. */
int outbox_sender_main(const char *db_path);

/* What is waiting: pending (including one being sent; one scheduled for
 * later only from its time), dead, and the unix time the oldest pending
 * one was queued or came due (0 when none). */
struct outbox_counts {
	long long pending, dead, oldest;
};
int outbox_counts(struct store *st, struct outbox_counts *c);

/* An administrator's decision on a dead message: back to pending, due
 * now (its attempts counted again from 0), or deleted. 0 when the
 * message was dead and is changed, 1 when there is no such dead message,
 * -1 on a database error. */
int outbox_retry(struct store *st, long long id);
int outbox_discard(struct store *st, long long id);

#endif
