//! `bookstore-order`: the order service. Carts, orders, and the order saga that turns a
//! reservation and a payment into a confirmed order, or compensates.
//!
//! Layout, the same in every service: [`routes`] lists the URLs, [`handlers`] serve them,
//! [`cart`] and [`orders`] hold the rules, [`saga`] reacts to the payment service's events,
//! [`sweeper`] ends orders whose payment never came, [`catalog`] calls the catalog,
//! [`store`] the repositories, [`domain`] checks input, [`error`] the one error type.

pub mod cart;
pub mod catalog;
pub mod config;
pub mod domain;
pub mod error;
pub mod events;
pub mod handlers;
pub mod metrics;
pub mod openapi;
pub mod orders;
mod readiness;
pub mod routes;
pub mod saga;
pub mod state;
pub mod store;
pub mod sweeper;
mod view;

use std::sync::Arc;

use anyhow::Context as _;
use axum::{Extension, Router};
use bookstore_kit::db::{Db, Migrations};
use bookstore_kit::events::{ORDER_EVENTS, Relay};
use bookstore_kit::service::{Context, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub use config::OrderArgs;
pub use state::AppState;

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// The order service's tables. Run after [`bookstore_kit::events::MIGRATIONS`] (the outbox and
/// inbox): `Migrations::run_all(url, &[bookstore_kit::events::MIGRATIONS, MIGRATIONS])`.
pub const MIGRATIONS: Migrations = Migrations {
    postgres: &POSTGRES_MIGRATIONS,
    sqlite: &SQLITE_MIGRATIONS,
};

/// Starts the order service on `db`, which must be migrated with [`MIGRATIONS`]: spawns the
/// outbox relay and the sweeper, subscribes the saga to `order.events` (all stopped by
/// `ctx.shutdown`), and returns the router to serve.
pub async fn start(db: Db, args: &OrderArgs, ctx: &Context) -> anyhow::Result<Router> {
    let metrics = ctx.metrics(ServiceName::Order);
    let relay = Relay::new(db.clone(), ctx.bus.clone()).with_metrics(&metrics);
    let outbox = relay.waker();
    relay.spawn(ctx.shutdown.clone());

    let orders = orders::Orders {
        db: db.clone(),
        catalog: catalog::Catalog::new(
            ctx.http.clone(),
            &ctx.urls.get(ServiceName::Catalog),
            ctx.service_token.clone(),
        ),
        outbox,
        payment_timeout: args.payment_timeout,
        reservation_ttl: args.reservation_ttl(),
        metrics: metrics::OrderMetrics::new(&metrics),
    };
    bookstore_kit::events::subscribe(
        &ctx.bus,
        ORDER_EVENTS,
        Arc::new(saga::Saga {
            orders: orders.clone(),
        }),
        &metrics,
        ctx.shutdown.clone(),
    )
    .await
    .context("subscribing the order saga to its events")?;
    sweeper::spawn(
        orders.clone(),
        args.order_sweep_interval,
        ctx.shutdown.clone(),
    );

    let state = AppState {
        readiness: readiness::readiness(&db, ctx.bus.clone()),
        orders,
        verifier: ctx.verifier(),
        metrics,
        server: ctx.server,
    };
    tracing::info!(
        payment_timeout_secs = args.payment_timeout.as_secs(),
        "order service ready"
    );
    Ok(router(state))
}

/// The whole service around `state`: the API routes plus the shared routes and middleware.
pub fn router(state: AppState) -> Router {
    let api = routes::api()
        .with_state(state.clone())
        .layer(Extension(state.verifier.clone()));
    bookstore_kit::http::service_router(
        api,
        state.readiness,
        state.metrics,
        openapi::document(),
        state.server,
    )
}
