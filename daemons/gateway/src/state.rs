//! What every gateway handler shares: the route rows in force, the upstream client, the token
//! verifier, the limiter, metrics, readiness and the API document.

use std::sync::Arc;

use bookstore_kit::auth::Verifier;
use bookstore_kit::http::{Metrics, Readiness, ReadyCheck};
use bookstore_kit::service::{ServiceName, ServiceUrls};

use crate::config::GatewayArgs;
use crate::metrics::GatewayMetrics;
use crate::openapi::ApiDocs;
use crate::proxy::Upstreams;
use crate::rate_limit::RateLimiter;
use crate::ready::ServiceCheck;
use crate::routes::{self, Route};

/// The gateway's state; cloning it is cheap.
#[derive(Clone, Debug)]
pub struct GatewayState(Arc<Inner>);

/// The parts of [`GatewayState`].
#[derive(Debug)]
pub struct Inner {
    pub args: GatewayArgs,
    /// The route-table rows of the services routed to.
    pub routes: Vec<&'static Route>,
    /// The services routed to, each once, in start order.
    pub services: Vec<ServiceName>,
    pub upstreams: Upstreams,
    pub verifier: Arc<Verifier>,
    pub limiter: Arc<RateLimiter>,
    pub metrics: Metrics,
    pub gateway_metrics: GatewayMetrics,
    pub readiness: Readiness,
    pub docs: ApiDocs,
}

impl std::ops::Deref for GatewayState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl GatewayState {
    /// A gateway routing to `services` (found through `urls`), verifying tokens with
    /// `verifier`. `http` serves the readiness checks and document fetches, which are off the
    /// request path. `ServiceName::Gateway` and repeats in `services` are ignored, so a daemon
    /// may pass every service it runs.
    pub fn new(
        args: &GatewayArgs,
        services: &[ServiceName],
        urls: &ServiceUrls,
        verifier: Arc<Verifier>,
        http: reqwest::Client,
    ) -> anyhow::Result<GatewayState> {
        let mut services: Vec<ServiceName> = services
            .iter()
            .copied()
            .filter(|s| *s != ServiceName::Gateway)
            .collect();
        services.sort();
        services.dedup();
        let routes = routes::active(&services);
        let upstreams = Upstreams::new(urls, &services)?;
        let base = |service: ServiceName| upstreams.base(service).unwrap_or_default().to_owned();
        let checks = services
            .iter()
            .map(|&service| {
                Arc::new(ServiceCheck {
                    service,
                    url: format!("{}/readyz", base(service)),
                    http: http.clone(),
                    timeout: args.ready_timeout,
                }) as Arc<dyn ReadyCheck>
            })
            .collect();
        let readiness = Readiness::new(ServiceName::Gateway.as_str(), checks);
        let sources = services
            .iter()
            .map(|&service| (service, format!("{}/openapi.json", base(service))))
            .collect();
        let docs = ApiDocs::new(http, sources, routes.clone(), args.ready_timeout);
        let metrics = Metrics::new(ServiceName::Gateway.as_str());
        let gateway_metrics = GatewayMetrics::new(&metrics);
        let limiter = Arc::new(RateLimiter::new(
            args.rate_limit_per_second,
            args.rate_limit_burst,
        ));
        Ok(GatewayState(Arc::new(Inner {
            args: args.clone(),
            routes,
            services,
            upstreams,
            verifier,
            limiter,
            metrics,
            gateway_metrics,
            readiness,
            docs,
        })))
    }
}
