//! `/accounts`, `/tokens`, `/sign-in`, `/sign-out`, `/me`, `/me/password`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use resilift_api::ErrorCode;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, json_body};
use crate::limits::ClientAddr;
use crate::service::accounts::{
    AccountChange, AccountView, Me, NewAccount, NewToken, TokenView, end_session, issue_token,
    open_session, register, removal_cookie, replace_password, revoke, set_display_name, verify,
};
use crate::service::resets::{NewPassword, ResetRequest, ResetRequested};
use crate::views::Items;

pub(crate) async fn create_account(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<AccountView>)> {
    let request: NewAccount = json_body(&body)?;
    let account = register(&state, request, from).await?;
    Ok((StatusCode::CREATED, Json(AccountView::from(&account))))
}

pub(crate) async fn me(State(state): State<AppState>, principal: Principal) -> ApiResult<Json<Me>> {
    let name = state.store().display_name(principal.id()).await?;
    Ok(Json(Me {
        account: AccountView::from(&principal.account).named(name),
        csrf_token: principal
            .web_session
            .as_ref()
            .map(|session| session.csrf_token.clone()),
    }))
}

pub(crate) async fn change_me(
    State(state): State<AppState>,
    principal: Principal,
    body: Bytes,
) -> ApiResult<Json<Me>> {
    let change: AccountChange = json_body(&body)?;
    let name = set_display_name(&state, principal.id(), change.display_name.as_deref()).await?;
    Ok(Json(Me {
        account: AccountView::from(&principal.account).named(name),
        csrf_token: principal
            .web_session
            .as_ref()
            .map(|session| session.csrf_token.clone()),
    }))
}

/// `POST /tokens`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenRequest {
    /// E-mail address.
    email: String,
    /// Password.
    password: String,
    /// A label to recognise the token by later (at most 100 characters).
    #[serde(default)]
    #[schemars(length(max = 100))]
    name: Option<String>,
}

pub(crate) async fn create_token(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
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
    let account = verify(&state, &request.email, &request.password, from).await?;
    Ok((
        StatusCode::CREATED,
        Json(issue_token(&state, &account, name).await?),
    ))
}

pub(crate) async fn list_tokens(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<Items<TokenView>>> {
    let tokens = state.store().tokens(principal.id()).await?;
    Ok(Json(Items {
        items: tokens
            .iter()
            .map(|t| TokenView::new(t, state.settings().token_days))
            .collect(),
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

/// `POST /sign-in`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignIn {
    /// E-mail address.
    email: String,
    /// Password.
    password: String,
}

pub(crate) async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    jar: CookieJar,
    body: Bytes,
) -> ApiResult<Response> {
    let request: SignIn = json_body(&body)?;
    let account = verify(&state, &request.email, &request.password, from).await?;
    let (cookie, csrf) = open_session(&state, &account).await?;
    let me = Me {
        account: AccountView::from(&account),
        csrf_token: Some(csrf),
    };
    Ok((jar.add(cookie), Json(me)).into_response())
}

pub(crate) async fn sign_out(
    State(state): State<AppState>,
    principal: Principal,
    jar: CookieJar,
) -> ApiResult<Response> {
    end_session(&state, &principal).await?;
    Ok((StatusCode::NO_CONTENT, jar.add(removal_cookie(&state))).into_response())
}

/// `PUT /me/password`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PasswordChange {
    /// The password in use now.
    current_password: String,
    /// The new one: 8 to 256 characters, not easy to guess.
    #[schemars(length(min = 8, max = 256))]
    new_password: String,
}

pub(crate) async fn change_password(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    principal: Principal,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let request: PasswordChange = json_body(&body)?;
    replace_password(
        &state,
        &principal,
        request.current_password,
        request.new_password,
        from,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn request_reset(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<ResetRequested>)> {
    let request: ResetRequest = json_body(&body)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(crate::service::resets::request(&state, request, from).await?),
    ))
}

pub(crate) async fn complete_reset(
    State(state): State<AppState>,
    axum::extract::Path(token): axum::extract::Path<String>,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let request: NewPassword = json_body(&body)?;
    crate::service::resets::complete(&state, &token, &request.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
