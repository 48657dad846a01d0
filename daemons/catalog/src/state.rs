//! What every handler can reach: the database, the token verifier, the service token, the
//! reservation settings and the search cache.

use std::sync::Arc;
use std::time::Duration;

use bookstore_kit::auth::{ServiceToken, Verifier};
use bookstore_kit::db::Db;
use bookstore_kit::http::{Metrics, Readiness, ServerOptions};

use crate::search_cache::SearchCache;

/// The catalog service's shared state. Cloning shares it.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    /// Verifies access tokens against the user service's published keys.
    pub verifier: Arc<Verifier>,
    /// What `/internal/` callers must present.
    pub service_token: ServiceToken,
    /// How long a reservation holds its copies when the request does not say.
    pub reservation_ttl: Duration,
    /// Pages of `GET /books` kept in memory; every write of catalog content moves on its
    /// generation ([`SearchCache::write`]).
    pub search_cache: Arc<SearchCache>,
    pub metrics: Metrics,
    pub readiness: Readiness,
    pub server: ServerOptions,
}
