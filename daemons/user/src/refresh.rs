//! Refresh token secrets: 32 random bytes handed to the client once; only their SHA-256 is
//! stored, so a copy of the database grants no sessions.

use anyhow::Context as _;
use aws_lc_rs::digest;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A fresh token and the hash to store for it.
#[derive(Debug)]
pub struct NewSecret {
    /// For the client; never logged, never stored.
    pub token: String,
    pub hash: String,
}

/// A new random refresh token.
pub fn generate() -> anyhow::Result<NewSecret> {
    let mut bytes = [0u8; 32];
    aws_lc_rs::rand::fill(&mut bytes).context("the system random generator failed")?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash(&token);
    Ok(NewSecret { token, hash })
}

/// The stored form of a token. A plain (unsalted, fast) hash is enough: the token is 256 random
/// bits, so there is nothing to guess, and lookup by hash needs it deterministic.
pub fn hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest::digest(&digest::SHA256, token.as_bytes()))
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_ne!(a.token, b.token);
        assert_eq!(a.token.len(), 43);
        assert_eq!(a.hash, hash(&a.token));
        assert_ne!(a.hash, a.token);
    }
}
