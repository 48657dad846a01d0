//! Notification, delivery and promotion calls against a real HTTP server on a loopback port:
//! paths, methods, query strings and bodies, which calls are retried, paging, following a
//! promotion to `completed`. The live stream is in `live.rs`.

#![expect(clippy::unwrap_used)]

#[allow(dead_code, reason = "the support module is shared with client.rs")]
mod support;

use std::time::Duration;

use bookstore_sdk::types::{
    Audience, Channel, DeliveryQuery, DeliveryStatus, NewPromotion, NotificationKind,
    NotificationQuery, PageQuery, Preferences, PromotionStatus, Topic,
};
use bookstore_sdk::{Client, RetryPolicy, StatusCode};
use futures_util::TryStreamExt;
use support::{Reply, Server, json, reply};
use uuid::Uuid;

const NOTE: &str = "0193a6f0-0000-7000-8000-00000000f001";
const ORDER: &str = "0193a6f0-0000-7000-8000-00000000d001";
const USER: &str = "0193a6f0-0000-7000-8000-000000000001";
const DELIVERY: &str = "0193a6f0-0000-7000-8000-00000000a001";
const PROMOTION: &str = "0193a6f0-0000-7000-8000-00000000c001";

fn client(url: &str) -> Client {
    let mut policy = RetryPolicy::default();
    policy.base_delay = Duration::from_millis(5);
    Client::builder()
        .base_url(url)
        .token("ada-token")
        .retry_policy(policy)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn id(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap()
}

fn notification_json(seq: i64, read: bool) -> String {
    let read_at = if read {
        r#""2026-11-26T10:05:00Z""#
    } else {
        "null"
    };
    format!(
        r#"{{"id":"{NOTE}","seq":{seq},"kind":"order_confirmed","topic":"orders",
        "subject":"Your order is confirmed","body":"We are packing it.","order_id":"{ORDER}",
        "order_status":"confirmed","channels":["email"],"created_at":"2026-11-26T10:00:00Z",
        "read_at":{read_at},"unsubscribe_url":"http://127.0.0.1/u/x"}}"#
    )
}

fn delivery_json(status: &str) -> String {
    format!(
        r#"{{"id":"{DELIVERY}","notification_id":"{NOTE}","user_id":"{USER}",
        "kind":"promotion","channel":"sms","address":"+4915112345678","status":"{status}",
        "attempts":5,"last_error":"provider said no","next_attempt_at":null,
        "created_at":"2026-11-26T10:00:00Z","sent_at":null,"promotion_id":"{PROMOTION}"}}"#
    )
}

fn promotion_json(status: &str, processed: i64) -> String {
    format!(
        r#"{{"id":"{PROMOTION}","subject":"Autumn sale","body":"All books 20% off.",
        "channels":["email","in_app"],"audience":"customers","status":"{status}",
        "recipients":4,"processed":{processed},"notified":{processed},
        "deliveries":{{"pending":1,"sent":2,"failed":0,"skipped":0}},"created_by":"{USER}",
        "created_at":"2026-11-26T10:00:00Z","started_at":null,"completed_at":null}}"#
    )
}

fn unavailable() -> Reply {
    reply(
        503,
        &[("content-type", "application/problem+json")],
        r#"{"type":"about:blank","title":"Service Unavailable","status":503}"#,
    )
}

fn targets(server: &Server) -> Vec<(String, String)> {
    server
        .requests()
        .into_iter()
        .map(|r| (r.method, r.target))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(m, t)| ((*m).to_owned(), (*t).to_owned()))
        .collect()
}

#[tokio::test]
async fn the_inbox_its_summary_and_marking_read() {
    let page = |next: &str| {
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":{next}}}"#,
                notification_json(7, false)
            ),
        )
    };
    let server = Server::start(vec![
        page(r#""c2""#),
        page(r#""c2""#),
        page("null"),
        json(200, r#"{"unread":3,"last_seq":7}"#),
        // Marking one read is retried like a PUT.
        unavailable(),
        json(200, &notification_json(7, true)),
        // Marking all is not.
        unavailable(),
        json(200, r#"{"marked":2}"#),
    ])
    .await;
    let client = client(&server.url);
    let inbox = client.notifications();
    let query = NotificationQuery {
        unread: Some(true),
        limit: Some(10),
        cursor: None,
    };
    let page = inbox.list(&query).await.unwrap();
    let first = &page.items[0];
    assert_eq!(first.seq, 7);
    assert_eq!(first.kind, NotificationKind::OrderConfirmed);
    assert_eq!(first.kind.topic(), Topic::Orders);
    assert_eq!(first.order_id, Some(id(ORDER)));
    assert_eq!(first.read_at, None);
    assert_eq!(page.next_cursor.as_deref(), Some("c2"));
    let all: Vec<_> = inbox
        .list_all(NotificationQuery {
            limit: Some(1),
            ..NotificationQuery::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    let summary = inbox.summary().await.unwrap();
    assert_eq!((summary.unread, summary.last_seq), (3, 7));
    assert!(inbox.mark_read(id(NOTE)).await.unwrap().read_at.is_some());
    let err = inbox.mark_all_read().await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(inbox.mark_all_read().await.unwrap().marked, 2);

    let read = format!("/api/v1/notifications/{NOTE}/read");
    assert_eq!(
        targets(&server),
        pairs(&[
            ("GET", "/api/v1/notifications?unread=true&limit=10"),
            ("GET", "/api/v1/notifications?limit=1"),
            ("GET", "/api/v1/notifications?limit=1&cursor=c2"),
            ("GET", "/api/v1/notifications/summary"),
            ("POST", &read),
            ("POST", &read),
            ("POST", "/api/v1/notifications/read-all"),
            ("POST", "/api/v1/notifications/read-all"),
        ])
    );
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer ada-token"))
    );
}

#[tokio::test]
async fn preferences_are_read_and_replaced_whole() {
    let stored = r#"{"phone":"+4915112345678","account":["email","in_app"],
        "orders":["sms","in_app"],"promotions":[]}"#;
    let server = Server::start(vec![
        json(
            200,
            r#"{"phone":null,"account":["email","in_app"],"orders":["email","in_app"],"promotions":[]}"#,
        ),
        // A PUT is retried.
        unavailable(),
        json(200, stored),
        reply(
            400,
            &[("content-type", "application/problem+json")],
            r#"{"type":"urn:bookstore:problem:validation","title":"Invalid request","status":400,
                "detail":"the request has invalid fields",
                "errors":[{"field":"phone","message":"is needed for sms"}]}"#,
        ),
    ])
    .await;
    let client = client(&server.url);
    let inbox = client.notifications();
    let mut preferences = inbox.preferences().await.unwrap();
    assert_eq!(preferences, Preferences::default());
    preferences.phone = Some("+4915112345678".into());
    *preferences.channels_mut(Topic::Orders) = vec![Channel::Sms, Channel::InApp];
    let saved = inbox.set_preferences(&preferences).await.unwrap();
    assert_eq!(saved, preferences);
    assert_eq!(
        saved.channels(Topic::Orders),
        [Channel::Sms, Channel::InApp]
    );

    preferences.phone = None;
    let err = inbox.set_preferences(&preferences).await.unwrap_err();
    assert!(err.is_invalid_input());
    assert_eq!(err.problem().unwrap().errors[0].field, "phone");

    let seen = server.requests();
    assert_eq!(seen.len(), 4);
    assert_eq!(
        (seen[2].method.as_str(), seen[2].target.as_str()),
        ("PUT", "/api/v1/notifications/preferences")
    );
    let body: serde_json::Value = serde_json::from_str(&seen[2].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"phone": "+4915112345678", "account": ["email", "in_app"],
            "orders": ["sms", "in_app"], "promotions": []})
    );
    // `null` is sent, not left out: PUT replaces every member.
    let body: serde_json::Value = serde_json::from_str(&seen[3].body).unwrap();
    assert_eq!(body["phone"], serde_json::Value::Null);
}

#[tokio::test]
async fn deliveries_filters_paging_and_retry() {
    let server = Server::start(vec![
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":"d2"}}"#,
                delivery_json("failed")
            ),
        ),
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":null}}"#,
                delivery_json("sent")
            ),
        ),
        json(200, &delivery_json("pending")),
        // A retry is never repeated behind the caller's back.
        unavailable(),
        reply(
            409,
            &[("content-type", "application/problem+json")],
            r#"{"type":"urn:bookstore:problem:conflict","title":"Conflict","status":409,
                "detail":"only a failed delivery can be retried"}"#,
        ),
    ])
    .await;
    let client = client(&server.url);
    let inbox = client.notifications();
    let query = DeliveryQuery {
        status: Some(DeliveryStatus::Failed),
        channel: Some(Channel::Sms),
        user_id: Some(id(USER)),
        promotion_id: Some(id(PROMOTION)),
        limit: Some(1),
        cursor: None,
    };
    let all: Vec<_> = inbox.deliveries_all(query).try_collect().await.unwrap();
    assert_eq!(
        all.iter().map(|d| d.status).collect::<Vec<_>>(),
        [DeliveryStatus::Failed, DeliveryStatus::Sent]
    );
    assert_eq!(all[0].address, "+4915112345678");
    let retried = inbox.retry_delivery(id(DELIVERY)).await.unwrap();
    assert_eq!(retried.status, DeliveryStatus::Pending);
    let err = inbox.retry_delivery(id(DELIVERY)).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(
        inbox
            .retry_delivery(id(DELIVERY))
            .await
            .unwrap_err()
            .is_conflict()
    );

    let list = format!(
        "/api/v1/notifications/deliveries?status=failed&channel=sms&user_id={USER}&promotion_id={PROMOTION}&limit=1"
    );
    let retry = format!("/api/v1/notifications/deliveries/{DELIVERY}/retry");
    assert_eq!(
        targets(&server),
        pairs(&[
            ("GET", &list),
            ("GET", &format!("{list}&cursor=d2")),
            ("POST", &retry),
            ("POST", &retry),
            ("POST", &retry),
        ])
    );
}

#[tokio::test]
async fn promotions_are_published_once_listed_and_followed() {
    let server = Server::start(vec![
        json(202, &promotion_json("queued", 0)),
        unavailable(),
        json(200, &promotion_json("queued", 0)),
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":null}}"#,
                promotion_json("completed", 4)
            ),
        ),
        json(200, &promotion_json("queued", 0)),
        json(200, &promotion_json("sending", 2)),
        json(200, &promotion_json("completed", 4)),
    ])
    .await;
    let client = client(&server.url);
    let promotions = client.promotions();
    let new = NewPromotion {
        subject: "Autumn sale".into(),
        body: "All books 20% off.".into(),
        channels: vec![Channel::Email, Channel::InApp],
        audience: Audience::Customers,
    };
    let created = promotions.create(&new).await.unwrap();
    assert_eq!(created.status, PromotionStatus::Queued);
    assert_eq!(created.deliveries.sent, 2);
    // Retried after the 503 with the same key, so the server publishes it at most once.
    let again = promotions.create(&new).await.unwrap();
    assert_eq!(again.id, created.id);
    let page = promotions
        .list(&PageQuery {
            limit: Some(5),
            cursor: None,
        })
        .await
        .unwrap();
    assert_eq!(page.items[0].status, PromotionStatus::Completed);
    let seen: Vec<(PromotionStatus, i64)> = promotions
        .follow(id(PROMOTION), Duration::from_millis(5))
        .map_ok(|p| (p.status, p.processed))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        seen,
        [
            (PromotionStatus::Queued, 0),
            (PromotionStatus::Sending, 2),
            (PromotionStatus::Completed, 4),
        ]
    );

    let one = format!("/api/v1/promotions/{PROMOTION}");
    assert_eq!(
        targets(&server),
        pairs(&[
            ("POST", "/api/v1/promotions"),
            ("POST", "/api/v1/promotions"),
            ("POST", "/api/v1/promotions"),
            ("GET", "/api/v1/promotions?limit=5"),
            ("GET", &one),
            ("GET", &one),
            ("GET", &one),
        ])
    );
    let keys: Vec<String> = server.requests()[..3]
        .iter()
        .map(|r| r.header("idempotency-key").unwrap().to_owned())
        .collect();
    assert_ne!(keys[0], keys[1], "each call its own key");
    assert_eq!(keys[1], keys[2], "a retry keeps its call's key");
    let body: serde_json::Value = serde_json::from_str(&server.requests()[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"subject": "Autumn sale", "body": "All books 20% off.",
            "channels": ["email", "in_app"], "audience": "customers"})
    );
}

#[tokio::test]
async fn following_a_promotion_stops_at_the_first_error() {
    let server = Server::start(vec![
        json(200, &promotion_json("sending", 1)),
        reply(
            404,
            &[("content-type", "application/problem+json")],
            r#"{"type":"urn:bookstore:problem:not-found","title":"Not found","status":404}"#,
        ),
    ])
    .await;
    let client = client(&server.url);
    let mut follow = Box::pin(
        client
            .promotions()
            .follow(id(PROMOTION), Duration::from_millis(5)),
    );
    assert!(follow.try_next().await.unwrap().is_some());
    assert!(follow.try_next().await.unwrap_err().is_not_found());
    assert!(follow.try_next().await.unwrap().is_none());
}
