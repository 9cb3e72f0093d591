//! The foundation programme (`FND-*`): what a person does before, or instead of, loaded
//! deadlifts — the curl-up, side bridge and bird dog as descending pyramids of short holds, a hip
//! hinge with a dowel, glute bridges and walking — each with its dose and how it progresses.

use crate::config::FoundationConfig;
use crate::rules::{self, Rule};

/// One exercise of the programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeItem {
    /// The rule it comes from (`FND-BIG3`, `FND-HINGE`, `FND-BRIDGE`, `FND-WALK`).
    pub rule: &'static Rule,
    /// Stable exercise id (`curl_up`, `side_bridge`, `bird_dog`, `hip_hinge`, `glute_bridge`,
    /// `walking`).
    pub exercise: &'static str,
    /// Its name, for people.
    pub name: &'static str,
    /// Seconds of each hold, for held exercises.
    pub hold_s: Option<u32>,
    /// Repetitions of each step of the descending pyramid, for held exercises.
    pub pyramid: Vec<u32>,
    /// Done on each side.
    pub each_side: bool,
    /// Sets, for counted exercises.
    pub sets: Option<u32>,
    /// Repetitions per set, for counted exercises.
    pub reps: Option<u32>,
    /// Minutes per bout, for walking.
    pub minutes: Option<u32>,
    /// How to do it.
    pub how: &'static str,
    /// The dose in one line.
    pub dose: String,
    /// How it progresses.
    pub progression: String,
}

impl ProgrammeItem {
    /// Dose, how and progression in one paragraph.
    #[must_use]
    pub fn message(&self) -> String {
        format!(
            "{}: {} {} {}",
            self.name, self.dose, self.how, self.progression
        )
    }
}

/// The programme with the configured doses.
#[must_use]
pub fn programme(cfg: &FoundationConfig) -> Vec<ProgrammeItem> {
    let pyramid: Vec<u32> = [cfg.pyramid_first, cfg.pyramid_second, cfg.pyramid_third]
        .into_iter()
        .filter(|reps| *reps > 0)
        .collect();
    let steps: Vec<String> = pyramid.iter().map(u32::to_string).collect();
    let big3_dose = |each_side: bool| {
        format!(
            "holds of {} seconds in a descending pyramid of {} repetitions{}, with a short rest between steps, daily or on most days.",
            cfg.hold_s,
            steps.join(", then "),
            if each_side { " on each side" } else { "" }
        )
    };
    let big3_progression = "Each week that your pain response stays green or amber, add one repetition to every step of the pyramid; after a red day, go back one step.".to_owned();
    let big3 = |exercise, name, each_side, how| ProgrammeItem {
        rule: &rules::FND_BIG3,
        exercise,
        name,
        hold_s: Some(cfg.hold_s),
        pyramid: pyramid.clone(),
        each_side,
        sets: None,
        reps: None,
        minutes: None,
        how,
        dose: big3_dose(each_side),
        progression: big3_progression.clone(),
    };
    let counted = |rule: &'static Rule, exercise, name, how, progression: &str| ProgrammeItem {
        rule,
        exercise,
        name,
        hold_s: None,
        pyramid: Vec::new(),
        each_side: false,
        sets: Some(cfg.sets),
        reps: Some(cfg.reps),
        minutes: None,
        how,
        dose: format!("{} sets of {} slow repetitions.", cfg.sets, cfg.reps),
        progression: progression.to_owned(),
    };
    vec![
        big3(
            "curl_up",
            "Curl-up",
            false,
            "Lie on your back with one knee bent and your hands under the small of your back; lift only your head and shoulders a little, keeping your lower back still.",
        ),
        big3(
            "side_bridge",
            "Side bridge",
            true,
            "Lie on your side propped on your forearm, knees bent to start; lift your hips so that your body is straight from head to knees.",
        ),
        big3(
            "bird_dog",
            "Bird dog",
            true,
            "On hands and knees, reach one arm forward and the opposite leg back until both are level with your trunk, without letting your back sag or twist.",
        ),
        counted(
            &rules::FND_HINGE,
            "hip_hinge",
            "Hip hinge with a dowel",
            "Hold a broomstick or dowel along your back so it touches the back of your head, your upper back and your pelvis; push your hips back and return, keeping all three points of contact the whole time.",
            "When every repetition keeps the dowel in contact, hold a light kettlebell in front of you at your next screening.",
        ),
        counted(
            &rules::FND_BRIDGE,
            "glute_bridge",
            "Glute bridge",
            "Lie on your back, knees bent and feet flat; squeeze your buttocks and lift your hips until your body is straight from shoulders to knees, then lower slowly.",
            "When all sets are easy, hold the top for 2 seconds longer before adding repetitions.",
        ),
        ProgrammeItem {
            rule: &rules::FND_WALK,
            exercise: "walking",
            name: "Walking",
            hold_s: None,
            pyramid: Vec::new(),
            each_side: false,
            sets: None,
            reps: None,
            minutes: Some(cfg.walk_minutes),
            how: "At a comfortable, brisk-enough pace; flat ground is fine.",
            dose: format!(
                "2 to 3 walks of about {} minutes a day, as comfort allows.",
                cfg.walk_minutes
            ),
            progression: "Lengthen a walk by a few minutes when the previous week felt easy."
                .to_owned(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_big_three_are_descending_pyramids_of_ten_second_holds() {
        let items = programme(&Config::standard().foundation);
        let big3: Vec<&ProgrammeItem> = items.iter().filter(|i| i.rule.id == "FND-BIG3").collect();
        assert_eq!(big3.len(), 3);
        for item in big3 {
            assert_eq!(item.hold_s, Some(10));
            assert_eq!(item.pyramid, [5, 3, 1]);
        }
        let ids: Vec<&str> = items.iter().map(|i| i.rule.id).collect();
        assert_eq!(
            ids,
            [
                "FND-BIG3",
                "FND-BIG3",
                "FND-BIG3",
                "FND-HINGE",
                "FND-BRIDGE",
                "FND-WALK"
            ]
        );
    }
}
