//! `/foundation-days`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use crate::AppState;
use crate::access::Lifter;
use crate::error::{ApiError, ApiResult, json_body};
use crate::views::{self, Items, PageQuery};

pub(crate) async fn create_day(
    State(state): State<AppState>,
    lifter: Lifter,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<views::FoundationDayView>)> {
    let day = crate::service::foundation::save_day(
        &state,
        lifter.id(),
        lifter.0.today(state.now()),
        &json_body(&body)?,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(views::foundation_day_view(&day, state.rules())?),
    ))
}

pub(crate) async fn list_days(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<views::FoundationDayView>>> {
    let (limit, cursor) = query.parse()?;
    let page = state
        .store()
        .foundation_days(lifter.id(), cursor, limit)
        .await?;
    Ok(Json(Items {
        items: page
            .items
            .iter()
            .map(|day| views::foundation_day_view(day, state.rules()))
            .collect::<ApiResult<_>>()?,
        next: page.next,
    }))
}

pub(crate) async fn get_day(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<views::FoundationDayView>> {
    let day = state
        .store()
        .foundation_day(lifter.id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("foundation day"))?;
    Ok(Json(views::foundation_day_view(&day, state.rules())?))
}

pub(crate) async fn delete_day(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    crate::service::foundation::delete_day(&state, lifter.id(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
