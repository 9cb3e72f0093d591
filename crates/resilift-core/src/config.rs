//! Every threshold the rules use, as one documented settings tree with the defaults of the
//! rules contract.

/// All thresholds. Build it with [`Config::standard`] and override fields as needed.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Readiness screen (`SCR-*`, `ADV-*`).
    pub screen: ScreenConfig,
    /// Load prescription and scheduling (`PRX-*`).
    pub prescription: PrescriptionConfig,
    /// Pain response zones (`PAIN-*`).
    pub pain: PainConfig,
    /// Instrument scoring (`INS-*`).
    pub instruments: InstrumentConfig,
    /// Risk profile (`RISK-*`).
    pub risk: RiskConfig,
    /// Post-lift triage (`FLARE-*`).
    pub flare: FlareConfig,
    /// The foundation programme (`FND-*`).
    pub foundation: FoundationConfig,
}

/// Thresholds of the readiness screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenConfig {
    /// SCR-ACUTE: an episode younger than this many days means relative rest (14).
    pub acute_days: u32,
    /// SCR-PAIN: pain now at or above this means foundation work (6).
    pub high_pain: u8,
    /// SCR-ENDURANCE: the shortest acceptable back-extension hold in seconds (60; expert heuristic).
    pub min_extensor_hold_s: f64,
    /// SCR-LADDER: clean sessions at a rung before the next rung (3).
    pub clean_sessions_to_advance: u32,
    /// ADV-COACH: coached technique sessions wanted before loading (2).
    pub min_coached_sessions: u32,
    /// Days from a foundation verdict to the retest (14).
    pub foundation_retest_days: u32,
    /// Days from a rung verdict to the next screen (28).
    pub rung_rescreen_days: u32,
    /// SCR-AGE: people younger than this need an examination first (18).
    pub min_age: u32,
    /// SCR-AGE: from this age a first-ever, new episode needs a clinician first (50).
    pub older_age: u32,
    /// SCR-AGE: an episode younger than this many days counts as new (42).
    pub new_episode_days: u32,
    /// SCR-RETURN: within this many days of a new episode the ladder restarts at the kettlebell (42).
    pub return_days: u32,
}

/// Thresholds of load prescription.
#[derive(Debug, Clone, PartialEq)]
pub struct PrescriptionConfig {
    /// PRX-BAND: first working load as a fraction of e1RM (0.65).
    pub start_pct: f64,
    /// PRX-BAND: lower edge of the introductory band (0.60).
    pub intro_min_pct: f64,
    /// PRX-BAND: upper edge of the introductory band (0.70).
    pub intro_max_pct: f64,
    /// PRX-BAND: the ceiling, never exceeded (0.80).
    pub max_pct: f64,
    /// PRX-BAND: sessions at a rung that stay in the introductory band (6).
    pub intro_sessions: u32,
    /// PRX-BAND: clean sessions in a row needed to climb above the introductory band (3).
    pub clean_run_for_max: u32,
    /// PRX-E1RM-SOURCE: lightest RPE that updates the e1RM (6).
    pub min_rpe_for_e1rm: f64,
    /// PRX-E1RM-SOURCE: sessions at this exercise searched for the best e1RM (3).
    pub e1rm_window: usize,
    /// PRX-VOLUME: working sets (3).
    pub working_sets: u32,
    /// PRX-VOLUME: reps per working set (5).
    pub working_reps: u32,
    /// PRX-VOLUME: second warm-up as a fraction of e1RM (0.50).
    pub warmup_pct: f64,
    /// PRX-NOMAX: target RPE of working sets (7; never above 8).
    pub target_rpe: f64,
    /// PRX-FREQ: deadlift sessions per week (1, at most 2).
    pub max_sessions_per_week: u32,
    /// PRX-FREQ: fewest days between two deadlift sessions (6).
    pub min_days_between: u32,
    /// PRX-DOWN: fraction taken off the next load (0.10).
    pub reduce_pct: f64,
    /// PRX-LAYOFF: days without a session that call for a re-screen (28).
    pub layoff_days: u32,
    /// PRX-LAYOFF: fraction taken off when resuming (0.20).
    pub layoff_cut_pct: f64,
    /// PRX-FLARE: worst pain during or right after at or above this stops loading (7).
    pub flare_pain: u8,
}

/// Pain response zones.
#[derive(Debug, Clone, PartialEq)]
pub struct PainConfig {
    /// PAIN-GREEN: highest worst pain (during or right after) that is still green (2).
    pub safe_max: u8,
    /// PAIN-AMBER: highest worst pain (during or right after) that is still amber (5).
    pub acceptable_max: u8,
    /// PAIN-RED: a next-morning rise of this many points above before is red (2).
    pub morning_red_rise: u8,
}

/// Instrument scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct InstrumentConfig {
    /// INS-ODI: sections that may be missing (1).
    pub odi_max_missing: usize,
    /// INS-NPRS: important change in points (2).
    pub nprs_mic_points: f64,
    /// INS-NPRS, INS-RMDQ: important change as a fraction of baseline (0.30).
    pub mic_pct: f64,
    /// INS-ODI: important change in points (10).
    pub odi_mic_points: f64,
    /// INS-RMDQ: important change in points (5).
    pub rmdq_mic_points: f64,
    /// INS-RMDQ: score at or below which a person counts as recovered (2).
    pub rmdq_recovered_max: u32,
    /// INS-TSK11: important reduction in points (4).
    pub tsk11_mic_points: f64,
    /// INS-BS: the test stops at this many seconds (240).
    pub bs_cap_s: f64,
    /// INS-BS: men below this hold have an elevated one-year risk (176).
    pub bs_male_elevated_below_s: f64,
    /// INS-BS: men above this hold have a lower one-year risk (198).
    pub bs_male_lower_above_s: f64,
    /// INS-BS: a change of at least this many seconds is beyond the test's measurement error
    /// (25, about twice its standard error of 11.6 to 17.5 s).
    pub bs_change_s: f64,
    /// INS-MCGILL: flexion to extension must stay below this (1.0).
    pub mcgill_flex_ext_max: f64,
    /// INS-MCGILL: right to left side bridge may differ from 1 by this much (0.05).
    pub mcgill_side_tolerance: f64,
    /// INS-MCGILL: side bridge to extension must stay below this (0.75).
    pub mcgill_side_ext_max: f64,
    /// INS-BUNKIE: seconds a hold must reach to pass (40).
    pub bunkie_pass_s: f64,
}

/// Risk profile thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskConfig {
    /// RISK-BMI: body-mass index at or above this counts as obese (30).
    pub obese_bmi: f64,
    /// RISK-SLEEP: fewer hours than this count as short sleep (7).
    pub short_sleep_hours: f64,
    /// RISK-SITTING: this many hours a day or more without breaks counts as long sitting (6).
    pub long_sitting_hours: f64,
}

/// Post-lift triage thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct FlareConfig {
    /// FLARE-SELFCARE / FLARE-PERSIST: days of self-care before a persisting flare needs review (14).
    pub selfcare_days: u32,
}

/// The foundation programme's doses (a clinical default, not a tested dose).
#[derive(Debug, Clone, PartialEq)]
pub struct FoundationConfig {
    /// FND-BIG3: seconds of each hold (10).
    pub hold_s: u32,
    /// FND-BIG3: repetitions of the first step of the descending pyramid (5).
    pub pyramid_first: u32,
    /// FND-BIG3: repetitions of the second step (3).
    pub pyramid_second: u32,
    /// FND-BIG3: repetitions of the third step (1).
    pub pyramid_third: u32,
    /// FND-HINGE, FND-BRIDGE: sets (3).
    pub sets: u32,
    /// FND-HINGE, FND-BRIDGE: repetitions per set (10).
    pub reps: u32,
    /// FND-WALK: minutes per walk (10).
    pub walk_minutes: u32,
}

impl Config {
    /// The defaults of the rules contract.
    #[must_use]
    pub fn standard() -> Self {
        Self {
            screen: ScreenConfig {
                acute_days: 14,
                high_pain: 6,
                min_extensor_hold_s: 60.0,
                clean_sessions_to_advance: 3,
                min_coached_sessions: 2,
                foundation_retest_days: 14,
                rung_rescreen_days: 28,
                min_age: 18,
                older_age: 50,
                new_episode_days: 42,
                return_days: 42,
            },
            prescription: PrescriptionConfig {
                start_pct: 0.65,
                intro_min_pct: 0.60,
                intro_max_pct: 0.70,
                max_pct: 0.80,
                intro_sessions: 6,
                clean_run_for_max: 3,
                min_rpe_for_e1rm: 6.0,
                e1rm_window: 3,
                working_sets: 3,
                working_reps: 5,
                warmup_pct: 0.50,
                target_rpe: 7.0,
                max_sessions_per_week: 1,
                min_days_between: 6,
                reduce_pct: 0.10,
                layoff_days: 28,
                layoff_cut_pct: 0.20,
                flare_pain: 7,
            },
            pain: PainConfig {
                safe_max: 2,
                acceptable_max: 5,
                morning_red_rise: 2,
            },
            instruments: InstrumentConfig {
                odi_max_missing: 1,
                nprs_mic_points: 2.0,
                mic_pct: 0.30,
                odi_mic_points: 10.0,
                rmdq_mic_points: 5.0,
                rmdq_recovered_max: 2,
                tsk11_mic_points: 4.0,
                bs_cap_s: 240.0,
                bs_male_elevated_below_s: 176.0,
                bs_male_lower_above_s: 198.0,
                bs_change_s: 25.0,
                mcgill_flex_ext_max: 1.0,
                mcgill_side_tolerance: 0.05,
                mcgill_side_ext_max: 0.75,
                bunkie_pass_s: 40.0,
            },
            risk: RiskConfig {
                obese_bmi: 30.0,
                short_sleep_hours: 7.0,
                long_sitting_hours: 6.0,
            },
            flare: FlareConfig { selfcare_days: 14 },
            foundation: FoundationConfig {
                hold_s: 10,
                pyramid_first: 5,
                pyramid_second: 3,
                pyramid_third: 1,
                sets: 3,
                reps: 10,
                walk_minutes: 10,
            },
        }
    }

    /// Problems that make a settings tree unsafe or meaningless, one message per problem, each
    /// naming the setting.
    #[must_use]
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let prx = &self.prescription;
        let mut fraction = |name: &str, value: f64| {
            if !(value > 0.0 && value <= 1.0) {
                problems.push(format!(
                    "prescription.{name}: expected a fraction above 0 and at most 1, got {value}"
                ));
            }
        };
        fraction("start_pct", prx.start_pct);
        fraction("intro_min_pct", prx.intro_min_pct);
        fraction("intro_max_pct", prx.intro_max_pct);
        fraction("max_pct", prx.max_pct);
        fraction("warmup_pct", prx.warmup_pct);
        fraction("reduce_pct", prx.reduce_pct);
        fraction("layoff_cut_pct", prx.layoff_cut_pct);
        if prx.max_pct > 0.80 {
            problems.push(format!(
                "prescription.max_pct: expected at most 0.8 (the safety ceiling), got {}",
                prx.max_pct
            ));
        }
        if !(prx.intro_min_pct <= prx.start_pct
            && prx.start_pct <= prx.intro_max_pct
            && prx.intro_max_pct <= prx.max_pct)
        {
            problems.push(
                "prescription: expected intro_min_pct <= start_pct <= intro_max_pct <= max_pct"
                    .to_owned(),
            );
        }
        if !(6.0..=8.0).contains(&prx.target_rpe) {
            problems.push(format!(
                "prescription.target_rpe: expected 6 to 8 (never a set above RPE 8), got {}",
                prx.target_rpe
            ));
        }
        if !(1..=2).contains(&prx.max_sessions_per_week) {
            problems.push(format!(
                "prescription.max_sessions_per_week: expected 1 or 2, got {}",
                prx.max_sessions_per_week
            ));
        } else {
            let floor = 7 / prx.max_sessions_per_week - 1;
            if prx.min_days_between < floor {
                problems.push(format!(
                    "prescription.min_days_between: expected at least {floor} with {} session(s) a week, got {}",
                    prx.max_sessions_per_week, prx.min_days_between
                ));
            }
        }
        if prx.e1rm_window == 0 || prx.working_sets == 0 || prx.working_reps == 0 {
            problems.push(
                "prescription: e1rm_window, working_sets and working_reps must be at least 1"
                    .to_owned(),
            );
        }
        if self.pain.safe_max > self.pain.acceptable_max || self.pain.acceptable_max > 10 {
            problems.push("pain: expected safe_max <= acceptable_max <= 10".to_owned());
        }
        if !(1..=10).contains(&self.pain.morning_red_rise) {
            problems.push(format!(
                "pain.morning_red_rise: expected 1 to 10, got {}",
                self.pain.morning_red_rise
            ));
        }
        if prx.flare_pain <= self.pain.acceptable_max || prx.flare_pain > 10 {
            problems.push(format!(
                "prescription.flare_pain: expected above pain.acceptable_max ({}) and at most 10, got {}",
                self.pain.acceptable_max, prx.flare_pain
            ));
        }
        let scr = &self.screen;
        if scr.min_age > scr.older_age {
            problems.push("screen: expected min_age <= older_age".to_owned());
        }
        if scr.return_days < scr.acute_days {
            problems.push(format!(
                "screen.return_days: expected at least acute_days ({}), got {}",
                scr.acute_days, scr.return_days
            ));
        }
        let fnd = &self.foundation;
        if fnd.hold_s == 0 || fnd.pyramid_first == 0 || fnd.sets == 0 || fnd.reps == 0 {
            problems.push(
                "foundation: hold_s, pyramid_first, sets and reps must be at least 1".to_owned(),
            );
        }
        if self.screen.high_pain > 10 || self.screen.min_extensor_hold_s < 0.0 {
            problems.push(
                "screen: expected high_pain 0-10 and min_extensor_hold_s at least 0".to_owned(),
            );
        }
        if self.instruments.odi_max_missing > 9 {
            problems.push("instruments.odi_max_missing: expected 0 to 9".to_owned());
        }
        problems
    }
}
