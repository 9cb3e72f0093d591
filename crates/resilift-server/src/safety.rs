//! What rule-set version 2 asks of the server around the screen: post-lift triage results are
//! stored and stop the plan, the rung is derived from the record (never declared), and stable
//! flags are cleared only by a linked clinician.

use chrono::NaiveDate;
use resilift_core::domain::Stage;
use resilift_core::prescribe::{self, Exercise, SessionLog};
use resilift_store::{Screening, Session, Triage};

use crate::AppState;

use crate::error::{ApiError, ApiResult};
use crate::views;

/// The latest triage taken after `screening` (the last screening answers every triage before
/// it), as the plan reads it.
pub(crate) async fn triage_since(
    state: &AppState,
    account_id: &str,
    screening: &Screening,
) -> ApiResult<Option<Triage>> {
    Ok(state
        .store()
        .latest_triage(account_id)
        .await?
        .filter(|t| t.created_at > screening.created_at))
}

// ----- the rung, derived from the record ----------------------------------------------------

const PLACEMENTS: [&str; 4] = ["foundation", "kettlebell", "trap_bar", "barbell"];

/// Where a lifter stands on the ladder for the next screening: the newest placement (a
/// screening that placed them, or a clinician's rung), one rung lower after two red or two
/// rounded sessions in a row there, and the clean sessions logged at that rung since the run of
/// placements at it began (an urgent or relative-rest screening in between starts the count
/// again).
pub(crate) async fn placement(state: &AppState, lifter: &str) -> ApiResult<(Stage, u32)> {
    let screenings = state.store().all_screenings(lifter).await?;
    let overrides = state.store().overrides(lifter).await?;
    // (created_at, day, stage or None for a screening that placed nobody), newest first.
    let mut events: Vec<(chrono::DateTime<chrono::Utc>, NaiveDate, Option<String>)> = screenings
        .iter()
        .map(|s| {
            (
                s.created_at,
                s.as_of,
                PLACEMENTS
                    .contains(&s.decision.as_str())
                    .then(|| s.decision.clone()),
            )
        })
        .chain(overrides.iter().filter_map(|o| {
            let stage = o.stage.clone()?;
            Some((o.created_at, o.created_at.date_naive(), Some(stage)))
        }))
        .collect();
    events.sort_by_key(|event| std::cmp::Reverse(event.0));
    let Some(current) = events.iter().find_map(|(_, _, stage)| stage.clone()) else {
        return Ok((Stage::None, 0));
    };
    let mut since = None;
    for (_, day, stage) in &events {
        match stage {
            Some(stage) if *stage == current => since = Some(*day),
            None if since.is_none() => since = Some(*day),
            _ => break,
        }
    }
    let stage = Stage::parse(&current).map_err(|e| ApiError::internal(&e))?;
    let Some(exercise) = Exercise::of_stage(stage) else {
        return Ok((stage, 0));
    };
    let since = since.unwrap_or(NaiveDate::MIN);
    let sessions = session_logs(state, lifter).await?;
    let here: Vec<SessionLog> = sessions
        .iter()
        .filter(|s| s.date >= since && s.exercise == exercise)
        .cloned()
        .collect();
    if prescribe::regressed(&here, state.rules()) {
        return Ok((stage.lower(), 0));
    }
    Ok((
        stage,
        prescribe::clean_sessions(&sessions, exercise, since, state.rules()),
    ))
}

async fn session_logs(state: &AppState, lifter: &str) -> ApiResult<Vec<SessionLog>> {
    state
        .store()
        .all_sessions(lifter)
        .await?
        .iter()
        .map(|row| views::parse_session(row).map(|(_, log)| log))
        .collect()
}

/// PRX-FLARE's "a new screen counts the session date as the onset of a new episode": the day
/// of the newest session since the last screening whose worst pain reached the flare line.
pub(crate) async fn flare_onset(
    state: &AppState,
    lifter: &str,
    last_screening: Option<&Screening>,
) -> ApiResult<Option<NaiveDate>> {
    let rows: Vec<Session> = state.store().all_sessions(lifter).await?;
    let flare_pain = state.rules().prescription.flare_pain;
    let mut onset = None;
    for row in &rows {
        if last_screening.is_some_and(|s| row.created_at < s.created_at) {
            continue;
        }
        let (_, log) = views::parse_session(row)?;
        if log.pain.worst() >= flare_pain {
            onset = onset.max(Some(log.date));
        }
    }
    Ok(onset)
}

// ----- clinician clearances -----------------------------------------------------------------

/// The ids a linked clinician has cleared for loading: those of the newest override that
/// carries a clearance, while its author is still linked.
pub(crate) async fn cleared_flags(state: &AppState, lifter: &str) -> ApiResult<Vec<String>> {
    for o in state.store().overrides(lifter).await? {
        let Some(text) = &o.cleared_flags else {
            continue;
        };
        let Some(clinician) = &o.clinician_id else {
            return Ok(Vec::new());
        };
        if !state.store().is_linked(clinician, lifter).await? {
            return Ok(Vec::new());
        }
        return serde_json::from_str(text).map_err(|e| ApiError::internal(&e));
    }
    Ok(Vec::new())
}

/// Checks a clinician's list of ids to clear, naming each refused one.
pub(crate) fn check_clearable(ids: &[String]) -> ApiResult<Vec<String>> {
    let mut errors = resilift_api::InputErrors::default();
    let mut out: Vec<String> = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        match resilift_core::domain::Clearable::parse(id) {
            Ok(item) => {
                if !out.iter().any(|known| known == item.id()) {
                    out.push(item.id().to_owned());
                }
            }
            Err(error) => errors.push(format!("cleared_flags[{index}]"), error.0),
        }
    }
    errors.finish(|| out).map_err(ApiError::from)
}
