//! Scores the form checks on a seeded population of synthetic deadlift clips and prints, per
//! check, how many injected faults were found and how many clean reps were flagged anyway.
//!
//! Run with `cargo run -p resilift-form --release --example fault-validation [seed] [sets]`.

use resilift_form::Thresholds;
use resilift_form::synthetic::{PopulationSettings, Validation, population, validate};

fn main() {
    let mut args = std::env::args().skip(1);
    let seed = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_260_501_u64);
    let sets = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400_usize);
    let thresholds = Thresholds::default();
    println!("# Form check validation on synthetic deadlifts\n");
    println!("Thresholds: {thresholds:?}\n");
    for (name, settings) in [
        (
            "Realistic filming",
            PopulationSettings::realistic(seed, sets),
        ),
        ("Harder filming", PopulationSettings::hard(seed, sets)),
        (
            "Realistic filming, faults close to the threshold",
            PopulationSettings::near_threshold(seed, sets),
        ),
    ] {
        let scenarios = population(&settings, &thresholds);
        let result = validate(&scenarios, &thresholds);
        print_settings(name, &settings);
        print_table(&result);
    }
}

fn print_settings(name: &str, s: &PopulationSettings) {
    println!("## {name}\n");
    println!("- seed {}, {} clips", s.seed, s.sets);
    println!(
        "- body height {:.0}–{:.0} px, {:?} frames per second, both facing directions",
        s.body_height.0, s.body_height.1, s.fps
    );
    println!(
        "- pixel jitter σ {:.1}–{:.1} px, dropped frames {:.0}–{:.0}%, {}–{} reps per clip",
        s.noise.0,
        s.noise.1,
        s.drop_rate.0 * 100.0,
        s.drop_rate.1 * 100.0,
        s.reps.0,
        s.reps.1
    );
    println!(
        "- per rep and check: {:.0}% faulty at {:.2}–{:.2}× the threshold, {:.0}% under it at {:.2}–{:.2}×, the rest {:.2}–{:.2}× (natural variation); \
         for jerky start the multiple is of the distance from a clean pull's ratio to the threshold\n",
        s.over_share * 100.0,
        s.over.0,
        s.over.1,
        s.under_share * 100.0,
        s.under.0,
        s.under.1,
        s.clean.0,
        s.clean.1
    );
}

fn print_table(v: &Validation) {
    println!(
        "| check | faulty reps | detected | sensitivity | clean reps | false alarms | specificity |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for c in &v.checks {
        println!(
            "| {} | {} | {} | {:.3} | {} | {} | {:.3} |",
            c.check.id(),
            c.faulty,
            c.detected,
            c.sensitivity(),
            c.clean,
            c.false_alarms,
            c.specificity()
        );
    }
    println!(
        "\nRep count exact on {} of {} clips ({:.3}); {} reps generated, {} found, {} matched.\n",
        v.exact_counts,
        v.sets,
        v.count_accuracy(),
        v.reps,
        v.found_reps,
        v.matched_reps
    );
}
