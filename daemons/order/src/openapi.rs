//! The service's OpenAPI document, served at `/openapi.json`.

use bookstore_kit::http::openapi::SecuritySchemes;
use bookstore_sdk::types::{
    Address, CancelOrder, Cart, CartItem, CartItemUpdate, FieldError, Money, NewOrder, Order,
    OrderItem, OrderLine, OrderStatus, PaymentMethod, PaymentMethodSummary, Problem, StatusChange,
    Unavailable,
};

use crate::handlers::{cart, orders};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Bookstore order service",
        description = "Carts, orders and the order saga."
    ),
    paths(
        cart::show, cart::set_item, cart::remove_item, cart::clear,
        orders::place, orders::list, orders::get, orders::cancel, orders::ship,
    ),
    components(schemas(
        Cart, CartItem, CartItemUpdate, NewOrder, OrderLine, PaymentMethod, Address, Order,
        OrderItem, OrderStatus, PaymentMethodSummary, StatusChange, CancelOrder, Money,
        Unavailable, Problem, FieldError,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "cart", description = "The signed-in user's cart"),
        (name = "orders", description = "Placing, following, cancelling and shipping orders"),
    )
)]
pub struct ApiDoc;

/// The document.
pub fn document() -> utoipa::openapi::OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}
