//! The thread between a lifter and a linked clinician, for both of them: the clinician's notes
//! and the messages each writes, with a reply form.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::{
    Fields, Posted, Problems, Viewer, csrf_field, dom_id, field_problems, form_page, long_instant,
    problem_summary, refusal,
};
use crate::AppState;
use crate::auth::Principal;
use crate::service::messages;

async fn thread_page(
    state: &AppState,
    viewer: &Principal,
    link_id: &str,
    fields: &Fields,
    problems: &Problems,
    sent: bool,
) -> Response {
    let link = match messages::link_of(state, viewer, link_id).await {
        Ok(link) => link,
        Err(error) => return refusal(viewer, &error),
    };
    let items = match messages::thread(state, viewer, &link).await {
        Ok(items) => items,
        Err(error) => return refusal(viewer, &error),
    };
    let lifter_side = link.lifter_id == viewer.id();
    let other = if lifter_side {
        link.clinician_name
            .clone()
            .unwrap_or_else(|| link.clinician_email.clone())
    } else {
        link.lifter_name
            .clone()
            .unwrap_or_else(|| link.lifter_email.clone())
    };
    let mine = if lifter_side { "lifter" } else { "clinician" };
    form_page(
        Some(viewer),
        "Messages",
        problems,
        html! {
            h1 { "Messages with " (other) }
            @if sent { p class="notice" role="status" { "Sent. " (other) " sees it the next time they open resilift." } }
            @if !lifter_side { p { a href=(format!("/clients/{}", link.lifter_id)) { "Back to " (other) "'s record" } } }
            @if items.is_empty() {
                p { "Nothing written yet." }
            } @else {
                ol class="thread" {
                    @for item in &items {
                        li class=(if item.from == mine { "mine" } else { "theirs" }) {
                            p class="who" {
                                @if item.from == mine { "You" } @else { (other) }
                                @if item.kind == "note" { ", with the plan" }
                                " · " (long_instant(item.at, &viewer.time_zone))
                            }
                            p class="body" { (item.body) }
                        }
                    }
                }
            }
            section class="card" {
                h2 { "Write to " (other) }
                @if lifter_side { p class="hint" { "For anything urgent, such as numbness in the saddle area or trouble passing urine, do not wait for an answer here: use the emergency instruction under \u{201c}It hurts\u{201d}." } }
                (problem_summary(problems))
                form method="post" action=(format!("/messages/{}", link.id)) novalidate {
                    (csrf_field(viewer))
                    div class="field" {
                        label for=(dom_id("body")) { "Message" }
                        (field_problems(problems, "body"))
                        textarea id=(dom_id("body")) aria-describedby=[super::described(problems, "body")] name="body" rows="4" { (fields.get("body")) }
                    }
                    button type="submit" { "Send" }
                }
            }
        },
    )
}

pub(crate) async fn show(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    let sent = raw.as_deref() == Some("sent=1");
    thread_page(
        &state,
        &viewer,
        &id,
        &Fields::default(),
        &Problems::default(),
        sent,
    )
    .await
}

pub(crate) async fn send(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let link = match messages::link_of(&state, &viewer, &id).await {
        Ok(link) => link,
        Err(error) => return refusal(&viewer, &error),
    };
    match messages::send(&state, &viewer, &link, fields.get("body")).await {
        Ok(_) => Redirect::to(&format!("/messages/{}?sent=1", link.id)).into_response(),
        Err(error) => {
            thread_page(
                &state,
                &viewer,
                &id,
                &fields,
                &Problems::from_error(&error),
                false,
            )
            .await
        }
    }
}
