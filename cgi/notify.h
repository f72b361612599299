/* notify.h — e-mail through a sendmail-compatible command (the mail_command
 * setting): moderators hear of new submissions, submitters of decisions. */
#ifndef DAIS_NOTIFY_H
#define DAIS_NOTIFY_H

struct mod_action;
struct request;
struct statement;

/* To every active moderator with an e-mail address: a new submission (or,
 * with corrected, one the submitter corrected after changes were
 * requested) and the link to its review page. */
void notify_submission(struct request *r, const struct statement *st,
    int corrected);
/* To the submitter, right after a submission: the receipt, with the
 * reference and the private link (token is the status token in clear,
 * known only at this moment). */
void notify_receipt(struct request *r, const struct statement *st,
    const char *token);
/* To the submitter: approved (the public link), rejected (the reason),
 * changes requested (the message and a private link to the status page). */
void notify_decision(struct request *r, const struct statement *st,
    const struct mod_action *a);

#endif
