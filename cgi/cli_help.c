/* cli_help.c — `dais help`: the usage of every command, everything about
 * one (its usage and text, written as cli.h says), and the same in
 * mdoc(7): the build puts `dais help --mdoc` in dais(1) and `dais help
 * --mdoc config` in dais-settings(5) (doc/man.sh), so the manual pages are
 * made from the tables the program runs and cannot drift from them. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "settings.h"

#define HELP_WIDTH 79

const struct command *cli_command_find(const char *name)
{
	const struct command *cmd;

	for (cmd = cli_commands; cmd->name != NULL; cmd++)
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	return NULL;
}

/* ---- the text of a command, in paragraphs --------------------------------- */

enum para_kind { PARA_PROSE, PARA_FORM, PARA_OPTION };

struct para {
	enum para_kind kind;
	const char *term;   /* the first line: an option's or a form's */
	size_t term_len;
	const char *body;   /* the rest (prose: all of it), lines */
	size_t body_len;
};

/* The form of cmd's usage that starts at *s: its length; *s moves to the
 * next form, NULL after the last. Forms are separated by a new line, or
 * by " | " before the command's name ("org add SLUG | org list"). */
static size_t form_next(const struct command *cmd, const char **s)
{
	const char *t = *s, *p;
	size_t k = strlen(cmd->name);

	for (p = t; *p != '\0'; p++) {
		if (*p == '\n') {
			*s = p + 1;
			return (size_t)(p - t);
		}
		if (strncmp(p, " | ", 3) == 0 &&
		    strncmp(p + 3, cmd->name, k) == 0 &&
		    strchr(" \n", p[3 + k]) != NULL) { /* or its end */
			*s = p + 3;
			return (size_t)(p - t);
		}
	}
	*s = NULL;
	return (size_t)(p - t);
}

/* A form paragraph's term ("event add SLUG") as the whole form of the
 * usage that it starts ("event add SLUG --title T …"), so that the
 * description shows each form in full; else as it is. */
static void form_whole(const struct command *cmd, const char **term,
    size_t *n)
{
	const char *s = cmd->usage, *form;
	size_t len;

	while (s != NULL) {
		form = s;
		len = form_next(cmd, &s);
		if (len >= *n && strncmp(form, *term, *n) == 0 &&
		    (len == *n || form[*n] == ' ')) {
			*term = form;
			*n = len;
			return;
		}
	}
}

/* The next paragraph of *s (separated by empty lines), or 0 at the end.
 * A form's term is the whole form of the usage. */
static int para_next(const struct command *cmd, const char **s,
    struct para *p)
{
	const char *t = *s, *end, *eol;
	size_t k = strlen(cmd->name);

	while (*t == '\n')
		t++;
	if (*t == '\0')
		return 0;
	end = strstr(t, "\n\n");
	if (end == NULL)
		end = t + strlen(t);
	*s = end;
	eol = memchr(t, '\n', (size_t)(end - t));
	if (eol == NULL)
		eol = end;
	p->kind = PARA_PROSE;
	if (t[0] == '-' && t[1] == '-')
		p->kind = PARA_OPTION;
	else if (strncmp(t, cmd->name, k) == 0 && (t[k] == ' ' ||
	    t + k == eol))
		p->kind = PARA_FORM;
	if (p->kind == PARA_PROSE) {
		p->term = NULL;
		p->term_len = 0;
		p->body = t;
	} else {
		p->term = t;
		p->term_len = (size_t)(eol - t);
		p->body = eol < end ? eol + 1 : end;
		if (p->kind == PARA_FORM)
			form_whole(cmd, &p->term, &p->term_len);
	}
	p->body_len = (size_t)(end - p->body);
	return 1;
}

/* Whether the text describes the forms of the usage one by one. */
static int has_forms(const struct command *cmd)
{
	const char *s = cmd->text ? cmd->text : cmd->help;
	struct para p;

	while (para_next(cmd, &s, &p))
		if (p.kind == PARA_FORM)
			return 1;
	return 0;
}

/* ---- plain text ----------------------------------------------------------- */

/* The words of t[0..n) (lines joined by spaces), wrapped, each line indented
 * by indent. */
static void text_wrap(FILE *f, const char *t, size_t n, int indent)
{
	size_t i = 0, w;
	int col = 0;

	while (i < n) {
		while (i < n && (t[i] == ' ' || t[i] == '\n'))
			i++;
		if (i == n)
			break;
		for (w = 0; i + w < n && t[i + w] != ' ' && t[i + w] != '\n';
		    w++)
			;
		if (col > 0 && col + 1 + (int)w > HELP_WIDTH) {
			fputc('\n', f);
			col = 0;
		}
		if (col == 0)
			col = fprintf(f, "%*s", indent, "");
		else
			col += fputc(' ', f) != EOF;
		fwrite(t + i, 1, w, f);
		col += (int)w;
		i += w;
	}
	if (col > 0)
		fputc('\n', f);
}

/* Each form of the usage on a line, the first after lead, the others
 * after rest. */
static void usage_lines(FILE *f, const struct command *cmd, const char *lead,
    const char *rest)
{
	const char *s = cmd->usage, *form;
	size_t n;

	while (s != NULL) {
		form = s;
		n = form_next(cmd, &s);
		fprintf(f, "%s%.*s\n", lead, (int)n, form);
		lead = rest;
	}
}

/* `dais help NAME`: the forms, then the text, options under the form they
 * follow. */
void cli_help_text(FILE *f, const struct command *cmd)
{
	const char *s = cmd->text ? cmd->text : cmd->help;
	struct para p;
	int in_form = 0, indent;

	usage_lines(f, cmd, "usage: dais ", "       dais ");
	while (para_next(cmd, &s, &p)) {
		fputc('\n', f);
		if (p.kind == PARA_PROSE) {
			in_form = 0;
			text_wrap(f, p.body, p.body_len, 2);
			continue;
		}
		if (p.kind == PARA_FORM)
			in_form = 1;
		indent = p.kind == PARA_OPTION && in_form ? 6 : 2;
		fprintf(f, "%*s%.*s\n", indent, "", (int)p.term_len, p.term);
		text_wrap(f, p.body, p.body_len, indent + 4);
	}
}

/* The settings, for `dais help config`. */
static void help_settings(FILE *f)
{
	const struct setting_def *d;

	fprintf(f, "\nsettings (dais config set KEY VALUE):\n");
	for (d = setting_all(); d->key != NULL; d++) {
		fprintf(f, "\n%s (default \"%s\")\n", d->key, d->dflt);
		text_wrap(f, d->help, strlen(d->help), 4);
	}
}

void cli_print_usage(FILE *f)
{
	const struct command *cmd;

	fprintf(f, "usage: dais [--db PATH] [--templates DIR] COMMAND ...\n\n"
	    "PATH defaults to $DAIS_DB, then dais.db; DIR to "
	    "$DAIS_TEMPLATES, then\n%s.\n\ncommands:\n", TEMPLATEDIR);
	for (cmd = cli_commands; cmd->name != NULL; cmd++) {
		usage_lines(f, cmd, "  ", "  ");
		fprintf(f, "      %s\n", cmd->help);
	}
	fprintf(f, "\n  --help, --version\n\n"
	    "dais help COMMAND tells all about one; man dais, man "
	    "dais-settings.\n");
}

/* ---- mdoc(7) -------------------------------------------------------------- */

/* t[0..n) as roff text: a backslash escaped, other than ASCII as \[uXXXX];
 * in a macro's argument (arg) a double quote too; on a text line, a
 * leading dot or apostrophe is not a request. */
static void mdoc_escape(FILE *f, const char *t, size_t n, int arg)
{
	const unsigned char *u = (const unsigned char *)t;
	unsigned long cp;
	size_t i, k, len;

	if (!arg && n > 0 && (t[0] == '.' || t[0] == '\''))
		fputs("\\&", f);
	for (i = 0; i < n; i += len) {
		len = 1;
		if (u[i] == '\\') {
			fputs("\\e", f);
		} else if (u[i] == '"' && arg) {
			fputs("\\(dq", f);
		} else if (u[i] < 0x80) {
			fputc(u[i], f);
		} else {
			len = u[i] >= 0xf0 ? 4 : u[i] >= 0xe0 ? 3 :
			    u[i] >= 0xc0 ? 2 : 1;
			cp = len == 1 ? '?' : u[i] & (0x3f >> (len - 1));
			for (k = 1; k < len; k++) {
				if (i + k >= n || (u[i + k] & 0xc0) != 0x80) {
					len = k;
					cp = '?';
					break;
				}
				cp = cp << 6 | (u[i + k] & 0x3f);
			}
			if (len == 1 || cp == '?')
				fputc('?', f);
			else
				fprintf(f, "\\[u%04lX]", cp);
		}
	}
}

/* Whether t[i] ends a sentence that the next word starts: ". X", "? X",
 * "! X" with X a capital or a digit, but not after "e.g." or "i.e.". */
static int sentence_end(const char *t, size_t n, size_t i)
{
	if (i + 2 >= n || t[i + 1] != ' ')
		return 0;
	if (t[i] != '.' && t[i] != '?' && t[i] != '!')
		return 0;
	if (!((t[i + 2] >= 'A' && t[i + 2] <= 'Z') ||
	    (t[i + 2] >= '0' && t[i + 2] <= '9')))
		return 0;
	return !(i >= 3 && (strncmp(t + i - 3, "e.g", 3) == 0 ||
	    strncmp(t + i - 3, "i.e", 3) == 0));
}

/* Whether a line may end after t[i - 1]: roff would take a line that ends
 * with . ? or ! (before closing quotes or brackets) as a sentence's end. */
static int line_break_ok(const char *t, size_t i)
{
	while (i > 0 && strchr("\"')]", t[i - 1]) != NULL)
		i--;
	return i > 0 && strchr(".?!", t[i - 1]) == NULL;
}

/* One sentence t[0..n) as text lines of up to MDOC_WIDTH bytes where
 * its words allow. */
#define MDOC_WIDTH 72
static void mdoc_sentence(FILE *f, const char *t, size_t n)
{
	size_t start = 0, i, brk;

	while (start < n) {
		brk = 0;
		for (i = start; i < n && (i - start <= MDOC_WIDTH || brk == 0);
		    i++)
			if (t[i] == ' ' && i > start && line_break_ok(t, i))
				brk = i;
		if (i == n && n - start <= MDOC_WIDTH)
			brk = n;
		if (brk == 0)
			brk = n;
		mdoc_escape(f, t + start, brk - start, 0);
		fputc('\n', f);
		start = brk;
		while (start < n && t[start] == ' ')
			start++;
	}
}

/* t[0..n) as text lines, each sentence on lines of its own (mdoc's rule:
 * roff ends a sentence at the end of a line). */
static void mdoc_text(FILE *f, const char *t, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && t[i] != '\n' && !sentence_end(t, n, i))
			continue;
		if (i < n && t[i] != '\n')
			i++; /* the sentence's last character */
		while (start < i && t[start] == ' ')
			start++;
		if (i > start)
			mdoc_sentence(f, t + start, i - start);
		start = i + 1;
	}
}

/* Whether a macro's argument t[0..n) would be read as a macro's name (Xx,
 * Xxx) or a delimiter, rather than as text. */
static int mdoc_special(const char *t, size_t n)
{
	if ((n == 2 || n == 3) && t[0] >= 'A' && t[0] <= 'Z' &&
	    t[1] >= 'a' && t[1] <= 'z')
		return 1;
	return strchr("([{}]),.;:?!|\"", t[0]) != NULL;
}

/* A form or an option: --word as Fl, a word with a capital as Ar (what the
 * user types), any other as Cm; [ and ] as Oo and Oc. */
static void mdoc_synopsis(FILE *f, const char *t, size_t n)
{
	size_t i = 0, w, open, close;

	while (i < n) {
		while (i < n && t[i] == ' ')
			i++;
		for (w = 0; i + w < n && t[i + w] != ' '; w++)
			;
		for (open = 0; open < w && t[i + open] == '['; open++)
			fputs(" Oo", f);
		for (close = 0; close < w - open &&
		    t[i + w - 1 - close] == ']'; close++)
			;
		if (w > open + close) {
			const char *c = t + i + open;
			size_t len = w - open - close, k;
			int cap = 0;

			for (k = 0; k < len; k++)
				cap |= c[k] >= 'A' && c[k] <= 'Z';
			if (len == 1 && c[0] == '|') {
				fputs(" |", f);
			} else {
				if (len > 1 && c[0] == '-') {
					fputs(" Fl ", f); /* Fl adds a dash */
					c++;
					len--;
				} else {
					fputs(cap ? " Ar " : " Cm ", f);
					if (mdoc_special(c, len))
						fputs("\\&", f);
				}
				mdoc_escape(f, c, len, 1);
			}
		}
		while (close-- > 0)
			fputs(" Oc", f);
		i += w;
	}
	fputc('\n', f);
}

static void mdoc_item(FILE *f, const char *term, size_t n)
{
	fputs(".It", f);
	mdoc_synopsis(f, term, n);
}

/* One command as the items of dais(1)'s COMMANDS list: a head per form,
 * then its text, a list of its forms and options in it. */
void cli_help_mdoc(FILE *f, const struct command *cmd)
{
	const char *s = cmd->usage, *form;
	struct para p;
	int first = 1, list = 0, nested = 0, in_form = 0;
	size_t n;

	/* The command's name when its forms are items of their own, else
	 * each form. */
	if (has_forms(cmd)) {
		mdoc_item(f, cmd->name, strlen(cmd->name));
		s = NULL;
	}
	while (s != NULL) {
		form = s;
		n = form_next(cmd, &s);
		mdoc_item(f, form, n);
	}
	s = cmd->text ? cmd->text : cmd->help;
	while (para_next(cmd, &s, &p)) {
		if (nested && p.kind != PARA_OPTION) {
			fputs(".El\n", f);
			nested = 0;
		}
		if (p.kind == PARA_PROSE) {
			if (list)
				fputs(".El\n", f);
			list = in_form = 0;
			if (!first)
				fputs(".Pp\n", f);
		} else if (p.kind == PARA_OPTION && in_form) {
			if (!nested)
				fputs(".Bl -tag -width Ds\n", f);
			nested = 1;
		} else if (!list) {
			fputs(".Bl -tag -width Ds\n", f);
			list = 1;
		}
		if (p.kind == PARA_FORM)
			in_form = 1;
		if (p.kind != PARA_PROSE)
			mdoc_item(f, p.term, p.term_len);
		mdoc_text(f, p.body, p.body_len);
		first = 0;
	}
	if (nested)
		fputs(".El\n", f);
	if (list)
		fputs(".El\n", f);
}

/* Every setting as an item of dais-settings(5)'s list. */
static void mdoc_settings(FILE *f)
{
	const struct setting_def *d;

	for (d = setting_all(); d->key != NULL; d++) {
		fputs(".It Cm ", f);
		mdoc_escape(f, d->key, strlen(d->key), 1);
		if (*d->dflt != '\0') {
			fputs(" Pq default Qq \"", f);
			mdoc_escape(f, d->dflt, strlen(d->dflt), 1);
			fputs("\"\n", f);
		} else {
			fputs(" Pq empty by default\n", f);
		}
		mdoc_text(f, d->help, strlen(d->help));
	}
}

/* ---- the command ---------------------------------------------------------- */

static int help_flush(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("dais: help");
		return 1;
	}
	return 0;
}

int cmd_help(struct cli *c, int argc, char **argv)
{
	const struct command *cmd;

	if (argc >= 2 && strcmp(argv[1], "--mdoc") == 0) {
		if (argc == 2) {
			for (cmd = cli_commands; cmd->name != NULL; cmd++)
				cli_help_mdoc(stdout, cmd);
		} else if (argc == 3 && strcmp(argv[2], "config") == 0) {
			mdoc_settings(stdout);
		} else {
			return cli_usage(c, "help --mdoc [config]");
		}
		return help_flush();
	}
	if (argc == 1) {
		cli_print_usage(stdout);
		return help_flush();
	}
	if (argc != 2)
		return cli_usage(c, "help [COMMAND]");
	if ((cmd = cli_command_find(argv[1])) == NULL) {
		fprintf(stderr, "dais: help: there is no command %s (dais help "
		    "lists them)\n", argv[1]);
		return 2;
	}
	cli_help_text(stdout, cmd);
	if (strcmp(cmd->name, "config") == 0)
		help_settings(stdout);
	return help_flush();
}
