//! The gateway as one tower service. A path in the route table takes the proxied path: the
//! shared outer layers (request id, span, panics) wrap it once, and it routes, counts and renders
//! its problems itself. Every other path (`/healthz`, `/metrics`, unknown paths) goes to an
//! ordinary axum router with the usual middleware.
//!
//! Why not one route per row under `Router::layer`, as before: axum wraps every route in a boxed
//! service per layer and clones each box on every call, and the middleware copied the method,
//! route and path into Strings for every request. At proxy rates that was a large share of the
//! gateway's CPU (`bench/README.md`); this path allocates only what hyper and the forwarding
//! need.

use std::borrow::Cow;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use bookstore_kit::http::REQUEST_ID;
use bookstore_kit::http::metrics::annotate_server_span;
use bookstore_kit::http::problem::complete_problem;
use tower::Service;

use crate::error::GatewayError;
use crate::handler;
use crate::routes::{self, Route};
use crate::state::GatewayState;

/// See the module documentation; cheap to clone.
#[derive(Clone)]
pub struct Gateway {
    state: GatewayState,
    /// The route-table rows in force, longest prefix first, so the first match is the one.
    table: Arc<[&'static Route]>,
    ops: Router,
}

impl Gateway {
    /// `ops` serves every path outside the route table.
    pub fn new(state: GatewayState, ops: Router) -> Gateway {
        let mut table = state.routes.clone();
        table.sort_by_key(|r| std::cmp::Reverse(r.prefix.len()));
        Gateway {
            state,
            table: table.into(),
            ops,
        }
    }
}

impl Service<Request> for Gateway {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match routes::matching(&self.table, request.uri().path()) {
            Some((route, template)) => {
                let state = self.state.clone();
                Box::pin(async move { Ok(proxied(state, route, template, request).await) })
            }
            None => {
                let ops = self.ops.call(request);
                Box::pin(ops)
            }
        }
    }
}

/// One request for `route`: the path guarded, the caller checked and charged, the request
/// forwarded; counted under the route's `template` and completed as a problem when it failed,
/// as the middleware of every other path does.
async fn proxied(
    state: GatewayState,
    route: &'static Route,
    template: &'static str,
    request: Request,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // Shared buffers, kept without copying, for the problem of a failed request.
    let uri = request.uri().clone();
    let request_id = request.headers().get(REQUEST_ID).cloned();
    let response = match routes::check_path(uri.path()) {
        Err(why) => GatewayError::BadPath(why).into_response(),
        Ok(()) => handler::handle(state.clone(), route, request).await,
    };
    let response = complete_problem(response, uri.path(), request_id.as_ref()).await;
    let status = response.status().as_u16();
    annotate_server_span(&method, template, status);
    state
        .metrics
        .record(&method, Cow::Borrowed(template), status, started.elapsed());
    response
}
