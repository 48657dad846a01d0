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

    /// How long a page of `GET /books` may be answered from memory: a duration like `30s`, or
    /// `0` to turn the search cache off. The books this process changes show at once; stock
    /// taken by orders, and changes made through other processes, show within this time.
    #[arg(long, env = "BOOKSTORE_CATALOG_SEARCH_CACHE_TTL", default_value = "30s", value_parser = parse_ttl)]
    pub search_cache_ttl: Duration,

    /// Memory for the search cache's pages: bytes, or with a `KiB`, `MiB` or `GiB` suffix;
    /// `0` turns the cache off.
    #[arg(long, env = "BOOKSTORE_CATALOG_SEARCH_CACHE_SIZE", default_value = "8MiB", value_parser = parse_size)]
    pub search_cache_size: u64,
}

impl Default for CatalogArgs {
    /// The same values as the flags' defaults, for tests and embedding.
    fn default() -> Self {
        CatalogArgs {
            reservation_ttl: Duration::from_secs(15 * 60),
            reservation_sweep_interval: Duration::from_secs(30),
            search_cache_ttl: Duration::from_secs(30),
            search_cache_size: 8 << 20,
        }
    }
}

pub use bookstore_kit::config::parse_duration;

/// A duration as [`parse_duration`] reads it, or zero (`0`, `0s`, `0ms`, ...) for "off".
pub fn parse_ttl(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let unit = raw.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = &raw[..raw.len() - unit.len()];
    if !digits.is_empty()
        && digits.bytes().all(|b| b == b'0')
        && ["", "ms", "s", "m", "h", "d"].contains(&unit)
    {
        return Ok(Duration::ZERO);
    }
    parse_duration(raw)
}

/// A byte count, optionally with a `KiB`, `MiB` or `GiB` suffix.
pub fn parse_size(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    let unit = raw.trim_start_matches(|c: char| c.is_ascii_digit());
    let number: u64 = raw[..raw.len() - unit.len()]
        .parse()
        .map_err(|_| format!("`{raw}` is not a size such as 0, 65536, 512KiB or 8MiB"))?;
    let scale: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}`: use KiB, MiB or GiB")),
    };
    number
        .checked_mul(scale)
        .ok_or_else(|| format!("`{raw}` is too large"))
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
            catalog: CatalogArgs,
        }
        let parsed = Cli::parse_from(["test"]).catalog;
        let default = CatalogArgs::default();
        assert_eq!(parsed.reservation_ttl, default.reservation_ttl);
        assert_eq!(
            parsed.reservation_sweep_interval,
            default.reservation_sweep_interval
        );
        assert_eq!(parsed.search_cache_ttl, default.search_cache_ttl);
        assert_eq!(parsed.search_cache_size, default.search_cache_size);
    }

    #[test]
    fn zero_turns_the_cache_off() {
        for off in ["0", "0s", " 0ms ", "00m"] {
            assert_eq!(parse_ttl(off), Ok(Duration::ZERO), "{off}");
        }
        assert_eq!(parse_ttl("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_ttl("2m"), Ok(Duration::from_secs(120)));
        for bad in ["", "0x", "-1s", "soon"] {
            assert!(parse_ttl(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_size("0"), Ok(0));
    }

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("8MiB"), Ok(8 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        for bad in ["", "8MB", "lots", "-1", "99999999999999999999GiB"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
