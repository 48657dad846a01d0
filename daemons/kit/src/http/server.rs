//! The server every service runs: the shared routes (`/healthz`, `/readyz`, `/metrics`,
//! `/openapi.json`), the middleware stack, and serving until shutdown with a bounded drain.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Level;

use super::health::Readiness;
use super::metrics::{self, Metrics};
use super::problem::{panic_response, problem_middleware};
use crate::telemetry;

/// The header carrying the request id across services.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Limits every service applies to each request.
#[derive(Debug, Clone, Copy)]
pub struct ServerOptions {
    /// Longest a handler may run before the client gets a 504.
    pub request_timeout: Duration,
    /// Largest request body accepted (413 above).
    pub body_limit: usize,
    /// How long in-flight requests may take to finish after shutdown is asked for.
    pub drain_timeout: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            request_timeout: Duration::from_secs(30),
            body_limit: 1 << 20,
            drain_timeout: Duration::from_secs(10),
        }
    }
}

#[derive(Clone)]
struct Shared {
    readiness: Readiness,
    openapi: Arc<utoipa::openapi::OpenApi>,
}

/// Adds the shared routes and the middleware stack to a service's API router.
pub fn service_router(
    api: Router,
    readiness: Readiness,
    metrics: Metrics,
    openapi: utoipa::openapi::OpenApi,
    options: ServerOptions,
) -> Router {
    let shared = Shared {
        readiness,
        openapi: Arc::new(openapi),
    };
    let ops = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/openapi.json", get(openapi_json))
        .with_state(shared)
        .merge(
            Router::new()
                .route("/metrics", get(metrics::handler))
                .with_state(metrics.clone()),
        );
    let router = api
        .merge(ops)
        .layer(RequestBodyLimitLayer::new(options.body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::GATEWAY_TIMEOUT,
            options.request_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            metrics.clone(),
            metrics::track,
        ));
    with_common_layers(router, metrics.service())
}

/// Request ids, the request span, panics and problem bodies: the outer layers, shared with the
/// gateway (which brings its own routes and limits). The request span is `service`'s server
/// span: it continues the caller's trace (`traceparent`) when spans are exported.
pub fn with_common_layers(router: Router, service: &str) -> Router {
    let service: Arc<str> = Arc::from(service);
    router
        .layer(axum::middleware::from_fn(problem_middleware))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(move |request: &Request<axum::body::Body>| {
                    let request_id = request
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    let span = tracing::info_span!(
                        "request",
                        method = %request.method(),
                        path = %request.uri().path(),
                        request_id,
                        service = %service,
                        otel.kind = "server",
                        otel.status_code = tracing::field::Empty,
                        http.route = tracing::field::Empty,
                        http.response.status_code = tracing::field::Empty,
                        trace_id = tracing::field::Empty,
                    );
                    if telemetry::exporting() {
                        telemetry::context::set_parent_from(&span, request.headers());
                        telemetry::record_trace_id(&span);
                    }
                    span
                })
                .on_response(
                    tower_http::trace::DefaultOnResponse::new()
                        .level(Level::DEBUG)
                        .latency_unit(tower_http::LatencyUnit::Millis),
                )
                .on_failure(tower_http::trace::DefaultOnFailure::new().level(Level::WARN)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(SetSensitiveRequestHeadersLayer::new([
            axum::http::header::AUTHORIZATION,
            axum::http::header::COOKIE,
        ]))
}

async fn healthz(State(shared): State<Shared>) -> Response {
    axum::Json(shared.readiness.health()).into_response()
}

async fn readyz(State(shared): State<Shared>) -> Response {
    shared.readiness.response().await
}

async fn openapi_json(State(shared): State<Shared>) -> Response {
    axum::Json(shared.openapi.as_ref().clone()).into_response()
}

/// Serves `app` on `listener` until `shutdown` is cancelled, then lets in-flight requests finish
/// for at most `drain`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: CancellationToken,
    drain: Duration,
) -> std::io::Result<()> {
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown.clone().cancelled_owned());
    tokio::select! {
        result = server.into_future() => result,
        () = async { shutdown.cancelled().await; tokio::time::sleep(drain).await } => {
            tracing::warn!(drain_secs = drain.as_secs(), "in-flight requests did not finish in time; closing them");
            Ok(())
        }
    }
}
