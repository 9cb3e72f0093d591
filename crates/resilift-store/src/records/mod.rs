//! Stored records and the queries over them, one method per question the server asks: one
//! module per aggregate, each with its own `impl Store`, and here what they share (the column
//! lists, id-cursor paging and the audit entry every change writes).

/// Writes the audit entry `$audit` in the transaction `$tx` and marks the transaction as
/// carrying it (see [`crate::Audited`]). Defined before the modules below, which use it.
/// Inside a write transaction: ends every browser session of an account but the one with id
/// `$keep` (`""` keeps none) and revokes every live token at `$at`.
macro_rules! end_access {
    ($tx:ident, $account_id:expr, $at:expr, $keep:expr) => {{
        sqlx::query("DELETE FROM web_sessions WHERE account_id = $1 AND id <> $2")
            .bind($account_id)
            .bind($keep)
            .execute(&mut *$tx)
            .await?;
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL",
        )
        .bind($account_id)
        .bind($at)
        .execute(&mut *$tx)
        .await?;
    }};
}

macro_rules! audit {
    ($tx:ident, $audit:expr) => {{
        let a: &$crate::NewAudit = $audit;
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor_id, subject_id, action, detail) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&a.id)
        .bind(a.at)
        .bind(&a.actor_id)
        .bind(&a.subject_id)
        .bind(a.action)
        .bind(&a.detail)
        .execute(&mut *$tx)
        .await?;
        // A request running under an idempotency key stores the key with its first record.
        if let Some(claim) = $crate::records::idempotency::take_claim() {
            sqlx::query(
                "INSERT INTO idempotency_keys (scope, idem_key, request_hash, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(&claim.scope)
            .bind(&claim.key)
            .bind(&claim.request_hash)
            .bind(claim.at)
            .execute(&mut *$tx)
            .await
            .map_err($crate::conflict("idempotency key"))?;
        }
        $tx.audited();
    }};
}

mod accounts;
mod assessments;
mod audit;
mod calendar;
mod credentials;
mod form_checks;
mod foundation;
pub(crate) mod idempotency;
mod imports;
mod links;
mod messages;
mod operators;
mod overrides;
pub(crate) mod safety;
mod screenings;
mod sessions;
mod throttle;
mod triage;

pub use accounts::{Account, ERASED, Profile};
pub use assessments::Assessment;
pub use audit::{AuditEntry, NewAudit};
pub use calendar::CalendarFeed;
pub use credentials::{ApiToken, USE_RESOLUTION_MINUTES, WebSession};
pub use form_checks::FormCheck;
pub use foundation::FoundationDay;
pub use idempotency::{Claim, IdempotentAnswer, KEEP_HOURS, with_claim};
pub use imports::{Import, ImportedSession};
pub use links::{Link, RedeemError};
pub use messages::Message;
pub use operators::{AccountSummary, BrowserSession, InviteRecord};
pub use overrides::Override;
pub use safety::SafetyEvent;
pub use screenings::Screening;
pub use sessions::Session;
pub use triage::Triage;

use crate::{Page, Result, Store, read_pool};

/// The columns of an account, in the order of [`Account`].
const ACCOUNT_COLUMNS: &str = "id, email, password_hash, role, created_at";

/// The columns of an account `a` and the time zone of its profile `p`.
const ACCOUNT_WITH_ZONE_COLUMNS: &str =
    "a.id, a.email, a.password_hash, a.role, a.created_at, p.time_zone";

/// The columns of a screening, in the order of [`Screening`].
const SCREENING_COLUMNS: &str =
    "id, account_id, created_at, as_of, decision, input, result, rules_version";

/// The columns of an assessment, in the order of [`Assessment`].
const ASSESSMENT_COLUMNS: &str =
    "id, account_id, author_id, created_at, taken_on, instrument, answers, result";

/// The columns of a session, in the order of [`Session`] (and of a page packed by SQLite).
const SESSION_COLUMNS: &str = "id, account_id, created_at, updated_at, date, body";

/// The columns of a day of foundation work, in the order of [`FoundationDay`].
const FOUNDATION_COLUMNS: &str = "id, account_id, created_at, date, body";

/// The columns of a triage, in the order of [`Triage`].
const TRIAGE_COLUMNS: &str =
    "id, account_id, created_at, taken_on, onset, outcome, input, result, rules_version";

/// A link with both e-mail addresses; the link is `l`.
const LINK_SELECT: &str = "SELECT l.id, l.lifter_id, l.clinician_id, l.created_at, \
     a.email AS lifter_email, c.email AS clinician_email, \
     a.display_name AS lifter_name, c.display_name AS clinician_name \
     FROM links l JOIN accounts a ON a.id = l.lifter_id JOIN accounts c ON c.id = l.clinician_id";

/// A row listed newest id first, a page at a time, by [`Store::page_by_id`].
trait ById:
    for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
    + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
    + Send
    + Unpin
{
    /// The id the next page starts after.
    fn id(&self) -> &str;
}

impl Store {
    /// A page of the rows of `select` whose `owner_column` is `owner`, newest `id_column` first,
    /// after `cursor` (the last id seen).
    async fn page_by_id<T: ById>(
        &self,
        select: &str,
        owner_column: &str,
        id_column: &str,
        owner: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<T>> {
        let rows = read_pool!(self, pool => {
            sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(format!(
                "{select} WHERE {owner_column} = $1 AND {id_column} < $2 ORDER BY {id_column} DESC LIMIT $3"
            )))
            .bind(owner)
            .bind(cursor.unwrap_or("~"))
            .bind(i64::from(limit) + 1)
            .fetch_all(pool)
            .await?
        });
        Ok(Page::from_rows(rows, limit, |row| row.id().to_owned()))
    }
}
