//! `bookstore-notification`: the notification service. Tells readers what happened to their
//! accounts and orders, exactly once, on the channels they chose (email, SMS, the in-app
//! inbox and its live stream), and fans admins' promotions out to those who opted in.
//!
//! Layout, the same in every service: [`routes`] lists the URLs, [`handlers`] serve them,
//! [`consumer`] takes the events, [`notify`] decides who gets what, [`messages`] and
//! [`templates`] write it, [`channels`] are the senders and [`dispatch`] runs them,
//! [`promotions`] fans promotions out, [`stream`] and [`hub`] make the live stream,
//! [`unsubscribe`] signs the links, [`store`] holds the repositories, [`error`] the one
//! error type.

pub mod channels;
pub mod config;
pub mod consumer;
pub mod directory;
pub mod dispatch;
pub mod error;
pub mod handlers;
pub mod hub;
pub mod listing;
pub mod messages;
pub mod metrics;
pub mod notify;
pub mod openapi;
pub mod promotions;
mod readiness;
pub mod routes;
pub mod state;
pub mod store;
pub mod stream;
pub mod templates;
pub mod unsubscribe;
pub mod views;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::{Extension, Router};
use bookstore_kit::db::{Db, Migrations};
use bookstore_kit::events::{NOTIFICATION_EVENTS, Relay};
use bookstore_kit::service::{Context, ServiceName};
use bookstore_sdk::types::Channel;
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub use config::NotificationArgs;
pub use state::AppState;

/// The `source` of every event this service publishes.
pub const SOURCE: &str = "notification";

/// How often live streams look for messages other processes stored.
const STREAM_POLL: Duration = Duration::from_secs(1);

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// The notification service's tables. Run after [`bookstore_kit::events::MIGRATIONS`] (the
/// outbox and inbox).
pub const MIGRATIONS: Migrations = Migrations {
    postgres: &POSTGRES_MIGRATIONS,
    sqlite: &SQLITE_MIGRATIONS,
};

/// Starts the notification service on `db`, which must be migrated with [`MIGRATIONS`]:
/// builds the senders (emails go to files under `data_dir` when no SMTP server is
/// configured), spawns them, the fan-out worker, the live streams' poller and the outbox
/// relay, subscribes the consumer to [`NOTIFICATION_EVENTS`] (all stopped by
/// `ctx.shutdown`), and returns the router to serve.
pub async fn start(
    db: Db,
    args: &NotificationArgs,
    ctx: &Context,
    data_dir: &Path,
) -> anyhow::Result<Router> {
    let templates = templates::Templates::load()?;
    let channels = channels::Channels::from_args(args, data_dir, &ctx.http)?;
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| ctx.urls.get(ServiceName::Gateway));
    let links = unsubscribe::Links::load(&db, &public_url)
        .await
        .context("loading the unsubscribe key")?;
    let messages = messages::Messages::new(templates, &public_url);
    let hub = hub::Hub::default();
    let directory = directory::Directory::new(
        ctx.http.clone(),
        &ctx.urls.get(ServiceName::User),
        ctx.service_token.clone(),
    );
    let metrics = ctx.metrics(ServiceName::Notification);
    let notifier = notify::Notifier::new(
        db.clone(),
        messages.clone(),
        hub.clone(),
        directory,
        channels.sms.is_some(),
    )
    .with_metrics(metrics::NotificationMetrics::new(&metrics));
    let relay = Relay::new(db.clone(), ctx.bus.clone()).with_metrics(&metrics);
    let outbox = relay.waker();
    relay.spawn(ctx.shutdown.clone());

    let retry = dispatch::Retry {
        max_attempts: args.delivery_max_attempts,
        backoff: args.delivery_backoff,
        backoff_max: args.delivery_backoff_max,
    };
    for channel in [Channel::Email, Channel::Sms] {
        let Some(sender) = channels.sender(channel) else {
            continue;
        };
        dispatch::Dispatcher {
            db: db.clone(),
            channel,
            sender: sender.clone(),
            messages: messages.clone(),
            links: links.clone(),
            pace: dispatch::Pace::of(channel, sender.as_ref()),
            retry,
            waker: notifier.senders.clone(),
            metrics: notifier.metrics.clone(),
        }
        .spawn(ctx.shutdown.clone());
    }

    let promotions = promotions::Promotions::new(
        notifier.clone(),
        outbox,
        args.promotion_batch,
        channels.sms.is_some(),
    );
    promotions.spawn(ctx.shutdown.clone());
    hub.spawn_poller(db.clone(), STREAM_POLL, ctx.shutdown.clone());

    bookstore_kit::events::subscribe(
        &ctx.bus,
        NOTIFICATION_EVENTS,
        Arc::new(consumer::NotificationEvents {
            notifier: notifier.clone(),
            promotions: promotions.clone(),
        }),
        &metrics,
        ctx.shutdown.clone(),
    )
    .await
    .context("subscribing to the notification events")?;

    let state = AppState {
        readiness: readiness::readiness(&db, ctx.bus.clone()),
        db,
        notifier,
        promotions,
        hub,
        links,
        heartbeat: args.stream_heartbeat,
        shutdown: ctx.shutdown.clone(),
        verifier: ctx.verifier(),
        metrics,
        server: ctx.server,
    };
    tracing::info!(
        email = %channels.email.describe(),
        sms = %channels.sms.as_ref().map_or_else(|| "off".to_owned(), |s| s.describe()),
        "notification service ready"
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
