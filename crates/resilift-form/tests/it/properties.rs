//! No input makes the analysis panic, and every frame index it returns is inside the clip.

use proptest::prelude::*;
use resilift_form::analysis::Check;
use resilift_form::synthetic::{RepPlan, Scenario, generate};
use resilift_form::{Analysis, Frame, Landmark, Thresholds, Track, analyse};

fn assert_in_range(analysis: &Analysis, frames: usize) {
    assert_eq!(analysis.frames, frames);
    assert!(analysis.frames_with_pose <= frames);
    for rep in &analysis.reps {
        assert!(rep.lift_off <= rep.lockout && rep.lockout <= rep.end && rep.end < frames);
        assert_eq!(rep.positions.len(), 4);
        for p in &rep.positions {
            assert!(p.frame >= rep.lift_off && p.frame <= rep.lockout, "{p:?}");
        }
        assert!(rep.positions.windows(2).all(|w| w[0].frame <= w[1].frame));
        assert_eq!(rep.curve.len(), rep.end - rep.lift_off + 1);
    }
    for p in &analysis.proposals {
        assert!(p.frame < frames);
        assert!(analysis.reps.iter().any(|r| r.number == p.rep));
    }
    assert!(
        analysis
            .proposals
            .windows(2)
            .all(|w| (w[0].rep, index(w[0].check)) < (w[1].rep, index(w[1].check)))
    );
}

fn index(check: Check) -> usize {
    Check::ALL
        .iter()
        .position(|&c| c == check)
        .unwrap_or(usize::MAX)
}

fn any_f32() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => -2000.0_f32..2000.0,
        1 => proptest::num::f32::ANY,
        1 => Just(f32::NAN),
        1 => Just(f32::INFINITY),
        1 => Just(f32::MAX),
    ]
}

fn landmark() -> impl Strategy<Value = Landmark> {
    (any_f32(), any_f32(), prop_oneof![0.0_f32..1.0, any_f32()])
        .prop_map(|(x, y, visibility)| Landmark { x, y, visibility })
}

fn frame() -> impl Strategy<Value = Frame> {
    (
        prop_oneof![4 => 0.0_f64..100.0, 1 => proptest::num::f64::ANY],
        proptest::option::of(prop::collection::vec(landmark(), 0..36)),
    )
        .prop_map(|(time, landmarks)| Frame { time, landmarks })
}

fn thresholds() -> impl Strategy<Value = Thresholds> {
    prop_oneof![
        3 => Just(Thresholds::default()),
        1 => (any_f32(), proptest::num::f64::ANY, proptest::num::f64::ANY).prop_map(
            |(min_visibility, min_rep_rise, other)| Thresholds {
                min_visibility,
                min_rep_rise,
                jerky_start_ratio: other,
                hips_rise_first_degrees: other,
                bar_drift_percent: other,
                lockout_hyperextension_degrees: other,
                spine_rounding_percent: other,
            }
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_tracks_never_panic_and_stay_in_range(
        frames in prop::collection::vec(frame(), 0..40),
        fps in prop_oneof![3 => 1.0_f64..120.0, 1 => proptest::num::f64::ANY],
        thresholds in thresholds(),
    ) {
        let total = frames.len();
        let track = Track { width: 640, height: 480, fps, frames };
        if let Ok(analysis) = analyse(&track, &thresholds) {
            assert_in_range(&analysis, total);
        }
    }

    #[test]
    fn damaged_synthetic_lifts_never_panic_and_stay_in_range(
        reps in 0_usize..4,
        fps in 5.0_f64..70.0,
        noise in 0.0_f64..30.0,
        drop_rate in 0.0_f64..0.7,
        height in 20.0_f64..3000.0,
        facing_right in any::<bool>(),
        seed in any::<u64>(),
        sizes in prop::collection::vec(-50.0_f64..200.0, 5),
        damage in prop::collection::vec((any::<prop::sample::Index>(), 0_usize..33, any_f32()), 0..20),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut plan = RepPlan::clean();
        for (check, size) in Check::ALL.into_iter().zip(sizes) {
            plan = plan.with(check, size);
        }
        let scenario = Scenario {
            fps,
            noise,
            drop_rate,
            body_height: height,
            facing_right,
            seed,
            reps: vec![plan; reps],
            ..Scenario::clean(reps)
        };
        let mut track = generate(&scenario).track;
        let total = track.frames.len();
        for (at, index, value) in damage {
            if let Some(landmarks) = track.frames[at.index(total)].landmarks.as_mut() {
                landmarks[index].x = value;
                landmarks[index].y = value;
            }
        }
        track.frames.truncate(cut.index(total) + 1);
        let total = track.frames.len();
        if let Ok(analysis) = analyse(&track, &Thresholds::default()) {
            assert_in_range(&analysis, total);
        }
    }
}
