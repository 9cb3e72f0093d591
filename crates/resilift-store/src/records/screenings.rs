//! Screenings: what was asked, what was decided, by which rules.

use chrono::NaiveDate;

use super::{ById, NewAudit, SCREENING_COLUMNS};
use crate::{Instant, Page, Result, Store, read_pool, write_tx};

/// A stored screening: what was asked, what was decided, by which rules.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Screening {
    /// Id.
    pub id: String,
    /// Owner.
    pub account_id: String,
    /// When it was saved.
    pub created_at: Instant,
    /// The day it applies to.
    pub as_of: NaiveDate,
    /// Decision.
    pub decision: String,
    /// The input record (JSON).
    pub input: String,
    /// The full decision (JSON).
    pub result: String,
    /// Rule-set version that decided.
    pub rules_version: String,
}

impl ById for Screening {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Store {
    /// Stores a screening.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_screening(
        &self,
        s: &Screening,
        events: &[crate::SafetyEvent],
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO screenings (id, account_id, created_at, as_of, decision, input, result, rules_version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&s.id)
            .bind(&s.account_id)
            .bind(s.created_at)
            .bind(s.as_of)
            .bind(&s.decision)
            .bind(&s.input)
            .bind(&s.result)
            .bind(&s.rules_version)
            .execute(&mut *tx)
            .await?;
            crate::records::safety::safety_events!(tx, events);
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A page of an account's screenings, newest first; `cursor` is the last id seen.
    ///
    /// # Errors
    /// The database failed.
    pub async fn screenings(
        &self,
        account_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<Screening>> {
        self.page_by_id(
            &format!("SELECT {SCREENING_COLUMNS} FROM screenings"),
            "account_id",
            "id",
            account_id,
            cursor,
            limit,
        )
        .await
    }

    /// One of an account's screenings.
    ///
    /// # Errors
    /// The database failed.
    pub async fn screening(&self, account_id: &str, id: &str) -> Result<Option<Screening>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Screening>(sqlx::AssertSqlSafe(format!(
                "SELECT {SCREENING_COLUMNS} FROM screenings WHERE account_id = $1 AND id = $2"
            )))
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// An account's newest screening.
    ///
    /// # Errors
    /// The database failed.
    pub async fn latest_screening(&self, account_id: &str) -> Result<Option<Screening>> {
        Ok(self.screenings(account_id, None, 1).await?.items.pop())
    }

    /// Every screening of an account, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn all_screenings(&self, account_id: &str) -> Result<Vec<Screening>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Screening>(sqlx::AssertSqlSafe(format!(
                "SELECT {SCREENING_COLUMNS} FROM screenings WHERE account_id = $1 ORDER BY id"
            )))
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
