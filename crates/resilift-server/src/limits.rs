//! Rate limits on the ways in: who is asking (the network address, believed from
//! `X-Forwarded-For` only when the peer is a trusted proxy), and the growing waits and hourly
//! quotas kept in the database (so several servers behind one load balancer share them).
//!
//! Every limit ends by itself: an attacker can slow guessing to a crawl but cannot lock a person
//! out for good.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use resilift_api::ErrorCode;

use crate::AppState;
use crate::error::{ApiError, ApiResult};

/// The network address a request came from, if the server knows it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ClientAddr(pub(crate) Option<IpAddr>);

/// Works out the client's address once per request: the peer's, or, when the peer is one of
/// `trusted_proxies`, the last address in `X-Forwarded-For` that is not itself a trusted proxy.
pub(crate) async fn client_addr(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let trusted = &state.settings().trusted_proxies;
    let addr = match peer {
        Some(peer) if trusted.contains(&peer) => {
            let forwarded: Vec<IpAddr> = request
                .headers()
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|part| part.trim().parse().ok())
                .collect();
            forwarded
                .into_iter()
                .rev()
                .find(|ip| !trusted.contains(ip))
                .or(Some(peer))
        }
        other => other,
    };
    request.extensions_mut().insert(ClientAddr(addr));
    next.run(request).await
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Self>().copied().unwrap_or_default())
    }
}

/// One lock per limit key in use, so that password checks counted under the same key run one
/// after another: each then sees the failures of the ones before it, and a burst of guesses
/// sent at once is slowed exactly like the same guesses sent in turn. Entries go when no one
/// holds or waits for them, so the map is as large as the checks in flight.
#[derive(Debug, Default)]
pub(crate) struct KeyLocks {
    held:
        std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<tokio::sync::Mutex<()>>>>,
}

/// Holds the locks of some keys; they are given up (and forgotten when unused) on drop.
pub(crate) struct Held<'a> {
    locks: &'a KeyLocks,
    guards: Vec<(String, tokio::sync::OwnedMutexGuard<()>)>,
}

impl KeyLocks {
    /// Waits for the locks of `keys`, taken in the order given (callers always give the account
    /// key first, so no two checks wait on each other in a circle).
    pub(crate) async fn hold(&self, keys: &[&str]) -> Held<'_> {
        let mut guards = Vec::with_capacity(keys.len());
        for key in keys {
            let lock = {
                let mut held = self
                    .held
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                std::sync::Arc::clone(held.entry((*key).to_owned()).or_default())
            };
            guards.push(((*key).to_owned(), lock.lock_owned().await));
        }
        Held {
            locks: self,
            guards,
        }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut held = self
            .locks
            .held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (key, guard) in self.guards.drain(..) {
            drop(guard);
            if held
                .get(&key)
                .is_some_and(|lock| std::sync::Arc::strong_count(lock) == 1)
            {
                held.remove(&key);
            }
        }
    }
}

/// Ends a request whose body pauses for longer than `body_idle_seconds` between two pieces,
/// so that a client trickling a body cannot hold the request open (reading it then fails,
/// and the request is refused as not arriving whole).
pub(crate) async fn body_idle_timeout(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
) -> Request {
    let idle = std::time::Duration::from_secs(u64::from(state.settings().body_idle_seconds));
    request.map(|body| axum::body::Body::new(tower_http::timeout::TimeoutBody::new(idle, body)))
}

/// Refuses a large upload (an import, a clip) when the data folder's file system has less
/// free space than `min_free_mb`, so that what is left goes to small records; 507 says so.
pub(crate) fn check_free_space(state: &AppState) -> ApiResult<()> {
    let reserve = u64::from(state.settings().min_free_mb) * 1024 * 1024;
    if reserve == 0 {
        return Ok(());
    }
    // The data folder, or the nearest folder above it that exists.
    let mut at = state.settings().data_dir.as_path();
    while !at.exists() {
        match at.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => at = parent,
            _ => {
                at = std::path::Path::new(".");
                break;
            }
        }
    }
    let free = match rustix::fs::statvfs(at) {
        Ok(stats) => stats.f_bavail.saturating_mul(stats.f_frsize),
        Err(error) => {
            tracing::warn!(%error, "could not read the free space of the data folder");
            return Ok(());
        }
    };
    if free < reserve {
        let mut error = ApiError::new(
            ErrorCode::InsufficientStorage,
            format!(
                "the server is nearly out of disk space ({} MiB free), so it keeps what is left for sessions, check-ins and triages; imports and clips can be sent again once whoever runs the server has freed space. Nothing was stored.",
                free / (1024 * 1024)
            ),
        );
        error.retry_after = Some(300);
        return Err(error);
    }
    Ok(())
}

/// The longest wait, seconds, after repeated wrong passwords.
pub(crate) const LONGEST_WAIT_S: i64 = 900;

/// The wait before the next try after `failures` failures, the last at `last`: none for the
/// first `free`, then 2, 4, 8 … seconds up to 15 minutes.
pub(crate) fn wait_after(
    failures: i64,
    free: i64,
    last: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<u64> {
    let over = failures - free;
    if over <= 0 {
        return None;
    }
    let wait = 2_i64
        .saturating_pow(u32::try_from(over).unwrap_or(u32::MAX))
        .min(LONGEST_WAIT_S);
    let left = (last + chrono::Duration::seconds(wait) - now).num_seconds();
    u64::try_from(left).ok().filter(|left| *left > 0)
}

/// A 429 with `Retry-After`.
pub(crate) fn too_many(seconds: u64, message: String) -> ApiError {
    let mut error = ApiError::new(ErrorCode::TooManyAttempts, message);
    error.retry_after = Some(seconds.max(1));
    error
}

/// The bookkeeping key of a limit: a digest, so the table names nobody.
pub(crate) fn key(kind: &str, value: &str) -> String {
    crate::auth::digest(&format!("{kind}:{value}"))
}

/// Refuses while the failures counted under `key` make the caller wait.
pub(crate) async fn check_wait(
    state: &AppState,
    key: &str,
    free: i64,
    message: impl Fn(u64) -> String,
) -> ApiResult<()> {
    if let Some((failures, last)) = state.store().sign_in_failures(key).await?
        && let Some(seconds) = wait_after(failures, free, last, state.now())
    {
        return Err(too_many(seconds, message(seconds)));
    }
    Ok(())
}

/// Counts one failure under `key`; a count left alone for 15 minutes starts again.
pub(crate) async fn count_failure(state: &AppState, key: &str) -> ApiResult<()> {
    let now = state.now();
    state
        .store()
        .record_sign_in_failure(key, now, now - chrono::Duration::seconds(LONGEST_WAIT_S))
        .await?;
    Ok(())
}

/// An hourly quota: refuses once `per_hour` uses were counted under `key` with no hour-long
/// pause since, else counts this use.
pub(crate) async fn take_quota(
    state: &AppState,
    key: &str,
    per_hour: u32,
    what: &str,
) -> ApiResult<()> {
    let now = state.now();
    let hour = chrono::Duration::hours(1);
    if let Some((uses, last)) = state.store().sign_in_failures(key).await?
        && uses >= i64::from(per_hour)
        && last + hour > now
    {
        let seconds = u64::try_from((last + hour - now).num_seconds()).unwrap_or(1);
        return Err(too_many(
            seconds,
            format!(
                "too many {what} from this network address lately: wait {} minutes, then try again",
                seconds.div_ceil(60)
            ),
        ));
    }
    state
        .store()
        .record_sign_in_failure(key, now, now - hour)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wait_after;

    #[test]
    fn the_wait_grows_with_each_failure_and_always_ends() {
        let last = chrono::DateTime::UNIX_EPOCH;
        let at = |s: i64| last + chrono::Duration::seconds(s);
        assert_eq!(
            wait_after(5, 5, last, at(0)),
            None,
            "five wrong passwords are free"
        );
        assert_eq!(wait_after(6, 5, last, at(0)), Some(2));
        assert_eq!(wait_after(6, 5, last, at(1)), Some(1));
        assert_eq!(wait_after(6, 5, last, at(2)), None);
        assert_eq!(wait_after(10, 5, last, at(0)), Some(32));
        assert_eq!(wait_after(51, 50, last, at(0)), Some(2));
        assert_eq!(
            wait_after(40, 5, last, at(0)),
            Some(900),
            "never longer than 15 minutes"
        );
        assert_eq!(
            wait_after(40, 5, last, at(900)),
            None,
            "and it ends by itself"
        );
    }
}
