//! `/api/v1/users*`: the caller's profile, and account administration for admins.
//!
//! Admin handlers take [`AdminUser`] (the token says admin) and then check the account itself
//! ([`accounts::require_admin`]), because a token outlives a demotion by up to its lifetime.

use axum::extract::State;
use axum::http::StatusCode;
use bookstore_kit::auth::{AdminUser, AuthUser, ServiceCaller};
use bookstore_kit::http::{Json, Path, Query};
use bookstore_sdk::types::{
    AdminUserUpdate, Page, PasswordChange, Problem, ProfileUpdate, User, UserListQuery,
};
use uuid::Uuid;

use super::PROBLEM;
use crate::accounts;
use crate::error::UserError;
use crate::routes;
use crate::state::AppState;

/// The caller's account.
#[utoipa::path(
    get, path = routes::ME, tag = "users", security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's account", body = User),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Account disabled", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn me(
    State(state): State<AppState>,
    AuthUser(claims): AuthUser,
) -> Result<Json<User>, UserError> {
    Ok(Json(accounts::current(&state.db, &claims).await?.into()))
}

/// Change the caller's name or email.
#[utoipa::path(
    patch, path = routes::ME, tag = "users", security(("bearer" = [])),
    request_body = ProfileUpdate,
    responses(
        (status = 200, description = "The updated account", body = User),
        (status = 400, description = "Invalid name or email", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Email already registered", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn update_me(
    State(state): State<AppState>,
    AuthUser(claims): AuthUser,
    Json(update): Json<ProfileUpdate>,
) -> Result<Json<User>, UserError> {
    let user = accounts::current(&state.db, &claims).await?;
    let updated = accounts::update_profile(&state.db, user.id, &update).await?;
    state.outbox.wake();
    Ok(Json(updated.into()))
}

/// Change the caller's password; ends every other session of the account.
#[utoipa::path(
    put, path = routes::MY_PASSWORD, tag = "users", security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Password changed"),
        (status = 400, description = "Wrong current password or weak new one", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    AuthUser(claims): AuthUser,
    Json(change): Json<PasswordChange>,
) -> Result<StatusCode, UserError> {
    state.sessions.change_password(&claims, &change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// List accounts (admin), oldest first, a page at a time.
#[utoipa::path(
    get, path = routes::USERS, tag = "users", security(("bearer" = [])),
    params(UserListQuery),
    responses(
        (status = 200, description = "One page of accounts", body = Page<User>),
        (status = 400, description = "Invalid limit, role or cursor", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    AdminUser(claims): AdminUser,
    Query(query): Query<UserListQuery>,
) -> Result<Json<Page<User>>, UserError> {
    accounts::require_admin(&state.db, &claims).await?;
    Ok(Json(accounts::list(&state.db, &query).await?))
}

/// One account (admin).
#[utoipa::path(
    get, path = routes::USER, tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account", body = User),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such account", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    AdminUser(claims): AdminUser,
    Path(id): Path<Uuid>,
) -> Result<Json<User>, UserError> {
    accounts::require_admin(&state.db, &claims).await?;
    let user = accounts::get(&state.db, id).await?;
    Ok(Json(user.into()))
}

/// Rename an account, change its role, disable or enable it (admin).
#[utoipa::path(
    patch, path = routes::USER, tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account's id")),
    request_body = AdminUserUpdate,
    responses(
        (status = 200, description = "The updated account", body = User),
        (status = 400, description = "Invalid name", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such account", body = Problem, content_type = PROBLEM),
        (status = 409, description = "It would leave no active admin", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    AdminUser(claims): AdminUser,
    Path(id): Path<Uuid>,
    Json(update): Json<AdminUserUpdate>,
) -> Result<Json<User>, UserError> {
    let admin = accounts::require_admin(&state.db, &claims).await?;
    let user = accounts::admin_update(&state.db, id, &update).await?;
    state.outbox.wake();
    tracing::info!(admin.id = %admin.id, user.id = %id, "account changed by an admin");
    Ok(Json(user.into()))
}

/// One account, for another service of the store (the service token, not a user's).
#[utoipa::path(
    get, path = routes::INTERNAL_USER, tag = "internal", security(("service" = [])),
    params(("id" = Uuid, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account", body = User),
        (status = 401, description = "No token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not the service token", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such account", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn internal_get(
    State(state): State<AppState>,
    _: ServiceCaller,
    Path(id): Path<Uuid>,
) -> Result<Json<User>, UserError> {
    Ok(Json(accounts::get(&state.db, id).await?.into()))
}
