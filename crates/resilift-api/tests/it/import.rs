//! Workout-history imports: each app's header generations read from fixture files, files that are
//! refused as a whole, rows that become problems, and property tests over generated exports.

use proptest::prelude::*;
use resilift_api::import::{
    self, App, EXERCISE_ALIASES, ImportError, ImportedSession, KG_PER_LB, MAX_INPUT_BYTES,
    MAX_ROWS, Parsed, Rung, Unit, fingerprint, fingerprint_parts, parse, rung_for,
};
use resilift_api::round2;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../fixtures/import/", $name)).as_slice()
    };
}

const GOOD: &[(&str, &[u8])] = &[
    ("strong_a_kg.csv", fixture!("strong_a_kg.csv")),
    ("strong_a_lbs.csv", fixture!("strong_a_lbs.csv")),
    ("strong_a_problems.csv", fixture!("strong_a_problems.csv")),
    ("strong_b.csv", fixture!("strong_b.csv")),
    ("strong_c.csv", fixture!("strong_c.csv")),
    ("hevy_kg.csv", fixture!("hevy_kg.csv")),
    ("hevy_lbs.csv", fixture!("hevy_lbs.csv")),
    ("fitnotes_kgs.csv", fixture!("fitnotes_kgs.csv")),
    (
        "fitnotes_lbs_no_comment.csv",
        fixture!("fitnotes_lbs_no_comment.csv"),
    ),
];

fn ok(input: &[u8], hint: Option<Unit>) -> Parsed {
    parse(input, hint).unwrap_or_else(|e| panic!("refused: {e}"))
}

fn refused(input: &[u8]) -> ImportError {
    match parse(input, None) {
        Ok(parsed) => panic!("accepted as {:?}", parsed.app),
        Err(error) => error,
    }
}

fn problems(parsed: &Parsed) -> Vec<String> {
    parsed.problems.iter().map(ToString::to_string).collect()
}

fn ignored(parsed: &Parsed) -> Vec<(&str, usize)> {
    parsed
        .ignored
        .iter()
        .map(|e| (e.name.as_str(), e.sets))
        .collect()
}

/// A session as `(start, workout, rung, [(line, load_kg, reps, warm-up)])`.
type Shape<'a> = (String, &'a str, &'static str, Vec<(usize, f64, u32, bool)>);

fn shape(session: &ImportedSession) -> Shape<'_> {
    (
        session.started.format("%Y-%m-%d %H:%M:%S").to_string(),
        session.workout.as_str(),
        session.exercise.as_str(),
        session
            .sets
            .iter()
            .map(|s| (s.line, s.load_kg, s.reps, s.warmup))
            .collect(),
    )
}

fn shapes(parsed: &Parsed) -> Vec<Shape<'_>> {
    parsed.sessions.iter().map(shape).collect()
}

fn rpes(parsed: &Parsed) -> Vec<Option<f64>> {
    parsed
        .sessions
        .iter()
        .flat_map(|s| s.sets.iter().map(|set| set.rpe))
        .collect()
}

#[test]
fn strong_semicolon_export_with_a_kg_header_groups_deadlift_sets_into_sessions() {
    let parsed = ok(fixture!("strong_a_kg.csv"), None);
    assert_eq!(parsed.app, App::Strong);
    assert_eq!(parsed.header_units, Some(Unit::Kg));
    assert_eq!(parsed.unit, Unit::Kg);
    assert!(!parsed.units_assumed);
    assert_eq!((parsed.rows, parsed.skipped_rows), (11, 0));
    assert_eq!(
        shapes(&parsed),
        [
            (
                "2024-11-28 17:36:08".into(),
                "Pull day",
                "barbell",
                vec![(2, 40.0, 8, true), (3, 80.0, 5, false), (4, 82.5, 5, false)]
            ),
            (
                "2024-12-02 18:05:41".into(),
                "Pull day",
                "barbell",
                vec![(9, 85.0, 5, false)]
            ),
            (
                "2024-12-02 18:05:41".into(),
                "Pull day",
                "trap_bar",
                vec![(10, 100.0, 3, false), (11, 12.9, 20, false)]
            ),
        ]
    );
    // Float noise in the file is gone from the source load too.
    let noisy = &parsed.sessions[0].sets[2];
    assert_eq!((noisy.source_load, noisy.source_unit), (82.5, Unit::Kg));
    assert_eq!(parsed.sessions[2].sets[1].source_load, 12.9);
    assert_eq!(
        rpes(&parsed),
        [None, Some(7.0), Some(8.5), Some(8.0), None, None]
    );
    assert_eq!(parsed.sessions[0].source_name, "Deadlift (Barbell)");
    assert_eq!(parsed.sessions[0].first_line, 2);
    assert_eq!(
        problems(&parsed),
        [
            "line 5: a set without weight or reps was skipped",
            "line 10: the RPE `11` is not from 1 to 10 in steps of 0.5, so the set was kept \
             without it",
        ]
    );
    assert_eq!(
        ignored(&parsed),
        [
            ("Romanian Deadlift (Barbell)", 2),
            ("Rowing Machine", 1),
            ("Seated Cable Row", 1)
        ]
    );
}

#[test]
fn strong_export_with_a_pounds_header_converts_loads_to_kilograms() {
    let parsed = ok(fixture!("strong_a_lbs.csv"), Some(Unit::Kg));
    assert_eq!(parsed.header_units, Some(Unit::Lb));
    assert_eq!(parsed.unit, Unit::Lb, "the header wins over the hint");
    assert_eq!(
        shapes(&parsed),
        [(
            "2025-02-03 06:15:00".into(),
            "Lower A",
            "barbell",
            vec![
                (2, 61.23, 5, true),
                (3, 102.06, 5, false),
                (4, 142.88, 1, false)
            ]
        )]
    );
    let heaviest = &parsed.sessions[0].sets[2];
    assert_eq!(
        (heaviest.source_load, heaviest.source_unit),
        (315.0, Unit::Lb)
    );
    assert_eq!(rpes(&parsed), [None, Some(8.0), Some(9.5)]);
    assert!(parsed.problems.is_empty(), "{:?}", problems(&parsed));
    assert_eq!(ignored(&parsed), [("Running", 1)]);
}

#[test]
fn strong_comma_export_without_units_assumes_kg_and_says_so() {
    let parsed = ok(fixture!("strong_b.csv"), None);
    assert_eq!(parsed.app, App::Strong);
    assert_eq!(parsed.header_units, None);
    assert_eq!(parsed.unit, Unit::Kg);
    assert!(parsed.units_assumed);
    assert_eq!(
        problems(&parsed),
        [
            "line 1: the file does not say whether weights are in kg or lb, so kg was assumed; \
          choose the unit if that is wrong"
        ]
    );
    assert_eq!(
        shapes(&parsed),
        [
            (
                "2023-07-14 15:30:00".into(),
                "Morning Workout",
                "barbell",
                vec![(3, 60.0, 5, false), (4, 70.0, 5, false)]
            ),
            (
                "2023-07-18 17:02:00".into(),
                "Evening, heavy",
                "barbell",
                vec![(5, 100.0, 3, false)]
            ),
        ]
    );
    assert_eq!(rpes(&parsed), [None, Some(7.0), None]);
    assert_eq!(
        ignored(&parsed),
        [
            ("Incline Bench Press (Barbell)", 1),
            ("Sumo Deadlift (Barbell)", 1)
        ]
    );
}

#[test]
fn strong_comma_export_takes_the_callers_unit() {
    let parsed = ok(fixture!("strong_b.csv"), Some(Unit::Lb));
    assert_eq!((parsed.header_units, parsed.unit), (None, Unit::Lb));
    assert!(!parsed.units_assumed);
    assert!(parsed.problems.is_empty(), "{:?}", problems(&parsed));
    let set = &parsed.sessions[1].sets[0];
    assert_eq!(
        (set.load_kg, set.source_load, set.source_unit),
        (45.36, 100.0, Unit::Lb)
    );
}

#[test]
fn oldest_strong_export_reads_units_per_row_warmups_rest_timers_and_decimal_commas() {
    let parsed = ok(fixture!("strong_c.csv"), None);
    assert_eq!(parsed.app, App::Strong);
    assert_eq!(parsed.header_units, None);
    assert!(!parsed.units_assumed);
    assert!(parsed.problems.is_empty(), "{:?}", problems(&parsed));
    assert_eq!((parsed.rows, parsed.skipped_rows), (11, 2));
    assert_eq!(
        shapes(&parsed),
        [
            (
                "2019-01-11 12:31:54".into(),
                "Leg",
                "barbell",
                vec![
                    (2, 20.0, 5, true),
                    (3, 60.0, 5, false),
                    (5, 102.5, 3, false),
                    (6, 102.5, 2, false)
                ]
            ),
            (
                "2019-01-15 18:02:10".into(),
                "Home",
                "kettlebell",
                vec![(9, 24.0, 10, false), (10, 24.04, 8, false)]
            ),
            (
                "2019-01-15 18:02:10".into(),
                "Home",
                "trap_bar",
                vec![(11, 60.0, 8, false)]
            ),
        ]
    );
    assert_eq!(parsed.sessions[1].sets[1].source_unit, Unit::Lb);
    assert_eq!(parsed.sessions[2].source_name, "Deadlift (Trap bar)");
    assert_eq!(
        rpes(&parsed),
        [None, None, Some(8.5), Some(10.0), None, None, None]
    );
    assert_eq!(ignored(&parsed), [("Plank", 1), ("Squat (Barbell)", 1)]);
}

#[test]
fn strong_minute_timestamps_are_accepted_and_other_date_shapes_are_problems() {
    let text = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps\n\
                2019-01-11 12:31;Leg;Deadlift;1;100;kg;5\n\
                2019-01-11T12:31:54;Leg;Deadlift;2;100;kg;5\n\
                11.01.2019 12:31;Leg;Deadlift;3;100;kg;5\n";
    let parsed = ok(text.as_bytes(), None);
    assert_eq!(
        shapes(&parsed),
        [(
            "2019-01-11 12:31:00".into(),
            "Leg",
            "barbell",
            vec![(2, 100.0, 5, false)]
        )]
    );
    assert_eq!(
        problems(&parsed),
        [
            "line 3: the date `2019-01-11T12:31:54` is not in the form 2024-11-28 17:36:08",
            "line 4: the date `11.01.2019 12:31` is not in the form 2024-11-28 17:36:08",
        ]
    );
}

#[test]
fn an_empty_unit_on_an_old_strong_row_is_assumed_only_when_the_caller_did_not_say() {
    let text = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps\n\
                2019-01-11 12:31:54;Leg;Deadlift;1;100;;5\n\
                2019-01-11 12:31:54;Leg;Deadlift;2;100;stone;5\n";
    let parsed = ok(text.as_bytes(), None);
    assert!(parsed.units_assumed);
    assert_eq!(
        problems(&parsed),
        [
            "line 2: the weight unit is empty, so kg was assumed",
            "line 3: the weight unit `stone` is not kg or lbs",
        ]
    );
    assert_eq!(parsed.sessions[0].sets.len(), 1);
    let parsed = ok(text.as_bytes(), Some(Unit::Lb));
    assert!(!parsed.units_assumed);
    assert_eq!(
        problems(&parsed),
        ["line 3: the weight unit `stone` is not kg or lbs"]
    );
    assert_eq!(parsed.sessions[0].sets[0].load_kg, 45.36);
}

#[test]
fn unreadable_strong_rows_become_problems_naming_the_line_and_the_column() {
    let parsed = ok(fixture!("strong_a_problems.csv"), None);
    assert_eq!(parsed.rows, 12);
    assert_eq!(
        problems(&parsed),
        [
            "line 2: the weight `abc` is not a number",
            "line 3: the date `28/11/2024 17:36` is not in the form 2024-11-28 17:36:08",
            "line 4: the row has 8 columns where the header has 13, so it was skipped (an \
             unclosed quote on this line or the one before can cause this)",
            "line 5: 60 reps are more than 50, so the set was skipped",
            "line 6: the weight 1200 kg is more than 1000 kg, so the set was skipped",
            "line 7: the weight `-80` is below zero",
            "line 8: the set order `X` is not a number, W, D, F, Rest Timer or Note, so the set \
             was skipped",
            "line 9: the reps `5.5` are not a whole number",
            "line 10: a set without weight or reps was skipped",
            "line 12: the exercise name is empty, so the row was skipped",
            "line 13: the RPE `7.25` is not from 1 to 10 in steps of 0.5, so the set was kept \
             without it",
        ]
    );
    assert_eq!(
        shapes(&parsed),
        [(
            "2024-11-28 17:36:08".into(),
            "Pull day",
            "barbell",
            vec![(13, 90.0, 3, false)]
        )]
    );
    // Values of exercises that are not imported are not checked.
    assert_eq!(ignored(&parsed), [("Squat (Barbell)", 1)]);
}

#[test]
fn hevy_export_in_kg_keeps_warmups_and_reads_multi_line_notes() {
    let parsed = ok(fixture!("hevy_kg.csv"), None);
    assert_eq!(parsed.app, App::Hevy);
    assert_eq!(parsed.header_units, Some(Unit::Kg));
    assert_eq!((parsed.rows, parsed.skipped_rows), (10, 0));
    assert_eq!(
        shapes(&parsed),
        [
            (
                "2025-09-15 07:48:00".into(),
                "Lower // Pull // 1",
                "barbell",
                vec![
                    (2, 60.0, 5, true),
                    (4, 100.0, 5, false),
                    (6, 102.5, 4, false)
                ]
            ),
            (
                "2025-09-15 07:48:00".into(),
                "Lower // Pull // 1",
                "trap_bar",
                vec![(9, 90.0, 6, false)]
            ),
            (
                "2025-09-17 18:30:00".into(),
                "Kettlebell day",
                "kettlebell",
                vec![(12, 32.0, 12, false)]
            ),
            (
                "2025-10-05 08:00:00".into(),
                "Lower // Pull // 2",
                "barbell",
                vec![(14, 105.0, 3, false)]
            ),
        ]
    );
    assert_eq!(
        rpes(&parsed),
        [None, Some(8.0), Some(9.5), None, Some(7.5), Some(8.0)]
    );
    assert_eq!(
        problems(&parsed),
        ["line 11: a set without weight or reps was skipped"]
    );
    assert_eq!(
        ignored(&parsed),
        [
            ("Pull Up", 1),
            ("Romanian Deadlift (Barbell)", 1),
            ("Treadmill", 1)
        ]
    );
}

#[test]
fn hevy_export_in_pounds_converts_loads_to_kilograms() {
    let parsed = ok(fixture!("hevy_lbs.csv"), None);
    assert_eq!(
        (parsed.app, parsed.header_units),
        (App::Hevy, Some(Unit::Lb))
    );
    assert_eq!(
        shapes(&parsed),
        [
            (
                "2026-01-02 17:05:00".into(),
                "Pull",
                "barbell",
                vec![
                    (2, 61.23, 5, true),
                    (3, 102.06, 5, false),
                    (4, 111.13, 3, false)
                ]
            ),
            (
                "2026-01-02 17:05:00".into(),
                "Pull",
                "trap_bar",
                vec![(5, 124.74, 5, false)]
            ),
        ]
    );
    assert_eq!(rpes(&parsed), [None, Some(7.0), Some(8.5), None]);
    assert!(parsed.problems.is_empty(), "{:?}", problems(&parsed));
    assert_eq!(ignored(&parsed), [("Running", 1)]);
}

#[test]
fn hevy_rows_with_an_unknown_set_type_or_date_are_problems() {
    let text = "title,start_time,exercise_title,set_type,weight_kg,reps,rpe\n\
                A,\"15 Sep 2025, 07:48\",Deadlift (Barbell),superset,100,5,\n\
                A,2025-09-15 07:48,Deadlift (Barbell),normal,100,5,\n\
                A,\"5 Sep 2025, 07:05\",Deadlift (Barbell),normal,100,5,8\n";
    let parsed = ok(text.as_bytes(), None);
    assert_eq!(
        problems(&parsed),
        [
            "line 2: the set type `superset` is not warmup, normal, failure or dropset, so the \
             set was skipped",
            "line 3: the date `2025-09-15 07:48` is not in the form 15 Sep 2025, 07:48",
        ]
    );
    assert_eq!(
        shapes(&parsed),
        [(
            "2025-09-05 07:05:00".into(),
            "A",
            "barbell",
            vec![(4, 100.0, 5, false)]
        )]
    );
}

#[test]
fn fitnotes_export_in_kgs_makes_one_session_per_date_and_rung() {
    let parsed = ok(fixture!("fitnotes_kgs.csv"), None);
    assert_eq!(
        (parsed.app, parsed.header_units),
        (App::FitNotes, Some(Unit::Kg))
    );
    assert_eq!(parsed.rows, 7);
    assert_eq!(
        shapes(&parsed),
        [
            (
                "2026-03-02 00:00:00".into(),
                "",
                "barbell",
                vec![(2, 140.0, 5, false), (3, 150.0, 3, false)]
            ),
            (
                "2026-03-04 00:00:00".into(),
                "",
                "trap_bar",
                vec![(6, 160.0, 5, false)]
            ),
            (
                "2026-03-06 00:00:00".into(),
                "",
                "barbell",
                vec![(9, 152.5, 3, false)]
            ),
        ]
    );
    assert_eq!(
        problems(&parsed),
        ["line 8: the date `02/03/2026` is not in the form 2026-03-02"]
    );
    assert_eq!(
        ignored(&parsed),
        [("Romanian Deadlift", 1), ("Rowing Machine", 1)]
    );
    assert_eq!(
        parsed.sessions[0].date,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    );
}

#[test]
fn fitnotes_export_in_lbs_without_a_comment_column_is_read() {
    let parsed = ok(fixture!("fitnotes_lbs_no_comment.csv"), None);
    assert_eq!(
        (parsed.app, parsed.header_units),
        (App::FitNotes, Some(Unit::Lb))
    );
    assert_eq!(
        shapes(&parsed),
        [
            (
                "2021-05-10 00:00:00".into(),
                "",
                "barbell",
                vec![(2, 142.88, 5, false), (3, 151.95, 3, false)]
            ),
            (
                "2021-05-12 00:00:00".into(),
                "",
                "kettlebell",
                vec![(5, 31.75, 10, false)]
            ),
        ]
    );
    assert!(parsed.problems.is_empty(), "{:?}", problems(&parsed));
    assert_eq!(ignored(&parsed), [("Flat Barbell Bench Press", 1)]);
}

#[test]
fn fitnotes_dates_are_read_strictly() {
    let text = "Date,Exercise,Category,Weight (kgs),Reps\n\
                2026-3-2,Deadlift,Back,100,5\n\
                2026-02-30,Deadlift,Back,100,5\n\
                2026-03-02 10:00,Deadlift,Back,100,5\n";
    let parsed = ok(text.as_bytes(), None);
    assert!(parsed.sessions.is_empty());
    assert_eq!(
        problems(&parsed),
        [
            "line 2: the date `2026-3-2` is not in the form 2026-03-02",
            "line 3: the date `2026-02-30` is not in the form 2026-03-02",
            "line 4: the date `2026-03-02 10:00` is not in the form 2026-03-02",
        ]
    );
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_read_the_same() {
    for (name, bytes) in GOOD {
        let text = std::str::from_utf8(bytes).unwrap();
        let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let plain = ok(bytes, None);
        assert_eq!(ok(windows.as_bytes(), None), plain, "{name}");
        assert!(!plain.sessions.is_empty(), "{name}");
    }
}

#[test]
fn header_names_match_ignoring_case_and_spaces() {
    let text = " DATE , exercise,CATEGORY , weight (KGS),Reps\n2026-03-02,deadlift,Back,100,5\n";
    let parsed = ok(text.as_bytes(), None);
    assert_eq!(parsed.app, App::FitNotes);
    assert_eq!(parsed.sessions[0].source_name, "deadlift");
}

#[test]
fn a_file_with_only_a_header_has_no_rows() {
    let parsed = ok(b"Date,Exercise,Category,Weight (kgs),Reps\n", None);
    assert_eq!((parsed.rows, parsed.sessions.len()), (0, 0));
}

#[test]
fn a_tab_separated_file_is_refused_naming_the_separator() {
    let error = refused(fixture!("refuse_tab_separated.tsv"));
    assert!(
        matches!(error, ImportError::UnknownFormat { .. }),
        "{error:?}"
    );
    let words = error.to_string();
    assert!(
        words.starts_with(
            "this does not look like a Strong, Hevy or FitNotes export: its first line has 6 \
             columns separated by tabs, not by commas or semicolons; expected"
        ),
        "{words}"
    );
}

#[test]
fn a_pipe_separated_file_is_refused_naming_the_separator() {
    let words =
        refused(b"Date|Exercise|Category|Weight (kgs)|Reps\n2026-03-02|Deadlift|Back|1|1\n")
            .to_string();
    assert!(
        words.contains("its first line has 5 columns separated by vertical bars (`|`)"),
        "{words}"
    );
}

#[test]
fn headers_in_another_language_are_refused_naming_what_was_found_and_expected() {
    let words = refused(fixture!("refuse_german_headers.csv")).to_string();
    assert_eq!(
        words,
        "this does not look like a Strong, Hevy or FitNotes export: its first line has the \
         columns `Datum`, `Trainingsname`, `Übungsname`, `Satz-Reihenfolge`, `Gewicht`, \
         `Gewichtseinheit`, … (13 in all); expected English column names separated by commas or \
         semicolons, such as Strong's `Date;Workout Name;Exercise Name;Set Order;Weight \
         (kg);Reps`, Hevy's `title,start_time,exercise_title,set_type,weight_kg,reps` or \
         FitNotes' `Date,Exercise,Category,Weight (kgs),Reps`"
    );
}

#[test]
fn a_header_missing_a_column_names_the_column() {
    let words = refused(b"Date,Workout Name,Exercise Name,Weight,Reps\n").to_string();
    assert!(
        words.contains(
            "the columns `Date`, `Workout Name`, `Exercise Name`, `Weight`, `Reps`, but a \
             Strong export also has `Set Order`;"
        ),
        "{words}"
    );
}

#[test]
fn binary_and_non_utf8_input_is_refused() {
    assert_eq!(
        refused(b"Date,Exercise\n\x00\x01\x02"),
        ImportError::Binary { line: 2 }
    );
    assert_eq!(refused(b"\xff\xfeD\x00a\x00t\x00e\x00"), ImportError::Utf16);
    // "Übung" in Latin-1.
    let error =
        refused(b"Date,Exercise,Category,Weight (kgs),Reps\n2026-03-02,\xdcbung,Back,1,1\n");
    assert_eq!(error, ImportError::NotUtf8 { line: 2 });
    assert_eq!(
        error.to_string(),
        "the file is not UTF-8 text (line 2 has bytes that are not); expected a CSV export from \
         Strong, Hevy or FitNotes"
    );
    assert!(
        refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
            .to_string()
            .starts_with("the file is not text")
    );
}

#[test]
fn empty_input_is_refused() {
    assert_eq!(refused(b""), ImportError::Empty);
    assert_eq!(refused("\u{feff}\r\n \n".as_bytes()), ImportError::Empty);
}

#[test]
fn input_over_the_size_limit_is_refused_before_it_is_read() {
    let mut big = b"Date,Exercise,Category,Weight (kgs),Reps\n".to_vec();
    big.resize(MAX_INPUT_BYTES + 1, b'\n');
    let error = refused(&big);
    assert_eq!(
        error,
        ImportError::TooLarge {
            bytes: MAX_INPUT_BYTES + 1,
            max: MAX_INPUT_BYTES
        }
    );
    assert_eq!(
        error.to_string(),
        "the file is 20.1 MiB, more than the 20 MiB that can be imported at once; export a \
         shorter stretch of your history"
    );
    big.truncate(MAX_INPUT_BYTES);
    assert_eq!(ok(&big, None).rows, 0);
}

#[test]
fn more_rows_than_the_limit_are_refused() {
    let mut text = String::from("Date,Exercise,Category,Weight (kgs),Reps\n");
    for _ in 0..MAX_ROWS {
        text.push_str("2026-03-02,Squat,Legs,100,5\n");
    }
    let parsed = ok(text.as_bytes(), None);
    assert_eq!(parsed.rows, MAX_ROWS);
    assert_eq!(parsed.ignored[0].sets, MAX_ROWS);
    text.push_str("2026-03-02,Squat,Legs,100,5\n");
    let error = refused(text.as_bytes());
    assert_eq!(error, ImportError::TooManyRows { max: MAX_ROWS });
    assert_eq!(
        error.to_string(),
        "the file has more than 200000 rows, the most that can be imported at once; export a \
         shorter stretch of your history"
    );
}

#[test]
fn every_alias_maps_to_its_rung_whatever_the_case_and_spacing() {
    for &(alias, rung) in EXERCISE_ALIASES {
        assert_eq!(rung_for(alias), Some(rung), "{alias}");
        let shouted = format!("  {}  ", alias.to_uppercase().replace(' ', "   "));
        assert_eq!(rung_for(&shouted), Some(rung), "{shouted}");
    }
    assert_eq!(rung_for("Deadlift (Trap bar)"), Some(Rung::TrapBar));
    assert_eq!(rung_for("deadlift"), Some(Rung::Barbell));
}

#[test]
fn variants_whose_loads_do_not_carry_over_are_not_mapped() {
    for name in [
        "Romanian Deadlift (Barbell)",
        "Romanian Deadlift",
        "Stiff Leg Deadlift",
        "Straight Leg Deadlift",
        "Sumo Deadlift",
        "Sumo Deadlift (Barbell)",
        "Deficit Deadlift",
        "Deadlift (Dumbbell)",
        "Single Leg Deadlift (Kettlebell)",
        "Squat (Barbell)",
        "Bench Press (Barbell)",
        "Deadlift Barbell",
        "",
    ] {
        assert_eq!(rung_for(name), None, "{name}");
    }
}

#[test]
fn rungs_convert_to_the_engines_exercises() {
    use resilift_core::prescribe::Exercise;
    assert_eq!(Exercise::from(Rung::Kettlebell), Exercise::Kettlebell);
    assert_eq!(Exercise::from(Rung::TrapBar), Exercise::TrapBar);
    assert_eq!(Exercise::from(Rung::Barbell), Exercise::Barbell);
    assert_eq!(
        [App::Strong, App::Hevy, App::FitNotes].map(App::name),
        ["Strong", "Hevy", "FitNotes"]
    );
    assert_eq!(
        [App::Strong, App::Hevy, App::FitNotes].map(App::as_str),
        ["strong", "hevy", "fitnotes"]
    );
}

#[test]
fn a_fingerprint_keeps_date_rung_and_working_sets_in_any_order() {
    let parsed = ok(fixture!("strong_a_kg.csv"), None);
    let session = &parsed.sessions[0];
    assert_eq!(fingerprint(session), "2024-11-28 barbell 80.00x5 82.50x5");
    assert_eq!(
        fingerprint_parts(session.date, Rung::Barbell, [(82.5, 5), (80.0, 5)]),
        fingerprint(session)
    );
    let mut reordered = session.clone();
    reordered.sets.reverse();
    reordered.started += chrono::Duration::hours(2);
    reordered.workout = "Renamed".into();
    assert_eq!(fingerprint(&reordered), fingerprint(session));
    let mut heavier = session.clone();
    heavier.sets[1].load_kg = 80.5;
    assert_ne!(fingerprint(&heavier), fingerprint(session));
    assert_eq!(
        fingerprint(&parsed.sessions[2]),
        "2024-12-02 trap_bar 12.90x20 100.00x3"
    );
}

#[test]
fn the_result_serializes_with_wire_names() {
    let parsed = ok(fixture!("hevy_lbs.csv"), None);
    let json = serde_json::to_value(&parsed).unwrap();
    assert_eq!(json["app"], "hevy");
    assert_eq!(json["header_units"], "lb");
    assert_eq!(json["sessions"][0]["started"], "2026-01-02T17:05:00");
    assert_eq!(json["sessions"][0]["date"], "2026-01-02");
    assert_eq!(json["sessions"][1]["exercise"], "trap_bar");
    assert_eq!(json["sessions"][0]["sets"][1]["load_kg"], 102.06);
    assert_eq!(json["sessions"][0]["sets"][1]["source_unit"], "lb");
    assert_eq!(json["ignored"][0]["name"], "Running");
    let error = serde_json::to_value(ImportError::TooManyRows { max: MAX_ROWS }).unwrap();
    assert_eq!(
        error,
        serde_json::json!({"kind": "too_many_rows", "max": 200_000})
    );
}

// ---- Property tests over generated exports ----

/// The export shapes the generator writes.
#[derive(Debug, Clone, Copy)]
enum Format {
    StrongA(Unit),
    StrongB(Unit),
    StrongC,
    Hevy(Unit),
    FitNotes(Unit),
}

impl Format {
    fn semicolons(self) -> bool {
        matches!(self, Self::StrongA(_) | Self::StrongC)
    }
}

#[derive(Debug, Clone)]
struct GenRow {
    exercise: &'static str,
    centi: u32,
    reps: u32,
    warmup: bool,
    day: u32,
    workout: usize,
    rpe_halves: Option<u32>,
    pounds: bool,
    decimal_comma: bool,
    rest_timer_after: bool,
    note: bool,
}

const NAMES: &[&str] = &[
    "Deadlift (Barbell)",
    "deadlift",
    "Barbell Deadlift",
    "Conventional Deadlift",
    "Trap Bar Deadlift",
    "Deadlift (Trap bar)",
    "HEX BAR DEADLIFT",
    "Kettlebell Deadlift",
    "Deadlift (Kettlebell)",
    "Romanian Deadlift (Barbell)",
    "Sumo Deadlift",
    "Stiff Leg Deadlift",
    "Squat (Barbell)",
    "Bench Press; Close Grip",
    "Row, \"Pendlay\"",
];

const WORKOUTS: &[&str] = &["Pull day", "Legs; heavy", "Day, \"A\"", "Ünïcode ✓ 💪"];

fn gen_row() -> impl Strategy<Value = GenRow> {
    (
        (
            prop::sample::select(NAMES),
            1u32..=90_000,
            1u32..=50,
            prop::bool::weighted(0.25),
            0u32..4,
            0usize..WORKOUTS.len(),
        ),
        (
            prop::option::of(2u32..=20),
            any::<bool>(),
            any::<bool>(),
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.2),
        ),
    )
        .prop_map(
            |(
                (exercise, centi, reps, warmup, day, workout),
                (rpe_halves, pounds, decimal_comma, rest_timer_after, note),
            )| GenRow {
                exercise,
                centi,
                reps,
                warmup,
                day,
                workout,
                rpe_halves,
                pounds,
                decimal_comma,
                rest_timer_after,
                note,
            },
        )
}

fn format_strategy() -> impl Strategy<Value = Format> {
    let unit = prop_oneof![Just(Unit::Kg), Just(Unit::Lb)];
    unit.prop_flat_map(|unit| {
        prop_oneof![
            Just(Format::StrongA(unit)),
            Just(Format::StrongB(unit)),
            Just(Format::StrongC),
            Just(Format::Hevy(unit)),
            Just(Format::FitNotes(unit)),
        ]
    })
}

fn q(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// What the parser should return for one deadlift set.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    line: usize,
    rung: Rung,
    load_kg: f64,
    source_unit: Unit,
    reps: u32,
    rpe: Option<f64>,
    warmup: bool,
}

/// An export of the rows in a format, the deadlift sets it holds, its rest-timer rows and the
/// sets of other exercises.
fn write_export(format: Format, rows: &[GenRow]) -> (String, Vec<Expected>, usize, usize) {
    let mut text = match format {
        Format::StrongA(unit) => format!(
            "{}\n",
            [
                "Workout #",
                "Date",
                "Workout Name",
                "Duration (sec)",
                "Exercise Name",
                "Set Order",
                if unit == Unit::Kg {
                    "Weight (kg)"
                } else {
                    "Weight (lbs)"
                },
                "Reps",
                "RPE",
                if unit == Unit::Kg {
                    "Distance (meters)"
                } else {
                    "Distance (miles)"
                },
                "Seconds",
                "Notes",
                "Workout Notes",
            ]
            .map(q)
            .join(";")
        ),
        Format::StrongB(_) => "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,\
                               Distance,Seconds,Notes,Workout Notes,RPE\n"
            .to_owned(),
        Format::StrongC => "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;\
                            RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes\n"
            .to_owned(),
        Format::Hevy(unit) => format!(
            "\"title\",\"start_time\",\"end_time\",\"description\",\"exercise_title\",\
             \"superset_id\",\"exercise_notes\",\"set_index\",\"set_type\",\"{}\",\"reps\",\
             \"{}\",\"duration_seconds\",\"rpe\"\n",
            if unit == Unit::Kg {
                "weight_kg"
            } else {
                "weight_lbs"
            },
            if unit == Unit::Kg {
                "distance_km"
            } else {
                "distance_miles"
            },
        ),
        Format::FitNotes(unit) => format!(
            "Date,Exercise,Category,{},Reps,Distance,Distance Unit,Time,Comment\n",
            if unit == Unit::Kg {
                "Weight (kgs)"
            } else {
                "Weight (lbs)"
            }
        ),
    };
    let mut line = 2;
    let mut expected = Vec::new();
    let mut rest_rows = 0;
    let mut other_sets = 0;
    for (index, row) in rows.iter().enumerate() {
        let weight = {
            let plain = format!("{}.{:02}", row.centi / 100, row.centi % 100);
            if format.semicolons() && row.decimal_comma {
                plain.replace('.', ",")
            } else {
                plain
            }
        };
        let rpe = row.rpe_halves.map(|h| f64::from(h) / 2.0);
        let rpe_text = rpe.map(|r| r.to_string()).unwrap_or_default();
        let workout = WORKOUTS[row.workout];
        let hour = 8 + row.workout;
        let day = row.day + 1;
        let strong_date = format!("2024-03-{day:02} {hour:02}:00:00");
        let order = if row.warmup {
            "W".to_owned()
        } else {
            (index + 1).to_string()
        };
        let (record, unit) = match format {
            Format::StrongA(unit) => (
                [
                    "1",
                    &strong_date,
                    workout,
                    "3000",
                    row.exercise,
                    &order,
                    &weight,
                    &row.reps.to_string(),
                    &rpe_text,
                    "",
                    "",
                    "",
                    "",
                ]
                .map(q)
                .join(";"),
                unit,
            ),
            Format::StrongB(unit) => (
                format!(
                    "{strong_date},{},1h 6m,{},{order},{weight},{},0,0,\"\",\"\",{rpe_text}",
                    q(workout),
                    q(row.exercise),
                    row.reps
                ),
                unit,
            ),
            Format::StrongC => {
                let unit = if row.pounds { Unit::Lb } else { Unit::Kg };
                let unit_text = if row.pounds { "lbs" } else { "kg" };
                (
                    format!(
                        "{strong_date};{};{};{order};{weight};{unit_text};{};{rpe_text};;;0;\"\";\
                         \"\"",
                        q(workout),
                        q(row.exercise),
                        row.reps
                    ),
                    unit,
                )
            }
            Format::Hevy(unit) => {
                let notes = if row.note {
                    "Hook grip,\nthen \"mixed\""
                } else {
                    ""
                };
                let when = format!("{day} Mar 2024, {hour:02}:00");
                (
                    format!(
                        "{},{},{},\"\",{},,{},0,{},{weight},{},,,{rpe_text}",
                        q(workout),
                        q(&when),
                        q(&when),
                        q(row.exercise),
                        q(notes),
                        q(if row.warmup { "warmup" } else { "normal" }),
                        row.reps
                    ),
                    unit,
                )
            }
            Format::FitNotes(unit) => {
                let comment = if row.note {
                    "Felt\r\nstrong; \"easy\""
                } else {
                    ""
                };
                (
                    format!(
                        "2024-03-{day:02},{},Back,{weight},{},,,,{}",
                        q(row.exercise),
                        row.reps,
                        q(comment)
                    ),
                    unit,
                )
            }
        };
        let warmup = row.warmup && !matches!(format, Format::FitNotes(_));
        match rung_for(row.exercise) {
            Some(rung) => expected.push(Expected {
                line,
                rung,
                load_kg: round2(f64::from(row.centi) / 100.0 * unit.in_kg()),
                source_unit: unit,
                reps: row.reps,
                rpe: if matches!(format, Format::FitNotes(_)) {
                    None
                } else {
                    rpe
                },
                warmup,
            }),
            None => other_sets += 1,
        }
        line += 1 + record.matches('\n').count();
        text.push_str(&record);
        text.push('\n');
        let strong = matches!(
            format,
            Format::StrongA(_) | Format::StrongB(_) | Format::StrongC
        );
        if strong && row.rest_timer_after {
            let rest = match format {
                Format::StrongA(_) => [
                    "1",
                    &strong_date,
                    workout,
                    "3000",
                    row.exercise,
                    "Rest Timer",
                    "",
                    "",
                    "",
                    "",
                    "90",
                    "",
                    "",
                ]
                .map(q)
                .join(";"),
                Format::StrongB(_) => format!(
                    "{strong_date},{},1h 6m,{},Rest Timer,,,0,90,\"\",\"\",",
                    q(workout),
                    q(row.exercise)
                ),
                _ => format!(
                    "{strong_date};{};{};Rest Timer;;;;;;;90;\"\";\"\"",
                    q(workout),
                    q(row.exercise)
                ),
            };
            text.push_str(&rest);
            text.push('\n');
            line += 1;
            rest_rows += 1;
        }
    }
    (text, expected, rest_rows, other_sets)
}

fn hint_for(format: Format) -> Option<Unit> {
    match format {
        Format::StrongB(unit) => Some(unit),
        _ => None,
    }
}

fn returned(parsed: &Parsed) -> Vec<Expected> {
    let mut sets: Vec<Expected> = parsed
        .sessions
        .iter()
        .flat_map(|session| {
            session.sets.iter().map(|set| Expected {
                line: set.line,
                rung: session.exercise,
                load_kg: set.load_kg,
                source_unit: set.source_unit,
                reps: set.reps,
                rpe: set.rpe,
                warmup: set.warmup,
            })
        })
        .collect();
    sets.sort_by_key(|set| set.line);
    sets
}

/// Bytes inserted by the damage test; the empty one deletes a byte instead.
const EDITS: &[&[u8]] = &[
    b"\"", b";", b",", b"\n", b"\r", b"\0", b"\xff", b"x", b"-", b"9", b"", b"\xc3",
];

proptest! {
    #[test]
    fn every_generated_deadlift_set_comes_back_with_its_load_in_kg(
        format in format_strategy(),
        rows in prop::collection::vec(gen_row(), 0..30),
    ) {
        let (text, expected, rest_rows, other_sets) = write_export(format, &rows);
        let parsed = parse(text.as_bytes(), hint_for(format));
        prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed, text);
        let parsed = parsed.unwrap();
        prop_assert!(parsed.problems.is_empty(), "{:?}\n{}", parsed.problems, text);
        prop_assert_eq!(returned(&parsed), expected, "{}", text);
        prop_assert_eq!(parsed.skipped_rows, rest_rows);
        prop_assert_eq!(parsed.rows, rows.len() + rest_rows);
        prop_assert_eq!(parsed.ignored.iter().map(|e| e.sets).sum::<usize>(), other_sets);
        prop_assert!(parsed.sessions.windows(2).all(|w| w[0].started <= w[1].started));
        for session in &parsed.sessions {
            prop_assert_eq!(session.date, session.started.date());
            prop_assert_eq!(Some(session.exercise), rung_for(&session.source_name));
            prop_assert_eq!(session.first_line, session.sets[0].line);
        }
        // The same export with Windows line ends and a byte-order mark reads the same.
        let windows = format!("\u{feff}{}", text.replace("\r\n", "\n").replace('\n', "\r\n"));
        prop_assert_eq!(parse(windows.as_bytes(), hint_for(format)).map(|p| returned(&p)), Ok(returned(&parsed)));
    }

    #[test]
    fn damaged_exports_never_panic_and_never_yield_an_out_of_range_set(
        format in format_strategy(),
        rows in prop::collection::vec(gen_row(), 1..12),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(EDITS)),
            1..6,
        ),
    ) {
        let (text, _, _, _) = write_export(format, &rows);
        let mut bytes = text.into_bytes();
        for (at, insert) in edits {
            let at = at.index(bytes.len() + 1);
            if insert.is_empty() {
                if at < bytes.len() {
                    bytes.remove(at);
                }
            } else {
                bytes.splice(at..at, insert.iter().copied());
            }
        }
        if let Ok(parsed) = parse(&bytes, hint_for(format)) {
            for set in returned(&parsed) {
                prop_assert!(set.load_kg > 0.0 && set.load_kg <= import::MAX_LOAD_KG);
                prop_assert!((1..=import::MAX_REPS).contains(&set.reps));
                prop_assert!(set.rpe.is_none_or(|r| (1.0..=10.0).contains(&r) && (r * 2.0).fract() == 0.0));
                prop_assert!(set.line >= 2);
            }
            prop_assert!(parsed.problems.iter().all(|p| p.line >= 1));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse(&bytes, None);
        let mut headed = b"Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps\n".to_vec();
        headed.extend_from_slice(&bytes);
        let _ = parse(&headed, None);
    }

    #[test]
    fn arbitrary_text_after_a_header_never_panics(
        header in prop::sample::select(&[
            "Date,Exercise,Category,Weight (kgs),Reps\n",
            "title,start_time,exercise_title,set_type,weight_kg,reps,rpe\n",
            "Date;Workout Name;Exercise Name;Set Order;Weight (kg);Reps;RPE\n",
        ][..]),
        body in "(Deadlift|[0-9]{1,4}|[,;\"\\n\\r .]|W|Rest Timer|2024-01-0[1-9]|15 Sep 2025, 07:48){0,60}",
    ) {
        let text = format!("{header}{body}");
        let _ = parse(text.as_bytes(), Some(Unit::Lb));
    }
}

#[test]
fn the_pound_is_exact() {
    assert_eq!(KG_PER_LB, 0.453_592_37);
    assert_eq!(Unit::Lb.in_kg(), KG_PER_LB);
    assert_eq!(Unit::Kg.in_kg(), 1.0);
}
