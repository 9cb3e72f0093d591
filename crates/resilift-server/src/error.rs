//! Errors on the wire: `{"error", "code", "fields"}` with the status that fits.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use resilift_api::ErrorCode;
use resilift_api::InputErrors;
use schemars::JsonSchema;
use serde::Serialize;

/// One field's problem.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FieldProblem {
    /// JSON path of the field (`pain.now`), or the query parameter.
    pub field: String,
    /// What is wrong and what is expected.
    pub message: String,
}

/// The error body every failing request gets.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ErrorBody {
    /// A sentence for people.
    pub error: String,
    /// A stable code for programs; every code is listed with its status in the reference.
    pub code: ErrorCode,
    /// One entry per field at fault (empty when no field is).
    pub fields: Vec<FieldProblem>,
}

/// A request that failed.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// The body.
    pub body: ErrorBody,
    /// Seconds to wait, sent as `Retry-After`.
    pub retry_after: Option<u64>,
    /// The storage fault behind a `storage_unavailable` refusal.
    pub storage: Option<resilift_store::StorageFault>,
}

impl ApiError {
    /// A failure with no field at fault, with the status that goes with its code.
    pub fn new(code: ErrorCode, error: impl Into<String>) -> Self {
        Self::with_status(
            StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            error,
        )
    }

    /// A failure with a status other than the code's own (a framework refusal).
    pub fn with_status(status: StatusCode, code: ErrorCode, error: impl Into<String>) -> Self {
        Self {
            status,
            retry_after: None,
            storage: None,
            body: ErrorBody {
                error: error.into(),
                code,
                fields: Vec::new(),
            },
        }
    }

    /// One field at fault (422 for every code that names a field).
    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            status: StatusCode::from_u16(code.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
            retry_after: None,
            storage: None,
            body: ErrorBody {
                error: format!("{field}: {message}"),
                code,
                fields: vec![FieldProblem {
                    field: field.to_owned(),
                    message,
                }],
            },
        }
    }

    /// Every field problem of several checks in one error, so a form names them all at once:
    /// `Ok` when none failed.
    pub fn all_fields(results: impl IntoIterator<Item = Result<(), Self>>) -> Result<(), Self> {
        let mut combined: Option<Self> = None;
        for error in results.into_iter().filter_map(Result::err) {
            match &mut combined {
                None => combined = Some(error),
                Some(first) => {
                    first.body.fields.extend(error.body.fields);
                    first.body.error = first
                        .body
                        .fields
                        .iter()
                        .map(|f| format!("{}: {}", f.field, f.message))
                        .collect::<Vec<_>>()
                        .join("; ");
                }
            }
        }
        combined.map_or(Ok(()), Err)
    }

    /// 422 naming each field at fault.
    pub fn from_fields(fields: Vec<FieldProblem>) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            retry_after: None,
            storage: None,
            body: ErrorBody {
                error: fields
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.message))
                    .collect::<Vec<_>>()
                    .join("; "),
                code: ErrorCode::InvalidInput,
                fields,
            },
        }
    }

    /// 401: no valid credentials.
    pub fn unauthorized() -> Self {
        Self::new(
            ErrorCode::Unauthorized,
            "sign in first: send `Authorization: Bearer <token>` or a session cookie",
        )
    }

    /// 404 for anything the caller may not see or that does not exist; the two are not told
    /// apart, so nobody learns what exists in someone else's record.
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("no such {what}"))
    }

    /// 500 with nothing internal leaked; the cause is logged.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "request failed");
        Self::new(
            ErrorCode::Internal,
            "something went wrong on our side; nothing was changed",
        )
    }
}

impl From<InputErrors> for ApiError {
    fn from(errors: InputErrors) -> Self {
        let fields: Vec<FieldProblem> = errors
            .0
            .iter()
            .map(|e| FieldProblem {
                field: if e.path.is_empty() || e.path == "." {
                    "body".to_owned()
                } else {
                    e.path.clone()
                },
                message: e.message.clone(),
            })
            .collect();
        Self {
            retry_after: None,
            storage: None,
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: ErrorBody {
                error: errors.to_string().replace('\n', "; "),
                code: ErrorCode::InvalidInput,
                fields,
            },
        }
    }
}

impl ApiError {
    /// A 503 `storage_unavailable`: the storage, not the request, is at fault.
    pub(crate) fn storage_unavailable(fault: resilift_store::StorageFault) -> Self {
        let mut error = Self::new(
            ErrorCode::StorageUnavailable,
            format!(
                "nothing could be saved just now because {}; nothing was changed. Please try again later.",
                fault.words()
            ),
        );
        error.storage = Some(fault);
        error.retry_after = Some(30);
        error
    }

    /// A file that could not be written: a full disk or a read-only folder is a storage fault
    /// (503), anything else an internal error.
    pub(crate) fn from_io(error: &std::io::Error) -> Self {
        let fault = match error.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                Some(resilift_store::StorageFault::Full)
            }
            std::io::ErrorKind::ReadOnlyFilesystem => Some(resilift_store::StorageFault::ReadOnly),
            _ => None,
        };
        match fault {
            Some(fault) => {
                tracing::error!(cause = %error, "a file could not be written");
                Self::storage_unavailable(fault)
            }
            None => Self::internal(error),
        }
    }
}

impl From<resilift_store::StoreError> for ApiError {
    fn from(error: resilift_store::StoreError) -> Self {
        match error {
            resilift_store::StoreError::Conflict(what) => Self::new(
                ErrorCode::Conflict,
                format!("that {what} is already in use"),
            ),
            resilift_store::StoreError::Quota(message) => {
                Self::new(ErrorCode::QuotaReached, message)
            }
            other => match other.storage_fault() {
                Some(fault) => {
                    tracing::error!(cause = %other, "the store cannot take writes");
                    Self::storage_unavailable(fault)
                }
                None => Self::internal(&other),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.body.code;
        let mut response = (self.status, axum::Json(self.body)).into_response();
        response.extensions_mut().insert(code);
        if let Some(fault) = self.storage {
            response.extensions_mut().insert(fault);
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

/// Result of a handler.
pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// Parses a JSON body: malformed JSON is a 400, a well-formed body with wrong or missing
/// fields is a 422 naming each field, and so is one its documented schema refuses.
pub(crate) fn json_body<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    bytes: &[u8],
) -> ApiResult<T> {
    let (text, value) = body_value(bytes)?;
    let parsed = resilift_api::parse_json(text).map_err(ApiError::from)?;
    crate::contract::check::<T>(&value)?;
    Ok(parsed)
}

/// The body as text, checked to be well-formed JSON.
pub(crate) fn body_text(bytes: &[u8]) -> ApiResult<&str> {
    body_value(bytes).map(|(text, _)| text)
}

/// The body as text and as a parsed tree, checked to be well-formed JSON.
fn body_value(bytes: &[u8]) -> ApiResult<(&str, serde_json::Value)> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(
            ErrorCode::MalformedJson,
            "expected a JSON body",
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::new(ErrorCode::MalformedJson, "the body is not UTF-8 text"))?;
    match crate::hygiene::parse_json(text) {
        Err(error) if error.to_string().contains("recursion limit") => {
            Err(crate::hygiene::too_deep())
        }
        Err(error) => Err(ApiError::new(
            ErrorCode::MalformedJson,
            format!("the body is not valid JSON: {error}"),
        )),
        Ok(value) => {
            crate::hygiene::check_text(&value)?;
            Ok((text, value))
        }
    }
}
