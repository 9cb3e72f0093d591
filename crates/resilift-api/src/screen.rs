//! The screening record (docs/json.md) and the screening decision on the wire.

use resilift_core::domain::{LegSymptoms, Sex, Stage};
use resilift_core::foundation::ProgrammeItem;
use resilift_core::instruments::{self, Bothersome, StartBackAnswers};
use resilift_core::screen::{Person, Screening, ScreeningInput};
use resilift_core::{Config, DISCLAIMER};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use crate::check::{self, Check};
use crate::errors::InputErrors;
use crate::words::ScreenDecisionDto;
use crate::{AdviceDto, EvidenceRef, ReasonDto, evidence_refs};

/// One screening record. Keys whose absence would silently reassure are required; the rest
/// default to the cautious value.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningRecord {
    /// The day the screen applies to (YYYY-MM-DD). The server fills it in with today.
    #[schemars(schema_with = "check::date")]
    pub as_of: String,
    /// Demographics: sex, height and weight are used for the risk profile, never for the
    /// decision; age is a red-flag factor (SCR-AGE).
    #[serde(default)]
    pub person: PersonDto,
    /// Red flags answered yes (an empty list means every one was asked and answered no).
    #[schemars(schema_with = "check::red_flag_ids")]
    pub red_flags: Vec<String>,
    /// General-health answers that were yes (required; an empty list means every question was
    /// asked and answered no).
    #[schemars(schema_with = "check::health_ids")]
    pub health: Vec<String>,
    /// Red-flag or general-health ids a clinician has reviewed and cleared for loading
    /// (`see_clinician`-tier red flags and clearance answers only). The server fills it from a
    /// linked clinician's clearance and refuses it from the lifter.
    #[serde(default)]
    #[schemars(schema_with = "check::clearable_ids")]
    pub cleared_flags: Vec<String>,
    /// Pain and episode history.
    pub pain: PainDto,
    /// Disc diagnosis.
    pub disc: DiscDto,
    /// A clinician has assessed and cleared below-knee leg symptoms.
    #[serde(default)]
    pub radicular_cleared: bool,
    /// Physical tests.
    pub tests: TestsDto,
    /// Questionnaires, each optional.
    #[serde(default)]
    pub questionnaires: QuestionnairesDto,
    /// Training history.
    pub training: TrainingDto,
}

/// Demographics.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonDto {
    /// Age in years.
    #[serde(default)]
    #[schemars(range(min = 0, max = 120))]
    pub age: Option<i64>,
    /// `male`, `female` or `other`.
    #[serde(default)]
    pub sex: Option<SexDto>,
    /// Height in centimetres.
    #[serde(default)]
    #[schemars(range(min = 50, max = 260))]
    pub height_cm: Option<f64>,
    /// Weight in kilograms.
    #[serde(default)]
    #[schemars(range(min = 20, max = 400))]
    pub weight_kg: Option<f64>,
}

/// Sex.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "self-describing")]
pub enum SexDto {
    Male,
    Female,
    Other,
}

impl From<SexDto> for Sex {
    fn from(value: SexDto) -> Self {
        match value {
            SexDto::Male => Self::Male,
            SexDto::Female => Self::Female,
            SexDto::Other => Self::Other,
        }
    }
}

/// Pain and episode history.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PainDto {
    /// Pain now, 0-10.
    #[schemars(range(min = 0, max = 10))]
    pub now: i64,
    /// Start of the current episode (YYYY-MM-DD), or null when there is none. Required.
    #[serde(deserialize_with = "check::present")]
    #[schemars(schema_with = "check::nullable_date")]
    pub current_episode_onset: Option<String>,
    /// Number of earlier episodes (0 to 100).
    #[schemars(range(min = 0, max = 100))]
    pub previous_episodes: i64,
    /// `none`, `above_knee` or `below_knee`.
    pub leg_symptoms: LegSymptomsDto,
}

/// Where leg symptoms reach.
/// Ordered by how far the symptoms reach.
#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "self-describing")]
pub enum LegSymptomsDto {
    None,
    AboveKnee,
    BelowKnee,
}

impl From<LegSymptomsDto> for LegSymptoms {
    fn from(value: LegSymptomsDto) -> Self {
        match value {
            LegSymptomsDto::None => Self::None,
            LegSymptomsDto::AboveKnee => Self::AboveKnee,
            LegSymptomsDto::BelowKnee => Self::BelowKnee,
        }
    }
}

/// Disc diagnosis.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiscDto {
    /// A disc bulge or herniation has been diagnosed.
    pub diagnosed: bool,
    /// A clinician has cleared it for loading.
    #[serde(default)]
    pub cleared: bool,
}

/// Physical tests.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestsDto {
    /// Biering-Sorensen hold in seconds, or null when not tested. Required.
    #[serde(deserialize_with = "check::present")]
    #[schemars(range(min = 0, max = 3600))]
    pub biering_sorensen_s: Option<f64>,
}

/// Questionnaires.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionnairesDto {
    /// STarT Back answers.
    #[serde(default)]
    pub startback: Option<StartBackDto>,
    /// TSK-11: 11 integers 1-4.
    #[serde(default)]
    pub tsk11: Option<Vec<i64>>,
    /// ODI: 10 section scores 0-5, null for unanswered.
    #[serde(default)]
    pub odi: Option<Vec<Option<i64>>>,
}

/// STarT Back answers.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartBackDto {
    /// Numbers (1-8) of the statements agreed with.
    pub agree: Vec<i64>,
    /// Item 9: `not_at_all`, `slightly`, `moderately`, `very_much` or `extremely`.
    pub bothersome: BothersomeDto,
}

/// STarT Back item 9.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "self-describing")]
pub enum BothersomeDto {
    NotAtAll,
    Slightly,
    Moderately,
    VeryMuch,
    Extremely,
}

impl From<BothersomeDto> for Bothersome {
    fn from(value: BothersomeDto) -> Self {
        match value {
            BothersomeDto::NotAtAll => Self::NotAtAll,
            BothersomeDto::Slightly => Self::Slightly,
            BothersomeDto::Moderately => Self::Moderately,
            BothersomeDto::VeryMuch => Self::VeryMuch,
            BothersomeDto::Extremely => Self::Extremely,
        }
    }
}

/// Training history.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingDto {
    /// `none`, `foundation`, `kettlebell`, `trap_bar` or `barbell`.
    pub stage: StageDto,
    /// Clean sessions logged at this stage.
    #[serde(default)]
    pub clean_sessions_at_stage: i64,
    /// Coached technique sessions so far.
    #[serde(default)]
    #[schemars(range(min = 0, max = 10000))]
    pub coached_sessions: i64,
}

/// A ladder stage.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "self-describing")]
pub enum StageDto {
    None,
    Foundation,
    Kettlebell,
    TrapBar,
    Barbell,
}

impl From<StageDto> for Stage {
    fn from(value: StageDto) -> Self {
        match value {
            StageDto::None => Self::None,
            StageDto::Foundation => Self::Foundation,
            StageDto::Kettlebell => Self::Kettlebell,
            StageDto::TrapBar => Self::TrapBar,
            StageDto::Barbell => Self::Barbell,
        }
    }
}

impl ScreeningRecord {
    /// Checks every field and builds the core input, reporting every problem at once.
    ///
    /// # Errors
    /// One entry per invalid field.
    pub fn to_core(&self, cfg: &Config) -> Result<ScreeningInput, InputErrors> {
        let mut check = Check::new();
        let as_of = check.date("as_of", &self.as_of);
        let onset = self
            .pain
            .current_episode_onset
            .as_deref()
            .and_then(|text| check.date("pain.current_episode_onset", text));
        check.not_after("pain.current_episode_onset", onset, as_of);
        let person = self.person.to_core(&mut check);
        let red_flags = check.red_flags("red_flags", &self.red_flags);
        let health = check.health("health", &self.health);
        let cleared = check.cleared("cleared_flags", &self.cleared_flags);
        let pain_now = check.pain("pain.now", self.pain.now);
        let previous_episodes =
            check.count("pain.previous_episodes", self.pain.previous_episodes, 100);
        let hold = self.tests.biering_sorensen_s.map(|s| {
            check
                .number("tests.biering_sorensen_s", s, 0.0, 3600.0)
                .min(cfg.instruments.bs_cap_s)
        });
        let startback = self.questionnaires.startback.as_ref().and_then(|answers| {
            StartBackAnswers::new(&answers.agree, answers.bothersome.into())
                .map_err(|error| check.errors.push("questionnaires.startback.agree", error.0))
                .ok()
        });
        let tsk11_total = self.questionnaires.tsk11.as_ref().and_then(|items| {
            instruments::tsk11(items)
                .map_err(|error| check.errors.push("questionnaires.tsk11", error.0))
                .ok()
        });
        let odi_score = self.questionnaires.odi.as_ref().and_then(|sections| {
            let sections = odi_sections(sections, "questionnaires.odi", &mut check)?;
            instruments::odi(&sections, &cfg.instruments)
                .map(|odi| odi.score)
                .map_err(|error| check.errors.push("questionnaires.odi", error.0))
                .ok()
        });
        let clean = check.count(
            "training.clean_sessions_at_stage",
            self.training.clean_sessions_at_stage,
            10_000,
        );
        let coached = check.count(
            "training.coached_sessions",
            self.training.coached_sessions,
            10_000,
        );
        let errors = check.errors;
        match (as_of, pain_now) {
            (Some(as_of), Some(pain_now)) if errors.is_empty() => Ok(ScreeningInput {
                as_of,
                person,
                red_flags,
                health,
                cleared,
                pain_now,
                episode_onset: onset,
                previous_episodes,
                leg_symptoms: self.pain.leg_symptoms.into(),
                disc_diagnosed: self.disc.diagnosed,
                disc_cleared: self.disc.cleared,
                radicular_cleared: self.radicular_cleared,
                biering_sorensen_s: hold,
                startback,
                tsk11_total,
                odi_score,
                stage: self.training.stage.into(),
                clean_sessions_at_stage: clean,
                coached_sessions: coached,
            }),
            _ => Err(errors),
        }
    }
}

impl PersonDto {
    fn to_core(&self, check: &mut Check) -> Person {
        Person {
            age: self.age.map(|age| check.count("person.age", age, 120)),
            sex: self.sex.map(Into::into),
            height_cm: self
                .height_cm
                .map(|h| check.number("person.height_cm", h, 50.0, 260.0)),
            weight_kg: self
                .weight_kg
                .map(|w| check.number("person.weight_kg", w, 20.0, 400.0)),
        }
    }
}

/// Converts ODI entries, recording out-of-range sections.
pub(crate) fn odi_sections(
    sections: &[Option<i64>],
    path: &str,
    check: &mut Check,
) -> Option<Vec<Option<u8>>> {
    let before = check.errors.0.len();
    let converted: Vec<Option<u8>> = sections
        .iter()
        .enumerate()
        .map(|(index, value)| {
            value.and_then(|value| match u8::try_from(value) {
                Ok(score) if score <= 5 => Some(score),
                _ => {
                    check.errors.push(
                        format!("{path}[{index}]"),
                        format!("expected a section score from 0 to 5 or null, got {value}"),
                    );
                    None
                }
            })
        })
        .collect();
    (check.errors.0.len() == before).then_some(converted)
}

/// One exercise of the foundation programme on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ProgrammeItemDto {
    /// Rule id (`FND-BIG3`, `FND-HINGE`, `FND-BRIDGE`, `FND-WALK`).
    pub id: Cow<'static, str>,
    /// `curl_up`, `side_bridge`, `bird_dog`, `hip_hinge`, `glute_bridge` or `walking`.
    pub exercise: Cow<'static, str>,
    /// Its name, for people.
    pub name: Cow<'static, str>,
    /// Seconds of each hold, for held exercises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_s: Option<u32>,
    /// Repetitions of each step of the descending pyramid, for held exercises.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pyramid: Vec<u32>,
    /// Done on each side.
    pub each_side: bool,
    /// Sets, for counted exercises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sets: Option<u32>,
    /// Repetitions per set, for counted exercises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reps: Option<u32>,
    /// Minutes per walk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// The dose in one line.
    pub dose: String,
    /// How to do it.
    pub how: Cow<'static, str>,
    /// How it progresses.
    pub progression: String,
    /// Dose, how and progression in one paragraph, with any caveat.
    pub message: String,
    /// Sources with their levels.
    pub evidence: Vec<EvidenceRef>,
}

impl From<&ProgrammeItem> for ProgrammeItemDto {
    fn from(item: &ProgrammeItem) -> Self {
        let message = match item.rule.caveat {
            Some(caveat) => format!("{} {caveat}", item.message()),
            None => item.message(),
        };
        Self {
            id: item.rule.id.into(),
            exercise: item.exercise.into(),
            name: item.name.into(),
            hold_s: item.hold_s,
            pyramid: item.pyramid.clone(),
            each_side: item.each_side,
            sets: item.sets,
            reps: item.reps,
            minutes: item.minutes,
            dose: item.dose.clone(),
            how: item.how.into(),
            progression: item.progression.clone(),
            message,
            evidence: evidence_refs(item.rule),
        }
    }
}

/// The screening decision on the wire (docs/json.md).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ScreenResponse {
    /// `emergency`, `same_day`, `see_clinician`, `relative_rest`, `foundation`, `kettlebell`,
    /// `trap_bar` or `barbell`.
    pub decision: ScreenDecisionDto,
    /// The decision in one sentence.
    pub headline: Cow<'static, str>,
    /// Every rule that fired, most restrictive first.
    pub reasons: Vec<ReasonDto>,
    /// Advice that does not change the decision.
    pub advice: Vec<AdviceDto>,
    /// When to screen again, or null until a clinical review.
    pub next_screen: Option<String>,
    /// The foundation programme: present (non-empty) exactly when the decision is `foundation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programme: Vec<ProgrammeItemDto>,
    /// Educational, not medical advice.
    pub disclaimer: Cow<'static, str>,
}

impl From<&Screening> for ScreenResponse {
    fn from(result: &Screening) -> Self {
        Self {
            decision: result.decision.into(),
            headline: result.decision.headline().into(),
            reasons: result.reasons.iter().map(ReasonDto::from).collect(),
            advice: result.advice.iter().map(AdviceDto::from).collect(),
            next_screen: result.next_screen.map(|date| date.to_string()),
            programme: result
                .programme
                .iter()
                .map(ProgrammeItemDto::from)
                .collect(),
            disclaimer: DISCLAIMER.into(),
        }
    }
}

/// A screening as a lifter sends it to the server: the record without what the server
/// decides. `as_of` is today in the lifter's time zone; the rung, the clean sessions at it and
/// the clinician's clearances come from the lifter's record, so sending them is refused.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningSubmission {
    /// Leave it out (the server screens as of today); if sent, it must be today.
    #[serde(default)]
    #[schemars(schema_with = "check::nullable_date")]
    pub as_of: Option<String>,
    /// As in the screening record.
    #[serde(default)]
    pub person: PersonDto,
    /// As in the screening record.
    #[schemars(schema_with = "check::red_flag_ids")]
    pub red_flags: Vec<String>,
    /// As in the screening record.
    #[schemars(schema_with = "check::health_ids")]
    pub health: Vec<String>,
    /// Refused: only a linked clinician can clear a warning sign.
    #[serde(default)]
    #[schemars(skip)]
    pub cleared_flags: Option<Vec<String>>,
    /// As in the screening record.
    pub pain: PainDto,
    /// As in the screening record.
    pub disc: DiscDto,
    /// As in the screening record.
    #[serde(default)]
    pub radicular_cleared: bool,
    /// As in the screening record.
    pub tests: TestsDto,
    /// As in the screening record.
    #[serde(default)]
    pub questionnaires: QuestionnairesDto,
    /// Coaching so far; the rung comes from the record.
    #[serde(default)]
    pub training: TrainingSubmission,
}

/// Training history as a lifter sends it: only what the record cannot know.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingSubmission {
    /// Refused: the rung comes from the record.
    #[serde(default)]
    #[schemars(skip)]
    pub stage: Option<StageDto>,
    /// Refused: counted from the sessions logged.
    #[serde(default)]
    #[schemars(skip)]
    pub clean_sessions_at_stage: Option<i64>,
    /// Coached technique sessions so far.
    #[serde(default)]
    #[schemars(range(min = 0, max = 10000))]
    pub coached_sessions: i64,
}

/// What the server knows about a lifter when it completes their screening.
#[derive(Debug, Clone)]
pub struct FromRecord {
    /// Today in the lifter's time zone.
    pub as_of: chrono::NaiveDate,
    /// The rung the record places them on.
    pub stage: StageDto,
    /// Clean sessions logged at that rung.
    pub clean_sessions_at_stage: u32,
    /// Warning signs a linked clinician has cleared.
    pub cleared_flags: Vec<String>,
    /// The start of the latest flare-up, which the episode cannot begin after.
    pub flare_onset: Option<chrono::NaiveDate>,
}

impl ScreeningSubmission {
    /// Refuses what only the server decides, each with its field path.
    ///
    /// # Errors
    /// One entry per field the lifter may not send.
    pub fn check(&self, today: chrono::NaiveDate) -> Result<(), InputErrors> {
        let mut refused = InputErrors::default();
        if let Some(sent) = self.as_of.as_deref()
            && sent != today.to_string()
        {
            refused.push(
                "as_of",
                format!("leave it out: the server decides as of today ({today}) in your time zone"),
            );
        }
        if self.cleared_flags.is_some() {
            refused.push(
                "cleared_flags",
                "leave it out: only a linked clinician can clear a warning sign, and their clearance is applied here",
            );
        }
        let rung = "leave it out: your rung comes from your record (screenings, your clinician's changes and the clean sessions you logged)";
        if self.training.stage.is_some() {
            refused.push("training.stage", rung);
        }
        if self.training.clean_sessions_at_stage.is_some() {
            refused.push("training.clean_sessions_at_stage", rung);
        }
        refused.finish(|| ())
    }

    /// The whole screening record: this submission completed from the lifter's record. An
    /// episode start earlier than the latest flare-up moves to the flare-up.
    #[must_use]
    pub fn into_record(self, known: FromRecord) -> ScreeningRecord {
        let mut pain = self.pain;
        if let Some(flare) = known.flare_onset {
            let given = pain
                .current_episode_onset
                .as_deref()
                .and_then(|day| day.parse::<chrono::NaiveDate>().ok());
            if given.is_none_or(|given| given < flare) {
                pain.current_episode_onset = Some(flare.to_string());
            }
        }
        ScreeningRecord {
            as_of: known.as_of.to_string(),
            person: self.person,
            red_flags: self.red_flags,
            health: self.health,
            cleared_flags: known.cleared_flags,
            pain,
            disc: self.disc,
            radicular_cleared: self.radicular_cleared,
            tests: self.tests,
            questionnaires: self.questionnaires,
            training: TrainingDto {
                stage: known.stage,
                clean_sessions_at_stage: i64::from(known.clean_sessions_at_stage),
                coached_sessions: self.training.coached_sessions,
            },
        }
    }
}

/// Checks and screens a parsed record.
///
/// # Errors
/// Every problem with the record's values.
pub fn decide(record: &ScreeningRecord, cfg: &Config) -> Result<ScreenResponse, InputErrors> {
    let input = record.to_core(cfg)?;
    Ok(ScreenResponse::from(&resilift_core::screen::screen(
        &input, cfg,
    )))
}

/// Parses, checks and screens a record in one step.
///
/// # Errors
/// Every problem with the input.
pub fn run(text: &str, cfg: &Config) -> Result<ScreenResponse, InputErrors> {
    decide(&crate::parse_json(text)?, cfg)
}
