//! Home: what is next, check-ins due, the clinician's notes.

#[allow(
    clippy::wildcard_imports,
    reason = "the pages share one set of imports"
)]
use super::*;

/// What comes first after a stop: the urgent screening decision, else the plan's urgency.
/// The viewer's latest screening as a view, or the page that says why it cannot be read.
pub(super) async fn latest_screening_view(
    state: &AppState,
    viewer: &Principal,
) -> Result<Option<views::ScreeningView>, Response> {
    let screening = state
        .store()
        .latest_screening(viewer.id())
        .await
        .map_err(|error| refusal(viewer, &error.into()))?;
    screening
        .as_ref()
        .map(views::screening_view)
        .transpose()
        .map_err(|error| refusal(viewer, &error))
}

pub(super) fn urgency_of(
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
pub(super) fn check_in_form(
    viewer: &Principal,
    id: &str,
    fields: &Fields,
    problems: &Problems,
) -> Markup {
    html! {
        form method="post" action=(format!("/sessions/{id}/check-in")) novalidate data-offline="check-in" {
            (csrf_field(viewer))
            (pain_choice(fields, problems, "next_morning", "Back pain this morning"))
            fieldset id=(dom_id("red_flags")) aria-describedby=[crate::web::described(problems, "red_flags")] {
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
    let coming = crate::service::calendar::reminders(&state, lifter).await;
    let links = state.store().links_of(lifter).await.unwrap_or_default();
    let unread = crate::service::messages::unread(&state, lifter).await;
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
            @if let Err(error) = &pending { (crate::web::unavailable("your morning check-ins", error)) }
            @for (row, dto) in pending.iter().flatten().take(1) {
                section class="card prompt" aria-labelledby=(format!("checkin-{}", row.id)) {
                    h2 id=(format!("checkin-{}", row.id)) { "Morning check-in for " (long_date(row.date)) }
                    @if row.date < today {
                        p { "How does your back feel this morning? Before that session you rated it " (dto.pain.before) " out of 10. The next session waits for this answer." }
                    } @else {
                        p { "Answer this tomorrow morning, once you are up and about, not tonight: the morning is what it measures. Before the session you rated your back " (dto.pain.before) " out of 10." }
                    }
                    (check_in_form(&viewer, &row.id, &Fields::default(), &Problems::default()))
                }
            }
            @for link in &links {
                @if let Some((_, count)) = unread.iter().find(|(author, _)| *author == link.clinician_id) {
                    section class="card prompt" {
                        h2 { "New message from " (link.clinician_name.as_deref().unwrap_or(&link.clinician_email)) }
                        p { (count) @if *count == 1 { " message you have not read." } @else { " messages you have not read." } }
                        a class="button" href=(format!("/messages/{}", link.id)) { "Read and answer" }
                    }
                }
            }
            @if let Err(error) = &overrides { (crate::web::unavailable("your clinician's notes", error)) }
            @if let Some(o) = overrides.as_ref().ok().and_then(|o| o.first()) {
                section class="card note" {
                    h2 { "Note from your clinician" }
                    p { (o.note) }
                    @if let Some(stage) = o.stage.as_deref().and_then(|s| resilift_core::domain::Stage::parse(s).ok()) { p { "They set your rung to " strong { (StageDto::from(stage).words()) } "." } }
                    @if let Some(ceiling) = crate::views::override_view(o).ceiling { p { "They set a ceiling until your next screening: your plan never goes above " strong { (ceiling.words()) } ". The programme's own limits still apply, so the plan may stay lighter than that." } }
                    @if let Some(cleared) = o.cleared_flags.as_deref().and_then(|t| serde_json::from_str::<Vec<String>>(t).ok()).filter(|c| !c.is_empty()) {
                        p { "They cleared you for loading with: " (cleared_words(&cleared)) ". This applies from your next screening." }
                    }
                    @if let Some(link) = links.iter().find(|l| Some(l.clinician_id.as_str()) == o.clinician_id.as_deref()) {
                        p { a href=(format!("/messages/{}", link.id)) { "Answer this note" } }
                    }
                }
            }
            section class="card" {
                h2 { "Your screening" }
                @match &screening {
                    Err(error) => { (crate::web::unavailable("your latest screening", error)) }
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
                    @if super::week::lifts(&plan.plan) {
                        a class="button" href="/workout" { "Start the workout" }
                        " "
                        a class="button secondary" href="/week" { "See the session" }
                    } @else if super::foundation::is_foundation_day(&plan.plan) {
                        a class="button" href="/workout" { "Start today's foundation work" }
                        " "
                        a class="button secondary" href="/week" { "See the foundation programme" }
                    } @else {
                        a class="button" href="/week" { "See the plan" }
                    }
                }
            }
            @if urgency.is_none() {
                @if let Ok(coming) = &coming {
                    @if !coming.is_empty() {
                        section class="card" aria-labelledby="coming-title" {
                            h2 id="coming-title" { "Coming up" }
                            ul class="coming" {
                                @for reminder in coming {
                                    li { strong { (long_date(reminder.day)) } ": " a href=(reminder.path) { (reminder.title.trim_end_matches(" (resilift)").replace(" resilift ", " ")) } }
                                }
                            }
                            p class="small" { "Get these as reminders in your phone's calendar: " a href="/account#calendar" { "set up the calendar link" } "." }
                        }
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
    crate::web::dates::long(day)
}

/// Cleared ids in plain words.
pub(super) fn cleared_words(ids: &[String]) -> String {
    ids.iter()
        .filter_map(|id| resilift_core::domain::Clearable::parse(id).ok())
        .map(|c| c.question().to_lowercase())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Sessions still waiting for their next-morning check-in, newest first.
pub(super) async fn pending_check_ins(
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

/// The plan in one sentence: the engine's own summary (written from the same decision and loads
/// as the sets on the page) and the day it may happen.
pub(super) fn decision_sentence(plan: &NextResponse) -> String {
    let date = plan
        .date
        .parse::<NaiveDate>()
        .map_or_else(|_| String::new(), long_date);
    match plan.decision {
        PlanDecisionDto::Stop => {
            "Loading has stopped: follow the instruction at the top of the page.".to_owned()
        }
        // Foundation work goes on every day; the summary names the day of the retest.
        PlanDecisionDto::Rescreen if plan.exercise == StageDto::Foundation => plan.summary.clone(),
        PlanDecisionDto::Rescreen | PlanDecisionDto::Regress => {
            format!("{} Earliest day: {date}.", plan.summary)
        }
        _ => format!("{} On or after {date}.", plan.summary),
    }
}
