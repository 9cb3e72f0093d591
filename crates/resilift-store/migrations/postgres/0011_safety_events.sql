-- The safety record: every warning sign, below-knee leg symptom, flare-level pain and urgent
-- triage outcome as it was reported, kept apart from the editable log.
-- Keep in step with the other tree's 0011_safety_events.sql.

-- Rows are only ever added. Correcting or deleting the record that reported an event notes it
-- here (corrected_at, deleted_at) and never removes the event.
CREATE TABLE safety_events (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    reported_at TIMESTAMPTZ NOT NULL,
    day DATE NOT NULL,
    -- screening, session, check_in, foundation_day or triage; source_id names that record.
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    -- The warning signs reported (a JSON list of ids).
    flags TEXT NOT NULL,
    leg_symptoms TEXT,
    worst_pain BIGINT,
    -- emergency, same_day or see_clinician; null for an event with no urgency of its own.
    tier TEXT,
    corrected_at TIMESTAMPTZ,
    deleted_at TIMESTAMPTZ
);
CREATE INDEX safety_events_by_account ON safety_events (account_id, id);
CREATE INDEX safety_events_by_source ON safety_events (account_id, source_id);
