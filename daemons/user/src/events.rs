//! The events this service publishes, written to the outbox inside the transaction of the
//! change they announce; the kit's relay publishes them afterwards.

use bookstore_kit::events::payloads::{UserRegistered, UserUpdated};
use bookstore_kit::events::{Envelope, event_types, outbox};
use serde::Serialize;

use crate::error::UserError;
use crate::store::users::UserRow;
use crate::store::{Conn, dispatch};

/// The `source` of every event this service publishes.
pub const SOURCE: &str = "user";

async fn enqueue<T: Serialize>(
    conn: &mut Conn<'_>,
    event_type: &str,
    payload: &T,
) -> Result<(), UserError> {
    let envelope =
        Envelope::from_payload(event_type, SOURCE, payload).map_err(anyhow::Error::from)?;
    dispatch!(conn, |c| outbox::enqueue(c, &envelope).await?);
    Ok(())
}

/// Enqueues `user.registered` for `user` on `conn`, which must be inside the transaction that
/// created the account.
pub async fn user_registered(conn: &mut Conn<'_>, user: &UserRow) -> Result<(), UserError> {
    let payload = UserRegistered {
        user_id: user.id,
        email: user.email.clone(),
        name: user.name.clone(),
        role: user.role,
    };
    enqueue(conn, event_types::USER_REGISTERED, &payload).await
}

/// Enqueues `user.updated` with the account as `user` now is, inside the transaction that
/// changed it.
pub async fn user_updated(conn: &mut Conn<'_>, user: &UserRow) -> Result<(), UserError> {
    let payload = UserUpdated {
        user_id: user.id,
        email: user.email.clone(),
        name: user.name.clone(),
        role: user.role,
        disabled: user.disabled,
    };
    enqueue(conn, event_types::USER_UPDATED, &payload).await
}
