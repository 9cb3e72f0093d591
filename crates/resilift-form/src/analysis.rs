//! From a side-view deadlift [`Track`] to reps, joint angles at the key positions of each rep,
//! phase times and speeds, and proposed faults.
//!
//! Everything is measured in the picture, in two dimensions, from one side of the body. The
//! numbers are cues for a person or a coach to look at the video again, not a diagnosis.
//!
//! How a clip is read, step by step:
//!
//! 1. **Side.** The side of the body facing the camera is the one whose shoulder, hip, knee and
//!    ankle the pose model is more sure of, on average over the clip.
//! 2. **Usable frames.** A frame is usable when that side's shoulder, hip, knee and ankle, and a
//!    wrist (that side's, or else the other one), are all seen with at least
//!    [`Thresholds::min_visibility`]. Fewer than half the frames usable is an error
//!    ([`AnalysisError::NoPerson`]).
//! 3. **Facing.** The lifter faces the way the toes point from the heels (most frames decide);
//!    if the feet are never seen, the way the nose points from the ear, and failing that the way
//!    the knees bend.
//! 4. **Scale.** The leg length is the median over usable frames of hip→knee plus knee→ankle,
//!    the shin length the median of knee→ankle, both in pixels. Heights and speeds are given in
//!    leg lengths and forward distances in shin lengths, so the size of the person in the picture
//!    does not matter.
//! 5. **Gaps and smoothing.** Each landmark's missing frames are filled by drawing a straight
//!    line between the frames either side (or holding the nearest seen position at the clip's
//!    ends), then every landmark is smoothed with a Savitzky–Golay filter (a moving quadratic
//!    fit) about 0.2 seconds wide, which calms camera jitter without flattening the movement.
//! 6. **Reps.** Reps are found from the hip's height. A rep is a rise of the hip by at least
//!    [`Thresholds::min_rep_rise`] leg lengths from a low point to a high point; smaller wiggles
//!    are ignored. Within that rise, *lift-off* is the last frame before the hip starts moving
//!    up (its upward speed is at most a tenth of the rep's fastest), *lockout* the first frame
//!    near the top where the hip has stopped rising (same tenth), and *end* the frame the hip has
//!    come back down and stopped, or the clip's last frame. A rep whose pull has more than half a
//!    second of frames without a usable pose is skipped, as is a pull the clip cuts off.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::track::{Frame, Track, landmark};

/// The limits above which a measurement becomes a proposed fault, and the two input cut-offs.
///
/// Every default was chosen by running the checks on synthetic deadlifts (see
/// [`crate::synthetic`] and the `fault-validation` example).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Landmarks the pose model is less sure of than this (0 to 1) are treated as missing.
    /// Default 0.5.
    pub min_visibility: f32,
    /// The least the hip must rise, in leg lengths (hip→knee plus knee→ankle), for a movement to
    /// count as a rep. Default 0.15.
    pub min_rep_rise: f64,
    /// Jerky start: how many times faster than the pull's average speed the weight may move
    /// while it leaves the floor. Measured as the fastest average upward speed of the wrists over
    /// any stretch lasting a fifth of the pull that starts within the pull's first fifth,
    /// divided by the wrists' average upward speed over the whole pull. A smooth pull that speeds
    /// up gradually scores about 1 or less. Pulls shorter than five frames are not judged.
    /// Default 1.6.
    pub jerky_start_ratio: f64,
    /// Hips rise first: how many degrees further forward than at lift-off the trunk may tip
    /// before the wrists reach knee height (the most forward trunk angle from lift-off to the
    /// knee-height moment, minus the angle at lift-off). When the wrists already start at knee
    /// height (a high handle), the first third of the pull is judged instead. Default 10.
    pub hips_rise_first_degrees: f64,
    /// Bar drift: how far in front of mid-foot (the midpoint of heel and toe) the wrists may
    /// travel during the pull (lift-off to lockout), in percent of the shin length (knee to
    /// ankle). The largest forward distance of the pull is compared. Default 20.
    pub bar_drift_percent: f64,
    /// Lockout hyperextension: how many degrees the trunk (the shoulder–hip line) may lean back
    /// past upright while standing at the top, from lockout until the hips start down (or the
    /// clip ends). The furthest lean back in that time is compared. Default 10.
    pub lockout_hyperextension_degrees: f64,
    /// Spine rounding: by how many percent the straight-line distance from hip to shoulder may
    /// shrink during the pull, compared with its median while standing at the top (lockout until
    /// the hips start down). The shortest distance of the pull is compared. A two-dimensional
    /// cue that the back may be rounding, not a diagnosis: turning the body towards the camera
    /// shortens it too. Default 8.
    pub spine_rounding_percent: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            min_visibility: 0.5,
            min_rep_rise: 0.15,
            jerky_start_ratio: 1.6,
            hips_rise_first_degrees: 10.0,
            bar_drift_percent: 20.0,
            lockout_hyperextension_degrees: 10.0,
            spine_rounding_percent: 8.0,
        }
    }
}

impl Thresholds {
    /// The threshold of one check, in that check's unit.
    #[must_use]
    pub fn get(&self, check: Check) -> f64 {
        match check {
            Check::SpineRounding => self.spine_rounding_percent,
            Check::JerkyStart => self.jerky_start_ratio,
            Check::BarDrift => self.bar_drift_percent,
            Check::HipsRiseFirst => self.hips_rise_first_degrees,
            Check::LockoutHyperextension => self.lockout_hyperextension_degrees,
        }
    }

    /// Sets the threshold of one check, in that check's unit.
    pub fn set(&mut self, check: Check, value: f64) {
        match check {
            Check::SpineRounding => self.spine_rounding_percent = value,
            Check::JerkyStart => self.jerky_start_ratio = value,
            Check::BarDrift => self.bar_drift_percent = value,
            Check::HipsRiseFirst => self.hips_rise_first_degrees = value,
            Check::LockoutHyperextension => self.lockout_hyperextension_degrees = value,
        }
    }
}

/// A technique check run on every rep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The hip-to-shoulder distance shrank during the pull: the back may be rounding.
    SpineRounding,
    /// The weight left the floor with a jolt instead of a steady push.
    JerkyStart,
    /// The wrists (the weight) drifted forward of mid-foot.
    BarDrift,
    /// The hips rose before the weight did, tipping the trunk forward.
    HipsRiseFirst,
    /// Leaning back past upright at the top.
    LockoutHyperextension,
}

impl Check {
    /// Every check, in the order proposals are listed.
    pub const ALL: [Self; 5] = [
        Self::SpineRounding,
        Self::JerkyStart,
        Self::BarDrift,
        Self::HipsRiseFirst,
        Self::LockoutHyperextension,
    ];

    /// The stable wire id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::SpineRounding => "spine_rounding",
            Self::JerkyStart => "jerky_start",
            Self::BarDrift => "bar_drift",
            Self::HipsRiseFirst => "hips_rise_first",
            Self::LockoutHyperextension => "lockout_hyperextension",
        }
    }

    /// The unit the check's measurement and threshold are in, as a short suffix for people.
    #[must_use]
    pub fn unit(self) -> &'static str {
        match self {
            Self::SpineRounding | Self::BarDrift => "%",
            Self::JerkyStart => "×",
            Self::HipsRiseFirst | Self::LockoutHyperextension => "°",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A key position within a rep's pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Moment {
    /// The last frame before the hips start rising.
    LiftOff,
    /// The first frame the wrists are at or above the height halfway between ankle and knee.
    MidShin,
    /// The first frame the wrists are at or above knee height.
    KneeHeight,
    /// The first frame the hips have stopped rising at the top.
    Lockout,
}

impl Moment {
    /// Every moment, in the order they happen.
    pub const ALL: [Self; 4] = [
        Self::LiftOff,
        Self::MidShin,
        Self::KneeHeight,
        Self::Lockout,
    ];

    /// A short name for people.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::LiftOff => "Lift-off",
            Self::MidShin => "Mid-shin",
            Self::KneeHeight => "Knee height",
            Self::Lockout => "Lockout",
        }
    }
}

/// The body's angles at one key moment of a rep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// Which moment this is.
    pub moment: Moment,
    /// The frame's index in the track.
    pub frame: usize,
    /// Seconds from the start of the clip.
    pub time: f64,
    /// Degrees between the shoulder–hip line and vertical: positive when leaning forward
    /// (towards the toes), negative when leaning back past upright.
    pub trunk: f64,
    /// Degrees at the hip between the shoulder and the knee (180 is straight).
    pub hip: f64,
    /// Degrees at the knee between the hip and the ankle (180 is straight).
    pub knee: f64,
    /// How far the wrists are in front of mid-foot, in percent of the shin length (negative when
    /// behind).
    pub bar: f64,
}

/// The angles at one frame of a rep, for charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Seconds since lift-off.
    pub time: f64,
    /// Trunk angle from vertical in degrees, as in [`Position::trunk`].
    pub trunk: f64,
    /// Hip angle in degrees, as in [`Position::hip`].
    pub hip: f64,
    /// Knee angle in degrees, as in [`Position::knee`].
    pub knee: f64,
}

/// One rep: its frames, key positions, times and speeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rep {
    /// 1-based, in clip order.
    pub number: u32,
    /// Frame index of lift-off.
    pub lift_off: usize,
    /// Frame index of lockout.
    pub lockout: usize,
    /// Frame index where the hips are back down and still, or the clip's last frame.
    pub end: usize,
    /// Lift-off, mid-shin, knee height and lockout, in that order. When the wrists never reach
    /// mid-shin or knee height, those moments are placed at lockout.
    pub positions: Vec<Position>,
    /// Seconds from lift-off to lockout.
    pub pull_seconds: f64,
    /// The wrists' average upward speed from lift-off to lockout, in leg lengths per second.
    pub pull_speed: f64,
    /// Seconds from leaving the top to being back down, or `None` when the clip ends before the
    /// hips have come back down.
    pub lower_seconds: Option<f64>,
    /// The wrists' average downward speed while lowering, in leg lengths per second.
    pub lower_speed: Option<f64>,
    /// The furthest the wrists were in front of mid-foot during the pull, in percent of the shin
    /// length.
    pub max_bar_forward: f64,
    /// Every frame from lift-off to end.
    pub curve: Vec<CurvePoint>,
}

/// A fault the checks suggest, for a person to confirm on the video.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// Which check.
    pub check: Check,
    /// The rep's number.
    pub rep: u32,
    /// The frame that shows it best.
    pub frame: usize,
    /// That frame's time, in seconds from the start of the clip.
    pub time: f64,
    /// What was measured, in the check's unit (see [`Thresholds`]).
    pub measured: f64,
    /// The threshold it exceeded.
    pub threshold: f64,
    /// What was seen, in plain words for the lifter.
    pub note: String,
}

/// Which side of the body faces the camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The person's left side.
    Left,
    /// The person's right side.
    Right,
}

/// The result of analysing one clip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The side of the body the measurements come from.
    pub side: Side,
    /// Whether the lifter faces the right of the picture.
    pub facing_right: bool,
    /// Frames in the clip.
    pub frames: usize,
    /// Frames with a usable pose.
    pub frames_with_pose: usize,
    /// Median leg length (hip→knee plus knee→ankle) in pixels.
    pub leg_length: f64,
    /// Median shin length (knee→ankle) in pixels.
    pub shin_length: f64,
    /// The reps, in clip order.
    pub reps: Vec<Rep>,
    /// Proposed faults, by rep and then in [`Check::ALL`] order, at most one per rep and check.
    pub proposals: Vec<Proposal>,
}

/// Why a clip could not be analysed.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AnalysisError {
    /// The track had no frames.
    #[error("the clip has no frames")]
    Empty,
    /// Fewer than half the frames had a usable pose.
    #[error(
        "a person was found on only {found} of {total} frames; film from the side with the whole body in view"
    )]
    NoPerson {
        /// Frames with a usable pose.
        found: usize,
        /// Frames in the clip.
        total: usize,
    },
}

/// The share of the fastest hip speed below which the hips count as still (lift-off, lockout,
/// leaving the top, back down).
const STILL_SHARE: f64 = 0.1;
/// Lockout: the share of the wrists' rise reached.
const LOCKOUT_SHARE: f64 = 0.97;
/// Lockout: how close to its most upright at the top the trunk is, in degrees.
const LOCKOUT_TRUNK_DEGREES: f64 = 3.0;
/// The longest run of frames without a usable pose a pull may contain, in seconds.
const MAX_GAP_SECONDS: f64 = 0.5;
/// Half the width of the smoothing window, in seconds.
const SMOOTHING_HALF_SECONDS: f64 = 0.1;
/// The jerky-start measure compares stretches lasting this share of the pull.
const JERK_WINDOW_SHARE: f64 = 0.2;
/// The frame rate assumed when the track's own cannot be trusted.
const FALLBACK_FPS: f64 = 15.0;

/// Analyses a side-view deadlift clip: finds the reps, measures the key positions and runs the
/// checks in [`Check::ALL`] on each rep.
///
/// # Errors
/// [`AnalysisError::Empty`] when the track has no frames, and [`AnalysisError::NoPerson`] when
/// fewer than half the frames have a usable pose.
pub fn analyse(track: &Track, thresholds: &Thresholds) -> Result<Analysis, AnalysisError> {
    let total = track.frames.len();
    if total == 0 {
        return Err(AnalysisError::Empty);
    }
    let min_vis = thresholds.min_visibility;
    let side = choose_side(&track.frames);
    let ids = Ids::of(side);

    let raw = Raw::extract(&track.frames, &ids, min_vis);
    let usable: Vec<bool> = (0..total).map(|i| raw.usable(i)).collect();
    let found = usable.iter().filter(|&&u| u).count();
    if found.saturating_mul(2) < total || found == 0 {
        return Err(AnalysisError::NoPerson { found, total });
    }
    let facing_right = facing(&track.frames, &ids, min_vis, &raw);
    let dir = if facing_right { 1.0 } else { -1.0 };

    let mut legs = Vec::new();
    let mut shins = Vec::new();
    for i in 0..total {
        if let (Some(h), Some(k), Some(a)) = (at(&raw.hip, i), at(&raw.knee, i), at(&raw.ankle, i))
        {
            let shin = dist(k, a);
            legs.push(dist(h, k) + shin);
            shins.push(shin);
        }
    }
    let leg_length = median(&legs).unwrap_or(0.0);
    let shin_length = median(&shins).unwrap_or(0.0);

    let mut analysis = Analysis {
        side,
        facing_right,
        frames: total,
        frames_with_pose: found,
        leg_length: finite(leg_length),
        shin_length: finite(shin_length),
        reps: Vec::new(),
        proposals: Vec::new(),
    };
    if !(leg_length.is_finite()
        && leg_length > 1e-6
        && shin_length.is_finite()
        && shin_length > 1e-6)
    {
        return Ok(analysis);
    }

    let fps = frame_rate(track);
    let half = (SMOOTHING_HALF_SECONDS * fps).round().clamp(2.0, 30.0) as usize;
    let series = |points: &[Option<(f64, f64)>]| -> Option<Curve> { Curve::new(points, dir, half) };
    let (Some(shoulder), Some(hip), Some(knee), Some(ankle), Some(wrist)) = (
        series(&raw.shoulder),
        series(&raw.hip),
        series(&raw.knee),
        series(&raw.ankle),
        series(&raw.wrist),
    ) else {
        return Ok(analysis);
    };
    let midfoot = series(&raw.midfoot).unwrap_or_else(|| ankle.clone());

    let kin = Kinematics::new(
        &Body {
            shoulder: &shoulder,
            hip: &hip,
            knee: &knee,
            ankle: &ankle,
            wrist: &wrist,
            midfoot: &midfoot,
        },
        leg_length,
        shin_length,
    );
    let times: Vec<f64> = track
        .frames
        .iter()
        .enumerate()
        .map(|(i, frame)| {
            if frame.time.is_finite() {
                frame.time
            } else {
                i as f64 / fps
            }
        })
        .collect();
    let ctx = Context {
        kin: &kin,
        usable: &usable,
        times: &times,
        fps,
        leg: leg_length,
        thresholds,
    };
    let (reps, proposals) = ctx.reps();
    analysis.reps = reps;
    analysis.proposals = proposals;
    Ok(analysis)
}

/// The landmark indices read for one side.
struct Ids {
    shoulder: usize,
    hip: usize,
    knee: usize,
    ankle: usize,
    wrist: usize,
    other_wrist: usize,
    heel: usize,
    toe: usize,
    ear: usize,
}

impl Ids {
    fn of(side: Side) -> Self {
        match side {
            Side::Left => Self {
                shoulder: landmark::LEFT_SHOULDER,
                hip: landmark::LEFT_HIP,
                knee: landmark::LEFT_KNEE,
                ankle: landmark::LEFT_ANKLE,
                wrist: landmark::LEFT_WRIST,
                other_wrist: landmark::RIGHT_WRIST,
                heel: landmark::LEFT_HEEL,
                toe: landmark::LEFT_FOOT_INDEX,
                ear: landmark::LEFT_EAR,
            },
            Side::Right => Self {
                shoulder: landmark::RIGHT_SHOULDER,
                hip: landmark::RIGHT_HIP,
                knee: landmark::RIGHT_KNEE,
                ankle: landmark::RIGHT_ANKLE,
                wrist: landmark::RIGHT_WRIST,
                other_wrist: landmark::LEFT_WRIST,
                heel: landmark::RIGHT_HEEL,
                toe: landmark::RIGHT_FOOT_INDEX,
                ear: landmark::RIGHT_EAR,
            },
        }
    }
}

/// The side whose shoulder, hip, knee and ankle have the higher mean visibility.
fn choose_side(frames: &[Frame]) -> Side {
    let mut left = 0.0_f64;
    let mut right = 0.0_f64;
    let vis = |frame: &Frame, index: usize| -> f64 {
        frame
            .landmarks
            .as_ref()
            .and_then(|l| l.get(index))
            .map_or(0.0, |l| {
                let v = f64::from(l.visibility);
                if v.is_finite() {
                    v.clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
    };
    for frame in frames {
        for (l, r) in [
            (landmark::LEFT_SHOULDER, landmark::RIGHT_SHOULDER),
            (landmark::LEFT_HIP, landmark::RIGHT_HIP),
            (landmark::LEFT_KNEE, landmark::RIGHT_KNEE),
            (landmark::LEFT_ANKLE, landmark::RIGHT_ANKLE),
        ] {
            left += vis(frame, l);
            right += vis(frame, r);
        }
    }
    if right > left {
        Side::Right
    } else {
        Side::Left
    }
}

/// A landmark in image pixels when seen clearly enough and with finite coordinates.
fn seen(frame: &Frame, index: usize, min_vis: f32) -> Option<(f64, f64)> {
    let lm = frame.landmarks.as_ref()?.get(index)?;
    let clear = lm.visibility >= min_vis && lm.x.is_finite() && lm.y.is_finite();
    clear.then(|| (f64::from(lm.x), f64::from(lm.y)))
}

/// The landmarks read from each frame, in image pixels, `None` when not seen.
struct Raw {
    shoulder: Vec<Option<(f64, f64)>>,
    hip: Vec<Option<(f64, f64)>>,
    knee: Vec<Option<(f64, f64)>>,
    ankle: Vec<Option<(f64, f64)>>,
    wrist: Vec<Option<(f64, f64)>>,
    midfoot: Vec<Option<(f64, f64)>>,
}

impl Raw {
    fn extract(frames: &[Frame], ids: &Ids, min_vis: f32) -> Self {
        let get = |index: usize| -> Vec<Option<(f64, f64)>> {
            frames.iter().map(|f| seen(f, index, min_vis)).collect()
        };
        Self {
            shoulder: get(ids.shoulder),
            hip: get(ids.hip),
            knee: get(ids.knee),
            ankle: get(ids.ankle),
            wrist: frames
                .iter()
                .map(|f| seen(f, ids.wrist, min_vis).or_else(|| seen(f, ids.other_wrist, min_vis)))
                .collect(),
            midfoot: frames
                .iter()
                .map(
                    |f| match (seen(f, ids.heel, min_vis), seen(f, ids.toe, min_vis)) {
                        (Some(h), Some(t)) => Some(((h.0 + t.0) / 2.0, (h.1 + t.1) / 2.0)),
                        _ => None,
                    },
                )
                .collect(),
        }
    }

    fn usable(&self, i: usize) -> bool {
        at(&self.shoulder, i).is_some()
            && at(&self.hip, i).is_some()
            && at(&self.knee, i).is_some()
            && at(&self.ankle, i).is_some()
            && at(&self.wrist, i).is_some()
    }
}

/// A point behind and a point in front, when the lifter faces right.
type BackFront = (Option<(f64, f64)>, Option<(f64, f64)>);

/// Whether the lifter faces the right of the picture: toes ahead of heels in most frames; else
/// nose ahead of ear; else knees bent towards that side; else right.
fn facing(frames: &[Frame], ids: &Ids, min_vis: f32, raw: &Raw) -> bool {
    let vote = |pairs: &mut dyn Iterator<Item = BackFront>| -> f64 {
        pairs
            .map(|(back, front)| match (back, front) {
                (Some(b), Some(f)) if f.0 > b.0 => 1.0,
                (Some(b), Some(f)) if f.0 < b.0 => -1.0,
                _ => 0.0,
            })
            .sum()
    };
    let feet = vote(
        &mut frames
            .iter()
            .map(|f| (seen(f, ids.heel, min_vis), seen(f, ids.toe, min_vis))),
    );
    if feet != 0.0 {
        return feet > 0.0;
    }
    let head = vote(
        &mut frames
            .iter()
            .map(|f| (seen(f, ids.ear, min_vis), seen(f, landmark::NOSE, min_vis))),
    );
    if head != 0.0 {
        return head > 0.0;
    }
    let knees = vote(&mut (0..frames.len()).map(|i| {
        match (at(&raw.hip, i), at(&raw.knee, i), at(&raw.ankle, i)) {
            (Some(h), Some(k), Some(a)) => (Some(((h.0 + a.0) / 2.0, 0.0)), Some((k.0, 0.0))),
            _ => (None, None),
        }
    }));
    knees >= 0.0
}

/// The frame rate: the track's own when plausible, else from the frame times, else 15.
fn frame_rate(track: &Track) -> f64 {
    if track.fps.is_finite() && (1.0..=1000.0).contains(&track.fps) {
        return track.fps;
    }
    let steps: Vec<f64> = track
        .frames
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some(b.time - a.time),
            _ => None,
        })
        .filter(|d| d.is_finite() && *d > 0.0)
        .collect();
    match median(&steps) {
        Some(step) if (1.0..=1000.0).contains(&(1.0 / step)) => 1.0 / step,
        _ => FALLBACK_FPS,
    }
}

/// One landmark's path in the lifter's frame: `fwd` grows towards the toes, `up` grows upwards,
/// both in pixels; gaps filled and smoothed.
#[derive(Clone)]
struct Curve {
    fwd: Vec<f64>,
    up: Vec<f64>,
}

impl Curve {
    fn new(points: &[Option<(f64, f64)>], dir: f64, half: usize) -> Option<Self> {
        let fwd: Vec<Option<f64>> = points.iter().map(|p| p.map(|(x, _)| dir * x)).collect();
        let up: Vec<Option<f64>> = points.iter().map(|p| p.map(|(_, y)| -y)).collect();
        Some(Self {
            fwd: smooth(&fill(&fwd)?, half),
            up: smooth(&fill(&up)?, half),
        })
    }

    fn point(&self, i: usize) -> (f64, f64) {
        (get(&self.fwd, i), get(&self.up, i))
    }
}

/// Fills missing values by straight lines between the seen ones, holding the first and last
/// seen values at the ends; `None` when nothing was seen.
fn fill(values: &[Option<f64>]) -> Option<Vec<f64>> {
    let seen: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let &(first_i, first_v) = seen.first()?;
    let mut out = vec![first_v; values.len()];
    let mut prev = (first_i, first_v);
    for &(i, v) in &seen {
        let (pi, pv) = prev;
        for (j, slot) in out.iter_mut().enumerate().take(i + 1).skip(pi) {
            let span = (i - pi) as f64;
            *slot = if span > 0.0 {
                pv + (v - pv) * (j - pi) as f64 / span
            } else {
                v
            };
        }
        prev = (i, v);
    }
    let (last_i, last_v) = prev;
    for slot in out.iter_mut().skip(last_i) {
        *slot = last_v;
    }
    Some(out)
}

/// A Savitzky–Golay smoothing (moving least-squares quadratic) with the given half-width,
/// narrowing towards the ends so every output is a centred fit.
fn smooth(values: &[f64], half: usize) -> Vec<f64> {
    let n = values.len();
    (0..n)
        .map(|i| {
            let m = half.min(i).min(n - 1 - i);
            if m < 2 {
                return get(values, i);
            }
            let mf = m as f64;
            let norm = (2.0 * mf + 1.0) * (4.0 * mf * mf + 4.0 * mf - 3.0);
            let mut sum = 0.0;
            for k in 0..=2 * m {
                let offset = k as f64 - mf;
                let weight =
                    (3.0 * (3.0 * mf * mf + 3.0 * mf - 1.0) - 15.0 * offset * offset) / norm;
                sum += weight * get(values, i + k - m);
            }
            sum
        })
        .collect()
}

/// The smoothed landmark paths the measurements use.
struct Body<'a> {
    shoulder: &'a Curve,
    hip: &'a Curve,
    knee: &'a Curve,
    ankle: &'a Curve,
    wrist: &'a Curve,
    midfoot: &'a Curve,
}

/// Per-frame measurements.
struct Kinematics {
    trunk: Vec<f64>,
    hip_angle: Vec<f64>,
    knee_angle: Vec<f64>,
    /// Wrists in front of mid-foot, percent of shin.
    bar: Vec<f64>,
    /// Hip to shoulder distance, pixels.
    chord: Vec<f64>,
    /// Hip height, leg lengths.
    hip_height: Vec<f64>,
    /// Hip upward speed, leg lengths per frame.
    hip_speed: Vec<f64>,
    /// Wrist upward speed, leg lengths per frame.
    wrist_speed: Vec<f64>,
    /// Trunk angle change, degrees per frame (negative while straightening).
    trunk_speed: Vec<f64>,
    /// Heights in pixels.
    wrist_up: Vec<f64>,
    knee_up: Vec<f64>,
    mid_shin_up: Vec<f64>,
}

impl Kinematics {
    fn new(body: &Body<'_>, leg: f64, shin: f64) -> Self {
        let n = body.hip.up.len();
        let mut k = Self {
            trunk: Vec::with_capacity(n),
            hip_angle: Vec::with_capacity(n),
            knee_angle: Vec::with_capacity(n),
            bar: Vec::with_capacity(n),
            chord: Vec::with_capacity(n),
            hip_height: Vec::with_capacity(n),
            hip_speed: Vec::new(),
            wrist_speed: Vec::new(),
            trunk_speed: Vec::new(),
            wrist_up: Vec::with_capacity(n),
            knee_up: Vec::with_capacity(n),
            mid_shin_up: Vec::with_capacity(n),
        };
        for i in 0..n {
            let s = body.shoulder.point(i);
            let h = body.hip.point(i);
            let kn = body.knee.point(i);
            let a = body.ankle.point(i);
            let w = body.wrist.point(i);
            let m = body.midfoot.point(i);
            k.trunk
                .push(finite((s.0 - h.0).atan2(s.1 - h.1).to_degrees()));
            k.hip_angle.push(angle_at(h, s, kn));
            k.knee_angle.push(angle_at(kn, h, a));
            k.bar.push(finite((w.0 - m.0) / shin * 100.0));
            k.chord.push(finite(dist(h, s)));
            k.hip_height.push(finite(h.1 / leg));
            k.wrist_up.push(w.1);
            k.knee_up.push(kn.1);
            k.mid_shin_up.push((kn.1 + a.1) / 2.0);
        }
        k.hip_speed = speed(&k.hip_height);
        let wrist_height: Vec<f64> = k.wrist_up.iter().map(|w| finite(w / leg)).collect();
        k.wrist_speed = speed(&wrist_height);
        k.trunk_speed = speed(&k.trunk);
        k
    }
}

/// Change per frame, from the neighbours either side.
fn speed(values: &[f64]) -> Vec<f64> {
    let n = values.len();
    (0..n)
        .map(|i| {
            let (a, b) = (i.saturating_sub(1), (i + 1).min(n.saturating_sub(1)));
            if b > a {
                (get(values, b) - get(values, a)) / (b - a) as f64
            } else {
                0.0
            }
        })
        .collect()
}

/// The interior angle at `vertex` between the lines to `a` and `b`, in degrees.
fn angle_at(vertex: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let u = (a.0 - vertex.0, a.1 - vertex.1);
    let v = (b.0 - vertex.0, b.1 - vertex.1);
    let cross = u.0 * v.1 - u.1 * v.0;
    let dot = u.0 * v.0 + u.1 * v.1;
    finite(cross.abs().atan2(dot).to_degrees())
}

/// What a rep's measurement needs.
struct Context<'a> {
    kin: &'a Kinematics,
    usable: &'a [bool],
    times: &'a [f64],
    fps: f64,
    leg: f64,
    thresholds: &'a Thresholds,
}

/// A rep's frames before measuring.
struct Span {
    lift_off: usize,
    lockout: usize,
    /// The last frame at the top before the hips start down.
    top_end: usize,
    end: usize,
    /// The lowering, as (leaving the top, back down), when the clip shows it.
    lowering: Option<(usize, usize)>,
}

impl Context<'_> {
    fn n(&self) -> usize {
        self.kin.hip_height.len()
    }

    fn reps(&self) -> (Vec<Rep>, Vec<Proposal>) {
        let rise = if self.thresholds.min_rep_rise > 0.0 {
            self.thresholds.min_rep_rise
        } else {
            Thresholds::default().min_rep_rise
        };
        let turns = turning_points(&self.kin.hip_height, rise);
        let mut spans: Vec<Span> = Vec::new();
        for (j, pair) in turns.windows(2).enumerate() {
            let [(low, false), (high, true)] = pair else {
                continue;
            };
            let next_low = turns.get(j + 2).map(|&(i, _)| i);
            if let Some(span) = self.span(*low, *high, next_low) {
                spans.push(span);
            }
        }
        // A rep ends no later than the next one lifts off.
        let lift_offs: Vec<usize> = spans.iter().map(|s| s.lift_off).collect();
        for (j, span) in spans.iter_mut().enumerate() {
            if let Some(&next) = lift_offs.get(j + 1) {
                span.end = span.end.min(next).max(span.lockout);
                span.top_end = span.top_end.min(span.end);
                if let Some((start, end)) = span.lowering.as_mut() {
                    *end = (*end).min(next).max(*start);
                }
            }
        }
        let mut reps = Vec::new();
        let mut proposals = Vec::new();
        for span in spans {
            let number = u32::try_from(reps.len() + 1).unwrap_or(u32::MAX);
            let (rep, found) = self.measure(number, &span);
            reps.push(rep);
            proposals.extend(found);
        }
        (reps, proposals)
    }

    /// Lift-off, lockout and lowering within one rise of the hips.
    fn span(&self, low: usize, high: usize, next_low: Option<usize>) -> Option<Span> {
        let h = &self.kin.hip_height;
        let v = &self.kin.hip_speed;
        let n = self.n();
        if high <= low || high >= n {
            return None;
        }
        let base = get(h, low);
        let rise = get(h, high) - base;
        let peak = (low..=high).map(|i| get(v, i)).fold(0.0_f64, f64::max);
        if !(rise > 0.0 && peak > 0.0) {
            return None;
        }
        let still = STILL_SHARE * peak;
        let first_at = |share: f64| {
            (low..=high)
                .find(|&i| get(h, i) >= base + share * rise)
                .unwrap_or(high)
        };
        let quarter = first_at(0.25);
        let lift_off = (low..=quarter)
            .rev()
            .find(|&i| get(v, i) <= still)
            .unwrap_or(low);
        // The hips stop rising before the trunk is upright, so lockout is when the weight is
        // nearly at its highest and the trunk nearly at its most upright, once the hips are
        // nearly up. Positions rather than speeds, so a burst early in the pull cannot pass
        // for a stop.
        let nearly = first_at(0.9);
        let bound = next_low.unwrap_or(n - 1).max(nearly);
        let wrist = &self.kin.wrist_up;
        let trunk = &self.kin.trunk;
        let wrist_low = get(wrist, lift_off);
        let (_, wrist_top) = extreme(wrist, lift_off, bound, true);
        let (_, trunk_top) = extreme(trunk, nearly, bound, false);
        let lockout = (nearly..=bound)
            .find(|&i| {
                get(wrist, i) >= wrist_low + LOCKOUT_SHARE * (wrist_top - wrist_low)
                    && get(trunk, i) <= trunk_top + LOCKOUT_TRUNK_DEGREES
            })
            .unwrap_or(bound);
        // The clip ends before the lifter is standing still at the top: the pull is cut off.
        if next_low.is_none() && lockout + 1 >= n {
            return None;
        }
        let max_gap = ((MAX_GAP_SECONDS * self.fps).round() as usize).max(2);
        let mut run = 0;
        for i in lift_off..=lockout {
            if self.usable.get(i).copied().unwrap_or(false) {
                run = 0;
            } else {
                run += 1;
                if run > max_gap {
                    return None;
                }
            }
        }
        let last = n - 1;
        let lowering = next_low.and_then(|low2| {
            if low2 <= high {
                return None;
            }
            let top = get(h, high);
            let drop = top - get(h, low2);
            let down_peak = (high..=low2).map(|i| -get(v, i)).fold(0.0_f64, f64::max);
            if !(drop > 0.0 && down_peak > 0.0) {
                return None;
            }
            let down_still = STILL_SHARE * down_peak;
            let first_below = |share: f64| {
                (high..=low2)
                    .find(|&i| get(h, i) <= top - share * drop)
                    .unwrap_or(low2)
            };
            let start = (lockout..=first_below(0.25).max(lockout))
                .rev()
                .find(|&i| -get(v, i) <= down_still)
                .unwrap_or(lockout);
            let end = (first_below(0.9)..=low2)
                .find(|&i| -get(v, i) <= down_still)
                .unwrap_or(low2);
            Some((start, end.max(start)))
        });
        let (top_end, end) = match lowering {
            Some((start, end)) => (start, end),
            None => (last, last),
        };
        Some(Span {
            lift_off,
            lockout,
            top_end: top_end.max(lockout),
            end: end.max(lockout),
            lowering,
        })
    }

    fn time(&self, i: usize) -> f64 {
        finite(get(self.times, i))
    }

    fn position(&self, moment: Moment, i: usize) -> Position {
        let k = self.kin;
        Position {
            moment,
            frame: i,
            time: self.time(i),
            trunk: get(&k.trunk, i),
            hip: get(&k.hip_angle, i),
            knee: get(&k.knee_angle, i),
            bar: get(&k.bar, i),
        }
    }

    fn measure(&self, number: u32, span: &Span) -> (Rep, Vec<Proposal>) {
        let k = self.kin;
        let Span {
            lift_off,
            lockout,
            top_end,
            end,
            lowering,
        } = *span;
        let mid_shin = (lift_off..=lockout)
            .find(|&i| get(&k.wrist_up, i) >= get(&k.mid_shin_up, i))
            .unwrap_or(lockout);
        let knee_height = (mid_shin..=lockout)
            .find(|&i| get(&k.wrist_up, i) >= get(&k.knee_up, i))
            .unwrap_or(lockout);
        let positions = vec![
            self.position(Moment::LiftOff, lift_off),
            self.position(Moment::MidShin, mid_shin),
            self.position(Moment::KneeHeight, knee_height),
            self.position(Moment::Lockout, lockout),
        ];
        let pull_frames = (lockout - lift_off) as f64;
        let pull_seconds = pull_frames / self.fps;
        let rise = get(&k.wrist_up, lockout) - get(&k.wrist_up, lift_off);
        let pull_speed = if pull_seconds > 0.0 {
            finite(rise / self.leg / pull_seconds)
        } else {
            0.0
        };
        let (lower_seconds, lower_speed) = match lowering {
            Some((start, stop)) => {
                let seconds = (stop - start) as f64 / self.fps;
                let drop = get(&k.wrist_up, start) - get(&k.wrist_up, stop);
                let speed = if seconds > 0.0 {
                    finite(drop / self.leg / seconds)
                } else {
                    0.0
                };
                (Some(seconds), Some(speed))
            }
            None => (None, None),
        };
        let (bar_frame, max_bar_forward) = extreme(&k.bar, lift_off, lockout, true);
        let curve = (lift_off..=end)
            .map(|i| CurvePoint {
                time: (i - lift_off) as f64 / self.fps,
                trunk: get(&k.trunk, i),
                hip: get(&k.hip_angle, i),
                knee: get(&k.knee_angle, i),
            })
            .collect();

        let mut proposals = Vec::new();
        for check in Check::ALL {
            let threshold = self.thresholds.get(check);
            let measured = match check {
                Check::SpineRounding => self.rounding(lift_off, lockout, top_end),
                Check::JerkyStart => self.jerk(lift_off, lockout),
                Check::BarDrift => Some((bar_frame, max_bar_forward)),
                Check::HipsRiseFirst => {
                    // With a high handle the wrists start at knee height: judge the first third
                    // of the pull instead.
                    let until = if knee_height > lift_off {
                        knee_height
                    } else {
                        lift_off + (lockout - lift_off) / 3
                    };
                    let (frame, most) = extreme(&k.trunk, lift_off, until, true);
                    Some((frame, most - get(&k.trunk, lift_off)))
                }
                Check::LockoutHyperextension => {
                    let (frame, trunk) = extreme(&k.trunk, lockout, top_end, false);
                    Some((frame, -trunk))
                }
            };
            if let Some((frame, measured)) = measured
                && measured.is_finite()
                && measured > threshold
            {
                proposals.push(Proposal {
                    check,
                    rep: number,
                    frame,
                    time: self.time(frame),
                    measured,
                    threshold,
                    note: note(check, measured),
                });
            }
        }
        let rep = Rep {
            number,
            lift_off,
            lockout,
            end,
            positions,
            pull_seconds: finite(pull_seconds),
            pull_speed,
            lower_seconds: lower_seconds.map(finite),
            lower_speed,
            max_bar_forward,
            curve,
        };
        (rep, proposals)
    }

    /// Percent by which the hip-to-shoulder distance during the pull falls short of its median
    /// while standing at the top, at the frame where it is shortest.
    fn rounding(&self, lift_off: usize, lockout: usize, top_end: usize) -> Option<(usize, f64)> {
        let chord = &self.kin.chord;
        let top: Vec<f64> = (lockout..=top_end).map(|i| get(chord, i)).collect();
        let standing = median(&top)?;
        if standing.is_nan() || standing <= 0.0 {
            return None;
        }
        let (frame, shortest) = extreme(chord, lift_off, lockout, false);
        Some((frame, (standing - shortest) / standing * 100.0))
    }

    /// The jerky-start ratio (see [`Thresholds::jerky_start_ratio`]) and the frame its fastest
    /// stretch starts.
    fn jerk(&self, lift_off: usize, lockout: usize) -> Option<(usize, f64)> {
        let wrist = &self.kin.wrist_up;
        let frames = (lockout - lift_off) as f64;
        // Below five frames a fifth of the pull is less than one frame: too coarse to judge.
        if frames < 5.0 {
            return None;
        }
        let total = get(wrist, lockout) - get(wrist, lift_off);
        if total.is_nan() || total <= 0.0 {
            return None;
        }
        let window = JERK_WINDOW_SHARE * frames;
        let height = |t: f64| -> f64 {
            let i = t.floor().max(0.0) as usize;
            let frac = t - i as f64;
            get(wrist, i) + (get(wrist, i + 1) - get(wrist, i)) * frac
        };
        let start = lift_off as f64;
        let steps = (window * 4.0).ceil() as usize;
        let mut best = (lift_off, f64::NEG_INFINITY);
        for step in 0..=steps {
            let s = start + window * step as f64 / steps.max(1) as f64;
            let rise = height(s + window) - height(s);
            if rise > best.1 {
                best = (s.round() as usize, rise);
            }
        }
        Some((best.0, best.1 / window / (total / frames)))
    }
}

/// The index and value of the largest (or smallest) value in `from..=to`.
fn extreme(values: &[f64], from: usize, to: usize, largest: bool) -> (usize, f64) {
    let mut best = (from, get(values, from));
    for i in from..=to {
        let v = get(values, i);
        if (largest && v > best.1) || (!largest && v < best.1) {
            best = (i, v);
        }
    }
    best
}

/// Alternating low and high points of `h` where each swing between neighbours is at least
/// `rise`; `true` marks a high. The last point may be where the clip ends mid-swing.
fn turning_points(h: &[f64], rise: f64) -> Vec<(usize, bool)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Way {
        Unknown,
        Rising,
        Falling,
    }
    let mut points = Vec::new();
    let mut way = Way::Unknown;
    let (mut lo, mut hi) = (0, 0);
    for i in 1..h.len() {
        let x = get(h, i);
        match way {
            Way::Unknown => {
                if x - get(h, lo) >= rise {
                    points.push((lo, false));
                    way = Way::Rising;
                    hi = i;
                } else if get(h, hi) - x >= rise {
                    points.push((hi, true));
                    way = Way::Falling;
                    lo = i;
                } else {
                    if x < get(h, lo) {
                        lo = i;
                    }
                    if x > get(h, hi) {
                        hi = i;
                    }
                }
            }
            Way::Rising => {
                if x > get(h, hi) {
                    hi = i;
                } else if get(h, hi) - x >= rise {
                    points.push((hi, true));
                    way = Way::Falling;
                    lo = i;
                }
            }
            Way::Falling => {
                if x < get(h, lo) {
                    lo = i;
                } else if x - get(h, lo) >= rise {
                    points.push((lo, false));
                    way = Way::Rising;
                    hi = i;
                }
            }
        }
    }
    match way {
        Way::Rising => points.push((hi, true)),
        Way::Falling => points.push((lo, false)),
        Way::Unknown => {}
    }
    points
}

/// What a check saw, in plain words.
fn note(check: Check, measured: f64) -> String {
    match check {
        Check::SpineRounding => format!(
            "The distance from your hip to your shoulder shrank by {measured:.0}% on the way up compared with standing tall at the top, which can mean your back rounded. A side-on video can only hint at this: check it with a coach."
        ),
        Check::JerkyStart => format!(
            "The weight left the floor with a jolt: just after lift-off it moved {measured:.1} times as fast as your average for the whole pull. Take the slack out and let the speed build."
        ),
        Check::BarDrift => format!(
            "The weight drifted forward on the way up, to {measured:.0}% of a shin length in front of the middle of your foot."
        ),
        Check::HipsRiseFirst => format!(
            "Your trunk tipped {measured:.0}° further forward between lift-off and knee height: your hips rose before the weight did."
        ),
        Check::LockoutHyperextension => {
            format!("At the top you leaned back {measured:.0}° past upright.")
        }
    }
}

fn at<T: Copy>(values: &[Option<T>], i: usize) -> Option<T> {
    values.get(i).copied().flatten()
}

fn get(values: &[f64], i: usize) -> f64 {
    values.get(i).copied().unwrap_or(0.0)
}

fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

fn median(values: &[f64]) -> Option<f64> {
    let mut kept: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if kept.is_empty() {
        return None;
    }
    kept.sort_by(f64::total_cmp);
    let mid = kept.len() / 2;
    if kept.len() % 2 == 1 {
        kept.get(mid).copied()
    } else {
        Some((kept.get(mid - 1).copied()? + kept.get(mid).copied()?) / 2.0)
    }
}
