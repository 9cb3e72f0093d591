//! `/me/export` and erasing an account (`DELETE /me`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde_json::json;

use crate::AppState;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::service::audit;
use crate::service::privacy::export_value;

pub(crate) async fn export(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<crate::service::privacy::Export>> {
    Ok(Json(export_value(&state, &principal).await?))
}

pub(crate) async fn erase_me(
    State(state): State<AppState>,
    principal: Principal,
    jar: CookieJar,
) -> ApiResult<Response> {
    let entry = audit(
        &state,
        None,
        None,
        "account.erased",
        &json!({"role": principal.role.as_str()}),
    );
    state.store().erase_account(principal.id(), &entry).await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.add(crate::service::accounts::removal_cookie(&state)),
    )
        .into_response())
}
