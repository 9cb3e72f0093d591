//! The next-session request and prescription on the wire (docs/json.md).

use resilift_core::flare::FlareDecision;
use resilift_core::foundation::FoundationDay;
use resilift_core::pain::SessionPain;
use resilift_core::prescribe::{
    self, Equipment, Exercise, NextInput, NextSession, SessionLog, SetLog, TriageResult, Units,
};
use resilift_core::{Config, DISCLAIMER};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ReasonDto;
use crate::check::{self, Check};
use crate::errors::InputErrors;
use crate::numbers::{ser2, ser2_opt};
use crate::screen::{LegSymptomsDto, ProgrammeItemDto, StageDto};
use crate::words::{ColourDto, PlanDecisionDto, UrgencyDto};

/// Everything the next session depends on.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NextRequest {
    /// Today (YYYY-MM-DD).
    #[schemars(schema_with = "check::date")]
    pub as_of: String,
    /// Current rung.
    pub stage: StageDto,
    /// Equipment; the standard kilogram gym when absent.
    #[serde(default)]
    pub equipment: Option<EquipmentDto>,
    /// Deadlift history (any order).
    pub sessions: Vec<SessionDto>,
    /// The latest screening's `next_screen` (YYYY-MM-DD), or null (PRX-DUE).
    #[serde(default)]
    #[schemars(schema_with = "check::nullable_date")]
    pub rescreen_due: Option<String>,
    /// The latest post-lift triage since the last clearing screen, or null (PRX-TRIAGE).
    #[serde(default)]
    pub triage: Option<TriageRefDto>,
    /// Days of foundation work logged since the latest screening (any order): their warning
    /// signs, leg symptoms and flare pain stop loading, and their pain moves the pyramid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foundation: Vec<FoundationDayDto>,
    /// A linked clinician's load ceiling, or null (PRX-CLINICIAN): it only ever lowers the
    /// programme's own ceiling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceiling: Option<CeilingDto>,
    /// Sessions imported from another app (any order; PRX-IMPORT): loads and reps, no pain
    /// answers. They give an estimated 1RM while the sessions logged here give none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 100000))]
    pub imported: Vec<ImportedSessionDto>,
}

/// A session imported from another app: its working sets, nothing else.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportedSessionDto {
    /// Day (YYYY-MM-DD), not after `as_of`.
    #[schemars(schema_with = "check::date")]
    pub date: String,
    /// `kettlebell`, `trap_bar` or `barbell`.
    pub exercise: ExerciseDto,
    /// Working sets (at least one, at most 50), in the equipment's units.
    #[schemars(length(min = 1, max = 50))]
    pub sets: Vec<SetDto>,
}

impl ImportedSessionDto {
    fn to_core(
        &self,
        path: &str,
        as_of: Option<chrono::NaiveDate>,
        check: &mut Check,
    ) -> Option<prescribe::ImportedLog> {
        let date = check.date(&format!("{path}.date"), &self.date);
        check.not_after(&format!("{path}.date"), date, as_of);
        if self.sets.is_empty() || self.sets.len() > 50 {
            check.errors.push(
                format!("{path}.sets"),
                format!("expected 1 to 50 sets, got {}", self.sets.len()),
            );
        }
        let sets = self
            .sets
            .iter()
            .enumerate()
            .map(|(index, set)| {
                let at = format!("{path}.sets[{index}]");
                if set.reps == 0 {
                    check
                        .errors
                        .push(format!("{at}.reps"), "expected at least 1 rep");
                }
                SetLog {
                    load: check.positive(&format!("{at}.load"), set.load, 1000.0),
                    reps: check.count(&format!("{at}.reps"), set.reps, 50),
                    rpe: set.rpe.and_then(|rpe| check.rpe(&format!("{at}.rpe"), rpe)),
                }
            })
            .collect();
        Some(prescribe::ImportedLog {
            date: date?,
            exercise: self.exercise.into(),
            sets,
        })
    }
}

/// A clinician's load ceiling: a load, a share of the estimated 1RM, or both (the lower
/// holds). At least one is set.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CeilingDto {
    /// Heaviest load, in the equipment's units (0.25 to 1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.25, max = 1000))]
    pub load: Option<f64>,
    /// Heaviest percentage of the estimated 1RM (10 to 80: never above the programme's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 10, max = 80))]
    pub percent_e1rm: Option<f64>,
}

impl CeilingDto {
    fn to_core(self, check: &mut Check, max_pct: f64) -> Option<prescribe::Ceiling> {
        if self.load.is_none() && self.percent_e1rm.is_none() {
            check.errors.push(
                "ceiling",
                "expected `load`, `percent_e1rm` or both".to_owned(),
            );
            return None;
        }
        let load = self
            .load
            .map(|load| check.number("ceiling.load", load, 0.25, 1000.0));
        let share = self
            .percent_e1rm
            .map(|pct| check.number("ceiling.percent_e1rm", pct, 10.0, max_pct * 100.0) / 100.0);
        Some(prescribe::Ceiling { load, share })
    }
}

/// A day of foundation work (docs/json.md).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FoundationDayDto {
    /// The day (YYYY-MM-DD), not after `as_of`.
    #[schemars(schema_with = "check::date")]
    pub date: String,
    /// The programme's exercises done that day: `curl_up`, `side_bridge`, `bird_dog`,
    /// `hip_hinge`, `glute_bridge`, `walking`.
    #[serde(default)]
    #[schemars(schema_with = "foundation_ids")]
    pub exercises: Vec<String>,
    /// Pain before, at its worst during and right after (0-10 each).
    pub pain: FoundationPainDto,
    /// Pain, tingling or numbness spreading into a leg during or after: `none`, `above_knee`
    /// or `below_knee`.
    pub leg_symptoms: LegSymptomsDto,
    /// Warning signs reported that day.
    #[serde(default)]
    #[schemars(schema_with = "check::red_flag_ids")]
    pub red_flags: Vec<String>,
}

/// Pain on a day of foundation work (no next-morning check-in).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FoundationPainDto {
    /// Before, 0-10.
    #[schemars(range(min = 0, max = 10))]
    pub before: i64,
    /// Worst during, 0-10.
    #[schemars(range(min = 0, max = 10))]
    pub during_max: i64,
    /// Right after, 0-10.
    #[schemars(range(min = 0, max = 10))]
    pub after: i64,
}

fn foundation_ids(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let ids = resilift_core::foundation::EXERCISES;
    schemars::json_schema!({"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ids}})
}

impl FoundationDayDto {
    /// Checks one day on its own (as logged through the API), not after `today`; paths start
    /// at the day's own fields (`pain.after`).
    ///
    /// # Errors
    /// One entry per invalid field.
    pub fn check(&self, today: chrono::NaiveDate) -> Result<FoundationDay, InputErrors> {
        let mut check = Check::new();
        let day = self.to_core("", Some(today), &mut check);
        standalone(check.errors, day)
    }

    fn to_core(
        &self,
        path: &str,
        as_of: Option<chrono::NaiveDate>,
        check: &mut Check,
    ) -> Option<FoundationDay> {
        let date = check.date(&format!("{path}.date"), &self.date);
        check.not_after(&format!("{path}.date"), date, as_of);
        let mut seen = Vec::new();
        for (index, id) in self.exercises.iter().enumerate() {
            if !resilift_core::foundation::EXERCISES.contains(&id.as_str()) {
                check.errors.push(
                    format!("{path}.exercises[{index}]"),
                    format!(
                        "unknown exercise `{id}`; expected one of {}",
                        resilift_core::foundation::EXERCISES.join(", ")
                    ),
                );
            } else if seen.contains(id) {
                check.errors.push(
                    format!("{path}.exercises[{index}]"),
                    format!("`{id}` is listed twice"),
                );
            }
            seen.push(id.clone());
        }
        let before = check.pain(&format!("{path}.pain.before"), self.pain.before);
        let during = check.pain(&format!("{path}.pain.during_max"), self.pain.during_max);
        let after = check.pain(&format!("{path}.pain.after"), self.pain.after);
        let red_flags = check.red_flags(&format!("{path}.red_flags"), &self.red_flags);
        Some(FoundationDay {
            date: date?,
            pain: SessionPain {
                before: before?,
                during_max: during?,
                after: after?,
                next_morning: None,
            },
            leg_symptoms: self.leg_symptoms.into(),
            red_flags,
            screened_after: false,
        })
    }
}

/// A stored triage result, as the next session reads it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageRefDto {
    /// Day the triage was taken (YYYY-MM-DD).
    #[schemars(schema_with = "check::date")]
    pub date: String,
    /// Day the pain began (YYYY-MM-DD).
    #[schemars(schema_with = "check::date")]
    pub onset: String,
    /// `emergency`, `same_day`, `see_clinician`, `self_care` or `persistent`.
    pub outcome: TriageOutcomeDto,
}

/// A triage outcome (docs/json.md).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "self-describing")]
pub enum TriageOutcomeDto {
    Emergency,
    SameDay,
    SeeClinician,
    SelfCare,
    Persistent,
}

impl From<TriageOutcomeDto> for FlareDecision {
    fn from(value: TriageOutcomeDto) -> Self {
        match value {
            TriageOutcomeDto::Emergency => Self::Emergency,
            TriageOutcomeDto::SameDay => Self::SameDay,
            TriageOutcomeDto::SeeClinician => Self::SeeClinician,
            TriageOutcomeDto::SelfCare => Self::SelfCare,
            TriageOutcomeDto::Persistent => Self::Persistent,
        }
    }
}

/// Equipment.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EquipmentDto {
    /// `kg` or `lb`.
    pub units: UnitsDto,
    /// Empty barbell (20 kg / 45 lb).
    #[serde(default)]
    pub barbell: Option<f64>,
    /// Empty trap bar (25 kg / 55 lb).
    #[serde(default)]
    pub trap_bar: Option<f64>,
    /// Smallest total increment (2.5 kg / 5 lb).
    #[serde(default)]
    pub step: Option<f64>,
    /// Owned kettlebells.
    #[serde(default)]
    pub kettlebells: Option<Vec<f64>>,
}

/// Units.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "self-describing")]
pub enum UnitsDto {
    Kg,
    Lb,
}

impl UnitsDto {
    /// The units a wire name stands for.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "kg" => Some(Self::Kg),
            "lb" => Some(Self::Lb),
            _ => None,
        }
    }

    /// The wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        Units::from(self).as_str()
    }
}

impl From<Units> for UnitsDto {
    fn from(value: Units) -> Self {
        match value {
            Units::Kg => Self::Kg,
            Units::Lb => Self::Lb,
        }
    }
}

impl From<UnitsDto> for Units {
    fn from(value: UnitsDto) -> Self {
        match value {
            UnitsDto::Kg => Self::Kg,
            UnitsDto::Lb => Self::Lb,
        }
    }
}

/// A loaded exercise.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "self-describing")]
pub enum ExerciseDto {
    Kettlebell,
    TrapBar,
    Barbell,
}

impl ExerciseDto {
    /// The wire name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Kettlebell => "kettlebell",
            Self::TrapBar => "trap_bar",
            Self::Barbell => "barbell",
        }
    }
}

impl From<Exercise> for ExerciseDto {
    fn from(value: Exercise) -> Self {
        match value {
            Exercise::Kettlebell => Self::Kettlebell,
            Exercise::TrapBar => Self::TrapBar,
            Exercise::Barbell => Self::Barbell,
        }
    }
}

impl From<ExerciseDto> for Exercise {
    fn from(value: ExerciseDto) -> Self {
        match value {
            ExerciseDto::Kettlebell => Self::Kettlebell,
            ExerciseDto::TrapBar => Self::TrapBar,
            ExerciseDto::Barbell => Self::Barbell,
        }
    }
}

/// One logged session.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionDto {
    /// Day of the session (YYYY-MM-DD), not after `as_of`.
    #[schemars(schema_with = "check::date")]
    pub date: String,
    /// `kettlebell`, `trap_bar` or `barbell`.
    pub exercise: ExerciseDto,
    /// Completed as prescribed.
    pub completed: bool,
    /// Sets in order (at least one, at most 20).
    #[schemars(length(min = 1, max = 20))]
    pub sets: Vec<SetDto>,
    /// Pain before, worst during, after and the next morning.
    pub pain: SessionPainDto,
    /// Form faults.
    #[serde(default)]
    #[schemars(schema_with = "check::fault_ids")]
    pub faults: Vec<String>,
    /// Red flags reported that day or at its next-morning check-in.
    #[serde(default)]
    #[schemars(schema_with = "check::red_flag_ids")]
    pub red_flags: Vec<String>,
    /// Pain, tingling or numbness spreading into a leg during or after the session: `none`,
    /// `above_knee` or `below_knee`; null or absent only for sessions recorded before rule-set
    /// version 2 (the server requires it for every new session).
    #[serde(default)]
    pub leg_symptoms: Option<LegSymptomsDto>,
}

/// One set.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetDto {
    /// Load in the equipment's units (0.25 to 1000).
    #[schemars(range(min = 0.25, max = 1000))]
    pub load: f64,
    /// Reps done (1 to 50).
    #[schemars(range(min = 1, max = 50))]
    pub reps: i64,
    /// Effort 1-10 in half steps; a last set without it never allows a raise.
    #[serde(default)]
    #[schemars(range(min = 1, max = 10), extend("multipleOf" = 0.5))]
    pub rpe: Option<f64>,
}

/// Pain for a session.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionPainDto {
    /// Before, 0-10.
    #[schemars(range(min = 0, max = 10))]
    pub before: i64,
    /// Worst during, 0-10.
    #[schemars(range(min = 0, max = 10))]
    pub during_max: i64,
    /// Right after, 0-10.
    #[schemars(range(min = 0, max = 10))]
    pub after: i64,
    /// Next morning, 0-10, or null until the check-in.
    #[serde(default)]
    #[schemars(range(min = 0, max = 10))]
    pub next_morning: Option<i64>,
}

impl NextRequest {
    /// Checks every field and builds the core input.
    ///
    /// # Errors
    /// One entry per invalid field.
    pub fn to_core(&self) -> Result<NextInput, InputErrors> {
        let mut check = Check::new();
        let as_of = check.date("as_of", &self.as_of);
        let equipment = equipment(self.equipment.as_ref(), &mut check);
        let sessions: Vec<SessionLog> = self
            .sessions
            .iter()
            .enumerate()
            .filter_map(|(index, session)| {
                session.to_core(&format!("sessions[{index}]"), as_of, &mut check)
            })
            .collect();
        let rescreen_due = self
            .rescreen_due
            .as_deref()
            .and_then(|text| check.date("rescreen_due", text));
        let foundation: Vec<FoundationDay> = self
            .foundation
            .iter()
            .enumerate()
            .filter_map(|(index, day)| {
                day.to_core(&format!("foundation[{index}]"), as_of, &mut check)
            })
            .collect();
        let triage = self.triage.as_ref().and_then(|triage| {
            let date = check.date("triage.date", &triage.date);
            check.not_after("triage.date", date, as_of);
            let onset = check.date("triage.onset", &triage.onset);
            check.not_after("triage.onset", onset, date);
            Some(TriageResult {
                date: date?,
                onset: onset?,
                outcome: triage.outcome.into(),
            })
        });
        let imported: Vec<prescribe::ImportedLog> = self
            .imported
            .iter()
            .enumerate()
            .filter_map(|(index, session)| {
                session.to_core(&format!("imported[{index}]"), as_of, &mut check)
            })
            .collect();
        let ceiling = self
            .ceiling
            .and_then(|c| c.to_core(&mut check, Config::standard().prescription.max_pct));
        let errors = check.errors;
        match as_of {
            Some(as_of) if errors.is_empty() => Ok(NextInput {
                as_of,
                stage: self.stage.into(),
                equipment,
                sessions,
                rescreen_due,
                triage,
                foundation,
                ceiling,
                imported,
                kept_signs: Vec::new(),
            }),
            _ => Err(errors),
        }
    }
}

fn equipment(dto: Option<&EquipmentDto>, check: &mut Check) -> Equipment {
    let Some(dto) = dto else {
        return Equipment::standard(Units::Kg);
    };
    let mut equipment = Equipment::standard(dto.units.into());
    if let Some(bar) = dto.barbell {
        equipment.barbell = check.positive("equipment.barbell", bar, 200.0);
    }
    if let Some(bar) = dto.trap_bar {
        equipment.trap_bar = check.positive("equipment.trap_bar", bar, 200.0);
    }
    if let Some(step) = dto.step {
        equipment.step = check.positive("equipment.step", step, 50.0);
    }
    if let Some(bells) = &dto.kettlebells {
        if bells.is_empty() {
            check
                .errors
                .push("equipment.kettlebells", "expected at least one kettlebell");
        }
        let mut bells: Vec<f64> = bells
            .iter()
            .enumerate()
            .map(|(index, bell)| {
                check.positive(&format!("equipment.kettlebells[{index}]"), *bell, 500.0)
            })
            .collect();
        bells.sort_by(f64::total_cmp);
        bells.dedup();
        equipment.kettlebells = bells;
    }
    equipment
}

/// Checks equipment on its own (a stored profile).
///
/// # Errors
/// One entry per invalid field, paths starting at `equipment`.
pub fn check_equipment(dto: &EquipmentDto) -> Result<Equipment, InputErrors> {
    let mut check = Check::new();
    let equipment = equipment(Some(dto), &mut check);
    check.errors.finish(|| equipment)
}

/// The result of checking one record on its own (as logged through the API): paths start at
/// the record's own fields (`pain.after`, not `.pain.after`) and "after as_of" reads "after
/// today".
fn standalone<T>(mut errors: InputErrors, value: Option<T>) -> Result<T, InputErrors> {
    for error in &mut errors.0 {
        if let Some(rest) = error.path.strip_prefix('.') {
            error.path = rest.to_owned();
        }
        error.message = error.message.replace("after as_of", "after today");
    }
    match value {
        Some(value) if errors.is_empty() => Ok(value),
        _ => Err(errors),
    }
}

impl SessionDto {
    /// Checks one session on its own (as logged through the API), not after `today`.
    /// Paths in the errors start at the session's own fields (`pain.during_max`).
    ///
    /// # Errors
    /// One entry per invalid field.
    pub fn check(&self, today: chrono::NaiveDate) -> Result<SessionLog, InputErrors> {
        let mut check = Check::new();
        let log = self.to_core("", Some(today), &mut check);
        standalone(check.errors, log)
    }

    fn to_core(
        &self,
        path: &str,
        as_of: Option<chrono::NaiveDate>,
        check: &mut Check,
    ) -> Option<SessionLog> {
        let date = check.date(&format!("{path}.date"), &self.date);
        check.not_after(&format!("{path}.date"), date, as_of);
        if self.sets.is_empty() {
            check
                .errors
                .push(format!("{path}.sets"), "expected at least one set");
        }
        if self.sets.len() > crate::check::MOST_SETS {
            check.errors.push(
                format!("{path}.sets"),
                format!(
                    "expected at most {} sets in one session, got {}",
                    crate::check::MOST_SETS,
                    self.sets.len()
                ),
            );
        }
        let sets: Vec<SetLog> = self
            .sets
            .iter()
            .enumerate()
            .map(|(index, set)| {
                let at = format!("{path}.sets[{index}]");
                SetLog {
                    load: check.positive(&format!("{at}.load"), set.load, 1000.0),
                    reps: check.count(&format!("{at}.reps"), set.reps, 50),
                    rpe: set.rpe.and_then(|rpe| check.rpe(&format!("{at}.rpe"), rpe)),
                }
            })
            .collect();
        for (index, set) in self.sets.iter().enumerate() {
            if set.reps == 0 {
                check.errors.push(
                    format!("{path}.sets[{index}].reps"),
                    "expected at least 1 rep",
                );
            }
        }
        let pain = &self.pain;
        let before = check.pain(&format!("{path}.pain.before"), pain.before);
        let during = check.pain(&format!("{path}.pain.during_max"), pain.during_max);
        let after = check.pain(&format!("{path}.pain.after"), pain.after);
        let morning = pain
            .next_morning
            .map(|value| check.pain(&format!("{path}.pain.next_morning"), value));
        let faults = check.faults(&format!("{path}.faults"), &self.faults);
        let red_flags = check.red_flags(&format!("{path}.red_flags"), &self.red_flags);
        let next_morning = match morning {
            Some(None) => return None,
            Some(Some(score)) => Some(score),
            None => None,
        };
        Some(SessionLog {
            date: date?,
            exercise: self.exercise.into(),
            completed: self.completed,
            sets,
            pain: SessionPain {
                before: before?,
                during_max: during?,
                after: after?,
                next_morning,
            },
            faults,
            red_flags,
            leg_symptoms: self.leg_symptoms.map(Into::into),
            screened_after: false,
        })
    }
}

/// A warm-up set on the wire.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WarmUpDto {
    /// Load.
    #[serde(serialize_with = "ser2")]
    pub load: f64,
    /// Reps.
    pub reps: u32,
}

/// A working set on the wire.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WorkingSetDto {
    /// Load.
    #[serde(serialize_with = "ser2")]
    pub load: f64,
    /// Reps.
    pub reps: u32,
    /// Target effort.
    #[serde(serialize_with = "ser2")]
    pub target_rpe: f64,
}

/// The prescription on the wire (docs/json.md).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NextResponse {
    /// Earliest day for the session.
    pub date: String,
    /// `foundation`, `kettlebell`, `trap_bar` or `barbell`.
    pub exercise: StageDto,
    /// `calibrate`, `progress`, `hold`, `reduce`, `regress`, `rescreen`, `wait_for_check_in` or `stop`.
    pub decision: PlanDecisionDto,
    /// With `stop`, what comes first: `emergency`, `same_day`, `see_clinician` or `triage`;
    /// null for every other decision.
    pub urgency: Option<UrgencyDto>,
    /// The last session's colour, or null with no history.
    pub pain_response: Option<ColourDto>,
    /// The e1RM in use.
    #[serde(serialize_with = "ser2_opt")]
    pub e1rm: Option<f64>,
    /// Units of every load.
    pub units: UnitsDto,
    /// Empty bar for the exercise (null for kettlebells and foundation work), for plate maths.
    #[serde(serialize_with = "ser2_opt")]
    pub bar: Option<f64>,
    /// Warm-ups.
    pub warmups: Vec<WarmUpDto>,
    /// Working sets.
    pub sets: Vec<WorkingSetDto>,
    /// Cues for recent faults and step-by-step instructions.
    pub cues: Vec<String>,
    /// Setup and bracing checklist.
    pub checklist: Vec<&'static str>,
    /// The foundation programme, when the plan is foundation work.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programme: Vec<ProgrammeItemDto>,
    /// One sentence for people: what the next session is and how it compares with the last
    /// one, written from the same decision and loads as `sets`.
    pub summary: String,
    /// Rules that fired, most restrictive first.
    pub reasons: Vec<ReasonDto>,
    /// Educational, not medical advice.
    pub disclaimer: &'static str,
}

impl NextResponse {
    /// Builds the wire shape from a prescription.
    #[must_use]
    pub fn new(plan: &NextSession, equipment: &Equipment) -> Self {
        let bar = match plan.exercise {
            resilift_core::domain::Stage::Barbell => Some(equipment.barbell),
            resilift_core::domain::Stage::TrapBar => Some(equipment.trap_bar),
            _ => None,
        };
        Self {
            date: plan.date.to_string(),
            exercise: plan.exercise.into(),
            decision: plan.decision.into(),
            urgency: plan.urgency.map(UrgencyDto::from),
            pain_response: plan.pain_response.map(ColourDto::from),
            e1rm: plan.e1rm,
            units: equipment.units.into(),
            bar,
            warmups: plan
                .warmups
                .iter()
                .map(|w| WarmUpDto {
                    load: w.load,
                    reps: w.reps,
                })
                .collect(),
            sets: plan
                .sets
                .iter()
                .map(|s| WorkingSetDto {
                    load: s.load,
                    reps: s.reps,
                    target_rpe: s.target_rpe,
                })
                .collect(),
            cues: plan.cues.clone(),
            checklist: plan.checklist.clone(),
            programme: plan.programme.iter().map(ProgrammeItemDto::from).collect(),
            summary: plan.summary.clone(),
            reasons: plan.reasons.iter().map(ReasonDto::from).collect(),
            disclaimer: DISCLAIMER,
        }
    }
}

/// Parses, checks and prescribes in one step.
///
/// # Errors
/// Every problem with the input.
pub fn run(text: &str, cfg: &Config) -> Result<NextResponse, InputErrors> {
    let request: NextRequest = crate::parse_json(text)?;
    let input = request.to_core()?;
    let plan = prescribe::next_session(&input, cfg);
    Ok(NextResponse::new(&plan, &input.equipment))
}
