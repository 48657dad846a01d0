//! The server every service runs: the shared routes (`/healthz`, `/readyz`, `/metrics`,
//! `/openapi.json`), the middleware stack, and serving until shutdown with a bounded drain.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::{HeaderName, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::catch_panic::CatchPanic;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestId, RequestId, SetRequestId};
use tower_http::sensitive_headers::SetSensitiveRequestHeaders;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{
    DefaultOnBodyChunk, DefaultOnEos, DefaultOnFailure, DefaultOnRequest, DefaultOnResponse,
    MakeSpan, Trace,
};
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
        .layer(tower::layer::layer_fn(move |inner| {
            common_stack(inner, &service)
        }))
}

/// The layers of [`with_common_layers`] but the problem bodies, from the outside in: sensitive
/// headers marked, a request id set (when the client sent none) and returned, the request span,
/// panics caught. Built around one service, not each route of a router, for a server that does
/// its own routing (the gateway's proxied path) and renders its own problems.
pub type CommonStack<S> = SetSensitiveRequestHeaders<
    SetRequestId<
        PropagateRequestId<
            Trace<
                CatchPanic<S, PanicResponse>,
                SharedClassifier<ServerErrorsAsFailures>,
                RequestSpan,
                DefaultOnRequest,
                DefaultOnResponse,
                DefaultOnBodyChunk,
                DefaultOnEos,
                DefaultOnFailure,
            >,
        >,
        NewRequestId,
    >,
>;

/// The panic handler of [`CommonStack`].
pub type PanicResponse = fn(Box<dyn std::any::Any + Send + 'static>) -> Response;

/// Wraps `inner` in the [`CommonStack`] of `service`.
pub fn common_stack<S>(inner: S, service: &Arc<str>) -> CommonStack<S> {
    let panics = CatchPanic::custom(inner, panic_response as PanicResponse);
    let traced = Trace::new_for_http(panics)
        .make_span_with(RequestSpan {
            service: service.clone(),
        })
        .on_response(
            DefaultOnResponse::new()
                .level(Level::DEBUG)
                .latency_unit(tower_http::LatencyUnit::Millis),
        )
        .on_failure(DefaultOnFailure::new().level(Level::WARN));
    let ids = SetRequestId::new(
        PropagateRequestId::new(traced, REQUEST_ID),
        REQUEST_ID,
        NewRequestId,
    );
    SetSensitiveRequestHeaders::new(
        ids,
        [
            axum::http::header::AUTHORIZATION,
            axum::http::header::COOKIE,
        ],
    )
}

/// Opens each request's span: `service`'s server span, continuing the caller's trace when
/// spans are exported.
#[derive(Debug, Clone)]
pub struct RequestSpan {
    service: Arc<str>,
}

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, request: &Request<B>) -> tracing::Span {
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
            service = %self.service,
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
    }
}

/// A random (version 4) UUID as a request id, written straight into its header value.
///
/// The random bytes come from the thread's generator (ChaCha, seeded from the OS), not from
/// `Uuid::new_v4`, which asks the kernel (a `getrandom` system call) for every id: one more
/// system call per request than a proxy needs, when a proxied request makes only four.
#[derive(Debug, Clone, Copy, Default)]
pub struct NewRequestId;

impl MakeRequestId for NewRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let id = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
        let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let text = id.hyphenated().encode_lower(&mut buf);
        HeaderValue::from_str(text).ok().map(RequestId::new)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_distinct_version_4_uuids() {
        let request = Request::new(());
        let mut make = NewRequestId;
        let ids: Vec<uuid::Uuid> = (0..100)
            .filter_map(|_| make.make_request_id(&request))
            .filter_map(|id| id.header_value().to_str().ok()?.parse().ok())
            .collect();
        assert_eq!(ids.len(), 100);
        assert!(ids.iter().all(|id| id.get_version_num() == 4));
        let distinct: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(distinct.len(), 100);
    }
}
