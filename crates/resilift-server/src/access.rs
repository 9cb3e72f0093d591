//! Access rules as types: a handler that takes a [`Lifter`] only runs for a lifter, one that
//! takes a [`Clinician`] only for a clinician, and one that takes a [`LinkedClient`] only for a
//! clinician the lifter in the path linked. The checks live here, once.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::Method;
use axum::http::request::Parts;
use resilift_api::ErrorCode;
use serde_json::json;

use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::service::audit;

/// A caller with a lifter account.
pub(crate) struct Lifter(pub(crate) Principal);

impl Lifter {
    /// The lifter's account id.
    pub(crate) fn id(&self) -> &str {
        self.0.id()
    }
}

impl FromRequestParts<AppState> for Lifter {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let principal = Principal::from_request_parts(parts, state).await?;
        if principal.is_lifter() {
            Ok(Self(principal))
        } else {
            Err(ApiError::new(
                ErrorCode::LifterOnly,
                "only lifter accounts keep a training record; clinicians see their clients' records under /clients",
            ))
        }
    }
}

/// A caller with a clinician account.
pub(crate) struct Clinician(pub(crate) Principal);

impl Clinician {
    /// The clinician's account id.
    pub(crate) fn id(&self) -> &str {
        self.0.id()
    }
}

impl FromRequestParts<AppState> for Clinician {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let principal = Principal::from_request_parts(parts, state).await?;
        if principal.is_clinician() {
            Ok(Self(principal))
        } else {
            Err(ApiError::new(
                ErrorCode::ClinicianOnly,
                "only clinician accounts have clients",
            ))
        }
    }
}

/// A lifter (`{id}` in the path) whom the calling clinician is linked to. Anyone else gets the
/// same 404 as a missing record. A read is recorded in the lifter's audit log (`client.viewed`,
/// naming the view); a write audits itself.
pub(crate) struct LinkedClient {
    /// The clinician asking.
    pub(crate) clinician: Principal,
    /// The lifter's account id.
    pub(crate) id: String,
}

impl FromRequestParts<AppState> for LinkedClient {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let Clinician(clinician) = Clinician::from_request_parts(parts, state).await?;
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found("client"))?;
        let id = params
            .get("id")
            .cloned()
            .ok_or_else(|| ApiError::not_found("client"))?;
        let view = (parts.method == Method::GET).then(|| view_of(parts.uri.path()));
        linked(state, &clinician, &id, view.as_deref()).await?;
        Ok(Self { clinician, id })
    }
}

/// Checks that `id` is a lifter linked to the clinician, recording a read of `view` in the
/// lifter's audit log; the same 404 as a missing record otherwise. The pages call it too.
pub(crate) async fn linked(
    state: &AppState,
    clinician: &Principal,
    id: &str,
    view: Option<&str>,
) -> ApiResult<String> {
    if !clinician.is_clinician() || !state.store().is_linked(clinician.id(), id).await? {
        return Err(ApiError::not_found("client"));
    }
    if let Some(view) = view {
        state
            .store()
            .audit(&audit(
                state,
                Some(clinician.id()),
                Some(id),
                "client.viewed",
                &json!({"view": view}),
            ))
            .await?;
    }
    Ok(id.to_owned())
}

/// The view a client path names: `summary` for `/clients/{id}`, else the part after the id
/// (`sessions`, `next-session`, …).
fn view_of(path: &str) -> String {
    let mut parts = path.trim_end_matches('/').rsplit('/');
    let last = parts.next().unwrap_or("");
    match path.split('/').filter(|p| !p.is_empty()).count() {
        // api/v1/clients/{id}
        4 => "summary".to_owned(),
        // api/v1/clients/{id}/sessions/{session}
        6 => parts
            .next()
            .unwrap_or(last)
            .trim_end_matches('s')
            .to_owned(),
        _ => last.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn views_are_named_by_their_path() {
        assert_eq!(super::view_of("/api/v1/clients/abc"), "summary");
        assert_eq!(super::view_of("/api/v1/clients/abc/sessions"), "sessions");
        assert_eq!(super::view_of("/api/v1/clients/abc/sessions/s1"), "session");
        assert_eq!(
            super::view_of("/api/v1/clients/abc/next-session"),
            "next-session"
        );
    }
}
