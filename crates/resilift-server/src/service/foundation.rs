//! Days of foundation work: logged with their pain, leg symptoms and warning signs, read back
//! by the plan (a warning sign stops loading; the pain moves the pyramid), and deleted when
//! logged by mistake.

use chrono::NaiveDate;
use resilift_api::next::FoundationDayDto;
use resilift_store::FoundationDay;
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id};

/// Checks and stores one day of foundation work.
pub(crate) async fn save_day(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    dto: &FoundationDayDto,
) -> ApiResult<FoundationDay> {
    let day = dto.check(today)?;
    let stored = FoundationDay {
        id: new_id(),
        account_id: lifter.to_owned(),
        created_at: state.now(),
        date: day.date,
        body: serde_json::to_string(dto).map_err(|e| ApiError::internal(&e))?,
    };
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "foundation_day.created",
        &json!({"foundation_day_id": stored.id, "date": stored.date.to_string()}),
    );
    let events = crate::service::safety_record::events(
        state,
        lifter,
        "foundation_day",
        &stored.id,
        stored.date,
        &crate::service::safety_record::of_foundation_day(dto),
    );
    state
        .store()
        .insert_foundation_day(&stored, &events, &entry)
        .await?;
    Ok(stored)
}

/// Deletes one of a lifter's days of foundation work; the plan is worked out again without it.
pub(crate) async fn delete_day(state: &AppState, lifter: &str, id: &str) -> ApiResult<()> {
    let stored = state
        .store()
        .foundation_day(lifter, id)
        .await?
        .ok_or_else(|| ApiError::not_found("foundation day"))?;
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "foundation_day.deleted",
        &json!({"foundation_day_id": id, "date": stored.date.to_string()}),
    );
    if state
        .store()
        .delete_foundation_day(lifter, id, &entry)
        .await?
    {
        Ok(())
    } else {
        Err(ApiError::not_found("foundation day"))
    }
}
