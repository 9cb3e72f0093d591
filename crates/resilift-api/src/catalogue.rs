//! The rule and evidence catalogues on the wire.

use resilift_core::evidence::{CATALOGUE, Citation};
use resilift_core::rules::{RULES, Rule};
use schemars::JsonSchema;
use serde::Serialize;

use crate::{EvidenceRef, evidence_refs};

/// A rule on the wire.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RuleDto {
    /// Rule id.
    pub id: &'static str,
    /// What it says.
    pub text: &'static str,
    /// Sources and levels.
    pub evidence: Vec<EvidenceRef>,
    /// The strongest level among its sources.
    pub level: &'static str,
    /// Where the evidence is weaker than the rule suggests.
    pub caveat: Option<&'static str>,
}

impl From<&Rule> for RuleDto {
    fn from(rule: &Rule) -> Self {
        let level = rule
            .sources()
            .map(|c| c.level)
            .min()
            .map_or("expert_opinion", resilift_core::evidence::Level::as_str);
        Self {
            id: rule.id,
            text: rule.text,
            evidence: evidence_refs(rule),
            level,
            caveat: rule.caveat,
        }
    }
}

/// A citation on the wire.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CitationDto {
    /// `CIT-…` id.
    pub id: &'static str,
    /// Authors.
    pub authors: &'static str,
    /// Year, or null for an undated source.
    pub year: Option<u16>,
    /// Title.
    pub title: &'static str,
    /// Venue.
    pub venue: &'static str,
    /// DOI or URL, or null when the source has none.
    pub link: Option<&'static str>,
    /// Evidence level.
    pub level: &'static str,
    /// What it shows.
    pub shows: &'static str,
    /// What it does not show.
    pub does_not_show: &'static str,
    /// Whether the record was checked against the published source.
    pub verified: bool,
    /// Rules resting on it.
    pub rules: Vec<&'static str>,
}

impl From<&Citation> for CitationDto {
    fn from(c: &Citation) -> Self {
        Self {
            id: c.id,
            authors: c.authors,
            year: (c.year > 0).then_some(c.year),
            title: c.title,
            venue: c.venue,
            link: (!c.link.is_empty()).then_some(c.link),
            level: c.level.as_str(),
            shows: c.shows,
            does_not_show: c.does_not_show,
            verified: c.verified,
            rules: RULES
                .iter()
                .filter(|rule| rule.citations.contains(&c.id))
                .map(|rule| rule.id)
                .collect(),
        }
    }
}

/// Every rule.
#[must_use]
pub fn rules() -> Vec<RuleDto> {
    RULES.iter().copied().map(RuleDto::from).collect()
}

/// Every citation.
#[must_use]
pub fn citations() -> Vec<CitationDto> {
    CATALOGUE.iter().map(CitationDto::from).collect()
}
