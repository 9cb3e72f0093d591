//! Who is calling: the [`Principal`] extractor every protected handler starts from (a bearer
//! token or a browser session with its CSRF token), the account [`Role`], and the digests secrets
//! are stored as.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum_extra::extract::cookie::CookieJar;
use resilift_api::ErrorCode;
use resilift_store::{Account, WebSession};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::AppState;
use crate::error::{ApiError, ApiResult};

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

/// How long a browser session may sit unused (`session_idle_hours`).
pub(crate) fn idle(state: &AppState) -> chrono::Duration {
    chrono::Duration::hours(i64::from(state.settings().session_idle_hours))
}

/// Tokens made before this instant have expired (`token_days`).
fn token_cutoff(state: &AppState) -> chrono::DateTime<chrono::Utc> {
    state.now() - chrono::Duration::days(i64::from(state.settings().token_days))
}

/// The token of an `Authorization: Bearer …` header; the scheme's name is case-insensitive
/// (RFC 7235).
fn bearer(value: &axum::http::HeaderValue) -> Option<&str> {
    let (scheme, token) = value.to_str().ok()?.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|token| !token.is_empty())
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = bearer(value).ok_or_else(ApiError::unauthorized)?;
            let (account, time_zone) = state
                .store()
                .account_by_token(&digest(token), token_cutoff(state), state.now())
                .await?
                .ok_or_else(ApiError::unauthorized)?;
            return Self::new(account, time_zone, None);
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let cookie = jar.get(SESSION_COOKIE).ok_or_else(ApiError::unauthorized)?;
        let (session, account, time_zone) = state
            .store()
            .web_session(&digest(cookie.value()), state.now(), idle(state))
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

/// The account a request's credentials (token or session cookie) belong to, if any; the CSRF
/// token is not checked here.
pub(crate) async fn account_of(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Option<String> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = bearer(value)?;
        let (account, _) = state
            .store()
            .account_by_token(&digest(token), token_cutoff(state), state.now())
            .await
            .ok()??;
        return Some(account.id);
    }
    viewer_of(state, headers)
        .await
        .map(|viewer| viewer.account.id)
}

/// The signed-in browser behind a request's session cookie, if any.
pub(crate) async fn viewer_of(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Option<Principal> {
    let jar = CookieJar::from_headers(headers);
    let cookie = jar.get(SESSION_COOKIE)?;
    let (session, account, time_zone) = state
        .store()
        .web_session(&digest(cookie.value()), state.now(), idle(state))
        .await
        .ok()??;
    Principal::new(account, time_zone, Some(session)).ok()
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
