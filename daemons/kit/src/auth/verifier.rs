//! Verifying access tokens against the user service's public keys.
//!
//! Verifying an EdDSA signature costs tens of microseconds, more than forwarding a request, so
//! verified tokens are cached until they expire or the key set changes.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};

use super::claims::{AUDIENCE, Claims, ISSUER};
use super::jwk::{Jwk, JwkSet};

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("no bearer token")]
    Missing,
    #[error("the token has expired")]
    Expired,
    #[error("the token was signed with an unknown key")]
    UnknownKey,
    #[error("the token is invalid: {0}")]
    Invalid(String),
    /// The keys could not be fetched: the caller should answer 503, not 401.
    #[error("signing keys are unavailable: {0}")]
    KeysUnavailable(String),
}

/// Where the public keys come from.
#[async_trait]
pub trait KeySource: Send + Sync {
    async fn fetch(&self) -> Result<Vec<Jwk>, String>;
}

/// The user service's `/.well-known/jwks.json` over HTTP.
pub struct HttpJwks {
    url: String,
    client: reqwest::Client,
}

impl HttpJwks {
    /// `user_service_url` is the user service's base URL.
    pub fn new(client: reqwest::Client, user_service_url: &str) -> HttpJwks {
        HttpJwks {
            url: format!(
                "{}/.well-known/jwks.json",
                user_service_url.trim_end_matches('/')
            ),
            client,
        }
    }
}

#[async_trait]
impl KeySource for HttpJwks {
    async fn fetch(&self) -> Result<Vec<Jwk>, String> {
        let response = self
            .client
            .get(&self.url)
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .map_err(|e| format!("GET {}: {e}", self.url))?;
        if !response.status().is_success() {
            return Err(format!("GET {}: {}", self.url, response.status()));
        }
        let set: JwkSet = response
            .json()
            .await
            .map_err(|e| format!("GET {}: {e}", self.url))?;
        Ok(set.keys)
    }
}

/// A fixed key set (the user service's own keys, tests).
pub struct StaticKeys(pub RwLock<Vec<Jwk>>);

#[async_trait]
impl KeySource for StaticKeys {
    async fn fetch(&self) -> Result<Vec<Jwk>, String> {
        self.0
            .read()
            .map(|k| k.clone())
            .map_err(|_| "key store poisoned".to_owned())
    }
}

/// Refetching on an unknown key id is rate limited so that a flood of forged tokens cannot turn
/// into a flood of JWKS requests.
const MIN_REFRESH_INTERVAL: Duration = Duration::from_secs(5);
/// Bound on the verified-token cache; it is emptied when full.
const CACHE_CAPACITY: usize = 50_000;

/// Verifies access tokens: signature (algorithm taken from the key, never from the token),
/// expiry, issuer and audience.
pub struct Verifier {
    source: Arc<dyn KeySource>,
    keys: RwLock<HashMap<String, DecodingKey>>,
    last_refresh: tokio::sync::Mutex<Option<Instant>>,
    verified: RwLock<HashMap<u64, Verified>>,
    /// Keyed (randomly per process) hashes of a token's signature, the cache's keys.
    hasher: std::collections::hash_map::RandomState,
    validation: Validation,
}

/// A verified token, whole, and what it says. Shared, so a cache hit copies nothing.
struct Verified {
    token: Box<str>,
    claims: Arc<Claims>,
}

/// How much of a token's end the cache hashes: its signature, which differs between any two
/// tokens, so hashing the header and claims before it as well would only cost time. A hit is
/// still compared against the whole token.
const HASHED_SUFFIX: usize = 32;

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier")
    }
}

impl Verifier {
    pub fn new(source: Arc<dyn KeySource>) -> Verifier {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Verifier {
            source,
            keys: RwLock::new(HashMap::new()),
            last_refresh: tokio::sync::Mutex::new(None),
            verified: RwLock::new(HashMap::new()),
            hasher: Default::default(),
            validation,
        }
    }

    /// The claims of a valid token.
    pub async fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        self.verify_shared(token).await.map(Arc::unwrap_or_clone)
    }

    /// [`Verifier::verify`] without copying the claims out of the cache.
    pub async fn verify_shared(&self, token: &str) -> Result<Arc<Claims>, AuthError> {
        let now = chrono::Utc::now().timestamp();
        if let Some(claims) = self.cached(token) {
            if claims.exp > now {
                return Ok(claims);
            }
            return Err(AuthError::Expired);
        }
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| AuthError::Invalid(format!("malformed token: {e}")))?;
        let kid = header
            .kid
            .ok_or_else(|| AuthError::Invalid("the token names no key (kid)".into()))?;
        // Every published key is Ed25519; a token claiming another algorithm is refused before
        // any key is consulted.
        if header.alg != Algorithm::EdDSA {
            return Err(AuthError::Invalid(format!(
                "algorithm {:?} is not accepted",
                header.alg
            )));
        }
        let key = match self.key(&kid) {
            Some(key) => key,
            None => {
                self.refresh().await?;
                self.key(&kid).ok_or(AuthError::UnknownKey)?
            }
        };
        let data = jsonwebtoken::decode::<Claims>(token, &key, &self.validation).map_err(|e| {
            match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::Expired,
                jsonwebtoken::errors::ErrorKind::InvalidIssuer => {
                    AuthError::Invalid("wrong issuer".into())
                }
                jsonwebtoken::errors::ErrorKind::InvalidAudience => {
                    AuthError::Invalid("wrong audience".into())
                }
                jsonwebtoken::errors::ErrorKind::InvalidSignature => {
                    AuthError::Invalid("bad signature".into())
                }
                other => AuthError::Invalid(format!("{other:?}")),
            }
        })?;
        let claims = Arc::new(data.claims);
        self.remember(token, &claims);
        Ok(claims)
    }

    /// Forgets every key and cached verification; the next token refetches the key set.
    pub fn invalidate(&self) {
        if let Ok(mut keys) = self.keys.write() {
            keys.clear();
        }
        if let Ok(mut cache) = self.verified.write() {
            cache.clear();
        }
    }

    fn cache_key(&self, token: &str) -> u64 {
        let bytes = token.as_bytes();
        self.hasher
            .hash_one(&bytes[bytes.len().saturating_sub(HASHED_SUFFIX)..])
    }

    fn cached(&self, token: &str) -> Option<Arc<Claims>> {
        let cache = self.verified.read().ok()?;
        let hit = cache.get(&self.cache_key(token))?;
        // Another token with the same signature is a forgery; the same hash for different
        // signatures is chance. Either way it is verified like an unseen token.
        (*hit.token == *token).then(|| hit.claims.clone())
    }

    fn remember(&self, token: &str, claims: &Arc<Claims>) {
        let key = self.cache_key(token);
        if let Ok(mut cache) = self.verified.write() {
            if cache.len() >= CACHE_CAPACITY {
                cache.clear();
            }
            cache.insert(
                key,
                Verified {
                    token: token.into(),
                    claims: claims.clone(),
                },
            );
        }
    }

    fn key(&self, kid: &str) -> Option<DecodingKey> {
        self.keys.read().ok()?.get(kid).cloned()
    }

    async fn refresh(&self) -> Result<(), AuthError> {
        let mut last = self.last_refresh.lock().await;
        if last.is_some_and(|t| t.elapsed() < MIN_REFRESH_INTERVAL) {
            return Ok(());
        }
        let fetched = self
            .source
            .fetch()
            .await
            .map_err(AuthError::KeysUnavailable)?;
        *last = Some(Instant::now());
        let mut fresh = HashMap::new();
        for jwk in fetched {
            if jwk.kty != "OKP" || jwk.crv.as_deref() != Some("Ed25519") {
                continue;
            }
            if let Some(x) = jwk.x.as_deref()
                && let Ok(key) = DecodingKey::from_ed_components(x)
            {
                fresh.insert(jwk.kid.clone(), key);
            }
        }
        if let Ok(mut keys) = self.keys.write() {
            let removed = keys.keys().any(|k| !fresh.contains_key(k));
            *keys = fresh;
            // A key withdrawn from the set must stop validating tokens at once.
            if removed && let Ok(mut cache) = self.verified.write() {
                cache.clear();
            }
        }
        Ok(())
    }
}
