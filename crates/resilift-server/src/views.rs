//! Read views built from stored records: list items, the next session from the stored history,
//! progress series and a client's status. Shared by the lifter's own endpoints and the
//! clinician's read views of a client.

use chrono::{DateTime, NaiveDate, Utc};
use resilift_api::ErrorCode;
use resilift_api::flare::FlareResponse;
use resilift_api::next::{EquipmentDto, NextRequest, NextResponse, SessionDto, UnitsDto};
use resilift_api::screen::ScreenResponse;
use resilift_api::screen::StageDto;
use resilift_api::words::{ColourDto, PlanDecisionDto, ScreenDecisionDto, UrgencyDto, Words as _};
use resilift_core::pain::{PainColour, SessionPain};
use resilift_core::prescribe::SessionLog;
use resilift_store::{Assessment, Override, Screening, Session, Triage};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::today;

/// A page of a list.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Items<T> {
    /// This page.
    pub(crate) items: Vec<T>,
    /// Pass as `?cursor=` for the next page; null on the last page.
    pub(crate) next: Option<String>,
}

/// A JSON answer already written out, sent as it is.
#[derive(Debug)]
pub(crate) struct JsonText(pub(crate) String);

impl axum::response::IntoResponse for JsonText {
    fn into_response(self) -> axum::response::Response {
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            self.0,
        )
            .into_response()
    }
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
    pub(crate) pain_colour: ColourDto,
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
            pain_colour: colour.into(),
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

/// A page of sessions, newest day first, with colours, as an [`Items`] object. Each item is the
/// stored body (JSON the server wrote itself) with the id, timestamps and colour spliced in, and
/// the page is written out in one pass, so a page is never parsed back or re-serialised.
pub(crate) async fn session_page(
    state: &AppState,
    account_id: &str,
    query: &PageQuery,
) -> ApiResult<JsonText> {
    use std::fmt::Write as _;
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
    let mut out = String::with_capacity(
        page.items
            .iter()
            .take(shown)
            .map(|s| s.body.len() + 160)
            .sum::<usize>()
            + 64,
    );
    out.push_str(r#"{"items":["#);
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
        if index > 0 {
            out.push(',');
        }
        // Ids are UUIDs and instants RFC 3339: neither needs escaping.
        let _ = write!(
            out,
            r#"{{"id":"{}","created_at":"{}","updated_at":"{}","pain_colour":"{}"{separator}{rest}"#,
            row.id,
            instant(row.created_at),
            instant(row.updated_at),
            colour.as_str(),
        );
    }
    out.push_str(r#"],"next":"#);
    out.push_str(&serde_json::to_string(&next).map_err(|e| ApiError::internal(&e))?);
    out.push('}');
    Ok(JsonText(out))
}

// ----- screenings and assessments -----------------------------------------------------------

/// A stored screening on the wire: the screening decision (docs/json.md) with its id, day,
/// time and the rule-set version it was decided under.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct ScreeningView {
    /// Id.
    pub(crate) id: String,
    /// The day it was decided for.
    pub(crate) as_of: NaiveDate,
    /// When it was saved.
    pub(crate) created_at: String,
    /// The rule set that decided it.
    pub(crate) rules_version: String,
    /// The decision, as the engine gave it.
    #[serde(flatten)]
    pub(crate) result: ScreenResponse,
}

/// The view of a stored screening.
pub(crate) fn screening_view(s: &Screening) -> ApiResult<ScreeningView> {
    Ok(ScreeningView {
        id: s.id.clone(),
        as_of: s.as_of,
        created_at: instant(s.created_at),
        rules_version: s.rules_version.clone(),
        result: serde_json::from_str(&s.result).map_err(|e| ApiError::internal(&e))?,
    })
}

/// A stored post-lift triage on the wire: the triage result (docs/json.md) with its id, day,
/// time and rule-set version.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct TriageView {
    /// Id.
    pub(crate) id: String,
    /// The day it was answered.
    pub(crate) date: NaiveDate,
    /// When it was saved.
    pub(crate) created_at: String,
    /// The rule set that decided it.
    pub(crate) rules_version: String,
    /// The outcome, as the engine gave it.
    #[serde(flatten)]
    pub(crate) result: FlareResponse,
}

/// A stored day of foundation work on the wire: the day as logged (docs/json.md) with its id,
/// when it was logged and its pain response.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct FoundationDayView {
    /// Id.
    pub(crate) id: String,
    /// When it was logged.
    pub(crate) created_at: String,
    /// The day as logged.
    #[serde(flatten)]
    pub(crate) day: resilift_api::next::FoundationDayDto,
    /// The day's pain response from the worst of during and right after: `green`, `amber` or
    /// `red`.
    pub(crate) pain_response: ColourDto,
}

/// The view of a stored day of foundation work.
pub(crate) fn foundation_day_view(
    stored: &resilift_store::FoundationDay,
    rules: &resilift_core::Config,
) -> ApiResult<FoundationDayView> {
    let day: resilift_api::next::FoundationDayDto =
        serde_json::from_str(&stored.body).map_err(|e| ApiError::internal(&e))?;
    let core = day.check(stored.date).map_err(|e| ApiError::internal(&e))?;
    Ok(FoundationDayView {
        id: stored.id.clone(),
        created_at: instant(stored.created_at),
        pain_response: core.colour(&rules.pain).into(),
        day,
    })
}

/// The view of a stored triage.
pub(crate) fn triage_view(t: &Triage) -> ApiResult<TriageView> {
    Ok(TriageView {
        id: t.id.clone(),
        date: t.taken_on,
        created_at: instant(t.created_at),
        rules_version: t.rules_version.clone(),
        result: serde_json::from_str(&t.result).map_err(|e| ApiError::internal(&e))?,
    })
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
#[derive(Debug, Clone, Serialize, JsonSchema)]
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
    pub(crate) note: String,
    /// Warning signs or health answers cleared for loading from the next screening, or null
    /// when this override clears nothing.
    cleared_flags: Option<Vec<String>>,
    /// The load ceiling it sets until the next screening, or null.
    pub(crate) ceiling: Option<CeilingView>,
}

/// A clinician's load ceiling on the wire.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub(crate) struct CeilingView {
    /// Heaviest load, in `units`, or null.
    pub(crate) load: Option<f64>,
    /// `kg` or `lb` with `load`, or null.
    pub(crate) units: Option<UnitsDto>,
    /// Heaviest percentage of the estimated 1RM, or null.
    pub(crate) percent_e1rm: Option<f64>,
}

impl CeilingView {
    /// In words: "60 kg", "70% of the estimated 1RM", or both.
    pub(crate) fn words(&self) -> String {
        let load = self.load.map(|l| {
            format!(
                "{} {}",
                resilift_core::prescribe::fmt_load(l),
                self.units.map_or("", UnitsDto::as_str)
            )
        });
        let pct = self.percent_e1rm.map(|p| {
            format!(
                "{}% of the estimated 1RM",
                resilift_core::prescribe::fmt_load(p)
            )
        });
        match (load, pct) {
            (Some(l), Some(p)) => format!("{l} or {p}, whichever is lower"),
            (Some(l), None) => l,
            (None, Some(p)) => p,
            (None, None) => String::new(),
        }
    }
}

fn ceiling_view(o: &Override) -> Option<CeilingView> {
    (o.ceiling_load.is_some() || o.ceiling_percent.is_some()).then(|| CeilingView {
        load: o.ceiling_load,
        units: o.ceiling_units.as_deref().and_then(UnitsDto::parse),
        percent_e1rm: o.ceiling_percent,
    })
}

/// The units a lifter logs in.
pub(crate) async fn units_of(state: &AppState, account_id: &str) -> ApiResult<UnitsDto> {
    let (_, profile) = today(state, account_id).await?;
    let equipment: EquipmentDto =
        serde_json::from_str(&profile.equipment).map_err(|e| ApiError::internal(&e))?;
    Ok(equipment.units)
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
        ceiling: ceiling_view(o),
    }
}

// ----- the next session ---------------------------------------------------------------------

/// The next session with what it rests on: the screening, a clinician's note and a triage.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanView {
    /// The prescription, as the engine gave it.
    #[serde(flatten)]
    pub(crate) plan: NextResponse,
    /// The screening the plan starts from.
    pub(crate) screening_id: String,
    /// The clinician's newest override since that screening, if any.
    #[serde(rename = "override")]
    pub(crate) clinician_override: Option<OverrideView>,
    /// The post-lift triage since that screening the plan answers to, if any.
    pub(crate) triage_id: Option<String>,
    /// A clinician's load ceiling in force (the newest since that screening), if any.
    pub(crate) ceiling: Option<CeilingView>,
}

/// The next session from the stored screening, override, profile and history.
pub(crate) async fn next_session(state: &AppState, account_id: &str) -> ApiResult<PlanView> {
    next_session_with(state, account_id, None).await
}

/// The next session, or, with `proposed` set, the one a clinician's override not yet saved
/// would produce (for the preview; nothing is stored).
pub(crate) async fn next_session_with(
    state: &AppState,
    account_id: &str,
    proposed: Option<&Override>,
) -> ApiResult<PlanView> {
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
    let view = screening_view(&screening)?;
    let Some(rung) = view.result.decision.rung() else {
        return Err(ApiError::new(
            ErrorCode::NotCleared,
            format!(
                "Your latest screening ({}) did not clear you for loaded deadlifts ({}): take a new screening once that has been dealt with.",
                screening.as_of,
                view.result.decision.words()
            ),
        ));
    };
    // A clinician's override newer than the screening sets the rung and the ceiling; it can
    // never lift a screening that was not cleared (handled above: red flags always win).
    let overrides = state.store().overrides(account_id).await?;
    let newer: Vec<&Override> = proposed
        .into_iter()
        .chain(
            overrides
                .iter()
                .filter(|o| o.created_at > screening.created_at),
        )
        .collect();
    let stage = match newer.iter().find_map(|o| o.stage.as_deref()) {
        Some(stage) => resilift_core::domain::Stage::parse(stage)
            .map(StageDto::from)
            .map_err(|e| ApiError::internal(&e))?,
        None => rung,
    };
    let ceiling = newer.iter().find_map(|o| ceiling_view(o));
    let equipment: EquipmentDto =
        serde_json::from_str(&profile.equipment).map_err(|e| ApiError::internal(&e))?;
    let units = equipment.units;
    let rows = state.store().all_sessions(account_id).await?;
    let mut sessions = Vec::with_capacity(rows.len());
    let mut answered = Vec::with_capacity(rows.len());
    for row in &rows {
        let (dto, _) = parse_session(row)?;
        sessions.push(dto);
        answered.push(row.created_at < screening.created_at);
    }
    let triage = crate::safety::triage_since(state, account_id, &screening).await?;
    // Days of foundation work since the screening: earlier ones were answered by it.
    let foundation = state
        .store()
        .foundation_days_since(account_id, screening.created_at)
        .await?
        .iter()
        .map(|day| serde_json::from_str(&day.body).map_err(|e| ApiError::internal(&e)))
        .collect::<ApiResult<Vec<_>>>()?;
    let request = NextRequest {
        as_of: today.to_string(),
        stage,
        equipment: Some(equipment),
        sessions,
        // PRX-DUE: the latest screening's date for the next one.
        rescreen_due: view.result.next_screen.clone(),
        // PRX-TRIAGE: a triage since the latest screening.
        triage: triage
            .as_ref()
            .map(|t| -> ApiResult<_> {
                Ok(resilift_api::next::TriageRefDto {
                    date: t.taken_on.to_string(),
                    onset: t.onset.to_string(),
                    outcome: triage_view(t)?.result.outcome,
                })
            })
            .transpose()?,
        foundation,
        // PRX-CLINICIAN: the newest ceiling since the screening, in the lifter's units.
        ceiling: ceiling.map(|c| in_units(c, units)),
        // PRX-IMPORT: history imported from another app (loads only).
        imported: state
            .store()
            .imported_sessions(account_id)
            .await?
            .iter()
            .filter_map(|row| {
                crate::service::imports::engine_session(row, units, today).transpose()
            })
            .collect::<ApiResult<Vec<_>>>()?,
    };
    let mut input = request.to_core().map_err(|e| ApiError::internal(&e))?;
    // Warning signs, leg symptoms and flare pain logged before the latest screening were
    // answered by it.
    for (log, answered) in input.sessions.iter_mut().zip(answered) {
        log.screened_after = answered;
    }
    // What a correction or a deletion took away still stops until a screening answers it.
    input.kept_signs =
        crate::service::safety_record::kept_signs(state, account_id, screening.created_at, &input)
            .await?;
    let plan = resilift_core::prescribe::next_session(&input, state.rules());
    Ok(PlanView {
        plan: NextResponse::new(&plan, &input.equipment),
        screening_id: screening.id,
        clinician_override: newer.first().map(|o| override_view(o)),
        triage_id: triage.map(|t| t.id),
        ceiling,
    })
}

/// A stored ceiling in the lifter's current units (0.45359237 kg to the pound, rounded down
/// to 0.01 so the conversion never raises it).
fn in_units(ceiling: CeilingView, units: UnitsDto) -> resilift_api::next::CeilingDto {
    use resilift_api::import::KG_PER_LB;
    let load = ceiling.load.map(|load| match (ceiling.units, units) {
        (Some(UnitsDto::Kg), UnitsDto::Lb) => (load / KG_PER_LB * 100.0).floor() / 100.0,
        (Some(UnitsDto::Lb), UnitsDto::Kg) => (load * KG_PER_LB * 100.0).floor() / 100.0,
        _ => load,
    });
    resilift_api::next::CeilingDto {
        load,
        percent_e1rm: ceiling.percent_e1rm,
    }
}

// ----- progress -----------------------------------------------------------------------------

/// Time series for charts and the history table.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct Progress {
    /// Units of every load.
    pub(crate) units: UnitsDto,
    /// Every session, oldest first.
    pub(crate) sessions: Vec<ProgressSession>,
    /// Each change of exercise between consecutive sessions.
    pub(crate) rung_changes: Vec<RungChange>,
    /// Back-endurance holds.
    pub(crate) holds: Vec<HoldPoint>,
    /// Questionnaire scores.
    pub(crate) scores: Vec<ScorePoint>,
    /// Screenings with their decisions.
    pub(crate) screenings: Vec<ScreeningPoint>,
    /// Sessions imported from another app, oldest first (loads only; PRX-IMPORT).
    pub(crate) imported: Vec<ImportedPoint>,
}

/// A session imported from another app, in the progress series.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct ImportedPoint {
    /// Day.
    pub(crate) date: NaiveDate,
    /// Exercise.
    pub(crate) exercise: StageDto,
    /// Its estimated 1RM (an unrated set counted as RPE 10), if any.
    pub(crate) e1rm: Option<f64>,
    /// Heaviest working load.
    pub(crate) working_load: Option<f64>,
}

/// One session in the progress series.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct ProgressSession {
    /// Id.
    pub(crate) id: String,
    /// Day.
    pub(crate) date: NaiveDate,
    /// Exercise.
    pub(crate) exercise: StageDto,
    /// Estimated 1RM from the session, when it had a set to estimate from.
    pub(crate) e1rm: Option<f64>,
    /// Heaviest working load.
    pub(crate) working_load: Option<f64>,
    /// Worst pain during (0-10).
    pub(crate) pain_during: u8,
    /// Pain the next morning (0-10), once checked in.
    pub(crate) pain_next_morning: Option<u8>,
    /// PAIN-* colour.
    pub(crate) pain_colour: ColourDto,
}

/// A change of exercise.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct RungChange {
    /// Day of the first session at the new rung.
    pub(crate) date: NaiveDate,
    /// The rung before.
    pub(crate) from: StageDto,
    /// The rung after.
    pub(crate) to: StageDto,
}

/// A timed hold.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct HoldPoint {
    /// Day.
    pub(crate) date: NaiveDate,
    /// `biering_sorensen`, `mcgill_flexion`, `mcgill_extension`, `mcgill_side_right` or
    /// `mcgill_side_left`.
    pub(crate) test: String,
    /// Seconds held.
    pub(crate) seconds: f64,
}

/// A questionnaire score.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct ScorePoint {
    /// Day.
    pub(crate) date: NaiveDate,
    /// `nprs`, `odi`, `rmdq`, `tsk11` or `startback`.
    pub(crate) instrument: String,
    /// The score or total.
    pub(crate) value: f64,
}

/// A screening in the series.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct ScreeningPoint {
    /// Id.
    pub(crate) id: String,
    /// Day.
    pub(crate) date: NaiveDate,
    /// The decision.
    pub(crate) decision: ScreenDecisionDto,
}

/// The numbers a stored score or hold carries (each instrument has some of them).
#[derive(Deserialize)]
struct StoredNumbers {
    score: Option<f64>,
    total: Option<f64>,
    seconds: Option<f64>,
    flexion: Option<f64>,
    extension: Option<f64>,
    side_right: Option<f64>,
    side_left: Option<f64>,
}

fn numbers(text: &str) -> ApiResult<StoredNumbers> {
    serde_json::from_str(text).map_err(|e| ApiError::internal(&e))
}

/// Time series for charts.
pub(crate) async fn progress(state: &AppState, account_id: &str) -> ApiResult<Progress> {
    let (_, profile) = today(state, account_id).await?;
    let rows = state.store().all_sessions(account_id).await?;
    let parsed: Vec<(SessionDto, SessionLog)> =
        rows.iter().map(parse_session).collect::<ApiResult<_>>()?;
    let pains: Vec<SessionPain> = parsed.iter().map(|(_, log)| log.pain).collect();
    let colours = resilift_core::pain::colours(&pains, &state.rules().pain);
    let mut sessions = Vec::new();
    let mut rung_changes = Vec::new();
    let mut previous: Option<StageDto> = None;
    for (((_, log), row), colour) in parsed.iter().zip(&rows).zip(&colours) {
        let exercise = StageDto::from(log.exercise.stage());
        if let Some(before) = previous.filter(|p| *p != exercise) {
            rung_changes.push(RungChange {
                date: log.date,
                from: before,
                to: exercise,
            });
        }
        previous = Some(exercise);
        sessions.push(ProgressSession {
            id: row.id.clone(),
            date: log.date,
            exercise,
            e1rm: resilift_core::prescribe::session_e1rm(log, state.rules())
                .map(resilift_api::round2),
            working_load: log
                .sets
                .iter()
                .map(|s| s.load)
                .reduce(f64::max)
                .map(resilift_api::round2),
            pain_during: log.pain.during_max.get(),
            pain_next_morning: log
                .pain
                .next_morning
                .map(resilift_core::domain::PainScore::get),
            pain_colour: ColourDto::from(*colour),
        });
    }
    let mut holds = Vec::new();
    let mut scores = Vec::new();
    for a in state.store().all_assessments(account_id).await? {
        let date = a.taken_on;
        let result = numbers(&a.result)?;
        let mut score = |value: Option<f64>| {
            if let Some(value) = value {
                scores.push(ScorePoint {
                    date,
                    instrument: a.instrument.clone(),
                    value,
                });
            }
        };
        match a.instrument.as_str() {
            "biering_sorensen" => holds.extend(result.seconds.map(|seconds| HoldPoint {
                date,
                test: "biering_sorensen".into(),
                seconds,
            })),
            "mcgill" => {
                let answers = numbers(&a.answers)?;
                for (hold, seconds) in [
                    ("flexion", answers.flexion),
                    ("extension", answers.extension),
                    ("side_right", answers.side_right),
                    ("side_left", answers.side_left),
                ] {
                    holds.extend(seconds.map(|seconds| HoldPoint {
                        date,
                        test: format!("mcgill_{hold}"),
                        seconds,
                    }));
                }
            }
            "nprs" | "odi" => score(result.score),
            "rmdq" | "tsk11" | "startback" => score(result.total),
            _ => {}
        }
    }
    let screenings = state
        .store()
        .all_screenings(account_id)
        .await?
        .iter()
        .map(|s| {
            Ok(ScreeningPoint {
                id: s.id.clone(),
                date: s.as_of,
                decision: screening_view(s)?.result.decision,
            })
        })
        .collect::<ApiResult<_>>()?;
    let units = resilift_api::next::UnitsDto::parse(&profile.units)
        .ok_or_else(|| ApiError::internal(&"a profile with unknown units"))?;
    let mut imported = Vec::new();
    for row in state.store().imported_sessions(account_id).await? {
        let Some(dto) = crate::service::imports::engine_session(&row, units, NaiveDate::MAX)?
        else {
            continue;
        };
        let log = resilift_core::prescribe::ImportedLog {
            date: row.date,
            exercise: dto.exercise.into(),
            sets: dto
                .sets
                .iter()
                .map(|s| resilift_core::prescribe::SetLog {
                    load: s.load,
                    reps: u32::try_from(s.reps).unwrap_or(0),
                    rpe: s
                        .rpe
                        .and_then(|r| resilift_core::domain::Rpe::parse(r).ok()),
                })
                .collect(),
        };
        imported.push(ImportedPoint {
            date: row.date,
            exercise: StageDto::from(log.exercise.stage()),
            e1rm: resilift_core::prescribe::imported_session_e1rm(&log, state.rules())
                .map(resilift_api::round2),
            working_load: log.sets.iter().map(|s| s.load).reduce(f64::max),
        });
    }
    Ok(Progress {
        imported,
        units,
        sessions,
        rung_changes,
        holds,
        scores,
        screenings,
    })
}

/// A linked client's record at a glance.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ClientDetail {
    /// The lifter's account id.
    pub(crate) id: String,
    /// E-mail address.
    pub(crate) email: String,
    /// Status for the roster.
    pub(crate) status: Status,
    /// The latest screening, or null before the first.
    pub(crate) latest_screening: Option<ScreeningView>,
}

// ----- a client's status --------------------------------------------------------------------

/// A client's status on a clinician's roster: the engine's decision plus the facts it rests on.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct Status {
    /// The colour, its urgency and the rules that decided it.
    #[serde(flatten)]
    pub(crate) status: resilift_api::roster::StatusDto,
    /// The latest screening's decision.
    pub(crate) decision: Option<ScreenDecisionDto>,
    /// Day of the last session.
    pub(crate) last_session: Option<NaiveDate>,
    /// Planned against done over the last 4 weeks.
    pub(crate) adherence_4_weeks: AdherenceView,
    /// Planned against done over the last 12 weeks.
    pub(crate) adherence_12_weeks: AdherenceView,
}

/// Sessions planned against sessions done (deadlift sessions and days of foundation work, at
/// most the plan's sessions a week), over whole weeks since the first screening.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub(crate) struct AdherenceView {
    /// Sessions the plan asked for.
    pub(crate) planned: u32,
    /// Sessions done.
    pub(crate) done: u32,
    /// Done as a whole percentage of planned; null before anything was planned.
    pub(crate) percent: Option<u32>,
}

impl From<resilift_core::roster::Adherence> for AdherenceView {
    fn from(a: resilift_core::roster::Adherence) -> Self {
        Self {
            planned: a.planned,
            done: a.done,
            percent: a.percent(),
        }
    }
}

/// The statuses of many clients, in the order given, computed a few at a time (each reads its
/// own record; the database pool serves them side by side).
pub(crate) async fn statuses(state: &AppState, ids: &[String]) -> Vec<ApiResult<Status>> {
    const AT_ONCE: usize = 8;
    // A status computed earlier still holds while the record's version (its newest audit
    // entry: every change writes one) and the client's day are the same.
    let versions = match state.store().record_versions(ids).await {
        Ok(versions) => versions,
        Err(error) => {
            tracing::warn!(%error, "record versions could not be read; computing every status");
            std::collections::HashMap::new()
        }
    };
    let now = state.now();
    let mut out: Vec<Option<ApiResult<Status>>> = (0..ids.len()).map(|_| None).collect();
    let mut missing = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        match state.cached_status(id, versions.get(id).map(String::as_str), now) {
            Some(status) => out[index] = Some(Ok(status)),
            None => missing.push(index),
        }
    }
    for chunk in missing.chunks(AT_ONCE) {
        let mut running = tokio::task::JoinSet::new();
        for &index in chunk {
            let (state, id) = (state.clone(), ids[index].clone());
            running.spawn(async move { (index, status_and_zone(&state, &id).await) });
        }
        while let Some(done) = running.join_next().await {
            match done {
                Ok((index, Ok((status, zone)))) => {
                    if let Some(version) = versions.get(&ids[index]) {
                        state.cache_status(&ids[index], version, &zone, now, &status);
                    }
                    out[index] = Some(Ok(status));
                }
                Ok((index, Err(error))) => out[index] = Some(Err(error)),
                Err(error) => tracing::error!(%error, "a roster status task failed"),
            }
        }
    }
    out.into_iter()
        .map(|r| r.unwrap_or_else(|| Err(ApiError::internal(&"the status was not computed"))))
        .collect()
}

/// Gathers a client's stored record and lets the engine decide the roster status
/// (`resilift_core::roster`, rules `STATUS-…`).
pub(crate) async fn status(state: &AppState, account_id: &str) -> ApiResult<Status> {
    // Through the roster's kept statuses: a clinician who opens a client from the roster gets
    // the status computed there, and the roster gets the one computed here.
    statuses(state, &[account_id.to_owned()])
        .await
        .pop()
        .unwrap_or_else(|| Err(ApiError::internal(&"the status was not computed")))
}

/// The status and the client's time zone (the day it was decided for).
async fn status_and_zone(state: &AppState, account_id: &str) -> ApiResult<(Status, String)> {
    use resilift_core::prescribe::StopUrgency;
    use resilift_core::roster;
    let (today, profile) = today(state, account_id).await?;
    let screening = state.store().latest_screening(account_id).await?;
    let recent = state.store().sessions(account_id, None, 3).await?;
    let latest_decision = screening
        .as_ref()
        .map(|s| screening_view(s).map(|v| v.result.decision))
        .transpose()?;
    let latest = match &screening {
        None => None,
        Some(stored) => {
            let decision = resilift_core::screen::ScreenDecision::parse(&stored.decision)
                .ok_or_else(|| {
                    ApiError::internal(&format!("screening {} has an unknown decision", stored.id))
                })?;
            let next_screen = screening_view(stored)?
                .result
                .next_screen
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
                Ok(view) if view.plan.decision == PlanDecisionDto::Stop => {
                    Some(match view.plan.urgency {
                        Some(UrgencyDto::Emergency) => StopUrgency::Emergency,
                        Some(UrgencyDto::SameDay) => StopUrgency::SameDay,
                        Some(UrgencyDto::SeeClinician) => StopUrgency::SeeClinician,
                        Some(UrgencyDto::Triage) | None => StopUrgency::Triage,
                    })
                }
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
    let began = state.store().first_screening_day(account_id).await?;
    let days = state
        .store()
        .activity_days(account_id, today - chrono::Duration::days(7 * 12))
        .await?;
    let per_week = state.rules().prescription.max_sessions_per_week;
    let over = |weeks| AdherenceView::from(roster::adherence(today, began, &days, per_week, weeks));
    Ok((
        Status {
            status: resilift_api::roster::StatusDto::from(&decided),
            decision: latest_decision,
            last_session: recent.items.first().map(|s| s.date),
            adherence_4_weeks: over(4),
            adherence_12_weeks: over(12),
        },
        profile.time_zone,
    ))
}
