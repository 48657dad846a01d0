//! The cart: kept per user by the server, so every client shows the same one; priced on
//! every read at the catalog's current prices.

use bookstore_kit::db::Db;
use bookstore_sdk::types::{Cart, CartItem, Money};
use futures_util::future::join_all;
use uuid::Uuid;

use crate::catalog::Catalog;
use crate::domain::{MAX_LINES, MAX_QUANTITY};
use crate::error::OrderError;
use crate::store::{self, carts};
use crate::{on_conn, unit_of_work};

/// `GET /cart`.
pub async fn show(db: &Db, catalog: &Catalog, user_id: Uuid) -> Result<Cart, OrderError> {
    let lines = on_conn!(db, |conn| carts::lines(conn, user_id).await)?;
    let ids: Vec<Uuid> = lines
        .iter()
        .map(|l| store::parse_uuid(&l.book_id))
        .collect::<Result<_, _>>()?;
    let books = join_all(ids.iter().map(|id| catalog.book(*id))).await;
    let mut items = Vec::with_capacity(lines.len());
    let mut totals: Vec<Money> = Vec::new();
    for ((line, id), book) in lines.iter().zip(&ids).zip(books) {
        let book = book.map_err(|e| OrderError::CatalogUnavailable(e.0))?;
        let (title, unit_price, in_stock) = match &book {
            Some(b) => (Some(b.title.clone()), Some(b.price.clone()), b.stock),
            None => (None, None, 0),
        };
        let line_total = unit_price
            .as_ref()
            .map(|p| Money::new(p.amount.saturating_mul(line.quantity), p.currency.clone()));
        let available = book.is_some() && in_stock >= line.quantity;
        if let (true, Some(total)) = (available, &line_total) {
            match totals.iter_mut().find(|t| t.currency == total.currency) {
                Some(t) => t.amount = t.amount.saturating_add(total.amount),
                None => totals.push(total.clone()),
            }
        }
        items.push(CartItem {
            book_id: *id,
            quantity: line.quantity,
            title,
            unit_price,
            line_total,
            in_stock,
            available,
            added_at: line.added_at.and_utc(),
        });
    }
    Ok(Cart {
        updated_at: lines.iter().map(|l| l.updated_at.and_utc()).max(),
        items,
        totals,
    })
}

/// `PUT /cart/items/{book_id}`: the cart holds `quantity` copies (0 removes the line). The
/// book must be in the catalog; whether enough copies are left is shown, not enforced: stock
/// is taken only by an order.
pub async fn set(
    db: &Db,
    catalog: &Catalog,
    user_id: Uuid,
    book_id: Uuid,
    quantity: i64,
) -> Result<(), OrderError> {
    if !(0..=MAX_QUANTITY).contains(&quantity) {
        return Err(OrderError::field(
            "quantity",
            format!("must be between 0 and {MAX_QUANTITY}"),
        ));
    }
    if quantity == 0 {
        return remove(db, user_id, book_id).await;
    }
    if catalog
        .book(book_id)
        .await
        .map_err(|e| OrderError::CatalogUnavailable(e.0))?
        .is_none()
    {
        return Err(OrderError::NotFound("book"));
    }
    unit_of_work!(db, |conn| {
        let lines = carts::lines(conn, user_id).await?;
        let present = lines.iter().any(|l| l.book_id == book_id.to_string());
        if !present && lines.len() >= MAX_LINES {
            return Err(OrderError::field(
                "book_id",
                format!("the cart already holds {MAX_LINES} books, the most an order can"),
            ));
        }
        carts::set(conn, user_id, book_id, quantity, store::now()).await
    })
}

/// `DELETE /cart/items/{book_id}`: idempotent.
pub async fn remove(db: &Db, user_id: Uuid, book_id: Uuid) -> Result<(), OrderError> {
    on_conn!(db, |conn| carts::remove(conn, user_id, Some(&[book_id]))
        .await
        .map(|_| ()))
}

/// `DELETE /cart`.
pub async fn clear(db: &Db, user_id: Uuid) -> Result<(), OrderError> {
    on_conn!(db, |conn| carts::remove(conn, user_id, None)
        .await
        .map(|_| ()))
}
