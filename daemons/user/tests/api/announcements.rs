//! What the other services hear of accounts: `user.updated` after every change of email,
//! name, role or disabled flag, and `/internal/users/{id}` for a service that must look one up.

use bookstore_kit::events::payloads::UserUpdated;
use bookstore_kit::testing::backends;
use bookstore_sdk::types::Role;
use serde_json::json;

use crate::support::{SERVICE_TOKEN, TestApp};

#[tokio::test(flavor = "multi_thread")]
#[expect(clippy::unwrap_used)]
async fn every_account_change_is_announced_with_the_whole_account() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let pair = app.register("nell@example.com", "Nell").await;
        let moved = app
            .patch(
                "/api/v1/users/me",
                &pair.access_token,
                json!({"email": "nell@example.org"}),
            )
            .await;
        assert_eq!(moved.status, 200, "{}: {:?}", app.label, moved.body);
        let admin = app.admin_token().await;
        let disabled = app
            .patch(
                &format!("/api/v1/users/{}", pair.user.id),
                &admin,
                json!({"disabled": true, "name": "Nell B."}),
            )
            .await;
        assert_eq!(disabled.status, 200, "{}: {:?}", app.label, disabled.body);
        // A refused change announces nothing.
        let refused = app
            .patch(
                &format!("/api/v1/users/{}", pair.user.id),
                &admin,
                json!({"name": ""}),
            )
            .await;
        assert_eq!(refused.status, 400);

        let updates: Vec<UserUpdated> = app
            .outbox("user.updated")
            .await
            .iter()
            .map(|e| e.payload().unwrap())
            .collect();
        let expected = [
            UserUpdated {
                user_id: pair.user.id,
                email: "nell@example.org".into(),
                name: "Nell".into(),
                role: Role::Customer,
                disabled: false,
            },
            UserUpdated {
                user_id: pair.user.id,
                email: "nell@example.org".into(),
                name: "Nell B.".into(),
                role: Role::Customer,
                disabled: true,
            },
        ];
        assert_eq!(updates, expected, "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn other_services_look_accounts_up_with_the_service_token_only() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let pair = app.register("olga@example.com", "Olga").await;
        let path = format!("/internal/users/{}", pair.user.id);

        let found = app.get(&path, Some(SERVICE_TOKEN)).await;
        assert_eq!(found.status, 200, "{}: {:?}", app.label, found.body);
        assert_eq!(found.body["email"], "olga@example.com");
        assert_eq!(found.body["role"], "customer");

        let anonymous = app.get(&path, None).await;
        assert_eq!(anonymous.status, 401, "{}", app.label);
        // A user's own token is not the service token.
        let user = app.get(&path, Some(&pair.access_token)).await;
        assert_eq!(user.status, 403, "{}", app.label);
        let missing = app
            .get(
                "/internal/users/0193a6f0-0000-7000-8000-000000000999",
                Some(SERVICE_TOKEN),
            )
            .await;
        assert_eq!(missing.status, 404, "{}", app.label);
    }
}
