-- One slice of the data set: lifters lo..hi and clinicians clo..chi, everything they own.
-- Variables: slice, slices, lifters, clinicians. Lifter i is account i; clinician c is account
-- lifters + c. Every id is a UUIDv7 made from the record's instant and a number unique to it.
SELECT (:slice * :lifters / :slices) + 1 AS lo, ((:slice + 1) * :lifters / :slices) AS hi,
       (:slice * :clinicians / :slices) + 1 AS clo, ((:slice + 1) * :clinicians / :slices) AS chi \gset
SET synchronous_commit = off;
SET work_mem = '256MB';
BEGIN;

INSERT INTO accounts (id, email, password_hash, role, created_at, display_name)
SELECT scale_account(i), 'lifter-' || i || '@scale.example', t.password_hash, 'lifter',
       TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * INTERVAL '1 second', 'Lifter ' || i
FROM generate_series(:lo, :hi) i, scale_template t;
INSERT INTO accounts (id, email, password_hash, role, created_at, display_name)
SELECT scale_account(:lifters + c), 'clinician-' || c || '@scale.example', t.password_hash, 'clinician',
       TIMESTAMPTZ '2024-01-01 00:00:00+00' + c * INTERVAL '1 second', 'Clinician ' || c
FROM generate_series(:clo, :chi) c, scale_template t;
INSERT INTO profiles (account_id, units, equipment, time_zone, updated_at)
SELECT scale_account(n), t.units, t.equipment, 'UTC', TIMESTAMPTZ '2024-01-01 00:00:00+00'
FROM (SELECT generate_series(:lo, :hi) AS n UNION ALL SELECT :lifters + generate_series(:clo, :chi)) a, scale_template t;

-- Sessions: 3 to 102 per lifter, a week apart, the newest 1 to 7 days ago; each with its audit
-- entry, as the server writes them.
CREATE TEMP TABLE slice_sessions ON COMMIT DROP AS
SELECT i, k, current_date - (i % 7)::INT - 7 * (k - 1) - 1 AS day, 40 + (i + k) % 40 AS load
FROM generate_series(:lo, :hi) i, generate_series(1, 3 + (i::BIGINT * 7919 % 100)::INT) k;
INSERT INTO sessions (id, account_id, created_at, updated_at, date, body)
SELECT scale_id(s.day + TIME '18:00', i * 128 + k), scale_account(i), s.day + TIME '18:00', s.day + TIME '18:00', s.day,
       replace(replace(t.session_body, '"2001-01-01"', '"' || s.day || '"'), '"load":61.0', '"load":' || s.load || '.0')
FROM slice_sessions s, scale_template t;
INSERT INTO audit_log (id, at, actor_id, subject_id, action, detail)
SELECT scale_id(s.day + TIME '18:00', (1::BIGINT << 40) + i * 128 + k), s.day + TIME '18:00', scale_account(i), scale_account(i),
       t.session_action, json_build_object('date', s.day, 'session_id', scale_id(s.day + TIME '18:00', i * 128 + k))::TEXT
FROM slice_sessions s, scale_template t;

-- Screenings: one or two a lifter, the latest 0 to 49 days ago.
CREATE TEMP TABLE slice_screenings ON COMMIT DROP AS
SELECT i, j, current_date - (i % 50)::INT - 180 * (j - 1) AS day
FROM generate_series(:lo, :hi) i, generate_series(1, 1 + i % 2) j;
INSERT INTO screenings (id, account_id, created_at, as_of, decision, input, result, rules_version)
SELECT scale_id(s.day + TIME '09:00', (2::BIGINT << 40) + i * 4 + j), scale_account(i), s.day + TIME '09:00', s.day,
       t.screening_decision, t.screening_input, t.screening_result, t.rules_version
FROM slice_screenings s, scale_template t;
INSERT INTO audit_log (id, at, actor_id, subject_id, action, detail)
SELECT scale_id(s.day + TIME '09:00', (3::BIGINT << 40) + i * 4 + j), s.day + TIME '09:00', scale_account(i), scale_account(i),
       t.screening_action, json_build_object('decision', t.screening_decision, 'rules_version', t.rules_version,
                                             'screening_id', scale_id(s.day + TIME '09:00', (2::BIGINT << 40) + i * 4 + j))::TEXT
FROM slice_screenings s, scale_template t;

-- Assessments: the pain scale and the ODI, 0 to 29 days ago.
INSERT INTO assessments (id, account_id, author_id, created_at, taken_on, instrument, answers, result)
SELECT scale_id(day + TIME '09:30', (4::BIGINT << 40) + i * 2 + m), scale_account(i), scale_account(i), day + TIME '09:30', day,
       CASE m WHEN 0 THEN 'nprs' ELSE 'odi' END,
       CASE m WHEN 0 THEN t.nprs_answers ELSE t.odi_answers END,
       CASE m WHEN 0 THEN t.nprs_result ELSE t.odi_result END
FROM (SELECT i, m, current_date - (i % 30)::INT AS day FROM generate_series(:lo, :hi) i, generate_series(0, 1) m) a, scale_template t;
INSERT INTO audit_log (id, at, actor_id, subject_id, action, detail)
SELECT scale_id(day + TIME '09:30', (5::BIGINT << 40) + i * 2 + m), day + TIME '09:30', scale_account(i), scale_account(i),
       t.assessment_action, json_build_object('assessment_id', scale_id(day + TIME '09:30', (4::BIGINT << 40) + i * 2 + m),
                                              'instrument', CASE m WHEN 0 THEN 'nprs' ELSE 'odi' END)::TEXT
FROM (SELECT i, m, current_date - (i % 30)::INT AS day FROM generate_series(:lo, :hi) i, generate_series(0, 1) m) a, scale_template t;

-- Links: lifters 1 to 50,000 are the rosters of clinicians 1 to 100 (500 each); of the rest,
-- three in five have a clinician among the others, dealt out in turn (10 or 11 each).
INSERT INTO links (id, lifter_id, clinician_id, created_at)
SELECT scale_id(TIMESTAMPTZ '2025-01-01 00:00:00+00', (6::BIGINT << 40) + i), scale_account(i),
       scale_account(:lifters + CASE WHEN i <= 50000 THEN (i - 1) / 500 + 1
                                     ELSE 101 + ((i / 5) * 3 + i % 5) % (:clinicians - 100) END),
       TIMESTAMPTZ '2025-01-01 00:00:00+00'
FROM generate_series(:lo, :hi) i
WHERE i <= 50000 OR i % 5 < 3;
COMMIT;
