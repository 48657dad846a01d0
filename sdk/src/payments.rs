//! Payments: the caller's own, the providers the store takes; refunds for admins
//! (`/api/v1/payments*`).

use futures_util::Stream;
use http::Method;
use serde::Deserialize;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::paging::paginate;
use crate::types::{Page, Payment, PaymentQuery, Provider, RefundRequest};

/// The payment endpoints; from [`Client::payments`].
#[derive(Debug, Clone, Copy)]
pub struct PaymentsApi<'a> {
    client: &'a Client,
}

impl Client {
    /// Payments and refunds.
    pub fn payments(&self) -> PaymentsApi<'_> {
        PaymentsApi { client: self }
    }
}

/// `GET /payments/providers` answers a list; read as a page too, so that either shape works.
#[derive(Deserialize)]
#[serde(untagged)]
enum Providers {
    List(Vec<Provider>),
    Page { items: Vec<Provider> },
}

impl PaymentsApi<'_> {
    /// `GET /payments`: one page of payments, newest first (admins: everyone's).
    pub async fn list(&self, query: &PaymentQuery) -> Result<Page<Payment>> {
        self.client
            .api(Method::GET, "payments")
            .query(query)
            .json()
            .await
    }

    /// `GET /payments`: every payment matching `query`, fetching pages as the stream is read.
    pub fn list_all(
        &self,
        query: PaymentQuery,
    ) -> impl Stream<Item = Result<Payment>> + Send + 'static {
        let client = self.client.clone();
        paginate(query.cursor.clone(), move |cursor| {
            let client = client.clone();
            let query = PaymentQuery {
                cursor,
                ..query.clone()
            };
            async move { client.payments().list(&query).await }
        })
    }

    /// `GET /payments?order_id=`: an order's payments (one, or none yet while it is pending).
    pub async fn for_order(&self, order_id: Uuid) -> Result<Vec<Payment>> {
        let query = PaymentQuery {
            order_id: Some(order_id),
            ..PaymentQuery::default()
        };
        Ok(self.list(&query).await?.items)
    }

    /// `GET /payments/{id}`.
    pub async fn get(&self, id: Uuid) -> Result<Payment> {
        self.client
            .api(Method::GET, &format!("payments/{id}"))
            .json()
            .await
    }

    /// `GET /payments/providers`: the providers this store takes, with what a token looks like
    /// for each.
    pub async fn providers(&self) -> Result<Vec<Provider>> {
        let providers: Providers = self
            .client
            .api(Method::GET, "payments/providers")
            .json()
            .await?;
        Ok(match providers {
            Providers::List(items) | Providers::Page { items } => items,
        })
    }

    /// `POST /payments/{id}/refund` (admin): gives the money back in full; a payment refunded
    /// already is answered as it is. A payment that is pending, failed or voided is `409`; a
    /// provider that refuses the refund is `502`. Not retried, so a refused refund is not asked
    /// for again behind the caller's back.
    pub async fn refund(&self, id: Uuid, refund: &RefundRequest) -> Result<Payment> {
        self.client
            .api(Method::POST, &format!("payments/{id}/refund"))
            .body(refund)
            .json()
            .await
    }
}
