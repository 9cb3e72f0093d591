//! The checks scored on a seeded synthetic population, with a seed other than the one the
//! defaults were tuned on (the `fault-validation` example uses 20260501).

use resilift_form::Thresholds;
use resilift_form::synthetic::{PopulationSettings, population, validate};

#[test]
fn with_realistic_filming_every_check_is_at_least_90_percent_sensitive_and_specific() {
    let thresholds = Thresholds::default();
    let scenarios = population(&PopulationSettings::realistic(7, 60), &thresholds);
    let result = validate(&scenarios, &thresholds);
    assert!(
        result.count_accuracy() >= 0.95,
        "rep count exact on {} of {}",
        result.exact_counts,
        result.sets
    );
    for score in &result.checks {
        assert!(score.faulty >= 20 && score.clean >= 40, "{score:?}");
        assert!(
            score.sensitivity() >= 0.9,
            "{}: sensitivity {:.3} ({score:?})",
            score.check,
            score.sensitivity()
        );
        assert!(
            score.specificity() >= 0.9,
            "{}: specificity {:.3} ({score:?})",
            score.check,
            score.specificity()
        );
    }
}
