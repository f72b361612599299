-- 012-outbox.sql — outgoing mail, queued in the transaction of the change
-- that caused it and handed to mail_command later (outbox.c): by the
-- sender process of `dais serve`, or at the end of a CGI request or a
-- command. A request never waits for a mailer, and a mail committed is
-- never lost: whoever sends next finds it here.
--
-- A row is 'pending' until sent (then deleted) or, after mail_attempts
-- failures, 'dead': kept, shown on /admin and in /healthz, until an
-- administrator sends it again or discards it.
--
-- A private link (the receipt's, the one asking for changes) is never
-- stored in clear, here or anywhere: the message holds link_mark where
-- the link goes, and the sender makes a fresh token for each attempt,
-- stores its hash in status_link (for statement_id) and puts
-- link_url || token in the mark's place as it hands the message over.
CREATE TABLE outbox (
	id         INTEGER PRIMARY KEY,
	recipient  TEXT NOT NULL,               -- the To: address
	subject    TEXT NOT NULL,               -- as written, for the admin page
	message    TEXT NOT NULL,               -- headers and body, as piped
	created    INTEGER NOT NULL,            -- unix time queued
	state      TEXT NOT NULL DEFAULT 'pending'
	           CHECK (state IN ('pending', 'dead')),
	attempts   INTEGER NOT NULL DEFAULT 0,  -- handed to the mailer so far
	next_try   INTEGER NOT NULL,            -- unix time: due, or claimed
	                                        -- by a sender until then
	last_error TEXT NOT NULL DEFAULT '',
	statement_id INTEGER,                   -- whose private link it carries
	link_url   TEXT,                        -- the link up to the token
	link_mark  TEXT                         -- what the link replaces
);
CREATE INDEX outbox_due ON outbox(next_try) WHERE state = 'pending';
