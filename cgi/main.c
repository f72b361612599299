/* main.c — main(): the global options, then the command named (cli.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"

int main(int argc, char **argv)
{
	struct cli c;
	const struct command *cmd;
	int i = 1;

	memset(&c, 0, sizeof(c));
	c.db_path = getenv("DAIS_DB");
	if (c.db_path == NULL || *c.db_path == '\0')
		c.db_path = "dais.db";
	c.tmpl_dir = getenv("DAIS_TEMPLATES");
	if (c.tmpl_dir == NULL || *c.tmpl_dir == '\0')
		c.tmpl_dir = TEMPLATEDIR;
	/* Run by a web server as CGI: serve the one request, and read no
	 * argument. Apache's mod_cgi turns a query string without "=" into
	 * arguments ("?moderator+password+alice"): from a request, they
	 * must never reach the command line. */
	if (getenv("GATEWAY_INTERFACE") != NULL) {
		char *serve[] = { "serve", NULL };

		if (sodium_init() < 0)
			return 1;
		return cmd_serve(&c, 1, serve);
	}
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--version") == 0) {
			printf("dais %s\n", PACKAGE_VERSION);
			return 0;
		} else if (strcmp(argv[i], "--help") == 0) {
			cli_print_usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			c.db_path = argv[i + 1];
			i += 2;
		} else if (strcmp(argv[i], "--templates") == 0 &&
		    i + 1 < argc) {
			c.tmpl_dir = argv[i + 1];
			i += 2;
		} else {
			return cli_usage(&c, "unknown option");
		}
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "dais: libsodium cannot start\n");
		return 1;
	}
	if (i == argc)
		return cli_usage(&c, "no command given");
	for (cmd = cli_commands; cmd->name != NULL; cmd++) {
		if (strcmp(cmd->name, argv[i]) != 0)
			continue;
		/* `dais COMMAND --help` is `dais help COMMAND`. */
		if (i + 1 < argc && strcmp(argv[i + 1], "--help") == 0) {
			char *help[] = { "help", argv[i], NULL };

			return cmd_help(&c, 2, help);
		}
		return cmd->run(&c, argc - i, argv + i);
	}
	return cli_usage(&c, "unknown command");
}
