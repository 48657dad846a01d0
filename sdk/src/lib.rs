//! `bookstore-sdk`: the typed client of the Bookstore API and the wire types it shares with the
//! services.
//!
//! ```no_run
//! # async fn demo() -> bookstore_sdk::Result<()> {
//! use bookstore_sdk::{Client, types::LoginRequest};
//!
//! let client = Client::builder().with_env().build()?;
//! client
//!     .auth()
//!     .login(&LoginRequest { email: "ada@example.com".into(), password: "secret".into() })
//!     .await?;
//! let me = client.users().me().await?;
//! println!("{} ({})", me.name, me.role);
//! # Ok(())
//! # }
//! ```

mod auth;
mod client;
mod error;
mod health;
mod paging;
mod retry;
pub mod types;
mod users;

pub use auth::AuthApi;
pub use client::{
    Client, ClientBuilder, DEFAULT_GATEWAY, GATEWAY_ENV, IDEMPOTENCY_KEY, REQUEST_ID, TOKEN_ENV,
};
pub use error::{Error, Result};
pub use health::HealthApi;
pub use retry::{RetryPolicy, parse_retry_after};
pub use users::UsersApi;

/// Re-exported so callers name status codes without depending on `http` themselves.
pub use http::StatusCode;
