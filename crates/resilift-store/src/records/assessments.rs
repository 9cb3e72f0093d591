//! Assessments: an instrument's answers and score, entered by the lifter or a clinician.

use chrono::NaiveDate;

use super::{ASSESSMENT_COLUMNS, ById, NewAudit};
use crate::{Instant, Page, Result, Store, read_pool, write_tx};

/// A stored assessment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Assessment {
    /// Id.
    pub id: String,
    /// Whose assessment.
    pub account_id: String,
    /// Who entered it (the lifter or a clinician); null once that account is erased.
    pub author_id: Option<String>,
    /// When it was saved.
    pub created_at: Instant,
    /// The day it was taken.
    pub taken_on: NaiveDate,
    /// Instrument id.
    pub instrument: String,
    /// Answers (JSON).
    pub answers: String,
    /// Score (JSON).
    pub result: String,
}

impl ById for Assessment {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Store {
    /// Stores an assessment.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_assessment(&self, a: &Assessment, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO assessments (id, account_id, author_id, created_at, taken_on, instrument, answers, result) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&a.id)
            .bind(&a.account_id)
            .bind(&a.author_id)
            .bind(a.created_at)
            .bind(a.taken_on)
            .bind(&a.instrument)
            .bind(&a.answers)
            .bind(&a.result)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A page of an account's assessments, newest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn assessments(
        &self,
        account_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<Assessment>> {
        self.page_by_id(
            &format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments"),
            "account_id",
            "id",
            account_id,
            cursor,
            limit,
        )
        .await
    }

    /// One of an account's assessments.
    ///
    /// # Errors
    /// The database failed.
    pub async fn assessment(&self, account_id: &str, id: &str) -> Result<Option<Assessment>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Assessment>(sqlx::AssertSqlSafe(format!(
                "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE account_id = $1 AND id = $2"
            )))
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// An account's newest assessment with one instrument.
    ///
    /// # Errors
    /// The database failed.
    pub async fn latest_assessment(
        &self,
        account_id: &str,
        instrument: &str,
    ) -> Result<Option<Assessment>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Assessment>(sqlx::AssertSqlSafe(format!(
                "SELECT {ASSESSMENT_COLUMNS} FROM assessments \
                 WHERE account_id = $1 AND instrument = $2 ORDER BY taken_on DESC, id DESC LIMIT 1"
            )))
            .bind(account_id)
            .bind(instrument)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Every assessment of an account, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn all_assessments(&self, account_id: &str) -> Result<Vec<Assessment>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Assessment>(sqlx::AssertSqlSafe(format!(
                "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE account_id = $1 ORDER BY taken_on, id"
            )))
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
