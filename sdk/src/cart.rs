//! The signed-in user's cart (`/api/v1/cart*`).

use http::{Method, StatusCode};
use uuid::Uuid;

use crate::client::{Client, decode};
use crate::error::Result;
use crate::types::{Cart, CartItemUpdate};

/// The cart endpoints; from [`Client::cart`]. Every call needs a login: the cart is the
/// token's user's.
#[derive(Debug, Clone, Copy)]
pub struct CartApi<'a> {
    client: &'a Client,
}

impl Client {
    /// The signed-in user's cart.
    pub fn cart(&self) -> CartApi<'_> {
        CartApi { client: self }
    }
}

impl CartApi<'_> {
    /// `GET /cart`: the cart, priced at the catalog's current prices.
    pub async fn get(&self) -> Result<Cart> {
        self.client.api(Method::GET, "cart").json().await
    }

    /// `PUT /cart/items/{book_id}`: the cart holds exactly `quantity` copies of the book (not
    /// `quantity` more). Retried like any `PUT`: setting a quantity twice sets it once.
    pub async fn set_item(&self, book_id: Uuid, quantity: i64) -> Result<Cart> {
        let call = self
            .client
            .api(Method::PUT, &format!("cart/items/{book_id}"))
            .body(&CartItemUpdate { quantity });
        self.cart_from(call).await
    }

    /// Adds `quantity` copies to those already in the cart: reads the cart, then sets the new
    /// total with [`set_item`](Self::set_item). Another client changing the same line in
    /// between is not noticed (the cart has no version to make the write conditional on).
    pub async fn add_item(&self, book_id: Uuid, quantity: i64) -> Result<Cart> {
        let cart = self.get().await?;
        let held = cart
            .items
            .iter()
            .find(|item| item.book_id == book_id)
            .map_or(0, |item| item.quantity);
        self.set_item(book_id, held.saturating_add(quantity)).await
    }

    /// `DELETE /cart/items/{book_id}`: takes the book out of the cart.
    pub async fn remove_item(&self, book_id: Uuid) -> Result<Cart> {
        let call = self
            .client
            .api(Method::DELETE, &format!("cart/items/{book_id}"));
        self.cart_from(call).await
    }

    /// `DELETE /cart`: empties the cart.
    pub async fn clear(&self) -> Result<()> {
        self.client.api(Method::DELETE, "cart").empty().await
    }

    /// The cart a change answers with; a change answered with `204 No Content` is followed by
    /// `GET /cart`, so callers always get the cart as it is now.
    async fn cart_from(&self, call: crate::client::Call<'_>) -> Result<Cart> {
        let url = call.url().to_owned();
        let response = call.send().await?;
        if response.status() == StatusCode::NO_CONTENT {
            return self.get().await;
        }
        decode(&url, response).await
    }
}
