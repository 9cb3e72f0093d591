//! Bounded fuzzing of every parser, by property-based generation (the toolchain is stable, so
//! not coverage-guided): the JSON bodies of the API, the web forms, and the settings file. Each
//! takes arbitrary and half-valid input and must answer with a value or a refusal, never a
//! panic; a refusal names at least one field. `PROPTEST_CASES` raises the bound for a longer run.

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::web::Fields;

/// Every identifier-like string literal in the form converters: the field names they read and
/// the values they know, so generated forms hit real fields with real and nearly-real values.
fn form_words() -> Vec<String> {
    let source = include_str!("web/forms.rs");
    let mut words: Vec<String> = source
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|w| {
            !w.is_empty()
                && w.len() <= 30
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_owned)
        .collect();
    words.sort();
    words.dedup();
    words
}

fn value() -> impl Strategy<Value = String> {
    let words = form_words();
    prop_oneof![
        Just(String::new()),
        prop::sample::select(words),
        (-100_000i64..100_000).prop_map(|n| n.to_string()),
        (-1e6f64..1e6).prop_map(|n| n.to_string()),
        Just("2026-02-30".to_owned()),
        Just("0001-01-01".to_owned()),
        Just("1e-300".to_owned()),
        Just("NaN".to_owned()),
        Just("7.5".to_owned()),
        "\\PC{0,40}",
        "[\\x00-\\x1f\\u{202e}a-z ]{0,10}",
        Just("x".repeat(5_000)),
    ]
}

fn fields() -> impl Strategy<Value = Fields> {
    let names = form_words();
    prop::collection::vec((prop::sample::select(names), value()), 0..40).prop_map(Fields)
}

/// 512 cases per parser, or `PROPTEST_CASES`.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(512)
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        "\\PC{0,16}".prop_map(Value::String),
        prop::sample::select(form_words()).prop_map(Value::String),
        Just(json!("2026-11-02")),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 40, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![prop::sample::select(form_words()), "[a-z_]{1,10}"],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Parses `bytes` as the body of `T` the way the API does; a refusal must name a field.
fn body<T: serde::de::DeserializeOwned + schemars::JsonSchema>(bytes: &[u8]) {
    if let Err(error) = crate::error::json_body::<T>(bytes) {
        assert!(error.status.is_client_error(), "{:?}", error.body);
        assert!(!error.body.error.is_empty());
    }
}

fn every_body(bytes: &[u8]) {
    use resilift_api::{flare, next, score, screen};
    body::<crate::service::accounts::NewAccount>(bytes);
    body::<crate::http::TokenRequest>(bytes);
    body::<crate::http::SignIn>(bytes);
    body::<crate::http::PasswordChange>(bytes);
    body::<crate::http::EraseRequest>(bytes);
    body::<crate::http::LinkRequest>(bytes);
    body::<crate::service::profile::ProfileBody>(bytes);
    body::<crate::service::links::OverrideRequest>(bytes);
    body::<crate::service::resets::ResetRequest>(bytes);
    body::<crate::service::resets::NewPassword>(bytes);
    body::<screen::ScreeningSubmission>(bytes);
    body::<next::SessionDto>(bytes);
    body::<next::FoundationDayDto>(bytes);
    if let Ok(text) = crate::error::body_text(bytes) {
        let _ = score::AssessmentSubmission::parse(text);
    }
    body::<flare::TriageSubmission>(bytes);
    // What the engine then checks, for bodies that parse.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    if let Ok(session) =
        resilift_api::parse_json::<next::SessionDto>(&String::from_utf8_lossy(bytes))
    {
        let _ = session.check(today);
    }
    if let Ok(day) =
        resilift_api::parse_json::<next::FoundationDayDto>(&String::from_utf8_lossy(bytes))
    {
        let _ = day.check(today);
    }
    // The command line's whole pipelines, from text.
    let text = String::from_utf8_lossy(bytes);
    let rules = resilift_core::Config::standard();
    let _ = resilift_api::next::run(&text, &rules);
    let _ = resilift_api::screen::run(&text, &rules);
    let _ = resilift_api::flare::run(&text, &rules);
    let _ = resilift_api::risk::run(&text, &rules);
    let _ = resilift_api::score::run(&text, &rules);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn json_bodies_of_any_shape_are_parsed_or_refused(value in any_json(), raw in prop::collection::vec(any::<u8>(), 0..200)) {
        every_body(value.to_string().as_bytes());
        every_body(&raw);
    }

    #[test]
    fn forms_with_any_fields_convert_or_name_their_problems(form in fields()) {
        use resilift_api::{flare, next, risk, screen, score};
        let _ = screen::ScreeningSubmission::try_from(&form);
        let _ = flare::TriageSubmission::try_from(&form);
        let _ = next::FoundationDayDto::try_from(&form);
        let _ = next::SessionDto::try_from(&form);
        let _ = crate::service::sessions::CheckIn::try_from(&form);
        let _ = risk::RiskRequest::try_from(&form);
        let _ = crate::service::links::OverrideRequest::try_from(&form);
        for instrument in ["biering_sorensen", "mcgill", "bunkie", "nprs", "odi", "rmdq", "startback", "tsk11", "nothing"] {
            if let Err(problems) = score::AssessmentSubmission::try_from(crate::web::forms::InstrumentForm { instrument, fields: &form }) {
                prop_assert!(!problems.is_empty());
            }
        }
    }

    #[test]
    fn settings_files_of_any_content_load_or_name_the_key(
        lines in prop::collection::vec(
            (
                prop::sample::select(vec!["[screen]", "[prescription]", "[pain]", "[instruments]", "[risk]", "[flare]", "[foundation]", "[server]", ""]),
                prop::sample::select(form_words()),
                prop_oneof![
                    any::<i64>().prop_map(|n| n.to_string()),
                    any::<f64>().prop_map(|n| format!("{n:?}")),
                    any::<bool>().prop_map(|b| b.to_string()),
                    "\\PC{0,12}".prop_map(|s| format!("{s:?}")),
                    Just("[1, 2, \"x\"]".to_owned()),
                    Just("nan".to_owned()),
                    Just("-inf".to_owned()),
                    "\\PC{0,12}",
                ],
            ),
            0..12,
        ),
        raw in "\\PC{0,200}",
    ) {
        let text: String = lines
            .iter()
            .map(|(section, key, value)| format!("{section}\n{key} = {value}\n"))
            .collect();
        for text in [text.as_str(), raw.as_str()] {
            match resilift_api::config::from_toml_with_server(text) {
                Ok((config, server)) => {
                    prop_assert!(config.problems().is_empty());
                    let resolved = crate::Settings::resolve(&server, &crate::Overrides::default());
                    if let Err(errors) = resolved {
                        prop_assert!(!errors.0.is_empty());
                    }
                }
                Err(errors) => prop_assert!(!errors.0.is_empty()),
            }
        }
    }
}
