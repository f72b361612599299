/* search.h — public search: what a person types as an FTS5 query over the
 * index of what is published (schema/014-search.sql; publish.c keeps it,
 * page_search.c reads it).
 */
#ifndef DAIS_SEARCH_H
#define DAIS_SEARCH_H

#include <stddef.h>

struct buf;

#define SEARCH_MAX_WORDS 16   /* words of a query used; the rest ignored */
#define SEARCH_MAX_WORD 64    /* bytes of a word kept */
#define SEARCH_MAX_PREFIX 2   /* words typed with a final '*' matched as
                               * beginnings; the others as words */
#define SEARCH_MIN_PREFIX 3   /* bytes before such a '*' */

/* The words of q as an FTS5 expression, appended to out: each word a quoted
 * phrase, so that nothing a person types is read as query syntax (quotes,
 * NEAR, AND, OR, NOT, -, ^, parentheses, column names: all separate or are
 * words). A word is a run of ASCII letters and digits and of any non-ASCII
 * bytes; every other byte separates words. A word followed by '*' (at most
 * SEARCH_MAX_PREFIX of them, each SEARCH_MIN_PREFIX bytes at least) matches
 * the words it begins. The index's tokenizer stems and folds accents, so
 * "migrant" finds "migrants" and "securite" "sécurité". Returns the number
 * of words written (0: q has none; nothing appended). */
int search_query_words(const char *q, size_t n, struct buf *out);

/* The facet word of a filter, as the index holds it: "ev" and "or" with an
 * id; "ki" and "la" with the value's hex digits and a final "0"; "yr" and
 * a year. Appended to out as a quoted phrase. */
void search_facet_id(struct buf *out, const char *prefix, long long id);
void search_facet_text(struct buf *out, const char *prefix, const char *v);

#endif
