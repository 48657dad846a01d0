//! Every URL the notification service serves, in one place, grouped by who calls it. The
//! service serves full paths; the gateway forwards `/api/v1/notifications/*` and
//! `/api/v1/promotions/*` unchanged.

use axum::Router;
use axum::routing::{get, post};

use crate::handlers::{deliveries, notifications, preferences, promotions, unsubscribe};
use crate::state::AppState;

// Signed-in readers, about themselves.
pub const NOTIFICATIONS: &str = "/api/v1/notifications";
pub const SUMMARY: &str = "/api/v1/notifications/summary";
pub const READ: &str = "/api/v1/notifications/{id}/read";
pub const READ_ALL: &str = "/api/v1/notifications/read-all";
pub const STREAM: &str = "/api/v1/notifications/stream";
pub const PREFERENCES: &str = "/api/v1/notifications/preferences";

// Anyone holding a link from a message: the link's signature is the authority.
pub const UNSUBSCRIBE: &str = crate::unsubscribe::PATH;

// Admins.
pub const DELIVERIES: &str = "/api/v1/notifications/deliveries";
pub const DELIVERY_RETRY: &str = "/api/v1/notifications/deliveries/{id}/retry";
pub const PROMOTIONS: &str = "/api/v1/promotions";
pub const PROMOTION: &str = "/api/v1/promotions/{id}";

/// The API routes, without the shared ones (`/healthz` and the rest) and without middleware.
pub fn api() -> Router<AppState> {
    Router::new()
        .route(NOTIFICATIONS, get(notifications::list))
        .route(SUMMARY, get(notifications::summary))
        .route(READ, post(notifications::read))
        .route(READ_ALL, post(notifications::read_all))
        .route(STREAM, get(notifications::stream))
        .route(PREFERENCES, get(preferences::get).put(preferences::put))
        .route(
            UNSUBSCRIBE,
            get(unsubscribe::page).post(unsubscribe::confirm),
        )
        .route(DELIVERIES, get(deliveries::list))
        .route(DELIVERY_RETRY, post(deliveries::retry))
        .route(PROMOTIONS, get(promotions::list).post(promotions::create))
        .route(PROMOTION, get(promotions::get))
}
