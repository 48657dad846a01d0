//! Rotating the signing key: new tokens carry the new key at once, old ones stay valid while
//! they live, and the old key is published exactly that long.

#![expect(clippy::unwrap_used)]

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bookstore_kit::testing::backends;
use bookstore_user::UserArgs;

use crate::support::{PASSWORD, TestApp, UserAnswer};

/// The `kid` in a token's header.
fn kid_of(token: &str) -> String {
    let header = token.split('.').next().unwrap();
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
    header["kid"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rotated_key_signs_at_once_and_the_old_one_is_published_while_its_tokens_live() {
    const TTL: Duration = Duration::from_secs(3);
    for backend in backends() {
        let args = UserArgs {
            access_token_ttl: TTL,
            ..crate::support::args()
        };
        let app = TestApp::spawn_with(backend, args).await;
        let before = app.register("rae@example.com", "Rae").await;
        let old = kid_of(&before.access_token);
        assert_eq!(
            app.published_kids().await,
            vec![old.clone()],
            "{}",
            app.label
        );

        let rotation = bookstore_user::keys::rotate(app.db()).await.unwrap();
        assert_ne!(rotation.kid, old);
        assert_eq!(rotation.retired, vec![old.clone()]);

        // The running service signs with the new key from the next token on.
        let after = app.login("rae@example.com", PASSWORD).await.pair();
        assert_eq!(kid_of(&after.access_token), rotation.kid, "{}", app.label);
        let refreshed = app.refresh(&before.refresh_token).await.pair();
        assert_eq!(kid_of(&refreshed.access_token), rotation.kid);
        let mut both = app.published_kids().await;
        both.sort();
        let mut expected = vec![old.clone(), rotation.kid.clone()];
        expected.sort();
        assert_eq!(both, expected, "{}: the old key is still needed", app.label);
        for token in [&before.access_token, &after.access_token] {
            let me = app.get("/api/v1/users/me", Some(token)).await;
            assert_eq!(me.status, 200, "{}: {:?}", app.label, me.body);
        }

        // Once every token the old key signed has expired, it is no longer published.
        tokio::time::sleep(TTL + Duration::from_millis(500)).await;
        assert_eq!(
            app.published_kids().await,
            vec![rotation.kid.clone()],
            "{}",
            app.label
        );
        let me = app
            .get("/api/v1/users/me", Some(&before.access_token))
            .await;
        assert_eq!(me.status, 401, "{}", app.label);
    }
}
