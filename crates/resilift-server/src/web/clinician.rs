//! The clinician's workspace: roster with a status per client, client detail with the same
//! charts the lifter sees, adding assessments, and overrides with a note.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use resilift_api::words::Words as _;

use super::{
    Fields, Posted, Problems, Viewer, chip, csrf_field, dom_id, field_problems, form_page,
    problem_summary, refusal,
};
use crate::AppState;
use crate::auth::Principal;
use crate::service::links::OverrideRequest;
use crate::views;

async fn roster_page(
    state: &AppState,
    viewer: &Principal,
    fields: &Fields,
    problems: &Problems,
) -> Response {
    let Ok(clinician) = viewer.clinician() else {
        return Redirect::to("/home").into_response();
    };
    let page_of = match state.store().clients(clinician, None, 200).await {
        Ok(page_of) => page_of,
        Err(error) => return refusal(viewer, &error.into()),
    };
    let mut rows = Vec::new();
    for link in &page_of.items {
        let status = views::status(state, &link.lifter_id).await;
        rows.push((link, status));
    }
    form_page(
        Some(viewer),
        "Clients",
        problems,
        html! {
            h1 { "Clients" }
            @if rows.is_empty() {
                p { "No clients yet. Ask a client to make an invite code under My data, then enter it below." }
            } @else {
                div class="table-wrap" role="region" tabindex="0" aria-label="Clients" {
                    table class="stack" {
                        caption { "Red: a warning sign, a red pain response or an overdue re-screen. Amber: an amber response, relative rest or an unanswered check-in." }
                        thead { tr { th scope="col" { "Client" } th scope="col" { "Status" } th scope="col" { "Why" } th scope="col" { "Last session" } } }
                        tbody {
                            @for (link, status) in &rows {
                                tr {
                                    td class="wrap" data-label="Client" { a href=(format!("/clients/{}", link.lifter_id)) { (link.lifter_email) } }
                                    @match status {
                                        Ok(status) => {
                                            td class="wrap" data-label="Status" {
                                                @if let Some(urgency) = status.status.urgency { span class=(format!("chip chip-urgent chip-{}", urgency.code())) { (urgency.words()) } " " }
                                                (chip(status.status.colour)) @if status.status.check_in_overdue { " " span class="chip chip-amber" { "check-in overdue" } }
                                            }
                                            td class="why" data-label="Why" { (status.status.reasons.iter().map(|r| r.message.as_str()).collect::<Vec<_>>().join(" ")) }
                                            td data-label="Last session" { (status.last_session.map_or_else(|| "—".to_owned(), super::dates::short)) }
                                        }
                                        Err(error) => { td colspan="3" { (super::unavailable("this client's status", error)) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section class="card" {
                h2 { "Add a client" }
                (problem_summary(problems))
                form method="post" action="/clients" novalidate {
                    (csrf_field(viewer))
                    div class="field" {
                        label for=(dom_id("code")) { "Invite code from your client" }
                        (field_problems(problems, "code"))
                        input type="text" id=(dom_id("code")) aria-describedby=[super::described(problems, "code")] name="code" value=(fields.get("code")) autocomplete="off" autocapitalize="characters" placeholder="ABCD-EFGH-JKMN";
                    }
                    button type="submit" { "Link" }
                }
            }
        },
    )
}

pub(crate) async fn roster(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    roster_page(&state, &viewer, &Fields::default(), &Problems::default()).await
}

pub(crate) async fn link(
    State(state): State<AppState>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let Ok(clinician) = viewer.clinician() else {
        return Redirect::to("/home").into_response();
    };
    match crate::service::links::redeem(&state, clinician, fields.get("code")).await {
        Ok(link) => Redirect::to(&format!("/clients/{}", link.lifter_id)).into_response(),
        Err(error) => roster_page(&state, &viewer, &fields, &Problems::from_error(&error)).await,
    }
}

async fn detail_page(
    state: &AppState,
    viewer: &Principal,
    id: &str,
    fields: &Fields,
    problems: &Problems,
) -> Response {
    let client = match crate::access::linked(state, viewer, id, Some("detail_page")).await {
        Ok(client) => client,
        Err(error) => return refusal(viewer, &error),
    };
    let account = match state.store().account(&client).await {
        Ok(Some(account)) => account,
        Ok(None) => return refusal(viewer, &crate::error::ApiError::not_found("client")),
        Err(error) => return refusal(viewer, &error.into()),
    };
    let status = views::status(state, &client).await;
    let screening = state
        .store()
        .latest_screening(&client)
        .await
        .map_err(crate::error::ApiError::from)
        .and_then(|s| s.as_ref().map(views::screening_view).transpose());
    let plan = views::next_session(state, &client).await;
    let progress = views::progress(state, &client).await;
    let overrides = state
        .store()
        .overrides(&client)
        .await
        .map_err(crate::error::ApiError::from);
    let triages: Result<Vec<views::TriageView>, crate::error::ApiError> =
        match state.store().triages(&client, None, 10).await {
            Ok(page) => page.items.iter().map(views::triage_view).collect(),
            Err(error) => Err(error.into()),
        };
    let assessments = state
        .store()
        .all_assessments(&client)
        .await
        .map_err(crate::error::ApiError::from);
    form_page(
        Some(viewer),
        "Client",
        problems,
        html! {
            h1 { (account.email) }
            @match &status {
                Ok(status) => {
                    @if let Some(urgency) = status.status.urgency {
                        (super::urgent_banner(urgency, None))
                    }
                    p { "Status: " (chip(status.status.colour)) }
                    (super::reason_list(&status.status.reasons))
                }
                Err(error) => { (super::unavailable("this client's status", error)) }
            }
            section class="card" {
                h2 { "After a painful lift" }
                @match &triages {
                    Ok(triages) if triages.is_empty() => { p { "No answers to the post-lift questions yet." } }
                    Ok(triages) => {
                        ul { @for t in triages {
                            li { (super::lifter::long_date(t.date)) ": " strong { (t.result.outcome.words()) } " (" (t.result.days_since_onset) " days after the pain began). "
                                (t.result.reasons.first().map_or("", |r| r.message.as_str())) }
                        } }
                    }
                    Err(error) => { (super::unavailable("the post-lift answers", error)) }
                }
            }
            section class="card" {
                h2 { "Latest screening" }
                @match &screening {
                    Ok(Some(s)) => {
                        p { (super::lifter::long_date(s.as_of)) ": " strong { (s.result.decision.words()) } " — " (s.result.headline) }
                        (super::reason_list(&s.result.reasons))
                    }
                    Ok(None) => { p { "Not screened yet." } }
                    Err(error) => { (super::unavailable("the latest screening", error)) }
                }
            }
            section class="card" {
                h2 { "Next session" }
                @match &plan {
                    Ok(plan) => { (super::lifter::plan_markup(plan)) }
                    Err(error) => { p { (error.body.error) } }
                }
            }
            section class="card" {
                h2 { "Override the plan" }
                p class="hint" { "Your note is shown to your client and kept in the audit log. A rung you set applies from now on, but never lifts a screening that sent them to a clinician or to emergency care." }
                @match &overrides {
                    Ok(overrides) => { @if let Some(o) = overrides.first() { p { "Current note (" (super::lifter::long_date(o.created_at.date_naive())) "): " (o.note) } } }
                    Err(error) => { (super::unavailable("the current note", error)) }
                }
                (problem_summary(problems))
                form method="post" action=(format!("/clients/{client}/override")) novalidate {
                    (csrf_field(viewer))
                    div class="field" {
                        label for=(dom_id("note")) { "Note for your client" }
                        (field_problems(problems, "note"))
                        textarea id=(dom_id("note")) aria-describedby=[super::described(problems, "note")] name="note" rows="3" { (fields.get("note")) }
                    }
                    div class="field" {
                        label for=(dom_id("stage")) { "Rung" }
                        (field_problems(problems, "stage"))
                        select id=(dom_id("stage")) aria-describedby=[super::described(problems, "stage")] name="stage" {
                            option value="" { "Keep the rung from the screening" }
                            @for (value, label) in [("foundation", "Foundation work"), ("kettlebell", "Kettlebell deadlift"), ("trap_bar", "Trap-bar deadlift"), ("barbell", "Barbell deadlift")] {
                                option value=(value) selected[fields.get("stage") == value] { (label) }
                            }
                        }
                    }
                    fieldset id=(dom_id("cleared_flags")) aria-describedby=[super::described(problems, "cleared_flags")] {
                        legend { "Clear for loading (from your client's next screening)" }
                        p class="hint" { "Tick only what you have reviewed. Emergency and same-day signs can never be cleared here." }
                        (field_problems(problems, "cleared_flags"))
                        div class="grid-checks" {
                            @for item in resilift_core::domain::Clearable::all() {
                                @let box_id = format!("clear-{}", item.id());
                                div class="check" {
                                    input type="checkbox" id=(box_id) name="cleared_flags" value=(item.id()) checked[fields.has("cleared_flags", item.id())];
                                    label for=(box_id) { (item.question()) }
                                }
                            }
                        }
                    }
                    button type="submit" { "Save override" }
                }
            }
            section class="card" {
                h2 { "Add an assessment" }
                ul class="links inline-list" {
                    @for (id, title) in [("biering_sorensen", "Biering-Sørensen"), ("mcgill", "McGill battery"), ("bunkie", "Bunkie"), ("nprs", "Pain scale"), ("odi", "ODI"), ("rmdq", "RMDQ"), ("startback", "STarT Back"), ("tsk11", "TSK-11")] {
                        li { a href=(format!("/clients/{client}/assess/{id}")) { (title) } }
                    }
                }
                @match &assessments {
                    Ok(assessments) => {
                        @if !assessments.is_empty() {
                            ul { @for a in assessments.iter().rev().take(10) {
                                li { (super::lifter::long_date(a.taken_on)) " · " (super::assess::title(&a.instrument)) ": " (super::assess::summary(a)) }
                            } }
                        }
                    }
                    Err(error) => { (super::unavailable("the assessments", error)) }
                }
            }
            h2 { "Progress" }
            @match &progress {
                Ok(progress) => { (super::lifter::progress_markup(progress, None)) }
                Err(error) => { (super::unavailable("the progress charts", error)) }
            }
        },
    )
}

pub(crate) async fn detail(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Response {
    detail_page(
        &state,
        &viewer,
        &id,
        &Fields::default(),
        &Problems::default(),
    )
    .await
}

pub(crate) async fn override_plan(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let client = match crate::access::linked(&state, &viewer, &id, Some("override")).await {
        Ok(client) => client,
        Err(error) => return refusal(&viewer, &error),
    };
    match crate::service::links::save_override(
        &state,
        viewer.id(),
        &client,
        OverrideRequest::from(&fields),
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/clients/{client}")).into_response(),
        Err(error) => {
            detail_page(
                &state,
                &viewer,
                &client,
                &fields,
                &Problems::from_error(&error),
            )
            .await
        }
    }
}
