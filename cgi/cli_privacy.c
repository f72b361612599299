/* cli_privacy.c — `dais purge` (the retention settings, from a daily
 * timer) and `dais erase --email ADDRESS [--withdraw]` (erasure on
 * request): privacy.c does both, this prints what they did. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "privacy.h"
#include "publish.h"
#include "settings.h"
#include "store.h"
#include "template.h"
#include "util.h"
#include "valid.h"

int cmd_purge(struct cli *c, int argc, char **argv)
{
	struct purge_counts n;
	struct store *st;
	int rc;

	(void)argv;
	if (argc != 1)
		return cli_usage(c, "purge takes no arguments");
	if ((st = cli_store(c)) == NULL)
		return 1;
	rc = privacy_purge(st, setting_int(st, SET_retention_days),
	    setting_int(st, SET_address_retention_days), "dais purge", &n);
	if (rc != 0) {
		fprintf(stderr, "dais: nothing was purged: %s\n",
		    sqlite3_errstr(rc));
		store_close(st);
		return 1;
	}
	privacy_scrub(st);
	printf("statements whose submitter's data were erased: %lld\n"
	    "attachments deleted: %lld\nclient addresses erased: %lld\n"
	    "other rows (links, mails, sign-ins, audit addresses): %lld\n",
	    n.statements, n.attachments, n.addresses, n.other);
	store_close(st);
	return 0;
}

int cmd_erase(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "withdraw", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	const char *email = NULL, *why;
	struct erase_counts n;
	struct publisher p;
	struct tmpl_set *t;
	struct store *st;
	struct arena *a;
	int ch, withdraw = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': email = optarg; break;
		case 'w': withdraw = 1; break;
		default: return cli_usage(c, NULL);
		}
	}
	if (optind != argc || email == NULL)
		return cli_usage(c, "erase --email ADDRESS [--withdraw]");
	if ((why = valid_email(email)) != NULL) {
		fprintf(stderr, "dais: the address %s\n", why);
		return 2;
	}
	if (cli_publish_open(c, &st, &t) != 0)
		return 1;
	a = arena_new();
	publisher_init(&p, st, a, t, NULL);
	rc = privacy_erase(st, &p, email, withdraw, "dais erase", "", &n);
	if (rc != 0) {
		fprintf(stderr, "dais: nothing was erased: %s\n",
		    sqlite3_errstr(rc));
	} else {
		publish_files(&p);
		privacy_scrub(st);
		printf("statements sent from the address: %lld\n"
		    "deleted (unpublished, with their versions): %lld\n"
		    "published, kept without the submitter's data: %lld\n"
		    "published, withdrawn: %lld\n", n.matched, n.deleted,
		    n.kept, n.withdrawn);
	}
	arena_free(a);
	tmpl_free(t);
	store_close(st);
	return rc != 0;
}
