//! Password resets: a single-use link that expires, sent by e-mail when the server has an SMTP
//! server, or handed out by an operator (`resilift admin reset-link`).
//!
//! The answer to a reset request is the same whether or not an account uses the address, and
//! the e-mail is sent in the background so that the answer takes the same time too.

use resilift_api::ErrorCode;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{digest, secret};
use crate::error::{ApiError, ApiResult};
use crate::limits;
use crate::service::accounts::{check_email, check_new_password, hash_password, normalise_email};
use crate::service::audit;

/// Hours a reset link works.
pub(crate) const RESET_HOURS: i64 = 2;
/// Reset e-mails one address can be sent per hour.
const RESETS_PER_ADDRESS_HOUR: u32 = 3;
/// Reset requests one network address can make per hour.
const RESETS_PER_NETWORK_HOUR: u32 = 10;

/// `POST /password-resets`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResetRequest {
    /// The e-mail address of the account.
    #[schemars(length(min = 3, max = 254))]
    pub(crate) email: String,
}

/// The answer to a reset request: always the same words.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ResetRequested {
    /// What happens next.
    pub(crate) message: String,
}

/// `POST /password-resets/{token}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewPassword {
    /// The new password: 8 to 256 characters, not easy to guess.
    #[schemars(length(min = 8, max = 256))]
    pub(crate) password: String,
}

/// The words every reset request gets back.
pub(crate) fn requested_words(state: &AppState) -> String {
    if state.settings().smtp_url.is_some() {
        format!(
            "If an account uses that address, a link to choose a new password is on its way. It works once, for {RESET_HOURS} hours."
        )
    } else {
        "This server does not send e-mail. Ask whoever runs it for a reset link.".to_owned()
    }
}

/// Makes a reset link for an account and returns it (for the e-mail or an operator).
pub(crate) async fn make_link(state: &AppState, account_id: &str, by: &str) -> ApiResult<String> {
    let token = secret("")?;
    let now = state.now();
    let entry = audit(
        state,
        None,
        Some(account_id),
        "password_reset.issued",
        &serde_json::json!({"by": by}),
    );
    state
        .store()
        .insert_password_reset(
            &digest(&token),
            account_id,
            now,
            now + chrono::Duration::hours(RESET_HOURS),
            &entry,
        )
        .await?;
    Ok(format!("{}/reset/{token}", public_base(state)))
}

/// Where people reach this server.
pub(crate) fn public_base(state: &AppState) -> String {
    state
        .settings()
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", state.settings().addr))
}

/// A reset request: checks the limits, and when an account uses the address and the server
/// sends e-mail, sends it a link in the background. The answer does not depend on the address.
pub(crate) async fn request(
    state: &AppState,
    request: ResetRequest,
    from: Option<std::net::IpAddr>,
) -> ApiResult<ResetRequested> {
    let email = check_email(&request.email)?;
    if let Some(ip) = from {
        limits::take_quota(
            state,
            &limits::key("reset-from", &ip.to_string()),
            RESETS_PER_NETWORK_HOUR,
            "password-reset requests",
        )
        .await?;
    }
    let answer = ResetRequested {
        message: requested_words(state),
    };
    let Some(smtp) = state.settings().smtp_url.clone() else {
        return Ok(answer);
    };
    // A few e-mails per address and hour, whoever asks; past that, the same answer and no mail.
    let per_address = limits::take_quota(
        state,
        &limits::key("reset-for", &email),
        RESETS_PER_ADDRESS_HOUR,
        "reset e-mails",
    )
    .await;
    if per_address.is_err() {
        return Ok(answer);
    }
    // Everything that depends on whether the address is known (the lookup, the link's durable
    // write, the e-mail) happens after the answer, so the answer takes the same time for a
    // known address as for an unknown one.
    let state = state.clone();
    tokio::spawn(async move {
        let account = match state.store().account_by_email(&email).await {
            Ok(Some(account)) => account,
            Ok(None) => return,
            Err(error) => {
                tracing::error!(%error, "a password reset could not look up its address");
                return;
            }
        };
        match state.store().disabled_at(&account.id).await {
            Ok(None) => {}
            Ok(Some(_)) => return,
            Err(error) => {
                tracing::error!(%error, "a password reset could not read its account");
                return;
            }
        }
        let link = match make_link(&state, &account.id, "e-mail").await {
            Ok(link) => link,
            Err(error) => {
                tracing::error!(error = %error.body.error, "a password-reset link could not be made");
                return;
            }
        };
        let from = state.settings().mail_from.clone();
        if let Err(error) = crate::mail::send_reset(&smtp, &from, &account.email, &link).await {
            tracing::error!(%error, "the password-reset e-mail could not be sent");
        }
    });
    Ok(answer)
}

/// Uses a reset link: the new password replaces the old, every browser session ends and every
/// token is revoked.
pub(crate) async fn complete(state: &AppState, token: &str, password: &str) -> ApiResult<()> {
    let hash_of_token = digest(token.trim());
    let now = state.now();
    let Some(account_id) = state.store().password_reset(&hash_of_token, now).await? else {
        return Err(invalid_link());
    };
    let email = state
        .store()
        .account(&account_id)
        .await?
        .map(|a| a.email)
        .unwrap_or_default();
    check_new_password("password", password, &email)?;
    let hash = hash_password(password.to_owned()).await?;
    let entry = audit(
        state,
        Some(&account_id),
        Some(&account_id),
        "account.password_reset",
        &serde_json::json!({}),
    );
    if state
        .store()
        .reset_password(&hash_of_token, &hash, now, &entry)
        .await?
    {
        state
            .store()
            .clear_sign_in_failures(&limits::key("sign-in", &normalise_email(&email)))
            .await?;
        Ok(())
    } else {
        Err(invalid_link())
    }
}

/// Whether a reset link still works (for the page that asks for the new password).
pub(crate) async fn link_works(state: &AppState, token: &str) -> ApiResult<bool> {
    Ok(state
        .store()
        .password_reset(&digest(token.trim()), state.now())
        .await?
        .is_some())
}

fn invalid_link() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidResetLink,
        "this reset link is unknown, already used or expired; ask for a new one",
    )
}
