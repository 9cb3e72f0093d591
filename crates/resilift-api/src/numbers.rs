//! Numbers on the wire: rounded to 2 decimals, whole values written without a fraction.

use serde::Serializer;

/// Rounds to 2 decimals.
#[must_use]
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Serializes an `f64` rounded to 2 decimals, as an integer when it is whole.
///
/// # Errors
/// Those of the serializer.
#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's serialize_with signature"
)]
pub(crate) fn ser2<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    let rounded = round2(*value);
    if rounded.fract() == 0.0 && rounded.abs() < 9.0e15 {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "whole and within i64 range, checked above"
        )]
        serializer.serialize_i64(rounded as i64)
    } else {
        serializer.serialize_f64(rounded)
    }
}

/// As [`ser2`], for optional numbers.
///
/// # Errors
/// Those of the serializer.
#[allow(clippy::ref_option, reason = "serde's serialize_with signature")]
pub(crate) fn ser2_opt<S: Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => ser2(value, serializer),
        None => serializer.serialize_none(),
    }
}
