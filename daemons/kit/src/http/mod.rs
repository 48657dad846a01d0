//! HTTP plumbing every service shares: problem+json errors, extractors that answer with them,
//! the middleware stack, health, metrics and the server loop.

pub mod extract;
pub mod fields;
pub mod health;
pub mod idempotency;
pub mod metrics;
pub mod openapi;
pub mod problem;
pub mod server;
pub mod service_error;

pub use extract::{Json, Path, Query};
pub use fields::Fields;
pub use health::{Readiness, ReadyCheck};
pub use metrics::Metrics;
pub use problem::ApiProblem;
pub use server::{REQUEST_ID, ServerOptions, serve, service_router, with_common_layers};
