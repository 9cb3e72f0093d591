//! The resilift binary.
fn main() {}
