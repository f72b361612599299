/* cli_mail.c — `dais mail list|send|retry|discard`: the outbox from the
 * command line (outbox.c sends it). `send` is what a plain CGI
 * installation runs from cron, so that retries come due without waiting
 * for the next request; under `dais serve` the sender process does it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "outbox.h"
#include "store.h"
#include "util.h"

/* Every message in the outbox, newest first: id, state, attempts, the
 * unix time it is due (or claimed until), recipient, subject, last
 * error; tab-separated. */
static int mail_list(struct store *st, const char *state)
{
	sqlite3_stmt *s = store_stmt(st, SQL_OUTBOX_LIST);

	sql_text(s, 1, state);
	sql_int(s, 2, 1000000);
	while (sqlite3_step(s) == SQLITE_ROW)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", sql_col(s, 0),
		    sql_col(s, 1), sql_col(s, 5), sql_col(s, 6), sql_col(s, 2),
		    sql_col(s, 3), sql_col(s, 7));
	sqlite3_reset(s);
	return 0;
}

static int mail_change(struct store *st, const char *op, const char *arg)
{
	long long id;
	int rc;

	if (parse_ll(arg, 1, 1000000000000LL, &id) != 0) {
		fprintf(stderr, "dais: not a message id: %s\n", arg);
		return 2;
	}
	rc = strcmp(op, "retry") == 0 ? outbox_retry(st, id) :
	    outbox_discard(st, id);
	if (rc > 0)
		fprintf(stderr, "dais: no undeliverable message %lld (see dais "
		    "mail list dead)\n", id);
	else if (rc < 0)
		fprintf(stderr, "dais: cannot change message %lld: %s\n", id,
		    sqlite3_errmsg(st->db));
	return rc != 0;
}

int cmd_mail(struct cli *c, int argc, char **argv)
{
	struct store *st;
	int rc;

	if (argc < 2 || (strcmp(argv[1], "list") == 0 && argc > 3) ||
	    (strcmp(argv[1], "send") == 0 && argc != 2) ||
	    ((strcmp(argv[1], "retry") == 0 ||
	    strcmp(argv[1], "discard") == 0) && argc != 3))
		return cli_usage(c, "mail list [pending|dead] | send | retry ID "
		    "| discard ID");
	if (strcmp(argv[1], "list") == 0 && argc == 3 &&
	    strcmp(argv[2], "pending") != 0 && strcmp(argv[2], "dead") != 0)
		return cli_usage(c, "mail list takes pending or dead");
	if ((st = cli_store(c)) == NULL)
		return 1;
	if (strcmp(argv[1], "list") == 0)
		rc = mail_list(st, argc == 3 ? argv[2] : "");
	else if (strcmp(argv[1], "send") == 0)
		rc = (printf("%d handed to the mailer\n",
		    outbox_deliver(st, 0)) < 0);
	else if (strcmp(argv[1], "retry") == 0 ||
	    strcmp(argv[1], "discard") == 0)
		rc = mail_change(st, argv[1], argv[2]);
	else
		rc = cli_usage(c, "mail list|send|retry|discard");
	/* A message sent again is due now: hand it over before leaving. */
	if (rc == 0 && strcmp(argv[1], "retry") == 0)
		outbox_deliver(st, 0);
	store_close(st);
	return rc;
}
