//! The notification service's flags, each with its `BOOKSTORE_*` variable.
//!
//! The database is not here: `bookstored` resolves every service's database the same way and
//! hands [`crate::start`] an open pool, with the data directory (where emails go as `.eml`
//! files when no SMTP server is configured). A channel is enabled by configuring it: email
//! always works (SMTP or files), SMS needs a provider account.

use std::path::PathBuf;
use std::time::Duration;

use bookstore_kit::config::{parse_duration, parse_secret};
use secrecy::SecretString;

/// Flags of the notification service.
#[derive(Debug, Clone, clap::Args)]
pub struct NotificationArgs {
    /// SMTP server for email: `smtp://host:25`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host:465`. Unset: every email is written as an `.eml` file to the mail
    /// folder instead.
    #[arg(long, env = "BOOKSTORE_SMTP_URL", hide_env_values = true, value_parser = parse_secret)]
    pub smtp_url: Option<SecretString>,

    /// Where emails are written when no SMTP server is configured [default: `mail` in the
    /// data directory].
    #[arg(long, env = "BOOKSTORE_MAIL_DIR")]
    pub mail_dir: Option<PathBuf>,

    /// The sender of every email.
    #[arg(
        long,
        env = "BOOKSTORE_MAIL_FROM",
        default_value = "Bookstore <no-reply@bookstore.example>"
    )]
    pub mail_from: String,

    /// Account SID at the SMS provider (a Twilio-style REST API); SMS is enabled when it, the
    /// auth token and the sender are set.
    #[arg(long, env = "BOOKSTORE_SMS_ACCOUNT_SID")]
    pub sms_account_sid: Option<String>,

    /// Auth token at the SMS provider.
    #[arg(long, env = "BOOKSTORE_SMS_AUTH_TOKEN", hide_env_values = true, value_parser = parse_secret)]
    pub sms_auth_token: Option<SecretString>,

    /// The number (E.164) or sender id text messages come from.
    #[arg(long, env = "BOOKSTORE_SMS_FROM")]
    pub sms_from: Option<String>,

    /// Where the SMS provider's API is.
    #[arg(
        long,
        env = "BOOKSTORE_SMS_BASE_URL",
        default_value = "https://api.twilio.com"
    )]
    pub sms_base_url: String,

    /// Where readers reach the store: the links in messages (unsubscribe) start with it
    /// [default: the gateway's URL].
    #[arg(long, env = "BOOKSTORE_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Attempts at one email or SMS before it is marked failed.
    #[arg(long, env = "BOOKSTORE_DELIVERY_MAX_ATTEMPTS", default_value_t = 8, value_parser = clap::value_parser!(i32).range(1..=100))]
    pub delivery_max_attempts: i32,

    /// The wait after a failed attempt; doubled after each further one, up to
    /// `--delivery-backoff-max`.
    #[arg(long, env = "BOOKSTORE_DELIVERY_BACKOFF", default_value = "5s", value_parser = parse_duration)]
    pub delivery_backoff: Duration,

    /// The longest wait between two attempts at one delivery.
    #[arg(long, env = "BOOKSTORE_DELIVERY_BACKOFF_MAX", default_value = "15m", value_parser = parse_duration)]
    pub delivery_backoff_max: Duration,

    /// How often the live stream sends a keep-alive comment, so proxies keep it open and a
    /// client can tell a dead connection from a quiet one.
    #[arg(long, env = "BOOKSTORE_STREAM_HEARTBEAT", default_value = "15s", value_parser = parse_duration)]
    pub stream_heartbeat: Duration,

    /// Readers a promotion's fan-out handles per transaction.
    #[arg(long, env = "BOOKSTORE_PROMOTION_BATCH", default_value_t = 500, value_parser = clap::value_parser!(i64).range(1..=10_000))]
    pub promotion_batch: i64,
}

impl Default for NotificationArgs {
    /// The same values as the flags' defaults, for tests and embedding.
    fn default() -> Self {
        NotificationArgs {
            smtp_url: None,
            mail_dir: None,
            mail_from: "Bookstore <no-reply@bookstore.example>".into(),
            sms_account_sid: None,
            sms_auth_token: None,
            sms_from: None,
            sms_base_url: "https://api.twilio.com".into(),
            public_url: None,
            delivery_max_attempts: 8,
            delivery_backoff: Duration::from_secs(5),
            delivery_backoff_max: Duration::from_secs(15 * 60),
            stream_heartbeat: Duration::from_secs(15),
            promotion_batch: 500,
        }
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
            notification: NotificationArgs,
        }
        let parsed = Cli::parse_from(["test"]).notification;
        let default = NotificationArgs::default();
        assert_eq!(parsed.mail_from, default.mail_from);
        assert_eq!(parsed.sms_base_url, default.sms_base_url);
        assert_eq!(parsed.delivery_max_attempts, default.delivery_max_attempts);
        assert_eq!(parsed.delivery_backoff, default.delivery_backoff);
        assert_eq!(parsed.delivery_backoff_max, default.delivery_backoff_max);
        assert_eq!(parsed.stream_heartbeat, default.stream_heartbeat);
        assert_eq!(parsed.promotion_batch, default.promotion_batch);
        assert!(parsed.smtp_url.is_none() && parsed.sms_account_sid.is_none());
    }
}
