//! The command line's whole output for each example, as JSON and in plain words, pinned as snapshot
//! files so that any change shows in review; refresh them with `UPDATE_EXPECT=1 cargo test`.

use std::path::Path;
use std::process::{Command, Stdio};

use expect_test::expect_file;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `resilift <command> examples/<example>.json [--json]` from the workspace root, as a person
/// would type it, and returns standard output after checking that the run succeeded quietly.
fn run(command: &str, example: &str, json: bool) -> String {
    let path = format!("examples/{example}.json");
    let mut args = vec![command, path.as_str()];
    if json {
        args.push("--json");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_resilift"))
        .args(&args)
        .current_dir(manifest_dir().join("../.."))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "resilift {args:?}: {stderr}");
    assert!(
        stderr.is_empty(),
        "resilift {args:?} wrote to stderr: {stderr}"
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Checks both renderings of one command against `tests/snapshots/<command>.json` and `.txt`.
fn check(command: &str, example: &str) {
    let snapshots = manifest_dir().join("tests/snapshots");
    expect_file![snapshots.join(format!("{command}.json"))].assert_eq(&run(command, example, true));
    expect_file![snapshots.join(format!("{command}.txt"))].assert_eq(&run(command, example, false));
}

#[test]
fn screen_prints_this_for_the_screening_example() {
    check("screen", "screening");
}

#[test]
fn next_prints_this_for_the_next_session_example() {
    check("next", "next");
}

#[test]
fn risk_prints_this_for_the_risk_example() {
    check("risk", "risk");
}

#[test]
fn flare_prints_this_for_the_flare_example() {
    check("flare", "flare");
}
