//! resilift's decision engine: the readiness screen, load prescription, pain response, form
//! faults, risk profile, post-lift triage and instrument scoring, each returning its reasons
//! with the rules and evidence behind them.
//!
//! The crate does no IO, reads no clock and does not serialize: dates and thresholds are inputs.
#![warn(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod config;
pub mod domain;
pub mod evidence;
pub mod flare;
pub mod form;
pub mod formulas;
pub mod foundation;
pub mod instruments;
pub mod pain;
pub mod prescribe;
pub mod risk;
pub mod roster;
pub mod rules;
pub mod screen;

pub use config::Config;
pub use domain::{DISCLAIMER, Reason};
