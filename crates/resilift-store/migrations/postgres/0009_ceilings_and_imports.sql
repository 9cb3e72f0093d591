-- A clinician's load ceiling on an override, and workout history imported from another app.
-- Keep in step with the other tree's 0009_ceilings_and_imports.sql.

-- The ceiling: a load in the lifter's units at the time (ceiling_units), a percentage of the
-- estimated 1RM, or both. Null when the override sets no ceiling.
ALTER TABLE overrides ADD COLUMN ceiling_load DOUBLE PRECISION;
ALTER TABLE overrides ADD COLUMN ceiling_units TEXT;
ALTER TABLE overrides ADD COLUMN ceiling_percent DOUBLE PRECISION;

-- One uploaded file: previewed, then confirmed (its sessions stored) or undone (removed).
-- preview holds the preview shown to the person (JSON) so that confirm stores exactly that.
CREATE TABLE imports (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL,
    app TEXT NOT NULL,
    preview TEXT NOT NULL,
    confirmed_at TIMESTAMPTZ,
    undone_at TIMESTAMPTZ
);
CREATE INDEX imports_by_account ON imports (account_id, id);

-- Imported sessions carry loads and reps but no pain answers: they feed the estimated 1RM and
-- the charts, never the pain rules, the clean-session count or the ladder.
CREATE TABLE imported_sessions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    import_id TEXT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    date DATE NOT NULL,
    exercise TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX imported_sessions_by_account ON imported_sessions (account_id, date, id);
CREATE INDEX imported_sessions_by_import ON imported_sessions (import_id);
