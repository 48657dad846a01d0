//! The gateway's settings: a clap `Args` struct whose every field is a long flag with a
//! `BOOKSTORE_GATEWAY_*` variable. Flags carry a `gateway-` prefix because `bookstored`
//! flattens every service's settings into one command line.

use std::time::Duration;

use crate::client_ip::Cidr;

/// How the gateway forwards, limits and checks requests.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Gateway")]
pub struct GatewayArgs {
    /// Longest the gateway waits for a service to start answering (its status and headers)
    /// before giving the client a 504; a streamed body may then take as long as it needs.
    /// Accepts `30s`, `250ms`, `2m`, or plain seconds.
    #[arg(
        long = "gateway-upstream-timeout",
        env = "BOOKSTORE_GATEWAY_UPSTREAM_TIMEOUT",
        value_name = "DURATION",
        default_value = "30s",
        value_parser = parse_duration
    )]
    pub upstream_timeout: Duration,

    /// Requests per second each client may make on average: a signed-in user is one client
    /// wherever it connects from, anyone else is counted by IP address. 0 turns limiting off.
    #[arg(
        long = "gateway-rate-limit",
        env = "BOOKSTORE_GATEWAY_RATE_LIMIT",
        value_name = "PER_SECOND",
        default_value_t = 50
    )]
    pub rate_limit_per_second: u32,

    /// Requests a client may make in a burst above the average rate before it is slowed down.
    #[arg(
        long = "gateway-rate-burst",
        env = "BOOKSTORE_GATEWAY_RATE_BURST",
        value_name = "REQUESTS",
        default_value_t = 100,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub rate_limit_burst: u32,

    /// Largest request body the gateway forwards (413 above): bytes, or with a `KiB`/`MiB`
    /// suffix.
    #[arg(
        long = "gateway-max-body",
        env = "BOOKSTORE_GATEWAY_MAX_BODY",
        value_name = "SIZE",
        default_value = "1MiB",
        value_parser = parse_size
    )]
    pub max_body: usize,

    /// How long `/readyz` waits for each service's own `/readyz` (and `/openapi.json` for each
    /// service's document) before counting it as down; the kit bounds a check at 2 s anyway.
    #[arg(
        long = "gateway-ready-timeout",
        env = "BOOKSTORE_GATEWAY_READY_TIMEOUT",
        value_name = "DURATION",
        default_value = "1s",
        value_parser = parse_duration
    )]
    pub ready_timeout: Duration,

    /// Proxies in front of the gateway (an ingress controller, a load balancer) whose
    /// `X-Forwarded-For` names the client, as address blocks (`10.0.0.0/8,fd00::/8`). Only
    /// then are anonymous clients told apart behind them; a client's own header is ignored.
    #[arg(
        long = "gateway-trusted-proxies",
        env = "BOOKSTORE_GATEWAY_TRUSTED_PROXIES",
        value_name = "CIDR,...",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<Cidr>,
}

impl Default for GatewayArgs {
    /// The same values as the flags' defaults (a unit test keeps the two in step).
    fn default() -> Self {
        GatewayArgs {
            upstream_timeout: Duration::from_secs(30),
            rate_limit_per_second: 50,
            rate_limit_burst: 100,
            max_body: 1 << 20,
            ready_timeout: Duration::from_secs(1),
            trusted_proxies: Vec::new(),
        }
    }
}

/// `250ms`, `30s`, `2m`, or a plain number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 250ms, 30s or 2m"))?;
    match unit.trim() {
        "ms" => Ok(Duration::from_millis(number)),
        "" | "s" => Ok(Duration::from_secs(number)),
        "m" => Ok(Duration::from_secs(number.saturating_mul(60))),
        other => Err(format!("unknown duration unit `{other}`: use ms, s or m")),
    }
}

/// A byte count, optionally with a `KiB` or `MiB` suffix.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: usize = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as 65536, 512KiB or 1MiB"))?;
    let factor = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        other => return Err(format!("unknown size unit `{other}`: use KiB or MiB")),
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        gateway: GatewayArgs,
    }

    #[test]
    fn defaults_match_the_flags() {
        let Ok(cli) = Cli::try_parse_from(["gateway"]) else {
            panic!("parsing no arguments failed");
        };
        let default = GatewayArgs::default();
        assert_eq!(cli.gateway.upstream_timeout, default.upstream_timeout);
        assert_eq!(
            cli.gateway.rate_limit_per_second,
            default.rate_limit_per_second
        );
        assert_eq!(cli.gateway.rate_limit_burst, default.rate_limit_burst);
        assert_eq!(cli.gateway.max_body, default.max_body);
        assert_eq!(cli.gateway.ready_timeout, default.ready_timeout);
        assert_eq!(cli.gateway.trusted_proxies, default.trusted_proxies);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert!(parse_duration("fast").is_err());
        assert!(parse_duration("3h").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("512KiB"), Ok(512 * 1024));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert!(parse_size("1GB").is_err());
        assert!(parse_size("lots").is_err());
    }
}
