//! When it hurts after a deadlift: the triage questions and their answer.

#[allow(
    clippy::wildcard_imports,
    reason = "the pages share one set of imports"
)]
use super::*;

pub(super) fn flare_page(
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
                ul { @for o in &result.care_options { li { (o.name) " — " (o.grading) " (" (crate::web::level_words(&o.level)) ")" } } }
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
                input type="date" id=(dom_id("onset")) aria-describedby=[crate::web::described(problems, "onset")] name="onset" value=(fields.get("onset"));
            }
            (pain_choice(fields, problems, "pain_now", "Pain now"))
            (leg_question("leg_symptoms", "fleg", fields, problems, "Does pain, tingling or numbness spread into a leg?"))
            @for (name, label) in [("numbness_or_weakness", "Numbness or weakness in a leg"), ("disc_bulge_known", "I have a known disc bulge"), ("improving", "It is getting better day by day")] {
                div class="check" {
                    input type="checkbox" id=(dom_id(name)) aria-describedby=[crate::web::described(problems, name)] name=(name) checked[fields.checked(name)];
                    label for=(dom_id(name)) { (label) }
                }
            }
            fieldset id=(dom_id("red_flags")) aria-describedby=[crate::web::described(problems, "red_flags")] {
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
    let mut days = Problems::default();
    crate::web::forms::check_days(&fields, &["onset"], today, &mut days);
    let problems = match TriageSubmission::try_from(&fields) {
        Ok(_) if !days.is_empty() => days,
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
        Err(mut problems) => {
            problems.extend(days);
            problems
        }
    };
    let shown = if result.is_some() {
        Fields::default()
    } else {
        fields
    };
    form_page(
        Some(&viewer),
        "It hurts",
        &problems,
        flare_page(&viewer, &shown, &problems, result.as_ref(), number),
    )
}
