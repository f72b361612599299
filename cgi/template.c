/* template.c — compiles templates once at start, renders them per request.
 *
 * Loading parses every source into a flat node array per template; a
 * section node records where its children end, and a partial node points at
 * the compiled partial. Partials are linked rather than inlined (inlining
 * can grow exponentially), and are checked for cycles and depth at load, so
 * rendering neither parses nor allocates: it walks the nodes and appends to
 * the output buffer, recursing once per section level and partial, a
 * recursion whose depth the load bounded.
 *
 * Standalone tags are not special: every byte outside {{ }} is output as is,
 * newlines included.
 */
#include "config.h"

#include <sys/stat.h>

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "i18n.h"
#include "template.h"
#include "util.h"

#define TMPL_MAX_SIZE (1024 * 1024) /* bytes of one source */
#define TMPL_MAX_DEPTH 32           /* sections nested, through partials */
#define TMPL_MAX_PARTIALS 8         /* partials nested */
#define TMPL_MAX_COUNT 4096         /* templates in a set */
/* Part of the digest: bump when the same sources may render differently. */
#define TMPL_ENGINE_VERSION "dais-template-1"

/* ---- field names --------------------------------------------------------- */

static const char *const tf_names[TF__COUNT] = {
#define TF(n) #n,
#include "tmplfields.def"
#undef TF
};

const char *tf_name(enum tf f)
{
	return (unsigned)f < TF__COUNT ? tf_names[f] : NULL;
}

enum tf tf_lookup(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < TF__COUNT; i++)
		if (strncmp(tf_names[i], name, n) == 0 &&
		    tf_names[i][n] == '\0')
			return (enum tf)i;
	return TF__COUNT;
}

/* ---- data ---------------------------------------------------------------- */

enum tv_kind {
	TV_STR,
	TV_INT,   /* s holds the decimal */
	TV_BOOL,
	TV_HTML,  /* sanitizer output */
	TV_LIST,
};

struct tv_ent {
	struct tv_ent *next;
	enum tf f;
	enum tv_kind kind;
	int truth;          /* what a section tests, computed when set */
	const char *s;      /* TV_STR, TV_INT, TV_HTML */
	size_t len;
	struct tv *first;   /* TV_LIST */
	struct tv *last;
};

struct tv {
	struct arena *a;
	struct tv_ent *ents;
	struct tv *next;    /* the next item of the list this one is in */
};

struct tv *tv_new(struct arena *a)
{
	struct tv *o = arena_zalloc(a, sizeof(*o));

	o->a = a;
	return o;
}

/* The entry of f in o, created when missing and cleared for a new value. */
static struct tv_ent *tv_slot(struct tv *o, enum tf f)
{
	struct tv_ent *e;

	assert(o != NULL && (unsigned)f < TF__COUNT);
	for (e = o->ents; e != NULL; e = e->next)
		if (e->f == f)
			break;
	if (e == NULL) {
		e = arena_zalloc(o->a, sizeof(*e));
		e->f = f;
		e->next = o->ents;
		o->ents = e;
	}
	e->s = NULL;
	e->len = 0;
	e->first = e->last = NULL;
	return e;
}

static void tv_unset(struct tv *o, enum tf f)
{
	struct tv_ent **pe;

	assert(o != NULL);
	for (pe = &o->ents; *pe != NULL; pe = &(*pe)->next)
		if ((*pe)->f == f) {
			*pe = (*pe)->next;
			return;
		}
}

static void tv_text(struct tv *o, enum tf f, enum tv_kind kind,
    const char *s)
{
	struct tv_ent *e;

	if (s == NULL) {
		tv_unset(o, f);
		return;
	}
	e = tv_slot(o, f);
	e->kind = kind;
	e->len = strlen(s);
	e->s = arena_strndup(o->a, s, e->len);
	e->truth = e->len > 0;
}

void tv_str(struct tv *o, enum tf f, const char *s)
{
	tv_text(o, f, TV_STR, s);
}

void tv_sanitized(struct tv *o, enum tf f, const char *html)
{
	tv_text(o, f, TV_HTML, html);
}

void tv_int(struct tv *o, enum tf f, long long v)
{
	struct tv_ent *e = tv_slot(o, f);

	e->kind = TV_INT;
	e->s = arena_printf(o->a, "%lld", v);
	e->len = strlen(e->s);
	e->truth = v != 0;
}

void tv_bool(struct tv *o, enum tf f, int v)
{
	struct tv_ent *e = tv_slot(o, f);

	e->kind = TV_BOOL;
	e->truth = v != 0;
}

/* A field that holds anything but a list becomes a new list. */
struct tv *tv_add(struct tv *o, enum tf f)
{
	struct tv_ent *e;
	struct tv *item;

	assert(o != NULL && (unsigned)f < TF__COUNT);
	for (e = o->ents; e != NULL; e = e->next)
		if (e->f == f)
			break;
	if (e == NULL || e->kind != TV_LIST) {
		e = tv_slot(o, f);
		e->kind = TV_LIST;
	}
	item = tv_new(o->a);
	if (e->last != NULL)
		e->last->next = item;
	else
		e->first = item;
	e->last = item;
	e->truth = 1;
	return item;
}

/* Strings, ints (as their decimal) and sanitized HTML read back; booleans
 * and lists are not strings. */
const char *tv_get(const struct tv *o, enum tf f)
{
	const struct tv_ent *e;

	if (o == NULL)
		return NULL;
	for (e = o->ents; e != NULL; e = e->next)
		if (e->f == f)
			return e->kind == TV_BOOL || e->kind == TV_LIST ?
			    NULL : e->s;
	return NULL;
}

/* ---- compiled form ------------------------------------------------------- */

enum node_type {
	N_TEXT,      /* s, len: a slice of the source */
	N_VAR,       /* {{f}} */
	N_RAW,       /* {{&f}} */
	N_SECTION,   /* {{#f}}: children are [this + 1, end) */
	N_INVERTED,  /* {{^f}}: the same */
	N_PARTIAL,   /* {{>s}}: partial once linked */
	N_TRANSLATE, /* {{_ s}}: s is NUL-terminated */
};

struct node {
	enum node_type type;
	enum tf f;
	int line;
	int level;                  /* sections open around this node */
	const char *s;
	size_t len;
	size_t end;
	struct tmpl *partial;
	enum tf arg[TMPL_MAX_ARGS]; /* {{_ … %s | names}}: the fields */
	int nargs;
};

enum tmpl_state { T_NEW, T_ACTIVE, T_DONE };

struct tmpl {
	const char *name;
	const char *src;            /* NUL-terminated */
	size_t srclen;
	struct node *nodes;
	size_t count;
	enum tmpl_state state;      /* for the link-time walk */
	int height;                 /* partials nested below this one */
	int depth;                  /* sections nested, through partials */
};

struct tmpl_set {
	struct arena *a;
	struct tmpl *t;             /* sorted by name */
	size_t count;
	size_t cap;
	char digest[2 * 32 + 1];
};

/* ---- errors -------------------------------------------------------------- */

/* Appends "name.html:line: message\n" (no line when line is 0). */
static void tmpl_error(struct buf *err, const char *name, int line,
    const char *fmt, ...) DAIS_PRINTF(4, 5);

static void tmpl_error(struct buf *err, const char *name, int line,
    const char *fmt, ...)
{
	va_list ap;

	if (line > 0)
		buf_printf(err, "%s.html:%d: ", name, line);
	else
		buf_printf(err, "%s.html: ", name);
	va_start(ap, fmt);
	buf_vprintf(err, fmt, ap);
	va_end(ap);
	buf_putc(err, '\n');
}

/* A name for an error message: bytes that are not printable ASCII become
 * '?' and long names are cut, so the message stays one readable line. */
static const char *shown(char *out, size_t outsz, const char *s, size_t n)
{
	size_t i, max = outsz - 4;

	for (i = 0; i < n && i < max; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	if (n > max) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

/* ---- compiler ------------------------------------------------------------ */

struct open_section {
	size_t node;
	int line;
};

struct comp {
	const char *name;           /* of the template, for errors */
	struct buf *err;
	struct node *nodes;         /* heap, grows; copied to the arena */
	size_t count;
	size_t cap;
	struct open_section open[TMPL_MAX_DEPTH];
	int nopen;
	int line;                   /* of the tag being compiled */
	struct arena *a;
};

static struct node *comp_node(struct comp *c, enum node_type type)
{
	struct node *n;

	if (c->count == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct node *p = realloc(c->nodes, cap * sizeof(*p));

		if (p == NULL)
			abort();
		c->nodes = p;
		c->cap = cap;
	}
	n = &c->nodes[c->count++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = c->line;
	n->level = c->nopen;
	return n;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((*s)[*n - 1]))
		(*n)--;
}

/* 0 when s[0..n) is a well-formed name: [a-z0-9_]+. */
static int name_check(struct comp *c, const char *s, size_t n)
{
	char show[48];
	size_t i;

	if (n == 0) {
		tmpl_error(c->err, c->name, c->line, "empty tag");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) {
			tmpl_error(c->err, c->name, c->line,
			    "bad character in name \"%s\"",
			    shown(show, sizeof(show), s, n));
			return -1;
		}
	return 0;
}

/* The field a tag names, or TF__COUNT after an error. */
static enum tf comp_field(struct comp *c, const char *s, size_t n)
{
	enum tf f;

	if (name_check(c, s, n) == -1)
		return TF__COUNT;
	f = tf_lookup(s, n);
	if (f == TF__COUNT)
		tmpl_error(c->err, c->name, c->line,
		    "unknown field \"%.*s\"", (int)n, s);
	return f;
}

static int comp_open(struct comp *c, enum node_type type, const char *s,
    size_t n)
{
	enum tf f = comp_field(c, s, n);
	struct node *nd;

	if (f == TF__COUNT)
		return -1;
	if (c->nopen == TMPL_MAX_DEPTH) {
		tmpl_error(c->err, c->name, c->line,
		    "sections nested too deeply (more than %d)",
		    TMPL_MAX_DEPTH);
		return -1;
	}
	nd = comp_node(c, type);
	nd->f = f;
	c->open[c->nopen].node = c->count - 1;
	c->open[c->nopen].line = c->line;
	c->nopen++;
	return 0;
}

static int comp_close(struct comp *c, const char *s, size_t n)
{
	struct open_section *o;
	struct node *opener;

	if (name_check(c, s, n) == -1)
		return -1;
	if (c->nopen == 0) {
		tmpl_error(c->err, c->name, c->line,
		    "{{/%.*s}} without {{#%.*s}}", (int)n, s, (int)n, s);
		return -1;
	}
	o = &c->open[c->nopen - 1];
	opener = &c->nodes[o->node];
	if (tf_lookup(s, n) != opener->f) {
		tmpl_error(c->err, c->name, c->line,
		    "{{/%.*s}} does not close {{%c%s}} of line %d", (int)n, s,
		    opener->type == N_SECTION ? '#' : '^', tf_name(opener->f),
		    o->line);
		return -1;
	}
	opener->end = c->count;
	c->nopen--;
	return 0;
}

static int comp_var(struct comp *c, int raw, const char *s, size_t n)
{
	enum tf f;

	if (raw) {
		if (name_check(c, s, n) == -1)
			return -1;
		if (n < 5 || memcmp(s + n - 5, "_html", 5) != 0) {
			tmpl_error(c->err, c->name, c->line,
			    "{{&%.*s}}: only names ending in _html may be "
			    "inserted unescaped", (int)n, s);
			return -1;
		}
	}
	if ((f = comp_field(c, s, n)) == TF__COUNT)
		return -1;
	comp_node(c, raw ? N_RAW : N_VAR)->f = f;
	return 0;
}

static int comp_partial(struct comp *c, const char *s, size_t n)
{
	struct node *nd;

	if (name_check(c, s, n) == -1)
		return -1;
	nd = comp_node(c, N_PARTIAL);
	nd->s = s;
	nd->len = n;
	return 0;
}

/* The placeholders of a msgid with fields: %s (the next field) or %N$s
 * (field N), one kind only, each field used; %% is a percent sign. The
 * number of fields they use, or -1. */
static int translate_slots(const char *s, size_t n, int nargs)
{
	int used = 0, seq = 0, pos = 0, k;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] != '%')
			continue;
		if (i + 1 < n && s[i + 1] == '%') {
			i++;
		} else if (i + 1 < n && s[i + 1] == 's') {
			seq++;
			i++;
		} else if (i + 3 < n && s[i + 1] >= '1' && s[i + 1] <= '9' &&
		    s[i + 2] == '$' && s[i + 3] == 's') {
			k = s[i + 1] - '0';
			if (k > nargs)
				return -1;
			used |= 1 << (k - 1);
			pos = 1;
			i += 3;
		} else {
			return -1;
		}
	}
	if (seq > 0 && pos)
		return -1;
	if (pos)
		return used == (1 << nargs) - 1 ? nargs : -1;
	return seq;
}

static int comp_translate(struct comp *c, const char *s, size_t n)
{
	const char *bar = NULL, *p, *end;
	struct node *nd;
	enum tf args[TMPL_MAX_ARGS];
	int nargs = 0, i;

	trim(&s, &n);
	/* "text | field field": the fields fill the text's placeholders. */
	for (p = s; p < s + n; p++)
		if (*p == '|')
			bar = p;
	if (bar != NULL) {
		for (p = bar + 1, end = s + n; p < end; ) {
			size_t k;

			while (p < end && is_space(*p))
				p++;
			for (k = 0; p + k < end && !is_space(p[k]); k++)
				;
			if (k == 0)
				break;
			if (nargs == TMPL_MAX_ARGS) {
				tmpl_error(c->err, c->name, c->line, "{{_ %.*s}}: "
				    "at most %d fields", (int)n, s,
				    TMPL_MAX_ARGS);
				return -1;
			}
			if ((args[nargs++] = comp_field(c, p, k)) == TF__COUNT)
				return -1;
			p += k;
		}
		n = (size_t)(bar - s);
		trim(&s, &n);
	}
	if (n == 0) {
		tmpl_error(c->err, c->name, c->line, "empty tag");
		return -1;
	}
	/* The text is a msgid (po/tmpl-extract.pl reads it the same way);
	 * translations are inserted as text, so the English is text too. */
	if (memchr(s, '<', n) || memchr(s, '&', n) || memchr(s, '{', n) ||
	    memchr(s, '}', n)) {
		tmpl_error(c->err, c->name, c->line, "{{_ %.*s}}: a translatable "
		    "string is text: no <, &, { or }", (int)n, s);
		return -1;
	}
	if (bar != NULL && translate_slots(s, n, nargs) != nargs) {
		tmpl_error(c->err, c->name, c->line, "{{_ %.*s}}: its "
		    "placeholders (%%s, or %%1$s %%2$s…) must use each of its "
		    "%d fields", (int)n, s, nargs);
		return -1;
	}
	nd = comp_node(c, N_TRANSLATE);
	nd->s = arena_strndup(c->a, s, n);
	nd->len = n;
	nd->nargs = nargs;
	for (i = 0; i < nargs; i++)
		nd->arg[i] = args[i];
	return 0;
}

/* One tag: s[0..n) is what lies between "{{" and "}}". */
static int comp_tag(struct comp *c, const char *s, size_t n)
{
	char sigil;

	trim(&s, &n);
	if (n == 0) {
		tmpl_error(c->err, c->name, c->line, "empty tag");
		return -1;
	}
	sigil = s[0];
	if (sigil == '\0' || strchr("!_#^/&>", sigil) == NULL)
		return comp_var(c, 0, s, n);
	s++;
	n--;
	if (sigil == '!')
		return 0;
	if (sigil == '_')
		return comp_translate(c, s, n);
	trim(&s, &n);
	switch (sigil) {
	case '#':
		return comp_open(c, N_SECTION, s, n);
	case '^':
		return comp_open(c, N_INVERTED, s, n);
	case '/':
		return comp_close(c, s, n);
	case '&':
		return comp_var(c, 1, s, n);
	default:
		return comp_partial(c, s, n);
	}
}

/* The first "{{" or "}}" (pair is '{' or '}') in [p, end), or NULL. */
static const char *find_pair(const char *p, const char *end, char pair)
{
	while (p < end && (p = memchr(p, pair, (size_t)(end - p))) != NULL) {
		if (p + 1 < end && p[1] == pair)
			return p;
		p++;
	}
	return NULL;
}

static int count_lines(const char *p, const char *end)
{
	int n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

static void comp_text(struct comp *c, const char *p, const char *end)
{
	struct node *nd;

	if (p == end)
		return;
	nd = comp_node(c, N_TEXT);
	nd->s = p;
	nd->len = (size_t)(end - p);
}

/* Parses t->src into c->nodes; errors go to c->err. */
static int comp_parse(struct comp *c, const struct tmpl *t)
{
	const char *p = t->src, *end = t->src + t->srclen, *open, *close;

	c->line = 1;
	while (p < end) {
		if ((open = find_pair(p, end, '{')) == NULL) {
			comp_text(c, p, end);
			break;
		}
		comp_text(c, p, open);
		c->line += count_lines(p, open);
		if ((close = find_pair(open + 2, end, '}')) == NULL) {
			tmpl_error(c->err, c->name, c->line,
			    "unclosed tag: \"{{\" without \"}}\"");
			return -1;
		}
		if (comp_tag(c, open + 2, (size_t)(close - open - 2)) == -1)
			return -1;
		c->line += count_lines(open, close);
		p = close + 2;
	}
	if (c->nopen > 0) {
		const struct node *o = &c->nodes[c->open[c->nopen - 1].node];

		tmpl_error(c->err, c->name, c->open[c->nopen - 1].line,
		    "unclosed section {{%c%s}}",
		    o->type == N_SECTION ? '#' : '^', tf_name(o->f));
		return -1;
	}
	return 0;
}

/* Compiles t into nodes in the set's arena. nodes is scratch space kept
 * between calls. */
static int tmpl_compile(struct tmpl_set *set, struct tmpl *t,
    struct node **nodes, size_t *cap, struct buf *err)
{
	struct comp c;
	const char *nul;
	int rc;

	if ((nul = memchr(t->src, '\0', t->srclen)) != NULL) {
		tmpl_error(err, t->name, 1 + count_lines(t->src, nul),
		    "NUL byte");
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.name = t->name;
	c.err = err;
	c.nodes = *nodes;
	c.cap = *cap;
	c.a = set->a;
	rc = comp_parse(&c, t);
	*nodes = c.nodes;
	*cap = c.cap;
	if (rc == -1)
		return -1;
	t->count = c.count;
	t->nodes = arena_alloc(set->a, (c.count ? c.count : 1) *
	    sizeof(*t->nodes));
	if (c.count > 0)
		memcpy(t->nodes, c.nodes, c.count * sizeof(*t->nodes));
	return 0;
}

/* ---- linking partials ---------------------------------------------------- */

static int tmpl_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tmpl *)a)->name,
	    ((const struct tmpl *)b)->name);
}

/* Binary search of the sorted set for the name s[0..n). */
static struct tmpl *tmpl_find(const struct tmpl_set *set, const char *s,
    size_t n)
{
	size_t lo = 0, hi = set->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *name = set->t[mid].name;
		int d = strncmp(name, s, n);

		if (d == 0 && name[n] != '\0')
			d = 1;
		if (d == 0)
			return &set->t[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Points every partial node at its template; reports every unknown one. */
static int tmpl_link(struct tmpl_set *set, struct buf *err)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < set->count; i++) {
		struct tmpl *t = &set->t[i];

		for (j = 0; j < t->count; j++) {
			struct node *nd = &t->nodes[j];

			if (nd->type != N_PARTIAL)
				continue;
			nd->partial = tmpl_find(set, nd->s, nd->len);
			if (nd->partial == NULL) {
				tmpl_error(err, t->name, nd->line,
				    "unknown partial \"%.*s\"",
				    (int)nd->len, nd->s);
				rc = -1;
			}
		}
	}
	return rc;
}

static void cycle_error(struct buf *err, const struct tmpl *const *path,
    int npath, const struct node *nd)
{
	struct buf chain;
	int i = 0;

	buf_init(&chain);
	while (path[i] != nd->partial)
		i++;
	for (; i < npath; i++)
		buf_printf(&chain, "%s > ", path[i]->name);
	buf_puts(&chain, nd->partial->name);
	tmpl_error(err, path[npath - 1]->name, nd->line, "partial cycle: %s",
	    chain.s);
	buf_free(&chain);
}

/* Depth-first walk from t over its partials: finds cycles and computes
 * height and depth, bounding both. path holds the templates being walked
 * (npath of them, t last); it is never longer than TMPL_MAX_PARTIALS + 1. */
static int tmpl_measure(struct tmpl *t, const struct tmpl **path, int npath,
    struct buf *err)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		const struct node *nd = &t->nodes[i];
		struct tmpl *p = nd->partial;

		if (nd->type == N_SECTION || nd->type == N_INVERTED) {
			if (nd->level + 1 > t->depth)
				t->depth = nd->level + 1;
			continue;
		}
		if (nd->type != N_PARTIAL)
			continue;
		if (p->state == T_ACTIVE) {
			cycle_error(err, path, npath, nd);
			return -1;
		}
		if (p->state == T_NEW && npath <= TMPL_MAX_PARTIALS) {
			p->state = T_ACTIVE;
			path[npath] = p;
			if (tmpl_measure(p, path, npath + 1, err) == -1)
				return -1;
			p->state = T_DONE;
		}
		if (p->state != T_DONE || p->height + 1 > TMPL_MAX_PARTIALS) {
			tmpl_error(err, t->name, nd->line,
			    "partials nested too deeply (more than %d)",
			    TMPL_MAX_PARTIALS);
			return -1;
		}
		if (nd->level + p->depth > TMPL_MAX_DEPTH) {
			tmpl_error(err, t->name, nd->line,
			    "sections nested too deeply through partial "
			    "\"%s\" (more than %d)", p->name, TMPL_MAX_DEPTH);
			return -1;
		}
		if (p->height + 1 > t->height)
			t->height = p->height + 1;
		if (nd->level + p->depth > t->depth)
			t->depth = nd->level + p->depth;
	}
	return 0;
}

static int tmpl_check(struct tmpl_set *set, struct buf *err)
{
	const struct tmpl *path[TMPL_MAX_PARTIALS + 1];
	size_t i;

	for (i = 0; i < set->count; i++) {
		struct tmpl *t = &set->t[i];

		if (t->state != T_NEW)
			continue;
		t->state = T_ACTIVE;
		path[0] = t;
		if (tmpl_measure(t, path, 1, err) == -1)
			return -1;
		t->state = T_DONE;
	}
	return 0;
}

/* ---- building a set ------------------------------------------------------ */

static struct tmpl_set *set_new(void)
{
	struct arena *a = arena_new();
	struct tmpl_set *set = arena_zalloc(a, sizeof(*set));

	set->a = a;
	return set;
}

void tmpl_free(struct tmpl_set *set)
{
	if (set != NULL) {
		free(set->t);
		arena_free(set->a);
	}
}

/* Adds a template whose name and source are already in the set's arena. */
static void set_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len)
{
	struct tmpl *t;

	if (set->count == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 16;
		struct tmpl *p = realloc(set->t, cap * sizeof(*p));

		if (p == NULL)
			abort();
		set->t = p;
		set->cap = cap;
	}
	t = &set->t[set->count++];
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->src = src;
	t->srclen = len;
}

static int name_valid(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

/* Names and sizes of every template, before any is compiled. */
static int set_check_names(struct tmpl_set *set, struct buf *err)
{
	size_t i;
	int rc = 0;

	if (set->count > TMPL_MAX_COUNT) {
		buf_printf(err, "more than %d templates\n", TMPL_MAX_COUNT);
		return -1;
	}
	for (i = 0; i < set->count; i++) {
		const struct tmpl *t = &set->t[i];

		if (!name_valid(t->name)) {
			tmpl_error(err, t->name, 0,
			    "bad template name (names are [a-z0-9_]+)");
			rc = -1;
		} else if (i > 0 && strcmp(t->name, set->t[i - 1].name) == 0) {
			tmpl_error(err, t->name, 0, "duplicate template");
			rc = -1;
		}
		if (t->srclen > TMPL_MAX_SIZE) {
			tmpl_error(err, t->name, 0,
			    "too large (more than %d bytes)", TMPL_MAX_SIZE);
			rc = -1;
		}
	}
	return rc;
}

/* BLAKE2b-256 over the engine version and every name and source, in name
 * order, each with its length so that no two sets hash alike. */
static void set_digest(struct tmpl_set *set)
{
	crypto_generichash_state st;
	unsigned char h[32];
	char len[32];
	size_t i;

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)
	    TMPL_ENGINE_VERSION, sizeof(TMPL_ENGINE_VERSION));
	for (i = 0; i < set->count; i++) {
		const struct tmpl *t = &set->t[i];

		snprintf(len, sizeof(len), "%zu:%zu:", strlen(t->name),
		    t->srclen);
		crypto_generichash_update(&st, (const unsigned char *)len,
		    strlen(len));
		crypto_generichash_update(&st, (const unsigned char *)t->name,
		    strlen(t->name));
		crypto_generichash_update(&st, (const unsigned char *)t->src,
		    t->srclen);
	}
	crypto_generichash_final(&st, h, sizeof(h));
	hex_encode(set->digest, h, sizeof(h));
}

/* Sorts, checks, compiles and links the templates added to set; frees it
 * and returns NULL on any error. Every file's first error is reported. */
static struct tmpl_set *set_build(struct tmpl_set *set, struct buf *err)
{
	struct node *scratch = NULL;
	size_t cap = 0, i;
	int rc = 0;

	if (set->count > 0)
		qsort(set->t, set->count, sizeof(*set->t), tmpl_cmp);
	if (set_check_names(set, err) == -1)
		goto fail;
	for (i = 0; i < set->count; i++)
		if (tmpl_compile(set, &set->t[i], &scratch, &cap, err) == -1)
			rc = -1;
	free(scratch);
	if (rc == -1 || tmpl_link(set, err) == -1 ||
	    tmpl_check(set, err) == -1)
		goto fail;
	if (sodium_init() < 0) {
		buf_puts(err, "templates: cannot initialize libsodium\n");
		goto fail;
	}
	set_digest(set);
	return set;
fail:
	tmpl_free(set);
	return NULL;
}

struct tmpl_set *tmpl_load_mem(const char *const *names,
    const char *const *srcs, size_t count, struct buf *err)
{
	struct tmpl_set *set = set_new();
	size_t i, len;

	for (i = 0; i < count; i++) {
		assert(names[i] != NULL && srcs[i] != NULL);
		len = strlen(srcs[i]);
		set_add(set, arena_strdup(set->a, names[i]),
		    arena_strndup(set->a, srcs[i], len), len);
	}
	return set_build(set, err);
}

/* Reads the file name in the directory dfd into the set's arena. Returns
 * the source, or NULL with an error for name.html (stem). */
static char *read_source(struct tmpl_set *set, int dfd, const char *file,
    const char *stem, size_t *len, struct buf *err)
{
	struct buf b;
	struct stat sb;
	char chunk[16384], *src = NULL;
	ssize_t r;
	int fd;

	if ((fd = openat(dfd, file, O_RDONLY | O_CLOEXEC)) == -1) {
		tmpl_error(err, stem, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	buf_init(&b);
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		tmpl_error(err, stem, 0, "cannot read: not a regular file");
		goto out;
	}
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			tmpl_error(err, stem, 0, "cannot read: %s",
			    strerror(errno));
			goto out;
		}
		buf_put(&b, chunk, (size_t)r);
		if (b.len > TMPL_MAX_SIZE)
			break; /* set_check_names says so */
	}
	*len = b.len;
	src = arena_strndup(set->a, b.s, b.len);
out:
	buf_free(&b);
	close(fd);
	return src;
}

/* Every *.html file of dir but hidden ones; other files are ignored. */
struct tmpl_set *tmpl_load(const char *dir, struct buf *err)
{
	struct tmpl_set *set;
	struct dirent *de;
	DIR *d;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		buf_printf(err, "%s: cannot open: %s\n", dir, strerror(errno));
		return NULL;
	}
	set = set_new();
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name), len = 0;
		char *stem, *src;

		if (de->d_name[0] == '.' || n <= 5 ||
		    strcmp(de->d_name + n - 5, ".html") != 0)
			continue;
		stem = arena_strndup(set->a, de->d_name, n - 5);
		src = read_source(set, dirfd(d), de->d_name, stem, &len, err);
		if (src == NULL)
			rc = -1;
		else
			set_add(set, stem, src, len);
	}
	closedir(d);
	if (rc == -1) {
		tmpl_free(set);
		return NULL;
	}
	return set_build(set, err);
}

const struct tmpl *tmpl_get(const struct tmpl_set *set, const char *name)
{
	if (set == NULL || name == NULL)
		return NULL;
	return tmpl_find(set, name, strlen(name));
}

const char *tmpl_digest(const struct tmpl_set *set)
{
	return set->digest;
}

/* ---- rendering ----------------------------------------------------------- */

/* The data of a section level: its item (or the same data again for a
 * boolean section), then the levels around it. */
struct ctx {
	const struct tv *tv;
	const struct ctx *up;
};

static const struct tv_ent *ctx_find(const struct ctx *c, enum tf f)
{
	const struct tv_ent *e;

	for (; c != NULL; c = c->up) {
		if (c->tv == NULL)
			continue;
		for (e = c->tv->ents; e != NULL; e = e->next)
			if (e->f == f)
				return e;
	}
	return NULL;
}

/* {{f}} escapes; {{&f_html}} inserts sanitizer output as is and escapes
 * anything else. Booleans and lists print nothing. Values can land in
 * element text or in quoted attributes: the escaper handles both. */
static void render_value(const struct tv_ent *e, int raw, struct buf *out)
{
	if (e == NULL || e->kind == TV_BOOL || e->kind == TV_LIST)
		return;
	if (raw && e->kind == TV_HTML)
		buf_put(out, e->s, e->len);
	else
		html_attr(out, e->s, e->len);
}

static void render_nodes(const struct node *n, size_t from, size_t to,
    const struct ctx *c, struct buf *out);

/* {{_ text | fields}}: the translation in the language i18n_use() set,
 * escaped like a field, its placeholders replaced by the fields' values
 * (escaped). A placeholder is %s or %N$s; flags, width and precision,
 * which msgfmt --check lets a translation add (%-10s, %.3s), are read and
 * ignored; anything else after % comes out as written. */
static void render_translation(const struct node *nd, const struct ctx *c,
    struct buf *out)
{
	const char *t = _(nd->s), *p, *run, *q;
	int next = 0, k;

	if (nd->nargs == 0) {
		html_text(out, t, strlen(t));
		return;
	}
	for (p = run = t; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		html_text(out, run, (size_t)(p - run));
		run = p;
		if (p[1] == '%') {
			buf_putc(out, '%');
			run = ++p + 1;
			continue;
		}
		q = p + 1;
		k = -1;
		if (*q >= '1' && *q <= '9' && q[1] == '$') {
			k = *q - '1';
			q += 2;
		}
		q += strspn(q, "-+ #0123456789.");
		if (*q != 's')
			continue; /* not a placeholder: written out */
		if (k < 0)
			k = next++;
		if (k < nd->nargs)
			render_value(ctx_find(c, nd->arg[k]), 0, out);
		p = q;
		run = p + 1;
	}
	html_text(out, run, (size_t)(p - run));
}

static void render_section(const struct node *n, size_t i,
    const struct ctx *c, struct buf *out)
{
	const struct tv_ent *e = ctx_find(c, n[i].f);
	const struct tv *item;
	struct ctx inner;

	if (e == NULL || !e->truth)
		return;
	if (e->kind != TV_LIST) {
		render_nodes(n, i + 1, n[i].end, c, out);
		return;
	}
	for (item = e->first; item != NULL; item = item->next) {
		inner.tv = item;
		inner.up = c;
		render_nodes(n, i + 1, n[i].end, &inner, out);
	}
}

static void render_nodes(const struct node *n, size_t from, size_t to,
    const struct ctx *c, struct buf *out)
{
	const struct tv_ent *e;
	size_t i = from;

	while (i < to) {
		const struct node *nd = &n[i];

		switch (nd->type) {
		case N_TEXT:
			buf_put(out, nd->s, nd->len);
			break;
		case N_VAR:
		case N_RAW:
			render_value(ctx_find(c, nd->f), nd->type == N_RAW,
			    out);
			break;
		case N_SECTION:
			render_section(n, i, c, out);
			i = nd->end;
			continue;
		case N_INVERTED:
			e = ctx_find(c, nd->f);
			if (e == NULL || !e->truth)
				render_nodes(n, i + 1, nd->end, c, out);
			i = nd->end;
			continue;
		case N_PARTIAL:
			render_nodes(nd->partial->nodes, 0,
			    nd->partial->count, c, out);
			break;
		case N_TRANSLATE:
			render_translation(nd, c, out);
			break;
		}
		i++;
	}
}

void tmpl_render(const struct tmpl *t, const struct tv *data,
    struct buf *out)
{
	struct ctx top = { data, NULL };

	assert(t != NULL);
	render_nodes(t->nodes, 0, t->count, &top, out);
}
