/* check.h — the tiny harness of dais's unit tests.
 *
 * CHECK(cond) records a pass or a failure with file and line; a test program
 * ends with `return check_summary("name");`, which prints
 * "name: N passed, N failed (N distinct checks)" and exits non-zero when
 * anything failed. A distinct check is a CHECK in the source: one in a
 * loop counts once however often it runs.
 */
#ifndef DAIS_CHECK_H
#define DAIS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed, check_distinct;

/* Counts the check at file:line once (the file names are the macros'
 * string literals, compared by content). */
static inline void check_seen(const char *file, int line)
{
	static struct { const char *file; int line; } seen[8192];
	static int n;
	int i;

	for (i = 0; i < n; i++)
		if (seen[i].line == line && strcmp(seen[i].file, file) == 0)
			return;
	check_distinct++;
	if (n < (int)(sizeof(seen) / sizeof(seen[0]))) {
		seen[n].file = file;
		seen[n++].line = line;
	}
}

#define CHECK(cond) check_one(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) check_str((got), (want), __FILE__, __LINE__)

static inline void check_one(int ok, const char *what, const char *file,
    int line)
{
	check_seen(file, line);
	if (ok) {
		check_passed++;
		return;
	}
	check_failed++;
	fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
}

static inline void check_str(const char *got, const char *want,
    const char *file, int line)
{
	check_seen(file, line);
	if (got != NULL && want != NULL && strcmp(got, want) == 0) {
		check_passed++;
		return;
	}
	check_failed++;
	fprintf(stderr, "%s:%d: FAILED: got \"%s\", want \"%s\"\n", file, line,
	    got ? got : "(null)", want ? want : "(null)");
}

static inline int check_summary(const char *name)
{
	printf("%s: %d passed, %d failed (%d distinct checks)\n", name,
	    check_passed, check_failed, check_distinct);
	return check_failed ? 1 : 0;
}

#endif
