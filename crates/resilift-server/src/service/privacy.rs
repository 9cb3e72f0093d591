//! A person's own data: everything as one document, and erasure.

use schemars::JsonSchema;
use serde::Serialize;
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
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ExportedScreening {
    /// The decision as stored.
    #[serde(flatten)]
    view: views::ScreeningView,
    /// The screening record it was decided from.
    input: resilift_api::screen::ScreeningRecord,
}

/// A form check in the export: what it showed, the decisions, and the landmarks it came from.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ExportedFormCheck {
    /// What the clip showed, with each proposal's decision.
    #[serde(flatten)]
    view: crate::service::form::FormCheckView,
    /// The thresholds the faults were proposed with.
    thresholds: serde_json::Value,
    /// The body landmarks of every analysed frame, in the clip's pixels (x right, y down).
    landmarks: serde_json::Value,
}

/// A token in the export (never its secret).
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ExportedToken {
    /// Id.
    id: String,
    /// Label.
    name: String,
    /// When it was made.
    created_at: String,
    /// When it was revoked, if it was.
    revoked_at: Option<String>,
}

/// A signed-in browser in the export (never its cookie).
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ExportedBrowser {
    /// When it signed in.
    created_at: String,
    /// When it is signed out at the latest.
    expires_at: String,
    /// When it is signed out if it stays unused.
    idle_until: Option<String>,
}

/// An invite the lifter made for a clinician (never its code).
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ExportedInvite {
    /// When it was made.
    created_at: String,
    /// When it stopped or stops working.
    expires_at: String,
    /// When a clinician used it.
    used_at: Option<String>,
}

/// A message in the export.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ExportedMessage {
    /// The other person's account id.
    with: String,
    /// Whether the person wrote it (`true`) or was sent it.
    mine: bool,
    /// When.
    created_at: String,
    /// What it says.
    body: String,
    /// When the recipient read it.
    read_at: Option<String>,
}

/// An audit entry about the person.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ExportedAudit {
    /// When.
    at: String,
    /// Who did it (absent for the system).
    actor_id: Option<String>,
    /// What, e.g. `session.created`.
    action: String,
    /// The entry's details as recorded.
    detail: Value,
}

/// Everything of a person's, as one document (`GET /me/export`).
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Export {
    /// `resilift-export/1`.
    format: &'static str,
    /// When the document was made.
    exported_at: String,
    /// The account.
    account: crate::service::accounts::AccountView,
    /// Units, equipment and time zone.
    profile: crate::service::profile::ProfileView,
    /// Screenings, oldest first, each with its record.
    screenings: Vec<ExportedScreening>,
    /// Assessments.
    assessments: Vec<views::AssessmentView>,
    /// Sessions, oldest first.
    sessions: Vec<views::SessionView>,
    /// Days of foundation work, newest logged first.
    foundation_days: Vec<views::FoundationDayView>,
    /// Clinicians' overrides and notes.
    overrides: Vec<views::OverrideView>,
    /// Triage results.
    triages: Vec<views::TriageView>,
    /// Links with clinicians.
    links: Vec<crate::service::links::LinkView>,
    /// API tokens (no secrets).
    tokens: Vec<ExportedToken>,
    /// Browsers signed in now.
    browser_sessions: Vec<ExportedBrowser>,
    /// Invites made for clinicians.
    invites: Vec<ExportedInvite>,
    /// Messages with linked clinicians or clients.
    messages: Vec<ExportedMessage>,
    /// Form checks from videos, oldest first, each with the landmarks of every analysed frame.
    form_checks: Vec<ExportedFormCheck>,
    /// The safety record, newest first: every warning sign, below-knee leg symptom,
    /// flare-level pain and urgent triage outcome as reported, with what answered it.
    safety_events: Vec<crate::service::safety_record::SafetyEventView>,
    /// Imports from other apps, newest first: each preview as it was shown, with its status
    /// (the sessions of a confirmed import are the history the estimated 1RM reads).
    imports: Vec<crate::service::imports::ImportView>,
    /// Every audit entry about the person.
    audit: Vec<ExportedAudit>,
}

pub(crate) async fn export_value(state: &AppState, principal: &Principal) -> ApiResult<Export> {
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
    let foundation_days: Vec<views::FoundationDayView> = store
        .foundation_days(id, None, u32::MAX - 1)
        .await?
        .items
        .iter()
        .map(|day| views::foundation_day_view(day, state.rules()))
        .collect::<ApiResult<_>>()?;
    let tokens = store
        .tokens(id)
        .await?
        .iter()
        .map(|t| ExportedToken {
            id: t.id.clone(),
            name: t.name.clone(),
            created_at: views::instant(t.created_at),
            revoked_at: t.revoked_at.map(views::instant),
        })
        .collect();
    let browser_sessions = store
        .browser_sessions(id)
        .await?
        .iter()
        .map(|b| ExportedBrowser {
            created_at: views::instant(b.created_at),
            expires_at: views::instant(b.expires_at),
            idle_until: b.idle_until.map(views::instant),
        })
        .collect();
    let invites = store
        .invites_of(id)
        .await?
        .iter()
        .map(|i| ExportedInvite {
            created_at: views::instant(i.created_at),
            expires_at: views::instant(i.expires_at),
            used_at: i.used_at.map(views::instant),
        })
        .collect();
    let messages = store
        .messages_of(id)
        .await?
        .iter()
        .map(|m| ExportedMessage {
            with: if m.lifter_id == id {
                m.clinician_id.clone()
            } else {
                m.lifter_id.clone()
            },
            mine: m.author_id == id,
            created_at: views::instant(m.created_at),
            body: m.body.clone(),
            read_at: m.read_at.map(views::instant),
        })
        .collect();
    let entry = audit(&state, Some(id), Some(id), "data.exported", &json!({}));
    store.audit(&entry).await?;
    let audit_log = store
        .audit_of(id)
        .await?
        .iter()
        .map(|a| {
            Ok(ExportedAudit {
                at: views::instant(a.at),
                actor_id: a.actor_id.clone(),
                action: a.action.clone(),
                detail: serde_json::from_str(&a.detail).map_err(|e| ApiError::internal(&e))?,
            })
        })
        .collect::<ApiResult<_>>()?;
    let form_checks = store
        .all_form_checks(id)
        .await?
        .iter()
        .map(|check| {
            Ok(ExportedFormCheck {
                view: crate::service::form::view(check)?,
                thresholds: serde_json::from_str(&check.settings)
                    .map_err(|e| ApiError::internal(&e))?,
                landmarks: serde_json::from_str(&check.track)
                    .map_err(|e| ApiError::internal(&e))?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let mut imports = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = crate::service::imports::list(
            &state,
            id,
            after.as_deref(),
            crate::service::imports::IMPORTS_PAGE,
        )
        .await?;
        imports.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let safety_events = crate::service::safety_record::list(&state, id).await?;
    Ok(Export {
        format: "resilift-export/1",
        exported_at: views::instant(state.now()),
        account: crate::service::accounts::AccountView::from(&principal.account)
            .named(store.display_name(id).await?),
        profile: profile_view(&profile)?,
        screenings,
        assessments,
        sessions,
        foundation_days,
        overrides,
        triages,
        links,
        tokens,
        browser_sessions,
        invites,
        messages,
        form_checks,
        safety_events,
        imports,
        audit: audit_log,
    })
}
