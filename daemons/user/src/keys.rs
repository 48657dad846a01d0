//! Token signing keys: created on first start, kept in the database so every replica signs
//! with the same key, and published as JWKS for everyone who verifies.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bookstore_kit::auth::{Jwk, JwkSet, KeyPair, KeySource, Signer};
use bookstore_kit::db::Db;

use crate::error::UserError;
use crate::store::Conn;
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

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// The key that signs from now on.
    pub kid: String,
    /// The keys it replaces: published for one access-token lifetime more, then dropped.
    pub retired: Vec<String>,
}

/// Replaces the signing key: a new key signs every token issued after this commits, on every
/// replica (each reads the current key id as it signs); the old keys stay published while
/// tokens they signed can be valid, so nobody is logged out.
pub async fn rotate(db: &Db) -> Result<Rotation, UserError> {
    let pair = KeyPair::generate().map_err(anyhow::Error::msg)?;
    let now = crate::store::now();
    let retired = crate::unit_of_work!(db, |conn| {
        signing_keys::insert(
            conn,
            &SigningKeyRow {
                kid: pair.kid.clone(),
                pkcs8: STANDARD.encode(pair.pkcs8()),
                created_at: now,
                retired_at: None,
            },
        )
        .await?;
        signing_keys::retire_others(conn, &pair.kid, now).await
    })?;
    tracing::info!(kid = %pair.kid, ?retired, "rotated the token signing key");
    Ok(Rotation {
        kid: pair.kid,
        retired,
    })
}

/// The signer of the key currently in use. Asked on each token issued, with the issuing
/// transaction's connection: one read of the key id (a table of a few rows), and the key is
/// decoded only when it changed, so a rotation takes effect at once without a restart.
#[derive(Debug)]
pub struct CurrentSigner {
    held: Mutex<Arc<Signer>>,
}

impl CurrentSigner {
    pub fn new(pair: &KeyPair) -> CurrentSigner {
        CurrentSigner {
            held: Mutex::new(Arc::new(Signer::new(pair))),
        }
    }

    pub async fn get(&self, conn: &mut Conn<'_>) -> Result<Arc<Signer>, UserError> {
        let held = self.held();
        let Some(kid) = signing_keys::current_kid(conn).await? else {
            // Every key retired by hand: keep signing with the last one rather than fail
            // every login; `bookstored rotate-signing-key` makes a new one.
            return Ok(held);
        };
        if held.kid() == kid {
            return Ok(held);
        }
        let row = signing_keys::find(conn, &kid)
            .await?
            .ok_or_else(|| anyhow::anyhow!("signing key {kid} vanished"))?;
        let signer = Arc::new(Signer::new(&decode(&row)?));
        *self
            .held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = signer.clone();
        tracing::info!(%kid, "signing with a new key");
        Ok(signer)
    }

    fn held(&self) -> Arc<Signer> {
        self.held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
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
