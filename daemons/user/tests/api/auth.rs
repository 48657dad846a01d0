//! `/api/v1/auth/*`: registration, login, refresh rotation, reuse detection, logout.

#![expect(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use bookstore_kit::testing::backends;
use serde_json::json;

use crate::support::{PASSWORD, TestApp, UserAnswer};

#[tokio::test(flavor = "multi_thread")]
async fn register_then_login_then_me() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let pair = app.register("  Ada@Example.com ", " Ada Lovelace ").await;
        assert_eq!(pair.token_type, "Bearer");
        assert_eq!(pair.expires_in, 900);
        assert_eq!(pair.user.email, "ada@example.com", "{}", app.label);
        assert_eq!(pair.user.name, "Ada Lovelace");
        assert_eq!(pair.user.role.as_str(), "customer");

        let me = app.get("/api/v1/users/me", Some(&pair.access_token)).await;
        assert_eq!(me.status, 200, "{}: {:?}", app.label, me.body);
        assert_eq!(me.body["id"], pair.user.id.to_string());

        // Email matching is case-insensitive at login as at registration.
        let login = app.login("ADA@example.COM", PASSWORD).await;
        assert_eq!(login.status, 200, "{}: {:?}", app.label, login.body);
        assert_eq!(login.pair().user.id, pair.user.id);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn duplicate_email_is_409_whatever_its_case() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.register("grace@example.com", "Grace").await;
        let again = app
            .post(
                "/api/v1/auth/register",
                json!({"email": "Grace@EXAMPLE.com", "name": "Other", "password": "another-pass-99"}),
            )
            .await;
        assert_eq!(again.status, 409, "{}: {:?}", app.label, again.body);
        assert_eq!(again.slug(), "email-taken");
        assert_eq!(again.fields(), ["email"]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_and_unknown_email_fail_alike() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.register("alan@example.com", "Alan").await;
        let wrong = app.login("alan@example.com", "not-the-password").await;
        let unknown = app.login("nobody@example.com", "not-the-password").await;
        let malformed = app.login("not an email", "x").await;
        for answer in [&wrong, &unknown, &malformed] {
            assert_eq!(answer.status, 401, "{}: {:?}", app.label, answer.body);
            assert_eq!(answer.slug(), "invalid-credentials");
            assert_eq!(answer.body["detail"], wrong.body["detail"]);
        }

        // An unknown email is checked against a dummy hash, so it costs about as much as a
        // wrong password. Loose bounds: the machine is shared.
        let time = |email: &'static str| {
            let app = &app;
            async move {
                let mut best = Duration::MAX;
                for _ in 0..3 {
                    let start = Instant::now();
                    assert_eq!(app.login(email, "not-the-password").await.status, 401);
                    best = best.min(start.elapsed());
                }
                best
            }
        };
        let known = time("alan@example.com").await;
        let unknown = time("nobody@example.com").await;
        assert!(
            unknown * 4 >= known && known * 4 >= unknown,
            "{}: known {known:?} vs unknown {unknown:?}",
            app.label
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let first = app.register("kay@example.com", "Kay").await;
        let other_session = app.login("kay@example.com", PASSWORD).await.pair();

        let second = app.refresh(&first.refresh_token).await;
        assert_eq!(second.status, 200, "{}: {:?}", app.label, second.body);
        let second = second.pair();
        assert_ne!(second.refresh_token, first.refresh_token);
        assert_eq!(second.user.id, first.user.id);
        let me = app
            .get("/api/v1/users/me", Some(&second.access_token))
            .await;
        assert_eq!(me.status, 200);

        // The first token again: someone kept a copy. It fails, and so does its successor.
        let reused = app.refresh(&first.refresh_token).await;
        assert_eq!(reused.status, 401, "{}: {:?}", app.label, reused.body);
        assert_eq!(reused.slug(), "invalid-refresh-token");
        let successor = app.refresh(&second.refresh_token).await;
        assert_eq!(
            successor.status, 401,
            "{}: the family is revoked",
            app.label
        );

        // Another login is another family, untouched.
        let other = app.refresh(&other_session.refresh_token).await;
        assert_eq!(other.status, 200, "{}: {:?}", app.label, other.body);

        let garbage = app.refresh("not-a-token").await;
        assert_eq!(garbage.status, 401);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_use_of_one_refresh_token_has_one_winner_at_most() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let pair = app.register("race@example.com", "Race").await;
        let (a, b) = tokio::join!(
            app.refresh(&pair.refresh_token),
            app.refresh(&pair.refresh_token)
        );
        let wins = [a.status, b.status].iter().filter(|s| **s == 200).count();
        assert!(wins <= 1, "{}: {} and {}", app.label, a.status, b.status);
        assert!([a.status, b.status].iter().all(|s| *s == 200 || *s == 401));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_ends_the_session_and_is_idempotent() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let pair = app.register("lou@example.com", "Lou").await;
        let rotated = app.refresh(&pair.refresh_token).await.pair();
        for token in [
            rotated.refresh_token.as_str(),
            rotated.refresh_token.as_str(),
            "unknown",
        ] {
            let out = app
                .post("/api/v1/auth/logout", json!({"refresh_token": token}))
                .await;
            assert_eq!(out.status, 204, "{}: {:?}", app.label, out.body);
            assert_eq!(out.body, serde_json::Value::Null);
        }
        let after = app.refresh(&rotated.refresh_token).await;
        assert_eq!(after.status, 401, "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_verify_against_the_published_keys() {
    use bookstore_kit::auth::{JwkSet, StaticKeys, Verifier};
    use std::sync::{Arc, RwLock};

    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let pair = app.register("jo@example.com", "Jo").await;
        let jwks = app.get("/.well-known/jwks.json", None).await;
        assert_eq!(jwks.status, 200);
        let set: JwkSet = serde_json::from_value(jwks.body.clone()).unwrap();
        assert_eq!(set.keys.len(), 1, "{}: {:?}", app.label, jwks.body);
        let key = &set.keys[0];
        assert_eq!(
            (key.kty.as_str(), key.crv.as_deref(), key.alg.as_deref()),
            ("OKP", Some("Ed25519"), Some("EdDSA"))
        );
        assert!(
            !jwks.body.to_string().contains("pkcs8"),
            "no private material"
        );

        let verifier = Verifier::new(Arc::new(StaticKeys(RwLock::new(set.keys.clone()))));
        let claims = verifier.verify(&pair.access_token).await.unwrap();
        assert_eq!(claims.sub, pair.user.id);
        assert_eq!(claims.email, "jo@example.com");
        assert!(!claims.is_admin());
        assert!(claims.exp - claims.iat == 900);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_is_forgotten_only_once_all_its_tokens_have_expired() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let first = app.register("lee@example.com", "Lee").await;
        let second = app.refresh(&first.refresh_token).await.pair();
        let other = app.login("lee@example.com", PASSWORD).await.pair();
        let tokens = || {
            bookstore_kit::testing::sql::count(app.db(), "SELECT COUNT(*) AS n FROM refresh_tokens")
        };
        let purge = || {
            bookstore_user::housekeeping::purge_expired_sessions(app.db(), bookstore_kit::db::now())
        };
        assert_eq!(tokens().await, 3, "{}", app.label);
        assert_eq!(
            purge().await.unwrap(),
            0,
            "{}: every session is live",
            app.label
        );

        // The spent first token is past its expiry, its successor is not: the session stays,
        // and the spent token still gives a thief away.
        let first_hash = bookstore_user::refresh::hash(&first.refresh_token);
        app.execute(&format!(
            "UPDATE refresh_tokens SET expires_at = '2000-01-01 00:00:00' WHERE token_hash = '{first_hash}'"
        ))
        .await;
        assert_eq!(purge().await.unwrap(), 0, "{}", app.label);
        assert_eq!(app.refresh(&first.refresh_token).await.status, 401);
        assert_eq!(
            app.refresh(&second.refresh_token).await.status,
            401,
            "{}: reuse revoked the session",
            app.label
        );

        // Every token of that session past its expiry: the session goes, the other stays.
        app.execute(&format!(
            "UPDATE refresh_tokens SET expires_at = '2000-01-01 00:00:00' WHERE family_id = \
             (SELECT family_id FROM refresh_tokens WHERE token_hash = '{first_hash}')"
        ))
        .await;
        assert_eq!(purge().await.unwrap(), 2, "{}", app.label);
        assert_eq!(tokens().await, 1, "{}", app.label);
        let still = app.refresh(&other.refresh_token).await;
        assert_eq!(still.status, 200, "{}: {:?}", app.label, still.body);
    }
}
