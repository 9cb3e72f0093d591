//! `/me/export` and erasing an account (`DELETE /me`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde_json::json;

use crate::AppState;
use crate::auth::Principal;
use crate::error::ApiResult;
use crate::service::audit;
use crate::service::privacy::export_value;

pub(crate) async fn export(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<crate::service::privacy::Export>> {
    Ok(Json(export_value(&state, &principal).await?))
}

/// `DELETE /me`: the password again, as the page asks for it, so that a stolen token or an
/// unattended browser cannot erase an account.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EraseRequest {
    /// The account's password.
    pub(crate) password: String,
}

pub(crate) async fn erase_me(
    State(state): State<AppState>,
    crate::limits::ClientAddr(from): crate::limits::ClientAddr,
    principal: Principal,
    jar: CookieJar,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let request: EraseRequest = crate::error::json_body(&body)?;
    crate::service::accounts::check_own_password(
        &state,
        &principal,
        &request.password,
        from,
        "password",
        "does not match your password; nothing was deleted",
    )
    .await?;
    let entry = audit(
        &state,
        None,
        None,
        "account.erased",
        &json!({"role": principal.role.as_str()}),
    );
    let clips = crate::service::form::kept_clips(&state, principal.id(), None).await?;
    state.store().erase_account(principal.id(), &entry).await?;
    crate::service::form::remove_kept(&state, clips).await;
    Ok((
        StatusCode::NO_CONTENT,
        jar.add(crate::service::accounts::removal_cookie(&state)),
    )
        .into_response())
}

/// A FHIR R4 Bundle as `application/fhir+json`, offered as a file to save.
pub(crate) fn fhir_response(bundle: &serde_json::Value, name: &str) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, "application/fhir+json"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                &format!("attachment; filename=\"{name}\""),
            ),
        ],
        bundle.to_string(),
    )
        .into_response()
}

/// `GET /me/fhir`: my record as a FHIR R4 Bundle.
pub(crate) async fn my_fhir(
    State(state): State<AppState>,
    lifter: crate::access::Lifter,
) -> ApiResult<Response> {
    let bundle = crate::fhir::bundle(&state, lifter.id()).await?;
    Ok(fhir_response(&bundle, "resilift-record.fhir.json"))
}

/// `GET /me/report.pdf?from=&to=`: my clinical report as a PDF.
pub(crate) async fn my_report(
    State(state): State<AppState>,
    lifter: crate::access::Lifter,
    axum::extract::Query(period): axum::extract::Query<crate::web::report::Period>,
) -> ApiResult<Response> {
    let today = lifter.0.today(state.now());
    let bytes = crate::web::report::pdf(&state, lifter.id(), &period, today).await?;
    Ok(crate::web::report::pdf_response(
        bytes,
        "resilift-report.pdf",
    ))
}
