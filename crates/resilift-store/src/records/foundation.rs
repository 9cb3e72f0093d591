//! Days of foundation work.

use chrono::NaiveDate;

use super::{ById, FOUNDATION_COLUMNS, NewAudit};
use crate::{Instant, Page, Result, Store, read_pool, write_tx};

/// A stored day of foundation work.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FoundationDay {
    /// Id.
    pub id: String,
    /// Owner.
    pub account_id: String,
    /// When it was logged.
    pub created_at: Instant,
    /// The day.
    pub date: NaiveDate,
    /// The day object of the next-session request's `foundation` list (docs/json.md), as JSON.
    pub body: String,
}

impl ById for FoundationDay {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Store {
    /// Stores a day of foundation work with its audit entry.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_foundation_day(
        &self,
        d: &FoundationDay,
        events: &[crate::SafetyEvent],
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO foundation_days (id, account_id, created_at, date, body) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&d.id)
            .bind(&d.account_id)
            .bind(d.created_at)
            .bind(d.date)
            .bind(&d.body)
            .execute(&mut *tx)
            .await?;
            crate::records::safety::safety_events!(tx, events);
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A page of an account's days of foundation work, newest logged first; `cursor` is the
    /// last id seen.
    ///
    /// # Errors
    /// The database failed.
    pub async fn foundation_days(
        &self,
        account_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<FoundationDay>> {
        self.page_by_id(
            &format!("SELECT {FOUNDATION_COLUMNS} FROM foundation_days"),
            "account_id",
            "id",
            account_id,
            cursor,
            limit,
        )
        .await
    }

    /// Every day of foundation work of an account logged on or after `since`, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn foundation_days_since(
        &self,
        account_id: &str,
        since: Instant,
    ) -> Result<Vec<FoundationDay>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, FoundationDay>(sqlx::AssertSqlSafe(format!(
                "SELECT {FOUNDATION_COLUMNS} FROM foundation_days WHERE account_id = $1 AND created_at >= $2 ORDER BY date, id"
            )))
            .bind(account_id)
            .bind(since)
            .fetch_all(pool)
            .await?
        }))
    }

    /// One of an account's days of foundation work.
    ///
    /// # Errors
    /// The database failed.
    pub async fn foundation_day(
        &self,
        account_id: &str,
        id: &str,
    ) -> Result<Option<FoundationDay>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, FoundationDay>(sqlx::AssertSqlSafe(format!(
                "SELECT {FOUNDATION_COLUMNS} FROM foundation_days WHERE account_id = $1 AND id = $2"
            )))
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Deletes one of an account's days of foundation work, with its audit entry; `false` when
    /// there is none.
    ///
    /// # Errors
    /// The database failed.
    pub async fn delete_foundation_day(
        &self,
        account_id: &str,
        id: &str,
        audit: &NewAudit,
    ) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let done = sqlx::query("DELETE FROM foundation_days WHERE id = $1 AND account_id = $2")
                .bind(id)
                .bind(account_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            if done {
                crate::records::safety::safety_events_noted!(tx, "deleted_at", account_id, id, audit.at);
                audit!(tx, audit);
            }
            done
        }))
    }
}
