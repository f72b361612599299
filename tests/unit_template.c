/* unit_template.c — the template engine: syntax, escaping, lookup, errors,
 * digest, and the golden files of tests/golden/template.
 *
 * Golden files: NAME.tmpl is loaded as template NAME together with the
 * partials, then rendered with the fixed data set, and the output must
 * equal NAME.out byte for byte; when NAME.err exists instead, the load must
 * fail with exactly that text. The golden folder is argv[1], else
 * $srcdir/golden/template, else tests/golden/template or golden/template.
 * DAIS_GOLDEN_UPDATE=1 rewrites the .out files (check the diff!).
 *
 * Partials and the fixed data set: tests/template_fixture.h.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "i18n.h"
#include "template.h"
#include "template_fixture.h"
#include "util.h"

static struct arena *A;

/* ---- helpers ------------------------------------------------------------- */

/* Loads the templates; returns the set, or NULL with *errs the message. */
static struct tmpl_set *load(const char *const *names,
    const char *const *srcs, size_t n, const char **errs)
{
	struct tmpl_set *set;
	struct buf err;

	buf_init(&err);
	set = tmpl_load_mem(names, srcs, n, &err);
	*errs = buf_arena(&err, A);
	buf_free(&err);
	return set;
}

/* The load errors of the templates, "" when they load. */
static const char *load_errors(const char *const *names,
    const char *const *srcs, size_t n)
{
	const char *errs;
	struct tmpl_set *set = load(names, srcs, n, &errs);

	if (set != NULL)
		CHECK(errs[0] == '\0');
	tmpl_free(set);
	return errs;
}

static const char *load_error1(const char *src)
{
	const char *name = "t";

	return load_errors(&name, &src, 1);
}

/* Renders template "t" of the set. */
static const char *render_set(const struct tmpl_set *set, const char *name,
    const struct tv *data)
{
	const struct tmpl *t = tmpl_get(set, name);
	struct buf out;
	const char *s;

	if (t == NULL)
		return "(no template)";
	buf_init(&out);
	tmpl_render(t, data, &out);
	s = buf_arena(&out, A);
	buf_free(&out);
	return s;
}

/* Renders src as template "t"; the load errors prefixed with "ERR:" when it
 * does not load. */
static const char *render(const char *src, const struct tv *data)
{
	const char *name = "t", *errs;
	struct tmpl_set *set = load(&name, &src, 1, &errs);
	const char *s;

	if (set == NULL)
		return arena_printf(A, "ERR:%s", errs);
	s = render_set(set, "t", data);
	tmpl_free(set);
	return s;
}

/* ---- fields and data ----------------------------------------------------- */

static void test_fields(void)
{
	int i;

	CHECK(tf_lookup("title", 5) == TF_title);
	CHECK(tf_lookup("titlex", 5) == TF_title);
	CHECK(tf_lookup("titl", 4) == TF__COUNT);
	CHECK(tf_lookup("titles", 6) == TF__COUNT);
	CHECK(tf_lookup("", 0) == TF__COUNT);
	CHECK_STR(tf_name(TF_body_html), "body_html");
	CHECK(tf_name(TF__COUNT) == NULL);
	for (i = 0; i < TF__COUNT; i++) {
		const char *n = tf_name((enum tf)i);

		CHECK(tf_lookup(n, strlen(n)) == (enum tf)i);
		/* tmplfields.def is kept sorted. */
		if (i > 0)
			CHECK(strcmp(tf_name((enum tf)(i - 1)), n) < 0);
	}
}

static void test_tv(void)
{
	struct tv *d = tv_new(A), *it;

	CHECK(tv_get(d, TF_title) == NULL);
	tv_str(d, TF_title, "a");
	tv_str(d, TF_title, "b");
	CHECK_STR(tv_get(d, TF_title), "b");
	tv_int(d, TF_version, -7);
	CHECK_STR(tv_get(d, TF_version), "-7");
	tv_int(d, TF_version, 9223372036854775807LL);
	CHECK_STR(tv_get(d, TF_version), "9223372036854775807");
	tv_bool(d, TF_error, 1);
	CHECK(tv_get(d, TF_error) == NULL);
	tv_sanitized(d, TF_body_html, "<p>x</p>");
	CHECK_STR(tv_get(d, TF_body_html), "<p>x</p>");
	it = tv_add(d, TF_errors);
	CHECK(it != NULL);
	CHECK(tv_get(d, TF_errors) == NULL);
	tv_str(d, TF_title, NULL);
	CHECK(tv_get(d, TF_title) == NULL);
	tv_str(d, TF_title, NULL); /* unsetting twice is fine */
	CHECK(tv_get(NULL, TF_title) == NULL);

	/* A string becomes a list and back; the value is copied. */
	{
		char s[] = "copy";

		tv_add(d, TF_message);
		CHECK(tv_get(d, TF_message) == NULL);
		tv_str(d, TF_message, s);
		s[0] = 'X';
		CHECK_STR(tv_get(d, TF_message), "copy");
	}
}

/* ---- rendering ----------------------------------------------------------- */

static void test_escaping(void)
{
	struct tv *d = tv_new(A);

	tv_str(d, TF_title, "a&b<c>d\"e'f");
	CHECK_STR(render("<p>{{title}}</p>", d),
	    "<p>a&amp;b&lt;c&gt;d&quot;e&#39;f</p>");
	CHECK_STR(render("<a title=\"{{title}}\">", d),
	    "<a title=\"a&amp;b&lt;c&gt;d&quot;e&#39;f\">");
	CHECK_STR(render("<a title='{{ title }}'>", d),
	    "<a title='a&amp;b&lt;c&gt;d&quot;e&#39;f'>");
	tv_str(d, TF_title, "plain \xc3\xa9t\xc3\xa9");
	CHECK_STR(render("{{title}}", d), "plain \xc3\xa9t\xc3\xa9");
	/* Template text is markup and goes out as is. */
	CHECK_STR(render("<b>&amp; ' \" } { }</b>", d),
	    "<b>&amp; ' \" } { }</b>");
}

static void test_values(void)
{
	struct tv *d = tv_new(A), *it;

	tv_int(d, TF_version, 42);
	tv_int(d, TF_status, -3);
	tv_bool(d, TF_error, 1);
	it = tv_add(d, TF_errors);
	tv_str(it, TF_message, "m");
	CHECK_STR(render("{{version}} {{status}}", d), "42 -3");
	CHECK_STR(render("[{{error}}][{{errors}}][{{title}}]", d), "[][][]");
	CHECK_STR(render("[{{title}}]", NULL), "[]");
	CHECK_STR(render("", d), "");
	CHECK_STR(render("{{! only a comment }}", d), "");
	CHECK_STR(render("a{{!\nmulti\nline\n}}b", d), "ab");
	CHECK_STR(render("a {{! c {{ d }} b", d), "a  b");
	CHECK_STR(render("}} alone {", d), "}} alone {");
	CHECK_STR(render("{{version}}}", d), "42}");
}

static void test_raw(void)
{
	struct tv *d = tv_new(A);

	tv_sanitized(d, TF_body_html, "<p>a &amp; b</p>");
	tv_str(d, TF_content_html, "<script>x</script>");
	CHECK_STR(render("{{&body_html}}", d), "<p>a &amp; b</p>");
	CHECK_STR(render("{{& body_html }}", d), "<p>a &amp; b</p>");
	/* A sanitized value through {{name}} is still escaped. */
	CHECK_STR(render("{{body_html}}", d),
	    "&lt;p&gt;a &amp;amp; b&lt;/p&gt;");
	/* Set with tv_str: escaped even with &. */
	CHECK_STR(render("{{&content_html}}", d),
	    "&lt;script&gt;x&lt;/script&gt;");
	tv_int(d, TF_content_html, 5);
	CHECK_STR(render("{{&content_html}}", d), "5");
	tv_bool(d, TF_content_html, 1);
	CHECK_STR(render("[{{&content_html}}]", d), "[]");
	tv_str(d, TF_body_html, "<i>");
	CHECK_STR(render("{{&body_html}}", d), "&lt;i&gt;");
}

static void test_sections(void)
{
	struct tv *d = tv_new(A);
	const char *t = "{{#title}}T{{/title}}{{^title}}F{{/title}}";

	CHECK_STR(render(t, d), "F");
	tv_str(d, TF_title, "");
	CHECK_STR(render(t, d), "F");
	tv_str(d, TF_title, "x");
	CHECK_STR(render(t, d), "T");
	tv_int(d, TF_title, 0);
	CHECK_STR(render(t, d), "F");
	tv_int(d, TF_title, -1);
	CHECK_STR(render(t, d), "T");
	tv_bool(d, TF_title, 0);
	CHECK_STR(render(t, d), "F");
	tv_bool(d, TF_title, 2);
	CHECK_STR(render(t, d), "T");
	tv_sanitized(d, TF_title, "");
	CHECK_STR(render(t, d), "F");
	tv_sanitized(d, TF_title, "<b>");
	CHECK_STR(render(t, d), "T");
	tv_str(d, TF_title, NULL);
	CHECK_STR(render(t, d), "F");
	CHECK_STR(render(t, NULL), "F");
	/* A true value keeps the context: the name inside is the value. */
	tv_str(d, TF_title, "<t>");
	CHECK_STR(render("{{#title}}[{{title}}]{{/title}}", d), "[&lt;t&gt;]");
	CHECK_STR(render("{{# title }}a{{/ title }}{{ ^title}}b{{/title}}",
	    d), "a");
	/* Sections of the same name nest. */
	CHECK_STR(render("{{#title}}1{{#title}}2{{/title}}3{{/title}}", d),
	    "123");
}

static void test_lists(void)
{
	struct tv *d = tv_new(A), *it, *sub;
	const char *t = "<ul>{{#errors}}<li>{{field}}={{message}}</li>"
	    "{{/errors}}</ul>{{^errors}}none{{/errors}}";

	/* An empty list is one to which nothing was added. */
	CHECK_STR(render(t, d), "<ul></ul>none");
	tv_str(d, TF_message, "outer");
	tv_str(d, TF_field, "outer-field");
	it = tv_add(d, TF_errors);
	tv_str(it, TF_field, "a");
	tv_str(it, TF_message, "<1>");
	it = tv_add(d, TF_errors);
	tv_str(it, TF_field, "b");
	it = tv_add(d, TF_errors);
	CHECK_STR(render(t, d), "<ul><li>a=&lt;1&gt;</li><li>b=outer</li>"
	    "<li>outer-field=outer</li></ul>");
	/* Nested lists: innermost first, then outwards, at any depth. */
	sub = tv_add(it, TF_errors);
	tv_str(sub, TF_message, "inner");
	tv_str(it, TF_title, "T");
	CHECK_STR(render("{{#errors}}{{#title}}({{#errors}}{{message}}/"
	    "{{field}}/{{title}}{{/errors}}){{/title}}{{/errors}}", d),
	    "(inner/outer-field/T)");
	/* An item that is unset falls back outwards. */
	tv_str(it, TF_message, "shadow");
	CHECK_STR(render("{{#errors}}{{message}},{{/errors}}", d),
	    "&lt;1&gt;,outer,shadow,");
	tv_str(it, TF_message, NULL);
	CHECK_STR(render("{{#errors}}{{message}},{{/errors}}", d),
	    "&lt;1&gt;,outer,outer,");
	/* Inverted inside a list item. */
	CHECK_STR(render("{{#errors}}{{^title}}-{{/title}}{{/errors}}", d),
	    "--");
}

static void test_partials(void)
{
	const char *names[] = { "page", "head", "item", "deep" };
	const char *srcs[] = {
		"{{>head}}<ul>{{#errors}}{{> item }}{{/errors}}</ul>",
		"<h1>{{title}}</h1>{{>deep}}",
		"<li>{{message}}</li>",
		"[{{site_name}}]",
	};
	struct tmpl_set *set;
	struct tv *d = tv_new(A), *it;
	const char *errs;

	tv_str(d, TF_title, "T&");
	tv_str(d, TF_site_name, "S");
	tv_str(d, TF_message, "outer");
	it = tv_add(d, TF_errors);
	tv_str(it, TF_message, "m1");
	tv_add(d, TF_errors);
	set = load(names, srcs, 4, &errs);
	CHECK(set != NULL);
	CHECK_STR(errs, "");
	if (set == NULL)
		return;
	CHECK_STR(render_set(set, "page", d),
	    "<h1>T&amp;</h1>[S]<ul><li>m1</li><li>outer</li></ul>");
	CHECK_STR(render_set(set, "item", d), "<li>outer</li>");
	CHECK(tmpl_get(set, "nope") == NULL);
	CHECK(tmpl_get(set, "pag") == NULL);
	CHECK(tmpl_get(set, "pagex") == NULL);
	CHECK(tmpl_get(set, "deep") != NULL);
	/* Rendering appends. */
	{
		struct buf out;

		buf_init(&out);
		buf_puts(&out, "x");
		tmpl_render(tmpl_get(set, "deep"), d, &out);
		tmpl_render(tmpl_get(set, "deep"), d, &out);
		CHECK_STR(out.s, "x[S][S]");
		buf_free(&out);
	}
	tmpl_free(set);
}

static void test_translate(void)
{
	CHECK_STR(render("<b>{{_ Send }}</b>", NULL), "<b>Send</b>");
	CHECK_STR(render("{{_Send it}}", NULL), "Send it");
	CHECK_STR(render("{{_ one\ntwo }}", NULL), "one\ntwo");
	CHECK_STR(render("{{_ Say \"yes\" }}", NULL), "Say &quot;yes&quot;");
	/* A msgid is text: markup stays in the template around it. */
	CHECK_STR(render("{{ _ A & <b>B</b> }}", NULL), "ERR:t.html:1: {{_ "
	    "A & <b>B</b>}}: a translatable string is text: no <, &, { or }\n");
	CHECK_STR(render("{{_ {title} }}", NULL), "ERR:t.html:1: {{_ {title}}}"
	    ": a translatable string is text: no <, &, { or }\n");
	/* In the language i18n_use() set, from the compiled-in catalog;
	 * English (and a msgid no catalog has) as written. */
	i18n_use("fr");
	CHECK_STR(render("<b>{{_ Sign in}}</b>", NULL), "<b>Se connecter</b>");
	CHECK_STR(render("{{_ Not in any catalog}}", NULL),
	    "Not in any catalog");
	i18n_use("ar");
	CHECK(strcmp(render("{{_ Sign in}}", NULL), "Sign in") != 0);
	i18n_use("en");
	CHECK_STR(render("{{_ Sign in}}", NULL), "Sign in");
	{
		struct tv *d = tv_new(A);

		tv_str(d, TF_user, "<al & ice>");
		tv_str(d, TF_title, "T\"1");
		/* Placeholders: fields in order, or by number; escaped. */
		CHECK_STR(render("{{_ Sign out %s | user}}", d),
		    "Sign out &lt;al &amp; ice&gt;");
		CHECK_STR(render("{{_ %s by %s|title user}}", d),
		    "T&quot;1 by &lt;al &amp; ice&gt;");
		CHECK_STR(render("{{_ %2$s wrote %1$s | title user }}", d),
		    "&lt;al &amp; ice&gt; wrote T&quot;1");
		CHECK_STR(render("{{_ 100%% of %s | title}}", d),
		    "100% of T&quot;1");
		CHECK_STR(render("{{#user}}{{_ [%s] | user}}{{/user}}", d),
		    "[&lt;al &amp; ice&gt;]");
		/* An unset field: nothing in its place. */
		CHECK_STR(render("{{_ By %s. | author}}", d), "By .");
		/* Placeholders and fields must agree, at load. */
		CHECK(strncmp(render("{{_ By %s and %s | user}}", d),
		    "ERR:", 4) == 0);
		CHECK(strncmp(render("{{_ By %s | user title}}", d),
		    "ERR:", 4) == 0);
		CHECK(strncmp(render("{{_ By %d | user}}", d), "ERR:", 4) == 0);
		CHECK(strncmp(render("{{_ By %1$s %s | user}}", d), "ERR:", 4)
		    == 0);
		CHECK(strncmp(render("{{_ By %2$s | user title}}", d), "ERR:", 4)
		    == 0);
		CHECK(strncmp(render("{{_ By %s | nosuchfield}}", d), "ERR:", 4)
		    == 0);
		CHECK(strncmp(render("{{_ %s%s%s%s%s | a b c d e}}", d), "ERR:",
		    4) == 0);
		CHECK(strncmp(render("{{_ | user}}", d), "ERR:", 4) == 0);
		/* Without fields, % is only a character. */
		CHECK_STR(render("{{_ 100% sure}}", NULL), "100% sure");
	}
}

/* ---- load errors --------------------------------------------------------- */

static void test_errors_syntax(void)
{
	CHECK_STR(load_error1("a\n\n{{nope}}"),
	    "t.html:3: unknown field \"nope\"\n");
	CHECK_STR(load_error1("{{#nope}}{{/nope}}"),
	    "t.html:1: unknown field \"nope\"\n");
	CHECK_STR(load_error1("{{&nope_html}}"),
	    "t.html:1: unknown field \"nope_html\"\n");
	CHECK_STR(load_error1("x\n{{title}\n}"),
	    "t.html:2: unclosed tag: \"{{\" without \"}}\"\n");
	CHECK_STR(load_error1("{{"), "t.html:1: unclosed tag: "
	    "\"{{\" without \"}}\"\n");
	CHECK_STR(load_error1("{{! never closed"), "t.html:1: unclosed tag: "
	    "\"{{\" without \"}}\"\n");
	CHECK_STR(load_error1("{{}}"), "t.html:1: empty tag\n");
	CHECK_STR(load_error1("\n{{  \n }}"), "t.html:2: empty tag\n");
	CHECK_STR(load_error1("{{#}}"), "t.html:1: empty tag\n");
	CHECK_STR(load_error1("{{/ }}"), "t.html:1: empty tag\n");
	CHECK_STR(load_error1("{{&}}"), "t.html:1: empty tag\n");
	CHECK_STR(load_error1("{{>}}"), "t.html:1: empty tag\n");
	CHECK_STR(load_error1("{{_ }}"), "t.html:1: empty tag\n");
	CHECK_STR(load_error1("{{Title}}"),
	    "t.html:1: bad character in name \"Title\"\n");
	CHECK_STR(load_error1("{{ti tle}}"),
	    "t.html:1: bad character in name \"ti tle\"\n");
	CHECK_STR(load_error1("{{a-b}}"),
	    "t.html:1: bad character in name \"a-b\"\n");
	CHECK_STR(load_error1("{{{title}}}"),
	    "t.html:1: bad character in name \"{title\"\n");
	CHECK_STR(load_error1("{{#ti\ttle}}"),
	    "t.html:1: bad character in name \"ti?tle\"\n");
	CHECK_STR(load_error1("{{>Head}}"),
	    "t.html:1: bad character in name \"Head\"\n");
	CHECK_STR(load_error1("{{title\xc3\xa9}}"),
	    "t.html:1: bad character in name \"title??\"\n");
	CHECK_STR(load_error1("{{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaa-}}"),
	    "t.html:1: bad character in name "
	    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"\n");
	CHECK_STR(load_error1("{{&title}}"), "t.html:1: {{&title}}: only "
	    "names ending in _html may be inserted unescaped\n");
	CHECK_STR(load_error1("{{&html}}"), "t.html:1: {{&html}}: only "
	    "names ending in _html may be inserted unescaped\n");
}

static void test_errors_sections(void)
{
	char deep[40 * 20 + 1];
	int i;

	CHECK_STR(load_error1("a\n{{/title}}"),
	    "t.html:2: {{/title}} without {{#title}}\n");
	CHECK_STR(load_error1("{{#title}}\n{{/error}}"),
	    "t.html:2: {{/error}} does not close {{#title}} of line 1\n");
	CHECK_STR(load_error1("{{^title}}\n{{/nope}}"),
	    "t.html:2: {{/nope}} does not close {{^title}} of line 1\n");
	CHECK_STR(load_error1("{{#title}}\n{{^error}}{{/error}}"),
	    "t.html:1: unclosed section {{#title}}\n");
	CHECK_STR(load_error1("{{#title}}{{/title}}{{/title}}"),
	    "t.html:1: {{/title}} without {{#title}}\n");
	/* 32 nested sections load, 33 do not. */
	deep[0] = '\0';
	for (i = 0; i < 32; i++)
		strcat(deep, "{{#error}}");
	for (i = 0; i < 32; i++)
		strcat(deep, "{{/error}}");
	CHECK_STR(load_error1(deep), "");
	deep[0] = '\0';
	for (i = 0; i < 33; i++)
		strcat(deep, "{{#error}}");
	CHECK_STR(load_error1(deep),
	    "t.html:1: sections nested too deeply (more than 32)\n");
}

static void test_errors_partials(void)
{
	const char *n2[] = { "a", "b" };
	const char *cyc[] = { "x{{>b}}", "\n{{#title}}{{>a}}{{/title}}" };
	const char *self[] = { "{{>a}}", "" };
	const char *unk[] = { "{{>nope}}\n{{>c}}", "\n{{>zz}}" };
	const char *many_n[] = { "m0", "m1", "m2", "m3", "m4", "m5", "m6",
	    "m7", "m8", "m9" };
	const char *many_s[10];
	char bufs[10][16];
	char outer[512], inner[512];
	int i;

	CHECK_STR(load_errors(n2, cyc, 2),
	    "b.html:2: partial cycle: a > b > a\n");
	CHECK_STR(load_errors(n2, self, 2), "a.html:1: partial cycle: a > a\n");
	CHECK_STR(load_errors(n2, unk, 2), "a.html:1: unknown partial "
	    "\"nope\"\na.html:2: unknown partial \"c\"\n"
	    "b.html:2: unknown partial \"zz\"\n");
	/* A chain of 8 partials loads, 9 do not. */
	for (i = 0; i < 10; i++) {
		snprintf(bufs[i], sizeof(bufs[i]), i < 9 ? "{{>m%d}}" : "end",
		    i + 1);
		many_s[i] = bufs[i];
	}
	CHECK_STR(load_errors(many_n + 1, many_s + 1, 9), "");
	CHECK_STR(load_errors(many_n, many_s, 10),
	    "m8.html:1: partials nested too deeply (more than 8)\n");
	/* The same chain the other way round: the walk meets the leaves
	 * first and reports at the top. */
	for (i = 0; i < 10; i++) {
		snprintf(bufs[i], sizeof(bufs[i]), i > 0 ? "{{>m%d}}" : "end",
		    i - 1);
		many_s[i] = bufs[i];
	}
	CHECK_STR(load_errors(many_n, many_s, 9), "");
	CHECK_STR(load_errors(many_n, many_s, 10),
	    "m9.html:1: partials nested too deeply (more than 8)\n");
	/* Sections count through partials: 20 + 12 load, 20 + 13 do not. */
	outer[0] = '\0';
	for (i = 0; i < 20; i++)
		strcat(outer, "{{#error}}");
	strcat(outer, "{{>b}}");
	for (i = 0; i < 20; i++)
		strcat(outer, "{{/error}}");
	inner[0] = '\0';
	for (i = 0; i < 12; i++)
		strcat(inner, "{{#error}}");
	for (i = 0; i < 12; i++)
		strcat(inner, "{{/error}}");
	{
		const char *s[] = { outer, inner };

		CHECK_STR(load_errors(n2, s, 2), "");
		memmove(inner + 10, inner, strlen(inner) + 1);
		memcpy(inner, "{{#error}}", 10);
		strcat(inner, "{{/error}}");
		CHECK_STR(load_errors(n2, s, 2), "a.html:1: sections nested "
		    "too deeply through partial \"b\" (more than 32)\n");
	}
}

static void test_errors_set(void)
{
	const char *n2[] = { "b", "b" };
	const char *s2[] = { "", "" };
	const char *bad[] = { "Bad", "" };
	const char *multi_n[] = { "one", "two" };
	const char *multi_s[] = { "{{nope}}", "\n{{#title}}" };
	char *big;

	CHECK_STR(load_errors(n2, s2, 2), "b.html: duplicate template\n");
	CHECK_STR(load_errors(bad, s2, 1),
	    "Bad.html: bad template name (names are [a-z0-9_]+)\n");
	CHECK_STR(load_errors(bad + 1, s2, 1),
	    ".html: bad template name (names are [a-z0-9_]+)\n");
	/* Every file's first error. */
	CHECK_STR(load_errors(multi_n, multi_s, 2),
	    "one.html:1: unknown field \"nope\"\n"
	    "two.html:2: unclosed section {{#title}}\n");
	/* One megabyte loads, one byte more does not. */
	big = malloc(1024 * 1024 + 2);
	memset(big, 'x', 1024 * 1024 + 1);
	big[1024 * 1024] = '\0';
	CHECK_STR(load_error1(big), "");
	big[1024 * 1024] = 'x';
	big[1024 * 1024 + 1] = '\0';
	CHECK_STR(load_error1(big),
	    "t.html: too large (more than 1048576 bytes)\n");
	free(big);
	/* No template at all is a set, if an empty one. */
	{
		const char *errs;
		struct tmpl_set *set = load(NULL, NULL, 0, &errs);

		CHECK(set != NULL);
		CHECK(tmpl_get(set, "x") == NULL);
		CHECK(strlen(tmpl_digest(set)) == 64);
		tmpl_free(set);
	}
}

/* ---- loading a folder ---------------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *s,
    size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	fwrite(s, 1, n, f);
	fclose(f);
}

static void rm_dir(const char *dir)
{
	char path[512];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) == -1)
			rmdir(path);
	}
	closedir(d);
	rmdir(dir);
}

static void test_load_dir(void)
{
	char dir[] = "/tmp/unit_template.XXXXXX", sub[600];
	struct tmpl_set *set;
	struct buf err;
	struct tv *d = tv_new(A);

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	buf_init(&err);
	write_file(dir, "page.html", "<p>{{>part}}</p>\n", 17);
	write_file(dir, "part.html", "{{title}}", 9);
	write_file(dir, "notes.txt", "{{nope}}", 8);
	write_file(dir, ".page.html.swp", "{{nope}}", 8);
	write_file(dir, ".hidden.html", "{{nope}}", 8);
	write_file(dir, ".html", "{{nope}}", 8);
	tv_str(d, TF_title, "<x>");
	set = tmpl_load(dir, &err);
	CHECK(set != NULL);
	CHECK_STR(err.s, "");
	if (set != NULL) {
		CHECK_STR(render_set(set, "page", d), "<p>&lt;x&gt;</p>\n");
		CHECK(tmpl_get(set, "notes") == NULL);
		CHECK(tmpl_get(set, "hidden") == NULL);
		tmpl_free(set);
	}

	write_file(dir, "nul.html", "a\n\nb\0c", 6);
	snprintf(sub, sizeof(sub), "%s/dir.html", dir);
	CHECK(mkdir(sub, 0700) == 0);
	set = tmpl_load(dir, &err);
	CHECK(set == NULL);
	CHECK_STR(err.s, "dir.html: cannot read: not a regular file\n");
	rmdir(sub);
	buf_reset(&err);
	set = tmpl_load(dir, &err);
	CHECK(set == NULL);
	CHECK_STR(err.s, "nul.html:3: NUL byte\n");
	snprintf(sub, sizeof(sub), "%s/nul.html", dir);
	unlink(sub);

	snprintf(sub, sizeof(sub), "%s/gone.html", dir);
	CHECK(symlink("/nonexistent/x", sub) == 0);
	buf_reset(&err);
	set = tmpl_load(dir, &err);
	CHECK(set == NULL);
	CHECK_STR(err.s, "gone.html: cannot read: No such file or directory\n");
	unlink(sub);

	rm_dir(dir);
	buf_reset(&err);
	CHECK(tmpl_load(dir, &err) == NULL);
	CHECK(strstr(err.s, ": cannot open: ") != NULL);
	buf_free(&err);
}

/* ---- digest -------------------------------------------------------------- */

static const char *digest_of(const char *const *names,
    const char *const *srcs, size_t n)
{
	const char *errs, *dg;
	struct tmpl_set *set = load(names, srcs, n, &errs);

	if (set == NULL)
		return "(load failed)";
	dg = arena_strdup(A, tmpl_digest(set));
	tmpl_free(set);
	return dg;
}

static void test_digest(void)
{
	const char *n[] = { "a", "b" }, *rn[] = { "b", "a" };
	const char *s[] = { "A{{title}}", "B" }, *rs[] = { "B", "A{{title}}" };
	const char *s2[] = { "A{{title}} ", "B" };
	const char *ab[] = { "ab", "" }, *a_b[] = { "a", "b" };
	const char *d1 = digest_of(n, s, 2), *p;

	CHECK(strlen(d1) == 64);
	for (p = d1; *p != '\0'; p++)
		CHECK((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
	CHECK_STR(digest_of(n, s, 2), d1);
	CHECK_STR(digest_of(rn, rs, 2), d1);
	CHECK(strcmp(digest_of(n, s2, 2), d1) != 0);
	CHECK(strcmp(digest_of(n, s, 1), d1) != 0);
	CHECK(strcmp(digest_of(rn, s, 2), d1) != 0);
	/* Where a source ends and the next name begins matters. */
	CHECK(strcmp(digest_of(n, ab, 2), digest_of(n, a_b, 2)) != 0);
}

/* ---- regressions (from fuzzing) ------------------------------------------ */

static void test_regressions(void)
{
	/* The fuzzer found no crash so far; these are the odd corners it
	 * kept exploring, pinned down. */
	CHECK_STR(render("{{#error}}{{/error}}", NULL), "");
	CHECK_STR(render("{{^error}}{{/error}}", NULL), "");
	CHECK_STR(render("{{{{", NULL), "ERR:t.html:1: unclosed tag: "
	    "\"{{\" without \"}}\"\n");
	CHECK_STR(render("}}{{! }}}", NULL), "}}}");
	CHECK_STR(render("{{!}}", NULL), "");
	CHECK_STR(render("{{_}}}}", NULL), "ERR:t.html:1: empty tag\n");
	CHECK_STR(render("{{_}}}", NULL), "ERR:t.html:1: empty tag\n");
	CHECK_STR(render("{{_ x}}}", NULL), "x}");
	CHECK_STR(render("{{\n#error\n}}a{{/error}}", NULL), "");
	CHECK_STR(render("\n{{\n#error\n}}a", NULL),
	    "ERR:t.html:2: unclosed section {{#error}}\n");
	CHECK_STR(render("x{{\n\n}}", NULL), "ERR:t.html:1: empty tag\n");
}

/* ---- golden files -------------------------------------------------------- */

static const char *golden_dir(int argc, char **argv)
{
	static char path[1024];
	const char *srcdir = getenv("srcdir");
	struct stat sb;

	if (argc > 1)
		return argv[1];
	if (srcdir != NULL) {
		snprintf(path, sizeof(path), "%s/golden/template", srcdir);
		return path;
	}
	if (stat("tests/golden/template", &sb) == 0)
		return "tests/golden/template";
	return "golden/template";
}

/* The contents of dir/name, or NULL when it cannot be read. */
static char *read_file(const char *dir, const char *name)
{
	char path[1024], chunk[4096];
	struct buf b;
	FILE *f;
	size_t n;
	char *s;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	s = buf_arena(&b, A);
	buf_free(&b);
	return s;
}

/* Loads and renders one golden case; the result is the output or the load
 * errors. */
static const char *golden_run(const char *name, const char *src, int *ok)
{
	const char *names[4], *srcs[4], *errs;
	struct tmpl_set *set;
	const char *out;
	size_t i;

	names[0] = name;
	srcs[0] = src;
	for (i = 0; i < 3; i++) {
		names[i + 1] = partial_names[i];
		srcs[i + 1] = partial_srcs[i];
	}
	set = load(names, srcs, 4, &errs);
	*ok = set != NULL;
	if (set == NULL)
		return errs;
	out = render_set(set, name, fixed_data(A));
	tmpl_free(set);
	return out;
}

static void golden_one(const char *dir, const char *file, int update)
{
	char name[256], other[300];
	const char *src, *want, *got;
	int ok;

	snprintf(name, sizeof(name), "%.*s", (int)(strlen(file) - 5), file);
	src = read_file(dir, file);
	CHECK(src != NULL);
	if (src == NULL)
		return;
	got = golden_run(name, src, &ok);
	snprintf(other, sizeof(other), "%s.err", name);
	if ((want = read_file(dir, other)) == NULL) {
		snprintf(other, sizeof(other), "%s.out", name);
		if (update && ok) {
			write_file(dir, other, got, strlen(got));
			return;
		}
		want = read_file(dir, other);
		if (!ok)
			fprintf(stderr, "%s: load failed: %s", file, got);
	} else if (ok) {
		fprintf(stderr, "%s: loaded, but %s expects an error\n",
		    file, other);
	}
	if (want == NULL || strcmp(got, want) != 0)
		fprintf(stderr, "golden %s/%s differs:\n--- want\n%s\n"
		    "--- got\n%s\n---\n", dir, other, want ? want : "(none)",
		    got);
	CHECK(want != NULL && strcmp(got, want) == 0);
}

static void test_golden(int argc, char **argv)
{
	const char *dir = golden_dir(argc, argv);
	const char *update = getenv("DAIS_GOLDEN_UPDATE");
	struct dirent *de;
	int cases = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: cannot open the golden folder\n", dir);
		CHECK(!"golden folder");
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n <= 5 || strcmp(de->d_name + n - 5, ".tmpl") != 0)
			continue;
		golden_one(dir, de->d_name, update != NULL &&
		    strcmp(update, "1") == 0);
		cases++;
	}
	closedir(d);
	CHECK(cases >= 12);
}

int main(int argc, char **argv)
{
	A = arena_new();
	test_fields();
	test_tv();
	test_escaping();
	test_values();
	test_raw();
	test_sections();
	test_lists();
	test_partials();
	test_translate();
	test_errors_syntax();
	test_errors_sections();
	test_errors_partials();
	test_errors_set();
	test_load_dir();
	test_digest();
	test_regressions();
	test_golden(argc, argv);
	arena_free(A);
	return check_summary("unit_template");
}
