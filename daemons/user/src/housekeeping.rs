//! Forgetting what no request can use any more: sessions whose every refresh token has
//! expired. Without it the table grows by a row per login and refresh, forever.

use std::time::Duration;

use bookstore_kit::db::Db;
use chrono::NaiveDateTime;
use tokio_util::sync::CancellationToken;

use crate::error::UserError;
use crate::on_conn;
use crate::store::{self, refresh_tokens};

/// How often expired sessions are looked for: rows wait at most this long past their expiry.
const EVERY: Duration = Duration::from_secs(3600);
/// Sessions deleted per statement, so a large backlog never makes one long transaction.
const BATCH: i64 = 500;

/// Deletes the sessions that were over by `now`; returns how many tokens went.
pub async fn purge_expired_sessions(db: &Db, now: NaiveDateTime) -> Result<usize, UserError> {
    let mut deleted = 0;
    loop {
        let n = on_conn!(db, |conn| refresh_tokens::purge_expired(conn, now, BATCH)
            .await)?;
        if n == 0 {
            return Ok(deleted);
        }
        deleted += n;
    }
}

/// Purges every [`EVERY`] until `shutdown`; several replicas doing so at once is harmless.
pub fn spawn(db: Db, shutdown: CancellationToken) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(EVERY) => {}
            }
            match purge_expired_sessions(&db, store::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "purged the tokens of expired sessions"),
                Err(e) => {
                    tracing::warn!(error = %e, "purging expired sessions failed; retrying next round")
                }
            }
        }
    });
}
