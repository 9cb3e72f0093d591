//! Invariants that must hold for every input: red flags win with their own tier, urgent
//! decisions carry no training content, acute onset never yields a rung, sex, body size and fear
//! scores never change a screen, and no prescription breaks the load, response, missing-answer,
//! stop or spacing rules.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use resilift_core::Config;
use resilift_core::domain::{
    Clearable, HealthItem, LegSymptoms, PainScore, RedFlag, Rpe, Sex, Stage,
};
use resilift_core::flare::FlareDecision;
use resilift_core::form::Fault;
use resilift_core::pain::{PainColour, SessionPain};
use resilift_core::prescribe::{
    self, Ceiling, Equipment, Exercise, ImportedLog, NextDecision, NextInput, SessionLog, SetLog,
    StopUrgency, TriageResult, Units,
};
use resilift_core::screen::{Person, ScreenDecision, ScreeningInput, screen};
use resilift_core::{evidence, rules};

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
}

fn stage() -> impl Strategy<Value = Stage> {
    prop_oneof![
        Just(Stage::None),
        Just(Stage::Foundation),
        Just(Stage::Kettlebell),
        Just(Stage::TrapBar),
        Just(Stage::Barbell)
    ]
}

fn person() -> impl Strategy<Value = Person> {
    (
        proptest::option::of(16u32..95),
        proptest::option::of(prop_oneof![
            Just(Sex::Male),
            Just(Sex::Female),
            Just(Sex::Other)
        ]),
        proptest::option::of(140.0f64..210.0),
        proptest::option::of(40.0f64..200.0),
    )
        .prop_map(|(age, sex, height_cm, weight_kg)| Person {
            age,
            sex,
            height_cm,
            weight_kg,
        })
}

prop_compose! {
    fn screening()(
        person in person(),
        flags in proptest::sample::subsequence(RedFlag::ALL.to_vec(), 0..3),
        health in proptest::sample::subsequence(HealthItem::ALL.to_vec(), 0..3),
        cleared in proptest::sample::subsequence(Clearable::all(), 0..4),
        pain in 0i64..=10,
        onset_days in proptest::option::of(0u64..120),
        previous in 0u32..6,
        leg in prop_oneof![Just(LegSymptoms::None), Just(LegSymptoms::AboveKnee), Just(LegSymptoms::BelowKnee)],
        disc in any::<(bool, bool)>(),
        radicular_cleared in any::<bool>(),
        hold in proptest::option::of(0.0f64..240.0),
        tsk in proptest::option::of(11u32..=44),
        stage in stage(),
        clean in 0u32..6,
        coached in 0u32..4,
    ) -> ScreeningInput {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        ScreeningInput {
            as_of,
            person,
            red_flags: flags,
            health,
            cleared,
            pain_now: PainScore::parse(pain).unwrap(),
            episode_onset: onset_days.map(|d| as_of.checked_sub_days(Days::new(d)).unwrap()),
            previous_episodes: previous,
            leg_symptoms: leg,
            disc_diagnosed: disc.0,
            disc_cleared: disc.1,
            radicular_cleared,
            biering_sorensen_s: hold,
            startback: None,
            tsk11_total: tsk,
            odi_score: None,
            stage,
            clean_sessions_at_stage: clean,
            coached_sessions: coached,
        }
    }
}

const URGENT_RULES: [&str; 7] = [
    "SCR-CES",
    "SCR-URGENT",
    "SCR-REDFLAG",
    "SCR-GENERAL",
    "SCR-AGE",
    "SCR-DISC",
    "SCR-RADICULAR",
];

fn tier_decision(flag: RedFlag) -> ScreenDecision {
    match flag.urgency() {
        resilift_core::domain::Urgency::Emergency => ScreenDecision::Emergency,
        resilift_core::domain::Urgency::SameDay => ScreenDecision::SameDay,
        resilift_core::domain::Urgency::SeeClinician => ScreenDecision::SeeClinician,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_uncleared_red_flag_wins_with_its_tier(mut input in screening(), flag in proptest::sample::select(RedFlag::ALL.to_vec())) {
        if !input.red_flags.contains(&flag) {
            input.red_flags.push(flag);
        }
        input.cleared.retain(|c| *c != Clearable::Flag(flag));
        let result = screen(&input, &Config::standard());
        let expected = input
            .red_flags
            .iter()
            .filter(|f| !input.cleared.contains(&Clearable::Flag(**f)))
            .map(|f| tier_decision(*f))
            .min()
            .unwrap();
        prop_assert_eq!(result.decision, expected);
        prop_assert!(result.next_screen.is_none());
        prop_assert!(result.programme.is_empty());
    }

    #[test]
    fn no_urgent_decision_carries_a_training_reason_or_advice(input in screening()) {
        let result = screen(&input, &Config::standard());
        if result.decision.urgency().is_some() {
            for reason in &result.reasons {
                prop_assert!(URGENT_RULES.contains(&reason.rule.id), "{} on {:?}", reason.rule.id, result.decision);
            }
            for advice in &result.advice {
                prop_assert!(result.decision == ScreenDecision::SeeClinician && advice.rule.id == "ADV-PSYCH", "{} on {:?}", advice.rule.id, result.decision);
            }
            prop_assert!(result.programme.is_empty());
        }
    }

    #[test]
    fn acute_onset_never_yields_a_rung(mut input in screening(), days in 0u64..14) {
        input.episode_onset = input.as_of.checked_sub_days(Days::new(days));
        let result = screen(&input, &Config::standard());
        prop_assert!(!result.decision.is_rung());
        if result.decision.urgency().is_none() {
            prop_assert!(result.reasons.iter().any(|r| r.rule.id == "SCR-ACUTE"));
        }
    }

    #[test]
    fn a_new_episode_restarts_the_ladder_at_the_kettlebell(mut input in screening(), days in 0u64..42) {
        input.episode_onset = input.as_of.checked_sub_days(Days::new(days));
        let result = screen(&input, &Config::standard());
        prop_assert!(result.decision <= ScreenDecision::Kettlebell);
    }

    #[test]
    fn sex_body_size_and_fear_never_change_the_screen(input in screening(), other in person(), tsk in proptest::option::of(11u32..=44)) {
        let cfg = Config::standard();
        let mut changed = input.clone();
        changed.person = other;
        // Age is a red-flag factor (SCR-AGE), so it stays as it was.
        changed.person.age = input.person.age;
        changed.tsk11_total = tsk;
        let (a, b) = (screen(&input, &cfg), screen(&changed, &cfg));
        prop_assert_eq!(a.decision, b.decision);
        let ids = |s: &resilift_core::screen::Screening| s.reasons.iter().map(|r| r.rule.id).collect::<Vec<_>>();
        prop_assert_eq!(ids(&a), ids(&b));
        prop_assert_eq!(a.next_screen, b.next_screen);
    }

    #[test]
    fn every_screen_gives_at_least_one_reason_with_evidence(input in screening()) {
        let result = screen(&input, &Config::standard());
        prop_assert!(!result.reasons.is_empty());
        for reason in &result.reasons {
            prop_assert!(reason.rule.sources().count() >= 1);
        }
        prop_assert_eq!(result.decision == ScreenDecision::Foundation, !result.programme.is_empty());
    }
}

fn rpe() -> impl Strategy<Value = Option<Rpe>> {
    proptest::option::of((10u32..=20).prop_map(|half| Rpe::parse(f64::from(half) / 2.0).unwrap()))
}

fn exercise() -> impl Strategy<Value = Exercise> {
    prop_oneof![
        Just(Exercise::Kettlebell),
        Just(Exercise::TrapBar),
        Just(Exercise::Barbell)
    ]
}

prop_compose! {
    fn session()(
        gap in 1u64..16,
        exercise in exercise(),
        completed in prop::bool::weighted(0.9),
        sets in proptest::collection::vec((4u32..80, 1u32..10, rpe()), 1..4),
        pain in (0i64..=6, 0i64..=8, 0i64..=8, proptest::option::of(0i64..=7)),
        faults in proptest::sample::subsequence(Fault::ALL.to_vec(), 0..2),
        flagged in prop::bool::weighted(0.03),
        leg in prop_oneof![
            8 => Just(Some(LegSymptoms::None)),
            1 => Just(Some(LegSymptoms::AboveKnee)),
            1 => Just(None),
        ],
    ) -> (u64, SessionLog) {
        let score = |v| PainScore::parse(v).unwrap();
        (gap, SessionLog {
            date: day0(),
            exercise,
            completed,
            sets: sets.into_iter().map(|(load, reps, rpe)| SetLog { load: f64::from(load) * 2.5, reps, rpe }).collect(),
            pain: SessionPain { before: score(pain.0), during_max: score(pain.1), after: score(pain.2), next_morning: pain.3.map(score) },
            faults,
            red_flags: if flagged { vec![RedFlag::Osteoporosis] } else { vec![] },
            leg_symptoms: leg,
            screened_after: false,
        })
    }
}

prop_compose! {
    fn history()(items in proptest::collection::vec(session(), 0..60), lag in 0u64..40, stage in stage(), lb in any::<bool>(), due in proptest::option::of(0u64..40)) -> NextInput {
        let mut date = day0();
        let mut sessions = Vec::new();
        for (gap, mut log) in items {
            date = date.checked_add_days(Days::new(gap)).unwrap();
            log.date = date;
            sessions.push(log);
        }
        let units = if lb { Units::Lb } else { Units::Kg };
        let as_of = date.checked_add_days(Days::new(lag)).unwrap();
        let rescreen_due = due.map(|d| date.checked_add_days(Days::new(d)).unwrap());
        NextInput { as_of, stage, equipment: Equipment::standard(units), sessions, rescreen_due, triage: None, foundation: vec![], ceiling: None, imported: vec![], kept_signs: vec![] }
    }
}

fn best_e1rm(input: &NextInput, exercise: Exercise) -> Option<f64> {
    let here: Vec<&SessionLog> = input
        .sessions
        .iter()
        .filter(|s| s.exercise == exercise)
        .collect();
    let best = |s: &SessionLog| {
        s.sets
            .iter()
            .filter_map(|set| {
                set.rpe
                    .filter(|r| r.get() >= 6.0)
                    .and_then(|r| resilift_core::formulas::epley_rir(set.load, set.reps, r).ok())
            })
            .reduce(f64::max)
    };
    let recent = here
        .iter()
        .rev()
        .take(3)
        .filter_map(|s| best(s))
        .reduce(f64::max);
    recent.or_else(|| here.iter().rev().find_map(|s| best(s)))
}

prop_compose! {
    fn ceiling()(load in proptest::option::of(8u32..200), pct in proptest::option::of(10u32..=80)) -> Ceiling {
        Ceiling { load: load.map(|l| f64::from(l) * 0.5 + 0.25), share: pct.map(|p| f64::from(p) / 100.0) }
    }
}

prop_compose! {
    /// Sessions imported from another app, dated from 400 days before day 0 to 200 days after.
    fn imported()(items in proptest::collection::vec((0u64..600, exercise(), proptest::collection::vec((4u32..120, 1u32..20, proptest::option::of(rpe())), 1..5)), 0..8)) -> Vec<ImportedLog> {
        let start = day0().checked_sub_days(Days::new(400)).unwrap();
        items.into_iter().map(|(offset, exercise, sets)| ImportedLog {
            date: start.checked_add_days(Days::new(offset)).unwrap(),
            exercise,
            sets: sets.into_iter().map(|(load, reps, rpe)| SetLog { load: f64::from(load) * 2.5, reps, rpe: rpe.flatten() }).collect(),
        }).collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// PRX-IMPORT: imported sessions (no pain answers) never move anyone up the ladder, never
    /// turn a plan into a raise, change nothing while the sessions logged here give an
    /// estimate, and the loads they lead to stay within the band of their estimate.
    #[test]
    fn imported_history_never_raises_a_load_or_moves_the_ladder(input in history(), imports in imported()) {
        let cfg = Config::standard();
        let free = prescribe::next_session(&input, &cfg);
        let with = prescribe::next_session(&NextInput { imported: imports, ..input.clone() }, &cfg);
        prop_assert_eq!(with.exercise, free.exercise);
        prop_assert!(with.decision != NextDecision::Progress || free.decision == NextDecision::Progress, "{:?} after {:?}", with.decision, free.decision);
        if let Some(exercise) = Exercise::of_stage(with.exercise)
            && best_e1rm(&input, exercise).is_some()
        {
            prop_assert_eq!(with.decision, free.decision);
            prop_assert_eq!(with.date, free.date);
            prop_assert_eq!(with.e1rm, free.e1rm);
            prop_assert_eq!(&with.sets, &free.sets);
            prop_assert_eq!(&with.warmups, &free.warmups);
        }
        if let Some(e1rm) = with.e1rm {
            for set in &with.sets {
                prop_assert!(set.load <= cfg.prescription.max_pct * e1rm + 1e-6);
            }
        }
        if free.sets.is_empty() && !with.sets.is_empty() {
            prop_assert!(with.reasons.iter().any(|r| r.rule.id == "PRX-IMPORT"), "loads from imports without saying so");
            let e1rm = with.e1rm.unwrap();
            // The first working sets start at 65% of the imported estimate; after two or more
            // sessions logged at the rung (none of them rated), the plan may keep a load
            // already lifted here, never more.
            let exercise = Exercise::of_stage(with.exercise).unwrap();
            let logged: Vec<&SessionLog> = input.sessions.iter().filter(|s| s.exercise == exercise).collect();
            let lifted = logged.iter().flat_map(|s| s.sets.iter().map(|set| set.load)).fold(0.0, f64::max);
            let start = cfg.prescription.start_pct * e1rm;
            let limit = if logged.len() <= 1 { start } else { start.max(lifted) };
            for set in &with.sets {
                prop_assert!(set.load <= limit + 1e-6, "{} above 65% of {} and above {} lifted here", set.load, e1rm, lifted);
            }
        }
    }

    /// PRX-CLINICIAN: a clinician's ceiling is never exceeded, never raises a load the rules
    /// would not give, and never turns a hold or a reduction into a raise.
    #[test]
    fn a_clinicians_ceiling_only_ever_lowers_the_plan(input in history(), ceiling in ceiling()) {
        let cfg = Config::standard();
        let free = prescribe::next_session(&input, &cfg);
        let capped_input = NextInput { ceiling: Some(ceiling), ..input.clone() };
        let capped = prescribe::next_session(&capped_input, &cfg);
        prop_assert!(capped.decision <= free.decision, "{:?} after {:?}", capped.decision, free.decision);
        prop_assert_eq!(capped.exercise, free.exercise);
        if let Some(limit) = ceiling.limit(capped.e1rm) {
            for set in &capped.sets {
                prop_assert!(set.load <= limit + 1e-6, "{} over the clinician's {}", set.load, limit);
            }
        }
        let heaviest = |plan: &prescribe::NextSession| plan.sets.iter().map(|s| s.load).fold(0.0, f64::max);
        prop_assert!(heaviest(&capped) <= heaviest(&free) + 1e-6);
        if let Some(e1rm) = capped.e1rm {
            for set in &capped.sets {
                prop_assert!(set.load <= cfg.prescription.max_pct * e1rm + 1e-6);
            }
        }
        if heaviest(&capped) < heaviest(&free) - 1e-6 {
            prop_assert!(capped.reasons.iter().any(|r| r.rule.id == "PRX-CLINICIAN"), "the ceiling changed the loads without saying so");
        }
    }

    #[test]
    fn no_prescription_exceeds_the_ceiling(input in history()) {
        let cfg = Config::standard();
        let plan = prescribe::next_session(&input, &cfg);
        if let Some(exercise) = Exercise::of_stage(plan.exercise) {
            match best_e1rm(&input, exercise) {
                None => prop_assert!(plan.sets.is_empty(), "working sets without an e1RM"),
                Some(e1rm) => {
                    if !plan.sets.is_empty() {
                        prop_assert_eq!(plan.e1rm, Some(e1rm));
                    }
                    for load in plan.sets.iter().map(|s| s.load).chain(plan.warmups.iter().map(|w| w.load)) {
                        prop_assert!(load <= cfg.prescription.max_pct * e1rm + 1e-6, "{} > 80% of {}", load, e1rm);
                    }
                }
            }
            for set in &plan.sets {
                prop_assert!(set.target_rpe <= 8.0);
            }
        }
    }

    #[test]
    fn load_never_rises_after_amber_red_or_a_fault(input in history()) {
        let cfg = Config::standard();
        let plan = prescribe::next_session(&input, &cfg);
        let mut sorted = input.sessions.clone();
        sorted.sort_by_key(|s| s.date);
        let Some(last) = sorted.last() else { return Ok(()) };
        let pains: Vec<SessionPain> = sorted.iter().map(|s| s.pain).collect();
        let colour = *resilift_core::pain::colours(&pains, &cfg.pain).last().unwrap();
        let missing_answer = last.sets.last().is_none_or(|set| set.rpe.is_none())
            || last.leg_symptoms != Some(LegSymptoms::None);
        let troubled = matches!(colour, PainColour::Amber | PainColour::Red | PainColour::Pending)
            || !last.faults.is_empty()
            || missing_answer;
        if troubled && plan.exercise == last.exercise.stage() {
            let last_load = last.sets.iter().map(|s| s.load).fold(0.0, f64::max);
            for set in &plan.sets {
                prop_assert!(set.load <= last_load + 1e-6, "{} after {} ({:?}, faults {:?})", set.load, last_load, colour, last.faults);
            }
            prop_assert!(plan.decision != NextDecision::Progress);
        }
    }

    #[test]
    fn sessions_are_never_closer_than_six_days(input in history()) {
        let plan = prescribe::next_session(&input, &Config::standard());
        prop_assert!(plan.date >= input.as_of);
        if let Some(last) = input.sessions.iter().map(|s| s.date).max() {
            prop_assert!((plan.date - last).num_days() >= 6);
        }
    }

    #[test]
    fn a_reported_red_flag_stops_everything_with_its_tier(mut input in history(), flag in proptest::sample::select(RedFlag::ALL.to_vec())) {
        if let Some(last) = input.sessions.last_mut() {
            last.red_flags.push(flag);
            let plan = prescribe::next_session(&input, &Config::standard());
            prop_assert_eq!(plan.decision, NextDecision::Stop);
            prop_assert!(plan.sets.is_empty() && plan.warmups.is_empty());
            let urgency = plan.urgency.and_then(StopUrgency::tier);
            prop_assert!(urgency.is_some_and(|u| u <= flag.urgency()), "{:?} for {:?}", plan.urgency, flag);
        }
    }

    #[test]
    fn below_knee_symptoms_or_flare_pain_always_stop(mut input in history(), below in any::<bool>(), worst in 7i64..=10) {
        if let Some(last) = input.sessions.iter_mut().max_by_key(|s| s.date) {
            if below {
                last.leg_symptoms = Some(LegSymptoms::BelowKnee);
            } else {
                last.pain.after = PainScore::parse(worst).unwrap();
            }
            let plan = prescribe::next_session(&input, &Config::standard());
            prop_assert_eq!(plan.decision, NextDecision::Stop);
            prop_assert!(plan.sets.is_empty() && plan.warmups.is_empty());
            prop_assert!(plan.urgency.is_some());
        }
    }

    /// What a corrected or deleted log reported (a warning sign, below-knee symptoms or
    /// flare-level pain) stops loading whatever else the history holds, with at least the
    /// sign's own tier: no sequence of corrections and deletions lifts it before a screening.
    #[test]
    fn a_sign_kept_from_a_corrected_or_deleted_log_always_stops(
        input in history(),
        flag in proptest::option::of(proptest::sample::select(RedFlag::ALL.to_vec())),
        below_knee in any::<bool>(),
        worst in 0u8..=10,
        ago in 0u64..30,
        deleted in any::<bool>(),
    ) {
        let flare = worst >= Config::standard().prescription.flare_pain;
        prop_assume!(flag.is_some() || below_knee || flare);
        let kept = prescribe::KeptSign {
            date: input.as_of.checked_sub_days(Days::new(ago)).unwrap(),
            red_flags: flag.into_iter().collect(),
            below_knee,
            worst_pain: Some(worst),
            deleted,
        };
        let plan = prescribe::next_session(&NextInput { kept_signs: vec![kept], ..input }, &Config::standard());
        prop_assert_eq!(plan.decision, NextDecision::Stop);
        prop_assert!(plan.sets.is_empty() && plan.warmups.is_empty());
        if let Some(flag) = flag {
            let urgency = plan.urgency.and_then(StopUrgency::tier);
            prop_assert!(urgency.is_some_and(|u| u <= flag.urgency()), "{:?} for {:?}", plan.urgency, flag);
        }
    }

    /// A day of foundation work is a log like any other: a warning sign on it stops loading
    /// with its tier, and leg symptoms below the knee or flare-level pain on the newest log
    /// stop loading too.
    #[test]
    fn a_foundation_day_stops_loading_like_a_session(
        mut input in history(),
        what in 0u8..3,
        flag in proptest::sample::select(RedFlag::ALL.to_vec()),
        worst in 7i64..=10,
    ) {
        let score = |v| PainScore::parse(v).unwrap();
        let mut day = resilift_core::foundation::FoundationDay {
            date: input.as_of,
            pain: SessionPain { before: score(1), during_max: score(2), after: score(1), next_morning: None },
            leg_symptoms: LegSymptoms::None,
            red_flags: vec![],
            screened_after: false,
        };
        match what {
            0 => day.red_flags.push(flag),
            1 => day.leg_symptoms = LegSymptoms::BelowKnee,
            _ => day.pain.during_max = score(worst),
        }
        input.foundation.push(day);
        let plan = prescribe::next_session(&input, &Config::standard());
        prop_assert_eq!(plan.decision, NextDecision::Stop);
        prop_assert!(plan.sets.is_empty() && plan.warmups.is_empty() && plan.programme.is_empty());
        let urgency = plan.urgency;
        prop_assert!(urgency.is_some());
        if what == 0 {
            prop_assert!(urgency.and_then(StopUrgency::tier).is_some_and(|u| u <= flag.urgency()), "{:?} for {:?}", urgency, flag);
        }
        // Answered by a later screening, the same day stops nothing of its own.
        if let Some(day) = input.foundation.last_mut() {
            day.screened_after = true;
        }
        let answered = prescribe::next_session(&input, &Config::standard());
        let own = answered.reasons.iter().any(|r| r.message.contains("foundation work on") || r.message.contains("during or after your foundation work"));
        prop_assert!(!own, "{:?}", answered.reasons);
    }

    #[test]
    fn an_urgent_triage_stops_and_self_care_rescreens(mut input in history(), outcome in prop_oneof![
        Just(FlareDecision::Emergency), Just(FlareDecision::SameDay), Just(FlareDecision::SeeClinician),
        Just(FlareDecision::Persistent), Just(FlareDecision::SelfCare)
    ]) {
        input.triage = Some(TriageResult { date: input.as_of, onset: input.as_of, outcome });
        let plan = prescribe::next_session(&input, &Config::standard());
        prop_assert!(plan.sets.is_empty());
        if outcome == FlareDecision::SelfCare {
            prop_assert!(matches!(plan.decision, NextDecision::Stop | NextDecision::Rescreen));
            prop_assert!(plan.date >= input.as_of.checked_add_days(Days::new(14)).unwrap());
        } else {
            prop_assert_eq!(plan.decision, NextDecision::Stop);
        }
    }

    #[test]
    fn urgency_comes_with_stop_and_only_with_stop(input in history()) {
        let plan = prescribe::next_session(&input, &Config::standard());
        prop_assert_eq!(plan.urgency.is_some(), plan.decision == NextDecision::Stop);
    }

    #[test]
    fn an_overdue_rescreen_never_loads(mut input in history(), days in 0u64..30) {
        input.rescreen_due = input.as_of.checked_sub_days(Days::new(days));
        let plan = prescribe::next_session(&input, &Config::standard());
        prop_assert!(matches!(plan.decision, NextDecision::Stop | NextDecision::Rescreen));
        prop_assert!(plan.sets.is_empty());
    }

    #[test]
    fn every_prescription_has_a_reason(input in history()) {
        let plan = prescribe::next_session(&input, &Config::standard());
        prop_assert!(!plan.reasons.is_empty());
    }
}

#[test]
fn every_cited_id_exists_and_every_rule_has_a_citation() {
    for rule in rules::RULES {
        assert!(!rule.citations.is_empty(), "{}", rule.id);
        for id in rule.citations {
            assert!(evidence::citation(id).is_some(), "{} cites {id}", rule.id);
        }
    }
    for option in resilift_core::flare::CARE_OPTIONS {
        for id in option.citations {
            assert!(evidence::citation(id).is_some(), "{} cites {id}", option.id);
        }
    }
}

/// The heaviest set of the last session at `exercise`, as the summary compares against it.
fn last_top_set(input: &NextInput, exercise: Exercise) -> Option<(f64, u32)> {
    let mut sorted: Vec<&SessionLog> = input.sessions.iter().collect();
    sorted.sort_by_key(|s| s.date);
    sorted
        .iter()
        .rev()
        .find(|s| s.exercise == exercise)
        .and_then(|s| {
            s.sets
                .iter()
                .map(|set| (set.load, set.reps))
                .reduce(|a, b| if b.0 > a.0 { b } else { a })
        })
}

prop_compose! {
    /// A history of training at one rung, loads near each other, mostly clean: the histories
    /// where the plan does prescribe loads, so that every comparison is exercised.
    fn training()(
        exercise in exercise(),
        start in 14u32..40,
        steps in proptest::collection::vec((0u32..4, prop_oneof![Just(-6i32), Just(-3), Just(-1), Just(0), Just(0), Just(1)], 3u32..9, prop_oneof![2 => (10u32..=14).prop_map(Some), 2 => (12u32..=19).prop_map(Some), 1 => Just(None)], prop_oneof![2 => 0i64..=2, 1 => 0i64..=6], prop_oneof![9 => (0i64..=2).prop_map(Some), 1 => Just(None)], prop::bool::weighted(0.1), prop::bool::weighted(0.9)), 1..14),
        lag in 6u64..20,
        lb in any::<bool>(),
    ) -> NextInput {
        let mut date = day0();
        let mut load = start;
        let mut sessions = Vec::new();
        for (sets, change, reps, rpe, worst, morning, fault, completed) in steps {
            date = date.checked_add_days(Days::new(7)).unwrap();
            load = load.saturating_add_signed(change).max(4);
            let score = |v| PainScore::parse(v).unwrap();
            let rpe = rpe.map(|half| Rpe::parse(f64::from(half) / 2.0).unwrap());
            sessions.push(SessionLog {
                date,
                exercise,
                completed,
                sets: (0..=sets).map(|_| SetLog { load: f64::from(load) * 2.5, reps, rpe }).collect(),
                pain: SessionPain { before: score(1), during_max: score(worst), after: score(worst.min(3)), next_morning: morning.map(score) },
                faults: if fault { vec![Fault::JerkyStart] } else { vec![] },
                red_flags: vec![],
                leg_symptoms: Some(LegSymptoms::None),
                screened_after: false,
            });
        }
        let units = if lb { Units::Lb } else { Units::Kg };
        let as_of = date.checked_add_days(Days::new(lag)).unwrap();
        NextInput { as_of, stage: exercise.stage(), equipment: Equipment::standard(units), sessions, rescreen_due: None, triage: None, foundation: vec![], ceiling: None, imported: vec![], kept_signs: vec![] }
    }
}

fn any_history() -> impl Strategy<Value = NextInput> {
    prop_oneof![history(), training()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// Words that match numbers: the summary names the sets as prescribed, and every word that
    /// compares with last time (heavier, lighter, the same, up, down) says what the loads do.
    #[test]
    fn the_words_agree_with_the_numbers(input in any_history()) {
        let plan = prescribe::next_session(&input, &Config::standard());
        let units = input.equipment.units.as_str();
        let text = std::iter::once(plan.summary.clone())
            .chain(plan.reasons.iter().map(|r| r.message.clone()))
            .collect::<Vec<_>>()
            .join(" | ");
        prop_assert!(!plan.summary.is_empty());
        let Some(first) = plan.sets.first() else {
            for word in ["heavier", "lighter than last", "same load as last", "goes up", "comes down from", "adds reps"] {
                prop_assert!(!text.contains(word), "`{}` without working sets: {}", word, text);
            }
            return Ok(());
        };
        let load = format!("{} {units}", prescribe::fmt_load(first.load));
        prop_assert!(plan.summary.contains(&format!("{} × {} at {load}", plan.sets.len(), first.reps)), "{}", plan.summary);
        let exercise = Exercise::of_stage(plan.exercise).unwrap();
        let last = last_top_set(&input, exercise);
        let next = (first.load * 100.0).round();
        let compare = last.map(|(l, reps)| ((l * 100.0).round(), reps));
        let heavier = compare.is_some_and(|(l, _)| next > l);
        let lighter = compare.is_some_and(|(l, _)| next < l);
        let same = compare.is_some_and(|(l, _)| next == l);
        prop_assert_eq!(plan.summary.contains("heavier than last time"), heavier, "{}", text);
        prop_assert_eq!(plan.summary.contains("lighter than last time"), lighter, "{}", text);
        prop_assert_eq!(plan.summary.contains("same load as last time"), same, "{}", text);
        let last_reps = compare.map_or(0, |(_, reps)| reps);
        prop_assert_eq!(plan.summary.contains("with more reps"), same && first.reps > last_reps, "{}", text);
        prop_assert_eq!(plan.summary.contains("with fewer reps"), same && first.reps < last_reps, "{}", text);
        if text.contains("goes up one step") {
            prop_assert!(heavier, "says up: {}", text);
            prop_assert_eq!(plan.decision, NextDecision::Progress);
        }
        if text.contains("comes down from") {
            prop_assert!(lighter, "says down: {}", text);
        }
        if text.contains("keep the same load") {
            prop_assert!(!heavier && !lighter, "says same: {}", text);
        }
        if text.contains("adds reps") {
            prop_assert!(same && compare.is_some_and(|(_, reps)| first.reps > reps), "says more reps: {}", text);
        }
        if let Some((from, _)) = last.filter(|_| heavier || lighter) {
            prop_assert!(plan.summary.contains(&format!("({} {units}", prescribe::fmt_load(from))), "{}", plan.summary);
        }
    }
}
