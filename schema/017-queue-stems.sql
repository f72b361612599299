-- 017-queue-stems.sql — the moderators' queue searched as the public search
-- is (014): words stemmed (porter: "migrant" finds "migrants") and accents
-- folded ("securite" finds "sécurité"). The index is made again with that
-- tokenizer; its triggers are unchanged.
DROP TRIGGER statement_fts_insert;
DROP TRIGGER statement_fts_delete;
DROP TRIGGER statement_fts_update;
DROP TABLE statement_fts;
CREATE VIRTUAL TABLE statement_fts USING fts5(
	title, speaker, org_name, on_behalf_of, source,
	content = 'statement', content_rowid = 'id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO statement_fts(statement_fts) VALUES ('rebuild');
CREATE TRIGGER statement_fts_insert AFTER INSERT ON statement BEGIN
	INSERT INTO statement_fts(rowid, title, speaker, org_name, on_behalf_of, source)
	VALUES (new.id, new.title, new.speaker, new.org_name, new.on_behalf_of, new.source);
END;
CREATE TRIGGER statement_fts_delete AFTER DELETE ON statement BEGIN
	INSERT INTO statement_fts(statement_fts, rowid, title, speaker, org_name, on_behalf_of, source)
	VALUES ('delete', old.id, old.title, old.speaker, old.org_name, old.on_behalf_of, old.source);
END;
CREATE TRIGGER statement_fts_update AFTER UPDATE OF title, speaker, org_name, on_behalf_of, source ON statement BEGIN
	INSERT INTO statement_fts(statement_fts, rowid, title, speaker, org_name, on_behalf_of, source)
	VALUES ('delete', old.id, old.title, old.speaker, old.org_name, old.on_behalf_of, old.source);
	INSERT INTO statement_fts(rowid, title, speaker, org_name, on_behalf_of, source)
	VALUES (new.id, new.title, new.speaker, new.org_name, new.on_behalf_of, new.source);
END;
