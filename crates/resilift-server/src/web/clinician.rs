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

/// What the roster is narrowed to and ordered by (`/clients?q=…&show=…&sort=…`).
#[derive(Debug, Default)]
pub(crate) struct RosterQuery {
    /// Words to find in a client's name or e-mail address.
    q: String,
    /// One group: `emergency`, `same_day`, `see_clinician`, `red`, `amber`, `green`,
    /// `check_in_overdue`, `rescreen_overdue`; anything else shows everyone.
    show: String,
    /// `urgency` (the default), `name`, `last_session` or `adherence`.
    sort: String,
}

/// The groups a clinician can narrow the roster to, in words.
const SHOW: [(&str, &str); 9] = [
    ("", "Everyone"),
    ("emergency", "Emergency"),
    ("same_day", "Same day"),
    ("see_clinician", "See a clinician"),
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("check_in_overdue", "Check-in overdue"),
    ("rescreen_overdue", "Re-screen overdue"),
];

const SORT: [(&str, &str); 4] = [
    ("urgency", "Most urgent first"),
    ("name", "Name"),
    ("last_session", "Last session, oldest first"),
    ("adherence", "Adherence, lowest first"),
];

/// Whether a client belongs to the chosen group.
fn shown(status: &views::Status, show: &str) -> bool {
    use resilift_api::words::{RosterColourDto, UrgencyDto};
    let s = &status.status;
    match show {
        "emergency" => s.urgency == Some(UrgencyDto::Emergency),
        "same_day" => s.urgency == Some(UrgencyDto::SameDay),
        "see_clinician" => s.urgency == Some(UrgencyDto::SeeClinician),
        "red" => s.colour == RosterColourDto::Red,
        "amber" => s.colour == RosterColourDto::Amber,
        "green" => s.colour == RosterColourDto::Green,
        "check_in_overdue" => s.check_in_overdue,
        "rescreen_overdue" => s.reasons.iter().any(|r| r.rule == "STATUS-OVERDUE"),
        _ => true,
    }
}

/// Most urgent first: emergencies, same-day, see a clinician, triage, then red, amber, green.
fn urgency_rank(status: &views::Status) -> u8 {
    use resilift_api::words::{RosterColourDto, UrgencyDto};
    match (status.status.urgency, status.status.colour) {
        (Some(UrgencyDto::Emergency), _) => 0,
        (Some(UrgencyDto::SameDay), _) => 1,
        (Some(UrgencyDto::SeeClinician), _) => 2,
        (Some(UrgencyDto::Triage), _) => 3,
        (None, RosterColourDto::Red) => 4,
        (None, RosterColourDto::Amber) => 5,
        (None, RosterColourDto::Green) => 6,
        (None, _) => 7,
    }
}

/// How a client is named on the clinician's pages: their chosen name, else their address.
pub(crate) fn client_name(link: &resilift_store::Link) -> &str {
    link.lifter_name.as_deref().unwrap_or(&link.lifter_email)
}

fn adherence_words(a: views::AdherenceView) -> String {
    match a.percent {
        Some(percent) => format!("{percent}% ({} of {})", a.done, a.planned),
        None => "not planned yet".to_owned(),
    }
}

async fn roster_page(
    state: &AppState,
    viewer: &Principal,
    query: &RosterQuery,
    fields: &Fields,
    problems: &Problems,
) -> Response {
    let Ok(clinician) = viewer.clinician() else {
        return Redirect::to("/home").into_response();
    };
    let page_of = match state.store().clients(clinician, None, 1000).await {
        Ok(page_of) => page_of,
        Err(error) => return refusal(viewer, &error.into()),
    };
    let total = page_of.items.len();
    let unread = crate::service::messages::unread(state, clinician).await;
    let words = query.q.trim().to_lowercase();
    let found: Vec<&resilift_store::Link> = page_of
        .items
        .iter()
        .filter(|link| {
            words.is_empty()
                || client_name(link).to_lowercase().contains(&words)
                || link.lifter_email.to_lowercase().contains(&words)
        })
        .collect();
    let ids: Vec<String> = found.iter().map(|link| link.lifter_id.clone()).collect();
    let statuses = views::statuses(state, &ids).await;
    let mut rows = Vec::new();
    for (link, status) in found.into_iter().zip(statuses) {
        if let Ok(status) = &status
            && !shown(status, &query.show)
        {
            continue;
        }
        rows.push((link, status));
    }
    let never = chrono::NaiveDate::MIN;
    match query.sort.as_str() {
        "name" => rows.sort_by_key(|(link, _)| client_name(link).to_lowercase()),
        "last_session" => rows.sort_by_key(|(_, status)| {
            status
                .as_ref()
                .ok()
                .and_then(|s| s.last_session)
                .unwrap_or(never)
        }),
        "adherence" => rows.sort_by_key(|(_, status)| {
            status
                .as_ref()
                .ok()
                .and_then(|s| s.adherence_4_weeks.percent)
                .unwrap_or(u32::MAX)
        }),
        _ => rows.sort_by_key(|(link, status)| {
            (
                status.as_ref().map_or(0, urgency_rank),
                client_name(link).to_lowercase(),
            )
        }),
    }
    let narrowed = !words.is_empty()
        || SHOW
            .iter()
            .any(|(code, _)| !code.is_empty() && *code == query.show);
    form_page(
        Some(viewer),
        "Clients",
        problems,
        html! {
            h1 { "Clients" }
            @if total == 0 {
                p { "No clients yet. Ask a client to make an invite code under My data, then enter it below." }
            } @else {
                form method="get" action="/clients" class="filters" role="search" {
                    div class="field" {
                        label for="roster-q" { "Find a client" }
                        input type="search" id="roster-q" name="q" value=(query.q) placeholder="Name or e-mail address" autocomplete="off";
                    }
                    div class="field" {
                        label for="roster-show" { "Show" }
                        select id="roster-show" name="show" {
                            @for (code, label) in SHOW { option value=(code) selected[query.show == code] { (label) } }
                        }
                    }
                    div class="field" {
                        label for="roster-sort" { "Order" }
                        select id="roster-sort" name="sort" {
                            @for (code, label) in SORT { option value=(code) selected[query.sort == code || (query.sort.is_empty() && code == "urgency")] { (label) } }
                        }
                    }
                    button type="submit" { "Show clients" }
                }
                p role="status" {
                    @if narrowed { (rows.len()) " of " (total) " clients match. " a href="/clients" { "Show everyone" } }
                    @else { (total) @if total == 1 { " client." } @else { " clients." } }
                }
                @if !rows.is_empty() {
                p class="small" { "Red: a warning sign, a red pain response or an overdue re-screen. Amber: an amber response, relative rest or an unanswered check-in. Adherence: sessions done of those planned in the last 4 weeks." }
                div class="table-wrap" role="region" tabindex="0" aria-label="Clients" {
                    table class="stack" {
                        thead { tr { th scope="col" { "Client" } th scope="col" { "Status" } th scope="col" { "Why" } th scope="col" { "Last session" } th scope="col" { "Adherence" } } }
                        tbody {
                            @for (link, status) in &rows {
                                tr {
                                    td class="wrap" data-label="Client" {
                                        a href=(format!("/clients/{}", link.lifter_id)) { (client_name(link)) }
                                        @if link.lifter_name.is_some() { br; span class="small" { (link.lifter_email) } }
                                        @if unread.iter().any(|(author, _)| *author == link.lifter_id) { br; a class="chip chip-amber" href=(format!("/messages/{}", link.id)) { "new message" } }
                                    }
                                    @match status {
                                        Ok(status) => {
                                            td class="wrap" data-label="Status" {
                                                @if let Some(urgency) = status.status.urgency { span class=(format!("chip chip-urgent chip-{}", urgency.code())) { (urgency.words()) } " " }
                                                (chip(status.status.colour)) @if status.status.check_in_overdue { " " span class="chip chip-amber" { "check-in overdue" } }
                                            }
                                            td class="why" data-label="Why" { (status.status.reasons.iter().map(|r| r.message.as_str()).collect::<Vec<_>>().join(" ")) }
                                            td data-label="Last session" { (status.last_session.map_or_else(|| "none yet".to_owned(), super::dates::short)) }
                                            td data-label="Adherence" { (adherence_words(status.adherence_4_weeks)) }
                                        }
                                        Err(error) => { td colspan="4" { (super::unavailable("this client's status", error)) } }
                                    }
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

pub(crate) async fn roster(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    // A repeated or odd parameter never breaks the page: the last value of each counts.
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let mut query = RosterQuery::default();
    for (key, value) in pairs {
        match key.as_str() {
            "q" => query.q = value.chars().take(100).collect(),
            "show" => query.show = value,
            "sort" => query.sort = value,
            _ => {}
        }
    }
    roster_page(
        &state,
        &viewer,
        &query,
        &Fields::default(),
        &Problems::default(),
    )
    .await
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
        Err(error) => {
            roster_page(
                &state,
                &viewer,
                &RosterQuery::default(),
                &fields,
                &Problems::from_error(&error),
            )
            .await
        }
    }
}

/// The last sessions' worst pain during, oldest first, and whether it moved by the pain scale's
/// smallest important change (INS-NPRS) from the first of them to the last.
fn pain_trend(recent: &[&views::ProgressSession], important: f64) -> String {
    let values: Vec<String> = recent.iter().map(|s| s.pain_during.to_string()).collect();
    let first = f64::from(recent.first().map_or(0, |s| s.pain_during));
    let last = f64::from(recent.last().map_or(0, |s| s.pain_during));
    let trend = if last - first >= important {
        "rising by at least the smallest important change"
    } else if first - last >= important {
        "falling by at least the smallest important change"
    } else {
        "no important change"
    };
    format!(
        "{} out of 10 over the last {} sessions: {trend}",
        values.join(", "),
        recent.len()
    )
}

/// Each instrument's latest score in words, with its change since the baseline when there is one.
fn latest_scores(assessments: &[resilift_store::Assessment]) -> Vec<(String, String)> {
    let mut seen: Vec<&str> = Vec::new();
    let mut lines = Vec::new();
    for assessment in assessments.iter().rev() {
        if seen.contains(&assessment.instrument.as_str()) {
            continue;
        }
        seen.push(&assessment.instrument);
        let Ok(result) =
            serde_json::from_str::<resilift_api::score::ScoreResult>(&assessment.result)
        else {
            continue;
        };
        let mut words = format!(
            "{} ({})",
            result.summary(),
            super::lifter::long_date(assessment.taken_on)
        );
        if let Some(change) = result.change_words() {
            words.push(' ');
            words.push_str(&change);
        }
        lines.push((
            super::assess::title(&assessment.instrument).to_owned(),
            words,
        ));
    }
    lines
}

/// What the clinician may need to act on.
fn open_questions(
    status: &views::Status,
    screening: &Result<Option<views::ScreeningView>, crate::error::ApiError>,
) -> Vec<&'static str> {
    let mut open = Vec::new();
    if matches!(screening, Ok(None)) {
        open.push("Not screened yet: the plan starts with a screening.");
    }
    if status
        .status
        .reasons
        .iter()
        .any(|r| r.rule == "STATUS-OVERDUE")
    {
        open.push("The re-screen is overdue.");
    }
    if status.status.check_in_overdue {
        open.push("The next-morning check-in after the last session is unanswered.");
    }
    if status.status.urgency == Some(resilift_api::words::UrgencyDto::Triage) {
        open.push("The questions after a painful lift are due.");
    }
    open
}

/// The plan now and the plan with the proposed override, side by side (nothing is saved).
async fn preview(
    state: &AppState,
    client: &str,
    proposed: &resilift_store::Override,
) -> maud::Markup {
    let now = views::next_session(state, client).await;
    let with = views::next_session_with(state, client, Some(proposed)).await;
    html! {
        section class="card preview" aria-labelledby="preview-heading" {
            h3 id="preview-heading" { "Preview: nothing is saved yet" }
            div class="side-by-side" {
                div {
                    h4 { "The plan now" }
                    @match &now { Ok(plan) => { (super::lifter::plan_markup(plan)) } Err(error) => { p { (error.body.error) } } }
                }
                div {
                    h4 { @if proposed.stage.is_some() || proposed.ceiling_load.is_some() || proposed.ceiling_percent.is_some() { "With your override" } @else { "With your note (the plan stays)" } }
                    @match &with { Ok(plan) => { (super::lifter::plan_markup(plan)) } Err(error) => { p { (error.body.error) } } }
                }
            }
            @if let Ok(plan) = &with {
                @if (proposed.ceiling_load.is_some() || proposed.ceiling_percent.is_some()) && !plan.plan.sets.is_empty() && !plan.plan.reasons.iter().any(|r| r.rule == "PRX-CLINICIAN") {
                    p class="notice" role="note" { "Your ceiling is above the loads the programme gives now (its own ceiling is 80% of the estimated 1RM, and 70% during the first sessions at a rung), so it changes nothing today. It holds if the estimate rises before the next screening." }
                }
            }
            @if !proposed.note.is_empty() { p { "Your client will read: " q { (proposed.note) } } }
        }
    }
}

async fn detail_page(
    state: &AppState,
    viewer: &Principal,
    id: &str,
    fields: &Fields,
    problems: &Problems,
    notice: Option<&str>,
    proposed: Option<&resilift_store::Override>,
) -> Response {
    let shown_preview = match proposed {
        Some(record) if problems.is_empty() => Some(preview(state, id, record).await),
        _ => None,
    };
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
    let units = views::units_of(state, &client)
        .await
        .unwrap_or(resilift_api::next::UnitsDto::Kg);
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
            @let name = state.store().display_name(&client).await.ok().flatten();
            h1 { (name.as_deref().unwrap_or(&account.email)) }
            @if name.is_some() { p class="small" { (account.email) } }
            @let link = state.store().link_id(viewer.id(), &client).await.ok().flatten();
            @let unread = crate::service::messages::unread(state, viewer.id()).await;
            @if let Some(link) = &link {
                @let waiting = unread.iter().find(|(author, _)| *author == client).map_or(0, |(_, n)| *n);
                p { a href=(format!("/messages/{link}")) { "Messages" @if waiting > 0 { " (" (waiting) " new)" } } }
            }
            @if notice == Some("override") { p class="notice" role="status" { "Override saved. Your client sees the note on their Home and in their plan." } }
            @match &status {
                Ok(status) => {
                    @if let Some(urgency) = status.status.urgency {
                        (super::urgent_banner(urgency, None))
                    }
                    section class="card" aria-labelledby="summary-heading" {
                        h2 id="summary-heading" { "Summary" }
                        dl class="summary" {
                            dt { "Status" } dd { (chip(status.status.colour)) }
                            dt { "Decision" } dd {
                                @match &screening {
                                    Ok(Some(s)) => { (s.result.decision.words()) ", screened " (super::lifter::long_date(s.as_of)) }
                                    Ok(None) => { "not screened yet" }
                                    Err(_) => { "could not be loaded" }
                                }
                            }
                            dt { "Last session" } dd { (status.last_session.map_or_else(|| "none yet".to_owned(), super::lifter::long_date)) }
                            dt { "Adherence" } dd { "last 4 weeks: " (adherence_words(status.adherence_4_weeks)) "; last 12 weeks: " (adherence_words(status.adherence_12_weeks)) }
                            @if let Ok(progress) = &progress {
                                @let recent: Vec<_> = progress.sessions.iter().rev().take(4).rev().collect();
                                @if recent.len() >= 2 {
                                    dt { "Worst pain during" } dd { (pain_trend(&recent, state.rules().instruments.nprs_mic_points)) }
                                }
                            }
                            @if let Ok(assessments) = &assessments {
                                @for line in latest_scores(assessments) { dt { (line.0) } dd { (line.1) } }
                            }
                        }
                        @let open = open_questions(status, &screening);
                        @if !open.is_empty() {
                            h3 { "Open questions" }
                            ul { @for question in &open { li { (question) } } }
                        }
                        h3 { "Why this status" }
                        (super::reason_list(&status.status.reasons))
                    }
                }
                Err(error) => { (super::unavailable("this client's status", error)) }
            }
            section class="card" aria-labelledby="share-heading" {
                h2 id="share-heading" { "For the clinical record" }
                (super::report::period_form(&format!("/clients/{client}/report.pdf"), "A clinical report as a PDF", viewer.today(state.now())))
                p { a href=(format!("/clients/{client}/record.fhir.json")) download="resilift-client-record.fhir.json" { "The record for a practice system (FHIR)" } }
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
                    Ok(overrides) => {
                        @if let Some(o) = overrides.first() { p { "Current note (" (super::lifter::long_date(o.created_at.date_naive())) "): " (o.note) } }
                        @if let Some(c) = plan.as_ref().ok().and_then(|p| p.ceiling) { p { "Ceiling in force: " strong { (c.words()) } " (it lapses at the next screening)." } }
                    }
                    Err(error) => { (super::unavailable("the current note", error)) }
                }
                (problem_summary(problems))
                @if let Some(preview) = &shown_preview { (preview) }
                form method="post" action=(format!("/clients/{client}/override#preview-heading")) novalidate {
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
                    div class="field" {
                        label for=(dom_id("ceiling")) { "Load ceiling (optional)" }
                        p class="hint" id="ceiling-hint" { "Until the next screening the plan stays at or under this. It can only lower the programme's own ceiling (80% of the estimated 1RM), never raise it. Leave it empty to keep any ceiling you set before." }
                        (field_problems(problems, "ceiling"))
                        (field_problems(problems, "ceiling.load"))
                        (field_problems(problems, "ceiling.percent_e1rm"))
                        (field_problems(problems, "ceiling_unit"))
                        div class="inline-fields" {
                            input id=(dom_id("ceiling")) type="number" inputmode="decimal" step="any" min="0" name="ceiling" value=(fields.get("ceiling")) aria-describedby="ceiling-hint";
                            select id=(dom_id("ceiling_unit")) name="ceiling_unit" aria-label="Ceiling unit" {
                                @for (value, label) in [("kg", "kg"), ("lb", "lb"), ("percent", "% of estimated 1RM")] {
                                    option value=(value) selected[fields.get("ceiling_unit") == value || (fields.get("ceiling_unit").is_empty() && value == units.as_str())] { (label) }
                                }
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
                    p class="actions" {
                        button type="submit" name="action" value="preview" class="secondary" { "Preview the plan" }
                        " " button type="submit" name="action" value="save" { "Save override" }
                    }
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
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    let saved = raw.as_deref() == Some("saved=override");
    detail_page(
        &state,
        &viewer,
        &id,
        &Fields::default(),
        &Problems::default(),
        saved.then_some("override"),
        None,
    )
    .await
}

/// A linked client's record as a FHIR R4 Bundle, to save.
pub(crate) async fn export_fhir(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Response {
    let client = match crate::access::linked(&state, &viewer, &id, Some("fhir")).await {
        Ok(client) => client,
        Err(error) => return refusal(&viewer, &error),
    };
    match crate::fhir::bundle(&state, &client).await {
        Ok(value) => super::account::download(
            "application/fhir+json",
            "resilift-client-record.fhir.json",
            value.to_string(),
        ),
        Err(error) => refusal(&viewer, &error),
    }
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
    // The page again with the form as typed: its problems, or the preview of the override.
    let again = |problems: Problems, proposed: Option<resilift_store::Override>| {
        let (state, viewer, client, fields) = (&state, &viewer, &client, &fields);
        async move {
            detail_page(
                state,
                viewer,
                client,
                fields,
                &problems,
                None,
                proposed.as_ref(),
            )
            .await
        }
    };
    let request = match OverrideRequest::try_from(&fields) {
        Ok(request) => request,
        Err(problems) => return again(problems, None).await,
    };
    if fields.get("action") == "preview" {
        return match crate::service::links::build_override(
            &state,
            viewer.id(),
            &client,
            request,
            true,
        )
        .await
        {
            Ok(record) => again(Problems::default(), Some(record)).await,
            Err(error) => again(Problems::from_error(&error), None).await,
        };
    }
    match crate::service::links::save_override(&state, viewer.id(), &client, request).await {
        Ok(_) => Redirect::to(&format!("/clients/{client}?saved=override")).into_response(),
        Err(error) => again(Problems::from_error(&error), None).await,
    }
}
