-- What running resilift for many people needs: a row the server writes to prove the store takes
-- writes, when tokens were last used, the idle end of browser sessions, accounts an operator
-- disabled, password-reset links and invites to register as a clinician. Keep in step with
-- migrations/postgres/0006_operations.sql.
CREATE TABLE store_probe (
    id INTEGER PRIMARY KEY,
    writes BIGINT NOT NULL
);

ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE web_sessions ADD COLUMN idle_until TEXT;
ALTER TABLE accounts ADD COLUMN disabled_at TEXT;

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX password_resets_by_account ON password_resets (account_id);

CREATE TABLE clinician_invites (
    code_hash TEXT PRIMARY KEY,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
