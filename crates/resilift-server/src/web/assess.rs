//! Tests and questionnaires: hold timers (Biering-Sørensen, McGill battery, Bunkie) and the
//! questionnaires, scored by the engine, with the change since last time.
//!
//! Licences: the ODI's wording is copyrighted and not free to reproduce, so its form shows the
//! section names and takes the section scores from the licensed paper form; the RMDQ and TSK-11
//! likewise take item answers by number from the paper form. The Keele STarT Back Tool is
//! reproduced in its own wording, item by item, with its copyright and funding line; commercial
//! deployments need Keele University's licence (see the README).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde_json::{Value, json};

use super::{
    Fields, LifterPosted, LifterViewer, Posted, Problems, Viewer, csrf_field, decimal, dom_id,
    field_problems, number_input, page, pain_choice, problem_summary, refusal, whole,
};
use crate::AppState;
use crate::auth::Principal;
use crate::error::ApiError;

const INSTRUMENTS: [(&str, &str, &str); 8] = [
    (
        "biering_sorensen",
        "Biering-Sørensen hold",
        "Back-extensor endurance, with a timer (up to 240 s).",
    ),
    (
        "mcgill",
        "McGill endurance battery",
        "Four holds with timers: flexors, extensors, right and left side bridges.",
    ),
    (
        "bunkie",
        "Bunkie test",
        "Ten holds with timers: five positions on each side.",
    ),
    ("nprs", "Pain scale (0-10)", "How much your back hurts now."),
    (
        "odi",
        "Oswestry Disability Index (ODI)",
        "Ten sections, entered from the licensed form.",
    ),
    (
        "rmdq",
        "Roland-Morris Disability Questionnaire (RMDQ)",
        "24 statements, entered from the paper form.",
    ),
    (
        "startback",
        "Keele STarT Back Tool",
        "Nine questions that point to the right level of care.",
    ),
    (
        "tsk11",
        "Tampa Scale of Kinesiophobia (TSK-11)",
        "Fear of movement, entered from the paper form.",
    ),
];

const ODI_SECTIONS: [&str; 10] = [
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Walking",
    "Sitting",
    "Standing",
    "Sleeping",
    "Sex life",
    "Social life",
    "Travelling",
];

const STARTBACK: [&str; 8] = [
    "My back pain has spread down my leg(s) at some time in the last 2 weeks",
    "I have had pain in the shoulder or neck at some time in the last 2 weeks",
    "I have only walked short distances because of my back pain",
    "In the last 2 weeks, I have dressed more slowly than usual because of back pain",
    "It's not really safe for a person with a condition like mine to be physically active",
    "Worrying thoughts have been going through my mind a lot of the time",
    "I feel that my back pain is terrible and it's never going to get any better",
    "In general I have not enjoyed all the things I used to enjoy",
];

const BOTHERSOME: [(&str, &str); 5] = [
    ("not_at_all", "Not at all"),
    ("slightly", "Slightly"),
    ("moderately", "Moderately"),
    ("very_much", "Very much"),
    ("extremely", "Extremely"),
];

const BUNKIE: [(&str, &str, &str); 5] = [
    (
        "apl",
        "Anterior power line",
        "Face down on forearms, feet on a bench; lift the hips into a straight line and raise one leg.",
    ),
    (
        "ppl",
        "Posterior power line",
        "Face up, heels on the bench, hands across the chest; lift the hips and raise one leg.",
    ),
    (
        "psl",
        "Posterior stabilising line",
        "Face up, one knee bent with the foot flat on the bench; lift the hips and raise the other leg.",
    ),
    (
        "lsl",
        "Lateral stabilising line",
        "On your side on one forearm, feet on the bench; lift the hips and raise the top leg.",
    ),
    (
        "msl",
        "Medial stabilising line",
        "On your side on one forearm, top foot on the bench; lift the hips and lower leg off the floor.",
    ),
];

fn title_of(instrument: &str) -> Option<&'static str> {
    INSTRUMENTS
        .iter()
        .find(|(id, _, _)| *id == instrument)
        .map(|(_, title, _)| *title)
}

pub(crate) async fn menu(Viewer(viewer): Viewer) -> Response {
    page(
        Some(&viewer),
        "Tests and questionnaires",
        html! {
            h1 { "Tests and questionnaires" }
            p { "Each result is kept with its date, and compared with your last one against the smallest change that matters." }
            ul class="links" {
                @for (id, title, what) in INSTRUMENTS {
                    li { a href=(format!("/assess/{id}")) { (title) } br; span class="small" { (what) } }
                }
            }
        },
    )
    .into_response()
}

fn timer(name: &str, label: &str, fields: &Fields, problems: &Problems, cap: u32) -> Markup {
    let id = dom_id(name);
    html! {
        div class="timer" data-timer data-target=(id) data-cap=(cap) {
            p class="elapsed" aria-live="polite" { span data-elapsed { "0" } " s" }
            button type="button" data-start { "Start " (label) }
            button type="button" data-stop class="secondary" { "Stop" }
        }
        (number_input(fields, problems, name, &format!("{label}: seconds held"), Some("The timer fills this in; you can also type it."), ("0", "600", "1")))
    }
}

fn form_markup(
    viewer: &Principal,
    instrument: &str,
    action: &str,
    fields: &Fields,
    problems: &Problems,
) -> Markup {
    html! {
        h1 { (title_of(instrument).unwrap_or("Test")) }
        (problem_summary(problems))
        form method="post" action=(action) novalidate {
            (csrf_field(viewer))
            div class="field" {
                label for=(dom_id("taken_on")) { "Day taken" }
                p class="hint" { "Leave as it is for today." }
                (field_problems(problems, "taken_on"))
                input type="date" id=(dom_id("taken_on")) name="taken_on" value=(fields.get("taken_on"));
            }
            @match instrument {
                "biering_sorensen" => {
                    section class="card" {
                        h2 { "Position" }
                        ol {
                            li { "Lie face down with your hips at the edge of a bench or firm table, legs strapped or held down." }
                            li { "Cross your arms over your chest and lift your trunk until it is level with your legs." }
                            li { "Start the timer, hold the level position, and stop when you drop below level or have to stop. The test ends at 240 seconds." }
                            li { "Stop at once if it brings on pain beyond your usual." }
                        }
                    }
                    (timer("seconds", "the hold", fields, problems, 240))
                    div class="field" {
                        label for=(dom_id("sex")) { "Sex (only used for the published risk bands, which exist for men)" }
                        select id=(dom_id("sex")) name="sex" {
                            option value="" { "Prefer not to say" }
                            @for (value, label) in [("female", "Female"), ("male", "Male"), ("other", "Other")] {
                                option value=(value) selected[fields.get("sex") == value] { (label) }
                            }
                        }
                    }
                }
                "mcgill" => {
                    p { "Rest at least 5 minutes between holds. Stop each timer when the position is lost." }
                    @for (name, label, how) in [
                        ("flexion", "Flexor hold", "Sit with knees and hips bent, trunk leaning back at 60 degrees, arms across the chest; a partner removes the back support."),
                        ("extension", "Extensor hold", "The Biering-Sørensen position: trunk level off the end of a bench."),
                        ("side_right", "Right side bridge", "On your right forearm and feet, hips lifted into a straight line."),
                        ("side_left", "Left side bridge", "On your left forearm and feet, hips lifted into a straight line."),
                    ] {
                        section class="card" { h2 { (label) } p { (how) } (timer(name, label, fields, problems, 600)) }
                    }
                }
                "bunkie" => {
                    p { "Hold each position up to 40 seconds, one leg at a time. Tick pain or trunk rotation if it happened." }
                    @for (position, label, how) in BUNKIE {
                        section class="card" {
                            h2 { (label) }
                            p { (how) }
                            @for side in ["left", "right"] {
                                @let name = format!("{position}.{side}");
                                h3 { (if side == "left" { "Left" } else { "Right" }) }
                                (timer(&format!("{name}.seconds"), &format!("{label}, {side}"), fields, problems, 40))
                                div class="check" {
                                    input type="checkbox" id=(dom_id(&format!("{name}.pain"))) name=(format!("{name}.pain")) checked[fields.checked(&format!("{name}.pain"))];
                                    label for=(dom_id(&format!("{name}.pain"))) { "Pain during the hold" }
                                }
                                div class="check" {
                                    input type="checkbox" id=(dom_id(&format!("{name}.rotation"))) name=(format!("{name}.rotation")) checked[fields.checked(&format!("{name}.rotation"))];
                                    label for=(dom_id(&format!("{name}.rotation"))) { "Trunk rotated" }
                                }
                            }
                        }
                    }
                }
                "nprs" => { (pain_choice(fields, problems, "score", "Back pain now")) }
                "odi" => {
                    p { "The ODI's wording is copyrighted. Fill in the licensed form, then enter each section's score (0 to 5); leave a section empty if it was not answered." }
                    (field_problems(problems, "answers"))
                    @for (index, section) in ODI_SECTIONS.iter().enumerate() {
                        @let name = format!("answers[{index}]");
                        div class="field" {
                            label for=(dom_id(&name)) { (index + 1) ". " (section) }
                            select id=(dom_id(&name)) name=(name) {
                                option value="" { "Not answered" }
                                @for score in 0..=5 { option value=(score) selected[fields.get(&name) == score.to_string()] { (score) } }
                            }
                        }
                    }
                }
                "rmdq" => {
                    p { "Use the printed questionnaire; tick the numbers of the statements that describe you today." }
                    (field_problems(problems, "answers"))
                    div class="grid-checks" {
                        @for item in 1..=24 {
                            div class="check" {
                                input type="checkbox" id=(format!("rmdq-{item}")) name="answers" value=(item) checked[fields.has("answers", &item.to_string())];
                                label for=(format!("rmdq-{item}")) { "Statement " (item) }
                            }
                        }
                    }
                }
                "startback" => {
                    p { "Thinking about the last 2 weeks, tick each statement you agree with." }
                    (field_problems(problems, "agree"))
                    @for (index, item) in STARTBACK.iter().enumerate() {
                        div class="check" {
                            input type="checkbox" id=(format!("sb-{}", index + 1)) name="agree" value=(index + 1) checked[fields.has("agree", &(index + 1).to_string())];
                            label for=(format!("sb-{}", index + 1)) { (index + 1) ". " (item) }
                        }
                    }
                    fieldset id=(dom_id("bothersome")) {
                        legend { "9. Overall, how bothersome has your back pain been in the last 2 weeks?" }
                        (field_problems(problems, "bothersome"))
                        @for (value, label) in BOTHERSOME {
                            div class="check" {
                                input type="radio" id=(format!("both-{value}")) name="bothersome" value=(value) checked[fields.get("bothersome") == value];
                                label for=(format!("both-{value}")) { (label) }
                            }
                        }
                    }
                    p class="small" { "Keele STarT Back Screening Tool: copyright © Keele University, 01/08/07, part funded by Arthritis Research UK." }
                }
                "tsk11" => {
                    p { "Use the printed questionnaire; enter each item's answer from 1 (strongly disagree) to 4 (strongly agree)." }
                    (field_problems(problems, "answers"))
                    @for item in 0..11 {
                        @let name = format!("answers[{item}]");
                        div class="field" {
                            label for=(dom_id(&name)) { "Item " (item + 1) }
                            select id=(dom_id(&name)) name=(name) {
                                option value="" { "Choose" }
                                @for score in 1..=4 { option value=(score) selected[fields.get(&name) == score.to_string()] { (score) } }
                            }
                        }
                    }
                }
                _ => {}
            }
            button type="submit" { "Save result" }
        }
    }
}

fn body(instrument: &str, fields: &Fields, problems: &mut Problems) -> Value {
    let mut body = match instrument {
        "biering_sorensen" => {
            let mut b = json!({"seconds": decimal(fields, "seconds", problems)});
            if !fields.get("sex").is_empty() {
                b["sex"] = json!(fields.get("sex"));
            }
            if b["seconds"].is_null() {
                problems.add("seconds", "time the hold, or type the seconds held");
            }
            b
        }
        "mcgill" => {
            let mut b = json!({});
            for name in ["flexion", "extension", "side_right", "side_left"] {
                match decimal(fields, name, problems) {
                    Some(v) => b[name] = json!(v),
                    None => problems.add(name, "time this hold, or type the seconds held"),
                }
            }
            b
        }
        "bunkie" => {
            let mut holds = Vec::new();
            for (position, _, _) in BUNKIE {
                for side in ["left", "right"] {
                    let name = format!("{position}.{side}");
                    if let Some(seconds) = decimal(fields, &format!("{name}.seconds"), problems) {
                        holds.push(json!({"position": position, "side": side, "seconds": seconds,
                            "pain": fields.checked(&format!("{name}.pain")), "rotation": fields.checked(&format!("{name}.rotation"))}));
                    } else {
                        problems.add(
                            &format!("{name}.seconds"),
                            "time this hold, or type the seconds held",
                        );
                    }
                }
            }
            json!({"holds": holds})
        }
        "nprs" => json!({"score": whole(fields, "score", problems).unwrap_or(0)}),
        "odi" => {
            let answers: Vec<Value> = (0..10)
                .map(|i| {
                    whole(fields, &format!("answers[{i}]"), problems)
                        .map_or(Value::Null, |v| json!(v))
                })
                .collect();
            json!({"answers": answers})
        }
        "rmdq" => {
            let ticked = fields.all("answers");
            let answers: Vec<bool> = (1..=24).map(|i| ticked.contains(&i.to_string())).collect();
            json!({"answers": answers})
        }
        "startback" => {
            let agree: Vec<i64> = fields
                .all("agree")
                .iter()
                .filter_map(|a| a.parse().ok())
                .collect();
            if fields.get("bothersome").is_empty() {
                problems.add(
                    "bothersome",
                    "choose how bothersome your back pain has been",
                );
            }
            json!({"agree": agree, "bothersome": fields.get("bothersome")})
        }
        "tsk11" => {
            let answers: Vec<Value> = (0..11)
                .map(|i| {
                    let name = format!("answers[{i}]");
                    let value = whole(fields, &name, problems);
                    if value.is_none() {
                        problems.add(&name, "choose an answer from 1 to 4");
                    }
                    json!(value.unwrap_or(0))
                })
                .collect();
            json!({"answers": answers})
        }
        _ => json!({}),
    };
    body["instrument"] = json!(instrument);
    if !fields.get("taken_on").is_empty() {
        body["taken_on"] = json!(fields.get("taken_on"));
    }
    body
}

fn today_fields(viewer: &Principal, state: &AppState) -> Fields {
    Fields(vec![(
        "taken_on".into(),
        viewer.today(state.now()).to_string(),
    )])
}

pub(crate) async fn form(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(instrument): Path<String>,
) -> Response {
    let Some(title) = title_of(&instrument) else {
        return refusal(&viewer, &ApiError::not_found("test"));
    };
    let fields = today_fields(&viewer, &state);
    page(
        Some(&viewer),
        title,
        form_markup(
            &viewer,
            &instrument,
            &format!("/assess/{instrument}"),
            &fields,
            &Problems::default(),
        ),
    )
    .into_response()
}

async fn save(
    state: &AppState,
    viewer: &Principal,
    subject: &str,
    instrument: &str,
    action: &str,
    fields: Fields,
) -> Result<resilift_store::Assessment, Response> {
    let Some(title) = title_of(instrument) else {
        return Err(refusal(viewer, &ApiError::not_found("test")));
    };
    let mut problems = Problems::default();
    let body = body(instrument, &fields, &mut problems);
    if problems.is_empty() {
        match crate::service::assessments::save_assessment(
            state,
            subject,
            viewer.id(),
            body.to_string().as_bytes(),
        )
        .await
        {
            Ok(saved) => return Ok(saved),
            Err(error) => problems = Problems::from_error(&error),
        }
    }
    Err((
        StatusCode::UNPROCESSABLE_ENTITY,
        page(
            Some(viewer),
            title,
            form_markup(viewer, instrument, action, &fields, &problems),
        ),
    )
        .into_response())
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    Path(instrument): Path<String>,
    LifterPosted { viewer, fields }: LifterPosted,
) -> Response {
    let lifter = viewer.id();
    let lifter = lifter.to_owned();
    match save(
        &state,
        &viewer,
        &lifter,
        &instrument,
        &format!("/assess/{instrument}"),
        fields,
    )
    .await
    {
        Ok(saved) => Redirect::to(&format!("/assessments/{}", saved.id)).into_response(),
        Err(response) => response,
    }
}

pub(crate) async fn client_form(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path((client, instrument)): Path<(String, String)>,
) -> Response {
    if let Err(error) =
        crate::access::linked(&state, &viewer, &client, Some("assessment_form")).await
    {
        return refusal(&viewer, &error);
    }
    let Some(title) = title_of(&instrument) else {
        return refusal(&viewer, &ApiError::not_found("test"));
    };
    let fields = today_fields(&viewer, &state);
    page(
        Some(&viewer),
        title,
        form_markup(
            &viewer,
            &instrument,
            &format!("/clients/{client}/assess/{instrument}"),
            &fields,
            &Problems::default(),
        ),
    )
    .into_response()
}

pub(crate) async fn client_submit(
    State(state): State<AppState>,
    Path((client, instrument)): Path<(String, String)>,
    Posted { viewer, fields }: Posted,
) -> Response {
    if let Err(error) =
        crate::access::linked(&state, &viewer, &client, Some("assessment_added")).await
    {
        return refusal(&viewer, &error);
    }
    match save(
        &state,
        &viewer,
        &client,
        &instrument,
        &format!("/clients/{client}/assess/{instrument}"),
        fields,
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/clients/{client}")).into_response(),
        Err(response) => response,
    }
}

/// A one-line summary of a scored result.
/// The numbers and bands a stored score carries (each instrument has some of them).
#[derive(Debug, Default, serde::Deserialize)]
struct StoredScore {
    score: Option<f64>,
    band: Option<String>,
    answered: Option<u32>,
    total: Option<f64>,
    psychosocial: Option<f64>,
    risk: Option<String>,
    seconds: Option<f64>,
    #[serde(default)]
    capped: bool,
    flexion_extension: Option<f64>,
    right_left: Option<f64>,
    holds_passed: Option<u32>,
    change: Option<StoredChange>,
    #[serde(default)]
    flags: Vec<String>,
}

/// The change since the previous score of the same instrument.
#[derive(Debug, serde::Deserialize)]
struct StoredChange {
    baseline: f64,
    improvement: f64,
    direction: String,
}

/// An instrument's name for people.
pub(crate) fn title(instrument: &str) -> &str {
    title_of(instrument).unwrap_or(instrument)
}

fn stored(assessment: &resilift_store::Assessment) -> Result<StoredScore, ApiError> {
    serde_json::from_str(&assessment.result).map_err(|e| ApiError::internal(&e))
}

/// A stored score in one line of plain words.
pub(crate) fn summary(assessment: &resilift_store::Assessment) -> String {
    let Ok(result) = stored(assessment) else {
        return "the stored score could not be read".to_owned();
    };
    let n = |value: Option<f64>| {
        value.map_or_else(|| "—".to_owned(), resilift_core::prescribe::fmt_load)
    };
    let words = |text: &Option<String>| text.as_deref().unwrap_or("").replace('_', " ");
    match assessment.instrument.as_str() {
        "nprs" => format!("{}/10 ({})", n(result.score), words(&result.band)),
        "odi" => format!(
            "{}% ({}), {} sections answered",
            n(result.score),
            words(&result.band),
            result.answered.unwrap_or(0)
        ),
        "rmdq" => format!("{} of 24", n(result.total)),
        "startback" => format!(
            "total {}, psychosocial {}: {} risk",
            n(result.total),
            n(result.psychosocial),
            words(&result.risk)
        ),
        "tsk11" => format!("{} (11 to 44)", n(result.total)),
        "biering_sorensen" => format!(
            "{} s{}",
            n(result.seconds),
            if result.capped {
                " (test ended at 240 s)"
            } else {
                ""
            }
        ),
        "mcgill" => format!(
            "flexion:extension {}, right:left {}",
            n(result.flexion_extension),
            n(result.right_left)
        ),
        "bunkie" => format!("{} of 10 holds passed", result.holds_passed.unwrap_or(0)),
        _ => String::new(),
    }
}

pub(crate) async fn result(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
) -> Response {
    let lifter = viewer.id();
    let assessment = match state.store().assessment(lifter, &id).await {
        Ok(Some(assessment)) => assessment,
        Ok(None) => return refusal(&viewer, &ApiError::not_found("assessment")),
        Err(error) => return refusal(&viewer, &error.into()),
    };
    let result = match stored(&assessment) {
        Ok(result) => result,
        Err(error) => return refusal(&viewer, &error),
    };
    let fmt = resilift_core::prescribe::fmt_load;
    page(
        Some(&viewer),
        "Result",
        html! {
            h1 { (title_of(&assessment.instrument).unwrap_or("Result")) }
            p class="lead" { (summary(&assessment)) }
            @if let Some(change) = &result.change {
                p {
                    "Since last time (" (fmt(change.baseline)) "): "
                    @if change.improvement >= 0.0 { "better by " (fmt(change.improvement)) } @else { "worse by " (fmt(change.improvement.abs())) }
                    ". "
                    @match change.direction.as_str() {
                        "better" => { strong { "That is an important improvement." } }
                        "worse" => { strong { "That is an important worsening." } " It is as large as the change that matters to people with back pain: review your plan, and talk to your clinician about it." }
                        _ => { "That is smaller than the change that usually matters, either way." }
                    }
                }
            }
            @if !result.flags.is_empty() {
                ul { @for f in &result.flags { li { (f) } } }
            }
            p class="small" { "Taken " (super::lifter::long_date(assessment.taken_on)) }
            p class="actions" { a class="button" href="/assess" { "Another test" } " " a class="button secondary" href="/progress" { "Progress" } }
        },
    )
    .into_response()
}
