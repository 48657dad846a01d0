//! `GET /openapi.json`: the gateway's own operations plus, merged in, the public paths of every
//! routed service's document, so one document describes the API a client can reach.
//!
//! The services' documents are fetched when asked for and kept for a minute; a service that
//! does not answer is left out (and named under `x-bookstore-missing`), and such a partial
//! document is not kept, so the next request tries again.

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bookstore_kit::service::ServiceName;
use serde_json::{Map, Value};
use utoipa::OpenApi;

use crate::routes::{self, Route};
use crate::state::GatewayState;

/// The gateway's own document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bookstore API",
        description = "The public Bookstore API as served by the gateway: its own operations, and every service's paths under /api/v1."
    ),
    paths(crate::ready::healthz, crate::ready::readyz, metrics, openapi_json),
    tags((name = "operations", description = "Health, readiness, metrics and this document"))
)]
struct GatewayDoc;

/// How long a complete merged document is served before the services are asked again.
const CACHE_FOR: Duration = Duration::from_secs(60);

/// The merged document and the services it is made from.
pub struct ApiDocs {
    http: reqwest::Client,
    /// Each routed service with its document's URL.
    sources: Vec<(ServiceName, String)>,
    routes: Vec<&'static Route>,
    timeout: Duration,
    /// Behind an async mutex so that concurrent requests share one round of fetches.
    cache: tokio::sync::Mutex<Option<(Instant, Value)>>,
}

impl std::fmt::Debug for ApiDocs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiDocs")
            .field("sources", &self.sources)
            .finish()
    }
}

impl ApiDocs {
    pub fn new(
        http: reqwest::Client,
        sources: Vec<(ServiceName, String)>,
        routes: Vec<&'static Route>,
        timeout: Duration,
    ) -> ApiDocs {
        ApiDocs {
            http,
            sources,
            routes,
            timeout,
            cache: tokio::sync::Mutex::new(None),
        }
    }

    /// The merged document.
    pub async fn document(&self) -> Value {
        let mut cache = self.cache.lock().await;
        if let Some((at, doc)) = cache.as_ref()
            && at.elapsed() < CACHE_FOR
        {
            return doc.clone();
        }
        let fetches = self
            .sources
            .iter()
            .map(|(service, url)| async move { (*service, self.fetch(*service, url).await) });
        let fetched = futures_util::future::join_all(fetches).await;
        let mut doc = own_document();
        let mut missing = Vec::new();
        for (service, result) in fetched {
            match result {
                Some(other) => merge(&mut doc, &self.routes, service, &other),
                None => missing.push(Value::from(service.as_str())),
            }
        }
        if missing.is_empty() {
            *cache = Some((Instant::now(), doc.clone()));
        } else if let Some(root) = doc.as_object_mut() {
            root.insert("x-bookstore-missing".into(), Value::Array(missing));
        }
        doc
    }

    async fn fetch(&self, service: ServiceName, url: &str) -> Option<Value> {
        let result = async {
            self.http
                .get(url)
                .timeout(self.timeout)
                .send()
                .await?
                .error_for_status()?
                .json::<Value>()
                .await
        }
        .await;
        result
            .inspect_err(|e| {
                tracing::debug!(service = %service, error = %e, "cannot fetch a service's OpenAPI document");
            })
            .ok()
    }
}

/// The gateway's own document as JSON.
pub fn own_document() -> Value {
    serde_json::to_value(GatewayDoc::openapi()).unwrap_or_else(|_| Value::Object(Map::new()))
}

/// Adds to `doc` the paths of `service`'s document that the gateway routes to that service
/// (so its `/internal/...`, `/healthz` and the like stay out), and the components they use.
/// Where two documents define the same component, the first one merged wins.
pub fn merge(doc: &mut Value, routes: &[&'static Route], service: ServiceName, other: &Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    if let Some(paths) = other.get("paths").and_then(Value::as_object) {
        let target = object_entry(root, "paths");
        for (path, item) in paths {
            let routed_here = routes::lookup(routes, path).is_some_and(|r| r.service == service);
            if routed_here {
                target.entry(path.clone()).or_insert_with(|| item.clone());
            }
        }
    }
    if let Some(components) = other.get("components").and_then(Value::as_object) {
        let target = object_entry(root, "components");
        for (kind, entries) in components {
            let Some(entries) = entries.as_object() else {
                continue;
            };
            let target = object_entry(target, kind);
            for (name, entry) in entries {
                target.entry(name.clone()).or_insert_with(|| entry.clone());
            }
        }
    }
}

/// `map[key]` as an object, created (or replaced, if it was something else) when needed.
fn object_entry<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let slot = map
        .entry(key.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(inner) => inner,
        _ => unreachable!("slot was just made an object"),
    }
}

/// `GET /openapi.json`.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "operations",
    responses((status = 200, description = "This document (OpenAPI 3.1)", content_type = "application/json"))
)]
pub async fn openapi_json(State(state): State<GatewayState>) -> Response {
    axum::Json(state.docs.document().await).into_response()
}

/// `GET /metrics`.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses((status = 200, description = "Prometheus metrics in the OpenMetrics text format", content_type = "application/openmetrics-text"))
)]
pub async fn metrics(State(state): State<GatewayState>) -> Response {
    bookstore_kit::http::metrics::handler(State(state.metrics.clone())).await
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_own_document_lists_the_operations() {
        let doc = own_document();
        for path in ["/healthz", "/readyz", "/metrics", "/openapi.json"] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing");
        }
    }

    #[test]
    fn only_paths_routed_to_the_service_are_merged() {
        let routes = routes::active(&[ServiceName::User, ServiceName::Catalog]);
        let mut doc = own_document();
        let user = json!({
            "paths": {
                "/api/v1/users/me": {"get": {}},
                "/api/v1/auth/login": {"post": {}},
                "/api/v1/books": {"get": {"summary": "not the user service's"}},
                "/internal/keys": {"get": {}},
                "/healthz": {"get": {"summary": "the user service's own"}},
            },
            "components": {"schemas": {"User": {"type": "object"}}},
        });
        merge(&mut doc, &routes, ServiceName::User, &user);
        let paths = &doc["paths"];
        assert!(paths.get("/api/v1/users/me").is_some());
        assert!(paths.get("/api/v1/auth/login").is_some());
        assert!(paths.get("/api/v1/books").is_none());
        assert!(paths.get("/internal/keys").is_none());
        assert_ne!(
            paths["/healthz"]["get"]["summary"],
            "the user service's own"
        );
        assert!(doc["components"]["schemas"].get("User").is_some());
    }
}
