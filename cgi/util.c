/* util.c — arena, buffers, escapers and text checks shared by every module. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "i18n.h"
#include "unicode.h"
#include "util.h"

/* ---- arena --------------------------------------------------------------- */

#define ARENA_BLOCK 16384
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	/* Data follows, aligned. */
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct arena_block *head; /* current block; the first block is last */
	size_t total;
};

static void die_oom(void)
{
	static const char msg[] = "dais: out of memory\n";
	ssize_t r = write(2, msg, sizeof(msg) - 1);
	(void)r;
	abort();
}

static struct arena_block *block_new(size_t size)
{
	struct arena_block *b = malloc(sizeof(*b) + size);

	if (b == NULL)
		die_oom();
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = malloc(sizeof(*a));

	if (a == NULL)
		die_oom();
	a->head = block_new(ARENA_BLOCK);
	a->total = 0;
	return a;
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	while (b->next != NULL) {
		next = b->next;
		free(b);
		b = next;
	}
	b->used = 0;
	a->head = b;
	a->total = 0;
}

void arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	arena_reset(a);
	free(a->head);
	free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

	if (need < n)
		die_oom();
	if (b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
		struct arena_block *nb = block_new(size);

		if (size == need && b->size - b->used > 256) {
			/* A big allocation gets its own block, kept behind
			 * the current one so its free space is not lost. */
			nb->next = b->next;
			b->next = nb;
			nb->used = need;
			a->total += need;
			return nb->data;
		}
		nb->next = b;
		a->head = b = nb;
	}
	b->used += need;
	a->total += need;
	return b->data + b->used - need;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die_oom();
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *v, size_t n, size_t *cap,
    size_t size)
{
	void *nv;

	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 8;
	nv = arena_alloc(a, *cap * size);
	if (n)
		memcpy(nv, v, n * size);
	return nv;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}

/* ---- buffer -------------------------------------------------------------- */

static char buf_empty[1];

void buf_init(struct buf *b)
{
	b->s = buf_empty;
	b->len = 0;
	b->cap = 0;
}

void buf_free(struct buf *b)
{
	if (b->cap > 0)
		free(b->s);
	buf_init(b);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap > 0)
		b->s[0] = '\0';
}

void buf_shrink(struct buf *b, size_t keep)
{
	if (b->cap > keep)
		buf_free(b);
	else
		buf_reset(b);
}

static void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, cap;
	char *p;

	if (need <= b->cap)
		return;
	if (need < extra)
		die_oom();
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	p = b->cap ? realloc(b->s, cap) : malloc(cap);
	if (p == NULL)
		die_oom();
	if (b->cap == 0)
		p[0] = '\0';
	b->s = p;
	b->cap = cap;
}

void buf_put(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *buf_arena(struct buf *b, struct arena *a)
{
	char *p = arena_strndup(a, b->s, b->len);

	buf_reset(b);
	return p;
}

/* ---- escapers ------------------------------------------------------------ */

static void html_escape(struct buf *b, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_put(b, s + run, i - run);
		buf_puts(b, rep);
		run = i + 1;
	}
	buf_put(b, s + run, n - run);
}

void html_text(struct buf *b, const char *s, size_t n)
{
	html_escape(b, s, n);
}

void html_attr(struct buf *b, const char *s, size_t n)
{
	html_escape(b, s, n);
}

void url_arg(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_put(b, e, 3);
		}
	}
}

void json_str(struct buf *b, const char *s, size_t n)
{
	size_t i;

	buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c == '\n') {
			buf_puts(b, "\\n");
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			buf_printf(b, "\\u%04x", c);
		} else if (c == 0xe2 && i + 2 < n &&
			   (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0xa8 ||
			    (unsigned char)s[i + 2] == 0xa9)) {
			buf_printf(b, "\\u%04x",
			    (unsigned char)s[i + 2] == 0xa8 ? 0x2028 : 0x2029);
			i += 2;
		} else {
			buf_putc(b, (char)c);
		}
	}
	buf_putc(b, '"');
}

/* ---- text checks --------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at s, or 0 (RFC 3629 table). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80;
		unsigned char hi = c == 0xed ? 0x9f : 0xbf;

		if (n < 3 || s[1] < lo || s[1] > hi || (s[2] & 0xc0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80;
		unsigned char hi = c == 0xf4 ? 0x8f : 0xbf;

		if (n < 4 || s[1] < lo || s[1] > hi ||
		    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_seq(p + i, n - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

size_t utf8_len(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

const char *text_problem(const char *s, size_t n, enum text_kind kind)
{
	size_t i;

	if (!utf8_valid(s, n))
		return N_("contains bytes that are not valid UTF-8 text");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0)
			return N_("contains a NUL character");
		if (c == '\t')
			continue;
		if ((c == '\n' || c == '\r') && kind == TEXT_LONG)
			continue;
		if (c == '\n' || c == '\r')
			return N_("must be on one line");
		if (c < 0x20 || c == 0x7f)
			return N_("contains a control character");
		/* C1 controls U+0080..U+009F are encoded as C2 80..C2 9F. */
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] < 0xa0)
			return N_("contains a control character");
	}
	return NULL;
}

static int tidy_drops(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	return (c < 0x20 && c != 0 && c != '\t' && c != '\n' && c != '\r') ||
	    c == 0x7f || (c == 0xc2 && i + 1 < n &&
	    (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xa0);
}

const char *text_tidy(struct arena *a, const char *s, size_t *n)
{
	size_t i, o = 0;
	char *t;

	for (i = 0; i < *n && !tidy_drops(s, *n, i); i++)
		;
	if (i == *n)
		return NULL;
	t = arena_alloc(a, *n + 1);
	for (i = 0; i < *n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\f' || c == '\v')
			t[o++] = '\n';
		else if (!tidy_drops(s, *n, i))
			t[o++] = (char)c;
		else if (c == 0xc2)
			i++; /* a C1 control: two bytes */
	}
	t[o] = '\0';
	*n = o;
	return t;
}

/* 1 for the code points a file name never needs: controls (C0, DEL, C1),
 * the invisible characters and the direction controls, which can disguise
 * it ("cv\u202Efdp.exe" shows as "cvexe.pdf"). */
static int file_name_drops(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || uc_invisible(c) ||
	    uc_bidi_control(c);
}

const char *file_name_tidy(struct arena *a, const char *name)
{
	const unsigned char *p;
	const char *slash;
	size_t n, i, k, o = 0, run = 0;
	char *t;

	for (slash = name; *slash != '\0'; slash++)
		if (*slash == '/' || *slash == '\\')
			name = slash + 1;
	p = (const unsigned char *)name;
	n = strlen(name);
	t = arena_alloc(a, 3 * n + 16);
	for (i = 0; i < n && o < FILE_NAME_MAX; i += k) {
		size_t at = i;

		k = utf8_seq(p + i, n - i);
		if (k == 0) { /* not UTF-8: the replacement character */
			memcpy(t + o, "\xef\xbf\xbd", 3);
			o += 3;
			k = 1;
		} else if (!file_name_drops(utf8_next(name, n, &at))) {
			memcpy(t + o, p + i, k);
			o += k;
		}
	}
	while (o > FILE_NAME_MAX) /* cut between characters */
		while (((unsigned char)t[--o] & 0xc0) == 0x80)
			;
	o = marks_cap(t, t, o, &run);
	t[o] = '\0';
	return o > 0 ? t : "document";
}

int header_safe(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

const char *addr_client(struct arena *a, const char *addr)
{
	struct in6_addr in;
	const unsigned char *b = in.s6_addr;

	if (strchr(addr, ':') == NULL || inet_pton(AF_INET6, addr, &in) != 1)
		return addr;
	if (IN6_IS_ADDR_V4MAPPED(&in))
		return arena_printf(a, "%u.%u.%u.%u", b[12], b[13], b[14],
		    b[15]);
	return arena_printf(a, "%x:%x:%x:%x::/64", b[0] << 8 | b[1],
	    b[2] << 8 | b[3], b[4] << 8 | b[5], b[6] << 8 | b[7]);
}

int parse_ll(const char *s, long long min, long long max, long long *out)
{
	long long v = 0;
	int neg = 0;

	if (s == NULL || *s == '\0')
		return -1;
	if (*s == '-' && min < 0) {
		neg = 1;
		s++;
	}
	if (*s == '\0' || strlen(s) > 18)
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int ascii_casecmp(const char *a, const char *b)
{
	for (; *a != '\0' && lower(*a) == lower(*b); a++, b++)
		;
	return lower((unsigned char)*a) - lower((unsigned char)*b);
}

int ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; a++, b++, n--) {
		if (lower(*a) != lower(*b))
			return lower((unsigned char)*a) - lower((unsigned char)*b);
		if (*a == '\0')
			return 0;
	}
	return 0;
}

void hex_encode(char *out, const unsigned char *in, size_t n)
{
	sodium_bin2hex(out, 2 * n + 1, in, n);
}

void log_msg(const char *level, const char *fmt, ...)
{
	char line[1024], when[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;
	int n;

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s dais[%ld] %s: ", when,
	    (long)getpid(), level);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	if (write(2, line, (size_t)n) < 0)
		return;
}

#if defined(__SANITIZE_ADDRESS__)
#define DAIS_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DAIS_LSAN 1
#endif
#endif
#ifdef DAIS_LSAN
#include <sanitizer/lsan_interface.h>
#endif

void proc_exit(int status)
{
#ifdef DAIS_LSAN
	if (__lsan_do_recoverable_leak_check() != 0 && status == 0)
		status = 23;
#endif
	_exit(status);
}
