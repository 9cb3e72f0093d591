//! Form checks: what a clip of a set showed, and the lifter's decision on each proposed fault.

use super::NewAudit;
use crate::{Instant, Result, Session, Store, read_pool, write_tx};

/// One analysed clip.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FormCheck {
    /// Id.
    pub id: String,
    /// Whose.
    pub account_id: String,
    /// The session the clip is of.
    pub session_id: String,
    /// When it was analysed.
    pub created_at: Instant,
    /// The pose model used (`lite` or `full`).
    pub model: String,
    /// The thresholds the faults were proposed with (JSON).
    pub settings: String,
    /// Reps, angles and proposed faults (JSON).
    pub analysis: String,
    /// The landmarks of every analysed frame (JSON).
    pub track: String,
    /// The decision on each proposal, in proposal order (JSON array of `proposed`,
    /// `confirmed` or `dismissed`; `+logged` marks one whose confirmation added the fault to the
    /// session's log).
    pub decisions: String,
    /// The kept clip's file name in the data folder, when the server keeps clips.
    pub video: Option<String>,
}

const COLUMNS: &str =
    "id, account_id, session_id, created_at, model, settings, analysis, track, decisions, video";

impl Store {
    /// Stores an analysed clip.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_form_check(&self, check: &FormCheck, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO form_checks (id, account_id, session_id, created_at, model, settings, analysis, track, decisions, video) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(&check.id)
            .bind(&check.account_id)
            .bind(&check.session_id)
            .bind(check.created_at)
            .bind(&check.model)
            .bind(&check.settings)
            .bind(&check.analysis)
            .bind(&check.track)
            .bind(&check.decisions)
            .bind(&check.video)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// One of an account's form checks.
    ///
    /// # Errors
    /// The database failed.
    pub async fn form_check(&self, account_id: &str, id: &str) -> Result<Option<FormCheck>> {
        let sql = format!("SELECT {COLUMNS} FROM form_checks WHERE account_id = $1 AND id = $2");
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, FormCheck>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(account_id)
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The form checks of one session, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn form_checks(&self, account_id: &str, session_id: &str) -> Result<Vec<FormCheck>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM form_checks WHERE account_id = $1 AND session_id = $2 ORDER BY id"
        );
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, FormCheck>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(account_id)
                .bind(session_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// The names of the clips kept for an account's form checks (`keep_video`), of one session
    /// when `session_id` is given: the files to delete with the session or the account.
    ///
    /// # Errors
    /// The database failed.
    pub async fn kept_videos(
        &self,
        account_id: &str,
        session_id: Option<&str>,
    ) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT video FROM form_checks WHERE account_id = $1 AND video IS NOT NULL \
                 AND ($2 IS NULL OR session_id = $2)",
            )
            .bind(account_id)
            .bind(session_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|(name,)| name).collect())
    }

    /// Every form check of an account, oldest first (for its export).
    ///
    /// # Errors
    /// The database failed.
    pub async fn all_form_checks(&self, account_id: &str) -> Result<Vec<FormCheck>> {
        let sql = format!("SELECT {COLUMNS} FROM form_checks WHERE account_id = $1 ORDER BY id");
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, FormCheck>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(account_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Records a decision on a proposed fault, and the session's faults it changes, in one
    /// transaction. False when the check is gone or its decisions changed since they were read
    /// (`expected`), so that two decisions at once cannot lose one.
    ///
    /// # Errors
    /// The database failed.
    pub async fn decide_form_check(
        &self,
        account_id: &str,
        id: &str,
        expected: &str,
        decisions: &str,
        session: Option<&Session>,
        audit: &NewAudit,
    ) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let changed = sqlx::query(
                "UPDATE form_checks SET decisions = $1 WHERE account_id = $2 AND id = $3 AND decisions = $4",
            )
            .bind(decisions)
            .bind(account_id)
            .bind(id)
            .bind(expected)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if changed {
                if let Some(s) = session {
                    sqlx::query(
                        "UPDATE sessions SET updated_at = $1, body = $2 WHERE id = $3 AND account_id = $4",
                    )
                    .bind(s.updated_at)
                    .bind(&s.body)
                    .bind(&s.id)
                    .bind(&s.account_id)
                    .execute(&mut *tx)
                    .await?;
                }
                audit!(tx, audit);
            }
            changed
        }))
    }

    /// Deletes a form check (its landmarks and angles; a confirmed fault stays in the session's
    /// log). Answers the deleted record, or `None` when there was none.
    ///
    /// # Errors
    /// The database failed.
    pub async fn delete_form_check(
        &self,
        account_id: &str,
        id: &str,
        audit: &NewAudit,
    ) -> Result<Option<FormCheck>> {
        let found = self.form_check(account_id, id).await?;
        if found.is_none() {
            return Ok(None);
        }
        let gone = write_tx!(self, tx => {
            let gone = sqlx::query("DELETE FROM form_checks WHERE account_id = $1 AND id = $2")
                .bind(account_id)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            if gone {
                audit!(tx, audit);
            }
            gone
        });
        Ok(if gone { found } else { None })
    }
}
