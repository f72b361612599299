-- 006-login-throttle.sql — failed sign-ins as a back-off per client
-- address instead of counts per quarter hour (auth.c): after
-- login_failures_addr failures an address waits, twice as long after each
-- further failure. A user name is counted too, but only to make the
-- addresses that fail with it wait sooner, never to lock the user out.
DROP TABLE login_failure;

CREATE TABLE login_throttle (
	key      TEXT PRIMARY KEY NOT NULL,   -- "a:ADDRESS" or "u:USER"
	failures INTEGER NOT NULL,
	last     INTEGER NOT NULL             -- Unix time of the last failure
) WITHOUT ROWID;
CREATE INDEX login_throttle_last ON login_throttle(last);
