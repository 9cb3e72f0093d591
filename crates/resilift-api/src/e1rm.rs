//! The estimated one-repetition maximum on the wire.

use resilift_core::domain::Rpe;
use resilift_core::formulas::{self, Formula};
use schemars::JsonSchema;
use serde::Serialize;

use crate::check::Check;
use crate::errors::InputErrors;
use crate::numbers::ser2;

/// The e1RM answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct E1rmResponse {
    /// Estimated 1RM.
    #[serde(serialize_with = "ser2")]
    pub e1rm: f64,
    /// Formula used.
    pub formula: &'static str,
}

/// Estimates a 1RM.
///
/// # Errors
/// Out-of-range inputs, each naming its flag.
pub fn run(load: f64, reps: i64, rpe: f64, formula: &str) -> Result<E1rmResponse, InputErrors> {
    let mut check = Check::new();
    let formula = Formula::parse(formula)
        .map_err(|e| check.errors.push("--formula", e.0))
        .ok();
    check.positive("--load", load, 2000.0);
    let reps = match u32::try_from(reps) {
        Ok(reps @ 1..=12) => Some(reps),
        _ => {
            check.errors.push(
                "--reps",
                format!("expected a whole number from 1 to 12, got {reps}"),
            );
            None
        }
    };
    let given_rpe = rpe;
    let rpe = Rpe::parse(given_rpe).ok().filter(|r| r.get() >= 6.0);
    if rpe.is_none() {
        check.errors.push(
            "--rpe",
            format!("expected an RPE from 6 to 10 in steps of 0.5, got {given_rpe}"),
        );
    }
    let (Some(formula), Some(reps), Some(rpe)) = (formula, reps, rpe) else {
        return Err(check.errors);
    };
    if !check.errors.is_empty() {
        return Err(check.errors);
    }
    let value = formulas::e1rm(formula, load, reps, rpe)
        .map_err(|e| crate::errors::single("--reps", e.0))?;
    Ok(E1rmResponse {
        e1rm: value,
        formula: formula.as_str(),
    })
}
