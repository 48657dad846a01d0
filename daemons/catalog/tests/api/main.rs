//! The catalog service's integration tests: one binary, laid out like the routes. Every test
//! runs on each backend of `bookstore_kit::testing::backends()` (SQLite, and PostgreSQL when
//! `BOOKSTORE_TEST_DATABASE_URL` is set) against the real router served over real HTTP, with
//! tokens signed by a test key that a stand-in user service publishes.

mod authors;
mod batch;
mod books;
mod genres;
mod problems;
mod ranking;
mod reservations;
mod scale;
mod search;
mod search_cache;
mod startup;
mod support;
