//! The published contract, enforced: every JSON request body that serde accepted is also checked
//! against its schema in the OpenAPI document (`boon`, JSON Schema 2020-12), so the document and
//! the server cannot disagree about the shape of what is accepted. Ranges, lengths, known ids and
//! dates are the typed checks' to refuse (they name every field at once, in plain words, with
//! the same limits the document states); the schema refuses what those checks cannot see: a
//! repeated item in a list that must not repeat, or a value of the wrong type that serde lets
//! through (an array where an object belongs).

use std::collections::HashMap;
use std::sync::{LazyLock, PoisonError, RwLock};

use boon::{ErrorKind, InstanceToken, ValidationError};
use serde_json::Value;

use crate::error::{ApiError, ApiResult, FieldProblem};

const DOCUMENT_URL: &str = "urn:resilift:openapi";

struct Compiled {
    schemas: boon::Schemas,
    by_name: HashMap<String, Option<boon::SchemaIndex>>,
}

/// The document (each schema is compiled the first time a body of its type arrives, so the many
/// answer types never cost anything).
static DOCUMENT: LazyLock<serde_json::Value> = LazyLock::new(crate::openapi::document);

/// The schemas compiled so far, shared by every request.
static COMPILED: LazyLock<RwLock<Compiled>> = LazyLock::new(|| {
    RwLock::new(Compiled {
        schemas: boon::Schemas::new(),
        by_name: HashMap::new(),
    })
});

/// The compiled schema of a component, compiling it on first use.
fn index_of(name: &str) -> Option<boon::SchemaIndex> {
    if let Some(known) = COMPILED
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .by_name
        .get(name)
    {
        return *known;
    }
    let mut compiled = COMPILED.write().unwrap_or_else(PoisonError::into_inner);
    if let Some(known) = compiled.by_name.get(name) {
        return *known;
    }
    // A compiler is not shareable between threads; one is made for each first use (a handful
    // in the life of the server).
    let mut compiler = boon::Compiler::new();
    compiler.set_default_draft(boon::Draft::V2020_12);
    let location = format!("{DOCUMENT_URL}#/components/schemas/{name}");
    let compiled_now = match compiler.add_resource(DOCUMENT_URL, DOCUMENT.clone()) {
        Ok(()) => compiler.compile(&location, &mut compiled.schemas),
        Err(error) => Err(error),
    };
    let index = match compiled_now {
        Ok(index) => Some(index),
        Err(error) => {
            tracing::error!(%error, %name, "a schema of the contract does not compile");
            None
        }
    };
    compiled.by_name.insert(name.to_owned(), index);
    index
}

#[cfg(test)]
/// Whether the contract has a schema for `name` (a test keeps every request type covered).
pub(crate) fn knows(name: &str) -> bool {
    index_of(name).is_some()
}

/// Checks a parsed body against the schema of `T` in the document: 422 naming each field the
/// schema refuses.
pub(crate) fn check<T: schemars::JsonSchema>(value: &Value) -> ApiResult<()> {
    let name = T::schema_name();
    let Some(index) = index_of(&name) else {
        return Ok(());
    };
    let compiled = COMPILED.read().unwrap_or_else(PoisonError::into_inner);
    let Err(error) = compiled.schemas.validate(value, index) else {
        return Ok(());
    };
    let mut fields = Vec::new();
    leaves(&error, &mut fields);
    if fields.is_empty() {
        Ok(())
    } else {
        Err(ApiError::from_fields(fields))
    }
}

/// The structural refusals among the schema's findings (see the module's words).
fn leaves(error: &ValidationError<'_, '_>, out: &mut Vec<FieldProblem>) {
    // A value where only null was wanted is the "or null" branch of an optional object whose
    // other branch failed for a reason the typed checks name better (a range, say).
    let structural = match &error.kind {
        ErrorKind::UniqueItems { .. } => true,
        ErrorKind::Type { want, .. } => want.iter().any(|t| t != boon::Type::Null),
        _ => false,
    };
    if error.causes.is_empty() && structural {
        let field = path(&error.instance_location.tokens);
        let message = words(&error.kind);
        if !out.iter().any(|p| p.field == field && p.message == message) {
            out.push(FieldProblem { field, message });
        }
    }
    for cause in &error.causes {
        leaves(cause, out);
    }
}

/// `pain.now`, `sets[0].load`, or `body` for the whole.
fn path(tokens: &[InstanceToken<'_>]) -> String {
    let mut out = String::new();
    for token in tokens {
        match token {
            InstanceToken::Prop(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            InstanceToken::Item(index) => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() {
        "body".to_owned()
    } else {
        out
    }
}

fn words(kind: &ErrorKind<'_, '_>) -> String {
    match kind {
        ErrorKind::UniqueItems { .. } => "expected each item only once".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use schemars::JsonSchema;
    use serde_json::json;

    /// Every request body the API takes has its schema in the contract, so none escapes the check.
    #[test]
    fn every_request_type_is_checked_against_its_schema() {
        let names = [
            crate::service::accounts::NewAccount::schema_name(),
            crate::http::TokenRequest::schema_name(),
            crate::http::SignIn::schema_name(),
            crate::http::PasswordChange::schema_name(),
            crate::http::EraseRequest::schema_name(),
            crate::http::LinkRequest::schema_name(),
            crate::service::profile::ProfileBody::schema_name(),
            crate::service::links::OverrideRequest::schema_name(),
            crate::service::resets::ResetRequest::schema_name(),
            crate::service::resets::NewPassword::schema_name(),
            resilift_api::screen::ScreeningSubmission::schema_name(),
            resilift_api::next::SessionDto::schema_name(),
            resilift_api::next::FoundationDayDto::schema_name(),
            resilift_api::score::AssessmentSubmission::schema_name(),
            resilift_api::flare::TriageSubmission::schema_name(),
        ];
        for name in names {
            assert!(super::knows(&name), "{name} is not in the contract");
        }
    }

    /// What serde lets through and the schema refuses is refused, each field named.
    #[test]
    fn repeated_items_and_arrays_for_objects_are_refused() {
        let day = json!({"date": "2026-11-02", "exercises": ["bird_dog"], "leg_symptoms": "none",
            "pain": {"before": 0, "during_max": 0, "after": 0}, "red_flags": ["fever_or_unwell", "fever_or_unwell"]});
        let error = super::check::<resilift_api::next::FoundationDayDto>(&day).unwrap_err();
        assert_eq!(error.body.fields[0].field, "red_flags");
        assert_eq!(error.body.fields[0].message, "expected each item only once");
        let fine = json!({"date": "2026-11-02", "exercises": ["bird_dog"], "leg_symptoms": "none",
            "pain": {"before": 0, "during_max": 0, "after": 0}, "red_flags": []});
        super::check::<resilift_api::next::FoundationDayDto>(&fine).unwrap();
    }
}
