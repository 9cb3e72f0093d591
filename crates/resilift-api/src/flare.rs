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
    #[schemars(range(min = 0, max = 10))]
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

/// The answers after a lift as a lifter sends them to the server, which triages as of today.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageSubmission {
    /// Leave it out (the server triages as of today); if sent, it must be today.
    #[serde(default)]
    #[schemars(schema_with = "check::nullable_date")]
    pub as_of: Option<String>,
    /// When the pain began (YYYY-MM-DD), not after today.
    #[schemars(schema_with = "check::date")]
    pub onset: String,
    /// Pain now, 0-10.
    #[schemars(range(min = 0, max = 10))]
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

impl TriageSubmission {
    /// The triage request as of `today`.
    ///
    /// # Errors
    /// `as_of` when it was sent and is not today.
    pub fn into_request(self, today: chrono::NaiveDate) -> Result<FlareRequest, InputErrors> {
        if let Some(sent) = self.as_of.as_deref()
            && sent != today.to_string()
        {
            return Err(crate::errors::single(
                "as_of",
                format!("leave it out: the server decides as of today ({today}) in your time zone"),
            ));
        }
        Ok(FlareRequest {
            as_of: today.to_string(),
            onset: self.onset,
            pain_now: self.pain_now,
            leg_symptoms: self.leg_symptoms,
            numbness_or_weakness: self.numbness_or_weakness,
            red_flags: self.red_flags,
            disc_bulge_known: self.disc_bulge_known,
            improving: self.improving,
        })
    }
}

/// Triage from JSON.
///
/// # Errors
/// Every problem with the input.
pub fn run(text: &str, cfg: &Config) -> Result<FlareResponse, InputErrors> {
    decide(&crate::parse_json(text)?, cfg)
}

/// Checks and triages a parsed request.
///
/// # Errors
/// Every problem with the request's values.
pub fn decide(request: &FlareRequest, cfg: &Config) -> Result<FlareResponse, InputErrors> {
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
