//! Deadlift sessions, paged by day.

use chrono::NaiveDate;

use super::{NewAudit, SESSION_COLUMNS};
use crate::records::safety::{safety_events, safety_events_noted};
use crate::{Instant, Page, Result, Store, read_pool, session_cursor, write_tx};

/// A stored deadlift session.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Session {
    /// Id.
    pub id: String,
    /// Owner.
    pub account_id: String,
    /// When it was logged.
    pub created_at: Instant,
    /// Last correction or check-in.
    pub updated_at: Instant,
    /// Day of the session.
    pub date: NaiveDate,
    /// The session object of the next-session request (docs/json.md), as JSON.
    pub body: String,
}

impl Store {
    /// Stores a session with the safety events it reported.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_session(
        &self,
        s: &Session,
        events: &[crate::SafetyEvent],
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO sessions (id, account_id, created_at, updated_at, date, body) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&s.id)
            .bind(&s.account_id)
            .bind(s.created_at)
            .bind(s.updated_at)
            .bind(s.date)
            .bind(&s.body)
            .execute(&mut *tx)
            .await?;
            safety_events!(tx, events);
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A page of an account's sessions, latest day first; the cursor is `DATE_ID`.
    ///
    /// # Errors
    /// The database failed.
    pub async fn sessions(
        &self,
        account_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<Session>> {
        let (date, id) = session_cursor(cursor);
        let rows = match &self.backend {
            crate::Backend::Sqlite { direct, .. } => {
                direct.sessions(account_id, date, &id, i64::from(limit) + 1)?
            }
            crate::Backend::Postgres(pool) => {
                sqlx::query_as::<_, Session>(sqlx::AssertSqlSafe(format!(
                    "SELECT {SESSION_COLUMNS} FROM sessions \
                     WHERE account_id = $1 AND (date < $2 OR (date = $2 AND id < $3)) \
                     ORDER BY date DESC, id DESC LIMIT $4"
                )))
                .bind(account_id)
                .bind(date)
                .bind(&id)
                .bind(i64::from(limit) + 1)
                .fetch_all(pool)
                .await?
            }
        };
        Ok(Page::from_rows(rows, limit, |s| {
            format!("{}_{}", s.date, s.id)
        }))
    }

    /// A session and up to `older` sessions before it, newest first (for its pain trend).
    ///
    /// # Errors
    /// The database failed.
    pub async fn session_with_previous(
        &self,
        account_id: &str,
        date: NaiveDate,
        id: &str,
        older: u32,
    ) -> Result<Vec<Session>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Session>(sqlx::AssertSqlSafe(format!(
                "SELECT {SESSION_COLUMNS} FROM sessions \
                 WHERE account_id = $1 AND (date < $2 OR (date = $2 AND id <= $3)) \
                 ORDER BY date DESC, id DESC LIMIT $4"
            )))
            .bind(account_id)
            .bind(date)
            .bind(id)
            .bind(i64::from(older) + 1)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Every session of an account, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn all_sessions(&self, account_id: &str) -> Result<Vec<Session>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Session>(sqlx::AssertSqlSafe(format!(
                "SELECT {SESSION_COLUMNS} FROM sessions WHERE account_id = $1 ORDER BY date, id"
            )))
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// One of an account's sessions.
    ///
    /// # Errors
    /// The database failed.
    pub async fn session(&self, account_id: &str, id: &str) -> Result<Option<Session>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Session>(sqlx::AssertSqlSafe(format!(
                "SELECT {SESSION_COLUMNS} FROM sessions WHERE account_id = $1 AND id = $2"
            )))
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Replaces a session's body (a check-in or a correction), with its audit entry.
    ///
    /// # Errors
    /// The database failed.
    pub async fn update_session(
        &self,
        s: &Session,
        events: &[crate::SafetyEvent],
        corrected: bool,
        audit: &NewAudit,
    ) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let done = sqlx::query(
                "UPDATE sessions SET updated_at = $1, date = $2, body = $3 WHERE id = $4 AND account_id = $5",
            )
            .bind(s.updated_at)
            .bind(s.date)
            .bind(&s.body)
            .bind(&s.id)
            .bind(&s.account_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if done {
                if corrected {
                    safety_events_noted!(tx, "corrected_at", &s.account_id, &s.id, s.updated_at);
                }
                safety_events!(tx, events);
                audit!(tx, audit);
            }
            done
        }))
    }

    /// Deletes one of an account's sessions, with its audit entry; `false` when there is none.
    ///
    /// # Errors
    /// The database failed.
    pub async fn delete_session(
        &self,
        account_id: &str,
        id: &str,
        audit: &NewAudit,
    ) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let done = sqlx::query("DELETE FROM sessions WHERE id = $1 AND account_id = $2")
                .bind(id)
                .bind(account_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            if done {
                // The events it reported stay, marked as deleted with it.
                safety_events_noted!(tx, "deleted_at", account_id, id, audit.at);
                audit!(tx, audit);
            }
            done
        }))
    }
}
