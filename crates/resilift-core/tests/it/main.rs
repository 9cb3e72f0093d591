//! Property tests of the engine's safety invariants.

mod properties;
