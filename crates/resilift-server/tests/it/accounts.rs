//! Registration, tokens, browser sessions with CSRF, passwords, closed registration.

use serde_json::json;

use crate::{App, backends};

#[tokio::test]
async fn registration_tokens_and_revocation() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("ana").await;
        let me = app.get("/me", &user.token).await.expect(200);
        assert_eq!(me["email"], "ana@example.org");
        assert_eq!(me["role"], "lifter");

        // The same address again, in other case, is a conflict.
        app.send("POST", "/accounts", None, Some(&json!({"email": "ANA@example.org", "password": "another secret", "role": "lifter"})))
            .await
            .refused(409, "email_taken");
        // Each bad field is named, all in one answer.
        let reply = app
            .send(
                "POST",
                "/accounts",
                None,
                Some(&json!({"email": "not-an-address", "password": "x", "role": "lifter"})),
            )
            .await;
        assert_eq!(reply.fields(), ["email", "password"]);
        reply.refused(422, "invalid_input");
        let reply = app
            .send(
                "POST",
                "/accounts",
                None,
                Some(&json!({"email": "b@example.org", "password": "short", "role": "lifter"})),
            )
            .await;
        assert_eq!(reply.fields(), ["password"]);
        let reply = app
            .send(
                "POST",
                "/accounts",
                None,
                Some(
                    &json!({"email": "b@example.org", "password": "long enough", "role": "coach"}),
                ),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 422);
        assert_eq!(reply.fields(), ["role"]);
        app.send_raw("POST", "/accounts", None, "{\"email\": ")
            .await
            .refused(400, "malformed_json");
        // None of the refused registrations made an account.
        app.send(
            "POST",
            "/tokens",
            None,
            Some(&json!({"email": "b@example.org", "password": "long enough"})),
        )
        .await
        .refused(401, "invalid_credentials");

        // Wrong password: 401, same answer as an unknown address.
        app.send(
            "POST",
            "/tokens",
            None,
            Some(&json!({"email": "ana@example.org", "password": "wrong password"})),
        )
        .await
        .refused(401, "invalid_credentials");

        // A second token; list shows both without secrets; revoke one.
        let second = app
            .send("POST", "/tokens", None, Some(&json!({"email": "ana@example.org", "password": "a long enough secret", "name": "phone"})))
            .await
            .expect(201);
        let second_token = second["token"].as_str().unwrap();
        assert!(second_token.starts_with("rl_"));
        let list = app.get("/tokens", &user.token).await.expect(200);
        assert_eq!(list["items"].as_array().unwrap().len(), 2);
        assert!(
            !list.to_string().contains(second_token),
            "secrets are shown once only"
        );
        app.delete(
            &format!("/tokens/{}", second["id"].as_str().unwrap()),
            &user.token,
        )
        .await
        .expect(204);
        app.get("/me", second_token)
            .await
            .refused(401, "unauthorized");
        app.delete(
            &format!("/tokens/{}", second["id"].as_str().unwrap()),
            &user.token,
        )
        .await
        .refused(404, "not_found");
        // The first token still works.
        app.get("/me", &user.token).await.expect(200);
        app.get("/me", "rl_nonsense")
            .await
            .refused(401, "unauthorized");
        app.send("GET", "/me", None, None)
            .await
            .refused(401, "unauthorized");
    }
}

#[tokio::test]
async fn closed_registration_refuses_new_accounts() {
    for backend in backends() {
        let settings = resilift_server::Settings {
            open_registration: false,
            ..crate::test_settings()
        };
        let app = App::start_with(&backend, settings).await;
        app.send(
            "POST",
            "/accounts",
            None,
            Some(&json!({"email": "c@example.org", "password": "long enough", "role": "lifter"})),
        )
        .await
        .refused(403, "registration_closed");
    }
}

#[tokio::test]
async fn browser_sessions_need_the_csrf_token_for_changes() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("cookie").await;
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let response = client
            .post(app.url("/sign-in"))
            .json(&json!({"email": user.email, "password": "a long enough secret"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let cookie = response
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(
            !cookie.contains("Secure"),
            "plain HTTP by default: {cookie}"
        );
        let body: serde_json::Value = response.json().await.unwrap();
        let csrf = body["csrf_token"].as_str().unwrap().to_owned();

        let me = client.get(app.url("/me")).send().await.unwrap();
        assert_eq!(me.status(), 200);
        let without = client
            .post(app.url("/sessions"))
            .json(&crate::session(1, 16.0, 2, None))
            .send()
            .await
            .unwrap();
        assert_eq!(without.status(), 403);
        let with = client
            .post(app.url("/sessions"))
            .header("x-csrf-token", &csrf)
            .json(&crate::session(1, 16.0, 2, None))
            .send()
            .await
            .unwrap();
        assert_eq!(with.status(), 201);
        // Only the session with the token was stored.
        let list = app.get("/sessions", &user.token).await.expect(200);
        assert_eq!(list["items"].as_array().unwrap().len(), 1);

        let out = client
            .post(app.url("/sign-out"))
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 204);
        assert_eq!(
            client.get(app.url("/me")).send().await.unwrap().status(),
            401
        );
    }
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let settings = resilift_server::Settings {
        secure_cookies: true,
        ..crate::test_settings()
    };
    let app = App::start_with(&crate::Backend::Sqlite, settings).await;
    let user = app.lifter("tls").await;
    let reply = app
        .send(
            "POST",
            "/sign-in",
            None,
            Some(&json!({"email": user.email, "password": "a long enough secret"})),
        )
        .await;
    let cookie = reply.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn password_change_needs_the_current_password() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("pw").await;
        let reply = app
            .send("PUT", "/me/password", Some(&user.token), Some(&json!({"current_password": "wrong one!", "new_password": "a brand new secret"})))
            .await;
        assert_eq!(reply.fields(), ["current_password"]);
        reply.refused(422, "wrong_password");
        let reply = app
            .send(
                "PUT",
                "/me/password",
                Some(&user.token),
                Some(&json!({"current_password": "a long enough secret", "new_password": "short"})),
            )
            .await;
        assert_eq!(reply.fields(), ["new_password"]);
        // A token made with the old password (by whoever learnt it) ends with the change.
        let stolen = app
            .send(
                "POST",
                "/tokens",
                None,
                Some(&json!({"email": user.email, "password": "a long enough secret", "name": "not mine"})),
            )
            .await
            .expect(201);
        let stolen = stolen["token"].as_str().unwrap().to_owned();
        app.get("/me", &stolen).await.expect(200);
        app.send("PUT", "/me/password", Some(&user.token), Some(&json!({"current_password": "a long enough secret", "new_password": "a brand new secret"})))
            .await
            .expect(204);
        app.get("/me", &stolen).await.refused(401, "unauthorized");
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
        app.send(
            "POST",
            "/tokens",
            None,
            Some(&json!({"email": user.email, "password": "a brand new secret"})),
        )
        .await
        .expect(201);
    }
}
