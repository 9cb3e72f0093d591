//! Whole responses pinned as snapshot files, so that any change to a field, a message, a rule id or
//! an evidence level shows in review; refresh them with `UPDATE_EXPECT=1 cargo test`.

use std::path::{Path, PathBuf};

use expect_test::{ExpectFile, expect_file};
use resilift_core::Config;
use serde::Serialize;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn examples() -> PathBuf {
    manifest_dir().join("../../examples")
}

/// An example input, read at test time so the snapshot follows the file the docs point at.
fn example(name: &str) -> String {
    let path = examples().join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The snapshot file for `name`; an absolute path, so expect-test need not guess the workspace root.
fn snapshot(name: &str) -> ExpectFile {
    expect_file![
        manifest_dir()
            .join("tests/snapshots")
            .join(format!("{name}.json"))
    ]
}

fn pretty<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    text
}

/// The examples each `run` function is fed, by file stem.
const RUN_EXAMPLES: [&str; 4] = ["flare", "next", "risk", "screening"];

/// Examples that no `run` function takes as they stand.
const OTHER_EXAMPLES: [(&str, &str); 1] = [(
    "screening-api",
    "a server request body: no `as_of`, the server screens as of today",
)];

#[test]
fn every_example_file_is_snapshotted_or_skipped_with_a_reason() {
    let mut stems: Vec<String> = std::fs::read_dir(examples())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    let mut known: Vec<&str> = RUN_EXAMPLES
        .iter()
        .copied()
        .chain(OTHER_EXAMPLES.iter().map(|(stem, _)| *stem))
        .collect();
    known.sort_unstable();
    assert_eq!(
        stems, known,
        "a new example needs a snapshot test here, or a reason to skip it"
    );
}

#[test]
fn the_screening_example_gives_this_whole_response() {
    let response = resilift_api::screen::run(&example("screening"), &Config::standard()).unwrap();
    snapshot("screening").assert_eq(&pretty(&response));
}

#[test]
fn the_next_session_example_gives_this_whole_response() {
    let response = resilift_api::next::run(&example("next"), &Config::standard()).unwrap();
    snapshot("next").assert_eq(&pretty(&response));
}

#[test]
fn the_risk_example_gives_this_whole_response() {
    let response = resilift_api::risk::run(&example("risk"), &Config::standard()).unwrap();
    snapshot("risk").assert_eq(&pretty(&response));
}

#[test]
fn the_flare_example_gives_this_whole_response() {
    let response = resilift_api::flare::run(&example("flare"), &Config::standard()).unwrap();
    snapshot("flare").assert_eq(&pretty(&response));
}

fn score(json: &str) -> String {
    pretty(&resilift_api::score::run(json, &Config::standard()).unwrap())
}

#[test]
fn a_pain_score_against_a_baseline_gives_this_whole_response() {
    snapshot("score-nprs").assert_eq(&score(
        r#"{"instrument": "nprs", "score": 3, "baseline": 6}"#,
    ));
}

#[test]
fn an_odi_with_one_section_skipped_gives_this_whole_response() {
    snapshot("score-odi").assert_eq(&score(
        r#"{"instrument": "odi", "answers": [3, 2, null, 1, 0, 2, 1, 0, 2, 1], "baseline": 40}"#,
    ));
}

#[test]
fn an_rmdq_with_five_statements_ticked_gives_this_whole_response() {
    let answers: Vec<bool> = (0..24).map(|i| [1, 4, 7, 12, 20].contains(&i)).collect();
    let json = serde_json::json!({"instrument": "rmdq", "answers": answers, "baseline": 11});
    snapshot("score-rmdq").assert_eq(&score(&json.to_string()));
}

#[test]
fn a_start_back_with_three_items_agreed_gives_this_whole_response() {
    snapshot("score-startback").assert_eq(&score(
        r#"{"instrument": "startback", "agree": [1, 4, 5], "bothersome": "moderately"}"#,
    ));
}

#[test]
fn a_tsk11_against_a_baseline_gives_this_whole_response() {
    snapshot("score-tsk11").assert_eq(&score(
        r#"{"instrument": "tsk11", "answers": [2, 3, 2, 1, 2, 3, 2, 2, 1, 2, 3], "baseline": 30}"#,
    ));
}

#[test]
fn a_biering_sorensen_hold_gives_this_whole_response() {
    snapshot("score-biering_sorensen").assert_eq(&score(
        r#"{"instrument": "biering_sorensen", "seconds": 95, "sex": "male"}"#,
    ));
}

#[test]
fn a_mcgill_battery_gives_this_whole_response() {
    snapshot("score-mcgill").assert_eq(&score(
        r#"{"instrument": "mcgill", "flexion": 120, "extension": 150, "side_right": 80, "side_left": 95}"#,
    ));
}

#[test]
fn a_bunkie_test_with_one_short_painful_hold_gives_this_whole_response() {
    let holds: Vec<serde_json::Value> = ["apl", "ppl", "psl", "lsl", "msl"]
        .iter()
        .flat_map(|position| {
            ["left", "right"].map(|side| {
                let short = *position == "psl" && side == "right";
                serde_json::json!({
                    "position": position,
                    "side": side,
                    "seconds": if short { 22 } else { 41 },
                    "pain": short,
                })
            })
        })
        .collect();
    let json = serde_json::json!({"instrument": "bunkie", "holds": holds});
    snapshot("score-bunkie").assert_eq(&score(&json.to_string()));
}

#[test]
fn the_e1rm_of_140_kg_for_5_at_rpe_8_gives_this_whole_response() {
    let response = resilift_api::e1rm::run(140.0, 5, 8.0, "epley_rir").unwrap();
    snapshot("e1rm").assert_eq(&pretty(&response));
}
