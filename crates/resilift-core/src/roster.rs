//! A client's status on a clinician's roster: red, amber or green, with the rules that decided
//! it, from the latest screening, the current plan and the last session.

use chrono::NaiveDate;

use crate::domain::Reason;
use crate::pain::PainColour;
use crate::prescribe::StopUrgency;
use crate::rules;
use crate::screen::ScreenDecision;

/// What the roster status is decided from; the server gathers it from the stored record.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusInput {
    /// Today in the client's time zone.
    pub today: NaiveDate,
    /// The latest screening, or none before the first.
    pub screening: Option<LatestScreening>,
    /// The urgency of the current plan when it stops loading (from the next-session engine).
    pub plan_stop: Option<StopUrgency>,
    /// The latest session, if any.
    pub last_session: Option<LastSession>,
}

/// The parts of the latest screening that matter on the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestScreening {
    /// Its decision.
    pub decision: ScreenDecision,
    /// When it asked to be repeated.
    pub next_screen: Option<NaiveDate>,
}

/// The latest session, as the roster sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastSession {
    /// Its day.
    pub date: NaiveDate,
    /// Its pain-response colour (pending until the next-morning answer).
    pub colour: PainColour,
    /// Whether the next-morning check-in was answered.
    pub checked_in: bool,
}

/// The roster colour, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Colour {
    /// Needs the clinician's attention now.
    Red,
    /// Worth a look.
    Amber,
    /// Nothing amiss.
    Green,
    /// Not screened yet.
    None,
}

impl Colour {
    /// The wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Amber => "amber",
            Self::Green => "green",
            Self::None => "none",
        }
    }
}

/// A client's status.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// The colour.
    pub colour: Colour,
    /// What comes first when loading has stopped.
    pub urgency: Option<StopUrgency>,
    /// Every rule that fired, red ones first.
    pub reasons: Vec<Reason>,
    /// The last session's next-morning check-in is overdue.
    pub check_in_overdue: bool,
}

/// What an urgency means in a few words.
fn urgency_words(urgency: StopUrgency) -> &'static str {
    match urgency {
        StopUrgency::Emergency => "emergency: to an emergency department now",
        StopUrgency::SameDay => "same day: to a doctor today",
        StopUrgency::SeeClinician => "see a clinician within days",
        StopUrgency::Triage => "the post-lift questions are due",
    }
}

/// Decides the roster status. Red: an urgent screening, a stopped plan, an overdue re-screen or a
/// red pain response; amber: relative rest, an amber response or an unanswered check-in after its
/// morning; green otherwise; none before the first screening.
#[must_use]
pub fn status(input: &StatusInput) -> Status {
    let Some(screening) = input.screening else {
        return Status {
            colour: Colour::None,
            urgency: None,
            reasons: vec![Reason::new(
                &rules::STATUS_NONE,
                "Not screened yet: there is no decision to act on.",
            )],
            check_in_overdue: false,
        };
    };
    let mut fired: Vec<(Colour, Reason)> = Vec::new();
    let mut urgency = screening.decision.urgency().map(StopUrgency::of);
    if let Some(u) = urgency {
        fired.push((
            Colour::Red,
            Reason::new(
                &rules::STATUS_URGENT,
                format!("Latest screening: {}.", urgency_words(u)),
            ),
        ));
    } else if let Some(stop) = input.plan_stop {
        urgency = Some(stop);
        fired.push((
            Colour::Red,
            Reason::new(
                &rules::STATUS_STOP,
                format!("Loading stopped: {}.", urgency_words(stop)),
            ),
        ));
    }
    if let Some(due) = screening.next_screen.filter(|due| *due < input.today) {
        fired.push((
            Colour::Red,
            Reason::new(
                &rules::STATUS_OVERDUE,
                format!(
                    "The re-screen was due on {} and has not been done.",
                    crate::domain::fmt_day(due)
                ),
            ),
        ));
    }
    if screening.decision == ScreenDecision::RelativeRest {
        fired.push((
            Colour::Amber,
            Reason::new(
                &rules::STATUS_REST,
                "Latest screening: relative rest while the pain settles.",
            ),
        ));
    }
    let mut check_in_overdue = false;
    if let Some(last) = input.last_session {
        match last.colour {
            PainColour::Red => fired.push((
                Colour::Red,
                Reason::new(
                    &rules::STATUS_PAIN,
                    format!(
                        "Red pain response to the session on {}.",
                        crate::domain::fmt_day(last.date)
                    ),
                ),
            )),
            PainColour::Amber => fired.push((
                Colour::Amber,
                Reason::new(
                    &rules::STATUS_PAIN,
                    format!(
                        "Amber pain response to the session on {}.",
                        crate::domain::fmt_day(last.date)
                    ),
                ),
            )),
            PainColour::Green | PainColour::Pending => {}
        }
        // The check-in is due on the morning after the session and overdue once that day has
        // passed: on its own morning the client may not have answered yet.
        if !last.checked_in && last.date.succ_opt().is_some_and(|due| due < input.today) {
            check_in_overdue = true;
            fired.push((
                Colour::Amber,
                Reason::new(
                    &rules::STATUS_CHECKIN,
                    format!(
                        "The next-morning check-in for the session on {} is not answered.",
                        crate::domain::fmt_day(last.date)
                    ),
                ),
            ));
        }
    }
    // INVARIANT: a stable sort keeps rule order within one colour.
    fired.sort_by_key(|(colour, _)| *colour);
    let colour = fired.first().map_or(Colour::Green, |(colour, _)| *colour);
    let mut reasons: Vec<Reason> = fired.into_iter().map(|(_, reason)| reason).collect();
    if reasons.is_empty() {
        reasons.push(Reason::new(
            &rules::STATUS_GREEN,
            "Screened, loading as planned, and the last response was calm.",
        ));
    }
    Status {
        colour,
        urgency,
        reasons,
        check_in_overdue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default()
    }

    fn input() -> StatusInput {
        StatusInput {
            today: day(10),
            screening: Some(LatestScreening {
                decision: ScreenDecision::TrapBar,
                next_screen: None,
            }),
            plan_stop: None,
            last_session: Some(LastSession {
                date: day(8),
                colour: PainColour::Green,
                checked_in: true,
            }),
        }
    }

    fn ids(status: &Status) -> Vec<&'static str> {
        status.reasons.iter().map(|r| r.rule.id).collect()
    }

    #[test]
    fn a_calm_client_is_green_with_its_rule() {
        let status = status(&input());
        assert_eq!(status.colour, Colour::Green);
        assert_eq!(ids(&status), ["STATUS-GREEN"]);
    }

    #[test]
    fn no_screening_is_none() {
        let status = status(&StatusInput {
            screening: None,
            ..input()
        });
        assert_eq!(status.colour, Colour::None);
        assert_eq!(ids(&status), ["STATUS-NONE"]);
    }

    #[test]
    fn an_urgent_screening_is_red_with_its_urgency_and_wins_over_amber() {
        let mut given = input();
        given.screening = Some(LatestScreening {
            decision: ScreenDecision::SameDay,
            next_screen: None,
        });
        given.plan_stop = Some(StopUrgency::Triage);
        given.last_session = Some(LastSession {
            date: day(8),
            colour: PainColour::Amber,
            checked_in: false,
        });
        let status = status(&given);
        assert_eq!(status.colour, Colour::Red);
        assert_eq!(status.urgency, Some(StopUrgency::SameDay));
        assert_eq!(
            ids(&status),
            ["STATUS-URGENT", "STATUS-PAIN", "STATUS-CHECKIN"]
        );
        assert!(status.check_in_overdue);
    }

    #[test]
    fn a_stopped_plan_an_overdue_rescreen_and_a_red_response_are_red() {
        let mut given = input();
        given.plan_stop = Some(StopUrgency::Triage);
        let stopped = status(&given);
        assert_eq!(
            (stopped.colour, stopped.urgency),
            (Colour::Red, Some(StopUrgency::Triage))
        );
        let mut given = input();
        given.screening = Some(LatestScreening {
            decision: ScreenDecision::Kettlebell,
            next_screen: Some(day(9)),
        });
        assert_eq!(ids(&status(&given)), ["STATUS-OVERDUE"]);
        given.screening = Some(LatestScreening {
            decision: ScreenDecision::Kettlebell,
            next_screen: Some(day(10)),
        });
        assert_eq!(
            status(&given).colour,
            Colour::Green,
            "due today is not overdue"
        );
        let mut given = input();
        given.last_session = Some(LastSession {
            date: day(10),
            colour: PainColour::Red,
            checked_in: false,
        });
        let red = status(&given);
        assert_eq!(red.colour, Colour::Red);
        assert!(
            !red.check_in_overdue,
            "the check-in is not due on the same day"
        );
    }

    #[test]
    fn relative_rest_and_a_missing_check_in_are_amber() {
        let mut given = input();
        given.screening = Some(LatestScreening {
            decision: ScreenDecision::RelativeRest,
            next_screen: None,
        });
        assert_eq!(status(&given).colour, Colour::Amber);
        let mut given = input();
        given.last_session = Some(LastSession {
            date: day(8),
            colour: PainColour::Pending,
            checked_in: false,
        });
        let amber = status(&given);
        assert_eq!(amber.colour, Colour::Amber);
        assert_eq!(ids(&amber), ["STATUS-CHECKIN"]);
    }

    #[test]
    fn a_check_in_is_overdue_only_once_its_morning_has_passed() {
        let unanswered = |date| {
            let mut given = input();
            given.last_session = Some(LastSession {
                date,
                colour: PainColour::Pending,
                checked_in: false,
            });
            status(&given)
        };
        // Today is day 10: a session on day 9 is due this morning, not yet overdue.
        let due = unanswered(day(9));
        assert!(!due.check_in_overdue);
        assert_eq!(due.colour, Colour::Green);
        let late = unanswered(day(8));
        assert!(late.check_in_overdue);
        assert_eq!(late.colour, Colour::Amber);
        assert!(unanswered(day(1)).check_in_overdue);
    }
}

/// Planned against done over whole weeks counted back from today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Adherence {
    /// Sessions the plan asked for in the window: `per_week` for each week since the first
    /// screening.
    pub planned: u32,
    /// Sessions done in those weeks (deadlift sessions and days of foundation work, at most
    /// `per_week` a week, so an extra session never hides a missed week).
    pub done: u32,
}

impl Adherence {
    /// Done as a whole percentage of planned, or none when nothing was planned yet.
    #[must_use]
    pub fn percent(self) -> Option<u32> {
        (self.planned > 0).then(|| (self.done * 100 + self.planned / 2) / self.planned)
    }
}

/// Adherence over the `weeks` seven-day blocks that end today: a block counts once the plan
/// had begun (it ends on or after `plan_began`, the first screening's day), and each block
/// counts at most `per_week` of the `days` that had a session or foundation work.
#[must_use]
pub fn adherence(
    today: NaiveDate,
    plan_began: Option<NaiveDate>,
    days: &[NaiveDate],
    per_week: u32,
    weeks: u32,
) -> Adherence {
    let Some(began) = plan_began else {
        return Adherence {
            planned: 0,
            done: 0,
        };
    };
    let mut planned = 0;
    let mut done = 0;
    for week in 0..weeks {
        let end = today - chrono::Duration::days(7 * i64::from(week));
        let start = end - chrono::Duration::days(6);
        if end < began {
            break;
        }
        let mut active: Vec<NaiveDate> = days
            .iter()
            .copied()
            .filter(|day| (start..=end).contains(day))
            .collect();
        active.sort_unstable();
        active.dedup();
        planned += per_week;
        done += u32::try_from(active.len())
            .unwrap_or(u32::MAX)
            .min(per_week);
    }
    Adherence { planned, done }
}

#[cfg(test)]
mod adherence_tests {
    use super::{Adherence, adherence};
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn weeks_count_from_the_first_screening_and_extra_sessions_never_hide_a_missed_week() {
        let today = day(28);
        // Screened on the 8th: the weeks ending the 28th, 21st and 14th count (three weeks).
        let days = [day(27), day(26), day(20), day(9)];
        let four = adherence(today, Some(day(8)), &days, 1, 4);
        assert_eq!(
            four,
            Adherence {
                planned: 3,
                done: 3
            }
        );
        // Two sessions in the last week count once: the week before the 20th had one too.
        let missed = adherence(today, Some(day(1)), &[day(27), day(26)], 1, 4);
        assert_eq!(
            missed,
            Adherence {
                planned: 4,
                done: 1
            }
        );
        assert_eq!(missed.percent(), Some(25));
        assert_eq!(adherence(today, None, &days, 1, 4).percent(), None);
        // Twice a week: two a week planned, each week counting up to two.
        let twice = adherence(today, Some(day(1)), &[day(27), day(26), day(20)], 2, 2);
        assert_eq!(
            twice,
            Adherence {
                planned: 4,
                done: 3
            }
        );
    }
}
