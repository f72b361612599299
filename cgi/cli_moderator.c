/* cli_moderator.c — `dais moderator add|list|disable|enable|password`
 * (auth.c keeps the moderator records). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "cli.h"
#include "store.h"
#include "util.h"

/* The password from stdin: the first line, without its newline. */
static int read_password(char *pw, size_t n)
{
	size_t len;

	if (isatty(0))
		fprintf(stderr, "password: ");
	if (fgets(pw, (int)n, stdin) == NULL)
		return -1;
	len = strcspn(pw, "\r\n");
	pw[len] = '\0';
	return len >= 8 ? 0 : -1;
}

static int moderator_add(struct cli *c, struct store *st, struct arena *a,
    int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "email", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	const char *role = "moderator", *email = "", *why;
	char pw[1024];
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'r')
			role = optarg;
		else if (ch == 'e')
			email = optarg;
		else
			return cli_usage(c, NULL);
	}
	if (optind + 1 != argc)
		return cli_usage(c, "moderator add USER [--role moderator|admin]"
		    " [--email ADDRESS] (password on stdin)");
	if (read_password(pw, sizeof(pw)) != 0) {
		fprintf(stderr, "dais: the password (first line of stdin) "
		    "must have at least 8 characters\n");
		return 1;
	}
	why = moderator_create(st, a, argv[optind], pw, role, email);
	sodium_memzero(pw, sizeof(pw));
	if (why != NULL) {
		fprintf(stderr, "dais: %s\n", why);
		return 1;
	}
	return 0;
}

static int moderator_simple(struct store *st, struct arena *a, const char *cmd,
    const char *user)
{
	char pw[1024];
	const char *why = NULL, *hash = NULL;

	if (strcmp(cmd, "password") == 0) {
		if (read_password(pw, sizeof(pw)) != 0 || strlen(pw) > 1000)
			why = "The password must have 8 to 1000 characters";
		else if ((hash = moderator_password_hash(a, pw)) == NULL)
			why = "The password could not be hashed (out of memory)";
		sodium_memzero(pw, sizeof(pw));
	}
	if (why == NULL)
		why = moderator_change(st, user, cmd, hash);
	/* In the audit log as the web's changes are (after the change: its
	 * own transaction is moderator_change's). */
	if (why == NULL && audit_add_cli(st, strcmp(cmd, "password") == 0 ?
	    "password_changed" : cmd, user) != 0)
		fprintf(stderr, "dais: %s: the change was made but not written "
		    "to the audit log\n", user);
	if (why != NULL) {
		fprintf(stderr, "dais: %s: %s\n", user, why);
		return 1;
	}
	return 0;
}

int cmd_moderator(struct cli *c, int argc, char **argv)
{
	struct store *st;
	struct arena *a;
	struct buf err;
	sqlite3_stmt *s;
	int rc = 0;

	if (argc < 2)
		return cli_usage(c, "moderator add|list|disable|enable|password");
	buf_init(&err);
	if ((st = store_open(c->db_path, STORE_RW, &err)) == NULL) {
		fprintf(stderr, "dais: %s\n", err.s);
		buf_free(&err);
		return 1;
	}
	a = arena_new();
	if (strcmp(argv[1], "add") == 0) {
		rc = moderator_add(c, st, a, argc - 1, argv + 1);
	} else if (strcmp(argv[1], "list") == 0 && argc == 2) {
		s = store_stmt(st, SQL_MOD_LIST);
		while (sqlite3_step(s) == SQLITE_ROW)
			printf("%s\t%s\t%s\t%s\n", sql_col(s, 0), sql_col(s, 1),
			    sqlite3_column_int(s, 3) ? "disabled" : "active",
			    sql_col(s, 2));
		sqlite3_reset(s);
	} else if (argc == 3 && (strcmp(argv[1], "disable") == 0 ||
	    strcmp(argv[1], "enable") == 0 ||
	    strcmp(argv[1], "password") == 0)) {
		rc = moderator_simple(st, a, argv[1], argv[2]);
	} else {
		rc = cli_usage(c, "moderator add USER [--role R] [--email E] | "
		    "list | disable USER | enable USER | password USER");
	}
	arena_free(a);
	store_close(st);
	buf_free(&err);
	return rc;
}
