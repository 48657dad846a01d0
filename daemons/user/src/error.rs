//! The service's one error type. Store functions, the auth facade and handlers all return it,
//! so `?` works throughout; it renders as problem+json. Each variant's doc names its status.
//! A 5xx never shows its cause: the cause is logged inside the request's span instead.

use axum::http::StatusCode;
use bookstore_kit::ApiProblem;
use bookstore_kit::db::DbError;
use bookstore_sdk::types::FieldError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// 400: one or more fields are invalid; each entry names its field.
    #[error("invalid request: {0:?}")]
    Validation(Vec<FieldError>),
    /// 401: unknown email or wrong password. One message for both, so that the answer does not
    /// tell whether an account exists.
    #[error("wrong email or password")]
    InvalidCredentials,
    /// 401: the refresh token is unknown, already used, revoked or expired.
    #[error("the refresh token is not valid")]
    InvalidRefreshToken,
    /// 401: the access token belongs to an account that no longer exists.
    #[error("the account no longer exists")]
    UnknownAccount,
    /// 403: the account is disabled.
    #[error("the account is disabled")]
    AccountDisabled,
    /// 403: the token says admin, but the account no longer is an active admin.
    #[error("this needs the admin role")]
    NotAdmin,
    /// 404: no user with that id.
    #[error("no such user")]
    UserNotFound,
    /// 409: another account has this email (compared case-insensitively).
    #[error("an account with this email already exists")]
    EmailTaken,
    /// 409: the change would leave the store without an active admin.
    #[error("the last active admin cannot be demoted or disabled")]
    LastAdmin,
    /// 500: the database failed.
    #[error(transparent)]
    Database(#[from] DbError),
    /// 500: anything else that should not happen (hashing, signing, corrupt rows).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl UserError {
    fn problem(&self) -> ApiProblem {
        let message = self.to_string();
        match self {
            UserError::Validation(errors) => ApiProblem::validation(errors.clone()),
            UserError::InvalidCredentials => ApiProblem::new(
                StatusCode::UNAUTHORIZED,
                "invalid-credentials",
                "Login failed",
            )
            .detail(message),
            UserError::InvalidRefreshToken => ApiProblem::new(
                StatusCode::UNAUTHORIZED,
                "invalid-refresh-token",
                "Invalid refresh token",
            )
            .detail(format!("{message}; log in again")),
            UserError::UnknownAccount => ApiProblem::unauthorized(message),
            UserError::AccountDisabled => ApiProblem::new(
                StatusCode::FORBIDDEN,
                "account-disabled",
                "Account disabled",
            )
            .detail(message),
            UserError::NotAdmin => ApiProblem::forbidden(message),
            UserError::UserNotFound => ApiProblem::not_found(message),
            UserError::EmailTaken => ApiProblem::new(
                StatusCode::CONFLICT,
                "email-taken",
                "Email already registered",
            )
            .detail(message)
            .field("email", "is already registered"),
            UserError::LastAdmin => {
                ApiProblem::new(StatusCode::CONFLICT, "last-admin", "Last admin").detail(message)
            }
            UserError::Database(DbError::Pool(_)) => {
                ApiProblem::unavailable("the database is busy or unreachable; try again shortly")
            }
            UserError::Database(_) | UserError::Internal(_) => ApiProblem::internal(),
        }
    }
}

pub use bookstore_kit::http::Fields;

bookstore_kit::service_error!(UserError);
