//! Assessments: a questionnaire or hold test scored by the engine, with the previous score of the
//! same instrument as the baseline for change.

use chrono::{Datelike as _, NaiveDate};
use resilift_api::ErrorCode;
use resilift_api::score::{AssessmentSubmission, ScoreResult};
use resilift_store::Assessment;
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id};

/// Scores `subject`'s answers, written by `author` (the lifter or a linked clinician), against
/// the previous score of the same instrument when no baseline is given, and keeps both with an
/// audit entry.
pub(crate) async fn save_assessment(
    state: &AppState,
    subject: &str,
    author: &str,
    submission: AssessmentSubmission,
) -> ApiResult<Assessment> {
    let (today, _) = crate::service::today(state, subject).await?;
    let taken_on = match submission.taken_on.as_deref() {
        None => today,
        Some(day) => match day.parse::<NaiveDate>() {
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
    };
    let mut request = submission.request;
    let instrument = request.instrument();
    if !request.has_baseline()
        && let Some(previous) = state.store().latest_assessment(subject, instrument).await?
        && let Some(baseline) = serde_json::from_str::<ScoreResult>(&previous.result)
            .map_err(|e| ApiError::internal(&e))?
            .baseline()
    {
        request.set_baseline(baseline);
    }
    let answers = serde_json::to_string(&request).map_err(|e| ApiError::internal(&e))?;
    let result = resilift_api::score::score(request, state.rules())?;
    let assessment = Assessment {
        id: new_id(),
        account_id: subject.to_owned(),
        author_id: Some(author.to_owned()),
        created_at: state.now(),
        taken_on,
        instrument: instrument.to_owned(),
        answers,
        result: serde_json::to_string(&result).map_err(|e| ApiError::internal(&e))?,
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
