//! Field checks that record a problem (with its path) instead of stopping at the first one.

use chrono::NaiveDate;
use resilift_core::domain::{Clearable, HealthItem, PainScore, RedFlag, Rpe};
use resilift_core::form::Fault;

use crate::errors::InputErrors;

/// Collects problems while converting wire values into core values.
pub(crate) struct Check {
    pub(crate) errors: InputErrors,
}

impl Check {
    pub(crate) fn new() -> Self {
        Self {
            errors: InputErrors::default(),
        }
    }

    pub(crate) fn date(&mut self, path: &str, text: &str) -> Option<NaiveDate> {
        let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|_| text.len() == 10);
        if parsed.is_none() {
            self.errors
                .push(path, format!("expected a date as YYYY-MM-DD, got `{text}`"));
        }
        match parsed {
            Some(day) if chrono::Datelike::year(&day) < FIRST_YEAR => {
                self.errors.push(
                    path,
                    format!(
                        "expected a day in {FIRST_YEAR} or later, got `{text}`: check the year"
                    ),
                );
                None
            }
            other => other,
        }
    }

    pub(crate) fn not_after(
        &mut self,
        path: &str,
        date: Option<NaiveDate>,
        as_of: Option<NaiveDate>,
    ) {
        if let (Some(date), Some(as_of)) = (date, as_of)
            && date > as_of
        {
            self.errors
                .push(path, format!("{date} is after as_of ({as_of})"));
        }
    }

    pub(crate) fn pain(&mut self, path: &str, value: i64) -> Option<PainScore> {
        PainScore::parse(value)
            .map_err(|error| self.errors.push(path, error.0))
            .ok()
    }

    pub(crate) fn rpe(&mut self, path: &str, value: f64) -> Option<Rpe> {
        Rpe::parse(value)
            .map_err(|error| self.errors.push(path, error.0))
            .ok()
    }

    pub(crate) fn count(&mut self, path: &str, value: i64, max: u32) -> u32 {
        match u32::try_from(value) {
            Ok(count) if count <= max => count,
            _ => {
                self.errors.push(
                    path,
                    format!("expected a whole number from 0 to {max}, got {value}"),
                );
                0
            }
        }
    }

    pub(crate) fn number(&mut self, path: &str, value: f64, min: f64, max: f64) -> f64 {
        if !(value.is_finite() && value >= min && value <= max) {
            self.errors.push(
                path,
                format!("expected a number from {min} to {max}, got {value}"),
            );
        }
        value
    }

    pub(crate) fn positive(&mut self, path: &str, value: f64, max: f64) -> f64 {
        if !(value.is_finite() && value >= LEAST_WEIGHT && value <= max) {
            self.errors.push(
                path,
                format!("expected a number from {LEAST_WEIGHT} to {max}, got {value}"),
            );
        }
        value
    }

    pub(crate) fn red_flags(&mut self, path: &str, ids: &[String]) -> Vec<RedFlag> {
        let mut flags = Vec::new();
        for (index, id) in ids.iter().enumerate() {
            match RedFlag::parse(id) {
                Ok(flag) if !flags.contains(&flag) => flags.push(flag),
                Ok(_) => {}
                Err(error) => self.errors.push(format!("{path}[{index}]"), error.0),
            }
        }
        flags
    }

    pub(crate) fn health(&mut self, path: &str, ids: &[String]) -> Vec<HealthItem> {
        let mut items = Vec::new();
        for (index, id) in ids.iter().enumerate() {
            match HealthItem::parse(id) {
                Ok(item) if !items.contains(&item) => items.push(item),
                Ok(_) => {}
                Err(error) => self.errors.push(format!("{path}[{index}]"), error.0),
            }
        }
        items
    }

    pub(crate) fn cleared(&mut self, path: &str, ids: &[String]) -> Vec<Clearable> {
        let mut items = Vec::new();
        for (index, id) in ids.iter().enumerate() {
            match Clearable::parse(id) {
                Ok(item) if !items.contains(&item) => items.push(item),
                Ok(_) => {}
                Err(error) => self.errors.push(format!("{path}[{index}]"), error.0),
            }
        }
        items
    }

    pub(crate) fn faults(&mut self, path: &str, ids: &[String]) -> Vec<Fault> {
        let mut faults = Vec::new();
        for (index, id) in ids.iter().enumerate() {
            match Fault::parse(id) {
                Ok(fault) if !faults.contains(&fault) => faults.push(fault),
                Ok(_) => {}
                Err(error) => self.errors.push(format!("{path}[{index}]"), error.0),
            }
        }
        faults
    }
}

/// JSON Schema for a list of red-flag ids.
pub(crate) fn red_flag_ids(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let ids: Vec<&str> = RedFlag::ALL.iter().map(|flag| flag.id()).collect();
    schemars::json_schema!({"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ids}})
}

/// JSON Schema for a list of general-health ids.
pub(crate) fn health_ids(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let ids: Vec<&str> = HealthItem::ALL.iter().map(|item| item.id()).collect();
    schemars::json_schema!({"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ids}})
}

/// JSON Schema for a list of ids a clinician may clear.
pub(crate) fn clearable_ids(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let ids: Vec<&str> = Clearable::all().iter().map(|item| item.id()).collect();
    schemars::json_schema!({"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ids}})
}

/// JSON Schema for a list of fault ids.
pub(crate) fn fault_ids(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let ids: Vec<&str> = Fault::ALL.iter().map(|fault| fault.id()).collect();
    schemars::json_schema!({"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ids}})
}

/// JSON Schema for a date.
/// No record, onset or history reaches back before this year.
pub(crate) const FIRST_YEAR: i32 = 1900;

/// The lightest load, bar or plate step anyone can weigh (kilograms or pounds).
pub(crate) const LEAST_WEIGHT: f64 = 0.25;

/// The most sets one session may hold (warm-ups need none of them).
pub(crate) const MOST_SETS: usize = 20;

pub(crate) fn date(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "format": "date", "pattern": DATE_PATTERN})
}

/// A day from 1900 on, written `YYYY-MM-DD`.
const DATE_PATTERN: &str = "^(19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// JSON Schema for a nullable date.
pub(crate) fn nullable_date(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": ["string", "null"], "format": "date", "pattern": DATE_PATTERN})
}

/// Deserializes an optional value whose key must still be present (null is allowed, absence is not).
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer)
}
