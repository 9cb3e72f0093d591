//! The foundation programme (`FND-*`): what a person does before, or instead of, loaded
//! deadlifts — the curl-up, side bridge and bird dog as descending pyramids of short holds, a hip
//! hinge with a dowel, glute bridges and walking — each with its dose and how it progresses.

use chrono::{Days, NaiveDate};

use crate::config::{FoundationConfig, PainConfig};
use crate::domain::{LegSymptoms, RedFlag};
use crate::pain::{PainColour, SessionPain};
use crate::rules::{self, Rule};

/// The exercise ids of the programme, in its order.
pub const EXERCISES: [&str; 6] = [
    "curl_up",
    "side_bridge",
    "bird_dog",
    "hip_hinge",
    "glute_bridge",
    "walking",
];

/// A day of foundation work as logged: its pain (before, the worst during and right after; no
/// next-morning check-in), leg symptoms and warning signs. The next session reads these as it
/// reads deadlift sessions: a warning sign, leg symptoms below the knee or flare-level pain
/// stop everything, and the pain response moves the pyramid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundationDay {
    /// The day.
    pub date: NaiveDate,
    /// Pain that day (`next_morning` is not asked).
    pub pain: SessionPain,
    /// Pain, tingling or numbness spreading into a leg during or after.
    pub leg_symptoms: LegSymptoms,
    /// Warning signs reported that day.
    pub red_flags: Vec<RedFlag>,
    /// A screening came after it, which answered its warning signs and symptoms.
    pub screened_after: bool,
}

impl FoundationDay {
    /// The day's pain response from the worst of during and right after (PAIN-GREEN, -AMBER,
    /// -RED without the next-morning part, which foundation days do not ask).
    #[must_use]
    pub fn colour(&self, cfg: &PainConfig) -> PainColour {
        let worst = self.pain.worst();
        if worst > cfg.acceptable_max {
            PainColour::Red
        } else if worst > cfg.safe_max {
            PainColour::Amber
        } else {
            PainColour::Green
        }
    }
}

/// How far the pyramid has moved from its starting dose (FND-BIG3's progression), from the
/// foundation days logged since the latest screening: one repetition more on every step for
/// each whole week since the first of them that was logged and stayed green or amber, and one
/// fewer for each red day (at once, even in the week under way). A week with nothing logged
/// moves nothing; `programme_moved` keeps every step at one repetition or more.
#[must_use]
pub fn pyramid_offset(days: &[FoundationDay], as_of: NaiveDate, pain: &PainConfig) -> i64 {
    let mut current: Vec<&FoundationDay> = days
        .iter()
        .filter(|d| !d.screened_after && d.date <= as_of)
        .collect();
    current.sort_by_key(|d| d.date);
    let Some(first) = current.first().map(|d| d.date) else {
        return 0;
    };
    let mut offset: i64 = 0;
    let mut start = first;
    while let Some(end) = start.checked_add_days(Days::new(7)) {
        if end > as_of {
            break;
        }
        let week: Vec<&&FoundationDay> = current
            .iter()
            .filter(|d| d.date >= start && d.date < end)
            .collect();
        let red = week
            .iter()
            .filter(|d| d.colour(pain) == PainColour::Red)
            .count();
        if red > 0 {
            offset -= i64::try_from(red).unwrap_or(i64::MAX);
        } else if !week.is_empty() {
            offset += 1;
        }
        start = end;
    }
    // Red days in the week still under way count at once.
    let open = current
        .iter()
        .filter(|d| d.date >= start && d.colour(pain) == PainColour::Red)
        .count();
    offset - i64::try_from(open).unwrap_or(i64::MAX)
}

/// The programme with the pyramid moved by `offset` repetitions on every step (each step stays
/// at one or more).
#[must_use]
pub fn programme_moved(cfg: &FoundationConfig, offset: i64) -> Vec<ProgrammeItem> {
    let shift = |reps: u32| -> u32 {
        if reps == 0 {
            return 0;
        }
        let moved = i64::from(reps).saturating_add(offset).max(1);
        u32::try_from(moved).unwrap_or(u32::MAX)
    };
    let moved = FoundationConfig {
        pyramid_first: shift(cfg.pyramid_first),
        pyramid_second: shift(cfg.pyramid_second),
        pyramid_third: shift(cfg.pyramid_third),
        ..cfg.clone()
    };
    programme(&moved)
}

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
    use crate::domain::PainScore;

    fn day(date: NaiveDate, worst: i64) -> FoundationDay {
        let score = |v| PainScore::parse(v).unwrap();
        FoundationDay {
            date,
            pain: SessionPain {
                before: score(1),
                during_max: score(worst),
                after: score(0),
                next_morning: None,
            },
            leg_symptoms: LegSymptoms::None,
            red_flags: Vec::new(),
            screened_after: false,
        }
    }

    #[test]
    fn green_and_amber_weeks_add_a_repetition_and_a_red_day_takes_one_away() {
        let pain = Config::standard().pain;
        let monday = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let on = |n: u64| monday.checked_add_days(Days::new(n)).unwrap();
        // Two whole weeks, each with green and amber days: two repetitions more.
        let days = vec![day(on(0), 1), day(on(3), 4), day(on(8), 2)];
        assert_eq!(pyramid_offset(&days, on(14), &pain), 2);
        // The week still under way counts only once it is over...
        assert_eq!(pyramid_offset(&days, on(13), &pain), 1);
        // ...but a red day in it counts at once.
        let mut with_red = days.clone();
        with_red.push(day(on(15), 6));
        assert_eq!(pyramid_offset(&with_red, on(16), &pain), 1);
        // A week with nothing logged moves nothing; days answered by a screening do not count.
        assert_eq!(pyramid_offset(&[day(on(0), 1)], on(21), &pain), 1);
        let mut answered = day(on(0), 1);
        answered.screened_after = true;
        assert_eq!(pyramid_offset(&[answered], on(21), &pain), 0);
        let moved = programme_moved(&Config::standard().foundation, 2);
        assert_eq!(moved[0].pyramid, [7, 5, 3]);
        let backed = programme_moved(&Config::standard().foundation, -2);
        assert_eq!(backed[0].pyramid, [3, 1, 1]);
    }

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
