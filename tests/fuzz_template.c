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
#include "template_fixture.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
		names[n + i] = partial_names[i];
		srcs[n + i] = partial_srcs[i];
	}
	buf_init(&err);
	buf_init(&out);
	set = tmpl_load_mem(names, srcs, n + 3, &err);
	if (set != NULL) {
		d = fixed_data(a);
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
