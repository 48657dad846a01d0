//! The service's one error type. Repositories, the rules modules and handlers all return it, so
//! `?` works throughout; it renders as problem+json. Each variant's doc names its status.
//! A 5xx never shows its cause: the cause is logged inside the request's span instead.

use axum::http::StatusCode;
use bookstore_kit::ApiProblem;
use bookstore_kit::db::DbError;
use bookstore_sdk::types::{FieldError, Order, OrderStatus, Unavailable};

pub use bookstore_kit::http::Fields;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    /// 400: one or more fields (of the body, the query string or a header) are invalid.
    #[error("invalid request: {0:?}")]
    Validation(Vec<FieldError>),
    /// 404: no such order, book or cart line; also another user's order, so that its
    /// existence stays hidden.
    #[error("no such {0}")]
    NotFound(&'static str),
    /// 409: not enough stock; the order was stored as rejected. The problem's `unavailable`
    /// member names the books, `order_id` the rejected order.
    #[error("not enough stock for {} item(s)", .unavailable.len())]
    OutOfStock {
        order: Box<Order>,
        unavailable: Vec<Unavailable>,
    },
    /// 409: the order's status does not allow the change.
    #[error("the order is {status}; it cannot be {action}")]
    WrongStatus {
        status: OrderStatus,
        action: &'static str,
    },
    /// 422: the idempotency key was used before with another request.
    #[error("this Idempotency-Key was used for a different order; use a new key for a new order")]
    IdempotencyKeyReused,
    /// 422: an earlier request with this key never finished and its hold on the stock has
    /// lapsed.
    #[error(
        "an earlier request with this Idempotency-Key did not finish and its hold on the stock has lapsed; send the order with a new key"
    )]
    KeyLapsed,
    /// 422: the books are priced in more than one currency.
    #[error("the books are priced in different currencies ({0}); order them separately")]
    MixedCurrencies(String),
    /// 503: the catalog could not be asked; nothing was stored.
    #[error("the catalog is unavailable: {0}")]
    CatalogUnavailable(String),
    /// 500: the database failed.
    #[error(transparent)]
    Database(#[from] DbError),
    /// 500: anything else that should not happen (corrupt rows).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl OrderError {
    /// The problem+json this error answers with.
    pub(crate) fn problem(&self) -> ApiProblem {
        let message = self.to_string();
        match self {
            OrderError::Validation(errors) => ApiProblem::validation(errors.clone()),
            OrderError::NotFound(_) => ApiProblem::not_found(message),
            OrderError::OutOfStock { order, unavailable } => {
                let mut problem =
                    ApiProblem::new(StatusCode::CONFLICT, "out-of-stock", "Not enough stock")
                        .detail(message);
                for u in unavailable {
                    let index = order
                        .items
                        .iter()
                        .position(|i| i.book_id == u.book_id)
                        .unwrap_or_default();
                    problem = problem.field(
                        format!("items[{index}].quantity"),
                        format!(
                            "{} requested, {} available (book {})",
                            u.requested, u.available, u.book_id
                        ),
                    );
                }
                problem
                    .extension(
                        "unavailable",
                        serde_json::to_value(unavailable).unwrap_or_default(),
                    )
                    .extension("order_id", serde_json::Value::String(order.id.to_string()))
            }
            OrderError::WrongStatus { status, .. } => {
                let slug = match status {
                    OrderStatus::Shipped => "order-shipped",
                    OrderStatus::Cancelled | OrderStatus::Rejected => "order-cancelled",
                    _ => "order-status",
                };
                ApiProblem::new(StatusCode::CONFLICT, slug, "Order status forbids this")
                    .detail(message)
                    .extension(
                        "order_status",
                        serde_json::Value::String(status.to_string()),
                    )
            }
            OrderError::IdempotencyKeyReused => ApiProblem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "Idempotency key reused",
            )
            .detail(message),
            OrderError::KeyLapsed => ApiProblem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-lapsed",
                "Idempotency key lapsed",
            )
            .detail(message),
            OrderError::MixedCurrencies(_) => ApiProblem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "mixed-currencies",
                "Mixed currencies",
            )
            .detail(message),
            OrderError::CatalogUnavailable(_) => ApiProblem::unavailable(
                "the catalog cannot be reached; nothing was ordered, try again shortly",
            ),
            OrderError::Database(DbError::Pool(_)) => {
                ApiProblem::unavailable("the database is busy or unreachable; try again shortly")
            }
            OrderError::Database(_) | OrderError::Internal(_) => ApiProblem::internal(),
        }
    }
}

bookstore_kit::service_error!(OrderError);
