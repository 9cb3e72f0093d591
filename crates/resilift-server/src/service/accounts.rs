//! Accounts and credentials: registration, password checks and changes, API tokens and browser
//! sessions. Passwords are argon2id; tokens, cookies and invite codes are stored as SHA-256 digests.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use axum_extra::extract::cookie::{Cookie, SameSite};
use resilift_api::ErrorCode;
use resilift_store::{Account, ApiToken, Profile, WebSession};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{Principal, Role, SESSION_COOKIE, digest, secret};
use crate::error::{ApiError, ApiResult};
use crate::limits;
use crate::service::{audit, new_id};
use crate::views;

/// A job for the password threads.
type HashJob = Box<dyn FnOnce() + Send>;

/// Argon2 runs on a few threads of its own, one per core (two to four). Each hash or check
/// holds about 19 MiB for its duration, so an unbounded number of simultaneous sign-ins (right
/// or wrong) could exhaust memory; beyond this many, they wait their turn in the queue. The
/// threads are always the same few, so the memory the allocator keeps for them after a hash is
/// reused by the next one instead of piling up on ever new blocking threads.
static HASHERS: std::sync::LazyLock<std::sync::mpsc::Sender<HashJob>> =
    std::sync::LazyLock::new(|| {
        let (jobs, queue) = std::sync::mpsc::channel::<HashJob>();
        let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        for n in 0..cores.clamp(2, 4) {
            let queue = std::sync::Arc::clone(&queue);
            let spawned = std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || {
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "a password thread could not start");
            }
        }
        jobs
    });

/// Runs `work` on the password threads and waits for its answer.
async fn on_password_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> ApiResult<T> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    HASHERS
        .send(Box::new(move || {
            let _ = answer.send(work());
        }))
        .map_err(|e| ApiError::internal(&e))?;
    answered.await.map_err(|e| ApiError::internal(&e))
}

pub(crate) async fn hash_password(password: String) -> ApiResult<String> {
    on_password_thread(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
    })
    .await?
    .map_err(|e| ApiError::internal(&e))
}

pub(crate) async fn password_matches(password: String, hash: String) -> bool {
    on_password_thread(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// A real hash of a random password, computed once, checked against when the e-mail address is
/// unknown so that both refusals take the same time.
static DUMMY_HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

pub(crate) async fn dummy_hash() -> ApiResult<String> {
    DUMMY_HASH
        .get_or_try_init(|| async { hash_password(secret("")?).await })
        .await
        .cloned()
}

/// Wrong passwords for an account that are free of any wait.
const FREE_FAILURES: i64 = 5;

/// Checks an e-mail address and password; the same answer for an unknown address and a wrong
/// password. Failures are counted per address (by its digest, for known and unknown addresses
/// alike) and per network address: past five for an account (past `address_failures_free` for a
/// network address), each try waits longer (429 with `Retry-After`, at most 15 minutes), and a
/// sign-in that works clears the account's count. A disabled account is refused after its
/// password checked out, so the refusal tells nothing to someone without the password.
pub(crate) async fn verify(
    state: &AppState,
    email: &str,
    password: &str,
    from: Option<std::net::IpAddr>,
) -> ApiResult<Account> {
    let account_key = limits::key("sign-in", &normalise_email(email));
    let address_key = from.map(|ip| limits::key("sign-in-from", &ip.to_string()));
    // Checks under the same keys run in turn, so that each is counted before the next is
    // checked (guesses sent all at once wait as guesses sent one by one do).
    let mut keys = vec![account_key.as_str()];
    keys.extend(address_key.as_deref());
    let _turn = state.guesses().hold(&keys).await;
    limits::check_wait(state, &account_key, FREE_FAILURES, |seconds| {
        format!("too many wrong passwords for this address: wait {seconds} seconds, then try again")
    })
    .await?;
    if let Some(key) = &address_key {
        limits::check_wait(
            state,
            key,
            i64::from(state.settings().address_failures_free),
            |seconds| {
                format!("too many wrong passwords from this network: wait {seconds} seconds, then try again")
            },
        )
        .await?;
    }
    let account = state
        .store()
        .account_by_email(&normalise_email(email))
        .await?;
    let hash = match &account {
        Some(account) => account.password_hash.clone(),
        None => dummy_hash().await?,
    };
    let ok = password_matches(password.to_owned(), hash).await;
    match account {
        Some(account) if ok => {
            state.store().clear_sign_in_failures(&account_key).await?;
            if state.store().disabled_at(&account.id).await?.is_some() {
                return Err(ApiError::new(
                    ErrorCode::AccountDisabled,
                    "this account has been disabled by whoever runs this server; ask them to enable it",
                ));
            }
            Ok(account)
        }
        _ => {
            limits::count_failure(state, &account_key).await?;
            if let Some(key) = &address_key {
                limits::count_failure(state, key).await?;
            }
            Err(ApiError::new(
                ErrorCode::InvalidCredentials,
                "that e-mail address and password do not match an account",
            ))
        }
    }
}

pub(crate) fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub(crate) fn check_email(email: &str) -> Result<String, ApiError> {
    let email = normalise_email(email);
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        })
        && !email.chars().any(|c| {
            c.is_whitespace()
                || crate::hygiene::forbidden_char(c, false)
                || crate::hygiene::invisible(c)
                // Markup and the quoting characters of RFC 5322, which no address a person
                // types needs.
                || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | '\\' | ',' | ';' | ':' | '"')
        });
    if valid {
        Ok(email)
    } else {
        Err(ApiError::field(
            ErrorCode::InvalidInput,
            "email",
            "expected an e-mail address such as name@example.org",
        ))
    }
}

pub(crate) fn check_password(field: &str, password: &str) -> ApiResult<()> {
    let chars = password.chars().count();
    if chars < 8 {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            field,
            format!("expected at least 8 characters, got {chars}"),
        ));
    }
    if chars > 256 {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            field,
            "expected at most 256 characters",
        ));
    }
    Ok(())
}

/// The least zxcvbn score a new password needs (3: "safely unguessable" against online guessing
/// and a slowed-down offline attack).
const LEAST_STRENGTH: zxcvbn::Score = zxcvbn::Score::Three;

/// A new password: at least 8 and at most 256 characters, and not easy to guess. There are no
/// composition rules (NIST SP 800-63B); instead the password is checked with zxcvbn, whose
/// dictionaries hold the most common passwords of published breaches, common words and names,
/// keyboard patterns, dates and repeats, and the person's own e-mail address.
pub(crate) fn check_new_password(field: &str, password: &str, email: &str) -> ApiResult<()> {
    check_password(field, password)?;
    let email = normalise_email(email);
    let local = email.split('@').next().unwrap_or_default();
    let own: Vec<&str> = [email.as_str(), local]
        .into_iter()
        .chain(
            email
                .split(['@', '.', '_', '-', '+'])
                .filter(|part| part.len() >= 3),
        )
        .chain(["resilift", "deadlift", "back", "pain"])
        .collect();
    let estimate = zxcvbn::zxcvbn(password, &own);
    if estimate.score() >= LEAST_STRENGTH {
        return Ok(());
    }
    let warning = estimate
        .feedback()
        .and_then(zxcvbn::feedback::Feedback::warning)
        .map(|w| format!(" ({})", w.to_string().trim_end_matches('.').to_lowercase()))
        .unwrap_or_default();
    Err(ApiError::field(
        ErrorCode::InvalidInput,
        field,
        format!(
            "this password is too easy to guess{warning}; a few unrelated words make a strong one that is easy to remember"
        ),
    ))
}

/// `POST /accounts`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewAccount {
    /// E-mail address (the sign-in name).
    #[schemars(length(min = 3, max = 254))]
    pub(crate) email: String,
    /// 8 to 256 characters, not easy to guess (checked with zxcvbn).
    #[schemars(length(min = 8, max = 256))]
    pub(crate) password: String,
    /// `lifter` or `clinician`.
    pub(crate) role: Role,
    /// IANA time zone (default `UTC`); "today" for screenings and sessions is taken there.
    #[serde(default)]
    pub(crate) time_zone: Option<String>,
    /// `kg` (default) or `lb`.
    #[serde(default)]
    pub(crate) units: Option<resilift_api::next::UnitsDto>,
    /// For `role: clinician`: the invite code from the server's operator (`resilift admin
    /// invite`), needed unless clinician registration is open.
    #[serde(default)]
    pub(crate) clinician_invite: Option<String>,
}

/// An account on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct AccountView {
    /// Id.
    id: String,
    /// E-mail address.
    email: String,
    /// The name shown to linked clinicians (and on the person's own pages), if one was chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    /// `lifter` or `clinician`.
    role: String,
    /// When it was made.
    created_at: String,
}

/// Who is calling: the account, and for a browser session the CSRF token to send as
/// `X-CSRF-Token` on unsafe requests.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Me {
    /// The account.
    #[serde(flatten)]
    pub(crate) account: AccountView,
    /// Present when signed in through a browser session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) csrf_token: Option<String>,
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> Self {
        Self {
            id: a.id.clone(),
            email: a.email.clone(),
            display_name: None,
            role: a.role.clone(),
            created_at: views::instant(a.created_at),
        }
    }
}

impl AccountView {
    /// The view with the account's chosen name.
    pub(crate) fn named(mut self, name: Option<String>) -> Self {
        self.display_name = name;
        self
    }
}

/// `PATCH /me`: what a person may change about their account.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AccountChange {
    /// The name shown to linked clinicians: 1 to 80 characters, or null (or empty) to show the
    /// e-mail address instead.
    #[serde(default)]
    #[schemars(length(max = 80))]
    pub(crate) display_name: Option<String>,
}

/// Sets or removes the name a person is shown by; returns it as stored.
pub(crate) async fn set_display_name(
    state: &AppState,
    account_id: &str,
    name: Option<&str>,
) -> ApiResult<Option<String>> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    if let Some(name) = name
        && name.chars().any(crate::hygiene::invisible)
    {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "display_name",
            "contains an invisible character (a zero-width space or a byte-order mark); type it again without it",
        ));
    }
    if let Some(name) = name
        && name.chars().count() > 80
    {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "display_name",
            format!(
                "expected at most 80 characters, got {}",
                name.chars().count()
            ),
        ));
    }
    let entry = audit(
        state,
        Some(account_id),
        Some(account_id),
        "account.renamed",
        &serde_json::json!({}),
    );
    state
        .store()
        .set_display_name(account_id, name, &entry)
        .await?;
    Ok(name.map(str::to_owned))
}

/// Registers an account with its default profile, as the server's policy allows: registration
/// open, a clinician only with an operator's invite (unless clinician registration is open),
/// and at most `registrations_per_hour` tries from one network address (taken addresses
/// included, so that probing which addresses have an account is slow).
pub(crate) async fn register(
    state: &AppState,
    request: NewAccount,
    from: Option<std::net::IpAddr>,
) -> ApiResult<Account> {
    if !state.settings().open_registration {
        return Err(ApiError::new(
            ErrorCode::RegistrationClosed,
            "registration is closed on this server; ask its administrator for an account",
        ));
    }
    let invite = match (request.role, request.clinician_invite.as_deref()) {
        (Role::Clinician, Some(code)) => Some(digest(code.trim())),
        (Role::Clinician, None) if !state.settings().open_clinician_registration => {
            // Every field's problem at once; the missing invite alone is a 403.
            ApiError::all_fields([
                check_email(&request.email).map(|_| ()),
                check_new_password("password", &request.password, &request.email),
                Err(ApiError::field(
                    ErrorCode::ClinicianInviteRequired,
                    "clinician_invite",
                    "registering as a clinician needs an invite code from whoever runs this server",
                )),
            ])?;
            None
        }
        _ => None,
    };
    if let Some(ip) = from {
        limits::take_quota(
            state,
            &limits::key("register-from", &ip.to_string()),
            state.settings().registrations_per_hour,
            "new accounts",
        )
        .await?;
    }
    create(state, request, invite).await
}

/// Creates an account with its default profile (a clinician's with the invite digest `invite`,
/// used up in the same transaction); the policy checks are [`register`]'s.
pub(crate) async fn create(
    state: &AppState,
    request: NewAccount,
    invite: Option<String>,
) -> ApiResult<Account> {
    let email = check_email(&request.email);
    let password = check_new_password("password", &request.password, &request.email);
    let zone = request
        .time_zone
        .as_deref()
        .map(|zone| views::check_time_zone("time_zone", zone));
    ApiError::all_fields([
        email.as_ref().map(|_| ()).map_err(Clone::clone),
        password,
        zone.clone().unwrap_or(Ok(String::new())).map(|_| ()),
    ])?;
    let email = email?;
    let time_zone = zone.transpose()?.unwrap_or_else(|| "UTC".to_owned());
    let units = request.units.unwrap_or(resilift_api::next::UnitsDto::Kg);
    let now = state.now();
    let role = request.role.as_str();
    let account = Account {
        id: new_id(),
        email,
        password_hash: hash_password(request.password).await?,
        role: role.to_owned(),
        created_at: now,
    };
    let profile = Profile {
        account_id: account.id.clone(),
        units: units.as_str().to_owned(),
        equipment: views::default_equipment_json(units),
        time_zone,
        updated_at: now,
    };
    let entry = audit(
        state,
        Some(&account.id),
        Some(&account.id),
        "account.created",
        &serde_json::json!({"role": role}),
    );
    let created = match &invite {
        Some(code) => {
            state
                .store()
                .create_invited_account(&account, &profile, code, &entry)
                .await
        }
        None => {
            state
                .store()
                .create_account(&account, &profile, &entry)
                .await
        }
    };
    created.map_err(|e| match e {
        resilift_store::StoreError::Conflict("invite") => ApiError::field(
            ErrorCode::InvalidInvite,
            "clinician_invite",
            "this invite code is unknown, used or expired; ask for a new one",
        ),
        resilift_store::StoreError::Conflict(_) => ApiError::new(
            ErrorCode::EmailTaken,
            "an account with that e-mail address already exists",
        ),
        other => other.into(),
    })?;
    Ok(account)
}

/// A new token: the secret is shown here once and never again.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct NewToken {
    /// Id (for revoking).
    pub(crate) id: String,
    /// The secret: send it as `Authorization: Bearer <token>`.
    pub(crate) token: String,
    /// Label.
    pub(crate) name: String,
    /// When it was made.
    created_at: String,
}

/// A token in a list (no secret).
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct TokenView {
    /// Id.
    id: String,
    /// Label.
    name: String,
    /// When it was made.
    created_at: String,
    /// When it was revoked, or null while it works.
    revoked_at: Option<String>,
    /// When it stops working by itself (the server's `token_days` after it was made).
    expires_at: String,
    /// When it was last used (to within five minutes), or null if never.
    last_used_at: Option<String>,
}

impl TokenView {
    /// The view of a token, its expiry from the server's `token_days`.
    pub(crate) fn new(t: &ApiToken, token_days: u32) -> Self {
        Self {
            id: t.id.clone(),
            name: t.name.clone(),
            created_at: views::instant(t.created_at),
            revoked_at: t.revoked_at.map(views::instant),
            expires_at: views::instant(expiry(t, token_days)),
            last_used_at: t.last_used_at.map(views::instant),
        }
    }
}

/// When a token stops working by itself.
pub(crate) fn expiry(t: &ApiToken, token_days: u32) -> chrono::DateTime<chrono::Utc> {
    t.created_at + chrono::Duration::days(i64::from(token_days))
}

/// Makes a personal API token for an account; the secret is returned once.
pub(crate) async fn issue_token(
    state: &AppState,
    account: &Account,
    name: String,
) -> ApiResult<NewToken> {
    let token = secret("rl_")?;
    let record = ApiToken {
        id: new_id(),
        account_id: account.id.clone(),
        name,
        token_hash: digest(&token),
        created_at: state.now(),
        revoked_at: None,
        last_used_at: None,
    };
    let entry = audit(
        state,
        Some(&account.id),
        Some(&account.id),
        "token.created",
        &serde_json::json!({"token_id": record.id}),
    );
    state.store().insert_token(&record, &entry).await?;
    Ok(NewToken {
        id: record.id,
        token,
        name: record.name,
        created_at: views::instant(record.created_at),
    })
}

/// Revokes one of an account's live tokens (audited); 404 when it has no such token.
pub(crate) async fn revoke(state: &AppState, account_id: &str, id: &str) -> ApiResult<()> {
    let entry = audit(
        state,
        Some(account_id),
        Some(account_id),
        "token.revoked",
        &serde_json::json!({"token_id": id}),
    );
    if state
        .store()
        .revoke_token(account_id, id, state.now(), &entry)
        .await?
    {
        Ok(())
    } else {
        Err(ApiError::not_found("token"))
    }
}

/// Opens a browser session for a verified account: the cookie to set and the CSRF token.
pub(crate) async fn open_session(
    state: &AppState,
    account: &Account,
) -> ApiResult<(Cookie<'static>, String)> {
    let secret_value = secret("")?;
    let csrf = secret("")?;
    let now = state.now();
    let days = i64::from(state.settings().session_days);
    let session = WebSession {
        id: new_id(),
        account_id: account.id.clone(),
        csrf_token: csrf.clone(),
        expires_at: now + chrono::Duration::days(days),
    };
    let entry = audit(
        state,
        Some(&account.id),
        Some(&account.id),
        "session.signed_in",
        &serde_json::json!({}),
    );
    state
        .store()
        .insert_web_session(
            &session,
            &digest(&secret_value),
            now,
            crate::auth::idle(state),
            &entry,
        )
        .await?;
    let cookie = Cookie::build((SESSION_COOKIE, secret_value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings().secure_cookies)
        .path("/")
        .max_age(cookie_duration(days))
        .build();
    Ok((cookie, csrf))
}

pub(crate) fn cookie_duration(days: i64) -> time::Duration {
    time::Duration::days(days)
}

/// A cookie that removes the session cookie.
pub(crate) fn removal_cookie(state: &AppState) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, ""))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings().secure_cookies)
        .path("/")
        .max_age(cookie_duration(0))
        .build()
}

/// Ends the caller's browser session, if signed in with one (audited).
pub(crate) async fn end_session(state: &AppState, principal: &Principal) -> ApiResult<()> {
    if let Some(session) = &principal.web_session {
        let entry = audit(
            state,
            Some(principal.id()),
            Some(principal.id()),
            "session.signed_out",
            &serde_json::json!({}),
        );
        state
            .store()
            .delete_web_session(&session.id, &entry)
            .await?;
    }
    Ok(())
}

/// Checks a signed-in person's password again (to change it or to erase the account), under
/// the same counting and waits as signing in: a wrong one is [`ErrorCode::WrongPassword`]
/// naming `field`, a wait is a 429.
pub(crate) async fn check_own_password(
    state: &AppState,
    principal: &Principal,
    password: &str,
    from: Option<std::net::IpAddr>,
    field: &str,
    wrong: &str,
) -> ApiResult<()> {
    match verify(state, &principal.account.email, password, from).await {
        Ok(account) if account.id == principal.account.id => Ok(()),
        Err(error) if error.body.code == ErrorCode::TooManyAttempts => Err(error),
        Err(error) if error.body.code == ErrorCode::StorageUnavailable => Err(error),
        _ => Err(ApiError::field(ErrorCode::WrongPassword, field, wrong)),
    }
}

/// Changes a password after checking the current one (counted as a sign-in try); other
/// browser sessions end.
pub(crate) async fn replace_password(
    state: &AppState,
    principal: &Principal,
    current: String,
    new: String,
    from: Option<std::net::IpAddr>,
) -> ApiResult<()> {
    let current_given = if current.is_empty() {
        Err(ApiError::field(
            ErrorCode::InvalidInput,
            "current_password",
            "enter the password you use now",
        ))
    } else {
        Ok(())
    };
    ApiError::all_fields([
        current_given,
        check_new_password("new_password", &new, &principal.account.email),
    ])?;
    check_own_password(
        state,
        principal,
        &current,
        from,
        "current_password",
        "does not match the password in use",
    )
    .await?;
    let hash = hash_password(new).await?;
    let entry = audit(
        state,
        Some(principal.id()),
        Some(principal.id()),
        "account.password_changed",
        &serde_json::json!({}),
    );
    state
        .store()
        .set_password(
            principal.id(),
            &hash,
            principal.web_session.as_ref().map(|s| s.id.as_str()),
            &entry,
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_new_password;

    /// Common, breached and patterned passwords are refused whatever their length; passphrases
    /// of unrelated words pass; the person's own address does not count as a secret.
    #[test]
    fn easy_passwords_are_refused_and_passphrases_pass() {
        for weak in [
            "password",
            "password1",
            "Password123!",
            "12345678",
            "qwertyuiop",
            "iloveyou",
            "letmein123",
            "11111111111",
            "deadlift2026",
            "maria.lopez",
        ] {
            let refused = check_new_password("password", weak, "maria.lopez@example.org");
            assert!(refused.is_err(), "{weak:?} was accepted");
            assert!(
                refused.unwrap_err().body.fields[0]
                    .message
                    .contains("too easy to guess")
                    || weak.chars().count() < 8,
            );
        }
        for strong in [
            "a long enough secret",
            "a brand new secret",
            "survives a crash",
            "correct horse battery staple",
            "kettlebell under the stairs",
            "Tq7#vLm2@pX9",
        ] {
            assert!(
                check_new_password("password", strong, "maria.lopez@example.org").is_ok(),
                "{strong:?} was refused"
            );
        }
    }
}
