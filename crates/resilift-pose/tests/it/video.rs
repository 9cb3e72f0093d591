//! Reading clips: containers, refusals in words, decoding at the analysis rate, and a person
//! found on every frame of a real clip.

use std::path::PathBuf;

use resilift_pose::video::{self, Container, Limits};
use resilift_pose::{PoseError, track};

use crate::{data, model};

#[test]
fn containers_are_recognised_from_their_first_bytes() {
    assert_eq!(
        Container::sniff(b"\0\0\0\x20ftypisom"),
        Some(Container::Mp4)
    );
    assert_eq!(
        Container::sniff(b"\0\0\0\x14ftypqt  "),
        Some(Container::Mp4)
    );
    assert_eq!(
        Container::sniff(&[0x1a, 0x45, 0xdf, 0xa3, 0x01]),
        Some(Container::WebM)
    );
    assert_eq!(Container::sniff(b"GIF89a......"), None);
    assert_eq!(Container::sniff(b"RIFF....AVI "), None);
    assert_eq!(Container::sniff(b""), None);
}

#[test]
fn a_file_that_is_not_a_video_is_refused_before_ffmpeg_reads_it() {
    let folder = tempfile::tempdir().unwrap();
    let fake = folder.path().join("clip.mp4");
    std::fs::write(&fake, "name,weight\nDeadlift,100\n").unwrap();
    let error = video::probe(&fake, &Limits::default()).unwrap_err();
    assert!(matches!(error, PoseError::Format), "{error}");
    assert_eq!(
        error.to_string(),
        "the clip must be an MP4, MOV or WebM video"
    );
}

#[test]
fn a_damaged_clip_is_refused_as_unreadable() {
    let bytes = std::fs::read(data().join("reps.mp4")).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let cut = folder.path().join("cut.mp4");
    // The header survives, the rest is gone.
    std::fs::write(&cut, &bytes[..64]).unwrap();
    let error = video::probe(&cut, &Limits::default()).unwrap_err();
    assert!(matches!(error, PoseError::Unreadable), "{error}");
}

#[test]
fn a_clip_longer_than_the_limit_is_refused_with_both_lengths() {
    let limits = Limits {
        max_seconds: 5.0,
        ..Limits::default()
    };
    let error = video::probe(&data().join("reps.mp4"), &limits).unwrap_err();
    assert!(matches!(error, PoseError::TooLong { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "the clip is 10 seconds long; the longest accepted is 5 seconds — film one set"
    );
}

#[test]
fn a_missing_ffmpeg_is_named_plainly() {
    let limits = Limits {
        ffmpeg: PathBuf::from("/nonexistent/ffmpeg"),
        ..Limits::default()
    };
    let error = video::probe(&data().join("reps.mp4"), &limits).unwrap_err();
    assert!(matches!(error, PoseError::FfmpegMissing), "{error}");
    assert!(error.to_string().contains("ffmpeg is not installed"));
}

#[test]
fn a_portrait_phone_clip_is_probed_and_decoded_at_the_analysis_rate() {
    let clip = data().join("pose2sim/cam01.mp4");
    let probe = video::probe(&clip, &Limits::default()).unwrap();
    assert_eq!((probe.width, probe.height), (1080, 1920));
    assert!((probe.fps - 60.0).abs() < 0.5);
    assert_eq!(video::output_size(&probe, 640), (360, 640));
    let mut pictures = 0;
    video::frames(&clip, &probe, &Limits::default(), |picture| {
        assert_eq!(picture.rgb.len(), 360 * 640 * 3);
        pictures += 1;
        true
    })
    .unwrap();
    // 1.67 s at 15 frames a second.
    assert!((24..=26).contains(&pictures), "{pictures}");
}

#[test]
fn the_person_is_found_on_every_frame_of_the_rep_clip() {
    let track = track(&data().join("reps.mp4"), model(), &Limits::default()).unwrap();
    assert_eq!(track.frames.len(), 150);
    let found = track
        .frames
        .iter()
        .filter(|f| f.landmarks.is_some())
        .count();
    assert_eq!(found, 150);
    assert!((track.fps - 15.0).abs() < 1e-9);
    assert!(track.frames.windows(2).all(|w| w[1].time > w[0].time));
}

/// A clip's length is counted from its frames: one whose header understates it (here, a probe
/// that passed a 10 s clip against a 5 s limit) is stopped as soon as its frames pass the limit,
/// not decoded to the end.
#[test]
fn a_clip_longer_than_its_header_says_is_stopped_at_the_limit() {
    let clip = data().join("reps.mp4");
    let probe = video::probe(&clip, &Limits::default()).unwrap();
    let limits = Limits {
        max_seconds: 5.0,
        ..Limits::default()
    };
    let mut pictures = 0;
    let error = video::frames(&clip, &probe, &limits, |_| {
        pictures += 1;
        true
    })
    .unwrap_err();
    assert!(matches!(error, PoseError::TooLong { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("the longest accepted is 5 seconds"),
        "{error}"
    );
    // 5 s at 15 frames a second, and the one frame of slack.
    assert!(pictures <= 76, "{pictures} frames were analysed");
}

/// Makes a damaged H.264 clip that makes ffmpeg write far more errors than a pipe holds
/// (about 100 KB), as a corrupted upload would.
fn clip_that_floods_errors(folder: &std::path::Path) -> PathBuf {
    let base = folder.join("base.mp4");
    let made = std::process::Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=640x480:rate=30",
        ])
        .args([
            "-t",
            "40",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "300",
        ])
        .args(["-movflags", "+faststart", "-y"])
        .arg(&base)
        .status()
        .unwrap();
    assert!(made.success(), "ffmpeg could not make the test clip");
    let mut bytes = std::fs::read(&base).unwrap();
    let start = bytes.windows(4).position(|w| w == b"mdat").unwrap() + 2004;
    for k in (start..bytes.len()).step_by(997) {
        bytes[k] ^= 0xff;
    }
    let corrupt = folder.join("corrupt.mp4");
    std::fs::write(&corrupt, bytes).unwrap();
    corrupt
}

/// A clip that floods ffmpeg's error output still finishes (its errors are drained while the
/// frames are read) instead of hanging with ffmpeg blocked on a full pipe.
#[test]
fn a_clip_that_floods_ffmpegs_error_output_does_not_hang() {
    let folder = tempfile::tempdir().unwrap();
    let clip = clip_that_floods_errors(folder.path());
    let flood = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(&clip)
        .args(["-f", "null", "-"])
        .output()
        .unwrap();
    assert!(
        flood.stderr.len() > 64 * 1024,
        "the clip should flood ffmpeg's error output, gave {} bytes",
        flood.stderr.len()
    );
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let limits = Limits::default();
        let outcome = video::probe(&clip, &limits)
            .and_then(|probe| video::frames(&clip, &probe, &limits, |_| true));
        let _ = done.send(outcome.map(|_| ()));
    });
    let outcome = finished
        .recv_timeout(std::time::Duration::from_secs(100))
        .expect("decoding a clip that floods ffmpeg's errors never ended");
    // Decoded with damaged pictures, or refused in words: either way an answer.
    if let Err(error) = outcome {
        assert!(!error.to_string().is_empty());
    }
}

/// The whole analysis has a deadline: when it passes, ffmpeg is stopped and the person is told,
/// however slow each frame was.
#[test]
fn an_analysis_past_its_deadline_is_stopped_and_says_so() {
    let clip = data().join("reps.mp4");
    let limits = Limits {
        max_analysis: std::time::Duration::from_secs(1),
        ..Limits::default()
    };
    let probe = video::probe(&clip, &limits).unwrap();
    let started = std::time::Instant::now();
    let error = video::frames(&clip, &probe, &limits, |_| {
        // Stands in for a pose model that needs 100 ms of work a frame on a slow machine.
        let busy_until = std::time::Instant::now() + std::time::Duration::from_millis(100);
        while std::time::Instant::now() < busy_until {
            std::hint::spin_loop();
        }
        true
    })
    .unwrap_err();
    assert!(matches!(error, PoseError::TimedOut { .. }), "{error}");
    assert!(
        error.to_string().contains("took longer than 1 seconds"),
        "{error}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
