//! Workout mode: today's session set by set, on the phone. Each working set is pre-filled from
//! the plan with last time's numbers and the plates beside it; only the sets the person marks
//! done are recorded. The rest timer, the saved-on-the-phone state and the offline queue are
//! the script's (`/assets/app.js`); without it the page is one form that works the same.

#[allow(
    clippy::wildcard_imports,
    reason = "the pages share one set of imports"
)]
use super::*;

/// One working-set row of the workout: what the plan says and what was done last time.
struct Row {
    planned: Option<(f64, u32, f64)>,
    last: Option<resilift_api::next::SetDto>,
}

/// The workout form's sets with only the rows marked done kept, so the log's own reading of
/// a session (and its messages, field by field) applies unchanged.
pub(super) fn done_sets_only(fields: &Fields) -> Fields {
    let done: Vec<usize> = (0..SET_ROWS)
        .filter(|row| fields.checked(&format!("sets[{row}].done")))
        .collect();
    let mut kept: Vec<(String, String)> = fields
        .0
        .iter()
        .filter(|(name, _)| {
            let row = name
                .strip_prefix("sets[")
                .and_then(|rest| rest.split(']').next())
                .and_then(|n| n.parse::<usize>().ok());
            row.is_none_or(|row| done.contains(&row))
        })
        .cloned()
        .collect();
    if !fields.checked("completed") {
        let planned: usize = fields.get("planned_sets").parse().unwrap_or(0);
        // A calibration has no planned sets: it is done as prescribed when its sets are marked.
        let all_done = if planned == 0 {
            !done.is_empty()
        } else {
            (0..planned).all(|row| done.contains(&row))
        };
        kept.push((
            "completed".into(),
            if all_done { "yes" } else { "no" }.into(),
        ));
    }
    Fields(kept)
}

fn workout_page(
    viewer: &Principal,
    plan: &NextResponse,
    rows: &[Row],
    fields: &Fields,
    problems: &Problems,
    too_soon: Option<&str>,
) -> Markup {
    let units = plan.units.as_str();
    let fmt = resilift_core::prescribe::fmt_load;
    let bell = plan.exercise == StageDto::Kettlebell;
    let planned_sets = rows.iter().filter(|r| r.planned.is_some()).count();
    html! {
        h1 { "Workout: " (exercise_name(plan.exercise)) }
        div class="stop-strip" role="note" {
            strong { "Stop the set at once" } " for sharp or catching pain, pain or tingling into a leg, or pain above 5 out of 10."
        }
        (problem_summary(problems))
        @if plan.decision == PlanDecisionDto::WaitForCheckIn {
            div class="card prompt" role="note" {
                p { "Your last session's morning check-in is not answered yet. Answer it on " a href="/home" { "Home" } " first if you can: until then the plan repeats your last load and cannot move on." }
            }
        }
        form method="post" action="/workout" novalidate data-offline="workout" data-workout {
            (csrf_field(viewer))
            @if let Some(warning) = too_soon {
                div class="card prompt" id=(dom_id("confirm_spacing")) aria-describedby=[crate::web::described(problems, "confirm_spacing")] {
                    p { (warning) }
                    (field_problems(problems, "confirm_spacing"))
                    div class="check" {
                        input type="checkbox" id="confirm-spacing" name="confirm_spacing" value="yes" checked[fields.checked("confirm_spacing")];
                        label for="confirm-spacing" { "Yes, I am training today: save it anyway" }
                    }
                }
            }
            input type="hidden" name="date" value=(fields.get("date"));
            input type="hidden" name="exercise" value=(plan.exercise.code());
            input type="hidden" name="planned_sets" value=(planned_sets);
            @if plan.decision == PlanDecisionDto::Calibrate {
                section class="card" {
                    h2 { "Calibration" }
                    p { "Start with the first warm-up load for 8 easy reps. Then add a small step for each set of 5, resting 2 to 3 minutes, until a set of 5 feels like RPE 7 (3 more reps left in you). Stop there and never go to a maximum." }
                    p { "Write down each set of 5 as you do it and mark it done: the last one sets your working loads." }
                }
            }
            @if !plan.warmups.is_empty() {
                section aria-labelledby="warm-title" {
                    h2 id="warm-title" { "Warm-up" }
                    p class="hint" { "Tick them off as you go; warm-up sets are not recorded." }
                    @for (index, set) in plan.warmups.iter().enumerate() {
                        @let id = format!("warm-{index}");
                        div class="check big" {
                            input type="checkbox" id=(id) data-warmup;
                            label for=(id) {
                                (fmt(set.load)) " " (units) " × " (set.reps)
                                span class="cue" { @if bell { "the " (fmt(set.load)) " " (units) " bell" } @else { (super::week::plates(set.load, plan).unwrap_or_default()) } }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="work-title" id=(dom_id("sets")) aria-describedby=[crate::web::described(problems, "sets")] {
                h2 id="work-title" { @if planned_sets > 0 { "Working sets" } @else { "Your sets" } }
                p class="hint" { "Loads in " (units) ". Did the set as written? Tap " strong { "Done" } ". Did it differently? Change the numbers first, then tap Done. Sets you do not mark are not recorded." }
                (field_problems(problems, "sets"))
                @for (index, row) in rows.iter().enumerate() {
                    @let name = |key: &str| format!("sets[{index}].{key}");
                    fieldset class="wset" data-set=(index) {
                        legend {
                            @if row.planned.is_some() { "Set " (index + 1) " of " (planned_sets) } @else { "Set " (index + 1) }
                        }
                        @if let Some((load, reps, rpe)) = row.planned {
                            p class="plan-line" {
                                strong { (fmt(load)) " " (units) " × " (reps) } " at RPE " (fmt(rpe))
                                @if !bell { @if let Some(p) = super::week::plates(load, plan) { " · " (p) } }
                            }
                        }
                        @if let Some(last) = &row.last {
                            p class="small" { "Last time: " (fmt(last.load)) " " (units) " × " (last.reps) @if let Some(rpe) = last.rpe { ", RPE " (fmt(rpe)) } }
                        }
                        div class="set-inputs" {
                            @for (key, label, step) in [("load", "Load", "any"), ("reps", "Reps", "1"), ("rpe", "RPE", "0.5")] {
                                @let field = name(key);
                                div class="mini" {
                                    label for=(dom_id(&field)) { (label) }
                                    input type="number" id=(dom_id(&field)) aria-describedby=[crate::web::described(problems, &field)] name=(field) value=(fields.get(&field)) step=(step) min="0" inputmode="decimal"
                                        aria-invalid=[(!problems.of(&field).is_empty()).then_some("true")]
                                        aria-describedby=[(!problems.of(&field).is_empty()).then(|| format!("{}-error", dom_id(&field)))];
                                    (field_problems(problems, &field))
                                }
                            }
                        }
                        @let done = name("done");
                        div class="done-toggle" {
                            input type="checkbox" id=(dom_id(&done)) aria-describedby=[crate::web::described(problems, &done)] name=(done) value="yes" checked[fields.checked(&done)] data-done;
                            label for=(dom_id(&done)) { "Done" }
                        }
                    }
                }
            }
            div class="field" data-rest-setting hidden {
                label for="rest-length" { "Rest between working sets" }
                select id="rest-length" data-rest-length {
                    @for (seconds, words) in [(120, "2 minutes"), (180, "3 minutes"), (240, "4 minutes"), (300, "5 minutes")] {
                        option value=(seconds) selected[seconds == 180] { (words) }
                    }
                }
            }
            // One low bar at the foot of the screen, so the next set's Done stays in view.
            div class="rest" id="rest" hidden data-rest {
                p class="rest-label" { "Rest" }
                p class="rest-time" aria-live="off" data-rest-time { "3:00" }
                button type="button" class="secondary" data-rest-add { "+30 s" }
                button type="button" class="secondary" data-rest-skip { "Skip" }
            }
            section aria-labelledby="finish-title" {
                h2 id="finish-title" { "Finish: how did your back answer?" }
                fieldset {
                    legend { "Pain" }
                    (pain_choice(fields, problems, "pain.before", "Before the session"))
                    (pain_choice(fields, problems, "pain.during_max", "Worst during the session"))
                    (pain_choice(fields, problems, "pain.after", "Right after"))
                }
                (leg_question("leg_symptoms", "wleg", fields, problems, "During or after the session, did pain, tingling or numbness spread into a leg?"))
                fieldset {
                    legend { "Form" }
                    p class="hint" { "Tick anything you or your coach noticed; each comes with its cue for next time. Filmed a set from the side? After you save, choose " strong { "Check my form" } " on the next page and the clip's angles and any faults it sees are shown for you to confirm (experimental)." }
                    @for fault in Fault::ALL {
                        div class="check" {
                            input type="checkbox" id=(format!("wfault-{}", fault.id())) name="faults" value=(fault.id()) checked[fields.has("faults", fault.id())];
                            label for=(format!("wfault-{}", fault.id())) { (fault.label()) span class="cue" { " Cue: " (fault.cue()) } }
                        }
                    }
                }
                (warning_signs_since_screening("wrf", fields, problems, "loading"))
                button type="submit" class="wide" { "Finish and save" }
            }
        }
    }
}

fn exercise_name(stage: StageDto) -> &'static str {
    match stage {
        StageDto::Kettlebell => "kettlebell deadlift",
        StageDto::TrapBar => "trap-bar deadlift",
        StageDto::Barbell => "barbell deadlift",
        StageDto::Foundation | StageDto::None => "foundation work",
    }
}

/// The rows of today's workout: the plan's sets (or empty rows for a calibration), each with
/// the same set of the last session at this lift.
async fn rows_for(state: &AppState, lifter: &str, plan: &NextResponse) -> Vec<Row> {
    let last: Vec<resilift_api::next::SetDto> = state
        .store()
        .sessions(lifter, None, 1)
        .await
        .ok()
        .and_then(|page| page.items.into_iter().next())
        .and_then(|row| serde_json::from_str::<SessionDto>(&row.body).ok())
        .filter(|s| s.exercise.as_str() == plan.exercise.code())
        .map(|s| s.sets)
        // Set by set only when last time had the same sets (not a calibration's climb).
        .filter(|sets| sets.len() == plan.sets.len())
        .unwrap_or_default();
    let count = if plan.sets.is_empty() {
        SET_ROWS
    } else {
        plan.sets.len().min(SET_ROWS)
    };
    (0..count)
        .map(|index| Row {
            planned: plan.sets.get(index).map(|s| (s.load, s.reps, s.target_rpe)),
            last: last.get(index).cloned(),
        })
        .collect()
}

/// The plan's numbers in the set fields, so "Done" records the set as written.
fn prefilled(today: NaiveDate, plan: &NextResponse) -> Fields {
    let fmt = resilift_core::prescribe::fmt_load;
    let mut fields = vec![("date".to_owned(), today.to_string())];
    for (index, set) in plan.sets.iter().enumerate().take(SET_ROWS) {
        fields.push((format!("sets[{index}].load"), fmt(set.load)));
        fields.push((format!("sets[{index}].reps"), set.reps.to_string()));
        fields.push((format!("sets[{index}].rpe"), fmt(set.target_rpe)));
    }
    Fields(fields)
}

/// Today's plan when it has a deadlift session to do, else the page to show instead.
async fn todays_plan(state: &AppState, viewer: &Principal) -> Result<NextResponse, Response> {
    match views::next_session(state, viewer.id()).await {
        Ok(view)
            if super::week::lifts(&view.plan) && view.plan.decision != PlanDecisionDto::Stop =>
        {
            Ok(view.plan)
        }
        Ok(_) => Err(Redirect::to("/week").into_response()),
        Err(error) if error.status == StatusCode::CONFLICT => {
            Err(Redirect::to("/week").into_response())
        }
        Err(error) => Err(refusal(viewer, &error)),
    }
}

pub(crate) async fn workout_form(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
) -> Response {
    let today = viewer.today(state.now());
    if let Ok(view) = views::next_session(&state, viewer.id()).await
        && super::foundation::is_foundation_day(&view.plan)
    {
        let fields = Fields(vec![("date".to_owned(), today.to_string())]);
        return page(
            Some(&viewer),
            "Workout",
            super::foundation::foundation_workout_page(
                &viewer,
                &view.plan,
                &fields,
                &Problems::default(),
            ),
        )
        .into_response();
    }
    let plan = match todays_plan(&state, &viewer).await {
        Ok(plan) => plan,
        Err(page) => return page,
    };
    let rows = rows_for(&state, viewer.id(), &plan).await;
    let fields = prefilled(today, &plan);
    let context = super::logging::log_context(&state, viewer.id(), Some(today)).await;
    page(
        Some(&viewer),
        "Workout",
        workout_page(
            &viewer,
            &plan,
            &rows,
            &fields,
            &Problems::default(),
            context.too_soon.as_deref(),
        ),
    )
    .into_response()
}

pub(crate) async fn workout(
    State(state): State<AppState>,
    LifterPosted { viewer, fields }: LifterPosted,
) -> Response {
    let lifter = viewer.id();
    let done = done_sets_only(&fields);
    let session = SessionDto::try_from(&done);
    let mut problems = session.as_ref().err().cloned().unwrap_or_default();
    if let Some(messages) = problems.messages_mut("sets") {
        *messages =
            vec!["mark each set you did as done; sets you do not mark are not recorded".into()];
    }
    let day = fields.get("date").parse::<NaiveDate>().ok();
    let context = super::logging::log_context(&state, lifter, day).await;
    if context.too_soon.is_some() && !fields.checked("confirm_spacing") {
        problems.add(
            "confirm_spacing",
            "confirm the day: this is closer to your last session than the plan allows",
        );
    }
    if let (true, Ok(dto)) = (problems.is_empty(), &session) {
        match crate::service::sessions::save_session(&state, lifter, viewer.today(state.now()), dto)
            .await
        {
            Ok(saved) => return Redirect::to(&format!("/sessions/{}", saved.id)).into_response(),
            Err(error) => problems = Problems::from_error(&error),
        }
    }
    let plan = match todays_plan(&state, &viewer).await {
        Ok(plan) => plan,
        Err(page) => return page,
    };
    let rows = rows_for(&state, lifter, &plan).await;
    form_page(
        Some(&viewer),
        "Workout",
        &problems,
        workout_page(
            &viewer,
            &plan,
            &rows,
            &fields,
            &problems,
            context.too_soon.as_deref(),
        ),
    )
}
