//! Orders: placing one (the saga's first step), reading, listing, cancelling and shipping.
//!
//! Placing, in order: check the request; answer a repeated `Idempotency-Key` with the order it
//! made; reserve the stock in the catalog (all or none, priced now); then, in one transaction,
//! store the order as `pending_payment` with its history and put `order.created` in the
//! outbox (the Unit of Work). Not enough stock stores the order as `rejected` instead, and
//! answers 409 naming the books. The payment service takes it from there (see [`crate::saga`]).

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bookstore_kit::auth::Claims;
use bookstore_kit::db::Db;
use bookstore_kit::events::OutboxWaker;
use bookstore_kit::http::idempotency;
use bookstore_sdk::types::{
    Address, CancelOrder, NewOrder, Order, OrderLine, OrderQuery, OrderStatus, Page,
    ReservationStatus, Unavailable,
};
use chrono::NaiveDateTime;
use uuid::Uuid;

use crate::catalog::{Catalog, Reserved};
use crate::domain::{self, CheckedPayment};
use crate::error::{Fields, OrderError};
use crate::events::{self, Cause};
use crate::metrics::{OrderMetrics, Step};
use crate::store::orders::{
    self as repo, Changes, ItemRow, ListFilter, OrderRow, StoredPayment, stock,
};
use crate::store::{self, Conn, carts, is_unique_violation};
use crate::{on_conn, unit_of_work, view};

/// Page size of `GET /orders` when none is asked for, and the most it may be.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// The order rules, with what they need: the database, the catalog and the outbox.
#[derive(Debug, Clone)]
pub struct Orders {
    pub db: Db,
    pub catalog: Catalog,
    pub outbox: OutboxWaker,
    pub payment_timeout: Duration,
    pub reservation_ttl: Duration,
    pub metrics: OrderMetrics,
}

/// A placed order, and whether this request placed it (`false`: an earlier request with the
/// same key did).
#[derive(Debug)]
pub struct Placed {
    pub order: Order,
    pub created: bool,
}

/// What a checked request asks for.
struct Checked {
    lines: Vec<OrderLine>,
    payment: CheckedPayment,
    address: Address,
    from_cart: bool,
}

impl Orders {
    /// `POST /orders`.
    pub async fn place(
        &self,
        user: &Claims,
        idempotency_key: Option<&str>,
        request: &NewOrder,
    ) -> Result<Placed, OrderError> {
        let key = check_key(idempotency_key)?;
        let hash = request_hash(request)?;
        if let Some(existing) = on_conn!(&self.db, |conn| repo::find_by_key(conn, user.sub, key)
            .await)?
        {
            return self.replay(existing, &hash).await;
        }
        let checked = self.check(user.sub, request).await?;

        // The id follows from the user and the key, so a retry of a request that died after
        // reserving (the caller never heard back) finds that reservation again instead of
        // holding the copies twice: the catalog keys reservations by order id.
        let order_id = order_id_for(user.sub, key);
        let started = std::time::Instant::now();
        let reserved = self
            .catalog
            .reserve(order_id, &checked.lines, self.reservation_ttl)
            .await
            .map_err(|e| OrderError::CatalogUnavailable(e.0))?;
        self.metrics.step(Step::ReserveStock, started.elapsed());
        let reservation = match reserved {
            Reserved::Held(reservation) if reservation.status == ReservationStatus::Reserved => {
                reservation
            }
            Reserved::Held(_) => return Err(OrderError::KeyLapsed),
            Reserved::OutOfStock(unavailable) => {
                return self
                    .reject(user, order_id, key, &hash, &checked, unavailable)
                    .await;
            }
        };

        let held: Vec<(Uuid, i64)> = reservation
            .items
            .iter()
            .map(|i| (i.book_id, i.quantity))
            .collect();
        let asked: Vec<(Uuid, i64)> = checked
            .lines
            .iter()
            .map(|l| (l.book_id, l.quantity))
            .collect();
        if held != asked {
            // An earlier request with this key, for other books, reserved and never finished.
            tracing::warn!(order.id = %order_id, ?held, ?asked, "the key's earlier reservation holds other books");
            return Err(OrderError::IdempotencyKeyReused);
        }
        let currencies: std::collections::BTreeSet<&str> = reservation
            .items
            .iter()
            .map(|i| i.unit_price.currency.as_str())
            .collect();
        if currencies.len() != 1 {
            self.release_quietly(order_id).await;
            return Err(OrderError::MixedCurrencies(
                currencies.into_iter().collect::<Vec<_>>().join(", "),
            ));
        }
        let items: Vec<ItemRow> = reservation
            .items
            .iter()
            .map(|i| ItemRow {
                order_id: order_id.to_string(),
                book_id: i.book_id.to_string(),
                title: i.title.clone(),
                quantity: i.quantity,
                unit_price_amount: i.unit_price.amount,
                currency: i.unit_price.currency.clone(),
            })
            .collect();
        let total = items.iter().try_fold(0_i64, |sum, i| {
            sum.checked_add(i.unit_price_amount.checked_mul(i.quantity)?)
        });
        let Some(total) = total else {
            self.release_quietly(order_id).await;
            return Err(OrderError::field("items", "the total is too large"));
        };
        let now = store::now();
        let row = OrderRow {
            id: order_id.to_string(),
            user_id: user.sub.to_string(),
            status: OrderStatus::PendingPayment.to_string(),
            status_reason: None,
            total_amount: total,
            currency: items
                .first()
                .map(|i| i.currency.clone())
                .unwrap_or_default(),
            payment: stored_payment(&checked.payment)?,
            shipping_address: serde_json::to_string(&checked.address)
                .map_err(anyhow::Error::from)?,
            idempotency_key: key.to_owned(),
            request_hash: hash.clone(),
            stock: stock::RESERVED.to_owned(),
            refunded: false,
            unavailable: None,
            payment_due_at: Some(store::after(now, self.payment_timeout)),
            created_at: now,
            updated_at: now,
        };
        let from_cart = checked.from_cart;
        let book_ids: Vec<Uuid> = checked.lines.iter().map(|l| l.book_id).collect();
        let stored = unit_of_work!(&self.db, |conn| {
            repo::insert(conn, &row, &items).await?;
            let placed = repo::add_history(
                conn,
                &row.id,
                OrderStatus::PendingPayment.as_str(),
                Some("stock reserved; waiting for the payment"),
                now,
            )
            .await?;
            events::order_created(conn, &row, &items).await?;
            if from_cart {
                carts::remove(conn, user.sub, Some(&book_ids)).await?;
            }
            Ok(placed)
        });
        let placed = match stored {
            Ok(placed) => placed,
            // A concurrent request with the same key stored the order first (with the same
            // reservation, which is therefore kept): answer with that order.
            Err(e) if is_key_taken(&e) => {
                let existing = on_conn!(&self.db, |conn| repo::find_by_key(conn, user.sub, key)
                    .await)?
                .ok_or(OrderError::NotFound("order"))?;
                return self.replay(existing, &hash).await;
            }
            // The reservation stays for a retry with the same key to find; if none comes, it
            // expires.
            Err(e) => return Err(e),
        };
        self.outbox.wake();
        self.metrics.entered(OrderStatus::PendingPayment, None);
        tracing::info!(
            order.id = %order_id, user.id = %user.sub, total, provider = %checked.payment.provider,
            "order placed; waiting for the payment"
        );
        // The order as it was placed, from what was written: the saga may already have moved
        // it on, which the caller follows with `GET /orders/{id}`.
        Ok(Placed {
            order: view::order(&row, &items, &[placed])?,
            created: true,
        })
    }

    /// The answer to a request whose key was used before: the same order, or 422 when the
    /// request differs.
    async fn replay(&self, existing: OrderRow, hash: &str) -> Result<Placed, OrderError> {
        if existing.request_hash != hash {
            tracing::warn!(order.id = %existing.id, "the key was used for another request");
            return Err(OrderError::IdempotencyKeyReused);
        }
        let id = store::parse_uuid(&existing.id)?;
        let order = self.load(id).await?;
        if order.status == OrderStatus::Rejected {
            let unavailable = existing
                .unavailable
                .as_deref()
                .map(serde_json::from_str::<Vec<Unavailable>>)
                .transpose()
                .map_err(anyhow::Error::from)?
                .unwrap_or_default();
            return Err(OrderError::OutOfStock {
                order: Box::new(order),
                unavailable,
            });
        }
        Ok(Placed {
            order,
            created: false,
        })
    }

    /// The request's lines (from the body or the cart), payment method and address.
    async fn check(&self, user_id: Uuid, request: &NewOrder) -> Result<Checked, OrderError> {
        let mut fields = Fields::default();
        let lines = match (request.from_cart, request.items.is_empty()) {
            (true, false) => {
                fields.push("items", "give either items or from_cart, not both");
                Vec::new()
            }
            (true, true) => {
                let cart = on_conn!(&self.db, |conn| carts::lines(conn, user_id).await)?;
                if cart.is_empty() {
                    fields.push("from_cart", "the cart is empty");
                }
                let lines: Vec<OrderLine> = cart
                    .iter()
                    .map(|l| {
                        Ok(OrderLine {
                            book_id: store::parse_uuid(&l.book_id)?,
                            quantity: l.quantity,
                        })
                    })
                    .collect::<Result<_, OrderError>>()?;
                if lines.is_empty() {
                    lines
                } else {
                    domain::lines(&mut fields, "cart", &lines)
                }
            }
            (false, _) => domain::lines(&mut fields, "items", &request.items),
        };
        let payment = domain::payment(&mut fields, &request.payment);
        let address = domain::address(&mut fields, &request.shipping_address);
        fields.finish()?;
        let payment = payment.ok_or_else(|| OrderError::field("payment", "is invalid"))?;
        Ok(Checked {
            lines,
            payment,
            address,
            from_cart: request.from_cart,
        })
    }

    /// Stores a rejected order and answers 409 naming the missing stock.
    async fn reject(
        &self,
        user: &Claims,
        order_id: Uuid,
        key: &str,
        hash: &str,
        checked: &Checked,
        unavailable: Vec<Unavailable>,
    ) -> Result<Placed, OrderError> {
        let now = store::now();
        // Nothing was reserved, so nothing was priced: show the lines at today's prices, as
        // far as the catalog knows the books.
        let books = futures_util::future::join_all(
            checked.lines.iter().map(|l| self.catalog.book(l.book_id)),
        )
        .await;
        let currency = books
            .iter()
            .find_map(|b| b.as_ref().ok()?.as_ref().map(|b| b.price.currency.clone()))
            .unwrap_or_else(|| "EUR".to_owned());
        let items: Vec<ItemRow> = checked
            .lines
            .iter()
            .zip(books)
            .map(|(l, book)| {
                let book = book.ok().flatten();
                ItemRow {
                    order_id: order_id.to_string(),
                    book_id: l.book_id.to_string(),
                    title: book
                        .as_ref()
                        .map_or_else(|| "unknown book".to_owned(), |b| b.title.clone()),
                    quantity: l.quantity,
                    unit_price_amount: book.as_ref().map_or(0, |b| b.price.amount),
                    currency: book.map_or_else(|| currency.clone(), |b| b.price.currency),
                }
            })
            .collect();
        let total = items.iter().fold(0_i64, |sum, i| {
            sum.saturating_add(i.unit_price_amount.saturating_mul(i.quantity))
        });
        let reason = describe_unavailable(&unavailable, &items);
        let row = OrderRow {
            id: order_id.to_string(),
            user_id: user.sub.to_string(),
            status: OrderStatus::Rejected.to_string(),
            status_reason: Some(reason.clone()),
            total_amount: total,
            currency,
            payment: stored_payment(&checked.payment)?,
            shipping_address: serde_json::to_string(&checked.address)
                .map_err(anyhow::Error::from)?,
            idempotency_key: key.to_owned(),
            request_hash: hash.to_owned(),
            stock: stock::NONE.to_owned(),
            refunded: false,
            unavailable: Some(serde_json::to_string(&unavailable).map_err(anyhow::Error::from)?),
            payment_due_at: None,
            created_at: now,
            updated_at: now,
        };
        let stored = unit_of_work!(&self.db, |conn| {
            repo::insert(conn, &row, &items).await?;
            let placed = repo::add_history(
                conn,
                &row.id,
                OrderStatus::Rejected.as_str(),
                Some(&reason),
                now,
            )
            .await?;
            Ok(placed)
        });
        let placed = match stored {
            Ok(placed) => placed,
            Err(e) if is_key_taken(&e) => {
                let existing = on_conn!(&self.db, |conn| repo::find_by_key(conn, user.sub, key)
                    .await)?
                .ok_or(OrderError::NotFound("order"))?;
                return self.replay(existing, hash).await;
            }
            Err(e) => return Err(e),
        };
        self.metrics.entered(OrderStatus::Rejected, None);
        tracing::info!(order.id = %order_id, reason, "order rejected");
        Err(OrderError::OutOfStock {
            order: Box::new(view::order(&row, &items, &[placed])?),
            unavailable,
        })
    }

    /// An order with its history, whoever owns it.
    pub async fn load(&self, id: Uuid) -> Result<Order, OrderError> {
        on_conn!(&self.db, |conn| {
            let (row, items, history) = repo::find_whole(conn, id)
                .await?
                .ok_or(OrderError::NotFound("order"))?;
            view::order(&row, &items, &history)
        })
    }

    /// `GET /orders/{id}`: the caller's own order (any for an admin); someone else's is 404.
    pub async fn get(&self, caller: &Claims, id: Uuid) -> Result<Order, OrderError> {
        let order = self.load(id).await?;
        if order.user_id != caller.sub && !caller.is_admin() {
            return Err(OrderError::NotFound("order"));
        }
        Ok(order)
    }

    /// `GET /orders`: newest first; a customer's own, everyone's (filtered) for an admin.
    pub async fn list(
        &self,
        caller: &Claims,
        query: &OrderQuery,
    ) -> Result<Page<Order>, OrderError> {
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(OrderError::field(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let before = query.cursor.as_deref().map(decode_cursor).transpose()?;
        let user_id = if caller.is_admin() {
            query.user_id.map(|u| u.to_string())
        } else {
            Some(caller.sub.to_string())
        };
        let filter = ListFilter {
            user_id,
            status: query.status.map(|s| s.to_string()),
            before,
            limit: i64::from(limit) + 1,
        };
        on_conn!(&self.db, |conn| {
            let mut rows = repo::list(conn, &filter).await?;
            let more = rows.len() > limit as usize;
            rows.truncate(limit as usize);
            let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
            let items = repo::items(conn, &ids).await?;
            let next_cursor = if more {
                rows.last().map(|r| encode_cursor(r.created_at, &r.id))
            } else {
                None
            };
            Ok(Page {
                items: rows
                    .iter()
                    .map(|r| view::order(r, &items, &[]))
                    .collect::<Result<_, OrderError>>()?,
                next_cursor,
            })
        })
    }

    /// `POST /orders/{id}/cancel`: until it is shipped. A paid order is refunded by the
    /// payment service when it hears `order.cancelled`; its copies go back to stock here.
    pub async fn cancel(
        &self,
        caller: &Claims,
        id: Uuid,
        request: &CancelOrder,
    ) -> Result<Order, OrderError> {
        let order = self.get(caller, id).await?;
        let reason = request
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if reason.is_some_and(|r| r.chars().count() > 500) {
            return Err(OrderError::field(
                "reason",
                "must be at most 500 characters",
            ));
        }
        let by_owner = order.user_id == caller.sub;
        let (cause, default_reason) = if by_owner {
            (Cause::Customer, "cancelled by the customer")
        } else {
            (Cause::Admin, "cancelled by an admin")
        };
        let reason = match reason {
            Some(r) => format!("{default_reason}: {r}"),
            None => default_reason.to_owned(),
        };
        let cancelled = unit_of_work!(&self.db, |conn| {
            let row = repo::find(conn, id)
                .await?
                .ok_or(OrderError::NotFound("order"))?;
            let status = view::status(&row.status)?;
            if !matches!(status, OrderStatus::PendingPayment | OrderStatus::Confirmed) {
                return Err(OrderError::WrongStatus {
                    status,
                    action: "cancelled",
                });
            }
            let was_paid = status == OrderStatus::Confirmed;
            if !cancel_in(conn, &row, &reason, cause, was_paid).await? {
                let now = view::status(
                    &repo::find(conn, id)
                        .await?
                        .map(|r| r.status)
                        .unwrap_or_default(),
                )?;
                return Err(OrderError::WrongStatus {
                    status: now,
                    action: "cancelled",
                });
            }
            Ok(())
        });
        cancelled?;
        self.outbox.wake();
        self.metrics.entered(OrderStatus::Cancelled, Some(cause));
        tracing::info!(order.id = %id, reason, "order cancelled");
        self.release_stock(id).await;
        self.load(id).await
    }

    /// `POST /orders/{id}/ship` (admin): a confirmed order leaves the warehouse.
    pub async fn ship(&self, id: Uuid) -> Result<Order, OrderError> {
        unit_of_work!(&self.db, |conn| {
            let row = repo::find(conn, id)
                .await?
                .ok_or(OrderError::NotFound("order"))?;
            let status = view::status(&row.status)?;
            let now = store::now();
            let changes = Changes {
                status: Some(OrderStatus::Shipped.to_string()),
                status_reason: None,
                updated_at: Some(now),
                ..Changes::default()
            };
            if !repo::transition(conn, &row.id, &[OrderStatus::Confirmed.as_str()], &changes)
                .await?
            {
                return Err(OrderError::WrongStatus {
                    status,
                    action: "shipped",
                });
            }
            repo::add_history(conn, &row.id, OrderStatus::Shipped.as_str(), None, now).await?;
            events::status_changed(conn, &row, OrderStatus::Shipped, None, None, true).await?;
            Ok(())
        })?;
        self.outbox.wake();
        self.metrics.entered(OrderStatus::Shipped, None);
        tracing::info!(order.id = %id, "order shipped");
        self.load(id).await
    }

    /// Gives an order's copies back to the catalog if it still holds them. A failure leaves
    /// the order marked `releasing`, for the sweeper to retry.
    pub async fn release_stock(&self, id: Uuid) {
        let started = std::time::Instant::now();
        match self.catalog.release(id).await {
            Ok(()) => {
                self.metrics.step(Step::ReleaseStock, started.elapsed());
                let key = id.to_string();
                let marked = async {
                    on_conn!(&self.db, |conn| repo::set_stock(
                        conn,
                        &key,
                        stock::RELEASING,
                        stock::RELEASED,
                        store::now()
                    )
                    .await)
                }
                .await;
                if let Err(e) = marked {
                    tracing::warn!(order.id = %id, error = %e, "stock released, not yet recorded; the sweeper will");
                }
            }
            Err(e) => {
                tracing::warn!(order.id = %id, error = %e, "cannot release stock yet; the sweeper retries");
            }
        }
    }

    /// For a reservation no order row will ever point at (the request failed after
    /// reserving): give it back now; the catalog's expiry would otherwise, later.
    async fn release_quietly(&self, order_id: Uuid) {
        if let Err(e) = self.catalog.release(order_id).await {
            tracing::warn!(order.id = %order_id, error = %e, "cannot release an unused reservation; it will expire");
        }
    }
}

/// Cancels `row` (if it is still pending or confirmed) inside the caller's transaction: the
/// status, the history, `order.cancelled` in the outbox and the stock marked for release.
/// `was_paid` tells the payment service to refund. `false` when another step changed the
/// order first.
pub async fn cancel_in(
    conn: &mut Conn<'_>,
    row: &OrderRow,
    reason: &str,
    cause: Cause,
    was_paid: bool,
) -> Result<bool, OrderError> {
    let now = store::now();
    let holds_stock = row.stock == stock::RESERVED || row.stock == stock::COMMITTED;
    let changes = Changes {
        status: Some(OrderStatus::Cancelled.to_string()),
        status_reason: Some(reason.to_owned()),
        stock: holds_stock.then(|| stock::RELEASING.to_owned()),
        updated_at: Some(now),
        ..Changes::default()
    };
    let from = [
        OrderStatus::PendingPayment.as_str(),
        OrderStatus::Confirmed.as_str(),
    ];
    if !repo::transition(conn, &row.id, &from, &changes).await? {
        return Ok(false);
    }
    repo::add_history(
        conn,
        &row.id,
        OrderStatus::Cancelled.as_str(),
        Some(reason),
        now,
    )
    .await?;
    events::status_changed(
        conn,
        row,
        OrderStatus::Cancelled,
        Some(reason),
        Some(cause),
        was_paid,
    )
    .await?;
    Ok(true)
}

fn stored_payment(payment: &CheckedPayment) -> Result<String, OrderError> {
    let stored = StoredPayment {
        provider: payment.provider.clone(),
        token: payment.token.clone(),
        last4: payment.last4.clone(),
    };
    Ok(serde_json::to_string(&stored).map_err(anyhow::Error::from)?)
}

/// Whether a failed insert lost the race for its idempotency key (and so its id).
fn is_key_taken(e: &OrderError) -> bool {
    matches!(e, OrderError::Database(bookstore_kit::db::DbError::Query(e))
        if is_unique_violation(e, "orders_idempotency_key", "idempotency_key")
            || is_unique_violation(e, "orders_pkey", "orders.id"))
}

/// The order id for `key` of `user`: a UUID (version 8) made of SHA-256 of both, the same
/// for every retry of one request and different for every user and key.
fn order_id_for(user: Uuid, key: &str) -> Uuid {
    let mut input = Vec::with_capacity(16 + key.len());
    input.extend_from_slice(user.as_bytes());
    input.extend_from_slice(key.as_bytes());
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &input);
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest.as_ref()[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

fn check_key(key: Option<&str>) -> Result<&str, OrderError> {
    let Some(key) = key.filter(|k| !k.trim().is_empty()) else {
        return Err(OrderError::field(
            "Idempotency-Key",
            "is required: send a unique key per order (a UUID, say) so a retry cannot order twice",
        ));
    };
    idempotency::check(key).map_err(|why| OrderError::field("Idempotency-Key", why))
}

fn request_hash(request: &NewOrder) -> Result<String, OrderError> {
    Ok(idempotency::request_hash(request)?)
}

/// `not enough stock: Dune (none left), Emma (1 of 3 available)`, by title where known.
fn describe_unavailable(unavailable: &[Unavailable], items: &[ItemRow]) -> String {
    let books: Vec<String> = unavailable
        .iter()
        .map(|u| {
            let id = u.book_id.to_string();
            let name = items
                .iter()
                .find(|i| i.book_id == id && i.title != "unknown book")
                .map_or(id.clone(), |i| i.title.clone());
            if u.available == 0 {
                format!("{name} (none left)")
            } else {
                format!("{name} ({} of {} available)", u.available, u.requested)
            }
        })
        .collect();
    format!("not enough stock: {}", books.join(", "))
}

fn encode_cursor(at: NaiveDateTime, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{id}", at.and_utc().timestamp_micros()))
}

fn decode_cursor(raw: &str) -> Result<(NaiveDateTime, String), OrderError> {
    let bad = || OrderError::field("cursor", "is not a cursor this list gave out");
    let text = URL_SAFE_NO_PAD
        .decode(raw)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(bad)?;
    let (micros, id) = text.split_once('|').ok_or_else(bad)?;
    let micros: i64 = micros.parse().map_err(|_| bad())?;
    Uuid::parse_str(id).map_err(|_| bad())?;
    let at = chrono::DateTime::from_timestamp_micros(micros)
        .ok_or_else(bad)?
        .naive_utc();
    Ok((at, id.to_owned()))
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let at = store::now();
        let id = Uuid::now_v7().to_string();
        assert_eq!(decode_cursor(&encode_cursor(at, &id)).unwrap(), (at, id));
        assert!(decode_cursor("nonsense").is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("12|not-a-uuid")).is_err());
    }

    #[test]
    fn order_ids_follow_from_user_and_key() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert_eq!(order_id_for(a, "k"), order_id_for(a, "k"));
        assert_ne!(order_id_for(a, "k"), order_id_for(b, "k"));
        assert_ne!(order_id_for(a, "k"), order_id_for(a, "k2"));
        assert_eq!(order_id_for(a, "k").get_version_num(), 8);
    }

    #[test]
    fn keys_are_required_and_bounded() {
        assert!(check_key(None).is_err());
        assert!(check_key(Some("  ")).is_err());
        assert!(check_key(Some(&"k".repeat(256))).is_err());
        assert_eq!(check_key(Some(" abc ")).unwrap(), "abc");
    }
}
