//! `/invites` and `/links`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::AppState;
use crate::access::{Clinician, Lifter};
use crate::auth::Principal;
use crate::error::{ApiResult, json_body};
use crate::service::links::{InviteView, LinkView, link_view, make_invite, redeem, unlink};
use crate::service::messages::{self, MessageRequest, ThreadItem, ThreadView};
use crate::views::Items;

pub(crate) async fn create_invite(
    State(state): State<AppState>,
    lifter: Lifter,
) -> ApiResult<(StatusCode, Json<InviteView>)> {
    Ok((
        StatusCode::CREATED,
        Json(make_invite(&state, lifter.id()).await?),
    ))
}

/// `POST /links`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinkRequest {
    /// The lifter's invite code.
    code: String,
}

pub(crate) async fn create_link(
    State(state): State<AppState>,
    clinician: Clinician,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<LinkView>)> {
    let request: LinkRequest = json_body(&body)?;
    let link = redeem(&state, clinician.id(), &request.code).await?;
    Ok((StatusCode::CREATED, Json(link_view(&link))))
}

pub(crate) async fn list_links(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<Items<LinkView>>> {
    let links = state.store().links_of(principal.id()).await?;
    Ok(Json(Items {
        items: links.iter().map(link_view).collect(),
        next: None,
    }))
}

pub(crate) async fn delete_link(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    unlink(&state, principal.id(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn get_messages(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<ThreadView>> {
    let link = messages::link_of(&state, &principal, &id).await?;
    let items = messages::thread(&state, &principal, &link).await?;
    Ok(Json(ThreadView {
        link_id: link.id,
        items,
    }))
}

pub(crate) async fn post_message(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<ThreadItem>)> {
    let request: MessageRequest = json_body(&body)?;
    let link = messages::link_of(&state, &principal, &id).await?;
    Ok((
        StatusCode::CREATED,
        Json(messages::send(&state, &principal, &link, &request.body).await?),
    ))
}
