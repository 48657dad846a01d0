//! The payment service's integration tests: one binary, laid out like the service. Every test
//! runs on each backend of `bookstore_kit::testing::backends()` (SQLite, and PostgreSQL when
//! `BOOKSTORE_TEST_DATABASE_URL` is set) against the real router served over real HTTP, with
//! order events published on an in-process bus (and RabbitMQ where `BOOKSTORE_TEST_AMQP_URL`
//! is set and the test says so), tokens signed by a test key that a stand-in user service
//! publishes, and fake Stripe and PayPal servers that check what they are sent.

mod cancellations;
mod charges;
mod fakes;
mod payments;
mod providers;
mod startup;
mod support;
mod webhooks;
