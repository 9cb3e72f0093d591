//! The JSON API under `/api/v1`: routes and the handlers for the training record, links and
//! clients. Account and credential handlers live in [`crate::auth`].

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::CookieJar;
use chrono::{Datelike as _, NaiveDate};
use resilift_api::ErrorCode;
use resilift_api::next::{EquipmentDto, SessionDto, UnitsDto};
use resilift_store::{Assessment, Override, Profile, Screening, Session};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::AppState;
use crate::access::{Clinician, Lifter, LinkedClient};
use crate::auth::{self, Principal, audit, new_id};
use crate::error::{ApiError, ApiResult, body_text, json_body};
use crate::views::{self, Items, PageQuery, SessionView};

/// Every route under `/api/v1`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/accounts", post(auth::create_account))
        .route("/tokens", post(auth::create_token).get(auth::list_tokens))
        .route("/tokens/{id}", axum::routing::delete(auth::revoke_token))
        .route("/sign-in", post(auth::sign_in))
        .route("/sign-out", post(auth::sign_out))
        .route("/me", get(auth::me).delete(erase_me))
        .route("/me/password", axum::routing::put(auth::change_password))
        .route("/me/profile", get(get_profile).put(put_profile))
        .route("/me/export", get(export))
        .route("/screenings", post(create_screening).get(list_screenings))
        .route("/screenings/{id}", get(get_screening))
        .route(
            "/assessments",
            post(create_assessment).get(list_assessments),
        )
        .route("/sessions", post(create_session).get(list_sessions))
        .route("/sessions/{id}", get(get_session).patch(patch_session))
        .route("/next-session", get(next_session))
        .route("/triage", post(create_triage).get(list_triages))
        .route("/triage/{id}", get(get_triage))
        .route("/progress", get(progress))
        .route("/overrides", get(list_overrides))
        .route("/invites", post(create_invite))
        .route("/links", post(create_link).get(list_links))
        .route("/links/{id}", axum::routing::delete(delete_link))
        .route("/clients", get(list_clients))
        .route("/clients/{id}", get(client_detail))
        .route("/clients/{id}/screenings", get(client_screenings))
        .route(
            "/clients/{id}/assessments",
            get(client_assessments).post(client_add_assessment),
        )
        .route("/clients/{id}/sessions", get(client_sessions))
        .route("/clients/{id}/sessions/{session}", get(client_session))
        .route("/clients/{id}/next-session", get(client_next_session))
        .route("/clients/{id}/triage", get(client_triages))
        .route("/clients/{id}/progress", get(client_progress))
        .route(
            "/clients/{id}/overrides",
            get(client_overrides).post(client_add_override),
        )
}

pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    let database = match state.store().kind() {
        resilift_store::Kind::Sqlite => "sqlite",
        resilift_store::Kind::Postgres => "postgres",
    };
    match state.store().ping().await {
        Ok(()) => Json(json!({"status": "ok", "database": database})).into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "database": database})),
            )
                .into_response()
        }
    }
}

pub(crate) async fn no_route() -> ApiError {
    ApiError::new(
        ErrorCode::NoRoute,
        "no such endpoint; see /api/openapi.json",
    )
}

/// Errors raised by the framework itself (a body over the size limit, a method a route does
/// not have, an unreadable query string) get the same JSON shape as every other error.
pub(crate) async fn json_errors(response: Response) -> Response {
    let status = response.status();
    // Our own answers (JSON errors, pages that re-render a form) are left alone.
    let ours = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes().starts_with(b"application/json") || v.as_bytes().starts_with(b"text/html")
        });
    if !(status.is_client_error() || status.is_server_error()) || ours {
        return response;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::TooLarge, "the body is larger than 256 KiB"),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "this endpoint does not take that method; see /api/openapi.json",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (ErrorCode::UnsupportedMediaType, "send JSON"),
        StatusCode::BAD_REQUEST => (ErrorCode::BadRequest, "the request could not be read"),
        _ if status.is_server_error() => (
            ErrorCode::Internal,
            "something went wrong on our side; nothing was changed",
        ),
        _ => (ErrorCode::BadRequest, "the request could not be handled"),
    };
    ApiError::with_status(status, code, message).into_response()
}

pub(crate) fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal(&"handler panicked").into_response()
}

// ----- profile ------------------------------------------------------------------------------

/// Equipment in a profile (its units are the profile's).
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EquipmentFields {
    /// Empty barbell.
    #[serde(default)]
    pub(crate) barbell: Option<f64>,
    /// Empty trap bar.
    #[serde(default)]
    pub(crate) trap_bar: Option<f64>,
    /// Smallest total increment.
    #[serde(default)]
    pub(crate) step: Option<f64>,
    /// Kettlebells owned.
    #[serde(default)]
    pub(crate) kettlebells: Option<Vec<f64>>,
}

/// `PUT /me/profile`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileBody {
    /// `kg` or `lb`; loads are logged and prescribed in these.
    pub(crate) units: UnitsDto,
    /// IANA time zone, for "today".
    pub(crate) time_zone: String,
    /// Equipment; the standard gym for the units when absent.
    #[serde(default)]
    pub(crate) equipment: Option<EquipmentFields>,
}

/// A profile on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ProfileView {
    /// `kg` or `lb`.
    pub(crate) units: String,
    /// IANA time zone.
    pub(crate) time_zone: String,
    /// Equipment in effect.
    pub(crate) equipment: EquipmentFields,
    /// Last change.
    updated_at: String,
}

pub(crate) fn profile_view(profile: &Profile) -> ApiResult<ProfileView> {
    let dto: EquipmentDto =
        serde_json::from_str(&profile.equipment).map_err(|e| ApiError::internal(&e))?;
    let equipment =
        resilift_api::next::check_equipment(&dto).map_err(|e| ApiError::internal(&e))?;
    Ok(ProfileView {
        units: profile.units.clone(),
        time_zone: profile.time_zone.clone(),
        equipment: EquipmentFields {
            barbell: Some(equipment.barbell),
            trap_bar: Some(equipment.trap_bar),
            step: Some(equipment.step),
            kettlebells: Some(equipment.kettlebells),
        },
        updated_at: views::instant(profile.updated_at),
    })
}

async fn get_profile(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<ProfileView>> {
    let (_, profile) = views::today(&state, principal.id()).await?;
    Ok(Json(profile_view(&profile)?))
}

async fn put_profile(
    State(state): State<AppState>,
    principal: Principal,
    body: Bytes,
) -> ApiResult<Json<ProfileView>> {
    let request: ProfileBody = json_body(&body)?;
    let profile = save_profile(&state, principal.id(), request).await?;
    Ok(Json(profile_view(&profile)?))
}

/// Replaces a profile after checking the time zone and equipment; units are locked once
/// sessions are logged in them.
pub(crate) async fn save_profile(
    state: &AppState,
    account_id: &str,
    request: ProfileBody,
) -> ApiResult<Profile> {
    let time_zone = views::check_time_zone("time_zone", &request.time_zone)?;
    let fields = request.equipment.unwrap_or_default();
    let dto = EquipmentDto {
        units: request.units,
        barbell: fields.barbell,
        trap_bar: fields.trap_bar,
        step: fields.step,
        kettlebells: fields.kettlebells,
    };
    resilift_api::next::check_equipment(&dto)?;
    let (_, current) = views::today(state, account_id).await?;
    let units = auth::units_str(request.units);
    if current.units != units
        && !state
            .store()
            .sessions(account_id, None, 1)
            .await?
            .items
            .is_empty()
    {
        return Err(ApiError::new(
            ErrorCode::UnitsLocked,
            format!(
                "sessions are already logged in {}; changing units would misread their loads",
                current.units
            ),
        ));
    }
    let profile = Profile {
        account_id: account_id.to_owned(),
        units: units.to_owned(),
        equipment: serde_json::to_string(&dto).map_err(|e| ApiError::internal(&e))?,
        time_zone,
        updated_at: state.now(),
    };
    let entry = audit(
        state,
        Some(account_id),
        Some(account_id),
        "profile.updated",
        &json!({"units": profile.units, "time_zone": profile.time_zone}),
    );
    state.store().put_profile(&profile, &entry).await?;
    Ok(profile)
}

// ----- screenings ---------------------------------------------------------------------------

async fn create_screening(
    State(state): State<AppState>,
    lifter: Lifter,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let text = body_text(&body)?;
    let value: Value = serde_json::from_str(text).map_err(|e| ApiError::internal(&e))?;
    let screening = save_screening(&state, lifter.id(), lifter.0.today(state.now()), value).await?;
    Ok((StatusCode::CREATED, Json(views::screening_view(&screening))))
}

/// A body sent without `as_of` (the server decides as of `today` in the person's time zone):
/// the object with `as_of` set, or a refusal naming the field.
pub(crate) fn dated_today<'a>(
    value: &'a mut Value,
    today: NaiveDate,
    what: &str,
) -> ApiResult<&'a mut serde_json::Map<String, Value>> {
    let Some(object) = value.as_object_mut() else {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "body",
            format!("expected a JSON object ({what} without as_of)"),
        ));
    };
    if let Some(sent) = object.get("as_of")
        && sent.as_str() != Some(today.to_string().as_str())
    {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "as_of",
            format!("leave it out: the server decides as of today ({today}) in your time zone"),
        ));
    }
    object.insert("as_of".into(), today.to_string().into());
    Ok(object)
}

/// Screens a record (docs/json.md, without `as_of`, which is `today`) and stores the decision.
pub(crate) async fn save_screening(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    mut value: Value,
) -> ApiResult<Screening> {
    let object = dated_today(&mut value, today, "the screening record")?;
    // The rung comes from the record and clearances from a linked clinician, never from the
    // lifter's own answers.
    let mut refused = resilift_api::InputErrors::default();
    if object.contains_key("cleared_flags") {
        refused.push(
            "cleared_flags",
            "leave it out: only a linked clinician can clear a warning sign, and their clearance is applied here",
        );
    }
    let training = object.entry("training").or_insert_with(|| json!({}));
    if let Some(training) = training.as_object_mut() {
        for key in ["stage", "clean_sessions_at_stage"] {
            if training.contains_key(key) {
                refused.push(
                    format!("training.{key}"),
                    "leave it out: your rung comes from your record (screenings, your clinician's changes and the clean sessions you logged)",
                );
            }
        }
    }
    refused.finish(|| ()).map_err(ApiError::from)?;
    let previous = state.store().latest_screening(lifter).await?;
    let (stage, clean) = crate::safety::placement(state, lifter).await?;
    let cleared = crate::safety::cleared_flags(state, lifter).await?;
    let flare_onset = crate::safety::flare_onset(state, lifter, previous.as_ref()).await?;
    if let Some(training) = object.get_mut("training").and_then(Value::as_object_mut) {
        training.insert("stage".into(), stage.as_str().into());
        training.insert("clean_sessions_at_stage".into(), clean.into());
    }
    object.insert("cleared_flags".into(), json!(cleared));
    // A session painful enough to stop loading starts a new episode on its day (PRX-FLARE).
    if let (Some(flare), Some(pain)) = (
        flare_onset,
        object.get_mut("pain").and_then(Value::as_object_mut),
    ) {
        let given = pain
            .get("current_episode_onset")
            .and_then(Value::as_str)
            .and_then(|d| d.parse::<NaiveDate>().ok());
        if given.is_none_or(|given| given < flare) {
            pain.insert("current_episode_onset".into(), flare.to_string().into());
        }
    }
    let input = value.to_string();
    let response = resilift_api::screen::run(&input, state.rules())?;
    let result = serde_json::to_value(&response).map_err(|e| ApiError::internal(&e))?;
    let decision = result["decision"].as_str().unwrap_or("").to_owned();
    let screening = Screening {
        id: new_id(),
        account_id: lifter.to_owned(),
        created_at: state.now(),
        as_of: today,
        decision: decision.clone(),
        input,
        result: result.to_string(),
        rules_version: state.ruleset().to_owned(),
    };
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "screening.created",
        &json!({"screening_id": screening.id, "decision": decision, "rules_version": screening.rules_version}),
    );
    state.store().insert_screening(&screening, &entry).await?;
    Ok(screening)
}

async fn screenings_of(
    state: &AppState,
    account_id: &str,
    query: &PageQuery,
) -> ApiResult<Json<Items<Value>>> {
    let (limit, cursor) = query.parse()?;
    let page = state.store().screenings(account_id, cursor, limit).await?;
    Ok(Json(Items {
        items: page.items.iter().map(views::screening_view).collect(),
        next: page.next,
    }))
}

async fn list_screenings(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<Value>>> {
    screenings_of(&state, lifter.id(), &query).await
}

async fn get_screening(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .store()
        .screening(lifter.id(), &id)
        .await?
        .map(|s| Json(views::screening_view(&s)))
        .ok_or_else(|| ApiError::not_found("screening"))
}

// ----- assessments --------------------------------------------------------------------------

const WITH_BASELINE: [(&str, &str); 4] = [
    ("nprs", "score"),
    ("odi", "score"),
    ("rmdq", "total"),
    ("tsk11", "total"),
];

async fn add_assessment(
    state: &AppState,
    subject: &str,
    author: &str,
    body: &[u8],
) -> ApiResult<(StatusCode, Json<views::AssessmentView>)> {
    let assessment = save_assessment(state, subject, author, body).await?;
    Ok((
        StatusCode::CREATED,
        Json(views::assessment_view(&assessment)),
    ))
}

/// Scores an instrument (as `resilift score` takes it, plus `taken_on`) and stores it, with the
/// previous score of the same instrument as the baseline.
pub(crate) async fn save_assessment(
    state: &AppState,
    subject: &str,
    author: &str,
    body: &[u8],
) -> ApiResult<Assessment> {
    let text = body_text(body)?;
    let mut value: Value = serde_json::from_str(text).map_err(|e| ApiError::internal(&e))?;
    let (today, _) = views::today(state, subject).await?;
    let Some(object) = value.as_object_mut() else {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "body",
            "expected a JSON object with an `instrument`",
        ));
    };
    let taken_on = match object.remove("taken_on") {
        None | Some(Value::Null) => today,
        Some(Value::String(day)) => match day.parse::<NaiveDate>() {
            Ok(day) if day <= today && day.year() >= 1900 => day,
            Ok(_) => {
                return Err(ApiError::field(
                    ErrorCode::InvalidInput,
                    "taken_on",
                    format!("expected a day on or before today ({today})"),
                ));
            }
            Err(_) => {
                return Err(ApiError::field(
                    ErrorCode::InvalidInput,
                    "taken_on",
                    format!("expected a date as YYYY-MM-DD, got {day:?}"),
                ));
            }
        },
        Some(other) => {
            return Err(ApiError::field(
                ErrorCode::InvalidInput,
                "taken_on",
                format!("expected a date as YYYY-MM-DD, got {other}"),
            ));
        }
    };
    let instrument = object
        .get("instrument")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    // Change since last time: the previous score of the same instrument is the baseline.
    if let Some((_, key)) = WITH_BASELINE.iter().find(|(name, _)| *name == instrument)
        && !object.contains_key("baseline")
        && let Some(previous) = state
            .store()
            .latest_assessment(subject, &instrument)
            .await?
    {
        let result: Value = serde_json::from_str(&previous.result).unwrap_or(Value::Null);
        if let Some(number) = result.get(*key).filter(|v| v.is_number()) {
            object.insert("baseline".into(), number.clone());
        }
    }
    let answers = value.to_string();
    let result = resilift_api::score::run(&answers, state.rules())?;
    let assessment = Assessment {
        id: new_id(),
        account_id: subject.to_owned(),
        author_id: Some(author.to_owned()),
        created_at: state.now(),
        taken_on,
        instrument: result["instrument"]
            .as_str()
            .unwrap_or(&instrument)
            .to_owned(),
        answers,
        result: result.to_string(),
    };
    let entry = audit(
        state,
        Some(author),
        Some(subject),
        "assessment.created",
        &json!({"assessment_id": assessment.id, "instrument": assessment.instrument}),
    );
    state.store().insert_assessment(&assessment, &entry).await?;
    Ok(assessment)
}

async fn create_assessment(
    State(state): State<AppState>,
    lifter: Lifter,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<views::AssessmentView>)> {
    add_assessment(&state, lifter.id(), lifter.id(), &body).await
}

async fn assessments_of(
    state: &AppState,
    account_id: &str,
    query: &PageQuery,
) -> ApiResult<Json<Items<views::AssessmentView>>> {
    let (limit, cursor) = query.parse()?;
    let page = state.store().assessments(account_id, cursor, limit).await?;
    Ok(Json(Items {
        items: page.items.iter().map(views::assessment_view).collect(),
        next: page.next,
    }))
}

async fn list_assessments(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<views::AssessmentView>>> {
    assessments_of(&state, lifter.id(), &query).await
}

// ----- sessions -----------------------------------------------------------------------------

pub(crate) async fn session_view(state: &AppState, session: &Session) -> ApiResult<SessionView> {
    let rows = state
        .store()
        .session_with_previous(&session.account_id, session.date, &session.id, 2)
        .await?;
    views::session_views(state, &rows, 1)?
        .pop()
        .ok_or_else(|| ApiError::not_found("session"))
}

async fn create_session(
    State(state): State<AppState>,
    lifter: Lifter,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<SessionView>)> {
    let dto: SessionDto = json_body(&body)?;
    let session = save_session(&state, lifter.id(), lifter.0.today(state.now()), &dto).await?;
    Ok((
        StatusCode::CREATED,
        Json(session_view(&state, &session).await?),
    ))
}

/// Checks and stores one logged session.
pub(crate) async fn save_session(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    dto: &SessionDto,
) -> ApiResult<Session> {
    let log = dto.check(today);
    if dto.leg_symptoms.is_none() {
        // Every new session answers the leg-symptom question (rule-set version 2).
        let mut errors = log.err().unwrap_or_default();
        errors.push(
            "leg_symptoms",
            "expected none, above_knee or below_knee: did pain, tingling or numbness spread into a leg during or after the session?",
        );
        return Err(errors.into());
    }
    let log = log?;
    let now = state.now();
    let session = Session {
        id: new_id(),
        account_id: lifter.to_owned(),
        created_at: now,
        updated_at: now,
        date: log.date,
        body: serde_json::to_string(dto).map_err(|e| ApiError::internal(&e))?,
    };
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "session.created",
        &json!({"session_id": session.id, "date": session.date.to_string()}),
    );
    state.store().insert_session(&session, &entry).await?;
    Ok(session)
}

async fn list_sessions(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<Box<RawValue>>>> {
    Ok(Json(
        views::session_page(&state, lifter.id(), &query).await?,
    ))
}

async fn get_session(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<SessionView>> {
    let session = state
        .store()
        .session(lifter.id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("session"))?;
    Ok(Json(session_view(&state, &session).await?))
}

async fn patch_session(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<SessionView>> {
    let text = body_text(&body)?;
    let patch: Value = serde_json::from_str(text).map_err(|e| ApiError::internal(&e))?;
    let updated = amend_session(
        &state,
        lifter.id(),
        lifter.0.today(state.now()),
        &id,
        &patch,
    )
    .await?;
    Ok(Json(session_view(&state, &updated).await?))
}

/// Applies a JSON merge patch (a check-in or a correction) to one of a lifter's sessions.
pub(crate) async fn amend_session(
    state: &AppState,
    lifter: &str,
    today: NaiveDate,
    id: &str,
    patch: &Value,
) -> ApiResult<Session> {
    if !patch.is_object() {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "body",
            "expected a JSON merge patch object, such as {\"pain\": {\"next_morning\": 2}}",
        ));
    }
    let stored = state
        .store()
        .session(lifter, id)
        .await?
        .ok_or_else(|| ApiError::not_found("session"))?;
    let mut merged: Value =
        serde_json::from_str(&stored.body).map_err(|e| ApiError::internal(&e))?;
    json_patch::merge(&mut merged, patch);
    let dto: SessionDto = resilift_api::parse_json(&merged.to_string())?;
    let was_answered = serde_json::from_str::<SessionDto>(&stored.body)
        .is_ok_and(|before| before.leg_symptoms.is_some());
    if was_answered && dto.leg_symptoms.is_none() {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "leg_symptoms",
            "expected none, above_knee or below_knee: an answer cannot be removed",
        ));
    }
    let log = dto.check(today)?;
    let updated = Session {
        updated_at: state.now(),
        date: log.date,
        body: serde_json::to_string(&dto).map_err(|e| ApiError::internal(&e))?,
        ..stored
    };
    let changed: Vec<String> = patch
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "session.updated",
        &json!({"session_id": id, "fields": changed}),
    );
    if !state.store().update_session(&updated, &entry).await? {
        return Err(ApiError::not_found("session"));
    }
    Ok(updated)
}

// ----- triage -------------------------------------------------------------------------------

async fn create_triage(
    State(state): State<AppState>,
    lifter: Lifter,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let text = body_text(&body)?;
    let value: Value = serde_json::from_str(text).map_err(|e| ApiError::internal(&e))?;
    let triage =
        crate::safety::save_triage(&state, lifter.id(), lifter.0.today(state.now()), value).await?;
    Ok((
        StatusCode::CREATED,
        Json(crate::safety::triage_view(&triage)),
    ))
}

async fn triages_of(
    state: &AppState,
    account_id: &str,
    query: &PageQuery,
) -> ApiResult<Json<Items<Value>>> {
    let (limit, cursor) = query.parse()?;
    let page = state.store().triages(account_id, cursor, limit).await?;
    Ok(Json(Items {
        items: page.items.iter().map(crate::safety::triage_view).collect(),
        next: page.next,
    }))
}

async fn list_triages(
    State(state): State<AppState>,
    lifter: Lifter,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<Value>>> {
    triages_of(&state, lifter.id(), &query).await
}

async fn get_triage(
    State(state): State<AppState>,
    lifter: Lifter,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .store()
        .triage(lifter.id(), &id)
        .await?
        .map(|t| Json(crate::safety::triage_view(&t)))
        .ok_or_else(|| ApiError::not_found("triage"))
}

async fn client_triages(
    State(state): State<AppState>,
    client: LinkedClient,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<Value>>> {
    let id = client.id;
    triages_of(&state, &id, &query).await
}

async fn next_session(State(state): State<AppState>, lifter: Lifter) -> ApiResult<Json<Value>> {
    Ok(Json(views::next_session(&state, lifter.id()).await?))
}

async fn progress(State(state): State<AppState>, lifter: Lifter) -> ApiResult<Json<Value>> {
    Ok(Json(views::progress(&state, lifter.id()).await?))
}

async fn list_overrides(
    State(state): State<AppState>,
    lifter: Lifter,
) -> ApiResult<Json<Items<views::OverrideView>>> {
    let overrides = state.store().overrides(lifter.id()).await?;
    Ok(Json(Items {
        items: overrides.iter().map(views::override_view).collect(),
        next: None,
    }))
}

// ----- invites, links, clients --------------------------------------------------------------

const INVITE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTVWXYZ0123456789";

fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A new invite code.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct InviteView {
    /// Give this to your clinician; it works once.
    pub(crate) code: String,
    /// When it stops working.
    pub(crate) expires_at: String,
}

async fn create_invite(
    State(state): State<AppState>,
    lifter: Lifter,
) -> ApiResult<(StatusCode, Json<InviteView>)> {
    Ok((
        StatusCode::CREATED,
        Json(make_invite(&state, lifter.id()).await?),
    ))
}

/// A new one-use invite code for a lifter.
pub(crate) async fn make_invite(state: &AppState, lifter: &str) -> ApiResult<InviteView> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(&e))?;
    let raw: String = bytes
        .iter()
        .map(|b| char::from(INVITE_ALPHABET[usize::from(*b) % INVITE_ALPHABET.len()]))
        .collect();
    let code = format!(
        "{}-{}-{}",
        raw.get(0..4).unwrap_or(""),
        raw.get(4..8).unwrap_or(""),
        raw.get(8..12).unwrap_or("")
    );
    let now = state.now();
    let expires = now + chrono::Duration::hours(i64::from(state.settings().invite_hours));
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "invite.created",
        &json!({"expires_at": views::instant(expires)}),
    );
    state
        .store()
        .insert_invite(
            &auth::digest(&normalise_code(&code)),
            lifter,
            now,
            expires,
            &entry,
        )
        .await?;
    Ok(InviteView {
        code,
        expires_at: views::instant(expires),
    })
}

/// `POST /links`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinkRequest {
    /// The lifter's invite code.
    code: String,
}

/// A link on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct LinkView {
    /// Id (for unlinking).
    id: String,
    /// The lifter.
    lifter_id: String,
    /// The lifter's e-mail.
    lifter_email: String,
    /// The clinician.
    clinician_id: String,
    /// The clinician's e-mail.
    clinician_email: String,
    /// When it was made.
    created_at: String,
}

fn link_view(l: &resilift_store::Link) -> LinkView {
    LinkView {
        id: l.id.clone(),
        lifter_id: l.lifter_id.clone(),
        lifter_email: l.lifter_email.clone(),
        clinician_id: l.clinician_id.clone(),
        clinician_email: l.clinician_email.clone(),
        created_at: views::instant(l.created_at),
    }
}

async fn create_link(
    State(state): State<AppState>,
    clinician: Clinician,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<LinkView>)> {
    let request: LinkRequest = json_body(&body)?;
    let link = redeem(&state, clinician.id(), &request.code).await?;
    Ok((StatusCode::CREATED, Json(link_view(&link))))
}

/// Redeems a lifter's invite code for a clinician.
pub(crate) async fn redeem(
    state: &AppState,
    clinician: &str,
    code: &str,
) -> ApiResult<resilift_store::Link> {
    let code = normalise_code(code);
    if code.len() != 12 {
        return Err(ApiError::field(
            ErrorCode::InvalidInvite,
            "code",
            "expected the 12-character code from the lifter, such as ABCD-EFGH-JKMN",
        ));
    }
    let entry = audit(state, Some(clinician), None, "link.created", &json!({}));
    match state
        .store()
        .redeem_invite(
            &auth::digest(&code),
            clinician,
            &new_id(),
            state.now(),
            &entry,
        )
        .await?
    {
        Ok(link) => Ok(link),
        Err(resilift_store::RedeemError::Invalid) => Err(ApiError::field(
            ErrorCode::InvalidInvite,
            "code",
            "this code is unknown, already used or expired; ask the lifter for a new one",
        )),
        Err(resilift_store::RedeemError::AlreadyLinked) => Err(ApiError::new(
            ErrorCode::AlreadyLinked,
            "you are already linked to this lifter",
        )),
    }
}

async fn list_links(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<Json<Items<LinkView>>> {
    let links = state.store().links_of(principal.id()).await?;
    Ok(Json(Items {
        items: links.iter().map(link_view).collect(),
        next: None,
    }))
}

async fn delete_link(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    unlink(&state, principal.id(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a link the account is on, either side (audited); 404 when there is none.
pub(crate) async fn unlink(state: &AppState, account_id: &str, id: &str) -> ApiResult<()> {
    let entry = audit(
        state,
        Some(account_id),
        None,
        "link.removed",
        &json!({"link_id": id}),
    );
    if state.store().delete_link(account_id, id, &entry).await? {
        Ok(())
    } else {
        Err(ApiError::not_found("link"))
    }
}

/// A client on a clinician's roster.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ClientView {
    /// The lifter's account id (use it under `/clients/{id}/…`).
    id: String,
    /// E-mail address.
    email: String,
    /// The link (for unlinking).
    link_id: String,
    /// When the link was made.
    linked_at: String,
    /// Status for the roster.
    status: views::Status,
}

async fn list_clients(
    State(state): State<AppState>,
    clinician: Clinician,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<ClientView>>> {
    let (limit, cursor) = query.parse()?;
    let page = state.store().clients(clinician.id(), cursor, limit).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for link in &page.items {
        items.push(ClientView {
            id: link.lifter_id.clone(),
            email: link.lifter_email.clone(),
            link_id: link.id.clone(),
            linked_at: views::instant(link.created_at),
            status: views::status(&state, &link.lifter_id).await?,
        });
    }
    Ok(Json(Items {
        items,
        next: page.next,
    }))
}

async fn client_detail(
    State(state): State<AppState>,
    client: LinkedClient,
) -> ApiResult<Json<Value>> {
    let id = client.id;
    let account = state
        .store()
        .account(&id)
        .await?
        .ok_or_else(|| ApiError::not_found("client"))?;
    let latest = state.store().latest_screening(&id).await?;
    let status = views::status(&state, &id).await?;
    Ok(Json(json!({
        "id": id,
        "email": account.email,
        "status": status,
        "latest_screening": latest.as_ref().map(views::screening_view),
    })))
}

async fn client_screenings(
    State(state): State<AppState>,
    client: LinkedClient,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<Value>>> {
    let id = client.id;
    screenings_of(&state, &id, &query).await
}

async fn client_assessments(
    State(state): State<AppState>,
    client: LinkedClient,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<views::AssessmentView>>> {
    let id = client.id;
    assessments_of(&state, &id, &query).await
}

async fn client_add_assessment(
    State(state): State<AppState>,
    client: LinkedClient,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<views::AssessmentView>)> {
    let (clinician, id) = (client.clinician.id(), client.id.as_str());
    add_assessment(&state, id, clinician, &body).await
}

async fn client_sessions(
    State(state): State<AppState>,
    client: LinkedClient,
    Query(query): Query<PageQuery>,
) -> ApiResult<Json<Items<Box<RawValue>>>> {
    let id = client.id;
    Ok(Json(views::session_page(&state, &id, &query).await?))
}

async fn client_session(
    State(state): State<AppState>,
    client: LinkedClient,
    Path((_, session)): Path<(String, String)>,
) -> ApiResult<Json<SessionView>> {
    let id = client.id;
    let session = state
        .store()
        .session(&id, &session)
        .await?
        .ok_or_else(|| ApiError::not_found("session"))?;
    Ok(Json(session_view(&state, &session).await?))
}

async fn client_next_session(
    State(state): State<AppState>,
    client: LinkedClient,
) -> ApiResult<Json<Value>> {
    let id = client.id;
    Ok(Json(views::next_session(&state, &id).await?))
}

async fn client_progress(
    State(state): State<AppState>,
    client: LinkedClient,
) -> ApiResult<Json<Value>> {
    let id = client.id;
    Ok(Json(views::progress(&state, &id).await?))
}

async fn client_overrides(
    State(state): State<AppState>,
    client: LinkedClient,
) -> ApiResult<Json<Items<views::OverrideView>>> {
    let id = client.id;
    let overrides = state.store().overrides(&id).await?;
    Ok(Json(Items {
        items: overrides.iter().map(views::override_view).collect(),
        next: None,
    }))
}

/// `POST /clients/{id}/overrides`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OverrideRequest {
    /// What the lifter should know and why (shown to them).
    note: String,
    /// A rung to set for the plan (`foundation`, `kettlebell`, `trap_bar`, `barbell`), or
    /// absent for a note only. It never lifts a screening that was not cleared.
    #[serde(default)]
    stage: Option<String>,
    /// Red-flag or general-health ids reviewed and cleared for loading (`see_clinician`-tier
    /// red flags and clearance answers only); they apply from the client's next screening. An
    /// empty list withdraws earlier clearances; absent leaves them as they are.
    #[serde(default)]
    cleared_flags: Option<Vec<String>>,
}

async fn client_add_override(
    State(state): State<AppState>,
    client: LinkedClient,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<views::OverrideView>)> {
    let (clinician, id) = (client.clinician.id(), client.id.as_str());
    let request: OverrideRequest = json_body(&body)?;
    let record = save_override(
        &state,
        clinician,
        id,
        &request.note,
        request.stage,
        request.cleared_flags.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(views::override_view(&record))))
}

/// Stores a clinician's override (a note, and optionally a rung) for a linked client.
pub(crate) async fn save_override(
    state: &AppState,
    clinician: &str,
    id: &str,
    note: &str,
    stage: Option<String>,
    cleared_flags: Option<&[String]>,
) -> ApiResult<Override> {
    let cleared_flags = cleared_flags
        .map(crate::safety::check_clearable)
        .transpose()?
        .map(|ids| serde_json::to_string(&ids))
        .transpose()
        .map_err(|e| ApiError::internal(&e))?;
    let note = note.trim().to_owned();
    if note.is_empty() || note.chars().count() > 2000 {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "note",
            "expected a note of 1 to 2000 characters saying why",
        ));
    }
    if let Some(stage) = &stage
        && !["foundation", "kettlebell", "trap_bar", "barbell"].contains(&stage.as_str())
    {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "stage",
            format!("expected foundation, kettlebell, trap_bar or barbell, got {stage:?}"),
        ));
    }
    let record = Override {
        id: new_id(),
        lifter_id: id.to_owned(),
        clinician_id: Some(clinician.to_owned()),
        created_at: state.now(),
        stage,
        note,
        cleared_flags,
    };
    let entry = audit(
        state,
        Some(clinician),
        Some(id),
        "override.created",
        &json!({"override_id": record.id, "stage": record.stage, "note": record.note, "cleared_flags": record.cleared_flags}),
    );
    state.store().insert_override(&record, &entry).await?;
    Ok(record)
}

// ----- my data ------------------------------------------------------------------------------

async fn export(State(state): State<AppState>, principal: Principal) -> ApiResult<Json<Value>> {
    Ok(Json(export_value(&state, &principal).await?))
}

/// Everything of the caller's as one JSON document (audited).
pub(crate) async fn export_value(state: &AppState, principal: &Principal) -> ApiResult<Value> {
    let state = state.clone();
    let id = principal.id();
    let store = state.store();
    let (_, profile) = views::today(&state, id).await?;
    let rows = store.all_sessions(id).await?;
    let mut sessions = views::session_views(
        &state,
        &rows.iter().rev().cloned().collect::<Vec<_>>(),
        rows.len(),
    )?;
    sessions.reverse();
    let screenings: Vec<Value> = store
        .all_screenings(id)
        .await?
        .iter()
        .map(|s| {
            let mut view = views::screening_view(s);
            if let Some(map) = view.as_object_mut() {
                map.insert(
                    "input".into(),
                    serde_json::from_str(&s.input).unwrap_or(Value::Null),
                );
            }
            view
        })
        .collect();
    let assessments: Vec<_> = store
        .all_assessments(id)
        .await?
        .iter()
        .map(views::assessment_view)
        .collect();
    let overrides: Vec<_> = store
        .overrides(id)
        .await?
        .iter()
        .map(views::override_view)
        .collect();
    let links: Vec<_> = store.links_of(id).await?.iter().map(link_view).collect();
    let triages: Vec<Value> = store
        .triages(id, None, u32::MAX - 1)
        .await?
        .items
        .iter()
        .map(crate::safety::triage_view)
        .collect();
    let tokens: Vec<Value> = store
        .tokens(id)
        .await?
        .iter()
        .map(|t| json!({"id": t.id, "name": t.name, "created_at": views::instant(t.created_at), "revoked_at": t.revoked_at.map(views::instant)}))
        .collect();
    let entry = audit(&state, Some(id), Some(id), "data.exported", &json!({}));
    store.audit(&entry).await?;
    let audit_log: Vec<Value> = store
        .audit_of(id)
        .await?
        .iter()
        .map(|a| json!({"at": views::instant(a.at), "actor_id": a.actor_id, "action": a.action, "detail": serde_json::from_str::<Value>(&a.detail).unwrap_or(Value::Null)}))
        .collect();
    Ok(json!({
        "format": "resilift-export/1",
        "exported_at": views::instant(state.now()),
        "account": auth::AccountView::from(&principal.account),
        "profile": profile_view(&profile)?,
        "screenings": screenings,
        "assessments": assessments,
        "sessions": sessions,
        "overrides": overrides,
        "triages": triages,
        "links": links,
        "tokens": tokens,
        "audit": audit_log,
    }))
}

async fn erase_me(
    State(state): State<AppState>,
    principal: Principal,
    jar: CookieJar,
) -> ApiResult<Response> {
    let entry = audit(
        &state,
        None,
        None,
        "account.erased",
        &json!({"role": principal.role.as_str()}),
    );
    state.store().erase_account(principal.id(), &entry).await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.add(auth::removal_cookie(&state)),
    )
        .into_response())
}
