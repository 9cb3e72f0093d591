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

/// The largest coefficient of variation allowed for a limb's 3D length over a clip.
const LIMB_TOLERANCE: f64 = 0.15;

fn distance(a: [f32; 3], b: [f32; 3]) -> f64 {
    f64::from((a[0] - b[0]).hypot(a[1] - b[1]).hypot(a[2] - b[2]))
}

struct Measured {
    frames: usize,
    found: usize,
    worst_limb: (&'static str, f64),
    swaps: usize,
}

fn measure(camera: &str) -> Measured {
    let mut lengths: Vec<Vec<f64>> = vec![Vec::new(); LIMBS.len()];
    let track = track_with(&data().join(format!("pose2sim/{camera}.mp4")), model(), &Limits::default(), |_, found| {
        if let Some(found) = found {
            for (i, (_, a, b)) in LIMBS.iter().enumerate() {
                lengths[i].push(distance(found.world[*a], found.world[*b]));
            }
        }
    })
    .unwrap();
    let worst_limb = LIMBS
        .iter()
        .zip(&lengths)
        .map(|((name, _, _), values)| {
            #[allow(clippy::cast_precision_loss)]
            let n = values.len().max(1) as f64;
            let mean = values.iter().sum::<f64>() / n;
            let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
            (*name, sd / mean)
        })
        .fold(("", 0.0), |worst, limb| if limb.1 > worst.1 { limb } else { worst });
    // A swap: the left point of one frame lies where the right point was on the frame before,
    // and the other way round, much closer than each lies to its own previous place.
    let mut swaps = 0;
    for pair in track.frames.windows(2) {
        let (Some(before), Some(after)) = (&pair[0].landmarks, &pair[1].landmarks) else { continue };
        let gap = |a: usize, b: usize| f64::from((after[a].x - before[b].x).hypot(after[a].y - before[b].y));
        for (left, right) in PAIRS {
            let kept = gap(left, left) + gap(right, right);
            let swapped = gap(left, right) + gap(right, left);
            if swapped < 0.5 * kept && kept > 10.0 {
                swaps += 1;
            }
        }
    }
    Measured {
        frames: track.frames.len(),
        found: track.frames.iter().filter(|f| f.landmarks.is_some()).count(),
        worst_limb,
        swaps,
    }
}

#[test]
fn a_real_person_is_found_on_nearly_every_frame_with_steady_limbs_and_sides_kept() {
    println!("| camera | frames | with a person | steadiest … least steady limb (coefficient of variation) | left/right swaps |");
    for camera in ["cam01", "cam02", "cam03", "cam04"] {
        let m = measure(camera);
        println!("| {camera} | {} | {} | {} {:.3} | {} |", m.frames, m.found, m.worst_limb.0, m.worst_limb.1, m.swaps);
        assert!(m.frames >= 24, "{camera}: {} frames", m.frames);
        assert!(m.found * 100 >= m.frames * 95, "{camera}: a person on {} of {} frames", m.found, m.frames);
        assert!(
            m.worst_limb.1 <= LIMB_TOLERANCE,
            "{camera}: {} varies by {:.3}",
            m.worst_limb.0,
            m.worst_limb.1
        );
        assert_eq!(m.swaps, 0, "{camera}: left and right swapped");
    }
}
