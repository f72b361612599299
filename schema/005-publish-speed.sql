-- 005-publish-speed.sql — what makes a read one cheap lookup and a change
-- cost what it changes, not the size of the database.

-- fragment becomes an ordinary rowid table. WITHOUT ROWID, the whole row was
-- the b-tree key: finding one key compared it with neighbouring rows, each
-- read in full from its overflow pages (a fragment is 1 KB to 1 MB). Now
-- the key's index is small and leads to one row; the small columns come
-- before the body, so reading them never walks the body's overflow chain.
CREATE TABLE fragment_new (
	id      INTEGER PRIMARY KEY,
	key     TEXT NOT NULL UNIQUE,
	etag    TEXT NOT NULL,
	updated INTEGER NOT NULL,          -- Unix time: Last-Modified
	due     INTEGER NOT NULL DEFAULT 0, -- an embargo ends then: render again
	body    TEXT NOT NULL
);
INSERT INTO fragment_new(key, etag, updated, due, body)
	SELECT key, etag, updated, due, body FROM fragment ORDER BY key;
DROP TABLE fragment;
ALTER TABLE fragment_new RENAME TO fragment;
CREATE INDEX fragment_due ON fragment(due) WHERE due > 0;

-- Each approved statement rendered once (templates/statement.html), when
-- it changes, with the columns that place it in a list: the published set,
-- which every list of statements is put together from. Reading these
-- never reads the statement rows, whose text spills onto overflow pages.
CREATE TABLE article (
	statement_id  INTEGER PRIMARY KEY
	    REFERENCES statement(id) ON DELETE CASCADE,
	event_id      INTEGER NOT NULL,
	session_id    INTEGER,
	org_id        INTEGER,
	behalf_org_id INTEGER,
	language      TEXT NOT NULL,
	publish_at    INTEGER NOT NULL, -- shown from then on (an embargo)
	published     TEXT NOT NULL,    -- feeds: newest first
	delivered     TEXT NOT NULL,
	created       TEXT NOT NULL,
	hash          BLOB NOT NULL,    -- of html: lists' ETags are made of these
	html          TEXT NOT NULL
);
-- (event, newest first): an event's list, its feed and its next embargo
-- end come from the index alone; so do the feed of all and its embargo.
CREATE INDEX article_event ON article(event_id, published, publish_at);
CREATE INDEX article_org ON article(org_id);
CREATE INDEX article_behalf ON article(behalf_org_id);
CREATE INDEX article_published ON article(published, publish_at);
CREATE INDEX article_publish_at ON article(publish_at);

-- The moderation queue's counts per state, kept by triggers per event and
-- session, so that its tabs cost a few rows instead of a count of every
-- statement (69 ms with 100,000 pending). A search still counts its hits.
CREATE TABLE statement_count (
	event_id   INTEGER NOT NULL,
	session_id INTEGER NOT NULL, -- 0: none
	state      TEXT NOT NULL,
	n          INTEGER NOT NULL,
	PRIMARY KEY (event_id, session_id, state)
) WITHOUT ROWID;
INSERT INTO statement_count(event_id, session_id, state, n)
	SELECT event_id, coalesce(session_id, 0), state, count(*)
	FROM statement GROUP BY 1, 2, 3;
CREATE TRIGGER statement_count_insert AFTER INSERT ON statement BEGIN
	INSERT INTO statement_count(event_id, session_id, state, n)
	VALUES (new.event_id, coalesce(new.session_id, 0), new.state, 1)
	ON CONFLICT(event_id, session_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER statement_count_delete AFTER DELETE ON statement BEGIN
	UPDATE statement_count SET n = n - 1 WHERE event_id = old.event_id
	    AND session_id = coalesce(old.session_id, 0) AND state = old.state;
END;
CREATE TRIGGER statement_count_update
AFTER UPDATE OF state, event_id, session_id ON statement
WHEN old.state IS NOT new.state OR old.event_id IS NOT new.event_id
    OR old.session_id IS NOT new.session_id BEGIN
	UPDATE statement_count SET n = n - 1 WHERE event_id = old.event_id
	    AND session_id = coalesce(old.session_id, 0) AND state = old.state;
	INSERT INTO statement_count(event_id, session_id, state, n)
	VALUES (new.event_id, coalesce(new.session_id, 0), new.state, 1)
	ON CONFLICT(event_id, session_id, state) DO UPDATE SET n = n + 1;
END;
