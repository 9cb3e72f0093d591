-- Failed sign-ins per account (by a digest of its e-mail address, so nothing here names
-- anyone): the count and the last failure, for the growing wait before the next try. Keep in
-- step with migrations/postgres/0005_sign_in_failures.sql.
CREATE TABLE sign_in_failures (
    key_hash TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at TEXT NOT NULL
);
