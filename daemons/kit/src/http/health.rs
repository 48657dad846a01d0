//! `/healthz` (the process answers) and `/readyz` (what it depends on answers).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bookstore_sdk::types::{Check, CheckStatus, Health};

/// One dependency that `/readyz` checks.
#[async_trait]
pub trait ReadyCheck: Send + Sync {
    /// The name in the readiness report (`database`, `broker`, a service name).
    fn name(&self) -> String;
    /// `Err` with a reason when the dependency does not answer.
    async fn check(&self) -> Result<(), String>;
}

/// How long one check may take before it counts as down.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// What a service's `/healthz` and `/readyz` report.
#[derive(Clone)]
pub struct Readiness {
    service: String,
    checks: Arc<Vec<Arc<dyn ReadyCheck>>>,
}

impl std::fmt::Debug for Readiness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Readiness({})", self.service)
    }
}

impl Readiness {
    pub fn new(service: &str, checks: Vec<Arc<dyn ReadyCheck>>) -> Self {
        Readiness {
            service: service.to_owned(),
            checks: Arc::new(checks),
        }
    }

    pub fn health(&self) -> Health {
        Health {
            status: "ok".into(),
            service: self.service.clone(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }

    /// Runs every check concurrently, each bounded by a timeout.
    pub async fn report(&self) -> bookstore_sdk::types::Readiness {
        let runs = self.checks.iter().map(|c| async move {
            let start = Instant::now();
            let outcome = tokio::time::timeout(CHECK_TIMEOUT, c.check()).await;
            let latency_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
            let (status, detail) = match outcome {
                Ok(Ok(())) => (CheckStatus::Up, None),
                Ok(Err(reason)) => (CheckStatus::Down, Some(reason)),
                Err(_) => (CheckStatus::Down, Some("timed out".to_owned())),
            };
            (
                c.name(),
                Check {
                    status,
                    detail,
                    latency_ms,
                },
            )
        });
        let checks: BTreeMap<String, Check> = futures_util::future::join_all(runs)
            .await
            .into_iter()
            .collect();
        let ready = checks.values().all(|c| c.status == CheckStatus::Up);
        bookstore_sdk::types::Readiness {
            status: if ready { "ready" } else { "unavailable" }.into(),
            service: self.service.clone(),
            checks,
        }
    }

    /// `/readyz` as a response: 200 when ready, 503 otherwise, with the report either way.
    pub async fn response(&self) -> Response {
        let report = self.report().await;
        let status = if report.is_ready() {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        };
        (status, axum::Json(report)).into_response()
    }
}

/// The database check every service with a database has.
pub struct DatabaseCheck(pub crate::db::Db);

#[async_trait]
impl ReadyCheck for DatabaseCheck {
    fn name(&self) -> String {
        "database".into()
    }
    async fn check(&self) -> Result<(), String> {
        self.0.ping().await.map_err(|e| e.to_string())
    }
}

/// The broker check every service that publishes or consumes events has: the broker is
/// connected, or the in-process bus is up.
pub struct BusCheck(pub std::sync::Arc<dyn crate::events::Bus>);

#[async_trait]
impl ReadyCheck for BusCheck {
    fn name(&self) -> String {
        "broker".into()
    }
    async fn check(&self) -> Result<(), String> {
        self.0.ping().await.map_err(|e| e.to_string())
    }
}
