//! The form check from a video: a real clip of a real person through the real pose model,
//! proposals confirmed and dismissed and what that does to the next plan, and every refusal.

use resilift_server::FormSettings;
use resilift_server::Settings;
use serde_json::json;

use crate::{App, Backend, User, backends, clear_screening, form_data, session, test_settings};

/// A server whose data folder has the pose models (linked from the test data).
async fn form_app(
    backend: &Backend,
    change: impl FnOnce(&mut FormSettings),
) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        form_data().join("installed/models"),
        dir.path().join("models"),
    )
    .unwrap();
    let mut settings = Settings {
        data_dir: dir.path().to_owned(),
        ..test_settings()
    };
    change(&mut settings.form);
    (App::start_with(backend, settings).await, dir)
}

/// The clip: a person bending forward and back up three times, filmed from the side.
fn clip() -> Vec<u8> {
    std::fs::read(form_data().join("reps.mp4")).unwrap()
}

/// A lifter with a screening and one green session, and that session's id.
async fn lifter_with_a_session(app: &App) -> (User, String) {
    let lifter = app.lifter("filmed").await;
    app.post("/screenings", &lifter.token, clear_screening())
        .await
        .expect(201);
    let logged = app
        .post("/sessions", &lifter.token, session(2, 16.0, 1, Some(1)))
        .await
        .expect(201);
    (lifter, logged["id"].as_str().unwrap().to_owned())
}

/// Sends the clip as a lifter's video of one of their sessions.
async fn send_clip(app: &App, lifter: &User, session: &str) -> crate::Reply {
    app.upload(
        &format!("/sessions/{session}/video"),
        &lifter.token,
        "video/mp4",
        clip(),
    )
    .await
}

/// The lifter's decision on one proposal of a check, which must be taken (200).
async fn decide(
    app: &App,
    lifter: &User,
    check: &str,
    number: u64,
    decision: &str,
) -> serde_json::Value {
    app.post(
        &format!("/form-checks/{check}/proposals/{number}"),
        &lifter.token,
        json!({"decision": decision}),
    )
    .await
    .expect(200)
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, Iterator::count)
}

#[tokio::test]
async fn a_clip_is_analysed_and_only_a_confirmed_fault_reaches_the_plan() {
    for backend in backends() {
        // Every fault check made so sensitive that the clip surely gives proposals to decide.
        let (app, dir) = form_app(&backend, |form| {
            form.thresholds.hips_rise_first_degrees = 0.0;
            form.thresholds.bar_drift_percent = 0.0;
        })
        .await;
        let (lifter, id) = lifter_with_a_session(&app).await;
        let before = app.get("/next-session", &lifter.token).await.expect(200);

        let check = send_clip(&app, &lifter, &id).await.expect(201);
        assert_eq!(check["session_id"], id.as_str());
        assert_eq!(check["model"], "full");
        assert!(
            check["experimental"]
                .as_str()
                .unwrap()
                .starts_with("Experimental: these are hints to check, not a diagnosis.")
        );
        assert!(
            check["disclaimer"]
                .as_str()
                .unwrap()
                .contains("not medical advice")
        );
        assert_eq!(check["frames"], 150);
        assert_eq!(check["frames_with_person"], 150);
        let reps = check["reps"].as_array().unwrap();
        assert_eq!(reps.len(), 3, "{check}");
        for rep in reps {
            let moments: Vec<&str> = rep["positions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["moment"].as_str().unwrap())
                .collect();
            assert_eq!(moments, ["lift_off", "mid_shin", "knee_height", "lockout"]);
            for position in rep["positions"].as_array().unwrap() {
                for angle in ["trunk", "hip", "knee"] {
                    let value = position[angle].as_f64().unwrap();
                    assert!((-90.0..=180.0).contains(&value), "{angle} {value}");
                }
            }
            assert!(rep["pull_seconds"].as_f64().unwrap() > 0.0);
        }
        let proposals = check["proposals"].as_array().unwrap().clone();
        assert!(!proposals.is_empty(), "{check}");
        for (i, proposal) in proposals.iter().enumerate() {
            assert_eq!(proposal["number"], i + 1);
            assert_eq!(proposal["decision"], "proposed");
            assert!(proposal["rule"].as_str().unwrap().starts_with("FORM-"));
            assert!(!proposal["evidence"].as_array().unwrap().is_empty());
            assert!(!proposal["cue"].as_str().unwrap().is_empty());
        }
        // The clip itself is gone; only landmarks and angles are kept.
        assert_eq!(files_in(&dir.path().join("uploads")), 0);
        assert!(!dir.path().join("videos").exists());
        assert_eq!(check["video_kept"], false);

        // Proposed faults count for nothing.
        let logged = app
            .get(&format!("/sessions/{id}"), &lifter.token)
            .await
            .expect(200);
        assert_eq!(logged["faults"], json!([]));
        assert_eq!(
            app.get("/next-session", &lifter.token).await.expect(200),
            before
        );

        // Confirmed, the fault joins the session's log and the plan holds for it.
        let fault = proposals[0]["fault"].as_str().unwrap().to_owned();
        let check_id = check["id"].as_str().unwrap();
        let decided = decide(&app, &lifter, check_id, 1, "confirmed").await;
        assert_eq!(decided["proposals"][0]["decision"], "confirmed");
        let logged = app
            .get(&format!("/sessions/{id}"), &lifter.token)
            .await
            .expect(200);
        assert_eq!(logged["faults"], json!([fault]));
        let plan = app.get("/next-session", &lifter.token).await.expect(200);
        assert_ne!(plan, before);
        let label = proposals[0]["label"].as_str().unwrap();
        assert!(
            plan["cues"]
                .as_array()
                .unwrap()
                .iter()
                .any(|cue| cue.as_str().unwrap().starts_with(label)),
            "the plan gives the fault's cue: {plan}"
        );
        assert!(
            ["hold", "reduce"].contains(&plan["decision"].as_str().unwrap()),
            "{plan}"
        );

        // Another proposal of the same fault confirmed, then the first dismissed: still logged.
        let same = proposals
            .iter()
            .skip(1)
            .find(|p| p["fault"] == fault.as_str())
            .map(|p| p["number"].as_u64().unwrap());
        if let Some(n) = same {
            decide(&app, &lifter, check_id, n, "confirmed").await;
            decide(&app, &lifter, check_id, 1, "dismissed").await;
            let logged = app
                .get(&format!("/sessions/{id}"), &lifter.token)
                .await
                .expect(200);
            assert_eq!(logged["faults"], json!([fault]));
            decide(&app, &lifter, check_id, n, "dismissed").await;
        } else {
            decide(&app, &lifter, check_id, 1, "dismissed").await;
        }
        // Dismissed everywhere, the fault leaves the log and the plan is as before.
        let logged = app
            .get(&format!("/sessions/{id}"), &lifter.token)
            .await
            .expect(200);
        assert_eq!(logged["faults"], json!([]));
        assert_eq!(
            app.get("/next-session", &lifter.token).await.expect(200),
            before
        );

        // The check is listed with its session and in the export, landmarks included.
        let listed = app
            .get(&format!("/sessions/{id}/form-checks"), &lifter.token)
            .await
            .expect(200);
        assert_eq!(listed["items"].as_array().unwrap().len(), 1);
        let export = app.get("/me/export", &lifter.token).await.expect(200);
        let exported = &export["form_checks"][0];
        assert_eq!(exported["id"], check_id);
        assert_eq!(
            exported["landmarks"]["frames"].as_array().unwrap().len(),
            150
        );
        assert_eq!(
            exported["landmarks"]["frames"][0]["landmarks"]
                .as_array()
                .unwrap()
                .len(),
            33
        );

        // Deleted, it is gone; the session stays.
        app.delete(&format!("/form-checks/{check_id}"), &lifter.token)
            .await
            .expect(204);
        app.get(&format!("/form-checks/{check_id}"), &lifter.token)
            .await
            .refused(404, "not_found");
        app.get(&format!("/sessions/{id}"), &lifter.token)
            .await
            .expect(200);
    }
}

#[tokio::test]
async fn a_fault_the_lifter_logged_stays_logged_when_a_proposal_of_it_is_dismissed() {
    let backend = Backend::Sqlite;
    let (app, _dir) = form_app(&backend, |form| {
        form.thresholds.hips_rise_first_degrees = 0.0;
        form.thresholds.bar_drift_percent = 0.0;
    })
    .await;
    let (lifter, id) = lifter_with_a_session(&app).await;
    let check = send_clip(&app, &lifter, &id).await.expect(201);
    let fault = check["proposals"][0]["fault"].as_str().unwrap().to_owned();
    app.patch(
        &format!("/sessions/{id}"),
        &lifter.token,
        json!({"faults": [fault]}),
    )
    .await
    .expect(200);
    let check_id = check["id"].as_str().unwrap();
    for decision in ["confirmed", "dismissed"] {
        decide(&app, &lifter, check_id, 1, decision).await;
    }
    let logged = app
        .get(&format!("/sessions/{id}"), &lifter.token)
        .await
        .expect(200);
    assert_eq!(logged["faults"], json!([fault]));
}

#[tokio::test]
async fn a_server_that_keeps_clips_keeps_each_one_beside_its_check() {
    let (app, dir) = form_app(&Backend::Sqlite, |form| form.keep_video = true).await;
    let (lifter, id) = lifter_with_a_session(&app).await;
    let check = send_clip(&app, &lifter, &id).await.expect(201);
    assert_eq!(check["video_kept"], true);
    let kept = dir
        .path()
        .join("videos")
        .join(format!("{}.mp4", check["id"].as_str().unwrap()));
    assert_eq!(std::fs::read(&kept).unwrap(), clip());
    assert_eq!(files_in(&dir.path().join("uploads")), 0);
    app.delete(
        &format!("/form-checks/{}", check["id"].as_str().unwrap()),
        &lifter.token,
    )
    .await
    .expect(204);
    assert!(!kept.exists());
}

/// Kept clips are videos of people's bodies: they go with the session they belong to, and
/// with the account.
#[tokio::test]
async fn kept_clips_go_with_their_session_and_with_the_account() {
    let (app, dir) = form_app(&Backend::Sqlite, |form| form.keep_video = true).await;
    let (lifter, first) = lifter_with_a_session(&app).await;
    let second = app
        .post("/sessions", &lifter.token, session(1, 16.0, 1, None))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    send_clip(&app, &lifter, &first).await.expect(201);
    send_clip(&app, &lifter, &second).await.expect(201);
    let videos = dir.path().join("videos");
    assert_eq!(files_in(&videos), 2);
    app.delete(&format!("/sessions/{first}"), &lifter.token)
        .await
        .expect(204);
    assert_eq!(files_in(&videos), 1, "the deleted session's clip is gone");
    app.send(
        "DELETE",
        "/me",
        Some(&lifter.token),
        Some(&json!({"password": "a long enough secret"})),
    )
    .await
    .expect(204);
    assert_eq!(files_in(&videos), 0, "the erased account's clip is gone");
}

/// A clip sent while the disk is nearly full (below `min_free_mb`) is refused before it is
/// received, saying why, and nothing is written.
#[tokio::test]
async fn a_clip_is_refused_when_the_disk_is_nearly_full() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        form_data().join("installed/models"),
        dir.path().join("models"),
    )
    .unwrap();
    let settings = Settings {
        data_dir: dir.path().to_owned(),
        min_free_mb: 1_048_576,
        ..test_settings()
    };
    let app = App::start_with(&Backend::Sqlite, settings).await;
    let (lifter, id) = lifter_with_a_session(&app).await;
    send_clip(&app, &lifter, &id)
        .await
        .refused(507, "insufficient_storage");
    assert_eq!(files_in(&dir.path().join("uploads")), 0);
}

#[tokio::test]
async fn clips_that_cannot_be_checked_are_refused_saying_why_and_nothing_is_kept() {
    for backend in backends() {
        let (app, dir) = form_app(&backend, |form| {
            form.max_upload_bytes = 2 * 1024 * 1024;
            form.limits.max_seconds = 30.0;
        })
        .await;
        let (lifter, id) = lifter_with_a_session(&app).await;
        let path = format!("/sessions/{id}/video");
        let refused = app
            .upload(&path, &lifter.token, "text/csv", clip())
            .await
            .refused(415, "unsupported_media_type");
        assert!(refused["error"].as_str().unwrap().contains("video/mp4"));
        let refused = app
            .upload(&path, &lifter.token, "video/mp4", b"name,weight\n".to_vec())
            .await
            .refused(422, "invalid_input");
        assert_eq!(refused["fields"][0]["field"], "video");
        assert_eq!(
            refused["fields"][0]["message"],
            "the clip must be an MP4, MOV or WebM video"
        );
        let refused = app
            .upload(&path, &lifter.token, "video/mp4", Vec::new())
            .await
            .refused(422, "invalid_input");
        assert!(
            refused["fields"][0]["message"]
                .as_str()
                .unwrap()
                .contains("empty")
        );
        let big = vec![0_u8; 3 * 1024 * 1024];
        let refused = app
            .upload(&path, &lifter.token, "video/mp4", big)
            .await
            .refused(413, "too_large");
        assert!(refused["error"].as_str().unwrap().contains("2 MB"));
        let mut cut = clip();
        cut.truncate(64);
        app.upload(&path, &lifter.token, "video/webm", cut)
            .await
            .refused(422, "invalid_input");
        // Another lifter's session is not found.
        let other = app.lifter("other").await;
        app.upload(&path, &other.token, "video/mp4", clip())
            .await
            .refused(404, "not_found");
        app.upload("/sessions/nope/video", &lifter.token, "video/mp4", clip())
            .await
            .refused(404, "not_found");
        assert_eq!(files_in(&dir.path().join("uploads")), 0);
        assert_eq!(
            app.get(&format!("/sessions/{id}/form-checks"), &lifter.token)
                .await
                .expect(200)["items"],
            json!([])
        );
    }
}

#[tokio::test]
async fn a_clip_longer_than_the_limit_is_refused_with_its_length() {
    let (app, _dir) = form_app(&Backend::Sqlite, |form| form.limits.max_seconds = 5.0).await;
    let (lifter, id) = lifter_with_a_session(&app).await;
    let refused = send_clip(&app, &lifter, &id)
        .await
        .refused(422, "invalid_input");
    assert_eq!(
        refused["fields"][0]["message"],
        "the clip is 10 seconds long; the longest accepted is 5 seconds — film one set"
    );
}

#[tokio::test]
async fn without_models_or_ffmpeg_the_server_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        data_dir: dir.path().to_owned(),
        ..test_settings()
    };
    let app = App::start_with(&Backend::Sqlite, settings).await;
    let (lifter, id) = lifter_with_a_session(&app).await;
    let refused = send_clip(&app, &lifter, &id)
        .await
        .refused(503, "form_check_unavailable");
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("resilift models install")
    );

    let (app, _dir) = form_app(&Backend::Sqlite, |form| {
        form.limits.ffmpeg = "/nonexistent/ffmpeg".into();
    })
    .await;
    let (lifter, id) = lifter_with_a_session(&app).await;
    let refused = send_clip(&app, &lifter, &id)
        .await
        .refused(503, "form_check_unavailable");
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("ffmpeg is not installed")
    );
}

#[tokio::test]
async fn decisions_are_checked() {
    let (app, _dir) = form_app(&Backend::Sqlite, |form| {
        form.thresholds.bar_drift_percent = 0.0;
    })
    .await;
    let (lifter, id) = lifter_with_a_session(&app).await;
    let check = send_clip(&app, &lifter, &id).await.expect(201);
    let check_id = check["id"].as_str().unwrap();
    let base = format!("/form-checks/{check_id}/proposals");
    app.post(
        &format!("{base}/1"),
        &lifter.token,
        json!({"decision": "maybe"}),
    )
    .await
    .refused(422, "invalid_input");
    app.post(&format!("{base}/1"), &lifter.token, json!({}))
        .await
        .refused(422, "invalid_input");
    app.post(
        &format!("{base}/0"),
        &lifter.token,
        json!({"decision": "confirmed"}),
    )
    .await
    .refused(404, "not_found");
    app.post(
        &format!("{base}/999"),
        &lifter.token,
        json!({"decision": "confirmed"}),
    )
    .await
    .refused(404, "not_found");
    let other = app.lifter("not-mine").await;
    app.post(
        &format!("{base}/1"),
        &other.token,
        json!({"decision": "confirmed"}),
    )
    .await
    .refused(404, "not_found");
    app.get(&format!("/form-checks/{check_id}"), &other.token)
        .await
        .refused(404, "not_found");
    // Confirming twice answers the same and logs the fault once.
    for _ in 0..2 {
        app.post(
            &format!("{base}/1"),
            &lifter.token,
            json!({"decision": "confirmed"}),
        )
        .await
        .expect(200);
    }
    let logged = app
        .get(&format!("/sessions/{id}"), &lifter.token)
        .await
        .expect(200);
    assert_eq!(logged["faults"].as_array().unwrap().len(), 1);
}
