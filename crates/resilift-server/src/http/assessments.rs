//! `/assessments`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use resilift_api::score::AssessmentSubmission;

use crate::AppState;
use crate::access::Lifter;
use crate::error::{ApiResult, body_text};
use crate::service::assessments::save_assessment;
use crate::views::{self, Items, PageQuery};

pub(crate) async fn add_assessment(
    state: &AppState,
    subject: &str,
    author: &str,
    body: &[u8],
) -> ApiResult<(StatusCode, Json<views::AssessmentView>)> {
    let submission = AssessmentSubmission::parse(body_text(body)?)?;
    let assessment = save_assessment(state, subject, author, submission).await?;
    Ok((
        StatusCode::CREATED,
        Json(views::assessment_view(&assessment)),
    ))
}

pub(crate) async fn create_assessment(
    State(state): State<AppState>,
    lifter: Lifter,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<views::AssessmentView>)> {
    add_assessment(&state, lifter.id(), lifter.id(), &body).await
}

pub(crate) async fn assessments_of(
    state: &AppState,
    account_id: &str,
    query: &PageQuery,
) -> ApiResult<Json<Items<views::AssessmentView>>> {
    let (limit, cursor) = query.parse()?;
    let page = state.store().assessments(account_id, cursor, limit).await?;
    Ok(Json(Items {
        items: page.items.iter().map(views::assessment_view).collect(),
        next: page.next,
    }))
}

pub(crate) async fn list_assessments(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<views::AssessmentView>>> {
    assessments_of(&state, lifter.id(), &query).await
}
