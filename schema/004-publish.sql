-- 004-publish.sql — published fragments, stored when a statement changes so
-- that a read is one indexed SELECT; embargoes and corrections.

-- Keys: "statement/ID", "event/SLUG", "event/SLUG/SESSION", "org/SLUG",
-- each optionally "...@LANG"; "atom/all" and "atom/EVENT" for feeds.
CREATE TABLE fragment (
	key     TEXT PRIMARY KEY NOT NULL,
	body    TEXT NOT NULL,
	etag    TEXT NOT NULL,
	updated INTEGER NOT NULL,          -- Unix time: Last-Modified
	due     INTEGER NOT NULL DEFAULT 0 -- an embargo ends then: render again
) WITHOUT ROWID;

ALTER TABLE statement ADD COLUMN publish_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE statement ADD COLUMN published TEXT NOT NULL DEFAULT '';
ALTER TABLE statement ADD COLUMN corrected TEXT NOT NULL DEFAULT '';
CREATE INDEX statement_org ON statement(org_id);
CREATE INDEX statement_behalf ON statement(behalf_org_id);
