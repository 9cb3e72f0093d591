//! Hard to break: erasure that erases, browser security headers, cross-site writes refused,
//! JSON only as JSON, text without control characters, nesting within bounds, plain request
//! ids, and the `Bearer` scheme in any case.

use serde_json::{Value, json};

use crate::{App, Backend, backends};

/// After `DELETE /me` nothing of the person can be read back from the SQLite file: not the
/// e-mail, not a clinician's note about them, not a token's name. The clinician's own action
/// stays in their log, the person replaced by a tombstone.
#[tokio::test]
async fn an_erased_person_cannot_be_read_back_from_the_database_file() {
    let app = App::start(&Backend::Sqlite).await;
    let lifter = app.lifter("erase-me-7f3a").await;
    let clinician = app.clinician("keeps-notes").await;
    app.link(&lifter, &clinician).await;
    let note = "NOTE-7f3a: sore after moving house, keep to the kettlebell";
    app.post(
        &format!("/clients/{}/overrides", lifter.id),
        &clinician.token,
        json!({"note": note}),
    )
    .await
    .expect(201);
    app.send(
        "POST",
        "/tokens",
        None,
        Some(&json!({"email": lifter.email, "password": "a long enough secret", "name": "TOKEN-7f3a phone"})),
    )
    .await
    .expect(201);
    let contains = |needle: &str| {
        app.sqlite_files().iter().any(|path| {
            let bytes = std::fs::read(path).unwrap();
            bytes
                .windows(needle.len())
                .any(|window| window == needle.as_bytes())
        })
    };
    assert!(contains(&lifter.email), "the test would not see the e-mail");
    assert!(contains("NOTE-7f3a"));

    app.send(
        "DELETE",
        "/me",
        Some(&lifter.token),
        Some(&json!({"password": "a long enough secret"})),
    )
    .await
    .expect(204);
    for needle in [
        lifter.email.as_str(),
        "NOTE-7f3a",
        "TOKEN-7f3a",
        lifter.id.as_str(),
    ] {
        assert!(
            !contains(needle),
            "`{needle}` is still in the database file"
        );
    }
    let export = app.get("/me/export", &clinician.token).await.expect(200);
    let mine: Vec<&Value> = export["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "override.created")
        .collect();
    assert!(
        mine.is_empty() || mine.iter().all(|e| e["detail"] == json!({})),
        "{mine:?}"
    );
}

#[tokio::test]
async fn every_answer_carries_the_browser_security_headers() {
    let app = App::start(&Backend::Sqlite).await;
    let client = reqwest::Client::new();
    for path in ["/", "/signin", "/api/v1/me", "/healthz", "/nowhere"] {
        let response = client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["cache-control"], "no-store", "{path}");
        assert!(
            !headers.contains_key("strict-transport-security"),
            "{path}: HSTS over plain HTTP"
        );
    }
    let asset = client
        .get(format!("{}/assets/style.css", app.base))
        .send()
        .await
        .unwrap();
    assert!(
        asset.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public")
    );
    let settings = resilift_server::Settings {
        secure_cookies: true,
        ..crate::test_settings()
    };
    let secure = App::start_with(&Backend::Sqlite, settings).await;
    let response = client
        .get(format!("{}/", secure.base))
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
}

/// Login CSRF and cross-site writes: a browser's request from another site is refused before it
/// reaches a handler, and a JSON endpoint does not take a `text/plain` body.
#[tokio::test]
async fn cross_site_writes_and_bodies_that_are_not_json_are_refused() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("cross-site").await;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let form = [
            ("email", user.email.as_str()),
            ("password", "a long enough secret"),
        ];
        for (name, value) in [
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ] {
            let response = client
                .post(format!("{}/signin", app.base))
                .header(name, value)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 403, "{name}: {value}");
            assert!(
                !response.headers().contains_key("set-cookie"),
                "no session was made"
            );
        }
        let same = client
            .post(format!("{}/signin", app.base))
            .header("origin", app.base.as_str())
            .header("sec-fetch-site", "same-origin")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(same.status(), 303, "the site itself signs in");
        let plain = client
            .post(app.url("/sign-in"))
            .header("content-type", "text/plain")
            .body(json!({"email": user.email, "password": "a long enough secret"}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(plain.status(), 415);
        let body: Value = plain.json().await.unwrap();
        assert_eq!(body["code"], "unsupported_media_type");
    }
}

/// Text a person never means to type (NUL, a line break in a one-line field, a direction
/// override) is refused field by field on both databases, and storing nothing; nesting past the
/// parser's limit is a 400; the scheme name of `Bearer` is case-insensitive.
#[tokio::test]
async fn control_characters_deep_nesting_and_bearer_case() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("hygiene").await;
        let refused = app
            .send(
                "POST",
                "/accounts",
                None,
                Some(&json!({"email": "a\u{0}b@example.org", "password": "a long enough secret", "role": "lifter"})),
            )
            .await
            .refused(422, "invalid_input");
        assert_eq!(refused["fields"][0]["field"], "email");
        let refused = app
            .send(
                "POST",
                "/tokens",
                None,
                Some(&json!({"email": user.email, "password": "a long enough secret", "name": "phone\u{202e}evil"})),
            )
            .await
            .refused(422, "invalid_input");
        assert_eq!(refused["fields"][0]["field"], "name");
        let tokens = app.get("/tokens", &user.token).await.expect(200);
        assert_eq!(
            tokens["items"].as_array().unwrap().len(),
            1,
            "nothing was stored"
        );

        let deep = format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200));
        let response = reqwest::Client::new()
            .post(app.url("/sessions"))
            .bearer_auth(&user.token)
            .header("content-type", "application/json")
            .body(deep)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);

        let lower = reqwest::Client::new()
            .get(app.url("/me"))
            .header("authorization", format!("bearer {}", user.token))
            .send()
            .await
            .unwrap();
        assert_eq!(lower.status(), 200);
    }
}

/// A client's request id is echoed only when short and plain; anything else is replaced, so a
/// client cannot write into the logs.
#[tokio::test]
async fn only_plain_request_ids_are_kept() {
    let app = App::start(&Backend::Sqlite).await;
    let client = reqwest::Client::new();
    let echo = |id: &'static str| {
        let request = client
            .get(format!("{}/healthz", app.base))
            .header("x-request-id", id);
        async move {
            let response = request.send().await.unwrap();
            response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(echo("client-42.a_b").await, "client-42.a_b");
    for forged in ["forged id with spaces", "a/../../etc", "<script>"] {
        assert_ne!(echo(forged).await, forged);
    }
    let long: &'static str = Box::leak("x".repeat(65).into_boxed_str());
    assert_ne!(echo(long).await, long);
}

/// Tokens expire `token_days` after they were made, and the list says when; a server set to
/// let them last no time at all refuses a token at once.
#[tokio::test]
async fn tokens_expire_after_the_configured_days() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("expiring").await;
        let listed = app.get("/tokens", &user.token).await.expect(200);
        let token = &listed["items"][0];
        let made =
            chrono::DateTime::parse_from_rfc3339(token["created_at"].as_str().unwrap()).unwrap();
        let ends =
            chrono::DateTime::parse_from_rfc3339(token["expires_at"].as_str().unwrap()).unwrap();
        assert_eq!((ends - made).num_days(), 90);

        let settings = resilift_server::Settings {
            token_days: 0,
            ..crate::test_settings()
        };
        let strict = App::start_with(&backend, settings).await;
        let user = strict.user("expired-at-once", "lifter").await;
        strict
            .get("/me", &user.token)
            .await
            .refused(401, "unauthorized");
    }
}

/// Guessing a password gets slower: five wrong passwords are free, the sixth makes the next try
/// wait (429 with `Retry-After`), even with the right password, on every way in; the wait ends
/// by itself, and a sign-in that works clears the count.
#[tokio::test]
async fn wrong_passwords_make_the_next_try_wait() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("guessed").await;
        let wrong = json!({"email": user.email, "password": "not the password"});
        for _ in 0..6 {
            app.send("POST", "/tokens", None, Some(&wrong))
                .await
                .refused(401, "invalid_credentials");
        }
        let right = json!({"email": user.email, "password": "a long enough secret"});
        let reply = app.send("POST", "/sign-in", None, Some(&right)).await;
        let wait: u64 = reply.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=2).contains(&wait), "waits {wait} s");
        reply.refused(429, "too_many_attempts");
        app.send("POST", "/tokens", None, Some(&right))
            .await
            .refused(429, "too_many_attempts");
        tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
        app.send("POST", "/tokens", None, Some(&right))
            .await
            .expect(201);
        // The count starts again: five more wrong passwords are free.
        for _ in 0..5 {
            app.send("POST", "/tokens", None, Some(&wrong))
                .await
                .refused(401, "invalid_credentials");
        }
    }
}

/// Implausible values are refused with the field named and nothing stored: days before 1900 (a
/// session, a triage onset, a correction), more than 20 sets, loads under 0.25.
#[tokio::test]
async fn implausible_dates_sets_and_loads_are_refused() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("implausible").await;
        let mut old = crate::session(1, 16.0, 2, None);
        for year in ["0000-01-01", "0001-01-01", "1899-12-31"] {
            old["date"] = json!(year);
            let reply = app.post("/sessions", &user.token, old.clone()).await;
            assert_eq!(reply.fields(), ["date"], "{year}: {}", reply.body);
            reply.refused(422, "invalid_input");
        }
        let mut many = crate::session(1, 16.0, 2, None);
        many["sets"] = json!(vec![json!({"load": 16, "reps": 5, "rpe": 7}); 21]);
        let reply = app.post("/sessions", &user.token, many).await;
        assert_eq!(reply.fields(), ["sets"]);
        reply.refused(422, "invalid_input");
        let mut tiny = crate::session(1, 16.0, 2, None);
        tiny["sets"][0]["load"] = json!(1e-300);
        let reply = app.post("/sessions", &user.token, tiny).await;
        assert_eq!(reply.fields(), ["sets[0].load"]);
        reply.refused(422, "invalid_input");
        let triage = json!({"onset": "1066-10-14", "pain_now": 3, "leg_symptoms": "none",
            "numbness_or_weakness": false, "red_flags": [], "disc_bulge_known": false, "improving": true});
        let reply = app.post("/triage", &user.token, triage).await;
        assert_eq!(reply.fields(), ["onset"]);
        reply.refused(422, "invalid_input");
        let logged = app
            .post("/sessions", &user.token, crate::session(1, 16.0, 2, None))
            .await
            .expect(201);
        let id = logged["id"].as_str().unwrap();
        app.patch(
            &format!("/sessions/{id}"),
            &user.token,
            json!({"date": "1900-01-00"}),
        )
        .await
        .refused(422, "invalid_input");
        app.patch(
            &format!("/sessions/{id}"),
            &user.token,
            json!({"date": "1850-06-01"}),
        )
        .await
        .refused(422, "invalid_input");
        let list = app.get("/sessions", &user.token).await.expect(200);
        assert_eq!(
            list["items"].as_array().unwrap().len(),
            1,
            "only the good session is kept"
        );
    }
}
