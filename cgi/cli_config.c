/* cli_config.c — `dais config list|get|set`: the settings (settings.c
 * holds their table, checks and help). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "settings.h"
#include "store.h"
#include "util.h"

static int config_list(struct store *st, struct arena *a)
{
	const struct setting_def *d;

	for (d = setting_all(); d->key != NULL; d++)
		printf("%s=%s\n", d->key, store_setting(st, a, d->key, d->dflt));
	return 0;
}

static int config_get(struct store *st, struct arena *a, const char *key)
{
	const struct setting_def *d = setting_find(key);

	if (d == NULL) {
		fprintf(stderr, "dais: no setting %s (see dais help config)\n",
		    key);
		return 1;
	}
	printf("%s\n", store_setting(st, a, d->key, d->dflt));
	return 0;
}

/* Checks and saves the value; *render is set when the setting is written
 * into every fragment. */
static int config_set(struct store *st, const char *key, const char *value,
    int *render)
{
	const struct setting_def *d = setting_find(key);
	const char *why = d ? d->check(value) : "is not a setting (see dais "
	    "help config)";

	if (why != NULL) {
		fprintf(stderr, "dais: %s %s\n", key, why);
		return 1;
	}
	if (store_setting_set(st, d->key, value) != 0) {
		fprintf(stderr, "dais: cannot save %s\n", d->key);
		return 1;
	}
	*render = strcmp(d->key, SETTING_NAME(base_url)) == 0 ||
	    strcmp(d->key, SETTING_NAME(default_language)) == 0 ||
	    strcmp(d->key, SETTING_NAME(site_name)) == 0;
	return 0;
}

int cmd_config(struct cli *c, int argc, char **argv)
{
	struct store *st;
	struct arena *a;
	int rc, render = 0;

	if (argc < 2)
		return cli_usage(c, "config list | get KEY | set KEY VALUE");
	if ((st = cli_store(c)) == NULL)
		return 1;
	a = arena_new();
	if (strcmp(argv[1], "list") == 0 && argc == 2)
		rc = config_list(st, a);
	else if (strcmp(argv[1], "get") == 0 && argc == 3)
		rc = config_get(st, a, argv[2]);
	else if (strcmp(argv[1], "set") == 0 && argc == 4)
		rc = config_set(st, argv[2], argv[3], &render);
	else
		rc = cli_usage(c, "config list | get KEY | set KEY VALUE");
	arena_free(a);
	store_close(st);
	if (render && cmd_render(c, 1, argv) != 0) {
		fprintf(stderr, "dais: the fragments will be rendered again "
		    "when dais serve next starts\n");
		rc = 1;
	}
	return rc;
}
