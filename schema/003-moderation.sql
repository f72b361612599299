-- 003-moderation.sql — moderators, their sign-in sessions and attempts, the
-- audit log, reusable reasons, trusted submitters, full-text search.

CREATE TABLE moderator (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL DEFAULT '',   -- Argon2id (libsodium)
	role          TEXT NOT NULL DEFAULT 'moderator'
	              CHECK (role IN ('moderator', 'admin')),
	email         TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created       TEXT NOT NULL
);

-- A signed-in browser: the cookie's token is stored only as a hash.
CREATE TABLE login_session (
	token_hash   TEXT PRIMARY KEY NOT NULL,
	moderator_id INTEGER NOT NULL REFERENCES moderator(id),
	created      TEXT NOT NULL,
	expires      INTEGER NOT NULL              -- Unix time
) WITHOUT ROWID;
CREATE INDEX login_session_expires ON login_session(expires);

-- Failed sign-ins per user ("u:NAME") and per address ("a:ADDR") per
-- quarter hour.
CREATE TABLE login_failure (
	key     TEXT NOT NULL,
	quarter INTEGER NOT NULL,
	count   INTEGER NOT NULL,
	PRIMARY KEY (key, quarter)
) WITHOUT ROWID;

-- Who did what, when and why: every action on a statement and every
-- administrative change.
CREATE TABLE audit (
	id           INTEGER PRIMARY KEY,
	at           TEXT NOT NULL,
	actor        TEXT NOT NULL,
	action       TEXT NOT NULL,
	statement_id INTEGER REFERENCES statement(id),
	rev_before   INTEGER,
	rev_after    INTEGER,
	reason       TEXT NOT NULL DEFAULT '',
	detail       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_statement ON audit(statement_id, id);

CREATE TABLE reason (
	id   INTEGER PRIMARY KEY,
	text TEXT NOT NULL UNIQUE
);
INSERT INTO reason(text) VALUES
	('The text is not a statement delivered at this event.'),
	('The statement was already submitted.'),
	('The text is incomplete; please send the full statement.'),
	('The statement could not be verified with the organisation.');

CREATE TABLE trusted (
	id       INTEGER PRIMARY KEY,
	kind     TEXT NOT NULL CHECK (kind IN ('email', 'org')),
	value    TEXT NOT NULL,
	added_by TEXT NOT NULL,
	created  TEXT NOT NULL,
	UNIQUE (kind, value)
);

-- Further private links to a statement's status page (sent in e-mails),
-- kept, like the first one, only as hashes.
CREATE TABLE status_link (
	hash         TEXT PRIMARY KEY NOT NULL,
	statement_id INTEGER NOT NULL REFERENCES statement(id),
	created      TEXT NOT NULL
) WITHOUT ROWID;

-- What moderators told the submitter (changes requested, rejection reason).
ALTER TABLE statement ADD COLUMN moderator_note TEXT NOT NULL DEFAULT '';

-- Full-text search of the queue, kept in step with statement by triggers.
CREATE VIRTUAL TABLE statement_fts USING fts5(
	title, speaker, org_name, on_behalf_of, source,
	content = 'statement', content_rowid = 'id'
);
INSERT INTO statement_fts(rowid, title, speaker, org_name, on_behalf_of, source)
	SELECT id, title, speaker, org_name, on_behalf_of, source FROM statement;
CREATE TRIGGER statement_fts_insert AFTER INSERT ON statement BEGIN
	INSERT INTO statement_fts(rowid, title, speaker, org_name, on_behalf_of, source)
	VALUES (new.id, new.title, new.speaker, new.org_name, new.on_behalf_of, new.source);
END;
CREATE TRIGGER statement_fts_delete AFTER DELETE ON statement BEGIN
	INSERT INTO statement_fts(statement_fts, rowid, title, speaker, org_name, on_behalf_of, source)
	VALUES ('delete', old.id, old.title, old.speaker, old.org_name, old.on_behalf_of, old.source);
END;
CREATE TRIGGER statement_fts_update AFTER UPDATE OF title, speaker, org_name, on_behalf_of, source ON statement BEGIN
	INSERT INTO statement_fts(statement_fts, rowid, title, speaker, org_name, on_behalf_of, source)
	VALUES ('delete', old.id, old.title, old.speaker, old.org_name, old.on_behalf_of, old.source);
	INSERT INTO statement_fts(rowid, title, speaker, org_name, on_behalf_of, source)
	VALUES (new.id, new.title, new.speaker, new.org_name, new.on_behalf_of, new.source);
END;
