//! HTTP handlers, one module per resource; each parses the request, calls the facade or the
//! accounts module, and shapes the response. URLs live in [`crate::routes`] only.

pub mod auth;
pub mod jwks;
pub mod users;

/// The problem+json media type, for the OpenAPI annotations.
pub(crate) const PROBLEM: &str = "application/problem+json";
