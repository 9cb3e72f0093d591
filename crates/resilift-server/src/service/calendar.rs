//! Reminders without a push service: the dates that matter next (the planned session, the
//! morning check-in after a session, the re-screen), shown on Home and served as a per-lifter
//! iCalendar feed at a secret, revocable address that any phone calendar can subscribe to.

use chrono::NaiveDate;
use icalendar::{Alarm, Calendar, Component as _, Event, EventLike as _};
use resilift_api::next::SessionDto;
use resilift_api::words::PlanDecisionDto;
use resilift_store::CalendarFeed;
use serde_json::json;

use crate::AppState;
use crate::auth::{digest, secret};
use crate::error::{ApiError, ApiResult};
use crate::service::audit;
use crate::views;

/// What a reminder is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReminderKind {
    /// The next planned deadlift session.
    Session,
    /// The morning check-in after a session.
    CheckIn,
    /// Taking the screening again.
    Rescreen,
}

/// One date to remember.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reminder {
    pub(crate) kind: ReminderKind,
    pub(crate) day: NaiveDate,
    /// What to do, in a few words.
    pub(crate) title: String,
    /// Why, in a sentence.
    pub(crate) detail: String,
    /// Where in the app to do it.
    pub(crate) path: String,
    /// A stable id, so a calendar updates the event rather than adding another.
    pub(crate) uid: String,
}

impl ReminderKind {
    /// The hour of the alarm on the day, in the phone's own time.
    fn alarm_hour(self) -> i64 {
        match self {
            Self::Session => 9,
            Self::CheckIn => 8,
            Self::Rescreen => 10,
        }
    }
}

/// The dates coming up for a lifter, earliest first.
pub(crate) async fn reminders(state: &AppState, lifter: &str) -> ApiResult<Vec<Reminder>> {
    let mut out = Vec::new();
    if let Ok(plan) = views::next_session(state, lifter).await {
        let lifts = !plan.plan.sets.is_empty() || plan.plan.decision == PlanDecisionDto::Calibrate;
        if lifts
            && plan.plan.decision != PlanDecisionDto::Stop
            && let Ok(day) = plan.plan.date.parse::<NaiveDate>()
        {
            out.push(Reminder {
                kind: ReminderKind::Session,
                day,
                title: "Deadlift session (resilift)".into(),
                detail: "Your next planned session is due on or after this day. Open This week in resilift for the loads.".into(),
                path: "/week".into(),
                uid: format!("session-{lifter}@resilift"),
            });
        }
    }
    let recent = state.store().sessions(lifter, None, 5).await?;
    for row in &recent.items {
        let Ok(session) = serde_json::from_str::<SessionDto>(&row.body) else {
            continue;
        };
        if session.pain.next_morning.is_none()
            && let Some(day) = row.date.succ_opt()
        {
            out.push(Reminder {
                kind: ReminderKind::CheckIn,
                day,
                title: "Morning check-in (resilift)".into(),
                detail: "Tell resilift how your back feels this morning, after yesterday's session: the next load depends on it.".into(),
                path: "/home".into(),
                uid: format!("check-in-{}@resilift", row.id),
            });
        }
    }
    if let Some(screening) = state.store().latest_screening(lifter).await? {
        let view = views::screening_view(&screening)?;
        if let Some(day) = view
            .result
            .next_screen
            .as_deref()
            .and_then(|d| d.parse::<NaiveDate>().ok())
        {
            out.push(Reminder {
                kind: ReminderKind::Rescreen,
                day,
                title: "Take the resilift screening again".into(),
                detail: "Your screening is due again from this day: it checks the warning signs, your pain and your hold before the plan goes on.".into(),
                path: "/screen".into(),
                uid: format!("rescreen-{lifter}@resilift"),
            });
        }
    }
    out.sort_by_key(|r| r.day);
    Ok(out)
}

/// The iCalendar text of a lifter's reminders, each an all-day event with an alarm.
pub(crate) fn ics(
    reminders: &[Reminder],
    base: &str,
    stamp: chrono::DateTime<chrono::Utc>,
) -> String {
    let mut calendar = Calendar::new();
    calendar.name("resilift reminders");
    calendar.description("Planned sessions, morning check-ins and re-screens from resilift.");
    for reminder in reminders {
        let alarm = Alarm::display(
            &reminder.title,
            chrono::Duration::hours(reminder.kind.alarm_hour()),
        );
        let event = Event::new()
            .uid(&reminder.uid)
            .timestamp(stamp)
            .summary(&reminder.title)
            .description(&reminder.detail)
            .url(&format!("{base}{}", reminder.path))
            .all_day(reminder.day)
            .alarm(alarm)
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}

/// Makes a new calendar link (the old one stops working) and returns its secret, shown once.
pub(crate) async fn make_feed(state: &AppState, lifter: &str) -> ApiResult<String> {
    let token = secret("cal_")?;
    let feed = CalendarFeed {
        account_id: lifter.to_owned(),
        token_hash: digest(&token),
        created_at: state.now(),
    };
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "calendar.created",
        &json!({}),
    );
    state.store().put_calendar_feed(&feed, &entry).await?;
    Ok(token)
}

/// Turns the calendar link off.
pub(crate) async fn remove_feed(state: &AppState, lifter: &str) -> ApiResult<()> {
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "calendar.removed",
        &json!({}),
    );
    state.store().remove_calendar_feed(lifter, &entry).await?;
    Ok(())
}

/// The feed behind a secret, or not found (a wrong, old or revoked link).
pub(crate) async fn feed(state: &AppState, token: &str, base: &str) -> ApiResult<String> {
    let lifter = state
        .store()
        .account_by_calendar(&digest(token))
        .await?
        .ok_or_else(|| ApiError::not_found("calendar"))?;
    let reminders = reminders(state, &lifter).await?;
    Ok(ics(&reminders, base, state.now()))
}
