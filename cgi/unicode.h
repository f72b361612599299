/* unicode.h — the few Unicode properties dais needs, by hand: which code
 * points stack on the letter before them (for the limit on runs of
 * combining marks, UAX #15's stream-safe text format). libxml2 and cmark
 * answer no such question, and ICU would be a large dependency for a
 * 300-range table. */
#ifndef DAIS_UNICODE_H
#define DAIS_UNICODE_H

#include <stddef.h>
#include <stdint.h>

/* The most marks in a row that one letter may carry: UAX #15's stream-safe
 * limit of 30 non-starters. Real text in any script (Arabic, Hebrew,
 * Devanagari, Vietnamese, Tibetan…) uses a few; hundreds only make
 * browsers take seconds or minutes to lay out one line. */
#define MARKS_MAX 30

/* The code point of the valid UTF-8 sequence at s[*i] (within n bytes);
 * *i moves past it. */
uint32_t utf8_next(const char *s, size_t n, size_t *i);

/* 1 when c joins the letter before it into one character on screen: a
 * combining mark (General_Category Mn, Mc, Me) or another code point that
 * never ends a grapheme cluster (ZWJ, ZWNJ, emoji modifiers and tags,
 * Hangul jamo, prepended signs). See the table in unicode.c. */
int uc_mark(uint32_t c);

/* 1 for the invisible characters that no name or title needs, often
 * pasted along with text and useful for hiding one name inside another:
 * zero width space, word joiner, byte order mark, Mongolian vowel
 * separator, the invisible operators, the deprecated format characters
 * and the interlinear annotation characters. ZWNJ and ZWJ (U+200C,
 * U+200D) are not among them: Persian, Arabic and Indic spelling and emoji
 * need them; nor are LRM, RLM and ALM, which mixed right-to-left names can
 * need. */
int uc_invisible(uint32_t c);
/* 1 for the direction embeddings, overrides and isolates and their ends
 * (U+202A-202E, U+2066-2069): they reorder the text around them. */
int uc_bidi_control(uint32_t c);

/* The longest run of uc_mark() code points in valid UTF-8. */
size_t marks_longest(const char *s, size_t n);

/* Copies valid UTF-8 src[0..n) to dst without the marks past MARKS_MAX in
 * each run, and returns the bytes written. *run is the length of the run
 * that ends where src starts, and is updated, so that text handled in
 * pieces is capped as one. dst may be src, or before it (in place). */
size_t marks_cap(char *dst, const char *src, size_t n, size_t *run);

#endif
