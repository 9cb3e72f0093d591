//! `Idempotency-Key` on POST: a retried request is answered once and stored once, whether it
//! comes from the API or from a phone sending its offline queue through the web forms.

use serde_json::json;

use crate::web::{browser, sign_up};
use crate::{App, backends, clear_screening, session};

async fn post_with_key(
    app: &App,
    path: &str,
    token: &str,
    key: &str,
    body: &serde_json::Value,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn count_sessions(app: &App, token: &str) -> usize {
    app.get("/sessions", token).await.expect(200)["items"]
        .as_array()
        .unwrap()
        .len()
}

/// A lifter whose screening clears loading, so sessions can be logged.
async fn cleared_lifter(app: &App, name: &str) -> crate::User {
    let lifter = app.lifter(name).await;
    app.post("/screenings", &lifter.token, clear_screening())
        .await
        .expect(201);
    lifter
}

#[tokio::test]
async fn a_retried_post_stores_one_session_and_repeats_the_first_answer() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = cleared_lifter(&app, "retry").await;
        let body = session(3, 16.0, 2, None);
        let first = post_with_key(&app, "/sessions", &lifter.token, "phone-queue-1", &body).await;
        assert_eq!(first.status(), 201, "{backend:?}");
        let first: serde_json::Value = first.json().await.unwrap();
        for _ in 0..3 {
            let again =
                post_with_key(&app, "/sessions", &lifter.token, "phone-queue-1", &body).await;
            assert_eq!(again.status(), 201, "{backend:?}");
            assert_eq!(
                again.headers()["idempotent-replayed"],
                "true",
                "{backend:?}"
            );
            let again: serde_json::Value = again.json().await.unwrap();
            assert_eq!(
                again["id"], first["id"],
                "the first answer, not a new record"
            );
        }
        assert_eq!(count_sessions(&app, &lifter.token).await, 1, "{backend:?}");

        // The same key with another body is refused and changes nothing.
        let other = session(2, 20.0, 2, None);
        let refused =
            post_with_key(&app, "/sessions", &lifter.token, "phone-queue-1", &other).await;
        assert_eq!(refused.status(), 422, "{backend:?}");
        let refused: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(refused["code"], "idempotency_key_reused");
        assert_eq!(refused["fields"][0]["field"], "Idempotency-Key");
        assert_eq!(count_sessions(&app, &lifter.token).await, 1, "{backend:?}");

        // A new key is a new request.
        post_with_key(&app, "/sessions", &lifter.token, "phone-queue-2", &other).await;
        assert_eq!(count_sessions(&app, &lifter.token).await, 2, "{backend:?}");

        // Keys belong to their account: another lifter's same key is not a replay.
        let other_lifter = cleared_lifter(&app, "elsewhere").await;
        let theirs = post_with_key(
            &app,
            "/sessions",
            &other_lifter.token,
            "phone-queue-1",
            &body,
        )
        .await;
        assert_eq!(theirs.status(), 201);
        assert!(theirs.headers().get("idempotent-replayed").is_none());
        assert_eq!(count_sessions(&app, &other_lifter.token).await, 1);
    }
}

#[tokio::test]
async fn simultaneous_retries_store_one_record() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = cleared_lifter(&app, "double").await;
        let body = session(3, 16.0, 2, None);
        let mut tries = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let request = app
                .client
                .post(app.url("/sessions"))
                .bearer_auth(&lifter.token)
                .header("Idempotency-Key", "tap-tap")
                .json(&body);
            tries.spawn(async move { request.send().await.unwrap().status().as_u16() });
        }
        let mut created = 0;
        while let Some(status) = tries.join_next().await {
            match status.unwrap() {
                201 => created += 1,
                409 => {}
                other => panic!("{backend:?}: unexpected status {other}"),
            }
        }
        assert!(created >= 1, "{backend:?}");
        assert_eq!(count_sessions(&app, &lifter.token).await, 1, "{backend:?}");
    }
}

#[tokio::test]
async fn a_web_form_sent_twice_with_one_key_saves_once_and_redirects_to_it() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let client = browser();
        let csrf = sign_up(&app, &client, "offline@example.org", "lifter").await;
        let lifter = app
            .sign_in("offline@example.org", "a long enough secret")
            .await;
        app.post("/screenings", &lifter, clear_screening())
            .await
            .expect(201);
        let date = crate::days_ago(1);
        let form = [
            ("csrf", csrf.as_str()),
            ("date", date.as_str()),
            ("exercise", "kettlebell"),
            ("sets[0].load", "16"),
            ("sets[0].reps", "8"),
            ("sets[0].rpe", "7"),
            ("completed", "yes"),
            ("pain.before", "1"),
            ("pain.during_max", "2"),
            ("pain.after", "1"),
            ("leg_symptoms", "none"),
            ("red_flags_none", "yes"),
        ];
        let mut places = Vec::new();
        for _ in 0..2 {
            let answer = client
                .post(format!("{}/log", app.base))
                .header("Idempotency-Key", "workout-2026-11-24")
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), 303, "{backend:?}");
            places.push(answer.headers()["location"].to_str().unwrap().to_owned());
        }
        assert_eq!(
            places[0], places[1],
            "both answers point at the one session"
        );
        assert_eq!(count_sessions(&app, &lifter).await, 1, "{backend:?}");
    }
}

#[tokio::test]
async fn a_token_answer_is_never_kept_and_a_bad_key_is_named() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("secret").await;
        let body = json!({"email": lifter.email, "password": "a long enough secret"});
        let first = app
            .client
            .post(app.url("/tokens"))
            .header("Idempotency-Key", "mint-once")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(first.status(), 201);
        let again = app
            .client
            .post(app.url("/tokens"))
            .header("Idempotency-Key", "mint-once")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 409, "{backend:?}");
        let again: serde_json::Value = again.json().await.unwrap();
        assert_eq!(again["code"], "already_done");
        assert!(
            !again.to_string().contains("rl_"),
            "no secret is repeated: {again}"
        );

        let bad = app
            .client
            .post(app.url("/sessions"))
            .bearer_auth(&lifter.token)
            .header("Idempotency-Key", "two words")
            .json(&session(1, 16.0, 2, None))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 422);
        let bad: serde_json::Value = bad.json().await.unwrap();
        assert_eq!(bad["fields"][0]["field"], "Idempotency-Key");
        assert_eq!(count_sessions(&app, &lifter.token).await, 0);
    }
}
