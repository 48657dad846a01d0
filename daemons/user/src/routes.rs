//! Every URL the user service serves, in one place, grouped by who calls it. The service
//! serves full paths; the gateway forwards them unchanged.

use axum::Router;
use axum::routing::{get, post, put};

use crate::handlers::{auth, jwks, users};
use crate::state::AppState;

// Anyone.
pub const REGISTER: &str = "/api/v1/auth/register";
pub const LOGIN: &str = "/api/v1/auth/login";
pub const REFRESH: &str = "/api/v1/auth/refresh";
pub const LOGOUT: &str = "/api/v1/auth/logout";
/// Fetched by the gateway and the other services to verify tokens.
pub const JWKS: &str = "/.well-known/jwks.json";

// Any logged-in account, about itself.
pub const ME: &str = "/api/v1/users/me";
pub const MY_PASSWORD: &str = "/api/v1/users/me/password";

// Admins.
pub const USERS: &str = "/api/v1/users";
pub const USER: &str = "/api/v1/users/{id}";

// Other services, with the service token; never routed by the gateway.
/// An account as the notification service needs it to address a message.
pub const INTERNAL_USER: &str = "/internal/users/{id}";

/// The API routes, without the shared ones (`/healthz` and the rest) and without middleware.
pub fn api() -> Router<AppState> {
    Router::new()
        .route(REGISTER, post(auth::register))
        .route(LOGIN, post(auth::login))
        .route(REFRESH, post(auth::refresh))
        .route(LOGOUT, post(auth::logout))
        .route(JWKS, get(jwks::jwks))
        .route(ME, get(users::me).patch(users::update_me))
        .route(MY_PASSWORD, put(users::change_password))
        .route(USERS, get(users::list))
        .route(USER, get(users::get).patch(users::update))
        .route(INTERNAL_USER, get(users::internal_get))
}
