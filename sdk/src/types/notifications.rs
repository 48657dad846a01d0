//! Notifications, preferences, deliveries and promotions (`/api/v1/notifications`,
//! `/api/v1/promotions`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Declares a string enum with its wire names, `ALL`, `as_str`, `Display` and `FromStr`.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| {
                        format!(
                            "unknown {} `{s}` (expected one of {})",
                            stringify!($name).to_lowercase(),
                            $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                        )
                    })
            }
        }
    };
}

wire_enum! {
    /// How a message reaches its reader.
    Channel {
        /// An email (SMTP, or `.eml` files when no SMTP server is configured).
        Email = "email",
        /// A text message through the SMS provider, to the phone number in the preferences.
        Sms = "sms",
        /// The inbox (`GET /notifications`) and the live stream.
        InApp = "in_app",
    }
}

wire_enum! {
    /// What a message is about; preferences choose the channels per topic.
    Topic {
        /// The account itself: the welcome.
        Account = "account",
        /// What happens to the reader's orders and payments.
        Orders = "orders",
        /// Offers from the store: only to readers who opted in.
        Promotions = "promotions",
    }
}

wire_enum! {
    /// Which message it is.
    NotificationKind {
        /// `user.registered`.
        Welcome = "welcome",
        /// `order.confirmed`.
        OrderConfirmed = "order_confirmed",
        /// `order.cancelled`, whatever the cause (a declined payment, the payment timeout, the
        /// customer, an admin).
        OrderCancelled = "order_cancelled",
        /// `order.shipped`.
        OrderShipped = "order_shipped",
        /// `payment.refunded`.
        PaymentRefunded = "payment_refunded",
        /// A promotion an admin published.
        Promotion = "promotion",
    }
}

impl NotificationKind {
    /// The topic whose preferences decide the channels.
    pub fn topic(self) -> Topic {
        match self {
            NotificationKind::Welcome => Topic::Account,
            NotificationKind::OrderConfirmed
            | NotificationKind::OrderCancelled
            | NotificationKind::OrderShipped
            | NotificationKind::PaymentRefunded => Topic::Orders,
            NotificationKind::Promotion => Topic::Promotions,
        }
    }
}

/// One message to the signed-in user, as the inbox and the live stream show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: Uuid,
    /// The user's own sequence number, rising by one per message: the live stream's event id.
    pub seq: i64,
    pub kind: NotificationKind,
    pub topic: Topic,
    pub subject: String,
    /// Plain text.
    pub body: String,
    /// The order it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<Uuid>,
    /// The status the order reached (`confirmed`, `cancelled`, `shipped`), or `refunded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_status: Option<String>,
    /// The promotion it carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_id: Option<Uuid>,
    /// Where it was sent besides the inbox.
    pub channels: Vec<Channel>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    /// Opens a page that stops messages of this topic in the inbox; no token needed.
    pub unsubscribe_url: String,
}

/// `GET /notifications`: the inbox, newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// Only messages not yet read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `GET /notifications/summary`: what a badge needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSummary {
    /// Messages in the inbox not yet read.
    pub unread: i64,
    /// The newest message's `seq` (0 for none): the stream resumes after it.
    pub last_seq: i64,
}

/// `POST /notifications/read-all`: how many messages it marked read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkedRead {
    pub marked: i64,
}

/// `GET/PUT /notifications/preferences`: the channels per topic, and the phone number SMS go to.
///
/// Defaults: `account` and `orders` by email and in the inbox, no `promotions` (a reader opts
/// in). `PUT` replaces every member; `sms` needs a `phone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// E.164 (`+4915112345678`); `null` for none.
    #[serde(default)]
    pub phone: Option<String>,
    pub account: Vec<Channel>,
    pub orders: Vec<Channel>,
    pub promotions: Vec<Channel>,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            phone: None,
            account: vec![Channel::Email, Channel::InApp],
            orders: vec![Channel::Email, Channel::InApp],
            promotions: Vec::new(),
        }
    }
}

impl Preferences {
    /// The channels chosen for `topic`.
    pub fn channels(&self, topic: Topic) -> &[Channel] {
        match topic {
            Topic::Account => &self.account,
            Topic::Orders => &self.orders,
            Topic::Promotions => &self.promotions,
        }
    }

    /// The channels chosen for `topic`, to change.
    pub fn channels_mut(&mut self, topic: Topic) -> &mut Vec<Channel> {
        match topic {
            Topic::Account => &mut self.account,
            Topic::Orders => &mut self.orders,
            Topic::Promotions => &mut self.promotions,
        }
    }
}

wire_enum! {
    /// Where a delivery by email or SMS is.
    DeliveryStatus {
        /// Not sent yet: waiting for its first or next attempt.
        Pending = "pending",
        /// Handed to the SMTP server, written to the mail folder, or accepted by the SMS provider.
        Sent = "sent",
        /// Every attempt failed, or the provider refused it for good.
        Failed = "failed",
        /// Not attempted: no SMS provider is configured, or the reader has no phone number.
        Skipped = "skipped",
    }
}

/// One message on its way by email or SMS (admin: `GET /notifications/deliveries`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    pub id: Uuid,
    pub notification_id: Uuid,
    pub user_id: Uuid,
    pub kind: NotificationKind,
    pub channel: Channel,
    /// The email address or phone number it goes to.
    pub address: String,
    pub status: DeliveryStatus,
    /// Attempts so far.
    pub attempts: i32,
    /// Why the last attempt failed (or why it was skipped).
    pub last_error: Option<String>,
    /// When a pending delivery is tried next.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub promotion_id: Option<Uuid>,
}

/// `GET /notifications/deliveries` (admin): newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DeliveryStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

wire_enum! {
    /// Who a promotion is for; only those among them who opted in to promotions receive it.
    Audience {
        /// Every account.
        All = "all",
        /// Customers only.
        Customers = "customers",
        /// Admins only: to try a promotion out.
        Admins = "admins",
    }
}

/// `POST /promotions` (admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPromotion {
    /// One line, at most 200 characters.
    pub subject: String,
    /// Plain text, at most 10,000 characters.
    pub body: String,
    /// The channels to use; each reader gets those of them they chose for promotions.
    pub channels: Vec<Channel>,
    #[serde(default = "Audience::default_all")]
    pub audience: Audience,
}

impl Audience {
    fn default_all() -> Audience {
        Audience::All
    }
}

wire_enum! {
    /// Where a promotion's fan-out is.
    PromotionStatus {
        /// Published; the fan-out has not started.
        Queued = "queued",
        /// Messages are being written, a batch of readers at a time.
        Sending = "sending",
        /// Every reader of the audience has their message (emails and SMS may still be on
        /// their way: see `deliveries`).
        Completed = "completed",
    }
}

/// Deliveries of a promotion by email and SMS, by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
}

/// A promotion and how far its fan-out has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Promotion {
    pub id: Uuid,
    pub subject: String,
    pub body: String,
    pub channels: Vec<Channel>,
    pub audience: Audience,
    pub status: PromotionStatus,
    /// Readers who had opted in when the fan-out started (`null` until then).
    pub recipients: Option<i64>,
    /// Readers handled so far.
    pub processed: i64,
    /// Messages written (one per reader who gets any channel).
    pub notified: i64,
    pub deliveries: DeliveryCounts,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}
