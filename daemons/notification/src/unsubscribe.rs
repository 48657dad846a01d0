//! Unsubscribe links: every message carries one that turns its topic off on its channel,
//! without logging in. The link's token names the reader, topic and channel and is signed
//! with a key the service keeps in its database (made on first start, shared by replicas).

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bookstore_kit::db::Db;
use bookstore_sdk::types::{Channel, Topic};
use uuid::Uuid;

use crate::error::NotificationError;
use crate::on_conn;
use crate::store::secrets;

/// The public path of the unsubscribe page.
pub const PATH: &str = "/api/v1/notifications/unsubscribe";
/// Bytes of the signature kept in a token: 128 bits cannot be guessed.
const TAG_LEN: usize = 16;
const KEY_NAME: &str = "unsubscribe-key";

/// Makes and checks unsubscribe links. Cloning shares the key.
#[derive(Clone)]
pub struct Links {
    key: hmac::Key,
    base: String,
}

impl std::fmt::Debug for Links {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Links").field("base", &self.base).finish()
    }
}

/// What a valid token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsubscribe {
    pub user_id: Uuid,
    pub topic: Topic,
    pub channel: Channel,
}

impl Links {
    /// Links under `public_url`, signed with the stored key (made now if there is none).
    pub async fn load(db: &Db, public_url: &str) -> Result<Links, NotificationError> {
        let candidate = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
        let stored = on_conn!(db, |conn| secrets::get_or_insert(
            conn, KEY_NAME, &candidate
        )
        .await)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(stored.as_bytes())
            .map_err(|e| anyhow::anyhow!("the stored unsubscribe key is corrupt: {e}"))?;
        Ok(Links::new(&bytes, public_url))
    }

    pub fn new(key: &[u8], public_url: &str) -> Links {
        Links {
            key: hmac::Key::new(hmac::HMAC_SHA256, key),
            base: public_url.trim_end_matches('/').to_owned(),
        }
    }

    /// The token for `what`.
    pub fn token(&self, what: Unsubscribe) -> String {
        let mut bytes = Vec::with_capacity(18 + TAG_LEN);
        bytes.extend_from_slice(what.user_id.as_bytes());
        bytes.push(topic_code(what.topic));
        bytes.push(channel_code(what.channel));
        let tag = hmac::sign(&self.key, &bytes);
        bytes.extend_from_slice(&tag.as_ref()[..TAG_LEN]);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The link that stops `topic` on `channel` for `user_id`.
    pub fn url(&self, user_id: Uuid, topic: Topic, channel: Channel) -> String {
        let token = self.token(Unsubscribe {
            user_id,
            topic,
            channel,
        });
        format!("{}{PATH}?token={token}", self.base)
    }

    /// What `token` says, if this store signed it.
    pub fn verify(&self, token: &str) -> Result<Unsubscribe, NotificationError> {
        let bad = || NotificationError::BadUnsubscribeLink;
        let bytes = URL_SAFE_NO_PAD.decode(token.trim()).map_err(|_| bad())?;
        if bytes.len() != 18 + TAG_LEN {
            return Err(bad());
        }
        let (message, tag) = bytes.split_at(18);
        let expected = hmac::sign(&self.key, message);
        aws_lc_rs::constant_time::verify_slices_are_equal(&expected.as_ref()[..TAG_LEN], tag)
            .map_err(|_| bad())?;
        let user_id = Uuid::from_slice(&message[..16]).map_err(|_| bad())?;
        let topic = topic_of(message[16]).ok_or_else(bad)?;
        let channel = channel_of(message[17]).ok_or_else(bad)?;
        Ok(Unsubscribe {
            user_id,
            topic,
            channel,
        })
    }
}

// Codes, not names, keep tokens short; they are part of every link sent, so never renumber.
fn topic_code(topic: Topic) -> u8 {
    match topic {
        Topic::Account => 1,
        Topic::Orders => 2,
        Topic::Promotions => 3,
    }
}

fn topic_of(code: u8) -> Option<Topic> {
    Topic::ALL.iter().copied().find(|t| topic_code(*t) == code)
}

fn channel_code(channel: Channel) -> u8 {
    match channel {
        Channel::Email => 1,
        Channel::Sms => 2,
        Channel::InApp => 3,
    }
}

fn channel_of(code: u8) -> Option<Channel> {
    Channel::ALL
        .iter()
        .copied()
        .find(|c| channel_code(*c) == code)
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_link_says_what_it_was_made_for_and_nothing_else_verifies() {
        let links = Links::new(
            b"0123456789abcdef0123456789abcdef",
            "https://books.example/",
        );
        let what = Unsubscribe {
            user_id: Uuid::now_v7(),
            topic: Topic::Promotions,
            channel: Channel::Email,
        };
        let url = links.url(what.user_id, what.topic, what.channel);
        let token = url.split("token=").nth(1).unwrap();
        assert!(url.starts_with("https://books.example/api/v1/notifications/unsubscribe?token="));
        assert_eq!(links.verify(token).unwrap(), what);

        // Another store's key, a flipped byte, a truncated or garbage token: refused.
        let other = Links::new(b"another key of thirty-two bytes!", "https://x");
        assert!(other.verify(token).is_err());
        let mut bytes = URL_SAFE_NO_PAD.decode(token).unwrap();
        bytes[16] = 2; // the same reader, another topic
        assert!(links.verify(&URL_SAFE_NO_PAD.encode(&bytes)).is_err());
        assert!(links.verify(&token[..token.len() - 2]).is_err());
        assert!(links.verify("not a token!").is_err());
    }
}
