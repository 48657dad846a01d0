//! The payment service's flags, each with its `BOOKSTORE_*` variable.
//!
//! The database is not here: `bookstored` resolves every service's database the same way
//! (`--payment-database-url` / `BOOKSTORE_PAYMENT_DATABASE_URL` among its common flags, then
//! `BOOKSTORE_DATABASE_URL`, then SQLite), migrates it and hands [`crate::start`] an open pool.
//! A provider is enabled by configuring its credentials; the sandbox is on unless turned off.

use std::time::Duration;

use bookstore_kit::config::parse_secret;
use secrecy::SecretString;

/// Flags of the payment service.
#[derive(Debug, Clone, clap::Args)]
pub struct PaymentArgs {
    /// Whether the built-in sandbox provider (test cards, no real money) takes payments.
    #[arg(long, env = "BOOKSTORE_SANDBOX", default_value_t = true, action = clap::ArgAction::Set)]
    pub sandbox: bool,

    /// How long each sandbox request takes: `0ms`, `50ms`, `2s`.
    #[arg(long, env = "BOOKSTORE_SANDBOX_LATENCY", default_value = "0ms", value_parser = parse_latency)]
    pub sandbox_latency: Duration,

    /// The share of sandbox requests that fail as a provider outage would (retried), from 0.0
    /// to 1.0.
    #[arg(long, env = "BOOKSTORE_SANDBOX_FAILURE_RATE", default_value_t = 0.0, value_parser = parse_rate)]
    pub sandbox_failure_rate: f64,

    /// How many times a charge is tried against a provider that fails transiently before the
    /// payment fails as `provider_unavailable`. Keep it below the consumer's retry attempts
    /// so the payment fails (and the order hears of it) before the event is dead-lettered.
    #[arg(long, env = "BOOKSTORE_PAYMENT_MAX_ATTEMPTS", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub payment_max_attempts: u32,

    /// The longest one request to an HTTP provider (Stripe, PayPal) may take.
    #[arg(long, env = "BOOKSTORE_PAYMENT_PROVIDER_TIMEOUT", default_value = "30s", value_parser = parse_latency)]
    pub payment_provider_timeout: Duration,

    /// Stripe secret API key (`sk_...`); Stripe is enabled when it is set.
    #[arg(long, env = "BOOKSTORE_STRIPE_API_KEY", hide_env_values = true, value_parser = parse_secret)]
    pub stripe_api_key: Option<SecretString>,

    /// Where Stripe's API is.
    #[arg(
        long,
        env = "BOOKSTORE_STRIPE_BASE_URL",
        default_value = "https://api.stripe.com"
    )]
    pub stripe_base_url: String,

    /// The signing secret (`whsec_...`) of the Stripe webhook endpoint; Stripe callbacks are
    /// refused without it.
    #[arg(long, env = "BOOKSTORE_STRIPE_WEBHOOK_SECRET", hide_env_values = true, value_parser = parse_secret)]
    pub stripe_webhook_secret: Option<SecretString>,

    /// PayPal REST app client id; PayPal is enabled when it and the secret are set.
    #[arg(long, env = "BOOKSTORE_PAYPAL_CLIENT_ID")]
    pub paypal_client_id: Option<String>,

    /// PayPal REST app client secret.
    #[arg(long, env = "BOOKSTORE_PAYPAL_CLIENT_SECRET", hide_env_values = true, value_parser = parse_secret)]
    pub paypal_client_secret: Option<SecretString>,

    /// Where PayPal's API is (the sandbox by default; https://api-m.paypal.com for live).
    #[arg(
        long,
        env = "BOOKSTORE_PAYPAL_BASE_URL",
        default_value = "https://api-m.sandbox.paypal.com"
    )]
    pub paypal_base_url: String,

    /// The id of the PayPal webhook, which PayPal's signature verification needs; PayPal
    /// callbacks are refused without it.
    #[arg(long, env = "BOOKSTORE_PAYPAL_WEBHOOK_ID")]
    pub paypal_webhook_id: Option<String>,
}

impl Default for PaymentArgs {
    /// The same values as the flags' defaults, for tests and embedding.
    fn default() -> Self {
        PaymentArgs {
            sandbox: true,
            sandbox_latency: Duration::ZERO,
            sandbox_failure_rate: 0.0,
            payment_max_attempts: 4,
            payment_provider_timeout: Duration::from_secs(30),
            stripe_api_key: None,
            stripe_base_url: "https://api.stripe.com".into(),
            stripe_webhook_secret: None,
            paypal_client_id: None,
            paypal_client_secret: None,
            paypal_base_url: "https://api-m.sandbox.paypal.com".into(),
            paypal_webhook_id: None,
        }
    }
}

/// `0ms`, `50ms`, `2s`, `1m`; a bare number is milliseconds. Zero is allowed: no latency.
pub fn parse_latency(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let split = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{raw}` is not a duration like 0ms, 50ms or 2s"))?;
    let duration = match unit {
        "" | "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.saturating_mul(60)),
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{raw}` (use ms, s or m)"
            ));
        }
    };
    if duration > Duration::from_secs(3600) {
        return Err(format!("`{raw}` is too long (an hour at most)"));
    }
    Ok(duration)
}

/// A share from 0.0 to 1.0.
pub fn parse_rate(raw: &str) -> Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("`{raw}` is not a rate from 0.0 to 1.0")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latencies_and_rates_parse() {
        assert_eq!(parse_latency("0ms"), Ok(Duration::ZERO));
        assert_eq!(parse_latency("50ms"), Ok(Duration::from_millis(50)));
        assert_eq!(parse_latency("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_latency("250"), Ok(Duration::from_millis(250)));
        assert!(parse_latency("fast").is_err());
        assert!(parse_latency("2h").is_err());
        assert_eq!(parse_rate("0.25"), Ok(0.25));
        assert!(parse_rate("1.5").is_err());
        assert!(parse_rate("-0.1").is_err());
        assert!(parse_rate("NaN").is_err());
    }

    #[test]
    fn defaults_match_the_flags() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            payment: PaymentArgs,
        }
        let parsed = Cli::parse_from(["test"]).payment;
        let default = PaymentArgs::default();
        assert_eq!(parsed.sandbox, default.sandbox);
        assert_eq!(parsed.sandbox_latency, default.sandbox_latency);
        assert_eq!(parsed.sandbox_failure_rate, default.sandbox_failure_rate);
        assert_eq!(parsed.payment_max_attempts, default.payment_max_attempts);
        assert_eq!(
            parsed.payment_provider_timeout,
            default.payment_provider_timeout
        );
        assert_eq!(parsed.stripe_base_url, default.stripe_base_url);
        assert_eq!(parsed.paypal_base_url, default.paypal_base_url);
        assert!(parsed.stripe_api_key.is_none() && parsed.paypal_client_id.is_none());
        let off = Cli::parse_from(["test", "--sandbox", "false"]).payment;
        assert!(!off.sandbox);
    }
}
