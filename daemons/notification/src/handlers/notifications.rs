//! `/api/v1/notifications*`: the caller's inbox, marking it read, and the live stream.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use bookstore_kit::auth::AuthUser;
use bookstore_kit::http::{Json, Path, Query};
use bookstore_sdk::types::{
    MarkedRead, Notification, NotificationQuery, NotificationSummary, Page, Problem,
};
use uuid::Uuid;

use super::PROBLEM;
use crate::error::NotificationError;
use crate::listing::{self, RawInboxQuery};
use crate::state::AppState;
use crate::store::{self, notifications};
use crate::{on_conn, routes, stream, views};

/// The caller's inbox, newest first, a page at a time.
#[utoipa::path(
    get, path = routes::NOTIFICATIONS, tag = "notifications", security(("bearer" = [])),
    params(NotificationQuery),
    responses(
        (status = 200, description = "One page of the inbox", body = Page<Notification>),
        (status = 400, description = "A bad parameter: unread, limit or cursor", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    Query(raw): Query<RawInboxQuery>,
) -> Result<Json<Page<Notification>>, NotificationError> {
    let query = listing::inbox(&raw)?;
    let rows = on_conn!(&state.db, |conn| {
        notifications::inbox(
            conn,
            caller.sub,
            query.unread,
            query.before,
            query.limit + 1,
        )
        .await
    })?;
    let more = rows.len() as i64 > query.limit;
    let items = rows
        .into_iter()
        .take(query.limit as usize)
        .map(|row| views::notification(row, &state.links))
        .collect::<Result<Vec<_>, _>>()?;
    let next_cursor = more
        .then(|| items.last().map(|n| listing::inbox_cursor(n.seq)))
        .flatten();
    Ok(Json(Page { items, next_cursor }))
}

/// How many messages are unread, and the newest one's number.
#[utoipa::path(
    get, path = routes::SUMMARY, tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "The unread count", body = NotificationSummary),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn summary(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
) -> Result<Json<NotificationSummary>, NotificationError> {
    let (unread, last_seq) = on_conn!(&state.db, |conn| notifications::summary(conn, caller.sub)
        .await)?;
    Ok(Json(NotificationSummary { unread, last_seq }))
}

/// Marks one message read (marking it again changes nothing).
#[utoipa::path(
    post, path = routes::READ, tag = "notifications", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The message's id")),
    responses(
        (status = 200, description = "The message, read", body = Notification),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such message in the caller's inbox", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Notification>, NotificationError> {
    let row = on_conn!(&state.db, |conn| {
        if !notifications::mark_read(conn, caller.sub, id, store::now()).await? {
            return Err(NotificationError::NotFound("notification"));
        }
        notifications::find_in_inbox(conn, caller.sub, id)
            .await?
            .ok_or(NotificationError::NotFound("notification"))
    })?;
    Ok(Json(views::notification(row, &state.links)?))
}

/// Marks every message of the caller's inbox read.
#[utoipa::path(
    post, path = routes::READ_ALL, tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "How many were marked", body = MarkedRead),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn read_all(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
) -> Result<Json<MarkedRead>, NotificationError> {
    let marked = on_conn!(&state.db, |conn| {
        notifications::mark_all_read(conn, caller.sub, store::now()).await
    })?;
    Ok(Json(MarkedRead { marked }))
}

/// The caller's in-app messages as they arrive, as server-sent events (`event:
/// notification`, the message's `seq` as `id`, the message as JSON `data`), with keep-alive
/// comments. With `Last-Event-ID`, everything numbered after it comes first.
#[utoipa::path(
    get, path = routes::STREAM, tag = "notifications", security(("bearer" = [])),
    params(("Last-Event-ID" = Option<i64>, Header, description = "Resume after this message number")),
    responses(
        (status = 200, description = "The stream", content_type = "text/event-stream", body = String),
        (status = 400, description = "A malformed Last-Event-ID", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 503, description = "The service is shutting down", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn stream(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    headers: HeaderMap,
) -> Result<impl IntoResponse, NotificationError> {
    let last_event_id = match headers.get("last-event-id") {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(|v| v.trim().parse::<i64>().ok())
                .filter(|n| *n >= 0)
                .ok_or_else(|| {
                    NotificationError::field(
                        "Last-Event-ID",
                        "must be the number of a message (a non-negative integer)",
                    )
                })?,
        ),
    };
    let sse = stream::open(
        state.db.clone(),
        &state.hub,
        state.links.clone(),
        &caller,
        last_event_id,
        state.heartbeat,
        state.shutdown.clone(),
    )
    .await?;
    // Proxies must pass each event on as it comes.
    Ok((
        [("x-accel-buffering", "no"), ("cache-control", "no-cache")],
        sse,
    ))
}
