//! Read views built from stored records: list items, the next session from the stored history,
//! progress series and a client's status. Shared by the lifter's own endpoints and the
//! clinician's read views of a client.

use chrono::{DateTime, NaiveDate, Utc};
use resilift_api::ErrorCode;
use resilift_api::next::{EquipmentDto, NextRequest, NextResponse, SessionDto, UnitsDto};
use resilift_core::pain::{PainColour, SessionPain};
use resilift_core::prescribe::SessionLog;
use resilift_store::{Assessment, Override, Profile, Screening, Session};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};

/// A page of a list.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Items<T> {
    /// This page.
    pub(crate) items: Vec<T>,
    /// Pass as `?cursor=` for the next page; null on the last page.
    pub(crate) next: Option<String>,
}

/// RFC 3339 in UTC, to the second.
pub(crate) fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Checks an IANA time zone name.
pub(crate) fn check_time_zone(field: &str, zone: &str) -> ApiResult<String> {
    zone.parse::<chrono_tz::Tz>()
        .map(|tz| tz.name().to_owned())
        .map_err(|_| {
            ApiError::field(
                ErrorCode::InvalidInput,
                field,
                format!("expected an IANA time zone such as Europe/London, got {zone:?}"),
            )
        })
}

/// Equipment JSON for a new profile: the standard gym in the chosen units.
pub(crate) fn default_equipment_json(units: UnitsDto) -> String {
    serde_json::to_string(&EquipmentDto {
        units,
        barbell: None,
        trap_bar: None,
        step: None,
        kettlebells: None,
    })
    .unwrap_or_default()
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

/// `?limit=&cursor=` on every list.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageQuery {
    limit: Option<String>,
    cursor: Option<String>,
}

/// Default and largest page sizes.
pub(crate) const DEFAULT_LIMIT: u32 = 50;
pub(crate) const MAX_LIMIT: u32 = 200;

impl PageQuery {
    /// The page size and cursor, checked.
    pub(crate) fn parse(&self) -> ApiResult<(u32, Option<&str>)> {
        let limit = match &self.limit {
            None => DEFAULT_LIMIT,
            Some(text) => match text.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(ApiError::field(
                        ErrorCode::InvalidQuery,
                        "limit",
                        format!("expected a whole number from 1 to {MAX_LIMIT}, got {text:?}"),
                    ));
                }
            },
        };
        let cursor = self.cursor.as_deref().filter(|c| !c.is_empty());
        if let Some(cursor) = cursor
            && (cursor.len() > 100
                || !cursor
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        {
            return Err(ApiError::field(
                ErrorCode::InvalidQuery,
                "cursor",
                "expected the `next` value of the previous page",
            ));
        }
        Ok((limit, cursor))
    }
}

// ----- sessions -----------------------------------------------------------------------------

/// A stored session on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SessionView {
    /// Id.
    pub(crate) id: String,
    /// When it was logged.
    pub(crate) created_at: String,
    /// Last check-in or correction.
    pub(crate) updated_at: String,
    /// The session as logged (docs/json.md).
    #[serde(flatten)]
    pub(crate) session: SessionDto,
    /// PAIN-* colour: `green`, `amber`, `red`, or `pending` until the next-morning check-in.
    pub(crate) pain_colour: &'static str,
    /// The same colour, typed, for the pages and the roster.
    #[serde(skip)]
    pub(crate) colour: PainColour,
}

/// The body of a stored session, parsed and checked.
pub(crate) fn parse_session(session: &Session) -> ApiResult<(SessionDto, SessionLog)> {
    let dto: SessionDto =
        serde_json::from_str(&session.body).map_err(|e| ApiError::internal(&e))?;
    let log = dto
        .check(NaiveDate::MAX)
        .map_err(|e| ApiError::internal(&e))?;
    Ok((dto, log))
}

/// Views of sessions given newest first; each colour looks at up to two older sessions, taken
/// from `older` (newest first) when the page runs out.
pub(crate) fn session_views(
    state: &AppState,
    rows: &[Session],
    shown: usize,
) -> ApiResult<Vec<SessionView>> {
    let parsed: Vec<(SessionDto, SessionLog)> =
        rows.iter().map(parse_session).collect::<ApiResult<_>>()?;
    let mut views = Vec::with_capacity(shown);
    for (index, row) in rows.iter().enumerate().take(shown) {
        let mut window: Vec<SessionPain> = parsed
            .iter()
            .skip(index)
            .take(3)
            .map(|(_, log)| log.pain)
            .collect();
        window.reverse();
        let colour = resilift_core::pain::colours(&window, &state.rules().pain)
            .last()
            .copied()
            .unwrap_or(PainColour::Pending);
        let Some((dto, _)) = parsed.get(index) else {
            continue;
        };
        views.push(SessionView {
            id: row.id.clone(),
            created_at: instant(row.created_at),
            updated_at: instant(row.updated_at),
            session: dto.clone(),
            pain_colour: colour.as_str(),
            colour,
        });
    }
    Ok(views)
}

/// Only the pain of a stored session (the rest of the body is not parsed).
#[derive(Deserialize)]
struct PainOnly {
    pain: resilift_api::next::SessionPainDto,
}

fn stored_pain(body: &str) -> ApiResult<SessionPain> {
    let PainOnly { pain } = serde_json::from_str(body).map_err(|e| ApiError::internal(&e))?;
    let score = |value: i64| {
        resilift_core::domain::PainScore::parse(value).map_err(|e| ApiError::internal(&e.0))
    };
    Ok(SessionPain {
        before: score(pain.before)?,
        during_max: score(pain.during_max)?,
        after: score(pain.after)?,
        next_morning: pain.next_morning.map(score).transpose()?,
    })
}

/// A page of sessions, newest day first, with colours. Each item is the stored body with the
/// id, timestamps and colour spliced in, so a page is never re-serialised field by field.
pub(crate) async fn session_page(
    state: &AppState,
    account_id: &str,
    query: &PageQuery,
) -> ApiResult<Items<Box<RawValue>>> {
    let (limit, cursor) = query.parse()?;
    if let Some(cursor) = cursor
        && !resilift_store::session_cursor_is_valid(cursor)
    {
        return Err(ApiError::field(
            ErrorCode::InvalidQuery,
            "cursor",
            "expected the `next` value of the previous page",
        ));
    }
    // Two extra rows give the pain trend of the oldest sessions on the page.
    let page = state
        .store()
        .sessions(account_id, cursor, limit + 2)
        .await?;
    let shown = page.items.len().min(limit as usize);
    let next = (page.items.len() > shown)
        .then(|| {
            page.items
                .get(shown.saturating_sub(1))
                .map(|s| format!("{}_{}", s.date, s.id))
        })
        .flatten();
    let pains: Vec<SessionPain> = page
        .items
        .iter()
        .map(|s| stored_pain(&s.body))
        .collect::<ApiResult<_>>()?;
    let mut items = Vec::with_capacity(shown);
    for (index, row) in page.items.iter().enumerate().take(shown) {
        let mut window: Vec<SessionPain> = pains.iter().skip(index).take(3).copied().collect();
        window.reverse();
        let colour = resilift_core::pain::colours(&window, &state.rules().pain)
            .last()
            .copied()
            .unwrap_or(PainColour::Pending);
        let rest = row.body.strip_prefix('{').unwrap_or("}");
        let separator = if rest.trim_start().starts_with('}') {
            ""
        } else {
            ","
        };
        let text = format!(
            r#"{{"id":"{}","created_at":"{}","updated_at":"{}","pain_colour":"{}"{separator}{rest}"#,
            row.id,
            instant(row.created_at),
            instant(row.updated_at),
            colour.as_str(),
        );
        items.push(RawValue::from_string(text).map_err(|e| ApiError::internal(&e))?);
    }
    Ok(Items { items, next })
}

// ----- screenings and assessments -----------------------------------------------------------

/// A stored screening on the wire: the screening decision (docs/json.md) plus `id`, `as_of`,
/// `created_at` and `rules_version`.
pub(crate) fn screening_view(s: &Screening) -> Value {
    let mut value: Value = serde_json::from_str(&s.result).unwrap_or_else(|_| json!({}));
    if let Some(map) = value.as_object_mut() {
        map.insert("id".into(), s.id.clone().into());
        map.insert("as_of".into(), s.as_of.to_string().into());
        map.insert("created_at".into(), instant(s.created_at).into());
        map.insert("rules_version".into(), s.rules_version.clone().into());
    }
    value
}

/// A stored assessment on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct AssessmentView {
    /// Id.
    id: String,
    /// Day it was taken.
    taken_on: String,
    /// Instrument.
    instrument: String,
    /// What was entered.
    answers: Value,
    /// The score, its meaning and the change since the previous one.
    result: Value,
    /// Who entered it (the lifter or their clinician).
    author_id: Option<String>,
    /// When it was saved.
    created_at: String,
}

pub(crate) fn assessment_view(a: &Assessment) -> AssessmentView {
    AssessmentView {
        id: a.id.clone(),
        taken_on: a.taken_on.to_string(),
        instrument: a.instrument.clone(),
        answers: serde_json::from_str(&a.answers).unwrap_or(Value::Null),
        result: serde_json::from_str(&a.result).unwrap_or(Value::Null),
        author_id: a.author_id.clone(),
        created_at: instant(a.created_at),
    }
}

/// An override on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct OverrideView {
    /// Id.
    id: String,
    /// Who wrote it (null once that account is erased).
    clinician_id: Option<String>,
    /// When.
    created_at: String,
    /// The rung set for the plan, or null for a note only.
    stage: Option<String>,
    /// The note for the lifter.
    note: String,
    /// Warning signs or health answers cleared for loading from the next screening, or null
    /// when this override clears nothing.
    cleared_flags: Option<Vec<String>>,
}

pub(crate) fn override_view(o: &Override) -> OverrideView {
    OverrideView {
        id: o.id.clone(),
        clinician_id: o.clinician_id.clone(),
        created_at: instant(o.created_at),
        stage: o.stage.clone(),
        note: o.note.clone(),
        cleared_flags: o
            .cleared_flags
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok()),
    }
}

// ----- the next session ---------------------------------------------------------------------

const RUNGS: [&str; 4] = ["foundation", "kettlebell", "trap_bar", "barbell"];

/// The next session from the stored screening, override, profile and history.
pub(crate) async fn next_session(state: &AppState, account_id: &str) -> ApiResult<Value> {
    let (today, profile) = today(state, account_id).await?;
    let screening = state
        .store()
        .latest_screening(account_id)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::ScreeningRequired,
                "There is no screening yet: take the screening first; your plan starts from its result.",
            )
        })?;
    if !RUNGS.contains(&screening.decision.as_str()) {
        return Err(ApiError::new(
            ErrorCode::NotCleared,
            format!(
                "Your latest screening ({}) did not clear you for loaded deadlifts ({}): take a new screening once that has been dealt with.",
                screening.as_of,
                screening.decision.replace('_', " ")
            ),
        ));
    }
    // A clinician's override newer than the screening sets the rung; it can never lift a
    // screening that was not cleared (handled above: red flags always win).
    let overrides = state.store().overrides(account_id).await?;
    let active = overrides
        .iter()
        .find(|o| o.created_at > screening.created_at && o.stage.is_some());
    let stage = active
        .and_then(|o| o.stage.clone())
        .unwrap_or_else(|| screening.decision.clone());
    let equipment: EquipmentDto =
        serde_json::from_str(&profile.equipment).map_err(|e| ApiError::internal(&e))?;
    let rows = state.store().all_sessions(account_id).await?;
    let mut sessions = Vec::with_capacity(rows.len());
    let mut answered = Vec::with_capacity(rows.len());
    for row in &rows {
        let (dto, _) = parse_session(row)?;
        sessions.push(dto);
        answered.push(row.created_at < screening.created_at);
    }
    let result: Value = serde_json::from_str(&screening.result).unwrap_or(Value::Null);
    let triage = crate::safety::triage_since(state, account_id, &screening).await?;
    let request = NextRequest {
        as_of: today.to_string(),
        stage: serde_json::from_value(Value::String(stage)).map_err(|e| ApiError::internal(&e))?,
        equipment: Some(equipment),
        sessions,
        // PRX-DUE: the latest screening's date for the next one.
        rescreen_due: result["next_screen"].as_str().map(str::to_owned),
        // PRX-TRIAGE: a triage since the latest screening.
        triage: triage.as_ref().map(|t| resilift_api::next::TriageRefDto {
            date: t.taken_on.to_string(),
            onset: t.onset.to_string(),
            outcome: serde_json::from_value(Value::String(t.outcome.clone()))
                .unwrap_or(resilift_api::next::TriageOutcomeDto::SeeClinician),
        }),
    };
    let mut input = request.to_core().map_err(|e| ApiError::internal(&e))?;
    // Warning signs, leg symptoms and flare pain logged before the latest screening were
    // answered by it.
    for (log, answered) in input.sessions.iter_mut().zip(answered) {
        log.screened_after = answered;
    }
    let plan = resilift_core::prescribe::next_session(&input, state.rules());
    let mut value = serde_json::to_value(NextResponse::new(&plan, &input.equipment))
        .map_err(|e| ApiError::internal(&e))?;
    if let Some(map) = value.as_object_mut() {
        map.insert("screening_id".into(), screening.id.clone().into());
        map.insert(
            "override".into(),
            overrides
                .first()
                .filter(|o| o.created_at > screening.created_at)
                .map(|o| serde_json::to_value(override_view(o)).unwrap_or(Value::Null))
                .unwrap_or(Value::Null),
        );
        map.insert(
            "triage_id".into(),
            triage.map_or(Value::Null, |t| t.id.into()),
        );
    }
    Ok(value)
}

// ----- progress -----------------------------------------------------------------------------

/// Time series for charts.
pub(crate) async fn progress(state: &AppState, account_id: &str) -> ApiResult<Value> {
    let (_, profile) = today(state, account_id).await?;
    let rows = state.store().all_sessions(account_id).await?;
    let parsed: Vec<(SessionDto, SessionLog)> =
        rows.iter().map(parse_session).collect::<ApiResult<_>>()?;
    let pains: Vec<SessionPain> = parsed.iter().map(|(_, log)| log.pain).collect();
    let colours = resilift_core::pain::colours(&pains, &state.rules().pain);
    let mut sessions = Vec::new();
    let mut rung_changes = Vec::new();
    let mut previous: Option<&'static str> = None;
    for (((dto, log), row), colour) in parsed.iter().zip(&rows).zip(&colours) {
        let exercise = log.exercise.stage().as_str();
        if let Some(before) = previous.filter(|p| *p != exercise) {
            rung_changes.push(json!({"date": dto.date, "from": before, "to": exercise}));
        }
        previous = Some(exercise);
        let e1rm = resilift_core::prescribe::session_e1rm(log, state.rules());
        let working = log.sets.iter().map(|s| s.load).reduce(f64::max);
        sessions.push(json!({
            "id": row.id,
            "date": dto.date,
            "exercise": exercise,
            "e1rm": e1rm.map(resilift_api::round2),
            "working_load": working.map(resilift_api::round2),
            "pain_during": log.pain.during_max.get(),
            "pain_next_morning": log.pain.next_morning.map(resilift_core::domain::PainScore::get),
            "pain_colour": colour.as_str(),
        }));
    }
    let mut holds = Vec::new();
    let mut scores = Vec::new();
    for a in state.store().all_assessments(account_id).await? {
        let result: Value = serde_json::from_str(&a.result).unwrap_or(Value::Null);
        let answers: Value = serde_json::from_str(&a.answers).unwrap_or(Value::Null);
        let date = a.taken_on.to_string();
        match a.instrument.as_str() {
            "biering_sorensen" => holds.push(
                json!({"date": date, "test": "biering_sorensen", "seconds": result["seconds"]}),
            ),
            "mcgill" => {
                for hold in ["flexion", "extension", "side_right", "side_left"] {
                    holds.push(json!({"date": date, "test": format!("mcgill_{hold}"), "seconds": answers[hold]}));
                }
            }
            "nprs" | "odi" => scores
                .push(json!({"date": date, "instrument": a.instrument, "value": result["score"]})),
            "rmdq" | "tsk11" | "startback" => scores
                .push(json!({"date": date, "instrument": a.instrument, "value": result["total"]})),
            _ => {}
        }
    }
    let screenings: Vec<Value> = state
        .store()
        .all_screenings(account_id)
        .await?
        .iter()
        .map(|s| json!({"id": s.id, "date": s.as_of.to_string(), "decision": s.decision}))
        .collect();
    Ok(json!({
        "units": profile.units,
        "sessions": sessions,
        "rung_changes": rung_changes,
        "holds": holds,
        "scores": scores,
        "screenings": screenings,
    }))
}

// ----- a client's status --------------------------------------------------------------------

/// A client's status on a clinician's roster: the engine's decision plus the facts it rests on.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Status {
    /// The colour, its urgency and the rules that decided it.
    #[serde(flatten)]
    pub(crate) status: resilift_api::roster::StatusDto,
    /// The latest screening's decision.
    pub(crate) decision: Option<String>,
    /// Day of the last session.
    pub(crate) last_session: Option<String>,
}

/// What an urgency means, in a few words for the roster.
pub(crate) fn urgency_words(urgency: &str) -> &'static str {
    match urgency {
        "emergency" => "emergency: to an emergency department now",
        "same_day" => "same day: to a doctor today",
        "see_clinician" => "see a clinician within days",
        "triage" => "post-lift questions due",
        _ => "loading stopped",
    }
}

/// Gathers a client's stored record and lets the engine decide the roster status
/// (`resilift_core::roster`, rules `STATUS-…`).
pub(crate) async fn status(state: &AppState, account_id: &str) -> ApiResult<Status> {
    use resilift_core::prescribe::StopUrgency;
    use resilift_core::roster;
    let (today, _) = today(state, account_id).await?;
    let screening = state.store().latest_screening(account_id).await?;
    let recent = state.store().sessions(account_id, None, 3).await?;
    let latest = match &screening {
        None => None,
        Some(stored) => {
            let decision = resilift_core::screen::ScreenDecision::parse(&stored.decision)
                .ok_or_else(|| {
                    ApiError::internal(&format!("screening {} has an unknown decision", stored.id))
                })?;
            let result: Value =
                serde_json::from_str(&stored.result).map_err(|e| ApiError::internal(&e))?;
            let next_screen = result["next_screen"]
                .as_str()
                .and_then(|d| d.parse::<NaiveDate>().ok());
            Some(roster::LatestScreening {
                decision,
                next_screen,
            })
        }
    };
    let plan_stop = match &latest {
        Some(latest) if latest.decision.urgency().is_none() => {
            match next_session(state, account_id).await {
                Ok(plan) if plan["decision"] == "stop" => Some(match plan["urgency"].as_str() {
                    Some("emergency") => StopUrgency::Emergency,
                    Some("same_day") => StopUrgency::SameDay,
                    Some("see_clinician") => StopUrgency::SeeClinician,
                    _ => StopUrgency::Triage,
                }),
                Ok(_) => None,
                // No plan to stop: a screening that does not clear loading answers 409.
                Err(error) if error.status == axum::http::StatusCode::CONFLICT => None,
                Err(error) => return Err(error),
            }
        }
        _ => None,
    };
    let views = session_views(state, &recent.items, 1)?;
    let last_session =
        views
            .first()
            .zip(recent.items.first())
            .map(|(view, row)| roster::LastSession {
                date: row.date,
                colour: view.colour,
                checked_in: view.session.pain.next_morning.is_some(),
            });
    let decided = roster::status(&roster::StatusInput {
        today,
        screening: latest,
        plan_stop,
        last_session,
    });
    Ok(Status {
        status: resilift_api::roster::StatusDto::from(&decided),
        decision: screening.map(|s| s.decision),
        last_session: recent.items.first().map(|s| s.date.to_string()),
    })
}
