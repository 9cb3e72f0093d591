//! What an operator manages: the list of accounts, disabled accounts, password-reset links and
//! invites to register as a clinician.

use super::{Account, NewAudit, Profile};
use crate::{Instant, Result, Store, read_pool, write_tx};

/// An account as an operator sees it in a list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountSummary {
    /// Id.
    pub id: String,
    /// E-mail address.
    pub email: String,
    /// `lifter` or `clinician`.
    pub role: String,
    /// When it was made.
    pub created_at: Instant,
    /// When an operator disabled it, if they did.
    pub disabled_at: Option<Instant>,
}

/// A signed-in browser as its owner's export lists it (no secret).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BrowserSession {
    /// When it began.
    pub created_at: Instant,
    /// When it ends at the latest.
    pub expires_at: Instant,
    /// When it ends if it stays unused.
    pub idle_until: Option<Instant>,
}

/// An invite a lifter made for a clinician (no code).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InviteRecord {
    /// When it was made.
    pub created_at: Instant,
    /// When it stops working.
    pub expires_at: Instant,
    /// When a clinician used it.
    pub used_at: Option<Instant>,
}

impl Store {
    /// An account's signed-in browsers, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn browser_sessions(&self, account_id: &str) -> Result<Vec<BrowserSession>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, BrowserSession>(
                "SELECT created_at, expires_at, idle_until FROM web_sessions WHERE account_id = $1 ORDER BY created_at",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The invites a lifter made, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn invites_of(&self, lifter_id: &str) -> Result<Vec<InviteRecord>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, InviteRecord>(
                "SELECT created_at, expires_at, used_at FROM invites WHERE lifter_id = $1 ORDER BY created_at",
            )
            .bind(lifter_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The days since `since` (inclusive) with a deadlift session or a day of foundation work.
    ///
    /// # Errors
    /// The database failed.
    pub async fn activity_days(
        &self,
        account_id: &str,
        since: chrono::NaiveDate,
    ) -> Result<Vec<chrono::NaiveDate>> {
        let rows: Vec<(chrono::NaiveDate,)> = read_pool!(self, pool => {
            sqlx::query_as(
                "SELECT date FROM sessions WHERE account_id = $1 AND date >= $2 \
                 UNION SELECT date FROM foundation_days WHERE account_id = $1 AND date >= $2",
            )
            .bind(account_id)
            .bind(since)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|(day,)| day).collect())
    }

    /// The day of an account's first screening, if it has one.
    ///
    /// # Errors
    /// The database failed.
    pub async fn first_screening_day(&self, account_id: &str) -> Result<Option<chrono::NaiveDate>> {
        let row: Option<(Option<chrono::NaiveDate>,)> = read_pool!(self, pool => {
            sqlx::query_as("SELECT MIN(as_of) FROM screenings WHERE account_id = $1")
                .bind(account_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.and_then(|(day,)| day))
    }

    /// Every account, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn account_list(&self) -> Result<Vec<AccountSummary>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, AccountSummary>(
                "SELECT id, email, role, created_at, disabled_at FROM accounts ORDER BY id",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// When an account was disabled, if it was.
    ///
    /// # Errors
    /// The database failed.
    pub async fn disabled_at(&self, account_id: &str) -> Result<Option<Instant>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, (Option<Instant>,)>("SELECT disabled_at FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_optional(pool)
                .await?
        })
        .and_then(|(at,)| at))
    }

    /// Disables an account (`Some(at)`), which ends its browser sessions and revokes its
    /// tokens, or enables it again (`None`); false when there is no such account.
    ///
    /// # Errors
    /// The database failed.
    pub async fn set_disabled(
        &self,
        account_id: &str,
        at: Option<Instant>,
        audit: &NewAudit,
    ) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let found = sqlx::query("UPDATE accounts SET disabled_at = $1 WHERE id = $2")
                .bind(at)
                .bind(account_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            if found {
                if let Some(at) = at {
                    end_access!(tx, account_id, at, "");
                }
                audit!(tx, audit);
            }
            found
        }))
    }

    /// Stores a password-reset link's hash; earlier unused links of the account stop working.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_password_reset(
        &self,
        token_hash: &str,
        account_id: &str,
        now: Instant,
        expires_at: Instant,
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM password_resets WHERE account_id = $1 OR expires_at < $2")
                .bind(account_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO password_resets (token_hash, account_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, NULL)",
            )
            .bind(token_hash)
            .bind(account_id)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// The account a live (unused, unexpired) reset link belongs to.
    ///
    /// # Errors
    /// The database failed.
    pub async fn password_reset(&self, token_hash: &str, now: Instant) -> Result<Option<String>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, (String,)>(
                "SELECT account_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        })
        .map(|(id,)| id))
    }

    /// Uses a reset link once: sets the new password hash, ends every browser session and
    /// revokes every token of the account. False when the link is unknown, used or expired.
    ///
    /// # Errors
    /// The database failed.
    pub async fn reset_password(
        &self,
        token_hash: &str,
        hash: &str,
        now: Instant,
        audit: &NewAudit,
    ) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let account = sqlx::query_as::<_, (String,)>(
                "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING account_id",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((account_id,)) = &account {
                sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
                    .bind(hash)
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?;
                end_access!(tx, account_id, now, "");
                let entry = NewAudit {
                    actor_id: Some(account_id.clone()),
                    subject_id: Some(account_id.clone()),
                    ..audit.clone()
                };
                audit!(tx, &entry);
            }
            account.is_some()
        }))
    }

    /// Stores an invite to register as a clinician (its hash only).
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_clinician_invite(
        &self,
        code_hash: &str,
        note: &str,
        now: Instant,
        expires_at: Instant,
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO clinician_invites (code_hash, note, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, NULL)",
            )
            .bind(code_hash)
            .bind(note)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// Creates a clinician's account with the invite that allows it, using the invite up in the
    /// same transaction; [`crate::StoreError::Conflict`]`("invite")` when the invite is unknown, used
    /// or expired, `("email")` when the address is taken.
    ///
    /// # Errors
    /// As above, or the database failed.
    pub async fn create_invited_account(
        &self,
        account: &Account,
        profile: &Profile,
        code_hash: &str,
        audit: &NewAudit,
    ) -> Result<()> {
        self.insert_account(account, profile, Some(code_hash), audit)
            .await
    }
}
