//! HTTP handlers, one module per resource; each parses the request, calls the rules module of
//! its resource, and shapes the response. URLs live in [`crate::routes`] only.
//!
//! Reads are public but take [`MaybeUser`](bookstore_kit::auth::MaybeUser), so a token that is
//! presented must be valid (401 otherwise); changes take
//! [`AdminUser`](bookstore_kit::auth::AdminUser); `/internal/` takes
//! [`ServiceCaller`](bookstore_kit::auth::ServiceCaller).

pub mod authors;
pub mod books;
pub mod genres;
pub mod reservations;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderName, header};

use crate::books::Precondition;
use crate::error::CatalogError;

/// The problem+json media type, for the OpenAPI annotations.
pub(crate) const PROBLEM: &str = "application/problem+json";

/// The `If-Match` header: `"<version>"` (the book's ETag) or `*`.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub Precondition);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = CatalogError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Ok(IfMatch(Precondition::Missing));
        };
        parse_if_match(value.to_str().unwrap_or_default())
            .map(IfMatch)
            .ok_or_else(|| {
                CatalogError::field(
                    "If-Match",
                    "must be the book's ETag (its version in quotes, like \"3\") or *",
                )
            })
    }
}

fn parse_if_match(value: &str) -> Option<Precondition> {
    let value = value.trim();
    if value == "*" {
        return Some(Precondition::Any);
    }
    // Weak tags (`W/"3"`) never match under If-Match's strong comparison: refused as malformed
    // rather than answered 412 forever.
    let version = value.strip_prefix('"')?.strip_suffix('"')?.parse().ok()?;
    Some(Precondition::Version(version))
}

/// The `ETag` of a book at `version`.
pub(crate) fn etag(version: i64) -> [(HeaderName, String); 1] {
    [(header::ETAG, format!("\"{version}\""))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_takes_a_quoted_version_or_a_star() {
        assert_eq!(parse_if_match("\"3\""), Some(Precondition::Version(3)));
        assert_eq!(parse_if_match(" * "), Some(Precondition::Any));
        for bad in ["3", "W/\"3\"", "\"three\"", "\"3", ""] {
            assert_eq!(parse_if_match(bad), None, "{bad}");
        }
    }
}
