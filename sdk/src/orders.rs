//! Orders: place, follow, cancel; ship for admins (`/api/v1/orders*`).

use futures_util::{Stream, StreamExt};
use http::{Method, StatusCode};
use uuid::Uuid;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::notifications::{LiveEvent, LiveOptions};
use crate::paging::paginate;
use crate::types::{CancelOrder, NewOrder, Order, OrderQuery, Page, Unavailable};

mod wait;

use wait::Signal;
pub use wait::{Until, WaitOptions, WaitOutcome};

/// The order endpoints; from [`Client::orders`]. Every call needs a login: customers see and
/// change only their own orders.
#[derive(Debug, Clone, Copy)]
pub struct OrdersApi<'a> {
    client: &'a Client,
}

impl Client {
    /// Orders and their status.
    pub fn orders(&self) -> OrdersApi<'_> {
        OrdersApi { client: self }
    }
}

/// A fresh `Idempotency-Key` (a random UUID), for callers that keep the key of an order to be
/// able to repeat [`OrdersApi::place_with_key`] after an unknown outcome.
pub fn new_idempotency_key() -> String {
    Uuid::new_v4().to_string()
}

impl OrdersApi<'_> {
    /// `POST /orders` with a new `Idempotency-Key`: reserves the stock and starts the payment.
    /// The answer (`202`) is the order in `pending_payment`; [`wait`](Self::wait) follows it
    /// until it is settled.
    ///
    /// The key is made once for this call, so the client's own retries (after a connection
    /// failure, `429`, `502`, `503`, `504`) send the same key and the order is placed at most
    /// once. Not enough stock is a `409` that [`Error::out_of_stock`] reads.
    pub async fn place(&self, order: &NewOrder) -> Result<Order> {
        self.place_with_key(order, &new_idempotency_key()).await
    }

    /// `POST /orders` with the caller's `Idempotency-Key`: placing again with the same key (after
    /// a failure whose outcome is unknown, say) answers the order the first request placed
    /// instead of placing another.
    pub async fn place_with_key(&self, order: &NewOrder, key: &str) -> Result<Order> {
        self.client
            .api(Method::POST, "orders")
            .idempotency_key(key)
            .body(order)
            .json()
            .await
    }

    /// `GET /orders`: one page of orders, newest first (admins: everyone's, or one user's).
    pub async fn list(&self, query: &OrderQuery) -> Result<Page<Order>> {
        self.client
            .api(Method::GET, "orders")
            .query(query)
            .json()
            .await
    }

    /// `GET /orders`: every order matching `query`, fetching pages as the stream is read.
    /// `query.cursor` is where to start; `query.limit` is the page size.
    pub fn list_all(
        &self,
        query: OrderQuery,
    ) -> impl Stream<Item = Result<Order>> + Send + 'static {
        let client = self.client.clone();
        paginate(query.cursor.clone(), move |cursor| {
            let client = client.clone();
            let query = OrderQuery {
                cursor,
                ..query.clone()
            };
            async move { client.orders().list(&query).await }
        })
    }

    /// `GET /orders/{id}`: the order with its status history.
    pub async fn get(&self, id: Uuid) -> Result<Order> {
        self.client
            .api(Method::GET, &format!("orders/{id}"))
            .json()
            .await
    }

    /// `POST /orders/{id}/cancel`: releases or returns the stock and refunds a paid order. An
    /// order already cancelled, rejected or shipped is `409`. Not retried: a repeat of a
    /// cancel that went through would report that `409`.
    pub async fn cancel(&self, id: Uuid, cancel: &CancelOrder) -> Result<Order> {
        self.client
            .api(Method::POST, &format!("orders/{id}/cancel"))
            .body(cancel)
            .json()
            .await
    }

    /// `POST /orders/{id}/ship` (admin): a confirmed order is on its way. Anything but a
    /// confirmed order is `409`.
    pub async fn ship(&self, id: Uuid) -> Result<Order> {
        self.client
            .api(Method::POST, &format!("orders/{id}/ship"))
            .json()
            .await
    }

    /// Follows the order until `until` holds, the order reaches a final status that is not
    /// the one waited for, or `options.timeout` passes; see [`WaitOutcome`].
    ///
    /// `until` is a status (`OrderStatus::Confirmed`; met too by an order whose history has
    /// it), [`Until::Settled`] (anything but `pending_payment`), or a function of the status.
    ///
    /// With a login, the wait subscribes to the caller's live notifications first, then reads
    /// `GET /orders/{id}`, and reads it again whenever a message about this order arrives or
    /// the stream reconnects, with a slow poll as a safety net (see
    /// [`WaitOptions::max_poll_interval`]). While the stream is reconnecting, where it is not
    /// there (`404`, `503`: a store without the notification service) or gives up, and
    /// without a login, it polls: starting at `options.poll_interval` and slowing down to
    /// `options.max_poll_interval`.
    /// Once the order has been read, a failure worth retrying (a connection failure, a
    /// timeout, `429`, a `5xx`) does not end the wait; any other error does.
    pub async fn wait(
        &self,
        id: Uuid,
        until: impl Into<Until>,
        options: WaitOptions,
    ) -> Result<WaitOutcome> {
        self.wait_with(id, until, options, |_| {}).await
    }

    /// [`wait`](Self::wait), calling `on_change` with the first order read and again each time
    /// its status or its history changes (to print the changes as they happen).
    pub async fn wait_with(
        &self,
        id: Uuid,
        until: impl Into<Until>,
        options: WaitOptions,
        on_change: impl FnMut(&Order),
    ) -> Result<WaitOutcome> {
        let until = until.into();
        // The stream is the caller's own inbox: without a login there is none to follow.
        if self.client.token().is_none() {
            return wait::poll(|| self.get(id), &until, options, on_change).await;
        }
        let signals = self
            .client
            .notifications()
            .live(LiveOptions::default())
            .map(move |event| order_signal(id, event));
        wait::follow(
            || self.get(id),
            Some(Box::pin(signals)),
            &until,
            options,
            on_change,
        )
        .await
    }
}

/// What a live stream event means for the wait for order `id`.
fn order_signal(id: Uuid, event: Result<LiveEvent>) -> Signal {
    match event {
        Ok(LiveEvent::Connected) => Signal::Connected,
        Ok(LiveEvent::Notification(n)) if n.order_id == Some(id) => Signal::Changed,
        Ok(LiveEvent::Notification(_)) => Signal::Other,
        Ok(LiveEvent::Reconnecting { error, .. })
            if matches!(
                error.status(),
                Some(StatusCode::NOT_FOUND | StatusCode::SERVICE_UNAVAILABLE)
            ) =>
        {
            Signal::Lost
        }
        Ok(_) => Signal::Down,
        Err(_) => Signal::Lost,
    }
}

/// What a `409` out-of-stock answer to `POST /orders` says: the order was `rejected` at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfStock {
    /// The rejected order, kept with its status history (the problem's `order_id` member).
    pub order_id: Option<Uuid>,
    /// The lines the catalog could not reserve (the problem's `unavailable` member).
    pub unavailable: Vec<Unavailable>,
}

impl Error {
    /// The books that were out of stock, when this is the `409` of an order that could not be
    /// reserved; `None` for any other error (a `409` for an order already cancelled, say).
    pub fn out_of_stock(&self) -> Option<OutOfStock> {
        let problem = self.problem()?;
        let unavailable = problem.extension::<Vec<Unavailable>>("unavailable");
        if problem.status != 409 || (unavailable.is_none() && problem.slug() != "out-of-stock") {
            return None;
        }
        Some(OutOfStock {
            order_id: problem.extension("order_id"),
            unavailable: unavailable.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use http::StatusCode;

    use super::*;
    use crate::types::Problem;

    fn conflict(body: serde_json::Value) -> Error {
        Error::Api {
            status: StatusCode::CONFLICT,
            problem: Box::new(serde_json::from_value::<Problem>(body).unwrap()),
            request_id: None,
        }
    }

    #[test]
    fn out_of_stock_reads_the_extension_members() {
        let book = "0190d9a4-7e2b-7c4c-8f3e-1d2c3b4a5f60";
        let order = "0190d9a4-7e2b-7c4c-8f3e-1d2c3b4a5f61";
        let err = conflict(serde_json::json!({
            "type": "urn:bookstore:problem:out-of-stock", "title": "Not enough stock",
            "status": 409, "order_id": order,
            "unavailable": [{"book_id": book, "requested": 3, "available": 1}],
        }));
        let out = err.out_of_stock().unwrap();
        assert_eq!(out.order_id, Some(Uuid::parse_str(order).unwrap()));
        assert_eq!(out.unavailable[0].book_id, Uuid::parse_str(book).unwrap());
        assert_eq!(
            (out.unavailable[0].requested, out.unavailable[0].available),
            (3, 1)
        );

        let cancelled = conflict(serde_json::json!({
            "type": "urn:bookstore:problem:conflict", "title": "Conflict", "status": 409,
            "detail": "the order is already cancelled",
        }));
        assert_eq!(cancelled.out_of_stock(), None);
        assert_eq!(Error::Config("x".into()).out_of_stock(), None);
    }

    #[test]
    fn keys_are_fresh_uuids() {
        let (a, b) = (new_idempotency_key(), new_idempotency_key());
        assert_ne!(a, b);
        assert_eq!(Uuid::parse_str(&a).unwrap().get_version_num(), 4);
    }
}
