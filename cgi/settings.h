/* settings.h — every setting dais has: its key, default, help and check.
 * Settings live in the database (the setting table), so the one SQLite file
 * is the whole installation; `dais config` reads and writes them. The keys
 * are declared once, in settings.def. */
#ifndef DAIS_SETTINGS_H
#define DAIS_SETTINGS_H

/* SET_base_url, …: the listed settings, then SET__PUBLIC, then the internal
 * keys. A key that is not in settings.def does not compile. */
enum setting_key {
#define GROUP(id, slug, title)
#define SETTING(key, dflt, check, group, type, label, help) SET_##key,
#define INTERNAL(key)
#include "settings.def"
#undef SETTING
#undef INTERNAL
	SET__PUBLIC,
#define SETTING(key, dflt, check, group, type, label, help)
#define INTERNAL(key) SET_##key,
#include "settings.def"
#undef SETTING
#undef INTERNAL
#undef GROUP
	SET__COUNT
};

/* SG_SITE, …: the parts of the settings on /admin, in their order. */
enum setting_group {
#define GROUP(id, slug, title) SG_##id,
#define SETTING(key, dflt, check, group, type, label, help)
#define INTERNAL(key)
#include "settings.def"
#undef SETTING
#undef INTERNAL
#undef GROUP
	SG__COUNT
};

struct setting_group_def {
	const char *slug;    /* in the form and the page's ids */
	const char *title;   /* N_() */
};
/* Indexed by enum setting_group. */
extern const struct setting_group_def setting_groups[SG__COUNT];
/* The group whose slug this is, or SG__COUNT. */
enum setting_group setting_group_find(const char *slug);

/* The control a setting gets on /admin. */
enum setting_type {
	SETTING_TEXT,      /* one line */
	SETTING_LONG,      /* several lines */
	SETTING_NUMBER,    /* a whole number from min to max */
	SETTING_ONOFF,     /* "on" or "off" */
	SETTING_LANGUAGE,  /* one of i18n_languages */
	SETTING_CHOICE,    /* one of choices */
};

/* A value of a SETTING_CHOICE setting and its label (N_()); the table
 * ends with value == NULL. */
struct setting_choice {
	const char *value;
	const char *label;
};

/* The name of a key as the setting table stores it, for code that reads
 * the table with its own statement or a table (no call: store.c sits below
 * this); a constant expression. */
#define SETTING_NAME(key) (&#key[0 * SET_##key])

struct setting_def {
	const char *key;
	const char *dflt;
	const char *help;
	/* NULL when value is acceptable, else why not. */
	const char *(*check)(const char *value);
	enum setting_group group;
	const char *label;   /* N_(): the plain name /admin shows */
	enum setting_type type;
	long long min, max;  /* SETTING_NUMBER */
	const struct setting_choice *choices; /* SETTING_CHOICE */
};

/* A listed setting by name (`dais config get KEY`), or NULL: internal keys
 * are not found. */
const struct setting_def *setting_find(const char *key);

struct arena;
struct store;
/* The value of a setting, or its default. */
const char *setting_get(struct store *st, struct arena *a,
    enum setting_key key);
long long setting_int(struct store *st, enum setting_key key);
/* Stores value (NULL: deletes it); 0 or -1. No check: callers check. */
int setting_set(struct store *st, enum setting_key key, const char *value);
const struct setting_def *setting_all(void); /* ends with key == NULL */

#endif
