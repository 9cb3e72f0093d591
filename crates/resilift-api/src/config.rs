//! The settings file (TOML): every threshold of the rules, overridable section by section.
//! Unknown keys are refused, and the result is checked for unsafe combinations.

use resilift_core::Config;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::errors::InputErrors;

trait TomlValue {
    fn toml(&self) -> String;
}

impl TomlValue for f64 {
    fn toml(&self) -> String {
        format!("{self:?}")
    }
}

macro_rules! int_toml {
    ($($ty:ty),*) => {$(impl TomlValue for $ty { fn toml(&self) -> String { self.to_string() } })*};
}
int_toml!(u8, u32, usize);

macro_rules! section {
    ($name:ident, $core:ident, $key:literal, { $($field:ident : $ty:ty = $doc:literal),* $(,)? }) => {
        #[doc = concat!("The `[", $key, "]` section.")]
        #[derive(Debug, Default, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $(#[doc = $doc] #[serde(default)] pub $field: Option<$ty>,)*
        }

        impl $name {
            fn apply(&self, target: &mut resilift_core::config::$core) {
                $(if let Some(value) = self.$field { target.$field = value; })*
            }

            fn example(target: &resilift_core::config::$core, out: &mut String) {
                out.push_str(concat!("\n[", $key, "]\n"));
                $(out.push_str(&format!("# {}\n{} = {}\n", $doc, stringify!($field), target.$field.toml()));)*
            }
        }
    };
}

section!(ScreenSection, ScreenConfig, "screen", {
    acute_days: u32 = "SCR-ACUTE: an episode younger than this many days means relative rest.",
    high_pain: u8 = "SCR-PAIN: pain now (0-10) at or above this means foundation work.",
    min_extensor_hold_s: f64 = "SCR-ENDURANCE: shortest acceptable back-extension hold, seconds (an expert heuristic, not a published cut-off).",
    clean_sessions_to_advance: u32 = "SCR-LADDER: clean sessions at a rung before the next one.",
    min_coached_sessions: u32 = "ADV-COACH: coached technique sessions wanted before loading.",
    foundation_retest_days: u32 = "Days from a foundation verdict to the retest.",
    rung_rescreen_days: u32 = "Days from a rung verdict to the next screen.",
    min_age: u32 = "SCR-AGE: people younger than this see a clinician before loading.",
    older_age: u32 = "SCR-AGE: from this age a first-ever, new episode needs a clinician first.",
    new_episode_days: u32 = "SCR-AGE: an episode younger than this many days counts as new.",
    return_days: u32 = "SCR-RETURN: within this many days of a new episode the ladder restarts at the kettlebell.",
});

section!(PrescriptionSection, PrescriptionConfig, "prescription", {
    start_pct: f64 = "PRX-BAND: first working load as a fraction of e1RM.",
    intro_min_pct: f64 = "PRX-BAND: lower edge of the introductory band.",
    intro_max_pct: f64 = "PRX-BAND: upper edge of the introductory band.",
    max_pct: f64 = "PRX-BAND: the ceiling, never exceeded (at most 0.8).",
    intro_sessions: u32 = "PRX-BAND: sessions at a rung that stay in the introductory band.",
    clean_run_for_max: u32 = "PRX-BAND: clean sessions in a row needed to climb above the introductory band.",
    min_rpe_for_e1rm: f64 = "PRX-E1RM-SOURCE: lightest RPE that updates the e1RM.",
    e1rm_window: usize = "PRX-E1RM-SOURCE: recent sessions searched for the best e1RM.",
    working_sets: u32 = "PRX-VOLUME: working sets.",
    working_reps: u32 = "PRX-VOLUME: reps per working set.",
    warmup_pct: f64 = "PRX-VOLUME: second warm-up as a fraction of e1RM.",
    target_rpe: f64 = "PRX-NOMAX: target RPE of working sets (6 to 8).",
    max_sessions_per_week: u32 = "PRX-FREQ: deadlift sessions per week (1 or 2).",
    min_days_between: u32 = "PRX-FREQ: fewest days between two deadlift sessions.",
    reduce_pct: f64 = "PRX-DOWN: fraction taken off the next load.",
    layoff_days: u32 = "PRX-LAYOFF: days without a session that call for a re-screen.",
    layoff_cut_pct: f64 = "PRX-LAYOFF: fraction taken off when resuming.",
    flare_pain: u8 = "PRX-FLARE: worst pain during or right after (0-10) at or above this stops loading and asks for the triage.",
});

section!(PainSection, PainConfig, "pain", {
    safe_max: u8 = "PAIN-GREEN: highest worst pain (during or right after) that is still green.",
    acceptable_max: u8 = "PAIN-AMBER: highest worst pain (during or right after) that is still amber.",
    morning_red_rise: u8 = "PAIN-RED: a next-morning rise of this many points above before is red (a smaller rise is amber).",
});

section!(InstrumentSection, InstrumentConfig, "instruments", {
    odi_max_missing: usize = "INS-ODI: sections that may be missing.",
    nprs_mic_points: f64 = "INS-NPRS: important change in points.",
    mic_pct: f64 = "INS-NPRS, INS-ODI, INS-RMDQ: important change as a fraction of baseline.",
    odi_mic_points: f64 = "INS-ODI: important change in points.",
    rmdq_mic_points: f64 = "INS-RMDQ: important change in points.",
    rmdq_recovered_max: u32 = "INS-RMDQ: score at or below which a person counts as recovered.",
    tsk11_mic_points: f64 = "INS-TSK11: important reduction in points.",
    bs_cap_s: f64 = "INS-BS: the hold test stops here, seconds.",
    bs_male_elevated_below_s: f64 = "INS-BS: men below this hold have an elevated one-year risk.",
    bs_male_lower_above_s: f64 = "INS-BS: men above this hold have a lower one-year risk.",
    bs_change_s: f64 = "INS-BS: a change of at least this many seconds is beyond the test's measurement error (about twice its standard error).",
    mcgill_flex_ext_max: f64 = "INS-MCGILL: flexion to extension must stay below this.",
    mcgill_side_tolerance: f64 = "INS-MCGILL: right to left side bridge may differ from 1 by this much.",
    mcgill_side_ext_max: f64 = "INS-MCGILL: side bridge to extension must stay below this.",
    bunkie_pass_s: f64 = "INS-BUNKIE: seconds a hold must reach to pass.",
});

section!(RiskSection, RiskConfig, "risk", {
    obese_bmi: f64 = "RISK-BMI: body-mass index at or above this counts as obese.",
    short_sleep_hours: f64 = "RISK-SLEEP: fewer hours than this count as short sleep.",
    long_sitting_hours: f64 = "RISK-SITTING: this many hours a day or more without breaks counts as long sitting.",
});

section!(FlareSection, FlareConfig, "flare", {
    selfcare_days: u32 = "FLARE-SELFCARE / FLARE-PERSIST: days of self-care before a persisting flare needs review.",
});

section!(FoundationSection, FoundationConfig, "foundation", {
    hold_s: u32 = "FND-BIG3: seconds of each hold (a clinical default).",
    pyramid_first: u32 = "FND-BIG3: repetitions of the first step of the descending pyramid.",
    pyramid_second: u32 = "FND-BIG3: repetitions of the second step.",
    pyramid_third: u32 = "FND-BIG3: repetitions of the third step.",
    sets: u32 = "FND-HINGE, FND-BRIDGE: sets.",
    reps: u32 = "FND-HINGE, FND-BRIDGE: repetitions per set.",
    walk_minutes: u32 = "FND-WALK: minutes per walk.",
});

/// The whole settings file; every key optional.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Readiness screen.
    #[serde(default)]
    pub screen: ScreenSection,
    /// Load prescription.
    #[serde(default)]
    pub prescription: PrescriptionSection,
    /// Pain response.
    #[serde(default)]
    pub pain: PainSection,
    /// Instrument scoring.
    #[serde(default)]
    pub instruments: InstrumentSection,
    /// Risk profile.
    #[serde(default)]
    pub risk: RiskSection,
    /// Post-lift triage.
    #[serde(default)]
    pub flare: FlareSection,
    /// The foundation programme.
    #[serde(default)]
    pub foundation: FoundationSection,
    /// `resilift serve` (ignored by the other commands).
    #[serde(default)]
    pub server: ServerSection,
}

/// The `[server]` section: how `resilift serve` runs. Environment variables (`RESILIFT_ADDR`,
/// …) override it, and command-line flags override those.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerSection {
    /// Address to listen on, `HOST:PORT`.
    #[serde(default)]
    pub addr: Option<String>,
    /// `postgres://…` for PostgreSQL; absent means the SQLite file in `data_dir`.
    #[serde(default)]
    pub database_url: Option<String>,
    /// Folder for the SQLite file, created on first start.
    #[serde(default)]
    pub data_dir: Option<String>,
    /// Whether anyone may register (false: closed registration).
    #[serde(default)]
    pub open_registration: Option<bool>,
    /// Mark cookies `Secure` (set when served over HTTPS).
    #[serde(default)]
    pub secure_cookies: Option<bool>,
    /// Days a browser session lasts.
    #[serde(default)]
    pub session_days: Option<u32>,
    /// Days an API token works after it was made.
    #[serde(default)]
    pub token_days: Option<u32>,
    /// Hours a browser session may sit unused before it ends.
    #[serde(default)]
    pub session_idle_hours: Option<u32>,
    /// Whether anyone may register as a clinician (false: only with an operator's invite).
    #[serde(default)]
    pub open_clinician_registration: Option<bool>,
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed for rate limits.
    #[serde(default)]
    pub trusted_proxies: Option<Vec<String>>,
    /// Failed sign-ins allowed from one network address before each try must wait.
    #[serde(default)]
    pub address_failures_free: Option<u32>,
    /// Registrations allowed from one network address per hour.
    #[serde(default)]
    pub registrations_per_hour: Option<u32>,
    /// The address people use to reach this server, for links in e-mails.
    #[serde(default)]
    pub public_url: Option<String>,
    /// `smtp://HOST:PORT` or `smtps://USER:PASSWORD@HOST` for password-reset e-mails.
    #[serde(default)]
    pub smtp_url: Option<String>,
    /// The sender of e-mails.
    #[serde(default)]
    pub mail_from: Option<String>,
    /// Serve Prometheus metrics at `/metrics`.
    #[serde(default)]
    pub metrics: Option<bool>,
    /// Hours an invite code stays valid.
    #[serde(default)]
    pub invite_hours: Option<u32>,
    /// Database connections (PostgreSQL) or SQLite readers.
    #[serde(default)]
    pub max_connections: Option<u32>,
    /// Roster statuses each server keeps in memory (about a kilobyte each).
    #[serde(default)]
    pub status_cache: Option<u32>,
    /// Free space in MiB kept for small records; below it imports and clips are refused.
    #[serde(default)]
    pub min_free_mb: Option<u32>,
    /// Import previews one account may keep waiting.
    #[serde(default)]
    pub max_import_previews: Option<u32>,
    /// Seconds a client has to send a request's headers.
    #[serde(default)]
    pub header_timeout_seconds: Option<u32>,
    /// Seconds a request body may pause between two pieces.
    #[serde(default)]
    pub body_idle_seconds: Option<u32>,
    /// Log lines as `text` or `json`.
    #[serde(default)]
    pub log_format: Option<String>,
    /// The local emergency telephone number (such as 999, 911 or 112), shown as a tap-to-call
    /// link on every emergency instruction; absent, the pages say "your emergency number".
    #[serde(default)]
    pub emergency_number: Option<String>,
    /// The form check from a video (experimental): `[server.form_check]`.
    #[serde(default)]
    pub form_check: FormCheckSection,
}

/// The `[server.form_check]` section: limits on clips, the pose model, and the threshold of
/// each proposed fault. Every threshold is a measurement on the clip; see the README for how
/// each is taken.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormCheckSection {
    /// `full` (more accurate) or `lite` (faster) pose model.
    #[serde(default)]
    pub model: Option<String>,
    /// The largest clip accepted, in megabytes.
    #[serde(default)]
    pub max_upload_mb: Option<u32>,
    /// The longest clip accepted, in seconds.
    #[serde(default)]
    pub max_seconds: Option<u32>,
    /// Frames analysed per second of clip.
    #[serde(default)]
    pub frames_per_second: Option<u32>,
    /// The longest one clip's analysis may take, in seconds; ffmpeg is stopped after it.
    #[serde(default)]
    pub max_analysis_seconds: Option<u32>,
    /// The ffmpeg program, when it is not on the PATH (ffprobe is looked for beside it).
    #[serde(default)]
    pub ffmpeg: Option<String>,
    /// Keep each clip in the data folder after it is analysed (by default it is deleted and
    /// only its landmarks and angles are kept).
    #[serde(default)]
    pub keep_video: Option<bool>,
    /// Landmarks the model is less sure of than this (0 to 1) count as not seen.
    #[serde(default)]
    pub min_visibility: Option<f64>,
    /// A rep is counted when the hips rise by at least this share of the leg's length.
    #[serde(default)]
    pub min_rep_rise: Option<f64>,
    /// Jerked start: the bar's speed just after lift-off against its average for the pull.
    #[serde(default)]
    pub jerky_start_ratio: Option<f64>,
    /// Hips rising first: degrees the trunk tips further forward between lift-off and knee
    /// height.
    #[serde(default)]
    pub hips_rise_first_degrees: Option<f64>,
    /// Weight drifting forward: the hands ahead of mid-foot, in percent of the shin's length.
    #[serde(default)]
    pub bar_drift_percent: Option<f64>,
    /// Leaning back at the top: degrees past upright at lockout.
    #[serde(default)]
    pub lockout_hyperextension_degrees: Option<f64>,
    /// A cue to look at the back: the hip-to-shoulder distance during the pull shorter than
    /// at lockout by more than this percentage.
    #[serde(default)]
    pub spine_rounding_percent: Option<f64>,
}

/// Defaults of the `[server]` section, as written by [`example`].
pub const SERVER_EXAMPLE: &str = r#"
[server]
# Address to listen on.
addr = "127.0.0.1:8080"
# Folder for the embedded SQLite file (created on first start).
data_dir = "resilift-data"
# PostgreSQL instead of SQLite, for many users or several copies behind a load balancer.
# database_url = "postgres://resilift@db.internal/resilift"
# false closes registration (accounts then come from an administrator).
open_registration = true
# true when served over HTTPS (cookies are then marked Secure).
secure_cookies = false
# Days a browser session lasts.
session_days = 30
# Days an API token works after it was made; then the app that uses it needs a new one.
token_days = 90
# Hours a browser session may sit unused before it signs out.
session_idle_hours = 12
# true lets anyone register as a clinician; false needs an invite from `resilift admin invite`.
open_clinician_registration = false
# Reverse proxies (such as a load balancer) whose X-Forwarded-For header is believed.
trusted_proxies = []
# Failed sign-ins from one network address before each further try must wait.
address_failures_free = 50
# New accounts from one network address per hour.
registrations_per_hour = 10
# The address people use to reach this server, for the links in password-reset e-mails.
# public_url = "https://resilift.example.org"
# Password-reset e-mails go through this SMTP server; without it, `resilift admin reset-link`.
# smtp_url = "smtp://localhost:25"
# mail_from = "resilift <no-reply@example.org>"
# Serve Prometheus metrics at /metrics (off by default).
metrics = false
# Hours an invite code from a lifter to a clinician stays valid.
invite_hours = 72
# Database connections (PostgreSQL) or SQLite readers.
max_connections = 8
# Roster statuses kept in memory until the client's record changes or their day turns (about
# a kilobyte each); the least used go first. Make it at least the clients of the clinicians
# who are at work at one time.
status_cache = 100000
# Free space (MiB) kept for small records: below it, imports and form-check clips are refused
# (507) while sessions, check-ins and triages still go through. 0 turns the reserve off.
min_free_mb = 64
# Import previews one account may keep waiting (neither confirmed nor discarded).
max_import_previews = 5
# Seconds a client has to send a request's headers, and the longest pause inside a request
# body, before the connection is closed (slow clients cannot hold connections open).
header_timeout_seconds = 10
body_idle_seconds = 30
# Log lines as "text" or "json".
log_format = "text"
# The local emergency number, shown as a tap-to-call link on emergency instructions.
# emergency_number = "999"

# The form check from a video (experimental). Clips are analysed on this server and deleted;
# only their landmarks and angles are kept. Needs ffmpeg and `resilift models install`.
[server.form_check]
# "full" (more accurate) or "lite" (faster) pose model.
model = "full"
# The largest clip accepted, in megabytes, and the longest, in seconds.
max_upload_mb = 200
max_seconds = 60
# Frames analysed per second of clip.
frames_per_second = 15
# The longest one clip's analysis may take, in seconds; it is stopped and the person told.
# Keep a proxy's server timeout above it (deploy/haproxy.cfg allows 150 s).
max_analysis_seconds = 120
# The ffmpeg program, when it is not on the PATH (ffprobe is looked for beside it).
# ffmpeg = "/usr/bin/ffmpeg"
# true keeps each clip in the data folder after it is analysed.
keep_video = false
# Landmarks the model is less sure of than this (0 to 1) count as not seen.
min_visibility = 0.5
# A rep is counted when the hips rise by at least this share of the leg's length.
min_rep_rise = 0.15
# Each proposed fault's threshold (see the README for how each is measured).
jerky_start_ratio = 1.6
hips_rise_first_degrees = 10.0
bar_drift_percent = 20.0
lockout_hyperextension_degrees = 10.0
spine_rounding_percent = 8.0
"#;

impl ConfigFile {
    /// Applies the file over the defaults.
    #[must_use]
    pub fn apply(&self, mut config: Config) -> Config {
        self.screen.apply(&mut config.screen);
        self.prescription.apply(&mut config.prescription);
        self.pain.apply(&mut config.pain);
        self.instruments.apply(&mut config.instruments);
        self.risk.apply(&mut config.risk);
        self.flare.apply(&mut config.flare);
        self.foundation.apply(&mut config.foundation);
        config
    }
}

/// Reads a settings file over the defaults and checks the result.
///
/// # Errors
/// TOML syntax, unknown keys, wrong types and unsafe combinations.
pub fn from_toml(text: &str) -> Result<Config, InputErrors> {
    from_toml_with_server(text).map(|(config, _)| config)
}

/// Reads a settings file: the rules over their defaults, checked, and the `[server]` section.
///
/// # Errors
/// TOML syntax, unknown keys, wrong types and unsafe combinations.
pub fn from_toml_with_server(text: &str) -> Result<(Config, ServerSection), InputErrors> {
    let file: ConfigFile = toml::from_str(text).map_err(|error| {
        let mut errors = InputErrors::default();
        let message = error.message().to_owned();
        let location = error.span().map(|span| {
            let line = text
                .get(..span.start)
                .map_or(0, |before| before.matches('\n').count())
                + 1;
            format!("line {line}")
        });
        errors.push(location.unwrap_or_else(|| "config".to_owned()), message);
        errors
    })?;
    let config = file.apply(Config::standard());
    let problems = config.problems();
    if problems.is_empty() {
        Ok((config, file.server))
    } else {
        Err(InputErrors(
            problems
                .into_iter()
                .map(|problem| {
                    let (path, message) = problem
                        .split_once(": ")
                        .unwrap_or(("config", problem.as_str()));
                    crate::FieldError {
                        path: path.to_owned(),
                        message: message.to_owned(),
                    }
                })
                .collect(),
        ))
    }
}

/// A commented settings file holding every default.
#[must_use]
pub fn example() -> String {
    let config = Config::standard();
    let mut out = String::from(
        "# resilift settings. Every key is optional; the values below are the defaults.\n# Thresholds marked as heuristics in the rules catalogue (`resilift rules`) are\n# the ones most worth reviewing for your setting.\n",
    );
    ScreenSection::example(&config.screen, &mut out);
    PrescriptionSection::example(&config.prescription, &mut out);
    PainSection::example(&config.pain, &mut out);
    InstrumentSection::example(&config.instruments, &mut out);
    RiskSection::example(&config.risk, &mut out);
    FlareSection::example(&config.flare, &mut out);
    FoundationSection::example(&config.foundation, &mut out);
    out.push_str(SERVER_EXAMPLE);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses_back_to_the_defaults() {
        assert_eq!(from_toml(&example()).unwrap(), Config::standard());
    }

    #[test]
    fn overrides_apply_and_unknown_keys_are_refused() {
        let config = from_toml("[screen]\nmin_extensor_hold_s = 90.0\n").unwrap();
        assert!((config.screen.min_extensor_hold_s - 90.0).abs() < 1e-9);
        let error = from_toml("[screen]\nmin_hold = 90.0\n").unwrap_err();
        assert!(
            error.to_string().contains("unknown field `min_hold`"),
            "{error}"
        );
        let error = from_toml("[prescription]\nmax_pct = 0.95\n").unwrap_err();
        assert!(
            error.to_string().contains("prescription.max_pct"),
            "{error}"
        );
    }
}
