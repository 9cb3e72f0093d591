//! `/screenings`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use crate::AppState;
use crate::access::Lifter;
use crate::error::{ApiError, ApiResult, json_body};
use crate::service::screenings::save_screening;
use crate::views::{self, Items, PageQuery};

pub(crate) async fn create_screening(
    State(state): State<AppState>,
    lifter: Lifter,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<views::ScreeningView>)> {
    let submission = json_body(&body)?;
    let screening =
        save_screening(&state, lifter.id(), lifter.0.today(state.now()), submission).await?;
    Ok((
        StatusCode::CREATED,
        Json(views::screening_view(&screening)?),
    ))
}

pub(crate) async fn screenings_of(
    state: &AppState,
    account_id: &str,
    query: &PageQuery,
) -> ApiResult<Json<Items<views::ScreeningView>>> {
    let (limit, cursor) = query.parse()?;
    let page = state.store().screenings(account_id, cursor, limit).await?;
    Ok(Json(Items {
        items: page
            .items
            .iter()
            .map(views::screening_view)
            .collect::<ApiResult<_>>()?,
        next: page.next,
    }))
}

pub(crate) async fn list_screenings(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<views::ScreeningView>>> {
    screenings_of(&state, lifter.id(), &query).await
}

pub(crate) async fn get_screening(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<views::ScreeningView>> {
    let screening = state
        .store()
        .screening(lifter.id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("screening"))?;
    Ok(Json(views::screening_view(&screening)?))
}
