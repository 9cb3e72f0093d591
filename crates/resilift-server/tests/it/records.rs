//! The training record: screenings, sessions (with pagination and check-ins), the next session,
//! progress, the profile, export and erasure.

use serde_json::{Value, json};

use crate::{App, backends, clear_screening, days_ago, session, today};

#[tokio::test]
async fn screening_is_decided_by_the_engine_and_kept() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("scr").await;
        let saved = app
            .post("/screenings", &user.token, clear_screening())
            .await
            .expect(201);
        assert_eq!(saved["decision"], "kettlebell");
        assert_eq!(saved["as_of"], today().to_string());
        assert!(saved["id"].is_string());
        assert!(
            saved["disclaimer"]
                .as_str()
                .unwrap()
                .contains("not medical advice")
        );
        for reason in saved["reasons"].as_array().unwrap() {
            assert!(reason["rule"].as_str().unwrap().starts_with("SCR-"));
            assert!(
                !reason["evidence"].as_array().unwrap().is_empty(),
                "{reason}"
            );
            assert!(reason["evidence"][0]["level"].is_string());
        }
        // The same record through the command-line contract gives the same decision.
        let mut record = clear_screening();
        record["as_of"] = json!(today().to_string());
        // The server placed this new lifter at `none`; the command line is told so.
        record["training"]["stage"] = json!("none");
        let cli =
            resilift_api::screen::run(&record.to_string(), &resilift_core::Config::standard())
                .unwrap();
        let cli = serde_json::to_value(cli).unwrap();
        for key in ["decision", "reasons", "advice", "next_screen", "disclaimer"] {
            assert_eq!(saved[key], cli[key], "{key}");
        }

        // A 40 s hold means foundation work; a red flag means emergency and no advice.
        let mut weak = clear_screening();
        weak["tests"]["biering_sorensen_s"] = json!(40);
        assert_eq!(
            app.post("/screenings", &user.token, weak).await.expect(201)["decision"],
            "foundation"
        );
        let mut flag = clear_screening();
        flag["red_flags"] = json!(["saddle_numbness"]);
        let emergency = app.post("/screenings", &user.token, flag).await.expect(201);
        assert_eq!(emergency["decision"], "emergency");
        assert_eq!(emergency["advice"], json!([]));

        // Bad input names each field and stores nothing.
        let mut bad = clear_screening();
        bad["pain"]["now"] = json!(11);
        bad["red_flags"] = json!(["headache"]);
        let reply = app.post("/screenings", &user.token, bad).await;
        let mut fields = reply.fields();
        fields.sort();
        assert_eq!(fields, ["pain.now", "red_flags[0]"]);
        reply.refused(422, "invalid_input");
        let mut dated = clear_screening();
        dated["as_of"] = json!("2020-01-01");
        assert_eq!(
            app.post("/screenings", &user.token, dated).await.fields(),
            ["as_of"]
        );
        let mut missing = clear_screening();
        missing["pain"]
            .as_object_mut()
            .unwrap()
            .remove("current_episode_onset");
        assert_eq!(
            app.post("/screenings", &user.token, missing)
                .await
                .status
                .as_u16(),
            422
        );

        let list = app.get("/screenings", &user.token).await.expect(200);
        let decisions: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["decision"].as_str().unwrap())
            .collect();
        assert_eq!(
            decisions,
            ["emergency", "foundation", "kettlebell"],
            "newest first, nothing from refused requests"
        );
        let one = app
            .get(
                &format!("/screenings/{}", saved["id"].as_str().unwrap()),
                &user.token,
            )
            .await
            .expect(200);
        assert_eq!(one["decision"], "kettlebell");
        assert!(one["rules_version"].is_string());
    }
}

#[tokio::test]
async fn sessions_page_by_day_and_take_check_ins() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("log").await;
        let mut ids = Vec::new();
        for days in [35, 28, 21, 14, 7] {
            let saved = app
                .post("/sessions", &user.token, session(days, 16.0, 2, Some(2)))
                .await
                .expect(201);
            assert_eq!(saved["pain_colour"], "green");
            ids.push(saved["id"].as_str().unwrap().to_owned());
        }
        // Pages of two, latest day first, no repeats, `next` null at the end.
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let path = match &cursor {
                Some(c) => format!("/sessions?limit=2&cursor={c}"),
                None => "/sessions?limit=2".to_owned(),
            };
            let page = app.get(&path, &user.token).await.expect(200);
            pages += 1;
            for item in page["items"].as_array().unwrap() {
                seen.push(item["id"].as_str().unwrap().to_owned());
            }
            match page["next"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        ids.reverse();
        assert_eq!(seen, ids);
        app.get("/sessions?limit=0", &user.token)
            .await
            .refused(422, "invalid_query");
        app.get("/sessions?limit=abc", &user.token)
            .await
            .refused(422, "invalid_query");
        app.get("/sessions?cursor=garbage", &user.token)
            .await
            .refused(422, "invalid_query");

        // A session waiting for its check-in, then the check-in.
        let pending = app
            .post("/sessions", &user.token, session(1, 16.0, 3, None))
            .await
            .expect(201);
        assert_eq!(pending["pain_colour"], "pending");
        let id = pending["id"].as_str().unwrap();
        let checked = app
            .patch(
                &format!("/sessions/{id}"),
                &user.token,
                json!({"pain": {"next_morning": 2}}),
            )
            .await
            .expect(200);
        assert_eq!(checked["pain"]["next_morning"], 2);
        assert_eq!(
            checked["pain"]["during_max"], 3,
            "the rest of the session is kept"
        );
        assert_eq!(checked["pain_colour"], "amber");
        // A bad correction is refused and changes nothing.
        let reply = app
            .patch(
                &format!("/sessions/{id}"),
                &user.token,
                json!({"pain": {"next_morning": 14}, "sets": []}),
            )
            .await;
        let mut fields = reply.fields();
        fields.sort();
        assert_eq!(fields, ["pain.next_morning", "sets"]);
        let again = app
            .get(&format!("/sessions/{id}"), &user.token)
            .await
            .expect(200);
        assert_eq!(again["pain"]["next_morning"], 2);
        assert_eq!(again["sets"].as_array().unwrap().len(), 2);
        app.patch(
            &format!("/sessions/{id}"),
            &user.token,
            json!({"date": days_ago(-3)}),
        )
        .await
        .refused(422, "invalid_input");
        app.patch("/sessions/nope", &user.token, json!({"completed": false}))
            .await
            .refused(404, "not_found");

        // A future day or a bad body stores nothing.
        let reply = app
            .post("/sessions", &user.token, session(-2, 16.0, 2, None))
            .await;
        assert_eq!(reply.fields(), ["date"]);
        app.send_raw("POST", "/sessions", Some(&user.token), "[1, 2")
            .await
            .refused(400, "malformed_json");
        app.send_raw("POST", "/sessions", Some(&user.token), "")
            .await
            .refused(400, "malformed_json");
        let mut extra = session(1, 16.0, 2, None);
        extra["mood"] = json!("good");
        app.post("/sessions", &user.token, extra)
            .await
            .refused(422, "invalid_input");
        let all = app
            .get("/sessions?limit=200", &user.token)
            .await
            .expect(200);
        assert_eq!(all["items"].as_array().unwrap().len(), 6);
    }
}

#[tokio::test]
async fn next_session_follows_screening_history_and_profile() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("next").await;
        app.get("/next-session", &user.token)
            .await
            .refused(409, "screening_required");
        let mut flag = clear_screening();
        flag["red_flags"] = json!(["progressive_weakness"]);
        app.post("/screenings", &user.token, flag).await.expect(201);
        app.get("/next-session", &user.token)
            .await
            .refused(409, "not_cleared");

        app.post("/screenings", &user.token, clear_screening())
            .await
            .expect(201);
        let first = app.get("/next-session", &user.token).await.expect(200);
        assert_eq!(first["decision"], "calibrate");
        assert_eq!(first["exercise"], "kettlebell");
        assert!(first["disclaimer"].is_string());

        for days in [14, 7] {
            app.post("/sessions", &user.token, session(days, 16.0, 1, Some(1)))
                .await
                .expect(201);
        }
        let next = app.get("/next-session", &user.token).await.expect(200);
        // The server's answer is the engine's answer for the same stored inputs.
        let request = json!({
            "as_of": today().to_string(),
            "stage": "kettlebell",
            "equipment": {"units": "kg"},
            "sessions": [session(14, 16.0, 1, Some(1)), session(7, 16.0, 1, Some(1))]
        });
        let engine = serde_json::to_value(
            resilift_api::next::run(&request.to_string(), &resilift_core::Config::standard())
                .unwrap(),
        )
        .unwrap();
        for key in [
            "date",
            "exercise",
            "decision",
            "pain_response",
            "e1rm",
            "warmups",
            "sets",
            "reasons",
        ] {
            assert_eq!(next[key], engine[key], "{key}");
        }
        assert_eq!(next["pain_response"], "green");

        // A red flag logged in a session stops loading until a new screening.
        let mut flagged = session(1, 16.0, 1, Some(1));
        flagged["red_flags"] = json!(["night_pain_unrelieved"]);
        app.post("/sessions", &user.token, flagged)
            .await
            .expect(201);
        assert_eq!(
            app.get("/next-session", &user.token).await.expect(200)["decision"],
            "stop"
        );
        app.post("/screenings", &user.token, clear_screening())
            .await
            .expect(201);
        assert_ne!(
            app.get("/next-session", &user.token).await.expect(200)["decision"],
            "stop"
        );
    }
}

#[tokio::test]
async fn profile_sets_units_equipment_and_time_zone() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("prof").await;
        let profile = app.get("/me/profile", &user.token).await.expect(200);
        assert_eq!(profile["units"], "kg");
        assert_eq!(profile["time_zone"], "UTC");
        assert_eq!(profile["equipment"]["barbell"], 20.0);

        let put = json!({"units": "lb", "time_zone": "America/Chicago", "equipment": {"barbell": 45, "kettlebells": [35, 18, 26]}});
        let saved = app
            .send("PUT", "/me/profile", Some(&user.token), Some(&put))
            .await
            .expect(200);
        assert_eq!(saved["units"], "lb");
        assert_eq!(saved["equipment"]["kettlebells"], json!([18.0, 26.0, 35.0]));
        let bad = json!({"units": "lb", "time_zone": "Mars/Olympus", "equipment": {"barbell": -1}});
        let reply = app
            .send("PUT", "/me/profile", Some(&user.token), Some(&bad))
            .await;
        assert_eq!(reply.status.as_u16(), 422);
        assert_eq!(reply.fields(), ["time_zone"]);
        let bad = json!({"units": "lb", "time_zone": "UTC", "equipment": {"barbell": -1, "kettlebells": []}});
        let mut fields = app
            .send("PUT", "/me/profile", Some(&user.token), Some(&bad))
            .await
            .fields();
        fields.sort();
        assert_eq!(fields, ["equipment.barbell", "equipment.kettlebells"]);
        assert_eq!(
            app.get("/me/profile", &user.token).await.expect(200)["time_zone"],
            "America/Chicago"
        );

        // Units are locked once loads are logged in them.
        app.post("/sessions", &user.token, session(1, 35.0, 1, None))
            .await
            .expect(201);
        let kg = json!({"units": "kg", "time_zone": "UTC"});
        app.send("PUT", "/me/profile", Some(&user.token), Some(&kg))
            .await
            .refused(409, "units_locked");
    }
}

#[tokio::test]
async fn progress_series_follow_the_log() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("prog").await;
        app.post("/sessions", &user.token, session(21, 16.0, 1, Some(1)))
            .await
            .expect(201);
        app.post("/sessions", &user.token, session(14, 20.0, 4, Some(2)))
            .await
            .expect(201);
        let mut trap = session(7, 60.0, 2, None);
        trap["exercise"] = json!("trap_bar");
        app.post("/sessions", &user.token, trap).await.expect(201);
        app.post(
            "/assessments",
            &user.token,
            json!({"instrument": "biering_sorensen", "seconds": 75}),
        )
        .await
        .expect(201);
        let progress = app.get("/progress", &user.token).await.expect(200);
        let sessions = progress["sessions"].as_array().unwrap();
        assert_eq!(sessions.len(), 3);
        assert_eq!(sessions[0]["working_load"], 16.0);
        assert!(sessions[1]["e1rm"].as_f64().unwrap() > sessions[0]["e1rm"].as_f64().unwrap());
        let colours: Vec<&str> = sessions
            .iter()
            .map(|s| s["pain_colour"].as_str().unwrap())
            .collect();
        assert_eq!(colours, ["green", "amber", "pending"]);
        assert_eq!(
            progress["rung_changes"],
            json!([{"date": days_ago(7), "from": "kettlebell", "to": "trap_bar"}])
        );
        assert_eq!(progress["holds"][0]["seconds"].as_f64(), Some(75.0));
    }
}

#[tokio::test]
async fn export_holds_everything_and_erasure_removes_it() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("mine").await;
        let clinician = app.clinician("doc").await;
        app.link(&user, &clinician).await;
        app.post("/screenings", &user.token, clear_screening())
            .await
            .expect(201);
        app.post("/sessions", &user.token, session(3, 16.0, 1, Some(1)))
            .await
            .expect(201);
        app.post(
            "/assessments",
            &user.token,
            json!({"instrument": "nprs", "score": 3}),
        )
        .await
        .expect(201);
        app.send(
            "PUT",
            "/me/profile",
            Some(&user.token),
            Some(&json!({"units": "kg", "time_zone": "Europe/London"})),
        )
        .await
        .expect(200);
        let export = app.get("/me/export", &user.token).await.expect(200);
        assert_eq!(export["account"]["email"], user.email);
        for key in [
            "screenings",
            "sessions",
            "assessments",
            "links",
            "tokens",
            "audit",
        ] {
            assert!(
                !export[key].as_array().unwrap().is_empty(),
                "{key} empty in {export}"
            );
        }
        assert_eq!(export["screenings"][0]["input"]["pain"]["now"], 2);
        let actions: Vec<&str> = export["audit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["action"].as_str().unwrap())
            .collect();
        // Every change is audited, sessions and profile changes included.
        for action in [
            "account.created",
            "screening.created",
            "session.created",
            "assessment.created",
            "profile.updated",
            "link.created",
        ] {
            assert!(
                actions.contains(&action),
                "{action} missing from {actions:?}"
            );
        }

        // Erasing needs the password again: without it, or with a wrong one, nothing goes.
        app.delete("/me", &user.token)
            .await
            .refused(400, "malformed_json");
        app.send(
            "DELETE",
            "/me",
            Some(&user.token),
            Some(&json!({"password": "not it at all"})),
        )
        .await
        .refused(422, "wrong_password");
        app.send(
            "DELETE",
            "/me",
            Some(&user.token),
            Some(&json!({"password": "a long enough secret"})),
        )
        .await
        .expect(204);
        app.get("/me", &user.token)
            .await
            .refused(401, "unauthorized");
        app.send(
            "POST",
            "/tokens",
            None,
            Some(&json!({"email": user.email, "password": "a long enough secret"})),
        )
        .await
        .refused(401, "invalid_credentials");
        let clients = app.get("/clients", &clinician.token).await.expect(200);
        assert_eq!(clients["items"], json!([]));
        app.get(&format!("/clients/{}/sessions", user.id), &clinician.token)
            .await
            .refused(404, "not_found");
        // The address is free again.
        app.lifter("mine").await;
    }
}

#[tokio::test]
async fn health_and_unknown_routes() {
    let app = App::start(&crate::Backend::Sqlite).await;
    let health = app.send("GET", "/healthz", None, None).await.expect(200);
    assert_eq!(health, json!({"status": "ok", "database": "sqlite"}));
    app.send("GET", "/api/v1/nothing-here", None, None)
        .await
        .refused(404, "no_route");
    let reply = app.send("GET", "/healthz", None, None).await;
    assert!(
        reply.headers.get("x-request-id").is_some(),
        "every response carries a request id"
    );
    let _: Value = reply.body;
}
