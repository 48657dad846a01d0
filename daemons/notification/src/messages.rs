//! The Factory of messages: what each event tells its reader, rendered from the templates
//! into a [`Draft`]; and, when one is sent, the email and SMS made from it.

use bookstore_kit::events::payloads::{OrderStatusChanged, PaymentRefunded};
use bookstore_sdk::types::{NotificationKind, Topic};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::templates::Templates;

/// A message before it has a reader's number and channels.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub kind: NotificationKind,
    pub subject: String,
    /// Plain text: the inbox shows it, the email's text part is it.
    pub body: String,
    /// What the HTML email needs besides subject and body.
    pub data: Value,
    pub order_id: Option<Uuid>,
    pub order_status: Option<String>,
    pub promotion_id: Option<Uuid>,
}

/// An email ready for a transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Builds drafts and renders them for each channel.
#[derive(Debug, Clone)]
pub struct Messages {
    templates: Templates,
    /// Where readers reach the store: the links in messages.
    store_url: String,
}

/// `0193A6F0`: the short reference an order goes by in messages.
pub fn order_ref(order_id: Uuid) -> String {
    order_id.simple().to_string()[..8].to_uppercase()
}

impl Messages {
    pub fn new(templates: Templates, store_url: &str) -> Messages {
        Messages {
            templates,
            store_url: store_url.trim_end_matches('/').to_owned(),
        }
    }

    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    pub fn store_url(&self) -> &str {
        &self.store_url
    }

    fn draft(&self, kind: NotificationKind, data: Value) -> anyhow::Result<Draft> {
        let subject = self
            .templates
            .render_line(&format!("{kind}.subject"), &data)?;
        let body = self.templates.render(&format!("{kind}.txt"), &data)?;
        Ok(Draft {
            kind,
            subject,
            body,
            order_id: data["order_id"].as_str().and_then(|s| s.parse().ok()),
            order_status: None,
            promotion_id: None,
            data,
        })
    }

    /// `user.registered`: the welcome.
    pub fn welcome(&self, name: &str) -> anyhow::Result<Draft> {
        self.draft(
            NotificationKind::Welcome,
            json!({ "name": name, "store_url": self.store_url }),
        )
    }

    /// `order.confirmed`, `order.cancelled` and `order.shipped`; `None` for a status no
    /// reader is told about.
    pub fn order_status(
        &self,
        change: &OrderStatusChanged,
        name: &str,
    ) -> anyhow::Result<Option<Draft>> {
        let kind = match change.status.as_str() {
            "confirmed" => NotificationKind::OrderConfirmed,
            "cancelled" => NotificationKind::OrderCancelled,
            "shipped" => NotificationKind::OrderShipped,
            _ => return Ok(None),
        };
        let data = json!({
            "name": name,
            "store_url": self.store_url,
            "order_id": change.order_id.to_string(),
            "order_ref": order_ref(change.order_id),
            "total": change.total.to_string(),
            "reason": change.reason,
            "cause": change.cause,
            "was_paid": change.was_paid,
        });
        let mut draft = self.draft(kind, data)?;
        draft.order_status = Some(change.status.clone());
        Ok(Some(draft))
    }

    /// `payment.refunded`.
    pub fn refunded(&self, refund: &PaymentRefunded, name: &str) -> anyhow::Result<Draft> {
        let data = json!({
            "name": name,
            "store_url": self.store_url,
            "order_id": refund.order_id.to_string(),
            "order_ref": order_ref(refund.order_id),
            "amount": refund.amount.to_string(),
            "reason": refund.reason,
        });
        let mut draft = self.draft(NotificationKind::PaymentRefunded, data)?;
        draft.order_status = Some("refunded".into());
        Ok(draft)
    }

    /// A promotion to one reader: the admin's subject and text as they are.
    pub fn promotion(&self, id: Uuid, subject: &str, body: &str, name: &str) -> Draft {
        Draft {
            kind: NotificationKind::Promotion,
            subject: subject.to_owned(),
            body: body.to_owned(),
            data: json!({ "name": name, "store_url": self.store_url }),
            order_id: None,
            order_status: None,
            promotion_id: Some(id),
        }
    }

    /// The email of a stored message; `unsubscribe_url` stops its topic by email.
    pub fn email(
        &self,
        kind: NotificationKind,
        subject: &str,
        body: &str,
        data: &Value,
        unsubscribe_url: &str,
    ) -> anyhow::Result<Email> {
        let mut context = match data {
            Value::Object(map) => map.clone(),
            _ => serde_json::Map::new(),
        };
        context.insert("subject".into(), json!(subject));
        context.insert("unsubscribe_url".into(), json!(unsubscribe_url));
        context.insert("why".into(), json!(why(kind.topic())));
        context
            .entry("store_url")
            .or_insert_with(|| json!(self.store_url));
        context.entry("name").or_insert_with(|| json!(""));
        if kind == NotificationKind::Promotion {
            let paragraphs: Vec<&str> = body
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            context.insert("paragraphs".into(), json!(paragraphs));
        }
        let html = self
            .templates
            .render(&format!("{kind}.html"), Value::Object(context.clone()))?;
        let footer = self
            .templates
            .render("footer.txt", Value::Object(context))?;
        Ok(Email {
            subject: subject.to_owned(),
            text: format!("{}\n{footer}\n", body.trim_end()),
            html,
        })
    }

    /// The text message of a stored message: short, with a way to stop promotions.
    pub fn sms(
        &self,
        kind: NotificationKind,
        subject: &str,
        unsubscribe_url: &str,
    ) -> anyhow::Result<String> {
        let stop = (kind.topic() == Topic::Promotions).then_some(unsubscribe_url);
        self.templates.render_line(
            "sms.txt",
            json!({ "subject": subject, "unsubscribe_url": stop }),
        )
    }
}

/// Why the reader gets messages of `topic`, for the footer.
fn why(topic: Topic) -> &'static str {
    match topic {
        Topic::Account => "You get this because you have a Bookstore account.",
        Topic::Orders => "You get this because you chose to hear about your orders by email.",
        Topic::Promotions => "You get this because you chose to receive offers by email.",
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use bookstore_sdk::types::Money;

    use super::*;

    fn messages() -> Messages {
        Messages::new(Templates::load().unwrap(), "https://books.example/")
    }

    fn change(status: &str, cause: Option<&str>, was_paid: bool) -> OrderStatusChanged {
        OrderStatusChanged {
            order_id: "0193a6f0-1234-7000-8000-000000000001".parse().unwrap(),
            user_id: Uuid::nil(),
            status: status.into(),
            reason: cause.map(|_| "card declined".to_owned()),
            cause: cause.map(str::to_owned),
            total: Money {
                amount: 2598,
                currency: "EUR".into(),
            },
            was_paid,
        }
    }

    #[test]
    fn every_order_status_reads_as_it_should() {
        let m = messages();
        let confirmed = m
            .order_status(&change("confirmed", None, true), "Ada")
            .unwrap()
            .unwrap();
        assert_eq!(confirmed.subject, "Order 0193A6F0 is confirmed");
        assert!(confirmed.body.contains("25.98 EUR"), "{}", confirmed.body);
        assert_eq!(confirmed.order_status.as_deref(), Some("confirmed"));
        assert_eq!(
            confirmed.order_id.map(|id| id.to_string()).as_deref(),
            Some("0193a6f0-1234-7000-8000-000000000001")
        );

        let declined = m
            .order_status(&change("cancelled", Some("payment_failed"), false), "Ada")
            .unwrap()
            .unwrap();
        assert_eq!(
            declined.subject,
            "Order 0193A6F0: the payment did not go through"
        );
        assert!(declined.body.contains("card declined"), "{}", declined.body);
        assert!(declined.body.contains("Nothing was charged"));

        let by_customer = m
            .order_status(&change("cancelled", Some("customer"), true), "Ada")
            .unwrap()
            .unwrap();
        assert!(by_customer.body.contains("as you asked"));
        assert!(by_customer.body.contains("will be refunded"));

        let shipped = m
            .order_status(&change("shipped", None, true), "Ada")
            .unwrap()
            .unwrap();
        assert_eq!(shipped.subject, "Order 0193A6F0 is on its way");
        assert!(
            m.order_status(&change("pending_payment", None, false), "Ada")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn emails_carry_the_footer_and_escape_html() {
        let m = messages();
        let draft = m.promotion(
            Uuid::nil(),
            "Spring <sale>",
            "Two for one.\n\nUntil <Sunday> & only here.",
            "Ada & Co",
        );
        let email = m
            .email(
                draft.kind,
                &draft.subject,
                &draft.body,
                &draft.data,
                "https://books.example/u?t=1",
            )
            .unwrap();
        assert!(email.html.contains("Until &lt;Sunday&gt; &amp; only here."));
        assert!(email.html.contains("Hello Ada &amp; Co"));
        assert!(email.html.contains("<title>Spring &lt;sale&gt;</title>"));
        // Attribute values are escaped whole (`/` too), which HTML reads back as the URL.
        assert!(
            email
                .html
                .contains("href=\"https:&#x2f;&#x2f;books.example&#x2f;u?t=1\""),
            "{}",
            email.html
        );
        assert!(email.text.starts_with("Two for one."));
        assert!(
            email
                .text
                .contains("Unsubscribe from these emails: https://books.example/u?t=1")
        );
        assert!(email.text.contains("offers by email"));
        let sms = m.sms(draft.kind, &draft.subject, "https://x/u").unwrap();
        assert_eq!(sms, "Bookstore: Spring <sale> Stop: https://x/u");
        let welcome = m.welcome("Ada").unwrap();
        assert_eq!(welcome.subject, "Welcome to Bookstore, Ada");
        let sms = m
            .sms(welcome.kind, &welcome.subject, "https://x/u")
            .unwrap();
        assert_eq!(sms, "Bookstore: Welcome to Bookstore, Ada");
    }
}
