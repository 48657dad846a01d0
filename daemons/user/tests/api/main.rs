//! The user service's integration tests: one binary, laid out like the routes. Every test runs
//! on each backend of `bookstore_kit::testing::backends()` against the real router served over
//! real HTTP.

mod admin;
mod announcements;
mod auth;
mod keys;
mod password;
mod problems;
mod profile;
mod startup;
mod support;
