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
