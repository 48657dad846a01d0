//! HTTP handlers, one module per resource; each parses the request, calls the rules module of
//! its resource, and shapes the response. URLs live in [`crate::routes`] only.
//!
//! Every route needs a signed-in user ([`AuthUser`](bookstore_kit::auth::AuthUser)); the
//! rules modules check ownership, so another user's order is a 404.

pub mod cart;
pub mod orders;

/// The problem+json media type, for the OpenAPI annotations.
pub(crate) const PROBLEM: &str = "application/problem+json";
