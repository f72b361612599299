-- 010-feed-entries.sql — each article's Atom entry rendered once, and
-- feeds made of those entries instead of rendered whole on every change.
--
-- A feed entry is one article as a feed shows it (publish.c, atom_entry):
-- one row per article, so per (statement, display), written when that
-- article is. A feed's fragment row keeps its ETag, Last-Modified and due
-- time, an empty body and in parts its head (a fragment_part row: the
-- feed's own elements), "eID" for each entry, newest first, and its end
-- (another fragment_part row): one approval writes one entry per display
-- and each feed's head and ids, not every feed's fifty entries again.
CREATE TABLE feed_entry (
	id        INTEGER PRIMARY KEY       -- the article's id
	    REFERENCES article(id) ON DELETE CASCADE,
	published TEXT NOT NULL,            -- of the version shown: the feed's
	                                    -- <updated> when it is the newest
	hash      BLOB NOT NULL,            -- of body: feeds' ETags use it
	body      TEXT NOT NULL             -- <entry>…</entry>
);
