//! `bookstore-gateway`: the single public entry of the store (the API Gateway and Proxy of the
//! design). It routes `/api/v1/*` to the services by a route table, verifies tokens, limits
//! each client's rate, bounds the wait for a service, and reports every routed service's
//! readiness as its own.
//!
//! - [`routes`]: the route table and the path rules.
//! - [`service`]: the one service every request enters, and the lean path of a proxied request.
//! - [`handler`]: authenticate, charge, forward; [`proxy`]: the forwarding itself.
//! - [`auth`], [`rate_limit`]: the checks; [`client_ip`]: who the client is behind a proxy;
//!   [`error`]: the gateway's own answers.
//! - [`ready`], [`openapi`], [`metrics`]: the operational endpoints.
//! - [`config`]: the flags; [`state`]: what the handlers share.
//!
//! A daemon calls [`start`] with the services that exist in its deployment and serves the
//! router with connect info (`bookstore_kit::http::serve` does), so anonymous clients are told
//! apart by address. Tests build a [`GatewayState`] with their own key source and call
//! [`router`].

pub mod auth;
pub mod client_ip;
pub mod config;
pub mod error;
pub mod handler;
pub mod metrics;
pub mod openapi;
pub mod proxy;
pub mod rate_limit;
pub mod ready;
pub mod routes;
pub mod service;
pub mod state;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use bookstore_kit::http::metrics::track;
use bookstore_kit::http::problem::problem_middleware;
use bookstore_kit::http::server::common_stack;
use bookstore_kit::service::{Context, ServiceName};

pub use config::GatewayArgs;
pub use state::GatewayState;

/// The gateway's router: every path of a route-table row in force (`prefix` and `prefix/...`)
/// is proxied ([`service::Gateway`]); the operational endpoints and the 404 of every other path
/// are an ordinary router. Both sit behind the same outer layers. Serve it with connect info
/// (as `bookstore_kit::http::serve` does) so clients are told apart by address.
pub fn router(state: GatewayState) -> Router {
    let ops = Router::new()
        .route("/healthz", get(ready::healthz))
        .route("/readyz", get(ready::readyz))
        .route("/metrics", get(openapi::metrics))
        .route("/openapi.json", get(openapi::openapi_json))
        .fallback(handler::not_routed)
        .layer(axum::middleware::from_fn(handler::guard_path))
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            track,
        ))
        .layer(axum::middleware::from_fn(problem_middleware))
        .with_state(state.clone());
    let service: Arc<str> = Arc::from(ServiceName::Gateway.as_str());
    Router::new().fallback_service(common_stack(service::Gateway::new(state, ops), &service))
}

/// Builds the gateway for a daemon: routes to `services` (those that exist in this deployment;
/// the rows of any other answer 404) at the addresses in `ctx.urls`, verifies tokens against the
/// user service's published keys, and stops its background work on `ctx.shutdown`.
pub async fn start(
    args: &GatewayArgs,
    ctx: &Context,
    services: &[ServiceName],
) -> anyhow::Result<Router> {
    let state = GatewayState::new(args, services, &ctx.urls, ctx.verifier(), ctx.http.clone())?;
    state.limiter.spawn_housekeeping(ctx.shutdown.clone());
    let routed: Vec<&str> = state.services.iter().map(|s| s.as_str()).collect();
    tracing::info!(
        services = ?routed,
        upstream_timeout_ms = u64::try_from(args.upstream_timeout.as_millis()).unwrap_or(u64::MAX),
        rate_limit_per_second = args.rate_limit_per_second,
        rate_limit_burst = args.rate_limit_burst,
        "gateway ready to route"
    );
    Ok(router(state))
}
