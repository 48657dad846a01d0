//! `Idempotency-Key`: the client's name for one request, so that repeating it (after a timeout
//! whose outcome it never learnt, say) has the first request's effect only. A service stores the
//! key with what the request made, plus [`request_hash`] to tell a repeat from a different
//! request under the same key.

use serde::Serialize;

/// The header.
pub const HEADER: &str = "idempotency-key";
/// The longest key accepted.
pub const MAX_LEN: usize = 255;

/// The key, trimmed, or why it is refused (for a field error named after the header).
pub fn check(key: &str) -> Result<&str, String> {
    let key = key.trim();
    if key.is_empty() || key.len() > MAX_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!("must be 1 to {MAX_LEN} printable ASCII characters"));
    }
    Ok(key)
}

/// SHA-256 of the request as parsed (so spacing and ignored members do not count), hex.
pub fn request_hash<T: Serialize>(request: &T) -> anyhow::Result<String> {
    let bytes = serde_json::to_vec(request)?;
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &bytes);
    Ok(digest.as_ref().iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_printable_ascii() {
        assert_eq!(check("  3f2a-key  "), Ok("3f2a-key"));
        assert!(check("").is_err());
        assert!(check("two words").is_err());
        assert!(check("ключ").is_err());
        assert!(check(&"k".repeat(MAX_LEN)).is_ok());
        assert!(check(&"k".repeat(MAX_LEN + 1)).is_err());
    }

    #[test]
    fn the_hash_follows_the_request_not_its_spelling() {
        let a: serde_json::Value = serde_json::from_str(r#"{"a": 1, "b": [2]}"#).unwrap();
        let b: serde_json::Value = serde_json::from_str(r#"{"b":[2],"a":1}"#).unwrap();
        let c: serde_json::Value = serde_json::from_str(r#"{"a": 2, "b": [2]}"#).unwrap();
        assert_eq!(request_hash(&a).unwrap(), request_hash(&b).unwrap());
        assert_ne!(request_hash(&a).unwrap(), request_hash(&c).unwrap());
        assert_eq!(request_hash(&a).unwrap().len(), 64);
    }
}
