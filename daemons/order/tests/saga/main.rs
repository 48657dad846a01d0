//! The order saga's integration tests: one binary. Each test starts a store of its own in this
//! process (the real catalog, order and payment services, each on its own loopback port and
//! database, talking over HTTP and an in-process bus, as in the embedded default), on every
//! backend of `bookstore_kit::testing::backends()`: SQLite, and PostgreSQL when
//! `BOOKSTORE_TEST_DATABASE_URL` is set. Tokens are signed by a test key that a stand-in user
//! service publishes.

mod cart;
mod orders;
mod saga;
mod support;
