//! A client's roster status on the wire.

use resilift_core::roster::Status;
use schemars::JsonSchema;
use serde::Serialize;

use crate::ReasonDto;
use crate::words::{RosterColourDto, UrgencyDto};

/// A client's status on a clinician's roster, decided by the engine's `STATUS-…` rules.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StatusDto {
    /// `red`, `amber`, `green`, or `none` before the first screening.
    pub colour: RosterColourDto,
    /// When loading has stopped, what comes first: `emergency`, `same_day`, `see_clinician` or
    /// `triage` (the post-lift questions are due); null otherwise.
    pub urgency: Option<UrgencyDto>,
    /// Every rule that decided the colour, red ones first, with its evidence.
    pub reasons: Vec<ReasonDto>,
    /// The last session's next-morning check-in is still unanswered after its morning.
    pub check_in_overdue: bool,
}

impl From<&Status> for StatusDto {
    fn from(status: &Status) -> Self {
        Self {
            colour: status.colour.into(),
            urgency: status.urgency.map(UrgencyDto::from),
            reasons: status.reasons.iter().map(ReasonDto::from).collect(),
            check_in_overdue: status.check_in_overdue,
        }
    }
}
