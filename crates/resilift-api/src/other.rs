//! The risk profile, post-lift triage, instrument scores and e1RM on the wire.

use resilift_core::domain::Rpe;
use resilift_core::flare::{self, FlareInput};
use resilift_core::formulas::{self, Formula};
use resilift_core::instruments::{self, BunkieHold, McGillTimes, StartBackAnswers};
use resilift_core::risk::{self, Activity, Quality, RiskInput};
use resilift_core::{Config, DISCLAIMER};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::check::{self, Check};
use crate::errors::InputErrors;
use crate::numbers::{ser2, ser2_opt};
use crate::screen::{BothersomeDto, LegSymptomsDto, SexDto, odi_sections};
use crate::{EvidenceRef, ReasonDto, evidence_refs};

/// Risk profile answers.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskRequest {
    /// Height in centimetres.
    #[serde(default)]
    pub height_cm: Option<f64>,
    /// Weight in kilograms.
    #[serde(default)]
    pub weight_kg: Option<f64>,
    /// Parents or siblings with back trouble.
    pub family_history: bool,
    /// Smokes now.
    pub smoking: bool,
    /// `good`, `fair` or `poor`.
    pub diet: QualityDto,
    /// Sleep.
    pub sleep: SleepDto,
    /// `sedentary`, `light`, `moderate` or `active`.
    pub activity: ActivityDto,
    /// Sitting.
    pub sitting: SittingDto,
    /// Repeated bending at work.
    pub repetitive_bending_at_work: bool,
    /// Lifting while twisting.
    pub lifting_while_twisting: bool,
    /// Earlier episodes.
    pub previous_episodes: i64,
}

/// Sleep.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SleepDto {
    /// Usual hours a night.
    pub hours: f64,
    /// `good`, `fair` or `poor`.
    pub quality: QualityDto,
}

/// Sitting.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SittingDto {
    /// Hours sitting on a usual day.
    pub hours_per_day: f64,
    /// Gets up at least every 30-45 minutes.
    pub breaks: bool,
}

/// A self-rating.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "self-describing")]
pub enum QualityDto {
    Good,
    Fair,
    Poor,
}

impl From<QualityDto> for Quality {
    fn from(value: QualityDto) -> Self {
        match value {
            QualityDto::Good => Self::Good,
            QualityDto::Fair => Self::Fair,
            QualityDto::Poor => Self::Poor,
        }
    }
}

/// Activity level.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "self-describing")]
pub enum ActivityDto {
    Sedentary,
    Light,
    Moderate,
    Active,
}

impl From<ActivityDto> for Activity {
    fn from(value: ActivityDto) -> Self {
        match value {
            ActivityDto::Sedentary => Self::Sedentary,
            ActivityDto::Light => Self::Light,
            ActivityDto::Moderate => Self::Moderate,
            ActivityDto::Active => Self::Active,
        }
    }
}

/// One risk factor on the wire.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FactorDto {
    /// Rule id (`RISK-…`).
    pub rule: &'static str,
    /// Can it be changed.
    pub modifiable: bool,
    /// `strong`, `modest`, `small`, `lab_only` or `not_shown`.
    pub strength: &'static str,
    /// Sources with their levels.
    pub evidence: Vec<EvidenceRef>,
    /// What it means and what to do.
    pub message: String,
}

/// The risk profile on the wire.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RiskResponse {
    /// Body-mass index.
    #[serde(serialize_with = "ser2_opt")]
    pub bmi: Option<f64>,
    /// Factors present, unchangeable first.
    pub factors: Vec<FactorDto>,
    /// Educational, not medical advice.
    pub disclaimer: &'static str,
}

/// Builds a risk profile from JSON.
///
/// # Errors
/// Every problem with the input.
pub fn risk(text: &str, cfg: &Config) -> Result<RiskResponse, InputErrors> {
    let request: RiskRequest = crate::parse_json(text)?;
    let mut check = Check::new();
    let input = RiskInput {
        family_history: request.family_history,
        smoking: request.smoking,
        height_cm: request
            .height_cm
            .map(|h| check.number("height_cm", h, 50.0, 260.0)),
        weight_kg: request
            .weight_kg
            .map(|w| check.number("weight_kg", w, 20.0, 400.0)),
        diet: request.diet.into(),
        sleep_hours: check.number("sleep.hours", request.sleep.hours, 0.0, 24.0),
        sleep_quality: request.sleep.quality.into(),
        activity: request.activity.into(),
        sitting_hours: check.number(
            "sitting.hours_per_day",
            request.sitting.hours_per_day,
            0.0,
            24.0,
        ),
        sitting_breaks: request.sitting.breaks,
        repetitive_bending: request.repetitive_bending_at_work,
        lifting_while_twisting: request.lifting_while_twisting,
        previous_episodes: check.count("previous_episodes", request.previous_episodes, 1000),
    };
    let input = check.errors.finish(|| input)?;
    let profile = risk::profile(&input, &cfg.risk);
    Ok(RiskResponse {
        bmi: profile.bmi,
        factors: profile
            .factors
            .iter()
            .map(|f| FactorDto {
                rule: f.reason.rule.id,
                modifiable: f.modifiable,
                strength: f.strength.as_str(),
                evidence: evidence_refs(f.reason.rule),
                message: f.reason.full_message(),
            })
            .collect(),
        disclaimer: DISCLAIMER,
    })
}

/// What happened after a lift.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlareRequest {
    /// Today (YYYY-MM-DD).
    #[schemars(schema_with = "check::date")]
    pub as_of: String,
    /// When the pain began (YYYY-MM-DD), not after `as_of`.
    #[schemars(schema_with = "check::date")]
    pub onset: String,
    /// Pain now, 0-10.
    pub pain_now: i64,
    /// `none`, `above_knee` or `below_knee`.
    pub leg_symptoms: LegSymptomsDto,
    /// Numbness or weakness in the legs.
    pub numbness_or_weakness: bool,
    /// Red flags answered yes.
    #[schemars(schema_with = "check::red_flag_ids")]
    pub red_flags: Vec<String>,
    /// A known disc bulge.
    pub disc_bulge_known: bool,
    /// Getting better.
    pub improving: bool,
}

/// A care option on the wire.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CareOptionDto {
    /// Id.
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// How guidelines grade it.
    pub grading: &'static str,
    /// Evidence level of the grading.
    pub level: &'static str,
    /// Sources.
    pub evidence: Vec<EvidenceRef>,
}

/// The triage on the wire.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FlareResponse {
    /// `emergency`, `same_day`, `see_clinician`, `self_care` or `persistent`.
    pub outcome: &'static str,
    /// The day the pain began.
    pub onset: String,
    /// Days since onset.
    pub days_since_onset: i64,
    /// Rules that fired, most urgent first.
    pub reasons: Vec<ReasonDto>,
    /// Care options to discuss with a clinician.
    pub care_options: Vec<CareOptionDto>,
    /// Educational, not medical advice.
    pub disclaimer: &'static str,
}

/// Triage from JSON.
///
/// # Errors
/// Every problem with the input.
pub fn flare(text: &str, cfg: &Config) -> Result<FlareResponse, InputErrors> {
    let request: FlareRequest = crate::parse_json(text)?;
    let mut check = Check::new();
    let as_of = check.date("as_of", &request.as_of);
    let onset = check.date("onset", &request.onset);
    check.not_after("onset", onset, as_of);
    let pain_now = check.pain("pain_now", request.pain_now);
    let red_flags = check.red_flags("red_flags", &request.red_flags);
    let (Some(as_of), Some(onset), Some(pain_now)) = (as_of, onset, pain_now) else {
        return Err(check.errors);
    };
    let input = check.errors.finish(|| FlareInput {
        as_of,
        onset,
        pain_now,
        leg_symptoms: request.leg_symptoms.into(),
        numbness_or_weakness: request.numbness_or_weakness,
        red_flags,
        disc_bulge_known: request.disc_bulge_known,
        improving: request.improving,
    })?;
    let result = flare::triage(&input, &cfg.flare);
    Ok(FlareResponse {
        outcome: result.decision.as_str(),
        onset: input.onset.to_string(),
        days_since_onset: result.days_since_onset,
        reasons: result.reasons.iter().map(ReasonDto::from).collect(),
        care_options: result
            .care_options
            .iter()
            .map(|o| CareOptionDto {
                id: o.id,
                name: o.name,
                grading: o.grading,
                level: o.level.as_str(),
                evidence: o
                    .citations
                    .iter()
                    .filter_map(|id| resilift_core::evidence::citation(id))
                    .map(|c| EvidenceRef {
                        id: c.id,
                        level: c.level.as_str(),
                    })
                    .collect(),
            })
            .collect(),
        disclaimer: DISCLAIMER,
    })
}

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
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChangeDto {
    /// `better` or `worse` when the change reaches the minimal important change, else
    /// `no_important_change`.
    pub direction: &'static str,
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
        direction: change.direction.as_str(),
        baseline,
        improvement: change.improvement,
        improvement_pct: change.improvement_pct.map(|p| p * 100.0),
        important: change.direction != instruments::Direction::NoImportantChange,
    }
}

/// Scores an instrument from JSON into a JSON value (each instrument has its own shape).
///
/// # Errors
/// Every problem with the input.
pub fn score(text: &str, cfg: &Config) -> Result<serde_json::Value, InputErrors> {
    let request: ScoreRequest = crate::parse_json(text)?;
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
            serde_json::json!({"instrument": "nprs", "score": now.get(), "band": instruments::nprs_band(now.get()), "change": change})
        }
        ScoreRequest::Odi { answers, baseline } => {
            let sections = odi_sections(&answers, "answers", &mut check)
                .ok_or_else(|| check.errors.clone())?;
            let odi = instruments::odi(&sections, ins).map_err(|e| err("answers", e.0))?;
            let change =
                baseline.map(|b| change_dto(b, odi.score, ins.odi_mic_points, Some(ins.mic_pct)));
            serde_json::json!({"instrument": "odi", "score": crate::round2(odi.score), "band": odi.band, "answered": odi.answered, "change": change})
        }
        ScoreRequest::Rmdq { answers, baseline } => {
            let result = instruments::rmdq(&answers, ins).map_err(|e| err("answers", e.0))?;
            let change = baseline.map(|b| {
                change_dto(
                    f64::from(check.count("baseline", b, 24)),
                    f64::from(result.total),
                    ins.rmdq_mic_points,
                    Some(ins.mic_pct),
                )
            });
            serde_json::json!({"instrument": "rmdq", "total": result.total, "recovered": result.recovered, "change": change})
        }
        ScoreRequest::Startback { agree, bothersome } => {
            let answers =
                StartBackAnswers::new(&agree, bothersome.into()).map_err(|e| err("agree", e.0))?;
            let result = instruments::startback(&answers);
            serde_json::json!({"instrument": "startback", "total": result.total, "psychosocial": result.psychosocial, "risk": result.risk.as_str()})
        }
        ScoreRequest::Tsk11 { answers, baseline } => {
            let total = instruments::tsk11(&answers).map_err(|e| err("answers", e.0))?;
            let change = baseline.map(|b| {
                change_dto(
                    f64::from(check.count("baseline", b, 44)),
                    f64::from(total),
                    ins.tsk11_mic_points,
                    None,
                )
            });
            serde_json::json!({"instrument": "tsk11", "total": total, "change": change})
        }
        ScoreRequest::BieringSorensen { seconds, sex } => {
            check.number("seconds", seconds, 0.0, 3600.0);
            let result = instruments::biering_sorensen(seconds, sex.map(Into::into), ins);
            serde_json::json!({"instrument": "biering_sorensen", "seconds": crate::round2(result.seconds), "capped": result.capped, "risk": result.risk.as_str(),
                "meets_deadlift_heuristic": result.seconds >= cfg.screen.min_extensor_hold_s})
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
                instruments::mcgill(times, ins).map_err(|e| err("extension", e.0))
            })?;
            serde_json::json!({"instrument": "mcgill", "flexion_extension": crate::round2(result.flexion_extension), "right_left": crate::round2(result.right_left),
                "side_extension": crate::round2(result.side_extension), "flags": result.flags})
        }
        ScoreRequest::Bunkie { holds } => bunkie(&holds, cfg, &mut check)?,
    };
    check.errors.finish(|| value)
}

fn bunkie(
    holds: &[BunkieHoldDto],
    cfg: &Config,
    check: &mut Check,
) -> Result<serde_json::Value, InputErrors> {
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
    let positions =
        instruments::bunkie(&parsed, &cfg.instruments).map_err(|e| err("holds", e.0))?;
    let rows: Vec<serde_json::Value> = positions
        .iter()
        .map(|p| serde_json::json!({"position": p.position, "left_pass": p.left_pass, "right_pass": p.right_pass, "side_difference_s": crate::round2(p.side_difference_s)}))
        .collect();
    let passed = positions
        .iter()
        .map(|p| usize::from(p.left_pass) + usize::from(p.right_pass))
        .sum::<usize>();
    Ok(serde_json::json!({"instrument": "bunkie", "positions": rows, "holds_passed": passed}))
}

fn err(path: &str, message: String) -> InputErrors {
    let mut errors = InputErrors::default();
    errors.push(path, message);
    errors
}

/// The e1RM answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct E1rmResponse {
    /// Estimated 1RM.
    #[serde(serialize_with = "ser2")]
    pub e1rm: f64,
    /// Formula used.
    pub formula: &'static str,
}

/// Estimates a 1RM.
///
/// # Errors
/// Out-of-range inputs, each naming its flag.
pub fn e1rm(load: f64, reps: i64, rpe: f64, formula: &str) -> Result<E1rmResponse, InputErrors> {
    let mut check = Check::new();
    let formula = Formula::parse(formula)
        .map_err(|e| check.errors.push("--formula", e.0))
        .ok();
    check.positive("--load", load, 2000.0);
    let reps = match u32::try_from(reps) {
        Ok(reps @ 1..=12) => Some(reps),
        _ => {
            check.errors.push(
                "--reps",
                format!("expected a whole number from 1 to 12, got {reps}"),
            );
            None
        }
    };
    let given_rpe = rpe;
    let rpe = Rpe::parse(given_rpe).ok().filter(|r| r.get() >= 6.0);
    if rpe.is_none() {
        check.errors.push(
            "--rpe",
            format!("expected an RPE from 6 to 10 in steps of 0.5, got {given_rpe}"),
        );
    }
    let (Some(formula), Some(reps), Some(rpe)) = (formula, reps, rpe) else {
        return Err(check.errors);
    };
    if !check.errors.is_empty() {
        return Err(check.errors);
    }
    let value = formulas::e1rm(formula, load, reps, rpe).map_err(|e| err("--reps", e.0))?;
    Ok(E1rmResponse {
        e1rm: value,
        formula: formula.as_str(),
    })
}
