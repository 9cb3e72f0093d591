-- The form check: what a clip of a set showed (landmarks, reps, angles, proposed faults) and
-- what the lifter decided about each proposed fault. The clip itself is not kept unless the
-- server is set to keep it (video names the kept file then).
-- Keep in step with the other tree's 0010_form_checks.sql.
CREATE TABLE form_checks (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    -- The model and the thresholds it was analysed with (JSON).
    model TEXT NOT NULL,
    settings TEXT NOT NULL,
    -- Reps, angles and proposals (JSON), and the landmarks of every analysed frame (JSON).
    analysis TEXT NOT NULL,
    track TEXT NOT NULL,
    -- Each proposal's decision: proposed, confirmed or dismissed, in proposal order (a JSON array;
    -- "+logged" marks one whose confirmation added the fault to the session's log).
    decisions TEXT NOT NULL,
    video TEXT
);
CREATE INDEX form_checks_by_session ON form_checks (account_id, session_id, id);
