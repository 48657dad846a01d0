//! The catalog service's flags, each with its `BOOKSTORE_*` variable.
//!
//! The database is not here: `bookstored` resolves every service's database the same way
//! (`--catalog-database-url` / `BOOKSTORE_CATALOG_DATABASE_URL` among its common flags, then
//! `BOOKSTORE_DATABASE_URL`, then SQLite), migrates it and hands [`crate::start`] an open pool.

use std::time::Duration;

/// Flags of the catalog service.
#[derive(Debug, Clone, clap::Args)]
pub struct CatalogArgs {
    /// How long a stock reservation holds its copies when the caller does not say: a number
    /// with a unit, `s`, `m`, `h` or `d`. The expiry sweep gives back what is held longer.
    #[arg(long, env = "BOOKSTORE_RESERVATION_TTL", default_value = "15m", value_parser = parse_duration)]
    pub reservation_ttl: Duration,

    /// How often the expiry sweep looks for expired reservations.
    #[arg(long, env = "BOOKSTORE_RESERVATION_SWEEP_INTERVAL", default_value = "30s", value_parser = parse_duration)]
    pub reservation_sweep_interval: Duration,
}

impl Default for CatalogArgs {
    /// The same values as the flags' defaults, for tests and embedding.
    fn default() -> Self {
        CatalogArgs {
            reservation_ttl: Duration::from_secs(15 * 60),
            reservation_sweep_interval: Duration::from_secs(30),
        }
    }
}

pub use bookstore_kit::config::parse_duration;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_flags() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            catalog: CatalogArgs,
        }
        let parsed = Cli::parse_from(["test"]).catalog;
        let default = CatalogArgs::default();
        assert_eq!(parsed.reservation_ttl, default.reservation_ttl);
        assert_eq!(
            parsed.reservation_sweep_interval,
            default.reservation_sweep_interval
        );
    }
}
