/* template_fixture.h — the templates' test fixture, shared by the unit
 * tests (whose golden files render with it) and the fuzz target: the
 * partials and the fixed data set. Change it only with the golden files
 * (tests/golden/template).
 *
 * Partials of every golden template:
 *   p_header  "<header>{{site_name}}</header>\n"
 *   p_footer  "<footer>v{{version}}</footer>\n"
 *   p_item    "<li>{{field}}: {{message}}</li>\n"
 *
 * The fixed data set (fixed_data()):
 *   title        string  "Hello & <World> \"q\" 'a'"
 *   site_name    string  "dais"
 *   base         string  "/d?a=1&b=2"
 *   version      int     42
 *   status       int     0
 *   error        bool    true
 *   csrf         bool    false
 *   message      string  "top message"
 *   body_html    sanitized  "<p>Body <em>ok</em></p>"
 *   content_html string  "<b>not sanitized</b>"  ({{&content_html}} escapes)
 *   field        string  ""                       (empty)
 *   page_title   unset   (set, then unset with tv_str(NULL))
 *   errors       list of three items:
 *     1. field "name",  message "is <required>"
 *     2. field "email"                            (message comes from the top)
 *     3. field "age",   status int 7, error bool false,
 *        errors: list of two items: message "nested a", message "nested b"
 */
#ifndef DAIS_TEMPLATE_FIXTURE_H
#define DAIS_TEMPLATE_FIXTURE_H

#include "template.h"
#include "util.h"

static const char *const partial_names[] = { "p_header", "p_footer",
    "p_item" };
static const char *const partial_srcs[] = {
	"<header>{{site_name}}</header>\n",
	"<footer>v{{version}}</footer>\n",
	"<li>{{field}}: {{message}}</li>\n",
};

static struct tv *fixed_data(struct arena *a)
{
	struct tv *d = tv_new(a), *it, *sub;

	tv_str(d, TF_title, "Hello & <World> \"q\" 'a'");
	tv_str(d, TF_site_name, "dais");
	tv_str(d, TF_base, "/d?a=1&b=2");
	tv_int(d, TF_version, 42);
	tv_int(d, TF_status, 0);
	tv_bool(d, TF_error, 1);
	tv_bool(d, TF_csrf, 0);
	tv_str(d, TF_message, "top message");
	tv_sanitized(d, TF_body_html, "<p>Body <em>ok</em></p>");
	tv_str(d, TF_content_html, "<b>not sanitized</b>");
	tv_str(d, TF_field, "");
	tv_str(d, TF_page_title, "to be unset");
	tv_str(d, TF_page_title, NULL);
	it = tv_add(d, TF_errors);
	tv_str(it, TF_field, "name");
	tv_str(it, TF_message, "is <required>");
	it = tv_add(d, TF_errors);
	tv_str(it, TF_field, "email");
	it = tv_add(d, TF_errors);
	tv_str(it, TF_field, "age");
	tv_int(it, TF_status, 7);
	tv_bool(it, TF_error, 0);
	sub = tv_add(it, TF_errors);
	tv_str(sub, TF_message, "nested a");
	sub = tv_add(it, TF_errors);
	tv_str(sub, TF_message, "nested b");
	return d;
}

#endif
