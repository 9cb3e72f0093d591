//! Server settings, layered: built-in defaults, then the `[server]` section of the settings
//! file, then `RESILIFT_*` environment variables and command-line flags (clap reads both; a flag
//! wins over its variable).

use std::net::SocketAddr;
use std::path::PathBuf;

use resilift_api::InputErrors;
use resilift_api::config::ServerSection;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Everything `resilift serve` needs to know.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Listening address.
    pub addr: SocketAddr,
    /// PostgreSQL (or `sqlite:PATH`) URL; `None` means the SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// Folder of the SQLite file.
    pub data_dir: PathBuf,
    /// Whether anyone may register.
    pub open_registration: bool,
    /// Cookies marked `Secure`.
    pub secure_cookies: bool,
    /// Days a browser session lasts.
    pub session_days: u32,
    /// Days an API token works after it was made (then a new one must be made).
    pub token_days: u32,
    /// Hours a browser session may sit unused.
    pub session_idle_hours: u32,
    /// Whether anyone may register as a clinician.
    pub open_clinician_registration: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Failed sign-ins from one address before waits begin.
    pub address_failures_free: u32,
    /// Registrations from one address per hour.
    pub registrations_per_hour: u32,
    /// The address people reach the server at (for e-mailed links).
    pub public_url: Option<String>,
    /// SMTP server for e-mails.
    pub smtp_url: Option<String>,
    /// Sender of e-mails.
    pub mail_from: String,
    /// Serve `/metrics`.
    pub metrics: bool,
    /// Hours an invite stays valid.
    pub invite_hours: u32,
    /// Database connections.
    pub max_connections: u32,
    /// Roster statuses kept in memory.
    pub status_cache: u32,
    /// Free space, in MiB, kept for small records: below it imports and clips are refused
    /// (507) while sessions, check-ins and triages still go through. 0 turns the reserve off.
    pub min_free_mb: u32,
    /// Import previews one account may keep waiting (neither confirmed nor discarded).
    pub max_import_previews: u32,
    /// Seconds a client has to send a request's headers before the connection is closed.
    pub header_timeout_seconds: u32,
    /// Seconds a request body may pause between two pieces before the request is ended.
    pub body_idle_seconds: u32,
    /// Log format.
    pub log_format: LogFormat,
    /// Seed a demo lifter and clinician with history.
    pub demo: bool,
    /// The local emergency number, shown as a tap-to-call link on emergency instructions.
    pub emergency_number: Option<String>,
    /// The form check from a video.
    pub form: FormSettings,
}

/// The form check's settings (`[server.form_check]`).
#[derive(Debug, Clone, PartialEq)]
pub struct FormSettings {
    /// The pose model.
    pub model: resilift_pose::Variant,
    /// The largest clip, in bytes.
    pub max_upload_bytes: u64,
    /// Clip length and decoding.
    pub limits: resilift_pose::Limits,
    /// Keep clips after analysis.
    pub keep_video: bool,
    /// The thresholds of the proposed faults.
    pub thresholds: resilift_form::Thresholds,
}

impl Default for FormSettings {
    fn default() -> Self {
        Self {
            model: resilift_pose::Variant::Full,
            max_upload_bytes: 200 * 1024 * 1024,
            limits: resilift_pose::Limits::default(),
            keep_video: false,
            thresholds: resilift_form::Thresholds::default(),
        }
    }
}

impl FormSettings {
    fn resolve(&mut self, file: &resilift_api::config::FormCheckSection, errors: &mut InputErrors) {
        if let Some(model) = file.model.as_deref() {
            match resilift_pose::Variant::parse(model) {
                Some(variant) => self.model = variant,
                None => errors.push(
                    "server.form_check.model",
                    format!("expected \"full\" or \"lite\", got {model:?}"),
                ),
            }
        }
        let mut whole = |key: &str, value: Option<u32>, min: u32, max: u32| -> Option<u32> {
            let value = value?;
            if (min..=max).contains(&value) {
                Some(value)
            } else {
                errors.push(
                    format!("server.form_check.{key}"),
                    format!("expected {min} to {max}, got {value}"),
                );
                None
            }
        };
        if let Some(mb) = whole("max_upload_mb", file.max_upload_mb, 1, 2048) {
            self.max_upload_bytes = u64::from(mb) * 1024 * 1024;
        }
        if let Some(seconds) = whole("max_seconds", file.max_seconds, 1, 600) {
            self.limits.max_seconds = f64::from(seconds);
        }
        if let Some(fps) = whole("frames_per_second", file.frames_per_second, 5, 60) {
            self.limits.fps = f64::from(fps);
        }
        if let Some(seconds) = whole("max_analysis_seconds", file.max_analysis_seconds, 5, 3600) {
            self.limits.max_analysis = std::time::Duration::from_secs(u64::from(seconds));
        }
        if let Some(program) = file.ffmpeg.as_deref().map(str::trim) {
            if program.is_empty() {
                errors.push(
                    "server.form_check.ffmpeg",
                    "expected the path of the ffmpeg program",
                );
            } else {
                self.limits.ffmpeg = std::path::PathBuf::from(program);
            }
        }
        if let Some(keep) = file.keep_video {
            self.keep_video = keep;
        }
        let mut real = |key: &str, value: Option<f64>, min: f64, max: f64| -> Option<f64> {
            let value = value?;
            if value.is_finite() && value >= min && value <= max {
                Some(value)
            } else {
                errors.push(
                    format!("server.form_check.{key}"),
                    format!("expected {min} to {max}, got {value}"),
                );
                None
            }
        };
        let t = &mut self.thresholds;
        if let Some(v) = real("min_visibility", file.min_visibility, 0.0, 1.0) {
            // Between 0 and 1, so nothing is lost.
            #[allow(clippy::cast_possible_truncation)]
            let v = v as f32;
            t.min_visibility = v;
        }
        if let Some(v) = real("min_rep_rise", file.min_rep_rise, 0.01, 1.0) {
            t.min_rep_rise = v;
        }
        use resilift_form::Check;
        let checks = [
            (
                Check::JerkyStart,
                "jerky_start_ratio",
                file.jerky_start_ratio,
                1.0,
                10.0,
            ),
            (
                Check::HipsRiseFirst,
                "hips_rise_first_degrees",
                file.hips_rise_first_degrees,
                0.0,
                90.0,
            ),
            (
                Check::BarDrift,
                "bar_drift_percent",
                file.bar_drift_percent,
                0.0,
                200.0,
            ),
            (
                Check::LockoutHyperextension,
                "lockout_hyperextension_degrees",
                file.lockout_hyperextension_degrees,
                0.0,
                90.0,
            ),
            (
                Check::SpineRounding,
                "spine_rounding_percent",
                file.spine_rounding_percent,
                0.0,
                100.0,
            ),
        ];
        for (check, key, value, min, max) in checks {
            if let Some(v) = real(key, value, min, max) {
                t.set(check, v);
            }
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: None,
            data_dir: PathBuf::from("resilift-data"),
            open_registration: true,
            secure_cookies: false,
            session_days: 30,
            token_days: 90,
            session_idle_hours: 12,
            open_clinician_registration: false,
            trusted_proxies: Vec::new(),
            address_failures_free: 50,
            registrations_per_hour: 10,
            public_url: None,
            smtp_url: None,
            mail_from: "resilift <no-reply@localhost>".to_owned(),
            metrics: false,
            invite_hours: 72,
            max_connections: 8,
            status_cache: 100_000,
            min_free_mb: 64,
            max_import_previews: 5,
            header_timeout_seconds: 10,
            body_idle_seconds: 30,
            log_format: LogFormat::Text,
            demo: false,
            emergency_number: None,
            form: FormSettings::default(),
        }
    }
}

/// Values from the environment or the command line (already merged by clap).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--addr` / `RESILIFT_ADDR`.
    pub addr: Option<String>,
    /// `--database-url` / `RESILIFT_DATABASE_URL`.
    pub database_url: Option<String>,
    /// `--data-dir` / `RESILIFT_DATA_DIR`.
    pub data_dir: Option<PathBuf>,
    /// `--open-registration` / `RESILIFT_OPEN_REGISTRATION`.
    pub open_registration: Option<bool>,
    /// `--secure-cookies` / `RESILIFT_SECURE_COOKIES`.
    pub secure_cookies: Option<bool>,
    /// `--log-format` / `RESILIFT_LOG_FORMAT`.
    pub log_format: Option<String>,
    /// `--demo`.
    pub demo: bool,
    /// `--emergency-number` / `RESILIFT_EMERGENCY_NUMBER`.
    pub emergency_number: Option<String>,
}

impl Settings {
    /// Layers the file section and the overrides over the defaults, checking every value.
    ///
    /// # Errors
    /// One entry per bad value, named by its key in the settings file.
    pub fn resolve(file: &ServerSection, over: &Overrides) -> Result<Self, InputErrors> {
        let mut errors = InputErrors::default();
        let mut settings = Self::default();
        if let Some(addr) = over.addr.as_ref().or(file.addr.as_ref()) {
            match addr.parse() {
                Ok(addr) => settings.addr = addr,
                Err(_) => errors.push(
                    "server.addr",
                    format!("expected HOST:PORT such as 127.0.0.1:8080, got {addr:?}"),
                ),
            }
        }
        settings.database_url = over
            .database_url
            .clone()
            .or_else(|| file.database_url.clone())
            .filter(|url| !url.trim().is_empty());
        if let Some(url) = &settings.database_url {
            let known = ["postgres://", "postgresql://", "sqlite:"];
            if !known.iter().any(|scheme| url.starts_with(scheme)) {
                errors.push(
                    "server.database_url",
                    "expected postgres://USER@HOST/DB or sqlite:PATH",
                );
            }
        }
        if let Some(dir) = over
            .data_dir
            .clone()
            .or_else(|| file.data_dir.clone().map(PathBuf::from))
        {
            if dir.as_os_str().is_empty() {
                errors.push("server.data_dir", "expected a folder path");
            }
            settings.data_dir = dir;
        }
        if let Some(open) = over.open_registration.or(file.open_registration) {
            settings.open_registration = open;
        }
        if let Some(secure) = over.secure_cookies.or(file.secure_cookies) {
            settings.secure_cookies = secure;
        }
        if let Some(number) = over
            .emergency_number
            .as_ref()
            .or(file.emergency_number.as_ref())
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
        {
            let digits = number.chars().filter(char::is_ascii_digit).count();
            if digits == 0
                || number.len() > 20
                || !number
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '+' || c == ' ')
            {
                errors.push(
                    "server.emergency_number",
                    format!("expected a telephone number of digits such as 999, 911 or 112, got {number:?}"),
                );
            } else {
                settings.emergency_number = Some(number);
            }
        }
        let mut positive = |key: &str, value: Option<u32>, max: u32, target: &mut u32| {
            if let Some(value) = value {
                if value == 0 || value > max {
                    errors.push(
                        format!("server.{key}"),
                        format!("expected 1 to {max}, got {value}"),
                    );
                } else {
                    *target = value;
                }
            }
        };
        positive(
            "session_days",
            file.session_days,
            365,
            &mut settings.session_days,
        );
        positive(
            "token_days",
            file.token_days,
            3650,
            &mut settings.token_days,
        );
        positive(
            "session_idle_hours",
            file.session_idle_hours,
            24 * 30,
            &mut settings.session_idle_hours,
        );
        positive(
            "address_failures_free",
            file.address_failures_free,
            100_000,
            &mut settings.address_failures_free,
        );
        positive(
            "registrations_per_hour",
            file.registrations_per_hour,
            100_000,
            &mut settings.registrations_per_hour,
        );
        positive(
            "invite_hours",
            file.invite_hours,
            24 * 30,
            &mut settings.invite_hours,
        );
        positive(
            "max_connections",
            file.max_connections,
            1000,
            &mut settings.max_connections,
        );
        positive(
            "status_cache",
            file.status_cache,
            10_000_000,
            &mut settings.status_cache,
        );
        positive(
            "max_import_previews",
            file.max_import_previews,
            1000,
            &mut settings.max_import_previews,
        );
        positive(
            "header_timeout_seconds",
            file.header_timeout_seconds,
            600,
            &mut settings.header_timeout_seconds,
        );
        positive(
            "body_idle_seconds",
            file.body_idle_seconds,
            600,
            &mut settings.body_idle_seconds,
        );
        match file.min_free_mb {
            Some(mb) if mb > 1_048_576 => errors.push(
                "server.min_free_mb",
                format!("expected 0 to 1048576, got {mb}"),
            ),
            Some(mb) => settings.min_free_mb = mb,
            None => {}
        }
        match over.log_format.as_deref().or(file.log_format.as_deref()) {
            None | Some("text") => {}
            Some("json") => settings.log_format = LogFormat::Json,
            Some(other) => errors.push(
                "server.log_format",
                format!("expected \"text\" or \"json\", got {other:?}"),
            ),
        }
        if let Some(open) = file.open_clinician_registration {
            settings.open_clinician_registration = open;
        }
        if let Some(on) = file.metrics {
            settings.metrics = on;
        }
        for (n, proxy) in file.trusted_proxies.iter().flatten().enumerate() {
            match proxy.trim().parse() {
                Ok(ip) => settings.trusted_proxies.push(ip),
                Err(_) => errors.push(
                    format!("server.trusted_proxies[{n}]"),
                    format!("expected an IP address such as 10.0.0.2, got {proxy:?}"),
                ),
            }
        }
        if let Some(url) = file.public_url.as_deref().map(str::trim) {
            if url.starts_with("http://") || url.starts_with("https://") {
                settings.public_url = Some(url.trim_end_matches('/').to_owned());
            } else {
                errors.push(
                    "server.public_url",
                    format!("expected https://HOST (or http://HOST), got {url:?}"),
                );
            }
        }
        if let Some(url) = file.smtp_url.as_deref().map(str::trim) {
            if url.starts_with("smtp://") || url.starts_with("smtps://") {
                settings.smtp_url = Some(url.to_owned());
            } else {
                errors.push(
                    "server.smtp_url",
                    format!("expected smtp://HOST:PORT or smtps://USER:PASSWORD@HOST, got {url:?}"),
                );
            }
        }
        if let Some(from) = file.mail_from.as_deref().map(str::trim) {
            if from.contains('@') && !from.chars().any(char::is_control) {
                settings.mail_from = from.to_owned();
            } else {
                errors.push(
                    "server.mail_from",
                    format!("expected an address such as \"resilift <no-reply@example.org>\", got {from:?}"),
                );
            }
        }
        if settings.smtp_url.is_some() && settings.public_url.is_none() {
            errors.push(
                "server.public_url",
                "needed with smtp_url: the reset e-mail links to this address",
            );
        }
        settings.form.resolve(&file.form_check, &mut errors);
        settings.demo = over.demo;
        errors.finish(|| settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_environment_win_over_the_file_which_wins_over_defaults() {
        let file = ServerSection {
            addr: Some("127.0.0.1:9000".into()),
            data_dir: Some("from-file".into()),
            session_days: Some(7),
            ..ServerSection::default()
        };
        let settings = Settings::resolve(&file, &Overrides::default()).unwrap();
        assert_eq!(settings.addr.port(), 9000);
        assert_eq!(settings.data_dir, PathBuf::from("from-file"));
        assert_eq!(settings.session_days, 7);
        assert!(settings.open_registration);
        let over = Overrides {
            addr: Some("127.0.0.1:9100".into()),
            open_registration: Some(false),
            ..Overrides::default()
        };
        let settings = Settings::resolve(&file, &over).unwrap();
        assert_eq!(settings.addr.port(), 9100);
        assert!(!settings.open_registration);
        assert_eq!(settings.data_dir, PathBuf::from("from-file"));
    }

    #[test]
    fn bad_values_are_named() {
        let file = ServerSection {
            session_days: Some(0),
            log_format: Some("yaml".into()),
            ..ServerSection::default()
        };
        let over = Overrides {
            addr: Some("localhost".into()),
            database_url: Some("mysql://x".into()),
            ..Overrides::default()
        };
        let errors = Settings::resolve(&file, &over).unwrap_err().to_string();
        for key in [
            "server.addr",
            "server.database_url",
            "server.session_days",
            "server.log_format",
        ] {
            assert!(errors.contains(key), "{key} missing from {errors}");
        }
    }

    #[test]
    fn form_check_settings_are_applied_and_bad_ones_named() {
        let mut file = ServerSection::default();
        file.form_check.bar_drift_percent = Some(35.0);
        file.form_check.frames_per_second = Some(30);
        file.form_check.spine_rounding_percent = Some(-1.0);
        file.form_check.model = Some("huge".into());
        let errors = Settings::resolve(&file, &Overrides::default())
            .unwrap_err()
            .to_string();
        for key in [
            "server.form_check.spine_rounding_percent",
            "server.form_check.model",
        ] {
            assert!(errors.contains(key), "{key} missing from {errors}");
        }
        file.form_check.spine_rounding_percent = None;
        file.form_check.model = Some("lite".into());
        let form = Settings::resolve(&file, &Overrides::default())
            .unwrap()
            .form;
        assert_eq!(form.model, resilift_pose::Variant::Lite);
        assert!((form.thresholds.bar_drift_percent - 35.0).abs() < 1e-9);
        assert!((form.thresholds.spine_rounding_percent - 8.0).abs() < 1e-9);
        assert!((form.limits.fps - 30.0).abs() < 1e-9);
    }
}
