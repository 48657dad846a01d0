//! What `start` does: the first admin (once), the signing key (kept across restarts), the
//! outbox relay, and the shared routes.

#![expect(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use bookstore_kit::events::payloads::UserRegistered;
use bookstore_kit::testing::{TestDb, backends};
use bookstore_sdk::types::Role;
use bookstore_user::UserArgs;
use secrecy::SecretString;

use crate::support::{ADMIN_EMAIL, PASSWORD, TestApp, UserAnswer, migrations};

#[tokio::test(flavor = "multi_thread")]
async fn the_first_admin_is_created_once_with_a_generated_password() {
    for backend in backends() {
        let test_db = Arc::new(TestDb::new(backend, &migrations()).await);
        let first = TestApp::serve(test_db.clone(), &UserArgs::default())
            .await
            .unwrap();
        let created = first
            .admin
            .clone()
            .expect("the first start creates an admin");
        assert_eq!(created.email, "admin@bookstore.local");
        let password = created
            .generated_password
            .clone()
            .expect("a generated password");
        assert!(password.len() >= 20);
        assert!(
            !format!("{created:?}").contains(&password),
            "Debug hides the password"
        );
        let token = first.login(&created.email, &password).await;
        assert_eq!(token.status, 200, "{}: {:?}", first.label, token.body);
        let kid = first.published_kids().await;

        // A restart on the same database, even with other admin flags: nothing new.
        let label = first.label.clone();
        drop(first);
        let args = UserArgs {
            admin_email: Some("second@example.com".into()),
            admin_password: Some(SecretString::from("second-password-1")),
            ..UserArgs::default()
        };
        let second = TestApp::serve(test_db, &args).await.unwrap();
        assert!(
            second.admin.is_none(),
            "{label}: a restart creates no admin"
        );
        assert_eq!(
            second.published_kids().await,
            kid,
            "{label}: the signing key survives restarts"
        );
        let admin = second
            .login("admin@bookstore.local", &password)
            .await
            .pair()
            .access_token;
        let admins = second.get("/api/v1/users?role=admin", Some(&admin)).await;
        assert_eq!(
            admins.body["items"].as_array().map(Vec::len),
            Some(1),
            "{label}"
        );
        assert_eq!(
            second
                .login("second@example.com", "second-password-1")
                .await
                .status,
            401
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_existing_account_is_promoted_only_with_its_own_password() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.register("boss@example.com", "Boss").await;
        // Simulate a store that lost its admins (say, edited by hand).
        app.execute("UPDATE users SET role = 'customer'").await;
        let label = app.label.clone();
        let test_db = app.test_db.clone();
        drop(app);

        let guess = UserArgs {
            admin_email: Some("BOSS@example.com".into()),
            admin_password: Some(SecretString::from("a-guessed-password")),
            ..UserArgs::default()
        };
        let refused = TestApp::serve(test_db.clone(), &guess).await;
        let error = format!(
            "{:#}",
            refused.err().expect("promotion without the password fails")
        );
        assert!(
            error.contains("BOOKSTORE_ADMIN_PASSWORD"),
            "{label}: {error}"
        );
        assert!(
            !error.contains("a-guessed-password"),
            "{label}: the password leaked: {error}"
        );

        let proven = UserArgs {
            admin_email: Some("boss@example.com".into()),
            admin_password: Some(SecretString::from(PASSWORD)),
            ..UserArgs::default()
        };
        let restarted = TestApp::serve(test_db, &proven).await.unwrap();
        let promoted = restarted.admin.clone().expect("promoted");
        assert!(
            promoted.promoted && promoted.generated_password.is_none(),
            "{label}"
        );
        let me = restarted.login("boss@example.com", PASSWORD).await.pair();
        assert_eq!(me.user.role.as_str(), "admin", "{label}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn registration_publishes_user_registered_through_the_outbox() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let pair = app.register("ivy@example.com", "Ivy").await;
        let stored = app.outbox("user.registered").await;
        // The first admin was announced at start, then Ivy.
        assert_eq!(stored.len(), 2, "{}", app.label);
        let admin: UserRegistered = stored[0].payload().unwrap();
        assert_eq!(
            (admin.email.as_str(), admin.role),
            (ADMIN_EMAIL, Role::Admin)
        );
        let stored = &stored[1..];
        let payload: UserRegistered = stored[0].payload().unwrap();
        assert_eq!(
            payload,
            UserRegistered {
                user_id: pair.user.id,
                email: "ivy@example.com".into(),
                name: "Ivy".into(),
                role: Role::Customer,
            }
        );
        assert_eq!(stored[0].source, "user");

        // The relay delivers it to the notification queue's consumer.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let delivered = app.delivered.lock().unwrap().clone();
            if delivered.iter().any(|e| e.id == stored[0].id) {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{}: never delivered",
                app.label
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // A refused registration enqueues nothing.
        let again = app
            .post("/api/v1/auth/register", serde_json::json!({"email": "IVY@example.com", "name": "Ivy", "password": PASSWORD}))
            .await;
        assert_eq!(again.status, 409);
        assert_eq!(
            app.outbox("user.registered").await.len(),
            2,
            "{}",
            app.label
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn shared_routes_answer() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let health = app.get("/healthz", None).await;
        assert_eq!(
            (health.status, health.body["service"].as_str()),
            (200, Some("user"))
        );
        let ready = app.get("/readyz", None).await;
        assert_eq!(ready.status, 200, "{}: {:?}", app.label, ready.body);
        assert_eq!(ready.body["checks"]["database"]["status"], "up");
        let metrics = app
            .client
            .get(app.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(metrics.contains("bookstore_http_requests"), "{metrics}");

        let openapi = app.get("/openapi.json", None).await;
        assert_eq!(openapi.status, 200);
        let paths = openapi.body["paths"].as_object().unwrap();
        for path in [
            "/api/v1/auth/register",
            "/api/v1/users/{id}",
            "/.well-known/jwks.json",
        ] {
            assert!(paths.contains_key(path), "{path} is documented");
        }
        let paths: Vec<&String> = paths.keys().collect();
        insta::assert_json_snapshot!("openapi_paths", paths);
    }
}
