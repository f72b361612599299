/* sanitize.c — the allowlist HTML sanitizer: HTML in, safe HTML out.
 *
 * libxml2's HTML parser tokenizes the input and reports elements through
 * SAX; this file builds its own small tree from those events, keeping only
 * what the allowlist names, fixes the tree up to a content model that every
 * HTML parser reads back the same way, and writes it out with its own
 * escaping. Nothing that libxml2 serializes ever reaches the output.
 *
 * The allowlist — elements:
 *
 *   p  h2 h3 h4  blockquote  ul ol li  table thead tbody tr td th
 *   em strong  a  br hr
 *
 * attributes (all others, style, class, id and every on* included, go):
 *   a: href (http:// and https:// with a host, or mailto:) and title, and
 *      rel="nofollow noopener" is added; an a without a valid href is
 *      unwrapped;
 *   ol: start (digits), type (1 a A i I); td, th: colspan, rowspan
 *   (digits, 1..1000);
 *   th: scope (row|col|rowgroup|colgroup); p, h*, blockquote, lists, li,
 *   table parts: dir (ltr|rtl|auto), for right-to-left text.
 *
 * mappings: h1 -> h2; h5, h6 -> h4; b -> strong; i -> em; tfoot -> tbody;
 *   dir, menu -> ul; pre, listing -> p, with a <br> for each line break and
 *   no-break spaces for the indentation of a line (the newline right after
 *   <pre> is dropped, as browsers do).
 * from pasted documents, as a browser shows them:
 *   - an element unwrapped (span, font…) whose style says font-weight bold,
 *     bolder or 600 and more (Google Docs: font-weight:700) -> strong, and
 *     font-style italic or oblique -> em (both: <strong><em>); b, strong,
 *     i, em whose style says normal are unwrapped (Google Docs wraps a
 *     whole paste in <b style="font-weight:normal">);
 *   - Word's list paragraphs (<p style="mso-list:l0 level2 lfo1">) in a row
 *     -> a list nested by level: <ol> (with type and start) when the
 *     marker is a number or letter and '.' or ')', else <ul>; the marker
 *     (the text that starts the mso-list:Ignore span: "·" and no-break
 *     spaces) goes;
 *   - tables: the first thead is written first and the first tfoot last,
 *     where CSS shows them, later theads as tbody; what is no part of a
 *     table (text, blocks) goes before it, as browsers foster it, then its
 *     caption as a paragraph; cells and rows outside any table are
 *     paragraphs of their own (browsers run their text together);
 *   - character references in text are read as browsers read them (before
 *     libxml2 sees them, refs_copy()): the legacy names without ';'
 *     (&amp, &copy…: libxml2 shows "&amp"), numeric ones without ';',
 *     &#0;, surrogates and values past U+10FFFF as U+FFFD, &#128;..&#159;
 *     as windows-1252; "&#" without digits, and "<" or "</" at the very end,
 *     stay text (libxml2 drops them); a form feed is a space.
 *
 * dropped with all their content: script style iframe object applet form
 *   button select option optgroup datalist textarea svg math head title xmp
 *   noembed noframes noscript plaintext template slot portal picture video
 *   audio canvas map frameset colgroup dialog meter progress output, and
 *   xml (Word's metadata island); also a prefixed name whose local part is
 *   one of these (svg:script).
 * dropped, their (libxml2-given) content kept: the void elements of HTML5
 *   (img image input embed source track wbr area base meta link frame param
 *   col keygen basefont bgsound isindex): a browser gives them no content,
 *   but libxml2 knows only HTML4's void elements and nests what follows an
 *   <embed> inside it.
 * unwrapped (the tag goes, the content stays): every other element — span,
 *   font, u, code, Word's o:p, v:shape… Block-like ones (div, section,
 *   article, dl/dt/dd, center, figure, caption, address…) turn each run of
 *   their inline content into a <p>, so that lines do not run together.
 * Comments, processing instructions, doctypes and CDATA are dropped. Text is
 * written with html_text(), attribute values with html_attr() in double
 * quotes (and a backtick as &#96;, which old IE took for a quote). C0
 * controls but tab and newline, DEL and C1 controls are dropped from text;
 * CR LF and CR become LF. A letter keeps at most MARKS_MAX (30) combining
 * marks in a row, in text and in a title: the rest are dropped (hundreds
 * stacked on one letter take a browser seconds to minutes to lay out).
 *
 * The content model of the output, so that browsers and libxml2 both build
 * the very tree written, and sanitizing the output again gives it back:
 *   - flow containers (the fragment, blockquote, li, td, th) hold blocks and
 *     inline content; p, h2–h4, em, strong and a hold inline content only
 *     (text, em, strong, a, br); a block met inside inline content splits
 *     it: <p>a<span><ul>…</ul></span>b</p> gives <p>a</p><ul>…</ul><p>b</p>;
 *   - ul and ol hold only li (stray content is wrapped in one); li, td, th
 *     and table parts out of place are unwrapped;
 *   - table holds only thead/tbody, which hold only tr, which holds only
 *     td/th; tbody is always written; stray content gets the missing cell,
 *     row or body around it;
 *   - no a inside an a (the inner one is unwrapped); empty p, h*, ul, ol,
 *     blockquote and table parts are left out, and so are <br> at the end
 *     of a p and whitespace at the edges of blocks;
 *   - every element is closed explicitly (br and hr are void); between
 *     blocks a newline is written, which the fix-ups trim again;
 *   - the output is no deeper than MARKUP_MAX_DEPTH.
 *
 * Traps of libxml2 2.9.14 and how each is handled:
 *   - a comment inside an attribute value is written back raw by its
 *     serializer: its serializer is never used; values are escaped here.
 *   - only script and style are raw text to it, while browsers also treat
 *     textarea, title, xmp, iframe, noembed, noframes, noscript and
 *     plaintext specially (and style inside svg/math as markup): all are
 *     dropped with whatever libxml2 put inside them, and every text and
 *     attribute value is escaped on output, so no other reading of them can
 *     turn text into markup.
 *   - it ends comments only at "-->", where browsers also end them at
 *     "--!>" and take "<!-->" and "<!--->" as whole (empty) comments:
 *     input_prepare() removes every comment, as browsers delimit it, before
 *     parsing (outside script and style, raw text to both), so what follows
 *     is read as browsers read it — Word's "<!--[if gte mso 9]>…<![endif]-->"
 *     included. It also removes, up to their '>', the other constructs that
 *     browsers read as bogus comments and libxml2 as text or half a PI:
 *     "<![…" (Word's conditional comments, CDATA), "<!x…", "<?…" and "</"
 *     without a letter.
 *   - its serializer strips leading blanks from href and URI-escapes it:
 *     the href is checked as the very string written (trimmed of what
 *     browsers trim; any control character left, tab and newline included,
 *     refuses it) and written with html_attr(), so a browser resolves that
 *     same string. Entities are decoded before the check, and the '&' of any
 *     it did not know is escaped, so none can hide a scheme.
 *   - with no encoding given, one bad byte switches it to Latin-1, and a
 *     <meta charset> can switch it too: the input must be valid UTF-8
 *     without NUL, UTF-8 is forced and HTML_PARSE_IGNORE_ENC set.
 *   - nesting deeper than 256 stops its parse and silently drops the rest:
 *     the SAX handlers count open elements (inside dropped ones too) and
 *     refuse input deeper than MARKUP_MAX_DEPTH before that can happen.
 *   - tens of thousands of attributes on one tag take seconds (each is
 *     compared with all before it): attrs_too_many() bounds the attributes
 *     of every start tag that libxml2 could read, before parsing, by running
 *     its attribute loop from every "<name" at once in one linear pass;
 *     from every one, so that no disagreement about where tags are (in a
 *     comment, a value, a script) can hide a tag from it.
 *   - its list of event attributes knows only HTML4's: irrelevant, only
 *     allowlisted attributes are ever kept.
 *   - its XML serializer writes <textarea/>, which browsers read as an open
 *     tag: unused; every tag is written here, none XML-style.
 *   - found here: its dictionary of names stops growing its hash table, so
 *     each new distinct name (element, attribute, entity) costs more than
 *     the last; tags that raise no SAX event (end tags closing nothing,
 *     misplaced <body>) feed it too. The input is fed to it in chunks and
 *     refused past NAME_LIMIT names. (xmlDictSetLimit() would make a lookup
 *     fail, and 2.9.14 then loops for ever.)
 *   - found here: in its tree a prefixed name loses the prefix (<o:p> would
 *     be a p); the SAX events carry the whole name.
 *
 * Cost: linear in the input (a 1 MB document takes some tens of ms). Nodes
 * live in an arena freed at the end; text is copied once.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/dict.h>

#include "i18n.h"
#include "markup.h"
#include "unicode.h"
#include "util.h"

/* sanitize_html() also sanitizes cmark's output, which may be larger than
 * its source (markup_render() bounds the source by MARKUP_MAX_INPUT). */
#define SANITIZE_MAX_INPUT (8 * (size_t)MARKUP_MAX_INPUT)

/* Open elements while parsing: the <body> wrapper, the input's own elements
 * up to MARKUP_MAX_DEPTH, and the root frame. */
#define STACK_MAX (MARKUP_MAX_DEPTH + 2)

/* Distinct names (of elements, attributes, entities) that libxml2's
 * dictionary may hold for one input, where real documents use dozens: its
 * lookups slow down with every name once its hash table stops growing
 * (120000 names take 0.2 s, four times as many 16 times as long). The
 * input is fed to it FEED_CHUNK bytes at a time, and checked in between. */
#define NAME_LIMIT 10000
#define FEED_CHUNK 4096

/* One literal, so that xgettext sees it: the number is MARKUP_MAX_DEPTH. */
#define MSG_DEPTH N_("nests elements more than 64 levels deep")
_Static_assert(MARKUP_MAX_DEPTH == 64, "MSG_DEPTH names MARKUP_MAX_DEPTH");
_Static_assert(MARKUP_MAX_ATTRS == 64, "a message names MARKUP_MAX_ATTRS");

/* libxml2 reads at most this many characters of a name at once. */
#define LIBXML_NAME_CHUNK 100

enum tag {
	T_TEXT, T_ROOT,
	T_P, T_H2, T_H3, T_H4, T_BLOCKQUOTE, T_UL, T_OL, T_LI, T_HR,
	T_TABLE, T_THEAD, T_TBODY, T_TR, T_TD, T_TH,
	T_EM, T_STRONG, T_A, T_BR,
};

static const char *const tag_names[] = {
	[T_P] = "p", [T_H2] = "h2", [T_H3] = "h3", [T_H4] = "h4",
	[T_BLOCKQUOTE] = "blockquote", [T_UL] = "ul", [T_OL] = "ol",
	[T_LI] = "li", [T_HR] = "hr", [T_TABLE] = "table",
	[T_THEAD] = "thead", [T_TBODY] = "tbody", [T_TR] = "tr",
	[T_TD] = "td", [T_TH] = "th", [T_EM] = "em", [T_STRONG] = "strong",
	[T_A] = "a", [T_BR] = "br",
};

static int is_phrasing(int tag)
{
	return tag == T_TEXT || tag == T_EM || tag == T_STRONG ||
	    tag == T_A || tag == T_BR;
}

#define is_block(tag) (!is_phrasing(tag))

static int is_table_part(int tag)
{
	return tag == T_THEAD || tag == T_TBODY || tag == T_TR ||
	    tag == T_TD || tag == T_TH;
}

/* What becomes of an element of the input. */
enum action {
	ACT_INLINE, /* unwrap: the content stays where the element was */
	ACT_BLOCK,  /* unwrap, each run of inline content becomes a <p> */
	ACT_PRE,    /* as ACT_BLOCK, and line breaks become <br> */
	ACT_DROP,   /* dropped with all its content */
	ACT_VOID,   /* void to browsers: dropped, but what libxml2 puts inside
	             * (it knows only HTML4's void elements) follows it */
	ACT_KEEP,   /* kept as tag */
	ACT_MARKER, /* Word's list marker: dropped if it is one (word_marker) */
	ACT_CAPTION, /* as ACT_BLOCK, and shown first of what a table fosters */
};

struct element_rule {
	const char *name;
	unsigned char act, tag;
};

/* Sorted by name for bsearch. Names not listed are unwrapped. */
static const struct element_rule element_table[] = {
	{ "a", ACT_KEEP, T_A },
	{ "address", ACT_BLOCK, 0 },
	{ "applet", ACT_DROP, 0 },
	{ "area", ACT_VOID, 0 },
	{ "article", ACT_BLOCK, 0 },
	{ "aside", ACT_BLOCK, 0 },
	{ "audio", ACT_DROP, 0 },
	{ "b", ACT_KEEP, T_STRONG },
	{ "base", ACT_VOID, 0 },
	{ "basefont", ACT_VOID, 0 },
	{ "bgsound", ACT_VOID, 0 },
	{ "blockquote", ACT_KEEP, T_BLOCKQUOTE },
	{ "br", ACT_KEEP, T_BR },
	{ "button", ACT_DROP, 0 },
	{ "canvas", ACT_DROP, 0 },
	{ "caption", ACT_CAPTION, 0 },
	{ "center", ACT_BLOCK, 0 },
	{ "col", ACT_VOID, 0 },
	{ "colgroup", ACT_DROP, 0 },
	{ "datalist", ACT_DROP, 0 },
	{ "dd", ACT_BLOCK, 0 },
	{ "details", ACT_BLOCK, 0 },
	{ "dialog", ACT_DROP, 0 },
	{ "dir", ACT_KEEP, T_UL },
	{ "div", ACT_BLOCK, 0 },
	{ "dl", ACT_BLOCK, 0 },
	{ "dt", ACT_BLOCK, 0 },
	{ "em", ACT_KEEP, T_EM },
	{ "embed", ACT_VOID, 0 },
	{ "fieldset", ACT_BLOCK, 0 },
	{ "figcaption", ACT_BLOCK, 0 },
	{ "figure", ACT_BLOCK, 0 },
	{ "footer", ACT_BLOCK, 0 },
	{ "form", ACT_DROP, 0 },
	{ "frame", ACT_VOID, 0 },
	{ "frameset", ACT_DROP, 0 },
	{ "h1", ACT_KEEP, T_H2 },
	{ "h2", ACT_KEEP, T_H2 },
	{ "h3", ACT_KEEP, T_H3 },
	{ "h4", ACT_KEEP, T_H4 },
	{ "h5", ACT_KEEP, T_H4 },
	{ "h6", ACT_KEEP, T_H4 },
	{ "head", ACT_DROP, 0 },
	{ "header", ACT_BLOCK, 0 },
	{ "hgroup", ACT_BLOCK, 0 },
	{ "hr", ACT_KEEP, T_HR },
	{ "i", ACT_KEEP, T_EM },
	{ "iframe", ACT_DROP, 0 },
	{ "image", ACT_VOID, 0 },
	{ "img", ACT_VOID, 0 },
	{ "input", ACT_VOID, 0 },
	{ "isindex", ACT_VOID, 0 },
	{ "keygen", ACT_VOID, 0 },
	{ "legend", ACT_BLOCK, 0 },
	{ "li", ACT_KEEP, T_LI },
	{ "link", ACT_VOID, 0 },
	{ "listing", ACT_PRE, 0 },
	{ "main", ACT_BLOCK, 0 },
	{ "map", ACT_DROP, 0 },
	{ "math", ACT_DROP, 0 },
	{ "menu", ACT_KEEP, T_UL },
	{ "meta", ACT_VOID, 0 },
	{ "meter", ACT_DROP, 0 },
	{ "nav", ACT_BLOCK, 0 },
	{ "noembed", ACT_DROP, 0 },
	{ "noframes", ACT_DROP, 0 },
	{ "noscript", ACT_DROP, 0 },
	{ "object", ACT_DROP, 0 },
	{ "ol", ACT_KEEP, T_OL },
	{ "optgroup", ACT_DROP, 0 },
	{ "option", ACT_DROP, 0 },
	{ "output", ACT_DROP, 0 },
	{ "p", ACT_KEEP, T_P },
	{ "param", ACT_VOID, 0 },
	{ "picture", ACT_DROP, 0 },
	{ "plaintext", ACT_DROP, 0 },
	{ "portal", ACT_DROP, 0 },
	{ "pre", ACT_PRE, 0 },
	{ "progress", ACT_DROP, 0 },
	{ "script", ACT_DROP, 0 },
	{ "search", ACT_BLOCK, 0 },
	{ "section", ACT_BLOCK, 0 },
	{ "select", ACT_DROP, 0 },
	{ "slot", ACT_DROP, 0 },
	{ "source", ACT_VOID, 0 },
	{ "strong", ACT_KEEP, T_STRONG },
	{ "style", ACT_DROP, 0 },
	{ "summary", ACT_BLOCK, 0 },
	{ "svg", ACT_DROP, 0 },
	{ "table", ACT_KEEP, T_TABLE },
	{ "tbody", ACT_KEEP, T_TBODY },
	{ "td", ACT_KEEP, T_TD },
	{ "template", ACT_DROP, 0 },
	{ "textarea", ACT_DROP, 0 },
	{ "tfoot", ACT_KEEP, T_TBODY },
	{ "th", ACT_KEEP, T_TH },
	{ "thead", ACT_KEEP, T_THEAD },
	{ "title", ACT_DROP, 0 },
	{ "tr", ACT_KEEP, T_TR },
	{ "track", ACT_VOID, 0 },
	{ "ul", ACT_KEEP, T_UL },
	{ "video", ACT_DROP, 0 },
	{ "wbr", ACT_VOID, 0 },
	{ "xml", ACT_DROP, 0 },
	{ "xmp", ACT_DROP, 0 },
};

static int rule_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct element_rule *)elem)->name);
}

static const struct element_rule *element_rule(const char *name)
{
	return bsearch(name, element_table, ARRAY_LEN(element_table),
	    sizeof(element_table[0]), rule_cmp);
}

/* ---- the tree ------------------------------------------------------------ */

struct seg {
	struct seg *next;
	const char *s;
	size_t n;
};

enum dir { DIR_NONE, DIR_LTR, DIR_RTL, DIR_AUTO };
enum scope { SCOPE_NONE, SCOPE_ROW, SCOPE_COL, SCOPE_ROWGROUP,
	SCOPE_COLGROUP };

/* The attributes kept, on the few elements that have any. */
struct attrs {
	const char *href, *title;     /* a; href validated */
	size_t href_n, title_n;
	unsigned long start;          /* ol */
	unsigned colspan, rowspan;    /* td, th; 0 when absent */
	unsigned char scope, has_start;
	char type;                    /* ol: '1' 'a' 'A' 'i' 'I', or 0 */
};

struct node {
	struct node *next;
	union {
		struct {              /* elements */
			struct node *kid, *kid_last;
		};
		struct {              /* T_TEXT */
			struct seg *seg, *seg_last;
		};
	};
	struct attrs *at;             /* NULL when none */
	unsigned char tag;
	unsigned char blank;          /* T_TEXT of ASCII whitespace only */
	unsigned char dir;
	unsigned char list_level;     /* p: Word's list paragraph, 1..9 */
	unsigned char list_ord;       /* and its marker's numbering: '1',
	                               * 'a', 'A', 'i', 'I'; 0: a bullet */
	unsigned long list_start;     /* and its number, for '1' */
	unsigned char foot;           /* tbody: was a tfoot */
	unsigned char caption;        /* made of a table's caption */
};

struct list {
	struct node *head, *tail;
};

struct frame {
	unsigned char act;
	unsigned char em_too; /* a <strong> that is italic too (style) */
	struct node *el;      /* ACT_KEEP */
	struct list kids;
};

struct san {
	struct arena *arena;
	struct frame stack[STACK_MAX];
	int depth;            /* frames in use; stack[0] is the root */
	int dropped;          /* open elements inside a dropped element */
	int in_a;             /* open links with an href */
	int in_pre;           /* open pre elements */
	int pre_fresh;        /* nothing yet since a <pre> opened */
	int pre_line_start;   /* in a pre, at the start of a line */
	size_t marker_n;
	char marker[16];      /* its text, the start of it */
	const char *msg;      /* set: refused */
	xmlParserCtxtPtr ctxt;
};

static struct node *node_new(struct san *s, int tag)
{
	struct node *n = arena_zalloc(s->arena, sizeof(*n));

	n->tag = (unsigned char)tag;
	return n;
}

/* Appends n to l, merging it into l's last node when both are text: a
 * browser reads adjacent text as one node, and so must the fix-ups. */
static void list_add(struct list *l, struct node *n)
{
	struct node *t = l->tail;

	if (n->tag == T_TEXT && t != NULL && t->tag == T_TEXT) {
		t->seg_last->next = n->seg;
		t->seg_last = n->seg_last;
		t->blank = t->blank && n->blank;
		return;
	}
	n->next = NULL;
	if (t == NULL)
		l->head = n;
	else
		t->next = n;
	l->tail = n;
}

/* Moves every node of src to the end of dst. */
static void list_splice(struct list *dst, struct list *src)
{
	struct node *first = src->head, *rest;

	if (first == NULL)
		return;
	rest = first->next;
	list_add(dst, first);
	if (rest != NULL) {
		dst->tail->next = rest;
		dst->tail = src->tail;
	}
	src->head = src->tail = NULL;
}

static struct node *node_clone(struct san *s, const struct node *n)
{
	struct node *c = arena_alloc(s->arena, sizeof(*c));

	*c = *n;
	c->next = c->kid = c->kid_last = NULL;
	return c;
}

static void kids_set(struct node *n, const struct list *l)
{
	n->kid = l->head;
	n->kid_last = l->tail;
}

static struct list kids_of(const struct node *n)
{
	struct list l = { n->kid, n->kid_last };

	return l;
}

static void kid_add(struct node *n, struct node *k)
{
	struct list l = kids_of(n);

	list_add(&l, k);
	kids_set(n, &l);
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static int all_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_ws(s[i]))
			return 0;
	return 1;
}

/* Leading whitespace off text node t; 0 when nothing is left. */
static int text_trim_lead(struct node *t)
{
	struct seg *sg = t->seg;

	for (; sg != NULL; sg = sg->next) {
		while (sg->n > 0 && is_ws(sg->s[0])) {
			sg->s++;
			sg->n--;
		}
		if (sg->n > 0)
			break;
	}
	t->seg = sg;
	if (sg == NULL)
		t->seg_last = NULL;
	return sg != NULL;
}

/* Trailing whitespace off text node t; 0 when nothing is left. */
static int text_trim_trail(struct node *t)
{
	struct seg *sg, *keep = NULL;

	for (sg = t->seg; sg != NULL; sg = sg->next)
		if (!all_blank(sg->s, sg->n))
			keep = sg;
	if (keep == NULL) {
		t->seg = t->seg_last = NULL;
		return 0;
	}
	while (is_ws(keep->s[keep->n - 1]))
		keep->n--;
	keep->next = NULL;
	t->seg_last = keep;
	return 1;
}

/* Whitespace at the edges of flow content and next to blocks means nothing
 * (the serializer writes its own newline there): it is trimmed, and text
 * left empty goes. */
static void ws_pass(struct list *l)
{
	struct node *prev = NULL, *n = l->head, *next;

	for (; n != NULL; n = next) {
		next = n->next;
		if (n->tag == T_TEXT) {
			int keep = 1;

			if (prev == NULL || is_block(prev->tag))
				keep = text_trim_lead(n);
			if (keep && (next == NULL || is_block(next->tag)))
				keep = text_trim_trail(n);
			if (!keep) {
				if (prev == NULL)
					l->head = next;
				else
					prev->next = next;
				if (next == NULL)
					l->tail = prev;
				continue;
			}
		}
		prev = n;
	}
}

/* ---- content model ------------------------------------------------------- */

static int has_visible(const struct node *n)
{
	const struct node *k;

	for (k = n->kid; k != NULL; k = k->next)
		if ((k->tag == T_TEXT && !k->blank) ||
		    (k->tag != T_TEXT && k->tag != T_BR))
			return 1;
	return 0;
}

/* A paragraph or heading without trailing <br> and blank text, nor
 * whitespace at its edges; 0 when nothing is left. */
static int trim_para(struct node *n)
{
	struct node *k, *last = NULL;

	for (k = n->kid; k != NULL; k = k->next)
		if (k->tag != T_BR && !(k->tag == T_TEXT && k->blank))
			last = k;
	if (last == NULL)
		return 0;
	last->next = NULL;
	n->kid_last = last;
	if (last->tag == T_TEXT)
		text_trim_trail(last);
	if (n->kid->tag == T_TEXT && !text_trim_lead(n->kid))
		n->kid = n->kid->next;
	return 1;
}

/* One run of inline content of a p, h*, em, strong or a, in run. */
static void phrasing_flush(struct node *run, struct list *out)
{
	struct list kids = kids_of(run);

	switch (run->tag) {
	case T_P: case T_H2: case T_H3: case T_H4:
		if (trim_para(run))
			list_add(out, run);
		break;
	case T_A:
		if (run->at != NULL && run->at->href != NULL &&
		    has_visible(run))
			list_add(out, run);
		else
			list_splice(out, &kids);
		break;
	default:
		if (has_visible(run))
			list_add(out, run);
		else
			list_splice(out, &kids);
	}
}

/* Inline container el with kids: blocks among them are lifted out, and the
 * inline runs between them each get a copy of el. */
static void phrasing_fix(struct san *s, struct node *el, struct list *kids,
    struct list *out)
{
	struct node *k = kids->head, *next, *run = NULL;
	int first = 1;

	for (; k != NULL; k = next) {
		next = k->next;
		if (is_phrasing(k->tag)) {
			if (run == NULL) {
				run = first ? el : node_clone(s, el);
				first = 0;
			}
			kid_add(run, k);
			continue;
		}
		if (run != NULL)
			phrasing_flush(run, out);
		run = NULL;
		list_add(out, k);
	}
	if (run != NULL)
		phrasing_flush(run, out);
}

/* Content of an unwrapped block-like element (div…): inline runs become
 * paragraphs. */
static void block_fix(struct san *s, struct list *kids, struct list *out)
{
	struct node *p = node_new(s, T_P);

	phrasing_fix(s, p, kids, out);
}

/* Adds n to flow content (fragment, blockquote, li, td, th): table parts
 * out of place are unwrapped (browsers ignore such tags); a list item out
 * of a list stays a block of its own, as its content in paragraphs. */
static void flow_add(struct san *s, struct list *out, struct node *n)
{
	struct node *k, *next;
	struct list kids;

	if (n->tag == T_LI || n->tag == T_TD || n->tag == T_TH) {
		/* A cell out of a table stays apart from the next, as a
		 * block of its own. */
		kids = kids_of(n);
		block_fix(s, &kids, out);
		return;
	}
	if (!is_table_part(n->tag)) {
		list_add(out, n);
		return;
	}
	for (k = n->kid; k != NULL; k = next) {
		next = k->next;
		flow_add(s, out, k);
	}
}

#define WORD_LEVELS 9

static struct attrs *attrs_of(struct san *s, struct node *el);

/* The numbering of a list that Word's list paragraph k starts: its
 * letters or roman numbers, and its first number when not 1. */
static void word_list_numbering(struct san *s, struct node *ol,
    const struct node *k)
{
	struct attrs *at;

	if (k->list_ord == '1' && k->list_start == 1)
		return;
	at = attrs_of(s, ol);
	if (k->list_ord != '1')
		at->type = (char)k->list_ord;
	else if (k->list_start <= 999999999) {
		at->start = k->list_start;
		at->has_start = 1;
	}
}

/* Word's list paragraphs (<p style="mso-list:l0 level2 lfo1">, marked by
 * sax_start()) in a row become a list, nested by level: each paragraph a
 * <li> of a <ul>, or of an <ol> when its marker was a number or a letter
 * (the marker itself went with its mso-list:Ignore span). */
static void word_lists(struct san *s, struct list *l)
{
	struct list out = { NULL, NULL };
	struct node *k, *next, *li, *lst, *stack[WORD_LEVELS];
	struct list kids;
	int depth = 0, lvl, want;

	for (k = l->head; k != NULL; k = next) {
		next = k->next;
		if (k->tag != T_P || k->list_level == 0) {
			depth = 0;
			list_add(&out, k);
			continue;
		}
		lvl = k->list_level;
		want = k->list_ord ? T_OL : T_UL;
		if (depth > lvl)
			depth = lvl;
		if (depth == lvl && stack[depth - 1]->tag != want)
			depth--;
		while (depth < lvl) {
			lst = node_new(s, want);
			if (want == T_OL && depth + 1 == lvl)
				word_list_numbering(s, lst, k);
			if (depth == 0) {
				list_add(&out, lst);
			} else {
				li = stack[depth - 1]->kid_last;
				if (li == NULL) {
					li = node_new(s, T_LI);
					kid_add(stack[depth - 1], li);
				}
				kid_add(li, lst);
			}
			stack[depth++] = lst;
		}
		li = node_new(s, T_LI);
		li->dir = k->dir;
		kids = kids_of(k);
		kids_set(li, &kids);
		kid_add(stack[lvl - 1], li);
	}
	*l = out;
}

static struct list flow_fix(struct san *s, struct list *kids)
{
	struct list out = { NULL, NULL };
	struct node *k = kids->head, *next;
	int lists = 0;

	for (; k != NULL; k = next) {
		next = k->next;
		lists |= k->tag == T_P && k->list_level > 0;
		flow_add(s, &out, k);
	}
	ws_pass(&out);
	if (lists)
		word_lists(s, &out);
	return out;
}

/* A wrapper el (li, td, tbody, tr) for run, when run has anything. */
static void wrap_run(struct san *s, int tag, struct list *run,
    struct list *out)
{
	struct node *el;

	if (run->head == NULL)
		return;
	el = node_new(s, tag);
	kids_set(el, run);
	list_add(out, el);
	run->head = run->tail = NULL;
}

static void flow_run_flush(struct san *s, int tag, struct list *run,
    struct list *out)
{
	ws_pass(run);
	wrap_run(s, tag, run, out);
}

static void list_fix(struct san *s, struct node *el, struct list *kids,
    struct list *out)
{
	struct list items = { NULL, NULL }, run = { NULL, NULL };
	struct node *k = kids->head, *next;

	for (; k != NULL; k = next) {
		next = k->next;
		if (k->tag == T_LI) {
			flow_run_flush(s, T_LI, &run, &items);
			list_add(&items, k);
		} else if (!(k->tag == T_TEXT && k->blank && run.head == NULL)) {
			flow_add(s, &run, k);
		}
	}
	flow_run_flush(s, T_LI, &run, &items);
	if (items.head == NULL)
		return;
	kids_set(el, &items);
	list_add(out, el);
}

/* Cells of a row: td and th; cells of rows and sections inside are taken
 * up, anything else goes into a cell of its own. */
static void row_add(struct list *cells, struct list *run, struct node *k,
    struct san *s)
{
	struct node *c, *next;

	if (k->tag == T_TD || k->tag == T_TH) {
		flow_run_flush(s, T_TD, run, cells);
		list_add(cells, k);
	} else if (k->tag == T_TR || k->tag == T_THEAD || k->tag == T_TBODY) {
		for (c = k->kid; c != NULL; c = next) {
			next = c->next;
			row_add(cells, run, c, s);
		}
	} else if (!(k->tag == T_TEXT && k->blank && run->head == NULL)) {
		flow_add(s, run, k);
	}
}

static int row_fix(struct san *s, struct node *tr, struct list *kids)
{
	struct list cells = { NULL, NULL }, run = { NULL, NULL };
	struct node *k = kids->head, *next;

	for (; k != NULL; k = next) {
		next = k->next;
		row_add(&cells, &run, k, s);
	}
	flow_run_flush(s, T_TD, &run, &cells);
	kids_set(tr, &cells);
	return cells.head != NULL;
}

static void rows_flush(struct san *s, struct list *run, struct list *rows)
{
	struct node *tr;

	if (run->head == NULL)
		return;
	tr = node_new(s, T_TR);
	if (row_fix(s, tr, run))
		list_add(rows, tr);
	run->head = run->tail = NULL;
}

static void section_add(struct list *rows, struct list *run, struct node *k,
    struct san *s)
{
	struct node *c, *next;

	if (k->tag == T_TR) {
		rows_flush(s, run, rows);
		list_add(rows, k);
	} else if (k->tag == T_THEAD || k->tag == T_TBODY) {
		for (c = k->kid; c != NULL; c = next) {
			next = c->next;
			section_add(rows, run, c, s);
		}
	} else if (!(k->tag == T_TEXT && k->blank && run->head == NULL)) {
		list_add(run, k);
	}
}

static int section_fix(struct san *s, struct node *sec, struct list *kids)
{
	struct list rows = { NULL, NULL }, run = { NULL, NULL };
	struct node *k = kids->head, *next;

	for (; k != NULL; k = next) {
		next = k->next;
		section_add(&rows, &run, k, s);
	}
	rows_flush(s, &run, &rows);
	kids_set(sec, &rows);
	return rows.head != NULL;
}

static void sections_flush(struct san *s, struct list *run,
    struct list *secs)
{
	struct node *tb;

	if (run->head == NULL)
		return;
	tb = node_new(s, T_TBODY);
	if (section_fix(s, tb, run))
		list_add(secs, tb);
	run->head = run->tail = NULL;
}

/* The sections of a table in the order a browser shows them: the first
 * thead first, the first tfoot (a tbody here) last, as CSS lays out a
 * table-header-group and a table-footer-group; any further thead is shown
 * where it is, as a tbody. */
static void sections_order(struct list *secs)
{
	struct node *k, *next, *head = NULL, *foot = NULL;
	struct list mid = { NULL, NULL };

	for (k = secs->head; k != NULL; k = next) {
		next = k->next;
		if (k->tag == T_THEAD && head == NULL) {
			head = k;
			continue;
		}
		if (k->tag == T_THEAD)
			k->tag = T_TBODY;
		if (k->foot && foot == NULL) {
			foot = k;
			continue;
		}
		list_add(&mid, k);
	}
	secs->head = secs->tail = NULL;
	if (head != NULL)
		list_add(secs, head);
	list_splice(secs, &mid);
	if (foot != NULL)
		list_add(secs, foot);
}

/* Table el with kids, added to out: what is no part of a table (text, a
 * paragraph…) goes before it, as browsers foster it there, and then its
 * caption, which they show above the table. */
static void table_fix(struct san *s, struct node *table, struct list *kids,
    struct list *out)
{
	struct list secs = { NULL, NULL }, run = { NULL, NULL };
	struct list caption = { NULL, NULL };
	struct node *k = kids->head, *next;

	for (; k != NULL; k = next) {
		next = k->next;
		if (k->tag == T_THEAD || k->tag == T_TBODY) {
			sections_flush(s, &run, &secs);
			list_add(&secs, k);
		} else if (k->tag == T_TR || k->tag == T_TD ||
		    k->tag == T_TH) {
			list_add(&run, k);
		} else if (k->caption) {
			list_add(&caption, k);
		} else if (!(k->tag == T_TEXT && k->blank)) {
			list_add(out, k);
		}
	}
	list_splice(out, &caption);
	sections_flush(s, &run, &secs);
	if (secs.head == NULL)
		return;
	sections_order(&secs);
	kids_set(table, &secs);
	list_add(out, table);
}

/* Is Word's list marker m a number or letter and '.' or ')' ("1.", "a)",
 * "iv.")? Not a bullet ("·", "o", "§"). */
static int marker_ordered(const char *m, size_t n, unsigned long *num)
{
	size_t i = 0, j;
	int digits = 1, roman = 1, upper = 0;

	while (i < n && (m[i] == ' ' || m[i] == '\n' || m[i] == '\t'))
		i++;
	for (j = i; j < n && ((m[j] >= '0' && m[j] <= '9') ||
	    ((m[j] | 0x20) >= 'a' && (m[j] | 0x20) <= 'z')); j++) {
		if (m[j] >= '0' && m[j] <= '9') {
			roman = 0;
			if (*num < 100000000)
				*num = *num * 10 + (unsigned long)(m[j] - '0');
			continue;
		}
		digits = 0;
		upper = m[j] >= 'A' && m[j] <= 'Z';
		if (!strchr("ivxlcdm", m[j] | 0x20))
			roman = 0;
	}
	if (j == i || j >= n || (m[j] != '.' && m[j] != ')'))
		return 0;
	if (digits)
		return '1';
	/* "i." starts a roman list, "a." (or "c.") a list of letters */
	if (roman && (j - i > 1 || (m[i] | 0x20) == 'i'))
		return upper ? 'I' : 'i';
	return upper ? 'A' : 'a';
}

/* Does kids, the content of an mso-list:Ignore span in a list paragraph,
 * start with a list marker: text of at most 8 bytes but blanks and
 * no-break spaces ("·", "1.", "iv)", "o")? If so that text goes, and its
 * start is kept in s->marker; whatever follows it (a paste cut short, a
 * span left open) is content and stays. */
static void word_marker(struct san *s, struct list *kids)
{
	struct node *k = kids->head;
	const struct seg *sg;
	size_t i, seen = 0, n = 0;

	if (k != NULL && k->tag == T_TEXT) {
		for (sg = k->seg; sg != NULL; sg = sg->next)
			for (i = 0; i < sg->n; i++) {
				unsigned char c = (unsigned char)sg->s[i];

				if (c == 0xc2 && i + 1 < sg->n &&
				    (unsigned char)sg->s[i + 1] == 0xa0) {
					i++;
					continue;
				}
				if (is_ws((char)c))
					continue;
				if (++seen > 8)
					return;
				if (n < sizeof(s->marker))
					s->marker[n++] = (char)c;
			}
		kids->head = k->next;
		if (kids->head == NULL)
			kids->tail = NULL;
	}
	s->marker_n = n;
}

/* Is a table open (around the element that just ended)? */
static int in_table(const struct san *s)
{
	int i;

	for (i = s->depth - 1; i >= 1; i--)
		if (s->stack[i].act == ACT_KEEP &&
		    s->stack[i].el->tag == T_TABLE)
			return 1;
	return 0;
}

/* An element of the input has ended: its content is complete, so it is
 * fixed up to the content model and its result added to the parent. */
static void frame_finish(struct san *s, struct frame *f, struct list *out)
{
	struct node *el = f->el;
	struct list l;

	switch (f->act) {
	case ACT_INLINE: case ACT_VOID:
		list_splice(out, &f->kids);
		return;
	case ACT_BLOCK:
		block_fix(s, &f->kids, out);
		return;
	case ACT_CAPTION:
		if (!in_table(s)) {
			/* browsers ignore a <caption> tag out of a table */
			list_splice(out, &f->kids);
			return;
		}
		l.head = l.tail = NULL;
		block_fix(s, &f->kids, &l);
		for (el = l.head; el != NULL; el = el->next)
			el->caption = 1;
		list_splice(out, &l);
		return;
	case ACT_PRE:
		s->in_pre--;
		block_fix(s, &f->kids, out);
		return;
	case ACT_DROP:
		return;
	case ACT_MARKER:
		word_marker(s, &f->kids);
		list_splice(out, &f->kids);
		return;
	}
	if (el->list_level > 0)
		el->list_ord = (unsigned char)marker_ordered(s->marker,
		    s->marker_n, &el->list_start);
	switch (el->tag) {
	case T_STRONG:
		if (f->em_too) {
			l.head = l.tail = NULL;
			phrasing_fix(s, node_new(s, T_EM), &f->kids, &l);
			phrasing_fix(s, el, &l, out);
			break;
		}
		/* fall through */
	case T_P: case T_H2: case T_H3: case T_H4: case T_EM:
		phrasing_fix(s, el, &f->kids, out);
		break;
	case T_A:
		if (el->at != NULL && el->at->href != NULL)
			s->in_a--;
		phrasing_fix(s, el, &f->kids, out);
		break;
	case T_BLOCKQUOTE: case T_LI: case T_TD: case T_TH:
		l = flow_fix(s, &f->kids);
		kids_set(el, &l);
		if (el->tag != T_BLOCKQUOTE || l.head != NULL)
			list_add(out, el);
		break;
	case T_UL: case T_OL:
		list_fix(s, el, &f->kids, out);
		break;
	case T_TABLE:
		table_fix(s, el, &f->kids, out);
		break;
	case T_THEAD: case T_TBODY:
		if (section_fix(s, el, &f->kids))
			list_add(out, el);
		break;
	case T_TR:
		if (row_fix(s, el, &f->kids))
			list_add(out, el);
		break;
	default: /* br, hr: void; libxml2 gives them no content */
		list_add(out, el);
		list_splice(out, &f->kids);
	}
}

/* ---- text ---------------------------------------------------------------- */

/* Copies n bytes of valid UTF-8 without what has no place in published
 * text: C0 controls but tab and newline, DEL and the C1 controls; CR LF
 * and a lone CR become LF (as a browser reads them). Returns the length. */
static size_t text_clean(char *dst, const char *src, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c >= 0x20 && c != 0x7f && c != 0xc2) {
			dst[o++] = (char)c;
		} else if (c == '\r') {
			if (i + 1 < n && src[i + 1] == '\n')
				continue;
			dst[o++] = '\n';
		} else if (c == '\t' || c == '\n') {
			dst[o++] = (char)c;
		} else if (c == 0xc2) {
			if (i + 1 < n && (unsigned char)src[i + 1] < 0xa0) {
				i++;
				continue;
			}
			dst[o++] = (char)c;
		}
	}
	return o;
}

/* ---- attributes ---------------------------------------------------------- */

/* The href exactly as it will be written, or NULL when it is refused:
 * browsers strip leading and trailing C0 controls and spaces, and remove
 * tabs and newlines inside (which could hide a scheme), so the value is
 * trimmed the same way and refused if any control character remains. The
 * scheme must be http or https (with an authority) or mailto. */
static const char *href_check(const char *v, size_t *len)
{
	size_t n = strlen(v), i, colon;
	char scheme[8];

	while (n > 0 && (unsigned char)v[0] <= 0x20) {
		v++;
		n--;
	}
	while (n > 0 && (unsigned char)v[n - 1] <= 0x20)
		n--;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c < 0x20 || c == 0x7f)
			return NULL;
		if (c == 0xc2 && i + 1 < n &&
		    (unsigned char)v[i + 1] < 0xa0)
			return NULL;
	}
	for (colon = 0; colon < n && colon < sizeof(scheme); colon++) {
		char c = v[colon];

		if (c == ':')
			break;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return NULL;
		scheme[colon] = (char)(c | 0x20);
	}
	if (colon == 0 || colon >= n || colon >= sizeof(scheme) ||
	    v[colon] != ':')
		return NULL;
	scheme[colon] = '\0';
	if (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) {
		/* "http://" and a host: no "http:x" or "http:///x" games. */
		if (n - colon < 4 || v[colon + 1] != '/' ||
		    v[colon + 2] != '/' || v[colon + 3] == '/' ||
		    v[colon + 3] == '\\')
			return NULL;
	} else if (strcmp(scheme, "mailto") == 0) {
		if (n - colon < 2)
			return NULL;
	} else {
		return NULL;
	}
	*len = n;
	return v;
}

/* Digits only, within [lo, hi]; 0 when not. */
static unsigned long digits_in(const char *v, unsigned long lo,
    unsigned long hi)
{
	unsigned long x = 0;

	if (*v == '\0')
		return 0;
	for (; *v != '\0'; v++) {
		if (*v < '0' || *v > '9')
			return 0;
		x = x * 10 + (unsigned long)(*v - '0');
		if (x > hi)
			return 0;
	}
	return x >= lo ? x : 0;
}

static struct attrs *attrs_of(struct san *s, struct node *el)
{
	if (el->at == NULL)
		el->at = arena_zalloc(s->arena, sizeof(*el->at));
	return el->at;
}

static void attr_apply(struct san *s, struct node *el, const char *name,
    const char *v)
{
	int t = el->tag;
	struct attrs *at;

	if (v == NULL)
		return;
	if (t == T_A && strcmp(name, "href") == 0) {
		size_t n;
		const char *h = href_check(v, &n);

		if (h != NULL) {
			at = attrs_of(s, el);
			at->href = arena_strndup(s->arena, h, n);
			at->href_n = n;
		}
	} else if (t == T_A && strcmp(name, "title") == 0) {
		size_t n = strlen(v);
		char *c = arena_alloc(s->arena, n + 1);

		at = attrs_of(s, el);
		at->title_n = text_clean(c, v, n);
		at->title = c;
	} else if (t == T_OL && strcmp(name, "start") == 0) {
		at = attrs_of(s, el);
		if (strcmp(v, "0") == 0)
			at->has_start = 1;
		else if ((at->start = digits_in(v, 1, 999999999)) != 0)
			at->has_start = 1;
	} else if (t == T_OL && strcmp(name, "type") == 0) {
		if (strlen(v) == 1 && strchr("1aAiI", v[0]) != NULL)
			attrs_of(s, el)->type = v[0];
	} else if ((t == T_TD || t == T_TH) && strcmp(name, "colspan") == 0) {
		attrs_of(s, el)->colspan = (unsigned)digits_in(v, 1, 1000);
	} else if ((t == T_TD || t == T_TH) && strcmp(name, "rowspan") == 0) {
		attrs_of(s, el)->rowspan = (unsigned)digits_in(v, 1, 1000);
	} else if (t == T_TH && strcmp(name, "scope") == 0) {
		attrs_of(s, el)->scope =
		    ascii_casecmp(v, "row") == 0 ? SCOPE_ROW :
		    ascii_casecmp(v, "col") == 0 ? SCOPE_COL :
		    ascii_casecmp(v, "rowgroup") == 0 ? SCOPE_ROWGROUP :
		    ascii_casecmp(v, "colgroup") == 0 ? SCOPE_COLGROUP :
		    SCOPE_NONE;
	} else if (strcmp(name, "dir") == 0 && is_block(t)) {
		el->dir = ascii_casecmp(v, "ltr") == 0 ? DIR_LTR :
		    ascii_casecmp(v, "rtl") == 0 ? DIR_RTL :
		    ascii_casecmp(v, "auto") == 0 ? DIR_AUTO : DIR_NONE;
	}
}

/* Adds text to l: a segment of the last node when that is text (libxml2
 * reports text in pieces: "<" alone, each entity…), else a new node. */
static void text_add(struct san *s, struct list *l, const char *t, size_t n)
{
	struct node *tn = l->tail;
	struct seg *sg;
	int blank;

	if (n == 0)
		return;
	blank = all_blank(t, n);
	sg = arena_alloc(s->arena, sizeof(*sg));
	sg->next = NULL;
	sg->s = t;
	sg->n = n;
	if (tn != NULL && tn->tag == T_TEXT) {
		tn->seg_last->next = sg;
		tn->seg_last = sg;
		tn->blank = tn->blank && blank;
		return;
	}
	tn = node_new(s, T_TEXT);
	tn->seg = tn->seg_last = sg;
	tn->blank = (unsigned char)blank;
	list_add(l, tn);
}

static int is_blank_ch(unsigned char c);

/* ---- inline style ------------------------------------------------------- */

enum { FONT_UNSET = -1, FONT_NORMAL, FONT_SET };

/* The value of property name in the declarations of a style attribute, or
 * NULL; the last declaration wins, as in CSS. *n is its length, without
 * blanks and "!important". Enough for what editors write (Google Docs:
 * "font-weight:700;font-style:italic"); no comments, escapes or quoted
 * semicolons. */
static const char *style_value(const char *style, const char *name,
    size_t *n)
{
	const char *p = style, *found = NULL, *colon, *semi, *v, *e;
	size_t nlen = strlen(name);

	for (; *p != '\0'; p = *semi == ';' ? semi + 1 : semi) {
		semi = strchr(p, ';');
		if (semi == NULL)
			semi = p + strlen(p);
		while (p < semi && is_blank_ch((unsigned char)*p))
			p++;
		colon = memchr(p, ':', (size_t)(semi - p));
		if (colon == NULL)
			continue;
		e = colon;
		while (e > p && is_blank_ch((unsigned char)e[-1]))
			e--;
		if ((size_t)(e - p) != nlen || ascii_ncasecmp(p, name, nlen) != 0)
			continue;
		for (v = colon + 1; v < semi && is_blank_ch((unsigned char)*v);
		    v++)
			;
		for (e = v; e < semi && *e != '!'; e++)
			;
		while (e > v && is_blank_ch((unsigned char)e[-1]))
			e--;
		found = v;
		*n = (size_t)(e - v);
	}
	return found;
}

static int value_is(const char *v, size_t n, const char *word)
{
	return n == strlen(word) && ascii_ncasecmp(v, word, n) == 0;
}

/* Bold or not by font-weight: bold, bolder or 600 and more; normal,
 * lighter or less. */
static int style_bold(const char *style)
{
	size_t n;
	const char *v = style_value(style, "font-weight", &n);
	unsigned long w;
	char num[8];

	if (v == NULL)
		return FONT_UNSET;
	if (value_is(v, n, "bold") || value_is(v, n, "bolder"))
		return FONT_SET;
	if (value_is(v, n, "normal") || value_is(v, n, "lighter"))
		return FONT_NORMAL;
	if (n == 0 || n >= sizeof(num))
		return FONT_UNSET;
	memcpy(num, v, n);
	num[n] = '\0';
	if ((w = digits_in(num, 1, 1000)) == 0)
		return FONT_UNSET;
	return w >= 600 ? FONT_SET : FONT_NORMAL;
}

static int style_italic(const char *style)
{
	size_t n;
	const char *v = style_value(style, "font-style", &n);

	if (v == NULL)
		return FONT_UNSET;
	if (value_is(v, n, "italic") || (n >= 7 &&
	    ascii_ncasecmp(v, "oblique", 7) == 0))
		return FONT_SET;
	if (value_is(v, n, "normal"))
		return FONT_NORMAL;
	return FONT_UNSET;
}

static const char *attr_find(const xmlChar **atts, const char *name)
{
	for (; atts != NULL && atts[0] != NULL; atts += 2)
		if (strcmp((const char *)atts[0], name) == 0)
			return (const char *)atts[1];
	return NULL;
}

/* What the style attribute makes of an element that is unwrapped (span,
 * font…: <strong>, <em> or both when it says bold or italic, as Google
 * Docs writes them) or kept as strong or em (unwrapped when it says
 * normal: Google Docs wraps a whole paste in <b style="font-weight:
 * normal">). *act and *tag are changed; returns 1 for a <strong> that is
 * italic too. */
static int style_apply(const char *style, int *act, int *tag)
{
	int b, it;

	if (style == NULL)
		return 0;
	b = style_bold(style);
	it = style_italic(style);
	if (*act == ACT_INLINE) {
		if (b == FONT_SET) {
			*act = ACT_KEEP;
			*tag = T_STRONG;
			return it == FONT_SET;
		}
		if (it == FONT_SET) {
			*act = ACT_KEEP;
			*tag = T_EM;
		}
	} else if (*act == ACT_KEEP && *tag == T_STRONG && b == FONT_NORMAL) {
		if (it == FONT_SET)
			*tag = T_EM;
		else
			*act = ACT_INLINE;
	} else if (*act == ACT_KEEP && *tag == T_EM && it == FONT_NORMAL) {
		if (b == FONT_SET)
			*tag = T_STRONG;
		else
			*act = ACT_INLINE;
	}
	return 0;
}

/* ---- SAX handlers -------------------------------------------------------- */

static void sax_fail(struct san *s, const char *msg)
{
	if (s->msg == NULL)
		s->msg = msg;
	xmlStopParser(s->ctxt);
}

static struct san *sax_state(void *ctx)
{
	return ((xmlParserCtxtPtr)ctx)->_private;
}

/* The level of a Word list paragraph from its mso-list value ("l0 level2
 * lfo1"), 1..WORD_LEVELS, or 0. */
static unsigned char word_level(const char *v, size_t n)
{
	size_t i;
	unsigned lvl = 0;

	for (i = 0; i + 5 < n; i++)
		if (ascii_ncasecmp(v + i, "level", 5) == 0 &&
		    (i == 0 || is_blank_ch((unsigned char)v[i - 1])))
			break;
	if (i + 5 >= n)
		return 0;
	for (i += 5; i < n && v[i] >= '0' && v[i] <= '9' && lvl < 100; i++)
		lvl = lvl * 10 + (unsigned)(v[i] - '0');
	if (lvl == 0)
		return 0;
	return (unsigned char)(lvl > WORD_LEVELS ? WORD_LEVELS : lvl);
}

/* Is the innermost block kept open a list paragraph of Word? */
static int in_list_para(const struct san *s)
{
	int i;

	for (i = s->depth - 1; i >= 1; i--) {
		const struct frame *f = &s->stack[i];

		if (f->act == ACT_KEEP && is_block(f->el->tag))
			return f->el->tag == T_P && f->el->list_level > 0;
		if (f->act != ACT_INLINE && f->act != ACT_MARKER &&
		    f->act != ACT_KEEP)
			return 0;
	}
	return 0;
}

static void sax_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	struct san *s = sax_state(ctx);
	const char *name = (const char *)xname;
	const struct element_rule *r;
	struct frame *f;
	int act, tag = 0, em_too;
	const char *style, *v;
	size_t vn;

	if (s->msg != NULL)
		return;
	/* The <body> wrapper is frame 1; the input's elements come after. */
	if (s->depth + s->dropped > MARKUP_MAX_DEPTH + 1) {
		sax_fail(s, MSG_DEPTH);
		return;
	}
	s->pre_fresh = 0;
	if (s->dropped > 0) {
		s->dropped++;
		return;
	}
	r = element_rule(name);
	act = r != NULL ? r->act : ACT_INLINE;
	if (r != NULL)
		tag = r->tag;
	/* A prefixed name (o:p, svg:script) is no HTML element: unwrapped,
	 * unless its local name is one to drop. */
	if (r == NULL && strchr(name, ':') != NULL) {
		r = element_rule(strrchr(name, ':') + 1);
		if (r != NULL && r->act == ACT_DROP)
			act = ACT_DROP;
	}
	style = attr_find(atts, "style");
	if (act == ACT_INLINE && in_list_para(s) && style != NULL &&
	    (v = style_value(style, "mso-list", &vn)) != NULL &&
	    vn >= 6 && ascii_ncasecmp(v, "ignore", 6) == 0) {
		/* Word's list marker ("·" and no-break spaces): its text
		 * decides between <ul> and <ol>, then it goes. */
		act = ACT_MARKER;
	}
	if (act == ACT_DROP) {
		s->dropped = 1;
		return;
	}
	em_too = style_apply(style, &act, &tag);
	f = &s->stack[s->depth++];
	f->act = (unsigned char)act;
	f->em_too = (unsigned char)em_too;
	f->el = NULL;
	f->kids.head = f->kids.tail = NULL;
	if (act == ACT_PRE) {
		s->in_pre++;
		s->pre_fresh = 1;
	}
	if (act == ACT_PRE || tag == T_BR)
		s->pre_line_start = 1;
	if (act != ACT_KEEP)
		return;
	f->el = node_new(s, tag);
	f->el->foot = strcmp(name, "tfoot") == 0;
	for (; atts != NULL && atts[0] != NULL; atts += 2)
		attr_apply(s, f->el, (const char *)atts[0],
		    (const char *)atts[1]);
	if (tag == T_P && style != NULL &&
	    (v = style_value(style, "mso-list", &vn)) != NULL &&
	    (f->el->list_level = word_level(v, vn)) > 0)
		s->marker_n = 0;
	if (tag == T_A) {
		if (s->in_a > 0)
			f->act = ACT_INLINE;     /* no link inside a link */
		else if (f->el->at != NULL && f->el->at->href != NULL)
			s->in_a++;
	}
}

static void sax_end(void *ctx, const xmlChar *name)
{
	struct san *s = sax_state(ctx);
	struct frame *f;

	(void)name;
	if (s->msg != NULL)
		return;
	if (s->dropped > 0) {
		s->dropped--;
		return;
	}
	if (s->depth <= 1)
		return;
	f = &s->stack[--s->depth];
	frame_finish(s, f, &s->stack[s->depth - 1].kids);
}

/* Text of a pre, from t: line breaks become <br>, and the indentation at
 * the start of a line no-break spaces (a tab four), which browsers keep
 * where the pre's <p> would collapse spaces. */
static void pre_text_add(struct san *s, struct list *l, const char *t,
    size_t n)
{
	size_t i = 0, j, k, width;
	char *sp;

	if (s->pre_fresh && n > 0 && t[0] == '\n')
		i = 1;  /* the newline right after <pre> is not content */
	s->pre_fresh = 0;
	while (i < n) {
		if (t[i] == '\n') {
			list_add(l, node_new(s, T_BR));
			s->pre_line_start = 1;
			i++;
			continue;
		}
		if (s->pre_line_start && (t[i] == ' ' || t[i] == '\t')) {
			for (j = i, width = 0; j < n &&
			    (t[j] == ' ' || t[j] == '\t'); j++)
				width += t[j] == ' ' ? 1 : 4;
			sp = arena_alloc(s->arena, 2 * width);
			for (k = 0; k < width; k++) {
				sp[2 * k] = '\xc2';
				sp[2 * k + 1] = '\xa0';
			}
			text_add(s, l, sp, 2 * width);
			i = j;
			continue;
		}
		for (j = i; j < n && t[j] != '\n'; j++)
			;
		text_add(s, l, t + i, j - i);
		s->pre_line_start = 0;
		i = j;
	}
}

static void sax_text(void *ctx, const xmlChar *ch, int len)
{
	struct san *s = sax_state(ctx);
	struct list *l;
	char *t;
	size_t n;

	if (s->msg != NULL || s->dropped > 0 || len <= 0)
		return;
	l = &s->stack[s->depth - 1].kids;
	t = arena_alloc(s->arena, (size_t)len);
	n = text_clean(t, (const char *)ch, (size_t)len);
	if (s->in_pre > 0)
		pre_text_add(s, l, t, n);
	else
		text_add(s, l, t, n);
}

static void sax_ignore_text(void *ctx, const xmlChar *ch, int len)
{
	(void)ctx;
	(void)ch;
	(void)len;
}

static void sax_ignore_msg(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* ---- before parsing ------------------------------------------------------ */

static int is_blank_ch(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_name_ch(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' ||
	    c == '.';
}

static int is_name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    c == ':' || c == '_' || c == '.';
}

/* Finds the first '>' at or after p, for increasing p: the last answer is
 * kept, so a long input with many "<!" and no '>' stays linear. */
struct gt_cache {
	const char *from, *gt; /* no '>' in [from, gt); gt NULL: none */
};

static const char *gt_find(struct gt_cache *c, const char *p,
    const char *end)
{
	if (c->from != NULL && p >= c->from && (c->gt == NULL || p <= c->gt))
		return c->gt;
	c->from = p;
	c->gt = memchr(p, '>', (size_t)(end - p));
	return c->gt;
}

/* Length of the comment at lt ("<!--"), as browsers read it: it ends at
 * the first "-->" or "--!>", or at once for "<!-->" and "<!--->", and an
 * unclosed one runs to the end of the input. libxml2 differs (it knows
 * neither the short forms nor "--!>"), so comments are removed before it
 * sees them; the sanitizer keeps no comment anyway. */
static size_t comment_len(const char *lt, const char *end)
{
	const char *s = lt + 4, *d;

	if (s < end && *s == '>')
		return 5;
	if (end - s >= 2 && s[0] == '-' && s[1] == '>')
		return 6;
	while ((d = memchr(s, '-', (size_t)(end - s))) != NULL) {
		if (end - d >= 3 && d[1] == '-' && d[2] == '>')
			return (size_t)(d + 3 - lt);
		if (end - d >= 4 && d[1] == '-' && d[2] == '!' && d[3] == '>')
			return (size_t)(d + 4 - lt);
		s = d + 1;
	}
	return (size_t)(end - lt);
}

static int is_alpha_ch(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of the tag at lt ("<" or "</" and a letter), up to and with its
 * '>' as browsers find it: quoted attribute values are skipped, so that a
 * "<!--" or "<?" in a value stays text. To the end if it is not closed. */
static size_t tag_len(const char *lt, const char *end)
{
	const char *p = lt + 2;
	int after_eq = 0;

	while (p < end) {
		unsigned char c = (unsigned char)*p;

		if (c == '>')
			return (size_t)(p + 1 - lt);
		if (after_eq && (c == '"' || c == '\'')) {
			const char *q = memchr(p + 1, c, (size_t)(end - p - 1));

			if (q == NULL)
				break;
			p = q + 1;
			after_eq = 0;
			continue;
		}
		if (c == '=')
			after_eq = 1;
		else if (!is_blank_ch(c) && c != '\f')
			after_eq = 0;
		p++;
	}
	return (size_t)(end - lt);
}

/* Length of the raw text (script, style) that follows the start tag
 * [lt, gt], up to its end tag: raw text to browsers and to libxml2 alike,
 * so nothing inside it ("<!--", "<?") is taken for a comment. */
static size_t rawtext_len(const char *lt, const char *after, const char *end)
{
	static const char *const names[] = { "script", "style" };
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++) {
		size_t n = strlen(names[i]);
		const char *p;

		if ((size_t)(after - lt) < n + 2 ||
		    ascii_ncasecmp(lt + 1, names[i], n) != 0 ||
		    is_name_ch((unsigned char)lt[n + 1]))
			continue;
		for (p = after; (p = memchr(p, '<', (size_t)(end - p))); p++)
			if ((size_t)(end - p) >= n + 2 && p[1] == '/' &&
			    ascii_ncasecmp(p + 2, names[i], n) == 0)
				return (size_t)(p - after);
		return (size_t)(end - after);
	}
	return 0;
}

/* Length of a construct at lt that browsers read as a comment and libxml2
 * as something else, or 0: up to its '>' a bogus comment: "<!" but not
 * "<!--" (Word's "<![if !supportLists]>", CDATA, DOCTYPE), "<?" (processing
 * instructions, which libxml2 half reads), or "</" and no letter ("</ x>",
 * "</3>", "</>"). */
static size_t bogus_len(const char *lt, const char *end, struct gt_cache *c)
{
	size_t left = (size_t)(end - lt);
	const char *gt;

	if (left < 3)
		return 0;
	if (lt[1] == '!') {
		if (left >= 4 && lt[2] == '-' && lt[3] == '-')
			return 0;
	} else if (lt[1] == '/') {
		char ch = (char)(lt[2] | 0x20);

		if (ch >= 'a' && ch <= 'z')
			return 0;
	} else if (lt[1] != '?') {
		return 0;
	}
	gt = gt_find(c, lt + 2, end);
	return gt != NULL ? (size_t)(gt + 1 - lt) : 0;
}

/* ---- character references in text --------------------------------------- */

/* The names that HTML5 (and every browser) decodes in text without their
 * ';': those of U+00A0..U+00FF in order, then the rest. libxml2 decodes a
 * name only with its ';', and shows "&amp" as "&amp" where a browser shows
 * "&". */
static const char *const legacy_latin1[96] = {
	"nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
	"uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr", "deg",
	"plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil",
	"sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
	"Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig",
	"Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute",
	"Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde",
	"Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml",
	"Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde",
	"auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml",
	"igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve",
	"oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
	"uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
};

static const struct { const char *name; unsigned cp; } legacy_other[] = {
	{ "amp", '&' }, { "AMP", '&' }, { "lt", '<' }, { "LT", '<' },
	{ "gt", '>' }, { "GT", '>' }, { "quot", '"' }, { "QUOT", '"' },
	{ "COPY", 0xa9 }, { "REG", 0xae },
};

/* What browsers make of &#128;..&#159; (windows-1252). */
static const unsigned short cp1252_c1[32] = {
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6,
	0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019,
	0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
	0x153, 0x9d, 0x17e, 0x178,
};

/* The code point of the legacy name that is s[0..n) exactly, or 0. */
static unsigned legacy_cp(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(legacy_latin1); i++)
		if (strlen(legacy_latin1[i]) == n &&
		    memcmp(legacy_latin1[i], s, n) == 0)
			return 0xa0 + (unsigned)i;
	for (i = 0; i < ARRAY_LEN(legacy_other); i++)
		if (strlen(legacy_other[i].name) == n &&
		    memcmp(legacy_other[i].name, s, n) == 0)
			return legacy_other[i].cp;
	return 0;
}

/* Writes code point c as libxml2 will read it back as that character:
 * '&' and '<' (and the rest of ASCII) as a reference, others in UTF-8,
 * which is never longer than the reference it replaces. An ASCII one may
 * be: "&#60;" (5) for "&lt" (3), "&#38;" (5) for the '&' of "&#" (1). */
static char *cp_put(char *o, unsigned c)
{
	if (c < 0x80) {
		*o++ = '&';
		*o++ = '#';
		if (c >= 100)
			*o++ = (char)('0' + c / 100);
		if (c >= 10)
			*o++ = (char)('0' + c / 10 % 10);
		*o++ = (char)('0' + c % 10);
		*o++ = ';';
		return o;
	}
	if (c < 0x800) {
		*o++ = (char)(0xc0 | c >> 6);
	} else if (c < 0x10000) {
		*o++ = (char)(0xe0 | c >> 12);
		*o++ = (char)(0x80 | (c >> 6 & 0x3f));
	} else {
		*o++ = (char)(0xf0 | c >> 18);
		*o++ = (char)(0x80 | (c >> 12 & 0x3f));
		*o++ = (char)(0x80 | (c >> 6 & 0x3f));
	}
	*o++ = (char)(0x80 | (c & 0x3f));
	return o;
}

static int is_alnum_ch(unsigned char c)
{
	return is_alpha_ch(c) || (c >= '0' && c <= '9');
}

/* The numeric reference at amp ("&#"), as browsers read it: ';' optional,
 * 0, surrogates and values past U+10FFFF are U+FFFD, and 128..159 the
 * characters of windows-1252. Its length, with *cp, or 0 when it has no
 * digits (then it is text). */
static size_t numref_len(const char *amp, const char *end, unsigned *cp)
{
	const char *p = amp + 2;
	int hex = p < end && (*p == 'x' || *p == 'X');
	unsigned long v = 0;
	const char *d;

	if (hex)
		p++;
	for (d = p; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		unsigned dv;

		if (c >= '0' && c <= '9')
			dv = c - '0';
		else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			dv = (c | 0x20) - 'a' + 10;
		else
			break;
		v = v * (hex ? 16 : 10) + dv;
		if (v > 0x10ffff)
			v = 0x110000;
	}
	if (p == d)
		return 0;
	if (p < end && *p == ';')
		p++;
	if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		v = 0xfffd;
	else if (v >= 0x80 && v <= 0x9f)
		v = cp1252_c1[v - 0x80];
	*cp = (unsigned)v;
	return (size_t)(p - amp);
}

/* Copies the text [p, p + n) to o, with the character references that
 * libxml2 would read otherwise than browsers rewritten as it reads them
 * as browsers do: a legacy name without ';' (the longest that starts the
 * name: "&ampx" is "&x"), and numeric references that browsers map
 * (numref_len()). Names with ';' that libxml2 knows, and all else, are
 * copied as they are. Returns the end of what was written: at most
 * 3 * n bytes ("&#" is written "&#38;#"). */
static char *refs_copy(char *o, const char *p, size_t n)
{
	const char *end = p + n, *amp;

	while ((amp = memchr(p, '&', (size_t)(end - p))) != NULL) {
		const char *q = amp + 1, *r;
		size_t len = 0, k;
		unsigned cp = 0;

		memcpy(o, p, (size_t)(amp - p));
		o += amp - p;
		p = amp + 1;
		if (q < end && *q == '#') {
			if ((len = numref_len(amp, end, &cp)) == 0) {
				/* "&#" and no digit: text to browsers,
				 * dropped by libxml2 */
				o = cp_put(o, '&');
				continue;
			}
			if (cp < 0x80 && amp[len - 1] == ';') {
				*o++ = '&';
				continue;
			}
			o = cp_put(o, cp);
			p = amp + len;
			continue;
		}
		for (r = q; r < end && is_alnum_ch((unsigned char)*r); r++)
			;
		if (r < end && *r == ';' && r - q < 40) {
			char name[40];

			memcpy(name, q, (size_t)(r - q));
			name[r - q] = '\0';
			if (htmlEntityLookup((const xmlChar *)name) != NULL) {
				*o++ = '&';
				continue;
			}
		}
		for (k = (size_t)(r - q) < 6 ? (size_t)(r - q) : 6; k >= 2;
		    k--)
			if ((cp = legacy_cp(q, k)) != 0)
				break;
		if (k < 2) {
			*o++ = '&';
			continue;
		}
		o = cp_put(o, cp);
		p = q + k;
		if (r == q + k && r < end && *r == ';')
			p++;
	}
	memcpy(o, p, (size_t)(end - p));
	return o + (end - p);
}

/* The input as libxml2 gets it: a <body> in front, so that text at the
 * start is not put in an implied <p>, without comments (comment_len()) and
 * the constructs of bogus_len(); tags (tag_len()) and the raw text of script
 * and style (rawtext_len()) are passed through whole, so that what looks
 * like a comment inside them stays what it is. One pass, always forward. */
static char *input_prepare(const char *in, size_t n, size_t *outlen)
{
	static const char prefix[] = "<body>";
	struct gt_cache cache = { NULL, NULL };
	char *out, *o;
	const char *p = in, *end = in + n, *lt;

	/* refs_copy() writes at most 3 bytes a byte, and "&lt;" for a last
	 * "<" at most 4 for 1 */
	out = malloc(sizeof(prefix) + 3 * n + 4);
	if (out == NULL)
		return NULL;
	memcpy(out, prefix, sizeof(prefix) - 1);
	o = out + sizeof(prefix) - 1;
	while ((lt = memchr(p, '<', (size_t)(end - p))) != NULL) {
		size_t keep = (size_t)(lt - p), skip = 0;

		if (end - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
			skip = comment_len(lt, end);
		} else if (end - lt >= 2 && is_alpha_ch((unsigned char)lt[1])) {
			keep += tag_len(lt, end);
			keep += rawtext_len(lt, p + keep, end);
		} else if (end - lt >= 3 && lt[1] == '/' &&
		    is_alpha_ch((unsigned char)lt[2])) {
			keep += tag_len(lt, end);
		} else if ((skip = bogus_len(lt, end, &cache)) == 0) {
			if (end - lt >= 2 && (lt[1] == '!' || lt[1] == '?' ||
			    (lt[1] == '/' && end - lt >= 3))) {
				/* a bogus comment without its '>': to the
				 * end, for browsers */
				skip = (size_t)(end - lt);
			} else if (end - lt >= 2 && lt[1] != '/') {
				keep++;
			} else {
				/* "<" or "</" at the end: text to browsers,
				 * dropped by libxml2 */
				o = refs_copy(o, p, keep);
				memcpy(o, "&lt;", 4);
				o += 4;
				p = lt + 1;
				continue;
			}
		}
		o = refs_copy(o, p, (size_t)(lt - p));
		memcpy(o, lt, keep - (size_t)(lt - p));
		o += keep - (size_t)(lt - p);
		p += keep + skip;
	}
	o = refs_copy(o, p, (size_t)(end - p));
	/* A form feed is whitespace to HTML, an invalid character to
	 * libxml2 (which drops it): a space. */
	for (p = out; (p = memchr(p, '\f', (size_t)(o - p))) != NULL; p++)
		*(char *)p = ' ';
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

/* Does any start tag that libxml2 could read in s carry more than
 * MARKUP_MAX_ATTRS attributes? libxml2 2.9.14 compares each attribute with
 * all earlier ones, so a tag with tens of thousands takes seconds.
 *
 * This runs htmlParseStartTag's attribute loop as a small automaton from
 * every "<" followed by a name start — also those that libxml2 will read as
 * text, comment or attribute value — all at once: simulations in the same
 * state at the same place go on alike, so each state keeps only the largest
 * count. One pass, a few steps per byte inside tags, memchr outside. Names
 * are read 100 characters at a time by libxml2, so each further 100
 * characters start another attribute. Duplicates count too. */
enum attr_state {
	AS_TAGNAME, AS_HEAD, AS_NAME, AS_AFTER_NAME, AS_AFTER_EQ,
	AS_DQ, AS_SQ, AS_UNQUOTED, AS_BOGUS, AS_COUNT
};

static void st_merge(int *st, int state, int count)
{
	if (count > st[state])
		st[state] = count;
}

/* At the head of the attribute loop, at c. */
static void st_head(int *nx, int count, unsigned char c)
{
	if (is_blank_ch(c))
		st_merge(nx, AS_HEAD, count);
	else if (is_name_start(c))
		st_merge(nx, AS_NAME, count + 1);
	else if (c != '>')
		st_merge(nx, AS_BOGUS, count); /* "/>" ends there too */
}

/* After an attribute name, at c (not a name character). */
static void st_after_name(int *nx, int count, unsigned char c)
{
	if (is_blank_ch(c))
		st_merge(nx, AS_AFTER_NAME, count);
	else if (c == '=')
		st_merge(nx, AS_AFTER_EQ, count);
	else
		st_head(nx, count, c);
}

static void st_step(const int *st, int *nx, unsigned char c, size_t run)
{
	int chunk = run > 1 && (run - 1) % LIBXML_NAME_CHUNK == 0;
	int k, v;

	for (k = 0; k < AS_COUNT; k++)
		nx[k] = -1;
	if ((v = st[AS_TAGNAME]) >= 0) {
		if (run > 0 && !chunk)
			st_merge(nx, AS_TAGNAME, v);
		else
			st_head(nx, v, c);
	}
	if ((v = st[AS_NAME]) >= 0) {
		if (run > 0 && !chunk)
			st_merge(nx, AS_NAME, v);
		else if (run > 0)
			st_head(nx, v, c);
		else
			st_after_name(nx, v, c);
	}
	if ((v = st[AS_HEAD]) >= 0)
		st_head(nx, v, c);
	if ((v = st[AS_AFTER_NAME]) >= 0)
		st_after_name(nx, v, c);
	if ((v = st[AS_AFTER_EQ]) >= 0) {
		if (is_blank_ch(c))
			st_merge(nx, AS_AFTER_EQ, v);
		else if (c == '"')
			st_merge(nx, AS_DQ, v);
		else if (c == '\'')
			st_merge(nx, AS_SQ, v);
		else if (c != '>')
			st_merge(nx, AS_UNQUOTED, v);
	}
	if ((v = st[AS_DQ]) >= 0)
		st_merge(nx, c == '"' ? AS_HEAD : AS_DQ, v);
	if ((v = st[AS_SQ]) >= 0)
		st_merge(nx, c == '\'' ? AS_HEAD : AS_SQ, v);
	for (k = AS_UNQUOTED; k <= AS_BOGUS; k++) {
		if ((v = st[k]) < 0)
			continue;
		if (is_blank_ch(c))
			st_merge(nx, AS_HEAD, v);
		else if (c != '>')
			st_merge(nx, k, v);
	}
}

static int attrs_too_many(const char *s, size_t n)
{
	int st[AS_COUNT], nx[AS_COUNT], k;
	unsigned live = 0;       /* bit k: some simulation in state k */
	size_t i, run = 0;
	/* the next '"' and '\'' at or after i: kept, as i only grows */
	const char *next_q[2] = { NULL, NULL };
	int q_known[2] = { 0, 0 };

	for (k = 0; k < AS_COUNT; k++)
		st[k] = -1;
	for (i = 0; i < n; i++) {
		unsigned char c;

		/* Skip what changes nothing: text when nothing is live, a
		 * quoted value when only that is; a "<" may start a tag. */
		if (live == 0 || live == 1u << AS_DQ || live == 1u << AS_SQ) {
			const char *q = NULL, *lt;
			size_t stop = n;

			if (live != 0) {
				int dq = live == 1u << AS_DQ;

				if (!q_known[dq] || (next_q[dq] != NULL &&
				    next_q[dq] < s + i)) {
					next_q[dq] = memchr(s + i,
					    dq ? '"' : '\'', n - i);
					q_known[dq] = 1;
				}
				q = next_q[dq];
				if (q != NULL)
					stop = (size_t)(q - s);
			}
			lt = memchr(s + i, '<', stop - i);
			if (lt != NULL)
				stop = (size_t)(lt - s);
			if (stop == n)
				return 0;
			i = stop;
		}
		c = (unsigned char)s[i];
		run = is_name_ch(c) ? run + 1 : 0;
		st_step(st, nx, c, run);
		if (c == '<' && i + 1 < n &&
		    is_name_start((unsigned char)s[i + 1]))
			st_merge(nx, AS_TAGNAME, 0);
		live = 0;
		for (k = 0; k < AS_COUNT; k++) {
			if (nx[k] > MARKUP_MAX_ATTRS)
				return 1;
			st[k] = nx[k];
			if (nx[k] >= 0)
				live |= 1u << k;
		}
	}
	return 0;
}

/* ---- output -------------------------------------------------------------- */

/* An attribute value in double quotes' context: html_attr(), and a
 * backtick as &#96; (old IE took it for a quote). */
static void attr_value(struct buf *b, const char *v, size_t n)
{
	const char *bt;

	while ((bt = memchr(v, '`', n)) != NULL) {
		html_attr(b, v, (size_t)(bt - v));
		html_lit(b, "&#96;");
		n -= (size_t)(bt - v) + 1;
		v = bt + 1;
	}
	html_attr(b, v, n);
}

static void emit_open(struct buf *b, const struct node *n)
{
	static const char *const dirs[] = { NULL, "ltr", "rtl", "auto" };
	static const char *const scopes[] = { NULL, "row", "col",
	    "rowgroup", "colgroup" };
	const struct attrs *at = n->at;

	buf_putc(b, '<');
	buf_puts(b, tag_names[n->tag]);
	if (n->tag == T_A) {
		html_lit(b, " href=\"");
		attr_value(b, at->href, at->href_n);
		buf_putc(b, '"');
		if (at->title_n > 0) {
			html_lit(b, " title=\"");
			attr_value(b, at->title, at->title_n);
			buf_putc(b, '"');
		}
		html_lit(b, " rel=\"nofollow noopener\"");
	} else if (at != NULL) {
		if (at->has_start)
			buf_printf(b, " start=\"%lu\"", at->start);
		if (at->type != 0)
			buf_printf(b, " type=\"%c\"", at->type);
		if (at->colspan > 0)
			buf_printf(b, " colspan=\"%u\"", at->colspan);
		if (at->rowspan > 0)
			buf_printf(b, " rowspan=\"%u\"", at->rowspan);
		if (at->scope != SCOPE_NONE)
			buf_printf(b, " scope=\"%s\"", scopes[at->scope]);
	}
	if (n->dir != DIR_NONE)
		buf_printf(b, " dir=\"%s\"", dirs[n->dir]);
	buf_putc(b, '>');
}

static int is_flow(int tag)
{
	return tag == T_ROOT || tag == T_BLOCKQUOTE || tag == T_LI ||
	    tag == T_TD || tag == T_TH;
}

/* Writes n and its content; 0 when the tree is deeper than
 * MARKUP_MAX_DEPTH (the output must be good input again). */
static int emit_node(struct buf *b, const struct node *n, int depth)
{
	const struct node *k, *prev = NULL;
	const struct seg *sg;
	int tag = n->tag;

	if (tag == T_TEXT) {
		for (sg = n->seg; sg != NULL; sg = sg->next)
			html_text(b, sg->s, sg->n);
		return 1;
	}
	if (depth > MARKUP_MAX_DEPTH)
		return 0;
	/* A table scrolls in its own box on a narrow screen (the stylesheets'
	 * .dais-table), which the keyboard can reach to scroll it; sanitized
	 * again, the div goes (it is not kept, only its content) and the table
	 * gets a new one. */
	if (tag == T_TABLE)
		html_lit(b, "<div class=\"dais-table\" tabindex=\"0\">");
	if (tag != T_ROOT)
		emit_open(b, n);
	if (tag == T_BR || tag == T_HR)
		return 1;
	if (tag == T_UL || tag == T_OL || tag == T_TABLE || tag == T_THEAD ||
	    tag == T_TBODY || tag == T_TR ||
	    (tag == T_BLOCKQUOTE && n->kid != NULL && is_block(n->kid->tag)))
		buf_putc(b, '\n');
	/* Newlines between blocks and whatever is next to them: browsers and
	 * libxml2 read them as whitespace that the fix-ups trim again. */
	for (k = n->kid; k != NULL; prev = k, k = k->next) {
		if (is_flow(tag) && is_block(k->tag) && prev != NULL &&
		    is_phrasing(prev->tag))
			buf_putc(b, '\n');
		/* the wrapper div is a level of its own when read again */
		if (!emit_node(b, k, depth + (tag == T_TABLE ? 2 : 1)))
			return 0;
		if (is_phrasing(k->tag) || k->tag == T_TD || k->tag == T_TH)
			continue;
		if (!is_flow(tag) || k->next != NULL || tag == T_ROOT ||
		    tag == T_BLOCKQUOTE)
			buf_putc(b, '\n');
	}
	if (tag != T_ROOT) {
		html_lit(b, "</");
		buf_puts(b, tag_names[tag]);
		buf_putc(b, '>');
	}
	if (tag == T_TABLE)
		html_lit(b, "</div>");
	return 1;
}

/* Drops the marks past MARKS_MAX in each run of the output b holds from
 * start on, in place. In text a run goes on across tags: the fix-ups join
 * text that the input kept apart (an unwrapped <span>, a trimmed blank),
 * and a browser stacks marks across an inline tag too. A tag's attribute
 * values (a title) have runs of their own. Only code points above U+007F
 * go, so the markup stays as it is; the output's '<' and '>' are always
 * tags (text and values have them escaped). */
static void marks_trim(struct buf *b, size_t start)
{
	size_t i = start, o = start, text_run = 0, tag_run;
	const char *end;

	while (i < b->len) {
		if (b->s[i] == '<') {
			end = memchr(b->s + i, '>', b->len - i);
			end = end != NULL ? end + 1 : b->s + b->len;
			tag_run = 0;
			o += marks_cap(b->s + o, b->s + i,
			    (size_t)(end - (b->s + i)), &tag_run);
		} else {
			end = memchr(b->s + i, '<', b->len - i);
			if (end == NULL)
				end = b->s + b->len;
			o += marks_cap(b->s + o, b->s + i,
			    (size_t)(end - (b->s + i)), &text_run);
		}
		i = (size_t)(end - b->s);
	}
	b->len = o;
	b->s[o] = '\0';
}

/* ---- the sanitizer ------------------------------------------------------- */

static void sax_setup(xmlParserCtxtPtr ctxt)
{
	htmlSAXHandler *h = ctxt->sax;

	memset(h, 0, sizeof(*h));
	h->startElement = sax_start;
	h->endElement = sax_end;
	h->characters = sax_text;
	h->ignorableWhitespace = sax_text;
	h->cdataBlock = sax_ignore_text; /* script and style: dropped */
	h->warning = sax_ignore_msg;
	h->error = sax_ignore_msg;
	h->fatalError = sax_ignore_msg;
	h->initialized = 1;
}

/* libxml2 reads the input through this, a few kilobytes at a time, so the
 * size of its dictionary of names can be watched as it parses: past
 * NAME_LIMIT distinct names the input ends early, and is refused.
 * (xmlDictSetLimit() is no help: a failed lookup makes 2.9.14 loop.) */
struct feed {
	struct san *s;
	const char *p;
	size_t left;
};

static int feed_read(void *ctx, char *buffer, int len)
{
	struct feed *f = ctx;
	size_t n = f->left < FEED_CHUNK ? f->left : FEED_CHUNK;

	if (xmlDictSize(f->s->ctxt->dict) > NAME_LIMIT) {
		if (f->s->msg == NULL)
			f->s->msg = N_("uses too many different names of "
			    "elements, attributes or entities");
		return 0;
	}
	if (len < 0)
		return -1;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buffer, f->p, n);
	f->p += n;
	f->left -= n;
	return (int)n;
}

/* Parses prepared input into s's tree; the root's content goes to root. */
static int parse_tree(struct san *s, const char *in, size_t n,
    struct node *root)
{
	const int options = HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED | HTML_PARSE_IGNORE_ENC |
	    HTML_PARSE_NODEFDTD;
	static int initialized;
	struct feed feed = { s, in, n };
	htmlParserCtxtPtr ctxt;
	xmlParserInputBufferPtr ibuf;
	xmlParserInputPtr stream;
	struct list l;

	if (!initialized) {
		xmlInitParser();
		initialized = 1;
	}
	ctxt = htmlNewParserCtxt();
	if (ctxt == NULL)
		return -1;
	sax_setup(ctxt);
	ctxt->_private = s;
	s->ctxt = ctxt;
	s->depth = 1;
	s->stack[0].act = ACT_INLINE;
	htmlCtxtUseOptions(ctxt, options);
	ibuf = xmlParserInputBufferCreateIO(feed_read, NULL, &feed,
	    XML_CHAR_ENCODING_UTF8);
	if (ibuf == NULL) {
		htmlFreeParserCtxt(ctxt);
		return -1;
	}
	/* UTF-8, whatever a <meta> says (and HTML_PARSE_IGNORE_ENC). */
	stream = xmlNewIOInputStream(ctxt, ibuf, XML_CHAR_ENCODING_UTF8);
	if (stream == NULL) {
		xmlFreeParserInputBuffer(ibuf);
		htmlFreeParserCtxt(ctxt);
		return -1;
	}
	inputPush(ctxt, stream);
	htmlParseDocument(ctxt);
	if (ctxt->myDoc != NULL)
		xmlFreeDoc(ctxt->myDoc);
	ctxt->myDoc = NULL;
	htmlFreeParserCtxt(ctxt);
	if (s->msg != NULL)
		return -1;
	/* Whatever libxml2 left open. */
	while (s->depth > 1) {
		struct frame *f = &s->stack[--s->depth];

		frame_finish(s, f, &s->stack[s->depth - 1].kids);
	}
	l = flow_fix(s, &s->stack[0].kids);
	kids_set(root, &l);
	return 0;
}

int sanitize_html(const char *html, size_t n, struct buf *out,
    const char **msg)
{
	struct san *s = NULL;
	struct node root;
	char *in = NULL;
	size_t len, before = out->len;
	int ret = -1;

	*msg = NULL;
	if (n > SANITIZE_MAX_INPUT) {
		*msg = N_("is too long (at most 8 MiB)");
		return -1;
	}
	if (memchr(html, '\0', n) != NULL) {
		*msg = N_("contains a NUL character");
		return -1;
	}
	if (!utf8_valid(html, n)) {
		*msg = N_("contains bytes that are not valid UTF-8 text");
		return -1;
	}
	in = input_prepare(html, n, &len);
	if (in == NULL) {
		*msg = N_("could not be read (out of memory)");
		return -1;
	}
	if (attrs_too_many(in, len)) {
		*msg = N_("has a tag with more than 64 attributes");
		goto out;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		*msg = N_("could not be read (out of memory)");
		goto out;
	}
	s->arena = arena_new();
	memset(&root, 0, sizeof(root));
	root.tag = T_ROOT;
	if (parse_tree(s, in, len, &root) < 0) {
		*msg = s->msg != NULL ? s->msg : N_("could not be parsed");
		goto out;
	}
	if (!emit_node(out, &root, 0)) {
		out->len = before;
		out->s[before] = '\0';
		*msg = MSG_DEPTH;
		goto out;
	}
	marks_trim(out, before);
	ret = 0;
out:
	if (s != NULL) {
		arena_free(s->arena);
		free(s);
	}
	free(in);
	return ret;
}

size_t markup_count_links(const char *html)
{
	static const char needle[] = "<a href=";
	const char *p = html;
	size_t count = 0;

	while ((p = strstr(p, needle)) != NULL) {
		count++;
		p += sizeof(needle) - 1;
	}
	return count;
}
