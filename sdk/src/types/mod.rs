//! Wire types: the JSON bodies the services accept and return (the DTOs of the public API).

pub mod auth;
pub mod health;
pub mod page;
pub mod problem;
pub mod users;

pub use auth::{LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest, TokenPair};
pub use health::{Check, CheckStatus, Health, Readiness};
pub use page::{Page, PageQuery};
pub use problem::{FieldError, Problem};
pub use users::{AdminUserUpdate, PasswordChange, ProfileUpdate, Role, User, UserListQuery};
