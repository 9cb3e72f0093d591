//! Post-lift triage: the answers are decided by the engine and stored; a triage since the latest
//! screening stops or holds the plan.

use chrono::NaiveDate;
use resilift_store::Triage;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id};

/// Runs the post-lift triage (docs/json.md, without `as_of`, which is `today`) and stores it.
pub(crate) async fn save_triage(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    mut value: Value,
) -> ApiResult<Triage> {
    crate::service::screenings::dated_today(&mut value, today, "the triage answers")?;
    let input = value.to_string();
    let response = resilift_api::flare::run(&input, state.rules())?;
    let onset = response
        .onset
        .parse::<NaiveDate>()
        .map_err(|e| ApiError::internal(&e))?;
    let result = serde_json::to_value(&response).map_err(|e| ApiError::internal(&e))?;
    let triage = Triage {
        id: new_id(),
        account_id: lifter.to_owned(),
        created_at: state.now(),
        taken_on: today,
        onset,
        outcome: resilift_api::words::Words::code(response.outcome).to_owned(),
        input,
        result: result.to_string(),
        rules_version: state.ruleset().to_owned(),
    };
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "triage.created",
        &json!({"triage_id": triage.id, "outcome": triage.outcome, "rules_version": triage.rules_version}),
    );
    state.store().insert_triage(&triage, &entry).await?;
    Ok(triage)
}
