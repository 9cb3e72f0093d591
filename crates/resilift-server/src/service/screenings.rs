//! Screenings: the record is checked, completed from the stored history (rung, clearances, the
//! onset of a flare) and decided by the engine; the decision is stored with its rule-set version.

use chrono::NaiveDate;
use resilift_api::ErrorCode;
use resilift_store::Screening;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id};

/// A body sent without `as_of` (the server decides as of `today` in the person's time zone):
/// the object with `as_of` set, or a refusal naming the field.
pub(crate) fn dated_today<'a>(
    value: &'a mut Value,
    today: NaiveDate,
    what: &str,
) -> ApiResult<&'a mut serde_json::Map<String, Value>> {
    let Some(object) = value.as_object_mut() else {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "body",
            format!("expected a JSON object ({what} without as_of)"),
        ));
    };
    if let Some(sent) = object.get("as_of")
        && sent.as_str() != Some(today.to_string().as_str())
    {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "as_of",
            format!("leave it out: the server decides as of today ({today}) in your time zone"),
        ));
    }
    object.insert("as_of".into(), today.to_string().into());
    Ok(object)
}

/// Screens a record (docs/json.md, without `as_of`, which is `today`) and stores the decision.
pub(crate) async fn save_screening(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    mut value: Value,
) -> ApiResult<Screening> {
    let object = dated_today(&mut value, today, "the screening record")?;
    // The rung comes from the record and clearances from a linked clinician, never from the
    // lifter's own answers.
    let mut refused = resilift_api::InputErrors::default();
    if object.contains_key("cleared_flags") {
        refused.push(
            "cleared_flags",
            "leave it out: only a linked clinician can clear a warning sign, and their clearance is applied here",
        );
    }
    let training = object.entry("training").or_insert_with(|| json!({}));
    if let Some(training) = training.as_object_mut() {
        for key in ["stage", "clean_sessions_at_stage"] {
            if training.contains_key(key) {
                refused.push(
                    format!("training.{key}"),
                    "leave it out: your rung comes from your record (screenings, your clinician's changes and the clean sessions you logged)",
                );
            }
        }
    }
    refused.finish(|| ()).map_err(ApiError::from)?;
    let previous = state.store().latest_screening(lifter).await?;
    let (stage, clean) = crate::safety::placement(state, lifter).await?;
    let cleared = crate::safety::cleared_flags(state, lifter).await?;
    let flare_onset = crate::safety::flare_onset(state, lifter, previous.as_ref()).await?;
    if let Some(training) = object.get_mut("training").and_then(Value::as_object_mut) {
        training.insert("stage".into(), stage.as_str().into());
        training.insert("clean_sessions_at_stage".into(), clean.into());
    }
    object.insert("cleared_flags".into(), json!(cleared));
    // A session painful enough to stop loading starts a new episode on its day (PRX-FLARE).
    if let (Some(flare), Some(pain)) = (
        flare_onset,
        object.get_mut("pain").and_then(Value::as_object_mut),
    ) {
        let given = pain
            .get("current_episode_onset")
            .and_then(Value::as_str)
            .and_then(|d| d.parse::<NaiveDate>().ok());
        if given.is_none_or(|given| given < flare) {
            pain.insert("current_episode_onset".into(), flare.to_string().into());
        }
    }
    let input = value.to_string();
    let response = resilift_api::screen::run(&input, state.rules())?;
    let result = serde_json::to_value(&response).map_err(|e| ApiError::internal(&e))?;
    let decision = result["decision"].as_str().unwrap_or("").to_owned();
    let screening = Screening {
        id: new_id(),
        account_id: lifter.to_owned(),
        created_at: state.now(),
        as_of: today,
        decision: decision.clone(),
        input,
        result: result.to_string(),
        rules_version: state.ruleset().to_owned(),
    };
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "screening.created",
        &json!({"screening_id": screening.id, "decision": decision, "rules_version": screening.rules_version}),
    );
    state.store().insert_screening(&screening, &entry).await?;
    Ok(screening)
}
