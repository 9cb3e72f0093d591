//! Instrument scoring on the wire: one request per instrument, each scored by the core.

use resilift_core::Config;
use resilift_core::instruments::{self, BunkieHold, McGillTimes, StartBackAnswers};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use crate::check::Check;
use crate::errors::InputErrors;
use crate::numbers::{ser2, ser2_opt};
use crate::screen::{BothersomeDto, SexDto, odi_sections};

/// An instrument to score.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(tag = "instrument", rename_all = "snake_case", deny_unknown_fields)]
pub enum ScoreRequest {
    /// Pain 0-10, with an optional baseline for the change.
    Nprs {
        /// Score now.
        score: i64,
        /// Earlier score.
        #[serde(default)]
        baseline: Option<i64>,
    },
    /// ODI: 10 section scores 0-5 or null.
    Odi {
        /// Section scores.
        answers: Vec<Option<i64>>,
        /// Earlier percentage.
        #[serde(default)]
        baseline: Option<f64>,
    },
    /// RMDQ: 24 booleans.
    Rmdq {
        /// Ticked statements.
        answers: Vec<bool>,
        /// Earlier total.
        #[serde(default)]
        baseline: Option<i64>,
    },
    /// STarT Back.
    Startback {
        /// Items 1-8 agreed with.
        agree: Vec<i64>,
        /// Item 9.
        bothersome: BothersomeDto,
    },
    /// TSK-11: 11 integers 1-4.
    Tsk11 {
        /// Items.
        answers: Vec<i64>,
        /// Earlier total.
        #[serde(default)]
        baseline: Option<i64>,
    },
    /// Biering-Sorensen hold.
    BieringSorensen {
        /// Seconds held.
        seconds: f64,
        /// Sex, for the male-only risk bands.
        #[serde(default)]
        sex: Option<SexDto>,
        /// Earlier hold, seconds.
        #[serde(default)]
        baseline: Option<f64>,
    },
    /// McGill battery.
    Mcgill {
        /// Flexor hold, s.
        flexion: f64,
        /// Extensor hold, s.
        extension: f64,
        /// Right side bridge, s.
        side_right: f64,
        /// Left side bridge, s.
        side_left: f64,
    },
    /// Bunkie test: 10 holds.
    Bunkie {
        /// Holds.
        holds: Vec<BunkieHoldDto>,
    },
}

/// One Bunkie hold.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BunkieHoldDto {
    /// `apl`, `ppl`, `psl`, `lsl` or `msl`.
    pub position: String,
    /// `left` or `right`.
    pub side: String,
    /// Seconds held.
    pub seconds: f64,
    /// Pain during the hold.
    #[serde(default)]
    pub pain: bool,
    /// Trunk rotation during the hold.
    #[serde(default)]
    pub rotation: bool,
}

/// Change against a baseline on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChangeDto {
    /// `better` or `worse` when the change reaches the minimal important change, else
    /// `no_important_change`.
    pub direction: Cow<'static, str>,
    /// Baseline.
    #[serde(serialize_with = "ser2")]
    pub baseline: f64,
    /// Improvement in points (positive is better).
    #[serde(serialize_with = "ser2")]
    pub improvement: f64,
    /// Improvement as a percentage of baseline.
    #[serde(serialize_with = "ser2_opt")]
    pub improvement_pct: Option<f64>,
    /// Reaches the minimal important change, in either direction.
    pub important: bool,
}

fn change_dto(baseline: f64, now: f64, points: f64, pct: Option<f64>) -> ChangeDto {
    let change = instruments::change(baseline, now, points, pct.unwrap_or(f64::INFINITY));
    ChangeDto {
        direction: change.direction.as_str().into(),
        baseline,
        improvement: change.improvement,
        improvement_pct: change.improvement_pct.map(|p| p * 100.0),
        important: change.direction != instruments::Direction::NoImportantChange,
    }
}

/// The change of a hold, where longer is better: `better` or `worse` once it reaches
/// `beyond_s`, the test's measurement error.
fn hold_change(baseline: f64, now: f64, beyond_s: f64) -> ChangeDto {
    // `instruments::change` counts a fall as better; a hold is better when it rises.
    let change = instruments::change(-baseline, -now, beyond_s, f64::INFINITY);
    ChangeDto {
        direction: change.direction.as_str().into(),
        baseline,
        improvement: change.improvement,
        improvement_pct: (baseline > 0.0).then(|| change.improvement / baseline * 100.0),
        important: change.direction != instruments::Direction::NoImportantChange,
    }
}

/// A scored instrument on the wire, tagged by `instrument` like its request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "instrument", rename_all = "snake_case")]
pub enum ScoreResult {
    /// Pain now, 0-10.
    Nprs {
        /// The score.
        score: u8,
        /// `none`, `mild`, `moderate` or `severe`.
        band: Cow<'static, str>,
        /// Change against `baseline`, when one was given.
        change: Option<ChangeDto>,
    },
    /// Oswestry Disability Index.
    Odi {
        /// Percentage 0-100.
        score: f64,
        /// `minimal`, `moderate`, `severe`, `crippled` or `bed_bound`.
        band: Cow<'static, str>,
        /// Sections answered.
        answered: u32,
        /// Change against `baseline`, when one was given.
        change: Option<ChangeDto>,
    },
    /// Roland-Morris Disability Questionnaire.
    Rmdq {
        /// Statements ticked, 0-24.
        total: u32,
        /// At or below the recovery threshold.
        recovered: bool,
        /// Change against `baseline`, when one was given.
        change: Option<ChangeDto>,
    },
    /// Keele STarT Back Screening Tool.
    Startback {
        /// Total, 0-9.
        total: u32,
        /// Psychosocial subscale, 0-5.
        psychosocial: u32,
        /// `low`, `medium` or `high`.
        risk: Cow<'static, str>,
    },
    /// Tampa Scale of Kinesiophobia, 11 items.
    Tsk11 {
        /// Total, 11-44.
        total: u32,
        /// Change against `baseline`, when one was given.
        change: Option<ChangeDto>,
    },
    /// Biering-Sørensen extensor endurance hold.
    BieringSorensen {
        /// Seconds held (capped at the test's limit).
        seconds: f64,
        /// The hold reached the test's limit.
        capped: bool,
        /// `higher`, `typical` or `lower`.
        risk: Cow<'static, str>,
        /// At least the screen's minimum hold.
        meets_deadlift_heuristic: bool,
        /// Change against `baseline`, when one was given: `better` or `worse` when it is beyond
        /// the test's measurement error.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        change: Option<ChangeDto>,
    },
    /// McGill endurance ratios.
    Mcgill {
        /// Flexion over extension.
        flexion_extension: f64,
        /// Right side bridge over left.
        right_left: f64,
        /// Side bridge over extension.
        side_extension: f64,
        /// Ratios outside the normative range.
        flags: Vec<Cow<'static, str>>,
    },
    /// Bunkie test.
    Bunkie {
        /// Each position across both sides.
        positions: Vec<BunkiePositionDto>,
        /// Holds passed, 0-10.
        holds_passed: u32,
    },
}

/// A Bunkie position's result across both sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BunkiePositionDto {
    /// `apl`, `ppl`, `psl`, `lsl` or `msl`.
    pub position: Cow<'static, str>,
    /// Left hold passed.
    pub left_pass: bool,
    /// Right hold passed.
    pub right_pass: bool,
    /// Left minus right, seconds.
    pub side_difference_s: f64,
}

impl ScoreResult {
    /// The instrument's id, as in the request's `instrument`.
    #[must_use]
    pub const fn instrument(&self) -> &'static str {
        match self {
            Self::Nprs { .. } => "nprs",
            Self::Odi { .. } => "odi",
            Self::Rmdq { .. } => "rmdq",
            Self::Startback { .. } => "startback",
            Self::Tsk11 { .. } => "tsk11",
            Self::BieringSorensen { .. } => "biering_sorensen",
            Self::Mcgill { .. } => "mcgill",
            Self::Bunkie { .. } => "bunkie",
        }
    }

    /// The number a later score of the same instrument is compared with, for the instruments
    /// that report change.
    #[must_use]
    pub fn baseline(&self) -> Option<f64> {
        match self {
            Self::Nprs { score, .. } => Some(f64::from(*score)),
            Self::Odi { score, .. } => Some(*score),
            Self::Rmdq { total, .. } | Self::Tsk11 { total, .. } => Some(f64::from(*total)),
            Self::BieringSorensen { seconds, .. } => Some(*seconds),
            _ => None,
        }
    }

    /// The change against the baseline, for the instruments that report one.
    #[must_use]
    pub const fn change(&self) -> Option<&ChangeDto> {
        match self {
            Self::Nprs { change, .. }
            | Self::Odi { change, .. }
            | Self::Rmdq { change, .. }
            | Self::Tsk11 { change, .. }
            | Self::BieringSorensen { change, .. } => change.as_ref(),
            _ => None,
        }
    }
}

/// Every instrument the server scores: its id, its name for people and what it asks.
pub const INSTRUMENTS: [(&str, &str, &str); 8] = [
    (
        "biering_sorensen",
        "Biering-Sørensen hold",
        "Back-extensor endurance, with a timer (up to 240 s).",
    ),
    (
        "mcgill",
        "McGill endurance battery",
        "Four holds with timers: flexors, extensors, right and left side bridges.",
    ),
    (
        "bunkie",
        "Bunkie test",
        "Ten holds with timers: five positions on each side.",
    ),
    ("nprs", "Pain scale (0-10)", "How much your back hurts now."),
    (
        "odi",
        "Oswestry Disability Index (ODI)",
        "Ten sections, entered from the licensed form.",
    ),
    (
        "rmdq",
        "Roland-Morris Disability Questionnaire (RMDQ)",
        "24 statements, entered from the paper form.",
    ),
    (
        "startback",
        "Keele STarT Back Tool",
        "Nine questions that point to the right level of care.",
    ),
    (
        "tsk11",
        "Tampa Scale of Kinesiophobia (TSK-11)",
        "Fear of movement, entered from the paper form.",
    ),
];

/// An instrument's name for people.
#[must_use]
pub fn title(instrument: &str) -> Option<&'static str> {
    INSTRUMENTS
        .iter()
        .find(|(id, _, _)| *id == instrument)
        .map(|(_, title, _)| *title)
}

/// A McGill flag in plain words.
#[must_use]
pub fn mcgill_flag_words(flag: &str) -> &'static str {
    match flag {
        "flexion_exceeds_extension" => {
            "Your front (flexor) hold is long compared with your back-extensor hold."
        }
        "side_asymmetry" => "Your right and left side bridges differ by more than usual.",
        "side_exceeds_extension" => {
            "Your side bridges are long compared with your back-extensor hold."
        }
        _ => "A ratio is outside the usual range.",
    }
}

impl ScoreResult {
    /// The result in one line of plain words, as the pages and the command line show it.
    #[must_use]
    pub fn summary(&self) -> String {
        let n = resilift_core::prescribe::fmt_load;
        let words = |text: &str| text.replace('_', " ");
        match self {
            Self::Nprs { score, band, .. } => format!("{score}/10 ({})", words(band)),
            Self::Odi {
                score,
                band,
                answered,
                ..
            } => format!(
                "{}% ({}), {answered} sections answered",
                n(*score),
                words(band)
            ),
            Self::Rmdq { total, .. } => format!("{total} of 24"),
            Self::Startback {
                total,
                psychosocial,
                risk,
            } => format!(
                "total {total}, psychosocial {psychosocial}: {} risk",
                words(risk)
            ),
            Self::Tsk11 { total, .. } => format!("{total} (11 to 44)"),
            Self::BieringSorensen {
                seconds, capped, ..
            } => format!(
                "{} s{}",
                n(*seconds),
                if *capped {
                    " (test ended at 240 s)"
                } else {
                    ""
                }
            ),
            Self::Mcgill {
                flexion_extension,
                right_left,
                ..
            } => format!(
                "flexion:extension {}, right:left {}",
                n(*flexion_extension),
                n(*right_left)
            ),
            Self::Bunkie { holds_passed, .. } => format!("{holds_passed} of 10 holds passed"),
        }
    }

    /// What the result means, in plain words: its band where the instrument has one, and what
    /// the number says where it has none.
    #[must_use]
    pub fn meaning(&self) -> String {
        match self {
            Self::Nprs { score, band, .. } => match band.as_ref() {
                "none" => "No pain right now.".to_owned(),
                band => format!("On the 0 to 10 scale, {score} counts as {band} pain (1 to 5 mild, 6 and 7 moderate, 8 to 10 severe)."),
            },
            Self::Odi { band, .. } => {
                let band = match band.as_ref() {
                    "minimal" => "minimal disability (0 to 20%): most daily activities are manageable",
                    "moderate" => "moderate disability (21 to 40%): sitting, lifting and standing are harder",
                    "severe" => "severe disability (41 to 60%): pain is a main problem in daily life",
                    "crippled" => "crippling back pain (61 to 80%): back pain affects every part of daily life",
                    _ => "the highest band (81 to 100%): check this result with a clinician",
                };
                format!("This is {band}.")
            }
            Self::Rmdq {
                total, recovered, ..
            } => format!(
                "{total} of the 24 statements describe you today: the more, the more your back limits daily life.{}",
                if *recovered {
                    " A score this low counts as recovered."
                } else {
                    ""
                }
            ),
            Self::Startback { risk, .. } => match risk.as_ref() {
                "low" => "Low risk: a good outlook. Advice, reassurance and staying active are usually enough.",
                "medium" => "Medium risk: physiotherapy aimed at movement and function is usually recommended.",
                _ => "High risk: care that looks after both the physical and the psychological side (worry, low mood, fear of pain) is usually recommended; talk to a clinician.",
            }
            .to_owned()
                + " The tool was built to choose care in general practice, not to plan training.",
            Self::Tsk11 { .. } => "On a scale from 11 to 44, higher means more fear that movement will cause harm. This short version has no validated cut-off; a fall of 4 points or more is a change that matters.".to_owned(),
            Self::BieringSorensen {
                risk,
                meets_deadlift_heuristic,
                ..
            } => {
                let band = match risk.as_ref() {
                    "elevated" => "In men, holds under 176 seconds went with a higher chance of back pain within a year.",
                    "indeterminate" => "In men, holds between 176 and 198 seconds say little about the year ahead.",
                    "lower" => "In men, holds over 198 seconds went with a lower chance of back pain within a year.",
                    _ => "There are no validated risk bands for women or when sex is not given; the time itself, and how it changes, are what count.",
                };
                let goal = if *meets_deadlift_heuristic {
                    "It reaches the hold the screening looks for before loaded deadlifts (a clinical default, not a tested threshold)."
                } else {
                    "It is below the hold the screening looks for before loaded deadlifts (a clinical default, not a tested threshold): keep up the foundation work."
                };
                format!("{band} {goal}")
            }
            Self::Mcgill { flags, .. } => {
                if flags.is_empty() {
                    "All three ratios are within the usual range.".to_owned()
                } else {
                    "Some ratios are outside the usual range (below): the weaker side or muscle group is where to work.".to_owned()
                }
            }
            Self::Bunkie { holds_passed, .. } => format!(
                "{holds_passed} of the 10 holds reached 40 seconds without pain or rotation; the ones that did not show where to work."
            ),
        }
    }

    /// The change since the baseline in plain words, when there is one.
    #[must_use]
    pub fn change_words(&self) -> Option<String> {
        let n = resilift_core::prescribe::fmt_load;
        let change = self.change()?;
        let by = if change.improvement >= 0.0 {
            format!("better by {}", n(change.improvement))
        } else {
            format!("worse by {}", n(change.improvement.abs()))
        };
        if let Self::BieringSorensen { .. } = self {
            let by = if change.improvement >= 0.0 {
                format!("{} s longer", n(change.improvement))
            } else {
                format!("{} s shorter", n(change.improvement.abs()))
            };
            let meaning = if change.important {
                "That is more than the test's measurement error, so it is a real change."
            } else {
                "That is within the test's measurement error, so it may be noise."
            };
            return Some(format!(
                "Since last time ({} s): {by}. {meaning}",
                n(change.baseline)
            ));
        }
        let meaning = match change.direction.as_ref() {
            "better" => "That is an important improvement.",
            "worse" => {
                "That is an important worsening: it is as large as the change that matters to people with back pain."
            }
            _ => "That is smaller than the change that usually matters, either way.",
        };
        Some(format!(
            "Since last time ({}): {by}. {meaning}",
            n(change.baseline)
        ))
    }
}

impl ScoreRequest {
    /// Whether the request carries a baseline already (only instruments that report change
    /// take one).
    #[must_use]
    pub const fn has_baseline(&self) -> bool {
        match self {
            Self::Nprs { baseline, .. }
            | Self::Rmdq { baseline, .. }
            | Self::Tsk11 { baseline, .. } => baseline.is_some(),
            Self::Odi { baseline, .. } | Self::BieringSorensen { baseline, .. } => {
                baseline.is_some()
            }
            _ => true,
        }
    }

    /// Sets the baseline of an instrument that reports change from an earlier result's
    /// [`ScoreResult::baseline`]; whole-number instruments take it rounded.
    #[allow(
        clippy::cast_possible_truncation,
        reason = "scores are small whole numbers"
    )]
    pub fn set_baseline(&mut self, value: f64) {
        match self {
            Self::Nprs { baseline, .. }
            | Self::Rmdq { baseline, .. }
            | Self::Tsk11 { baseline, .. } => {
                *baseline = Some(value.round() as i64);
            }
            Self::Odi { baseline, .. } | Self::BieringSorensen { baseline, .. } => {
                *baseline = Some(value);
            }
            _ => {}
        }
    }

    /// The instrument's id.
    #[must_use]
    pub const fn instrument(&self) -> &'static str {
        match self {
            Self::Nprs { .. } => "nprs",
            Self::Odi { .. } => "odi",
            Self::Rmdq { .. } => "rmdq",
            Self::Startback { .. } => "startback",
            Self::Tsk11 { .. } => "tsk11",
            Self::BieringSorensen { .. } => "biering_sorensen",
            Self::Mcgill { .. } => "mcgill",
            Self::Bunkie { .. } => "bunkie",
        }
    }
}

/// An instrument's answers as sent to the server: the scoring request plus, optionally, the
/// day it was taken (`taken_on`, YYYY-MM-DD, today when left out).
#[derive(Debug, Clone)]
pub struct AssessmentSubmission {
    /// The day the answers were given, as sent.
    pub taken_on: Option<String>,
    /// The answers.
    pub request: ScoreRequest,
}

impl JsonSchema for AssessmentSubmission {
    fn schema_name() -> Cow<'static, str> {
        "AssessmentSubmission".into()
    }

    /// The scoring request's schema with `taken_on` accepted beside every instrument's answers.
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = ScoreRequest::json_schema(generator);
        let taken_on = serde_json::json!({
            "description": "The day the answers were given (YYYY-MM-DD), not after today; today when left out.",
            "type": ["string", "null"],
            "format": "date"
        });
        if let Some(variants) = schema
            .get_mut("oneOf")
            .and_then(serde_json::Value::as_array_mut)
        {
            for variant in variants {
                if let Some(properties) = variant
                    .get_mut("properties")
                    .and_then(serde_json::Value::as_object_mut)
                {
                    properties.insert("taken_on".into(), taken_on.clone());
                }
            }
        }
        schema
    }
}

impl AssessmentSubmission {
    /// Parses the body once: `taken_on` is taken out and the rest is the scoring request.
    ///
    /// # Errors
    /// Malformed JSON, a body that is not an object, a `taken_on` that is not text, and every
    /// structural problem of the request with its path.
    pub fn parse(text: &str) -> Result<Self, InputErrors> {
        let serde_json::Value::Object(mut body) = crate::parse_json(text)? else {
            return Err(crate::errors::single(
                "body",
                "expected a JSON object with an `instrument`".to_owned(),
            ));
        };
        let taken_on = match body.remove("taken_on") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(day)) => Some(day),
            Some(other) => {
                return Err(crate::errors::single(
                    "taken_on",
                    format!("expected a date as YYYY-MM-DD, got {other}"),
                ));
            }
        };
        Ok(Self {
            taken_on,
            request: crate::parse_value(serde_json::Value::Object(body))?,
        })
    }
}

/// Scores an instrument from JSON.
///
/// # Errors
/// Every problem with the input.
pub fn run(text: &str, cfg: &Config) -> Result<ScoreResult, InputErrors> {
    score(crate::parse_json(text)?, cfg)
}

/// Scores a parsed request.
///
/// # Errors
/// Every problem with the request's values.
pub fn score(request: ScoreRequest, cfg: &Config) -> Result<ScoreResult, InputErrors> {
    let ins = &cfg.instruments;
    let mut check = Check::new();
    let value = match request {
        ScoreRequest::Nprs { score, baseline } => {
            let now = check.pain("score", score);
            let base = baseline.map(|b| check.pain("baseline", b));
            let now = now.ok_or_else(|| check.errors.clone())?;
            let change = base.flatten().map(|b| {
                change_dto(
                    f64::from(b.get()),
                    f64::from(now.get()),
                    ins.nprs_mic_points,
                    Some(ins.mic_pct),
                )
            });
            ScoreResult::Nprs {
                score: now.get(),
                band: instruments::nprs_band(now.get()).into(),
                change,
            }
        }
        ScoreRequest::Odi { answers, baseline } => {
            let sections = odi_sections(&answers, "answers", &mut check)
                .ok_or_else(|| check.errors.clone())?;
            let odi = instruments::odi(&sections, ins)
                .map_err(|e| crate::errors::single("answers", e.0))?;
            let change =
                baseline.map(|b| change_dto(b, odi.score, ins.odi_mic_points, Some(ins.mic_pct)));
            ScoreResult::Odi {
                score: crate::round2(odi.score),
                band: odi.band.into(),
                answered: u32::try_from(odi.answered).unwrap_or(u32::MAX),
                change,
            }
        }
        ScoreRequest::Rmdq { answers, baseline } => {
            let result = instruments::rmdq(&answers, ins)
                .map_err(|e| crate::errors::single("answers", e.0))?;
            let change = baseline.map(|b| {
                change_dto(
                    f64::from(check.count("baseline", b, 24)),
                    f64::from(result.total),
                    ins.rmdq_mic_points,
                    Some(ins.mic_pct),
                )
            });
            ScoreResult::Rmdq {
                total: result.total,
                recovered: result.recovered,
                change,
            }
        }
        ScoreRequest::Startback { agree, bothersome } => {
            let answers = StartBackAnswers::new(&agree, bothersome.into())
                .map_err(|e| crate::errors::single("agree", e.0))?;
            let result = instruments::startback(&answers);
            ScoreResult::Startback {
                total: result.total,
                psychosocial: result.psychosocial,
                risk: result.risk.as_str().into(),
            }
        }
        ScoreRequest::Tsk11 { answers, baseline } => {
            let total =
                instruments::tsk11(&answers).map_err(|e| crate::errors::single("answers", e.0))?;
            let change = baseline.map(|b| {
                change_dto(
                    f64::from(check.count("baseline", b, 44)),
                    f64::from(total),
                    ins.tsk11_mic_points,
                    None,
                )
            });
            ScoreResult::Tsk11 { total, change }
        }
        ScoreRequest::BieringSorensen {
            seconds,
            sex,
            baseline,
        } => {
            check.number("seconds", seconds, 0.0, 3600.0);
            let result = instruments::biering_sorensen(seconds, sex.map(Into::into), ins);
            let change = baseline.map(|b| {
                let b = check.number("baseline", b, 0.0, 3600.0).min(ins.bs_cap_s);
                hold_change(b, result.seconds, ins.bs_change_s)
            });
            ScoreResult::BieringSorensen {
                seconds: crate::round2(result.seconds),
                capped: result.capped,
                risk: result.risk.as_str().into(),
                meets_deadlift_heuristic: result.seconds >= cfg.screen.min_extensor_hold_s,
                change,
            }
        }
        ScoreRequest::Mcgill {
            flexion,
            extension,
            side_right,
            side_left,
        } => {
            for (path, value) in [
                ("flexion", flexion),
                ("extension", extension),
                ("side_right", side_right),
                ("side_left", side_left),
            ] {
                check.number(path, value, 0.0, 3600.0);
            }
            let times = McGillTimes {
                flexion,
                extension,
                side_right,
                side_left,
            };
            let result = check.errors.clone().finish(|| ()).and_then(|()| {
                instruments::mcgill(times, ins).map_err(|e| crate::errors::single("extension", e.0))
            })?;
            ScoreResult::Mcgill {
                flexion_extension: crate::round2(result.flexion_extension),
                right_left: crate::round2(result.right_left),
                side_extension: crate::round2(result.side_extension),
                flags: result
                    .flags
                    .iter()
                    .map(|flag| Cow::Borrowed(*flag))
                    .collect(),
            }
        }
        ScoreRequest::Bunkie { holds } => bunkie(&holds, cfg, &mut check)?,
    };
    check.errors.finish(|| value)
}

fn bunkie(
    holds: &[BunkieHoldDto],
    cfg: &Config,
    check: &mut Check,
) -> Result<ScoreResult, InputErrors> {
    let mut parsed = Vec::new();
    for (index, hold) in holds.iter().enumerate() {
        let position = instruments::BUNKIE_POSITIONS
            .iter()
            .position(|(id, _)| *id == hold.position);
        let left = match hold.side.as_str() {
            "left" => Some(true),
            "right" => Some(false),
            other => {
                check.errors.push(
                    format!("holds[{index}].side"),
                    format!("expected left or right, got `{other}`"),
                );
                None
            }
        };
        if position.is_none() {
            check.errors.push(
                format!("holds[{index}].position"),
                format!(
                    "expected one of apl, ppl, psl, lsl, msl, got `{}`",
                    hold.position
                ),
            );
        }
        let seconds = check.number(
            &format!("holds[{index}].seconds"),
            hold.seconds,
            0.0,
            3600.0,
        );
        if let (Some(position), Some(left)) = (position, left) {
            parsed.push(BunkieHold {
                position,
                left,
                seconds,
                pain: hold.pain,
                rotation: hold.rotation,
            });
        }
    }
    if !check.errors.is_empty() {
        return Err(check.errors.clone());
    }
    let positions = instruments::bunkie(&parsed, &cfg.instruments)
        .map_err(|e| crate::errors::single("holds", e.0))?;
    let rows: Vec<BunkiePositionDto> = positions
        .iter()
        .map(|p| BunkiePositionDto {
            position: p.position.into(),
            left_pass: p.left_pass,
            right_pass: p.right_pass,
            side_difference_s: crate::round2(p.side_difference_s),
        })
        .collect();
    let passed = positions
        .iter()
        .map(|p| usize::from(p.left_pass) + usize::from(p.right_pass))
        .sum::<usize>();
    Ok(ScoreResult::Bunkie {
        positions: rows,
        holds_passed: u32::try_from(passed).unwrap_or(u32::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold(seconds: f64, baseline: Option<f64>) -> ScoreResult {
        let request = ScoreRequest::BieringSorensen {
            seconds,
            sex: None,
            baseline,
        };
        score(request, &Config::standard()).unwrap()
    }

    /// A hold's change counts only beyond the test's measurement error (25 s, about twice
    /// the standard error Latimer 1999 measured), and longer is better.
    #[test]
    fn a_hold_changes_only_beyond_its_measurement_error() {
        let direction = |now, before| hold(now, Some(before)).change().unwrap().direction.clone();
        assert_eq!(direction(90.0, 60.0), "better");
        assert_eq!(direction(85.0, 60.0), "better");
        assert_eq!(direction(75.0, 60.0), "no_important_change");
        assert_eq!(direction(60.0, 90.0), "worse");
        assert!(hold(60.0, None).change().is_none());
        let words = hold(75.0, Some(60.0)).change_words().unwrap();
        assert!(
            words.contains("15 s longer") && words.contains("measurement error"),
            "{words}"
        );
        // The band and the screening's goal in words.
        assert!(
            hold(40.0, None)
                .meaning()
                .contains("below the hold the screening looks for")
        );
    }
}
