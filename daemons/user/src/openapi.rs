//! The service's OpenAPI document, served at `/openapi.json`.

use bookstore_sdk::types::{
    AdminUserUpdate, FieldError, LoginRequest, LogoutRequest, PasswordChange, Problem,
    ProfileUpdate, RefreshRequest, RegisterRequest, Role, TokenPair, User,
};
use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::handlers::{auth, jwks, users};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Bookstore user service", description = "Accounts, sessions and signing keys."),
    paths(
        auth::register, auth::login, auth::refresh, auth::logout, jwks::jwks,
        users::me, users::update_me, users::change_password,
        users::list, users::get, users::update,
    ),
    components(schemas(
        RegisterRequest, LoginRequest, RefreshRequest, LogoutRequest, TokenPair, User, Role,
        ProfileUpdate, PasswordChange, AdminUserUpdate, Problem, FieldError,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Registration, login and the token lifecycle"),
        (name = "users", description = "Profiles and account administration"),
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme the protected paths name.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The document.
pub fn document() -> utoipa::openapi::OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}
