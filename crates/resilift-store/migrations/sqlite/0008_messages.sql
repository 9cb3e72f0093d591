-- A short thread between a lifter and a linked clinician: replies to the clinician's notes and
-- questions back. Each message is read once by the other side (read_at). Keep in step with the
-- other tree's 0008_messages.sql.
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    lifter_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    clinician_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    body TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX messages_by_pair ON messages (lifter_id, clinician_id, id);
