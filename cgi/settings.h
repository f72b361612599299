/* settings.h — every setting dais has: its key, default, help and check.
 * Settings live in the database (the setting table), so the one SQLite file
 * is the whole installation; `dais config` reads and writes them. */
#ifndef DAIS_SETTINGS_H
#define DAIS_SETTINGS_H

struct setting_def {
	const char *key;
	const char *dflt;
	const char *help;
	/* NULL when value is acceptable, else why not. */
	const char *(*check)(const char *value);
};

const struct setting_def *setting_find(const char *key);

struct arena;
struct store;
/* The value of a setting, or its default; key must be in the table. */
const char *setting_get(struct store *st, struct arena *a, const char *key);
long long setting_int(struct store *st, const char *key);
const struct setting_def *setting_all(void); /* ends with key == NULL */

#endif
