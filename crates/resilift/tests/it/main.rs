//! The real `resilift` binary on good and bad input: exit status, standard output and errors.

mod serve;
mod snapshots;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn resilift(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_resilift"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn screen_example_prints_the_contract_json() {
    let path = examples().join("screening.json");
    let out = resilift(&["screen", path.to_str().unwrap(), "--json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["decision"], "kettlebell");
    assert_eq!(json["reasons"][0]["rule"], "SCR-LADDER");
    assert!(json["reasons"][0]["evidence"][0]["level"].is_string());
    assert_eq!(json["next_screen"], "2026-12-22");
    assert!(
        json["disclaimer"]
            .as_str()
            .unwrap()
            .contains("not medical advice")
    );
}

#[test]
fn screen_for_people_puts_the_verdict_first_and_the_disclaimer_last() {
    let path = examples().join("screening.json");
    let out = resilift(&["screen", path.to_str().unwrap()], None);
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("KETTLEBELL DEADLIFT\n"), "{stdout}");
    assert!(
        stdout.contains("CIT-AASA2015 (randomised trial)"),
        "{stdout}"
    );
    assert!(stdout.contains("Screen again: 2026-12-22"), "{stdout}");
    assert!(
        stdout.trim_end().ends_with("for any emergency sign."),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "NO_COLOR must remove styles");
}

#[test]
fn next_reads_standard_input_and_prescribes_the_contract_example() {
    let json = std::fs::read_to_string(examples().join("next.json")).unwrap();
    let out = resilift(&["next", "-", "--json"], Some(&json));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["decision"], "progress");
    assert_eq!(json["e1rm"], 79.17);
    assert_eq!(
        json["sets"][0],
        serde_json::json!({"load": 52.5, "reps": 5, "target_rpe": 7})
    );
    assert_eq!(
        json["warmups"],
        serde_json::json!([{"load": 25, "reps": 8}, {"load": 37.5, "reps": 5}])
    );
}

#[test]
fn invalid_input_exits_2_with_one_line_per_problem() {
    let bad = r#"{"as_of": "2026-11-24", "red_flags": ["sore"], "health": [], "pain": {"now": 11, "current_episode_onset": null, "previous_episodes": 0, "leg_symptoms": "none"}, "disc": {"diagnosed": false}, "tests": {"biering_sorensen_s": 80}, "training": {"stage": "none"}}"#;
    let out = resilift(&["screen", "-", "--json"], Some(bad));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines.contains(&"pain.now: expected an integer from 0 to 10, got 11"),
        "{stderr}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("red_flags[0]: unknown red flag `sore`")),
        "{stderr}"
    );
}

#[test]
fn malformed_json_and_missing_files_are_refused_without_a_panic() {
    let out = resilift(&["screen", "-"], Some("{\"as_of\": "));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("malformed JSON"));
    let out = resilift(&["screen", "/nonexistent/record.json"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("failed to read"));
    assert!(!text(&out.stderr).contains("panicked"));
}

#[test]
fn e1rm_matches_the_contract_and_refuses_max_sets_out_of_range() {
    let out = resilift(
        &[
            "e1rm", "--load", "140", "--reps", "5", "--rpe", "8", "--json",
        ],
        None,
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!({"e1rm": 172.67, "formula": "epley_rir"})
    );
    let out = resilift(
        &[
            "e1rm",
            "--load",
            "100",
            "--reps",
            "5",
            "--formula",
            "brzycki",
            "--json",
        ],
        None,
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["e1rm"],
        112.5
    );
    let out = resilift(
        &["e1rm", "--load", "100", "--reps", "10", "--rpe", "7"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("up to 12"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn score_odi_matches_the_contract() {
    let out = resilift(
        &["score", "-", "--json"],
        Some(r#"{"instrument": "odi", "answers": [3, 2, null, 1, 0, 2, 1, 0, 2, 1]}"#),
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            json["score"].as_f64(),
            json["band"].as_str(),
            json["answered"].as_u64()
        ),
        (Some(26.67), Some("moderate"), Some(9))
    );
    let out = resilift(
        &["score", "-"],
        Some(r#"{"instrument": "odi", "answers": [3, 2, null, null, 0, 2, 1, 0, 2, 1]}"#),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rules_evidence_and_schema_list_the_catalogue() {
    let out = resilift(&["rules", "--json"], None);
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "SCR-CES",
        "SCR-LADDER",
        "PRX-UP",
        "PAIN-RED",
        "FORM-SPINE-ROUNDING",
        "RISK-HEREDITY",
        "FLARE-PERSIST",
        "INS-ODI",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    let out = resilift(&["evidence", "CIT-BERGLUND2015"], None);
    assert!(
        text(&out.stdout)
            .contains("Which patients with low back pain benefit from deadlift training?")
    );
    let out = resilift(&["evidence", "CIT-NOPE"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = resilift(&["schema", "screen"], None);
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "red_flags")
    );
}

#[test]
fn a_settings_file_changes_thresholds_and_unknown_keys_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("rules.toml");
    std::fs::write(&config, "[screen]\nmin_extensor_hold_s = 120.0\n").unwrap();
    let record = examples().join("screening.json");
    let out = resilift(
        &[
            "--config",
            config.to_str().unwrap(),
            "screen",
            record.to_str().unwrap(),
            "--json",
        ],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["decision"], "foundation",
        "a 95 s hold is short of a 120 s line"
    );
    std::fs::write(&config, "[screen]\nhold = 1\n").unwrap();
    let out = resilift(
        &[
            "--config",
            config.to_str().unwrap(),
            "screen",
            record.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown field `hold`"));
    let out = resilift(&["config", "example"], None);
    assert!(text(&out.stdout).contains("min_extensor_hold_s = 60.0"));
}

#[test]
fn risk_and_flare_examples_run() {
    let out = resilift(
        &[
            "risk",
            examples().join("risk.json").to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = json["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "RISK-HEREDITY",
            "RISK-RECUR",
            "RISK-SMOKING",
            "RISK-BMI",
            "RISK-SITTING"
        ]
    );
    let out = resilift(
        &[
            "flare",
            examples().join("flare.json").to_str().unwrap(),
            "--json",
        ],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "self_care");
    assert_eq!(json["reasons"][0]["rule"], "FLARE-SELFCARE");
}
