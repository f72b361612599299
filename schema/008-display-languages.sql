-- 008-display-languages.sql — fragments in the host page's language.
--
-- An article is now one statement's entry as one display language shows
-- it: for each original (the list entry) one row per display, '' (no
-- ?lang=: the original, labels in the default_language setting) and each
-- interface language ('fr': the French version where one is published,
-- else the original; labels and dates in French). shown_id is the version
-- rendered. The columns that place the entry in a list are the original's,
-- so every display lists the same entries in the same order.
-- A change renders the rows of its statement only; a list variant is made
-- again only when one of its articles' hashes changed.
DROP TABLE article;
CREATE TABLE article (
	id            INTEGER PRIMARY KEY,
	statement_id  INTEGER NOT NULL   -- the original
	    REFERENCES statement(id) ON DELETE CASCADE,
	display       TEXT NOT NULL,     -- '' or an interface language
	shown_id      INTEGER NOT NULL,  -- the version shown
	event_id      INTEGER NOT NULL,
	session_id    INTEGER,
	org_id        INTEGER,
	behalf_org_id INTEGER,
	language      TEXT NOT NULL,     -- of the version shown
	publish_at    INTEGER NOT NULL,  -- the original's: shown from then on
	switch_at     INTEGER NOT NULL DEFAULT 0, -- a version for this display
	                                 -- is under embargo until then
	published     TEXT NOT NULL,     -- feeds: newest first
	delivered     TEXT NOT NULL,
	created       TEXT NOT NULL,
	hash          BLOB NOT NULL,     -- of html and the placing columns
	html          TEXT NOT NULL,
	UNIQUE (statement_id, display)
);
CREATE INDEX article_event ON article(event_id, display, published,
	publish_at);
CREATE INDEX article_org ON article(org_id, display);
CREATE INDEX article_behalf ON article(behalf_org_id, display);
CREATE INDEX article_published ON article(display, published, publish_at);
CREATE INDEX article_publish_at ON article(publish_at);
CREATE INDEX article_switch_at ON article(switch_at) WHERE switch_at > 0;

-- Keys "...@LANG" used to filter by the statement's language; they now
-- name display languages (interface languages only). The old ones go; the
-- next start renders every fragment again (the renderer's version changed).
DELETE FROM fragment WHERE key LIKE '%@%';
