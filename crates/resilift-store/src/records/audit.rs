//! The audit log: what was done, by whom, to whose data.

use crate::{Instant, Result, Store, read_pool, write_tx};

/// An audit entry.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditEntry {
    /// Id.
    pub id: String,
    /// When.
    pub at: Instant,
    /// Who did it.
    pub actor_id: Option<String>,
    /// Whose data it concerned.
    pub subject_id: Option<String>,
    /// What (`screening.created`, `client.viewed`, …).
    pub action: String,
    /// Details (JSON).
    pub detail: String,
}

/// An audit entry to write alongside a change.
#[derive(Debug, Clone)]
pub struct NewAudit {
    /// Id.
    pub id: String,
    /// When.
    pub at: Instant,
    /// Who.
    pub actor_id: Option<String>,
    /// Whose data.
    pub subject_id: Option<String>,
    /// What.
    pub action: &'static str,
    /// Details (JSON).
    pub detail: String,
}

impl Store {
    /// Writes one audit entry on its own (reads by clinicians, sign-ins).
    ///
    /// # Errors
    /// The database failed.
    pub async fn audit(&self, entry: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            audit!(tx, entry);
        });
        Ok(())
    }

    /// The newest audit entry's id about each account (every change to a record writes one),
    /// as a version: a computed view of the record is current while its version is. Accounts
    /// without an entry are left out.
    ///
    /// # Errors
    /// The database failed.
    pub async fn record_versions(
        &self,
        subjects: &[String],
    ) -> Result<std::collections::HashMap<String, String>> {
        let mut out = std::collections::HashMap::with_capacity(subjects.len());
        for chunk in subjects.chunks(200) {
            // Placeholders only: the values are bound.
            let placeholders = (1..=chunk.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT a.id, (SELECT MAX(l.id) FROM audit_log l WHERE l.subject_id = a.id) FROM accounts a WHERE a.id IN ({placeholders})"
            );
            let rows: Vec<(String, Option<String>)> = read_pool!(self, pool => {
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
                for id in chunk {
                    query = query.bind(id);
                }
                query.fetch_all(pool).await?
            });
            out.extend(rows.into_iter().filter_map(|(id, v)| Some((id, v?))));
        }
        Ok(out)
    }

    /// Audit entries about an account, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn audit_of(&self, subject_id: &str) -> Result<Vec<AuditEntry>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, AuditEntry>(
                "SELECT id, at, actor_id, subject_id, action, detail FROM audit_log WHERE subject_id = $1 ORDER BY id",
            )
            .bind(subject_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
