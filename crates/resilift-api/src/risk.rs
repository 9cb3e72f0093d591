//! The risk profile on the wire: answers in, factors with their evidence out.

use resilift_core::risk::{self, Activity, Quality, RiskInput};
use resilift_core::{Config, DISCLAIMER};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::check::Check;
use crate::errors::InputErrors;
use crate::numbers::ser2_opt;
use crate::{EvidenceRef, evidence_refs};

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
pub fn run(text: &str, cfg: &Config) -> Result<RiskResponse, InputErrors> {
    profile(&crate::parse_json(text)?, cfg)
}

/// The risk profile of parsed answers.
///
/// # Errors
/// Every problem with the answers' values.
pub fn profile(request: &RiskRequest, cfg: &Config) -> Result<RiskResponse, InputErrors> {
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
        previous_episodes: check.count("previous_episodes", request.previous_episodes, 100),
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
