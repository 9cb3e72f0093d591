//! Accounts and their profiles.

use super::{ACCOUNT_COLUMNS, NewAudit};
use crate::{Instant, Result, Store, conflict, read_pool, write_tx};

/// An account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Account {
    /// Id (UUIDv7 text).
    pub id: String,
    /// Lower-cased e-mail address.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// `lifter` or `clinician`.
    pub role: String,
    /// When it was made.
    pub created_at: Instant,
}

/// A profile: units, equipment (JSON) and time zone.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Profile {
    /// Owner.
    pub account_id: String,
    /// `kg` or `lb`.
    pub units: String,
    /// Equipment JSON.
    pub equipment: String,
    /// IANA time zone.
    pub time_zone: String,
    /// Last change.
    pub updated_at: Instant,
}

/// What an erased person becomes in the log entries others keep about them.
pub const ERASED: &str = "erased-account";

impl Store {
    /// Creates an account with its profile.
    ///
    /// # Errors
    /// [`crate::StoreError::Conflict`] when the e-mail address is taken.
    pub async fn create_account(
        &self,
        account: &Account,
        profile: &Profile,
        audit: &NewAudit,
    ) -> Result<()> {
        self.insert_account(account, profile, None, audit).await
    }

    /// Creates an account with its profile, first using up the clinician invite `invite` (a
    /// code's digest) in the same transaction when one is given.
    pub(crate) async fn insert_account(
        &self,
        account: &Account,
        profile: &Profile,
        invite: Option<&str>,
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            if let Some(code_hash) = invite {
                let used = sqlx::query(
                    "UPDATE clinician_invites SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2",
                )
                .bind(code_hash)
                .bind(account.created_at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if used != 1 {
                    return Err(crate::StoreError::Conflict("invite"));
                }
            }
            sqlx::query(
                "INSERT INTO accounts (id, email, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&account.id)
            .bind(&account.email)
            .bind(&account.password_hash)
            .bind(&account.role)
            .bind(account.created_at)
            .execute(&mut *tx)
            .await
            .map_err(conflict("email"))?;
            sqlx::query(
                "INSERT INTO profiles (account_id, units, equipment, time_zone, updated_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&profile.account_id)
            .bind(&profile.units)
            .bind(&profile.equipment)
            .bind(&profile.time_zone)
            .bind(profile.updated_at)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// The account with this (lower-cased) e-mail address.
    ///
    /// # Errors
    /// The database failed.
    pub async fn account_by_email(&self, email: &str) -> Result<Option<Account>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Account>(sqlx::AssertSqlSafe(format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email = $1"
            )))
            .bind(email)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The account with this id.
    ///
    /// # Errors
    /// The database failed.
    pub async fn account(&self, id: &str) -> Result<Option<Account>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Account>(sqlx::AssertSqlSafe(format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
            )))
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The name an account chose to be shown, if any.
    ///
    /// # Errors
    /// The database failed.
    pub async fn display_name(&self, account_id: &str) -> Result<Option<String>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, (Option<String>,)>("SELECT display_name FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_optional(pool)
                .await?
        })
        .and_then(|(name,)| name))
    }

    /// Sets (or, with `None`, removes) the name an account is shown by.
    ///
    /// # Errors
    /// The database failed.
    pub async fn set_display_name(
        &self,
        account_id: &str,
        name: Option<&str>,
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("UPDATE accounts SET display_name = $1 WHERE id = $2")
                .bind(name)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// Replaces the password hash, ends every browser session but `keep`, revokes every API
    /// token and voids every reset link.
    ///
    /// # Errors
    /// The database failed.
    pub async fn set_password(
        &self,
        account_id: &str,
        hash: &str,
        keep: Option<&str>,
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
                .bind(hash)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            // Whoever learnt the old password may have made a token with it: every token ends.
            end_access!(tx, account_id, audit.at, keep.unwrap_or(""));
            // A reset link made before the change is void too: it was meant for a password
            // that no longer exists, and whoever saw it must not take the account with it.
            sqlx::query("DELETE FROM password_resets WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// Erases an account and everything that belongs to it. Audit entries about it are
    /// removed (others' actions about it keep a tombstone instead of its id), entries it wrote
    /// about others lose its id, and one entry records the erasure.
    ///
    /// # Errors
    /// The database failed.
    pub async fn erase_account(&self, account_id: &str, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            // Others' actions about the person (a clinician's override or assessment) stay in
            // the log as that clinician's record, the person replaced by a tombstone and the
            // details, which may quote the person, dropped.
            sqlx::query(
                "UPDATE audit_log SET subject_id = $2, detail = '{}' \
                 WHERE subject_id = $1 AND actor_id IS NOT NULL AND actor_id <> $1",
            )
            .bind(account_id)
            .bind(ERASED)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM audit_log WHERE subject_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE audit_log SET actor_id = NULL WHERE actor_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM accounts WHERE id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            audit!(tx, audit);
        });
        // SQLite: copy the zeroed pages into the file and empty the write-ahead log, which
        // still holds earlier copies of the erased rows.
        if let crate::Backend::Sqlite { writer, .. } = &self.backend {
            crate::Writer::execute(writer, sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")).await?;
        }
        Ok(())
    }

    /// The profile of an account.
    ///
    /// # Errors
    /// The database failed.
    pub async fn profile(&self, account_id: &str) -> Result<Option<Profile>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Profile>(
                "SELECT account_id, units, equipment, time_zone, updated_at FROM profiles WHERE account_id = $1",
            )
            .bind(account_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Replaces a profile.
    ///
    /// # Errors
    /// The database failed.
    pub async fn put_profile(&self, profile: &Profile, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "UPDATE profiles SET units = $1, equipment = $2, time_zone = $3, updated_at = $4 WHERE account_id = $5",
            )
            .bind(&profile.units)
            .bind(&profile.equipment)
            .bind(&profile.time_zone)
            .bind(profile.updated_at)
            .bind(&profile.account_id)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }
}
