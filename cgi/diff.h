/* diff.h — what changed between two revisions of a statement's text, as a
 * reader reads it: block by block, word by word inside a changed block. */
#ifndef DAIS_DIFF_H
#define DAIS_DIFF_H

#include <stddef.h>

struct arena;

/* One run of text inside a block: op ' ' (kept), '-' (removed) or '+'
 * (added). s points into the texts given to diff_text(). */
struct diff_piece {
	char op;
	const char *s;
	size_t n;
};

/* One entry of the diff, in the order of the new text:
 *   ' '  an unchanged block shown as context (one piece, kept);
 *   '-'  a block removed whole (one piece, removed);
 *   '+'  a block added whole (one piece, added);
 *   '~'  a block changed word by word (its pieces: in each changed run the
 *        removed words come before the added ones);
 *   '.'  skipped unchanged blocks collapsed (no pieces; how many).
 * Removed blocks come before the added blocks that replace them. */
struct diff_block {
	char op;
	size_t skipped;
	const struct diff_piece *piece;
	size_t npiece;
};

struct diff {
	const struct diff_block *block;
	size_t n;       /* 0: the texts read the same */
	int capped;     /* the work cap was hit: some change shown whole */
};

/* Unchanged blocks shown on each side of a change. */
#define DIFF_CONTEXT 1
/* The cap on work: each comparison of two sequences (of blocks, or of the
 * words of two blocks) fills a table of (n + 1) × (m + 1) cells once their
 * common start and end are set aside. A diff fills at most DIFF_BUDGET
 * cells in all, and one pair of blocks at most DIFF_PAIR_CELLS; past that,
 * what is left to compare is shown as removed whole, then added whole.
 * With DIFF_SCAN_BUDGET below, the time is O(DIFF_BUDGET +
 * DIFF_SCAN_BUDGET + length of the texts), whatever the input. */
#define DIFF_BUDGET (1L << 22)
#define DIFF_PAIR_CELLS (1L << 18)
/* The words of a removed block are compared with those of each of the
 * next DIFF_LOOKAHEAD added blocks, splitting both each time: at most
 * DIFF_SCAN_BUDGET bytes in all are split so; past that the blocks left
 * are shown whole (removed, then added). */
#define DIFF_SCAN_BUDGET (1L << 23)
/* A removed block is matched with one of the next DIFF_LOOKAHEAD added
 * blocks when half of its words stay (two at least). */
#define DIFF_LOOKAHEAD 8

/* Compares a and b, texts of one block a line (markup_blocks() gives them
 * from sanitized HTML; an empty line is no block). Pieces and blocks are
 * allocated in ar and point into a and b, which must outlive them. */
void diff_text(struct arena *ar, const char *a, const char *b,
    struct diff *out);

#endif
