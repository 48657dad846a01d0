//! Promotions: published by admins, fanned out in batches to exactly the readers of the
//! audience who opted in, on the channels both name, once each, also when a fan-out that was
//! interrupted is taken up again.

#![expect(clippy::unwrap_used)]

use std::time::Duration;

use bookstore_kit::testing::http::{Answer, answer};
use bookstore_kit::testing::{BusKind, backends, eventually, sql};
use bookstore_sdk::types::{NotificationKind, Promotion, PromotionStatus, Role};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{Reader, SOON, TestApp, args, registered};

fn only(promotions: &[&str]) -> Value {
    json!({"phone": null, "account": ["in_app"], "orders": ["in_app"], "promotions": promotions})
}

async fn promotion(app: &TestApp, id: Uuid) -> Promotion {
    let answer = app
        .get(&format!("/api/v1/promotions/{id}"), &app.admin())
        .await;
    assert_eq!(answer.status, 200, "{}: {:?}", app.label, answer.body);
    serde_json::from_value(answer.body).unwrap()
}

async fn promotions_in(app: &TestApp, reader: &Reader) -> usize {
    app.inbox(&reader.token)
        .await
        .iter()
        .filter(|n| n.kind == NotificationKind::Promotion)
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_promotion_reaches_exactly_the_opted_in_readers_of_its_audience_once() {
    for backend in backends() {
        // Two readers per batch, so the fan-out takes several.
        let app = TestApp::spawn_with(
            backend,
            &BusKind::Memory,
            bookstore_notification::NotificationArgs {
                promotion_batch: 2,
                ..args()
            },
        )
        .await;
        let mut both = Vec::new();
        for name in ["Ann", "Ben", "Cal"] {
            let reader = app.reader(name).await;
            app.prefer(&reader, only(&["email", "in_app"])).await;
            both.push(reader);
        }
        let inbox_only = app.reader("Dee").await;
        app.prefer(&inbox_only, only(&["in_app"])).await;
        let email_only = app.reader("Eli").await;
        app.prefer(&email_only, only(&["email"])).await;
        let sms_only = app.reader("Flo").await;
        app.prefer(
            &sms_only,
            json!({"phone": "+15551234567", "account": [], "orders": [], "promotions": ["sms"]}),
        )
        .await;
        let not_opted = [app.reader("Gil").await, app.reader("Hui").await];
        let admin = app.new_reader("Root");
        app.deliver(&registered(&admin, Role::Admin)).await;
        app.prefer(&admin, only(&["email", "in_app"])).await;

        let published = app
            .post(
                "/api/v1/promotions",
                &app.admin(),
                Some(json!({
                    "subject": "Two for one on poetry",
                    "body": "All week long.\n\nOnly at Bookstore.",
                    "channels": ["email", "in_app"],
                    "audience": "customers",
                })),
            )
            .await;
        assert_eq!(published.status, 202, "{}: {:?}", app.label, published.body);
        assert_eq!(published.body["status"], "queued");
        let id: Uuid = published.body["id"].as_str().unwrap().parse().unwrap();

        let label = format!("{}: the fan-out", app.label);
        eventually(&label, SOON, || async {
            promotion(&app, id).await.status == PromotionStatus::Completed
        })
        .await;
        let done = promotion(&app, id).await;
        // Ann, Ben, Cal, Dee, Eli and Flo opted in; Flo only by SMS, which this one skips.
        assert_eq!(done.recipients, Some(6), "{label}");
        assert_eq!(done.processed, 6, "{label}");
        assert_eq!(done.notified, 5, "{label}");
        assert!(done.started_at.is_some() && done.completed_at.is_some());
        eventually(&label, SOON, || async {
            let p = promotion(&app, id).await;
            p.deliveries.sent == 4 && p.deliveries.pending == 0
        })
        .await;

        for reader in &both {
            assert_eq!(
                promotions_in(&app, reader).await,
                1,
                "{label}: {}",
                reader.name
            );
            assert_eq!(
                app.mails_to(&reader.email)
                    .iter()
                    .filter(|m| m.contains("Subject: Two for one on poetry"))
                    .count(),
                1,
                "{label}: {}",
                reader.name
            );
        }
        assert_eq!(promotions_in(&app, &inbox_only).await, 1, "{label}");
        assert!(
            !app.mails_to(&inbox_only.email)
                .iter()
                .any(|m| m.contains("poetry")),
            "{label}"
        );
        assert_eq!(promotions_in(&app, &email_only).await, 0, "{label}");
        assert_eq!(
            app.mails_to(&email_only.email)
                .iter()
                .filter(|m| m.contains("poetry"))
                .count(),
            1,
            "{label}"
        );
        for reader in not_opted.iter().chain([&sms_only, &admin]) {
            assert_eq!(
                promotions_in(&app, reader).await,
                0,
                "{label}: {}",
                reader.name
            );
            assert!(
                !app.mails_to(&reader.email)
                    .iter()
                    .any(|m| m.contains("poetry")),
                "{label}: {}",
                reader.name
            );
        }
        let mail = app
            .mails_to(&both[0].email)
            .into_iter()
            .find(|m| m.contains("poetry"))
            .unwrap();
        assert!(mail.contains("Only at Bookstore."), "{label}");
        assert!(mail.contains("offers by email"), "{label}");

        // The admins' audience: the admin alone.
        let to_admins = app
            .post(
                "/api/v1/promotions",
                &app.admin(),
                Some(json!({"subject": "Staff preview", "body": "Look.", "channels": ["in_app"], "audience": "admins"})),
            )
            .await;
        let id: Uuid = to_admins.body["id"].as_str().unwrap().parse().unwrap();
        eventually(&label, SOON, || async {
            promotion(&app, id).await.status == PromotionStatus::Completed
        })
        .await;
        assert_eq!(promotions_in(&app, &admin).await, 1, "{label}");
        assert_eq!(promotions_in(&app, &both[0]).await, 1, "{label}");

        let listed = app.get("/api/v1/promotions?limit=1", &app.admin()).await;
        assert_eq!(listed.body["items"][0]["subject"], "Staff preview");
        let cursor = listed.body["next_cursor"].as_str().unwrap().to_owned();
        let next = app
            .get(
                &format!("/api/v1/promotions?limit=1&cursor={cursor}"),
                &app.admin(),
            )
            .await;
        assert_eq!(next.body["items"][0]["subject"], "Two for one on poetry");
        assert!(next.body["next_cursor"].is_null());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_fan_out_resumes_after_its_last_batch_without_second_copies() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let mut readers = Vec::new();
        for name in ["Ola", "Pia", "Quy", "Rex", "Sam"] {
            let reader = app.reader(name).await;
            app.prefer(&reader, only(&["in_app"])).await;
            readers.push(reader);
        }
        readers.sort_by_key(|r| r.id.to_string());
        // What a process killed after its second batch leaves: the promotion `sending`, its
        // cursor at the second reader, whose messages it wrote, and its lease lapsed.
        let id = Uuid::now_v7();
        let cursor = readers[1].id.to_string();
        let sql = format!(
            "INSERT INTO promotions (id, subject, body, channels, audience, status, created_by, \
             created_at, started_at, cursor, recipients, processed, notified, locked_until) \
             VALUES ('{id}', 'Resumed', 'Once each.', 'in_app', 'all', 'sending', '{admin}', \
             '2026-01-01 00:00:00', '2026-01-01 00:00:01', '{cursor}', 5, 2, 2, \
             '2026-01-01 00:00:02')",
            admin = Uuid::now_v7(),
        );
        sql::execute(app.db(), &sql).await;
        let label = format!("{}: the resumed fan-out", app.label);
        eventually(&label, SOON, || async {
            promotion(&app, id).await.status == PromotionStatus::Completed
        })
        .await;
        for (i, reader) in readers.iter().enumerate() {
            let expected = usize::from(i >= 2);
            assert_eq!(
                promotions_in(&app, reader).await,
                expected,
                "{label}: {}",
                reader.name
            );
        }
        let done = promotion(&app, id).await;
        assert_eq!((done.processed, done.notified), (5, 5), "{label}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn only_admins_publish_and_a_bad_promotion_names_its_faults() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let reader = app.reader("Tom").await;
        let good = json!({"subject": "S", "body": "B", "channels": ["in_app"]});
        let refused = app
            .post("/api/v1/promotions", &reader.token, Some(good.clone()))
            .await;
        assert_eq!(refused.status, 403, "{}", app.label);
        let listed = app.get("/api/v1/promotions", &reader.token).await;
        assert_eq!(listed.status, 403, "{}", app.label);

        let bad = app
            .post(
                "/api/v1/promotions",
                &app.admin(),
                Some(json!({"subject": " ", "body": "x".repeat(10_001), "channels": []})),
            )
            .await;
        assert_eq!(bad.status, 400, "{}: {:?}", app.label, bad.body);
        assert_eq!(bad.fields(), ["subject", "body", "channels"]);
        let sms = app
            .post(
                "/api/v1/promotions",
                &app.admin(),
                Some(json!({"subject": "S", "body": "B", "channels": ["sms"]})),
            )
            .await;
        assert_eq!(sms.status, 400, "{}: no SMS provider here", app.label);
        let unknown = app
            .post(
                "/api/v1/promotions",
                &app.admin(),
                Some(json!({"subject": "S", "body": "B", "channels": ["pigeon"]})),
            )
            .await;
        assert_eq!(unknown.status, 400, "{}", app.label);
        let missing = app
            .get(
                &format!("/api/v1/promotions/{}", Uuid::now_v7()),
                &app.admin(),
            )
            .await;
        assert_eq!(missing.status, 404, "{}", app.label);
        // Nothing was published by the refused requests.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let all = app.get("/api/v1/promotions", &app.admin()).await;
        assert_eq!(all.body["items"].as_array().map(Vec::len), Some(0));
    }
}

/// `POST /promotions` with an `Idempotency-Key`.
async fn publish_with_key(app: &TestApp, admin: &str, key: &str, body: &Value) -> Answer {
    let response = app
        .client
        .post(app.url("/api/v1/promotions"))
        .bearer_auth(admin)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    answer(response).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_repeated_publication_with_its_key_sends_nothing_twice() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let reader = app.reader("Uma").await;
        app.prefer(&reader, only(&["in_app"])).await;
        let admin = app.admin();
        let sale = json!({"subject": "Sale", "body": "All week.", "channels": ["in_app"]});

        // The first request, then its repeats, also at the same moment: one promotion.
        let first = publish_with_key(&app, &admin, "sale-2026", &sale).await;
        assert_eq!(first.status, 202, "{}: {:?}", app.label, first.body);
        let repeats = futures_util::future::join_all(
            (0..4).map(|_| publish_with_key(&app, &admin, "sale-2026", &sale)),
        )
        .await;
        for again in &repeats {
            assert_eq!(again.status, 200, "{}: {:?}", app.label, again.body);
            assert_eq!(again.body["id"], first.body["id"], "{}", app.label);
        }
        let racing = futures_util::future::join_all(
            (0..4).map(|_| publish_with_key(&app, &admin, "race-2026", &sale)),
        )
        .await;
        let created = racing.iter().filter(|a| a.status == 202).count();
        assert_eq!(created, 1, "{}: {racing:?}", app.label);
        assert!(racing.iter().all(|a| a.body["id"] == racing[0].body["id"]));

        // The same key for another promotion is refused; another admin's key is their own.
        let other = json!({"subject": "Other", "body": "All week.", "channels": ["in_app"]});
        let reused = publish_with_key(&app, &admin, "sale-2026", &other).await;
        assert_eq!(reused.status, 422, "{}: {:?}", app.label, reused.body);
        assert_eq!(reused.slug(), "idempotency-key-reused");
        let theirs = publish_with_key(&app, &app.admin(), "sale-2026", &other).await;
        assert_eq!(theirs.status, 202, "{}: {:?}", app.label, theirs.body);
        let bad = publish_with_key(&app, &admin, "two words", &sale).await;
        assert_eq!(bad.status, 400, "{}", app.label);
        assert_eq!(bad.fields(), ["Idempotency-Key"]);

        // Three promotions in all, each in the inbox once.
        eventually(
            &format!("{}: three promotions", app.label),
            SOON,
            || async { promotions_in(&app, &reader).await == 3 },
        )
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(promotions_in(&app, &reader).await, 3, "{}", app.label);
        let listed = app.get("/api/v1/promotions", &admin).await;
        assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(3));
    }
}
