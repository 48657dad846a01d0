//! The gateway over real HTTP: a small axum upstream on a loopback port stands in for the
//! services, the gateway router is served with the kit's server, and reqwest (or a raw socket,
//! where reqwest would normalise the path) plays the client.
#![expect(
    clippy::unwrap_used,
    reason = "tests fail loudly on anything unexpected"
)]

mod auth;
mod limits;
mod ops;
mod proxy;
mod support;
