//! Authentication every service shares: the access token's claims, signing keys, verification
//! against the user service's published keys, and the extractors handlers use.
//!
//! Services verify tokens themselves (not only the gateway), so reaching a service directly
//! gains nothing.

mod claims;
mod extract;
mod jwk;
mod service_token;
mod signing;
mod verifier;

pub use claims::{AUDIENCE, Claims, ISSUER};
pub use extract::{AdminUser, AuthRejection, AuthUser, MaybeUser, bearer_token};
pub use jwk::{Jwk, JwkSet};
pub use service_token::{ServiceCaller, ServiceToken};
pub use signing::{KeyPair, Signer};
pub use verifier::{AuthError, HttpJwks, KeySource, StaticKeys, Verifier};
