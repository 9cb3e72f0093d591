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

/// How soon a person must be seen, from most to least urgent. Every surface words each tier
/// the same way, through [`Urgency::instruction`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    /// Go to an emergency department now (suspected cauda equina syndrome).
    Emergency,
    /// Be seen by a doctor today.
    SameDay,
    /// Book an appointment within days, before any loading.
    SeeClinician,
}

impl Urgency {
    /// The stable wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Emergency => "emergency",
            Self::SameDay => "same_day",
            Self::SeeClinician => "see_clinician",
        }
    }

    /// The instruction in one line, for headings.
    #[must_use]
    pub fn headline(self) -> &'static str {
        match self {
            Self::Emergency => "Go to an emergency department now",
            Self::SameDay => "See a doctor today",
            Self::SeeClinician => "Book a clinician within the next few days",
        }
    }

    /// What to do, in full.
    #[must_use]
    pub fn instruction(self) -> &'static str {
        match self {
            Self::Emergency => {
                "What you reported can be a sign of suspected cauda equina syndrome: pressure on the nerves at the base of the spine. Go to an emergency department or call your emergency number now, and say \"suspected cauda equina syndrome\" and what you noticed. Do not wait to see whether it passes, and do no exercise."
            }
            Self::SameDay => {
                "Be seen by a doctor today: urgent care, or the same-day service of your practice. What you reported can point to a fracture, an infection or a nerve problem that is getting worse, and it needs checking before anything else. Do no exercise until then."
            }
            Self::SeeClinician => {
                "Book an appointment with a doctor or physiotherapist within the next few days, before any loaded training. Keep walking and doing your normal activities as comfort allows, and show them what you reported."
            }
        }
    }
}

/// A red flag for serious spinal disease, asked at every screen, in every log and in the
/// triage; the cauda-equina signs are asked again at the next-morning check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(
    missing_docs,
    reason = "the variants are the stable ids, listed with their questions in `describe`"
)]
pub enum RedFlag {
    SaddleNumbness,
    BladderDysfunction,
    BowelDysfunction,
    SexualDysfunctionNew,
    BilateralLegSymptoms,
    ProgressiveWeakness,
    FeverOrUnwell,
    SignificantTrauma,
    MinorTraumaOlderOrOsteoporotic,
    BruisingOrAbrasion,
    HistoryOfCancer,
    UnexplainedWeightLoss,
    LongTermSteroids,
    Osteoporosis,
    IvDrugUse,
    Immunosuppression,
    RecentInfection,
    NightPainUnrelieved,
    RecentSpinalProcedure,
    InflammatoryPattern,
    NotImprovingAfter6Weeks,
}

impl RedFlag {
    /// Every red flag, most urgent tier first.
    pub const ALL: [Self; 21] = [
        Self::SaddleNumbness,
        Self::BladderDysfunction,
        Self::BowelDysfunction,
        Self::SexualDysfunctionNew,
        Self::BilateralLegSymptoms,
        Self::ProgressiveWeakness,
        Self::FeverOrUnwell,
        Self::SignificantTrauma,
        Self::MinorTraumaOlderOrOsteoporotic,
        Self::BruisingOrAbrasion,
        Self::HistoryOfCancer,
        Self::UnexplainedWeightLoss,
        Self::LongTermSteroids,
        Self::Osteoporosis,
        Self::IvDrugUse,
        Self::Immunosuppression,
        Self::RecentInfection,
        Self::NightPainUnrelieved,
        Self::RecentSpinalProcedure,
        Self::InflammatoryPattern,
        Self::NotImprovingAfter6Weeks,
    ];

    /// The cauda-equina signs, asked again at every next-morning check-in.
    pub const CAUDA_EQUINA: [Self; 5] = [
        Self::SaddleNumbness,
        Self::BladderDysfunction,
        Self::BowelDysfunction,
        Self::SexualDysfunctionNew,
        Self::BilateralLegSymptoms,
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

    /// How soon the flag must be seen to.
    #[must_use]
    pub fn urgency(self) -> Urgency {
        match self {
            Self::SaddleNumbness
            | Self::BladderDysfunction
            | Self::BowelDysfunction
            | Self::SexualDysfunctionNew
            | Self::BilateralLegSymptoms => Urgency::Emergency,
            Self::ProgressiveWeakness
            | Self::FeverOrUnwell
            | Self::SignificantTrauma
            | Self::MinorTraumaOlderOrOsteoporotic
            | Self::BruisingOrAbrasion => Urgency::SameDay,
            _ => Urgency::SeeClinician,
        }
    }

    /// Whether the flag is a possible sign of cauda equina syndrome (an emergency).
    #[must_use]
    pub fn is_cauda_equina(self) -> bool {
        self.urgency() == Urgency::Emergency
    }

    /// Whether a clinician may clear the flag for loading (the `see_clinician` tier only).
    #[must_use]
    pub fn clearable(self) -> bool {
        self.urgency() == Urgency::SeeClinician
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
                "New or worsening pain, numbness or weakness in both legs",
            ),
            Self::ProgressiveWeakness => (
                "progressive_weakness",
                "A leg or foot getting weaker over days",
            ),
            Self::FeverOrUnwell => (
                "fever_or_unwell",
                "Fever, or feeling generally unwell alongside the back pain",
            ),
            Self::SignificantTrauma => (
                "significant_trauma",
                "A fall from a height, a road accident or another big impact before the pain began",
            ),
            Self::MinorTraumaOlderOrOsteoporotic => (
                "minor_trauma_older_or_osteoporotic",
                "A minor fall or strain before the pain began, and you are over 70 or have osteoporosis",
            ),
            Self::BruisingOrAbrasion => (
                "bruising_or_abrasion",
                "Bruising or grazed skin on the back after a fall or a blow",
            ),
            Self::HistoryOfCancer => ("history_of_cancer", "Any past or current cancer"),
            Self::UnexplainedWeightLoss => {
                ("unexplained_weight_loss", "Weight loss you cannot explain")
            }
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
            Self::RecentInfection => (
                "recent_infection",
                "A recent infection, such as a urine infection, or tuberculosis in the past",
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
            Self::NotImprovingAfter6Weeks => (
                "not_improving_after_6_weeks",
                "This episode has lasted six weeks or more without getting better",
            ),
        }
    }
}

/// A general-health answer (PAR-Q+-style), asked at every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(
    missing_docs,
    reason = "the variants are the stable ids, listed with their questions in `describe`"
)]
pub enum HealthItem {
    HeartCondition,
    ChestPain,
    DizzinessOrFainting,
    UncontrolledBloodPressure,
    PregnantOrPostpartum,
    RecentSurgery,
    Hernia,
    Glaucoma,
    Anticoagulants,
}

impl HealthItem {
    /// Every general-health question, those that need clearance first.
    pub const ALL: [Self; 9] = [
        Self::HeartCondition,
        Self::ChestPain,
        Self::DizzinessOrFainting,
        Self::UncontrolledBloodPressure,
        Self::PregnantOrPostpartum,
        Self::RecentSurgery,
        Self::Hernia,
        Self::Glaucoma,
        Self::Anticoagulants,
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

    /// Whether a yes needs a clinician's clearance before heavy lifting (SCR-GENERAL); the others
    /// only change the advice.
    #[must_use]
    pub fn needs_clearance(self) -> bool {
        !matches!(self, Self::Hernia | Self::Glaucoma | Self::Anticoagulants)
    }

    /// Parses a wire id.
    ///
    /// # Errors
    /// When the id is not a known general-health answer.
    pub fn parse(id: &str) -> Result<Self, ValueError> {
        Self::ALL
            .into_iter()
            .find(|item| item.id() == id)
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|item| item.id()).collect();
                ValueError(format!(
                    "unknown general-health answer `{id}`, expected one of {}",
                    known.join(", ")
                ))
            })
    }

    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Self::HeartCondition => (
                "heart_condition",
                "A heart condition, or a doctor has said you should only exercise under supervision",
            ),
            Self::ChestPain => (
                "chest_pain",
                "Pain or pressure in the chest at rest or when active",
            ),
            Self::DizzinessOrFainting => (
                "dizziness_or_fainting",
                "Dizziness, light-headedness or fainting in the last year",
            ),
            Self::UncontrolledBloodPressure => (
                "uncontrolled_blood_pressure",
                "High blood pressure that is not under control",
            ),
            Self::PregnantOrPostpartum => (
                "pregnant_or_postpartum",
                "Pregnant, or gave birth in the last 6 months",
            ),
            Self::RecentSurgery => ("recent_surgery", "Any operation in the last 3 months"),
            Self::Hernia => ("hernia", "A hernia"),
            Self::Glaucoma => ("glaucoma", "Glaucoma or raised pressure in the eye"),
            Self::Anticoagulants => (
                "anticoagulants",
                "Blood thinners (anticoagulants such as warfarin, apixaban or rivaroxaban)",
            ),
        }
    }
}

/// An answer a linked clinician may clear for loading: a `see_clinician`-tier red flag or a
/// general-health answer that needs clearance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Clearable {
    /// A red flag of the `see_clinician` tier.
    Flag(RedFlag),
    /// A general-health answer that needs clearance.
    Health(HealthItem),
}

impl Clearable {
    /// The wire id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Flag(flag) => flag.id(),
            Self::Health(item) => item.id(),
        }
    }

    /// The question, in plain words.
    #[must_use]
    pub fn question(self) -> &'static str {
        match self {
            Self::Flag(flag) => flag.question(),
            Self::Health(item) => item.question(),
        }
    }

    /// Parses a wire id, refusing ids that may never be cleared.
    ///
    /// # Errors
    /// When the id is unknown, an emergency or same-day flag, or advice-only.
    pub fn parse(id: &str) -> Result<Self, ValueError> {
        if let Ok(flag) = RedFlag::parse(id) {
            return if flag.clearable() {
                Ok(Self::Flag(flag))
            } else {
                Err(ValueError(format!(
                    "`{id}` needs {} care and can never be cleared for loading",
                    match flag.urgency() {
                        Urgency::Emergency => "emergency",
                        _ => "same-day",
                    }
                )))
            };
        }
        match HealthItem::parse(id) {
            Ok(item) if item.needs_clearance() => Ok(Self::Health(item)),
            Ok(_) => Err(ValueError(format!(
                "`{id}` only changes the advice and has nothing to clear"
            ))),
            Err(_) => Err(ValueError(format!(
                "unknown id `{id}`: expected a red flag of the see-a-clinician tier or a general-health answer that needs clearance"
            ))),
        }
    }

    /// Every id that may be cleared.
    #[must_use]
    pub fn all() -> Vec<Self> {
        RedFlag::ALL
            .into_iter()
            .filter(|flag| flag.clearable())
            .map(Self::Flag)
            .chain(
                HealthItem::ALL
                    .into_iter()
                    .filter(|item| item.needs_clearance())
                    .map(Self::Health),
            )
            .collect()
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

impl LegSymptoms {
    /// The stable wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::AboveKnee => "above_knee",
            Self::BelowKnee => "below_knee",
        }
    }
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

    /// Parses a wire name.
    ///
    /// # Errors
    /// When the name is not a stage.
    pub fn parse(name: &str) -> Result<Self, ValueError> {
        [
            Self::None,
            Self::Foundation,
            Self::Kettlebell,
            Self::TrapBar,
            Self::Barbell,
        ]
        .into_iter()
        .find(|stage| stage.as_str() == name)
        .ok_or_else(|| {
            ValueError(format!(
                "expected none, foundation, kettlebell, trap_bar or barbell, got `{name}`"
            ))
        })
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
    pub(crate) fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Self {
            rule,
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

/// A count with its noun: "1 day", "3 days", "no earlier episodes".
#[must_use]
pub fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    match n.into() {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// A day as people read it in a message: "4 November 2026" (never the ISO form, which reads as
/// code, and never a numeric order that differs between countries).
#[must_use]
pub fn fmt_day(day: chrono::NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_flag_ids_round_trip() {
        for flag in RedFlag::ALL {
            assert_eq!(RedFlag::parse(flag.id()), Ok(flag));
        }
        assert!(RedFlag::parse("headache").is_err());
        for item in HealthItem::ALL {
            assert_eq!(HealthItem::parse(item.id()), Ok(item));
        }
    }

    #[test]
    fn only_see_clinician_flags_and_clearance_answers_can_be_cleared() {
        assert!(Clearable::parse("osteoporosis").is_ok());
        assert!(Clearable::parse("heart_condition").is_ok());
        assert!(Clearable::parse("saddle_numbness").is_err());
        assert!(Clearable::parse("fever_or_unwell").is_err());
        assert!(Clearable::parse("hernia").is_err());
        assert!(Clearable::parse("headache").is_err());
        assert_eq!(Clearable::all().len(), 11 + 6);
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
