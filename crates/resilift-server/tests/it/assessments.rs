//! Assessments: scored by the engine, change against the previous one, refusals.

use serde_json::json;

use crate::{App, backends};

#[tokio::test]
async fn assessments_are_scored_with_change_since_last_time() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let user = app.lifter("ins").await;
        let first = app
            .post("/assessments", &user.token, json!({"instrument": "odi", "answers": [3, 2, null, 1, 0, 2, 1, 0, 2, 1], "taken_on": crate::days_ago(30)}))
            .await
            .expect(201);
        assert_eq!(first["result"]["score"], 26.67);
        assert_eq!(first["result"]["band"], "moderate");
        assert!(first["result"]["change"].is_null());
        assert_eq!(first["taken_on"], crate::days_ago(30));
        let second = app
            .post(
                "/assessments",
                &user.token,
                json!({"instrument": "odi", "answers": [1, 1, null, 0, 0, 1, 0, 0, 1, 0]}),
            )
            .await
            .expect(201);
        let change = &second["result"]["change"];
        assert_eq!(change["baseline"], 26.67);
        assert_eq!(change["important"], true, "{second}");

        let start = app
            .post(
                "/assessments",
                &user.token,
                json!({"instrument": "startback", "agree": [1, 2, 3], "bothersome": "very_much"}),
            )
            .await
            .expect(201);
        assert_eq!(start["result"]["total"], 4);
        assert_eq!(start["result"]["risk"], "medium");

        // Refusals name the field and store nothing.
        let reply = app
            .post(
                "/assessments",
                &user.token,
                json!({"instrument": "tsk11", "answers": [1, 2]}),
            )
            .await;
        assert_eq!(reply.fields(), ["answers"]);
        reply.refused(422, "invalid_input");
        app.post(
            "/assessments",
            &user.token,
            json!({"instrument": "nprs", "score": 3, "taken_on": crate::days_ago(-1)}),
        )
        .await
        .refused(422, "invalid_input");
        app.post(
            "/assessments",
            &user.token,
            json!({"instrument": "palm_reading"}),
        )
        .await
        .refused(422, "invalid_input");
        app.post("/assessments", &user.token, json!([1]))
            .await
            .refused(422, "invalid_input");
        let list = app.get("/assessments", &user.token).await.expect(200);
        assert_eq!(list["items"].as_array().unwrap().len(), 3);
        let clinician = app.clinician("nope").await;
        app.post(
            "/assessments",
            &clinician.token,
            json!({"instrument": "nprs", "score": 3}),
        )
        .await
        .refused(403, "lifter_only");
    }
}
