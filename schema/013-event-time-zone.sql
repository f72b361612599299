-- 013-event-time-zone.sql — each event's time zone, in which moderators
-- type and read the time a statement is to be published (the embargo):
-- an IANA name of the system's zoneinfo ("Europe/Paris"), or '' for the
-- time_zone setting (UTC unless set). Times are stored in UTC as before
-- (statement.publish_at, unix time); the zone only reads and shows them.
ALTER TABLE event ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
