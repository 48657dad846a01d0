//! `GET/PATCH /api/v1/users/me`.

use bookstore_kit::testing::backends;
use serde_json::json;

use crate::support::TestApp;

const ME: &str = "/api/v1/users/me";

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_can_be_renamed_and_readdressed() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let pair = app.register("max@example.com", "Max").await;
        app.register("taken@example.com", "Taken").await;
        let token = pair.access_token.as_str();

        let renamed = app.patch(ME, token, json!({"name": "  Max Planck "})).await;
        assert_eq!(renamed.status, 200, "{}: {:?}", app.label, renamed.body);
        assert_eq!(renamed.body["name"], "Max Planck");
        assert_eq!(renamed.body["email"], "max@example.com");

        let moved = app
            .patch(ME, token, json!({"email": "Planck@Example.com"}))
            .await;
        assert_eq!(moved.status, 200, "{}: {:?}", app.label, moved.body);
        assert_eq!(moved.body["email"], "planck@example.com");

        let clash = app
            .patch(ME, token, json!({"email": "TAKEN@example.com"}))
            .await;
        assert_eq!(clash.status, 409, "{}: {:?}", app.label, clash.body);

        let invalid = app
            .patch(ME, token, json!({"email": "nope", "name": ""}))
            .await;
        assert_eq!(invalid.status, 400);
        assert_eq!(invalid.fields(), ["name", "email"]);

        let nothing = app.patch(ME, token, json!({})).await;
        assert_eq!(nothing.status, 200);
        assert_eq!(nothing.body["name"], "Max Planck");

        let role = app.patch(ME, token, json!({"role": "admin"})).await;
        assert_eq!(
            role.status, 400,
            "{}: a customer cannot make itself admin",
            app.label
        );

        let me = app.get(ME, Some(token)).await;
        assert_eq!(me.body["email"], "planck@example.com");
        assert_eq!(me.body["role"], "customer");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_tokens_are_401() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        for token in [None, Some("garbage"), Some("a.b.c")] {
            let answer = app.get(ME, token).await;
            assert_eq!(
                answer.status, 401,
                "{}: {token:?}: {:?}",
                app.label, answer.body
            );
            assert_eq!(answer.content_type, "application/problem+json");
        }
    }
}
