//! `resilift serve --demo`: a demo lifter and a demo clinician with four months of history, so a
//! newcomer sees every page with real-looking data. Seeded once; later starts reuse it.

use chrono::{Duration, NaiveDate, TimeZone as _, Utc};
use resilift_store::{Assessment, Override, Screening, Session};
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Role;
use crate::service::accounts::NewAccount;
use crate::service::{audit, new_id};

/// Sign-in details of the demo accounts.
pub const LIFTER: (&str, &str) = ("demo.lifter@resilift.example", "demo-lifter-pass");
/// Sign-in details of the demo clinician.
pub const CLINICIAN: (&str, &str) = ("demo.clinician@resilift.example", "demo-clinician-pass");

fn at(day: NaiveDate, hour: u32) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap_or_default())
}

/// One demo week: week number, exercise, load, worst pain during, pain before, next morning.
type Week = (i64, &'static str, f64, i64, i64, Option<i64>);

/// Creates the demo accounts and history unless they exist.
///
/// # Errors
/// The store refused a write.
pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    if state.store().account_by_email(LIFTER.0).await?.is_some() {
        return Ok(());
    }
    let err = |e: crate::error::ApiError| anyhow::anyhow!(e.body.error);
    let lifter = crate::service::accounts::register(
        state,
        NewAccount {
            email: LIFTER.0.into(),
            password: LIFTER.1.into(),
            role: Role::Lifter,
            time_zone: None,
            units: None,
        },
    )
    .await
    .map_err(err)?;
    let clinician = crate::service::accounts::register(
        state,
        NewAccount {
            email: CLINICIAN.0.into(),
            password: CLINICIAN.1.into(),
            role: Role::Clinician,
            time_zone: None,
            units: None,
        },
    )
    .await
    .map_err(err)?;
    let invite = crate::service::links::make_invite(state, &lifter.id)
        .await
        .map_err(err)?;
    crate::service::links::redeem(state, &clinician.id, &invite.code)
        .await
        .map_err(err)?;

    let today = state.now().date_naive();
    let start = today - Duration::weeks(16);
    let record = |as_of: NaiveDate, hold: f64, stage: &str, clean: u32| {
        json!({
            "as_of": as_of.to_string(),
            "person": {"age": 38, "sex": "female", "height_cm": 168, "weight_kg": 66},
            "red_flags": [],
            "health": [],
            "pain": {"now": 2, "current_episode_onset": null, "previous_episodes": 2, "leg_symptoms": "none"},
            "disc": {"diagnosed": false, "cleared": false},
            "radicular_cleared": false,
            "tests": {"biering_sorensen_s": hold},
            "questionnaires": {"startback": null, "tsk11": null, "odi": null},
            "training": {"stage": stage, "clean_sessions_at_stage": clean, "coached_sessions": 3}
        })
    };
    let store = state.store();
    for (day, hold, stage, clean) in [
        (start, 42.0, "none", 0),
        (start + Duration::weeks(2), 76.0, "foundation", 0),
        (start + Duration::weeks(9), 95.0, "kettlebell", 6),
        (start + Duration::weeks(14), 104.0, "trap_bar", 2),
    ] {
        let input = record(day, hold, stage, clean);
        let response = resilift_api::screen::run(&input.to_string(), state.rules())
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        let result = serde_json::to_value(&response)?;
        let screening = Screening {
            id: new_id(),
            account_id: lifter.id.clone(),
            created_at: at(day, 8),
            as_of: day,
            decision: result["decision"].as_str().unwrap_or("").to_owned(),
            input: input.to_string(),
            result: result.to_string(),
            rules_version: state.ruleset().to_owned(),
        };
        store
            .insert_screening(
                &screening,
                &audit(
                    state,
                    Some(&lifter.id),
                    Some(&lifter.id),
                    "screening.created",
                    &json!({"screening_id": screening.id}),
                ),
            )
            .await?;
        let bs = Assessment {
            id: new_id(),
            account_id: lifter.id.clone(),
            author_id: Some(lifter.id.clone()),
            created_at: at(day, 7),
            taken_on: day,
            instrument: "biering_sorensen".into(),
            answers: json!({"instrument": "biering_sorensen", "seconds": hold}).to_string(),
            result: resilift_api::score::run(
                &json!({"instrument": "biering_sorensen", "seconds": hold}).to_string(),
                state.rules(),
            )
            .map_err(|e| anyhow::anyhow!(e.to_string()))?
            .to_string(),
        };
        store
            .insert_assessment(
                &bs,
                &audit(
                    state,
                    Some(&lifter.id),
                    Some(&lifter.id),
                    "assessment.created",
                    &json!({}),
                ),
            )
            .await?;
    }
    for (week, answers) in [
        (1, json!([2, 1, 3, 1, 2, 2, 1, null, 2, 1])),
        (8, json!([1, 0, 2, 0, 1, 1, 1, null, 1, 0])),
        (15, json!([1, 0, 1, 0, 1, 0, 0, null, 0, 0])),
    ] {
        let day = start + Duration::weeks(week);
        let mut body = json!({"instrument": "odi", "answers": answers});
        if let Ok(Some(previous)) = store.latest_assessment(&lifter.id, "odi").await {
            let result: Value = serde_json::from_str(&previous.result).unwrap_or(Value::Null);
            body["baseline"] = result["score"].clone();
        }
        let result = resilift_api::score::run(&body.to_string(), state.rules())
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        store
            .insert_assessment(
                &Assessment {
                    id: new_id(),
                    account_id: lifter.id.clone(),
                    author_id: Some(clinician.id.clone()),
                    created_at: at(day, 9),
                    taken_on: day,
                    instrument: "odi".into(),
                    answers: body.to_string(),
                    result: result.to_string(),
                },
                &audit(
                    state,
                    Some(&clinician.id),
                    Some(&lifter.id),
                    "assessment.created",
                    &json!({}),
                ),
            )
            .await?;
    }
    // Weekly sessions: kettlebell for six weeks, then trap bar; one amber week; the last one waits
    // for its morning check-in.
    let plan: [Week; 12] = [
        (3, "kettlebell", 16.0, 2, 2, Some(2)),
        (4, "kettlebell", 16.0, 2, 2, Some(1)),
        (5, "kettlebell", 20.0, 2, 2, Some(2)),
        (6, "kettlebell", 20.0, 4, 2, Some(2)),
        (7, "kettlebell", 20.0, 2, 2, Some(1)),
        (8, "kettlebell", 24.0, 2, 1, Some(1)),
        (10, "trap_bar", 45.0, 2, 1, Some(1)),
        (11, "trap_bar", 47.5, 2, 1, Some(1)),
        (12, "trap_bar", 50.0, 2, 2, Some(1)),
        (13, "trap_bar", 52.5, 3, 2, Some(2)),
        (14, "trap_bar", 52.5, 2, 1, Some(1)),
        (15, "trap_bar", 55.0, 2, 1, None),
    ];
    for (week, exercise, load, during, before, morning) in plan {
        // The last session was yesterday, so its morning check-in is due today.
        let day = today - Duration::days(1) - Duration::weeks(15 - week);
        let body = json!({
            "date": day.to_string(), "exercise": exercise, "completed": true,
            "sets": [{"load": load, "reps": 5, "rpe": 7}, {"load": load, "reps": 5, "rpe": 7}, {"load": load, "reps": 5, "rpe": 7.5}],
            "pain": {"before": before, "during_max": during, "after": before, "next_morning": morning},
            "faults": if week == 13 { json!(["jerky_start"]) } else { json!([]) }, "red_flags": [],
            "leg_symptoms": "none"
        });
        let dto: resilift_api::next::SessionDto = serde_json::from_value(body)?;
        let session = Session {
            id: new_id(),
            account_id: lifter.id.clone(),
            created_at: at(day, 18),
            updated_at: at(day, 18),
            date: day,
            body: serde_json::to_string(&dto)?,
        };
        store
            .insert_session(
                &session,
                &audit(
                    state,
                    Some(&lifter.id),
                    Some(&lifter.id),
                    "session.created",
                    &json!({"session_id": session.id, "date": day.to_string()}),
                ),
            )
            .await?;
    }
    let note = Override {
        id: new_id(),
        lifter_id: lifter.id.clone(),
        clinician_id: Some(clinician.id.clone()),
        created_at: at(start + Duration::weeks(10), 12),
        stage: None,
        cleared_flags: None,
        note: "Good start on the trap bar. Keep the first pull slow and smooth; we review again at week 16.".into(),
    };
    store
        .insert_override(
            &note,
            &audit(
                state,
                Some(&clinician.id),
                Some(&lifter.id),
                "override.created",
                &json!({}),
            ),
        )
        .await?;
    Ok(())
}
