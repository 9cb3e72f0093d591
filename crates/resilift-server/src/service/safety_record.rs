//! The safety record: what each session, check-in, day of foundation work, triage and
//! screening reported that matters for safety, written as events beside the record itself (in
//! the same transaction) and never removed by a correction or a deletion.
//!
//! `GET /safety-events` and `GET /clients/{id}/safety-events` list them newest first, each with
//! what answered it: under rule-set version 2, the first screening taken after it.

use chrono::NaiveDate;
use resilift_api::screen::LegSymptomsDto;
use resilift_core::domain::{RedFlag, Urgency};
use resilift_store::SafetyEvent;
use schemars::JsonSchema;
use serde::Serialize;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::new_id;
use crate::views;

/// What one record reported that matters for safety.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Reported {
    /// Warning signs, by id.
    pub(crate) flags: Vec<String>,
    /// Leg symptoms, when answered.
    pub(crate) leg: Option<LegSymptomsDto>,
    /// The worst pain reported (during or right after; the pain now for a triage).
    pub(crate) worst_pain: Option<i64>,
    /// A tier decided elsewhere (a triage's outcome), besides the flags' own.
    pub(crate) outcome_tier: Option<Urgency>,
}

impl Reported {
    /// The tier of the most urgent warning sign (or of a triage's outcome).
    fn tier(&self) -> Option<Urgency> {
        self.flags
            .iter()
            .filter_map(|id| RedFlag::parse(id).ok())
            .map(RedFlag::urgency)
            .chain(self.outcome_tier)
            .min()
    }

    fn below_knee(&self) -> bool {
        self.leg == Some(LegSymptomsDto::BelowKnee)
    }

    fn flare_level(&self, state: &AppState) -> bool {
        self.worst_pain
            .is_some_and(|pain| pain >= i64::from(state.rules().prescription.flare_pain))
    }

    /// Whether anything here is a safety event.
    fn matters(&self, state: &AppState) -> bool {
        !self.flags.is_empty()
            || self.below_knee()
            || self.flare_level(state)
            || self.outcome_tier.is_some()
    }

    /// What `self` (a corrected record) no longer says that `before` said: a warning sign gone,
    /// below-knee symptoms lowered, flare-level pain brought under the line.
    pub(crate) fn lost_from(&self, before: &Self, state: &AppState) -> bool {
        before.flags.iter().any(|flag| !self.flags.contains(flag))
            || (before.below_knee() && !self.below_knee())
            || (before.flare_level(state) && !self.flare_level(state))
    }

    /// What `self` says that `before` did not: new warning signs, symptoms newly below the
    /// knee, pain newly at flare level (as one report, or none when nothing was added).
    pub(crate) fn added_to(&self, before: &Self, state: &AppState) -> Option<Self> {
        let added = Self {
            flags: self
                .flags
                .iter()
                .filter(|flag| !before.flags.contains(flag))
                .cloned()
                .collect(),
            leg: (self.below_knee() && !before.below_knee()).then_some(LegSymptomsDto::BelowKnee),
            worst_pain: (self.flare_level(state) && !before.flare_level(state))
                .then_some(self.worst_pain)
                .flatten(),
            outcome_tier: None,
        };
        added.matters(state).then_some(added)
    }
}

/// A session's report: its warning signs, leg symptoms and worst pain during or right after.
pub(crate) fn of_session(session: &resilift_api::next::SessionDto) -> Reported {
    Reported {
        flags: session.red_flags.clone(),
        leg: session.leg_symptoms,
        worst_pain: Some(session.pain.during_max.max(session.pain.after)),
        outcome_tier: None,
    }
}

/// A day of foundation work's report.
pub(crate) fn of_foundation_day(day: &resilift_api::next::FoundationDayDto) -> Reported {
    Reported {
        flags: day.red_flags.clone(),
        leg: Some(day.leg_symptoms),
        worst_pain: Some(day.pain.during_max.max(day.pain.after)),
        outcome_tier: None,
    }
}

/// A triage's report: its warning signs, leg symptoms, pain now and, when urgent, its outcome.
pub(crate) fn of_triage(request: &resilift_api::flare::FlareRequest, outcome: &str) -> Reported {
    Reported {
        flags: request.red_flags.clone(),
        leg: Some(request.leg_symptoms),
        worst_pain: Some(request.pain_now),
        outcome_tier: match outcome {
            "emergency" => Some(Urgency::Emergency),
            "same_day" => Some(Urgency::SameDay),
            "see_clinician" => Some(Urgency::SeeClinician),
            _ => None,
        },
    }
}

/// A screening's report: its warning signs and leg symptoms (its pain now is not a session's
/// pain, so it is not a flare).
pub(crate) fn of_screening(record: &resilift_api::screen::ScreeningRecord) -> Reported {
    Reported {
        flags: record.red_flags.clone(),
        leg: Some(record.pain.leg_symptoms),
        worst_pain: None,
        outcome_tier: None,
    }
}

/// The events a record reports: one, holding everything it reported, when anything in it
/// matters; none otherwise.
pub(crate) fn events(
    state: &AppState,
    account_id: &str,
    source: &str,
    source_id: &str,
    day: NaiveDate,
    reported: &Reported,
) -> Vec<SafetyEvent> {
    if !reported.matters(state) {
        return Vec::new();
    }
    let flags = serde_json::to_string(&reported.flags).unwrap_or_else(|_| "[]".to_owned());
    vec![SafetyEvent {
        id: new_id(),
        account_id: account_id.to_owned(),
        reported_at: state.now(),
        day,
        source: source.to_owned(),
        source_id: source_id.to_owned(),
        flags,
        leg_symptoms: reported.leg.filter(|leg| *leg != LegSymptomsDto::None).map(
            |leg| match leg {
                LegSymptomsDto::BelowKnee => "below_knee".to_owned(),
                _ => "above_knee".to_owned(),
            },
        ),
        worst_pain: reported.worst_pain,
        tier: reported.tier().map(|tier| tier.as_str().to_owned()),
        corrected_at: None,
        deleted_at: None,
    }]
}

/// A safety event on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SafetyEventView {
    /// Id.
    pub(crate) id: String,
    /// The day it concerns.
    pub(crate) day: String,
    /// Where it was reported: `screening`, `session`, `check_in`, `foundation_day` or `triage`.
    pub(crate) source: String,
    /// The record that reported it.
    pub(crate) source_id: String,
    /// The warning signs reported, by id.
    pub(crate) flags: Vec<String>,
    /// `above_knee` or `below_knee` when leg symptoms were reported, else null.
    pub(crate) leg_symptoms: Option<String>,
    /// The worst pain reported with it (0-10), when a pain was reported.
    pub(crate) worst_pain: Option<i64>,
    /// `emergency`, `same_day` or `see_clinician`; null for an event without an urgency of
    /// its own (a flare-level session, below-knee symptoms alone).
    pub(crate) tier: Option<String>,
    /// When it was reported.
    pub(crate) reported_at: String,
    /// Whether the record that reported it was since corrected or deleted so that it no longer
    /// says so: `corrected`, `deleted`, or null. The event stays either way.
    pub(crate) corrected: Option<CorrectionView>,
    /// What answered it: the first screening taken after it, or null while it is open.
    pub(crate) answered_by: Option<AnswerView>,
}

/// A correction or deletion of the record behind an event.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct CorrectionView {
    /// `corrected` or `deleted`.
    pub(crate) how: String,
    /// When.
    pub(crate) at: String,
}

/// What answered an event.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct AnswerView {
    /// `screening`.
    pub(crate) kind: String,
    /// Its id.
    pub(crate) id: String,
    /// Its day.
    pub(crate) day: String,
}

/// Every safety event of a lifter, newest first, each with what answered it.
pub(crate) async fn list(state: &AppState, lifter: &str) -> ApiResult<Vec<SafetyEventView>> {
    let events = state.store().safety_events(lifter).await?;
    let mut screenings = state.store().all_screenings(lifter).await?;
    screenings.sort_by_key(|s| s.created_at);
    events
        .into_iter()
        .map(|event| {
            let answered_by = screenings
                .iter()
                .find(|s| s.created_at > event.reported_at && s.id != event.source_id)
                .map(|s| AnswerView {
                    kind: "screening".to_owned(),
                    id: s.id.clone(),
                    day: s.as_of.to_string(),
                });
            let corrected = match (event.deleted_at, event.corrected_at) {
                (Some(at), _) => Some(CorrectionView {
                    how: "deleted".to_owned(),
                    at: views::instant(at),
                }),
                (None, Some(at)) => Some(CorrectionView {
                    how: "corrected".to_owned(),
                    at: views::instant(at),
                }),
                (None, None) => None,
            };
            Ok(SafetyEventView {
                flags: serde_json::from_str(&event.flags).map_err(|e| ApiError::internal(&e))?,
                id: event.id,
                day: event.day.to_string(),
                source: event.source,
                source_id: event.source_id,
                leg_symptoms: event.leg_symptoms,
                worst_pain: event.worst_pain,
                tier: event.tier,
                reported_at: views::instant(event.reported_at),
                corrected,
                answered_by,
            })
        })
        .collect()
}

/// The signs the plan keeps although their log was corrected or deleted: from every event
/// reported by a log after `screened_at` (so no screening has answered it) whose log no longer
/// says so. Warning signs still in an unanswered log are left to that log.
pub(crate) async fn kept_signs(
    state: &AppState,
    lifter: &str,
    screened_at: chrono::DateTime<chrono::Utc>,
    input: &resilift_core::prescribe::NextInput,
) -> ApiResult<Vec<resilift_core::prescribe::KeptSign>> {
    let still_logged: Vec<RedFlag> = input
        .sessions
        .iter()
        .filter(|s| !s.screened_after)
        .flat_map(|s| s.red_flags.iter().copied())
        .chain(
            input
                .foundation
                .iter()
                .filter(|d| !d.screened_after)
                .flat_map(|d| d.red_flags.iter().copied()),
        )
        .collect();
    let events = state
        .store()
        .kept_safety_events(lifter, screened_at)
        .await?;
    Ok(events
        .iter()
        .filter(|e| matches!(e.source.as_str(), "session" | "check_in" | "foundation_day"))
        .map(|e| {
            let flags: Vec<String> = serde_json::from_str(&e.flags).unwrap_or_default();
            resilift_core::prescribe::KeptSign {
                date: e.day,
                red_flags: flags
                    .iter()
                    .filter_map(|id| RedFlag::parse(id).ok())
                    .filter(|flag| !still_logged.contains(flag))
                    .collect(),
                below_knee: e.leg_symptoms.as_deref() == Some("below_knee"),
                worst_pain: e.worst_pain.and_then(|pain| u8::try_from(pain).ok()),
                deleted: e.deleted_at.is_some(),
            }
        })
        .collect())
}
