//! `/api/v1/payments/webhooks/{provider}`: provider callbacks. No user token; the provider's
//! signature is checked before anything is read.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use bookstore_kit::http::{Json, Path};
use bookstore_sdk::types::Problem;
use serde::Serialize;

use super::PROBLEM;
use crate::error::PaymentError;
use crate::routes;
use crate::state::AppState;

/// The answer to an accepted callback.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Received {
    pub received: bool,
}

/// A provider's callback: `payment_intent.succeeded` / `payment_intent.payment_failed` from
/// Stripe, `PAYMENT.CAPTURE.COMPLETED` / `DENIED` from PayPal. A pending payment is settled as
/// the consumer would settle it; anything else is acknowledged and changes nothing.
#[utoipa::path(
    post, path = routes::WEBHOOK, tag = "webhooks",
    params(("provider" = String, Path, description = "`stripe` or `paypal`")),
    request_body(content = String, description = "The provider's event, as the provider signed it"),
    responses(
        (status = 200, description = "Accepted", body = Received),
        (status = 401, description = "The signature does not verify", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such provider enabled, or it takes no callbacks here", body = Problem, content_type = PROBLEM),
        (status = 503, description = "The provider is needed to verify and did not answer", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn receive(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Received>, PaymentError> {
    state
        .payments
        .on_webhook(&provider, &headers, &body)
        .await?;
    Ok(Json(Received { received: true }))
}
