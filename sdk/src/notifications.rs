//! Notifications: the caller's inbox, its live stream and preferences; deliveries by email and
//! SMS for admins (`/api/v1/notifications*`).

use futures_util::Stream;
use http::Method;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::paging::paginate;
use crate::types::{
    Delivery, DeliveryQuery, MarkedRead, Notification, NotificationQuery, NotificationSummary,
    Page, Preferences,
};

mod stream;

pub use stream::{LiveEvent, LiveOptions};

/// The notification endpoints; from [`Client::notifications`]. Every call needs a login: a
/// customer sees and changes only their own notifications and preferences.
#[derive(Debug, Clone, Copy)]
pub struct NotificationsApi<'a> {
    client: &'a Client,
}

impl Client {
    /// The inbox, its live stream, preferences and deliveries.
    pub fn notifications(&self) -> NotificationsApi<'_> {
        NotificationsApi { client: self }
    }
}

impl NotificationsApi<'_> {
    /// `GET /notifications`: one page of the caller's inbox, newest first.
    pub async fn list(&self, query: &NotificationQuery) -> Result<Page<Notification>> {
        self.client
            .api(Method::GET, "notifications")
            .query(query)
            .json()
            .await
    }

    /// `GET /notifications`: every message matching `query`, fetching pages as the stream is
    /// read. `query.cursor` is where to start; `query.limit` is the page size.
    pub fn list_all(
        &self,
        query: NotificationQuery,
    ) -> impl Stream<Item = Result<Notification>> + Send + 'static {
        let client = self.client.clone();
        paginate(query.cursor.clone(), move |cursor| {
            let client = client.clone();
            let query = NotificationQuery {
                cursor,
                ..query.clone()
            };
            async move { client.notifications().list(&query).await }
        })
    }

    /// `GET /notifications/summary`: how many messages are unread, and the newest one's `seq`
    /// (to resume the [`live`](Self::live) stream after it).
    pub async fn summary(&self) -> Result<NotificationSummary> {
        self.client
            .api(Method::GET, "notifications/summary")
            .json()
            .await
    }

    /// `POST /notifications/{id}/read`: marks one message read and answers it. Someone else's
    /// message is `404`. Retried like a `PUT`: marking twice is marking once.
    pub async fn mark_read(&self, id: Uuid) -> Result<Notification> {
        self.client
            .api(Method::POST, &format!("notifications/{id}/read"))
            .idempotent()
            .json()
            .await
    }

    /// `POST /notifications/read-all`: marks every unread message read; answers how many that
    /// was. Not retried: a repeat of a call that went through would report none.
    pub async fn mark_all_read(&self) -> Result<MarkedRead> {
        self.client
            .api(Method::POST, "notifications/read-all")
            .json()
            .await
    }

    /// `GET /notifications/preferences`: the channels per topic, and the phone number.
    pub async fn preferences(&self) -> Result<Preferences> {
        self.client
            .api(Method::GET, "notifications/preferences")
            .json()
            .await
    }

    /// `PUT /notifications/preferences`: replaces every member and answers what is stored.
    /// `sms` in any topic without a `phone` is `400` with a field error on `phone`.
    pub async fn set_preferences(&self, preferences: &Preferences) -> Result<Preferences> {
        self.client
            .api(Method::PUT, "notifications/preferences")
            .body(preferences)
            .json()
            .await
    }

    /// `GET /notifications/deliveries` (admin): one page of deliveries by email and SMS,
    /// newest first.
    pub async fn deliveries(&self, query: &DeliveryQuery) -> Result<Page<Delivery>> {
        self.client
            .api(Method::GET, "notifications/deliveries")
            .query(query)
            .json()
            .await
    }

    /// `GET /notifications/deliveries` (admin): every delivery matching `query`, fetching
    /// pages as the stream is read.
    pub fn deliveries_all(
        &self,
        query: DeliveryQuery,
    ) -> impl Stream<Item = Result<Delivery>> + Send + 'static {
        let client = self.client.clone();
        paginate(query.cursor.clone(), move |cursor| {
            let client = client.clone();
            let query = DeliveryQuery {
                cursor,
                ..query.clone()
            };
            async move { client.notifications().deliveries(&query).await }
        })
    }

    /// `POST /notifications/deliveries/{id}/retry` (admin): a failed delivery goes back to
    /// `pending` for another round of attempts. Any other status is `409`. Not retried: a
    /// repeat of a retry that went through would report that `409`.
    pub async fn retry_delivery(&self, id: Uuid) -> Result<Delivery> {
        self.client
            .api(
                Method::POST,
                &format!("notifications/deliveries/{id}/retry"),
            )
            .json()
            .await
    }

    /// `GET /notifications/stream`: the caller's messages as they are written, for as long as
    /// the stream is read; see [`LiveOptions`] and [`LiveEvent`].
    ///
    /// The stream reconnects by itself when the connection breaks, the server ends it (it does
    /// when the access token expires) or it falls silent for longer than
    /// [`LiveOptions::idle_timeout`], waiting longer after each failure in a row. Each
    /// connection carries the token the client holds at that moment, so a caller that
    /// refreshes the token with [`Client::set_token`] keeps the stream going; it resumes after
    /// the last message yielded (`Last-Event-ID`), so nothing is missed and no `seq` comes
    /// twice. It ends with an error after [`LiveOptions::max_retries`] failures in a row, and
    /// at once on `401` or `403` (log in again) or another answer that retrying cannot change
    /// (`404` from a store without the notification service, say).
    pub fn live(
        &self,
        options: LiveOptions,
    ) -> impl Stream<Item = Result<LiveEvent>> + Send + 'static {
        stream::live(self.client.clone(), options)
    }
}
