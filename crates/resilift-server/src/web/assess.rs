//! Tests and questionnaires: hold timers (Biering-Sørensen, McGill battery, Bunkie) and the
//! questionnaires, scored by the engine, with the change since last time.
//!
//! Licences: the ODI's wording is copyrighted and not free to reproduce, so its form shows the
//! section names and takes the section scores from the licensed paper form; the RMDQ and TSK-11
//! likewise take item answers by number from the paper form. The Keele STarT Back Tool is
//! reproduced in its own wording, item by item, with its copyright and funding line; commercial
//! deployments need Keele University's licence (see the README).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use resilift_api::score::{AssessmentSubmission, ScoreResult, mcgill_flag_words};

use super::forms::InstrumentForm;

use super::{
    Fields, LifterPosted, LifterViewer, Posted, Problems, Viewer, csrf_field, dom_id,
    field_problems, form_page, number_input, page, pain_choice, problem_summary, refusal,
};
use crate::AppState;
use crate::auth::Principal;
use crate::error::ApiError;

use resilift_api::score::INSTRUMENTS;

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
    resilift_api::score::title(instrument)
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
        div class="timer" data-timer data-target=(id) data-cap=(cap) data-label=(label) hidden {
            button type="button" data-start { "Open the timer for " (label) }
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
                input type="date" id=(dom_id("taken_on")) aria-describedby=[super::described(problems, "taken_on")] name="taken_on" value=(fields.get("taken_on"));
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
                        select id=(dom_id("sex")) aria-describedby=[super::described(problems, "sex")] name="sex" {
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
                    fieldset id=(dom_id("answers")) aria-describedby=[super::described(problems, "answers")] {
                    legend { "Section scores" }
                    (field_problems(problems, "answers"))
                    @for (index, section) in ODI_SECTIONS.iter().enumerate() {
                        @let name = format!("answers[{index}]");
                        div class="field" {
                            label for=(dom_id(&name)) { (index + 1) ". " (section) }
                            (field_problems(problems, &name))
                            select id=(dom_id(&name)) aria-describedby=[super::described(problems, &name)] name=(name) {
                                option value="" { "Not answered" }
                                @for score in 0..=5 { option value=(score) selected[fields.get(&name) == score.to_string()] { (score) } }
                            }
                        }
                    }
                    }
                }
                "rmdq" => {
                    p { "Use the printed questionnaire; tick the numbers of the statements that describe you today." }
                    (field_problems(problems, "answers"))
                    div class="grid-checks" id=(dom_id("answers")) role="group" aria-label="Statements" aria-describedby=[super::described(problems, "answers")] {
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
                    fieldset id=(dom_id("agree")) aria-describedby=[super::described(problems, "agree")] {
                        legend { "Statements 1 to 8" }
                        (field_problems(problems, "agree"))
                        @for (index, item) in STARTBACK.iter().enumerate() {
                            div class="check" {
                                input type="checkbox" id=(format!("sb-{}", index + 1)) name="agree" value=(index + 1) checked[fields.has("agree", &(index + 1).to_string())];
                                label for=(format!("sb-{}", index + 1)) { (index + 1) ". " (item) }
                            }
                        }
                    }
                    fieldset id=(dom_id("bothersome")) aria-describedby=[super::described(problems, "bothersome")] {
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
                            (field_problems(problems, &name))
                            select id=(dom_id(&name)) aria-describedby=[super::described(problems, &name)] name=(name) {
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
    let form = InstrumentForm {
        instrument,
        fields: &fields,
    };
    let problems = match AssessmentSubmission::try_from(form) {
        Ok(submission) => {
            match crate::service::assessments::save_assessment(
                state,
                subject,
                viewer.id(),
                submission,
            )
            .await
            {
                Ok(saved) => return Ok(saved),
                Err(error) => Problems::from_error(&error),
            }
        }
        Err(problems) => problems,
    };
    Err(form_page(
        Some(viewer),
        title,
        &problems,
        form_markup(viewer, instrument, action, &fields, &problems),
    ))
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

/// An instrument's name for people.
pub(crate) fn title(instrument: &str) -> &str {
    title_of(instrument).unwrap_or(instrument)
}

fn stored(assessment: &resilift_store::Assessment) -> Result<ScoreResult, ApiError> {
    serde_json::from_str(&assessment.result).map_err(|e| ApiError::internal(&e))
}

/// A stored score in one line of plain words.
pub(crate) fn summary(assessment: &resilift_store::Assessment) -> String {
    stored(assessment).map_or_else(
        |_| "the stored score could not be read".to_owned(),
        |result| result.summary(),
    )
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
    page(
        Some(&viewer),
        "Result",
        html! {
            h1 { (title_of(&assessment.instrument).unwrap_or("Result")) }
            p class="lead" { (result.summary()) }
            p { (result.meaning()) }
            @if let Some(change) = result.change_words() {
                p {
                    (change)
                    @if result.change().is_some_and(|c| c.direction == "worse") {
                        " Review your plan, and talk to your clinician about it."
                    }
                }
            }
            @if let ScoreResult::Mcgill { flags, .. } = &result {
                @if !flags.is_empty() {
                    ul { @for flag in flags { li { (mcgill_flag_words(flag)) } } }
                }
            }
            p class="small" { "Taken " (super::lifter::long_date(assessment.taken_on)) }
            p class="actions" { a class="button" href="/assess" { "Another test" } " " a class="button secondary" href="/progress" { "Progress" } }
        },
    )
    .into_response()
}
