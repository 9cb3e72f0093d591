//! Workout mode for the foundation programme: today's exercises with their dose, each marked
//! done by the person, then the same pain, leg-symptom and warning-sign questions as a deadlift
//! session. The day is stored as a record the plan reads (a warning sign stops loading; the pain
//! moves the pyramid), and it can be viewed and deleted.

#[allow(
    clippy::wildcard_imports,
    reason = "the pages share one set of imports"
)]
use super::*;
use resilift_api::next::FoundationDayDto;

/// The dose of one exercise in a line, for the workout's tick list.
fn dose_line(item: &ProgrammeItemDto) -> String {
    if let Some(hold) = item.hold_s {
        let steps: Vec<String> = item.pyramid.iter().map(u32::to_string).collect();
        format!(
            "Holds of {} seconds: {}{}",
            hold,
            steps.join(", then "),
            if item.each_side { ", each side" } else { "" }
        )
    } else if let (Some(sets), Some(reps)) = (item.sets, item.reps) {
        format!("{sets} sets of {reps}")
    } else if let Some(minutes) = item.minutes {
        format!("2 to 3 walks of about {minutes} minutes today")
    } else {
        item.dose.clone()
    }
}

pub(super) fn foundation_workout_page(
    viewer: &Principal,
    plan: &NextResponse,
    fields: &Fields,
    problems: &Problems,
) -> Markup {
    html! {
        h1 { "Workout: foundation work" }
        div class="stop-strip" role="note" {
            strong { "Stop an exercise at once" } " for sharp or catching pain, pain or tingling into a leg, or pain above 5 out of 10."
        }
        (problem_summary(problems))
        form method="post" action="/workout/foundation" novalidate data-offline="foundation" {
            (csrf_field(viewer))
            input type="hidden" name="date" value=(fields.get("date"));
            section aria-labelledby="today-title" id=(dom_id("exercises")) aria-describedby=[crate::web::described(problems, "exercises")] {
                h2 id="today-title" { "Today's exercises" }
                p class="hint" { "Do each one as written, then tap " strong { "Done" } ". Exercises you do not mark are not recorded. Rest a few breaths between the steps of a pyramid." }
                (field_problems(problems, "exercises"))
                @for item in &plan.programme {
                    @let id = format!("fx-{}", item.exercise);
                    fieldset class="wset" {
                        legend { (item.name) }
                        p class="plan-line" { strong { (dose_line(item)) } }
                        details {
                            summary { "How to do it" }
                            p { (item.how) }
                        }
                        div class="done-toggle" {
                            input type="checkbox" id=(id) name="exercises" value=(item.exercise.as_ref()) checked[fields.has("exercises", &item.exercise)];
                            label for=(id) { "Done" }
                        }
                    }
                }
            }
            section aria-labelledby="finish-title" {
                h2 id="finish-title" { "Finish: how did your back answer?" }
                fieldset {
                    legend { "Pain" }
                    (pain_choice(fields, problems, "pain.before", "Before you started"))
                    (pain_choice(fields, problems, "pain.during_max", "Worst during the exercises"))
                    (pain_choice(fields, problems, "pain.after", "Right after"))
                }
                (leg_question("leg_symptoms", "fleg", fields, problems, "During or after the exercises, did pain, tingling or numbness spread into a leg?"))
                (warning_signs_since_screening("frf", fields, problems, "all training"))
                button type="submit" class="wide" { "Finish and save" }
            }
        }
    }
}

/// The plan for today when it is foundation work (the programme, with nothing stopping it).
pub(super) fn is_foundation_day(plan: &NextResponse) -> bool {
    plan.exercise == StageDto::Foundation
        && plan.decision != PlanDecisionDto::Stop
        && !plan.programme.is_empty()
}

pub(crate) async fn foundation_workout(
    State(state): State<AppState>,
    LifterPosted { viewer, fields }: LifterPosted,
) -> Response {
    let lifter = viewer.id();
    let today = viewer.today(state.now());
    let day = FoundationDayDto::try_from(&fields);
    let mut problems = day.as_ref().err().cloned().unwrap_or_default();
    if let (true, Ok(dto)) = (problems.is_empty(), &day) {
        match crate::service::foundation::save_day(&state, lifter, today, dto).await {
            Ok(saved) => {
                return Redirect::to(&format!("/foundation-days/{}", saved.id)).into_response();
            }
            Err(error) => problems = Problems::from_error(&error),
        }
    }
    let plan = match views::next_session(&state, lifter).await {
        Ok(view) if is_foundation_day(&view.plan) => view.plan,
        Ok(_) => return Redirect::to("/week").into_response(),
        Err(error) => return refusal(&viewer, &error),
    };
    form_page(
        Some(&viewer),
        "Workout",
        &problems,
        foundation_workout_page(&viewer, &plan, &fields, &problems),
    )
}

fn exercise_names(ids: &[String]) -> String {
    let programme =
        resilift_core::foundation::programme(&resilift_core::Config::standard().foundation);
    ids.iter()
        .map(|id| {
            programme
                .iter()
                .find(|item| item.exercise == id)
                .map_or_else(|| id.replace('_', " "), |item| item.name.to_owned())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn day_record(day: &views::FoundationDayView) -> Markup {
    let d = &day.day;
    let when = d
        .date
        .parse::<NaiveDate>()
        .map_or_else(|_| d.date.clone(), long_date);
    let flags: Vec<String> = d
        .red_flags
        .iter()
        .filter_map(|id| RedFlag::parse(id).ok())
        .map(|flag| flag.question().to_owned())
        .collect();
    let leg = match d.leg_symptoms {
        resilift_api::screen::LegSymptomsDto::None => "none",
        resilift_api::screen::LegSymptomsDto::AboveKnee => "into the thigh, not below the knee",
        resilift_api::screen::LegSymptomsDto::BelowKnee => "below the knee",
    };
    html! {
        section class="card" aria-labelledby="record-title" {
            h2 id="record-title" { "What you recorded" }
            p { strong { "Foundation work" } " on " (when) }
            p { "Done: " (exercise_names(&d.exercises)) "." }
            p { "Pain before " (d.pain.before) ", worst during " (d.pain.during_max) ", right after " (d.pain.after) " (out of 10). Pain response: " (chip(day.pain_response)) }
            p { "Leg symptoms: " (leg) "." }
            @if flags.is_empty() { p { "Warning signs: none." } } @else {
                p { "Warning signs: " } ul { @for flag in &flags { li { (flag) } } }
            }
        }
    }
}

async fn stored_day(
    state: &AppState,
    viewer: &Principal,
    id: &str,
) -> Result<views::FoundationDayView, Response> {
    match state.store().foundation_day(viewer.id(), id).await {
        Ok(Some(row)) => {
            views::foundation_day_view(&row, state.rules()).map_err(|error| refusal(viewer, &error))
        }
        Ok(None) => Err(refusal(viewer, &ApiError::not_found("foundation day"))),
        Err(error) => Err(refusal(viewer, &error.into())),
    }
}

pub(crate) async fn foundation_day_page(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
) -> Response {
    let lifter = viewer.id();
    let day = match stored_day(&state, &viewer, &id).await {
        Ok(day) => day,
        Err(page) => return page,
    };
    let plan = views::next_session(&state, lifter).await;
    let screening = match latest_screening_view(&state, &viewer).await {
        Ok(screening) => screening,
        Err(page) => return page,
    };
    let urgency = urgency_of(screening.as_ref(), plan.as_ref().ok());
    let number = state.settings().emergency_number.as_deref();
    let meaning = match day.pain_response {
        ColourDto::Green => "Green: your back stayed in the safe zone.",
        ColourDto::Amber => {
            "Amber: some pain, but within the acceptable zone. Keep the dose as it is."
        }
        ColourDto::Red => {
            "Red: too much pain during or right after. The pyramid comes down by one repetition; if it stays like this, talk to a clinician."
        }
        ColourDto::Pending => "",
    };
    let title = if urgency.is_some() {
        "Training has stopped"
    } else {
        "Foundation work saved"
    };
    page(
        Some(&viewer),
        title,
        html! {
            h1 { (title) }
            @if let Some(urgency) = urgency {
                (urgent_banner(urgency, number))
            } @else {
                p class="lead" { (meaning) }
            }
            (day_record(&day))
            @if let (Ok(plan), None) = (&plan, urgency) {
                section class="card" {
                    h2 { "What comes next" }
                    p { (decision_sentence(&plan.plan)) }
                    a class="button" href="/week" { "See the foundation programme" }
                }
            }
            p class="actions" {
                a class="button secondary" href=(format!("/foundation-days/{id}/delete")) { "Delete this day" }
            }
        },
    )
    .into_response()
}

pub(crate) async fn delete_foundation_day_form(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
) -> Response {
    let day = match stored_day(&state, &viewer, &id).await {
        Ok(day) => day,
        Err(page) => return page,
    };
    let when = day
        .day
        .date
        .parse::<NaiveDate>()
        .map_or_else(|_| day.day.date.clone(), long_date);
    page(
        Some(&viewer),
        "Delete a day of foundation work",
        html! {
            h1 { "Delete the foundation work of " (when) "?" }
            (day_record(&day))
            p { "Deleting it removes it from your record for good. The plan is then worked out without it, and the deletion is noted in your record's history." }
            form method="post" action=(format!("/foundation-days/{id}/delete")) novalidate {
                (csrf_field(&viewer))
                button type="submit" class="danger" { "Yes, delete this day" }
                " "
                a class="button secondary" href=(format!("/foundation-days/{id}")) { "Keep it" }
            }
        },
    )
    .into_response()
}

pub(crate) async fn delete_foundation_day(
    State(state): State<AppState>,
    Path(id): Path<String>,
    LifterPosted { viewer, .. }: LifterPosted,
) -> Response {
    match crate::service::foundation::delete_day(&state, viewer.id(), &id).await {
        Ok(()) => Redirect::to("/progress?deleted=1").into_response(),
        Err(error) => refusal(&viewer, &error),
    }
}
