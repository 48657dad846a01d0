//! `/api/v1/orders*`: placing, reading, cancelling and (admins) shipping orders.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bookstore_kit::auth::{AdminUser, AuthUser};
use bookstore_kit::http::{Json, Path, Query};
use bookstore_sdk::types::{CancelOrder, NewOrder, Order, OrderQuery, Page, Problem};
use uuid::Uuid;

use super::PROBLEM;
use crate::error::OrderError;
use crate::routes;
use crate::state::AppState;

/// Places an order: reserves the stock now (all or none) and starts the payment. `202` with
/// the order in `pending_payment`; the same `Idempotency-Key` and body again answers the same
/// order (`200`).
#[utoipa::path(
    post, path = routes::ORDERS, tag = "orders", security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "A unique key per order; a retry with the same key cannot order twice")),
    request_body = NewOrder,
    responses(
        (status = 202, description = "Placed: stock reserved, payment under way", body = Order),
        (status = 200, description = "Placed earlier with this key", body = Order),
        (status = 400, description = "Bad lines, address, payment method or key; an empty cart", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not enough stock: the order is rejected; `unavailable` names the books, `order_id` the order", body = Problem, content_type = PROBLEM),
        (status = 422, description = "The key was used for another order, or mixed currencies", body = Problem, content_type = PROBLEM),
        (status = 503, description = "The catalog cannot be reached; nothing was ordered", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn place(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    headers: HeaderMap,
    Json(request): Json<NewOrder>,
) -> Result<Response, OrderError> {
    let key = match headers.get(bookstore_sdk::IDEMPOTENCY_KEY) {
        Some(value) => Some(
            value
                .to_str()
                .map_err(|_| OrderError::field("Idempotency-Key", "must be printable ASCII"))?,
        ),
        None => None,
    };
    let placed = state.orders.place(&user, key, &request).await?;
    let status = if placed.created {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    let location = routes::ORDER.replace("{id}", &placed.order.id.to_string());
    Ok((status, [(header::LOCATION, location)], Json(placed.order)).into_response())
}

/// The caller's orders, newest first; admins see everyone's and may filter by user.
#[utoipa::path(
    get, path = routes::ORDERS, tag = "orders", security(("bearer" = [])),
    params(OrderQuery),
    responses(
        (status = 200, description = "One page of orders", body = Page<Order>),
        (status = 400, description = "A bad limit, cursor or status", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Query(query): Query<OrderQuery>,
) -> Result<Json<Page<Order>>, OrderError> {
    Ok(Json(state.orders.list(&user, &query).await?))
}

/// One order with its status history.
#[utoipa::path(
    get, path = routes::ORDER, tag = "orders", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The order's id")),
    responses(
        (status = 200, description = "The order", body = Order),
        (status = 404, description = "No such order of the caller's", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Order>, OrderError> {
    Ok(Json(state.orders.get(&user, id).await?))
}

/// Cancels an order until it is shipped: its copies go back to stock, and a paid order is
/// refunded.
#[utoipa::path(
    post, path = routes::ORDER_CANCEL, tag = "orders", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The order's id")),
    request_body(content = Option<CancelOrder>, description = "An optional reason"),
    responses(
        (status = 200, description = "Cancelled", body = Order),
        (status = 404, description = "No such order of the caller's", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Already shipped, cancelled or rejected", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn cancel(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Uuid>,
    body: axum::body::Bytes,
) -> Result<Json<Order>, OrderError> {
    // The body is optional: `cancel` with nothing to say is the usual call.
    let request: CancelOrder = if body.iter().all(u8::is_ascii_whitespace) {
        CancelOrder::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| OrderError::field("body", format!("is not a cancellation: {e}")))?
    };
    Ok(Json(state.orders.cancel(&user, id, &request).await?))
}

/// Ships a confirmed order (admin).
#[utoipa::path(
    post, path = routes::ORDER_SHIP, tag = "orders", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The order's id")),
    responses(
        (status = 200, description = "Shipped", body = Order),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such order", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not confirmed", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn ship(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Order>, OrderError> {
    Ok(Json(state.orders.ship(id).await?))
}
