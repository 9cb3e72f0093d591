//! Post-lift triage: the answers are decided by the engine and stored; a triage since the latest
//! screening stops or holds the plan.

use chrono::NaiveDate;
use resilift_api::flare::TriageSubmission;
use resilift_api::words::Words as _;
use resilift_store::Triage;
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id};

/// Triages a lifter's answers after a painful lift as of `today` and keeps the outcome with an
/// audit entry.
pub(crate) async fn save_triage(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    submission: TriageSubmission,
) -> ApiResult<Triage> {
    let request = submission.into_request(today)?;
    let response = resilift_api::flare::decide(&request, state.rules())?;
    let onset = response
        .onset
        .parse::<NaiveDate>()
        .map_err(|e| ApiError::internal(&e))?;
    let triage = Triage {
        id: new_id(),
        account_id: lifter.to_owned(),
        created_at: state.now(),
        taken_on: today,
        onset,
        outcome: response.outcome.code().to_owned(),
        input: serde_json::to_string(&request).map_err(|e| ApiError::internal(&e))?,
        result: serde_json::to_string(&response).map_err(|e| ApiError::internal(&e))?,
        rules_version: state.ruleset().to_owned(),
    };
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "triage.created",
        &json!({"triage_id": triage.id, "outcome": triage.outcome, "rules_version": triage.rules_version}),
    );
    let events = crate::service::safety_record::events(
        state,
        lifter,
        "triage",
        &triage.id,
        today,
        &crate::service::safety_record::of_triage(&request, &triage.outcome),
    );
    state
        .store()
        .insert_triage(&triage, &events, &entry)
        .await?;
    Ok(triage)
}
