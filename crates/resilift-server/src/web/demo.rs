//! `resilift serve --demo`: a demo lifter and a demo clinician with four months of history, so a
//! newcomer sees every page with real-looking data. Seeded once; later starts reuse it.

use chrono::{Duration, NaiveDate, TimeZone as _, Utc};
use resilift_api::next::{ExerciseDto, SessionDto, SessionPainDto, SetDto};
use resilift_api::score::{AssessmentSubmission, ScoreRequest};
use resilift_api::screen::{
    DiscDto, LegSymptomsDto, PainDto, PersonDto, QuestionnairesDto, ScreeningSubmission, SexDto,
    TestsDto, TrainingSubmission,
};

use crate::auth::Role;
use crate::service::accounts::NewAccount;
use crate::service::links::OverrideRequest;
use crate::service::sessions::CheckIn;
use crate::{AppState, Clock};

/// Sign-in details of the demo accounts.
pub const LIFTER: (&str, &str) = ("demo.lifter@resilift.example", "demo-lifter-pass");
/// Sign-in details of the demo clinician.
pub const CLINICIAN: (&str, &str) = ("demo.clinician@resilift.example", "demo-clinician-pass");

/// The same state with its clock stopped at `hour` o'clock on `day`, so that each demo record is
/// written as it would have been on that day.
fn on(state: &AppState, day: NaiveDate, hour: u32) -> AppState {
    let instant = Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap_or_default());
    state.with_clock(Clock::Fixed(instant))
}

/// One demo week: week number, exercise, load, worst pain during, pain before, next morning.
type Week = (i64, ExerciseDto, f64, i64, i64, Option<i64>);

/// A screening as the demo lifter answers it, with this extensor hold.
fn screening(hold: f64) -> ScreeningSubmission {
    ScreeningSubmission {
        as_of: None,
        person: PersonDto {
            age: Some(38),
            sex: Some(SexDto::Female),
            height_cm: Some(168.0),
            weight_kg: Some(66.0),
        },
        red_flags: Vec::new(),
        health: Vec::new(),
        cleared_flags: None,
        pain: PainDto {
            now: 2,
            current_episode_onset: None,
            previous_episodes: 2,
            leg_symptoms: LegSymptomsDto::None,
        },
        disc: DiscDto {
            diagnosed: false,
            cleared: false,
        },
        radicular_cleared: false,
        tests: TestsDto {
            biering_sorensen_s: Some(hold),
        },
        questionnaires: QuestionnairesDto::default(),
        training: TrainingSubmission {
            stage: None,
            clean_sessions_at_stage: None,
            coached_sessions: 3,
        },
    }
}

/// A logged session of three sets of five.
fn session(
    day: NaiveDate,
    exercise: ExerciseDto,
    load: f64,
    pain: (i64, i64),
    faults: Vec<String>,
) -> SessionDto {
    let (before, during) = pain;
    let set = |rpe| SetDto {
        load,
        reps: 5,
        rpe: Some(rpe),
    };
    SessionDto {
        date: day.to_string(),
        exercise,
        completed: true,
        sets: vec![set(7.0), set(7.0), set(7.5)],
        pain: SessionPainDto {
            before,
            during_max: during,
            after: before,
            next_morning: None,
        },
        faults,
        red_flags: Vec::new(),
        leg_symptoms: Some(LegSymptomsDto::None),
    }
}

/// Creates the demo accounts and history unless they exist.
///
/// # Errors
/// The store refused a write.
pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    if state.store().account_by_email(LIFTER.0).await?.is_some() {
        return Ok(());
    }
    let err = |e: crate::error::ApiError| anyhow::anyhow!(e.body.error);
    let today = state.now().date_naive();
    let start = today - Duration::weeks(16);
    let first = on(state, start, 7);
    let lifter = crate::service::accounts::create(
        &first,
        NewAccount {
            email: LIFTER.0.into(),
            password: LIFTER.1.into(),
            role: Role::Lifter,
            time_zone: None,
            units: None,
            clinician_invite: None,
        },
        None,
    )
    .await
    .map_err(err)?;
    let clinician = crate::service::accounts::create(
        &first,
        NewAccount {
            email: CLINICIAN.0.into(),
            password: CLINICIAN.1.into(),
            role: Role::Clinician,
            time_zone: None,
            units: None,
            clinician_invite: None,
        },
        None,
    )
    .await
    .map_err(err)?;
    let invite = crate::service::links::make_invite(&first, &lifter.id)
        .await
        .map_err(err)?;
    crate::service::links::redeem(&first, &clinician.id, &invite.code)
        .await
        .map_err(err)?;

    // Week by week, in order, each record on its own day: a timed hold and a screening every few
    // weeks (the rung each finds comes from the record), the clinician's ODI, a weekly session
    // with its morning check-in (the last one waits for today's), and the clinician's note when
    // the barbell is cleared. Kettlebell for six weeks, trap bar for five, then a barbell
    // calibration and a first working session.
    let screenings = [(0, 42.0), (2, 76.0), (9, 95.0), (14, 104.0)];
    let odis = [
        (
            1,
            [
                Some(2),
                Some(1),
                Some(3),
                Some(1),
                Some(2),
                Some(2),
                Some(1),
                None,
                Some(2),
                Some(1),
            ],
        ),
        (
            8,
            [
                Some(1),
                Some(0),
                Some(2),
                Some(0),
                Some(1),
                Some(1),
                Some(1),
                None,
                Some(1),
                Some(0),
            ],
        ),
        (
            15,
            [
                Some(1),
                Some(0),
                Some(1),
                Some(0),
                Some(1),
                Some(0),
                Some(0),
                None,
                Some(0),
                Some(0),
            ],
        ),
    ];
    let plan: [Week; 12] = [
        (3, ExerciseDto::Kettlebell, 16.0, 2, 2, Some(2)),
        (4, ExerciseDto::Kettlebell, 16.0, 2, 2, Some(1)),
        (5, ExerciseDto::Kettlebell, 20.0, 2, 2, Some(2)),
        (6, ExerciseDto::Kettlebell, 20.0, 4, 2, Some(2)),
        (7, ExerciseDto::Kettlebell, 20.0, 2, 2, Some(1)),
        (8, ExerciseDto::Kettlebell, 24.0, 2, 1, Some(1)),
        (10, ExerciseDto::TrapBar, 45.0, 2, 1, Some(1)),
        (11, ExerciseDto::TrapBar, 47.5, 2, 1, Some(1)),
        (12, ExerciseDto::TrapBar, 50.0, 2, 2, Some(1)),
        (13, ExerciseDto::TrapBar, 52.5, 3, 2, Some(2)),
        (14, ExerciseDto::Barbell, 50.0, 2, 1, Some(1)),
        (15, ExerciseDto::Barbell, 40.0, 2, 1, None),
    ];
    for week in 0..16 {
        let monday = start + Duration::weeks(week);
        if let Some((_, hold)) = screenings.iter().find(|(w, _)| *w == week) {
            let morning = on(state, monday, 7);
            let timed = AssessmentSubmission {
                taken_on: None,
                request: ScoreRequest::BieringSorensen {
                    seconds: *hold,
                    sex: Some(SexDto::Female),
                    baseline: None,
                },
            };
            crate::service::assessments::save_assessment(&morning, &lifter.id, &lifter.id, timed)
                .await
                .map_err(err)?;
            let later = on(state, monday, 8);
            crate::service::screenings::save_screening(
                &later,
                &lifter.id,
                monday,
                screening(*hold),
            )
            .await
            .map_err(err)?;
        }
        if let Some((_, answers)) = odis.iter().find(|(w, _)| *w == week) {
            let odi = AssessmentSubmission {
                taken_on: None,
                request: ScoreRequest::Odi {
                    answers: answers.to_vec(),
                    baseline: None,
                },
            };
            crate::service::assessments::save_assessment(
                &on(state, monday, 9),
                &lifter.id,
                &clinician.id,
                odi,
            )
            .await
            .map_err(err)?;
        }
        if week == 14 {
            let note = OverrideRequest {
                note: "Well done on the trap bar: the screen clears you for the barbell. Keep the first pull slow and smooth; we review again in four weeks.".into(),
                stage: None,
                ..OverrideRequest::default()
            };
            crate::service::links::save_override(
                &on(state, monday, 12),
                &clinician.id,
                &lifter.id,
                note,
            )
            .await
            .map_err(err)?;
        }
        if let Some((_, exercise, load, during, before, morning)) =
            plan.iter().find(|(w, ..)| *w == week)
        {
            // The last session was yesterday, so its morning check-in is due today.
            let day = today - Duration::days(1) - Duration::weeks(15 - week);
            let faults = if week == 13 {
                vec!["jerky_start".to_owned()]
            } else {
                Vec::new()
            };
            let logged = session(day, *exercise, *load, (*before, *during), faults);
            let saved = crate::service::sessions::save_session(
                &on(state, day, 18),
                &lifter.id,
                day,
                &logged,
            )
            .await
            .map_err(err)?;
            if let Some(score) = morning {
                let next = day + Duration::days(1);
                let answer = CheckIn {
                    next_morning: *score,
                    red_flags: Vec::new(),
                    leg_symptoms: LegSymptomsDto::None,
                };
                crate::service::sessions::check_in(
                    &on(state, next, 7),
                    &lifter.id,
                    next,
                    &saved,
                    answer,
                )
                .await
                .map_err(err)?;
            }
        }
    }
    Ok(())
}
