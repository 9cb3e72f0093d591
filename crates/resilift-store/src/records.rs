//! Stored records and the queries over them, one method per question the server asks.

use chrono::NaiveDate;

use crate::{Instant, Page, Result, Store, conflict, read_pool, session_cursor, write_tx};

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

/// A stored screening: what was asked, what was decided, by which rules.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Screening {
    /// Id.
    pub id: String,
    /// Owner.
    pub account_id: String,
    /// When it was saved.
    pub created_at: Instant,
    /// The day it applies to.
    pub as_of: NaiveDate,
    /// Decision.
    pub decision: String,
    /// The input record (JSON).
    pub input: String,
    /// The full decision (JSON).
    pub result: String,
    /// Rule-set version that decided.
    pub rules_version: String,
}

/// A stored assessment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Assessment {
    /// Id.
    pub id: String,
    /// Whose assessment.
    pub account_id: String,
    /// Who entered it (the lifter or a clinician); null once that account is erased.
    pub author_id: Option<String>,
    /// When it was saved.
    pub created_at: Instant,
    /// The day it was taken.
    pub taken_on: NaiveDate,
    /// Instrument id.
    pub instrument: String,
    /// Answers (JSON).
    pub answers: String,
    /// Score (JSON).
    pub result: String,
}

/// A stored deadlift session.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Session {
    /// Id.
    pub id: String,
    /// Owner.
    pub account_id: String,
    /// When it was logged.
    pub created_at: Instant,
    /// Last correction or check-in.
    pub updated_at: Instant,
    /// Day of the session.
    pub date: NaiveDate,
    /// The session object of the next-session request (docs/json.md), as JSON.
    pub body: String,
}

/// A lifter–clinician link.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Link {
    /// Id.
    pub id: String,
    /// Lifter.
    pub lifter_id: String,
    /// Clinician.
    pub clinician_id: String,
    /// When it was made.
    pub created_at: Instant,
    /// The lifter's e-mail.
    pub lifter_email: String,
    /// The clinician's e-mail.
    pub clinician_email: String,
}

/// A clinician's override of the plan, with a note for the lifter.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Override {
    /// Id.
    pub id: String,
    /// Whose plan.
    pub lifter_id: String,
    /// Who wrote it; null once that account is erased.
    pub clinician_id: Option<String>,
    /// When.
    pub created_at: Instant,
    /// Rung the clinician set, if any.
    pub stage: Option<String>,
    /// The note.
    pub note: String,
    /// Red-flag or general-health ids the clinician cleared for loading (a JSON array), or
    /// null when the override clears nothing.
    pub cleared_flags: Option<String>,
}

/// A stored post-lift triage (docs/json.md).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Triage {
    /// Id.
    pub id: String,
    /// Whose.
    pub account_id: String,
    /// When it was stored.
    pub created_at: Instant,
    /// Day it was taken, in the person's time zone.
    pub taken_on: NaiveDate,
    /// Day the pain began.
    pub onset: NaiveDate,
    /// `emergency`, `same_day`, `see_clinician`, `self_care` or `persistent`.
    pub outcome: String,
    /// The answers (JSON).
    pub input: String,
    /// The result (JSON).
    pub result: String,
    /// Rule-set version it was made under.
    pub rules_version: String,
}

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
}

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

/// Why an invite could not be redeemed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedeemError {
    /// No such code, already used, or expired.
    Invalid,
    /// The two accounts are already linked.
    AlreadyLinked,
}

macro_rules! audit {
    ($tx:ident, $audit:expr) => {{
        let a: &NewAudit = $audit;
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
        $tx.audited();
    }};
}

const LINK_SELECT: &str = "SELECT l.id, l.lifter_id, l.clinician_id, l.created_at, \
     a.email AS lifter_email, c.email AS clinician_email \
     FROM links l JOIN accounts a ON a.id = l.lifter_id JOIN accounts c ON c.id = l.clinician_id";

/// Splits a page packed by SQLite's `group_concat` back into sessions.
fn unpack_sessions(packed: &str) -> Result<Vec<Session>> {
    let bad = |what: &str| {
        crate::StoreError::Db(sqlx::Error::Decode(
            format!("packed session row: bad {what}").into(),
        ))
    };
    packed
        .split('\u{1e}')
        .map(|row| {
            let mut fields = row.splitn(6, '\u{1f}');
            let mut next = |what: &'static str| fields.next().ok_or_else(|| bad(what));
            let id = next("id")?.to_owned();
            let account_id = next("account")?.to_owned();
            let created_at = instant(next("created_at")?).ok_or_else(|| bad("created_at"))?;
            let updated_at = instant(next("updated_at")?).ok_or_else(|| bad("updated_at"))?;
            let date = next("date")?
                .parse::<NaiveDate>()
                .map_err(|_| bad("date"))?;
            let body = next("body")?.to_owned();
            Ok(Session {
                id,
                account_id,
                created_at,
                updated_at,
                date,
                body,
            })
        })
        .collect()
}

/// An instant as SQLite stores it (RFC 3339).
fn instant(text: &str) -> Option<Instant> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

impl Store {
    // ----- accounts -------------------------------------------------------------------------

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
        write_tx!(self, tx => {
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
            sqlx::query_as::<_, Account>(
                "SELECT id, email, password_hash, role, created_at FROM accounts WHERE email = $1",
            )
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
            sqlx::query_as::<_, Account>(
                "SELECT id, email, password_hash, role, created_at FROM accounts WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Replaces the password hash and ends every browser session but `keep`.
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
            sqlx::query("DELETE FROM web_sessions WHERE account_id = $1 AND id <> $2")
                .bind(account_id)
                .bind(keep.unwrap_or(""))
                .execute(&mut *tx)
                .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// Erases an account and everything that belongs to it. Audit entries about it are
    /// removed, entries it wrote about others lose its id, and one entry records the erasure.
    ///
    /// # Errors
    /// The database failed.
    pub async fn erase_account(&self, account_id: &str, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM audit_log WHERE subject_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE audit_log SET actor_id = NULL WHERE actor_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM accounts WHERE id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    // ----- profiles -------------------------------------------------------------------------

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

    // ----- tokens and browser sessions ------------------------------------------------------

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
                "SELECT id, account_id, name, token_hash, created_at, revoked_at FROM api_tokens WHERE account_id = $1 ORDER BY id DESC",
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

    /// The account behind a live token hash, with its time zone (one query per request).
    ///
    /// # Errors
    /// The database failed.
    pub async fn account_by_token(&self, token_hash: &str) -> Result<Option<(Account, String)>> {
        let row = read_pool!(self, pool => {
            sqlx::query_as::<_, AccountWithZone>(
                "SELECT a.id, a.email, a.password_hash, a.role, a.created_at, p.time_zone FROM api_tokens t \
                 JOIN accounts a ON a.id = t.account_id JOIN profiles p ON p.account_id = a.id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(AccountWithZone::split))
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
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM web_sessions WHERE expires_at < $1")
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO web_sessions (id, token_hash, account_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&session.id)
            .bind(token_hash)
            .bind(&session.account_id)
            .bind(&session.csrf_token)
            .bind(now)
            .bind(session.expires_at)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// The live browser session and account behind a session-cookie hash.
    ///
    /// # Errors
    /// The database failed.
    pub async fn web_session(
        &self,
        token_hash: &str,
        now: Instant,
    ) -> Result<Option<(WebSession, Account, String)>> {
        let session = read_pool!(self, pool => {
            sqlx::query_as::<_, WebSession>(
                "SELECT id, account_id, csrf_token, expires_at FROM web_sessions WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        let Some(session) = session else {
            return Ok(None);
        };
        let account = read_pool!(self, pool => {
            sqlx::query_as::<_, AccountWithZone>(
                "SELECT a.id, a.email, a.password_hash, a.role, a.created_at, p.time_zone FROM accounts a \
                 JOIN profiles p ON p.account_id = a.id WHERE a.id = $1",
            )
            .bind(&session.account_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(account.map(|row| {
            let (account, zone) = row.split();
            (session, account, zone)
        }))
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

    // ----- screenings -----------------------------------------------------------------------

    /// Stores a screening.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_screening(&self, s: &Screening, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO screenings (id, account_id, created_at, as_of, decision, input, result, rules_version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&s.id)
            .bind(&s.account_id)
            .bind(s.created_at)
            .bind(s.as_of)
            .bind(&s.decision)
            .bind(&s.input)
            .bind(&s.result)
            .bind(&s.rules_version)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A page of an account's screenings, newest first; `cursor` is the last id seen.
    ///
    /// # Errors
    /// The database failed.
    pub async fn screenings(
        &self,
        account_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<Screening>> {
        let rows = read_pool!(self, pool => {
            sqlx::query_as::<_, Screening>(
                "SELECT id, account_id, created_at, as_of, decision, input, result, rules_version FROM screenings \
                 WHERE account_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
            )
            .bind(account_id)
            .bind(cursor.unwrap_or("~"))
            .bind(i64::from(limit) + 1)
            .fetch_all(pool)
            .await?
        });
        Ok(Page::from_rows(rows, limit, |s| s.id.clone()))
    }

    /// One of an account's screenings.
    ///
    /// # Errors
    /// The database failed.
    pub async fn screening(&self, account_id: &str, id: &str) -> Result<Option<Screening>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Screening>(
                "SELECT id, account_id, created_at, as_of, decision, input, result, rules_version FROM screenings \
                 WHERE account_id = $1 AND id = $2",
            )
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// One of an account's assessments.
    ///
    /// # Errors
    /// The database failed.
    pub async fn assessment(&self, account_id: &str, id: &str) -> Result<Option<Assessment>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Assessment>(
                "SELECT id, account_id, author_id, created_at, taken_on, instrument, answers, result FROM assessments \
                 WHERE account_id = $1 AND id = $2",
            )
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// An account's newest screening.
    ///
    /// # Errors
    /// The database failed.
    pub async fn latest_screening(&self, account_id: &str) -> Result<Option<Screening>> {
        Ok(self.screenings(account_id, None, 1).await?.items.pop())
    }

    // ----- assessments ----------------------------------------------------------------------

    /// Stores an assessment.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_assessment(&self, a: &Assessment, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO assessments (id, account_id, author_id, created_at, taken_on, instrument, answers, result) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&a.id)
            .bind(&a.account_id)
            .bind(&a.author_id)
            .bind(a.created_at)
            .bind(a.taken_on)
            .bind(&a.instrument)
            .bind(&a.answers)
            .bind(&a.result)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A page of an account's assessments, newest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn assessments(
        &self,
        account_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<Assessment>> {
        let rows = read_pool!(self, pool => {
            sqlx::query_as::<_, Assessment>(
                "SELECT id, account_id, author_id, created_at, taken_on, instrument, answers, result FROM assessments \
                 WHERE account_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
            )
            .bind(account_id)
            .bind(cursor.unwrap_or("~"))
            .bind(i64::from(limit) + 1)
            .fetch_all(pool)
            .await?
        });
        Ok(Page::from_rows(rows, limit, |a| a.id.clone()))
    }

    /// An account's newest assessment with one instrument.
    ///
    /// # Errors
    /// The database failed.
    pub async fn latest_assessment(
        &self,
        account_id: &str,
        instrument: &str,
    ) -> Result<Option<Assessment>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Assessment>(
                "SELECT id, account_id, author_id, created_at, taken_on, instrument, answers, result FROM assessments \
                 WHERE account_id = $1 AND instrument = $2 ORDER BY taken_on DESC, id DESC LIMIT 1",
            )
            .bind(account_id)
            .bind(instrument)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Every assessment of an account, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn all_assessments(&self, account_id: &str) -> Result<Vec<Assessment>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Assessment>(
                "SELECT id, account_id, author_id, created_at, taken_on, instrument, answers, result FROM assessments \
                 WHERE account_id = $1 ORDER BY taken_on, id",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Every screening of an account, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn all_screenings(&self, account_id: &str) -> Result<Vec<Screening>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Screening>(
                "SELECT id, account_id, created_at, as_of, decision, input, result, rules_version FROM screenings \
                 WHERE account_id = $1 ORDER BY id",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }

    // ----- sessions -------------------------------------------------------------------------

    /// Stores a session.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_session(&self, s: &Session, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO sessions (id, account_id, created_at, updated_at, date, body) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&s.id)
            .bind(&s.account_id)
            .bind(s.created_at)
            .bind(s.updated_at)
            .bind(s.date)
            .bind(&s.body)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A page of an account's sessions, latest day first; the cursor is `DATE_ID`.
    ///
    /// # Errors
    /// The database failed.
    pub async fn sessions(
        &self,
        account_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<Session>> {
        let (date, id) = session_cursor(cursor);
        let rows = match &self.backend {
            // SQLite answers through a worker thread, one hand-off per row; the page comes back
            // as one row instead (fields split by 0x1F, rows by 0x1E, neither of which can
            // appear raw in JSON text, ids or timestamps).
            crate::Backend::Sqlite { reader, .. } => {
                let packed: Option<String> = sqlx::query_scalar(
                    "SELECT group_concat(id || char(31) || account_id || char(31) || created_at || char(31) || \
                     updated_at || char(31) || date || char(31) || body, char(30) ORDER BY date DESC, id DESC) \
                     FROM (SELECT id, account_id, created_at, updated_at, date, body FROM sessions \
                     WHERE account_id = $1 AND (date < $2 OR (date = $2 AND id < $3)) \
                     ORDER BY date DESC, id DESC LIMIT $4)",
                )
                .bind(account_id)
                .bind(date)
                .bind(&id)
                .bind(i64::from(limit) + 1)
                .fetch_one(reader)
                .await?;
                packed
                    .as_deref()
                    .map_or_else(|| Ok(Vec::new()), unpack_sessions)?
            }
            crate::Backend::Postgres(pool) => {
                sqlx::query_as::<_, Session>(
                    "SELECT id, account_id, created_at, updated_at, date, body FROM sessions \
                     WHERE account_id = $1 AND (date < $2 OR (date = $2 AND id < $3)) \
                     ORDER BY date DESC, id DESC LIMIT $4",
                )
                .bind(account_id)
                .bind(date)
                .bind(&id)
                .bind(i64::from(limit) + 1)
                .fetch_all(pool)
                .await?
            }
        };
        Ok(Page::from_rows(rows, limit, |s| {
            format!("{}_{}", s.date, s.id)
        }))
    }

    /// A session and up to `older` sessions before it, newest first (for its pain trend).
    ///
    /// # Errors
    /// The database failed.
    pub async fn session_with_previous(
        &self,
        account_id: &str,
        date: NaiveDate,
        id: &str,
        older: u32,
    ) -> Result<Vec<Session>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Session>(
                "SELECT id, account_id, created_at, updated_at, date, body FROM sessions \
                 WHERE account_id = $1 AND (date < $2 OR (date = $2 AND id <= $3)) \
                 ORDER BY date DESC, id DESC LIMIT $4",
            )
            .bind(account_id)
            .bind(date)
            .bind(id)
            .bind(i64::from(older) + 1)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Every session of an account, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn all_sessions(&self, account_id: &str) -> Result<Vec<Session>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Session>(
                "SELECT id, account_id, created_at, updated_at, date, body FROM sessions \
                 WHERE account_id = $1 ORDER BY date, id",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// One of an account's sessions.
    ///
    /// # Errors
    /// The database failed.
    pub async fn session(&self, account_id: &str, id: &str) -> Result<Option<Session>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Session>(
                "SELECT id, account_id, created_at, updated_at, date, body FROM sessions WHERE account_id = $1 AND id = $2",
            )
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Replaces a session's body (a check-in or a correction), with its audit entry.
    ///
    /// # Errors
    /// The database failed.
    pub async fn update_session(&self, s: &Session, audit: &NewAudit) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let done = sqlx::query(
                "UPDATE sessions SET updated_at = $1, date = $2, body = $3 WHERE id = $4 AND account_id = $5",
            )
            .bind(s.updated_at)
            .bind(s.date)
            .bind(&s.body)
            .bind(&s.id)
            .bind(&s.account_id)
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

    // ----- invites and links ----------------------------------------------------------------

    /// Stores an invite code's hash.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_invite(
        &self,
        code_hash: &str,
        lifter_id: &str,
        now: Instant,
        expires_at: Instant,
        audit: &NewAudit,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO invites (code_hash, lifter_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, NULL)",
            )
            .bind(code_hash)
            .bind(lifter_id)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// Redeems an invite for a clinician: marks it used and links the two, atomically.
    ///
    /// # Errors
    /// The database failed.
    pub async fn redeem_invite(
        &self,
        code_hash: &str,
        clinician_id: &str,
        link_id: &str,
        now: Instant,
        audit: &NewAudit,
    ) -> Result<Result<Link, RedeemError>> {
        let outcome: Result<(), RedeemError> = write_tx!(self, tx => {
            let lifter: Option<(String,)> = sqlx::query_as(
                "UPDATE invites SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING lifter_id",
            )
            .bind(now)
            .bind(code_hash)
            .fetch_optional(&mut *tx)
            .await?;
            match lifter {
                None => Err(RedeemError::Invalid),
                Some((lifter_id,)) => {
                    let inserted = sqlx::query(
                        "INSERT INTO links (id, lifter_id, clinician_id, created_at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (lifter_id, clinician_id) DO NOTHING",
                    )
                    .bind(link_id)
                    .bind(&lifter_id)
                    .bind(clinician_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if inserted == 1 {
                        let mut entry = audit.clone();
                        entry.subject_id = Some(lifter_id);
                        audit!(tx, &entry);
                        Ok(())
                    } else {
                        Err(RedeemError::AlreadyLinked)
                    }
                }
            }
        });
        if let Err(error) = outcome {
            return Ok(Err(error));
        }
        self.link(link_id)
            .await?
            .ok_or(crate::StoreError::Db(sqlx::Error::RowNotFound))
            .map(Ok)
    }

    /// One link.
    ///
    /// # Errors
    /// The database failed.
    pub async fn link(&self, id: &str) -> Result<Option<Link>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Link>(sqlx::AssertSqlSafe(format!("{LINK_SELECT} WHERE l.id = $1")))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Every link an account is on, either side, newest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn links_of(&self, account_id: &str) -> Result<Vec<Link>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Link>(sqlx::AssertSqlSafe(format!(
                "{LINK_SELECT} WHERE l.lifter_id = $1 OR l.clinician_id = $1 ORDER BY l.id DESC"
            )))
            .bind(account_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// A page of a clinician's clients (their links), newest link first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn clients(
        &self,
        clinician_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<Link>> {
        let rows = read_pool!(self, pool => {
            sqlx::query_as::<_, Link>(sqlx::AssertSqlSafe(format!(
                "{LINK_SELECT} WHERE l.clinician_id = $1 AND l.id < $2 ORDER BY l.id DESC LIMIT $3"
            )))
            .bind(clinician_id)
            .bind(cursor.unwrap_or("~"))
            .bind(i64::from(limit) + 1)
            .fetch_all(pool)
            .await?
        });
        Ok(Page::from_rows(rows, limit, |l| l.id.clone()))
    }

    /// Whether a clinician is linked to a lifter.
    ///
    /// # Errors
    /// The database failed.
    pub async fn is_linked(&self, clinician_id: &str, lifter_id: &str) -> Result<bool> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, (String,)>(
                "SELECT id FROM links WHERE clinician_id = $1 AND lifter_id = $2",
            )
            .bind(clinician_id)
            .bind(lifter_id)
            .fetch_optional(pool)
            .await?
            .is_some()
        }))
    }

    /// Removes a link the account is on (either side); false when there is none.
    ///
    /// # Errors
    /// The database failed.
    pub async fn delete_link(
        &self,
        account_id: &str,
        link_id: &str,
        audit: &NewAudit,
    ) -> Result<bool> {
        Ok(write_tx!(self, tx => {
            let removed: Option<(String,)> = sqlx::query_as(
                "DELETE FROM links WHERE id = $1 AND (lifter_id = $2 OR clinician_id = $2) RETURNING lifter_id",
            )
            .bind(link_id)
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
            match removed {
                Some((lifter_id,)) => {
                    let mut entry = audit.clone();
                    entry.subject_id = Some(lifter_id);
                    audit!(tx, &entry);
                    true
                }
                None => false,
            }
        }))
    }

    // ----- overrides ------------------------------------------------------------------------

    /// Stores a clinician's override.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_override(&self, o: &Override, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO overrides (id, lifter_id, clinician_id, created_at, stage, note, cleared_flags) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&o.id)
            .bind(&o.lifter_id)
            .bind(&o.clinician_id)
            .bind(o.created_at)
            .bind(&o.stage)
            .bind(&o.note)
            .bind(&o.cleared_flags)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A lifter's overrides, newest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn overrides(&self, lifter_id: &str) -> Result<Vec<Override>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Override>(
                "SELECT id, lifter_id, clinician_id, created_at, stage, note, cleared_flags FROM overrides WHERE lifter_id = $1 ORDER BY id DESC",
            )
            .bind(lifter_id)
            .fetch_all(pool)
            .await?
        }))
    }

    // ----- triages --------------------------------------------------------------------------

    /// Stores a triage result with its audit entry.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_triage(&self, t: &Triage, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO triages (id, account_id, created_at, taken_on, onset, outcome, input, result, rules_version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&t.id)
            .bind(&t.account_id)
            .bind(t.created_at)
            .bind(t.taken_on)
            .bind(t.onset)
            .bind(&t.outcome)
            .bind(&t.input)
            .bind(&t.result)
            .bind(&t.rules_version)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A page of an account's triages, newest first; `cursor` is the last id seen.
    ///
    /// # Errors
    /// The database failed.
    pub async fn triages(
        &self,
        account_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<Triage>> {
        let rows = read_pool!(self, pool => {
            sqlx::query_as::<_, Triage>(
                "SELECT id, account_id, created_at, taken_on, onset, outcome, input, result, rules_version FROM triages \
                 WHERE account_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
            )
            .bind(account_id)
            .bind(cursor.unwrap_or("~"))
            .bind(i64::from(limit) + 1)
            .fetch_all(pool)
            .await?
        });
        Ok(Page::from_rows(rows, limit, |t| t.id.clone()))
    }

    /// One of an account's triages.
    ///
    /// # Errors
    /// The database failed.
    pub async fn triage(&self, account_id: &str, id: &str) -> Result<Option<Triage>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Triage>(
                "SELECT id, account_id, created_at, taken_on, onset, outcome, input, result, rules_version FROM triages \
                 WHERE account_id = $1 AND id = $2",
            )
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// An account's newest triage.
    ///
    /// # Errors
    /// The database failed.
    pub async fn latest_triage(&self, account_id: &str) -> Result<Option<Triage>> {
        Ok(self.triages(account_id, None, 1).await?.items.pop())
    }

    // ----- audit ----------------------------------------------------------------------------

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
