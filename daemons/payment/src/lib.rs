//! `bookstore-payment`: the payment service. Charges each order once through the provider
//! strategy it names (the built-in sandbox, Stripe, PayPal), voids or refunds cancelled
//! orders, takes admin refunds and provider callbacks, and keeps an append-only log of every
//! provider request.
//!
//! Layout, the same in every service: [`routes`] lists the URLs, [`handlers`] serve them,
//! [`consumer`] takes the order events, [`payments`] holds the rules, [`providers`] the
//! strategies, [`events`] what is published, [`store`] the repositories, [`listing`] the
//! list query, [`redact`] what the payment log may not keep, [`error`] the one error type.

pub mod config;
pub mod consumer;
pub mod error;
pub mod events;
pub mod handlers;
pub mod listing;
pub mod metrics;
pub mod openapi;
pub mod payments;
pub mod providers;
mod readiness;
pub mod redact;
pub mod routes;
pub mod state;
pub mod store;

use std::sync::Arc;

use anyhow::Context as _;
use axum::{Extension, Router};
use bookstore_kit::db::{Db, Migrations};
use bookstore_kit::events::{PAYMENT_EVENTS, Relay};
use bookstore_kit::service::{Context, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub use config::PaymentArgs;
pub use state::AppState;

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// The payment service's tables. Run after [`bookstore_kit::events::MIGRATIONS`] (the outbox
/// and inbox): `Migrations::run_all(url, &[bookstore_kit::events::MIGRATIONS, MIGRATIONS])`.
pub const MIGRATIONS: Migrations = Migrations {
    postgres: &POSTGRES_MIGRATIONS,
    sqlite: &SQLITE_MIGRATIONS,
};

/// Starts the payment service on `db`, which must be migrated with [`MIGRATIONS`]: builds the
/// enabled providers, spawns the outbox relay and subscribes the consumer to
/// [`PAYMENT_EVENTS`] on `ctx.bus` (both stopped by `ctx.shutdown`), and returns the router to
/// serve. Tokens are verified against the user service's published keys (`ctx.urls`).
pub async fn start(db: Db, args: &PaymentArgs, ctx: &Context) -> anyhow::Result<Router> {
    let providers = providers::Providers::from_args(args, &ctx.http, &db);
    if providers.names().is_empty() {
        tracing::warn!(
            "no payment provider is enabled: every order will fail with provider_not_enabled"
        );
    }

    let metrics = ctx.metrics(ServiceName::Payment);
    let relay = Relay::new(db.clone(), ctx.bus.clone()).with_metrics(&metrics);
    let outbox = relay.waker();
    relay.spawn(ctx.shutdown.clone());

    let payments =
        payments::Payments::new(db.clone(), providers, outbox, args.payment_max_attempts)
            .with_metrics(metrics::PaymentMetrics::new(&metrics));
    bookstore_kit::events::subscribe(
        &ctx.bus,
        PAYMENT_EVENTS,
        Arc::new(consumer::PaymentEvents {
            payments: payments.clone(),
        }),
        &metrics,
        ctx.shutdown.clone(),
    )
    .await
    .context("subscribing to the payment events")?;
    spawn_refund_sweep(payments.clone(), ctx.shutdown.clone());

    let state = AppState {
        readiness: readiness::readiness(&db, ctx.bus.clone()),
        verifier: ctx.verifier(),
        metrics,
        server: ctx.server,
        payments,
    };
    tracing::info!(
        providers = ?state.payments.providers.names(),
        "payment service ready"
    );
    Ok(router(state))
}

/// Every minute, refunds what the event path left charged for a cancelled order.
fn spawn_refund_sweep(payments: payments::Payments, shutdown: tokio_util::sync::CancellationToken) {
    const EVERY: std::time::Duration = std::time::Duration::from_secs(60);
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(EVERY) => {}
            }
            match payments.refund_cancelled_charges().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(refunded = n, "refunded charges of cancelled orders"),
                Err(e) => tracing::warn!(error = %e, "refund sweep failed; retrying later"),
            }
        }
    });
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
