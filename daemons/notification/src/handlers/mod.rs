//! HTTP handlers, one module per resource; each parses the request, applies the rules and
//! shapes the response. URLs live in [`crate::routes`] only.
//!
//! A reader's own inbox, preferences and stream take
//! [`AuthUser`](bookstore_kit::auth::AuthUser) and only ever touch the caller's rows;
//! deliveries and promotions take [`AdminUser`](bookstore_kit::auth::AdminUser); the
//! unsubscribe page takes no token, its link's signature instead.

pub mod deliveries;
pub mod notifications;
pub mod preferences;
pub mod promotions;
pub mod unsubscribe;

/// The problem+json media type, for the OpenAPI annotations.
pub(crate) const PROBLEM: &str = "application/problem+json";
