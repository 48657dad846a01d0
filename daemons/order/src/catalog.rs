//! The catalog as the order service sees it: stock reservations under `/internal/` (with the
//! service token) and the public book details a cart shows.
//!
//! Every call here is idempotent on the catalog's side (a reservation is keyed by the order
//! id), so the saga may repeat any of them after a crash or a lost answer.

use std::time::Duration;

use bookstore_kit::auth::ServiceToken;
use bookstore_sdk::types::{
    Book, OrderLine, Problem, Reservation, ReservationItem, ReservationRequest, Unavailable,
};
use reqwest::StatusCode;
use uuid::Uuid;

/// A call to the catalog failed in a way worth retrying: it could not be reached, timed out
/// or answered 5xx.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unreachable(pub String);

/// What reserving stock came to.
#[derive(Debug)]
pub enum Reserved {
    /// Every item is held, priced now.
    Held(Reservation),
    /// Not enough copies of these books; nothing is held.
    OutOfStock(Vec<Unavailable>),
}

/// What committing a reservation came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Committed {
    /// The copies are sold.
    Sold,
    /// The reservation was released (or expired, or never existed): the copies are gone.
    Gone,
}

/// The catalog's client; cloning shares the HTTP connection pool.
#[derive(Debug, Clone)]
pub struct Catalog {
    http: reqwest::Client,
    base: String,
    token: ServiceToken,
}

/// How long one call may take: the catalog answers in milliseconds when it is well.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

impl Catalog {
    pub fn new(http: reqwest::Client, base: &str, token: ServiceToken) -> Catalog {
        Catalog {
            http,
            base: base.trim_end_matches('/').to_owned(),
            token,
        }
    }

    /// Holds `lines` for `order_id`, all or none, for `ttl`.
    pub async fn reserve(
        &self,
        order_id: Uuid,
        lines: &[OrderLine],
        ttl: Duration,
    ) -> Result<Reserved, Unreachable> {
        let request = ReservationRequest {
            order_id,
            items: lines
                .iter()
                .map(|l| ReservationItem {
                    book_id: l.book_id,
                    quantity: l.quantity,
                })
                .collect(),
            ttl_secs: Some(ttl.as_secs().max(1)),
        };
        let response = self
            .internal(reqwest::Method::POST, "/internal/reservations")
            .json(&request)
            .send()
            .await
            .map_err(|e| Unreachable(format!("reserving stock: {e}")))?;
        match response.status() {
            s if s.is_success() => Ok(Reserved::Held(decode(response, "a reservation").await?)),
            StatusCode::CONFLICT => {
                let problem: Problem = decode(response, "an out-of-stock problem").await?;
                let unavailable = problem
                    .extensions
                    .get("unavailable")
                    .cloned()
                    .map(serde_json::from_value::<Vec<Unavailable>>)
                    .transpose()
                    .map_err(|e| Unreachable(format!("unreadable out-of-stock answer: {e}")))?
                    .unwrap_or_default();
                Ok(Reserved::OutOfStock(unavailable))
            }
            status => Err(unexpected(status, response, "reserving stock").await),
        }
    }

    /// The order was paid: sell the held copies.
    pub async fn commit(&self, order_id: Uuid) -> Result<Committed, Unreachable> {
        let path = format!("/internal/reservations/{order_id}/commit");
        let response = self
            .internal(reqwest::Method::POST, &path)
            .send()
            .await
            .map_err(|e| Unreachable(format!("committing stock: {e}")))?;
        match response.status() {
            s if s.is_success() => Ok(Committed::Sold),
            StatusCode::CONFLICT | StatusCode::NOT_FOUND => Ok(Committed::Gone),
            status => Err(unexpected(status, response, "committing stock").await),
        }
    }

    /// Gives the copies back, held or sold. A reservation the catalog does not know holds
    /// nothing, which is what releasing wants.
    pub async fn release(&self, order_id: Uuid) -> Result<(), Unreachable> {
        let path = format!("/internal/reservations/{order_id}/release");
        let response = self
            .internal(reqwest::Method::POST, &path)
            .send()
            .await
            .map_err(|e| Unreachable(format!("releasing stock: {e}")))?;
        match response.status() {
            s if s.is_success() => Ok(()),
            StatusCode::NOT_FOUND => Ok(()),
            status => Err(unexpected(status, response, "releasing stock").await),
        }
    }

    /// A book as the public sees it; `None` when the catalog has no such book.
    pub async fn book(&self, id: Uuid) -> Result<Option<Book>, Unreachable> {
        let response = self
            .http
            .get(format!("{}/api/v1/books/{id}", self.base))
            .headers(bookstore_kit::telemetry::trace_headers())
            .timeout(CALL_TIMEOUT)
            .send()
            .await
            .map_err(|e| Unreachable(format!("looking up a book: {e}")))?;
        match response.status() {
            s if s.is_success() => Ok(Some(decode(response, "a book").await?)),
            StatusCode::NOT_FOUND => Ok(None),
            status => Err(unexpected(status, response, "looking up a book").await),
        }
    }

    fn internal(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header(reqwest::header::AUTHORIZATION, self.token.bearer())
            // The catalog's span joins the order's trace.
            .headers(bookstore_kit::telemetry::trace_headers())
            .timeout(CALL_TIMEOUT)
    }
}

async fn decode<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    what: &str,
) -> Result<T, Unreachable> {
    response
        .json()
        .await
        .map_err(|e| Unreachable(format!("the catalog sent an unreadable {what}: {e}")))
}

/// An answer the order service has no use for: a 5xx is worth retrying; a 4xx means the two
/// services disagree (a wrong service token, say), which retrying will not fix but an
/// operator will, so it is reported the same way and logged loudly.
async fn unexpected(status: StatusCode, response: reqwest::Response, doing: &str) -> Unreachable {
    let body = response.text().await.unwrap_or_default();
    if status.is_client_error() {
        tracing::error!(%status, body, "the catalog refused a request {doing}");
    }
    Unreachable(format!("the catalog answered {status} {doing}"))
}
