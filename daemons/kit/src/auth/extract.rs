//! Extractors that authenticate the caller from `Authorization: Bearer`. The [`Verifier`] is
//! found in the request's extensions (`Extension(Arc<Verifier>)` on the router).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::claims::Claims;
use super::verifier::{AuthError, Verifier};
use crate::http::ApiProblem;

/// The authenticated caller; 401 without a valid token.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Claims);

/// The authenticated caller with the `admin` role; 401 without a valid token, 403 for others.
#[derive(Debug, Clone)]
pub struct AdminUser(pub Claims);

/// The caller when a token is presented (a bad one is still refused), `None` otherwise.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<Claims>);

/// A refused request.
#[derive(Debug)]
pub struct AuthRejection(ApiProblem);

impl From<ApiProblem> for AuthRejection {
    fn from(problem: ApiProblem) -> Self {
        AuthRejection(problem)
    }
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        let unauthorized = self.0.status() == axum::http::StatusCode::UNAUTHORIZED;
        let mut response = self.0.into_response();
        if unauthorized {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<AuthError> for AuthRejection {
    fn from(e: AuthError) -> Self {
        AuthRejection(match e {
            AuthError::KeysUnavailable(_) => {
                tracing::warn!(error = %e, "cannot verify a token");
                ApiProblem::unavailable("tokens cannot be verified right now; try again shortly")
            }
            other => ApiProblem::unauthorized(other.to_string()),
        })
    }
}

/// The token of an `Authorization: Bearer <token>` header; an `Authorization` header of any
/// other form is refused rather than ignored, so a client never mistakes it for accepted.
pub fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>, AuthError> {
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

async fn authenticate(parts: &Parts) -> Result<Option<Claims>, AuthRejection> {
    let Some(token) = bearer_token(&parts.headers)? else {
        return Ok(None);
    };
    let verifier = parts.extensions.get::<Arc<Verifier>>().ok_or_else(|| {
        tracing::error!("no token verifier installed on this router");
        AuthRejection(ApiProblem::internal())
    })?;
    Ok(Some(verifier.verify(token).await?))
}

impl<S: Send + Sync> FromRequestParts<S> for AuthUser {
    type Rejection = AuthRejection;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match authenticate(parts).await? {
            Some(claims) => Ok(AuthUser(claims)),
            None => Err(AuthError::Missing.into()),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AdminUser {
    type Rejection = AuthRejection;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let AuthUser(claims) = AuthUser::from_request_parts(parts, state).await?;
        if claims.is_admin() {
            Ok(AdminUser(claims))
        } else {
            Err(AuthRejection(ApiProblem::forbidden(
                "this needs the admin role",
            )))
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = AuthRejection;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(authenticate(parts).await?))
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
