/* fuzz_filetype.c — libFuzzer target for file_kind(): the type of an
 * uploaded document from its bytes, which reads a ZIP's local header and
 * walks its central directory by offsets taken from the input. Beyond what
 * the sanitizers catch: the answer is NULL or one of the three types, a PDF
 * starts with "%PDF-", a DOCX or ODT with a ZIP local header. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = { "application/pdf",
	    "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document",
	    "application/vnd.oasis.opendocument.text" };
	const char *k;
	char *copy;
	size_t i;

	/* An exact-size copy, so that a read past the end is caught. */
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	k = file_kind(copy, size);
	if (k != NULL) {
		for (i = 0; i < 3 && strcmp(k, types[i]) != 0; i++)
			;
		if (i == 3)
			abort();
		if (i == 0 && (size < 5 || memcmp(copy, "%PDF-", 5) != 0))
			abort();
		if (i > 0 && (size < 4 || memcmp(copy, "PK\x03\x04", 4) != 0))
			abort();
	}
	free(copy);
	return 0;
}
