//! The inbox and preferences: pages newest first, unread counts, marking read, only the
//! caller's own; preferences with their defaults and checks; the OpenAPI document.

use bookstore_kit::testing::backends;
use serde_json::json;
use uuid::Uuid;

use crate::support::{TestApp, order_event};

#[tokio::test(flavor = "multi_thread")]
async fn the_inbox_pages_newest_first_and_is_marked_read() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let uma = app.reader("Uma").await;
        let vic = app.reader("Vic").await;
        for _ in 0..4 {
            app.deliver(&order_event(
                &uma,
                Uuid::now_v7(),
                "confirmed",
                None,
                None,
                true,
            ))
            .await;
        }
        let first = app.get("/api/v1/notifications?limit=2", &uma.token).await;
        assert_eq!(first.status, 200, "{}: {:?}", app.label, first.body);
        let seqs = |body: &serde_json::Value| -> Vec<i64> {
            body["items"]
                .as_array()
                .unwrap_or(&Vec::new())
                .iter()
                .filter_map(|n| n["seq"].as_i64())
                .collect()
        };
        assert_eq!(seqs(&first.body), [5, 4]);
        let cursor = first.body["next_cursor"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let second = app
            .get(
                &format!("/api/v1/notifications?limit=2&cursor={cursor}"),
                &uma.token,
            )
            .await;
        assert_eq!(seqs(&second.body), [3, 2]);
        let cursor = second.body["next_cursor"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let last = app
            .get(
                &format!("/api/v1/notifications?limit=2&cursor={cursor}"),
                &uma.token,
            )
            .await;
        assert_eq!(seqs(&last.body), [1]);
        assert!(last.body["next_cursor"].is_null());

        let summary = app.get("/api/v1/notifications/summary", &uma.token).await;
        assert_eq!(summary.body, json!({"unread": 5, "last_seq": 5}));

        let newest = first.body["items"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let read = app
            .post(
                &format!("/api/v1/notifications/{newest}/read"),
                &uma.token,
                None,
            )
            .await;
        assert_eq!(read.status, 200, "{}: {:?}", app.label, read.body);
        assert!(read.body["read_at"].is_string());
        let again = app
            .post(
                &format!("/api/v1/notifications/{newest}/read"),
                &uma.token,
                None,
            )
            .await;
        assert_eq!(again.body["read_at"], read.body["read_at"], "read once");
        let unread = app
            .get("/api/v1/notifications?unread=true", &uma.token)
            .await;
        assert_eq!(seqs(&unread.body), [4, 3, 2, 1]);

        // Another reader's message is not found, and their inbox is their own.
        let theirs = app
            .post(
                &format!("/api/v1/notifications/{newest}/read"),
                &vic.token,
                None,
            )
            .await;
        assert_eq!(theirs.status, 404, "{}", app.label);
        assert_eq!(app.inbox(&vic.token).await.len(), 1);

        let all = app
            .post("/api/v1/notifications/read-all", &uma.token, None)
            .await;
        assert_eq!(all.body, json!({"marked": 4}));
        let summary = app.get("/api/v1/notifications/summary", &uma.token).await;
        assert_eq!(summary.body["unread"], 0);

        for bad in [
            "unread=maybe",
            "limit=0",
            "limit=101",
            "cursor=nope",
            "colour=red",
        ] {
            let answer = app
                .get(&format!("/api/v1/notifications?{bad}"), &uma.token)
                .await;
            assert_eq!(answer.status, 400, "{}: {bad}", app.label);
            assert_eq!(answer.content_type, "application/problem+json");
        }
        let anonymous = app
            .send(reqwest::Method::GET, "/api/v1/notifications", None, None)
            .await;
        assert_eq!(anonymous.status, 401);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn preferences_start_from_the_defaults_and_are_checked() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        // Not announced yet: the defaults, and choosing works all the same.
        let wes = app.new_reader("Wes");
        let path = "/api/v1/notifications/preferences";
        let defaults = app.get(path, &wes.token).await;
        assert_eq!(
            defaults.body,
            json!({"phone": null, "account": ["email", "in_app"], "orders": ["email", "in_app"], "promotions": []})
        );
        let chosen = app
            .put(
                path,
                &wes.token,
                json!({"phone": "+44 20 7946 0958", "account": ["in_app"], "orders": ["sms", "in_app", "sms"], "promotions": ["email"]}),
            )
            .await;
        assert_eq!(chosen.status, 200, "{}: {:?}", app.label, chosen.body);
        assert_eq!(
            chosen.body,
            json!({"phone": "+442079460958", "account": ["in_app"], "orders": ["sms", "in_app"], "promotions": ["email"]})
        );
        // The announcement arrives later and keeps the choices.
        app.deliver(&crate::support::registered(
            &wes,
            bookstore_sdk::types::Role::Customer,
        ))
        .await;
        assert_eq!(app.get(path, &wes.token).await.body, chosen.body);
        let inbox = app.inbox(&wes.token).await;
        assert_eq!(
            inbox.len(),
            1,
            "{}: the welcome, in the inbox only",
            app.label
        );

        let no_phone = app
            .put(
                path,
                &wes.token,
                json!({"phone": null, "account": [], "orders": ["sms"], "promotions": []}),
            )
            .await;
        assert_eq!(no_phone.status, 400, "{}", app.label);
        assert_eq!(no_phone.fields(), ["phone"]);
        let bad_phone = app
            .put(
                path,
                &wes.token,
                json!({"phone": "0800 123", "account": [], "orders": [], "promotions": []}),
            )
            .await;
        assert_eq!(bad_phone.fields(), ["phone"]);
        for body in [
            json!({"phone": null, "account": ["fax"], "orders": [], "promotions": []}),
            json!({"account": [], "orders": []}),
            json!({"phone": null, "account": [], "orders": [], "promotions": [], "colour": "red"}),
        ] {
            let answer = app.put(path, &wes.token, body.clone()).await;
            assert_eq!(answer.status, 400, "{}: {body}", app.label);
        }
        assert_eq!(
            app.get(path, &wes.token).await.body,
            chosen.body,
            "nothing half-written"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_document_lists_every_path() {
    let app = TestApp::spawn(bookstore_kit::db::Backend::Sqlite).await;
    let answer = app
        .send(reqwest::Method::GET, "/openapi.json", None, None)
        .await;
    let mut paths: Vec<String> = answer.body["paths"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    paths.sort();
    insta::assert_json_snapshot!("openapi_paths", paths);
}
