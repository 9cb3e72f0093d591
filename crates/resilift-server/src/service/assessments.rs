//! Assessments: a questionnaire or hold test scored by the engine, with the previous score of the
//! same instrument as the baseline for change.

use chrono::{Datelike as _, NaiveDate};
use resilift_api::ErrorCode;
use resilift_store::Assessment;
use serde_json::Value;
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult, body_text};
use crate::service::{audit, new_id};

const WITH_BASELINE: [(&str, &str); 4] = [
    ("nprs", "score"),
    ("odi", "score"),
    ("rmdq", "total"),
    ("tsk11", "total"),
];

/// Scores an instrument (as `resilift score` takes it, plus `taken_on`) and stores it, with the
/// previous score of the same instrument as the baseline.
pub(crate) async fn save_assessment(
    state: &AppState,
    subject: &str,
    author: &str,
    body: &[u8],
) -> ApiResult<Assessment> {
    let text = body_text(body)?;
    let mut value: Value = serde_json::from_str(text).map_err(|e| ApiError::internal(&e))?;
    let (today, _) = crate::service::today(state, subject).await?;
    let Some(object) = value.as_object_mut() else {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "body",
            "expected a JSON object with an `instrument`",
        ));
    };
    let taken_on = match object.remove("taken_on") {
        None | Some(Value::Null) => today,
        Some(Value::String(day)) => match day.parse::<NaiveDate>() {
            Ok(day) if day <= today && day.year() >= 1900 => day,
            Ok(_) => {
                return Err(ApiError::field(
                    ErrorCode::InvalidInput,
                    "taken_on",
                    format!("expected a day on or before today ({today})"),
                ));
            }
            Err(_) => {
                return Err(ApiError::field(
                    ErrorCode::InvalidInput,
                    "taken_on",
                    format!("expected a date as YYYY-MM-DD, got {day:?}"),
                ));
            }
        },
        Some(other) => {
            return Err(ApiError::field(
                ErrorCode::InvalidInput,
                "taken_on",
                format!("expected a date as YYYY-MM-DD, got {other}"),
            ));
        }
    };
    let instrument = object
        .get("instrument")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    // Change since last time: the previous score of the same instrument is the baseline.
    if let Some((_, key)) = WITH_BASELINE.iter().find(|(name, _)| *name == instrument)
        && !object.contains_key("baseline")
        && let Some(previous) = state
            .store()
            .latest_assessment(subject, &instrument)
            .await?
    {
        let result: Value = serde_json::from_str(&previous.result).unwrap_or(Value::Null);
        if let Some(number) = result.get(*key).filter(|v| v.is_number()) {
            object.insert("baseline".into(), number.clone());
        }
    }
    let answers = value.to_string();
    let result = resilift_api::score::run(&answers, state.rules())?;
    let assessment = Assessment {
        id: new_id(),
        account_id: subject.to_owned(),
        author_id: Some(author.to_owned()),
        created_at: state.now(),
        taken_on,
        instrument: result["instrument"]
            .as_str()
            .unwrap_or(&instrument)
            .to_owned(),
        answers,
        result: result.to_string(),
    };
    let entry = audit(
        state,
        Some(author),
        Some(subject),
        "assessment.created",
        &json!({"assessment_id": assessment.id, "instrument": assessment.instrument}),
    );
    state.store().insert_assessment(&assessment, &entry).await?;
    Ok(assessment)
}
