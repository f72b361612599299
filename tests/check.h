/* check.h — the tiny harness of dais's unit tests.
 *
 * CHECK(cond) records a pass or a failure with file and line; a test program
 * ends with `return check_summary("name");`, which prints
 * "name: N passed, N failed" and exits non-zero when anything failed.
 */
#ifndef DAIS_CHECK_H
#define DAIS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) check_one(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) check_str((got), (want), __FILE__, __LINE__)

static inline void check_one(int ok, const char *what, const char *file,
    int line)
{
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
	printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
