//! The risk profile: which factors apply and how strong the evidence is.

#[allow(
    clippy::wildcard_imports,
    reason = "the pages share one set of imports"
)]
use super::*;

pub(super) fn risk_page(
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
                        (crate::web::evidence_list(&f.evidence))
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
                    input type="checkbox" id=(dom_id(name)) aria-describedby=[crate::web::described(problems, name)] name=(name) checked[fields.checked(name)];
                    label for=(dom_id(name)) { (label) }
                }
            }
            @for (name, label) in [("diet", "Diet"), ("sleep.quality", "Sleep quality")] {
                div class="field" {
                    label for=(dom_id(name)) { (label) }
                    select id=(dom_id(name)) aria-describedby=[crate::web::described(problems, name)] name=(name) {
                        @for (value, text) in quality { option value=(value) selected[fields.get(name) == value] { (text) } }
                    }
                }
            }
            (number_input(fields, problems, "sleep.hours", "Usual hours of sleep a night", None, ("0", "24", "0.5")))
            div class="field" {
                label for=(dom_id("activity")) { "Activity" }
                select id=(dom_id("activity")) aria-describedby=[crate::web::described(problems, "activity")] name="activity" {
                    @for (value, text) in [("sedentary", "Mostly sitting"), ("light", "Light"), ("moderate", "Moderate"), ("active", "Active")] {
                        option value=(value) selected[fields.get("activity") == value] { (text) }
                    }
                }
            }
            (number_input(fields, problems, "sitting.hours_per_day", "Hours a day sitting", None, ("0", "24", "0.5")))
            div class="check" {
                input type="checkbox" id=(dom_id("sitting.breaks")) aria-describedby=[crate::web::described(problems, "sitting.breaks")] name="sitting.breaks" checked[fields.checked("sitting.breaks")];
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
    form_page(
        Some(&viewer),
        "Risk profile",
        &problems,
        risk_page(&viewer, &fields, &problems, result.as_ref()),
    )
}
