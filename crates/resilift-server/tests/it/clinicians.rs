//! The clinician's roster: the names clients choose, adherence, search, filters and order.

use serde_json::json;

use crate::{App, backends, clear_screening, session};

/// A client's chosen name reaches the linked clinician's roster (JSON and page); adherence
/// counts the sessions done against those planned since the first screening; removing the name
/// shows the address again.
#[tokio::test]
async fn the_roster_shows_names_and_adherence_and_narrows_by_search_and_group() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("maria").await;
        let quiet = app.lifter("quiet").await;
        let clinician = app.clinician("physio").await;
        app.link(&lifter, &clinician).await;
        app.link(&quiet, &clinician).await;

        let me = app
            .send(
                "PATCH",
                "/me",
                Some(&lifter.token),
                Some(&json!({"display_name": "  Maria Lopez "})),
            )
            .await
            .expect(200);
        assert_eq!(me["display_name"], "Maria Lopez");
        assert_eq!(
            app.get("/me", &lifter.token).await.expect(200)["display_name"],
            "Maria Lopez"
        );
        let long = "x".repeat(81);
        let reply = app
            .send(
                "PATCH",
                "/me",
                Some(&lifter.token),
                Some(&json!({"display_name": long})),
            )
            .await;
        assert_eq!(reply.fields(), ["display_name"]);
        reply.refused(422, "invalid_input");

        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        app.post("/sessions", &lifter.token, session(1, 16.0, 2, Some(1)))
            .await
            .expect(201);

        let roster = app.get("/clients", &clinician.token).await.expect(200);
        let items = roster["items"].as_array().unwrap();
        let maria = items
            .iter()
            .find(|c| c["id"] == lifter.id.as_str())
            .unwrap();
        assert_eq!(maria["name"], "Maria Lopez");
        // Screened today: this week is planned (one session a week) and done.
        assert_eq!(
            maria["status"]["adherence_4_weeks"],
            json!({"planned": 1, "done": 1, "percent": 100})
        );
        assert_eq!(maria["status"]["adherence_12_weeks"]["planned"], 1);
        let other = items.iter().find(|c| c["id"] == quiet.id.as_str()).unwrap();
        assert!(other.get("name").is_none());
        assert_eq!(
            other["status"]["adherence_4_weeks"]["percent"],
            json!(null),
            "nothing planned before a screening"
        );

        // The page: names first, search and groups narrow it, odd parameters never break it.
        let cookie = app.sign_in_browser(&clinician.email).await;
        let page = |query: &str| {
            let (app, cookie) = (&app, cookie.clone());
            let query = query.to_owned();
            async move {
                let response = app
                    .client
                    .get(format!("{}/clients{query}", app.base))
                    .header("cookie", cookie)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200, "{query}");
                response.text().await.unwrap()
            }
        };
        let all = page("").await;
        assert!(
            all.contains("Maria Lopez") && all.contains("2 clients."),
            "{all}"
        );
        assert!(all.contains("100% (1 of 1)"), "{all}");
        let found = page("?q=maria").await;
        assert!(found.contains("1 of 2 clients match") && found.contains("Maria Lopez"));
        assert!(!found.contains(&quiet.email));
        let green = page("?show=green&sort=name").await;
        assert!(green.contains("of 2 clients match"), "{green}");
        let odd = page("?q=a&q=quiet&show=nonsense&sort=%FF").await;
        assert!(
            odd.contains("1 of 2 clients match") && odd.contains(&quiet.email),
            "{odd}"
        );

        app.send(
            "PATCH",
            "/me",
            Some(&lifter.token),
            Some(&json!({"display_name": null})),
        )
        .await
        .expect(200);
        let roster = app.get("/clients", &clinician.token).await.expect(200);
        assert!(
            roster["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c.get("name").is_none())
        );
    }
}

/// A trap-bar session of 100 kg × 5 at RPE 7 `days` ago (e1RM 126.67 kg: the next plan starts
/// at 65%, 80 kg).
fn trap_bar(days: i64) -> serde_json::Value {
    json!({
        "date": crate::days_ago(days),
        "exercise": "trap_bar",
        "completed": true,
        "sets": [{"load": 100, "reps": 5, "rpe": 7}],
        "pain": {"before": 1, "during_max": 1, "after": 1, "next_morning": 1},
        "leg_symptoms": "none",
        "faults": []
    })
}

/// PRX-CLINICIAN: a clinician's ceiling (kg, lb or % of the e1RM) lowers the plan, says so in a
/// reason, reaches the client, never goes above the programme's own, and bad ceilings are
/// refused by field. The page's preview shows the capped plan and saves nothing.
#[tokio::test]
async fn a_load_ceiling_lowers_the_plan_and_the_preview_shows_it_first() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("capped").await;
        let clinician = app.clinician("physio").await;
        app.link(&lifter, &clinician).await;
        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        let overrides = format!("/clients/{}/overrides", lifter.id);
        app.post(
            &overrides,
            &clinician.token,
            json!({"note": "Trap bar from now.", "stage": "trap_bar"}),
        )
        .await
        .expect(201);
        app.post("/sessions", &lifter.token, trap_bar(1))
            .await
            .expect(201);
        let free = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(free["sets"][0]["load"], 80.0, "{free}");
        assert_eq!(free["ceiling"], json!(null));

        for (ceiling, field) in [
            (json!({}), "ceiling"),
            (json!({"percent_e1rm": 85}), "ceiling.percent_e1rm"),
            (json!({"load": 0}), "ceiling.load"),
        ] {
            let reply = app
                .post(
                    &overrides,
                    &clinician.token,
                    json!({"note": "n", "ceiling": ceiling}),
                )
                .await;
            assert_eq!(reply.fields(), [field], "{ceiling}");
            reply.refused(422, "invalid_input");
        }
        assert_eq!(
            app.get("/overrides", &lifter.token).await.expect(200)["items"]
                .as_array()
                .unwrap()
                .len(),
            1,
            "refused overrides store nothing"
        );

        let saved = app
            .post(
                &overrides,
                &clinician.token,
                json!({"note": "No more than 60 kg until we talk.", "ceiling": {"load": 60}}),
            )
            .await
            .expect(201);
        assert_eq!(
            saved["ceiling"],
            json!({"load": 60.0, "units": "kg", "percent_e1rm": null})
        );
        let capped = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(capped["exercise"], "trap_bar", "the rung set earlier stays");
        assert!(
            capped["sets"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["load"] == 60.0),
            "{capped}"
        );
        assert_ne!(capped["decision"], "progress");
        assert!(
            capped["summary"]
                .as_str()
                .unwrap()
                .contains("your clinician set a ceiling of 60 kg"),
            "the one sentence says why it is lighter: {}",
            capped["summary"]
        );
        assert_eq!(capped["ceiling"]["load"], 60.0);
        let reason = capped["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "PRX-CLINICIAN")
            .expect("the ceiling says why");
        assert!(
            reason["message"]
                .as_str()
                .unwrap()
                .contains("ceiling of 60 kg"),
            "{reason}"
        );
        assert!(reason["evidence"].as_array().is_some_and(|e| !e.is_empty()));

        // In pounds: 100 lb is 45.35 kg, rounded down to 45 kg on the trap bar.
        app.post(
            &overrides,
            &clinician.token,
            json!({"note": "Lighter still.", "ceiling": {"load": 100, "units": "lb"}}),
        )
        .await
        .expect(201);
        let pounds = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(pounds["sets"][0]["load"], 45.0, "{pounds}");
        // A share of the e1RM: 50% of 126.67 kg is 63.33 kg, and the newest ceiling holds.
        app.post(
            &overrides,
            &clinician.token,
            json!({"note": "Half your estimate.", "ceiling": {"percent_e1rm": 50}}),
        )
        .await
        .expect(201);
        let share = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(share["sets"][0]["load"], 62.5, "{share}");
        // A ceiling above the programme's own changes nothing.
        app.post(
            &overrides,
            &clinician.token,
            json!({"note": "Loose.", "ceiling": {"load": 500}}),
        )
        .await
        .expect(201);
        let loose = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(loose["sets"][0]["load"], 80.0);
        assert!(
            loose["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["rule"] != "PRX-CLINICIAN")
        );

        // The page's preview: the plan with a 40 kg ceiling beside the plan now; nothing saved.
        let before = app.get("/overrides", &lifter.token).await.expect(200)["items"]
            .as_array()
            .unwrap()
            .len();
        let cookie = app.sign_in_browser(&clinician.email).await;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let page = client
            .get(
                app.url(&format!("/clients/{}", lifter.id))
                    .replace("/api/v1", ""),
            )
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let start = page.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
        let csrf = page[start..start + 64].to_owned();
        let override_form = |fields: Vec<(&'static str, String)>| {
            client
                .post(
                    app.url(&format!("/clients/{}/override", lifter.id))
                        .replace("/api/v1", ""),
                )
                .header("cookie", &cookie)
                .header(
                    "origin",
                    app.url("").replace("/api/v1", "").trim_end_matches('/'),
                )
                .form(&fields)
                .send()
        };
        let preview = override_form(vec![
            ("csrf", csrf.clone()),
            ("note", "Try 40 kg.".into()),
            ("stage", String::new()),
            ("ceiling", "40".into()),
            ("ceiling_unit", "kg".into()),
            ("action", "preview".into()),
        ])
        .await
        .unwrap();
        assert_eq!(preview.status(), 200);
        let text = preview.text().await.unwrap();
        assert!(text.contains("Preview: nothing is saved yet"), "{text}");
        assert!(text.contains("3 × 5 at 80 kg") && text.contains("3 × 5 at 40 kg"));
        assert_eq!(
            app.get("/overrides", &lifter.token).await.expect(200)["items"]
                .as_array()
                .unwrap()
                .len(),
            before,
            "a preview saves nothing"
        );
        // A ceiling typed as words is named beside its field.
        let refused = override_form(vec![
            ("csrf", csrf.clone()),
            ("note", "x".into()),
            ("ceiling", "forty".into()),
            ("ceiling_unit", "kg".into()),
            ("action", "save".into()),
        ])
        .await
        .unwrap();
        assert_eq!(refused.status(), 422);
        assert!(refused.text().await.unwrap().contains("f-ceiling"));
    }
}

/// The roster keeps statuses it computed while a client's record is unchanged, and shows each
/// change at once: a new session, a check-in, a deleted session.
#[tokio::test]
async fn the_roster_shows_every_change_at_once() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("changes").await;
        let clinician = app.clinician("physio").await;
        app.link(&lifter, &clinician).await;
        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        let colour = || async {
            let roster = app.get("/clients", &clinician.token).await.expect(200);
            roster["items"][0]["status"]["colour"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(colour().await, "green");
        assert_eq!(
            colour().await,
            "green",
            "the same answer from what was kept"
        );
        let red = app
            .post("/sessions", &lifter.token, session(1, 16.0, 7, None))
            .await
            .expect(201);
        assert_eq!(colour().await, "red", "a flare-level session shows at once");
        app.delete(
            &format!("/sessions/{}", red["id"].as_str().unwrap()),
            &lifter.token,
        )
        .await
        .expect(204);
        assert_eq!(
            colour().await,
            "red",
            "deleting it keeps the stop until a screening answers it"
        );
        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        assert_eq!(colour().await, "green", "the new screening shows at once");
        let sore = app
            .post("/sessions", &lifter.token, session(1, 16.0, 2, None))
            .await
            .expect(201);
        assert_eq!(
            colour().await,
            "green",
            "a check-in due this morning is not overdue yet"
        );
        app.delete(
            &format!("/sessions/{}", sore["id"].as_str().unwrap()),
            &lifter.token,
        )
        .await
        .expect(204);
        let sore = app
            .post("/sessions", &lifter.token, session(2, 16.0, 2, None))
            .await
            .expect(201);
        assert_eq!(colour().await, "amber", "an overdue check-in");
        app.patch(
            &format!("/sessions/{}", sore["id"].as_str().unwrap()),
            &lifter.token,
            json!({"pain": {"next_morning": 2}}),
        )
        .await
        .expect(200);
        assert_eq!(colour().await, "green", "the check-in answered");
    }
}

/// With room for fewer statuses than the roster has clients, the least used are dropped and
/// computed again when next needed: every row stays right, and each change still shows at once.
#[tokio::test]
async fn a_roster_larger_than_the_status_cache_stays_right() {
    for backend in backends() {
        let settings = resilift_server::Settings {
            status_cache: 2,
            ..crate::test_settings()
        };
        let app = App::start_with(&backend, settings).await;
        let clinician = app.clinician("small-cache").await;
        let mut lifters = Vec::new();
        for n in 0..4 {
            let lifter = app.lifter(&format!("evicted-{n}")).await;
            app.link(&lifter, &clinician).await;
            app.post("/screenings", &lifter.token, clear_screening())
                .await
                .expect(201);
            lifters.push(lifter);
        }
        let colours = || async {
            let roster = app.get("/clients", &clinician.token).await.expect(200);
            let mut colours: Vec<(String, String)> = roster["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| {
                    (
                        item["id"].as_str().unwrap().to_owned(),
                        item["status"]["colour"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            colours.sort();
            colours
        };
        let expect = |red: Option<&str>| {
            let mut want: Vec<(String, String)> = lifters
                .iter()
                .map(|l| {
                    let colour = if Some(l.id.as_str()) == red {
                        "red"
                    } else {
                        "green"
                    };
                    (l.id.clone(), colour.to_owned())
                })
                .collect();
            want.sort();
            want
        };
        for _ in 0..3 {
            assert_eq!(colours().await, expect(None));
        }
        for lifter in &lifters {
            let red = app
                .post("/sessions", &lifter.token, session(1, 16.0, 7, None))
                .await
                .expect(201);
            assert_eq!(colours().await, expect(Some(&lifter.id)));
            // Deleting it keeps the stop (only a screening answers flare-level pain); the
            // new screening shows at once.
            app.delete(
                &format!("/sessions/{}", red["id"].as_str().unwrap()),
                &lifter.token,
            )
            .await
            .expect(204);
            assert_eq!(colours().await, expect(Some(&lifter.id)));
            app.post("/screenings", &lifter.token, clear_screening())
                .await
                .expect(201);
            assert_eq!(colours().await, expect(None));
        }
    }
}
