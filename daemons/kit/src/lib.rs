//! `bookstore-kit`: what every Bookstore service shares.
//!
//! - [`http`]: server bootstrap, problem+json, extractors, health, metrics.
//! - [`db`]: one repository layer over PostgreSQL and SQLite, migrations, provisioning.
//! - [`events`]: the event envelope, the bus (RabbitMQ or in-process), outbox and inbox.
//! - [`auth`]: JWT claims, verification against the user service's keys, extractors.
//! - [`telemetry`]: logging setup.
//! - [`shutdown`]: one cancellation token for SIGINT/SIGTERM.

pub mod auth;
pub mod config;
pub mod db;
pub mod events;
pub mod http;
pub mod service;
pub mod shutdown;
pub mod telemetry;
pub mod testing;

pub use http::ApiProblem;
