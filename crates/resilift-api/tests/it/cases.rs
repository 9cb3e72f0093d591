//! Runs every case file under `tests/cases/`: each holds an input and the decision, the rule ids
//! that must fire (in order) and, where given, dates, loads and advice.

use std::path::{Path, PathBuf};

use resilift_core::Config;
use serde_json::Value;

fn case_files(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 20,
        "expected the {kind} case files in {}",
        dir.display()
    );
    files
}

fn load(path: &Path) -> (String, Value) {
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    (case["input"].to_string(), case["expect"].clone())
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap().to_owned())
        .collect()
}

fn check_field(failures: &mut Vec<String>, name: &str, expect: &Value, got: &Value, key: &str) {
    if let Some(want) = expect.get(key)
        && norm(want) != norm(got)
    {
        failures.push(format!("{name}: {key} expected {want}, got {got}"));
    }
}

/// Compares numbers by value, so `50` and `50.0` are equal.
fn norm(value: &Value) -> Value {
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.iter().map(norm).collect()),
        other => other.clone(),
    }
}

#[test]
fn screen_cases_match_decision_rules_and_dates() {
    let cfg = Config::standard();
    let mut failures = Vec::new();
    for path in case_files("screen") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        // Arrange
        let (input, expect) = load(&path);
        // Act
        let response =
            serde_json::to_value(resilift_api::screen::run(&input, &cfg).unwrap()).unwrap();
        // Assert
        check_field(
            &mut failures,
            &name,
            &expect,
            &response["decision"],
            "decision",
        );
        let rules = serde_json::to_value(ids(&response["reasons"], "rule")).unwrap();
        check_field(&mut failures, &name, &expect, &rules, "rules");
        check_field(
            &mut failures,
            &name,
            &expect,
            &response["next_screen"],
            "next_screen",
        );
        let advice = serde_json::to_value(ids(&response["advice"], "id")).unwrap();
        check_field(&mut failures, &name, &expect, &advice, "advice");
        // `programme` is present (non-empty) exactly when the decision is `foundation`.
        let programme = response.get("programme").cloned().unwrap_or(Value::Null);
        if (response["decision"] == "foundation")
            != programme.as_array().is_some_and(|p| !p.is_empty())
        {
            failures.push(format!(
                "{name}: programme must come exactly with foundation, got {programme}"
            ));
        }
        if let Some(items) = programme.as_array() {
            let exercises = serde_json::to_value(ids(&programme, "exercise")).unwrap();
            check_field(&mut failures, &name, &expect, &exercises, "programme");
            for item in items {
                if item["evidence"].as_array().is_none_or(Vec::is_empty) {
                    failures.push(format!("{name}: programme item without evidence"));
                }
            }
        }
        if response["decision"] != "foundation"
            && !response["decision"].as_str().is_some_and(|d| {
                ["kettlebell", "trap_bar", "barbell", "relative_rest"].contains(&d)
            })
        {
            // Urgent decisions: nothing but the urgent rules, and no advice but ADV-PSYCH.
            for rule in ids(&response["reasons"], "rule") {
                if ![
                    "SCR-CES",
                    "SCR-URGENT",
                    "SCR-REDFLAG",
                    "SCR-GENERAL",
                    "SCR-AGE",
                    "SCR-DISC",
                    "SCR-RADICULAR",
                ]
                .contains(&rule.as_str())
                {
                    failures.push(format!("{name}: urgent decision carries {rule}"));
                }
            }
        }
        assert!(
            response["disclaimer"]
                .as_str()
                .unwrap()
                .contains("not medical advice")
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn next_cases_match_decision_rules_and_loads() {
    let cfg = Config::standard();
    let mut failures = Vec::new();
    for path in case_files("next") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        // Arrange
        let (input, expect) = load(&path);
        // Act
        let response =
            serde_json::to_value(resilift_api::next::run(&input, &cfg).unwrap()).unwrap();
        // Assert
        for key in [
            "decision",
            "urgency",
            "date",
            "exercise",
            "e1rm",
            "pain_response",
        ] {
            check_field(&mut failures, &name, &expect, &response[key], key);
        }
        let rules = serde_json::to_value(ids(&response["reasons"], "rule")).unwrap();
        check_field(&mut failures, &name, &expect, &rules, "rules");
        let sets = response["sets"].as_array().unwrap();
        let loads: Vec<f64> = sets.iter().map(|s| s["load"].as_f64().unwrap()).collect();
        check_field(
            &mut failures,
            &name,
            &expect,
            &serde_json::to_value(&loads).unwrap(),
            "loads",
        );
        let reps: Vec<u64> = sets.iter().map(|s| s["reps"].as_u64().unwrap()).collect();
        check_field(
            &mut failures,
            &name,
            &expect,
            &serde_json::to_value(&reps).unwrap(),
            "reps",
        );
        let warmups: Vec<f64> = response["warmups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["load"].as_f64().unwrap())
            .collect();
        check_field(
            &mut failures,
            &name,
            &expect,
            &serde_json::to_value(&warmups).unwrap(),
            "warmups",
        );
        assert!(
            !response["reasons"].as_array().unwrap().is_empty(),
            "{name}: no reason given"
        );
        if response["urgency"].is_null() == (response["decision"] == "stop") {
            failures.push(format!(
                "{name}: urgency must come exactly with stop, got {}",
                response["urgency"]
            ));
        }
        let programme = response.get("programme").cloned().unwrap_or(Value::Null);
        if programme.is_array() {
            let exercises = serde_json::to_value(ids(&programme, "exercise")).unwrap();
            check_field(&mut failures, &name, &expect, &exercises, "programme");
        } else if expect.get("programme").is_some() {
            failures.push(format!("{name}: no programme"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
