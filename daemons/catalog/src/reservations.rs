//! Stock reservations for orders: reserve (all items or none), commit, release, and the expiry
//! sweep.
//!
//! Why stock can never be oversold: copies are taken by one conditional
//! `UPDATE books SET stock = stock - n WHERE id = ? AND stock >= n` per book, and a
//! reservation succeeds only if every such update hit its row, all inside one transaction.
//! Books are updated in book-id order, so two reservations sharing books lock them in the
//! same order and cannot deadlock on PostgreSQL; SQLite admits one writer at a time.
//!
//! Lifecycle: `reserved` → `committed` (the order was paid; the copies are sold) or
//! `released` (copies back in stock). Releasing a committed reservation also gives its copies
//! back: that is what cancelling a paid order means for stock. Every transition is idempotent:
//! repeating it answers the reservation as it is. A reservation past its expiry but not yet
//! swept may still be committed (its copies are still held); once released, it cannot be.

use std::time::Duration;

use bookstore_kit::db::Db;
use bookstore_sdk::types::{Reservation, ReservationRequest, ReservationStatus, Unavailable};
use chrono::NaiveDateTime;
use uuid::Uuid;

use crate::error::{CatalogError, Fields};
use crate::store::reservations::{self as repo, ItemRow};
use crate::store::{self, Conn, books};
use crate::{on_conn, unit_of_work};

/// Bounds of a request: lines, copies per line, and how long a hold may last.
const MAX_LINES: usize = 100;
const MAX_QUANTITY: i64 = 1000;
const MAX_TTL_SECS: u64 = 7 * 86_400;
/// Takes of one line before it counts as unavailable, when its stock keeps coming back.
const TAKE_TRIES: usize = 3;

/// `POST /internal/reservations`: the reservation and whether this call created it (`false`
/// when the order already had one, which is returned whatever the items asked now).
pub async fn reserve(
    db: &Db,
    request: &ReservationRequest,
    default_ttl: Duration,
) -> Result<(Reservation, bool), CatalogError> {
    let lines = validate(request)?;
    let ttl = request.ttl_secs.map_or(default_ttl, Duration::from_secs);
    let order_id = request.order_id;
    let (reservation, created) = unit_of_work!(db, |conn| {
        let now = store::now();
        let expires_at = store::after(now, ttl);
        if !repo::claim(conn, order_id, expires_at, now).await? {
            let existing = repo::find(conn, order_id)
                .await?
                .ok_or(CatalogError::NotFound("reservation"))?;
            return Ok((existing, false));
        }
        // The lines are written before any copies are taken, and taking them is the last
        // thing before the commit: a book's row stays locked from its take to the commit, and
        // a bestseller's row is what every concurrent order waits for.
        let items = priced(conn, order_id, &lines).await?;
        repo::insert_items(conn, &items).await?;
        take_all(conn, &lines).await?;
        Ok((reserved(order_id, items, expires_at)?, true))
    })?;
    if created {
        tracing::info!(order.id = %order_id, lines = lines.len(), "stock reserved");
    }
    Ok((reservation, created))
}

/// One requested line: the index it had in the request, the book and the copies.
struct Line {
    index: usize,
    book_id: String,
    quantity: i64,
}

/// The request's lines in book-id order, repeated books merged.
fn validate(request: &ReservationRequest) -> Result<Vec<Line>, CatalogError> {
    let mut fields = Fields::default();
    if request.items.is_empty() {
        fields.push("items", "must list at least one book");
    }
    if request.items.len() > MAX_LINES {
        fields.push("items", format!("must list at most {MAX_LINES} books"));
    }
    if let Some(ttl) = request.ttl_secs
        && !(1..=MAX_TTL_SECS).contains(&ttl)
    {
        fields.push("ttl_secs", format!("must be between 1 and {MAX_TTL_SECS}"));
    }
    let mut lines: Vec<Line> = Vec::new();
    for (index, item) in request.items.iter().enumerate() {
        if !(1..=MAX_QUANTITY).contains(&item.quantity) {
            fields.push(
                &format!("items[{index}].quantity"),
                format!("must be between 1 and {MAX_QUANTITY}"),
            );
            continue;
        }
        let book_id = item.book_id.to_string();
        match lines.iter_mut().find(|l| l.book_id == book_id) {
            Some(line) => line.quantity += item.quantity,
            None => lines.push(Line {
                index,
                book_id,
                quantity: item.quantity,
            }),
        }
    }
    fields.finish()?;
    lines.sort_by(|a, b| a.book_id.cmp(&b.book_id));
    Ok(lines)
}

/// The reservation's lines at the books' current titles and prices, in book-id order; a line
/// whose book does not exist is left out (taking its copies fails and names it).
async fn priced(
    conn: &mut Conn<'_>,
    order_id: Uuid,
    lines: &[Line],
) -> Result<Vec<ItemRow>, CatalogError> {
    let ids: Vec<&str> = lines.iter().map(|l| l.book_id.as_str()).collect();
    let books = books::priced(conn, &ids).await?;
    Ok(lines
        .iter()
        .filter_map(|line| {
            let book = books.iter().find(|b| b.id == line.book_id)?;
            Some(ItemRow {
                order_id: order_id.to_string(),
                book_id: line.book_id.clone(),
                quantity: line.quantity,
                unit_price_amount: book.price_amount,
                currency: book.currency.clone(),
                title: book.title.clone(),
            })
        })
        .collect())
}

/// A just-made reservation, as [`repo::find`] would read it back.
fn reserved(
    order_id: Uuid,
    items: Vec<ItemRow>,
    expires_at: NaiveDateTime,
) -> Result<Reservation, CatalogError> {
    let row = repo::ReservationRow {
        order_id,
        status: repo::status_str(ReservationStatus::Reserved).to_owned(),
        expires_at,
    };
    repo::assemble(row, items)
}

/// Takes every line's copies, in book-id order, or fails with all the lines that cannot be had.
async fn take_all(conn: &mut Conn<'_>, lines: &[Line]) -> Result<(), CatalogError> {
    let mut unavailable: Vec<(usize, Unavailable)> = Vec::new();
    for line in lines {
        // After a first failure the transaction will roll back: only look, to report every
        // line that cannot be had.
        let mut available = None;
        if unavailable.is_empty() {
            // The stock read after a failed take can be back up (a release committed in
            // between): then take again, a few times, rather than report stock that is there.
            for _ in 0..TAKE_TRIES {
                if books::take_stock(conn, &line.book_id, line.quantity).await? {
                    available = None;
                    break;
                }
                let now = books::stock_of(conn, &line.book_id).await?.unwrap_or(0);
                available = Some(now);
                if now < line.quantity {
                    break;
                }
            }
            if available.is_none() {
                continue;
            }
        }
        let available = match available {
            // This line's take failed: it is unavailable, whatever the stock reads now, and
            // never left out of a reservation that goes ahead without it.
            Some(seen) => seen,
            // Only looking, after another line failed: report it if it could not be had.
            None => {
                let now = books::stock_of(conn, &line.book_id).await?.unwrap_or(0);
                if now >= line.quantity {
                    continue;
                }
                now
            }
        };
        unavailable.push((
            line.index,
            Unavailable {
                book_id: books::parse_id(&line.book_id)?,
                requested: line.quantity,
                available,
            },
        ));
    }
    if unavailable.is_empty() {
        Ok(())
    } else {
        unavailable.sort_by_key(|(index, _)| *index);
        Err(CatalogError::OutOfStock(unavailable))
    }
}

/// `GET /internal/reservations/{order_id}`.
pub async fn get(db: &Db, order_id: Uuid) -> Result<Reservation, CatalogError> {
    on_conn!(db, |conn| repo::find(conn, order_id).await)?
        .ok_or(CatalogError::NotFound("reservation"))
}

/// `POST .../commit`: reserved → committed; again is a no-op; a released one is a 409.
///
/// One conditional UPDATE decides, outside any transaction: what it returns is the status it
/// set, and a reservation's lines never change, so nothing read after it can contradict it.
pub async fn commit(db: &Db, order_id: Uuid) -> Result<Reservation, CatalogError> {
    use ReservationStatus::Committed;
    on_conn!(db, |conn| {
        if let Some(row) = repo::commit(conn, order_id, store::now()).await? {
            tracing::info!(order.id = %order_id, "reservation committed");
            let items = repo::items(conn, order_id).await?;
            return repo::assemble(row, items);
        }
        let reservation = repo::find(conn, order_id)
            .await?
            .ok_or(CatalogError::NotFound("reservation"))?;
        match reservation.status {
            Committed => Ok(reservation),
            other => Err(CatalogError::ReservationClosed(other)),
        }
    })
}

/// `POST .../release`: reserved or committed → released, the copies back in stock; again is
/// a no-op.
pub async fn release(db: &Db, order_id: Uuid) -> Result<Reservation, CatalogError> {
    use ReservationStatus::{Committed, Released, Reserved};
    unit_of_work!(db, |conn| {
        let from = [Reserved, Committed];
        if repo::transition(conn, order_id, &from, Released, None, store::now()).await? {
            give_back(conn, order_id).await?;
            tracing::info!(order.id = %order_id, "reservation released");
        }
        repo::find(conn, order_id)
            .await?
            .ok_or(CatalogError::NotFound("reservation"))
    })
}

async fn give_back(conn: &mut Conn<'_>, order_id: Uuid) -> Result<(), CatalogError> {
    // Items come in book-id order: the same lock order as reserving.
    for item in repo::items(conn, order_id).await? {
        books::give_back(conn, &item.book_id, item.quantity).await?;
    }
    Ok(())
}

/// Releases every reservation that expired before `now`; returns how many. Safe with several
/// replicas sweeping at once: each release is a conditional transition, so exactly one of
/// them gives the copies back.
pub async fn sweep(db: &Db, now: NaiveDateTime) -> Result<usize, CatalogError> {
    const BATCH: i64 = 100;
    let mut released = 0;
    loop {
        let due = on_conn!(db, |conn| repo::expired(conn, now, BATCH).await)?;
        let mut moved_any = false;
        for order_id in &due {
            let moved = unit_of_work!(db, |conn| {
                let moved = repo::transition(
                    conn,
                    *order_id,
                    &[ReservationStatus::Reserved],
                    ReservationStatus::Released,
                    Some(now),
                    store::now(),
                )
                .await?;
                if moved {
                    give_back(conn, *order_id).await?;
                }
                Ok(moved)
            })?;
            if moved {
                released += 1;
                moved_any = true;
                tracing::info!(order.id = %order_id, "expired reservation released");
            }
        }
        // A short batch is the last; a batch where others released everything is too.
        if (due.len() as i64) < BATCH || !moved_any {
            return Ok(released);
        }
    }
}

/// Runs [`sweep`] every `interval` until `shutdown`. A failed sweep is logged and retried at
/// the next tick.
pub fn spawn_sweep(
    db: Db,
    interval: Duration,
    shutdown: tokio_util::sync::CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            // Only the wait races the shutdown, never a transaction (see `transaction!`).
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(interval) => {}
            }
            if let Err(e) = sweep(&db, store::now()).await {
                tracing::warn!(error = %e, "the reservation expiry sweep failed");
            }
        }
    })
}
