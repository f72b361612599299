-- 007-languages.sql — interface languages, and language versions of a
-- statement.
--
-- A translation is a statement row of its own, with its own moderation,
-- revisions and history; original_id names the statement it translates
-- (NULL: the row is an original). Lists show one entry per original.
ALTER TABLE statement ADD COLUMN original_id INTEGER REFERENCES statement(id);
-- One version per language: a translation per (original, language).
CREATE UNIQUE INDEX statement_original ON statement(original_id, language)
	WHERE original_id IS NOT NULL;

-- The interface language of the form the submitter used (one of dais's
-- interface languages; '': the default_language setting): the language of
-- the e-mails about the statement.
ALTER TABLE statement ADD COLUMN ui_lang TEXT NOT NULL DEFAULT '';

-- The interface language a moderator chose ('': default_language), for the
-- e-mails they receive.
ALTER TABLE moderator ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- A translation translates an original (never a translation), in a
-- language other than the original's. The forms check this first, with a
-- message; these are the second wall.
CREATE TRIGGER statement_translation_insert BEFORE INSERT ON statement
WHEN new.original_id IS NOT NULL BEGIN
	SELECT RAISE(ABORT, 'a translation translates an original')
	WHERE (SELECT original_id IS NOT NULL OR id IS NULL FROM statement
	    WHERE id = new.original_id) IS NOT 0;
	SELECT RAISE(ABORT, 'a translation is in another language')
	WHERE (SELECT language FROM statement WHERE id = new.original_id) =
	    new.language;
END;
CREATE TRIGGER statement_version_language BEFORE UPDATE OF language
ON statement WHEN old.language IS NOT new.language BEGIN
	SELECT RAISE(ABORT, 'another version is in this language')
	WHERE EXISTS (SELECT 1 FROM statement WHERE language = new.language
	    AND id != new.id AND (id = new.original_id OR original_id =
	    coalesce(new.original_id, new.id)));
END;

-- What a translation shares with its original (where and by whom it was
-- delivered, its kind, its date) is the original's: the one place that
-- keeps it so. An edit of the original reaches its translations; an edit of
-- a translation cannot change it. (recursive_triggers is off: neither
-- trigger fires itself.)
CREATE TRIGGER statement_original_shared AFTER UPDATE OF event_id,
    session_id, speaker, speaker_role, org_id, org_name, behalf_org_id,
    on_behalf_of, cosignatories, kind, delivered ON statement
WHEN new.original_id IS NULL BEGIN
	UPDATE statement SET event_id = new.event_id,
	    session_id = new.session_id, speaker = new.speaker,
	    speaker_role = new.speaker_role, org_id = new.org_id,
	    org_name = new.org_name, behalf_org_id = new.behalf_org_id,
	    on_behalf_of = new.on_behalf_of,
	    cosignatories = new.cosignatories, kind = new.kind,
	    delivered = new.delivered
	WHERE original_id = new.id;
END;
CREATE TRIGGER statement_translation_shared AFTER UPDATE OF event_id,
    session_id, speaker, speaker_role, org_id, org_name, behalf_org_id,
    on_behalf_of, cosignatories, kind, delivered ON statement
WHEN new.original_id IS NOT NULL BEGIN
	UPDATE statement SET (event_id, session_id, speaker, speaker_role,
	    org_id, org_name, behalf_org_id, on_behalf_of, cosignatories, kind,
	    delivered) = (SELECT event_id, session_id, speaker, speaker_role,
	    org_id, org_name, behalf_org_id, on_behalf_of, cosignatories, kind,
	    delivered FROM statement WHERE id = new.original_id)
	WHERE id = new.id;
END;

-- Deleting an original (erasure, purge) deletes its translations.
CREATE TRIGGER statement_delete_versions BEFORE DELETE ON statement
WHEN old.original_id IS NULL BEGIN
	DELETE FROM statement WHERE original_id = old.id;
END;

-- The queue's counts are of statements, not versions: originals only
-- (the queue adds the statements whose only versions in a state are
-- translations, page_moderate.c).
DROP TRIGGER statement_count_insert;
DROP TRIGGER statement_count_delete;
DROP TRIGGER statement_count_update;
CREATE TRIGGER statement_count_insert AFTER INSERT ON statement
WHEN new.original_id IS NULL BEGIN
	INSERT INTO statement_count(event_id, session_id, state, n)
	VALUES (new.event_id, coalesce(new.session_id, 0), new.state, 1)
	ON CONFLICT(event_id, session_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER statement_count_delete AFTER DELETE ON statement
WHEN old.original_id IS NULL BEGIN
	UPDATE statement_count SET n = n - 1 WHERE event_id = old.event_id
	    AND session_id = coalesce(old.session_id, 0) AND state = old.state;
END;
CREATE TRIGGER statement_count_update
AFTER UPDATE OF state, event_id, session_id ON statement
WHEN new.original_id IS NULL AND (old.state IS NOT new.state
    OR old.event_id IS NOT new.event_id
    OR old.session_id IS NOT new.session_id) BEGIN
	UPDATE statement_count SET n = n - 1 WHERE event_id = old.event_id
	    AND session_id = coalesce(old.session_id, 0) AND state = old.state;
	INSERT INTO statement_count(event_id, session_id, state, n)
	VALUES (new.event_id, coalesce(new.session_id, 0), new.state, 1)
	ON CONFLICT(event_id, session_id, state) DO UPDATE SET n = n + 1;
END;
