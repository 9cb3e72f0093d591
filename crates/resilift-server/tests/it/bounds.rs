//! What no one person can do to the server or to another account: fill its disk or memory
//! with imports and form fields, guess passwords through the side doors, or slip invisible
//! characters and repeated keys past the checks; and the small promises around them (reset
//! links end with a password change, messages keep their line breaks, the export holds
//! everything, a NUL in a path is a 404 on both databases).

use serde_json::{Value, json};

use crate::web::{browser, sign_up};
use crate::{App, Backend, User, backends, test_settings};

/// A Strong export with one deadlift row whose date, set order, weight, reps and RPE are each
/// `size` bytes of a control character: every value is wrong, and each problem once quoted it
/// whole (a 15 MB file became a 90 MB preview).
fn amplifying_csv(size: usize) -> String {
    let junk = "\u{1}".repeat(size);
    format!(
        "\"Workout #\";\"Date\";\"Workout Name\";\"Duration (sec)\";\"Exercise Name\";\"Set Order\";\"Weight (kg)\";\"Reps\";\"RPE\";\"Distance (meters)\";\"Seconds\";\"Notes\";\"Workout Notes\"\n\
         \"1\";\"{junk}\";\"w\";\"1\";\"Deadlift (Barbell)\";\"{junk}\";\"{junk}\";\"{junk}\";\"{junk}\";\"\";\"\";\"\";\"\"\n"
    )
}

/// A small good Strong export (one kettlebell session), told apart by its day in October.
fn small_csv(day: u32) -> String {
    format!(
        "\"Workout #\";\"Date\";\"Workout Name\";\"Duration (sec)\";\"Exercise Name\";\"Set Order\";\"Weight (kg)\";\"Reps\";\"RPE\";\"Distance (meters)\";\"Seconds\";\"Notes\";\"Workout Notes\"\n\
         \"1\";\"2026-10-{day:02} 07:00:00\";\"Pull\";\"2134\";\"Kettlebell Deadlift\";\"1\";\"16.0\";\"8\";\"\";\"\";\"\";\"\";\"\"\n"
    )
}

/// Adds `rows` bench-press rows (an exercise the import lists but does not take) to a file.
fn with_other_rows(mut csv: String, rows: usize) -> String {
    for n in 0..rows {
        csv.push_str(&format!(
            "\"2\";\"2026-09-{:02} 07:00:00\";\"Push\";\"2134\";\"Bench Press (Barbell)\";\"{}\";\"40.0\";\"8\";\"\";\"\";\"\";\"\";\"\"\n",
            n % 28 + 1,
            n % 5 + 1
        ));
    }
    csv
}

async fn upload_csv(app: &App, lifter: &User, csv: &str, key: Option<&str>) -> crate::Reply {
    let mut request = app
        .client
        .post(app.url("/imports"))
        .bearer_auth(&lifter.token)
        .header("content-type", "text/csv")
        .body(csv.to_owned());
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    crate::Reply::lenient(request.send().await.unwrap()).await
}

#[tokio::test]
async fn an_import_preview_stays_small_and_bounded_and_a_discarded_one_is_gone() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("importer").await;

        // 5 values of 1 MiB each: the preview quotes at most a short excerpt of each.
        let csv = amplifying_csv(1 << 20);
        let response = app
            .client
            .post(app.url("/imports"))
            .bearer_auth(&lifter.token)
            .header("content-type", "text/csv")
            .body(csv.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 201, "{backend:?}");
        let text = response.text().await.unwrap();
        assert!(
            text.len() < 16 * 1024,
            "{backend:?}: a {} byte file gave a {} byte preview",
            csv.len(),
            text.len()
        );
        let preview: Value = serde_json::from_str(&text).unwrap();
        let problems = preview["problems"].as_array().unwrap();
        assert!(!problems.is_empty());
        for problem in problems {
            let message = problem["message"].as_str().unwrap();
            assert!(message.chars().count() < 300, "{message}");
            assert!(!message.contains('\u{1}'), "{message}");
        }

        // At most `max_import_previews` (5) wait at once; the next is refused, saying why.
        let mut waiting = vec![preview["id"].as_str().unwrap().to_owned()];
        for day in 1..=4 {
            let answer = upload_csv(&app, &lifter, &small_csv(day), None)
                .await
                .expect(201);
            waiting.push(answer["id"].as_str().unwrap().to_owned());
        }
        let refused = upload_csv(&app, &lifter, &small_csv(5), None)
            .await
            .refused(409, "quota_reached");
        assert!(
            refused["error"]
                .as_str()
                .unwrap()
                .contains("confirm or discard"),
            "{refused}"
        );

        // Discarding a preview deletes it (and makes room for another).
        let gone = waiting.remove(0);
        app.delete(&format!("/imports/{gone}"), &lifter.token)
            .await
            .expect(204);
        app.get(&format!("/imports/{gone}"), &lifter.token)
            .await
            .refused(404, "not_found");
        let kept = upload_csv(&app, &lifter, &small_csv(6), None)
            .await
            .expect(201);
        waiting.push(kept["id"].as_str().unwrap().to_owned());

        // The list comes a page at a time.
        let first = app.get("/imports?limit=2", &lifter.token).await.expect(200);
        assert_eq!(first["items"].as_array().unwrap().len(), 2, "{backend:?}");
        let next = first["next"].as_str().expect("a second page");
        let mut seen: Vec<String> = first["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect();
        let mut cursor = next.to_owned();
        loop {
            let page = app
                .get(&format!("/imports?limit=2&cursor={cursor}"), &lifter.token)
                .await
                .expect(200);
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["id"].as_str().unwrap().to_owned()),
            );
            match page["next"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
        waiting.sort();
        waiting.reverse();
        assert_eq!(
            seen, waiting,
            "{backend:?}: every import once, newest first"
        );
    }
}

#[tokio::test]
async fn an_import_with_an_idempotency_key_may_be_as_large_as_without_one() {
    let app = App::start(&Backend::Sqlite).await;
    let lifter = app.lifter("keyed").await;
    // About 400 KB of rows: over the 256 KiB that other bodies may have.
    let csv = with_other_rows(small_csv(1), 4_000);
    assert!(csv.len() > 300 * 1024, "{}", csv.len());
    let first = upload_csv(&app, &lifter, &csv, Some("import-once"))
        .await
        .expect(201);
    let again = upload_csv(&app, &lifter, &csv, Some("import-once"))
        .await
        .expect(201);
    assert_eq!(
        first["id"], again["id"],
        "the retry answers the first preview"
    );
}

#[tokio::test]
async fn imports_are_refused_when_the_disk_is_nearly_full_while_sessions_still_go_through() {
    let settings = resilift_server::Settings {
        // A reserve larger than any disk: the disk is always "nearly full".
        min_free_mb: 1_048_576,
        ..test_settings()
    };
    let app = App::start_with(&Backend::Sqlite, settings).await;
    let lifter = app.lifter("reserve").await;
    let refused = upload_csv(&app, &lifter, &small_csv(1), None)
        .await
        .refused(507, "insufficient_storage");
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("sessions, check-ins and triages"),
        "{refused}"
    );
    app.post("/screenings", &lifter.token, crate::clear_screening())
        .await
        .expect(201);
    app.post("/sessions", &lifter.token, crate::session(1, 16.0, 1, None))
        .await
        .expect(201);
}

/// A multipart body: the CSRF token, any other fields, then a tiny clip.
fn multipart(csrf: &str, extra: &[(&str, String)]) -> (String, Vec<u8>) {
    let boundary = "resilift-test-boundary";
    let mut body = Vec::new();
    let mut field = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    field("csrf", csrf);
    for (name, value) in extra {
        field(name, value);
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"video\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n\0\0\0\x20ftypisom\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn the_form_check_page_reads_no_large_field_besides_the_clip() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        crate::form_data().join("installed/models"),
        dir.path().join("models"),
    )
    .unwrap();
    let settings = resilift_server::Settings {
        data_dir: dir.path().to_owned(),
        ..test_settings()
    };
    let app = App::start_with(&Backend::Sqlite, settings).await;
    let client = browser();
    let csrf = sign_up(&app, &client, "big-field@example.org", "lifter").await;
    let token = app
        .sign_in("big-field@example.org", "a long enough secret")
        .await;
    app.post("/screenings", &token, crate::clear_screening())
        .await
        .expect(201);
    let session = app
        .post("/sessions", &token, crate::session(1, 16.0, 1, None))
        .await
        .expect(201);
    let url = format!(
        "{}/sessions/{}/form-check",
        app.base,
        session["id"].as_str().unwrap()
    );
    let send = |(kind, body): (String, Vec<u8>)| {
        client
            .post(&url)
            .header("content-type", kind)
            .body(body)
            .send()
    };
    // A 4 MB field before the clip: refused as soon as it passes the field limit.
    let answer = send(multipart(&csrf, &[("note", "A".repeat(4 << 20))]))
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 413);
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains("only the clip may be large")
    );
    // Many small fields: refused too.
    let many: Vec<(&str, String)> = (0..20).map(|_| ("x", "1".to_owned())).collect();
    let answer = send(multipart(&csrf, &many)).await.unwrap();
    assert_eq!(answer.status().as_u16(), 413);
    assert_eq!(
        std::fs::read_dir(dir.path().join("uploads")).map_or(0, Iterator::count),
        0
    );
}

/// Sends `n` requests at once and returns their statuses.
async fn at_once(
    n: usize,
    make: impl Fn() -> reqwest::RequestBuilder,
) -> std::collections::BTreeMap<u16, usize> {
    let mut tries = tokio::task::JoinSet::new();
    for _ in 0..n {
        let request = make();
        tries.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    let mut statuses = std::collections::BTreeMap::new();
    while let Some(status) = tries.join_next().await {
        *statuses.entry(status.unwrap()).or_insert(0) += 1;
    }
    statuses
}

#[tokio::test]
async fn guesses_sent_at_once_wait_like_guesses_sent_in_turn() {
    let app = App::start(&Backend::Sqlite).await;
    let victim = app.lifter("burst-victim").await;
    let statuses = at_once(40, || {
        app.client
            .post(app.url("/sign-in"))
            .json(&json!({"email": victim.email, "password": "a wrong guess at once"}))
    })
    .await;
    // Five are free and the sixth is checked before the waits begin: the rest wait.
    let checked = statuses.get(&401).copied().unwrap_or(0);
    assert!(
        checked <= 6,
        "{checked} of 40 guesses at once were checked: {statuses:?}"
    );
    assert_eq!(
        checked + statuses.get(&429).copied().unwrap_or(0),
        40,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn a_password_change_and_an_erasure_are_password_checks_like_signing_in() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("side-door").await;
        let mut statuses = Vec::new();
        for n in 0..10 {
            let reply = app
                .send(
                    "PUT",
                    "/me/password",
                    Some(&lifter.token),
                    Some(&json!({"current_password": format!("guess {n}"), "new_password": "a brand new secret 77"})),
                )
                .await;
            statuses.push(reply.status.as_u16());
        }
        assert_eq!(&statuses[..5], &[422; 5], "{backend:?}: {statuses:?}");
        assert!(
            statuses[6..].iter().all(|s| *s == 429),
            "{backend:?}: a password change kept checking guesses: {statuses:?}"
        );
        // The right password during the wait: told to wait, not that it is wrong.
        let reply = app
            .send(
                "DELETE",
                "/me",
                Some(&lifter.token),
                Some(&json!({"password": "a long enough secret"})),
            )
            .await;
        let body = reply.refused(429, "too_many_attempts");
        assert!(
            !body["error"].as_str().unwrap().contains("does not match"),
            "{body}"
        );
        app.get("/me", &lifter.token).await.expect(200);
    }
}

#[tokio::test]
async fn a_reset_link_made_before_a_password_change_no_longer_works() {
    let app = App::start(&Backend::Sqlite).await;
    let user = app.lifter("reset-then-change").await;
    let link = resilift_server::admin::reset_link(&app.state, &user.email)
        .await
        .unwrap();
    let token = link.split_once("/reset/").unwrap().1.to_owned();
    app.send(
        "PUT",
        "/me/password",
        Some(&user.token),
        Some(&json!({"current_password": "a long enough secret", "new_password": "a brand new secret 77"})),
    )
    .await
    .expect(204);
    app.send(
        "POST",
        &format!("/password-resets/{token}"),
        None,
        Some(&json!({"password": "attacker chosen secret 99"})),
    )
    .await
    .refused(422, "invalid_reset_link");
}

#[tokio::test]
async fn a_nul_in_a_path_is_no_such_record_on_both_databases() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("nul-path").await;
        for path in [
            "/sessions/%00",
            "/screenings/a%00b",
            "/imports/%00",
            "/triage/%00",
        ] {
            app.get(path, &lifter.token).await.refused(404, "not_found");
        }
    }
}

#[tokio::test]
async fn messages_keep_their_line_breaks() {
    let app = App::start(&Backend::Sqlite).await;
    let lifter = app.lifter("writes-lines").await;
    let clinician = app.clinician("reads-lines").await;
    let link = app.link(&lifter, &clinician).await;
    let sent = app
        .post(
            &format!("/links/{link}/messages"),
            &lifter.token,
            json!({"body": "line one\nline two"}),
        )
        .await
        .expect(201);
    assert_eq!(sent["body"], "line one\nline two", "{sent}");
}

#[tokio::test]
async fn the_export_holds_the_chosen_name_and_every_import() {
    let app = App::start(&Backend::Sqlite).await;
    let lifter = app.lifter("exports-all").await;
    app.send(
        "PATCH",
        "/me",
        Some(&lifter.token),
        Some(&json!({"display_name": "Maria Lopez"})),
    )
    .await
    .expect(200);
    let preview = upload_csv(&app, &lifter, &small_csv(3), None)
        .await
        .expect(201);
    let export = app.get("/me/export", &lifter.token).await.expect(200);
    assert_eq!(export["account"]["display_name"], "Maria Lopez");
    assert_eq!(export["imports"][0]["id"], preview["id"]);
    assert_eq!(export["imports"][0]["sessions"][0]["date"], "2026-10-03");
}

#[tokio::test]
async fn invisible_characters_markup_and_repeated_keys_are_refused() {
    let app = App::start(&Backend::Sqlite).await;
    for email in [
        "maria\u{200b}.lopez@example.org",
        "\u{feff}maria@example.org",
        "<script>alert(1)</script>@example.org",
    ] {
        let reply = app
            .send(
                "POST",
                "/accounts",
                None,
                Some(
                    &json!({"email": email, "password": "a long enough secret", "role": "lifter"}),
                ),
            )
            .await;
        assert_eq!(reply.fields(), vec!["email"], "{email:?}: {}", reply.body);
    }
    let lifter = app.lifter("plain-name").await;
    let reply = app
        .send(
            "PATCH",
            "/me",
            Some(&lifter.token),
            Some(&json!({"display_name": "Maria\u{200b} Lopez"})),
        )
        .await;
    assert_eq!(reply.fields(), vec!["display_name"], "{}", reply.body);
    let reply = app
        .send_raw(
            "PATCH",
            "/me",
            Some(&lifter.token),
            r#"{"display_name": "One", "display_name": "Two"}"#,
        )
        .await;
    assert_eq!(reply.status.as_u16(), 400, "{}", reply.body);
    assert!(
        reply.body["error"]
            .as_str()
            .unwrap()
            .contains("given twice"),
        "{}",
        reply.body
    );
    assert!(
        app.get("/me", &lifter.token).await.expect(200)["display_name"].is_null(),
        "a refused change changed nothing"
    );
}

/// Runs SQL against the test's own PostgreSQL schema with `psql`.
fn psql(url: &str, schema: &str, sql: &str) {
    let done = std::process::Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-qc"])
        .arg(format!("SET search_path TO {schema}; {sql}"))
        .status()
        .expect("psql runs");
    assert!(done.success(), "psql: {sql}");
}

/// The full-disk promise on PostgreSQL: while every write fails with SQLSTATE 53100 (a trigger
/// raises `disk_full` on the audit entry, after the record itself was inserted in the same
/// transaction), each write is refused with 503 and leaves nothing behind; once writes work
/// again each one is stored at once, and the record holds exactly the acknowledged writes.
#[tokio::test]
async fn on_postgresql_a_full_disk_refuses_writes_and_keeps_exactly_the_acknowledged_ones() {
    for backend in backends() {
        let Backend::Postgres(url) = &backend else {
            continue;
        };
        let app = App::start(&backend).await;
        let schema = app.schema.clone().unwrap();
        let lifter = app.lifter("pg-full").await;
        app.post("/screenings", &lifter.token, crate::clear_screening())
            .await
            .expect(201);
        let triage = json!({"onset": crate::days_ago(2), "pain_now": 4, "leg_symptoms": "none",
            "numbness_or_weakness": false, "red_flags": [], "disc_bulge_known": false, "improving": true});
        let mut sessions = Vec::new();
        let mut triages = Vec::new();
        for day in 1..=3 {
            let s = app
                .post(
                    "/sessions",
                    &lifter.token,
                    crate::session(day, 16.0, 1, None),
                )
                .await
                .expect(201);
            sessions.push(s["id"].as_str().unwrap().to_owned());
        }
        psql(
            url,
            &schema,
            &format!(
                "CREATE FUNCTION {schema}.disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$; \
                 CREATE TRIGGER disk_full BEFORE INSERT ON {schema}.audit_log FOR EACH ROW EXECUTE FUNCTION {schema}.disk_full();"
            ),
        );
        for day in 4..=8 {
            app.post(
                "/sessions",
                &lifter.token,
                crate::session(day, 16.0, 1, None),
            )
            .await
            .refused(503, "storage_unavailable");
            app.post("/triage", &lifter.token, triage.clone())
                .await
                .refused(503, "storage_unavailable");
        }
        let health = app.send("GET", "/healthz", None, None).await;
        assert_eq!(health.status.as_u16(), 503, "{}", health.body);
        psql(url, &schema, "DROP TRIGGER disk_full ON audit_log;");
        for day in 9..=11 {
            let s = app
                .post(
                    "/sessions",
                    &lifter.token,
                    crate::session(day, 16.0, 1, None),
                )
                .await
                .expect(201);
            let id = s["id"].as_str().unwrap().to_owned();
            app.get(&format!("/sessions/{id}"), &lifter.token)
                .await
                .expect(200);
            sessions.push(id);
            let t = app
                .post("/triage", &lifter.token, triage.clone())
                .await
                .expect(201);
            triages.push(t["id"].as_str().unwrap().to_owned());
        }
        app.send("GET", "/healthz", None, None).await.expect(200);
        sessions.sort();
        assert_eq!(
            listed_ids(&app, &lifter, "/sessions").await,
            sessions,
            "exactly the acknowledged sessions are stored"
        );
        triages.sort();
        assert_eq!(
            listed_ids(&app, &lifter, "/triage").await,
            triages,
            "exactly the acknowledged triages are stored"
        );
    }
}

/// The ids of the first page (up to 200) of a list, sorted.
async fn listed_ids(app: &App, lifter: &User, path: &str) -> Vec<String> {
    let listed = app
        .get(&format!("{path}?limit=200"), &lifter.token)
        .await
        .expect(200);
    let mut ids: Vec<String> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}
