-- resilift schema, SQLite flavour. Keep in step with migrations/postgres/0001_init.sql.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lifter', 'clinician')),
    created_at TEXT NOT NULL
);

CREATE TABLE profiles (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    units TEXT NOT NULL,
    equipment TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE screenings (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    as_of TEXT NOT NULL,
    decision TEXT NOT NULL,
    input TEXT NOT NULL,
    result TEXT NOT NULL,
    rules_version TEXT NOT NULL
);
CREATE INDEX screenings_by_account ON screenings (account_id, id);

CREATE TABLE assessments (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    author_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    taken_on TEXT NOT NULL,
    instrument TEXT NOT NULL,
    answers TEXT NOT NULL,
    result TEXT NOT NULL
);
CREATE INDEX assessments_by_account ON assessments (account_id, id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    date TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id, date, id);

CREATE TABLE invites (
    code_hash TEXT PRIMARY KEY,
    lifter_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

CREATE TABLE links (
    id TEXT PRIMARY KEY,
    lifter_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    clinician_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    UNIQUE (lifter_id, clinician_id)
);
CREATE INDEX links_by_clinician ON links (clinician_id, id);

CREATE TABLE overrides (
    id TEXT PRIMARY KEY,
    lifter_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    clinician_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    stage TEXT,
    note TEXT NOT NULL
);
CREATE INDEX overrides_by_lifter ON overrides (lifter_id, id);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_tokens_by_account ON api_tokens (account_id, id);

CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX web_sessions_by_account ON web_sessions (account_id);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id TEXT,
    subject_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_by_subject ON audit_log (subject_id, id);
