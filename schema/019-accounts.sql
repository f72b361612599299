-- 019-accounts.sql — moderators' own accounts (page_account.c): password
-- reset links, and which notifications each moderator gets.

-- A password reset link, made by the mail sender as it hands the message
-- over (outbox.link_reset), like the sign-in links of "My statements"
-- (015): only the hash of its token (token_hash) is kept; it works once
-- (used is set), until expires.
CREATE TABLE reset_link (
	hash         TEXT PRIMARY KEY NOT NULL,  -- of the link's token
	moderator_id INTEGER NOT NULL REFERENCES moderator(id),
	expires      INTEGER NOT NULL,           -- Unix time
	used         INTEGER                     -- Unix time it was used, or NULL
) WITHOUT ROWID;
CREATE INDEX reset_link_expires ON reset_link(expires);
CREATE INDEX reset_link_moderator ON reset_link(moderator_id);

-- A message carrying a reset link for this moderator (link_url and
-- link_mark as for a status link; statement_id and link_email NULL).
ALTER TABLE outbox ADD COLUMN link_reset INTEGER;

-- The e-mails a moderator gets (notify.c's notify_submission): 1 yes, 0 no.
ALTER TABLE moderator ADD COLUMN notify_new INTEGER NOT NULL DEFAULT 1
    CHECK (notify_new IN (0, 1));
ALTER TABLE moderator ADD COLUMN notify_held INTEGER NOT NULL DEFAULT 1
    CHECK (notify_held IN (0, 1));
ALTER TABLE moderator ADD COLUMN notify_corrected INTEGER NOT NULL DEFAULT 1
    CHECK (notify_corrected IN (0, 1));

-- Whatever changes a moderator's password, address or state (their account
-- page, /admin, the command line) ends the reset links not yet used: a link
-- sent before must not outlive the password, the mailbox it went to, or a
-- disabling.
CREATE TRIGGER reset_link_end AFTER UPDATE OF password_hash, email, disabled
ON moderator WHEN old.password_hash IS NOT new.password_hash
    OR old.email IS NOT new.email OR old.disabled IS NOT new.disabled
BEGIN
	UPDATE reset_link SET used = CAST(strftime('%s', 'now') AS INTEGER)
	    WHERE moderator_id = new.id AND used IS NULL;
END;
