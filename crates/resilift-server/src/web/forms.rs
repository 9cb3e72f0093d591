//! Web forms into the service layer's typed commands.
//!
//! Each form converts straight into the command the JSON API parses (`TryFrom<&Fields>`), so
//! both surfaces reach the same service with the same type. The conversion names every field a
//! person left unanswered or typed wrongly, by the form's field name, which is the command's
//! JSON path wherever the form has a field for it; what the engine refuses afterwards comes
//! back with the same paths and lands beside the same fields.

use resilift_api::flare::TriageSubmission;
use resilift_api::next::{
    ExerciseDto, FoundationDayDto, FoundationPainDto, SessionDto, SessionPainDto, SetDto,
};
use resilift_api::risk::{ActivityDto, QualityDto, RiskRequest, SittingDto, SleepDto};
use resilift_api::score::{AssessmentSubmission, BunkieHoldDto, ScoreRequest};
use resilift_api::screen::{
    DiscDto, PainDto, PersonDto, ScreeningSubmission, TestsDto, TrainingSubmission,
};
use serde::Deserialize;
use serde::de::IntoDeserializer as _;

use super::{Fields, Problems, decimal, whole};
use crate::service::links::{CeilingRequest, OverrideRequest};
use crate::service::sessions::CheckIn;

/// Rows of sets on the logging form.
pub(crate) const SET_ROWS: usize = 6;

/// The Bunkie positions on the form, in the order they are held.
pub(crate) const BUNKIE_POSITIONS: [&str; 5] = ["apl", "ppl", "psl", "lsl", "msl"];

/// A choice from a fixed set, read as the wire enum it stands for: the value, or a named
/// problem.
fn choice<T: for<'de> Deserialize<'de>>(
    fields: &Fields,
    name: &str,
    problems: &mut Problems,
    message: &str,
) -> Option<T> {
    let text = fields.get(name);
    let parsed = T::deserialize(text.into_deserializer())
        .map_err(|_: serde::de::value::Error| ())
        .ok();
    if parsed.is_none() {
        problems.add(name, message);
    }
    parsed
}

/// An optional choice: empty is `None`, anything else must be one of the set.
fn optional_choice<T: for<'de> Deserialize<'de>>(
    fields: &Fields,
    name: &str,
    problems: &mut Problems,
    message: &str,
) -> Option<T> {
    if fields.get(name).is_empty() {
        None
    } else {
        choice(fields, name, problems, message)
    }
}

/// A required whole number: the value, or `message` when it was left empty.
fn required_whole(
    fields: &Fields,
    name: &str,
    problems: &mut Problems,
    message: &str,
) -> Option<i64> {
    let value = whole(fields, name, problems);
    if value.is_none() && problems.of(name).is_empty() {
        problems.add(name, message);
    }
    value
}

/// A required number: the value, or `message` when it was left empty.
fn required_decimal(
    fields: &Fields,
    name: &str,
    problems: &mut Problems,
    message: &str,
) -> Option<f64> {
    let value = decimal(fields, name, problems);
    if value.is_none() && problems.of(name).is_empty() {
        problems.add(name, message);
    }
    value
}

/// Refuses a number outside what is plausible for the field, in words a person reads: the
/// value, or `None` with `message` beside the field.
fn plausible<T: PartialOrd + Copy>(
    value: Option<T>,
    name: &str,
    range: std::ops::RangeInclusive<T>,
    problems: &mut Problems,
    message: &str,
) -> Option<T> {
    match value {
        Some(v) if !range.contains(&v) => {
            problems.add(name, message);
            None
        }
        other => other,
    }
}

/// More earlier episodes than anyone counts; the JSON contract refuses more too.
const MOST_EPISODES: i64 = 100;
/// The Biering-Sorensen test ends at this many seconds; the timer stops there.
const HOLD_CAP_S: f64 = 240.0;
/// No hold of the McGill or Bunkie tests runs this long.
const LONGEST_HOLD_S: f64 = 600.0;
const HOLD_CAP_MESSAGE: &str = "the test ends at 240 seconds: if you held that long, enter 240 (a negative time is not possible either)";
const LONG_HOLD_MESSAGE: &str =
    "enter the seconds held, from 0 to 600; check the number if it is longer";

/// Checks the days typed into a form against today, so that a day in the future or a
/// mistyped year is named with the form's other problems instead of in a second round.
pub(crate) fn check_days(
    fields: &Fields,
    names: &[&str],
    today: chrono::NaiveDate,
    problems: &mut Problems,
) {
    for name in names {
        let text = fields.get(name).trim();
        if text.is_empty() || !problems.of(name).is_empty() {
            continue;
        }
        match text.parse::<chrono::NaiveDate>() {
            Err(_) => problems.add(name, "enter a day, such as the calendar picker gives"),
            Ok(day) if day > today => problems.add(
                name,
                "that day has not come yet: enter today or an earlier day",
            ),
            Ok(day) if chrono::Datelike::year(&day) < 1900 => {
                problems.add(name, "enter a day after 1900: check the year");
            }
            Ok(_) => {}
        }
    }
}

/// Pain before, at its worst during and right after, each required (an unanswered scale is
/// never read as 0); `words` says "before …" and "at its worst during …" for the form.
fn pain_answers(fields: &Fields, problems: &mut Problems, words: [&str; 2]) -> [Option<i64>; 3] {
    let [before, during] = words;
    let mut pain = [None; 3];
    for (slot, (key, what)) in pain.iter_mut().zip([
        ("before", before),
        ("during_max", during),
        ("after", "right after"),
    ]) {
        *slot = required_whole(
            fields,
            &format!("pain.{key}"),
            problems,
            &format!("choose how much your back hurt {what}, from 0 to 10"),
        );
    }
    pain
}

/// A yes/no question answered with radio buttons.
fn yes_no(fields: &Fields, name: &str, problems: &mut Problems) -> Option<bool> {
    match fields.get(name) {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            problems.add(name, "answer yes or no");
            None
        }
    }
}

/// Checks that a list of ticks was answered: at least one ticked, or its "none of these apply"
/// box confirmed, not both.
fn list_answered(fields: &Fields, name: &str, none: &str, what: &str, problems: &mut Problems) {
    let ticked = !fields.all(name).is_empty();
    let confirmed = fields.checked(none);
    if !ticked && !confirmed {
        problems.add(
            name,
            format!("read each {what}: tick any that apply, or tick \"none of these apply\""),
        );
    } else if ticked && confirmed {
        problems.add(
            name,
            format!("you ticked a {what} and also \"none of these apply\": untick one of them"),
        );
    }
}

/// The warning signs: every form that asks them asks for an explicit answer.
pub(crate) fn red_flags_answered(fields: &Fields, problems: &mut Problems) {
    list_answered(
        fields,
        "red_flags",
        "red_flags_none",
        "warning sign",
        problems,
    );
}

const LEG_MESSAGE: &str = "choose no, into the thigh, or below the knee";

/// Finishes a conversion: the command when nothing is missing, else every problem at once.
fn finish<T>(problems: Problems, value: impl FnOnce() -> Option<T>) -> Result<T, Problems> {
    if problems.is_empty()
        && let Some(value) = value()
    {
        return Ok(value);
    }
    Err(problems)
}

impl TryFrom<&Fields> for ScreeningSubmission {
    type Error = Problems;

    fn try_from(fields: &Fields) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        red_flags_answered(fields, &mut problems);
        list_answered(
            fields,
            "health",
            "health_none",
            "health question",
            &mut problems,
        );
        let age = required_whole(
            fields,
            "person.age",
            &mut problems,
            "enter your age in years",
        );
        let sex = optional_choice(fields, "person.sex", &mut problems, "choose from the list");
        let height_cm = decimal(fields, "person.height_cm", &mut problems);
        let weight_kg = decimal(fields, "person.weight_kg", &mut problems);
        let onset = fields.get("pain.current_episode_onset").trim();
        let diagnosed = yes_no(fields, "disc.diagnosed", &mut problems);
        let now = required_whole(
            fields,
            "pain.now",
            &mut problems,
            "choose a number from 0 to 10",
        );
        let previous = required_whole(
            fields,
            "pain.previous_episodes",
            &mut problems,
            "enter a number (0 if none)",
        );
        let previous = plausible(
            previous,
            "pain.previous_episodes",
            0..=MOST_EPISODES,
            &mut problems,
            "enter how many earlier episodes you have had, from 0 to 100 (if you have lost count, 100)",
        );
        let leg = choice(fields, "pain.leg_symptoms", &mut problems, LEG_MESSAGE);
        let hold = decimal(fields, "tests.biering_sorensen_s", &mut problems);
        let hold = plausible(
            hold,
            "tests.biering_sorensen_s",
            0.0..=HOLD_CAP_S,
            &mut problems,
            HOLD_CAP_MESSAGE,
        );
        let coached = whole(fields, "training.coached_sessions", &mut problems).unwrap_or(0);
        finish(problems, || {
            Some(Self {
                as_of: None,
                person: PersonDto {
                    age,
                    sex,
                    height_cm,
                    weight_kg,
                },
                red_flags: fields.all("red_flags"),
                health: fields.all("health"),
                cleared_flags: None,
                pain: PainDto {
                    now: now?,
                    current_episode_onset: (!onset.is_empty()).then(|| onset.to_owned()),
                    previous_episodes: previous?,
                    leg_symptoms: leg?,
                },
                disc: DiscDto {
                    diagnosed: diagnosed?,
                    cleared: fields.checked("disc.cleared"),
                },
                radicular_cleared: fields.checked("radicular_cleared"),
                tests: TestsDto {
                    biering_sorensen_s: hold,
                },
                questionnaires: resilift_api::screen::QuestionnairesDto::default(),
                training: TrainingSubmission {
                    stage: None,
                    clean_sessions_at_stage: None,
                    coached_sessions: coached,
                },
            })
        })
    }
}

impl TryFrom<&Fields> for TriageSubmission {
    type Error = Problems;

    fn try_from(fields: &Fields) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        let onset = fields.get("onset").trim();
        if onset.is_empty() {
            problems.add("onset", "enter the day the pain started");
        }
        let pain_now = required_whole(
            fields,
            "pain_now",
            &mut problems,
            "choose how much it hurts now, from 0 to 10",
        );
        let leg = choice(fields, "leg_symptoms", &mut problems, LEG_MESSAGE);
        red_flags_answered(fields, &mut problems);
        finish(problems, || {
            Some(Self {
                as_of: None,
                onset: onset.to_owned(),
                pain_now: pain_now?,
                leg_symptoms: leg?,
                numbness_or_weakness: fields.checked("numbness_or_weakness"),
                red_flags: fields.all("red_flags"),
                disc_bulge_known: fields.checked("disc_bulge_known"),
                improving: fields.checked("improving"),
            })
        })
    }
}

/// The session from the logging form. Nothing is taken from the plan: every answer comes from
/// the person, and each missing one is a named problem.
/// The foundation workout: the exercises marked done, the pain, leg symptoms and warning
/// signs. Nothing is recorded as done that the person did not mark.
impl TryFrom<&Fields> for FoundationDayDto {
    type Error = Problems;

    fn try_from(fields: &Fields) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        let exercises = fields.all("exercises");
        if exercises.is_empty() {
            problems.add(
                "exercises",
                "mark each exercise you did as done; exercises you do not mark are not recorded",
            );
        }
        let pain = pain_answers(
            fields,
            &mut problems,
            ["before you started", "at its worst during the exercises"],
        );
        let leg = choice(fields, "leg_symptoms", &mut problems, LEG_MESSAGE);
        red_flags_answered(fields, &mut problems);
        finish(problems, || {
            let [before, during_max, after] = pain;
            Some(Self {
                date: fields.get("date").to_owned(),
                exercises,
                pain: FoundationPainDto {
                    before: before?,
                    during_max: during_max?,
                    after: after?,
                },
                leg_symptoms: leg?,
                red_flags: fields.all("red_flags"),
            })
        })
    }
}

impl TryFrom<&Fields> for SessionDto {
    type Error = Problems;

    fn try_from(fields: &Fields) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        let mut sets = Vec::new();
        for row in 0..SET_ROWS {
            let load = decimal(fields, &format!("sets[{row}].load"), &mut problems);
            let reps = whole(fields, &format!("sets[{row}].reps"), &mut problems);
            let rpe = decimal(fields, &format!("sets[{row}].rpe"), &mut problems);
            match (load, reps) {
                (None, None) if rpe.is_none() => {}
                (Some(load), Some(reps)) => sets.push(SetDto { load, reps, rpe }),
                (None, _) => problems.add(
                    &format!("sets[{row}].load"),
                    "enter the load for this set, or clear the row",
                ),
                (_, None) => problems.add(
                    &format!("sets[{row}].reps"),
                    "enter the reps for this set, or clear the row",
                ),
            }
        }
        if sets.is_empty() && problems.is_empty() {
            problems.add("sets", "enter the load and reps of each set you did");
        }
        let exercise: Option<ExerciseDto> = choice(
            fields,
            "exercise",
            &mut problems,
            "choose the kettlebell, the trap bar or the barbell",
        );
        let completed = yes_no(fields, "completed", &mut problems);
        let pain = pain_answers(
            fields,
            &mut problems,
            ["before the session", "at its worst during the session"],
        );
        let leg = choice(fields, "leg_symptoms", &mut problems, LEG_MESSAGE);
        red_flags_answered(fields, &mut problems);
        finish(problems, || {
            Some(Self {
                date: fields.get("date").to_owned(),
                exercise: exercise?,
                completed: completed?,
                sets,
                pain: SessionPainDto {
                    before: pain[0]?,
                    during_max: pain[1]?,
                    after: pain[2]?,
                    next_morning: None,
                },
                faults: fields.all("faults"),
                red_flags: fields.all("red_flags"),
                leg_symptoms: Some(leg?),
            })
        })
    }
}

impl TryFrom<&Fields> for CheckIn {
    type Error = Problems;

    fn try_from(fields: &Fields) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        let score = required_whole(
            fields,
            "next_morning",
            &mut problems,
            "choose how much your back hurts this morning, from 0 to 10",
        );
        red_flags_answered(fields, &mut problems);
        let leg = choice(fields, "leg_symptoms", &mut problems, LEG_MESSAGE);
        finish(problems, || {
            Some(Self {
                next_morning: score?,
                red_flags: fields.all("red_flags"),
                leg_symptoms: leg?,
            })
        })
    }
}

/// The risk-profile form. Lifestyle questions left unanswered take the answer that adds no
/// factor, as the form's preselected choices say.
impl TryFrom<&Fields> for RiskRequest {
    type Error = Problems;

    fn try_from(fields: &Fields) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        let mut pick = |name: &str, default| -> QualityDto {
            optional_choice(fields, name, &mut problems, "choose good, fair or poor")
                .unwrap_or(default)
        };
        let diet = pick("diet", QualityDto::Good);
        let sleep_quality = pick("sleep.quality", QualityDto::Good);
        let activity = optional_choice(fields, "activity", &mut problems, "choose from the list")
            .unwrap_or(ActivityDto::Moderate);
        let request = Self {
            height_cm: decimal(fields, "height_cm", &mut problems),
            weight_kg: decimal(fields, "weight_kg", &mut problems),
            family_history: fields.checked("family_history"),
            smoking: fields.checked("smoking"),
            diet,
            sleep: SleepDto {
                hours: decimal(fields, "sleep.hours", &mut problems).unwrap_or(7.5),
                quality: sleep_quality,
            },
            activity,
            sitting: SittingDto {
                hours_per_day: decimal(fields, "sitting.hours_per_day", &mut problems)
                    .unwrap_or(0.0),
                breaks: fields.checked("sitting.breaks"),
            },
            repetitive_bending_at_work: fields.checked("repetitive_bending_at_work"),
            lifting_while_twisting: fields.checked("lifting_while_twisting"),
            previous_episodes: plausible(
                whole(fields, "previous_episodes", &mut problems),
                "previous_episodes",
                0..=MOST_EPISODES,
                &mut problems,
                "enter how many earlier episodes you have had, from 0 to 100 (if you have lost count, 100)",
            )
            .unwrap_or(0),
        };
        finish(problems, || Some(request))
    }
}

/// A clinician's override form: the note, an optional rung, an optional load ceiling (a number
/// and whether it is kg, lb or a percentage of the estimated 1RM) and the warning signs ticked
/// as cleared (none ticked leaves earlier clearances as they are). The service checks each
/// value; this reads the typed number.
impl TryFrom<&Fields> for OverrideRequest {
    type Error = Problems;

    fn try_from(fields: &Fields) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        let cleared = fields.all("cleared_flags");
        let amount = decimal(fields, "ceiling", &mut problems);
        let ceiling = match (amount, fields.get("ceiling_unit")) {
            (None, _) => None,
            (Some(value), "percent") => Some(CeilingRequest {
                percent_e1rm: Some(value),
                ..CeilingRequest::default()
            }),
            (Some(value), unit @ ("kg" | "lb")) => Some(CeilingRequest {
                load: Some(value),
                units: resilift_api::next::UnitsDto::parse(unit),
                percent_e1rm: None,
            }),
            (Some(_), _) => {
                problems.add("ceiling_unit", "choose kg, lb or % of the estimated 1RM");
                None
            }
        };
        finish(problems, || {
            Some(Self {
                note: fields.get("note").to_owned(),
                stage: Some(fields.get("stage").to_owned()).filter(|stage| !stage.is_empty()),
                cleared_flags: (!cleared.is_empty()).then_some(cleared),
                ceiling,
            })
        })
    }
}

/// An instrument's form: which instrument, and what was typed.
pub(crate) struct InstrumentForm<'a> {
    pub(crate) instrument: &'a str,
    pub(crate) fields: &'a Fields,
}

impl TryFrom<InstrumentForm<'_>> for AssessmentSubmission {
    type Error = Problems;

    fn try_from(form: InstrumentForm<'_>) -> Result<Self, Problems> {
        let fields = form.fields;
        let mut problems = Problems::default();
        let timed = "time this hold, or type the seconds held";
        let request = match form.instrument {
            "biering_sorensen" => {
                let seconds = required_decimal(
                    fields,
                    "seconds",
                    &mut problems,
                    "time the hold, or type the seconds held",
                );
                let seconds = plausible(
                    seconds,
                    "seconds",
                    0.0..=HOLD_CAP_S,
                    &mut problems,
                    HOLD_CAP_MESSAGE,
                );
                let sex = optional_choice(fields, "sex", &mut problems, "choose from the list");
                seconds.map(|seconds| ScoreRequest::BieringSorensen {
                    seconds,
                    sex,
                    baseline: None,
                })
            }
            "mcgill" => {
                let mut times = [None; 4];
                for (slot, name) in
                    times
                        .iter_mut()
                        .zip(["flexion", "extension", "side_right", "side_left"])
                {
                    let seconds = required_decimal(fields, name, &mut problems, timed);
                    *slot = plausible(
                        seconds,
                        name,
                        0.0..=LONGEST_HOLD_S,
                        &mut problems,
                        LONG_HOLD_MESSAGE,
                    );
                }
                match times {
                    [
                        Some(flexion),
                        Some(extension),
                        Some(side_right),
                        Some(side_left),
                    ] => Some(ScoreRequest::Mcgill {
                        flexion,
                        extension,
                        side_right,
                        side_left,
                    }),
                    _ => None,
                }
            }
            "bunkie" => {
                let mut holds = Vec::new();
                for position in BUNKIE_POSITIONS {
                    for side in ["left", "right"] {
                        let name = format!("{position}.{side}");
                        let field = format!("{name}.seconds");
                        let seconds = required_decimal(fields, &field, &mut problems, timed);
                        let seconds = plausible(
                            seconds,
                            &field,
                            0.0..=LONGEST_HOLD_S,
                            &mut problems,
                            LONG_HOLD_MESSAGE,
                        );
                        holds.extend(seconds.map(|seconds| BunkieHoldDto {
                            position: position.to_owned(),
                            side: side.to_owned(),
                            seconds,
                            pain: fields.checked(&format!("{name}.pain")),
                            rotation: fields.checked(&format!("{name}.rotation")),
                        }));
                    }
                }
                Some(ScoreRequest::Bunkie { holds })
            }
            "nprs" => required_whole(
                fields,
                "score",
                &mut problems,
                "choose a number from 0 to 10",
            )
            .map(|score| ScoreRequest::Nprs {
                score,
                baseline: None,
            }),
            "odi" => Some(ScoreRequest::Odi {
                answers: (0..10)
                    .map(|i| whole(fields, &format!("answers[{i}]"), &mut problems))
                    .collect(),
                baseline: None,
            }),
            "rmdq" => {
                let ticked = fields.all("answers");
                Some(ScoreRequest::Rmdq {
                    answers: (1..=24).map(|i| ticked.contains(&i.to_string())).collect(),
                    baseline: None,
                })
            }
            "startback" => {
                let mut agree = Vec::new();
                for item in fields.all("agree") {
                    match item.parse::<i64>() {
                        Ok(item) => agree.push(item),
                        Err(_) => problems.add("agree", "tick the statements you agree with"),
                    }
                }
                let bothersome = choice(
                    fields,
                    "bothersome",
                    &mut problems,
                    "choose how bothersome your back pain has been",
                );
                bothersome.map(|bothersome| ScoreRequest::Startback { agree, bothersome })
            }
            "tsk11" => {
                let answers: Vec<Option<i64>> = (0..11)
                    .map(|i| {
                        required_whole(
                            fields,
                            &format!("answers[{i}]"),
                            &mut problems,
                            "choose an answer from 1 to 4",
                        )
                    })
                    .collect();
                answers
                    .into_iter()
                    .collect::<Option<Vec<i64>>>()
                    .map(|answers| ScoreRequest::Tsk11 {
                        answers,
                        baseline: None,
                    })
            }
            other => {
                problems.add("", format!("there is no test called {other}"));
                None
            }
        };
        let taken_on = fields.get("taken_on").trim();
        finish(problems, || {
            Some(Self {
                taken_on: (!taken_on.is_empty()).then(|| taken_on.to_owned()),
                request: request?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn an_empty_screening_form_names_every_unanswered_question() {
        let problems = ScreeningSubmission::try_from(&fields(&[])).unwrap_err();
        for name in [
            "red_flags",
            "health",
            "person.age",
            "pain.now",
            "pain.previous_episodes",
            "pain.leg_symptoms",
            "disc.diagnosed",
        ] {
            assert!(!problems.of(name).is_empty(), "{name} not named");
        }
    }

    #[test]
    fn implausible_numbers_are_refused_in_words_beside_their_fields() {
        let problems = ScreeningSubmission::try_from(&fields(&[
            ("pain.previous_episodes", "500"),
            ("tests.biering_sorensen_s", "300"),
        ]))
        .unwrap_err();
        assert!(problems.of("pain.previous_episodes")[0].contains("from 0 to 100"));
        assert!(problems.of("tests.biering_sorensen_s")[0].contains("ends at 240 seconds"));
        let problems = AssessmentSubmission::try_from(InstrumentForm {
            instrument: "biering_sorensen",
            fields: &fields(&[("seconds", "241")]),
        })
        .unwrap_err();
        assert!(problems.of("seconds")[0].contains("ends at 240 seconds"));
        let at_the_cap = AssessmentSubmission::try_from(InstrumentForm {
            instrument: "biering_sorensen",
            fields: &fields(&[("seconds", "240")]),
        });
        assert!(at_the_cap.is_ok());
        let problems = RiskRequest::try_from(&fields(&[("previous_episodes", "500")])).unwrap_err();
        assert!(problems.of("previous_episodes")[0].contains("from 0 to 100"));
    }

    #[test]
    fn a_missing_pain_score_is_never_read_as_no_pain() {
        let problems = AssessmentSubmission::try_from(InstrumentForm {
            instrument: "nprs",
            fields: &fields(&[]),
        })
        .unwrap_err();
        assert_eq!(problems.of("score"), ["choose a number from 0 to 10"]);
    }

    #[test]
    fn a_logged_session_becomes_the_same_command_as_the_api_body() {
        let form = fields(&[
            ("date", "2026-11-24"),
            ("exercise", "trap_bar"),
            ("completed", "yes"),
            ("sets[0].load", "60"),
            ("sets[0].reps", "5"),
            ("sets[0].rpe", "7"),
            ("pain.before", "1"),
            ("pain.during_max", "2"),
            ("pain.after", "1"),
            ("leg_symptoms", "none"),
            ("red_flags_none", "yes"),
        ]);
        let from_form = serde_json::to_value(SessionDto::try_from(&form).unwrap()).unwrap();
        let from_api: SessionDto = resilift_api::parse_json(
            r#"{"date": "2026-11-24", "exercise": "trap_bar", "completed": true,
                "sets": [{"load": 60, "reps": 5, "rpe": 7}],
                "pain": {"before": 1, "during_max": 2, "after": 1, "next_morning": null},
                "faults": [], "red_flags": [], "leg_symptoms": "none"}"#,
        )
        .unwrap();
        assert_eq!(from_form, serde_json::to_value(from_api).unwrap());
    }

    #[test]
    fn a_half_filled_set_row_is_named_by_its_path() {
        let form = fields(&[("sets[1].load", "60")]);
        let problems = SessionDto::try_from(&form).unwrap_err();
        assert_eq!(
            problems.of("sets[1].reps"),
            ["enter the reps for this set, or clear the row"]
        );
    }
}
