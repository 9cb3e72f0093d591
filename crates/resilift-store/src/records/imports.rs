//! Workout history imported from another app: the uploaded file's preview, then its sessions
//! once confirmed, removed together when the import is undone.

use chrono::NaiveDate;

use super::NewAudit;
use crate::{Instant, Result, Store, read_pool, write_tx};

/// One uploaded file.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Import {
    /// Id.
    pub id: String,
    /// Whose.
    pub account_id: String,
    /// When it was uploaded.
    pub created_at: Instant,
    /// `preview`, `confirmed` or `undone`.
    pub status: String,
    /// `strong`, `hevy` or `fitnotes`.
    pub app: String,
    /// The preview shown to the person (JSON), which confirming stores exactly.
    pub preview: String,
    /// When it was confirmed.
    pub confirmed_at: Option<Instant>,
    /// When it was undone.
    pub undone_at: Option<Instant>,
}

/// One imported session: loads and reps, no pain answers.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportedSession {
    /// Id.
    pub id: String,
    /// Whose.
    pub account_id: String,
    /// The import it came with.
    pub import_id: String,
    /// Day.
    pub date: NaiveDate,
    /// `kettlebell`, `trap_bar` or `barbell`.
    pub exercise: String,
    /// The session (JSON: source name, workout, sets).
    pub body: String,
}

impl Store {
    /// Stores an uploaded file's preview, unless the account already keeps `max_previews`
    /// previews waiting (counted in the same transaction, so two uploads at once cannot both
    /// pass the bound).
    ///
    /// # Errors
    /// [`crate::StoreError::Quota`] at the bound; the database failed.
    pub async fn insert_import(
        &self,
        import: &Import,
        max_previews: u32,
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            let (waiting,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM imports WHERE account_id = $1 AND status = 'preview'",
            )
            .bind(&import.account_id)
            .fetch_one(&mut *tx)
            .await?;
            if waiting >= i64::from(max_previews) {
                return Err(crate::StoreError::Quota(format!(
                    "{waiting} import previews are waiting, the most this server keeps for one person; confirm or discard one, then upload again"
                )));
            }
            sqlx::query(
                "INSERT INTO imports (id, account_id, created_at, status, app, preview, confirmed_at, undone_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)",
            )
            .bind(&import.id)
            .bind(&import.account_id)
            .bind(import.created_at)
            .bind(&import.status)
            .bind(&import.app)
            .bind(&import.preview)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// One of an account's imports.
    ///
    /// # Errors
    /// The database failed.
    pub async fn import(&self, account_id: &str, id: &str) -> Result<Option<Import>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Import>(
                "SELECT id, account_id, created_at, status, app, preview, confirmed_at, undone_at FROM imports WHERE account_id = $1 AND id = $2",
            )
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// A page of an account's imports, newest first: at most `limit`, after the import `after`
    /// (the previous page's last id) when given.
    ///
    /// # Errors
    /// The database failed.
    pub async fn imports(
        &self,
        account_id: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<crate::Page<Import>> {
        let rows = read_pool!(self, pool => {
            sqlx::query_as::<_, Import>(
                "SELECT id, account_id, created_at, status, app, preview, confirmed_at, undone_at FROM imports \
                 WHERE account_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
            )
            .bind(account_id)
            .bind(after.unwrap_or("~"))
            .bind(i64::from(limit) + 1)
            .fetch_all(pool)
            .await?
        });
        Ok(crate::Page::from_rows(rows, limit, |import| {
            import.id.clone()
        }))
    }

    /// Confirms a previewed import: its sessions are stored and its status changes in one
    /// transaction. False when it was not a preview (confirmed or undone already).
    ///
    /// # Errors
    /// The database failed.
    pub async fn confirm_import(
        &self,
        account_id: &str,
        id: &str,
        at: Instant,
        sessions: &[ImportedSession],
        audit: &NewAudit,
    ) -> Result<bool> {
        let changed = write_tx!(self, tx => {
            let changed = sqlx::query(
                "UPDATE imports SET status = 'confirmed', confirmed_at = $1 WHERE account_id = $2 AND id = $3 AND status = 'preview'",
            )
            .bind(at)
            .bind(account_id)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                for s in sessions {
                    sqlx::query(
                        "INSERT INTO imported_sessions (id, account_id, import_id, date, exercise, body) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(&s.id)
                    .bind(&s.account_id)
                    .bind(&s.import_id)
                    .bind(s.date)
                    .bind(&s.exercise)
                    .bind(&s.body)
                    .execute(&mut *tx)
                    .await?;
                }
                audit!(tx, audit);
            }
            changed
        });
        Ok(changed == 1)
    }

    /// Undoes an import as a whole: its sessions are removed and it is marked undone; a preview
    /// that was never confirmed is deleted outright (nothing of the file is kept). False when it
    /// was undone or deleted already.
    ///
    /// # Errors
    /// The database failed.
    pub async fn undo_import(
        &self,
        account_id: &str,
        id: &str,
        at: Instant,
        audit: &NewAudit,
    ) -> Result<bool> {
        let changed = write_tx!(self, tx => {
            sqlx::query("DELETE FROM imported_sessions WHERE account_id = $1 AND import_id = $2")
                .bind(account_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let discarded = sqlx::query(
                "DELETE FROM imports WHERE account_id = $1 AND id = $2 AND status = 'preview'",
            )
            .bind(account_id)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let changed = discarded + sqlx::query(
                "UPDATE imports SET status = 'undone', undone_at = $1 WHERE account_id = $2 AND id = $3 AND status <> 'undone'",
            )
            .bind(at)
            .bind(account_id)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                audit!(tx, audit);
            }
            changed
        });
        Ok(changed == 1)
    }

    /// An account's imported sessions, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn imported_sessions(&self, account_id: &str) -> Result<Vec<ImportedSession>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, ImportedSession>(
                "SELECT id, account_id, import_id, date, exercise, body FROM imported_sessions WHERE account_id = $1 ORDER BY date, id",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
