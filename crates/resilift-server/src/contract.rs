//! The published contract, enforced: every JSON request body that serde accepted is also checked
//! against its schema in the OpenAPI document (`boon`, JSON Schema 2020-12), so the document and
//! the server cannot disagree about the shape of what is accepted. Ranges, lengths, known ids and
//! dates are the typed checks' to refuse (they name every field at once, in plain words, with
//! the same limits the document states); the schema refuses what those checks cannot see: a
//! repeated item in a list that must not repeat, or a value of the wrong type that serde lets
//! through (an array where an object belongs).

use std::collections::HashMap;
use std::sync::LazyLock;

use boon::{ErrorKind, InstanceToken, ValidationError};
use serde_json::Value;

use crate::error::{ApiError, ApiResult, FieldProblem};

const DOCUMENT_URL: &str = "urn:resilift:openapi";

struct Compiled {
    schemas: boon::Schemas,
    by_name: HashMap<String, boon::SchemaIndex>,
}

/// Every component schema of the document, compiled once.
static CONTRACT: LazyLock<Compiled> = LazyLock::new(|| {
    let document = crate::openapi::document();
    let mut compiler = boon::Compiler::new();
    compiler.set_default_draft(boon::Draft::V2020_12);
    let mut schemas = boon::Schemas::new();
    let mut by_name = HashMap::new();
    let names: Vec<String> = document["components"]["schemas"]
        .as_object()
        .map(|all| all.keys().cloned().collect())
        .unwrap_or_default();
    if compiler.add_resource(DOCUMENT_URL, document).is_ok() {
        for name in names {
            let location = format!("{DOCUMENT_URL}#/components/schemas/{name}");
            match compiler.compile(&location, &mut schemas) {
                Ok(index) => {
                    by_name.insert(name, index);
                }
                Err(error) => {
                    tracing::error!(%error, %name, "a schema of the contract does not compile");
                }
            }
        }
    }
    Compiled { schemas, by_name }
});

#[cfg(test)]
/// Whether the contract has a schema for `name` (a test keeps every request type covered).
pub(crate) fn knows(name: &str) -> bool {
    CONTRACT.by_name.contains_key(name)
}

/// Checks a parsed body against the schema of `T` in the document: 422 naming each field the
/// schema refuses.
pub(crate) fn check<T: schemars::JsonSchema>(value: &Value) -> ApiResult<()> {
    let name = T::schema_name();
    let Some(index) = CONTRACT.by_name.get(name.as_ref()) else {
        return Ok(());
    };
    let Err(error) = CONTRACT.schemas.validate(value, *index) else {
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
    let structural = matches!(
        error.kind,
        ErrorKind::UniqueItems { .. } | ErrorKind::Type { .. }
    );
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
