-- 011-article-html.sql — lists placed from small rows.
--
-- A list is placed from its articles' small columns (PUB_LIST: ids,
-- times, hash); only the parts that changed read html (ARTICLE_HTML).
-- With the html in the article row, about four articles filled a page, so
-- placing an event of 1,000 statements in five displays read some 6 MB
-- of pages per approval; the html now has a table of its own and a page
-- holds some twenty articles. An event's, a session's or an organisation's
-- list is read from an index that holds all it needs (article_list,
-- article_org_list, article_behalf_list); a feed finds its fifty
-- newest in an index in the feed's order (article_event, article_published:
-- with statement_id) and reads their dates and hashes from an index
-- instead of rows holding their bodies (feed_entry_head).
--
-- The rows are kept, ids and all (stored fragments name feed entries and
-- parts by id): copied aside, the tables made again, copied back. The
-- copies have no foreign keys, so dropping article (whose rows feed_entry
-- references, ON DELETE CASCADE) loses nothing.
CREATE TEMP TABLE article_keep AS SELECT * FROM article;
CREATE TEMP TABLE feed_entry_keep AS SELECT * FROM feed_entry;
DROP TABLE feed_entry;
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
	UNIQUE (statement_id, display)
);
CREATE INDEX article_event ON article(event_id, display, published,
	statement_id, publish_at);
-- What an event's or a session's list reads (PUB_LIST_EVENT), so that it
-- reads this index alone.
CREATE INDEX article_list ON article(event_id, display, session_id,
	delivered, created, statement_id, publish_at, switch_at, hash);
-- What an organisation's list reads (PUB_LIST_ORG), by event and session:
-- the statements it delivered, and those on its behalf.
CREATE INDEX article_org_list ON article(org_id, display, event_id,
	session_id, delivered, created, statement_id, publish_at, switch_at,
	hash);
CREATE INDEX article_behalf_list ON article(behalf_org_id, display,
	event_id, session_id, delivered, created, statement_id, publish_at,
	switch_at, hash);
CREATE INDEX article_published ON article(display, published,
	statement_id, publish_at);
CREATE INDEX article_publish_at ON article(publish_at);
CREATE INDEX article_switch_at ON article(switch_at) WHERE switch_at > 0;

CREATE TABLE article_html (
	id    INTEGER PRIMARY KEY        -- the article's id
	    REFERENCES article(id) ON DELETE CASCADE,
	html  TEXT NOT NULL
);

-- As in 010, with an index that holds everything a feed reads but the
-- body.
CREATE TABLE feed_entry (
	id        INTEGER PRIMARY KEY       -- the article's id
	    REFERENCES article(id) ON DELETE CASCADE,
	published TEXT NOT NULL,            -- of the version shown: the feed's
	                                    -- <updated> when it is the newest
	hash      BLOB NOT NULL,            -- of body: feeds' ETags use it
	body      TEXT NOT NULL             -- <entry>…</entry>
);
CREATE INDEX feed_entry_head ON feed_entry(id, published, hash);

INSERT INTO article(id, statement_id, display, shown_id, event_id,
	session_id, org_id, behalf_org_id, language, publish_at, switch_at,
	published, delivered, created, hash)
	SELECT id, statement_id, display, shown_id, event_id, session_id,
	org_id, behalf_org_id, language, publish_at, switch_at, published,
	delivered, created, hash FROM temp.article_keep ORDER BY id;
INSERT INTO article_html(id, html)
	SELECT id, html FROM temp.article_keep ORDER BY id;
INSERT INTO feed_entry(id, published, hash, body)
	SELECT id, published, hash, body FROM temp.feed_entry_keep ORDER BY id;
DROP TABLE temp.article_keep;
DROP TABLE temp.feed_entry_keep;
