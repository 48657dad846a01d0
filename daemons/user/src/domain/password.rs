//! A new password that meets the policy.
//!
//! The policy follows NIST SP 800-63B rather than composition rules: long enough, not absurdly
//! long, not one of the passwords every attacker tries first, not a run like `aaaaaaaaaa` or
//! `0123456789`. Pass-phrases with spaces are welcome.

use secrecy::{ExposeSecret, SecretString};

/// A password that passed the policy. Its `Debug` never shows it.
#[derive(Debug, Clone)]
pub struct Password(SecretString);

impl Password {
    pub const MIN_CHARS: usize = 10;
    /// Bounds the work one request can ask of the hasher.
    pub const MAX_CHARS: usize = 128;
    const MIN_DISTINCT: usize = 5;

    /// Checks a new password; the error is the message for the password field of a 400 and
    /// never repeats the password.
    pub fn parse(raw: &str) -> Result<Password, String> {
        let chars: Vec<char> = raw.chars().collect();
        if chars.len() < Self::MIN_CHARS {
            return Err(format!("must be at least {} characters", Self::MIN_CHARS));
        }
        if chars.len() > Self::MAX_CHARS {
            return Err(format!("must be at most {} characters", Self::MAX_CHARS));
        }
        if raw.trim().is_empty() {
            return Err("must not be only spaces".into());
        }
        let mut distinct = chars.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < Self::MIN_DISTINCT || is_sequence(&chars) {
            return Err("is too easy to guess: avoid repeated or sequential characters".into());
        }
        let lower = raw.to_lowercase();
        if COMMON.contains(&lower.as_str()) {
            return Err("is one of the most common passwords; choose another".into());
        }
        Ok(Password(SecretString::from(raw)))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

/// `abcdefghij`, `9876543210`: every step between neighbours the same ±1.
fn is_sequence(chars: &[char]) -> bool {
    let steps: Vec<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    steps
        .first()
        .is_some_and(|first| first.abs() == 1 && steps.iter().all(|s| s == first))
}

/// The most common leaked passwords of ten characters or more (shorter ones fail the length
/// rule anyway), lower-cased.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "a123456789",
    "abc1234567",
    "administrator",
    "iloveyou12",
    "letmein123",
    "password01",
    "password12",
    "password123",
    "password1234",
    "password!!",
    "passw0rd123",
    "qwerty1234",
    "qwerty123456",
    "qwertyuiop",
    "qwertyuiop123",
    "welcome123",
    "zaq12wsxcde",
    "1q2w3e4r5t6y",
    "asdfghjkl1",
    "bookstore123",
    "changeme123",
];

#[cfg(test)]
mod tests {
    use super::Password;

    #[test]
    fn reasonable_passwords_pass() {
        for good in [
            "correct horse battery staple",
            "Tr0ub4dor&3x",
            "zebra-kettle-42",
            "0123456789x",
        ] {
            assert!(Password::parse(good).is_ok(), "{good} was refused");
        }
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        let cases = [
            ("short", "at least 10"),
            ("aaaaaaaaaaaa", "too easy"),
            ("abababababab", "too easy"),
            ("abcdefghijkl", "too easy"),
            ("9876543210", "too easy"),
            ("Password123", "most common"),
            ("QWERTYUIOP", "most common"),
            ("            ", "only spaces"),
        ];
        for (bad, reason) in cases {
            match Password::parse(bad) {
                Ok(_) => panic!("{bad:?} was accepted"),
                Err(e) => assert!(e.contains(reason), "{bad:?}: {e}"),
            }
        }
        assert!(Password::parse(&"x1".repeat(65)).is_err());
    }

    #[test]
    fn debug_never_shows_the_password() {
        let p = Password::parse("zebra-kettle-42").map_err(|e| e.to_string());
        assert!(!format!("{p:?}").contains("kettle"));
    }
}
