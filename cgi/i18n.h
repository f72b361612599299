/* i18n.h — the interface languages: English in the source, every other
 * language from a GNU gettext catalog (po/LANG.po) compiled into the binary.
 * No system locale and no setlocale(): a worker serves any language on any
 * request. The strings looked up follow the language set by i18n_use(),
 * which a request sets once it knows its reader's language.
 *
 * Marking strings (xgettext reads these, see po/Makevars.sh):
 *   _("text")                  translated now
 *   N_("text")                 only marked: for static tables, translated
 *                              where shown with _(table[i].label)
 *   C_("context", "text")      translated, with a context that tells two
 *                              identical English strings apart
 *   NC_("context", "text")     only marked, with a context: shown with
 *                              C_("context", table[i].text)
 *   NG_("one", "many", n)      the plural form for n, by the catalog's
 *                              Plural-Forms
 */
#ifndef DAIS_I18N_H
#define DAIS_I18N_H

#define _(s) i18n_gettext(s)
#define N_(s) (s)
#define C_(ctx, s) i18n_pgettext(ctx, s)
#define NC_(ctx, s) (s) /* marked with a context: shown with C_(ctx, …) */
#define NG_(one, many, n) i18n_ngettext(one, many, n)

/* format_arg: a translated printf format is checked like the literal
 * (-Wformat-nonliteral stays on). */
const char *i18n_gettext(const char *msgid)
    __attribute__((format_arg(1)));
const char *i18n_pgettext(const char *context, const char *msgid)
    __attribute__((format_arg(2)));
const char *i18n_ngettext(const char *one, const char *many,
    unsigned long n) __attribute__((format_arg(1), format_arg(2)));

/* The interface languages, the source language ("en") first; NULL ends. */
extern const char *const i18n_languages[];

/* The interface language for tag: the language itself when dais has it,
 * else its primary subtag when dais has that ("fr-CA" -> "fr"), else NULL.
 * The result is one of i18n_languages. */
const char *i18n_supported(const char *tag);

/* The interface language for an Accept-Language header (RFC 9110: q-values
 * honoured, "*" and q=0 handled), or NULL when it names none of ours. */
const char *i18n_negotiate(const char *accept_language);

/* The language's name in itself ("Français", "العربية"), for switchers. */
const char *i18n_autonym(const char *lang);

/* Sets the language of the strings looked up from now on and returns the
 * one before. lang must be one of i18n_languages (else: the source). */
const char *i18n_use(const char *lang);
const char *i18n_current(void);

struct buf;
/* Loads the compiled-in catalogs; 0, or -1 with a message in err (a catalog
 * whose Plural-Forms does not parse, a malformed .mo). Idempotent. */
int i18n_init(struct buf *err);

/* The compiled-in catalogs (cgi/i18n_gen.c, from po/embed.sh): a .mo file
 * per language; a NULL lang ends the table. */
struct i18n_mo {
	const char *lang;
	const unsigned char *data;
	unsigned long len;
};
extern const struct i18n_mo i18n_mo[];

/* One .mo catalog, checked whole when opened (every string inside the
 * data and terminated, Plural-Forms parsed). The data must outlive it. */
struct i18n_cat;
struct i18n_cat *i18n_cat_open(const void *mo, unsigned long len,
    struct buf *err);
void i18n_cat_close(struct i18n_cat *c);
/* The translation of msgid (with context ctx unless NULL; with plural and
 * n, the form for n), or NULL when the catalog has none. */
const char *i18n_cat_lookup(const struct i18n_cat *c, const char *ctx,
    const char *msgid, const char *plural, unsigned long n);

/* For tests and fuzzing: the plural form index for n by a Plural-Forms
 * expression ("n != 1", "n==0 ? 0 : n==1 ? 1 : …"), or -1 when the
 * expression does not parse. */
long i18n_plural_eval(const char *expr, unsigned long n);

#endif
