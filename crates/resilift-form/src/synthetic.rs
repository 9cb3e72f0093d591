//! A synthetic side-view deadlifter, for tests and for validating the checks.
//!
//! The body is a two-dimensional stick figure standing on the floor: foot (heel and toe), shin,
//! thigh, trunk (hip to shoulder), head (ear and nose above the shoulder) and arms hanging from
//! the shoulders to the wrists, which hold the weight. Segment lengths are fractions of the body
//! height in pixels. Each rep moves from a start pose (knee about 102°, hip about 62°, trunk
//! about 58° forward, wrists over mid-foot and below the knees) to standing tall with a smooth speed profile, holds,
//! and goes back down. Faults of a chosen size can be injected into any rep; camera jitter,
//! dropped frames and a hidden wrist can be added. Everything is deterministic for a seed.
//!
//! [`population`] and [`validate`] build a varied, seeded set of clips and score the checks
//! against the injected truth.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::f64::consts::PI;

use crate::analysis::{Check, Thresholds, analyse};
use crate::track::{Frame, Landmark, Track, landmark};

/// A small seeded random generator (`SplitMix64`), so clips are the same on every machine.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator started from `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// Uniform in `[lo, hi)`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// A standard normal draw (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo + 1) as u64;
        lo + usize::try_from(self.next_u64() % span).unwrap_or(0)
    }
}

/// The figure's proportions (fractions of body height) and start pose (degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Build {
    /// Ankle to knee.
    pub shin: f64,
    /// Knee to hip.
    pub thigh: f64,
    /// Hip to shoulder.
    pub trunk: f64,
    /// Shoulder to wrist.
    pub arm: f64,
    /// The shin's forward lean from vertical at the start.
    pub start_shin: f64,
    /// The thigh's lean from vertical at the start.
    pub start_thigh: f64,
    /// The trunk's forward lean from vertical at the start.
    pub start_trunk: f64,
}

impl Default for Build {
    /// Average adult proportions; knee 102°, hip 62°, trunk 58° at the start.
    fn default() -> Self {
        Self {
            shin: 0.246,
            thigh: 0.245,
            trunk: 0.288,
            arm: 0.33,
            start_shin: 18.0,
            start_thigh: 60.0,
            start_trunk: 58.0,
        }
    }
}

impl Build {
    /// How far below the knees the wrists start, in shin lengths (negative when above).
    #[must_use]
    pub fn start_depth(&self) -> f64 {
        let body = Body::new(1.0, self);
        let start = pose(&body, &Shape::default(), 0.0, true);
        (start.knee.1 - start.wrist.1) / body.shin.max(1e-9)
    }
}

/// A fault put into a rep, with its size in the unit of the check's threshold (see
/// [`Thresholds`]): degrees for hips rising first and leaning back, percent of the shin for bar
/// drift, percent of the hip-to-shoulder distance for rounding, and for a jerky start the
/// speed ratio the check would measure on the noise-free figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Injected {
    /// Which fault.
    pub check: Check,
    /// How big.
    pub size: f64,
}

/// One rep's timing and faults.
#[derive(Debug, Clone, PartialEq)]
pub struct RepPlan {
    /// Still at the bottom before the pull.
    pub pause_seconds: f64,
    /// Lift-off to lockout.
    pub pull_seconds: f64,
    /// Standing at the top.
    pub hold_seconds: f64,
    /// Top back to the floor.
    pub lower_seconds: f64,
    /// Faults injected into this rep.
    pub faults: Vec<Injected>,
}

impl RepPlan {
    /// A clean rep: 0.5 s pause, 1.2 s pull, 0.6 s hold, 1.2 s lowering.
    #[must_use]
    pub fn clean() -> Self {
        Self {
            pause_seconds: 0.5,
            pull_seconds: 1.2,
            hold_seconds: 0.6,
            lower_seconds: 1.2,
            faults: Vec::new(),
        }
    }

    /// This rep with a fault added.
    #[must_use]
    pub fn with(mut self, check: Check, size: f64) -> Self {
        self.faults.push(Injected { check, size });
        self
    }

    /// The size of an injected fault, or 0 when it was not injected.
    #[must_use]
    pub fn size(&self, check: Check) -> f64 {
        self.faults
            .iter()
            .filter(|f| f.check == check)
            .map(|f| f.size)
            .fold(0.0, f64::max)
    }
}

/// A whole synthetic clip.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Standing height in pixels.
    pub body_height: f64,
    /// Frames per second.
    pub fps: f64,
    /// Whether the lifter faces the right of the picture.
    pub facing_right: bool,
    /// Standard deviation of the pixel jitter added to every landmark coordinate.
    pub noise: f64,
    /// Share of frames where no person is found.
    pub drop_rate: f64,
    /// Seed of the noise and drops.
    pub seed: u64,
    /// Proportions and start pose.
    pub build: Build,
    /// Start standing and bend down to the weight before the first rep (else start at the
    /// bottom).
    pub lead_in: bool,
    /// The reps.
    pub reps: Vec<RepPlan>,
}

impl Scenario {
    /// `reps` clean reps by a 600-pixel lifter facing right, 15 frames per second, no noise.
    #[must_use]
    pub fn clean(reps: usize) -> Self {
        Self {
            body_height: 600.0,
            fps: 15.0,
            facing_right: true,
            noise: 0.0,
            drop_rate: 0.0,
            seed: 1,
            build: Build::default(),
            lead_in: true,
            reps: vec![RepPlan::clean(); reps],
        }
    }
}

/// One rep as generated.
#[derive(Debug, Clone, PartialEq)]
pub struct TruthRep {
    /// 1-based.
    pub number: u32,
    /// Seconds from clip start when the pull starts.
    pub lift_off: f64,
    /// Seconds from clip start when the pull ends.
    pub lockout: f64,
    /// The faults injected, with their sizes. A jerky start is listed for every rep, with the
    /// ratio the check measures on the noise-free figure (about 1 for a smooth pull).
    pub faults: Vec<Injected>,
}

impl TruthRep {
    /// The size of an injected fault, or 0 when it was not injected.
    #[must_use]
    pub fn size(&self, check: Check) -> f64 {
        self.faults
            .iter()
            .filter(|f| f.check == check)
            .map(|f| f.size)
            .fold(0.0, f64::max)
    }
}

/// A generated clip and what was put into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthetic {
    /// The landmarks, as a pose model would hand them over.
    pub track: Track,
    /// Each rep's timing and faults.
    pub truth: Vec<TruthRep>,
}

/// The figure in pixels.
#[derive(Debug, Clone, Copy)]
struct Body {
    shin: f64,
    thigh: f64,
    trunk: f64,
    arm: f64,
    ankle_up: f64,
    heel: (f64, f64),
    toe: (f64, f64),
    height: f64,
    s0: f64,
    th0: f64,
    t0: f64,
}

impl Body {
    fn new(height: f64, build: &Build) -> Self {
        Self {
            shin: build.shin * height,
            thigh: build.thigh * height,
            trunk: build.trunk * height,
            arm: build.arm * height,
            ankle_up: 0.039 * height,
            heel: (-0.045 * height, 0.012 * height),
            toe: (0.11 * height, 0.012 * height),
            height,
            s0: build.start_shin.to_radians(),
            th0: build.start_thigh.to_radians(),
            t0: build.start_trunk.to_radians(),
        }
    }

    fn midfoot(&self) -> f64 {
        (self.heel.0 + self.toe.0) / 2.0
    }
}

/// A rep's faults, resolved into the figure's terms.
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    /// Share of the pull's progress thrown into a burst in its first fifth.
    jerk: f64,
    /// Extra forward trunk lean, radians, fully in by progress `hips_first_in`.
    hips_first: f64,
    hips_first_in: f64,
    /// The progress at which the wrists pass the knees; the trunk holds its angle until then.
    knees_passed: f64,
    /// Extra forward wrist offset, pixels, at its peak.
    drift: f64,
    /// Share of the hip-to-shoulder distance lost at its peak.
    rounding: f64,
    /// Lean back at the top, radians.
    lean_back: f64,
}

/// Points in the lifter's frame: forward towards the toes, up from the floor, pixels.
#[derive(Debug, Clone, Copy, Default)]
struct Skeleton {
    ankle: (f64, f64),
    knee: (f64, f64),
    hip: (f64, f64),
    shoulder: (f64, f64),
    elbow: (f64, f64),
    wrist: (f64, f64),
    hand: (f64, f64),
    heel: (f64, f64),
    toe: (f64, f64),
    ear: (f64, f64),
    nose: (f64, f64),
    eye: (f64, f64),
    mouth: (f64, f64),
}

fn smoothstep(x: f64) -> f64 {
    let x = x.clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

fn half_cosine(x: f64) -> f64 {
    (1.0 - (PI * x.clamp(0.0, 1.0)).cos()) / 2.0
}

/// The figure at progress `p` (0 = start pose, 1 = standing tall). `pulling` applies the faults
/// that only happen on the way up.
fn pose(body: &Body, shape: &Shape, p: f64, pulling: bool) -> Skeleton {
    let p = p.clamp(0.0, 1.0);
    let s = body.s0 * (1.0 - smoothstep(p / 0.6));
    let th = body.th0 * (1.0 - 0.5 * (p + smoothstep(p)));
    let mut chord = body.trunk;
    let mut drift = 0.0;
    // A good pull keeps the back angle until the weight passes the knees, then stands up.
    let mut t = body.t0;
    let passed = if pulling { shape.knees_passed } else { 0.0 };
    if pulling {
        t += shape.hips_first * smoothstep(p / shape.hips_first_in.max(1e-9));
    }
    t *= 1.0 - smoothstep((p - passed) / (1.0 - passed).max(1e-9));
    t -= shape.lean_back * smoothstep((p - 0.75) / 0.25);
    if pulling {
        chord *= 1.0 - shape.rounding * (PI * p.powf(0.75)).sin().powi(2);
        drift = shape.drift * (PI * p).sin().powi(2);
    }
    let ankle = (0.0, body.ankle_up);
    let knee = (ankle.0 + body.shin * s.sin(), ankle.1 + body.shin * s.cos());
    let hip = (
        knee.0 - body.thigh * th.sin(),
        knee.1 + body.thigh * th.cos(),
    );
    let shoulder = (hip.0 + chord * t.sin(), hip.1 + chord * t.cos());
    let reach = (body.midfoot() + drift - shoulder.0).clamp(-0.95 * body.arm, 0.95 * body.arm);
    let wrist = (
        shoulder.0 + reach,
        shoulder.1 - (body.arm * body.arm - reach * reach).sqrt(),
    );
    let along = (
        (wrist.0 - shoulder.0) / body.arm,
        (wrist.1 - shoulder.1) / body.arm,
    );
    let hand = (
        wrist.0 + 0.04 * body.height * along.0,
        wrist.1 + 0.04 * body.height * along.1,
    );
    let elbow = (
        (shoulder.0 + wrist.0) / 2.0 - 0.01 * body.height,
        (shoulder.1 + wrist.1) / 2.0,
    );
    let neck = 0.8 * t;
    let ear = (
        shoulder.0 + 0.1 * body.height * neck.sin(),
        shoulder.1 + 0.1 * body.height * neck.cos(),
    );
    let nose = (
        ear.0 + 0.055 * body.height * neck.cos(),
        ear.1 - 0.055 * body.height * neck.sin(),
    );
    let eye = (
        ear.0 + 0.04 * body.height * neck.cos() + 0.01 * body.height * neck.sin(),
        ear.1 - 0.04 * body.height * neck.sin() + 0.01 * body.height * neck.cos(),
    );
    let mouth = (
        ear.0 + 0.045 * body.height * neck.cos() - 0.03 * body.height * neck.sin(),
        ear.1 - 0.045 * body.height * neck.sin() - 0.03 * body.height * neck.cos(),
    );
    Skeleton {
        ankle,
        knee,
        hip,
        shoulder,
        elbow,
        wrist,
        hand,
        heel: body.heel,
        toe: body.toe,
        ear,
        nose,
        eye,
        mouth,
    }
}

/// Pull progress at time share `tau`: a smooth half-cosine, with `jerk` of it thrown into a
/// burst over the first fifth.
fn pull_progress(tau: f64, jerk: f64) -> f64 {
    (1.0 - jerk) * half_cosine(tau) + jerk * half_cosine(tau / 0.2)
}

/// The jerky-start ratio of a pull on the noise-free figure filmed continuously, with lift-off
/// and lockout found by the same rules as [`analyse`] (see [`Thresholds::jerky_start_ratio`]).
fn jerk_ratio(body: &Body, shape: &Shape) -> f64 {
    const STEPS: usize = 600;
    let poses: Vec<Skeleton> = (0..=STEPS)
        .map(|k| {
            let tau = k as f64 / STEPS as f64;
            pose(body, shape, pull_progress(tau, shape.jerk), true)
        })
        .collect();
    let series = |f: &dyn Fn(&Skeleton) -> f64| -> Vec<f64> { poses.iter().map(f).collect() };
    let hip = series(&|s| s.hip.1);
    let wrist = series(&|s| s.wrist.1);
    let trunk = series(&|s| (s.shoulder.0 - s.hip.0).atan2(s.shoulder.1 - s.hip.1));
    let at = |v: &[f64], k: usize| v.get(k).copied().unwrap_or(0.0);
    let speed = |v: &[f64], k: usize| at(v, (k + 1).min(STEPS)) - at(v, k.saturating_sub(1));
    let peak = |v: &[f64], sign: f64| {
        (0..=STEPS)
            .map(|k| sign * speed(v, k))
            .fold(0.0_f64, f64::max)
    };
    let rise = at(&hip, STEPS) - at(&hip, 0);
    let first_at = |share: f64| {
        (0..=STEPS)
            .find(|&k| at(&hip, k) >= at(&hip, 0) + share * rise)
            .unwrap_or(STEPS)
    };
    let hip_peak = peak(&hip, 1.0);
    let lift_off = (0..=first_at(0.25))
        .rev()
        .find(|&k| speed(&hip, k) <= 0.1 * hip_peak)
        .unwrap_or(0);
    let nearly = first_at(0.9);
    let wrist_top = wrist.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let trunk_top = trunk
        .iter()
        .skip(nearly)
        .copied()
        .fold(f64::INFINITY, f64::min);
    let wrist_low = at(&wrist, lift_off);
    let lockout = (nearly..=STEPS)
        .find(|&k| {
            at(&wrist, k) >= wrist_low + 0.97 * (wrist_top - wrist_low)
                && at(&trunk, k) <= trunk_top + 3.0_f64.to_radians()
        })
        .unwrap_or(STEPS);
    let total = at(&wrist, lockout) - at(&wrist, lift_off);
    if total <= 0.0 || lockout <= lift_off {
        return 0.0;
    }
    let window = (lockout - lift_off) / 5;
    let best = (lift_off..=lift_off + window)
        .map(|k| at(&wrist, k + window) - at(&wrist, k))
        .fold(f64::NEG_INFINITY, f64::max);
    best / total * (lockout - lift_off) as f64 / window.max(1) as f64
}

/// The first progress at which the wrists reach knee height when the trunk holds its angle.
fn knee_crossing(body: &Body, shape: &Shape) -> f64 {
    let held = Shape {
        knees_passed: 1.0,
        ..*shape
    };
    (0..=1000)
        .map(|k| f64::from(k) / 1000.0)
        .find(|&p| {
            let s = pose(body, &held, p, true);
            s.wrist.1 >= s.knee.1
        })
        .unwrap_or(0.5)
        .clamp(0.02, 0.9)
}

fn resolve(body: &Body, plan: &RepPlan) -> (Shape, Vec<Injected>) {
    let mut shape = Shape {
        drift: plan.size(Check::BarDrift).max(0.0) / 100.0 * body.shin,
        rounding: (plan.size(Check::SpineRounding).max(0.0) / 100.0).min(0.5),
        lean_back: plan
            .size(Check::LockoutHyperextension)
            .max(0.0)
            .to_radians(),
        hips_first_in: 0.5,
        ..Shape::default()
    };
    // The hips rising first tip the trunk fully forward well before the wrists would reach the
    // knees, and it stays there until they do.
    let clean = knee_crossing(body, &shape);
    shape.hips_first = plan.size(Check::HipsRiseFirst).max(0.0).to_radians();
    shape.hips_first_in = 0.7 * clean;
    shape.knees_passed = knee_crossing(body, &shape);
    let wanted = plan.size(Check::JerkyStart);
    let mut faults: Vec<Injected> = plan
        .faults
        .iter()
        .filter(|f| f.check != Check::JerkyStart && f.size > 0.0)
        .copied()
        .collect();
    let smooth = jerk_ratio(body, &shape);
    if wanted <= smooth {
        faults.push(Injected {
            check: Check::JerkyStart,
            size: smooth,
        });
    } else {
        let (mut lo, mut hi) = (0.0, 0.95);
        for _ in 0..40 {
            let mid = f64::midpoint(lo, hi);
            shape.jerk = mid;
            if jerk_ratio(body, &shape) < wanted {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        shape.jerk = hi;
        faults.push(Injected {
            check: Check::JerkyStart,
            size: jerk_ratio(body, &shape),
        });
    }
    (shape, faults)
}

/// The jerky-start ratio of a clean pull by a figure of this build (about 1.25).
#[must_use]
pub fn clean_jerk_ratio(build: &Build) -> f64 {
    let body = Body::new(600.0, build);
    jerk_ratio(&body, &resolve(&body, &RepPlan::clean()).0)
}

#[derive(Debug, Clone, Copy)]
enum Phase {
    Stand,
    Bend,
    Pause(usize),
    Pull(usize),
    Hold(usize),
    Lower(usize),
}

/// Generates the clip a pose model would hand over for `scenario`.
#[must_use]
pub fn generate(scenario: &Scenario) -> Synthetic {
    let height = if scenario.body_height.is_finite() && scenario.body_height > 10.0 {
        scenario.body_height
    } else {
        600.0
    };
    let fps = if scenario.fps.is_finite() && scenario.fps >= 1.0 {
        scenario.fps.min(240.0)
    } else {
        15.0
    };
    let body = Body::new(height, &scenario.build);
    let mut shapes = Vec::new();
    let mut truth = Vec::new();
    let mut phases: Vec<(Phase, f64)> = Vec::new();
    let secs = |s: f64| {
        if s.is_finite() {
            s.clamp(0.0, 30.0)
        } else {
            0.0
        }
    };
    if scenario.lead_in {
        phases.push((Phase::Stand, 0.5));
        phases.push((Phase::Bend, 1.0));
    }
    let mut clock: f64 = phases.iter().map(|(_, d)| d).sum();
    for (j, plan) in scenario.reps.iter().enumerate() {
        let (shape, faults) = resolve(&body, plan);
        shapes.push(shape);
        let pull = secs(plan.pull_seconds).max(0.2);
        phases.push((Phase::Pause(j), secs(plan.pause_seconds)));
        phases.push((Phase::Pull(j), pull));
        phases.push((Phase::Hold(j), secs(plan.hold_seconds)));
        phases.push((Phase::Lower(j), secs(plan.lower_seconds).max(0.2)));
        clock += secs(plan.pause_seconds);
        truth.push(TruthRep {
            number: u32::try_from(j + 1).unwrap_or(u32::MAX),
            lift_off: clock,
            lockout: clock + pull,
            faults,
        });
        clock += pull + secs(plan.hold_seconds) + secs(plan.lower_seconds).max(0.2);
    }
    phases.push((Phase::Pause(usize::MAX), 0.5));
    let total: f64 = phases.iter().map(|(_, d)| d).sum();

    let dir = if scenario.facing_right { 1.0 } else { -1.0 };
    let width = (height * 1.2).ceil();
    let image_height = (height / 0.85).ceil();
    let floor = image_height * 0.95;
    let centre = width / 2.0 - dir * 0.05 * height;
    let mut rng = Rng::new(scenario.seed);
    let count = (total * fps).floor() as usize + 1;
    let clean = Shape::default();
    let mut frames = Vec::with_capacity(count);
    for i in 0..count {
        let time = i as f64 / fps;
        let mut start = 0.0;
        let mut skeleton = pose(&body, &clean, 0.0, false);
        for &(phase, duration) in &phases {
            if time <= start + duration {
                let tau = if duration > 0.0 {
                    (time - start) / duration
                } else {
                    1.0
                };
                let shape = |j: usize| shapes.get(j).copied().unwrap_or_default();
                skeleton = match phase {
                    Phase::Stand => pose(&body, &clean, 1.0, false),
                    Phase::Bend => pose(&body, &clean, 1.0 - half_cosine(tau), false),
                    Phase::Pause(j) => pose(&body, &shape(j), 0.0, true),
                    Phase::Pull(j) => {
                        let s = shape(j);
                        pose(&body, &s, pull_progress(tau, s.jerk), true)
                    }
                    Phase::Hold(j) => pose(&body, &shape(j), 1.0, true),
                    Phase::Lower(j) => pose(&body, &shape(j), 1.0 - half_cosine(tau), false),
                };
                break;
            }
            start += duration;
        }
        let dropped = rng.chance(scenario.drop_rate);
        let hidden_wrist = rng.chance(scenario.drop_rate / 2.0);
        let mut place = |p: (f64, f64), offset: f64| -> (f32, f32) {
            let x = centre + dir * (p.0 + offset) + scenario.noise * rng.normal();
            let y = floor - p.1 + scenario.noise * rng.normal();
            (x as f32, y as f32)
        };
        let mut landmarks = vec![Landmark::default(); landmark::COUNT];
        let (near_left, far) = (scenario.facing_right, 0.015 * height);
        let sk = skeleton;
        let pairs: [(usize, usize, (f64, f64)); 11] = [
            (1, 4, sk.eye),
            (2, 5, sk.eye),
            (3, 6, sk.eye),
            (landmark::LEFT_EAR, landmark::RIGHT_EAR, sk.ear),
            (9, 10, sk.mouth),
            (
                landmark::LEFT_SHOULDER,
                landmark::RIGHT_SHOULDER,
                sk.shoulder,
            ),
            (landmark::LEFT_ELBOW, landmark::RIGHT_ELBOW, sk.elbow),
            (landmark::LEFT_HIP, landmark::RIGHT_HIP, sk.hip),
            (landmark::LEFT_KNEE, landmark::RIGHT_KNEE, sk.knee),
            (landmark::LEFT_ANKLE, landmark::RIGHT_ANKLE, sk.ankle),
            (landmark::LEFT_HEEL, landmark::RIGHT_HEEL, sk.heel),
        ];
        let mut set = |index: usize, p: (f64, f64), offset: f64, visibility: f32| {
            let (x, y) = place(p, offset);
            if let Some(slot) = landmarks.get_mut(index) {
                *slot = Landmark { x, y, visibility };
            }
        };
        let near_vis = 0.95;
        let far_vis = 0.3;
        let mut both = |left: usize, right: usize, p: (f64, f64), near_v: f32| {
            let (near, other) = if near_left {
                (left, right)
            } else {
                (right, left)
            };
            set(near, p, 0.0, near_v);
            set(other, p, far, far_vis);
        };
        for (left, right, p) in pairs {
            both(left, right, p, near_vis);
        }
        both(
            landmark::LEFT_FOOT_INDEX,
            landmark::RIGHT_FOOT_INDEX,
            sk.toe,
            near_vis,
        );
        let wrist_vis = if hidden_wrist { 0.2 } else { near_vis };
        both(
            landmark::LEFT_WRIST,
            landmark::RIGHT_WRIST,
            sk.wrist,
            wrist_vis,
        );
        for (left, right) in [(17, 18), (19, 20), (21, 22)] {
            both(left, right, sk.hand, wrist_vis);
        }
        set(landmark::NOSE, sk.nose, 0.0, near_vis);
        frames.push(Frame {
            time,
            landmarks: if dropped { None } else { Some(landmarks) },
        });
    }
    Synthetic {
        track: Track {
            width: width as u32,
            height: image_height as u32,
            fps,
            frames,
        },
        truth,
    }
}

/// How to build a validation population. Fault sizes are given as multiples of the distance
/// from a clean rep's value to the threshold: 1 is exactly at the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationSettings {
    /// Seed of everything random.
    pub seed: u64,
    /// How many clips.
    pub sets: usize,
    /// Body heights in pixels, drawn uniformly from this range.
    pub body_height: (f64, f64),
    /// Frame rates, one chosen per clip.
    pub fps: Vec<f64>,
    /// Pixel jitter standard deviation range.
    pub noise: (f64, f64),
    /// Dropped-frame share range.
    pub drop_rate: (f64, f64),
    /// Reps per clip, inclusive range.
    pub reps: (usize, usize),
    /// Size range of faults that must be found.
    pub over: (f64, f64),
    /// Size range of faults below the threshold that must not be flagged.
    pub under: (f64, f64),
    /// Size range of the small natural variation given to every other rep.
    pub clean: (f64, f64),
    /// Chance that a rep gets a fault of a given check over the threshold.
    pub over_share: f64,
    /// Chance that a rep gets a fault of a given check under the threshold.
    pub under_share: f64,
}

impl PopulationSettings {
    /// Realistic filming: bodies 400–900 px, 15 or 30 fps, up to 2 px jitter, up to 10% dropped
    /// frames, 1–5 reps, faults from 1.25 to 2 times the threshold, sub-threshold faults from 0.3
    /// to 0.6 times it.
    #[must_use]
    pub fn realistic(seed: u64, sets: usize) -> Self {
        Self {
            seed,
            sets,
            body_height: (400.0, 900.0),
            fps: vec![15.0, 30.0],
            noise: (0.0, 2.0),
            drop_rate: (0.0, 0.1),
            reps: (1, 5),
            over: (1.25, 2.0),
            under: (0.3, 0.6),
            clean: (0.0, 0.2),
            over_share: 0.3,
            under_share: 0.2,
        }
    }

    /// Realistic filming with every fault close to the threshold: 1.05–1.25 times it when over,
    /// 0.75–0.95 times it when under. Shows how sharp the cut-off is, not a target.
    #[must_use]
    pub fn near_threshold(seed: u64, sets: usize) -> Self {
        Self {
            over: (1.05, 1.25),
            under: (0.75, 0.95),
            ..Self::realistic(seed, sets)
        }
    }

    /// Harder filming: bodies down to 300 px and jitter up to 3 px, otherwise as
    /// [`PopulationSettings::realistic`].
    #[must_use]
    pub fn hard(seed: u64, sets: usize) -> Self {
        Self {
            body_height: (300.0, 900.0),
            noise: (0.0, 3.0),
            ..Self::realistic(seed, sets)
        }
    }
}

/// A seeded population of clips with faults sized against `thresholds`.
#[must_use]
pub fn population(settings: &PopulationSettings, thresholds: &Thresholds) -> Vec<Scenario> {
    let mut rng = Rng::new(settings.seed);
    let jerk_base = clean_jerk_ratio(&Build::default());
    (0..settings.sets)
        .map(|_| {
            // Start poses where the wrists begin at least a sixth of a shin below the knees, as
            // with a barbell, a trap bar or a kettlebell between the feet.
            let mut build = Build::default();
            for _ in 0..100 {
                build = Build {
                    shin: 0.246 * rng.range(0.96, 1.04),
                    thigh: 0.245 * rng.range(0.96, 1.04),
                    trunk: 0.288 * rng.range(0.96, 1.04),
                    arm: 0.33 * rng.range(0.97, 1.03),
                    start_shin: rng.range(15.0, 22.0),
                    start_thigh: rng.range(56.0, 66.0),
                    start_trunk: rng.range(54.0, 62.0),
                };
                if build.start_depth() >= 1.0 / 6.0 {
                    break;
                }
            }
            let reps = rng.between(settings.reps.0, settings.reps.1);
            let plans = (0..reps)
                .map(|_| {
                    let mut plan = RepPlan {
                        pause_seconds: rng.range(0.3, 1.0),
                        pull_seconds: rng.range(0.9, 2.0),
                        hold_seconds: rng.range(0.4, 1.2),
                        lower_seconds: rng.range(0.9, 2.0),
                        faults: Vec::new(),
                    };
                    for check in Check::ALL {
                        let roll = rng.uniform();
                        let band = if roll < settings.over_share {
                            settings.over
                        } else if roll < settings.over_share + settings.under_share {
                            settings.under
                        } else {
                            settings.clean
                        };
                        let k = rng.range(band.0, band.1);
                        let threshold = thresholds.get(check);
                        let size = if check == Check::JerkyStart {
                            jerk_base + k * (threshold - jerk_base)
                        } else {
                            k * threshold
                        };
                        if size > 0.0 {
                            plan.faults.push(Injected { check, size });
                        }
                    }
                    plan
                })
                .collect();
            let fps = settings
                .fps
                .get(rng.between(0, settings.fps.len().saturating_sub(1)))
                .copied()
                .unwrap_or(15.0);
            Scenario {
                body_height: rng.range(settings.body_height.0, settings.body_height.1),
                fps,
                facing_right: rng.chance(0.5),
                noise: rng.range(settings.noise.0, settings.noise.1),
                drop_rate: rng.range(settings.drop_rate.0, settings.drop_rate.1),
                seed: rng.next_u64(),
                build,
                lead_in: rng.chance(0.7),
                reps: plans,
            }
        })
        .collect()
}

/// How one check did over a population.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckScore {
    /// Which check.
    pub check: Check,
    /// Reps with the fault injected over the threshold.
    pub faulty: usize,
    /// Of those, how many were flagged.
    pub detected: usize,
    /// Reps without the fault over the threshold (clean or under it).
    pub clean: usize,
    /// Of those, how many were flagged anyway.
    pub false_alarms: usize,
}

impl CheckScore {
    /// Share of faulty reps flagged (1 when there were none).
    #[must_use]
    pub fn sensitivity(&self) -> f64 {
        if self.faulty == 0 {
            1.0
        } else {
            self.detected as f64 / self.faulty as f64
        }
    }

    /// Share of clean reps not flagged (1 when there were none).
    #[must_use]
    pub fn specificity(&self) -> f64 {
        if self.clean == 0 {
            1.0
        } else {
            1.0 - self.false_alarms as f64 / self.clean as f64
        }
    }
}

/// How the checks did over a population.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    /// Clips analysed.
    pub sets: usize,
    /// Clips whose rep count came out exactly right.
    pub exact_counts: usize,
    /// Reps generated.
    pub reps: usize,
    /// Reps found.
    pub found_reps: usize,
    /// Generated reps matched to a found rep.
    pub matched_reps: usize,
    /// One score per check, in [`Check::ALL`] order.
    pub checks: Vec<CheckScore>,
}

impl Validation {
    /// Share of clips with the exact rep count.
    #[must_use]
    pub fn count_accuracy(&self) -> f64 {
        if self.sets == 0 {
            1.0
        } else {
            self.exact_counts as f64 / self.sets as f64
        }
    }
}

/// Generates and analyses every scenario and scores the checks against the injected truth. A
/// generated rep is matched to the found rep that lifts off within 0.5 s of it; a faulty rep with
/// no match counts as missed, a clean one with no match is left out.
#[must_use]
pub fn validate(scenarios: &[Scenario], thresholds: &Thresholds) -> Validation {
    let mut result = Validation {
        sets: scenarios.len(),
        exact_counts: 0,
        reps: 0,
        found_reps: 0,
        matched_reps: 0,
        checks: Check::ALL
            .iter()
            .map(|&check| CheckScore {
                check,
                faulty: 0,
                detected: 0,
                clean: 0,
                false_alarms: 0,
            })
            .collect(),
    };
    for scenario in scenarios {
        let clip = generate(scenario);
        let analysis = analyse(&clip.track, thresholds).ok();
        let found = analysis.as_ref().map_or(&[][..], |a| &a.reps[..]);
        result.reps += clip.truth.len();
        result.found_reps += found.len();
        if found.len() == clip.truth.len() {
            result.exact_counts += 1;
        }
        for truth in &clip.truth {
            let rep = found.iter().find(|rep| {
                rep.positions
                    .first()
                    .is_some_and(|p| (p.time - truth.lift_off).abs() <= 0.5)
            });
            if rep.is_some() {
                result.matched_reps += 1;
            }
            for score in &mut result.checks {
                let faulty = truth.size(score.check) > thresholds.get(score.check);
                let flagged = rep.is_some_and(|rep| {
                    analysis.as_ref().is_some_and(|a| {
                        a.proposals
                            .iter()
                            .any(|p| p.rep == rep.number && p.check == score.check)
                    })
                });
                if faulty {
                    score.faulty += 1;
                    score.detected += usize::from(flagged);
                } else if rep.is_some() {
                    score.clean += 1;
                    score.false_alarms += usize::from(flagged);
                }
            }
        }
    }
    result
}
