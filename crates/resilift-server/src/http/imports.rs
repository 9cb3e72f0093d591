//! `/imports`: workout history from Strong, Hevy or FitNotes, previewed, confirmed or undone.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};

use crate::AppState;
use crate::access::Lifter;
use crate::error::{ApiError, ApiResult};
use crate::service::imports::{self, ImportView, UploadQuery};
use crate::views::{Items, PageQuery};

/// `POST /imports` with the file as a `text/csv` body (`?units=kg|lb` for a file that does not
/// say): 201 with the preview; nothing else is stored until it is confirmed.
pub(crate) async fn upload(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<ImportView>)> {
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("text/csv"));
    if !csv {
        return Err(ApiError::new(
            resilift_api::ErrorCode::UnsupportedMediaType,
            "send the exported file itself as the body, with Content-Type: text/csv",
        ));
    }
    let view = imports::upload(&state, lifter.id(), &body, &query).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<ImportView>>> {
    let (limit, cursor) = query.parse()?;
    let page = imports::list(&state, lifter.id(), cursor, limit).await?;
    Ok(Json(Items {
        items: page.items,
        next: page.next,
    }))
}

pub(crate) async fn get_one(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<ImportView>> {
    Ok(Json(imports::get(&state, lifter.id(), &id).await?))
}

pub(crate) async fn confirm(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<ImportView>> {
    Ok(Json(imports::confirm(&state, lifter.id(), &id).await?))
}

pub(crate) async fn undo(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    imports::undo(&state, lifter.id(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
