//! Sending: email over a real SMTP server, retries while it is down (the inbox meanwhile
//! unaffected), giving up after the last attempt where admins see it, and SMS through a
//! provider speaking Twilio's shape.

#![expect(clippy::unwrap_used)]

use std::time::Duration;

use bookstore_kit::testing::{BusKind, backends, eventually};
use bookstore_sdk::types::{DeliveryStatus, NotificationKind};
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;

use crate::support::smtp::{self, Aiosmtpd};
use crate::support::{SOON, TestApp, args, order_event, sms};

#[tokio::test(flavor = "multi_thread")]
async fn email_reaches_a_real_smtp_server_once() {
    let Some(python) = smtp::python() else {
        eprintln!("BOOKSTORE_TEST_AIOSMTPD unset: SMTP test not run");
        return;
    };
    for backend in backends() {
        let maildir = tempfile::tempdir().unwrap();
        let server = Aiosmtpd::start(&python, smtp::free_port(), maildir.path());
        let app = TestApp::spawn_with(
            backend,
            &BusKind::Memory,
            bookstore_notification::NotificationArgs {
                smtp_url: Some(SecretString::from(server.url())),
                ..args()
            },
        )
        .await;
        let gus = app.reader("Gus").await;
        app.deliver(&order_event(
            &gus,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        let label = format!("{}: two emails over SMTP", app.label);
        eventually(&label, SOON, || async { server.messages().len() == 2 }).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let messages = server.messages();
        assert_eq!(messages.len(), 2, "{label}");
        let confirmation = messages
            .iter()
            .find(|m| m.contains("is confirmed"))
            .unwrap_or_else(|| panic!("{label}: no confirmation in {messages:?}"));
        assert!(
            confirmation
                .lines()
                .any(|l| l.starts_with("To: ") && l.contains(&format!("Gus <{}>", gus.email))),
            "{confirmation}"
        );
        assert!(confirmation.contains("From: Bookstore <no-reply@bookstore.example>"));
        assert!(confirmation.contains(
            "List-Unsubscribe: <https://books.example/api/v1/notifications/unsubscribe?token="
        ));
        assert!(confirmation.contains("multipart/alternative"));
        assert!(app.mails().is_empty(), "{label}: nothing went to files");
        let sent = app.deliveries("status=sent").await;
        assert_eq!(sent.len(), 2, "{label}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn smtp_down_delays_email_only_and_it_arrives_once_when_back() {
    let Some(python) = smtp::python() else {
        eprintln!("BOOKSTORE_TEST_AIOSMTPD unset: SMTP test not run");
        return;
    };
    for backend in backends() {
        let port = smtp::free_port();
        let maildir = tempfile::tempdir().unwrap();
        let app = TestApp::spawn_with(
            backend,
            &BusKind::Memory,
            bookstore_notification::NotificationArgs {
                smtp_url: Some(SecretString::from(format!("smtp://127.0.0.1:{port}"))),
                delivery_max_attempts: 100,
                ..args()
            },
        )
        .await;
        let hal = app.reader("Hal").await;
        let order = Uuid::now_v7();
        app.deliver(&order_event(&hal, order, "confirmed", None, None, true))
            .await;
        // The inbox has it at once, whatever the mail server does.
        let inbox = app.inbox(&hal.token).await;
        assert_eq!(
            inbox[0].kind,
            NotificationKind::OrderConfirmed,
            "{}",
            app.label
        );

        let label = format!("{}: failed attempts recorded", app.label);
        eventually(&label, SOON, || async {
            let pending = app.deliveries("status=pending&channel=email").await;
            pending.len() == 2
                && pending.iter().all(|d| {
                    d.attempts >= 2 && d.last_error.as_deref().is_some_and(|e| e.contains("SMTP"))
                })
        })
        .await;

        let mut server = Aiosmtpd::start(&python, port, maildir.path());
        let label = format!("{}: the emails once the server is back", app.label);
        eventually(&label, SOON, || async { server.messages().len() == 2 }).await;
        eventually(&label, SOON, || async {
            app.deliveries("status=sent").await.len() == 2
        })
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(server.messages().len(), 2, "{label}: each exactly once");
        server.stop();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delivery_that_keeps_failing_is_marked_failed_for_admins_who_may_retry_it() {
    for backend in backends() {
        let app = TestApp::spawn_with(
            backend,
            &BusKind::Memory,
            bookstore_notification::NotificationArgs {
                // Nothing listens there.
                smtp_url: Some(SecretString::from(format!(
                    "smtp://127.0.0.1:{}",
                    smtp::free_port()
                ))),
                delivery_max_attempts: 2,
                ..args()
            },
        )
        .await;
        let ida = app.reader("Ida").await;
        let label = format!("{}: the welcome fails for good", app.label);
        eventually(&label, SOON, || async {
            app.deliveries("status=failed").await.len() == 1
        })
        .await;
        let failed = app.deliveries("status=failed").await;
        assert_eq!(failed[0].attempts, 2, "{label}");
        assert_eq!(failed[0].address, ida.email);
        assert_eq!(failed[0].kind, NotificationKind::Welcome);
        assert!(failed[0].next_attempt_at.is_none());
        // The inbox was never held up.
        assert_eq!(app.inbox(&ida.token).await.len(), 1);

        // Readers may not look; admins may send it again.
        let refused = app
            .get("/api/v1/notifications/deliveries", &ida.token)
            .await;
        assert_eq!(refused.status, 403, "{label}");
        let path = format!("/api/v1/notifications/deliveries/{}/retry", failed[0].id);
        let retried = app.post(&path, &app.admin(), None).await;
        assert_eq!(retried.status, 200, "{label}: {:?}", retried.body);
        assert_eq!(retried.body["status"], "pending");
        let again = app.post(&path, &app.admin(), None).await;
        assert!(
            again.status == 409 || again.status == 200,
            "{label}: {:?}",
            again.body
        );
        eventually(&label, SOON, || async {
            let failed = app.deliveries("status=failed").await;
            failed.len() == 1 && failed[0].attempts >= 3
        })
        .await;
        let missing = app
            .post(
                &format!("/api/v1/notifications/deliveries/{}/retry", Uuid::now_v7()),
                &app.admin(),
                None,
            )
            .await;
        assert_eq!(missing.status, 404, "{label}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn text_messages_go_through_the_provider_in_its_shape_and_are_retried_or_refused() {
    for backend in backends() {
        let shutdown = tokio_util::sync::CancellationToken::new();
        let provider = sms::Provider::default();
        let base = sms::serve(provider.clone(), shutdown.clone()).await;
        let app = TestApp::spawn_with(
            backend,
            &BusKind::Memory,
            bookstore_notification::NotificationArgs {
                sms_account_sid: Some(sms::ACCOUNT_SID.into()),
                sms_auth_token: Some(SecretString::from(sms::AUTH_TOKEN)),
                sms_from: Some(sms::FROM.into()),
                sms_base_url: base,
                ..args()
            },
        )
        .await;
        let jo = app.reader("Jo").await;
        app.prefer(
            &jo,
            json!({"phone": "+4915112345678", "account": [], "orders": ["sms", "in_app"], "promotions": []}),
        )
        .await;

        // Accepted at once.
        let order = Uuid::now_v7();
        app.deliver(&order_event(&jo, order, "confirmed", None, None, true))
            .await;
        let label = format!("{}: the text", app.label);
        eventually(&label, SOON, || async {
            provider.sent.lock().unwrap().len() == 1
        })
        .await;
        let texted = provider.sent.lock().unwrap()[0].clone();
        assert_eq!(texted.to, "+4915112345678", "{label}");
        assert!(
            texted.body.starts_with("Bookstore: Order ") && texted.body.ends_with("is confirmed"),
            "{label}: {}",
            texted.body
        );

        // A provider outage is retried; the text goes once.
        provider.refusals.lock().unwrap().push((503, 20500));
        app.deliver(&order_event(&jo, order, "shipped", None, None, true))
            .await;
        eventually(&label, SOON, || async {
            provider.sent.lock().unwrap().len() == 2
        })
        .await;

        // A refused number is not retried.
        provider.refusals.lock().unwrap().push((400, 21211));
        app.deliver(&order_event(
            &jo,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        eventually(&label, SOON, || async {
            app.deliveries("status=failed&channel=sms").await.len() == 1
        })
        .await;
        let failed = &app.deliveries("status=failed&channel=sms").await[0];
        assert_eq!(failed.attempts, 1, "{label}");
        assert!(
            failed
                .last_error
                .as_deref()
                .is_some_and(|e| e.contains("21211")),
            "{label}: {failed:?}"
        );
        assert!(provider.malformed.lock().unwrap().is_empty(), "{label}");
        assert_eq!(provider.sent.lock().unwrap().len(), 2, "{label}");
        shutdown.cancel();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_provider_text_messages_are_skipped_with_the_reason() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let kit = app.reader("Kit").await;
        app.prefer(
            &kit,
            json!({"phone": "+15551234567", "account": [], "orders": ["sms", "in_app"], "promotions": []}),
        )
        .await;
        app.deliver(&order_event(
            &kit,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        let skipped = app.deliveries("channel=sms").await;
        assert_eq!(skipped.len(), 1, "{}", app.label);
        assert_eq!(skipped[0].status, DeliveryStatus::Skipped);
        assert_eq!(
            skipped[0].last_error.as_deref(),
            Some("no SMS provider is configured")
        );
        assert_eq!(app.inbox(&kit.token).await.len(), 2, "{}", app.label);
    }
}
