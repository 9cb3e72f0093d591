//! The triage after a deadlift hurts, on the wire.

use resilift_core::flare::{self, FlareInput};
use resilift_core::{Config, DISCLAIMER};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::borrow::Cow;

use crate::check::{self, Check};
use crate::errors::InputErrors;
use crate::next::TriageOutcomeDto;
use crate::screen::LegSymptomsDto;
use crate::{EvidenceRef, ReasonDto};

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
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CareOptionDto {
    /// Id.
    pub id: Cow<'static, str>,
    /// Name.
    pub name: Cow<'static, str>,
    /// How guidelines grade it.
    pub grading: Cow<'static, str>,
    /// Evidence level of the grading.
    pub level: Cow<'static, str>,
    /// Sources.
    pub evidence: Vec<EvidenceRef>,
}

/// The triage on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FlareResponse {
    /// `emergency`, `same_day`, `see_clinician`, `self_care` or `persistent`.
    pub outcome: TriageOutcomeDto,
    /// The day the pain began.
    pub onset: String,
    /// Days since onset.
    pub days_since_onset: i64,
    /// Rules that fired, most urgent first.
    pub reasons: Vec<ReasonDto>,
    /// Care options to discuss with a clinician.
    pub care_options: Vec<CareOptionDto>,
    /// Educational, not medical advice.
    pub disclaimer: Cow<'static, str>,
}

/// Triage from JSON.
///
/// # Errors
/// Every problem with the input.
pub fn run(text: &str, cfg: &Config) -> Result<FlareResponse, InputErrors> {
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
        outcome: result.decision.into(),
        onset: input.onset.to_string(),
        days_since_onset: result.days_since_onset,
        reasons: result.reasons.iter().map(ReasonDto::from).collect(),
        care_options: result
            .care_options
            .iter()
            .map(|o| CareOptionDto {
                id: o.id.into(),
                name: o.name.into(),
                grading: o.grading.into(),
                level: o.level.as_str().into(),
                evidence: o
                    .citations
                    .iter()
                    .filter_map(|id| resilift_core::evidence::citation(id))
                    .map(|c| EvidenceRef {
                        id: c.id.into(),
                        level: c.level.as_str().into(),
                    })
                    .collect(),
            })
            .collect(),
        disclaimer: DISCLAIMER.into(),
    })
}
