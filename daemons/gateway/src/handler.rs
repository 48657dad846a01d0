//! The handler behind every route-table row, and the guard in front of every path: the caller is
//! authenticated, charged against its budget, and the request forwarded.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::GatewayError;
use crate::proxy::Forward;
use crate::rate_limit::ClientKey;
use crate::routes::{self, Route};
use crate::state::GatewayState;
use crate::{auth, client_ip};

/// Serves one request for `route`.
pub async fn handle(state: GatewayState, route: &'static Route, request: Request) -> Response {
    match serve(&state, route, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn serve(
    state: &GatewayState,
    route: &'static Route,
    request: Request,
) -> Result<Response<Body>, GatewayError> {
    let client_ip = client_ip::resolve(
        peer_ip(&request),
        request.headers(),
        &state.args.trusted_proxies,
    );
    let caller =
        auth::authenticate(&state.verifier, request.headers(), route, request.method()).await;
    // Charged before a refused token is answered, so a client cycling through forged tokens
    // is slowed down like any other.
    let key = match &caller {
        Ok(Some(claims)) => ClientKey::User(claims.sub),
        _ => ClientKey::ip(client_ip.unwrap_or(IpAddr::from([0, 0, 0, 0]))),
    };
    if let Err(retry_after) = state.limiter.check(&key) {
        state.gateway_metrics.limited(key.kind());
        return Err(GatewayError::RateLimited { retry_after });
    }
    caller?;
    Forward {
        upstreams: &state.upstreams,
        metrics: &state.gateway_metrics,
        service: route.service,
        client_ip,
        timeout: state.args.upstream_timeout,
        max_body: state.args.max_body,
    }
    .send(request)
    .await
}

/// The peer's address, when the server was started with connect info (as `kit::http::serve`
/// does); without it every anonymous client shares one budget, which is logged.
fn peer_ip(request: &Request) -> Option<IpAddr> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if peer.is_none() {
        tracing::warn!(
            "no peer address on the request: serve the gateway with into_make_service_with_connect_info"
        );
    }
    peer
}

/// Middleware: refuses path tricks (dot segments, encoded slashes) with 400 before anything
/// else looks at the path.
pub async fn guard_path(request: Request, next: Next) -> Response {
    if let Err(why) = routes::check_path(request.uri().path()) {
        return GatewayError::BadPath(why).into_response();
    }
    next.run(request).await
}

/// The fallback: a path outside the route table.
pub async fn not_routed() -> Response {
    GatewayError::NotRouted.into_response()
}
