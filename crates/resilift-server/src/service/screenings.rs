//! Screenings: the record is checked, completed from the stored history (rung, clearances, the
//! onset of a flare) and decided by the engine; the decision is stored with its rule-set version.

use chrono::NaiveDate;
use resilift_api::screen::{FromRecord, ScreeningSubmission};
use resilift_api::words::Words as _;
use resilift_store::Screening;
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id};

/// Screens a lifter's submission as of `today`, completed from their record, and keeps the
/// decision with its rule-set version and an audit entry.
pub(crate) async fn save_screening(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    submission: ScreeningSubmission,
) -> ApiResult<Screening> {
    submission.check(today)?;
    let previous = state.store().latest_screening(lifter).await?;
    let (stage, clean) = crate::safety::placement(state, lifter).await?;
    let known = FromRecord {
        as_of: today,
        stage: stage.into(),
        clean_sessions_at_stage: clean,
        cleared_flags: crate::safety::cleared_flags(state, lifter).await?,
        flare_onset: crate::safety::flare_onset(state, lifter, previous.as_ref()).await?,
    };
    let record = submission.into_record(known);
    let response = resilift_api::screen::decide(&record, state.rules())?;
    let decision = response.decision.code().to_owned();
    let screening = Screening {
        id: new_id(),
        account_id: lifter.to_owned(),
        created_at: state.now(),
        as_of: today,
        decision: decision.clone(),
        input: serde_json::to_string(&record).map_err(|e| ApiError::internal(&e))?,
        result: serde_json::to_string(&response).map_err(|e| ApiError::internal(&e))?,
        rules_version: state.ruleset().to_owned(),
    };
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "screening.created",
        &json!({"screening_id": screening.id, "decision": decision, "rules_version": screening.rules_version}),
    );
    let events = crate::service::safety_record::events(
        state,
        lifter,
        "screening",
        &screening.id,
        today,
        &crate::service::safety_record::of_screening(&record),
    );
    state
        .store()
        .insert_screening(&screening, &events, &entry)
        .await?;
    Ok(screening)
}
