-- Days of foundation work (the FND-* programme), logged with their pain, leg symptoms and
-- warning signs. Keep in step with migrations/sqlite/0004_foundation_days.sql.
CREATE TABLE foundation_days (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    date DATE NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX foundation_days_by_account ON foundation_days (account_id, date, id);
