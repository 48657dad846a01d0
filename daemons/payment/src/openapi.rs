//! The service's OpenAPI document, served at `/openapi.json`.

use bookstore_sdk::types::{
    FieldError, Money, Payment, PaymentStatus, Problem, Provider, RefundRequest,
};
use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

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

/// Declares the `bearer` (access token) scheme.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The document.
pub fn document() -> utoipa::openapi::OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}
