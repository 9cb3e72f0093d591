//! `resilift serve`: accounts, access rules and the JSON API under `/api/v1`, over the decision
//! engine (`resilift-core`, through the wire types of `resilift-api`) and durable storage
//! (`resilift-store`).
//!
//! Invariants:
//! - Every data endpoint answers only for the caller's own record, or for a lifter who linked the
//!   calling clinician; anything else is a 404, indistinguishable from a missing record.
//! - A write is acknowledged only after its transaction (and audit entry) is committed.
//! - Bad input is a 400/422 naming each field and changes nothing; it is never a 500.
//! - The clinical decision is always the engine's: the server only gathers the stored inputs.

mod access;
pub mod admin;
mod auth;
mod contract;
mod error;
mod fhir;
#[cfg(test)]
mod fuzz;
mod http;
mod hygiene;
mod idempotency;
mod limits;
mod mail;
mod metrics;
mod openapi;
mod safety;
mod service;
mod settings;
mod views;
mod web;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use resilift_core::Config;
use resilift_store::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

pub use error::{ApiError, ErrorBody, FieldProblem};
pub use openapi::document as openapi_document;
pub use service::form::{ClipError, ClipView, analyse_file};
pub use settings::{FormSettings, LogFormat, Overrides, Settings};
pub use web::demo;

/// Shared state of every request.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    rules: Config,
    ruleset: String,
    settings: Settings,
    clock: Clock,
    /// The last storage fault a request met, until a write succeeds again (shared by every
    /// clock's copy of the state).
    storage: Arc<std::sync::Mutex<Option<resilift_store::StorageFault>>>,
    /// Prometheus series, when `metrics` is on.
    metrics: Option<Arc<metrics::Metrics>>,
    /// Roster statuses computed earlier, by client, with the record version and day they were
    /// computed for (`views::statuses`); at most `status_cache` of them, the least used going
    /// first.
    statuses: Arc<StatusCache>,
    /// The loaded pose model and the one-at-a-time gate for clip analysis.
    form: Arc<service::form::Runtime>,
    /// Password checks under one limit key, one at a time (`limits::KeyLocks`).
    guesses: Arc<limits::KeyLocks>,
}

type StatusCache = quick_cache::sync::Cache<String, Arc<CachedStatus>>;

fn status_cache(settings: &Settings) -> Arc<StatusCache> {
    Arc::new(StatusCache::new(settings.status_cache as usize))
}

/// A roster status and what it was decided from.
struct CachedStatus {
    version: String,
    time_zone: String,
    day: chrono::NaiveDate,
    status: views::Status,
}

fn day_in(zone: &str, now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    now.with_timezone(&tz).date_naive()
}

/// Where "now" comes from: the system clock, or one fixed instant (the demo's history is
/// written through the services at the instants it pretends to have happened).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    System,
    /// Always this instant.
    Fixed(chrono::DateTime<chrono::Utc>),
}

impl AppState {
    /// State over an open store.
    #[must_use]
    pub fn new(store: Store, rules: Config, settings: Settings) -> Self {
        let ruleset = if rules == Config::standard() {
            resilift_core::rules::RULESET_VERSION.to_owned()
        } else {
            use sha2::Digest as _;
            let digest = sha2::Sha256::digest(format!("{rules:?}").as_bytes());
            let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
            format!("{}+local.{short}", resilift_core::rules::RULESET_VERSION)
        };
        let settings_metrics = settings.metrics.then(metrics::Metrics::new);
        let statuses = status_cache(&settings);
        Self {
            inner: Arc::new(Inner {
                store,
                rules,
                ruleset,
                settings,
                clock: Clock::System,
                storage: Arc::default(),
                metrics: settings_metrics,
                statuses,
                form: Arc::default(),
                guesses: Arc::default(),
            }),
        }
    }

    /// The same state reading `clock` for "now".
    #[must_use]
    pub fn with_clock(&self, clock: Clock) -> Self {
        Self {
            inner: Arc::new(Inner {
                store: self.inner.store.clone(),
                rules: self.inner.rules.clone(),
                ruleset: self.inner.ruleset.clone(),
                settings: self.inner.settings.clone(),
                clock,
                storage: Arc::clone(&self.inner.storage),
                metrics: self.inner.metrics.clone(),
                // Statuses are decided for a day: another clock keeps its own.
                statuses: status_cache(&self.inner.settings),
                form: Arc::clone(&self.inner.form),
                guesses: Arc::clone(&self.inner.guesses),
            }),
        }
    }

    /// A status computed earlier for `id`, if its record is still at `version` and its day has
    /// not turned.
    pub(crate) fn cached_status(
        &self,
        id: &str,
        version: Option<&str>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<views::Status> {
        let version = version?;
        let cached = self.inner.statuses.get(id)?;
        (cached.version == version && cached.day == day_in(&cached.time_zone, now))
            .then(|| cached.status.clone())
    }

    /// Keeps a status computed for `id` at `version`.
    pub(crate) fn cache_status(
        &self,
        id: &str,
        version: &str,
        time_zone: &str,
        now: chrono::DateTime<chrono::Utc>,
        status: &views::Status,
    ) {
        self.inner.statuses.insert(
            id.to_owned(),
            Arc::new(CachedStatus {
                version: version.to_owned(),
                time_zone: time_zone.to_owned(),
                day: day_in(time_zone, now),
                status: status.clone(),
            }),
        );
    }

    pub(crate) fn store(&self) -> &Store {
        &self.inner.store
    }

    pub(crate) fn rules(&self) -> &Config {
        &self.inner.rules
    }

    pub(crate) fn ruleset(&self) -> &str {
        &self.inner.ruleset
    }

    pub(crate) fn form_runtime(&self) -> &service::form::Runtime {
        &self.inner.form
    }

    /// The locks that make password checks under one limit key run in turn.
    pub(crate) fn guesses(&self) -> &limits::KeyLocks {
        &self.inner.guesses
    }

    pub(crate) fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The metrics, when they are on.
    pub(crate) fn metrics(&self) -> Option<&metrics::Metrics> {
        self.inner.metrics.as_deref()
    }

    /// The storage fault requests last met, if no write has succeeded since.
    pub(crate) fn storage_fault(&self) -> Option<resilift_store::StorageFault> {
        *self
            .inner
            .storage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Remembers (or, with `None`, forgets) a storage fault.
    pub(crate) fn set_storage_fault(&self, fault: Option<resilift_store::StorageFault>) {
        *self
            .inner
            .storage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = fault;
    }

    /// The current instant; the server (never the core) reads the clock, and only here.
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        match self.inner.clock {
            Clock::System => chrono::Utc::now(),
            Clock::Fixed(at) => at,
        }
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Request ids unique across restarts and copies: a random prefix per process and a counter
/// (no system call per request, unlike a random UUID each time).
#[derive(Clone)]
struct RequestIds {
    prefix: Arc<str>,
    counter: Arc<std::sync::atomic::AtomicU64>,
}

impl RequestIds {
    fn new() -> Self {
        let mut bytes = [0u8; 6];
        let _ = getrandom::fill(&mut bytes);
        let prefix: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Self {
            prefix: prefix.into(),
            counter: Arc::new(std::sync::atomic::AtomicU64::new(0)),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        axum::http::HeaderValue::from_str(&format!("{}-{n:x}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let trace = TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
        let id = request
            .headers()
            .get(&REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path())
    })
    .on_request(())
    .on_response(
        tower_http::trace::DefaultOnResponse::new()
            .level(tracing::Level::INFO)
            .latency_unit(tower_http::LatencyUnit::Micros),
    );
    Router::new()
        .merge(web::routes())
        .nest("/api/v1", http::routes())
        .route("/api/openapi.json", axum::routing::get(openapi::serve))
        .route("/healthz", axum::routing::get(http::healthz))
        .route("/metrics", axum::routing::get(metrics::serve))
        .fallback(http::no_route)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::layer,
        ))
        .layer(axum::middleware::map_response(http::json_errors))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::record,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::storage_watch,
        ))
        .layer(axum::middleware::from_fn(hygiene::json_only))
        .layer(axum::middleware::from_fn(hygiene::no_nul_in_path))
        .layer(axum::middleware::from_fn(hygiene::same_origin))
        .layer(axum::middleware::from_fn(web::dates::layer))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::client_addr,
        ))
        .layer(DefaultBodyLimit::max(256 * 1024))
        .layer(axum::middleware::map_request_with_state(
            state.clone(),
            limits::body_idle_timeout,
        ))
        .layer(CatchPanicLayer::custom(http::panicked))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID, RequestIds::new()))
        .layer(axum::middleware::from_fn(hygiene::plain_request_id))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            hygiene::security_headers,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

/// Opens the store the settings name (creating the data folder and SQLite file when needed),
/// and refuses one that cannot take a durable write.
///
/// # Errors
/// The folder cannot be made or written, or the database cannot be opened, migrated or written.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let (store, full) = open_store_even_when_full(settings).await?;
    match full {
        Some(why) => Err(why),
        None => Ok(store),
    }
}

/// Like [`open_store`], except that a full disk is not a reason to refuse: the store is opened
/// for reading and the cause is returned beside it, so that `serve` can answer reads (and
/// refuse writes plainly) until there is room again. A read-only or unwritable store is still
/// refused.
async fn open_store_even_when_full(
    settings: &Settings,
) -> anyhow::Result<(Store, Option<anyhow::Error>)> {
    let options = resilift_store::PoolOptions {
        max_connections: settings.max_connections,
    };
    let (store, shown) = match &settings.database_url {
        Some(url) => {
            let store = Store::open_url(url, options)
                .await
                .with_context(|| format!("opening the database at {}", redact(url)))?;
            (store, redact(url))
        }
        None => {
            std::fs::create_dir_all(&settings.data_dir).with_context(|| {
                format!("creating the data folder {}", settings.data_dir.display())
            })?;
            let full = match writable(&settings.data_dir) {
                Ok(()) => false,
                Err(error)
                    if error
                        .downcast_ref::<std::io::Error>()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull) =>
                {
                    true
                }
                Err(error) => return Err(error),
            };
            let path = settings.data_dir.join("resilift.db");
            let store = Store::open_sqlite(&path, options)
                .await
                .with_context(|| format!("opening {}", path.display()))?;
            let shown = path.display().to_string();
            if full {
                return Ok((
                    store,
                    Some(anyhow::anyhow!(
                        "the data folder {} cannot be written: the disk is full",
                        settings.data_dir.display()
                    )),
                ));
            }
            (store, shown)
        }
    };
    match store.probe_write().await {
        Ok(()) => Ok((store, None)),
        Err(error) => {
            let fault = error.storage_fault();
            let why = fault.map_or_else(|| error.to_string(), |fault| fault.words().to_owned());
            let refusal = anyhow::anyhow!(
                "the database {shown} cannot take writes ({why}); resilift will not start on a store it cannot write"
            );
            if fault == Some(resilift_store::StorageFault::Full) {
                Ok((store, Some(refusal)))
            } else {
                Err(refusal)
            }
        }
    }
}

/// Refuses a data folder the server cannot write, naming the cause.
fn writable(dir: &std::path::Path) -> anyhow::Result<()> {
    let test = dir.join(".resilift-write-test");
    std::fs::write(&test, b"resilift")
        .and_then(|()| std::fs::remove_file(&test))
        .inspect_err(|_| {
            // A full disk may have let the file be made but not written.
            let _ = std::fs::remove_file(&test);
        })
        .with_context(|| {
            format!(
                "the data folder {} cannot be written; resilift needs to write there",
                dir.display()
            )
        })
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = url.get(scheme + 3..at).unwrap_or("");
            match credentials.split_once(':') {
                Some((user, _)) => format!(
                    "{}{user}:***{}",
                    url.get(..scheme + 3).unwrap_or(""),
                    url.get(at..).unwrap_or("")
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Starts logging as the settings say (once per process).
pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RESILIFT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Makes every file and folder this process creates from now on (the database, its log,
/// backups, kept clips, uploads) readable and writable by its own user only: health records
/// are not for the other users of a shared machine.
pub fn private_files() {
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// Runs the server until Ctrl-C or SIGTERM.
///
/// # Errors
/// The store cannot be opened or the address cannot be bound.
pub async fn serve(settings: Settings, rules: Config) -> anyhow::Result<()> {
    init_logging(settings.log_format);
    private_files();
    let (store, full) = open_store_even_when_full(&settings).await?;
    if settings.database_url.is_none() {
        service::form::clear_interrupted_uploads(&settings.data_dir);
    }
    if let Some(why) = &full {
        tracing::error!(cause = %why, "starting on a full disk: reads are served, writes are refused until there is room");
        println!("resilift: {why}; reads are served and writes are refused until there is room");
    }
    match &settings.database_url {
        Some(url) => println!("resilift: database {}", redact(url)),
        None => println!(
            "resilift: data in {}",
            std::fs::canonicalize(&settings.data_dir)
                .unwrap_or_else(|_| settings.data_dir.clone())
                .join("resilift.db")
                .display()
        ),
    }
    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .with_context(|| format!("listening on {}", settings.addr))?;
    let addr: SocketAddr = listener.local_addr()?;
    println!("resilift: listening on http://{addr}");
    let demo = settings.demo;
    let timeouts = Timeouts {
        headers: std::time::Duration::from_secs(u64::from(settings.header_timeout_seconds)),
    };
    let state = AppState::new(store.clone(), rules, settings);
    if full.is_some() {
        state.set_storage_fault(Some(resilift_store::StorageFault::Full));
    }
    if demo {
        demo::seed(&state)
            .await
            .context("seeding the demo accounts")?;
        println!(
            "resilift: demo lifter {} / {}; demo clinician {} / {}",
            demo::LIFTER.0,
            demo::LIFTER.1,
            demo::CLINICIAN.0,
            demo::CLINICIAN.1
        );
    }
    accept(listener, app(state), timeouts).await;
    store.close().await;
    Ok(())
}

/// How long a client may take to send its request.
#[derive(Debug, Clone, Copy)]
struct Timeouts {
    /// To send the request line and headers (hyper closes the connection after it).
    headers: std::time::Duration,
}

/// Serves HTTP/1.1 on `listener` until Ctrl-C or SIGTERM, then lets the requests in flight
/// finish (for at most 30 seconds).
///
/// This is `axum::serve` with one difference that matters: hyper is given a timer, so a
/// connection that does not finish its headers within [`Timeouts::headers`] is closed instead of
/// being held for ever (the slow-headers attack). Bodies are timed by the router's
/// `limits::body_idle_timeout`.
async fn accept(listener: tokio::net::TcpListener, router: Router, timeouts: Timeouts) {
    use tower::ServiceExt as _;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(shutdown());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                router.clone().oneshot(request.map(axum::body::Body::new))
            },
        );
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(timeouts.headers)
            .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = watched.await {
                tracing::debug!(%error, "connection ended");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(std::time::Duration::from_secs(30), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still running 30 seconds after the stop; ending them");
    }
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            let _ = ctrl_c.await;
            return;
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::redact;

    /// Passwords never reach the log; a URL without one is shown as it is (no made-up `***`).
    #[test]
    fn database_urls_are_shown_without_their_password() {
        assert_eq!(
            redact("postgres://resilift:s3cret@db.internal/resilift"),
            "postgres://resilift:***@db.internal/resilift"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1:5432/resilift"),
            "postgres://postgres@127.0.0.1:5432/resilift"
        );
        assert_eq!(redact("sqlite:data/resilift.db"), "sqlite:data/resilift.db");
    }
}
