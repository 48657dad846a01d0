//! The service's one error type. Repositories, the rules in [`crate::payments`] and handlers
//! all return it, so `?` works throughout; it renders as problem+json. Each variant's doc names
//! its status. A 5xx never shows its cause: the cause is logged inside the request's span.
//! The event consumer turns it into a transient [`HandlerError`], so the bus retries.

use axum::http::StatusCode;
use bookstore_kit::ApiProblem;
use bookstore_kit::db::DbError;
use bookstore_kit::events::HandlerError;
use bookstore_sdk::types::{FieldError, PaymentStatus};

pub use bookstore_kit::http::Fields;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// 400: one or more fields (of the body or the query string) are invalid; each entry
    /// names its field.
    #[error("invalid request: {0:?}")]
    Validation(Vec<FieldError>),
    /// 404: no such payment (or not the caller's), or no such provider.
    #[error("no such {0}")]
    NotFound(&'static str),
    /// 409: the payment is in a state a refund cannot leave.
    #[error("the payment is {0}; only a succeeded payment can be refunded")]
    NotRefundable(PaymentStatus),
    /// 401: a provider callback whose signature does not verify.
    #[error("the webhook signature does not verify: {0}")]
    BadSignature(String),
    /// 503: the provider cannot be reached now, or the payment's provider is not enabled.
    #[error("the payment provider is unavailable: {0}")]
    ProviderUnavailable(String),
    /// 502: the provider refused the request for a reason retrying will not fix.
    #[error("the payment provider refused: {0}")]
    ProviderRefused(String),
    /// 500: the database failed.
    #[error(transparent)]
    Database(#[from] DbError),
    /// 500: anything else that should not happen (corrupt rows).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// In the consumer every failure of ours is worth retrying: the database comes back, the
/// provider answers again. Undecodable payloads are turned permanent where they are decoded.
impl From<PaymentError> for HandlerError {
    fn from(e: PaymentError) -> Self {
        HandlerError::transient(e)
    }
}

impl PaymentError {
    /// The problem+json this error answers with.
    pub(crate) fn problem(&self) -> ApiProblem {
        let message = self.to_string();
        match self {
            PaymentError::Validation(errors) => ApiProblem::validation(errors.clone()),
            PaymentError::NotFound(_) => ApiProblem::not_found(message),
            PaymentError::NotRefundable(_) => {
                ApiProblem::new(StatusCode::CONFLICT, "not-refundable", "Not refundable")
                    .detail(message)
            }
            PaymentError::BadSignature(_) => ApiProblem::new(
                StatusCode::UNAUTHORIZED,
                "bad-signature",
                "Signature does not verify",
            )
            .detail(message),
            PaymentError::ProviderUnavailable(_) => ApiProblem::unavailable(message),
            PaymentError::ProviderRefused(_) => ApiProblem::new(
                StatusCode::BAD_GATEWAY,
                "provider-refused",
                "Payment provider refused",
            )
            .detail(message),
            PaymentError::Database(DbError::Pool(_)) => {
                ApiProblem::unavailable("the database is busy or unreachable; try again shortly")
            }
            PaymentError::Database(_) | PaymentError::Internal(_) => ApiProblem::internal(),
        }
    }
}

bookstore_kit::service_error!(PaymentError);
