//! `cart_items`: what each user's cart holds.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::cart_items;
use super::{Conn, dispatch};
use crate::error::OrderError;

/// One line as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cart_items)]
pub struct CartRow {
    pub book_id: String,
    pub quantity: i64,
    pub added_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The cart's lines in the order they were added.
pub async fn lines(conn: &mut Conn<'_>, user_id: Uuid) -> Result<Vec<CartRow>, OrderError> {
    let user = user_id.to_string();
    Ok(dispatch!(conn, |c| {
        cart_items::table
            .filter(cart_items::user_id.eq(&user))
            .order((cart_items::added_at, cart_items::book_id))
            .select(CartRow::as_select())
            .load(c)
            .await?
    }))
}

/// Sets the copies of `book_id` in the cart (adding the line when new).
pub async fn set(
    conn: &mut Conn<'_>,
    user_id: Uuid,
    book_id: Uuid,
    quantity: i64,
    now: NaiveDateTime,
) -> Result<(), OrderError> {
    let (user, book) = (user_id.to_string(), book_id.to_string());
    dispatch!(conn, |c| {
        diesel::insert_into(cart_items::table)
            .values((
                cart_items::user_id.eq(&user),
                cart_items::book_id.eq(&book),
                cart_items::quantity.eq(quantity),
                cart_items::added_at.eq(now),
                cart_items::updated_at.eq(now),
            ))
            .on_conflict((cart_items::user_id, cart_items::book_id))
            .do_update()
            .set((
                cart_items::quantity.eq(quantity),
                cart_items::updated_at.eq(now),
            ))
            .execute(c)
            .await?
    });
    Ok(())
}

/// How many distinct books the cart holds.
pub async fn count(conn: &mut Conn<'_>, user_id: Uuid) -> Result<i64, OrderError> {
    let user = user_id.to_string();
    Ok(dispatch!(conn, |c| {
        cart_items::table
            .filter(cart_items::user_id.eq(&user))
            .count()
            .get_result(c)
            .await?
    }))
}

/// Removes the lines for `book_ids` (every line when `None`); returns how many went.
pub async fn remove(
    conn: &mut Conn<'_>,
    user_id: Uuid,
    book_ids: Option<&[Uuid]>,
) -> Result<usize, OrderError> {
    let user = user_id.to_string();
    Ok(match book_ids {
        None => dispatch!(conn, |c| {
            diesel::delete(cart_items::table.filter(cart_items::user_id.eq(&user)))
                .execute(c)
                .await?
        }),
        Some(ids) => {
            let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
            dispatch!(conn, |c| {
                diesel::delete(
                    cart_items::table
                        .filter(cart_items::user_id.eq(&user))
                        .filter(cart_items::book_id.eq_any(&ids)),
                )
                .execute(c)
                .await?
            })
        }
    })
}
