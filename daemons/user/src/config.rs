//! The user service's flags, each with its `BOOKSTORE_*` variable.
//!
//! The database is not here: `bookstored` resolves every service's database the same way
//! (`--user-database-url` / `BOOKSTORE_USER_DATABASE_URL` among its common flags, then
//! `BOOKSTORE_DATABASE_URL`, then SQLite), migrates it and hands [`crate::start`] an open pool.
//! Declaring the flag here as well would register it twice in the one clap command.

use std::time::Duration;

use bookstore_kit::config::parse_secret;
use secrecy::SecretString;

/// Flags of the user service.
#[derive(Debug, Clone, clap::Args)]
pub struct UserArgs {
    /// Email of the first admin, created at start when no admin exists; admin@bookstore.local
    /// when unset.
    #[arg(long, env = "BOOKSTORE_ADMIN_EMAIL")]
    pub admin_email: Option<String>,

    /// Password of the first admin; when unset, a strong one is generated and printed once.
    #[arg(long, env = "BOOKSTORE_ADMIN_PASSWORD", hide_env_values = true, value_parser = parse_secret)]
    pub admin_password: Option<SecretString>,

    /// How long an access token is valid: a number with a unit, `s`, `m`, `h` or `d`.
    #[arg(long, env = "BOOKSTORE_ACCESS_TOKEN_TTL", default_value = "15m", value_parser = parse_ttl)]
    pub access_token_ttl: Duration,

    /// How long a refresh token may lie unused before it expires (each use starts a new one).
    #[arg(long, env = "BOOKSTORE_REFRESH_TOKEN_TTL", default_value = "30d", value_parser = parse_ttl)]
    pub refresh_token_ttl: Duration,
}

impl Default for UserArgs {
    /// The same values as the flags' defaults, for tests and embedding.
    fn default() -> Self {
        UserArgs {
            admin_email: None,
            admin_password: None,
            access_token_ttl: Duration::from_secs(15 * 60),
            refresh_token_ttl: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

/// `90s`, `15m`, `12h`, `30d`; a bare number is seconds. Zero is refused: a token that is born
/// expired is a configuration mistake.
pub fn parse_ttl(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let split = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{raw}` is not a duration like 15m, 12h or 30d"))?;
    let unit_secs = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{raw}` (use s, m, h or d)"
            ));
        }
    };
    match n.checked_mul(unit_secs) {
        Some(0) => Err("a duration must be more than zero".into()),
        Some(secs) if secs <= i64::MAX as u64 / 1000 => Ok(Duration::from_secs(secs)),
        _ => Err(format!("`{raw}` is too long")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_ttl("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_ttl("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_ttl("12h"), Ok(Duration::from_secs(43_200)));
        assert_eq!(parse_ttl("30d"), Ok(Duration::from_secs(2_592_000)));
        assert!(parse_ttl("0s").is_err());
        assert!(parse_ttl("15 minutes").is_err());
        assert!(parse_ttl("m").is_err());
        assert!(parse_ttl("99999999999999999999d").is_err());
    }

    #[test]
    fn defaults_match_the_flags() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            user: UserArgs,
        }
        let parsed = Cli::parse_from(["test"]).user;
        let default = UserArgs::default();
        assert_eq!(parsed.access_token_ttl, default.access_token_ttl);
        assert_eq!(parsed.refresh_token_ttl, default.refresh_token_ttl);
    }
}
