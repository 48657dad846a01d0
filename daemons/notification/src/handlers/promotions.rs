//! `/api/v1/promotions*` (admins): publishing a promotion and following its fan-out.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use bookstore_kit::auth::AdminUser;
use bookstore_kit::http::{Json, Path, Query, idempotency};
use bookstore_sdk::types::{FieldError, NewPromotion, Page, PageQuery, Problem, Promotion};
use uuid::Uuid;

use super::PROBLEM;
use crate::error::NotificationError;
use crate::listing::{self, RawPageQuery};
use crate::routes;
use crate::state::AppState;

/// Publishes a promotion; it reaches every reader of its audience who opted in to promotions,
/// on the channels both it and they name, in the background.
#[utoipa::path(
    post, path = routes::PROMOTIONS, tag = "promotions", security(("bearer" = [])),
    request_body = NewPromotion,
    params(("Idempotency-Key" = Option<String>, Header, description = "The admin's name for this request (a UUID, say): repeating it answers the promotion it published instead of publishing another")),
    responses(
        (status = 202, description = "Published; the fan-out has begun", body = Promotion),
        (status = 200, description = "A repeat of a request with the same Idempotency-Key: the promotion it published", body = Promotion),
        (status = 400, description = "A bad subject, body, channel list or Idempotency-Key", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
        (status = 422, description = "The Idempotency-Key was used for a different promotion", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    headers: HeaderMap,
    Json(new): Json<NewPromotion>,
) -> Result<(StatusCode, Json<Promotion>), NotificationError> {
    let key = match headers.get(idempotency::HEADER).map(|v| v.to_str()) {
        None => None,
        Some(Ok(key)) => Some(key),
        Some(Err(_)) => {
            return Err(NotificationError::Validation(vec![FieldError {
                field: "Idempotency-Key".into(),
                message: "must be printable ASCII".into(),
            }]));
        }
    };
    let (promotion, created) = state.promotions.publish(&admin, key, &new).await?;
    let status = if created {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(promotion)))
}

/// Promotions, newest first, with their progress.
#[utoipa::path(
    get, path = routes::PROMOTIONS, tag = "promotions", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of promotions", body = Page<Promotion>),
        (status = 400, description = "A bad limit or cursor", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Query(raw): Query<RawPageQuery>,
) -> Result<Json<Page<Promotion>>, NotificationError> {
    let (before, limit) = listing::page(&raw)?;
    let mut items = state.promotions.list(before, limit + 1).await?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    let next_cursor = more
        .then(|| {
            items
                .last()
                .map(|p| listing::timed_cursor(p.created_at.naive_utc(), &p.id.to_string()))
        })
        .flatten();
    Ok(Json(Page { items, next_cursor }))
}

/// One promotion and how far its fan-out has come.
#[utoipa::path(
    get, path = routes::PROMOTION, tag = "promotions", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The promotion's id")),
    responses(
        (status = 200, description = "The promotion", body = Promotion),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such promotion", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Promotion>, NotificationError> {
    Ok(Json(state.promotions.get(id).await?))
}
