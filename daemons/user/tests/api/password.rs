//! `PUT /api/v1/users/me/password`.

use bookstore_kit::testing::backends;
use reqwest::Method;
use serde_json::json;

use crate::support::{PASSWORD, TestApp, UserAnswer};

const PATH: &str = "/api/v1/users/me/password";

#[tokio::test(flavor = "multi_thread")]
async fn changing_the_password_ends_the_other_sessions_only() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let here = app.register("pat@example.com", "Pat").await;
        let elsewhere = app.login("pat@example.com", PASSWORD).await.pair();

        let change =
            |current: &str, new: &str| json!({"current_password": current, "new_password": new});
        let put = |body| app.send(Method::PUT, PATH, Some(&here.access_token), Some(body));

        let wrong = put(change("not-my-password", "brand-new-secret-7")).await;
        assert_eq!(wrong.status, 400, "{}: {:?}", app.label, wrong.body);
        assert_eq!(wrong.fields(), ["current_password"]);

        let weak = put(change(PASSWORD, "short")).await;
        assert_eq!(weak.status, 400, "{}: {:?}", app.label, weak.body);
        assert_eq!(weak.fields(), ["new_password"]);

        let same = put(change(PASSWORD, PASSWORD)).await;
        assert_eq!(same.status, 400);
        assert_eq!(same.fields(), ["new_password"]);

        let done = put(change(PASSWORD, "brand-new-secret-7")).await;
        assert_eq!(done.status, 204, "{}: {:?}", app.label, done.body);

        assert_eq!(app.login("pat@example.com", PASSWORD).await.status, 401);
        assert_eq!(
            app.login("pat@example.com", "brand-new-secret-7")
                .await
                .status,
            200
        );
        let other = app.refresh(&elsewhere.refresh_token).await;
        assert_eq!(
            other.status, 401,
            "{}: the other session is over",
            app.label
        );
        let this = app.refresh(&here.refresh_token).await;
        assert_eq!(
            this.status, 200,
            "{}: this session goes on: {:?}",
            app.label, this.body
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn it_needs_a_token() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let body = json!({"current_password": PASSWORD, "new_password": "brand-new-secret-7"});
        let answer = app.send(Method::PUT, PATH, None, Some(body)).await;
        assert_eq!(answer.status, 401, "{}", app.label);
    }
}
