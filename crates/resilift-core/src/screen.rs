//! The readiness screen (`SCR-*`) and its advice (`ADV-*`): every rule is evaluated, the most
//! restrictive outcome wins, and every rule that fired is reported.

use crate::rules::{self, Rule};
use chrono::{Days, NaiveDate};

use crate::config::{Config, ScreenConfig};
use crate::domain::{
    Clearable, HealthItem, LegSymptoms, PainScore, Reason, RedFlag, Sex, Stage, Urgency,
};
use crate::foundation::{self, ProgrammeItem};
use crate::instruments::{self, StartBackAnswers, StartBackRisk};

/// What is known about the person. Sex, height and weight never change a screening decision;
/// age changes it only through SCR-AGE (a red-flag factor).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    /// Age in years.
    pub age: Option<u32>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Height in centimetres.
    pub height_cm: Option<f64>,
    /// Weight in kilograms.
    pub weight_kg: Option<f64>,
}

/// One screening record, already validated.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreeningInput {
    /// The day the screen applies to.
    pub as_of: NaiveDate,
    /// Demographics (informational only).
    pub person: Person,
    /// Red flags answered yes.
    pub red_flags: Vec<RedFlag>,
    /// General-health answers that were yes.
    pub health: Vec<HealthItem>,
    /// Answers a linked clinician has reviewed and cleared for loading.
    pub cleared: Vec<Clearable>,
    /// Pain now.
    pub pain_now: PainScore,
    /// Start of the current episode, if there is one; never after `as_of`.
    pub episode_onset: Option<NaiveDate>,
    /// Earlier episodes.
    pub previous_episodes: u32,
    /// Where leg symptoms reach.
    pub leg_symptoms: LegSymptoms,
    /// A disc bulge or herniation has been diagnosed.
    pub disc_diagnosed: bool,
    /// A clinician has cleared the disc problem for loading.
    pub disc_cleared: bool,
    /// A clinician has assessed and cleared below-knee symptoms.
    pub radicular_cleared: bool,
    /// Biering-Sorensen hold in seconds, if tested.
    pub biering_sorensen_s: Option<f64>,
    /// STarT Back answers, if given.
    pub startback: Option<StartBackAnswers>,
    /// TSK-11 total, if given (informational only).
    pub tsk11_total: Option<u32>,
    /// ODI percentage, if given (informational only).
    pub odi_score: Option<f64>,
    /// Current stage on the ladder.
    pub stage: Stage,
    /// Clean sessions logged at the current stage.
    pub clean_sessions_at_stage: u32,
    /// Technique sessions with a professional so far.
    pub coached_sessions: u32,
}

/// The verdict of a screen, from most to least restrictive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScreenDecision {
    /// Go to an emergency department now.
    Emergency,
    /// Be seen by a doctor today.
    SameDay,
    /// Book a clinician within days, before any loading.
    SeeClinician,
    /// Stay active, no deadlifts for now.
    RelativeRest,
    /// Bridges, bird dogs and back-extension holds.
    Foundation,
    /// Kettlebell deadlift.
    Kettlebell,
    /// Trap-bar deadlift.
    TrapBar,
    /// Barbell deadlift.
    Barbell,
}

impl ScreenDecision {
    /// The stable wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Emergency => "emergency",
            Self::SameDay => "same_day",
            Self::SeeClinician => "see_clinician",
            Self::RelativeRest => "relative_rest",
            Self::Foundation => "foundation",
            Self::Kettlebell => "kettlebell",
            Self::TrapBar => "trap_bar",
            Self::Barbell => "barbell",
        }
    }

    /// The verdict in one sentence.
    #[must_use]
    pub fn headline(self) -> &'static str {
        match self {
            Self::Emergency => {
                "Go to an emergency department now: one of your answers can be a sign of suspected cauda equina syndrome."
            }
            Self::SameDay => {
                "See a doctor today: something you reported needs checking the same day, before any exercise."
            }
            Self::SeeClinician => {
                "Book a clinician within the next few days, before any loaded training: something you reported needs a professional look first."
            }
            Self::RelativeRest => {
                "Not yet: keep moving gently, skip deadlifts, and screen again when the early healing window has passed."
            }
            Self::Foundation => {
                "Build the foundation first: curl-ups, side bridges, bird dogs, a hip hinge with a dowel, glute bridges and walking, then retest your hold."
            }
            Self::Kettlebell => "You are ready for the first rung: the kettlebell deadlift.",
            Self::TrapBar => "You are ready for the trap-bar deadlift.",
            Self::Barbell => "You are ready for the barbell deadlift.",
        }
    }

    /// The urgency of an urgent verdict.
    #[must_use]
    pub fn urgency(self) -> Option<Urgency> {
        match self {
            Self::Emergency => Some(Urgency::Emergency),
            Self::SameDay => Some(Urgency::SameDay),
            Self::SeeClinician => Some(Urgency::SeeClinician),
            _ => None,
        }
    }

    /// Parses a wire name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Emergency,
            Self::SameDay,
            Self::SeeClinician,
            Self::RelativeRest,
            Self::Foundation,
            Self::Kettlebell,
            Self::TrapBar,
            Self::Barbell,
        ]
        .into_iter()
        .find(|d| d.as_str() == name)
    }

    /// Whether the verdict allows loaded deadlifting.
    #[must_use]
    pub fn is_rung(self) -> bool {
        matches!(self, Self::Kettlebell | Self::TrapBar | Self::Barbell)
    }
}

/// The result of a screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Screening {
    /// The most restrictive outcome.
    pub decision: ScreenDecision,
    /// Every rule that fired, most restrictive first.
    pub reasons: Vec<Reason>,
    /// Advice.
    pub advice: Vec<Reason>,
    /// When to screen again, if at all before a clinical review.
    pub next_screen: Option<NaiveDate>,
    /// The foundation programme, exactly when the decision is `foundation`.
    pub programme: Vec<ProgrammeItem>,
}

/// The rules whose outcome is a clinical review; an urgent decision lists only these.
const URGENT_RULES: [&Rule; 7] = [
    &rules::SCR_CES,
    &rules::SCR_URGENT,
    &rules::SCR_REDFLAG,
    &rules::SCR_GENERAL,
    &rules::SCR_AGE,
    &rules::SCR_DISC,
    &rules::SCR_RADICULAR,
];

/// Runs the readiness screen.
#[must_use]
pub fn screen(input: &ScreeningInput, cfg: &Config) -> Screening {
    let scr = &cfg.screen;
    let mut fired: Vec<(ScreenDecision, Reason)> = Vec::new();
    red_flag_rules(input, &mut fired);
    general_health_rules(input, &mut fired);
    age_rule(input, scr, &mut fired);
    clinical_rules(input, &mut fired);
    let acute = load_readiness_rules(input, scr, &mut fired);
    if fired.is_empty() {
        let wanted = ladder(input, scr);
        let capped = return_cap(input, scr, acute, wanted);
        if let Some(reason) = capped.1 {
            fired.push((capped.0, reason));
        }
        fired.push((
            capped.0,
            Reason::new(
                &rules::SCR_LADDER,
                ladder_message(input, capped.0, wanted, scr),
            ),
        ));
    }
    // INVARIANT (precedence): a stable sort keeps rule order within one outcome.
    fired.sort_by_key(|(decision, _)| *decision);
    let decision = fired
        .first()
        .map_or(ScreenDecision::Emergency, |(decision, _)| *decision);
    let fired_ids: Vec<&str> = fired.iter().map(|(_, reason)| reason.rule.id).collect();
    let advice = advice(input, decision, &fired_ids, scr);
    // INVARIANT (urgent pages carry no training content): training rules such as SCR-ACUTE or
    // SCR-ENDURANCE return after the clinical review.
    let reasons = fired
        .into_iter()
        .filter(|(_, reason)| {
            decision.urgency().is_none() || URGENT_RULES.iter().any(|u| u.id == reason.rule.id)
        })
        .map(|(_, reason)| reason)
        .collect();
    Screening {
        decision,
        reasons,
        advice,
        next_screen: next_screen(input, decision, scr),
        programme: if decision == ScreenDecision::Foundation {
            foundation::programme(&cfg.foundation)
        } else {
            Vec::new()
        },
    }
}

fn red_flag_rules(input: &ScreeningInput, fired: &mut Vec<(ScreenDecision, Reason)>) {
    let of = |urgency: Urgency| -> Vec<RedFlag> {
        input
            .red_flags
            .iter()
            .copied()
            .filter(|flag| flag.urgency() == urgency)
            .filter(|flag| !input.cleared.contains(&Clearable::Flag(*flag)))
            .collect()
    };
    let ces = of(Urgency::Emergency);
    if !ces.is_empty() {
        fired.push((
            ScreenDecision::Emergency,
            Reason::new(
                &rules::SCR_CES,
                format!("You reported {}. This can be a sign of suspected cauda equina syndrome: pressure on the nerves at the base of the spine, which needs emergency assessment. Go to an emergency department or call your emergency number now, and say \"suspected cauda equina syndrome\".", list_flags(&ces)),
            ),
        ));
    }
    let urgent = of(Urgency::SameDay);
    if !urgent.is_empty() {
        fired.push((
            ScreenDecision::SameDay,
            Reason::new(
                &rules::SCR_URGENT,
                format!("You reported {}. This can point to a fracture, an infection or a nerve problem that is getting worse. Be seen by a doctor today, at urgent care or the same-day service of your practice.", list_flags(&urgent)),
            ),
        ));
    }
    let other = of(Urgency::SeeClinician);
    if !other.is_empty() {
        fired.push((
            ScreenDecision::SeeClinician,
            Reason::new(
                &rules::SCR_REDFLAG,
                format!("You reported {}. This does not mean something serious is wrong, but a doctor or physiotherapist should assess it within the next few days, before you load your back.", list_flags(&other)),
            ),
        ));
    }
}

fn general_health_rules(input: &ScreeningInput, fired: &mut Vec<(ScreenDecision, Reason)>) {
    let open: Vec<HealthItem> = input
        .health
        .iter()
        .copied()
        .filter(|item| item.needs_clearance())
        .filter(|item| !input.cleared.contains(&Clearable::Health(*item)))
        .collect();
    if !open.is_empty() {
        let names: Vec<String> = open.iter().map(|i| i.question().to_lowercase()).collect();
        fired.push((
            ScreenDecision::SeeClinician,
            Reason::new(
                &rules::SCR_GENERAL,
                format!("You answered yes to: {}. Heavy lifting and bracing with a held breath raise blood pressure sharply, so a clinician should clear you for them first.", names.join("; ")),
            ),
        ));
    }
}

fn age_rule(input: &ScreeningInput, cfg: &ScreenConfig, fired: &mut Vec<(ScreenDecision, Reason)>) {
    let Some(age) = input.person.age else {
        return;
    };
    if age < cfg.min_age {
        fired.push((
            ScreenDecision::SeeClinician,
            Reason::new(
                &rules::SCR_AGE,
                format!("You are {age}. Back pain under {} should be examined by a clinician first: young athletes can have stress fractures in the spine that loading makes worse.", cfg.min_age),
            ),
        ));
        return;
    }
    let new_episode = input
        .episode_onset
        .is_some_and(|onset| (input.as_of - onset).num_days() < i64::from(cfg.new_episode_days));
    if age >= cfg.older_age && input.previous_episodes == 0 && new_episode {
        fired.push((
            ScreenDecision::SeeClinician,
            Reason::new(
                &rules::SCR_AGE,
                format!("This is your first episode of back pain, it began less than {} days ago, and you are {age}. From {} a first new episode should be checked by a clinician before loading, to rule out less common causes.", cfg.new_episode_days, cfg.older_age),
            ),
        ));
    }
}

fn clinical_rules(input: &ScreeningInput, fired: &mut Vec<(ScreenDecision, Reason)>) {
    if input.disc_diagnosed && !input.disc_cleared {
        fired.push((
            ScreenDecision::SeeClinician,
            Reason::new(&rules::SCR_DISC, "You have a diagnosed disc bulge or herniation that a clinician has not yet cleared for loading. Work through therapy first; heavy hinging comes in the last phase of rehabilitation, once your clinician agrees."),
        ));
    }
    if input.leg_symptoms == LegSymptoms::BelowKnee && !input.radicular_cleared {
        fired.push((
            ScreenDecision::SeeClinician,
            Reason::new(&rules::SCR_RADICULAR, "Symptoms below the knee can come from an irritated nerve root. Have a clinician assess them before you load your back."),
        ));
    }
}

/// Adds SCR-ACUTE, SCR-PAIN and SCR-ENDURANCE; answers whether SCR-ACUTE fired.
fn load_readiness_rules(
    input: &ScreeningInput,
    cfg: &ScreenConfig,
    fired: &mut Vec<(ScreenDecision, Reason)>,
) -> bool {
    let mut acute = false;
    if let Some(onset) = input.episode_onset {
        let days = (input.as_of - onset).num_days();
        if days < i64::from(cfg.acute_days) {
            acute = true;
            fired.push((
                ScreenDecision::RelativeRest,
                Reason::new(
                    &rules::SCR_ACUTE,
                    format!("Your current episode began {}, inside the first {} days. Keep moving gently and avoid bed rest, but leave deadlifts alone for now.", if days == 0 { "today".to_owned() } else { format!("{} ago", crate::domain::count(days, "day", "days")) }, cfg.acute_days),
                ),
            ));
        }
    }
    if input.pain_now.get() >= cfg.high_pain {
        fired.push((
            ScreenDecision::Foundation,
            Reason::new(
                &rules::SCR_PAIN,
                format!("Your pain now is {}/10, at or above the {}/10 line. Lower pain went with better results from deadlift training, so settle it with foundation work first.", input.pain_now.get(), cfg.high_pain),
            ),
        ));
    }
    let hold = input.biering_sorensen_s;
    if hold.is_none_or(|seconds| seconds < cfg.min_extensor_hold_s) {
        let message = match hold {
            None => format!(
                "No back-extension hold has been recorded. Test it (aim for at least {} s) before loading; until then, build the foundation.",
                fmt_s(cfg.min_extensor_hold_s)
            ),
            Some(seconds) => format!(
                "Your back-extension hold was {} s; resilift looks for at least {} s before loaded hinging. Build it with bridges, bird dogs and holds, then retest.",
                fmt_s(seconds),
                fmt_s(cfg.min_extensor_hold_s)
            ),
        };
        fired.push((
            ScreenDecision::Foundation,
            Reason::new(&rules::SCR_ENDURANCE, message),
        ));
    }
    acute
}

/// SCR-RETURN: within `return_days` of a new episode the ladder restarts, at most at the
/// kettlebell. Answers the rung and, when the cap changed it, the reason.
fn return_cap(
    input: &ScreeningInput,
    cfg: &ScreenConfig,
    acute: bool,
    wanted: ScreenDecision,
) -> (ScreenDecision, Option<Reason>) {
    let days = input
        .episode_onset
        .map(|onset| (input.as_of - onset).num_days());
    match days {
        Some(days)
            if !acute
                && days < i64::from(cfg.return_days)
                && wanted > ScreenDecision::Kettlebell =>
        {
            (
                ScreenDecision::Kettlebell,
                Some(Reason::new(
                    &rules::SCR_RETURN,
                    format!(
                        "Your current episode began {days} days ago, within the last {} days: the ladder restarts at the kettlebell deadlift, whatever rung you reached before.",
                        cfg.return_days
                    ),
                )),
            )
        }
        _ => (wanted, None),
    }
}

fn ladder(input: &ScreeningInput, cfg: &ScreenConfig) -> ScreenDecision {
    let enough = input.clean_sessions_at_stage >= cfg.clean_sessions_to_advance;
    match input.stage {
        Stage::None | Stage::Foundation => ScreenDecision::Kettlebell,
        Stage::Kettlebell if enough => ScreenDecision::TrapBar,
        Stage::Kettlebell => ScreenDecision::Kettlebell,
        Stage::TrapBar if enough => ScreenDecision::Barbell,
        Stage::TrapBar => ScreenDecision::TrapBar,
        Stage::Barbell => ScreenDecision::Barbell,
    }
}

fn ladder_message(
    input: &ScreeningInput,
    rung: ScreenDecision,
    wanted: ScreenDecision,
    cfg: &ScreenConfig,
) -> String {
    let moved = match (input.stage, rung) {
        _ if rung != wanted => {
            "After a new episode the ladder starts again at the kettlebell deadlift.".to_owned()
        }
        (Stage::None | Stage::Foundation, _) => {
            "Your foundation is in place, so the first rung is the kettlebell deadlift.".to_owned()
        }
        (Stage::Kettlebell, ScreenDecision::TrapBar)
        | (Stage::TrapBar, ScreenDecision::Barbell) => {
            format!(
                "{} clean sessions at your current rung (of {} needed) earn the next one.",
                input.clean_sessions_at_stage, cfg.clean_sessions_to_advance
            )
        }
        (Stage::Barbell, _) => {
            "You are on the top rung: keep training within the load rules.".to_owned()
        }
        _ => format!(
            "Stay on this rung: {} of {} clean sessions needed to move up.",
            input.clean_sessions_at_stage, cfg.clean_sessions_to_advance
        ),
    };
    format!(
        "No red flag, no open clinical question, and your pain and hold are where they should be. {moved}"
    )
}

fn advice(
    input: &ScreeningInput,
    decision: ScreenDecision,
    fired: &[&str],
    cfg: &ScreenConfig,
) -> Vec<Reason> {
    // Urgent decisions carry no advice, except ADV-PSYCH with a see-a-clinician decision.
    if matches!(
        decision,
        ScreenDecision::Emergency | ScreenDecision::SameDay
    ) {
        return Vec::new();
    }
    let mut advice = Vec::new();
    let high_distress = input
        .startback
        .as_ref()
        .is_some_and(|answers| instruments::startback(answers).risk == StartBackRisk::High);
    let training = decision != ScreenDecision::SeeClinician;
    if training
        && matches!(
            input.stage,
            Stage::None | Stage::Foundation | Stage::Kettlebell
        )
        && input.coached_sessions < cfg.min_coached_sessions
    {
        advice.push(Reason::new(
            &rules::ADV_COACH,
            format!("You have had {}. Book a few with a qualified professional before you load a hinge; the article calls this essential, though resilift does not require it.", crate::domain::count(input.coached_sessions, "coached technique session", "coached technique sessions")),
        ));
    }
    if training && input.previous_episodes >= 1 {
        advice.push(Reason::new(
            &rules::ADV_RECUR,
            format!("You have had {}. A past episode is the most consistent predictor of another, so progress patiently.", crate::domain::count(input.previous_episodes, "earlier episode", "earlier episodes")),
        ));
    }
    if high_distress {
        advice.push(Reason::new(&rules::ADV_PSYCH, "Your STarT Back answers place you in the high-risk group. Learning how pain works and building up exposure step by step matter most; consider care led by a clinician."));
    }
    if training && fired.contains(&rules::SCR_PAIN.id) && fired.contains(&rules::SCR_ENDURANCE.id) {
        advice.push(Reason::new(&rules::ADV_BOTH, "High pain together with low back-extensor endurance is the combination for which the source study's authors suggest other treatments before deadlift training. Work with a clinician on the plan."));
    }
    if !training {
        return advice;
    }
    let present = |clear: &Clearable| match clear {
        Clearable::Flag(flag) => input.red_flags.contains(flag),
        Clearable::Health(item) => input.health.contains(item),
    };
    let cleared: Vec<String> = input
        .cleared
        .iter()
        .filter(|clear| present(clear))
        .map(|clear| clear.question().to_lowercase())
        .collect();
    if !cleared.is_empty() {
        advice.push(Reason::new(
            &rules::ADV_CLEARED,
            format!("A clinician reviewed and cleared you for loading with: {}. Keep to the limits they gave you, and tell them if anything changes.", cleared.join("; ")),
        ));
    }
    let brace = input
        .health
        .iter()
        .any(|i| matches!(i, HealthItem::Hernia | HealthItem::Glaucoma))
        || input.cleared.iter().any(|c| {
            matches!(
                c,
                Clearable::Health(
                    HealthItem::UncontrolledBloodPressure
                        | HealthItem::HeartCondition
                        | HealthItem::PregnantOrPostpartum
                )
            )
        });
    if brace {
        advice.push(Reason::new(&rules::ADV_BRACE, "Brace without holding your breath: keep your trunk tight and breathe out steadily through each lift. Holding the breath under load raises the pressure in your chest, abdomen, eyes and blood vessels."));
    }
    if input.health.contains(&HealthItem::Anticoagulants) {
        advice.push(Reason::new(&rules::ADV_BLEED, "You take blood thinners: a fall or a blow to your back needs a same-day check by a doctor, even if it seems minor."));
    }
    advice
}

fn next_screen(
    input: &ScreeningInput,
    decision: ScreenDecision,
    cfg: &ScreenConfig,
) -> Option<NaiveDate> {
    let add = |date: NaiveDate, days: u32| date.checked_add_days(Days::new(u64::from(days)));
    match decision {
        ScreenDecision::Emergency | ScreenDecision::SameDay | ScreenDecision::SeeClinician => None,
        ScreenDecision::RelativeRest => input
            .episode_onset
            .and_then(|onset| add(onset, cfg.acute_days)),
        ScreenDecision::Foundation => add(input.as_of, cfg.foundation_retest_days),
        _ => add(input.as_of, cfg.rung_rescreen_days),
    }
}

fn list_flags(flags: &[RedFlag]) -> String {
    let names: Vec<String> = flags
        .iter()
        .map(|flag| flag.question().to_lowercase())
        .collect();
    names.join("; ")
}

pub(crate) fn fmt_s(seconds: f64) -> String {
    if seconds.fract() == 0.0 {
        format!("{seconds:.0}")
    } else {
        format!("{seconds:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn base() -> ScreeningInput {
        ScreeningInput {
            as_of: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            person: Person::default(),
            red_flags: vec![],
            health: vec![],
            cleared: vec![],
            pain_now: PainScore::parse(2).unwrap(),
            episode_onset: None,
            previous_episodes: 3,
            leg_symptoms: LegSymptoms::None,
            disc_diagnosed: false,
            disc_cleared: false,
            radicular_cleared: false,
            biering_sorensen_s: Some(95.0),
            startback: None,
            tsk11_total: None,
            odi_score: None,
            stage: Stage::None,
            clean_sessions_at_stage: 0,
            coached_sessions: 0,
        }
    }

    fn ids(result: &Screening) -> Vec<&str> {
        result.reasons.iter().map(|reason| reason.rule.id).collect()
    }

    #[test]
    fn acute_episode_with_short_hold_rests_and_lists_both_reasons() {
        let mut input = base();
        input.episode_onset = NaiveDate::from_ymd_opt(2026, 11, 20);
        input.biering_sorensen_s = Some(40.0);
        let result = screen(&input, &Config::standard());
        assert_eq!(result.decision, ScreenDecision::RelativeRest);
        assert_eq!(ids(&result), ["SCR-ACUTE", "SCR-ENDURANCE"]);
        assert_eq!(result.next_screen, NaiveDate::from_ymd_opt(2026, 12, 4));
    }

    #[test]
    fn the_example_record_is_cleared_for_the_kettlebell() {
        let result = screen(&base(), &Config::standard());
        assert_eq!(result.decision, ScreenDecision::Kettlebell);
        assert_eq!(ids(&result), ["SCR-LADDER"]);
        assert_eq!(result.next_screen, NaiveDate::from_ymd_opt(2026, 12, 22));
        let advice: Vec<&str> = result.advice.iter().map(|a| a.rule.id).collect();
        assert_eq!(advice, ["ADV-COACH", "ADV-RECUR"]);
        assert!(result.programme.is_empty());
    }

    #[test]
    fn an_emergency_lists_no_training_reason() {
        let mut input = base();
        input.red_flags = vec![RedFlag::SaddleNumbness];
        input.biering_sorensen_s = None;
        input.pain_now = PainScore::parse(8).unwrap();
        let result = screen(&input, &Config::standard());
        assert_eq!(result.decision, ScreenDecision::Emergency);
        assert_eq!(ids(&result), ["SCR-CES"]);
        assert!(result.advice.is_empty());
        assert!(result.reasons[0].message.contains("cauda equina syndrome"));
    }

    #[test]
    fn a_cleared_flag_does_not_fire_and_is_named_in_advice() {
        let mut input = base();
        input.red_flags = vec![RedFlag::Osteoporosis];
        input.cleared = vec![Clearable::Flag(RedFlag::Osteoporosis)];
        let result = screen(&input, &Config::standard());
        assert_eq!(result.decision, ScreenDecision::Kettlebell);
        assert!(result.advice.iter().any(|a| a.rule.id == "ADV-CLEARED"));
    }
}
