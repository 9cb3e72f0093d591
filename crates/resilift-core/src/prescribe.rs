//! The next session (`PRX-*`): which exercise, when, how heavy and why, from the rung, the
//! equipment and the deadlift history.

use crate::rules;
use chrono::{Days, NaiveDate};

use crate::config::Config;
use crate::domain::{LegSymptoms, Reason, RedFlag, Rpe, Stage, Urgency};
use crate::flare::FlareDecision;
use crate::form::{CHECKLIST, Fault};
use crate::formulas;
use crate::foundation::{self, ProgrammeItem};
use crate::pain::{self, PainColour, SessionPain};

/// Units of load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Units {
    /// Kilograms.
    Kg,
    /// Pounds.
    Lb,
}

impl Units {
    /// The wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kg => "kg",
            Self::Lb => "lb",
        }
    }
}

/// What the person can load, in their units.
#[derive(Debug, Clone, PartialEq)]
pub struct Equipment {
    /// Units of every load.
    pub units: Units,
    /// Empty barbell.
    pub barbell: f64,
    /// Empty trap bar.
    pub trap_bar: f64,
    /// Smallest total increment the plates allow (2.5 kg or 5 lb by default).
    pub step: f64,
    /// Owned kettlebells, ascending.
    pub kettlebells: Vec<f64>,
}

impl Equipment {
    /// The usual gym set-up in the given units.
    #[must_use]
    pub fn standard(units: Units) -> Self {
        match units {
            Units::Kg => Self {
                units,
                barbell: 20.0,
                trap_bar: 25.0,
                step: 2.5,
                kettlebells: vec![8.0, 12.0, 16.0, 20.0, 24.0, 28.0, 32.0, 36.0, 40.0, 48.0],
            },
            Units::Lb => Self {
                units,
                barbell: 45.0,
                trap_bar: 55.0,
                step: 5.0,
                kettlebells: vec![18.0, 26.0, 35.0, 44.0, 53.0, 62.0, 70.0, 79.0, 88.0, 106.0],
            },
        }
    }
}

/// A loaded deadlift variation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exercise {
    /// Kettlebell deadlift.
    Kettlebell,
    /// Trap-bar deadlift.
    TrapBar,
    /// Barbell deadlift.
    Barbell,
}

impl Exercise {
    /// The ladder stage of this exercise.
    #[must_use]
    pub fn stage(self) -> Stage {
        match self {
            Self::Kettlebell => Stage::Kettlebell,
            Self::TrapBar => Stage::TrapBar,
            Self::Barbell => Stage::Barbell,
        }
    }

    /// The exercise of a rung, if the stage is one.
    #[must_use]
    pub fn of_stage(stage: Stage) -> Option<Self> {
        match stage {
            Stage::Kettlebell => Some(Self::Kettlebell),
            Stage::TrapBar => Some(Self::TrapBar),
            Stage::Barbell => Some(Self::Barbell),
            Stage::None | Stage::Foundation => None,
        }
    }
}

/// One logged set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SetLog {
    /// Load in the equipment's units.
    pub load: f64,
    /// Reps done.
    pub reps: u32,
    /// Effort, if logged.
    pub rpe: Option<Rpe>,
}

/// One logged deadlift session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionLog {
    /// Day of the session.
    pub date: NaiveDate,
    /// Variation lifted.
    pub exercise: Exercise,
    /// Completed as prescribed.
    pub completed: bool,
    /// Sets, in order.
    pub sets: Vec<SetLog>,
    /// Pain record.
    pub pain: SessionPain,
    /// Form faults seen.
    pub faults: Vec<Fault>,
    /// Red flags reported that day (or at its next-morning check-in).
    pub red_flags: Vec<RedFlag>,
    /// Where pain, tingling or numbness spread during or after the session; `None` when the
    /// question was not asked (sessions recorded before rule-set version 2).
    pub leg_symptoms: Option<LegSymptoms>,
    /// A screening was taken after this session was logged: its red flags, leg symptoms and pain
    /// were answered there and no longer stop loading. Never on the wire; the server sets it.
    pub screened_after: bool,
}

impl SessionLog {
    /// Whether the session's own answers stop loading now (not answered by a later screening).
    fn signals(&self) -> bool {
        !self.screened_after
    }
}

/// The latest post-lift triage since the last clearing screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriageResult {
    /// Day it was taken.
    pub date: NaiveDate,
    /// Day the pain began.
    pub onset: NaiveDate,
    /// Its outcome.
    pub outcome: FlareDecision,
}

/// Everything the next session depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct NextInput {
    /// Today.
    pub as_of: NaiveDate,
    /// Current rung.
    pub stage: Stage,
    /// Equipment.
    pub equipment: Equipment,
    /// History, any order.
    pub sessions: Vec<SessionLog>,
    /// The latest screening's `next_screen` (PRX-DUE).
    pub rescreen_due: Option<NaiveDate>,
    /// The latest triage since the last clearing screen (PRX-TRIAGE).
    pub triage: Option<TriageResult>,
    /// Days of foundation work logged, any order: their warning signs, leg symptoms and flare
    /// pain stop loading like a deadlift session's, and their pain moves the pyramid (FND-BIG3).
    pub foundation: Vec<foundation::FoundationDay>,
    /// A linked clinician's load ceiling (PRX-CLINICIAN); it only ever lowers the rules' own.
    pub ceiling: Option<Ceiling>,
    /// Sessions imported from another app, any order (PRX-IMPORT): they give an estimated 1RM
    /// while the sessions logged here give none, and nothing else.
    pub imported: Vec<ImportedLog>,
    /// Warning signs, below-knee symptoms and flare-level pain that a log reported and that
    /// were since corrected away or deleted with it, not yet answered by a screening: they stop
    /// loading as if the log still said so. Never on the wire; the server fills it from the
    /// safety record.
    pub kept_signs: Vec<KeptSign>,
}

/// What a log once reported that matters for safety, kept although the log was corrected or
/// deleted since.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptSign {
    /// The day it concerns.
    pub date: NaiveDate,
    /// Warning signs reported.
    pub red_flags: Vec<RedFlag>,
    /// Whether pain, tingling or numbness spread below the knee.
    pub below_knee: bool,
    /// The worst pain reported during or right after (0-10), when known.
    pub worst_pain: Option<u8>,
    /// Whether the log was deleted (rather than corrected).
    pub deleted: bool,
}

/// A session imported from another app: loads and reps, no pain answers (PRX-IMPORT). Its
/// sets are working sets (warm-ups are left out), in the equipment's units.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedLog {
    /// Day.
    pub date: NaiveDate,
    /// Exercise.
    pub exercise: Exercise,
    /// Working sets; an effort rating only where the other app recorded one.
    pub sets: Vec<SetLog>,
}

/// A clinician's load ceiling: an absolute load in the equipment's units, a share of the
/// estimated 1RM, or both (the lower one holds). It never raises PRX-BAND's ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ceiling {
    /// Heaviest load allowed, in the equipment's units.
    pub load: Option<f64>,
    /// Heaviest share of the estimated 1RM allowed (0-1).
    pub share: Option<f64>,
}

impl Ceiling {
    /// The heaviest load this ceiling allows for an estimated 1RM, if it sets one.
    #[must_use]
    pub fn limit(&self, e1rm: Option<f64>) -> Option<f64> {
        let share = self.share.zip(e1rm).map(|(share, e1rm)| share * e1rm);
        match (self.load, share) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// What the next session does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NextDecision {
    /// Loading stops (red flag).
    Stop,
    /// Re-screen before loading again.
    Rescreen,
    /// Repeat the last load until the next-morning check-in arrives.
    WaitForCheckIn,
    /// Drop a rung.
    Regress,
    /// Find the starting load.
    Calibrate,
    /// Lighter than last time.
    Reduce,
    /// Same as last time.
    Hold,
    /// Heavier than last time.
    Progress,
}

impl NextDecision {
    /// The wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stop => "stop",
            Self::Rescreen => "rescreen",
            Self::WaitForCheckIn => "wait_for_check_in",
            Self::Regress => "regress",
            Self::Calibrate => "calibrate",
            Self::Reduce => "reduce",
            Self::Hold => "hold",
            Self::Progress => "progress",
        }
    }
}

/// What comes first when loading stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StopUrgency {
    /// Go to an emergency department now.
    Emergency,
    /// Be seen by a doctor today.
    SameDay,
    /// Book a clinician within days.
    SeeClinician,
    /// Do the post-lift triage now (PRX-FLARE).
    Triage,
}

impl StopUrgency {
    /// The wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Emergency => "emergency",
            Self::SameDay => "same_day",
            Self::SeeClinician => "see_clinician",
            Self::Triage => "triage",
        }
    }

    /// The clinical tier, when the stop sends the person to a clinician.
    #[must_use]
    pub fn tier(self) -> Option<Urgency> {
        match self {
            Self::Emergency => Some(Urgency::Emergency),
            Self::SameDay => Some(Urgency::SameDay),
            Self::SeeClinician => Some(Urgency::SeeClinician),
            Self::Triage => None,
        }
    }

    /// The stop for a clinical tier.
    #[must_use]
    pub fn of(tier: Urgency) -> Self {
        match tier {
            Urgency::Emergency => Self::Emergency,
            Urgency::SameDay => Self::SameDay,
            Urgency::SeeClinician => Self::SeeClinician,
        }
    }
}

/// A warm-up set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarmUp {
    /// Load.
    pub load: f64,
    /// Reps.
    pub reps: u32,
}

/// A working set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorkingSet {
    /// Load.
    pub load: f64,
    /// Reps.
    pub reps: u32,
    /// Target effort (never above 8).
    pub target_rpe: f64,
}

/// The prescription.
#[derive(Debug, Clone, PartialEq)]
pub struct NextSession {
    /// Earliest day it may happen.
    pub date: NaiveDate,
    /// The rung it is for (after any regression).
    pub exercise: Stage,
    /// What it does.
    pub decision: NextDecision,
    /// With `stop`, what comes first; `None` for every other decision.
    pub urgency: Option<StopUrgency>,
    /// The foundation programme, when the plan is foundation work.
    pub programme: Vec<ProgrammeItem>,
    /// The last session's pain colour, if there is a last session.
    pub pain_response: Option<PainColour>,
    /// The e1RM in use.
    pub e1rm: Option<f64>,
    /// Warm-ups.
    pub warmups: Vec<WarmUp>,
    /// Working sets.
    pub sets: Vec<WorkingSet>,
    /// Cues for recent faults, and step-by-step instructions where needed.
    pub cues: Vec<String>,
    /// Setup and bracing checklist.
    pub checklist: Vec<&'static str>,
    /// Rules that fired, most restrictive first.
    pub reasons: Vec<Reason>,
    /// One sentence that says what the next session is and how it compares with the last one,
    /// written from the same decision and loads as the sets above.
    pub summary: String,
}

/// Builds the next session.
#[must_use]
pub fn next_session(input: &NextInput, cfg: &Config) -> NextSession {
    let mut history: Vec<&SessionLog> = input.sessions.iter().collect();
    history.sort_by_key(|session| session.date);
    let pains: Vec<SessionPain> = history.iter().map(|session| session.pain).collect();
    let colours = pain::colours(&pains, &cfg.pain);
    let ctx = Context {
        input,
        cfg,
        history,
        colours,
    };
    ctx.decide()
}

struct Context<'a> {
    input: &'a NextInput,
    cfg: &'a Config,
    history: Vec<&'a SessionLog>,
    colours: Vec<PainColour>,
}

struct Fired {
    decision: NextDecision,
    reason: Reason,
    urgency: Option<StopUrgency>,
    /// For PRX-DOWN and PRX-HOLD: why the rule fired. Its message is written once the loads are
    /// known, so that the words say what the numbers do.
    because: Option<String>,
}

impl Fired {
    fn new(decision: NextDecision, reason: Reason) -> Self {
        Self {
            decision,
            reason,
            urgency: None,
            because: None,
        }
    }

    fn stop(urgency: StopUrgency, reason: Reason) -> Self {
        Self {
            decision: NextDecision::Stop,
            reason,
            urgency: Some(urgency),
            because: None,
        }
    }

    fn because(decision: NextDecision, rule: &'static rules::Rule, why: &[String]) -> Self {
        let because = why.join(" and ");
        Self {
            decision,
            reason: Reason::new(rule, format!("Because {because}.")),
            urgency: None,
            because: Some(because),
        }
    }
}

/// What the loads came to, for the words that explain them.
#[derive(Debug, Clone, Copy)]
struct Worked {
    /// The first working sets at this rung (loads start at `start_pct` of the e1RM).
    first: bool,
    /// The ceiling in force, as a fraction of the e1RM.
    cap_pct: f64,
    /// The heaviest set of the last session at the plan's exercise, and its reps.
    last: Option<(f64, u32)>,
    /// A clinician's ceiling that changed the loads (PRX-CLINICIAN), in the equipment's units.
    clinician: Option<f64>,
}

/// How the next working sets compare with the last session at the same exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Heavier,
    MoreReps,
    Same,
    FewerReps,
    Lighter,
}

fn change(last: (f64, u32), next: &WorkingSet) -> Change {
    let (load, reps) = last;
    let (next_load, next_reps) = (round2(next.load), next.reps);
    match round2(load).partial_cmp(&next_load) {
        Some(std::cmp::Ordering::Less) => Change::Heavier,
        Some(std::cmp::Ordering::Greater) => Change::Lighter,
        _ if next_reps > reps => Change::MoreReps,
        _ if next_reps < reps => Change::FewerReps,
        _ => Change::Same,
    }
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

impl Context<'_> {
    fn decide(&self) -> NextSession {
        let mut fired = self.safety_rules();
        let exercise = Exercise::of_stage(self.input.stage);
        if fired.is_empty() && exercise.is_none() {
            fired.push(Fired::new(NextDecision::Rescreen, Reason::new(&rules::PRX_RUNG, "You are not on a loaded rung yet: keep up the foundation programme and take the screen again to be cleared for the first loaded rung, the kettlebell deadlift.")));
        }
        let mut plan = self.empty_plan(exercise.map_or(Stage::Foundation, Exercise::stage));
        if let Some(exercise) = exercise.filter(|_| {
            fired
                .iter()
                .all(|f| f.decision > NextDecision::WaitForCheckIn)
        }) {
            fired.extend(self.training_rules(exercise));
        }
        fired.sort_by_key(|f| f.decision);
        let decision = fired.first().map_or(NextDecision::Hold, |f| f.decision);
        let worked = exercise
            .and_then(|exercise| self.fill_loads(&mut plan, exercise, decision, &mut fired));
        plan.decision = plan.decision.min(decision);
        if plan.decision == NextDecision::Stop || plan.decision == NextDecision::Rescreen {
            plan.sets.clear();
            plan.warmups.clear();
        }
        if plan.decision == NextDecision::Stop {
            plan.urgency = fired.iter().filter_map(|f| f.urgency).min();
            // An urgent instruction comes with nothing about technique.
            plan.cues.clear();
            plan.checklist.clear();
        } else if plan.exercise == Stage::Foundation {
            let days = &self.input.foundation;
            let offset = foundation::pyramid_offset(days, self.input.as_of, &self.cfg.pain);
            plan.programme = foundation::programme_moved(&self.cfg.foundation, offset);
            if let Some(note) = self.pyramid_note(offset, &plan.programme) {
                fired.push(note);
            }
        }
        if let Some(not_before) = self.triage_rescreen_date() {
            plan.date = plan.date.max(not_before);
        }
        fired.sort_by_key(|f| f.decision);
        self.word(&mut plan, worked, &mut fired);
        // A rule that would raise the load is reported only when the load does rise.
        let progressing = plan.decision == NextDecision::Progress;
        plan.reasons = fired
            .into_iter()
            .filter(|f| progressing || f.decision != NextDecision::Progress)
            .map(|f| f.reason)
            .collect();
        plan
    }

    fn empty_plan(&self, exercise: Stage) -> NextSession {
        NextSession {
            date: self.earliest_date(),
            exercise,
            decision: NextDecision::Progress,
            urgency: None,
            programme: Vec::new(),
            pain_response: self.colours.last().copied(),
            e1rm: None,
            warmups: Vec::new(),
            sets: Vec::new(),
            cues: self.fault_cues(),
            checklist: CHECKLIST.to_vec(),
            reasons: Vec::new(),
            summary: String::new(),
        }
    }

    /// Writes the summary and the messages of PRX-UP, PRX-DOWN and PRX-HOLD from the decision
    /// and the loads it produced, so that no sentence says what the numbers do not.
    fn word(&self, plan: &mut NextSession, worked: Option<Worked>, fired: &mut [Fired]) {
        let units = self.input.equipment.units.as_str();
        let amount = |load: f64| format!("{} {units}", fmt_load(load));
        let next = plan.sets.first().copied();
        let last = worked.and_then(|w| w.last);
        let moved = last.zip(next).map(|(last, next)| change(last, &next));
        let at_ceiling = fired
            .iter()
            .any(|f| f.decision == NextDecision::Hold && f.reason.rule.id == rules::PRX_BAND.id);
        let first = worked.is_some_and(|w| w.first);
        for f in fired.iter_mut() {
            let Some(because) = f.because.as_deref() else {
                continue;
            };
            let id = f.reason.rule.id;
            let outcome = if id == rules::PRX_DOWN.id {
                match (last, next, moved) {
                    (Some((from, _)), Some(to), Some(Change::Lighter))
                        if plan.decision == NextDecision::Reduce =>
                    {
                        format!(
                            "the next load comes down from {} to {} (at least {}% less, rounded down to a load you can make)",
                            amount(from),
                            amount(to.load),
                            fmt_load(self.cfg.prescription.reduce_pct * 100.0)
                        )
                    }
                    (_, Some(to), _) if plan.decision == NextDecision::Reduce => format!(
                        "the load would come down, but {} is already the lightest you can load",
                        amount(to.load)
                    ),
                    _ => "the load would come down".to_owned(),
                }
            } else if id == rules::PRX_HOLD.id {
                match moved {
                    Some(Change::Same | Change::MoreReps | Change::FewerReps)
                        if plan.decision == NextDecision::Hold =>
                    {
                        "keep the same load next time".to_owned()
                    }
                    _ => "the load does not go up".to_owned(),
                }
            } else {
                match (last, next, moved) {
                    (Some((from, _)), Some(to), Some(Change::Heavier)) if !first => format!(
                        "the load goes up one step, from {} to {}",
                        amount(from),
                        amount(to.load)
                    ),
                    (Some((_, reps)), Some(to), Some(Change::MoreReps)) => format!(
                        "the next session adds reps: {} per set instead of {reps}, at {}",
                        to.reps,
                        amount(to.load)
                    ),
                    _ => "your working sets start now".to_owned(),
                }
            };
            f.reason.message = format!("Because {because}, {outcome}.");
        }
        plan.summary = self.summary(plan, worked, moved, at_ceiling);
    }

    fn summary(
        &self,
        plan: &NextSession,
        worked: Option<Worked>,
        moved: Option<Change>,
        at_ceiling: bool,
    ) -> String {
        let units = self.input.equipment.units.as_str();
        let amount = |load: f64| format!("{} {units}", fmt_load(load));
        let rung = plan.exercise.label();
        let Some(next) = plan.sets.first().copied() else {
            return match plan.decision {
                NextDecision::Stop => {
                    "No loaded training for now: the first reason below says what to do.".to_owned()
                }
                NextDecision::Rescreen if plan.exercise == Stage::Foundation => {
                    match self.input.rescreen_due.filter(|due| *due > self.input.as_of) {
                        Some(due) => format!("Keep up the foundation programme; on or after {}, retest your hold and take the screen again to be cleared for loaded deadlifts.", crate::domain::fmt_day(due)),
                        None => "Keep up the foundation programme, and take the screen again to be cleared for loaded deadlifts.".to_owned(),
                    }
                }
                NextDecision::Rescreen => {
                    "Take the screen again before the next loaded session.".to_owned()
                }
                NextDecision::Regress if plan.exercise == Stage::Foundation => "Step down to the foundation programme below, and take the screen again.".to_owned(),
                NextDecision::Regress => format!("Step down to the {rung} and take the screen again; the first session there finds your starting load."),
                _ if plan.e1rm.is_none() => format!("A calibration session at the {rung}: warm up in small steps to one set of 5 at RPE 7, which sets your working loads."),
                _ => "No working sets for now: the lightest load you can make is above today's ceiling.".to_owned(),
            };
        };
        let head = format!(
            "{} × {} at {}",
            plan.sets.len(),
            next.reps,
            amount(next.load)
        );
        let head = if plan.decision == NextDecision::Regress {
            format!("Step down to the {rung}: {head}")
        } else {
            format!("Next: {head}")
        };
        let last = worked.and_then(|w| w.last);
        let compared = match (last, moved) {
            (Some((from, _)), Some(Change::Heavier)) => {
                format!(", heavier than last time ({})", amount(from))
            }
            (Some((_, reps)), Some(Change::MoreReps)) => {
                format!(", the same load as last time with more reps ({reps} before)")
            }
            (_, Some(Change::Same)) => ", the same load as last time".to_owned(),
            (Some((_, reps)), Some(Change::FewerReps)) => {
                format!(", the same load as last time with fewer reps ({reps} before)")
            }
            (Some((from, _)), Some(Change::Lighter)) => format!(
                ", lighter than last time ({}, {}% less)",
                amount(from),
                fmt_load(((1.0 - next.load / from) * 100.0).round())
            ),
            _ => String::new(),
        };
        let e1rm = plan
            .e1rm
            .map_or_else(String::new, |e| format!(" of {}", amount(e)));
        let first = worked.is_some_and(|w| w.first);
        let cap = worked.map_or(0.0, |w| w.cap_pct * 100.0);
        let lighter = moved == Some(Change::Lighter);
        let clinician = worked.and_then(|w| w.clinician);
        let why = match plan.decision {
            NextDecision::Regress => ". Take the screen again before you go back up.".to_owned(),
            _ if clinician.is_some() => format!(
                ": your clinician set a ceiling of {} for now, below the programme's own.",
                clinician.map(amount).unwrap_or_default()
            ),
            NextDecision::Reduce if lighter => {
                ": your last session asked for less (see why below).".to_owned()
            }
            NextDecision::Reduce => ": it cannot come down further with what you have.".to_owned(),
            _ if first => format!(
                ": your first working sets here start at {}% of your estimated 1RM{e1rm}, rounded down to a load you can make.",
                fmt_load(self.cfg.prescription.start_pct * 100.0)
            ),
            _ if lighter || at_ceiling => format!(
                ": working sets stay within {}% of your estimated 1RM{e1rm} for now.",
                fmt_load(cap)
            ),
            NextDecision::Progress if moved == Some(Change::MoreReps) => {
                ": more reps at the same bell after a clean session that felt easy.".to_owned()
            }
            NextDecision::Progress => {
                ": one step up after a clean session that felt easy.".to_owned()
            }
            NextDecision::WaitForCheckIn => {
                ": the load does not go up until your morning check-in is in.".to_owned()
            }
            _ => ": the load does not go up this time (see why below).".to_owned(),
        };
        format!("{head}{compared}{why}")
    }

    /// FND-BIG3's progression in words, once foundation days have been logged.
    fn pyramid_note(&self, offset: i64, programme: &[ProgrammeItem]) -> Option<Fired> {
        let logged = self
            .input
            .foundation
            .iter()
            .filter(|d| !d.screened_after)
            .count();
        if logged == 0 {
            return None;
        }
        let pyramid = programme
            .iter()
            .find(|item| !item.pyramid.is_empty())
            .map(|item| {
                item.pyramid
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let days = crate::domain::count(
            i64::try_from(logged).unwrap_or(i64::MAX),
            "day of foundation work",
            "days of foundation work",
        );
        let moved = match offset {
            0 => "the pyramid stays at its starting dose".to_owned(),
            n if n > 0 => format!(
                "the pyramid has grown by {} on every step",
                crate::domain::count(n, "repetition", "repetitions")
            ),
            n => format!(
                "the pyramid has come down by {} on every step after a red day",
                crate::domain::count(-n, "repetition", "repetitions")
            ),
        };
        Some(Fired::new(
            NextDecision::Rescreen,
            Reason::new(
                &rules::FND_BIG3,
                format!(
                    "From the {days} you logged, {moved}: {pyramid} repetitions of each hold. Each whole week that stays green or amber adds one; a red day takes one away."
                ),
            ),
        ))
    }

    fn earliest_date(&self) -> NaiveDate {
        let gap = u64::from(self.cfg.prescription.min_days_between);
        self.history
            .last()
            .and_then(|last| last.date.checked_add_days(Days::new(gap)))
            .map_or(self.input.as_of, |earliest| earliest.max(self.input.as_of))
    }

    fn fault_cues(&self) -> Vec<String> {
        let mut faults: Vec<Fault> = self
            .history
            .iter()
            .rev()
            .take(3)
            .flat_map(|s| s.faults.iter().copied())
            .collect();
        faults.sort();
        faults.dedup();
        faults
            .into_iter()
            .map(|fault| format!("{}: {}", fault.label(), fault.cue()))
            .collect()
    }

    /// PRX-TRIAGE with self-care: the re-screen waits until the early healing window has passed.
    fn triage_rescreen_date(&self) -> Option<NaiveDate> {
        let triage = self.input.triage?;
        (triage.outcome == FlareDecision::SelfCare).then_some(())?;
        triage
            .onset
            .checked_add_days(Days::new(u64::from(self.cfg.screen.acute_days)))
    }

    /// PRX-STOP, PRX-NERVE and PRX-FLARE for what a log reported and a correction or deletion
    /// took away: the stop stays until a screening answers it.
    fn kept_sign_rules(&self) -> Vec<Fired> {
        let mut fired = Vec::new();
        for kept in &self.input.kept_signs {
            let day = crate::domain::fmt_day(kept.date);
            let since = if kept.deleted {
                "the log was deleted since"
            } else {
                "the log was corrected since"
            };
            if let Some(tier) = kept.red_flags.iter().map(|flag| flag.urgency()).min() {
                let names: Vec<String> = kept
                    .red_flags
                    .iter()
                    .map(|f| f.question().to_lowercase())
                    .collect();
                fired.push(Fired::stop(
                    StopUrgency::of(tier),
                    Reason::new(
                        &rules::PRX_STOP,
                        format!(
                            "On {day} you reported a warning sign: {}. It still counts although {since}: a warning sign is answered only by a new screening. All loading stops. {}",
                            names.join("; "),
                            tier.instruction()
                        ),
                    ),
                ));
            }
            if kept.below_knee {
                fired.push(Fired::stop(
                    StopUrgency::SeeClinician,
                    Reason::new(&rules::PRX_NERVE, format!("On {day} you reported pain, tingling or numbness spreading below the knee. It still counts although {since}: loading stops until a clinician has seen it and a new screening answers it. {}", Urgency::SeeClinician.instruction())),
                ));
            }
            if let Some(worst) = kept
                .worst_pain
                .filter(|worst| *worst >= self.cfg.prescription.flare_pain)
            {
                fired.push(Fired::stop(
                    StopUrgency::Triage,
                    Reason::new(&rules::PRX_FLARE, format!("On {day} you reported pain of {worst}/10 during or right after. It still counts although {since}: answer the questions under \"It hurts after a deadlift\" now; deadlifts come back only through a new screen.")),
                ));
            }
        }
        fired
    }

    /// PRX-STOP, PRX-NERVE, PRX-FLARE, PRX-TRIAGE, PRX-LAYOFF, PRX-DUE and PAIN-PENDING: rules
    /// that hold everything else back.
    fn safety_rules(&self) -> Vec<Fired> {
        let mut fired = self.kept_sign_rules();
        let days = &self.input.foundation;
        let mut flags: Vec<RedFlag> = self
            .history
            .iter()
            .filter(|s| s.signals())
            .flat_map(|s| s.red_flags.iter().copied())
            .chain(
                days.iter()
                    .filter(|d| !d.screened_after)
                    .flat_map(|d| d.red_flags.iter().copied()),
            )
            .collect();
        flags.sort();
        flags.dedup();
        if let Some(tier) = flags.iter().map(|flag| flag.urgency()).min() {
            let names: Vec<String> = flags.iter().map(|f| f.question().to_lowercase()).collect();
            fired.push(Fired::stop(
                StopUrgency::of(tier),
                Reason::new(
                    &rules::PRX_STOP,
                    format!(
                        "Your log reports a warning sign: {}. All loading stops. {}",
                        names.join("; "),
                        tier.instruction()
                    ),
                ),
            ));
        }
        // The latest day of foundation work, when it is the newest log: its leg symptoms and
        // pain stop loading as a deadlift session's do.
        let newest_session = self.history.last().map(|s| s.date);
        if let Some(day) = days
            .iter()
            .filter(|d| !d.screened_after && newest_session.is_none_or(|s| d.date >= s))
            .max_by_key(|d| d.date)
        {
            if day.leg_symptoms == LegSymptoms::BelowKnee {
                fired.push(Fired::stop(
                    StopUrgency::SeeClinician,
                    Reason::new(&rules::PRX_NERVE, format!("On {} you had pain, tingling or numbness spreading below the knee during or after your foundation work. That can come from an irritated nerve root: loading stops until a clinician has seen it. {}", crate::domain::fmt_day(day.date), Urgency::SeeClinician.instruction())),
                ));
            }
            let worst = day.pain.worst();
            if worst >= self.cfg.prescription.flare_pain {
                fired.push(Fired::stop(
                    StopUrgency::Triage,
                    Reason::new(&rules::PRX_FLARE, format!("Your pain reached {worst}/10 during or right after your foundation work on {}. Stop for now and answer the questions under \"It hurts after a deadlift\": they apply to any exercise. Loading comes back only through a new screen.", crate::domain::fmt_day(day.date))),
                ));
            }
        }
        if let Some(last) = self
            .history
            .last()
            .filter(|s| s.signals())
            .filter(|s| !days.iter().any(|d| !d.screened_after && d.date > s.date))
        {
            if last.leg_symptoms == Some(LegSymptoms::BelowKnee) {
                fired.push(Fired::stop(
                    StopUrgency::SeeClinician,
                    Reason::new(&rules::PRX_NERVE, format!("On {} you had pain, tingling or numbness spreading below the knee. That can come from an irritated nerve root: loading stops until a clinician has seen it. {}", crate::domain::fmt_day(last.date), Urgency::SeeClinician.instruction())),
                ));
            }
            let worst = last.pain.worst();
            if worst >= self.cfg.prescription.flare_pain {
                fired.push(Fired::stop(
                    StopUrgency::Triage,
                    Reason::new(&rules::PRX_FLARE, format!("Your pain reached {worst}/10 during or right after the session on {}. Loading stops: answer the questions under \"It hurts after a deadlift\" now. Deadlifts come back only through a new screen, which counts that day as the start of a new episode.", crate::domain::fmt_day(last.date))),
                ));
            }
        }
        if let Some(triage) = self.input.triage {
            let stop = match triage.outcome {
                FlareDecision::SelfCare => None,
                FlareDecision::Persistent => Some(Urgency::SeeClinician),
                other => other.urgency(),
            };
            match stop {
                Some(tier) => fired.push(Fired::stop(
                    StopUrgency::of(tier),
                    Reason::new(
                        &rules::PRX_TRIAGE,
                        format!(
                            "Your answers after a painful lift on {} stop all loading. {}",
                            crate::domain::fmt_day(triage.date),
                            tier.instruction()
                        ),
                    ),
                )),
                None => {
                    let not_before = self.triage_rescreen_date().map_or_else(String::new, |d| {
                        format!(
                            " Take it on or after {}, once the first {} days have passed.",
                            crate::domain::fmt_day(d),
                            self.cfg.screen.acute_days
                        )
                    });
                    fired.push(Fired::new(
                        NextDecision::Rescreen,
                        Reason::new(&rules::PRX_TRIAGE, format!("After the painful lift you reported on {}, deadlifts come back only through a new screen.{not_before}", crate::domain::fmt_day(triage.date))),
                    ));
                }
            }
        }
        if let Some(last) = self.history.last() {
            let days = (self.input.as_of - last.date).num_days();
            if days >= i64::from(self.cfg.prescription.layoff_days) {
                let resume = self
                    .last_load(last.exercise)
                    .map(|load| load * (1.0 - self.cfg.prescription.layoff_cut_pct));
                let restart = resume
                    .and_then(|load| round_down(load, last.exercise, &self.input.equipment))
                    .map_or_else(String::new, |load| {
                        format!(
                            " When cleared, restart around {} {}.",
                            fmt_load(load),
                            self.input.equipment.units.as_str()
                        )
                    });
                fired.push(Fired::new(
                    NextDecision::Rescreen,
                    Reason::new(&rules::PRX_LAYOFF, format!("It has been {days} days since your last deadlift session. Take the screen again before loading.{restart}")),
                ));
            }
        }
        if let Some(due) = self
            .input
            .rescreen_due
            .filter(|due| *due <= self.input.as_of)
        {
            fired.push(Fired::new(
                NextDecision::Rescreen,
                Reason::new(&rules::PRX_DUE, format!("Your next screen was due on {}. Take it before the next loaded session: the warning-sign questions are asked again and your hold is retested.", crate::domain::fmt_day(due))),
            ));
        }
        if self.colours.last() == Some(&PainColour::Pending) {
            fired.push(Fired::new(
                NextDecision::WaitForCheckIn,
                Reason::new(&rules::PAIN_PENDING, "Your last session has no next-morning check-in yet. Record how your back felt the morning after; until then the load does not go up."),
            ));
        }
        fired
    }

    /// PRX-REGRESS, PRX-DOWN, PRX-HOLD, PRX-UP and calibration.
    fn training_rules(&self, exercise: Exercise) -> Vec<Fired> {
        let mut fired = Vec::new();
        let (Some(last), Some(colour)) = (self.history.last(), self.colours.last().copied()) else {
            return vec![
                self.imported_reason(exercise)
                    .unwrap_or_else(|| self.calibrate_reason(exercise)),
            ];
        };
        let rounding = |session: &&SessionLog| session.faults.contains(&Fault::SpineRounding);
        let two_red = self.colours.len() >= 2
            && self
                .colours
                .iter()
                .rev()
                .take(2)
                .all(|c| *c == PainColour::Red);
        let two_rounding =
            self.history.len() >= 2 && self.history.iter().rev().take(2).all(rounding);
        if two_red || two_rounding {
            let why = if two_red {
                "Your last two sessions were both red"
            } else {
                "Your back rounded under load in both of your last two sessions"
            };
            fired.push(Fired::new(
                NextDecision::Regress,
                Reason::new(
                    &rules::PRX_REGRESS,
                    format!(
                        "{why}. Step down one rung to {} and take the screen again.",
                        exercise.stage().lower().label()
                    ),
                ),
            ));
        }
        if self.e1rm(exercise).is_none() {
            fired.push(self.calibrate_reason(exercise));
            return fired;
        }
        // INVARIANT (a missing answer never allows a raise): no RPE is not an easy set.
        let last_rpe: Option<f64> = self
            .last_here(exercise)
            .and_then(|s| s.sets.last())
            .and_then(|set| set.rpe.map(Rpe::get));
        let mut down = Vec::new();
        if colour == PainColour::Red {
            down.push("your last session was red".to_owned());
        }
        if rounding(last) {
            down.push("your back rounded under load".to_owned());
        }
        if let Some(rpe) = last_rpe.filter(|rpe| *rpe >= 9.0) {
            down.push(format!("your last set felt like RPE {rpe}"));
        }
        if !down.is_empty() {
            fired.push(Fired::because(
                NextDecision::Reduce,
                &rules::PRX_DOWN,
                &down,
            ));
        }
        let mut hold = Vec::new();
        if colour == PainColour::Amber {
            hold.push("your pain response was amber".to_owned());
        }
        match last_rpe {
            Some(rpe) if rpe > 7.0 && rpe < 9.0 => {
                hold.push(format!("your last set felt like RPE {rpe}"));
            }
            None => {
                hold.push("your last set has no effort rating (log its RPE next time)".to_owned());
            }
            // The last session was at another lift and its last set has no RPE: still no raise.
            Some(_) if last.sets.last().is_none_or(|set| set.rpe.is_none()) => {
                hold.push("your last set has no effort rating (log its RPE next time)".to_owned());
            }
            Some(_) => {}
        }
        match last.leg_symptoms {
            None => hold.push("the session has no answer about leg symptoms".to_owned()),
            Some(LegSymptoms::AboveKnee) => {
                hold.push("you had pain, tingling or numbness in a leg above the knee".to_owned());
            }
            Some(_) => {}
        }
        let other_faults: Vec<String> = last
            .faults
            .iter()
            .filter(|f| **f != Fault::SpineRounding)
            .map(|f| f.label().to_lowercase())
            .collect();
        if !other_faults.is_empty() {
            hold.push(format!("of a form fault ({})", other_faults.join("; ")));
        }
        if !last.completed {
            hold.push("the session was not completed as prescribed".to_owned());
        }
        if !hold.is_empty() {
            fired.push(Fired::because(NextDecision::Hold, &rules::PRX_HOLD, &hold));
        }
        if let Some(rpe) = last_rpe.filter(|rpe| *rpe <= 7.0)
            && self.is_clean(last, colour)
        {
            fired.push(Fired::because(
                NextDecision::Progress,
                &rules::PRX_UP,
                &[format!(
                    "your last session was clean ({}) and its last set felt like RPE {} or easier",
                    colour.as_str(),
                    fmt_load(rpe)
                )],
            ));
        }
        fired
    }

    fn calibrate_reason(&self, exercise: Exercise) -> Fired {
        Fired::new(
            NextDecision::Calibrate,
            Reason::new(
                &rules::PRX_E1RM,
                format!(
                    "There is no usable history at the {} yet, so this session finds your starting point without a max test: warm up in small steps to one set of 5 that feels like RPE 7 (about three reps left in the tank) with clean form. That set sets your estimate.",
                    exercise.stage().label()
                ),
            ),
        )
    }

    fn is_clean(&self, session: &SessionLog, colour: PainColour) -> bool {
        is_clean(session, colour)
    }

    fn here(&self, exercise: Exercise) -> Vec<(usize, &SessionLog)> {
        self.history
            .iter()
            .enumerate()
            .filter(|(_, s)| s.exercise == exercise)
            .map(|(i, s)| (i, *s))
            .collect()
    }

    fn last_here(&self, exercise: Exercise) -> Option<&SessionLog> {
        self.history
            .iter()
            .rev()
            .find(|s| s.exercise == exercise)
            .copied()
    }

    fn last_load(&self, exercise: Exercise) -> Option<f64> {
        self.last_here(exercise)
            .and_then(|s| s.sets.iter().map(|set| set.load).reduce(f64::max))
    }

    /// PRX-E1RM-SOURCE: best qualifying set over the last sessions here, else the latest older
    /// one; PRX-IMPORT: else the imported history's.
    fn e1rm(&self, exercise: Exercise) -> Option<f64> {
        self.logged_e1rm(exercise)
            .or_else(|| self.imported_e1rm(exercise).map(|(e1rm, _)| e1rm))
    }

    fn logged_e1rm(&self, exercise: Exercise) -> Option<f64> {
        let prx = &self.cfg.prescription;
        let best = |session: &SessionLog| session_e1rm(session, self.cfg);
        let here = self.here(exercise);
        let recent = here
            .iter()
            .rev()
            .take(prx.e1rm_window)
            .filter_map(|(_, s)| best(s))
            .reduce(f64::max);
        recent.or_else(|| here.iter().rev().find_map(|(_, s)| best(s)))
    }

    /// PRX-IMPORT: the estimate from the newest imported sessions at `exercise`, and whether
    /// it was cut for their age.
    fn imported_e1rm(&self, exercise: Exercise) -> Option<(f64, bool)> {
        let prx = &self.cfg.prescription;
        let mut here: Vec<&ImportedLog> = self
            .input
            .imported
            .iter()
            .filter(|s| s.exercise == exercise && s.date <= self.input.as_of)
            .collect();
        here.sort_by_key(|s| s.date);
        let (newest, best) = here
            .iter()
            .rev()
            .filter_map(|s| imported_session_e1rm(s, self.cfg).map(|e| (s.date, e)))
            .take(prx.e1rm_window)
            .fold(None, |acc: Option<(NaiveDate, f64)>, (date, e)| match acc {
                None => Some((date, e)),
                Some((newest, best)) => Some((newest, best.max(e))),
            })?;
        let idle = (self.input.as_of - newest).num_days();
        let old = idle >= i64::from(prx.layoff_days);
        let e1rm = if old {
            best * (1.0 - prx.layoff_cut_pct)
        } else {
            best
        };
        Some((e1rm, old))
    }

    /// The reason a plan leans on imported history (PRX-IMPORT); the load does not rise on it.
    fn imported_reason(&self, exercise: Exercise) -> Option<Fired> {
        if self.logged_e1rm(exercise).is_some() {
            return None;
        }
        let (e1rm, old) = self.imported_e1rm(exercise)?;
        let units = self.input.equipment.units.as_str();
        let age = if old {
            format!(
                ", less {}% because the newest of them is {} days old or more",
                fmt_load(self.cfg.prescription.layoff_cut_pct * 100.0),
                self.cfg.prescription.layoff_days
            )
        } else {
            String::new()
        };
        Some(Fired::new(
            NextDecision::Hold,
            Reason::new(
                &rules::PRX_IMPORT,
                format!(
                    "Your estimated 1RM of {} {units} at the {} comes from the history you imported (each unrated set counted as if it were your limit{age}). Imported sessions have no pain answers, so the load rises only after sessions logged here.",
                    fmt_load(e1rm),
                    exercise.stage().label()
                ),
            ),
        ))
    }

    fn fill_loads(
        &self,
        plan: &mut NextSession,
        exercise: Exercise,
        decision: NextDecision,
        fired: &mut Vec<Fired>,
    ) -> Option<Worked> {
        let target = match decision {
            NextDecision::Stop | NextDecision::Rescreen => return None,
            NextDecision::Regress => exercise.stage().lower(),
            _ => exercise.stage(),
        };
        plan.exercise = target;
        let target = Exercise::of_stage(target)?;
        let equipment = &self.input.equipment;
        let Some(e1rm) = self.e1rm(target) else {
            plan.warmups = lightest(target, equipment)
                .map(|load| WarmUp { load, reps: 8 })
                .into_iter()
                .collect();
            plan.cues.push(format!(
                "Calibration: start with {} for 8, then add a small step at a time for sets of 5, resting 2-3 minutes, and stop at the first set of 5 that feels like RPE 7. Never go to a max.",
                lightest(target, equipment).map_or_else(|| "the lightest load".to_owned(), |l| format!("{} {}", fmt_load(l), equipment.units.as_str()))
            ));
            if decision == NextDecision::Regress {
                plan.cues.push(
                    "After the re-screen, start the lower rung with this calibration.".to_owned(),
                );
            }
            if let Some(limit) = self.input.ceiling.and_then(|c| c.load) {
                let words = format!(
                    "Your clinician set a ceiling of {} {}: stop the calibration there even if it feels easy.",
                    fmt_load(limit),
                    equipment.units.as_str()
                );
                plan.cues.push(words.clone());
                fired.push(Fired::new(
                    NextDecision::Calibrate,
                    Reason::new(&rules::PRX_CLINICIAN, words),
                ));
            }
            return None;
        };
        plan.e1rm = Some(e1rm);
        if !fired
            .iter()
            .any(|f| f.reason.rule.id == rules::PRX_IMPORT.id)
            && let Some(imported) = self.imported_reason(target)
        {
            fired.push(imported);
        }
        let prx = &self.cfg.prescription;
        let here = self.here(target);
        let cap_pct = if here.len() < usize::try_from(prx.intro_sessions).unwrap_or(usize::MAX) {
            prx.intro_max_pct
        } else {
            let run = usize::try_from(prx.clean_run_for_max).unwrap_or(usize::MAX);
            let clean = here.len() >= run
                && here
                    .iter()
                    .rev()
                    .take(run)
                    .all(|(i, s)| self.colours.get(*i).is_some_and(|c| self.is_clean(s, *c)));
            if clean {
                prx.max_pct
            } else {
                prx.intro_max_pct
            }
        };
        let band_cap = cap_pct * e1rm;
        // PRX-CLINICIAN: a clinician's ceiling only ever lowers the band's.
        let clinician_cap = self
            .input
            .ceiling
            .and_then(|c| c.limit(Some(e1rm)))
            .filter(|limit| *limit < band_cap);
        let cap = clinician_cap.unwrap_or(band_cap);
        let start = prx.start_pct * e1rm;
        // The first working sets here: after a calibration session, or on imported history.
        let first_working = here.len() <= 1 || decision == NextDecision::Regress;
        let last_load = self.last_load(target);
        let base = match (first_working, last_load) {
            // INVARIANT (no rise after trouble): a regression never restarts above the last load at that rung.
            (true, Some(last)) if decision == NextDecision::Regress => start.min(last),
            (true, _) | (false, None) => start,
            (false, Some(last)) => last,
        };
        let reps_last = self
            .last_here(target)
            .and_then(|s| s.sets.last())
            .map_or(prx.working_reps, |set| set.reps);
        let plan_under = |cap: f64| match target {
            Exercise::Kettlebell => kettlebell_plan(
                base,
                reps_last,
                decision,
                cap,
                first_working,
                prx.reduce_pct,
                equipment,
            ),
            _ => bar_plan(
                base,
                decision,
                cap,
                first_working,
                prx.reduce_pct,
                target,
                equipment,
            ),
        };
        let (load, reps, mut at_cap) = plan_under(cap);
        let mut bound_by_clinician = None;
        if let Some(limit) = clinician_cap
            && plan_under(band_cap) != (load, reps, at_cap)
        {
            bound_by_clinician = Some(limit);
            // The clinician's ceiling changed the plan: say so, and never call it a raise or
            // a hold when the load went down.
            at_cap = false;
            let lower = match (load, last_load) {
                (Some(load), Some(last)) if !first_working => load < last,
                (None, _) => true,
                _ => false,
            };
            let held = if lower {
                NextDecision::Reduce
            } else {
                NextDecision::Hold
            };
            if decision == NextDecision::Progress || lower {
                plan.decision = plan.decision.min(held);
            }
            fired.push(Fired::new(
                held,
                Reason::new(
                    &rules::PRX_CLINICIAN,
                    format!(
                        "Your clinician set a ceiling of {} {} for now, below the programme's own, so the load stays at or under it.",
                        fmt_load(limit),
                        equipment.units.as_str()
                    ),
                ),
            ));
        }
        if at_cap && decision == NextDecision::Progress {
            plan.decision = NextDecision::Hold;
            fired.push(Fired::new(
                NextDecision::Hold,
                Reason::new(&rules::PRX_BAND, format!("You are at today's ceiling of {}% of your estimated 1RM, so the load does not go up.", fmt_load(cap_pct * 100.0))),
            ));
        }
        if first_working && decision == NextDecision::Progress {
            fired.push(Fired::new(
                NextDecision::Progress,
                Reason::new(&rules::PRX_BAND, format!("Your first working sets at this rung start at {}% of your estimated 1RM, rounded down.", fmt_load(prx.start_pct * 100.0))),
            ));
        }
        let Some(load) = load else {
            plan.decision = plan.decision.min(NextDecision::Hold);
            fired.push(Fired::new(
                NextDecision::Hold,
                Reason::new(&rules::PRX_ROUND, "The lightest load your equipment can make is above today's ceiling, so no working sets are set: stay with lighter work and re-screen."),
            ));
            return None;
        };
        let target_rpe = prx.target_rpe.min(8.0);
        plan.sets = (0..prx.working_sets)
            .map(|_| WorkingSet {
                load,
                reps,
                target_rpe,
            })
            .collect();
        plan.warmups = warmups(target, e1rm * prx.warmup_pct, load, equipment);
        let last = self.last_here(target).and_then(|session| {
            session
                .sets
                .iter()
                .map(|set| (set.load, set.reps))
                .reduce(|a, b| if b.0 > a.0 { b } else { a })
        });
        Some(Worked {
            first: first_working,
            cap_pct,
            last,
            clinician: bound_by_clinician,
        })
    }
}

fn bar_plan(
    base: f64,
    decision: NextDecision,
    cap: f64,
    first: bool,
    reduce_pct: f64,
    exercise: Exercise,
    equipment: &Equipment,
) -> (Option<f64>, u32, bool) {
    let wanted = match decision {
        NextDecision::Progress if !first => base + equipment.step,
        NextDecision::Reduce => base * (1.0 - reduce_pct),
        _ => base,
    };
    let load = round_down(wanted.min(cap), exercise, equipment);
    let at_cap =
        decision == NextDecision::Progress && !first && load.is_none_or(|load| load <= base);
    (load, 5, at_cap)
}

fn kettlebell_plan(
    base: f64,
    reps_last: u32,
    decision: NextDecision,
    cap: f64,
    first: bool,
    reduce_pct: f64,
    equipment: &Equipment,
) -> (Option<f64>, u32, bool) {
    let bell = |limit: f64| round_down(limit.min(cap), Exercise::Kettlebell, equipment);
    match decision {
        NextDecision::Progress if !first => match reps_last {
            0..=5 => (bell(base), 6, bell(base).is_none_or(|b| b < base)),
            6 | 7 => (bell(base), 8, bell(base).is_none_or(|b| b < base)),
            _ => {
                let next = equipment
                    .kettlebells
                    .iter()
                    .copied()
                    .find(|b| *b > base && *b <= cap);
                match next {
                    Some(heavier) => (Some(heavier), 5, false),
                    None => (bell(base), 8, true),
                }
            }
        },
        NextDecision::Reduce => {
            let lighter = bell(base * (1.0 - reduce_pct)).or_else(|| {
                lightest(Exercise::Kettlebell, equipment).filter(|l| *l <= base.min(cap))
            });
            (lighter, 5, false)
        }
        _ if first => (bell(base), 5, false),
        _ => {
            let same = bell(base);
            let reps = if same.is_some_and(|b| b >= base) {
                reps_last.clamp(5, 8)
            } else {
                5
            };
            (same, reps, false)
        }
    }
}

fn warmups(exercise: Exercise, second: f64, working: f64, equipment: &Equipment) -> Vec<WarmUp> {
    let mut sets = Vec::new();
    if let Some(first) = lightest(exercise, equipment).filter(|load| *load < working) {
        sets.push(WarmUp {
            load: first,
            reps: 8,
        });
        if let Some(load) =
            round_down(second, exercise, equipment).filter(|load| *load > first && *load < working)
        {
            sets.push(WarmUp { load, reps: 5 });
        }
    }
    sets
}

fn lightest(exercise: Exercise, equipment: &Equipment) -> Option<f64> {
    match exercise {
        Exercise::Kettlebell => equipment.kettlebells.iter().copied().reduce(f64::min),
        Exercise::TrapBar => Some(equipment.trap_bar),
        Exercise::Barbell => Some(equipment.barbell),
    }
}

/// Whether a session counts as clean (rule PRX-UP in docs/rules.md): completed as prescribed, no form fault, no
/// leg symptoms (answered `none`), an effort rating on its last set, and a green or amber pain
/// response. Imported sessions (no pain answers) are never clean.
#[must_use]
pub fn is_clean(session: &SessionLog, colour: PainColour) -> bool {
    session.completed
        && session.faults.is_empty()
        && session.leg_symptoms == Some(LegSymptoms::None)
        && session.sets.last().is_some_and(|set| set.rpe.is_some())
        && matches!(colour, PainColour::Green | PainColour::Amber)
}

/// Clean sessions at `exercise` dated on or after `since`, colouring the whole series (any
/// order) so that each session's trend is judged on its real history.
#[must_use]
pub fn clean_sessions(
    sessions: &[SessionLog],
    exercise: Exercise,
    since: NaiveDate,
    cfg: &Config,
) -> u32 {
    let mut history: Vec<&SessionLog> = sessions.iter().collect();
    history.sort_by_key(|session| session.date);
    let pains: Vec<SessionPain> = history.iter().map(|session| session.pain).collect();
    let colours = pain::colours(&pains, &cfg.pain);
    let count = history
        .iter()
        .zip(colours)
        .filter(|(session, colour)| {
            session.date >= since && session.exercise == exercise && is_clean(session, *colour)
        })
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// PRX-REGRESS on its own: whether the last two sessions (any order) were both red or both
/// rounded, which drops the lifter one rung.
#[must_use]
pub fn regressed(sessions: &[SessionLog], cfg: &Config) -> bool {
    let mut history: Vec<&SessionLog> = sessions.iter().collect();
    history.sort_by_key(|session| session.date);
    let pains: Vec<SessionPain> = history.iter().map(|session| session.pain).collect();
    let colours = pain::colours(&pains, &cfg.pain);
    let two_red = colours.len() >= 2 && colours.iter().rev().take(2).all(|c| *c == PainColour::Red);
    let two_rounding = history.len() >= 2
        && history
            .iter()
            .rev()
            .take(2)
            .all(|s| s.faults.contains(&Fault::SpineRounding));
    two_red || two_rounding
}

/// PRX-E1RM for one session: the best estimate over its sets logged at an RPE high enough to
/// trust (`min_rpe_for_e1rm`), or `None` when no set qualifies.
#[must_use]
pub fn session_e1rm(session: &SessionLog, cfg: &Config) -> Option<f64> {
    let prx = &cfg.prescription;
    session
        .sets
        .iter()
        .filter_map(|set| {
            let rpe = set.rpe?;
            (rpe.get() >= prx.min_rpe_for_e1rm).then_some(())?;
            formulas::epley_rir(set.load, set.reps, rpe).ok()
        })
        .reduce(f64::max)
}

/// PRX-IMPORT: an imported session's estimate. A set the other app has no effort rating for
/// counts as if it were taken to failure (RPE 10), which can only underestimate; sets rated
/// below `min_rpe_for_e1rm` or outside Epley's range give none.
#[must_use]
pub fn imported_session_e1rm(session: &ImportedLog, cfg: &Config) -> Option<f64> {
    let limit = Rpe::parse(10.0).ok()?;
    session
        .sets
        .iter()
        .filter_map(|set| {
            let rpe = set.rpe.unwrap_or(limit);
            (rpe.get() >= cfg.prescription.min_rpe_for_e1rm).then_some(())?;
            formulas::epley_rir(set.load, set.reps, rpe).ok()
        })
        .reduce(f64::max)
}

/// PRX-ROUND: the heaviest load the equipment can make at or below `wanted`, or `None` when even
/// the empty implement is heavier.
#[must_use]
pub fn round_down(wanted: f64, exercise: Exercise, equipment: &Equipment) -> Option<f64> {
    let tolerance = 1e-6;
    match exercise {
        Exercise::Kettlebell => equipment
            .kettlebells
            .iter()
            .copied()
            .filter(|bell| *bell <= wanted + tolerance)
            .reduce(f64::max),
        Exercise::TrapBar | Exercise::Barbell => {
            let bar = if exercise == Exercise::TrapBar {
                equipment.trap_bar
            } else {
                equipment.barbell
            };
            if wanted + tolerance < bar || equipment.step <= 0.0 {
                return (wanted + tolerance >= bar).then_some(bar);
            }
            let steps = ((wanted - bar) / equipment.step + tolerance).floor();
            Some(bar + steps * equipment.step)
        }
    }
}

/// Formats a load without trailing zeros.
#[must_use]
pub fn fmt_load(load: f64) -> String {
    let rounded = (load * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Plates per side for a bar load, heaviest first, from the standard plate set of the units.
#[must_use]
pub fn plates_per_side(load: f64, bar: f64, units: Units) -> Vec<f64> {
    let plates: &[f64] = match units {
        Units::Kg => &[25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25],
        Units::Lb => &[45.0, 35.0, 25.0, 10.0, 5.0, 2.5],
    };
    let mut side = (load - bar) / 2.0;
    let mut out = Vec::new();
    for plate in plates {
        while side + 1e-6 >= *plate {
            side -= plate;
            out.push(*plate);
        }
    }
    out
}
