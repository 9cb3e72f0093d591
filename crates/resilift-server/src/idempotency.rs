//! `Idempotency-Key` on every POST: the same key with the same request answers with the first
//! answer and never stores a second record; the same key with another request is a 422.
//!
//! The key belongs to the caller (the signed-in account, or `anonymous`), so two people cannot
//! collide. The record and the key are written in one transaction (see
//! `resilift_store::with_claim`), which is what makes a retry after a lost answer, a crash or a
//! double tap safe. Answers that hand out a secret (a new token, a signed-in session, an invite
//! code) are never kept: a retry of those is told the request was already carried out.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use resilift_api::ErrorCode;
use resilift_store::{Claim, IdempotentAnswer, with_claim};
use sha2::{Digest as _, Sha256};

use crate::AppState;
use crate::error::ApiError;

/// The request header.
pub(crate) const HEADER: &str = "idempotency-key";

/// Set on an answer that repeats a kept one.
const REPLAYED: &str = "idempotent-replayed";

/// How long a key whose record is stored but whose answer is not yet kept counts as "still
/// being handled" rather than "answer lost".
const PENDING_SECONDS: i64 = 30;

/// Largest answer kept for a replay; larger ones are treated as shown once.
const KEEP_LIMIT: usize = 1024 * 1024;

/// Paths whose answers carry a secret shown once, never kept.
const SHOWN_ONCE: [&str; 7] = [
    "/api/v1/accounts",
    "/api/v1/tokens",
    "/api/v1/sign-in",
    "/api/v1/invites",
    "/account/tokens",
    "/account/invite",
    "/signin",
];

/// Whether a key is usable: 1 to 255 visible ASCII characters.
fn usable(key: &str) -> bool {
    !key.is_empty() && key.len() <= 255 && key.bytes().all(|b| b.is_ascii_graphic())
}

/// The middleware.
pub(crate) async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(sent) = request.headers().get(HEADER) else {
        return next.run(request).await;
    };
    let key = match sent.to_str() {
        Ok(key) if usable(key) => key.to_owned(),
        _ => {
            return ApiError::field(
                ErrorCode::InvalidInput,
                "Idempotency-Key",
                "expected 1 to 255 visible characters, such as a random UUID",
            )
            .into_response();
        }
    };
    let scope = crate::auth::account_of(&state, request.headers())
        .await
        .unwrap_or_else(|| "anonymous".to_owned());
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let (hash, body) = if streamed(&path) {
        // A clip (up to `max_upload_mb`) is not held in memory to be digested: it is known by
        // its method, path, type and declared length, and streams on to its handler.
        let length = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .map_or(&b""[..], HeaderValue::as_bytes)
            .to_vec();
        (
            digest(&parts.method, &parts.uri, &parts.headers, &length),
            body,
        )
    } else {
        let limit = buffered_limit(&path);
        let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
            return ApiError::new(
                ErrorCode::TooLarge,
                format!("the body is larger than {}", shown_size(limit)),
            )
            .into_response();
        };
        (
            digest(&parts.method, &parts.uri, &parts.headers, &bytes),
            Body::from(bytes),
        )
    };
    match state.store().idempotent_answer(&scope, &key).await {
        Err(error) => return ApiError::from(error).into_response(),
        Ok(Some(found)) => return replay(&state, &found, &hash),
        Ok(None) => {}
    }
    let claim = Claim::new(scope, key, hash, state.now());
    let request = Request::from_parts(parts, body);
    let response = with_claim(claim.clone(), next.run(request)).await;
    keep(&state, &claim, &path, response).await
}

/// Whether a POST's body is a clip, streamed to disk by its handler rather than read whole.
fn streamed(path: &str) -> bool {
    (path.starts_with("/api/v1/sessions/") && path.ends_with("/video"))
        || (path.starts_with("/sessions/") && path.ends_with("/form-check"))
}

/// The most of a body read to digest it: the route's own limit (an import file is up to
/// 20 MiB, sent raw to the API or inside a form to the page), 256 KiB for everything else.
fn buffered_limit(path: &str) -> usize {
    if path == "/api/v1/imports" || path == "/import" {
        resilift_api::import::MAX_INPUT_BYTES + 64 * 1024
    } else {
        256 * 1024
    }
}

fn shown_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

/// A digest of what makes two requests the same: method, path and query, content type, body.
fn digest(method: &Method, uri: &axum::http::Uri, headers: &HeaderMap, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_str());
    hasher.update([0]);
    hasher.update(uri.path_and_query().map_or("", |p| p.as_str()));
    hasher.update([0]);
    hasher.update(
        headers
            .get(header::CONTENT_TYPE)
            .map_or(&b""[..], HeaderValue::as_bytes),
    );
    hasher.update([0]);
    hasher.update(body);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The answer to a key already seen.
fn replay(state: &AppState, found: &IdempotentAnswer, hash: &str) -> Response {
    if found.request_hash != hash {
        return ApiError::field(
            ErrorCode::IdempotencyKeyReused,
            "Idempotency-Key",
            "this key was first used with a different request; use a new key for a new request",
        )
        .into_response();
    }
    let Some(status) = found.status else {
        let age = state.now() - found.created_at;
        if age.num_seconds() < PENDING_SECONDS {
            let mut response = ApiError::new(
                ErrorCode::IdempotencyPending,
                "the first request with this key is still being handled; try again in a moment",
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return response;
        }
        return already_done();
    };
    let Some(body) = &found.body else {
        return already_done();
    };
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = (status, body.clone()).into_response();
    let headers = response.headers_mut();
    headers.remove(header::CONTENT_TYPE);
    if let Some(kind) = found
        .content_type
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        headers.insert(header::CONTENT_TYPE, kind);
    }
    if let Some(location) = found
        .location
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        headers.insert(header::LOCATION, location);
    }
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

fn already_done() -> Response {
    ApiError::new(
        ErrorCode::AlreadyDone,
        "this request was already carried out and nothing was stored twice; read the record to see it",
    )
    .into_response()
}

/// Keeps the answer beside the key (unless it failed on the server, when the key is kept only
/// if a record was written) and passes it on.
async fn keep(state: &AppState, claim: &Claim, path: &str, response: Response) -> Response {
    if response.status().is_server_error() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, KEEP_LIMIT).await else {
        // Too large to keep: the key still refuses a second record.
        let _ = state
            .store()
            .complete_idempotent(claim, i32::from(parts.status.as_u16()), None, None, None)
            .await;
        return already_done();
    };
    let secret = SHOWN_ONCE.contains(&path) || parts.headers.contains_key(header::SET_COOKIE);
    let text = std::str::from_utf8(&bytes).ok().filter(|_| !secret);
    let header_text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Err(error) = state
        .store()
        .complete_idempotent(
            claim,
            i32::from(parts.status.as_u16()),
            header_text(header::CONTENT_TYPE),
            header_text(header::LOCATION),
            text,
        )
        .await
    {
        tracing::error!(%error, "could not keep the answer to an idempotent request");
    }
    Response::from_parts(parts, Body::from(bytes))
}
