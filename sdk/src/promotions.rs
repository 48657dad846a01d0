//! Promotions: offers an admin sends to the readers who opted in (`/api/v1/promotions*`).

use std::time::Duration;

use futures_util::{Stream, stream};
use http::Method;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::paging::paginate;
use crate::types::{NewPromotion, Page, PageQuery, Promotion, PromotionStatus};

/// The promotion endpoints (admin); from [`Client::promotions`].
#[derive(Debug, Clone, Copy)]
pub struct PromotionsApi<'a> {
    client: &'a Client,
}

impl Client {
    /// Publishing promotions and following their fan-out.
    pub fn promotions(&self) -> PromotionsApi<'_> {
        PromotionsApi { client: self }
    }
}

impl PromotionsApi<'_> {
    /// `POST /promotions` (admin) with a new `Idempotency-Key`: publishes a promotion. The
    /// answer (`202`) is the promotion `queued`; the service writes each reader's message in
    /// the background, and [`follow`](Self::follow) shows how far it has come.
    ///
    /// The key is made once for this call, so the client's own retries (after a connection
    /// failure, `429`, `502`, `503`, `504`) publish it at most once.
    pub async fn create(&self, promotion: &NewPromotion) -> Result<Promotion> {
        self.create_with_key(promotion, &crate::new_idempotency_key())
            .await
    }

    /// `POST /promotions` (admin) with the caller's `Idempotency-Key`: publishing again with the
    /// same key and promotion (after a failure whose outcome is unknown, say) answers the
    /// promotion the first request published instead of sending everyone a second copy; the
    /// same key with another promotion is refused (`422`).
    pub async fn create_with_key(&self, promotion: &NewPromotion, key: &str) -> Result<Promotion> {
        self.client
            .api(Method::POST, "promotions")
            .idempotency_key(key)
            .body(promotion)
            .json()
            .await
    }

    /// `GET /promotions` (admin): one page, newest first.
    pub async fn list(&self, query: &PageQuery) -> Result<Page<Promotion>> {
        self.client
            .api(Method::GET, "promotions")
            .query(query)
            .json()
            .await
    }

    /// `GET /promotions` (admin): every promotion, fetching pages as the stream is read.
    pub fn list_all(
        &self,
        query: PageQuery,
    ) -> impl Stream<Item = Result<Promotion>> + Send + 'static {
        let client = self.client.clone();
        paginate(query.cursor.clone(), move |cursor| {
            let client = client.clone();
            let query = PageQuery {
                cursor,
                ..query.clone()
            };
            async move { client.promotions().list(&query).await }
        })
    }

    /// `GET /promotions/{id}` (admin): the promotion and its progress.
    pub async fn get(&self, id: Uuid) -> Result<Promotion> {
        self.client
            .api(Method::GET, &format!("promotions/{id}"))
            .json()
            .await
    }

    /// Reads the promotion every `every` until it is `completed`: the stream yields each read
    /// (the first at once) and ends after the completed one, or after the first error.
    pub fn follow(
        &self,
        id: Uuid,
        every: Duration,
    ) -> impl Stream<Item = Result<Promotion>> + Send + 'static {
        let client = self.client.clone();
        // `Some(pause)` = a read still to make after that pause; `None` = done.
        stream::unfold(Some(Duration::ZERO), move |next| {
            let client = client.clone();
            async move {
                let pause = next?;
                tokio::time::sleep(pause).await;
                match client.promotions().get(id).await {
                    Ok(promotion) => {
                        let next =
                            (promotion.status != PromotionStatus::Completed).then_some(every);
                        Some((Ok(promotion), next))
                    }
                    Err(e) => Some((Err(e), None)),
                }
            }
        })
    }
}
