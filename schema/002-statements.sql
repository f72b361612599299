-- 002-statements.sql — events, their sessions, organisations, statements,
-- their revisions and attachments; the submission rate limit.
-- Times are UTC, ISO 8601 text ("2024-05-21T14:03:00Z"); days are
-- "YYYY-MM-DD".

CREATE TABLE event (
	id          INTEGER PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE,
	title       TEXT NOT NULL,
	location    TEXT NOT NULL DEFAULT '',
	starts      TEXT NOT NULL,
	ends        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	open        INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
	created     TEXT NOT NULL
);

CREATE TABLE session (
	id       INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES event(id),
	slug     TEXT NOT NULL,
	title    TEXT NOT NULL,
	kind     TEXT NOT NULL DEFAULT 'panel',
	position INTEGER NOT NULL,
	UNIQUE (event_id, slug)
);

CREATE TABLE organisation (
	id   INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	url  TEXT NOT NULL DEFAULT ''
);

-- The current version of each statement; every version is in revision.
CREATE TABLE statement (
	id              INTEGER PRIMARY KEY,
	public_id       TEXT NOT NULL UNIQUE,
	event_id        INTEGER NOT NULL REFERENCES event(id),
	session_id      INTEGER REFERENCES session(id),
	title           TEXT NOT NULL,
	speaker         TEXT NOT NULL DEFAULT '',
	speaker_role    TEXT NOT NULL DEFAULT '',
	org_id          INTEGER REFERENCES organisation(id),
	org_name        TEXT NOT NULL,
	behalf_org_id   INTEGER REFERENCES organisation(id),
	on_behalf_of    TEXT NOT NULL DEFAULT '',
	cosignatories   TEXT NOT NULL DEFAULT '',
	kind            TEXT NOT NULL CHECK (kind IN
	                ('panel', 'intervention', 'collective', 'written')),
	delivered       TEXT NOT NULL DEFAULT '',
	language        TEXT NOT NULL,
	format          TEXT NOT NULL CHECK (format IN ('text', 'markdown', 'html')),
	source          TEXT NOT NULL,
	html            TEXT NOT NULL,
	state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN
	                ('pending', 'changes_requested', 'approved', 'rejected',
	                 'withdrawn', 'spam')),
	hold_reason     TEXT NOT NULL DEFAULT '',
	rev             INTEGER NOT NULL DEFAULT 1,
	submitter_name  TEXT NOT NULL,
	submitter_email TEXT NOT NULL,
	status_hash     TEXT NOT NULL UNIQUE,
	client_addr     TEXT NOT NULL DEFAULT '',
	created         TEXT NOT NULL,
	updated         TEXT NOT NULL
);
CREATE INDEX statement_state ON statement(state, created);
CREATE INDEX statement_event ON statement(event_id, session_id);
CREATE INDEX statement_email ON statement(submitter_email);

CREATE TABLE revision (
	id            INTEGER PRIMARY KEY,
	statement_id  INTEGER NOT NULL REFERENCES statement(id),
	rev           INTEGER NOT NULL,
	author        TEXT NOT NULL,          -- "submitter" or a moderator
	note          TEXT NOT NULL DEFAULT '',
	state         TEXT NOT NULL,
	session_id    INTEGER,
	title         TEXT NOT NULL,
	speaker       TEXT NOT NULL,
	speaker_role  TEXT NOT NULL,
	org_name      TEXT NOT NULL,
	on_behalf_of  TEXT NOT NULL,
	cosignatories TEXT NOT NULL,
	kind          TEXT NOT NULL,
	delivered     TEXT NOT NULL,
	language      TEXT NOT NULL,
	format        TEXT NOT NULL,
	source        TEXT NOT NULL,
	html          TEXT NOT NULL,
	created       TEXT NOT NULL,
	UNIQUE (statement_id, rev)
);

CREATE TABLE attachment (
	id           INTEGER PRIMARY KEY,
	statement_id INTEGER NOT NULL REFERENCES statement(id),
	filename     TEXT NOT NULL,
	ctype        TEXT NOT NULL,
	size         INTEGER NOT NULL,
	sha256       TEXT NOT NULL,
	data         BLOB NOT NULL,
	created      TEXT NOT NULL
);
CREATE INDEX attachment_statement ON attachment(statement_id);

-- Submissions per client address per hour window.
CREATE TABLE rate (
	client  TEXT NOT NULL,
	hour    INTEGER NOT NULL,
	count   INTEGER NOT NULL,
	PRIMARY KEY (client, hour)
) WITHOUT ROWID;
