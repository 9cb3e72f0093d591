//! `/me/profile`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;

use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiResult, json_body};
use crate::service::profile::{ProfileBody, ProfileView, profile_view, save_profile};

pub(crate) async fn get_profile(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<ProfileView>> {
    let (_, profile) = crate::service::today(&state, principal.id()).await?;
    Ok(Json(profile_view(&profile)?))
}

pub(crate) async fn put_profile(
    State(state): State<AppState>,
    principal: Principal,
    body: Bytes,
) -> ApiResult<Json<ProfileView>> {
    let request: ProfileBody = json_body(&body)?;
    let profile = save_profile(&state, principal.id(), request).await?;
    Ok(Json(profile_view(&profile)?))
}
