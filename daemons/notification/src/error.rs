//! The service's one error type. Repositories, the rules modules and handlers all return it,
//! so `?` works throughout; it renders as problem+json. Each variant's doc names its status.
//! A 5xx never shows its cause: the cause is logged inside the request's span instead. The
//! event consumer turns it into a transient [`HandlerError`], so the bus retries.

use axum::http::StatusCode;
use bookstore_kit::ApiProblem;
use bookstore_kit::db::DbError;
use bookstore_kit::events::HandlerError;
use bookstore_sdk::types::FieldError;

pub use bookstore_kit::http::Fields;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum NotificationError {
    /// 400: one or more fields (of the body, the query string or a header) are invalid.
    #[error("invalid request: {0:?}")]
    Validation(Vec<FieldError>),
    /// 404: no such notification, delivery or promotion (or not the caller's).
    #[error("no such {0}")]
    NotFound(&'static str),
    /// 409: the delivery is not failed, so there is nothing to retry.
    #[error("the delivery is {0}; only a failed delivery can be retried")]
    NotRetryable(String),
    /// 422: the admin used this `Idempotency-Key` before, for a different promotion.
    #[error(
        "this Idempotency-Key was used for a different promotion; use a new key for a new promotion"
    )]
    IdempotencyKeyReused,
    /// 400: an unsubscribe link that is malformed or was not made by this store.
    #[error("this unsubscribe link is not valid")]
    BadUnsubscribeLink,
    /// 503: the service is stopping; the client reconnects elsewhere or later.
    #[error("the service is shutting down")]
    ShuttingDown,
    /// 500: the database failed.
    #[error(transparent)]
    Database(#[from] DbError),
    /// 500: anything else that should not happen (corrupt rows, a broken template).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// In the consumer every failure of ours is worth retrying: the database comes back, the user
/// service answers again. Undecodable payloads are made permanent where they are decoded.
impl From<NotificationError> for HandlerError {
    fn from(e: NotificationError) -> Self {
        HandlerError::transient(e)
    }
}

impl NotificationError {
    /// The problem+json this error answers with.
    pub(crate) fn problem(&self) -> ApiProblem {
        let message = self.to_string();
        match self {
            NotificationError::Validation(errors) => ApiProblem::validation(errors.clone()),
            NotificationError::NotFound(_) => ApiProblem::not_found(message),
            NotificationError::NotRetryable(_) => {
                ApiProblem::new(StatusCode::CONFLICT, "not-retryable", "Not retryable")
                    .detail(message)
            }
            NotificationError::IdempotencyKeyReused => ApiProblem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "Idempotency key reused",
            )
            .detail(message),
            NotificationError::BadUnsubscribeLink => ApiProblem::new(
                StatusCode::BAD_REQUEST,
                "bad-unsubscribe-link",
                "Bad unsubscribe link",
            )
            .detail(message),
            NotificationError::ShuttingDown => ApiProblem::unavailable(message),
            NotificationError::Database(DbError::Pool(_)) => {
                ApiProblem::unavailable("the database is busy or unreachable; try again shortly")
            }
            NotificationError::Database(_) | NotificationError::Internal(_) => {
                ApiProblem::internal()
            }
        }
    }
}

bookstore_kit::service_error!(NotificationError);
