//! Importing history from Strong, Hevy and FitNotes: preview, confirm, undo, refusals, and
//! what imported sessions may and may not do to the plan (PRX-IMPORT).

use serde_json::json;

use crate::{App, backends, clear_screening, days_ago, session};

/// A Strong export (semicolons, every field quoted, kilograms in the header) with two
/// kettlebell deadlift sessions, a warm-up, a bench press and a row that cannot be read.
fn strong_file() -> Vec<u8> {
    let header = "\"Workout #\";\"Date\";\"Workout Name\";\"Duration (sec)\";\"Exercise Name\";\"Set Order\";\"Weight (kg)\";\"Reps\";\"RPE\";\"Distance (meters)\";\"Seconds\";\"Notes\";\"Workout Notes\"";
    let row = |n: u32, days: i64, exercise: &str, order: &str, kg: &str, reps: &str| {
        format!(
            "\"{n}\";\"{} 17:36:08\";\"Pull\";\"2134\";\"{exercise}\";\"{order}\";\"{kg}\";\"{reps}\";\"\";\"\";\"\";\"\";\"\"",
            days_ago(days)
        )
    };
    [
        header.to_owned(),
        row(1, 10, "Kettlebell Deadlift", "W", "12.0", "8"),
        row(1, 10, "Kettlebell Deadlift", "1", "20.0", "8"),
        row(1, 10, "Bench Press (Barbell)", "1", "60.0", "5"),
        row(2, 3, "Kettlebell Deadlift", "1", "24.0", "8"),
        row(2, 3, "Kettlebell Deadlift", "2", "abc", "8"),
    ]
    .join("\n")
    .into_bytes()
}

#[tokio::test]
async fn an_import_is_previewed_confirmed_and_undone_as_a_whole() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("importer").await;
        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        let before = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(before["decision"], "calibrate", "{before}");

        let preview = app
            .upload("/imports", &lifter.token, "text/csv", strong_file())
            .await
            .expect(201);
        assert_eq!(preview["status"], "preview");
        assert_eq!(preview["app"], "strong");
        assert_eq!(preview["units"], "kg");
        assert_eq!(preview["units_assumed"], false);
        let sessions = preview["sessions"].as_array().unwrap();
        assert_eq!(sessions.len(), 2, "{preview}");
        assert_eq!(sessions[0]["exercise"], "kettlebell");
        assert_eq!(sessions[0]["source_name"], "Kettlebell Deadlift");
        assert_eq!(sessions[0]["sets"][0]["warmup"], true);
        // 24 kg × 8 without a rating counts as a limit: 24 × (1 + 8/30) = 30.4 kg.
        assert_eq!(sessions[1]["e1rm"], 30.4);
        assert_eq!(
            preview["ignored"],
            json!([{"name": "Bench Press (Barbell)", "sets": 1}])
        );
        let problems = preview["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0]["line"], 6);
        assert!(
            problems[0]["message"].as_str().unwrap().contains("abc"),
            "{problems:?}"
        );
        // A preview changes nothing.
        assert_eq!(
            app.get("/next-session", &lifter.token).await.expect(200)["decision"],
            "calibrate"
        );
        let id = preview["id"].as_str().unwrap().to_owned();

        let confirmed = app
            .post(&format!("/imports/{id}/confirm"), &lifter.token, json!({}))
            .await
            .expect(200);
        assert_eq!(confirmed["status"], "confirmed");
        let again = app
            .post(&format!("/imports/{id}/confirm"), &lifter.token, json!({}))
            .await
            .expect(200);
        assert_eq!(
            again["sessions"], confirmed["sessions"],
            "confirming twice stores once"
        );
        // The plan now starts from the imported estimate (65% of 30.4 kg, rounded down to an
        // owned bell: 16 kg) and says why; it does not call it a raise.
        let plan = app.get("/next-session", &lifter.token).await.expect(200);
        assert_eq!(plan["exercise"], "kettlebell");
        assert_eq!(plan["e1rm"], 30.4);
        assert_eq!(plan["sets"][0]["load"], 16.0, "{plan}");
        assert_ne!(plan["decision"], "progress");
        assert!(
            plan["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["rule"] == "PRX-IMPORT"),
            "{plan}"
        );
        let listed = app.get("/imports", &lifter.token).await.expect(200);
        assert_eq!(listed["items"][0]["id"], id.as_str());
        assert_eq!(listed["items"][0]["status"], "confirmed");

        // The same file again: both sessions are already recorded, so nothing new.
        let twice = app
            .upload("/imports", &lifter.token, "text/csv", strong_file())
            .await
            .expect(201);
        assert_eq!(twice["sessions"], json!([]));
        assert_eq!(twice["duplicates"].as_array().unwrap().len(), 2);
        app.delete(
            &format!("/imports/{}", twice["id"].as_str().unwrap()),
            &lifter.token,
        )
        .await
        .expect(204);

        // Undo: every session it brought goes, and the plan is as before.
        app.delete(&format!("/imports/{id}"), &lifter.token)
            .await
            .expect(204);
        assert_eq!(
            app.get("/next-session", &lifter.token).await.expect(200)["decision"],
            "calibrate"
        );
        app.post(&format!("/imports/{id}/confirm"), &lifter.token, json!({}))
            .await
            .refused(409, "conflict");
        assert_eq!(
            app.get(&format!("/imports/{id}"), &lifter.token)
                .await
                .expect(200)["status"],
            "undone"
        );

        // A session logged here on a day in the file makes that day's import a duplicate.
        app.post("/sessions", &lifter.token, session(3, 16.0, 2, Some(1)))
            .await
            .expect(201);
        let third = app
            .upload("/imports", &lifter.token, "text/csv", strong_file())
            .await
            .expect(201);
        assert_eq!(third["sessions"].as_array().unwrap().len(), 1);
        assert_eq!(third["duplicates"][0]["date"], days_ago(3));

        // Someone else's import is not found; a clinician has none.
        let other = app.lifter("other").await;
        app.get(&format!("/imports/{id}"), &other.token)
            .await
            .refused(404, "not_found");
        let clinician = app.clinician("physio").await;
        app.upload("/imports", &clinician.token, "text/csv", strong_file())
            .await
            .refused(403, "lifter_only");
    }
}

/// Files that are not an export are refused as a whole, saying why, and store nothing.
#[tokio::test]
async fn files_that_are_not_an_export_are_refused_and_store_nothing() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("refused").await;
        let german = "Datum;Trainingsname;Übungsname;Satz;Gewicht;Wiederholungen\n2024-01-01;A;Kreuzheben;1;100;5\n";
        let tabs =
            "Date\tExercise\tCategory\tWeight (kgs)\tReps\n2026-03-02\tDeadlift\tBack\t150\t3\n";
        let mut binary = b"Date,Exercise\n".to_vec();
        binary.extend([0u8, 159, 146, 150, 0, 1, 2]);
        for body in [
            german.as_bytes().to_vec(),
            tabs.as_bytes().to_vec(),
            binary,
            Vec::new(),
        ] {
            let reply = app
                .upload("/imports", &lifter.token, "text/csv", body)
                .await;
            assert_eq!(reply.fields(), ["file"], "{:?}", reply.body);
            reply.refused(422, "invalid_input");
        }
        app.upload("/imports", &lifter.token, "application/json", strong_file())
            .await
            .refused(415, "unsupported_media_type");
        app.upload(
            "/imports?units=stone",
            &lifter.token,
            "text/csv",
            strong_file(),
        )
        .await
        .refused(422, "invalid_input");
        // 50 MB: refused before it is read.
        let huge = vec![b'a'; 50 * 1024 * 1024];
        let reply = app
            .upload("/imports", &lifter.token, "text/csv", huge)
            .await;
        assert_eq!(reply.status, 413, "{:?}", reply.body);
        assert_eq!(
            app.get("/imports", &lifter.token).await.expect(200)["items"],
            json!([])
        );
    }
}
