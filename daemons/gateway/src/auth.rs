//! Token checks at the edge: a request that presents a bearer token has it verified (on every
//! route, public or not, so a forged token never looks like an anonymous caller), and a route
//! that needs a signed-in user refuses requests without one.
//!
//! The services verify tokens again themselves; the gateway's check keeps anonymous and forged
//! traffic off them and gives the rate limiter a trustworthy user id. The kit's `Verifier`
//! caches verified tokens, so a token costs one signature check, not one per request.

use axum::http::{HeaderMap, Method, header};
use bookstore_kit::auth::{AuthError, Claims, Verifier};

use crate::error::GatewayError;
use crate::routes::Route;

/// The verified caller of a request, or `None` for an anonymous one on a route that allows it.
pub async fn authenticate(
    verifier: &Verifier,
    headers: &HeaderMap,
    route: &Route,
    method: &Method,
) -> Result<Option<Claims>, GatewayError> {
    match bearer_token(headers)? {
        Some(token) => Ok(Some(verifier.verify(token).await?)),
        None if route.access.needs_token(method) => Err(AuthError::Missing.into()),
        None => Ok(None),
    }
}

/// The token of an `Authorization: Bearer <token>` header; an `Authorization` header of any
/// other form is refused rather than ignored, so a client never mistakes it for accepted.
fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>, AuthError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| AuthError::Invalid("malformed Authorization header".into()))?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(Some(token.trim()))
        }
        _ => Err(AuthError::Invalid(
            "the Authorization header must be `Bearer <token>`".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn with_authorization(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn bearer_tokens_are_read_and_other_schemes_refused() {
        assert_eq!(bearer_token(&HeaderMap::new()), Ok(None));
        assert_eq!(
            bearer_token(&with_authorization("Bearer abc")),
            Ok(Some("abc"))
        );
        assert_eq!(
            bearer_token(&with_authorization("bearer  abc ")),
            Ok(Some("abc"))
        );
        assert!(bearer_token(&with_authorization("Basic dXNlcjpwdw==")).is_err());
        assert!(bearer_token(&with_authorization("Bearer ")).is_err());
        assert!(bearer_token(&with_authorization("abc")).is_err());
    }
}
