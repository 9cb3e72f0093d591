//! Integration tests of the JSON contract: rule case files, input errors and whole-response snapshots.

mod cases;
mod errors;
mod import;
mod snapshots;
