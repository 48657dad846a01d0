//! `/healthz` and `/readyz`: the gateway is ready when every service it routes to says it is
//! ready, asked concurrently with a short timeout each.

use std::time::Duration;

use async_trait::async_trait;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bookstore_kit::http::ReadyCheck;
use bookstore_kit::service::ServiceName;

use crate::state::GatewayState;

/// One routed service's own `/readyz`.
pub struct ServiceCheck {
    pub service: ServiceName,
    /// `<base>/readyz`.
    pub url: String,
    pub http: reqwest::Client,
    pub timeout: Duration,
}

#[async_trait]
impl ReadyCheck for ServiceCheck {
    fn name(&self) -> String {
        self.service.as_str().to_owned()
    }

    /// The reason given is public (the gateway's `/readyz` is reachable from outside): it says
    /// what happened, never where the service lives; the log has the rest.
    async fn check(&self) -> Result<(), String> {
        let response = self
            .http
            .get(&self.url)
            .timeout(self.timeout)
            .send()
            .await
            .map_err(|e| {
                tracing::debug!(service = %self.service, error = %e, "readiness check failed");
                if e.is_timeout() {
                    "timed out".to_owned()
                } else {
                    "unreachable".to_owned()
                }
            })?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("answered {}", response.status().as_u16()))
        }
    }
}

/// `GET /healthz`: the gateway process answers.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    responses((status = 200, description = "The gateway is running", body = bookstore_sdk::types::Health))
)]
pub async fn healthz(State(state): State<GatewayState>) -> Response {
    axum::Json(state.readiness.health()).into_response()
}

/// `GET /readyz`: every routed service is ready.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "Every routed service is ready", body = bookstore_sdk::types::Readiness),
        (status = 503, description = "At least one service is not ready; `checks` says which", body = bookstore_sdk::types::Readiness),
    )
)]
pub async fn readyz(State(state): State<GatewayState>) -> Response {
    state.readiness.response().await
}
