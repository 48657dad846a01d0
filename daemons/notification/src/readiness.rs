//! What `/readyz` checks: the database, and the event bus the consumer and the outbox relay
//! use. Not the SMTP server or the SMS provider: while they are down, messages wait in the
//! database and the inbox goes on working, so the service stays ready.

use std::sync::Arc;

use bookstore_kit::db::Db;
use bookstore_kit::events::Bus;
use bookstore_kit::http::Readiness;
use bookstore_kit::http::health::{BusCheck, DatabaseCheck};

/// The notification service's readiness report.
pub fn readiness(db: &Db, bus: Arc<dyn Bus>) -> Readiness {
    Readiness::new(
        "notification",
        vec![Arc::new(DatabaseCheck(db.clone())), Arc::new(BusCheck(bus))],
    )
}
