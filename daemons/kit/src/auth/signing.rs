//! Ed25519 signing keys and the signer that issues access tokens.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair as _};
use jsonwebtoken::{Algorithm, EncodingKey, Header};

use super::claims::Claims;
use super::jwk::Jwk;

/// A private signing key with its id.
#[derive(Clone)]
pub struct KeyPair {
    pub kid: String,
    /// PKCS#8 DER of the private key; a secret.
    pkcs8: Vec<u8>,
    public: Vec<u8>,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyPair({})", self.kid)
    }
}

impl KeyPair {
    /// A fresh Ed25519 key with a random id.
    pub fn generate() -> Result<KeyPair, String> {
        let doc = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
            .map_err(|e| format!("cannot generate a signing key: {e}"))?;
        let kid = uuid::Uuid::now_v7().simple().to_string();
        Self::from_pkcs8(&kid, doc.as_ref())
    }

    /// A key loaded from storage.
    pub fn from_pkcs8(kid: &str, pkcs8: &[u8]) -> Result<KeyPair, String> {
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8)
            .map_err(|e| format!("signing key {kid} is not valid PKCS#8 Ed25519: {e}"))?;
        Ok(KeyPair {
            kid: kid.to_owned(),
            pkcs8: pkcs8.to_vec(),
            public: pair.public_key().as_ref().to_vec(),
        })
    }

    pub fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    pub fn jwk(&self) -> Jwk {
        Jwk::ed25519(&self.kid, &self.public)
    }
}

/// Issues access tokens with one key.
#[derive(Clone)]
pub struct Signer {
    kid: String,
    key: EncodingKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer({})", self.kid)
    }
}

impl Signer {
    pub fn new(pair: &KeyPair) -> Signer {
        Signer {
            kid: pair.kid.clone(),
            key: EncodingKey::from_ed_der(&pair.pkcs8),
        }
    }

    /// The id of the key, as the tokens' `kid` names it.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, String> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.key).map_err(|e| e.to_string())
    }
}
