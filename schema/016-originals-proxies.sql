-- 016-originals-proxies.sql — originals a moderator made public, and the
-- client address of each audit entry.
-- attachment.public: 1 when a moderator marked the document public; it is
-- then offered on the statement's public page (/s/ID/original) while the
-- statement is published. A new document is never public until marked.
-- audit.addr: the client the request came from (REMOTE_ADDR, or the
-- address X-Forwarded-For gives behind a trusted proxy); '' for entries
-- made before this migration and by the command line.
ALTER TABLE attachment ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN addr TEXT NOT NULL DEFAULT '';
