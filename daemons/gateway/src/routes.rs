//! The route table: which public path prefix goes to which service, and who may call it. This
//! is the only place a public path appears; adding an API area is adding one row.
//!
//! Only `/api/v1/...` is ever routed, so a service's `/internal/...` endpoints, `/metrics` and
//! the like cannot be reached through the gateway whatever a client sends.

use axum::http::Method;
use bookstore_kit::service::ServiceName;

/// Who may call a route. Services check roles and ownership themselves; the gateway only keeps
/// anonymous traffic away from what always needs a signed-in user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone. A token that is presented must still be valid.
    Public,
    /// Anyone may read (`GET`, `HEAD`, `OPTIONS`); every other method needs a token.
    PublicRead,
    /// A valid token for every method.
    Token,
}

impl Access {
    /// Whether a request with `method` must carry a token.
    pub fn needs_token(self, method: &Method) -> bool {
        match self {
            Access::Public => false,
            Access::PublicRead => {
                !(method == Method::GET || method == Method::HEAD || method == Method::OPTIONS)
            }
            Access::Token => true,
        }
    }
}

/// One row: every path equal to `prefix` or below it (`prefix/...`) goes, unchanged, to
/// `service`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub prefix: &'static str,
    /// `prefix/{*rest}`: the route template the paths below `prefix` are counted under in the
    /// metrics (`prefix` itself is counted under `prefix`).
    pub below: &'static str,
    pub service: ServiceName,
    pub access: Access,
}

/// A row; the template is spelled out at compile time, so counting a request copies nothing.
macro_rules! row {
    ($prefix:literal, $service:expr, $access:expr) => {
        Route {
            prefix: $prefix,
            below: concat!($prefix, "/{*rest}"),
            service: $service,
            access: $access,
        }
    };
}

use Access::{Public, PublicRead, Token};
use ServiceName::{Catalog, Notification, Order, Payment, User};

/// The public API (`docs/DESIGN.md`). A longer prefix wins over a shorter one, so an exception
/// below an area (the payment providers' webhooks) is a row of its own.
pub const ROUTES: &[Route] = &[
    row!("/api/v1/auth", User, Public),
    row!("/api/v1/users", User, Token),
    row!("/api/v1/books", Catalog, PublicRead),
    row!("/api/v1/authors", Catalog, PublicRead),
    row!("/api/v1/genres", Catalog, PublicRead),
    row!("/api/v1/cart", Order, Token),
    row!("/api/v1/orders", Order, Token),
    row!("/api/v1/payments", Payment, Token),
    // Providers call back without our tokens; the payment service checks their signatures.
    row!("/api/v1/payments/webhooks", Payment, Public),
    row!("/api/v1/notifications", Notification, Token),
    // The links in messages work without logging in; the notification service checks their
    // signatures.
    row!("/api/v1/notifications/unsubscribe", Notification, Public),
    row!("/api/v1/promotions", Notification, Token),
];

/// The rows for the services this gateway routes to; the others' paths answer 404.
pub fn active(services: &[ServiceName]) -> Vec<&'static Route> {
    ROUTES
        .iter()
        .filter(|r| services.contains(&r.service))
        .collect()
}

/// The row serving `path`, the longest matching prefix among `routes`.
pub fn lookup<'a>(routes: &[&'a Route], path: &str) -> Option<&'a Route> {
    routes
        .iter()
        .copied()
        .filter(|r| template(r, path).is_some())
        .max_by_key(|r| r.prefix.len())
}

/// [`lookup`] for the request path: the first row of `by_length` (the rows, longest prefix
/// first) that serves `path`, with the template `path` is counted under.
pub fn matching<'a>(by_length: &[&'a Route], path: &str) -> Option<(&'a Route, &'static str)> {
    by_length
        .iter()
        .find_map(|r| template(r, path).map(|t| (*r, t)))
}

/// The template under which `route` serves `path`, if it does: `prefix` itself, or a path
/// below it with something after the slash (`prefix/` alone is no path of the table).
fn template(route: &Route, path: &str) -> Option<&'static str> {
    let rest = path.strip_prefix(route.prefix)?;
    if rest.is_empty() {
        Some(route.prefix)
    } else if rest.len() > 1 && rest.starts_with('/') {
        Some(route.below)
    } else {
        None
    }
}

/// Refuses paths that a server further on could read differently from the gateway: dot
/// segments (`/api/v1/../internal/x`) and percent-encoded slashes, backslashes, dots and
/// percent signs (`%2e%2e`, `%2f`, `%252f`). No public path needs them, and refusing them here is
/// simpler and safer than normalising exactly as every service would.
pub fn check_path(path: &str) -> Result<(), &'static str> {
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err("dot segments are not allowed");
    }
    if path.contains('\\') {
        return Err("backslashes are not allowed");
    }
    let bytes = path.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%' {
            let code = bytes.get(i + 1..i + 3).map(|hex| hex.to_ascii_uppercase());
            if matches!(code.as_deref(), Some(b"2F" | b"5C" | b"2E" | b"25")) {
                return Err("encoded slashes, backslashes, dots and percent signs are not allowed");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prefix_is_under_the_api_and_unique() {
        for (i, r) in ROUTES.iter().enumerate() {
            assert!(r.prefix.starts_with("/api/v1/"), "{}", r.prefix);
            assert!(!r.prefix.ends_with('/'), "{}", r.prefix);
            assert!(
                ROUTES.iter().skip(i + 1).all(|o| o.prefix != r.prefix),
                "{} twice",
                r.prefix
            );
            assert_ne!(r.service, ServiceName::Gateway);
        }
    }

    #[test]
    fn longest_prefix_wins_on_segment_boundaries() {
        let all = active(&ServiceName::ALL);
        let service = |p: &str| lookup(&all, p).map(|r| (r.service, r.access));
        assert_eq!(service("/api/v1/users/me"), Some((User, Token)));
        assert_eq!(service("/api/v1/users"), Some((User, Token)));
        assert_eq!(service("/api/v1/usersx"), None);
        assert_eq!(service("/api/v1/users/"), None);
        assert_eq!(service("/api/v1/payments/123"), Some((Payment, Token)));
        assert_eq!(
            service("/api/v1/payments/webhooks/stripe"),
            Some((Payment, Public))
        );
        assert_eq!(
            service("/api/v1/notifications/unsubscribe"),
            Some((Notification, Public))
        );
        assert_eq!(
            service("/api/v1/notifications/stream"),
            Some((Notification, Token))
        );
        assert_eq!(service("/internal/stock"), None);
        assert_eq!(service("/api/v2/users"), None);
    }

    #[test]
    fn only_the_given_services_are_routed() {
        let user_only = active(&[User]);
        assert!(lookup(&user_only, "/api/v1/auth/login").is_some());
        assert!(lookup(&user_only, "/api/v1/books").is_none());
    }

    #[test]
    fn reads_of_public_read_routes_need_no_token() {
        assert!(!PublicRead.needs_token(&Method::GET));
        assert!(PublicRead.needs_token(&Method::POST));
        assert!(PublicRead.needs_token(&Method::DELETE));
        assert!(!Public.needs_token(&Method::POST));
        assert!(Token.needs_token(&Method::GET));
    }

    #[test]
    fn path_tricks_are_refused() {
        assert!(check_path("/api/v1/users/me").is_ok());
        assert!(check_path("/api/v1/books/9f1c%20x").is_ok());
        for bad in [
            "/api/v1/../internal/x",
            "/api/v1/./users",
            "/api/v1/users/..",
            "/api/v1/%2e%2e/internal/x",
            "/api/v1/%2E./internal",
            "/api/v1/users%2fme",
            "/api/v1/users%2Fme",
            "/api/v1/users%5cme",
            "/api/v1/users%252fme",
            "/api/v1\\..\\internal",
        ] {
            assert!(check_path(bad).is_err(), "{bad} accepted");
        }
    }
}
