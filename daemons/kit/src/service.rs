//! What a service is handed when it starts, and where the services are.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::auth::{HttpJwks, Verifier};
use crate::http::{Metrics, ServerOptions};

/// The services of the store, in start order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum ServiceName {
    User,
    Catalog,
    Order,
    Payment,
    Notification,
    Gateway,
}

impl ServiceName {
    pub const ALL: [ServiceName; 6] = [
        ServiceName::User,
        ServiceName::Catalog,
        ServiceName::Order,
        ServiceName::Payment,
        ServiceName::Notification,
        ServiceName::Gateway,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceName::User => "user",
            ServiceName::Catalog => "catalog",
            ServiceName::Order => "order",
            ServiceName::Payment => "payment",
            ServiceName::Notification => "notification",
            ServiceName::Gateway => "gateway",
        }
    }

    /// The port of the contract (`docs/DESIGN.md`).
    pub fn default_port(self) -> u16 {
        match self {
            ServiceName::Gateway => 8080,
            ServiceName::User => 8081,
            ServiceName::Catalog => 8082,
            ServiceName::Order => 8083,
            ServiceName::Payment => 8084,
            ServiceName::Notification => 8085,
        }
    }

    /// `BOOKSTORE_<SERVICE>_<suffix>`.
    pub fn env_var(self, suffix: &str) -> String {
        format!("BOOKSTORE_{}_{suffix}", self.as_str().to_uppercase())
    }
}

impl std::fmt::Display for ServiceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Base URLs by which services reach each other (`BOOKSTORE_<SERVICE>_URL`).
#[derive(Debug, Clone)]
pub struct ServiceUrls {
    urls: std::collections::BTreeMap<ServiceName, String>,
}

impl ServiceUrls {
    pub fn new(urls: impl IntoIterator<Item = (ServiceName, String)>) -> Self {
        ServiceUrls {
            urls: urls
                .into_iter()
                .map(|(s, u)| (s, u.trim_end_matches('/').to_owned()))
                .collect(),
        }
    }

    /// The URL of `service`; the contract's default when none was configured.
    pub fn get(&self, service: ServiceName) -> String {
        self.urls
            .get(&service)
            .cloned()
            .unwrap_or_else(|| format!("http://127.0.0.1:{}", service.default_port()))
    }
}

/// Shared by every service in a process: one HTTP client, one bus connection, one shutdown
/// token (the Singletons of the design, passed around rather than global).
#[derive(Clone)]
pub struct Context {
    pub http: reqwest::Client,
    pub bus: Arc<dyn crate::events::Bus>,
    pub urls: ServiceUrls,
    /// What services present to each other's `/internal/` endpoints.
    pub service_token: crate::auth::ServiceToken,
    pub shutdown: CancellationToken,
    pub server: ServerOptions,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("urls", &self.urls).finish()
    }
}

impl Context {
    /// A verifier that fetches keys from the user service.
    pub fn verifier(&self) -> Arc<Verifier> {
        Arc::new(Verifier::new(Arc::new(HttpJwks::new(
            self.http.clone(),
            &self.urls.get(ServiceName::User),
        ))))
    }

    /// A metrics registry for one service.
    pub fn metrics(&self, service: ServiceName) -> Metrics {
        Metrics::new(service.as_str())
    }
}
