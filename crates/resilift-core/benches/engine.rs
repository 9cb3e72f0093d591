//! Criterion benchmarks: one readiness screen, and the next session over a year of weekly
//! deadlift sessions.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use resilift_core::Config;
use resilift_core::domain::{LegSymptoms, PainScore, Rpe, Stage};
use resilift_core::pain::SessionPain;
use resilift_core::prescribe::{
    Equipment, Exercise, NextInput, SessionLog, SetLog, Units, next_session,
};
use resilift_core::screen::{Person, ScreeningInput, screen};

fn screening() -> ScreeningInput {
    ScreeningInput {
        as_of: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default(),
        person: Person::default(),
        red_flags: vec![],
        health: vec![],
        cleared: vec![],
        pain_now: PainScore::parse(2).unwrap_or_else(|_| unreachable!()),
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
        stage: Stage::TrapBar,
        clean_sessions_at_stage: 3,
        coached_sessions: 4,
    }
}

fn year_of_sessions() -> NextInput {
    let start = NaiveDate::from_ymd_opt(2025, 11, 25).unwrap_or_default();
    let pain = |v| PainScore::parse(v).unwrap_or_else(|_| unreachable!());
    let rpe = Rpe::parse(6.5).unwrap_or_else(|_| unreachable!());
    let sessions = (0..52u64)
        .map(|week| SessionLog {
            date: start.checked_add_days(Days::new(week * 7)).unwrap_or(start),
            exercise: Exercise::TrapBar,
            completed: true,
            sets: vec![
                SetLog {
                    load: 50.0 + 2.5 * (week % 8) as f64,
                    reps: 5,
                    rpe: Some(rpe)
                };
                3
            ],
            pain: SessionPain {
                before: pain(2),
                during_max: pain(2),
                after: pain(2),
                next_morning: Some(pain(1)),
            },
            faults: vec![],
            red_flags: vec![],
            leg_symptoms: Some(LegSymptoms::None),
            screened_after: false,
        })
        .collect();
    NextInput {
        as_of: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default(),
        stage: Stage::TrapBar,
        equipment: Equipment::standard(Units::Kg),
        sessions,
        rescreen_due: None,
        triage: None,
        foundation: Vec::new(),
        ceiling: None,
        imported: Vec::new(),
        kept_signs: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let cfg = Config::standard();
    let record = screening();
    c.bench_function("screen", |b| {
        b.iter(|| screen(black_box(&record), black_box(&cfg)));
    });
    let history = year_of_sessions();
    c.bench_function("next_52_sessions", |b| {
        b.iter(|| next_session(black_box(&history), black_box(&cfg)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
