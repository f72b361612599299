/* notify.h — e-mail through a sendmail-compatible command (the mail_command
 * setting): moderators hear of new submissions, submitters of decisions.
 * Each function queues its mail in the outbox (outbox.h) and must be
 * called inside the transaction of the change it tells of; each returns
 * 0, or -1 when a mail could not be queued (roll the change back). */
#ifndef DAIS_NOTIFY_H
#define DAIS_NOTIFY_H

struct mod_action;
struct request;
struct statement;

/* To every active moderator with an e-mail address: a new submission (or,
 * with corrected, one the submitter corrected after changes were
 * requested) and the link to its review page; one held by the spam
 * settings (st->hold_reason) is said to be held, and why. */
int notify_submission(struct request *r, const struct statement *st,
    int corrected);
/* To the submitter, right after a submission: the receipt, with the
 * reference and a private link (made when the mail goes out: outbox.h). */
int notify_receipt(struct request *r, const struct statement *st);
/* To the submitter: approved (the public link), rejected (the reason),
 * changes requested (the message and a private link to the status page),
 * withdrawn from publication, restored after a withdrawal (st->state is
 * still the state before the decision). */
int notify_decision(struct request *r, const struct statement *st,
    const struct mod_action *a);

/* 1 when this site sends e-mail: mail_command and base_url are set. */
int notify_available(struct request *r);
/* To the submitter of a published statement a moderator edited: what
 * changed, as the labels (N_ strings) of the n fields in changed. Nothing
 * when n is 0. (Withdrawn and restored are notify_decision's.) */
int notify_edited(struct request *r, const struct statement *st,
    const char *const *changed, int n);
/* To email: a sign-in link to "My statements" (made when the mail is
 * handed over, outbox.h), in the page's language. */
int notify_my_link(struct request *r, const char *email);
/* To a moderator's own address: a password reset link (made when the mail
 * is handed over, outbox.h), in the language lang they sign in with. */
int notify_reset(struct request *r, long long moderator_id, const char *user,
    const char *email, const char *lang);

#endif
