//! What every handler can reach: the order rules (database, catalog, outbox) and the token
//! verifier.

use std::sync::Arc;

use bookstore_kit::auth::Verifier;
use bookstore_kit::http::{Metrics, Readiness, ServerOptions};

use crate::orders::Orders;

/// The order service's shared state. Cloning shares it.
#[derive(Clone, Debug)]
pub struct AppState {
    pub orders: Orders,
    /// Verifies access tokens against the user service's published keys.
    pub verifier: Arc<Verifier>,
    pub metrics: Metrics,
    pub readiness: Readiness,
    pub server: ServerOptions,
}
