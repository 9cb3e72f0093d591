//! The JSON API under `/api/v1`: the routes, and one module per resource whose handlers only
//! extract, call a service and answer.

mod accounts;
mod assessments;
mod clients;
mod form;
mod foundation;
mod imports;
mod links;
mod privacy;
mod profile;
mod screenings;
mod sessions;
mod triage;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use resilift_api::ErrorCode;
use schemars::JsonSchema;
use serde::Serialize;

pub(crate) use self::accounts::{PasswordChange, SignIn, TokenRequest};
use self::accounts::{
    change_password, create_account, create_token, list_tokens, me, revoke_token, sign_in, sign_out,
};
use self::assessments::{create_assessment, list_assessments};
pub(crate) use self::clients::ClientView;
use self::clients::{
    client_add_assessment, client_add_override, client_assessments, client_detail,
    client_next_session, client_overrides, client_progress, client_safety_events,
    client_screenings, client_session, client_sessions, client_triages, list_clients,
};
pub(crate) use self::links::LinkRequest;
use self::links::{create_invite, create_link, delete_link, list_links};
pub(crate) use self::privacy::EraseRequest;
use self::privacy::{erase_me, export};
use self::profile::{get_profile, put_profile};
use self::screenings::{create_screening, get_screening, list_screenings};
use self::sessions::{
    create_session, delete_session, get_session, list_overrides, list_sessions, next_session,
    patch_session, progress,
};
use self::triage::{create_triage, get_triage, list_triages};
use crate::AppState;
use crate::error::ApiError;

/// Every route under `/api/v1`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/accounts", post(create_account))
        .route("/tokens", post(create_token).get(list_tokens))
        .route("/tokens/{id}", delete(revoke_token))
        .route("/sign-in", post(sign_in))
        .route("/password-resets", post(accounts::request_reset))
        .route("/password-resets/{token}", post(accounts::complete_reset))
        .route("/sign-out", post(sign_out))
        .route("/me", get(me).patch(accounts::change_me).delete(erase_me))
        .route("/me/password", put(change_password))
        .route("/me/profile", get(get_profile).put(put_profile))
        .route("/me/export", get(export))
        .route("/me/fhir", get(self::privacy::my_fhir))
        .route("/me/report.pdf", get(self::privacy::my_report))
        .route("/screenings", post(create_screening).get(list_screenings))
        .route("/screenings/{id}", get(get_screening))
        .route(
            "/assessments",
            post(create_assessment).get(list_assessments),
        )
        .route("/sessions", post(create_session).get(list_sessions))
        .route(
            "/sessions/{id}",
            get(get_session).patch(patch_session).delete(delete_session),
        )
        .route(
            "/sessions/{id}/video",
            post(form::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/sessions/{id}/form-checks", get(form::of_session))
        .route("/form-checks/{id}", get(form::get_one).delete(form::delete))
        .route("/form-checks/{id}/proposals/{number}", post(form::decide))
        .route("/next-session", get(next_session))
        .route(
            "/foundation-days",
            post(foundation::create_day).get(foundation::list_days),
        )
        .route(
            "/foundation-days/{id}",
            get(foundation::get_day).delete(foundation::delete_day),
        )
        .route(
            "/imports",
            post(self::imports::upload).get(self::imports::list).layer(
                axum::extract::DefaultBodyLimit::max(
                    crate::service::imports::MAX_BYTES + 64 * 1024,
                ),
            ),
        )
        .route(
            "/imports/{id}",
            get(self::imports::get_one).delete(self::imports::undo),
        )
        .route("/imports/{id}/confirm", post(self::imports::confirm))
        .route("/triage", post(create_triage).get(list_triages))
        .route("/triage/{id}", get(get_triage))
        .route("/safety-events", get(self::triage::list_safety_events))
        .route("/progress", get(progress))
        .route("/overrides", get(list_overrides))
        .route("/invites", post(create_invite))
        .route(
            "/links/{id}/messages",
            get(self::links::get_messages).post(self::links::post_message),
        )
        .route("/links", post(create_link).get(list_links))
        .route("/links/{id}", delete(delete_link))
        .route("/clients", get(list_clients))
        .route("/clients/{id}", get(client_detail))
        .route("/clients/{id}/screenings", get(client_screenings))
        .route(
            "/clients/{id}/assessments",
            get(client_assessments).post(client_add_assessment),
        )
        .route("/clients/{id}/sessions", get(client_sessions))
        .route("/clients/{id}/sessions/{session}", get(client_session))
        .route("/clients/{id}/next-session", get(client_next_session))
        .route("/clients/{id}/triage", get(client_triages))
        .route("/clients/{id}/safety-events", get(client_safety_events))
        .route("/clients/{id}/progress", get(client_progress))
        .route("/clients/{id}/fhir", get(self::clients::client_fhir))
        .route(
            "/clients/{id}/report.pdf",
            get(self::clients::client_report),
        )
        .route(
            "/clients/{id}/overrides",
            get(client_overrides).post(client_add_override),
        )
}

/// `GET /healthz`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Health {
    /// `ok`; `unavailable` when the database does not answer or cannot take a write.
    status: &'static str,
    /// `sqlite` or `postgres`.
    database: &'static str,
    /// What is wrong, in words, when the status is not `ok`.
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

/// Answers whether the store reads and takes a durable write (a one-row probe), and whether
/// requests met a storage fault that no write has cleared since.
pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    let database = match state.store().kind() {
        resilift_store::Kind::Sqlite => "sqlite",
        resilift_store::Kind::Postgres => "postgres",
    };
    let problem = match state.store().ping().await {
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            Some("the database does not answer".to_owned())
        }
        Ok(()) => match state.store().probe_write().await {
            Err(error) => {
                tracing::error!(%error, "health check: the store cannot take a write");
                let fault = error.storage_fault();
                if fault.is_some() {
                    state.set_storage_fault(fault);
                }
                Some(format!(
                    "the store cannot take writes: {}",
                    fault.map_or("the write failed", resilift_store::StorageFault::words)
                ))
            }
            Ok(()) => state
                .storage_fault()
                .map(|fault| format!("writes are failing: {}", fault.words())),
        },
    };
    match problem {
        None => Json(Health {
            status: "ok",
            database,
            problem: None,
        })
        .into_response(),
        Some(problem) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "unavailable",
                database,
                problem: Some(problem),
            }),
        )
            .into_response(),
    }
}

/// Watches answers for storage faults: a 503 other than the health check's own marks the store
/// as failing writes (so `/healthz` says so), and any write that succeeds clears the mark.
pub(crate) async fn storage_watch(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let writes = !request.method().is_safe();
    let health = request.uri().path() == "/healthz";
    let response = next.run(request).await;
    if health {
        return response;
    }
    if let Some(code) = response.extensions().get::<resilift_api::ErrorCode>()
        && *code == ErrorCode::StorageUnavailable
    {
        let fault = response
            .extensions()
            .get::<resilift_store::StorageFault>()
            .copied()
            .unwrap_or(resilift_store::StorageFault::Io);
        state.set_storage_fault(Some(fault));
    } else if writes && response.status().is_success() && state.storage_fault().is_some() {
        state.set_storage_fault(None);
    }
    response
}

/// An unknown address: a page for a browser asking for one, JSON for everything else.
pub(crate) async fn no_route(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    let wants_page = !uri.path().starts_with("/api/")
        && headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    if wants_page {
        let viewer = crate::auth::viewer_of(&state, &headers).await;
        return crate::web::not_found(viewer.as_ref());
    }
    ApiError::new(
        ErrorCode::NoRoute,
        "no such endpoint; see /api/openapi.json",
    )
    .into_response()
}

/// Errors raised by the framework itself (a body over the size limit, a method a route does
/// not have, an unreadable query string) get the same JSON shape as every other error.
pub(crate) async fn json_errors(response: Response) -> Response {
    let status = response.status();
    // Our own answers (JSON errors, pages that re-render a form) are left alone.
    let ours = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes().starts_with(b"application/json") || v.as_bytes().starts_with(b"text/html")
        });
    if !(status.is_client_error() || status.is_server_error()) || ours {
        return response;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::TooLarge, "the body is larger than 256 KiB"),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "this endpoint does not take that method; see /api/openapi.json",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (ErrorCode::UnsupportedMediaType, "send JSON"),
        StatusCode::BAD_REQUEST => (
            ErrorCode::BadRequest,
            "the request could not be read: give each query parameter once, with a value of its documented type (limit: 1 to 200, cursor: the next value of the previous page)",
        ),
        _ if status.is_server_error() => (
            ErrorCode::Internal,
            "something went wrong on our side; nothing was changed",
        ),
        _ => (ErrorCode::BadRequest, "the request could not be handled"),
    };
    ApiError::with_status(status, code, message).into_response()
}

pub(crate) fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal(&"handler panicked").into_response()
}
