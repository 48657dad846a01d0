//! Unsubscribe links: the one in an email stops that topic by email without logging in, after
//! a confirming click; a forged or mangled link is refused.

use bookstore_kit::testing::{backends, eventually};
use serde_json::json;
use uuid::Uuid;

use crate::support::{SOON, TestApp, order_event};

#[tokio::test(flavor = "multi_thread")]
async fn the_link_in_an_email_stops_that_topic_by_email_only() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let xia = app.reader("Xia").await;
        app.deliver(&order_event(
            &xia,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        let label = format!("{}: the confirmation email", app.label);
        eventually(&label, SOON, || async {
            app.mails_to(&xia.email)
                .iter()
                .any(|m| m.contains("is confirmed"))
        })
        .await;
        let mail = app
            .mails_to(&xia.email)
            .into_iter()
            .find(|m| m.contains("is confirmed"))
            .unwrap_or_default();
        let link = mail
            .lines()
            .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
            .and_then(|l| l.strip_suffix('>'))
            .unwrap_or_default()
            .to_owned();
        let path = link.trim_start_matches("https://books.example");
        assert!(
            path.starts_with("/api/v1/notifications/unsubscribe?token="),
            "{label}: {link}"
        );

        // Following the link (as a mail scanner would) changes nothing.
        let page = app.send(reqwest::Method::GET, path, None, None).await;
        assert_eq!(page.status, 200, "{label}: {:?}", page.body);
        assert!(page.content_type.starts_with("text/html"));
        assert!(
            page.body
                .as_str()
                .unwrap_or_default()
                .contains("Stop order messages by email?")
        );
        let prefs = app
            .get("/api/v1/notifications/preferences", &xia.token)
            .await;
        assert_eq!(prefs.body["orders"], json!(["email", "in_app"]));

        let done = app.send(reqwest::Method::POST, path, None, None).await;
        assert_eq!(done.status, 200, "{label}");
        assert!(
            done.body
                .as_str()
                .unwrap_or_default()
                .contains("Unsubscribed")
        );
        let prefs = app
            .get("/api/v1/notifications/preferences", &xia.token)
            .await;
        assert_eq!(prefs.body["orders"], json!(["in_app"]), "{label}");
        assert_eq!(prefs.body["account"], json!(["email", "in_app"]), "{label}");

        let before = app.mails_to(&xia.email).len();
        app.deliver(&order_event(
            &xia,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        assert_eq!(
            app.inbox(&xia.token).await.len(),
            3,
            "{label}: still in the inbox"
        );
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(
            app.mails_to(&xia.email).len(),
            before,
            "{label}: no more email"
        );

        // The inbox's own link stops the topic in the inbox.
        let inbox_link = app.inbox(&xia.token).await[0].unsubscribe_url.clone();
        assert_ne!(inbox_link, link);
        let token = link.split("token=").nth(1).unwrap_or_default();
        for forged in [
            format!("{}x", &token[..token.len() - 1]),
            "AAAA".to_owned(),
            String::new(),
        ] {
            let answer = app
                .send(
                    reqwest::Method::POST,
                    &format!("/api/v1/notifications/unsubscribe?token={forged}"),
                    None,
                    None,
                )
                .await;
            assert_eq!(answer.status, 400, "{label}: {forged}");
        }
    }
}
