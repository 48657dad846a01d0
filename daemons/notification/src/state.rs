//! What every handler can reach.

use std::sync::Arc;
use std::time::Duration;

use bookstore_kit::auth::Verifier;
use bookstore_kit::db::Db;
use bookstore_kit::http::{Metrics, Readiness, ServerOptions};
use tokio_util::sync::CancellationToken;

use crate::hub::Hub;
use crate::notify::Notifier;
use crate::promotions::Promotions;
use crate::unsubscribe::Links;

/// The notification service's shared state. Cloning shares it.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub notifier: Notifier,
    pub promotions: Promotions,
    pub hub: Hub,
    pub links: Links,
    /// How often live streams send a keep-alive.
    pub heartbeat: Duration,
    /// Ends live streams when the service stops.
    pub shutdown: CancellationToken,
    /// Verifies access tokens against the user service's published keys.
    pub verifier: Arc<Verifier>,
    pub metrics: Metrics,
    pub readiness: Readiness,
    pub server: ServerOptions,
}
