//! `/internal/reservations*`: stock held for orders. Only services holding the service token
//! reach these; the gateway never routes `/internal/`.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bookstore_kit::auth::ServiceCaller;
use bookstore_kit::http::{Json, Path};
use bookstore_sdk::types::{Problem, Reservation, ReservationRequest};
use uuid::Uuid;

use super::PROBLEM;
use crate::error::CatalogError;
use crate::state::AppState;
use crate::{reservations, routes};

/// Reserve stock for an order, all items or none, priced now. The same order id again
/// answers the existing reservation (200), whatever its items.
#[utoipa::path(
    post, path = routes::RESERVATIONS, tag = "internal", security(("service" = [])),
    request_body = ReservationRequest,
    responses(
        (status = 201, description = "Reserved", body = Reservation),
        (status = 200, description = "The order already had this reservation", body = Reservation),
        (status = 400, description = "No items, a bad quantity or ttl", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No service token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Another token", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not enough stock; `errors` name the items (`items[i].quantity`)", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn reserve(
    State(state): State<AppState>,
    _: ServiceCaller,
    Json(request): Json<ReservationRequest>,
) -> Result<Response, CatalogError> {
    let (reservation, created) =
        reservations::reserve(&state.db, &request, state.reservation_ttl).await?;
    let location = routes::RESERVATION.replace("{order_id}", &reservation.order_id.to_string());
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, [(header::LOCATION, location)], Json(reservation)).into_response())
}

/// A reservation.
#[utoipa::path(
    get, path = routes::RESERVATION, tag = "internal", security(("service" = [])),
    params(("order_id" = Uuid, Path, description = "The order's id")),
    responses(
        (status = 200, description = "The reservation", body = Reservation),
        (status = 404, description = "No reservation for this order", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    _: ServiceCaller,
    Path(order_id): Path<Uuid>,
) -> Result<Json<Reservation>, CatalogError> {
    Ok(Json(reservations::get(&state.db, order_id).await?))
}

/// The order was paid: the reserved copies are sold. Idempotent.
#[utoipa::path(
    post, path = routes::RESERVATION_COMMIT, tag = "internal", security(("service" = [])),
    params(("order_id" = Uuid, Path, description = "The order's id")),
    responses(
        (status = 200, description = "Committed", body = Reservation),
        (status = 404, description = "No reservation for this order", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Already released (or expired)", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn commit(
    State(state): State<AppState>,
    _: ServiceCaller,
    Path(order_id): Path<Uuid>,
) -> Result<Json<Reservation>, CatalogError> {
    Ok(Json(reservations::commit(&state.db, order_id).await?))
}

/// Give the copies back: a failed payment, a cancelled order (paid or not). Idempotent.
#[utoipa::path(
    post, path = routes::RESERVATION_RELEASE, tag = "internal", security(("service" = [])),
    params(("order_id" = Uuid, Path, description = "The order's id")),
    responses(
        (status = 200, description = "Released; the copies are back in stock", body = Reservation),
        (status = 404, description = "No reservation for this order", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn release(
    State(state): State<AppState>,
    _: ServiceCaller,
    Path(order_id): Path<Uuid>,
) -> Result<Json<Reservation>, CatalogError> {
    Ok(Json(reservations::release(&state.db, order_id).await?))
}
