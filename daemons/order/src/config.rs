//! The order service's flags, each with its `BOOKSTORE_*` variable.
//!
//! The database is not here: `bookstored` resolves every service's database the same way and
//! hands [`crate::start`] an open, migrated pool.

use std::time::Duration;

use bookstore_kit::config::parse_duration;

/// Flags of the order service.
#[derive(Debug, Clone, clap::Args)]
pub struct OrderArgs {
    /// How long an order may wait for its payment before it is cancelled and its stock given
    /// back: a number with a unit, `s`, `m`, `h` or `d`.
    #[arg(long, env = "BOOKSTORE_PAYMENT_TIMEOUT", default_value = "10m", value_parser = parse_duration)]
    pub payment_timeout: Duration,

    /// How often the order sweeper looks for overdue payments and stock still to give back.
    #[arg(long, env = "BOOKSTORE_ORDER_SWEEP_INTERVAL", default_value = "5s", value_parser = parse_duration)]
    pub order_sweep_interval: Duration,
}

impl Default for OrderArgs {
    /// The same values as the flags' defaults, for tests and embedding.
    fn default() -> Self {
        OrderArgs {
            payment_timeout: Duration::from_secs(600),
            order_sweep_interval: Duration::from_secs(5),
        }
    }
}

impl OrderArgs {
    /// How long the catalog holds an order's copies: past the payment timeout by a margin, so
    /// the sweeper, not the catalog's expiry, ends an unpaid order and says why.
    pub fn reservation_ttl(&self) -> Duration {
        self.payment_timeout + Duration::from_secs(300)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_flags() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            order: OrderArgs,
        }
        let parsed = Cli::parse_from(["test"]).order;
        let default = OrderArgs::default();
        assert_eq!(parsed.payment_timeout, default.payment_timeout);
        assert_eq!(parsed.order_sweep_interval, default.order_sweep_interval);
        assert!(default.reservation_ttl() > default.payment_timeout);
    }
}
