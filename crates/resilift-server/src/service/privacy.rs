//! A person's own data: everything as one document, and erasure.

use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::service::audit;
use crate::service::links::link_view;
use crate::service::profile::profile_view;
use crate::views;

/// Everything of the caller's as one JSON document (audited).
/// A screening in the export: the stored decision and the record it was decided from.
#[derive(serde::Serialize)]
struct ExportedScreening {
    #[serde(flatten)]
    view: views::ScreeningView,
    input: resilift_api::screen::ScreeningRecord,
}

pub(crate) async fn export_value(state: &AppState, principal: &Principal) -> ApiResult<Value> {
    let state = state.clone();
    let id = principal.id();
    let store = state.store();
    let (_, profile) = crate::service::today(&state, id).await?;
    let rows = store.all_sessions(id).await?;
    let mut sessions = views::session_views(
        &state,
        &rows.iter().rev().cloned().collect::<Vec<_>>(),
        rows.len(),
    )?;
    sessions.reverse();
    let screenings: Vec<ExportedScreening> = store
        .all_screenings(id)
        .await?
        .iter()
        .map(|s| {
            Ok(ExportedScreening {
                view: views::screening_view(s)?,
                input: serde_json::from_str(&s.input).map_err(|e| ApiError::internal(&e))?,
            })
        })
        .collect::<ApiResult<_>>()?;
    let assessments: Vec<_> = store
        .all_assessments(id)
        .await?
        .iter()
        .map(views::assessment_view)
        .collect();
    let overrides: Vec<_> = store
        .overrides(id)
        .await?
        .iter()
        .map(views::override_view)
        .collect();
    let links: Vec<_> = store.links_of(id).await?.iter().map(link_view).collect();
    let triages: Vec<views::TriageView> = store
        .triages(id, None, u32::MAX - 1)
        .await?
        .items
        .iter()
        .map(views::triage_view)
        .collect::<ApiResult<_>>()?;
    let tokens: Vec<Value> = store
        .tokens(id)
        .await?
        .iter()
        .map(|t| json!({"id": t.id, "name": t.name, "created_at": views::instant(t.created_at), "revoked_at": t.revoked_at.map(views::instant)}))
        .collect();
    let entry = audit(&state, Some(id), Some(id), "data.exported", &json!({}));
    store.audit(&entry).await?;
    let audit_log: Vec<Value> = store
        .audit_of(id)
        .await?
        .iter()
        .map(|a| json!({"at": views::instant(a.at), "actor_id": a.actor_id, "action": a.action, "detail": serde_json::from_str::<Value>(&a.detail).unwrap_or(Value::Null)}))
        .collect();
    Ok(json!({
        "format": "resilift-export/1",
        "exported_at": views::instant(state.now()),
        "account": crate::service::accounts::AccountView::from(&principal.account),
        "profile": profile_view(&profile)?,
        "screenings": screenings,
        "assessments": assessments,
        "sessions": sessions,
        "overrides": overrides,
        "triages": triages,
        "links": links,
        "tokens": tokens,
        "audit": audit_log,
    }))
}
