//! An email address, normalised so that uniqueness is case-insensitive.

/// A syntactically plausible email address, trimmed and lower-cased.
///
/// Lower-casing the whole address (local part included) is what makes `Ada@Example.com` and
/// `ada@example.com` one account; no mail provider in practice treats them as two mailboxes.
/// Folding happens here, in Rust, rather than with SQL `lower()`, which SQLite applies to ASCII
/// only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

/// RFC 5321's limits: 64 octets of local part, 254 in all.
const MAX_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;

impl Email {
    /// Parses an address; the error says what is wrong, for the `email` field of a 400.
    pub fn parse(raw: &str) -> Result<Email, String> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("must not be empty".into());
        }
        if email.len() > MAX_LEN {
            return Err(format!("must be at most {MAX_LEN} characters"));
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("must not contain spaces or control characters".into());
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err("must contain an @".into());
        };
        if local.is_empty() || local.len() > MAX_LOCAL_LEN || local.contains('@') {
            return Err("has an invalid part before the @".into());
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |l: &&str| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if labels.len() < 2 || !labels.iter().all(label_ok) {
            return Err("has an invalid domain after the @".into());
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn addresses_are_trimmed_and_folded() {
        assert_eq!(
            Email::parse("  Ada.Lovelace@Example.COM ").map(|e| e.to_string()),
            Ok("ada.lovelace@example.com".to_owned())
        );
        assert_eq!(
            Email::parse("ÅSA@Exämple.se").map(|e| e.to_string()),
            Ok("åsa@exämple.se".to_owned())
        );
    }

    #[test]
    fn implausible_addresses_are_refused() {
        for bad in [
            "",
            "   ",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "ada @example.com",
            "ada@exa mple.com",
            "ada@.example.com",
            "ada@example..com",
            "ada@-example.com",
            "ada\u{7}@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn length_limits_hold() {
        let local = "a".repeat(65);
        assert!(Email::parse(&format!("{local}@example.com")).is_err());
        let domain = format!("{}.com", "d".repeat(250));
        assert!(Email::parse(&format!("a@{domain}")).is_err());
    }
}
