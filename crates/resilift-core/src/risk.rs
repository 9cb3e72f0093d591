//! The risk profile (`RISK-*`): which disc-degeneration and recurrence factors apply, which can
//! change, how strong the evidence is, and what to do.

use crate::config::RiskConfig;
use crate::domain::Reason;
use crate::rules;

/// A three-level self-rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quality {
    /// Good.
    Good,
    /// Fair.
    Fair,
    /// Poor.
    Poor,
}

/// Habitual activity level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Activity {
    /// Mostly sitting or lying, little walking.
    Sedentary,
    /// Some walking, no regular exercise.
    Light,
    /// Regular exercise most weeks.
    Moderate,
    /// Exercise most days.
    Active,
}

/// Risk profile answers.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskInput {
    /// Parents or siblings with back trouble.
    pub family_history: bool,
    /// Smokes now.
    pub smoking: bool,
    /// Height in centimetres.
    pub height_cm: Option<f64>,
    /// Weight in kilograms.
    pub weight_kg: Option<f64>,
    /// Diet quality.
    pub diet: Quality,
    /// Usual hours of sleep.
    pub sleep_hours: f64,
    /// Sleep quality.
    pub sleep_quality: Quality,
    /// Activity level.
    pub activity: Activity,
    /// Hours sitting on a usual day.
    pub sitting_hours: f64,
    /// Gets up at least every half hour or so while sitting.
    pub sitting_breaks: bool,
    /// Bends repeatedly at work.
    pub repetitive_bending: bool,
    /// Lifts while twisting.
    pub lifting_while_twisting: bool,
    /// Earlier episodes of back pain.
    pub previous_episodes: u32,
}

/// Strength of association, as shown to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strength {
    /// Strong association.
    Strong,
    /// Modest association.
    Modest,
    /// Small association.
    Small,
    /// Shown in animal or laboratory work only.
    LabOnly,
    /// Not shown for discs.
    NotShown,
}

impl Strength {
    /// Wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strong => "strong",
            Self::Modest => "modest",
            Self::Small => "small",
            Self::LabOnly => "lab_only",
            Self::NotShown => "not_shown",
        }
    }
}

/// One factor that applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// Rule, message with what to do.
    pub reason: Reason,
    /// Whether it can be changed.
    pub modifiable: bool,
    /// Strength of the association.
    pub strength: Strength,
}

/// The profile.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskProfile {
    /// Body-mass index, when height and weight are known.
    pub bmi: Option<f64>,
    /// Factors present, unchangeable ones first.
    pub factors: Vec<Factor>,
}

/// Builds the risk profile.
#[must_use]
pub fn profile(input: &RiskInput, cfg: &RiskConfig) -> RiskProfile {
    let bmi = match (input.height_cm, input.weight_kg) {
        (Some(height), Some(weight)) if height > 0.0 => Some(weight / (height / 100.0).powi(2)),
        _ => None,
    };
    let mut factors = Vec::new();
    let mut add = |present: bool,
                   id: &'static rules::Rule,
                   modifiable: bool,
                   strength: Strength,
                   message: String| {
        if present {
            factors.push(Factor {
                reason: Reason::new(id, message),
                modifiable,
                strength,
            });
        }
    };
    add(input.family_history, &rules::RISK_HEREDITY, false, Strength::Strong, "Back trouble runs in your family. Twin studies find that inheritance explains much of disc degeneration. You cannot change this, which makes the changeable factors below the ones worth your effort.".to_owned());
    add(
        input.previous_episodes >= 1,
        &rules::RISK_RECUR,
        false,
        Strength::Strong,
        format!(
            "You have had {}, the strongest predictor of another. Specific exercise after a first episode cut recurrence in a trial, so keep up the foundation work even when you feel fine.",
            crate::domain::count(
                input.previous_episodes,
                "earlier episode",
                "earlier episodes"
            )
        ),
    );
    add(input.smoking, &rules::RISK_SMOKING, true, Strength::Small, "You smoke. The link with disc degeneration is small, but stopping helps almost every other part of your health; ask a pharmacist or doctor about support.".to_owned());
    if let Some(bmi) = bmi {
        add(
            bmi >= cfg.obese_bmi,
            &rules::RISK_BMI,
            true,
            Strength::Modest,
            format!(
                "Your body-mass index is {bmi:.1}. A BMI of {:.0} or more goes with modestly more disc degeneration and back pain; a gradual loss through diet and activity is reasonable.",
                cfg.obese_bmi
            ),
        );
    }
    add(input.activity == Activity::Sedentary, &rules::RISK_DISUSE, true, Strength::LabOnly, "You are mostly inactive. Discs have no blood supply of their own and rely on movement; regular walking is the simplest start.".to_owned());
    add(
        input.sitting_hours >= cfg.long_sitting_hours && !input.sitting_breaks,
        &rules::RISK_SITTING,
        true,
        Strength::LabOnly,
        format!(
            "You sit about {:.0} hours a day without breaks. Stand up and move for a minute or two every 30-45 minutes.",
            input.sitting_hours
        ),
    );
    add(input.repetitive_bending, &rules::RISK_FLEXION, true, Strength::LabOnly, "Your work involves repeated bending. Hinge from the hips where you can, vary your tasks, and use aids for repeated low lifts.".to_owned());
    add(input.lifting_while_twisting, &rules::RISK_TWIST, true, Strength::LabOnly, "You lift while twisting. Turn with your feet rather than your spine, and keep loads close.".to_owned());
    add(input.diet == Quality::Poor, &rules::RISK_DIET, true, Strength::NotShown, "You rate your diet as poor. Improving it is good for your health in general, though no link to discs specifically has been shown.".to_owned());
    add(
        input.sleep_hours < cfg.short_sleep_hours || input.sleep_quality == Quality::Poor,
        &rules::RISK_SLEEP,
        true,
        Strength::NotShown,
        format!(
            "You sleep about {:.1} hours, or poorly. Better sleep helps recovery and pain tolerance in general, though no link to discs specifically has been shown.",
            input.sleep_hours
        ),
    );
    RiskProfile { bmi, factors }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn quiet() -> RiskInput {
        RiskInput {
            family_history: false,
            smoking: false,
            height_cm: Some(180.0),
            weight_kg: Some(80.0),
            diet: Quality::Good,
            sleep_hours: 8.0,
            sleep_quality: Quality::Good,
            activity: Activity::Active,
            sitting_hours: 4.0,
            sitting_breaks: true,
            repetitive_bending: false,
            lifting_while_twisting: false,
            previous_episodes: 0,
        }
    }

    #[test]
    fn no_factor_no_entry() {
        assert!(
            profile(&quiet(), &Config::standard().risk)
                .factors
                .is_empty()
        );
    }

    #[test]
    fn bmi_threshold_and_modifiability_are_reported() {
        let mut input = quiet();
        input.weight_kg = Some(97.2);
        input.family_history = true;
        let result = profile(&input, &Config::standard().risk);
        assert!((result.bmi.unwrap() - 30.0).abs() < 0.01);
        let ids: Vec<(&str, bool)> = result
            .factors
            .iter()
            .map(|f| (f.reason.rule.id, f.modifiable))
            .collect();
        assert_eq!(ids, [("RISK-HEREDITY", false), ("RISK-BMI", true)]);
    }

    #[test]
    fn diet_and_sleep_say_they_are_not_shown_for_discs() {
        let mut input = quiet();
        input.diet = Quality::Poor;
        input.sleep_hours = 5.0;
        let result = profile(&input, &Config::standard().risk);
        assert!(
            result
                .factors
                .iter()
                .all(|f| f.strength == Strength::NotShown)
        );
        assert_eq!(result.factors.len(), 2);
    }
}
