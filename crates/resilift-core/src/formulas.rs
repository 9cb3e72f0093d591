//! Estimated one-repetition maximum (`PRX-E1RM`): the default Epley-with-reps-in-reserve
//! formula, and the published alternatives offered for comparison.

use crate::domain::{Rpe, ValueError};

/// An e1RM formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Formula {
    /// Default: Epley on reps plus reps in reserve.
    EpleyRir,
    /// Epley on reps to failure.
    Epley,
    /// Brzycki.
    Brzycki,
    /// Lander.
    Lander,
    /// Lombardi.
    Lombardi,
    /// Mayhew et al.
    Mayhew,
    /// O'Conner et al.
    OConner,
    /// Wathan.
    Wathan,
    /// NSCA %1RM-repetition table.
    Nsca,
    /// Reactive Training Systems RPE chart.
    Rts,
}

impl Formula {
    /// Every formula with its wire name.
    pub const ALL: [(Self, &'static str); 10] = [
        (Self::EpleyRir, "epley_rir"),
        (Self::Epley, "epley"),
        (Self::Brzycki, "brzycki"),
        (Self::Lander, "lander"),
        (Self::Lombardi, "lombardi"),
        (Self::Mayhew, "mayhew"),
        (Self::OConner, "oconner"),
        (Self::Wathan, "wathan"),
        (Self::Nsca, "nsca"),
        (Self::Rts, "rts"),
    ];

    /// The wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(formula, _)| *formula == self)
            .map_or("epley_rir", |(_, name)| name)
    }

    /// Parses a wire name.
    ///
    /// # Errors
    /// When the name is unknown.
    pub fn parse(name: &str) -> Result<Self, ValueError> {
        Self::ALL
            .iter()
            .find(|(_, known)| *known == name)
            .map(|(formula, _)| *formula)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|(_, known)| *known).collect();
                ValueError(format!(
                    "unknown formula `{name}`, expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

/// The NSCA table: reps → %1RM (11, 12 and 15 reps are recalled values; see the evidence notes).
pub const NSCA_TABLE: [(u32, f64); 13] = [
    (1, 100.0),
    (2, 95.0),
    (3, 93.0),
    (4, 90.0),
    (5, 87.0),
    (6, 85.0),
    (7, 83.0),
    (8, 80.0),
    (9, 77.0),
    (10, 75.0),
    (11, 70.0),
    (12, 67.0),
    (15, 65.0),
];

/// The RTS chart, rows RPE 10 down to 6.5, columns 1-12 reps, as %1RM.
pub const RTS_CHART: [(f64, [f64; 12]); 8] = [
    (
        10.0,
        [
            100.0, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0,
        ],
    ),
    (
        9.5,
        [
            97.8, 93.9, 90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7,
        ],
    ),
    (
        9.0,
        [
            95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0, 65.3,
        ],
    ),
    (
        8.5,
        [
            93.9, 90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7, 64.0,
        ],
    ),
    (
        8.0,
        [
            92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0, 65.3, 62.6,
        ],
    ),
    (
        7.5,
        [
            90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7, 64.0, 61.3,
        ],
    ),
    (
        7.0,
        [
            89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0, 65.3, 62.6, 59.9,
        ],
    ),
    (
        6.5,
        [
            87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7, 64.0, 61.3, 58.6,
        ],
    ),
];

/// The default estimate (PRX-E1RM): `load × (1 + (reps + rir) / 30)`, the load itself when
/// `reps + rir = 1`; valid for RPE 6-10 and `reps + rir ≤ 12`.
///
/// # Errors
/// Outside the valid range.
pub fn epley_rir(load: f64, reps: u32, rpe: Rpe) -> Result<f64, ValueError> {
    e1rm(Formula::EpleyRir, load, reps, rpe)
}

/// Estimates a 1RM with the given formula; `rpe` 10 means the set went to failure.
///
/// # Errors
/// When the inputs fall outside the formula's valid range.
pub fn e1rm(formula: Formula, load: f64, reps: u32, rpe: Rpe) -> Result<f64, ValueError> {
    if !(load.is_finite() && load > 0.0) {
        return Err(ValueError(format!(
            "load: expected a positive number, got {load}"
        )));
    }
    if reps == 0 {
        return Err(ValueError("reps: expected at least 1".to_owned()));
    }
    if rpe.get() < 6.0 {
        return Err(ValueError(format!(
            "rpe: expected 6 to 10 in steps of 0.5, got {}",
            rpe.get()
        )));
    }
    let to_failure = f64::from(reps) + rpe.reps_in_reserve();
    if to_failure > 12.0 {
        return Err(ValueError(format!(
            "reps + reps in reserve is {to_failure}; estimates are only offered up to 12"
        )));
    }
    if (to_failure - 1.0).abs() < 1e-9 {
        return Ok(load);
    }
    let r = to_failure;
    let estimate = match formula {
        Formula::EpleyRir | Formula::Epley => load * (1.0 + r / 30.0),
        Formula::Brzycki => load * 36.0 / (37.0 - r),
        Formula::Lander => 100.0 * load / (101.3 - 2.671_23 * r),
        Formula::Lombardi => load * r.powf(0.10),
        Formula::Mayhew => 100.0 * load / (52.2 + 41.9 * (-0.055 * r).exp()),
        Formula::OConner => load * (1.0 + 0.025 * r),
        Formula::Wathan => 100.0 * load / (48.8 + 53.8 * (-0.075 * r).exp()),
        Formula::Nsca => load / nsca_fraction(r)?,
        Formula::Rts => load / rts_fraction(reps, rpe)?,
    };
    Ok(estimate)
}

fn nsca_fraction(reps_to_failure: f64) -> Result<f64, ValueError> {
    NSCA_TABLE
        .iter()
        .find(|(reps, _)| (f64::from(*reps) - reps_to_failure).abs() < 1e-9)
        .map(|(_, pct)| pct / 100.0)
        .ok_or_else(|| ValueError(format!("the NSCA table has no entry for {reps_to_failure} reps to failure (whole reps 1-12 only)")))
}

fn rts_fraction(reps: u32, rpe: Rpe) -> Result<f64, ValueError> {
    // INVARIANT (chart structure): RPE r at n reps equals RPE 10 at n + 10 − r, which gives RPE 6.
    let (row_rpe, column) = if rpe.get() < 6.5 {
        (10.0, reps + 4)
    } else {
        (rpe.get(), reps)
    };
    RTS_CHART
        .iter()
        .find(|(row, _)| (row - row_rpe).abs() < 1e-9)
        .and_then(|(_, values)| values.get(usize::try_from(column).ok()?.checked_sub(1)?))
        .map(|pct| pct / 100.0)
        .ok_or_else(|| {
            ValueError(format!(
                "the RTS chart has no entry for {reps} reps at RPE {}",
                rpe.get()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_failure(formula: Formula, load: f64, reps: u32) -> f64 {
        e1rm(formula, load, reps, Rpe::parse(10.0).unwrap()).unwrap()
    }

    #[test]
    fn formula_vectors_from_the_evidence_table() {
        let rows: [(f64, u32, [f64; 7]); 5] = [
            (100.0, 1, [100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0]),
            (
                100.0,
                5,
                [116.67, 112.50, 113.71, 117.46, 119.01, 112.50, 116.58],
            ),
            (
                100.0,
                10,
                [133.33, 133.33, 134.07, 125.89, 130.93, 125.00, 134.75],
            ),
            (
                140.0,
                3,
                [154.00, 148.24, 150.08, 156.26, 159.59, 150.50, 152.57],
            ),
            (60.0, 8, [76.00, 74.48, 75.07, 73.87, 75.77, 72.00, 76.60]),
        ];
        let formulas = [
            Formula::Epley,
            Formula::Brzycki,
            Formula::Lander,
            Formula::Lombardi,
            Formula::Mayhew,
            Formula::OConner,
            Formula::Wathan,
        ];
        for (load, reps, expected) in rows {
            for (formula, want) in formulas.iter().zip(expected) {
                let got = at_failure(*formula, load, reps);
                assert!(
                    (got - want).abs() < 0.006,
                    "{formula:?} {load}x{reps}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn epley_with_reps_in_reserve_matches_the_contract() {
        let rpe = |v| Rpe::parse(v).unwrap();
        assert!((epley_rir(140.0, 5, rpe(8.0)).unwrap() - 172.666).abs() < 0.01);
        assert!((epley_rir(100.0, 5, rpe(10.0)).unwrap() - 116.666).abs() < 0.01);
        assert_eq!(epley_rir(180.0, 1, rpe(10.0)), Ok(180.0));
        assert!(epley_rir(100.0, 10, rpe(7.0)).is_err());
        assert!(epley_rir(100.0, 5, rpe(5.5)).is_err());
    }

    #[test]
    fn nsca_table_vectors() {
        assert!((at_failure(Formula::Nsca, 87.0, 5) - 100.0).abs() < 1e-9);
        assert!((at_failure(Formula::Nsca, 120.0, 8) - 150.0).abs() < 1e-9);
        // The inverse: a 150 kg 1RM gives a 10-rep load of 112.5 kg.
        assert!((150.0 * nsca_fraction(10.0).unwrap() - 112.5).abs() < 1e-9);
    }

    #[test]
    fn rts_chart_vectors() {
        let rts =
            |load, reps, rpe| e1rm(Formula::Rts, load, reps, Rpe::parse(rpe).unwrap()).unwrap();
        assert!((rts(140.0, 5, 8.0) - 172.63).abs() < 0.01);
        assert!((rts(100.0, 8, 9.0) - 131.23).abs() < 0.01);
        assert!((rts(180.0, 1, 10.0) - 180.0).abs() < 1e-9);
        // Forward direction: an e1RM of 200 for 3 reps at RPE 7 and 8.
        let forward = |reps, rpe| 200.0 * rts_fraction(reps, Rpe::parse(rpe).unwrap()).unwrap();
        assert!((forward(3, 7.0) - 167.4).abs() < 1e-6);
        assert!((forward(3, 8.0) - 172.6).abs() < 1e-6);
        assert!((rts(100.0, 3, 6.0) - 100.0 / 0.811).abs() < 1e-9);
    }
}
