//! The record as FHIR R4: the bundle's resources and codes, who may fetch it, and (with
//! `RESILIFT_FHIR_OUT` set, as `cargo xtask test` does) the bundles written out for the two
//! independent validators in `tests/fhir`.

use serde_json::{Value, json};

use crate::{App, Backend, backends, clear_screening, session};

fn codes(bundle: &Value, resource: &str) -> Vec<String> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == resource)
        .flat_map(|r| r["code"]["coding"].as_array().cloned().unwrap_or_default())
        .map(|c| c["code"].as_str().unwrap().to_owned())
        .collect()
}

fn write_out(backend: &Backend, name: &str, bundle: &Value) {
    if let Ok(dir) = std::env::var("RESILIFT_FHIR_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        let kind = match backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres(_) => "postgres",
        };
        std::fs::write(
            std::path::Path::new(&dir).join(format!("{name}-{kind}.json")),
            serde_json::to_string_pretty(bundle).unwrap(),
        )
        .unwrap();
    }
}

/// A lifter's whole record exports as one Bundle: the Patient, pain (72514-3), ODI
/// (97909-6), STarT Back (91351-7, 91350-9, 91352-5 with its LOINC answer), holds and the
/// estimated 1RM under resilift's code system, the screening's answers and decision, and the
/// plan with its rule ids, evidence levels and the disclaimer. A linked clinician gets the
/// same; others do not.
#[tokio::test]
async fn the_record_exports_as_a_fhir_bundle_with_the_right_codes() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("fhir").await;
        let clinician = app.clinician("physio").await;
        let stranger = app.clinician("stranger").await;
        app.patch("/me", &lifter.token, json!({"display_name": "Ana Ruiz"}))
            .await
            .expect(200);

        // Before anything is recorded: a Patient and a plan on hold.
        let empty = app.get("/me/fhir", &lifter.token).await.expect(200);
        assert_eq!(empty["resourceType"], "Bundle");
        let plan = empty["entry"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["resource"]["resourceType"] == "CarePlan")
            .unwrap();
        assert_eq!(plan["resource"]["status"], "on-hold");
        write_out(&backend, "empty", &empty);

        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        for body in [
            json!({"instrument": "nprs", "score": 3}),
            json!({"instrument": "odi", "answers": [1, 1, null, 0, 0, 1, 0, 0, 1, 0]}),
            json!({"instrument": "startback", "agree": [1, 2, 3], "bothersome": "very_much"}),
            json!({"instrument": "biering_sorensen", "seconds": 95}),
            json!({"instrument": "mcgill", "flexion": 120, "extension": 150, "side_right": 90, "side_left": 95}),
            json!({"instrument": "rmdq", "answers": [true, false, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false]}),
        ] {
            app.post("/assessments", &lifter.token, body)
                .await
                .expect(201);
        }
        app.post("/sessions", &lifter.token, session(8, 16.0, 2, Some(1)))
            .await
            .expect(201);

        let reply = app.get("/me/fhir", &lifter.token).await;
        assert_eq!(reply.headers["content-type"], "application/fhir+json");
        let bundle = reply.expect(200);
        assert_eq!(bundle["type"], "collection");
        let entries = bundle["entry"].as_array().unwrap();
        for entry in entries {
            let id = entry["resource"]["id"].as_str().unwrap();
            assert_eq!(entry["fullUrl"], format!("urn:uuid:{id}"));
        }
        let patient = &entries[0]["resource"];
        assert_eq!(patient["resourceType"], "Patient");
        assert_eq!(patient["name"][0]["text"], "Ana Ruiz");
        assert_eq!(patient["identifier"][0]["value"], lifter.id.as_str());
        let observed = codes(&bundle, "Observation");
        for code in [
            "72514-3",
            "97909-6",
            "91351-7",
            "91350-9",
            "91352-5",
            "biering-sorensen-hold",
            "mcgill-flexion-hold",
            "rmdq-total",
            "deadlift-e1rm",
            "readiness-decision",
        ] {
            assert!(observed.iter().any(|c| c == code), "{code} in {observed:?}");
        }
        // Pain: the NPRS assessment and the session's worst pain.
        assert_eq!(observed.iter().filter(|c| *c == "72514-3").count(), 2);
        let risk = entries
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["code"]["coding"][0]["code"] == "91352-5")
            .unwrap();
        // Items 1-3 and a very bothersome pain: total 4, distress 1, medium risk.
        assert_eq!(
            risk["valueCodeableConcept"]["coding"][0]["code"], "LA8982-6",
            "{risk}"
        );
        let total = entries
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["code"]["coding"][0]["code"] == "91351-7")
            .unwrap();
        assert_eq!(total["valueInteger"], 4);
        let odi = entries
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["code"]["coding"][0]["code"] == "97909-6")
            .unwrap();
        assert_eq!(odi["valueQuantity"]["code"], "%");
        let e1rm = entries
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["code"]["coding"][0]["code"] == "deadlift-e1rm")
            .unwrap();
        assert_eq!(e1rm["valueQuantity"]["code"], "kg");
        assert!(e1rm["valueQuantity"]["value"].as_f64().unwrap() > 16.0);
        let answers = entries
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["resourceType"] == "QuestionnaireResponse")
            .unwrap();
        assert_eq!(answers["status"], "completed");
        assert!(
            answers
                .to_string()
                .contains("Earlier episodes of back pain")
        );
        let plan = entries
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["resourceType"] == "CarePlan")
            .unwrap();
        assert_eq!(plan["status"], "active");
        let notes = plan["note"].to_string();
        assert!(
            notes.contains("PRX-") && notes.contains("level "),
            "{notes}"
        );
        assert!(notes.contains("Rule-set version 2") && notes.contains("not medical advice"));
        assert!(plan["activity"][0]["detail"]["description"].is_string());
        // No empty strings or lists anywhere: FHIR forbids them.
        let text = bundle.to_string();
        assert!(!text.contains("\"\"") && !text.contains("[]") && !text.contains("null"));
        write_out(&backend, "full", &bundle);

        // The same record again has the same ids (name-based).
        // (Compared by id: the plan's `created` is the moment it was worked out, which may
        // fall on the next second.)
        let again = app.get("/me/fhir", &lifter.token).await.expect(200);
        let urls = |b: &serde_json::Value| -> Vec<String> {
            b["entry"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["fullUrl"].to_string())
                .collect()
        };
        assert_eq!(urls(&again), urls(&bundle));

        app.link(&lifter, &clinician).await;
        let theirs = app
            .get(&format!("/clients/{}/fhir", lifter.id), &clinician.token)
            .await
            .expect(200);
        assert_eq!(theirs["entry"].as_array().unwrap().len(), entries.len());
        app.get(&format!("/clients/{}/fhir", lifter.id), &stranger.token)
            .await
            .refused(404, "not_found");
        app.get("/me/fhir", &clinician.token)
            .await
            .refused(403, "lifter_only");
    }
}
