-- Rule-set version 2: stored post-lift triage results, and clinician clearances of stable flags.
-- Keep in step with migrations/postgres/0002_triages_and_clearances.sql.
CREATE TABLE triages (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    taken_on TEXT NOT NULL,
    onset TEXT NOT NULL,
    outcome TEXT NOT NULL,
    input TEXT NOT NULL,
    result TEXT NOT NULL,
    rules_version TEXT NOT NULL
);
CREATE INDEX triages_by_account ON triages (account_id, id);

ALTER TABLE overrides ADD COLUMN cleared_flags TEXT;
