//! Every way the gateway itself refuses or fails a request, rendered as problem+json.
//!
//! Answers that come from a service pass through untouched; these are only the gateway's own.
//! A 5xx never shows its cause (an internal URL, an OS error) to the client: the cause is logged
//! inside the request's span and the problem names at most the service.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bookstore_kit::ApiProblem;
use bookstore_kit::auth::AuthError;
use bookstore_kit::service::ServiceName;

/// Why the gateway answered a request itself.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// No route-table row matches the path (`/internal/...`, an unknown prefix, a service this
    /// process does not route to).
    #[error("no API route for this path")]
    NotRouted,
    /// A path that could mean something else once a server decodes or normalises it.
    #[error("refused path: {0}")]
    BadPath(&'static str),
    /// A missing, malformed or invalid token, or keys that cannot be fetched.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The client used up its share; it may try again after `retry_after`.
    #[error("rate limited")]
    RateLimited { retry_after: Duration },
    /// The request body is larger than `--gateway-max-body`.
    #[error("request body too large")]
    PayloadTooLarge,
    /// The service did not start answering within `--gateway-upstream-timeout`.
    #[error("the {0} service did not answer in time")]
    UpstreamTimeout(ServiceName),
    /// The service could not be reached at all (connection refused, no route, DNS).
    #[error("the {service} service is unreachable: {cause}")]
    UpstreamUnavailable { service: ServiceName, cause: String },
    /// The service was reached but the exchange broke off.
    #[error("the {service} service failed to answer: {cause}")]
    UpstreamFailed { service: ServiceName, cause: String },
}

impl GatewayError {
    /// The problem sent to the client; the part of the error that is safe to show.
    fn problem(&self) -> ApiProblem {
        match self {
            GatewayError::NotRouted => ApiProblem::not_found("no API route for this path"),
            GatewayError::BadPath(why) => ApiProblem::bad_request(format!(
                "the path is refused: {why}; send a plain, normalised path"
            )),
            GatewayError::Auth(AuthError::KeysUnavailable(_)) => {
                ApiProblem::unavailable("tokens cannot be verified right now; try again shortly")
            }
            GatewayError::Auth(AuthError::Missing) => {
                ApiProblem::unauthorized("this resource needs a bearer token")
            }
            GatewayError::Auth(other) => ApiProblem::unauthorized(other.to_string()),
            GatewayError::RateLimited { .. } => ApiProblem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
            )
            .detail("slow down; the Retry-After header says when to try again"),
            GatewayError::PayloadTooLarge => ApiProblem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Request body too large",
            )
            .detail("the request body exceeds the size limit"),
            GatewayError::UpstreamTimeout(service) => {
                ApiProblem::new(StatusCode::GATEWAY_TIMEOUT, "timeout", "Request timed out")
                    .detail(format!("the {service} service did not answer in time"))
            }
            GatewayError::UpstreamUnavailable { service, .. } => ApiProblem::unavailable(format!(
                "the {service} service is unavailable; try again shortly"
            )),
            GatewayError::UpstreamFailed { service, .. } => {
                ApiProblem::new(StatusCode::BAD_GATEWAY, "bad-gateway", "Bad gateway")
                    .detail(format!("the {service} service failed to answer"))
            }
        }
    }
}

impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        match &self {
            GatewayError::Auth(AuthError::KeysUnavailable(cause)) => {
                tracing::warn!(error = %cause, "cannot fetch the signing keys to verify a token");
            }
            GatewayError::UpstreamUnavailable { service, cause }
            | GatewayError::UpstreamFailed { service, cause } => {
                tracing::warn!(service = %service, error = %cause, "upstream request failed");
            }
            GatewayError::UpstreamTimeout(service) => {
                tracing::warn!(service = %service, "upstream request timed out");
            }
            _ => {}
        }
        let mut response = self.problem().into_response();
        let headers = response.headers_mut();
        match &self {
            // RFC 6750: a missing token gets a bare challenge, a refused one says why.
            GatewayError::Auth(AuthError::Missing) => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            GatewayError::Auth(AuthError::KeysUnavailable(_)) => {}
            GatewayError::Auth(_) => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static(r#"Bearer error="invalid_token""#),
                );
            }
            GatewayError::RateLimited { retry_after } => {
                headers.insert(
                    header::RETRY_AFTER,
                    retry_after_seconds(*retry_after).into(),
                );
            }
            _ => {}
        }
        response
    }
}

/// `Retry-After` in whole seconds, rounded up and at least 1: a client that waits the advertised
/// time must not be refused again, and `0` would invite an immediate retry.
pub fn retry_after_seconds(wait: Duration) -> u64 {
    let whole = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    whole.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_and_never_says_zero() {
        assert_eq!(retry_after_seconds(Duration::ZERO), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_seconds(Duration::from_secs(1)), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(1001)), 2);
        assert_eq!(retry_after_seconds(Duration::from_secs(7)), 7);
    }

    #[test]
    fn unavailable_names_the_service_not_the_cause() {
        let e = GatewayError::UpstreamUnavailable {
            service: ServiceName::Catalog,
            cause: "tcp connect error: 10.0.0.7:8082 refused".into(),
        };
        let problem = e.problem();
        assert_eq!(problem.status(), StatusCode::SERVICE_UNAVAILABLE);
        let detail = problem.0.detail.unwrap_or_default();
        assert!(detail.contains("catalog"), "{detail}");
        assert!(!detail.contains("10.0.0.7"), "{detail}");
    }
}
