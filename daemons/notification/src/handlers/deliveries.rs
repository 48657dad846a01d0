//! `/api/v1/notifications/deliveries*` (admins): emails and SMS on their way, sent, failed or
//! skipped, and a second chance for a failed one.

use axum::extract::State;
use bookstore_kit::auth::AdminUser;
use bookstore_kit::http::{Json, Path, Query};
use bookstore_sdk::types::{Delivery, DeliveryQuery, Page, Problem};
use uuid::Uuid;

use super::PROBLEM;
use crate::error::NotificationError;
use crate::listing::{self, RawDeliveryQuery};
use crate::state::AppState;
use crate::store::deliveries;
use crate::{on_conn, routes, views};

/// Deliveries, newest first, filtered.
#[utoipa::path(
    get, path = routes::DELIVERIES, tag = "deliveries", security(("bearer" = [])),
    params(DeliveryQuery),
    responses(
        (status = 200, description = "One page of deliveries", body = Page<Delivery>),
        (status = 400, description = "A bad parameter", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Query(raw): Query<RawDeliveryQuery>,
) -> Result<Json<Page<Delivery>>, NotificationError> {
    let (filter, limit) = listing::deliveries(&raw)?;
    let rows = on_conn!(&state.db, |conn| deliveries::list(conn, &filter, limit + 1)
        .await)?;
    let more = rows.len() as i64 > limit;
    let mut rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
    let next_cursor = more
        .then(|| {
            rows.last()
                .map(|r| listing::timed_cursor(r.created_at, &r.id))
        })
        .flatten();
    let items = rows
        .drain(..)
        .map(views::delivery)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(Page { items, next_cursor }))
}

/// Sends a failed delivery again: it goes back to pending, due now, with its attempts kept.
#[utoipa::path(
    post, path = routes::DELIVERY_RETRY, tag = "deliveries", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The delivery's id")),
    responses(
        (status = 200, description = "The delivery, pending again", body = Delivery),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such delivery", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not failed: nothing to retry", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn retry(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Delivery>, NotificationError> {
    let row = on_conn!(&state.db, |conn| {
        let retried = deliveries::retry(conn, id).await?;
        let row = deliveries::find(conn, id)
            .await?
            .ok_or(NotificationError::NotFound("delivery"))?;
        if !retried {
            return Err(NotificationError::NotRetryable(row.status));
        }
        Ok(row)
    })?;
    state.notifier.senders.notify_one();
    tracing::info!(admin.id = %admin.sub, delivery.id = %id, "delivery retried by an admin");
    Ok(Json(views::delivery(row)?))
}
