//! This week's plan: sets, loads, plates and what to watch.

#[allow(
    clippy::wildcard_imports,
    reason = "the pages share one set of imports"
)]
use super::*;

pub(super) fn plates(load: f64, plan: &NextResponse) -> Option<String> {
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
pub(super) fn lifts(plan: &NextResponse) -> bool {
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
            // The retest day is in the lead sentence, from the screening; the plan's own date is
            // only the earliest day of the next loaded session.
            (programme_markup(&plan.programme, None))
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
            div class="table-wrap" role="region" tabindex="0" aria-label="Warm-up sets" { table class="stack" {
                thead { tr { th scope="col" { "Load" } th scope="col" { "Reps" } th scope="col" { @if bell { "Bell" } @else { "Plates" } } } }
                tbody {
                    @for set in &plan.warmups {
                        tr { td data-label="Load" { (fmt(set.load)) " " (units) } td data-label="Reps" { (set.reps) } td data-label=(if bell { "Bell" } else { "Plates" }) { @if bell { "pick up the " (fmt(set.load)) " " (units) " bell" } @else { (plates(set.load, plan).unwrap_or_default()) } } }
                    }
                }
            } }
        }
        @if !plan.sets.is_empty() {
            h2 { "Working sets" }
            div class="table-wrap" role="region" tabindex="0" aria-label="Working sets" { table class="stack" {
                thead { tr { th scope="col" { "Set" } th scope="col" { "Load" } th scope="col" { "Reps" } th scope="col" { "Effort" } th scope="col" { @if bell { "Bell" } @else { "Plates" } } } }
                tbody {
                    @for (index, set) in plan.sets.iter().enumerate() {
                        tr { td data-label="Set" { (index + 1) } td data-label="Load" { (fmt(set.load)) " " (units) } td data-label="Reps" { (set.reps) } td data-label="Effort" { "RPE " (fmt(set.target_rpe)) } td data-label=(if bell { "Bell" } else { "Plates" }) { @if bell { (fmt(set.load)) " " (units) " bell" } @else { (plates(set.load, plan).unwrap_or_default()) } } }
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
    let screening = match latest_screening_view(&state, &viewer).await {
        Ok(screening) => screening,
        Err(page) => return page,
    };
    let plan = views::next_session(&state, lifter).await;
    let urgency = urgency_of(screening.as_ref(), plan.as_ref().ok());
    let content = match (&plan, urgency) {
        (_, Some(urgency)) => html! {
            h1 { "This week" }
            (urgent_banner(urgency, number))
            @if let Ok(plan) = &plan { (plan_markup(plan)) }
        },
        (Ok(plan), None) if super::foundation::is_foundation_day(&plan.plan) => html! {
            h1 { "This week" }
            p class="actions" {
                a class="button" href="/workout" { "Start today's foundation work" }
            }
            (plan_markup(plan))
            p class="actions" { a class="button secondary" href="/screen" { "Take the screening" } }
        },
        (Ok(plan), None) => html! {
            h1 { "This week" }
            (plan_markup(plan))
            @if lifts(&plan.plan) {
                p class="actions" {
                    a class="button" href="/workout" { "Start the workout" }
                    " "
                    a class="button secondary" href="/log" { "Log it afterwards" }
                }
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
