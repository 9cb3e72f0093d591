//! The web pages over HTTP: sign-in is required, forms need the session's CSRF token, a failed
//! form changes nothing, and a clinician sees only linked clients' pages.

use reqwest::redirect::Policy;

use crate::{App, Backend};

pub(crate) fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

pub(crate) async fn sign_up(
    app: &App,
    client: &reqwest::Client,
    email: &str,
    role: &str,
) -> String {
    let response = client
        .post(format!("{}/signup", app.base))
        .form(&[
            ("email", email),
            ("password", "a long enough secret"),
            ("role", role),
            ("units", "kg"),
            ("time_zone", "Europe/Oslo"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "sign-up redirects");
    let home = client
        .get(format!("{}/account", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = home.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    home[start..start + 64].to_owned()
}

#[tokio::test]
async fn pages_need_sign_in_and_forms_need_the_csrf_token() {
    for backend in crate::backends() {
        let app = App::start(&backend).await;
        let client = browser();
        let response = client
            .get(format!("{}/home", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/signin?next=/home");
        let welcome = client
            .get(format!("{}/", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            welcome.contains("not medical advice"),
            "the welcome page says what resilift is not"
        );

        let csrf = sign_up(&app, &client, "page@example.org", "lifter").await;
        // Without the token: refused, nothing stored.
        let refused = client
            .post(format!("{}/screen", app.base))
            .form(&[
                ("red_flags_answered", "yes"),
                ("disc.diagnosed", "no"),
                ("tests.biering_sorensen_s", "90"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
        let wrong = client
            .post(format!("{}/screen", app.base))
            .form(&[
                ("csrf", "0".repeat(64).as_str()),
                ("red_flags_answered", "yes"),
                ("disc.diagnosed", "no"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 403);
        // A failed form keeps what was typed, names the problem, and stores nothing.
        let failed = client
            .post(format!("{}/screen", app.base))
            .form(&[
                ("csrf", csrf.as_str()),
                ("pain.previous_episodes", "three"),
                ("disc.diagnosed", "no"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(failed.status(), 422);
        let text = failed.text().await.unwrap();
        assert!(text.contains("enter a whole number"), "{text}");
        assert!(text.contains("value=\"three\""), "what was typed is kept");
        // The token works.
        let saved = client
            .post(format!("{}/screen", app.base))
            .form(&[
                ("csrf", csrf.as_str()),
                ("red_flags_none", "yes"),
                ("health_none", "yes"),
                ("person.age", "41"),
                ("disc.diagnosed", "no"),
                ("pain.now", "2"),
                ("pain.previous_episodes", "1"),
                ("pain.leg_symptoms", "none"),
                ("tests.biering_sorensen_s", "90"),
                ("training.coached_sessions", "3"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 303);
        let verdict = client
            .get(format!(
                "{}{}",
                app.base,
                saved.headers()["location"].to_str().unwrap()
            ))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            verdict.contains("Your result: kettlebell deadlift"),
            "{verdict}"
        );
        assert!(
            verdict.contains("/evidence/CIT-"),
            "reasons link their evidence"
        );
        // Exactly one screening was stored, as of today in the person's time zone.
        let export = client
            .get(format!("{}/account/export.json", app.base))
            .send()
            .await
            .unwrap();
        let export: serde_json::Value = export.json().await.unwrap();
        assert_eq!(export["screenings"].as_array().unwrap().len(), 1);
        assert_eq!(export["profile"]["time_zone"], "Europe/Oslo");
    }
}

#[tokio::test]
async fn a_clinician_sees_only_linked_clients_pages() {
    let app = App::start(&Backend::Sqlite).await;
    let lifter = app.lifter("pagelifter").await;
    let linked = browser();
    let csrf = sign_up(&app, &linked, "linked@example.org", "clinician").await;
    let invite = app
        .post("/invites", &lifter.token, serde_json::json!({}))
        .await
        .expect(201);
    let response = linked
        .post(format!("{}/clients", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("code", invite["code"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let client_page = format!("{}/clients/{}", app.base, lifter.id);
    assert_eq!(linked.get(&client_page).send().await.unwrap().status(), 200);
    let roster = linked
        .get(format!("{}/clients", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(roster.contains("pagelifter@example.org"));

    let unlinked = browser();
    sign_up(&app, &unlinked, "unlinked@example.org", "clinician").await;
    let page = unlinked.get(&client_page).send().await.unwrap();
    assert_eq!(page.status(), 404);
    assert!(
        !page
            .text()
            .await
            .unwrap()
            .contains("pagelifter@example.org")
    );
    let form = unlinked
        .get(format!("{client_page}/assess/odi"))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 404);
}

#[tokio::test]
async fn exports_download_json_and_csv() {
    let app = App::start(&Backend::Sqlite).await;
    let client = browser();
    sign_up(&app, &client, "csv@example.org", "lifter").await;
    let token = app
        .send("POST", "/tokens", None, Some(&serde_json::json!({"email": "csv@example.org", "password": "a long enough secret"})))
        .await
        .expect(201)["token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post("/sessions", &token, crate::session(2, 16.0, 2, Some(1)))
        .await
        .expect(201);
    let csv = client
        .get(format!("{}/account/export.csv", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "a header and one row per set: {text}");
    assert!(
        lines[1].starts_with(&format!(
            "{},kettlebell,1,16.0,8,7.0,2,2,2,1,true",
            crate::days_ago(2)
        )),
        "{}",
        lines[1]
    );
}

/// Dates on a page follow the browser's language: month first for American English, day
/// first otherwise, month names always written out and never the ISO form.
#[tokio::test]
async fn pages_write_dates_in_the_readers_order() {
    let backend = crate::backends().remove(0);
    let app = App::start(&backend).await;
    let client = browser();
    let csrf = sign_up(&app, &client, "dates@example.com", "lifter").await;
    let screened = client
        .post(format!("{}/api/v1/screenings", app.base))
        .header("x-csrf-token", &csrf)
        .json(&crate::clear_screening())
        .send()
        .await
        .unwrap();
    assert_eq!(screened.status(), 201);
    // The screening's re-screen date, 28 days on, is on Home under "Coming up".
    let due = crate::today() + chrono::Duration::days(28);
    let home = |language: &'static str| {
        let client = client.clone();
        let url = format!("{}/home", app.base);
        async move {
            let response = client
                .get(url)
                .header("accept-language", language)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.text().await.unwrap()
        }
    };
    let american = home("en-US,en;q=0.9").await;
    let british = home("en-GB,en;q=0.9").await;
    // The lifter's day is Oslo's, which can be a day ahead of UTC's near midnight.
    let found = [due, due + chrono::Duration::days(1)]
        .into_iter()
        .find(|day| british.contains(&day.format("%A %-d %B %Y").to_string()));
    let due = found.unwrap_or_else(|| panic!("the re-screen day is not on the en-GB page"));
    let month_first = due.format("%A, %B %-d, %Y").to_string();
    let day_first = due.format("%A %-d %B %Y").to_string();
    assert!(
        american.contains(&month_first),
        "{month_first} not on the en-US page"
    );
    assert!(!american.contains(&day_first));
    assert!(!british.contains(&month_first));
    assert!(!british.contains(&format!(">{due}<")));
}
