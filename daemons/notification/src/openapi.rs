//! The service's OpenAPI document, served at `/openapi.json`.

use bookstore_kit::http::openapi::SecuritySchemes;
use bookstore_sdk::types::{
    Audience, Channel, Delivery, DeliveryCounts, DeliveryStatus, FieldError, MarkedRead,
    NewPromotion, Notification, NotificationKind, NotificationSummary, Preferences, Problem,
    Promotion, PromotionStatus, Topic,
};

use crate::handlers::{deliveries, notifications, preferences, promotions, unsubscribe};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Bookstore notification service",
        description = "The inbox, the live stream, preferences, unsubscribe links, deliveries by email and SMS, and promotions."
    ),
    paths(
        notifications::list, notifications::summary, notifications::read, notifications::read_all,
        notifications::stream, preferences::get, preferences::put,
        unsubscribe::page, unsubscribe::confirm,
        deliveries::list, deliveries::retry,
        promotions::create, promotions::list, promotions::get,
    ),
    components(schemas(
        Notification, NotificationKind, Topic, Channel, NotificationSummary, MarkedRead,
        Preferences, Delivery, DeliveryStatus, NewPromotion, Audience, Promotion,
        PromotionStatus, DeliveryCounts, Problem, FieldError,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "notifications", description = "The caller's inbox, live stream and preferences"),
        (name = "unsubscribe", description = "The links in messages (no token: the link is signed)"),
        (name = "deliveries", description = "Emails and SMS on their way (admins)"),
        (name = "promotions", description = "Promotions and their fan-out (admins)"),
    )
)]
pub struct ApiDoc;

/// The document.
pub fn document() -> utoipa::openapi::OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}
