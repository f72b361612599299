/* cli.c — the dais command line: its table of commands, the usage text,
 * and the commands that are not about one kind of record (init, serve,
 * backup, sanitize, render, export-fragments, help). main.c only
 * reads the global options and dispatches through cli_commands. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"
#include "markup.h"
#include "publish.h"
#include "template.h"
#include "serve.h"
#include "settings.h"
#include "store.h"
#include "token.h"

/* Opens the store or says why not. */
struct store *cli_store(struct cli *c)
{
	struct buf err;
	struct store *st;

	buf_init(&err);
	st = store_open(c->db_path, STORE_RW, &err);
	if (st == NULL)
		fprintf(stderr, "dais: %s\n", err.s);
	buf_free(&err);
	return st;
}

/* Prints "dais: WHY" and returns 1 when why is set. */
int cli_refuse(const char *why)
{
	if (why == NULL)
		return 0;
	fprintf(stderr, "dais: %s\n", why);
	return 1;
}

static int cmd_help(struct cli *c, int argc, char **argv);

static int cmd_init(struct cli *c, int argc, char **argv)
{
	struct buf err;
	struct store *st;
	int before;

	if (argc != 1)
		return cli_usage(c, "init takes no arguments");
	buf_init(&err);
	st = store_open(c->db_path, STORE_MIGRATE, &err);
	if (st == NULL) {
		fprintf(stderr, "dais: %s\n", err.s);
		buf_free(&err);
		return 1;
	}
	before = store_schema_version(st);
	if (token_init_secret(st) != 0) {
		fprintf(stderr, "dais: cannot store the secret key\n");
		store_close(st);
		return 1;
	}
	printf("%s: schema version %d\n", c->db_path, before);
	store_close(st);
	buf_free(&err);
	return 0;
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "workers", required_argument, NULL, 'w' },
		{ "socket-mode", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve_opts o;
	long long v;
	int ch;

	memset(&o, 0, sizeof(o));
	o.workers = 2;
	o.socket_mode = 0660;
	o.db_path = c->db_path;
	o.tmpl_dir = c->tmpl_dir;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			o.listen = optarg;
			break;
		case 'w':
			if (parse_ll(optarg, 1, 256, &v) != 0)
				return cli_usage(c, "--workers wants 1 to 256");
			o.workers = (int)v;
			break;
		case 'm':
			v = strtol(optarg, NULL, 8);
			if (optarg[strspn(optarg, "01234567")] != '\0' ||
			    v <= 0 || v > 0777)
				return cli_usage(c, "--socket-mode wants an "
				    "octal mode such as 0660");
			o.socket_mode = (int)v;
			break;
		default:
			return cli_usage(c, NULL);
		}
	}
	if (optind != argc)
		return cli_usage(c, "serve takes only options");
	return serve_main(&o);
}

static int cmd_backup(struct cli *c, int argc, char **argv)
{
	struct buf err;
	struct store *st;
	int rc = 0;

	if (argc != 2)
		return cli_usage(c, "backup wants a file name");
	buf_init(&err);
	st = store_open(c->db_path, STORE_RW, &err);
	if (st == NULL || store_backup(st, argv[1], &err) != 0) {
		fprintf(stderr, "dais: %s\n", err.s);
		rc = 1;
	}
	store_close(st);
	buf_free(&err);
	return rc;
}

/* dais sanitize [--format html|markdown|text]: exactly what submissions go
 * through, from stdin to stdout. */
static int cmd_sanitize(struct cli *c, int argc, char **argv)
{
	enum markup_format f = MARKUP_HTML;
	struct buf in, out;
	const char *msg = NULL;
	char tmp[65536];
	size_t n;
	int rc = 0;

	if (argc == 3 && strcmp(argv[1], "--format") == 0) {
		if (markup_format_parse(argv[2], &f) != 0)
			return cli_usage(c, "--format is html, markdown or "
			    "text");
	} else if (argc != 1) {
		return cli_usage(c, "sanitize [--format html|markdown|text]");
	}
	buf_init(&in);
	buf_init(&out);
	while ((n = fread(tmp, 1, sizeof(tmp), stdin)) > 0 &&
	    in.len <= MARKUP_MAX_INPUT)
		buf_put(&in, tmp, n);
	if (markup_render(f, in.s, in.len, &out, &msg) != 0) {
		fprintf(stderr, "dais: %s\n", msg);
		rc = 1;
	} else {
		fwrite(out.s, 1, out.len, stdout);
	}
	buf_free(&in);
	buf_free(&out);
	return rc;
}

/* The store and the templates, for the publishing commands. */
static int publish_open(struct cli *c, struct store **st,
    struct tmpl_set **t)
{
	struct buf err;

	buf_init(&err);
	*t = NULL;
	*st = store_open(c->db_path, STORE_RW, &err);
	if (*st != NULL)
		*t = tmpl_load(c->tmpl_dir, &err);
	if (*t == NULL) {
		fprintf(stderr, "dais: %s\n", err.s);
		store_close(*st);
		buf_free(&err);
		return -1;
	}
	buf_free(&err);
	return 0;
}

/* dais render [--due]: every fragment again (after a template change), or
 * only those whose embargo has ended (for static files, from a timer). */
int cmd_render(struct cli *c, int argc, char **argv)
{
	struct store *st;
	struct tmpl_set *t;
	struct arena *a;
	struct publisher p;
	int due = argc == 2 && strcmp(argv[1], "--due") == 0, rc;

	if (argc != 1 && !due)
		return cli_usage(c, "render [--due]");
	if (publish_open(c, &st, &t) != 0)
		return 1;
	a = arena_new();
	publisher_init(&p, st, a, t, NULL);
	rc = due ? publish_due(&p, 1) : publish_all(&p);
	if (rc != 0)
		fprintf(stderr, "dais: rendering failed: %s\n",
		    sqlite3_errmsg(st->db));
	arena_free(a);
	tmpl_free(t);
	store_close(st);
	return rc != 0;
}

/* dais export-fragments DIR: every stored fragment as a file. */
static int cmd_export(struct cli *c, int argc, char **argv)
{
	struct store *st;
	struct tmpl_set *t;
	struct arena *a;
	struct publisher p;
	int rc;

	if (argc != 2)
		return cli_usage(c, "export-fragments DIR");
	if (mkdir(argv[1], 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "dais: cannot create %s: %s\n", argv[1],
		    strerror(errno));
		return 1;
	}
	if (publish_open(c, &st, &t) != 0)
		return 1;
	a = arena_new();
	publisher_init(&p, st, a, t, NULL);
	/* Embargoes that have ended are rendered first (if the database
	 * lets us write: the export goes on anyway). */
	if (publish_due(&p, 1) != 0)
		fprintf(stderr, "dais: fragments whose embargo has ended could "
		    "not be rendered first (%s); exporting them as stored\n",
		    sqlite3_errmsg(st->db));
	rc = publish_export(&p, argv[1]);
	if (rc != 0)
		fprintf(stderr, "dais: writing the files under %s failed\n",
		    argv[1]);
	arena_free(a);
	tmpl_free(t);
	store_close(st);
	return rc != 0;
}

const struct command cli_commands[] = {
	{ "init", cmd_init, "init", "create or migrate the database" },
	{ "serve", cmd_serve, "serve [--listen unix:PATH|HOST:PORT] "
	    "[--workers N] [--socket-mode MODE]", "FastCGI server (or plain "
	    "CGI when started as one)" },
	{ "backup", cmd_backup, "backup FILE", "online copy of the database" },
	{ "sanitize", cmd_sanitize, "sanitize [--format html|markdown|text]",
	    "stdin through the sanitizer to stdout" },
	{ "render", cmd_render, "render [--due]", "render every published "
	    "fragment again (--due: only those whose embargo has ended)" },
	{ "export-fragments", cmd_export, "export-fragments DIR", "write "
	    "every published fragment under DIR" },
	{ "export", cmd_export_archive, "export --format json|csv [--event "
	    "SLUG] [--org SLUG] [--lang L] [--state S] [--since YYYY-MM-DD] "
	    "[--submitter ADDRESS] [--bom]", "the archive on stdout (JSON: "
	    "everything, see doc/export.md; CSV: one row per statement; "
	    "--submitter: everything stored about one address)" },
	{ "import", cmd_import, "import FILE.json | import --organisations "
	    "FILE.csv | import --sessions EVENT FILE.csv", "add what a JSON "
	    "export holds (all or nothing; what exists is left alone), or "
	    "organisations or an event's sessions from CSV" },
	{ "config", cmd_config, "config list | get KEY | set KEY VALUE",
	    "settings (see `dais help config`)" },
	{ "event", cmd_event, "event add SLUG --title T --starts YYYY-MM-DD "
	    "[--ends D] [--location L] [--description D] [--closed] "
	    "[--time-zone ZONE] | event list | event open|close SLUG | event "
	    "time-zone SLUG ZONE | event edit SLUG [--slug NEW] [--title T] "
	    "[--starts D] [--ends D] [--location L] [--description D] "
	    "[--time-zone ZONE] | event delete SLUG", "events (ZONE: an IANA "
	    "name such as Europe/Paris, \"\" for the time_zone setting; a "
	    "new slug leaves the old one redirecting; delete: only with no "
	    "statement filed under it)" },
	{ "session", cmd_session, "session add EVENT SLUG --title T [--kind K] "
	    "[--position N] | session list EVENT | session edit EVENT SLUG "
	    "[--slug NEW] [--title T] [--kind K] | session delete|move-up|"
	    "move-down EVENT SLUG | session order EVENT SLUG...",
	    "panels and sessions" },
	{ "org", cmd_org, "org add SLUG --name N [--url URL] | org list | "
	    "org edit SLUG [--slug NEW] [--name N] [--url URL] | org delete "
	    "SLUG | org merge FROM INTO", "organisations (merge: FROM's "
	    "statements become INTO's, FROM's slug leads to INTO)" },
	{ "statement", cmd_statement, "statement move ID --event EVENT "
	    "[--session SESSION]", "file a statement (and its translations) "
	    "under another event or session; its fragments rendered again" },
	{ "moderator", cmd_moderator, "moderator add USER [--role "
	    "moderator|admin] [--email E] | list | disable USER | enable USER | "
	    "password USER", "moderators (passwords on stdin)" },
	{ "mail", cmd_mail, "mail list [pending|dead] | send | retry ID | "
	    "discard ID", "the outbox: list it, hand what is due to "
	    "mail_command (cron, under plain CGI), send an undeliverable "
	    "message again or discard it" },
	{ "purge", cmd_purge, "purge", "erase the personal data that the "
	    "retention settings (retention_days, address_retention_days) "
	    "no longer keep; prints counts (a daily timer runs it)" },
	{ "erase", cmd_erase, "erase --email ADDRESS [--withdraw]", "erase "
	    "everything stored about an e-mail address: its unpublished "
	    "statements deleted, its published ones kept without the "
	    "submitter's data (--withdraw: withdrawn too)" },
	{ "help", cmd_help, "help [config]", "this text" },
	{ NULL, NULL, NULL, NULL },
};

void cli_print_usage(FILE *f)
{
	const struct command *cmd;

	fprintf(f, "usage: dais [--db PATH] [--templates DIR] COMMAND ...\n\n"
	    "PATH defaults to $DAIS_DB, then dais.db; DIR to "
	    "$DAIS_TEMPLATES, then\n%s.\n\ncommands:\n", TEMPLATEDIR);
	for (cmd = cli_commands; cmd->name != NULL; cmd++)
		fprintf(f, "  %s\n      %s\n", cmd->usage, cmd->help);
	fprintf(f, "\n  --help, --version\n");
}

int cli_usage(struct cli *c, const char *why)
{
	if (why != NULL)
		fprintf(stderr, "dais: %s\n", why);
	cli_print_usage(stderr);
	return 2;
}

static int cmd_help(struct cli *c, int argc, char **argv)
{
	const struct setting_def *d;

	if (argc == 2 && strcmp(argv[1], "config") == 0) {
		printf("settings (dais config set KEY VALUE):\n\n");
		for (d = setting_all(); d->key != NULL; d++)
			printf("%s (default \"%s\")\n    %s\n\n", d->key,
			    d->dflt, d->help);
		return 0;
	}
	if (argc != 1)
		return cli_usage(c, "help [config]");
	cli_print_usage(stdout);
	return 0;
}
