//! Pain response (`PAIN-*`): each session's colour from pain before, the worst during or right
//! after, and the next morning, following a pain-monitoring model.

use crate::config::PainConfig;
use crate::domain::PainScore;
use crate::rules::{self, Rule};

/// Pain recorded for one deadlift session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPain {
    /// Before the session.
    pub before: PainScore,
    /// Worst during the session.
    pub during_max: PainScore,
    /// Right after.
    pub after: PainScore,
    /// The next morning, once checked in.
    pub next_morning: Option<PainScore>,
}

impl SessionPain {
    /// The higher of the worst pain during and the pain right after.
    #[must_use]
    pub fn worst(&self) -> u8 {
        self.during_max.get().max(self.after.get())
    }
}

/// A session's pain response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PainColour {
    /// Safe to progress.
    Green,
    /// Acceptable; hold.
    Amber,
    /// Too much; reduce.
    Red,
    /// No next-morning check-in yet.
    Pending,
}

impl PainColour {
    /// The stable wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Amber => "amber",
            Self::Red => "red",
            Self::Pending => "pending",
        }
    }

    /// The rule that gives this colour.
    #[must_use]
    pub fn rule(self) -> &'static Rule {
        match self {
            Self::Green => &rules::PAIN_GREEN,
            Self::Amber => &rules::PAIN_AMBER,
            Self::Red => &rules::PAIN_RED,
            Self::Pending => &rules::PAIN_PENDING,
        }
    }
}

/// Colours a chronological series of sessions. Each colour depends on the session itself and
/// on the next-morning trend of the two sessions before it.
#[must_use]
pub fn colours(pains: &[SessionPain], cfg: &PainConfig) -> Vec<PainColour> {
    (0..pains.len())
        .map(|index| colour_at(pains, index, cfg))
        .collect()
}

fn colour_at(pains: &[SessionPain], index: usize, cfg: &PainConfig) -> PainColour {
    let Some(pain) = pains.get(index) else {
        return PainColour::Pending;
    };
    let worst = pain.worst();
    // A worst score above the acceptable zone is red whatever the next morning brings.
    if worst > cfg.acceptable_max {
        return PainColour::Red;
    }
    let Some(morning) = pain.next_morning.map(PainScore::get) else {
        return PainColour::Pending;
    };
    let before = pain.before.get();
    let rise = morning.saturating_sub(before);
    if rise >= cfg.morning_red_rise || rising_two_weeks(pains, index) {
        return PainColour::Red;
    }
    if worst <= cfg.safe_max && morning <= before {
        PainColour::Green
    } else {
        // A one-point rise is within the scale's noise: amber, not red.
        PainColour::Amber
    }
}

fn rising_two_weeks(pains: &[SessionPain], index: usize) -> bool {
    let morning = |offset: usize| {
        index
            .checked_sub(offset)
            .and_then(|i| pains.get(i))
            .and_then(|p| p.next_morning)
    };
    match (morning(2), morning(1), morning(0)) {
        (Some(first), Some(second), Some(third)) => second > first && third > second,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn pain(before: i64, during: i64, morning: Option<i64>) -> SessionPain {
        let score = |v| PainScore::parse(v).unwrap();
        SessionPain {
            before: score(before),
            during_max: score(during),
            after: score(during),
            next_morning: morning.map(score),
        }
    }

    fn colour(series: &[SessionPain]) -> PainColour {
        *colours(series, &Config::standard().pain).last().unwrap()
    }

    #[test]
    fn pain_monitoring_vectors() {
        // During 3, back to baseline, stable: continue (amber under the 0-2 safe zone).
        assert_eq!(colour(&[pain(2, 3, Some(2))]), PainColour::Amber);
        assert_eq!(colour(&[pain(2, 5, Some(2))]), PainColour::Amber);
        assert_eq!(colour(&[pain(2, 6, Some(2))]), PainColour::Red);
        // Version 2: a one-point rise next morning is amber; two points are red.
        assert_eq!(colour(&[pain(2, 4, Some(3))]), PainColour::Amber);
        assert_eq!(colour(&[pain(2, 4, Some(4))]), PainColour::Red);
        assert_eq!(colour(&[pain(2, 1, Some(3))]), PainColour::Amber);
        assert_eq!(
            colour(&[
                pain(4, 4, Some(1)),
                pain(4, 4, Some(2)),
                pain(4, 4, Some(3))
            ]),
            PainColour::Red
        );
        assert_eq!(colour(&[pain(2, 2, Some(2))]), PainColour::Green);
        assert_eq!(colour(&[pain(2, 2, None)]), PainColour::Pending);
        assert_eq!(colour(&[pain(2, 7, None)]), PainColour::Red);
    }

    #[test]
    fn pain_right_after_counts() {
        let score = |v| PainScore::parse(v).unwrap();
        let after_six = SessionPain {
            before: score(2),
            during_max: score(2),
            after: score(6),
            next_morning: Some(score(2)),
        };
        assert_eq!(colour(&[after_six]), PainColour::Red);
        let after_three = SessionPain {
            after: score(3),
            ..after_six
        };
        assert_eq!(colour(&[after_three]), PainColour::Amber);
    }
}
