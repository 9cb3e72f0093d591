//! Signing up, in and out, and "My data": units and equipment, password, API tokens, invite
//! codes and links, export (JSON and CSV) and deleting the account.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use axum_extra::extract::cookie::CookieJar;
use maud::{Markup, html};
use resilift_api::next::SessionDto;
use serde::Deserialize;

use super::{
    Fields, LifterPosted, MaybeViewer, Posted, Problems, Viewer, csrf_field, dom_id,
    field_problems, form_page, long_instant, long_instant_text, page, problem_summary, refusal,
};
use crate::AppState;
use crate::auth::{self, Principal, Role};
use crate::error::ApiError;

#[derive(Deserialize, Default)]
pub(crate) struct Next {
    next: Option<String>,
    /// `done` after a password was reset.
    reset: Option<String>,
}

/// Only local paths are followed after sign-in.
/// Where to go after signing in: a path on this site only. A second `/` or a `\` (which
/// browsers read as `/`) would leave the site, and a control character or space has no place in
/// a path, so any of them sends the person Home instead.
fn safe_next(next: &str) -> &str {
    let plain = next.chars().all(|c| c.is_ascii_graphic() && c != '\\');
    let mut chars = next.chars();
    let local = chars.next() == Some('/') && chars.next() != Some('/');
    if plain && local { next } else { "/home" }
}

fn text_field(
    fields: &Fields,
    problems: &Problems,
    name: &str,
    label: &str,
    kind: &str,
    autocomplete: &str,
) -> Markup {
    let id = dom_id(name);
    let value = if kind == "password" {
        ""
    } else {
        fields.get(name)
    };
    html! {
        div class="field" {
            label for=(id) { (label) }
            (field_problems(problems, name))
            input type=(kind) id=(id) name=(name) value=(value) autocomplete=(autocomplete)
                aria-invalid=[(!problems.of(name).is_empty()).then_some("true")]
                aria-describedby=[super::described(problems, name)];
        }
    }
}

fn signup_markup(fields: &Fields, problems: &Problems, invite_needed: bool) -> Markup {
    html! {
        h1 { "Create an account" }
        (problem_summary(problems))
        form method="post" action="/signup" novalidate {
            (text_field(fields, problems, "email", "E-mail address", "email", "email"))
            (text_field(fields, problems, "password", "Password: at least 8 characters, not easy to guess (a few unrelated words work well)", "password", "new-password"))
            fieldset id=(dom_id("role")) aria-describedby=[super::described(problems, "role")] {
                legend { "I am" }
                (field_problems(problems, "role"))
                @for (value, label) in [("lifter", "Someone who wants to lift with a sore or once-injured back"), ("clinician", "A clinician or coach guiding clients")] {
                    div class="check" {
                        input type="radio" id=(format!("role-{value}")) name="role" value=(value) checked[fields.get("role") == value || (fields.get("role").is_empty() && value == "lifter")];
                        label for=(format!("role-{value}")) { (label) }
                    }
                }
            }
            @if invite_needed {
                (text_field(fields, problems, "clinician_invite", "Clinicians: the invite code from whoever runs this server", "text", "off"))
            }
            div class="field" {
                label for=(dom_id("units")) { "Units for loads" }
                select id=(dom_id("units")) aria-describedby=[super::described(problems, "units")] name="units" {
                    option value="kg" selected[fields.get("units") != "lb"] { "kilograms" }
                    option value="lb" selected[fields.get("units") == "lb"] { "pounds" }
                }
            }
            input type="hidden" name="time_zone" value=(fields.get("time_zone")) data-timezone;
            p class="small" { "resilift is educational decision support, not medical advice. Your record is visible only to you and to a clinician you link." }
            button type="submit" { "Create account" }
        }
        p { "Already have one? " a href="/signin" { "Sign in" } }
    }
}

pub(crate) async fn signup_form(State(state): State<AppState>) -> Response {
    page(
        None,
        "Create an account",
        signup_markup(
            &Fields::default(),
            &Problems::default(),
            !state.settings().open_clinician_registration,
        ),
    )
    .into_response()
}

pub(crate) async fn signup(
    State(state): State<AppState>,
    crate::limits::ClientAddr(from): crate::limits::ClientAddr,
    jar: CookieJar,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(form);
    let role = match fields.get("role") {
        "clinician" => Role::Clinician,
        _ => Role::Lifter,
    };
    let zone = fields.get("time_zone");
    let request = crate::service::accounts::NewAccount {
        email: fields.get("email").to_owned(),
        password: fields.get("password").to_owned(),
        role,
        time_zone: (!zone.is_empty() && zone.parse::<chrono_tz::Tz>().is_ok())
            .then(|| zone.to_owned()),
        units: Some(if fields.get("units") == "lb" {
            resilift_api::next::UnitsDto::Lb
        } else {
            resilift_api::next::UnitsDto::Kg
        }),
        clinician_invite: Some(fields.get("clinician_invite").trim().to_owned())
            .filter(|code| !code.is_empty() && role == Role::Clinician),
    };
    let outcome = match crate::service::accounts::register(&state, request, from).await {
        Ok(account) => crate::service::accounts::open_session(&state, &account)
            .await
            .map(|(cookie, _)| (account, cookie)),
        Err(error) => Err(error),
    };
    match outcome {
        Ok((account, cookie)) => {
            let to = if auth::Role::parse(&account.role) == Some(auth::Role::Clinician) {
                "/clients"
            } else {
                "/screen"
            };
            (jar.add(cookie), Redirect::to(to)).into_response()
        }
        Err(error) => {
            let problems = Problems::from_error(&error);
            form_page(
                None,
                "Create an account",
                &problems,
                signup_markup(
                    &fields,
                    &problems,
                    !state.settings().open_clinician_registration,
                ),
            )
        }
    }
}

fn signin_markup(fields: &Fields, problems: &Problems, next: &str) -> Markup {
    html! {
        h1 { "Sign in" }
        (problem_summary(problems))
        form method="post" action=(format!("/signin?next={}", super::encode(next))) novalidate {
            (text_field(fields, problems, "email", "E-mail address", "email", "email"))
            (text_field(fields, problems, "password", "Password", "password", "current-password"))
            button type="submit" { "Sign in" }
        }
        p { a href="/reset" { "Forgot your password?" } }
        p { "New here? " a href="/signup" { "Create an account" } }
    }
}

pub(crate) async fn signin_form(
    MaybeViewer(viewer): MaybeViewer,
    Query(next): Query<Next>,
) -> Response {
    if viewer.is_some() {
        return Redirect::to("/home").into_response();
    }
    let reset = next.reset.as_deref() == Some("done");
    let next = next.next.unwrap_or_default();
    page(
        None,
        "Sign in",
        html! {
            @if reset { p class="notice" role="status" { "Your new password is saved. Sign in with it." } }
            (signin_markup(&Fields::default(), &Problems::default(), safe_next(&next)))
        },
    )
    .into_response()
}

pub(crate) async fn signin(
    State(state): State<AppState>,
    crate::limits::ClientAddr(from): crate::limits::ClientAddr,
    jar: CookieJar,
    Query(next): Query<Next>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(form);
    let next = next.next.unwrap_or_default();
    let next = safe_next(&next).to_owned();
    let outcome = match crate::service::accounts::verify(
        &state,
        fields.get("email"),
        fields.get("password"),
        from,
    )
    .await
    {
        Ok(account) => crate::service::accounts::open_session(&state, &account)
            .await
            .map(|(cookie, _)| (account, cookie)),
        Err(error) => Err(error),
    };
    match outcome {
        Ok((account, cookie)) => {
            let to = if next == "/home"
                && auth::Role::parse(&account.role) == Some(auth::Role::Clinician)
            {
                "/clients".to_owned()
            } else {
                next
            };
            (jar.add(cookie), Redirect::to(&to)).into_response()
        }
        Err(error) => {
            let mut problems = Problems::default();
            problems.add("", error.body.error);
            // 401 for a wrong password, 429 while a wait after many runs.
            let status = if error.status == StatusCode::TOO_MANY_REQUESTS {
                error.status
            } else {
                StatusCode::UNAUTHORIZED
            };
            (
                status,
                page(None, "Sign in", signin_markup(&fields, &problems, &next)),
            )
                .into_response()
        }
    }
}

pub(crate) async fn signout(
    State(state): State<AppState>,
    jar: CookieJar,
    Posted { viewer, fields: _ }: Posted,
) -> Response {
    if let Err(error) = crate::service::accounts::end_session(&state, &viewer).await {
        // The cookie goes either way; the stored session expires on its own.
        tracing::error!(code = %error.body.code, error = %error.body.error, "signing out failed");
    }
    (
        jar.add(crate::service::accounts::removal_cookie(&state)),
        Redirect::to("/"),
    )
        .into_response()
}

// ----- my data ------------------------------------------------------------------------------

struct Extras {
    calendar_link: Option<String>,
    new_token: Option<crate::service::accounts::NewToken>,
    invite: Option<crate::service::links::InviteView>,
    notice: Option<&'static str>,
}

async fn account_page(
    state: &AppState,
    viewer: &Principal,
    fields: Option<&Fields>,
    problems: &Problems,
    extras: Extras,
) -> Response {
    let profile = match crate::service::today(state, viewer.id()).await {
        Ok((_, profile)) => profile,
        Err(error) => return refusal(viewer, &error),
    };
    let view = crate::service::profile::profile_view(&profile).ok();
    let defaults = Fields(vec![
        ("units".into(), profile.units.clone()),
        ("time_zone".into(), profile.time_zone.clone()),
        (
            "barbell".into(),
            view.as_ref()
                .and_then(|v| v.equipment.barbell)
                .map(resilift_core::prescribe::fmt_load)
                .unwrap_or_default(),
        ),
        (
            "trap_bar".into(),
            view.as_ref()
                .and_then(|v| v.equipment.trap_bar)
                .map(resilift_core::prescribe::fmt_load)
                .unwrap_or_default(),
        ),
        (
            "step".into(),
            view.as_ref()
                .and_then(|v| v.equipment.step)
                .map(resilift_core::prescribe::fmt_load)
                .unwrap_or_default(),
        ),
        (
            "kettlebells".into(),
            view.as_ref()
                .and_then(|v| v.equipment.kettlebells.clone())
                .map(|b| {
                    b.iter()
                        .map(|x| resilift_core::prescribe::fmt_load(*x))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
        ),
    ]);
    let fields = fields.unwrap_or(&defaults);
    let display_name = state
        .store()
        .display_name(viewer.id())
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let tokens = state.store().tokens(viewer.id()).await.unwrap_or_default();
    let links = state
        .store()
        .links_of(viewer.id())
        .await
        .unwrap_or_default();
    let calendar = if viewer.is_lifter() {
        state
            .store()
            .calendar_feed(viewer.id())
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    form_page(
        Some(viewer),
        "My data",
        problems,
        html! {
            h1 { "My data" }
            p { "Signed in as " strong { (viewer.account.email) } " (" (viewer.role.as_str()) ")." }
            @if let Some(notice) = extras.notice { p class="notice" role="status" { (notice) } }
            (problem_summary(problems))
            section class="card" {
                h2 { "Your name" }
                p { @if viewer.is_lifter() { "Shown to the clinicians you link, so they know who you are. Leave it empty to show your e-mail address instead." } @else { "Shown to the clients who link you. Leave it empty to show your e-mail address instead." } }
                form method="post" action="/account/name" novalidate {
                    (csrf_field(viewer))
                    @let typed = Fields(vec![("display_name".to_owned(), if problems.of("display_name").is_empty() { display_name.clone() } else { fields.get("display_name").to_owned() })]);
                    (text_field(&typed, problems, "display_name", "Name", "text", "name"))
                    button type="submit" { "Save my name" }
                }
            }
            section class="card" {
                h2 { "Units, equipment and time zone" }
                form method="post" action="/account/profile" novalidate {
                    (csrf_field(viewer))
                    div class="field" {
                        label for=(dom_id("units")) { "Units" }
                        (field_problems(problems, "units"))
                        select id=(dom_id("units")) aria-describedby=[super::described(problems, "units")] name="units" {
                            option value="kg" selected[fields.get("units") != "lb"] { "kilograms" }
                            option value="lb" selected[fields.get("units") == "lb"] { "pounds" }
                        }
                    }
                    (text_field(fields, problems, "time_zone", "Time zone (such as Europe/London)", "text", "off"))
                    (text_field(fields, problems, "barbell", "Empty barbell", "text", "off"))
                    (text_field(fields, problems, "trap_bar", "Empty trap bar", "text", "off"))
                    (text_field(fields, problems, "step", "Smallest jump in total load (two of your lightest plates)", "text", "off"))
                    (text_field(fields, problems, "kettlebells", "Kettlebells you have, separated by commas", "text", "off"))
                    button type="submit" { "Save" }
                }
            }
            @if viewer.is_lifter() {
                section class="card" {
                    h2 { "Share with a clinician" }
                    p { "Make a code and give it to your clinician or coach. It works once, for 72 hours. They will see your record and can add tests and notes; they cannot change your log." }
                    @if let Some(invite) = &extras.invite {
                        p class="code" role="status" { "Your code: " strong data-invite-code { (invite.code) } " (valid until " (long_instant_text(&invite.expires_at, &viewer.time_zone)) ")" }
                    }
                    form method="post" action="/account/invite" novalidate { (csrf_field(viewer)) button type="submit" { "Make an invite code" } }
                }
            }
            @if viewer.is_lifter() {
                section class="card" id="calendar" {
                    h2 { "Reminders in your phone's calendar" }
                    p { "Subscribe your phone's calendar to a private link, and it shows your next planned session, the morning check-in after each session and your next screening, each with a reminder. The calendar checks the link now and then, so the dates follow your plan." }
                    @if let Some(link) = &extras.calendar_link {
                        div class="notice" role="status" {
                            p { "Your calendar link (copy it now: it is not shown again):" }
                            p { code data-calendar-link { (link) } }
                            p { a class="button" href=(link.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1)) { "Add to this phone's calendar" } }
                        }
                        details {
                            summary { "How to add it by hand" }
                            ul {
                                li { strong { "iPhone: " } "open Settings, then Calendar, Accounts, Add Account, Other, Add Subscribed Calendar, and paste the link." }
                                li { strong { "Android (Google Calendar): " } "on a computer, open calendar.google.com, choose the + beside Other calendars, then From URL, and paste the link. It appears on the phone after the next sync." }
                                li { strong { "Outlook: " } "Add calendar, Subscribe from web, and paste the link." }
                            }
                        }
                    } @else if let Some(feed) = &calendar {
                        p { "A calendar link is on (made " (long_instant(feed.created_at, &viewer.time_zone)) "). Anyone with the link can see these dates, so keep it to yourself." }
                    }
                    form method="post" action="/account/calendar" novalidate class="inline" {
                        (csrf_field(viewer))
                        button type="submit" { @if calendar.is_some() { "Make a new link (the old one stops)" } @else { "Make my calendar link" } }
                    }
                    @if calendar.is_some() {
                        " "
                        form method="post" action="/account/calendar/remove" novalidate class="inline" {
                            (csrf_field(viewer))
                            button type="submit" class="secondary" { "Turn the link off" }
                        }
                    }
                }
            }
            section class="card" {
                h2 { "Links" }
                @if links.is_empty() { p { "None." } } @else {
                    ul {
                        @for link in &links {
                            li {
                                @if viewer.is_lifter() { (link.clinician_email) } @else { (link.lifter_email) }
                                form method="post" action=(format!("/account/links/{}/remove", link.id)) novalidate class="inline" {
                                    (csrf_field(viewer))
                                    " " button type="submit" class="link" { "Remove" }
                                }
                            }
                        }
                    }
                }
            }
            section class="card" {
                h2 { "Password" }
                form method="post" action="/account/password" novalidate {
                    (csrf_field(viewer))
                    (text_field(&Fields::default(), problems, "current_password", "Current password", "password", "current-password"))
                    (text_field(&Fields::default(), problems, "new_password", "New password: at least 8 characters, not easy to guess", "password", "new-password"))
                    button type="submit" { "Change password" }
                }
            }
            section class="card" {
                h2 { "API tokens" }
                p { "For scripts and other apps using the JSON API (" a href="/api/openapi.json" { "its description" } ")." }
                @if let Some(token) = &extras.new_token {
                    p class="notice" role="status" { "New token \u{201c}" (token.name) "\u{201d}: " code data-new-token { (token.token) } br; "Copy it now: it is not shown again." }
                }
                @if !tokens.is_empty() {
                    ul {
                        @for token in &tokens {
                            li {
                                (token.name) " — made " (long_instant(token.created_at, &viewer.time_zone))
                                @if let Some(revoked) = token.revoked_at { " — revoked " (long_instant(revoked, &viewer.time_zone)) } @else {
                                    @let ends = crate::service::accounts::expiry(token, state.settings().token_days);
                                    @if ends <= state.now() { " — expired " (long_instant(ends, &viewer.time_zone)) } @else { " — works until " (long_instant(ends, &viewer.time_zone)) }
                                    @match token.last_used_at {
                                        Some(used) => { " — last used " (long_instant(used, &viewer.time_zone)) }
                                        None => { " — never used" }
                                    }
                                    form method="post" action=(format!("/account/tokens/{}/revoke", token.id)) novalidate class="inline" {
                                        (csrf_field(viewer)) " " button type="submit" class="link" { "Revoke" }
                                    }
                                }
                            }
                        }
                    }
                }
                form method="post" action="/account/tokens" novalidate {
                    (csrf_field(viewer))
                    (text_field(&Fields::default(), problems, "name", "Name for a new token", "text", "off"))
                    button type="submit" { "Make a token" }
                }
            }
            @if viewer.is_lifter() {
                section class="card" {
                    h2 { "Bring in your history" }
                    p { a href="/import" { "Import your history from Strong, Hevy or FitNotes" } }
                }
            }
            section class="card" {
                h2 { "Export" }
                p { a href="/account/export.json" download="resilift-export.json" { "Everything, as JSON" } " · " a href="/account/export.csv" download="resilift-sessions.csv" { "Sessions, as CSV (one row per set)" } }
                @if viewer.is_lifter() {
                    (super::report::period_form("/account/report.pdf", "Your report as a PDF", viewer.today(state.now())))
                    p { a href="/account/record.fhir.json" download="resilift-record.fhir.json" { "Your health record, for a clinic's system (FHIR)" } }
                    p class="hint" { "FHIR is the format practice and hospital systems read: your scores, holds, screenings, pain after each session and your plan, in a file you can hand to a clinician." }
                }
            }
            section class="card danger" {
                h2 { "Delete my account" }
                p { "This erases your account and everything in it, at once and for good. Export first if you want a copy." }
                form method="post" action="/account/delete" novalidate {
                    (csrf_field(viewer))
                    (text_field(&Fields::default(), problems, "password", "Your password, to confirm", "password", "current-password"))
                    button type="submit" class="danger" { "Delete my account and data" }
                }
            }
        },
    )
}

fn notice(text: &'static str) -> Extras {
    Extras {
        notice: Some(text),
        ..NO_EXTRAS
    }
}

/// The "My data" page after an action: with what it produced, or with why it was refused.
async fn answer(
    state: &AppState,
    viewer: &Principal,
    outcome: Result<Extras, ApiError>,
) -> Response {
    match outcome {
        Ok(extras) => account_page(state, viewer, None, &Problems::default(), extras).await,
        Err(error) => {
            account_page(
                state,
                viewer,
                None,
                &Problems::from_error(&error),
                NO_EXTRAS,
            )
            .await
        }
    }
}

const NO_EXTRAS: Extras = Extras {
    calendar_link: None,
    new_token: None,
    invite: None,
    notice: None,
};

pub(crate) async fn show(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    account_page(&state, &viewer, None, &Problems::default(), NO_EXTRAS).await
}

fn number_or_none(fields: &Fields, name: &str, problems: &mut Problems) -> Option<f64> {
    super::decimal(fields, name, problems)
}

pub(crate) async fn profile(
    State(state): State<AppState>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let mut problems = Problems::default();
    let mut bells = Vec::new();
    for part in fields
        .get("kettlebells")
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part.parse::<f64>() {
            Ok(v) => bells.push(v),
            Err(_) => problems.add(
                "kettlebells",
                format!("\u{201c}{part}\u{201d} is not a number"),
            ),
        }
    }
    let request = crate::service::profile::ProfileBody {
        units: if fields.get("units") == "lb" {
            resilift_api::next::UnitsDto::Lb
        } else {
            resilift_api::next::UnitsDto::Kg
        },
        time_zone: fields.get("time_zone").trim().to_owned(),
        equipment: Some(crate::service::profile::EquipmentFields {
            barbell: number_or_none(&fields, "barbell", &mut problems),
            trap_bar: number_or_none(&fields, "trap_bar", &mut problems),
            step: number_or_none(&fields, "step", &mut problems),
            kettlebells: (!bells.is_empty()).then_some(bells),
        }),
    };
    if problems.is_empty() {
        match crate::service::profile::save_profile(&state, viewer.id(), request).await {
            Ok(_) => {
                return account_page(
                    &state,
                    &viewer,
                    None,
                    &problems,
                    Extras {
                        notice: Some("Saved."),
                        ..NO_EXTRAS
                    },
                )
                .await;
            }
            Err(error) => problems = Problems::from_error(&error),
        }
    }
    // Equipment errors name `equipment.barbell`; the form's fields are `barbell`.
    let mut renamed = Problems::default();
    for (field, messages) in problems.0 {
        let field = field
            .trim_start_matches("equipment.")
            .split('[')
            .next()
            .unwrap_or("");
        for message in messages {
            renamed.add(field, message);
        }
    }
    account_page(&state, &viewer, Some(&fields), &renamed, NO_EXTRAS).await
}

pub(crate) async fn password(
    State(state): State<AppState>,
    crate::limits::ClientAddr(from): crate::limits::ClientAddr,
    Posted { viewer, fields }: Posted,
) -> Response {
    let outcome = crate::service::accounts::replace_password(
        &state,
        &viewer,
        fields.get("current_password").to_owned(),
        fields.get("new_password").to_owned(),
        from,
    )
    .await
    .map(|()| notice("Password changed. Other browsers were signed out, and every API token was ended: make a new one for any app that needs it."));
    answer(&state, &viewer, outcome).await
}

pub(crate) async fn new_token(
    State(state): State<AppState>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let name = fields.get("name").trim();
    let name = if name.is_empty() {
        "API token".to_owned()
    } else {
        name.chars().take(100).collect()
    };
    let outcome = crate::service::accounts::issue_token(&state, &viewer.account, name)
        .await
        .map(|token| Extras {
            new_token: Some(token),
            ..NO_EXTRAS
        });
    answer(&state, &viewer, outcome).await
}

/// The address people reach this server at, from the request's `Host`.
fn base_url(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if state.settings().secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

pub(crate) async fn make_calendar(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    LifterPosted { viewer, .. }: LifterPosted,
) -> Response {
    let base = base_url(&state, &headers);
    let outcome = crate::service::calendar::make_feed(&state, viewer.id())
        .await
        .map(|token| Extras {
            calendar_link: Some(format!("{base}/calendar/{token}.ics")),
            ..NO_EXTRAS
        });
    answer(&state, &viewer, outcome).await
}

pub(crate) async fn remove_calendar(
    State(state): State<AppState>,
    LifterPosted { viewer, .. }: LifterPosted,
) -> Response {
    let outcome = crate::service::calendar::remove_feed(&state, viewer.id())
        .await
        .map(|()| notice("The calendar link is off; calendars subscribed to it get nothing more."));
    answer(&state, &viewer, outcome).await
}

/// The calendar feed behind a secret link.
pub(crate) async fn calendar_feed(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let base = base_url(&state, &headers);
    match crate::service::calendar::feed(&state, token, &base).await {
        Ok(text) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8",
                ),
                (axum::http::header::CACHE_CONTROL, "private, no-store"),
            ],
            text,
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, fields: _ }: Posted,
) -> Response {
    let outcome = crate::service::accounts::revoke(&state, viewer.id(), &id)
        .await
        .map(|()| notice("Token revoked."));
    answer(&state, &viewer, outcome).await
}

pub(crate) async fn invite(
    State(state): State<AppState>,
    Posted { viewer, fields: _ }: Posted,
) -> Response {
    let Ok(lifter) = viewer.lifter() else {
        return Redirect::to("/account").into_response();
    };
    let outcome = crate::service::links::make_invite(&state, lifter)
        .await
        .map(|invite| Extras {
            invite: Some(invite),
            ..NO_EXTRAS
        });
    answer(&state, &viewer, outcome).await
}

pub(crate) async fn unlink(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, fields }: Posted,
) -> Response {
    if fields.get("confirm") != "yes" {
        let links = state
            .store()
            .links_of(viewer.id())
            .await
            .unwrap_or_default();
        let Some(link) = links.iter().find(|l| l.id == id) else {
            return answer(&state, &viewer, Err(ApiError::not_found("link"))).await;
        };
        let (other, consequence) = if viewer.is_lifter() {
            (
                link.clinician_name
                    .as_deref()
                    .unwrap_or(&link.clinician_email),
                "They will no longer see your screenings, sessions or progress, and their notes stop reaching your plan. Your record stays as it is.",
            )
        } else {
            (
                link.lifter_name.as_deref().unwrap_or(&link.lifter_email),
                "You will no longer see their record. They can link you again with a new invite code.",
            )
        };
        return page(
            Some(&viewer),
            "Remove this link?",
            html! {
                h1 { "Remove the link with " (other) "?" }
                p { (consequence) }
                form method="post" action=(format!("/account/links/{}/remove", link.id)) novalidate {
                    (csrf_field(&viewer))
                    input type="hidden" name="confirm" value="yes";
                    p class="actions" {
                        button type="submit" class="danger" { "Remove the link" }
                        " " a class="button secondary" href="/account" { "Keep it" }
                    }
                }
            },
        )
        .into_response();
    }
    let outcome = crate::service::links::unlink(&state, viewer.id(), &id)
        .await
        .map(|()| notice("Link removed."));
    answer(&state, &viewer, outcome).await
}

pub(crate) fn download(kind: &'static str, name: &'static str, body: String) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

pub(crate) async fn export_fhir(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    let bundle = match viewer.lifter() {
        Ok(id) => crate::fhir::bundle(&state, id).await,
        Err(error) => Err(error),
    };
    match bundle {
        Ok(value) => download(
            "application/fhir+json",
            "resilift-record.fhir.json",
            value.to_string(),
        ),
        Err(error) => refusal(&viewer, &error),
    }
}

pub(crate) async fn export_json(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    match crate::service::privacy::export_value(&state, &viewer).await {
        Ok(value) => download(
            "application/json",
            "resilift-export.json",
            match serde_json::to_string_pretty(&value) {
                Ok(text) => text,
                Err(error) => return refusal(&viewer, &ApiError::internal(&error)),
            },
        ),
        Err(error) => refusal(&viewer, &error),
    }
}

/// A CSV cell, quoted when it needs to be.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

pub(crate) async fn export_csv(State(state): State<AppState>, Viewer(viewer): Viewer) -> Response {
    let rows = match state.store().all_sessions(viewer.id()).await {
        Ok(rows) => rows,
        Err(error) => return refusal(&viewer, &error.into()),
    };
    let mut out = String::from(
        "date,exercise,set,load,reps,rpe,pain_before,pain_during_max,pain_after,pain_next_morning,completed,faults,red_flags\n",
    );
    // Numbers as the JSON export writes them, so the two downloads agree.
    let number = |value: f64| {
        serde_json::Number::from_f64(value).map_or_else(String::new, |n| n.to_string())
    };
    for row in &rows {
        let session: SessionDto = match serde_json::from_str(&row.body) {
            Ok(session) => session,
            Err(error) => return refusal(&viewer, &ApiError::internal(&error)),
        };
        for (index, set) in session.sets.iter().enumerate() {
            let line = [
                session.date.clone(),
                session.exercise.as_str().to_owned(),
                (index + 1).to_string(),
                number(set.load),
                set.reps.to_string(),
                set.rpe.map(number).unwrap_or_default(),
                session.pain.before.to_string(),
                session.pain.during_max.to_string(),
                session.pain.after.to_string(),
                session
                    .pain
                    .next_morning
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                session.completed.to_string(),
                session.faults.join(" "),
                session.red_flags.join(" "),
            ];
            out.push_str(&line.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
    }
    download("text/csv; charset=utf-8", "resilift-sessions.csv", out)
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    crate::limits::ClientAddr(from): crate::limits::ClientAddr,
    jar: CookieJar,
    Posted { viewer, fields }: Posted,
) -> Response {
    if let Err(error) = crate::service::accounts::check_own_password(
        &state,
        &viewer,
        fields.get("password"),
        from,
        "password",
        "does not match your password; nothing was deleted",
    )
    .await
    {
        return account_page(
            &state,
            &viewer,
            None,
            &Problems::from_error(&error),
            NO_EXTRAS,
        )
        .await;
    }
    let entry = crate::service::audit(
        &state,
        None,
        None,
        "account.erased",
        &serde_json::json!({"role": viewer.role.as_str()}),
    );
    let clips = match crate::service::form::kept_clips(&state, viewer.id(), None).await {
        Ok(clips) => clips,
        Err(error) => return refusal(&viewer, &error),
    };
    if let Err(error) = state.store().erase_account(viewer.id(), &entry).await {
        return refusal(&viewer, &error.into());
    }
    crate::service::form::remove_kept(&state, clips).await;
    (
        jar.add(crate::service::accounts::removal_cookie(&state)),
        page(None, "Account deleted", html! { h1 { "Your account is deleted" } p { "Everything in it has been erased." } p { a href="/" { "Back to the start" } } }),
    )
        .into_response()
}

fn reset_request_markup(state: &AppState, fields: &Fields, problems: &Problems) -> Markup {
    html! {
        h1 { "Choose a new password" }
        (problem_summary(problems))
        @if state.settings().smtp_url.is_some() {
            p { "Give the e-mail address of your account. We send a link there that lets you choose a new password; it works once, for two hours." }
            form method="post" action="/reset" novalidate {
                (text_field(fields, problems, "email", "E-mail address", "email", "email"))
                button type="submit" { "Send me a link" }
            }
        } @else {
            p { "This server does not send e-mail. Ask whoever runs it for a reset link: they can make one for your address." }
        }
        p { a href="/signin" { "Back to signing in" } }
    }
}

pub(crate) async fn reset_form(State(state): State<AppState>) -> Response {
    page(
        None,
        "Choose a new password",
        reset_request_markup(&state, &Fields::default(), &Problems::default()),
    )
    .into_response()
}

pub(crate) async fn reset_request(
    State(state): State<AppState>,
    crate::limits::ClientAddr(from): crate::limits::ClientAddr,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(form);
    let request = crate::service::resets::ResetRequest {
        email: fields.get("email").to_owned(),
    };
    match crate::service::resets::request(&state, request, from).await {
        Ok(answer) => page(
            None,
            "Check your e-mail",
            html! {
                h1 { "Check your e-mail" }
                p role="status" { (answer.message) }
                p { "No e-mail after a few minutes? Look in the spam folder, or check the address and ask again." }
                p { a href="/signin" { "Back to signing in" } }
            },
        )
        .into_response(),
        Err(error) => {
            let problems = Problems::from_error(&error);
            let mut response = form_page(
                None,
                "Choose a new password",
                &problems,
                reset_request_markup(&state, &fields, &problems),
            );
            if error.status == StatusCode::TOO_MANY_REQUESTS {
                *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            }
            response
        }
    }
}

fn new_password_markup(token: &str, problems: &Problems) -> Markup {
    html! {
        h1 { "Choose a new password" }
        (problem_summary(problems))
        p { "Choosing it signs you out on every other device and ends the API tokens you made." }
        form method="post" action=(format!("/reset/{}", super::encode(token))) novalidate {
            (text_field(&Fields::default(), problems, "password", "New password: at least 8 characters, not easy to guess", "password", "new-password"))
            button type="submit" { "Save my new password" }
        }
    }
}

fn dead_link() -> Response {
    (
        StatusCode::NOT_FOUND,
        page(
            None,
            "This link no longer works",
            html! {
                h1 { "This link no longer works" }
                p { "A reset link works once, for two hours. This one was used already, has expired, or was copied incompletely." }
                p class="actions" { a class="button" href="/reset" { "Ask for a new link" } }
            },
        ),
    )
        .into_response()
}

pub(crate) async fn reset_password_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Response {
    match crate::service::resets::link_works(&state, &token).await {
        Ok(true) => page(
            None,
            "Choose a new password",
            new_password_markup(&token, &Problems::default()),
        )
        .into_response(),
        Ok(false) => dead_link(),
        Err(error) => refusal_without_viewer(&error),
    }
}

pub(crate) async fn reset_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(form);
    match crate::service::resets::complete(&state, &token, fields.get("password")).await {
        Ok(()) => Redirect::to("/signin?reset=done").into_response(),
        Err(error) if error.body.code == resilift_api::ErrorCode::InvalidResetLink => dead_link(),
        Err(error) => {
            let problems = Problems::from_error(&error);
            form_page(
                None,
                "Choose a new password",
                &problems,
                new_password_markup(&token, &problems),
            )
        }
    }
}

fn refusal_without_viewer(error: &ApiError) -> Response {
    (
        error.status,
        page(
            None,
            "Something went wrong",
            html! { h1 { "Something went wrong" } p { (error.body.error) } },
        ),
    )
        .into_response()
}

pub(crate) async fn name(
    State(state): State<AppState>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let outcome = crate::service::accounts::set_display_name(
        &state,
        viewer.id(),
        Some(fields.get("display_name")),
    )
    .await
    .map(|name| {
        notice(if name.is_some() {
            "Your name is saved."
        } else {
            "Your name is removed: your e-mail address is shown instead."
        })
    });
    answer(&state, &viewer, outcome).await
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        assert_eq!(safe_next("/week"), "/week");
        assert_eq!(safe_next("/sessions/01?x=1"), "/sessions/01?x=1");
        assert_eq!(safe_next("/"), "/");
        for away in [
            "//evil.example",
            "/\\evil.example",
            "/\tevil.example",
            "https://evil.example",
            "/\r\nX:1",
            "/ x",
            "",
        ] {
            assert_eq!(safe_next(away), "/home", "{away:?}");
        }
    }
}
