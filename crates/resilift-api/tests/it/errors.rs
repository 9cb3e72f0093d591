//! Bad input: every problem is named by its JSON path, and nothing is silently defaulted.

use resilift_core::Config;

fn screen_errors(json: &str) -> Vec<String> {
    resilift_api::screen::run(json, &Config::standard())
        .unwrap_err()
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
}

const VALID: &str = r#"{"as_of": "2026-11-24", "red_flags": [], "health": [], "pain": {"now": 2, "current_episode_onset": null, "previous_episodes": 0, "leg_symptoms": "none"}, "disc": {"diagnosed": false}, "tests": {"biering_sorensen_s": 80}, "training": {"stage": "none"}}"#;

#[test]
fn a_minimal_record_with_every_required_key_is_accepted() {
    assert!(resilift_api::screen::run(VALID, &Config::standard()).is_ok());
}

#[test]
fn out_of_range_pain_is_named_with_the_contract_wording() {
    let errors = screen_errors(&VALID.replace(r#""now": 2"#, r#""now": 11"#));
    assert_eq!(
        errors,
        ["pain.now: expected an integer from 0 to 10, got 11"]
    );
}

#[test]
fn several_problems_are_all_reported() {
    let json = VALID
        .replace(r#""now": 2"#, r#""now": -1"#)
        .replace(r#""red_flags": []"#, r#""red_flags": ["headache"]"#)
        .replace("null", r#""2026-12-01""#);
    let errors = screen_errors(&json);
    assert!(
        errors.iter().any(|e| e.starts_with("pain.now:")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("red_flags[0]: unknown red flag `headache`")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("pain.current_episode_onset:") && e.contains("after as_of")),
        "{errors:?}"
    );
}

#[test]
fn missing_general_health_answers_are_an_error() {
    let errors = screen_errors(&VALID.replace(r#""health": [], "#, ""));
    assert_eq!(errors, ["input: missing field `health`"]);
    let errors = screen_errors(&VALID.replace(r#""health": []"#, r#""health": ["asthma"]"#));
    assert!(
        errors[0].starts_with("health[0]: unknown general-health answer `asthma`"),
        "{errors:?}"
    );
}

#[test]
fn emergency_same_day_and_advice_only_ids_can_never_be_cleared() {
    for id in ["saddle_numbness", "fever_or_unwell", "hernia", "headache"] {
        let json = VALID.replace(
            r#""health": []"#,
            &format!(r#""health": [], "cleared_flags": ["{id}"]"#),
        );
        let errors = screen_errors(&json);
        assert!(
            errors.len() == 1 && errors[0].starts_with("cleared_flags[0]:"),
            "{id}: {errors:?}"
        );
    }
    let json = VALID.replace(
        r#""health": []"#,
        r#""health": ["heart_condition"], "cleared_flags": ["heart_condition"]"#,
    );
    assert!(resilift_api::screen::run(&json, &Config::standard()).is_ok());
}

#[test]
fn missing_red_flags_or_onset_keys_are_errors_not_reassurance() {
    let errors = screen_errors(&VALID.replace(r#""red_flags": [], "#, ""));
    assert_eq!(errors, ["input: missing field `red_flags`"]);
    let errors = screen_errors(&VALID.replace(r#""current_episode_onset": null, "#, ""));
    assert_eq!(errors, ["pain: missing field `current_episode_onset`"]);
    let errors =
        screen_errors(&VALID.replace(r#""tests": {"biering_sorensen_s": 80}"#, r#""tests": {}"#));
    assert_eq!(errors, ["tests: missing field `biering_sorensen_s`"]);
}

#[test]
fn wrong_types_unknown_fields_and_enums_are_named() {
    let errors = screen_errors(&VALID.replace(r#""now": 2"#, r#""now": "two""#));
    assert!(errors[0].starts_with("pain.now: "), "{errors:?}");
    let errors = screen_errors(&VALID.replace(r#""stage": "none""#, r#""stage": "deadlift""#));
    assert!(
        errors[0].starts_with("training.stage: unknown variant `deadlift`"),
        "{errors:?}"
    );
    let errors = screen_errors(&VALID.replace(r#""as_of""#, r#""mood": 1, "as_of""#));
    assert!(errors[0].contains("unknown field `mood`"), "{errors:?}");
    let errors = screen_errors("{not json");
    assert!(errors[0].contains("malformed JSON"), "{errors:?}");
}

#[test]
fn bad_sessions_name_their_index() {
    let json = r#"{"as_of": "2026-12-01", "stage": "barbell", "sessions": [
        {"date": "2026-11-24", "exercise": "barbell", "completed": true, "sets": [{"load": 60, "reps": 5, "rpe": 12}],
         "pain": {"before": 1, "during_max": 2, "after": 1, "next_morning": 1}, "faults": ["wobbly"]},
        {"date": "2026-12-05", "exercise": "barbell", "completed": true, "sets": [],
         "pain": {"before": 1, "during_max": 2, "after": 1}}]}"#;
    let errors: Vec<String> = resilift_api::next::run(json, &Config::standard())
        .unwrap_err()
        .0
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("sessions[0].sets[0].rpe:")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("sessions[0].faults[0]: unknown fault `wobbly`")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("sessions[1].date:") && e.contains("after as_of")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("sessions[1].sets: expected at least one set")),
        "{errors:?}"
    );
}

#[test]
fn score_contract_examples() {
    let cfg = Config::standard();
    let score =
        |json: &str| serde_json::to_value(resilift_api::score::run(json, &cfg).unwrap()).unwrap();
    let odi = score(r#"{"instrument": "odi", "answers": [3, 2, null, 1, 0, 2, 1, 0, 2, 1]}"#);
    assert_eq!(odi["score"], 26.67);
    assert_eq!(odi["band"], "moderate");
    assert_eq!(odi["answered"], 9);
    let sb = score(r#"{"instrument": "startback", "agree": [1,2,3], "bothersome": "very_much"}"#);
    assert_eq!(
        (
            sb["total"].as_u64(),
            sb["psychosocial"].as_u64(),
            sb["risk"].as_str()
        ),
        (Some(4), Some(1), Some("medium"))
    );
    let tsk = score(r#"{"instrument": "tsk11", "answers": [1,2,3,4,1,2,3,4,1,2,3]}"#);
    assert_eq!(tsk["total"], 26);
    let rmdq = format!(
        r#"{{"instrument": "rmdq", "answers": {}}}"#,
        serde_json::to_string(&(0..24).map(|i| i < 12).collect::<Vec<_>>()).unwrap()
    );
    assert_eq!(score(&rmdq)["total"], 12);
    let mcgill = score(
        r#"{"instrument": "mcgill", "flexion": 120, "extension": 150, "side_right": 90, "side_left": 95}"#,
    );
    assert_eq!(mcgill["flexion_extension"], 0.8);
    assert_eq!(mcgill["flags"], serde_json::json!(["side_asymmetry"]));
    let e1rm =
        serde_json::to_value(resilift_api::e1rm::run(140.0, 5, 8.0, "epley_rir").unwrap()).unwrap();
    assert_eq!(
        e1rm,
        serde_json::json!({"e1rm": 172.67, "formula": "epley_rir"})
    );
}
