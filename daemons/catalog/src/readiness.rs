//! What `/readyz` checks: the database. The catalog publishes and consumes no events, so the
//! broker is not among its dependencies.

use std::sync::Arc;

use bookstore_kit::db::Db;
use bookstore_kit::http::Readiness;
use bookstore_kit::http::health::DatabaseCheck;

/// The catalog service's readiness report.
pub fn readiness(db: &Db) -> Readiness {
    Readiness::new("catalog", vec![Arc::new(DatabaseCheck(db.clone()))])
}
