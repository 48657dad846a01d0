//! The service token: a shared secret that services present to each other's `/internal/`
//! endpoints, which the gateway never routes.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use secrecy::{ExposeSecret, SecretString};

use super::extract::{AuthRejection, bearer_token};
use super::verifier::AuthError;
use crate::http::ApiProblem;

/// The secret every service of one store shares (`BOOKSTORE_SERVICE_TOKEN`).
#[derive(Clone)]
pub struct ServiceToken(Arc<SecretString>);

impl std::fmt::Debug for ServiceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServiceToken(..)")
    }
}

impl ServiceToken {
    pub fn new(secret: SecretString) -> ServiceToken {
        ServiceToken(Arc::new(secret))
    }

    /// A random token, for a store whose services all run in one process.
    pub fn generate() -> ServiceToken {
        use base64::Engine as _;
        let bytes: [u8; 32] = rand::random();
        ServiceToken::new(SecretString::from(
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
        ))
    }

    /// The `Authorization` header value to send.
    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.0.expose_secret())
    }

    /// Compares in constant time, so the comparison leaks nothing about the secret.
    pub fn matches(&self, presented: &str) -> bool {
        aws_lc_rs::constant_time::verify_slices_are_equal(
            presented.as_bytes(),
            self.0.expose_secret().as_bytes(),
        )
        .is_ok()
    }
}

/// A caller that presented the service token; the router must carry
/// `axum::Extension(ServiceToken)`. Anyone else gets 401 (no token) or 403 (another token).
#[derive(Debug, Clone, Copy)]
pub struct ServiceCaller;

impl<S: Send + Sync> FromRequestParts<S> for ServiceCaller {
    type Rejection = AuthRejection;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let expected = parts.extensions.get::<ServiceToken>().ok_or_else(|| {
            tracing::error!("no service token installed on this router");
            AuthRejection::from(ApiProblem::internal())
        })?;
        match bearer_token(&parts.headers)? {
            None => Err(AuthError::Missing.into()),
            Some(token) if expected.matches(token) => Ok(ServiceCaller),
            Some(_) => Err(AuthRejection::from(ApiProblem::forbidden(
                "internal endpoints need the service token",
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_secret_matches() {
        let token = ServiceToken::new(SecretString::from("s3cret"));
        assert!(token.matches("s3cret"));
        assert!(!token.matches("s3cre"));
        assert!(!token.matches("s3cret!"));
        assert_eq!(token.bearer(), "Bearer s3cret");
        assert_ne!(
            ServiceToken::generate().bearer(),
            ServiceToken::generate().bearer()
        );
    }
}
