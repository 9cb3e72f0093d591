//! Idempotency keys: a retried POST (a phone sending its queue again after the connection came
//! back) is answered with the first answer and never stores a second record.
//!
//! A request carrying a key runs inside [`with_claim`]. The first audited write it makes also
//! inserts the key's row, in the same transaction as the record, so a record and its key are
//! stored together or not at all: a second request with the key cannot write again (the row's
//! primary key refuses it), even when the first answer was lost in a crash. Once the answer is
//! known it is kept beside the key ([`Store::complete_idempotent`]) for [`KEEP_HOURS`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::{Backend, Instant, Result, Store, read_pool};

/// How long a key and its answer are kept.
pub const KEEP_HOURS: i64 = 24;

/// A key being used by the request running now.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Whose key it is: an account id, or `anonymous`.
    pub scope: String,
    /// The key the client sent.
    pub key: String,
    /// A digest of the request (method, path, content type and body).
    pub request_hash: String,
    /// When the request arrived.
    pub at: Instant,
    written: Arc<AtomicBool>,
}

impl Claim {
    /// A claim not yet written.
    #[must_use]
    pub fn new(scope: String, key: String, request_hash: String, at: Instant) -> Self {
        Self {
            scope,
            key,
            request_hash,
            at,
            written: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether a write made while the claim was active carried it.
    #[must_use]
    pub fn written(&self) -> bool {
        self.written.load(Ordering::SeqCst)
    }
}

tokio::task_local! {
    static CLAIM: Claim;
}

/// Runs `work` with `claim` active: its first audited write stores the key with the record.
pub async fn with_claim<F: Future>(claim: Claim, work: F) -> F::Output {
    CLAIM.scope(claim, work).await
}

/// The active claim, the first time a write asks for it.
pub(crate) fn take_claim() -> Option<Claim> {
    CLAIM
        .try_with(|claim| (!claim.written.swap(true, Ordering::SeqCst)).then(|| claim.clone()))
        .ok()
        .flatten()
}

/// What is stored under a key.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IdempotentAnswer {
    /// The digest of the request that first used the key.
    pub request_hash: String,
    /// When that request arrived.
    pub created_at: Instant,
    /// Its answer's status, once known.
    pub status: Option<i32>,
    /// Its answer's content type.
    pub content_type: Option<String>,
    /// Its answer's `Location`.
    pub location: Option<String>,
    /// Its answer's body; `None` when the answer is shown only once (a new token, a session).
    pub body: Option<String>,
}

impl Store {
    /// What is stored under `key` for `scope`, if anything.
    ///
    /// # Errors
    /// The database failed.
    pub async fn idempotent_answer(
        &self,
        scope: &str,
        key: &str,
    ) -> Result<Option<IdempotentAnswer>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, IdempotentAnswer>(
                "SELECT request_hash, created_at, status, content_type, location, body \
                 FROM idempotency_keys WHERE scope = $1 AND idem_key = $2",
            )
            .bind(scope)
            .bind(key)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Keeps the answer to a claimed request (inserting the key when no write carried it), and
    /// forgets keys older than [`KEEP_HOURS`]. A key already holding another request's digest
    /// or an answer is left as it is. This is bookkeeping, not a change to anyone's record, so
    /// it writes no audit entry.
    ///
    /// # Errors
    /// The database failed.
    pub async fn complete_idempotent(
        &self,
        claim: &Claim,
        status: i32,
        content_type: Option<&str>,
        location: Option<&str>,
        body: Option<&str>,
    ) -> Result<()> {
        let upsert = "INSERT INTO idempotency_keys (scope, idem_key, request_hash, created_at, status, content_type, location, body) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (scope, idem_key) DO UPDATE SET status = excluded.status, content_type = excluded.content_type, \
             location = excluded.location, body = excluded.body \
             WHERE idempotency_keys.request_hash = excluded.request_hash AND idempotency_keys.status IS NULL";
        let forget = "DELETE FROM idempotency_keys WHERE created_at < $1";
        let cutoff = claim.at - chrono::Duration::hours(KEEP_HOURS);
        macro_rules! run {
            ($conn:expr) => {{
                let mut tx = sqlx::Connection::begin($conn).await?;
                sqlx::query(upsert)
                    .bind(&claim.scope)
                    .bind(&claim.key)
                    .bind(&claim.request_hash)
                    .bind(claim.at)
                    .bind(status)
                    .bind(content_type)
                    .bind(location)
                    .bind(body)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(forget).bind(cutoff).execute(&mut *tx).await?;
                tx.commit().await?;
            }};
        }
        match &self.backend {
            Backend::Sqlite { writer, .. } => {
                let mut held = crate::Writer::take(writer).await?;
                run!(&mut *held);
                held.kept();
            }
            Backend::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                run!(&mut *conn);
            }
        }
        Ok(())
    }
}
