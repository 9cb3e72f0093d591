//! Bad input of any shape is refused with a 4xx JSON error naming the problem, never a 500, and
//! changes nothing.

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::{App, Backend, session};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1_000_000i64..1_000_000).prop_map(|n| json!(n)),
        (-1e9f64..1e9).prop_map(|n| json!(n)),
        "[a-z_ ]{0,12}".prop_map(Value::String),
        Just(json!("2026-02-30")),
        Just(json!("9999-12-31")),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid session with one field path replaced by something arbitrary.
fn mutated_session() -> impl Strategy<Value = Value> {
    let paths: &[&[&str]] = &[
        &["date"],
        &["exercise"],
        &["completed"],
        &["sets"],
        &["pain"],
        &["pain", "during_max"],
        &["pain", "next_morning"],
        &["faults"],
        &["red_flags"],
    ];
    (prop::sample::select(paths.to_vec()), any_json()).prop_map(|(path, value)| {
        let mut body = session(1, 16.0, 2, None);
        let mut target = &mut body;
        for key in &path[..path.len() - 1] {
            target = &mut target[*key];
        }
        target[path[path.len() - 1]] = value;
        body
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bodies_are_refused_cleanly(body in any_json(), sessionish in mutated_session()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let app = App::start(&Backend::Sqlite).await;
            let user = app.lifter("fuzz").await;
            let logged = app.post("/sessions", &user.token, session(2, 16.0, 2, None)).await.expect(201);
            let id = logged["id"].as_str().unwrap().to_owned();
            let calls: Vec<(&str, String, &Value)> = vec![
                ("POST", "/sessions".into(), &body),
                ("POST", "/sessions".into(), &sessionish),
                ("PATCH", format!("/sessions/{id}"), &body),
                ("PATCH", format!("/sessions/{id}"), &sessionish),
                ("POST", "/screenings".into(), &body),
                ("POST", "/assessments".into(), &body),
                ("PUT", "/me/profile".into(), &body),
                ("POST", "/links".into(), &body),
                ("POST", "/tokens".into(), &body),
                ("POST", "/accounts".into(), &body),
            ];
            let mut created = 0;
            for (method, path, body) in calls {
                let reply = app.send(method, &path, Some(&user.token), Some(body)).await;
                let status = reply.status.as_u16();
                assert!(status < 500, "{method} {path} with {body} gave {status}: {}", reply.body);
                if status >= 400 {
                    assert!(reply.body["code"].is_string() && reply.body["error"].is_string(), "{}", reply.body);
                } else if method == "POST" && path == "/sessions" {
                    created += 1;
                }
            }
            // Refused requests changed nothing: the logged session is as it was unless a patch
            // was accepted, and only accepted posts added sessions.
            let list = app.get("/sessions?limit=200", &user.token).await.expect(200);
            assert_eq!(list["items"].as_array().unwrap().len(), 1 + created);
        });
    }
}

#[tokio::test]
async fn framework_errors_are_json_too() {
    let app = App::start(&Backend::Sqlite).await;
    let user = app.lifter("big").await;
    let huge = format!("{{\"date\": \"{}\"}}", "x".repeat(300 * 1024));
    app.send_raw("POST", "/sessions", Some(&user.token), &huge)
        .await
        .refused(413, "too_large");
    app.send("PUT", "/sessions", Some(&user.token), None)
        .await
        .refused(405, "method_not_allowed");
    let reply = app
        .send("GET", "/sessions?limit=%zz", Some(&user.token), None)
        .await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
}
