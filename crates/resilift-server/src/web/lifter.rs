//! A lifter's pages: home with check-ins, screening and verdict, this week, logging, session
//! results, post-lift triage, risk profile, progress, and the evidence pages.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{Markup, html};
use resilift_core::domain::RedFlag;
use resilift_core::form::{CHECKLIST, Fault};
use serde_json::{Value, json};

use super::charts::{self, Series};
use super::{
    Fields, Posted, Problems, Viewer, chip, csrf_field, decimal, dom_id, field_problems,
    number_input, page, pain_slider, problem_summary, reasons, refusal, svg, whole,
};
use crate::AppState;
use crate::api;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::views;

fn lifter_only(viewer: &Principal) -> Option<&str> {
    viewer.lifter().ok()
}

// ----- home ---------------------------------------------------------------------------------

pub(crate) async fn home(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    let Some(lifter) = lifter_only(&viewer) else {
        return Redirect::to("/clients").into_response();
    };
    let today = viewer.today(state.now());
    let screening = state.store().latest_screening(lifter).await.ok().flatten();
    let recent = state
        .store()
        .sessions(lifter, None, 10)
        .await
        .map(|p| p.items)
        .unwrap_or_default();
    let pending: Vec<_> = recent
        .iter()
        .filter_map(|row| views::parse_session(row).ok().map(|(dto, _)| (row, dto)))
        .filter(|(_, dto)| dto.pain.next_morning.is_none())
        .collect();
    let next = views::next_session(&state, lifter).await;
    let overrides = state.store().overrides(lifter).await.unwrap_or_default();
    page(
        Some(&viewer),
        "Home",
        html! {
            h1 { "Hello" }
            @for (row, dto) in &pending {
                section class="card prompt" aria-labelledby=(format!("checkin-{}", row.id)) {
                    h2 id=(format!("checkin-{}", row.id)) { "Morning check-in for " (dto.date) }
                    @if row.date < today {
                        p { "How does your back feel this morning, compared with before that session? The next session waits for this answer." }
                    } @else {
                        p { "Answer tomorrow morning, once you are up and about: how does your back feel compared with before the session?" }
                    }
                    form method="post" action=(format!("/sessions/{}/check-in", row.id)) {
                        (csrf_field(&viewer))
                        (pain_slider(&Fields::default(), &Problems::default(), "next_morning", "Back pain this morning", &dto.pain.before.to_string()))
                        button type="submit" { "Save check-in" }
                    }
                }
            }
            @if let Some(o) = overrides.first() {
                section class="card note" {
                    h2 { "Note from your clinician" }
                    p { (o.note) }
                    @if let Some(stage) = &o.stage { p { "They set your rung to " strong { (stage_label(stage)) } "." } }
                }
            }
            section class="card" {
                h2 { "Your screening" }
                @match &screening {
                    None => {
                        p { "Start with a short screening: warning signs, your pain, your history and a back-endurance hold. It decides where you begin." }
                        a class="button" href="/screen" { "Start the screening" }
                    }
                    Some(s) => {
                        @let result: Value = serde_json::from_str(&s.result).unwrap_or(Value::Null);
                        p { (result["headline"].as_str().unwrap_or("")) }
                        p { a href=(format!("/screenings/{}", s.id)) { "See why" } " · " a href="/screen" { "Screen again" }
                            @if let Some(next) = result["next_screen"].as_str() { " (next due " (next) ")" } }
                    }
                }
            }
            @if let Ok(plan) = &next {
                section class="card" {
                    h2 { "This week" }
                    p { (decision_sentence(plan)) }
                    a class="button" href="/week" { "See the session" }
                    " "
                    a class="button secondary" href="/log" { "Log a session" }
                }
            }
            section class="card" {
                h2 { "More" }
                ul class="links" {
                    li { a href="/assess" { "Tests and questionnaires" } }
                    li { a href="/progress" { "Progress charts and history" } }
                    li { a href="/flare" { "It hurts after a deadlift" } }
                    li { a href="/risk" { "My risk profile" } }
                }
            }
        },
    )
    .into_response()
}

fn stage_label(stage: &str) -> &'static str {
    match stage {
        "foundation" => "foundation work",
        "kettlebell" => "kettlebell deadlift",
        "trap_bar" => "trap-bar deadlift",
        "barbell" => "barbell deadlift",
        "emergency" => "emergency care",
        "see_clinician" => "see a clinician",
        "relative_rest" => "relative rest",
        _ => "not started",
    }
}

fn decision_sentence(plan: &Value) -> String {
    let exercise = stage_label(plan["exercise"].as_str().unwrap_or(""));
    let date = plan["date"].as_str().unwrap_or("");
    match plan["decision"].as_str().unwrap_or("") {
        "calibrate" => format!("Next: a calibration session of {exercise} on or after {date}, to find your working loads."),
        "progress" => format!("Next: {exercise} on or after {date}, a little heavier than last time."),
        "hold" => format!("Next: {exercise} on or after {date}, at the same load as last time."),
        "reduce" => format!("Next: {exercise} on or after {date}, lighter than last time."),
        "regress" => format!("Next: step back to {exercise}, and screen again."),
        "wait_for_check_in" => "Answer the morning check-in for your last session first; until then the plan repeats the last load.".to_owned(),
        "rescreen" => "Screen again before the next loaded session.".to_owned(),
        "stop" => "Stop loading and see a clinician: you reported a warning sign.".to_owned(),
        _ => String::new(),
    }
}

// ----- screening ----------------------------------------------------------------------------

const LEG: [(&str, &str); 3] = [
    ("none", "No leg symptoms"),
    (
        "above_knee",
        "Pain, tingling or numbness in a leg, above the knee",
    ),
    (
        "below_knee",
        "Pain, tingling or numbness in a leg, below the knee",
    ),
];

/// One checkbox per red flag, in plain words, keeping what was ticked.
fn red_flag_checks(prefix: &str, fields: &Fields) -> Markup {
    html! {
        @for flag in RedFlag::ALL {
            @let id = format!("{prefix}-{}", flag.id());
            div class="check" {
                input type="checkbox" id=(id) name="red_flags" value=(flag.id()) checked[fields.has("red_flags", flag.id())];
                label for=(id) { (flag.question()) }
            }
        }
    }
}

/// The leg-symptom choice, `none` unless something else was chosen.
fn leg_radios(name: &str, prefix: &str, fields: &Fields) -> Markup {
    let chosen = if fields.get(name).is_empty() {
        "none"
    } else {
        fields.get(name)
    };
    html! {
        @for (value, label) in LEG {
            @let id = format!("{prefix}-{value}");
            div class="check" {
                input type="radio" id=(id) name=(name) value=(value) checked[chosen == value];
                label for=(id) { (label) }
            }
        }
    }
}

const STAGES: [(&str, &str); 5] = [
    ("none", "I have not started"),
    (
        "foundation",
        "Foundation work (bridges, bird dogs, back-extension holds)",
    ),
    ("kettlebell", "Kettlebell deadlift"),
    ("trap_bar", "Trap-bar deadlift"),
    ("barbell", "Barbell deadlift"),
];

/// Fields from a stored screening record, to start the next screening from the last answers.
fn fields_from_record(record: &Value) -> Fields {
    let mut out = Vec::new();
    let mut put = |name: &str, value: &Value| {
        let text = match value {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Bool(b) => {
                if *b {
                    "yes".into()
                } else {
                    "no".into()
                }
            }
            other => other.to_string(),
        };
        out.push((name.to_owned(), text));
    };
    for key in ["age", "sex", "height_cm", "weight_kg"] {
        put(&format!("person.{key}"), &record["person"][key]);
    }
    for key in [
        "now",
        "current_episode_onset",
        "previous_episodes",
        "leg_symptoms",
    ] {
        put(&format!("pain.{key}"), &record["pain"][key]);
    }
    put("disc.diagnosed", &record["disc"]["diagnosed"]);
    if record["disc"]["cleared"] == json!(true) {
        put("disc.cleared", &json!("on"));
    }
    if record["radicular_cleared"] == json!(true) {
        put("radicular_cleared", &json!("on"));
    }
    for key in ["stage", "clean_sessions_at_stage", "coached_sessions"] {
        put(&format!("training.{key}"), &record["training"][key]);
    }
    Fields(out)
}

pub(crate) async fn screen_form(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    let Some(lifter) = lifter_only(&viewer) else {
        return Redirect::to("/clients").into_response();
    };
    let last = state.store().latest_screening(lifter).await.ok().flatten();
    let mut fields = last
        .as_ref()
        .and_then(|s| serde_json::from_str::<Value>(&s.input).ok())
        .map(|record| fields_from_record(&record))
        .unwrap_or_default();
    // A fresh hold is asked for every time.
    fields.0.retain(|(k, _)| k != "tests.biering_sorensen_s");
    let hold = state
        .store()
        .latest_assessment(lifter, "biering_sorensen")
        .await
        .ok()
        .flatten();
    if let Some(hold) =
        hold.filter(|h| h.taken_on >= viewer.today(state.now()) - chrono::Duration::days(14))
    {
        let result: Value = serde_json::from_str(&hold.result).unwrap_or(Value::Null);
        if let Some(seconds) = result["seconds"].as_f64() {
            fields
                .0
                .push(("tests.biering_sorensen_s".into(), seconds.to_string()));
        }
    }
    page(
        Some(&viewer),
        "Screening",
        screen_page(&viewer, &fields, &Problems::default()),
    )
    .into_response()
}

fn screen_page(viewer: &Principal, fields: &Fields, problems: &Problems) -> maud::Markup {
    let red_flags_error = !problems.of("red_flags").is_empty();
    html! {
        h1 { "Screening" }
        p { "About five minutes. Answer for how things are today. Nothing here is a diagnosis; it decides where a safe start is." }
        (problem_summary(problems))
        form method="post" action="/screen" novalidate {
            (csrf_field(viewer))
            fieldset id=(dom_id("red_flags")) aria-describedby=[red_flags_error.then_some("f-red_flags-error")] {
                legend { h2 { "1. Warning signs" } }
                p { "Tick every one that is true for you now. These come first because they change everything else." }
                (field_problems(problems, "red_flags"))
                (red_flag_checks("rf", fields))
                div class="check confirm" {
                    input type="checkbox" id=(dom_id("red_flags_answered")) name="red_flags_answered" value="yes" checked[fields.checked("red_flags_answered")];
                    label for=(dom_id("red_flags_answered")) { strong { "I have read every question above and ticked each one that applies (or none)." } }
                }
                (field_problems(problems, "red_flags_answered"))
            }
            fieldset {
                legend { h2 { "2. Your back now" } }
                div class="field" {
                    label for=(dom_id("pain.current_episode_onset")) { "If your back is sore at the moment, when did this episode start?" }
                    p class="hint" { "Leave empty if you have no current episode." }
                    (field_problems(problems, "pain.current_episode_onset"))
                    input type="date" id=(dom_id("pain.current_episode_onset")) name="pain.current_episode_onset" value=(fields.get("pain.current_episode_onset"));
                }
                (pain_slider(fields, problems, "pain.now", "Back pain right now", "0"))
                (number_input(fields, problems, "pain.previous_episodes", "How many earlier episodes of back pain have you had?", Some("Episodes that stopped you doing normal things for a day or more."), ("0", "100", "1")))
                fieldset id=(dom_id("pain.leg_symptoms")) {
                    legend { "Leg symptoms" }
                    (field_problems(problems, "pain.leg_symptoms"))
                    (leg_radios("pain.leg_symptoms", "leg", fields))
                }
                div class="check" {
                    input type="checkbox" id=(dom_id("radicular_cleared")) name="radicular_cleared" checked[fields.checked("radicular_cleared")];
                    label for=(dom_id("radicular_cleared")) { "A clinician has examined my leg symptoms and cleared me for loaded exercise" }
                }
            }
            fieldset {
                legend { h2 { "3. Disc problems" } }
                fieldset id=(dom_id("disc.diagnosed")) {
                    legend { "Has a clinician diagnosed a disc bulge or herniation?" }
                    (field_problems(problems, "disc.diagnosed"))
                    @for (value, label) in [("no", "No"), ("yes", "Yes")] {
                        div class="check" {
                            input type="radio" id=(format!("disc-{value}")) name="disc.diagnosed" value=(value) checked[fields.get("disc.diagnosed") == value];
                            label for=(format!("disc-{value}")) { (label) }
                        }
                    }
                }
                div class="check" {
                    input type="checkbox" id=(dom_id("disc.cleared")) name="disc.cleared" checked[fields.checked("disc.cleared")];
                    label for=(dom_id("disc.cleared")) { "A clinician has cleared me to load hip-hinge exercises" }
                }
            }
            fieldset {
                legend { h2 { "4. Back-extensor endurance" } }
                p { "The Biering-Sørensen hold: how long you can hold your trunk level, face down over the end of a bench. " a href="/assess/biering_sorensen" { "Use the timer" } " and come back, or type the time." }
                (number_input(fields, problems, "tests.biering_sorensen_s", "Hold time, in seconds", Some("Leave empty if you have not done it; you will start with foundation work."), ("0", "600", "1")))
            }
            fieldset {
                legend { h2 { "5. Training" } }
                div class="field" {
                    label for=(dom_id("training.stage")) { "Where are you now?" }
                    (field_problems(problems, "training.stage"))
                    select id=(dom_id("training.stage")) name="training.stage" {
                        @for (value, label) in STAGES {
                            option value=(value) selected[fields.get("training.stage") == value] { (label) }
                        }
                    }
                }
                (number_input(fields, problems, "training.clean_sessions_at_stage", "Pain-free sessions with good form at that stage", None, ("0", "500", "1")))
                (number_input(fields, problems, "training.coached_sessions", "Technique sessions with a coach or physiotherapist", None, ("0", "500", "1")))
            }
            details {
                summary { "About you (optional)" }
                p class="hint" { "Age, sex and body size never change the decision; they are kept for your clinician and your risk profile." }
                (number_input(fields, problems, "person.age", "Age", None, ("0", "120", "1")))
                div class="field" {
                    label for=(dom_id("person.sex")) { "Sex" }
                    select id=(dom_id("person.sex")) name="person.sex" {
                        option value="" { "Prefer not to say" }
                        @for (value, label) in [("female", "Female"), ("male", "Male"), ("other", "Other")] {
                            option value=(value) selected[fields.get("person.sex") == value] { (label) }
                        }
                    }
                }
                (number_input(fields, problems, "person.height_cm", "Height (cm)", None, ("50", "250", "any")))
                (number_input(fields, problems, "person.weight_kg", "Weight (kg)", None, ("20", "400", "any")))
            }
            button type="submit" { "See my result" }
        }
    }
}

/// Builds the screening record from the form; problems for values that are not numbers.
fn screening_record(fields: &Fields, problems: &mut Problems) -> Value {
    let mut person = serde_json::Map::new();
    if let Some(age) = whole(fields, "person.age", problems) {
        person.insert("age".into(), json!(age));
    }
    if !fields.get("person.sex").is_empty() {
        person.insert("sex".into(), json!(fields.get("person.sex")));
    }
    if let Some(h) = decimal(fields, "person.height_cm", problems) {
        person.insert("height_cm".into(), json!(h));
    }
    if let Some(w) = decimal(fields, "person.weight_kg", problems) {
        person.insert("weight_kg".into(), json!(w));
    }
    let onset = fields.get("pain.current_episode_onset").trim();
    let diagnosed = match fields.get("disc.diagnosed") {
        "yes" => json!(true),
        "no" => json!(false),
        _ => {
            problems.add("disc.diagnosed", "answer yes or no");
            json!(false)
        }
    };
    json!({
        "person": person,
        "red_flags": fields.all("red_flags"),
        "pain": {
            "now": whole(fields, "pain.now", problems).unwrap_or(0),
            "current_episode_onset": if onset.is_empty() { Value::Null } else { json!(onset) },
            "previous_episodes": whole(fields, "pain.previous_episodes", problems).unwrap_or(0),
            "leg_symptoms": if fields.get("pain.leg_symptoms").is_empty() { "none" } else { fields.get("pain.leg_symptoms") },
        },
        "disc": {"diagnosed": diagnosed, "cleared": fields.checked("disc.cleared")},
        "radicular_cleared": fields.checked("radicular_cleared"),
        "tests": {"biering_sorensen_s": decimal(fields, "tests.biering_sorensen_s", problems)},
        "training": {
            "stage": if fields.get("training.stage").is_empty() { "none" } else { fields.get("training.stage") },
            "clean_sessions_at_stage": whole(fields, "training.clean_sessions_at_stage", problems).unwrap_or(0),
            "coached_sessions": whole(fields, "training.coached_sessions", problems).unwrap_or(0),
        }
    })
}

/// Questionnaire answers from the lifter's latest assessments, for the screening record.
async fn questionnaires(state: &AppState, lifter: &str) -> Value {
    let mut out = serde_json::Map::new();
    for (instrument, key) in [
        ("startback", "startback"),
        ("tsk11", "tsk11"),
        ("odi", "odi"),
    ] {
        if let Ok(Some(a)) = state.store().latest_assessment(lifter, instrument).await {
            let answers: Value = serde_json::from_str(&a.answers).unwrap_or(Value::Null);
            let value = if instrument == "startback" {
                json!({"agree": answers["agree"], "bothersome": answers["bothersome"]})
            } else {
                answers["answers"].clone()
            };
            out.insert(key.into(), value);
        }
    }
    Value::Object(out)
}

pub(crate) async fn screen(
    State(state): State<AppState>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let Some(lifter) = lifter_only(&viewer) else {
        return Redirect::to("/clients").into_response();
    };
    let mut problems = Problems::default();
    if !fields.checked("red_flags_answered") {
        problems.add(
            "red_flags_answered",
            "read each warning sign, tick any that apply, then tick this box to confirm",
        );
    }
    let mut record = screening_record(&fields, &mut problems);
    record["questionnaires"] = questionnaires(&state, lifter).await;
    if problems.is_empty() {
        match api::save_screening(&state, lifter, viewer.today(state.now()), record).await {
            Ok(screening) => {
                return Redirect::to(&format!("/screenings/{}", screening.id)).into_response();
            }
            Err(error) => problems = Problems::from_error(&error),
        }
    }
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        page(
            Some(&viewer),
            "Screening",
            screen_page(&viewer, &fields, &problems),
        ),
    )
        .into_response()
}

pub(crate) async fn verdict(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Response {
    let Some(lifter) = lifter_only(&viewer) else {
        return Redirect::to("/clients").into_response();
    };
    let Ok(Some(screening)) = state.store().screening(lifter, &id).await else {
        return refusal(&viewer, &ApiError::not_found("screening"));
    };
    let result: Value = serde_json::from_str(&screening.result).unwrap_or(Value::Null);
    let decision = result["decision"].as_str().unwrap_or("");
    let urgent = matches!(decision, "emergency" | "see_clinician");
    page(
        Some(&viewer),
        "Your result",
        html! {
            @if urgent {
                section class=(format!("verdict verdict-{decision}")) role="alert" {
                    h1 { @if decision == "emergency" { "Get emergency care today" } @else { "See a clinician first" } }
                    p class="lead" { (result["headline"].as_str().unwrap_or("")) }
                    @if decision == "emergency" {
                        p { "Go to an emergency department or call your local emergency number now, and tell them which of these you noticed. Do not wait to see whether it passes." }
                    } @else {
                        p { "Book an appointment with a doctor or physiotherapist soon, and show them this page. Once they have reviewed you, screen again." }
                    }
                    h2 { "Because" }
                    (reasons(&result["reasons"]))
                }
            } @else {
                section class=(format!("verdict verdict-{decision}")) {
                    h1 { "Your result: " (stage_label(decision)) }
                    p class="lead" { (result["headline"].as_str().unwrap_or("")) }
                }
                h2 { "Why" }
                (reasons(&result["reasons"]))
                @if result["advice"].as_array().is_some_and(|a| !a.is_empty()) {
                    h2 { "Advice" }
                    (reasons(&result["advice"]))
                }
                @if let Some(next) = result["next_screen"].as_str() {
                    p { "Screen again on or after " strong { (next) } "." }
                }
                @if matches!(decision, "kettlebell" | "trap_bar" | "barbell") {
                    p class="notice" { "Loads are rounded to what you can actually lift: check your bar weights, smallest plates and kettlebells under " a href="/account" { "My data" } "." }
                }
                p class="actions" {
                    @if matches!(decision, "kettlebell" | "trap_bar" | "barbell") {
                        a class="button" href="/week" { "See this week's session" }
                    } @else if decision == "foundation" {
                        a class="button" href="/week" { "See the foundation work" }
                    }
                    " " a class="button secondary" href="/home" { "Home" }
                }
            }
            p class="small" { "Screened " (screening.as_of) " · rules " (screening.rules_version) }
        },
    )
    .into_response()
}

pub(crate) async fn evidence(
    Path(id): Path<String>,
    super::MaybeViewer(viewer): super::MaybeViewer,
) -> Response {
    let Some(citation) = resilift_core::evidence::citation(&id) else {
        return (
            StatusCode::NOT_FOUND,
            page(
                viewer.as_ref(),
                "Not found",
                html! { h1 { "No such source" } },
            ),
        )
            .into_response();
    };
    page(
        viewer.as_ref(),
        citation.title,
        html! {
            h1 { (citation.title) }
            p { (citation.authors) " (" (citation.year) "). " em { (citation.venue) } "." }
            p { "Evidence level: " strong { (citation.level.as_str().replace('_', " ")) } }
            h2 { "What it shows" }
            p { (citation.shows) }
            h2 { "What it does not show" }
            p { (citation.does_not_show) }
            @if !citation.link.is_empty() { p { "Source: " (citation.link) } }
        },
    )
    .into_response()
}

// ----- this week ----------------------------------------------------------------------------

fn plates(load: f64, plan: &Value) -> Option<String> {
    let bar = plan["bar"].as_f64()?;
    let units = if plan["units"] == "lb" {
        resilift_core::prescribe::Units::Lb
    } else {
        resilift_core::prescribe::Units::Kg
    };
    if load <= bar {
        return Some("empty bar".into());
    }
    let per_side = resilift_core::prescribe::plates_per_side(load, bar, units);
    Some(
        per_side
            .iter()
            .map(|p| resilift_core::prescribe::fmt_load(*p))
            .collect::<Vec<_>>()
            .join(" + ")
            + " each side",
    )
}

pub(crate) fn plan_markup(plan: &Value) -> Markup {
    let units = plan["units"].as_str().unwrap_or("kg");
    let bell = plan["exercise"] == "kettlebell";
    html! {
        p class="lead" { (decision_sentence(plan)) }
        @if let Some(o) = plan["override"].as_object() {
            div class="card note" { h2 { "From your clinician" } p { (o.get("note").and_then(Value::as_str).unwrap_or("")) } }
        }
        @if plan["decision"] == "calibrate" {
            section class="card" {
                h2 { "Calibration, step by step" }
                ol {
                    li { "Warm up with the first load below for 8 easy reps." }
                    li { "Add a small step and do 5 reps. Rest 2 to 3 minutes." }
                    li { "Keep adding small steps, 5 reps each, until a set of 5 feels like RPE 7: you could have done 3 more with clean form." }
                    li { "Stop there. Never go to a maximum. Log every set with its RPE; that set sets your working loads." }
                }
            }
        }
        @if let Some(warmups) = plan["warmups"].as_array().filter(|w| !w.is_empty()) {
            h2 { "Warm-up" }
            div class="table-wrap" role="region" tabindex="0" aria-label="Sets" { table {
                thead { tr { th scope="col" { "Load" } th scope="col" { "Reps" } th scope="col" { @if bell { "Bell" } @else { "Plates" } } } }
                tbody {
                    @for set in warmups {
                        @let load = set["load"].as_f64().unwrap_or(0.0);
                        tr { td { (resilift_core::prescribe::fmt_load(load)) " " (units) } td { (set["reps"]) } td { @if bell { "pick up the " (resilift_core::prescribe::fmt_load(load)) " " (units) " bell" } @else { (plates(load, plan).unwrap_or_default()) } } }
                    }
                }
            } }
        }
        @if let Some(sets) = plan["sets"].as_array().filter(|s| !s.is_empty()) {
            h2 { "Working sets" }
            div class="table-wrap" role="region" tabindex="0" aria-label="Sets" { table {
                thead { tr { th scope="col" { "Set" } th scope="col" { "Load" } th scope="col" { "Reps" } th scope="col" { "Effort" } th scope="col" { @if bell { "Bell" } @else { "Plates" } } } }
                tbody {
                    @for (index, set) in sets.iter().enumerate() {
                        @let load = set["load"].as_f64().unwrap_or(0.0);
                        tr { td { (index + 1) } td { (resilift_core::prescribe::fmt_load(load)) " " (units) } td { (set["reps"]) } td { "RPE " (set["target_rpe"]) } td { @if bell { (resilift_core::prescribe::fmt_load(load)) " " (units) " bell" } @else { (plates(load, plan).unwrap_or_default()) } } }
                    }
                }
            } }
            @if let Some(e1rm) = plan["e1rm"].as_f64() { p class="small" { "Estimated 1RM in use: " (resilift_core::prescribe::fmt_load(e1rm)) " " (units) " (never tested directly)." } }
        }
        @if let Some(cues) = plan["cues"].as_array().filter(|c| !c.is_empty()) {
            h2 { "Cues" }
            ul { @for cue in cues { li { (cue.as_str().unwrap_or("")) } } }
        }
        @if plan["sets"].as_array().is_some_and(|s| !s.is_empty()) || plan["decision"] == "calibrate" {
            h2 { "Set-up and bracing, every rep" }
            ol class="checklist" { @for step in CHECKLIST { li { (step) } } }
        }
        h2 { "Why" }
        (reasons(&plan["reasons"]))
    }
}

pub(crate) async fn week(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    let Some(lifter) = lifter_only(&viewer) else {
        return Redirect::to("/clients").into_response();
    };
    let content = match views::next_session(&state, lifter).await {
        Ok(plan) => html! {
            h1 { "This week" }
            (plan_markup(&plan))
            p class="actions" { a class="button" href="/log" { "Log this session" } }
        },
        Err(error) => html! {
            h1 { "This week" }
            p class="lead" { (error.body.error) }
            p { a class="button" href="/screen" { "Go to the screening" } }
        },
    };
    page(Some(&viewer), "This week", content).into_response()
}

// ----- logging ------------------------------------------------------------------------------

const SET_ROWS: usize = 6;

fn log_page(viewer: &Principal, fields: &Fields, problems: &Problems, units: &str) -> Markup {
    html! {
        h1 { "Log a session" }
        (problem_summary(problems))
        form method="post" action="/log" novalidate {
            (csrf_field(viewer))
            div class="field" {
                label for=(dom_id("date")) { "Day of the session" }
                (field_problems(problems, "date"))
                input type="date" id=(dom_id("date")) name="date" value=(fields.get("date"));
            }
            div class="field" {
                label for=(dom_id("exercise")) { "Exercise" }
                (field_problems(problems, "exercise"))
                select id=(dom_id("exercise")) name="exercise" {
                    @for (value, label) in [("kettlebell", "Kettlebell deadlift"), ("trap_bar", "Trap-bar deadlift"), ("barbell", "Barbell deadlift")] {
                        option value=(value) selected[fields.get("exercise") == value] { (label) }
                    }
                }
            }
            fieldset id=(dom_id("sets")) {
                legend { h2 { "Sets" } }
                p class="hint" { "Loads in " (units) ". RPE 7 means you could have done 3 more reps with clean form. Leave unused rows empty." }
                (field_problems(problems, "sets"))
                div class="sets" {
                    @for row in 0..SET_ROWS {
                        fieldset class="set" {
                            legend { "Set " (row + 1) }
                            @for (key, label, step) in [("load", "Load", "any"), ("reps", "Reps", "1"), ("rpe", "RPE", "0.5")] {
                                @let name = format!("sets[{row}].{key}");
                                div class="mini" {
                                    label for=(dom_id(&name)) { (label) }
                                    input type="number" id=(dom_id(&name)) name=(name) value=(fields.get(&name)) step=(step) min="0" inputmode="decimal"
                                        aria-invalid=[(!problems.of(&name).is_empty()).then_some("true")];
                                    (field_problems(problems, &name))
                                }
                            }
                        }
                    }
                }
            }
            fieldset {
                legend { h2 { "Pain" } }
                (pain_slider(fields, problems, "pain.before", "Before the session", "0"))
                (pain_slider(fields, problems, "pain.during_max", "Worst during the session", "0"))
                (pain_slider(fields, problems, "pain.after", "Right after", "0"))
                p class="hint" { "0-2 is the safe zone; up to 5 is acceptable if it settles by the next morning." }
            }
            fieldset {
                legend { h2 { "Form" } }
                p class="hint" { "Tick anything you or your coach noticed; each comes with its cue for next time." }
                @for fault in Fault::ALL {
                    div class="check" {
                        input type="checkbox" id=(format!("fault-{}", fault.id())) name="faults" value=(fault.id()) checked[fields.has("faults", fault.id())];
                        label for=(format!("fault-{}", fault.id())) { (fault.label()) span class="cue" { " Cue: " (fault.cue()) } }
                    }
                }
            }
            details {
                summary { "Anything worrying today?" }
                p class="hint" { "If any of these happened, tick it: loading stops until you have been screened again." }
                (red_flag_checks("srf", fields))
            }
            div class="check" {
                input type="checkbox" id=(dom_id("incomplete")) name="incomplete" checked[fields.checked("incomplete")];
                label for=(dom_id("incomplete")) { "I did not finish the session as planned" }
            }
            button type="submit" { "Save session" }
        }
    }
}

pub(crate) async fn log_form(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    let Some(lifter) = lifter_only(&viewer) else {
        return Redirect::to("/clients").into_response();
    };
    let today = viewer.today(state.now());
    let plan = views::next_session(&state, lifter).await.ok();
    let mut fields = vec![("date".to_owned(), today.to_string())];
    if let Some(plan) = &plan {
        let exercise = plan["exercise"].as_str().unwrap_or("kettlebell");
        if exercise != "foundation" {
            fields.push(("exercise".into(), exercise.into()));
        }
        let sets = plan["sets"].as_array().cloned().unwrap_or_default();
        for (row, set) in sets.iter().enumerate().take(SET_ROWS) {
            fields.push((
                format!("sets[{row}].load"),
                resilift_core::prescribe::fmt_load(set["load"].as_f64().unwrap_or(0.0)),
            ));
            fields.push((format!("sets[{row}].reps"), set["reps"].to_string()));
        }
    }
    let units = views::today(&state, lifter)
        .await
        .map(|(_, p)| p.units)
        .unwrap_or_else(|_| "kg".into());
    page(
        Some(&viewer),
        "Log a session",
        log_page(&viewer, &Fields(fields), &Problems::default(), &units),
    )
    .into_response()
}

fn session_body(fields: &Fields, problems: &mut Problems) -> Value {
    let mut sets = Vec::new();
    for row in 0..SET_ROWS {
        let load = decimal(fields, &format!("sets[{row}].load"), problems);
        let reps = whole(fields, &format!("sets[{row}].reps"), problems);
        let rpe = decimal(fields, &format!("sets[{row}].rpe"), problems);
        match (load, reps) {
            (None, None) if rpe.is_none() => {}
            (Some(load), Some(reps)) => {
                let mut set = json!({"load": load, "reps": reps});
                if let Some(rpe) = rpe {
                    set["rpe"] = json!(rpe);
                }
                sets.push(set);
            }
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
    json!({
        "date": fields.get("date"),
        "exercise": fields.get("exercise"),
        "completed": !fields.checked("incomplete"),
        "sets": sets,
        "pain": {
            "before": whole(fields, "pain.before", problems).unwrap_or(0),
            "during_max": whole(fields, "pain.during_max", problems).unwrap_or(0),
            "after": whole(fields, "pain.after", problems).unwrap_or(0),
            "next_morning": Value::Null,
        },
        "faults": fields.all("faults"),
        "red_flags": fields.all("red_flags"),
    })
}

pub(crate) async fn log(
    State(state): State<AppState>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let Some(lifter) = lifter_only(&viewer) else {
        return Redirect::to("/clients").into_response();
    };
    let mut problems = Problems::default();
    let body = session_body(&fields, &mut problems);
    if problems.is_empty() {
        let saved =
            match resilift_api::parse_json::<resilift_api::next::SessionDto>(&body.to_string()) {
                Ok(dto) => api::save_session(&state, lifter, viewer.today(state.now()), &dto).await,
                Err(errors) => Err(ApiError::from(errors)),
            };
        match saved {
            Ok(session) => {
                return Redirect::to(&format!("/sessions/{}", session.id)).into_response();
            }
            Err(error) => problems = Problems::from_error(&error),
        }
    }
    let units = views::today(&state, lifter)
        .await
        .map(|(_, p)| p.units)
        .unwrap_or_else(|_| "kg".into());
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        page(
            Some(&viewer),
            "Log a session",
            log_page(&viewer, &fields, &problems, &units),
        ),
    )
        .into_response()
}

pub(crate) async fn session_result(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Response {
    let Some(lifter) = lifter_only(&viewer) else {
        return Redirect::to("/clients").into_response();
    };
    let Ok(Some(row)) = state.store().session(lifter, &id).await else {
        return refusal(&viewer, &ApiError::not_found("session"));
    };
    let view = match api::session_view(&state, &row).await {
        Ok(view) => view,
        Err(error) => return refusal(&viewer, &error),
    };
    let plan = views::next_session(&state, lifter).await;
    let colour = view.pain_colour;
    let meaning = match colour {
        "green" => {
            "Green: your back stayed in the safe zone and was back to normal the next morning."
        }
        "amber" => {
            "Amber: some pain during, but it settled by the next morning. The plan holds the load."
        }
        "red" => "Red: too much pain during, or worse the next morning. The plan eases off.",
        _ => {
            "Saved. Tomorrow morning, tell resilift how your back feels; the colour and the next step depend on it."
        }
    };
    page(
        Some(&viewer),
        "Session saved",
        html! {
            h1 { "Session saved" }
            p { "Pain response: " (chip(colour)) }
            p class="lead" { (meaning) }
            @for fault in &view.session.faults {
                @if let Ok(f) = Fault::parse(fault) { p { strong { (f.label()) } ": " (f.cue()) } }
            }
            @match &plan {
                Ok(plan) => { h2 { "What happens next" } (plan_markup(plan)) }
                Err(error) => { p { (error.body.error) } }
            }
            p class="actions" { a class="button" href="/home" { "Home" } }
        },
    )
    .into_response()
}

pub(crate) async fn check_in(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let Some(lifter) = lifter_only(&viewer) else {
        return Redirect::to("/clients").into_response();
    };
    let mut problems = Problems::default();
    let Some(score) = whole(&fields, "next_morning", &mut problems) else {
        return Redirect::to("/home").into_response();
    };
    let patch = json!({"pain": {"next_morning": score}});
    match api::amend_session(&state, lifter, viewer.today(state.now()), &id, &patch).await {
        Ok(_) => Redirect::to(&format!("/sessions/{id}")).into_response(),
        Err(error) => refusal(&viewer, &error),
    }
}

// ----- when it hurts ------------------------------------------------------------------------

fn flare_page(
    viewer: &Principal,
    fields: &Fields,
    problems: &Problems,
    result: Option<&Value>,
) -> Markup {
    html! {
        h1 { "It hurts after a deadlift" }
        @if let Some(result) = result {
            @let decision = result["decision"].as_str().unwrap_or("");
            section class=(format!("verdict verdict-{decision}")) role="status" {
                h2 { (match decision {
                    "emergency" => "Get emergency care now",
                    "see_clinician" => "See a clinician today",
                    "see_clinician_soon" => "See a clinician soon",
                    "see_clinician_persisting" => "Time to see a clinician",
                    "self_care" => "Look after it yourself for now",
                    "rescreen" => "Screen again before loading",
                    _ => "Result",
                }) }
                p { "Day " (result["days_since_onset"]) " since it started." }
            }
            (reasons(&result["reasons"]))
            @if let Some(options) = result["care_options"].as_array().filter(|o| !o.is_empty()) {
                h2 { "Care options to discuss with a clinician" }
                ul { @for o in options { li { (o["name"].as_str().unwrap_or("")) " — " (o["grading"].as_str().unwrap_or("")) " (" (o["level"].as_str().unwrap_or("").replace('_', " ")) ")" } } }
            }
            hr;
        }
        (problem_summary(problems))
        form method="post" action="/flare" novalidate {
            (csrf_field(viewer))
            div class="field" {
                label for=(dom_id("onset")) { "When did this pain start?" }
                (field_problems(problems, "onset"))
                input type="date" id=(dom_id("onset")) name="onset" value=(fields.get("onset"));
            }
            (pain_slider(fields, problems, "pain_now", "Pain now", "0"))
            fieldset id=(dom_id("leg_symptoms")) {
                legend { "Leg symptoms" }
                (leg_radios("leg_symptoms", "fleg", fields))
            }
            @for (name, label) in [("numbness_or_weakness", "Numbness or weakness in a leg"), ("disc_bulge_known", "I have a known disc bulge"), ("improving", "It is getting better day by day")] {
                div class="check" {
                    input type="checkbox" id=(dom_id(name)) name=(name) checked[fields.checked(name)];
                    label for=(dom_id(name)) { (label) }
                }
            }
            fieldset {
                legend { "Warning signs: tick any that apply" }
                (red_flag_checks("frf", fields))
            }
            button type="submit" { "What should I do?" }
        }
    }
}

pub(crate) async fn flare_form(Viewer(viewer): Viewer) -> Response {
    page(
        Some(&viewer),
        "It hurts",
        flare_page(&viewer, &Fields::default(), &Problems::default(), None),
    )
    .into_response()
}

pub(crate) async fn flare(
    State(state): State<AppState>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let mut problems = Problems::default();
    let today = viewer.today(state.now());
    let onset = fields.get("onset").trim();
    if onset.is_empty() {
        problems.add("onset", "enter the day the pain started");
    }
    let body = json!({
        "as_of": today.to_string(),
        "onset": onset,
        "pain_now": whole(&fields, "pain_now", &mut problems).unwrap_or(0),
        "leg_symptoms": if fields.get("leg_symptoms").is_empty() { "none" } else { fields.get("leg_symptoms") },
        "numbness_or_weakness": fields.checked("numbness_or_weakness"),
        "red_flags": fields.all("red_flags"),
        "disc_bulge_known": fields.checked("disc_bulge_known"),
        "improving": fields.checked("improving"),
    });
    let mut result = None;
    if problems.is_empty() {
        match resilift_api::other::flare(&body.to_string(), state.rules()) {
            Ok(response) => result = serde_json::to_value(response).ok(),
            Err(errors) => problems = Problems::from_error(&ApiError::from(errors)),
        }
    }
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (
        status,
        page(
            Some(&viewer),
            "It hurts",
            flare_page(&viewer, &fields, &problems, result.as_ref()),
        ),
    )
        .into_response()
}

// ----- risk profile -------------------------------------------------------------------------

fn risk_page(
    viewer: &Principal,
    fields: &Fields,
    problems: &Problems,
    result: Option<&Value>,
) -> Markup {
    let quality = [("good", "Good"), ("fair", "Fair"), ("poor", "Poor")];
    html! {
        h1 { "My risk profile" }
        p { "Which factors linked with disc wear and back trouble apply to you, which you can change, and how strong the evidence is." }
        @if let Some(result) = result {
            @if let Some(factors) = result["factors"].as_array() {
                ul class="reasons" {
                    @for f in factors {
                        li {
                            p { (f["message"].as_str().unwrap_or("")) }
                            p class="small" {
                                @if f["modifiable"] == json!(true) { "You can change this. " } @else { "You cannot change this. " }
                                "Strength of evidence: " (f["strength"].as_str().unwrap_or("").replace('_', " "))
                                " · rule " code { (f["rule"].as_str().unwrap_or("")) }
                            }
                            (super::evidence_list(&f["evidence"]))
                        }
                    }
                }
            }
            hr;
        }
        (problem_summary(problems))
        form method="post" action="/risk" novalidate {
            (csrf_field(viewer))
            (number_input(fields, problems, "height_cm", "Height (cm)", None, ("50", "250", "any")))
            (number_input(fields, problems, "weight_kg", "Weight (kg)", None, ("20", "400", "any")))
            @for (name, label) in [("family_history", "Parents or siblings have had back trouble"), ("smoking", "I smoke"), ("repetitive_bending_at_work", "My work involves a lot of repeated bending"), ("lifting_while_twisting", "I often lift while twisting")] {
                div class="check" {
                    input type="checkbox" id=(dom_id(name)) name=(name) checked[fields.checked(name)];
                    label for=(dom_id(name)) { (label) }
                }
            }
            @for (name, label) in [("diet", "Diet"), ("sleep.quality", "Sleep quality")] {
                div class="field" {
                    label for=(dom_id(name)) { (label) }
                    select id=(dom_id(name)) name=(name) {
                        @for (value, text) in quality { option value=(value) selected[fields.get(name) == value] { (text) } }
                    }
                }
            }
            (number_input(fields, problems, "sleep.hours", "Usual hours of sleep a night", None, ("0", "24", "0.5")))
            div class="field" {
                label for=(dom_id("activity")) { "Activity" }
                select id=(dom_id("activity")) name="activity" {
                    @for (value, text) in [("sedentary", "Mostly sitting"), ("light", "Light"), ("moderate", "Moderate"), ("active", "Active")] {
                        option value=(value) selected[fields.get("activity") == value] { (text) }
                    }
                }
            }
            (number_input(fields, problems, "sitting.hours_per_day", "Hours a day sitting", None, ("0", "24", "0.5")))
            div class="check" {
                input type="checkbox" id=(dom_id("sitting.breaks")) name="sitting.breaks" checked[fields.checked("sitting.breaks")];
                label for=(dom_id("sitting.breaks")) { "I break up long sitting" }
            }
            (number_input(fields, problems, "previous_episodes", "Earlier episodes of back pain", None, ("0", "100", "1")))
            button type="submit" { "Show my profile" }
        }
    }
}

pub(crate) async fn risk_form(Viewer(viewer): Viewer) -> Response {
    page(
        Some(&viewer),
        "Risk profile",
        risk_page(&viewer, &Fields::default(), &Problems::default(), None),
    )
    .into_response()
}

pub(crate) async fn risk(
    State(state): State<AppState>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let mut problems = Problems::default();
    let pick = |name: &str, default: &'static str| -> String {
        if fields.get(name).is_empty() {
            default.to_owned()
        } else {
            fields.get(name).to_owned()
        }
    };
    let body = json!({
        "height_cm": decimal(&fields, "height_cm", &mut problems),
        "weight_kg": decimal(&fields, "weight_kg", &mut problems),
        "family_history": fields.checked("family_history"),
        "smoking": fields.checked("smoking"),
        "diet": pick("diet", "good"),
        "sleep": {"hours": decimal(&fields, "sleep.hours", &mut problems).unwrap_or(7.5), "quality": pick("sleep.quality", "good")},
        "activity": pick("activity", "moderate"),
        "sitting": {"hours_per_day": decimal(&fields, "sitting.hours_per_day", &mut problems).unwrap_or(0.0), "breaks": fields.checked("sitting.breaks")},
        "repetitive_bending_at_work": fields.checked("repetitive_bending_at_work"),
        "lifting_while_twisting": fields.checked("lifting_while_twisting"),
        "previous_episodes": whole(&fields, "previous_episodes", &mut problems).unwrap_or(0),
    });
    let mut result = None;
    if problems.is_empty() {
        match resilift_api::other::risk(&body.to_string(), state.rules()) {
            Ok(response) => result = serde_json::to_value(response).ok(),
            Err(errors) => problems = Problems::from_error(&ApiError::from(errors)),
        }
    }
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (
        status,
        page(
            Some(&viewer),
            "Risk profile",
            risk_page(&viewer, &fields, &problems, result.as_ref()),
        ),
    )
        .into_response()
}

// ----- progress -----------------------------------------------------------------------------

/// A number without trailing zeros.
fn num(value: &Value) -> String {
    value
        .as_f64()
        .map_or_else(String::new, resilift_core::prescribe::fmt_load)
}

fn date_of(value: &Value) -> Option<NaiveDate> {
    value.as_str()?.parse().ok()
}

fn points(items: &[Value], key: &str) -> Vec<(NaiveDate, f64)> {
    items
        .iter()
        .filter_map(|s| Some((date_of(&s["date"])?, s[key].as_f64()?)))
        .collect()
}

/// Charts and history from a progress series (shared with the clinician's client page).
pub(crate) fn progress_markup(progress: &Value) -> Markup {
    let sessions = progress["sessions"].as_array().cloned().unwrap_or_default();
    let units = progress["units"].as_str().unwrap_or("kg");
    let markers: Vec<NaiveDate> = progress["rung_changes"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| date_of(&c["date"])).collect())
        .unwrap_or_default();
    let holds = progress["holds"].as_array().cloned().unwrap_or_default();
    let scores = progress["scores"].as_array().cloned().unwrap_or_default();
    let load_chart = charts::line_chart(
        units,
        &[
            Series {
                name: "estimated 1RM",
                colour: charts::BLUE,
                points: points(&sessions, "e1rm"),
            },
            Series {
                name: "working load",
                colour: charts::ORANGE,
                points: points(&sessions, "working_load"),
            },
        ],
        &markers,
        Some(0.0),
        None,
    );
    let pain_chart = charts::line_chart(
        "pain 0-10",
        &[
            Series {
                name: "worst during",
                colour: charts::PURPLE,
                points: points(&sessions, "pain_during"),
            },
            Series {
                name: "next morning",
                colour: charts::GREEN,
                points: points(&sessions, "pain_next_morning"),
            },
        ],
        &markers,
        Some(0.0),
        Some(10.0),
    );
    let hold_series: Vec<Series> = [
        ("biering_sorensen", "Biering-Sørensen", charts::BLUE),
        ("mcgill_extension", "McGill extensors", charts::GREEN),
        ("mcgill_flexion", "McGill flexors", charts::ORANGE),
    ]
    .into_iter()
    .map(|(test, name, colour)| Series {
        name,
        colour,
        points: holds
            .iter()
            .filter(|h| h["test"] == test)
            .filter_map(|h| Some((date_of(&h["date"])?, h["seconds"].as_f64()?)))
            .collect(),
    })
    .filter(|s| !s.points.is_empty())
    .collect();
    let hold_chart = charts::line_chart("seconds", &hold_series, &[], Some(0.0), None);
    let score_series: Vec<Series> = [
        ("odi", "ODI %", charts::BLUE),
        ("rmdq", "RMDQ", charts::ORANGE),
        ("tsk11", "TSK-11", charts::PURPLE),
        ("nprs", "pain scale", charts::GREEN),
    ]
    .into_iter()
    .map(|(instrument, name, colour)| Series {
        name,
        colour,
        points: scores
            .iter()
            .filter(|s| s["instrument"] == instrument)
            .filter_map(|s| Some((date_of(&s["date"])?, s["value"].as_f64()?)))
            .collect(),
    })
    .filter(|s| !s.points.is_empty())
    .collect();
    let score_chart = charts::line_chart("score", &score_series, &[], Some(0.0), None);
    let figure = |title: &str, chart: Option<String>, summary: String| {
        html! {
            figure class="chart" {
                figcaption { (title) }
                @match chart {
                    Some(svg_text) => { div role="img" aria-label=(summary) { (svg(svg_text)) } }
                    None => { p class="small" { "Nothing to chart yet." } }
                }
            }
        }
    };
    let last = sessions.last();
    html! {
        (figure("Estimated 1RM and working load (dashed lines: rung changes)", load_chart,
            last.map_or_else(|| "No sessions yet".to_owned(), |s| format!("{} sessions; latest estimated 1RM {} {units}, working load {} {units}", sessions.len(), s["e1rm"], s["working_load"]))))
        (figure("Pain during and the next morning", pain_chart,
            last.map_or_else(|| "No sessions yet".to_owned(), |s| format!("Latest session: worst during {}, next morning {}", s["pain_during"], s["pain_next_morning"]))))
        (figure("Hold times", hold_chart, format!("{} hold results", holds.len())))
        (figure("Questionnaire scores", score_chart, format!("{} questionnaire results", scores.len())))
        h2 { "Sessions" }
        @if sessions.is_empty() { p { "No sessions logged yet." } } @else {
            div class="table-wrap" role="region" tabindex="0" aria-label="Session history" {
                table {
                    thead { tr { th scope="col" { "Day" } th scope="col" { "Exercise" } th scope="col" { "Top load" } th scope="col" { "e1RM" } th scope="col" { "Pain during" } th scope="col" { "Next morning" } th scope="col" { "Response" } } }
                    tbody {
                        @for s in sessions.iter().rev() {
                            tr {
                                td { (s["date"].as_str().unwrap_or("")) }
                                td { (stage_label(s["exercise"].as_str().unwrap_or(""))) }
                                td { (num(&s["working_load"])) " " (units) }
                                td { @if s["e1rm"].is_null() { "—" } @else { (num(&s["e1rm"])) } }
                                td { (s["pain_during"]) }
                                td { @if s["pain_next_morning"].is_null() { "—" } @else { (s["pain_next_morning"]) } }
                                td { (chip(s["pain_colour"].as_str().unwrap_or(""))) }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Screenings" }
        @if let Some(list) = progress["screenings"].as_array().filter(|l| !l.is_empty()) {
            ul { @for s in list.iter().rev() { li { (s["date"].as_str().unwrap_or("")) ": " (stage_label(s["decision"].as_str().unwrap_or(""))) } } }
        } @else { p { "No screenings yet." } }
    }
}

pub(crate) async fn progress(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    let Some(lifter) = lifter_only(&viewer) else {
        return Redirect::to("/clients").into_response();
    };
    match views::progress(&state, lifter).await {
        Ok(progress) => page(
            Some(&viewer),
            "Progress",
            html! { h1 { "Progress" } (progress_markup(&progress)) },
        )
        .into_response(),
        Err(error) => refusal(&viewer, &error),
    }
}
