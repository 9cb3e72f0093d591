//! The error codes of the HTTP API: every failing request's body carries exactly one of these in
//! `code`, with a sentence for people in `error` and the fields at fault in `fields`.

use schemars::JsonSchema;
use serde::Serialize;

/// A stable code for programs; the HTTP status goes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A field is missing, of the wrong type or out of range; `fields` names each one.
    InvalidInput,
    /// The body is not JSON, not UTF-8 text, or empty.
    MalformedJson,
    /// A query parameter (`limit`, `cursor`) is not usable; `fields` names it.
    InvalidQuery,
    /// The request could not be read (a framework-level refusal with no more detail).
    BadRequest,
    /// No valid credentials were sent.
    Unauthorized,
    /// The e-mail address and password do not match an account.
    InvalidCredentials,
    /// The current password given does not match.
    WrongPassword,
    /// A cookie-signed change came without the matching `X-CSRF-Token` header.
    Csrf,
    /// Only lifter accounts keep a training record.
    LifterOnly,
    /// Only clinician accounts have clients.
    ClinicianOnly,
    /// The server does not take new accounts.
    RegistrationClosed,
    /// No such record, or not one the caller may see (the two are not told apart).
    NotFound,
    /// No such endpoint.
    NoRoute,
    /// The endpoint does not take that method.
    MethodNotAllowed,
    /// The body is not sent as JSON.
    UnsupportedMediaType,
    /// The body is larger than the limit.
    TooLarge,
    /// The record would clash with one that exists.
    Conflict,
    /// An account with that e-mail address exists.
    EmailTaken,
    /// The clinician is already linked to that lifter.
    AlreadyLinked,
    /// The invite code is unknown, used or expired.
    InvalidInvite,
    /// Sessions are logged in the current units, so they cannot change.
    UnitsLocked,
    /// A plan needs a screening first.
    ScreeningRequired,
    /// The latest screening did not clear loading, so there is no session to prescribe.
    NotCleared,
    /// The idempotency key was first used with a different request.
    IdempotencyKeyReused,
    /// A request with the same idempotency key is still being handled.
    IdempotencyPending,
    /// The request with this idempotency key was already carried out, and its answer is not
    /// kept (it was shown once) or was lost.
    AlreadyDone,
    /// Too many failed sign-ins, registrations or reset requests lately: wait as `Retry-After` says.
    TooManyAttempts,
    /// The account was disabled by the server's operator.
    AccountDisabled,
    /// Registering as a clinician needs an invite from the server's operator.
    ClinicianInviteRequired,
    /// The password-reset link is unknown, used or expired.
    InvalidResetLink,
    /// The storage cannot take writes (a full disk, a read-only store); nothing was changed.
    StorageUnavailable,
    /// The disk is nearly full: large uploads wait, small records still go through.
    InsufficientStorage,
    /// The account already holds as much of this kind as the server allows.
    QuotaReached,
    /// The form check cannot run on this server: ffmpeg or the pose models are not installed.
    FormCheckUnavailable,
    /// Something failed on the server; nothing was changed.
    Internal,
}

impl ErrorCode {
    /// Every code, in the order the reference lists them.
    pub const ALL: [Self; 35] = [
        Self::InvalidInput,
        Self::MalformedJson,
        Self::InvalidQuery,
        Self::BadRequest,
        Self::Unauthorized,
        Self::InvalidCredentials,
        Self::WrongPassword,
        Self::Csrf,
        Self::LifterOnly,
        Self::ClinicianOnly,
        Self::RegistrationClosed,
        Self::NotFound,
        Self::NoRoute,
        Self::MethodNotAllowed,
        Self::UnsupportedMediaType,
        Self::TooLarge,
        Self::Conflict,
        Self::EmailTaken,
        Self::AlreadyLinked,
        Self::InvalidInvite,
        Self::UnitsLocked,
        Self::ScreeningRequired,
        Self::NotCleared,
        Self::IdempotencyKeyReused,
        Self::IdempotencyPending,
        Self::AlreadyDone,
        Self::TooManyAttempts,
        Self::AccountDisabled,
        Self::ClinicianInviteRequired,
        Self::InvalidResetLink,
        Self::StorageUnavailable,
        Self::InsufficientStorage,
        Self::QuotaReached,
        Self::FormCheckUnavailable,
        Self::Internal,
    ];

    /// The code as it appears on the wire.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::MalformedJson => "malformed_json",
            Self::InvalidQuery => "invalid_query",
            Self::BadRequest => "bad_request",
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::WrongPassword => "wrong_password",
            Self::Csrf => "csrf",
            Self::LifterOnly => "lifter_only",
            Self::ClinicianOnly => "clinician_only",
            Self::RegistrationClosed => "registration_closed",
            Self::NotFound => "not_found",
            Self::NoRoute => "no_route",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::TooLarge => "too_large",
            Self::Conflict => "conflict",
            Self::EmailTaken => "email_taken",
            Self::AlreadyLinked => "already_linked",
            Self::InvalidInvite => "invalid_invite",
            Self::UnitsLocked => "units_locked",
            Self::ScreeningRequired => "screening_required",
            Self::NotCleared => "not_cleared",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::IdempotencyPending => "idempotency_pending",
            Self::AlreadyDone => "already_done",
            Self::TooManyAttempts => "too_many_attempts",
            Self::AccountDisabled => "account_disabled",
            Self::ClinicianInviteRequired => "clinician_invite_required",
            Self::InvalidResetLink => "invalid_reset_link",
            Self::StorageUnavailable => "storage_unavailable",
            Self::InsufficientStorage => "insufficient_storage",
            Self::QuotaReached => "quota_reached",
            Self::FormCheckUnavailable => "form_check_unavailable",
            Self::Internal => "internal",
        }
    }

    /// The HTTP status that goes with the code.
    #[must_use]
    pub const fn status(self) -> u16 {
        match self {
            Self::MalformedJson | Self::BadRequest => 400,
            Self::Unauthorized | Self::InvalidCredentials => 401,
            Self::Csrf | Self::LifterOnly | Self::ClinicianOnly | Self::RegistrationClosed => 403,
            Self::NotFound | Self::NoRoute => 404,
            Self::MethodNotAllowed => 405,
            Self::Conflict
            | Self::EmailTaken
            | Self::AlreadyLinked
            | Self::UnitsLocked
            | Self::ScreeningRequired
            | Self::NotCleared
            | Self::IdempotencyPending
            | Self::AlreadyDone
            | Self::QuotaReached => 409,
            Self::TooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::InvalidInput
            | Self::InvalidQuery
            | Self::WrongPassword
            | Self::InvalidInvite
            | Self::IdempotencyKeyReused => 422,
            Self::TooManyAttempts => 429,
            Self::AccountDisabled => 403,
            Self::ClinicianInviteRequired => 403,
            Self::InvalidResetLink => 422,
            Self::StorageUnavailable | Self::FormCheckUnavailable => 503,
            Self::InsufficientStorage => 507,
            Self::Internal => 500,
        }
    }

    /// When the code is given, in a sentence.
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            Self::InvalidInput => {
                "A field is missing, of the wrong type or out of range; `fields` names each one with what is expected."
            }
            Self::MalformedJson => "The body is empty, not UTF-8 text, or not valid JSON.",
            Self::InvalidQuery => {
                "A query parameter (`limit` or `cursor`) cannot be used; `fields` names it."
            }
            Self::BadRequest => "The request could not be read at all.",
            Self::Unauthorized => {
                "No valid credentials: send `Authorization: Bearer <token>` or the session cookie."
            }
            Self::InvalidCredentials => {
                "The e-mail address and password do not match an account (the same answer for an unknown address)."
            }
            Self::WrongPassword => "The current password given does not match.",
            Self::Csrf => {
                "A change signed in with the session cookie came without the `X-CSRF-Token` header given at sign-in."
            }
            Self::LifterOnly => {
                "Only lifter accounts keep a training record; clinicians read their clients' records under `/clients`."
            }
            Self::ClinicianOnly => "Only clinician accounts have clients.",
            Self::RegistrationClosed => {
                "This server does not take new accounts; its administrator makes them."
            }
            Self::NotFound => {
                "No such record, or one the caller may not see; the two are not told apart."
            }
            Self::NoRoute => "No such endpoint; the OpenAPI document lists them.",
            Self::MethodNotAllowed => "The endpoint does not take that method.",
            Self::UnsupportedMediaType => "The body was not sent as JSON.",
            Self::TooLarge => "The body is larger than 256 KiB.",
            Self::Conflict => "The record would clash with one that already exists.",
            Self::EmailTaken => "An account with that e-mail address already exists.",
            Self::AlreadyLinked => "The clinician is already linked to that lifter.",
            Self::InvalidInvite => {
                "The invite code is unknown, already used or expired; the lifter makes a new one."
            }
            Self::UnitsLocked => {
                "Sessions are already logged in the profile's units, so the units cannot change."
            }
            Self::ScreeningRequired => "A next session needs a screening first.",
            Self::NotCleared => {
                "The latest screening did not clear loading, so no session is prescribed; it says what to do instead."
            }
            Self::IdempotencyKeyReused => {
                "The `Idempotency-Key` was first used with a different request (method, path or body); send a new key for a new request."
            }
            Self::IdempotencyPending => {
                "A request with the same `Idempotency-Key` is still being handled; try again in a moment (see `Retry-After`)."
            }
            Self::AlreadyDone => {
                "The request with this `Idempotency-Key` was already carried out and nothing was stored twice; its answer was shown once or lost, so read the record instead."
            }
            Self::TooManyAttempts => {
                "Too many wrong passwords for this account lately; wait the seconds `Retry-After` gives (the wait grows with each failure, to at most 15 minutes, and ends by itself)."
            }
            Self::AccountDisabled => {
                "The account was disabled by whoever runs the server (given only after the right password); they can enable it again."
            }
            Self::ClinicianInviteRequired => {
                "Registering as a clinician needs an invite code from whoever runs the server (`resilift admin invite`), unless they opened clinician registration."
            }
            Self::InvalidResetLink => {
                "The password-reset link is unknown, was used already, or is older than two hours; ask for a new one."
            }
            Self::StorageUnavailable => {
                "The server's storage cannot take writes just now (the disk is full or the store is read-only); nothing was changed, `GET /healthz` says the same, and the request can be sent again once an operator has freed space."
            }
            Self::InsufficientStorage => {
                "The server's disk is nearly full, so it keeps what is left for small records (sessions, check-ins, triages): imports and clips are refused until an operator frees space. Nothing was stored."
            }
            Self::QuotaReached => {
                "The account already holds as many of these as the server allows (import previews waiting to be confirmed or discarded); the message says which, and discarding one makes room."
            }
            Self::FormCheckUnavailable => {
                "The form check cannot run on this server: ffmpeg or the pose models are missing. The message says which; an operator installs Debian's ffmpeg package or runs `resilift models install`. Nothing was stored."
            }
            Self::Internal => {
                "Something failed on the server; nothing was changed and the cause is logged with the request id."
            }
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_is_listed_once_and_serialises_as_its_name() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code} listed twice");
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().to_owned())
            );
            assert!((400..600).contains(&code.status()));
        }
    }
}
