//! Logged sessions: new ones, and check-ins or corrections as JSON merge patches.

use chrono::NaiveDate;
use resilift_api::ErrorCode;
use resilift_api::next::SessionDto;
use resilift_api::screen::LegSymptomsDto;
use resilift_store::Session;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id};
use crate::views::{self, SessionView};

pub(crate) async fn session_view(state: &AppState, session: &Session) -> ApiResult<SessionView> {
    let rows = state
        .store()
        .session_with_previous(&session.account_id, session.date, &session.id, 2)
        .await?;
    views::session_views(state, &rows, 1)?
        .pop()
        .ok_or_else(|| ApiError::not_found("session"))
}

/// Checks and stores one logged session.
pub(crate) async fn save_session(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    dto: &SessionDto,
) -> ApiResult<Session> {
    let log = dto.check(today);
    if dto.leg_symptoms.is_none() {
        // Every new session answers the leg-symptom question (rule-set version 2).
        let mut errors = log.err().unwrap_or_default();
        errors.push(
            "leg_symptoms",
            "expected none, above_knee or below_knee: did pain, tingling or numbness spread into a leg during or after the session?",
        );
        return Err(errors.into());
    }
    let log = log?;
    let now = state.now();
    let session = Session {
        id: new_id(),
        account_id: lifter.to_owned(),
        created_at: now,
        updated_at: now,
        date: log.date,
        body: serde_json::to_string(dto).map_err(|e| ApiError::internal(&e))?,
    };
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "session.created",
        &json!({"session_id": session.id, "date": session.date.to_string()}),
    );
    let events = crate::service::safety_record::events(
        state,
        lifter,
        "session",
        &session.id,
        session.date,
        &crate::service::safety_record::of_session(dto),
    );
    state
        .store()
        .insert_session(&session, &events, &entry)
        .await?;
    Ok(session)
}

/// Applies a JSON merge patch (a check-in or a correction) to one of a lifter's sessions.
pub(crate) async fn amend_session(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    id: &str,
    patch: &Value,
) -> ApiResult<Session> {
    if !patch.is_object() {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "body",
            "expected a JSON merge patch object, such as {\"pain\": {\"next_morning\": 2}}",
        ));
    }
    let stored = state
        .store()
        .session(lifter, id)
        .await?
        .ok_or_else(|| ApiError::not_found("session"))?;
    let mut merged: Value =
        serde_json::from_str(&stored.body).map_err(|e| ApiError::internal(&e))?;
    json_patch::merge(&mut merged, patch);
    let dto: SessionDto = resilift_api::parse_json(&merged.to_string())?;
    crate::contract::check::<SessionDto>(&merged)?;
    let before: Option<SessionDto> = serde_json::from_str(&stored.body).ok();
    let was_answered = before
        .as_ref()
        .is_some_and(|before| before.leg_symptoms.is_some());
    if was_answered && dto.leg_symptoms.is_none() {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "leg_symptoms",
            "expected none, above_knee or below_knee: an answer cannot be removed",
        ));
    }
    let log = dto.check(today)?;
    let updated = Session {
        updated_at: state.now(),
        date: log.date,
        body: serde_json::to_string(&dto).map_err(|e| ApiError::internal(&e))?,
        ..stored
    };
    let changed: Vec<String> = patch
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "session.updated",
        &json!({"session_id": id, "fields": changed}),
    );
    // The safety record: what the change adds is a new event (a morning check-in's, when the
    // change answers the next morning); what it takes away is noted on the old events, which
    // stay.
    let reported_before = before
        .as_ref()
        .map(crate::service::safety_record::of_session)
        .unwrap_or_default();
    let reported_now = crate::service::safety_record::of_session(&dto);
    let check_in = patch
        .get("pain")
        .and_then(|pain| pain.get("next_morning"))
        .is_some_and(|morning| !morning.is_null());
    let events = reported_now
        .added_to(&reported_before, state)
        .map(|added| {
            crate::service::safety_record::events(
                state,
                lifter,
                if check_in { "check_in" } else { "session" },
                id,
                if check_in {
                    updated.date.succ_opt().unwrap_or(updated.date).min(today)
                } else {
                    updated.date
                },
                &added,
            )
        })
        .unwrap_or_default();
    let corrected = reported_now.lost_from(&reported_before, state);
    if !state
        .store()
        .update_session(&updated, &events, corrected, &entry)
        .await?
    {
        return Err(ApiError::not_found("session"));
    }
    Ok(updated)
}

/// Deletes one of a lifter's sessions (audited); the plan is worked out again from what is left
/// the next time it is asked for.
pub(crate) async fn delete_session(state: &AppState, lifter: &str, id: &str) -> ApiResult<()> {
    let stored = state
        .store()
        .session(lifter, id)
        .await?
        .ok_or_else(|| ApiError::not_found("session"))?;
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "session.deleted",
        &json!({"session_id": id, "date": stored.date.to_string()}),
    );
    let clips = crate::service::form::kept_clips(state, lifter, Some(id)).await?;
    if state.store().delete_session(lifter, id, &entry).await? {
        crate::service::form::remove_kept(state, clips).await;
        Ok(())
    } else {
        Err(ApiError::not_found("session"))
    }
}

/// The morning after a session: pain, warning signs and leg symptoms since.
#[derive(Debug, Clone)]
pub(crate) struct CheckIn {
    pub(crate) next_morning: i64,
    pub(crate) red_flags: Vec<String>,
    pub(crate) leg_symptoms: LegSymptomsDto,
}

/// Records a morning check-in on `session`. What the morning adds joins what the session
/// reported: warning signs are kept, and leg symptoms take the further-reaching answer.
pub(crate) async fn check_in(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    session: &Session,
    check_in: CheckIn,
) -> ApiResult<Session> {
    let stored: SessionDto =
        serde_json::from_str(&session.body).map_err(|e| ApiError::internal(&e))?;
    let mut flags = stored.red_flags;
    for flag in check_in.red_flags {
        if !flags.contains(&flag) {
            flags.push(flag);
        }
    }
    let leg = stored.leg_symptoms.map_or(check_in.leg_symptoms, |before| {
        before.max(check_in.leg_symptoms)
    });
    let patch = json!({"pain": {"next_morning": check_in.next_morning}, "red_flags": flags, "leg_symptoms": leg});
    amend_session(state, lifter, today, &session.id, &patch).await
}
