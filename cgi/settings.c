/* settings.c — the table of settings and their checks. */
#include "config.h"

#include <string.h>

#include "settings.h"
#include "util.h"

static const char *check_text(const char *v)
{
	if (text_problem(v, strlen(v), TEXT_LINE) != NULL)
		return "must be one line of UTF-8 text";
	return strlen(v) > 200 ? "must be at most 200 bytes" : NULL;
}

static const char *check_url(const char *v)
{
	size_t n = strlen(v);

	if (n == 0)
		return NULL;
	if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
		return "must start with https:// or http://";
	if (!header_safe(v) || strpbrk(v, " \"'<>\\") != NULL)
		return "must be a URL without spaces or quotes";
	if (v[n - 1] == '/')
		return "must not end with a slash";
	return NULL;
}

static const char *check_sync(const char *v)
{
	return strcmp(v, "full") == 0 || strcmp(v, "normal") == 0 ? NULL :
	    "must be full or normal";
}

static const struct setting_def defs[] = {
	{ "base_url", "", "The public URL of dais's mount point, e.g. "
	    "https://example.org/statements (no trailing slash). Used for "
	    "links in fragments, feeds and e-mails, and as the origin that "
	    "forms must come from. Empty: taken from each request.",
	    check_url },
	{ "db_synchronous", "full", "SQLite synchronous mode: full (an "
	    "acknowledged submission survives a power cut) or normal "
	    "(faster; may lose the last transactions on power loss, never "
	    "corrupts). Read when a worker starts.", check_sync },
	{ "site_name", "Statements", "The name shown in page titles and "
	    "e-mails.", check_text },
	{ NULL, NULL, NULL, NULL },
};

const struct setting_def *setting_find(const char *key)
{
	const struct setting_def *d;

	for (d = defs; d->key != NULL; d++)
		if (strcmp(d->key, key) == 0)
			return d;
	return NULL;
}

const struct setting_def *setting_all(void)
{
	return defs;
}
