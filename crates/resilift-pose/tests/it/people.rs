//! The pose stage on real people: the single-person demo of pose2sim, one person filmed by
//! four calibrated cameras at once (1.7 s each, 1080×1920 at 60 frames a second).

use resilift_form::landmark as lm;
use resilift_pose::{Limits, track_with};

use crate::{data, model};

/// Limbs whose length in the model's own 3D estimate should not change while a person moves.
const LIMBS: [(&str, usize, usize); 8] = [
    ("left thigh", lm::LEFT_HIP, lm::LEFT_KNEE),
    ("right thigh", lm::RIGHT_HIP, lm::RIGHT_KNEE),
    ("left shin", lm::LEFT_KNEE, lm::LEFT_ANKLE),
    ("right shin", lm::RIGHT_KNEE, lm::RIGHT_ANKLE),
    ("left upper arm", lm::LEFT_SHOULDER, lm::LEFT_ELBOW),
    ("right upper arm", lm::RIGHT_SHOULDER, lm::RIGHT_ELBOW),
    ("left forearm", lm::LEFT_ELBOW, lm::LEFT_WRIST),
    ("right forearm", lm::RIGHT_ELBOW, lm::RIGHT_WRIST),
];

/// Left–right pairs whose labels must not swap between frames.
const PAIRS: [(usize, usize); 4] = [
    (lm::LEFT_SHOULDER, lm::RIGHT_SHOULDER),
    (lm::LEFT_HIP, lm::RIGHT_HIP),
    (lm::LEFT_KNEE, lm::RIGHT_KNEE),
    (lm::LEFT_ANKLE, lm::RIGHT_ANKLE),
];

/// The largest coefficient of variation allowed for a thigh, shin or upper arm's 3D length over
/// a clip.
const LIMB_TOLERANCE: f64 = 0.15;
/// The forearms swing fastest and blur most in these clips: a looser bound.
const FOREARM_TOLERANCE: f64 = 0.40;

fn distance(a: [f32; 3], b: [f32; 3]) -> f64 {
    f64::from((a[0] - b[0]).hypot(a[1] - b[1]).hypot(a[2] - b[2]))
}

struct Measured {
    frames: usize,
    found: usize,
    /// Each limb's coefficient of variation, in `LIMBS` order.
    spread: Vec<f64>,
    swaps: usize,
}

/// A left-to-right vector across the body in the model's 3D estimate, seen from above.
fn across(world: &[[f32; 3]], left: usize, right: usize) -> (f64, f64) {
    (
        f64::from(world[right][0] - world[left][0]),
        f64::from(world[right][2] - world[left][2]),
    )
}

fn measure(camera: &str) -> Measured {
    let mut lengths: Vec<Vec<f64>> = vec![Vec::new(); LIMBS.len()];
    let mut swaps = 0;
    let mut last: Option<Vec<[f32; 3]>> = None;
    let track = track_with(
        &data().join(format!("pose2sim/{camera}.mp4")),
        model(),
        &Limits::default(),
        |_, found| {
            let Some(found) = found else {
                last = None;
                return;
            };
            for (i, (_, a, b)) in LIMBS.iter().enumerate() {
                lengths[i].push(distance(found.world[*a], found.world[*b]));
            }
            // A swap of left and right turns the line across the hips or the shoulders (in the
            // model's own 3D estimate, seen from above) by more than a right angle from one frame to
            // the next (1/15 s): no person turns that fast. This is independent of the tracker's
            // own correction, which looks at the points' places in the picture.
            if let Some(before) = &last {
                for (left, right) in PAIRS.iter().take(2) {
                    let (a, b) = (
                        across(before, *left, *right),
                        across(&found.world, *left, *right),
                    );
                    if a.0 * b.0 + a.1 * b.1 < 0.0 {
                        swaps += 1;
                    }
                }
            }
            last = Some(found.world.clone());
        },
    )
    .unwrap();
    let spread = lengths
        .iter()
        .map(|values| {
            #[allow(clippy::cast_precision_loss)]
            let n = values.len().max(1) as f64;
            let mean = values.iter().sum::<f64>() / n;
            let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
            sd / mean
        })
        .collect();
    Measured {
        frames: track.frames.len(),
        found: track
            .frames
            .iter()
            .filter(|f| f.landmarks.is_some())
            .count(),
        spread,
        swaps,
    }
}

#[test]
fn a_real_person_is_found_on_nearly_every_frame_with_steady_limbs_and_sides_kept() {
    let names: Vec<&str> = LIMBS.iter().map(|l| l.0).collect();
    println!(
        "| camera | frames | with a person | {} | left/right swaps |",
        names.join(" | ")
    );
    for camera in ["cam01", "cam02", "cam03", "cam04"] {
        let m = measure(camera);
        let spread: Vec<String> = m.spread.iter().map(|s| format!("{s:.3}")).collect();
        println!(
            "| {camera} | {} | {} | {} | {} |",
            m.frames,
            m.found,
            spread.join(" | "),
            m.swaps
        );
        assert!(m.frames >= 24, "{camera}: {} frames", m.frames);
        assert!(
            m.found * 100 >= m.frames * 95,
            "{camera}: a person on {} of {} frames",
            m.found,
            m.frames
        );
        for ((name, _, _), spread) in LIMBS.iter().zip(&m.spread) {
            let tolerance = if name.contains("forearm") {
                FOREARM_TOLERANCE
            } else {
                LIMB_TOLERANCE
            };
            assert!(
                *spread <= tolerance,
                "{camera}: the {name} varies by {spread:.3}"
            );
        }
        // cam02 films the person from the front as they turn their back to it: there the model's
        // depth guess (which hip is nearer) flips on up to two frames, though the labels in the
        // picture stay put. Seen from the side or obliquely, it never flips.
        let allowed = if camera == "cam02" { 2 } else { 0 };
        assert!(
            m.swaps <= allowed,
            "{camera}: the line across the hips or shoulders reversed {} times",
            m.swaps
        );
    }
}
