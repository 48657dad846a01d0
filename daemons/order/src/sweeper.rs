//! The saga's clock: orders whose payment is overdue are cancelled (their copies go back),
//! and stock that could not be given back when an order ended is given back now.
//!
//! Both steps are safe with several order processes sweeping at once: cancelling is a
//! conditional update that one of them wins, and releasing is idempotent in the catalog.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use bookstore_sdk::types::OrderStatus;

use crate::events::Cause;
use crate::orders::{Orders, cancel_in};
use crate::store::orders as repo;
use crate::store::{self, parse_uuid};
use crate::{on_conn, unit_of_work};

/// Orders handled per round, so one round stays short under a backlog.
const BATCH: i64 = 100;

/// What one round did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub timed_out: usize,
    pub released: usize,
}

/// Sweeps every `interval` until `shutdown`.
pub fn spawn(orders: Orders, interval: Duration, shutdown: CancellationToken) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(interval) => {}
            }
            match sweep(&orders).await {
                Ok(swept) if swept != Swept::default() => {
                    tracing::info!(?swept, "order sweep");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "order sweep failed; retrying next round"),
            }
        }
    });
}

/// One round.
pub async fn sweep(orders: &Orders) -> Result<Swept, crate::error::OrderError> {
    let mut swept = Swept::default();
    let now = store::now();
    let overdue = on_conn!(&orders.db, |conn| repo::overdue(conn, now, BATCH).await)?;
    let timeout = humantime(orders.payment_timeout);
    for row in overdue {
        let reason = format!("payment timed out: no payment within {timeout}");
        let cancelled = unit_of_work!(&orders.db, |conn| {
            cancel_in(conn, &row, &reason, Cause::PaymentTimeout, false).await
        })?;
        if cancelled {
            swept.timed_out += 1;
            orders.outbox.wake();
            orders
                .metrics
                .entered(OrderStatus::Cancelled, Some(Cause::PaymentTimeout));
            orders
                .metrics
                .settled(row.created_at, OrderStatus::Cancelled);
            tracing::info!(order.id = %row.id, "order cancelled: payment timed out");
        }
    }
    let releasing = on_conn!(&orders.db, |conn| repo::releasing(conn, BATCH).await)?;
    for row in releasing {
        let id = parse_uuid(&row.id)?;
        orders.release_stock(id).await;
        swept.released += 1;
    }
    Ok(swept)
}

/// `10m`, `90s`: how the timeout reads in a reason.
fn humantime(d: Duration) -> String {
    let secs = d.as_secs();
    if secs >= 3600 && secs.is_multiple_of(3600) {
        format!("{}h", secs / 3600)
    } else if secs >= 60 && secs.is_multiple_of(60) {
        format!("{}m", secs / 60)
    } else if secs > 0 {
        format!("{secs}s")
    } else {
        format!("{}ms", d.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::humantime;
    use std::time::Duration;

    #[test]
    fn timeouts_read_in_their_unit() {
        assert_eq!(humantime(Duration::from_secs(600)), "10m");
        assert_eq!(humantime(Duration::from_secs(7200)), "2h");
        assert_eq!(humantime(Duration::from_secs(90)), "90s");
        assert_eq!(humantime(Duration::from_millis(300)), "300ms");
    }
}
