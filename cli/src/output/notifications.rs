//! How notifications, preferences, promotions and deliveries print.

use bookstore_sdk::types::{
    Channel, Delivery, DeliveryCounts, DeliveryStatus, MarkedRead, Notification, Page, Preferences,
    Promotion, PromotionStatus, Topic,
};
use comfy_table::{Cell, Color, ColumnConstraint, Table};
use serde::Serialize;

use super::Render;
use super::table::{Style, finish, list_table, record_table, styled};
use super::users::time;

/// A wrapped id cannot be copied; the other columns give way instead.
fn keep_ids_whole(table: &mut Table, column: usize) {
    if let Some(id) = table.column_mut(column) {
        id.set_constraint(ColumnConstraint::ContentWidth);
    }
}

/// `email, in_app`, or `none`.
pub fn channel_list(channels: &[Channel]) -> String {
    if channels.is_empty() {
        return "none".to_owned();
    }
    channels
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn read_state(style: &Style, notification: &Notification) -> Cell {
    match notification.read_at {
        Some(_) => Cell::new("yes"),
        None => styled(style, "no", Color::Yellow),
    }
}

fn promotion_status(style: &Style, status: PromotionStatus) -> Cell {
    let color = match status {
        PromotionStatus::Queued | PromotionStatus::Sending => Color::Yellow,
        PromotionStatus::Completed => Color::Green,
    };
    styled(style, status, color)
}

fn delivery_status(style: &Style, status: DeliveryStatus) -> Cell {
    let color = match status {
        DeliveryStatus::Sent => Color::Green,
        DeliveryStatus::Pending => Color::Yellow,
        DeliveryStatus::Failed => Color::Red,
        DeliveryStatus::Skipped => Color::DarkGrey,
    };
    styled(style, status, color)
}

/// How far a promotion's fan-out has come: `2 of 4 readers (50%)`.
pub fn progress(promotion: &Promotion) -> String {
    match promotion.recipients {
        None => "not started".to_owned(),
        Some(0) => "no reader has opted in".to_owned(),
        Some(all) => format!(
            "{} of {all} {} ({}%)",
            promotion.processed,
            if all == 1 { "reader" } else { "readers" },
            promotion.processed.clamp(0, all) * 100 / all
        ),
    }
}

fn counts(c: &DeliveryCounts) -> String {
    format!(
        "pending {}, sent {}, failed {}, skipped {}",
        c.pending, c.sent, c.failed, c.skipped
    )
}

/// The body below a record, after a blank line, with the line ends a terminal expects.
fn with_body(mut text: String, body: &str) -> String {
    let body = body.trim_end();
    if !body.is_empty() {
        text.push('\n');
        text.push_str(body);
        text.push('\n');
    }
    text
}

impl Render for Notification {
    fn human(&self, style: &Style) -> String {
        let mut rows = vec![
            ("ID", Cell::new(self.id)),
            ("Seq", Cell::new(self.seq)),
            ("Kind", Cell::new(self.kind)),
            ("Subject", Cell::new(&self.subject)),
        ];
        if let Some(order) = self.order_id {
            let text = match &self.order_status {
                Some(status) => format!("{order} ({status})"),
                None => order.to_string(),
            };
            rows.push(("Order", Cell::new(text)));
        }
        if let Some(promotion) = self.promotion_id {
            rows.push(("Promotion", Cell::new(promotion)));
        }
        rows.extend([
            ("Also sent", Cell::new(channel_list(&self.channels))),
            ("Created", Cell::new(time(&self.created_at))),
            (
                "Read",
                Cell::new(self.read_at.as_ref().map_or("no".to_owned(), time)),
            ),
            ("Unsubscribe", Cell::new(&self.unsubscribe_url)),
        ]);
        let mut table = record_table(style, rows);
        keep_ids_whole(&mut table, 1);
        with_body(finish(&mut table), &self.body)
    }
}

impl Render for Page<Notification> {
    fn human(&self, style: &Style) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut table = list_table(style, &["ID", "SEQ", "CREATED", "READ", "KIND", "SUBJECT"]);
        for n in &self.items {
            table.add_row(vec![
                Cell::new(n.id),
                Cell::new(n.seq),
                Cell::new(time(&n.created_at)),
                read_state(style, n),
                Cell::new(n.kind),
                Cell::new(&n.subject),
            ]);
        }
        keep_ids_whole(&mut table, 0);
        finish(&mut table)
    }
}

/// A notification as `notifications watch` prints it: a line for people, or the notification's
/// own JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Arrived(pub Notification);

impl Render for Arrived {
    fn human(&self, _style: &Style) -> String {
        let n = &self.0;
        // A subject is one line; a server that breaks that must not break ours.
        let subject = n.subject.replace(['\n', '\r'], " ");
        format!(
            "{}  #{:<4}  {:<16}  {subject}\n",
            n.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
            n.seq,
            n.kind.as_str(),
        )
    }
}

impl Render for MarkedRead {
    fn human(&self, _style: &Style) -> String {
        match self.marked {
            1 => "1 notification marked read\n".to_owned(),
            n => format!("{n} notifications marked read\n"),
        }
    }
}

impl Render for Preferences {
    fn human(&self, style: &Style) -> String {
        let topic = |t: Topic| Cell::new(channel_list(self.channels(t)));
        let mut table = record_table(
            style,
            vec![
                ("Phone", Cell::new(self.phone.as_deref().unwrap_or("none"))),
                ("Account", topic(Topic::Account)),
                ("Orders", topic(Topic::Orders)),
                ("Promotions", topic(Topic::Promotions)),
            ],
        );
        finish(&mut table)
    }
}

impl Render for Promotion {
    fn human(&self, style: &Style) -> String {
        let mut rows = vec![
            ("ID", Cell::new(self.id)),
            ("Subject", Cell::new(&self.subject)),
            ("Status", promotion_status(style, self.status)),
            ("Audience", Cell::new(self.audience)),
            ("Channels", Cell::new(channel_list(&self.channels))),
            ("Progress", Cell::new(progress(self))),
            ("Messages", Cell::new(self.notified)),
            ("Deliveries", Cell::new(counts(&self.deliveries))),
            ("Created by", Cell::new(self.created_by)),
            ("Created", Cell::new(time(&self.created_at))),
        ];
        if let Some(at) = &self.started_at {
            rows.push(("Started", Cell::new(time(at))));
        }
        if let Some(at) = &self.completed_at {
            rows.push(("Completed", Cell::new(time(at))));
        }
        let mut table = record_table(style, rows);
        keep_ids_whole(&mut table, 1);
        with_body(finish(&mut table), &self.body)
    }
}

impl Render for Page<Promotion> {
    fn human(&self, style: &Style) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut table = list_table(
            style,
            &["ID", "STATUS", "AUDIENCE", "PROGRESS", "CREATED", "SUBJECT"],
        );
        for p in &self.items {
            let done = match p.recipients {
                Some(all) => format!("{}/{all}", p.processed),
                None => "-".to_owned(),
            };
            table.add_row(vec![
                Cell::new(p.id),
                promotion_status(style, p.status),
                Cell::new(p.audience),
                Cell::new(done),
                Cell::new(time(&p.created_at)),
                Cell::new(&p.subject),
            ]);
        }
        keep_ids_whole(&mut table, 0);
        finish(&mut table)
    }
}

impl Render for Delivery {
    fn human(&self, style: &Style) -> String {
        let mut rows = vec![
            ("ID", Cell::new(self.id)),
            ("Status", delivery_status(style, self.status)),
            ("Channel", Cell::new(self.channel)),
            ("Address", Cell::new(&self.address)),
            ("Kind", Cell::new(self.kind)),
            ("Attempts", Cell::new(self.attempts)),
        ];
        if let Some(error) = &self.last_error {
            rows.push(("Last error", Cell::new(error)));
        }
        if let Some(at) = &self.next_attempt_at {
            rows.push(("Next attempt", Cell::new(time(at))));
        }
        if let Some(at) = &self.sent_at {
            rows.push(("Sent", Cell::new(time(at))));
        }
        rows.extend([
            ("Notification", Cell::new(self.notification_id)),
            ("User", Cell::new(self.user_id)),
        ]);
        if let Some(promotion) = self.promotion_id {
            rows.push(("Promotion", Cell::new(promotion)));
        }
        rows.push(("Created", Cell::new(time(&self.created_at))));
        let mut table = record_table(style, rows);
        keep_ids_whole(&mut table, 1);
        finish(&mut table)
    }
}

impl Render for Page<Delivery> {
    fn human(&self, style: &Style) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut table = list_table(
            style,
            &[
                "ID",
                "CHANNEL",
                "STATUS",
                "ADDRESS",
                "ATTEMPTS",
                "CREATED",
                "LAST ERROR",
            ],
        );
        for d in &self.items {
            table.add_row(vec![
                Cell::new(d.id),
                Cell::new(d.channel),
                delivery_status(style, d.status),
                Cell::new(&d.address),
                Cell::new(d.attempts),
                Cell::new(time(&d.created_at)),
                Cell::new(d.last_error.as_deref().unwrap_or("")),
            ]);
        }
        keep_ids_whole(&mut table, 0);
        finish(&mut table)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use bookstore_sdk::types::{Audience, NotificationKind};
    use chrono::{DateTime, TimeZone, Utc};
    use uuid::Uuid;

    use super::*;
    use crate::args::Format;
    use crate::output::render;

    const NOTE: &str = "0193a6f0-0000-7000-8000-00000000f001";
    const ORDER: &str = "0193a6f0-0000-7000-8000-00000000d001";
    const PROMOTION: &str = "0193a6f0-0000-7000-8000-00000000c001";
    const DELIVERY: &str = "0193a6f0-0000-7000-8000-00000000a001";

    fn at(second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, second).unwrap()
    }

    fn id(s: &str) -> Uuid {
        Uuid::parse_str(s).unwrap()
    }

    fn notification() -> Notification {
        Notification {
            id: id(NOTE),
            seq: 42,
            kind: NotificationKind::OrderConfirmed,
            topic: Topic::Orders,
            subject: "Your order is confirmed".into(),
            body: "We are packing it.\n".into(),
            order_id: Some(id(ORDER)),
            order_status: Some("confirmed".into()),
            promotion_id: None,
            channels: vec![Channel::Email],
            created_at: at(1),
            read_at: None,
            unsubscribe_url: "http://127.0.0.1:8080/u/abc".into(),
        }
    }

    fn promotion() -> Promotion {
        Promotion {
            id: id(PROMOTION),
            subject: "Autumn sale".into(),
            body: "All books 20% off.".into(),
            channels: vec![Channel::Email, Channel::InApp],
            audience: Audience::Customers,
            status: PromotionStatus::Sending,
            recipients: Some(4),
            processed: 2,
            notified: 2,
            deliveries: DeliveryCounts {
                pending: 1,
                sent: 1,
                failed: 0,
                skipped: 0,
            },
            created_by: Uuid::nil(),
            created_at: at(0),
            started_at: Some(at(1)),
            completed_at: None,
        }
    }

    #[test]
    fn a_notification_prints_its_record_then_its_body() {
        let text = render(Format::Table, &Style::default(), &notification()).unwrap();
        assert_eq!(
            text,
            format!(
                "ID           {NOTE}\n\
                 Seq          42\n\
                 Kind         order_confirmed\n\
                 Subject      Your order is confirmed\n\
                 Order        {ORDER} (confirmed)\n\
                 Also sent    email\n\
                 Created      2026-11-26 10:00 UTC\n\
                 Read         no\n\
                 Unsubscribe  http://127.0.0.1:8080/u/abc\n\
                 \n\
                 We are packing it.\n"
            )
        );
    }

    #[test]
    fn the_inbox_and_watch_lines() {
        let mut read = notification();
        read.seq = 41;
        read.read_at = Some(at(2));
        let page = Page {
            items: vec![notification(), read],
            next_cursor: None,
        };
        assert_eq!(
            render(Format::Table, &Style::default(), &page).unwrap(),
            format!(
                "ID                                    SEQ  CREATED               READ  KIND             SUBJECT\n\
                 {NOTE}  42   2026-11-26 10:00 UTC  no    order_confirmed  Your order is confirmed\n\
                 {NOTE}  41   2026-11-26 10:00 UTC  yes   order_confirmed  Your order is confirmed\n"
            )
        );
        let line = Arrived(notification());
        assert_eq!(
            line.human(&Style::default()),
            "2026-11-26 10:00:01 UTC  #42    order_confirmed   Your order is confirmed\n"
        );
        // The JSON is the notification's own.
        assert_eq!(
            serde_json::to_value(&line).unwrap(),
            serde_json::to_value(notification()).unwrap()
        );
    }

    #[test]
    fn preferences_and_marked_read() {
        let preferences = Preferences {
            phone: Some("+4915112345678".into()),
            promotions: vec![Channel::Sms],
            ..Preferences::default()
        };
        assert_eq!(
            render(Format::Table, &Style::default(), &preferences).unwrap(),
            "Phone       +4915112345678\n\
             Account     email, in_app\n\
             Orders      email, in_app\n\
             Promotions  sms\n"
        );
        assert_eq!(
            Preferences::default().human(&Style::default()),
            "Phone       none\n\
             Account     email, in_app\n\
             Orders      email, in_app\n\
             Promotions  none\n"
        );
        assert_eq!(
            MarkedRead { marked: 1 }.human(&Style::default()),
            "1 notification marked read\n"
        );
        assert_eq!(
            MarkedRead { marked: 0 }.human(&Style::default()),
            "0 notifications marked read\n"
        );
    }

    #[test]
    fn a_promotion_shows_its_progress() {
        let text = render(Format::Table, &Style::default(), &promotion()).unwrap();
        assert_eq!(
            text,
            format!(
                "ID          {PROMOTION}\n\
                 Subject     Autumn sale\n\
                 Status      sending\n\
                 Audience    customers\n\
                 Channels    email, in_app\n\
                 Progress    2 of 4 readers (50%)\n\
                 Messages    2\n\
                 Deliveries  pending 1, sent 1, failed 0, skipped 0\n\
                 Created by  00000000-0000-0000-0000-000000000000\n\
                 Created     2026-11-26 10:00 UTC\n\
                 Started     2026-11-26 10:00 UTC\n\
                 \n\
                 All books 20% off.\n"
            )
        );
        let mut queued = promotion();
        queued.recipients = None;
        assert_eq!(progress(&queued), "not started");
        queued.recipients = Some(0);
        assert_eq!(progress(&queued), "no reader has opted in");
        queued.recipients = Some(1);
        queued.processed = 1;
        assert_eq!(progress(&queued), "1 of 1 reader (100%)");
        let page = Page {
            items: vec![promotion()],
            next_cursor: None,
        };
        assert_eq!(
            render(Format::Table, &Style::default(), &page).unwrap(),
            format!(
                "ID                                    STATUS   AUDIENCE   PROGRESS  CREATED               SUBJECT\n\
                 {PROMOTION}  sending  customers  2/4       2026-11-26 10:00 UTC  Autumn sale\n"
            )
        );
    }

    #[test]
    fn deliveries_list_and_record() {
        let delivery = Delivery {
            id: id(DELIVERY),
            notification_id: id(NOTE),
            user_id: Uuid::nil(),
            kind: NotificationKind::Promotion,
            channel: Channel::Sms,
            address: "+4915112345678".into(),
            status: DeliveryStatus::Failed,
            attempts: 5,
            last_error: Some("provider said no".into()),
            next_attempt_at: None,
            created_at: at(0),
            sent_at: None,
            promotion_id: Some(id(PROMOTION)),
        };
        let page = Page {
            items: vec![delivery.clone()],
            next_cursor: None,
        };
        assert_eq!(
            render(Format::Table, &Style::default(), &page).unwrap(),
            format!(
                "ID                                    CHANNEL  STATUS  ADDRESS         ATTEMPTS  CREATED               LAST ERROR\n\
                 {DELIVERY}  sms      failed  +4915112345678  5         2026-11-26 10:00 UTC  provider said no\n"
            )
        );
        let text = render(Format::Table, &Style::default(), &delivery).unwrap();
        assert!(text.starts_with(&format!("ID            {DELIVERY}\nStatus        failed\n")));
        assert!(text.contains("Last error    provider said no\n"), "{text}");
        assert!(
            text.contains(&format!("Promotion     {PROMOTION}\n")),
            "{text}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &Style::default(), &delivery).unwrap())
                .unwrap();
        assert_eq!(json["status"], "failed");
        assert_eq!(json["channel"], "sms");
    }
}
