/* cli.c — the dais command line: its table of commands with their
 * documentation (cli.h says how it is written; cli_help.c prints it, and
 * makes dais(1) from it), and the commands that are not about one kind of
 * record (init, serve, backup, sanitize, render, export-fragments). main.c
 * only reads the global options and dispatches through cli_commands. */
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
int cli_publish_open(struct cli *c, struct store **st,
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
	if (cli_publish_open(c, &st, &t) != 0)
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
	if (cli_publish_open(c, &st, &t) != 0)
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
	{ "init", cmd_init, "init", "create or migrate the database",
	    "Creates the database, or brings one made by an earlier dais to "
	    "this version's schema (each migration in a transaction), and "
	    "makes the secret key of form tokens and cookies the first time.\n"
	    "Prints the database's path and schema version.\n"
	    "Running it again changes nothing; a database made by a newer "
	    "dais is refused.\n"
	    "Every other command needs a database that init has brought up "
	    "to date." },
	{ "serve", cmd_serve, "serve [--listen unix:PATH|HOST:PORT] "
	    "[--workers N] [--socket-mode MODE]", "FastCGI server (or plain "
	    "CGI when started as one)",
	    "Serves the web pages over FastCGI: a master process starts the "
	    "workers, each with its own database connection, serving one "
	    "request at a time, and one process that hands mail to "
	    "mail_command; it starts again any of them that dies.\n"
	    "SIGHUP makes the workers read the templates again; SIGTERM or "
	    "SIGINT lets each finish the request in hand, then stops them.\n"
	    "Without --listen, serves the socket it was given on standard "
	    "input (spawn-fcgi, systemd socket activation, Apache mod_fcgid); "
	    "started by a web server as a CGI program, it answers the one "
	    "request and exits.\n"
	    "Messages go to standard error, one a line, with the time and "
	    "the process id.\n"
	    "\n"
	    "--listen unix:PATH|HOST:PORT\n"
	    "Listens on the Unix socket PATH (made anew; removed at exit) or "
	    "on the TCP address HOST:PORT.\n"
	    "\n"
	    "--workers N\n"
	    "How many requests are served at once: 1 to 256, default 2.\n"
	    "\n"
	    "--socket-mode MODE\n"
	    "The permissions of the Unix socket, in octal; default 0660 "
	    "(the web server's user must be in dais's group)." },
	{ "backup", cmd_backup, "backup FILE", "online copy of the database",
	    "Copies the whole database to FILE with SQLite's online backup, "
	    "consistent and safe while dais serves requests.\n"
	    "The database holds everything: statements, moderators, the "
	    "audit log, the outgoing mail and every setting; the templates "
	    "come with the program." },
	{ "sanitize", cmd_sanitize, "sanitize [--format html|markdown|text]",
	    "stdin through the sanitizer to stdout",
	    "Reads a statement's body on standard input and writes the HTML "
	    "that dais would publish on standard output: exactly what every "
	    "submission and every moderator's edit goes through.\n"
	    "Exits 1, with the reason, when the input would be refused.\n"
	    "\n"
	    "--format html|markdown|text\n"
	    "How the input is written: HTML (the default), Markdown "
	    "(CommonMark) or plain text." },
	{ "render", cmd_render, "render [--due]", "render every published "
	    "fragment again (--due: only those whose embargo has ended)",
	    "Renders every published fragment again, builds the search "
	    "index anew, and writes the fragments to static_dir when that is "
	    "set: after the templates changed, for example.\n"
	    "A dais whose templates or sanitizer differ from those of the "
	    "stored fragments does the same when it starts.\n"
	    "\n"
	    "--due\n"
	    "Renders only the fragments in which an embargo has ended since "
	    "they were rendered: for static_dir, from a timer every minute "
	    "(contrib/systemd/dais-render-due.timer); fragments that dais "
	    "serves itself need no timer." },
	{ "export-fragments", cmd_export, "export-fragments DIR", "write "
	    "every published fragment under DIR",
	    "Writes every published fragment as a file under DIR (made if "
	    "missing), with the names static_dir uses: event/EVENT.html, "
	    "event/EVENT/SESSION.html, statement/ID.html, org/ORG.html, "
	    "atom/all.xml, atom/EVENT.xml, and each again per interface "
	    "language (event/EVENT.fr.html).\n"
	    "Fragments whose embargo has ended are rendered first." },
	{ "export", cmd_export_archive, "export --format json|csv [--event "
	    "SLUG] [--org SLUG] [--lang L] [--state S] [--since YYYY-MM-DD] "
	    "[--submitter ADDRESS] [--bom]", "the archive on stdout (JSON: "
	    "everything, see doc/export.md; CSV: one row per statement; "
	    "--submitter: everything stored about one address)",
	    "Writes the archive on standard output, as administrators get it "
	    "from /admin/export.\n"
	    "JSON is the whole archive: events and their sessions, "
	    "organisations, and each statement with every language version, "
	    "its revisions, the decisions taken on it and its attachments' "
	    "descriptions (not their bytes), the reasons for rejecting and "
	    "the trusted submitters; doc/export.md documents each key.\n"
	    "Settings, moderators and fragments are not in it.\n"
	    "CSV is one row per statement (its original), RFC 4180, UTF-8, "
	    "under a header row of stable English keys; a field that begins "
	    "like a formula (= + - @) gets an apostrophe first.\n"
	    "\n"
	    "--format json|csv\n"
	    "The format; default json.\n"
	    "\n"
	    "--event SLUG\n"
	    "Only the statements of this event.\n"
	    "\n"
	    "--org SLUG\n"
	    "Only the statements delivered by this organisation or on its "
	    "behalf.\n"
	    "\n"
	    "--lang L\n"
	    "Only the statements with a version in the language L.\n"
	    "\n"
	    "--state S\n"
	    "Only the statements whose original is in the state S.\n"
	    "\n"
	    "--since YYYY-MM-DD\n"
	    "Only the statements sent on or after that day.\n"
	    "\n"
	    "--submitter ADDRESS\n"
	    "Everything stored about one e-mail address instead, for a "
	    "person who asks: the versions sent from it with their name, "
	    "address and network address, its sign-in links to My "
	    "statements, the e-mails to it waiting in the outbox, whether "
	    "moderators trust it, and a moderator account with it; nothing "
	    "about anyone else.\n"
	    "\n"
	    "--bom\n"
	    "Puts a byte order mark first (CSV), so that Excel reads "
	    "accented letters right." },
	{ "import", cmd_import, "import FILE.json\n"
	    "import --organisations FILE.csv\n"
	    "import --sessions EVENT FILE.csv", "add what a JSON export "
	    "holds (all or nothing; what exists is left alone), or "
	    "organisations or an event's sessions from CSV",
	    "Adds what a file holds, all or nothing "
	    "in one transaction, and prints how many records it added.\n"
	    "What is already there (by slug, by public id) is left as it "
	    "is, so a second import changes nothing.\n"
	    "A bad value is refused with its place in the file, and nothing "
	    "is stored.\n"
	    "\n"
	    "import FILE.json\n"
	    "A JSON export (dais export --format json), into an empty or an "
	    "existing database: every value is checked as the web forms "
	    "check it, texts go through the sanitizer as submissions do, and "
	    "the fragments are rendered after.\n"
	    "An imported attachment is described but not served (an export "
	    "has no bytes).\n"
	    "\n"
	    "import --organisations FILE.csv\n"
	    "Organisations, under a header row naming the columns slug, "
	    "name, url; at most 10,000 rows.\n"
	    "\n"
	    "import --sessions EVENT FILE.csv\n"
	    "The sessions of the event EVENT, under a header row naming the "
	    "columns slug, title, kind, position; at most 10,000 rows." },
	{ "config", cmd_config, "config list\nconfig get KEY\n"
	    "config set KEY VALUE", "settings (see `dais help config`)",
	    "Every setting lives in the database, so that the one file is "
	    "the whole installation; administrators can also change most of "
	    "them on the admin page.\n"
	    "dais-settings(5) and dais help config describe each one.\n"
	    "\n"
	    "config list\n"
	    "Prints every setting as KEY=VALUE, its default where it was "
	    "never set.\n"
	    "\n"
	    "config get KEY\n"
	    "Prints the value of one setting.\n"
	    "\n"
	    "config set KEY VALUE\n"
	    "Checks VALUE and stores it, or says why not and exits 1.\n"
	    "Changing base_url, default_language or site_name renders every "
	    "fragment again." },
	{ "event", cmd_event, "event add SLUG --title T --starts YYYY-MM-DD "
	    "[--ends D] [--location L] [--description D] [--closed] "
	    "[--time-zone ZONE]\nevent list\nevent open|close SLUG\n"
	    "event time-zone SLUG ZONE\nevent edit SLUG [--slug NEW] "
	    "[--title T] [--starts D] [--ends D] [--location L] "
	    "[--description D] [--time-zone ZONE]\nevent delete SLUG",
	    "events (ZONE: an IANA name such as Europe/Paris, \"\" for the "
	    "time_zone setting; a new slug leaves the old one redirecting; "
	    "delete: only with no statement filed under it)",
	    "The events statements are delivered at: a conference, a "
	    "dialogue, a session of a council.\n"
	    "SLUG is the event's short name in addresses (/e/SLUG, "
	    "/fragment/event/SLUG): 1 to 64 lower-case letters, digits and "
	    "hyphens.\n"
	    "Every change is in the audit log, and the fragments it touches "
	    "are rendered again.\n"
	    "\n"
	    "event add SLUG\n"
	    "Adds an event, open for submissions unless --closed.\n"
	    "\n"
	    "--title T\n"
	    "Its name, as pages show it; required.\n"
	    "\n"
	    "--starts YYYY-MM-DD\n"
	    "Its first day; required.\n"
	    "\n"
	    "--ends D\n"
	    "Its last day, YYYY-MM-DD; the first day if not given.\n"
	    "\n"
	    "--location L\n"
	    "Where it takes place.\n"
	    "\n"
	    "--description D\n"
	    "A description, shown on its public page.\n"
	    "\n"
	    "--closed\n"
	    "Adds it closed: the form does not offer it.\n"
	    "\n"
	    "--time-zone ZONE\n"
	    "The time zone in which moderators type and read the time an "
	    "approved statement is to be published: an IANA name such as "
	    "Europe/Paris; without it, the time_zone setting.\n"
	    "\n"
	    "event list\n"
	    "Prints one event a line, newest first: slug, title, location, "
	    "first..last day, open or closed, time zone; separated by tabs.\n"
	    "\n"
	    "event open|close SLUG\n"
	    "Opens the event to submissions, or closes it; its published "
	    "statements stay published.\n"
	    "\n"
	    "event time-zone SLUG ZONE\n"
	    "Sets the event's time zone; \"\" for the time_zone setting.\n"
	    "\n"
	    "event edit SLUG\n"
	    "Changes what the options give, as event add takes them; the "
	    "rest stays as it is.\n"
	    "\n"
	    "--slug NEW\n"
	    "Renames the event: its old addresses lead to the new ones "
	    "(301).\n"
	    "\n"
	    "event delete SLUG\n"
	    "Deletes the event and its sessions; refused while a statement "
	    "is filed under it." },
	{ "session", cmd_session, "session add EVENT SLUG --title T "
	    "[--kind K] [--position N]\nsession list EVENT\n"
	    "session edit EVENT SLUG [--slug NEW] [--title T] [--kind K]\n"
	    "session delete|move-up|move-down EVENT SLUG\n"
	    "session order EVENT SLUG...", "panels and sessions",
	    "The panels and sessions of an event, which the form offers "
	    "with it and fragments group statements by "
	    "(/fragment/event/EVENT/SLUG).\n"
	    "Every change is in the audit log, and the fragments it touches "
	    "are rendered again.\n"
	    "\n"
	    "session add EVENT SLUG\n"
	    "Adds a session to the event EVENT; SLUG is unique within the "
	    "event.\n"
	    "\n"
	    "--title T\n"
	    "Its name, as pages show it; required.\n"
	    "\n"
	    "--kind K\n"
	    "What it is, in a word or two (panel, plenary, side event); "
	    "default panel.\n"
	    "\n"
	    "--position N\n"
	    "Its place in the event's order (0 to 100000); default after "
	    "the last.\n"
	    "\n"
	    "session list EVENT\n"
	    "Prints the event's sessions in order: slug, title, kind, "
	    "position; separated by tabs.\n"
	    "\n"
	    "session edit EVENT SLUG\n"
	    "Changes what the options give, as session add takes them; the "
	    "rest stays as it is.\n"
	    "\n"
	    "--slug NEW\n"
	    "Renames the session: its old addresses lead to the new ones "
	    "(301).\n"
	    "\n"
	    "session delete|move-up|move-down EVENT SLUG\n"
	    "Deletes the session (refused while a statement is filed under "
	    "it), or moves it one place earlier or later.\n"
	    "\n"
	    "session order EVENT SLUG...\n"
	    "Puts the event's sessions in this order, each named once." },
	{ "org", cmd_org, "org add SLUG --name N [--url URL]\norg list\n"
	    "org edit SLUG [--slug NEW] [--name N] [--url URL]\n"
	    "org delete SLUG\norg merge FROM INTO", "organisations (merge: "
	    "FROM's statements become INTO's, FROM's slug leads to INTO)",
	    "The organisations statements are delivered by or on behalf of; "
	    "each has its public page (/o/SLUG) and fragment "
	    "(/fragment/org/SLUG).\n"
	    "Every change is in the audit log, and the fragments it touches "
	    "are rendered again.\n"
	    "\n"
	    "org add SLUG\n"
	    "Adds an organisation.\n"
	    "\n"
	    "--name N\n"
	    "Its name, as pages show it; required.\n"
	    "\n"
	    "--url URL\n"
	    "Its web site (http or https).\n"
	    "\n"
	    "org list\n"
	    "Prints one organisation a line, by name: slug, name, web "
	    "address; separated by tabs.\n"
	    "\n"
	    "org edit SLUG\n"
	    "Changes what the options give, as org add takes them; the rest "
	    "stays as it is.\n"
	    "\n"
	    "--slug NEW\n"
	    "Renames the organisation: its old addresses lead to the new "
	    "ones (301).\n"
	    "\n"
	    "org delete SLUG\n"
	    "Deletes the organisation; refused while a statement names it.\n"
	    "\n"
	    "org merge FROM INTO\n"
	    "The statements delivered by FROM or on its behalf become "
	    "INTO's; FROM is deleted, and its addresses lead to INTO." },
	{ "statement", cmd_statement, "statement move ID --event EVENT "
	    "[--session SESSION]", "file a statement (and its translations) "
	    "under another event or session; its fragments rendered again",
	    "Files the statement ID (its public id; a translation's moves "
	    "its original), with its translations, under another event or "
	    "session, in one transaction: the fragments of both events are "
	    "rendered again, and the move is in the audit log.\n"
	    "\n"
	    "--event EVENT\n"
	    "The event it now belongs to; required.\n"
	    "\n"
	    "--session SESSION\n"
	    "Its session in that event; none if not given." },
	{ "moderator", cmd_moderator, "moderator add USER [--role "
	    "moderator|admin] [--email E]\nmoderator list\n"
	    "moderator disable|enable USER\nmoderator password USER",
	    "moderators (passwords on stdin)",
	    "The people who sign in to review statements.\n"
	    "A password is read from the first line of standard input "
	    "(asked for when it is a terminal) and must have 8 to 1000 "
	    "characters; only its Argon2id hash is stored.\n"
	    "\n"
	    "moderator add USER\n"
	    "Adds a moderator: USER is 1 to 64 characters, without spaces, "
	    "colons or slashes.\n"
	    "\n"
	    "--role moderator|admin\n"
	    "An admin also has the admin page (moderators, events, sessions, "
	    "organisations, settings); default moderator.\n"
	    "\n"
	    "--email E\n"
	    "Where new submissions are announced.\n"
	    "\n"
	    "moderator list\n"
	    "Prints one moderator a line: user, role, active or disabled, "
	    "e-mail address; separated by tabs.\n"
	    "\n"
	    "moderator disable|enable USER\n"
	    "A disabled moderator cannot sign in, and is signed out at "
	    "once; the last enabled admin cannot be disabled.\n"
	    "\n"
	    "moderator password USER\n"
	    "Sets a new password." },
	{ "mail", cmd_mail, "mail list [pending|dead]\nmail send\n"
	    "mail retry|discard ID", "the outbox: list it, hand what is due "
	    "to mail_command (cron, under plain CGI), send an undeliverable "
	    "message again or discard it",
	    "Every message is written to the outbox in the same transaction "
	    "as the change that causes it, and handed to mail_command "
	    "later: by the sender process of dais serve, or under plain CGI "
	    "after a response and by mail send.\n"
	    "\n"
	    "mail list [pending|dead]\n"
	    "Prints the outbox, newest first (only the messages waiting, or "
	    "only those given up as undeliverable): id, state, attempts, "
	    "when it is due (Unix time), recipient, subject, last error; "
	    "separated by tabs.\n"
	    "\n"
	    "mail send\n"
	    "Hands every message that is due to mail_command and prints how "
	    "many it handed over: under plain CGI, run it from cron every "
	    "few minutes so that retries go out on a quiet site too.\n"
	    "\n"
	    "mail retry|discard ID\n"
	    "Sends an undeliverable message again (at once), or deletes it, "
	    "as the buttons of the admin page do." },
	{ "purge", cmd_purge, "purge", "erase the personal data that the "
	    "retention settings (retention_days, address_retention_days) "
	    "no longer keep; prints counts (a daily timer runs it)",
	    "Erases the personal data that the retention settings no longer "
	    "keep: the submitter's name, e-mail address, client address and "
	    "private links of rejected, spam and withdrawn statements after "
	    "retention_days, with their unpublished attachments, and the "
	    "client address of every statement after "
	    "address_retention_days.\n"
	    "Prints how many of each it erased; the audit log keeps the "
	    "counts only.\n"
	    "Run it daily: contrib/systemd/dais-purge.timer does." },
	{ "erase", cmd_erase, "erase --email ADDRESS [--withdraw]", "erase "
	    "everything stored about an e-mail address: its unpublished "
	    "statements deleted, its published ones kept without the "
	    "submitter's data (--withdraw: withdrawn too)",
	    "Erasure on request: every statement sent from ADDRESS loses its "
	    "submitter's data; the unpublished ones are deleted with their "
	    "versions, the published ones keep what was published (a "
	    "speaker's name is public record).\n"
	    "Prints how many statements it found, deleted, kept and "
	    "withdrawn; the audit log keeps that an erasure happened, not "
	    "whose.\n"
	    "\n"
	    "--email ADDRESS\n"
	    "The address; required.\n"
	    "\n"
	    "--withdraw\n"
	    "Also withdraws the published ones." },
	{ "help", cmd_help, "help [COMMAND]\nhelp --mdoc [config]",
	    "this text; with COMMAND, all about it",
	    "Prints the usage of every command, or everything about one "
	    "command: its forms, its options and what they do (dais COMMAND "
	    "--help prints the same); dais help config also describes every "
	    "setting.\n"
	    "Exits 2 when there is no such command.\n"
	    "\n"
	    "--mdoc\n"
	    "Prints the commands in mdoc(7) instead, as the build puts them "
	    "in dais(1); with config, the settings, as in dais-settings(5)." },
	{ NULL, NULL, NULL, NULL, NULL },
};

int cli_usage(struct cli *c, const char *why)
{
	if (why != NULL)
		fprintf(stderr, "dais: %s\n", why);
	cli_print_usage(stderr);
	return 2;
}
