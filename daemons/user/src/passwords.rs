//! Argon2id password hashing, run on the blocking pool so that a hash (tens of milliseconds of
//! CPU by design) never stalls the async workers.

use std::sync::Arc;

use anyhow::Context as _;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, PasswordHash, Version};
use secrecy::{ExposeSecret, SecretString};

use crate::domain::Password;
use crate::error::UserError;

/// Hashes and verifies passwords. Cloning shares it.
#[derive(Clone)]
pub struct Passwords {
    inner: Arc<Inner>,
}

struct Inner {
    params: Params,
    /// A hash of a random password with the same parameters: verified against when the email is
    /// unknown, so that a failed login costs the same whether or not the account exists.
    dummy_hash: String,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Passwords({:?})", self.inner.params)
    }
}

impl Passwords {
    /// Argon2id with OWASP's recommended parameters (19 MiB, two passes, one lane).
    pub fn new() -> anyhow::Result<Passwords> {
        Self::with_params(Params::default())
    }

    pub fn with_params(params: Params) -> anyhow::Result<Passwords> {
        let mut random = [0u8; 24];
        aws_lc_rs::rand::fill(&mut random).context("the system random generator failed")?;
        let dummy = hex(&random);
        let dummy_hash = hash_blocking(&params, dummy.as_bytes())?;
        Ok(Passwords {
            inner: Arc::new(Inner { params, dummy_hash }),
        })
    }

    /// The PHC string (`$argon2id$v=19$...`) of a new password, with a fresh random salt.
    pub async fn hash(&self, password: &Password) -> Result<String, UserError> {
        let inner = self.inner.clone();
        let password = SecretString::from(password.expose());
        let hash = tokio::task::spawn_blocking(move || {
            hash_blocking(&inner.params, password.expose_secret().as_bytes())
        })
        .await
        .context("the password hashing task failed")??;
        Ok(hash)
    }

    /// Whether `candidate` matches `stored`. With no stored hash (unknown account) it verifies
    /// against the dummy hash and answers `false`, taking as long as a real check.
    pub async fn verify(&self, candidate: &str, stored: Option<&str>) -> Result<bool, UserError> {
        let inner = self.inner.clone();
        let candidate = SecretString::from(candidate);
        let known = stored.is_some();
        let stored = stored.map(str::to_owned);
        let matched = tokio::task::spawn_blocking(move || -> anyhow::Result<bool> {
            let hash = stored.as_deref().unwrap_or(&inner.dummy_hash);
            let parsed = PasswordHash::new(hash).context("a stored password hash is malformed")?;
            Ok(argon2(&inner.params)
                .verify_password(candidate.expose_secret().as_bytes(), &parsed)
                .is_ok())
        })
        .await
        .context("the password verification task failed")??;
        Ok(known && matched)
    }
}

fn argon2(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

fn hash_blocking(params: &Params, password: &[u8]) -> anyhow::Result<String> {
    let hash = argon2(params)
        .hash_password(password)
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))?;
    Ok(hash.to_string())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let passwords = Passwords::new().unwrap();
        let password = Password::parse("zebra-kettle-42").unwrap();
        let hash = passwords.hash(&password).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            passwords
                .verify("zebra-kettle-42", Some(&hash))
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify("zebra-kettle-43", Some(&hash))
                .await
                .unwrap()
        );
        // Even the dummy's own password must not log in an unknown account.
        assert!(!passwords.verify("zebra-kettle-42", None).await.unwrap());
    }

    #[tokio::test]
    async fn a_corrupt_hash_is_an_error_not_a_match() {
        let passwords = Passwords::new().unwrap();
        assert!(
            passwords
                .verify("anything", Some("not-a-phc-string"))
                .await
                .is_err()
        );
    }
}
