//! The service's OpenAPI document, served at `/openapi.json`.

use bookstore_kit::http::openapi::SecuritySchemes;
use bookstore_sdk::types::{
    FieldError, Money, Payment, PaymentStatus, Problem, Provider, RefundRequest,
};

use crate::handlers::webhooks::Received;
use crate::handlers::{payments, webhooks};
use crate::store::payment_log::PaymentLogEntry;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Bookstore payment service",
        description = "Payments of orders through provider strategies, refunds, the payment log and provider callbacks."
    ),
    paths(
        payments::list, payments::get, payments::providers, payments::refund, payments::log,
        webhooks::receive,
    ),
    components(schemas(
        Payment, PaymentStatus, Money, Provider, RefundRequest, PaymentLogEntry, Received,
        Problem, FieldError,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "payments", description = "Payments, providers, refunds and the payment log"),
        (name = "webhooks", description = "Provider callbacks (signed by the provider, no user token)"),
    )
)]
pub struct ApiDoc;

/// The document.
pub fn document() -> utoipa::openapi::OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}
