//! Messages between a lifter and a linked clinician.

use super::NewAudit;
use crate::{Backend, Instant, Result, Store, read_pool, write_tx};

/// One message of a thread.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Message {
    /// Id (time-ordered).
    pub id: String,
    /// The lifter of the pair.
    pub lifter_id: String,
    /// The clinician of the pair.
    pub clinician_id: String,
    /// Who wrote it (one of the two).
    pub author_id: String,
    /// When.
    pub created_at: Instant,
    /// What it says.
    pub body: String,
    /// When the other side read it.
    pub read_at: Option<Instant>,
}

impl Store {
    /// Stores a message.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_message(&self, message: &Message, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO messages (id, lifter_id, clinician_id, author_id, created_at, body, read_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)",
            )
            .bind(&message.id)
            .bind(&message.lifter_id)
            .bind(&message.clinician_id)
            .bind(&message.author_id)
            .bind(message.created_at)
            .bind(&message.body)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// The thread of a pair, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn thread(&self, lifter_id: &str, clinician_id: &str) -> Result<Vec<Message>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Message>(
                "SELECT id, lifter_id, clinician_id, author_id, created_at, body, read_at FROM messages \
                 WHERE lifter_id = $1 AND clinician_id = $2 ORDER BY id",
            )
            .bind(lifter_id)
            .bind(clinician_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Every message an account wrote or was sent, oldest first (for its export).
    ///
    /// # Errors
    /// The database failed.
    pub async fn messages_of(&self, account_id: &str) -> Result<Vec<Message>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Message>(
                "SELECT id, lifter_id, clinician_id, author_id, created_at, body, read_at FROM messages \
                 WHERE lifter_id = $1 OR clinician_id = $1 ORDER BY id",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Marks what the other side wrote in a pair's thread as read by `reader` (bookkeeping,
    /// without an audit entry).
    ///
    /// # Errors
    /// The database failed.
    pub async fn mark_read(
        &self,
        lifter_id: &str,
        clinician_id: &str,
        reader: &str,
        now: Instant,
    ) -> Result<()> {
        let update = "UPDATE messages SET read_at = $4 WHERE lifter_id = $1 AND clinician_id = $2 \
             AND author_id <> $3 AND read_at IS NULL";
        match &self.backend {
            Backend::Sqlite { writer, .. } => {
                crate::Writer::execute(
                    writer,
                    sqlx::query(update)
                        .bind(lifter_id)
                        .bind(clinician_id)
                        .bind(reader)
                        .bind(now),
                )
                .await?;
            }
            Backend::Postgres(pool) => {
                sqlx::query(update)
                    .bind(lifter_id)
                    .bind(clinician_id)
                    .bind(reader)
                    .bind(now)
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// Unread messages written to an account, by the other account of each pair.
    ///
    /// # Errors
    /// The database failed.
    pub async fn unread_for(&self, account_id: &str) -> Result<Vec<(String, i64)>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT author_id, COUNT(*) FROM messages WHERE (lifter_id = $1 OR clinician_id = $1) \
                 AND author_id <> $1 AND read_at IS NULL GROUP BY author_id",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
