//! Failed sign-ins, for the wait that grows with each one. Bookkeeping, not anyone's record, so
//! these writes carry no audit entry (like the answers kept beside idempotency keys).

use crate::{Backend, Instant, Result, Store, read_pool};

impl Store {
    /// The failures counted for a key and the last one's time.
    ///
    /// # Errors
    /// The database failed.
    pub async fn sign_in_failures(&self, key_hash: &str) -> Result<Option<(i64, Instant)>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, (i64, Instant)>(
                "SELECT failures, last_at FROM sign_in_failures WHERE key_hash = $1",
            )
            .bind(key_hash)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Counts one more failure at `now`; a count whose last failure came before `fresh_after`
    /// starts again at one.
    ///
    /// # Errors
    /// The database failed.
    pub async fn record_sign_in_failure(
        &self,
        key_hash: &str,
        now: Instant,
        fresh_after: Instant,
    ) -> Result<()> {
        let upsert = "INSERT INTO sign_in_failures (key_hash, failures, last_at) VALUES ($1, 1, $2) \
             ON CONFLICT (key_hash) DO UPDATE SET last_at = excluded.last_at, failures = \
             CASE WHEN sign_in_failures.last_at < $3 THEN 1 ELSE sign_in_failures.failures + 1 END";
        match &self.backend {
            Backend::Sqlite { writer, .. } => {
                crate::Writer::execute(
                    writer,
                    sqlx::query(upsert)
                        .bind(key_hash)
                        .bind(now)
                        .bind(fresh_after),
                )
                .await?;
            }
            Backend::Postgres(pool) => {
                sqlx::query(upsert)
                    .bind(key_hash)
                    .bind(now)
                    .bind(fresh_after)
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// Forgets a key's failures (after a sign-in that worked).
    ///
    /// # Errors
    /// The database failed.
    pub async fn clear_sign_in_failures(&self, key_hash: &str) -> Result<()> {
        let delete = "DELETE FROM sign_in_failures WHERE key_hash = $1";
        match &self.backend {
            Backend::Sqlite { writer, .. } => {
                crate::Writer::execute(writer, sqlx::query(delete).bind(key_hash)).await?;
            }
            Backend::Postgres(pool) => {
                sqlx::query(delete).bind(key_hash).execute(pool).await?;
            }
        }
        Ok(())
    }
}
