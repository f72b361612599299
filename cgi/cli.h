/* cli.h — the command table of `dais COMMAND` (cli.c), the helpers every
 * command shares, and the commands defined in the cli_*.c files. */
#ifndef DAIS_CLI_H
#define DAIS_CLI_H

#include <stdio.h>

struct cli {
	const char *db_path;
	const char *tmpl_dir;
};

/* One command of `dais`. Its usage, help and text are all the
 * documentation it has: `dais help` prints them, and the build makes the
 * COMMANDS section of the manual page dais(1) from them (`dais help
 * --mdoc`), so a command in the table is in the manual. English only:
 * the command line is not translated.
 *
 * usage: its forms, one a line ("event add SLUG --title T [--ends D]\n"
 * "event list"), each starting with the name; [optional], A|B, WORDS in
 * capitals for what the user types.
 * help: one line, for the list of every command.
 * text: the whole description (`dais help NAME`, dais(1)). Paragraphs
 * are separated by an empty line; each sentence starts a new line. A
 * paragraph whose first line starts with "--" documents an option, one
 * whose first line starts with the command's name a form of it: that
 * line is its term, the rest its description. A form's term is its first
 * words ("event add SLUG"), shown as the whole form of the usage they
 * begin; the options after it are that form's. tests/unit_cli.c checks
 * that every option of the usage has its paragraph (or is in a form's
 * first line: "import --sessions EVENT FILE"), and that when the text
 * has form paragraphs, every form of the usage has one (dais(1) then
 * shows the forms only there). */
struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv); /* argv[0]: name */
	const char *usage;
	const char *help;
	const char *text;
};

/* The commands, ending with name == NULL (cli.c). */
extern const struct command cli_commands[];
/* The command called name, or NULL. */
const struct command *cli_command_find(const char *name);

/* cli_help.c: `dais help`, and the usage text of every command. */
void cli_print_usage(FILE *f);
int cmd_help(struct cli *c, int argc, char **argv);
/* What `dais help NAME` prints: the usage and the text. */
void cli_help_text(FILE *f, const struct command *cmd);
/* The same as items of an mdoc(7) tag list: a head per form, the text
 * with its forms and options in lists of their own (dais(1)). */
void cli_help_mdoc(FILE *f, const struct command *cmd);

/* cli.c; serve is also what a CGI start runs, render what a changed
 * setting that fragments show runs. */
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_render(struct cli *c, int argc, char **argv);

/* cli_config.c */
int cmd_config(struct cli *c, int argc, char **argv);

/* cli_event.c */
int cmd_event(struct cli *c, int argc, char **argv);
int cmd_session(struct cli *c, int argc, char **argv);
int cmd_org(struct cli *c, int argc, char **argv);

/* cli_export.c */
int cmd_export_archive(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
/* cli_structure.c: argv[0] is the subcommand (edit…) */
int cli_event_edit(struct cli *c, int argc, char **argv);
int cli_event_delete(struct cli *c, const char *slug);
int cli_session_change(struct cli *c, int argc, char **argv);
int cli_org_edit(struct cli *c, int argc, char **argv);
int cli_org_delete(struct cli *c, const char *slug);
int cli_org_merge(struct cli *c, const char *from, const char *into);
int cmd_statement(struct cli *c, int argc, char **argv);

/* cli_mail.c */
int cmd_mail(struct cli *c, int argc, char **argv);

/* cli_privacy.c */
int cmd_purge(struct cli *c, int argc, char **argv);
int cmd_erase(struct cli *c, int argc, char **argv);

/* cli_moderator.c */
int cmd_moderator(struct cli *c, int argc, char **argv);

/* Prints why (if any) and the usage to stderr; returns 2. */
int cli_usage(struct cli *c, const char *why);

struct store;
struct tmpl_set;
/* Opens the store or says why not (NULL). */
struct store *cli_store(struct cli *c);
/* Prints "dais: WHY" and returns 1 when why is set; else 0. */
int cli_refuse(const char *why);
/* The store and the templates, for a command that renders fragments; 0, or
 * -1 with the reason printed. */
int cli_publish_open(struct cli *c, struct store **st, struct tmpl_set **t);

#endif
