//! What every handler can reach: the database, the auth facade and the token verifier.

use std::sync::Arc;
use std::time::Duration;

use bookstore_kit::auth::{ServiceToken, Verifier};
use bookstore_kit::db::Db;
use bookstore_kit::events::OutboxWaker;
use bookstore_kit::http::{Metrics, Readiness, ServerOptions};

use crate::sessions::Sessions;

/// The user service's shared state. Cloning shares it.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    /// The auth facade.
    pub sessions: Sessions,
    /// Verifies access tokens against this service's own signing keys.
    pub verifier: Arc<Verifier>,
    /// How long a retired signing key stays published: as long as a token it signed lives.
    pub key_grace: Duration,
    /// Publishes now what a handler's transaction put in the outbox.
    pub outbox: OutboxWaker,
    /// What other services present to `/internal/` endpoints.
    pub service_token: ServiceToken,
    pub metrics: Metrics,
    pub readiness: Readiness,
    pub server: ServerOptions,
}
