//! HTTP handlers, one module per resource; each parses the request, calls
//! [`Payments`](crate::payments::Payments), and shapes the response. URLs live in
//! [`crate::routes`] only.
//!
//! Payments take [`AuthUser`](bookstore_kit::auth::AuthUser) (ownership is checked by the
//! rules) or [`AdminUser`](bookstore_kit::auth::AdminUser); webhooks take no user token, their
//! provider's signature instead.

pub mod payments;
pub mod webhooks;

/// The problem+json media type, for the OpenAPI annotations.
pub(crate) const PROBLEM: &str = "application/problem+json";
