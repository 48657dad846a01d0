//! Every URL the order service serves, in one place. The service serves full paths; the
//! gateway forwards `/api/v1/*` unchanged.

use axum::Router;
use axum::routing::{get, post, put};

use crate::handlers::{cart, orders};
use crate::state::AppState;

pub const CART: &str = "/api/v1/cart";
pub const CART_ITEM: &str = "/api/v1/cart/items/{book_id}";
pub const ORDERS: &str = "/api/v1/orders";
pub const ORDER: &str = "/api/v1/orders/{id}";
pub const ORDER_CANCEL: &str = "/api/v1/orders/{id}/cancel";
/// Admin.
pub const ORDER_SHIP: &str = "/api/v1/orders/{id}/ship";

/// The API routes, without the shared ones (`/healthz` and the rest) and without middleware.
pub fn api() -> Router<AppState> {
    Router::new()
        .route(CART, get(cart::show).delete(cart::clear))
        .route(CART_ITEM, put(cart::set_item).delete(cart::remove_item))
        .route(ORDERS, get(orders::list).post(orders::place))
        .route(ORDER, get(orders::get))
        .route(ORDER_CANCEL, post(orders::cancel))
        .route(ORDER_SHIP, post(orders::ship))
}
