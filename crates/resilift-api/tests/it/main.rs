//! Integration tests of the JSON contract: rule case files and input errors.

mod cases;
mod errors;
