//! The notification service's integration tests: one binary, laid out by what a reader and an
//! admin do. Every test runs on each backend of `bookstore_kit::testing::backends()` (and,
//! where the bus matters, each bus of `support::buses()`) against the real router served over
//! real HTTP, with real SMTP (aiosmtpd) where `BOOKSTORE_TEST_AIOSMTPD` is set.

mod delivery;
mod events;
mod inbox;
mod promotions;
mod stream;
mod support;
mod unsubscribe;
