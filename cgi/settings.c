/* settings.c — the table of settings and their checks. */
#include "config.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "i18n.h"
#include "settings.h"
#include "store.h"
#include "tz.h"
#include "util.h"

static const char *check_text(const char *v)
{
	if (text_problem(v, strlen(v), TEXT_LINE) != NULL)
		return N_("must be one line of UTF-8 text");
	return strlen(v) > 200 ? N_("must be at most 200 bytes") : NULL;
}

static const char *check_url(const char *v)
{
	size_t n = strlen(v);

	if (n == 0)
		return NULL;
	if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
		return N_("must start with https:// or http://");
	if (!header_safe(v) || strpbrk(v, " \"'<>\\") != NULL)
		return N_("must be a URL without spaces or quotes");
	if (v[n - 1] == '/')
		return N_("must not end with a slash");
	return NULL;
}

/* A whole number from 0 to 1000000. */
static const char *check_count(const char *v)
{
	long long n;

	return parse_ll(v, 0, 1000000, &n) == 0 ? NULL :
	    N_("must be a whole number from 0 to 1000000");
}

static const char *check_words(const char *v)
{
	if (text_problem(v, strlen(v), TEXT_LINE) != NULL)
		return N_("must be one line of UTF-8 text");
	return strlen(v) > 4000 ? N_("must be at most 4000 bytes") : NULL;
}

static const char *check_language(const char *v)
{
	const char *l = i18n_supported(v);

	return l != NULL && strcmp(l, v) == 0 ? NULL :
	    N_("must be one of dais's interface languages: en, fr, es or ar");
}

static const char *check_onoff(const char *v)
{
	return strcmp(v, "on") == 0 || strcmp(v, "off") == 0 ? NULL :
	    N_("must be on or off");
}

static const char *check_hours(const char *v)
{
	long long n;

	return parse_ll(v, 1, 24 * 90, &n) == 0 ? NULL :
	    N_("must be a whole number of hours from 1 to 2160");
}

static const char *check_minutes(const char *v)
{
	long long n;

	return parse_ll(v, 1, 24 * 60, &n) == 0 ? NULL :
	    N_("must be a whole number of minutes from 1 to 1440");
}

static const char *check_seconds(const char *v)
{
	long long n;

	return parse_ll(v, 1, 86400, &n) == 0 ? NULL :
	    N_("must be a whole number of seconds from 1 to 86400");
}

static const char *check_attempts(const char *v)
{
	long long n;

	return parse_ll(v, 1, 100, &n) == 0 ? NULL :
	    N_("must be a whole number from 1 to 100");
}

static const char *check_days(const char *v)
{
	long long n;

	return parse_ll(v, 1, 3650, &n) == 0 ? NULL :
	    N_("must be a whole number of days from 1 to 3650");
}

/* Free text (several lines are kept as one paragraph when shown). */
static const char *check_notice(const char *v)
{
	if (text_problem(v, strlen(v), TEXT_LONG) != NULL)
		return N_("must be UTF-8 text");
	return strlen(v) > 2000 ? N_("must be at most 2000 bytes") : NULL;
}

static const char *check_time_zone(const char *v)
{
	return tz_problem(v);
}

static const char *check_command(const char *v)
{
	if (*v == '\0')
		return NULL;
	if (*v != '/')
		return N_("must start with an absolute path, e.g. "
		    "/usr/sbin/sendmail");
	return check_text(v);
}

static const char *check_origins(const char *v)
{
	const char *p;

	if (strcmp(v, "*") == 0 || *v == '\0')
		return NULL;
	for (p = v; *p != '\0'; p++)
		if (strchr(";,'\"<>\\", *p) != NULL || (unsigned char)*p < 0x20)
			return N_("must be \"*\" or origins like "
			    "https://example.org separated by spaces");
	return check_text(v);
}

static const char *check_dir(const char *v)
{
	if (*v == '\0')
		return NULL;
	if (*v != '/')
		return N_("must be an absolute path");
	return check_text(v);
}

static const char *check_sync(const char *v)
{
	return strcmp(v, "full") == 0 || strcmp(v, "normal") == 0 ? NULL :
	    N_("must be full or normal");
}

/* Addresses and CIDR ranges. The message names the first bad entry, so
 * it is made here, already translated, in a buffer of its own: the
 * callers' _() gives a string that is not a msgid back as it is. */
static const char *check_proxies(const char *v)
{
	static char why[400];
	struct addr_range l[ADDR_LIST_MAX];
	struct addr_range r;
	const char *bad;
	size_t n, len;
	enum addr_result e;
	char fix[ADDR_TEXT_MAX];

	if (text_problem(v, strlen(v), TEXT_LINE) != NULL)
		return N_("must be one line of UTF-8 text");
	if (strlen(v) > 4000)
		return N_("must be at most 4000 bytes");
	e = addr_list_parse(v, l, ADDR_LIST_MAX, &n, &bad, &len);
	if (e == ADDR_OK)
		return NULL;
	if (e == ADDR_BAD && n == ADDR_LIST_MAX)
		return N_("must have at most 64 addresses or ranges");
	if (len > 60) /* shown in part; cut at a character's start */
		for (len = 60; ((unsigned char)bad[len] & 0xc0) == 0x80; len--)
			;
	if (e == ADDR_HOST_BITS) {
		addr_range_parse(bad, len, &r);
		addr_format(r.a, r.bits, fix);
		/* TRANSLATORS: follows "The setting trusted_proxies"; the
		 * first %s is what was typed ("10.0.0.1/8"), the second the
		 * range it would mean ("10.0.0.0/8"). */
		snprintf(why, sizeof(why), _("has “%.*s”, a range with "
		    "bits set after its prefix length: write %s if that "
		    "range is meant"), (int)len, bad, fix);
		return why;
	}
	/* TRANSLATORS: follows "The setting trusted_proxies"; %s is what
	 * was typed. */
	snprintf(why, sizeof(why), _("has “%.*s”, which is not an IP address "
	    "or CIDR range: write addresses or ranges such as 192.0.2.10, "
	    "10.0.0.0/8 or 2001:db8::/32, separated by spaces"), (int)len, bad);
	return why;
}

static const struct setting_choice sync_choices[] = {
	{ "full", N_("Full (safest)") },
	{ "normal", N_("Normal (faster)") },
	{ NULL, NULL },
};

const struct setting_group_def setting_groups[SG__COUNT] = {
#define GROUP(id, slug, title) [SG_##id] = { slug, title },
#define SETTING(key, dflt, check, group, type, label, help)
#define INTERNAL(key)
#include "settings.def"
#undef SETTING
#undef INTERNAL
#undef GROUP
};

enum setting_group setting_group_find(const char *slug)
{
	int g;

	for (g = 0; g < SG__COUNT; g++)
		if (strcmp(setting_groups[g].slug, slug) == 0)
			return (enum setting_group)g;
	return SG__COUNT;
}

/* The types of settings.def, as the fields of a setting_def. */
#define T_TEXT .type = SETTING_TEXT
#define T_LONG .type = SETTING_LONG
#define T_NUMBER(lo, hi) .type = SETTING_NUMBER, .min = (lo), .max = (hi)
#define T_ONOFF .type = SETTING_ONOFF
#define T_LANGUAGE .type = SETTING_LANGUAGE
#define T_CHOICE(list) .type = SETTING_CHOICE, .choices = (list)

/* Indexed by enum setting_key: the listed settings, the NULL entry that ends
 * setting_all() (SET__PUBLIC), then the internal ones. */
static const struct setting_def defs[] = {
#define GROUP(id, slug, title)
#define SETTING(key_, dflt_, check_, group_, type_, label_, help_) \
	{ .key = #key_, .dflt = dflt_, .help = help_, .check = check_, \
	    .group = SG_##group_, .label = label_, type_ },
#define INTERNAL(key)
#include "settings.def"
#undef SETTING
#undef INTERNAL
	{ NULL, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL },
#define SETTING(key, dflt, check, group, type, label, help)
#define INTERNAL(key_) { .key = #key_, .dflt = "" },
#include "settings.def"
#undef SETTING
#undef INTERNAL
#undef GROUP
};
_Static_assert(ARRAY_LEN(defs) == SET__COUNT, "defs[] follows the enum");

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

const char *setting_get(struct store *st, struct arena *a,
    enum setting_key key)
{
	assert(key < SET__COUNT && key != SET__PUBLIC);
	return store_setting(st, a, defs[key].key, defs[key].dflt);
}

long long setting_int(struct store *st, enum setting_key key)
{
	long long dflt = 0;

	assert(key < SET__COUNT && key != SET__PUBLIC);
	parse_ll(defs[key].dflt, 0, 1000000, &dflt);
	return store_setting_int(st, defs[key].key, dflt);
}

int setting_set(struct store *st, enum setting_key key, const char *value)
{
	assert(key < SET__COUNT && key != SET__PUBLIC);
	return store_setting_set(st, defs[key].key, value);
}
