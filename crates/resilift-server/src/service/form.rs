//! The form check from a video (experimental). A clip of one set, filmed from the side, is
//! written to a temporary file as it arrives, decoded by ffmpeg, and each frame's body
//! landmarks are found by the pose model on this server's CPU (`resilift-pose`); reps, angles
//! and proposed faults come from `resilift-form`. The clip is then deleted unless the server
//! keeps clips. A proposed fault counts for nothing until the lifter confirms it: it then joins
//! the session's logged faults, which the next plan reads like any other; dismissing it takes it
//! out again, unless the lifter had logged that fault themselves or confirmed it on another
//! proposal.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use futures_util::StreamExt as _;
use resilift_api::next::SessionDto;
use resilift_api::{ErrorCode, EvidenceRef, evidence_refs};
use resilift_core::form::Fault;
use resilift_form::analysis::Moment;
use resilift_form::{Analysis, Check, Thresholds, Track};
use resilift_pose::PoseError;
use resilift_pose::pose::PoseModel;
use resilift_store::{FormCheck, Session};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::io::AsyncWriteExt as _;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id};

/// What the page and the API say about how far the checks can be trusted.
pub(crate) const EXPERIMENTAL: &str = "Experimental: these are hints to check, not a diagnosis. The form check sees the positions of your joints from the side; it cannot see the curve of your spine or the bar. Its checks were tried on simulated lifts and on real people filmed by several cameras, not yet on people with back pain.";

/// The loaded pose model (loaded on first use, after `resilift models install`) and the gate
/// that lets one clip be analysed at a time, so analyses never starve the rest of the server.
pub(crate) struct Runtime {
    model: Mutex<Option<(resilift_pose::Variant, Arc<PoseModel>)>>,
    gate: Arc<tokio::sync::Semaphore>,
}

impl Default for Runtime {
    fn default() -> Self {
        Self {
            model: Mutex::new(None),
            gate: Arc::new(tokio::sync::Semaphore::new(1)),
        }
    }
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("form::Runtime")
    }
}

impl Runtime {
    fn model(
        &self,
        data_dir: &Path,
        variant: resilift_pose::Variant,
    ) -> Result<Arc<PoseModel>, PoseError> {
        let mut slot = self
            .model
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((loaded, model)) = slot.as_ref()
            && *loaded == variant
        {
            return Ok(Arc::clone(model));
        }
        let model = Arc::new(PoseModel::load(&resilift_pose::models::path(
            data_dir, variant,
        )?)?);
        *slot = Some((variant, Arc::clone(&model)));
        Ok(model)
    }
}

/// A clip on disk while it is analysed; the file goes when this does, unless it was kept.
#[derive(Debug)]
pub(crate) struct Clip {
    path: PathBuf,
    extension: &'static str,
}

impl Drop for Clip {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn upload_folder(state: &AppState) -> PathBuf {
    state.settings().data_dir.join("uploads")
}

/// The media types a clip may be sent as, and the file extension each is kept under.
pub(crate) fn media_type(content_type: Option<&str>) -> Option<&'static str> {
    let kind = content_type?.split(';').next()?.trim().to_ascii_lowercase();
    match kind.as_str() {
        "video/mp4" => Some("mp4"),
        "video/quicktime" => Some("mov"),
        "video/webm" => Some("webm"),
        _ => None,
    }
}

fn too_large(state: &AppState) -> ApiError {
    ApiError::new(
        ErrorCode::TooLarge,
        format!(
            "the clip is larger than {} MB: film one set, from the side",
            state.settings().form.max_upload_bytes / (1024 * 1024)
        ),
    )
}

/// The slowest upload kept going once a minute has passed: 16 KiB a second on average (a
/// 200 MB clip at that rate would take three and a half hours), so a client trickling bytes
/// cannot hold a clip half-written on disk.
const SLOWEST_UPLOAD_BYTES_PER_S: u64 = 16 * 1024;

fn too_slow(received: u64, elapsed: std::time::Duration) -> bool {
    elapsed > std::time::Duration::from_secs(60)
        && received < SLOWEST_UPLOAD_BYTES_PER_S.saturating_mul(elapsed.as_secs())
}

/// Writes an arriving clip to a temporary file, refusing it once it passes the size limit, when
/// it arrives too slowly, or when the disk is nearly full (`min_free_mb`).
pub(crate) async fn receive<S, E>(
    state: &AppState,
    mut chunks: S,
    extension: &'static str,
) -> ApiResult<Clip>
where
    S: futures_util::Stream<Item = Result<axum::body::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    crate::limits::check_free_space(state)?;
    let folder = upload_folder(state);
    tokio::fs::create_dir_all(&folder)
        .await
        .map_err(|e| ApiError::from_io(&e))?;
    let clip = Clip {
        path: folder.join(format!("{}.{extension}", new_id())),
        extension,
    };
    let mut file = tokio::fs::File::create(&clip.path)
        .await
        .map_err(|e| ApiError::from_io(&e))?;
    let limit = state.settings().form.max_upload_bytes;
    let started = std::time::Instant::now();
    let mut size = 0_u64;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::field(
                ErrorCode::InvalidInput,
                "video",
                format!("the upload did not arrive whole: {e}"),
            )
        })?;
        size += chunk.len() as u64;
        if size > limit {
            return Err(too_large(state));
        }
        if too_slow(size, started.elapsed()) {
            return Err(ApiError::field(
                ErrorCode::InvalidInput,
                "video",
                "the upload was too slow to finish: try again on a better connection",
            ));
        }
        file.write_all(&chunk)
            .await
            .map_err(|e| ApiError::from_io(&e))?;
    }
    file.flush().await.map_err(|e| ApiError::from_io(&e))?;
    file.sync_all().await.map_err(|e| ApiError::from_io(&e))?;
    if size == 0 {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "video",
            "the clip is empty: choose a video of one set",
        ));
    }
    Ok(clip)
}

/// A fault check's proposal, on the wire.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub(crate) struct ProposalView {
    /// Its number in this check, from 1 (used to confirm or dismiss it).
    pub(crate) number: usize,
    /// The fault it proposes, as logged: `spine_rounding`, `jerky_start`, `bar_drift`,
    /// `hips_rise_first` or `lockout_hyperextension`.
    pub(crate) fault: String,
    /// The fault's name.
    pub(crate) label: String,
    /// The cue that fixes it.
    pub(crate) cue: String,
    /// What was measured, in words.
    pub(crate) note: String,
    /// The rep it was seen on, from 1.
    pub(crate) rep: u32,
    /// Seconds into the clip where it was seen.
    pub(crate) seconds: f64,
    /// The analysed frame where it was seen (its landmarks are in the export).
    pub(crate) frame: usize,
    /// The measurement.
    pub(crate) measured: f64,
    /// The threshold it passed.
    pub(crate) threshold: f64,
    /// The unit of both: `degrees`, `percent` or `ratio`.
    pub(crate) unit: String,
    /// `proposed` (counts for nothing yet), `confirmed` (counts in the session's log and the
    /// next plan) or `dismissed`.
    pub(crate) decision: String,
    /// The rule describing the fault.
    pub(crate) rule: String,
    /// Its sources with their levels.
    pub(crate) evidence: Vec<EvidenceRef>,
}

/// Joint angles at one moment of a rep.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub(crate) struct PositionView {
    /// `lift_off`, `mid_shin`, `knee_height` or `lockout`.
    pub(crate) moment: String,
    /// Seconds into the clip.
    pub(crate) seconds: f64,
    /// Trunk (shoulder to hip) against vertical, degrees; positive leans forward.
    pub(crate) trunk: f64,
    /// Hip angle (shoulder, hip, knee), degrees; 180 is straight.
    pub(crate) hip: f64,
    /// Knee angle (hip, knee, ankle), degrees; 180 is straight.
    pub(crate) knee: f64,
    /// Hands ahead of mid-foot, in percent of the shin's length.
    pub(crate) bar: f64,
}

/// One rep.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub(crate) struct RepView {
    /// From 1.
    pub(crate) number: u32,
    /// Lift-off, mid-shin, knee height and lockout.
    pub(crate) positions: Vec<PositionView>,
    /// Seconds from lift-off to lockout.
    pub(crate) pull_seconds: f64,
    /// Average upward speed of the hands during the pull, in leg lengths a second.
    pub(crate) pull_speed: f64,
    /// Seconds from lockout back to the floor (absent when the clip ends first).
    pub(crate) lower_seconds: Option<f64>,
    /// Average downward speed while lowering, in leg lengths a second.
    pub(crate) lower_speed: Option<f64>,
    /// The furthest the hands went ahead of mid-foot during the pull, percent of the shin.
    pub(crate) max_bar_forward: f64,
}

/// What a clip showed.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ClipView {
    /// How far to trust it.
    pub(crate) experimental: String,
    /// The pose model: `full` or `lite`.
    pub(crate) model: String,
    /// Frames analysed.
    pub(crate) frames: usize,
    /// Frames where a person was found.
    pub(crate) frames_with_person: usize,
    /// `left` or `right`: the side of the body facing the camera.
    pub(crate) side: String,
    /// Reps found.
    pub(crate) reps: Vec<RepView>,
    /// Faults proposed, each waiting for the lifter's decision.
    pub(crate) proposals: Vec<ProposalView>,
    /// The disclaimer.
    pub(crate) disclaimer: String,
}

impl ClipView {
    /// The result in plain words, for the command line.
    #[must_use]
    pub fn summary(&self) -> String {
        use std::fmt::Write as _;
        let mut text = format!(
            "{}\n\nA person was found on {} of {} frames, seen from the {} side. Reps found: {}.\n",
            self.experimental,
            self.frames_with_person,
            self.frames,
            self.side,
            self.reps.len()
        );
        for rep in &self.reps {
            let _ = writeln!(
                text,
                "\nRep {}: pull {:.2} s, lowering {}.",
                rep.number,
                rep.pull_seconds,
                rep.lower_seconds
                    .map_or_else(|| "not in the clip".to_owned(), |s| format!("{s:.2} s"))
            );
            for p in &rep.positions {
                let moment = match p.moment.as_str() {
                    "lift_off" => Moment::LiftOff.label(),
                    "mid_shin" => Moment::MidShin.label(),
                    "knee_height" => Moment::KneeHeight.label(),
                    _ => Moment::Lockout.label(),
                };
                let _ = writeln!(
                    text,
                    "  {moment:<12} trunk {:>5.1}°  hip {:>5.1}°  knee {:>5.1}°  hands ahead of mid-foot {:>5.1}% of shin",
                    p.trunk, p.hip, p.knee, p.bar
                );
            }
        }
        if self.proposals.is_empty() {
            text.push_str("\nNo faults proposed.\n");
        } else {
            text.push_str("\nProposed faults (they count only once confirmed in the app):\n");
            for p in &self.proposals {
                let _ = writeln!(
                    text,
                    "- {} (rep {}, {:.1} s): {}\n  Cue: {}",
                    p.label, p.rep, p.seconds, p.note, p.cue
                );
            }
        }
        let _ = write!(text, "\n{}\n", self.disclaimer);
        text
    }
}

/// A stored form check.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub(crate) struct FormCheckView {
    /// Id.
    pub(crate) id: String,
    /// The session the clip is of.
    pub(crate) session_id: String,
    /// When it was analysed.
    pub(crate) created_at: String,
    /// Whether the clip was kept on the server.
    pub(crate) video_kept: bool,
    /// What the clip showed.
    #[serde(flatten)]
    pub(crate) result: ClipView,
}

/// A decision on a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Decision {
    /// It happened: count it.
    Confirmed,
    /// It did not: leave it out.
    Dismissed,
}

/// `POST /form-checks/{id}/proposals/{number}`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecisionRequest {
    /// `confirmed` or `dismissed`.
    pub(crate) decision: Decision,
}

/// The logged fault a check proposes.
pub(crate) fn fault_of(check: Check) -> Fault {
    match check {
        Check::SpineRounding => Fault::SpineRounding,
        Check::JerkyStart => Fault::JerkyStart,
        Check::BarDrift => Fault::BarDrift,
        Check::HipsRiseFirst => Fault::HipsRiseFirst,
        Check::LockoutHyperextension => Fault::LockoutHyperextension,
    }
}

fn unit_of(check: Check) -> &'static str {
    match check {
        Check::JerkyStart => "ratio",
        Check::BarDrift | Check::SpineRounding => "percent",
        Check::HipsRiseFirst | Check::LockoutHyperextension => "degrees",
    }
}

fn moment_id(moment: Moment) -> &'static str {
    match moment {
        Moment::LiftOff => "lift_off",
        Moment::MidShin => "mid_shin",
        Moment::KneeHeight => "knee_height",
        Moment::Lockout => "lockout",
    }
}

fn round(value: f64, places: i32) -> f64 {
    let scale = 10_f64.powi(places);
    (value * scale).round() / scale
}

/// The stored record's analysis and decisions, read back.
pub(crate) struct Parsed {
    pub(crate) analysis: Analysis,
    pub(crate) decisions: Vec<String>,
}

pub(crate) fn parse(check: &FormCheck) -> ApiResult<Parsed> {
    let analysis: Analysis =
        serde_json::from_str(&check.analysis).map_err(|e| ApiError::internal(&e))?;
    let decisions: Vec<String> =
        serde_json::from_str(&check.decisions).map_err(|e| ApiError::internal(&e))?;
    Ok(Parsed {
        analysis,
        decisions,
    })
}

/// The view of a stored check.
pub(crate) fn view(check: &FormCheck) -> ApiResult<FormCheckView> {
    let Parsed {
        analysis,
        decisions,
    } = parse(check)?;
    Ok(FormCheckView {
        id: check.id.clone(),
        session_id: check.session_id.clone(),
        created_at: check
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        video_kept: check.video.is_some(),
        result: clip_view(&analysis, &decisions, &check.model),
    })
}

/// What an analysis showed, with each proposal's decision.
pub(crate) fn clip_view(analysis: &Analysis, decisions: &[String], model: &str) -> ClipView {
    let proposals = analysis
        .proposals
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let fault = fault_of(p.check);
            ProposalView {
                number: i + 1,
                fault: fault.id().to_owned(),
                label: fault.label().to_owned(),
                cue: fault.cue().to_owned(),
                note: p.note.clone(),
                rep: p.rep,
                seconds: round(p.time, 2),
                frame: p.frame,
                measured: round(p.measured, 1),
                threshold: round(p.threshold, 1),
                unit: unit_of(p.check).to_owned(),
                decision: decisions
                    .get(i)
                    .map_or("proposed", |d| d.split('+').next().unwrap_or("proposed"))
                    .to_owned(),
                rule: fault.rule().id.to_owned(),
                evidence: evidence_refs(fault.rule()),
            }
        })
        .collect();
    let reps = analysis
        .reps
        .iter()
        .map(|rep| RepView {
            number: rep.number,
            positions: rep
                .positions
                .iter()
                .map(|p| PositionView {
                    moment: moment_id(p.moment).to_owned(),
                    seconds: round(p.time, 2),
                    trunk: round(p.trunk, 1),
                    hip: round(p.hip, 1),
                    knee: round(p.knee, 1),
                    bar: round(p.bar, 1),
                })
                .collect(),
            pull_seconds: round(rep.pull_seconds, 2),
            pull_speed: round(rep.pull_speed, 2),
            // A lowering too short to time (the clip ends, or the next pull starts at once) is
            // left out rather than shown as zero.
            lower_seconds: rep.lower_seconds.filter(|s| *s > 0.0).map(|s| round(s, 2)),
            lower_speed: rep
                .lower_seconds
                .filter(|s| *s > 0.0)
                .and(rep.lower_speed)
                .map(|s| round(s, 2)),
            max_bar_forward: round(rep.max_bar_forward, 1),
        })
        .collect();
    ClipView {
        experimental: EXPERIMENTAL.to_owned(),
        model: model.to_owned(),
        frames: analysis.frames,
        frames_with_person: analysis.frames_with_pose,
        side: match analysis.side {
            resilift_form::analysis::Side::Left => "left".to_owned(),
            resilift_form::analysis::Side::Right => "right".to_owned(),
        },
        reps,
        proposals,
        disclaimer: resilift_core::DISCLAIMER.to_owned(),
    }
}

/// `resilift form VIDEO`: analyses a clip on this machine with the server's settings and
/// models, storing nothing.
///
/// # Errors
/// When the clip breaks a limit, cannot be read, shows no person, or the models or ffmpeg are
/// missing; the message says which.
pub fn analyse_file(settings: &crate::Settings, clip: &Path) -> Result<ClipView, ClipError> {
    let form = &settings.form;
    let sorted = |e: PoseError| match e {
        PoseError::Format
        | PoseError::Unreadable
        | PoseError::NoVideo
        | PoseError::TooLong { .. }
        | PoseError::TimedOut { .. }
        | PoseError::Video(_) => ClipError::Clip(e.to_string()),
        _ => ClipError::Unavailable(e.to_string()),
    };
    let model = resilift_pose::models::path(&settings.data_dir, form.model)
        .and_then(|path| PoseModel::load(&path))
        .map_err(sorted)?;
    let size = std::fs::metadata(clip)
        .map_err(|e| ClipError::Clip(format!("cannot read {}: {e}", clip.display())))?
        .len();
    if size > form.max_upload_bytes {
        return Err(ClipError::Clip(format!(
            "the clip is larger than {} MB: film one set, from the side",
            form.max_upload_bytes / (1024 * 1024)
        )));
    }
    let track = resilift_pose::track(clip, &model, &form.limits).map_err(sorted)?;
    let analysis = resilift_form::analyse(&track, &form.thresholds)
        .map_err(|e| ClipError::Clip(e.to_string()))?;
    Ok(clip_view(&analysis, &[], form.model.id()))
}

/// Why `resilift form` could not analyse a clip.
#[derive(Debug, thiserror::Error)]
pub enum ClipError {
    /// Something about the clip itself.
    #[error("{0}")]
    Clip(String),
    /// The machine cannot analyse clips (ffmpeg or the models are missing, or the model failed).
    #[error("{0}")]
    Unavailable(String),
}

/// Why a clip was refused, as an API error.
pub(crate) fn refusal(error: &PoseError) -> ApiError {
    match error {
        PoseError::FfmpegMissing | PoseError::NotInstalled => {
            ApiError::new(ErrorCode::FormCheckUnavailable, error.to_string())
        }
        PoseError::Model(_) | PoseError::Install(_) | PoseError::Integrity { .. } => {
            ApiError::internal(error)
        }
        PoseError::Format
        | PoseError::Unreadable
        | PoseError::NoVideo
        | PoseError::TooLong { .. }
        | PoseError::TimedOut { .. }
        | PoseError::Video(_) => {
            ApiError::field(ErrorCode::InvalidInput, "video", error.to_string())
        }
    }
}

/// Whether this server can analyse clips now, and if not, why (for the pages).
pub(crate) fn unavailable(state: &AppState) -> Option<String> {
    if resilift_pose::models::path(&state.settings().data_dir, state.settings().form.model).is_err()
    {
        return Some(PoseError::NotInstalled.to_string());
    }
    let limits = &state.settings().form.limits;
    let found = program_exists(&limits.ffmpeg) && program_exists(&limits.ffprobe());
    (!found).then(|| PoseError::FfmpegMissing.to_string())
}

/// Whether a program can be started: a path to a file, or a name found on the `PATH` (looked up
/// without starting anything, so a request never waits on it).
fn program_exists(program: &Path) -> bool {
    if program.components().count() > 1 {
        return program.is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Finds landmarks on every frame and analyses them, off the request threads.
async fn run(state: &AppState, clip: &Clip) -> ApiResult<(Track, Analysis)> {
    let runtime = state.form_runtime();
    // The turn is moved into the analysis itself, so that it is given up only when the
    // analysis really ends, not when the person stops waiting for it.
    let turn = Arc::clone(&runtime.gate)
        .acquire_owned()
        .await
        .map_err(|e| ApiError::internal(&e))?;
    let form = state.settings().form.clone();
    let data_dir = state.settings().data_dir.clone();
    let model = runtime
        .model(&data_dir, form.model)
        .map_err(|e| refusal(&e))?;
    let path = clip.path.clone();
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let track = resilift_pose::track(&path, &model, &form.limits).map_err(|e| refusal(&e))?;
        let analysis = resilift_form::analyse(&track, &form.thresholds)
            .map_err(|e| ApiError::field(ErrorCode::InvalidInput, "video", e.to_string()))?;
        Ok::<_, ApiError>((track, analysis))
    })
    .await
    .map_err(|e| ApiError::internal(&e))?
}

/// Analyses a clip of one of the lifter's sessions and stores what it showed.
pub(crate) async fn analyse(
    state: &AppState,
    lifter: &str,
    session_id: &str,
    clip: Clip,
) -> ApiResult<FormCheckView> {
    let session = state
        .store()
        .session(lifter, session_id)
        .await?
        .ok_or_else(|| ApiError::not_found("session"))?;
    let (track, analysis) = run(state, &clip).await?;
    let id = new_id();
    let video = if state.settings().form.keep_video {
        let folder = state.settings().data_dir.join("videos");
        let name = format!("{id}.{}", clip.extension);
        tokio::fs::create_dir_all(&folder)
            .await
            .map_err(|e| ApiError::from_io(&e))?;
        tokio::fs::copy(&clip.path, folder.join(&name))
            .await
            .map_err(|e| ApiError::from_io(&e))?;
        Some(name)
    } else {
        None
    };
    drop(clip);
    let thresholds: &Thresholds = &state.settings().form.thresholds;
    let check = FormCheck {
        id: id.clone(),
        account_id: lifter.to_owned(),
        session_id: session.id.clone(),
        created_at: state.now(),
        model: state.settings().form.model.id().to_owned(),
        settings: serde_json::to_string(thresholds).map_err(|e| ApiError::internal(&e))?,
        analysis: serde_json::to_string(&analysis).map_err(|e| ApiError::internal(&e))?,
        track: serde_json::to_string(&track).map_err(|e| ApiError::internal(&e))?,
        decisions: serde_json::to_string(&vec!["proposed"; analysis.proposals.len()])
            .map_err(|e| ApiError::internal(&e))?,
        video,
    };
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "form_check.created",
        &json!({"form_check_id": id, "session_id": session.id, "reps": analysis.reps.len(), "proposals": analysis.proposals.len()}),
    );
    state.store().insert_form_check(&check, &entry).await?;
    view(&check)
}

/// One of the lifter's checks.
pub(crate) async fn get(state: &AppState, lifter: &str, id: &str) -> ApiResult<FormCheck> {
    state
        .store()
        .form_check(lifter, id)
        .await?
        .ok_or_else(|| ApiError::not_found("form check"))
}

/// The checks of one of the lifter's sessions, oldest first.
pub(crate) async fn of_session(
    state: &AppState,
    lifter: &str,
    session_id: &str,
) -> ApiResult<Vec<FormCheckView>> {
    state
        .store()
        .session(lifter, session_id)
        .await?
        .ok_or_else(|| ApiError::not_found("session"))?;
    state
        .store()
        .form_checks(lifter, session_id)
        .await?
        .iter()
        .map(view)
        .collect()
}

/// What a session's checks say about one fault, leaving out one proposal: whether another
/// proposal of it is confirmed, and whether a form check ever added it to the log (a decision
/// marked `+logged`).
fn fault_elsewhere(
    checks: &[FormCheck],
    fault: Fault,
    skip: (&str, usize),
) -> ApiResult<(bool, bool)> {
    let (mut confirmed, mut added) = (false, false);
    for check in checks {
        let Parsed {
            analysis,
            decisions,
        } = parse(check)?;
        for (i, proposal) in analysis.proposals.iter().enumerate() {
            if fault_of(proposal.check) != fault {
                continue;
            }
            let decision = decisions.get(i).map_or("proposed", String::as_str);
            added |= decision.ends_with("+logged");
            if (check.id.as_str(), i) != skip && decision.starts_with("confirmed") {
                confirmed = true;
            }
        }
    }
    Ok((confirmed, added))
}

/// Confirms or dismisses one proposal. Confirming adds its fault to the session's log (if it
/// is not there already); dismissing a confirmed one takes it out again unless another
/// confirmed proposal of this session names the same fault.
pub(crate) async fn decide(
    state: &AppState,
    lifter: &str,
    id: &str,
    number: usize,
    decision: Decision,
) -> ApiResult<FormCheckView> {
    for _ in 0..3 {
        let check = get(state, lifter, id).await?;
        let Parsed {
            analysis,
            mut decisions,
        } = parse(&check)?;
        let Some(proposal) = number
            .checked_sub(1)
            .and_then(|i| analysis.proposals.get(i))
        else {
            return Err(ApiError::not_found("proposal"));
        };
        let index = number - 1;
        decisions.resize(analysis.proposals.len(), "proposed".to_owned());
        let before = decisions[index].clone();
        let word = match decision {
            Decision::Confirmed => "confirmed",
            Decision::Dismissed => "dismissed",
        };
        if before.split('+').next() == Some(word) {
            return view(&check);
        }
        let fault = fault_of(proposal.check);
        let stored = state
            .store()
            .session(lifter, &check.session_id)
            .await?
            .ok_or_else(|| ApiError::not_found("session"))?;
        let mut dto: SessionDto =
            serde_json::from_str(&stored.body).map_err(|e| ApiError::internal(&e))?;
        let logged = dto.faults.iter().any(|f| f == fault.id());
        // "+logged" marks a decision whose confirmation added the fault to the log. Dismissing
        // the last confirmed proposal of a fault takes it out of the log only when a form check
        // put it there, never when the lifter logged it themselves.
        let marked = before.ends_with("+logged");
        decisions[index] = match decision {
            Decision::Confirmed if !logged || marked => "confirmed+logged".to_owned(),
            Decision::Dismissed if marked => "dismissed+logged".to_owned(),
            _ => word.to_owned(),
        };
        let session = match decision {
            Decision::Confirmed if !logged => {
                dto.faults.push(fault.id().to_owned());
                Some(dto)
            }
            Decision::Dismissed if logged && before.starts_with("confirmed") => {
                let checks = state.store().form_checks(lifter, &check.session_id).await?;
                let (confirmed, added) = fault_elsewhere(&checks, fault, (&check.id, index))?;
                if confirmed || !(added || marked) {
                    None
                } else {
                    dto.faults.retain(|f| f != fault.id());
                    Some(dto)
                }
            }
            _ => None,
        };
        let session = match session {
            Some(dto) => Some(Session {
                updated_at: state.now(),
                body: serde_json::to_string(&dto).map_err(|e| ApiError::internal(&e))?,
                ..stored
            }),
            None => None,
        };
        let text = serde_json::to_string(&decisions).map_err(|e| ApiError::internal(&e))?;
        let entry = audit(
            state,
            Some(lifter),
            Some(lifter),
            "form_check.decided",
            &json!({"form_check_id": id, "proposal": number, "fault": fault.id(), "decision": word, "session_changed": session.is_some()}),
        );
        if state
            .store()
            .decide_form_check(
                lifter,
                id,
                &check.decisions,
                &text,
                session.as_ref(),
                &entry,
            )
            .await?
        {
            return view(&FormCheck {
                decisions: text,
                ..check
            });
        }
    }
    Err(ApiError::new(
        ErrorCode::Conflict,
        "the form check changed while this decision was made: try again",
    ))
}

/// The kept clips of an account's form checks (of one session when given), read before the
/// records go so that [`remove_kept`] can delete the files after.
pub(crate) async fn kept_clips(
    state: &AppState,
    account: &str,
    session: Option<&str>,
) -> ApiResult<Vec<String>> {
    Ok(state.store().kept_videos(account, session).await?)
}

/// Deletes kept clips by name (after their records were deleted).
pub(crate) async fn remove_kept(state: &AppState, names: Vec<String>) {
    let folder = state.settings().data_dir.join("videos");
    for name in names {
        if let Err(error) = tokio::fs::remove_file(folder.join(&name)).await
            && error.kind() != std::io::ErrorKind::NotFound
        {
            tracing::error!(%error, "a kept clip could not be deleted");
        }
    }
}

/// Deletes what an interrupted upload left in `DATA_DIR/uploads` (a crash mid-upload): run at
/// start, before any upload can be under way.
pub(crate) fn clear_interrupted_uploads(data_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(data_dir.join("uploads")) else {
        return;
    };
    for entry in entries.flatten() {
        if let Err(error) = std::fs::remove_file(entry.path()) {
            tracing::warn!(%error, "an interrupted upload could not be deleted");
        }
    }
}

/// Deletes a check: its landmarks, angles and any kept clip. Faults the lifter confirmed stay
/// in the session's log (they are the lifter's own record now).
pub(crate) async fn delete(state: &AppState, lifter: &str, id: &str) -> ApiResult<()> {
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "form_check.deleted",
        &json!({"form_check_id": id}),
    );
    let gone = state
        .store()
        .delete_form_check(lifter, id, &entry)
        .await?
        .ok_or_else(|| ApiError::not_found("form check"))?;
    if let Some(name) = gone.video {
        let _ = tokio::fs::remove_file(state.settings().data_dir.join("videos").join(name)).await;
    }
    Ok(())
}
