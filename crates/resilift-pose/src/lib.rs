//! The form check's pose stage. `resilift models install` puts the BlazePose landmark models in
//! the data folder ([`models`]); a clip is probed and decoded by ffmpeg ([`video`]); each frame's
//! body landmarks are found on the CPU with `tract` ([`pose`]). The result is a
//! [`resilift_form::Track`], which `resilift-form` turns into reps, angles and faults.

pub mod fold;
pub mod models;
pub mod pose;
pub mod video;

use std::path::Path;

use resilift_form::{Frame, Track};

pub use models::Variant;
pub use video::Limits;

/// Why a clip could not be analysed, in words for the person who sent it.
#[derive(Debug, thiserror::Error)]
pub enum PoseError {
    /// ffmpeg is not installed.
    #[error(
        "ffmpeg is not installed on this server, so clips cannot be read; install Debian's `ffmpeg` package (apt-get install ffmpeg)"
    )]
    FfmpegMissing,
    /// The pose models are not installed.
    #[error("the pose models are not installed; run `resilift models install` once on this server")]
    NotInstalled,
    /// Not an accepted container.
    #[error("the clip must be an MP4, MOV or WebM video")]
    Format,
    /// ffprobe could not read it.
    #[error("the clip could not be read as a video; it may be damaged or cut short")]
    Unreadable,
    /// No picture in it.
    #[error("the file has no video in it")]
    NoVideo,
    /// Too long.
    #[error(
        "the clip is {seconds:.0} seconds long; the longest accepted is {max:.0} seconds — film one set"
    )]
    TooLong {
        /// Its length.
        seconds: f64,
        /// The limit.
        max: f64,
    },
    /// The analysis passed its time limit and was stopped.
    #[error(
        "the clip took longer than {seconds:.0} seconds to analyse and was stopped; film one set of a few repetitions and try again"
    )]
    TimedOut {
        /// The limit.
        seconds: f64,
    },
    /// Decoding failed.
    #[error("{0}")]
    Video(String),
    /// The model failed to load or run.
    #[error("the pose model failed: {0}")]
    Model(String),
    /// Installing the models failed.
    #[error("{0}")]
    Install(String),
    /// The tarball is not the pinned one.
    #[error(
        "the package's integrity hash does not match the pinned one (found {found}); it was not installed"
    )]
    Integrity {
        /// The hash found.
        found: String,
    },
}

/// Finds the lifter's landmarks on every analysed frame of a clip.
///
/// # Errors
/// When the clip breaks a limit, cannot be decoded, or the model fails.
pub fn track(clip: &Path, model: &pose::PoseModel, limits: &Limits) -> Result<Track, PoseError> {
    track_with(clip, model, limits, |_, _| {})
}

/// [`track`], handing each frame's full result (with the model's 3D landmarks) to `each` as
/// well.
///
/// # Errors
/// As [`track`].
pub fn track_with(
    clip: &Path,
    model: &pose::PoseModel,
    limits: &Limits,
    mut each: impl FnMut(usize, Option<&pose::Found>),
) -> Result<Track, PoseError> {
    let probe = video::probe(clip, limits)?;
    let (width, height) = video::output_size(&probe, limits.max_side);
    let mut tracker = pose::Tracker::new(model);
    let mut frames = Vec::new();
    let mut failure = None;
    let fps = video::frames(clip, &probe, limits, |picture| {
        #[allow(clippy::cast_precision_loss)]
        let time = frames.len() as f64;
        match tracker.next(&picture) {
            Ok(found) => {
                each(frames.len(), found.as_ref());
                frames.push(Frame {
                    time,
                    landmarks: found.map(|f| f.landmarks),
                });
                true
            }
            Err(e) => {
                failure = Some(e);
                false
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    for frame in &mut frames {
        frame.time /= fps;
    }
    Ok(Track {
        width,
        height,
        fps,
        frames,
    })
}
