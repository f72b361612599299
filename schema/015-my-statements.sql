-- 015-my-statements.sql — "My statements" (page_my.c): a submitter asks
-- for a sign-in link by e-mail and then sees every statement sent from
-- that address. Links and sessions are kept only as hashes (token_hash),
-- like the moderators' sessions and the private status links.

-- A sign-in link, made by the mail sender as it hands the message over
-- (outbox.link_email): it works once (used is set), until expires.
CREATE TABLE my_link (
	hash    TEXT PRIMARY KEY NOT NULL,   -- of the link's token
	email   TEXT NOT NULL,               -- the address it signs in as
	expires INTEGER NOT NULL,            -- Unix time
	used    INTEGER                      -- Unix time it was used, or NULL
) WITHOUT ROWID;
CREATE INDEX my_link_expires ON my_link(expires);

-- A submitter's session, limited to one address.
CREATE TABLE my_session (
	token_hash TEXT PRIMARY KEY NOT NULL,
	email      TEXT NOT NULL,
	expires    INTEGER NOT NULL          -- Unix time
) WITHOUT ROWID;
CREATE INDEX my_session_expires ON my_session(expires);

-- A message carrying a sign-in link for this address (link_url and
-- link_mark as for a status link; statement_id is then NULL).
ALTER TABLE outbox ADD COLUMN link_email TEXT;

-- "Every statement sent from that address", newest first.
CREATE INDEX statement_submitter ON statement(submitter_email COLLATE NOCASE,
    id);
