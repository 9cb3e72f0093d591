//! Request hygiene, for every request before any handler: a browser's cross-site writes are
//! refused, JSON endpoints take only JSON, a client's request id is kept only when short and
//! plain, and every answer carries the browser security headers (a content security policy
//! without inline script, no framing, no sniffing, no referrer, HSTS behind HTTPS, and
//! `Cache-Control: no-store` on everything that is not a static asset). The text checks that
//! every JSON body and form passes through (control characters, nesting) live here too.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use resilift_api::ErrorCode;
use serde_json::Value;

use crate::AppState;
use crate::error::ApiError;

/// The policy for every page: scripts, styles, images and forms from this server only, no
/// plugins, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A character a person never means to type into a text field: a control character (tab and
/// line breaks only where `multi_line`) or an invisible direction override that can make text
/// read differently from what it is (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F).
pub(crate) fn forbidden_char(c: char, multi_line: bool) -> bool {
    let allowed_space = multi_line && matches!(c, '\n' | '\r' | '\t');
    (c.is_control() && !allowed_space)
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// The message for a field holding such a character.
pub(crate) const FORBIDDEN_MESSAGE: &str =
    "contains a control character or an invisible direction mark; type it again without them";

/// Whether a field of that name holds text over several lines (a note, a message's body).
pub(crate) fn multi_line(field: &str) -> bool {
    field == "note" || field.ends_with(".note") || field == "body"
}

/// A character that shows as nothing: zero-width spaces and joiners, the word joiner, the
/// byte-order mark and the soft hyphen. Harmless inside a note (emoji are joined with one),
/// but in an e-mail address or a name it makes two different values look the same.
pub(crate) fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// Parses JSON text into a value, refusing an object that gives the same key twice (which
/// would otherwise keep the last one silently).
pub(crate) fn parse_json(text: &str) -> Result<Value, serde_json::Error> {
    use serde::Deserialize as _;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Strict::deserialize(&mut deserializer)?.0;
    deserializer.end()?;
    Ok(value)
}

/// A JSON value read with duplicate keys refused.
struct Strict(Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "the key `{key}` is given twice"
                )));
            }
            let Strict(item) = map.next_value()?;
            object.insert(key, item);
        }
        Ok(Value::Object(object))
    }
}

/// The JSON paths of every key and string in `value` holding a forbidden character.
pub(crate) fn forbidden_text(value: &Value) -> Vec<String> {
    fn walk(value: &Value, path: &str, found: &mut Vec<String>) {
        match value {
            Value::String(text) if text.chars().any(|c| forbidden_char(c, multi_line(path))) => {
                found.push(path.to_owned());
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{index}]"), found);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    let at = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    if key.chars().any(|c| forbidden_char(c, false)) {
                        found.push(at.clone());
                    }
                    walk(item, &at, found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(value, "", &mut found);
    found
}

/// Checks a parsed JSON body: nested deeper than serde's limit is a 400 (the parse already
/// failed), forbidden characters a 422 naming each field.
pub(crate) fn check_text(value: &Value) -> Result<(), ApiError> {
    let fields = forbidden_text(value);
    if fields.is_empty() {
        return Ok(());
    }
    Err(ApiError::all_fields(fields.iter().map(|field| {
        Err(ApiError::field(
            ErrorCode::InvalidInput,
            field,
            FORBIDDEN_MESSAGE,
        ))
    }))
    .err()
    .unwrap_or_else(|| ApiError::new(ErrorCode::InvalidInput, FORBIDDEN_MESSAGE)))
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether an `Origin` header names the host the request was sent to.
fn same_host(origin: &str, host: &str) -> bool {
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.trim_end_matches('/').eq_ignore_ascii_case(host))
}

/// Refuses a browser's write sent from another site: when the request carries a cookie or
/// signs in or registers (the writes a cross-site form could forge), `Sec-Fetch-Site` must say
/// same-origin (or that the person typed it), and an `Origin` must name this host. Programs
/// that send neither header (and bearer tokens, which a browser never attaches by itself) pass.
pub(crate) async fn same_origin(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let path = request.uri().path();
    let signs_in = matches!(
        path,
        "/signin" | "/signup" | "/api/v1/sign-in" | "/api/v1/accounts" | "/reset"
    ) || path.starts_with("/reset/")
        || path.starts_with("/api/v1/password-resets");
    let cookie = headers.contains_key(header::COOKIE);
    if is_unsafe(request.method()) && (cookie || signs_in) {
        let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        let cross_site = site.is_some_and(|site| !matches!(site, "same-origin" | "none"));
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let foreign_origin = headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|origin| !same_host(origin, host));
        if cross_site || foreign_origin {
            return ApiError::new(
                ErrorCode::Csrf,
                "this request came from another site, so it was refused: open resilift itself and try again",
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// JSON endpoints take JSON: a write under `/api/` with a body must say so in `Content-Type`
/// (`application/json`, or a `+json` type such as `application/merge-patch+json`); a cross-site
/// form can send `text/plain`, never JSON.
pub(crate) async fn json_only(request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") && is_unsafe(request.method()) {
        let headers = request.headers();
        let has_body = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .map_or(headers.contains_key(header::TRANSFER_ENCODING), |n| n > 0);
        let json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .is_some_and(|kind| {
                let kind = kind.to_ascii_lowercase();
                kind == "application/json"
                    || (kind.starts_with("application/") && kind.ends_with("+json"))
            });
        // An export from another app is uploaded as itself (`POST /api/v1/imports`, text/csv;
        // the handler checks the type). A cross-site form cannot send text/csv.
        // A clip for the form check is sent as itself too (video/*; the handler checks).
        let path = request.uri().path();
        let upload = path == "/api/v1/imports"
            || (path.starts_with("/api/v1/sessions/") && path.ends_with("/video"));
        if has_body && !json && !upload {
            return ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON, with Content-Type: application/json",
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// A path holding a NUL byte (`%00`) names no record: it is answered 404 before any handler
/// reads it (PostgreSQL refuses NUL in text, which would otherwise surface as a 500).
pub(crate) async fn no_nul_in_path(request: Request, next: Next) -> Response {
    if request.uri().path().contains("%00") {
        return ApiError::new(ErrorCode::NotFound, "no such record").into_response();
    }
    next.run(request).await
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A request id sent by the client is kept only when it is short and plain (letters, digits,
/// `-`, `_`, `.`, at most 64 characters); any other is dropped and one is made instead, so a
/// client cannot write into the logs.
pub(crate) async fn plain_request_id(mut request: Request, next: Next) -> Response {
    let plain = request.headers().get(&REQUEST_ID).map(|value| {
        let bytes = value.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= 64
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    });
    if plain == Some(false) {
        request.headers_mut().remove(&REQUEST_ID);
    }
    next.run(request).await
}

/// The browser security headers on every answer, and `no-store` on every answer that is not
/// a static asset (health data never sits in a shared or disk cache).
pub(crate) async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_SECURITY_POLICY, CSP);
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    // `same-origin`, not `no-referrer`: with `no-referrer` a browser sends `Origin: null` on its
    // own form posts, which the cross-site check must refuse.
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::CACHE_CONTROL, "no-store");
    if state.settings().secure_cookies {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

/// A 400 for a body nested deeper than the parser allows.
pub(crate) fn too_deep() -> ApiError {
    ApiError::with_status(
        StatusCode::BAD_REQUEST,
        ErrorCode::MalformedJson,
        "the body is nested too deeply (at most 128 levels)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_direction_marks_are_found_by_path() {
        let value: Value = serde_json::json!({
            "email": "a\u{0}b@example.org",
            "note": "line one\r\nline two",
            "name": "two\nlines",
            "sets": [{"label": "\u{202e}evil"}],
            "ok": "plain words, émoji 🙂"
        });
        assert_eq!(forbidden_text(&value), ["email", "name", "sets[0].label"]);
    }

    #[test]
    fn an_origin_names_the_host_or_not() {
        assert!(same_host("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assert!(same_host("https://resilift.example", "RESILIFT.example"));
        assert!(!same_host("https://evil.example", "resilift.example"));
        assert!(!same_host("null", "resilift.example"));
    }
}
