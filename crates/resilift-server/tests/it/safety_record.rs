//! The safety record: every warning sign, below-knee leg symptom, flare-level pain and urgent
//! triage outcome is kept as it was reported, whatever is corrected or deleted afterwards, and
//! the lifter, a linked clinician and the export can read it with what answered each event.

use serde_json::{Value, json};

use crate::{App, User, backends, clear_screening, days_ago, session};

async fn events(app: &App, who: &User, path: &str) -> Vec<Value> {
    app.get(path, &who.token).await.expect(200)["items"]
        .as_array()
        .unwrap()
        .clone()
}

/// A screened lifter who logged yesterday's session with a cauda-equina sign, and its id.
async fn screened_with_a_sign(app: &App, name: &str) -> (User, String) {
    let lifter = app.lifter(name).await;
    app.post("/screenings", &lifter.token, clear_screening())
        .await
        .expect(201);
    let mut flagged = session(1, 12.0, 2, None);
    flagged["red_flags"] = json!(["saddle_numbness"]);
    let logged = app
        .post("/sessions", &lifter.token, flagged)
        .await
        .expect(201);
    let id = logged["id"].as_str().unwrap().to_owned();
    (lifter, id)
}

#[tokio::test]
async fn a_sign_corrected_away_or_deleted_stays_in_the_safety_record() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let (lifter, id) = screened_with_a_sign(&app, "recorded").await;
        let id = id.as_str();

        let record = events(&app, &lifter, "/safety-events").await;
        assert_eq!(record.len(), 1, "{backend:?}: {record:?}");
        assert_eq!(record[0]["source"], "session");
        assert_eq!(record[0]["source_id"], id);
        assert_eq!(record[0]["flags"], json!(["saddle_numbness"]));
        assert_eq!(record[0]["tier"], "emergency");
        assert_eq!(record[0]["day"], days_ago(1));
        assert!(record[0]["corrected"].is_null());
        assert!(record[0]["answered_by"].is_null());

        // Corrected away: the event stays, marked.
        app.patch(
            &format!("/sessions/{id}"),
            &lifter.token,
            json!({"red_flags": []}),
        )
        .await
        .expect(200);
        let record = events(&app, &lifter, "/safety-events").await;
        assert_eq!(record.len(), 1, "{backend:?}");
        assert_eq!(record[0]["flags"], json!(["saddle_numbness"]));
        assert_eq!(record[0]["corrected"]["how"], "corrected");

        // Deleted: still there, now marked as deleted.
        app.delete(&format!("/sessions/{id}"), &lifter.token)
            .await
            .expect(204);
        let record = events(&app, &lifter, "/safety-events").await;
        assert_eq!(record.len(), 1, "{backend:?}");
        assert_eq!(record[0]["corrected"]["how"], "deleted");

        // A screening taken afterwards is what answered it.
        let screening = app
            .post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        let record = events(&app, &lifter, "/safety-events").await;
        assert_eq!(record[0]["answered_by"]["kind"], "screening");
        assert_eq!(record[0]["answered_by"]["id"], screening["id"]);
    }
}

#[tokio::test]
async fn every_surface_reports_into_the_record() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("every-surface").await;
        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        // A clean session records nothing; its morning check-in with a new sign does.
        let clean = app
            .post("/sessions", &lifter.token, session(3, 12.0, 2, None))
            .await
            .expect(201);
        assert!(events(&app, &lifter, "/safety-events").await.is_empty());
        app.patch(
            &format!("/sessions/{}", clean["id"].as_str().unwrap()),
            &lifter.token,
            json!({"pain": {"next_morning": 3}, "red_flags": ["bladder_dysfunction"], "leg_symptoms": "none"}),
        )
        .await
        .expect(200);
        // Below-knee symptoms and pain of 8: one event, no tier of its own.
        let mut flare = session(2, 12.0, 8, None);
        flare["leg_symptoms"] = json!("below_knee");
        app.post("/sessions", &lifter.token, flare)
            .await
            .expect(201);
        // A day of foundation work with a sign, and a triage whose outcome is urgent.
        let day = app
            .post(
                "/foundation-days",
                &lifter.token,
                json!({"date": days_ago(1), "exercises": ["curl_up", "bird_dog"],
                    "pain": {"before": 1, "during_max": 2, "after": 1}, "leg_symptoms": "none",
                    "red_flags": ["fever_or_unwell"]}),
            )
            .await
            .expect(201);
        app.post(
            "/triage",
            &lifter.token,
            json!({"onset": days_ago(1), "pain_now": 5, "leg_symptoms": "none", "numbness_or_weakness": false,
                "red_flags": ["saddle_numbness"], "disc_bulge_known": false, "improving": false}),
        )
        .await
        .expect(201);
        let record = events(&app, &lifter, "/safety-events").await;
        let sources: Vec<&str> = record
            .iter()
            .map(|e| e["source"].as_str().unwrap())
            .collect();
        assert_eq!(
            sources,
            ["triage", "foundation_day", "session", "check_in"],
            "{backend:?}: newest first: {record:?}"
        );
        assert_eq!(record[0]["tier"], "emergency");
        assert_eq!(record[1]["flags"], json!(["fever_or_unwell"]));
        assert_eq!(record[2]["leg_symptoms"], "below_knee");
        assert_eq!(record[2]["worst_pain"], 8);
        assert!(record[2]["tier"].is_null());
        assert_eq!(record[3]["flags"], json!(["bladder_dysfunction"]));
        assert_eq!(record[3]["tier"], "emergency");

        // Deleting the day of foundation work leaves its event, marked.
        app.delete(
            &format!("/foundation-days/{}", day["id"].as_str().unwrap()),
            &lifter.token,
        )
        .await
        .expect(204);
        let record = events(&app, &lifter, "/safety-events").await;
        assert_eq!(record[1]["corrected"]["how"], "deleted");

        // A linked clinician reads the same record; another clinician cannot.
        let clinician = app.clinician("reads-record").await;
        app.link(&lifter, &clinician).await;
        let seen = events(
            &app,
            &clinician,
            &format!("/clients/{}/safety-events", lifter.id),
        )
        .await;
        assert_eq!(seen.len(), 4);
        let stranger = app.clinician("no-link").await;
        app.get(
            &format!("/clients/{}/safety-events", lifter.id),
            &stranger.token,
        )
        .await
        .refused(404, "not_found");

        // The export carries it.
        let export = app.get("/me/export", &lifter.token).await.expect(200);
        assert_eq!(export["safety_events"].as_array().unwrap().len(), 4);
    }
}

fn rule_ids(plan: &Value) -> Vec<String> {
    plan["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// The review's reproduction: a cauda-equina sign logged, then corrected away, once gave a
/// loaded session at once; below-knee symptoms with pain of 8, logged and deleted, did the
/// same. The stop now stays until a new screening answers it, and says why.
#[tokio::test]
async fn correcting_or_deleting_a_log_never_lifts_its_stop() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let (lifter, id) = screened_with_a_sign(&app, "no-way-around").await;
        let plan = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(
            (plan["decision"].as_str(), plan["urgency"].as_str()),
            (Some("stop"), Some("emergency"))
        );

        app.patch(
            &format!("/sessions/{id}"),
            &lifter.token,
            json!({"red_flags": []}),
        )
        .await
        .expect(200);
        let plan = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(
            plan["decision"], "stop",
            "{backend:?}: corrected away: {plan}"
        );
        assert_eq!(plan["urgency"], "emergency", "{plan}");
        assert!(rule_ids(&plan).contains(&"PRX-STOP".to_owned()));
        assert!(plan["sets"].as_array().is_none_or(Vec::is_empty), "{plan}");

        app.delete(&format!("/sessions/{id}"), &lifter.token)
            .await
            .expect(204);
        let plan = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(plan["urgency"], "emergency", "{backend:?}: deleted: {plan}");

        // A new screening answers it.
        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        let plan = app.get("/next-session", &lifter.token).await.expect(200);
        assert_ne!(plan["decision"], "stop", "{backend:?}: answered: {plan}");

        // Below-knee symptoms and pain of 8, logged and then deleted: still a stop.
        let mut nerve = session(1, 12.0, 8, None);
        nerve["leg_symptoms"] = json!("below_knee");
        let logged = app
            .post("/sessions", &lifter.token, nerve)
            .await
            .expect(201);
        app.delete(
            &format!("/sessions/{}", logged["id"].as_str().unwrap()),
            &lifter.token,
        )
        .await
        .expect(204);
        let plan = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(plan["decision"], "stop", "{backend:?}: {plan}");
        let rules = rule_ids(&plan);
        assert!(rules.contains(&"PRX-NERVE".to_owned()), "{rules:?}");
        assert!(rules.contains(&"PRX-FLARE".to_owned()), "{rules:?}");
        assert!(
            plan["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["message"].as_str().unwrap().contains("deleted since")),
            "{plan}"
        );

        // A sign on a day of foundation work, corrected by deleting the day: still a stop.
        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        let day = app
            .post(
                "/foundation-days",
                &lifter.token,
                json!({"date": days_ago(0), "exercises": ["curl_up"],
                    "pain": {"before": 1, "during_max": 2, "after": 1}, "leg_symptoms": "none",
                    "red_flags": ["fever_or_unwell"]}),
            )
            .await
            .expect(201);
        app.delete(
            &format!("/foundation-days/{}", day["id"].as_str().unwrap()),
            &lifter.token,
        )
        .await
        .expect(204);
        let plan = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(plan["urgency"], "same_day", "{backend:?}: {plan}");
    }
}
