//! Invites and the lifter–clinician links they make.

use super::{ById, LINK_SELECT, NewAudit};
use crate::{Instant, Page, Result, Store, read_pool, write_tx};

/// A lifter–clinician link.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Link {
    /// Id.
    pub id: String,
    /// Lifter.
    pub lifter_id: String,
    /// Clinician.
    pub clinician_id: String,
    /// When it was made.
    pub created_at: Instant,
    /// The lifter's e-mail.
    pub lifter_email: String,
    /// The clinician's e-mail.
    pub clinician_email: String,
    /// The name the lifter chose to be shown, if any.
    pub lifter_name: Option<String>,
    /// The name the clinician chose to be shown, if any.
    pub clinician_name: Option<String>,
}

/// Why an invite could not be redeemed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedeemError {
    /// No such code, already used, or expired.
    Invalid,
    /// The two accounts are already linked.
    AlreadyLinked,
}

impl ById for Link {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Store {
    /// Stores an invite code's hash.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_invite(
        &self,
        code_hash: &str,
        lifter_id: &str,
        now: Instant,
        expires_at: Instant,
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO invites (code_hash, lifter_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, NULL)",
            )
            .bind(code_hash)
            .bind(lifter_id)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// Redeems an invite for a clinician: marks it used and links the two, atomically.
    ///
    /// # Errors
    /// The database failed.
    pub async fn redeem_invite(
        &self,
        code_hash: &str,
        clinician_id: &str,
        link_id: &str,
        now: Instant,
        audit: &NewAudit,
    ) -> Result<Result<Link, RedeemError>> {
        let outcome: Result<(), RedeemError> = write_tx!(self, tx => {
            let lifter: Option<(String,)> = sqlx::query_as(
                "UPDATE invites SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING lifter_id",
            )
            .bind(now)
            .bind(code_hash)
            .fetch_optional(&mut *tx)
            .await?;
            match lifter {
                None => Err(RedeemError::Invalid),
                Some((lifter_id,)) => {
                    let inserted = sqlx::query(
                        "INSERT INTO links (id, lifter_id, clinician_id, created_at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (lifter_id, clinician_id) DO NOTHING",
                    )
                    .bind(link_id)
                    .bind(&lifter_id)
                    .bind(clinician_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if inserted == 1 {
                        let mut entry = audit.clone();
                        entry.subject_id = Some(lifter_id);
                        audit!(tx, &entry);
                        Ok(())
                    } else {
                        Err(RedeemError::AlreadyLinked)
                    }
                }
            }
        });
        if let Err(error) = outcome {
            return Ok(Err(error));
        }
        self.link(link_id)
            .await?
            .ok_or(crate::StoreError::Db(sqlx::Error::RowNotFound))
            .map(Ok)
    }

    /// One link.
    ///
    /// # Errors
    /// The database failed.
    pub async fn link(&self, id: &str) -> Result<Option<Link>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Link>(sqlx::AssertSqlSafe(format!("{LINK_SELECT} WHERE l.id = $1")))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Every link an account is on, either side, newest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn links_of(&self, account_id: &str) -> Result<Vec<Link>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Link>(sqlx::AssertSqlSafe(format!(
                "{LINK_SELECT} WHERE l.lifter_id = $1 OR l.clinician_id = $1 ORDER BY l.id DESC"
            )))
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// A page of a clinician's clients (their links), newest link first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn clients(
        &self,
        clinician_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<Link>> {
        self.page_by_id(
            LINK_SELECT,
            "l.clinician_id",
            "l.id",
            clinician_id,
            cursor,
            limit,
        )
        .await
    }

    /// Whether a clinician is linked to a lifter.
    ///
    /// # Errors
    /// The database failed.
    pub async fn is_linked(&self, clinician_id: &str, lifter_id: &str) -> Result<bool> {
        Ok(self.link_id(clinician_id, lifter_id).await?.is_some())
    }

    /// The id of the link between a clinician and a lifter, if they are linked.
    ///
    /// # Errors
    /// The database failed.
    pub async fn link_id(&self, clinician_id: &str, lifter_id: &str) -> Result<Option<String>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_scalar::<_, String>(
                "SELECT id FROM links WHERE clinician_id = $1 AND lifter_id = $2",
            )
            .bind(clinician_id)
            .bind(lifter_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Removes a link the account is on (either side); false when there is none.
    ///
    /// # Errors
    /// The database failed.
    pub async fn delete_link(
        &self,
        account_id: &str,
        link_id: &str,
        audit: &NewAudit,
    ) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let removed: Option<(String,)> = sqlx::query_as(
                "DELETE FROM links WHERE id = $1 AND (lifter_id = $2 OR clinician_id = $2) RETURNING lifter_id",
            )
            .bind(link_id)
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
            match removed {
                Some((lifter_id,)) => {
                    let mut entry = audit.clone();
                    entry.subject_id = Some(lifter_id);
                    audit!(tx, &entry);
                    true
                }
                None => false,
            }
        }))
    }
}
