//! What `/readyz` checks: the database, and the event bus the saga depends on.

use std::sync::Arc;

use async_trait::async_trait;
use bookstore_kit::db::Db;
use bookstore_kit::events::Bus;
use bookstore_kit::http::health::DatabaseCheck;
use bookstore_kit::http::{Readiness, ReadyCheck};

/// The bus answers (the broker is connected, or the in-process bus is up).
struct BusCheck(Arc<dyn Bus>);

#[async_trait]
impl ReadyCheck for BusCheck {
    fn name(&self) -> String {
        "broker".into()
    }

    async fn check(&self) -> Result<(), String> {
        self.0.ping().await.map_err(|e| e.to_string())
    }
}

/// The order service's readiness report.
pub fn readiness(db: &Db, bus: Arc<dyn Bus>) -> Readiness {
    Readiness::new(
        "order",
        vec![Arc::new(DatabaseCheck(db.clone())), Arc::new(BusCheck(bus))],
    )
}
