//! The screening form, its verdict and the evidence pages.

#[allow(
    clippy::wildcard_imports,
    reason = "the pages share one set of imports"
)]
use super::*;

pub(super) const LEG: [(&str, &str); 3] = [
    ("none", "No"),
    ("above_knee", "Yes, into the thigh, not below the knee"),
    ("below_knee", "Yes, below the knee"),
];

/// One checkbox per red flag, in plain words, keeping what was ticked, and the explicit
/// "none of these" confirmation.
pub(super) fn red_flag_checks(prefix: &str, fields: &Fields, problems: &Problems) -> Markup {
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

/// The warning signs of a log (a workout, a day of foundation work): each new one ticked, or
/// none confirmed; `stops` says what any of them stops.
pub(super) fn warning_signs_since_screening(
    prefix: &str,
    fields: &Fields,
    problems: &Problems,
    stops: &str,
) -> Markup {
    html! {
        fieldset id=(dom_id("red_flags")) aria-describedby=[crate::web::described(problems, "red_flags")] {
            legend { "Warning signs since your screening" }
            p class="hint" { "Tick any that are new since your last screening (something your screening already answered does not need ticking again), or confirm that none apply. Any of these stops " (stops) "." }
            (red_flag_checks(prefix, fields, problems))
        }
    }
}

/// The leg-symptom question with nothing chosen until the person chooses.
pub(super) fn leg_question(
    name: &str,
    prefix: &str,
    fields: &Fields,
    problems: &Problems,
    legend: &str,
) -> Markup {
    html! {
        fieldset id=(dom_id(name)) aria-describedby=[crate::web::described(problems, name)] {
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
pub(super) fn fields_from_record(record: &ScreeningRecord) -> Fields {
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

pub(super) fn screen_page(
    viewer: &Principal,
    fields: &Fields,
    problems: &Problems,
) -> maud::Markup {
    html! {
        h1 { "Screening" }
        p { "About five minutes. Answer for how things are today. Nothing here is a diagnosis; it decides where a safe start is." }
        (problem_summary(problems))
        form method="post" action="/screen" novalidate {
            (csrf_field(viewer))
            fieldset id=(dom_id("red_flags")) aria-describedby=[crate::web::described(problems, "red_flags")] {
                legend { h2 { "1. Warning signs" } }
                p { "Tick every one that is true for you now. These come first because they change everything else." }
                (red_flag_checks("rf", fields, problems))
            }
            fieldset id=(dom_id("health")) aria-describedby=[crate::web::described(problems, "health")] {
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
                    input type="date" id=(dom_id("pain.current_episode_onset")) aria-describedby=[crate::web::described(problems, "pain.current_episode_onset")] name="pain.current_episode_onset" value=(fields.get("pain.current_episode_onset"));
                }
                (pain_choice(fields, problems, "pain.now", "Back pain right now"))
                (number_input(fields, problems, "pain.previous_episodes", "How many earlier episodes of back pain have you had?", Some("Episodes that stopped you doing normal things for a day or more."), ("0", "100", "1")))
                (leg_question("pain.leg_symptoms", "leg", fields, problems, "Does pain, tingling or numbness spread into a leg?"))
                div class="check" {
                    input type="checkbox" id=(dom_id("radicular_cleared")) aria-describedby=[crate::web::described(problems, "radicular_cleared")] name="radicular_cleared" checked[fields.checked("radicular_cleared")];
                    label for=(dom_id("radicular_cleared")) { "A clinician has examined my leg symptoms and cleared me for loaded exercise" }
                }
            }
            fieldset {
                legend { h2 { "4. Disc problems" } }
                fieldset id=(dom_id("disc.diagnosed")) aria-describedby=[crate::web::described(problems, "disc.diagnosed")] {
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
                    input type="checkbox" id=(dom_id("disc.cleared")) aria-describedby=[crate::web::described(problems, "disc.cleared")] name="disc.cleared" checked[fields.checked("disc.cleared")];
                    label for=(dom_id("disc.cleared")) { "A clinician has cleared me to load hip-hinge exercises" }
                }
            }
            fieldset {
                legend { h2 { "5. Back-extensor endurance" } }
                p { "The Biering-Sørensen hold: how long you can hold your trunk level, face down over the end of a bench. Skip it if you ticked a warning sign or a health question, are in the first two weeks of an episode, or are pregnant. " a href="/assess/biering_sorensen" { "Use the timer" } " and come back, or type the time." }
                (number_input(fields, problems, "tests.biering_sorensen_s", "Hold time, in seconds", Some("Leave empty if you have not done it; you will start with foundation work."), ("0", "240", "1")))
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
                    select id=(dom_id("person.sex")) aria-describedby=[crate::web::described(problems, "person.sex")] name="person.sex" {
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
pub(super) async fn questionnaires(state: &AppState, lifter: &str) -> ApiResult<QuestionnairesDto> {
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
    let mut days = Problems::default();
    let today = viewer.today(state.now());
    crate::web::forms::check_days(&fields, &["pain.current_episode_onset"], today, &mut days);
    let saved = match ScreeningSubmission::try_from(&fields) {
        Ok(_) if !days.is_empty() => Err(days),
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
        Err(mut problems) => {
            problems.extend(days);
            Err(problems)
        }
    };
    match saved {
        Ok(screening) => Redirect::to(&format!("/screenings/{}", screening.id)).into_response(),
        Err(problems) => form_page(
            Some(&viewer),
            "Screening",
            &problems,
            screen_page(&viewer, &fields, &problems),
        ),
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
                    (crate::web::advice_list(&result.advice))
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
                    (crate::web::advice_list(&result.advice))
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
    crate::web::MaybeViewer(viewer): crate::web::MaybeViewer,
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
            p { (citation.authors) " (" (crate::web::year_of(citation)) "). " em { (citation.venue) } "." }
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
