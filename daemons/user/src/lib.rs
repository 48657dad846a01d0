//! `bookstore-user`: the user service. Accounts, credentials, roles and sessions; it issues the
//! access tokens (EdDSA JWTs) every other service verifies against its published keys.
//!
//! Layout, the same in every service: [`routes`] lists the URLs, [`handlers`] serve them,
//! [`sessions`] (the auth facade) and [`accounts`] hold the rules, [`store`] the repositories,
//! [`domain`] the validated input types, [`error`] the one error type.

pub mod accounts;
pub mod config;
pub mod domain;
pub mod error;
pub mod events;
pub mod first_admin;
pub mod handlers;
pub mod housekeeping;
pub mod keys;
pub mod openapi;
pub mod passwords;
mod readiness;
pub mod refresh;
pub mod routes;
pub mod sessions;
pub mod state;
pub mod store;

use std::sync::Arc;

use anyhow::Context as _;
use axum::{Extension, Router};
use bookstore_kit::auth::Verifier;
use bookstore_kit::db::{Db, Migrations};
use bookstore_kit::events::Relay;
use bookstore_kit::service::{Context, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub use config::UserArgs;
pub use first_admin::AdminCreated;
pub use state::AppState;

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// The user service's tables. Run after [`bookstore_kit::events::MIGRATIONS`] (the outbox):
/// `Migrations::run_all(url, &[bookstore_kit::events::MIGRATIONS, MIGRATIONS])`.
pub const MIGRATIONS: Migrations = Migrations {
    postgres: &POSTGRES_MIGRATIONS,
    sqlite: &SQLITE_MIGRATIONS,
};

/// A started user service.
#[derive(Debug)]
pub struct Started {
    /// The whole service: API, `/healthz`, `/readyz`, `/metrics`, `/openapi.json`, middleware.
    pub router: Router,
    /// The admin account this start created, if it created one; print it once.
    pub admin: Option<AdminCreated>,
}

/// Starts the user service on `db`, which must be migrated with [`MIGRATIONS`]: makes sure a
/// signing key and an admin exist, spawns the outbox relay (stopped by `ctx.shutdown`), and
/// returns the router to serve.
pub async fn start(db: Db, args: &UserArgs, ctx: &Context) -> anyhow::Result<Started> {
    let passwords = passwords::Passwords::new()?;
    let key = keys::ensure_signing_key(&db)
        .await
        .context("preparing the token signing key")?;
    let admin = first_admin::ensure(&db, &passwords, args)
        .await
        .context("creating the first admin")?;

    let metrics = ctx.metrics(ServiceName::User);
    let relay = Relay::new(db.clone(), ctx.bus.clone()).with_metrics(&metrics);
    let outbox = relay.waker();
    relay.spawn(ctx.shutdown.clone());

    // A retired key stays published as long as the tokens it signed may live.
    let key_grace = args.access_token_ttl;
    housekeeping::spawn(db.clone(), key_grace, ctx.shutdown.clone());
    let verifier = Arc::new(Verifier::new(Arc::new(keys::StoreKeys {
        db: db.clone(),
        grace: key_grace,
    })));
    let sessions = sessions::Sessions::new(
        db.clone(),
        Arc::new(keys::CurrentSigner::new(&key)),
        passwords,
        args.access_token_ttl,
        args.refresh_token_ttl,
        outbox.clone(),
    );
    let state = AppState {
        readiness: readiness::readiness(&db, ctx.bus.clone()),
        db,
        sessions,
        verifier,
        key_grace,
        outbox,
        service_token: ctx.service_token.clone(),
        metrics,
        server: ctx.server,
    };
    tracing::info!(kid = %key.kid, "user service ready");
    Ok(Started {
        router: router(state),
        admin,
    })
}

/// The whole service around `state`: the API routes plus the shared routes and middleware.
pub fn router(state: AppState) -> Router {
    let api = routes::api()
        .with_state(state.clone())
        .layer(Extension(state.verifier.clone()))
        .layer(Extension(state.service_token.clone()));
    bookstore_kit::http::service_router(
        api,
        state.readiness,
        state.metrics,
        openapi::document(),
        state.server,
    )
}
