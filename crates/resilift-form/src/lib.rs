//! The form check's kinematics. Body landmarks per frame go in (as found by the pose model in
//! `resilift-pose`); reps, joint angles at the key positions of each rep, the time and speed of
//! each phase, and proposed faults come out. Nothing here reads a file, a clock or a setting
//! source: thresholds arrive as [`Thresholds`].

pub mod analysis;
pub mod synthetic;
mod track;

pub use analysis::{Analysis, AnalysisError, Check, Position, Proposal, Rep, Thresholds, analyse};
pub use track::{Frame, Landmark, Point, Track, landmark};
