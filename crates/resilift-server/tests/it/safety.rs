//! Rule-set version 2 through the API, on both databases: the triage is stored and acted on,
//! sessions need a leg-symptom answer, red flags in a log keep their tier, a missing effort
//! rating holds, a lifter can neither declare a rung nor clear a flag, and a linked clinician's
//! clearance reaches the next screening.

use serde_json::{Value, json};

use crate::{App, backends, clear_screening, days_ago, session};

fn triage_body(red_flags: &Value, onset_days: i64) -> Value {
    json!({
        "onset": days_ago(onset_days),
        "pain_now": 4,
        "leg_symptoms": "none",
        "numbness_or_weakness": false,
        "red_flags": red_flags,
        "disc_bulge_known": false,
        "improving": false
    })
}

#[tokio::test]
async fn a_stored_triage_stops_loading_with_its_tier_until_a_new_screening() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("triage").await;
        app.post("/screenings", &user.token, clear_screening())
            .await
            .expect(201);
        for days in [14, 7] {
            app.post("/sessions", &user.token, session(days, 16.0, 1, Some(1)))
                .await
                .expect(201);
        }
        let before = app.get("/next-session", &user.token).await.expect(200);
        assert!(!before["sets"].as_array().unwrap().is_empty());

        // Fever after a lift: same-day care, stored, and the plan stops with that tier.
        let stored = app
            .post(
                "/triage",
                &user.token,
                triage_body(&json!(["fever_or_unwell"]), 1),
            )
            .await
            .expect(201);
        assert_eq!(stored["outcome"], "same_day");
        assert!(stored["id"].is_string());
        assert_eq!(stored["reasons"][0]["rule"], "FLARE-URGENT");
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["decision"], "stop");
        assert_eq!(plan["urgency"], "same_day");
        assert_eq!(plan["sets"], json!([]));
        assert_eq!(plan["warmups"], json!([]));
        assert!(
            plan["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["rule"] == "PRX-TRIAGE")
        );
        let listed = app.get("/triage", &user.token).await.expect(200);
        assert_eq!(listed["items"][0]["id"], stored["id"]);
        let one = app
            .get(
                &format!("/triage/{}", stored["id"].as_str().unwrap()),
                &user.token,
            )
            .await
            .expect(200);
        assert_eq!(one["outcome"], "same_day");

        // A new screening answers it; a self-care triage then means a re-screen after the window.
        app.post("/screenings", &user.token, clear_screening())
            .await
            .expect(201);
        assert_ne!(
            app.get("/next-session", &user.token).await.expect(200)["decision"],
            "stop"
        );
        app.post("/triage", &user.token, triage_body(&json!([]), 2))
            .await
            .expect(201);
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["decision"], "rescreen");
        assert_eq!(plan["urgency"], Value::Null);
        assert_eq!(plan["date"], days_ago(2 - 14));

        // Bad triage input names its field and stores nothing.
        let reply = app
            .post("/triage", &user.token, triage_body(&json!(["headache"]), 1))
            .await;
        assert_eq!(reply.fields(), ["red_flags[0]"]);
        let count = app.get("/triage", &user.token).await.expect(200)["items"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(count, 2);
    }
}

#[tokio::test]
async fn sessions_need_leg_symptoms_and_flags_in_a_log_keep_their_tier() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("legs").await;
        app.post("/screenings", &user.token, clear_screening())
            .await
            .expect(201);
        let mut unanswered = session(7, 16.0, 1, Some(1));
        unanswered.as_object_mut().unwrap().remove("leg_symptoms");
        let reply = app.post("/sessions", &user.token, unanswered.clone()).await;
        assert_eq!(reply.fields(), ["leg_symptoms"]);
        reply.refused(422, "invalid_input");
        unanswered["leg_symptoms"] = Value::Null;
        assert_eq!(
            app.post("/sessions", &user.token, unanswered)
                .await
                .fields(),
            ["leg_symptoms"]
        );
        let listed = app.get("/sessions", &user.token).await.expect(200);
        assert_eq!(listed["items"], json!([]), "nothing stored");

        // A last set without an effort rating holds the load.
        let mut no_rpe = session(14, 16.0, 1, Some(1));
        no_rpe["sets"][1].as_object_mut().unwrap().remove("rpe");
        app.post("/sessions", &user.token, no_rpe).await.expect(201);
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_ne!(plan["decision"], "progress");
        assert!(
            plan["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["rule"] == "PRX-HOLD")
        );

        // Below-knee symptoms stop loading for a clinician; a cauda-equina sign is an emergency.
        let mut below = session(7, 16.0, 1, Some(1));
        below["leg_symptoms"] = json!("below_knee");
        app.post("/sessions", &user.token, below).await.expect(201);
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["urgency"], "see_clinician");
        let mut ces = session(1, 16.0, 1, None);
        ces["red_flags"] = json!(["bladder_dysfunction"]);
        let saved = app.post("/sessions", &user.token, ces).await.expect(201);
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["decision"], "stop");
        assert_eq!(plan["urgency"], "emergency");
        // The check-in of an earlier session cannot take the answer away.
        let id = saved["id"].as_str().unwrap();
        app.patch(
            &format!("/sessions/{id}"),
            &user.token,
            json!({"leg_symptoms": null}),
        )
        .await
        .refused(422, "invalid_input");

        // The clinician's roster leads with the urgency, not just "red".
        let clinician = app.clinician("legs-physio").await;
        app.link(&user, &clinician).await;
        let roster = app.get("/clients", &clinician.token).await.expect(200);
        let status = &roster["items"][0]["status"];
        assert_eq!(status["colour"], "red");
        assert_eq!(status["urgency"], "emergency");
        assert_eq!(status["reasons"][0]["rule"], "STATUS-STOP", "{status}");
    }
}

#[tokio::test]
async fn a_lifter_cannot_declare_a_rung_or_clear_a_flag() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("placed").await;
        let mut declared = clear_screening();
        declared["training"] =
            json!({"stage": "barbell", "clean_sessions_at_stage": 9, "coached_sessions": 3});
        declared["cleared_flags"] = json!(["osteoporosis"]);
        let reply = app.post("/screenings", &user.token, declared).await;
        let mut fields = reply.fields();
        fields.sort();
        assert_eq!(
            fields,
            [
                "cleared_flags",
                "training.clean_sessions_at_stage",
                "training.stage"
            ]
        );
        reply.refused(422, "invalid_input");
        assert_eq!(
            app.get("/screenings", &user.token).await.expect(200)["items"],
            json!([]),
            "nothing stored"
        );
        // A new lifter starts at the first rung whatever they have lifted before.
        let first = app
            .post("/screenings", &user.token, clear_screening())
            .await
            .expect(201);
        assert_eq!(first["decision"], "kettlebell");
        assert_eq!(first["rules_version"], "2");
    }
}

#[tokio::test]
async fn a_linked_clinician_clears_stable_flags_for_the_next_screening() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("cleared").await;
        let clinician = app.clinician("clearing-physio").await;
        let mut osteo = clear_screening();
        osteo["red_flags"] = json!(["osteoporosis"]);
        osteo["health"] = json!(["uncontrolled_blood_pressure"]);
        let held = app
            .post("/screenings", &user.token, osteo.clone())
            .await
            .expect(201);
        assert_eq!(held["decision"], "see_clinician");

        // Unlinked: not found. Linked: emergency and same-day flags can never be cleared.
        let path = format!("/clients/{}/overrides", user.id);
        app.post(
            &path,
            &clinician.token,
            json!({"note": "ok", "cleared_flags": ["osteoporosis"]}),
        )
        .await
        .refused(404, "not_found");
        app.link(&user, &clinician).await;
        let reply = app
            .post(
                &path,
                &clinician.token,
                json!({"note": "no", "cleared_flags": ["saddle_numbness", "fever_or_unwell"]}),
            )
            .await;
        assert_eq!(reply.fields(), ["cleared_flags[0]", "cleared_flags[1]"]);
        let cleared = app
            .post(
                &path,
                &clinician.token,
                json!({"note": "Bone density reviewed; blood pressure now treated. Keep to 70% for a month.", "cleared_flags": ["osteoporosis", "uncontrolled_blood_pressure"]}),
            )
            .await
            .expect(201);
        assert_eq!(
            cleared["cleared_flags"],
            json!(["osteoporosis", "uncontrolled_blood_pressure"])
        );
        // The client sees the note; the next screening applies the clearance.
        let notes = app.get("/overrides", &user.token).await.expect(200);
        assert_eq!(notes["items"][0]["id"], cleared["id"]);
        let placed = app
            .post("/screenings", &user.token, osteo)
            .await
            .expect(201);
        assert_eq!(placed["decision"], "kettlebell");
        let advice: Vec<&str> = placed["advice"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert!(advice.contains(&"ADV-CLEARED"), "{advice:?}");
        assert!(advice.contains(&"ADV-BRACE"), "{advice:?}");
        // A new flag the clinician did not clear still holds the lifter back.
        let mut steroids = clear_screening();
        steroids["red_flags"] = json!(["osteoporosis", "long_term_steroids"]);
        assert_eq!(
            app.post("/screenings", &user.token, steroids)
                .await
                .expect(201)["decision"],
            "see_clinician"
        );
        // The clinician sees the client's triage results.
        app.post("/triage", &user.token, triage_body(&json!([]), 3))
            .await
            .expect(201);
        let seen = app
            .get(&format!("/clients/{}/triage", user.id), &clinician.token)
            .await
            .expect(200);
        assert_eq!(seen["items"][0]["outcome"], "self_care");
    }
}

fn foundation_day(days: i64, worst: i64, leg: &str, red_flags: &Value) -> Value {
    json!({
        "date": days_ago(days),
        "exercises": ["curl_up", "side_bridge", "bird_dog", "walking"],
        "pain": {"before": 1, "during_max": worst, "after": 1},
        "leg_symptoms": leg,
        "red_flags": red_flags
    })
}

/// A day of foundation work is a log like a session: it is stored, its pain moves the pyramid
/// of the plan's programme, a warning sign on it stops everything with its tier until a new
/// screening answers it, and deleting a mistaken day takes it out of the log but not its sign.
#[tokio::test]
async fn foundation_days_move_the_pyramid_and_their_warning_signs_stop_loading() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("foundation").await;
        let mut weak = clear_screening();
        weak["tests"]["biering_sorensen_s"] = json!(40);
        let screened = app
            .post("/screenings", &user.token, weak.clone())
            .await
            .expect(201);
        assert_eq!(screened["decision"], "foundation");
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["programme"][0]["pyramid"], json!([5, 3, 1]));

        // Two green weeks of foundation work: one more repetition on every step per week.
        for days in [14, 10, 6] {
            let day = app
                .post(
                    "/foundation-days",
                    &user.token,
                    foundation_day(days, 1, "none", &json!([])),
                )
                .await
                .expect(201);
            assert_eq!(day["pain_response"], "green");
        }
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["decision"], "rescreen");
        assert_eq!(plan["programme"][0]["pyramid"], json!([7, 5, 3]));
        assert!(
            plan["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["rule"] == "FND-BIG3")
        );

        // Bad input is named field by field and stores nothing.
        let refused = app
            .post(
                "/foundation-days",
                &user.token,
                json!({"date": days_ago(-3), "exercises": ["cartwheel"], "pain": {"before": 1, "during_max": 11, "after": 1}, "leg_symptoms": "none"}),
            )
            .await
            .refused(422, "invalid_input");
        let fields = refused["fields"].as_array().unwrap();
        for field in ["date", "exercises[0]", "pain.during_max"] {
            assert!(
                fields.iter().any(|f| f["field"] == field),
                "{field} not named: {refused}"
            );
        }
        let listed = app.get("/foundation-days", &user.token).await.expect(200);
        assert_eq!(listed["items"].as_array().unwrap().len(), 3);

        // A warning sign on a foundation day stops everything with its tier.
        let flagged = app
            .post(
                "/foundation-days",
                &user.token,
                foundation_day(0, 1, "none", &json!(["unexplained_weight_loss"])),
            )
            .await
            .expect(201);
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["decision"], "stop");
        assert_eq!(plan["urgency"], "see_clinician");
        assert_eq!(plan["programme"], Value::Null);

        // Logged by mistake: deleting the day takes it out of the log, but not its warning
        // sign, which still stops until a new screening answers it.
        let id = flagged["id"].as_str().unwrap();
        app.delete(&format!("/foundation-days/{id}"), &user.token)
            .await
            .expect(204);
        app.get(&format!("/foundation-days/{id}"), &user.token)
            .await
            .refused(404, "not_found");
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["decision"], "stop");
        assert_eq!(plan["urgency"], "see_clinician");
        app.post("/screenings", &user.token, weak.clone())
            .await
            .expect(201);
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["decision"], "rescreen");

        // Leg symptoms below the knee stop for a clinician; a new screening answers them.
        app.post(
            "/foundation-days",
            &user.token,
            foundation_day(0, 2, "below_knee", &json!([])),
        )
        .await
        .expect(201);
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["urgency"], "see_clinician");
        app.post("/screenings", &user.token, weak).await.expect(201);
        let plan = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(plan["decision"], "rescreen");
        assert_eq!(
            plan["programme"][0]["pyramid"],
            json!([5, 3, 1]),
            "a new screening starts the pyramid again"
        );
    }
}
