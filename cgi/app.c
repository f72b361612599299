/* app.c — per-worker state: opening it, reloading the templates and the
 * static files (stylesheets, scripts) read with them. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "fragcache.h"
#include "i18n.h"
#include "publish.h"
#include "request.h"
#include "store.h"
#include "template.h"
#include "token.h"

static const struct {
	const char *name, *ctype;
} asset_files[] = {
	{ "dais.css", "text/css; charset=utf-8" },
	{ "dais-fragment.css", "text/css; charset=utf-8" },
	{ "frame.js", "text/javascript; charset=utf-8" },
	{ "embed.js", "text/javascript; charset=utf-8" },
	{ "copy.js", "text/javascript; charset=utf-8" },
	{ "queue.js", "text/javascript; charset=utf-8" },
};

/* Reads the stylesheets and scripts of the templates folder, each with an
 * ETag of its digest. */
static void app_read_assets(struct app *app)
{
	unsigned char h[12];
	char path[4096], tmp[8192];
	size_t n, i;
	FILE *f;

	for (i = 0; i < ARRAY_LEN(asset_files); i++) {
		struct asset *a = &app->assets[i];

		a->name = asset_files[i].name;
		a->ctype = asset_files[i].ctype;
		buf_reset(&a->data);
		snprintf(path, sizeof(path), "%s/%s", app->tmpl_dir, a->name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0 &&
		    a->data.len < 1 << 20)
			buf_put(&a->data, tmp, n);
		fclose(f);
		crypto_generichash(h, sizeof(h),
		    (const unsigned char *)a->data.s, a->data.len, NULL, 0);
		a->etag[0] = '"';
		hex_encode(a->etag + 1, h, sizeof(h));
		strcat(a->etag, "\"");
	}
}

const struct asset *app_asset(const struct app *app, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(app->assets); i++)
		if (app->assets[i].name != NULL &&
		    strcmp(app->assets[i].name, name) == 0 &&
		    app->assets[i].data.len > 0)
			return &app->assets[i];
	return NULL;
}

int app_open(struct app *app, const char *db_path, const char *tmpl_dir)
{
	struct buf err;

	memset(app, 0, sizeof(*app));
	buf_init(&err);
	buf_init(&app->body);
	buf_init(&app->head);
	for (size_t i = 0; i < ARRAY_LEN(app->assets); i++)
		buf_init(&app->assets[i].data);
	app->db_path = db_path;
	app->tmpl_dir = tmpl_dir;
	app->arena = arena_new();
	app->fcache = fragcache_new(); /* NULL: every GET reads SQLite */
	app->st = store_open(db_path, STORE_RW, &err);
	if (app->st == NULL)
		goto fail;
	if (token_load_secret(app->st, app->secret) != 0) {
		buf_printf(&err, "%s has no secret key: run `dais init`",
		    db_path);
		goto fail;
	}
	if (i18n_init(&err) != 0)
		goto fail;
	app->tmpl = tmpl_load(tmpl_dir, &err);
	if (app->tmpl == NULL)
		goto fail;
	app_read_assets(app);
	{
		struct publisher p;

		publisher_init(&p, app->st, app->arena, app->tmpl, NULL);
		if (publish_check_version(&p) != 0)
			log_err("rendering the fragments again failed; they "
			    "keep their earlier version for now");
		arena_reset(app->arena);
	}
	buf_free(&err);
	return 0;
fail:
	log_err("%s", err.s);
	buf_free(&err);
	app_close(app);
	return -1;
}

void app_close(struct app *app)
{
	store_close(app->st);
	fragcache_free(app->fcache);
	tmpl_free(app->tmpl);
	arena_free(app->arena);
	buf_free(&app->body);
	buf_free(&app->head);
	for (size_t i = 0; i < ARRAY_LEN(app->assets); i++)
		buf_free(&app->assets[i].data);
	memset(app, 0, sizeof(*app));
}

/* Recompiles the templates; on error the old ones stay in use. */
void app_reload(struct app *app)
{
	struct buf err;
	struct tmpl_set *t;

	buf_init(&err);
	t = tmpl_load(app->tmpl_dir, &err);
	if (t == NULL) {
		log_err("reload refused, keeping the old templates: %s", err.s);
	} else {
		tmpl_free(app->tmpl);
		app->tmpl = t;
		app_read_assets(app);
		log_info("templates reloaded");
	}
	buf_free(&err);
}
