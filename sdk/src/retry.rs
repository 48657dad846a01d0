//! When to retry a call and how long to wait: jittered exponential backoff, or `Retry-After`.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// How idempotent calls are retried after a connection failure, `429`, `502`, `503` or `504`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Tries in all, the first included; `1` means no retries.
    pub max_attempts: u32,
    /// The backoff before the first retry; it doubles for each one after.
    pub base_delay: Duration,
    /// The backoff never grows past this.
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: the call fails at once, so a person
    /// is not left looking at a silent terminal.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// How long to wait after failed attempt number `attempt` (counting from 1) before the next,
    /// or `None` to give up. `retry_after` is what the server asked for; `jitter` is a random
    /// number in `[0, 1)`.
    ///
    /// The backoff is "equal jitter": half the exponential delay is kept and half is random, so
    /// clients that failed together spread out but none retries at once.
    pub fn delay(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        let ceiling = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let half = ceiling / 2;
        Some(half + half.mul_f64(jitter.clamp(0.0, 1.0)))
    }
}

/// Reads a `Retry-After` value: delay seconds (`120`) or an HTTP date, relative to `now`.
/// A date in the past means "now".
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) is a valid RFC 2822 date.
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            max_retry_after: Duration::from_secs(10),
        }
    }

    #[test]
    fn backoff_doubles_within_jitter_bounds_and_caps() {
        let p = policy();
        assert_eq!(p.delay(1, None, 0.0), Some(Duration::from_millis(50)));
        assert_eq!(p.delay(1, None, 1.0), Some(Duration::from_millis(100)));
        assert_eq!(p.delay(2, None, 0.0), Some(Duration::from_millis(100)));
        assert_eq!(p.delay(2, None, 1.0), Some(Duration::from_millis(200)));
        // 400 ms capped at 300 ms.
        assert_eq!(p.delay(3, None, 0.0), Some(Duration::from_millis(150)));
        assert_eq!(p.delay(3, None, 1.0), Some(Duration::from_millis(300)));
        let mid = p.delay(2, None, 0.5).unwrap();
        assert!(mid > Duration::from_millis(100) && mid < Duration::from_millis(200));
    }

    #[test]
    fn gives_up_after_max_attempts() {
        let p = policy();
        assert!(p.delay(4, None, 0.0).is_some());
        assert_eq!(p.delay(5, None, 0.0), None);
        assert_eq!(RetryPolicy::none().delay(1, None, 0.0), None);
    }

    #[test]
    fn retry_after_wins_over_backoff_unless_too_long() {
        let p = policy();
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3)), 0.9),
            Some(Duration::from_secs(3))
        );
        assert_eq!(p.delay(1, Some(Duration::ZERO), 0.9), Some(Duration::ZERO));
        assert_eq!(p.delay(1, Some(Duration::from_secs(11)), 0.0), None);
        assert_eq!(p.delay(5, Some(Duration::from_secs(1)), 0.0), None);
    }

    #[test]
    fn huge_attempt_numbers_do_not_overflow() {
        let p = RetryPolicy {
            max_attempts: u32::MAX,
            ..policy()
        };
        assert_eq!(p.delay(200, None, 1.0), Some(Duration::from_millis(300)));
    }

    #[test]
    fn parses_seconds_and_dates() {
        let now = DateTime::parse_from_rfc3339("2026-11-26T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Thu, 26 Nov 2026 10:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Thu, 26 Nov 2026 09:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }
}
