//! Calendar feeds: one secret, revocable iCalendar link per lifter. Only the link's digest is
//! stored; the link itself is shown once, when it is made.

use super::NewAudit;
use crate::{Instant, Result, Store, read_pool, write_tx};

/// A lifter's calendar link.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CalendarFeed {
    /// Whose.
    pub account_id: String,
    /// Digest of the secret in the link.
    pub token_hash: String,
    /// When the link was made.
    pub created_at: Instant,
}

impl Store {
    /// Makes (or replaces, revoking the old link) a lifter's calendar link.
    ///
    /// # Errors
    /// The database failed.
    pub async fn put_calendar_feed(&self, feed: &CalendarFeed, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM calendar_feeds WHERE account_id = $1")
                .bind(&feed.account_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO calendar_feeds (account_id, token_hash, created_at) VALUES ($1, $2, $3)",
            )
            .bind(&feed.account_id)
            .bind(&feed.token_hash)
            .bind(feed.created_at)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// Turns a lifter's calendar link off; `false` when there was none.
    ///
    /// # Errors
    /// The database failed.
    pub async fn remove_calendar_feed(&self, account_id: &str, audit: &NewAudit) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let done = sqlx::query("DELETE FROM calendar_feeds WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
            if done {
                audit!(tx, audit);
            }
            done
        }))
    }

    /// A lifter's calendar link, if one is on.
    ///
    /// # Errors
    /// The database failed.
    pub async fn calendar_feed(&self, account_id: &str) -> Result<Option<CalendarFeed>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, CalendarFeed>(
                "SELECT account_id, token_hash, created_at FROM calendar_feeds WHERE account_id = $1",
            )
            .bind(account_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The account a calendar link's digest belongs to.
    ///
    /// # Errors
    /// The database failed.
    pub async fn account_by_calendar(&self, token_hash: &str) -> Result<Option<String>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_scalar::<_, String>(
                "SELECT account_id FROM calendar_feeds WHERE token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        }))
    }
}
