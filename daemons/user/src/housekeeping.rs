//! Forgetting what no request can use any more: sessions whose every refresh token has
//! expired (without it the table grows by a row per login and refresh, forever), and signing
//! keys retired so long ago that no valid token names them.

use std::time::Duration;

use bookstore_kit::db::Db;
use chrono::NaiveDateTime;
use tokio_util::sync::CancellationToken;

use crate::error::UserError;
use crate::on_conn;
use crate::store::{self, refresh_tokens, signing_keys};

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

/// Deletes the signing keys retired more than `grace` (the longest a token they signed can
/// live) before `now`; returns their ids.
pub async fn purge_retired_keys(
    db: &Db,
    grace: Duration,
    now: NaiveDateTime,
) -> Result<Vec<String>, UserError> {
    let cutoff = chrono::TimeDelta::from_std(grace)
        .ok()
        .and_then(|grace| now.checked_sub_signed(grace))
        .unwrap_or(NaiveDateTime::MIN);
    on_conn!(db, |conn| signing_keys::delete_retired_before(conn, cutoff)
        .await)
}

/// Purges every [`EVERY`] until `shutdown`; several replicas doing so at once is harmless.
/// `key_grace` is how long a retired key stays published.
pub fn spawn(db: Db, key_grace: Duration, shutdown: CancellationToken) {
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
            match purge_retired_keys(&db, key_grace, store::now()).await {
                Ok(kids) if kids.is_empty() => {}
                Ok(kids) => tracing::info!(?kids, "deleted retired signing keys"),
                Err(e) => tracing::warn!(error = %e, "deleting retired signing keys failed"),
            }
        }
    });
}
