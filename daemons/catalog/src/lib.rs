//! `bookstore-catalog`: the catalog service. Books, authors and genres; search, filters, sort
//! and keyset pages; stock, and the reservations that hold it for orders so that it is never
//! oversold.
//!
//! Layout, the same in every service: [`routes`] lists the URLs, [`handlers`] serve them,
//! [`books`] (with [`batch`], many books at once), [`authors`], [`genres`] and
//! [`reservations`] hold the rules, [`listing`] parses
//! list queries and cursors, [`search_cache`] keeps list pages in memory, [`store`] the
//! repositories, [`domain`] the validated input types, [`error`] the one error type.

pub mod authors;
pub mod batch;
pub mod books;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod genres;
pub mod handlers;
pub mod listing;
pub mod openapi;
mod readiness;
pub mod reservations;
pub mod routes;
pub mod search_cache;
pub mod state;
pub mod store;

use std::sync::Arc;

use axum::{Extension, Router};
use bookstore_kit::db::{Db, Migrations};
use bookstore_kit::service::{Context, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub use config::CatalogArgs;
use search_cache::SearchCache;
pub use state::AppState;

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// The catalog's tables. The catalog publishes and consumes no events, so it needs no outbox:
/// `Migrations::run_all(url, &[MIGRATIONS])` is enough (running the kit's event migrations
/// first does no harm).
pub const MIGRATIONS: Migrations = Migrations {
    postgres: &POSTGRES_MIGRATIONS,
    sqlite: &SQLITE_MIGRATIONS,
};

/// Starts the catalog service on `db`, which must be migrated with [`MIGRATIONS`]: spawns the
/// reservation expiry sweep (stopped by `ctx.shutdown`) and returns the router to serve. Tokens
/// are verified against the user service's published keys (`ctx.urls`).
pub async fn start(db: Db, args: &CatalogArgs, ctx: &Context) -> anyhow::Result<Router> {
    reservations::spawn_sweep(
        db.clone(),
        args.reservation_sweep_interval,
        ctx.shutdown.clone(),
    );
    let metrics = ctx.metrics(ServiceName::Catalog);
    let search_cache = SearchCache::new(args.search_cache_ttl, args.search_cache_size, &metrics);
    let state = AppState {
        readiness: readiness::readiness(&db),
        db,
        verifier: ctx.verifier(),
        service_token: ctx.service_token.clone(),
        reservation_ttl: args.reservation_ttl,
        search_cache: Arc::new(search_cache),
        metrics,
        server: ctx.server,
    };
    tracing::info!(
        reservation_ttl_secs = args.reservation_ttl.as_secs(),
        search_cache_ttl_ms = args.search_cache_ttl.as_millis() as u64,
        search_cache_bytes = args.search_cache_size,
        "catalog service ready"
    );
    Ok(router(state))
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
