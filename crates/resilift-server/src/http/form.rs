//! The form check from a video (experimental): a clip of a session's set in, reps, angles and
//! proposed faults out; each proposal confirmed or dismissed by the lifter.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use resilift_api::ErrorCode;

use crate::AppState;
use crate::access::Lifter;
use crate::error::{ApiError, ApiResult, json_body};
use crate::service::form::{self, DecisionRequest, FormCheckView};
use crate::views::Items;

/// `POST /sessions/{id}/video` with the clip itself as the body (`video/mp4`,
/// `video/quicktime` or `video/webm`): 201 with what it showed.
pub(crate) async fn upload(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<FormCheckView>)> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let Some(extension) = form::media_type(kind) else {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the clip itself as the body, with Content-Type: video/mp4, video/quicktime or video/webm",
        ));
    };
    // The session must be the lifter's before anything is written to disk.
    state
        .store()
        .session(lifter.id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("session"))?;
    // Said before the clip is received, so nobody uploads a large file to learn it.
    if let Some(reason) = form::unavailable(&state) {
        return Err(ApiError::new(ErrorCode::FormCheckUnavailable, reason));
    }
    if let Some(length) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        && length > state.settings().form.max_upload_bytes
    {
        return Err(ApiError::new(
            ErrorCode::TooLarge,
            format!(
                "the clip is larger than {} MB: film one set, from the side",
                state.settings().form.max_upload_bytes / (1024 * 1024)
            ),
        ));
    }
    let clip = form::receive(&state, body.into_data_stream(), extension).await?;
    let view = form::analyse(&state, lifter.id(), &id, clip).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `GET /sessions/{id}/form-checks`.
pub(crate) async fn of_session(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<Items<FormCheckView>>> {
    Ok(Json(Items {
        items: form::of_session(&state, lifter.id(), &id).await?,
        next: None,
    }))
}

/// `GET /form-checks/{id}`.
pub(crate) async fn get_one(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<FormCheckView>> {
    Ok(Json(form::view(
        &form::get(&state, lifter.id(), &id).await?,
    )?))
}

/// `POST /form-checks/{id}/proposals/{number}` with `{"decision": "confirmed"}` or
/// `{"decision": "dismissed"}`.
pub(crate) async fn decide(
    State(state): State<AppState>,
    lifter: Lifter,
    Path((id, number)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> ApiResult<Json<FormCheckView>> {
    let request: DecisionRequest = json_body(&body)?;
    let number = number
        .parse::<usize>()
        .map_err(|_| ApiError::not_found("proposal"))?;
    Ok(Json(
        form::decide(&state, lifter.id(), &id, number, request.decision).await?,
    ))
}

/// `DELETE /form-checks/{id}`.
pub(crate) async fn delete(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    form::delete(&state, lifter.id(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
