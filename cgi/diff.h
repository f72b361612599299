/* diff.h — a readable line diff between two revisions of a text. */
#ifndef DAIS_DIFF_H
#define DAIS_DIFF_H

#include <stddef.h>

struct arena;

/* Calls emit for each line of the shortest edit from a to b, in order:
 * op is ' ' (kept), '-' (removed) or '+' (added); line excludes its
 * newline. Texts over DIFF_MAX_LINES lines each are compared as a whole
 * (all of a removed, all of b added). */
#define DIFF_MAX_LINES 1000
void diff_lines(struct arena *ar, const char *a, const char *b,
    void (*emit)(void *ctx, char op, const char *line, size_t n), void *ctx);

#endif
