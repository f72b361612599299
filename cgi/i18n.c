/* i18n.c — see i18n.h. (First step: the source language only.) */
#include "config.h"

#include <stddef.h>

#include "i18n.h"

const char *const i18n_languages[] = { "en", "fr", "es", "ar", NULL };

static const char *current = "en";

const char *i18n_gettext(const char *msgid) { return msgid; }
const char *i18n_pgettext(const char *context, const char *msgid)
{
	(void)context;
	return msgid;
}
const char *i18n_ngettext(const char *one, const char *many, unsigned long n)
{
	return n == 1 ? one : many;
}
const char *i18n_use(const char *lang)
{
	const char *prev = current;

	current = lang ? lang : "en";
	return prev;
}
const char *i18n_current(void) { return current; }
