/* cli.h — the command table of `dais COMMAND` (cli.c), the helpers every
 * command shares, and the commands defined in the cli_*.c files. */
#ifndef DAIS_CLI_H
#define DAIS_CLI_H

#include <stdio.h>

struct cli {
	const char *db_path;
	const char *tmpl_dir;
};

struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv); /* argv[0]: name */
	const char *usage;
	const char *help;
};

/* The commands, ending with name == NULL (cli.c). */
extern const struct command cli_commands[];
/* The usage text: every command of the table. */
void cli_print_usage(FILE *f);

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
/* Opens the store or says why not (NULL). */
struct store *cli_store(struct cli *c);
/* Prints "dais: WHY" and returns 1 when why is set; else 0. */
int cli_refuse(const char *why);

#endif
