//! The services: one module per aggregate. Each takes typed input, reads the time from the
//! state's clock, writes its audit entry in the same transaction as the change (the store's
//! write methods take the entry), and returns the stored record or a typed view. The JSON API
//! (`crate::http`), the pages (`crate::web`) and the demo seed (`crate::web::demo`) all go
//! through them, so each surface refuses the same input with the same field paths.

pub(crate) mod accounts;
pub(crate) mod assessments;
pub(crate) mod calendar;
pub(crate) mod form;
pub(crate) mod foundation;
pub(crate) mod imports;
pub(crate) mod links;
pub(crate) mod messages;
pub(crate) mod privacy;
pub(crate) mod profile;
pub(crate) mod resets;
pub(crate) mod safety_record;
pub(crate) mod screenings;
pub(crate) mod sessions;
pub(crate) mod triage;

use chrono::NaiveDate;
use resilift_store::{NewAudit, Profile};

use crate::AppState;
use crate::error::{ApiError, ApiResult};

/// A new time-ordered id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// An audit entry stamped now.
pub(crate) fn audit(
    state: &AppState,
    actor: Option<&str>,
    subject: Option<&str>,
    action: &'static str,
    detail: &serde_json::Value,
) -> NewAudit {
    NewAudit {
        id: new_id(),
        at: state.now(),
        actor_id: actor.map(str::to_owned),
        subject_id: subject.map(str::to_owned),
        action,
        detail: detail.to_string(),
    }
}

/// An account's profile and today's date in its time zone.
pub(crate) async fn today(state: &AppState, account_id: &str) -> ApiResult<(NaiveDate, Profile)> {
    let profile = state
        .store()
        .profile(account_id)
        .await?
        .ok_or_else(|| ApiError::not_found("profile"))?;
    let tz: chrono_tz::Tz = profile.time_zone.parse().unwrap_or(chrono_tz::UTC);
    Ok((state.now().with_timezone(&tz).date_naive(), profile))
}
