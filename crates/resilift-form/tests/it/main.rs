//! Integration tests of the form check: angles, rep counting and each check on synthetic lifts,
//! the validation population, and arbitrary input.

mod analysis;
mod properties;
mod validation;
