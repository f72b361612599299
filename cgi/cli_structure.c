/* cli_structure.c — `dais event|session|org edit|delete…`, `org merge`,
 * `session move-up|move-down|order` and `dais statement move`: the
 * changes of structure.c from the command line (cli_event.c dispatches
 * the subcommands here). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "store.h"
#include "structure.h"
#include "template.h"
#include "util.h"

/* The command line acts as this in the audit log. */
#define CLI_ACTOR "command line"

/* Opens the store and the templates (the change renders fragments): 0,
 * or -1 said. */
static int ctx_open(struct cli *cl, struct structure_ctx *c)
{
	struct buf err;

	memset(c, 0, sizeof(*c));
	if ((c->st = cli_store(cl)) == NULL)
		return -1;
	buf_init(&err);
	c->tmpl = tmpl_load(cl->tmpl_dir, &err);
	if (c->tmpl == NULL) {
		fprintf(stderr, "dais: %s\n", err.s);
		buf_free(&err);
		store_close(c->st);
		return -1;
	}
	buf_free(&err);
	c->a = arena_new();
	c->actor = CLI_ACTOR;
	c->addr = "";
	return 0;
}

/* Closes what ctx_open opened; returns 1 when why is set (said), else
 * 0. */
static int ctx_done(struct structure_ctx *c, const char *why)
{
	int rc = cli_refuse(why);

	tmpl_free((struct tmpl_set *)c->tmpl);
	arena_free(c->a);
	store_close(c->st);
	return rc;
}

#define EVENT_EDIT_USAGE "event edit SLUG [--slug NEW] [--title T] " \
    "[--starts YYYY-MM-DD] [--ends YYYY-MM-DD] [--location L] " \
    "[--description D] [--time-zone ZONE]"

int cli_event_edit(struct cli *cl, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "slug", required_argument, NULL, 'S' },
		{ "title", required_argument, NULL, 't' },
		{ "starts", required_argument, NULL, 's' },
		{ "ends", required_argument, NULL, 'e' },
		{ "location", required_argument, NULL, 'l' },
		{ "description", required_argument, NULL, 'd' },
		{ "time-zone", required_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 },
	};
	struct event_change ch;
	struct structure_ctx c;
	int opt;

	memset(&ch, 0, sizeof(ch));
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'S': ch.slug = optarg; break;
		case 't': ch.title = optarg; break;
		case 's': ch.starts = optarg; break;
		case 'e': ch.ends = optarg; break;
		case 'l': ch.location = optarg; break;
		case 'd': ch.description = optarg; break;
		case 'z': ch.time_zone = optarg; break;
		default: return cli_usage(cl, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cl, EVENT_EDIT_USAGE);
	if (ctx_open(cl, &c) != 0)
		return 1;
	return ctx_done(&c, structure_event_edit(&c, argv[optind], &ch));
}

int cli_event_delete(struct cli *cl, const char *slug)
{
	struct structure_ctx c;

	if (ctx_open(cl, &c) != 0)
		return 1;
	return ctx_done(&c, structure_event_delete(&c, slug));
}

#define SESSION_EDIT_USAGE "session edit EVENT SLUG [--slug NEW] " \
    "[--title T] [--kind K]"

static int session_edit(struct cli *cl, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "slug", required_argument, NULL, 'S' },
		{ "title", required_argument, NULL, 't' },
		{ "kind", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	const char *slug = NULL, *title = NULL, *kind = NULL;
	struct structure_ctx c;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'S': slug = optarg; break;
		case 't': title = optarg; break;
		case 'k': kind = optarg; break;
		default: return cli_usage(cl, NULL);
		}
	}
	if (optind + 2 != argc)
		return cli_usage(cl, SESSION_EDIT_USAGE);
	if (ctx_open(cl, &c) != 0)
		return 1;
	return ctx_done(&c, structure_session_edit(&c, argv[optind],
	    argv[optind + 1], slug, title, kind));
}

/* argv[0] is the subcommand: edit, delete, move-up, move-down, order. */
int cli_session_change(struct cli *cl, int argc, char **argv)
{
	struct structure_ctx c;
	const char *why;

	if (strcmp(argv[0], "edit") == 0)
		return session_edit(cl, argc, argv);
	if ((strcmp(argv[0], "order") == 0 && argc < 2) ||
	    (strcmp(argv[0], "order") != 0 && argc != 3))
		return cli_usage(cl, "session delete|move-up|move-down EVENT "
		    "SLUG | session order EVENT SLUG...");
	if (ctx_open(cl, &c) != 0)
		return 1;
	if (strcmp(argv[0], "delete") == 0)
		why = structure_session_delete(&c, argv[1], argv[2]);
	else if (strcmp(argv[0], "move-up") == 0)
		why = structure_session_step(&c, argv[1], argv[2], -1);
	else if (strcmp(argv[0], "move-down") == 0)
		why = structure_session_step(&c, argv[1], argv[2], 1);
	else
		why = structure_session_order(&c, argv[1],
		    (const char *const *)argv + 2, argc - 2);
	return ctx_done(&c, why);
}

#define ORG_EDIT_USAGE "org edit SLUG [--slug NEW] [--name N] [--url URL]"

int cli_org_edit(struct cli *cl, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "slug", required_argument, NULL, 'S' },
		{ "name", required_argument, NULL, 'n' },
		{ "url", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *slug = NULL, *name = NULL, *url = NULL;
	struct structure_ctx c;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'S': slug = optarg; break;
		case 'n': name = optarg; break;
		case 'u': url = optarg; break;
		default: return cli_usage(cl, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cl, ORG_EDIT_USAGE);
	if (ctx_open(cl, &c) != 0)
		return 1;
	return ctx_done(&c, structure_org_edit(&c, argv[optind], slug, name,
	    url));
}

int cli_org_delete(struct cli *cl, const char *slug)
{
	struct structure_ctx c;

	if (ctx_open(cl, &c) != 0)
		return 1;
	return ctx_done(&c, structure_org_delete(&c, slug));
}

int cli_org_merge(struct cli *cl, const char *from, const char *into)
{
	struct structure_ctx c;

	if (ctx_open(cl, &c) != 0)
		return 1;
	return ctx_done(&c, structure_org_merge(&c, from, into));
}

#define STATEMENT_USAGE "statement move ID --event EVENT [--session SESSION]"

/* dais statement move ID --event E [--session S] */
int cmd_statement(struct cli *cl, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "event", required_argument, NULL, 'e' },
		{ "session", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *event = NULL, *session = "";
	struct structure_ctx c;
	int opt;

	if (argc < 2 || strcmp(argv[1], "move") != 0)
		return cli_usage(cl, STATEMENT_USAGE);
	argc--;
	argv++;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'e': event = optarg; break;
		case 's': session = optarg; break;
		default: return cli_usage(cl, NULL);
		}
	}
	if (optind + 1 != argc || event == NULL)
		return cli_usage(cl, STATEMENT_USAGE);
	if (ctx_open(cl, &c) != 0)
		return 1;
	return ctx_done(&c, structure_statement_move(&c, argv[optind], event,
	    session));
}
