-- 007-languages.sql — interface languages, and language versions of a
-- statement.
--
-- A translation is a statement row of its own, with its own moderation,
-- revisions and history; original_id names the statement it translates
-- (NULL: the row is an original). Lists show one entry per original.
ALTER TABLE statement ADD COLUMN original_id INTEGER REFERENCES statement(id);
CREATE INDEX statement_original ON statement(original_id, language)
	WHERE original_id IS NOT NULL;

-- The interface language of the form the submitter used (one of dais's
-- interface languages; '': the default_language setting): the language of
-- the e-mails about the statement.
ALTER TABLE statement ADD COLUMN ui_lang TEXT NOT NULL DEFAULT '';

-- The interface language a moderator chose ('': default_language), for the
-- e-mails they receive.
ALTER TABLE moderator ADD COLUMN language TEXT NOT NULL DEFAULT '';
