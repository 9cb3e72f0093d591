//! A lifter's pages: home with check-ins, screening and verdict, this week, logging, session
//! results, post-lift triage, risk profile, progress, and the evidence pages.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{Markup, html};
use resilift_core::domain::{HealthItem, RedFlag};
use resilift_core::form::{CHECKLIST, Fault};

use super::charts::{self, Series};
use super::forms::SET_ROWS;
use super::{
    Fields, LifterPosted, LifterViewer, Posted, Problems, Viewer, chip, csrf_field, dom_id,
    field_problems, number_input, page, pain_choice, problem_summary, reason_list, refusal,
    stop_set_box, svg, urgent_banner,
};
use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::service::sessions::CheckIn;
use crate::views::{self, PlanView};
use resilift_api::flare::TriageSubmission;
use resilift_api::next::NextResponse;
use resilift_api::next::SessionDto;
use resilift_api::score::{ScoreRequest, ScoreResult};
use resilift_api::screen::StageDto;
use resilift_api::screen::{
    ProgrammeItemDto, QuestionnairesDto, ScreeningRecord, ScreeningSubmission, SexDto, StartBackDto,
};
use resilift_api::words::{ColourDto, PlanDecisionDto, ScreenDecisionDto, UrgencyDto, Words as _};

// ----- home ---------------------------------------------------------------------------------

/// What comes first after a stop: the urgent screening decision, else the plan's urgency.
fn urgency_of(
    screening: Option<&views::ScreeningView>,
    plan: Option<&PlanView>,
) -> Option<UrgencyDto> {
    let urgent = screening.and_then(|s| match s.result.decision {
        ScreenDecisionDto::Emergency => Some(UrgencyDto::Emergency),
        ScreenDecisionDto::SameDay => Some(UrgencyDto::SameDay),
        ScreenDecisionDto::SeeClinician => Some(UrgencyDto::SeeClinician),
        _ => None,
    });
    urgent.or_else(|| {
        let plan = &plan?.plan;
        (plan.decision == PlanDecisionDto::Stop).then(|| plan.urgency.unwrap_or(UrgencyDto::Triage))
    })
}

/// The next-morning check-in: pain this morning, the cauda-equina questions and leg symptoms.
fn check_in_form(viewer: &Principal, id: &str, fields: &Fields, problems: &Problems) -> Markup {
    html! {
        form method="post" action=(format!("/sessions/{id}/check-in")) novalidate {
            (csrf_field(viewer))
            (pain_choice(fields, problems, "next_morning", "Back pain this morning"))
            fieldset id=(dom_id("red_flags")) {
                legend { "Since the session, have you noticed any of these?" }
                (field_problems(problems, "red_flags"))
                @for flag in RedFlag::CAUDA_EQUINA {
                    @let box_id = format!("ci-{id}-{}", flag.id());
                    div class="check" {
                        input type="checkbox" id=(box_id) name="red_flags" value=(flag.id()) checked[fields.has("red_flags", flag.id())];
                        label for=(box_id) { (flag.question()) }
                    }
                }
                div class="check confirm" {
                    input type="checkbox" id=(format!("ci-{id}-none")) name="red_flags_none" value="yes" checked[fields.checked("red_flags_none")];
                    label for=(format!("ci-{id}-none")) { strong { "None of these" } }
                }
            }
            (leg_question("leg_symptoms", &format!("ci-{id}-leg"), fields, problems, "Since the session, has pain, tingling or numbness spread into a leg?"))
            button type="submit" { "Save check-in" }
        }
    }
}

pub(crate) async fn home(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
) -> Response {
    let lifter = viewer.id();
    let today = viewer.today(state.now());
    let screening = state
        .store()
        .latest_screening(lifter)
        .await
        .map_err(ApiError::from)
        .and_then(|s| s.as_ref().map(views::screening_view).transpose());
    let pending = pending_check_ins(&state, lifter).await;
    let next = views::next_session(&state, lifter).await;
    let urgency = urgency_of(
        screening.as_ref().ok().and_then(Option::as_ref),
        next.as_ref().ok(),
    );
    let overrides = state
        .store()
        .overrides(lifter)
        .await
        .map_err(ApiError::from);
    let number = state.settings().emergency_number.as_deref();
    page(
        Some(&viewer),
        "Home",
        html! {
            @if let Some(urgency) = urgency {
                h1 { "Loading has stopped" }
                (urgent_banner(urgency, number))
            } @else {
                h1 { "Hello" }
            }
            @if let Err(error) = &pending { (super::unavailable("your morning check-ins", error)) }
            @for (row, dto) in pending.iter().flatten().take(1) {
                section class="card prompt" aria-labelledby=(format!("checkin-{}", row.id)) {
                    h2 id=(format!("checkin-{}", row.id)) { "Morning check-in for " (long_date(row.date)) }
                    @if row.date < today {
                        p { "How does your back feel this morning, compared with before that session (" (dto.pain.before) " out of 10)? The next session waits for this answer." }
                    } @else {
                        p { "Answer tomorrow morning, once you are up and about: how does your back feel compared with before the session (" (dto.pain.before) " out of 10)?" }
                    }
                    (check_in_form(&viewer, &row.id, &Fields::default(), &Problems::default()))
                }
            }
            @if let Err(error) = &overrides { (super::unavailable("your clinician's notes", error)) }
            @if let Some(o) = overrides.as_ref().ok().and_then(|o| o.first()) {
                section class="card note" {
                    h2 { "Note from your clinician" }
                    p { (o.note) }
                    @if let Some(stage) = o.stage.as_deref().and_then(|s| resilift_core::domain::Stage::parse(s).ok()) { p { "They set your rung to " strong { (StageDto::from(stage).words()) } "." } }
                    @if let Some(cleared) = o.cleared_flags.as_deref().and_then(|t| serde_json::from_str::<Vec<String>>(t).ok()).filter(|c| !c.is_empty()) {
                        p { "They cleared you for loading with: " (cleared_words(&cleared)) ". This applies from your next screening." }
                    }
                }
            }
            section class="card" {
                h2 { "Your screening" }
                @match &screening {
                    Err(error) => { (super::unavailable("your latest screening", error)) }
                    Ok(None) => {
                        p { "Start with a short screening: warning signs, your health, your pain, your history and a back-endurance hold. It decides where you begin." }
                        a class="button" href="/screen" { "Start the screening" }
                    }
                    Ok(Some(s)) => {
                        p { (s.result.headline) }
                        p { a href=(format!("/screenings/{}", s.id)) { "See why" } " · " a href="/screen" { "Screen again" }
                            @if let Some(next) = s.result.next_screen.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) { " (next due " (long_date(next)) ")" } }
                    }
                }
            }
            @if let (Ok(plan), None) = (&next, &urgency) {
                section class="card" {
                    h2 { "This week" }
                    p { (decision_sentence(&plan.plan)) }
                    a class="button" href="/week" { @if plan.plan.exercise == StageDto::Foundation { "See the foundation programme" } @else { "See the session" } }
                    @if plan.plan.exercise != StageDto::Foundation && plan.plan.decision != PlanDecisionDto::Rescreen {
                        " "
                        a class="button secondary" href="/log" { "Log a session" }
                    }
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

/// A day as people write it: "Tuesday 24 November 2026".
pub(crate) fn long_date(day: NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

/// Cleared ids in plain words.
fn cleared_words(ids: &[String]) -> String {
    ids.iter()
        .filter_map(|id| resilift_core::domain::Clearable::parse(id).ok())
        .map(|c| c.question().to_lowercase())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Sessions still waiting for their next-morning check-in, newest first.
async fn pending_check_ins(
    state: &AppState,
    lifter: &str,
) -> Result<Vec<(resilift_store::Session, resilift_api::next::SessionDto)>, ApiError> {
    let recent = state.store().sessions(lifter, None, 10).await?.items;
    let mut pending = Vec::new();
    for row in recent {
        let (dto, _) = views::parse_session(&row)?;
        if dto.pain.next_morning.is_none() {
            pending.push((row, dto));
        }
    }
    Ok(pending)
}

fn decision_sentence(plan: &NextResponse) -> String {
    let exercise = plan.exercise.words();
    let date = plan
        .date
        .parse::<NaiveDate>()
        .map_or_else(|_| String::new(), long_date);
    match plan.decision {
        PlanDecisionDto::Calibrate => format!("Next: a calibration session of {exercise} on or after {date}, to find your working loads."),
        PlanDecisionDto::Progress => format!("Next: {exercise} on or after {date}, a little heavier than last time."),
        PlanDecisionDto::Hold => format!("Next: {exercise} on or after {date}, at the same load as last time."),
        PlanDecisionDto::Reduce => format!("Next: {exercise} on or after {date}, lighter than last time."),
        PlanDecisionDto::Regress => format!("Next: step back to {exercise}, and screen again."),
        PlanDecisionDto::WaitForCheckIn => "Answer the morning check-in for your last session first; the plan below stays at your last load until then.".to_owned(),
        PlanDecisionDto::Rescreen if plan.exercise == StageDto::Foundation => format!("Keep up the foundation programme, and take the screening again on or after {date}."),
        PlanDecisionDto::Rescreen => format!("Take the screening again before the next loaded session (on or after {date})."),
        PlanDecisionDto::Stop => "Loading has stopped: follow the instruction at the top of the page.".to_owned(),
    }
}

// ----- screening ----------------------------------------------------------------------------

const LEG: [(&str, &str); 3] = [
    ("none", "No"),
    ("above_knee", "Yes, into the thigh, not below the knee"),
    ("below_knee", "Yes, below the knee"),
];

/// One checkbox per red flag, in plain words, keeping what was ticked, and the explicit
/// "none of these" confirmation.
fn red_flag_checks(prefix: &str, fields: &Fields, problems: &Problems) -> Markup {
    html! {
        (field_problems(problems, "red_flags"))
        @for flag in RedFlag::ALL {
            @let id = format!("{prefix}-{}", flag.id());
            div class="check" {
                input type="checkbox" id=(id) name="red_flags" value=(flag.id()) checked[fields.has("red_flags", flag.id())];
                label for=(id) { (flag.question()) }
            }
        }
        div class="check confirm" {
            input type="checkbox" id=(format!("{prefix}-none")) name="red_flags_none" value="yes" checked[fields.checked("red_flags_none")];
            label for=(format!("{prefix}-none")) { strong { "I have read each one: none of these apply" } }
        }
    }
}

/// The leg-symptom question with nothing chosen until the person chooses.
fn leg_question(
    name: &str,
    prefix: &str,
    fields: &Fields,
    problems: &Problems,
    legend: &str,
) -> Markup {
    html! {
        fieldset id=(dom_id(name)) {
            legend { (legend) }
            (field_problems(problems, name))
            @for (value, label) in LEG {
                @let id = format!("{prefix}-{value}");
                div class="check" {
                    input type="radio" id=(id) name=(name) value=(value) checked[fields.get(name) == value];
                    label for=(id) { (label) }
                }
            }
        }
    }
}

/// Fields from a stored screening record, to start the next screening from the last answers.
/// Warning signs, health answers, pain now and clearances are asked afresh every time.
fn fields_from_record(record: &ScreeningRecord) -> Fields {
    let text = |value: Option<String>| value.unwrap_or_default();
    let yes_no = |value: bool| if value { "yes" } else { "no" }.to_owned();
    Fields(vec![
        (
            "person.age".into(),
            text(record.person.age.map(|v| v.to_string())),
        ),
        (
            "person.sex".into(),
            text(record.person.sex.map(|sex| match sex {
                SexDto::Female => "female".to_owned(),
                SexDto::Male => "male".to_owned(),
                SexDto::Other => "other".to_owned(),
            })),
        ),
        (
            "person.height_cm".into(),
            text(record.person.height_cm.map(|v| v.to_string())),
        ),
        (
            "person.weight_kg".into(),
            text(record.person.weight_kg.map(|v| v.to_string())),
        ),
        (
            "pain.current_episode_onset".into(),
            text(record.pain.current_episode_onset.clone()),
        ),
        (
            "pain.previous_episodes".into(),
            record.pain.previous_episodes.to_string(),
        ),
        ("disc.diagnosed".into(), yes_no(record.disc.diagnosed)),
        (
            "training.coached_sessions".into(),
            record.training.coached_sessions.to_string(),
        ),
    ])
}

pub(crate) async fn screen_form(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
) -> Response {
    let lifter = viewer.id();
    let mut fields = Fields::default();
    match state.store().latest_screening(lifter).await {
        Ok(Some(last)) => match serde_json::from_str::<ScreeningRecord>(&last.input) {
            Ok(record) => fields = fields_from_record(&record),
            Err(error) => {
                tracing::error!(%error, screening = %last.id, "stored screening record unreadable");
            }
        },
        Ok(None) => {}
        Err(error) => tracing::error!(%error, "could not load the last screening"),
    }
    // A fresh hold is asked for every time; one timed in the last two weeks is offered.
    let since = viewer.today(state.now()) - chrono::Duration::days(14);
    match state
        .store()
        .latest_assessment(lifter, "biering_sorensen")
        .await
    {
        Ok(Some(hold)) if hold.taken_on >= since => {
            if let Ok(ScoreResult::BieringSorensen { seconds, .. }) =
                serde_json::from_str(&hold.result)
            {
                fields
                    .0
                    .push(("tests.biering_sorensen_s".into(), seconds.to_string()));
            }
        }
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "could not load the last extensor hold"),
    }
    page(
        Some(&viewer),
        "Screening",
        screen_page(&viewer, &fields, &Problems::default()),
    )
    .into_response()
}

fn screen_page(viewer: &Principal, fields: &Fields, problems: &Problems) -> maud::Markup {
    html! {
        h1 { "Screening" }
        p { "About five minutes. Answer for how things are today. Nothing here is a diagnosis; it decides where a safe start is." }
        (problem_summary(problems))
        form method="post" action="/screen" novalidate {
            (csrf_field(viewer))
            fieldset id=(dom_id("red_flags")) {
                legend { h2 { "1. Warning signs" } }
                p { "Tick every one that is true for you now. These come first because they change everything else." }
                (red_flag_checks("rf", fields, problems))
            }
            fieldset id=(dom_id("health")) {
                legend { h2 { "2. Your general health" } }
                p { "Heavy lifting and bracing raise blood pressure sharply, so these matter too. Tick every one that is true for you now." }
                (field_problems(problems, "health"))
                @for item in HealthItem::ALL {
                    @let id = format!("h-{}", item.id());
                    div class="check" {
                        input type="checkbox" id=(id) name="health" value=(item.id()) checked[fields.has("health", item.id())];
                        label for=(id) { (item.question()) }
                    }
                }
                div class="check confirm" {
                    input type="checkbox" id="h-none" name="health_none" value="yes" checked[fields.checked("health_none")];
                    label for="h-none" { strong { "I have read each one: none of these apply" } }
                }
            }
            fieldset {
                legend { h2 { "3. You and your back now" } }
                (number_input(fields, problems, "person.age", "Your age", Some("Age matters for a few warning signs: under 18, and a first episode of back pain from 50."), ("0", "120", "1")))
                div class="field" {
                    label for=(dom_id("pain.current_episode_onset")) { "If your back is sore at the moment, when did this episode start?" }
                    p class="hint" { "Leave empty if you have no current episode. If it flared up again after a lift, give that day." }
                    (field_problems(problems, "pain.current_episode_onset"))
                    input type="date" id=(dom_id("pain.current_episode_onset")) name="pain.current_episode_onset" value=(fields.get("pain.current_episode_onset"));
                }
                (pain_choice(fields, problems, "pain.now", "Back pain right now"))
                (number_input(fields, problems, "pain.previous_episodes", "How many earlier episodes of back pain have you had?", Some("Episodes that stopped you doing normal things for a day or more."), ("0", "100", "1")))
                (leg_question("pain.leg_symptoms", "leg", fields, problems, "Does pain, tingling or numbness spread into a leg?"))
                div class="check" {
                    input type="checkbox" id=(dom_id("radicular_cleared")) name="radicular_cleared" checked[fields.checked("radicular_cleared")];
                    label for=(dom_id("radicular_cleared")) { "A clinician has examined my leg symptoms and cleared me for loaded exercise" }
                }
            }
            fieldset {
                legend { h2 { "4. Disc problems" } }
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
                legend { h2 { "5. Back-extensor endurance" } }
                p { "The Biering-Sørensen hold: how long you can hold your trunk level, face down over the end of a bench. Skip it if you ticked a warning sign or a health question, are in the first two weeks of an episode, or are pregnant. " a href="/assess/biering_sorensen" { "Use the timer" } " and come back, or type the time." }
                (number_input(fields, problems, "tests.biering_sorensen_s", "Hold time, in seconds", Some("Leave empty if you have not done it; you will start with foundation work."), ("0", "600", "1")))
            }
            fieldset {
                legend { h2 { "6. Coaching" } }
                p class="hint" { "Your rung on the ladder comes from your record: your screenings, your clinician's changes and the clean sessions you log." }
                (number_input(fields, problems, "training.coached_sessions", "Technique sessions with a coach or physiotherapist so far", None, ("0", "500", "1")))
            }
            details {
                summary { "About you (optional)" }
                p class="hint" { "Sex and body size never change the decision; they are kept for your clinician and your risk profile." }
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

/// Questionnaire answers from the lifter's latest assessments, for the screening record.
async fn questionnaires(state: &AppState, lifter: &str) -> ApiResult<QuestionnairesDto> {
    let mut out = QuestionnairesDto::default();
    for instrument in ["startback", "tsk11", "odi"] {
        let Some(stored) = state.store().latest_assessment(lifter, instrument).await? else {
            continue;
        };
        match serde_json::from_str(&stored.answers).map_err(|e| ApiError::internal(&e))? {
            ScoreRequest::Startback { agree, bothersome } => {
                out.startback = Some(StartBackDto { agree, bothersome });
            }
            ScoreRequest::Tsk11 { answers, .. } => out.tsk11 = Some(answers),
            ScoreRequest::Odi { answers, .. } => out.odi = Some(answers),
            _ => {}
        }
    }
    Ok(out)
}

pub(crate) async fn screen(
    State(state): State<AppState>,
    LifterPosted { viewer, fields }: LifterPosted,
) -> Response {
    let lifter = viewer.id();
    let saved = match ScreeningSubmission::try_from(&fields) {
        Ok(mut submission) => match questionnaires(&state, lifter).await {
            Ok(answers) => {
                submission.questionnaires = answers;
                crate::service::screenings::save_screening(
                    &state,
                    lifter,
                    viewer.today(state.now()),
                    submission,
                )
                .await
                .map_err(|error| Problems::from_error(&error))
            }
            Err(error) => Err(Problems::from_error(&error)),
        },
        Err(problems) => Err(problems),
    };
    match saved {
        Ok(screening) => Redirect::to(&format!("/screenings/{}", screening.id)).into_response(),
        Err(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            page(
                Some(&viewer),
                "Screening",
                screen_page(&viewer, &fields, &problems),
            ),
        )
            .into_response(),
    }
}

/// The foundation programme: each exercise in plain words, its dose and how it progresses.
pub(crate) fn programme_markup(items: &[ProgrammeItemDto], retest: Option<&str>) -> Markup {
    html! {
        @if !items.is_empty() {
            section class="card programme" aria-labelledby="programme-title" {
                h2 id="programme-title" { "Your foundation programme" }
                p { "Daily or on most days. Stop any exercise that brings on sharp pain or pain spreading into a leg." }
                ol {
                    @for item in items {
                        li {
                            p { strong { (item.name) } ": " (item.dose) }
                            p { (item.how) }
                            p class="small" { (item.progression) }
                        }
                    }
                }
                @if let Some(day) = retest.and_then(|d| d.parse::<NaiveDate>().ok()) {
                    p { "Retest your back-extension hold and take the screening again on or after " strong { (long_date(day)) } "." }
                }
                p class="small" { "The pyramid numbers are a clinical default, not a tested dose. Exercise for back pain as a whole is supported by trials and guidelines." }
                @if let Some(first) = items.first() {
                    (reason_list(&[resilift_api::ReasonDto { rule: first.id.clone(), evidence: first.evidence.clone(), message: first.message.clone() }]))
                }
            }
        }
    }
}

pub(crate) async fn verdict(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
) -> Response {
    let lifter = viewer.id();
    let screening = match state.store().screening(lifter, &id).await {
        Ok(Some(screening)) => screening,
        Ok(None) => return refusal(&viewer, &ApiError::not_found("screening")),
        Err(error) => return refusal(&viewer, &error.into()),
    };
    let view = match views::screening_view(&screening) {
        Ok(view) => view,
        Err(error) => return refusal(&viewer, &error),
    };
    let result = &view.result;
    let decision = result.decision;
    let urgent = urgency_of(Some(&view), None);
    let number = state.settings().emergency_number.as_deref();
    page(
        Some(&viewer),
        "Your result",
        html! {
            @if let Some(urgency) = urgent {
                h1 { "Your result" }
                (urgent_banner(urgency, number))
                h2 { "What you reported" }
                (reason_list(&result.reasons))
                @if !result.advice.is_empty() {
                    (super::advice_list(&result.advice))
                }
            } @else {
                section class=(format!("verdict verdict-{}", decision.code())) {
                    h1 { "Your result: " (decision.words()) }
                    p class="lead" { (result.headline) }
                }
                @if decision == ScreenDecisionDto::Foundation {
                    (programme_markup(&result.programme, result.next_screen.as_deref()))
                }
                h2 { "Why" }
                (reason_list(&result.reasons))
                @if !result.advice.is_empty() {
                    h2 { "Advice" }
                    (super::advice_list(&result.advice))
                }
                @if let Some(next) = result.next_screen.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) {
                    p { "Screen again on or after " strong { (long_date(next)) } "." }
                }
                @let loaded = decision.rung().is_some_and(|r| r != StageDto::Foundation);
                @if loaded {
                    p class="notice" { "Loads are rounded to what you can actually lift: check your bar weights, smallest plates and kettlebells under " a href="/account" { "My data" } "." }
                }
                p class="actions" {
                    @if loaded {
                        a class="button" href="/week" { "See this week's session" }
                    }
                    " " a class="button secondary" href="/home" { "Home" }
                }
            }
            p class="small" { "Screened on " (long_date(screening.as_of)) " under " (ruleset_words(&screening.rules_version)) "." }
        },
    )
    .into_response()
}

/// The rule-set version a decision was made under, in words.
pub(crate) fn ruleset_words(version: &str) -> String {
    match version.split('+').next().unwrap_or(version) {
        "2" => "rule-set version 2".to_owned(),
        _ => "rule-set version 1 (before November 2026)".to_owned(),
    }
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
            p { (citation.authors) " (" (super::year_of(citation)) "). " em { (citation.venue) } "." }
            p { "Kind of evidence: " strong { (citation.level.label()) } ": " (citation.level.describe()) "." }
            h2 { "What it shows" }
            p { (citation.shows) }
            h2 { "What it does not show" }
            p { (citation.does_not_show) }
            p class="small" { @if citation.verified { "This record was checked against the published source." } @else { "This record could not be checked against the published source." } }
            @if !citation.link.is_empty() { p { "Source: " a href=(citation.link) rel="noopener" { (citation.link) } } }
        },
    )
    .into_response()
}

// ----- this week ----------------------------------------------------------------------------

fn plates(load: f64, plan: &NextResponse) -> Option<String> {
    let bar = plan.bar?;
    let units = resilift_core::prescribe::Units::from(plan.units);
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

/// A plan that has sets to lift (or a calibration to find them).
fn lifts(plan: &NextResponse) -> bool {
    !plan.sets.is_empty() || plan.decision == PlanDecisionDto::Calibrate
}

pub(crate) fn plan_markup(view: &PlanView) -> Markup {
    let plan = &view.plan;
    let units = plan.units.as_str();
    let bell = plan.exercise == StageDto::Kettlebell;
    let stopped = plan.decision == PlanDecisionDto::Stop;
    let fmt = resilift_core::prescribe::fmt_load;
    html! {
        @if !stopped {
            p class="lead" { (decision_sentence(plan)) }
        }
        @if let Some(o) = &view.clinician_override {
            div class="card note" { h2 { "From your clinician" } p { (o.note) } }
        }
        @if !stopped && plan.exercise == StageDto::Foundation {
            (programme_markup(&plan.programme, Some(&plan.date)))
        }
        @if lifts(plan) {
            (stop_set_box())
        }
        @if plan.decision == PlanDecisionDto::Calibrate {
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
        @if !plan.warmups.is_empty() {
            h2 { "Warm-up" }
            div class="table-wrap" role="region" tabindex="0" aria-label="Warm-up sets" { table {
                thead { tr { th scope="col" { "Load" } th scope="col" { "Reps" } th scope="col" { @if bell { "Bell" } @else { "Plates" } } } }
                tbody {
                    @for set in &plan.warmups {
                        tr { td { (fmt(set.load)) " " (units) } td { (set.reps) } td { @if bell { "pick up the " (fmt(set.load)) " " (units) " bell" } @else { (plates(set.load, plan).unwrap_or_default()) } } }
                    }
                }
            } }
        }
        @if !plan.sets.is_empty() {
            h2 { "Working sets" }
            div class="table-wrap" role="region" tabindex="0" aria-label="Working sets" { table {
                thead { tr { th scope="col" { "Set" } th scope="col" { "Load" } th scope="col" { "Reps" } th scope="col" { "Effort" } th scope="col" { @if bell { "Bell" } @else { "Plates" } } } }
                tbody {
                    @for (index, set) in plan.sets.iter().enumerate() {
                        tr { td { (index + 1) } td { (fmt(set.load)) " " (units) } td { (set.reps) } td { "RPE " (fmt(set.target_rpe)) } td { @if bell { (fmt(set.load)) " " (units) " bell" } @else { (plates(set.load, plan).unwrap_or_default()) } } }
                    }
                }
            } }
            @if let Some(e1rm) = plan.e1rm { p class="small" { "Estimated 1RM in use: " (fmt(e1rm)) " " (units) " (never tested directly)." } }
        }
        @if !plan.cues.is_empty() {
            h2 { "Cues" }
            ul { @for cue in &plan.cues { li { (cue) } } }
        }
        @if lifts(plan) {
            h2 { "Set-up and bracing, every rep" }
            ol class="checklist" { @for step in CHECKLIST { li { (step) } } }
        }
        h2 { "Why" }
        (reason_list(&plan.reasons))
    }
}

pub(crate) async fn week(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
) -> Response {
    let lifter = viewer.id();
    let number = state.settings().emergency_number.as_deref();
    let screening = match state.store().latest_screening(lifter).await {
        Ok(screening) => screening,
        Err(error) => return refusal(&viewer, &error.into()),
    };
    let screening = match screening.as_ref().map(views::screening_view).transpose() {
        Ok(screening) => screening,
        Err(error) => return refusal(&viewer, &error),
    };
    let plan = views::next_session(&state, lifter).await;
    let urgency = urgency_of(screening.as_ref(), plan.as_ref().ok());
    let content = match (&plan, urgency) {
        (_, Some(urgency)) => html! {
            h1 { "This week" }
            (urgent_banner(urgency, number))
            @if let Ok(plan) = &plan { (plan_markup(plan)) }
        },
        (Ok(plan), None) => html! {
            h1 { "This week" }
            (plan_markup(plan))
            @if lifts(&plan.plan) {
                p class="actions" { a class="button" href="/log" { "Log this session" } }
            } @else if plan.plan.decision == PlanDecisionDto::Rescreen {
                p class="actions" { a class="button" href="/screen" { "Take the screening" } }
            }
        },
        (Err(error), None) => html! {
            h1 { "This week" }
            p class="lead" { (error.body.error) }
            p { a class="button" href="/screen" { "Go to the screening" } }
        },
    };
    page(Some(&viewer), "This week", content).into_response()
}

// ----- logging ------------------------------------------------------------------------------

/// What the log form shows beside the fields: the plan's loads as hints, the units, and a
/// spacing warning when one is due.
struct LogContext {
    units: String,
    planned: Vec<(String, String)>,
    too_soon: Option<String>,
}

fn log_page(
    viewer: &Principal,
    fields: &Fields,
    problems: &Problems,
    context: &LogContext,
) -> Markup {
    let units = context.units.as_str();
    html! {
        h1 { "Log a session" }
        (stop_set_box())
        (problem_summary(problems))
        form method="post" action="/log" novalidate {
            (csrf_field(viewer))
            div class="field" {
                label for=(dom_id("date")) { "Day of the session" }
                (field_problems(problems, "date"))
                input type="date" id=(dom_id("date")) name="date" value=(fields.get("date"));
            }
            @if let Some(warning) = &context.too_soon {
                div class="card prompt" id=(dom_id("confirm_spacing")) {
                    p { (warning) }
                    (field_problems(problems, "confirm_spacing"))
                    div class="check" {
                        input type="checkbox" id="confirm-spacing" name="confirm_spacing" value="yes" checked[fields.checked("confirm_spacing")];
                        label for="confirm-spacing" { "Yes, I deadlifted on this day: save it anyway" }
                    }
                }
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
                legend { h2 { "Sets you did" } }
                p class="hint" { "Loads in " (units) ". Fill in one row per working set, as you did it. RPE 7 means you could have done 3 more reps with clean form; without an RPE on your last set the plan cannot raise the load." }
                (field_problems(problems, "sets"))
                div class="sets" {
                    @for row in 0..SET_ROWS {
                        fieldset class="set" {
                            legend { "Set " (row + 1) }
                            @for (key, label, step) in [("load", "Load", "any"), ("reps", "Reps", "1"), ("rpe", "RPE", "0.5")] {
                                @let name = format!("sets[{row}].{key}");
                                @let hint = context.planned.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
                                div class="mini" {
                                    label for=(dom_id(&name)) { (label) }
                                    input type="number" id=(dom_id(&name)) name=(name) value=(fields.get(&name)) step=(step) min="0" inputmode="decimal"
                                        placeholder=[hint.map(|h| format!("plan {h}"))]
                                        aria-invalid=[(!problems.of(&name).is_empty()).then_some("true")];
                                    (field_problems(problems, &name))
                                }
                            }
                        }
                    }
                }
            }
            fieldset id=(dom_id("completed")) {
                legend { "Did you finish the session as planned?" }
                (field_problems(problems, "completed"))
                @for (value, label) in [("yes", "Yes, every set as planned"), ("no", "No, I stopped early or changed the plan")] {
                    div class="check" {
                        input type="radio" id=(format!("completed-{value}")) name="completed" value=(value) checked[fields.get("completed") == value];
                        label for=(format!("completed-{value}")) { (label) }
                    }
                }
            }
            fieldset {
                legend { h2 { "Pain" } }
                (pain_choice(fields, problems, "pain.before", "Before the session"))
                (pain_choice(fields, problems, "pain.during_max", "Worst during the session"))
                (pain_choice(fields, problems, "pain.after", "Right after"))
                p class="hint" { "0-2 is the safe zone; up to 5 is acceptable if it settles by the next morning." }
            }
            (leg_question("leg_symptoms", "lleg", fields, problems, "During or after the session, did pain, tingling or numbness spread into a leg?"))
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
            fieldset id=(dom_id("red_flags")) {
                legend { h2 { "Warning signs today" } }
                p class="hint" { "Tick any that are true today, or confirm that none apply. Any of these stops loading." }
                (red_flag_checks("srf", fields, problems))
            }
            button type="submit" { "Save session" }
        }
    }
}

async fn log_context(state: &AppState, lifter: &str, date: Option<NaiveDate>) -> LogContext {
    let units = crate::service::today(state, lifter)
        .await
        .map(|(_, p)| p.units)
        .unwrap_or_else(|_| "kg".into());
    let mut planned = Vec::new();
    if let Ok(view) = views::next_session(state, lifter).await {
        for (row, set) in view.plan.sets.iter().enumerate().take(SET_ROWS) {
            planned.push((
                format!("sets[{row}].load"),
                resilift_core::prescribe::fmt_load(set.load),
            ));
            planned.push((format!("sets[{row}].reps"), set.reps.to_string()));
        }
    }
    let gap = i64::from(state.rules().prescription.min_days_between);
    let last = state
        .store()
        .sessions(lifter, None, 1)
        .await
        .ok()
        .and_then(|p| p.items.first().map(|s| s.date));
    let too_soon = match (date, last) {
        (Some(date), Some(last)) if (date - last).num_days().abs() < gap => Some(format!(
            "Your last deadlift session was on {}. Sessions are planned at least {gap} days apart, so check the day before saving.",
            long_date(last)
        )),
        _ => None,
    };
    LogContext {
        units,
        planned,
        too_soon,
    }
}

pub(crate) async fn log_form(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
) -> Response {
    let lifter = viewer.id();
    let today = viewer.today(state.now());
    let plan = views::next_session(&state, lifter).await.ok();
    let mut fields = vec![("date".to_owned(), today.to_string())];
    if let Some(exercise) = plan
        .as_ref()
        .map(|p| p.plan.exercise)
        .filter(|e| *e != StageDto::Foundation)
    {
        fields.push(("exercise".into(), exercise.code().into()));
    }
    let context = log_context(&state, lifter, Some(today)).await;
    page(
        Some(&viewer),
        "Log a session",
        log_page(&viewer, &Fields(fields), &Problems::default(), &context),
    )
    .into_response()
}

pub(crate) async fn log(
    State(state): State<AppState>,
    LifterPosted { viewer, fields }: LifterPosted,
) -> Response {
    let lifter = viewer.id();
    let session = SessionDto::try_from(&fields);
    let mut problems = session.as_ref().err().cloned().unwrap_or_default();
    let date = fields.get("date").parse::<NaiveDate>().ok();
    let context = log_context(&state, lifter, date).await;
    if context.too_soon.is_some() && !fields.checked("confirm_spacing") {
        problems.add(
            "confirm_spacing",
            "confirm the day: this is closer to your last session than the plan allows",
        );
    }
    if let (true, Ok(dto)) = (problems.is_empty(), &session) {
        let saved =
            crate::service::sessions::save_session(&state, lifter, viewer.today(state.now()), dto)
                .await;
        match saved {
            Ok(session) => {
                return Redirect::to(&format!("/sessions/{}", session.id)).into_response();
            }
            Err(error) => problems = Problems::from_error(&error),
        }
    }
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        page(
            Some(&viewer),
            "Log a session",
            log_page(&viewer, &fields, &problems, &context),
        ),
    )
        .into_response()
}

pub(crate) async fn session_result(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
) -> Response {
    let lifter = viewer.id();
    let Ok(Some(row)) = state.store().session(lifter, &id).await else {
        return refusal(&viewer, &ApiError::not_found("session"));
    };
    let view = match crate::service::sessions::session_view(&state, &row).await {
        Ok(view) => view,
        Err(error) => return refusal(&viewer, &error),
    };
    let plan = views::next_session(&state, lifter).await;
    let screening = match state.store().latest_screening(lifter).await {
        Ok(screening) => screening,
        Err(error) => return refusal(&viewer, &error.into()),
    };
    let screening = match screening.as_ref().map(views::screening_view).transpose() {
        Ok(screening) => screening,
        Err(error) => return refusal(&viewer, &error),
    };
    let urgency = urgency_of(screening.as_ref(), plan.as_ref().ok());
    let number = state.settings().emergency_number.as_deref();
    let colour = view.pain_colour;
    let meaning = match colour {
        ColourDto::Green => {
            "Green: your back stayed in the safe zone and was back to normal the next morning."
        }
        ColourDto::Amber => {
            "Amber: some pain, but within the acceptable zone and settled by the next morning. The plan holds the load."
        }
        ColourDto::Red => {
            "Red: too much pain during or right after, or clearly worse the next morning. The plan eases off."
        }
        ColourDto::Pending => {
            "Tomorrow morning, tell resilift how your back feels; the colour and the next step depend on it."
        }
    };
    let title = if urgency.is_some() {
        "Loading has stopped"
    } else {
        "Session saved"
    };
    page(
        Some(&viewer),
        title,
        html! {
            h1 { (title) }
            @if let Some(urgency) = urgency {
                (urgent_banner(urgency, number))
                p class="small" { "Your session on " (view.session.date.parse::<NaiveDate>().map_or_else(|_| view.session.date.clone(), long_date)) " is saved." }
            } @else {
                p { "Pain response: " (chip(colour)) }
                p class="lead" { (meaning) }
                @for fault in &view.session.faults {
                    @if let Ok(f) = Fault::parse(fault) { p { strong { (f.label()) } ": " (f.cue()) } }
                }
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
    LifterPosted { viewer, fields }: LifterPosted,
) -> Response {
    let lifter = viewer.id();
    let Ok(Some(row)) = state.store().session(lifter, &id).await else {
        return refusal(&viewer, &ApiError::not_found("session"));
    };
    let check_in = CheckIn::try_from(&fields);
    let check_in = match check_in {
        Ok(check_in) => check_in,
        Err(problems) => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                page(
                    Some(&viewer),
                    "Morning check-in",
                    html! {
                        h1 { "Morning check-in for " (long_date(row.date)) }
                        (problem_summary(&problems))
                        (check_in_form(&viewer, &id, &fields, &problems))
                    },
                ),
            )
                .into_response();
        }
    };
    match crate::service::sessions::check_in(
        &state,
        lifter,
        viewer.today(state.now()),
        &row,
        check_in,
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/sessions/{id}")).into_response(),
        Err(error) => refusal(&viewer, &error),
    }
}

// ----- when it hurts ------------------------------------------------------------------------

fn flare_page(
    viewer: &Principal,
    fields: &Fields,
    problems: &Problems,
    result: Option<&views::TriageView>,
    number: Option<&str>,
) -> Markup {
    use resilift_api::next::TriageOutcomeDto;
    html! {
        h1 { "It hurts after a deadlift" }
        @if let Some(view) = result {
            @let result = &view.result;
            @match result.outcome {
                TriageOutcomeDto::Emergency => { (urgent_banner(UrgencyDto::Emergency, number)) }
                TriageOutcomeDto::SameDay => { (urgent_banner(UrgencyDto::SameDay, number)) }
                TriageOutcomeDto::SeeClinician => { (urgent_banner(UrgencyDto::SeeClinician, number)) }
                outcome @ (TriageOutcomeDto::SelfCare | TriageOutcomeDto::Persistent) => {
                    section class=(format!("verdict verdict-{}", outcome.code())) role="status" {
                        h2 { @if outcome == TriageOutcomeDto::Persistent { "Time to see a clinician" } @else { "Look after it yourself for now" } }
                        p { "Day " (result.days_since_onset) " since it started. Deadlifts are paused until you take the screening again." }
                    }
                }
            }
            (reason_list(&result.reasons))
            @if !result.care_options.is_empty() {
                h2 { "Care options to discuss with a clinician" }
                ul { @for o in &result.care_options { li { (o.name) " — " (o.grading) " (" (super::level_words(&o.level)) ")" } } }
            }
            p class="small" { "Saved to your record; This week follows it." }
            hr;
            h2 { "Answer again" }
        }
        (problem_summary(problems))
        form method="post" action="/flare" novalidate {
            (csrf_field(viewer))
            div class="field" {
                label for=(dom_id("onset")) { "When did this pain start?" }
                (field_problems(problems, "onset"))
                input type="date" id=(dom_id("onset")) name="onset" value=(fields.get("onset"));
            }
            (pain_choice(fields, problems, "pain_now", "Pain now"))
            (leg_question("leg_symptoms", "fleg", fields, problems, "Does pain, tingling or numbness spread into a leg?"))
            @for (name, label) in [("numbness_or_weakness", "Numbness or weakness in a leg"), ("disc_bulge_known", "I have a known disc bulge"), ("improving", "It is getting better day by day")] {
                div class="check" {
                    input type="checkbox" id=(dom_id(name)) name=(name) checked[fields.checked(name)];
                    label for=(dom_id(name)) { (label) }
                }
            }
            fieldset id=(dom_id("red_flags")) {
                legend { h2 { "Warning signs" } }
                p class="hint" { "Tick any that are true now, or confirm that none apply." }
                (red_flag_checks("frf", fields, problems))
            }
            button type="submit" { "What should I do?" }
        }
    }
}

pub(crate) async fn flare_form(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    let number = state.settings().emergency_number.as_deref();
    page(
        Some(&viewer),
        "It hurts",
        flare_page(
            &viewer,
            &Fields::default(),
            &Problems::default(),
            None,
            number,
        ),
    )
    .into_response()
}

pub(crate) async fn flare(
    State(state): State<AppState>,
    LifterPosted { viewer, fields }: LifterPosted,
) -> Response {
    let lifter = viewer.id();
    let number = state.settings().emergency_number.as_deref();
    let today = viewer.today(state.now());
    let mut result = None;
    let problems = match TriageSubmission::try_from(&fields) {
        Ok(submission) => {
            match crate::service::triage::save_triage(&state, lifter, today, submission)
                .await
                .and_then(|triage| views::triage_view(&triage))
            {
                Ok(view) => {
                    result = Some(view);
                    Problems::default()
                }
                Err(error) => Problems::from_error(&error),
            }
        }
        Err(problems) => problems,
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let shown = if result.is_some() {
        Fields::default()
    } else {
        fields
    };
    (
        status,
        page(
            Some(&viewer),
            "It hurts",
            flare_page(&viewer, &shown, &problems, result.as_ref(), number),
        ),
    )
        .into_response()
}

// ----- risk profile -------------------------------------------------------------------------

fn risk_page(
    viewer: &Principal,
    fields: &Fields,
    problems: &Problems,
    result: Option<&resilift_api::risk::RiskResponse>,
) -> Markup {
    let quality = [("good", "Good"), ("fair", "Fair"), ("poor", "Poor")];
    html! {
        h1 { "My risk profile" }
        p { "Which factors linked with disc wear and back trouble apply to you, which you can change, and how strong the evidence is." }
        @if let Some(result) = result {
            ul class="reasons" {
                @for f in &result.factors {
                    li {
                        p { (f.message) }
                        p class="small" {
                            @if f.modifiable { "You can change this. " } @else { "You cannot change this. " }
                            "Strength of evidence: " (f.strength.replace('_', " "))
                            " · rule " code { (f.rule) }
                        }
                        (super::evidence_list(&f.evidence))
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
    let mut result = None;
    let problems = match resilift_api::risk::RiskRequest::try_from(&fields) {
        Ok(request) => match resilift_api::risk::profile(&request, state.rules()) {
            Ok(response) => {
                result = Some(response);
                Problems::default()
            }
            Err(errors) => Problems::from_error(&ApiError::from(errors)),
        },
        Err(problems) => problems,
    };
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

/// A day in a table: "24 Nov 2026".
fn short_date(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// Charts and history from a progress series (shared with the clinician's client page).
pub(crate) fn progress_markup(progress: &views::Progress) -> Markup {
    let fmt = resilift_core::prescribe::fmt_load;
    let optional = |value: Option<f64>| value.map_or_else(|| "—".to_owned(), fmt);
    let sessions = &progress.sessions;
    let units = progress.units.as_str();
    let markers: Vec<NaiveDate> = progress.rung_changes.iter().map(|c| c.date).collect();
    let points = |value: fn(&views::ProgressSession) -> Option<f64>| -> Vec<(NaiveDate, f64)> {
        sessions
            .iter()
            .filter_map(|s| Some((s.date, value(s)?)))
            .collect()
    };
    let load_chart = charts::line_chart(
        units,
        &[
            Series {
                name: "estimated 1RM",
                colour: charts::BLUE,
                points: points(|s| s.e1rm),
            },
            Series {
                name: "working load",
                colour: charts::ORANGE,
                points: points(|s| s.working_load),
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
                points: points(|s| Some(f64::from(s.pain_during))),
            },
            Series {
                name: "next morning",
                colour: charts::GREEN,
                points: points(|s| s.pain_next_morning.map(f64::from)),
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
        points: progress
            .holds
            .iter()
            .filter(|h| h.test == test)
            .map(|h| (h.date, h.seconds))
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
        points: progress
            .scores
            .iter()
            .filter(|s| s.instrument == instrument)
            .map(|s| (s.date, s.value))
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
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    html! {
        (figure("Estimated 1RM and working load (dashed lines: rung changes)", load_chart,
            last.map_or_else(|| "No sessions yet".to_owned(), |s| format!("{}; latest estimated 1RM {} {units}, working load {} {units}", count(sessions.len(), "session", "sessions"), optional(s.e1rm), optional(s.working_load)))))
        (figure("Pain during and the next morning", pain_chart,
            last.map_or_else(|| "No sessions yet".to_owned(), |s| format!("Latest session: worst during {}, next morning {}", s.pain_during, s.pain_next_morning.map_or_else(|| "not answered yet".to_owned(), |p| p.to_string())))))
        (figure("Hold times", hold_chart, count(progress.holds.len(), "hold result", "hold results")))
        (figure("Questionnaire scores", score_chart, count(progress.scores.len(), "questionnaire result", "questionnaire results")))
        h2 { "Sessions" }
        @if sessions.is_empty() { p { "No sessions logged yet." } } @else {
            div class="table-wrap" role="region" tabindex="0" aria-label="Session history" {
                table {
                    thead { tr { th scope="col" { "Day" } th scope="col" { "Exercise" } th scope="col" { "Top load" } th scope="col" { "e1RM" } th scope="col" { "Pain during" } th scope="col" { "Next morning" } th scope="col" { "Response" } } }
                    tbody {
                        @for s in sessions.iter().rev() {
                            tr {
                                td { (short_date(s.date)) }
                                td { (s.exercise.words()) }
                                td { (optional(s.working_load)) " " (units) }
                                td { (optional(s.e1rm)) }
                                td { (s.pain_during) }
                                td { @match s.pain_next_morning { Some(p) => { (p) } None => { "—" } } }
                                td { (chip(s.pain_colour)) }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Screenings" }
        @if progress.screenings.is_empty() { p { "No screenings yet." } } @else {
            ul { @for s in progress.screenings.iter().rev() { li { (long_date(s.date)) ": " (s.decision.words()) } } }
        }
    }
}

pub(crate) async fn progress(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
) -> Response {
    let lifter = viewer.id();
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
