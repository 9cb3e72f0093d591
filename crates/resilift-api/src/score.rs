//! Instrument scoring on the wire: one request per instrument, each scored by the core.

use resilift_core::Config;
use resilift_core::instruments::{self, BunkieHold, McGillTimes, StartBackAnswers};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
pub fn run(text: &str, cfg: &Config) -> Result<serde_json::Value, InputErrors> {
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
            let odi = instruments::odi(&sections, ins)
                .map_err(|e| crate::errors::single("answers", e.0))?;
            let change =
                baseline.map(|b| change_dto(b, odi.score, ins.odi_mic_points, Some(ins.mic_pct)));
            serde_json::json!({"instrument": "odi", "score": crate::round2(odi.score), "band": odi.band, "answered": odi.answered, "change": change})
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
            serde_json::json!({"instrument": "rmdq", "total": result.total, "recovered": result.recovered, "change": change})
        }
        ScoreRequest::Startback { agree, bothersome } => {
            let answers = StartBackAnswers::new(&agree, bothersome.into())
                .map_err(|e| crate::errors::single("agree", e.0))?;
            let result = instruments::startback(&answers);
            serde_json::json!({"instrument": "startback", "total": result.total, "psychosocial": result.psychosocial, "risk": result.risk.as_str()})
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
                instruments::mcgill(times, ins).map_err(|e| crate::errors::single("extension", e.0))
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
    let positions = instruments::bunkie(&parsed, &cfg.instruments)
        .map_err(|e| crate::errors::single("holds", e.0))?;
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
