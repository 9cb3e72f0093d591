//! The OpenAPI document is generated from the code and lists exactly what is routed.

use serde_json::Value;

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
