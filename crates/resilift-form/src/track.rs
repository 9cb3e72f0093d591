//! What the pose stage hands over: each analysed frame's body landmarks in image pixels.

use serde::{Deserialize, Serialize};

/// The 33 body landmarks of the BlazePose topology, by index.
pub mod landmark {
    /// How many body landmarks a pose has.
    pub const COUNT: usize = 33;
    /// The nose.
    pub const NOSE: usize = 0;
    /// The left ear.
    pub const LEFT_EAR: usize = 7;
    /// The right ear.
    pub const RIGHT_EAR: usize = 8;
    /// The left shoulder.
    pub const LEFT_SHOULDER: usize = 11;
    /// The right shoulder.
    pub const RIGHT_SHOULDER: usize = 12;
    /// The left elbow.
    pub const LEFT_ELBOW: usize = 13;
    /// The right elbow.
    pub const RIGHT_ELBOW: usize = 14;
    /// The left wrist.
    pub const LEFT_WRIST: usize = 15;
    /// The right wrist.
    pub const RIGHT_WRIST: usize = 16;
    /// The left hip.
    pub const LEFT_HIP: usize = 23;
    /// The right hip.
    pub const RIGHT_HIP: usize = 24;
    /// The left knee.
    pub const LEFT_KNEE: usize = 25;
    /// The right knee.
    pub const RIGHT_KNEE: usize = 26;
    /// The left ankle.
    pub const LEFT_ANKLE: usize = 27;
    /// The right ankle.
    pub const RIGHT_ANKLE: usize = 28;
    /// The left heel.
    pub const LEFT_HEEL: usize = 29;
    /// The right heel.
    pub const RIGHT_HEEL: usize = 30;
    /// The tip of the left foot.
    pub const LEFT_FOOT_INDEX: usize = 31;
    /// The tip of the right foot.
    pub const RIGHT_FOOT_INDEX: usize = 32;
}

/// A point in image pixels: x to the right, y downwards.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    /// Pixels from the left edge.
    pub x: f32,
    /// Pixels from the top edge.
    pub y: f32,
}

/// One landmark as the pose model saw it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Landmark {
    /// Pixels from the left edge.
    pub x: f32,
    /// Pixels from the top edge.
    pub y: f32,
    /// How sure the model is that the point is in view and not hidden, 0 to 1.
    pub visibility: f32,
}

impl Landmark {
    /// The landmark's position.
    #[must_use]
    pub fn point(self) -> Point {
        Point {
            x: self.x,
            y: self.y,
        }
    }
}

/// One analysed frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// Seconds from the start of the clip.
    pub time: f64,
    /// The 33 body landmarks, or `None` when no person was found in the frame.
    pub landmarks: Option<Vec<Landmark>>,
}

/// A clip's landmarks, frame by frame, evenly spaced in time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Track {
    /// Frame width in pixels.
    pub width: u32,
    /// Frame height in pixels.
    pub height: u32,
    /// Analysed frames per second.
    pub fps: f64,
    /// The frames, in time order.
    pub frames: Vec<Frame>,
}
