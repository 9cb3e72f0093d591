-- Before generation: keep the rows the server wrote as templates, note every constraint and
-- index of the tables about to grow, and drop them (loading first and indexing once is many
-- times faster). finish.sql puts them back exactly as they were.
CREATE TABLE scale_seed (accounts BIGINT NOT NULL, done BOOLEAN NOT NULL);
CREATE UNLOGGED TABLE scale_template AS
SELECT
    (SELECT password_hash FROM accounts WHERE email = 'template-lifter@scale.example') AS password_hash,
    (SELECT units FROM profiles p JOIN accounts a ON a.id = p.account_id WHERE a.email = 'template-lifter@scale.example') AS units,
    (SELECT equipment FROM profiles p JOIN accounts a ON a.id = p.account_id WHERE a.email = 'template-lifter@scale.example') AS equipment,
    (SELECT s.body FROM sessions s) AS session_body,
    (SELECT s.input FROM screenings s) AS screening_input,
    (SELECT s.result FROM screenings s) AS screening_result,
    (SELECT s.decision FROM screenings s) AS screening_decision,
    (SELECT s.rules_version FROM screenings s) AS rules_version,
    (SELECT a.answers FROM assessments a WHERE instrument = 'nprs') AS nprs_answers,
    (SELECT a.result FROM assessments a WHERE instrument = 'nprs') AS nprs_result,
    (SELECT a.answers FROM assessments a WHERE instrument = 'odi') AS odi_answers,
    (SELECT a.result FROM assessments a WHERE instrument = 'odi') AS odi_result,
    (SELECT action FROM audit_log WHERE action LIKE 'session%' ORDER BY id LIMIT 1) AS session_action,
    (SELECT detail FROM audit_log WHERE action LIKE 'session%' ORDER BY id LIMIT 1) AS session_detail,
    (SELECT action FROM audit_log WHERE action LIKE 'screening%' ORDER BY id LIMIT 1) AS screening_action,
    (SELECT detail FROM audit_log WHERE action LIKE 'screening%' ORDER BY id LIMIT 1) AS screening_detail,
    (SELECT action FROM audit_log WHERE action LIKE 'assessment%' ORDER BY id LIMIT 1) AS assessment_action,
    (SELECT detail FROM audit_log WHERE action LIKE 'assessment%' ORDER BY id LIMIT 1) AS assessment_detail;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM scale_template WHERE session_body IS NULL OR screening_result IS NULL
               OR odi_result IS NULL OR session_action IS NULL OR screening_action IS NULL
               OR assessment_action IS NULL) THEN
        RAISE EXCEPTION 'the template records are missing: %', (SELECT row_to_json(t) FROM scale_template t);
    END IF;
END $$;
-- The template rows themselves go: generated rows replace them.
DELETE FROM audit_log; DELETE FROM links; DELETE FROM invites; DELETE FROM sessions;
DELETE FROM assessments; DELETE FROM screenings; DELETE FROM api_tokens; DELETE FROM web_sessions;
DELETE FROM profiles; DELETE FROM accounts;

CREATE UNLOGGED TABLE scale_ddl (step INT NOT NULL, ddl TEXT NOT NULL);
-- Foreign keys last, unique and primary keys first, plain indexes in between.
INSERT INTO scale_ddl
SELECT CASE c.contype WHEN 'f' THEN 3 ELSE 1 END,
       format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid))
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
WHERE t.relname IN ('profiles', 'sessions', 'screenings', 'assessments', 'links', 'audit_log')
  AND c.contype IN ('p', 'u', 'f');
INSERT INTO scale_ddl
SELECT 2, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
WHERE t.relname IN ('profiles', 'sessions', 'screenings', 'assessments', 'links', 'audit_log')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
DO $$
DECLARE r RECORD;
BEGIN
    -- Keys (and with them the foreign keys) first, then the indexes. The accounts table keeps
    -- its keys: the other tables' foreign keys point at it, and it is small.
    FOR r IN SELECT t.relname, c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
             WHERE t.relname IN ('profiles', 'sessions', 'screenings', 'assessments', 'links', 'audit_log')
               AND c.contype IN ('f', 'p', 'u')
             ORDER BY c.contype = 'f' DESC
    LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.relname, r.conname);
    END LOOP;
    FOR r IN SELECT x.relname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
             WHERE t.relname IN ('profiles', 'sessions', 'screenings', 'assessments', 'links', 'audit_log')
    LOOP
        EXECUTE format('DROP INDEX %I', r.relname);
    END LOOP;
END $$;

-- A UUIDv7 as the server makes them (time-ordered), from an instant and a unique number.
CREATE FUNCTION scale_id(at TIMESTAMPTZ, n BIGINT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT substr(lpad(to_hex((extract(epoch FROM at) * 1000)::BIGINT), 12, '0'), 1, 8) || '-'
        || substr(lpad(to_hex((extract(epoch FROM at) * 1000)::BIGINT), 12, '0'), 9, 4) || '-7'
        || substr(lpad(to_hex(n), 18, '0'), 1, 3) || '-8' || substr(lpad(to_hex(n), 18, '0'), 4, 3) || '-'
        || substr(lpad(to_hex(n), 18, '0'), 7, 12)
$$;
-- Account number n (1-based) as an id; clinicians come after the lifters.
CREATE FUNCTION scale_account(n BIGINT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT scale_id(TIMESTAMPTZ '2024-01-01 00:00:00+00', n)
$$;
