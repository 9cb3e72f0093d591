//! Invites, links, the clinician's roster, overrides and unlinking.

use serde_json::json;

use crate::{App, backends, clear_screening, session};

#[tokio::test]
async fn a_clinician_links_sees_status_overrides_and_unlinks() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("client").await;
        let clinician = app.clinician("physio").await;

        // Only lifters invite; only clinicians redeem; a code works once.
        app.post("/invites", &clinician.token, json!({}))
            .await
            .refused(403, "lifter_only");
        let invite = app
            .post("/invites", &lifter.token, json!({}))
            .await
            .expect(201);
        let code = invite["code"].as_str().unwrap();
        assert_eq!(code.len(), 14);
        assert!(invite["expires_at"].is_string());
        app.post("/links", &lifter.token, json!({"code": code}))
            .await
            .refused(403, "clinician_only");
        let link = app
            .post(
                "/links",
                &clinician.token,
                json!({"code": code.to_lowercase()}),
            )
            .await
            .expect(201);
        assert_eq!(link["lifter_id"], lifter.id.as_str());
        let reply = app
            .post("/links", &clinician.token, json!({"code": code}))
            .await;
        assert_eq!(reply.fields(), ["code"]);
        reply.refused(422, "invalid_invite");
        app.post(
            "/links",
            &clinician.token,
            json!({"code": "AAAA-BBBB-CCCC"}),
        )
        .await
        .refused(422, "invalid_invite");
        app.post("/links", &clinician.token, json!({"code": "x"}))
            .await
            .refused(422, "invalid_invite");
        let second = app
            .post("/invites", &lifter.token, json!({}))
            .await
            .expect(201);
        app.post("/links", &clinician.token, json!({"code": second["code"]}))
            .await
            .refused(409, "already_linked");

        // Roster: not screened, then amber after an amber session.
        let roster = app.get("/clients", &clinician.token).await.expect(200);
        assert_eq!(roster["items"][0]["id"], lifter.id.as_str());
        assert_eq!(roster["items"][0]["status"]["colour"], "none");
        assert_eq!(
            roster["items"][0]["status"]["reasons"][0]["rule"],
            "STATUS-NONE"
        );
        assert!(roster["next"].is_null());
        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        app.post("/sessions", &lifter.token, session(2, 16.0, 4, Some(2)))
            .await
            .expect(201);
        let roster = app.get("/clients", &clinician.token).await.expect(200);
        assert_eq!(roster["items"][0]["status"]["colour"], "amber", "{roster}");
        let reason = &roster["items"][0]["status"]["reasons"][0];
        assert_eq!(reason["rule"], "STATUS-PAIN", "{roster}");
        assert_eq!(reason["evidence"][0]["id"], "CIT-SILBERNAGEL2007");
        let detail = app
            .get(&format!("/clients/{}", lifter.id), &clinician.token)
            .await
            .expect(200);
        assert_eq!(detail["latest_screening"]["decision"], "kettlebell");
        // A red session turns the client red; its check-in is due this morning, not overdue.
        app.post("/sessions", &lifter.token, session(1, 16.0, 7, None))
            .await
            .expect(201);
        let status = &app.get("/clients", &clinician.token).await.expect(200)["items"][0]["status"];
        assert_eq!(status["colour"], "red");
        assert_eq!(status["check_in_overdue"], false);
        let rules: Vec<&str> = status["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["rule"].as_str().unwrap())
            .collect();
        assert!(rules.contains(&"STATUS-PAIN"), "{status}");

        // The clinician reads but never edits the log.
        let sessions = app
            .get(
                &format!("/clients/{}/sessions", lifter.id),
                &clinician.token,
            )
            .await
            .expect(200);
        let session_id = sessions["items"][0]["id"].as_str().unwrap().to_owned();
        app.get(
            &format!("/clients/{}/sessions/{session_id}", lifter.id),
            &clinician.token,
        )
        .await
        .expect(200);
        app.patch(
            &format!("/sessions/{session_id}"),
            &clinician.token,
            json!({"completed": false}),
        )
        .await
        .refused(403, "lifter_only");

        // An assessment and an override, both audited and shown to the lifter.
        let added = app
            .post(
                &format!("/clients/{}/assessments", lifter.id),
                &clinician.token,
                json!({"instrument": "odi", "answers": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}),
            )
            .await
            .expect(201);
        assert_eq!(added["author_id"], clinician.id.as_str());
        app.post(
            &format!("/clients/{}/overrides", lifter.id),
            &clinician.token,
            json!({"note": ""}),
        )
        .await
        .refused(422, "invalid_input");
        app.post(
            &format!("/clients/{}/overrides", lifter.id),
            &clinician.token,
            json!({"note": "ok", "stage": "olympic"}),
        )
        .await
        .refused(422, "invalid_input");
        let note = "Stay on the kettlebell until the morning pain settles; we review on Friday.";
        app.post(
            &format!("/clients/{}/overrides", lifter.id),
            &clinician.token,
            json!({"note": note, "stage": "kettlebell"}),
        )
        .await
        .expect(201);
        let mine = app.get("/overrides", &lifter.token).await.expect(200);
        assert_eq!(mine["items"][0]["note"], note);
        let next = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(next["override"]["note"], note);
        assert_eq!(next["exercise"], "kettlebell");
        let export = app.get("/me/export", &lifter.token).await.expect(200);
        // The export lists the invites (the one that made the link used, a later one not, and
        // no code) and the browsers signed in (none here: the lifter uses a token).
        let invites = export["invites"].as_array().unwrap();
        assert_eq!(invites.len(), 2, "{export}");
        assert!(invites[0]["used_at"].is_string() && invites[1]["used_at"].is_null());
        assert!(invites.iter().all(|i| i.get("code").is_none()));
        assert_eq!(export["browser_sessions"], json!([]));
        let actions: Vec<(String, Option<String>)> = export["audit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["action"].as_str().unwrap().to_owned(),
                    a["actor_id"].as_str().map(str::to_owned),
                )
            })
            .collect();
        let by_clinician = |action: &str| {
            actions
                .iter()
                .any(|(a, actor)| a == action && actor.as_deref() == Some(clinician.id.as_str()))
        };
        assert!(by_clinician("assessment.created"), "{actions:?}");
        assert!(by_clinician("override.created"), "{actions:?}");
        assert!(by_clinician("client.viewed"), "{actions:?}");

        // Either side can unlink; then nothing is visible.
        let links = app.get("/links", &lifter.token).await.expect(200);
        assert_eq!(
            links["items"][0]["clinician_email"],
            clinician.email.as_str()
        );
        app.delete(
            &format!("/links/{}", link["id"].as_str().unwrap()),
            &lifter.token,
        )
        .await
        .expect(204);
        app.get(
            &format!("/clients/{}/sessions", lifter.id),
            &clinician.token,
        )
        .await
        .refused(404, "not_found");
        app.delete(
            &format!("/links/{}", link["id"].as_str().unwrap()),
            &clinician.token,
        )
        .await
        .refused(404, "not_found");
        // Relinking, then the clinician unlinks.
        let relink = app.link(&lifter, &clinician).await;
        app.delete(&format!("/links/{relink}"), &clinician.token)
            .await
            .expect(204);
        assert_eq!(
            app.get("/clients", &clinician.token).await.expect(200)["items"],
            json!([])
        );
    }
}

#[tokio::test]
async fn an_override_never_lifts_a_screening_that_was_not_cleared() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("flagged").await;
        let clinician = app.clinician("gp").await;
        app.link(&lifter, &clinician).await;
        let mut flag = clear_screening();
        flag["red_flags"] = json!(["unexplained_weight_loss"]);
        app.post("/screenings", &lifter.token, flag)
            .await
            .expect(201);
        app.post(
            &format!("/clients/{}/overrides", lifter.id),
            &clinician.token,
            json!({"note": "cleared", "stage": "barbell"}),
        )
        .await
        .expect(201);
        app.get("/next-session", &lifter.token)
            .await
            .refused(409, "not_cleared");
        let roster = app.get("/clients", &clinician.token).await.expect(200);
        assert_eq!(roster["items"][0]["status"]["colour"], "red");
    }
}

#[tokio::test]
async fn invites_expire() {
    let settings = resilift_server::Settings {
        invite_hours: 1,
        ..resilift_server::Settings::default()
    };
    let app = App::start_with(&crate::Backend::Sqlite, settings).await;
    let lifter = app.lifter("exp").await;
    let invite = app
        .post("/invites", &lifter.token, json!({}))
        .await
        .expect(201);
    let expires: chrono::DateTime<chrono::Utc> =
        invite["expires_at"].as_str().unwrap().parse().unwrap();
    let hours = (expires - chrono::Utc::now()).num_minutes();
    assert!(
        (55..=60).contains(&hours),
        "an invite lasts the configured hour, got {hours} minutes"
    );
}
