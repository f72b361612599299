/* settings.h — every setting dais has: its key, default, help and check.
 * Settings live in the database (the setting table), so the one SQLite file
 * is the whole installation; `dais config` reads and writes them. The keys
 * are declared once, in settings.def. */
#ifndef DAIS_SETTINGS_H
#define DAIS_SETTINGS_H

/* SET_base_url, …: the listed settings, then SET__PUBLIC, then the internal
 * keys. A key that is not in settings.def does not compile. */
enum setting_key {
#define SETTING(key, dflt, check, help) SET_##key,
#define INTERNAL(key)
#include "settings.def"
#undef SETTING
#undef INTERNAL
	SET__PUBLIC,
#define SETTING(key, dflt, check, help)
#define INTERNAL(key) SET_##key,
#include "settings.def"
#undef SETTING
#undef INTERNAL
	SET__COUNT
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
