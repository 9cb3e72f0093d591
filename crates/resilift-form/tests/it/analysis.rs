//! Angles, rep counting, phases and each check on synthetic deadlifts with known faults.

use resilift_form::analysis::{Check, Moment, Side};
use resilift_form::synthetic::{RepPlan, Scenario, generate};
use resilift_form::{Analysis, AnalysisError, Frame, Thresholds, Track, analyse};

fn run(scenario: &Scenario) -> Analysis {
    analyse(&generate(scenario).track, &Thresholds::default()).expect("the clip is analysable")
}

fn flagged(analysis: &Analysis, check: Check) -> Vec<u32> {
    analysis
        .proposals
        .iter()
        .filter(|p| p.check == check)
        .map(|p| p.rep)
        .collect()
}

#[test]
fn clean_clips_give_the_exact_rep_count() {
    for reps in 0..=5 {
        for fps in [10.0, 15.0, 30.0, 60.0] {
            for facing_right in [true, false] {
                for lead_in in [true, false] {
                    let scenario = Scenario {
                        fps,
                        facing_right,
                        lead_in,
                        ..Scenario::clean(reps)
                    };
                    let analysis = run(&scenario);
                    assert_eq!(
                        analysis.reps.len(),
                        reps,
                        "{reps} reps at {fps} fps, facing right {facing_right}, lead-in {lead_in}"
                    );
                    assert!(
                        analysis.proposals.is_empty(),
                        "clean reps flagged: {:?}",
                        analysis.proposals
                    );
                }
            }
        }
    }
}

#[test]
fn noisy_clips_with_dropped_frames_still_give_the_exact_rep_count() {
    for seed in 0..10 {
        let scenario = Scenario {
            noise: 2.0,
            drop_rate: 0.1,
            seed,
            body_height: 450.0,
            ..Scenario::clean(4)
        };
        assert_eq!(run(&scenario).reps.len(), 4, "seed {seed}");
    }
}

#[test]
fn a_standing_lockout_is_upright_and_straight() {
    let analysis = run(&Scenario::clean(1));
    let lockout = analysis.reps[0]
        .positions
        .iter()
        .find(|p| p.moment == Moment::Lockout)
        .expect("a lockout position");
    assert!(lockout.trunk.abs() < 4.0, "trunk {}", lockout.trunk);
    assert!(lockout.hip > 175.0, "hip {}", lockout.hip);
    assert!(lockout.knee > 175.0, "knee {}", lockout.knee);
    assert!(lockout.bar.abs() < 10.0, "bar {}", lockout.bar);
}

#[test]
fn the_start_pose_is_a_hinge_with_the_weight_over_mid_foot() {
    let analysis = run(&Scenario::clean(1));
    let start = &analysis.reps[0].positions[0];
    assert_eq!(start.moment, Moment::LiftOff);
    assert!((start.trunk - 58.0).abs() < 2.0, "trunk {}", start.trunk);
    assert!((start.hip - 62.0).abs() < 2.0, "hip {}", start.hip);
    assert!((start.knee - 102.0).abs() < 2.0, "knee {}", start.knee);
    assert!(start.bar.abs() < 3.0, "bar {}", start.bar);
}

#[test]
fn facing_left_or_right_gives_the_same_angles_from_the_near_side() {
    let right = run(&Scenario::clean(2));
    let left = run(&Scenario {
        facing_right: false,
        ..Scenario::clean(2)
    });
    assert!(right.facing_right);
    assert!(!left.facing_right);
    assert_eq!(right.side, Side::Left);
    assert_eq!(left.side, Side::Right);
    assert_eq!(right.reps.len(), left.reps.len());
    for (a, b) in right.reps.iter().zip(&left.reps) {
        assert_eq!(a.lift_off, b.lift_off);
        assert_eq!(a.lockout, b.lockout);
        for (p, q) in a.positions.iter().zip(&b.positions) {
            assert_eq!(p.frame, q.frame);
            for (x, y) in [
                (p.trunk, q.trunk),
                (p.hip, q.hip),
                (p.knee, q.knee),
                (p.bar, q.bar),
            ] {
                assert!((x - y).abs() < 0.01, "{p:?} vs {q:?}");
            }
        }
    }
}

#[test]
fn reps_carry_ordered_positions_phases_and_a_curve() {
    let scenario = Scenario::clean(3);
    let clip = generate(&scenario);
    let analysis = analyse(&clip.track, &Thresholds::default()).unwrap();
    assert_eq!(analysis.frames, clip.track.frames.len());
    assert_eq!(analysis.frames_with_pose, analysis.frames);
    assert!(analysis.leg_length > 0.45 * 600.0 && analysis.leg_length < 0.55 * 600.0);
    for (rep, truth) in analysis.reps.iter().zip(&clip.truth) {
        let moments: Vec<Moment> = rep.positions.iter().map(|p| p.moment).collect();
        assert_eq!(moments, Moment::ALL);
        assert!(rep.positions.windows(2).all(|w| w[0].frame <= w[1].frame));
        assert!(rep.lift_off < rep.lockout && rep.lockout < rep.end);
        assert!((rep.positions[0].time - truth.lift_off).abs() < 0.15);
        assert!(
            (rep.pull_seconds - 1.2).abs() < 0.35,
            "pull {}",
            rep.pull_seconds
        );
        assert!(rep.pull_speed > 0.1);
        let lower = rep.lower_seconds.expect("lowered");
        assert!(lower > 0.6 && lower < 1.6, "lower {lower}");
        assert!(rep.lower_speed.expect("lowered") > 0.1);
        assert_eq!(rep.curve.len(), rep.end - rep.lift_off + 1);
        assert_eq!(rep.curve[0].time, 0.0);
    }
    let numbers: Vec<u32> = analysis.reps.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
}

#[test]
fn a_clip_that_stops_at_the_top_has_no_lowering() {
    let mut clip = generate(&Scenario::clean(1));
    let truth = &clip.truth[0];
    let keep = ((truth.lockout + 0.5) * clip.track.fps) as usize;
    clip.track.frames.truncate(keep);
    let analysis = analyse(&clip.track, &Thresholds::default()).unwrap();
    assert_eq!(analysis.reps.len(), 1);
    let rep = &analysis.reps[0];
    assert_eq!(rep.lower_seconds, None);
    assert_eq!(rep.lower_speed, None);
    assert_eq!(rep.end, keep - 1);
}

#[test]
fn a_clip_cut_off_mid_pull_counts_no_rep() {
    let mut clip = generate(&Scenario::clean(1));
    let truth = &clip.truth[0];
    let keep = ((truth.lift_off + 0.7) * clip.track.fps) as usize;
    clip.track.frames.truncate(keep);
    assert!(
        analyse(&clip.track, &Thresholds::default())
            .unwrap()
            .reps
            .is_empty()
    );
}

/// Three reps, the middle one with the fault at `size`, with realistic noise.
fn middle_rep_with(check: Check, size: f64, fps: f64, facing_right: bool) -> Analysis {
    let scenario = Scenario {
        fps,
        facing_right,
        noise: 1.0,
        seed: 11,
        reps: vec![
            RepPlan::clean(),
            RepPlan::clean().with(check, size),
            RepPlan::clean(),
        ],
        ..Scenario::clean(3)
    };
    run(&scenario)
}

fn clear_size(check: Check) -> f64 {
    let t = Thresholds::default();
    match check {
        Check::JerkyStart => 2.5,
        _ => 2.0 * t.get(check),
    }
}

#[test]
fn each_fault_injected_clearly_is_found_on_its_rep_only() {
    for check in Check::ALL {
        for fps in [15.0, 30.0] {
            for facing_right in [true, false] {
                let analysis = middle_rep_with(check, clear_size(check), fps, facing_right);
                assert_eq!(analysis.reps.len(), 3, "{check} at {fps} fps");
                assert_eq!(flagged(&analysis, check), [2], "{check} at {fps} fps");
                let others: Vec<_> = analysis
                    .proposals
                    .iter()
                    .filter(|p| p.check != check)
                    .collect();
                assert!(others.is_empty(), "{check}: also flagged {others:?}");
                let proposal = &analysis.proposals[0];
                assert!(proposal.measured > proposal.threshold);
                assert_eq!(proposal.threshold, Thresholds::default().get(check));
                let rep = &analysis.reps[1];
                assert!(proposal.frame >= rep.lift_off && proposal.frame <= rep.end);
            }
        }
    }
}

#[test]
fn each_fault_well_under_its_threshold_is_not_flagged() {
    for check in Check::ALL {
        let size = match check {
            Check::JerkyStart => 1.2,
            _ => 0.5 * Thresholds::default().get(check),
        };
        let analysis = middle_rep_with(check, size, 15.0, true);
        assert_eq!(analysis.reps.len(), 3);
        assert!(
            analysis.proposals.is_empty(),
            "{check}: {:?}",
            analysis.proposals
        );
    }
}

#[test]
fn the_measure_follows_the_injected_size() {
    let t = Thresholds::default();
    for check in Check::ALL {
        if check == Check::JerkyStart {
            continue;
        }
        let size = 2.0 * t.get(check);
        let measured = flagged_measure(&middle_rep_with(check, size, 30.0, true), check);
        assert!(
            (measured - size).abs() < 0.2 * size,
            "{check}: injected {size}, measured {measured}"
        );
    }
    let clip = generate(&Scenario {
        fps: 30.0,
        reps: vec![RepPlan::clean().with(Check::JerkyStart, 2.5)],
        ..Scenario::clean(1)
    });
    let truth = clip.truth[0].size(Check::JerkyStart);
    assert!((truth - 2.5).abs() < 0.01);
    let analysis = analyse(&clip.track, &t).unwrap();
    let measured = flagged_measure(&analysis, Check::JerkyStart);
    assert!(
        (measured - truth).abs() < 0.3,
        "jerk {truth} measured {measured}"
    );
}

fn flagged_measure(analysis: &Analysis, check: Check) -> f64 {
    analysis
        .proposals
        .iter()
        .find(|p| p.check == check)
        .map_or(f64::NAN, |p| p.measured)
}

#[test]
fn proposals_are_sorted_by_rep_then_check_and_worded_plainly() {
    let scenario = Scenario {
        reps: vec![
            RepPlan::clean()
                .with(Check::LockoutHyperextension, 20.0)
                .with(Check::SpineRounding, 16.0),
            RepPlan::clean()
                .with(Check::BarDrift, 40.0)
                .with(Check::HipsRiseFirst, 20.0)
                .with(Check::JerkyStart, 2.5),
        ],
        ..Scenario::clean(2)
    };
    let analysis = run(&scenario);
    let order: Vec<(u32, Check)> = analysis
        .proposals
        .iter()
        .map(|p| (p.rep, p.check))
        .collect();
    assert_eq!(
        order,
        [
            (1, Check::SpineRounding),
            (1, Check::LockoutHyperextension),
            (2, Check::JerkyStart),
            (2, Check::BarDrift),
            (2, Check::HipsRiseFirst),
        ]
    );
    for p in &analysis.proposals {
        assert!(!p.note.is_empty());
        assert!(!p.note.contains('_'), "{}", p.note);
        for check in Check::ALL {
            assert!(!p.note.contains(check.id()));
        }
    }
}

#[test]
fn an_empty_clip_is_refused() {
    let track = Track {
        width: 640,
        height: 480,
        fps: 15.0,
        frames: Vec::new(),
    };
    assert_eq!(
        analyse(&track, &Thresholds::default()),
        Err(AnalysisError::Empty)
    );
}

#[test]
fn a_clip_with_too_few_people_is_refused() {
    let mut clip = generate(&Scenario::clean(1));
    let total = clip.track.frames.len();
    for frame in clip.track.frames.iter_mut().skip(total / 3) {
        frame.landmarks = None;
    }
    let err = analyse(&clip.track, &Thresholds::default()).unwrap_err();
    assert_eq!(
        err,
        AnalysisError::NoPerson {
            found: total / 3,
            total
        }
    );
    assert!(err.to_string().starts_with("a person was found on only"));
    let blank = Track {
        width: 1,
        height: 1,
        fps: 15.0,
        frames: vec![
            Frame {
                time: 0.0,
                landmarks: None
            };
            3
        ],
    };
    assert_eq!(
        analyse(&blank, &Thresholds::default()),
        Err(AnalysisError::NoPerson { found: 0, total: 3 })
    );
}

#[test]
fn a_hidden_far_side_does_not_confuse_the_side() {
    // The far side is generated with low visibility; make it invisible entirely.
    let mut clip = generate(&Scenario::clean(2));
    for frame in &mut clip.track.frames {
        if let Some(landmarks) = frame.landmarks.as_mut() {
            for index in [12, 14, 16, 24, 26, 28, 30, 32] {
                landmarks[index].visibility = 0.0;
            }
        }
    }
    let analysis = analyse(&clip.track, &Thresholds::default()).unwrap();
    assert_eq!(analysis.side, Side::Left);
    assert_eq!(analysis.reps.len(), 2);
}

#[test]
fn the_analysis_round_trips_through_json_with_snake_case_ids() {
    let analysis = run(&Scenario {
        reps: vec![RepPlan::clean().with(Check::BarDrift, 40.0)],
        ..Scenario::clean(1)
    });
    let json = serde_json::to_string(&analysis).unwrap();
    assert!(json.contains("\"check\":\"bar_drift\""), "{json}");
    assert!(json.contains("\"moment\":\"knee_height\""));
    assert!(json.contains("\"side\":\"left\""));
    // serde_json may round the last bit of a float, so compare what both read from the text.
    let back: Analysis = serde_json::from_str(&json).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), value);
    assert_eq!(back.reps.len(), analysis.reps.len());
}

#[test]
fn check_ids_and_moment_labels_are_stable() {
    let ids: Vec<&str> = Check::ALL.iter().map(|c| c.id()).collect();
    assert_eq!(
        ids,
        [
            "spine_rounding",
            "jerky_start",
            "bar_drift",
            "hips_rise_first",
            "lockout_hyperextension"
        ]
    );
    for check in Check::ALL {
        assert_eq!(
            serde_json::to_value(check).unwrap(),
            serde_json::Value::from(check.id())
        );
    }
    let labels: Vec<&str> = Moment::ALL.iter().map(|m| m.label()).collect();
    assert_eq!(labels, ["Lift-off", "Mid-shin", "Knee height", "Lockout"]);
}

#[test]
fn default_thresholds_are_the_documented_ones() {
    let t = Thresholds::default();
    assert_eq!(t.min_visibility, 0.5);
    assert_eq!(t.min_rep_rise, 0.15);
    assert_eq!(t.jerky_start_ratio, 1.6);
    assert_eq!(t.hips_rise_first_degrees, 10.0);
    assert_eq!(t.bar_drift_percent, 20.0);
    assert_eq!(t.lockout_hyperextension_degrees, 10.0);
    assert_eq!(t.spine_rounding_percent, 8.0);
}

#[test]
fn a_smooth_pull_scores_a_jerky_start_ratio_of_about_one_or_less() {
    let ratio =
        resilift_form::synthetic::clean_jerk_ratio(&resilift_form::synthetic::Build::default());
    assert!((0.6..1.2).contains(&ratio), "{ratio}");
    let measured = run(&Scenario::clean(1));
    assert!(flagged(&measured, Check::JerkyStart).is_empty());
}
