//! `/api/v1/payments*`: the caller's payments, the providers, and admin refunds and logs.

use axum::body::Bytes;
use axum::extract::State;
use bookstore_kit::auth::{AdminUser, AuthUser};
use bookstore_kit::http::{Json, Path, Query};
use bookstore_sdk::types::{Page, Payment, PaymentQuery, Problem, Provider, RefundRequest};
use uuid::Uuid;

use super::PROBLEM;
use crate::error::PaymentError;
use crate::listing::RawPaymentQuery;
use crate::routes;
use crate::state::AppState;
use crate::store::payment_log::PaymentLogEntry;

/// The caller's payments (an admin's: everyone's), newest first, a page at a time.
#[utoipa::path(
    get, path = routes::PAYMENTS, tag = "payments", security(("bearer" = [])),
    params(PaymentQuery),
    responses(
        (status = 200, description = "One page of payments", body = Page<Payment>),
        (status = 400, description = "A bad parameter: order_id, status, limit or cursor", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    Query(query): Query<RawPaymentQuery>,
) -> Result<Json<Page<Payment>>, PaymentError> {
    Ok(Json(state.payments.list(&query, &caller).await?))
}

/// One payment; someone else's is not found.
#[utoipa::path(
    get, path = routes::PAYMENT, tag = "payments", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The payment's id")),
    responses(
        (status = 200, description = "The payment", body = Payment),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such payment of the caller's", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Payment>, PaymentError> {
    Ok(Json(state.payments.get(id, &caller).await?))
}

/// The payment providers this store takes.
#[utoipa::path(
    get, path = routes::PROVIDERS, tag = "payments", security(("bearer" = [])),
    responses(
        (status = 200, description = "The enabled providers", body = Vec<Provider>),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn providers(
    State(state): State<AppState>,
    AuthUser(_): AuthUser,
) -> Json<Vec<Provider>> {
    Json(state.payments.providers.describe())
}

/// Refund a payment in full (admin). Refunding a refunded payment answers it unchanged.
#[utoipa::path(
    post, path = routes::PAYMENT_REFUND, tag = "payments", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The payment's id")),
    request_body(content = Option<RefundRequest>, description = "Optional; the reason goes to the refund and the event"),
    responses(
        (status = 200, description = "The refunded payment", body = Payment),
        (status = 400, description = "A malformed body", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such payment", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Pending, failed or voided: nothing to refund", body = Problem, content_type = PROBLEM),
        (status = 502, description = "The provider refused the refund", body = Problem, content_type = PROBLEM),
        (status = 503, description = "The provider is unavailable; try again", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn refund(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<Uuid>,
    body: Bytes,
) -> Result<Json<Payment>, PaymentError> {
    let request: RefundRequest = if body.iter().all(u8::is_ascii_whitespace) {
        RefundRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| PaymentError::field("body", e.to_string()))?
    };
    let reason = request
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
        return Err(PaymentError::field(
            "reason",
            "must be at most 500 characters",
        ));
    }
    let payment = state.payments.refund_by_admin(id, reason).await?;
    tracing::info!(admin.id = %admin.sub, payment.id = %id, "refund requested by an admin");
    Ok(Json(payment))
}

/// What was sent to the provider about a payment and what came back (admin), oldest first;
/// secrets and card numbers are redacted.
#[utoipa::path(
    get, path = routes::PAYMENT_LOG, tag = "payments", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The payment's id")),
    responses(
        (status = 200, description = "The payment's log", body = Vec<PaymentLogEntry>),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such payment", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn log(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<PaymentLogEntry>>, PaymentError> {
    Ok(Json(state.payments.log_of(id).await?))
}
