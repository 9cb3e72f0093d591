//! `GET /api/openapi.json`: an OpenAPI 3.1 document generated from the code.
//!
//! Request and response schemas come from the same `schemars` derives that the command line's
//! `resilift schema` prints (JSON Schema 2020-12, which is OpenAPI 3.1's schema dialect), so the
//! document cannot drift from the types. The endpoint table below is checked against the router
//! by a test that calls every listed operation.

use axum::Json;
use axum::response::IntoResponse;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::error::ErrorBody;

type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

fn of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

fn binary(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({"type": "string", "format": "binary"})
}

fn csv(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({"type": "string", "description": "the exported file (CSV), as it came from the app"})
}

fn video(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({"type": "string", "format": "binary", "description": "the clip itself: MP4, MOV or WebM"})
}

fn object(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({"type": "object"})
}

/// One documented operation.
pub(crate) struct Endpoint {
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    summary: &'static str,
    /// Needs a bearer token or the session cookie.
    pub(crate) auth: bool,
    request: Option<SchemaFn>,
    response: Option<SchemaFn>,
    ok: u16,
    errors: &'static [u16],
    paged: bool,
}

macro_rules! ep {
    ($method:literal $path:literal, $summary:literal, auth: $auth:literal, req: $req:expr, res: $res:expr, ok: $ok:literal, errors: [$($e:literal),*], paged: $paged:literal) => {
        Endpoint { method: $method, path: $path, summary: $summary, auth: $auth, request: $req, response: $res, ok: $ok, errors: &[$($e),*], paged: $paged }
    };
}

use crate::http::{
    ClientView, EraseRequest, Health, LinkRequest, PasswordChange, SignIn, TokenRequest,
};
use crate::service::accounts::{AccountChange, AccountView, Me, NewAccount, NewToken, TokenView};
use crate::service::form::{DecisionRequest, FormCheckView};
use crate::service::imports::ImportView;
use crate::service::links::{InviteView, LinkView, OverrideRequest};
use crate::service::messages::{MessageRequest, ThreadItem, ThreadView};
use crate::service::privacy::Export;
use crate::service::profile::{EquipmentFields, ProfileBody, ProfileView};
use crate::service::resets::{NewPassword, ResetRequest, ResetRequested};
use crate::service::safety_record::SafetyEventView;
use crate::views::{
    AssessmentView, ClientDetail, FoundationDayView, Items, OverrideView, PlanView, Progress,
    ScreeningView, SessionView, TriageView,
};
use resilift_api::flare::TriageSubmission;
use resilift_api::next::{FoundationDayDto, SessionDto};
use resilift_api::score::AssessmentSubmission;
use resilift_api::screen::ScreeningSubmission;

/// Every operation of the API.
pub(crate) const ENDPOINTS: &[Endpoint] = &[
    ep!("post" "/api/v1/accounts", "Register (lifter or clinician). Closed when the server says so; a clinician needs an operator's invite unless clinician registration is open; a few registrations per network address and hour.", auth: false, req: Some(of::<NewAccount>), res: Some(of::<AccountView>), ok: 201, errors: [400, 403, 409, 422, 429], paged: false),
    ep!("post" "/api/v1/tokens", "Create a personal API token from e-mail and password; the secret is shown once.", auth: false, req: Some(of::<TokenRequest>), res: Some(of::<NewToken>), ok: 201, errors: [400, 401, 403, 422, 429], paged: false),
    ep!("get" "/api/v1/tokens", "List my tokens (no secrets).", auth: true, req: None, res: Some(of::<Items<TokenView>>), ok: 200, errors: [401], paged: false),
    ep!("delete" "/api/v1/tokens/{id}", "Revoke one of my tokens.", auth: true, req: None, res: None, ok: 204, errors: [401, 404], paged: false),
    ep!("post" "/api/v1/sign-in", "Sign in a browser: sets the HttpOnly session cookie and returns the CSRF token to send as X-CSRF-Token on unsafe requests.", auth: false, req: Some(of::<SignIn>), res: Some(of::<Me>), ok: 200, errors: [400, 401, 403, 422, 429], paged: false),
    ep!("post" "/api/v1/password-resets", "Ask for a password-reset link by e-mail: the same answer whether or not an account uses the address; the link works once, for two hours.", auth: false, req: Some(of::<ResetRequest>), res: Some(of::<ResetRequested>), ok: 202, errors: [400, 422, 429], paged: false),
    ep!("post" "/api/v1/password-resets/{token}", "Choose a new password with a reset link's token: every browser session ends and every token is revoked.", auth: false, req: Some(of::<NewPassword>), res: None, ok: 204, errors: [400, 422], paged: false),
    ep!("post" "/api/v1/sign-out", "End this browser session.", auth: true, req: None, res: None, ok: 204, errors: [401, 403], paged: false),
    ep!("get" "/api/v1/me", "Who I am.", auth: true, req: None, res: Some(of::<Me>), ok: 200, errors: [401], paged: false),
    ep!("patch" "/api/v1/me", "Change my account: the name shown to the clinicians I link (`display_name`, null to show the e-mail address).", auth: true, req: Some(of::<AccountChange>), res: Some(of::<Me>), ok: 200, errors: [400, 401, 403, 422], paged: false),
    ep!("delete" "/api/v1/me", "Erase my account and everything in it; the body gives the password again. Others' actions about me (a clinician's notes) stay in their log with me replaced by a tombstone; on SQLite the erased rows are overwritten in the file.", auth: true, req: Some(of::<EraseRequest>), res: None, ok: 204, errors: [400, 401, 403, 422, 429], paged: false),
    ep!("put" "/api/v1/me/password", "Change my password; other browser sessions end.", auth: true, req: Some(of::<PasswordChange>), res: None, ok: 204, errors: [400, 401, 403, 422, 429], paged: false),
    ep!("get" "/api/v1/me/profile", "My units, equipment and time zone.", auth: true, req: None, res: Some(of::<ProfileView>), ok: 200, errors: [401], paged: false),
    ep!("put" "/api/v1/me/profile", "Replace my profile. Units cannot change once sessions are logged.", auth: true, req: Some(of::<ProfileBody>), res: Some(of::<ProfileView>), ok: 200, errors: [400, 401, 403, 409, 422], paged: false),
    ep!("post" "/api/v1/imports", "Upload a workout history exported from Strong, Hevy or FitNotes as the text/csv body (`?units=kg|lb` when the file does not say its units): answers the preview (sessions mapped to rungs, duplicates, ignored exercises, unreadable rows by line, each quoting at most 60 characters of a value, at most 200 listed); nothing else is stored until it is confirmed. Up to 20 MB; at most `max_import_previews` (5) previews wait per person (409 `quota_reached`); refused with 507 when the server's disk is nearly full.", auth: true, req: Some(csv), res: Some(of::<ImportView>), ok: 201, errors: [400, 401, 403, 409, 413, 415, 422, 507], paged: false),
    ep!("get" "/api/v1/imports", "My imports, newest first, a page at a time (at most 20 a page).", auth: true, req: None, res: Some(of::<Items<ImportView>>), ok: 200, errors: [401, 403, 422], paged: true),
    ep!("get" "/api/v1/imports/{id}", "One of my imports.", auth: true, req: None, res: Some(of::<ImportView>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("post" "/api/v1/imports/{id}/confirm", "Confirm a previewed import: its sessions are stored (loads and reps only: they feed the estimated 1RM, never the pain rules or the ladder). Confirming again answers the same.", auth: true, req: None, res: Some(of::<ImportView>), ok: 200, errors: [401, 403, 404, 409], paged: false),
    ep!("delete" "/api/v1/imports/{id}", "Undo an import as a whole: every session it brought is removed. A preview that was never confirmed is discarded: deleted with everything it held.", auth: true, req: None, res: None, ok: 204, errors: [401, 403, 404], paged: false),
    ep!("get" "/api/v1/me/report.pdf", "My clinical report as a PDF for `?from=YYYY-MM-DD&to=YYYY-MM-DD` (the last 365 days when absent; at most ten years): identification, the latest screening with each reason, its evidence and level, status and adherence, scores with their change against the smallest important change, the progress charts, sessions, post-lift triages, clinicians' notes and overrides, the rule-set version and the disclaimer.", auth: true, req: None, res: Some(binary), ok: 200, errors: [400, 401, 403, 422], paged: false),
    ep!("get" "/api/v1/clients/{id}/report.pdf", "A linked client's clinical report as a PDF, as GET /api/v1/me/report.pdf.", auth: true, req: None, res: Some(binary), ok: 200, errors: [400, 401, 403, 404, 422], paged: false),
    ep!("get" "/api/v1/me/fhir", "My record as a FHIR R4 Bundle (application/fhir+json): Patient, Observations (pain LOINC 72514-3, ODI 97909-6, STarT Back 91351-7/91350-9/91352-5, holds and the estimated 1RM under resilift's code system), a QuestionnaireResponse per screening and the plan as a CarePlan.", auth: true, req: None, res: Some(object), ok: 200, errors: [401, 403], paged: false),
    ep!("get" "/api/v1/me/export", "Everything of mine as one JSON document.", auth: true, req: None, res: Some(of::<Export>), ok: 200, errors: [401], paged: false),
    ep!("post" "/api/v1/screenings", "Screen me: the screening record (docs/json.md) without `as_of` (the server uses today in my time zone), without `training.stage` and `training.clean_sessions_at_stage` (derived from my record) and without `cleared_flags` (only a linked clinician's clearance fills it). Answers the decision with its `id`.", auth: true, req: Some(of::<ScreeningSubmission>), res: Some(of::<ScreeningView>), ok: 201, errors: [400, 401, 403, 422], paged: false),
    ep!("get" "/api/v1/screenings", "My screenings, newest first.", auth: true, req: None, res: Some(of::<Items<ScreeningView>>), ok: 200, errors: [401, 403, 422], paged: true),
    ep!("get" "/api/v1/screenings/{id}", "One of my screenings.", auth: true, req: None, res: Some(of::<ScreeningView>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("post" "/api/v1/assessments", "Score and keep an instrument (body as `resilift score`, plus optional `taken_on`); the change since the previous one is computed.", auth: true, req: Some(of::<AssessmentSubmission>), res: Some(of::<AssessmentView>), ok: 201, errors: [400, 401, 403, 422], paged: false),
    ep!("get" "/api/v1/assessments", "My assessments, newest first.", auth: true, req: None, res: Some(of::<Items<AssessmentView>>), ok: 200, errors: [401, 403, 422], paged: true),
    ep!("post" "/api/v1/sessions", "Log one deadlift session (a session object of the next-session request, docs/json.md); `leg_symptoms` is required.", auth: true, req: Some(of::<SessionDto>), res: Some(of::<SessionView>), ok: 201, errors: [400, 401, 403, 422], paged: false),
    ep!("get" "/api/v1/sessions", "My sessions, latest day first, each with its pain colour.", auth: true, req: None, res: Some(of::<Items<SessionView>>), ok: 200, errors: [401, 403, 422], paged: true),
    ep!("get" "/api/v1/sessions/{id}", "One of my sessions.", auth: true, req: None, res: Some(of::<SessionView>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("patch" "/api/v1/sessions/{id}", "Next-morning check-in or a correction, as a JSON merge patch (RFC 7396) over the session.", auth: true, req: Some(object), res: Some(of::<SessionView>), ok: 200, errors: [400, 401, 403, 404, 422], paged: false),
    ep!("delete" "/api/v1/sessions/{id}", "Delete one of my sessions (a mistaken entry); the plan is worked out again without it.", auth: true, req: None, res: None, ok: 204, errors: [401, 403, 404], paged: false),
    ep!("post" "/api/v1/sessions/{id}/video", "Experimental form check: send a side-on clip of one set of this session as the body (video/mp4, video/quicktime or video/webm; up to 60 s and 200 MB by default). The server finds body landmarks on each frame on its own CPU, then answers the reps, each rep's trunk, hip and knee angles at lift-off, mid-shin, knee height and lockout, the time and speed of each phase, and the faults it proposes. A proposal counts for nothing until it is confirmed. The clip is deleted after analysis unless the server keeps clips. 503 when ffmpeg or the pose models are not installed.", auth: true, req: Some(video), res: Some(of::<FormCheckView>), ok: 201, errors: [401, 403, 404, 413, 415, 422, 503], paged: false),
    ep!("get" "/api/v1/sessions/{id}/form-checks", "The form checks of one of my sessions, oldest first.", auth: true, req: None, res: Some(of::<Items<FormCheckView>>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("get" "/api/v1/form-checks/{id}", "One of my form checks.", auth: true, req: None, res: Some(of::<FormCheckView>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("post" "/api/v1/form-checks/{id}/proposals/{number}", "Confirm or dismiss a proposed fault. Confirmed, its fault joins the session's logged faults and the next plan reacts as to any logged fault; dismissed after a confirmation, it leaves the log again unless I logged that fault myself or confirmed it on another proposal.", auth: true, req: Some(of::<DecisionRequest>), res: Some(of::<FormCheckView>), ok: 200, errors: [400, 401, 403, 404, 409, 422], paged: false),
    ep!("delete" "/api/v1/form-checks/{id}", "Delete a form check: its landmarks, angles and any kept clip. Faults I confirmed stay in the session's log.", auth: true, req: None, res: None, ok: 204, errors: [401, 403, 404], paged: false),
    ep!("get" "/api/v1/next-session", "My next session (docs/json.md) from my latest screening, any newer clinician override, my profile and my history.", auth: true, req: None, res: Some(of::<PlanView>), ok: 200, errors: [401, 403, 409], paged: false),
    ep!("post" "/api/v1/foundation-days", "Log a day of foundation work (docs/json.md): the exercises done, pain before, at worst during and right after, leg symptoms and warning signs. A warning sign, leg symptoms below the knee or flare-level pain stop loading at once; the pain of the days since the latest screening moves the pyramid of the plan's programme.", auth: true, req: Some(of::<FoundationDayDto>), res: Some(of::<FoundationDayView>), ok: 201, errors: [400, 401, 403, 422], paged: false),
    ep!("get" "/api/v1/foundation-days", "My days of foundation work, newest logged first.", auth: true, req: None, res: Some(of::<Items<FoundationDayView>>), ok: 200, errors: [401, 403, 422], paged: true),
    ep!("get" "/api/v1/foundation-days/{id}", "One of my days of foundation work.", auth: true, req: None, res: Some(of::<FoundationDayView>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("delete" "/api/v1/foundation-days/{id}", "Delete one of my days of foundation work (a mistaken entry); the plan is worked out again without it.", auth: true, req: None, res: None, ok: 204, errors: [401, 403, 404], paged: false),
    ep!("post" "/api/v1/triage", "After a deadlift hurts: the triage answers (docs/json.md) without `as_of` (the server uses today). The result is stored and acts on the plan: an emergency, same-day, see-a-clinician or persistent outcome stops loading; self-care means a new screening after the healing window. Answers `id`, `outcome` and the reasons.", auth: true, req: Some(of::<TriageSubmission>), res: Some(of::<TriageView>), ok: 201, errors: [400, 401, 403, 422], paged: false),
    ep!("get" "/api/v1/triage", "My stored triage results, newest first.", auth: true, req: None, res: Some(of::<Items<TriageView>>), ok: 200, errors: [401, 403, 422], paged: true),
    ep!("get" "/api/v1/triage/{id}", "One of my triage results.", auth: true, req: None, res: Some(of::<TriageView>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("get" "/api/v1/progress", "Time series for charts: e1RM, working load, pain during and next morning, holds, scores, screenings, rung changes.", auth: true, req: None, res: Some(of::<Progress>), ok: 200, errors: [401, 403], paged: false),
    ep!("get" "/api/v1/safety-events", "My safety record, newest first: every warning sign, below-knee leg symptom, flare-level pain and urgent triage outcome as it was reported (by a screening, a session, a morning check-in, a day of foundation work or a triage), whatever was corrected or deleted since, each with what answered it.", auth: true, req: None, res: Some(of::<Items<SafetyEventView>>), ok: 200, errors: [401, 403], paged: false),
    ep!("get" "/api/v1/overrides", "My clinicians' overrides and notes, newest first.", auth: true, req: None, res: Some(of::<Items<OverrideView>>), ok: 200, errors: [401, 403], paged: false),
    ep!("post" "/api/v1/invites", "Make a one-use invite code for a clinician (expires).", auth: true, req: None, res: Some(of::<InviteView>), ok: 201, errors: [401, 403], paged: false),
    ep!("post" "/api/v1/links", "Redeem a lifter's invite code (clinicians).", auth: true, req: Some(of::<LinkRequest>), res: Some(of::<LinkView>), ok: 201, errors: [400, 401, 403, 409, 422], paged: false),
    ep!("get" "/api/v1/links", "My links, either side.", auth: true, req: None, res: Some(of::<Items<LinkView>>), ok: 200, errors: [401], paged: false),
    ep!("delete" "/api/v1/links/{id}", "Unlink (either side).", auth: true, req: None, res: None, ok: 204, errors: [401, 403, 404], paged: false),
    ep!("get" "/api/v1/links/{id}/messages", "The thread of a link, oldest first: the clinician's notes with the plan and the messages both sides wrote; opening it marks what the other side wrote as read.", auth: true, req: None, res: Some(of::<ThreadView>), ok: 200, errors: [401, 404], paged: false),
    ep!("post" "/api/v1/links/{id}/messages", "Write to the other person of a link (1 to 1,000 characters).", auth: true, req: Some(of::<MessageRequest>), res: Some(of::<ThreadItem>), ok: 201, errors: [400, 401, 403, 404, 422], paged: false),
    ep!("get" "/api/v1/clients", "My clients with a status each (clinicians).", auth: true, req: None, res: Some(of::<Items<ClientView>>), ok: 200, errors: [401, 403, 422], paged: true),
    ep!("get" "/api/v1/clients/{id}", "A client's summary and status.", auth: true, req: None, res: Some(of::<ClientDetail>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("get" "/api/v1/clients/{id}/screenings", "A client's screenings.", auth: true, req: None, res: Some(of::<Items<ScreeningView>>), ok: 200, errors: [401, 403, 404, 422], paged: true),
    ep!("get" "/api/v1/clients/{id}/assessments", "A client's assessments.", auth: true, req: None, res: Some(of::<Items<AssessmentView>>), ok: 200, errors: [401, 403, 404, 422], paged: true),
    ep!("post" "/api/v1/clients/{id}/assessments", "Add an assessment for a client (audited).", auth: true, req: Some(of::<AssessmentSubmission>), res: Some(of::<AssessmentView>), ok: 201, errors: [400, 401, 403, 404, 422], paged: false),
    ep!("get" "/api/v1/clients/{id}/sessions", "A client's sessions (read only).", auth: true, req: None, res: Some(of::<Items<SessionView>>), ok: 200, errors: [401, 403, 404, 422], paged: true),
    ep!("get" "/api/v1/clients/{id}/sessions/{session}", "One of a client's sessions.", auth: true, req: None, res: Some(of::<SessionView>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("get" "/api/v1/clients/{id}/next-session", "A client's next session.", auth: true, req: None, res: Some(of::<PlanView>), ok: 200, errors: [401, 403, 404, 409], paged: false),
    ep!("get" "/api/v1/clients/{id}/triage", "A client's stored triage results.", auth: true, req: None, res: Some(of::<Items<TriageView>>), ok: 200, errors: [401, 403, 404, 422], paged: true),
    ep!("get" "/api/v1/clients/{id}/fhir", "A linked client's record as a FHIR R4 Bundle (application/fhir+json), as GET /api/v1/me/fhir.", auth: true, req: None, res: Some(object), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("get" "/api/v1/clients/{id}/progress", "A client's progress series.", auth: true, req: None, res: Some(of::<Progress>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("get" "/api/v1/clients/{id}/safety-events", "A client's safety record, newest first: every warning sign, below-knee leg symptom, flare-level pain and urgent triage outcome as it was reported, whatever was corrected or deleted since, each with what answered it.", auth: true, req: None, res: Some(of::<Items<SafetyEventView>>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("get" "/api/v1/clients/{id}/overrides", "A client's overrides.", auth: true, req: None, res: Some(of::<Items<OverrideView>>), ok: 200, errors: [401, 403, 404], paged: false),
    ep!("post" "/api/v1/clients/{id}/overrides", "Override a client's plan with a note (shown to the client, audited); may set the rung and clear stable warning signs or health answers for loading from the next screening.", auth: true, req: Some(of::<OverrideRequest>), res: Some(of::<OverrideView>), ok: 201, errors: [400, 401, 403, 404, 422], paged: false),
    ep!("get" "/healthz", "Liveness and database reachability.", auth: false, req: None, res: Some(of::<Health>), ok: 200, errors: [503], paged: false),
    ep!("get" "/api/openapi.json", "This document.", auth: false, req: None, res: Some(object), ok: 200, errors: [], paged: false),
];

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No content",
        400 => "Malformed JSON",
        401 => "Missing, wrong or revoked credentials",
        403 => "Not allowed for this role, registration closed, or missing CSRF token",
        404 => "No such record, or not yours to see",
        409 => "Conflicts with what is stored",
        422 => "Invalid fields (each named in `fields`)",
        429 => "Too many wrong passwords for this address lately: wait as `Retry-After` says",
        503 => "Database unreachable",
        _ => "Other",
    }
}

/// The whole document.
#[must_use]
pub fn document() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let error = of::<ErrorBody>(&mut generator);
    let mut paths = Map::new();
    for endpoint in ENDPOINTS {
        let mut parameters: Vec<Value> = endpoint
            .path
            .split('/')
            .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        if endpoint.path.ends_with("report.pdf") {
            parameters.push(json!({"name": "from", "in": "query", "required": false, "description": "first day, YYYY-MM-DD (a year before `to` when absent)", "schema": {"type": "string", "format": "date"}}));
            parameters.push(json!({"name": "to", "in": "query", "required": false, "description": "last day, YYYY-MM-DD (today when absent)", "schema": {"type": "string", "format": "date"}}));
        }
        if endpoint.path == "/api/v1/imports" && endpoint.method == "post" {
            parameters.push(json!({"name": "units", "in": "query", "required": false, "description": "`kg` or `lb`: the weight units of a file whose header does not say", "schema": {"type": "string", "enum": ["kg", "lb"]}}));
        }
        if endpoint.paged {
            parameters.push(json!({"name": "limit", "in": "query", "required": false, "description": "page size, 1-200 (default 50)", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}));
            parameters.push(json!({"name": "cursor", "in": "query", "required": false, "description": "the `next` value of the previous page", "schema": {"type": "string"}}));
        }
        let mut responses = Map::new();
        let ok = match endpoint.response {
            Some(schema) => {
                json!({"description": reason(endpoint.ok), "content": {response_media(endpoint.path): {"schema": schema(&mut generator)}}})
            }
            None => json!({"description": reason(endpoint.ok)}),
        };
        responses.insert(endpoint.ok.to_string(), ok);
        // A query string that cannot be read (a parameter given twice, a word for a number).
        let unreadable_query: &[u16] = if endpoint.paged { &[400] } else { &[] };
        for status in endpoint.errors.iter().chain(unreadable_query) {
            responses.insert(
                status.to_string(),
                json!({"description": reason(*status), "content": {"application/json": {"schema": error.clone()}}}),
            );
        }
        let mut operation = json!({
            "summary": endpoint.summary,
            "operationId": format!("{}{}", endpoint.method, endpoint.path.replace(['/', '{', '}', '-', '.'], "_")),
            "parameters": parameters,
            "responses": responses,
        });
        if let Some(request) = endpoint.request {
            let media = if endpoint.path.ends_with("/imports") {
                "text/csv"
            } else if endpoint.path.ends_with("/video") {
                "video/mp4"
            } else {
                "application/json"
            };
            operation["requestBody"] =
                json!({"required": true, "content": {media: {"schema": request(&mut generator)}}});
        }
        if endpoint.auth {
            operation["security"] = json!([{"bearer": []}, {"cookie": []}]);
        } else {
            operation["security"] = json!([]);
        }
        let entry = paths
            .entry(endpoint.path.to_owned())
            .or_insert_with(|| json!({}));
        entry[endpoint.method] = operation;
    }
    let _ = of::<EquipmentFields>(&mut generator);
    let schemas = generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "resilift",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Deadlift readiness, prescription and pain monitoring for people with low back pain. Educational, not medical advice. Every decision carries its rule ids, evidence ids and evidence level.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "A personal API token from POST /api/v1/tokens."},
                "cookie": {"type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE, "description": "Browser session from POST /api/v1/sign-in; unsafe methods also need the X-CSRF-Token header."}
            }
        }
    })
}

/// What an operation answers with: FHIR bundles and PDF reports are not plain JSON.
fn response_media(path: &str) -> &'static str {
    if path.ends_with("/fhir") {
        "application/fhir+json"
    } else if path.ends_with(".pdf") {
        "application/pdf"
    } else {
        "application/json"
    }
}

pub(crate) async fn serve() -> impl IntoResponse {
    Json(document())
}
