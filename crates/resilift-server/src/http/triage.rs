//! `/triage`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use crate::AppState;
use crate::access::Lifter;
use crate::error::{ApiError, ApiResult, json_body};
use crate::views::{self, Items, PageQuery};

pub(crate) async fn create_triage(
    State(state): State<AppState>,
    lifter: Lifter,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<views::TriageView>)> {
    let triage = crate::service::triage::save_triage(
        &state,
        lifter.id(),
        lifter.0.today(state.now()),
        json_body(&body)?,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(views::triage_view(&triage)?)))
}

/// `GET /safety-events`: my safety record, newest first.
pub(crate) async fn list_safety_events(
    State(state): State<AppState>,
    lifter: Lifter,
) -> ApiResult<Json<Items<crate::service::safety_record::SafetyEventView>>> {
    Ok(Json(Items {
        items: crate::service::safety_record::list(&state, lifter.id()).await?,
        next: None,
    }))
}

pub(crate) async fn triages_of(
    state: &AppState,
    account_id: &str,
    query: &PageQuery,
) -> ApiResult<Json<Items<views::TriageView>>> {
    let (limit, cursor) = query.parse()?;
    let page = state.store().triages(account_id, cursor, limit).await?;
    Ok(Json(Items {
        items: page
            .items
            .iter()
            .map(views::triage_view)
            .collect::<ApiResult<_>>()?,
        next: page.next,
    }))
}

pub(crate) async fn list_triages(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<views::TriageView>>> {
    triages_of(&state, lifter.id(), &query).await
}

pub(crate) async fn get_triage(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<views::TriageView>> {
    let triage = state
        .store()
        .triage(lifter.id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("triage"))?;
    Ok(Json(views::triage_view(&triage)?))
}
