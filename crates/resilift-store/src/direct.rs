//! SQLite reads run on the calling thread.
//!
//! sqlx gives every SQLite connection a worker thread of its own: each query is sent there, run,
//! and its rows sent back, so a request that reads twice (who is asking, then what they asked
//! for) pays four thread hand-offs and wake-ups, which dominate a read that SQLite itself answers
//! from its page cache in microseconds. For the reads on nearly every request's path (an API
//! token, a browser session, a page of sessions) the store keeps plain `rusqlite` connections,
//! opened read-only, and runs the statement where it is called.
//!
//! INVARIANT (short): only reads that touch a handful of rows through an index run here, because
//! they hold an async worker while they run. Whole histories and anything that writes keep going
//! through sqlx.
//!
//! Durability is unchanged: writes still go through the one sqlx writer with `synchronous =
//! FULL`, and WAL readers see every transaction committed before their statement began.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::{Account, Instant, Result, Session, StoreError, WebSession};

/// Idle read-only connections to one SQLite file.
#[derive(Debug)]
pub(crate) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    keep: usize,
}

/// What an API token's hash finds.
pub(crate) struct TokenHolder {
    pub(crate) account: Account,
    pub(crate) time_zone: String,
    pub(crate) token_id: String,
    pub(crate) last_used_at: Option<Instant>,
}

/// What a session cookie's hash finds: the session, its idle deadline, and its account with its
/// time zone (`None` when the account is disabled).
pub(crate) struct LiveSession {
    pub(crate) session: WebSession,
    pub(crate) idle_until: Option<Instant>,
    pub(crate) account: Option<(Account, String)>,
}

/// An instant as sqlx writes it to SQLite (RFC 3339 text), so that comparisons in SQL agree.
fn text(at: Instant) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

/// An instant read back from SQLite text.
fn instant(index: usize, value: &str) -> rusqlite::Result<Instant> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, e.into())
        })
}

fn instant_at(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Instant> {
    instant(index, &row.get::<_, String>(index)?)
}

/// An account from the five columns `a.id, a.email, a.password_hash, a.role, a.created_at`.
fn account_at(row: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        email: row.get(1)?,
        password_hash: row.get(2)?,
        role: row.get(3)?,
        created_at: instant_at(row, 4)?,
    })
}

impl Readers {
    pub(crate) fn new(path: &Path, keep: usize) -> Self {
        Self {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
            keep: keep.max(1),
        }
    }

    /// Closes the idle connections (the last connection to close checkpoints the WAL).
    pub(crate) fn close(&self) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // A WAL reader waits only while another connection recovers the WAL index, which is
        // rare and short; never long on an async worker.
        connection.busy_timeout(Duration::from_secs(2))?;
        connection.pragma_update(None, "query_only", true)?;
        Ok(connection)
    }

    /// Runs `read` on an idle connection (opening one when none is idle).
    fn run<T>(&self, read: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let connection = match idle {
            Some(connection) => connection,
            None => self.open()?,
        };
        let out = read(&connection);
        // A connection whose statement failed is dropped rather than reused.
        if out.is_ok() {
            let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
            if idle.len() < self.keep {
                idle.push(connection);
            }
        }
        Ok(out?)
    }

    /// The account (with its time zone) of a live API token, and the token's id and last use.
    pub(crate) fn account_by_token(
        &self,
        token_hash: &str,
        made_after: Instant,
    ) -> Result<Option<TokenHolder>> {
        self.run(|c| {
            c.prepare_cached(
                "SELECT a.id, a.email, a.password_hash, a.role, a.created_at, p.time_zone, t.id, t.last_used_at \
                 FROM api_tokens t JOIN accounts a ON a.id = t.account_id JOIN profiles p ON p.account_id = a.id \
                 WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND t.created_at > ?2 AND a.disabled_at IS NULL",
            )?
            .query_row(params![token_hash, text(made_after)], |row| {
                let last_used: Option<String> = row.get(7)?;
                Ok(TokenHolder {
                    account: account_at(row)?,
                    time_zone: row.get(5)?,
                    token_id: row.get(6)?,
                    last_used_at: last_used.map(|at| instant(7, &at)).transpose()?,
                })
            })
            .optional()
        })
    }

    /// A live browser session.
    pub(crate) fn web_session(
        &self,
        token_hash: &str,
        now: Instant,
    ) -> Result<Option<LiveSession>> {
        self.run(|c| {
            let session = c
                .prepare_cached(
                    "SELECT id, account_id, csrf_token, expires_at, idle_until FROM web_sessions \
                     WHERE token_hash = ?1 AND expires_at > ?2 AND (idle_until IS NULL OR idle_until > ?2)",
                )?
                .query_row(params![token_hash, text(now)], |row| {
                    let idle_until: Option<String> = row.get(4)?;
                    Ok((
                        WebSession {
                            id: row.get(0)?,
                            account_id: row.get(1)?,
                            csrf_token: row.get(2)?,
                            expires_at: instant_at(row, 3)?,
                        },
                        idle_until.map(|at| instant(4, &at)).transpose()?,
                    ))
                })
                .optional()?;
            let Some((session, idle_until)) = session else {
                return Ok(None);
            };
            let account = c
                .prepare_cached(
                    "SELECT a.id, a.email, a.password_hash, a.role, a.created_at, p.time_zone FROM accounts a \
                     JOIN profiles p ON p.account_id = a.id WHERE a.id = ?1 AND a.disabled_at IS NULL",
                )?
                .query_row(params![session.account_id], |row| {
                    Ok((account_at(row)?, row.get(5)?))
                })
                .optional()?;
            Ok(Some(LiveSession {
                session,
                idle_until,
                account,
            }))
        })
    }

    /// Up to `limit` sessions of an account before the cursor `(date, id)`, latest day first.
    pub(crate) fn sessions(
        &self,
        account_id: &str,
        date: NaiveDate,
        id: &str,
        limit: i64,
    ) -> Result<Vec<Session>> {
        self.run(|c| {
            let mut statement = c.prepare_cached(
                "SELECT id, account_id, created_at, updated_at, date, body FROM sessions \
                 WHERE account_id = ?1 AND (date < ?2 OR (date = ?2 AND id < ?3)) \
                 ORDER BY date DESC, id DESC LIMIT ?4",
            )?;
            let rows = statement.query_map(
                params![account_id, date.format("%F").to_string(), id, limit],
                |row| {
                    let day: String = row.get(4)?;
                    Ok(Session {
                        id: row.get(0)?,
                        account_id: row.get(1)?,
                        created_at: instant_at(row, 2)?,
                        updated_at: instant_at(row, 3)?,
                        date: day.parse().map_err(|e: chrono::ParseError| {
                            rusqlite::Error::FromSqlConversionFailure(
                                4,
                                rusqlite::types::Type::Text,
                                e.into(),
                            )
                        })?,
                        body: row.get(5)?,
                    })
                },
            )?;
            rows.collect()
        })
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Direct(error)
    }
}
