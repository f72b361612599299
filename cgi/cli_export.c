/* cli_export.c — `dais export` (the archive as JSON or CSV on stdout, or
 * everything stored about one address) and `dais import` (a JSON export,
 * or the catalogue from CSV). export.c does the work, shared with GET
 * /admin/export. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "store.h"
#include "util.h"

/* The largest file `dais import` reads (JSON), and a CSV of the
 * catalogue. */
#define IMPORT_MAX_JSON (512L * 1024 * 1024)
#define IMPORT_MAX_CSV (8L * 1024 * 1024)

int cmd_export_archive(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "event", required_argument, NULL, 'e' },
		{ "org", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ "state", required_argument, NULL, 's' },
		{ "since", required_argument, NULL, 'd' },
		{ "submitter", required_argument, NULL, 'm' },
		{ "bom", no_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_filter f;
	const char *format = "json", *why, *field;
	struct store *st;
	struct buf out;
	int ch, bom = 0, rc;

	memset(&f, 0, sizeof(f));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': format = optarg; break;
		case 'e': f.event = optarg; break;
		case 'o': f.org = optarg; break;
		case 'l': f.lang = optarg; break;
		case 's': f.state = optarg; break;
		case 'd': f.since = optarg; break;
		case 'm': f.submitter = optarg; break;
		case 'b': bom = 1; break;
		default: return cli_usage(c, NULL);
		}
	}
	if (optind != argc || (strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0))
		return cli_usage(c, "export --format json|csv [--event SLUG] "
		    "[--org SLUG] [--lang L] [--state S] [--since YYYY-MM-DD] "
		    "[--submitter ADDRESS] [--bom]");
	if ((why = export_filter_problem(&f, &field)) != NULL) {
		fprintf(stderr, "dais: --%s: %s\n", field, why);
		return 2;
	}
	if ((st = cli_store(c)) == NULL)
		return 1;
	buf_init(&out);
	rc = strcmp(format, "csv") == 0 ? export_csv(st, &f, bom, &out) :
	    export_json(st, &f, &out);
	if (rc == 0 && (fwrite(out.s, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0)) {
		fprintf(stderr, "dais: cannot write the export: %s\n",
		    strerror(errno));
		rc = -1;
	} else if (rc != 0) {
		fprintf(stderr, "dais: the export failed: %s\n",
		    sqlite3_errmsg(st->db));
	}
	buf_free(&out);
	store_close(st);
	return rc != 0;
}

/* Reads path ("-": stdin) whole into b, at most max bytes. */
static int read_file(const char *path, long max, struct buf *b)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "dais: cannot open %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if ((long)(b->len + n) > max) {
			fprintf(stderr, "dais: %s is larger than %ld bytes\n",
			    path, max);
			if (f != stdin)
				fclose(f);
			return -1;
		}
		buf_put(b, chunk, n);
	}
	if (ferror(f)) {
		fprintf(stderr, "dais: cannot read %s\n", path);
		if (f != stdin)
			fclose(f);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	buf_putc(b, '\0');
	b->len--;
	return 0;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	enum { JSON, ORGS, SESSIONS } what = JSON;
	const char *why = NULL, *file, *event = NULL;
	long long added = 0;
	struct store *st;
	struct arena *a;
	struct buf in;
	int rc;

	if (argc == 2 && argv[1][0] != '-') {
		file = argv[1];
	} else if (argc == 3 && strcmp(argv[1], "--organisations") == 0) {
		what = ORGS;
		file = argv[2];
	} else if (argc == 4 && strcmp(argv[1], "--sessions") == 0) {
		what = SESSIONS;
		event = argv[2];
		file = argv[3];
	} else {
		return cli_usage(c, "import FILE.json | import --organisations "
		    "FILE.csv | import --sessions EVENT FILE.csv");
	}
	buf_init(&in);
	if (read_file(file, what == JSON ? IMPORT_MAX_JSON : IMPORT_MAX_CSV,
	    &in) != 0) {
		buf_free(&in);
		return 1;
	}
	if ((st = cli_store(c)) == NULL) {
		buf_free(&in);
		return 1;
	}
	a = arena_new();
	if (what == JSON)
		rc = import_json(st, a, in.s, in.len, &why, &added);
	else if (what == ORGS)
		rc = import_orgs_csv(st, a, in.s, in.len, &why, &added);
	else
		rc = import_sessions_csv(st, a, event, in.s, in.len, &why,
		    &added);
	if (rc != 0)
		fprintf(stderr, "dais: %s: %s (nothing was imported)\n", file,
		    why != NULL ? why : "the import failed");
	else
		printf("%lld added\n", added);
	arena_free(a);
	buf_free(&in);
	store_close(st);
	if (rc == 0 && what == JSON && added > 0) {
		/* The fragments of what was added: `dais render`. Nothing
		 * added, nothing changed (not the search index either). */
		char *rargv[] = { "render", NULL };

		rc = cmd_render(c, 1, rargv);
	}
	return rc != 0;
}
