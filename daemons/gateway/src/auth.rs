//! Token checks at the edge: a request that presents a bearer token has it verified (on every
//! route, public or not, so a forged token never looks like an anonymous caller), and a route
//! that needs a signed-in user refuses requests without one.
//!
//! The services verify tokens again themselves; the gateway's check keeps anonymous and forged
//! traffic off them and gives the rate limiter a trustworthy user id. The kit's `Verifier`
//! caches verified tokens, so a token costs one signature check, not one per request.

use std::sync::Arc;

use axum::http::{HeaderMap, Method};
use bookstore_kit::auth::{AuthError, Claims, Verifier, bearer_token};

use crate::error::GatewayError;
use crate::routes::Route;

/// The verified caller of a request, or `None` for an anonymous one on a route that allows it.
pub async fn authenticate(
    verifier: &Verifier,
    headers: &HeaderMap,
    route: &Route,
    method: &Method,
) -> Result<Option<Arc<Claims>>, GatewayError> {
    match bearer_token(headers)? {
        Some(token) => Ok(Some(verifier.verify_shared(token).await?)),
        None if route.access.needs_token(method) => Err(AuthError::Missing.into()),
        None => Ok(None),
    }
}
