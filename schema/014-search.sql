-- 014-search.sql — public search (GET /search) over what is published.
--
-- The index holds exactly the statement versions a reader may see now: an
-- approved original, or an approved translation of an approved original,
-- whose embargo (publish_at, and its original's) has ended. Nothing else is
-- ever in it, so a search cannot show a pending, rejected, withdrawn, spam
-- or embargoed statement whatever its query. The publish path (search.c,
-- called by publish.c's article_refresh) keeps it, in the transaction of
-- each change: a version is deleted and added again when it or its
-- original changes. A version approved under embargo waits in search_due
-- until its time, when the next writer or reader that renders what has come
-- due (publish.c, due_render) adds it.
--
-- One row per version, rowid the version's statement id. body is the
-- published text (dais_text(): the sanitized HTML's text, store.c), never
-- the source as typed or pasted. facet holds the filters as words that no
-- query typed by a person can reach (search.c builds every query with a
-- column filter): "ev" event id, "or" organisation id (delivered and on
-- whose behalf), "ki" hex of kind, "la" hex of language, "yr" year; the
-- hex ones end in "0" so that the porter stemmer leaves them alone.
CREATE VIRTUAL TABLE search USING fts5(
	title, body, speaker, organisation, behalf, facet,
	tokenize = 'porter unicode61 remove_diacritics 2'
);

-- The filters of each indexed version, for the choices of the search form
-- (the events, organisations, languages and years that have something to
-- find); rows exactly those of search.
CREATE TABLE search_doc (
	id            INTEGER PRIMARY KEY,  -- statement.id of the version
	event_id      INTEGER NOT NULL,
	org_id        INTEGER,
	behalf_org_id INTEGER,
	kind          TEXT NOT NULL,
	language      TEXT NOT NULL,
	year          TEXT NOT NULL
);
CREATE INDEX search_doc_event ON search_doc(event_id);
CREATE INDEX search_doc_org ON search_doc(org_id) WHERE org_id IS NOT NULL;
CREATE INDEX search_doc_behalf ON search_doc(behalf_org_id)
	WHERE behalf_org_id IS NOT NULL;
CREATE INDEX search_doc_language ON search_doc(language);
CREATE INDEX search_doc_year ON search_doc(year);

-- Approved versions still under embargo: added to the index at due.
CREATE TABLE search_due (
	id  INTEGER PRIMARY KEY,            -- statement.id of the version
	due INTEGER NOT NULL                -- unix time its embargo ends
);
CREATE INDEX search_due_at ON search_due(due);

-- What the index holds of each approved version, and from when a reader
-- may see it (visible_at). search.c reads it; so does the fill below.
CREATE VIEW search_source AS
SELECT s.id AS id, coalesce(s.original_id, s.id) AS original,
	s.title AS title, dais_text(s.html) AS body, s.speaker AS speaker,
	s.org_name AS organisation, s.on_behalf_of AS behalf,
	'ev' || s.event_id || coalesce(' or' || s.org_id, '') ||
	    coalesce(' or' || s.behalf_org_id, '') || ' ki' || hex(s.kind) ||
	    '0 la' || hex(s.language) || '0 yr' || substr(e.starts, 1, 4)
	    AS facet,
	s.event_id AS event_id, s.org_id AS org_id,
	s.behalf_org_id AS behalf_org_id, s.kind AS kind,
	s.language AS language, substr(e.starts, 1, 4) AS year,
	max(s.publish_at, coalesce(o.publish_at, 0)) AS visible_at
FROM statement s JOIN event e ON e.id = s.event_id
LEFT JOIN statement o ON o.id = s.original_id
WHERE s.state = 'approved' AND (s.original_id IS NULL OR o.state = 'approved');

-- A statement erased or purged leaves nothing behind in the index.
CREATE TRIGGER search_statement_delete AFTER DELETE ON statement BEGIN
	DELETE FROM search WHERE rowid = old.id;
	DELETE FROM search_doc WHERE id = old.id;
	DELETE FROM search_due WHERE id = old.id;
END;

-- What is published already, indexed now; what is under embargo, due.
INSERT INTO search(rowid, title, body, speaker, organisation, behalf, facet)
	SELECT id, title, body, speaker, organisation, behalf, facet
	FROM search_source WHERE visible_at <= CAST(strftime('%s', 'now') AS INTEGER) ORDER BY id;
INSERT INTO search_doc(id, event_id, org_id, behalf_org_id, kind, language,
	year)
	SELECT id, event_id, org_id, behalf_org_id, kind, language, year
	FROM search_source WHERE visible_at <= CAST(strftime('%s', 'now') AS INTEGER) ORDER BY id;
INSERT INTO search_due(id, due)
	SELECT id, visible_at FROM search_source WHERE visible_at > CAST(strftime('%s', 'now') AS INTEGER);
