//! What `/readyz` checks: the database, and the event bus the outbox relay publishes to.

use std::sync::Arc;

use bookstore_kit::db::Db;
use bookstore_kit::events::Bus;
use bookstore_kit::http::Readiness;
use bookstore_kit::http::health::{BusCheck, DatabaseCheck};

/// The user service's readiness report.
pub fn readiness(db: &Db, bus: Arc<dyn Bus>) -> Readiness {
    Readiness::new(
        "user",
        vec![Arc::new(DatabaseCheck(db.clone())), Arc::new(BusCheck(bus))],
    )
}
