/* util.h — memory (per-request arena, growable buffers) and the escapers.
 *
 * Every allocation a request makes comes from its arena, which is reset when
 * the request ends, so nothing survives into the next FastCGI request.
 * There is exactly one escaper per output context (STYLE.md habit 1).
 */
#ifndef DAIS_UTIL_H
#define DAIS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define DAIS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- arena --------------------------------------------------------------- */

struct arena;

struct arena *arena_new(void);
/* Frees every block but the first, and rewinds it: the next request starts
 * with a warm, empty arena. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);
/* Never returns NULL: allocation failure aborts (a worker that cannot
 * allocate cannot answer; the master restarts it). */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) DAIS_PRINTF(2, 3);
size_t arena_used(const struct arena *a);
/* Room for element n of an array v of elements of size bytes, whose
 * capacity is *cap: v itself, or a copy twice as large (8 at first). */
void *arena_grow(struct arena *a, void *v, size_t n, size_t *cap,
    size_t size);

/* ---- growable buffer ----------------------------------------------------- */

/* A NUL-terminated growable byte buffer on the heap. s is never NULL after
 * buf_init; len excludes the terminator. */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
/* Releases a buffer that grew past keep bytes (a worker must not hold on to
 * the memory of its largest request forever). */
void buf_shrink(struct buf *b, size_t keep);
void buf_put(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) DAIS_PRINTF(2, 3);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Moves the contents into the arena and resets b. */
char *buf_arena(struct buf *b, struct arena *a);

/* ---- escapers: one per output context ------------------------------------ */

/* Element text and attribute values (double-quoted): & < > " ' escaped. */
void html_text(struct buf *b, const char *s, size_t n);
void html_attr(struct buf *b, const char *s, size_t n);
/* A component of a URL (path segment or query value): everything but
 * unreserved characters percent-encoded. */
void url_arg(struct buf *b, const char *s, size_t n);
/* A JSON string literal with its quotes; '<', '>', '&' and U+2028/9 escaped
 * so the result is also safe inside a <script> element. */
void json_str(struct buf *b, const char *s, size_t n);
/* Appends a string literal that is known to be safe markup. Takes only
 * literals: the macro refuses anything that is not one. */
#define html_lit(b, lit) buf_put((b), "" lit, sizeof(lit) - 1)

/* ---- text checks --------------------------------------------------------- */

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF). */
int utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8. */
size_t utf8_len(const char *s, size_t n);

enum text_kind {
	TEXT_LINE, /* one line: no control characters at all (tab allowed) */
	TEXT_LONG, /* long text: tab, CR and LF allowed */
};
/* NULL when s is acceptable text of that kind, else a message for a person:
 * invalid UTF-8, NUL, or a control character. */
const char *text_problem(const char *s, size_t n, enum text_kind kind);
/* Long text as pasted from a PDF or a slide: page breaks (form feed) and
 * vertical tabs become newlines, other invisible control characters are
 * dropped; NUL and invalid UTF-8 stay, for text_problem. NULL when there
 * is nothing to tidy, else the tidied copy in the arena (*n updated). */
const char *text_tidy(struct arena *a, const char *s, size_t *n);

/* An uploaded file's name as a person and a header can take it: its last
 * path component, valid UTF-8 (invalid bytes become U+FFFD), without
 * control, invisible or direction characters or more than MARKS_MAX
 * marks in a row, at most FILE_NAME_MAX bytes (cut between characters);
 * "document" when nothing is left. */
#define FILE_NAME_MAX 200
const char *file_name_tidy(struct arena *a, const char *name);

/* 1 when s may go into an HTTP header value: no CR, LF, NUL or other
 * control characters. */
int header_safe(const char *s);

/* The client an address stands for, as a key for limits: an IPv4 address
 * whole; an IPv6 address as its /64 network (one host is commonly given a
 * whole /64 and may use any address in it), e.g. "2001:db8:0:1::/64"; an
 * IPv4-mapped IPv6 address as the IPv4 one. Anything else as it is. */
const char *addr_client(struct arena *a, const char *addr);

/* Strict decimal parser: the whole string, no sign unless allowed, within
 * [min, max]. Returns 0 on success. */
int parse_ll(const char *s, long long min, long long max, long long *out);

/* Case-insensitive ASCII comparisons. */
int ascii_casecmp(const char *a, const char *b);
int ascii_ncasecmp(const char *a, const char *b, size_t n);

/* Hex encoding of n bytes into out (2n+1 bytes). */
void hex_encode(char *out, const unsigned char *in, size_t n);

/* A log line on stderr with time and pid; the web server's error log or the
 * service manager collects it. */
void log_msg(const char *level, const char *fmt, ...) DAIS_PRINTF(2, 3);
#define log_err(...) log_msg("error", __VA_ARGS__)
#define log_info(...) log_msg("info", __VA_ARGS__)

/* Ends a child process (a worker, the mail sender) with _exit(status).
 * In a build with AddressSanitizer the leak check runs first, as exit()
 * would have run it: a leak is reported on stderr (the server's log) and
 * the status becomes 23 when it was 0. */
void proc_exit(int status) __attribute__((noreturn));

#endif
