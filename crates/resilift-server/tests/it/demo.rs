//! `serve --demo`: four months of history written through the same services as real use, each
//! record on its own day.

use resilift_server::Settings;

use crate::{App, backends, today};

#[tokio::test]
async fn the_demo_history_is_written_as_it_would_have_happened() {
    for backend in backends() {
        let settings = Settings {
            demo: true,
            ..crate::test_settings()
        };
        let app = App::start_with(&backend, settings).await;
        let (email, password) = resilift_server::demo::LIFTER;
        let lifter = app.sign_in(email, password).await;

        let screenings = app.get("/screenings", &lifter).await.expect(200);
        let screenings = screenings["items"].as_array().unwrap();
        assert_eq!(screenings.len(), 4, "{backend:?}");
        // The rung each screening found came from the record, not from the seed: the first
        // screen with a 42 s hold starts at the foundation, and the last clears a loaded rung.
        let newest = &screenings[0];
        let oldest = &screenings[3];
        assert_eq!(oldest["decision"], "foundation", "{oldest}");
        assert_eq!(newest["decision"], "barbell", "{newest}");
        let days: Vec<&str> = screenings
            .iter()
            .map(|s| s["as_of"].as_str().unwrap())
            .collect();
        assert!(days.windows(2).all(|w| w[0] > w[1]), "{days:?}");
        for screening in screenings {
            assert_eq!(
                &screening["created_at"].as_str().unwrap()[..10],
                screening["as_of"].as_str().unwrap(),
                "written on the day it screens"
            );
        }

        let sessions = app.get("/sessions?limit=50", &lifter).await.expect(200);
        let sessions = sessions["items"].as_array().unwrap();
        assert_eq!(sessions.len(), 12);
        let waiting: Vec<_> = sessions
            .iter()
            .filter(|s| s["pain"]["next_morning"].is_null())
            .collect();
        assert_eq!(
            waiting.len(),
            1,
            "only yesterday's session waits for its check-in"
        );
        assert_eq!(
            waiting[0]["date"],
            (today() - chrono::Duration::days(1)).to_string()
        );

        let next = app.get("/next-session", &lifter).await.expect(200);
        assert_eq!(next["decision"], "wait_for_check_in", "{next}");
        assert_eq!(next["exercise"], "barbell", "{next}");
        assert!(
            next["override"]["note"]
                .as_str()
                .is_some_and(|note| note.contains("clears you for the barbell")),
            "{next}"
        );

        let progress = app.get("/progress", &lifter).await.expect(200);
        let odi: Vec<_> = progress["scores"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["instrument"] == "odi")
            .collect();
        assert_eq!(odi.len(), 3, "{progress}");
    }
}
