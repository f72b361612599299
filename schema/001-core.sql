-- 001-core.sql — settings: every setting lives in the database, so the one
-- SQLite file is the whole installation to back up.
CREATE TABLE setting (
	key   TEXT PRIMARY KEY NOT NULL,
	value TEXT NOT NULL
) WITHOUT ROWID;
