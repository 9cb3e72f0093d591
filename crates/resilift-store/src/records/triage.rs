//! Post-lift triages.

use chrono::NaiveDate;

use super::{ById, NewAudit, TRIAGE_COLUMNS};
use crate::{Instant, Page, Result, Store, read_pool, write_tx};

/// A stored post-lift triage (docs/json.md).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Triage {
    /// Id.
    pub id: String,
    /// Whose.
    pub account_id: String,
    /// When it was stored.
    pub created_at: Instant,
    /// Day it was taken, in the person's time zone.
    pub taken_on: NaiveDate,
    /// Day the pain began.
    pub onset: NaiveDate,
    /// `emergency`, `same_day`, `see_clinician`, `self_care` or `persistent`.
    pub outcome: String,
    /// The answers (JSON).
    pub input: String,
    /// The result (JSON).
    pub result: String,
    /// Rule-set version it was made under.
    pub rules_version: String,
}

impl ById for Triage {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Store {
    /// Stores a triage result with its audit entry.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_triage(
        &self,
        t: &Triage,
        events: &[crate::SafetyEvent],
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO triages (id, account_id, created_at, taken_on, onset, outcome, input, result, rules_version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&t.id)
            .bind(&t.account_id)
            .bind(t.created_at)
            .bind(t.taken_on)
            .bind(t.onset)
            .bind(&t.outcome)
            .bind(&t.input)
            .bind(&t.result)
            .bind(&t.rules_version)
            .execute(&mut *tx)
            .await?;
            crate::records::safety::safety_events!(tx, events);
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A page of an account's triages, newest first; `cursor` is the last id seen.
    ///
    /// # Errors
    /// The database failed.
    pub async fn triages(
        &self,
        account_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<Triage>> {
        self.page_by_id(
            &format!("SELECT {TRIAGE_COLUMNS} FROM triages"),
            "account_id",
            "id",
            account_id,
            cursor,
            limit,
        )
        .await
    }

    /// Every triage of an account, oldest first (for its report).
    ///
    /// # Errors
    /// The database failed.
    pub async fn all_triages(&self, account_id: &str) -> Result<Vec<Triage>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Triage>(sqlx::AssertSqlSafe(format!(
                "SELECT {TRIAGE_COLUMNS} FROM triages WHERE account_id = $1 ORDER BY id"
            )))
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// One of an account's triages.
    ///
    /// # Errors
    /// The database failed.
    pub async fn triage(&self, account_id: &str, id: &str) -> Result<Option<Triage>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Triage>(sqlx::AssertSqlSafe(format!(
                "SELECT {TRIAGE_COLUMNS} FROM triages WHERE account_id = $1 AND id = $2"
            )))
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// An account's newest triage.
    ///
    /// # Errors
    /// The database failed.
    pub async fn latest_triage(&self, account_id: &str) -> Result<Option<Triage>> {
        Ok(self.triages(account_id, None, 1).await?.items.pop())
    }
}
