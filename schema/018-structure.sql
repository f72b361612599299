-- 018-structure.sql — events, sessions and organisations edited, renamed,
-- merged and deleted (structure.c): an old short name (slug) keeps
-- leading to what it named.
--
-- A renamed or merged thing leaves a row here for each slug it had; a
-- public address that carries such a slug is answered 301 with the
-- thing's current slug (route.c). target is the id of the event, session
-- or organisation, so a chain of renames (a -> b -> c) leads from a and b
-- straight to c; a merge points the merged organisation's rows at the one
-- kept. scope is the event of a session (its slugs are the event's own),
-- 0 for events and organisations.
CREATE TABLE slug_redirect (
	kind    TEXT NOT NULL CHECK (kind IN ('event', 'session', 'org')),
	scope   INTEGER NOT NULL DEFAULT 0,
	old     TEXT NOT NULL,
	target  INTEGER NOT NULL,
	created TEXT NOT NULL,
	PRIMARY KEY (kind, scope, old)
) WITHOUT ROWID;
CREATE INDEX slug_redirect_target ON slug_redirect(kind, target);

-- A slug taken again (a new event, a rename back) is that thing's: the
-- redirect goes.
CREATE TRIGGER slug_redirect_event_new AFTER INSERT ON event BEGIN
	DELETE FROM slug_redirect WHERE kind = 'event' AND scope = 0
	    AND old = new.slug;
END;
CREATE TRIGGER slug_redirect_event_slug AFTER UPDATE OF slug ON event BEGIN
	DELETE FROM slug_redirect WHERE kind = 'event' AND scope = 0
	    AND old = new.slug;
END;
CREATE TRIGGER slug_redirect_session_new AFTER INSERT ON session BEGIN
	DELETE FROM slug_redirect WHERE kind = 'session'
	    AND scope = new.event_id AND old = new.slug;
END;
CREATE TRIGGER slug_redirect_session_slug AFTER UPDATE OF slug ON session
BEGIN
	DELETE FROM slug_redirect WHERE kind = 'session'
	    AND scope = new.event_id AND old = new.slug;
END;
CREATE TRIGGER slug_redirect_org_new AFTER INSERT ON organisation BEGIN
	DELETE FROM slug_redirect WHERE kind = 'org' AND scope = 0
	    AND old = new.slug;
END;
CREATE TRIGGER slug_redirect_org_slug AFTER UPDATE OF slug ON organisation
BEGIN
	DELETE FROM slug_redirect WHERE kind = 'org' AND scope = 0
	    AND old = new.slug;
END;

-- A thing deleted leaves no redirect to it.
CREATE TRIGGER slug_redirect_event_gone AFTER DELETE ON event BEGIN
	DELETE FROM slug_redirect WHERE (kind = 'event' AND target = old.id)
	    OR (kind = 'session' AND scope = old.id);
END;
CREATE TRIGGER slug_redirect_session_gone AFTER DELETE ON session BEGIN
	DELETE FROM slug_redirect WHERE kind = 'session' AND target = old.id;
END;
CREATE TRIGGER slug_redirect_org_gone AFTER DELETE ON organisation BEGIN
	DELETE FROM slug_redirect WHERE kind = 'org' AND target = old.id;
END;
