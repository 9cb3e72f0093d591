//! The web app: server-rendered pages (maud) over the same service functions as the JSON API.
//!
//! Pages work without JavaScript; the one script (`/assets/app.js`) only runs hold timers and
//! shows slider values. Every form carries the session's CSRF token, every failed submit
//! re-renders the form with what was typed and a message beside each field at fault, and
//! everything is served by the binary itself.

mod account;
mod assess;
pub(crate) mod charts;
mod clinician;
pub(crate) mod dates;
pub mod demo;
pub(crate) mod formcheck;
pub(crate) mod forms;
mod import;
mod lifter;
mod messages;
pub(crate) mod report;

use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use resilift_core::DISCLAIMER;

use resilift_api::words::{UrgencyDto, Words};

use crate::AppState;
use crate::auth::{self, Principal};
use crate::error::ApiError;

/// Every page route.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(welcome))
        .route("/signup", get(account::signup_form).post(account::signup))
        .route("/signin", get(account::signin_form).post(account::signin))
        .route("/signout", post(account::signout))
        .route(
            "/reset",
            get(account::reset_form).post(account::reset_request),
        )
        .route(
            "/reset/{token}",
            get(account::reset_password_form).post(account::reset_password),
        )
        .route("/home", get(lifter::home))
        .route("/screen", get(lifter::screen_form).post(lifter::screen))
        .route("/screenings/{id}", get(lifter::verdict))
        .route("/week", get(lifter::week))
        .route("/log", get(lifter::log_form).post(lifter::log))
        .route("/workout", get(lifter::workout_form).post(lifter::workout))
        .route("/workout/foundation", post(lifter::foundation_workout))
        .route("/foundation-days/{id}", get(lifter::foundation_day_page))
        .route(
            "/foundation-days/{id}/delete",
            get(lifter::delete_foundation_day_form).post(lifter::delete_foundation_day),
        )
        .route("/sessions/{id}", get(lifter::session_result))
        .route(
            "/sessions/{id}/form-check",
            get(formcheck::upload_form)
                .post(formcheck::upload)
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/form-checks/{id}", get(formcheck::show))
        .route(
            "/form-checks/{id}/proposals/{number}",
            post(formcheck::decide),
        )
        .route(
            "/form-checks/{id}/delete",
            get(formcheck::delete_form).post(formcheck::delete),
        )
        .route("/sessions/{id}/check-in", post(lifter::check_in))
        .route(
            "/sessions/{id}/edit",
            get(lifter::edit_session_form).post(lifter::edit_session),
        )
        .route(
            "/sessions/{id}/delete",
            get(lifter::delete_session_form).post(lifter::delete_session),
        )
        .route("/flare", get(lifter::flare_form).post(lifter::flare))
        .route("/risk", get(lifter::risk_form).post(lifter::risk))
        .route("/progress", get(lifter::progress))
        .route(
            "/import",
            get(import::show_upload).post(import::upload).layer(
                axum::extract::DefaultBodyLimit::max(
                    crate::service::imports::MAX_BYTES + 64 * 1024,
                ),
            ),
        )
        .route("/import/{id}", get(import::show))
        .route("/import/{id}/confirm", post(import::confirm))
        .route("/import/{id}/undo", post(import::undo))
        .route("/assess", get(assess::menu))
        .route(
            "/assess/{instrument}",
            get(assess::form).post(assess::submit),
        )
        .route("/assessments/{id}", get(assess::result))
        .route("/clients", get(clinician::roster).post(clinician::link))
        .route("/clients/{id}", get(clinician::detail))
        .route("/clients/{id}/override", post(clinician::override_plan))
        .route(
            "/clients/{id}/record.fhir.json",
            get(clinician::export_fhir),
        )
        .route(
            "/clients/{id}/assess/{instrument}",
            get(assess::client_form).post(assess::client_submit),
        )
        .route("/account", get(account::show))
        .route("/messages/{id}", get(messages::show).post(messages::send))
        .route("/account/profile", post(account::profile))
        .route("/account/name", post(account::name))
        .route("/account/password", post(account::password))
        .route("/account/tokens", post(account::new_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/account/invite", post(account::invite))
        .route("/account/calendar", post(account::make_calendar))
        .route("/account/calendar/remove", post(account::remove_calendar))
        .route("/calendar/{file}", get(account::calendar_feed))
        .route("/account/links/{id}/remove", post(account::unlink))
        .route("/account/export.json", get(account::export_json))
        .route("/account/export.csv", get(account::export_csv))
        .route("/account/record.fhir.json", get(account::export_fhir))
        .route("/account/report.pdf", get(report::mine))
        .route("/clients/{id}/report.pdf", get(report::client))
        .route("/account/delete", post(account::delete))
        .route("/evidence/{id}", get(lifter::evidence))
        .route("/assets/style.css", get(style))
        .route("/assets/app.js", get(script))
        .route("/assets/icons/icon-192.png", get(icon_192))
        .route("/assets/icons/icon-512.png", get(icon_512))
        .route("/manifest.webmanifest", get(manifest))
        .route("/sw.js", get(service_worker))
        .route("/offline", get(offline))
}

// ----- the signed-in viewer -----------------------------------------------------------------

/// A signed-in browser (cookie session); pages that need one redirect to sign-in otherwise.
pub(crate) struct Viewer(pub(crate) Principal);

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match signed_in(parts, state).await {
            Some(principal) => Ok(Self(principal)),
            None => {
                let next = parts.uri.path();
                Err(Redirect::to(&format!("/signin?next={}", encode(next))).into_response())
            }
        }
    }
}

/// The browser session behind the request's cookie, if any.
pub(crate) async fn signed_in(parts: &Parts, state: &AppState) -> Option<Principal> {
    auth::viewer_of(state, &parts.headers).await
}

/// A form posted by a signed-in browser, its CSRF token already checked: the viewer and the
/// fields. Without a session it redirects to sign-in; with a wrong token it answers with a
/// "please try again" page and the handler never runs.
pub(crate) struct Posted {
    pub(crate) viewer: Principal,
    pub(crate) fields: Fields,
}

impl axum::extract::FromRequest<AppState> for Posted {
    type Rejection = Response;

    async fn from_request(
        request: axum::extract::Request,
        state: &AppState,
    ) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let Viewer(viewer) = Viewer::from_request_parts(&mut parts, state).await?;
        let request = axum::extract::Request::from_parts(parts, body);
        let axum_extra::extract::Form(pairs) =
            axum_extra::extract::Form::<Vec<(String, String)>>::from_request(request, state)
                .await
                .map_err(IntoResponse::into_response)?;
        let fields = Fields(pairs);
        if let Some(refusal) = csrf_refusal(&viewer, &fields) {
            return Err(refusal);
        }
        let bad: Vec<Result<(), ApiError>> = fields
            .0
            .iter()
            .filter(|(name, value)| {
                value
                    .chars()
                    .any(|c| crate::hygiene::forbidden_char(c, crate::hygiene::multi_line(name)))
            })
            .map(|(name, _)| {
                Err(ApiError::field(
                    resilift_api::ErrorCode::InvalidInput,
                    name,
                    crate::hygiene::FORBIDDEN_MESSAGE,
                ))
            })
            .collect();
        if let Err(error) = ApiError::all_fields(bad) {
            return Err(refusal(&viewer, &error));
        }
        Ok(Self { viewer, fields })
    }
}

/// A signed-in lifter: a clinician is sent to the client list instead, and a browser without
/// a session to sign-in, before the handler runs.
pub(crate) struct LifterViewer(pub(crate) Principal);

impl FromRequestParts<AppState> for LifterViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Viewer(viewer) = Viewer::from_request_parts(parts, state).await?;
        if viewer.is_lifter() {
            Ok(Self(viewer))
        } else {
            Err(Redirect::to("/clients").into_response())
        }
    }
}

/// A form posted by a signed-in lifter, its CSRF token checked (see [`Posted`]).
pub(crate) struct LifterPosted {
    pub(crate) viewer: Principal,
    pub(crate) fields: Fields,
}

impl axum::extract::FromRequest<AppState> for LifterPosted {
    type Rejection = Response;

    async fn from_request(
        request: axum::extract::Request,
        state: &AppState,
    ) -> Result<Self, Response> {
        let Posted { viewer, fields } = Posted::from_request(request, state).await?;
        if viewer.is_lifter() {
            Ok(Self { viewer, fields })
        } else {
            Err(Redirect::to("/clients").into_response())
        }
    }
}

/// An optional viewer (the welcome page works either way).
pub(crate) struct MaybeViewer(pub(crate) Option<Principal>);

impl FromRequestParts<AppState> for MaybeViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        Ok(Self(signed_in(parts, state).await))
    }
}

/// Percent-encodes a path for a query string.
pub(crate) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

// ----- forms --------------------------------------------------------------------------------

/// A submitted form: every value by name (repeated names keep every value).
#[derive(Debug, Default, Clone)]
pub(crate) struct Fields(pub(crate) Vec<(String, String)>);

impl Fields {
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub(crate) fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && v == value)
    }

    pub(crate) fn checked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}

/// Messages by field name, in the order they were found (the form's own order, so the
/// summary reads top to bottom like the page); `""` holds messages for the whole form.
#[derive(Debug, Default, Clone)]
pub(crate) struct Problems(
    pub(crate) Vec<(String, Vec<String>)>,
    /// A refusal that was the server's fault, not the form's (its status and code are kept so
    /// the page answers with them: a full disk is a 503, not a 422).
    Option<ApiError>,
);

impl Problems {
    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        let message = message.into();
        match self.0.iter_mut().find(|(name, _)| name == field) {
            Some((_, messages)) => messages.push(message),
            None => self.0.push((field.to_owned(), vec![message])),
        }
    }

    /// The messages of one field, to reword them.
    pub(crate) fn messages_mut(&mut self, field: &str) -> Option<&mut Vec<String>> {
        self.0
            .iter_mut()
            .find(|(name, _)| name == field)
            .map(|(_, messages)| messages)
    }

    /// Adds every problem of `other`, after this one's.
    pub(crate) fn extend(&mut self, other: Self) {
        for (field, messages) in other.0 {
            for message in messages {
                self.add(&field, message);
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn of(&self, field: &str) -> &[String] {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map_or(&[], |(_, messages)| messages.as_slice())
    }

    /// Takes an API refusal apart, field by field.
    pub(crate) fn from_error(error: &ApiError) -> Self {
        let mut problems = Self::default();
        if error.status.is_server_error() {
            problems.1 = Some(error.clone());
        }
        if error.body.fields.is_empty() {
            problems.add("", error.body.error.clone());
        }
        for field in &error.body.fields {
            problems.add(&field.field, field.message.clone());
        }
        problems
    }
}

/// Parses a whole number typed into a field, recording a problem when it is not one.
pub(crate) fn whole(fields: &Fields, name: &str, problems: &mut Problems) -> Option<i64> {
    let text = fields.get(name).trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            problems.add(
                name,
                format!("enter a whole number, not \u{201c}{text}\u{201d}"),
            );
            None
        }
    }
}

/// Parses a decimal number typed into a field.
pub(crate) fn decimal(fields: &Fields, name: &str, problems: &mut Problems) -> Option<f64> {
    let text = fields.get(name).trim().replace(',', ".");
    if text.is_empty() {
        return None;
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Some(n),
        _ => {
            problems.add(name, format!("enter a number, not \u{201c}{text}\u{201d}"));
            None
        }
    }
}

/// Checks the form's CSRF token against the viewer's session: `Some` page to answer with when
/// it does not match.
pub(crate) fn csrf_refusal(viewer: &Principal, fields: &Fields) -> Option<Response> {
    let expected = viewer
        .web_session
        .as_ref()
        .map_or("", |s| s.csrf_token.as_str());
    if !expected.is_empty() && auth::same(fields.get("csrf"), expected) {
        None
    } else {
        Some((
            StatusCode::FORBIDDEN,
            page(
                Some(viewer),
                "Please try again",
                html! {
                    h1 { "Please try again" }
                    p { "This form had expired or came from somewhere else, so nothing was saved. Go back, reload the page and submit it again." }
                },
            ),
        )
            .into_response())
    }
}

/// The hidden CSRF field for a viewer's forms.
pub(crate) fn csrf_field(viewer: &Principal) -> Markup {
    let token = viewer
        .web_session
        .as_ref()
        .map_or("", |s| s.csrf_token.as_str());
    html! { input type="hidden" name="csrf" value=(token); }
}

/// Messages for one field, linked to it by id for screen readers.
pub(crate) fn field_problems(problems: &Problems, name: &str) -> Markup {
    let messages = problems.of(name);
    html! {
        @if !messages.is_empty() {
            p class="field-error" id=(format!("{}-error", dom_id(name))) {
                @for message in messages { (message) " " }
            }
        }
    }
}

/// The id of a field's problem message, for `aria-describedby`, when it has one.
pub(crate) fn described(problems: &Problems, name: &str) -> Option<String> {
    (!problems.of(name).is_empty()).then(|| format!("{}-error", dom_id(name)))
}

/// A form-wide problem box with links to each field at fault.
pub(crate) fn problem_summary(problems: &Problems) -> Markup {
    html! {
        @if !problems.is_empty() {
            div class="problems" role="alert" tabindex="-1" id="problems" {
                h2 { "Please check these" }
                ul {
                    @for (field, messages) in &problems.0 {
                        @for message in messages {
                            li {
                                @if field.is_empty() { (message) }
                                @else { a href=(format!("#{}", dom_id(field))) { (label_of(field)) ": " (message) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An element id for a field name (`pain.now` → `f-pain-now`).
pub(crate) fn dom_id(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("f-{cleaned}")
}

/// A readable name for a field path: `answers[10]` is "answer 11", `sets[0].load` is "set 1
/// load", `pain.before` is "before".
fn label_of(field: &str) -> String {
    let mut words = Vec::new();
    for part in field.split('.') {
        match part.split_once('[') {
            Some((name, rest)) => {
                let index = rest.trim_end_matches(']').parse::<usize>().ok();
                let name = name.strip_suffix('s').unwrap_or(name);
                match index {
                    Some(index) => words.push(format!("{name} {}", index + 1)),
                    None => words.push(name.to_owned()),
                }
            }
            None => words.push(part.to_owned()),
        }
    }
    let words = if words.len() > 1 && !field.contains('[') {
        words.split_off(words.len() - 1)
    } else {
        words
    };
    words.join(" ").replace('_', " ")
}

/// A labelled number input that keeps what was typed.
pub(crate) fn number_input(
    fields: &Fields,
    problems: &Problems,
    name: &str,
    label: &str,
    hint: Option<&str>,
    attrs: (&str, &str, &str),
) -> Markup {
    let id = dom_id(name);
    let (min, max, step) = attrs;
    let invalid = !problems.of(name).is_empty();
    html! {
        div class="field" {
            label for=(id) { (label) }
            @if let Some(hint) = hint { p class="hint" id=(format!("{id}-hint")) { (hint) } }
            (field_problems(problems, name))
            input type="number" id=(id) name=(name) value=(fields.get(name)) min=(min) max=(max) step=(step) inputmode="decimal"
                aria-invalid=[invalid.then_some("true")]
                aria-describedby=[invalid.then(|| format!("{id}-error"))];
        }
    }
}

/// A 0-10 pain question answered by choosing one number. Nothing is chosen until the person
/// chooses: a missing pain answer is never zero.
pub(crate) fn pain_choice(fields: &Fields, problems: &Problems, name: &str, label: &str) -> Markup {
    let id = dom_id(name);
    let invalid = !problems.of(name).is_empty();
    html! {
        fieldset id=(id) class="pain" aria-describedby=[invalid.then(|| format!("{id}-error"))] {
            legend { (label) }
            p class="hint" { "0 is no pain, 10 the worst you can imagine." }
            (field_problems(problems, name))
            div class="pain-scale" {
                @for value in 0..=10 {
                    @let option = format!("{id}-{value}");
                    span class="pain-option" {
                        input type="radio" id=(option) name=(name) value=(value) checked[fields.get(name) == value.to_string()];
                        label for=(option) { (value) }
                    }
                }
            }
        }
    }
}

/// "When to stop a set", shown before every session.
pub(crate) fn stop_set_box() -> Markup {
    html! {
        section class="card stopset" aria-labelledby="stopset-title" {
            h2 id="stopset-title" { "When to stop a set" }
            p { "Put the weight down and end the set at once if you feel:" }
            ul {
                li { "sharp or catching pain;" }
                li { "pain, tingling or numbness spreading into a leg;" }
                li { "pain above 5 out of 10." }
            }
            p class="small" { "Then log what happened. If it keeps hurting, use \"It hurts\" in the menu." }
        }
    }
}

/// The urgent instruction for a tier (emergency, same day, see a clinician) or the post-lift
/// questions, in its own style, with a tap-to-call link for emergencies when the operator set a
/// number.
pub(crate) fn urgent_banner(urgency: UrgencyDto, emergency_number: Option<&str>) -> Markup {
    use resilift_core::domain::Urgency;
    let tier = match urgency {
        UrgencyDto::Emergency => Some(Urgency::Emergency),
        UrgencyDto::SameDay => Some(Urgency::SameDay),
        UrgencyDto::SeeClinician => Some(Urgency::SeeClinician),
        UrgencyDto::Triage => None,
    };
    html! {
        @match tier {
            Some(tier) => {
                section class=(format!("urgent urgent-{}", tier.as_str())) role="alert" {
                    h2 { (tier.headline()) }
                    p { (tier.instruction()) }
                    @if tier == Urgency::Emergency {
                        @if let Some(number) = emergency_number {
                            p { a class="button call" href=(format!("tel:{}", number.replace(' ', ""))) { "Call " (number) " now" } }
                        }
                    }
                    p class="small" { "Loading has stopped. Once you have been seen, take the screening again." }
                }
            }
            None => {
                section class="urgent urgent-triage" role="alert" {
                    h2 { "Answer the questions about your pain now" }
                    p { "Your pain reached 7 out of 10 or more during or right after your last session. Loading has stopped: tell resilift how your back is now, and it will say what to do next." }
                    p { a class="button" href="/flare" { "Answer the questions" } }
                }
            }
        }
    }
}

/// An evidence level in plain words.
pub(crate) fn level_words(level: &str) -> &'static str {
    resilift_api::level_words(level)
}

/// A citation's year, or "undated".
pub(crate) fn year_of(citation: &resilift_core::evidence::Citation) -> String {
    if citation.year == 0 {
        "undated".to_owned()
    } else {
        citation.year.to_string()
    }
}

// ----- layout -------------------------------------------------------------------------------

/// A whole page.
pub(crate) fn page(viewer: Option<&Principal>, title: &str, content: Markup) -> Html<String> {
    let content = PreEscaped(content.into_string());
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · resilift" }
                meta name="theme-color" content="#1f4e9c";
                link rel="stylesheet" href="/assets/style.css";
                link rel="manifest" href="/manifest.webmanifest";
                link rel="icon" href="/assets/icons/icon-192.png" type="image/png";
                link rel="apple-touch-icon" href="/assets/icons/icon-192.png";
                script src="/assets/app.js" defer {}
            }
            body {
                a class="skip" href="#main" { "Skip to content" }
                header class="top" {
                    a class="brand" href=(if viewer.is_some() { "/home" } else { "/" }) { "resilift" }
                    @if let Some(viewer) = viewer {
                        nav aria-label="Main" {
                            ul {
                                @if viewer.is_clinician() {
                                    li { a href="/clients" { "Clients" } }
                                } @else {
                                    li { a href="/home" { "Home" } }
                                    li { a href="/week" { "This week" } }
                                    li { a href="/log" { "Log" } }
                                    li { a href="/progress" { "Progress" } }
                                    li { a href="/assess" { "Tests" } }
                                    li { a href="/flare" { "It hurts" } }
                                }
                                li { a href="/account" { "My data" } }
                                li {
                                    form method="post" action="/signout" novalidate class="inline" {
                                        (csrf_field(viewer))
                                        button type="submit" class="link" { "Sign out" }
                                    }
                                }
                            }
                        }
                    } @else {
                        nav aria-label="Main" {
                            ul {
                                li { a href="/signin" { "Sign in" } }
                                li { a href="/signup" { "Sign up" } }
                            }
                        }
                    }
                }
                p class="connection" id="connection" role="status" hidden {}
                main id="main" tabindex="-1" { (content) }
                footer { p { (DISCLAIMER) } }
            }
        }
    };
    Html(markup.into_string())
}

/// A page for a refusal the viewer cannot fix by editing a form (not found, not allowed).
/// A form page, answered again with what was typed and the problems beside their fields: 422
/// when there are problems, 200 otherwise.
pub(crate) fn form_page(
    viewer: Option<&Principal>,
    title: &str,
    problems: &Problems,
    content: Markup,
) -> Response {
    let status = match &problems.1 {
        Some(failure) => failure.status,
        None if problems.is_empty() => StatusCode::OK,
        None => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let mut response = (status, page(viewer, title, content)).into_response();
    if let Some(failure) = &problems.1 {
        mark(&mut response, failure);
    }
    response
}

/// Tags a page that shows a refusal with its code and storage fault, as the JSON answers are
/// (the storage watch reads them).
fn mark(response: &mut Response, error: &ApiError) {
    response.extensions_mut().insert(error.body.code);
    if let Some(fault) = error.storage {
        response.extensions_mut().insert(fault);
    }
}

/// The page for an address that does not exist.
pub(crate) fn not_found(viewer: Option<&Principal>) -> Response {
    let home = if viewer.is_some() { "/home" } else { "/" };
    (
        StatusCode::NOT_FOUND,
        page(
            viewer,
            "Page not found",
            html! {
                h1 { "Page not found" }
                p { "There is no page at this address. It may have been mistyped, or the link may be old." }
                p class="actions" { a class="button" href=(home) { "Go to the start" } }
            },
        ),
    )
        .into_response()
}

pub(crate) fn refusal(viewer: &Principal, error: &ApiError) -> Response {
    let title = match error.status {
        StatusCode::NOT_FOUND => "Not found",
        StatusCode::FORBIDDEN => "Not available",
        _ => "Something went wrong",
    };
    let status = error.status;
    let mut response = (
        status,
        page(
            Some(viewer),
            title,
            html! {
                h1 { (title) }
                p { (error.body.error) }
                p { a href="/home" { "Back to the start" } }
            },
        ),
    )
        .into_response();
    mark(&mut response, error);
    response
}

/// A coloured chip for a pain response, a status or a decision, in its plain words.
pub(crate) fn chip(code: impl Words) -> Markup {
    html! { span class=(format!("chip chip-{}", code.code())) { (code.words()) } }
}

/// Evidence under a reason: each source with its level, linked to what it shows.
pub(crate) fn evidence_list(evidence: &[resilift_api::EvidenceRef]) -> Markup {
    html! {
        ul class="evidence" {
            @for source in evidence {
                li {
                    @if let Some(citation) = resilift_core::evidence::citation(&source.id) {
                        a href=(format!("/evidence/{}", source.id)) { (citation.authors) " (" (year_of(citation)) ")" }
                    } @else { (source.id) }
                    " · " span class="level" { (level_words(&source.level)) }
                }
            }
        }
    }
}

/// One reason: what it means, its rule and its evidence.
fn reason_item(message: &str, rule: &str, evidence: &[resilift_api::EvidenceRef]) -> Markup {
    html! {
        li {
            p { (message) }
            p class="rule" { "Rule " code { (rule) } }
            (evidence_list(evidence))
        }
    }
}

/// Typed reasons (rule, evidence with levels, message), as the engine gave them.
pub(crate) fn reason_list(reasons: &[resilift_api::ReasonDto]) -> Markup {
    html! {
        ul class="reasons" {
            @for reason in reasons { (reason_item(&reason.message, &reason.rule, &reason.evidence)) }
        }
    }
}

/// Advice that does not change a decision, with its evidence.
pub(crate) fn advice_list(advice: &[resilift_api::AdviceDto]) -> Markup {
    html! {
        ul class="reasons" {
            @for item in advice { (reason_item(&item.message, &item.id, &item.evidence)) }
        }
    }
}

/// A part of a page that could not be loaded: logged with the request's trace, and said plainly.
pub(crate) fn unavailable(what: &str, error: &ApiError) -> Markup {
    tracing::error!(part = what, code = %error.body.code, error = %error.body.error, "part of a page could not be loaded");
    html! { p class="problem" role="status" { "We could not load " (what) " just now. Reload the page to try again." } }
}

async fn welcome(State(_): State<AppState>, MaybeViewer(viewer): MaybeViewer) -> Response {
    if viewer.is_some() {
        return Redirect::to("/home").into_response();
    }
    page(
        None,
        "Deadlifting again with a sore back",
        html! {
            h1 { "Deadlifting again, with your back in mind" }
            p class="lead" { "resilift helps people with a sore or once-injured back decide whether they are ready to deadlift, build up step by step, and listen to how their back answers." }
            div class="cards" {
                section class="card" {
                    h2 { "What it does" }
                    ul {
                        li { "Asks about warning signs first, every time." }
                        li { "Checks your pain, your history and a simple back-endurance test, then tells you where to start: foundation work, kettlebell, trap bar or barbell." }
                        li { "Works out each week's loads from an estimate of your strength, never from a maximum lift." }
                        li { "Reads how your back felt during, after and the next morning, and holds, eases or progresses the plan." }
                        li { "Shows the reason and the strength of the evidence behind every step." }
                    }
                }
                section class="card" {
                    h2 { "What it is not" }
                    p { "It is not a diagnosis or medical advice. It cannot examine you. If something you tell it could be serious, it will tell you to see a clinician, and it will not give you training until that is sorted." }
                    p { "Your record is private: only you, and a clinician you choose to link, can see it." }
                }
            }
            p class="actions" {
                a class="button" href="/signup" { "Create an account" }
                " "
                a class="button secondary" href="/signin" { "Sign in" }
            }
        },
    )
    .into_response()
}

async fn style() -> Response {
    asset(
        "text/css; charset=utf-8",
        include_str!("../../assets/style.css"),
    )
}

async fn script() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("../../assets/app.js"),
    )
}

async fn icon_192() -> Response {
    binary(
        "image/png",
        include_bytes!("../../assets/icons/icon-192.png"),
    )
}

async fn icon_512() -> Response {
    binary(
        "image/png",
        include_bytes!("../../assets/icons/icon-512.png"),
    )
}

async fn manifest() -> Response {
    asset(
        "application/manifest+json",
        include_str!("../../assets/manifest.webmanifest"),
    )
}

/// The service worker, its cache named after the assets it keeps (a new build, a new cache).
async fn service_worker() -> Response {
    static SCRIPT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let script = SCRIPT.get_or_init(|| {
        use sha2::Digest as _;
        let source = include_str!("../../assets/sw.js");
        let mut hasher = sha2::Sha256::new();
        for part in [
            source,
            include_str!("../../assets/app.js"),
            include_str!("../../assets/style.css"),
        ] {
            hasher.update(part.as_bytes());
        }
        let version: String = hasher
            .finalize()
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect();
        source.replace("__VERSION__", &version)
    });
    let mut response = script.clone().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// What the phone shows for a page it has not kept, when there is no connection.
async fn offline() -> Response {
    page(
        None,
        "No connection",
        html! {
            h1 { "No connection just now" }
            p { "This page is not kept on your phone. Your home page, this week's plan and the workout are: open them from the links below." }
            p { "Anything you finish while offline is kept on this phone and sent as soon as the connection returns." }
            ul class="links" {
                li { a href="/home" { "Home" } }
                li { a href="/week" { "This week" } }
                li { a href="/workout" { "Workout" } }
            }
        },
    )
    .into_response()
}

fn binary(kind: &'static str, body: &'static [u8]) -> Response {
    cached(kind, body, "public, max-age=86400")
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    cached(kind, body.as_bytes(), "public, max-age=3600")
}

/// A file compiled into the binary, with its type and how long a browser may keep it.
fn cached(kind: &'static str, body: &'static [u8], keep: &'static str) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(keep));
    response
}

/// An instant as people read it, in their own time zone: "Wednesday 25 November 2026, 14:05".
pub(crate) fn long_instant(at: chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    dates::instant(at, zone)
}

/// An instant sent as RFC 3339 text, as people read it (the text itself when it cannot be read).
pub(crate) fn long_instant_text(text: &str, zone: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text).map_or_else(
        |_| text.to_owned(),
        |at| long_instant(at.with_timezone(&chrono::Utc), zone),
    )
}

/// Raw trusted SVG from the chart renderer.
pub(crate) fn svg(markup: String) -> PreEscaped<String> {
    PreEscaped(markup)
}

#[cfg(test)]
mod tests {
    use super::label_of;

    #[test]
    fn field_paths_read_as_words() {
        assert_eq!(label_of("answers[10]"), "answer 11");
        assert_eq!(label_of("sets[0].load"), "set 1 load");
        assert_eq!(label_of("pain.during_max"), "during max");
        assert_eq!(label_of("red_flags"), "red flags");
    }
}
