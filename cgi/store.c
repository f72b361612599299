/* store.c — SQLite connection, pragmas, migrations and prepared statements. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "markup.h"
#include "settings.h"
#include "store.h"
#include "util.h"

static const char *const sql_text_of[SQL__COUNT] = {
#define SQL(id, text) text,
#include "sql.def"
#undef SQL
};

#define BUSY_TIMEOUT_MS 5000

int store_schema_latest(void)
{
	int v = 0;
	const struct migration *m;

	for (m = store_migrations; m->sql != NULL; m++)
		if (m->version > v)
			v = m->version;
	return v;
}

static int pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

int store_schema_version(struct store *st)
{
	return pragma_int(st->db, "PRAGMA user_version");
}

/* Applies each migration newer than the file's user_version, each in its own
 * transaction together with the new user_version, so a failure leaves the
 * file at the last good version. */
static int store_migrate(sqlite3 *db, struct buf *err)
{
	const struct migration *m;
	int have = pragma_int(db, "PRAGMA user_version");
	char *msg = NULL;

	if (have < 0) {
		buf_printf(err, "cannot read the schema version: %s",
		    sqlite3_errmsg(db));
		return -1;
	}
	if (have > store_schema_latest()) {
		buf_printf(err, "the database has schema version %d, newer than "
		    "this dais (%d): use a newer dais", have,
		    store_schema_latest());
		return -1;
	}
	for (m = store_migrations; m->sql != NULL; m++) {
		char pragma[64];

		if (m->version <= have)
			continue;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		    m->version);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) ||
		    sqlite3_exec(db, m->sql, NULL, NULL, &msg) ||
		    sqlite3_exec(db, pragma, NULL, NULL, &msg) ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, &msg)) {
			buf_printf(err, "migration %s failed: %s", m->name,
			    msg ? msg : sqlite3_errmsg(db));
			sqlite3_free(msg);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		log_info("applied migration %s", m->name);
	}
	return 0;
}

/* dais_text(html): the text of sanitized HTML (markup_text), for the
 * search index (schema/014-search.sql): its migration fills the index with
 * it, and the publish path adds each statement with it (search.c). */
static void sql_dais_text(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	const char *html = (const char *)sqlite3_value_text(v[0]);
	struct buf out;

	(void)argc;
	if (html == NULL) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	buf_init(&out);
	if (markup_text(html, (size_t)sqlite3_value_bytes(v[0]), &out) != 0) {
		/* Never a moderator's decision failed for the index's sake:
		 * the statement is found by its other columns, and the log
		 * says why. */
		buf_free(&out);
		log_err("search index: the text of a statement could not be "
		    "read from its HTML; indexed without it");
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	sqlite3_result_text(ctx, out.s ? out.s : "", (int)out.len,
	    SQLITE_TRANSIENT);
	buf_free(&out);
}

static int store_pragmas(sqlite3 *db, struct buf *err)
{
	char *msg = NULL;

	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	if (sqlite3_create_function_v2(db, "dais_text", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_dais_text, NULL,
	    NULL, NULL) != SQLITE_OK) {
		buf_printf(err, "%s", sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA secure_delete = ON;"
	    "PRAGMA synchronous = FULL;", NULL, NULL, &msg) != SQLITE_OK) {
		buf_printf(err, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* synchronous=NORMAL only when the operator asked for it: an acknowledged
 * submission must survive a power cut by default. */
static void store_sync_setting(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, SQL_SETTING_GET);

	sql_text(s, 1, SETTING_NAME(db_synchronous));
	if (sqlite3_step(s) == SQLITE_ROW &&
	    strcmp(sql_col(s, 0), "normal") == 0)
		sqlite3_exec(st->db, "PRAGMA synchronous = NORMAL", NULL, NULL,
		    NULL);
	sqlite3_reset(s);
}

static int store_prepare_all(struct store *st, struct buf *err)
{
	int i;

	for (i = 0; i < SQL__COUNT; i++) {
		if (sqlite3_prepare_v3(st->db, sql_text_of[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &st->stmt[i], NULL) !=
		    SQLITE_OK) {
			buf_printf(err, "cannot prepare statement %d (%.60s…): "
			    "%s", i, sql_text_of[i], sqlite3_errmsg(st->db));
			return -1;
		}
	}
	return 0;
}

struct store *store_open(const char *path, enum store_mode mode,
    struct buf *err)
{
	struct store *st = calloc(1, sizeof(*st));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	struct stat sb;
	int have;

	if (st == NULL) {
		buf_puts(err, "out of memory");
		return NULL;
	}
	if (mode == STORE_MIGRATE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		buf_printf(err, "cannot open %s: %s", path,
		    st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	if (store_pragmas(st->db, err) != 0) {
		buf_printf(err, " (%s)", path);
		goto fail;
	}
	if (mode == STORE_MIGRATE && store_migrate(st->db, err) != 0)
		goto fail;
	have = pragma_int(st->db, "PRAGMA user_version");
	if (have != store_schema_latest()) {
		buf_printf(err, "%s has schema version %d, this dais needs %d: "
		    "run `dais --db %s init`", path, have,
		    store_schema_latest(), path);
		goto fail;
	}
	if (store_prepare_all(st, err) != 0)
		goto fail;
	store_sync_setting(st);
	st->path = sqlite3_db_filename(st->db, "main");
	if (stat(st->path, &sb) == 0) {
		st->dev = sb.st_dev;
		st->ino = sb.st_ino;
	}
	return st;
fail:
	store_close(st);
	return NULL;
}

/* SQLite's own threshold (PRAGMA wal_autocheckpoint's default). */
#define CHECKPOINT_FRAMES 1000

static int wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)db;
	(void)name;
	((struct store *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

void store_defer_checkpoints(struct store *st)
{
	sqlite3_wal_hook(st->db, wal_hook, st); /* replaces the automatic one */
}

void store_idle(struct store *st)
{
	if (st->wal_frames < CHECKPOINT_FRAMES)
		return;
	st->wal_frames = 0;
	sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
}

void store_close(struct store *st)
{
	int i;

	if (st == NULL)
		return;
	for (i = 0; i < SQL__COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st);
}

sqlite3_stmt *store_stmt(struct store *st, enum sql_id id)
{
	sqlite3_stmt *s = st->stmt[id];

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

int store_exec(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	sqlite3_reset(s);
	return rc;
}

int store_exec_one(struct store *st, sqlite3_stmt *s)
{
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	return sqlite3_changes(st->db) == 1 ? 0 : 1;
}

sqlite3_stmt *store_row(struct store *st, enum sql_id id, const char *key)
{
	sqlite3_stmt *s = store_stmt(st, id);

	sql_text(s, 1, key);
	if (sqlite3_step(s) == SQLITE_ROW)
		return s;
	sqlite3_reset(s);
	return NULL;
}

/* A change re-renders the fragments it touches: in an event of 1,000
 * statements it reads and writes more pages than SQLite's default cache
 * (2 MB) holds, which then spills written pages to the WAL and reads the
 * same pages again and again (10 MB read per approval there). So a
 * writer's transaction has a larger cache, given back at its end; readers
 * keep the default, so a worker serving fragments stays small. */
static void store_cache(struct store *st, int write)
{
	store_exec(store_stmt(st, write ? SQL_CACHE_WRITE : SQL_CACHE_READ));
}

int store_begin(struct store *st)
{
	int rc = store_exec(store_stmt(st, SQL_TX_BEGIN));

	if (rc != SQLITE_DONE)
		return rc;
	st->in_tx = 1;
	store_cache(st, 1);
	return 0;
}

/* store_begin() that does not wait for another writer: SQLITE_BUSY at
 * once when one holds the lock. */
int store_begin_nowait(struct store *st)
{
	int rc;

	sqlite3_busy_timeout(st->db, 0);
	rc = store_begin(st);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	return rc;
}

int store_commit(struct store *st)
{
	int rc = store_exec(store_stmt(st, SQL_TX_COMMIT));

	if (rc != SQLITE_DONE) {
		store_rollback(st);
		return rc;
	}
	st->in_tx = 0;
	store_cache(st, 0);
	return 0;
}

void store_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db) == 0)
		store_exec(store_stmt(st, SQL_TX_ROLLBACK));
	st->in_tx = 0;
	store_cache(st, 0);
}

/* The WAL index (SQLite's "WAL-mode file format", the wal-index header):
 * two copies of a 48-byte header at the start of the shared memory; a
 * committing writer writes the second copy, then the first, before its
 * COMMIT returns. The header holds the version of the format (3007000),
 * a flag set once it is initialised, a counter of transactions, the last
 * frame of the WAL and its checksum, the database's size and the WAL's
 * salts (new when the WAL starts again from its beginning), so a commit
 * always changes it, and a checkpoint (which copies committed pages into
 * the database file) changes nothing a reader sees. The region is mapped
 * by SQLite already (this connection has read in WAL mode since it
 * opened); xShmMap of a mapped region returns its address. The mapping
 * stays until the connection closes: the shared memory of a file is
 * never truncated while a connection holds it open. */
#define WALINDEX_VERSION 3007000u
#define WALINDEX_REGION 32768

static int store_shm_map(struct store *st)
{
	sqlite3_file *f = NULL;
	void volatile *p = NULL;
	sqlite3_stmt *s;
	int wal = 0;

	st->shm_state = -1;
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL)
	    != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		wal = strcmp(sql_col(s, 0), "wal") == 0;
	sqlite3_finalize(s);
	if (!wal || sqlite3_file_control(st->db, "main",
	    SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK || f == NULL ||
	    f->pMethods == NULL || f->pMethods->iVersion < 2 ||
	    f->pMethods->xShmMap == NULL ||
	    f->pMethods->xShmMap(f, 0, WALINDEX_REGION, 0, &p) != SQLITE_OK ||
	    p == NULL)
		return -1;
	st->shm = (const volatile unsigned char *)p;
	st->shm_state = 1;
	return 0;
}

int store_wal_header(struct store *st, unsigned char hdr[STORE_WAL_HEADER])
{
	unsigned char second[STORE_WAL_HEADER];
	uint32_t version;
	size_t i;

	if (st->shm_state == 0)
		store_shm_map(st);
	if (st->shm_state < 0)
		return -1;
	/* As SQLite reads it: the first copy, a barrier, the second; equal
	 * copies are a header no writer was writing. */
	for (i = 0; i < STORE_WAL_HEADER; i++)
		hdr[i] = st->shm[i];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < STORE_WAL_HEADER; i++)
		second[i] = st->shm[STORE_WAL_HEADER + i];
	memcpy(&version, hdr, sizeof(version));
	if (memcmp(hdr, second, STORE_WAL_HEADER) != 0 ||
	    version != WALINDEX_VERSION || hdr[12] != 1 /* isInit */)
		return -1;
	return 0;
}

int store_ping(struct store *st)
{
	sqlite3_stmt *s;
	struct stat sb;
	int ok;

	/* A database file removed or replaced under a running server is a
	 * fault the operator must see, not a ghost to keep serving. */
	if (stat(st->path, &sb) != 0 || sb.st_dev != st->dev ||
	    sb.st_ino != st->ino)
		return 0;
	s = store_stmt(st, SQL_PING);
	ok = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return ok;
}

const char *store_setting(struct store *st, struct arena *a,
    const char *key, const char *dflt)
{
	sqlite3_stmt *s = store_stmt(st, SQL_SETTING_GET);
	const char *v = dflt;

	sql_text(s, 1, key);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = arena_strdup(a, sql_col(s, 0));
	sqlite3_reset(s);
	return v;
}

long long store_setting_int(struct store *st, const char *key,
    long long dflt)
{
	sqlite3_stmt *s = store_stmt(st, SQL_SETTING_GET);
	long long v = dflt;

	sql_text(s, 1, key);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    parse_ll(sql_col(s, 0), -1000000000LL, 1000000000000LL, &v) != 0)
		v = dflt;
	sqlite3_reset(s);
	return v;
}

int store_setting_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = store_stmt(st, value ? SQL_SETTING_SET :
	    SQL_SETTING_DEL);

	sql_text(s, 1, key);
	if (value != NULL)
		sql_text(s, 2, value);
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

long long store_rate_count(struct store *st, const char *key)
{
	sqlite3_stmt *s = store_stmt(st, SQL_RATE_GET);
	long long count = 0;

	sql_text(s, 1, key);
	sql_int(s, 2, (long long)time(NULL) / 3600);
	if (sqlite3_step(s) == SQLITE_ROW)
		count = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return count;
}

int store_rate_hit(struct store *st, const char *key)
{
	long long hour = (long long)time(NULL) / 3600;
	sqlite3_stmt *s = store_stmt(st, SQL_RATE_HIT);

	sql_text(s, 1, key);
	sql_int(s, 2, hour);
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	s = store_stmt(st, SQL_RATE_PRUNE);
	sql_int(s, 1, hour - 1);
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

int store_backup(struct store *st, const char *path, struct buf *err)
{
	sqlite3 *dst;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		buf_printf(err, "cannot create %s: %s", path,
		    sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	sqlite3_busy_timeout(dst, BUSY_TIMEOUT_MS);
	b = sqlite3_backup_init(dst, "main", st->db, "main");
	if (b == NULL) {
		buf_printf(err, "backup failed: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	/* Copy in steps so writers are not locked out for the whole copy. */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		buf_printf(err, "backup failed: %s", sqlite3_errstr(rc));
		sqlite3_close(dst);
		return -1;
	}
	sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	return 0;
}

void sql_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

void sql_int(sqlite3_stmt *s, int i, long long v)
{
	sqlite3_bind_int64(s, i, v);
}

const char *sql_col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}
