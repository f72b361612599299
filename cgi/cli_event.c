/* cli_event.c — `dais event|session|org add|list`: the things statements
 * belong to (their edit, delete, merge and order: cli_structure.c). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "cli.h"
#include "store.h"
#include "util.h"

static int event_id(struct store *st, const char *slug, long long *id)
{
	struct arena *a = arena_new();
	struct event_def e;
	int found = event_find(st, a, slug, &e) == 0;

	if (found)
		*id = e.id;
	arena_free(a);
	if (!found)
		fprintf(stderr, "dais: no event %s (see dais event list)\n",
		    slug);
	return found ? 0 : 1;
}

static int event_add(struct cli *c, struct store *st, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "starts", required_argument, NULL, 's' },
		{ "ends", required_argument, NULL, 'e' },
		{ "location", required_argument, NULL, 'l' },
		{ "description", required_argument, NULL, 'd' },
		{ "closed", no_argument, NULL, 'c' },
		{ "time-zone", required_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 },
	};
	const char *title = "", *starts = "", *ends = NULL, *loc = "",
	    *desc = "", *zone = "";
	int ch, open = 1, rc;
	struct event_def e;
	struct arena *a;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't': title = optarg; break;
		case 's': starts = optarg; break;
		case 'e': ends = optarg; break;
		case 'l': loc = optarg; break;
		case 'd': desc = optarg; break;
		case 'c': open = 0; break;
		case 'z': zone = optarg; break;
		default: return cli_usage(c, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(c, "event add SLUG --title T --starts "
		    "YYYY-MM-DD [--ends YYYY-MM-DD] [--location L] "
		    "[--description D] [--closed] [--time-zone ZONE]");
	e.slug = argv[optind];
	e.title = title;
	e.starts = starts;
	e.ends = ends;
	e.location = loc;
	e.description = desc;
	e.open = open;
	e.time_zone = zone;
	a = arena_new();
	rc = cli_refuse(event_create(st, a, &e));
	arena_free(a);
	return rc;
}

static int event_list(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EVENT_LIST);

	while (sqlite3_step(s) == SQLITE_ROW)
		printf("%s\t%s\t%s\t%s..%s\t%s\t%s\n", sql_col(s, 0),
		    sql_col(s, 1), sql_col(s, 2), sql_col(s, 3), sql_col(s, 4),
		    sqlite3_column_int(s, 5) ? "open" : "closed",
		    *sql_col(s, 6) ? sql_col(s, 6) : "(time_zone setting)");
	sqlite3_reset(s);
	return 0;
}

/* `dais event time-zone SLUG ZONE` ("" for the time_zone setting). */
static int event_zone(struct store *st, const char *slug, const char *zone)
{
	struct arena *a = arena_new();
	int rc = cli_refuse(event_set_time_zone(st, a, slug, zone));

	arena_free(a);
	return rc;
}

int cmd_event(struct cli *c, int argc, char **argv)
{
	struct store *st;
	int rc;

	if (argc < 2)
		return cli_usage(c, "event add|list|open|close");
	if ((st = cli_store(c)) == NULL)
		return 1;
	if (strcmp(argv[1], "add") == 0)
		rc = event_add(c, st, argc - 1, argv + 1);
	else if (strcmp(argv[1], "list") == 0 && argc == 2)
		rc = event_list(st);
	else if (strcmp(argv[1], "open") == 0 && argc == 3)
		rc = cli_refuse(event_set_open(st, argv[2], 1));
	else if (strcmp(argv[1], "close") == 0 && argc == 3)
		rc = cli_refuse(event_set_open(st, argv[2], 0));
	else if (strcmp(argv[1], "time-zone") == 0 && argc == 4)
		rc = event_zone(st, argv[2], argv[3]);
	else if (strcmp(argv[1], "edit") == 0)
		rc = cli_event_edit(c, argc - 1, argv + 1);
	else if (strcmp(argv[1], "delete") == 0 && argc == 3)
		rc = cli_event_delete(c, argv[2]);
	else
		rc = cli_usage(c, "event add|list|open SLUG|close SLUG|"
		    "time-zone SLUG ZONE|edit SLUG|delete SLUG");
	store_close(st);
	return rc;
}

static int session_add(struct cli *c, struct store *st, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "kind", required_argument, NULL, 'k' },
		{ "position", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *title = "", *kind = "panel";
	long long pos = -1;
	struct arena *a;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't': title = optarg; break;
		case 'k': kind = optarg; break;
		case 'p':
			if (parse_ll(optarg, 0, 100000, &pos) != 0)
				return cli_usage(c, "--position wants a number");
			break;
		default: return cli_usage(c, NULL);
		}
	}
	if (optind + 2 != argc)
		return cli_usage(c, "session add EVENT SLUG --title T "
		    "[--kind K] [--position N]");
	a = arena_new();
	rc = cli_refuse(session_create(st, a, argv[optind], argv[optind + 1],
	    title, kind, pos));
	arena_free(a);
	return rc;
}

int cmd_session(struct cli *c, int argc, char **argv)
{
	struct store *st;
	sqlite3_stmt *s;
	long long ev = 0;
	int rc = 0;

	if (argc < 2)
		return cli_usage(c, "session add|list");
	if ((st = cli_store(c)) == NULL)
		return 1;
	if (strcmp(argv[1], "add") == 0) {
		rc = session_add(c, st, argc - 1, argv + 1);
	} else if (strcmp(argv[1], "list") == 0 && argc == 3) {
		rc = event_id(st, argv[2], &ev);
		s = store_stmt(st, SQL_SESSION_LIST);
		sql_int(s, 1, ev);
		while (rc == 0 && sqlite3_step(s) == SQLITE_ROW)
			printf("%s\t%s\t%s\t%d\n", sql_col(s, 0),
			    sql_col(s, 1), sql_col(s, 2),
			    sqlite3_column_int(s, 3));
		sqlite3_reset(s);
	} else if (strcmp(argv[1], "edit") == 0 ||
	    strcmp(argv[1], "delete") == 0 ||
	    strcmp(argv[1], "move-up") == 0 ||
	    strcmp(argv[1], "move-down") == 0 ||
	    strcmp(argv[1], "order") == 0) {
		rc = cli_session_change(c, argc - 1, argv + 1);
	} else {
		rc = cli_usage(c, "session add EVENT SLUG --title T | "
		    "session list EVENT | session edit|delete|move-up|"
		    "move-down EVENT SLUG | session order EVENT SLUG...");
	}
	store_close(st);
	return rc;
}

static int org_add(struct cli *c, struct store *st, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "url", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = "", *url = "";
	struct arena *a;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': name = optarg; break;
		case 'u': url = optarg; break;
		default: return cli_usage(c, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(c, "org add SLUG --name N [--url URL]");
	a = arena_new();
	rc = cli_refuse(org_create(st, a, argv[optind], name, url));
	arena_free(a);
	return rc;
}

int cmd_org(struct cli *c, int argc, char **argv)
{
	struct store *st;
	sqlite3_stmt *s;
	int rc = 0;

	if (argc < 2)
		return cli_usage(c, "org add|list");
	if ((st = cli_store(c)) == NULL)
		return 1;
	if (strcmp(argv[1], "add") == 0) {
		rc = org_add(c, st, argc - 1, argv + 1);
	} else if (strcmp(argv[1], "list") == 0 && argc == 2) {
		s = store_stmt(st, SQL_ORG_LIST);
		while (sqlite3_step(s) == SQLITE_ROW)
			printf("%s\t%s\t%s\n", sql_col(s, 0), sql_col(s, 1),
			    sql_col(s, 2));
		sqlite3_reset(s);
	} else if (strcmp(argv[1], "edit") == 0) {
		rc = cli_org_edit(c, argc - 1, argv + 1);
	} else if (strcmp(argv[1], "delete") == 0 && argc == 3) {
		rc = cli_org_delete(c, argv[2]);
	} else if (strcmp(argv[1], "merge") == 0 && argc == 4) {
		rc = cli_org_merge(c, argv[2], argv[3]);
	} else {
		rc = cli_usage(c, "org add SLUG --name N [--url URL] | org list "
		    "| org edit SLUG | org delete SLUG | org merge FROM INTO");
	}
	store_close(st);
	return rc;
}
