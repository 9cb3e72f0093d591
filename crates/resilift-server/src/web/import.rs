//! Importing history from Strong, Hevy or FitNotes: upload a file, check the preview (what maps
//! to which rung, the units, duplicates, unreadable rows), then import or discard it; an
//! import can be undone as a whole later.

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::{
    Fields, LifterViewer, Posted, Problems, csrf_field, csrf_refusal, dom_id, field_problems,
    form_page, problem_summary, refusal,
};
use crate::AppState;
use crate::auth::Principal;
use crate::service::imports::{self, ImportSessionView, ImportView, UploadQuery};

fn rung_words(exercise: resilift_api::next::ExerciseDto) -> &'static str {
    resilift_core::prescribe::Exercise::from(exercise)
        .stage()
        .label()
}

fn app_name(app: &str) -> &'static str {
    match app {
        "strong" => "Strong",
        "hevy" => "Hevy",
        _ => "FitNotes",
    }
}

fn units_words(units: resilift_api::next::UnitsDto) -> &'static str {
    match units {
        resilift_api::next::UnitsDto::Kg => "kilograms",
        resilift_api::next::UnitsDto::Lb => "pounds",
    }
}

/// "3 kettlebell and 2 barbell": only the rungs present.
fn rung_counts(count: &dyn Fn(resilift_api::next::ExerciseDto) -> usize) -> String {
    let parts: Vec<String> = [
        (resilift_api::next::ExerciseDto::Kettlebell, "kettlebell"),
        (resilift_api::next::ExerciseDto::TrapBar, "trap-bar"),
        (resilift_api::next::ExerciseDto::Barbell, "barbell"),
    ]
    .into_iter()
    .filter_map(|(rung, name)| {
        let n = count(rung);
        (n > 0).then(|| format!("{n} {name}"))
    })
    .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A message's `typed text` in quotation marks, as a page writes it.
fn quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open = true;
    for c in message.chars() {
        if c == '`' {
            out.push(if open { '\u{201c}' } else { '\u{201d}' });
            open = !open;
        } else {
            out.push(c);
        }
    }
    out
}

fn sets_words(session: &ImportSessionView, units: &str) -> String {
    session
        .sets
        .iter()
        .map(|set| {
            let load = resilift_core::prescribe::fmt_load(set.load);
            let rpe = set
                .rpe
                .map(|r| format!(" at RPE {}", resilift_core::prescribe::fmt_load(r)))
                .unwrap_or_default();
            let warm = if set.warmup { " (warm-up)" } else { "" };
            format!("{load} {units} × {}{rpe}{warm}", set.reps)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn session_rows(sessions: &[ImportSessionView], units: &str) -> Markup {
    html! {
        div class="table-wrap" role="region" tabindex="0" aria-label="Sessions in the file" {
            table class="stack" {
                thead { tr { th scope="col" { "Day" } th scope="col" { "Imported as" } th scope="col" { "Name in the file" } th scope="col" { "Sets" } th scope="col" { "Estimated 1RM" } } }
                tbody {
                    @for s in sessions.iter().rev() {
                        tr {
                            td data-label="Day" { (super::lifter::long_date(s.date)) }
                            td class="wrap" data-label="Imported as" { (rung_words(s.exercise)) }
                            td class="wrap" data-label="Name in the file" { (s.source_name) }
                            td class="wrap" data-label="Sets" { (sets_words(s, units)) }
                            td data-label="Estimated 1RM" { @match s.e1rm { Some(e) => { (resilift_core::prescribe::fmt_load(e)) " " (units) } None => { "none" } } }
                        }
                    }
                }
            }
        }
    }
}

/// The sessions, newest first; a long history shows its newest 30 and folds the rest.
fn sessions_markup(sessions: &[ImportSessionView], units: &str) -> Markup {
    const SHOWN: usize = 30;
    if sessions.len() <= SHOWN {
        return session_rows(sessions, units);
    }
    let (older, newer) = sessions.split_at(sessions.len() - SHOWN);
    html! {
        (session_rows(newer, units))
        details {
            summary { (older.len()) " earlier sessions" }
            (session_rows(older, units))
        }
    }
}

fn preview_markup(viewer: &Principal, view: &ImportView) -> Markup {
    let units = view.shown_in.as_str();
    let by_rung = |rung: resilift_api::next::ExerciseDto| {
        view.sessions.iter().filter(|s| s.exercise == rung).count()
    };
    html! {
        section class="card" aria-labelledby="what-heading" {
            h2 id="what-heading" { "What the file holds" }
            p { "An export from " strong { (app_name(&view.app)) } ", " (view.rows) " rows." }
            @if view.units_assumed {
                p class="notice warning" role="note" { "The file does not say its weight units, so they were read as " (units_words(view.units)) ". If they are not, discard this and upload the file again choosing the right units." }
            } @else {
                p { "Weights in " (units_words(view.units)) ", as the file says" @if view.units != view.shown_in { "; shown here in " (units_words(view.shown_in)) ", your units" } "." }
            }
            @if view.sessions.is_empty() {
                p { strong { "No new deadlift sessions to import." } }
            } @else {
                p { strong { (view.sessions.len()) @if view.sessions.len() == 1 { " deadlift session to import" } @else { " deadlift sessions to import" } } ": " (rung_counts(&by_rung)) "." }
            }
            p class="hint" { "Imported sessions have no pain answers. They give your estimated 1RM and show in your charts, but they never count as clean sessions and never move you up the ladder: the load rises only after sessions you log here." }
        }
        @if !view.sessions.is_empty() {
            section class="card" aria-labelledby="sessions-heading" {
                h2 id="sessions-heading" { @match view.status.as_str() { "preview" => { "Sessions to import" } "confirmed" => { "Sessions imported" } _ => { "Sessions that were imported" } } }
                (sessions_markup(&view.sessions, units))
            }
        }
        @if !view.duplicates.is_empty() {
            section class="card" aria-labelledby="dup-heading" {
                h2 id="dup-heading" { "Already recorded, left out (" (view.duplicates.len()) ")" }
                p class="hint" { "A session at the same rung is already recorded on these days." }
                ul { @for d in &view.duplicates { li { (super::lifter::long_date(d.date)) ": " (rung_words(d.exercise)) " (" (d.source_name) ")" } } }
            }
        }
        @if !view.ignored.is_empty() {
            section class="card" aria-labelledby="ignored-heading" {
                h2 id="ignored-heading" { "Other exercises, not imported (" (view.ignored.len()) ")" }
                p class="hint" { "resilift prescribes the kettlebell, trap-bar and barbell deadlift only; variations such as the Romanian or sumo deadlift load the back differently, so their weights do not carry over." }
                ul { @for i in &view.ignored { li { (i.name) " (" (i.sets) @if i.sets == 1 { " set" } @else { " sets" } ")" } } }
            }
        }
        @if !view.problems.is_empty() {
            section class="card" aria-labelledby="problems-heading" {
                h2 id="problems-heading" { "Rows that could not be read (" (view.problems.len()) ")" }
                p class="hint" { "These rows are left out; the rest of the file is fine." }
                ul { @for p in view.problems.iter().take(200) { li { "Line " (p.line) ": " (quoted(&p.message)) } } }
                @if view.problems.len() > 200 { p { "… and " (view.problems.len() - 200) " more." } }
            }
        }
        @match view.status.as_str() {
            "preview" => {
                div class="actions" {
                    @if !view.sessions.is_empty() {
                        form method="post" action=(format!("/import/{}/confirm", view.id)) class="inline" {
                            (csrf_field(viewer))
                            button type="submit" { "Import " (view.sessions.len()) @if view.sessions.len() == 1 { " session" } @else { " sessions" } }
                        }
                        " "
                    }
                    form method="post" action=(format!("/import/{}/undo", view.id)) class="inline" {
                        (csrf_field(viewer))
                        button type="submit" class="secondary" { "Discard" }
                    }
                }
            }
            "confirmed" => {
                form method="post" action=(format!("/import/{}/undo", view.id)) {
                    (csrf_field(viewer))
                    p { "Changed your mind? Undo removes every session this import brought, and nothing else." }
                    button type="submit" class="secondary" { "Undo this import" }
                }
            }
            _ => { p { "This import was undone: none of its sessions are kept." } }
        }
    }
}

async fn upload_page(
    state: &AppState,
    viewer: &Principal,
    fields: &Fields,
    problems: &Problems,
    notice: Option<&str>,
) -> Response {
    // The newest imports; older ones stay listed by the API, a page at a time.
    let past = imports::list(state, viewer.id(), None, imports::IMPORTS_PAGE)
        .await
        .map(|page| page.items);
    form_page(
        Some(viewer),
        "Import your history",
        problems,
        html! {
            h1 { "Import your history" }
            @if notice == Some("undone") { p class="notice" role="status" { "Done: the import was undone and its sessions removed." } }
            @if notice == Some("discarded") { p class="notice" role="status" { "Discarded: nothing was imported." } }
            p { "Bring your deadlift history from Strong, Hevy or FitNotes: your estimated 1RM then starts from it instead of a calibration session. You see everything before anything is kept." }
            section class="card" aria-labelledby="how-heading" {
                h2 id="how-heading" { "Getting the file" }
                ul {
                    li { strong { "Strong: " } "Settings, then Export Strong Data." }
                    li { strong { "Hevy: " } "Settings, then Export & Import Data, then Export Workouts." }
                    li { strong { "FitNotes: " } "Settings, then Spreadsheet Export, then Workout Data." }
                }
            }
            section class="card" aria-labelledby="upload-heading" {
                h2 id="upload-heading" { "Upload" }
                (problem_summary(problems))
                form method="post" action="/import" enctype="multipart/form-data" novalidate {
                    (csrf_field(viewer))
                    div class="field" {
                        label for=(dom_id("file")) { "The exported file (CSV, up to 20 MB)" }
                        (field_problems(problems, "file"))
                        input id=(dom_id("file")) type="file" name="file" accept=".csv,text/csv" aria-describedby=[super::described(problems, "file")];
                    }
                    div class="field" {
                        label for=(dom_id("units")) { "Weight units, if the file does not say (kilograms otherwise)" }
                        (field_problems(problems, "units"))
                        select id=(dom_id("units")) name="units" {
                            option value="" { "As the file says" }
                            option value="kg" selected[fields.get("units") == "kg"] { "Kilograms" }
                            option value="lb" selected[fields.get("units") == "lb"] { "Pounds" }
                        }
                    }
                    button type="submit" { "Show me what it holds" }
                }
            }
            @match &past {
                Ok(past) if !past.is_empty() => {
                    section class="card" aria-labelledby="past-heading" {
                        h2 id="past-heading" { "Your imports" }
                        ul {
                            @for i in past {
                                li {
                                    a href=(format!("/import/{}", i.id)) { "From " (app_name(&i.app)) ", uploaded " (i.created_at.parse::<chrono::DateTime<chrono::Utc>>().map_or_else(|_| String::new(), |at| super::lifter::long_date(at.date_naive()))) }
                                    ": " (i.sessions.len()) @if i.sessions.len() == 1 { " session, " } @else { " sessions, " }
                                    @match i.status.as_str() { "preview" => { "not imported yet" } "confirmed" => { "imported" } _ => { "undone" } }
                                }
                            }
                        }
                    }
                }
                Ok(_) => {}
                Err(error) => { (super::unavailable("your imports", error)) }
            }
        },
    )
}

pub(crate) async fn show_upload(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    let notice = match raw.as_deref() {
        Some("undone=1") => Some("undone"),
        Some("discarded=1") => Some("discarded"),
        _ => None,
    };
    upload_page(
        &state,
        &viewer,
        &Fields::default(),
        &Problems::default(),
        notice,
    )
    .await
}

/// The multipart upload: the CSRF token, the units and the file.
pub(crate) async fn upload(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    mut multipart: Multipart,
) -> Response {
    let mut fields = Vec::new();
    let mut file: Option<Vec<u8>> = None;
    let mut problems = Problems::default();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                match field.bytes().await {
                    Ok(bytes) if name == "file" => file = Some(bytes.to_vec()),
                    Ok(bytes) => {
                        fields.push((name, String::from_utf8_lossy(&bytes).into_owned()));
                    }
                    Err(error) => {
                        problems.add("file", upload_problem(&error));
                        break;
                    }
                }
            }
            Ok(None) => break,
            Err(error) => {
                problems.add("file", upload_problem(&error));
                break;
            }
        }
    }
    let fields = Fields(fields);
    if let Some(refusal) = csrf_refusal(&viewer, &fields) {
        return refusal;
    }
    let bytes = match file {
        Some(bytes) if !bytes.is_empty() => bytes,
        _ => {
            if problems.is_empty() {
                problems.add("file", "choose the file you exported");
            }
            return upload_page(&state, &viewer, &fields, &problems, None).await;
        }
    };
    let query = UploadQuery {
        units: Some(fields.get("units").to_owned()).filter(|u| !u.is_empty()),
    };
    match imports::upload(&state, viewer.id(), &bytes, &query).await {
        Ok(view) => Redirect::to(&format!("/import/{}", view.id)).into_response(),
        Err(error) => upload_page(&state, &viewer, &fields, &quoted_problems(&error), None).await,
    }
}

/// The service's problems, with typed text in quotation marks as a page writes it.
fn quoted_problems(error: &crate::error::ApiError) -> Problems {
    let mut problems = Problems::from_error(error);
    for (_, messages) in &mut problems.0 {
        for message in messages {
            *message = quoted(message);
        }
    }
    problems
}

fn upload_problem(error: &axum::extract::multipart::MultipartError) -> String {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        "the file is larger than 20 MB: export a shorter period, or split it".to_owned()
    } else {
        "the upload did not arrive whole: try again".to_owned()
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    let view = match imports::get(&state, viewer.id(), &id).await {
        Ok(view) => view,
        Err(error) => return refusal(&viewer, &error),
    };
    let done = raw.as_deref() == Some("imported=1");
    let title = match view.status.as_str() {
        "preview" => "Check before importing",
        "confirmed" => "Imported",
        _ => "Import undone",
    };
    form_page(
        Some(&viewer),
        title,
        &Problems::default(),
        html! {
            h1 { (title) }
            @if done { p class="notice" role="status" { "Imported " (view.sessions.len()) @if view.sessions.len() == 1 { " session" } @else { " sessions" } ". They show in your Progress charts. Your plan uses their estimated 1RM only at a rung where no session logged here gives one yet." } }
            (preview_markup(&viewer, &view))
            p { a href="/import" { "All imports" } }
        },
    )
}

pub(crate) async fn confirm(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, .. }: Posted,
) -> Response {
    match imports::confirm(&state, viewer.id(), &id).await {
        Ok(_) => Redirect::to(&format!("/import/{id}?imported=1")).into_response(),
        Err(error) => refusal(&viewer, &error),
    }
}

pub(crate) async fn undo(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, .. }: Posted,
) -> Response {
    let was_preview = imports::get(&state, viewer.id(), &id)
        .await
        .is_ok_and(|view| view.status == "preview");
    match imports::undo(&state, viewer.id(), &id).await {
        Ok(()) if was_preview => Redirect::to("/import?discarded=1").into_response(),
        Ok(()) => Redirect::to("/import?undone=1").into_response(),
        Err(error) => refusal(&viewer, &error),
    }
}
