//! The thread between a lifter and a linked clinician: notes and messages, read marks, and
//! nobody else sees it.

use serde_json::json;

use crate::{App, backends, clear_screening};

#[tokio::test]
async fn a_client_answers_a_note_and_only_the_two_of_them_see_the_thread() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("answers").await;
        let clinician = app.clinician("writes").await;
        let stranger = app.clinician("stranger").await;
        let link = app.link(&lifter, &clinician).await;
        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        app.post(
            &format!("/clients/{}/overrides", lifter.id),
            &clinician.token,
            json!({"note": "Keep the kettlebell this week. How did the morning feel?"}),
        )
        .await
        .expect(201);

        let path = format!("/links/{link}/messages");
        let thread = app.get(&path, &lifter.token).await.expect(200);
        assert_eq!(thread["items"][0]["kind"], "note");
        assert_eq!(thread["items"][0]["from"], "clinician");

        let sent = app
            .post(
                &path,
                &lifter.token,
                json!({"body": "Stiff at first, fine after ten minutes."}),
            )
            .await
            .expect(201);
        assert_eq!(sent["from"], "lifter");
        assert!(sent.get("read_at").is_none());
        let reply = app.post(&path, &lifter.token, json!({"body": "   "})).await;
        assert_eq!(reply.fields(), ["body"]);
        reply.refused(422, "invalid_input");

        // The clinician reads it: the lifter's message is marked read, in order after the note.
        let seen = app.get(&path, &clinician.token).await.expect(200);
        let items = seen["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1]["body"], "Stiff at first, fine after ten minutes.");
        let again = app.get(&path, &lifter.token).await.expect(200);
        assert!(again["items"][1]["read_at"].is_string(), "{again}");

        // Both exports carry the thread.
        let export = app.get("/me/export", &lifter.token).await.expect(200);
        assert_eq!(export["messages"][0]["mine"], true);
        assert_eq!(export["messages"][0]["with"], clinician.id.as_str());

        // Nobody else, and not after unlinking.
        app.get(&path, &stranger.token)
            .await
            .refused(404, "not_found");
        app.post(&path, &stranger.token, json!({"body": "hello"}))
            .await
            .refused(404, "not_found");
        app.delete(&format!("/links/{link}"), &lifter.token)
            .await
            .expect(204);
        app.get(&path, &clinician.token)
            .await
            .refused(404, "not_found");
    }
}
