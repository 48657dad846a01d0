//! The gateway's own probes: `/healthz` (alive) and `/readyz` (every service reachable).

use http::{Method, StatusCode};

use crate::client::{Client, api_error, problem_error};
use crate::error::{Error, Result};
use crate::types::{Health, Readiness};

/// The gateway's probes; from [`Client::health`].
#[derive(Debug, Clone, Copy)]
pub struct HealthApi<'a> {
    client: &'a Client,
}

impl Client {
    /// Liveness and readiness of the gateway and the services behind it.
    pub fn health(&self) -> HealthApi<'_> {
        HealthApi { client: self }
    }
}

impl HealthApi<'_> {
    /// `GET /healthz`: the gateway process answers.
    pub async fn live(&self) -> Result<Health> {
        self.client.call(Method::GET, "healthz").json().await
    }

    /// `GET /readyz`: one check per service. A `503` whose body is a readiness report is an
    /// answer, not an error: [`Readiness::is_ready`] tells which.
    pub async fn ready(&self) -> Result<Readiness> {
        // Retrying a 503 here would only delay the report of what is down.
        let call = self.client.call(Method::GET, "readyz").no_retry();
        let url = call.url().to_owned();
        let response = call.send_raw().await?;
        let status = response.status();
        if !(status.is_success() || status == StatusCode::SERVICE_UNAVAILABLE) {
            return Err(api_error(response).await);
        }
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::from_reqwest(&url, e))?;
        match serde_json::from_slice::<Readiness>(&body) {
            Ok(readiness) => Ok(readiness),
            Err(source) if status.is_success() => Err(Error::Decode {
                url,
                status,
                source,
            }),
            // A 503 without a report comes from something in front of the gateway.
            Err(_) => Err(problem_error(status, &headers, &body)),
        }
    }
}
