//! The form check's pages (experimental): upload a side-on clip of a set, read each rep's
//! angles, and confirm or dismiss each proposed fault.

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use resilift_form::analysis::Moment;
use resilift_form::{Landmark, Track, landmark as lm};

use super::charts::{self, Line, Size};
use super::{
    Fields, LifterViewer, Posted, Problems, csrf_field, csrf_refusal, evidence_list,
    field_problems, form_page, page, refusal, svg,
};
use crate::AppState;
use crate::error::ApiError;
use crate::service::form::{self, Decision, FormCheckView, ProposalView};

/// What the check can see and what it cannot, in the lifter's words.
const CAN_SEE: [&str; 5] = [
    "how far your trunk leans, and how your hip and knee angles change, at lift-off, mid-shin, knee height and lockout",
    "whether your hips rise before the weight leaves the floor",
    "whether your hands (and so the weight) drift ahead of the middle of your foot",
    "whether you lean back past upright at the top, and how quickly each part of the lift moves",
    "a shortening of the distance from hip to shoulder during the pull, which can mean the back is rounding: a cue to look again, not a diagnosis",
];
const CANNOT_SEE: [&str; 4] = [
    "the curve of your spine itself: the camera sees points on your body, not your vertebrae",
    "the bar or bell: your hands stand in for it",
    "anything hidden from the camera, or a clip filmed from the front or at a steep angle",
    "pain, effort or bracing",
];

fn moment_words(moment: &str) -> &'static str {
    match moment {
        "lift_off" => Moment::LiftOff.label(),
        "mid_shin" => Moment::MidShin.label(),
        "knee_height" => Moment::KneeHeight.label(),
        _ => Moment::Lockout.label(),
    }
}

fn one_decimal(value: f64) -> String {
    format!("{value:.1}")
}

fn measured(proposal: &ProposalView) -> String {
    let (value, limit) = (proposal.measured, proposal.threshold);
    match proposal.unit.as_str() {
        "degrees" => format!("{value:.0}° is more than the {limit:.0}° this check allows"),
        "percent" => format!("{value:.0}% is more than the {limit:.0}% this check allows"),
        _ => format!("{value:.1} times is more than the {limit:.1} times this check allows"),
    }
}

fn upload_page(
    state: &AppState,
    viewer: &crate::auth::Principal,
    session_id: &str,
    problems: &Problems,
) -> Response {
    let settings = &state.settings().form;
    let unavailable = form::unavailable(state);
    form_page(
        Some(viewer),
        "Check your form from a video",
        problems,
        html! {
            h1 { "Check your form from a video" }
            p class="notice warning" { (form::EXPERIMENTAL) }
            @if let Some(reason) = unavailable {
                p class="card" { "The form check is not set up on this server yet, so clips cannot be analysed. Whoever runs this server can turn it on." }
                p class="small" { (reason) }
            } @else {
                h2 { "How to film" }
                ul {
                    li { "Film one set from the side, with your whole body and your feet in view from start to finish." }
                    li { "Keep the phone still, at about hip height and two to four metres away." }
                    li { "At most " (settings.limits.max_seconds) " seconds and " (settings.max_upload_bytes / (1024 * 1024)) " MB; an MP4, MOV or WebM video." }
                }
                p { "The clip is analysed on this server and then deleted"
                    @if settings.keep_video { " unless the server keeps clips (this one does)" }
                    ". Only the positions of your joints and the angles are kept. It takes about as long as the clip itself." }
                form method="post" action=(format!("/sessions/{session_id}/form-check")) enctype="multipart/form-data" novalidate {
                    (csrf_field(viewer))
                    div class="field" {
                        label for="video" { "Your clip" }
                        input type="file" id="video" name="video" accept="video/mp4,video/quicktime,video/webm,.mp4,.mov,.webm" aria-describedby=[super::described(problems, "video")];
                        (field_problems(problems, "video"))
                    }
                    button type="submit" class="wide" { "Analyse my clip" }
                }
            }
            p { a href=(format!("/sessions/{session_id}")) { "Back to the session" } }
        },
    )
}

pub(crate) async fn upload_form(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
) -> Response {
    match state.store().session(viewer.id(), &id).await {
        Ok(Some(_)) => upload_page(&state, &viewer, &id, &Problems::default()),
        Ok(None) => refusal(&viewer, &ApiError::not_found("session")),
        Err(error) => refusal(&viewer, &error.into()),
    }
}

fn extension_of(content_type: Option<&str>, file_name: Option<&str>) -> Option<&'static str> {
    form::media_type(content_type).or_else(|| {
        let name = file_name?.to_ascii_lowercase();
        [
            ("mp4", "mp4"),
            ("m4v", "mp4"),
            ("mov", "mov"),
            ("webm", "webm"),
        ]
        .into_iter()
        .find(|(suffix, _)| name.ends_with(&format!(".{suffix}")))
        .map(|(_, ext)| ext)
    })
}

/// The most fields the upload form may send besides the clip (it sends one, the CSRF token).
const MAX_OTHER_FIELDS: usize = 8;

/// The longest field other than the clip, in bytes (a CSRF token is 43).
const MAX_FIELD_BYTES: usize = 1024;

/// Why a small field could not be read.
enum SmallText {
    TooLong,
    Broken,
}

/// Reads a field other than the clip, stopping as soon as it passes [`MAX_FIELD_BYTES`], so
/// that no field can fill the server's memory.
async fn small_text(mut field: axum::extract::multipart::Field<'_>) -> Result<String, SmallText> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| SmallText::Broken)? {
        if bytes.len() + chunk.len() > MAX_FIELD_BYTES {
            return Err(SmallText::TooLong);
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| SmallText::Broken)
}

fn field_too_long(name: &str) -> ApiError {
    ApiError::field(
        resilift_api::ErrorCode::TooLarge,
        &name.chars().take(40).collect::<String>(),
        format!("is longer than {MAX_FIELD_BYTES} bytes; only the clip may be large"),
    )
}

fn too_many_fields() -> ApiError {
    ApiError::new(
        resilift_api::ErrorCode::TooLarge,
        format!("the upload has more than {MAX_OTHER_FIELDS} fields besides the clip"),
    )
}

/// The multipart upload: the CSRF token first, then the clip, written to disk as it arrives.
pub(crate) async fn upload(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Response {
    match state.store().session(viewer.id(), &id).await {
        Ok(Some(_)) => {}
        Ok(None) => return refusal(&viewer, &ApiError::not_found("session")),
        Err(error) => return refusal(&viewer, &error.into()),
    }
    if form::unavailable(&state).is_some() {
        // The page says the check is not set up; the clip is not received.
        return upload_page(&state, &viewer, &id, &Problems::default());
    }
    let mut fields = Vec::new();
    let mut problems = Problems::default();
    let mut clip = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                problems.add("video", "the upload did not arrive whole: try again");
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name != "video" {
            if fields.len() >= MAX_OTHER_FIELDS {
                return refusal(&viewer, &too_many_fields());
            }
            match small_text(field).await {
                Ok(text) => fields.push((name, text)),
                Err(SmallText::TooLong) => return refusal(&viewer, &field_too_long(&name)),
                Err(SmallText::Broken) => {
                    problems.add("video", "the upload did not arrive whole: try again");
                }
            }
            continue;
        }
        if let Some(refusal) = csrf_refusal(&viewer, &Fields(fields.clone())) {
            return refusal;
        }
        let empty = field.file_name().is_none_or(str::is_empty);
        let Some(extension) = extension_of(field.content_type(), field.file_name()) else {
            problems.add(
                "video",
                if empty {
                    "choose a clip of one set"
                } else {
                    "the clip must be an MP4, MOV or WebM video"
                },
            );
            break;
        };
        match form::receive(&state, Box::pin(field), extension).await {
            Ok(received) => clip = Some(received),
            Err(error) => problems = Problems::from_error(&error),
        }
        break;
    }
    if let Some(refusal) = csrf_refusal(&viewer, &Fields(fields)) {
        return refusal;
    }
    let Some(clip) = clip else {
        if problems.is_empty() {
            problems.add("video", "choose a clip of one set");
        }
        return upload_page(&state, &viewer, &id, &problems);
    };
    match form::analyse(&state, viewer.id(), &id, clip).await {
        Ok(view) => Redirect::to(&format!("/form-checks/{}", view.id)).into_response(),
        Err(error) => upload_page(&state, &viewer, &id, &Problems::from_error(&error)),
    }
}

/// A stick figure of the visible side at one frame: where a fault was seen.
fn figure(track: &Track, frame: usize, left: bool, label: &str) -> Markup {
    let Some(points) = track.frames.get(frame).and_then(|f| f.landmarks.as_ref()) else {
        return html! {};
    };
    let side = |left_index: usize, right_index: usize| -> Option<Landmark> {
        points
            .get(if left { left_index } else { right_index })
            .copied()
    };
    let chain = [
        side(lm::LEFT_EAR, lm::RIGHT_EAR),
        side(lm::LEFT_SHOULDER, lm::RIGHT_SHOULDER),
        side(lm::LEFT_HIP, lm::RIGHT_HIP),
        side(lm::LEFT_KNEE, lm::RIGHT_KNEE),
        side(lm::LEFT_ANKLE, lm::RIGHT_ANKLE),
        side(lm::LEFT_HEEL, lm::RIGHT_HEEL),
        side(lm::LEFT_FOOT_INDEX, lm::RIGHT_FOOT_INDEX),
    ];
    let arm = [
        side(lm::LEFT_SHOULDER, lm::RIGHT_SHOULDER),
        side(lm::LEFT_ELBOW, lm::RIGHT_ELBOW),
        side(lm::LEFT_WRIST, lm::RIGHT_WRIST),
    ];
    let all: Vec<Landmark> = chain.iter().chain(arm.iter()).flatten().copied().collect();
    if all.len() < 10 {
        return html! {};
    }
    let (min_x, max_x) = all
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.x), b.max(p.x)));
    let (min_y, max_y) = all
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.y), b.max(p.y)));
    let pad = (max_y - min_y).max(max_x - min_x) * 0.08 + 4.0;
    let view_box = format!(
        "{} {} {} {}",
        min_x - pad,
        min_y - pad,
        max_x - min_x + 2.0 * pad,
        max_y - min_y + 2.0 * pad
    );
    let stroke = (max_y - min_y).max(1.0) / 60.0;
    let polyline = |points: &[Option<Landmark>]| -> String {
        points
            .iter()
            .flatten()
            .map(|p| format!("{:.1},{:.1}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mid_foot = match (chain[5], chain[6]) {
        (Some(heel), Some(toe)) => Some((heel.x + toe.x) / 2.0),
        _ => None,
    };
    html! {
        svg class="pose" viewBox=(view_box) role="img" aria-label=(label) {
            @if let Some(x) = mid_foot {
                line x1=(format!("{x:.1}")) x2=(format!("{x:.1}")) y1=(format!("{:.1}", min_y - pad)) y2=(format!("{:.1}", max_y + pad)) stroke="#555555" stroke-width=(format!("{:.2}", stroke / 2.0)) stroke-dasharray=(format!("{:.1} {:.1}", stroke * 2.0, stroke * 2.0)) {}
            }
            polyline points=(polyline(&chain)) fill="none" stroke="#1f4e9c" stroke-width=(format!("{stroke:.2}")) stroke-linejoin="round" stroke-linecap="round" {}
            polyline points=(polyline(&arm)) fill="none" stroke="#a34a00" stroke-width=(format!("{stroke:.2}")) stroke-linejoin="round" stroke-linecap="round" {}
            @for p in all.iter() {
                circle cx=(format!("{:.1}", p.x)) cy=(format!("{:.1}", p.y)) r=(format!("{:.2}", stroke * 1.2)) fill="#1f4e9c" {}
            }
        }
    }
}

/// A time in the clip as a phone's player shows it: minutes, seconds and tenths.
fn clip_time(seconds: f64) -> String {
    let tenths = (seconds.max(0.0) * 10.0).round();
    // Clips are at most minutes long, so the cast cannot overflow.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let tenths = tenths as u64;
    format!("{}:{:02}.{}", tenths / 600, (tenths / 10) % 60, tenths % 10)
}

/// What confirming a fault does to the plan, in words.
fn effect(fault: &str) -> &'static str {
    if fault == "spine_rounding" {
        "Confirming adds it to this session's log, and your next session will be lighter."
    } else {
        "Confirming adds it to this session's log, and your next session will keep the same weight instead of going up."
    }
}

/// One sighting of a fault: when, what was measured, the outline, and the lifter's answer.
fn sighting(
    viewer: &crate::auth::Principal,
    view: &FormCheckView,
    track: &Track,
    proposal: &ProposalView,
) -> Markup {
    let left = view.result.side == "left";
    let action = format!("/form-checks/{}/proposals/{}", view.id, proposal.number);
    let at = clip_time(proposal.seconds);
    html! {
        li class="sighting" id=(format!("proposal-{}", proposal.number)) {
            h4 { "Rep " (proposal.rep) ", at " (at) " in your video" }
            p { (proposal.note) }
            p class="small" { "Flagged because " (measured(proposal)) "." }
            figure class="pose" {
                (figure(track, proposal.frame, left, &format!("Your body's outline at {at}")))
                figcaption class="small" { "You at " (at) ", from the side: trunk and legs in blue, arm in orange; the dashed line is over the middle of your foot." }
            }
            @match proposal.decision.as_str() {
                "confirmed" => {
                    p class="notice" role="status" { "You confirmed this: it is in this session's log." }
                    form method="post" action=(action) novalidate class="inline" {
                        (csrf_field(viewer))
                        input type="hidden" name="decision" value="dismissed";
                        button type="submit" class="secondary" { "It did not happen after all" }
                    }
                }
                "dismissed" => {
                    p class="small" role="status" { "You dismissed this: it does not count." }
                    form method="post" action=(action) novalidate class="inline" {
                        (csrf_field(viewer))
                        input type="hidden" name="decision" value="confirmed";
                        button type="submit" class="secondary" { "Confirm it after all" }
                    }
                }
                _ => {
                    p { "Did this happen? Look at your own video at " (at) " (resilift keeps no copy). If you are not sure, leave it unanswered and ask a coach: nothing counts until you say." }
                    p class="actions" {
                        form method="post" action=(action.clone()) novalidate class="inline" {
                            (csrf_field(viewer))
                            input type="hidden" name="decision" value="confirmed";
                            button type="submit" { "Yes, confirm it" }
                        }
                        " "
                        form method="post" action=(action) novalidate class="inline" {
                            (csrf_field(viewer))
                            input type="hidden" name="decision" value="dismissed";
                            button type="submit" class="secondary" { "No, dismiss it" }
                        }
                    }
                }
            }
        }
    }
}

/// One card per fault: its cue, its rule and sources once, then each rep where it was seen.
fn fault_cards(viewer: &crate::auth::Principal, view: &FormCheckView, track: &Track) -> Markup {
    let mut faults: Vec<&str> = Vec::new();
    for proposal in &view.result.proposals {
        if !faults.contains(&proposal.fault.as_str()) {
            faults.push(&proposal.fault);
        }
    }
    html! {
        @for fault in faults {
            @let sightings: Vec<&ProposalView> = view.result.proposals.iter().filter(|p| p.fault == fault).collect();
            @let first = sightings[0];
            article class="card" id=(format!("fault-{}", super::dom_id(fault))) {
                h3 { (first.label) }
                p { (effect(fault)) }
                p { strong { "Cue: " } (first.cue) }
                ol class="sightings" { @for proposal in &sightings { (sighting(viewer, view, track, proposal)) } }
                details {
                    summary { "Why resilift checks this" }
                    p class="rule" { "Rule " code { (first.rule) } }
                    (evidence_list(&first.evidence))
                }
            }
        }
    }
}

fn rep_markup(view: &FormCheckView, analysis: &resilift_form::Analysis, number: u32) -> Markup {
    let Some(rep) = view.result.reps.iter().find(|r| r.number == number) else {
        return html! {};
    };
    let curve = analysis
        .reps
        .iter()
        .find(|r| r.number == number)
        .map(|r| r.curve.as_slice())
        .unwrap_or_default();
    let lines = |pick: &dyn Fn(&resilift_form::analysis::CurvePoint) -> f64| {
        curve.iter().map(|p| (p.time, pick(p))).collect::<Vec<_>>()
    };
    let series = [
        ("Trunk lean", charts::BLUE, lines(&|p| p.trunk)),
        ("Hip angle", charts::ORANGE, lines(&|p| p.hip)),
        ("Knee angle", charts::GREEN, lines(&|p| p.knee)),
    ];
    let lift_off = rep.positions.first().map_or(0.0, |p| p.seconds);
    let markers: Vec<f64> = rep
        .positions
        .iter()
        .skip(1)
        .map(|p| p.seconds - lift_off)
        .collect();
    let drawn = |size| {
        let chart_lines: Vec<Line> = series
            .iter()
            .map(|(_, colour, points)| Line {
                colour: *colour,
                dashed: false,
                points: points.clone(),
            })
            .collect();
        charts::seconds_chart(
            size,
            "degrees",
            &chart_lines,
            &markers,
            Some(-30.0),
            Some(190.0),
        )
    };
    let summary = rep
        .positions
        .iter()
        .map(|p| {
            format!(
                "{}: trunk {}°, hip {}°, knee {}°",
                moment_words(&p.moment),
                one_decimal(p.trunk),
                one_decimal(p.hip),
                one_decimal(p.knee)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        section class="rep" {
            h3 { "Rep " (rep.number) }
            div class="table-wrap" role="region" tabindex="0" aria-label=(format!("Angles on rep {}", rep.number)) {
                table class="stack" {
                    thead { tr { th scope="col" { "Moment" } th scope="col" { "Trunk lean" } th scope="col" { "Hip angle" } th scope="col" { "Knee angle" } th scope="col" { "Hands ahead of mid-foot" } } }
                    tbody {
                        @for p in &rep.positions {
                            tr {
                                th scope="row" data-label="Moment" { (moment_words(&p.moment)) " · " (one_decimal(p.seconds)) " s" }
                                td data-label="Trunk lean" { (one_decimal(p.trunk)) "°" }
                                td data-label="Hip angle" { (one_decimal(p.hip)) "°" }
                                td data-label="Knee angle" { (one_decimal(p.knee)) "°" }
                                td data-label="Hands ahead of mid-foot" { (one_decimal(p.bar)) "% of shin" }
                            }
                        }
                    }
                }
            }
            @if rep.positions.iter().skip(1).take(2).any(|p| (p.seconds - lift_off).abs() < 1e-6) {
                p class="small" { "Your hands were already above mid-shin or knee height when the lift started, so those rows repeat lift-off." }
            }
            p { "Pull: " (format!("{:.2}", rep.pull_seconds)) " s at " (format!("{:.2}", rep.pull_speed)) " leg lengths a second. "
                @match (rep.lower_seconds, rep.lower_speed) {
                    (Some(s), Some(v)) => { "Lowering: " (format!("{s:.2}")) " s at " (format!("{v:.2}")) " leg lengths a second." }
                    _ => { "The lowering could not be timed: the clip ends, or the next pull starts, before the weight is back down." }
                }
            }
            @if let (Some(narrow), Some(wide)) = (drawn(Size::Narrow), drawn(Size::Wide)) {
                figure class="chart" {
                    figcaption { "Angles through rep " (rep.number) " (grey dashed lines: mid-shin, knee height, lockout)" }
                    div role="img" aria-label=(summary) {
                        div class="chart-narrow" { (svg(narrow)) }
                        div class="chart-wide" { (svg(wide)) }
                    }
                    ul class="legend" aria-hidden="true" {
                        li { span class="swatch blue" {} "Trunk lean (0° is upright)" }
                        li { span class="swatch orange" {} "Hip angle (180° is straight)" }
                        li { span class="swatch green" {} "Knee angle (180° is straight)" }
                    }
                }
            }
        }
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
) -> Response {
    let record = match form::get(&state, viewer.id(), &id).await {
        Ok(record) => record,
        Err(error) => return refusal(&viewer, &error),
    };
    let (view, parsed, track) = match (
        form::view(&record),
        form::parse(&record),
        serde_json::from_str::<Track>(&record.track),
    ) {
        (Ok(view), Ok(parsed), Ok(track)) => (view, parsed, track),
        (Err(error), _, _) | (_, Err(error), _) => return refusal(&viewer, &error),
        (_, _, Err(error)) => return refusal(&viewer, &ApiError::internal(&error)),
    };
    let waiting = view
        .result
        .proposals
        .iter()
        .filter(|p| p.decision == "proposed")
        .count();
    let reps = view.result.reps.len();
    page(
        Some(&viewer),
        "Form check",
        html! {
            p { a href=(format!("/sessions/{}", view.session_id)) { "← Back to the session" } }
            h1 { "Form check" }
            p class="notice warning" { (form::EXPERIMENTAL) }
            p class="lead" {
                @match reps { 0 => { "No reps found. " } 1 => { "1 rep found. " } n => { (n) " reps found. " } }
                "A person was found on " (view.result.frames_with_person) " of " (view.result.frames) " frames, seen from their " (view.result.side) " side."
            }
            @if reps == 0 {
                p { "A rep is counted when the hips rise from the floor position to standing and back. Film the whole set from the side with your feet in view, and try again." }
            }
            p class="small" { @if view.video_kept { "The clip is kept on this server with the results." } @else { "resilift deleted its copy of the clip after the analysis and kept only the positions of your joints and the angles. Keep the video on your phone to look back at it." } }
            h2 { "Faults to check" }
            @if view.result.proposals.is_empty() {
                p { "None proposed: every measurement stayed within its threshold." }
            } @else {
                p { @if waiting > 0 { (waiting) " waiting for your answer. " } "Nothing here counts until you confirm it. A confirmed fault goes into this session's log, just as if you had ticked it yourself, and your next session takes it into account." }
                (fault_cards(&viewer, &view, &track))
            }
            @if reps > 0 {
                h2 { "Rep by rep" }
                p class="small" { "Trunk lean is the line from hip to shoulder against upright (negative: leaning back). Hip and knee angles are 180° when straight. The hands stand in for the weight; their distance ahead of the middle of the foot is given as a share of your shin's length." }
                @for rep in &view.result.reps { (rep_markup(&view, &parsed.analysis, rep.number)) }
            }
            h2 { "What it can and cannot see" }
            p { "It can see:" }
            ul { @for item in CAN_SEE { li { (item) } } }
            p { "It cannot see:" }
            ul { @for item in CANNOT_SEE { li { (item) } } }
            p class="actions" {
                a class="button" href=(format!("/sessions/{}", view.session_id)) { "Back to the session" }
            }
            p { a href=(format!("/form-checks/{}/delete", view.id)) { "Delete this form check" } }
        },
    )
    .into_response()
}

pub(crate) async fn decide(
    State(state): State<AppState>,
    Path((id, number)): Path<(String, usize)>,
    Posted { viewer, fields }: Posted,
) -> Response {
    let decision = match fields.get("decision") {
        "confirmed" => Decision::Confirmed,
        "dismissed" => Decision::Dismissed,
        _ => return refusal(&viewer, &ApiError::not_found("decision")),
    };
    match form::decide(&state, viewer.id(), &id, number, decision).await {
        Ok(_) => Redirect::to(&format!("/form-checks/{id}#proposal-{number}")).into_response(),
        Err(error) => refusal(&viewer, &error),
    }
}

pub(crate) async fn delete_form(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    Path(id): Path<String>,
) -> Response {
    let record = match form::get(&state, viewer.id(), &id).await {
        Ok(record) => record,
        Err(error) => return refusal(&viewer, &error),
    };
    page(
        Some(&viewer),
        "Delete this form check?",
        html! {
            h1 { "Delete this form check?" }
            p { "The positions of your joints and the angles from this clip will be deleted. Faults you confirmed stay in the session's log; to take one out, dismiss it first." }
            form method="post" action=(format!("/form-checks/{id}/delete")) novalidate {
                (csrf_field(&viewer))
                p class="actions" {
                    button type="submit" class="danger" { "Delete it" }
                    " "
                    a class="button secondary" href=(format!("/form-checks/{id}")) { "Keep it" }
                }
            }
            p { a href=(format!("/sessions/{}", record.session_id)) { "Back to the session" } }
        },
    )
    .into_response()
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, .. }: Posted,
) -> Response {
    let session = match form::get(&state, viewer.id(), &id).await {
        Ok(record) => record.session_id,
        Err(error) => return refusal(&viewer, &error),
    };
    match form::delete(&state, viewer.id(), &id).await {
        Ok(()) => Redirect::to(&format!("/sessions/{session}")).into_response(),
        Err(error) => refusal(&viewer, &error),
    }
}

/// The session page's section: earlier checks of this session, and the way to a new one.
pub(crate) fn session_section(session_id: &str, checks: &[FormCheckView]) -> Markup {
    html! {
        section class="card" {
            h2 { "Check your form from a video" span class="small" { " (experimental)" } }
            p { "Film a set from the side and resilift measures your angles rep by rep and suggests faults for you to confirm or dismiss." }
            @if !checks.is_empty() {
                ul {
                    @for check in checks {
                        li {
                            a href=(format!("/form-checks/{}", check.id)) {
                                @match check.result.reps.len() { 1 => { "1 rep" } n => { (n) " reps" } }
                                ", "
                                @match check.result.proposals.len() { 0 => { "no faults proposed" } 1 => { "1 fault proposed" } n => { (n) " faults proposed" } }
                            }
                            @let waiting = check.result.proposals.iter().filter(|p| p.decision == "proposed").count();
                            @if waiting > 0 { " · " strong { (waiting) " waiting for your answer" } }
                        }
                    }
                }
            }
            p class="actions" { a class="button secondary" href=(format!("/sessions/{session_id}/form-check")) { "Check my form" } }
        }
    }
}
