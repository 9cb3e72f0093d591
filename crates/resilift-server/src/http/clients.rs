//! `/clients`: a clinician's roster and the read views of a linked client's record.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use schemars::JsonSchema;
use serde::Serialize;

use crate::AppState;
use crate::access::{Clinician, LinkedClient};
use crate::error::{ApiError, ApiResult, json_body};
use crate::http::assessments::{add_assessment, assessments_of};
use crate::http::screenings::screenings_of;
use crate::http::triage::triages_of;
use crate::service::links::{OverrideRequest, save_override};
use crate::service::sessions::session_view;
use crate::views::{self, Items, PageQuery, SessionView};

/// A client on a clinician's roster.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ClientView {
    /// The lifter's account id (use it under `/clients/{id}/…`).
    id: String,
    /// E-mail address.
    email: String,
    /// The name the client chose to be shown, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    /// The link (for unlinking).
    link_id: String,
    /// When the link was made.
    linked_at: String,
    /// Status for the roster.
    status: views::Status,
}

pub(crate) async fn list_clients(
    State(state): State<AppState>,
    clinician: Clinician,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<ClientView>>> {
    let (limit, cursor) = query.parse()?;
    let page = state.store().clients(clinician.id(), cursor, limit).await?;
    let ids: Vec<String> = page.items.iter().map(|l| l.lifter_id.clone()).collect();
    let mut statuses = views::statuses(&state, &ids).await.into_iter();
    let mut items = Vec::with_capacity(page.items.len());
    for link in &page.items {
        let status = statuses
            .next()
            .unwrap_or_else(|| Err(crate::error::ApiError::internal(&"missing status")))?;
        items.push(ClientView {
            id: link.lifter_id.clone(),
            email: link.lifter_email.clone(),
            name: link.lifter_name.clone(),
            link_id: link.id.clone(),
            linked_at: views::instant(link.created_at),
            status,
        });
    }
    Ok(Json(Items {
        items,
        next: page.next,
    }))
}

pub(crate) async fn client_detail(
    State(state): State<AppState>,
    client: LinkedClient,
) -> ApiResult<Json<views::ClientDetail>> {
    let id = client.id;
    let account = state
        .store()
        .account(&id)
        .await?
        .ok_or_else(|| ApiError::not_found("client"))?;
    let latest = state.store().latest_screening(&id).await?;
    let status = views::status(&state, &id).await?;
    Ok(Json(views::ClientDetail {
        id,
        email: account.email,
        status,
        latest_screening: latest.as_ref().map(views::screening_view).transpose()?,
    }))
}

pub(crate) async fn client_screenings(
    State(state): State<AppState>,
    client: LinkedClient,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<views::ScreeningView>>> {
    let id = client.id;
    screenings_of(&state, &id, &query).await
}

pub(crate) async fn client_assessments(
    State(state): State<AppState>,
    client: LinkedClient,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<views::AssessmentView>>> {
    let id = client.id;
    assessments_of(&state, &id, &query).await
}

pub(crate) async fn client_add_assessment(
    State(state): State<AppState>,
    client: LinkedClient,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<views::AssessmentView>)> {
    let (clinician, id) = (client.clinician.id(), client.id.as_str());
    add_assessment(&state, id, clinician, &body).await
}

pub(crate) async fn client_sessions(
    State(state): State<AppState>,
    client: LinkedClient,
    Query(query): Query<PageQuery>,
) -> ApiResult<views::JsonText> {
    let id = client.id;
    views::session_page(&state, &id, &query).await
}

pub(crate) async fn client_session(
    State(state): State<AppState>,
    client: LinkedClient,
    Path((_, session)): Path<(String, String)>,
) -> ApiResult<Json<SessionView>> {
    let id = client.id;
    let session = state
        .store()
        .session(&id, &session)
        .await?
        .ok_or_else(|| ApiError::not_found("session"))?;
    Ok(Json(session_view(&state, &session).await?))
}

pub(crate) async fn client_next_session(
    State(state): State<AppState>,
    client: LinkedClient,
) -> ApiResult<Json<views::PlanView>> {
    let id = client.id;
    Ok(Json(views::next_session(&state, &id).await?))
}

pub(crate) async fn client_progress(
    State(state): State<AppState>,
    client: LinkedClient,
) -> ApiResult<Json<views::Progress>> {
    let id = client.id;
    Ok(Json(views::progress(&state, &id).await?))
}

/// `GET /clients/{id}/fhir`: a linked client's record as a FHIR R4 Bundle (audited).
pub(crate) async fn client_fhir(
    State(state): State<AppState>,
    client: LinkedClient,
) -> ApiResult<axum::response::Response> {
    let bundle = crate::fhir::bundle(&state, &client.id).await?;
    Ok(super::privacy::fhir_response(
        &bundle,
        "resilift-client-record.fhir.json",
    ))
}

/// `GET /clients/{id}/report.pdf?from=&to=`: a linked client's clinical report as a PDF.
pub(crate) async fn client_report(
    State(state): State<AppState>,
    client: LinkedClient,
    axum::extract::Query(period): axum::extract::Query<crate::web::report::Period>,
) -> ApiResult<axum::response::Response> {
    let today = client.clinician.today(state.now());
    let bytes = crate::web::report::pdf(&state, &client.id, &period, today).await?;
    Ok(crate::web::report::pdf_response(
        bytes,
        "resilift-client-report.pdf",
    ))
}

pub(crate) async fn client_triages(
    State(state): State<AppState>,
    client: LinkedClient,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<views::TriageView>>> {
    let id = client.id;
    triages_of(&state, &id, &query).await
}

/// `GET /clients/{id}/safety-events`: a linked client's safety record, newest first.
pub(crate) async fn client_safety_events(
    State(state): State<AppState>,
    client: LinkedClient,
) -> ApiResult<Json<Items<crate::service::safety_record::SafetyEventView>>> {
    Ok(Json(Items {
        items: crate::service::safety_record::list(&state, &client.id).await?,
        next: None,
    }))
}

pub(crate) async fn client_overrides(
    State(state): State<AppState>,
    client: LinkedClient,
) -> ApiResult<Json<Items<views::OverrideView>>> {
    let id = client.id;
    let overrides = state.store().overrides(&id).await?;
    Ok(Json(Items {
        items: overrides.iter().map(views::override_view).collect(),
        next: None,
    }))
}

pub(crate) async fn client_add_override(
    State(state): State<AppState>,
    client: LinkedClient,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<views::OverrideView>)> {
    let (clinician, id) = (client.clinician.id(), client.id.as_str());
    let request: OverrideRequest = json_body(&body)?;
    let record = save_override(&state, clinician, id, request).await?;
    Ok((StatusCode::CREATED, Json(views::override_view(&record))))
}
