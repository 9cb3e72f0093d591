//! Logging a session, its result and the morning check-in.

#[allow(
    clippy::wildcard_imports,
    reason = "the pages share one set of imports"
)]
use super::*;

/// What the log form shows beside the fields: the plan's loads as hints, the units, and a
/// spacing warning when one is due.
pub(super) struct LogContext {
    action: String,
    units: String,
    planned: Vec<(String, String)>,
    pub(super) too_soon: Option<String>,
}

pub(super) fn log_page(
    viewer: &Principal,
    fields: &Fields,
    problems: &Problems,
    context: &LogContext,
) -> Markup {
    let units = context.units.as_str();
    html! {
        @if context.action == "/log" {
            h1 { "Log a session" }
            (stop_set_box())
        } @else {
            h1 { "Correct a session" }
            p { "Change what was recorded wrongly and save. The plan is worked out again from the corrected record." }
        }
        (problem_summary(problems))
        form method="post" action=(context.action) novalidate data-offline="log" {
            (csrf_field(viewer))
            div class="field" {
                label for=(dom_id("date")) { "Day of the session" }
                (field_problems(problems, "date"))
                input type="date" id=(dom_id("date")) aria-describedby=[crate::web::described(problems, "date")] name="date" value=(fields.get("date"));
            }
            @if let Some(warning) = &context.too_soon {
                div class="card prompt" id=(dom_id("confirm_spacing")) aria-describedby=[crate::web::described(problems, "confirm_spacing")] {
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
                select id=(dom_id("exercise")) aria-describedby=[crate::web::described(problems, "exercise")] name="exercise" {
                    @for (value, label) in [("kettlebell", "Kettlebell deadlift"), ("trap_bar", "Trap-bar deadlift"), ("barbell", "Barbell deadlift")] {
                        option value=(value) selected[fields.get("exercise") == value] { (label) }
                    }
                }
            }
            fieldset id=(dom_id("sets")) aria-describedby=[crate::web::described(problems, "sets")] {
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
                                    input type="number" id=(dom_id(&name)) aria-describedby=[crate::web::described(problems, &name)] name=(name) value=(fields.get(&name)) step=(step) min="0" inputmode="decimal"
                                        placeholder=[hint.map(|h| format!("plan {h}"))]
                                        aria-invalid=[(!problems.of(&name).is_empty()).then_some("true")];
                                    (field_problems(problems, &name))
                                }
                            }
                        }
                    }
                }
            }
            fieldset id=(dom_id("completed")) aria-describedby=[crate::web::described(problems, "completed")] {
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
            fieldset id=(dom_id("red_flags")) aria-describedby=[crate::web::described(problems, "red_flags")] {
                legend { h2 { "Warning signs since your screening" } }
                p class="hint" { "Tick any that are new since your last screening (something your screening already answered does not need ticking again), or confirm that none apply. Any of these stops loading." }
                (red_flag_checks("srf", fields, problems))
            }
            button type="submit" class="wide" { @if context.action == "/log" { "Save session" } @else { "Save the correction" } }
        }
    }
}

pub(super) async fn log_context(
    state: &AppState,
    lifter: &str,
    date: Option<NaiveDate>,
) -> LogContext {
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
        action: "/log".into(),
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
    crate::web::forms::check_days(&fields, &["date"], viewer.today(state.now()), &mut problems);
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
    form_page(
        Some(&viewer),
        "Log a session",
        &problems,
        log_page(&viewer, &fields, &problems, &context),
    )
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
    let checks = crate::service::form::of_session(&state, lifter, &id)
        .await
        .unwrap_or_default();
    let screening = match latest_screening_view(&state, &viewer).await {
        Ok(screening) => screening,
        Err(page) => return page,
    };
    let urgency = urgency_of(screening.as_ref(), plan.as_ref().ok());
    let number = state.settings().emergency_number.as_deref();
    let colour = view.pain_colour;
    let units = crate::service::today(&state, lifter)
        .await
        .map(|(_, p)| p.units)
        .unwrap_or_else(|_| "kg".into());
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
            (session_record(&view.session, &units))
            (crate::web::formcheck::session_section(&id, &checks))
            p class="actions" {
                a class="button secondary" href=(format!("/sessions/{id}/edit")) { "Correct this session" }
                " "
                a class="button secondary" href=(format!("/sessions/{id}/delete")) { "Delete it" }
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
            return form_page(
                Some(&viewer),
                "Morning check-in",
                &problems,
                html! {
                    h1 { "Morning check-in for " (long_date(row.date)) }
                    (problem_summary(&problems))
                    (check_in_form(&viewer, &id, &fields, &problems))
                },
            );
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

/// What was recorded for a session, in plain words.
fn session_record(session: &SessionDto, units: &str) -> Markup {
    let fmt = resilift_core::prescribe::fmt_load;
    let exercise = match session.exercise.as_str() {
        "kettlebell" => "Kettlebell deadlift",
        "trap_bar" => "Trap-bar deadlift",
        _ => "Barbell deadlift",
    };
    let day = session
        .date
        .parse::<NaiveDate>()
        .map_or_else(|_| session.date.clone(), long_date);
    html! {
        section class="card" aria-labelledby="record-title" {
            h2 id="record-title" { "What you recorded" }
            p { strong { (exercise) } " on " (day) @if !session.completed { " (stopped early or changed)" } }
            ol class="set-list" {
                @for set in &session.sets {
                    li { (fmt(set.load)) " " (units) " × " (set.reps) @if let Some(rpe) = set.rpe { ", RPE " (fmt(rpe)) } @else { ", no effort rating" } }
                }
            }
            p { "Pain before " (session.pain.before) ", worst during " (session.pain.during_max) ", right after " (session.pain.after)
                @if let Some(morning) = session.pain.next_morning { ", next morning " (morning) } @else { "; next morning not answered yet" }
                " (out of 10)." }
        }
    }
}

/// The log form's fields for a stored session, to correct it.
fn fields_of(session: &SessionDto) -> Fields {
    let fmt = resilift_core::prescribe::fmt_load;
    let mut fields = vec![
        ("date".to_owned(), session.date.clone()),
        ("exercise".to_owned(), session.exercise.as_str().to_owned()),
        (
            "completed".to_owned(),
            if session.completed { "yes" } else { "no" }.to_owned(),
        ),
        ("pain.before".to_owned(), session.pain.before.to_string()),
        (
            "pain.during_max".to_owned(),
            session.pain.during_max.to_string(),
        ),
        ("pain.after".to_owned(), session.pain.after.to_string()),
    ];
    for (row, set) in session.sets.iter().enumerate().take(SET_ROWS) {
        fields.push((format!("sets[{row}].load"), fmt(set.load)));
        fields.push((format!("sets[{row}].reps"), set.reps.to_string()));
        if let Some(rpe) = set.rpe {
            fields.push((format!("sets[{row}].rpe"), fmt(rpe)));
        }
    }
    if let Some(leg) = session.leg_symptoms {
        let code = serde_json::to_value(leg)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        fields.push(("leg_symptoms".to_owned(), code));
    }
    for fault in &session.faults {
        fields.push(("faults".to_owned(), fault.clone()));
    }
    for flag in &session.red_flags {
        fields.push(("red_flags".to_owned(), flag.clone()));
    }
    if session.red_flags.is_empty() {
        fields.push(("red_flags_none".to_owned(), "yes".to_owned()));
    }
    Fields(fields)
}

async fn stored_session(
    state: &AppState,
    viewer: &Principal,
    id: &str,
) -> Result<(resilift_store::Session, SessionDto), Response> {
    let Ok(Some(row)) = state.store().session(viewer.id(), id).await else {
        return Err(refusal(viewer, &ApiError::not_found("session")));
    };
    match serde_json::from_str::<SessionDto>(&row.body) {
        Ok(dto) => Ok((row, dto)),
        Err(error) => Err(refusal(viewer, &ApiError::internal(&error))),
    }
}

pub(crate) async fn edit_session_form(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
) -> Response {
    let (_, dto) = match stored_session(&state, &viewer, &id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let mut context = log_context(&state, viewer.id(), None).await;
    context.action = format!("/sessions/{id}/edit");
    page(
        Some(&viewer),
        "Correct a session",
        log_page(&viewer, &fields_of(&dto), &Problems::default(), &context),
    )
    .into_response()
}

pub(crate) async fn edit_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    LifterPosted { viewer, fields }: LifterPosted,
) -> Response {
    let (_, stored) = match stored_session(&state, &viewer, &id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let mut context = log_context(&state, viewer.id(), None).await;
    context.action = format!("/sessions/{id}/edit");
    let problems;
    match SessionDto::try_from(&fields) {
        Ok(mut dto) => {
            dto.pain.next_morning = stored.pain.next_morning;
            let patch = serde_json::to_value(&dto).unwrap_or_default();
            match crate::service::sessions::amend_session(
                &state,
                viewer.id(),
                viewer.today(state.now()),
                &id,
                &patch,
            )
            .await
            {
                Ok(_) => return Redirect::to(&format!("/sessions/{id}")).into_response(),
                Err(error) => problems = Problems::from_error(&error),
            }
        }
        Err(found) => problems = found,
    }
    form_page(
        Some(&viewer),
        "Correct a session",
        &problems,
        log_page(&viewer, &fields, &problems, &context),
    )
}

pub(crate) async fn delete_session_form(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
) -> Response {
    let (row, dto) = match stored_session(&state, &viewer, &id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let units = crate::service::today(&state, viewer.id())
        .await
        .map(|(_, p)| p.units)
        .unwrap_or_else(|_| "kg".into());
    page(
        Some(&viewer),
        "Delete a session",
        html! {
            h1 { "Delete the session of " (long_date(row.date)) "?" }
            (session_record(&dto, &units))
            p { "Deleting it removes it from your record for good. The plan is then worked out from your other sessions, and the deletion is noted in your record's history." }
            form method="post" action=(format!("/sessions/{id}/delete")) novalidate {
                (csrf_field(&viewer))
                button type="submit" class="danger" { "Yes, delete this session" }
                " "
                a class="button secondary" href=(format!("/sessions/{id}")) { "Keep it" }
            }
        },
    )
    .into_response()
}

pub(crate) async fn delete_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    LifterPosted { viewer, .. }: LifterPosted,
) -> Response {
    match crate::service::sessions::delete_session(&state, viewer.id(), &id).await {
        Ok(()) => Redirect::to("/progress?deleted=1").into_response(),
        Err(error) => refusal(&viewer, &error),
    }
}
