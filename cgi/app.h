/* app.h — per-worker state: what a worker opens once when it starts (the
 * store, the templates, the secret, the static files) and keeps between
 * requests, and reloads on SIGHUP. */
#ifndef DAIS_APP_H
#define DAIS_APP_H

#include "util.h"

struct fragcache;
struct store;
struct tmpl_set;

/* Per-worker state: made once when a worker starts. */
struct app {
	const char *db_path;
	const char *tmpl_dir;
	struct store *st;
	struct tmpl_set *tmpl;
	unsigned char secret[32]; /* keyed MACs: form tokens */
	struct buf body;          /* the response body, reused */
	struct buf head;          /* extra response headers, reused */
	struct arena *arena;      /* the request arena, reset per request */
	struct fragcache *fcache; /* fragments served last (fragcache.h) */
	struct asset {
		const char *name;  /* a file of the templates folder */
		const char *ctype;
		struct buf data;
		char etag[28];
	} assets[6];              /* stylesheets and scripts, read with them */
	struct app_cfg {          /* settings of the hot path, re-read every */
		long long loaded;     /* few seconds, not per request */
		long long max_age, swr;
		char cache_control[96]; /* of a fragment, from those two */
		char cors[512];
		char frame_ancestors[512];
		const char *default_language; /* one of i18n_languages */
	} cfg;
};

/* The static file of that name, or NULL. */
const struct asset *app_asset(const struct app *app, const char *name);

/* Makes the per-worker state: opens the store, compiles the templates,
 * loads the secret. 0, or -1 after logging why. */
int app_open(struct app *app, const char *db_path, const char *tmpl_dir);
void app_close(struct app *app);

/* Recompiles the templates; on error the old ones stay in use. */
void app_reload(struct app *app);

#endif
