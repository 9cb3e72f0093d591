//! The OpenAPI document is generated from the code and lists exactly what is routed.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::App;

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = App::start(&crate::Backend::Sqlite).await;
    let user = app.lifter("doc").await;
    let document = app
        .send("GET", "/api/openapi.json", None, None)
        .await
        .expect(200);
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.len() >= 30, "{}", paths.len());
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().unwrap() {
            assert!(operation["responses"].is_object());
            let concrete = path
                .replace("{id}", "00000000-0000-0000-0000-000000000000")
                .replace("{session}", "x");
            let reply = app
                .send(
                    &method.to_uppercase(),
                    &concrete,
                    Some(&user.token),
                    Some(&Value::Object(Default::default())),
                )
                .await;
            assert_ne!(
                reply.status.as_u16(),
                405,
                "{method} {path} is documented but not routed"
            );
            assert_ne!(
                reply.body["code"], "no_route",
                "{method} {path} is documented but not routed"
            );
            assert_ne!(
                reply.status.as_u16(),
                500,
                "{method} {path}: {}",
                reply.body
            );
        }
    }
    // Schemas referenced from operations resolve to components.
    let text = document.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(
            document["components"]["schemas"].get(name).is_some(),
            "dangling {name}"
        );
    }
}

/// Calls operations as the document describes them and checks each answer against the
/// documented status and response schema, remembering which operations were exercised.
struct Documented<'a> {
    app: &'a App,
    document: Value,
    schemas: boon::Schemas,
    compiler: boon::Compiler,
    covered: BTreeSet<(String, String)>,
}

const DOCUMENT_URL: &str = "urn:resilift:openapi";

impl<'a> Documented<'a> {
    async fn new(app: &'a App) -> Self {
        let document = app
            .send("GET", "/api/openapi.json", None, None)
            .await
            .expect(200);
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        compiler
            .add_resource(DOCUMENT_URL, document.clone())
            .unwrap();
        Self {
            app,
            document,
            schemas: boon::Schemas::new(),
            compiler,
            covered: BTreeSet::new(),
        }
    }

    /// Validates `body` against the schema at `pointer` in the document.
    fn validate(&mut self, pointer: &str, body: &Value, what: &str) {
        let location = format!("{DOCUMENT_URL}#{pointer}");
        let index = self
            .compiler
            .compile(&location, &mut self.schemas)
            .unwrap_or_else(|error| panic!("{what}: the schema does not compile: {error}"));
        if let Err(error) = self.schemas.validate(body, index) {
            panic!("{what}: the answer does not match its documented schema:\n{error:#}\n{body:#}");
        }
    }

    /// Sends `method` to `template` (with its parameters filled in as `path`) and checks the
    /// answer: the documented success status, and the documented body.
    async fn call(
        &mut self,
        method: &str,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Value {
        let operation = self.document["paths"][template][method].clone();
        assert!(
            operation.is_object(),
            "{method} {template} is not documented"
        );
        let reply = match (&body, template) {
            // An upload is the file itself, not JSON.
            (Some(Value::String(file)), "/api/v1/imports") => {
                self.app
                    .upload(path, token.unwrap(), "text/csv", file.as_bytes().to_vec())
                    .await
            }
            // A clip for the form check: the file named is sent as itself.
            (Some(Value::String(clip)), "/api/v1/sessions/{id}/video") => {
                let bytes = std::fs::read(clip).unwrap();
                self.app
                    .upload(path, token.unwrap(), "video/mp4", bytes)
                    .await
            }
            _ => {
                self.app
                    .send(&method.to_uppercase(), path, token, body.as_ref())
                    .await
            }
        };
        let (ok, _) = operation["responses"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(status, _)| status.starts_with('2'))
            .unwrap();
        let what = format!("{method} {template}");
        assert_eq!(reply.status.as_str(), ok, "{what}: {}", reply.body);
        if let Some(content) = operation["responses"][ok]["content"].as_object() {
            // The documented media type (JSON, or FHIR JSON for the bundles) is the one sent.
            let media = content.keys().next().unwrap();
            assert!(
                reply.headers["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with(media.as_str()),
                "{method} {template}: documented as {media}, sent as {:?}",
                reply.headers["content-type"]
            );
            if media == "application/pdf" {
                assert!(
                    reply.body.as_u64().is_some_and(|n| n > 1000),
                    "{what}: a PDF"
                );
                self.covered
                    .insert((method.to_owned(), template.to_owned()));
                return reply.body;
            }
            let pointer = format!(
                "/paths/{}/{method}/responses/{ok}/content/{}/schema",
                template.replace('~', "~0").replace('/', "~1"),
                media.replace('~', "~0").replace('/', "~1")
            );
            self.validate(&pointer, &reply.body, &what);
        }
        self.covered
            .insert((method.to_owned(), template.to_owned()));
        reply.body
    }
}

#[tokio::test]
async fn every_answer_matches_its_documented_schema() {
    for backend in crate::backends() {
        // The form check needs the pose models in the data folder.
        let data = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            crate::form_data().join("installed/models"),
            data.path().join("models"),
        )
        .unwrap();
        let settings = resilift_server::Settings {
            data_dir: data.path().to_owned(),
            ..crate::test_settings()
        };
        let app = App::start_with(&backend, settings).await;
        let mut api = Documented::new(&app).await;
        let register = async |api: &mut Documented<'_>, name: &str, role: &str| {
            let email = format!("{name}@example.org");
            let credentials = json!({"email": email, "password": "a long enough secret"});
            let mut account = credentials.clone();
            account["role"] = role.into();
            let id = api
                .call("post", "/api/v1/accounts", "/accounts", None, Some(account))
                .await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let token = api
                .call("post", "/api/v1/tokens", "/tokens", None, Some(credentials))
                .await;
            (
                id,
                token["token"].as_str().unwrap().to_owned(),
                token["id"].as_str().unwrap().to_owned(),
            )
        };
        let (lifter_id, lifter, lifter_token_id) =
            register(&mut api, "schema-lifter", "lifter").await;
        let (_, clinician, _) = register(&mut api, "schema-clinician", "clinician").await;
        let l = Some(lifter.as_str());
        let c = Some(clinician.as_str());

        api.call("get", "/api/v1/tokens", "/tokens", l, None).await;
        api.call("get", "/api/v1/me", "/me", l, None).await;
        let named = api
            .call(
                "patch",
                "/api/v1/me",
                "/me",
                l,
                Some(json!({"display_name": "Schema Lifter"})),
            )
            .await;
        assert_eq!(named["display_name"], "Schema Lifter");
        let profile = api
            .call("get", "/api/v1/me/profile", "/me/profile", l, None)
            .await;
        let body = json!({"units": profile["units"], "time_zone": "Europe/London", "equipment": profile["equipment"]});
        api.call("put", "/api/v1/me/profile", "/me/profile", l, Some(body))
            .await;
        let body = json!({"units": profile["units"], "time_zone": "UTC", "equipment": profile["equipment"]});
        api.call("put", "/api/v1/me/profile", "/me/profile", l, Some(body))
            .await;

        let screening = api
            .call(
                "post",
                "/api/v1/screenings",
                "/screenings",
                l,
                Some(crate::clear_screening()),
            )
            .await;
        let id = screening["id"].as_str().unwrap();
        api.call("get", "/api/v1/screenings", "/screenings", l, None)
            .await;
        api.call(
            "get",
            "/api/v1/screenings/{id}",
            &format!("/screenings/{id}"),
            l,
            None,
        )
        .await;

        for answers in [
            json!({"instrument": "nprs", "score": 3}),
            json!({"instrument": "nprs", "score": 2, "taken_on": crate::days_ago(1)}),
            json!({"instrument": "mcgill", "flexion": 120, "extension": 150, "side_right": 90, "side_left": 95}),
            json!({"instrument": "startback", "agree": [1, 2], "bothersome": "slightly"}),
        ] {
            api.call(
                "post",
                "/api/v1/assessments",
                "/assessments",
                l,
                Some(answers),
            )
            .await;
        }
        api.call("get", "/api/v1/assessments", "/assessments", l, None)
            .await;

        for days in [14, 7] {
            api.call(
                "post",
                "/api/v1/sessions",
                "/sessions",
                l,
                Some(crate::session(days, 16.0, 2, None)),
            )
            .await;
        }
        let sessions = api
            .call("get", "/api/v1/sessions", "/sessions", l, None)
            .await;
        let session = sessions["items"][0]["id"].as_str().unwrap().to_owned();
        let path = format!("/sessions/{session}");
        api.call("get", "/api/v1/sessions/{id}", &path, l, None)
            .await;
        api.call(
            "patch",
            "/api/v1/sessions/{id}",
            &path,
            l,
            Some(json!({"pain": {"next_morning": 2}})),
        )
        .await;
        api.call("get", "/api/v1/next-session", "/next-session", l, None)
            .await;
        let clip = crate::form_data().join("reps.mp4");
        let check = api
            .call(
                "post",
                "/api/v1/sessions/{id}/video",
                &format!("{path}/video"),
                l,
                Some(Value::String(clip.to_string_lossy().into_owned())),
            )
            .await;
        let check_id = check["id"].as_str().unwrap().to_owned();
        api.call(
            "get",
            "/api/v1/sessions/{id}/form-checks",
            &format!("{path}/form-checks"),
            l,
            None,
        )
        .await;
        api.call(
            "get",
            "/api/v1/form-checks/{id}",
            &format!("/form-checks/{check_id}"),
            l,
            None,
        )
        .await;
        api.call(
            "post",
            "/api/v1/form-checks/{id}/proposals/{number}",
            &format!("/form-checks/{check_id}/proposals/1"),
            l,
            Some(json!({"decision": "confirmed"})),
        )
        .await;
        api.call(
            "delete",
            "/api/v1/form-checks/{id}",
            &format!("/form-checks/{check_id}"),
            l,
            None,
        )
        .await;
        let older = sessions["items"][1]["id"].as_str().unwrap().to_owned();
        api.call(
            "delete",
            "/api/v1/sessions/{id}",
            &format!("/sessions/{older}"),
            l,
            None,
        )
        .await;

        let day = json!({"date": crate::days_ago(0), "exercises": ["curl_up", "bird_dog"],
            "pain": {"before": 1, "during_max": 2, "after": 1}, "leg_symptoms": "none", "red_flags": []});
        let day = api
            .call(
                "post",
                "/api/v1/foundation-days",
                "/foundation-days",
                l,
                Some(day),
            )
            .await;
        let day = day["id"].as_str().unwrap().to_owned();
        api.call(
            "get",
            "/api/v1/foundation-days",
            "/foundation-days",
            l,
            None,
        )
        .await;
        api.call(
            "get",
            "/api/v1/foundation-days/{id}",
            &format!("/foundation-days/{day}"),
            l,
            None,
        )
        .await;
        api.call(
            "delete",
            "/api/v1/foundation-days/{id}",
            &format!("/foundation-days/{day}"),
            l,
            None,
        )
        .await;

        let triage = json!({"onset": crate::days_ago(2), "pain_now": 3, "leg_symptoms": "none",
            "numbness_or_weakness": false, "red_flags": [], "disc_bulge_known": false, "improving": true});
        let triage = api
            .call("post", "/api/v1/triage", "/triage", l, Some(triage))
            .await;
        let triage = triage["id"].as_str().unwrap();
        api.call("get", "/api/v1/triage", "/triage", l, None).await;
        api.call(
            "get",
            "/api/v1/triage/{id}",
            &format!("/triage/{triage}"),
            l,
            None,
        )
        .await;
        api.call("get", "/api/v1/next-session", "/next-session", l, None)
            .await;
        api.call("get", "/api/v1/progress", "/progress", l, None)
            .await;

        let invite = api
            .call("post", "/api/v1/invites", "/invites", l, None)
            .await;
        let link = api
            .call(
                "post",
                "/api/v1/links",
                "/links",
                c,
                Some(json!({"code": invite["code"]})),
            )
            .await;
        api.call("get", "/api/v1/links", "/links", l, None).await;
        let thread = format!("/links/{}/messages", link["id"].as_str().unwrap());
        api.call(
            "post",
            "/api/v1/links/{id}/messages",
            &thread,
            l,
            Some(json!({"body": "Is a stiff morning normal?"})),
        )
        .await;
        api.call("get", "/api/v1/links/{id}/messages", &thread, c, None)
            .await;
        api.call("get", "/api/v1/clients", "/clients", c, None)
            .await;
        let client = format!("/clients/{lifter_id}");
        let note = json!({"note": "Keep the first pull slow.", "stage": "kettlebell"});
        api.call(
            "post",
            "/api/v1/clients/{id}/overrides",
            &format!("{client}/overrides"),
            c,
            Some(note),
        )
        .await;
        api.call("get", "/api/v1/overrides", "/overrides", l, None)
            .await;
        // A warning sign in a log, so that the safety record has an event to describe.
        let mut flagged = crate::session(1, 12.0, 2, None);
        flagged["red_flags"] = json!(["fever_or_unwell"]);
        api.call("post", "/api/v1/sessions", "/sessions", l, Some(flagged))
            .await;
        let record = api
            .call("get", "/api/v1/safety-events", "/safety-events", l, None)
            .await;
        assert_eq!(record["items"][0]["flags"], json!(["fever_or_unwell"]));
        let odi = json!({"instrument": "odi", "answers": [1, 0, 2, 0, 1, 1, 1, null, 1, 0]});
        api.call(
            "post",
            "/api/v1/clients/{id}/assessments",
            &format!("{client}/assessments"),
            c,
            Some(odi),
        )
        .await;
        for (template, suffix) in [
            ("/api/v1/clients/{id}", ""),
            ("/api/v1/clients/{id}/screenings", "/screenings"),
            ("/api/v1/clients/{id}/assessments", "/assessments"),
            ("/api/v1/clients/{id}/sessions", "/sessions"),
            ("/api/v1/clients/{id}/next-session", "/next-session"),
            ("/api/v1/clients/{id}/triage", "/triage"),
            ("/api/v1/clients/{id}/progress", "/progress"),
            ("/api/v1/clients/{id}/fhir", "/fhir"),
            ("/api/v1/clients/{id}/report.pdf", "/report.pdf"),
            ("/api/v1/clients/{id}/overrides", "/overrides"),
            ("/api/v1/clients/{id}/safety-events", "/safety-events"),
        ] {
            api.call("get", template, &format!("{client}{suffix}"), c, None)
                .await;
        }
        api.call(
            "get",
            "/api/v1/clients/{id}/sessions/{session}",
            &format!("{client}/sessions/{session}"),
            c,
            None,
        )
        .await;
        api.call("get", "/api/v1/me/export", "/me/export", l, None)
            .await;
        api.call("get", "/api/v1/me/fhir", "/me/fhir", l, None)
            .await;
        api.call("get", "/api/v1/me/report.pdf", "/me/report.pdf", l, None)
            .await;
        let file = format!(
            "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n{},Deadlift,Back,100.0,5,,,,\"\"\n",
            crate::days_ago(40)
        );
        let import = api
            .call(
                "post",
                "/api/v1/imports",
                "/imports",
                l,
                Some(Value::String(file)),
            )
            .await;
        let import_id = import["id"].as_str().unwrap().to_owned();
        api.call("get", "/api/v1/imports", "/imports", l, None)
            .await;
        api.call(
            "get",
            "/api/v1/imports/{id}",
            &format!("/imports/{import_id}"),
            l,
            None,
        )
        .await;
        api.call(
            "post",
            "/api/v1/imports/{id}/confirm",
            &format!("/imports/{import_id}/confirm"),
            l,
            None,
        )
        .await;
        api.call(
            "delete",
            "/api/v1/imports/{id}",
            &format!("/imports/{import_id}"),
            l,
            None,
        )
        .await;

        let credentials =
            json!({"email": "schema-lifter@example.org", "password": "a long enough secret"});
        api.call(
            "post",
            "/api/v1/sign-in",
            "/sign-in",
            None,
            Some(credentials),
        )
        .await;
        api.call("post", "/api/v1/sign-out", "/sign-out", l, None)
            .await;
        let link = link["id"].as_str().unwrap();
        api.call(
            "delete",
            "/api/v1/links/{id}",
            &format!("/links/{link}"),
            l,
            None,
        )
        .await;
        api.call("get", "/healthz", "/healthz", None, None).await;
        api.call("get", "/api/openapi.json", "/api/openapi.json", None, None)
            .await;
        // A second token, as a phone and a laptop would have; a password change ends both.
        let second = app
            .send(
                "POST",
                "/tokens",
                None,
                Some(&json!({"email": "schema-lifter@example.org", "password": "a long enough secret"})),
            )
            .await
            .expect(201);
        let second = second["token"].as_str().unwrap().to_owned();
        api.call(
            "delete",
            "/api/v1/tokens/{id}",
            &format!("/tokens/{lifter_token_id}"),
            Some(second.as_str()),
            None,
        )
        .await;
        api.call(
            "post",
            "/api/v1/password-resets",
            "/password-resets",
            None,
            Some(json!({"email": "schema-lifter@example.org"})),
        )
        .await;
        let link = resilift_server::admin::reset_link(&app.state, "schema-lifter@example.org")
            .await
            .unwrap();
        let token = link.rsplit('/').next().unwrap().to_owned();
        api.call(
            "post",
            "/api/v1/password-resets/{token}",
            &format!("/password-resets/{token}"),
            None,
            Some(json!({"password": "a long enough secret"})),
        )
        .await;
        let second = app
            .sign_in("schema-lifter@example.org", "a long enough secret")
            .await;
        let change = json!({"current_password": "a long enough secret", "new_password": "another long secret"});
        api.call(
            "put",
            "/api/v1/me/password",
            "/me/password",
            Some(second.as_str()),
            Some(change),
        )
        .await;
        api.call(
            "delete",
            "/api/v1/me",
            "/me",
            c,
            Some(json!({"password": "a long enough secret"})),
        )
        .await;

        // A refusal matches the documented error body too.
        let refused = app.post("/sessions", &clinician, json!({})).await;
        let error =
            "/paths/~1api~1v1~1sessions/post/responses/403/content/application~1json/schema";
        api.validate(error, &refused.body, "a refusal");

        let documented: BTreeSet<(String, String)> = api.document["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, operations)| {
                operations
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(|method| (method.clone(), path.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        let missed: Vec<_> = documented.difference(&api.covered).collect();
        assert!(missed.is_empty(), "{backend:?}: not exercised: {missed:?}");
    }
}
