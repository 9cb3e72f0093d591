-- What running resilift for many people needs: a row the server writes to prove the store takes
-- writes, when tokens were last used, the idle end of browser sessions, accounts an operator
-- disabled, password-reset links and invites to register as a clinician. Keep in step with
-- migrations/sqlite/0006_operations.sql.
CREATE TABLE store_probe (
    id BIGINT PRIMARY KEY,
    writes BIGINT NOT NULL
);

ALTER TABLE api_tokens ADD COLUMN last_used_at TIMESTAMPTZ;
ALTER TABLE web_sessions ADD COLUMN idle_until TIMESTAMPTZ;
ALTER TABLE accounts ADD COLUMN disabled_at TIMESTAMPTZ;

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
CREATE INDEX password_resets_by_account ON password_resets (account_id);

CREATE TABLE clinician_invites (
    code_hash TEXT PRIMARY KEY,
    note TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
