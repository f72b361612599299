-- 009-fragment-parts.sql — a long list stored in parts, so that a change
-- rewrites the part it touches instead of the whole list.
--
-- A fragment of a few dozen articles is one row, as before: its body in
-- fragment.body, parts ''. A longer list has an empty body and in parts
-- the ids of its fragment_part rows, in order, separated by spaces; the
-- GET sends their bodies one after the other. A part's boundaries are
-- chosen by the statements themselves (publish.c, part_boundary), not by
-- position, so an insertion changes one part and leaves the others' rows
-- as they are. etag, updated and due stay the whole fragment's.
CREATE TABLE fragment_new (
	id      INTEGER PRIMARY KEY,
	key     TEXT NOT NULL UNIQUE,
	etag    TEXT NOT NULL,
	updated INTEGER NOT NULL,          -- Unix time: Last-Modified
	due     INTEGER NOT NULL DEFAULT 0, -- an embargo ends then: render again
	parts   TEXT NOT NULL DEFAULT '',   -- '' or fragment_part ids, in order
	body    TEXT NOT NULL
);
INSERT INTO fragment_new(id, key, etag, updated, due, body)
	SELECT id, key, etag, updated, due, body FROM fragment ORDER BY id;
DROP TABLE fragment;
ALTER TABLE fragment_new RENAME TO fragment;
CREATE INDEX fragment_due ON fragment(due) WHERE due > 0;

-- A part belongs to one key; hash is of what its bytes are made from
-- (publish.c, part_hash), so an unchanged part is found and kept.
CREATE TABLE fragment_part (
	id    INTEGER PRIMARY KEY,
	key   TEXT NOT NULL,
	hash  BLOB NOT NULL,
	body  TEXT NOT NULL
);
CREATE INDEX fragment_part_key ON fragment_part(key, hash);
