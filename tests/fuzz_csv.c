/* fuzz_csv.c — libFuzzer target for the CSV reader (csv.c): any bytes,
 * every row read until the end or a refusal; no crash, no leak, the
 * limits held (fields per row, bytes per field). */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csv.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *f[CSV_MAX_FIELDS];
	const char *why = NULL;
	struct csv c;
	size_t nf, i;
	int rc;

	csv_init(&c, (const char *)data, size);
	while ((rc = csv_row(&c, a, f, &nf, &why)) == 1) {
		assert(nf >= 1 && nf <= CSV_MAX_FIELDS);
		for (i = 0; i < nf; i++)
			assert(strlen(f[i]) <= CSV_MAX_FIELD);
		assert(c.rows <= CSV_MAX_ROWS);
	}
	assert(rc == 0 || (rc == -1 && why != NULL));
	arena_free(a);
	return 0;
}
