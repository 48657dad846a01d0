//! The `sandbox_ledger` table: the sandbox provider's own books. Keyed by idempotency key, as
//! a real provider keys its requests: the first answer to a key is the answer forever.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::schema::sandbox_ledger;
use super::{Conn, dispatch};
use crate::error::PaymentError;

/// One ledger entry.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sandbox_ledger)]
pub struct LedgerEntry {
    pub idempotency_key: String,
    /// `charge` or `refund`.
    pub operation: String,
    /// The sandbox's id for the charge or refund.
    pub reference: String,
    pub amount: i64,
    pub currency: String,
    pub card_last4: Option<String>,
    /// `succeeded` or `declined`.
    pub outcome: String,
    pub code: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Records `entry` unless its key is known, and returns what the key stands for: `entry`
/// itself the first time, the first entry ever since. Two racing requests with one key
/// therefore get one answer and one entry.
pub async fn record(conn: &mut Conn<'_>, entry: &LedgerEntry) -> Result<LedgerEntry, PaymentError> {
    dispatch!(conn, |c| {
        diesel::insert_into(sandbox_ledger::table)
            .values(entry)
            .on_conflict(sandbox_ledger::idempotency_key)
            .do_nothing()
            .execute(c)
            .await?
    });
    let key = entry.idempotency_key.clone();
    Ok(dispatch!(conn, |c| {
        sandbox_ledger::table
            .find(&key)
            .select(LedgerEntry::as_select())
            .first(c)
            .await?
    }))
}

/// How many entries of `operation` the ledger holds.
pub async fn count(conn: &mut Conn<'_>, operation: &str) -> Result<i64, PaymentError> {
    Ok(dispatch!(conn, |c| {
        sandbox_ledger::table
            .filter(sandbox_ledger::operation.eq(operation))
            .count()
            .get_result(c)
            .await?
    }))
}
