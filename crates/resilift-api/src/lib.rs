//! The JSON contract shared by the command line and the web server: input records parsed into
//! core types with one error per problem (each naming its JSON path), output shapes built from
//! core results, and the JSON Schema of every input.

pub mod catalogue;
mod check;
mod codes;
pub mod config;
pub mod e1rm;
mod errors;
pub mod flare;
pub mod import;
pub mod next;
mod numbers;
pub mod risk;
pub mod roster;
pub mod score;
pub mod screen;
pub mod words;

pub use codes::ErrorCode;
pub use errors::{FieldError, InputErrors, parse_json, parse_value};
pub use numbers::round2;

use resilift_core::Reason;
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// An evidence reference on a reason: the citation id and its level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EvidenceRef {
    /// `CIT-…` id.
    pub id: Cow<'static, str>,
    /// Evidence level.
    pub level: Cow<'static, str>,
}

/// A rule that fired, on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReasonDto {
    /// Rule id.
    pub rule: Cow<'static, str>,
    /// Sources with their levels.
    pub evidence: Vec<EvidenceRef>,
    /// What it means here, including where the evidence is weak.
    pub message: String,
}

impl From<&Reason> for ReasonDto {
    fn from(reason: &Reason) -> Self {
        Self {
            rule: reason.rule.id.into(),
            evidence: evidence_refs(reason.rule),
            message: reason.full_message(),
        }
    }
}

/// Advice on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AdviceDto {
    /// Advice id (`ADV-…`).
    pub id: Cow<'static, str>,
    /// The advice.
    pub message: String,
    /// Sources with their levels.
    pub evidence: Vec<EvidenceRef>,
}

impl From<&Reason> for AdviceDto {
    fn from(reason: &Reason) -> Self {
        Self {
            id: reason.rule.id.into(),
            message: reason.full_message(),
            evidence: evidence_refs(reason.rule),
        }
    }
}

/// The evidence references of a rule.
#[must_use]
pub fn evidence_refs(rule: &resilift_core::rules::Rule) -> Vec<EvidenceRef> {
    rule.sources()
        .map(|c| EvidenceRef {
            id: c.id.into(),
            level: c.level.as_str().into(),
        })
        .collect()
}

/// An evidence level's wire name in plain words ("randomised trial", not `rct`).
#[must_use]
pub fn level_words(level: &str) -> &'static str {
    resilift_core::evidence::Level::parse(level)
        .map_or("expert opinion", resilift_core::evidence::Level::label)
}
