//! The access matrix: the owner, another lifter, a linked and an unlinked clinician, an
//! anonymous caller and a revoked token, over every endpoint that touches the owner's data.

use serde_json::{Value, json};

use crate::{App, backends, clear_screening, session};

const OWNER: usize = 0;
const OTHER: usize = 1;
const LINKED: usize = 2;
const UNLINKED: usize = 3;
const ANONYMOUS: usize = 4;
const REVOKED: usize = 5;
const NAMES: [&str; 6] = [
    "owner",
    "other lifter",
    "linked clinician",
    "unlinked clinician",
    "anonymous",
    "revoked token",
];

/// Owner's record, clinician's view, a client-write, and the owner's own-only endpoints.
const OWN: [u16; 6] = [200, 404, 403, 403, 401, 401];
const CLIENT_READ: [u16; 6] = [403, 403, 200, 404, 401, 401];
const CLIENT_WRITE: [u16; 6] = [403, 403, 201, 404, 401, 401];

#[tokio::test]
async fn nobody_sees_what_is_not_theirs() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let owner = app.lifter("owner").await;
        let other = app.lifter("other").await;
        let linked = app.clinician("linked").await;
        let unlinked = app.clinician("unlinked").await;
        let link = app.link(&owner, &linked).await;
        // A second token of the owner's, revoked.
        let revoked = app
            .send(
                "POST",
                "/tokens",
                None,
                Some(&json!({"email": owner.email, "password": "a long enough secret"})),
            )
            .await
            .expect(201);
        app.delete(
            &format!("/tokens/{}", revoked["id"].as_str().unwrap()),
            &owner.token,
        )
        .await
        .expect(204);
        let revoked = revoked["token"].as_str().unwrap().to_owned();
        // The unlinked clinician has a client of their own, so the views exist for them.
        app.link(&other, &unlinked).await;

        let screening = app
            .post("/screenings", &owner.token, clear_screening())
            .await
            .expect(201);
        let logged = app
            .post("/sessions", &owner.token, session(3, 16.0, 1, Some(1)))
            .await
            .expect(201);
        let sid = logged["id"].as_str().unwrap().to_owned();
        let scr = screening["id"].as_str().unwrap().to_owned();
        let a = owner.id.clone();
        let tokens: [Option<&str>; 6] = [
            Some(&owner.token),
            Some(&other.token),
            Some(&linked.token),
            Some(&unlinked.token),
            None,
            Some(&revoked),
        ];

        let nprs = json!({"instrument": "nprs", "score": 3});
        let note = json!({"note": "Hold the load this week."});
        let rows: Vec<(&str, String, Option<Value>, [u16; 6])> = vec![
            ("GET", format!("/sessions/{sid}"), None, OWN),
            (
                "PATCH",
                format!("/sessions/{sid}"),
                Some(json!({"completed": true})),
                OWN,
            ),
            ("GET", format!("/screenings/{scr}"), None, OWN),
            ("GET", format!("/clients/{a}"), None, CLIENT_READ),
            ("GET", format!("/clients/{a}/screenings"), None, CLIENT_READ),
            (
                "GET",
                format!("/clients/{a}/assessments"),
                None,
                CLIENT_READ,
            ),
            ("GET", format!("/clients/{a}/sessions"), None, CLIENT_READ),
            (
                "GET",
                format!("/clients/{a}/sessions/{sid}"),
                None,
                CLIENT_READ,
            ),
            (
                "GET",
                format!("/clients/{a}/next-session"),
                None,
                CLIENT_READ,
            ),
            ("GET", format!("/clients/{a}/progress"), None, CLIENT_READ),
            ("GET", format!("/clients/{a}/overrides"), None, CLIENT_READ),
            (
                "POST",
                format!("/clients/{a}/assessments"),
                Some(nprs.clone()),
                CLIENT_WRITE,
            ),
            (
                "POST",
                format!("/clients/{a}/overrides"),
                Some(note.clone()),
                CLIENT_WRITE,
            ),
        ];
        for (method, path, body, expected) in &rows {
            for (who, token) in tokens.iter().enumerate() {
                let reply = app.send(method, path, *token, body.as_ref()).await;
                assert_eq!(
                    reply.status.as_u16(),
                    expected[who],
                    "{method} {path} as {}: {}",
                    NAMES[who],
                    reply.body
                );
                if expected[who] >= 400 {
                    let text = reply.body.to_string();
                    assert!(
                        !text.contains(&sid) && !text.contains("\"sets\""),
                        "{method} {path} as {} leaked: {text}",
                        NAMES[who]
                    );
                }
            }
        }

        // Destructive calls on the owner's link and token, by everyone else: refused.
        let token_path = format!("/tokens/{}", owner.token_id);
        let link_path = format!("/links/{link}");
        for who in [OTHER, LINKED, UNLINKED, ANONYMOUS, REVOKED] {
            let reply = app.send("DELETE", &token_path, tokens[who], None).await;
            assert!(
                matches!(reply.status.as_u16(), 401 | 404),
                "token delete as {}: {}",
                NAMES[who],
                reply.status
            );
            if who != LINKED {
                let reply = app.send("DELETE", &link_path, tokens[who], None).await;
                assert!(
                    matches!(reply.status.as_u16(), 401 | 404),
                    "link delete as {}: {}",
                    NAMES[who],
                    reply.status
                );
            }
        }
        app.get("/me", &owner.token).await.expect(200);
        assert_eq!(
            app.get("/clients", &linked.token).await.expect(200)["items"][0]["id"],
            a.as_str()
        );

        // Everyone's own lists: only their own data (lifter endpoints are 403 for clinicians).
        let own_lists = [
            "/sessions",
            "/screenings",
            "/assessments",
            "/progress",
            "/overrides",
            "/next-session",
            "/me/export",
            "/links",
            "/tokens",
            "/clients",
        ];
        for path in own_lists {
            for who in [OTHER, LINKED, UNLINKED, ANONYMOUS, REVOKED] {
                let reply = app.send("GET", path, tokens[who], None).await;
                let status = reply.status.as_u16();
                match who {
                    ANONYMOUS | REVOKED => assert_eq!(status, 401, "{path} as {}", NAMES[who]),
                    _ => assert!(
                        matches!(status, 200 | 403 | 409),
                        "{path} as {}: {status}",
                        NAMES[who]
                    ),
                }
                let text = reply.body.to_string();
                let allowed = who == LINKED && matches!(path, "/clients" | "/links" | "/me/export");
                if !allowed {
                    assert!(
                        !text.contains(&sid)
                            && !text.contains(&scr)
                            && !text.contains(&owner.email),
                        "{path} as {} leaked: {text}",
                        NAMES[who]
                    );
                }
            }
        }
        // The refused writes changed nothing: only the linked clinician's two additions exist.
        let assessments = app.get("/assessments", &owner.token).await.expect(200);
        assert_eq!(assessments["items"].as_array().unwrap().len(), 1);
        let overrides = app.get("/overrides", &owner.token).await.expect(200);
        assert_eq!(overrides["items"].as_array().unwrap().len(), 1);
        let _ = OWNER;
    }
}
