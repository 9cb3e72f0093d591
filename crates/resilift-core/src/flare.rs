//! After a deadlift hurts (`FLARE-*`): triage, self-care and when to see whom.

use chrono::NaiveDate;

use crate::config::FlareConfig;
use crate::domain::{LegSymptoms, PainScore, Reason, RedFlag};
use crate::evidence::Level;

/// What happened after the lift.
#[derive(Debug, Clone, PartialEq)]
pub struct FlareInput {
    /// Today.
    pub as_of: NaiveDate,
    /// When the pain began; never after `as_of`.
    pub onset: NaiveDate,
    /// Pain now.
    pub pain_now: PainScore,
    /// Where leg symptoms reach.
    pub leg_symptoms: LegSymptoms,
    /// Numbness or weakness anywhere in the legs.
    pub numbness_or_weakness: bool,
    /// Red flags answered yes.
    pub red_flags: Vec<RedFlag>,
    /// A known disc bulge.
    pub disc_bulge_known: bool,
    /// Getting better.
    pub improving: bool,
}

/// The triage outcome, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlareDecision {
    /// Same-day emergency care.
    Emergency,
    /// Prompt clinical review.
    SeeClinician,
    /// See a clinician soon (nerve signs or known disc).
    SeeClinicianSoon,
    /// Not settling after the self-care window: see a clinician.
    SeeClinicianPersisting,
    /// Self-care.
    SelfCare,
    /// Settling after the window: screen again before deadlifting.
    Rescreen,
}

impl FlareDecision {
    /// Wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Emergency => "emergency",
            Self::SeeClinician => "see_clinician",
            Self::SeeClinicianSoon => "see_clinician_soon",
            Self::SeeClinicianPersisting => "see_clinician_persisting",
            Self::SelfCare => "self_care",
            Self::Rescreen => "rescreen",
        }
    }
}

/// A care option a clinician may offer, with how guidelines grade it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CareOption {
    /// Stable id.
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// How guidelines grade it, in plain words.
    pub grading: &'static str,
    /// Evidence level of the grading source.
    pub level: Level,
    /// Sources.
    pub citations: &'static [&'static str],
}

/// The care options the source article names, each graded.
pub const CARE_OPTIONS: [CareOption; 5] = [
    CareOption {
        id: "rehabilitation_exercise",
        name: "Rehabilitation and therapeutic exercise",
        grading: "Recommended first-line care in guidelines.",
        level: Level::Guideline,
        citations: &["CIT-NICE-NG59", "CIT-QASEEM2017"],
    },
    CareOption {
        id: "chiropractic_adjustment",
        name: "Chiropractic adjustment (spinal manipulation)",
        grading: "Low-quality evidence of benefit; guidelines suggest it only alongside exercise.",
        level: Level::Guideline,
        citations: &["CIT-QASEEM2017", "CIT-NICE-NG59"],
    },
    CareOption {
        id: "myofascial_release",
        name: "Myofascial release (soft-tissue and massage techniques)",
        grading: "Low-quality evidence; guidelines suggest it only alongside exercise.",
        level: Level::Guideline,
        citations: &["CIT-QASEEM2017", "CIT-NICE-NG59"],
    },
    CareOption {
        id: "acupuncture",
        name: "Acupuncture",
        grading: "Graded low-quality by one guideline; another advises against it for back pain.",
        level: Level::Guideline,
        citations: &["CIT-QASEEM2017", "CIT-NICE-NG59"],
    },
    CareOption {
        id: "spinal_decompression",
        name: "Spinal decompression (traction)",
        grading: "Not recommended: guidelines advise against traction for back pain.",
        level: Level::Guideline,
        citations: &["CIT-NICE-NG59"],
    },
];

/// The triage result.
#[derive(Debug, Clone, PartialEq)]
pub struct Flare {
    /// Outcome.
    pub decision: FlareDecision,
    /// Days since onset.
    pub days_since_onset: i64,
    /// Rules that fired, most urgent first.
    pub reasons: Vec<Reason>,
    /// Care options to discuss (only when the flare persists).
    pub care_options: Vec<CareOption>,
}

/// Triage of pain after a deadlift.
#[must_use]
pub fn triage(input: &FlareInput, cfg: &FlareConfig) -> Flare {
    let days = (input.as_of - input.onset).num_days();
    let mut fired: Vec<(FlareDecision, Reason)> = Vec::new();
    let (ces, other): (Vec<RedFlag>, Vec<RedFlag>) = input
        .red_flags
        .iter()
        .partition(|flag| flag.is_cauda_equina());
    if !ces.is_empty() {
        fired.push((FlareDecision::Emergency, Reason::new("FLARE-CES", "One of your answers can be a sign of pressure on the nerves at the base of the spine. Get same-day emergency care now; do not wait to see if it settles.")));
    }
    if !other.is_empty() {
        fired.push((FlareDecision::SeeClinician, Reason::new("FLARE-REDFLAG", "You reported a red flag. See a clinician promptly, and do no loaded training until then.")));
    }
    if input.leg_symptoms == LegSymptoms::BelowKnee
        || input.numbness_or_weakness
        || input.disc_bulge_known
    {
        fired.push((FlareDecision::SeeClinicianSoon, Reason::new("FLARE-NERVE", "Symptoms below the knee, numbness or weakness, or a known disc bulge call for a clinician's assessment soon, within days rather than weeks.")));
    }
    let window = i64::from(cfg.selfcare_days);
    if days >= window && !input.improving {
        fired.push((FlareDecision::SeeClinicianPersisting, Reason::new("FLARE-PERSIST", format!("It has been {days} days and it is not getting better. See a clinician; below are the options often offered and how guidelines grade them."))));
    }
    if days < window {
        fired.push((FlareDecision::SelfCare, Reason::new("FLARE-SELFCARE", format!("Day {days} of {window}: keep moving gently and avoid bed rest; pause deadlifts and keep heavy loads off your back; a heat wrap can ease pain; ice is often suggested but its benefit is unproven; an anti-inflammatory (NSAID) only if a pharmacist or clinician says it suits you."))));
    }
    if days >= window && input.improving {
        fired.push((FlareDecision::Rescreen, Reason::new("FLARE-RETURN", "It is settling. Deadlifts come back only through a new screen: take it when you feel ready.")));
    } else if fired
        .iter()
        .all(|(decision, _)| *decision >= FlareDecision::SelfCare)
    {
        fired.push((
            FlareDecision::SelfCare,
            Reason::new(
                "FLARE-RETURN",
                "When it has settled, deadlifts come back only through a new screen.",
            ),
        ));
    }
    fired.sort_by_key(|(decision, _)| *decision);
    let decision = fired
        .first()
        .map_or(FlareDecision::SelfCare, |(decision, _)| *decision);
    let care_options = if fired
        .iter()
        .any(|(d, _)| *d == FlareDecision::SeeClinicianPersisting)
        && decision != FlareDecision::Emergency
    {
        CARE_OPTIONS.to_vec()
    } else {
        Vec::new()
    };
    let reasons = if decision == FlareDecision::Emergency {
        fired
            .into_iter()
            .filter(|(d, _)| *d == FlareDecision::Emergency)
            .map(|(_, r)| r)
            .collect()
    } else {
        fired.into_iter().map(|(_, r)| r).collect()
    };
    Flare {
        decision,
        days_since_onset: days,
        reasons,
        care_options,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn input(days_ago: u64, improving: bool) -> FlareInput {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        FlareInput {
            as_of,
            onset: as_of.checked_sub_days(chrono::Days::new(days_ago)).unwrap(),
            pain_now: PainScore::parse(4).unwrap(),
            leg_symptoms: LegSymptoms::None,
            numbness_or_weakness: false,
            red_flags: vec![],
            disc_bulge_known: false,
            improving,
        }
    }

    fn run(input: &FlareInput) -> (FlareDecision, Vec<&'static str>) {
        let result = triage(input, &Config::standard().flare);
        (
            result.decision,
            result.reasons.iter().map(|r| r.rule.id).collect(),
        )
    }

    #[test]
    fn a_recent_flare_gets_self_care_and_the_way_back() {
        assert_eq!(
            run(&input(3, false)),
            (
                FlareDecision::SelfCare,
                vec!["FLARE-SELFCARE", "FLARE-RETURN"]
            )
        );
        let result = triage(&input(3, false), &Config::standard().flare);
        assert!(
            result.reasons[0]
                .full_message()
                .contains("insufficient evidence")
        );
    }

    #[test]
    fn a_flare_not_improving_after_two_weeks_lists_graded_care_options() {
        let result = triage(&input(14, false), &Config::standard().flare);
        assert_eq!(result.decision, FlareDecision::SeeClinicianPersisting);
        assert_eq!(result.care_options.len(), 5);
        assert_eq!(
            run(&input(20, true)),
            (FlareDecision::Rescreen, vec!["FLARE-RETURN"])
        );
    }

    #[test]
    fn nerve_signs_and_red_flags_escalate_in_order() {
        let mut nerve = input(3, true);
        nerve.leg_symptoms = LegSymptoms::BelowKnee;
        assert_eq!(run(&nerve).0, FlareDecision::SeeClinicianSoon);
        nerve.red_flags = vec![RedFlag::HistoryOfCancer];
        assert_eq!(run(&nerve).0, FlareDecision::SeeClinician);
        nerve.red_flags.push(RedFlag::SaddleNumbness);
        assert_eq!(run(&nerve), (FlareDecision::Emergency, vec!["FLARE-CES"]));
    }
}
