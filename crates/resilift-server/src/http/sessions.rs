//! `/sessions`, `/next-session`, `/progress`, `/overrides`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use resilift_api::next::SessionDto;
use serde_json::Value;

use crate::AppState;
use crate::access::Lifter;
use crate::error::{ApiError, ApiResult, body_text, json_body};
use crate::service::sessions::{amend_session, save_session, session_view};
use crate::views::{self, Items, PageQuery, SessionView};

pub(crate) async fn create_session(
    State(state): State<AppState>,
    lifter: Lifter,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<SessionView>)> {
    let dto: SessionDto = json_body(&body)?;
    let session = save_session(&state, lifter.id(), lifter.0.today(state.now()), &dto).await?;
    Ok((
        StatusCode::CREATED,
        Json(session_view(&state, &session).await?),
    ))
}

pub(crate) async fn list_sessions(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<PageQuery>,
) -> ApiResult<views::JsonText> {
    views::session_page(&state, lifter.id(), &query).await
}

pub(crate) async fn get_session(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<SessionView>> {
    let session = state
        .store()
        .session(lifter.id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("session"))?;
    Ok(Json(session_view(&state, &session).await?))
}

pub(crate) async fn patch_session(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<SessionView>> {
    let text = body_text(&body)?;
    let patch: Value = serde_json::from_str(text).map_err(|e| ApiError::internal(&e))?;
    let updated = amend_session(
        &state,
        lifter.id(),
        lifter.0.today(state.now()),
        &id,
        &patch,
    )
    .await?;
    Ok(Json(session_view(&state, &updated).await?))
}

pub(crate) async fn delete_session(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<axum::http::StatusCode> {
    crate::service::sessions::delete_session(&state, lifter.id(), &id).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

pub(crate) async fn next_session(
    State(state): State<AppState>,
    lifter: Lifter,
) -> ApiResult<Json<views::PlanView>> {
    Ok(Json(views::next_session(&state, lifter.id()).await?))
}

pub(crate) async fn progress(
    State(state): State<AppState>,
    lifter: Lifter,
) -> ApiResult<Json<views::Progress>> {
    Ok(Json(views::progress(&state, lifter.id()).await?))
}

pub(crate) async fn list_overrides(
    State(state): State<AppState>,
    lifter: Lifter,
) -> ApiResult<Json<Items<views::OverrideView>>> {
    let overrides = state.store().overrides(lifter.id()).await?;
    Ok(Json(Items {
        items: overrides.iter().map(views::override_view).collect(),
        next: None,
    }))
}
