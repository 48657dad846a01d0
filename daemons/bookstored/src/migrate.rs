//! `bookstored migrate`: create each service's database when missing and apply its migrations.

use bookstore_kit::db::{DatabaseTarget, Db, Migrations};
use bookstore_kit::service::ServiceName;

use crate::args::{CommonArgs, Selection};
use crate::run::{Failure, selected_services};

/// The migration sets of a service that owns a database: the kit's outbox and inbox, then its own.
pub fn migrations_of(service: ServiceName) -> Option<Vec<Migrations>> {
    match service {
        ServiceName::User => Some(vec![
            bookstore_kit::events::MIGRATIONS,
            bookstore_user::MIGRATIONS,
        ]),
        ServiceName::Catalog => Some(vec![
            bookstore_kit::events::MIGRATIONS,
            bookstore_catalog::MIGRATIONS,
        ]),
        ServiceName::Order => Some(vec![
            bookstore_kit::events::MIGRATIONS,
            bookstore_order::MIGRATIONS,
        ]),
        ServiceName::Payment => Some(vec![
            bookstore_kit::events::MIGRATIONS,
            bookstore_payment::MIGRATIONS,
        ]),
        ServiceName::Notification => Some(vec![
            bookstore_kit::events::MIGRATIONS,
            bookstore_notification::MIGRATIONS,
        ]),
        _ => None,
    }
}

/// Provisions and migrates `service`'s database and opens a pool on it.
pub async fn prepare(common: &CommonArgs, service: ServiceName) -> anyhow::Result<Db> {
    let target = common.database(service)?;
    let applied = migrate_one(&target, service).await?;
    if !applied.is_empty() {
        tracing::info!(
            service = service.as_str(),
            migrations = applied.len(),
            "applied migrations"
        );
    }
    let pool_size = match (common.database_pool_size, &target) {
        (Some(size), _) => size as usize,
        (None, DatabaseTarget::Postgres { .. }) => 16,
        (None, DatabaseTarget::Sqlite { .. }) => 8,
    };
    Ok(Db::connect(&target.url(), pool_size).await?)
}

async fn migrate_one(target: &DatabaseTarget, service: ServiceName) -> anyhow::Result<Vec<String>> {
    let Some(sets) = migrations_of(service) else {
        return Ok(Vec::new());
    };
    target
        .provision()
        .await
        .map_err(|e| anyhow::anyhow!("{service}: {e}"))?;
    Migrations::run_all(&target.url(), &sets)
        .await
        .map_err(|e| anyhow::anyhow!("{service}: migrating {}: {e}", target.describe()))
}

pub async fn run(common: &CommonArgs, services: &[Selection]) -> Result<(), Failure> {
    for service in selected_services(services)? {
        let Ok(target) = common.database(service) else {
            continue;
        };
        if migrations_of(service).is_none() {
            continue;
        }
        let applied = migrate_one(&target, service).await?;
        println!(
            "{service}: {} ({})",
            match applied.len() {
                0 => "up to date".to_owned(),
                1 => "applied 1 migration".to_owned(),
                n => format!("applied {n} migrations"),
            },
            target.describe()
        );
    }
    Ok(())
}
