//! Input errors: one line per problem, each naming the JSON path and what was expected.

use std::fmt;

use serde::de::DeserializeOwned;

/// One problem with the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// JSON path, such as `pain.now` or `sessions[1].sets[0].rpe`.
    pub path: String,
    /// What was wrong and what was expected.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "input: {}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in an input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputErrors(pub Vec<FieldError>);

impl InputErrors {
    /// Records a problem.
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            path: path.into(),
            message: message.into(),
        });
    }

    /// `Ok(value)` when no problem was recorded.
    ///
    /// # Errors
    /// The recorded problems.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Self> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }

    /// Whether any problem was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// Parses JSON text into a wire type, naming the path of the first structural problem.
///
/// # Errors
/// Malformed JSON, wrong types, unknown or missing fields.
pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, InputErrors> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let message = if inner.is_syntax() || inner.is_eof() {
            format!("malformed JSON: {}", friendly(&inner.to_string()))
        } else {
            friendly(&inner.to_string())
        };
        InputErrors(vec![FieldError { path, message }])
    })?;
    deserializer.end().map_err(|error| {
        InputErrors(vec![FieldError {
            path: String::new(),
            message: format!("malformed JSON: {}", friendly(&error.to_string())),
        }])
    })?;
    Ok(value)
}

/// Converts a parsed JSON tree into a wire type, naming the path of the first problem as
/// [`parse_json`] does.
///
/// # Errors
/// Wrong types, unknown or missing fields.
pub fn parse_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, InputErrors> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        InputErrors(vec![FieldError {
            path,
            message: friendly(&error.into_inner().to_string()),
        }])
    })
}

/// Rewrites serde's type names into words a person understands.
fn friendly(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    let replacements = [
        ("expected i64", "expected an integer"),
        ("expected u32", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a string", "expected a string"),
        ("expected a boolean", "expected true or false"),
        (
            "invalid type: floating point",
            "expected an integer, got the number",
        ),
        ("invalid type: ", "wrong type: got "),
    ];
    let mut text = message.to_owned();
    for (from, to) in replacements {
        text = text.replace(from, to);
    }
    text.replace("expected an integer, got the number `", "got the number `")
        .replace(", expected an integer", "; expected an integer")
}

/// One problem at one path.
pub(crate) fn single(path: &str, message: String) -> InputErrors {
    let mut errors = InputErrors::default();
    errors.push(path, message);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "fields exist to be parsed")]
    struct Probe {
        pain: Pain,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "fields exist to be parsed")]
    struct Pain {
        now: i64,
    }

    #[test]
    fn wrong_types_name_the_path() {
        let error = parse_json::<Probe>(r#"{"pain": {"now": "high"}}"#).unwrap_err();
        assert_eq!(error.0[0].path, "pain.now");
        assert!(
            error.0[0].message.contains("integer"),
            "{}",
            error.0[0].message
        );
    }

    #[test]
    fn unknown_fields_and_bad_json_are_refused() {
        let error = parse_json::<Probe>(r#"{"pain": {"now": 1, "later": 2}}"#).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `later`"),
            "{error}"
        );
        let error = parse_json::<Probe>(r#"{"pain": {"now": 1"#).unwrap_err();
        assert!(error.to_string().contains("malformed JSON"), "{error}");
        let error = parse_json::<Probe>(r#"{"pain": {}}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("pain: missing field `now`"),
            "{error}"
        );
    }
}
