//! What each event tells its reader: one message in the inbox and one email per event, with
//! the right words, never twice for a redelivered event; readers learnt from announcements or
//! looked up; their choices honoured.

#![expect(clippy::unwrap_used)]

use std::time::Duration;

use bookstore_kit::testing::{backends, buses, eventually};
use bookstore_sdk::types::{NotificationKind, Role};
use serde_json::json;
use uuid::Uuid;

use crate::support::{SOON, TestApp, args, order_event, refunded, registered, updated};

#[tokio::test(flavor = "multi_thread")]
async fn every_order_outcome_is_one_message_and_one_email_even_when_redelivered() {
    for backend in backends() {
        for bus in buses() {
            let app = TestApp::spawn_with(backend, &bus, args()).await;
            let ada = app.reader("Ada").await;
            let (paid, declined, cancelled) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
            let events = [
                order_event(&ada, paid, "confirmed", None, None, true),
                order_event(
                    &ada,
                    declined,
                    "cancelled",
                    Some("payment_failed"),
                    Some("payment failed: the card was declined"),
                    false,
                ),
                order_event(
                    &ada,
                    cancelled,
                    "cancelled",
                    Some("customer"),
                    Some("cancelled by the customer"),
                    true,
                ),
                refunded(&ada, cancelled),
            ];
            for event in &events {
                app.deliver(event).await;
                app.deliver(event).await; // a redelivery
            }
            let label = format!("{}: five messages", app.label);
            eventually(&label, SOON, || async {
                app.inbox(&ada.token).await.len() == 5
            })
            .await;
            eventually(&label, SOON, || async {
                app.mails_to(&ada.email).len() == 5
            })
            .await;
            // Give a second copy every chance to show up.
            tokio::time::sleep(Duration::from_millis(300)).await;
            let inbox = app.inbox(&ada.token).await;
            assert_eq!(inbox.len(), 5, "{label}");
            assert_eq!(app.mails_to(&ada.email).len(), 5, "{label}");

            // Events about different orders may be handled side by side, in any order.
            let mut kinds: Vec<&str> = inbox.iter().map(|n| n.kind.as_str()).collect();
            kinds.sort_unstable();
            assert_eq!(
                kinds,
                [
                    "order_cancelled",
                    "order_cancelled",
                    "order_confirmed",
                    "payment_refunded",
                    "welcome"
                ],
                "{label}"
            );
            let mut seqs: Vec<i64> = inbox.iter().map(|n| n.seq).collect();
            seqs.sort_unstable();
            assert_eq!(seqs, [1, 2, 3, 4, 5], "{label}: numbered without gaps");
            let of = |order: Uuid, kind: NotificationKind| {
                inbox
                    .iter()
                    .find(|n| n.order_id == Some(order) && n.kind == kind)
                    .unwrap_or_else(|| panic!("{label}: no {kind} for {order}"))
            };
            let confirmed = of(paid, NotificationKind::OrderConfirmed);
            assert!(confirmed.subject.ends_with("is confirmed"), "{label}");
            assert!(confirmed.body.contains("25.98 EUR"), "{label}");
            assert_eq!(confirmed.order_status.as_deref(), Some("confirmed"));
            let declined = of(declined, NotificationKind::OrderCancelled);
            assert!(declined.subject.contains("did not go through"), "{label}");
            assert!(declined.body.contains("the card was declined"), "{label}");
            assert!(declined.body.contains("Nothing was charged"), "{label}");
            let by_customer = of(cancelled, NotificationKind::OrderCancelled);
            assert!(by_customer.body.contains("will be refunded"), "{label}");
            let refund = of(cancelled, NotificationKind::PaymentRefunded);
            assert!(refund.subject.starts_with("Refund of 25.98 EUR"), "{label}");
            assert_eq!(refund.order_status.as_deref(), Some("refunded"));

            // Each email says what its message says, to the reader, with a way out.
            let mails = app.mails_to(&ada.email);
            for message in &inbox {
                let matching: Vec<&String> = mails
                    .iter()
                    .filter(|m| m.contains(&format!("Subject: {}", message.subject)))
                    .collect();
                assert_eq!(matching.len(), 1, "{label}: {}", message.subject);
                assert!(matching[0].contains("List-Unsubscribe: <https://books.example/api/v1/notifications/unsubscribe?token="));
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_admin_is_known_but_not_welcomed() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let root = app.new_reader("Root");
        app.deliver(&registered(&root, Role::Admin)).await;
        app.deliver(&order_event(
            &root,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        let label = format!("{}: the admin's order", app.label);
        eventually(&label, SOON, || async {
            app.inbox(&root.token).await.len() == 1
        })
        .await;
        let inbox = app.inbox(&root.token).await;
        assert_eq!(inbox[0].kind, NotificationKind::OrderConfirmed, "{label}");
        assert!(
            app.accounts.lookups.lock().is_ok_and(|l| l.is_empty()),
            "{label}: no lookup was needed"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_event_about_an_unannounced_reader_waits_for_the_reader_and_is_not_lost() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        // Known to the user service, never announced here: looked up at once.
        let bea = app.new_reader("Bea");
        app.deliver(&order_event(
            &bea,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        let inbox = app.inbox(&bea.token).await;
        assert_eq!(inbox.len(), 1, "{}", app.label);
        assert!(inbox[0].body.contains("Hello Bea"), "{}", app.label);

        // Not known to the user service yet either: retried until it is.
        let cyd = crate::support::Reader {
            id: Uuid::now_v7(),
            email: format!("cyd-{}@example.com", Uuid::now_v7().simple()),
            name: "Cyd".into(),
            token: String::new(),
        };
        let cyd = crate::support::Reader {
            token: app.token(cyd.id, Role::Customer, &cyd.email),
            ..cyd
        };
        let event = order_event(&cyd, Uuid::now_v7(), "shipped", None, None, true);
        let bus = app.bus.clone();
        let pending = tokio::spawn(async move { bus.publish(&event).await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(app.inbox(&cyd.token).await.is_empty(), "{}", app.label);
        app.accounts.add(cyd.id, &cyd.email, "Cyd", Role::Customer);
        pending.await.unwrap().unwrap();
        let label = format!("{}: Cyd's message after the retries", app.label);
        eventually(&label, SOON, || async {
            app.inbox(&cyd.token).await.len() == 1
        })
        .await;
        assert_eq!(
            app.inbox(&cyd.token).await[0].kind,
            NotificationKind::OrderShipped
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn account_changes_readdress_later_messages_and_stale_ones_are_ignored() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let dan = app.reader("Dan").await;
        let older = updated(&dan, "dan-old@example.org", "Daniel Old", false);
        tokio::time::sleep(Duration::from_millis(5)).await;
        let newer = updated(&dan, "dan-new@example.org", "Daniel", false);
        app.deliver(&newer).await;
        app.deliver(&older).await; // arrives late: changes nothing
        let order = Uuid::now_v7();
        app.deliver(&order_event(&dan, order, "confirmed", None, None, true))
            .await;
        let label = format!("{}: the confirmation", app.label);
        eventually(&label, SOON, || async {
            app.mails_to("dan-new@example.org").len() == 1
        })
        .await;
        assert!(app.mails_to("dan-old@example.org").is_empty(), "{label}");
        let inbox = app.inbox(&dan.token).await;
        assert!(inbox[0].body.contains("Hello Daniel,"), "{label}");

        // Disabled: nothing more.
        app.deliver(&updated(&dan, "dan-new@example.org", "Daniel", true))
            .await;
        app.deliver(&order_event(&dan, order, "shipped", None, None, true))
            .await;
        assert_eq!(app.inbox(&dan.token).await.len(), 2, "{label}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_go_only_where_the_reader_chose() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let eve = app.reader("Eve").await;
        app.prefer(
            &eve,
            json!({"phone": null, "account": ["email", "in_app"], "orders": ["in_app"], "promotions": []}),
        )
        .await;
        app.deliver(&order_event(
            &eve,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        assert_eq!(app.inbox(&eve.token).await.len(), 2, "{}", app.label);
        assert_eq!(app.inbox(&eve.token).await[0].channels.len(), 1);

        app.prefer(
            &eve,
            json!({"phone": null, "account": [], "orders": ["email"], "promotions": []}),
        )
        .await;
        app.deliver(&order_event(
            &eve,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        assert_eq!(
            app.inbox(&eve.token).await.len(),
            2,
            "{}: email only stays out of the inbox",
            app.label
        );
        let label = format!("{}: the second confirmation by email", app.label);
        // The welcome and the second confirmation; not the first confirmation.
        eventually(&label, SOON, || async {
            app.mails_to(&eve.email).len() == 2
        })
        .await;

        app.prefer(
            &eve,
            json!({"phone": null, "account": [], "orders": [], "promotions": []}),
        )
        .await;
        app.deliver(&order_event(
            &eve,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(app.inbox(&eve.token).await.len(), 2, "{label}");
        assert_eq!(app.mails_to(&eve.email).len(), 2, "{label}");
    }
}
