//! Prometheus metrics at `/metrics` (off unless `[server] metrics = true`): requests by route,
//! method and status, a latency histogram per route, and the database pools' use. Routes are
//! the templates axum matched (`/api/v1/sessions/{id}`), never the addresses people typed, so the
//! series stay few and name nobody.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
}

fn latency_histogram() -> Histogram {
    // 0.25 ms to about 4 s.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
}

/// The registry and the series the server keeps.
pub(crate) struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    connections: Family<PoolLabels, Gauge>,
    idle: Family<PoolLabels, Gauge>,
}

impl Metrics {
    pub(crate) fn new() -> Arc<Self> {
        let mut registry = Registry::with_prefix("resilift");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let connections = Family::<PoolLabels, Gauge>::default();
        let idle = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "http_requests",
            "Requests answered, by method, route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route",
            latency.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Open database connections, by pool",
            connections.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Idle database connections, by pool",
            idle.clone(),
        );
        Arc::new(Self {
            registry,
            requests,
            latency,
            connections,
            idle,
        })
    }
}

/// Counts and times every request (when metrics are on).
pub(crate) async fn record(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(metrics) = state.metrics() else {
        return next.run(request).await;
    };
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    metrics
        .latency
        .get_or_create(&RouteLabels {
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

/// `GET /metrics`: the Prometheus text format, or 404 when metrics are off.
pub(crate) async fn serve(State(state): State<AppState>) -> Response {
    let Some(metrics) = state.metrics() else {
        return crate::error::ApiError::new(
            resilift_api::ErrorCode::NoRoute,
            "no such endpoint; see /api/openapi.json",
        )
        .into_response();
    };
    for (pool, size, idle) in state.store().pool_use() {
        metrics
            .connections
            .get_or_create(&PoolLabels { pool })
            .set(i64::from(size));
        metrics
            .idle
            .get_or_create(&PoolLabels { pool })
            .set(i64::try_from(idle).unwrap_or(i64::MAX));
    }
    let mut text = String::new();
    if let Err(error) = prometheus_client::encoding::text::encode(&mut text, &metrics.registry) {
        return crate::error::ApiError::internal(&error).into_response();
    }
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
