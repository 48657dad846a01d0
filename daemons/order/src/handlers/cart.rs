//! `/api/v1/cart*`: the signed-in user's cart.

use axum::extract::State;
use axum::http::StatusCode;
use bookstore_kit::auth::AuthUser;
use bookstore_kit::http::{Json, Path};
use bookstore_sdk::types::{Cart, CartItemUpdate, Problem};
use uuid::Uuid;

use super::PROBLEM;
use crate::error::OrderError;
use crate::state::AppState;
use crate::{cart, routes};

/// The cart, priced at the catalog's current prices, with each line's availability.
#[utoipa::path(
    get, path = routes::CART, tag = "cart", security(("bearer" = [])),
    responses(
        (status = 200, description = "The cart", body = Cart),
        (status = 401, description = "Not signed in", body = Problem, content_type = PROBLEM),
        (status = 503, description = "The catalog cannot be reached", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
) -> Result<Json<Cart>, OrderError> {
    Ok(Json(
        cart::show(&state.orders.db, &state.orders.catalog, user.sub).await?,
    ))
}

/// How many copies of a book the cart holds (0 removes it); answers the cart.
#[utoipa::path(
    put, path = routes::CART_ITEM, tag = "cart", security(("bearer" = [])),
    params(("book_id" = Uuid, Path, description = "The book's id")),
    request_body = CartItemUpdate,
    responses(
        (status = 200, description = "The cart after the change", body = Cart),
        (status = 400, description = "A quantity below 0 or over 1000, or a full cart", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such book", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn set_item(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(book_id): Path<Uuid>,
    Json(update): Json<CartItemUpdate>,
) -> Result<Json<Cart>, OrderError> {
    let orders = &state.orders;
    cart::set(
        &orders.db,
        &orders.catalog,
        user.sub,
        book_id,
        update.quantity,
    )
    .await?;
    Ok(Json(
        cart::show(&orders.db, &orders.catalog, user.sub).await?,
    ))
}

/// Takes a book out of the cart; removing one that is not there is not an error.
#[utoipa::path(
    delete, path = routes::CART_ITEM, tag = "cart", security(("bearer" = [])),
    params(("book_id" = Uuid, Path, description = "The book's id")),
    responses((status = 204, description = "Not in the cart (any more)"))
)]
pub async fn remove_item(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(book_id): Path<Uuid>,
) -> Result<StatusCode, OrderError> {
    cart::remove(&state.orders.db, user.sub, book_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Empties the cart.
#[utoipa::path(
    delete, path = routes::CART, tag = "cart", security(("bearer" = [])),
    responses((status = 204, description = "The cart is empty"))
)]
pub async fn clear(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
) -> Result<StatusCode, OrderError> {
    cart::clear(&state.orders.db, user.sub).await?;
    Ok(StatusCode::NO_CONTENT)
}
