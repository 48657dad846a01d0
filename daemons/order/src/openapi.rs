//! The service's OpenAPI document, served at `/openapi.json`.

use bookstore_sdk::types::{
    Address, CancelOrder, Cart, CartItem, CartItemUpdate, FieldError, Money, NewOrder, Order,
    OrderItem, OrderLine, OrderStatus, PaymentMethod, PaymentMethodSummary, Problem, StatusChange,
    Unavailable,
};
use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

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
    modifiers(&BearerScheme),
    tags(
        (name = "cart", description = "The signed-in user's cart"),
        (name = "orders", description = "Placing, following, cancelling and shipping orders"),
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` (access token) scheme.
struct BearerScheme;

impl Modify for BearerScheme {
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
