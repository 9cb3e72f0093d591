//! Sign-in defences and what an operator does: password strength, limits per network address,
//! clinician invites, disabled accounts, token use, and password resets by e-mail through a
//! local SMTP server.

use std::sync::{Arc, Mutex};

use serde_json::json;
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};

use crate::{App, backends, test_settings};

/// Easy passwords are refused with the field named, on registration and on a change; a
/// passphrase passes.
#[tokio::test]
async fn passwords_that_are_easy_to_guess_are_refused() {
    for backend in backends() {
        let app = App::start(&backend).await;
        for weak in ["password", "12345678", "qwerty123", "iloveyou1"] {
            let reply = app
                .send(
                    "POST",
                    "/accounts",
                    None,
                    Some(&json!({"email": "weak@example.org", "password": weak, "role": "lifter"})),
                )
                .await;
            assert_eq!(reply.fields(), ["password"], "{weak}: {}", reply.body);
            let body = reply.refused(422, "invalid_input");
            assert!(
                body["error"]
                    .as_str()
                    .unwrap()
                    .contains("too easy to guess"),
                "{body}"
            );
        }
        let user = app.lifter("strong").await;
        let reply = app
            .send(
                "PUT",
                "/me/password",
                Some(&user.token),
                Some(&json!({"current_password": "a long enough secret", "new_password": "password1"})),
            )
            .await;
        assert_eq!(reply.fields(), ["new_password"]);
        reply.refused(422, "invalid_input");
    }
}

/// Many wrong passwords from one network address slow every further try from it, whichever
/// account they name (so guessing across accounts is slowed too), with `Retry-After`.
#[tokio::test]
async fn one_network_address_is_slowed_after_many_wrong_passwords() {
    for backend in backends() {
        let settings = resilift_server::Settings {
            address_failures_free: 3,
            ..test_settings()
        };
        let app = App::start_with(&backend, settings).await;
        let user = app.lifter("spread").await;
        for n in 0..4 {
            app.send(
                "POST",
                "/tokens",
                None,
                Some(&json!({"email": format!("guess{n}@example.org"), "password": "wrong guess"})),
            )
            .await
            .refused(401, "invalid_credentials");
        }
        let reply = app
            .send(
                "POST",
                "/tokens",
                None,
                Some(&json!({"email": user.email, "password": "a long enough secret"})),
            )
            .await;
        let wait: u64 = reply.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=2).contains(&wait), "{wait}");
        let body = reply.refused(429, "too_many_attempts");
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("from this network"),
            "{body}"
        );
    }
}

/// Registration is limited per network address and hour, taken addresses included, so that
/// probing which addresses have an account (the `409` of a taken one) is slow.
#[tokio::test]
async fn registrations_from_one_address_are_limited() {
    for backend in backends() {
        let settings = resilift_server::Settings {
            registrations_per_hour: 3,
            ..test_settings()
        };
        let app = App::start_with(&backend, settings).await;
        let register = |email: &str| json!({"email": email, "password": "a long enough secret", "role": "lifter"});
        app.send(
            "POST",
            "/accounts",
            None,
            Some(&register("one@example.org")),
        )
        .await
        .expect(201);
        app.send(
            "POST",
            "/accounts",
            None,
            Some(&register("one@example.org")),
        )
        .await
        .refused(409, "email_taken");
        app.send(
            "POST",
            "/accounts",
            None,
            Some(&register("two@example.org")),
        )
        .await
        .expect(201);
        for probe in ["one@example.org", "three@example.org"] {
            let reply = app
                .send("POST", "/accounts", None, Some(&register(probe)))
                .await;
            assert!(reply.headers.contains_key("retry-after"));
            reply.refused(429, "too_many_attempts");
        }
    }
}

/// Clinicians register with an operator's invite unless clinician registration is open; an
/// invite works once.
#[tokio::test]
async fn clinicians_register_with_an_operators_invite() {
    for backend in backends() {
        let settings = resilift_server::Settings {
            open_clinician_registration: false,
            ..test_settings()
        };
        let app = App::start_with(&backend, settings).await;
        let clinician = |email: &str, invite: Option<&str>| {
            let mut body =
                json!({"email": email, "password": "a long enough secret", "role": "clinician"});
            if let Some(code) = invite {
                body["clinician_invite"] = json!(code);
            }
            body
        };
        let reply = app
            .send(
                "POST",
                "/accounts",
                None,
                Some(&clinician("doc@example.org", None)),
            )
            .await;
        assert_eq!(reply.fields(), ["clinician_invite"]);
        reply.refused(403, "clinician_invite_required");
        app.send(
            "POST",
            "/accounts",
            None,
            Some(&clinician("doc@example.org", Some("ci_made_up"))),
        )
        .await
        .refused(422, "invalid_invite");

        let code = resilift_server::admin::invite_clinician(&app.state, "Dr Example", 14)
            .await
            .unwrap();
        let made = app
            .send(
                "POST",
                "/accounts",
                None,
                Some(&clinician("doc@example.org", Some(&code))),
            )
            .await
            .expect(201);
        assert_eq!(made["role"], "clinician");
        app.send(
            "POST",
            "/accounts",
            None,
            Some(&clinician("second@example.org", Some(&code))),
        )
        .await
        .refused(422, "invalid_invite");
        // Lifters need no invite.
        app.lifter("no-invite-needed").await;
        let listed = resilift_server::admin::accounts(&app.state).await.unwrap();
        assert_eq!(listed.len(), 2);
    }
}

/// A disabled account cannot sign in (told only after the right password), its tokens stop
/// working, and enabling it lets it sign in again.
#[tokio::test]
async fn a_disabled_account_is_shut_out_until_enabled() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("disabled").await;
        app.get("/me", &user.token).await.expect(200);
        resilift_server::admin::set_disabled(&app.state, &user.email, true)
            .await
            .unwrap();
        app.get("/me", &user.token)
            .await
            .refused(401, "unauthorized");
        let sign_in = |password: &str| json!({"email": user.email, "password": password});
        app.send("POST", "/tokens", None, Some(&sign_in("not the password")))
            .await
            .refused(401, "invalid_credentials");
        app.send(
            "POST",
            "/tokens",
            None,
            Some(&sign_in("a long enough secret")),
        )
        .await
        .refused(403, "account_disabled");
        resilift_server::admin::set_disabled(&app.state, &user.email, false)
            .await
            .unwrap();
        let token = app.sign_in(&user.email, "a long enough secret").await;
        app.get("/me", &token).await.expect(200);
    }
}

/// The token list says when each token was last used, and "never" for an unused one.
#[tokio::test]
async fn tokens_say_when_they_were_last_used() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("used").await;
        let unused = app.sign_in(&user.email, "a long enough secret").await;
        app.get("/me", &user.token).await.expect(200);
        let listed = app.get("/tokens", &user.token).await.expect(200);
        let items = listed["items"].as_array().unwrap();
        let used = items.iter().find(|t| t["id"] == user.token_id).unwrap();
        assert!(used["last_used_at"].is_string(), "{used}");
        let other = items.iter().find(|t| t["id"] != user.token_id).unwrap();
        assert!(other["last_used_at"].is_null(), "{other}");
        drop(unused);
    }
}

/// A local SMTP server that keeps every message it is given.
struct SmtpSink {
    port: u16,
    mails: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&mails);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = Arc::clone(&kept);
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let verb = line.to_ascii_uppercase();
                        let answer: &[u8] = if verb.starts_with("EHLO") {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        } else if verb.starts_with("DATA") {
                            write.write_all(b"354 go on\r\n").await.unwrap();
                            let mut message = String::new();
                            while let Ok(Some(line)) = lines.next_line().await {
                                if line == "." {
                                    break;
                                }
                                message.push_str(&line);
                                message.push('\n');
                            }
                            kept.lock().unwrap().push(message);
                            b"250 queued\r\n"
                        } else if verb.starts_with("QUIT") {
                            write.write_all(b"221 bye\r\n").await.unwrap();
                            break;
                        } else {
                            b"250 ok\r\n"
                        };
                        write.write_all(answer).await.unwrap();
                    }
                });
            }
        });
        Self { port, mails }
    }

    async fn wait_for(&self, count: usize) -> Vec<String> {
        for _ in 0..100 {
            if self.mails.lock().unwrap().len() >= count {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.mails.lock().unwrap().clone()
    }
}

/// A reset request gets the same answer for a known and an unknown address; only the known one
/// gets an e-mail, whose link works once: it sets the new password, ends every browser session
/// and token, and a second use is refused.
#[tokio::test]
async fn a_password_reset_link_arrives_by_e_mail_and_works_once() {
    for backend in backends() {
        let sink = SmtpSink::start().await;
        let settings = resilift_server::Settings {
            smtp_url: Some(format!("smtp://127.0.0.1:{}", sink.port)),
            public_url: Some("https://resilift.example.org".into()),
            ..test_settings()
        };
        let app = App::start_with(&backend, settings).await;
        let user = app.lifter("forgetful").await;
        let known = app
            .send(
                "POST",
                "/password-resets",
                None,
                Some(&json!({"email": user.email})),
            )
            .await
            .expect(202);
        let unknown = app
            .send(
                "POST",
                "/password-resets",
                None,
                Some(&json!({"email": "nobody@example.org"})),
            )
            .await
            .expect(202);
        assert_eq!(
            known, unknown,
            "the answer does not tell who has an account"
        );
        let mails = sink.wait_for(1).await;
        assert_eq!(mails.len(), 1, "{mails:?}");
        let mail = mails[0].replace("=\n", "");
        assert!(mail.contains(&format!("To: {}", user.email)), "{mail}");
        let start = mail
            .find("https://resilift.example.org/reset/")
            .expect("a link")
            + 35;
        let token: String = mail[start..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        assert_eq!(token.len(), 64, "{mail}");

        app.send(
            "POST",
            &format!("/password-resets/{token}"),
            None,
            Some(&json!({"password": "password"})),
        )
        .await
        .refused(422, "invalid_input");
        app.send(
            "POST",
            &format!("/password-resets/{token}"),
            None,
            Some(&json!({"password": "a freshly chosen phrase"})),
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
        app.sign_in(&user.email, "a freshly chosen phrase").await;
        app.send(
            "POST",
            &format!("/password-resets/{token}"),
            None,
            Some(&json!({"password": "yet another fine phrase"})),
        )
        .await
        .refused(422, "invalid_reset_link");
    }
}

/// Without SMTP the reset page says to ask the operator, whose link opens the page that asks for
/// the new password; a made-up link is a plain "no longer works" page.
#[tokio::test]
async fn reset_pages_work_without_e_mail_through_an_operators_link() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("operator-reset").await;
        let page = app
            .client
            .get(format!("{}/reset", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Ask whoever runs it for a reset link"),
            "{page}"
        );
        let link = resilift_server::admin::reset_link(&app.state, &user.email)
            .await
            .unwrap();
        let path = link.split_once("/reset/").unwrap().1;
        let form = app
            .client
            .get(format!("{}/reset/{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), 200);
        assert!(form.text().await.unwrap().contains("Save my new password"));
        let dead = app
            .client
            .get(format!("{}/reset/{}", app.base, "0".repeat(64)))
            .send()
            .await
            .unwrap();
        assert_eq!(dead.status(), 404);
        assert!(dead.text().await.unwrap().contains("no longer works"));
    }
}

/// `/metrics` is off unless switched on; on, it counts requests by route template and status,
/// times them per route, and shows the pools' use, naming no person and no id.
#[tokio::test]
async fn metrics_are_off_by_default_and_count_requests_by_route_when_on() {
    for backend in backends() {
        let app = App::start(&backend).await;
        app.send("GET", "/metrics", None, None)
            .await
            .refused(404, "no_route");

        let settings = resilift_server::Settings {
            metrics: true,
            ..test_settings()
        };
        let app = App::start_with(&backend, settings).await;
        let user = app.lifter("counted").await;
        app.get("/me", &user.token).await.expect(200);
        app.get("/me", &user.token).await.expect(200);
        app.get(
            "/sessions/01890000-0000-7000-8000-000000000000",
            &user.token,
        )
        .await
        .refused(404, "not_found");
        let response = app
            .client
            .get(format!("{}/metrics", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/openmetrics-text")
        );
        let text = response.text().await.unwrap();
        let counted = |line: &str| text.lines().any(|l| l.starts_with(line));
        assert!(
            counted(
                r#"resilift_http_requests_total{method="GET",route="/api/v1/me",status="200"} 2"#
            ),
            "{text}"
        );
        assert!(
            counted(
                r#"resilift_http_requests_total{method="GET",route="/api/v1/sessions/{id}",status="404"} 1"#
            ),
            "{text}"
        );
        assert!(
            counted(r#"resilift_http_request_duration_seconds_count{route="/api/v1/me"} 2"#),
            "{text}"
        );
        assert!(counted("resilift_db_pool_connections{pool="), "{text}");
        assert!(
            !text.contains(&user.email) && !text.contains("01890000"),
            "{text}"
        );
    }
}
