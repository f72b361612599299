/* store.h — the SQLite store: opening, migrations, prepared statements,
 * transactions, settings and backup.
 *
 * Every SQL statement dais runs is in sql.def (one place for SQL), prepared
 * once per connection when the store opens, always used with bound
 * parameters. Writes run inside store_begin() (BEGIN IMMEDIATE), so a
 * reader never has to upgrade to a writer mid-request.
 */
#ifndef DAIS_STORE_H
#define DAIS_STORE_H

#include <sqlite3.h>
#include <stddef.h>

struct arena;
struct buf;

struct migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct migration store_migrations[]; /* schema_gen.c */

enum sql_id {
#define SQL(id, text) SQL_##id,
#include "sql.def"
#undef SQL
	SQL__COUNT
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[SQL__COUNT];
	int in_tx;
	int wal_frames;   /* frames in the WAL after the last commit */
	const char *path;
	unsigned long long dev, ino; /* the file opened, for store_ping */
	const volatile unsigned char *shm; /* the WAL index (store_wal_header) */
	int shm_state;    /* 0 not looked at, 1 mapped, -1 unavailable */
};

enum store_mode {
	STORE_RW,      /* the schema must be current */
	STORE_MIGRATE, /* `dais init`: create or migrate, then open */
};

/* Opens path with WAL, foreign keys, a busy timeout and synchronous=FULL
 * (or the `db_synchronous` setting), checks the schema version and prepares
 * every statement. NULL on failure, with a message in err. */
struct store *store_open(const char *path, enum store_mode mode,
    struct buf *err);
void store_close(struct store *st);

/* The size of store_wal_header()'s reading. */
#define STORE_WAL_HEADER 48

/* Copies the header of the WAL index (what every connection to the file
 * maps: the "-shm" file) into hdr, without a system call. Any commit, by
 * any process, changes it before its COMMIT returns, and nothing else
 * changes what a reader of the file sees: two equal readings bracket no
 * commit. 0, or -1 when it cannot be read now (a commit is writing it, the
 * file is not in WAL mode, an unknown format): then only a read through
 * SQLite tells. */
int store_wal_header(struct store *st, unsigned char hdr[STORE_WAL_HEADER]);

/* The schema version this binary expects, and the one in the file. */
int store_schema_latest(void);
int store_schema_version(struct store *st);

/* The prepared statement id, reset and with its bindings cleared. */
sqlite3_stmt *store_stmt(struct store *st, enum sql_id id);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or an SQLite result code
 * (SQLITE_BUSY when another writer held the lock past the timeout). */
int store_begin(struct store *st);
int store_begin_nowait(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* One-row helpers: step a statement, expect SQLITE_DONE or SQLITE_ROW. */
int store_exec(sqlite3_stmt *s); /* SQLITE_DONE on success */
/* Runs an UPDATE or DELETE meant for one row: 0 when it changed exactly one
 * row, 1 when it ran but changed none (or several), -1 when it failed. */
int store_exec_one(struct store *st, sqlite3_stmt *s);
/* Looks one row up by a text key (?1): the statement on its row (the
 * caller reads it, then sqlite3_reset()s it), or NULL (already reset). */
sqlite3_stmt *store_row(struct store *st, enum sql_id id, const char *key);

/* Checkpoints after the response instead of inside the commit that
 * crossed SQLite's threshold (a worker calls store_idle() once its
 * response is sent): a commit then waits only for its own WAL write. */
void store_defer_checkpoints(struct store *st);
/* A PASSIVE checkpoint when the WAL has reached the threshold. */
void store_idle(struct store *st);

/* 1 when the file at the store's path is still the one opened and the
 * database answers a query. */
int store_ping(struct store *st);

/* Settings (the setting table): the value copied into a, or dflt. */
const char *store_setting(struct store *st, struct arena *a,
    const char *key, const char *dflt);
long long store_setting_int(struct store *st, const char *key,
    long long dflt);
int store_setting_set(struct store *st, const char *key, const char *value);

/* Hourly counters (the rate table), keyed by what is limited: a client
 * address, or "receipt:" and an e-mail address. store_rate_count gives
 * this hour's count; store_rate_hit adds one (and drops past hours). */
long long store_rate_count(struct store *st, const char *key);
int store_rate_hit(struct store *st, const char *key);

/* SQLite online backup of the whole database to path. */
int store_backup(struct store *st, const char *path, struct buf *err);

/* Binding shorthands (index from 1). */
void sql_text(sqlite3_stmt *s, int i, const char *v);
void sql_int(sqlite3_stmt *s, int i, long long v);
const char *sql_col(sqlite3_stmt *s, int i); /* "" for NULL */

#endif
