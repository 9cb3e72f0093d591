//! Instrument scoring (`INS-*`): pain scale change, ODI, RMDQ, STarT Back, TSK-11,
//! Biering-Sorensen, the McGill battery and the Bunkie test.

use crate::config::InstrumentConfig;
use crate::domain::{Sex, ValueError};

/// Which way a change went, judged against the minimal important change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// An improvement at least as large as the minimal important change.
    Better,
    /// A worsening at least as large as the minimal important change: worth a review.
    Worse,
    /// Smaller than the minimal important change either way.
    NoImportantChange,
}

impl Direction {
    /// The stable wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Better => "better",
            Self::Worse => "worse",
            Self::NoImportantChange => "no_important_change",
        }
    }
}

/// A change between two scores, judged in both directions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// Improvement in points (baseline − follow-up; positive is better, negative is worse).
    pub improvement: f64,
    /// Improvement as a fraction of baseline, or `None` when the baseline is 0.
    pub improvement_pct: Option<f64>,
    /// The size of the change reaches the points threshold.
    pub important_by_points: bool,
    /// The size of the change reaches the percentage threshold.
    pub important_by_pct: bool,
    /// Better, worse, or no important change.
    pub direction: Direction,
}

/// Compares a baseline with a follow-up where lower is better. A change counts as important
/// when its size reaches `mic_points` or `mic_pct` of the baseline, whichever way it went.
#[must_use]
pub fn change(baseline: f64, follow_up: f64, mic_points: f64, mic_pct: f64) -> Change {
    let improvement = baseline - follow_up;
    let improvement_pct = (baseline > 0.0).then(|| improvement / baseline);
    let by_points = improvement.abs() >= mic_points - 1e-9;
    let by_pct = improvement_pct.is_some_and(|pct| pct.abs() >= mic_pct - 1e-9);
    let direction = if improvement.abs() < 1e-9 || !(by_points || by_pct) {
        Direction::NoImportantChange
    } else if improvement > 0.0 {
        Direction::Better
    } else {
        Direction::Worse
    };
    Change {
        improvement,
        improvement_pct,
        important_by_points: by_points,
        important_by_pct: by_pct,
        direction,
    }
}

/// Pain severity band (interference-based, chronic musculoskeletal pain).
#[must_use]
pub fn nprs_band(score: u8) -> &'static str {
    match score {
        0 => "none",
        1..=5 => "mild",
        6 | 7 => "moderate",
        _ => "severe",
    }
}

/// An ODI result.
#[derive(Debug, Clone, PartialEq)]
pub struct Odi {
    /// Percentage 0-100.
    pub score: f64,
    /// Band id: `minimal`, `moderate`, `severe`, `crippled` or `bed_bound`.
    pub band: &'static str,
    /// Sections answered.
    pub answered: usize,
}

/// Scores the ODI from ten section scores (`None` = unanswered).
///
/// # Errors
/// When there are not ten sections, a section is outside 0-5, or too many are missing.
pub fn odi(sections: &[Option<u8>], cfg: &InstrumentConfig) -> Result<Odi, ValueError> {
    if sections.len() != 10 {
        return Err(ValueError(format!(
            "expected 10 sections, got {}",
            sections.len()
        )));
    }
    if let Some(bad) = sections.iter().flatten().find(|value| **value > 5) {
        return Err(ValueError(format!(
            "expected section scores from 0 to 5, got {bad}"
        )));
    }
    let answered: Vec<u8> = sections.iter().flatten().copied().collect();
    let missing = 10 - answered.len();
    if missing > cfg.odi_max_missing || answered.is_empty() {
        return Err(ValueError(format!(
            "{missing} sections unanswered; at most {} may be missing for a valid score",
            cfg.odi_max_missing
        )));
    }
    let sum: u32 = answered.iter().map(|value| u32::from(*value)).sum();
    let score = f64::from(sum) / (5.0 * answered.len() as f64) * 100.0;
    Ok(Odi {
        score,
        band: odi_band(score),
        answered: answered.len(),
    })
}

/// The ODI band for a percentage: `<=20`, `<=40`, `<=60`, `<=80`, else the top band.
#[must_use]
pub fn odi_band(score: f64) -> &'static str {
    if score <= 20.0 {
        "minimal"
    } else if score <= 40.0 {
        "moderate"
    } else if score <= 60.0 {
        "severe"
    } else if score <= 80.0 {
        "crippled"
    } else {
        "bed_bound"
    }
}

/// A Roland-Morris result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rmdq {
    /// Statements ticked, 0-24.
    pub total: u32,
    /// At or below the recovered threshold.
    pub recovered: bool,
}

/// Scores the RMDQ-24 from its ticked statements.
///
/// # Errors
/// When there are not 24 answers.
pub fn rmdq(ticked: &[bool], cfg: &InstrumentConfig) -> Result<Rmdq, ValueError> {
    if ticked.len() != 24 {
        return Err(ValueError(format!(
            "expected 24 answers, got {}",
            ticked.len()
        )));
    }
    let total = u32::try_from(ticked.iter().filter(|tick| **tick).count()).unwrap_or(24);
    Ok(Rmdq {
        total,
        recovered: total <= cfg.rmdq_recovered_max,
    })
}

/// How bothersome the back pain was over the last two weeks (STarT Back item 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs, reason = "the five answer options of item 9")]
pub enum Bothersome {
    NotAtAll,
    Slightly,
    Moderately,
    VeryMuch,
    Extremely,
}

impl Bothersome {
    /// Every answer with its wire id.
    pub const ALL: [(Self, &'static str); 5] = [
        (Self::NotAtAll, "not_at_all"),
        (Self::Slightly, "slightly"),
        (Self::Moderately, "moderately"),
        (Self::VeryMuch, "very_much"),
        (Self::Extremely, "extremely"),
    ];

    /// Parses a wire id.
    ///
    /// # Errors
    /// When the id is not one of the five answers.
    pub fn parse(id: &str) -> Result<Self, ValueError> {
        Self::ALL.iter().find(|(_, name)| *name == id).map(|(value, _)| *value).ok_or_else(|| {
            ValueError(format!(
                "expected one of not_at_all, slightly, moderately, very_much, extremely, got `{id}`"
            ))
        })
    }
}

/// STarT Back answers: which of items 1-8 were agreed with, and item 9.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartBackAnswers {
    agree: [bool; 8],
    bothersome: Bothersome,
}

impl StartBackAnswers {
    /// Builds the answers from the numbers (1-8) of the items agreed with.
    ///
    /// # Errors
    /// When an item number is outside 1-8 or repeated.
    pub fn new(agreed: &[i64], bothersome: Bothersome) -> Result<Self, ValueError> {
        let mut agree = [false; 8];
        for item in agreed {
            let index = usize::try_from(*item - 1).ok().filter(|index| *index < 8);
            let Some(slot) = index.and_then(|index| agree.get_mut(index)) else {
                return Err(ValueError(format!(
                    "expected item numbers from 1 to 8, got {item}"
                )));
            };
            if *slot {
                return Err(ValueError(format!("item {item} is listed twice")));
            }
            *slot = true;
        }
        Ok(Self { agree, bothersome })
    }
}

/// STarT Back risk group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartBackRisk {
    /// Total 0-3.
    Low,
    /// Total 4 or more, distress subscale 3 or less.
    Medium,
    /// Distress subscale 4 or more.
    High,
}

impl StartBackRisk {
    /// The stable wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// A STarT Back result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartBack {
    /// Items 1-9 (0-9).
    pub total: u32,
    /// Distress subscale, items 5-9 (0-5).
    pub psychosocial: u32,
    /// Risk group.
    pub risk: StartBackRisk,
}

/// Scores STarT Back.
#[must_use]
pub fn startback(answers: &StartBackAnswers) -> StartBack {
    let item9 = u32::from(matches!(
        answers.bothersome,
        Bothersome::VeryMuch | Bothersome::Extremely
    ));
    let agreed = |range: std::ops::Range<usize>| {
        u32::try_from(
            answers
                .agree
                .get(range)
                .map_or(0, |items| items.iter().filter(|a| **a).count()),
        )
        .unwrap_or(0)
    };
    let total = agreed(0..8) + item9;
    let psychosocial = agreed(4..8) + item9;
    let risk = if psychosocial >= 4 {
        StartBackRisk::High
    } else if total >= 4 {
        StartBackRisk::Medium
    } else {
        StartBackRisk::Low
    };
    StartBack {
        total,
        psychosocial,
        risk,
    }
}

/// Scores the TSK-11 (eleven items 1-4, none reversed).
///
/// # Errors
/// When there are not eleven items or one is outside 1-4.
pub fn tsk11(items: &[i64]) -> Result<u32, ValueError> {
    if items.len() != 11 {
        return Err(ValueError(format!(
            "expected 11 items, got {}",
            items.len()
        )));
    }
    let mut total = 0;
    for item in items {
        match u32::try_from(*item) {
            Ok(value @ 1..=4) => total += value,
            _ => {
                return Err(ValueError(format!(
                    "expected items from 1 to 4, got {item}"
                )));
            }
        }
    }
    Ok(total)
}

/// One-year risk band from a Biering-Sorensen hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BsRisk {
    /// Men under the lower threshold.
    Elevated,
    /// Men between the thresholds.
    Indeterminate,
    /// Men over the upper threshold.
    Lower,
    /// No validated band (women, other or unknown sex).
    NoBand,
}

impl BsRisk {
    /// The stable wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Elevated => "elevated",
            Self::Indeterminate => "indeterminate",
            Self::Lower => "lower",
            Self::NoBand => "no_validated_band",
        }
    }
}

/// A Biering-Sorensen result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BieringSorensen {
    /// Seconds, capped at the test's stop time.
    pub seconds: f64,
    /// The entered time was above the cap.
    pub capped: bool,
    /// One-year risk band.
    pub risk: BsRisk,
}

/// Scores a Biering-Sorensen hold.
#[must_use]
pub fn biering_sorensen(seconds: f64, sex: Option<Sex>, cfg: &InstrumentConfig) -> BieringSorensen {
    let capped = seconds > cfg.bs_cap_s;
    let seconds = seconds.min(cfg.bs_cap_s);
    let risk = match sex {
        Some(Sex::Male) if seconds < cfg.bs_male_elevated_below_s => BsRisk::Elevated,
        Some(Sex::Male) if seconds > cfg.bs_male_lower_above_s => BsRisk::Lower,
        Some(Sex::Male) => BsRisk::Indeterminate,
        _ => BsRisk::NoBand,
    };
    BieringSorensen {
        seconds,
        capped,
        risk,
    }
}

/// McGill battery hold times in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct McGillTimes {
    /// Trunk flexor hold.
    pub flexion: f64,
    /// Back extensor hold.
    pub extension: f64,
    /// Right side bridge.
    pub side_right: f64,
    /// Left side bridge.
    pub side_left: f64,
}

/// McGill ratios and flags.
#[derive(Debug, Clone, PartialEq)]
pub struct McGill {
    /// Flexion : extension.
    pub flexion_extension: f64,
    /// Right : left side bridge.
    pub right_left: f64,
    /// Longer side bridge : extension.
    pub side_extension: f64,
    /// Flag ids: `flexion_exceeds_extension`, `side_asymmetry`, `side_exceeds_extension`.
    pub flags: Vec<&'static str>,
}

/// Computes the McGill ratios.
///
/// # Errors
/// When the extension or left side bridge time is zero.
pub fn mcgill(times: McGillTimes, cfg: &InstrumentConfig) -> Result<McGill, ValueError> {
    if times.extension <= 0.0 || times.side_left <= 0.0 {
        return Err(ValueError(
            "extension and side_left must be above 0 s to form ratios".to_owned(),
        ));
    }
    let flexion_extension = times.flexion / times.extension;
    let right_left = times.side_right / times.side_left;
    let side_extension = times.side_right.max(times.side_left) / times.extension;
    let mut flags = Vec::new();
    if flexion_extension >= cfg.mcgill_flex_ext_max {
        flags.push("flexion_exceeds_extension");
    }
    if (1.0 - right_left).abs() > cfg.mcgill_side_tolerance + 1e-9 {
        flags.push("side_asymmetry");
    }
    if side_extension >= cfg.mcgill_side_ext_max {
        flags.push("side_exceeds_extension");
    }
    Ok(McGill {
        flexion_extension,
        right_left,
        side_extension,
        flags,
    })
}

/// The five Bunkie positions.
pub const BUNKIE_POSITIONS: [(&str, &str); 5] = [
    ("apl", "anterior power line"),
    ("ppl", "posterior power line"),
    ("psl", "posterior stabilising line"),
    ("lsl", "lateral stabilising line"),
    ("msl", "medial stabilising line"),
];

/// One Bunkie hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BunkieHold {
    /// Index into [`BUNKIE_POSITIONS`].
    pub position: usize,
    /// `true` for the left side.
    pub left: bool,
    /// Seconds held.
    pub seconds: f64,
    /// Pain during the hold.
    pub pain: bool,
    /// Trunk rotation during the hold.
    pub rotation: bool,
}

/// A Bunkie position's result across both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct BunkiePosition {
    /// Position id.
    pub position: &'static str,
    /// Left hold passed.
    pub left_pass: bool,
    /// Right hold passed.
    pub right_pass: bool,
    /// Left minus right, seconds.
    pub side_difference_s: f64,
}

/// Scores a full Bunkie test: ten holds, each position once per side.
///
/// # Errors
/// When a position or side is missing or repeated.
pub fn bunkie(
    holds: &[BunkieHold],
    cfg: &InstrumentConfig,
) -> Result<Vec<BunkiePosition>, ValueError> {
    if holds.len() != 10 {
        return Err(ValueError(format!(
            "expected 10 holds (5 positions, both sides), got {}",
            holds.len()
        )));
    }
    let pass =
        |hold: &BunkieHold| hold.seconds >= cfg.bunkie_pass_s && !hold.pain && !hold.rotation;
    let mut results = Vec::new();
    for (index, (id, _)) in BUNKIE_POSITIONS.iter().enumerate() {
        let side = |left: bool| {
            let mut found = holds
                .iter()
                .filter(|hold| hold.position == index && hold.left == left);
            match (found.next(), found.next()) {
                (Some(hold), None) => Ok(*hold),
                (None, _) => Err(ValueError(format!(
                    "position `{id}` has no {} hold",
                    if left { "left" } else { "right" }
                ))),
                (Some(_), Some(_)) => Err(ValueError(format!(
                    "position `{id}` has two {} holds",
                    if left { "left" } else { "right" }
                ))),
            }
        };
        let (left, right) = (side(true)?, side(false)?);
        results.push(BunkiePosition {
            position: id,
            left_pass: pass(&left),
            right_pass: pass(&right),
            side_difference_s: left.seconds - right.seconds,
        });
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn cfg() -> InstrumentConfig {
        Config::standard().instruments
    }

    #[test]
    fn nprs_change_vectors() {
        let check = |base: f64, follow: f64, points: bool, pct: bool| {
            let result = change(base, follow, 2.0, 0.30);
            assert_eq!(
                (result.important_by_points, result.important_by_pct),
                (points, pct),
                "{base}->{follow}"
            );
        };
        check(7.0, 4.0, true, true);
        check(3.0, 2.0, false, true);
        check(8.0, 6.0, true, false);
        check(0.0, 0.0, false, false);
        assert!(change(0.0, 0.0, 2.0, 0.3).improvement_pct.is_none());
        assert!((change(7.0, 4.0, 2.0, 0.3).improvement_pct.unwrap() - 0.428_571).abs() < 1e-5);
    }

    #[test]
    fn a_worsening_as_large_as_the_important_change_is_reported_as_worse() {
        assert_eq!(change(7.0, 4.0, 2.0, 0.30).direction, Direction::Better);
        assert_eq!(change(3.0, 8.0, 2.0, 0.30).direction, Direction::Worse);
        assert_eq!(change(4.0, 6.0, 2.0, 0.30).direction, Direction::Worse);
        assert_eq!(
            change(8.0, 9.0, 2.0, 0.30).direction,
            Direction::NoImportantChange
        );
        assert_eq!(change(20.0, 45.0, 10.0, 0.30).direction, Direction::Worse);
        assert_eq!(
            change(30.0, 34.0, 4.0, f64::INFINITY).direction,
            Direction::Worse
        );
        assert_eq!(
            change(30.0, 33.0, 4.0, f64::INFINITY).direction,
            Direction::NoImportantChange
        );
        assert_eq!(
            change(5.0, 5.0, 2.0, 0.30).direction,
            Direction::NoImportantChange
        );
    }

    #[test]
    fn odi_vectors() {
        let check = |sections: &[Option<u8>], score: f64, band: &str| {
            let result = odi(sections, &cfg()).unwrap();
            assert!(
                (result.score - score).abs() < 0.005,
                "{} vs {score}",
                result.score
            );
            assert_eq!(result.band, band);
        };
        let s = Some;
        check(
            &[s(2), s(2), s(2), s(2), s(2), s(2), s(1), s(1), s(1), s(1)],
            32.0,
            "moderate",
        );
        check(
            &[s(2), s(2), s(2), s(2), s(2), s(2), s(2), s(1), s(1), None],
            35.56,
            "moderate",
        );
        check(&[s(1); 10], 20.0, "minimal");
        check(
            &[s(2), s(2), s(2), s(1), s(1), s(1), s(1), s(0), s(0), None],
            22.22,
            "moderate",
        );
        check(&[s(0); 10], 0.0, "minimal");
        check(&[s(5); 10], 100.0, "bed_bound");
        check(
            &[s(3), s(2), None, s(1), s(0), s(2), s(1), s(0), s(2), s(1)],
            26.67,
            "moderate",
        );
        let eight = [s(3), s(3), s(3), s(3), s(2), s(2), s(2), s(2), None, None];
        assert!(odi(&eight, &cfg()).is_err());
        let mut two_missing = cfg();
        two_missing.odi_max_missing = 2;
        assert!((odi(&eight, &two_missing).unwrap().score - 50.0).abs() < 1e-9);
    }

    #[test]
    fn odi_band_edges() {
        assert_eq!(odi_band(40.0), "moderate");
        assert_eq!(odi_band(40.01), "severe");
        assert_eq!(odi_band(60.0), "severe");
        assert_eq!(odi_band(80.0), "crippled");
        assert_eq!(odi_band(80.5), "bed_bound");
    }

    #[test]
    fn rmdq_vectors() {
        let ticks = |n: usize| (0..24).map(|i| i < n).collect::<Vec<_>>();
        assert_eq!(rmdq(&ticks(12), &cfg()).unwrap().total, 12);
        let later = rmdq(&ticks(2), &cfg()).unwrap();
        assert!(later.recovered);
        let delta = change(12.0, 2.0, 5.0, 0.30);
        assert!((delta.improvement - 10.0).abs() < 1e-9);
        assert!((delta.improvement_pct.unwrap() - 0.8333).abs() < 1e-3);
        assert_eq!(rmdq(&ticks(0), &cfg()).unwrap().total, 0);
        assert!(rmdq(&ticks(0)[..23], &cfg()).is_err());
    }

    #[test]
    fn startback_vectors() {
        let check =
            |agreed: &[i64], bother: Bothersome, total: u32, sub: u32, risk: StartBackRisk| {
                let result = startback(&StartBackAnswers::new(agreed, bother).unwrap());
                assert_eq!(
                    (result.total, result.psychosocial, result.risk),
                    (total, sub, risk),
                    "{agreed:?}"
                );
            };
        check(&[], Bothersome::Slightly, 0, 0, StartBackRisk::Low);
        check(&[1, 2, 3], Bothersome::Moderately, 3, 0, StartBackRisk::Low);
        check(
            &[1, 2, 3],
            Bothersome::VeryMuch,
            4,
            1,
            StartBackRisk::Medium,
        );
        check(
            &[1, 2, 3, 4, 5, 6, 7],
            Bothersome::Moderately,
            7,
            3,
            StartBackRisk::Medium,
        );
        check(&[5, 6, 7], Bothersome::Extremely, 4, 4, StartBackRisk::High);
        check(
            &[1, 2, 3, 4, 5, 6, 7, 8],
            Bothersome::Extremely,
            9,
            5,
            StartBackRisk::High,
        );
        assert!(StartBackAnswers::new(&[9], Bothersome::Slightly).is_err());
        assert!(StartBackAnswers::new(&[2, 2], Bothersome::Slightly).is_err());
    }

    #[test]
    fn tsk11_vectors() {
        assert_eq!(tsk11(&[1; 11]), Ok(11));
        assert_eq!(tsk11(&[4; 11]), Ok(44));
        assert_eq!(tsk11(&[2; 11]), Ok(22));
        assert_eq!(tsk11(&[1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3]), Ok(26));
        assert!(change(30.0, 26.0, 4.0, 1.0).important_by_points);
        assert!(!change(30.0, 27.0, 4.0, 1.0).important_by_points);
        assert!(tsk11(&[5; 11]).is_err());
        assert!(tsk11(&[1; 17]).is_err());
    }

    #[test]
    fn biering_sorensen_vectors() {
        let check = |sex: Sex, seconds: f64, out: f64, capped: bool, risk: BsRisk| {
            let result = biering_sorensen(seconds, Some(sex), &cfg());
            assert_eq!(
                (result.seconds, result.capped, result.risk),
                (out, capped, risk)
            );
        };
        check(Sex::Male, 150.0, 150.0, false, BsRisk::Elevated);
        check(Sex::Male, 185.0, 185.0, false, BsRisk::Indeterminate);
        check(Sex::Male, 240.0, 240.0, false, BsRisk::Lower);
        check(Sex::Male, 260.0, 240.0, true, BsRisk::Lower);
        check(Sex::Female, 150.0, 150.0, false, BsRisk::NoBand);
    }

    #[test]
    fn mcgill_vectors() {
        let run = |f, e, r, l| {
            mcgill(
                McGillTimes {
                    flexion: f,
                    extension: e,
                    side_right: r,
                    side_left: l,
                },
                &cfg(),
            )
            .unwrap()
        };
        let first = run(120.0, 150.0, 90.0, 95.0);
        assert!((first.flexion_extension - 0.80).abs() < 1e-9);
        assert!((first.right_left - 0.947).abs() < 1e-3);
        assert!((first.side_extension - 0.633).abs() < 1e-3);
        assert_eq!(first.flags, vec!["side_asymmetry"]);
        let second = run(180.0, 150.0, 100.0, 100.0);
        assert!((second.flexion_extension - 1.20).abs() < 1e-9);
        assert_eq!(second.flags, vec!["flexion_exceeds_extension"]);
        let third = run(140.0, 150.0, 110.0, 100.0);
        assert!((third.side_extension - 0.733).abs() < 1e-3);
        assert_eq!(third.flags, vec!["side_asymmetry"]);
    }

    #[test]
    fn bunkie_passes_at_forty_seconds_without_pain_or_rotation() {
        let mut holds = Vec::new();
        for position in 0..5 {
            holds.push(BunkieHold {
                position,
                left: true,
                seconds: 40.0,
                pain: false,
                rotation: false,
            });
            holds.push(BunkieHold {
                position,
                left: false,
                seconds: 35.0,
                pain: false,
                rotation: false,
            });
        }
        holds[2].pain = true;
        let result = bunkie(&holds, &cfg()).unwrap();
        assert!(result[0].left_pass && !result[0].right_pass);
        assert!(!result[1].left_pass);
        assert!((result[0].side_difference_s - 5.0).abs() < 1e-9);
        assert!(bunkie(&holds[..9], &cfg()).is_err());
    }
}
