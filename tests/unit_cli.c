/* unit_cli.c — every command of the table (cgi/cli.c) is documented as
 * cli.h asks: forms that start with its name, a one-line help, a whole
 * description (what `dais help NAME` and dais(1) show), and a paragraph
 * for each option its usage names. A command added without them fails
 * here, naming it. How that text is printed and made into mdoc(7) is
 * checked on a made-up command. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"

/* Whether opt[0..n) is the word at p (followed by a space, a bracket, the
 * end of the line or of the text). */
static int word_at(const char *p, const char *opt, size_t n)
{
	return strncmp(p, opt, n) == 0 && strchr(" ]\n", p[n]) != NULL;
}

/* Whether the text of cmd has a paragraph for the option opt[0..n): one
 * whose first line starts with it, or a form's ("import --sessions EVENT
 * FILE") that names it. */
static int option_documented(const struct command *cmd, const char *opt,
    size_t n)
{
	const char *p = cmd->text, *q;
	size_t k = strlen(cmd->name);

	for (;;) {
		if (word_at(p, opt, n))
			return 1;
		if (strncmp(p, cmd->name, k) == 0 && p[k] == ' ')
			for (q = p; *q != '\0' && *q != '\n'; q++)
				if (q[0] == ' ' && word_at(q + 1, opt, n))
					return 1;
		p = strstr(p, "\n\n");
		if (p == NULL)
			return 0;
		p += 2;
	}
}

/* The paragraph after the one at p, or NULL. */
static const char *para_after(const char *p)
{
	p = strstr(p, "\n\n");
	return p != NULL ? p + 2 : NULL;
}

/* Whether a paragraph's first line t (up to a new line) starts with the
 * command's name: it documents a form. Its length in *n. */
static int form_para(const struct command *cmd, const char *t, size_t *n)
{
	size_t k = strlen(cmd->name);

	*n = strcspn(t, "\n");
	return strncmp(t, cmd->name, k) == 0 && (t[k] == ' ' || k == *n);
}

/* When the text documents forms one by one: a form of the usage (split
 * at new lines and at " | NAME") that no form paragraph begins, or NULL. */
static const char *form_uncovered(const struct command *cmd)
{
	static char why[256];
	const char *form = cmd->usage, *end, *p;
	size_t k = strlen(cmd->name), len, n;
	int any = 0, covered;

	for (p = cmd->text; p != NULL; p = para_after(p))
		any |= form_para(cmd, p, &n);
	while (any && *form != '\0') {
		for (end = form; *end != '\0' && *end != '\n' &&
		    !(strncmp(end, " | ", 3) == 0 &&
		    strncmp(end + 3, cmd->name, k) == 0); end++)
			;
		len = (size_t)(end - form);
		covered = 0;
		for (p = cmd->text; p != NULL; p = para_after(p))
			if (form_para(cmd, p, &n) && n <= len &&
			    strncmp(form, p, n) == 0 &&
			    (n == len || form[n] == ' '))
				covered = 1;
		if (!covered) {
			snprintf(why, sizeof(why), "the form \"%.*s\" has no "
			    "paragraph", (int)len, form);
			return why;
		}
		form = *end == '\n' ? end + 1 : *end != '\0' ? end + 3 : end;
	}
	return NULL;
}

/* Why cmd is not documented as cli.h asks, or NULL. */
static const char *command_problem(const struct command *cmd)
{
	static char why[256];
	const char *u, *line, *eol, *why_form;
	size_t k = strlen(cmd->name), n;

	if (cmd->usage == NULL || cmd->help == NULL || *cmd->help == '\0' ||
	    strchr(cmd->help, '\n') != NULL)
		return "no usage, or no one-line help";
	if (cmd->text == NULL || strlen(cmd->text) < 40 ||
	    strcmp(cmd->text, cmd->help) == 0)
		return "no whole description (text)";
	for (line = cmd->usage; ; line = eol + 1) {
		eol = strchr(line, '\n');
		if (eol == NULL)
			eol = line + strlen(line);
		if (strncmp(line, cmd->name, k) != 0 ||
		    (line[k] != ' ' && line + k != eol))
			return "a form of the usage does not start with the "
			    "command's name";
		if (*eol == '\0')
			break;
	}
	if ((why_form = form_uncovered(cmd)) != NULL)
		return why_form;
	for (u = strstr(cmd->usage, "--"); u != NULL; u = strstr(u + n, "--")) {
		n = strcspn(u, " ]|\n");
		if (!option_documented(cmd, u, n)) {
			snprintf(why, sizeof(why), "%.*s has no paragraph in "
			    "the text", (int)n, u);
			return why;
		}
	}
	return NULL;
}

static void test_table(void)
{
	const struct command *cmd, *other;
	const char *why;
	int n = 0;

	for (cmd = cli_commands; cmd->name != NULL; cmd++, n++) {
		why = command_problem(cmd);
		if (why != NULL)
			fprintf(stderr, "command %s: %s\n", cmd->name, why);
		CHECK(why == NULL);
		for (other = cli_commands; other < cmd; other++)
			CHECK(strcmp(other->name, cmd->name) != 0);
		CHECK(cli_command_find(cmd->name) == cmd);
	}
	CHECK(n >= 13);
	CHECK(cli_command_find("nosuch") == NULL);
	CHECK(cli_command_find("help") != NULL);
}

/* The check itself fails on what it must catch. */
static void test_refusals(void)
{
	static const struct command bad[] = {
		{ "x", NULL, "x", "one line", NULL },
		{ "x", NULL, "x", "one line", "one line" },
		{ "x", NULL, "x [--fast]", "one line", "A description long "
		    "enough, but nothing about the option." },
		{ "x", NULL, "x\ny list", "one line", "A description long "
		    "enough, of a form of another command." },
		{ "x", NULL, "x [--fast]", "one line", "A description long "
		    "enough.\n\n--faster\nNot the same option." },
		{ "x", NULL, "x [--fast]", "one line", "A description long "
		    "enough that names --fast in a sentence." },
		{ "x", NULL, "x add N | x drop N", "one line", "A description "
		    "long enough.\n\nx add N\nAdds, but drop is missing." },
		{ "x", NULL, "x add N\nx addall", "one line", "A description "
		    "long enough.\n\nx add\nNot a word of x addall." },
	};
	static const struct command good[] = {
		{ "x", NULL, "x [--fast N]\nx list", "one line",
		    "A description long enough.\n\n--fast N\nFaster." },
		{ "x", NULL, "x FILE | x --slow FILE", "one line",
		    "A description long enough.\n\nx FILE\nFile.\n\n"
		    "x --slow FILE\nSlower." },
		{ "x", NULL, "x add N [--all]\nx drop N", "one line",
		    "A description long enough.\n\nx add N\nAdds.\n\n"
		    "--all\nAll.\n\nx drop\nDrops." },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(command_problem(&bad[i]) != NULL);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(command_problem(&good[i]) == NULL);
}

/* What f's stream holds, as a string the caller frees. */
static char *render(void (*fn)(FILE *, const struct command *),
    const struct command *cmd)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	if (f == NULL)
		return NULL;
	fn(f, cmd);
	fclose(f);
	return out;
}

/* The same command as `dais help NAME` and as dais(1)'s items: the forms
 * (split at new lines or at " | NAME"), sentences on lines of their own,
 * forms and their options in lists, roff's special characters escaped. */
static void test_render(void)
{
	static const struct command cmd = { "org", NULL,
	    "org add SLUG --name N [--url URL] | org list\norg Ns [ID]",
	    "one line",
	    "The organisations. A second sentence, e.g. This one.\n"
	    "A long sentence of many words that goes on past the width of a "
	    "line, with no end in sight (see e.g. the next) and on and on.\n"
	    "\n"
	    "org add SLUG\n"
	    "Adds one.\n"
	    "\n"
	    "--name N\n"
	    "Its name.\n"
	    "\n"
	    ".dot first, a back\\slash, caf\xc3\xa9 and \"q\".\n"
	    "\n"
	    "org list\n"
	    "Prints them.\n"
	    "\n"
	    "org Ns\n"
	    "A form named like a macro." };
	char *got;

	got = render(cli_help_mdoc, &cmd);
	/* Every form has its paragraph; one option has none. */
	CHECK_STR(command_problem(&cmd), "--url has no paragraph in the text");
	CHECK_STR(got,
	    ".It Cm org\n"
	    "The organisations.\n"
	    "A second sentence, e.g. This one.\n"
	    "A long sentence of many words that goes on past the width of a "
	    "line,\n"
	    "with no end in sight (see e.g. the next) and on and on.\n"
	    ".Bl -tag -width Ds\n"
	    ".It Cm org Cm add Ar SLUG Fl -name Ar N Oo Fl -url Ar URL Oc\n"
	    "Adds one.\n"
	    ".Bl -tag -width Ds\n"
	    ".It Fl -name Ar N\n"
	    "Its name.\n"
	    ".El\n"
	    ".El\n"
	    ".Pp\n"
	    "\\&.dot first, a back\\eslash, caf\\[u00E9] and \"q\".\n"
	    ".Bl -tag -width Ds\n"
	    ".It Cm org Cm list\n"
	    "Prints them.\n"
	    ".It Cm org Ar \\&Ns Oo Ar ID Oc\n"
	    "A form named like a macro.\n"
	    ".El\n");
	free(got);
	got = render(cli_help_text, &cmd);
	CHECK_STR(got,
	    "usage: dais org add SLUG --name N [--url URL]\n"
	    "       dais org list\n"
	    "       dais org Ns [ID]\n"
	    "\n"
	    "  The organisations. A second sentence, e.g. This one. A long "
	    "sentence of many\n"
	    "  words that goes on past the width of a line, with no end in "
	    "sight (see e.g.\n"
	    "  the next) and on and on.\n"
	    "\n"
	    "  org add SLUG --name N [--url URL]\n"
	    "      Adds one.\n"
	    "\n"
	    "      --name N\n"
	    "          Its name.\n"
	    "\n"
	    "  .dot first, a back\\slash, caf\xc3\xa9 and \"q\".\n"
	    "\n"
	    "  org list\n"
	    "      Prints them.\n"
	    "\n"
	    "  org Ns [ID]\n"
	    "      A form named like a macro.\n");
	free(got);
}

int main(void)
{
	test_table();
	test_refusals();
	test_render();
	return check_summary("unit_cli");
}
