//! The events this service publishes, written to the outbox inside the transaction of the
//! change they announce; the kit's relay publishes them afterwards.

use bookstore_kit::events::{Envelope, event_types, outbox};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::UserError;
use crate::store::users::UserRow;
use crate::store::{Conn, dispatch};

/// The `source` of every event this service publishes.
pub const SOURCE: &str = "user";

/// `user.registered`: a customer account was created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRegistered {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
}

/// Enqueues `user.registered` for `user` on `conn`, which must be inside the registration's
/// transaction.
pub async fn user_registered(conn: &mut Conn<'_>, user: &UserRow) -> Result<(), UserError> {
    let payload = UserRegistered {
        user_id: user.id,
        email: user.email.clone(),
        name: user.name.clone(),
    };
    let envelope = Envelope::from_payload(event_types::USER_REGISTERED, SOURCE, &payload)
        .map_err(anyhow::Error::from)?;
    dispatch!(conn, |c| outbox::enqueue(c, &envelope).await?);
    Ok(())
}
