/* fuzz_template.c — libFuzzer target for the template compiler and renderer.
 *
 * The input is template source. NUL bytes split it into up to three
 * templates, "fuzz", "f1" and "f2", so that partials, cycles and nesting
 * through partials are reached; they are loaded together with the partials
 * of the golden tests (p_header, p_footer, p_item). When the set loads,
 * every fuzz template is rendered with a fixed data set. Everything is
 * freed and the arena reset for each input, so a leak shows.
 *
 * The data set keeps lists from multiplying: each list item sets "errors"
 * to false, so a nested {{#errors}} does not iterate the outer list again
 * (outward lookup would otherwise make n levels cost 3^n renders).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fixed_names[] = { "p_header", "p_footer",
    "p_item" };
static const char *const fixed_srcs[] = {
	"<header>{{site_name}}</header>\n",
	"<footer>v{{version}}</footer>\n",
	"<li>{{field}}: {{message}}</li>\n",
};

static struct tv *fuzz_data(struct arena *a)
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
	it = tv_add(d, TF_errors);
	tv_str(it, TF_field, "name");
	tv_str(it, TF_message, "is <required>");
	tv_bool(it, TF_errors, 0);
	it = tv_add(d, TF_errors);
	tv_str(it, TF_field, "email");
	tv_bool(it, TF_errors, 0);
	it = tv_add(d, TF_errors);
	tv_int(it, TF_status, 7);
	tv_sanitized(it, TF_content_html, "<i>x</i>");
	sub = tv_add(it, TF_errors);
	tv_str(sub, TF_message, "nested a");
	tv_bool(sub, TF_errors, 0);
	sub = tv_add(it, TF_errors);
	tv_bool(sub, TF_errors, 0);
	return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fuzz_names[] = { "fuzz", "f1", "f2" };
	static struct arena *a;
	const char *names[6], *srcs[6];
	struct tmpl_set *set;
	struct buf err, out;
	struct tv *d;
	size_t n = 0, i, at = 0;
	char *copy;

	if (a == NULL)
		a = arena_new();
	copy = malloc(size + 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	while (n < 3) {
		names[n] = fuzz_names[n];
		srcs[n++] = copy + at;
		at += strlen(copy + at) + 1;
		if (at > size)
			break;
	}
	for (i = 0; i < 3; i++) {
		names[n + i] = fixed_names[i];
		srcs[n + i] = fixed_srcs[i];
	}
	buf_init(&err);
	buf_init(&out);
	set = tmpl_load_mem(names, srcs, n + 3, &err);
	if (set != NULL) {
		d = fuzz_data(a);
		for (i = 0; i < n; i++)
			tmpl_render(tmpl_get(set, names[i]), d, &out);
		if (strlen(tmpl_digest(set)) != 64)
			abort();
		tmpl_free(set);
	} else if (err.len == 0) {
		abort(); /* a failed load always says why */
	}
	buf_free(&out);
	buf_free(&err);
	free(copy);
	arena_reset(a);
	return 0;
}
