//! Small domain types shared by every rule: validated scores, red flags, ladder stages and the
//! reason a rule gives.

use std::fmt;

use crate::rules::Rule;

/// Why a value was refused; the caller adds the field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError(pub String);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValueError {}

/// A pain rating on the 0-10 numeric scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PainScore(u8);

impl PainScore {
    /// Accepts whole numbers 0 to 10.
    ///
    /// # Errors
    /// When the value is outside 0-10.
    pub fn parse(value: i64) -> Result<Self, ValueError> {
        match u8::try_from(value) {
            Ok(score) if score <= 10 => Ok(Self(score)),
            _ => Err(ValueError(format!(
                "expected an integer from 0 to 10, got {value}"
            ))),
        }
    }

    /// The score.
    #[must_use]
    pub fn get(self) -> u8 {
        self.0
    }
}

/// A rating of perceived exertion, read as reps in reserve (10 = none left), in half steps.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Rpe(f64);

impl Rpe {
    /// Accepts 1 to 10 in steps of 0.5.
    ///
    /// # Errors
    /// When the value is outside 1-10 or not a half step.
    pub fn parse(value: f64) -> Result<Self, ValueError> {
        if (1.0..=10.0).contains(&value) && (value * 2.0).fract() == 0.0 {
            Ok(Self(value))
        } else {
            Err(ValueError(format!(
                "expected an RPE from 1 to 10 in steps of 0.5, got {value}"
            )))
        }
    }

    /// The rating.
    #[must_use]
    pub fn get(self) -> f64 {
        self.0
    }

    /// Reps left in reserve (10 − RPE).
    #[must_use]
    pub fn reps_in_reserve(self) -> f64 {
        10.0 - self.0
    }
}

/// A red flag for serious spinal disease, asked at every screen and in every log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(
    missing_docs,
    reason = "the variants are the stable ids, listed with their questions in QUESTIONS"
)]
pub enum RedFlag {
    SaddleNumbness,
    BladderDysfunction,
    BowelDysfunction,
    SexualDysfunctionNew,
    BilateralLegSymptoms,
    ProgressiveWeakness,
    HistoryOfCancer,
    UnexplainedWeightLoss,
    FeverOrUnwell,
    SignificantTrauma,
    LongTermSteroids,
    Osteoporosis,
    IvDrugUse,
    Immunosuppression,
    NightPainUnrelieved,
    RecentSpinalProcedure,
    InflammatoryPattern,
}

impl RedFlag {
    /// Every red flag, cauda equina signs first.
    pub const ALL: [Self; 17] = [
        Self::SaddleNumbness,
        Self::BladderDysfunction,
        Self::BowelDysfunction,
        Self::SexualDysfunctionNew,
        Self::BilateralLegSymptoms,
        Self::ProgressiveWeakness,
        Self::HistoryOfCancer,
        Self::UnexplainedWeightLoss,
        Self::FeverOrUnwell,
        Self::SignificantTrauma,
        Self::LongTermSteroids,
        Self::Osteoporosis,
        Self::IvDrugUse,
        Self::Immunosuppression,
        Self::NightPainUnrelieved,
        Self::RecentSpinalProcedure,
        Self::InflammatoryPattern,
    ];

    /// The stable id used on the wire.
    #[must_use]
    pub fn id(self) -> &'static str {
        self.describe().0
    }

    /// The question asked of the person, in plain language.
    #[must_use]
    pub fn question(self) -> &'static str {
        self.describe().1
    }

    /// Parses a wire id.
    ///
    /// # Errors
    /// When the id is not a known red flag.
    pub fn parse(id: &str) -> Result<Self, ValueError> {
        Self::ALL
            .into_iter()
            .find(|flag| flag.id() == id)
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|flag| flag.id()).collect();
                ValueError(format!(
                    "unknown red flag `{id}`, expected one of {}",
                    known.join(", ")
                ))
            })
    }

    /// Whether the flag is a possible sign of cauda equina syndrome (an emergency).
    #[must_use]
    pub fn is_cauda_equina(self) -> bool {
        matches!(
            self,
            Self::SaddleNumbness
                | Self::BladderDysfunction
                | Self::BowelDysfunction
                | Self::SexualDysfunctionNew
                | Self::BilateralLegSymptoms
        )
    }

    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Self::SaddleNumbness => (
                "saddle_numbness",
                "Numbness or pins and needles between the legs, around the back passage or buttocks, or a change in feeling when wiping",
            ),
            Self::BladderDysfunction => (
                "bladder_dysfunction",
                "New trouble starting or stopping urine, leaking, or not feeling when the bladder is full",
            ),
            Self::BowelDysfunction => ("bowel_dysfunction", "New loss of bowel control or feeling"),
            Self::SexualDysfunctionNew => (
                "sexual_dysfunction_new",
                "A new change in sexual function or genital feeling",
            ),
            Self::BilateralLegSymptoms => (
                "bilateral_leg_symptoms",
                "Pain, numbness or weakness in both legs",
            ),
            Self::ProgressiveWeakness => (
                "progressive_weakness",
                "Weakness in a leg or foot that is getting worse",
            ),
            Self::HistoryOfCancer => ("history_of_cancer", "Any past or current cancer"),
            Self::UnexplainedWeightLoss => {
                ("unexplained_weight_loss", "Weight loss you cannot explain")
            }
            Self::FeverOrUnwell => (
                "fever_or_unwell",
                "Fever, or feeling generally unwell alongside the back pain",
            ),
            Self::SignificantTrauma => (
                "significant_trauma",
                "A fall, crash or other significant injury before the pain began",
            ),
            Self::LongTermSteroids => (
                "long_term_steroids",
                "Steroid tablets or injections taken for months",
            ),
            Self::Osteoporosis => ("osteoporosis", "Known osteoporosis or thin bones"),
            Self::IvDrugUse => ("iv_drug_use", "Injecting drugs"),
            Self::Immunosuppression => (
                "immunosuppression",
                "A weakened immune system from illness or medicine",
            ),
            Self::NightPainUnrelieved => (
                "night_pain_unrelieved",
                "Pain at night that no position or rest relieves",
            ),
            Self::RecentSpinalProcedure => (
                "recent_spinal_procedure",
                "A spinal operation or injection in the last few months",
            ),
            Self::InflammatoryPattern => (
                "inflammatory_pattern",
                "Morning stiffness over 30 minutes that eases with movement, waking in the second half of the night, or alternating buttock pain",
            ),
        }
    }
}

/// Where leg symptoms reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegSymptoms {
    /// No leg symptoms.
    None,
    /// Symptoms in the thigh, not below the knee.
    AboveKnee,
    /// Symptoms below the knee (possible nerve root involvement).
    BelowKnee,
}

/// A rung of the ladder, or not yet on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Not started.
    None,
    /// Bridges, bird dogs and back-extension holds.
    Foundation,
    /// Kettlebell deadlift.
    Kettlebell,
    /// Trap-bar deadlift.
    TrapBar,
    /// Barbell deadlift.
    Barbell,
}

impl Stage {
    /// The stable wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Foundation => "foundation",
            Self::Kettlebell => "kettlebell",
            Self::TrapBar => "trap_bar",
            Self::Barbell => "barbell",
        }
    }

    /// A name for people.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "not started",
            Self::Foundation => "foundation work",
            Self::Kettlebell => "kettlebell deadlift",
            Self::TrapBar => "trap-bar deadlift",
            Self::Barbell => "barbell deadlift",
        }
    }

    /// One rung down (foundation is the floor).
    #[must_use]
    pub fn lower(self) -> Self {
        match self {
            Self::Barbell => Self::TrapBar,
            Self::TrapBar => Self::Kettlebell,
            Self::Kettlebell | Self::Foundation | Self::None => Self::Foundation,
        }
    }
}

/// Sex as recorded; used only for instrument bands and the risk profile, never for a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Other or not stated.
    Other,
}

/// One rule that fired, with a message written for this person.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The rule, with its citations and caveat.
    pub rule: &'static Rule,
    /// What it means here, in plain words.
    pub message: String,
}

impl Reason {
    pub(crate) fn new(id: &'static str, message: impl Into<String>) -> Self {
        Self {
            rule: crate::rules::known(id),
            message: message.into(),
        }
    }

    /// The message followed by the rule's caveat, when it has one.
    #[must_use]
    pub fn full_message(&self) -> String {
        match self.rule.caveat {
            Some(caveat) => format!("{} {caveat}", self.message),
            None => self.message.clone(),
        }
    }
}

/// The disclaimer carried by every decision.
pub const DISCLAIMER: &str = "resilift is educational decision support, not medical advice. It cannot examine you or diagnose anything. See a qualified clinician for a diagnosis, and get urgent care for any emergency sign.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_flag_ids_round_trip() {
        for flag in RedFlag::ALL {
            assert_eq!(RedFlag::parse(flag.id()), Ok(flag));
        }
        assert!(RedFlag::parse("headache").is_err());
    }

    #[test]
    fn pain_scores_outside_zero_to_ten_are_refused() {
        assert!(PainScore::parse(11).is_err());
        assert!(PainScore::parse(-1).is_err());
        assert_eq!(PainScore::parse(10).map(PainScore::get), Ok(10));
    }

    #[test]
    fn rpe_accepts_half_steps_only() {
        assert!(Rpe::parse(7.5).is_ok());
        assert!(Rpe::parse(7.25).is_err());
        assert!(Rpe::parse(11.0).is_err());
    }
}
