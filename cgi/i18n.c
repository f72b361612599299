/* i18n.c — the interface languages: GNU .mo catalogs compiled into the
 * binary (cgi/i18n_gen.c, made by po/embed.sh from po/LANG.po), looked up
 * by binary search; the Plural-Forms expression of each catalog compiled
 * once into a small tree; Accept-Language negotiation. No locale, no
 * setlocale(), no allocation per lookup. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

const char *const i18n_languages[] = { "en", "fr", "es", "ar", NULL };

static const char *const autonyms[] = { "English", "Français", "Español",
    "العربية" };

/* ---- Plural-Forms --------------------------------------------------------
 * The C subset gettext allows: n, decimal constants, ! * / % + - < > <= >=
 * == != && || ?: and parentheses, in unsigned long arithmetic. */

#define PLURAL_NODES 96
#define PLURAL_DEPTH 32

enum pop { P_N, P_NUM, P_NOT, P_MUL, P_DIV, P_MOD, P_ADD, P_SUB, P_LT, P_GT,
	P_LE, P_GE, P_EQ, P_NE, P_AND, P_OR, P_COND };

struct pnode {
	enum pop op;
	unsigned long v;
	int a, b, c; /* operands: node indexes */
};

struct plural {
	struct pnode node[PLURAL_NODES];
	int count, root;
};

struct pparse {
	const char *s;
	struct plural *p;
	int depth, bad;
};

static void p_space(struct pparse *pp)
{
	while (*pp->s == ' ' || *pp->s == '\t' || *pp->s == '\n' ||
	    *pp->s == '\r')
		pp->s++;
}

static int p_node(struct pparse *pp, enum pop op, int a, int b, int c)
{
	struct pnode *n;

	if (pp->p->count == PLURAL_NODES || a < 0 || b < -1 || c < -1) {
		pp->bad = 1;
		return -1;
	}
	n = &pp->p->node[pp->p->count];
	n->op = op;
	n->v = 0;
	n->a = a;
	n->b = b;
	n->c = c;
	return pp->p->count++;
}

/* Consumes tok (after spaces) when it is next; 1 when it did. */
static int p_eat(struct pparse *pp, const char *tok)
{
	size_t n = strlen(tok);

	p_space(pp);
	if (strncmp(pp->s, tok, n) != 0)
		return 0;
	/* "<" is not the start of "<=", "!" not of "!=". */
	if (n == 1 && (tok[0] == '<' || tok[0] == '>' || tok[0] == '!' ||
	    tok[0] == '=') && pp->s[1] == '=')
		return 0;
	pp->s += n;
	return 1;
}

static int p_cond(struct pparse *pp);

static int p_unary(struct pparse *pp)
{
	int r;

	if (++pp->depth > PLURAL_DEPTH) {
		pp->bad = 1;
		return -1;
	}
	p_space(pp);
	if (p_eat(pp, "!")) {
		r = p_unary(pp);
		r = r < 0 ? -1 : p_node(pp, P_NOT, r, -1, -1);
	} else if (p_eat(pp, "(")) {
		r = p_cond(pp);
		if (r >= 0 && !p_eat(pp, ")"))
			pp->bad = 1, r = -1;
	} else if (*pp->s == 'n') {
		pp->s++;
		r = p_node(pp, P_N, 0, -1, -1);
	} else if (*pp->s >= '0' && *pp->s <= '9') {
		unsigned long v = 0;

		while (*pp->s >= '0' && *pp->s <= '9') {
			if (v > 100000000UL) {
				pp->bad = 1;
				return -1;
			}
			v = v * 10 + (unsigned long)(*pp->s++ - '0');
		}
		r = p_node(pp, P_NUM, 0, -1, -1);
		if (r >= 0)
			pp->p->node[r].v = v;
	} else {
		pp->bad = 1;
		r = -1;
	}
	pp->depth--;
	return r;
}

/* One level of left-associative binary operators. */
struct plevel {
	const char *tok[4];
	enum pop op[4];
};

static const struct plevel levels[] = {
	{ { "||" }, { P_OR } },
	{ { "&&" }, { P_AND } },
	{ { "==", "!=" }, { P_EQ, P_NE } },
	{ { "<=", ">=", "<", ">" }, { P_LE, P_GE, P_LT, P_GT } },
	{ { "+", "-" }, { P_ADD, P_SUB } },
	{ { "*", "/", "%" }, { P_MUL, P_DIV, P_MOD } },
};

static int p_binary(struct pparse *pp, size_t level)
{
	int l, r, i;

	if (level == ARRAY_LEN(levels))
		return p_unary(pp);
	l = p_binary(pp, level + 1);
	while (l >= 0 && !pp->bad) {
		for (i = 0; i < 4 && levels[level].tok[i] != NULL; i++)
			if (p_eat(pp, levels[level].tok[i]))
				break;
		if (i == 4 || levels[level].tok[i] == NULL)
			break;
		r = p_binary(pp, level + 1);
		l = r < 0 ? -1 : p_node(pp, levels[level].op[i], l, r, -1);
	}
	return l;
}

static int p_cond(struct pparse *pp)
{
	int c, a, b;

	if (++pp->depth > PLURAL_DEPTH) {
		pp->bad = 1;
		return -1;
	}
	c = p_binary(pp, 0);
	if (c >= 0 && p_eat(pp, "?")) {
		a = p_cond(pp);
		if (a < 0 || !p_eat(pp, ":")) {
			pp->bad = 1;
			pp->depth--;
			return -1;
		}
		b = p_cond(pp);
		c = b < 0 ? -1 : p_node(pp, P_COND, c, a, b);
	}
	pp->depth--;
	return c;
}

/* Compiles expr up to its end or a ';'. 0, or -1 when it does not parse. */
static int plural_compile(struct plural *p, const char *expr)
{
	struct pparse pp = { expr, p, 0, 0 };

	p->count = 0;
	p->root = p_cond(&pp);
	p_space(&pp);
	if (pp.bad || p->root < 0 || (*pp.s != '\0' && *pp.s != ';'))
		return -1;
	return 0;
}

static unsigned long plural_run(const struct plural *p, int i,
    unsigned long n)
{
	const struct pnode *x = &p->node[i];
	unsigned long a, b;

	switch (x->op) {
	case P_N:
		return n;
	case P_NUM:
		return x->v;
	case P_NOT:
		return !plural_run(p, x->a, n);
	case P_AND:
		return plural_run(p, x->a, n) && plural_run(p, x->b, n);
	case P_OR:
		return plural_run(p, x->a, n) || plural_run(p, x->b, n);
	case P_COND:
		return plural_run(p, x->a, n) ? plural_run(p, x->b, n) :
		    plural_run(p, x->c, n);
	default:
		break;
	}
	a = plural_run(p, x->a, n);
	b = plural_run(p, x->b, n);
	switch (x->op) {
	case P_MUL: return a * b;
	case P_DIV: return b ? a / b : 0;
	case P_MOD: return b ? a % b : 0;
	case P_ADD: return a + b;
	case P_SUB: return a - b;
	case P_LT: return a < b;
	case P_GT: return a > b;
	case P_LE: return a <= b;
	case P_GE: return a >= b;
	case P_EQ: return a == b;
	case P_NE: return a != b;
	default: return 0;
	}
}

long i18n_plural_eval(const char *expr, unsigned long n)
{
	struct plural p;

	if (plural_compile(&p, expr) != 0)
		return -1;
	return (long)(plural_run(&p, p.root, n) & 0x7fffffffUL);
}

/* ---- .mo catalogs --------------------------------------------------------- */

struct i18n_cat {
	const unsigned char *mo;
	size_t len;
	uint32_t count, orig, trans;
	int swap;
	unsigned long nplurals;
	struct plural plural;
};

static uint32_t mo_u32(const struct i18n_cat *c, size_t off)
{
	uint32_t v;

	memcpy(&v, c->mo + off, 4);
	if (c->swap)
		v = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) |
		    (v << 24);
	return v;
}

/* String i of the table at off: its bytes and length (a NUL follows). */
static const char *mo_str(const struct i18n_cat *c, uint32_t table,
    uint32_t i, uint32_t *len)
{
	*len = mo_u32(c, (size_t)table + 8 * (size_t)i);
	return (const char *)c->mo + mo_u32(c, (size_t)table + 8 * (size_t)i +
	    4);
}

/* 0 when every string of the table lies inside the file, NUL-terminated. */
static int mo_table_ok(const struct i18n_cat *c, uint32_t table)
{
	uint32_t i, len, off;

	if ((size_t)table > c->len || (c->len - table) / 8 < c->count)
		return -1;
	for (i = 0; i < c->count; i++) {
		len = mo_u32(c, (size_t)table + 8 * (size_t)i);
		off = mo_u32(c, (size_t)table + 8 * (size_t)i + 4);
		if ((size_t)off > c->len || (size_t)len >= c->len - off ||
		    c->mo[off + len] != '\0')
			return -1;
	}
	return 0;
}

/* Compares the key ctx "\004" id (ctx may be NULL) with s. */
static int key_cmp(const char *ctx, const char *id, const char *s)
{
	const unsigned char *k, *t = (const unsigned char *)s;

	if (ctx != NULL) {
		for (k = (const unsigned char *)ctx; *k && *k == *t; k++, t++)
			;
		if (*k != '\0')
			return *k - *t;
		if (*t != 4)
			return 4 - *t;
		t++;
	}
	for (k = (const unsigned char *)id; *k && *k == *t; k++, t++)
		;
	return *k - *t;
}

/* The header's Plural-Forms, compiled; English's rule when absent. */
static int mo_plural(struct i18n_cat *c, struct buf *err)
{
	const char *h = i18n_cat_lookup(c, NULL, "", NULL, 0), *pf, *e;

	c->nplurals = 2;
	if (h == NULL || *h == '\0' ||
	    (pf = strstr(h, "Plural-Forms:")) == NULL)
		return plural_compile(&c->plural, "n != 1");
	pf = strstr(pf, "nplurals=");
	e = pf ? strstr(pf, "plural=") : NULL;
	if (pf == NULL || e == NULL) {
		buf_puts(err, "Plural-Forms without nplurals= and plural=");
		return -1;
	}
	c->nplurals = strtoul(pf + 9, NULL, 10);
	if (c->nplurals < 1 || c->nplurals > 6 ||
	    plural_compile(&c->plural, e + 7) != 0) {
		buf_printf(err, "Plural-Forms does not parse: %.*s",
		    (int)strcspn(pf, "\n"), pf);
		return -1;
	}
	return 0;
}

struct i18n_cat *i18n_cat_open(const void *mo, unsigned long len,
    struct buf *err)
{
	struct i18n_cat *c = calloc(1, sizeof(*c));
	uint32_t magic;

	if (c == NULL) {
		buf_puts(err, "out of memory");
		return NULL;
	}
	c->mo = mo;
	c->len = len;
	if (len < 28) {
		buf_puts(err, "not a .mo file: too short");
		goto bad;
	}
	memcpy(&magic, mo, 4);
	if (magic == 0x950412deU)
		c->swap = 0;
	else if (magic == 0xde120495U)
		c->swap = 1;
	else {
		buf_puts(err, "not a .mo file: bad magic number");
		goto bad;
	}
	if (mo_u32(c, 4) >> 16 != 0) {
		buf_puts(err, "a .mo file of an unknown major revision");
		goto bad;
	}
	c->count = mo_u32(c, 8);
	c->orig = mo_u32(c, 12);
	c->trans = mo_u32(c, 16);
	if (mo_table_ok(c, c->orig) != 0 || mo_table_ok(c, c->trans) != 0) {
		buf_puts(err, "a .mo file with a string outside it");
		goto bad;
	}
	if (mo_plural(c, err) != 0)
		goto bad;
	return c;
bad:
	free(c);
	return NULL;
}

void i18n_cat_close(struct i18n_cat *c)
{
	free(c);
}

const char *i18n_cat_lookup(const struct i18n_cat *c, const char *ctx,
    const char *msgid, const char *plural, unsigned long n)
{
	uint32_t lo = 0, hi, mid, len, tlen;
	const char *s, *t, *end;
	unsigned long form;
	int cmp;

	if (c == NULL)
		return NULL;
	hi = c->count;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		s = mo_str(c, c->orig, mid, &len);
		cmp = key_cmp(ctx, msgid, s);
		if (cmp < 0) {
			hi = mid;
		} else if (cmp > 0) {
			lo = mid + 1;
		} else {
			t = mo_str(c, c->trans, mid, &tlen);
			if (plural == NULL)
				return t;
			/* "form0\0form1\0…": the one the rule picks, if the
			 * catalog has that many. */
			form = plural_run(&c->plural, c->plural.root, n);
			if (form >= c->nplurals)
				form = 0;
			end = t + tlen;
			while (form-- > 0 && t < end)
				t += strlen(t) + 1;
			return t < end ? t : NULL;
		}
	}
	return NULL;
}

/* ---- the languages -------------------------------------------------------- */

static struct i18n_cat *cats[ARRAY_LEN(autonyms)];
static int current; /* index in i18n_languages */
static int loaded;

int i18n_init(struct buf *err)
{
	const struct i18n_mo *m;
	size_t i;

	loaded = 1;
	for (m = i18n_mo; m->lang != NULL; m++) {
		for (i = 1; i < ARRAY_LEN(autonyms); i++)
			if (strcmp(i18n_languages[i], m->lang) == 0)
				break;
		if (i == ARRAY_LEN(autonyms) || cats[i] != NULL)
			continue;
		cats[i] = i18n_cat_open(m->data, m->len, err);
		if (cats[i] == NULL) {
			buf_printf(err, " (po/%s.po)", m->lang);
			return -1;
		}
	}
	return 0;
}

static int lang_index(const char *lang)
{
	size_t i;

	for (i = 0; lang != NULL && i18n_languages[i] != NULL; i++)
		if (strcmp(i18n_languages[i], lang) == 0)
			return (int)i;
	return -1;
}

const char *i18n_use(const char *lang)
{
	const char *prev = i18n_languages[current];
	int i = lang_index(lang);

	if (!loaded && i > 0) {
		struct buf err;

		buf_init(&err);
		if (i18n_init(&err) != 0)
			log_err("a catalog does not load: %s", err.s);
		buf_free(&err);
	}
	current = i < 0 ? 0 : i;
	return prev;
}

const char *i18n_current(void)
{
	return i18n_languages[current];
}

const char *i18n_gettext(const char *msgid)
{
	/* "" is the catalog's header: never a translation. */
	const char *t = current && *msgid ? i18n_cat_lookup(cats[current],
	    NULL, msgid, NULL, 0) : NULL;

	return t && *t ? t : msgid;
}

const char *i18n_pgettext(const char *context, const char *msgid)
{
	const char *t = current && *msgid ? i18n_cat_lookup(cats[current],
	    context, msgid, NULL, 0) : NULL;

	return t && *t ? t : msgid;
}

const char *i18n_ngettext(const char *one, const char *many,
    unsigned long n)
{
	const char *t = current ? i18n_cat_lookup(cats[current], NULL, one,
	    many, n) : NULL;

	return t && *t ? t : n == 1 ? one : many;
}

const char *i18n_supported(const char *tag)
{
	size_t i, n;

	if (tag == NULL)
		return NULL;
	n = strcspn(tag, "-_");
	for (i = 0; i18n_languages[i] != NULL; i++)
		if (strlen(i18n_languages[i]) == n &&
		    ascii_ncasecmp(tag, i18n_languages[i], n) == 0)
			return i18n_languages[i];
	return NULL;
}

const char *i18n_autonym(const char *lang)
{
	int i = lang_index(lang);

	return i < 0 ? lang : autonyms[i];
}

/* The q-value of a ";q=…" parameter list (RFC 9110 12.4.2): 0 to 1000. */
static int accept_q(const char *p, const char *end)
{
	int q = 1000, scale = 100;

	while (p < end) {
		p += strspn(p, " \t;");
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') &&
		    p[1] == '=') {
			p += 2;
			if (p < end && *p == '1')
				return 1000;
			if (p >= end || *p != '0')
				return 0; /* malformed: ignore the range */
			q = 0;
			if (++p < end && *p == '.')
				for (p++; p < end && *p >= '0' && *p <= '9' &&
				    scale > 0; p++, scale /= 10)
					q += (*p - '0') * scale;
			return q;
		}
		while (p < end && *p != ';')
			p++;
	}
	return q;
}

#define ACCEPT_MAX_RANGES 32
#define ACCEPT_MAX_BYTES 1024

const char *i18n_negotiate(const char *h)
{
	const char *best = NULL, *p = h, *end, *semi, *lang;
	char tag[36];
	int best_q = 0, q, ranges = 0;
	size_t n;

	if (h == NULL || strlen(h) > ACCEPT_MAX_BYTES)
		return NULL;
	while (*p != '\0' && ranges++ < ACCEPT_MAX_RANGES) {
		p += strspn(p, " \t,");
		end = p + strcspn(p, ",");
		semi = memchr(p, ';', (size_t)(end - p));
		n = (size_t)((semi ? semi : end) - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		q = semi ? accept_q(semi, end) : 1000;
		if (n > 0 && n < sizeof(tag)) {
			memcpy(tag, p, n);
			tag[n] = '\0';
			lang = strcmp(tag, "*") == 0 ? NULL :
			    i18n_supported(tag);
			if (lang != NULL && q > best_q) {
				best = lang;
				best_q = q;
			}
		}
		p = end;
	}
	return best;
}
