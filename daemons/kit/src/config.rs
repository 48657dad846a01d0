//! Flag values every service parses the same way.

use std::time::Duration;

/// A secret flag's value, kept out of `Debug` output and logs (`value_parser = parse_secret`).
pub fn parse_secret(raw: &str) -> Result<secrecy::SecretString, std::convert::Infallible> {
    Ok(secrecy::SecretString::from(raw))
}

/// `90s`, `15m`, `12h`, `30d`; a bare number is seconds; `ms` for tests' short intervals.
/// Zero is refused: a reservation born expired, or a sweep that never sleeps, is a mistake.
pub fn parse_duration(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let split = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{raw}` is not a duration like 30s, 15m or 12h"))?;
    let duration = match unit {
        "ms" => Some(Duration::from_millis(n)),
        "" | "s" => Some(Duration::from_secs(n)),
        "m" => n.checked_mul(60).map(Duration::from_secs),
        "h" => n.checked_mul(3600).map(Duration::from_secs),
        "d" => n.checked_mul(86_400).map(Duration::from_secs),
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{raw}` (use ms, s, m, h or d)"
            ));
        }
    };
    match duration {
        Some(d) if d.is_zero() => Err("a duration must be more than zero".into()),
        Some(d) if d <= Duration::from_secs(365 * 86_400) => Ok(d),
        _ => Err(format!("`{raw}` is too long (a year at most)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("15 minutes").is_err());
        assert!(parse_duration("400d").is_err());
        assert!(parse_duration("99999999999999999999d").is_err());
    }
}
