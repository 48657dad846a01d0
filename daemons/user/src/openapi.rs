//! The service's OpenAPI document, served at `/openapi.json`.

use bookstore_kit::http::openapi::SecuritySchemes;
use bookstore_sdk::types::{
    AdminUserUpdate, FieldError, LoginRequest, LogoutRequest, PasswordChange, Problem,
    ProfileUpdate, RefreshRequest, RegisterRequest, Role, TokenPair, User,
};

use crate::handlers::{auth, jwks, users};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Bookstore user service", description = "Accounts, sessions and signing keys."),
    paths(
        auth::register, auth::login, auth::refresh, auth::logout, jwks::jwks,
        users::me, users::update_me, users::change_password,
        users::list, users::get, users::update, users::internal_get,
    ),
    components(schemas(
        RegisterRequest, LoginRequest, RefreshRequest, LogoutRequest, TokenPair, User, Role,
        ProfileUpdate, PasswordChange, AdminUserUpdate, Problem, FieldError,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "auth", description = "Registration, login and the token lifecycle"),
        (name = "users", description = "Profiles and account administration"),
        (name = "internal", description = "Accounts for the other services (service token; not routed by the gateway)"),
    )
)]
pub struct ApiDoc;

/// The document.
pub fn document() -> utoipa::openapi::OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}
