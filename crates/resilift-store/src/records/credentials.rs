//! What proves who is calling: personal API tokens and signed-in browsers.

use super::{ACCOUNT_WITH_ZONE_COLUMNS, Account, NewAudit};
use crate::{Backend, Instant, Result, Store, read_pool, write_tx};

/// A personal API token (its hash only).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiToken {
    /// Id.
    pub id: String,
    /// Owner.
    pub account_id: String,
    /// Label.
    pub name: String,
    /// SHA-256 of the secret, hex.
    pub token_hash: String,
    /// When it was made.
    pub created_at: Instant,
    /// When it was revoked.
    pub revoked_at: Option<Instant>,
    /// When it was last used (to within [`USE_RESOLUTION_MINUTES`]), if ever.
    pub last_used_at: Option<Instant>,
}

/// Token use and browser activity are written at most this often per token or session, so a
/// busy client does not turn every read into a write.
pub const USE_RESOLUTION_MINUTES: i64 = 5;

/// A signed-in browser.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WebSession {
    /// Id.
    pub id: String,
    /// Owner.
    pub account_id: String,
    /// Token for unsafe requests.
    pub csrf_token: String,
    /// When it ends.
    pub expires_at: Instant,
}

#[derive(sqlx::FromRow)]
struct AccountWithZone {
    id: String,
    email: String,
    password_hash: String,
    role: String,
    created_at: Instant,
    time_zone: String,
}

impl AccountWithZone {
    fn split(self) -> (Account, String) {
        (
            Account {
                id: self.id,
                email: self.email,
                password_hash: self.password_hash,
                role: self.role,
                created_at: self.created_at,
            },
            self.time_zone,
        )
    }
}

impl Store {
    /// Stores a new API token.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_token(&self, token: &ApiToken, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO api_tokens (id, account_id, name, token_hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, NULL)",
            )
            .bind(&token.id)
            .bind(&token.account_id)
            .bind(&token.name)
            .bind(&token.token_hash)
            .bind(token.created_at)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// An account's tokens, newest first, revoked ones included.
    ///
    /// # Errors
    /// The database failed.
    pub async fn tokens(&self, account_id: &str) -> Result<Vec<ApiToken>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, ApiToken>(
                "SELECT id, account_id, name, token_hash, created_at, revoked_at, last_used_at FROM api_tokens WHERE account_id = $1 ORDER BY id DESC",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Revokes one of an account's tokens; false when it has no such live token.
    ///
    /// # Errors
    /// The database failed.
    pub async fn revoke_token(
        &self,
        account_id: &str,
        token_id: &str,
        now: Instant,
        audit: &NewAudit,
    ) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let done = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(token_id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if done {
                audit!(tx, audit);
            }
            done
        }))
    }

    /// The account behind a live token hash (not revoked, made after `made_after`, its account
    /// not disabled), with its time zone; notes the token's use at `now` when the last note is
    /// older than [`USE_RESOLUTION_MINUTES`].
    ///
    /// # Errors
    /// The database failed.
    pub async fn account_by_token(
        &self,
        token_hash: &str,
        made_after: Instant,
        now: Instant,
    ) -> Result<Option<(Account, String)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            account: AccountWithZone,
            token_id: String,
            last_used_at: Option<Instant>,
        }
        let (account, time_zone, token_id, last_used_at) = match &self.backend {
            Backend::Sqlite { direct, .. } => {
                match direct.account_by_token(token_hash, made_after)? {
                    Some(found) => (
                        found.account,
                        found.time_zone,
                        found.token_id,
                        found.last_used_at,
                    ),
                    None => return Ok(None),
                }
            }
            Backend::Postgres(pool) => {
                let row = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(format!(
                    "SELECT {ACCOUNT_WITH_ZONE_COLUMNS}, t.id AS token_id, t.last_used_at FROM api_tokens t \
                     JOIN accounts a ON a.id = t.account_id JOIN profiles p ON p.account_id = a.id \
                     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.created_at > $2 \
                     AND a.disabled_at IS NULL"
                )))
                .bind(token_hash)
                .bind(made_after)
                .fetch_optional(pool)
                .await?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let (account, zone) = row.account.split();
                (account, zone, row.token_id, row.last_used_at)
            }
        };
        let stale = last_used_at
            .is_none_or(|at| now - at > chrono::Duration::minutes(USE_RESOLUTION_MINUTES));
        if stale {
            let touch = "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2";
            match &self.backend {
                Backend::Sqlite { writer, .. } => {
                    crate::Writer::execute(writer, sqlx::query(touch).bind(now).bind(&token_id))
                        .await?;
                }
                Backend::Postgres(pool) => {
                    sqlx::query(touch)
                        .bind(now)
                        .bind(&token_id)
                        .execute(pool)
                        .await?;
                }
            }
        }
        Ok(Some((account, time_zone)))
    }

    /// Stores a new browser session.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_web_session(
        &self,
        session: &WebSession,
        token_hash: &str,
        now: Instant,
        idle: chrono::Duration,
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM web_sessions WHERE expires_at < $1 OR idle_until < $1")
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO web_sessions (id, token_hash, account_id, csrf_token, created_at, expires_at, idle_until) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&session.id)
            .bind(token_hash)
            .bind(&session.account_id)
            .bind(&session.csrf_token)
            .bind(now)
            .bind(session.expires_at)
            .bind(now + idle)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// The live browser session and account behind a session-cookie hash: not past its end, not
    /// idle for longer than `idle`, its account not disabled. Use moves the idle end on (written
    /// at most every [`USE_RESOLUTION_MINUTES`]).
    ///
    /// # Errors
    /// The database failed.
    pub async fn web_session(
        &self,
        token_hash: &str,
        now: Instant,
        idle: chrono::Duration,
    ) -> Result<Option<(WebSession, Account, String)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            session: WebSession,
            idle_until: Option<Instant>,
        }
        let (session, idle_until, account) = match &self.backend {
            Backend::Sqlite { direct, .. } => match direct.web_session(token_hash, now)? {
                Some(found) => (found.session, found.idle_until, found.account),
                None => return Ok(None),
            },
            Backend::Postgres(pool) => {
                let row = sqlx::query_as::<_, Row>(
                    "SELECT id, account_id, csrf_token, expires_at, idle_until FROM web_sessions \
                     WHERE token_hash = $1 AND expires_at > $2 AND (idle_until IS NULL OR idle_until > $2)",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(pool)
                .await?;
                let Some(Row {
                    session,
                    idle_until,
                }) = row
                else {
                    return Ok(None);
                };
                let account = sqlx::query_as::<_, AccountWithZone>(sqlx::AssertSqlSafe(format!(
                    "SELECT {ACCOUNT_WITH_ZONE_COLUMNS} FROM accounts a \
                     JOIN profiles p ON p.account_id = a.id WHERE a.id = $1 AND a.disabled_at IS NULL"
                )))
                .bind(&session.account_id)
                .fetch_optional(pool)
                .await?;
                (session, idle_until, account.map(AccountWithZone::split))
            }
        };
        let Some((account, zone)) = account else {
            return Ok(None);
        };
        let fresh_until = now + idle;
        if idle_until.is_none_or(|until| {
            fresh_until - until > chrono::Duration::minutes(USE_RESOLUTION_MINUTES)
        }) {
            let touch = "UPDATE web_sessions SET idle_until = $1 WHERE id = $2";
            match &self.backend {
                Backend::Sqlite { writer, .. } => {
                    crate::Writer::execute(
                        writer,
                        sqlx::query(touch).bind(fresh_until).bind(&session.id),
                    )
                    .await?;
                }
                Backend::Postgres(pool) => {
                    sqlx::query(touch)
                        .bind(fresh_until)
                        .bind(&session.id)
                        .execute(pool)
                        .await?;
                }
            }
        }
        Ok(Some((session, account, zone)))
    }

    /// Ends a browser session.
    ///
    /// # Errors
    /// The database failed.
    pub async fn delete_web_session(&self, id: &str, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM web_sessions WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            audit!(tx, audit);
        });
        Ok(())
    }
}
