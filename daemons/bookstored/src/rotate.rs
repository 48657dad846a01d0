//! `bookstored rotate-signing-key`: a new key signs the user service's tokens from now on.

use bookstore_kit::service::ServiceName;

use crate::migrate;
use crate::run::Failure;

/// Rotates the key in the user service's database (the one `bookstored` would open for the
/// user service: the same flags and variables). Running user services sign with the new key
/// from their next token; tokens the old key signed stay valid until they expire.
pub async fn run(common: &crate::args::CommonArgs) -> Result<(), Failure> {
    let db = migrate::prepare(common, ServiceName::User).await?;
    let rotation = bookstore_user::keys::rotate(&db)
        .await
        .map_err(|e| anyhow::anyhow!("rotating the signing key: {e}"))?;
    println!("user: signing with key {}", rotation.kid);
    for kid in &rotation.retired {
        println!("user: retired key {kid}; published until the tokens it signed expire");
    }
    Ok(())
}
