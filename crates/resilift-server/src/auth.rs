//! Accounts and credentials: argon2id passwords, hashed API tokens, browser sessions with a CSRF
//! token, and the [`Principal`] extractor every protected handler starts from.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, body::Bytes};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use resilift_api::ErrorCode;
use resilift_store::{Account, ApiToken, NewAudit, Profile, WebSession};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::AppState;
use crate::error::{ApiError, ApiResult, json_body};
use crate::views::{self, Items};

/// Name of the browser-session cookie.
pub(crate) const SESSION_COOKIE: &str = "resilift_session";
/// Header carrying the CSRF token on unsafe requests made with the session cookie.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// Who is calling.
#[derive(Debug, Clone)]
pub(crate) struct Principal {
    pub(crate) account: Account,
    /// The account's role, parsed once from the stored record.
    pub(crate) role: Role,
    /// The account's IANA time zone.
    pub(crate) time_zone: String,
    /// The browser session, when signed in with the cookie.
    pub(crate) web_session: Option<WebSession>,
}

impl Principal {
    /// A caller from a stored account; an account with a role the server does not know is a
    /// server fault, never a silent lifter.
    pub(crate) fn new(
        account: Account,
        time_zone: String,
        web_session: Option<WebSession>,
    ) -> ApiResult<Self> {
        let role = Role::parse(&account.role).ok_or_else(|| {
            ApiError::internal(&format!("account {} has an unknown role", account.id))
        })?;
        Ok(Self {
            account,
            role,
            time_zone,
            web_session,
        })
    }

    pub(crate) fn id(&self) -> &str {
        &self.account.id
    }

    /// Today in the caller's time zone.
    pub(crate) fn today(&self, now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        let tz: chrono_tz::Tz = self.time_zone.parse().unwrap_or(chrono_tz::UTC);
        now.with_timezone(&tz).date_naive()
    }

    pub(crate) fn is_lifter(&self) -> bool {
        self.role == Role::Lifter
    }

    pub(crate) fn is_clinician(&self) -> bool {
        self.role == Role::Clinician
    }

    /// Refuses callers who are not lifters.
    pub(crate) fn lifter(&self) -> ApiResult<&str> {
        if self.is_lifter() {
            Ok(self.id())
        } else {
            Err(ApiError::new(
                ErrorCode::LifterOnly,
                "only lifter accounts keep a training record; clinicians see their clients' records under /clients",
            ))
        }
    }

    /// Refuses callers who are not clinicians.
    pub(crate) fn clinician(&self) -> ApiResult<&str> {
        if self.is_clinician() {
            Ok(self.id())
        } else {
            Err(ApiError::new(
                ErrorCode::ClinicianOnly,
                "only clinician accounts have clients",
            ))
        }
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .ok_or_else(ApiError::unauthorized)?;
            let (account, time_zone) = state
                .store()
                .account_by_token(&digest(token))
                .await?
                .ok_or_else(ApiError::unauthorized)?;
            return Self::new(account, time_zone, None);
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let cookie = jar.get(SESSION_COOKIE).ok_or_else(ApiError::unauthorized)?;
        let (session, account, time_zone) = state
            .store()
            .web_session(&digest(cookie.value()), state.now())
            .await?
            .ok_or_else(ApiError::unauthorized)?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same(sent, &session.csrf_token) {
                return Err(ApiError::new(
                    ErrorCode::Csrf,
                    "requests signed in with the session cookie must send the X-CSRF-Token header given at sign-in",
                ));
            }
        }
        Self::new(account, time_zone, Some(session))
    }
}

/// Compares two secrets without stopping at the first difference.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// SHA-256 of a high-entropy secret (tokens, cookies, invite codes), hex.
pub(crate) fn digest(secret: &str) -> String {
    sha2::Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A fresh random secret: `prefix` then 32 random bytes in hex.
pub(crate) fn secret(prefix: &str) -> ApiResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(&e))?;
    Ok(format!(
        "{prefix}{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

/// A new time-ordered id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// An audit entry stamped now.
pub(crate) fn audit(
    state: &AppState,
    actor: Option<&str>,
    subject: Option<&str>,
    action: &'static str,
    detail: &serde_json::Value,
) -> NewAudit {
    NewAudit {
        id: new_id(),
        at: state.now(),
        actor_id: actor.map(str::to_owned),
        subject_id: subject.map(str::to_owned),
        action,
        detail: detail.to_string(),
    }
}

async fn hash_password(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(|e| ApiError::internal(&e))?
    .map_err(|e| ApiError::internal(&e))
}

async fn password_matches(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
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

async fn dummy_hash() -> ApiResult<String> {
    DUMMY_HASH
        .get_or_try_init(|| async { hash_password(secret("")?).await })
        .await
        .cloned()
}

/// Checks an e-mail address and password; the same answer for an unknown address and a wrong
/// password.
pub(crate) async fn verify(state: &AppState, email: &str, password: &str) -> ApiResult<Account> {
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
        Some(account) if ok => Ok(account),
        _ => Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "that e-mail address and password do not match an account",
        )),
    }
}

fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn check_email(email: &str) -> Result<String, ApiError> {
    let email = normalise_email(email);
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        })
        && !email.chars().any(char::is_whitespace);
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

fn check_password(field: &str, password: &str) -> ApiResult<()> {
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

// ----- accounts -----------------------------------------------------------------------------

/// `POST /accounts`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewAccount {
    /// E-mail address (the sign-in name).
    pub(crate) email: String,
    /// At least 8 characters.
    pub(crate) password: String,
    /// `lifter` or `clinician`.
    pub(crate) role: Role,
    /// IANA time zone (default `UTC`); "today" for screenings and sessions is taken there.
    #[serde(default)]
    pub(crate) time_zone: Option<String>,
    /// `kg` (default) or `lb`.
    #[serde(default)]
    pub(crate) units: Option<resilift_api::next::UnitsDto>,
}

/// What an account is for.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Role {
    /// Keeps a training record.
    Lifter,
    /// Sees linked lifters' records.
    Clinician,
}

impl Role {
    /// The stored and wire name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Lifter => "lifter",
            Self::Clinician => "clinician",
        }
    }

    /// The role a stored name stands for.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        match name {
            "lifter" => Some(Self::Lifter),
            "clinician" => Some(Self::Clinician),
            _ => None,
        }
    }
}

/// An account on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct AccountView {
    /// Id.
    id: String,
    /// E-mail address.
    email: String,
    /// `lifter` or `clinician`.
    role: String,
    /// When it was made.
    created_at: String,
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> Self {
        Self {
            id: a.id.clone(),
            email: a.email.clone(),
            role: a.role.clone(),
            created_at: views::instant(a.created_at),
        }
    }
}

pub(crate) async fn create_account(
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<AccountView>)> {
    let request: NewAccount = json_body(&body)?;
    let account = register(&state, request).await?;
    Ok((StatusCode::CREATED, Json(AccountView::from(&account))))
}

/// Registers an account with its default profile.
pub(crate) async fn register(state: &AppState, request: NewAccount) -> ApiResult<Account> {
    if !state.settings().open_registration {
        return Err(ApiError::new(
            ErrorCode::RegistrationClosed,
            "registration is closed on this server; ask its administrator for an account",
        ));
    }
    let email = check_email(&request.email)?;
    check_password("password", &request.password)?;
    let time_zone = match &request.time_zone {
        Some(zone) => views::check_time_zone("time_zone", zone)?,
        None => "UTC".to_owned(),
    };
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
        units: units_str(units).to_owned(),
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
    state
        .store()
        .create_account(&account, &profile, &entry)
        .await
        .map_err(|e| match e {
            resilift_store::StoreError::Conflict(_) => ApiError::new(
                ErrorCode::EmailTaken,
                "an account with that e-mail address already exists",
            ),
            other => other.into(),
        })?;
    Ok(account)
}

pub(crate) fn units_str(units: resilift_api::next::UnitsDto) -> &'static str {
    match units {
        resilift_api::next::UnitsDto::Kg => "kg",
        resilift_api::next::UnitsDto::Lb => "lb",
    }
}

pub(crate) async fn me(principal: Principal) -> Json<serde_json::Value> {
    let mut value = serde_json::to_value(AccountView::from(&principal.account))
        .unwrap_or(serde_json::Value::Null);
    if let (Some(session), Some(map)) = (&principal.web_session, value.as_object_mut()) {
        map.insert("csrf_token".into(), session.csrf_token.clone().into());
    }
    Json(value)
}

// ----- tokens -------------------------------------------------------------------------------

/// `POST /tokens`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenRequest {
    /// E-mail address.
    email: String,
    /// Password.
    password: String,
    /// A label to recognise the token by later.
    #[serde(default)]
    name: Option<String>,
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
}

impl From<&ApiToken> for TokenView {
    fn from(t: &ApiToken) -> Self {
        Self {
            id: t.id.clone(),
            name: t.name.clone(),
            created_at: views::instant(t.created_at),
            revoked_at: t.revoked_at.map(views::instant),
        }
    }
}

pub(crate) async fn create_token(
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<NewToken>)> {
    let request: TokenRequest = json_body(&body)?;
    let name = request
        .name
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "API token".to_owned());
    if name.chars().count() > 100 {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "name",
            "expected at most 100 characters",
        ));
    }
    let account = verify(&state, &request.email, &request.password).await?;
    Ok((
        StatusCode::CREATED,
        Json(issue_token(&state, &account, name).await?),
    ))
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

pub(crate) async fn list_tokens(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<Items<TokenView>>> {
    let tokens = state.store().tokens(principal.id()).await?;
    Ok(Json(Items {
        items: tokens.iter().map(TokenView::from).collect(),
        next: None,
    }))
}

pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    principal: Principal,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> ApiResult<StatusCode> {
    revoke(&state, principal.id(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
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

// ----- browser sessions ---------------------------------------------------------------------

/// `POST /sign-in`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignIn {
    /// E-mail address.
    email: String,
    /// Password.
    password: String,
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
        .insert_web_session(&session, &digest(&secret_value), now, &entry)
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

fn cookie_duration(days: i64) -> time::Duration {
    time::Duration::days(days)
}

pub(crate) async fn sign_in(
    State(state): State<AppState>,
    jar: CookieJar,
    body: Bytes,
) -> ApiResult<Response> {
    let request: SignIn = json_body(&body)?;
    let account = verify(&state, &request.email, &request.password).await?;
    let (cookie, csrf) = open_session(&state, &account).await?;
    let mut value =
        serde_json::to_value(AccountView::from(&account)).unwrap_or(serde_json::Value::Null);
    if let Some(map) = value.as_object_mut() {
        map.insert("csrf_token".into(), csrf.into());
    }
    Ok((jar.add(cookie), Json(value)).into_response())
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

pub(crate) async fn sign_out(
    State(state): State<AppState>,
    principal: Principal,
    jar: CookieJar,
) -> ApiResult<Response> {
    end_session(&state, &principal).await?;
    Ok((StatusCode::NO_CONTENT, jar.add(removal_cookie(&state))).into_response())
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

/// `PUT /me/password`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PasswordChange {
    /// The password in use now.
    current_password: String,
    /// The new one, at least 8 characters.
    new_password: String,
}

pub(crate) async fn change_password(
    State(state): State<AppState>,
    principal: Principal,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let request: PasswordChange = json_body(&body)?;
    replace_password(
        &state,
        &principal,
        request.current_password,
        request.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes a password after checking the current one; other browser sessions end.
pub(crate) async fn replace_password(
    state: &AppState,
    principal: &Principal,
    current: String,
    new: String,
) -> ApiResult<()> {
    check_password("new_password", &new)?;
    if !password_matches(current, principal.account.password_hash.clone()).await {
        return Err(ApiError::field(
            ErrorCode::WrongPassword,
            "current_password",
            "does not match the password in use",
        ));
    }
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
