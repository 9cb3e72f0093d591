//! The `resilift` command tree: every decision as JSON in and JSON or plain words out.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use resilift_api::{InputErrors, catalogue, config, e1rm, flare, next, risk, score, screen};
use resilift_core::Config;

use crate::render;

/// Evidence-based deadlift readiness, loading and pain guidance for people with back pain.
#[derive(Debug, Parser)]
#[command(name = "resilift", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Options shared by every command.
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options shared by every command.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Print the JSON contract instead of text for people.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// A TOML settings file: rule thresholds and the `[server]` section (see
    /// `resilift config example`).
    #[arg(long, global = true, value_name = "FILE.toml", env = "RESILIFT_CONFIG")]
    pub(crate) config: Option<PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Readiness screen from a screening record (docs/json.md).
    Screen(InputArg),
    /// The next deadlift session from the rung, equipment and history (docs/json.md).
    Next(InputArg),
    /// The risk profile: which factors apply and which can change.
    Risk(InputArg),
    /// Triage after a deadlift hurts.
    Flare(InputArg),
    /// Score an instrument (nprs, odi, rmdq, startback, tsk11, biering_sorensen, mcgill, bunkie).
    Score(InputArg),
    /// Estimate a 1RM from a submaximal set.
    E1rm(E1rmArgs),
    /// Every rule with its text, evidence and level.
    Rules,
    /// The evidence catalogue, or one entry.
    Evidence {
        /// A `CIT-…` id.
        id: Option<String>,
    },
    /// The JSON Schema of an input.
    Schema {
        /// Which input.
        input: SchemaInput,
    },
    /// Run the web server and JSON API (SQLite in the data folder unless --database-url).
    Serve(ServeArgs),
    /// Operator tasks on the server's store: clinician invites and accounts, disabling
    /// accounts, password-reset links (the server may be running).
    Admin {
        /// Which store.
        #[command(flatten)]
        store: StoreArgs,
        /// What to do.
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Copy the SQLite database to a new file while the server keeps serving.
    Backup {
        /// Which store.
        #[command(flatten)]
        store: StoreArgs,
        /// The backup file to write (must not exist yet).
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Restore a backup into an empty data folder.
    Restore {
        /// The backup file.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// The data folder to restore into (default ./resilift-data); it must hold no database.
        #[arg(long, env = "RESILIFT_DATA_DIR", value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Experimental form check: reps, angles and proposed faults from a side-on clip of one
    /// set, analysed on this machine (nothing is stored; needs ffmpeg and `models install`).
    Form {
        /// The clip: MP4, MOV or WebM.
        video: PathBuf,
        /// The data folder holding the pose models (default ./resilift-data).
        #[arg(long, env = "RESILIFT_DATA_DIR", value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// The pose models for the form check.
    Models {
        /// What to do.
        #[command(subcommand)]
        action: ModelsAction,
    },
    /// Settings helpers.
    Config {
        /// What to do.
        #[command(subcommand)]
        action: ConfigAction,
    },
}

/// `resilift serve` options; each also reads a `RESILIFT_*` variable, and both win over the
/// settings file's `[server]` section.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "RESILIFT_ADDR", value_name = "HOST:PORT")]
    pub(crate) addr: Option<String>,
    /// `postgres://USER@HOST/DB` for PostgreSQL (default: SQLite in the data folder).
    #[arg(long, env = "RESILIFT_DATABASE_URL", value_name = "URL")]
    pub(crate) database_url: Option<String>,
    /// Folder for the SQLite file, created on first start (default ./resilift-data).
    #[arg(long, env = "RESILIFT_DATA_DIR", value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// Whether anyone may register.
    #[arg(long, env = "RESILIFT_OPEN_REGISTRATION", value_name = "BOOL")]
    pub(crate) open_registration: Option<bool>,
    /// Mark cookies Secure (when served over HTTPS).
    #[arg(long, env = "RESILIFT_SECURE_COOKIES", value_name = "BOOL")]
    pub(crate) secure_cookies: Option<bool>,
    /// Log lines as `text` or `json`.
    #[arg(long, env = "RESILIFT_LOG_FORMAT", value_name = "FORMAT")]
    pub(crate) log_format: Option<String>,
    /// Start with a demo lifter and a demo clinician and months of history (credentials printed).
    #[arg(long)]
    pub(crate) demo: bool,
    /// The local emergency number (such as 999, 911 or 112), shown as a tap-to-call link on
    /// emergency instructions.
    #[arg(long, env = "RESILIFT_EMERGENCY_NUMBER", value_name = "NUMBER")]
    pub(crate) emergency_number: Option<String>,
}

/// Which store an operator's command works on: the same settings as `serve`.
#[derive(Debug, Args)]
pub(crate) struct StoreArgs {
    /// `postgres://USER@HOST/DB` for PostgreSQL (default: SQLite in the data folder).
    #[arg(long, env = "RESILIFT_DATABASE_URL", value_name = "URL")]
    pub(crate) database_url: Option<String>,
    /// Folder of the SQLite file (default ./resilift-data).
    #[arg(long, env = "RESILIFT_DATA_DIR", value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
}

/// `resilift models` actions.
#[derive(Debug, Subcommand)]
pub(crate) enum ModelsAction {
    /// Fetch the pinned `@mediapipe/pose` package from the npm registry (or read a local copy),
    /// check its integrity hash, convert its landmark models and store them in the data folder.
    Install {
        /// A local copy of the package's tarball instead of the registry.
        #[arg(long, value_name = "FILE.tgz")]
        from: Option<PathBuf>,
        /// The data folder (default ./resilift-data).
        #[arg(long, env = "RESILIFT_DATA_DIR", value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
}

/// `resilift admin` actions.
#[derive(Debug, Subcommand)]
pub(crate) enum AdminAction {
    /// Make an invite code that lets one person register as a clinician.
    Invite {
        /// Who it is for, kept with the invite (such as a name).
        #[arg(long, default_value = "")]
        note: String,
        /// Days the code stays valid.
        #[arg(long, default_value_t = 14)]
        days: u32,
    },
    /// Create a clinician's account and print the link with which they choose a password.
    CreateClinician {
        /// Their e-mail address.
        email: String,
    },
    /// List every account.
    Accounts {
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Disable an account: it cannot sign in, its sessions end and its tokens stop working.
    Disable {
        /// The account's e-mail address.
        email: String,
    },
    /// Enable a disabled account again.
    Enable {
        /// The account's e-mail address.
        email: String,
    },
    /// Print a single-use password-reset link (valid for two hours) for an account.
    ResetLink {
        /// The account's e-mail address.
        email: String,
    },
}

/// An input file.
#[derive(Debug, Args)]
pub(crate) struct InputArg {
    /// A JSON file, or `-` for standard input.
    pub(crate) file: PathBuf,
}

/// The e1RM calculator.
#[derive(Debug, Args)]
pub(crate) struct E1rmArgs {
    /// Load lifted.
    #[arg(long, allow_negative_numbers = true)]
    pub(crate) load: f64,
    /// Reps done.
    #[arg(long, allow_negative_numbers = true)]
    pub(crate) reps: i64,
    /// Effort (6-10 in half steps); 10 means the set went to failure.
    #[arg(long, default_value_t = 10.0, allow_negative_numbers = true)]
    pub(crate) rpe: f64,
    /// epley_rir (default), epley, brzycki, lander, lombardi, mayhew, oconner, wathan, nsca or rts.
    #[arg(long, default_value = "epley_rir")]
    pub(crate) formula: String,
}

/// Inputs with a schema.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum SchemaInput {
    /// Screening record.
    Screen,
    /// Next-session request.
    Next,
    /// Risk profile answers.
    Risk,
    /// Post-lift triage answers.
    Flare,
    /// Instrument to score.
    Score,
    /// Settings file.
    Config,
}

/// Settings actions.
#[derive(Debug, Subcommand)]
pub(crate) enum ConfigAction {
    /// Print a commented settings file with every default.
    Example,
}

/// How a run failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The input was invalid (exit status 2).
    Input(InputErrors),
    /// Anything else (exit status 1).
    Other(anyhow::Error),
}

impl From<InputErrors> for Failure {
    fn from(errors: InputErrors) -> Self {
        Self::Input(errors)
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Self::Other(error)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Self::Other(error.into())
    }
}

/// Runs a parsed command line, writing the answer to standard output.
///
/// # Errors
/// Invalid input, or a failure to read or write.
pub(crate) fn run(cli: &Cli) -> Result<(), Failure> {
    let cfg = load_config(cli.global.config.as_deref())?;
    let json = cli.global.json;
    let mut out = anstream::stdout();
    match &cli.command {
        Command::Screen(arg) => {
            let response = screen::run(&read(&arg.file)?, &cfg)?;
            emit(&mut out, json, &response, render::screen)?;
        }
        Command::Next(arg) => {
            let response = next::run(&read(&arg.file)?, &cfg)?;
            emit(&mut out, json, &response, render::next)?;
        }
        Command::Risk(arg) => emit(
            &mut out,
            json,
            &risk::run(&read(&arg.file)?, &cfg)?,
            render::risk,
        )?,
        Command::Flare(arg) => emit(
            &mut out,
            json,
            &flare::run(&read(&arg.file)?, &cfg)?,
            render::flare,
        )?,
        Command::Score(arg) => emit(
            &mut out,
            json,
            &score::run(&read(&arg.file)?, &cfg)?,
            render::score,
        )?,
        Command::E1rm(args) => {
            let response = e1rm::run(args.load, args.reps, args.rpe, &args.formula)?;
            emit(&mut out, json, &response, render::e1rm)?;
        }
        Command::Rules => emit(&mut out, json, &catalogue::rules(), render::rules)?,
        Command::Evidence { id: None } => {
            emit(&mut out, json, &catalogue::citations(), render::citations)?;
        }
        Command::Evidence { id: Some(id) } => {
            let Some(found) = catalogue::citations()
                .into_iter()
                .find(|c| c.id.eq_ignore_ascii_case(id))
            else {
                let mut errors = InputErrors::default();
                errors.push(
                    "id",
                    format!("unknown evidence id `{id}`; run `resilift evidence` for the list"),
                );
                return Err(errors.into());
            };
            emit(&mut out, json, &vec![found], render::citations)?;
        }
        Command::Schema { input } => writeln!(out, "{}", schema(*input)?)?,
        Command::Config {
            action: ConfigAction::Example,
        } => write!(out, "{}", config::example())?,
        Command::Serve(args) => serve(cli.global.config.as_deref(), args)?,
        Command::Admin { store, action } => {
            let runtime = runtime()?;
            let (rules, settings) = store_settings(cli.global.config.as_deref(), store)?;
            runtime.block_on(admin(&mut out, settings, rules, action))?;
        }
        Command::Backup { store, to } => {
            let runtime = runtime()?;
            let (rules, settings) = store_settings(cli.global.config.as_deref(), store)?;
            let bytes = runtime.block_on(async {
                let state = resilift_server::admin::open(&settings, rules).await?;
                let written = resilift_server::admin::backup(&state, to).await;
                resilift_server::admin::close(&state).await;
                written
            })?;
            writeln!(
                out,
                "backup written to {} ({} KiB, integrity ok)",
                to.display(),
                bytes.div_ceil(1024)
            )?;
        }
        Command::Form { video, data_dir } => {
            let (_, section) = load_config_with_server(cli.global.config.as_deref())?;
            let overrides = resilift_server::Overrides {
                data_dir: data_dir.clone(),
                ..resilift_server::Overrides::default()
            };
            let settings = resilift_server::Settings::resolve(&section, &overrides)?;
            let view =
                resilift_server::analyse_file(&settings, video).map_err(|error| match error {
                    resilift_server::ClipError::Clip(message) => {
                        let mut errors = InputErrors::default();
                        errors.push("video", message);
                        Failure::Input(errors)
                    }
                    resilift_server::ClipError::Unavailable(message) => {
                        Failure::Other(anyhow::anyhow!(message))
                    }
                })?;
            emit(&mut out, json, &view, resilift_server::ClipView::summary)?;
        }
        Command::Models {
            action: ModelsAction::Install { from, data_dir },
        } => {
            let dir = data_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from("resilift-data"));
            let tarball = match from {
                Some(path) => std::fs::read(path)
                    .with_context(|| format!("failed to read `{}`", path.display()))?,
                None => {
                    writeln!(out, "downloading {}", resilift_pose::models::TARBALL_URL)?;
                    resilift_pose::models::download().map_err(anyhow::Error::from)?
                }
            };
            let manifest =
                resilift_pose::models::install(&tarball, &dir).map_err(anyhow::Error::from)?;
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&manifest).context("failed to write JSON")?
                )?;
            } else {
                writeln!(
                    out,
                    "installed {} {} (integrity checked) into {}",
                    manifest.package,
                    manifest.version,
                    resilift_pose::models::folder(&dir).display()
                )?;
                for model in &manifest.models {
                    writeln!(
                        out,
                        "  {} ({} half-precision weights widened)",
                        model.file, model.folded
                    )?;
                }
            }
        }
        Command::Restore { from, data_dir } => {
            let runtime = runtime()?;
            let dir = data_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from("resilift-data"));
            runtime.block_on(resilift_server::admin::restore(from, &dir))?;
            writeln!(
                out,
                "restored {} into {}",
                from.display(),
                dir.join("resilift.db").display()
            )?;
        }
    }
    Ok(())
}

fn serve(path: Option<&Path>, args: &ServeArgs) -> Result<(), Failure> {
    let (rules, section) = load_config_with_server(path)?;
    let overrides = resilift_server::Overrides {
        addr: args.addr.clone(),
        database_url: args.database_url.clone(),
        data_dir: args.data_dir.clone(),
        open_registration: args.open_registration,
        secure_cookies: args.secure_cookies,
        log_format: args.log_format.clone(),
        demo: args.demo,
        emergency_number: args.emergency_number.clone(),
    };
    let settings = resilift_server::Settings::resolve(&section, &overrides)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(resilift_server::serve(settings, rules))?;
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?)
}

/// The rules and server settings an operator's command uses: the settings file, then the
/// store flags (as `serve` reads them).
fn store_settings(
    path: Option<&Path>,
    store: &StoreArgs,
) -> Result<(Config, resilift_server::Settings), Failure> {
    let (rules, section) = load_config_with_server(path)?;
    let overrides = resilift_server::Overrides {
        database_url: store.database_url.clone(),
        data_dir: store.data_dir.clone(),
        ..resilift_server::Overrides::default()
    };
    Ok((
        rules,
        resilift_server::Settings::resolve(&section, &overrides)?,
    ))
}

async fn admin(
    out: &mut impl Write,
    settings: resilift_server::Settings,
    rules: Config,
    action: &AdminAction,
) -> Result<(), Failure> {
    use resilift_server::admin;
    let state = admin::open(&settings, rules).await?;
    match action {
        AdminAction::Invite { note, days } => {
            let code = admin::invite_clinician(&state, note, *days).await?;
            writeln!(out, "{code}")?;
            writeln!(
                out,
                "Give this code to the clinician: they enter it when they create their account. It works once, for {days} days."
            )?;
        }
        AdminAction::CreateClinician { email } => {
            let link = admin::create_clinician(&state, email).await?;
            writeln!(out, "{link}")?;
            writeln!(
                out,
                "Send this link to {email}: it lets them choose their password. It works once, for two hours; `resilift admin reset-link` makes a new one."
            )?;
        }
        AdminAction::Accounts { json } => {
            let accounts = admin::accounts(&state).await?;
            if *json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&accounts).context("writing JSON")?
                )?;
            } else {
                for a in &accounts {
                    let status = if a.disabled_at.is_some() {
                        "disabled"
                    } else {
                        "active"
                    };
                    writeln!(
                        out,
                        "{:<40} {:<10} {:<9} since {}",
                        a.email,
                        a.role,
                        status,
                        a.created_at.get(..10).unwrap_or(&a.created_at)
                    )?;
                }
                writeln!(out, "{} accounts", accounts.len())?;
            }
        }
        AdminAction::Disable { email } => {
            admin::set_disabled(&state, email, true).await?;
            writeln!(
                out,
                "{email} is disabled: it cannot sign in, and its sessions and tokens have ended."
            )?;
        }
        AdminAction::Enable { email } => {
            admin::set_disabled(&state, email, false).await?;
            writeln!(
                out,
                "{email} is enabled again; it signs in with its password."
            )?;
        }
        AdminAction::ResetLink { email } => {
            let link = admin::reset_link(&state, email).await?;
            writeln!(out, "{link}")?;
            writeln!(
                out,
                "This link lets the owner of {email} choose a new password. It works once, for two hours."
            )?;
        }
    }
    admin::close(&state).await;
    Ok(())
}

fn load_config(path: Option<&Path>) -> Result<Config, Failure> {
    load_config_with_server(path).map(|(config, _)| config)
}

fn load_config_with_server(
    path: Option<&Path>,
) -> Result<(Config, config::ServerSection), Failure> {
    let Some(path) = path else {
        return Ok((Config::standard(), config::ServerSection::default()));
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("failed to read settings file `{}`", path.display()))?;
    config::from_toml_with_server(&text).map_err(|errors| {
        let prefixed = errors.0.into_iter().map(|mut e| {
            e.path = format!("{}: {}", path.display(), e.path);
            e
        });
        Failure::Input(InputErrors(prefixed.collect()))
    })
}

fn read(path: &Path) -> Result<String, Failure> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("failed to read standard input")?;
        Ok(text)
    } else {
        Ok(std::fs::read_to_string(path)
            .with_context(|| format!("failed to read `{}`", path.display()))?)
    }
}

fn emit<T: serde::Serialize>(
    out: &mut impl Write,
    json: bool,
    value: &T,
    human: fn(&T) -> String,
) -> Result<(), Failure> {
    if json {
        let text = serde_json::to_string_pretty(value).context("failed to write JSON")?;
        writeln!(out, "{text}")?;
    } else {
        write!(out, "{}", human(value))?;
    }
    Ok(())
}

fn schema(input: SchemaInput) -> Result<String, Failure> {
    let value = match input {
        SchemaInput::Screen => schemars::schema_for!(screen::ScreeningRecord),
        SchemaInput::Next => schemars::schema_for!(next::NextRequest),
        SchemaInput::Risk => schemars::schema_for!(risk::RiskRequest),
        SchemaInput::Flare => schemars::schema_for!(flare::FlareRequest),
        SchemaInput::Score => schemars::schema_for!(score::ScoreRequest),
        SchemaInput::Config => schemars::schema_for!(config::ConfigFile),
    };
    Ok(serde_json::to_string_pretty(&value).context("failed to write the schema")?)
}
