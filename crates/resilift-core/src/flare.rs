//! After a deadlift hurts (`FLARE-*`): triage, self-care and when to see whom.

use crate::rules::{self, Rule};
use chrono::NaiveDate;

use crate::config::FlareConfig;
use crate::domain::{LegSymptoms, PainScore, Reason, RedFlag, Urgency};
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
    /// Go to an emergency department now.
    Emergency,
    /// Be seen by a doctor today.
    SameDay,
    /// Book a clinician within days (a red flag, nerve signs or a known disc).
    SeeClinician,
    /// Not settling after the self-care window: see a clinician.
    Persistent,
    /// Self-care; deadlifts come back through a new screen.
    SelfCare,
}

impl FlareDecision {
    /// Wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Emergency => "emergency",
            Self::SameDay => "same_day",
            Self::SeeClinician => "see_clinician",
            Self::Persistent => "persistent",
            Self::SelfCare => "self_care",
        }
    }

    /// Parses a wire name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Emergency,
            Self::SameDay,
            Self::SeeClinician,
            Self::Persistent,
            Self::SelfCare,
        ]
        .into_iter()
        .find(|d| d.as_str() == name)
    }

    /// How soon the person must be seen, for the outcomes that stop loading.
    #[must_use]
    pub fn urgency(self) -> Option<Urgency> {
        match self {
            Self::Emergency => Some(Urgency::Emergency),
            Self::SameDay => Some(Urgency::SameDay),
            Self::SeeClinician | Self::Persistent => Some(Urgency::SeeClinician),
            Self::SelfCare => None,
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

/// The rules that send the person to a clinician; an urgent outcome lists only these.
const URGENT_RULES: [&Rule; 4] = [
    &rules::FLARE_CES,
    &rules::FLARE_URGENT,
    &rules::FLARE_REDFLAG,
    &rules::FLARE_NERVE,
];

/// Triage of pain after a deadlift.
#[must_use]
pub fn triage(input: &FlareInput, cfg: &FlareConfig) -> Flare {
    let days = (input.as_of - input.onset).num_days();
    let mut fired: Vec<(FlareDecision, Reason)> = Vec::new();
    let of = |urgency: Urgency| -> Vec<RedFlag> {
        input
            .red_flags
            .iter()
            .copied()
            .filter(|flag| flag.urgency() == urgency)
            .collect()
    };
    if !of(Urgency::Emergency).is_empty() {
        fired.push((FlareDecision::Emergency, Reason::new(&rules::FLARE_CES, "One of your answers can be a sign of suspected cauda equina syndrome: pressure on the nerves at the base of the spine. Go to an emergency department or call your emergency number now, and say \"suspected cauda equina syndrome\". Do not wait to see if it settles.")));
    }
    if !of(Urgency::SameDay).is_empty() {
        fired.push((FlareDecision::SameDay, Reason::new(&rules::FLARE_URGENT, "One of your answers can point to a fracture, an infection or a nerve problem that is getting worse. Be seen by a doctor today, at urgent care or the same-day service of your practice, and do no exercise until then.")));
    }
    if !of(Urgency::SeeClinician).is_empty() {
        fired.push((FlareDecision::SeeClinician, Reason::new(&rules::FLARE_REDFLAG, "You reported a warning sign. Book a doctor or physiotherapist within the next few days, and do no loaded training until then.")));
    }
    if input.leg_symptoms == LegSymptoms::BelowKnee
        || input.numbness_or_weakness
        || input.disc_bulge_known
    {
        fired.push((FlareDecision::SeeClinician, Reason::new(&rules::FLARE_NERVE, "Symptoms below the knee, numbness or weakness, or a known disc bulge call for a clinician's assessment within days rather than weeks.")));
    }
    let window = i64::from(cfg.selfcare_days);
    if days >= window && !input.improving {
        fired.push((FlareDecision::Persistent, Reason::new(&rules::FLARE_PERSIST, format!("It has been {days} days and it is not getting better. See a clinician; below are the options often offered and how guidelines grade them."))));
    }
    if days < window {
        fired.push((FlareDecision::SelfCare, Reason::new(&rules::FLARE_SELFCARE, format!("Day {days} of {window}: keep moving gently and avoid bed rest; pause deadlifts and keep heavy loads off your back; a heat wrap can ease pain; ice is often suggested but its benefit is unproven; an anti-inflammatory (NSAID) only if a pharmacist or clinician says it suits you."))));
    }
    if days >= window && input.improving {
        fired.push((FlareDecision::SelfCare, Reason::new(&rules::FLARE_RETURN, "It is settling. Deadlifts come back only through a new screen: take it when you feel ready.")));
    } else {
        fired.push((
            FlareDecision::SelfCare,
            Reason::new(
                &rules::FLARE_RETURN,
                "When it has settled, deadlifts come back only through a new screen.",
            ),
        ));
    }
    fired.push((FlareDecision::SelfCare, Reason::new(&rules::FLARE_STOPSET, "When you lift again, stop the set at once for sharp pain, for pain, tingling or numbness spreading into a leg, or for pain past 5 out of 10.")));
    fired.sort_by_key(|(decision, _)| *decision);
    let decision = fired
        .first()
        .map_or(FlareDecision::SelfCare, |(decision, _)| *decision);
    let persisting = fired.iter().any(|(d, _)| *d == FlareDecision::Persistent);
    let care_options =
        if persisting && !matches!(decision, FlareDecision::Emergency | FlareDecision::SameDay) {
            CARE_OPTIONS.to_vec()
        } else {
            Vec::new()
        };
    // INVARIANT (urgent pages carry no exercise content): an outcome that sends the person to a
    // clinician lists only the rules that did so.
    let urgent = matches!(
        decision,
        FlareDecision::Emergency | FlareDecision::SameDay | FlareDecision::SeeClinician
    );
    let reasons = fired
        .into_iter()
        .filter(|(_, r)| !urgent || URGENT_RULES.iter().any(|u| u.id == r.rule.id))
        .map(|(_, r)| r)
        .collect();
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
                vec!["FLARE-SELFCARE", "FLARE-RETURN", "FLARE-STOPSET"]
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
        assert_eq!(result.decision, FlareDecision::Persistent);
        assert_eq!(result.care_options.len(), 5);
        assert_eq!(
            run(&input(20, true)),
            (
                FlareDecision::SelfCare,
                vec!["FLARE-RETURN", "FLARE-STOPSET"]
            )
        );
    }

    #[test]
    fn nerve_signs_and_red_flags_escalate_in_order() {
        let mut nerve = input(3, true);
        nerve.leg_symptoms = LegSymptoms::BelowKnee;
        assert_eq!(
            run(&nerve),
            (FlareDecision::SeeClinician, vec!["FLARE-NERVE"])
        );
        nerve.red_flags = vec![RedFlag::HistoryOfCancer];
        assert_eq!(run(&nerve).0, FlareDecision::SeeClinician);
        nerve.red_flags.push(RedFlag::FeverOrUnwell);
        assert_eq!(
            run(&nerve),
            (
                FlareDecision::SameDay,
                vec!["FLARE-URGENT", "FLARE-REDFLAG", "FLARE-NERVE"]
            )
        );
        nerve.red_flags.push(RedFlag::SaddleNumbness);
        assert_eq!(
            run(&nerve),
            (
                FlareDecision::Emergency,
                vec!["FLARE-CES", "FLARE-URGENT", "FLARE-REDFLAG", "FLARE-NERVE"]
            )
        );
    }
}
