//! Reading a clip: what it is (ffprobe) and its frames as RGB (ffmpeg), both run as
//! subprocesses from Debian's `ffmpeg` package.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::PoseError;

/// The containers a clip may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// MP4 or QuickTime (MOV): what phones record.
    Mp4,
    /// WebM: what browsers record.
    WebM,
}

impl Container {
    /// Recognises a clip from its first bytes, before anything else reads it.
    #[must_use]
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(&[0x1a, 0x45, 0xdf, 0xa3]) {
            return Some(Self::WebM);
        }
        let brand = head.get(4..8)?;
        [b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"]
            .iter()
            .any(|b| brand == *b)
            .then_some(Self::Mp4)
    }
}

/// The limits a clip must keep, and the ffmpeg that reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// The longest clip, in seconds.
    pub max_seconds: f64,
    /// Frames analysed per second (the clip's own rate when lower).
    pub fps: f64,
    /// Frames are scaled so that their longer side is at most this many pixels.
    pub max_side: u32,
    /// The ffmpeg program (`ffprobe` is looked for beside it).
    pub ffmpeg: PathBuf,
    /// The longest the decoding and pose finding of one clip may take; ffmpeg is stopped
    /// when it is reached.
    pub max_analysis: Duration,
}

impl Limits {
    /// The ffprobe program beside `ffmpeg`.
    #[must_use]
    pub fn ffprobe(&self) -> PathBuf {
        let name = self
            .ffmpeg
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("ffmpeg");
        self.ffmpeg
            .with_file_name(name.replacen("ffmpeg", "ffprobe", 1))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_seconds: 60.0,
            fps: 15.0,
            max_side: 640,
            ffmpeg: PathBuf::from("ffmpeg"),
            max_analysis: Duration::from_secs(120),
        }
    }
}

/// What ffprobe says about a clip.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// Width of the picture as shown (after any rotation the phone recorded).
    pub width: u32,
    /// Height of the picture as shown.
    pub height: u32,
    /// Length in seconds.
    pub seconds: f64,
    /// The clip's own frame rate.
    pub fps: f64,
}

#[derive(Deserialize)]
struct ProbeOut {
    #[serde(default)]
    streams: Vec<ProbeStream>,
    format: Option<ProbeFormat>,
}

#[derive(Deserialize)]
struct ProbeStream {
    codec_type: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    avg_frame_rate: Option<String>,
    r_frame_rate: Option<String>,
    duration: Option<String>,
    #[serde(default)]
    side_data_list: Vec<serde_json::Value>,
    #[serde(default)]
    tags: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct ProbeFormat {
    format_name: Option<String>,
    duration: Option<String>,
}

fn missing(tool: &str, err: &std::io::Error) -> PoseError {
    if err.kind() == std::io::ErrorKind::NotFound {
        PoseError::FfmpegMissing
    } else {
        PoseError::Video(format!("could not run {tool}: {err}"))
    }
}

fn rate(text: Option<&str>) -> Option<f64> {
    let text = text?;
    let (n, d) = text.split_once('/').unwrap_or((text, "1"));
    let (n, d) = (n.parse::<f64>().ok()?, d.parse::<f64>().ok()?);
    (n > 0.0 && d > 0.0).then(|| n / d)
}

/// Asks ffprobe what the clip is, and checks it against the limits.
///
/// # Errors
/// When ffprobe is missing, the file is not a video in an accepted container, or the clip is
/// too long.
pub fn probe(path: &Path, limits: &Limits) -> Result<Probe, PoseError> {
    let mut head = [0_u8; 12];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| PoseError::Video(format!("could not read the clip: {e}")))?;
    let container = Container::sniff(&head[..n]).ok_or(PoseError::Format)?;
    let out = Command::new(limits.ffprobe())
        .args([
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
        ])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| missing("ffprobe", &e))?;
    if !out.status.success() {
        return Err(PoseError::Unreadable);
    }
    let info: ProbeOut = serde_json::from_slice(&out.stdout).map_err(|_| PoseError::Unreadable)?;
    let format = info.format.ok_or(PoseError::Unreadable)?;
    let name = format.format_name.unwrap_or_default();
    let accepted = match container {
        Container::Mp4 => name.contains("mp4") || name.contains("mov"),
        Container::WebM => name.contains("webm") || name.contains("matroska"),
    };
    if !accepted {
        return Err(PoseError::Format);
    }
    let stream = info
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("video"))
        .ok_or(PoseError::NoVideo)?;
    let (Some(mut width), Some(mut height)) = (stream.width, stream.height) else {
        return Err(PoseError::NoVideo);
    };
    let rotation = stream
        .side_data_list
        .iter()
        .find_map(|d| d.get("rotation").and_then(serde_json::Value::as_f64))
        .or_else(|| {
            stream
                .tags
                .get("rotate")
                .and_then(|r| r.as_str()?.parse().ok())
        })
        .unwrap_or(0.0);
    if (rotation.abs() - 90.0).abs() < 1.0 || (rotation.abs() - 270.0).abs() < 1.0 {
        std::mem::swap(&mut width, &mut height);
    }
    let seconds = format
        .duration
        .as_deref()
        .or(stream.duration.as_deref())
        .and_then(|d| d.parse::<f64>().ok())
        .filter(|d| d.is_finite() && *d > 0.0)
        .ok_or(PoseError::Unreadable)?;
    if seconds > limits.max_seconds {
        return Err(PoseError::TooLong {
            seconds,
            max: limits.max_seconds,
        });
    }
    let fps = rate(stream.avg_frame_rate.as_deref())
        .or_else(|| rate(stream.r_frame_rate.as_deref()))
        .unwrap_or(limits.fps);
    if width == 0 || height == 0 {
        return Err(PoseError::NoVideo);
    }
    Ok(Probe {
        width,
        height,
        seconds,
        fps,
    })
}

/// An RGB picture, row by row, three bytes a pixel.
#[derive(Debug, Clone)]
pub struct Picture {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height × 3` bytes.
    pub rgb: Vec<u8>,
}

/// The output size for a probed clip: the longer side at most `max_side`, both sides even.
#[must_use]
pub fn output_size(probe: &Probe, max_side: u32) -> (u32, u32) {
    let longer = probe.width.max(probe.height);
    let scale = (f64::from(max_side) / f64::from(longer)).min(1.0);
    let even = |v: u32| -> u32 {
        let scaled = (f64::from(v) * scale).round();
        // Bounded by the probed size, so the cast cannot overflow.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let px = scaled as u32;
        (px / 2 * 2).max(2)
    };
    (even(probe.width), even(probe.height))
}

/// How much of ffmpeg's error output is kept (the first line is what a person is told).
const KEPT_ERRORS: usize = 4096;

/// Reads all of a pipe on a thread of its own, keeping at most the first `keep` bytes, so
/// that a program writing many errors never blocks on a full pipe.
fn drain(mut pipe: impl Read + Send + 'static, keep: usize) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buffer = [0_u8; 8192];
        loop {
            match pipe.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = keep.saturating_sub(kept.len());
                    kept.extend_from_slice(&buffer[..n.min(room)]);
                }
            }
        }
        kept
    })
}

/// Decodes the clip at the analysis rate and hands each picture to `each`, in order; stops
/// early when `each` returns `false`.
///
/// The clip's length is measured from the frames themselves, not taken from its header: once
/// more frames arrive than `max_seconds` allows, ffmpeg is stopped and the clip refused as too
/// long. The whole run (decoding and `each`) has [`Limits::max_analysis`]; ffmpeg is stopped
/// when it passes. ffmpeg's error output is drained on its own thread (only its start kept),
/// so no amount of it can stall the decoding.
///
/// # Errors
/// When ffmpeg is missing or fails to decode the clip, the clip is longer than allowed, or the
/// analysis takes longer than allowed.
pub fn frames(
    path: &Path,
    probe: &Probe,
    limits: &Limits,
    mut each: impl FnMut(Picture) -> bool,
) -> Result<f64, PoseError> {
    let started = Instant::now();
    let fps = limits.fps.min(probe.fps).max(1.0);
    let (width, height) = output_size(probe, limits.max_side);
    // One frame of slack for rounding at either end of the clip.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let max_frames = (limits.max_seconds * fps).ceil() as usize + 1;
    let mut child = Command::new(&limits.ffmpeg)
        .args(["-v", "error", "-nostdin", "-i"])
        .arg(path)
        .args([
            "-an",
            "-vf",
            &format!("fps={fps},scale={width}:{height}"),
            "-frames:v",
            &(max_frames + 1).to_string(),
            "-pix_fmt",
            "rgb24",
            "-f",
            "rawvideo",
            "pipe:1",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| missing("ffmpeg", &e))?;
    let errors = child.stderr.take().map(|pipe| drain(pipe, KEPT_ERRORS));
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| PoseError::Video("ffmpeg gave no output".into()))?;
    let size = width as usize * height as usize * 3;
    // Frames are read on a thread of their own, so that this one can keep the deadline while
    // a read waits on ffmpeg.
    let (send, receive) = mpsc::sync_channel::<std::io::Result<Vec<u8>>>(2);
    let reader = std::thread::spawn(move || {
        loop {
            let mut rgb = vec![0_u8; size];
            let read = match stdout.read_exact(&mut rgb) {
                Ok(()) => Ok(rgb),
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                Err(e) => Err(e),
            };
            let failed = read.is_err();
            if send.send(read).is_err() || failed {
                break;
            }
        }
    });
    let mut outcome: Result<(), PoseError> = Ok(());
    let mut stopped = false;
    let mut count = 0_usize;
    loop {
        let left = limits.max_analysis.saturating_sub(started.elapsed());
        let rgb = match receive.recv_timeout(left) {
            Ok(Ok(rgb)) => rgb,
            Ok(Err(e)) => {
                outcome = Err(PoseError::Video(format!("reading frames: {e}")));
                break;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                outcome = Err(PoseError::TimedOut {
                    seconds: limits.max_analysis.as_secs_f64(),
                });
                break;
            }
        };
        count += 1;
        if count > max_frames {
            #[allow(clippy::cast_precision_loss)]
            let seconds = count as f64 / fps;
            outcome = Err(PoseError::TooLong {
                seconds,
                max: limits.max_seconds,
            });
            break;
        }
        if !each(Picture { width, height, rgb }) {
            stopped = true;
            break;
        }
        if started.elapsed() > limits.max_analysis {
            outcome = Err(PoseError::TimedOut {
                seconds: limits.max_analysis.as_secs_f64(),
            });
            break;
        }
    }
    let finished = outcome.is_ok() && !stopped;
    if !finished {
        let _ = child.kill();
    }
    drop(receive);
    let status = child.wait().map_err(|e| PoseError::Video(e.to_string()))?;
    let _ = reader.join();
    let errors = errors
        .and_then(|thread| thread.join().ok())
        .unwrap_or_default();
    outcome?;
    if finished && !status.success() {
        let text = String::from_utf8_lossy(&errors);
        let first = text.lines().next().unwrap_or("unknown error");
        return Err(PoseError::Video(format!(
            "ffmpeg could not decode the clip: {first}"
        )));
    }
    Ok(fps)
}
