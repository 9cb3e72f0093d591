//! The clinician's roster: the names clients choose, adherence, search, filters and order.

use serde_json::json;

use crate::{App, backends, clear_screening, session};

/// A client's chosen name reaches the linked clinician's roster (JSON and page); adherence
/// counts the sessions done against those planned since the first screening; removing the name
/// shows the address again.
#[tokio::test]
async fn the_roster_shows_names_and_adherence_and_narrows_by_search_and_group() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("maria").await;
        let quiet = app.lifter("quiet").await;
        let clinician = app.clinician("physio").await;
        app.link(&lifter, &clinician).await;
        app.link(&quiet, &clinician).await;

        let me = app
            .send(
                "PATCH",
                "/me",
                Some(&lifter.token),
                Some(&json!({"display_name": "  Maria Lopez "})),
            )
            .await
            .expect(200);
        assert_eq!(me["display_name"], "Maria Lopez");
        assert_eq!(
            app.get("/me", &lifter.token).await.expect(200)["display_name"],
            "Maria Lopez"
        );
        let long = "x".repeat(81);
        let reply = app
            .send(
                "PATCH",
                "/me",
                Some(&lifter.token),
                Some(&json!({"display_name": long})),
            )
            .await;
        assert_eq!(reply.fields(), ["display_name"]);
        reply.refused(422, "invalid_input");

        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        app.post("/sessions", &lifter.token, session(1, 16.0, 2, Some(1)))
            .await
            .expect(201);

        let roster = app.get("/clients", &clinician.token).await.expect(200);
        let items = roster["items"].as_array().unwrap();
        let maria = items
            .iter()
            .find(|c| c["id"] == lifter.id.as_str())
            .unwrap();
        assert_eq!(maria["name"], "Maria Lopez");
        // Screened today: this week is planned (one session a week) and done.
        assert_eq!(
            maria["status"]["adherence_4_weeks"],
            json!({"planned": 1, "done": 1, "percent": 100})
        );
        assert_eq!(maria["status"]["adherence_12_weeks"]["planned"], 1);
        let other = items.iter().find(|c| c["id"] == quiet.id.as_str()).unwrap();
        assert!(other.get("name").is_none());
        assert_eq!(
            other["status"]["adherence_4_weeks"]["percent"],
            json!(null),
            "nothing planned before a screening"
        );

        // The page: names first, search and groups narrow it, odd parameters never break it.
        let cookie = app.sign_in_browser(&clinician.email).await;
        let page = |query: &str| {
            let (app, cookie) = (&app, cookie.clone());
            let query = query.to_owned();
            async move {
                let response = app
                    .client
                    .get(format!("{}/clients{query}", app.base))
                    .header("cookie", cookie)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200, "{query}");
                response.text().await.unwrap()
            }
        };
        let all = page("").await;
        assert!(
            all.contains("Maria Lopez") && all.contains("2 clients."),
            "{all}"
        );
        assert!(all.contains("100% (1 of 1)"), "{all}");
        let found = page("?q=maria").await;
        assert!(found.contains("1 of 2 clients match") && found.contains("Maria Lopez"));
        assert!(!found.contains(&quiet.email));
        let green = page("?show=green&sort=name").await;
        assert!(green.contains("of 2 clients match"), "{green}");
        let odd = page("?q=a&q=quiet&show=nonsense&sort=%FF").await;
        assert!(
            odd.contains("1 of 2 clients match") && odd.contains(&quiet.email),
            "{odd}"
        );

        app.send(
            "PATCH",
            "/me",
            Some(&lifter.token),
            Some(&json!({"display_name": null})),
        )
        .await
        .expect(200);
        let roster = app.get("/clients", &clinician.token).await.expect(200);
        assert!(
            roster["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c.get("name").is_none())
        );
    }
}
