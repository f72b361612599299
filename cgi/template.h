/* template.h — dais's logic-less templates (templates/NAME.html).
 *
 * Syntax (whitespace inside the braces is allowed):
 *   {{name}}            the field, escaped for HTML text and attributes
 *   {{&name_html}}      HTML that the sanitizer produced, inserted as is; the
 *                       name must end in "_html" and the value must have been
 *                       set with tv_sanitized(), else it is escaped
 *   {{#name}}…{{/name}} section: once per item of a list, once for a true
 *                       boolean or a non-empty string, else not at all
 *   {{^name}}…{{/name}} inverted section: when the field is missing, false,
 *                       empty or an empty list
 *   {{>name}}           partial: templates/name.html, inlined at load
 *   {{_ Some text}}     a translatable UI string: its translation in the
 *                       language of i18n_use() (cgi/i18n.h), as text (no
 *                       <, &, { or } in it)
 *   {{_ Sent by %s | name}}
 *                       the same, its placeholders (%s in order, or %1$s
 *                       %2$s…) filled with the fields named after "|",
 *                       escaped; at most TMPL_MAX_ARGS fields
 *   {{! comment }}      nothing
 * Every field name must be listed in tmplfields.def; a name not there, an
 * unbalanced section, an unknown partial or a partial cycle fails the load
 * with "file:line: message", so `dais serve` refuses to start rather than
 * fail at request time. Inside a section, names are looked up in the
 * section's item first, then outwards.
 */
#ifndef DAIS_TEMPLATE_H
#define DAIS_TEMPLATE_H

#include <stddef.h>

struct arena;
struct buf;

#define TMPL_MAX_ARGS 4

enum tf {
#define TF(n) TF_##n,
#include "tmplfields.def"
#undef TF
	TF__COUNT
};

/* Field name <-> enum. tf_lookup returns TF__COUNT when unknown. */
const char *tf_name(enum tf f);
enum tf tf_lookup(const char *name, size_t n);

/* ---- data given to a template -------------------------------------------- */

struct tv;

struct tv *tv_new(struct arena *a);
/* Setting a field twice replaces the first value. s may be NULL (unset). */
void tv_str(struct tv *o, enum tf f, const char *s);
void tv_int(struct tv *o, enum tf f, long long v);
void tv_bool(struct tv *o, enum tf f, int v);
/* Only for output of the sanitizer (or of a template rendered into a
 * buffer): the one way to give {{&name_html}} unescaped markup. */
void tv_sanitized(struct tv *o, enum tf f, const char *html);
/* Appends a new item to the list f and returns it. */
struct tv *tv_add(struct tv *o, enum tf f);
/* Reads back a string field (NULL when unset or not a string). */
const char *tv_get(const struct tv *o, enum tf f);

/* ---- compiled templates --------------------------------------------------- */

struct tmpl_set;
struct tmpl;

/* Compiles every *.html file of dir. NULL on error, with the message
 * ("file:line: what") appended to err. */
struct tmpl_set *tmpl_load(const char *dir, struct buf *err);
/* The same from memory: names[i] is the template name (no ".html"),
 * srcs[i] its text. For tests and fuzzing. */
struct tmpl_set *tmpl_load_mem(const char *const *names,
    const char *const *srcs, size_t count, struct buf *err);
void tmpl_free(struct tmpl_set *set);
/* Template by name without ".html", or NULL. */
const struct tmpl *tmpl_get(const struct tmpl_set *set, const char *name);
/* Appends the rendering of t with data to out. */
void tmpl_render(const struct tmpl *t, const struct tv *data, struct buf *out);
/* A hex digest of every template's source: part of the renderer version
 * stored with published fragments. */
const char *tmpl_digest(const struct tmpl_set *set);

#endif
