//! Every URL the payment service serves, in one place, grouped by who calls it. The service
//! serves full paths; the gateway forwards `/api/v1/payments/*` unchanged.

use axum::Router;
use axum::routing::{get, post};

use crate::handlers::{payments, webhooks};
use crate::state::AppState;

// Signed-in users: customers see their own payments, admins everyone's.
pub const PAYMENTS: &str = "/api/v1/payments";
pub const PROVIDERS: &str = "/api/v1/payments/providers";
pub const PAYMENT: &str = "/api/v1/payments/{id}";

// Admins.
pub const PAYMENT_REFUND: &str = "/api/v1/payments/{id}/refund";
pub const PAYMENT_LOG: &str = "/api/v1/payments/{id}/log";

// Payment providers, no user token: each request is signed by its provider.
pub const WEBHOOK: &str = "/api/v1/payments/webhooks/{provider}";

/// The API routes, without the shared ones (`/healthz` and the rest) and without middleware.
pub fn api() -> Router<AppState> {
    Router::new()
        .route(PAYMENTS, get(payments::list))
        .route(PROVIDERS, get(payments::providers))
        .route(PAYMENT, get(payments::get))
        .route(PAYMENT_REFUND, post(payments::refund))
        .route(PAYMENT_LOG, get(payments::log))
        .route(WEBHOOK, post(webhooks::receive))
}
