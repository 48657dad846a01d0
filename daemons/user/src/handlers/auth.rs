//! `/api/v1/auth/*`: registration, login, refresh and logout.

use axum::extract::State;
use axum::http::StatusCode;
use bookstore_kit::http::Json;
use bookstore_sdk::types::{
    LoginRequest, LogoutRequest, Problem, RefreshRequest, RegisterRequest, TokenPair,
};

use super::PROBLEM;
use crate::error::UserError;
use crate::routes;
use crate::state::AppState;

/// Create a customer account and log it in.
#[utoipa::path(
    post, path = routes::REGISTER, tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created", body = TokenPair),
        (status = 400, description = "Invalid email, name or password", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Email already registered", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    Json(request): Json<RegisterRequest>,
) -> Result<(StatusCode, Json<TokenPair>), UserError> {
    let pair = state.sessions.register(&request).await?;
    Ok((StatusCode::CREATED, Json(pair)))
}

/// Log in with email and password.
#[utoipa::path(
    post, path = routes::LOGIN, tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenPair),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Account disabled", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    Json(request): Json<LoginRequest>,
) -> Result<Json<TokenPair>, UserError> {
    Ok(Json(state.sessions.login(&request).await?))
}

/// Trade a refresh token (usable once) for a new pair.
#[utoipa::path(
    post, path = routes::REFRESH, tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair; the presented refresh token is spent", body = TokenPair),
        (status = 401, description = "Unknown, spent, revoked or expired token; a spent one also ends its session", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Account disabled", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn refresh(
    State(state): State<AppState>,
    Json(request): Json<RefreshRequest>,
) -> Result<Json<TokenPair>, UserError> {
    Ok(Json(state.sessions.refresh(&request.refresh_token).await?))
}

/// End the session a refresh token belongs to. Idempotent.
#[utoipa::path(
    post, path = routes::LOGOUT, tag = "auth",
    request_body = LogoutRequest,
    responses((status = 204, description = "The session is over"))
)]
pub async fn logout(
    State(state): State<AppState>,
    Json(request): Json<LogoutRequest>,
) -> Result<StatusCode, UserError> {
    state.sessions.logout(&request.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}
