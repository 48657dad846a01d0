//! Token signing keys: created on first start, kept in the database so every replica signs
//! with the same key, and published as JWKS for everyone who verifies.

use std::time::Duration;

use async_trait::async_trait;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bookstore_kit::auth::{Jwk, JwkSet, KeyPair, KeySource};
use bookstore_kit::db::Db;

use crate::error::UserError;
use crate::store::signing_keys::{self, SigningKeyRow};

/// The key to sign with, creating one when the database has none.
///
/// Two replicas starting at once on PostgreSQL may each create a key; both then sign with the
/// oldest one, and both keys are published, so nothing breaks. (SQLite transactions are
/// serialised, so there only one key is ever created.)
pub async fn ensure_signing_key(db: &Db) -> Result<KeyPair, UserError> {
    let existing = crate::on_conn!(db, |conn| signing_keys::current(conn).await)?;
    if existing.is_none() {
        let pair = KeyPair::generate().map_err(anyhow::Error::msg)?;
        crate::unit_of_work!(db, |conn| {
            if signing_keys::current(conn).await?.is_none() {
                signing_keys::insert(
                    conn,
                    &SigningKeyRow {
                        kid: pair.kid.clone(),
                        pkcs8: STANDARD.encode(pair.pkcs8()),
                        created_at: crate::store::now(),
                        retired_at: None,
                    },
                )
                .await?;
                tracing::info!(kid = %pair.kid, "created a token signing key");
            }
            Ok(())
        })?;
    }
    let row = crate::on_conn!(db, |conn| signing_keys::current(conn).await)?
        .ok_or_else(|| anyhow::anyhow!("no signing key after creating one"))?;
    decode(&row)
}

fn decode(row: &SigningKeyRow) -> Result<KeyPair, UserError> {
    let der = STANDARD
        .decode(&row.pkcs8)
        .map_err(|e| anyhow::anyhow!("signing key {} is not base64: {e}", row.kid))?;
    Ok(KeyPair::from_pkcs8(&row.kid, &der).map_err(anyhow::Error::msg)?)
}

/// The public keys verifiers need: every key in use, and retired ones for `grace` after their
/// retirement (tokens they signed are still valid that long).
pub async fn published(db: &Db, grace: Duration) -> Result<JwkSet, UserError> {
    let now = crate::store::now();
    let since = chrono::Duration::from_std(grace)
        .ok()
        .and_then(|grace| now.checked_sub_signed(grace))
        .unwrap_or(chrono::NaiveDateTime::MIN);
    let rows = crate::on_conn!(db, |conn| signing_keys::published(conn, since).await)?;
    let keys = rows
        .iter()
        .map(|row| decode(row).map(|pair| pair.jwk()))
        .collect::<Result<Vec<Jwk>, _>>()?;
    Ok(JwkSet { keys })
}

/// The user service verifies tokens against its own database rather than its own JWKS URL:
/// no request to itself, and a key another replica created is found on first sight.
pub struct StoreKeys {
    pub db: Db,
    pub grace: Duration,
}

#[async_trait]
impl KeySource for StoreKeys {
    async fn fetch(&self) -> Result<Vec<Jwk>, String> {
        published(&self.db, self.grace)
            .await
            .map(|set| set.keys)
            .map_err(|e| e.to_string())
    }
}
