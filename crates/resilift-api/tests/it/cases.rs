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
        // The foundation pyramid in force (FND-BIG3), when the case names it.
        let pyramid = response
            .get("programme")
            .and_then(|p| p.as_array()?.first()?.get("pyramid").cloned())
            .unwrap_or(Value::Null);
        check_field(&mut failures, &name, &expect, &pyramid, "pyramid");
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

/// The heaviest set of the last session at `exercise` in a case's input, with its reps.
fn last_top_set(input: &Value, exercise: &str) -> Option<(f64, u64)> {
    let mut sessions: Vec<&Value> = input["sessions"].as_array()?.iter().collect();
    sessions.sort_by_key(|s| s["date"].as_str().unwrap_or("").to_owned());
    let last = sessions.iter().rev().find(|s| s["exercise"] == exercise)?;
    last["sets"]
        .as_array()?
        .iter()
        .map(|set| (set["load"].as_f64().unwrap(), set["reps"].as_u64().unwrap()))
        .reduce(|a, b| if b.0 > a.0 { b } else { a })
}

/// Words that match numbers, for every decision kind: each case's summary names the sets it
/// prescribes, says heavier, lighter or the same only when the loads are, and says what its
/// decision asks (a calibration, a check-in, a screen, a stop).
#[test]
fn every_decision_kind_words_its_numbers() {
    let cfg = Config::standard();
    let mut failures = Vec::new();
    let mut kinds = std::collections::BTreeSet::new();
    for path in case_files("next") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (input, _) = load(&path);
        let response =
            serde_json::to_value(resilift_api::next::run(&input, &cfg).unwrap()).unwrap();
        let input: Value = serde_json::from_str(&input).unwrap();
        let decision = response["decision"].as_str().unwrap().to_owned();
        let summary = response["summary"].as_str().unwrap();
        let units = response["units"].as_str().unwrap();
        let said = |words: &str| summary.contains(words);
        let wanted = match decision.as_str() {
            "calibrate" => "calibration session",
            "stop" => "No loaded training",
            "rescreen" | "regress" => "screen again",
            "wait_for_check_in" => "morning check-in",
            _ => "Next: ",
        };
        if !said(wanted) {
            failures.push(format!("{name}: {decision} without `{wanted}`: {summary}"));
        }
        if let Some(first) = response["sets"].as_array().unwrap().first() {
            let load = first["load"].as_f64().unwrap();
            let reps = first["reps"].as_u64().unwrap();
            let count = response["sets"].as_array().unwrap().len();
            let sets = format!(
                "{count} × {reps} at {} {units}",
                resilift_core::prescribe::fmt_load(load)
            );
            if !said(&sets) {
                failures.push(format!("{name}: `{sets}` not in: {summary}"));
            }
            let last = last_top_set(&input, response["exercise"].as_str().unwrap());
            let compare = |(from, _): (f64, u64)| load.partial_cmp(&from);
            for (words, ordering) in [
                ("heavier than last time", std::cmp::Ordering::Greater),
                ("lighter than last time", std::cmp::Ordering::Less),
                ("same load as last time", std::cmp::Ordering::Equal),
            ] {
                if said(words) != (last.and_then(compare) == Some(ordering)) {
                    failures.push(format!(
                        "{name}: `{words}` against a last top set of {last:?} and {load}: {summary}"
                    ));
                }
            }
        } else {
            for words in ["heavier", "lighter", "same load"] {
                if said(words) {
                    failures.push(format!("{name}: `{words}` without sets: {summary}"));
                }
            }
        }
        kinds.insert(decision);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let all = [
        "calibrate",
        "progress",
        "hold",
        "reduce",
        "regress",
        "rescreen",
        "wait_for_check_in",
        "stop",
    ];
    for kind in all {
        assert!(kinds.contains(kind), "no case decides `{kind}`");
    }
}
